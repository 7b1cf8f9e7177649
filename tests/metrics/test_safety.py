"""Hostile or broken expressions are rejected with a located message; the data files are never modified."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpiguard.errors import DataError, ExpressionError, KpiguardError
from kpiguard.metrics import compute

from . import dataset

HOSTILE_MEASURES = [
    "1; DROP TABLE orders",
    "sum(revenue); DELETE FROM orders",
    "sum(revenue) -- comment",
    "/* hi */ sum(revenue)",
    "sum(revenue) /* trailing */",
    "(select sum(revenue) from orders)",
    "sum((select 1))",
    "count(*) filter (where 1 in (select 1))",
    "sum(revenue) + (select max(x) from secrets)",
    "read_parquet('/etc/passwd')",
    "sum(read_csv('/etc/passwd'))",
    "sum(system('rm -rf /'))",
    "getenv('HOME')",
    'sum("other_table"."revenue")',
    "sum(main.orders.revenue)",
    'sum("kpiguard_orders".revenue)',
    "sum(orders.revenue)",
    "drop table orders",
    "insert into orders values (1)",
    "update orders set revenue = 0",
    "copy orders to '/tmp/x.csv'",
    "attach '/tmp/x.duckdb'",
    "pragma version",
    "sum(revenue)::json",
    "sum(nope)",
    "revenue",
    "sum(sum(revenue))",
    "sum(revenue) union select 1",
    "string_agg(customer_id, ',')",
    "sum(cast(revenue as blob))",
    "count(distinct customer_id, order_id)",
    "sum(revenue) over ()",
    "?",
    "$1",
    "sum(" + "(" * 60 + "revenue" + ")" * 60 + ")",
    "x" * 3000,
    "",
    # text functions: their arguments are checked like any expression, and their fixed ones are values
    "sum(length(substr(customer_id, (select 1), 2)))",
    "count(*) filter (where replace(status, 'a', getenv('HOME')) = 'x')",
    "sum(length(trim(status, (select 'x'))))",
    "sum(floor(revenue, (select 1)))",
]
HOSTILE_FILTERS = [
    "1=1; DROP TABLE orders",
    "revenue > 0 -- and status = 'x'",
    "customer_id in (select customer_id from orders)",
    "exists (select 1)",
    "sum(revenue) > 10",
    "revenue > (select avg(revenue) from orders)",
    "secret_column = 1",
    "load_extension('x')",
    "revenue",  # not a condition
    "starts_with(status, (select min(status) from orders))",
    "left(status, 2) in (select 'co')",
    "substr(status, 1, length(current_setting('x'))) = 'c'",
    "contains(status, getenv('HOME'))",
    "ends_with(status, status)",
]


def spec_with(tmp_path, shop_dir, field: str, text: str):
    """A spec whose metric `hostile` carries `text`, past `kpiguard validate`'s own screen of expressions.

    The file holds a harmless expression at the same place and the loaded metric gets `text`: this checks the
    compute-time check, which must hold even for a Spec that did not come from a file.
    """
    from kpiguard.spec import load_spec

    lines = [
        "version: 1", "timezone: Europe/Paris", "data:", "  tables:",
        f"    orders: {shop_dir / 'data' / 'orders.parquet'}",
        "metrics:", "  hostile:", "    type: simple", "    table: orders",
        "    measure: count(*)",
    ]
    if field == "filter":
        lines.append("    filter: revenue > 0")
    lines.append("kpis: []")
    path = tmp_path / "hostile.yaml"
    path.write_text("\n".join(lines) + "\n")
    spec = load_spec(path)
    spec.metrics["hostile"] = spec.metrics["hostile"].model_copy(update={field: text})
    return spec, path, len(lines) - 1  # the 1-based line of the expression


@pytest.mark.parametrize(("field", "text"), [("measure", t) for t in HOSTILE_MEASURES]
                         + [("filter", t) for t in HOSTILE_FILTERS])
def test_hostile_expression_is_refused_by_validate_or_by_compute(field, text, tmp_path, shop_dir):
    """Written in a file: either `kpiguard validate` refuses it at its line, or it loads and compute refuses it."""
    from kpiguard.errors import SpecError
    from kpiguard.spec import load_spec

    measure = "count(*)" if field == "filter" else text
    lines = ["version: 1", "data:", "  tables:", f"    orders: {shop_dir / 'data' / 'orders.parquet'}",
             "metrics:", "  hostile:", "    type: simple", "    table: orders", "    measure: " + _yaml_string(measure)]
    if field == "filter":
        lines.append("    filter: " + _yaml_string(text))
    path = tmp_path / "hostile.yaml"
    path.write_text("\n".join(lines) + "\nkpis: []\n")
    try:
        spec = load_spec(path)
    except SpecError as error:
        assert error.diagnostics[0].location.line == len(lines)
        assert field in error.diagnostics[0].message or "is empty" in error.diagnostics[0].message
        return
    with pytest.raises(KpiguardError):
        compute(spec, ["hostile"], ["2025-01"])


def _yaml_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@pytest.mark.parametrize("text", HOSTILE_MEASURES)
def test_hostile_measure_is_rejected_at_its_line(text, tmp_path, shop_dir):
    spec, path, line = spec_with(tmp_path, shop_dir, "measure", text)
    with pytest.raises(KpiguardError) as info:  # ExpressionError, or SpecError for an empty measure
        compute(spec, ["hostile"], ["2025-01"])
    diagnostic = info.value.diagnostics[0]
    assert diagnostic.location is not None and diagnostic.location.file == str(path)
    assert diagnostic.location.line == line
    assert "measure" in diagnostic.message


@pytest.mark.parametrize(("text", "says"), [
    ("sum(revenue) + ", "it stops short: a value is missing after an operator or a keyword"),
    ("count(*) filter (where revenue between 1 and)", "it stops short"),
    ("sum(revenue", "a ')' is missing"),
    ("sum(`revenue`)", "`revenue` is quoted as another SQL dialect does; write the column plain (revenue)"),
    ("sum([revenue])", "[revenue] is quoted as another SQL dialect does"),  # was "a ')' is missing" / not allowed
])
def test_a_measure_that_does_not_parse_says_why_in_the_user_s_terms(text, says, tmp_path, shop_dir):
    """The parser's own words leaked: "Required keyword: 'expression' missing for <class 'sqlglot...Add'>"."""
    spec, _, line = spec_with(tmp_path, shop_dir, "measure", text)
    with pytest.raises(KpiguardError) as info:
        compute(spec, ["hostile"], ["2025-01"])
    diagnostic = info.value.diagnostics[0]
    assert diagnostic.location.line == line and says in diagnostic.message, diagnostic.message
    assert "sqlglot" not in diagnostic.message and "<class" not in diagnostic.message


