"""Shared pieces of the rewrites: the notes a snippet carries and the thresholds that protect a metric."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from kpiguard._i18n import Message, get_lang
from kpiguard.lint.context import DEFAULT_LEVEL, LintContext
from kpiguard.lint.snippet import TODO, one_line
from kpiguard.spec.models import KPI

NOTE_FROM = Message(en="from: the value over the baseline period (`kpiguard review` computes it)",
                    fr="from : la valeur sur la période de référence (`kpiguard review` la calcule)")
NOTE_METRIC = Message(en="metric: an output the team controls (`kpiguard rules` and the catalog list them)",
                      fr="metric : un output que l'équipe maîtrise (voir le catalogue des métriques)")
NOTE_BASELINE = Message(
    en="baseline: the period the FROM is measured on, e.g. 2025, 2025-H2 or 2025-Q4 (the review judges the KPI on "
       "a window of the same length)",
    fr="baseline : la période sur laquelle le FROM est mesuré, par ex. 2025, 2025-H2 ou 2025-Q4 (la revue juge le KPI "
       "sur une fenêtre de même durée)")
NOTE_TO = Message(en="to: the value to reach", fr="to : la valeur à atteindre")
NOTE_BY = Message(en="by: the horizon, a date such as 2026-12-31 or a period such as 2026-Q4",
                  fr="by : l'horizon, une date comme 2026-12-31 ou une période comme 2026-Q4")
NOTE_THRESHOLD = Message(en="thresholds are a starting point: set them from your own history",
                         fr="les seuils sont un point de départ : fixez-les d'après votre historique")
# The notes `notes_for` writes, on values to fill: a combined rewrite writes them again for its own values
PLACEHOLDER_NOTES = (NOTE_METRIC, NOTE_BASELINE, NOTE_FROM, NOTE_TO, NOTE_BY, NOTE_THRESHOLD)
NOTE_REASON = Message(en="noqa: say why the rule does not apply here; an empty reason is itself a finding",
                      fr="noqa : dites pourquoi la règle ne s'applique pas ici ; une raison vide est elle-même signalée")

UNDECLARED_LEVEL = Message(
    en="; {kpi!r} declares no level, nor does its metric {metric}: it is read as an output (write `level: outcome` "
       "if it is what the company wants)",
    fr=" ; {kpi!r} ne déclare pas de niveau, sa métrique « {metric} » non plus : il est lu comme un output (écrivez "
       "`level: outcome` si c'est ce que veut l'entreprise)",
)


def undeclared_level(kpis: Iterable[KPI], ctx: LintContext) -> str:
    """The hint that a KPI taken as an output only by default may be an outcome (the first such KPI), or ''."""
    found = next((k for k in kpis if not ctx.level_declared(k)), None)
    return UNDECLARED_LEVEL(kpi=found.id, metric=ctx.label(found.metric)) if found is not None else ""


def protect(ctx: LintContext, metric: str, tolerance: float) -> dict[str, float]:
    """A relative threshold that stops `metric` from degrading by more than `tolerance`."""
    return {"max_increase": tolerance} if ctx.direction(metric) == "down" else {"max_decrease": tolerance}


def retarget(data: dict[str, Any], kpi: KPI, metric: str, ctx: LintContext) -> None:
    """Put `metric` in the KPI's snippet in place of its own, keeping what the KPI was.

    Its level stays: a take rate (an output) rewritten as its commission revenue, whose metric is an outcome, is
    still the output the team is steered by; left unwritten, the pasted KPI would become an outcome and be asked
    for contributors and outputs of its own. A guardrail on `metric` goes: the target now covers it, and a KPI
    guarded only by its own metric is isolated (KG106).
    """
    data["metric"] = metric
    now = ctx.level(kpi)
    if "level" not in data and (ctx.level_of_metric(metric) or DEFAULT_LEVEL) != now:
        data["level"] = now
    rails = [r for r in data.get("guardrails", ()) if r["metric"] != metric]
    if rails:
        data["guardrails"] = rails
    else:
        data.pop("guardrails", None)


HELD = Message(en=", without {whole} falling", fr=", sans recul de « {whole} »")


def complete_target(data: dict[str, Any], kpi: KPI, ctx: LintContext) -> Any:
    """Give the snippet's target all that KG201, KG202 and KG203 ask for: a FROM, the baseline it is measured on and
    a horizon. Each of the three rewrites writes all of them, so that pasting one after the other loses nothing (a
    FROM added by one and a horizon by the next). A placeholder the KPI already has (`from: ~`) stays one. Returns
    the horizon written (a date, or TODO)."""
    target = kpi.target
    written = data["target"]
    if target.from_ is None:
        written = data["target"] = {"from": TODO, **{k: v for k, v in written.items() if k != "from"}}
    data["baseline"] = baseline_for(kpi, ctx)
    if target.by is None:
        written["by"] = TODO if "by" in target._key_locs else proposed_by(kpi, ctx)
    return written["by"]


def held(kpi: KPI, ctx: LintContext) -> str:
    """", without Revenue falling" when the rewrite of the KPI guards the whole of the share it targets
    (`LintContext.kpi_data`), for its sentence to say so; '' otherwise."""
    whole = ctx.free_whole(kpi)
    return HELD(whole=ctx.label(whole)) if whole is not None else ""


def notes_for(data: dict[str, Any]) -> list[str]:
    """What is left to fill in a snippet (values written `~`)."""
    target = data.get("target") or {}
    notes = [NOTE_METRIC()] if data.get("metric") is TODO else []
    if data.get("baseline") is TODO:
        notes.append(NOTE_BASELINE())
    if target.get("from") is TODO:
        notes.append(NOTE_FROM())
    if target.get("to") is TODO:
        notes.append(NOTE_TO())
    if target.get("by") is TODO:
        notes.append(NOTE_BY())
    if data.get("guardrails"):
        notes.append(NOTE_THRESHOLD())
    return notes


MONTHS = {"fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
                  "novembre", "décembre"),
          "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                 "November", "December")}


def deadline_words(day: date, lang: str | None = None) -> str:
    """A deadline as a sentence says it after "d'ici" / "by": "fin 2026" / "the end of 2026", "fin juin 2027",
    "le 24 décembre 2026" / "24 December 2026"; never an ISO date in a sentence."""
    fr = (lang or get_lang()) == "fr"
    month = MONTHS["fr" if fr else "en"][day.month - 1]
    if (day.month, day.day) == (12, 31):
        return f"fin {day.year}" if fr else f"the end of {day.year}"
    if day.day == calendar.monthrange(day.year, day.month)[1]:
        return f"fin {month} {day.year}" if fr else f"the end of {month} {day.year}"
    if fr:
        return f"le {'1er' if day.day == 1 else day.day} {month} {day.year}"
    return f"{day.day} {month} {day.year}"


def period_words(label: str, lang: str | None = None) -> str:
    """A baseline period as a sentence says it: 2026-Q3 -> "T3 2026" / "Q3 2026", 2026-H1 -> "S1 2026" / "H1 2026",
    2026-W02 -> "semaine du 5 janvier 2026" / "the week of 5 January 2026", 2026-01-14 -> "14 janvier 2026" /
    "14 January 2026", 2025-12 -> "décembre 2025" / "December 2025"; years stay as they are (all parse back)."""
    fr = (lang or get_lang()) == "fr"
    if len(label) == 7 and label[4:6] in ("-Q", "-H"):
        kind = {"Q": "T", "H": "S"}[label[5]] if fr else label[5]
        return f"{kind}{label[6]} {label[:4]}"
    if re.fullmatch(r"\d{4}-W\d{2}", label) or re.fullmatch(r"\d{4}-\d{2}-\d{2}", label):
        from kpiguard.spec.periods import parse_period

        period = parse_period(label)
        day = period.start
        words = f"{'1er' if day.day == 1 else day.day} {MONTHS['fr'][day.month - 1]} {day.year}" if fr \
            else f"{day.day} {MONTHS['en'][day.month - 1]} {day.year}"
        if period.grain == "week":
            return f"semaine du {words}" if fr else f"the week of {words}"
        return words
    if re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", label):  # "(baseline December 2025)", not "(baseline 2025-12)"
        return f"{MONTHS['fr' if fr else 'en'][int(label[5:]) - 1]} {label[:4]}"
    return label


def measured_over(label: str, lang: str | None = None) -> str:
    """A baseline period after "mesuré sur" / "measured over": a day, a week, a quarter or a half takes its article
    in French ("mesuré sur le 30 juin 2025", "sur la semaine du 5 janvier 2026", "sur le T3 2026"), a range is said
    in words ("sur la période du 3 au 9 mars 2026"); years and months read as `period_words`."""
    words = period_words(label, lang)
    if ".." in label:  # a range of days or months, in words: "sur la période du 3 au 9 mars 2026"
        from kpiguard._numbers import say_period

        return say_period(label, lang or get_lang(), article=True)
    if (lang or get_lang()) != "fr":
        return words
    if re.fullmatch(r"\d{4}-W\d{2}", label):
        return f"la {words}"
    # a day, a quarter, a half: "mesuré sur le 30 juin 2025", "mesuré sur le T3 2026"
    return f"le {words}" if re.fullmatch(r"\d{4}-(\d{2}-\d{2}|[QH]\d)", label) else words


def default_deadline(today: date) -> date:
    """The end of this year, or of next year in the last quarter (a target needs time to move)."""
    return date(today.year if today.month <= 9 else today.year + 1, 12, 31)


# Cadences whose one period is proposed as a baseline for a TO per period ("300 commandes par semaine"): the
# review judges a KPI on a window as long as its baseline, so a quarter's baseline would compare 13 weeks of
# orders with a week's target. A week or a day is a noisy FROM, but the only one on the target's footing.
BASELINE_CADENCES = ("day", "week", "month", "quarter")


def duration_cadence(label: str) -> str | None:
    """The grain of a horizon said as a duration in weeks or days ("d'ici 3 semaines" is P3W, "within 5 days"
    P5D): the target's window is a week (a day under a week), and so is its baseline; None for other horizons."""
    m = re.fullmatch(r"P(\d+)([WD])", label)
    if m is None:
        return None
    return "day" if m[2] == "D" and int(m[1]) < 7 else "week"


