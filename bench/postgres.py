"""Benchmark of kpiguard on PostgreSQL: compute and review over a dbt-style mart of >= 1 million orders.

Everything must run on the server: the script counts the queries kpiguard sends and the rows they bring back (a
review that pulled raw orders into Python would bring back millions), and times them against the hand-written SQL
of the same numbers, run in the same session (the baseline; every number is asserted equal to the cent). Three
readings of the same orders: a table (`numeric(12, 2)` amounts, `double precision` margins, `timestamptz`), a
legacy view (amounts as text, naive UTC times under `data.timezones`) and a materialized view.

    KPIGUARD_TEST_PG_URL=postgres://... .venv/bin/python bench/postgres.py [--orders 1500000] [--repeat 2]

(`bash scripts/test-services.sh` starts a throw-away server and writes the URL to .test-services.env.)
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = "Bench_Marts"  # a capital: quoted everywhere, as a dbt project's schema may be
PERIODS = ["2025", "2026-01", "2026-02"]
BOUNDS = {"2025": ("2025-01-01", "2026-01-01"), "2026-01": ("2026-01-01", "2026-02-01"),
          "2026-02": ("2026-02-01", "2026-03-01")}
METRICS = ["revenue", "orders", "margin", "email_revenue"]


def generate(url: str, orders: int) -> None:
    """The mart, built on the server with generate_series (deterministic), then analysed."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as con:
        con.execute(f'DROP SCHEMA IF EXISTS "{SCHEMA}" CASCADE')
        con.execute(f'CREATE SCHEMA "{SCHEMA}"')
        con.execute("SET TIME ZONE 'UTC'")
        con.execute(f"""
            CREATE TABLE "{SCHEMA}".fct_orders AS
            SELECT g AS order_key, 'C' || ((g * 7919) % 300000) AS shopper_id,
                   timestamptz '2025-01-01 00:00:00+00' + (g - 1) * (interval '424 days' / {orders}) AS created_at,
                   round((5 + ((g * 104729) % 20000) / 100.0)::numeric, 2)::numeric(12, 2) AS total_price,
                   (((g * 104729) % 20000) / 100.0 * 0.3)::double precision AS gross_margin,
                   CASE WHEN g % 37 = 0 THEN 'refunded' WHEN g % 53 = 0 THEN 'voided' WHEN g % 101 = 0 THEN NULL
                        ELSE 'paid' END AS financial_status,
                   CASE g % 5 WHEN 0 THEN 'email' WHEN 1 THEN 'cpc' WHEN 2 THEN 'organic' END AS utm_medium
            FROM generate_series(1::bigint, {orders}::bigint) g""")
        con.execute(f'ALTER TABLE "{SCHEMA}".fct_orders ADD PRIMARY KEY (order_key)')
        con.execute(f'CREATE VIEW "{SCHEMA}".v_orders_legacy AS SELECT order_key::text AS order_ref, shopper_id, '
                    "created_at AT TIME ZONE 'UTC' AS created_at_utc, total_price::text AS total_txt, "
                    "gross_margin::numeric(38, 9)::text AS margin_txt, "
                    f'financial_status, utm_medium FROM "{SCHEMA}".fct_orders')
        con.execute(f'CREATE MATERIALIZED VIEW "{SCHEMA}".mv_orders AS SELECT * FROM "{SCHEMA}".fct_orders')
        con.execute(f'ANALYZE "{SCHEMA}".fct_orders')
        con.execute(f'ANALYZE "{SCHEMA}".mv_orders')


def spec_text(url: str, reading: str) -> str:
    table, columns, zone = {
        "table": ("fct_orders", "revenue: total_price, margin: gross_margin", ""),
        "matview": ("mv_orders", "revenue: total_price, margin: gross_margin", ""),
        "legacy view": ("v_orders_legacy", "revenue: total_txt, margin: margin_txt", "  timezones: {orders: UTC}\n"),
    }[reading]
    ids = "order_ref" if reading == "legacy view" else "order_key"
    at = "created_at_utc" if reading == "legacy view" else "created_at"
    return (f"version: 1\ncurrency: EUR\ntimezone: Europe/Paris\ndata:\n  engine: {url}\n"
            f"  tables: {{orders: {SCHEMA}.{table}}}\n  columns:\n    orders: {{order_id: {ids}, customer_id: shopper_id,"
            f" ordered_at: {at}, status: financial_status, {columns}}}\n"
            f"  values: {{orders: {{status: {{completed: paid, cancelled: voided}}}}}}\n{zone}"
            "teams: {leadership: {name: Leadership}}\n"
            "kpis:\n  - id: revenue\n    statement: Grow revenue from 129 M€ to 140 M€\n    metric: revenue\n"
            "    level: outcome\n    owner: leadership\n    baseline: 2025\n"
            "    target: {from: 129000000, to: 140000000, by: 2026-12-31}\n"
            "    guardrails: [{metric: aov, max_decrease: 5%}]\n")