@pytest.mark.parametrize("text", HOSTILE_FILTERS)
def test_hostile_filter_is_rejected_at_its_line(text, tmp_path, shop_dir):
    spec, path, line = spec_with(tmp_path, shop_dir, "filter", text)
    with pytest.raises(ExpressionError) as info:
        compute(spec, ["hostile"], ["2025-01"])
    diagnostic = info.value.diagnostics[0]
    assert diagnostic.location.file == str(path) and diagnostic.location.line == line
    assert "filter" in diagnostic.message


@pytest.mark.parametrize("text, expected", [
    ("sum(case when utm_medium = 'email' then revenue else 0 end)", 165.0),   # o1 100 + o4 40 + o10 25
    ("count(distinct customer_id)", 4),                                       # c1 c3 c4 c5
    ("sum(abs(round(revenue, 0)))", 230.0),
    ("max(coalesce(margin, 0)) - min(revenue)", 25.0),                        # 30 - 5
    ("count(*) * 1.0 / count(distinct customer_id)", 6 / 4),
    ("count(distinct day(ordered_at))", 5),                                   # the 1st, 5th, 10th, 20th, 25th
    ("sum(case when hour(ordered_at) < 12 then revenue else 0 end)", 190.0),  # all but o4 (13:00 in Paris)
    # an aggregate's own condition, as SQL writes it: a share in one measure
    ("count(*) filter (where utm_medium = 'email')", 3),                      # o1, o4, o10
    ("sum(revenue) filter (where utm_medium = 'email') / sum(revenue)", 165.0 / 230.0),
    ("count(distinct customer_id) filter (where revenue >= 25)", 3),          # c1 (o1, o2), c3 (o4), c5 (o10)
])
def test_allowed_measures_compute(text, expected, tmp_path, shop_dir):
    """January in Paris, every status: o1 100 (c1, email, margin 30), o2 50 (c1, 10), o4 40 (c3, cancelled,
    email, 8), o7 10 (c4, 2), o8 5 (c4, 1), o10 25 (c5, refunded, email, 5)."""
    from kpiguard.spec.periods import parse_period

    spec, _, _ = spec_with(tmp_path, shop_dir, "measure", text)
    jan = parse_period("2025-01")
    assert compute(spec, ["hostile"], [jan]).get("hostile", jan).value == pytest.approx(expected)


