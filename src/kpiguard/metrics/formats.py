"""Computed metric values as text, JSON or CSV: pure functions from results to a string."""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING

from kpiguard._i18n import Message, get_lang, pick
from kpiguard.catalog import resolve_metric
from kpiguard.metrics.results import MetricResults, MetricValue
from kpiguard.spec.models import Spec

if TYPE_CHECKING:
    from kpiguard.metrics.segments import Segments

HEADERS = {
    "metric": Message(en="metric", fr="métrique"),
    "period": Message(en="period", fr="période"),
    "value": Message(en="value", fr="valeur"),
    "status": Message(en="status", fr="statut"),
    "segment": Message(en="segment", fr="segment"),
    "share": Message(en="share", fr="part"),
}
STATUS_REASON = Message(en="{status}: {reason}", fr="{status} : {reason}")
SPLIT = Message(en="{metric} by {dimension}", fr="{metric} par {dimension}")
NO_ROWS = Message(en="(no rows)", fr="(aucune ligne)")
SERIES = Message(en="{metric} by {grain}", fr="{metric} par {grain}")
GRAINS = {"day": Message(en="day", fr="jour"), "week": Message(en="week", fr="semaine"),
          "month": Message(en="month", fr="mois"), "quarter": Message(en="quarter", fr="trimestre"),
          "year": Message(en="year", fr="année")}


# The review's split dimensions, as words (a column name given as a dimension is shown as it is).
DIMENSION_LABELS = {
    "channel": Message(en="channel", fr="canal"),
    "source": Message(en="source", fr="source"),
    "campaign": Message(en="campaign", fr="campagne"),
    "category": Message(en="category", fr="catégorie"),
}
# Statuses as words in the text table (JSON and CSV keep the codes).
STATUS_WORDS = {
    "ok": Message(en="ok", fr="ok"),
    "empty": Message(en="empty", fr="vide"),
    "division_by_zero": Message(en="division_by_zero", fr="division par zéro"),
    "immature": Message(en="immature", fr="pas mûre"),
    "null": Message(en="null", fr="valeurs manquantes"),
    "unavailable": Message(en="unavailable", fr="indisponible"),
}
NONE_SEGMENT_WORD = Message(en="(none)", fr="(aucun)")


def format_value(value: MetricValue, spec: Spec, *, whole: bool = False) -> str:
    """A value as people read it, written as the review and the report write it (`CHF 1,350.00`, `1 350,00 €`,
    `34.91%`), at compute's precision: percents and money to two decimals, counts whole, and so is a number when
    `whole` (every value shown of a metric that adds up whole things, as `sum(quantity)`: `14`, not `14.00`)."""
    if value.value is None:
        return "-"
    from kpiguard import _numbers as numbers
    from kpiguard.metrics.units import metric_kind, metric_unit

    lang = get_lang()
    definition = resolve_metric(value.metric, spec.metrics)
    # the review's rule: a share of counts of the same thing is a percent, a sum of money is in the currency
    unit = metric_unit(definition, lambda name: resolve_metric(name, spec.metrics), spec.currency, spec.data.amounts)
    kind = metric_kind(definition)  # declared, else read from the measure: `count(distinct customer_id)` counts
    if unit == "%":
        return numbers.format_percent(value.value, lang, 2)
    if (kind == "count" or (whole and not numbers.is_money_unit(unit, spec.currency))) \
            and float(value.value).is_integer():
        return numbers.format_number(value.value, lang, 0)
    if kind == "amount" or unit == spec.currency:
        return numbers.format_money(value.value, unit, lang, 2)
    return numbers.format_number(value.value, lang, 2)


def to_text(results: MetricResults, spec: Spec) -> str:
    whole = {m: _all_whole(m, [v.value for v in results.values() if v.metric == m]
                           + ([v.value for v in results.series(m)] if results.grain else []), spec)
             for m in results.metrics}
    rows = [[HEADERS[k]() for k in ("metric", "period", "value", "status")]]
    for value in results.values():
        rows.append(_row(value, spec, whole.get(value.metric, False)))
    blocks = [_table(rows, value_column=2)]
    if results.grain:
        for metric in results.metrics:
            series_rows = [[HEADERS[k]() for k in ("period", "value", "status")]]
            series_rows += [_row(v, spec, whole[metric])[1:] for v in results.series(metric)]
            title = SERIES(metric=metric, grain=GRAINS.get(results.grain, Message(results.grain, results.grain))())
            blocks.append(title + "\n" + _table(series_rows, value_column=1))
    return "\n\n".join(blocks) + "\n"


