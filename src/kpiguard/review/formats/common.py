"""What the renderers share: verdict words and marks, and the reasons in the language asked."""

from __future__ import annotations

import math
from pathlib import PurePath
from typing import Any

from kpiguard import _numbers as numbers
from kpiguard._i18n import Message
from kpiguard.review.company import kpi_verdict_words, verdict_words
from kpiguard.review.numbers import fmt_date, fmt_factor, fmt_period, fmt_share, fmt_share_pair, fmt_value

MARKS = {
    "healthy_success": "✔", "hollow_success": "◌", "toxic_success": "✖", "on_track": "↗", "off_track": "↘",
    "missed": "✗", "not_evaluable": "?",
}
STYLES = {
    "healthy_success": "bold green", "hollow_success": "bold yellow", "toxic_success": "bold red",
    "on_track": "green", "off_track": "yellow", "missed": "red", "not_evaluable": "dim",
}
# An on-track KPI heading for a toxic success (a guardrail broke) is a warning, not good news.
HEADING_STYLE = "bold yellow"


def period_cell(kpi: dict, lang: str) -> str:
    """The period a KPI was judged on, as the reader says it (`Jul 2025 – Jun 2026`; the JSON keeps its code)."""
    return fmt_period(kpi["current"]["period"], lang, article=False)


def style_of(kpi: dict) -> str:
    """The colour of a KPI's verdict in a terminal, as the report colours it."""
    return HEADING_STYLE if kpi.get("heading_for_toxic") and kpi["verdict"] == "on_track" else STYLES[kpi["verdict"]]


ANSWER = {"yes": Message(en="Yes", fr="Oui"), "no": Message(en="No", fr="Non"),
          "unclear": Message(en="Unclear", fr="Incertain")}
QUESTION = Message(en="If these KPIs are met, is the company better off?",
                   fr="Si ces KPI sont atteints, l'entreprise est-elle en meilleure situation ?")
TITLE = Message(en="KPI review: {name}, as of {as_of}", fr="Revue des KPI : {name}, au {as_of}")
HEADERS = {
    "kpi": Message(en="KPI", fr="KPI"), "period": Message(en="Period", fr="Période"),
    "baseline": Message(en="Baseline", fr="Référence"), "current": Message(en="Current", fr="Actuel"),
    "target": Message(en="Target", fr="Cible"), "progress": Message(en="Progress", fr="Avancement"),
    "verdict": Message(en="Verdict", fr="Verdict"),
}
DATA_CHECKS = Message(en="Data checks", fr="Contrôles des données")
GUARDRAILS = Message(en="Guardrails", fr="Garde-fous")
COUNTS = Message(en="{n} KPIs: {summary}", fr="{n} KPI : {summary}")
NO_KPIS = Message(en="The spec declares no KPI: add them under `kpis:` (see examples/kpis.example.yaml).",
                  fr="La spec ne déclare aucun KPI : ajoutez-les sous `kpis:` (voir examples/kpis.example.yaml).")
COUNT_ONE = Message(en="1 KPI: {summary}", fr="1 KPI : {summary}")


def title(review: dict[str, Any], lang: str) -> str:
    """The heading: the spec's name, else its file name (a spec need not have a name)."""
    spec = review.get("spec") or {}
    name = spec.get("name") or PurePath(str(spec.get("path") or "")).name
    return TITLE.render(lang, name=name, as_of=fmt_date(review["as_of"], lang))


def data_warnings(review: dict[str, Any], lang: str) -> list[str]:
    """The checks of the data (review.quality) in `lang`."""
    data = review.get("data") or {}
    return (data.get("warnings_i18n") or {}).get(lang) or data.get("warnings") or []


def reasons(item: dict[str, Any], lang: str, key: str = "reasons") -> list[str]:
    """The reasons in `lang` when the JSON carries both languages, else as they were rendered."""
    return (item.get(f"{key}_i18n") or {}).get(lang) or item.get(key) or []


def progress(kpi: dict[str, Any], lang: str) -> str:
    """Attainment / expected progress; a KPI short of its target or of its pace never reads as reaching it
    (99.98 % of a missed target is not "100%")."""
    a, e = kpi.get("attainment"), kpi.get("expected_progress")
    if a is None:
        return ""
    text = fmt_share(a, lang)
    if kpi.get("verdict") in ("missed", "off_track") and a < 1:
        text = fmt_share_pair(a, 1.0, lang)[0]
    if e is None:
        return text
    if kpi.get("verdict") == "off_track" and a < e:
        return " / ".join(fmt_share_pair(a, e, lang))
    return f"{text} / {fmt_share(e, lang)}"


