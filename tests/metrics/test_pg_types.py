"""A warehouse's column types on PostgreSQL (money, varchar amounts, bigint and uuid ids, text flags, quoted and
upper-case names, views), each number checked against the hand-written SQL a warehouse analyst would run."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kpiguard.errors import DataError
from kpiguard.metrics import compute
from kpiguard.spec import load_spec

from .conftest import PG_ENV


@pytest.fixture(scope="module")
def pg(pg_spec):
    """A psycopg connection to the test database, its session in the spec's time zone, and the shop's schema."""
    import psycopg

    schema = pg_spec.data.tables["orders"].split(".")[0]
    with psycopg.connect(os.environ[PG_ENV].replace("postgres://", "postgresql://"), autocommit=True) as con:
        con.execute("SET TIME ZONE 'Europe/Paris'")
        yield con, schema


def _spec(pg_spec, tmp_path: Path, tables: str, columns: str = "", values: str = ""):
    """A spec on the test database with the tables (and data.columns, data.values) given as YAML flow maps."""
    from kpiguard.spec import load_spec

    text = (f"version: 1\ncurrency: EUR\ntimezone: Europe/Paris\ndata:\n  engine: {pg_spec.data.engine}\n"
            f"  tables: {tables}\n" + (f"  columns: {columns}\n" if columns else "")
            + (f"  values: {values}\n" if values else "") + "kpis: []\n")
    (tmp_path / "kpis.yaml").write_text(text, encoding="utf-8")
    return load_spec(tmp_path / "kpis.yaml")


def _sql(con, query: str) -> tuple:
    return con.execute(query).fetchone()


MONTHS = {"2025-01": ("2025-01-01", "2025-02-01"), "2025-02": ("2025-02-01", "2025-03-01")}


def test_money_amounts_are_read_as_numeric_in_the_engine(pg, pg_spec, tmp_path):
    """A `money` column (ibis takes it for a decimal, the engine sums it as money and prints `$1,234.50`) is
    cast to numeric in the engine: revenue, margin and AOV equal `sum(amount::numeric)` written by hand."""
    con, schema = pg
    con.execute(f'DROP TABLE IF EXISTS "{schema}".orders_money')
    con.execute(f'CREATE TABLE "{schema}".orders_money AS SELECT order_id, customer_id, ordered_at, status, '
                f'utm_medium, revenue::money AS amount, margin::money AS margin FROM "{schema}".orders')
    spec = _spec(pg_spec, tmp_path, f"{{orders: {schema}.orders_money}}", "{orders: {revenue: amount}}")
    results = compute(spec, ["revenue", "margin", "aov"], list(MONTHS))
    for period, (start, end) in MONTHS.items():
        revenue, margin, orders = _sql(con, (
            f"SELECT sum(amount::numeric), sum(margin::numeric), count(*) FROM \"{schema}\".orders_money "
            f"WHERE coalesce(status, 'completed') = 'completed' AND ordered_at >= '{start}' AND ordered_at < '{end}'"))
        assert results.get("revenue", period).value == pytest.approx(float(revenue))
        assert results.get("margin", period).value == pytest.approx(float(margin))
        assert results.get("aov", period).value == pytest.approx(float(revenue) / orders)
    assert results.get("revenue", "2025-01").value == pytest.approx(165.00)  # the hand-made shop's January


def test_a_text_amount_on_postgres_names_the_first_value_that_is_not_a_number(pg, pg_spec, tmp_path):
    """PostgreSQL has no TRY_CAST: the value is found by a regular expression the engine runs. An amount with the
    spec's currency sign (`€60.50`) is a number, read as the plain ones beside it."""
    con, schema = pg
    con.execute(f'DROP TABLE IF EXISTS "{schema}".orders_text')
    con.execute(f'CREATE TABLE "{schema}".orders_text AS SELECT order_id, customer_id, ordered_at, status, '
                f"CASE WHEN order_id = 'o5' THEN revenue::text || ' (refunded)' ELSE revenue::text END AS amount, "
                f"CASE WHEN order_id = 'o5' THEN '€' || revenue::text ELSE revenue::text END AS signed "
                f'FROM "{schema}".orders')
    spec = _spec(pg_spec, tmp_path, f"{{orders: {schema}.orders_text}}", "{orders: {revenue: amount}}")
    with pytest.raises(DataError) as info:
        compute(spec, ["revenue"], ["2025-01"])
    message = info.value.diagnostics[0].message
    assert "which is text in the engine, not numbers ('60.50 (refunded)' is not a number)" in message
    assert info.value.diagnostics[0].location.line == 7  # data.columns, where revenue is mapped
    spec = _spec(pg_spec, tmp_path, f"{{orders: {schema}.orders_text}}", "{orders: {revenue: signed}}")
    (total,) = con.execute(f"SELECT sum(revenue) FROM \"{schema}\".orders WHERE coalesce(status, 'completed') = "
                           "'completed' AND ordered_at >= '2025-01-01' AND ordered_at < '2025-02-01'").fetchone()
    assert compute(spec, ["revenue"], ["2025-01"]).get("revenue", "2025-01").value == pytest.approx(float(total))


