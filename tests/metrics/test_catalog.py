"""Every catalog metric on the hand-made shop: values worked out by hand, on DuckDB, PostgreSQL and Spark."""

from __future__ import annotations

import pytest

from kpiguard.catalog import builtin_metrics
from kpiguard.metrics import compute, connect, data_bounds
from kpiguard.spec.periods import parse_period

from . import dataset

CATALOG = sorted(builtin_metrics())
CUSTOM = ["big_orders", "revenue_after_margin", "mug_line_revenue", "units_per_order", "mug_buyers",
          "repeat_customers", "first_order_revenue", "revenue_to_tens", "email_like_orders", "orders_with_cents"]
CUSTOM_EXPECTED = {
    "big_orders": (1, 2, 0, 3),                       # Jan o1 (100); Feb o3 (80), o5 (60.50)
    "revenue_after_margin": (122.0, 105.25, None, 247.24),  # revenue - margin; March margin unknown
    # lines of completed orders whose product is a mug (p1, p4): Jan o1 p1 60; Feb o3 p4 80, o5 p1 60.50; Mar o6 p1
    "mug_line_revenue": (60.0, 140.50, 19.99, 220.49),
    # units of completed orders over those orders: Jan o1 3, o2 o7 o8 1 each; Feb o3 o5; Mar o6
    "units_per_order": (6 / 4, 1.0, 1.0, 9 / 7),
    "mug_buyers": (1, 2, 1, 3),                       # Jan c1; Feb c2 c3; Mar c2; Q1 c1 c2 c3
    # customers with 2 completed orders or more in the period: Jan c1 (o1 o2), c4 (o7 o8); Q1 also c2 (o3 o6)
    "repeat_customers": (2, 0, 0, 3),
    # the completed orders on each customer's first day: Jan c1 o1 100, c4 o7 10 and o8 5 (the same day: no
    # repurchase either); Feb c2 o3 80, c3 o5 60.50 (o4 was cancelled); c5's first is in November 2024
    "first_order_revenue": (115.0, 140.50, 0.0, 255.50),
    # to the ten, a half away from zero: Jan 100 + 50 + 10 + 10 (5); Feb 80 + 60 (60.50); Mar 20 (19.99)
    "revenue_to_tens": (170, 140, 20, 330),
    "email_like_orders": (1, 1, 1, 3),                # completed e-mail orders o1, o5, o6
    "orders_with_cents": (0, 1, 1, 2),                # 60.50, 19.99
}
CUSTOM_STATUS = {("revenue_after_margin", "2025-03"): "null"}


def test_every_catalog_metric_has_a_hand_computed_value():
    assert set(CATALOG) <= set(dataset.EXPECTED), set(CATALOG) - set(dataset.EXPECTED)


def check_all(spec, source=None):
    names = CATALOG + CUSTOM
    results = compute(spec, names, dataset.PERIODS, grain="month", source=source)
    expected = {**dataset.EXPECTED, **CUSTOM_EXPECTED}
    statuses = {**dataset.STATUSES, **CUSTOM_STATUS}
    problems = []
    for name in names:
        for label, want in zip(dataset.PERIODS, expected[name]):
            got = results.get(name, parse_period(label))
            want_status = statuses.get((name, label), "ok")
            if got.status != want_status:
                problems.append(f"{name} {label}: status {got.status} ({got.reason}), expected {want_status}")
            elif want is not None and (got.value is None or abs(got.value - want) > 1e-6 * max(1, abs(want))):
                problems.append(f"{name} {label}: {got.value}, expected {want}")
            elif want is None and got.value is not None:
                problems.append(f"{name} {label}: {got.value}, expected no value")
    assert not problems, "\n".join(problems)
    return results


def test_catalog_on_duckdb(duckdb_spec):
    results = check_all(duckdb_spec)
    # the monthly series covers the span of the periods, and agrees with the monthly periods
    assert [v.period.label for v in results.series("revenue")] == ["2025-01", "2025-02", "2025-03"]
    assert [v.value for v in results.series("orders")] == [4, 2, 1]


