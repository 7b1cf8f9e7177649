"""A small grammar over lexicon matches: a KPI sentence -> metric, scope, FROM, TO, change, horizon, guardrails.

The sentence is normalized, every lexicon phrase, quantity and horizon is matched, the longest matches win, and
the remaining words are either function words or reported as unknown. The grammar then reads the matches in order:
a guard phrase ("sans dégrader", "with a ... of at least") opens a guardrail clause; in the main clause, two numbers
joined by "à"/"to" are FROM and TO, a number after an increase/reduce verb and "de"/"by" is a change, any other
number is the TO, a percent "of" an amount asks for a share.
"""

from __future__ import annotations

import difflib
import itertools
import math
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kpiguard._i18n import LANGS, Localized, Message, get_lang
from kpiguard.language.horizons import (
    BASELINE,
    HALF_OVER_HALF,
    LAST_YEAR,
    MONTH_OVER_MONTH,
    PREVIOUS_PERIOD,
    QUARTER_OVER_QUARTER,
    SEASON_DAYS,
    STARTING,
    WINDOW,
    YEAR_OVER_YEAR,
    Horizon,
    baseline_label,
    horizon_label,
    resolve_deadline,
    season_dates,
    window_label,
)
from kpiguard.language.lexicon import Lexicon, load_lexicon
from kpiguard.language.quantities import (
    FACTOR,
    MULTIPLIER,
    MULTIPLY_VERBS,
    QUANTITY,
    Quantity,
    dollar_code,
    factor_change,
    factor_value,
    format_quantity,
    parse_quantity,
)
from kpiguard.language.text import Text, fold, normalize, unglue

KIND_OF = {"count": "volume", "amount": "amount"}
RATIO_KIND = {"share": "share", "rate": "rate", "average": "average"}
KINDS = ("share", "rate", "average", "volume", "amount")

# When two matches overlap, the lower tier wins (metric phrases first: they carry their own windows such as
# "à 90 jours"); within a tier, the longest.
_TIER = {"metric": 0, "unsupported": 0, "horizon": 1, "bad_date": 1, "base_period": 1, "window": 1, "guard": 2, "direction": 3, "threshold": 3, "cadence": 3,
         "share": 3, "baseline": 3, "current": 3, "fixed_change": 3, "fraction": 3, "mark": 3, "factor": 3, "arrow": 2, "owner": 2, "context": 2, "more": 3, "less": 3, "scope": 4, "sku": 4, "quantity": 5}

NOTES = {
    "window_assumed": Message(
        en="no window given for the repurchase rate: 90 days assumed (repurchase_rate_60d also exists)",
        fr="pas de fenêtre pour le taux de réachat : 90 jours supposés (repurchase_rate_60d existe aussi)"),
    "share_of_what": Message(
        en="a share of {metric} is asked but not of which channel or scope: pick one of the candidates",
        fr="une part de {metric} est demandée sans dire de quel canal ou périmètre : choisissez un des candidats"),
    "share_not_in_catalog": Message(
        en="the catalog has no share of {metric} restricted to \"{words}\" ({scope}): define a custom metric for it "
           "(the part in {scope} over the whole, drafted below), or better target its absolute part, with "
           "{metric} guarded",
        fr="le catalogue n'a pas de part de {metric} restreinte à « {words} » ({scope}) : définissez une métrique "
           "personnalisée (la part {scope} sur le total, ébauchée ci-dessous), ou mieux visez sa part absolue, "
           "avec {metric} protégé"),
    "rank": Message(
        en="{text!r} is a rank, not a value kpiguard can measure: name the metric that would show it and its number "
           "(\"Reach €12M revenue by the end of 2027\")",
        fr="« {text} » est un rang, pas une valeur que kpiguard sait mesurer : nommez la métrique qui le montrerait "
           "et son chiffre (« Atteindre 12 M€ de CA d'ici fin 2027 »)"),
    "stretch": Message(
        en="{text!r} is a stretch target, noted but not the target: the KPI is judged on {target}, the level the team "
           "commits to; track the stretch as a KPI of its own if it is to be reviewed",
        fr="« {text} » est une cible ambitieuse (stretch), notée mais pas la cible : le KPI est jugé sur {target}, le "
           "niveau auquel l'équipe s'engage ; suivez-la comme un KPI à part si elle doit être revue"),
    "nothing_read": Message(
        en="could not read a KPI here: no metric, number, verb or date recognised; write it as \"Increase revenue by "
           "10% by the end of 2027\"",
        fr="impossible de lire un KPI ici : aucune métrique, aucun chiffre, verbe ou date reconnu ; écrivez-le comme "
           "« Augmenter le CA de 10 % d'ici fin 2027 »"),
    "no_metric": Message(
        en="no metric of the catalog is named; pick one of the candidates or define a custom metric in the spec",
        fr="aucune métrique du catalogue n'est nommée ; choisissez un des candidats ou définissez une métrique "
           "personnalisée dans la spec"),
    "scope_not_in_catalog": Message(
        en="the catalog has no {metric} restricted to \"{words}\" ({scope}): define a custom metric for it (kept {metric})",
        fr="le catalogue n'a pas de {metric} restreint à « {words} » ({scope}) : définissez une métrique personnalisée "
           "(en attendant, la cible porte sur {metric} en entier)"),
    "second_target": Message(
        en="a second target: {text!r}; it is a KPI of its own (`kpiguard check` it alone; `kpiguard init` writes "
           "both)",
        fr="une deuxième cible : « {text} » ; c'est un KPI à part (vérifiez-la seule avec `kpiguard check` ; "
           "`kpiguard init` écrit les deux)"),
    "compared_change": Message(
        en="{text!r} is a change the target is compared with (another metric's, or last year's), not its FROM: not "
           "read; kpiguard checks a target on one metric, not a comparison of two (make the other a KPI of its own)",
        fr="« {text} » est une évolution à laquelle la cible est comparée (celle d'une autre métrique, ou de l'an "
           "dernier), pas son FROM : pas lue ; kpiguard vérifie une cible sur une métrique, pas la comparaison de "
           "deux (faites de l'autre un KPI à part)"),
    "extra_number": Message(en="number {text!r} not understood (only one target per sentence)",
                            fr="nombre « {text} » non compris (une seule cible par phrase)"),
    "guard_without_metric": Message(
        en="guardrail {text!r}: no metric of the catalog recognised in it; define it as a custom metric "
           "(`metrics:`) to guard it",
        fr="garde-fou « {text} » : aucune métrique du catalogue reconnue ; définissez-la comme métrique "
           "personnalisée (`metrics:`) pour la protéger"),
    "placeholder": Message(en="X and Y stand for values to fill in: measure the FROM on the baseline period",
                           fr="X et Y sont des valeurs à remplir : mesurez le FROM sur la période de référence"),
    "unsupported": Message(
        en="{text!r} is not a metric of the catalog: define it as a custom metric in the spec (`metrics:`)",
        fr="« {text} » n'est pas une métrique du catalogue : définissez-la comme métrique personnalisée (`metrics:`)"),
    "window": Message(
        en="{text!r} is the window the metric is measured over, not a deadline: the catalog metrics are measured "
           "per period, define a custom metric for a rolling window",
        fr="« {text} » est la fenêtre de mesure de la métrique, pas une échéance : le catalogue mesure par période, "
           "définissez une métrique personnalisée pour une fenêtre glissante"),
    "email_metric_elsewhere": Message(
        en="{metric} counts e-mails, but the sentence measures it on {scope}: define a custom metric for it",
        fr="{metric} compte des e-mails, mais la phrase le mesure sur {scope} : définissez une métrique personnalisée"),
    "baseline_after_horizon": Message(
        en="the baseline {baseline} does not end before the horizon ({by}): not kept; measure the FROM on a period "
           "before the deadline",
        fr="la période de référence {baseline} ne finit pas avant l'échéance ({by}) : pas gardée ; mesurez le FROM "
           "sur une période antérieure à l'échéance"),
    "restatement": Message(en="{text!r} restates the target in other words: not read as a guardrail",
                           fr="« {text} » redit la cible autrement : pas lu comme un garde-fou"),
    "guard_unit": Message(
        en="guardrail {text!r}: its number is not in the unit of its metric; no threshold read from it",
        fr="garde-fou « {text} » : son nombre n'est pas dans l'unité de sa métrique ; aucun seuil n'en est lu"),
    "guard_cadence": Message(
        en="guardrail {text!r}: a guardrail has no cadence of its own; its threshold holds over the KPI's whole period: "
           "write the limit for that period, or the measure per recipient as a custom metric",
        fr="garde-fou « {text} » : un garde-fou n'a pas de cadence propre ; son seuil vaut sur toute la période du KPI : "
           "écrivez la limite de cette période, ou la mesure par destinataire comme métrique personnalisée"),
    "guard_points": Message(
        en="guardrail {text!r}: a tolerance in points is no spec threshold (max_increase and max_decrease are "
           "relative, min and max are levels); none is read from it and the rewrite guards it with the default "
           "tolerance: write the level it may not cross (\"with the open rate at 20% or more\") or a percent",
        fr="garde-fou « {text} » : une tolérance en points n'est pas un seuil de spec (max_increase et max_decrease "
           "sont relatifs, min et max des niveaux) ; aucun seuil n'en est lu et la réécriture le protège avec la "
           "tolérance par défaut : écrivez le niveau à ne pas franchir (« avec un taux d'ouverture de 20 % min ») "
           "ou un pourcentage"),
    "season": Message(
        en="{text!r} is a window of the year, read as {season}: the target is measured over the next one and compared "
           "with the one a year before; if your dates differ, give them in the spec (`by`, and `baseline` as a range: 2026-01-07..2026-02-03)",
        fr="« {text} » est une période de l'année, lue comme {season} : la cible est mesurée sur la prochaine et "
           "comparée à celle d'un an avant ; si vos dates diffèrent, donnez-les dans la spec (`by`, et `baseline` en intervalle : 2026-01-07..2026-02-03)"),
    "starting": Message(
        en="{text!r} says when the target starts to hold: read as due by then; if it must be met later, or held until "
           "a date, say by when (\"by the end of Q2\")",
        fr="« {text} » dit quand la cible commence à s'appliquer : lue comme due à cette date ; si elle doit être "
           "atteinte plus tard, ou tenue jusqu'à une date, dites d'ici quand (« d'ici fin T2 »)"),
    "means": Message(
        en="{text!r} is how the target is to be reached, not the target: not read (the KPI is the result it is for)",
        fr="« {text} » est le moyen d'atteindre la cible, pas la cible : pas lu (le KPI est le résultat visé)"),
    "purpose": Message(
        en="{text!r} is what the target is for, not a target nor a guardrail: not read, and not checked (if it must "
           "hold, write it as a guardrail, \"without a fall in ...\", or as a KPI of its own)",
        fr="« {text} » est la finalité de la cible, ni une cible ni un garde-fou : pas lue, et pas vérifiée (si elle "
           "doit tenir, écrivez-la en garde-fou, « sans baisse de ... », ou en KPI à part)"),
    "context": Message(
        en="{text!r} is a condition the target is set under, neither a target nor a guardrail: not read, and not "
           "checked; if it must hold, write it as a guardrail (\"without a rise in ...\") or as a KPI of its own",
        fr="« {text} » est une condition dans laquelle la cible est fixée, ni une cible ni un garde-fou : pas lue, et "
           "pas vérifiée ; si elle doit tenir, écrivez-la en garde-fou (« sans hausse de ... ») ou en KPI à part"),
    "undated_event": Message(
        en="{text!r} names sales without saying which: no horizon read from it, and it does not narrow the metric; "
           "say which (\"during the winter sales\", \"before the summer sales\") or give a date (\"by 8 January 2027\")",
        fr="« {text} » nomme des soldes sans dire lesquels : aucun horizon n'en est lu, et ils ne restreignent pas la "
           "métrique ; dites lesquels (« pendant les soldes d'hiver », « avant les soldes d'été ») ou donnez une date "
           "(« d'ici le 8 janvier 2027 »)"),
    "duration": Message(
        en="{text!r} is a duration, not a value of the metric: no horizon read from it (write \"within 3 months\")",
        fr="« {text} » est une durée, pas une valeur de la métrique : aucun horizon n'en est lu (écrivez « d'ici 3 "
           "mois »)"),
    "tolerance": Message(
        en="{text!r} is a tolerance around the target, not a target: not read (a spec's target has none; say the "
           "end you commit to as a floor or a ceiling)",
        fr="« {text} » est une tolérance autour de la cible, pas une cible : pas lue (une cible de spec n'en a pas ; "
           "dites la borne sur laquelle vous vous engagez, plancher ou plafond)"),
    "target_range_min": Message(
        en="a range ({low} to {high}): its low end is kept as the target, a floor (the high end is a stretch)",
        fr="une fourchette ({low} à {high}) : son bas est gardé comme cible, un plancher (le haut est une ambition)"),
    "target_range_max": Message(
        en="a range ({low} to {high}): its high end is kept as the target, a ceiling (the low end is a stretch)",
        fr="une fourchette ({low} à {high}) : son haut est gardé comme cible, un plafond (le bas est une ambition)"),
    "change_range": Message(
        en="a range of change ({low} to {high}): its low end is kept as the target, the high end is a stretch",
        fr="une fourchette de variation ({low} à {high}) : le bas de la fourchette est gardé comme cible, le haut est "
           "une ambition"),
    "percent_of_count": Message(
        en="{text!r} is not counted in the unit the sentence gives (a percent of an amount, money for a count): it "
           "asks for a metric the catalog does not have; define it as a custom metric, or give the value in the "
           "metric's unit",
        fr="« {text} » ne se compte pas dans l'unité que donne la phrase (un pourcentage d'un montant, des euros pour "
           "un nombre) : elle demande une métrique que le catalogue n'a pas ; définissez-la comme métrique "
           "personnalisée, ou donnez la valeur dans l'unité de la métrique"),
    "quarters_span": Message(
        en="{text!r} spans several quarters, read as due by the end of the last ({last}) and judged on it: to judge the "
           "whole span, give the spec's `baseline` as the same days a year before (a range: {range})",
        fr="« {text} » couvre plusieurs trimestres, lu comme dû à la fin du dernier ({last}) et jugé sur lui : pour "
           "juger toute la période, donnez dans la spec la `baseline` des mêmes jours un an avant (un intervalle : "
           "{range})"),
    "no_target": Message(
        en="no number: this says which way to go, not where to arrive; give a FROM, a TO and a horizon (the rewrite "
           "writes X and Y for them)",
        fr="aucun chiffre : la phrase donne un sens, pas une cible ; donnez un FROM, un TO et un horizon (la "
           "réécriture les écrit X et Y)"),
    "misspelt_verb": Message(en="{text!r} read as {verb!r}", fr="« {text} » lu comme « {verb} »"),
    "impossible_to": Message(
        en="the change from the FROM gives {text}, a value the metric cannot have: check the change and its unit "
           "(points or percent)",
        fr="la variation depuis le FROM donne {text}, une valeur impossible pour la métrique : vérifiez la variation "
           "et son unité (points ou pourcentage)"),
    "bad_date": Message(en="{text!r} is not a date of the calendar: no horizon read from it",
                        fr="« {text} » n'est pas une date du calendrier : aucun horizon n'en est lu"),
    "bad_number": Message(en="{text!r} is a number too large to read: check its digits",
                          fr="« {text} » est un nombre trop grand pour être lu : vérifiez ses chiffres"),
    "year_ignored": Message(en="{text!r} looks like a year but is not read as a horizon",
                            fr="« {text} » ressemble à une année mais n'est pas lu comme un horizon"),
}


@dataclass(slots=True)
class Item:
    """One match in the sentence: a lexicon phrase, a quantity, a horizon, or a leftover word."""

    category: str
    value: Any
    start: int
    end: int
    text: str
    lang: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class ParsedGuardrail:
    """A guardrail the sentence states: `metric` and one threshold (fractions for percents)."""

    metric: str | None
    text: str
    max_increase: float | None = None
    max_decrease: float | None = None
    min: float | None = None
    max: float | None = None

    def thresholds(self) -> dict[str, float]:
        return {k: v for k in ("max_increase", "max_decrease", "min", "max")
                if (v := getattr(self, k)) is not None}

    def to_dict(self) -> dict[str, Any]:
        return {"metric": self.metric, "text": self.text, **self.thresholds()}


NOTE_METRIC = Message(en="{label}", fr="« {label} »")


def _as_said(values: dict[str, Any], lang: str | None) -> dict[str, Any]:
    """A catalog metric named in a note by its label in the note's language ("une part de « Chiffre d'affaires »"),
    not by its catalog name ("une part de revenue")."""
    from kpiguard._i18n import pick
    from kpiguard.catalog import builtin_metrics

    metric = builtin_metrics().get(values.get("metric") or "")
    if metric is None or not metric.label:
        return values
    return {**values, "metric": NOTE_METRIC.render(lang, label=pick(metric.label, lang))}


@dataclass(slots=True)
class Parse:
    """What a KPI sentence says, field by field; None where the sentence does not say it."""

    statement: str
    lang: str
    metric: str | None = None
    candidates: list[str] = field(default_factory=list)
    kind: str | None = None
    level: str | None = None
    scope: list[str] = field(default_factory=list)
    direction: str | None = None
    from_: Quantity | None = None
    to: Quantity | None = None
    change: Quantity | None = None
    to_resolved: bool = False
    from_resolved: bool = False  # the FROM comes from the TO and the change ("8 M€, +12 % vs 2026")
    bound: str | None = None  # "min" / "max": the TO is a floor or a ceiling ("au-dessus de 80 €", "under 0.3%")
    horizon: Horizon | None = None
    baseline: str | None = None
    cadence: str | None = None
    window: str | None = None  # "sur 12 mois glissants" -> P12M: the window the metric is measured over
    currency: str | None = None  # the first currency the sentence writes (EUR, USD, GBP), guardrails included
    guardrails: list[ParsedGuardrail] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    notes: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    part: str | None = None  # a target split off a longer sentence: its own words ("la marge de 3 points")
    scope_words: str | None = None  # "Black Friday": a scope no catalog metric measures, as the sentence says it
    unsupported: str | None = None  # "CAC", "taux de rebond": a measure the catalog does not compute, as said
    share_of: tuple[str, str] | None = None  # "25 % des commandes via l'e-mail": (orders, email), a share to draft
    owner: str | None = None  # "porté par l'équipe CRM": the team that owns the KPI, as said ("CRM")
    contributors: list[str] = field(default_factory=list)  # "porté par Growth et CRM": the teams named after it
    also: list[Parse] = field(default_factory=list)  # "... de 10 % tout en réduisant le stock de 5 %": other targets

    @property
    def usable(self) -> bool:
        """A metric was recognised: a draft KPI can be written."""
        return self.metric is not None

    def note_texts(self, lang: str | None = None) -> list[str]:
        return [NOTES[code].render(lang, **_as_said(values, lang)) for code, values in self.notes]

    def to_dict(self, today: date | None = None, lang: str | None = None) -> dict[str, Any]:
        return {
            "statement": self.statement,
            "lang": self.lang,
            "metric": self.metric,
            "candidates": self.candidates,
            "kind": self.kind,
            "level": self.level,
            "scope": self.scope,
            "direction": self.direction,
            "from": self.from_.to_dict() if self.from_ else None,
            "to": self.to.to_dict() if self.to else None,
            "to_resolved": self.to_resolved,
            "from_resolved": self.from_resolved,
            "bound": self.bound,
            "change": self.change.to_dict() if self.change else None,
            "horizon": self.horizon.to_dict(today) if self.horizon else None,
            "baseline": self.baseline,
            "cadence": self.cadence,
            "window": self.window,
            "unsupported": self.unsupported,
            "owner": self.owner,
            "contributors": self.contributors,
            "guardrails": [g.to_dict() for g in self.guardrails],
            "unknown": self.unknown,
            "notes": self.note_texts(lang),
        }


# ---------------------------------------------------------------------------------------------------- matching


def _matches(text: Text, lexicon: Lexicon) -> list[Item]:
    norm = text.norm
    found: list[Item] = []
    for phrase in lexicon.phrases:
        if not phrase.may_match(norm):
            continue
        # Overlapping matches too: "avec les nouveautés" may lose "avec" to a guard and still match "nouveautés".
        position = 0
        while (m := phrase.regex.search(norm, position)) is not None:
            start, end = _strip_span(norm, m.start(), m.end())
            if end > start:
                found.append(Item(phrase.category, phrase.value, start, end, text.source(start, end), phrase.lang,
                                  {"phrase": phrase.text, "matched": norm[start:end]}))
            position = m.start() + 1
    coded: list[tuple[int, int]] = []  # "75 $ CA": the dollar's code is the number's, never a word of its own
    for m in QUANTITY.finditer(norm):
        start, end = _strip_span(norm, m.start(), m.end())
        quantity, scale, explicit = parse_quantity(m, text.source(start, end))
        extra = {"scale": scale, "explicit": explicit}
        if dollar_code(m):
            coded.append((start, end))
        if not math.isfinite(quantity.value):  # 400 digits: kept as a value to fill in (X), and said
            quantity, extra["too_large"] = Quantity(0.0, quantity.unit, quantity.text, placeholder=True), True
        found.append(Item("quantity", quantity, start, end, quantity.text, None, extra))
    found = [i for i in found if i.category == "quantity" or not any(a < i.end and i.start < b for a, b in coded)]
    # "double-digit growth", "à deux chiffres": no number at all, and no doubling
    found = [i for i in found if not (i.category == "fixed_change" and re.match(r"[\s-]*digits?\b", norm[i.end:]))]
    for m in re.finditer(r"(?<![\w/.,])(?:de|by)\s+([1-9])\s?/\s?([2-9]|10)(?![\w/.,%€$£])(?!\s*(?:pts?|points?|pp|k|m)(?![a-z]))", norm):
        if int(m[1]) < int(m[2]):  # "de 1/3": a change by a fraction, the verb's way ("31/12/2025" is a date,
            start = m.start(1)     # "2/3 des clients" a share, "de 1/2 point" half a point)
            found.append(Item("fraction", round(int(m[1]) / int(m[2]) * 100, 6), start, m.end(),
                              text.source(start, m.end())))
    for m in MULTIPLIER.finditer(norm):  # "x2", "3x", "3 fois plus": a relative change (x0, x1 say nothing)
        start, end = _strip_span(norm, m.start(), m.end())
        if factor_value(m) > 1:
            found.append(Item("fixed_change", str(factor_change(factor_value(m))), start, end,
                              text.source(start, end)))
    if MULTIPLY_VERBS.search(norm) or re.search(r"(?<![a-z])par\s", norm):
        for m in FACTOR.finditer(norm):  # "multiplier par 3", "diviser par deux": the verb says which way
            start, end = _strip_span(norm, m.start(), m.end())
            if factor_value(m) > 1:
                found.append(Item("factor", factor_value(m), start, end, text.source(start, end)))
    # `X` and `Y` (capitals, alone) stand for values still to fill in, as kpiguard's own rewrites write them.
    for m in re.finditer(r"(?<![\w'])[XY](?![\w'])", text.original):
        start = text.offsets.index(m.start())
        found.append(Item("quantity", Quantity(0.0, None, m.group(0), placeholder=True), start, start + 1,
                          m.group(0), None, {"scale": 1.0, "explicit": False}))
    for m in re.finditer(r"->|=>|→", norm):  # "2,5 % -> 3 %": FROM -> TO (not a ">" threshold)
        found.append(Item("arrow", m.group(0), m.start(), m.end(), text.source(m.start(), m.end())))
    lang_guess = _guess_lang_quick(norm, lexicon)
    for regex, kind in lexicon.horizons:
        for m in regex.finditer(norm):
            label = horizon_label(kind, m, lexicon.months, lang_guess)
            if not label and kind in ("iso", "dmy", "day-month", "day-month-rel"):  # "31/02/2027": said, not numbers
                start, end = _strip_span(norm, m.start(), m.end())
                found.append(Item("bad_date", None, start, end, text.source(start, end)))
            elif label:
                start, end = _strip_span(norm, m.start(), m.end())
                base = m.groupdict().get("base")  # "entre 2025 et 2027"
                extra: dict[str, Any] = {"baseline": base} if base else {}
                if kind == "quarters" and "Q" in label:  # "Q2-Q3": no period of the spec's grains spans it
                    extra["span"] = text.source(start, end)
                    extra["before"] = _span_a_year_before(label, int(m["q"]))
                found.append(Item("horizon", Horizon(label, text.source(start, end)), start, end,
                                  text.source(start, end), extra=extra))
    found = [i for i in found if not _year_of_a_pair(i, norm)]
    for m in BASELINE.finditer(norm):
        start, end = _strip_span(norm, m.start(), m.end())
        found.append(Item("base_period", baseline_label(m.group("period")), start, end, text.source(start, end)))
    for m in PREVIOUS_PERIOD.finditer(norm):  # "2,9 M€ N-1": the year before ("M-1": the month before)
        start, end = _strip_span(norm, m.start(), m.end())
        found.append(Item("base_period", baseline_label("n-1") if m["unit"] == "n" else "last-month", start, end,
                          text.source(start, end)))
    for m in YEAR_OVER_YEAR.finditer(norm):  # "+20 % YoY", "en glissement annuel": against last year
        start, end = _strip_span(norm, m.start(), m.end())
        found.append(Item("base_period", "year-over-year", start, end, text.source(start, end), extra={"bare": True}))
    for m in LAST_YEAR.finditer(norm):  # "up 10% on last year", "−3% last year"
        start, end = _strip_span(norm, m.start(), m.end())
        found.append(Item("base_period", "last-year", start, end, text.source(start, end), extra={"bare": True}))
    for m in MONTH_OVER_MONTH.finditer(norm):  # "+5 % MoM": against the month before
        start, end = _strip_span(norm, m.start(), m.end())
        found.append(Item("base_period", "last-month", start, end, text.source(start, end), extra={"bare": True}))
    for m in QUARTER_OVER_QUARTER.finditer(norm):  # "+15 % QoQ": against the quarter before
        start, end = _strip_span(norm, m.start(), m.end())
        found.append(Item("base_period", "last-quarter", start, end, text.source(start, end), extra={"bare": True}))
    for m in HALF_OVER_HALF.finditer(norm):  # "+8 % H/H": against the half before
        start, end = _strip_span(norm, m.start(), m.end())
        found.append(Item("base_period", "last-half", start, end, text.source(start, end), extra={"bare": True}))
    for m in WINDOW.finditer(norm):  # "sur 12 mois glissants": how the metric is measured, not a deadline
        start, end = _strip_span(norm, m.start(), m.end())
        found.append(Item("window", window_label(m), start, end, text.source(start, end)))
    # "5 percent", "0.3 percentage points": a unit inside a number is not a share word
    units = [i for i in found if i.category == "quantity" and i.value.unit is not None]
    found = [i for i in found if i.category != "share" or
             not any(u.start <= i.start and i.end <= u.end for u in units)]
    return _select(found)