def test_varchar_amounts_that_are_all_numbers_are_read_as_numbers(pg, pg_spec, tmp_path):
    """A varchar column of plain numbers (a CSV loaded as text), with padding and blanks: summed as
    `sum(nullif(trim(amount), '')::numeric)`, a blank being a missing amount."""
    con, schema = pg
    con.execute(f'DROP TABLE IF EXISTS "{schema}".orders_varchar')
    con.execute(f'CREATE TABLE "{schema}".orders_varchar AS SELECT order_id, customer_id, ordered_at, status, '
                f"CASE WHEN order_id = 'o2' THEN '' WHEN order_id = 'o1' THEN ' 100.00 ' "
                f"ELSE revenue::varchar(20) END AS amount FROM \"{schema}\".orders")
    spec = _spec(pg_spec, tmp_path, f"{{orders: {schema}.orders_varchar}}", "{orders: {revenue: amount}}")
    results = compute(spec, ["revenue", "aov"], list(MONTHS))
    for period, (start, end) in MONTHS.items():
        revenue, orders = _sql(con, (
            f"SELECT sum(nullif(trim(amount), '')::numeric), "
            f"count(*) FILTER (WHERE nullif(trim(amount), '')::numeric >= 0) FROM \"{schema}\".orders_varchar "
            f"WHERE coalesce(status, 'completed') = 'completed' AND ordered_at >= '{start}' AND ordered_at < '{end}'"))
        assert results.get("revenue", period).value == pytest.approx(float(revenue))
        assert results.get("aov", period).value == pytest.approx(float(revenue) / orders)
    assert results.get("revenue", "2025-01").value == pytest.approx(115.00)  # 165 without o2's 50


@pytest.mark.parametrize(("written", "hits"), [
    ("boolean", "is_hit"),
    ("char(1)", "CASE WHEN is_hit THEN 't' ELSE 'f' END"),
    ("text", "CASE WHEN is_hit THEN 'Yes' ELSE 'no' END"),
    ("smallint", "CASE WHEN is_hit THEN 1 ELSE 0 END"),
])
def test_yes_no_flags_are_read_as_the_warehouse_writes_them(written, hits, pg, pg_spec, tmp_path):
    """`is_hit` as a boolean, 't'/'f' (PostgreSQL's own text of a boolean), Yes/no, 1/0: the same hits."""
    con, schema = pg
    table = f"creatives_{written.split('(')[0]}"
    con.execute(f'DROP TABLE IF EXISTS "{schema}".{table}')
    con.execute(f'CREATE TABLE "{schema}".{table} AS SELECT creative_id, launched_at, ({hits})::{written} AS is_hit '
                f'FROM "{schema}".creatives')
    spec = _spec(pg_spec, tmp_path, f"{{creatives: {schema}.{table}}}")
    results = compute(spec, ["creative_hits", "creative_hit_rate"], list(MONTHS))
    for period, (start, end) in MONTHS.items():
        hit, launched = _sql(con, (
            f'SELECT count(*) FILTER (WHERE is_hit), count(*) FROM "{schema}".creatives '
            f"WHERE launched_at >= '{start}' AND launched_at < '{end}'"))
        assert results.get("creative_hits", period).value == hit
        assert results.get("creative_hit_rate", period).value == pytest.approx(hit / launched)


def test_flags_kpiguard_cannot_read_are_named_with_the_way_out(pg, pg_spec, tmp_path):
    con, schema = pg
    con.execute(f'DROP TABLE IF EXISTS "{schema}".creatives_words')
    con.execute(f'CREATE TABLE "{schema}".creatives_words AS SELECT creative_id, launched_at, '
                f"CASE WHEN is_hit THEN 'Hit' ELSE 'Miss' END AS outcome FROM \"{schema}\".creatives")
    spec = _spec(pg_spec, tmp_path, f"{{creatives: {schema}.creatives_words}}", "{creatives: {is_hit: outcome}}")
    with pytest.raises(DataError) as info:
        compute(spec, ["creative_hits"], ["2025-01"])
    message = info.value.diagnostics[0].message
    assert "column 'outcome' of table 'creatives' (mapped to 'outcome') should say yes or no" in message
    assert "'Hit'" in message and "'Miss'" in message and "data.values" in message
    # the way out, taken: the same hits as the boolean
    spec = _spec(pg_spec, tmp_path, f"{{creatives: {schema}.creatives_words}}", "{creatives: {is_hit: outcome}}",
                 "{creatives: {is_hit: {true: Hit, false: Miss}}}")
    assert compute(spec, ["creative_hits"], ["2025-01"]).get("creative_hits", "2025-01").value == _sql(
        con, f"SELECT count(*) FILTER (WHERE is_hit) FROM \"{schema}\".creatives "
             "WHERE launched_at >= '2025-01-01' AND launched_at < '2025-02-01'")[0]