def test_ratio_exposes_its_parts(duckdb_spec):
    results = compute(duckdb_spec, ["email_revenue_share", "repurchase_rate_90d"], ["2025-Q1"])
    share = results.get("email_revenue_share", parse_period("2025-Q1"))
    assert (share.numerator, share.denominator) == pytest.approx((180.49, 325.49))
    cohort = results.get("repurchase_rate_90d", parse_period("2025-Q1"))
    assert (cohort.numerator, cohort.denominator) == (3, 4)


def test_immature_cohort_is_not_a_low_rate(duckdb_spec):
    # May's cohort needs 60 days after May 31; the data ends on Jun 30
    value = compute(duckdb_spec, ["repurchase_rate_60d"], ["2025-05"]).get("repurchase_rate_60d",
                                                                        parse_period("2025-05"))
    assert value.status == "immature" and value.value is None
    assert "2025-06-30" in value.reason


def test_empty_period_is_not_zero(duckdb_spec):
    april = parse_period("2025-04")
    results = compute(duckdb_spec, ["revenue", "orders", "aov", "new_customers"], [april])
    for name in ("revenue", "orders", "aov", "new_customers"):
        value = results.get(name, april)
        assert value.status == "empty" and value.value is None, (name, value)


def test_data_bounds_are_local_dates(duckdb_spec):
    # o9 on 2024-11-15 is the first order; o11 on 2025-06-30 the last
    from datetime import date

    assert data_bounds(duckdb_spec) == (date(2024, 11, 15), date(2025, 6, 30))


def test_timezone_moves_orders_across_months(shop_dir, tmp_path):
    """In UTC, o3 (23:30 UTC on Jan 31) is a January order; in Paris it is February's."""
    from kpiguard.spec import load_spec

    text = (shop_dir / "kpis.yaml").read_text().replace("Europe/Paris", "UTC").replace("data/", str(shop_dir / "data") + "/")
    (tmp_path / "utc.yaml").write_text(text)
    spec = load_spec(tmp_path / "utc.yaml")
    jan = parse_period("2025-01")
    results = compute(spec, ["revenue", "orders"], [jan])
    # UTC January: o1 100, o2 50, o3 80, o8 5 (o7 is Dec 31 in UTC)
    assert results.get("revenue", jan).value == pytest.approx(235.0)
    assert results.get("orders", jan).value == 4


def test_deliveries_fall_back_to_sends(tmp_path):
    """Without any `delivered` event in the data, e-mails delivered are the e-mails sent."""
    from kpiguard.spec import load_spec

    events = [row for row in dataset.EMAIL_EVENTS if row[3] != "delivered"]
    paths = dataset.write_parquet(tmp_path / "data", {"email_events": (dataset.EMAIL_COLUMNS, events)})
    (tmp_path / "kpis.yaml").write_text(dataset.spec_text({"email_events": f"data/{paths['email_events'].name}"}))
    spec = load_spec(tmp_path / "kpis.yaml")
    jan = parse_period("2025-01")
    results = compute(spec, ["emails_delivered", "email_open_rate"], [jan])
    assert results.get("emails_delivered", jan).value == 3
    assert results.get("email_open_rate", jan).value == pytest.approx(1 / 3)


