"""Each catalog metric against an independent, hand-written DuckDB SQL query over the same Parquet files.

The queries below are written from docs/canonical-schema.md, without kpiguard: local time is
`timezone('Europe/Paris', ordered_at)` for the UTC instants of orders; other tables hold local times.
"""

from __future__ import annotations

import duckdb
import pytest

from kpiguard.metrics import compute
from kpiguard.spec.periods import parse_period

from . import dataset

ORDERS = """(select *, timezone('Europe/Paris', ordered_at) as t, cast(timezone('Europe/Paris', ordered_at) as date) as d
             from read_parquet('{data}/orders.parquet') where coalesce(status, 'completed') = 'completed')"""
IN = "t >= timestamp '{start}' and t < timestamp '{end}'"
FIRST = f"(select customer_id, min(d) as first_d from {ORDERS} group by customer_id)"
EVENTS = "read_parquet('{data}/email_events.parquet')"
SESSIONS = "read_parquet('{data}/sessions.parquet')"
LINES = f"""(select l.*, o.t, o.d, p.launched_at from read_parquet('{{data}}/order_lines.parquet') l
             join {ORDERS} o using (order_id) left join read_parquet('{{data}}/products.parquet') p using (product_id))"""
CREATIVES = "read_parquet('{data}/creatives.parquet')"


def repurchase(days: int) -> str:
    return f"""
    select avg(case when exists (select 1 from {ORDERS} o2 where o2.customer_id = f.customer_id
                                  and o2.d > f.first_d and o2.d <= f.first_d + {days}) then 1.0 else 0.0 end)
    from {FIRST} f where first_d >= date '{{start}}' and first_d < date '{{end}}'"""


def recipients(event: str) -> str:
    return f"""select count(*) from (select distinct campaign_id, customer_id from {EVENTS}
               where event = '{event}' and event_at >= timestamp '{{start}}' and event_at < timestamp '{{end}}')"""


DELIVERED = f"select count(*) from {EVENTS} where event = 'delivered' and event_at >= timestamp '{{start}}' and event_at < timestamp '{{end}}'"
SENT = f"select count(*) from {EVENTS} where event = 'sent' and event_at >= timestamp '{{start}}' and event_at < timestamp '{{end}}'"
SESSIONS_IN = f"from {SESSIONS} where started_at >= timestamp '{{start}}' and started_at < timestamp '{{end}}'"
VISITORS = f"(select count(distinct visitor_id) {SESSIONS_IN})"
REVENUE = f"(select sum(revenue) from {ORDERS} where {IN})"
ORDERS_N = f"(select count(*) from {ORDERS} where {IN} and revenue >= 0)"  # a negative amount is a refund
EMAIL_REVENUE = f"(select coalesce(sum(revenue), 0) from {ORDERS} where {IN} and utm_medium = 'email')"
LINE_REVENUE = f"(select sum(revenue) from {LINES} where {IN})"
NEW_REVENUE = f"(select coalesce(sum(revenue), 0) from {LINES} where {IN} and d between launched_at and launched_at + 90)"


def dormant(select: str) -> str:
    return f"""
    with inv as (select * from read_parquet('{{data}}/inventory.parquet')),
    at_start as (select i.product_id, i.on_hand from inv i
                 where i.snapshot_date = (select max(snapshot_date) from inv j where j.product_id = i.product_id
                                          and j.snapshot_date < date '{{start}}') and i.on_hand > 0),
    sold as (select product_id from {LINES} where d >= date '{{start}}' - 90 and d < date '{{start}}'
             group by product_id having sum(quantity) > 0),
    dormant as (select * from at_start where product_id not in (select product_id from sold))
    {select}"""


