"""A target without a horizon is met or missed by the current value alone: a ratio whose denominator was 0 in
the period before (no e-mail order in February) leaves the progress unknown, not the verdict."""

from __future__ import annotations

from datetime import date

import pytest

from kpiguard.spec import load_spec

from .small_shops import ORDERS_HEADER, month

# January and February: 10 orders each, none by e-mail. March: 8 e-mail orders and 2 refunded ones: the refund rate
# of e-mail orders is 2 / 10 = 20 %, against a target of at most 10 % every month: missed. February, the period
# before, has no e-mail order: its rate is undefined (division by zero).
SPEC = """version: 1
currency: EUR
timezone: UTC
data:
  tables: {orders: orders.csv}
metrics:
  email_refunds: {type: simple, table: orders, measure: count(*), filter: "utm_medium = 'email' and status = 'refunded'"}
  email_orders: {type: simple, table: orders, measure: count(*), filter: "utm_medium = 'email'"}
  email_refund_rate: {type: ratio, numerator: email_refunds, denominator: email_orders, direction: down}
  email_refund_share: {type: ratio, numerator: email_refunds, denominator: email_orders}
kpis:
  - {id: said-down, metric: email_refund_rate, cadence: month, target: {to: 10%}}
  - {id: from-to, metric: email_refund_share, cadence: month, target: {from: 30%, to: 10%}}
  - {id: no-direction, metric: email_refund_share, cadence: month, target: {to: 10%}}
"""


@pytest.fixture(scope="module")
def kpis(tmp_path_factory):
    from kpiguard.review import review

    folder = tmp_path_factory.mktemp("recurring")
    rows = month(2025, 1, 10) + month(2025, 2, 10) + month(2025, 3, 8, medium="email", tag="e") \
        + month(2025, 3, 2, medium="email", tag="r", status="refunded")
    (folder / "orders.csv").write_text("\n".join([ORDERS_HEADER, *rows]) + "\n", encoding="utf-8")
    (folder / "kpis.yaml").write_text(SPEC, encoding="utf-8")
    result = review(load_spec(folder / "kpis.yaml"), as_of=date(2025, 3, 31), series=False)
    return {k.kpi.id: k for k in result.kpis}


@pytest.mark.parametrize("kpi_id", ["said-down", "from-to"])
def test_a_recurring_target_is_judged_without_the_period_before(kpis, kpi_id):
    kpi = kpis[kpi_id]
    assert kpi.current_value == pytest.approx(0.2)
    assert kpi.baseline_value is None
    assert kpi.verdict == "missed"
    assert any("email_orders is 0 in February 2025" in reason for reason in kpi.reasons)


def test_without_a_direction_the_period_before_is_still_needed(kpis):
    """No FROM and no direction: which side of 10 % is the target's, only the baseline could tell."""
    assert kpis["no-direction"].verdict == "not_evaluable"