def test_division_by_zero_is_a_status(tmp_path):
    from kpiguard.spec import load_spec

    rows = [r for r in dataset.ORDERS if r[0] != "o4"] + [("o99", "c9", dataset._utc(2025, 8, 1, 10), 0.0, 0.0,
                                                             "cancelled", None)]
    paths = dataset.write_parquet(tmp_path / "data", {"orders": (dataset.ORDERS_COLUMNS, rows)})
    (tmp_path / "kpis.yaml").write_text(dataset.spec_text({"orders": f"data/{paths['orders'].name}"}))
    aug = parse_period("2025-08")
    value = compute(load_spec(tmp_path / "kpis.yaml"), ["aov"], [aug]).get("aov", aug)
    assert value.status == "division_by_zero" and value.value is None
    assert value.denominator == 0 and value.numerator == 0
    assert "0" in value.reason
    # a derived metric dividing by a metric that is 0: the reason names the division, not a "ratio" that is 0
    text = (tmp_path / "kpis.yaml").read_text().replace(
        "metrics:\n", "metrics:\n  margin_rate:\n    type: derived\n    expr: margin / revenue\n", 1)
    (tmp_path / "kpis.yaml").write_text(text)
    derived = compute(load_spec(tmp_path / "kpis.yaml"), ["margin_rate"], [aug]).get("margin_rate", aug)
    assert derived.status == "division_by_zero" and derived.value is None
    assert derived.reason == "margin / revenue divides by 0 in August 2025: its value is undefined"


def test_source_is_reusable(duckdb_spec):
    source = connect(duckdb_spec)
    a = compute(duckdb_spec, ["revenue"], ["2025-01"], source=source)
    b = compute(duckdb_spec, ["orders"], ["2025-02"], source=source)
    assert a.get("revenue", parse_period("2025-01")).value == 165
    assert b.get("orders", parse_period("2025-02")).value == 2


@pytest.mark.postgres
@pytest.mark.xdist_group("postgres")
def test_catalog_on_postgres(pg_spec):
    check_all(pg_spec)


@pytest.mark.spark
@pytest.mark.xdist_group("spark")
def test_catalog_on_spark(spark_spec):
    check_all(spark_spec)


def test_unaligned_range_and_weekly_series(duckdb_spec):
    """A custom range cutting months, with a weekly series: every bucket is exact, none double-counts."""
    span = parse_period("2025-01-15..2025-02-14")
    results = compute(duckdb_spec, ["revenue", "active_customers"], [span, "2025-02"], grain="week")
    # completed orders on local days Jan 15 .. Feb 14: o2 (Jan 20) 50, o3 (Feb 1) 80, o5 (Feb 14) 60.50
    assert results.get("revenue", span).value == pytest.approx(190.5)
    assert results.get("active_customers", span).value == 3  # c1, c2, c3
    weeks = results.series("revenue")
    assert weeks[0].period.label == "2025-W03" and weeks[0].period.start.isoformat() == "2025-01-13"
    # ISO weeks cover Jan 13 .. Mar 2: o2 (W04) 50, o3 (Feb 1, W05) 80, o5 (W07) 60.50; W06, W08, W09 no order
    by_label = {v.period.label: (v.value, v.status) for v in weeks}
    assert by_label["2025-W04"] == (50.0, "ok") and by_label["2025-W05"] == (80.0, "ok")
    assert by_label["2025-W07"] == (60.5, "ok") and by_label["2025-W06"] == (None, "empty")


def test_csv_and_duckdb_file_sources(shop_dir, tmp_path):
    """The same orders as CSV (timestamps with an offset) and as a table of a .duckdb file (attached read-only)."""
    import duckdb

    from kpiguard.spec import load_spec

    parquet = shop_dir / "data" / "orders.parquet"
    con = duckdb.connect(str(tmp_path / "shop.duckdb"))
    con.execute(f"create table orders as select * from read_parquet('{parquet}')")
    con.execute(f"create table sales as select * from read_parquet('{parquet}')")
    con.execute("SET TimeZone = 'UTC'")
    con.execute(f"copy (select * from read_parquet('{parquet}')) to '{tmp_path / 'orders.csv'}' (header)")
    con.close()
    before = (tmp_path / "shop.duckdb").read_bytes()
    jan = parse_period("2025-01")
    for tables in ({"orders": "orders.csv"}, {"orders": "shop.duckdb"}, {"orders": "shop.duckdb::sales"}):
        (tmp_path / "kpis.yaml").write_text(dataset.spec_text(tables))
        results = compute(load_spec(tmp_path / "kpis.yaml"), ["revenue", "new_customers"], [jan])
        assert results.get("revenue", jan).value == pytest.approx(165.0), tables
        assert results.get("new_customers", jan).value == 2, tables
    assert (tmp_path / "shop.duckdb").read_bytes() == before