def _all_whole(metric: str, values: list[float | None], spec: Spec) -> bool:
    """Whether a metric's values are shown whole: one sum, count, min or max whose every value shown is a whole
    number (units sold), so that a column never mixes `14` and `14.50`."""
    from kpiguard.metrics.units import single_aggregate

    known = [v for v in values if v is not None]
    return bool(known) and all(float(v).is_integer() for v in known) and single_aggregate(
        resolve_metric(metric, spec.metrics))


def _row(value: MetricValue, spec: Spec, whole: bool = False) -> list[str]:
    word = STATUS_WORDS[value.status]() if value.status in STATUS_WORDS else value.status
    status = word if value.ok else STATUS_REASON(status=word, reason=value.reason)
    definition = resolve_metric(value.metric, spec.metrics)
    label = pick(definition.label) if definition and definition.label else value.metric
    return [f"{value.metric} ({label})" if label != value.metric else value.metric, value.period.label,
            format_value(value, spec, whole=whole), status]


def _table(rows: list[list[str]], *, value_column: int) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        cells = [cell.rjust(widths[i]) if i == value_column and n > 0 else cell.ljust(widths[i])
                 for i, cell in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def to_json(results: MetricResults) -> str:
    return json.dumps(results.to_dict(), indent=2, ensure_ascii=False) + "\n"


def to_csv(results: MetricResults) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["metric", "period", "start", "end", "value", "status", "reason", "numerator", "denominator",
                     "series"])
    rows = [(v, "") for v in results.values()]
    if results.grain:
        rows += [(v, results.grain) for m in results.metrics for v in results.series(m)]
    for value, series in rows:
        d = value.to_dict()
        writer.writerow([d["metric"], d["period"], d["start"], d["end"], _num(d["value"]), d["status"],
                         d["reason"] or "", _num(d["numerator"]), _num(d["denominator"]), series])
    return out.getvalue()


def _num(value: object) -> str:
    return "" if value is None else repr(float(value))  # type: ignore[arg-type]


# --- a metric split by segment (compute --segment-by) ---------------------------------------------------------------

def _ordered(values: dict[str, float | None]) -> list[tuple[str, float | None]]:
    """Largest segments first (unknown values last), then by name: the order people read a split in."""
    return sorted(values.items(), key=lambda kv: (kv[1] is None, -(kv[1] or 0.0), kv[0]))


def segments_to_text(split: list[Segments], spec: Spec) -> str:
    """One table per metric: each period's segments, largest first, with their share of the period's total."""
    from kpiguard import _numbers as numbers
    from kpiguard.metrics.segments import NONE_SEGMENT

    blocks = []
    for segments in split:
        rows = [[HEADERS[k]() for k in ("period", "segment", "value", "share")]]
        whole = _all_whole(segments.metric, [v for values in segments.values for v in values.values()], spec)
        for period, values in zip(segments.periods, segments.values, strict=True):
            total = segments.total(period)
            if not values:
                rows.append([period.label, NO_ROWS(), "-", ""])
            for name, value in _ordered(values):
                shown = format_value(MetricValue(segments.metric, period, value), spec, whole=whole)
                share = numbers.format_percent(value / total, get_lang(), 1) if value is not None and total else ""
                rows.append([period.label, NONE_SEGMENT_WORD() if name == NONE_SEGMENT else name, shown, share])
        words = DIMENSION_LABELS.get(segments.dimension)
        title = SPLIT(metric=segments.metric, dimension=words() if words else segments.dimension)
        blocks.append(title + "\n" + _table(rows, value_column=2))
    return "\n\n".join(blocks) + "\n"


def segments_to_json(split: list[Segments]) -> str:
    return json.dumps({"segments": [s.to_dict() for s in split]}, indent=2, ensure_ascii=False) + "\n"


def segments_to_csv(split: list[Segments]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["metric", "dimension", "period", "start", "end", "segment", "value"])
    for segments in split:
        for period, values in zip(segments.periods, segments.values, strict=True):
            for name, value in _ordered(values):
                writer.writerow([segments.metric, segments.dimension, period.label, period.start.isoformat(),
                                 period.end.isoformat(), name, _num(value)])
    return out.getvalue()
