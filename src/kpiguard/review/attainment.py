"""Attainment: how far a KPI has come from FROM to TO, and how far it should have come by now."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Literal

from kpiguard.spec.models import KPI, MetricDef
from kpiguard.spec.periods import add_months

Direction = Literal["up", "down"]
# The spec's FROM and the value measured on the baseline period may differ by this much before we say so.
FROM_TOLERANCE = 0.05


def target_direction(kpi: KPI, metric: MetricDef | None, baseline: float | None = None) -> Direction:
    """A FROM -> TO target says its own direction; otherwise the metric's; for a custom metric without one,
    the side of the measured baseline the TO is on ("below 0.1 %" from 0.2 % is down); up when unknown."""
    target = kpi.target
    if target is not None and target.from_ is not None and target.to is not None and target.to != target.from_:
        return "up" if target.to > target.from_ else "down"
    if metric is not None and metric.direction:
        return metric.direction
    if target is not None and target.to is not None and baseline is not None and target.to != baseline:
        return "up" if target.to > baseline else "down"
    return "up"


def direction_declared(kpi: KPI, metric: MetricDef | None) -> bool:
    """Whether the target's FROM -> TO or the metric says the direction (rather than the measured baseline)."""
    target = kpi.target
    said = target is not None and target.from_ is not None and target.to is not None and target.to != target.from_
    return said or bool(metric is not None and metric.direction)


# Sums of prices in cents are floats: 110 orders at 21.81 add up to 28789.199999999943, not 28789.20. A value
# this close to its target (relative) has reached it.
TOLERANCE = 1e-9


def reached(value: float, mark: float) -> bool:
    """`value` is at `mark` up to the floating-point noise of a sum."""
    return math.isclose(value, mark, rel_tol=TOLERANCE, abs_tol=1e-12)


def is_met(value: float, to: float, direction: Direction) -> bool:
    """The target is met: `value` is at or past `to` in the target's direction (at, up to float noise)."""
    return reached(value, to) or (value > to if direction == "up" else value < to)


def attainment(current: float, start: float, to: float) -> float | None:
    """The share of the way from `start` to `to` covered by `current` (1 = reached; may be < 0 or > 1)."""
    if to == start:
        return None
    return (current - start) / (to - start)


def from_mismatch(declared: float | None, measured: float | None) -> bool:
    """True when the spec's FROM and the data's baseline differ by more than 5 % (of the larger magnitude)."""
    if declared is None or measured is None:
        return False
    scale = max(abs(declared), abs(measured))
    if scale == 0:
        return False
    return abs(declared - measured) / scale > FROM_TOLERANCE


def horizon_days(start: date, deadline: date) -> int:
    return (deadline + timedelta(days=1) - start).days


def linear_progress(start: date, now_end: date, deadline: date) -> float:
    """The share of the horizon [start, deadline] elapsed at `now_end` (exclusive), between 0 and 1."""
    total = horizon_days(start, deadline)
    if total <= 0:
        return 1.0
    return min(1.0, max(0.0, (now_end - start).days / total))


def _month_starts(start: date, end: date) -> list[date]:
    first = date(start.year, start.month, 1)
    months = []
    while first < end:
        months.append(first)
        first = add_months(first, 1)
    return months


def seasonal_progress(start: date, now_end: date, deadline: date,
                      monthly: Mapping[date, float | None]) -> float | None:
    """The share of the horizon's expected volume elapsed at `now_end`, weighted by last year's months.

    `monthly` maps a month's first day to the metric's value that month. Each month of the horizon is
    weighted by the same month one year earlier (days outside the horizon pro rata). None when a month
    of last year is missing or the weights are not positive: the caller falls back to linear. Nor are the
    first months of last year weights when they are zero: the thing measured did not exist yet (an SMS channel
    opened in July weighs January to June nothing, and would expect no progress by June); a zero after a month
    with volume is a quiet month.
    """
    end = deadline + timedelta(days=1)
    if end <= start:
        return 1.0
    total = elapsed = 0.0
    for month in _month_starts(start, end):
        nxt = add_months(month, 1)
        weight = monthly.get(add_months(month, -12))
        if weight is None or weight < 0 or (weight == 0 and total == 0):
            return None
        days_in = (nxt - month).days
        inside = (min(nxt, end) - max(month, start)).days / days_in
        done = max(0, (min(nxt, end, now_end) - max(month, start)).days) / days_in
        total += weight * inside
        elapsed += weight * done
    if total <= 0:
        return None
    return min(1.0, max(0.0, elapsed / total))


def target_path(start: date, deadline: date, from_value: float, to_value: float,
                progress_at: callable) -> list[dict[str, object]]:  # type: ignore[valid-type]
    """The expected value at the horizon's start and at each month end until the deadline."""
    points = [{"date": start.isoformat(), "value": from_value}]
    for month in _month_starts(start, deadline + timedelta(days=1))[1:] + [deadline + timedelta(days=1)]:
        share = progress_at(month)
        if share is None:
            return [{"date": start.isoformat(), "value": from_value},
                    {"date": deadline.isoformat(), "value": to_value}]
        points.append({"date": (month - timedelta(days=1)).isoformat(),
                       "value": from_value + (to_value - from_value) * share})
    return points


__all__ = [
    "FROM_TOLERANCE",
    "attainment",
    "from_mismatch",
    "is_met",
    "linear_progress",
    "reached",
    "seasonal_progress",
    "target_direction",
    "target_path",
]
