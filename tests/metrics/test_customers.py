"""Per-customer metrics (active, new, repurchase) at the edges: a guest order, a daylight-saving change inside a
repurchase window, a first order just after local midnight.

Orders are UTC instants, read in Europe/Paris (UTC+1 in winter, UTC+2 from 2025-03-30):
- a: first order Jan 30; again at 2025-03-30 22:30 UTC = Mar 31 00:30 in Paris, 60 local days later:
  a repurchase within 60 days (in UTC it would be Mar 30, and the test could not tell);
- b: first order Jan 30; again at 2025-03-31 22:30 UTC = Apr 1 00:30 in Paris, 61 local days later: not within
  60 days (in UTC it would be Mar 31, day 60), within 90;
- c: first order at 2025-01-31 23:30 UTC = Feb 1 00:30 in Paris: new in February, not January; no repeat;
- a guest order (no customer) in February counts for nobody;
- d orders on Jun 30, so that the January and February cohorts are mature for 90 days.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from kpiguard.metrics import compute
from kpiguard.spec import load_spec

from . import dataset


def _utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


ORDERS = [
    ("a1", "a", _utc(2025, 1, 30, 10), 10.0, 1.0, "completed", None),
    ("a2", "a", _utc(2025, 3, 30, 22, 30), 10.0, 1.0, "completed", None),
    ("b1", "b", _utc(2025, 1, 30, 10), 10.0, 1.0, "completed", None),
    ("b2", "b", _utc(2025, 3, 31, 22, 30), 10.0, 1.0, "completed", None),
    ("c1", "c", _utc(2025, 1, 31, 23, 30), 10.0, 1.0, "completed", None),
    ("g1", None, _utc(2025, 2, 10, 12), 10.0, 1.0, "completed", None),
    ("d1", "d", _utc(2025, 6, 30, 10), 10.0, 1.0, None, None),
]
METRICS = ["active_customers", "new_customers", "repurchase_rate_60d", "repurchase_rate_90d"]


@pytest.fixture(scope="module")
def spec(tmp_path_factory):
    directory = tmp_path_factory.mktemp("customers")
    paths = dataset.write_parquet(directory / "data", {"orders": (dataset.ORDERS_COLUMNS, ORDERS)})
    (directory / "kpis.yaml").write_text(dataset.spec_text({"orders": f"data/{paths['orders'].name}"}),
                                         encoding="utf-8")
    return load_spec(directory / "kpis.yaml")


def test_per_customer_metrics_at_the_edges(spec):
    results = compute(spec, METRICS, ["2025-Q1", "2025-Q2"], grain="month")

    def value(metric: str, period: str) -> float | None:
        return results.get(metric, period).value

    # active: a and b in January, c in February (not the guest), a in March (local Mar 31), b in April
    assert [value("active_customers", m) for m in ("2025-01", "2025-02", "2025-03", "2025-04")] == [2, 1, 1, 1]
    assert value("active_customers", "2025-Q1") == 3  # a, b, c: distinct over the quarter
    assert value("active_customers", "2025-Q2") == 2  # b (Apr 1 local), d
    # new: a and b in January, c in February (its first order is Feb 1 in Paris), d in June
    assert [value("new_customers", m) for m in ("2025-01", "2025-02", "2025-03")] == [2, 1, 0]
    assert value("new_customers", "2025-Q1") == 3
    assert value("new_customers", "2025-06") == 1
    # repurchase: a within 60 local days, b on day 61 (within 90 only); c never
    assert value("repurchase_rate_60d", "2025-01") == 0.5
    assert value("repurchase_rate_90d", "2025-01") == 1.0
    assert value("repurchase_rate_60d", "2025-02") == 0.0
    assert value("repurchase_rate_90d", "2025-Q1") == pytest.approx(2 / 3)
    # no first order in March: an empty cohort is a reason, not a rate of zero
    march = results.get("repurchase_rate_60d", "2025-03")
    assert march.value is None and march.status == "division_by_zero"


def test_active_customers_alone_and_with_cohorts_agree(spec):
    periods = ["2025-01", "2025-02", "2025-Q1", "2025-Q2"]
    alone = compute(spec, ["active_customers"], periods)
    together = compute(spec, METRICS, periods)
    assert [alone.get("active_customers", p).value for p in periods] == \
        [together.get("active_customers", p).value for p in periods] == [2, 1, 3, 2]


def test_repurchase_cohort_is_read_without_a_join(pg_spec):
    """PostgreSQL estimates a filtered group-by at one row: a join of the cohort with the orders became a nested
    loop, every cohort customer against every order (3 s on a 17k-order shop, minutes beyond). Each order carries
    its customer's first order through a window instead; the printed SQL, run as is, stays linear."""
    from kpiguard.metrics import explain

    sql = explain(pg_spec, ["new_customers", "repurchase_rate_60d", "repurchase_rate_90d"], ["2025-Q1"])
    cohort = sql.split("-- kpiguard: completed orders per customer")[1]
    assert " JOIN " not in cohort.replace("CROSS JOIN", "")
    values = compute(pg_spec, ["repurchase_rate_60d", "repurchase_rate_90d"], ["2025-01"])
    assert values.get("repurchase_rate_60d", "2025-01").value == dataset.EXPECTED["repurchase_rate_60d"][0]
    assert values.get("repurchase_rate_90d", "2025-01").value == dataset.EXPECTED["repurchase_rate_90d"][0]


