"""GA4's BigQuery export flattened to CSV, given as the orders or the sessions: its page views and session starts
are no orders (each made its visitor an active customer), and its `user_pseudo_id` (`1197596843.1673515166`)
has more digits than the CSV reader's double holds (two visitors became one). Values checked against a
hand-written DuckDB query over the file read as text."""

from __future__ import annotations

import duckdb
import pytest

from kpiguard.errors import DataError
from kpiguard.metrics import compute
from kpiguard.spec import load_spec

# 2026-01-31 22:35 UTC is 23:35 in Paris (January); the second purchase is on 1 February.
GA4 = ("event_date,event_timestamp,event_name,user_pseudo_id,ga_session_id,transaction_id,purchase_revenue\n"
       "20260131,1769898600000000,session_start,1197596843.1673515166,1769898600,,\n"
       "20260131,1769898660000000,page_view,1197596843.1673515166,1769898600,,\n"
       "20260131,1769898900000000,purchase,1197596843.1673515166,1769898600,T1,59.9\n"
       "20260201,1769943600000000,session_start,1197596843.1673515167,1769943600,,\n"
       "20260201,1769943600000000,session_start,2034567891.1700000001,1769943600,,\n"
       "20260201,1769950000000000,session_start,1197596843.1673515166,1769950000,,\n"
       "20260201,1769943700000000,purchase,2034567891.1700000001,1769943600,T2,20\n")


def _spec(tmp_path, table: str, columns: str, filters: str = "") -> str:
    (tmp_path / "ga4.csv").write_text(GA4, encoding="utf-8")
    path = tmp_path / "kpis.yaml"
    path.write_text(f"version: 1\ntimezone: Europe/Paris\ndata:\n  tables: {{{table}: ga4.csv}}\n"
                    f"  columns: {{{table}: {{{columns}}}}}\n{filters}", encoding="utf-8")
    return str(path)


def _by_hand(tmp_path, select: str, where: str) -> list[float]:
    con = duckdb.connect()
    con.execute("SET TimeZone = 'Europe/Paris'")
    con.execute(f"CREATE VIEW g AS SELECT *, make_timestamptz(event_timestamp::BIGINT) t "
                f"FROM read_csv('{tmp_path / 'ga4.csv'}', all_varchar = true)")
    return [float(con.execute(f"SELECT {select} FROM g WHERE {where} AND t >= '{lo}'::TIMESTAMPTZ "
                              f"AND t < '{hi}'::TIMESTAMPTZ").fetchone()[0])
            for lo, hi in (("2026-01-01", "2026-02-01"), ("2026-02-01", "2026-03-01"))]


ORDERS = ("order_id: transaction_id, ordered_at: event_timestamp, customer_id: user_pseudo_id, "
          "revenue: purchase_revenue")


def test_events_given_as_orders_are_refused_with_the_filter_that_keeps_the_purchases(tmp_path):
    spec = _spec(tmp_path, "orders", ORDERS)
    with pytest.raises(DataError) as info:
        compute(load_spec(spec), ["active_customers"], ["2026-02"])
    message = info.value.diagnostics[0].message
    assert "orders has 5 rows (of 7) with a user_pseudo_id but no transaction_id, no status and no amount" in message
    assert "`filters: {orders: order_id is not null}` under data" in message
    assert info.value.diagnostics[0].location.line == 4
    spec = _spec(tmp_path, "orders", ORDERS, "  filters: {orders: order_id is not null}\n")
    got = compute(load_spec(spec), ["active_customers", "revenue"], ["2026-01", "2026-02"])
    values = [float(v.value) for v in got.values()]
    expected = (_by_hand(tmp_path, "count(DISTINCT user_pseudo_id)", "transaction_id IS NOT NULL")
                + _by_hand(tmp_path, "sum(purchase_revenue::DECIMAL(10, 2))", "transaction_id IS NOT NULL"))
    assert values == expected == [1.0, 1.0, 59.9, 20.0]  # (the events counted 2 active customers in February)


def test_ga4_visitor_ids_longer_than_a_double_are_told_apart(tmp_path):
    spec = _spec(tmp_path, "sessions",
                 "started_at: event_timestamp, visitor_id: user_pseudo_id, session_id: ga_session_id",
                 "  filters: {sessions: event_name = 'session_start'}\n")
    got = compute(load_spec(spec), ["visitors"], ["2026-01", "2026-02"])
    expected = _by_hand(tmp_path, "count(DISTINCT user_pseudo_id)", "event_name = 'session_start'")
    assert [float(v.value) for v in got.values()] == expected == [1.0, 3.0]  # February's ...5166 and ...5167 were one


def test_ids_a_pandas_csv_wrote_as_floats_still_meet_integer_ids(tmp_path):
    """Ids of a column with gaps, written from pandas as `12.0`, read as text (so that GA4's longer ids keep their
    digits) still meet the customers' and lines' integer ids: `12.0` is customer 12, order `1.0` has line 1. By
    hand: the b2b customer 12 ordered 10; product p1 sold 1 + 2 units."""
    (tmp_path / "orders.csv").write_text("order_id,customer_id,ordered_at,revenue\n1.0,12.0,2026-01-05,10\n"
                                         "2.0,,2026-01-06,20\n3.0,13.0,2026-01-07,30\n", encoding="utf-8")
    (tmp_path / "customers.csv").write_text("customer_id,created_at,segment\n12,2025-01-01,b2b\n13,2025-01-01,b2c\n",
                                            encoding="utf-8")
    (tmp_path / "lines.csv").write_text("order_id,product_id,quantity,revenue\n1,p1,1,10\n2,p1,2,20\n3,p2,1,30\n",
                                        encoding="utf-8")
    (tmp_path / "kpis.yaml").write_text(
        "version: 1\ntimezone: Europe/Paris\ndata:\n  tables: {orders: orders.csv, customers: customers.csv, "
        "order_lines: lines.csv}\nmetrics:\n"
        "  b2b_revenue: {type: simple, table: orders, measure: sum(revenue), filter: \"segment = 'b2b'\"}\n"
        "  p1_units: {type: simple, table: order_lines, measure: sum(quantity), filter: \"product_id = 'p1'\"}\n",
        encoding="utf-8")
    got = compute(load_spec(tmp_path / "kpis.yaml"), ["b2b_revenue", "p1_units", "active_customers"], ["2026-01"])
    assert [float(v.value) for v in got.values()] == [10.0, 3.0, 2.0]
