"""A metric of your own that reads beyond its table: an order's customer (`customers`, on `customer_id`) and whether
some line of the order meets a condition (`has_line(...)`, on `order_lines.order_id`, with the line's product).

The coffee shop (timezone Europe/Paris, local times; only completed orders are asked for, a blank status is
completed):
- March: A100 K1 59.90 (P1 coffee, P3 coffee), A101 K2 120 (P2 equipment), A102 K1 35 (P4 tea), A103 K3 210 (P2
  equipment, P5 equipment), A104 K4 cancelled, A105 K5 75.25 (P3 coffee, P4 tea), A106 K2 refunded (P2), A107 K6 99
  (P5 equipment, at 23:50 on the 31st). Revenue 599.15.
- April: A108 K3 150 (P1 coffee, P5 equipment), A109 K7 25 (P3 coffee, blank status), A110 K1 64.10 (P1 coffee),
  A111 K8 300 (10 x P2 equipment), A112 K5 40 (P4 tea). Revenue 579.10.
- Customers: K3, K6, K8 are `b2b`; K1, K4, K6 came by e-mail, K2, K3, K8 by cpc, K5 by social, K7 by affiliate.
"""

from __future__ import annotations

import duckdb
import pytest

from kpiguard.errors import KpiguardError
from kpiguard.metrics import compute, compute_segments
from kpiguard.spec import load_spec