def default_baseline(deadline: date, today: date, cadence: str | None = None) -> str:
    """The last full year before today; the last full quarter when the horizon is within six months; for a
    KPI with a shorter cadence ("5 000 par mois"), the last full period of that cadence, since the review judges
    a KPI on a window as long as its baseline."""
    if cadence in BASELINE_CADENCES:
        return cadence_baseline(cadence, deadline, today)
    if deadline - today <= timedelta(days=183):
        q = (today.month - 1) // 3 + 1
        year, q = (today.year, q - 1) if q > 1 else (today.year - 1, 4)
        return f"{year}-Q{q}"
    return str(today.year - 1)


def cadence_baseline(cadence: str, deadline: date, today: date | None = None) -> str:
    """One period of `cadence`: the last full one before `today`; without a day, the one a year before the deadline."""
    from kpiguard.spec.periods import period_containing

    if today is not None:
        return period_containing(today, cadence).previous().label
    year = deadline.year - 1  # the same day a year before (the 28th of February for the 29th)
    return period_containing(date(year, deadline.month, min(deadline.day, calendar.monthrange(year, deadline.month)[1])),
                             cadence).label


def baseline_for(kpi: KPI, ctx: LintContext) -> Any:
    """The baseline a rewrite proposes: the KPI's own; else, when the day of the check is known (`kpiguard check`),
    the one the robust rewrite uses; else the year before the horizon; TODO without a horizon."""
    if kpi.baseline is not None:
        return kpi.baseline.label
    by = deadline_of(kpi, ctx)
    if by is None:
        return TODO
    # a TO per cadence period ("5 000 par mois") is compared with one such period: the baseline is one too
    per = kpi.cadence if kpi.target is not None and kpi.target.to is not None else None
    if ctx.today is not None:
        return default_baseline(by, ctx.today, per)
    if per in BASELINE_CADENCES:
        return cadence_baseline(per, by)
    return by.year - 1


