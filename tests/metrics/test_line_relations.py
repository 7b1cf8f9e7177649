"""Metrics of your own that read beyond their table, checked by hand and against hand-written SQL: order lines cut on
a time of their own (`params.time_column: shipped_at`) reading their order's, product's and customer's columns; the
dimensions such metrics split by; and a join to the customers (or a `has_line`) that bears only on the metrics
that read it.

The shop (timezone Europe/Paris, local times; a blank status is completed):
- orders: O1 C1 100 (Jan 3, email), O2 C2 50 (Jan 5, cpc), O3 C1 80 refunded (Jan 10), O4 C3 200 (Jan 15, organic),
  O5 guest 30 (Jan 20), O6 C4 60 cancelled (Jan 31), O7 C2 120 (Feb 2, email), O8 C5 45 (Feb 10, social),
  O9 C3 75 blank status (Feb 14, organic), O10 C6 300 (Feb 20, cpc);
- customers: C2 and C5 are `b2b`, the others `b2c`;
- lines, shipped the day after their order, except O4's tea (Feb 1: January's order, February's shipment), O6's
  (never shipped) and O10's (Mar 1): O1 coffee 40 + tea 60, O2 coffee 50, O3 equipment 80, O4 equipment 160 + tea
  40, O5 tea 30, O6 coffee 60, O7 equipment 100 + coffee 20, O8 tea 45, O9 coffee 75, O10 equipment 300.
"""

from __future__ import annotations

import duckdb
import pytest

from kpiguard.errors import KpiguardError
from kpiguard.metrics import compute, compute_segments
from kpiguard.spec import load_spec

FILES = {
    "orders.csv": """order_id,customer_id,ordered_at,revenue,status,utm_medium
O1,C1,2026-01-03 10:00:00,100.00,completed,email
O2,C2,2026-01-05 12:30:00,50.00,completed,cpc
O3,C1,2026-01-10 09:00:00,80.00,refunded,email
O4,C3,2026-01-15 18:00:00,200.00,completed,organic
O5,,2026-01-20 08:00:00,30.00,completed,
O6,C4,2026-01-31 23:30:00,60.00,cancelled,cpc
O7,C2,2026-02-02 11:00:00,120.00,completed,email
O8,C5,2026-02-10 14:00:00,45.00,completed,social
O9,C3,2026-02-14 20:00:00,75.00,,organic
O10,C6,2026-02-20 16:00:00,300.00,completed,cpc
""",
    "customers.csv": """customer_id,segment,country
C1,b2c,FR
C2,b2b,BE
C3,b2c,FR
C4,b2c,DE
C5,b2b,FR
C6,b2c,FR
""",
    "products.csv": """product_id,category
P1,coffee
P2,equipment
P3,tea
""",
    "order_lines.csv": """order_id,product_id,quantity,revenue,shipped_at
O1,P1,2,40.00,2026-01-04 09:00:00
O1,P3,3,60.00,2026-01-04 09:00:00
O2,P1,1,50.00,2026-01-06 10:00:00
O3,P2,1,80.00,2026-01-11 10:00:00
O4,P2,2,160.00,2026-01-16 08:00:00
O4,P3,4,40.00,2026-02-01 08:00:00
O5,P3,1,30.00,2026-01-21 10:00:00
O6,P1,1,60.00,
O7,P2,1,100.00,2026-02-03 10:00:00
O7,P1,1,20.00,2026-02-03 10:00:00
O8,P3,3,45.00,2026-02-11 10:00:00
O9,P1,5,75.00,2026-02-15 10:00:00
O10,P2,2,300.00,2026-03-01 10:00:00
""",
}
COMPLETED = "coalesce(status, 'completed') = 'completed'"
CASES_FILTER = "cast(shipped_at as date) - cast(ordered_at as date) >= 2"
SPEC = f"""\
version: 1
currency: EUR
timezone: Europe/Paris
data:
  tables: {{orders: orders.csv, customers: customers.csv, products: products.csv, order_lines: order_lines.csv}}
metrics:
  b2b_shipped_revenue:
    type: simple
    table: order_lines
    measure: sum(revenue)
    filter: {COMPLETED} and segment = 'b2b'
    params: {{time_column: shipped_at}}
  tea_units_shipped:
    type: simple
    table: order_lines
    measure: sum(quantity)
    filter: category = 'tea'
    params: {{time_column: shipped_at}}
  shipped_units:
    type: simple
    table: order_lines
    measure: sum(quantity)
    params: {{time_column: shipped_at}}
  late_lines:
    type: simple
    table: order_lines
    measure: count(*)
    filter: cast(shipped_at as date) - cast(ordered_at as date) >= 2
    params: {{time_column: shipped_at}}
  next_day_lines:
    type: simple
    table: order_lines
    measure: count(*)
    filter: cast(shipped_at as date) <= cast(ordered_at as date) + 1
    params: {{time_column: shipped_at}}
  coffee_revenue:
    type: simple
    table: order_lines
    measure: sum(revenue)
    filter: {COMPLETED} and category = 'coffee'
  b2b_revenue:
    type: simple
    table: orders
    measure: sum(revenue)
    filter: {COMPLETED} and segment = 'b2b'
  equipment_orders:
    type: simple
    table: orders
    measure: count(*)
    filter: {COMPLETED} and has_line(category = 'equipment')
  email_orders:
    type: simple
    table: orders
    measure: count(*)
    filter: {COMPLETED} and utm_medium = 'email'
kpis: []
"""
SHIPPED = "l.shipped_at >= '{start}' and l.shipped_at < '{end}'"
MONTHS = {"2026-01": ("2026-01-01", "2026-02-01"), "2026-02": ("2026-02-01", "2026-03-01"),
          "2026-03": ("2026-03-01", "2026-04-01")}
