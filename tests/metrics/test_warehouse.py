"""A BI analyst's warehouse: a `.duckdb` file built by dbt (schemas, views over Parquet files named by relative
paths), and the connection URL given through the environment (`engine: ${DATABASE_URL}`)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kpiguard.cli import _register, app
from kpiguard.errors import DataError
from kpiguard.metrics import compute, explain
from kpiguard.spec import load_spec
from kpiguard.spec.periods import parse_period

from . import dataset

_register()
runner = CliRunner()
JAN = parse_period("2025-01")


@pytest.fixture
def dbt_project(shop_dir, tmp_path, monkeypatch):
    """A dbt-duckdb project: `warehouse.duckdb` whose schema `analytics` has a view over
    `target/orders.parquet`, a path relative to the project (dbt runs there), and the spec in another folder."""
    import duckdb

    project = tmp_path / "project"
    (project / "target").mkdir(parents=True)
    (project / "target" / "orders.parquet").write_bytes((shop_dir / "data" / "orders.parquet").read_bytes())
    monkeypatch.chdir(project)
    con = duckdb.connect("warehouse.duckdb")
    con.execute("CREATE SCHEMA analytics")
    con.execute("CREATE VIEW analytics.fct_orders AS SELECT * FROM read_parquet('target/orders.parquet')")
    con.close()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # kpiguard runs from anywhere, as a scheduled job does
    (tmp_path / "specs").mkdir()
    return project


def _spec(tmp_path, tables: dict[str, str], engine: str = "duckdb"):
    path = tmp_path / "specs" / "kpis.yaml"
    path.write_text(dataset.spec_text(tables, engine=engine), encoding="utf-8")
    return load_spec(path)


@pytest.mark.parametrize("how", ["engine", "attached"])
def test_views_of_a_dbt_duckdb_file_read_their_relative_paths_from_the_file_folder(how, dbt_project, tmp_path):
    """Before: 'analytics.fct_orders' does not exist in the engine (the view looked for target/ in the current
    folder). The explained script, run in a fresh DuckDB elsewhere, gives the same number."""
    import duckdb

    if how == "engine":
        spec = _spec(tmp_path, {"orders": "analytics.fct_orders"}, engine="../project/warehouse.duckdb")
    else:
        spec = _spec(tmp_path, {"orders": "../project/warehouse.duckdb::analytics.fct_orders"})
    assert compute(spec, ["revenue"], [JAN]).get("revenue", JAN).value == pytest.approx(165.0)
    script = explain(spec, ["revenue"], [JAN])
    assert f"SET file_search_path = '{dbt_project}'" in script
    con = duckdb.connect(str(dbt_project / "warehouse.duckdb") if how == "engine" else ":memory:", read_only=how == "engine")
    rows = []
    for statement in script.split(";\n"):
        statement = re.sub(r"(?m)^--.*\n?", "", statement).strip()
        if statement:
            cursor = con.execute(statement)
            if cursor.description:
                names = [d[0] for d in cursor.description]
                rows += [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    assert sum(float(row["revenue__0_s"]) for row in rows if "revenue__0_s" in row) == pytest.approx(165.0)


def test_a_view_whose_files_are_gone_says_so_rather_than_that_it_does_not_exist(dbt_project, tmp_path):
    (dbt_project / "target" / "orders.parquet").unlink()
    spec = _spec(tmp_path, {"orders": "../project/warehouse.duckdb::analytics.fct_orders"})
    with pytest.raises(DataError) as info:
        compute(spec, ["revenue"], [JAN])
    message = info.value.diagnostics[0].message
    assert "has 'analytics.fct_orders' but cannot read it" in message and "target/orders.parquet" in message
    assert info.value.diagnostics[0].location.line == 8  # orders: under data.tables


@pytest.mark.parametrize(("written", "says"), [
    ("analytics.fct_order", "did you mean analytics.fct_orders?"),
    ("marts.fct_orders", "it has no schema 'marts' (schemas: analytics, main)"),
])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_table_missing_from_a_duckdb_file_says_what_the_file_has(written, says, lang, dbt_project, tmp_path):
    """Before: a KeyError traceback for any table missing from an attached file (`file.duckdb::schema.table`)."""
    for engine, table in (("duckdb", f"../project/warehouse.duckdb::{written}"),
                          ("../project/warehouse.duckdb", written)):
        spec = _spec(tmp_path, {"orders": table}, engine=engine)
        result = runner.invoke(app, ["compute", spec._path, "-m", "revenue", "-p", "2025-01", "--lang", lang])
        assert result.exit_code == 2 and "Traceback" not in result.output, result.output
        assert "kpis.yaml:8:5: table 'orders'" in result.stderr
        if lang == "en":
            assert says in result.stderr, result.stderr
        else:
            assert "n'existe pas" in result.stderr and says.split(" ")[-1].rstrip("?)") in result.stderr


@pytest.mark.parametrize(("url", "says"), [
    ("postgres//analyst:S3cret%40x@db.example:5432/shop", "did you mean 'postgres://...'?"),
    ("analyst:S3cret%40x@db.example:5432/shop", "unknown engine 'analyst:***@db.example:5432/shop'"),
    ("host=db.example dbname=shop user=analyst password=S3cret%40x", "password=***"),
    ("postgres://analyst:S3cret@x/y#z@db.example:5432/shop", "must be percent-encoded (@ as %40"),
])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_database_url_from_the_environment_that_cannot_be_read_never_prints_its_password(url, says, lang, tmp_path,
                                                                                          monkeypatch):
    """Before: `Don't know how to connect to '<the whole URL, password included>'`, or a host named after the end
    of a password with an unencoded '/' or '#'."""
    monkeypatch.setenv("KG_TEST_WAREHOUSE_URL", url)
    (tmp_path / "specs").mkdir()
    spec = _spec(tmp_path, {"orders": "analytics.fct_orders"}, engine="${KG_TEST_WAREHOUSE_URL}")
    result = runner.invoke(app, ["compute", spec._path, "-m", "revenue", "-p", "2025-01", "--lang", lang])
    assert result.exit_code == 2 and "Traceback" not in result.output, result.output
    assert "kpis.yaml:6:11: " in result.stderr
    assert "S3cret" not in result.output
    if lang == "en":
        assert says in result.stderr, result.stderr
    else:
        assert "moteur inconnu" in result.stderr or "doit être encodé" in result.stderr, result.stderr


@pytest.mark.postgres
@pytest.mark.xdist_group("postgres")
def test_a_postgres_enum_status_is_read_as_its_text(pg_spec, tmp_path):
    """An application database's `status` of an ENUM type (Rails, Django): before, 'unknown(DataType(...
    USERDEFINED...)), not text' even when its values are kpiguard's; now the same numbers as the text column."""
    import os

    import psycopg

    schema = pg_spec.data.tables["orders"].split(".")[0]
    url = os.environ["KPIGUARD_TEST_PG_URL"].replace("postgres://", "postgresql://")
    with psycopg.connect(url, autocommit=True) as con:
        con.execute(f'DROP TABLE IF EXISTS "{schema}".orders_enum')
        con.execute(f'DROP TYPE IF EXISTS "{schema}".order_state')
        con.execute(f"CREATE TYPE \"{schema}\".order_state AS ENUM ('completed', 'cancelled', 'refunded')")
        con.execute(f'CREATE TABLE "{schema}".orders_enum AS SELECT order_id, customer_id, ordered_at, revenue, margin, '
                    f'status::"{schema}".order_state AS status, utm_medium FROM "{schema}".orders')
    text = Path(pg_spec._path).read_text(encoding="utf-8").replace(f"{schema}.orders\n", f"{schema}.orders_enum\n", 1)
    (tmp_path / "kpis.yaml").write_text(text, encoding="utf-8")
    results = compute(load_spec(tmp_path / "kpis.yaml"), ["revenue", "orders", "new_customers"], [JAN])
    assert [results.get(m, JAN).value for m in ("revenue", "orders", "new_customers")] == [pytest.approx(165.0), 4, 2]


@pytest.mark.postgres
@pytest.mark.xdist_group("postgres")
@pytest.mark.parametrize("search_path", [False, True])
def test_an_enum_status_in_the_shop_s_own_words_is_mapped_on_the_search_path_too(search_path, pg_spec, tmp_path):
    """An application's enum of statuses in its own words (`paid`, `voided`) mapped by data.values, the table
    named without its schema, found on the search path the URL sets (`?options=-csearch_path%3D...`), as an app's
    `public` schema is: there ibis took the enum for text, and the `CASE` mapping `paid` to 'completed' failed in
    the engine ('invalid input value for enum order_state: "completed"'). Read as its text, it gives the numbers
    of `WHERE coalesce(status::text, 'paid') = 'paid'` by hand, with the schema written or not. The search path
    starts with a schema without the table (a user's own schema before `public`): PostgreSQL finds the table in
    the next one, where ibis, looking in the first only, said it did not exist."""
    import os

    import psycopg

    schema = pg_spec.data.tables["orders"].split(".")[0]
    url = os.environ["KPIGUARD_TEST_PG_URL"]
    with psycopg.connect(url.replace("postgres://", "postgresql://"), autocommit=True) as con:
        con.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}_own"')
        con.execute(f'DROP TABLE IF EXISTS "{schema}".orders_app')
        con.execute(f'DROP TYPE IF EXISTS "{schema}".app_state')
        con.execute(f"CREATE TYPE \"{schema}\".app_state AS ENUM ('paid', 'voided', 'refunded')")
        con.execute(f'CREATE TABLE "{schema}".orders_app AS SELECT order_id, customer_id, ordered_at, revenue, '
                    f"(CASE status WHEN 'completed' THEN 'paid' WHEN 'cancelled' THEN 'voided' ELSE status END)"
                    f'::"{schema}".app_state AS status FROM "{schema}".orders')
        con.execute("SET TIME ZONE 'Europe/Paris'")
        (by_hand,) = con.execute(
            f"SELECT sum(revenue) FROM \"{schema}\".orders_app WHERE coalesce(status::text, 'paid') = 'paid' "
            "AND ordered_at >= '2025-01-01' AND ordered_at < '2025-02-01'").fetchone()
    engine = f"{url}?options=-csearch_path%3D{schema}_own,{schema}" if search_path else url
    table = "orders_app" if search_path else f"{schema}.orders_app"
    (tmp_path / "kpis.yaml").write_text(
        f"version: 1\ntimezone: Europe/Paris\ndata:\n  engine: {engine}\n  tables: {{orders: {table}}}\n"
        "  values: {orders: {status: {completed: paid, cancelled: voided}}}\n", encoding="utf-8")
    results = compute(load_spec(tmp_path / "kpis.yaml"), ["revenue", "orders"], [JAN])
    assert results.get("revenue", JAN).value == pytest.approx(float(by_hand)) == pytest.approx(165.0)
    assert results.get("orders", JAN).value == 4
    # `explain`'s script, pasted into a session of its own (no search path set), finds the table and the same sum
    script = explain(load_spec(tmp_path / "kpis.yaml"), ["revenue"], [JAN])
    assert f'FROM "{schema}"."orders_app"' in script
    with psycopg.connect(url.replace("postgres://", "postgresql://"), autocommit=True) as con:
        body = "\n".join(line for line in script.splitlines() if not line.startswith("--"))
        for statement in [part for part in re.split(r";\s*\n", body) if part.strip()]:
            cursor = con.execute(statement)
        assert float(cursor.fetchone()[2]) == pytest.approx(165.0)  # the slice, its rows, then the revenue's sum


@pytest.mark.postgres
@pytest.mark.xdist_group("postgres")
@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("command", ["compute", "review"])
def test_a_table_the_user_may_not_read_says_what_to_grant(command, lang, pg_spec, tmp_path):
    """An analyst's read-only role that was never granted the schema: the engine's 'permission denied', at the
    table's line, with the grants to ask for (before: the engine's words alone; a review, which first reads the
    orders' dates, added 'Store them as ISO dates or timestamps', as if their values were the problem)."""
    import os
    from urllib.parse import urlsplit

    import psycopg

    url = os.environ["KPIGUARD_TEST_PG_URL"].replace("postgres://", "postgresql://")
    role = "kg_no_grant_" + os.environ.get("PYTEST_XDIST_WORKER", "main")
    with psycopg.connect(url, autocommit=True) as con:
        if not con.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role]).fetchone():
            con.execute(f'CREATE ROLE "{role}" LOGIN')
    server = urlsplit(pg_spec.data.engine)
    as_role = server._replace(netloc=f"{role}@{server.hostname}:{server.port}").geturl()
    text = Path(pg_spec._path).read_text(encoding="utf-8").replace(pg_spec.data.engine, as_role, 1)
    (tmp_path / "kpis.yaml").write_text(text, encoding="utf-8")
    try:
        args = ["-m", "revenue", "-p", "2025-01"] if command == "compute" else []
        result = runner.invoke(app, [command, str(tmp_path / "kpis.yaml"), *args, "--lang", lang])
    finally:
        with psycopg.connect(url, autocommit=True) as con:
            con.execute(f'DROP ROLE IF EXISTS "{role}"')
    assert result.exit_code == 2 and "Traceback" not in result.output, result.output
    line = text.splitlines().index(f"    orders: {pg_spec.data.tables['orders']}") + 1
    assert f"kpis.yaml:{line}:5: " in result.stderr and "permission denied" in result.stderr
    assert ("GRANT USAGE ON SCHEMA" in result.stderr) and ("accordez-lui" in result.stderr) == (lang == "fr")
    assert "ISO" not in result.stderr


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_reviewing_an_empty_orders_table_names_it_at_its_line(lang, dbt_project, tmp_path):
    """A warehouse table that is still empty (a model not yet run): before, 'the data has no rows' with no
    location and no table named."""
    import duckdb

    con = duckdb.connect(str(dbt_project / "warehouse.duckdb"))
    con.execute(f"CREATE TABLE analytics.fct_orders_new AS SELECT * FROM "
                f"read_parquet('{dbt_project / 'target' / 'orders.parquet'}') LIMIT 0")
    con.close()
    spec = _spec(tmp_path, {"orders": "analytics.fct_orders_new"}, engine="../project/warehouse.duckdb")
    result = runner.invoke(app, ["review", spec._path, "--lang", lang])
    assert result.exit_code == 2 and "Traceback" not in result.output, result.output
    assert "kpis.yaml:8:5: " in result.stderr and "orders (analytics.fct_orders_new)" in result.stderr


