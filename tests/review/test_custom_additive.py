"""A custom metric that adds up sums and counts, however it is written, is scaled as a sum when the window and
the baseline differ in length: `sum(a) - sum(b)` and a derived `a - b` are judged as `sum(a - b)` is."""

from __future__ import annotations

import pytest

from kpiguard.spec import load_spec
from kpiguard.spec.periods import parse_period

from .small_shops import ORDERS_HEADER, months, ym

# Ten orders of 100 a month, 2025-01 to 2026-06; a fee of 10 an order. Over 2025: 12,000 of revenue, 120 orders,
# 10,800 after fees; over 2026-Q1: 3,000, 30 orders, 2,700. Reviewed over 2026-Q1, the baseline 2025 is scaled by
# 90 / 365: 2,663.0, and the TO 11,000 to 2,712.3: the KPI has covered (2,700 - 2,663.0) / (2,712.3 - 2,663.0) =
# 75 % of its way when 25 % was due (by 2026-12-31): on track. Compared unscaled, 2,700 against 10,800 would be
# -4,050 % of the way: off track.
SPEC = """version: 1
currency: EUR
timezone: UTC
data:
  tables: {orders: orders.csv}
metrics:
  one_sum: {type: simple, table: orders, measure: sum(revenue - 10)}
  two_sums: {type: simple, table: orders, measure: sum(revenue) - 10 * count(*)}
  fee_count: {type: simple, table: orders, measure: count(*) filter (where revenue > 0)}
  fees: {type: derived, expr: 10 * fee_count}
  after_fees: {type: derived, expr: revenue - fees}
  per_order: {type: simple, table: orders, measure: sum(revenue) / count(*)}
kpis:
  - {id: one-sum, metric: one_sum, baseline: 2025, target: {to: 11000, by: 2026-12-31}}
  - {id: two-sums, metric: two_sums, baseline: 2025, target: {to: 11000, by: 2026-12-31}}
  - {id: derived, metric: after_fees, baseline: 2025, target: {to: 11000, by: 2026-12-31}}
  - {id: average, metric: per_order, baseline: 2025, target: {to: 110, by: 2026-12-31}}
"""


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    from kpiguard.review import review

    folder = tmp_path_factory.mktemp("fees")
    rows = months(ym((2025, 1), (2026, 6)), 10, 100.0)
    (folder / "orders.csv").write_text("\n".join([ORDERS_HEADER, *rows]) + "\n", encoding="utf-8")
    (folder / "kpis.yaml").write_text(SPEC, encoding="utf-8")
    return review(load_spec(folder / "kpis.yaml"), period=parse_period("2026-Q1"), series=False)


@pytest.mark.parametrize("kpi_id", ["one-sum", "two-sums", "derived"])
def test_sums_written_as_several_aggregates_or_metrics_are_scaled_as_one_sum(result, kpi_id):
    kpi = next(k for k in result.kpis if k.kpi.id == kpi_id)
    assert kpi.current_value == pytest.approx(2700)
    assert kpi.baseline_value == pytest.approx(10800 * 90 / 365)
    assert kpi.baseline_pro_rata
    assert kpi.verdict == "on_track"


def test_a_ratio_of_aggregates_is_not_scaled(result):
    kpi = next(k for k in result.kpis if k.kpi.id == "average")
    assert (kpi.current_value, kpi.baseline_value, kpi.baseline_pro_rata) == (100, 100, False)