def test_a_database_file_as_engine_is_read_only_and_relative_to_the_spec(shop_dir, tmp_path, monkeypatch):
    """`engine: shop.duckdb` (or a SQLite file) is found beside the spec whatever the working directory,
    opened read-only; a missing one is an error at data.engine, never an empty database created in its place."""
    import sqlite3

    import duckdb

    from kpiguard.errors import DataError
    from kpiguard.spec import load_spec

    parquet = shop_dir / "data" / "orders.parquet"
    con = duckdb.connect(str(tmp_path / "shop.duckdb"))
    con.execute("SET TimeZone = 'UTC'")
    con.execute(f"create table orders as select * from read_parquet('{parquet}')")
    # SQLite has no time zone: the orders' times as Paris wall-clock text, the spec's time zone
    rows = con.execute("select order_id, customer_id, strftime(timezone('Europe/Paris', ordered_at), "
                       "'%Y-%m-%d %H:%M:%S'), revenue, margin, status, utm_medium "
                       f"from read_parquet('{parquet}')").fetchall()
    con.close()
    lite = sqlite3.connect(tmp_path / "shop.sqlite")
    lite.execute("create table orders (order_id text, customer_id text, ordered_at text, revenue real, margin real, "
                 "status text, utm_medium text)")
    lite.executemany("insert into orders values (?, ?, ?, ?, ?, ?, ?)", rows)
    lite.commit()
    lite.close()
    before = {name: (tmp_path / name).read_bytes() for name in ("shop.duckdb", "shop.sqlite")}
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    jan = parse_period("2025-01")
    for engine in ("shop.duckdb", "shop.sqlite"):
        (tmp_path / "kpis.yaml").write_text(dataset.spec_text({"orders": "orders"}, engine=engine))
        results = compute(load_spec(tmp_path / "kpis.yaml"), ["revenue", "new_customers"], [jan])
        assert results.get("revenue", jan).value == pytest.approx(165.0), engine
        assert results.get("new_customers", jan).value == 2, engine
    assert {name: (tmp_path / name).read_bytes() for name in before} == before
    (tmp_path / "kpis.yaml").write_text(dataset.spec_text({"orders": "orders"}, engine="missing.duckdb"))
    with pytest.raises(DataError) as error:
        connect(load_spec(tmp_path / "kpis.yaml"))
    assert "missing.duckdb" in str(error.value) and error.value.diagnostics[0].location.line == 6  # engine:
    assert list(elsewhere.iterdir()) == [] and not (tmp_path / "missing.duckdb").exists()


@pytest.mark.parametrize("stored_as", ["local timestamp", "local date"])
def test_orders_stored_as_local_time_give_the_same_catalog(shop_dir, tmp_path, stored_as):
    """The same shop with `ordered_at` as Paris wall-clock time (naive) or as a local date instead of UTC
    instants: every value is the same, since every definition reads orders by their local day."""
    import shutil

    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from kpiguard.spec import load_spec

    shutil.copytree(shop_dir / "data", tmp_path / "data")
    orders = pq.read_table(tmp_path / "data" / "orders.parquet")
    local = pc.local_timestamp(orders["ordered_at"].cast(pa.timestamp("us", tz="Europe/Paris")))
    if stored_as == "local date":
        local = local.cast(pa.date32())
    orders = orders.set_column(orders.schema.get_field_index("ordered_at"), "ordered_at", local)
    pq.write_table(orders, tmp_path / "data" / "orders.parquet")
    (tmp_path / "kpis.yaml").write_text((shop_dir / "kpis.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    check_all(load_spec(tmp_path / "kpis.yaml"))