SQL = {
    "revenue": f"select {REVENUE}",
    "orders": f"select {ORDERS_N}",
    "aov": f"select {REVENUE} / {ORDERS_N}",
    "margin": f"select sum(margin) from {ORDERS} where {IN}",
    "active_customers": f"select count(distinct customer_id) from {ORDERS} where {IN}",
    "new_customers": f"select count(*) from {FIRST} where first_d >= date '{{start}}' and first_d < date '{{end}}'",
    "email_revenue": f"select {EMAIL_REVENUE}",
    "email_revenue_share": f"select {EMAIL_REVENUE} / {REVENUE}",
    "emails_sent": SENT,
    "emails_delivered": DELIVERED,
    "email_opens": recipients("open"),
    "email_clicks": recipients("click"),
    "email_unsubscribes": recipients("unsubscribe"),
    "email_open_rate": f"select ({recipients('open')}) / ({DELIVERED})",
    "email_click_rate": f"select ({recipients('click')}) / ({DELIVERED})",
    "email_unsubscribe_rate": f"select ({recipients('unsubscribe')}) / ({DELIVERED})",
    "revenue_per_email": f"select {EMAIL_REVENUE} / ({SENT})",
    "repurchase_rate_60d": repurchase(60),
    "repurchase_rate_90d": repurchase(90),
    "sessions": f"select count(*) {SESSIONS_IN}",
    "visitors": f"select {VISITORS}",
    "converting_sessions": f"select count(*) {SESSIONS_IN} and order_id is not null",
    "conversion_rate": f"select count(order_id) / count(*) {SESSIONS_IN}",
    "orders_per_converting_session": f"select {ORDERS_N} / (select count(order_id) {SESSIONS_IN})",
    "revenue_per_visitor": f"select {REVENUE} / {VISITORS}",
    "line_revenue": f"select {LINE_REVENUE}",
    "new_product_revenue": f"select {NEW_REVENUE}",
    "new_product_revenue_share": f"select {NEW_REVENUE} / {LINE_REVENUE}",
    "dormant_skus": dormant("select count(*) from dormant"),
    "dormant_stock_units": dormant("select coalesce(sum(on_hand), 0) from dormant"),
    "dormant_skus_cleared": dormant("""select count(*) from dormant where product_id in (
        select product_id from inv where snapshot_date >= date '{start}' and snapshot_date < date '{end}'
        and on_hand <= 0)"""),
    "creative_concepts_launched": f"select count(*) from {CREATIVES} where launched_at >= timestamp '{{start}}' and launched_at < timestamp '{{end}}'",
    "creative_hits": f"select count(*) from {CREATIVES} where is_hit and launched_at >= timestamp '{{start}}' and launched_at < timestamp '{{end}}'",
    "creative_hit_rate": f"select avg(case when is_hit then 1.0 else 0.0 end) from {CREATIVES} where launched_at >= timestamp '{{start}}' and launched_at < timestamp '{{end}}'",
}


# Metrics of the spec's own (tests/metrics/dataset.py), written as an analyst would query them.
ALL_ORDERS = """(select *, timezone('Europe/Paris', ordered_at) as t from read_parquet('{data}/orders.parquet'))"""
MUG_LINES = f"""from read_parquet('{{data}}/order_lines.parquet') l join {ORDERS} o using (order_id)
                join read_parquet('{{data}}/products.parquet') p using (product_id)
                where o.t >= timestamp '{{start}}' and o.t < timestamp '{{end}}'"""
CUSTOM_SQL = {
    "mug_line_revenue": f"select sum(l.revenue) {MUG_LINES} and lower(trim(p.category)) = 'mugs'",
    "units_per_order": f"""select sum(l.quantity) * 1.0 / count(distinct l.order_id)
                           from read_parquet('{{data}}/order_lines.parquet') l join {ORDERS} o using (order_id)
                           where o.t >= timestamp '{{start}}' and o.t < timestamp '{{end}}'""",
    "mug_buyers": f"select count(distinct o.customer_id) {MUG_LINES} and p.category = 'mugs'",
    "repeat_customers": f"""select count(*) from (select customer_id from {ORDERS} where {IN} and revenue >= 0
                            group by customer_id having count(*) >= 2)""",
    "first_order_revenue": f"""select coalesce(sum(o.revenue), 0) from {ORDERS} o join {FIRST} f
                                  on o.customer_id = f.customer_id and o.d = f.first_d where {IN}""",
    "revenue_to_tens": f"select sum(round(cast(revenue as decimal(18, 2)), -1)) from {ORDERS} where {IN}",
    "email_like_orders": f"select count(*) from {ORDERS} where {IN} and utm_medium = 'email'",
    "orders_with_cents": f"select count(*) from {ALL_ORDERS} where {IN} and coalesce(status, 'completed') = "
                         "'completed' and revenue <> floor(revenue)",
}


@pytest.mark.parametrize("metric", sorted(CUSTOM_SQL))
def test_custom_metrics_match_hand_written_sql(metric, shop_dir, duckdb_spec):
    from .test_catalog import CUSTOM_EXPECTED

    con = duckdb.connect()
    results = compute(duckdb_spec, [metric], dataset.PERIODS)
    for label, expected in zip(dataset.PERIODS, CUSTOM_EXPECTED[metric]):
        period = parse_period(label)
        sql = CUSTOM_SQL[metric].format(data=shop_dir / "data", start=period.start, end=period.end)
        reference = float(con.execute(sql).fetchall()[0][0])
        assert reference == pytest.approx(expected, abs=1e-9), (metric, label)
        assert results.get(metric, period).value == pytest.approx(reference, abs=1e-9), (metric, label, sql)