CASES = {  # metric: ({month: by hand}, hand-written SQL for one month)
    # January: O2's line (C2); February: O7's two lines (C2) and O8's (C5); March: O10 is C6's, b2c
    "b2b_shipped_revenue": ({"2026-01": 50, "2026-02": 100 + 20 + 45, "2026-03": 0},
                            "select coalesce(sum(l.revenue), 0) from order_lines l join orders o using (order_id) "
                            "join customers c on c.customer_id = o.customer_id where coalesce(o.status, 'completed') "
                            f"= 'completed' and c.segment = 'b2b' and {SHIPPED}"),
    # January: O1 3, O5 1; February: O4's tea shipped on Feb 1 (4), O8 3; March: none (a sum over no tea: 0)
    "tea_units_shipped": ({"2026-01": 4, "2026-02": 7, "2026-03": 0},
                          "select coalesce(sum(l.quantity), 0) from order_lines l join products p using (product_id) "
                          f"where p.category = 'tea' and {SHIPPED}"),
    # arithmetic of dates in days: O4's tea, ordered on Jan 15, shipped on Feb 1; O10's, ordered on Feb 20, on
    # Mar 1; every other line the day after its order
    "late_lines": ({"2026-01": 0, "2026-02": 1, "2026-03": 1},
                   "select count(*) from order_lines l join orders o using (order_id) "
                   f"where l.shipped_at::date - o.ordered_at::date >= 2 and {SHIPPED}"),
    "next_day_lines": ({"2026-01": 6, "2026-02": 4, "2026-03": 0},
                       "select count(*) from order_lines l join orders o using (order_id) "
                       f"where l.shipped_at::date <= o.ordered_at::date + 1 and {SHIPPED}"),
}


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    directory = tmp_path_factory.mktemp("line_relations")
    for name, text in FILES.items():
        (directory / name).write_text(text, encoding="utf-8")
    (directory / "kpis.yaml").write_text(SPEC, encoding="utf-8")
    return directory