@pytest.mark.parametrize("text, expected", [
    ("status in ('cancelled', 'refunded')", 2),
    ("revenue between 10 and 50 and utm_medium is null", 2),     # o2 50, o7 10
    ("revenue between symmetric 50 and 10 and utm_medium is null", 2),  # the same, bounds either way round
    ("lower(coalesce(status, 'x')) like 'c%'", 4),               # o1 o7 o8 completed, o4 cancelled
    ("not (revenue > 20) or customer_id = 'c1'", 4),             # o7, o8, o1, o2
    ("case when margin is null then false else margin >= 10 end", 2),  # o1 30, o2 10
    # null-safe comparisons, as an analyst writes them to leave rows out without losing the missing ones
    ("status is distinct from 'cancelled'", 5),                  # o2 (no status) kept, unlike status <> ...
    ("status is not distinct from null and revenue > 0", 1),     # o2
    # `not like` is the rows that do not match (o2 'x', o10 refunded), not those that do
    ("lower(coalesce(status, 'x')) not like 'c%'", 2),
    ("customer_id not ilike 'C1'", 4),                           # o4, o7, o8, o10 (not c1's o1, o2)
    # `is not true` / `is not false` keep a missing value, which is neither (o2, o7, o8 have no medium)
    ("(utm_medium = 'email') is not true", 3),                   # o2, o7, o8
    ("(utm_medium = 'email') is not false", 6),                  # o1, o4, o10 and the three without one
    ("(utm_medium = 'email') is false", 0),
    # parts of the order's local date and time (Europe/Paris): o7, at 23:15 UTC on 31 December 2024, is an
    # order of 1 January 2025 at 00:15 there, as the periods read it
    ("year(ordered_at) = 2024", 0),
    ("extract(year from ordered_at) = 2025 and extract(month from ordered_at) = 1", 6),
    ("day(ordered_at) = 1", 2),                                  # o7, o8
    ("hour(ordered_at) = 0", 1),                                 # o7 at 00:15
    ("date_part('hour', ordered_at) between 10 and 11", 4),      # o1, o2 10:00; o8, o10 11:00
    ("extract(dow from ordered_at) in (0, 6)", 2),               # o1 Sunday 5th, o10 Saturday 25th
    ("dayofweek(ordered_at) = 3", 2),                            # o7, o8 Wednesday 1st
    ("isodow(ordered_at) = 7", 1),                               # o1
    ("quarter(ordered_at) = 1 and week(ordered_at) = 1", 3),     # ISO week 1: o7, o8 (1st), o1 (Sunday 5th)
])
def test_allowed_filters_compute(text, expected, tmp_path, shop_dir):
    spec, _, _ = spec_with(tmp_path, shop_dir, "filter", text)
    from kpiguard.spec.periods import parse_period

    jan = parse_period("2025-01")
    assert compute(spec, ["hostile"], [jan]).get("hostile", jan).value == expected


@pytest.mark.parametrize(("text", "status", "says"), [
    # an average written as a ratio of aggregates, over a month where no row matches: a division by zero, not
    # "the matching rows have only missing values"
    ("sum(revenue) / count(*)", "division_by_zero", "count(*) is 0 in January 2025: the ratio is undefined"),
    ("sum(revenue) / nullif(count(*), 0)", "null", "no value to aggregate in January 2025"),
    ("avg(revenue)", "null", "no row of orders matches the metric's filter in January 2025"),
])
def test_a_measure_over_no_matching_row_says_why_it_has_no_value(text, status, says, tmp_path, shop_dir):
    from kpiguard.spec.periods import parse_period

    spec, _, _ = spec_with(tmp_path, shop_dir, "measure", text)
    spec.metrics["hostile"] = spec.metrics["hostile"].model_copy(update={"filter": "revenue > 1000"})
    jan = parse_period("2025-01")
    value = compute(spec, ["hostile"], [jan]).get("hostile", jan)
    assert (value.value, value.status) == (None, status)
    assert says in value.reason


def test_a_measure_its_own_nullif_leaves_without_value_says_so(tmp_path, shop_dir):
    """Rows match and every aggregate has a value, but the measure divides by nullif(0, 0): it was said to have
    "only missing values" in rows whose values are all there."""
    from kpiguard.spec.periods import parse_period

    spec, _, _ = spec_with(tmp_path, shop_dir, "measure",
                           "count(*) * 1.0 / nullif(count(*) filter (where revenue > 100000), 0)")
    jan = parse_period("2025-01")
    value = compute(spec, ["hostile"], [jan]).get("hostile", jan)
    assert (value.value, value.status) == (None, "null")
    assert value.reason == ("count(*) * 1.0 / nullif(count(*) filter (where revenue > 100000), 0) has no value in "
                            "January 2025: its aggregates have values, and its own nullif(...) made it missing")


