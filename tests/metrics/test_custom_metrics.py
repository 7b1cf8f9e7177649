"""Metrics a growth analyst writes under `metrics:`, on a small shop of CSV exports: each value worked out by hand
and checked against a hand-written DuckDB query over the same files.

The shop (timezone Europe/Paris, times written in local time; 2026-01-01 is a Thursday):
- c1 orders on Jan 3 (Sat, e-mail, WELCOME10), Jan 10 (Sat), Jan 20 (Tue, status missing, code ' sale20 ') and
  Feb 14 (refunded); c2 on Jan 5 (Mon) and Jan 25 (cancelled); c3 on Jan 17, 18 (code sale50) and 31 (Sat, 23:30);
  c4 on Dec 20 and Jan 11 (Sun, WELCOME10); c5 on Feb 2.
- Completed January orders: o1 120, o2 45.50, o3 30, o4 80, o6 15.25, o7 64.75, o8 10, o10 99.99 (465.49).
- Products p1 `mugs`, p3 `Mugs ` (a category written otherwise), p2 `tea`.
- Refunds are a table of the shop's own, amounts written `12,50 €`; shipping costs are a column of its own.
"""

from __future__ import annotations

import duckdb
import pytest

from kpiguard.errors import KpiguardError
from kpiguard.metrics import compute
from kpiguard.spec.periods import parse_period

FILES = {
    "orders.csv": """order_id,customer_id,ordered_at,revenue,status,utm_medium,discount_code,shipping_cost
o1,c1,2026-01-03 10:00:00,120.00,completed,email,WELCOME10,"4,90 €"
o2,c1,2026-01-10 11:00:00,45.50,completed,cpc,,
o3,c1,2026-01-20 12:00:00,30.00,,email, sale20 ,"0,00 €"
o4,c2,2026-01-05 09:00:00,80.00,completed,organic,,"4,90 €"
o5,c2,2026-01-25 18:00:00,200.00,cancelled,email,SALE20,"9,90 €"
o6,c3,2026-01-17 14:00:00,15.25,completed,email,,"4,90 €"
o7,c3,2026-01-18 15:00:00,64.75,completed,email,sale50,"4,90 €"
o8,c3,2026-01-31 23:30:00,10.00,completed,cpc,,
o9,c4,2025-12-20 10:00:00,55.00,completed,cpc,,"4,90 €"
o10,c4,2026-01-11 10:00:00,99.99,completed,organic,WELCOME10,"0,00 €"
o11,c5,2026-02-02 10:00:00,40.00,completed,email,,"4,90 €"
o12,c1,2026-02-14 10:00:00,25.00,refunded,cpc,,"4,90 €"
""",
    "order_lines.csv": """order_id,product_id,quantity,revenue
o1,p1,2,80.00
o1,p2,1,40.00
o2,p2,1,45.50
o3,p3,3,30.00
o4,p1,1,40.00
o4,p3,4,40.00
o5,p1,5,200.00
o6,p3,1,15.25
o7,p1,1,40.00
o7,p2,1,24.75
o8,p3,1,10.00
o9,p1,1,55.00
o10,p2,2,99.99
o11,p1,1,40.00
o12,p2,1,25.00
o99,p1,9,999.00
""",
    "products.csv": "product_id,category,launched_at\np1,mugs,2025-06-01\np2,tea,2025-01-01\np3,Mugs ,2025-11-15\n",
    "sessions.csv": """session_id,started_at,visitor_id,device,order_id
s1,2026-01-03 09:50:00,v1,mobile,o1
s2,2026-01-04 10:00:00,v1,desktop,
s3,2026-01-05 08:55:00,v2,Mobile,o4
s4,2026-01-10 10:50:00,v1,desktop,o2
s5,2026-01-17 13:50:00,v3,tablet,o6
s6,2026-01-18 14:50:00,v3,mobile,o7
s7,2026-01-20 11:00:00,v4,mobile,
s8,2026-01-22 11:00:00,v5,,
s9,2026-02-02 09:50:00,v6,mobile,o11
""",
    "refunds.csv": """refund_id,refunded_at,order_id,amount,currency
r1,2026-01-12 10:00:00,o2,"12,50 €",EUR
r2,2026-01-28 10:00:00,o7,"20,25 €",EUR
r3,2026-02-15 10:00:00,o12,"25,00 €",EUR
""",
}

