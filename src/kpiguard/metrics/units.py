"""The unit a metric's values are shown in when its spec does not say: a percent, the currency, or none.

The rule (docs/metrics.md, *Units*): a `unit:` in the spec always wins. Otherwise
- a sum of money columns (`sum(revenue)` of orders, with any filter) is in the spec's currency;
- a ratio declared a rate or a share (`ratio_of: rate | share`) is a percentage;
- a `type: ratio` whose numerator and denominator count or sum the same thing (both the same measure of
  the same table, or both in the same unit: orders over orders, money over money) is a percentage:
  e-mail orders / orders is 33 %, not 0.33;
- a ratio of money per something else (revenue / customers, `ratio_of: average` or not) is in the currency;
- anything else is a plain number.
"""

from __future__ import annotations

from collections.abc import Callable

from kpiguard.errors import KpiguardError
from kpiguard.spec.models import MetricDef

# Columns of the canonical schema that hold money, in the spec's currency (docs/canonical-schema.md).
MONEY_COLUMNS = {"orders": {"revenue", "margin"}, "order_lines": {"revenue"}}
PERCENT = "%"

Resolve = Callable[[str], "MetricDef | None"]


def _aggregate(metric: MetricDef) -> tuple[str, frozenset[str], str] | None:
    """`sum` or `count`, the columns it reads and its canonical text, when a simple metric's measure is one
    such aggregate."""
    if metric.type != "simple" or not metric.measure:
        return None
    from sqlglot import exp

    from kpiguard.metrics.expressions import check_expression

    try:
        checked = check_expression(metric.measure, "measure")
    except KpiguardError:
        return None
    tree = checked.tree
    while isinstance(tree, exp.Paren):
        tree = tree.this
    for node, name in ((exp.Sum, "sum"), (exp.Count, "count")):
        if isinstance(tree, node):
            return name, frozenset(checked.columns), tree.sql().lower()
    return None


def _money_sum(metric: MetricDef) -> bool:
    """A custom metric without a unit that sums money (`sum(revenue)` of orders, with any filter) is money."""
    money = MONEY_COLUMNS.get(str(metric.table))
    if not money or metric.kind not in (None, "amount", "count"):
        return False
    found = _aggregate(metric)
    return found is not None and found[0] == "sum" and bool(found[1]) and found[1] <= money


def _declared(metric: MetricDef, currency: str) -> str:
    """The spec's (or catalog's) own unit, `{currency}` written as the currency."""
    return (metric.unit or "").replace("{currency}", currency)


def _plain_unit(metric: MetricDef, currency: str) -> str:
    """The unit of a metric that is not judged as a ratio: declared, else money when it sums money."""
    declared = _declared(metric, currency)
    if declared:
        return declared
    return currency if not metric.is_ratio and _money_sum(metric) else ""


def _thing(metric: MetricDef) -> tuple[str, str, str] | None:
    """What a count or a sum adds up, as (aggregate, table, measure), for a simple metric; else None."""
    found = _aggregate(metric)
    return None if found is None else (found[0], str(metric.table), found[2])


def _same_thing(num: MetricDef, den: MetricDef, currency: str) -> bool:
    """Numerator and denominator count or sum the same thing: their ratio is a part of a whole."""
    if any(m.is_ratio or m.type == "derived" or m.kind == "ratio" for m in (num, den)):
        return False
    num_thing, den_thing = _thing(num), _thing(den)
    if num_thing is not None and den_thing is not None and num_thing == den_thing:
        return True  # the same measure of the same table: only the filters differ
    num_unit, den_unit = _plain_unit(num, currency), _plain_unit(den, currency)
    return bool(num_unit) and num_unit == den_unit and num_unit != PERCENT


def metric_kind(metric: MetricDef | None) -> str | None:
    """amount / count / ratio: declared, else read from a simple metric's measure (`sum` / `count`)."""
    if metric is None:
        return None
    if metric.kind is not None:
        return metric.kind
    if metric.is_ratio:
        return "ratio"
    found = _aggregate(metric)
    return None if found is None else {"sum": "amount", "count": "count"}[found[0]]


def metric_unit(metric: MetricDef | None, resolve: Resolve, currency: str) -> str:
    """The unit the values of `metric` are shown in ("%" for a fraction shown as a percent)."""
    if metric is None:
        return ""
    declared = _declared(metric, currency)
    if declared:
        return declared
    if not metric.is_ratio:
        return _plain_unit(metric, currency)
    if metric.ratio_of in ("rate", "share"):
        return PERCENT
    num = resolve(metric.numerator) if metric.numerator else None
    den = resolve(metric.denominator) if metric.denominator else None
    if num is None or den is None:
        return ""
    if metric.ratio_of is None and metric.type == "ratio" and _same_thing(num, den, currency):
        return PERCENT
    num_unit, den_unit = _plain_unit(num, currency), _plain_unit(den, currency)
    if num_unit == currency and den_unit != currency and metric.ratio_of in (None, "average"):
        return currency  # money per order, per customer, per e-mail
    return ""


__all__ = ["MONEY_COLUMNS", "PERCENT", "metric_kind", "metric_unit"]
