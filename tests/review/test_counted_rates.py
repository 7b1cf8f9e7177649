"""A custom ratio of counts of the same rows (e-mail orders among orders) is a rate: its guardrail's crossing is
tested against the noise of its cases, as the catalog's rates are, not taken as a breach whatever its size."""

from __future__ import annotations

import pytest

from kpiguard.spec import load_spec

from .small_shops import ORDERS_HEADER, month, ym

# 2025-H2: 10 orders of 100 a month, 5 by e-mail (30 of 60, 50 %); 2026-H1: 12 a month, 5 by e-mail (30 of 72,
# 41.7 %, -16.7 %: past "may fall by at most 10 %"). Revenue went from 6,000 to 7,200: the target 7,000 is met.
# On 60 and 72 orders (fewer than 100 cases), a share's fall is no evidence: a warning, and the success is healthy;
# read as a breach, it would be toxic.
SPEC = """version: 1
currency: EUR
timezone: UTC
data:
  tables: {orders: orders.csv}
metrics:
  email_orders:
    type: simple
    table: orders
    measure: count(*)
    filter: coalesce(status, 'completed') = 'completed' and utm_medium = 'email'
  all_orders:
    type: simple
    table: orders
    measure: count(*)
    filter: coalesce(status, 'completed') = 'completed'
  email_order_share: {type: ratio, numerator: email_orders, denominator: all_orders}
  orders_per_email_order: {type: ratio, numerator: all_orders, denominator: email_orders}
kpis:
  - id: revenue
    metric: revenue
    baseline: 2025-H2
    target: {to: 7000, by: 2026-06-30}
    guardrails:
      - {metric: email_order_share, max_decrease: 10%}
"""


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    folder = tmp_path_factory.mktemp("share")
    rows = []
    for year, mo in ym((2025, 7), (2026, 6)):
        rows += month(year, mo, 5, tag="e", medium="email")
        rows += month(year, mo, 5 if year == 2025 else 7, tag="w")
    (folder / "orders.csv").write_text("\n".join([ORDERS_HEADER, *rows]) + "\n", encoding="utf-8")
    (folder / "kpis.yaml").write_text(SPEC, encoding="utf-8")
    return load_spec(folder / "kpis.yaml")


def test_a_share_of_counted_orders_is_tested_as_a_rate(shop):
    from datetime import date

    from kpiguard.review import review

    kpi = review(shop, as_of=date(2026, 6, 30), series=False).kpis[0]
    guardrail = kpi.guardrail_results[0]
    assert (guardrail.baseline, guardrail.current) == pytest.approx((0.5, 30 / 72))
    assert guardrail.status == "breached_not_significant"
    assert kpi.verdict == "healthy_success"


def test_only_a_part_over_its_whole_is_a_rate(shop):
    from kpiguard.catalog import resolve_metric
    from kpiguard.metrics.units import counted_rate

    def resolve(name):
        return resolve_metric(name, shop.metrics)

    assert counted_rate(resolve("email_order_share"), resolve)
    assert not counted_rate(resolve("orders_per_email_order"), resolve)  # the whole over its part
    assert not counted_rate(resolve("aov"), resolve)