COMPLETED = "coalesce(status, 'completed') = 'completed'"
SPEC = f"""\
version: 1
currency: EUR
timezone: Europe/Paris
data:
  tables:
    orders: data/orders.csv
    order_lines: data/order_lines.csv
    products: data/products.csv
    sessions: data/sessions.csv
    refunds: data/refunds.csv
  amounts:
    orders: {{shipping_cost: units}}
    refunds: {{amount: units}}
metrics:
  revenue_per_customer: {{type: ratio, numerator: revenue, denominator: active_customers}}
  discount_order_share:
    type: simple
    table: orders
    measure: count(*) filter (where trim(discount_code) <> '') * 1.0 / count(*)
    filter: {COMPLETED}
  items_per_order:
    type: simple
    table: order_lines
    measure: sum(quantity) * 1.0 / count(distinct order_id)
    filter: {COMPLETED}
  refund_amount:
    type: simple
    table: refunds
    measure: sum(amount)
    params: {{time_column: refunded_at}}
  refund_rate_by_amount: {{type: ratio, numerator: refund_amount, denominator: revenue}}
  email_aov:
    type: simple
    table: orders
    measure: sum(revenue) / count(*)
    filter: {COMPLETED} and utm_medium = 'email'
  mobile_session_share:
    type: simple
    table: sessions
    measure: count(*) filter (where lower(device) = 'mobile') * 1.0 / count(*)
  mugs_revenue:
    type: simple
    table: order_lines
    measure: sum(revenue)
    filter: {COMPLETED} and lower(trim(category)) = 'mugs'
  rounded_revenue:
    type: simple
    table: orders
    measure: sum(round(revenue, -1))
    filter: {COMPLETED}
  sale_code_orders:
    type: simple
    table: orders
    measure: count(*)
    filter: {COMPLETED} and upper(substr(trim(discount_code), 1, 4)) = 'SALE'
  large_order_share:
    type: simple
    table: orders
    measure: avg(case when revenue >= 100 then 1 else 0 end)
    filter: {COMPLETED}
  weekend_revenue_share:
    type: simple
    table: orders
    measure: sum(revenue) filter (where isodow(ordered_at) >= 6) / sum(revenue)
    filter: {COMPLETED}
  cancellation_rate:
    type: simple
    table: orders
    measure: count(*) filter (where status = 'cancelled') * 1.0 / count(*)
  half_of_orders_rounded:
    type: simple
    table: orders
    measure: round(count(*) / 2.0, 0)
  mobile_conversion_rate:
    type: simple
    table: sessions
    measure: count(order_id) * 1.0 / count(*)
    filter: lower(device) = 'mobile'
  mug_buyers:
    type: simple
    table: order_lines
    measure: count(distinct customer_id)
    filter: {COMPLETED} and lower(trim(category)) = 'mugs'
  loyal_customers:
    type: builtin
    params: {{computation: active_customers, min_orders: 3}}
  first_order_revenue:
    type: builtin
    params: {{computation: first_orders, measure: revenue}}
  first_order_shipping:
    type: builtin
    params: {{computation: first_orders, measure: shipping_cost}}
  shipping_collected:
    type: simple
    table: orders
    measure: sum(shipping_cost)
    filter: {COMPLETED}
  revenue_net_of_shipping:
    type: simple
    table: orders
    measure: sum(revenue - coalesce(shipping_cost, 0))
    filter: {COMPLETED}
kpis: []
"""

# January 2026, by hand (the docstring's orders), then as an analyst would query it.
JAN = "cast(ordered_at as timestamp) >= '2026-01-01' and cast(ordered_at as timestamp) < '2026-02-01'"
DONE = f"{JAN} and coalesce(status, 'completed') = 'completed'"
REVENUE = f"(select sum(cast(revenue as decimal(18, 2))) from orders where {DONE})"
SESSIONS_JAN = "cast(started_at as timestamp) >= '2026-01-01' and cast(started_at as timestamp) < '2026-02-01'"
MUG_LINES = f"""from order_lines l join orders o using (order_id) join products p using (product_id)
                where {DONE} and lower(trim(p.category)) = 'mugs'"""