def test_text_times_not_written_as_iso_are_named_before_postgres_reads_them_month_first(pg, pg_spec, tmp_path):
    """A varchar order date `05/01/2025` (5 January, day first): PostgreSQL's default date style reads it as
    1 May, without a word. With no TRY_CAST there, the value is found by a regular expression and named; ISO
    text beside it (`2025-01-05 10:00:00`, `2025-01-31T23:30:00Z`) is read."""
    con, schema = pg
    con.execute(f'DROP TABLE IF EXISTS "{schema}".orders_dates')
    con.execute(f'CREATE TABLE "{schema}".orders_dates AS SELECT order_id, customer_id, revenue, status, '
                f"CASE WHEN order_id = 'o1' THEN to_char(ordered_at, 'DD/MM/YYYY') "
                f"ELSE to_char(ordered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || 'Z' END AS placed "
                f'FROM "{schema}".orders')
    spec = _spec(pg_spec, tmp_path, f"{{orders: {schema}.orders_dates}}", "{orders: {ordered_at: placed}}")
    with pytest.raises(DataError) as info:
        compute(spec, ["revenue"], ["2025-01"])
    assert ("(column 'placed'): '05/01/2025' is not written as an ISO date or timestamp"
            in info.value.diagnostics[0].message)
    con.execute(f"UPDATE \"{schema}\".orders_dates SET placed = '2025-01-05 09:00:00Z' WHERE order_id = 'o1'")
    results = compute(_spec(pg_spec, tmp_path, f"{{orders: {schema}.orders_dates}}", "{orders: {ordered_at: placed}}"),
                      ["revenue"], list(MONTHS))
    assert [results.get("revenue", m).value for m in MONTHS] == pytest.approx([165.00, 140.50])


def test_fixed_length_char_statuses_and_mediums_are_read_without_their_padding(pg, pg_spec, tmp_path):
    """`status char(12)`, `utm_medium char(8)`: PostgreSQL hands back `'completed   '`, which kpiguard refused
    as a status it does not know. Read as varchar (no padding), they count as `status = 'completed'` does in SQL."""
    con, schema = pg
    con.execute(f'DROP TABLE IF EXISTS "{schema}".orders_char')
    con.execute(f'CREATE TABLE "{schema}".orders_char AS SELECT order_id, customer_id, ordered_at, revenue, '
                f'status::char(12) AS status, utm_medium::char(8) AS utm_medium FROM "{schema}".orders')
    spec = _spec(pg_spec, tmp_path, f"{{orders: {schema}.orders_char}}")
    results = compute(spec, ["revenue", "email_revenue"], list(MONTHS))
    for period, (start, end) in MONTHS.items():
        revenue, email = _sql(con, (
            f"SELECT sum(revenue), sum(revenue) FILTER (WHERE utm_medium = 'email') FROM \"{schema}\".orders_char "
            f"WHERE coalesce(status, 'completed') = 'completed' AND ordered_at >= '{start}' AND ordered_at < '{end}'"))
        assert results.get("revenue", period).value == pytest.approx(float(revenue))
        assert results.get("email_revenue", period).value == pytest.approx(float(email))


