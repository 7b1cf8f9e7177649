"""The robust rewrite of a parsed KPI sentence, following the article: FROM -> TO, a horizon, a baseline period, an
absolute metric instead of a share, and guardrails on what the push can degrade.

The rewrite never invents a number: a value the sentence does not give is written `X` / `Y` in the sentence and
`~` in the YAML, with a comment saying how to fill it. The sentence parses back (`kpiguard check` reads it) to
the same KPI, and that KPI has no error-level finding.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kpiguard._i18n import Message
from kpiguard.language.draft import ends_before, owner_id
from kpiguard.language.grammar import Parse
from kpiguard.language.horizons import (
    SEASON_DAYS,
    Horizon,
    is_season,
    resolve_baseline,
    season_of,
    window_words,
)
from kpiguard.language.lexicon import load_lexicon
from kpiguard.language.quantities import Quantity, format_quantity
from kpiguard.lint.advice import (
    deadline_words,
    default_baseline,
    default_deadline,
    duration_cadence,
    period_words,
)

# How far a guarded metric may move, when the sentence does not say: nothing for what must not fall (the
# article's "sans dégrader le panier moyen"), a margin for what tends to rise with any push (unsubscribes).
TOLERANCE_UP = 0.0
TOLERANCE_DOWN = 0.2
MAX_GUARDRAILS = 3

NOTE_RELATIVE = Message(en="to: from x {factor} ({change}), once from is measured on the baseline period",
                        fr="to : from × {factor} ({change}), une fois from mesuré sur la période de référence")


def relative_factor(change: Quantity, lang: str) -> str:
    """The factor a relative change multiplies the FROM by: `0.9` (en), `0,9` (fr, a decimal comma)."""
    factor = f"{1 + change.value / 100:g}"
    return factor.replace(".", ",") if lang == "fr" else factor
NOTE_FROM = Message(en="from: the value over the baseline period (`kpiguard review` computes it)",
                    fr="from : la valeur sur la période de référence (`kpiguard review` la calcule)")
NOTE_TO = Message(en="to: the value to reach", fr="to : la valeur à atteindre")
NOTE_KEPT = Message(en="to: the level kept, the same value as from", fr="to : le niveau maintenu, la même valeur que from")
NOTE_SHARE = Message(en="instead of a share ({share}): its absolute numerator, with its denominator guarded",
                     fr="au lieu d'une part ({share}) : son numérateur absolu, avec son dénominateur protégé")
NOTE_SERVES = Message(
    en="serves: the outcome KPI this output moves (gross margin, revenue...), by its id in your spec (KG301)",
    fr="serves : le KPI d'outcome que cet output fait bouger (marge brute, CA...), par son id dans votre spec (KG301)")
NOTE_THRESHOLD = Message(en="thresholds are a starting point: set them from your own history",
                         fr="les seuils sont un point de départ : fixez-les d'après votre historique")


@dataclass(slots=True)
class PlannedGuardrail:
    metric: str
    thresholds: dict[str, float]


@dataclass(slots=True)
class RobustRewrite:
    """The rewritten KPI: as a sentence, as YAML to paste under `kpis:`, and as the data behind both."""

    sentence: str
    yaml: str
    metric: str
    data: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"sentence": self.sentence, "yaml": self.yaml, "metric": self.metric}


def _catalog():
    from kpiguard.catalog import builtin_metrics

    return builtin_metrics()


def _is_percent(metric: str) -> bool:
    found = _catalog().get(metric)
    return found is not None and found.unit == "%"


def _flavor(metric: str) -> str | None:
    found = _catalog().get(metric)
    if found is None or not found.is_ratio:
        return None
    return found.ratio_of or "rate"


def default_horizon(today: date) -> Horizon:
    """The end of this year, or of next year in the last quarter (a target needs time to move)."""
    return Horizon(str(default_deadline(today).year))


def plan_guardrails(metric: str, parse: Parse, share_of: str | None) -> list[PlannedGuardrail]:
    """The sentence's own guardrails, then what the article asks for, up to MAX_GUARDRAILS in all."""
    catalog = _catalog()
    definition = catalog[metric]
    rails = [PlannedGuardrail(g.metric, g.thresholds()) for g in parse.guardrails if g.metric and g.thresholds()]
    taken = {r.metric for r in rails} | {metric}

    def add(name: str | None) -> None:
        if name is None or name in taken or name not in catalog or len(rails) >= MAX_GUARDRAILS:
            return
        down = catalog[name].direction == "down"
        rails.append(PlannedGuardrail(name, {"max_increase": TOLERANCE_DOWN} if down else
                                      {"max_decrease": TOLERANCE_UP}))
        taken.add(name)

    for said in parse.guardrails:  # a guardrail whose threshold could not be read ("de plus de 2 pts"): kept
        if said.metric is not None and not said.thresholds():  # with the default tolerance, not dropped
            add(said.metric)
    if share_of is not None:  # the share's whole must not shrink while its part grows
        add(catalog[share_of].denominator)
    level = definition.level
    if level == "outcome":
        return rails
    if parse.direction == "reduce" and definition.direction == "up":  # fewer e-mails: the cut costs what they drive
        for name in _catalog_context().parents.get(metric, [])[:3] or ["margin"]:  # as KG106 names them
            add(name)
        return rails
    if level == "input" and _flavor(metric) is None:  # a volume of activity: the efficiency KG103 asks for
        add(_quality_of(metric))
    if _flavor(metric) == "rate":  # a rate rises by cutting its base: guard the base (or the volume it counts)
        add(definition.denominator if definition.direction == "down" else definition.numerator)
    if definition.direction == "down" and not definition.tradeoffs and _flavor(metric) is None:
        for name in _catalog_context().bases_of.get(metric, []):  # unsubscribes to cut: hold the e-mails delivered
            add(name)                                              # they are counted on (KG105)
    for name in definition.tradeoffs:
        add(name)
    if not rails:
        if _flavor(metric) == "average":
            add(definition.numerator)
        add("margin" if metric != "margin" else "revenue")
    return rails