_PAIR_START = re.compile(r"(?:^|[^a-z0-9])(?:de|from)\s+\d[\d\s.,']*$")


def _span_a_year_before(label: str, first: int) -> str:
    """The days a span of quarters ending with `label` (`2027-Q3`, from Q2) covered a year before, as a spec range
    (`2026-04-01..2026-09-30`); `YYYY-04-01..YYYY-09-30` when the sentence gives no year."""
    year, last = (int(label[:4]) - 1, int(label[-1])) if label[:1] != "Q" else (None, int(label[-1]))
    end = {1: "03-31", 2: "06-30", 3: "09-30", 4: "12-31"}[last]
    y = str(year) if year else "YYYY"
    return f"{y}-{(first - 1) * 3 + 1:02d}-01..{y}-{end}"


def _year_of_a_pair(item: Item, norm: str) -> bool:
    """"Passer de 2000 à 2050 commandes": "à 2050" closes a pair of numbers, it is no horizon."""
    return item.category == "horizon" and re.fullmatch(r"20\d\d", item.value.label) is not None and \
        re.match(r"(?:a|to)\s+20\d\d$", norm[item.start:item.end]) is not None and \
        _PAIR_START.search(norm[:item.start].rstrip()) is not None


def _strip_span(norm: str, start: int, end: int) -> tuple[int, int]:
    while start < end and norm[start].isspace():
        start += 1
    while end > start and norm[end - 1].isspace():
        end -= 1
    return start, end


def _select(found: list[Item]) -> list[Item]:
    """By tier, then longest first; a match overlapping one already taken is dropped. A sale event ("the winter
    sales", "holiday sales", "Black Friday et Cyber Monday") comes first, so that the longer, the event, wins over
    "sales", over a horizon it overlaps ("before the summer sales": a word of deadline before it makes it a deadline
    again) and over the "et" it holds; so does a guard phrase naming the metric it guards ("without sending more
    emails" over "sending")."""
    metrics = [i for i in found if i.category == "metric"]
    events = {id(i) for i in found if i.category == "scope" and i.value == "sales_event"}
    # "without sending more emails": a guard phrase that names what it guards holds its metric's words ("sending")
    events |= {id(i) for i in found if i.category == "guard" and i.value in GUARDED_BY_NAME and
               any(i.start <= m.start and m.end <= i.end for m in metrics)}
    found.sort(key=lambda i: (0 if id(i) in events else _TIER.get(i.category, 4), -(i.end - i.start), i.start))
    taken: list[Item] = []
    used = [False] * (max((i.end for i in found), default=0) + 1)
    for item in found:
        if any(used[item.start:item.end]):
            continue
        for k in range(item.start, item.end):
            used[k] = True
        taken.append(item)
    return sorted(taken, key=lambda i: i.start)


def _guess_lang_quick(norm: str, lexicon: Lexicon) -> str:
    words = re.findall(r"[a-z]+", norm)
    fr = sum(w in lexicon.words("language_words", "fr") for w in words)
    en = sum(w in lexicon.words("language_words", "en") for w in words)
    return "fr" if fr > en else "en"


def _with_words(text: Text, items: list[Item]) -> list[Item]:
    """Interleave the leftover words (and symbols) between the matches."""
    out: list[Item] = []
    cursor = 0
    for item in items + [Item("end", None, len(text.norm), len(text.norm), "")]:
        for m in re.finditer(r"[a-z0-9]+(?:'[a-z]+)?|[^\sa-z0-9]", text.norm[cursor:item.start]):
            start, end = cursor + m.start(), cursor + m.end()
            word = m.group(0)
            if "'" in word and word != "'":  # elision: "l'acquisition" -> "l", "acquisition"
                head, tail = word.split("'", 1)
                out.append(Item("word", head, start, start + len(head), text.source(start, start + len(head))))
                out.append(Item("word", "'", start + len(head), start + len(head) + 1, "'"))
                s2 = start + len(head) + 1
                out.append(Item("word", tail, s2, end, text.source(s2, end)))
                continue
            out.append(Item("word", word, start, end, text.source(start, end)))
        if item.category != "end":
            out.append(item)
        cursor = item.end
    return out


def _slashes_as_commas(items: list[Item], text: Text) -> list[int]:
    """"CA T3 +12 % YoY / marge stable": a slash set apart by spaces between a clause and a metric separates them as a
    comma would (the metric after it was dropped); "CA / visiteur", "3 e-mails / semaine" keep their "per". The
    positions of such slashes in the normalized text."""
    found = []
    for k in range(1, len(items) - 1):
        item, before, after = items[k], items[k - 1], items[k + 1]
        spaced = text.norm[item.start - 1:item.start] == " " and text.norm[item.end:item.end + 1] == " "
        if item.category == "word" and item.value == "/" and spaced and after.category == "metric" and \
                before.category not in ("metric", "word", "scope"):
            found.append(item.start)
    return found


_RANK_WORDS = {"numero", "number", "#", "top", "no", "n°"}


def _ranks(items: list[Item], notes: list[tuple[str, dict[str, Any]]]) -> list[Item]:
    """"Être le n°1 du CRM", "Be the #1 beauty e-shop", "Entrer dans le top 3": a rank is no value of a metric (it was
    read as 1 e-mail sent); the number becomes a word, said in a note."""
    out = list(items)
    for k, item in enumerate(out):
        if item.category != "quantity" or item.value.unit is not None or k == 0:
            continue
        before = out[k - 1]
        said = fold(before.text).strip()
        if said == "°" and k > 1 and fold(out[k - 2].text).strip() == "n":
            said, first = "n°", out[k - 2]
        else:
            first = before
        if before.category == "word" and said in _RANK_WORDS:
            out[k] = Item("word", fold(item.text).strip(), item.start, item.end, item.text)
            mark = f"{first.text}{before.text}" if said == "n°" else first.text
            notes.append(("rank", {"text": f"{mark}{'' if said in ('n°', '#') else ' '}{item.text.strip()}"}))
    return out


# "Hit £5M revenue in 2027, stretch £5.5M", "stretch goal: £5.5M", "(£5.5M stretch)", "objectif stretch 5,5 M€":
# the words that say a number is a stretch, and those that may stand between them and it
_STRETCH = {"stretch", "ambitieux", "ambitieuse"}
_STRETCH_LINKS = {"goal", "target", "objective", "objectif", "cible", "of", "de", "d", "'", ":", "at", "a", "an",
                  "une", "un", "en", "as", "is", "est", "=", "("}


def _stretch(items: list[Item], text: Text, notes: list[tuple[str, dict[str, Any]]]) -> list[Item]:
    """A stretch target said beside the committed one ("Hit £5M revenue in 2027, stretch £5.5M") is no second
    target nor the target: its number and words are left out, said in a note (it was "number not understood" and
    "stretch" an unknown word). A stretch that is the sentence's only number is its target."""
    values = [k for k, i in enumerate(items) if i.category == "quantity"]
    for k, item in enumerate(items):
        if item.category != "word" or item.value not in _STRETCH or len(values) < 2:
            continue
        after = k + 1
        while after < len(items) and items[after].category == "word" and items[after].value in _STRETCH_LINKS:
            after += 1
        before = k - 1  # "(£5.5M stretch)", "with £5.5M as a stretch goal", "£5.5M (stretch)"
        while before > 0 and items[before].category == "word" and items[before].value in ("as", "a", "an", "en", "comme",
                                                                                          "("):
            before -= 1
        number = after if after < len(items) and items[after].category == "quantity" else \
            before if before >= 0 and items[before].category == "quantity" else None
        if number is None:
            continue
        first, last = (k, after) if number > k else (number, k)
        if number < k and first > 0 and items[first - 1].category == "word" and items[first - 1].value in ("with", "avec"):
            first -= 1
        while last + 1 < len(items) and items[last + 1].category == "word" and items[last + 1].value in ("goal", "target"):
            last += 1  # "£5.5M stretch goal"
        if any(i.text.strip() == "(" for i in items[first:last + 1]) and last + 1 < len(items) and \
                items[last + 1].text.strip() == ")":
            last += 1  # "£5.5M (stretch)": its bracket closes with it
        while first > 0 and items[first - 1].category == "word" and items[first - 1].value in ("objectif", "cible"):
            first -= 1  # "objectif stretch 5,5 M€"
        said = text.source(items[first].start, items[last].end).strip()
        if first > 0 and last + 1 < len(items) and items[first - 1].text.strip() == "(" and \
                items[last + 1].text.strip() == ")":
            first, last = first - 1, last + 1  # "(stretch goal: £5.5M)": the brackets go with it
        kept = next(items[j] for j in values if j != number)
        notes.append(("stretch", {"text": said, "target": kept.text.strip()}))
        return items[:first] + items[last + 1:]
    return items


def _percent_sign_as_share(items: list[Item]) -> list[Item]:
    """"Increase the % of orders with a discount code to 30%", "le % de commandes": a percent sign after an article
    and before "of" names a share, as "the share of" does (it was a word, and the share lost)."""
    out = list(items)
    for k in range(1, len(out) - 1):
        if out[k].category == "word" and out[k].value == "%" and out[k - 1].category == "word" and \
                out[k - 1].value in ("the", "our", "le", "notre") and out[k + 1].category == "word" and \
                out[k + 1].value in ("of", "de", "des", "du", "d"):
            out[k] = Item("share", "share", out[k].start, out[k].end, out[k].text)
    return out


_BASE_DETERMINERS = {"la", "une", "notre", "votre", "sa", "leur", "cette", "de", "l", "d"}


def _base_as_noun(items: list[Item]) -> list[Item]:
    """"(base 2025)" says a baseline, but "la base fidèle de 15 %", "notre base de 80 000 clients" name a customer
    base: after a determiner "base" is a noun, and the number after it no FROM."""
    out = list(items)
    for k in range(1, len(out)):
        item, before = out[k], out[k - 1]
        if item.category == "baseline" and fold(item.text).strip() == "base" and before.category == "word" and \
                before.value in _BASE_DETERMINERS:
            out[k] = Item("word", "base", item.start, item.end, item.text)
    return out


def _with_commas(text: Text, positions: list[int]) -> Text:
    norm, original = list(text.norm), list(text.original)
    for position in positions:
        norm[position] = original[text.offsets[position]] = ","
    return Text("".join(original), "".join(norm), text.offsets)


# "1 in 4 orders", "3 out of 10 customers", "1 commande sur 4", "un client sur trois", "2/3 des clients": a share
# written as a ratio of two counts is the percent it makes (25 %), read as "25 % des commandes" would be.
_RATIO_WORDS = {"in": ("in",), "out": ("out", "of"), "sur": ("sur",)}
_COUNT_WORDS = {"un": 1, "une": 1, "one": 1, "deux": 2, "two": 2, "trois": 3, "three": 3, "quatre": 4, "four": 4,
                "cinq": 5, "five": 5, "six": 6, "sept": 7, "seven": 7, "huit": 8, "eight": 8, "neuf": 9, "nine": 9,
                "dix": 10, "ten": 10}


_SCORE_WORDS = ("note", "rating", "score", "notation", "satisfaction", "csat", "nps", "avis", "review")


def _plain_count(item: Item, money: bool = False) -> float | None:
    """A whole number written without scale ("4", "quatre"), nor unit but a currency when `money` ("1 in 5 dollars
    of revenue", "1 euro sur 4": the money counted), else None."""
    if item.category == "quantity" and not item.value.placeholder and item.extra.get("scale", 1.0) == 1.0 and \
            (item.value.unit is None or money and item.value.is_currency) and \
            re.fullmatch(r"[$€£]?\s*\d{1,3}(?:\s*(?:[$€£]|euros?|dollars?|eur|usd))?", fold(item.text.strip())):
        return float(item.value.value)  # "4,5 sur 5" is a score, no count
    if item.category == "word" and item.value in _COUNT_WORDS:
        return float(_COUNT_WORDS[item.value])
    return None


def _ratio_at(items: list[Item], k: int) -> tuple[float, int, int] | None:
    """(percent, first index of the ratio's words after the count, index of its second count) for the ratio whose
    first count is items[k]: "N/M", "N in M", "N out of M", "N sur M", or with a noun of one or two words between
    ("1 commande sur 4", "un client sur trois"); the second count larger, and followed by no unit of time
    ("3 % sur 12 mois" is a window)."""
    n = _plain_count(items[k], money=True)
    if n is None or any(fold(i.text).strip().startswith(_SCORE_WORDS) for i in items[max(k - 3, 0):k]):
        return None  # "une note de 4 sur 5", "a rating of 4 out of 5": a score on a scale, no share
    money = items[k].category == "quantity" and items[k].value.is_currency  # "1 € sur 4": the second is plain
    if k + 2 < len(items) and items[k + 1].value == "/" and items[k + 1].start == items[k].end and \
            items[k + 2].category == "quantity" and items[k + 2].start == items[k + 1].end:
        m = _plain_count(items[k + 2])
        return (round(n / m * 100, 3), k + 1, k + 2) if m and n < m <= 100 and not money else None
    for gap in (0, 1, 2):
        j = k + 1 + gap
        if j >= len(items) or any(i.category not in ("word", "metric") or i.value in ("/", ",", ":")
                                  for i in items[k + 1:j]):
            break
        if items[j].category != "word" or items[j].value not in _RATIO_WORDS:
            continue
        words = _RATIO_WORDS[items[j].value]
        if [i.value for i in items[j:j + len(words)]] != list(words) or j + len(words) >= len(items):
            continue
        last = j + len(words)
        m = _plain_count(items[last], money=not money)
        after = items[last + 1] if last + 1 < len(items) else None
        if m and n < m <= 100 and not (after is not None and after.category in ("word", "horizon") and
                                       re.match(r"(?:jours?|j|mois|semaines?|ans?|days?|weeks?|months?|years?)\b",
                                                fold(after.text))):
            return round(n / m * 100, 3), j, last  # as a rewrite writes it: 33.333 %
    return None


def _ratio_of_counts(items: list[Item]) -> list[Item]:
    """Replace a ratio of two counts ("1 in 4", "2/3") by the percent it says, kept where its first count stands."""
    out = list(items)
    k = 0
    while k < len(out):
        found = _ratio_at(out, k)
        if found is None:
            k += 1
            continue
        percent, first, last = found
        said = " ".join(i.text for i in out[k:last + 1])
        out[k] = Item("quantity", Quantity(percent, "%", said), out[k].start, out[k].end, out[k].text, None,
                      {"scale": 1.0, "explicit": True, "ratio": True})
        del out[first:last + 1]
        # "de 1 client sur 5 à 1 sur 4": a plain noun inside the ratio is part of it (a metric's name stays: "1
        # commande sur 4" says which count)
        out[k + 1:first] = [i for i in out[k + 1:first] if i.category != "word"]
        k += 1
    return out


def detect_lang(items: list[Item], lexicon: Lexicon) -> str:
    score = {"fr": 0.0, "en": 0.0}
    for item in items:
        if item.category == "word":
            for lang in ("fr", "en"):
                if item.value in lexicon.words("language_words", lang):
                    score[lang] += 1
                elif item.value in lexicon.words("stopwords", lang) and re.search(r"[a-z]{3}", item.value) and \
                        item.value not in lexicon.words("stopwords", "en" if lang == "fr" else "fr"):
                    score[lang] += 0.5  # "Objectif", "goal": a word of one language only, if a weak sign
        elif item.lang in score and re.search(r"[a-z]", fold(item.text)):  # a bare "," tells no language
            other = "en" if item.lang == "fr" else "fr"
            if not _phrase_in(item, lexicon, other):
                score[item.lang] += 1.5
        elif item.category in ("horizon", "base_period", "window"):  # "en 2027", "d'ici fin 2026", "by Q3"
            for word in re.findall(r"[a-z]+", fold(item.text)):
                for lang in ("fr", "en"):
                    score[lang] += 0.5 * (word in lexicon.words("language_words", lang))
            if re.search(r"(?<![a-z])[ts][1-4](?![0-9])", fold(item.text)):  # "T4 2025", "S1": French quarters
                score["fr"] += 0.5
        elif item.category == "quantity" and re.search(r"\d,\d{1,2}(?!\d)", item.text):  # "0,3 pt": a French decimal
            score["fr"] += 0.5
        elif item.category == "quantity" and re.search(r"\d\.\d{1,2}(?!\d)", item.text):  # "0.3pt": an English one
            score["en"] += 0.5
    if score["fr"] == score["en"]:
        if any(i.category == "word" and re.search(r"[àâçéèêëîïôûùüœ]", i.text.lower()) for i in items):
            return "fr"
        written = _written_like(items)  # "12 M€", "OKR T3 :": no word of either language, but French typography
        if written == 0:  # "???", "NPS 45": nothing tells; the reader's language (--lang, $KPIGUARD_LANG, locale)
            return get_lang()
        return "fr" if written > 0 else "en"
    return "fr" if score["fr"] > score["en"] else "en"


# How numbers and periods are written when no word tells the language: French sets the unit after the number with
# a space ("25 %", "12 M€", "2,5 %") and says quarters and halves T1-T4, S1-S2; English "€12M", "2.5%", Q1, H1.
_FRENCH_WRITING = re.compile(r"\d\s+(?:%|[kmg]?€|m€|md€)|\d,\d|(?<![a-z])[ts][1-4](?![a-z0-9])|\s:(?:\s|$)")
_ENGLISH_WRITING = re.compile(r"[€$£]\s?\d|\d\.\d|(?<![a-z])[qh][1-4](?![a-z0-9])")


def _written_like(items: list[Item]) -> int:
    """> 0 when the sentence's numbers and periods are written the French way, < 0 the English way."""
    said = " ".join(fold(i.text) for i in items) + " "
    return len(_FRENCH_WRITING.findall(said)) - len(_ENGLISH_WRITING.findall(said))


def _phrase_in(item: Item, lexicon: Lexicon, lang: str) -> bool:
    matched = item.extra.get("matched", "")
    return any(p.lang == lang and p.category == item.category and p.regex.fullmatch(matched) for p in lexicon.phrases
               if p.value == item.value)


# ---------------------------------------------------------------------------------------------------- grammar


# A list's mark before a pasted line: "2. Taux de clic > 3 %", "1) ...", "a) ...", "• ...", "* ..." (not its number)
# Control characters (a pasted tab, a stray \x01, a line break inside one argument) are spaces: the sentence is
# written back into specs and comments, where YAML refuses them.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
_LIST_MARK = re.compile(r"^(?:\(?\d{1,2}[.)]|\(?[a-z]\)|[•·▪►◦*])\s+", re.IGNORECASE)


# A minus sign as typography writes it (U+2212), or a dash set right before a number after a bracket, a colon or the
# start ("(– 20 %)", "Stock : – 30 %"; "2,5 – 3 %" and "2025 – 10 M€" stay a range and a pair): a minus
_MINUS = re.compile(r"\u2212(?:\s(?=\d))?|(?:(?<=^)|(?<=[\s(]))(?<![\w%€$£]\s)[\u2013\u2014]\s?(?=\d)")


# A ticket's key, as a Jira or Linear title starts ("CRM-482: Increase click rate...", "[GROW-17] ..."): an identifier,
# never a number (nor a minus); capitals only, two letters at least ("Q1-27", "H2-27" are periods; "FY26-27" too).
_EN_TICKET_KEY = re.compile(r"(?<![\w-])\[?(?!FY\d)[A-Z]{2,}[A-Z0-9]*-\d+\]?(?![\w.,%€$£'’-])(?:\s*:)?")


def parse(statement: str, *, lexicon: Lexicon | None = None) -> Parse:
    """Read one KPI sentence (French or English). Never raises on words it does not know: it reports them."""
    lexicon = lexicon or load_lexicon()
    statement = _LIST_MARK.sub("", _CONTROL.sub(" ", statement).strip())
    read = _EN_TICKET_KEY.sub(lambda m: " " * len(m.group()), statement)
    # "(−20 %)": the signs of numbers are read on the words' own text
    text = unglue(normalize(_MINUS.sub("-", read)))
    items = _with_words(text, _matches(text, lexicon))
    if (slashes := _slashes_as_commas(items, text)):  # read again with the commas they stand for
        text = _with_commas(text, slashes)
        items = _with_words(text, _matches(text, lexicon))
    ranks: list[tuple[str, dict[str, Any]]] = []
    items = _stretch(_ranks(_percent_sign_as_share(items), ranks), text, ranks)
    items = _key_results(_guards_around_a_metric(_ratio_of_counts(_base_as_noun(items))))
    items = _measure_window(_ratio_level(items))
    lang = detect_lang(items, lexicon)
    result = Parse(statement=statement, lang=lang, notes=ranks)
    items = _misspelt_verb(_verb_first(_make_sure(_forbidden_bound(items, text))), lexicon, result.notes)
    items = _negated(items)
    items, heading = _heading_team(items, lexicon)
    items, teams = _owner(items)
    teams += [team for team in heading if team not in teams]  # "CRM: ..., owned by Growth": the owner said wins
    items = _purpose(_context_clause(items, result, text), result, text)
    items, same = _same_metric_second(items, lexicon)  # before the events: "+15 % sur les soldes d'hiver et +10 %
    items = _events(items, result, text)               # sur les soldes d'été" are two windows
    result.owner, result.contributors = (teams[0], teams[1:]) if teams else (None, [])

    for item in items:
        if item.category == "horizon" and result.horizon is None:
            result.horizon = item.value
            if STARTING.match(fold(item.text)):  # "dès janvier": due then, and held after
                result.notes.append(("starting", {"text": item.text}))
            if item.extra.get("span"):
                result.notes.append(("quarters_span", {"text": item.extra["span"], "last": item.value.label,
                                                       "range": item.extra["before"]}))
            result.baseline = result.baseline or item.extra.get("baseline")
        elif item.category == "base_period" and result.baseline is None:
            result.baseline = item.value
        elif item.category == "cadence" and result.cadence is None:
            result.cadence = item.value
        elif item.category == "window":
            result.notes.append(("window", {"text": item.text}))
        elif item.category == "bad_date":
            result.notes.append(("bad_date", {"text": item.text}))
        elif item.category == "quantity" and item.extra.get("too_large"):
            result.notes.append(("bad_number", {"text": item.text}))

    result.currency = next((i.value.unit for i in items if i.category == "quantity" and i.value.is_currency), None)
    items, part = _part_of_target(items)
    items = _untitled(_duty_first(items, lexicon))
    main, guards = _clauses(items, lexicon, result.notes)
    main = _restated_in_main(main, result.notes)
    main, guards = _kept_while_moving(main, guards)
    main, guards, second = _second_target(main, guards)
    _two_years(main, result)  # the target's own dates: a second target's year is its own ("+10 % en 2026 et ... en 2027")
    guards, stated = _target_restated(main, guards)
    result.window = next((i.value for i in main if i.category == "window"), None)  # the target's own window
    # "... sans dépasser 3 e-mails par semaine": a cadence said in a guardrail is not the target's ("+15 % par semaine")
    guarded = {id(i) for clause in guards for i in clause}
    if not any(i.category == "cadence" for i in main) and \
            any(i.category == "cadence" and i.value == result.cadence and id(i) in guarded for i in items):
        result.cadence = None
    _read_main(main, result, lexicon, stated)
    for guard_items in (part for clause in guards for part in _each_guarded_metric(clause)):
        guardrail = _read_guard(guard_items, lexicon, result, text)
        if guardrail is not None:
            result.guardrails.append(guardrail)
    result.unknown = _unknown_words(items, lexicon)
    for named in (result.unsupported, result.scope_words):  # "e-mails par abonné", "orders with free delivery":
        if named is not None:                              # the words of the measure or the scope it names are read
            said = set(re.findall(r"[a-z]+", fold(named)))
            result.unknown = [w for w in result.unknown if fold(w) not in said]
    if all(i.category == "word" for i in items):  # "🚀🚀🚀", "???", "lorem ipsum": not a KPI at all
        result.notes = [(code, values) for code, values in result.notes if code != "no_metric"]
        result.notes.append(("nothing_read", {}))
    if same is not None:
        _add_same_metric(result, text, same, main, lexicon)
    if second is not None:
        _add_second(result, text, second, main, lexicon)
    if part is not None:
        _add_part(result, text, part, main, lexicon)
    return result