def test_blank_customer_ids_and_recipients_are_nobody(tmp_path):
    """A Parquet export keeps a guest's empty customer cell as text (`''`, `' '`), and an e-mail tool an unknown
    recipient so: each was counted as one customer (3 active in January instead of 1) and one opener, as was a
    missing recipient. By hand: the distinct ids that are not blank, per period (January as one slice, the
    quarter as several)."""
    import duckdb
    import pyarrow as pa
    import pyarrow.parquet as pq

    days = ["2025-01-05", "2025-01-06", "2025-01-07", "2025-01-20", "2025-02-01", "2025-02-02", "2025-02-03",
            "2025-02-10", "2025-07-10"]
    pq.write_table(pa.table({
        "order_id": [str(i) for i in range(len(days))], "customer_id": ["a", "", " ", "a", "b", "", "\t ", "b", "a"],
        "ordered_at": [f"{d} 10:00:00" for d in days], "revenue": [10.0] * len(days)}), tmp_path / "orders.parquet")
    pq.write_table(pa.table({
        "campaign_id": ["c1"] * 6, "customer_id": ["x@a.fr", "", " ", "x@a.fr", "y@a.fr", None],
        "event": ["open"] * 6, "event_at": ["2025-01-05 10:00:00"] * 6}), tmp_path / "events.parquet")
    (tmp_path / "kpis.yaml").write_text("version: 1\ntimezone: Europe/Paris\ndata:\n  tables: {orders: orders.parquet, "
                                        "email_events: events.parquet}\n", encoding="utf-8")
    periods = ["2025-01", "2025-02", "2025-Q1"]
    results = compute(load_spec(tmp_path / "kpis.yaml"), ["active_customers", "new_customers", "email_opens",
                                                          "repurchase_rate_90d"], periods)
    con = duckdb.connect()
    orders, events = tmp_path / "orders.parquet", tmp_path / "events.parquet"
    spans = {"2025-01": ("2025-01-01", "2025-02-01"), "2025-02": ("2025-02-01", "2025-03-01"),
             "2025-Q1": ("2025-01-01", "2025-04-01")}
    for period, (lo, hi) in spans.items():
        active = con.execute(f"SELECT count(DISTINCT customer_id) FROM '{orders}' WHERE trim(customer_id, ' \t') <> '' "
                             f"AND ordered_at::TIMESTAMP >= '{lo}' AND ordered_at::TIMESTAMP < '{hi}'").fetchone()[0]
        new = con.execute(f"SELECT count(*) FROM (SELECT min(ordered_at::TIMESTAMP) f FROM '{orders}' WHERE "
                          f"trim(customer_id, ' \t') <> '' GROUP BY customer_id) WHERE f >= '{lo}' AND f < '{hi}'"
                          ).fetchone()[0]
        opens = con.execute(f"SELECT count(DISTINCT (campaign_id, customer_id)) FROM '{events}' WHERE "
                            f"trim(customer_id) <> '' AND event_at::TIMESTAMP >= '{lo}' AND event_at::TIMESTAMP < '{hi}'"
                            ).fetchone()[0]
        assert results.get("active_customers", period).value == active
        assert results.get("new_customers", period).value == new
        assert (results.get("email_opens", period).value or 0) == opens  # February has no event: empty
    assert [results.get("active_customers", p).value for p in periods] == [1, 1, 2]
    assert [results.get("email_opens", p).value for p in periods] == [2, None, 2]
    # a's repeat on Jan 20 makes January's cohort (a alone) repurchase; b repeats on Feb 10
    assert [results.get("repurchase_rate_90d", p).value for p in periods] == [1.0, 1.0, 1.0]


def test_blank_visitor_ids_are_nobody(tmp_path):
    """GA4's or a tag manager's export written to Parquet keeps an unknown visitor as text (`''`, `'  '`): each
    was one more visitor (`count(distinct visitor_id)` gave 4 in March instead of 2), in a period as in a daily
    series. By hand: the distinct ids that are not blank, per period and per day."""
    import duckdb
    import pyarrow as pa
    import pyarrow.parquet as pq

    days = ["2025-03-02", "2025-03-03", "2025-03-04", "2025-03-05", "2025-03-06", "2025-03-07", "2025-04-01"]
    visitors = ["V1", "", "  ", None, "V2", "V1", ""]
    pq.write_table(pa.table({"session_id": [f"s{i}" for i in range(len(days))], "visitor_id": visitors,
                             "started_at": [f"{d} 10:00:00" for d in days]}), tmp_path / "sessions.parquet")
    (tmp_path / "kpis.yaml").write_text("version: 1\ntimezone: Europe/Paris\ndata:\n  tables: {sessions: "
                                        "sessions.parquet}\n", encoding="utf-8")
    spec = load_spec(tmp_path / "kpis.yaml")
    results = compute(spec, ["visitors"], ["2025-03", "2025-Q1", "2025-Q2"])
    sessions = tmp_path / "sessions.parquet"

    def by_hand(lo: str, hi: str) -> int:
        return duckdb.connect().execute(
            f"SELECT count(DISTINCT visitor_id) FROM '{sessions}' WHERE trim(visitor_id) <> '' "
            f"AND started_at::TIMESTAMP >= '{lo}' AND started_at::TIMESTAMP < '{hi}'").fetchone()[0]

    assert [results.get("visitors", p).value for p in ["2025-03", "2025-Q1", "2025-Q2"]] == [
        by_hand("2025-03-01", "2025-04-01"), by_hand("2025-01-01", "2025-04-01"), by_hand("2025-04-01", "2025-07-01")]
    assert results.get("visitors", "2025-03").value == 2
    daily = compute(spec, ["visitors"], ["2025-01-01..2025-03-31"], grain="day").series("visitors")
    assert [v.value for v in daily[60:66]] == [1, 0, 0, 0, 1, 1]  # March 2 to 7