@pytest.mark.parametrize("how", ["engine", "attached"])
def test_a_duckdb_file_another_program_writes_to_says_what_to_do(how, dbt_project, tmp_path):
    """dbt in the middle of a run holds the file's write lock: DuckDB's 'Could not set lock', plus what to do."""
    import subprocess
    import sys

    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys; con = duckdb.connect(sys.argv[1]); "
                               "print('open', flush=True); sys.stdin.read()", str(dbt_project / "warehouse.duckdb")],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        if how == "engine":
            spec = _spec(tmp_path, {"orders": "analytics.fct_orders"}, engine="../project/warehouse.duckdb")
        else:
            spec = _spec(tmp_path, {"orders": "../project/warehouse.duckdb::analytics.fct_orders"})
        result = runner.invoke(app, ["compute", spec._path, "-m", "revenue", "-p", "2025-01"])
    finally:
        holder.communicate("")
    assert result.exit_code == 2 and "Traceback" not in result.output, result.output
    assert "Could not set lock" in result.stderr and "run kpiguard once it has finished" in result.stderr


def test_a_metric_of_order_lines_is_placed_at_its_orders_time(shop_dir, tmp_path):
    """`units: sum(quantity)` of order_lines, which have no time of their own: before, an error that said to map a
    view; now each line is placed at its order's time (every order: the cancelled o4's 5 units too), and a spec
    without orders says that the lines need them."""
    text = dataset.spec_text({"order_lines": str(shop_dir / "data" / "order_lines.parquet")}).replace(
        "metrics:\n", "metrics:\n  units: {type: simple, table: order_lines, measure: sum(quantity)}\n", 1)
    (tmp_path / "kpis.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as info:
        compute(load_spec(tmp_path / "kpis.yaml"), ["units"], [JAN])
    assert "reads order lines, which have no time of their own: each line is placed at its order's time, so the " \
           "spec needs table 'orders' too" in str(info.value)
    assert info.value.diagnostics[0].location.line == text.splitlines().index("metrics:") + 2
    both = {name: str(shop_dir / "data" / f"{name}.parquet") for name in ("orders", "order_lines")}
    (tmp_path / "kpis.yaml").write_text(dataset.spec_text(both).replace(
        "metrics:\n", "metrics:\n  units: {type: simple, table: order_lines, measure: sum(quantity)}\n", 1))
    # January in Paris: o1 3 units, o2 1, o4 5 (cancelled), o7 1, o8 1
    assert compute(load_spec(tmp_path / "kpis.yaml"), ["units"], [JAN]).get("units", JAN).value == 11


@pytest.mark.postgres
@pytest.mark.xdist_group("postgres")
@pytest.mark.parametrize("written", ["inline", "environment"])
def test_a_sqlalchemy_url_is_read_without_its_driver(written, pg_spec, tmp_path, monkeypatch):
    """An application's DATABASE_URL is often SQLAlchemy's `postgresql+psycopg2://...`: before, 'unknown engine'
    (in the spec) or 'Don't know how to connect' (from the environment); now the same numbers."""
    url = pg_spec.data.engine.replace("postgres://", "postgresql+psycopg2://", 1)
    monkeypatch.setenv("KG_TEST_APP_DATABASE_URL", url)
    engine = url if written == "inline" else "${KG_TEST_APP_DATABASE_URL}"
    text = Path(pg_spec._path).read_text(encoding="utf-8").replace(pg_spec.data.engine, engine, 1)
    (tmp_path / "kpis.yaml").write_text(text, encoding="utf-8")
    assert compute(load_spec(tmp_path / "kpis.yaml"), ["revenue"], [JAN]).get("revenue", JAN).value == \
        pytest.approx(165.0)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_data_filters_written_with_the_warehouse_column_name_say_which_name_to_write(lang, dbt_project, tmp_path):
    """data.filters reads kpiguard's names, as a metric's filter does: before, 'unknown column 'channel' in filter
    ... columns: ...' (neither naming data.filters nor the canonical name); now the name to write."""
    import duckdb

    con = duckdb.connect(str(dbt_project / "warehouse.duckdb"))
    con.execute(f"CREATE VIEW analytics.orders_renamed AS SELECT * EXCLUDE (utm_medium), utm_medium AS channel "
                f"FROM read_parquet('{dbt_project / 'target' / 'orders.parquet'}')")
    con.close()
    spec = _spec(tmp_path, {"orders": "analytics.orders_renamed"}, engine="../project/warehouse.duckdb")
    text = Path(spec._path).read_text(encoding="utf-8").replace(
        "metrics:\n", "  columns: {orders: {utm_medium: channel}}\n  filters: {orders: \"channel <> 'test'\"}\nmetrics:\n", 1)
    Path(spec._path).write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["compute", spec._path, "-m", "revenue", "-p", "2025-01", "--lang", lang])
    assert result.exit_code == 2 and "Traceback" not in result.output, result.output
    assert "kpis.yaml:10:21: " in result.stderr and "data.filters.orders" in result.stderr, result.stderr
    assert ("write utm_medium" if lang == "en" else "écrivez utm_medium") in result.stderr