_LEVEL_WORDS = {":", "=", "at", "of", "a", "de", "d", "'", "to", "is", "est", "en"}


def _ratio_level(items: list[Item]) -> list[Item]:
    """"ROAS 4x+ on paid social", "LTV:CAC at 3x": a multiple written after a ratio the catalog lacks, with no verb of
    change, is the ratio's level (4), never a change of +300 %."""
    if any(i.category == "direction" and i.value in ("increase", "reduce", "add") for i in items):
        return items
    out = list(items)
    for k, item in enumerate(out):
        if item.category != "fixed_change" or "phrase" in item.extra:  # "doubler", "halve": a change in words
            continue
        j = k - 1
        while j >= 0 and out[j].category == "word" and out[j].value in _LEVEL_WORDS:
            j -= 1
        if j >= 0 and out[j].category == "unsupported" and out[j].value in ("rate", "other"):
            level = round(1 + float(item.value) / 100, 6)
            out[k] = Item("quantity", Quantity(level, None, item.text), item.start, item.end, item.text, None,
                          {"scale": 1.0, "explicit": False})
    return out


_ACT_WORDS = {"buy", "buys", "purchase", "purchases", "order", "orders", "convert", "converts", "reorder", "reorders",
              "shop", "shops", "transact", "acheter", "achetent", "achete", "commander", "commandent", "commande",
              "convertir", "convertissent"}


def _measure_window(items: list[Item]) -> list[Item]:
    """"12% of new subscribers buy within 14 days": a duration right after the act a rate counts is the window of that
    act (part of the measure), not the deadline of the target."""
    out = list(items)
    for k in range(1, len(out)):
        item, before = out[k], out[k - 1]
        if item.category == "horizon" and re.fullmatch(r"P\d+[DWM]", item.value.label) and \
                before.category == "word" and before.value in _ACT_WORDS:
            out[k] = Item("window", item.value.label, item.start, item.end, item.text)
    return out


def _key_results(items: list[Item]) -> list[Item]:
    """"KR1 : +20 % de sessions, KR2 : tx de conv ≥ 2 %": a key result's label after the first opens a target of its
    own (a join "kr", with its comma and colon), never a guardrail of the one before."""
    out: list[Item] = []
    seen = False
    for item in items:
        label = item.category == "word" and re.fullmatch(r"kr\d+", item.value) is not None
        if label and seen:
            while out and (_join(out[-1]) in (",", ";") or (out[-1].category == "word" and out[-1].value in ("-", "—"))):
                out.pop()
            out.append(Item("word", "kr", item.start, item.end, item.text))
            continue
        if out and out[-1].category == "word" and out[-1].value == "kr" and item.category == "word" and \
                item.value in (":", "-", "="):
            continue
        seen = seen or label
        out.append(item)
    return out


def _misspelt_verb(items: list[Item], lexicon: Lexicon, notes: list[tuple[str, dict[str, Any]]]) -> list[Item]:
    """"Increse conversion rate to 3%", "Augmneter le CA de 10 %": a sentence's first word, unknown and close to a
    verb of direction, is read as that verb (and said so); never a word the lexicon knows, never a short one."""
    first = next((k for k, i in enumerate(items) if not (i.category == "word" and not re.search(r"[a-z]", i.value))),
                 None)
    if first is None or items[first].category != "word" or len(items[first].value) < 5 or \
            any(i.category == "direction" for i in items):
        return items
    word = items[first].value
    known = lexicon.words("stopwords") | lexicon.words("language_words")
    if word in known:
        return items
    verbs = {fold(p.text): p for p in lexicon.phrases if p.category == "direction" and re.fullmatch(r"[a-z]+", fold(p.text))}
    close = difflib.get_close_matches(word, list(verbs), n=1, cutoff=0.85)
    if not close:
        return items
    phrase, item = verbs[close[0]], items[first]
    notes.append(("misspelt_verb", {"text": item.text, "verb": phrase.text}))
    return items[:first] + [Item("direction", phrase.value, item.start, item.end, item.text, phrase.lang,
                                 {"phrase": phrase.text, "matched": close[0]})] + items[first + 1:]


_DEADLINE_WORDS = {"avant", "before", "by", "until", "ici", "jusqu", "pour", "ahead", "preparer", "prepare", "preparation"}
# an event within the sentence's period, or left out of it (the period stays measured; "excluding" stays unknown)
_INCLUDED = {"inclus", "incluse", "included", "including", "compris", "dont", "excluding", "except", "hors", "sauf",
             "excepte"}
_BASE_WORDS = {"vs", "versus", "contre", "base", "baseline", "rapport", "compared", "against"}
_EVENT_ARTICLES = {"les", "le", "la", "l", "'", "the", "aux", "des", "du", "of", "a", "au", ".", ":"}
# The season a sale event's words name (the first that matches); "the holidays", "les fêtes" are the holiday season.
_SEASON_WORDS = (("easter", "easter"), ("paques", "easter"), ("bfcm", "bfcm"), ("weekend", "bfcm"), ("cyber", "cyber-monday"), ("black", "black-friday"), ("hiver", "winter-sales"),
                 ("winter", "winter-sales"), ("janvier", "winter-sales"), ("january", "winter-sales"),
                 ("ete", "summer-sales"), ("summer", "summer-sales"), ("", "holiday-season"))


SEASON_RULES = {
    "black-friday": Message(en="Black Friday, the day after the fourth Thursday of November",
                            fr="le Black Friday, le lendemain du quatrième jeudi de novembre"),
    "cyber-monday": Message(en="Cyber Monday, the Monday after Black Friday",
                            fr="le Cyber Monday, le lundi qui suit le Black Friday"),
    "bfcm": Message(en="Black Friday to Cyber Monday (4 days)", fr="du Black Friday au Cyber Monday (4 jours)"),
    "black-friday-week": Message(en="the week of Black Friday, Monday to Sunday",
                                 fr="la semaine du Black Friday, du lundi au dimanche"),
    "easter": Message(en="Easter Sunday, the Sunday after the first full moon of spring (22 March to 25 April)",
                      fr="le dimanche de Pâques, le dimanche qui suit la première pleine lune du printemps (22 mars "
                         "au 25 avril)"),
    "easter-weekend": Message(en="the Easter weekend, Good Friday to Easter Monday (4 days)",
                              fr="le week-end de Pâques, du Vendredi saint au lundi de Pâques (4 jours)"),
    "holiday-season": Message(en="the holiday season, 1 November to 31 December",
                              fr="la période des fêtes, du 1er novembre au 31 décembre"),
    "winter-sales": Message(
        en="the French winter sales, 4 weeks from the second Wednesday of January (the first when the second falls "
           "after the 12th)",
        fr="les soldes d'hiver, 4 semaines à partir du deuxième mercredi de janvier (le premier quand le deuxième "
           "tombe après le 12)"),
    "summer-sales": Message(
        en="the French summer sales, 4 weeks from the last Wednesday of June (the one before when the last falls "
           "after the 28th)",
        fr="les soldes d'été, 4 semaines à partir du dernier mercredi de juin (l'avant-dernier quand le dernier "
           "tombe après le 28)"),
}


_BETWEEN_RULE = Message(en="the days from the day after {first} end to the day before {second} start (each by its own "
                          "rule)", fr="les jours du lendemain de la fin {first} à la veille du début {second} (chacun "
                                      "selon sa règle)")
# A season as the rule between two names it: "the winter sales" / "des soldes d'hiver".
_SEASON_SHORT = {"black-friday": ("du Black Friday", "Black Friday"), "cyber-monday": ("du Cyber Monday", "Cyber Monday"),
                 "bfcm": ("du BFCM", "BFCM"), "holiday-season": ("des fêtes de fin d'année", "the holiday season"),
                 "winter-sales": ("des soldes d'hiver", "the winter sales"),
                 "summer-sales": ("des soldes d'été", "the summer sales"),
                 "black-friday-week": ("de la semaine du Black Friday", "Black Friday week"),
                 "easter": ("de Pâques", "Easter"), "easter-weekend": ("du week-end de Pâques", "the Easter weekend")}


def season_rule(season: str) -> str:
    """The rule of a season's dates, in the language in force; for the days between two seasons, both rules."""
    if m := re.fullmatch(r"between-(.+)-and-(.+)", season):
        return Localized({lang: _BETWEEN_RULE.render(lang, first=_SEASON_SHORT[m[1]][lang == "en"],
                                                     second=_SEASON_SHORT[m[2]][lang == "en"]) for lang in LANGS},
                         get_lang())
    return SEASON_RULES[season].localized()


def _season_words(said: str) -> str | None:
    """The season an event's words name; None for sales that do not say which ("les soldes")."""
    folded = fold(said)
    if m := re.match(r"(?:.*?\b)?(?:entre|between)\s+(.+?)\s+(?:et|and)\s+(.+)$", folded):
        first, second = _season_words(m[1]), _season_words(m[2])  # "between the winter and summer sales"
        if first and second and first != second:
            return f"between-{first}-and-{second}"
        return first or second
    words = set(re.findall(r"[a-z]+", re.sub(r"week[\s-]+end", "weekend", folded)))  # "le week-end du BF": BFCM
    if words & {"easter", "paques"} and words & {"weekend", "long"}:  # Good Friday to Easter Monday
        return "easter-weekend"
    if {"black", "week"} <= words or {"black", "semaine"} <= words:  # the week Black Friday falls in
        return "black-friday-week"
    if {"black", "cyber"} <= words:  # "Black Friday & Cyber Monday": the four days
        return "bfcm"
    if words & {"soldes", "sales"} and not words & {"hiver", "winter", "janvier", "january", "ete", "summer",
                                                    "holiday", "christmas", "noel"}:
        return None
    return next(season for word, season in _SEASON_WORDS if not word or word in words)


def _events(items: list[Item], result: Parse, text: Text) -> list[Item]:
    """A sale event or season ("pendant les soldes d'hiver", "Black Friday revenue", "over the holiday season") is a
    window of the year the target is measured over: the next one is the horizon, the one a year before the
    baseline (the review compares the same window of two years). After a word of deadline ("avant les soldes
    d'hiver") it is when the target is due: the day before it starts. After "vs", "base" it is the baseline."""
    out = list(items)
    drop: set[int] = set()
    for k, item in enumerate(out):
        if item.category != "scope" or item.value != "sales_event":
            continue
        season = _season_words(item.text) or next(  # "les soldes": the sentence's other sales, if it names them
            (found for i in out if i.category == "scope" and i.value == "sales_event" and
             (found := _season_words(i.text)) in ("winter-sales", "summer-sales")), None)
        j = k - 1
        while j >= 0 and out[j].category == "word" and out[j].value in _EVENT_ARTICLES:
            j -= 1
        year = None
        drop.add(k)
        for n in (k + 1, j):  # "les soldes d'hiver 2027", "the 2027 winter sales"
            if 0 <= n < len(out) and out[n].category in ("quantity", "word") and \
                    re.fullmatch(r"20\d\d", out[n].text.strip()):
                year = out[n].text.strip()
                drop.add(n)
                if n == j:
                    j -= 1
                    while j >= 0 and out[j].category == "word" and out[j].value in _EVENT_ARTICLES:
                        j -= 1
        said = text.source(item.start, item.end).strip()
        if season is None:  # "pendant les soldes": winter or summer, never guessed
            result.notes.append(("undated_event", {"text": said}))
        elif j >= 0 and out[j].category == "base_period" and re.fullmatch(r"20\d\d", out[j].value):
            year = out[j].value  # "(baseline 2026 winter sales)"
            drop.add(j)
            result.baseline = f"{year}-{season}"
        elif j >= 0 and (out[j].category == "baseline" or out[j].category == "word" and out[j].value in _BASE_WORDS):
            result.baseline = f"{year}-{season}" if year else "season-before"
            drop.add(j)
        elif j >= 0 and out[j].category == "word" and out[j].value in _DEADLINE_WORDS:
            first = j - 2 if out[j].value == "ici" and j >= 2 and [i.value for i in out[j - 2:j]] == ["d", "'"] else j
            said = text.source(out[first].start, item.end).strip()
            drop |= set(range(first, k))
            # "by Black Friday" is that day; "before Black Friday", "avant les soldes" the day before it starts
            before = out[j].value in ("before", "avant", "ahead")
            label = f"before-{season}" if before or season not in SEASON_DAYS else season
            if year and label == season:  # "d'ici le Black Friday 2027": that day
                label, year = season_dates(season, int(year))[0].isoformat(), None
            result.horizon = result.horizon or Horizon(f"{year}-{label}" if year else label, said)
        elif any(i.category == "word" and i.value in _INCLUDED for i in out[max(j, 0):k + 3]):
            continue  # "sur le T4 (Black Friday inclus)": the sentence's own period is measured, the event within it
        elif result.horizon is None:
            # "Black Friday revenue +20% in Q4 2026": the period's year is the event's
            dated = [n for n, i in enumerate(out) if i.category == "horizon" and re.match(r"20\d\d", i.value.label)
                     and (len(i.value.label) == 4 or not year)]
            for n in dated:
                out[n] = Item(out[n].category, Horizon(out[n].value.label[:4], out[n].value.text), out[n].start,
                              out[n].end, out[n].text, out[n].lang, out[n].extra)
            if year is None and dated:  # "le CA du Black Friday en 2027": the latest year named
                year = max(out[n].value.label for n in dated)
            earlier = [n for n in dated if out[n].value.label < year] if year else []
            drop |= {n for n in dated if year and out[n].value.label <= year}
            result.horizon = Horizon(f"{year}-during-{season}" if year else f"during-{season}", said)
            if earlier and result.baseline is None:  # "(vs 1,2 M€ en 2025)": that year's occurrence
                result.baseline = max(out[n].value.label for n in earlier)
            elif not any(i.category == "base_period" for i in out) and result.baseline is None:
                result.baseline = "season-before"
            result.notes.append(("season", {"text": said, "season": season_rule(season)}))
    return [i for n, i in enumerate(out) if n not in drop]


# What closes a condition's clause: punctuation, a word joining a new clause, or a part of the target's own reading.
_CLAUSE_ENDS = {",", ";", ".", ")", "(", "et", "and", "mais", "but", "while", "tout", "sans", "without", "avec", "with"}
_CLAUSE_PARTS = ("guard", "horizon", "base_period", "owner", "window", "cadence", "arrow")


def _context_clause(items: list[Item], result: Parse, text: Text) -> list[Item]:
    """"Hold revenue at €10M despite fewer promotions", "malgré la hausse des prix": the condition the target is set
    under is no part of it ("fewer" is no change of revenue) and no guardrail kpiguard could check; it is noted and
    left out, the rest of the sentence read as if it were not there."""
    out: list[Item] = []
    k = 0
    while k < len(items):
        item = items[k]
        if item.category != "context":
            out.append(item)
            k += 1
            continue
        j = k + 1
        while j < len(items) and not (items[j].category == "word" and items[j].value in _CLAUSE_ENDS) and \
                items[j].category not in _CLAUSE_PARTS:
            j += 1
        weak = fold(item.text).strip() == "even with"  # "keep revenue even with last year" compares, conditions nothing
        if j > k + 1 and weak and not any(i.category in ("more", "less", "quantity") for i in items[k + 1:j]):
            out.extend(items[k:j])
        elif j > k + 1:
            said = text.source(item.start, items[j - 1].end).strip()
            result.notes.append(("context", {"text": said}))
        k = j
    return out


_TEAM_WORDS = {":", "-", "=", "'", "l", "la", "le", "les", "the", "our", "equipe", "team", "pole", "squad", "de", "d",
               "du", "des"}
_TEAM_NAMES = ("word", "scope", "direction", "unsupported")  # "Growth", "CRM", "Leads" name teams too
_AFTER_TEAM = {"et", "and", "avec", "with", "en", "in", "sur", "on", "pour", "for", "by", "d", "ici", "a", "to",
               "sans", "without", "while", "tout", "vs"}


_EN_TEAM_SUFFIX = {"team", "squad", "equipe", "pod", "tribe"}
_HEADING_SUFFIX = {"okr", "okrs", "kpi", "kpis", "goal", "goals", "target", "targets", "objective", "objectives",
                   "objectif", "objectifs"}
_TEAM_SUBJECT_VERBS = {"to", "will", "should", "must", "shall"}


def _heading_team(items: list[Item], lexicon: Lexicon) -> tuple[list[Item], list[str]]:
    """"CRM: grow repeat customers' revenue", "Growth team: +15% new customers QoQ", "Merch: clear 300 dormant SKUs": a
    heading before the colon that opens the sentence, naming a team (a known team's name, or words followed by
    "team"), owns the KPI; its words (even "CRM", a scope elsewhere, or "Growth", a verb) are taken out of the sentence,
    when what follows says a target (a metric or a verb of direction). A period and its title before it ("Q3 OKR —
    Retention: ...") stay the sentence's horizon."""
    lead = 0
    if items and items[0].category == "horizon":
        lead = 1
        while lead < len(items) and items[lead].category == "word" and items[lead].value in _HEADING_SUFFIX | {"-", "|"}:
            lead += 1
    if lead:
        rest, teams = _heading_team(items[lead:], lexicon)
        return (items[:1] + rest, teams) if teams else (items, [])
    colon = next((k for k, i in enumerate(items[:5]) if i.category == "word" and i.value in (":", "|")), None)
    subject = colon is None  # "Merchandising team to deliver £3m from new lines": a known team as the subject
    if subject:
        colon = next((k for k, i in enumerate(items[:5]) if k and fold(items[k - 1].text).strip() in _EN_TEAM_SUFFIX
                      and i.category == "word" and i.value in _TEAM_SUBJECT_VERBS), None)
    if colon is None or colon == 0 or not all(i.category in _TEAM_NAMES for i in items[:colon]):
        return items, []
    words = [fold(i.text).strip() for i in items[:colon]]
    if len(words) > 1 and words[-1] in _HEADING_SUFFIX:  # "Retention OKR:", "CRM KPIs:": the team's objectives
        words = words[:-1]
    suffixed = words[-1] in _EN_TEAM_SUFFIX  # "Growth team:", "Retention squad:"
    name = words[:-1] if suffixed else words
    if name[:1] in (["the"], ["l"], ["la"], ["le"], ["our"]):
        name = name[1:]

    def key(text: str) -> str:
        return re.sub(r"[^a-z0-9]", "", text)
    known = {key(t) for t in lexicon.words("team_names")}
    if not name or len(name) > 3 or (key("".join(name)) not in known and (not suffixed or subject)):  # "Our north star:"
        return items, []
    if not any(i.category in ("metric", "direction", "unsupported") for i in items[colon + 1:]):
        return items, []
    said = [i.text.strip() for i in items[:colon] if fold(i.text).strip() in name]
    return items[colon + 1:], [" ".join(said)]


def _owner(items: list[Item]) -> tuple[list[Item], list[str]]:
    """"Augmenter le CA de 10 %, porté par l'équipe CRM", "Owner: Growth. KPI: ...": the teams named after an owner
    phrase ("porté par Growth et CRM": the first owns the KPI, the others contribute); their words (even "CRM", a
    scope elsewhere) are taken out of the sentence."""
    k = next((j for j, i in enumerate(items) if i.category == "owner"), None)
    if k is None:
        return items, []
    teams: list[str] = []
    j = k
    while True:
        start = j + 1
        while start < len(items) and items[start].category == "word" and items[start].value in _TEAM_WORDS:
            start += 1  # "l'équipe CRM", "et le merch", "the growth team"
        stop = start
        while stop < len(items) and stop - start < 3 and items[stop].category in _TEAM_NAMES and \
                re.search(r"[a-z]", fold(items[stop].text)) and fold(items[stop].text).strip() not in _AFTER_TEAM:
            stop += 1
        name = [i for i in items[start:stop] if fold(i.text).strip() not in ("team", "equipe", "squad")]
        if not name:
            break
        teams.append(" ".join(i.text.strip() for i in name))
        j = stop
        if not (j + 1 < len(items) and fold(items[j].text).strip() in ("et", "and", "&")):
            break
    if not teams:
        return items, []
    return items[:k] + items[j:], teams


# A negation the lexicon's phrases did not take whole ("ne doit pas dépasser", "must not be below"): its words, the
# French particle that completes "ne", the verbs of going past a level, and how far the negated word may be.
_NEGATORS = {"not", "never", "ne", "n"}
_PARTICLES = {"pas", "jamais", "plus"}
_EXCEED = {"depasser", "depasse", "depassent", "exceder", "excede", "excedent", "exceed", "exceeds", "surpass",
           "franchir", "go over", "go above"}
_NEGATION_REACH = 4
_PUNCTUATION = {",", ";", ".", ":", "(", ")", "!", "?"}


def _negated(items: list[Item]) -> list[Item]:
    """"Le panier moyen ne doit pas être inférieur à 60 €", "AOV must not be below €60", "ne devra jamais dépasser
    0,5 %", "le CA ne doit pas baisser": a negation a few words before a bound or a verb of direction keeps the
    opposite of what it forbids (a floor of 60 €, a ceiling of 0,5 %, no fall), as "ne pas dépasser" does. The
    negation, its verb and the bound after it become one kept direction; negations of anything else are left."""
    out = list(items)
    k = 0
    while k < len(out):
        opener = out[k]
        contracted = opener.category == "word" and opener.value.endswith("n") and k + 2 < len(out) and \
            out[k + 1].value == "'" and out[k + 2].value == "t"  # "mustn't", "shouldn't", "doesn't"
        bare = opener.category == "word" and opener.value in ("no", "pas") and k + 1 < len(out) and \
            out[k + 1].category == "threshold"  # "No lower than 2.5%", "CA : pas en dessous de 10 M€"
        if bare:
            kept = "keep_min" if out[k + 1].value == "max" else "keep_max"
            said = f"{opener.text.strip()} {out[k + 1].text.strip()}"
            out[k:k + 2] = [Item("direction", kept, opener.start, out[k + 1].end, said,
                                 "fr" if opener.value == "pas" else "en",
                                 {"phrase": said, "matched": said, "bare_bound": True})]
            k += 1
            continue
        if _negated_threshold(out, k):  # "No less than 2% conversion" keeps a floor, as "No lower than 2%" does
            said = opener.text.strip()
            out[k] = Item("direction", f"keep_{opener.value}", opener.start, opener.end, said,
                          "fr" if fold(said).startswith("pas") else "en",
                          {"phrase": said, "matched": said, "bare_bound": True})
            k += 1
            continue
        if not (opener.category == "word" and (opener.value in _NEGATORS or contracted)):
            k += 1
            continue
        french = opener.value in ("ne", "n")
        j, words, clause = k + (3 if contracted else 1), 0, False
        while j < len(out) and words <= _NEGATION_REACH + 2 * clause:
            if out[j].category == "word" and out[j].value not in _PUNCTUATION | _EXCEED:
                words += out[j].value != "'"
                clause = clause or out[j].value in ("que", "qu")
            elif not (clause and out[j].category in ("metric", "scope")):  # "il ne faut pas que le panier moyen
                break                                                      # passe sous 60 €": past its subject
            j += 1
        if j >= len(out) or words > _NEGATION_REACH + 2 * clause:
            k += 1
            continue
        kept, end = _negated_bound(out, j)
        particle = any(i.category == "word" and i.value in _PARTICLES for i in out[k + 1:end + 1])
        if kept is not None and french and not particle and end + 1 < len(out) and out[end + 1].value in _PARTICLES:
            end, particle = end + 1, True  # "ne baisse pas", "ne dépasse jamais 0,5 %": the particle after the verb
        if kept is None or (french and not particle):
            k += 1
            continue
        limited = _negated_change(out, j, end)
        if limited is not None:  # "ne doit pas chuter de plus de 0,2 pt": a fall of at most 0,2 pt, kept
            fall, number = out[j].value == "reduce", out[limited]
            q = number.value  # signed, and said so ("-0,2 pt"): a change, the way the verb goes
            signed = ("-" if fall else "+") + q.text.lstrip("+-")
            out[limited] = Item("quantity", Quantity(-abs(q.value) if fall else abs(q.value), q.unit, signed),
                                number.start, number.end, signed, None, number.extra)
            kept, end = "keep", limited - 1
        subject = [i for i in out[k + 1:j] if i.category != "word"]
        first = out[j] if subject else opener  # the subject of "ne faut pas que ..." stays the sentence's metric
        said = " ".join(i.text.strip() for i in out[k:end + 1] if i.category == "word" or i in out[j:end + 1])
        out[k:end + 1] = subject + [Item("direction", kept, first.start, out[end].end, said,
                                         "fr" if french else "en", {"phrase": said, "matched": said})]
        k += 1 + len(subject)
    return out


