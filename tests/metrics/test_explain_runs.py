"""The SQL `kpiguard explain` prints runs as printed, in a fresh session of the engine, and gives kpiguard's
numbers: the session statements it starts with (the spec's time zone, the views over the files) are part of it."""

from __future__ import annotations

import os
import re

from kpiguard.metrics import compute, explain

METRICS = ["revenue", "new_customers", "repurchase_rate_90d"]


def _statements(script: str) -> list[str]:
    """The statements of the printed script, without its comment lines."""
    body = "\n".join(line for line in script.splitlines() if not line.startswith("--"))
    return [part.strip() for part in re.split(r";\s*\n", body) if part.strip()]


def _check(rows: list[dict], spec) -> None:
    """The printed queries' columns against kpiguard's own numbers for February."""
    values = compute(spec, METRICS, ["2025-02"])
    merged = {key: value for row in rows for key, value in row.items()}
    assert float(merged["revenue__0_s"]) == values.get("revenue", "2025-02").value
    cohort = values.get("repurchase_rate_90d", "2025-02")
    assert (float(merged["r90_0"]), float(merged["c_0"])) == (cohort.numerator, cohort.denominator)


def test_explained_duckdb_sql_runs_in_a_fresh_duckdb(duckdb_spec):
    import duckdb

    con = duckdb.connect()
    con.execute("SET TimeZone = 'Pacific/Auckland'")  # whatever the user's session had, the script sets its own
    rows = []
    for statement in _statements(explain(duckdb_spec, METRICS, ["2025-02"])):
        cursor = con.execute(statement)
        if cursor.description:
            names = [d[0] for d in cursor.description]
            rows += [dict(zip(names, row)) for row in cursor.fetchall()]
    _check(rows, duckdb_spec)


def test_explained_postgres_sql_runs_in_psql(pg_spec):
    import psycopg

    url = os.environ["KPIGUARD_TEST_PG_URL"].replace("postgres://", "postgresql://")
    script = explain(pg_spec, METRICS, ["2025-02"])
    # a timestamptz cast to a timestamp (a customer's first local day) reads the session's zone: the spec's
    assert "SET TIME ZONE 'Europe/Paris';" in script
    rows = []
    with psycopg.connect(url, autocommit=True) as con:
        con.execute("SET TIME ZONE 'Pacific/Auckland'")
        for statement in _statements(script):
            cursor = con.execute(statement)
            if cursor.description:
                names = [d.name for d in cursor.description]
                rows += [dict(zip(names, row)) for row in cursor.fetchall()]
    _check(rows, pg_spec)
