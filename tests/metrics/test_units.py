"""The unit a metric's values are shown in when its spec gives none (docs/metrics.md, *Units*)."""

from __future__ import annotations

import pytest

from kpiguard.catalog import resolve_metric
from kpiguard.metrics.units import metric_unit
from kpiguard.spec.loader import load_spec_text

SPEC = """\
version: 1
currency: CHF
data:
  tables: {support: support.csv}
metrics:
  email_orders: {type: simple, table: orders, measure: count(*), filter: "utm_medium = 'email'"}
  all_orders: {type: simple, table: orders, measure: "COUNT( * )"}
  email_buyers: {type: simple, table: orders, measure: count(distinct customer_id), filter: "utm_medium = 'email'"}
  buyers: {type: simple, table: orders, measure: count(distinct customer_id)}
  big_revenue: {type: simple, table: orders, measure: sum(revenue), filter: revenue > 100}
  tickets: {type: simple, table: support, measure: count(*), params: {time_column: opened_at}}
  email_order_share: {type: ratio, numerator: email_orders, denominator: all_orders}
  email_order_share_of_builtin: {type: ratio, numerator: email_orders, denominator: orders}
  email_buyer_share: {type: ratio, numerator: email_buyers, denominator: buyers}
  big_revenue_share: {type: ratio, numerator: big_revenue, denominator: revenue}
  margin_rate: {type: ratio, numerator: margin, denominator: revenue}
  orders_per_buyer: {type: ratio, numerator: all_orders, denominator: buyers}
  tickets_per_order: {type: ratio, numerator: tickets, denominator: orders}
  revenue_per_buyer: {type: ratio, numerator: revenue, denominator: buyers}
  declared_rate: {type: ratio, numerator: tickets, denominator: orders, ratio_of: rate}
  declared_average: {type: ratio, numerator: email_orders, denominator: all_orders, ratio_of: average}
  kind_share: {type: derived, expr: email_orders / all_orders, kind: ratio, ratio_of: share}
  written_unit: {type: ratio, numerator: email_orders, denominator: all_orders, unit: orders per order}
  derived_ratio: {type: ratio, numerator: margin_rate, denominator: margin_rate}
kpis: []
"""


@pytest.fixture(scope="module")
def spec():
    return load_spec_text(SPEC)


@pytest.mark.parametrize("name, unit", [
    # a part of a whole: the same measure of the same table, only the filters differ
    ("email_order_share", "%"),
    ("email_order_share_of_builtin", "%"),
    ("email_buyer_share", "%"),
    ("big_revenue_share", "%"),
    # two metrics of the same unit: money over money
    ("margin_rate", "%"),
    # declared
    ("declared_rate", "%"),
    ("kind_share", "%"),
    ("declared_average", ""),
    ("written_unit", "orders per order"),
    # not the same thing
    ("orders_per_buyer", ""),
    ("tickets_per_order", ""),
    ("derived_ratio", ""),
    ("revenue_per_buyer", "CHF"),
    # plain metrics
    ("big_revenue", "CHF"),
    ("all_orders", ""),
    ("revenue", "CHF"),
    ("orders", "orders"),
    ("email_open_rate", "%"),
])
def test_a_metric_without_a_unit_is_shown_as_what_it_measures(spec, name, unit):
    assert metric_unit(resolve_metric(name, spec.metrics), lambda n: resolve_metric(n, spec.metrics),
                       spec.currency) == unit