REFUNDS = """(select sum(cast(replace(trim(replace(amount, '€', '')), ',', '.') as decimal(18, 2))) from refunds
              where cast(refunded_at as timestamp) >= '2026-01-01' and cast(refunded_at as timestamp) < '2026-02-01')"""
SHIPPING = "cast(replace(trim(replace(shipping_cost, '€', '')), ',', '.') as decimal(18, 2))"
CASES = {  # metric: (by hand, hand-written SQL)
    "revenue_per_customer": (465.49 / 4, f"select {REVENUE} / (select count(distinct customer_id) from orders "
                                         f"where {DONE})"),
    # WELCOME10 (o1, o10), ' sale20 ' (o3), sale50 (o7) among 8 orders
    "discount_order_share": (4 / 8, f"select count(*) filter (where trim(discount_code) <> '') / count(*) "
                                    f"from orders where {DONE}"),
    # units 3 + 1 + 3 + 5 + 1 + 2 + 1 + 2 over 8 orders; o5 cancelled; o99's line has no order
    "items_per_order": (18 / 8, f"select sum(quantity::int) / count(distinct l.order_id) from order_lines l "
                                f"join orders o using (order_id) where {DONE}"),
    "refund_amount": (32.75, f"select {REFUNDS}"),
    "refund_rate_by_amount": (32.75 / 465.49, f"select {REFUNDS} / {REVENUE}"),
    "email_aov": ((120 + 30 + 15.25 + 64.75) / 4, f"select avg(revenue::decimal(18, 2)) from orders "
                                                  f"where {DONE} and utm_medium = 'email'"),
    # s1, s3 (`Mobile`), s6, s7 among 8 sessions
    "mobile_session_share": (4 / 8, f"select avg(case when lower(device) = 'mobile' then 1 else 0 end) "
                                    f"from sessions where {SESSIONS_JAN}"),
    # p1 and p3 (`Mugs `): o1 80, o3 30, o4 40 + 40, o6 15.25, o7 40, o8 10
    "mugs_revenue": (255.25, f"select sum(l.revenue::decimal(18, 2)) {MUG_LINES}"),
    # 120 + 50 (45.50) + 30 + 80 + 20 (15.25) + 60 (64.75) + 10 + 100 (99.99)
    "rounded_revenue": (470, f"select sum(round(revenue::decimal(18, 2), -1)) from orders where {DONE}"),
    "sale_code_orders": (2, f"select count(*) from orders where {DONE} and upper(trim(discount_code)) like 'SALE%'"),
    "large_order_share": (1 / 8, f"select avg(case when revenue::decimal >= 100 then 1 else 0 end) from orders "
                                 f"where {DONE}"),
    # Saturdays and Sundays: o1, o2, o6, o7, o8, o10
    "weekend_revenue_share": ((120 + 45.5 + 15.25 + 64.75 + 10 + 99.99) / 465.49,
                              f"select sum(revenue::decimal(18, 2)) filter (where dayofweek(ordered_at::timestamp) "
                              f"in (0, 6)) / {REVENUE} from orders where {DONE}"),
    "cancellation_rate": (1 / 9, f"select avg(case when status = 'cancelled' then 1 else 0 end) from orders "
                                 f"where {JAN}"),
    # 9 orders in January: 4.5, rounded as SQL rounds a half (away from zero), not to the even 4
    "half_of_orders_rounded": (5, f"select round(count(*) / 2.0, 0) from orders where {JAN}"),
    "mobile_conversion_rate": (3 / 4, f"select count(order_id) / count(*) from sessions where {SESSIONS_JAN} "
                                      "and lower(device) = 'mobile'"),
    "mug_buyers": (3, f"select count(distinct o.customer_id) {MUG_LINES}"),
    # c1 (o1, o2, o3) and c3 (o6, o7, o8); c2's second order is cancelled
    "loyal_customers": (2, f"select count(*) from (select customer_id from orders where {DONE} "
                           "group by customer_id having count(*) >= 3)"),
    # the first completed orders of c1 (o1), c2 (o4) and c3 (o6, not o7 the next day); c4's is in December
    "first_order_revenue": (120 + 80 + 15.25, f"""select sum(revenue::decimal(18, 2)) from (select *, row_number()
                            over (partition by customer_id order by ordered_at::timestamp) as n from orders
                            where coalesce(status, 'completed') = 'completed') where n = 1 and {JAN}"""),
    # any number column of the orders over the same first orders (it could only be revenue or margin)
    "first_order_shipping": (3 * 4.90, f"""select sum({SHIPPING}) from (select *, row_number()
                             over (partition by customer_id order by ordered_at::timestamp) as n from orders
                             where coalesce(status, 'completed') = 'completed') where n = 1 and {JAN}"""),
    "shipping_collected": (4 * 4.90, f"select sum({SHIPPING}) from orders where {DONE}"),
    "revenue_net_of_shipping": (465.49 - 19.60, f"select {REVENUE} - sum({SHIPPING}) from orders where {DONE}"),
}


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    directory = tmp_path_factory.mktemp("growth")
    (directory / "data").mkdir()
    for name, text in FILES.items():
        (directory / "data" / name).write_text(text, encoding="utf-8")
    (directory / "kpis.yaml").write_text(SPEC, encoding="utf-8")
    return directory