@pytest.fixture(scope="module")
def reference(shop):
    con = duckdb.connect()
    for name in FILES:
        con.execute(f"create view {name.removesuffix('.csv')} as select * from read_csv('{shop / name}')")
    return con


@pytest.mark.parametrize("metric", sorted(CASES))
def test_lines_cut_on_their_own_time_read_their_order_product_and_customer(metric, shop, reference):
    """Before, a metric over order lines with a time column of its own could read the lines' columns only:
    `segment = 'b2b'` (the customer's, through the order), `status` (the order's) or `category` (the product's) was
    an unknown column."""
    by_hand, sql = CASES[metric]
    results = compute(load_spec(shop / "kpis.yaml"), [metric], sorted(MONTHS))
    for month, (start, end) in MONTHS.items():
        written = float(reference.execute(sql.format(start=start, end=end)).fetchone()[0])
        assert written == pytest.approx(by_hand[month], abs=1e-9)
        value = results.get(metric, month)
        assert value.status == "ok", value.reason
        assert value.value == pytest.approx(written, abs=1e-9)


def test_lines_cut_on_their_own_time_split_by_their_order_and_customer(shop):
    spec = load_spec(shop / "kpis.yaml")
    by_channel = compute_segments(spec, "b2b_shipped_revenue", ["2026-01", "2026-02"], "channel")
    assert by_channel.get("2026-01") == pytest.approx({"cpc": 50.0})
    assert by_channel.get("2026-02") == pytest.approx({"email": 120.0, "social": 45.0})
    # every line shipped in February (O4's tea of January's order among them), by its customer's segment;
    # O6's line, never shipped, is in no month
    by_segment = compute_segments(spec, "shipped_units", ["2026-02"], "segment")
    assert by_segment.get("2026-02") == {"b2b": 5.0, "b2c": 9.0}


def test_lines_cut_on_their_own_time_that_read_nothing_else_keep_every_line(shop):
    """No order column read: no join to the orders, so a line keeps counting whatever its order (sum of shipped
    quantities: January 2 + 3 + 1 + 1 + 2 + 1 = 10, O3's refunded order's line included)."""
    value = compute(load_spec(shop / "kpis.yaml"), ["shipped_units"], ["2026-01"]).get("shipped_units", "2026-01")
    assert value.value == 10


@pytest.mark.parametrize(("metric", "dimension", "says"), [
    # a metric of your own over order lines: the columns of the lines, of their order, product and customer
    ("coffee_revenue", "segmnt", ["cannot be split by 'segmnt': no table it reads has that column (did you mean "
                                  "'segment'?)", "split it by campaign, category, channel, source, or by any column "
                                  "of order_lines (order_id, product_id, quantity, revenue, shipped_at); orders (",
                                  "; customers (customer_id, segment, country)"]),
    ("b2b_shipped_revenue", "colour", ["or by any column of order_lines (", "; products (product_id, category)"]),
    # over orders, the customer's columns too
    ("b2b_revenue", "contry", ["(did you mean 'country'?)", "split it by campaign, channel, source, or by any column "
                               "of orders (order_id, customer_id, ordered_at, revenue, status, utm_medium); "
                               "customers (customer_id, segment, country)"]),
    # the built-in line revenue splits by four dimensions only: the way out is a metric of your own
    ("line_revenue", "country", ["it splits by campaign, category, channel, source only; for another column, write a "
                                 "metric of your own over the lines (type: simple, table: order_lines, measure: "
                                 "sum(revenue)"]),
])
def test_an_unknown_dimension_names_what_the_metric_can_be_split_by(metric, dimension, says, shop):
    """Before, the error said `or any column of 'order_lines'` (whose columns it did not name), never the columns of
    the order, product or customer that split such a metric, and offered the same to the built-in line revenue,
    which splits by four dimensions only."""
    with pytest.raises(KpiguardError) as caught:
        compute_segments(load_spec(shop / "kpis.yaml"), metric, ["2026-01"], dimension)
    message = caught.value.diagnostics[0].message
    for said in says:
        assert said in message


