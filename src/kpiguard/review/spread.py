"""The spread of an average's units: the sum of their squared values, fetched beside the average (one more
aggregate of the same query), so that a guardrail on an average (AOV) is tested against noise as a rate's is."""

from __future__ import annotations

from kpiguard.catalog import resolve_metric
from kpiguard.spec.models import MetricDef

# the hidden metric's name, in kpiguard's own `_kg_` namespace (as its internal columns are)
PREFIX = "_kg_squares_of_"


def squares_name(name: str) -> str:
    return PREFIX + name


def squares_metric(name: str, metrics: dict[str, MetricDef] | None) -> MetricDef | None:
    """`sum(x * x)` over the units of the average `name`, when it is the mean of one value per row: a ratio
    `ratio_of: average` whose numerator is `sum(x)` and whose denominator is `count(*)`, both simple metrics of
    the same table, the denominator's rows being the numerator's or some of them (aov: revenue over orders).
    None for any other average (revenue per visitor counts visitors in another table: its units' values are not
    rows)."""
    from kpiguard.metrics.expressions import check_expression

    average = resolve_metric(name, metrics)
    if average is None or average.type != "ratio" or average.ratio_of != "average":
        return None
    numerator = resolve_metric(average.numerator or "", metrics)
    denominator = resolve_metric(average.denominator or "", metrics)
    if numerator is None or denominator is None or numerator.type != "simple" or denominator.type != "simple" or \
            numerator.table != denominator.table or not _narrows(denominator.filter, numerator.filter) or \
            not numerator.measure or not denominator.measure:
        return None
    total, count = check_expression(numerator.measure, "measure"), check_expression(denominator.measure, "measure")
    if type(total.tree).__name__ != "Sum" or total.tree.args.get("distinct") or \
            type(count.tree).__name__ != "Count" or count.tree.this.sql() != "*":
        return None
    value = f"cast(({total.tree.this.sql()}) as double)"  # squares in floating point: no decimal overflow
    # (over the units the average divides by: aov's orders, whose amounts are not negative)
    squares = MetricDef(type="simple", table=numerator.table, measure=f"sum({value} * {value})",
                        filter=denominator.filter, kind="amount")
    squares._name = squares_name(name)
    return squares


def _narrows(units: str | None, values: str | None) -> bool:
    """The denominator's rows (the units) are the numerator's or some of them: the same filter, or the
    numerator's and more (aov: revenue nets refunds over completed orders, its orders are those of them whose
    amount is not negative; the refunds then only widen the spread, a test on the safe side)."""
    return units == values or (values is not None and units is not None and units.startswith(f"{values} and "))


def variance(total: float | None, count: float | None, squares: float | None) -> float | None:
    """The sample variance of `count` values from their sum and the sum of their squares (None below 2)."""
    if total is None or count is None or squares is None or count < 2:
        return None
    return max(0.0, (squares - total * total / count) / (count - 1))


__all__ = ["PREFIX", "squares_metric", "squares_name", "variance"]