@pytest.mark.postgres
@pytest.mark.xdist_group("postgres")
def test_a_database_url_read_from_a_dotenv_file_with_blanks_around_it_connects(pg_spec, tmp_path, monkeypatch):
    """`DATABASE_URL= postgres://...\\r` (a .env file saved on Windows): before, 'database \"shop\\r\" does not
    exist'; the blanks around a whole URL are not part of it."""
    monkeypatch.setenv("KG_TEST_DOTENV_URL", f" {pg_spec.data.engine} \r")
    text = Path(pg_spec._path).read_text(encoding="utf-8").replace(pg_spec.data.engine, "${KG_TEST_DOTENV_URL}", 1)
    (tmp_path / "kpis.yaml").write_text(text, encoding="utf-8")
    assert compute(load_spec(tmp_path / "kpis.yaml"), ["revenue"], [JAN]).get("revenue", JAN).value == \
        pytest.approx(165.0)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_an_empty_database_url_variable_is_named(lang, tmp_path, monkeypatch):
    """Before: `unknown engine ''`, which names neither the variable nor what it should hold."""
    monkeypatch.setenv("KG_TEST_EMPTY_URL", "")
    (tmp_path / "specs").mkdir()
    spec = _spec(tmp_path, {"orders": "analytics.fct_orders"}, engine="${KG_TEST_EMPTY_URL}")
    result = runner.invoke(app, ["compute", spec._path, "-m", "revenue", "-p", "2025-01", "--lang", lang])
    assert result.exit_code == 2 and "Traceback" not in result.output, result.output
    assert "kpis.yaml:6:11: " in result.stderr and "KG_TEST_EMPTY_URL" in result.stderr
    assert ("is empty" if lang == "en" else "est vide") in result.stderr