@functools.lru_cache(maxsize=1)
def _catalog_context() -> Any:
    """The linter's view of the built-in catalog (trade-offs, drivers, bases), so that a rewrite guards what the
    rules ask for."""
    from kpiguard.lint.context import LintContext
    from kpiguard.spec.models import Spec

    return LintContext(Spec())


def _quality_of(metric: str) -> str:
    """The efficiency a volume tends to degrade, as KG103 names it (sessions -> conversion rate)."""
    from kpiguard.lint.rules.structure.KG103 import quality_metric

    return quality_metric(metric, _catalog_context()) or "revenue"  # (every catalog volume has one)


def _rewritten_metric(parse: Parse) -> tuple[str, str | None]:
    """(metric, share it replaces): a share becomes its absolute numerator, as the article does."""
    metric = parse.metric
    assert metric is not None
    if _flavor(metric) == "share":
        numerator = _catalog()[metric].numerator
        if numerator in _catalog():
            return numerator, metric
    return metric, None


def _fixed_percent(quantity: Quantity | None, metric: str) -> Quantity | None:
    """`Conversion à 5` on a percent metric means 5 %."""
    if quantity is not None and _is_percent(metric) and quantity.unit is None and 0 < quantity.value <= 100:
        return Quantity(quantity.value, "%", quantity.text)
    return quantity