@pytest.fixture(scope="module")
def january(shop):
    from kpiguard.spec import load_spec

    return compute(load_spec(shop / "kpis.yaml"), sorted(CASES), ["2026-01", "2026-02"])


@pytest.fixture(scope="module")
def reference(shop):
    con = duckdb.connect()
    con.execute("SET TimeZone = 'Europe/Paris'")
    for name in FILES:
        con.execute(f"create view {name.removesuffix('.csv')} as select * from "
                    f"read_csv('{shop / 'data' / name}', all_varchar = true)")
    return con


@pytest.mark.parametrize("metric", sorted(CASES))
def test_a_growth_metric_matches_the_hand_count_and_hand_written_sql(metric, january, reference):
    by_hand, sql = CASES[metric]
    written = float(reference.execute(sql).fetchone()[0])
    assert written == pytest.approx(by_hand, abs=1e-9)
    value = january.get(metric, parse_period("2026-01"))
    assert value.status == "ok", value.reason
    assert value.value == pytest.approx(written, abs=1e-9)


def test_february_of_the_growth_metrics(january):
    """o11 (40, c5, mobile session s9) is February's one completed order; o12 is refunded, r3 refunds 25."""
    feb = parse_period("2026-02")
    got = {name: january.get(name, feb).value for name in
           ("items_per_order", "mugs_revenue", "mug_buyers", "loyal_customers", "refund_rate_by_amount",
            "mobile_session_share", "shipping_collected", "first_order_revenue")}
    assert got == pytest.approx({"items_per_order": 1.0, "mugs_revenue": 40.0, "mug_buyers": 1,
                                 "loyal_customers": 0, "refund_rate_by_amount": 25 / 40,
                                 "mobile_session_share": 1.0, "shipping_collected": 4.90,
                                 "first_order_revenue": 40.0})


def test_amounts_of_a_table_of_your_own_are_shown_in_the_currency(shop):
    """`sum(amount)` of declared amounts is money (€32.75), and refunds over revenue a percentage."""
    from typer.testing import CliRunner

    from kpiguard.cli import _register, app

    _register()
    out = CliRunner().invoke(app, ["compute", str(shop / "kpis.yaml"), "-m", "refund_amount", "-m",
                                   "refund_rate_by_amount", "-m", "shipping_collected", "-p", "2026-01"])
    assert out.exit_code == 0, out.output
    assert "€32.75" in out.output and "7.04%" in out.output and "€19.60" in out.output