@pytest.mark.parametrize("engine", ["duckdb", pytest.param("postgres", marks=[
    pytest.mark.postgres, pytest.mark.xdist_group("postgres")]), pytest.param("spark", marks=[
    pytest.mark.spark, pytest.mark.slow, pytest.mark.xdist_group("spark")])])
def test_a_daily_series_over_a_year_agrees_with_each_day_alone(engine, request):
    """`--by day` over a year (365 time slices: too many for a 64-bit mask; each day's slice is its distance in
    days from the year's start, each day's distinct keys counted in one group-by on the day): each day's distinct
    customers, visitors and openers are those of the day computed alone (a month of days at a time: a chain of
    comparisons, at most 31 slices), and the quarter's and the year's totals are the hand-made ones."""
    spec = request.getfixturevalue({"duckdb": "duckdb_spec", "postgres": "pg_spec", "spark": "spark_spec"}[engine])
    names = ["active_customers", "visitors", "email_opens", "email_clicks", "emails_delivered"]
    series = compute(spec, names, ["2025-Q1", "2025"], grain="day")
    days = [v.period for v in series.series("visitors")]
    assert len(days) == 365
    alone = {}
    for start in range(0, 365, 31):
        part = compute(spec, names, days[start:start + 31])
        alone.update({(n, d.label): part.get(n, d).value for n in names for d in days[start:start + 31]})
    assert {(n, v.period.label): v.value for n in names for v in series.series(n)} == alone
    assert sum(1 for value in alone.values() if value) > 20  # days with rows, not only empty ones
    q1 = dataset.PERIODS.index("2025-Q1")
    assert [series.get(n, parse_period("2025-Q1")).value for n in names] == [dataset.EXPECTED[n][q1] for n in names]
    assert [series.get(n, parse_period("2025")).value for n in names] == [dataset.EXPECTED[n][q1] for n in names]