FILES = {
    "orders.csv": """order_id,customer_id,ordered_at,revenue,status,utm_medium
A100,K1,2026-03-02 09:15:00,59.90,completed,email
A101,K2,2026-03-03 14:00:00,120.00,completed,cpc
A102,K1,2026-03-09 19:30:00,35.00,completed,organic
A103,K3,2026-03-10 08:00:00,210.00,completed,cpc
A104,K4,2026-03-15 22:45:00,18.50,cancelled,email
A105,K5,2026-03-20 11:11:00,75.25,completed,social
A106,K2,2026-03-28 10:00:00,44.00,refunded,cpc
A107,K6,2026-03-31 23:50:00,99.00,completed,email
A108,K3,2026-04-01 00:10:00,150.00,completed,organic
A109,K7,2026-04-05 12:00:00,25.00,,affiliate
A110,K1,2026-04-12 16:20:00,64.10,completed,email
A111,K8,2026-04-18 09:00:00,300.00,completed,cpc
A112,K5,2026-04-25 15:30:00,40.00,completed,social
""",
    "order_lines.csv": """order_id,product_id,quantity,revenue
A100,P1,2,39.90
A100,P3,1,20.00
A101,P2,3,120.00
A102,P4,1,35.00
A103,P2,2,80.00
A103,P5,1,130.00
A104,P1,1,18.50
A105,P3,2,40.00
A105,P4,1,35.25
A106,P2,1,44.00
A107,P5,1,99.00
A108,P1,4,80.00
A108,P5,1,70.00
A109,P3,1,25.00
A110,P1,3,64.10
A111,P2,10,300.00
A112,P4,1,40.00
""",
    "products.csv": """product_id,category,brand
P1,coffee,Arabica&Co
P2,equipment,Brewly
P3,coffee,Arabica&Co
P4,tea,Leafy
P5,equipment,Brewly
""",
    "customers.csv": """customer_id,created_at,acquisition_channel,segment
K1,2025-11-02,email,b2c
K2,2026-01-15,cpc,b2c
K3,2026-03-10,cpc,b2b
K4,2026-03-15,email,b2c
K5,2025-06-01,social,b2c
K6,2026-03-31,email,b2b
K7,2026-04-05,affiliate,b2c
K8,2026-04-18,cpc,b2b
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
    customers: data/customers.csv
metrics:
  b2b_revenue:
    type: simple
    table: orders
    measure: sum(revenue)
    filter: {COMPLETED} and segment = 'b2b'
  email_acquired_revenue:
    type: simple
    table: orders
    measure: sum(revenue)
    filter: {COMPLETED} and acquisition_channel = 'email'
  equipment_orders:
    type: simple
    table: orders
    measure: count(*)
    filter: {COMPLETED} and has_line(category = 'equipment')
  equipment_basket_revenue:
    type: simple
    table: orders
    measure: sum(revenue) filter (where has_line(category = 'equipment'))
    filter: {COMPLETED}
  bulk_or_tea_order_share:
    type: simple
    table: orders
    measure: count(*) filter (where has_line(quantity >= 4) or has_line(category = 'tea')) * 1.0 / count(*)
    filter: {COMPLETED}
  b2c_coffee_revenue:
    type: simple
    table: order_lines
    measure: sum(revenue)
    filter: {COMPLETED} and category = 'coffee' and segment = 'b2c'
  units_sold:
    type: simple
    table: order_lines
    measure: sum(quantity)
    filter: {COMPLETED}
  units_per_order:
    type: simple
    table: order_lines
    measure: sum(quantity) * 1.0 / count(distinct order_id)
    filter: {COMPLETED}
  largest_line:
    type: simple
    table: order_lines
    measure: max(quantity)
    filter: {COMPLETED}
kpis: []
"""

MONTH = {"2026-03": "ordered_at >= '2026-03-01' and ordered_at < '2026-04-01'",
         "2026-04": "ordered_at >= '2026-04-01' and ordered_at < '2026-05-01'"}
DONE = "coalesce(o.status, 'completed') = 'completed' and {month}"
EQUIPMENT = "o.order_id in (select l.order_id from order_lines l join products p using (product_id) " \
            "where p.category = 'equipment')"
CASES = {  # metric: ({month: by hand}, hand-written SQL over o (orders) for one month)
    "b2b_revenue": ({"2026-03": 210 + 99, "2026-04": 150 + 300},
                    f"select sum(o.revenue) from orders o join customers c using (customer_id) "
                    f"where {DONE} and c.segment = 'b2b'"),
    "email_acquired_revenue": ({"2026-03": 59.90 + 35 + 99, "2026-04": 64.10},
                               f"select sum(o.revenue) from orders o join customers c using (customer_id) "
                               f"where {DONE} and c.acquisition_channel = 'email'"),
    # A101, A103 (two equipment lines: one order), A107; A106 is refunded
    "equipment_orders": ({"2026-03": 3, "2026-04": 2}, f"select count(*) from orders o where {DONE} and {EQUIPMENT}"),
    "equipment_basket_revenue": ({"2026-03": 120 + 210 + 99, "2026-04": 150 + 300},
                                 f"select sum(o.revenue) from orders o where {DONE} and {EQUIPMENT}"),
    # March: A102, A105 (tea) of 6; April: A108 (4 x P1), A111 (10 x P2), A112 (tea) of 5
    "bulk_or_tea_order_share": ({"2026-03": 2 / 6, "2026-04": 3 / 5},
                                f"select avg(case when o.order_id in (select l.order_id from order_lines l join "
                                f"products p using (product_id) where l.quantity >= 4 or p.category = 'tea') "
                                f"then 1 else 0 end) from orders o where {DONE}"),
    # March: A100 39.90 + 20, A105 40; April: A109 25, A110 64.10 (A108 is K3's, b2b)
    "b2c_coffee_revenue": ({"2026-03": 99.90, "2026-04": 89.10},
                           f"select sum(l.revenue) from order_lines l join orders o using (order_id) join products p "
                           f"using (product_id) join customers c on c.customer_id = o.customer_id where {DONE} "
                           f"and p.category = 'coffee' and c.segment = 'b2c'"),
}


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    directory = tmp_path_factory.mktemp("relations")
    (directory / "data").mkdir()
    for name, text in FILES.items():
        (directory / "data" / name).write_text(text, encoding="utf-8")
    (directory / "kpis.yaml").write_text(SPEC, encoding="utf-8")
    return directory


@pytest.fixture(scope="module")
def results(shop):
    return compute(load_spec(shop / "kpis.yaml"), sorted(CASES), ["2026-03", "2026-04"])


@pytest.fixture(scope="module")
def reference(shop):
    con = duckdb.connect()
    for name in FILES:
        con.execute(f"create view {name.removesuffix('.csv')} as select * from read_csv('{shop / 'data' / name}')")
    return con


@pytest.mark.parametrize("metric", sorted(CASES))
@pytest.mark.parametrize("month", ["2026-03", "2026-04"])
def test_a_metric_reading_the_customer_or_the_lines_matches_the_hand_count_and_sql(metric, month, results,
                                                                                    reference):
    by_hand, sql = CASES[metric]
    written = float(reference.execute(sql.format(month=MONTH[month].replace("ordered_at", "o.ordered_at")))
                    .fetchone()[0])
    assert written == pytest.approx(by_hand[month], abs=1e-9)
    value = results.get(metric, month)
    assert value.status == "ok", value.reason
    assert value.value == pytest.approx(written, abs=1e-9)


def test_revenue_splits_by_a_column_of_the_customer(shop):
    segments = compute_segments(load_spec(shop / "kpis.yaml"), "revenue", ["2026-03"], "segment")
    assert segments.get("2026-03") == pytest.approx({"b2b": 309.0, "b2c": 290.15})
    by_channel = compute_segments(load_spec(shop / "kpis.yaml"), "equipment_basket_revenue", ["2026-03"], "channel")
    assert by_channel.get("2026-03") == pytest.approx({"cpc": 330.0, "email": 99.0})


def test_a_customer_on_two_rows_is_refused_rather_than_counted_twice(shop, tmp_path):
    (tmp_path / "data").mkdir()
    for name, text in FILES.items():
        (tmp_path / "data" / name).write_text(text + ("K3,2026-03-11,cpc,b2b\n" if name == "customers.csv" else ""),
                                              encoding="utf-8")
    (tmp_path / "kpis.yaml").write_text(SPEC, encoding="utf-8")
    with pytest.raises(KpiguardError) as caught:
        compute(load_spec(tmp_path / "kpis.yaml"), ["b2b_revenue"], ["2026-03"])
    message = caught.value.diagnostics[0].message
    assert message.startswith("table 'customers' has several rows for one customer_id: K3 (2 rows)")
    assert "each row of 'orders'" in message


def _spec_with(shop, tmp_path, table: str, measure: str, filt: str | None = None):
    body = f"  extra:\n    type: simple\n    table: {table}\n    measure: {measure}\n"
    body += f"    filter: \"{filt}\"\n" if filt else ""
    (tmp_path / "data").mkdir(exist_ok=True)
    for name, text in FILES.items():
        (tmp_path / "data" / name).write_text(text, encoding="utf-8")
    (tmp_path / "kpis.yaml").write_text(SPEC.replace("kpis: []\n", body + "kpis: []\n"), encoding="utf-8")
    return load_spec(tmp_path / "kpis.yaml")


@pytest.mark.parametrize(("table", "measure", "filt", "says", "key", "col"), [
    ("order_lines", "count(*)", "has_line(category = 'tea')", "only a metric over orders may use it", "filter", 14),
    ("orders", "count(*)", "has_line(catgory = 'tea')", "unknown column 'catgory' in filter (table 'order_lines, "
                                                        "products'); columns: category", "filter", 23),
    ("orders", "count(*)", "segmnt = 'b2b'", "unknown column 'segmnt' in filter (table 'orders, customers'); "
                                             "columns: segment", "filter", 14),
    ("orders", "sum(revenue) * has_line(category = 'tea')", None, "must aggregate has_line(...)", "measure", 29),
    ("orders", "count(*)", "has_line(category = 'tea', quantity > 1)", "takes one condition", "filter", 14),
    ("orders", "count(*)", "has_line(has_line(category = 'tea'))", "has_line(...) inside has_line(...)", "filter", 23),
    ("orders", "count(*)", "category = 'tea'", "'category' is a column of 'products', and an order has several "
                                               "lines: write has_line(category = ...)", "filter", 14),
    ("orders", "sum(quantity)", None, "'quantity' is a column of 'order_lines', and an order has several lines: "
                                      "measure it in a metric over order_lines", "measure", 18),
])
def test_has_line_and_customer_columns_written_wrong_are_errors_at_their_place(table, measure, filt, says, key, col,
                                                                               shop, tmp_path):
    spec = _spec_with(shop, tmp_path, table, measure, filt)
    with pytest.raises(KpiguardError) as caught:
        compute(spec, ["extra"], ["2026-03"])
    diagnostic = caught.value.diagnostics[0]
    assert says in diagnostic.message
    line = SPEC.count("\n") + {"measure": 3, "filter": 4}[key]  # the lines of `extra`, after the spec's own
    assert (diagnostic.location.line, diagnostic.location.col) == (line, col)


def test_units_are_printed_whole_and_a_mean_of_units_with_its_decimals(shop):
    """March: 2 + 1 + 3 + 1 + 2 + 1 + 2 + 1 + 1 = 14 units in 6 orders, 3 at most on a line; April: 4 + 1 + 1 + 3 +
    10 + 1 = 20 in 5, 10 at most. By category in March: equipment 3 + 2 + 1 + 1, coffee 2 + 1 + 2, tea 1 + 1."""
    from typer.testing import CliRunner

    from kpiguard.cli import _register, app

    _register()
    spec = str(shop / "kpis.yaml")
    out = CliRunner().invoke(app, ["compute", spec, "-m", "units_sold", "-m", "largest_line", "-m",
                                   "units_per_order", "-p", "2026-03", "-p", "2026-04", "--by", "month"])
    assert out.exit_code == 0, out.output
    rows = [line.split() for line in out.output.splitlines()[2:12]]
    assert rows[:6] == [["units_sold", "2026-03", "14", "ok"], ["units_sold", "2026-04", "20", "ok"],
                        ["largest_line", "2026-03", "3", "ok"], ["largest_line", "2026-04", "10", "ok"],
                        ["units_per_order", "2026-03", "2.33", "ok"], ["units_per_order", "2026-04", "4.00", "ok"]]
    assert "2026-03     14  ok" in out.output.split("units_sold by month")[1]
    split = CliRunner().invoke(app, ["compute", spec, "-m", "units_sold", "-p", "2026-03", "--segment-by",
                                     "category"])
    assert split.exit_code == 0, split.output
    assert [line.split()[1:3] for line in split.output.splitlines()[3:]] == [
        ["equipment", "7"], ["coffee", "5"], ["tea", "2"]]


def test_has_line_in_data_filters_says_it_belongs_in_a_metric(shop, tmp_path):
    (tmp_path / "data").mkdir()
    for name, text in FILES.items():
        (tmp_path / "data" / name).write_text(text, encoding="utf-8")
    spec = SPEC.replace("    customers: data/customers.csv\n", "    customers: data/customers.csv\n  filters:\n"
                        "    orders: has_line(category = 'coffee')\n")
    (tmp_path / "kpis.yaml").write_text(spec, encoding="utf-8")
    with pytest.raises(KpiguardError) as caught:
        compute(load_spec(tmp_path / "kpis.yaml"), ["revenue"], ["2026-03"])
    diagnostic = caught.value.diagnostics[0]
    assert diagnostic.message.startswith("data.filters.orders keeps rows by their own columns: has_line(...) belongs "
                                         "in a metric over orders")
    assert (diagnostic.location.line, diagnostic.location.col) == (11, 13)


def test_an_unknown_column_of_data_filters_is_pointed_at_in_the_filter(shop, tmp_path):
    """Its column is counted from the start of the filter (col 13), not from the table's key `orders:` (col 5)."""
    (tmp_path / "data").mkdir()
    for name, text in FILES.items():
        (tmp_path / "data" / name).write_text(text, encoding="utf-8")
    spec = SPEC.replace("    customers: data/customers.csv\n", "    customers: data/customers.csv\n  filters:\n"
                        "    orders: coalesce(status, 'x') <> 'test' and chanel = 'web'\n")
    (tmp_path / "kpis.yaml").write_text(spec, encoding="utf-8")
    with pytest.raises(KpiguardError) as caught:
        compute(load_spec(tmp_path / "kpis.yaml"), ["revenue"], ["2026-03"])
    diagnostic = caught.value.diagnostics[0]
    assert diagnostic.message.startswith("unknown column 'chanel' in data.filters.orders")
    assert (diagnostic.location.line, diagnostic.location.col) == (11, 13 + 36)


def test_a_customer_column_without_customers_says_to_declare_them(shop, tmp_path):
    (tmp_path / "data").mkdir()
    for name, text in FILES.items():
        (tmp_path / "data" / name).write_text(text, encoding="utf-8")
    (tmp_path / "kpis.yaml").write_text(SPEC.replace("    customers: data/customers.csv\n", ""), encoding="utf-8")
    with pytest.raises(KpiguardError) as caught:
        compute(load_spec(tmp_path / "kpis.yaml"), ["b2b_revenue"], ["2026-03"])
    message = caught.value.diagnostics[0].message
    assert message.startswith("unknown column 'segment' in filter (table 'orders')")
    assert message.endswith("if it is a column of the customer, declare customers under data.tables (customers: "
                            "path/to/customers.csv): a metric reads its customer's columns through customer_id")
