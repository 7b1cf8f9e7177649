"""User errors on a database engine (PostgreSQL): located at the spec line to change, in the engine's terms."""

from __future__ import annotations

from pathlib import Path

import pytest

from kpiguard.errors import DataError
from kpiguard.metrics import compute


def test_a_sum_mapped_to_a_text_column_points_at_the_mapping(pg_spec, tmp_path):
    """`revenue: status` (a text column) in data.columns: the message names the mapping's line and says to map a
    numeric column or cast it in a view (not to rewrite a CSV file with decimal points, there is none)."""
    from kpiguard.spec import load_spec

    text = Path(pg_spec._path).read_text(encoding="utf-8")
    text = text.replace("metrics:", "  columns:\n    orders:\n      revenue: status\nmetrics:", 1)
    (tmp_path / "kpis.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as info:
        compute(load_spec(tmp_path / "kpis.yaml"), ["revenue"], ["2025-01"])
    diagnostic = info.value.diagnostics[0]
    assert diagnostic.location.line == text.splitlines().index("      revenue: status") + 1
    assert "map revenue to a numeric column under data.columns.orders, or cast it in a view" in diagnostic.message
    assert "decimal point" not in diagnostic.message


@pytest.mark.parametrize(("written", "says"), [
    # PostgreSQL folds unquoted names, kpiguard not: the message says why the name it gives differs by case only
    ("{schema}.Orders", "did you mean {schema}.orders? (kpiguard takes names as written, case included, where SQL "
                        "folds unquoted ones: write it as the engine has it)"),
    ("{schema}.orderz", "did you mean {schema}.orders"),
    ("{SCHEMA}.ORDERS", "did you mean {schema}.orders? (kpiguard takes names as written, case included"),
    ("qqq_absent.orders", "it has no schema 'qqq_absent' (schemas: "),
])
def test_a_missing_table_says_what_the_engine_has(written, says, pg_spec, tmp_path):
    from kpiguard.spec import load_spec

    schema = pg_spec.data.tables["orders"].split(".")[0]
    text = Path(pg_spec._path).read_text(encoding="utf-8")
    text = text.replace(f"orders: {schema}.orders", f"orders: {written.format(schema=schema, SCHEMA=schema.upper())}", 1)
    (tmp_path / "kpis.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as info:
        compute(load_spec(tmp_path / "kpis.yaml"), ["revenue"], ["2025-01"])
    assert says.format(schema=schema) in info.value.diagnostics[0].message
    assert ("case included" in info.value.diagnostics[0].message) == ("case included" in says)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_table_named_in_another_database_says_which_one_the_connection_reads(lang, pg_spec, tmp_path):
    """`other_db.analytics.orders`, as a warehouse user writes a three-part name: the query failed in the engine
    ('cross-database references are not implemented'). Now refused at the table's line, naming the database the
    URL connects to and the name to write there (the schema and the table, as SQL writes them)."""
    from kpiguard._i18n import set_lang
    from kpiguard.spec import load_spec

    schema = pg_spec.data.tables["orders"].split(".")[0]
    text = Path(pg_spec._path).read_text(encoding="utf-8")
    line = text.splitlines().index(f"    orders: {schema}.orders") + 1
    text = text.replace(f"orders: {schema}.orders", f"orders: 'warehouse.{schema}.\"Orders\"'", 1)
    (tmp_path / "kpis.yaml").write_text(text, encoding="utf-8")
    set_lang(lang)
    try:
        with pytest.raises(DataError) as info:
            compute(load_spec(tmp_path / "kpis.yaml"), ["revenue"], ["2025-01"])
    finally:
        set_lang("en")
    diagnostic = info.value.diagnostics[0]
    assert diagnostic.location.line == line
    database = pg_spec.data.engine.rsplit("/", 1)[1]
    assert {"en": f"but a PostgreSQL connection reads the tables of the database its URL names ('{database}') only: "
                  f"name the table there ({schema}.\"Orders\")",
            "fr": f"une connexion PostgreSQL ne lit que les tables de la base que son URL nomme ('{database}') : "
                  f"nommez la table dans celle-ci ({schema}.\"Orders\")"}[lang] in diagnostic.message


def test_a_server_that_never_answers_is_an_error_not_a_hang(tmp_path, monkeypatch):
    """A host that accepts the connection and says nothing (a firewall, a wrong port): libpq would wait for ever."""
    import socket
    import time

    from kpiguard.metrics import source
    from kpiguard.spec import load_spec

    monkeypatch.setattr(source, "PG_CONNECT_TIMEOUT", 2)
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)
    port = silent.getsockname()[1]
    (tmp_path / "kpis.yaml").write_text(
        f"version: 1\ndata:\n  engine: postgres://analyst:s3cret@127.0.0.1:{port}/shop\n  tables: {{orders: orders}}\n",
        encoding="utf-8")
    started = time.monotonic()
    try:
        with pytest.raises(DataError) as info:
            source.connect(load_spec(tmp_path / "kpis.yaml"))
    finally:
        silent.close()
    assert time.monotonic() - started < 30
    message = info.value.diagnostics[0].message
    assert "cannot connect to engine" in message and "s3cret" not in message


def test_a_time_mapped_to_a_number_points_at_the_mapping(pg_spec, tmp_path):
    from kpiguard.spec import load_spec

    text = Path(pg_spec._path).read_text(encoding="utf-8")
    text = text.replace("metrics:", "  columns:\n    orders:\n      ordered_at: revenue\nmetrics:", 1)
    (tmp_path / "kpis.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as info:
        # (not `orders`: an order needs its amount, the column mapped away here)
        compute(load_spec(tmp_path / "kpis.yaml"), ["active_customers"], ["2025-01"])
    diagnostic = info.value.diagnostics[0]
    assert diagnostic.location.line == text.splitlines().index("      ordered_at: revenue") + 1
    assert "column 'ordered_at' of table 'orders' (mapped to 'revenue') is decimal" in diagnostic.message



def test_the_engine_url_reads_its_password_from_the_environment(pg_spec, tmp_path, monkeypatch):
    """`engine: postgres://user:${KG_DB_PASSWORD}@host/db`: the secret stays out of the spec file. Here the whole
    URL comes from one variable, as a CI secret would, and the numbers are the same as with the URL written out."""
    from kpiguard.spec import load_spec

    text = Path(pg_spec._path).read_text(encoding="utf-8")
    text = text.replace(f"engine: {pg_spec.data.engine}", "engine: ${KG_TEST_DATABASE_URL}", 1)
    (tmp_path / "kpis.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("KG_TEST_DATABASE_URL", pg_spec.data.engine)
    spec = load_spec(tmp_path / "kpis.yaml")
    assert spec.data.engine == "${KG_TEST_DATABASE_URL}"
    via_env = compute(spec, ["revenue"], ["2025-01"])
    written = compute(pg_spec, ["revenue"], ["2025-01"])
    assert via_env.get("revenue", "2025-01").value == written.get("revenue", "2025-01").value > 0


def test_an_unset_environment_variable_in_the_engine_is_located_and_named(tmp_path, monkeypatch):
    from kpiguard.metrics import source
    from kpiguard.spec import load_spec

    monkeypatch.delenv("KG_UNSET_PASSWORD", raising=False)
    (tmp_path / "kpis.yaml").write_text(
        "version: 1\ndata:\n  engine: postgres://analyst:${KG_UNSET_PASSWORD}@127.0.0.1:1/shop\n"
        "  tables: {orders: orders}\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        source.connect(load_spec(tmp_path / "kpis.yaml"))
    diagnostic = info.value.diagnostics[0]
    assert diagnostic.location.line == 3
    assert "environment variable KG_UNSET_PASSWORD is not set" in diagnostic.message
    assert "export KG_UNSET_PASSWORD=" in diagnostic.message


def test_a_password_from_the_environment_is_url_encoded_and_never_printed(tmp_path, monkeypatch):
    """A password with `@`, `/` or `:` would break the URL if pasted as is; it is percent-encoded inside a URL,
    and a failed connection's message shows neither its raw nor its encoded form."""
    from kpiguard.metrics import source
    from kpiguard.spec import load_spec

    monkeypatch.setenv("KG_PW", "p@ss/w:rd")
    assert source.expand_env("postgres://u:${KG_PW}@h/db", None) == "postgres://u:p%40ss%2Fw%3Ard@h/db"
    assert source.expand_env("${KG_PW}", None) == "p@ss/w:rd"  # the whole engine: taken as written
    with pytest.raises(DataError, match=r"\$\{1BAD\} is not an environment variable name"):
        source.expand_env("postgres://u:${1BAD}@h/db", None)
    (tmp_path / "kpis.yaml").write_text(
        "version: 1\ndata:\n  engine: postgres://analyst:${KG_PW}@127.0.0.1:1/shop\n  tables: {orders: orders}\n",
        encoding="utf-8")
    with pytest.raises(DataError) as info:
        source.connect(load_spec(tmp_path / "kpis.yaml"))
    message = info.value.diagnostics[0].message
    assert "cannot connect to engine 'postgres://analyst:${KG_PW}@127.0.0.1:1/shop'" in message
    assert "p@ss" not in message and "p%40ss" not in message


@pytest.mark.parametrize("query", ["user=analyst&password=S3cret%40x", "sslmode=disable&PASSWORD=S3cret",
                                   "motherduck_token=S3cret&x=1"])
def test_a_password_given_as_a_parameter_of_the_url_is_never_printed(query, tmp_path):
    """libpq's URLs also take the password as a parameter (`?user=analyst&password=...`, as JDBC users write
    them): a failed connection printed the URL whole, password included. Now `password=***`."""
    from kpiguard.metrics import source
    from kpiguard.spec import load_spec

    (tmp_path / "kpis.yaml").write_text(
        f"version: 1\ndata:\n  engine: postgres://127.0.0.1:1/shop?{query}\n  tables: {{orders: orders}}\n",
        encoding="utf-8")
    with pytest.raises(DataError) as info:
        source.connect(load_spec(tmp_path / "kpis.yaml"))
    message = info.value.diagnostics[0].message
    assert "cannot connect to engine 'postgres://127.0.0.1:1/shop?" in message
    assert "S3cret" not in message and "=***" in message


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_refused_password_says_what_to_check_and_how_to_write_one_in_the_url(lang, tmp_path, monkeypatch):
    """The server's 'password authentication failed' (here as psycopg raises it: the test server trusts every
    local user): a password holding `@` or `#` written as it is in the URL reaches the server cut, which the
    engine's words alone do not say. The message says to percent-encode it or keep it in a variable."""
    import ibis

    from kpiguard._i18n import set_lang
    from kpiguard.metrics import source
    from kpiguard.spec import load_spec

    def refuse(url, **kwargs):
        raise RuntimeError('connection failed: connection to server at "127.0.0.1", port 5432 failed: FATAL:  '
                           'password authentication failed for user "analyst"')

    monkeypatch.setattr(ibis, "connect", refuse)
    (tmp_path / "kpis.yaml").write_text(
        "version: 1\ndata:\n  engine: postgres://analyst:S3cret%40x@127.0.0.1:5432/shop\n"
        "  tables: {orders: orders}\n", encoding="utf-8")
    set_lang(lang)
    try:
        with pytest.raises(DataError) as info:
            source.connect(load_spec(tmp_path / "kpis.yaml"))
    finally:
        set_lang("en")
    message = info.value.diagnostics[0].message
    assert "password authentication failed" in message and "S3cret" not in message
    assert {"en": "Check the user name and the password: in the URL, a password's @ : / # ? % and spaces must be "
                  "percent-encoded (@ as %40), or keep it in a variable of its own, which kpiguard encodes: "
                  "postgres://user:${DB_PASSWORD}@host:5432/db",
            "fr": "Vérifiez le nom d'utilisateur et le mot de passe"}[lang] in message


def test_a_table_name_with_quoted_parts_is_read_as_sql_writes_it(pg_spec, tmp_path):
    """`"Schema"."Orders"`, as psql and every SQL editor write a name with upper-case letters: kpiguard looked
    for a table whose name held the quotes, and said it did not exist. The quotes now delimit the parts."""
    import os

    import psycopg

    from kpiguard.spec import load_spec

    schema = pg_spec.data.tables["orders"].split(".")[0]
    with psycopg.connect(os.environ["KPIGUARD_TEST_PG_URL"].replace("postgres://", "postgresql://"),
                         autocommit=True) as con:
        con.execute(f'DROP TABLE IF EXISTS "{schema}"."Fct.Orders"')
        con.execute(f'CREATE TABLE "{schema}"."Fct.Orders" AS SELECT * FROM "{schema}".orders')
        expected = con.execute(
            f"SELECT sum(revenue) FROM \"{schema}\".\"Fct.Orders\" WHERE coalesce(status, 'completed') = 'completed' "
            "AND ordered_at >= '2025-01-01 00:00+01' AND ordered_at < '2025-02-01 00:00+01'").fetchone()[0]
    text = Path(pg_spec._path).read_text(encoding="utf-8")
    text = text.replace(f"orders: {schema}.orders", f"orders: '\"{schema}\".\"Fct.Orders\"'", 1)
    (tmp_path / "kpis.yaml").write_text(text, encoding="utf-8")
    results = compute(load_spec(tmp_path / "kpis.yaml"), ["revenue"], ["2025-01"])
    assert results.get("revenue", "2025-01").value == pytest.approx(float(expected)) == pytest.approx(165.00)


def test_a_table_named_without_its_schema_says_in_which_schema_it_is(pg_spec, tmp_path):
    """`orders: ORDERS` when the table lives in a warehouse's own schema (`analytics.fct_orders`), out of
    the search path: the error said only that it did not exist; it now names where it is."""
    from kpiguard.spec import load_spec

    schema = pg_spec.data.tables["orders"].split(".")[0]
    text = Path(pg_spec._path).read_text(encoding="utf-8").replace(f"orders: {schema}.orders", "orders: ORDERS", 1)
    (tmp_path / "kpis.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as info:
        compute(load_spec(tmp_path / "kpis.yaml"), ["revenue"], ["2025-01"])
    message = info.value.diagnostics[0].message
    assert "did you mean " in message and f"{schema}.orders" in message.split("did you mean ")[1].rstrip("?").split(", ")


def test_a_missing_column_lists_the_columns_the_table_has_as_it_names_them(pg_spec, tmp_path):
    """The list of columns after 'columns there' named a `status` the table lacks (kpiguard's own, all missing,
    added for an orders table without one)."""
    import os

    import psycopg

    from kpiguard.spec import load_spec

    schema = pg_spec.data.tables["orders"].split(".")[0]
    with psycopg.connect(os.environ["KPIGUARD_TEST_PG_URL"].replace("postgres://", "postgresql://"),
                         autocommit=True) as con:
        con.execute(f'DROP TABLE IF EXISTS "{schema}".orders_placed')
        con.execute(f'CREATE TABLE "{schema}".orders_placed AS SELECT order_id, customer_id, ordered_at AS "Placed_At", '
                    f'revenue FROM "{schema}".orders')
    text = Path(pg_spec._path).read_text(encoding="utf-8")
    text = text.replace(f"orders: {schema}.orders", f"orders: {schema}.orders_placed", 1)
    (tmp_path / "kpis.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as info:
        compute(load_spec(tmp_path / "kpis.yaml"), ["revenue"], ["2025-01"])
    assert "columns there: order_id, customer_id, Placed_At, revenue. Map it" in info.value.diagnostics[0].message


@pytest.mark.parametrize("lang, says", [("en", "after its statement_timeout"), ("fr", "après son statement_timeout")])
def test_a_query_the_server_stops_at_its_statement_timeout_says_so_and_how_to_raise_it(lang, says, pg_spec, tmp_path):
    """A BI role's statement_timeout (here set for the session in the URL, as ALTER ROLE would): a query cut
    short said only 'canceling statement due to statement timeout', and when the cut fell on opening the table,
    that the table did not exist. The error now gives the engine's reason and the way to a longer timeout."""
    import os

    import psycopg
    from typer.testing import CliRunner

    from kpiguard.cli import _register, app

    _register()
    schema = pg_spec.data.tables["orders"].split(".")[0]
    with psycopg.connect(os.environ["KPIGUARD_TEST_PG_URL"].replace("postgres://", "postgresql://"),
                         autocommit=True) as con:
        con.execute(f'CREATE OR REPLACE VIEW "{schema}".orders_slow AS SELECT order_id, customer_id, ordered_at, '
                    f"status, revenue + CASE WHEN pg_sleep(0.5)::text = '' THEN 0 ELSE 0 END AS revenue "
                    f'FROM "{schema}".orders')
    engine = pg_spec.data.engine + "?options=-c%20statement_timeout%3D300"
    text = Path(pg_spec._path).read_text(encoding="utf-8").replace(pg_spec.data.engine, f'"{engine}"', 1)
    text = text.replace(f"orders: {schema}.orders", f"orders: {schema}.orders_slow", 1)
    (tmp_path / "kpis.yaml").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["compute", str(tmp_path / "kpis.yaml"), "-m", "revenue", "-p", "2025",
                                      "--lang", lang])
    assert result.exit_code == 2 and "Traceback" not in result.output, result.output
    assert says in result.stderr and "statement_timeout%3D15min" in result.stderr
    assert "does not exist" not in result.stderr and "n'existe pas" not in result.stderr


def test_a_misspelt_materialized_view_is_named_among_the_close_names(pg_spec, tmp_path):
    """dbt's `materialized='materialized_view'` models: ibis lists no materialized view, so a misspelt one was
    never suggested (only the plain tables around it were)."""
    import os

    import psycopg

    from kpiguard.spec import load_spec

    schema = pg_spec.data.tables["orders"].split(".")[0]
    with psycopg.connect(os.environ["KPIGUARD_TEST_PG_URL"].replace("postgres://", "postgresql://"),
                         autocommit=True) as con:
        con.execute(f'DROP MATERIALIZED VIEW IF EXISTS "{schema}".fct_orders_mv')
        con.execute(f'CREATE MATERIALIZED VIEW "{schema}".fct_orders_mv AS SELECT * FROM "{schema}".orders')
    text = Path(pg_spec._path).read_text(encoding="utf-8")
    text = text.replace(f"orders: {schema}.orders", f"orders: {schema}.fct_order_mv", 1)
    (tmp_path / "kpis.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as info:
        compute(load_spec(tmp_path / "kpis.yaml"), ["revenue"], ["2025-01"])
    message = info.value.diagnostics[0].message
    assert f"did you mean {schema}.fct_orders_mv" in message


@pytest.mark.parametrize(("lang", "says"), [
    ("en", "the connection's search_path names {written} without double quotes, which PostgreSQL reads in lower "
           "case ({folded}, a schema it does not have): quote it in the engine URL (`options=-c "
           "search_path=\"{schema}\"`, written `?options=-c%20search_path%3D%22{schema}%22`) or name the table with "
           "its schema ({schema}.orders)"),
    ("fr", "le search_path de la connexion nomme {written} sans guillemets doubles, ce que PostgreSQL lit en "
           "minuscules ({folded}, un schéma qu'il n'a pas) : mettez-le entre guillemets dans l'URL du moteur"),
])
def test_a_search_path_with_capitals_says_postgresql_reads_it_in_lower_case_and_how_to_quote_it(lang, says, pg_spec,
                                                                                                 tmp_path):
    """A dbt schema with capitals (`Kg_Marts`) set as the search path in the URL, unquoted, as one writes it:
    PostgreSQL reads `kg_marts`, which does not exist, and the error said only that `orders` did not exist (and
    guessed other schemas' tables). It now says why and both ways out: quote it in the URL, or name the schema."""
    import os

    import psycopg
    from typer.testing import CliRunner

    from kpiguard.cli import _register, app

    _register()
    source = pg_spec.data.tables["orders"].split(".")[0]
    schema = "Kg_Marts_" + os.environ.get("PYTEST_XDIST_WORKER", "main")
    url = os.environ["KPIGUARD_TEST_PG_URL"].replace("postgres://", "postgresql://")
    with psycopg.connect(url, autocommit=True) as con:
        con.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        con.execute(f'CREATE SCHEMA "{schema}"')
        con.execute(f'CREATE VIEW "{schema}".orders AS SELECT * FROM "{source}".orders')
    try:
        written = schema.upper() if lang == "fr" else schema
        engine = pg_spec.data.engine + f"?options=-c%20search_path%3D{written}"
        text = Path(pg_spec._path).read_text(encoding="utf-8").replace(pg_spec.data.engine, f'"{engine}"', 1)
        text = text.replace(f"orders: {source}.orders", "orders: orders", 1)
        (tmp_path / "kpis.yaml").write_text(text, encoding="utf-8")
        result = CliRunner().invoke(app, ["compute", str(tmp_path / "kpis.yaml"), "-m", "revenue", "-p", "2025-01",
                                          "--lang", lang])
        assert result.exit_code == 2 and "Traceback" not in result.output, result.output
        assert says.format(written=written, folded=schema.lower(), schema=schema) in result.stderr
        # the way out works: the search path quoted in the URL
        quoted = text.replace(f"search_path%3D{written}", f"search_path%3D%22{schema}%22")
        (tmp_path / "kpis.yaml").write_text(quoted, encoding="utf-8")
        result = CliRunner().invoke(app, ["compute", str(tmp_path / "kpis.yaml"), "-m", "revenue", "-p", "2025-01"])
        assert result.exit_code == 0, result.output
    finally:
        with psycopg.connect(url, autocommit=True) as con:
            con.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