def test_a_quoted_table_name_inside_a_duckdb_file_is_read_as_on_postgres(shop_dir, tmp_path):
    """`wh.duckdb::analytics."Fct Orders"`, the name as SQL writes it: the quotes were kept as part of the
    name and the table was not found, while the same name is read on PostgreSQL. By hand: 165.00 in Jan 2025."""
    import duckdb

    with duckdb.connect(str(tmp_path / "wh.duckdb")) as db:
        db.execute("CREATE SCHEMA analytics")
        db.execute(f"CREATE TABLE analytics.\"Fct Orders\" AS SELECT * FROM read_parquet("
                   f"'{shop_dir / 'data' / 'orders.parquet'}')")
        (expected,) = db.execute("SELECT sum(revenue) FROM analytics.\"Fct Orders\" WHERE coalesce(status, "
                                 "'completed') = 'completed' AND ordered_at >= TIMESTAMPTZ '2025-01-01 00:00+01' "
                                 "AND ordered_at < TIMESTAMPTZ '2025-02-01 00:00+01'").fetchone()
    (tmp_path / "kpis.yaml").write_text(
        "version: 1\ncurrency: EUR\ntimezone: Europe/Paris\ndata:\n"
        "  tables: {orders: 'wh.duckdb::analytics.\"Fct Orders\"'}\nkpis: []\n", encoding="utf-8")
    results = compute(load_spec(tmp_path / "kpis.yaml"), ["revenue"], ["2025-01"])
    assert results.get("revenue", "2025-01").value == pytest.approx(float(expected)) == pytest.approx(165.00)