def test_nan_amounts_are_missing_amounts_not_a_zero_revenue(pg, pg_spec, tmp_path):
    """Amounts loaded from pandas as NaN (`double precision`, or a numeric 'NaN'): the engine's sum is NaN, and
    the month's revenue was printed €0.00. They are missing amounts, as pandas reads them: the sum of the others,
    `sum(nullif(amount, 'NaN'))` by hand. A sum of the user's own over them is unknown, and says why."""
    con, schema = pg
    con.execute(f'DROP TABLE IF EXISTS "{schema}".orders_nan')
    con.execute(f'CREATE TABLE "{schema}".orders_nan AS SELECT order_id, customer_id, ordered_at, status, '
                f"CASE WHEN order_id = 'o2' THEN 'NaN' ELSE revenue END::double precision AS amount, "
                f"CASE WHEN order_id = 'o1' THEN 'NaN' ELSE margin END AS margin, "
                f"CASE WHEN order_id = 'o2' THEN 'NaN' ELSE revenue END::double precision AS fee "
                f'FROM "{schema}".orders')
    spec = _spec(pg_spec, tmp_path, f"{{orders: {schema}.orders_nan}}", "{orders: {revenue: amount}}")
    text = Path(spec._path).read_text(encoding="utf-8").replace(
        "kpis: []", "metrics:\n  own_sum: {type: simple, table: orders, measure: sum(fee)}\nkpis: []")
    Path(spec._path).write_text(text, encoding="utf-8")
    from kpiguard.spec import load_spec

    results = compute(load_spec(spec._path), ["revenue", "margin", "aov", "own_sum"], list(MONTHS))
    for period, (start, end) in MONTHS.items():
        revenue, margin, orders = _sql(con, (
            f"SELECT sum(nullif(amount, 'NaN')), sum(nullif(margin, 'NaN')), "
            f"count(*) FILTER (WHERE nullif(amount, 'NaN') >= 0) FROM \"{schema}\".orders_nan "
            f"WHERE coalesce(status, 'completed') = 'completed' AND ordered_at >= '{start}' AND ordered_at < '{end}'"))
        assert results.get("revenue", period).value == pytest.approx(float(revenue))
        assert results.get("margin", period).value == pytest.approx(float(margin))
        assert results.get("aov", period).value == pytest.approx(float(revenue) / orders)
    assert results.get("revenue", "2025-01").value == pytest.approx(115.00)  # 165 without o2's 50
    assert results.get("margin", "2025-01").value == pytest.approx(13.00)  # 43 without o1's 30
    own = results.get("own_sum", "2025-01")
    assert own.value is None and own.status == "null" and "sum(fee) is NaN (not a number)" in own.reason
    assert results.get("own_sum", "2025-02").value == pytest.approx(140.50)  # no NaN in February


def _upper_case_orders(con, schema: str) -> None:
    """The shop's orders as a warehouse loaded them from a tool that keeps the case of its headers (quoted names:
    "Order_ID", "Ordered_At", "Revenue", "Status", "UTM_Medium")."""
    con.execute(f'DROP TABLE IF EXISTS "{schema}".orders_upper')
    con.execute(f'CREATE TABLE "{schema}".orders_upper AS SELECT order_id AS "Order_ID", customer_id AS "CUSTOMER_ID", '
                f'ordered_at AS "Ordered_At", revenue AS "Revenue", status AS "Status", utm_medium AS "UTM_Medium" '
                f'FROM "{schema}".orders')


def test_columns_named_like_kpiguard_s_but_for_their_case_are_read_alike_on_postgres_and_duckdb(pg, pg_spec,
                                                                                                  tmp_path):
    """A table whose columns say `Status` and `Revenue` (quoted upper-case names) without data.columns: on
    PostgreSQL, kpiguard found no `status`, took every order as completed and counted the cancelled and refunded
    ones (Jan 2025: 230.00 instead of 165.00); DuckDB matched `status` to `Status` by itself and got another
    number. The canonical column written in another case is now read as it, alike on both engines."""
    import duckdb

    con, schema = pg
    _upper_case_orders(con, schema)
    (tmp_path / "pg").mkdir()
    pg_results = compute(_spec(pg_spec, tmp_path / "pg", f"{{orders: {schema}.orders_upper}}"),
                         ["revenue", "orders", "email_revenue", "active_customers"], list(MONTHS))
    rows = con.execute(f'SELECT * FROM "{schema}".orders_upper').fetchall()
    columns = '"Order_ID" VARCHAR, "CUSTOMER_ID" VARCHAR, "Ordered_At" TIMESTAMPTZ, "Revenue" DECIMAL(12, 2), ' \
              '"Status" VARCHAR, "UTM_Medium" VARCHAR'
    (tmp_path / "duck").mkdir()
    with duckdb.connect() as db:
        db.execute(f"CREATE TABLE orders_upper ({columns})")
        db.executemany("INSERT INTO orders_upper VALUES (?, ?, ?, ?, ?, ?)", rows)
        db.execute(f"COPY orders_upper TO '{tmp_path / 'duck' / 'orders.parquet'}' (FORMAT parquet)")
    duck = _spec(pg_spec, tmp_path / "duck", "{orders: orders.parquet}")
    duck_text = Path(duck._path).read_text(encoding="utf-8").replace(f"engine: {pg_spec.data.engine}", "engine: duckdb")
    Path(duck._path).write_text(duck_text, encoding="utf-8")
    from kpiguard.spec import load_spec

    duck_results = compute(load_spec(duck._path), ["revenue", "orders", "email_revenue", "active_customers"],
                           list(MONTHS))
    for period, (start, end) in MONTHS.items():
        expected = _sql(con, (
            f'SELECT sum("Revenue"), count(*) FILTER (WHERE "Revenue" >= 0), '
            f'coalesce(sum("Revenue") FILTER (WHERE "UTM_Medium" = \'email\'), 0), count(DISTINCT "CUSTOMER_ID") '
            f'FROM "{schema}".orders_upper WHERE coalesce("Status", \'completed\') = \'completed\' '
            f'AND "Ordered_At" >= \'{start}\' AND "Ordered_At" < \'{end}\''))
        for results in (pg_results, duck_results):
            got = [results.get(m, period).value for m in ("revenue", "orders", "email_revenue", "active_customers")]
            assert got == pytest.approx([float(v) for v in expected])
    assert pg_results.get("revenue", "2025-01").value == pytest.approx(165.00)