@pytest.mark.parametrize(("text", "says"), [
    ("extract(epoch from ordered_at) > 0", "date part 'epoch' is not allowed in filter; use year, quarter, month"),
    ("date_part('second', ordered_at) = 0", "date part 'second' is not allowed in filter"),
    ("month(customer_id) = 1", "month of customer_id, a string expression: read it as a time first, "
                               "month(cast(customer_id as timestamp))"),
])
def test_a_date_part_that_cannot_be_read_is_an_error_at_its_line(text, says, tmp_path, shop_dir):
    spec, path, line = spec_with(tmp_path, shop_dir, "filter", text)
    with pytest.raises(ExpressionError) as info:
        compute(spec, ["hostile"], ["2025-01"])
    diagnostic = info.value.diagnostics[0]
    assert says in diagnostic.message
    assert (diagnostic.location.file, diagnostic.location.line) == (str(path), line)


@pytest.mark.parametrize(("field", "text", "says"), [
    # a division by the number 0 written out: undefined in every period (DuckDB read 1 / 0 as null, PostgreSQL
    # stops the query), where before the measure was "division_by_zero: 0 is 0 in January" in every period
    ("measure", "sum(revenue) / 0", "measure divides by 0 (sum(revenue) / 0): its value would be undefined in "
                                    "every period; divide by an aggregate or a column, or remove the division"),
    ("measure", "sum(revenue) / (-0.0)", "measure divides by 0"),
    ("filter", "order_id % 0 = 1", "filter divides by 0 (order_id % 0)"),
    # text written in double quotes, as YAML or Python write it, is a column's name in SQL
    ("filter", 'status = "completed"', "unknown column 'completed' in filter (table 'orders'); columns: "),
    ("filter", 'status = "completed"', "; in SQL, \"completed\" in double quotes is a column's name: write text in "
                                       "single quotes, 'completed'"),
])
def test_a_written_mistake_is_an_error_at_its_line_with_the_way_out(field, text, says, tmp_path, shop_dir):
    spec, path, line = spec_with(tmp_path, shop_dir, field, text)
    with pytest.raises(ExpressionError) as info:
        compute(spec, ["hostile"], ["2025-01"])
    diagnostic = info.value.diagnostics[0]
    assert says in diagnostic.message
    assert (diagnostic.location.file, diagnostic.location.line) == (str(path), line)


def test_an_infinite_value_is_no_number_and_json_stays_json(tmp_path):
    """A float column holding an infinity (pandas writes one for x / 0) summed to an "ok" infinity, printed
    `"value": Infinity` in the JSON output, which no JSON parser reads; its average (inf / 2) was NaN."""
    import json

    from typer.testing import CliRunner

    from kpiguard.cli import _register, app
    from kpiguard.spec import load_spec

    _register()
    (tmp_path / "scores.csv").write_text("score,scored_at\n1.5,2026-01-02\ninf,2026-01-03\n2.5,2026-02-01\n")
    (tmp_path / "kpis.yaml").write_text(
        "version: 1\ndata:\n  tables: {scores: scores.csv}\nmetrics:\n"
        "  total: {type: simple, table: scores, measure: sum(score), params: {time_column: scored_at}}\n"
        "  mean: {type: simple, table: scores, measure: avg(score), params: {time_column: scored_at}}\nkpis: []\n")
    results = compute(load_spec(tmp_path / "kpis.yaml"), ["total", "mean"], ["2026-01", "2026-02"])
    for metric in ("total", "mean"):
        value = results.get(metric, "2026-01")
        assert (value.value, value.status) == (None, "null")
        assert "is infinite in January 2026: some values are infinite" in value.reason
        assert results.get(metric, "2026-02").value == 2.5
    printed = CliRunner().invoke(app, ["compute", str(tmp_path / "kpis.yaml"), "-m", "total", "-p", "2026-01",
                                       "-f", "json"])

    def refuse(constant: str) -> None:
        raise AssertionError(f"not JSON: {constant}")

    assert json.loads(printed.stdout, parse_constant=refuse)["values"][0]["status"] == "null"