def _negated_threshold(items: list[Item], k: int) -> bool:
    """Whether items[k] is a bound said with its negation ("no less than", "not more than", "pas moins de") before
    any verb: the level is kept, a floor or a ceiling (it was reached, where "No lower than" kept it); a limit on a
    change ("Pas plus de 2 % de baisse du panier moyen") is read by the numbers."""
    item = items[k]
    if item.category != "threshold" or fold(item.text).split()[0] not in ("no", "not", "pas") or \
            any(i.category == "direction" for i in items[:k]):
        return False
    q = k + 1
    while q < len(items) and items[q].category == "word" and items[q].value in ("a", "an"):
        q += 1
    return not (q < len(items) and items[q].category == "quantity" and _limited_change(items, q) is not None)


def _negated_change(items: list[Item], j: int, end: int) -> int | None:
    """The index of the number a negated verb of change bounds ("ne doit pas chuter de plus de 0,2 pt", "should not
    rise by more than 10%"), if any: the verb, "de"/"by", a bound of at least, then the number."""
    if items[j].category != "direction" or items[j].value not in ("increase", "reduce"):
        return None
    n = end + 1
    while n < len(items) and items[n].category == "word" and items[n].value in _PARTICLES | {"de", "d", "'", "by"}:
        n += 1
    more = n < len(items) and ((items[n].category == "threshold" and items[n].value == "min") or
                               items[n].category == "more")  # "more than", "plus de"; "de plus" (then "de")
    n += 1
    if more and n < len(items) and items[n].category == "word" and items[n].value in ("de", "d", "'"):
        n += 1
    if more and n < len(items) and items[n].category == "quantity" and items[n].value.unit in ("%", "pt"):
        return n
    return None


_EN_MORE_THAN = {"more than", "plus de", "plus que"}


def _negated_bound(items: list[Item], j: int) -> tuple[str | None, int]:
    """What a negation keeps when it falls on items[j]: `keep_min` (a floor) or `keep_max` (a ceiling), and the last
    item it takes (a verb takes the bound right after it: "ne doit pas descendre sous 60 €" is a floor of 60 €)."""
    item = items[j]
    if item.category == "threshold":  # "pas inférieur à" is at least, "not above" at most
        return ("keep_min" if item.value == "max" else "keep_max"), j
    verb = fold(item.text).strip()
    if item.category != "direction" and verb not in _EXCEED:
        return None, j  # "dépasse" is no phrase of the lexicon (a bare "le CA dépasse 10 M€" reaches)
    after = j + 1
    while after < len(items) and items[after].category == "word" and items[after].value in _PARTICLES:
        after += 1
    # "should not drop more than 3%": a verb of change, then "more than" and a change, limits that change
    # (`_negated_change` reads it), as "should not drop by more than 3%" does; "not rise above 0.5%" stays a ceiling
    more = after < len(items) and item.category == "direction" and item.value in ("increase", "reduce") and \
        fold(items[after].text).strip() in _EN_MORE_THAN and after + 1 < len(items) and \
        items[after + 1].category == "quantity" and items[after + 1].value.unit in ("%", "pt")
    if after < len(items) and items[after].category == "threshold" and not more:  # "shouldn't go under €60": a floor
        return ("keep_min" if items[after].value == "max" else "keep_max"), after
    if item.category == "direction" and item.value not in ("increase", "reduce") and verb not in _EXCEED:
        return None, j  # "ne pas atteindre", "not reach": nothing kpiguard can keep
    return ("keep_min" if item.value == "reduce" else "keep_max"), j


def _part_of_target(items: list[Item]) -> tuple[list[Item], list[Item] | None]:
    """"8 M€ de CA, dont 20 % via email", "$10M revenue, 20% of it from email": a share of the target in a scope is
    a second target (a share), not a scope of the first (it made 8 M€ of e-mail revenue)."""
    metric = next((k for k, i in enumerate(items) if i.category == "metric"), None)
    if metric is None or not any(i.category in _VALUES for i in items[:metric + 2]):
        return items, None
    for k in range(metric + 1, len(items)):
        item, after = items[k], items[k + 1:]
        said = fold(item.text).strip()
        opener = said in ("dont", "including") or (
            said == "of" and after and after[0].category == "word" and after[0].value == "which")
        if not opener:
            continue
        rest = after[1:] if said == "of" else after
        quantity = next((i for i in rest if i.category == "quantity"), None)
        if quantity is not None and quantity.value.unit == "%" and any(i.category == "scope" for i in rest) and \
                not any(i.category == "metric" for i in rest):
            return items[:k], rest
    for k, item in enumerate(items[metric + 1:], metric + 1):  # "20% of it from email"
        if item.category == "quantity" and item.value.unit == "%" and k + 2 < len(items) and \
                [i.value for i in items[k + 1:k + 3]] == ["of", "it"] and \
                any(i.category == "scope" for i in items[k + 3:]):
            start = k - 1 if items[k - 1].category == "word" and items[k - 1].value in (",", ";") else k
            return items[:start], [item] + items[k + 3:]
    return items, None


def _add_part(result: Parse, text: Text, part: list[Item], main: list[Item], lexicon: Lexicon) -> None:
    """The share of the target in a scope, read as "Atteindre 20 % du CA via email" with the sentence's horizon."""
    metric = next((i for i in main if i.category == "metric"), None)
    quantity = next(i for i in part if i.category == "quantity")
    if metric is None:
        return
    rest = text.source(quantity.end, part[-1].end).strip() if part[-1].end > quantity.end else ""
    verb = "Atteindre" if result.lang == "fr" else "Reach"
    of = "de" if result.lang == "fr" else "of"
    other = parse(f"{verb} {quantity.text} {of} {metric.text} {rest}".strip(), lexicon=lexicon)
    said = text.source(part[0].start, part[-1].end)
    other.statement, other.part = result.statement, said
    other.horizon = other.horizon or result.horizon
    other.baseline = other.baseline or result.baseline
    other.owner, other.contributors = other.owner or result.owner, other.contributors or result.contributors
    result.also.append(other)
    result.notes.append(("second_target", {"text": said}))


_LEADING = re.compile(r"^(?:(?:sur|pendant|durant|during|from|on|in|via|par|du|des|de|le|la|les|l'|the|en)\s+|l')+",
                      re.IGNORECASE)
_SECOND_JOINS = {"et", "and", ",", ";", "while", "whilst", "kr", "/", "|"}  # "Revenue ↑ 15% / AOV ↑ 5%"
_VALUES = ("quantity", "fixed_change", "factor")


def _is_target(part: list[Item], bounded: bool = False, named: tuple[str, ...] = ("metric",)) -> bool:
    """A metric and a number; a bound ("sous 0,3 %") only where `bounded` (after the join, it is a guardrail's).
    `named` may let a measure the catalog lacks name the first target ("Réduire le churn de 5 % à 4 % et ...")."""
    return any(i.category in named for i in part) and any(i.category in _VALUES for i in part) and \
        (bounded or not any(i.category == "threshold" for i in part))


def _other_metric(before: list[Item], after: list[Item]) -> bool:
    """"+10 % et atteindre 12 M€ de CA" restates one target; a second target names another metric."""
    first = {i.value for i in before if i.category == "metric"}
    return any(i.category == "metric" and i.value not in first for i in after)


def _no_change_of(segment: list[Item]) -> str | None:
    """"no increase in unsubs", "no drop in AOV" opening a segment after the target: the guard it makes."""
    if len(segment) < 2 or segment[0].category != "direction" or segment[0].value not in ("keep_max", "keep_min") or \
            not re.match(r"(?:no|pas de|sans)\b", fold(segment[0].text)) or \
            not any(i.category == "metric" for i in segment) or any(i.category in _VALUES for i in segment):
        return None
    return "no_increase" if segment[0].value == "keep_max" else "no_decrease"


def _negated_bounds(items: list[Item]) -> list[Item]:
    """"Lift click rate to 4%, unsubs no higher than 0.3%": after a target, a bound said by a bare negation ("no
    higher than", "no lower than") is a threshold of a guardrail, not the verb of a second target."""
    return [Item("threshold", i.value[5:], i.start, i.end, i.text, i.lang, i.extra)
            if i.category == "direction" and i.extra.get("bare_bound") else i for i in items]


def _second_target(main: list[Item], guards: list[list[Item]]
                   ) -> tuple[list[Item], list[list[Item]], list[Item] | None]:
    """"Augmenter le CA de 10 % tout en réduisant le stock dormant de 5 %", "grow revenue 10% and margin 3 points":
    two metrics each with its number are two targets; the first stays the sentence's, the second is split off."""
    for k, item in enumerate(main):
        tout = item.value == "en" and k > 0 and main[k - 1].category == "word" and main[k - 1].value == "tout"
        # "Augmenter le CA de 10 % en réduisant le stock de 5 %": a gerund opens another target, as "tout en" does
        joined = item.category == "word" and (item.value in _SECOND_JOINS or tout) or _gerund_after(main, k)
        if not joined:
            continue
        before = main[:k - 1] if tout else main[:k]
        after = main[k + 1:]
        okr = item.value == "kr"  # "KR1 : ..., KR2 : tx de conv ≥ 2 %": each key result is a target
        if _is_target(before, bounded=True, named=("metric", "unsupported")) and _is_target(after, bounded=okr) and \
                _other_metric(before, after) and (
                item.value not in (",", ";") or any(i.category == "direction" for i in after)):
            return before, guards, after
    # a bound after the join is a guardrail's ("Doubler les envois et un taux d'ouverture de 20 % min"), unless the
    # main clause is a bound with no verb itself: "Taux d'ouverture > 30 % et taux de clic > 4 %" lists two targets
    listed = not any(i.category == "direction" for i in main) and any(i.category == "threshold" for i in main)
    for n, clause in enumerate(guards):  # "et la marge de 3 points": read as a guard ("et une marge ...")
        opener = fold(clause[0].text).strip()
        # "Revenue per visitor up 5% vs LY, conversion not below 2%": a target with no verb but no bound either is
        # guarded as one with a verb (the guardrail was dropped); two bounds with no verb are two targets
        bounded = any(i.category == "threshold" or i.category == "direction" and i.extra.get("bare_bound") for i in main)
        if opener in (",", ";") and (any(i.category == "direction" for i in _negated_bounds(main)) or not bounded):
            clause = guards[n] = clause[:1] + _negated_bounds(clause[1:])
        # "Augmenter le CA de 10 %, la marge de 2 pts et ...": a list of targets separated by commas
        if opener in ("et", "and", ",", ";") and _is_target(clause[1:], bounded=listed) and \
                _is_target(main, bounded=True, named=("metric", "unsupported")) and _other_metric(main, clause[1:]):
            second, end = list(clause[1:]), n + 1
            while end < len(guards) and fold(guards[end][0].text).strip() in ("et", "and", ",", ";") and \
                    _is_target(guards[end][1:], bounded=listed):  # "..., la marge de 2 pts et le stock de -20 %"
                opener_item = guards[end][0]
                second += [Item("word", fold(opener_item.text).strip(), opener_item.start, opener_item.end,
                                opener_item.text)] + guards[end][1:]
                end += 1
            return main, guards[:n] + guards[end:], second
    return main, guards, None


_SAME_JOINS = {"et", "and", ";", ",", "puis", "then"}
_RANGE_WORDS = {"entre", "between"}
_PART_WORDS = {"dont", "including", "it", "which"}
_QUALIFYING = {"sur", "on", "en", "in", "pour", "for", "via", "chez", "at", "dans"}  # "8 M€ de CA, dont 20 % via email": `_part_of_target`


def _join(item: Item) -> str | None:
    """"et", "and", ",", ";", "puis", "then" as a word, or as the bare opener of a "with" clause (", un ...")."""
    said = fold(item.text).strip()
    return said if item.category in ("word", "guard") and said in _SAME_JOINS and \
        (item.category == "word" or item.value == "with") else None


def _same_metric_second(items: list[Item], lexicon: Lexicon) -> tuple[list[Item], list[Item] | None]:
    """"Atteindre 3 % de conversion sur mobile et 4 % sur desktop", "CA +10 % en 2026 et +15 % en 2027": a second
    number of the same metric, with its own scope or date, is a second target of that metric (it was dropped, or
    read as a range). Returns the first target's items (with any guardrail clause after the second) and the second's.
    A range ("entre 2 et 3 % sur mobile") and two values that only differ by their year after a comma ("120k en
    2026, 140k en 2027": a FROM and a TO) are no such pair, unless the list goes on ("..., 15 M€ en 2027 et 18 M€
    en 2028")."""
    metric = next((k for k, i in enumerate(items) if i.category == "metric"), None)
    if metric is None:
        return items, None
    values = [k for k, i in enumerate(items) if i.category in _VALUES]
    for k in range(metric + 1, len(items)):
        join = _join(items[k])
        if join is None:
            continue
        last = max((v for v in values if v < k), default=None)
        if last is None:
            continue
        if last > 0 and items[last - 1].category == "word" and items[last - 1].value in _RANGE_WORDS and \
                join not in (";", "puis", "then"):  # "entre 2 et 3 %", "between 2 and 3%"
            continue
        end = next((j for j in range(k + 1, len(items)) if items[j].category in ("guard", "direction", "owner")
                    or _join(items[j])), len(items))
        after = items[k + 1:end]
        if not _one_value(after, lexicon) or any(i.category in ("metric", "unsupported", "threshold") for i in after) \
                or any(i.category == "word" and i.value in _PART_WORDS for i in after):  # "20 % of it": a share
            continue
        # what sets the second apart: a scope, a date, another baseline ("+10 % YoY et +5 % QoQ"), or words after a
        # preposition ("4 % sur tablette"); a noun of its own ("et le nombre de plaintes à 0,01 %") names another measure, never this metric
        compared = any(i.category == "base_period" for i in items[:k])  # "+8 % vs 2026" alone restates the target
        qualifiers = {i.category for i in after if i.category in ("scope", "horizon") or
                      (i.category == "base_period" and compared)} | \
            {"word" for n, i in enumerate(after) if i.category == "word" and re.search(r"[a-z]", i.value)
             and i.value not in lexicon.words("stopwords") | lexicon.words("to_words")
             and n > 0 and after[n - 1].category == "word" and after[n - 1].value in _QUALIFYING}
        if not qualifiers:
            continue
        # "-15 % fin T1, -30 % fin T2": two changes are two milestones ("7,1 M€, +10 % en 2027" is a FROM and a change)
        signed = items[last].text.strip()[:1] in "+-" and \
            any(i.category in _VALUES and i.text.strip()[:1] in "+-" for i in after)
        if join == "," and qualifiers == {"horizon"} and not signed and not (  # "120k en 2026, 140k en 2027": FROM, TO
                end < len(items) and _join(items[end]) in ("et", "and") and _one_value(items[end + 1:], lexicon)):
            continue
        if end < len(items) and _join(items[end]):  # a list: the rest goes with the second
            end = next((j for j in range(end + 1, len(items)) if items[j].category in ("guard", "direction", "owner")
                        and not _join(items[j])), len(items))
            after = items[k + 1:end]
        # "3 % sur mobile et 4 % sur desktop d'ici fin 2026": a date closing the sentence is the first's too
        shared = [i for i in after if i.category == "horizon"][-1:] if qualifiers != {"horizon"} and \
            not any(i.category == "horizon" for i in items[:k]) else []
        return items[:k] + shared + items[end:], after
    return items, None


def _one_value(part: list[Item], lexicon: Lexicon) -> bool:
    """One number, or a FROM and a TO ("de 3 % à 4 %"), up to the next join."""
    stop = next((j for j, i in enumerate(part) if i.category in ("guard", "direction") or _join(i)), len(part))
    values = [j for j, i in enumerate(part[:stop]) if i.category in _VALUES]
    if len(values) == 2:
        between = [i for i in part[values[0] + 1:values[1]] if i.category != "word" or i.value not in ("de", "d", "'")]
        return all(i.category == "arrow" or (i.category == "word" and i.value in lexicon.words("to_words"))
                   for i in between) and bool(between)
    return len(values) == 1


def _add_same_metric(result: Parse, text: Text, after: list[Item], main: list[Item], lexicon: Lexicon) -> None:
    """The second target of the same metric, read as its own sentence: the first's verb and metric words, then its
    own number and qualifiers ("Atteindre conversion 4 % sur desktop"), with the first's baseline and guardrails."""
    metric = next((i for i in main if i.category == "metric"), None)
    if metric is None:
        return
    verb = next((i for i in main if i.category == "direction"), None)
    span = text.source(after[0].start, after[-1].end).strip(" ,;")
    # "Grow conversion to 3% on iOS and 2.5% on Android": the second number has the first one's role (a TO)
    values = [k for k, i in enumerate(main) if i.category in _VALUES]
    to = main[values[0] - 1].text if values and values[0] > 0 and main[values[0] - 1].category == "word" and \
        main[values[0] - 1].value in lexicon.words("to_words") and after[0].category in _VALUES else ""
    statement = " ".join(w for w in (verb.text if verb else "", metric.text, to, span) if w)
    other = parse(statement[:1].upper() + statement[1:], lexicon=lexicon)
    other.statement, other.part = result.statement, span
    other.guardrails = other.guardrails or list(result.guardrails)
    _borrow(other, result)
    result.also.append(other)
    result.notes.append(("second_target", {"text": span}))


def _borrow(other: Parse, result: Parse) -> None:
    """A split-off target takes the sentence's horizon, baseline, cadence and owner when it has none, and so do the
    targets split off it in turn ("Objectifs 2026 : CA 25 M€, marge 38 %, panier moyen 72 €": the third is due in
    2026 too)."""
    other.horizon = other.horizon or result.horizon
    other.baseline = other.baseline or result.baseline
    other.cadence = other.cadence or result.cadence
    other.owner, other.contributors = other.owner or result.owner, other.contributors or result.contributors
    for nested in other.also:
        _borrow(nested, other)


def _target_restated(main: list[Item], guards: list[list[Item]]) -> tuple[list[list[Item]], list[Item] | None]:
    """"Grow revenue 10% and hit a €12M revenue", "CA +10 % et un CA de 12 M€": a relative change and, in a "with"
    clause on the same metric, a value in the metric's own unit are one target (the value is its TO, the FROM
    follows), not a floor on the target's own metric. Returns the guards left and the clause giving the TO."""
    metric = next((i.value for i in main if i.category == "metric"), None)
    relative = any(i.category in ("fixed_change", "factor") or (i.category == "quantity" and i.value.unit in ("%", "pt"))
                   for i in main)
    absolute = any(i.category == "quantity" and i.value.unit not in ("%", "pt") and not i.value.placeholder
                   for i in main)
    if metric is None or not relative or absolute:
        return guards, None
    for n, clause in enumerate(guards):
        metrics = {i.value for i in clause if i.category == "metric"}
        quantities = [i for i in clause if i.category == "quantity"]
        if clause[0].value == "with" and metrics == {metric} and len(quantities) == 1 and \
                quantities[0].value.unit not in ("%", "pt"):
            return guards[:n] + guards[n + 1:], clause
    return guards, None


def _add_second(result: Parse, text: Text, items: list[Item], main: list[Item], lexicon: Lexicon) -> None:
    """Parse the split-off target as a sentence of its own, with the first one's verb, horizon and baseline when it
    has none ("Faire progresser le CA de 12 % et la marge de 3 points en 2027": the margin progresses too)."""
    words = [i for i in items if i.category != "word" or i.value not in ("le", "la", "les", "the")] or items
    span = text.source(items[0].start, items[-1].end).strip(" ,;")
    verb = next((i for i in main if i.category == "direction"), None)
    # its own verb, if it starts with one ("réduire le stock de 5 %"); else the sentence's ("AOV 5% and cut stock
    # 20%" grows AOV: the later verb is a third target's)
    own = next((k for k, i in enumerate(words) if i.category == "direction"), None)
    first_metric = next((k for k, i in enumerate(words) if i.category == "metric"), len(words))
    statement = span if verb is None or (own is not None and own < first_metric) else f"{verb.text} {span}"
    statement = statement[:1].upper() + statement[1:]
    other = parse(statement, lexicon=lexicon)
    other.statement, other.part = result.statement, span  # the KPI's source sentence, as the user wrote it
    _borrow(other, result)
    result.also.append(other)
    result.notes.append(("second_target", {"text": span}))


_JOINS = {"et", "ou", "ni", "and", "or", "nor", ","}

# "without revenue going down", "sans que la marge ne baisse": the guard's verb comes after its metric.
_FALLS = {"going down", "goes down", "go down", "falling", "falls", "fall", "dropping", "drops", "drop", "declining",
          "declines", "decline", "decreasing", "decreases", "decrease", "shrinking", "shrinks", "dipping", "dips", "dip",
          "slipping", "slips", "slip", "sliding", "slides", "sinking", "sinks", "ticking down", "baisse", "baissent",
          "recule", "reculent", "diminue", "diminuent", "chute", "chutent", "se degrade", "se degradent"}
_RISES = {"going up", "goes up", "go up", "rising", "rises", "rise", "increasing", "increases", "increase", "growing",
          "grows", "grow", "climbing", "climbs", "spiking", "spikes", "creeping up", "creeps up", "ticking up",
          "augmente", "augmentent", "monte", "montent", "grimpe", "grimpent", "explose", "explosent"}
_CAPS = {"going above", "goes above", "go above", "going over", "goes over", "rising above", "rises above",
         "climbing above", "creeping above", "creeping over",
         "exceeding", "exceeds", "exceed", "depasse", "depassent", "excede", "excedent"}
_ARTICLES = {"le", "la", "les", "l", "l'", "the", "our", "notre", "nos", "son", "sa", "ses", "its"}


def _guards_around_a_metric(items: list[Item]) -> list[Item]:
    """"without revenue going down" -> a no_decrease guard on revenue (the verb after the metric is dropped)."""
    out = list(items)
    for k, item in enumerate(out):
        opener = item.category == "word" and (item.value == "without" or (
            item.value == "sans" and k + 1 < len(out) and out[k + 1].category == "word"
            and out[k + 1].value in ("que", "qu")))
        if not opener:
            continue
        m = k + (2 if item.value == "sans" else 1)
        while m < len(out) and out[m].category == "word" and out[m].value in _ARTICLES:
            m += 1
        if m >= len(out) or out[m].category != "metric":
            continue
        v = m + 1
        while v < len(out) and out[v].category == "word" and out[v].value in ("ne", "n"):
            v += 1
        for width in (2, 1):  # "going down", then "falling"
            verb = out[v:v + width]
            said = " ".join(fold(i.text).strip() for i in verb)
            if len(verb) == width and said in _FALLS | _RISES | _CAPS:
                kind = "no_decrease" if said in _FALLS else "cap" if said in _CAPS else "no_increase"
                guard = Item("guard", kind, item.start, out[m - 1].end if m > k else item.end,
                             " ".join(i.text for i in out[k:m]))
                after = v + width
                if kind != "cap" and after < len(out) and out[after].category == "threshold" and \
                        out[after].value == ("max" if kind == "no_decrease" else "min"):
                    # "without conversion dropping below 2%": a floor of 2 % (was a fall of at most 2 %); "without
                    # unsubscribes rising above 0.4%": a ceiling
                    bound = out[after]
                    guard = Item("guard", "keep", guard.start, guard.end, guard.text)
                    flipped = Item("threshold", "min" if kind == "no_decrease" else "max", bound.start, bound.end,
                                   bound.text)
                    return out[:k] + [guard, out[m], flipped] + out[after + 1:]
                return out[:k] + [guard, out[m]] + out[after:]  # the explétif "ne" goes with its verb
    return out


def _each_guarded_metric(clause: list[Item]) -> list[list[Item]]:
    """"sans dégrader ni la marge ni le panier moyen", "without hurting AOV or margin": one guardrail per metric,
    each read with the clause's guard phrase (the numbers stay with the metric they follow)."""
    metrics = [k for k, i in enumerate(clause) if i.category == "metric"]
    if len(metrics) < 2:
        return [clause]
    parts: list[list[Item]] = []
    start = 1
    for k in metrics[1:]:
        joins = [i for i in clause[start:k] if i.category == "word" and i.value in _JOINS]
        if not joins:  # "sans hausse du taux de désabonnement des e-mails": one metric, two names
            continue
        cut = max(j for j in range(start, k) if clause[j].category == "word" and clause[j].value in _JOINS)
        parts.append(clause[start:cut])
        start = cut + 1
    parts.append(clause[start:])
    return [[clause[0]] + part for part in parts if any(i.category == "metric" for i in part)]


def _gerund_after(items: list[Item], k: int) -> bool:
    """"... au-dessus de 25 % en envoyant 20 % d'e-mails de plus": "en" before a verb in -ant (a gérondif) joins
    two actions as "tout en" does ("en 2026", "en France", "en moyenne" join nothing)."""
    if not (items[k].category == "word" and items[k].value == "en" and k + 1 < len(items)):
        return False
    verb = fold(items[k + 1].text).split()
    return items[k + 1].category != "word" and bool(verb) and verb[0].endswith("ant")