@pytest.mark.parametrize("lang, says", [("en", "has several columns named 'status' but for their case"),
                                        ("fr", "a plusieurs colonnes nommées 'status' à la casse près")])
def test_two_columns_that_differ_by_case_only_ask_which_one_to_read(lang, says, pg, pg_spec, tmp_path):
    """`Status` and `STATUS` in one table: either could be the status; the error says which line to write."""
    from typer.testing import CliRunner

    from kpiguard.cli import _register, app

    _register()
    con, schema = pg
    con.execute(f'DROP TABLE IF EXISTS "{schema}".orders_two_status')
    con.execute(f'CREATE TABLE "{schema}".orders_two_status AS SELECT order_id, customer_id, ordered_at, revenue, '
                f'status AS "Status", upper(status) AS "STATUS" FROM "{schema}".orders')
    spec = _spec(pg_spec, tmp_path, f"{{orders: {schema}.orders_two_status}}")
    result = CliRunner().invoke(app, ["compute", spec._path, "-m", "revenue", "-p", "2025-01", "--lang", lang])
    assert result.exit_code == 2 and "Traceback" not in result.output, result.output
    assert "kpis.yaml:6:12: " in result.stderr and says in result.stderr
    assert "data.columns.orders (status: Status)" in result.stderr


@pytest.mark.parametrize("lang, says", [
    ("en", "is read as kpiguard's column 'status', whose name it writes with other capitals (matched whatever the "
           "case, without a mapping)"),
    ("fr", "est lue comme la colonne 'status' de kpiguard, dont elle écrit le nom avec d'autres majuscules")])
@pytest.mark.parametrize(("where", "line"), [("values", 7), ("filters", 7), ("metric", 9)])
def test_a_column_matched_by_case_written_with_its_own_capitals_says_why_and_what_to_write(
        lang, says, where, line, pg, pg_spec, tmp_path):
    """`Status` (the table's quoted name, read as `status` without a mapping) written in data.values, in
    data.filters or in a metric's filter: the message asked "did you mean 'status'?" (or said the column was
    unknown) without saying why `Status`, the table's own name, is not one. It now says that the column was
    matched whatever its case and that kpiguard's name is the one to write; written so, January is 165.00."""
    from typer.testing import CliRunner

    from kpiguard.cli import _register, app

    _register()
    con, schema = pg
    _upper_case_orders(con, schema)
    written = {"values": "  values: {orders: {Status: {completed: paid}}}\n",
               "filters": "  filters: {orders: Status is distinct from 'test'}\n",
               "metric": "metrics:\n  mine: {type: simple, table: orders, measure: sum(revenue), filter: \"coalesce(Status, 'completed') = 'completed'\"}\n"}
    text = (f"version: 1\ncurrency: EUR\ntimezone: Europe/Paris\ndata:\n  engine: {pg_spec.data.engine}\n"
            f"  tables: {{orders: {schema}.orders_upper}}\n" + written[where] + "kpis: []\n")
    if where == "metric":
        text = text.replace("metrics:", "  columns: {}\nmetrics:")
    (tmp_path / "kpis.yaml").write_text(text, encoding="utf-8")
    metric = "mine" if where == "metric" else "revenue"
    result = CliRunner().invoke(app, ["compute", str(tmp_path / "kpis.yaml"), "-m", metric, "-p", "2025-01",
                                      "--lang", lang])
    assert result.exit_code == 2 and "Traceback" not in result.output, result.output
    assert f"kpis.yaml:{line}:" in result.stderr and says in result.stderr, result.stderr
    assert ("write status" if lang == "en" else "écrivez status") in result.stderr
    (tmp_path / "kpis.yaml").write_text(text.replace("Status", "status"),
                                        encoding="utf-8")
    assert compute(load_spec(tmp_path / "kpis.yaml"), [metric], ["2025-01"]).get(metric, "2025-01").value == \
        pytest.approx(165.00)


