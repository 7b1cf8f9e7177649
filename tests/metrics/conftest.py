"""Fixtures of the metric tests: the hand-made shop on DuckDB (files), PostgreSQL (COPY) and Spark (local)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from . import dataset

PG_ENV = "KPIGUARD_TEST_PG_URL"


@pytest.fixture(scope="session")
def shop_dir(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("shop")
    paths = dataset.write_parquet(directory / "data")
    tables = {name: f"data/{path.name}" for name, path in paths.items()}
    (directory / "kpis.yaml").write_text(dataset.spec_text(tables), encoding="utf-8")
    return directory


@pytest.fixture(scope="session")
def duckdb_spec(shop_dir):
    from kpiguard.spec import load_spec

    return load_spec(shop_dir / "kpis.yaml")


def _pg_type(column: str, table: str) -> str:
    if column in ("ordered_at",):
        return "timestamptz"
    if column in ("event_at", "started_at", "created_at") or (column == "launched_at" and table == "creatives"):
        return "timestamp"
    if column in ("snapshot_date",) or (column == "launched_at" and table == "products"):
        return "date"
    if column in ("revenue", "margin", "unit_cost"):
        return "numeric(12, 2)"
    if column in ("quantity", "on_hand"):
        return "bigint"
    if column == "is_hit":
        return "boolean"
    return "text"


@pytest.fixture(scope="session")
def pg_spec(tmp_path_factory):
    """The shop bulk-loaded with COPY into a PostgreSQL schema of its own (one per test worker)."""
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"{PG_ENV} is not set: run `bash scripts/services/postgres.sh` (make test does)")
    import psycopg

    schema = "kg_" + os.environ.get("PYTEST_XDIST_WORKER", "main")
    with psycopg.connect(url.replace("postgres://", "postgresql://"), autocommit=True) as con:
        con.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        con.execute(f'CREATE SCHEMA "{schema}"')
        con.execute("SET TIME ZONE 'UTC'")
        for name, (columns, rows) in dataset.TABLES.items():
            ddl = ", ".join(f'"{c}" {_pg_type(c, name)}' for c in columns)
            con.execute(f'CREATE TABLE "{schema}"."{name}" ({ddl})')
            with con.cursor().copy(f'COPY "{schema}"."{name}" ({", ".join(columns)}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row)
    directory = tmp_path_factory.mktemp("pg")
    tables = {name: f"{schema}.{name}" for name in dataset.TABLES}
    (directory / "kpis.yaml").write_text(dataset.spec_text(tables, engine=url), encoding="utf-8")
    from kpiguard.spec import load_spec

    return load_spec(directory / "kpis.yaml")


@pytest.fixture(scope="session")
def spark_spec(shop_dir, tmp_path_factory):
    """The same Parquet files read by a local Spark session through ibis' pyspark backend."""
    import shutil

    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("no Java runtime: Spark tests need Java 17")
    try:
        import pyspark  # noqa: F401
    except ImportError:
        pytest.skip("pyspark is not installed")
    directory = tmp_path_factory.mktemp("spark")
    tables = {name: str(shop_dir / "data" / f"{name}.parquet") for name in dataset.TABLES}
    (directory / "kpis.yaml").write_text(dataset.spec_text(tables, engine="pyspark://local"), encoding="utf-8")
    from kpiguard.spec import load_spec

    return load_spec(directory / "kpis.yaml")
