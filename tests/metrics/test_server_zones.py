"""Times written without an offset in another zone (`data.timezones`) on the server engines: a PostgreSQL text
column mixing days and times of day, and Spark's CSV reader, which types text times itself. Each month is the one
a hand-written PostgreSQL query gives, and DuckDB, PostgreSQL and Spark agree on the same data."""

from __future__ import annotations

import os

import pytest

from kpiguard.metrics import compute
from kpiguard.spec import load_spec

from .conftest import PG_ENV

# A shop that keys some orders in by hand (a day, no time) among its system's times, written in UTC: the spec
# reads New York months, where midnight UTC is 19:00 or 20:00 the day before.
MIXED = [(1, "2026-03-01", "10.00"), (2, "2026-03-01 14:00:00", "20.00"), (3, "2026-02-28 23:30:00", "40.00"),
         (4, "2026-03-31 23:30:00", "80.00"), (5, "2026-04-01", "160.00"), (6, "2026-03-31", "320.00"),
         (7, None, "640.00"), (8, "2026-04-01T03:00:00", "1280.00")]
MONTHS = ("2026-02", "2026-03", "2026-04")


def _spec_text(engine: str, table: str) -> str:
    return (f"version: 1\ntimezone: America/New_York\ndata:\n  engine: {engine}\n  tables: {{orders: {table}}}\n"
            "  columns:\n    orders: {order_id: id, ordered_at: created, revenue: total}\n"
            "  timezones: {orders: UTC}\n")


def _revenue(tmp_path, engine: str, table: str) -> list[float | None]:
    (tmp_path / "kpis.yaml").write_text(_spec_text(engine, table), encoding="utf-8")
    results = compute(load_spec(tmp_path / "kpis.yaml"), ["revenue"], list(MONTHS))
    return [None if v.value is None else float(v.value) for v in results.values()]


@pytest.fixture
def mixed_pg(pg_spec):
    """The orders in a schema with a capital (`"Mixed_<worker>"`), `created` a text column, `total` a numeric;
    yields the table's name and the revenue of each New York month by hand (days as local days, times in UTC)."""
    import psycopg

    schema = "Mixed_" + os.environ.get("PYTEST_XDIST_WORKER", "main")
    url = os.environ[PG_ENV].replace("postgres://", "postgresql://")
    with psycopg.connect(url, autocommit=True) as con:
        con.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        con.execute(f'CREATE SCHEMA "{schema}"')
        con.execute(f'CREATE TABLE "{schema}".orders (id integer, created text, total numeric(12, 2))')
        for row in MIXED:
            con.execute(f'INSERT INTO "{schema}".orders VALUES (%s, %s, %s)', row)
        con.execute("SET TIME ZONE 'America/New_York'")
        by_hand = []
        for month in MONTHS:
            (total,) = con.execute(
                f"SELECT sum(total) FROM \"{schema}\".orders WHERE (CASE WHEN created ~ '\\d[ T]\\d' "
                "THEN created::timestamp AT TIME ZONE 'UTC' ELSE created::timestamp::timestamptz END) "
                "BETWEEN %s::date::timestamptz AND (%s::date + interval '1 month')::timestamptz - interval '1 us'",
                (month + "-01", month + "-01")).fetchone()
            by_hand.append(float(total))
        yield f"{schema}.orders", by_hand
        con.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.mark.postgres
@pytest.mark.xdist_group("postgres")
def test_days_among_utc_times_stay_local_days_on_postgres_and_duckdb(mixed_pg, tmp_path):
    """Before: the days keyed in by hand (`2026-03-01`) were read as midnight UTC, 19:00 on February 28th in New
    York: February had 50.00 (by hand 40.00), April nothing (by hand 160.00). Now a day is the local day it
    writes, as a column of days is, and only the times of day are read in UTC: the psql numbers, the same on
    DuckDB over a CSV of the same text."""
    table, by_hand = mixed_pg
    assert by_hand == [40.0, 1710.0, 160.0]
    assert _revenue(tmp_path, os.environ[PG_ENV], table) == by_hand
    lines = "".join(f"{i},{'' if at is None else at},{total}\n" for i, at, total in MIXED)
    (tmp_path / "orders.csv").write_text("id,created,total\n" + lines, encoding="utf-8")
    assert _revenue(tmp_path, "duckdb", str(tmp_path / "orders.csv")) == by_hand


@pytest.mark.spark
@pytest.mark.slow
@pytest.mark.xdist_group("spark")
def test_a_csv_under_a_zone_on_spark_is_read_from_its_text_as_on_duckdb(spark_spec, mixed_pg, tmp_path):
    """Spark's CSV reader types `2026-03-01T10:00:00+02:00`, `2026-03-01 14:00:00` and `2026-03-01` alike as
    TIMESTAMP. Before, under `timezones: {orders: UTC}`: times with an offset, already instants, were moved again
    (February 40.00 read as empty, March 30.00 instead of 20.00), where DuckDB refuses the zone; the days among
    times were moved to the day before, as on PostgreSQL. Now the time column of a CSV under a zone is read as
    its text: the offsets refuse the zone at its line, and the mixed column gives the psql months; the script
    `explain` prints reads the file the same way in a Spark session."""
    import re

    from pyspark.sql import SparkSession

    from kpiguard.errors import DataError
    from kpiguard.metrics import explain

    _, by_hand = mixed_pg
    lines = "".join(f"{i},{'' if at is None else at},{total}\n" for i, at, total in MIXED)
    (tmp_path / "orders.csv").write_text("id,created,total\n" + lines, encoding="utf-8")
    assert _revenue(tmp_path, "pyspark://local", str(tmp_path / "orders.csv")) == by_hand
    script = explain(load_spec(tmp_path / "kpis.yaml"), ["revenue"], ["2026-03"])
    assert "TEMPORARY VIEW `kpiguard_orders` (`id` int, `created` string, `total` " in script
    session = SparkSession.getActiveSession()
    session.catalog.dropTempView("kpiguard_orders")
    body = "\n".join(line for line in script.splitlines() if not line.startswith("--"))
    for statement in [part for part in re.split(r";\s*\n", body) if part.strip()]:
        rows = session.sql(statement).collect()
    assert float(rows[0]["revenue__0_s"]) == by_hand[1]

    (tmp_path / "offsets.csv").write_text(
        "id,created,total\n1,2026-03-01T00:30:00+02:00,10\n2,2026-03-01T10:00:00+02:00,20\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        _revenue(tmp_path, "pyspark://local", str(tmp_path / "offsets.csv"))
    assert str(info.value.diagnostics[0].location).endswith("kpis.yaml:8:15")
    assert info.value.diagnostics[0].message.startswith(
        "data.timezones.orders: 'created' holds times written with their UTC offset, which need no zone")