@pytest.mark.parametrize("written", ["timestamp", "timestamptz", "date"])
def test_endless_times_are_named_with_the_filter_that_leaves_them_out(written, pg, pg_spec, tmp_path):
    """PostgreSQL's `'infinity'` and `'-infinity'` (an application's "no date yet"), in the orders' times: a
    review, which first reads the data's first and last days, said 'timestamp too large (after year 10K):
    'infinity'. Store them as ISO dates or timestamps'. It now names them and the data.filters line that leaves
    them out; with it, the review runs and January's revenue is the hand-made 165.00."""
    con, schema = pg
    table = f"orders_endless_{written}"
    con.execute(f'DROP TABLE IF EXISTS "{schema}".{table}')
    con.execute(f'CREATE TABLE "{schema}".{table} AS SELECT order_id, customer_id, ordered_at::{written} AS at, '
                f'revenue, status FROM "{schema}".orders')
    con.execute(f"INSERT INTO \"{schema}\".{table} (order_id, at, revenue) VALUES ('x1', 'infinity', 1), "
                "('x2', '-infinity', 2)")
    spec = _spec(pg_spec, tmp_path, f"{{orders: {schema}.{table}}}", "{orders: {ordered_at: at}}")
    from kpiguard.review import review

    with pytest.raises(DataError) as info:
        review(spec)
    assert info.value.diagnostics[0].message == (
        "table 'orders' (column 'at') has times 'infinity' or '-infinity' (PostgreSQL's times without end), which "
        "fall on no day: leave those rows out under data.filters (`orders: \"ordered_at between cast('1900-01-01' "
        "as timestamp) and cast('3000-01-01' as timestamp)\"`)")
    text = Path(spec._path).read_text(encoding="utf-8").replace("kpis: []", (
        "  filters: {orders: \"ordered_at between cast('1900-01-01' as timestamp) and cast('3000-01-01' as "
        "timestamp)\"}\nkpis: []"))
    Path(spec._path).write_text(text, encoding="utf-8")
    spec = load_spec(spec._path)
    assert review(spec).as_of is not None
    if written != "date":  # a date column's January: days, not the instants of Paris' midnights
        assert compute(spec, ["revenue"], ["2025-01"]).get("revenue", "2025-01").value == pytest.approx(165.00)


def test_domains_and_citext_are_read_as_the_types_they_stand_for(pg, pg_spec, tmp_path):
    """A warehouse's own types: an amount of a domain over numeric(14, 2), a status of `citext` (case-insensitive
    text) and an e-mail medium of a domain over varchar, with statuses in the shop's words mapped by data.values:
    the numbers of the hand-written SQL over the same columns."""
    con, schema = pg
    con.execute("CREATE EXTENSION IF NOT EXISTS citext")
    con.execute(f'DROP TABLE IF EXISTS "{schema}".orders_domains')
    con.execute(f'DROP DOMAIN IF EXISTS "{schema}".eur')
    con.execute(f'DROP DOMAIN IF EXISTS "{schema}".medium')
    con.execute(f'CREATE DOMAIN "{schema}".eur AS numeric(14, 2) CHECK (VALUE > -1000000)')
    con.execute(f'CREATE DOMAIN "{schema}".medium AS varchar(40)')
    con.execute(f'CREATE TABLE "{schema}".orders_domains AS SELECT order_id, customer_id, ordered_at, '
                f'revenue::"{schema}".eur AS amount, (CASE status WHEN \'completed\' THEN \'Paid\' ELSE status END)'
                f'::citext AS state, utm_medium::"{schema}".medium AS medium FROM "{schema}".orders')
    spec = _spec(pg_spec, tmp_path, f"{{orders: {schema}.orders_domains}}",
                 "{orders: {revenue: amount, status: state, utm_medium: medium}}", "{orders: {status: {completed: Paid}}}")
    results = compute(spec, ["revenue", "orders", "email_revenue"], list(MONTHS))
    for period, (start, end) in MONTHS.items():
        expected = _sql(con, (
            f"SELECT sum(amount), count(*) FILTER (WHERE amount >= 0), "
            f"coalesce(sum(amount) FILTER (WHERE medium = 'email'), 0) FROM \"{schema}\".orders_domains "
            f"WHERE coalesce(state::text, 'Paid') = 'Paid' AND ordered_at >= '{start}' AND ordered_at < '{end}'"))
        got = [results.get(m, period).value for m in ("revenue", "orders", "email_revenue")]
        assert got == pytest.approx([float(v) for v in expected])
    assert results.get("revenue", "2025-01").value == pytest.approx(165.00)


def _parquet_copy(con, query: str, columns: str, path: Path) -> None:
    """The rows of `query` on PostgreSQL written to a Parquet file with DuckDB, under the column types given."""
    import duckdb

    rows = con.execute(query).fetchall()
    with duckdb.connect() as db:
        db.execute(f"CREATE TABLE copied ({columns})")
        db.executemany(f"INSERT INTO copied VALUES ({', '.join('?' * len(rows[0]))})", rows)
        db.execute(f"COPY copied TO '{path}' (FORMAT parquet)")