def _kept_while_moving(main: list[Item], guards: list[list[Item]]) -> tuple[list[Item], list[list[Item]]]:
    """"Garder les désabonnements sous 0,3 % tout en doublant les envois", "Keep unsubscribes under 0.3% while
    growing email revenue by 20%": the push is the target and what is kept is its guardrail, also when the push is
    on a measure the catalog lacks ("en triplant la fréquence d'envoi": its factor was the kept rate's)."""
    for k, item in enumerate(main):
        joined = item.category == "word" and (item.value in ("while", "whilst") or (
            item.value == "en" and k > 0 and main[k - 1].category == "word" and main[k - 1].value == "tout")
            or _gerund_after(main, k))
        # "Keep unsubscribes under 0.3%, grow email revenue 20%": a comma, then a verb that moves
        joined = joined or (_join(item) in (",", ";") and k + 1 < len(main) and main[k + 1].category == "direction"
                            and main[k + 1].value in ("increase", "reduce"))
        if not joined:
            continue
        after = main[k + 1:]
        verb = next((i for i in after if i.category != "word"), None)
        tout = item.value == "en" and k > 0 and main[k - 1].category == "word" and main[k - 1].value == "tout"
        before = main[:k - 1] if tout else main[:k]
        kept = any(i.category == "direction" and i.value in ("keep", "keep_max", "keep_min", "keep_not")
                   for i in before)
        # "Keep unsubscribes flat while sending 2x more emails", "... under 0.3% while sending 30% more emails": the
        # metric's own word is the verb ("sending"), the push said by its change; the level kept guards it, with a
        # number or without, as "while doubling sends" does
        pushed = verb is not None and verb.category == "metric" \
            and any(i.category in ("fixed_change", "factor", "more", "less") for i in after)
        # "... while doubling send frequency": a push on a measure the catalog lacks is the target too (the double
        # was read on the kept rate, a FROM of half its ceiling)
        if verb is None or (verb.category not in ("direction", "fixed_change", "factor") and not pushed) or not kept or \
                not any(i.category in ("metric", "unsupported") for i in after) or \
                not any(i.category in ("metric", "unsupported") for i in before):  # "Keep CAC < €40 while ..."
            return main, guards
        rail = [Item("guard", "keep", before[0].start, before[0].start, "")] + \
            [i for i in before if i.category != "direction"]
        return after, [rail] + guards
    return main, guards


def _two_years(items: list[Item], result: Parse) -> None:
    """"de 8 M€ en 2025 à 10 M€ en 2027", "10 M€ en 2027 vs 8 M€ en 2025": of two dated periods, the later is the
    horizon and the earlier the baseline (unless the sentence names its baseline otherwise)."""
    dated = [i.value for i in items if i.category == "horizon" and re.fullmatch(r"20\d\d(-[QH]\d|-\d\d)?", i.value.label)]
    if len(dated) == 1 and result.baseline is None and result.horizon is not None and result.horizon is not dated[0]:
        # "12 k au S1 (vs 10 k au S2 2025)", "5 M€ au T4 vs 4,6 M€ au T4 2025": the period after the value compared
        # with dates that value, the baseline (the target's own period has no year)
        k = next(k for k, i in enumerate(items) if i.category == "horizon" and i.value is dated[0])
        if k >= 2 and items[k - 1].category == "quantity" and items[k - 2].category == "baseline":
            result.baseline = dated[0].label
        return
    if len(dated) < 2 or result.baseline is not None:
        return
    anchor = date(2000, 1, 1)  # labels with a year do not depend on the day they are read
    first, last = min(dated, key=lambda h: resolve_deadline(h.label, anchor)), \
        max(dated, key=lambda h: resolve_deadline(h.label, anchor))
    if resolve_deadline(first.label, anchor) < resolve_deadline(last.label, anchor):
        result.horizon, result.baseline = last, first.label


_RESTATE = {"soit", "ie", "namely", "cad", "that"}


def _clauses(items: list[Item], lexicon: Lexicon,
             notes: list[tuple[str, dict[str, Any]]] | None = None) -> tuple[list[Item], list[list[Item]]]:
    """Split into the main clause and guardrail clauses; a guard clause with no metric goes back to the main."""
    main: list[Item] = []
    guards: list[list[Item]] = []
    current: list[Item] | None = None
    for k, item in enumerate(items):
        if item.category == "guard" and fold(item.text).strip() in ("et", "and") and k >= 2 and \
                items[k - 1].category == "quantity" and items[k - 2].category == "word" and \
                items[k - 2].value in ("entre", "between"):  # "entre 1,8 et 2 M€ de CA": a range, not a guard
            item = Item("word", fold(item.text).strip(), item.start, item.end, item.text)
        if _narrows_a_count(items, k):  # "the share of orders with a discount code": which orders, no guardrail
            item = Item("word", fold(item.text).split()[0], item.start, item.end, item.text)
        if item.category == "guard":
            current = [item]
            guards.append(current)
        elif current is not None:
            current.append(item)
        else:
            main.append(item)
    # "By 30 June 2027, 40% of revenue from email": before a bare comma, a deadline alone is no target to guard; what
    # follows the comma is the target
    if guards and fold(guards[0][0].text).strip() in (",", ";") and \
            not any(i.category in _VALUES or i.category in ("metric", "unsupported", "direction") for i in main):
        main += [Item("word", fold(guards[0][0].text).strip(), guards[0][0].start, guards[0][0].end,
                      guards[0][0].text)] + guards[0][1:]
        guards = guards[1:]
    # "Sans dégrader la marge, augmenter le CA de 10 %": after a comma, a verb opens the main clause again
    for n, clause in enumerate(guards):
        for k, item in enumerate(clause):
            comma = (item.category == "word" and item.value in (",", ";")) or \
                (k == 0 and item.category == "guard" and item.text.strip() in (",", ";"))
            if comma:
                after = next((i for i in clause[k + 1:] if i.category != "word"), None)
                if after is not None and after.category in ("direction", "fixed_change", "factor"):
                    # the comma stays, a join between two targets ("CA +10 %, réduire le stock de 20 %")
                    main.extend([Item("word", ",", item.start, item.end, ",")] + clause[k + 1:])
                    guards[n] = clause[:k]
                    break
    guards = [clause for clause in guards if clause]
    # ", soit 25 % du CA total", ", i.e. 25% of revenue": a restatement of the target, not a guardrail
    notes = notes if notes is not None else []
    restated = [c for c in guards if len(c) > 1 and c[1].category == "word" and c[1].value in _RESTATE
                and any(i.category == "metric" for i in c)]  # ", soit +20 % vs 2026" stays with the target
    guards = [c for c in guards if c not in restated]
    notes.extend(("restatement", {"text": " ".join(i.text for i in c[1:])}) for c in restated)
    kept: list[list[Item]] = []
    for clause in guards:
        if any(i.category == "metric" for i in clause) or clause[0].value in ("discount", *GUARDED_BY_NAME) or (
                clause[0].value != "with" and any(i.category == "scope" and i.value in
                                                  (lexicon.compose.get("revenue") or {}) for i in clause)):
            kept.append(clause)
        elif any(i.category == "unsupported" for i in clause) or (
                clause[0].value == "degrade" and any(i.category == "scope" for i in clause)):
            # "tout en maintenant le taux de service", "sans cannibaliser le SEA": a guardrail on a metric the catalog
            # lacks, said, not dropped (nor its channel taken for the target's)
            notes.append(("guard_without_metric", {"text": " ".join(i.text for i in clause)}))
        else:  # a bare "et"/"and" stays a word of the main clause ("entre 2,5 et 3 %")
            main.extend(Item("word", fold(i.text).strip(), i.start, i.end, i.text) if i.category == "guard" and
                        fold(i.text).strip() in ("et", "and") else i for i in clause
                        if i.category != "guard" or fold(i.text).strip() in ("et", "and"))
    # "Passer de 8 à 10 M€ de CA email, désabonnements < 0,5 %": a later comma segment with a metric and a
    # threshold is a guardrail too.
    first_metric = next((k for k, i in enumerate(main) if i.category == "metric"), None)
    if first_metric is not None:
        for k in range(first_metric + 1, len(main)):
            # ". Keep unsubscribes under 0.3%.": a sentence after the target, as a segment after a comma
            if main[k].category == "word" and main[k].value in (",", ";", ".", "-", "|"):
                segment = main[k + 1:]
                end = next((j for j, i in enumerate(segment) if i.category == "word" and i.value in (",", ";", ".")),
                           len(segment))
                segment = segment[:end]
                segment = _negated_bounds(segment)
                plain = _no_change_of(segment)  # "— no increase in unsubs": a guardrail with no number
                if plain is not None:
                    kept.append([Item("guard", plain, segment[0].start, segment[0].end, segment[0].text)] + segment[1:])
                    main = main[:k + 1] + main[k + 1 + end:]
                    break
                if main[k].value in ("-", "|"):
                    continue
                if any(i.category == "metric" for i in segment) and any(i.category == "threshold" for i in segment):
                    kept.append([Item("guard", "with", main[k].start, main[k].end, ",")] + segment)
                    main = main[:k + 1] + main[k + 1 + end:]
                    break
    return main, kept


def _narrows_a_count(items: list[Item], k: int) -> bool:
    """"the share of orders with a discount code", "la part des commandes avec un code promo": a "with" right after
    a count, naming no metric before the next number, says which of the things counted are meant; it guards nothing
    (its words, and the numbers after them, were dropped as a guardrail on no metric)."""
    before = k - 1 if k < 2 or items[k - 1].text.strip() != "(" else k - 2  # "orders (with free delivery)"
    if items[k].category != "guard" or items[k].value != "with" or fold(items[k].text).split()[0] not in _NARROWING \
            or before < 0 or items[before].category != "metric" or metric_kind(items[before].value) != "volume":
        return False  # "40 concepts dont au moins 8 gagnants" guards the hits
    rest = next((j for j in range(k + 1, len(items)) if items[j].category in ("quantity", "guard", "threshold")),
                len(items))
    return rest > k + 1 and not any(i.category == "metric" for i in items[k + 1:rest])


def _restated_in_main(main: list[Item], notes: list[tuple[str, dict[str, Any]]]) -> list[Item]:
    """"Objectif CA email : 2 M€ (soit 20 % du CA)": a restatement of the target through another metric, after a
    number, is not the target (it made a share of the sentence); ", soit +12 % vs 2026" (no metric) stays."""
    for k, item in enumerate(main):
        if not (item.category == "word" and item.value in _RESTATE) or \
                not any(i.category in _VALUES for i in main[:k]):
            continue
        end = next((j for j in range(k + 1, len(main)) if main[j].category == "word" and main[j].value in (")", ",", ";")),
                   len(main))
        if not any(i.category == "metric" for i in main[k + 1:end]):
            continue
        start = k - 1 if k > 0 and main[k - 1].category == "word" and main[k - 1].value in ("(", ",") else k
        stop = end + 1 if end < len(main) and main[end].value == ")" else end
        notes.append(("restatement", {"text": " ".join(i.text for i in main[k + 1:end])}))
        return main[:start] + main[stop:]
    return main


def _counted_part(metric: str | None, from_value: Quantity | None, to_value: Quantity | None) -> str | None:
    """The count a rate is made of, when the sentence gives a count: a bare number above 100 ("à 500 par mois")
    is no percent, and "désinscriptions", "clics", "ouvertures" name both the rate and its count."""
    from kpiguard.catalog import builtin_metrics

    found = builtin_metrics().get(metric or "")
    values = [q for q in (from_value, to_value) if q is not None and not q.placeholder]
    if found is None or found.unit != "%" or not found.numerator or found.numerator not in builtin_metrics() or \
            not values or any(q.unit is not None for q in values) or max(q.value for q in values) <= 100:
        return None
    return found.numerator


def rate_of_count(metric: str | None) -> str | None:
    """The catalog rate whose numerator a count is ("25 % de hits" is the hit rate, "20 % d'ouvertures" the open
    rate): a percent level of a count says its rate. None when the catalog has no such rate ("30 % de nouveaux
    clients" stays a measure it lacks)."""
    from kpiguard.catalog import builtin_metrics

    return next((name for name, m in builtin_metrics().items() if m.unit == "%" and m.numerator == metric and
                 metric is not None), None)


# convert, converting, convertir, convertissent, transformer; "1 visiteur sur 40 passe à l'achat", "3% of visitors buy"
_CONVERT = ("convert", "transform", "achat", "achet", "buy", "purchas", "commande", "order")


def _untitled(items: list[Item]) -> list[Item]:
    """"Améliorer la délivrabilité : taux d'ouverture > 20 %", "Fidélisation : taux de réachat ...": words before a
    colon with no number are a title when what follows starts with a metric and gives a number; the title's words
    and metrics are not the KPI's (its verb, scope or horizon still are)."""
    colon = next((k for k, i in enumerate(items) if i.category == "word" and i.value == ":"), None)
    if colon is None:
        return items
    before, after = items[:colon], items[colon + 1:]
    first = next((i for i in after if i.category != "word"), None)
    if any(i.category in _VALUES for i in before) or first is None or first.category != "metric" or \
            not any(i.category in _VALUES for i in after):
        return items
    return [i for i in before if i.category not in ("word", "metric", "unsupported")] + items[colon + 1:]


def _rate_of_those(items: list[Item], head: Item | None, metric: str) -> str | None:
    """The rate named after a percent of a count ("Get 30% of new customers to buy again within 90 days", "1 client
    sur 3 doit racheter sous 90 jours"): what share of those people do something is that rate, not a custom metric."""
    if head is None or metric_kind(metric) != "volume":
        return None
    return next((i.value for i in items if i.category == "metric" and i.start > head.start and
                 metric_kind(i.value) == "rate"), None)


def _counts_something_else(items: list[Item], k: int, lexicon: Lexicon) -> bool:
    """"Hire 2 CRM managers": a bare count whose noun (past a scope) is a word kpiguard does not know counts no
    metric of the sentence."""
    q = items[k].value
    if items[k].category != "quantity" or q.unit is not None or items[k].extra.get("scale", 1.0) != 1.0:
        return False
    j = k + 1
    while j < len(items) and items[j].category == "scope":
        j += 1
    known = lexicon.words("stopwords") | lexicon.words("language_words")
    return j < len(items) and items[j].category == "word" and items[j].value.isalpha() and len(items[j].value) > 2 \
        and items[j].value not in known


def _duty_first(items: list[Item], lexicon: Lexicon) -> list[Item]:
    """"Own the CRM roadmap and grow CRM revenue from €6M to €8M", "Piloter le CRM et faire passer le CA email de 6 à
    8 M€" (a job offer's duties): words before a bare "and"/"et" that name no metric, no number and no verb of
    direction are a duty, not a target, when what follows has a verb, a metric and a number; the "and" opens no
    guardrail, and the duty's scope ("CRM") is not the KPI's."""
    k = next((k for k, i in enumerate(items) if i.category == "guard"), None)
    if k is None:
        return items
    said = fold(items[k].text).strip()
    opener: list[Item] = []
    if items[k].value == "keep" and said.split()[0] in ("and", "et"):  # "Lead the retention squad and keep ..."
        verb = items[k].text.strip().split(None, 1)[1]
        opener = [Item("direction", "keep", items[k].end - len(verb), items[k].end, verb, items[k].lang,
                       {"phrase": verb, "matched": fold(verb)})]
    elif items[k].value != "with" or said not in ("and", "et"):
        return items
    before, after = items[:k], opener + items[k + 1:]
    # "Hire 2 CRM managers and ...": a count of something else is part of the duty
    named = [i for n, i in enumerate(before) if i.category != "word" and not _counts_something_else(before, n, lexicon)]
    if named and named[0].category == "direction" and _only_words(before, 0, before.index(named[0])):
        named = named[1:]  # "Drive the CRM roadmap and ...", "Run the lifecycle program and ...": the duty's own verb
    if any(i.category in _VALUES or i.category in ("metric", "direction", "unsupported", "horizon") for i in named) \
            or not any(i.category == "direction" for i in after) \
            or not any(i.category in ("metric", "unsupported") for i in after) \
            or not any(i.category in _VALUES for i in after):  # "... and bring CAC under $40": a measure it lacks
        return items
    # its words stay unknown (its verb too: "Drive" is no target's verb here)
    return [i if i.category == "word" else Item("word", fold(i.text).strip(), i.start, i.end, i.text)
            for i in before if i.category != "scope"] + after


_PURPOSE_WORDS = {"to", "pour"}
_MEANS = ("direction", "metric", "scope", "unsupported", "sku", "cadence", "share", "more", "less")


def _purpose(items: list[Item], result: Parse, text: Text) -> list[Item]:
    """A clause of purpose, "to"/"pour" and a verb of change on a metric: "Run A/B tests to lift conversion to 3%",
    "Send a weekly newsletter to grow email revenue 10%" (the means before it has no number: the target follows, the
    means is noted and left out) or "Launch 40 concepts to grow revenue", "Cut dead stock 30% to improve margin" (the
    purpose has no number: the target comes first, the purpose is noted and left out; no guardrail is made of it)."""
    k = next((k for k in range(1, len(items)) if items[k].category == "direction" and
              items[k].value in ("increase", "reduce", "reach") and items[k - 1].category == "word" and
              (items[k - 1].value in _PURPOSE_WORDS or (items[k - 1].value in ("de", "d", "'") and
                                                         any(i.value == "afin" for i in items[max(0, k - 3):k - 1]
                                                             if i.category == "word")))), None)
    if k is None:
        return items
    opener = k - 1
    while opener > 0 and items[opener - 1].category == "word" and items[opener - 1].value in ("afin", "d", "'", "in",
                                                                                            "order", "so", "as"):
        opener -= 1
    before, after = items[:opener], items[k:]
    end = next((j for j, i in enumerate(after) if i.category == "guard" or
                (i.category == "word" and i.value in (",", ";", "."))), len(after))
    clause = after[:end]
    valued = any(i.category in _VALUES for i in before)
    if any(i.category == "guard" for i in before) or not any(i.category == "metric" for i in clause):
        return items
    reach = items[k].value == "reach"  # "Cart abandonment emails to drive $250k": a means; "Grow email to reach
    pushed = any(i.category == "direction" and i.value in ("increase", "reduce") for i in before)  # 25% of ...": no
    subject = next((i for i in before if i.category != "word" or re.search(r"[a-z]", i.value)), None)
    if not valued and any(i.category in _VALUES for i in clause) and any(i.category in _MEANS for i in before) and \
            not (reach and pushed) and not (subject is not None and subject.category == "scope"):
        # ("Email to deliver 30% of online revenue": the channel first is the target's subject, no means)
        means = [i for i in before if i.category in _MEANS or i.category == "word"]
        first, last = means[0], means[-1]
        result.notes.append(("means", {"text": text.source(first.start, last.end).strip()}))
        return [i for i in before if i not in means] + after
    if valued and any(i.category == "metric" for i in before) and not any(i.category in _VALUES for i in clause):
        result.notes.append(("purpose", {"text": text.source(items[opener].start, clause[-1].end).strip()}))
        return before + after[end:]
    return items


# "Lead the CRM team", "Return the ...": a sentence that opens on a noun of measure followed by a determiner opens
# on a verb (the imperative of a duty or a target), not on that measure
# ("a" is the French "à" unaccented, "this" dates a metric: "Sales this quarter +10%")
_DUTY_DETERMINERS = {"the", "our", "an", "my", "your", "their"}


_FORBIDDEN = re.compile(r"(?<![a-z])(?:(?:is|are|would\s+be|serait|est|sont)\s+)?(?:a\s+|an\s+|une\s+)?(?:no[\s-]?go|red\s+line|"
                        r"not\s+acceptable|unacceptable|ligne\s+rouge|inacceptable|interdit|pas\s+acceptable)(?![a-z])")


def _forbidden_bound(items: list[Item], text: Text) -> list[Item]:
    """"CVR below 2% is a no-go", "un panier moyen sous 60 € est une ligne rouge": a bound said to be forbidden is
    kept the other way (a floor of 2 %), as "never let CVR drop below 2%" is; the words saying so are read."""
    m = _FORBIDDEN.search(text.norm)
    if m is None or not any(i.category == "threshold" and i.end <= m.start() for i in items):
        return items
    kept = [i for i in items if not (i.start >= m.start() and i.end <= m.end())]
    first = kept[0] if kept else items[0]
    said = text.source(m.start(), m.end()).strip()
    return [Item("direction", "keep_not", first.start, first.start, said, None, {"phrase": said, "matched": said})] + \
        [i for i in kept if not (i.category == "direction" and i.value in ("reach", "move"))]


def _make_sure(items: list[Item]) -> list[Item]:
    """"Make sure AOV doesn't drop below £50", "Faire en sorte que ...": "make"/"faire" there is no verb of reaching
    (the verb of the target comes after)."""
    out = list(items)
    for k, item in enumerate(out[:-1]):
        nxt = [i.value for i in out[k + 1:k + 3] if i.category == "word"]
        if item.category == "direction" and fold(item.text).strip() in ("make", "faire") and \
                (nxt[:1] == ["sure"] or nxt[:2] == ["en", "sorte"]):
            out[k] = Item("word", fold(item.text).strip(), item.start, item.end, item.text)
    return out


def _verb_first(items: list[Item]) -> list[Item]:
    """"Lead the CRM team and grow CRM revenue 10% by Q4": the first word, read as a measure ("leads") but followed by
    a determiner, is a verb; it becomes a word (unknown, said), never the KPI's metric."""
    first = next((k for k, i in enumerate(items) if not (i.category == "word" and not re.search(r"[a-z]", i.value))),
                 None)
    if first is None or first + 1 >= len(items):
        return items
    item, after = items[first], items[first + 1]
    if item.category not in ("metric", "unsupported") or " " in fold(item.text).strip() or \
            not (after.category == "word" and after.value in _DUTY_DETERMINERS):
        return items
    return items[:first] + [Item("word", fold(item.text).strip(), item.start, item.end, item.text)] + items[first + 1:]


def metric_kind(metric: str | None) -> str | None:
    from kpiguard.catalog import builtin_metrics

    definition = builtin_metrics().get(metric or "")
    if definition is None:
        return None
    if definition.kind == "ratio" or definition.type == "ratio":
        return RATIO_KIND.get(definition.ratio_of or "", "rate")
    return KIND_OF.get(definition.kind or "", "volume")


def _words_between(items: list[Item], start: int, end: int) -> list[str]:
    return [i.value for i in items[start:end] if i.category == "word"]


def _only_words(items: list[Item], start: int, end: int) -> bool:
    return all(i.category == "word" for i in items[start:end])