def deadline_of(kpi: KPI, ctx: LintContext | None = None) -> date | None:
    """The KPI's deadline; without one, on the day of a check, the one its robust rewrite proposes."""
    if kpi.target is not None and kpi.target.by is not None:
        return kpi.target.by
    return default_deadline(ctx.today) if ctx is not None and ctx.today is not None else None


def proposed_by(kpi: KPI, ctx: LintContext) -> Any:
    """The horizon a rewrite writes for a target without one: on the day of a check, the one its robust rewrite
    proposes; else the end of the year after the baseline period; else TODO (a placeholder to fill)."""
    if kpi.target is not None and kpi.target.by is not None:
        return kpi.target.by
    if ctx.today is not None:
        return default_deadline(ctx.today)
    return date(kpi.baseline.end.year, 12, 31) if kpi.baseline is not None else TODO


def baseline_label(kpi: KPI) -> str:
    """The baseline period as a sentence says it (X when none is declared)."""
    return kpi.baseline.label if kpi.baseline is not None else "X"


def horizon(kpi: KPI, ctx: LintContext | None = None) -> str:
    """The KPI's deadline (see `deadline_of`) in words, for "d'ici {by}" / "by {by}"; X when it has none."""
    by = deadline_of(kpi, ctx)
    return deadline_words(by) if by is not None else "X"