def test_every_catalog_metric_has_a_reference_query():
    from kpiguard.catalog import builtin_metrics

    assert set(builtin_metrics()) <= set(SQL), set(builtin_metrics()) - set(SQL)


@pytest.fixture(scope="module")
def kpiguard_results(duckdb_spec):
    return compute(duckdb_spec, sorted(SQL), dataset.PERIODS)


@pytest.mark.parametrize("metric", sorted(SQL))
def test_matches_hand_written_sql(metric, shop_dir, kpiguard_results):
    con = duckdb.connect()
    results = kpiguard_results
    checked = 0
    for label, expected in zip(dataset.PERIODS, dataset.EXPECTED[metric]):
        if expected is None:
            continue
        period = parse_period(label)
        sql = SQL[metric].format(data=shop_dir / "data", start=period.start, end=period.end)
        reference = con.execute(sql).fetchall()[0][0]
        assert reference is not None, (metric, label)
        got = results.get(metric, period)
        assert got.value == pytest.approx(float(reference), abs=1e-9), (metric, label, sql)
        assert float(reference) == pytest.approx(expected, abs=1e-9), (metric, label)
        checked += 1
    assert checked > 0


def test_a_daily_series_over_a_year_matches_hand_written_sql_per_day(shop_dir, duckdb_spec):
    """`--by day` over a year: each day's distinct customers, visitors and openers, deliveries and revenue are
    those of the hand-written query for that day alone (before, the daily series compiled one flag per day and
    metric: tens of seconds on a small shop; now one group-by on the day), and the year's total is the year's."""
    names = ["active_customers", "visitors", "email_opens", "emails_delivered", "revenue"]
    results = compute(duckdb_spec, names, ["2025"], grain="day")
    con = duckdb.connect()
    checked = 0
    for name in names:
        days = results.series(name)
        assert len(days) == 365
        for value in [*days, results.get(name, parse_period("2025"))]:
            period = value.period
            sql = SQL[name].format(data=shop_dir / "data", start=period.start, end=period.end)
            reference = con.execute(sql).fetchall()[0][0]
            if not value.ok:  # a day without any row of the table: empty, and nothing to count
                assert value.status == "empty" and not reference, (name, period.label)
                continue
            assert value.value == pytest.approx(float(reference or 0), abs=1e-9), (name, period.label)
            checked += bool(reference)
    assert checked > 20  # the hand-made shop has a few dozen days with rows


DORMANT = ["dormant_skus", "dormant_stock_units", "dormant_skus_cleared"]
LINE_REVENUE = ["line_revenue", "new_product_revenue"]


@pytest.fixture(params=["rows per bucket", "aggregates per bucket"])
def dormant_plan(request, monkeypatch):
    """Both plans of the order-lines statement with dormant stock: the rows per bucket a series of many buckets
    gets, and the aggregates per bucket of few buckets (forced here on the daily series)."""
    from kpiguard.metrics import builtins

    if request.param == "aggregates per bucket":
        monkeypatch.setattr(builtins, "MANY_BUCKETS", 10_000)
    return request.param


def check_dormant_days(spec, shop_dir, data=None):
    """`--by day` of dormant stock from late December to the end of March, one day at a time against the
    hand-written query: the days up to Dec 31 have no snapshot before them (empty), the stock at the start moves
    with the month-end snapshots, p3 is cleared on Feb 28 alone, and the quarter's total is the quarter's. The
    order-line revenue asked with it (the same statement) is each day's too."""
    span = parse_period("2024-12-29..2025-03-31")
    results = compute(spec, DORMANT + LINE_REVENUE, [span, "2025-Q1"], grain="day")
    con = duckdb.connect()
    seen = set()
    for name in LINE_REVENUE:
        for value in [*results.series(name), results.get(name, span)]:
            period = value.period
            sql = SQL[name].format(data=data or shop_dir / "data", start=period.start, end=period.end)
            reference = con.execute(sql).fetchall()[0][0]
            if not value.ok:  # a day without orders
                assert value.status == "empty" and not reference, (name, period.label, value)
                continue
            assert value.value == pytest.approx(float(reference or 0), abs=1e-9), (name, period.label, value)
            seen.add((name, bool(value.value)))
    assert {("line_revenue", True), ("new_product_revenue", True)} <= seen
    for name in DORMANT:
        days = results.series(name)
        assert len(days) == 93
        for value in [*days, results.get(name, span), results.get(name, parse_period("2025-Q1"))]:
            period = value.period
            sql = SQL[name].format(data=data or shop_dir / "data", start=period.start, end=period.end)
            reference = con.execute(sql).fetchall()[0][0]
            if period.start <= parse_period("2024-12-31").start:  # no snapshot before: empty, nothing to count
                assert value.status == "empty" and not reference, (name, period.label, value)
                continue
            assert value.ok and value.value == pytest.approx(float(reference), abs=1e-9), (name, period.label, value)
            seen.add((name, value.value))
    # the days differ: 2 then 2 dormant SKUs (p1 p3, then p3 p4), 17 then 27 units, one day with p3 cleared
    assert {("dormant_stock_units", 17.0), ("dormant_stock_units", 27.0), ("dormant_skus_cleared", 1.0)} <= seen


