"""Attainment and expected progress: linear, weighted by last year's seasonality, the FROM check."""

from __future__ import annotations

from datetime import date

import pytest

from kpiguard.review.attainment import (
    attainment,
    from_mismatch,
    linear_progress,
    seasonal_progress,
    target_direction,
)
from kpiguard.spec.models import KPI
from kpiguard.spec.periods import add_months


def test_attainment_and_direction():
    assert attainment(9.0, 8.0, 10.0) == pytest.approx(0.5)
    assert attainment(0.9, 1.0, 0.7) == pytest.approx(1 / 3)  # a target downwards
    assert attainment(5, 5, 5) is None
    k = KPI.model_validate({"id": "k", "metric": "email_unsubscribe_rate", "target": {"from": 0.01, "to": 0.005}})
    assert target_direction(k, None) == "down"


def test_a_custom_metric_without_direction_takes_it_from_its_baseline():
    from kpiguard.spec.models import MetricDef

    custom = MetricDef.model_validate({"type": "simple", "table": "orders", "measure": "count(*)"})
    below = KPI.model_validate({"id": "k", "metric": "tiny", "target": {"to": 0.001}})
    # "under 0.1 %" measured at 0.11 % is a target downwards, whatever way a rate usually goes
    assert target_direction(below, custom, baseline=0.0011) == "down"
    assert target_direction(below, custom, baseline=0.0005) == "up"
    assert target_direction(below, custom) == "up"  # nothing measured: up, as before
    # a direction written on the metric, or a FROM, always wins
    assert target_direction(below, custom.model_copy(update={"direction": "up"}), baseline=0.0011) == "up"


def test_from_mismatch_is_more_than_five_percent():
    assert not from_mismatch(8_000_000, 8_300_000)
    assert from_mismatch(8_000_000, 8_500_000)
    assert not from_mismatch(None, 1.0)


def test_linear_progress():
    assert linear_progress(date(2026, 1, 1), date(2026, 7, 1), date(2026, 12, 31)) == pytest.approx(181 / 365)
    assert linear_progress(date(2026, 1, 1), date(2027, 3, 1), date(2026, 12, 31)) == 1.0


def test_seasonal_progress_weights_by_last_year():
    # last year: December alone made half of the year's volume
    monthly = {date(2025, m, 1): 100.0 for m in range(1, 12)}
    monthly[date(2025, 12, 1)] = 1100.0
    start, deadline = date(2026, 1, 1), date(2026, 12, 31)
    at_june = seasonal_progress(start, date(2026, 7, 1), deadline, monthly)
    assert at_june == pytest.approx(600 / 2200)
    assert seasonal_progress(start, date(2027, 1, 1), deadline, monthly) == pytest.approx(1.0)
    # flat seasonality is linear by month
    flat = {add_months(date(2025, 1, 1), i): 10.0 for i in range(12)}
    assert seasonal_progress(start, date(2026, 4, 1), deadline, flat) == pytest.approx(0.25)
    # a missing month of history: no seasonal pace (the caller falls back to linear)
    del monthly[date(2025, 3, 1)]
    assert seasonal_progress(start, date(2026, 7, 1), deadline, monthly) is None


def test_months_before_the_thing_existed_are_no_weights():
    # an SMS channel opened in July 2025: January to June weighed nothing, so by June 2026 no progress at all was
    # expected ("0% was expected by now": any progress was on track); the pace falls back to linear
    start, deadline = date(2026, 1, 1), date(2026, 12, 31)
    opened = {date(2025, m, 1): (0.0 if m < 7 else 100.0) for m in range(1, 13)}
    assert seasonal_progress(start, date(2026, 7, 1), deadline, opened) is None
    # a quiet month after months with volume (closed in August) is a season: it weighs nothing, the others count
    closed = {date(2025, m, 1): (0.0 if m == 8 else 100.0) for m in range(1, 13)}
    assert seasonal_progress(start, date(2026, 9, 1), deadline, closed) == pytest.approx(700 / 1100)
