"""Inline SVG charts for the HTML report, from the view model: no script, no network, text alternatives."""

from __future__ import annotations

import datetime as dt
import itertools
import math
from html import escape
from typing import Any

from kpiguard import _numbers as fmt
from kpiguard._typography import typeset
from kpiguard.report.labels import text

# Every mark that carries meaning stands out from the paper it is drawn on by at least 3:1 and every text by 4.5:1
# (WCAG 1.4.3 and 1.4.11; tests/report/test_contrast.py computes them). Only the marks classed "gridline" (values are
# read from the axis labels), "zone" (its edge is the threshold line) and "surface" (a paper marks are drawn on) may
# be fainter.
COLORS = {
    "actual": "#1f4e9c",
    "target": "#6b7280",
    "baseline": "#7c8594",
    "numerator": "#1f4e9c",
    "denominator": "#c2410c",
    "ratio": "#6b7280",
    "good": "#15803d",
    "warn": "#b45309",
    "bad": "#b91c1c",
    "neutral": "#6b7280",
    "grid": "#e5e7eb",
    "axis": "#374151",
    "zone": "#fee2e2",
    "up": "#15803d",
    "down": "#b91c1c",
    "total": "#475569",
}
FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif"'
# a label drawn over lines (today's value, the horizon, "no data to draw") keeps a white outline behind its letters,
# so a line crossing it does not cross out its words
HALO = ' stroke="#fff" stroke-width="4" stroke-linejoin="round" paint-order="stroke"'


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _colon(lang: str) -> str:
    """`: ` between a label and its value, as the language writes it (`Référence : 788 k€`)."""
    return typeset(" : ", lang) if lang == "fr" else ": "


def _f(value: float) -> str:
    """Coordinates with two decimals: enough for the eye, small files."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high] (1, 2, 2.5 or 5 times a power of ten apart)."""
    if not (math.isfinite(low) and math.isfinite(high)):
        return [0.0, 1.0]
    if high < low:
        low, high = high, low
    if high == low:
        pad = abs(high) * 0.1 or 1.0
        low, high = low - pad, high + pad
    raw = (high - low) / max(count - 1, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    start = math.floor(low / step) * step
    ticks, value = [], start
    while value < high + step * 0.5 and len(ticks) < 20:
        ticks.append(round(value, 12))
        value += step
    if ticks[-1] < high:
        ticks.append(round(ticks[-1] + step, 12))
    return ticks


def _day(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


class _Scale:
    def __init__(self, domain: tuple[float, float], span: tuple[float, float]):
        (self.d0, self.d1), (self.r0, self.r1) = domain, span

    def __call__(self, value: float) -> float:
        if self.d1 == self.d0:
            return (self.r0 + self.r1) / 2
        return self.r0 + (value - self.d0) / (self.d1 - self.d0) * (self.r1 - self.r0)


def _open(spec: dict[str, Any], width: int, height: int, extra_class: str) -> list[str]:
    cid = _e(spec["id"])
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {extra_class}" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-label="{_e(spec.get("title", ""))}" aria-labelledby="{cid}-title {cid}-desc" '
        f'data-chart="{_e(spec["kind"])}" {FONT} font-size="11">',
        f'<title id="{cid}-title">{_e(spec.get("title", ""))}</title>',
        f'<desc id="{cid}-desc">{_e(spec.get("desc", ""))}</desc>',
    ]


def _polyline(
    points: list[tuple[float, float]], color: str, width: float = 2, dash: str | None = None
) -> str:
    if not points:
        return ""
    coords = " ".join(f"{_f(x)},{_f(y)}" for x, y in points)
    dashing = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<polyline points="{coords}" fill="none" stroke="{color}" stroke-width="{width}"'
        f' stroke-linejoin="round" stroke-linecap="round"{dashing}/>'
    )


def _partial_days(spec: dict[str, Any]) -> set[dt.date]:
    """The dates of the series' points that stand for part of a month only (`partial` in the view)."""
    return {d for p in spec.get("series") or [] if p.get("partial") and (d := _day(p["date"])) is not None}