def test_an_aggregate_filter_is_checked_like_a_filter(tmp_path, shop_dir):
    """`count(*) filter (where ...)` is accepted by `kpiguard validate`, and its condition is one: located errors."""
    from kpiguard.spec.exprnames import screen

    assert screen("count(*) filter (where revenue > 100) * 1.0 / count(*)", "measure") is None
    assert screen("count(*) filter (where revenue in (select 1 from orders))", "measure") is not None
    for text, says in (("count(*) filter (where customer_id)", "must be a condition"),
                       ("count(*) filter (where sum(revenue) > 1)", "an aggregate inside an aggregate"),
                       ("count(*) filter (where nope > 1)", "unknown column 'nope'")):
        spec, _, line = spec_with(tmp_path, shop_dir, "measure", text)
        with pytest.raises(ExpressionError) as info:
            compute(spec, ["hostile"], ["2025-01"])
        diagnostic = info.value.diagnostics[0]
        assert says in diagnostic.message and diagnostic.location.line == line, diagnostic.message


def test_validate_names_a_quoted_function_as_written():
    from kpiguard.spec.exprnames import screen

    message, _ = screen('"read_csv"(\'/etc/passwd\') is not null', "filter")
    assert message.startswith('unknown function "read_csv"() in filter'), message


def test_validate_accepts_date_parts():
    """`extract(month from ...)` holds a `from` that is no query: `kpiguard validate` lets it through."""
    from kpiguard.spec.exprnames import screen

    for text in ("extract(month from ordered_at) = 6", "date_part('hour', ordered_at) < 6",
                 "dayofweek(ordered_at) in (0, 6)", "isodow(ordered_at) = 7"):
        assert screen(text, "filter") is None, text
    assert screen("sum(case when month(ordered_at) = 12 then revenue end)", "measure") is None
    assert screen("revenue in (select 1 from orders)", "filter") is not None  # a query's `from` still is one


def test_missing_table_names_metric_table_and_line(tmp_path, shop_dir):
    from kpiguard.spec import load_spec

    path = tmp_path / "kpis.yaml"
    path.write_text(dataset.spec_text({"orders": str(shop_dir / "data" / "orders.parquet")}))
    with pytest.raises(DataError) as info:
        compute(load_spec(path), ["sessions"], ["2025-01"])
    diagnostic = info.value.diagnostics[0]
    assert "'sessions'" in diagnostic.message and "data.tables" in diagnostic.message
    assert diagnostic.location.file == str(path) and diagnostic.location.line > 0


def test_missing_column_names_metric_table_and_line(tmp_path, shop_dir):
    from kpiguard.spec import load_spec

    text = dataset.spec_text({"orders": str(shop_dir / "data" / "orders.parquet")})
    text = text.replace("kpis: []", "") + "  x:\n    type: simple\n    table: orders\n    measure: sum(revnue)\nkpis: []\n"
    path = tmp_path / "kpis.yaml"
    path.write_text(text)
    with pytest.raises(ExpressionError) as info:
        compute(load_spec(path), ["x"], ["2025-01"])
    message = info.value.diagnostics[0].message
    assert "revnue" in message and "revenue" in message  # names the column and suggests the right one


def test_mapped_column_that_does_not_exist(tmp_path, shop_dir):
    from kpiguard.spec import load_spec

    text = dataset.spec_text({"orders": str(shop_dir / "data" / "orders.parquet")})
    text = text.replace("metrics:", "  columns:\n    orders:\n      revenue: net_revenue_eur\nmetrics:")
    path = tmp_path / "kpis.yaml"
    path.write_text(text)
    with pytest.raises(DataError) as info:
        compute(load_spec(path), ["revenue"], ["2025-01"])
    diagnostic = info.value.diagnostics[0]
    assert "net_revenue_eur" in diagnostic.message
    assert diagnostic.location.line == text.splitlines().index("      revenue: net_revenue_eur") + 1


def test_column_mapping_renames(tmp_path):
    """A user's own column names, mapped to the canonical ones, give the same numbers."""
    from kpiguard.spec import load_spec

    columns = ["id", "who", "when", "net_revenue_eur", "margin", "status", "utm_medium"]
    rows = dataset.ORDERS
    paths = dataset.write_parquet(tmp_path / "data", {"orders": (dataset.ORDERS_COLUMNS, rows)})
    import duckdb

    duckdb.sql(f"""copy (select order_id as id, customer_id as who, ordered_at as "when", revenue as net_revenue_eur,
                   margin, status, utm_medium from read_parquet('{paths["orders"]}')) to '{tmp_path / "mine.parquet"}'""")
    text = dataset.spec_text({"orders": "mine.parquet"}).replace(
        "metrics:", "  columns:\n    orders:\n      order_id: id\n      customer_id: who\n      ordered_at: when\n"
                    "      revenue: net_revenue_eur\nmetrics:")
    (tmp_path / "kpis.yaml").write_text(text)
    from kpiguard.spec.periods import parse_period

    jan = parse_period("2025-01")
    results = compute(load_spec(tmp_path / "kpis.yaml"), ["revenue", "active_customers"], [jan])
    assert results.get("revenue", jan).value == 165.0 and results.get("active_customers", jan).value == 2
    del columns


