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
  tables: {support: support.csv, refund_rows: refunds.csv}
  amounts: {orders: {take_fee: units}, refund_rows: {amount: units}}
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
  shipping: {type: simple, table: orders, measure: sum(shipping_cost)}
  margin_after_shipping: {type: simple, table: orders, measure: sum(margin - shipping_cost + shipping_fee)}
  margin_less_shipping: {type: simple, table: orders, measure: sum(margin) - sum(shipping_cost)}
  web_revenue: {type: simple, table: orders, measure: "sum(case when platform = 'web' then revenue else 0 end)"}
  known_margin: {type: simple, table: orders, measure: "sum(coalesce(margin, 0))"}
  basket: {type: simple, table: orders, measure: sum(revenue) / count(*)}
  free_shipping_count: {type: simple, table: orders, measure: sum(case when shipping_fee = 0 then 1 else 0 end)}
  items_per_euro: {type: simple, table: orders, measure: sum(items) / sum(revenue)}
  revenue_times_items: {type: simple, table: orders, measure: sum(revenue * items)}
  promo_revenue: {type: simple, table: orders, measure: "sum(revenue) filter (where promo_code is not null)"}
  promo_orders: {type: simple, table: orders, measure: "count(*) filter (where promo_code is not null)"}
  contribution: {type: derived, expr: margin - shipping - 0.1 * revenue}
  contribution_per_order: {type: derived, expr: contribution / orders}
  orders_per_buyer_derived: {type: derived, expr: all_orders / buyers}
  margin_over_revenue: {type: derived, expr: margin / revenue}
  promo_order_share: {type: simple, table: orders, measure: "count(*) filter (where promo_code is not null) * 1.0 / count(*)"}
  promo_revenue_share: {type: simple, table: orders, measure: "(sum(revenue) filter (where promo_code is not null)) / sum(revenue)"}
  big_order_share: {type: simple, table: orders, measure: "avg(case when revenue >= 100 then 1.0 else 0 end)"}
  promo_per_order: {type: simple, table: orders, measure: "count(*) filter (where promo_code is not null) * 1.0 / count(order_id)"}
  items_per_order: {type: simple, table: orders, measure: "sum(items) * 1.0 / count(*)"}
  doubled_share: {type: simple, table: orders, measure: "count(*) filter (where promo_code is not null) * 2.0 / count(*)"}
  mean_items: {type: simple, table: orders, measure: "avg(case when revenue >= 100 then items else 0 end)"}
  declared_share_unit: {type: simple, table: orders, measure: "count(*) filter (where x) * 1.0 / count(*)", unit: orders}
  take_rate: {type: simple, table: orders, measure: sum(take_fee) / sum(revenue), filter: "seller = 'third'"}
  mean_margin_rate: {type: simple, table: orders, measure: avg(margin / revenue)}
  margin_points: {type: simple, table: orders, measure: sum(margin) / sum(revenue) * 100}
  kept_rate: {type: derived, expr: 1 - refunds / revenue}
  refunds: {type: simple, table: refund_rows, measure: sum(amount), params: {time_column: refunded_at}}
  margin_rate_gap: {type: derived, expr: margin_over_revenue - margin_rate}
  margin_rate_points: {type: derived, expr: margin_over_revenue * 100}
  email_part_of_revenue: {type: derived, expr: revenue * email_revenue_share}
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
    # money plus or minus anything, money over a plain count, a choice of money or zero: money
    ("margin_after_shipping", "CHF"),
    ("margin_less_shipping", "CHF"),
    ("web_revenue", "CHF"),
    ("known_margin", "CHF"),
    ("basket", "CHF"),
    ("contribution", "CHF"),
    ("contribution_per_order", "CHF"),
    ("promo_revenue", "CHF"),
    # not money: a column kpiguard does not know as money alone, a count, money in the denominator or times
    # something else, counts over counts, money over money
    ("shipping", ""),
    ("free_shipping_count", ""),
    ("items_per_euro", ""),
    ("revenue_times_items", ""),
    ("orders_per_buyer_derived", ""),
    # money over money in the same currency is a rate, shown as a percentage, in a measure as in a derived metric
    # (the derived `margin / revenue` was shown 0.42), and so is arithmetic of rates; its percent points (times
    # 100) are not; money times a share of it is money
    ("margin_over_revenue", "%"),
    ("take_rate", "%"),
    ("mean_margin_rate", "%"),
    ("kept_rate", "%"),
    ("margin_rate_gap", "%"),
    ("margin_points", ""),
    ("margin_rate_points", ""),
    ("email_part_of_revenue", "CHF"),
    # a measure that is a part of its rows: an aggregate with a condition of its own over the same one without it,
    # or the mean of a 0-or-1 flag, is a percentage as a ratio of two such metrics is
    ("promo_order_share", "%"),
    ("promo_revenue_share", "%"),
    ("big_order_share", "%"),
    # not a part of the same whole, not a plain part of it, not a flag, or declared otherwise
    ("promo_per_order", ""),
    ("items_per_order", ""),
    ("doubled_share", ""),
    ("mean_items", ""),
    ("declared_share_unit", "orders"),
])
def test_a_metric_without_a_unit_is_shown_as_what_it_measures(spec, name, unit):
    assert metric_unit(resolve_metric(name, spec.metrics), lambda n: resolve_metric(n, spec.metrics),
                       spec.currency, spec.data.amounts) == unit



def test_a_derived_metric_defined_in_terms_of_itself_has_no_unit_and_no_endless_loop():
    """The loader refuses such a loop; a Spec built in Python may still hold one: no unit, no recursion error."""
    from kpiguard.spec.models import MetricDef

    metrics = {"loop_a": MetricDef(type="derived", expr="loop_b / 2"),
               "loop_b": MetricDef(type="derived", expr="loop_a * 2")}
    assert metric_unit(metrics["loop_a"], lambda n: resolve_metric(n, metrics), "EUR") == ""


@pytest.mark.parametrize("name, kind", [("promo_orders", "count"), ("promo_revenue", "amount"), ("basket", None)])
def test_an_aggregate_with_its_own_filter_is_still_a_count_or_a_sum(spec, name, kind):
    from kpiguard.metrics.units import metric_kind

    assert metric_kind(resolve_metric(name, spec.metrics)) == kind


@pytest.mark.parametrize(("measure", "kind", "whole"), [
    # a zero standing for the missing value of an aggregate, or the aggregate's zero made missing, counts or adds up
    # the same things: shown whole (it showed `6.00` orders) and of the aggregate's kind
    ("coalesce(sum(quantity), 0)", "amount", True),
    ("nullif(count(*), 0)", "count", True),
    ("coalesce(count(*) filter (where utm_medium = 'email'), 0)", "count", True),
    # another default is another number
    ("coalesce(sum(quantity), 1)", None, False),
    ("sum(quantity) * 1.0 / nullif(count(*), 0)", None, False),
])
def test_an_aggregate_with_zero_for_missing_is_still_a_count_or_a_sum(measure, kind, whole):
    from kpiguard.metrics.units import metric_kind, single_aggregate
    from kpiguard.spec.models import MetricDef

    metric = MetricDef(type="simple", table="order_lines", measure=measure)
    assert (metric_kind(metric), single_aggregate(metric)) == (kind, whole)