def _read_main(items: list[Item], result: Parse, lexicon: Lexicon, stated: list[Item] | None = None) -> None:
    """The main clause: which numbers are FROM, TO and change; which metric; which direction. `stated` is a clause
    giving the TO of the main clause's change ("... et un CA de 12 M€")."""
    metrics = [i for i in items if i.category == "metric"]
    scopes = [i.value for i in items if i.category == "scope"]
    verb = next((i for i in items if i.category == "direction"), None)
    sku = any(i.category == "sku" for i in items)
    # A second metric naming a population ("CA des nouveaux clients") is a scope of the first.
    # ("Le nombre de nouveaux clients doit croître plus vite que le CA" names the customers first, apart from the
    # revenue: they are its metric; "new-customer revenue" names them first too, as a population)
    if len(metrics) > 1 and any(m.value == "new_customers" and (k > 0 or _next_is_metric(items, m))
                                for k, m in enumerate(metrics)):
        metrics = [m for m in metrics if m.value != "new_customers"]
        scopes.append("new_customers")
    # "4 e-mails par client actif": the customers an average is taken per are not the metric
    metrics = [m for m in metrics if not (m.value in _HEAD_METRICS and _after_per(items, m))] or metrics[:0]
    head = metrics[0] if metrics else None
    stock_units = head is not None and head.value == "dormant_stock_units" and not sku

    direction = verb.value if verb else None
    if direction == "sell":  # selling dormant stock clears it; selling anything else is a level to reach
        direction = "clear" if head is not None and head.value in ("dormant_stock_units", "dormant_skus") else "reach"
    verb_bound = None
    forbidden = direction == "keep_not"
    if direction in ("keep_max", "keep_min"):  # "ne pas dépasser 0,3 %", "never drop below €60": a kept bound
        direction, verb_bound = "keep", direction[5:]
    elif forbidden:  # "ne pas laisser", "don't let": the bound is the opposite of what is not let happen
        direction, verb_bound = "keep", "max"
    numbers = _Numbers(items, lexicon, direction, stock_units, result)
    from_value, to_value, change_value = numbers.from_, numbers.to, numbers.change
    direction = numbers.direction
    if forbidden and numbers.bound is not None:  # "never let AOV drop below €60": a floor of €60
        verb_bound, numbers.bound = ("min" if numbers.bound == "max" else "max"), None
    stated_bound = None
    if stated is not None and to_value is None:
        to_value = next(i.value for i in stated if i.category == "quantity")
        stated_bound = next((i.value for i in stated if i.category == "threshold"), None)
    fixed = next((i for i in items if i.category == "fixed_change"), None)
    factor = next((i for i in items if i.category == "factor"), None)
    fraction = next((i for i in items if i.category == "fraction"), None)
    if change_value is None and fixed is None and fraction is not None:  # "de moitié", "d'un tiers": the verb's way
        sign = 1 if direction == "increase" else -1
        fixed = Item("fixed_change", str(sign * float(fraction.value)), fraction.start, fraction.end, fraction.text)
    if change_value is None and fixed is None and factor is not None:  # "diviser par 3", "multiplier par deux"
        divide = direction == "reduce" or (verb is not None and fold(verb.text).startswith(("divis", "divid")))
        fixed = Item("fixed_change", str(factor_change(factor.value, divide)), factor.start, factor.end, factor.text)
    if change_value is None and fixed is not None:  # "doubler", "réduire de moitié", "halve", "x2"
        change_value = Quantity(float(fixed.value), "%", fixed.text)
        if direction in (None, "reach", "move"):  # "Faire x2 sur le CA CRM"
            direction = "increase" if change_value.value > 0 else "reduce"

    metric = _choose_metric(items, head, verb, direction, scopes, sku, numbers.share, to_value, change_value,
                            result, lexicon)
    range_bound = None
    if numbers.range is not None and from_value is None and to_value is None and change_value is None:
        low, high = sorted(numbers.range, key=lambda q: q.value)  # "entre 3 et 2,5 %" is the same range
        if low.unit == high.unit == "%" and verb is not None and verb.value in ("increase", "reduce") and \
                (metric_kind(metric) in ("amount", "volume", "average") or numbers.range_of_change):
            from_value, to_value = low, high  # "Augmenter le CA entre 8 et 10 %": a range of change, read below
        elif low.unit == high.unit == "pt":  # "Improve open rate by 2-3 pts": points are a change, a range of one
            from_value, to_value = low, high
        else:
            # "Taux de conversion entre 2,5 et 3 %": the end the team commits to is a floor where more is better,
            # a ceiling where less is (the other end is a stretch)
            down = direction == "reduce" or (metric is not None and _metric_direction(metric) == "down")
            to_value, range_bound = (high, "max") if down else (low, "min")
            result.notes.append((f"target_range_{range_bound}", {"low": low.text, "high": high.text}))
    if metric is not None and change_value is None and from_value is not None and to_value is not None and \
            from_value.unit == to_value.unit == "%" and direction in ("increase", "reduce") and \
            verb is not None and verb.value in ("increase", "reduce") and \
            (metric_kind(metric) in ("amount", "volume", "average") or numbers.range_of_change):
        # "Augmenter le panier moyen de 3 à 5 %", "Grow AOV by 3-5%": a range of change; its low end is committed
        result.notes.append(("change_range", {"low": from_value.text, "high": to_value.text}))
        change_value = Quantity(from_value.value, "%", from_value.text)
        from_value = to_value = None
    if change_value is None and from_value is not None and to_value is not None and from_value.unit == to_value.unit \
            == "pt":  # "Augmenter la conversion de 2 à 3 pts": points are a change, so a pair of them a range of one
        low, high = sorted((from_value, to_value), key=lambda q: abs(q.value))
        result.notes.append(("change_range", {"low": low.text, "high": high.text}))
        change_value = _signed(Item("quantity", low, 0, 0, low.text), direction == "reduce").value
        from_value = to_value = None
    off_channel = next((s for s in scopes if s in ("homepage", "search", "social", "site", "store", "marketplace") and
                        not (s == "site" and metric in _SITE_REVENUE)), None)  # "25 % du CA en ligne via email"
    if metric is not None and off_channel is not None and metric.startswith("email_"):
        # "taux de clic sur la homepage": the catalog's click rate counts e-mail clicks; never guessed
        result.notes.append(("email_metric_elsewhere", {"metric": metric, "scope": off_channel}))
        result.candidates = [metric]
        metric = None
    if metric is not None and change_value is None and from_value is None and to_value is not None and \
            to_value.unit in ("%", "pt") and direction in ("increase", "reduce") and not numbers.share and \
            _metric_unit(metric) != "%" and numbers.bound == "min":  # "à 98 %", "sous 20 %" still ask
        # "Croissance du CA d'au moins 10 %", "Revenue growth ≥ 10%": a percent is no level of revenue; with a verb
        # or a noun of change it is the change
        change_value, to_value = to_value, None
    counted = _counted_part(metric, from_value, to_value)
    if counted is not None:  # "Limiter les désinscriptions à 500 par mois": 500 unsubscribes, not a rate of 500
        metric = counted
    if metric in ("visitors", "sessions") and _percent_of_a_count(metric, from_value, to_value, None) and \
            any(fold(i.text).strip().startswith(_CONVERT) for i in items if i.category in ("word", "direction") or
                i.category == "metric" and i.value == "orders"):
        metric = "conversion_rate"  # "Convert 3.5% of visitors", "Convertir 3 % des sessions": the conversion rate
    if metric is not None and rate_of_count(metric) and change_value is None and \
            any(q is not None and q.unit == "%" for q in (from_value, to_value)):
        metric = rate_of_count(metric)  # "Atteindre 25 % de hits": the hit rate
    if metric is not None and _percent_of_a_count(metric, from_value, to_value, change_value) and \
            (rate := _rate_of_those(items, head, metric)) is not None:
        metric = rate  # "30 % des nouveaux clients rachètent sous 90 jours": the repurchase rate, of those customers
    if metric is not None and _percent_of_a_count(metric, from_value, to_value, change_value) and \
            (scoped := _scoped_share(result, metric, from_value, to_value, items, head, lexicon)) is not None:
        # "25 % des commandes via l'e-mail": the part of a count in a channel, which the catalog lacks; its custom
        # share (the channel's count over all of it) is drafted
        result.notes = [(code, values) for code, values in result.notes if code != "scope_not_in_catalog"]
        result.notes.append(("share_not_in_catalog", {"metric": metric, "scope": scoped[0], "words": scoped[1]}))
        _ask_for_share(result, metric, scoped[0], head, scoped[1])
        metric = None
    elif metric is not None and _percent_of_a_count(metric, from_value, to_value, change_value):
        # "Keep gross margin above 40%": a rate of a metric the catalog measures in € or units; never guessed
        result.notes.append(("percent_of_count", {"text": head.text if head else metric}))
        money = any(q is not None and q.is_currency for q in (from_value, to_value, change_value))
        result.kind = "amount" if money else "rate"
        # the measure it asks for is drafted as the custom metric it is ("gross margin rate", "dead stock value"),
        # as any measure the catalog lacks: the catalog metric itself is no candidate (it would be the nonsense)
        result.unsupported = _measure_in_its_unit(head.text if head else metric, money, result.lang)
        metric = None
    result.metric = metric
    result.scope = list(dict.fromkeys(scopes))
    if metric is not None:
        from kpiguard.catalog import builtin_metrics

        result.kind = metric_kind(metric)
        result.level = builtin_metrics()[metric].level
    else:
        if not any(i.category == "unsupported" for i in items):
            result.kind = result.kind or _guess_kind(items, to_value or from_value)
        if result.unsupported is None:  # a measure the catalog lacks has no neighbour to pick: never offered one
            if not result.candidates:
                result.candidates = _candidates(items, result.kind, lexicon)
            result.notes.append(("no_metric", {}))

    direction = _direction(items, direction, metric, from_value, to_value, change_value)
    if change_value is not None and direction == "reduce" and change_value.value > 0:
        change_value = Quantity(-change_value.value, change_value.unit, change_value.text)
    if any(q is not None and q.placeholder for q in (from_value, to_value, change_value)):
        result.notes.append(("placeholder", {}))
        from_value, to_value, change_value = (None if q is not None and q.placeholder else q
                                              for q in (from_value, to_value, change_value))
    # A relative target is resolved when the sentence gives its FROM.
    if from_value is not None and change_value is not None and to_value is None:
        to_value = _apply_change(from_value, change_value)
        if to_value is not None and (to_value.value < 0 or (to_value.unit == "%" and to_value.value > 100)):
            # "Reduce unsubscribe rate by 2 points from 0.4%": a TO no metric can have; said, not written
            result.notes.append(("impossible_to", {"text": format_quantity(to_value)}))
            to_value = None
        result.to_resolved = to_value is not None
    elif to_value is not None and change_value is not None and from_value is None and _has_unit(to_value, metric):
        # "Atteindre 8 M€ (+12 % vs 2026)": the change says where the TO starts from
        from_value = _unapply_change(to_value, change_value)
        result.from_resolved = from_value is not None
    result.direction = direction
    result.from_, result.to, result.change = from_value, to_value, change_value
    if metric is not None and from_value is None and to_value is None and change_value is None:
        result.notes.append(("no_target", {}))  # "Booster les ventes": a direction, not a target
    result.bound = (numbers.bound or verb_bound or stated_bound or range_bound) \
        if to_value is not None and not result.to_resolved else None
    result.baseline = result.baseline or (numbers.baseline if from_value is not None else None)
    if from_value is not None and result.baseline is None and result.horizon is not None and \
            numbers.to_year is None and numbers.from_year == result.horizon.label:
        # "Taux d'ouverture -> 30 % (vs 24 % en 2026)", "de 24 % en 2026 à 30 %": the year dates the FROM
        result.baseline, result.horizon = result.horizon.label, None
    if numbers.compared_period is not None:  # "+12% vs −3% last year": the compared change's period is the baseline
        period = numbers.compared_period
        result.baseline = period.value if period.category == "base_period" else period.value.label
        if result.horizon is period.value:
            result.horizon = None
    if result.horizon is None and numbers.horizon_year is not None:  # "CA 2027 : 10 M€"
        result.horizon = Horizon(numbers.horizon_year, numbers.horizon_year)
    elif numbers.horizon_year is not None and result.horizon is not None and \
            result.horizon.label == result.baseline and result.horizon.label != numbers.horizon_year:
        # "AOV: £60 (Q1) → £68 (Q3)": the first period named dates the FROM; the TO's is the horizon
        result.horizon = Horizon(numbers.horizon_year, numbers.horizon_year)
    elif numbers.horizon_year is not None and result.baseline is None and \
            re.fullmatch(r"20\d\d", result.horizon.label) and result.horizon.label < numbers.horizon_year:
        # "CA 2026 : 1,5 M€ (vs 1,2 M€ en 2025)": the dated TO is the later year, the other one the baseline
        result.baseline = result.horizon.label
        result.horizon = Horizon(numbers.horizon_year, numbers.horizon_year)


class _Numbers:
    """The role of each number of the main clause: FROM, TO or change (and whether a percent asks for a share)."""

    def __init__(self, items: list[Item], lexicon: Lexicon, direction: str | None, stock_units: bool,
                 result: Parse) -> None:
        self.direction = direction
        self.share = any(i.category == "share" for i in items)
        self.range: tuple[Quantity, Quantity] | None = None
        self.range_of_change = False
        self.bound: str | None = None
        self.baseline: str | None = None
        self.horizon_year: str | None = None
        self.compared_period: Item | None = None
        to_words = lexicon.words("to_words")
        at_words = lexicon.words("at_words") | to_words
        change_words = lexicon.words("change_words")
        indexes = [k for k, i in enumerate(items) if i.category == "quantity"]
        roles: dict[int, str] = {}
        bounds: dict[int, str] = {}
        dated: list[tuple[str, int]] = []
        numbers = {k: items[k] for k in indexes}
        bare_years: dict[int, str] = {}
        for k in [k for k in numbers if _tolerance(items, k)]:  # "3 % +/- 0,2 pt": around the target, not one
            result.notes.append(("tolerance", {"text": numbers.pop(k).text}))
        for k in [k for k in numbers if numbers[k].value.unit is None and k + 1 < len(items) and
                  items[k + 1].category == "word" and items[k + 1].value in _DURATION_WORDS and
                  not _paired_count(items, k, to_words)  # "from 45 to 30 days": a value in days, a pair
                  and not _measures_time(items, k)]:  # "délai de livraison à 48 heures": a value in hours
            # "le taux d'ouverture à 3 mois": a duration the horizons do not read, never a value of the metric
            result.notes.append(("duration", {"text": f"{numbers.pop(k).text} {items[k + 1].text}"}))
        # "Faire progresser le CA de 2026 à 2027 de 10 %": with a number in a unit, a pair of years is a period
        measured = any(i.value.unit is not None for i in numbers.values())
        for k in list(numbers):
            q = numbers[k].value
            if q.unit is None and not numbers[k].extra["explicit"] and q.value.is_integer() \
                    and 2000 <= q.value <= 2100 and re.fullmatch(r"20\d\d", numbers[k].text.strip()) \
                    and (measured or not _paired_count(items, k, to_words)) and not (
                        k + 1 < len(items) and items[k + 1].category == "metric" and
                        metric_kind(items[k + 1].value) == "volume"):  # "Gagner 2000 nouveaux clients": a count
                year = numbers.pop(k).text.strip()
                after = items[k + 1:k + 3]
                if len(after) == 2 and after[0].category == "word" and after[0].value in (":", "=") and \
                        after[1].category == "quantity" and not re.match(r"[+-]", fold(after[1].text).strip()):
                    # "2026 : 7,1 M€": a value dated by its year ("CA 2027 : +8 %" is a change, dated by it)
                    dated.append((year, k + 2))
                else:
                    bare_years[k] = year
        # "(FY2026: $10.8m)", "objectif 2027 : 8 M€": a value dated by a year read as a period
        # "(Q2: 3.6%)": a quarter or a half dates its value too
        dated.extend((items[j].value.label, j + 2) for j in range(len(items) - 2) if items[j].category == "horizon"
                     and re.fullmatch(r"20\d\d|(?:20\d\d-)?[QH]\d", items[j].value.label) and items[j + 1].category == "word"
                     and items[j + 1].value in (":", "=") and items[j + 2].category == "quantity" and j + 2 in numbers
                     and not re.match(r"[+-]", fold(items[j + 2].text).strip()))  # "T3 : +12 %" is a change
        # "120k en 2026, 140k visés en 2027", "2 % (2025) -> 3 % (2027)": values each followed by a different year
        followed = [(year, k) for k in numbers if (year := _year_after(items, k, bare_years)) is not None]
        if not dated and len({year for year, _ in followed}) >= 2:
            dated.extend(followed)
        used = {k + 1 + j for _, k in followed for j in range(3)} if dated == followed else set()
        pair_year = None
        for k in [k for k in bare_years if _paired_count(items, k, to_words) and k + 2 in bare_years]:
            # "de 2026 à 2027": the later year is the horizon, the earlier the baseline
            result.baseline = result.baseline or bare_years[k]
            pair_year = bare_years[k + 2]
            used |= {k, k + 2}
        # "CA 2026 +10 %", "Revenue 2027: +8%", "CA HT 2026", "CA email 2026": a year right after the metric dates it
        named = [k for k in bare_years if k not in used and _names_the_metric(items, k)]
        # "below 0.2% in every month of 2026", "chaque mois de 2026": the year of the periods a cadence counts
        named += [k for k in bare_years if k not in used and k > 1 and items[k - 1].category == "word" and
                  items[k - 1].value in ("of", "de") and items[k - 2].category == "cadence"]
        if named and not any(i.category == "horizon" for i in items):  # "CA 2025 10 M€ -> 12 M€ en 2027": noted
            pair_year = pair_year or bare_years[named[0]]
            used |= set(named[:1])
        result.notes.extend(("year_ignored", {"text": year}) for k, year in bare_years.items() if k not in used)
        # "de 8 à 10 M€", "from 2.1% to 2.5%", "8 % -> 12 %", "3-5 %"
        for a, b in itertools.pairwise(list(numbers)):
            # "de 8 M€ en 2025 à 10 M€ en 2027": the dates of the two numbers do not break the pair
            # "de 50 000 commandes par mois à 60 000", "from 2.4M/mo to 3M/mo": the metric and the cadence of the
            # first number do not either ("de" before the metric goes with it: "de 8 M€ de CA à 10 M€")
            gap = [i for n, i in enumerate(items[a + 1:b], a + 1)
                   if i.category not in ("horizon", "base_period", "current", "cadence", "metric") and
                   not (i.category == "word" and i.value in ("de", "d", "'", "of") and n + 1 < b and
                        items[n + 1].category == "metric")]
            # "de 50 k unités à 30 k": the unit of the first number; "€1.50 (Q4 2026) → €1.80": its dated bracket
            # "de 72 heures à 48 heures" (a delivery time): the hours of the first number too
            units = _UNIT_NOUNS | (_DURATION_WORDS if _measures_time(items, a) else set())
            between = [i.value if i.category == "word" else "->" for i in gap if i.category != "word" or
                       i.value not in units | _EN_HEDGES | {"(", ")"}]
            by = a > 0 and items[a - 1].category == "word" and items[a - 1].value == "by"
            if a not in roles and _compared_value(items, a, b, at_words) and not _units_clash(numbers[a], numbers[b]):
                roles[a], roles[b] = "to", "from"  # "CA 3,2 M€ vs N-1 à 2,9 M€": the value then, the FROM
            elif a not in roles and all(i.category in ("word", "arrow") for i in gap) and between and \
                    all(w in to_words for w in between) and not by and not _units_clash(numbers[a], numbers[b]):
                # "by $5 to $85", "15% YoY to $46M", "up 3pp to 28%": a change, then the TO
                roles[a], roles[b] = "from", "to"
            elif a not in roles and (between == ["-"] and _dash_range(items, a, b) or between in (["et"], ["and"]) and
                                     a > 0 and items[a - 1].category == "word" and
                                     items[a - 1].value in ("entre", "between")):
                roles[a], roles[b] = "low", "high"  # "entre 2,5 et 3 %", "between 20 and 25%", "2.5–3%": a range
                # "Lift conversion by 10-15%": after "by", a range of change, whatever the metric's unit
                self.range_of_change = a > 0 and items[a - 1].category == "word" and items[a - 1].value == "by"
        for k, item in numbers.items():
            if k in roles:
                continue
            q = item.value
            context, words = _context_before(items, k), _words_before(items, k)
            after_threshold = bool(context) and context[-1].category in ("threshold", "mark")
            sign = _more_or_less(items, k)
            if context and context[-1].category == "baseline" and q.unit in ("%", "pt") and \
                    (re.match(r"[+-]", fold(q.text).strip()) or (q.unit == "%" and self._no_percent_level(items, k))):
                # "(+15 % vs +8 %)", "+12% vs −3% last year", "grow revenue 12% vs 8% last year" (no revenue is 8 %):
                # another change the target is compared with, no FROM; the period after it is the target's baseline
                roles[k] = "compared"
                self.compared_period = self.compared_period or _period_after(items, k)
            elif context and context[-1].category == "base_period" and q.unit in ("%", "pt") and \
                    re.match(r"[+-]", fold(q.text).strip()) and not after_threshold:
                roles[k] = "change"  # "CA TTC vs N-1 : +4,5 %": a signed change against that period, not its value
                if self.direction in (None, "reach", "move"):
                    self.direction = "reduce" if fold(q.text).strip().startswith("-") else "increase"
            elif any(i.category in ("current", "base_period") and not _dates_a_number(items, i)
                     for i in context[-2:]) or (context and context[-1].category == "baseline") or \
                    (words and words[-1] in ("from", "depuis")) or _last_year_after(items, k) or _current_after(items, k):
                # "Revenue was €10M last year, reach €12M": "last year" dates the number before it, not the next
                roles[k] = "from"  # "(actuellement 12 000)", "vs 8 M€", "by 0.5 points from 2 %"
            elif q.unit in ("%", "pt") and (limited := _limited_change(items, k)) is not None:
                roles[k] = "change"  # "Limiter la baisse du panier moyen à 2 %": a fall of at most 2 %, kept
                numbers[k] = _signed(item, limited < 0)
                self.direction = "keep"
            elif self.direction == "move" and q.unit == "%" and len(numbers) == 1 and words and \
                    words[-1] in change_words and not after_threshold and not self._percent_metric(items, k) and \
                    not _of_metric_follows(items, k, lexicon):  # "Passer le CA email de 20 % du CA": a share
                roles[k] = "change"  # "Passer le CA de 2025 à 2026 de 10 %": no CA is 10 %, a change (its sign says which way)
            elif q.unit == "pt":
                roles[k] = "change"  # points are always a change: "d'au moins 0,5 pt", "by at least 0.5pt"
            elif words and words[-1] in ("up", "down") and not after_threshold:
                roles[k] = "change"  # "Revenue up 10% in 2027", "Stock down 20%"
                if self.direction in (None, "reach", "move"):
                    self.direction = "increase" if words[-1] == "up" else "reduce"
                numbers[k] = _signed(item, words[-1] == "down")
            elif self.direction is None and words and words[-1] == "by" and q.unit in ("%", "pt") \
                    and not after_threshold:
                roles[k] = "change"  # "Increse revenue by 10%": a verb the lexicon misses still moves by 10 %
            elif sign is not None and not after_threshold:
                roles[k] = "change"  # "20 % de CA en plus", "20% more revenue", "5 000 clients supplémentaires"
                if self.direction in (None, "reach", "move"):
                    self.direction = "increase" if sign > 0 else "reduce"
                numbers[k] = _signed(item, sign < 0)
            elif self.direction in ("increase", "reduce") and not after_threshold and q.unit is not None and \
                    (period := _period_after(items, k)) is not None and period.category == "base_period" and \
                    period.extra.get("bare") and period.value != "last-year":
                roles[k] = "change"  # "Lift AOV $3 QoQ", "Grow revenue $2M YoY": said against a period, a change
            elif self.direction == "add" and not after_threshold:
                roles[k] = "change"  # "Add 10,000 active customers", "Ajouter 500 k€ de CA": a number added
            elif self.direction == "clear" and stock_units and not after_threshold and q.unit is None and \
                    (not words or words[-1] not in at_words):
                roles[k] = "change"  # "Sell through 500 units of dead stock": a reduction by that many units
            elif self.direction in ("increase", "reduce", "clear") and not after_threshold and \
                    not (context and context[-1].category == "direction" and context[-1].value == "reach") and \
                    (not words or words[-1] not in at_words or words[-1] in change_words) and \
                    ((words and words[-1] in change_words) or q.unit in ("%", "pt")):
                # "Augmenter le CA de 10 %", "Cut stock by 30%"; but "Écouler 10 références" is a count to reach, and
                # "Grow email to reach 25% of revenue" a level (the verb right before the number says so)
                roles[k] = "to" if self.direction == "clear" and q.unit is None and not stock_units else "change"
            elif context and context[-1].category == "direction" and context[-1].value in ("increase", "reduce") \
                    and words and (words[-1] in change_words or words == ["of"]):
                roles[k] = "change"  # "passer ... à la baisse de 10 %", "une hausse de 5 %", "a growth of 10%"
                if self.direction in (None, "reach", "move"):
                    self.direction = context[-1].value
                numbers[k] = _signed(item, context[-1].value == "reduce")
            else:
                roles[k] = "to"
                if after_threshold and context[-1].category == "threshold" and k not in bounds:
                    bounds[k] = context[-1].value  # "au-dessus de 80 €", "under 0.3%": a floor or a ceiling
                elif after_threshold and len(context) >= 2 and context[-1].category == "mark" and \
                        context[-2].category == "threshold" and k not in bounds:
                    bounds[k] = context[-2].value  # "sous la barre des 0,3 %"
                elif k + 1 < len(items) and items[k + 1].category == "word" and items[k + 1].value == "+" and \
                        items[k + 1].start == item.end and not (k + 2 < len(items) and
                                                               items[k + 2].category == "quantity"):
                    bounds[k] = "min"  # "€70+", "25%+": that much or more
                elif _bound_after(items, k):
                    bounds[k] = items[k + 1].value  # "25 % mini", "0,3 % max", "25% or more": said after the number
            if roles[k] == "to" and q.is_percent and _of_metric_follows(items, k, lexicon):
                self.share = True  # a percent "of" an amount: "25 % du CA", "30% of sales"
        self._date_values(dated, roles, items)
        self.horizon_year = self.horizon_year or pair_year
        if self.direction == "add":
            self.direction = "increase"
        chosen: dict[str, Item] = {}
        paired = {k for k in roles if roles[k] == "from" and any(roles.get(j) == "to" for j in roles if j > k)}
        paired |= {min((j for j in roles if j > k and roles[j] == "to"), default=k) for k in paired}
        for k in sorted(numbers, key=lambda k: (k not in paired, k)):  # "from 18% to 21%" before a stray "90"
            if roles[k] == "compared":
                result.notes.append(("compared_change", {"text": numbers[k].text}))
            elif roles[k] == "step":
                result.notes.append(("extra_number", {"text": numbers[k].text}))
            elif roles[k] == "change" and "change" in chosen and "both" not in chosen and \
                    _absolute_and_relative(chosen["change"].value, numbers[k].value):
                chosen["both"] = numbers[k]  # "by €2M (+10%)": the same change said twice
            elif roles[k] in chosen:
                result.notes.append(("extra_number", {"text": numbers[k].text}))
            else:
                chosen[roles[k]] = numbers[k]
                if roles[k] == "to":
                    self.bound = bounds.get(k)
        self.range = _unify(chosen["low"], chosen["high"]) if "low" in chosen and "high" in chosen else None
        if "from" in chosen and "to" in chosen:
            self.from_, self.to = _unify(chosen["from"], chosen["to"])
        else:
            self.from_ = chosen["from"].value if "from" in chosen else None
            self.to = chosen["to"].value if "to" in chosen else None
        self.change = chosen["change"].value if "change" in chosen else None
        if "both" in chosen and self.from_ is None and self.to is None:
            self.from_ = _start_of_change(chosen["change"].value, chosen["both"].value)
        # the year written right after the FROM and after the TO ("30 % (vs 24 % en 2026)": 2026 dates the FROM)
        index = {id(item): k for k, item in numbers.items()}
        self.from_year, self.to_year = (
            _year_after(items, index[id(chosen[role])], bare_years) if role in chosen else None
            for role in ("from", "to"))

    @staticmethod
    def _percent_metric(items: list[Item], k: int) -> bool:
        """The clause's metric before number k is measured in percent, or none is named ("Passer le taux de
        conversion de 2 %" may be its level)."""
        head = next((i for i in items[:k] if i.category == "metric"), None)
        return head is None or _metric_unit(head.value) == "%"

    def _no_percent_level(self, items: list[Item], k: int) -> bool:
        """The clause's metric is not measured in percent and a change in percent comes before number k: a percent
        after "vs" can be no FROM of it ("Grow revenue 12% vs 8% last year")."""
        head = next((i for i in items[:k] if i.category == "metric"), None)
        before = [i for i in items[:k] if i.category == "quantity" and i.value.unit == "%"]
        return head is not None and _metric_unit(head.value) not in ("%", None) and bool(before) and \
            (self.direction in ("increase", "reduce") or re.match(r"[+-]", fold(before[0].text).strip()) is not None)

    def _date_values(self, dated: list[tuple[str, int]], roles: dict[int, str], items: list[Item]) -> None:
        years = {i.value.label for i in items if i.category == "horizon" and re.fullmatch(r"20\d\d", i.value.label)}
        dated_roles, self.baseline, self.horizon_year = _dated_roles(dated, roles, years)
        roles.update(dated_roles)