def test_a_daily_series_of_dormant_stock_matches_hand_written_sql_per_day(shop_dir, duckdb_spec, dormant_plan):
    check_dormant_days(duckdb_spec, shop_dir)


def test_a_daily_series_of_dormant_stock_does_not_grow_with_its_days(duckdb_spec):
    """The statement of dormant stock (and order-line revenue, computed with it) by day has as many aggregates
    over a year as over a quarter: each day is a row, not aggregates of its own (four per day and look-back
    window before, and a daily series over a year cost about thirty times a monthly one), and the order lines
    are still read once, beside their orders (a statement of its own for dormant stock read them twice)."""
    from kpiguard.metrics import explain

    names = DORMANT + LINE_REVENUE
    quarter = explain(duckdb_spec, names, ["2025-Q1"], grain="day")
    year = explain(duckdb_spec, names, ["2025"], grain="day")
    assert year.count("FILTER(WHERE") == quarter.count("FILTER(WHERE") < 20
    statement = year.split("-- kpiguard: order lines of completed orders")[1].split("\n-- kpiguard")[0]
    assert statement.count('FROM "kpiguard_order_lines"') == statement.count('FROM "kpiguard_orders"') == 1


def test_a_daily_series_of_dormant_stock_in_fractional_units(shop_dir, tmp_path, dormant_plan):
    """Units sold stored as floating-point numbers: each window is summed on its own (a difference of running
    sums could leave a net zero at 1e-16), and the days are those of whole units."""
    import shutil

    from kpiguard.spec import load_spec

    shutil.copytree(shop_dir / "data", tmp_path / "data")
    lines = tmp_path / "data" / "order_lines.parquet"
    duckdb.sql(f"""copy (select * replace (cast(quantity as double) as quantity)
                             from read_parquet('{shop_dir / "data" / "order_lines.parquet"}')) to '{lines}'""")
    assert duckdb.sql(f"select typeof(quantity) from read_parquet('{lines}') limit 1").fetchall()[0][0] == "DOUBLE"
    shutil.copy(shop_dir / "kpis.yaml", tmp_path / "kpis.yaml")
    check_dormant_days(load_spec(tmp_path / "kpis.yaml"), shop_dir, data=tmp_path / "data")


def test_a_stock_snapshot_without_a_product_is_no_dormant_sku(shop_dir, tmp_path, dormant_plan):
    """An inventory export with a row whose product id is empty (a total line, a deleted product): it is no SKU,
    so the dormant SKUs, their units and the cleared ones are those of the hand-written query, which leaves it out
    (it was counted as one more dormant SKU with its units)."""
    import shutil

    from kpiguard.spec import load_spec

    shutil.copytree(shop_dir / "data", tmp_path / "data")
    inventory = tmp_path / "data" / "inventory.parquet"
    duckdb.sql(f"""copy (select * from read_parquet('{shop_dir / "data" / "inventory.parquet"}')
                             union all select date '2024-12-31', null, 5
                             union all select date '2025-01-31', null, 0) to '{inventory}'""")
    shutil.copy(shop_dir / "kpis.yaml", tmp_path / "kpis.yaml")
    check_dormant_days(load_spec(tmp_path / "kpis.yaml"), shop_dir, data=tmp_path / "data")


@pytest.mark.postgres
@pytest.mark.xdist_group("postgres")
def test_a_daily_series_of_dormant_stock_on_postgres(shop_dir, pg_spec):
    check_dormant_days(pg_spec, shop_dir)


@pytest.mark.spark
@pytest.mark.xdist_group("spark")
def test_a_daily_series_of_dormant_stock_on_spark(shop_dir, spark_spec):
    check_dormant_days(spark_spec, shop_dir)
