"""The report's view model: the review JSON turned into what the page shows, words and numbers formatted."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from kpiguard import _numbers as fmt
from kpiguard.report.labels import TEXT, text
from kpiguard.review.rolling import months_in, rolling_totals
from kpiguard.spec.periods import add_months

LEVELS = ("input", "output", "outcome")
VERDICT_TONES = {
    "healthy_success": "good",
    "on_track": "good",
    "hollow_success": "warn",
    "off_track": "warn",
    "toxic_success": "bad",
    "missed": "bad",
    "not_evaluable": "neutral",
}
GUARDRAIL_TONES = {
    "ok": "good",
    "breached": "bad",
    "breached_not_significant": "warn",
    "not_evaluable": "neutral",
}
# The article's grid: control and relevance of each level.
GRID_GRADES = {"input": ("high", "low"), "output": ("medium", "strong"), "outcome": ("low", "very_strong")}
ADDITIVE_KINDS = {"amount", "count"}
SIGNALS = ("better", "worse", "flat", "unknown")


def _round(value: Any) -> Any:
    """Drop float noise (30098.520000000004) so that the view and its golden files carry none, keeping every digit
    the page writes: six significant digits, and the cents of an amount of five digits or more (six alone gave
    €13,199,100 for the review's €13,199,067.44, and 30 098 € for 30 098,52 €, rounded twice)."""
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return None
        return round(value, 2) if abs(value) >= 1e4 else float(f"{value:.6g}")
    return value


def _num(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return None if isinstance(value, float) and (math.isnan(value) or math.isinf(value)) else float(value)
    return None


def _catalog_entry(metric: str | None):
    if not metric:
        return None
    from kpiguard.catalog import builtin_metrics

    return builtin_metrics().get(metric)


def _metric_label(metric: str | None, given: str | None, lang: str) -> str:
    if given:
        return given
    entry = _catalog_entry(metric)
    label = getattr(entry, "label", None) if entry is not None else None
    if isinstance(label, dict):
        return label.get(lang) or label.get("en") or metric or ""
    return label or metric or ""


def _metric_unit(metric: str | None, given: str | None) -> str | None:
    if given:
        return given
    entry = _catalog_entry(metric)
    return getattr(entry, "unit", None) if entry is not None else None


def _localized(obj: dict[str, Any], key: str, lang: str) -> Any:
    """The review writes its sentences in every language under `<key>_i18n`; take the report's one."""
    translated = obj.get(f"{key}_i18n")
    if isinstance(translated, dict) and translated.get(lang) is not None:
        return translated[lang]
    return obj.get(key)


def _period(label: Any):
    """The dates a period label covers, or None when the label is not one kpiguard can read."""
    if not label:
        return None
    from kpiguard.spec.periods import parse_period

    try:
        return parse_period(str(label))
    except (ValueError, TypeError):
        return None


def _period_of(part: dict[str, Any]):
    """The dates of a baseline or current window: its start/end when the review gives them, else its label."""
    start, end = part.get("start"), part.get("end")
    if start and end:
        from kpiguard.spec.periods import Period

        try:
            return Period(
                dt.date.fromisoformat(str(start)[:10]),
                dt.date.fromisoformat(str(end)[:10]),
                str(part.get("period") or part.get("label") or f"{start}..{end}"),
            )
        except ValueError:
            pass
    return _period(part.get("period"))


class _Formatter:
    """Formats values of one unit in one language, the currency taken from the spec."""

    def __init__(self, lang: str, currency: str | None, relabel: bool = False):
        self.lang, self.currency = lang, currency
        # A review run in another language has its metric labels in that language: take the catalog's.
        self.relabel = relabel

    def label(self, metric: str | None, given: str | None) -> str:
        if self.relabel:
            return (
                _metric_label(metric, None, self.lang)
                if _catalog_entry(metric) is not None
                else (given or metric or "")
            )
        return _metric_label(metric, given, self.lang)

    def value(self, value: Any, unit: str | None) -> str:
        return fmt.format_value(_num(value), unit, self.lang, self.currency)

    def glance(self, value: Any, unit: str | None) -> str:
        """A value read at a glance, as the review's reasons beside it write it: money from 10 000 in
        thousands or millions (`€193.1k`, `−60,30 M£`), else in full."""
        return fmt.format_value(_num(value), unit, self.lang, self.currency, compact=True)

    def compact(self, value: Any, unit: str | None) -> str:
        return fmt.format_compact(_num(value), unit, self.lang, self.currency)

    def percent(self, value: Any, signed: bool = False) -> str:
        if signed:  # a change, as the review's reasons write it: one decimal, `±0.0%` when it did not move
            return fmt.format_change(_num(value), self.lang)
        return fmt.format_percent(_num(value), self.lang)

    def share(self, value: Any) -> str:
        """A share of the way to a target, in whole percents, as the review's reasons write it."""
        return fmt.format_share(_num(value), self.lang)

    def date(self, value: Any) -> str:
        return fmt.format_date(value, self.lang)

    def month(self, value: Any) -> str:
        return fmt.format_month(value, self.lang)

    def period(self, value: Any, *, article: bool = False) -> str:
        """A period as the reader says it (`Q2 2026` / `T2 2026`), from its code or a Period; `article` inside a
        sentence (`sur le T2 2026`, `la durée du T2 2026`)."""
        return fmt.say_period(value, self.lang, article=article)


def build_view(review: dict[str, Any], lang: str = "en") -> dict[str, Any]:
    """Everything the page shows, as plain data: golden tests compare this, the template only lays it out."""
    lang = "fr" if lang == "fr" else "en"
    spec = review.get("spec") or {}
    f = _Formatter(lang, spec.get("currency"), relabel=review.get("lang") not in (None, lang))
    kpis = [kpi for kpi in review.get("kpis") or [] if isinstance(kpi, dict)]
    teams = spec.get("teams") if isinstance(spec.get("teams"), dict) else {}
    cards = [_card(kpi, review, f) for kpi in kpis]
    return {
        "lang": lang,
        "title": text("title", lang) + (f" — {spec['name']}" if spec.get("name") else ""),
        "meta": _meta(review, f),
        "generated": text("generated", lang, tool=review.get("generated_by") or "kpiguard"),
        "answer": _answer(review.get("company") or {}, f),
        "data_warnings": [str(w) for w in _localized(review.get("data") or {}, "warnings", lang) or []],
        "summary": [
            {
                "id": c["id"],
                "anchor": c["anchor"],
                "statement": c["statement"],
                "level": c["level_label"],
                "owner": c["owner"],
                "verdict": c["verdict"],
                "verdict_label": c["verdict_label"],
                "tone": c["tone"],
            }
            for c in cards
        ],
        "kpis": cards,
        "grid": _grid(kpis, f),
        "team": _team(kpis, teams, lang),
        "findings": _findings(review.get("findings") or [], lang),
    }


def _meta(review: dict[str, Any], f: _Formatter) -> str:
    """The line under the title: the review's period is the one the company's numbers compare, not the KPIs'
    (each is judged on its own window, which its card says), and the header says so."""
    spec = review.get("spec") or {}
    period = (review.get("period") or {}).get("label")
    baseline = ((review.get("company") or {}).get("baseline_period") or {}).get("label")
    return text("meta" if baseline else "meta.no_baseline", f.lang, spec=spec.get("name") or spec.get("path") or "",
                period=f.period(period, article=True), baseline=f.period(baseline, article=True), as_of=f.date(review.get("as_of")))


def _window(kpi: dict[str, Any], f: _Formatter) -> str | None:
    """The window a KPI is judged on, and its baseline: a card's own periods (the header's is the company's)."""
    window = (kpi.get("current") or {}).get("period")
    baseline = (kpi.get("baseline") or {}).get("period")
    if not window:
        return None
    if baseline:
        return text("card.window", f.lang, period=f.period(window), baseline=f.period(baseline))
    return text("card.window_only", f.lang, period=f.period(window))


def _signal_label(item: dict[str, Any], signal: Any, lang: str) -> str:
    """A company tile's signal in words. The review's "unknown" covers a sample too small to tell and a change
    that cannot be computed: the tile says which (a metric without data is not "too few cases")."""
    if signal not in SIGNALS:
        return ""
    if signal == "unknown" and _num(item.get("change")) is None:
        if _num(item.get("baseline")) is None or _num(item.get("current")) is None:
            return text("signal.no_data", lang)
        if _num(item.get("baseline")) == 0:
            return text("signal.from_zero", lang)
    if signal == "flat" and item.get("within_noise"):
        return text("signal.noise", lang)  # a rate that moved more than 1 %, by no more than chance gives
    return text(f"signal.{signal}", lang)


def _answer(company: dict[str, Any], f: _Formatter) -> dict[str, Any]:
    better = company.get("better_off") if company.get("better_off") in ("yes", "no", "unclear") else "unclear"
    rows = []
    for item in (company.get("metrics") or [])[:3]:
        unit = _metric_unit(item.get("metric"), item.get("unit"))
        change = _num(item.get("change"))
        direction = item.get("direction") or "up"
        signal = item.get("signal")
        if change is None or change == 0 or signal in ("unknown", "flat"):
            tone = "neutral"  # the review's signal: flat under 1 % or within noise, unknown on too few cases
        else:
            tone = "good" if (change > 0) == (direction != "down") else "bad"
        rows.append(
            {
                "metric": item.get("metric"),
                "label": f.label(item.get("metric"), item.get("label")),
                "baseline": f.glance(item.get("baseline"), unit),
                "current": f.glance(item.get("current"), unit),
                "change": f.percent(change, signed=True),
                "tone": tone,
                "signal": signal,
                "signal_label": _signal_label(item, signal, f.lang),
                "periods": (
                    f"{f.period(item['baseline_period'])} → {f.period(item['period'])}"
                    if item.get("period") and item.get("baseline_period")
                    else ""
                ),
            }
        )
    return {
        "question": text("question", f.lang),
        "better_off": better,
        "badge": text(f"badge.{better}", f.lang),
        "tone": {"yes": "good", "no": "bad"}.get(better, "neutral"),
        "headline": _sentence(text(f"better_off.{better}", f.lang), _behind(better, rows), f.lang),
        "reasons": [str(r) for r in _localized(company, "reasons", f.lang) or []],
        "numbers": rows,
    }


def _sentence(verdict: str, rows: list[dict[str, Any]], lang: str) -> str:
    """One sentence with the numbers behind the answer: "No: revenue −26.7%, margin −28.1% and ..."."""
    # a change on too few cases (signal unknown) is no number behind the answer
    parts = [f"{_lowercase_first(r['label'])} {r['change']}" for r in rows
             if r["change"] != fmt.MISSING and r.get("signal") != "unknown"]
    if not parts:
        return text("answer.plain", lang, verdict=verdict)
    listed = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} {text('and', lang)} {parts[-1]}"
    return text("answer.sentence", lang, verdict=verdict, numbers=listed)


def _behind(better: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows that give the answer its reason: for "No", the metrics that got worse (a rate that improved is no
    reason for it: "No: revenue −44.9% ... and repurchase rate +3.6%" read as if it were), for "Yes" those that
    got better; all of them when none has that tone, and for an unclear answer."""
    tone = {"no": "bad", "yes": "good"}.get(better)
    if tone is None:
        return rows
    return [r for r in rows if r["tone"] == tone] or rows


def _lowercase_first(label: str) -> str:
    # "Revenue" reads "revenue" mid-sentence, but an acronym ("CA e-mail", "AOV") keeps its capitals.
    if len(label) > 1 and label[0].isupper() and not label[1].isupper():
        return label[0].lower() + label[1:]
    return label


def _team_name(team: Any, teams: dict[str, Any]) -> str:
    """A team as the spec names it under `teams:` (`Direction générale`), else its id."""
    name = teams.get(str(team))
    if isinstance(name, dict):
        name = name.get("name")
    return str(name or team)


def _unearned(kpi: dict[str, Any], verdict: str) -> bool:
    """A success whose target the data already met over the baseline period (docs/review.md)."""
    return bool(kpi.get("met_at_baseline")) and verdict.endswith("_success")


def _by_season(kpi: dict[str, Any], verdict: str) -> bool:
    """A success the season gave: the same months a year earlier already met the target (docs/review.md)."""
    return bool(kpi.get("met_by_season")) and verdict.endswith("_success") and not _unearned(kpi, verdict)


def _heading_for_toxic(kpi: dict[str, Any], verdict: str) -> bool:
    """On track while a guardrail broke: met this way, a toxic success (docs/review.md)."""
    return bool(kpi.get("heading_for_toxic")) and verdict == "on_track"


def _tone(kpi: dict[str, Any], verdict: str) -> str:
    """A healthy success not earned is not shown in the colour of one earned, nor a KPI on track towards a toxic
    success in the colour of one on track at no cost."""
    if _heading_for_toxic(kpi, verdict):
        return "warn"
    not_earned = _unearned(kpi, verdict) or _by_season(kpi, verdict)
    return "neutral" if not_earned and verdict == "healthy_success" else VERDICT_TONES[verdict]


def _verdict_label(kpi: dict[str, Any], verdict: str, lang: str) -> str:
    label = text(f"verdict.{verdict}", lang)
    # (a verdict decided by a gap within noise says so last: the next period could turn it, docs/review.md)
    noise = f" ({text('verdict.within_noise', lang)})" if kpi.get("within_noise") and verdict != "not_evaluable" \
        else ""
    if _heading_for_toxic(kpi, verdict):
        return f"{label} ({text('verdict.heading_for_toxic', lang)}){noise}"
    if _by_season(kpi, verdict):
        return f"{label} ({text('verdict.met_by_season', lang)}){noise}"
    return (f"{label} ({text('verdict.met_at_baseline', lang)})" if _unearned(kpi, verdict) else label) + noise


def _verdict_help(kpi: dict[str, Any], verdict: str) -> str:
    if _heading_for_toxic(kpi, verdict):
        return "verdict_help.heading_for_toxic"
    if _by_season(kpi, verdict):
        return "verdict_help.met_by_season"
    if _unearned(kpi, verdict):
        return "verdict_help.met_at_baseline"
    if verdict == "missed" and not (kpi.get("target") or {}).get("by"):
        return "verdict_help.missed_level"
    return f"verdict_help.{verdict}"


def _scaled_mark(factor: Any, lang: str) -> str:
    """` (×0.249)` beside a value scaled pro rata to the window (--period), as the review's tables write it."""
    return f" ({fmt.format_factor(_num(factor), lang)})" if _num(factor) is not None else ""


def _card(kpi: dict[str, Any], review: dict[str, Any], f: _Formatter) -> dict[str, Any]:
    lang = f.lang
    spec = review.get("spec") or {}
    teams = spec.get("teams") if isinstance(spec.get("teams"), dict) else {}
    verdict = kpi.get("verdict") if kpi.get("verdict") in VERDICT_TONES else "not_evaluable"
    level = kpi.get("level") if kpi.get("level") in LEVELS else None
    unit = kpi.get("unit")
    kpi_id = str(kpi.get("id") or "")
    label = f.label(kpi.get("metric"), kpi.get("metric_label"))
    baseline = kpi.get("baseline") or {}
    current = kpi.get("current") or {}
    target = kpi.get("target") or {}
    facts = []
    window = f.period(current.get("period"))
    window_said = f.period(current.get("period"), article=True)  # "41,5 k€ sur le T2 2026", "au prorata du T2 2026"
    scaled_to, scaled_from = _num(target.get("scaled_to")), _num(target.get("scaled_from"))
    # values scaled pro rata to a window of another length carry their factor, as in the text and Markdown
    mark = _scaled_mark(baseline.get("scaled") if baseline.get("pro_rata") else None, lang)
    if scaled_from is not None:  # FROM on the window's scale, as TO and the baseline below
        facts.append({"label": text("fact.from", lang),
                      "value": text("fact.on_window", lang, value=f.value(scaled_from, unit) + mark, period=window_said),
                      "note": text("fact.full_length", lang, full=f.value(target.get("from"), unit))})
    elif target.get("from") is not None:
        facts.append({"label": text("fact.from", lang), "value": f.value(target.get("from"), unit)})
    base_key = "fact.baseline_implicit" if baseline.get("implicit") else "fact.baseline"
    if scaled_to is not None:  # --period of another length: the values below are on the window's scale
        base_key = "fact.baseline_scaled"
    facts.append(
        {
            "label": text(base_key, lang, period=f.period(baseline.get("period")), current=window_said),
            "value": f.value(baseline.get("value"), unit) + (mark if baseline.get("value") is not None else ""),
        }
    )
    facts.append({"label": text("fact.current", lang, period=window), "value": f.value(current.get("value"), unit)})
    horizon = (
        text("fact.by", lang, date=f.date(target["by"]))
        if target.get("by")
        else text("fact.no_horizon", lang)
    )
    if scaled_to is not None:
        facts.append({"label": text("fact.to", lang),
                      "value": text("fact.on_window", lang, value=f.value(scaled_to, unit) + mark, period=window_said),
                      "note": text("fact.full_length", lang, full=f.value(target.get("to"), unit))
                      + (" ; " if lang == "fr" else "; ") + horizon})
    else:
        facts.append({"label": text("fact.to", lang), "value": f"{f.value(target.get('to'), unit)} ({horizon})"})
    done, expected = _num(kpi.get("attainment")), _num(kpi.get("expected_progress"))
    if done is not None:
        done_text = f.share(done)
        if verdict in ("missed", "off_track") and done < 1:  # 99.98 % of a missed target is not "100.0%"
            done_text = fmt.format_share_pair(done, 1.0, lang)[0]
        if verdict == "off_track" and expected is not None and done < expected:
            done_text, expected_text = fmt.format_share_pair(done, expected, lang)
        else:
            expected_text = f.share(expected)
        value = (
            text("fact.progress_value", lang, done=done_text, expected=expected_text)
            if expected is not None
            else text("fact.progress_only", lang, done=done_text)
        )
        if expected is not None and kpi.get("progress_basis") == "seasonal":
            value += " " + text("fact.seasonal", lang)
        facts.append({"label": text("fact.progress", lang), "value": value})
    return {
        "id": kpi_id,
        # an id keeps its dots and underscores (`email.share` and `email-share` are two KPIs, two anchors)
        "anchor": "kpi-" + "".join(ch if ch.isascii() and (ch.isalnum() or ch in "_.-") else "-" for ch in kpi_id),
        "statement": kpi.get("statement") or label,
        "metric": kpi.get("metric"),
        "metric_label": label,
        "level": level,
        "level_label": text(f"level.{level}" if level else "level.unknown", lang),
        "window": _window(kpi, f),
        "owner": _team_name(kpi.get("owner"), teams) if kpi.get("owner") else fmt.MISSING,
        "contributors": [_team_name(t, teams) for t in kpi.get("contributors") or []],
        "visibility": [_team_name(t, teams) for t in kpi.get("visibility") or []],
        "serves": list(kpi.get("serves") or []),
        "verdict": verdict,
        "verdict_label": _verdict_label(kpi, verdict, lang),
        "verdict_help": text(_verdict_help(kpi, verdict), lang),
        "tone": _tone(kpi, verdict),
        "reasons": [str(r) for r in _localized(kpi, "reasons", lang) or []],
        "facts": facts,
        # (against a baseline period the spec names, progress starts from the data: docs/review.md)
        "mismatch": text("fact.mismatch" if baseline.get("implicit") else "fact.mismatch_measured", lang)
        if baseline.get("from_mismatch") else None,
        "trajectory": _trajectory(kpi, review, f, label),
        "parts": _parts(kpi, f, label),
        "waterfall": _waterfall(kpi, f),
        "segments": _segments(kpi, f),
        "guardrails": [_guardrail(g, kpi, f, i) for i, g in enumerate(kpi.get("guardrails") or [])],
    }


def _points(rows: list[dict[str, Any]], key: str = "value", date_key: str = "start") -> list[dict[str, Any]]:
    """Dated values; a month the review read only part of (`partial`) keeps its last day as `partial`, and its
    first day as `partial_from` when the data begins inside it."""
    out = []
    for row in rows or []:
        value = _num(row.get(key))
        day = row.get(date_key) or row.get("date")
        if value is not None and day:
            point = {"date": str(day)[:10], "value": _round(value)}
            if row.get("partial") and row.get("covered_to"):
                point["partial"] = str(row["covered_to"])[:10]
                if row.get("covered_from"):
                    point["partial_from"] = str(row["covered_from"])[:10]
                    if _month_end(point["partial"]):  # ends on its month's last day: only its start is cut
                        point["partial"] = True
            out.append(point)
    return out


def _whole_months(period: Any) -> bool:
    """A period made of whole calendar months (2026-01..2026-11), not cut inside one (2026-01-01..2026-11-20)."""
    return period is not None and period.start.day == 1 and period.end.day == 1


def _whole(points: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The points of whole months (a sum over half a month is no month's sum: drawn, it would read as a fall)."""
    return [p for p in points if not p.get("partial")]


def _partial_note(points: list[dict[str, Any]], how: str, f: _Formatter) -> str:
    """The sentences saying which months the series reads only part of (the one the data begins inside of, the
    one it or the as-of date ends inside of), and how the chart draws them (`how`: left_out, hollow or rolled);
    "" when every month is whole."""
    notes = []
    for p in points:
        if p.get("partial_from"):
            notes.append(text(f"chart.partial_start.{how}", f.lang, month=f.month(p["date"]),
                              from_=f.date(p["partial_from"])))
        if isinstance(p.get("partial"), str):
            notes.append(text(f"chart.partial.{how}", f.lang, month=f.month(p["date"]), to=f.date(p["partial"])))
    return " ".join(notes)


def _month_end(day: str) -> bool:
    """An ISO date on the last day of its month."""
    value = dt.date.fromisoformat(day)
    return (value + dt.timedelta(days=1)).day == 1


def _month_row(p: dict[str, Any], f: _Formatter) -> str:
    """A table row's month, with the part of it the review read when it read only part."""
    if p.get("partial_from") and isinstance(p.get("partial"), str):
        return text("chart.partial_both.month", f.lang, month=f.month(p["date"]), from_=f.date(p["partial_from"]),
                    to=f.date(p["partial"]))
    if p.get("partial_from"):
        return text("chart.partial_start.month", f.lang, month=f.month(p["date"]), from_=f.date(p["partial_from"]))
    if p.get("partial"):
        return text("chart.partial.month", f.lang, month=f.month(p["date"]), to=f.date(p["partial"]))
    return f.month(p["date"])


def _rolling(
    series: list[dict[str, Any]], months: int, reference: float | None, checks: list[tuple[Any, float | None]]
) -> list[dict[str, Any]] | None:
    """The review's rolling totals (kpiguard.review.rolling), rounded as the view's other numbers (a partial
    month is no month of a total, as in the review)."""
    rolled = rolling_totals(_whole(series), months, reference, checks)
    return None if rolled is None else [{"date": p["date"], "value": _round(p["value"])} for p in rolled]


def _distinct_over_months(
    kpi: dict[str, Any], series: list[dict[str, Any]], period: Any, months: int, reference: float | None
) -> bool:
    """A count of distinct things judged over several months (active customers over a year): over its baseline
    period it is above every month and below their sum, so a month is on another scale than the baseline and the
    target (neither a level, which is about one month's value, nor a total, which is their sum). Its months are
    drawn as they are, but said to be apart and not set beside the target in the table."""
    if kpi.get("kind") not in ADDITIVE_KINDS or months < 2 or period is None or reference is None or reference <= 0:
        return False
    inside = [p["value"] for p in series if period.start.isoformat() <= p["date"] < period.end.isoformat()]
    if len(inside) != months or min(inside) < 0:
        return False
    return max(inside) * 1.02 < reference < sum(inside) * 0.98


def _now_date(current: dict[str, Any], monthly: bool) -> str | None:
    """Where today's value is drawn: on its month's point when the window is one calendar month of a line of
    monthly values (each dated by its first day: at the month's end, the ring stood a month's width right of the
    same value), else at the window's last day."""
    period = _period_of(current)
    if monthly and period is not None and _whole_months(period) and add_months(period.start, 1) == period.end:
        return period.start.isoformat()
    return _window_end(current)


def _window_end(part: dict[str, Any]) -> str | None:
    """The last day of a judged window: its value belongs there (2026-05-31 for 2026-03..2026-05), on the
    monthly or rolling line, not on the review date weeks later."""
    period = _period_of(part)
    return None if period is None else (period.end - dt.timedelta(days=1)).isoformat()


def _trajectory(kpi: dict[str, Any], review: dict[str, Any], f: _Formatter, label: str) -> dict[str, Any]:
    lang, unit = f.lang, kpi.get("unit")
    baseline, current, target = kpi.get("baseline") or {}, kpi.get("current") or {}, kpi.get("target") or {}
    series = _points(kpi.get("series") or [])
    base_value = _num(baseline.get("value"))
    cur_value = _num(current.get("value"))
    scale = _num(baseline.get("scaled"))
    rescaled = (scale is not None and scale > 0 and base_value is not None
                and (kpi.get("kind") in ADDITIVE_KINDS or target.get("scaled_to") is not None))
    if rescaled:
        # --period of another length: the review scaled the baseline to the window. The chart stays on the
        # baseline's own length, where FROM -> TO is written: the baseline as measured, and no "now" point
        # (the window's value is on another scale; the facts above give it).
        base_value, cur_value = base_value / scale, None
    base_period = _period_of(baseline)
    months = months_in(base_period)
    series_label = text("chart.series.monthly", lang)
    window_periods = [(base_period, base_value), (_period_of(current), cur_value)]
    if "series_rolling" in kpi:  # the review's own totals: the table shows the JSON's numbers
        given = kpi.get("series_rolling") or {}
        rolled = [{"date": str(p["date"])[:10], "value": _round(_num(p["value"]))}
                  for p in given.get("values") or [] if _num(p.get("value")) is not None] or None
        months = given.get("months") or months
    else:  # a review JSON from before series_rolling: the same computation
        rolled = _rolling(series, months, base_value, window_periods) if kpi.get("kind") in ADDITIVE_KINDS else None
    monthly = series
    if rolled is not None:
        series, series_label = rolled, text("chart.series.rolling", lang, months=months)
    additive = kpi.get("kind") in ADDITIVE_KINDS
    # A month the data (or the as-of date) ends inside of: a sum over it is left off the line (half a month of
    # revenue is no fall), a rate is drawn hollow at the end of a dashed stroke; the table gives it either way.
    partial_note = _partial_note(monthly, "rolled" if rolled is not None else "left_out" if additive else "hollow", f)
    shown = series
    if additive and rolled is None:
        series = _whole(series)
    apart = rolled is None and _distinct_over_months(kpi, _whole(series), base_period, months, base_value)
    if apart:
        series_label = text("chart.series.monthly_apart", lang, months=months)
    path = _points(kpi.get("target_path") or [], date_key="date")
    # met at baseline, the review draws no path (from the baseline to a target behind it, it would read backwards):
    # the target is then a level, drawn across the chart below
    if not path and target.get("to") is not None and target.get("by") and not kpi.get("met_at_baseline"):
        start_value = _num(target.get("from"))
        if start_value is None:
            start_value = base_value
        if start_value is not None and base_period is not None:
            path = [
                {"date": (base_period.end - dt.timedelta(days=1)).isoformat(), "value": _round(start_value)},
                {"date": str(target["by"])[:10], "value": _round(_num(target["to"]))},
            ]
    as_of = str(review.get("as_of") or "")[:10] or None
    if not path and _num(target.get("to")) is not None and (as_of or series):
        # A target without a horizon has no path: it is a level to reach, drawn across the chart.
        path = [{"date": as_of or series[-1]["date"], "value": _round(_num(target["to"]))}]
    # a target with a horizon has a path from FROM to TO; one without is a level to reach; a KPI without a target
    # (guardrails only) is its line over time, with no target in its legend, description or table
    desc_key = ("chart.trajectory.desc_none" if not path else "chart.trajectory.desc" if target.get("by")
                else "chart.trajectory.desc_level")
    desc = text(
        desc_key,
        lang,
        metric=label,
        baseline=f.value(base_value, unit),
        current=f.value(current.get("value"), unit),
        from_=f.value(base_value if target.get("from") is None else target.get("from"), unit),
        to=f.value(target.get("to"), unit),
        by=text("fact.by", lang, date=f.date(target["by"])) if target.get("by") else "",
        points=len(series),
    )
    if partial_note:
        desc += " " + partial_note
    # A row is a month, dated by its first day (a monthly value) or its last (a rolling total); the path's points
    # are month ends (after the horizon's first day): each row takes the path's value at the end of its month.
    # A target without a path (no horizon, or met at baseline) is a level, drawn across the chart: every row takes it.
    path_by_month = {str(p["date"])[:7]: p["value"] for p in path}
    level = path[0]["value"] if len(path) == 1 else None
    table = [
        {
            "month": _month_row(p, f),
            "value": f.value(p["value"], unit),
            # (a partial month is not set beside the month end's target: it is not a month's value)
            "target": f.value(level if level is not None else path_by_month[p["date"][:7]], unit)
            if (level is not None or p["date"][:7] in path_by_month) and not apart and not p.get("partial") else "",
        }
        for p in shown
    ]
    return {
        "kind": "trajectory",
        "id": "trajectory-" + str(kpi.get("id") or ""),
        "title": f"{text('chart.trajectory' if path else 'chart.trajectory.no_target', lang)} · {label}",
        "desc": desc,
        "unit": unit,
        "direction": kpi.get("direction") or "up",
        "series_label": series_label,
        "series": series,
        "partial_note": partial_note,
        "target_path": path,
        "target_label": text("chart.target", lang),
        "no_series_label": text("chart.no_series", lang),
        "baseline": None
        if base_period is None or base_value is None
        else {
            "start": base_period.start.isoformat(),
            "end": base_period.end.isoformat(),
            "value": _round(base_value),
            "label": text("chart.baseline", lang),
        },
        "current": None
        if cur_value is None or as_of is None
        else {"date": _now_date(current, rolled is None) or as_of, "value": _round(cur_value),
              "label": text("chart.now", lang)},
        "to": _round(_num(target.get("to"))),
        "horizon": str(target["by"])[:10] if target.get("by") else None,
        "horizon_label": text("chart.horizon", lang),
        "as_of": as_of,
        "table_columns": [text("col.month", lang), series_label] + ([text("col.target", lang)] if path else []),
        "table": table,
    }


def _ratio_parts_labels(kpi: dict[str, Any], decomposition: dict[str, Any], f: _Formatter) -> tuple[str, str]:
    labels = []
    entry = _catalog_entry(kpi.get("metric"))
    for key in ("numerator", "denominator"):
        part = decomposition.get(key) or {}
        name = f.label(part.get("metric"), part.get("label")) if part.get("metric") else part.get("label")
        if not name and entry is not None and getattr(entry, key, None):
            name = f.label(getattr(entry, key), None)
        labels.append(name or text(key, f.lang))
    return labels[0], labels[1]


def _parts(kpi: dict[str, Any], f: _Formatter, label: str) -> dict[str, Any] | None:
    """Numerator and denominator indexed to 100 at the baseline: a ratio met by its denominator shows."""
    decomposition = kpi.get("decomposition") or {}
    if decomposition.get("type") != "ratio":
        return None
    lang = f.lang
    num_label, den_label = _ratio_parts_labels(kpi, decomposition, f)
    num, den = decomposition.get("numerator") or {}, decomposition.get("denominator") or {}
    nb, nc, db, dc = (
        _num(num.get("baseline")),
        _num(num.get("current")),
        _num(den.get("baseline")),
        _num(den.get("current")),
    )
    rows = kpi.get("series") or []
    base_period = _period_of(kpi.get("baseline") or {})

    def indexed(key: str, base_fallback: float | None) -> list[dict[str, Any]]:
        # (a month read in part has half a month's counts: indexed, they would read as a fall of both parts)
        points = _whole(_points(rows, key))
        if not points:
            return []
        in_base = [
            p["value"]
            for p in points
            if base_period is not None
            and base_period.start.isoformat() <= p["date"] < base_period.end.isoformat()
        ]
        base = sum(in_base) / len(in_base) if in_base else (points[0]["value"] or base_fallback)
        if not base:
            return []
        return [{"date": p["date"], "value": _round(100 * p["value"] / base)} for p in points]

    numerator, denominator, ratio = (
        indexed("numerator", nb),
        indexed("denominator", db),
        indexed("value", None),
    )
    if not numerator or not denominator:
        # No monthly parts: draw the two periods the decomposition compares.
        def two(b, c):
            return (
                []
                if not b or c is None
                else [{"date": "baseline", "value": 100.0}, {"date": "current", "value": _round(100 * c / b)}]
            )

        numerator, denominator, ratio = two(nb, nc), two(db, dc), []
    effects = decomposition.get("effects") or {}
    unit = kpi.get("unit")

    def change(b, c):
        return None if not b or c is None else c / b - 1

    # each part in its own unit when the catalog knows it: "E-mail revenue goes from €1.16M", not "from 1.16M"
    num_unit, den_unit = _metric_unit(num.get("metric"), None), _metric_unit(den.get("metric"), None)
    desc = text(
        "chart.parts.desc",
        lang,
        numerator=num_label,
        denominator=den_label,
        num_base=f.compact(nb, num_unit),
        num_now=f.compact(nc, num_unit),
        num_change=f.percent(change(nb, nc), signed=True),
        den_base=f.compact(db, den_unit),
        den_now=f.compact(dc, den_unit),
        den_change=f.percent(change(db, dc), signed=True),
    )
    notes = []
    if kpi.get("verdict") == "hollow_success":
        share = _num(decomposition.get("denominator_share"))
        total, den_effect = _num(decomposition.get("total")), _num(effects.get("denominator"))
        if share is None and total and den_effect is not None:
            share = den_effect / total
        if share is not None and 0 < share <= 1.5:
            notes.append(text("chart.parts.hollow_share", lang, share=f.percent(share), denominator=den_label,
                              change=f.percent(change(db, dc), signed=True)))
        else:
            notes.append(text("chart.parts.hollow", lang))
    counterfactual = _num(decomposition.get("counterfactual"))
    if counterfactual is not None:
        notes.append(
            text(
                "chart.counterfactual",
                lang,
                value=f.value(counterfactual, unit),
                current=f.value((kpi.get("current") or {}).get("value"), unit),
            )
        )
    if effects:
        signed = unit if not fmt.is_percent_unit(unit) else None
        fmt_effect = (
            (lambda v: fmt.format_points(_num(v), lang))
            if fmt.is_percent_unit(unit)
            else (lambda v: ("+" if (_num(v) or 0) > 0 else "") + f.value(v, signed))
        )
        notes.append(
            text(
                "chart.effects",
                lang,
                num=fmt_effect(effects.get("numerator")),
                den=fmt_effect(effects.get("denominator")),
                total=fmt_effect(decomposition.get("total")),
            )
        )
    return {
        "kind": "parts",
        "id": "parts-" + str(kpi.get("id") or ""),
        "title": text("chart.parts", lang),
        "desc": desc,
        "numerator_label": num_label,
        "denominator_label": den_label,
        "ratio_label": label,
        "numerator": numerator,
        "denominator": denominator,
        "ratio": ratio,
        "hollow": kpi.get("verdict") == "hollow_success",
        "notes": notes,
    }


def _waterfall(kpi: dict[str, Any], f: _Formatter) -> dict[str, Any] | None:
    decomposition = kpi.get("decomposition") or {}
    drivers = decomposition.get("drivers") or []
    if decomposition.get("type") != "drivers" or not drivers:
        return None
    lang, unit = f.lang, kpi.get("unit")
    total = _num(decomposition.get("total_additive"))
    effects = [(f.label(d.get("metric"), d.get("label")), _num(d.get("additive")) or 0.0, d) for d in drivers]
    if total is None:
        total = sum(e for _, e, _ in effects)
    start = _num((kpi.get("baseline") or {}).get("value"))
    if start is None:
        start = (_num((kpi.get("current") or {}).get("value")) or 0.0) - total
    steps = [
        {
            "label": text("chart.baseline", lang),
            "kind": "total",
            "start": 0.0,
            "end": _round(start),
            "text": f.compact(start, unit),
            "detail": "",
        }
    ]
    level = start
    for name, effect, driver in effects:
        dunit = _metric_unit(driver.get("metric"), driver.get("unit"))
        steps.append(
            {
                "label": name,
                "kind": "up" if effect >= 0 else "down",
                "start": _round(level),
                "end": _round(level + effect),
                "text": ("+" if effect > 0 else "") + f.compact(effect, unit),
                "detail": f.value(driver.get("baseline"), dunit)
                + " → "
                + f.value(driver.get("current"), dunit),
            }
        )
        level += effect
    steps.append(
        {
            "label": text("chart.now", lang),
            "kind": "total",
            "start": 0.0,
            "end": _round(start + total),
            "text": f.compact(start + total, unit),
            "detail": "",
        }
    )
    base = kpi.get("baseline") or {}
    mark = _scaled_mark(base.get("scaled") if base.get("pro_rata") else None, lang)
    desc = text(
        "chart.waterfall.desc",
        lang,
        baseline=f.value(start, unit) + (mark if _num(base.get("value")) is not None else ""),
        current=f.value(start + total, unit),
        effects=(" ; " if lang == "fr" else "; ").join(f"{s['label']} {s['text']}" for s in steps[1:-1]),
    )
    return {
        "kind": "waterfall",
        "id": "waterfall-" + str(kpi.get("id") or ""),
        "title": text("chart.waterfall", lang),
        "desc": desc,
        "unit": unit,
        "steps": steps,
    }


def _segments(kpi: dict[str, Any], f: _Formatter) -> dict[str, Any] | None:
    """What moved an additive KPI, by segment: one diverging bar per segment's change, largest first."""
    block = kpi.get("segments")
    rows = block.get("contributions") if isinstance(block, dict) else None
    if not rows:
        return None
    lang, unit = f.lang, kpi.get("unit")
    mark = _scaled_mark(block.get("scaled"), lang)  # baselines scaled pro rata to the window (--period)
    dimension = str(block.get("dimension") or "")
    key = f"dimension.{dimension}"
    dimension_label = text(key, lang) if key in TEXT else dimension
    out = []
    for row in rows:
        segment = str(row.get("segment"))
        if segment == "(other)":
            name = text("segment.other", lang, count=row.get("segments") or "…")
        elif segment == "(none)":
            name = text("segment.none", lang)
        else:
            name = segment
        change = _num(row.get("change")) or 0.0
        out.append(
            {
                "label": name,
                "change": _round(change),
                "kind": "up" if change > 0 else "down" if change < 0 else "flat",
                "text": ("+" if change > 0 else "") + f.compact(change, unit),
                "detail": f.value(row.get("baseline"), unit) + mark + " → " + f.value(row.get("current"), unit),
                "share": f.percent(row.get("share_of_change")) if _num(row.get("share_of_change")) is not None
                else fmt.MISSING,
            }
        )
    total = _num(block.get("change")) or 0.0
    items = (" ; " if lang == "fr" else "; ").join(
        text("chart.segments.item", lang, segment=r["label"], change=r["text"], share=r["share"]) for r in out
    )
    return {
        "kind": "segments",
        "id": "segments-" + str(kpi.get("id") or ""),
        "title": text("chart.segments", lang, dimension=dimension_label),
        "desc": text(
            "chart.segments.desc",
            lang,
            baseline=f.value(block.get("baseline"), unit) + mark,
            current=f.value(block.get("current"), unit),
            change=("+" if total > 0 else "") + f.compact(total, unit),
            dimension=dimension_label,
            items=items,
        ),
        "dimension": dimension,
        "unit": unit,
        "rows": out,
    }


def _threshold(
    guardrail: dict[str, Any], unit: str | None, f: _Formatter
) -> tuple[str, float | None, str | None]:
    threshold = guardrail.get("threshold") or {}
    kind, value = threshold.get("kind"), _num(threshold.get("value"))
    base = _num(guardrail.get("baseline"))
    if kind in ("max_increase", "max_decrease"):
        words = text(f"threshold.{kind}" + (".none" if value == 0 else ""), f.lang, value=f.percent(value))
        line = _num(guardrail.get("limit"))  # the review's own limit, when it gives one
        if line is None and base is not None and value is not None:
            line = base * (1 + value) if kind == "max_increase" else base * (1 - value)
        if line is None:
            return words, None, "upper" if kind == "max_increase" else "lower"
        return words, line, "upper" if kind == "max_increase" else "lower"
    if kind in ("min", "max"):
        line = _num(guardrail.get("limit"))  # pro rata of a window of another length than the baseline
        words = text(f"threshold.{kind}", f.lang, value=f.value(line if line is not None else value, unit))
        if line is not None and value is not None and line != value:
            words += " (" + text("fact.full_length", f.lang, full=f.value(value, unit)) + ")"
        return words, line if line is not None else value, "lower" if kind == "min" else "upper"
    return fmt.MISSING, None, None


def _guardrail(guardrail: dict[str, Any], kpi: dict[str, Any], f: _Formatter, index: int) -> dict[str, Any]:
    lang = f.lang
    metric = guardrail.get("metric")
    unit = _metric_unit(metric, guardrail.get("unit"))
    label = f.label(metric, guardrail.get("label"))
    status = guardrail.get("status") if guardrail.get("status") in GUARDRAIL_TONES else "not_evaluable"
    limit, line, bound = _threshold(guardrail, unit, f)
    series = _points(((kpi.get("guardrail_series") or {}).get(metric)) or [])
    series_label = text("chart.series.monthly", lang)
    entry = _catalog_entry(metric)
    additive = (guardrail.get("kind") or getattr(entry, "kind", None)) in ADDITIVE_KINDS
    monthly = series
    drawn_base, drawn_line, on_baseline = _num(guardrail.get("baseline")), line, False
    if additive:
        series = _whole(series)  # half a month of revenue is no fall (the note says which month)
        base_period = _period_of(kpi.get("baseline") or {})
        cur_period = _period_of(kpi.get("current") or {})
        scale = _num((kpi.get("baseline") or {}).get("scaled"))
        rolling_label = "chart.series.rolling"
        if scale and _whole_months(cur_period):
            # --period of another length: the guardrail's baseline and limit are scaled to the window, so the
            # line is drawn on the window's length and checked against the window's own value
            months, reference = months_in(cur_period), _num(guardrail.get("current"))
            checks = [(cur_period, reference)]
            rolling_label = "chart.series.rolling_window"
        elif scale and drawn_base is not None:
            # a window cut inside a month (the data ends on the 20th): no total of whole months is its value (a
            # 10-month total sat far under a limit scaled to 10 months and 20 days). Drawn on the baseline's own
            # length, as the trajectory: the baseline as measured, its limit unscaled, the baseline's totals.
            drawn_base = drawn_base / scale
            drawn_line = line / scale if line is not None else None
            on_baseline = True
            months, reference = months_in(base_period), drawn_base
            checks = [(base_period, reference)]
            rolling_label = "chart.series.rolling_baseline"
        else:
            months, reference = months_in(base_period), _num(guardrail.get("baseline"))
            checks = [(base_period, reference), (cur_period, _num(guardrail.get("current")))]
        rolled = _rolling(series, months, reference, checks)
        if rolled is not None:
            series = rolled
            said = f.period(cur_period, article=True) if cur_period else ""  # "(la durée du T2 2026 ...)"
            series_label = text(rolling_label, lang, months=months, period=said)
    how = "rolled" if series_label != text("chart.series.monthly", lang) else "left_out" if additive else "hollow"
    partial_note = _partial_note(monthly, how, f)
    status_label = text(f"status.{status}", lang)
    base_text = f.value(guardrail.get("baseline"), unit)
    if guardrail.get("pro_rata") and _num(guardrail.get("baseline")) is not None:
        base_text += _scaled_mark(guardrail.get("scaled"), lang)
    return {
        "id": f"guardrail-{kpi.get('id')}-{index}",
        "metric": metric,
        "label": label,
        "status": status,
        "status_label": status_label,
        "tone": GUARDRAIL_TONES[status],
        "baseline": base_text,
        "current": f.value(guardrail.get("current"), unit),
        "change": f.percent(guardrail.get("change"), signed=True),
        "limit": limit,
        "reason": _localized(guardrail, "reason", lang) or "",
        "chart": {
            "kind": "guardrail",
            "id": f"guardrail-chart-{kpi.get('id')}-{index}",
            "title": label,
            "desc": text(
                "guardrail.desc",
                lang,
                metric=label,
                baseline=base_text,
                current=f.value(guardrail.get("current"), unit),
                limit=limit,
                status=status_label,
            ) + (" " + partial_note if partial_note else ""),
            "partial_note": partial_note,
            "unit": unit,
            "series": series,
            "series_label": series_label,
            "baseline": _round(drawn_base),
            # (drawn on the baseline's length, the window's value is on another scale: no point for it)
            "current": None if on_baseline else _round(_num(guardrail.get("current"))),
            "threshold": _round(drawn_line),
            "bound": bound,
            "tone": GUARDRAIL_TONES[status],
        },
    }


def _grid(kpis: list[dict[str, Any]], f: _Formatter) -> dict[str, Any]:
    lang = f.lang
    columns = []
    for level in LEVELS:
        control, relevance = GRID_GRADES[level]
        columns.append(
            {
                "level": level,
                "label": text(f"level.{level}", lang),
                "help": text(f"level_help.{level}", lang),
                "role": text(f"level_role.{level}", lang),
                "control": f"{text('control', lang)} : {text(f'grade.{control}', lang)}"
                if lang == "fr"
                else f"{text('control', lang)}: {text(f'grade.{control}', lang)}",
                "relevance": f"{text('relevance', lang)} : {text(f'grade.{relevance}', lang)}"
                if lang == "fr"
                else f"{text('relevance', lang)}: {text(f'grade.{relevance}', lang)}",
            }
        )
    ids = {str(k.get("id")) for k in kpis}
    nodes, links = [], []
    for kpi in kpis:
        verdict = kpi.get("verdict") if kpi.get("verdict") in VERDICT_TONES else "not_evaluable"
        nodes.append(
            {
                "id": str(kpi.get("id")),
                "label": f.label(kpi.get("metric"), kpi.get("metric_label")),
                "level": kpi.get("level") if kpi.get("level") in LEVELS else "output",
                "tone": _tone(kpi, verdict),
                "verdict_label": _verdict_label(kpi, verdict, lang),
            }
        )
        for target in kpi.get("serves") or []:
            if str(target) in ids:
                links.append({"from": str(kpi.get("id")), "to": str(target)})
    served = {link["from"] for link in links}
    unlinked = [n["id"] for n in nodes if n["level"] == "output" and n["id"] not in served]
    counts = {level: sum(1 for n in nodes if n["level"] == level) for level in LEVELS}
    listing = ", ".join(f"{link['from']} → {link['to']}" for link in links) or text("grid.serves_none", lang)
    return {
        "kind": "grid",
        "id": "grid",
        "title": text("grid.title", lang),
        "intro": text("grid.intro", lang),
        "desc": text(
            "grid.desc",
            lang,
            inputs=counts["input"],
            outputs=counts["output"],
            outcomes=counts["outcome"],
            links=len(links),
            list=listing,
        ),
        "columns": columns,
        "nodes": nodes,
        "links": links,
        "unlinked": text("grid.unlinked", lang, ids=", ".join(unlinked)) if unlinked else None,
    }


def _team(kpis: list[dict[str, Any]], names: dict[str, Any], lang: str) -> dict[str, Any]:
    order: list[str] = []
    for kpi in kpis:
        for team in [kpi.get("owner"), *(kpi.get("contributors") or []), *(kpi.get("visibility") or [])]:
            if team and str(team) not in order:
                order.append(str(team))
    rows = []
    for kpi in kpis:
        cells = []
        for team in order:
            if str(kpi.get("owner")) == team:
                role = "owner"
            elif team in map(str, kpi.get("contributors") or []):
                role = "contributor"
            elif team in map(str, kpi.get("visibility") or []):
                role = "sees"
            else:
                role = ""
            cells.append({"role": role, "text": text(f"team.{role}", lang) if role else ""})
        rows.append({"id": str(kpi.get("id")), "statement": kpi.get("statement") or "", "cells": cells})
    headers = [_team_name(team, names) for team in order]
    return {
        "title": text("team.title", lang),
        "teams": headers,
        "rows": rows,
        "legend": text("team.legend", lang),
    }


def _findings(findings: list[dict[str, Any]], lang: str) -> dict[str, Any]:
    items = []
    for finding in findings:
        if not isinstance(finding, dict):
            continue
        location = finding.get("location") or {}
        where = ""
        if isinstance(location, dict) and location.get("file"):
            where = str(location["file"])
            if location.get("line"):
                where += f":{location['line']}:{location.get('col') or 0}"
        severity = (
            finding.get("severity") if finding.get("severity") in ("error", "warning", "info") else "info"
        )
        rewrite = finding.get("rewrite") or {}
        items.append(
            {
                "code": finding.get("code") or "",
                "name": finding.get("name") or "",
                "severity": severity,
                "severity_label": text(f"severity.{severity}", lang),
                "kpi_id": finding.get("kpi_id"),
                "message": finding.get("message") or "",
                "where": where,
                "rewrite": rewrite.get("sentence") if isinstance(rewrite, dict) else None,
                "yaml": rewrite.get("yaml") if isinstance(rewrite, dict) else None,
            }
        )
    return {
        "title": text("findings.title", lang),
        "items": items,
        "empty": text("findings.none", lang),
        "rewrite_label": text("findings.rewrite", lang),
        "yaml_label": text("findings.yaml", lang),
    }