def _compared_value(items: list[Item], a: int, b: int, at_words: frozenset[str]) -> bool:
    """"CA 3,2 M€ vs N-1 à 2,9 M€", "Revenue €3.2M vs LY at €2.9M": between two numbers, a period compared with
    ("vs N-1") then a word of level; the second number is the value then (the FROM), the first the TO. A pair started
    by "de" / "from" stays a FROM and a TO."""
    gap = items[a + 1:b]
    periods = [n for n, i in enumerate(gap) if i.category == "base_period" and
               re.match(r"(?:vs|versus|contre|par rapport|compared|against)\b", fold(i.text).strip())]
    if not periods:
        return False
    words = gap[periods[0] + 1:]
    started = a > 0 and items[a - 1].category == "word" and items[a - 1].value in ("de", "d", "from")
    return not started and all(i.category == "word" and i.value in at_words | {":", "="} for i in words) and \
        all(i.category == "word" and i.value in (",", "(") for i in gap[:periods[0]])


def _last_year_after(items: list[Item], k: int) -> bool:
    """"€10M last year", "2,1 % l'an dernier": a number followed by last year (no "vs") is the value then, a FROM."""
    period = _period_after(items, k)
    return period is not None and period.category == "base_period" and period.value == "last-year" and \
        period.extra.get("bare", False)


def _dates_a_number(items: list[Item], period: Item) -> bool:
    """A period said with no "vs" right after a number goes with that number ("€10M last year, reach €12M", "15%
    YoY to $46M"), not with the next one; so does a word of the present after it ("2,1 % réalisé en 2025, 2,5 %
    visé en 2026": the 2,1 % is the one achieved, the FROM, not the 2,5 %)."""
    j = items.index(period) - 1
    if period.category == "current":  # right after it: "(actuellement 12 000 unités)" opens an aside of its own
        return j >= 0 and items[j].category == "quantity"
    while j >= 0 and items[j].category == "word" and items[j].value in ("in", "en", "on", "(", "sur", "for"):
        j -= 1
    return period.extra.get("bare", False) and j >= 0 and items[j].category == "quantity"


_METRIC_QUALIFIERS = {"ht", "ttc", "net", "nette", "brut", "brute", "gross"}  # "CA HT 2026": of the metric


def _names_the_metric(items: list[Item], k: int) -> bool:
    """The item before `k` is the metric, maybe with its scope or a word of taxes between ("CA HT 2026")."""
    j = k - 1
    while j >= 0 and (items[j].category == "scope" or (items[j].category == "word" and
                                                       items[j].value in _METRIC_QUALIFIERS)):
        j -= 1
    return j >= 0 and items[j].category == "metric"


def _current_after(items: list[Item], k: int) -> bool:
    """"2,1 % réalisé en 2025", "8 M€ à date", "€8M so far": a word of the present right after the number dates it."""
    return k + 1 < len(items) and items[k + 1].category == "current" and _dates_a_number(items, items[k + 1])


def _period_after(items: list[Item], k: int) -> Item | None:
    """The period right after number k ("−3% last year", "-3 % en 2025", "+8% in Q4 2025"), if any."""
    j = k + 1
    while j < len(items) and items[j].category == "word" and items[j].value in ("in", "en", "on", "(", "sur", "for"):
        j += 1
    if j < len(items) and (items[j].category == "base_period" or (
            items[j].category == "horizon" and re.fullmatch(r"20\d\d(-[QH]\d)?", items[j].value.label))):
        return items[j]
    return None


# Bounds written after their number ("25 % mini", "0,3 % max", "25% or more"); "sous", "under", "above" come before
# the number they bound, and "au moins" / "at least" before the next one when a number follows.
_BOUNDS_AFTER = {"min", "minimum", "mini", "minimal", "au minimum", "a minima", "ou plus", "au moins", "max",
                 "maximum", "maxi", "au maximum", "au plus", "ou moins", "or more", "or better", "or higher",
                 "or above", "at least", "or less", "or lower", "or below", "at most"}


def _bound_after(items: list[Item], k: int) -> bool:
    """Whether the number at k is followed by the word of its own bound ("Taux d'ouverture : 25 % mini")."""
    return k + 1 < len(items) and items[k + 1].category == "threshold" and \
        fold(items[k + 1].text).strip() in _BOUNDS_AFTER and \
        not (k + 2 < len(items) and items[k + 2].category == "quantity")


# Nouns of a change, which a limit bounds: "la baisse du CA", "a 2% drop in AOV" (the verbs are no nouns).
_FALL_NOUNS = {"baisse", "recul", "diminution", "repli", "drop", "decline", "fall", "decrease", "dip"}
_RISE_NOUNS = {"hausse", "augmentation", "progression", "rise", "increase", "growth"}


def _change_noun(item: Item) -> int | None:
    said = fold(item.text).strip()
    if item.category != "direction" or item.value not in ("increase", "reduce"):
        return None
    return -1 if said in _FALL_NOUNS else 1 if said in _RISE_NOUNS else None


def _limited_change(items: list[Item], k: int) -> int | None:
    """The sign of a change a limit bounds, if the percent at k is one: "Pas plus de 2 % de baisse du panier moyen",
    "No more than a 2% drop in AOV" (a ceiling, then the number, then the noun), "Limiter la baisse du panier moyen
    à 2 %", "Limit the AOV decline to 2%" (a verb of limit, the noun, then "à"/"to" the number)."""
    ceiling = [i for i in items[:k] if not (i.category == "word" and i.value in ("a", "an", "'"))]
    after = [i for i in items[k + 1:k + 4] if not (i.category == "word" and i.value in ("de", "d", "'"))]
    if ceiling and ceiling[-1].category == "threshold" and ceiling[-1].value == "max" and after:
        return _change_noun(after[0])
    before = [i for i in items[:k] if not (i.category == "word" and i.value == "'")]
    if len(before) < 3 or not (before[-1].category == "word" and before[-1].value in ("a", "to")):
        return None
    nouns = [(j, sign) for j, i in enumerate(before[-5:-1], len(before) - 5) if (sign := _change_noun(i)) is not None]
    if not nouns:
        return None
    j, sign = nouns[-1]
    limit = next((i for i in reversed(before[:j]) if i.category == "direction"), None)
    metric = any(i.category == "metric" for i in before[j - 1:])
    return sign if metric and limit is not None and limit.value in ("keep_max", "reduce") else None


_DURATION_WORDS = {"jour", "jours", "j", "semaine", "semaines", "mois", "an", "ans", "annee", "annees", "heure",
                   "heures", "h", "hr", "hrs", "day", "days", "week", "weeks", "month", "months", "year", "years", "hour", "hours"}


def _tolerance(items: list[Item], k: int) -> bool:
    """Whether the number at k follows "±" or "+/-" right after another number: a tolerance around it."""
    marks = [i.value for i in items[max(0, k - 3):k] if i.category == "word"]
    before = items[k - 2] if k >= 2 and marks[-1:] == ["±"] else items[k - 4] if k >= 4 and \
        marks[-3:] == ["+", "/", "-"] else None
    return before is not None and before.category == "quantity"


_UNIT_NOUNS = {"unites", "unite", "units", "unit", "pieces", "piece", "pcs"}


def _year_after(items: list[Item], k: int, bare_years: dict[int, str]) -> str | None:
    """The year written right after the number at k ("120k en 2026", "2 % (2025)", "140k visés en 2027"), if any:
    a year horizon or a bare year, past an opening bracket and at most one word."""
    words = 0
    for j in range(k + 1, min(k + 4, len(items))):
        item = items[j]
        if j in bare_years:
            return bare_years[j]
        if item.category == "horizon":  # "en 2026" dates a value; "d'ici fin 2027" is a deadline
            deadline = re.match(r"(?:d'?\s*ici|by|fin|end|avant|before|until|jusqu)", fold(item.text).strip())
            # "£60 (Q1) → £64 (Q2)": a quarter or a half in brackets dates its value too; with its year it needs none
            # ("2 M au T4 2026 (1,6 M au T4 2025)")
            period = re.fullmatch(r"20\d\d(?:-[QH]\d)?", item.value.label) or (
                re.fullmatch(r"[QH]\d", item.value.label) and j > 0 and items[j - 1].value == "(")
            return item.value.label if period and not deadline else None
        if item.category in ("metric", "cadence"):  # "120k clients actifs en 2026, 140k en 2027": the value's own
            continue                                   # metric; "2 M par mois au T4 2026": its cadence
        if item.category != "word" or item.value in (",", ";", ":", "->", ")") or (item.value != "(" and words):
            return None
        words += item.value != "("
    return None


def _metric_unit(metric: str) -> str | None:
    from kpiguard.catalog import builtin_metrics

    found = builtin_metrics().get(metric)
    return found.unit if found is not None else None


def _metric_direction(metric: str) -> str | None:
    from kpiguard.catalog import builtin_metrics

    found = builtin_metrics().get(metric)
    return found.direction if found is not None else None


# Words of a measure of time the catalog lacks ("délai de livraison", "delivery time", "temps de réponse"): a
# duration after it is its value ("à 48 heures"), not a window of the metric ("le taux d'ouverture à 3 mois")
_TIME_MEASURE_WORDS = {"delai", "delais", "temps", "duree", "time", "times", "turnaround", "lead", "sla"}


def _measures_time(items: list[Item], k: int) -> bool:
    """The measure named before the number `k` is a time the catalog lacks (a delivery time, a response time)."""
    measure = next((i for i in reversed(items[:k]) if i.category in ("metric", "unsupported")), None)
    return measure is not None and measure.category == "unsupported" and bool(
        _TIME_MEASURE_WORDS & set(re.findall(r"[a-z]+", normalize(measure.text).norm)))


def _paired_count(items: list[Item], k: int, to_words: frozenset[str]) -> bool:
    """"de 2000 à 2050 commandes": a number that looks like a year but is the FROM or the TO of a pair of numbers."""
    def word(j: int, words: set[str] | frozenset[str]) -> bool:
        return 0 <= j < len(items) and items[j].category == "word" and items[j].value in words

    def number(j: int) -> bool:
        return 0 <= j < len(items) and items[j].category == "quantity"

    starts = word(k - 1, {"de", "from"}) and word(k + 1, to_words) and number(k + 2)
    ends = word(k - 1, to_words) and number(k - 2) and word(k - 3, {"de", "from"})
    return starts or ends


def _signed(item: Item, negative: bool) -> Item:
    """The number at `item` with the sign its words give ("-20 %", "down 20%", "une baisse de 20 %")."""
    q = item.value
    if negative == (q.value < 0):
        return item
    return Item("quantity", Quantity(-q.value, q.unit, q.text), item.start, item.end, item.text, None, item.extra)


# E-mail metrics counted in the site's revenue: "online", "e-commerce" name where that revenue is made, no other channel.
_SITE_REVENUE = {"email_revenue", "email_revenue_share"}


def _emails_only(metric: str) -> bool:
    """A metric that counts e-mails already: "taux d'ouverture des newsletters" narrows nothing."""
    return metric.startswith(("email", "revenue_per_email"))


def _percent_of_a_count(metric: str, from_value: Quantity | None, to_value: Quantity | None,
                        change_value: Quantity | None) -> bool:
    """A value in a unit the metric cannot have: a percent FROM/TO or a change in points on a metric counted in
    currency or units; an amount of money on a metric counted in units or percent ("dead stock value by £200k")."""
    from kpiguard.catalog import builtin_metrics

    unit = builtin_metrics()[metric].unit
    if unit != "{currency}" and any(q is not None and q.is_currency for q in (from_value, to_value, change_value)):
        return True
    if unit == "%":
        return False
    return any(q is not None and q.unit == "%" for q in (from_value, to_value)) or \
        (change_value is not None and change_value.unit == "pt")


def _dated_roles(dated: list[tuple[str, int]], roles: dict[int, str],
                 years: set[str] | None = None) -> tuple[dict[int, str], str | None, str | None]:
    """Values written after their year: "(2026 : 7,1 M€)" with another TO is the FROM and its baseline; "CA 2027 :
    10 M€" alone is the TO and its horizon; of "2026 : 7,1 M€ -> 2027 : 8 M€" the earlier is the FROM. With a
    change, the dated value is its FROM when a later year is the horizon ("2026 : 7,1 M€, +10 % en 2027"), else its
    TO ("Objectif 2027 : 25 000 clients actifs (+25 %)")."""
    if not dated:
        return {}, None, None
    dated = sorted(dated)
    if len(dated) >= 2:  # "£60 (Q1) → £64 (Q2) → £68 (Q3)": the first and the last; the steps between are said
        steps = {k: "step" for _, k in dated[1:-1]}
        return {**steps, dated[0][1]: "from", dated[-1][1]: "to"}, dated[0][0], dated[-1][0]
    (year, k), = dated
    others = any(role == "to" for j, role in roles.items() if j != k) or (
        any(role == "change" for j, role in roles.items() if j != k) and any(y > year for y in years or ()))
    return ({k: "from"}, year, None) if others else ({k: "to"}, None, year)


def _choose_metric(items: list[Item], head: Item | None, verb: Item | None, direction: str | None,
                   scopes: list[str], sku: bool, share: bool, to_value: Quantity | None,
                   change_value: Quantity | None, result: Parse, lexicon: Lexicon) -> str | None:
    """The catalog metric: the one named, narrowed by its scope, turned into a share, or implied by the verb."""
    metric = head.value if head else None
    if metric == "email_revenue" and _PER_EMAIL.search(fold(head.text)) and _per_unit_amounts(to_value, change_value):
        metric = "revenue_per_email"  # "un CA par e-mail de 0,15 €" is a value per e-mail, not the channel's revenue
    if metric == "revenue" and _counted_sales(items, head, to_value):
        metric = "orders"  # "Faire 2 000 ventes", "10k sales": a number of sales, not an amount
    unsupported = next((i for i in items if i.category == "unsupported"), None)
    if unsupported is not None and (head is None or unsupported.start < head.start or _qualifies(items, head, unsupported)):
        # "coût d'acquisition client": a measure the catalog does not compute
        result.notes.append(("unsupported", {"text": unsupported.text}))
        result.kind = unsupported.value if unsupported.value in KINDS else None
        if result.kind in ("volume", "amount") and change_value is None and to_value is not None and to_value.unit == "%" or \
                result.kind in ("volume", "amount") and any(q is not None and q.unit == "pt" for q in (to_value, change_value)):
            # "12% of new subscribers buy", "Marge nette > 8 %": a percent level of a count or an amount is a rate, as
            # for the catalog's; "Contribution margin +2pts": points move a rate, no amount
            result.kind = "rate"
        result.unsupported = unsupported.text
        return None
    if metric is None:
        metric = _implied_metric(verb, scopes, items, lexicon, to_value if change_value is None else None)
    if head is not None and metric_kind(metric) == "volume" and not any(
            q is not None and q.is_currency for q in (to_value, change_value)) and \
            any(i.category == "word" and i.value in ("valeur", "value") for i in items):  # (money: asked below)
        # "Stock dormant : -40 % en valeur": the count's value in money, which the catalog does not compute
        said = f"{head.text.strip()} ({next(i.text for i in items if i.category == 'word' and i.value in ('valeur', 'value'))})"
        result.notes.append(("unsupported", {"text": said}))
        result.kind, result.unsupported = "amount", said
        return None
    per = _per_head(items, metric, head, (to_value, change_value))
    if per is not None:  # "4 e-mails par abonné et par semaine": an average per customer the catalog lacks
        result.notes.append(("unsupported", {"text": per}))
        result.kind, result.unsupported = "average", per
        return None
    if direction == "clear" and (sku or metric in (None, "dormant_skus")) and change_value is None \
            and (to_value is None or to_value.unit is None):
        metric = "dormant_skus_cleared"  # "Écouler 10 références"
    elif direction == "clear" and metric is None:
        metric = "dormant_stock_units"
    if metric is None:
        return None
    if share and metric_kind(metric) != "share":
        composed = _compose(metric, scopes, "share", lexicon)
        scope = next((s for s in scopes if s != "site"), None)
        whole = next((i for i in items if i.category == "metric" and head is not None and i.value != head.value
                      and metric_kind(i.value) == "amount" and i.start > head.start), None)
        if composed is None and whole is not None and metric_kind(metric) == "amount":
            # "la marge à au moins 35 % du CA": one amount over another is a rate (a margin rate), no channel's share
            said = f"{head.text.strip()} / {whole.text.strip()}"
            result.notes.append(("unsupported", {"text": said}))
            result.kind, result.unsupported = "rate", said
            return None
        if composed is None and scope is not None:  # "25% of revenue from the app": said, the catalog lacks it
            said = next((i.text for i in items if i.category == "scope" and i.value == scope), scope)
            result.notes.append(("share_not_in_catalog", {"metric": metric, "scope": scope, "words": said}))
            _ask_for_share(result, metric, scope, head, said)
        elif composed is None and (narrowed := _qualifier(items, head, lexicon)) is not None:
            # "the share of orders with a discount code": the part the sentence names, in words no scope of the
            # lexicon knows, over the whole; its custom share is drafted, its condition left to fill in
            result.notes.append(("share_not_in_catalog", {"metric": metric, "scope": narrowed[0], "words": narrowed[1]}))
            _ask_for_share(result, metric, narrowed[0], head, narrowed[1])
        elif composed is None:
            result.notes.append(("share_of_what", {"metric": metric}))
            result.candidates = _share_candidates(metric, lexicon)
            result.kind = "share"
        return composed
    composed = _compose(metric, scopes, "plain", lexicon)
    if composed is not None:
        # "CRM: grow repeat customers' revenue": one scope narrows the metric, another one no catalog metric measures
        # is said, never dropped
        table = lexicon.compose.get(metric) or {}
        used = next(s for s in scopes if s in table and "plain" in table[s])
        other = next((s for s in scopes if s not in (used, "site") and table.get(s, {}).get("plain") != composed and
                      not (s == "email" and _emails_only(composed))), None)
        if other is not None:
            said = next((i.text for i in items if i.category in ("scope", "metric") and i.value == other), other)
            result.notes.append(("scope_not_in_catalog", {"metric": composed, "scope": other, "words": said}))
        return composed
    # "taux de réachat parmi les primo-acheteurs": a scope no catalog metric measures is said, never dropped
    scope = next((s for s in scopes if s != "site" and not (s == "email" and _emails_only(metric))), None)
    narrowed = _qualifier(items, head, lexicon, explicit=True) if scope is None and head is not None and \
        head.value == metric else None
    if narrowed is not None:  # "orders with free delivery": said as a scope, never a claim on all orders
        result.notes.append(("scope_not_in_catalog", {"metric": metric, "scope": narrowed[0], "words": narrowed[1]}))
        result.scope_words = narrowed[1]
    if scope is not None:
        said = _scopes_joined(items, scope)
        result.notes.append(("scope_not_in_catalog", {"metric": metric, "scope": scope, "words": said}))
        result.scope_words = _LEADING.sub("", said) or said  # "(Black Friday)", not "(sur le Black Friday)"
    if head is not None and metric == "repurchase_rate_90d" and "90" not in head.extra.get("matched", ""):
        result.notes.append(("window_assumed", {}))
    return metric


_EN_SCOPE_JOINS = {"+", "and", "&", "/", "et", "or", "ou"}


def _scopes_joined(items: list[Item], scope: str) -> str:
    """The words of a scope as said, with the scopes joined to it ("paid + organic", "email and SMS"): the rewrite
    keeps the whole union, never its first part alone ("Sessions (paid)" for paid and organic sessions)."""
    k = next((n for n, i in enumerate(items) if i.category in ("scope", "metric") and i.value == scope), None)
    if k is None:
        return scope
    j = k
    while j + 2 < len(items) and items[j + 1].category == "word" and items[j + 1].value in _EN_SCOPE_JOINS and \
            items[j + 2].category == "scope":
        j += 2
    return " ".join(i.text.strip(" ()") for i in items[k:j + 1])


def _measure_in_its_unit(said: str, money: bool, lang: str) -> str:
    """The measure a number in another unit asks for, named from the metric's words: "Gross margin" with a percent
    is a "gross margin rate" ("taux de marge brute"), "dead stock" with money its "dead stock value"."""
    words = said.strip()
    words = words[:1].lower() + words[1:] if words[1:2].islower() or len(words) < 2 else words  # "AOV" stays
    if lang == "fr":
        return f"valeur de {words}" if money else f"taux de {words}"
    return f"{words} value" if money else f"{words} rate"


def _qualifies(items: list[Item], head: Item, measure: Item) -> bool:
    """"new-customer CAC", "active customer LTV": a population right before a measure the catalog lacks only says
    whose measure it is; the measure is the one named."""
    if head.value not in _HEAD_METRICS or measure.start < head.start:
        return False
    between = items[items.index(head) + 1:items.index(measure)]
    return all(i.category == "word" and i.value in ("-", "'", "s") for i in between)


def _scoped_share(result: Parse, metric: str, from_value: Quantity | None, to_value: Quantity | None,
                  items: list[Item], head: Item | None, lexicon: Lexicon) -> tuple[str, str] | None:
    """The scope (its key and its words) of a percent level of a count narrowed to a scope the catalog does not
    compose ("25 % des commandes via l'e-mail", "40% of sessions from SEO") or to some of the things it counts
    ("40% of orders with a discount code"), read as that part's share; None for any other percent of a count (a
    margin rate, a count with nothing narrowing it)."""
    from kpiguard.catalog import builtin_metrics

    if metric_kind(metric) != "volume" or builtin_metrics()[metric].unit == "%" or \
            not any(q is not None and q.unit == "%" for q in (from_value, to_value)):
        return None
    return next(((values["scope"], values["words"]) for code, values in result.notes
                 if code == "scope_not_in_catalog" and values.get("metric") == metric), None) or \
        (_qualifier(items, head, lexicon) if head is not None and head.value == metric else None)


# The words that narrow a count to some of the things it counts: "orders with a promo code", "customers using the
# app", "commandes avec un code promo", "clients ayant acheté en boutique"
_NARROWING = {"with", "using", "containing", "avec", "utilisant", "contenant", "ayant"}


def _qualifier(items: list[Item], head: Item | None, lexicon: Lexicon,
               explicit: bool = False) -> tuple[str, str] | None:
    """The key and the words of what narrows a count, in words the lexicon does not know: before it ("discounted
    orders"), right after it ("commandes remisées"), or after a word of narrowing ("orders with a discount code");
    None when nothing does. `explicit`: only after a word of narrowing."""
    if head is None or metric_kind(head.value) != "volume":
        return None
    known = lexicon.words("stopwords") | lexicon.words("from_words") | lexicon.words("to_words") | \
        lexicon.words("at_words") | lexicon.words("change_words")
    k = next(j for j, i in enumerate(items) if i is head)

    def content(item: Item) -> bool:
        return item.category == "unsupported" or item.category == "word" and item.value not in known and \
            item.value not in _NARROWING and re.fullmatch(r"[a-z][a-z-]+", item.value) is not None

    start = k
    while start > 0 and content(items[start - 1]):
        start -= 1
    end, narrowing = k + 1, False  # "orders with a discount code", "commandes remisées", "orders paid with Klarna"
    if end + 1 < len(items) and items[end].text.strip() == "(" and items[end + 1].category == "word" and \
            items[end + 1].value in _NARROWING:
        end += 1  # "orders (with free delivery)", as the rewrite says it
    while end < len(items) and (content(items[end]) or items[end].category == "word" and (
            items[end].value in _NARROWING or narrowing and items[end].value in _ARTICLES | {"a", "an", "un", "une"})):
        narrowing = narrowing or items[end].value in _NARROWING
        end += 1
    while end > k + 1 and not content(items[end - 1]):  # "orders with": no words of what
        end -= 1
    if explicit:
        start = k
    words = [i for i in items[start:k] + items[k + 1:end] if content(i)]
    if not words or (explicit and not narrowing):
        return None
    said = " ".join(i.text.strip() for i in items[start:k]) if start < k else ""
    said = " ".join(w for w in (said, " ".join(i.text.strip() for i in items[k + 1:end] if i.text.strip() != "("))
                    if w)
    return re.sub(r"[^a-z0-9]+", "_", fold(" ".join(i.text for i in words))).strip("_")[:30], said


def _ask_for_share(result: Parse, metric: str, scope: str, head: Item | None, words: str) -> None:
    """A share of `metric` in `scope` the catalog lacks: a custom share to draft (`share_of`), named as said."""
    result.kind, result.share_of = "share", (metric, scope)
    whole = head.text.strip() if head is not None else metric
    result.unsupported = f"{whole} {words.strip()}"