def test_opens_without_a_recipient_are_no_recipient_on_postgres_and_duckdb(pg, pg_spec, tmp_path):
    """E-mail events whose recipient is missing (a deleted contact): the 3 anonymous opens of campaign k1 made one
    more 'recipient' who opened (Jan 2025: 2 openers over 2 deliveries instead of 1), whereas a customer without
    an id is no active customer. They are left out of the recipients, as `count(DISTINCT ...)` leaves NULL out."""
    con, schema = pg
    con.execute(f'DROP TABLE IF EXISTS "{schema}".email_null')
    con.execute(f'CREATE TABLE "{schema}".email_null AS SELECT * FROM "{schema}".email_events UNION ALL '
                f"SELECT timestamp '2025-01-12 10:00' + g * interval '1 minute', NULL, 'k1', 'open' "
                f"FROM generate_series(1, 3) g")
    names = ["email_open_rate", "email_click_rate"]
    (tmp_path / "pg").mkdir()
    pg_results = compute(_spec(pg_spec, tmp_path / "pg", f"{{email_events: {schema}.email_null}}"), names, ["2025-01"])
    (tmp_path / "duck").mkdir()
    _parquet_copy(con, f'SELECT * FROM "{schema}".email_null',
                  "event_at TIMESTAMP, customer_id VARCHAR, campaign_id VARCHAR, event VARCHAR",
                  tmp_path / "duck" / "email_events.parquet")
    duck = _spec(pg_spec, tmp_path / "duck", "{email_events: email_events.parquet}")
    Path(duck._path).write_text(Path(duck._path).read_text(encoding="utf-8").replace(
        f"engine: {pg_spec.data.engine}", "engine: duckdb"), encoding="utf-8")
    from kpiguard.spec import load_spec

    duck_results = compute(load_spec(duck._path), names, ["2025-01"])
    for event, name in (("open", "email_open_rate"), ("click", "email_click_rate")):
        recipients, delivered = _sql(con, (
            f"SELECT (SELECT count(*) FROM (SELECT DISTINCT campaign_id, customer_id FROM \"{schema}\".email_null "
            f"WHERE event = '{event}' AND customer_id IS NOT NULL AND event_at >= '2025-01-01' "
            f"AND event_at < '2025-02-01') r), count(*) FILTER (WHERE event = 'delivered') "
            f"FROM \"{schema}\".email_null WHERE event_at >= '2025-01-01' AND event_at < '2025-02-01'"))
        for results in (pg_results, duck_results):
            value = results.get(name, "2025-01")
            assert (value.numerator, value.denominator) == (recipients, delivered)
    assert pg_results.get("email_open_rate", "2025-01").value == pytest.approx(0.5)  # c1 of c1, c2


def test_order_lines_naming_their_order_s_uuid_in_upper_case_still_meet_it(pg, pg_spec, tmp_path):
    """Orders keyed by a `uuid`, order lines that hold it as text written in upper case (an ERP export): the
    lines were joined as text and none met its order (line revenue 0, or the lower-case ones only). A UUID is
    the same in either case, as PostgreSQL's `order_ref::uuid` says: by hand, the join on `::uuid`."""
    con, schema = pg
    con.execute(f'DROP TABLE IF EXISTS "{schema}".orders_uuid')
    con.execute(f'DROP TABLE IF EXISTS "{schema}".lines_uuid')
    con.execute(f'CREATE TABLE "{schema}".orders_uuid AS SELECT md5(order_id)::uuid AS order_id, customer_id, '
                f'ordered_at, revenue, status FROM "{schema}".orders')
    con.execute(f'CREATE TABLE "{schema}".lines_uuid AS SELECT CASE WHEN product_id = \'p2\' THEN '
                f'upper(md5(order_id)::uuid::text) ELSE md5(order_id)::uuid::text END AS order_id, product_id, '
                f'quantity, revenue FROM "{schema}".order_lines')
    tables = f"{{orders: {schema}.orders_uuid, order_lines: {schema}.lines_uuid, products: {schema}.products}}"
    (tmp_path / "pg").mkdir()
    pg_results = compute(_spec(pg_spec, tmp_path / "pg", tables), ["line_revenue"], list(MONTHS))
    (tmp_path / "duck").mkdir()
    _parquet_copy(con, f'SELECT * FROM "{schema}".orders_uuid', "order_id UUID, customer_id VARCHAR, "
                  "ordered_at TIMESTAMPTZ, revenue DECIMAL(12, 2), status VARCHAR", tmp_path / "duck" / "orders.parquet")
    _parquet_copy(con, f'SELECT * FROM "{schema}".lines_uuid', "order_id VARCHAR, product_id VARCHAR, "
                  "quantity BIGINT, revenue DECIMAL(12, 2)", tmp_path / "duck" / "order_lines.parquet")
    duck = _spec(pg_spec, tmp_path / "duck", "{orders: orders.parquet, order_lines: order_lines.parquet}")
    Path(duck._path).write_text(Path(duck._path).read_text(encoding="utf-8").replace(
        f"engine: {pg_spec.data.engine}", "engine: duckdb"), encoding="utf-8")
    from kpiguard.spec import load_spec

    duck_results = compute(load_spec(duck._path), ["line_revenue"], list(MONTHS))
    for period, (start, end) in MONTHS.items():
        (expected,) = _sql(con, (
            f'SELECT sum(l.revenue) FROM "{schema}".lines_uuid l JOIN "{schema}".orders_uuid o '
            f"ON o.order_id = l.order_id::uuid WHERE coalesce(o.status, 'completed') = 'completed' "
            f"AND o.ordered_at >= '{start}' AND o.ordered_at < '{end}'"))
        assert pg_results.get("line_revenue", period).value == pytest.approx(float(expected))
        assert duck_results.get("line_revenue", period).value == pytest.approx(float(expected))
    assert pg_results.get("line_revenue", "2025-01").value == pytest.approx(165.00)  # p2's lines of o1, o2 too