def statement(kpi: KPI) -> str:
    """The KPI as people say it, on one line (a folded `>` statement ends with a newline), else its id."""
    return one_line(kpi.statement) or kpi.id


# --- an owner for a KPI without one (KG310 proposes it; KG304 names the contributors beside it) ---------------

WHY_CONTRIBUTOR = Message(en="its first contributor", fr="son premier contributeur")
WHY_SERVED = Message(en="it owns {kpi!r}, which this KPI serves", fr="elle porte {kpi!r}, que ce KPI sert")
WHY_SERVER = Message(en="it owns {kpi!r}, which serves this KPI", fr="elle porte {kpi!r}, qui sert ce KPI")
WHY_FIRST = Message(en="the first team declared", fr="la première équipe déclarée")
WHY_FIRST_NAMED = Message(en="the first team the spec names", fr="la première équipe que nomme la spec")


def proposed_owner(kpi: KPI, ctx: LintContext) -> tuple[str, str] | None:
    """The team KG310 proposes as the owner of a KPI with a target and no owner, and why; None when it proposes
    none (the KPI has an owner or no target, or the spec names fewer than two teams)."""
    if kpi.target is None or kpi.owner is not None or not (ctx.spec.teams or len(_named_teams(ctx)) >= 2):
        return None
    return _likely_owner(kpi, ctx)


def _likely_owner(kpi: KPI, ctx: LintContext) -> tuple[str, str]:
    """A team to propose, and why: its first contributor, the owner of a KPI it serves or that serves it, else
    the first team of the spec."""
    if kpi.contributors:
        return kpi.contributors[0], WHY_CONTRIBUTOR()
    for served_id in kpi.serves:
        served = ctx.kpis_by_id.get(served_id)
        if served is not None and served.owner:
            return served.owner, WHY_SERVED(kpi=served.id)
    for server in ctx.servers.get(kpi.id, ()):
        if server.owner:
            return server.owner, WHY_SERVER(kpi=server.id)
    if ctx.spec.teams:
        return next(iter(ctx.spec.teams)), WHY_FIRST()
    return _named_teams(ctx)[0], WHY_FIRST_NAMED()