def rewrite(parse: Parse, *, today: date, lang: str) -> RobustRewrite | None:
    """The robust version of a parsed KPI, or None when the sentence names no metric."""
    if parse.metric is None:
        return None
    metric, share_of = _rewritten_metric(parse)
    from_q = to_q = change = None
    if share_of is None:
        from_q, to_q, change = (_fixed_percent(parse.from_, metric), _fixed_percent(parse.to, metric),
                                parse.change)
        if parse.to_resolved or parse.from_resolved:
            change = None  # the TO is known: say FROM -> TO
    horizon = parse.horizon or default_horizon(today)
    deadline = horizon.deadline(today)
    per = parse.cadence if share_of is None and (to_q is not None or change is not None) \
        and _flavor(metric) is None else None  # "10 000 commandes par mois" is not 10 000 orders in all
    # a TO per period is compared with one period: the review judges a KPI on a window as long as its baseline
    # likewise a horizon said in weeks or days ("+10 % d'ici 3 semaines"): a quarter's baseline would judge a
    # window made mostly of days before the horizon began
    baseline = resolve_baseline(parse.baseline, today, deadline, horizon.label) if parse.baseline \
        else default_baseline(deadline, today, per or duration_cadence(horizon.label))
    if not ends_before(baseline, deadline):  # a past horizon, or a baseline after it: the year before the deadline
        baseline = str(deadline.year - 1)
    direction = parse.direction
    if direction not in ("increase", "reduce", "keep"):
        direction = "reduce" if _catalog()[metric].direction == "down" else "increase"
    rails = plan_guardrails(metric, parse, share_of)

    sentence = _sentence(metric, from_q, to_q, change, direction, horizon, baseline, rails, lang, today,
                         bound=parse.bound if share_of is None else None, per=per, window=parse.window,
                         currency=parse.currency, scope=parse.scope_words)
    data: dict[str, Any] = {"id": metric.replace("_", "-"), "statement": sentence, "metric": metric,
                            "level": _catalog()[metric].level, "baseline": baseline}
    if parse.owner is not None:  # "porté par l'équipe CRM": the team the sentence gives it to
        data["owner"] = owner_id(parse.owner)
    if parse.contributors:
        data["contributors"] = [owner_id(said) for said in parse.contributors]
    from kpiguard.lint.snippet import TODO, write_kpi

    target: dict[str, Any] = {
        "from": from_q.spec_value() if from_q is not None else TODO,
        "to": to_q.spec_value() if to_q is not None else TODO,
        "by": deadline,
    }
    data["target"] = target
    if parse.cadence:
        data["cadence"] = parse.cadence
    if rails:
        data["guardrails"] = [{"metric": r.metric, **r.thresholds} for r in rails]
    notes = []
    if share_of is not None:
        notes.append(NOTE_SHARE.render(lang, share=share_of))
    if target["from"] is TODO:
        notes.append(NOTE_FROM.render(lang))
    if target["to"] is TODO:
        if change is not None and change.unit == "%":
            notes.append(NOTE_RELATIVE.render(lang, factor=relative_factor(change, lang),
                                              change=format_quantity(change, lang, signed=True)))
        elif direction == "keep" and to_q is None and from_q is None:  # "Keep revenue flat": its level held
            notes.append(NOTE_KEPT.render(lang))
        else:
            notes.append(NOTE_TO.render(lang))
    if rails:
        notes.append(NOTE_THRESHOLD.render(lang))
    if data["level"] == "output":  # the article: an output is worth only the outcome it serves
        notes.append(NOTE_SERVES.render(lang))
    percent = {n for n in [metric] + [r.metric for r in rails] if _is_percent(n)}
    return RobustRewrite(sentence, write_kpi(data, percent, notes), metric, data)


# ---------------------------------------------------------------------------------------------------- sentences


def metric_name(metric: str, lang: str) -> str:
    names = load_lexicon().raw.get("names", {})
    entry = names.get(metric)
    return entry[lang] if entry else metric


def _of(name: str) -> str:
    """French "de" + article: le CA -> du CA, les références -> des références, la marge -> de la marge."""
    if name.startswith("le "):
        return "du " + name[3:]
    if name.startswith("les "):
        return "des " + name[4:]
    if name.startswith(("la ", "l'")):
        return "de " + name
    return "de " + name


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _calendar_label(horizon: Horizon, today: date) -> str:
    """"sur le trimestre" read on 2026-01-15 is 2026-Q1: a rewrite names the calendar period, not "the quarter"."""
    label = horizon.label
    deadline = horizon.deadline(today)
    if label in ("year", "next-year"):
        return str(deadline.year)
    if label in ("quarter", "next-quarter") or (len(label) == 2 and label[0] == "Q"):
        return f"{deadline.year}-Q{(deadline.month - 1) // 3 + 1}"
    if label in ("half", "next-half") or (len(label) == 2 and label[0] == "H"):
        return f"{deadline.year}-H{1 if deadline.month <= 6 else 2}"
    return label


