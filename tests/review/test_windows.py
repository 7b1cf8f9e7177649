"""How the review period is chosen (docs/review.md): the examples of the doc, as tests."""

from __future__ import annotations

from datetime import date

import pytest

from kpiguard.catalog import resolve_metric
from kpiguard.review.windows import company_window, kpi_window
from kpiguard.spec.models import KPI


def kpi(**fields) -> KPI:
    return KPI.model_validate({"id": "k", "metric": "revenue", "target": {"to": 1}, **fields})


@pytest.mark.parametrize(("fields", "as_of", "current", "baseline", "implicit"), [
    ({"baseline": "2025", "cadence": "month"}, date(2026, 6, 30), "2025-07..2026-06", "2025", False),
    ({"baseline": "2025", "cadence": "month"}, date(2026, 6, 15), "2025-06..2026-05", "2025", False),
    ({"cadence": "month"}, date(2026, 6, 30), "2026-06", "2026-05", True),
    ({"cadence": "month"}, date(2026, 6, 29), "2026-05", "2026-04", True),
    ({}, date(2026, 6, 30), "2026-06", "2026-05", True),
    ({"baseline": "2025-Q4"}, date(2026, 6, 30), "2026-Q2", "2025-Q4", False),
    ({"cadence": "quarter"}, date(2026, 5, 31), "2026-Q1", "2025-Q4", True),
    ({"cadence": "week"}, date(2026, 6, 28), "2026-W26", "2026-W25", True),
    ({"baseline": "2025-10-01..2025-10-14"}, date(2026, 6, 30), "2026-06-17..2026-06-30",
     "2025-10-01..2025-10-14", False),
])
def test_window_rules(fields, as_of, current, baseline, implicit):
    k = kpi(**fields)
    w = kpi_window(k, resolve_metric(k.metric), as_of)
    assert (w.current.label, w.baseline.label, w.implicit_baseline) == (current, baseline, implicit)
    assert w.scaled is None


def test_past_the_horizon_the_window_ends_at_the_deadline():
    k = kpi(baseline="2025-Q4", cadence="month", target={"from": 0, "to": 10, "by": "2026-03-31"})
    w = kpi_window(k, resolve_metric("revenue"), date(2026, 6, 30))
    assert w.current.label == "2026-Q1" and w.at_deadline


def test_a_cohort_is_judged_on_its_latest_mature_window():
    k = kpi(metric="repurchase_rate_90d", baseline="2025", cadence="month")
    w = kpi_window(k, resolve_metric("repurchase_rate_90d"), date(2026, 6, 30))
    # 90 days after 2026-03-31 is 2026-06-29: the window ending with March is the latest mature one
    assert w.current.label == "2025-04..2026-03" and w.shifted_for_maturity
    w = kpi_window(k, resolve_metric("repurchase_rate_90d"), date(2026, 6, 30), data_end=date(2026, 6, 28))
    assert w.current.label == "2025-03..2026-02"


def test_a_forced_period_scales_a_baseline_of_another_length():
    from kpiguard.spec.periods import parse_period

    w = kpi_window(kpi(baseline="2025"), resolve_metric("revenue"), date(2026, 6, 30), parse_period("2026-Q2"))
    assert w.current.label == "2026-Q2" and w.scaled == pytest.approx(91 / 365)


def test_company_window_is_year_over_year_when_the_data_allows():
    current, baseline, yoy = company_window(date(2026, 6, 30), date(2025, 1, 1))
    assert (current.label, baseline.label, yoy) == ("2026-Q2", "2025-Q2", True)
    current, baseline, yoy = company_window(date(2026, 6, 30), date(2025, 6, 1))
    assert (current.label, baseline.label, yoy) == ("2026-Q2", "2026-Q1", False)


def test_a_forced_period_that_reaches_the_horizon_is_judged_at_it():
    from kpiguard.spec.periods import parse_period

    k = kpi(baseline="2025-Q4", target={"from": 0, "to": 10, "by": "2026-03-31"})
    # the period ends with the horizon, which the as-of date has reached: met or missed, not "off track"
    assert kpi_window(k, resolve_metric("revenue"), date(2026, 3, 31), parse_period("2026-Q1")).at_deadline
    # before the horizon, or a period that ends before it, stays a progress check
    assert not kpi_window(k, resolve_metric("revenue"), date(2026, 3, 30), parse_period("2026-Q1")).at_deadline
    assert not kpi_window(k, resolve_metric("revenue"), date(2026, 6, 30), parse_period("2026-02")).at_deadline