def _named_teams(ctx: LintContext) -> list[str]:
    """The teams the KPIs name, owners first, in file order: the teams of a spec that declares none (free text)."""
    owners = [k.owner for k in ctx.spec.kpis if k.owner is not None]
    others = [t for k in ctx.spec.kpis for t in (*k.contributors, *k.visibility)]
    return list(dict.fromkeys([*owners, *others]))


# --- the teams around an outcome (KG304 names them; KG301 declares a new outcome with them) -----------------------

NOTE_CONTRIBUTORS = Message(en="contributors: the teams whose work moves this outcome",
                            fr="contributors : les équipes dont le travail fait bouger cet outcome")
PLACEHOLDER_TEAMS = ("team-a", "team-b")
NOTE_PLACEHOLDER_TEAMS = Message(
    en="team-a, team-b, ?: placeholders, replace them with your teams' ids (declared under `teams:`)",
    fr="team-a, team-b, ? : des exemples, remplacez-les par les ids de vos équipes (déclarées sous `teams:`)")
FORUM = Message(en="KPI review", fr="Revue KPI")


def collective(owner: str | None, servers: Iterable[KPI], ctx: LintContext,
               visibility: Iterable[str] = ()) -> tuple[dict[str, Any], list[str]]:
    """The `contributors`, `visibility` and `coordination` of an outcome owned by `owner`, and their notes: the
    teams whose KPIs serve it, else the spec's other teams (three at most), else placeholders; never the owner,
    who is no contributor of its own."""
    teams = list(dict.fromkeys(s.owner for s in servers if s.owner and s.owner != owner))
    teams = teams or [t for t in ctx.spec.teams if t != owner][:3] or [t for t in PLACEHOLDER_TEAMS if t != owner]
    fields = {"contributors": teams,
              "visibility": list(dict.fromkeys([*([owner] if owner else []), *teams, *visibility])),
              "coordination": {"cadence": "month", "forum": FORUM()}}
    placeholders = set(teams) <= set(PLACEHOLDER_TEAMS)
    return fields, [NOTE_CONTRIBUTORS()] + ([NOTE_PLACEHOLDER_TEAMS()] if placeholders else [])


# --- an output a team already owns, to serve an outcome (KG302 and KG303 point at it before proposing a new one) ---

def owned_output(outcome: KPI, teams: Iterable[str], ctx: LintContext) -> KPI | None:
    """An output KPI one of `teams` already owns that could serve `outcome` once its `serves` names it: first one
    that serves no outcome yet (KG301 asks it to serve one), then any, in the order of `teams`, then of the file;
    never one `outcome` itself reaches through its own `serves` (naming it would close a loop, which the loader
    refuses), nor an input metric declared an output (KG307 makes it an input, which crosses no outcome). None
    when the teams own no output: a new one is to be declared."""
    downstream = _served_by(outcome.id, ctx)
    found = [k for team in dict.fromkeys(teams) for k in ctx.kpis_by_owner.get(team, ())
             if k is not outcome and ctx.level(k) == "output" and outcome.id not in k.serves
             and k.id not in downstream and ctx.level_of_metric(k.metric) != "input"]
    return min(found, key=lambda k: k.id in ctx.leading_to_outcome, default=None)  # (min keeps the first of ties)


def _served_by(kpi_id: str, ctx: LintContext) -> set[str]:
    """The ids of the KPIs `kpi_id` serves, directly or through others."""
    found: set[str] = set()
    todo = [kpi_id]
    while todo:
        kpi = ctx.kpis_by_id.get(todo.pop())
        for served in kpi.serves if kpi is not None else ():
            if served not in found:
                found.add(served)
                todo.append(served)
    return found