# A season as a rewrite names it, with its year: "les soldes d'hiver 2027" / "the 2027 winter sales".
_SEASON_NAMES = {
    "black-friday": ("le Black Friday {y}", "Black Friday {y}"), "cyber-monday": ("le Cyber Monday {y}", "Cyber Monday {y}"),
    "bfcm": ("le BFCM {y}", "BFCM {y}"), "holiday-season": ("les fêtes de fin d'année {y}", "the {y} holiday season"),
    "winter-sales": ("les soldes d'hiver {y}", "the {y} winter sales"),
    "summer-sales": ("les soldes d'été {y}", "the {y} summer sales"),
    "black-friday-week": ("la semaine du Black Friday {y}", "Black Friday week {y}"),
    "easter": ("Pâques {y}", "Easter {y}"), "easter-weekend": ("le week-end de Pâques {y}", "the {y} Easter weekend"),
}


def season_name(season: str, year: int, lang: str, article: bool = True) -> str:
    """"les soldes d'hiver 2027", "the 2027 winter sales"; without the article after "base"/"baseline"."""
    if m := re.fullmatch(r"between-(.+)-and-(.+)", season):  # "between the winter sales and the summer sales 2026"
        first, second = (season_name(n, year, lang).replace(f" {year}", "").replace(f"{year} ", "") for n in m.groups())
        return f"entre {first} et {second} {year}" if lang == "fr" else f"between {first} and {second} {year}"
    name = _SEASON_NAMES[season][0 if lang == "fr" else 1].format(y=year)
    return name if article else re.sub(r"^(?:le|les|the)\s+", "", name)


def horizon_words(horizon: Horizon, today: date, lang: str) -> str:
    """"d'ici fin T3 2026", "by the end of June 2027", "d'ici le 24 décembre 2026": words, never an ISO date; a
    season is named with its year ("pendant les soldes d'hiver 2027", "before the 2027 summer sales")."""
    if (season := season_of(horizon.label, today)) is not None:
        name = season_name(*season, lang)
        if "before-" in horizon.label:
            return f"avant {name}" if lang == "fr" else f"before {name}"
        if "between-" in horizon.label:  # "between the winter sales and the summer sales 2026"
            return name
        if not is_season(horizon.label):  # "by Black Friday": the day itself
            return f"d'ici {name}" if lang == "fr" else f"by {name}"
        if lang == "fr":
            return f"pendant {name}"
        return f"on {name}" if season[0] in SEASON_DAYS else f"during {name}"
    label = _calendar_label(horizon, today)
    if label.isdigit():
        return f"d'ici fin {label}" if lang == "fr" else f"by the end of {label}"
    if len(label) == 7 and label[4:6] == "-Q":
        return f"d'ici fin T{label[6]} {label[:4]}" if lang == "fr" else f"by the end of Q{label[6]} {label[:4]}"
    if len(label) == 7 and label[4:6] == "-H":
        return f"d'ici fin S{label[6]} {label[:4]}" if lang == "fr" else f"by the end of H{label[6]} {label[:4]}"
    words = deadline_words(horizon.deadline(today), lang)
    return f"d'ici {words}" if lang == "fr" else f"by {words}"


def _amount(quantity: Quantity | None, lang: str, placeholder: str) -> str:
    return placeholder if quantity is None else format_quantity(quantity, lang)


def _guard_words(rail: PlannedGuardrail, lang: str, currency: str = "EUR") -> str:
    name = metric_name(rail.metric, lang)
    percent = _is_percent(rail.metric)
    money = _catalog()[rail.metric].unit == "{currency}"
    (kind, value), = rail.thresholds.items()

    def shown(v: float, relative: bool) -> str:
        if relative or percent:
            return format_quantity(Quantity(round(v * 100, 6), "%"), lang)
        return format_quantity(Quantity(v, currency if money else None), lang)  # "70 €", not "70"

    if lang == "fr":
        if kind in ("max_decrease", "max_increase"):
            word = "baisse" if kind == "max_decrease" else "hausse"
            more = f" de plus de {shown(value, True)}" if value else ""
            return f"sans {word} {_of(name)}{more}"
        return f"avec {name} à {shown(value, False)} {'minimum' if kind == 'min' else 'maximum'}"
    if kind in ("max_decrease", "max_increase"):
        word = "fall" if kind == "max_decrease" else "rise"
        more = f" of more than {shown(value, True)}" if value else ""
        return f"without a {word} in {name}{more}"
    return f"with {name} at {shown(value, False)} {'or more' if kind == 'min' else 'or less'}"