def test_one_column_mapped_to_two_canonical_names(tmp_path):
    """Sessions that know only the logged-in client: visitor_id and customer_id both read the `client` column
    (before, ibis refused the double rename with a traceback)."""
    from kpiguard.spec import load_spec

    paths = dataset.write_parquet(tmp_path / "data", {"sessions": (dataset.SESSIONS_COLUMNS, dataset.SESSIONS)})
    import duckdb

    duckdb.sql(f"""copy (select session_id as sid, started_at, customer_id as client, source, order_id
                   from read_parquet('{paths["sessions"]}')) to '{tmp_path / "visits.parquet"}'""")
    text = dataset.spec_text({"sessions": "visits.parquet"}).replace(
        "metrics:", "  columns:\n    sessions:\n      session_id: sid\n      visitor_id: client\n"
                    "      customer_id: client\nmetrics:")
    (tmp_path / "kpis.yaml").write_text(text)
    results = compute(load_spec(tmp_path / "kpis.yaml"), ["visitors", "sessions"], ["2025-01", "2025-02"])
    assert results.get("visitors", "2025-01").value == 1 and results.get("visitors", "2025-02").value == 2
    assert results.get("sessions", "2025-01").value == 4


def test_missing_file_is_a_data_error(tmp_path):
    from kpiguard.spec import load_spec

    (tmp_path / "kpis.yaml").write_text(dataset.spec_text({"orders": "data/nope.parquet"}))
    with pytest.raises(DataError) as info:
        compute(load_spec(tmp_path / "kpis.yaml"), ["revenue"], ["2025-01"])
    assert "nope.parquet" in info.value.diagnostics[0].message
    assert info.value.diagnostics[0].location.line == 8  # the `orders:` line under data.tables


def test_unknown_metric_suggests(duckdb_spec):
    with pytest.raises(KpiguardError) as info:
        compute(duckdb_spec, ["revenu"], ["2025-01"])
    assert "revenue" in str(info.value)


def _hashes(directory):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(directory.glob("*"))}


@pytest.fixture(scope="module")
def frozen_data(tmp_path_factory):
    """Its own copy of the shop, hashed before any test of this module touches it."""
    directory = tmp_path_factory.mktemp("frozen")
    dataset.write_parquet(directory / "data")
    (directory / "kpis.yaml").write_text(
        dataset.spec_text({n: f"data/{n}.parquet" for n in dataset.TABLES}), encoding="utf-8")
    return directory, _hashes(directory / "data")


def test_data_files_are_byte_identical_after_everything(frozen_data):
    """Compute the whole catalog, explain it, and try every hostile expression: the files do not change."""
    from kpiguard.catalog import builtin_metrics
    from kpiguard.metrics import explain
    from kpiguard.spec import load_spec

    directory, before = frozen_data
    spec = load_spec(directory / "kpis.yaml")
    compute(spec, sorted(builtin_metrics()), dataset.PERIODS, grain="week")
    explain(spec, sorted(builtin_metrics()), dataset.PERIODS, grain="month")
    for text in HOSTILE_MEASURES:
        spec.metrics["revenue"] = spec.metrics["big_orders"].model_copy(update={"measure": text})
        with pytest.raises(KpiguardError):
            compute(spec, ["revenue"], ["2025-01"])
    assert _hashes(directory / "data") == before
    assert sorted(p.name for p in directory.glob("**/*")) == sorted(
        ["data", "kpis.yaml"] + [f"data/{n}.parquet" for n in dataset.TABLES][:0] + [f"{n}.parquet" for n in dataset.TABLES])


def test_validate_screen_never_refuses_what_compute_accepts():
    """`kpiguard validate` screens expressions without a parser; for every function name the parser knows, in a
    measure and a filter, with one or two arguments: whatever the compute-time check accepts, the screen passes."""
    from sqlglot import exp

    from kpiguard.metrics.expressions import check_expression
    from kpiguard.spec.exprnames import screen

    names = sorted({n.lower() for f in exp.ALL_FUNCTIONS for n in f.sql_names()} | {"try_cast", "datetrunc"})
    refused_wrongly = []
    for name in names:
        for kind, text in (("filter", f"{name}(revenue) is not null"), ("filter", f"{name}(revenue, 1) > 0"),
                           ("measure", f"{name}(revenue)"), ("measure", f"sum({name}(revenue, 1))")):
            if _accepted(check_expression, text, kind) and screen(text, kind) is not None:
                refused_wrongly.append(text)
    assert refused_wrongly == []