def _with_metric(shop, tmp_path, body: str, amounts: str = "    refunds: {amount: units}\n"):
    """The growth shop's spec with one more metric `extra` (its lines as written), and the line it starts on."""
    text = SPEC.replace("    refunds: {amount: units}\n", amounts).replace(
        "kpis: []\n", "  extra:\n" + body + "kpis: []\n")
    path = tmp_path / "kpis.yaml"
    (tmp_path / "data").mkdir(exist_ok=True)
    for name in FILES:
        (tmp_path / "data" / name).write_text((shop / "data" / name).read_text(encoding="utf-8"), encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    return path, text.splitlines().index("  extra:") + 1


@pytest.mark.parametrize(("written", "says", "col"), [
    ("substr(discount_code, 0, 4) = 'SALE'", "substr() in filter: its start, 0, must be a whole number from 1", 35),
    ("left(discount_code, utm_medium) = 'SA'",
     "left() in filter: its count of characters, utm_medium, must be a whole number from 0", 33),
    ("trim(discount_code, 'x') = 'SALE'", "trim() in filter removes spaces only: write trim(x); to remove other "
                                          "characters, replace(x, '-', '')", 33),
    ("starts_with(discount_code, utm_medium)", "starts_with() in filter: utm_medium must be a text written out", 40),
    ("floor(revenue, 1) > 10", "floor() in filter takes one argument, floor(x); to keep decimals, write round(x, 2)",
     28),
    ("status = 'completed' and regexp_matches(discount_code, 'SALE.*')", "unknown function regexp_matches()", 38),
    # was a traceback from ibis (the integer does not fit), then a type error about decimal scales
    ("substr(discount_code, 1, 99999999999999999999) = 'x'",
     "its count of characters, 99999999999999999999, must be a whole number from 0 to 1000000000", 38),
    ("round(revenue, -100) > 0", "round() in filter: its number of decimals, -100, must be a whole number from -18 "
                                 "to 18", 29),
    ("round(revenue, shipping_cost) > 0", "its number of decimals, shipping_cost, must be a whole number", 28),
])
def test_a_text_function_written_otherwise_is_an_error_at_its_place(written, says, col, shop, tmp_path):
    from kpiguard.spec import load_spec

    path, line = _with_metric(shop, tmp_path, "    type: simple\n    table: orders\n    measure: count(*)\n"
                                              f"    filter: {written}\n")
    with pytest.raises(KpiguardError) as info:
        compute(load_spec(path), ["extra"], ["2026-01"])
    diagnostic = info.value.diagnostics[0]
    assert says in diagnostic.message
    assert (diagnostic.location.line, diagnostic.location.col) == (line + 4, col)


@pytest.mark.parametrize(("written", "expected"), [
    ("trim(leading from discount_code) = 'sale20 '", 1),           # o3
    ("substring(trim(discount_code) from 1 for 4) = 'sale'", 2),   # o3, o7
])
def test_sql_s_own_spellings_of_text_functions_pass_validate_and_compute(written, expected, shop, tmp_path):
    """`kpiguard validate` took the `from` of `trim(leading from x)` for a query's, which computing accepts."""
    from kpiguard.spec import load_spec

    path, _ = _with_metric(shop, tmp_path, "    type: simple\n    table: orders\n    measure: count(*)\n"
                                           f"    filter: \"{written}\"\n")
    assert compute(load_spec(path), ["extra"], ["2026-01"]).get("extra", parse_period("2026-01")).value == expected


def test_an_order_line_metric_names_the_columns_of_its_line_order_and_product(shop, tmp_path):
    """A column of none of the three tables is an error at its place, with the close names of all three."""
    from kpiguard.spec import load_spec

    path, line = _with_metric(shop, tmp_path, "    type: simple\n    table: order_lines\n    measure: sum(revenue)\n"
                                              "    filter: categroy = 'mugs'\n")
    with pytest.raises(KpiguardError) as info:
        compute(load_spec(path), ["extra"], ["2026-01"])
    diagnostic = info.value.diagnostics[0]
    assert diagnostic.message == ("unknown column 'categroy' in filter (table 'order_lines, orders, products'); "
                                  "columns: category")
    assert (diagnostic.location.line, diagnostic.location.col) == (line + 4, 13)


def test_order_lines_with_a_time_of_their_own_are_cut_on_it(shop, tmp_path):
    """`params.time_column` still wins: lines that carry their own time are not placed at their order's."""
    from kpiguard.spec import load_spec

    lines = "order_id,product_id,quantity,revenue,shipped_at\no1,p1,2,80.00,2026-02-03 10:00:00\n"
    path, _ = _with_metric(shop, tmp_path, "    type: simple\n    table: order_lines\n    measure: sum(revenue)\n"
                                           "    params: {time_column: shipped_at}\n")
    (tmp_path / "data" / "order_lines.csv").write_text(lines, encoding="utf-8")
    results = compute(load_spec(path), ["extra"], ["2026-01", "2026-02"])
    assert results.get("extra", parse_period("2026-01")).status == "empty"
    assert results.get("extra", parse_period("2026-02")).value == 80


def test_order_lines_said_to_be_cut_on_ordered_at_are_placed_at_their_orders_time(shop, tmp_path):
    """`time_column: ordered_at` on lines that have no such column: the order's, as without it (was an error that
    the lines have no column ordered_at)."""
    from kpiguard.spec import load_spec

    path, _ = _with_metric(shop, tmp_path, "    type: simple\n    table: order_lines\n    measure: sum(quantity)\n"
                                           f"    filter: {COMPLETED}\n    params: {{time_column: ordered_at}}\n")
    assert compute(load_spec(path), ["extra"], ["2026-01"]).get("extra", parse_period("2026-01")).value == 18


def test_order_lines_meet_orders_and_products_whose_ids_are_numbers(shop, tmp_path):
    """Integer order and product ids in the orders and products, the same ids as text (`007`) in the lines."""
    from kpiguard.spec import load_spec

    path, _ = _with_metric(shop, tmp_path, "    type: simple\n    table: order_lines\n    measure: sum(revenue)\n"
                                           f"    filter: {COMPLETED} and category = 'mugs'\n")
    data = tmp_path / "data"
    data.joinpath("orders.csv").write_text("order_id,customer_id,ordered_at,revenue,status\n"
                                           "7,c1,2026-01-03 10:00:00,120.00,completed\n"
                                           "8,c2,2026-01-04 10:00:00,50.00,cancelled\n", encoding="utf-8")
    data.joinpath("order_lines.csv").write_text("order_id,product_id,quantity,revenue\n007,01,2,80.00\n"
                                                "007,2,1,40.00\n8,1,1,50.00\n", encoding="utf-8")
    data.joinpath("products.csv").write_text("product_id,category\n1,mugs\n2,tea\n", encoding="utf-8")
    results = compute(load_spec(path), ["extra"], ["2026-01"])
    assert results.get("extra", parse_period("2026-01")).value == 80


def test_first_orders_of_another_measure_is_an_error_at_the_params(shop, tmp_path):
    from kpiguard.spec import load_spec

    path, line = _with_metric(shop, tmp_path, "    type: builtin\n"
                                              "    params: {computation: first_orders, measure: orders}\n")
    with pytest.raises(KpiguardError) as info:
        compute(load_spec(path), ["extra"], ["2026-01"])
    diagnostic = info.value.diagnostics[0]
    assert diagnostic.message == (
        "metric 'extra': params.measure of first_orders is customers (the new customers, the default), or a number "
        "column of orders to add up over their first orders (revenue, margin, a discount of yours), not 'orders'; "
        "the columns of orders: order_id, customer_id, ordered_at, revenue, status, utm_medium, discount_code, "
        "shipping_cost")
    assert diagnostic.location.line == line + 2
    path, line = _with_metric(shop, tmp_path, "    type: builtin\n"
                                              "    params: {computation: first_orders, measure: utm_medium}\n")
    with pytest.raises(KpiguardError) as info:
        compute(load_spec(path), ["extra"], ["2026-01"])
    assert "not 'utm_medium'" in info.value.diagnostics[0].message


def test_a_money_column_summed_over_first_orders_is_shown_in_the_currency(shop):
    from typer.testing import CliRunner

    from kpiguard.cli import _register, app

    _register()
    printed = CliRunner().invoke(app, ["compute", str(shop / "kpis.yaml"), "-m", "first_order_shipping", "-p",
                                       "2026-01"])
    assert printed.exit_code == 0, printed.output
    assert "€14.70" in printed.stdout


@pytest.mark.parametrize(("key", "written"), [("min_orders", "0"), ("min_orders", "three"), ("min_orders", "2.5"),
                                              ("min_orders", "true"), ("window_days", "ninety"),
                                              ("lookback_days", "-1")])
def test_a_count_of_orders_or_days_that_is_no_whole_number_is_an_error_at_the_params(key, written, shop, tmp_path):
    """`window_days: ninety` was a traceback (int() of the text) when the metric was computed."""
    from kpiguard.errors import SpecError
    from kpiguard.spec import load_spec

    path, line = _with_metric(shop, tmp_path, "    type: builtin\n"
                                              f"    params: {{computation: repurchase, {key}: {written}}}\n")
    with pytest.raises(SpecError) as info:
        load_spec(path)
    diagnostic = info.value.diagnostics[0]
    assert diagnostic.message.startswith(f"params.{key} must be a whole number from ")
    assert diagnostic.location.line == line + 2


def test_min_orders_of_a_spec_built_in_python_is_checked_when_computed(shop):
    """A Spec that did not come from a file (`model_copy`) is checked where the number is computed."""
    from kpiguard.spec import load_spec

    spec = load_spec(shop / "kpis.yaml")
    loyal = spec.metrics["loyal_customers"]
    spec.metrics["loyal_customers"] = loyal.model_copy(update={"params": {**loyal.params, "min_orders": 0}})
    with pytest.raises(KpiguardError) as info:
        compute(spec, ["loyal_customers"], ["2026-01"])
    assert info.value.diagnostics[0].message.startswith(
        "metric 'loyal_customers': params.min_orders must be a whole number of orders from 1")


@pytest.mark.parametrize(("amounts", "says"), [
    ("    orders: {status: units}\n", "'status' is not an amount of table 'orders'; its amounts are revenue, margin"),
    ("    orders: {revnue: units}\n", "'revnue' is not an amount of table 'orders'; its amounts are revenue, margin; "
                                      "did you mean 'revenue'?"),
])
def test_data_amounts_still_refuses_a_canonical_column_that_is_no_money(amounts, says, shop, tmp_path):
    from kpiguard.errors import SpecError
    from kpiguard.spec import load_spec

    path, _ = _with_metric(shop, tmp_path, "    type: simple\n    table: orders\n    measure: count(*)\n",
                           amounts="    refunds: {amount: units}\n" + amounts)
    text = path.read_text(encoding="utf-8").replace("    orders: {shipping_cost: units}\n", "", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SpecError) as info:
        load_spec(path)
    assert says in info.value.diagnostics[0].message


def test_text_amounts_of_a_table_of_your_own_say_how_to_declare_them(shop, tmp_path):
    """Without data.amounts, `sum(amount)` over `12,50 €` says to declare it (a cast would fail in the engine)."""
    from kpiguard.spec import load_spec

    path, _ = _with_metric(shop, tmp_path, "    type: simple\n    table: orders\n    measure: count(*)\n",
                           amounts="")
    with pytest.raises(KpiguardError) as info:
        compute(load_spec(path), ["refund_amount"], ["2026-01"])
    assert "declare it under data.amounts (refunds: {amount: units})" in info.value.diagnostics[0].message


def test_amounts_of_a_table_of_your_own_in_another_currency_are_refused(shop, tmp_path):
    from kpiguard.errors import DataError
    from kpiguard.spec import load_spec

    path, _ = _with_metric(shop, tmp_path, "    type: simple\n    table: orders\n    measure: count(*)\n")
    refunds = tmp_path / "data" / "refunds.csv"
    refunds.write_text(refunds.read_text(encoding="utf-8").replace(",EUR\n", ",USD\n").replace(" €", " $"),
                       encoding="utf-8")
    with pytest.raises(DataError) as info:
        compute(load_spec(path), ["refund_amount"], ["2026-01"])
    assert "holds amounts in USD" in info.value.diagnostics[0].message


def test_floating_point_amounts_of_a_table_of_your_own_add_up_to_the_cent(shop, tmp_path):
    """Ten refunds of 0.10 written as floats: 1.00 exactly, not 0.9999999999999999."""
    from kpiguard.spec import load_spec

    path, _ = _with_metric(shop, tmp_path, "    type: simple\n    table: orders\n    measure: count(*)\n")
    rows = "".join(f"r{i},2026-01-{i + 10} 10:00:00,o1,0.1,EUR\n" for i in range(10))
    (tmp_path / "data" / "refunds.csv").write_text("refund_id,refunded_at,order_id,amount,currency\n" + rows,
                                                   encoding="utf-8")
    value = compute(load_spec(path), ["refund_amount"], ["2026-01"]).get("refund_amount", parse_period("2026-01"))
    assert value.value == 1.0


@pytest.mark.parametrize(("dimension", "expected"), [
    # the mug lines of completed orders: o1 80, o3 30, o6 15.25, o7 40 by e-mail; o4 80 organic; o8 10 by cpc
    ("channel", {"email": 165.25, "organic": 80.0, "cpc": 10.0}),
    ("category", {"mugs": 160.0, "Mugs ": 95.25}),
    ("discount_code", {"(none)": 105.25, "WELCOME10": 80.0, " sale20 ": 30.0, "sale50": 40.0}),
])
def test_an_order_line_metric_of_your_own_splits_by_segment_into_its_own_value(dimension, expected, shop):
    """Before, a metric of your own over order lines was split as the built-in line revenue: every line of every
    completed order (465.49 in January), whatever its measure and filter said."""
    from kpiguard.metrics import compute_segments
    from kpiguard.spec import load_spec

    segments = compute_segments(load_spec(shop / "kpis.yaml"), "mugs_revenue", ["2026-01"], dimension)
    assert segments.get("2026-01") == pytest.approx(expected)
    assert segments.total("2026-01") == pytest.approx(255.25)


def test_metrics_of_one_table_cut_on_different_time_columns_keep_their_own_values(tmp_path):
    """Orders placed (ordered_at) and shipped (params.time_column: shipped_at), computed together: before, both
    were cut on shipped_at (placed in January gave 1 instead of 2) and February was not empty for `placed`."""
    from kpiguard.spec import load_spec

    (tmp_path / "orders.csv").write_text("order_id,customer_id,ordered_at,shipped_at,revenue\n"
                                         "o1,c1,2026-01-30 10:00:00,2026-02-02 10:00:00,10\n"
                                         "o2,c1,2026-01-10 10:00:00,2026-01-11 10:00:00,20\n", encoding="utf-8")
    (tmp_path / "kpis.yaml").write_text(
        "version: 1\ndata:\n  tables: {orders: orders.csv}\nmetrics:\n"
        "  placed: {type: simple, table: orders, measure: count(*)}\n"
        "  shipped: {type: simple, table: orders, measure: count(*), params: {time_column: shipped_at}}\n",
        encoding="utf-8")
    results = compute(load_spec(tmp_path / "kpis.yaml"), ["placed", "shipped", "revenue"], ["2026-01", "2026-02"])
    jan, feb = parse_period("2026-01"), parse_period("2026-02")
    assert [results.get("placed", p).value for p in (jan, feb)] == [2, None]
    assert results.get("placed", feb).status == "empty"
    assert [results.get("shipped", p).value for p in (jan, feb)] == [1, 1]
    assert [results.get("revenue", p).value for p in (jan, feb)] == [30, None]


@pytest.mark.parametrize("metric", ["mugs_revenue", "new_product_revenue"])
def test_a_product_on_two_rows_is_refused_rather_than_counted_twice(metric, shop, tmp_path):
    """A catalog that writes p1 twice (a row per size): the lines of p1 were joined twice, mug revenue 160 + 80
    too much in January."""
    from kpiguard.errors import DataError
    from kpiguard.spec import load_spec

    path, _ = _with_metric(shop, tmp_path, "    type: simple\n    table: orders\n    measure: count(*)\n")
    (tmp_path / "data" / "products.csv").write_text(
        "product_id,category,launched_at\np1,mugs,2025-06-01\np1,mugs,2025-06-01\np2,tea,2025-01-01\n"
        "p3,Mugs ,2025-11-15\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        compute(load_spec(path), [metric], ["2026-01"])
    diagnostic = info.value.diagnostics[0]
    assert diagnostic.message.startswith("table 'products' has several rows for one product_id: p1 (2 rows)")
    assert diagnostic.location.line == SPEC.splitlines().index("    products: data/products.csv") + 1