def value(kpi: dict[str, Any], v: float | None, lang: str) -> str:
    """One of the KPI's values (baseline, current, target) for its row: a plain number with as many decimals as
    the row's others (items per order 2.33 then 4.00, not 2.33 then 4); money and percents keep their own."""
    if v is None:
        return "—"
    unit = kpi.get("unit") or ""
    decimals = None if numbers.is_money_unit(unit) or numbers.is_percent_unit(unit) else _row_decimals(kpi)
    if decimals is None:
        return fmt_value(v, unit, lang)
    return numbers.format_value(v, unit or None, lang, decimals=decimals)


def _row_decimals(kpi: dict[str, Any]) -> int | None:
    """The decimals the KPI's non-whole values need (the most of them), or None when they are all whole."""
    target = kpi.get("target") or {}
    values = [kpi["baseline"].get("value"), kpi["current"].get("value"), target.get("to"), target.get("scaled_to")]
    needed = [numbers.auto_decimals(x) for x in values
              if isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)
              and not float(x).is_integer()]
    return max(needed) if needed else None


def _scaled_mark(kpi: dict[str, Any], lang: str) -> str:
    """` (×0.249)` when the KPI's sums were scaled pro rata to a window of another length (--period), else ``."""
    base = kpi["baseline"]
    if base.get("pro_rata") and base.get("scaled") is not None:
        return f" ({fmt_factor(base['scaled'], lang)})"
    return ""


def baseline_value(kpi: dict[str, Any], lang: str) -> str:
    """The baseline's value, marked with its factor when it is a sum scaled to a window of another length."""
    text = value(kpi, kpi["baseline"]["value"], lang)
    return text + _scaled_mark(kpi, lang) if kpi["baseline"]["value"] is not None else text


def target_value(kpi: dict[str, Any], lang: str) -> str:
    """The TO the KPI was judged against: scaled to the window as its baseline (and marked alike) under --period."""
    target = kpi["target"]
    if target.get("scaled_to") is not None:
        # (scaled per cadence period, without a baseline period to mark: its own factor)
        mark = _scaled_mark(kpi, lang) or (f" ({fmt_factor(target['scale'], lang)})" if target.get("scale") else "")
        return value(kpi, target["scaled_to"], lang) + mark
    return value(kpi, target["to"], lang) if target.get("to") is not None else "—"


def verdict_cell(kpi: dict[str, Any], lang: str) -> str:
    """The verdict's mark and words, qualified when the target was already met at baseline or a KPI on track
    is heading for a toxic success."""
    return f"{MARKS[kpi['verdict']]} {kpi_verdict_words(kpi, lang)}"


def summary(kpis: list[dict[str, Any]], lang: str) -> str:
    if not kpis:
        return NO_KPIS.render(lang)
    counts: dict[tuple[str, bool, bool, bool, bool], int] = {}
    for k in kpis:
        # a success not earned is not counted as earned
        # (nor is a KPI on track towards a toxic success counted with those on track at no such cost,
        # nor a verdict within noise with those the data settles)
        key = (k["verdict"], bool(k.get("met_at_baseline")) and k["verdict"].endswith("_success"),
               bool(k.get("heading_for_toxic")) and k["verdict"] == "on_track",
               bool(k.get("met_by_season")) and k["verdict"].endswith("_success"),
               bool(k.get("within_noise")) and k["verdict"] != "not_evaluable")
        counts[key] = counts.get(key, 0) + 1
    parts = [f"{n} {verdict_words(v, lang, unearned, heading, season, noise, count=n)}"
             for (v, unearned, heading, season, noise), n in counts.items()]
    return (COUNT_ONE if len(kpis) == 1 else COUNTS).render(lang, n=len(kpis), summary=", ".join(parts))


__all__ = ["ANSWER", "DATA_CHECKS", "HEADERS", "MARKS", "QUESTION", "STYLES", "TITLE", "baseline_value", "data_warnings",
           "kpi_verdict_words", "progress", "reasons", "summary", "target_value", "title", "value", "verdict_cell",
           "verdict_words"]