def test_an_unknown_dimension_is_said_in_french(shop):
    from kpiguard._i18n import set_lang

    set_lang("fr")
    try:
        with pytest.raises(KpiguardError) as caught:
            compute_segments(load_spec(shop / "kpis.yaml"), "b2b_revenue", ["2026-01"], "contry")
    finally:
        set_lang("en")
    assert ("ne peut pas être ventilée selon 'contry' : aucune table qu'elle lit n'a cette colonne (vouliez-vous "
            "dire 'country' ?) ; ventilez-la selon campaign, channel, source, ou selon toute colonne de orders ("
            in caught.value.diagnostics[0].message)


@pytest.fixture()
def repeated(shop, tmp_path):
    """The same shop whose customers and products each list one id twice."""
    for name, text in FILES.items():
        extra = {"customers.csv": "C3,b2b,FR\n", "products.csv": "P2,spare parts\n"}.get(name, "")
        (tmp_path / name).write_text(text + extra, encoding="utf-8")
    (tmp_path / "kpis.yaml").write_text(SPEC, encoding="utf-8")
    return load_spec(tmp_path / "kpis.yaml")


@pytest.mark.parametrize(("metric", "table"), [("b2b_revenue", "customers"), ("equipment_orders", "products"),
                                               ("coffee_revenue", "products")])
def test_a_repeated_id_stops_only_the_metric_that_joins_it(repeated, metric, table):
    """A customer (product) on two rows is refused for the metric that reads the customers (products), and named
    with it; the built-in and other metrics of the same table no longer join them, hence are not refused nor
    named (before: "metric 'revenue' joins each row of 'orders' to its customer_id")."""
    with pytest.raises(KpiguardError) as caught:
        compute(repeated, ["revenue", "orders", "email_orders", metric], ["2026-01"])
    message = caught.value.diagnostics[0].message
    assert message.startswith(f"table '{table}' has several rows for one")
    assert f"metric '{metric}'" in message
    results = compute(repeated, ["revenue", "orders", "email_orders", "shipped_units"], ["2026-01"])
    assert [results.get(m, "2026-01").value for m in ("revenue", "orders", "email_orders", "shipped_units")] == \
        [380, 4, 1, 10]


@pytest.mark.parametrize("written", ["shipped_at - ordered_at >= 2",
                                     "cast(shipped_at as date) > cast(ordered_at as date) + quantity"])
def test_arithmetic_of_dates_other_than_whole_days_says_what_to_write(written, shop, tmp_path):
    (tmp_path / "kpis.yaml").write_text(SPEC.replace(f"filter: {CASES_FILTER}", f"filter: {written}"),
                                        encoding="utf-8")
    for name, text in FILES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(KpiguardError) as caught:
        compute(load_spec(tmp_path / "kpis.yaml"), ["late_lines"], ["2026-01"])
    diagnostic = caught.value.diagnostics[0]
    assert "dates are added to or subtracted from in whole days written out (cast(started_at as date) + 30), and " \
           "a date minus a date is its number of days" in diagnostic.message
    assert diagnostic.location.line == SPEC.splitlines().index(f"    filter: {CASES_FILTER}") + 1


def test_an_interval_says_to_write_its_days_as_a_number(shop, tmp_path):
    (tmp_path / "kpis.yaml").write_text(SPEC.replace(f"filter: {CASES_FILTER}",
                                                     "filter: shipped_at > ordered_at + interval '1 day'"),
                                        encoding="utf-8")
    for name, text in FILES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(KpiguardError) as caught:
        compute(load_spec(tmp_path / "kpis.yaml"), ["late_lines"], ["2026-01"])
    diagnostic = caught.value.diagnostics[0]
    assert diagnostic.message.endswith("; add or subtract days as a whole number: cast(started_at as date) + 30")
    assert diagnostic.location.line == SPEC.splitlines().index(f"    filter: {CASES_FILTER}") + 1