def test_a_segment_named_as_the_table_writes_its_column_splits_as_the_canonical_one(pg, pg_spec, tmp_path):
    """`--segment-by UTM_Medium`, the column's own name in a table that writes it so: it is read as utm_medium
    without a mapping, and was then refused as no column of the table. By hand: GROUP BY "UTM_Medium"."""
    from kpiguard.metrics import compute_segments

    con, schema = pg
    _upper_case_orders(con, schema)
    spec = _spec(pg_spec, tmp_path, f"{{orders: {schema}.orders_upper}}")
    segments = compute_segments(spec, "revenue", ["2025-01"], "UTM_Medium")
    rows = con.execute(
        f"SELECT coalesce(\"UTM_Medium\", '(none)'), sum(\"Revenue\") FROM \"{schema}\".orders_upper "
        f"WHERE coalesce(\"Status\", 'completed') = 'completed' AND \"Ordered_At\" >= '2025-01-01' "
        f"AND \"Ordered_At\" < '2025-02-01' GROUP BY 1").fetchall()
    assert segments.get("2025-01") == pytest.approx({segment: float(value) for segment, value in rows})
    assert segments.get("2025-01") == compute_segments(spec, "revenue", ["2025-01"], "channel").get("2025-01")


@pytest.mark.postgres
@pytest.mark.xdist_group("postgres")
def test_single_precision_amounts_are_read_as_the_numbers_they_print_as_on_every_engine(pg, pg_spec, tmp_path):
    """A `real` amount column (and the same amounts in a float32 Parquet file): PostgreSQL's cast to numeric kept
    6 digits (12345.67 read as 12345.7: 1,238,568.00 for 100 of them and 200 orders of 19.99) and DuckDB's the
    binary value (19.9899997711...: 1,238,564.99...). Both now give `sum(amount::text::numeric)` by hand,
    1,238,565.00, and the same average order value."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    con, schema = pg
    amounts = [12345.67 if n % 3 == 0 else 19.99 for n in range(1, 301)]
    con.execute(f'DROP TABLE IF EXISTS "{schema}".orders_real')
    con.execute(f'CREATE TABLE "{schema}".orders_real (id integer, at timestamp, amount real)')
    with con.cursor().copy(f'COPY "{schema}".orders_real FROM STDIN') as copy:
        for n, amount in enumerate(amounts, 1):
            copy.write_row((n, f"2025-01-0{1 + n % 9} 10:00:00", amount))
    (by_hand,) = _sql(con, f'SELECT sum(amount::text::numeric) FROM "{schema}".orders_real')
    assert float(by_hand) == 1238565.00
    columns = "{orders: {order_id: id, ordered_at: at, revenue: amount}}"
    on_pg = compute(_spec(pg_spec, tmp_path, f"{{orders: {schema}.orders_real}}", columns), ["revenue", "aov"],
                    ["2025-01"])
    pq.write_table(pa.table({"id": list(range(1, 301)), "at": [f"2025-01-0{1 + n % 9} 10:00:00" for n in range(1, 301)],
                             "amount": pa.array(amounts, pa.float32())}), tmp_path / "orders.parquet")
    (tmp_path / "files.yaml").write_text(
        "version: 1\ncurrency: EUR\ntimezone: Europe/Paris\ndata:\n  tables: {orders: orders.parquet}\n"
        f"  columns: {columns}\n", encoding="utf-8")
    on_duckdb = compute(load_spec(tmp_path / "files.yaml"), ["revenue", "aov"], ["2025-01"])
    for results in (on_pg, on_duckdb):
        assert results.get("revenue", "2025-01").value == 1238565.00
        assert results.get("aov", "2025-01").value == pytest.approx(1238565.00 / 300, abs=1e-9)