def test_validate_screen_lets_columns_named_like_sql_words_through():
    """`update = 1` compares a column named `update`: computing accepts it, so the screen must too."""
    from kpiguard.metrics.expressions import check_expression
    from kpiguard.spec.exprnames import screen

    words = ["select", "from", "union", "into", "where", "exists", "over", "insert", "update", "delete", "drop",
             "create", "alter", "attach", "detach", "copy", "pragma", "install", "values"]
    refused_wrongly = [text for word in words
                       for kind, text in (("filter", f"{word} = 1"), ("filter", f"x = 1 and {word} > 0"),
                                          ("filter", f"{word} is null"), ("measure", f"sum({word})"))
                       if _accepted(check_expression, text, kind) and screen(text, kind) is not None]
    assert refused_wrongly == []


SCREEN_TOKENS = ["revenue", "margin", "status", "'a'", "'x;y'", "1", "2.5", "1e3", "(", ")", "+", "-", "*", "/", "=",
                 "<>", ">", "and", "or", "not", "in", "is", "null", "case", "when", "then", "else", "end", "sum(",
                 "count(", "count(distinct", "avg(", "coalesce(", "nullif(", "round(", "lower(", ",", '"col name"',
                 "between", "like", "true", "cast(", "as", "double", "::", ".", "values", "update", "exists", "over",
                 "from", "select", "if(", "ifnull(", "len(", "--", ";", "'"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(SCREEN_TOKENS), min_size=1, max_size=9), st.sampled_from(["measure", "filter"]))
def test_validate_screen_refuses_nothing_compute_accepts_on_random_expressions(tokens, kind):
    from kpiguard.metrics.expressions import check_expression
    from kpiguard.spec.exprnames import screen

    text = " ".join(tokens)
    if _accepted(check_expression, text, kind):
        assert screen(text, kind) is None, text


def _accepted(check, text: str, kind: str) -> bool:
    try:
        check(text, kind)
    except Exception:  # noqa: BLE001 - refused at compute time, for any reason: nothing to compare
        return False
    return True


WRITTEN = [  # (how the expression is written after `    field:`, the unknown column, its line and column)
    ("filter", "\"status = 'x' and foo > 1\"", "foo", 0, 31),                      # double-quoted
    ("filter", "'status = ''x'' and foo > 1'", "foo", 0, 33),                      # single-quoted, '' is one '
    ("filter", "status = 'x'\n      and foo > 1", "foo", 1, 11),                   # plain, on two lines
    ("filter", ">-\n      status = 'x'\n      and foo > 1", "foo", 2, 11),         # folded block
    ("measure", "|\n      sum(revenue)\n        + sum(foo)", "foo", 2, 15),        # literal block
]


@pytest.mark.parametrize(("field", "written", "column", "below", "col"), WRITTEN, ids=[w[1] for w in WRITTEN])
def test_unknown_column_is_located_at_its_own_line_and_column(field, written, column, below, col, tmp_path,
                                                               shop_dir):
    from kpiguard.spec import load_spec

    lines = ["version: 1", "data:", "  tables:", f"    orders: {shop_dir / 'data' / 'orders.parquet'}",
             "metrics:", "  m:", "    type: simple", "    table: orders"]
    if field == "filter":
        lines.append("    measure: count(*)")
    lines.append(f"    {field}: {written}")
    path = tmp_path / "kpis.yaml"
    path.write_text("\n".join(lines) + "\nkpis: []\n", encoding="utf-8")
    with pytest.raises(ExpressionError) as info:
        compute(load_spec(path), ["m"], ["2025-01"])
    diagnostic = info.value.diagnostics[0]
    assert f"unknown column '{column}'" in diagnostic.message
    assert (diagnostic.location.line, diagnostic.location.col) == (len(lines) + below, col)
    assert path.read_text(encoding="utf-8").splitlines()[len(lines) + below - 1][col - 1:].startswith(column)


def test_a_subquery_is_named_in_french():
    from kpiguard._i18n import set_lang
    from kpiguard.metrics.expressions import check_expression

    set_lang("fr")
    try:
        with pytest.raises(ExpressionError) as info:
            check_expression("(select 1) > 0", "filter")
    finally:
        set_lang(None)
    assert info.value.diagnostics[0].message.startswith("filter n'accepte pas une sous-requête ;")