_SALES = {"vente", "ventes", "sale", "sales"}


def _counted_sales(items: list[Item], head: Item, to_value: Quantity | None) -> bool:
    """"Faire 2 000 ventes", "hit 10k sales": "ventes" and "sales" are revenue ("les ventes +10 %", "€2M in
    sales"), but a whole number with no currency right before the word counts sales, which are orders."""
    if fold(head.text).strip() not in _SALES or to_value is None or to_value.placeholder or to_value.unit is not None:
        return False
    k = next(j for j, i in enumerate(items) if i is head)
    return k > 0 and items[k - 1].category == "quantity" and items[k - 1].value is to_value and \
        to_value.value >= 1 and float(to_value.value).is_integer()


# Who a count or an amount may be divided by: "4 e-mails par abonné", "€5 more per customer" ask for an average per
# head, which no catalog count or amount is ("par mois", "per week" are cadences, matched before).
_PER = {"par", "per", "/"}
_HEADS = {"client", "clients", "customer", "customers", "abonne", "abonnes", "subscriber", "subscribers", "contact",
          "contacts", "destinataire", "destinataires", "recipient", "recipients", "utilisateur", "utilisateurs",
          "user", "users", "acheteur", "acheteurs", "buyer", "buyers", "membre", "membres", "member", "members",
          "foyer", "foyers", "household", "households"}
_HEAD_METRICS = {"active_customers", "new_customers", "visitors"}


def _next_is_metric(items: list[Item], item: Item) -> bool:
    k = next(j for j, i in enumerate(items) if i is item)
    return k + 1 < len(items) and items[k + 1].category == "metric"


def _after_per(items: list[Item], item: Item) -> bool:
    k = next(j for j, i in enumerate(items) if i is item)
    return k > 0 and items[k - 1].category == "word" and items[k - 1].value in _PER


def _per_head(items: list[Item], metric: str | None, head: Item | None,
              targeted: tuple[Quantity | None, ...]) -> str | None:
    """The words of a count or an amount said per customer ("e-mails par abonné", "orders per visitor", "5 € par
    client"), if any: "par"/"per" and a customer right after the metric's words or the number the sentence sets."""
    if metric is None or metric_kind(metric) not in ("volume", "amount"):
        return None
    numbers = {q.text.strip() for q in targeted if q is not None}
    for k in range(1, len(items) - 1):
        b = k - 1
        while b > 0 and (items[b].category == "cadence" or items[b].category == "word" and items[b].value in (
                "et", "and")):  # "3 e-mails/semaine par abonné", "3 e-mails par semaine et par client"
            b -= 1
        before, per, after = items[b], items[k], items[k + 1]
        customers = (after.category == "word" and after.value in _HEADS) or \
            (after.category == "metric" and after.value in _HEAD_METRICS)
        if not (per.category == "word" and per.value in _PER and customers):
            continue
        said = before is head or before.category in ("metric", "scope") or \
            (before.category == "quantity" and before.text.strip() in numbers)
        if said:
            named = head.text.strip() if head is not None else before.text.strip()
            return f"{named} {per.text.strip()} {after.text.strip()}"
    return None


# "CA par e-mail" names the e-mail channel's revenue ("CA par e-mail : 2 M€") or a value per e-mail ("un CA par
# e-mail de 0,15 €"); the amount tells them apart: no channel's revenue is under 100, no e-mail is worth that much.
_PER_EMAIL = re.compile(r"\bpar\s+(?:e-?mails?|mails?)\b")
PER_UNIT_MAX = 100


def _per_unit_amounts(*values: Quantity | None) -> bool:
    amounts = [abs(q.value) for q in values if q is not None and q.is_currency and not q.placeholder]
    return bool(amounts) and max(amounts) < PER_UNIT_MAX


_EN_LEVEL_WORDS = {"flat", "steady", "stable", "stables"}


def _direction(items: list[Item], direction: str | None, metric: str | None, from_value: Quantity | None,
               to_value: Quantity | None, change_value: Quantity | None) -> str | None:
    """increase / reduce / reach / keep, from the verb, else from the numbers."""
    threshold = next((i.value for i in items if i.category == "threshold"), None)
    verb_text = next((fold(i.text).strip() for i in items if i.category == "direction"), None)
    if direction == "reach" and threshold == "max" and from_value is None and verb_text in ("get", "bring"):
        direction = "reduce"  # "Get bounce rate under 40%": as "get below" (a reach "above" stays a reach)
    if direction == "move" and threshold is not None and from_value is None:  # "passer sous 0,5 %"
        direction = "reduce" if threshold == "max" else "increase"
    if direction == "move" and from_value is None:  # "bring dormant stock down to 5,000"
        words = {i.value for i in items if i.category == "word"}
        later = {i.value for i in items if i.category == "direction"}  # "passer ... à la baisse"
        if words & {"down", "baisse"} or "reduce" in later:
            direction = "reduce"
        elif "up" in words or "increase" in later:
            direction = "increase"
    if direction == "clear":
        direction = "reach" if metric == "dormant_skus_cleared" else "reduce"
    if direction == "reach" and from_value is not None and to_value is not None:
        direction = "move"  # "Atteindre 8 M€ (2026 : 7,1 M€)": the numbers say which way
    if direction == "reach" and from_value is None and to_value is None and change_value is not None:
        direction = None  # "Gagner 2 pts de conversion": a change has no level to reach; its sign says which way
    said = {i.category for i in items if i.category in ("more", "less")}
    if direction in (None, "reach") and from_value is None and to_value is None and change_value is None and \
            len(said) == 1:  # "Send fewer emails", "More new customers in 2027": no number, a way to go
        direction = "increase" if said == {"more"} else "reduce"
    if direction is None and from_value is None and to_value is None and change_value is None and \
            any(i.category == "word" and i.value in _EN_LEVEL_WORDS for i in items):
        direction = "keep"  # "Revenue flat YoY", "CA stable": the level is kept
    if direction not in ("move", None):
        return direction
    if any(q is not None and q.placeholder for q in (from_value, to_value)) and metric is not None:
        from kpiguard.catalog import builtin_metrics

        return "reduce" if builtin_metrics()[metric].direction == "down" else "increase"
    if from_value is not None and to_value is not None:
        return "increase" if to_value.value > from_value.value else \
            "reduce" if to_value.value < from_value.value else "keep"
    if change_value is not None:
        return "increase" if change_value.value >= 0 else "reduce"
    if to_value is not None:
        return "reach"
    return None


def _more_or_less(items: list[Item], k: int) -> int | None:
    """+1 when the number at k is a rise: "+20 %", "20 % de CA en plus" ("more" right after it or after the next
    noun), "15 % de croissance", "a 10% lift" (a noun of change right after it); -1 for a fall."""
    text = items[k].text.lstrip()
    if text[:1] in "+-" and text[1:2].isdigit():
        return 1 if text[0] == "+" else -1
    before = items[k - 1] if k > 0 else None
    if before is not None and before.category == "word" and before.value in ("+", "-") and \
            before.end == items[k].start and items[k].value.is_currency:
        return 1 if before.value == "+" else -1  # "+€1.2M", "-$200k": the sign before the currency symbol
    words = 0
    for item in items[k + 1:k + 5]:  # "20 % d'e-mails de plus": d, ', e-mails, de plus
        if item.category == "word" and item.value in (".", ";", ":", "!", "?", ","):
            break  # "Augmenter le CA de 10 %. Réduire le stock...": the next sentence's verb is not this number's
        if item.category in ("more", "less"):
            return 1 if item.category == "more" else -1
        if item.category == "direction" and item.value in ("increase", "reduce") and words <= 1:
            return 1 if item.value == "increase" else -1
        if item.category in ("quantity", "guard", "direction"):
            break
        if item.category == "word" and item.value != "'":
            words += 1
    return None


def _context_before(items: list[Item], k: int) -> list[Item]:
    """The non-word items before position k, up to the previous quantity."""
    out = []
    for item in reversed(items[:k]):
        if item.category == "quantity":
            break
        if item.category != "word":
            out.append(item)
        if len(out) == 3:
            break
    return list(reversed(out))


def _words_before(items: list[Item], k: int) -> list[str]:
    out: list[str] = []
    for item in reversed(items[:k]):
        if item.category != "word" or item.value in ("'",):
            if item.category != "word":
                break
            continue
        if not out and item.value in _EN_HEDGES:  # "from c. 2.6%", "from around $10M": the word before the hedge
            continue
        out.append(item.value)
    return list(reversed(out))


def _of_metric_follows(items: list[Item], k: int, lexicon: Lexicon) -> bool:
    of_words = lexicon.words("of_words")
    words: list[str] = []
    for item in items[k + 1:]:
        if item.category == "word":
            if item.value == "'":
                continue
            words.append(item.value)
            if len(words) > 3:
                return False
            continue
        if item.category == "cadence" or item.category == "scope" and item.value == "site":
            continue  # "30% of online revenue": the catalog's revenue is the site's
        return item.category == "metric" and metric_kind(item.value) == "amount" and bool(words) and \
            all(w in of_words or w in ("la", "l", "the", "our", "notre", "nos", "total") for w in words)
    return False


def _dash_range(items: list[Item], a: int, b: int) -> bool:
    """"2.5–3%", "10-15%": two numbers joined by a dash alone, the second the larger; "50% — currently 0.6%" is a
    change then the current value, no range."""
    low, high = _unify(items[a], items[b])  # "10-20 bps": 0.1 to 0.2 points
    return b == a + 2 and low.value < high.value


def _units_clash(a: Item, b: Item) -> bool:
    """Two numbers no FROM -> TO can join: each in its own unit ("15% to $46M", "3pp to 28%"), or a percent then a
    scaled count ("10% to 50k"); a bare number borrows its partner's ("de 8 à 10 M€")."""
    first, second = a.value, b.value
    if first.unit is not None and second.unit is not None:
        return first.unit != second.unit
    return first.unit in ("%", "pt") and second.unit is None and b.extra.get("scale", 1.0) != 1.0


# "from around $10M to around $12M", "from c. 20% to 24%": words of about before a number leave its pair a pair
_EN_HEDGES = {"around", "about", "roughly", "approx", "approximately", "circa", "c", ".", "~"}


def _unify(from_item: Item, to_item: Item) -> tuple[Quantity, Quantity]:
    """`de 8 à 10 M€`: the bare number borrows the unit and scale of its partner; "€8–10M", "between £18 and £20M":
    a number with its currency and no scale borrows the scale of its partner. A scale is borrowed only between numbers
    of a size ("from 800 to 1.2M" is no 800M: the 800 keeps its own)."""
    f, t = from_item.value, to_item.value
    f_scale, t_scale = from_item.extra.get("scale", 1.0), to_item.extra.get("scale", 1.0)
    if not from_item.extra["explicit"] and to_item.extra["explicit"]:
        f = f.with_unit_of(t, t_scale if _of_a_size(f.value, t.value / t_scale) else 1.0)
    elif not to_item.extra["explicit"] and from_item.extra["explicit"]:
        t = t.with_unit_of(f, f_scale if _of_a_size(t.value, f.value / f_scale) else 1.0)
    elif f.is_currency and t.unit in (None, f.unit) and f_scale == 1.0 and t_scale != 1.0 and \
            _of_a_size(f.value, t.value / t_scale):
        f, t = Quantity(f.value * t_scale, f.unit, f.text, f.placeholder), Quantity(t.value, f.unit, t.text, t.placeholder)
    return f, t


def _of_a_size(a: float, b: float) -> bool:
    """Two numbers written with one scale: within a factor of ten of each other ("8" and "10" of "8 à 10 M€")."""
    return a == 0 or b == 0 or 0.1 <= abs(a / b) <= 10


def _apply_change(start: Quantity, change: Quantity) -> Quantity | None:
    if change.unit == "%" and start.unit != "%":
        return Quantity(float(f"{start.value * (1 + change.value / 100.0):.12g}"), start.unit, "")
    if change.unit == "%" and start.unit == "%":
        return Quantity(float(f"{start.value * (1 + change.value / 100.0):.12g}"), "%", "")
    if change.unit == "pt" and start.unit == "%":
        return Quantity(round(start.value + change.value, 10), "%", "")
    if change.unit == start.unit:
        return Quantity(round(start.value + change.value, 10), start.unit, "")
    return None


def _has_unit(value: Quantity, metric: str | None) -> bool:
    """A TO that can be a value of the metric: in money or percent, or a bare count ("pendant 3 ans" is no TO of
    revenue)."""
    return value.unit is not None or metric_kind(metric) == "volume"


def _absolute_and_relative(a: Quantity, b: Quantity) -> bool:
    """One change in the metric's unit and one in percent: "+2 M€ (+10 %)", "by 5,000 units (-20%)"."""
    units = {a.unit, b.unit}
    return "%" in units and "pt" not in units and a.unit != b.unit and a.value != 0 and b.value != 0


def _start_of_change(a: Quantity, b: Quantity) -> Quantity:
    """The FROM an absolute change is the given percent of: €2M at +10 % starts from €20M (three digits)."""
    absolute, relative = (b, a) if a.unit == "%" else (a, b)
    return Quantity(float(f"{abs(absolute.value / (relative.value / 100.0)):.3g}"), absolute.unit, "")


def _unapply_change(end: Quantity, change: Quantity) -> Quantity | None:
    """The FROM that `change` takes to `end` (the inverse of `_apply_change`), to three significant digits as a
    percent change is itself rounded (8 M€ at +12 % starts from 7,14 M€); None for a change of -100 % or less, or in
    a unit that does not fit the TO."""
    if change.unit == "%" and change.value > -100:
        return Quantity(float(f"{end.value / (1 + change.value / 100.0):.3g}"), end.unit, "")
    if change.unit == "pt" and end.unit == "%":
        return Quantity(round(end.value - change.value, 10), "%", "")
    if change.unit == end.unit and change.unit != "%":
        return Quantity(round(end.value - change.value, 10), end.unit, "")
    return None


def _compose(metric: str, scopes: list[str], form: str, lexicon: Lexicon) -> str | None:
    table = lexicon.compose.get(metric) or {}
    for scope in scopes:
        if scope in table and form in table[scope]:
            return table[scope][form]
    if form == "share":  # "25 % du CA via email": the scope was part of the metric's own phrase
        for forms in table.values():
            if forms.get("plain") == metric and "share" in forms:
                return forms["share"]
    return None


def _implied_metric(verb: Item | None, scopes: list[str], items: list[Item], lexicon: Lexicon,
                   to_value: Quantity | None = None) -> str | None:
    verb_text = fold(verb.text) if verb is not None else None
    count = to_value is not None and to_value.unit is None and not to_value.placeholder
    words = {i.value for i in items if i.category in ("word", "sku")} | {fold(i.text) for i in items if i.category == "sku"}
    # "Passer à 2 newsletters par semaine": a bare count after a verb of direction; a verb another rule names
    # ("Recruter 500 clients via la newsletter") says what is counted
    named = {fold(v) for rule in lexicon.implied for v in rule.get("verbs", [])}
    for rule in lexicon.implied:
        if rule.get("target") == "count":
            if (verb is not None and (verb.category != "direction" or verb_text in named)) or not count:
                continue
        elif rule.get("target") == "amount" and "verbs" not in rule:
            # "£500k from email in December": money from a channel, with no verb or a verb of reaching or growing
            if verb is not None and verb.value not in ("reach", "increase"):
                continue
        elif verb_text is None or verb_text not in {fold(v) for v in rule.get("verbs", [])}:
            continue
        if rule.get("target") == "amount" and (to_value is None or not to_value.is_currency):
            continue
        if rule.get("scopes") and not set(rule["scopes"]) & set(scopes):
            continue
        if rule.get("words") and not {fold(w) for w in rule["words"]} & words:
            continue
        return rule["metric"]
    return None


def _share_candidates(metric: str, lexicon: Lexicon) -> list[str]:
    return [forms["share"] for forms in (lexicon.compose.get(metric) or {}).values() if "share" in forms]


def _guess_kind(items: list[Item], quantity: Quantity | None) -> str | None:
    words = {i.value for i in items if i.category == "word"}
    if any(i.category == "share" for i in items):
        return "share"
    if words & {"taux", "rate", "ratio"}:
        return "rate"
    if words & {"par", "per", "moyen", "moyenne", "average"}:
        return "average"
    if quantity is not None and quantity.is_currency:
        return "amount"
    if quantity is not None and quantity.is_percent:
        return "rate"
    if quantity is not None:
        return "volume"
    return None


def _candidates(items: list[Item], kind: str | None, lexicon: Lexicon, limit: int = 5) -> list[str]:
    """Close catalog metrics for a sentence that names none: spelling first, then the same kind."""
    from kpiguard.catalog import builtin_metrics

    words = [i.value for i in items if i.category == "word" and re.fullmatch(r"[a-z][a-z-]{2,}", i.value)]
    stop = lexicon.words("stopwords")
    words = [w for w in words if w not in stop]
    phrase_of: dict[str, str] = {}
    # a word is first the metric it names alone ("sessions"), then one whose name holds it ("conversion rate of
    # sessions"): "sesions" offers the sessions first
    named = sorted((p for p in lexicon.phrases if p.category == "metric"),
                   key=lambda p: len(re.findall(r"[a-z]{3,}", fold(p.text))))
    for phrase in named:
        for token in re.findall(r"[a-z]{3,}", fold(phrase.text)):
            phrase_of.setdefault(token, phrase.value)
    found: list[str] = []
    for word in words:
        for close in difflib.get_close_matches(word, list(phrase_of), n=3, cutoff=0.8):
            if phrase_of[close] not in found:
                found.append(phrase_of[close])
    if kind:
        for name in builtin_metrics():
            if len(found) >= limit:
                break
            if metric_kind(name) == kind and name not in found:
                found.append(name)
    return found[:limit]


def _guard_text(text: str) -> str:
    """A guardrail's words as written, without the punctuation that opened its clause (". Keep ...") or a bracket
    it did not open ("(garde-fou : ... 0,3 %)")."""
    text = text.strip().lstrip(".,;:").strip()
    while text.endswith(")") and text.count(")") > text.count("("):
        text = text[:-1].rstrip()
    return text


# Guard phrases that name what they guard in their own words: the volume sent, the customers kept.
GUARDED_BY_NAME = {"sends": "emails_sent", "fewer_sends": "emails_sent", "customers": "active_customers"}


_EMAIL_NOUNS = re.compile(r"e-?mails?|mails?|courriels?|newsletters?|infolettres?")


def _emails_counted(items: list[Item]) -> bool:
    """"3 e-mails par semaine", "more than 3 emails a week": a plain number right before the e-mails counts them."""
    return any(a.category == "quantity" and a.value.unit is None and b.category == "scope" and b.value == "email"
               and _EMAIL_NOUNS.fullmatch(fold(b.text).strip()) for a, b in itertools.pairwise(items))


def _read_guard(items: list[Item], lexicon: Lexicon, result: Parse, source: Text | None = None) -> ParsedGuardrail | None:
    guard = items[0]
    text = _guard_text(source.source(items[0].start, items[-1].end) if source is not None else
                       " ".join(i.text for i in items))
    metrics = [i for i in items if i.category == "metric"]
    scopes = [i.value for i in items if i.category == "scope"]
    measure = next((i for i in items if i.category == "unsupported"), None)
    if metrics and measure is not None and _qualifies(items, metrics[0], measure):
        # "Keep new-customer CAC under £30 while ...": a guardrail on CAC, which the catalog lacks (said, not guessed)
        result.notes.append(("guard_without_metric", {"text": text.strip()}))
        return None
    metric = metrics[0].value if metrics else None
    if metric is not None:
        metric = _compose(metric, scopes, "plain", lexicon) or metric
    elif guard.value in ("sends", "fewer_sends"):  # "sans envoyer plus de 20 % d'e-mails": the e-mails its words say
        metric = GUARDED_BY_NAME[guard.value]
    elif scopes and _emails_counted(items):  # "sans dépasser 3 e-mails par semaine": e-mails sent, not e-mail revenue
        metric = "emails_sent"
    elif scopes:  # "sans cannibaliser les nouveautés": the scope's revenue
        metric = _compose("revenue", scopes, "plain", lexicon)
    if metric is None and guard.value == "discount":  # "sans brader": a discount is paid with margin
        metric = "margin"
    if metric is None and guard.value in GUARDED_BY_NAME:  # "sans envoyer plus d'e-mails", "sans perdre de clients"
        metric = GUARDED_BY_NAME[guard.value]
    quantities = [i for i in items if i.category == "quantity"]
    thresholds = [i.value for i in items if i.category == "threshold"]
    quantity = quantities[0].value if quantities else None
    guardrail = ParsedGuardrail(metric=metric, text=text.strip())
    if metric is None:
        result.notes.append(("guard_without_metric", {"text": text.strip()}))
        return guardrail
    from kpiguard.catalog import builtin_metrics

    metric_direction = builtin_metrics()[metric].direction if metric in builtin_metrics() else "up"
    kind = "degrade" if guard.value in ("discount", "customers") else "no_increase" if guard.value == "sends" \
        else "no_decrease" if guard.value == "fewer_sends" else guard.value
    if kind == "bounded":  # "without more than a 10% drop in X", "sans hausse de plus de 20 % de Y"
        kind = _bounded_kind(items)
    absolute = kind in ("cap", "keep", "with") or (quantity is not None and quantity.unit not in ("%", "pt"))
    if quantity is not None and absolute and quantity.unit == "%" and rate_of_count(metric):
        metric = guardrail.metric = rate_of_count(metric)  # "avec au moins 25 % de hits": the hit rate
    if quantity is not None and absolute and _percent_of_a_count(metric, None, quantity, None):
        result.notes.append(("guard_unit", {"text": text.strip()}))  # "25 % du CA" is no floor of revenue
        return guardrail
    if quantity is not None and absolute and quantity.unit == "pt":
        # "Revenue flat YoY, margin +2pts": points are a change, never a floor (it was "gross margin at €0.02 or
        # more"); a tolerance in points is no spec threshold either
        result.notes.append(("guard_points" if _metric_unit(metric) == "%" else "guard_unit", {"text": text.strip()}))
        return guardrail
    if quantity is not None and quantity.unit is None and any(i.category == "cadence" for i in items):
        result.notes.append(("guard_cadence", {"text": text.strip()}))  # "3 e-mails par semaine": not in the year
    if kind == "cap" and quantity is not None:  # "sans dépasser 0,3 % de désabonnement": a ceiling
        guardrail.max = quantity.spec_value()
        return guardrail
    if kind in ("degrade", "no_decrease", "no_increase", "cap"):
        rise = kind in ("no_increase", "cap") or (kind == "degrade" and metric_direction == "down")
        if quantity is not None and quantity.unit == "pt":  # "de plus de 2 pts": 2 points are not 2 % of it
            result.notes.append(("guard_points", {"text": text.strip()}))
            return guardrail
        bound = 0.0 if quantity is None else quantity.spec_value() if quantity.unit == "%" else None
        if bound is None:  # "sans faire baisser le CA sous 8 M€": an absolute floor
            if rise:
                guardrail.max = quantity.value
            else:
                guardrail.min = quantity.value
        elif rise:
            guardrail.max_increase = bound
        else:
            guardrail.max_decrease = bound
        return guardrail
    # keep / with: an absolute floor or ceiling, or "no worse than now" without a number
    if quantity is None:
        if metric_direction == "down":
            guardrail.max_increase = 0.0
        else:
            guardrail.max_decrease = 0.0
        return guardrail
    value = quantity.spec_value()
    if "max" in thresholds:
        guardrail.max = value
    elif "min" in thresholds:
        guardrail.min = value
    elif metric_direction == "down":
        guardrail.max = value
    else:
        guardrail.min = value
    return guardrail


_DROPS = {"drop", "fall", "decline", "decrease", "loss", "dip", "baisse", "recul", "chute", "diminution", "perte"}
_RISES_NOUNS = {"rise", "increase", "spike", "jump", "hausse", "augmentation", "pic"}


def _bounded_kind(items: list[Item]) -> str:
    """The way a bounded guard forbids: a fall ("drop", "baisse") or a rise ("rise", "hausse"); else a degradation."""
    said = {w for i in items for w in re.findall(r"[a-z]+", fold(i.text))}
    if said & _DROPS:
        return "no_decrease"
    if said & _RISES_NOUNS:
        return "no_increase"
    return "degrade"


def _unknown_words(items: list[Item], lexicon: Lexicon) -> list[str]:
    known = (lexicon.words("stopwords") | lexicon.words("from_words") | lexicon.words("to_words")
             | lexicon.words("change_words") | lexicon.words("at_words") | lexicon.words("of_words")
             | lexicon.words("language_words") | set(lexicon.months))
    unknown: list[str] = []
    for k, item in enumerate(items):
        if item.category != "word":
            continue
        word = item.value
        if word in _DURATION_WORDS and k and items[k - 1].category == "quantity":
            continue  # "48 heures": the unit of the number before it (a value in hours, or a duration noted)
        if word in known or not re.search(r"[a-z]", word) or len(word) < 2 or re.fullmatch(r"(?:o|kr|okr)\d*", word):
            continue  # "KR1 :", "O2 KR3 -": an OKR label
        if item.text not in unknown:
            unknown.append(item.text)
    return unknown


__all__ = ["KINDS", "Item", "Parse", "ParsedGuardrail", "detect_lang", "metric_kind", "parse"]