def _series_line(points: list[tuple[float, float, bool]], color: str, width: float) -> list[str]:
    """A series' line: solid through whole months, dashed into (or out of, the data's first month) a month read
    only in part (flag True)."""
    whole = [(x, y) for x, y, partial in points if not partial]
    out = [_polyline(whole, color, width)]
    for (x0, y0, p0), (x1, y1, p1) in itertools.pairwise(points):
        if p0 or p1:
            out.append(_polyline([(x0, y0), (x1, y1)], color, width, "3 3"))
    return out


def _fit_left(left: float, labels: list[str], size: float = 11) -> float:
    """The left margin that holds the widest y-axis label (at most about 0.7 em a character), never less than `left`:
    `−1,25 Md CHF` must not be cut to `1,25 Md CHF` by the edge of the chart."""
    widest = max((len(label) for label in labels), default=0)
    return max(left, math.ceil(widest * size * 0.7 + 10))


def _y_axis(ticks: list[float], y: _Scale, left: float, right: float, label, lang: str) -> list[str]:
    out = []
    for tick in ticks:
        py = y(tick)
        out.append(
            f'<line x1="{_f(left)}" x2="{_f(right)}" y1="{_f(py)}" y2="{_f(py)}" stroke="{COLORS["grid"]}" '
            f'class="gridline"/>'
        )
        out.append(
            f'<text x="{_f(left - 6)}" y="{_f(py + 4)}" text-anchor="end" fill="{COLORS["axis"]}">'
            f"{_e(label(tick))}</text>"
        )
    return out