@pytest.mark.parametrize(("field", "text", "says", "way_out", "expected"), [
    ("measure", "sum(status)", "measure must give a number, got a string expression: status is text; to read it "
     "as numbers, write sum(cast(status as decimal))", "count(*)", 6),
    ("filter", "utm_medium", "filter must be a condition (true or false per row), got a string expression: "
     "utm_medium is text; compare it with the value that means yes, e.g. utm_medium = 'yes'",
     "utm_medium = 'email'", 3),  # o1, o4, o10
])
def test_a_text_column_where_a_number_or_a_condition_is_wanted_says_how_to_read_it(
        field, text, says, way_out, expected, tmp_path, shop_dir):
    """A warehouse column of text amounts or of flags written as words, used as they are in a metric of the
    user's own: the error says what to write instead, and what it says to write computes."""
    from kpiguard.errors import ExpressionError
    from kpiguard.spec.periods import parse_period

    spec, _, _ = spec_with(tmp_path, shop_dir, field, text)
    jan = parse_period("2025-01")
    with pytest.raises(ExpressionError) as info:
        compute(spec, ["hostile"], [jan])
    assert info.value.diagnostics[0].message == says
    spec, _, _ = spec_with(tmp_path, shop_dir, field, way_out)
    assert compute(spec, ["hostile"], [jan]).get("hostile", jan).value == expected


@pytest.mark.parametrize(("field", "text", "says"), [
    ("measure", "median(revenue)", "write the share of rows above a threshold, count(*) filter (where revenue >= 50)"),
    ("measure", "percentile_cont(0.9) within group (order by revenue)", "a median or a percentile cannot be added"),
    ("measure", "stddev(revenue)", "avg(revenue * revenue) - avg(revenue) * avg(revenue) is the variance"),
    ("measure", "count_if(revenue > 50)", "write count(*) filter (where <condition>)"),
    ("measure", "approx_count_distinct(customer_id)", "write count(distinct <column>)"),
    ("filter", "regexp_matches(utm_medium, '^e')", "write like 'SPR%', starts_with(x, 'SPR')"),
    ("filter", "date_diff('day', ordered_at, '2025-02-01') < 30", "differences of dates are not computed"),
    ("filter", "ordered_at > now()", "a condition on today's date would change with the day it runs"),
])
def test_a_function_kpiguard_does_not_compute_says_what_to_write_instead(field, text, says, tmp_path, shop_dir):
    """Both where `kpiguard validate` meets it (the text alone) and where compute does (a spec built in Python)."""
    from kpiguard.spec.exprnames import screen

    message, _ = screen(text, field)
    assert says in message, message
    spec, _, line = spec_with(tmp_path, shop_dir, field, text)
    with pytest.raises(ExpressionError) as info:
        compute(spec, ["hostile"], ["2025-01"])
    diagnostic = info.value.diagnostics[0]
    assert says in diagnostic.message and diagnostic.location.line == line, diagnostic.message


def test_the_variance_written_from_averages_is_the_population_variance(tmp_path, shop_dir):
    """The way out `stddev` gives computes what it says: DuckDB's var_pop over the same rows."""
    import duckdb

    spec, _, _ = spec_with(tmp_path, shop_dir, "measure", "avg(revenue * revenue) - avg(revenue) * avg(revenue)")
    value = compute(spec, ["hostile"], ["2025-01"]).get("hostile", "2025-01")
    orders = shop_dir / "data" / "orders.parquet"
    expected = duckdb.sql(f"select var_pop(revenue) from read_parquet('{orders}') where ordered_at >= "
                          "timestamptz '2025-01-01 00:00:00 Europe/Paris' and ordered_at < "
                          "timestamptz '2025-02-01 00:00:00 Europe/Paris'").fetchall()[0][0]
    assert value.value == pytest.approx(float(expected), rel=1e-9)


@pytest.mark.parametrize("text, refused", [
    ("sum(revenue) / 0", True), ("sum(revenue) / 0.0 + 1", True), ("sum(quantity) % 0", True),
    ("sum(revenue) / 0.5", False), ("sum(revenue) / (0 + count(*))", False), ("sum(revenue) / 10", False),
])
def test_validate_refuses_a_division_by_a_written_zero_as_compute_does(text, refused):
    """`kpiguard validate` passed `sum(revenue) / 0`, which computing refuses at the 0: the screen says it first,
    at the 0, and never refuses a division computing accepts."""
    from kpiguard.metrics.expressions import check_expression
    from kpiguard.spec.exprnames import screen

    found = screen(text, "measure")
    assert (found is not None and "divides by 0" in found[0]) is refused, found
    if refused:
        assert text[found[1]] == "0"
        with pytest.raises(ExpressionError, match="divides by 0"):
            check_expression(text, "measure")
    else:
        check_expression(text, "measure")
