"""Computed metric values as text, JSON or CSV: pure functions from results to a string."""

from __future__ import annotations

import csv
import io
import json

from kpiguard._i18n import Message, pick
from kpiguard.catalog import resolve_metric
from kpiguard.metrics.results import MetricResults, MetricValue
from kpiguard.spec.models import Spec

HEADERS = {
    "metric": Message(en="metric", fr="métrique"),
    "period": Message(en="period", fr="période"),
    "value": Message(en="value", fr="valeur"),
    "status": Message(en="status", fr="statut"),
}
SERIES = Message(en="{metric} by {grain}", fr="{metric} par {grain}")
GRAINS = {"day": Message(en="day", fr="jour"), "week": Message(en="week", fr="semaine"),
          "month": Message(en="month", fr="mois"), "quarter": Message(en="quarter", fr="trimestre"),
          "year": Message(en="year", fr="année")}


def format_value(value: MetricValue, spec: Spec) -> str:
    """A value as people read it: percents for shares and rates, 2 decimals for money, integers for counts."""
    if value.value is None:
        return "-"
    definition = resolve_metric(value.metric, spec.metrics)
    unit = (definition.unit if definition else None) or ""
    kind = definition.kind if definition else None
    if unit == "%":
        return f"{value.value * 100:.2f} %"
    if kind == "count" and float(value.value).is_integer():
        return f"{int(value.value)}"
    text = f"{value.value:,.2f}".replace(",", " ")
    suffix = unit.replace("{currency}", spec.currency) if kind == "amount" or "{currency}" in unit else ""
    return f"{text} {suffix}".strip()


def to_text(results: MetricResults, spec: Spec) -> str:
    rows = [[HEADERS[k]() for k in ("metric", "period", "value", "status")]]
    for value in results.values():
        rows.append(_row(value, spec))
    blocks = [_table(rows, value_column=2)]
    if results.grain:
        for metric in results.metrics:
            series_rows = [[HEADERS[k]() for k in ("period", "value", "status")]]
            series_rows += [_row(v, spec)[1:] for v in results.series(metric)]
            title = SERIES(metric=metric, grain=GRAINS.get(results.grain, Message(results.grain, results.grain))())
            blocks.append(title + "\n" + _table(series_rows, value_column=1))
    return "\n\n".join(blocks) + "\n"


def _row(value: MetricValue, spec: Spec) -> list[str]:
    status = value.status if value.ok else f"{value.status}: {value.reason}"
    definition = resolve_metric(value.metric, spec.metrics)
    label = pick(definition.label) if definition and definition.label else value.metric
    return [f"{value.metric} ({label})" if label != value.metric else value.metric, value.period.label,
            format_value(value, spec), status]


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