def by_hand(url: str) -> tuple[dict, float]:
    """The four metrics of each period by hand, and the time it took (the baseline)."""
    import psycopg

    parts = []
    for period, (lo, hi) in BOUNDS.items():
        inside = f"created_at >= '{lo}' AND created_at < '{hi}'"
        parts.append(f"sum(total_price) FILTER (WHERE {inside}) AS \"revenue {period}\", "
                     f"count(*) FILTER (WHERE {inside} AND total_price >= 0) AS \"orders {period}\", "
                     f"sum(gross_margin::numeric(38, 9)) FILTER (WHERE {inside}) AS \"margin {period}\", "
                     f"sum(total_price) FILTER (WHERE {inside} AND utm_medium = 'email') AS \"email_revenue {period}\"")
    with psycopg.connect(url) as con:
        con.execute("SET TIME ZONE 'Europe/Paris'")
        start = time.perf_counter()
        cursor = con.execute(f"SELECT {', '.join(parts)} FROM \"{SCHEMA}\".fct_orders "
                             "WHERE coalesce(financial_status, 'paid') = 'paid'")
        row = cursor.fetchone()
        seconds = time.perf_counter() - start
    return {d.name: row[i] for i, d in enumerate(cursor.description)}, seconds


class Counter:
    """Wraps Source.execute: the queries sent and the rows they brought back."""

    def __init__(self) -> None:
        from kpiguard.metrics import source

        self.queries = self.rows = self.largest = 0
        self._original = source.Source.execute
        counter = self

        def execute(self, expr):  # type: ignore[no-untyped-def]
            out = counter._original(self, expr)
            counter.queries += 1
            counter.rows += len(out)
            counter.largest = max(counter.largest, len(out))
            return out

        source.Source.execute = execute


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=1_500_000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--url", default=os.environ.get("KPIGUARD_TEST_PG_URL"))
    args = parser.parse_args()
    if not args.url:
        sys.exit("no PostgreSQL: set KPIGUARD_TEST_PG_URL (bash scripts/test-services.sh) or pass --url")
    url = args.url.replace("postgres://", "postgresql://")
    sys.path.insert(0, str(ROOT / "src"))
    from kpiguard.metrics import compute
    from kpiguard.review import review
    from kpiguard.spec import load_spec

    generate(url, args.orders)
    expected, baseline = by_hand(url)
    for _ in range(args.repeat - 1):
        baseline = min(baseline, by_hand(url)[1])
    print(f"{args.orders:,} orders; hand-written SQL of {len(METRICS)} metrics x {len(PERIODS)} periods: "
          f"{baseline:.2f} s")
    print(f"{'reading':<12} {'command':<8} {'seconds':>8} {'x SQL':>6} {'queries':>8} {'rows back':>10} {'largest':>8}")
    with tempfile.TemporaryDirectory(prefix="kg-bench-pg-") as tmp:
        for reading in ("table", "matview", "legacy view"):
            path = Path(tmp) / f"{reading.replace(' ', '_')}.yaml"
            path.write_text(spec_text(args.url, reading), encoding="utf-8")
            for command in ("compute", "review"):
                best, counter = float("inf"), None
                for _ in range(args.repeat):
                    counter = Counter()
                    start = time.perf_counter()
                    if command == "compute":
                        results = compute(load_spec(path), METRICS, PERIODS)
                    else:
                        review(load_spec(path), as_of=date(2026, 2, 28))
                    best = min(best, time.perf_counter() - start)
                if command == "compute":
                    for metric in METRICS:
                        for period in PERIODS:
                            got, want = results.get(metric, period).value, expected[f"{metric} {period}"]
                            assert round(Decimal(str(got)), 2) == round(Decimal(want), 2), (reading, metric, period)
                print(f"{reading:<12} {command:<8} {best:>8.2f} {best / baseline:>6.1f} {counter.queries:>8} "
                      f"{counter.rows:>10,} {counter.largest:>8,}")


if __name__ == "__main__":
    main()