def test_a_window_past_the_data_is_cut_to_the_months_the_data_covers():
    # data through 2026-06-10, as-of two years later: the yearly window 2026 (the horizon's) keeps its first half,
    # and the baseline's sums are scaled to it (181 of 365 days)
    k = kpi(baseline="2025", target={"from": 0, "to": 10, "by": "2026-12-31"})
    w = kpi_window(k, resolve_metric("revenue"), date(2028, 6, 30), data_end=date(2026, 6, 10))
    assert (w.current.label, w.uncovered.label, w.at_deadline) == ("2026-H1", "2026", True)
    assert w.scaled == pytest.approx(181 / 365)
    # the month of the data's last day counts as covered: no cut when the window ends with that month
    w = kpi_window(kpi(baseline="2025-Q2"), resolve_metric("revenue"), date(2026, 6, 30), data_end=date(2026, 6, 10))
    assert (w.current.label, w.uncovered, w.scaled) == ("2026-Q2", None, None)
    # a window wholly after the data stays whole: it has no value at all, never a fraction of one
    w = kpi_window(kpi(cadence="month"), resolve_metric("revenue"), date(2028, 6, 30), data_end=date(2026, 6, 10))
    assert (w.current.label, w.uncovered) == ("2028-06", None)


def test_the_company_is_judged_on_the_latest_months_of_data():
    from kpiguard.review.windows import latest_covered

    assert latest_covered(date(2030, 1, 1), date(2026, 6, 10)) == date(2026, 6, 30)
    assert latest_covered(date(2026, 6, 20), date(2026, 6, 10)) == date(2026, 6, 20)
    current, baseline, _ = company_window(latest_covered(date(2030, 1, 1), date(2026, 6, 10)), date(2025, 1, 1))
    assert (current.label, baseline.label) == ("2026-Q2", "2025-Q2")


@pytest.mark.parametrize(("fields", "as_of", "current", "scaled"), [
    # a weekly cadence on a quarter's baseline: 92 days to the last complete week, not "since 2025-12-01" (105
    # days, its baseline and TO scaled by 1.14)
    ({"baseline": "2025-Q4", "cadence": "week", "target": {"to": 1, "by": "2026-12-31"}}, date(2026, 3, 18),
     "2025-12-14..2026-03-15", None),
    ({"baseline": "2025-Q4", "cadence": "day", "target": {"to": 1, "by": "2026-12-31"}}, date(2026, 3, 18),
     "2025-12-17..2026-03-18", None),
    # a week's or a day's baseline: one week, one day
    ({"baseline": "2026-W02", "cadence": "week", "target": {"to": 1, "by": "2026-03-31"}}, date(2026, 3, 18),
     "2026-W11", None),
    ({"baseline": "2026-01-14", "cadence": "day", "target": {"to": 1, "by": "2026-03-31"}}, date(2026, 3, 18),
     "2026-03-18", None),
    # a horizon three weeks after a quarter's baseline: the horizon's days, the baseline scaled to them (it was
    # the 112 days 2025-10-01..2026-01-21, most of them the baseline's own)
    ({"baseline": "2025-Q4", "target": {"to": 1, "by": "2026-01-21"}}, date(2026, 6, 30),
     "2026-01-01..2026-01-21", 21 / 92),
    # before such a horizon, the days since the baseline up to the last complete month
    ({"baseline": "2025-Q4", "target": {"to": 1, "by": "2026-02-15"}}, date(2026, 2, 10), "2026-01", 31 / 92),
    # a horizon as long as the baseline (in months) is judged on a window of the baseline's length
    ({"baseline": "2025-Q4", "target": {"to": 1, "by": "2026-03-31"}}, date(2026, 6, 30), "2026-Q1", None),
    ({"baseline": "2025-10-01..2025-10-14", "target": {"to": 1, "by": "2026-01-31"}}, date(2026, 6, 30),
     "2026-01-18..2026-01-31", None),
])
def test_the_window_follows_a_baseline_of_weeks_days_or_a_short_horizon(fields, as_of, current, scaled):
    k = kpi(**fields)
    w = kpi_window(k, resolve_metric(k.metric), as_of)
    assert w.current.label == current
    assert w.scaled == (pytest.approx(scaled) if scaled is not None else None)


def test_a_distinct_count_keeps_its_baselines_length_under_a_short_horizon():
    # active customers over 21 days cannot be compared with a quarter's scaled by 21/92: the quarter is kept
    k = kpi(metric="active_customers", baseline="2025-Q4", target={"to": 1, "by": "2026-01-21"})
    w = kpi_window(k, resolve_metric("active_customers"), date(2026, 6, 30), scalable=False)
    assert (w.current.label, w.scaled) == ("2025-10-22..2026-01-21", None)
