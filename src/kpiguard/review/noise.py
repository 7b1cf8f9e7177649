"""Poisson noise of counts: exact tail probabilities that say whether a count's gap to a mark (a target, a
limit, its baseline) is more than chance would give a count this small (14 new customers against 17)."""

from __future__ import annotations

import math
from collections.abc import Callable

from kpiguard.spec.models import MetricDef

# A tail is summed from the observed count outwards until a term weighs less than this share of the sum.
NEGLIGIBLE = 1e-17


def is_event_count(metric: MetricDef | None) -> bool:
    """A count of things that arrive by chance (orders, new or active customers, sessions, unsubscribes): its
    value over a period is one draw of a Poisson count. Not a stock at a date (dormant SKUs and their units are
    what is left on a shelf, not arrivals), nor a sum of amounts."""
    if metric is None or metric.is_ratio:
        return False
    params = metric.params or {}
    if params.get("computation") == "dormant" and params.get("measure") in ("skus", "units"):
        return False
    if metric.kind is not None:
        return metric.kind == "count"
    if metric.type != "simple" or not metric.measure:
        return False
    from kpiguard.metrics.expressions import check_expression

    try:
        tree = check_expression(metric.measure, "measure").tree
    except Exception:  # noqa: BLE001 - a measure that does not parse is no count (the linter says why)
        return False
    while type(tree).__name__ in ("Paren", "Filter"):  # `count(*) filter (where ...)` counts arrivals alike
        tree = tree.this
    return type(tree).__name__ == "Count"


def whole(value: float | None) -> int | None:
    """A count as an int, None when `value` is not a whole number (a count scaled pro rata, a weighted one)."""
    if value is None or value < 0 or not math.isclose(value, round(value), rel_tol=1e-9, abs_tol=1e-9):
        return None
    return round(value)


def _tail(log_pmf: Callable[[int], float], start: int, step: int, end: int) -> float:
    """The sum of exp(log_pmf(k)) for k from `start` to `end` (included) by `step`, `start` being on the tail's
    side of the law's mean: the terms decrease from the first, and the sum stops where they weigh nothing."""
    terms: list[float] = []
    top = log_pmf(start)
    k = start
    while (k - end) * step <= 0:
        term = math.exp(log_pmf(k) - top)
        terms.append(term)
        if term < NEGLIGIBLE:
            break
        k += step
    return min(1.0, math.exp(top) * math.fsum(terms))


def poisson_tail(count: int, mean: float, side: str) -> float:
    """P(X <= count) (`side` "down") or P(X >= count) ("up") for X ~ Poisson(mean): how often a count whose
    underlying level is `mean` comes out at `count` or further. Exact (summed from `count` outwards), meant for
    `count` on either side of the mean (the tail holding the mean is one minus the other)."""
    if mean <= 0:
        return 1.0 if side == "down" or count <= 0 else 0.0
    if side == "up" and count < mean:
        return max(0.0, 1.0 - poisson_tail(count - 1, mean, "down")) if count > 0 else 1.0
    if side == "down" and count > mean:
        return max(0.0, 1.0 - poisson_tail(count + 1, mean, "up"))
    log_mean = math.log(mean)

    def log_pmf(k: int) -> float:
        return k * log_mean - mean - math.lgamma(k + 1)

    if side == "down":
        return _tail(log_pmf, count, -1, 0)
    return _tail(log_pmf, count, 1, count + 10_000_000)


def binomial_tail(count: int, n: int, p: float, side: str) -> float:
    """P(X <= count) ("down") or P(X >= count) ("up") for X ~ Binomial(n, p), summed from `count` outwards."""
    if p <= 0:
        return 1.0 if side == "down" or count <= 0 else 0.0
    if p >= 1:
        return 1.0 if side == "up" or count >= n else 0.0
    if side == "up" and count < n * p:
        return max(0.0, 1.0 - binomial_tail(count - 1, n, p, "down")) if count > 0 else 1.0
    if side == "down" and count > n * p:
        return max(0.0, 1.0 - binomial_tail(count + 1, n, p, "up")) if count < n else 1.0
    log_p, log_q = math.log(p), math.log1p(-p)

    def log_pmf(k: int) -> float:
        return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1) + k * log_p + (n - k) * log_q

    if side == "down":
        return _tail(log_pmf, count, -1, 0)
    return _tail(log_pmf, count, 1, n)


def count_vs_level(count: int, level: float, side: str) -> float:
    """One-sided p-value of "the count's underlying level is past `level` on `side`", the exact Poisson test:
    P(X <= count) for X ~ Poisson(level) when `side` is "down" (the count came out below the level)."""
    return poisson_tail(count, level, side)


def count_vs_count(before: int, after: int, length_ratio: float, factor: float, side: str) -> float:
    """One-sided p-value of "the level of `after` is past `factor` times the level of `before`" (a relative
    guardrail, `factor` 0.9 for "may fall by at most 10 %"), the exact conditional test of two Poisson counts:
    given both counts' total n, `after` follows Binomial(n, f s / (1 + f s)) at the limit, `s` being the
    current period's length over the baseline's (`length_ratio`)."""
    n = before + after
    if n == 0:
        return 1.0
    share = factor * length_ratio / (1 + factor * length_ratio)
    return binomial_tail(after, n, share, side)


__all__ = ["binomial_tail", "count_vs_count", "count_vs_level", "is_event_count", "poisson_tail", "whole"]