# "Maintenir le panier moyen au-dessus de 80 €": a kept floor or ceiling is said again, never turned into "at".
KEEP_WORDS = {("fr", None): "à", ("fr", "min"): "au-dessus de", ("fr", "max"): "sous",
              ("en", None): "at", ("en", "min"): "above", ("en", "max"): "below"}
PER_WORDS = {"day": ("par jour", "per day"), "week": ("par semaine", "per week"), "month": ("par mois", "per month"),
             "quarter": ("par trimestre", "per quarter"), "year": ("par an", "per year")}


def _sentence(metric: str, from_q: Quantity | None, to_q: Quantity | None, change: Quantity | None,
              direction: str, horizon: Horizon, baseline: str, rails: list[PlannedGuardrail], lang: str,
              today: date, *, bound: str | None = None, per: str | None = None, window: str | None = None,
              currency: str | None = None, scope: str | None = None) -> str:
    name = metric_name(metric, lang)
    if scope:  # "Black Friday", "à périmètre constant": the catalog metric, restricted as the sentence says
        name += f" ({scope})"
    each = f" {PER_WORDS[per][0 if lang == 'fr' else 1]}" if per in PER_WORDS else ""
    if window:  # "sur 12 mois glissants": the sentence's measuring window, said again
        each += " " + window_words(window, lang)
    if change is not None and from_q is None and to_q is None:  # with a TO, the TO is the target
        amount = format_quantity(Quantity(abs(change.value), change.unit), lang)
        if direction == "keep":  # "Limiter la baisse du panier moyen à 2 %": a change kept within a limit
            fall = change.value < 0
            core = f"Limiter la {'baisse' if fall else 'hausse'} {_of(name)} à {amount}{each}" if lang == "fr" else \
                f"Limit the {'drop' if fall else 'increase'} in {name} to {amount}{each}"
        elif lang == "fr":
            core = f"{'Réduire' if change.value < 0 else 'Augmenter'} {name} de {amount}{each}"
        else:
            core = f"{'Reduce' if change.value < 0 else 'Increase'} {name} by {amount}{each}"
    elif direction == "keep" and to_q is not None and from_q is None:
        at = KEEP_WORDS[("fr" if lang == "fr" else "en", bound)]
        core = f"Maintenir {name} {at} {_amount(to_q, lang, 'Y')}{each}" if lang == "fr" else \
            f"Keep {name} {at} {_amount(to_q, lang, 'Y')}{each}"
    elif direction == "keep" and to_q is None and from_q is None:
        # "Keep revenue flat in 2027", "Maintenir le CA": the level of the baseline held, X (it was "from X to Y")
        core = f"Maintenir {name} à X{each}" if lang == "fr" else f"Keep {name} at X{each}"
    else:
        start, end = _amount(from_q, lang, "X"), _amount(to_q, lang, "Y")
        if to_q is not None and bound in ("min", "max"):  # "Reduce unsubscribes below 0.3%": a ceiling, said again
            end = f"{end} {'minimum' if bound == 'min' else 'maximum'}" if lang == "fr" else \
                f"{'above' if bound == 'min' else 'below'} {end}"
        core = f"Faire passer {name} de {start} à {end}{each}" if lang == "fr" else \
            f"Take {name} from {start} to {end}{each}"
    when = horizon_words(horizon, today, lang)
    words = period_words(baseline, lang)
    if is_season(horizon.label) and (season := season_of(horizon.label, today)) is not None:
        words = season_name(season[0], int(baseline[:4]), lang, article=False)  # the same window, another year
    base = f"(base {words})" if lang == "fr" else f"(baseline {words})"
    currency = currency or next((q.unit for q in (from_q, to_q, change) if q is not None and q.is_currency), "EUR")
    parts = [f"{_capital(core)} {when} {base}"] + [_guard_words(r, lang, currency) for r in rails]
    return ", ".join(parts)


__all__ = ["RobustRewrite", "default_baseline", "default_horizon", "metric_name", "plan_guardrails", "rewrite"]