def _month_ticks(
    first: dt.date, last: dt.date, x: _Scale, bottom: float, lang: str, limit: int = 7
) -> list[str]:
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    # beyond 24 months a tick: whole years (a horizon decades away gave no step at all: StopIteration)
    step = next((s for s in (1, 2, 3, 6, 12, 24) if months / s <= limit), 12 * math.ceil(months / 12 / limit))
    out, year, month = [], first.year, first.month
    for _ in range(months + 1):
        day = dt.date(year, month, 1)
        on_step = (month - 1) % step == 0 if step <= 24 else month == 1 and (year - first.year) % (step // 12) == 0
        if first <= day <= last and on_step:
            px = x(day.toordinal())
            name = fmt.format_month(day.isoformat(), lang, with_year=False)
            label = f"{name} {str(year)[2:]}" if step < 12 else str(year)
            out.append(
                f'<line x1="{_f(px)}" x2="{_f(px)}" y1="{_f(bottom)}" y2="{_f(bottom + 4)}" '
                f'stroke="{COLORS["axis"]}"/>'
            )
            out.append(
                f'<text x="{_f(px)}" y="{_f(bottom + 16)}" text-anchor="middle" fill="{COLORS["axis"]}">'
                f"{_e(label)}</text>"
            )
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return out


def _legend(items: list[tuple[str, str, str | None]], x0: float, y0: float) -> list[str]:
    """A one-line legend: (label, color, dash) per item, about 7 px per character."""
    out, x = [], x0
    for label, color, dash in items:
        dashing = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(
            f'<line x1="{_f(x)}" x2="{_f(x + 18)}" y1="{_f(y0)}" y2="{_f(y0)}" stroke="{color}" '
            f'stroke-width="2.5"{dashing}/>'
        )
        out.append(f'<text x="{_f(x + 22)}" y="{_f(y0 + 4)}" fill="{COLORS["axis"]}">{_e(label)}</text>')
        x += 30 + 6.2 * len(label)
    return out


def trajectory_svg(spec: dict[str, Any], lang: str) -> str:
    """FROM -> TO: the measured baseline, the target path to the horizon, the actual series, today's value."""
    width, height, left, right, top, bottom = 640, 260, 70, 620, 34, 226
    unit = spec.get("unit")
    series = [(d, p["value"]) for p in spec.get("series") or [] if (d := _day(p["date"])) is not None]
    path = [(d, p["value"]) for p in spec.get("target_path") or [] if (d := _day(p["date"])) is not None]
    baseline, current = spec.get("baseline"), spec.get("current")
    days: list[dt.date] = [d for d, _ in series] + [d for d, _ in path]
    values: list[float] = [v for _, v in series] + [v for _, v in path]
    if baseline:
        days += [_day(baseline["start"]), _day(baseline["end"])]
        values.append(baseline["value"])
    if current:
        days.append(_day(current["date"]))
        values.append(current["value"])
    for key in ("horizon", "as_of"):
        if spec.get(key) and _day(spec[key]):
            days.append(_day(spec[key]))
    if spec.get("to") is not None:
        values.append(spec["to"])
    days = [d for d in days if d is not None]
    out = _open(spec, width, height, "trajectory")
    if not days or not values:
        out.append(
            f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle" fill="{COLORS["axis"]}">'
            f"{_e(fmt.MISSING)}</text></svg>"
        )
        return "".join(out)
    first, last = min(days), max(days)
    ticks = nice_ticks(min(values), max(values))
    label = lambda v: fmt.format_compact(v, unit, lang, spec.get("currency_code"))
    left = _fit_left(left, [label(t) for t in ticks])
    x = _Scale((first.toordinal(), max(last.toordinal(), first.toordinal() + 1)), (left, right))
    y = _Scale((ticks[0], ticks[-1]), (bottom, top))
    out += _y_axis(ticks, y, left, right, label, lang)
    out += _month_ticks(first, last, x, bottom, lang)
    out.append(f'<line x1="{left}" x2="{right}" y1="{bottom}" y2="{bottom}" stroke="{COLORS["axis"]}"/>')
    if spec.get("horizon") and _day(spec["horizon"]):
        hx = x(_day(spec["horizon"]).toordinal())
        out.append(
            f'<line x1="{_f(hx)}" x2="{_f(hx)}" y1="{top}" y2="{bottom}" stroke="{COLORS["axis"]}" '
            f'stroke-dasharray="2 3"/>'
        )
        # the label sits left of its line, unless that would run it over the y axis's labels (a horizon at the
        # chart's first day: a KPI without data judged at its deadline)
        horizon_label = spec.get("horizon_label", "")
        inside = hx - left >= 7 * len(horizon_label) + 6
        out.append(
            f'<text x="{_f(hx - 3 if inside else hx + 3)}" y="{bottom - 5}" '
            f'text-anchor="{"end" if inside else "start"}" fill="{COLORS["axis"]}"{HALO} class="horizon">'
            f"{_e(horizon_label)}</text>"
        )
    if baseline:
        bx0, bx1, by = (
            x(_day(baseline["start"]).toordinal()),
            x(_day(baseline["end"]).toordinal()),
            y(baseline["value"]),
        )
        out.append(
            f'<line x1="{_f(bx0)}" x2="{_f(bx1)}" y1="{_f(by)}" y2="{_f(by)}" stroke="{COLORS["baseline"]}" '
            f'stroke-width="6" stroke-linecap="round" class="baseline"/>'
        )
    if len(path) == 1:  # a target without a path: the level to reach
        ty = y(path[0][1])
        out.append(_polyline([(left, ty), (right, ty)], COLORS["target"], 2, "6 4"))
    elif path:
        out.append(_polyline([(x(d.toordinal()), y(v)) for d, v in path], COLORS["target"], 2, "6 4"))
    if not series:  # no monthly value at all (a table the spec does not map, no data): say so on the chart
        out.append(
            f'<text x="{_f((left + right) / 2)}" y="{_f((top + bottom) / 2 - 10)}" text-anchor="middle" '
            f'font-weight="600" fill="{COLORS["axis"]}"{HALO} class="no-data">{_e(spec.get("no_series_label", ""))}</text>'
        )
    partial = _partial_days(spec)
    out += _series_line([(x(d.toordinal()), y(v), d in partial) for d, v in series], COLORS["actual"], 2.2)
    for d, v in series:
        if d in partial:  # a month read only in part: hollow, as the note in the description says
            out.append(f'<circle cx="{_f(x(d.toordinal()))}" cy="{_f(y(v))}" r="3" fill="#fff" '
                       f'stroke="{COLORS["actual"]}" stroke-width="1.5" class="partial"/>')
        else:
            out.append(f'<circle cx="{_f(x(d.toordinal()))}" cy="{_f(y(v))}" r="2.4" fill="{COLORS["actual"]}"/>')
    if current:
        cx, cy = x(_day(current["date"]).toordinal()), y(current["value"])
        out.append(
            f'<circle cx="{_f(cx)}" cy="{_f(cy)}" r="5.5" fill="#fff" stroke="{COLORS["actual"]}" '
            f'stroke-width="2.5" class="now"/>'
        )
        amount = fmt.format_compact(current["value"], unit, lang, spec.get("currency_code"))
        label = f"{current.get('label', '')} {amount}"
        anchor = "end" if cx > (left + right) / 2 else "start"
        out.append(
            f'<text x="{_f(cx + (-8 if anchor == "end" else 8))}" y="{_f(cy - 8)}" text-anchor="{anchor}" '
            f'font-weight="600" fill="{COLORS["actual"]}"{HALO} class="now-label">{_e(label)}</text>'
        )
    legend = [(spec.get("series_label", ""), COLORS["actual"], None)] if series else []
    if path:  # a KPI without a target (guardrails only) has no target line to name
        legend.append((spec.get("target_label", ""), COLORS["target"], "6 4"))
    if baseline:
        legend.append((baseline.get("label", ""), COLORS["baseline"], None))
    out += _legend(legend, left, 14)
    out.append("</svg>")
    return "".join(out)


def parts_svg(spec: dict[str, Any], lang: str) -> str:
    """Numerator and denominator as indexes (baseline = 100): a ratio met by a shrinking denominator shows."""
    width, height, left, right, top, bottom = 640, 220, 56, 560, 34, 190
    lines = [
        (spec.get("numerator_label", ""), spec.get("numerator") or [], COLORS["numerator"], None),
        (spec.get("denominator_label", ""), spec.get("denominator") or [], COLORS["denominator"], None),
    ]
    if spec.get("ratio"):
        lines.append((spec.get("ratio_label", ""), spec["ratio"], COLORS["ratio"], "4 3"))
    out = _open(spec, width, height, "parts")
    values = [p["value"] for _, pts, _, _ in lines for p in pts] + [100.0]
    dated = all(_day(p["date"]) for _, pts, _, _ in lines for p in pts)
    all_points = [p for _, pts, _, _ in lines for p in pts]
    if not all_points:
        out.append("</svg>")
        return "".join(out)
    if dated:
        days = [_day(p["date"]) for p in all_points]
        first, last = min(days), max(days)
        x = _Scale((first.toordinal(), max(last.toordinal(), first.toordinal() + 1)), (left, right))

        def px(point):
            return x(_day(point["date"]).toordinal())
    else:  # two periods compared: baseline and now
        order = list(dict.fromkeys(p["date"] for p in all_points))
        x = _Scale((0, max(len(order) - 1, 1)), (left + 40, right - 40))

        def px(point):
            return x(order.index(point["date"]))

    ticks = nice_ticks(min(values), max(values), 4)
    y = _Scale((ticks[0], ticks[-1]), (bottom, top))
    out += _y_axis(ticks, y, left, right, lambda v: fmt.format_number(v, lang, 0), lang)
    out.append(
        f'<line x1="{left}" x2="{right}" y1="{_f(y(100))}" y2="{_f(y(100))}" stroke="{COLORS["axis"]}" '
        f'stroke-dasharray="1 2"/>'
    )
    if dated:
        out += _month_ticks(first, last, x, bottom, lang)
    out.append(f'<line x1="{left}" x2="{right}" y1="{bottom}" y2="{bottom}" stroke="{COLORS["axis"]}"/>')
    ends = []
    for _label, pts, color, dash in lines:
        coords = [(px(p), y(p["value"])) for p in pts]
        out.append(_polyline(coords, color, 2.4 if not dash else 1.6, dash))
        if coords:
            end_x, end_y = coords[-1]
            out.append(f'<circle cx="{_f(end_x)}" cy="{_f(end_y)}" r="3" fill="{color}"/>')
            ends.append([end_y, end_x, color, fmt.format_number(pts[-1]["value"], lang, 0)])
    ends.sort()
    for i in range(1, len(ends)):  # lines ending close together: keep their labels apart
        ends[i][0] = max(ends[i][0], ends[i - 1][0] + 12)
    for end_y, end_x, color, label in ends:
        out.append(
            f'<text x="{_f(end_x + 6)}" y="{_f(end_y + 4)}" fill="{color}" font-weight="600">{_e(label)}</text>'
        )
    if not dated:
        for key in dict.fromkeys(p["date"] for p in all_points):
            out.append(
                f'<text x="{_f(px({"date": key}))}" y="{bottom + 16}" text-anchor="middle" '
                f'fill="{COLORS["axis"]}">{_e(spec.get("period_labels", {}).get(key, key))}</text>'
            )
    out += _legend([(label, color, dash) for label, _, color, dash in lines], left, 14)
    out.append("</svg>")
    return "".join(out)


def waterfall_svg(spec: dict[str, Any], lang: str) -> str:
    """LMDI waterfall: baseline, one floating bar per driver's additive effect, now."""
    steps = spec.get("steps") or []
    width, height, left, right, top, bottom = 640, 240, 70, 620, 16, 180
    out = _open(spec, width, height, "waterfall")
    if not steps:
        out.append("</svg>")
        return "".join(out)
    values = [0.0] + [s["start"] for s in steps] + [s["end"] for s in steps]
    ticks = nice_ticks(min(values), max(values), 5)
    y = _Scale((ticks[0], ticks[-1]), (bottom, top))
    label = lambda v: fmt.format_compact(v, spec.get("unit"), lang, spec.get("currency_code"))
    left = _fit_left(left, [label(t) for t in ticks])
    out += _y_axis(ticks, y, left, right, label, lang)
    slot = (right - left) / len(steps)
    bar = min(slot * 0.6, 80)
    for i, step in enumerate(steps):
        x0 = left + slot * i + (slot - bar) / 2
        y_top, y_bottom = y(max(step["start"], step["end"])), y(min(step["start"], step["end"]))
        color = COLORS["total"] if step["kind"] == "total" else COLORS[step["kind"]]
        out.append(
            f'<rect x="{_f(x0)}" y="{_f(y_top)}" width="{_f(bar)}" height="{_f(max(y_bottom - y_top, 1))}" '
            f'fill="{color}" class="bar"><title>{_e(step["label"])}{_colon(lang)}{_e(step["text"])}</title></rect>'
        )
        out.append(
            f'<text x="{_f(x0 + bar / 2)}" y="{_f(y_top - 4)}" text-anchor="middle" font-weight="600" '
            f'fill="{color}">{_e(step["text"])}</text>'
        )
        if i + 1 < len(steps):  # the connector shows where the next bar starts
            level = y(step["end"])
            out.append(
                f'<line x1="{_f(x0 + bar)}" x2="{_f(x0 + slot)}" y1="{_f(level)}" y2="{_f(level)}" '
                f'stroke="{COLORS["axis"]}" stroke-dasharray="2 2"/>'
            )
        words = _wrap(step["label"], 16)
        for j, word in enumerate(words[:3]):
            out.append(
                f'<text x="{_f(x0 + bar / 2)}" y="{_f(bottom + 14 + 12 * j)}" text-anchor="middle" '
                f'fill="{COLORS["axis"]}">{_e(word)}</text>'
            )
    out.append(f'<line x1="{left}" x2="{right}" y1="{_f(y(0))}" y2="{_f(y(0))}" stroke="{COLORS["axis"]}"/>')
    out.append("</svg>")
    return "".join(out)


def segments_svg(spec: dict[str, Any], lang: str) -> str:
    """What moved it: one horizontal bar per segment, from zero to its change (right up, left down)."""
    rows = spec.get("rows") or []
    row_h, top, label_w, width = 22, 8, 150, 640
    height = top + row_h * max(len(rows), 1) + 8
    out = _open(spec, width, height, "segments")
    if not rows:
        out.append("</svg>")
        return "".join(out)
    reach = max((abs(r["change"] or 0.0) for r in rows), default=0.0) or 1.0
    lo = -reach if any((r["change"] or 0.0) < 0 for r in rows) else 0.0
    hi = reach if any((r["change"] or 0.0) > 0 for r in rows) or lo == 0.0 else 0.0
    text_w = 80  # room for the value beside the bar
    x = _Scale((lo, hi), (label_w + text_w, width - text_w))
    zero = x(0.0)
    for i, row in enumerate(rows):
        y0 = top + row_h * i
        change = row["change"] or 0.0
        x0, x1 = sorted((zero, x(change)))
        color = COLORS["up"] if row["kind"] == "up" else COLORS["down"] if row["kind"] == "down" else COLORS["neutral"]
        out.append(
            f'<text x="{label_w - 8}" y="{_f(y0 + 15)}" text-anchor="end" fill="{COLORS["axis"]}">'
            f'<title>{_e(row["label"])}</title>{_e(_clip_middle(row["label"], 24))}</text>'
        )
        out.append(
            f'<rect x="{_f(x0)}" y="{_f(y0 + 4)}" width="{_f(max(x1 - x0, 1))}" height="{row_h - 8}" '
            f'fill="{color}" class="bar"><title>{_e(row["label"])}{_colon(lang)}{_e(row["text"])} ({_e(row["share"])})'
            f"</title></rect>"
        )
        anchor, tx = ("start", x1 + 4) if change >= 0 else ("end", x0 - 4)
        out.append(
            f'<text x="{_f(tx)}" y="{_f(y0 + 15)}" text-anchor="{anchor}" font-weight="600" fill="{color}">'
            f'{_e(row["text"])}</text>'
        )
    out.append(
        f'<line x1="{_f(zero)}" x2="{_f(zero)}" y1="{top}" y2="{_f(height - 8)}" stroke="{COLORS["axis"]}"/>'
    )
    out.append("</svg>")
    return "".join(out)


def _wrap(label: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in str(label).split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return lines or [""]


def guardrail_svg(spec: dict[str, Any], lang: str) -> str:
    """A small multiple: the guardrail's monthly series, its baseline, the forbidden zone past its limit."""
    width, height, left, right, top, bottom = 220, 110, 44, 212, 8, 92
    unit = spec.get("unit")
    series = [(d, p["value"]) for p in spec.get("series") or [] if (d := _day(p["date"])) is not None]
    values = [v for _, v in series]
    for key in ("baseline", "threshold", "current"):
        if spec.get(key) is not None:
            values.append(spec[key])
    out = _open(spec, width, height, "guardrail")
    if not values:  # not evaluable: say so where the chart would be, not a blank box
        out.append(
            f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle" fill="{COLORS["axis"]}" class="no-data">'
            f"{_e(text('chart.no_data', lang))}</text></svg>"
        )
        return "".join(out)
    ticks = nice_ticks(min(values), max(values), 3)
    y = _Scale((ticks[0], ticks[-1]), (bottom, top))
    label = lambda v: fmt.format_compact(v, unit, lang, spec.get("currency_code"))
    left = _fit_left(left, [label(ticks[0]), label(ticks[-1])])
    threshold, bound = spec.get("threshold"), spec.get("bound")
    if threshold is not None and bound in ("upper", "lower"):
        ty = y(threshold)
        zone_top, zone_bottom = (top, ty) if bound == "upper" else (ty, bottom)
        out.append(
            f'<rect x="{left}" y="{_f(zone_top)}" width="{right - left}" '
            f'height="{_f(max(zone_bottom - zone_top, 0))}" fill="{COLORS["zone"]}" class="zone"/>'
        )
    out += _y_axis([ticks[0], ticks[-1]], y, left, right, label, lang)
    if threshold is not None:
        out.append(
            f'<line x1="{left}" x2="{right}" y1="{_f(y(threshold))}" y2="{_f(y(threshold))}" '
            f'stroke="{COLORS["bad"]}" stroke-width="1.5" class="threshold"/>'
        )
    if spec.get("baseline") is not None:
        by = y(spec["baseline"])
        out.append(
            f'<line x1="{left}" x2="{right}" y1="{_f(by)}" y2="{_f(by)}" stroke="{COLORS["baseline"]}" '
            f'stroke-dasharray="4 3"/>'
        )
    color = COLORS.get(spec.get("tone", "neutral"), COLORS["neutral"])
    if series:
        first, last = series[0][0], series[-1][0]
        x = _Scale((first.toordinal(), max(last.toordinal(), first.toordinal() + 1)), (left + 2, right - 4))
        partial = _partial_days(spec)
        out += _series_line([(x(d.toordinal()), y(v), d in partial) for d, v in series], COLORS["actual"], 1.8)
        for d, v in series[:-1]:
            if d in partial:  # the month the data begins inside of: hollow, at the start of a dashed stroke
                out.append(f'<circle cx="{_f(x(d.toordinal()))}" cy="{_f(y(v))}" r="3" fill="#fff" '
                           f'stroke="{COLORS["actual"]}" stroke-width="1.5" class="partial"/>')
        lx, ly = x(last.toordinal()), y(series[-1][1])
        if last in partial:  # a month read only in part: hollow, in the status's colour
            out.append(f'<circle cx="{_f(lx)}" cy="{_f(ly)}" r="3.5" fill="#fff" stroke="{color}" '
                       f'stroke-width="1.8" class="partial"/>')
        else:
            out.append(f'<circle cx="{_f(lx)}" cy="{_f(ly)}" r="3.5" fill="{color}"/>')
    elif spec.get("current") is not None:  # no monthly series: baseline and now only
        out.append(
            _polyline(
                [(left + 10, y(spec.get("baseline") or spec["current"])), (right - 10, y(spec["current"]))],
                COLORS["actual"],
                1.8,
            )
        )
        out.append(f'<circle cx="{right - 10}" cy="{_f(y(spec["current"]))}" r="3.5" fill="{color}"/>')
    out.append("</svg>")
    return "".join(out)


def grid_svg(spec: dict[str, Any], lang: str) -> str:
    """The article's grid: input, output and outcome columns, each KPI a box, `serves` links as arrows."""
    columns = spec.get("columns") or []
    nodes = spec.get("nodes") or []
    col_width, box_w, box_h, gap, head = 285, 240, 44, 14, 66
    per_level = {c["level"]: [n for n in nodes if n["level"] == c["level"]] for c in columns}
    rows = max([len(v) for v in per_level.values()] + [1])
    width, height = col_width * len(columns) + 10, head + rows * (box_h + gap) + 10
    out = _open(spec, width, height, "grid")
    out.append(
        '<defs><marker id="grid-arrow" viewBox="0 0 10 10" refX="9" refY="5" '
        'markerWidth="7" markerHeight="7" '
        f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{COLORS["axis"]}"/></marker></defs>'
    )
    where: dict[str, tuple[float, float, int]] = {}
    for ci, column in enumerate(columns):
        cx = 5 + ci * col_width
        out.append(
            f'<rect x="{cx}" y="4" width="{col_width - 12}" height="{height - 8}" rx="8" fill="#f8fafc" '
            f'stroke="{COLORS["grid"]}" class="surface"/>'
        )
        out.append(
            f'<text x="{cx + 12}" y="24" font-weight="700" font-size="14" fill="{COLORS["axis"]}">'
            f"{_e(column['label'])}</text>"
        )
        out.append(
            f'<text x="{cx + 12}" y="40" fill="{COLORS["axis"]}">{_e(column["control"])} · '
            f"{_e(column['relevance'])}</text>"
        )
        out.append(
            f'<text x="{cx + 12}" y="55" font-style="italic" fill="{COLORS["neutral"]}">'
            f"{_e(_clip(column['role'], 42))}</text>"
        )
        for ri, node in enumerate(per_level[column["level"]]):
            bx, by = cx + 16, head + ri * (box_h + gap)
            where[node["id"]] = (bx, by, ci)
            color = COLORS.get(node["tone"], COLORS["neutral"])
            out.append(
                f'<g class="grid-node" data-kpi="{_e(node["id"])}">'
                f"<title>{_e(node['id'])}{_colon(lang)}{_e(node['verdict_label'])}</title>"
                f'<rect x="{bx}" y="{by}" width="{box_w}" height="{box_h}" rx="6" fill="#fff" '
                f'stroke="{color}" stroke-width="1.5" class="surface"/>'
                f'<rect x="{bx}" y="{by}" width="6" height="{box_h}" rx="2" fill="{color}"/>'
                f'<text x="{bx + 14}" y="{by + 18}" font-weight="700" fill="{COLORS["axis"]}">'
                f"{_e(_clip(node['id'], 30))}</text>"
                f'<text x="{bx + 14}" y="{by + 34}" fill="{COLORS["neutral"]}">'
                f"{_e(_clip(node['label'] + ' · ' + node['verdict_label'], 36))}</text></g>"
            )
    for link in spec.get("links") or []:
        if link["from"] not in where or link["to"] not in where:
            continue
        sx, sy, sc = where[link["from"]]
        tx, ty, tc = where[link["to"]]
        if sc < tc:
            x1, y1, x2, y2 = sx + box_w, sy + box_h / 2, tx, ty + box_h / 2
            bend = (x2 - x1) / 2
            d = f"M{_f(x1)},{_f(y1)} C{_f(x1 + bend)},{_f(y1)} {_f(x2 - bend)},{_f(y2)} {_f(x2)},{_f(y2)}"
        else:  # same column (or backwards): loop out on the right
            x1, y1, x2, y2 = sx + box_w, sy + box_h / 2, tx + box_w, ty + box_h / 2
            d = f"M{_f(x1)},{_f(y1)} C{_f(x1 + 30)},{_f(y1)} {_f(x2 + 30)},{_f(y2)} {_f(x2)},{_f(y2)}"
        out.append(
            f'<path d="{d}" fill="none" stroke="{COLORS["axis"]}" stroke-width="1.4" '
            f'marker-end="url(#grid-arrow)" class="link" data-from="{_e(link["from"])}" '
            f'data-to="{_e(link["to"])}"/>'
        )
    out.append("</svg>")
    return "".join(out)


def _clip_middle(label: str, width: int) -> str:
    """Segment names share their start (`newsletter_black_friday_..._spring`, `..._fall`): keep both ends."""
    label = str(label)
    if len(label) <= width:
        return label
    tail = (width - 1) // 2
    return label[: width - 1 - tail] + "…" + label[-tail:]


def _clip(label: str, width: int) -> str:
    label = str(label)
    return label if len(label) <= width else label[: width - 1] + "…"


RENDERERS = {
    "trajectory": trajectory_svg,
    "parts": parts_svg,
    "waterfall": waterfall_svg,
    "segments": segments_svg,
    "guardrail": guardrail_svg,
    "grid": grid_svg,
}


def render_chart(spec: dict[str, Any] | None, lang: str, currency: str | None = None) -> str:
    """The SVG of one chart spec from the view model ('' when there is nothing to draw)."""
    if not spec:
        return ""
    if currency and "currency_code" not in spec:
        spec = {**spec, "currency_code": currency}
    return RENDERERS[spec["kind"]](_typeset(spec, lang), lang)


def _typeset(value: Any, lang: str) -> Any:
    """The chart's words (title, description, labels) in the language's typography, numbers left as they are."""
    if isinstance(value, str):
        return typeset(value, lang)
    if isinstance(value, dict):
        return {key: _typeset(item, lang) for key, item in value.items()}
    if isinstance(value, list):
        return [_typeset(item, lang) for item in value]
    return value
