"""From metric names and periods to engine queries (one per table or family) and back to MetricValues.

A plan resolves the metrics asked into the leaves the engine computes (simple aggregates, built-in
computations) and the arithmetic kpiguard does on their results (ratios, derived metrics). Leaves that read
the same table are batched into one aggregate query, with one column per (metric, bucket): conditional
aggregation over the period buckets, so that totals and series come from the same scan. Beyond 62 time slices
(a daily series), the buckets of one slice are read from rows per slice instead (one group-by on the slice,
whatever the number of days), and only the buckets of several slices keep a column each.
"""

from __future__ import annotations

import functools
import math
import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise
from typing import Any

from kpiguard._i18n import Message, pick
from kpiguard._numbers import say_period_everywhere
from kpiguard._units import unit_word
from kpiguard.catalog import builtin_metrics, resolve_metric
from kpiguard.errors import Diagnostic, KpiguardError, Location, SpecError
from kpiguard.metrics import results as R
from kpiguard.metrics.expressions import (
    Checked,
    build_filter,
    check_columns,
    check_expression,
    dated_columns,
    evaluate_derived,
    evaluate_measure,
    line_conditions,
    measure_partials,
)
from kpiguard.metrics.results import MetricResults, MetricValue
from kpiguard.metrics.source import (
    TIME_COLUMNS,
    Source,
    connect,
    number_columns,
    same_key_type,
    table_location,
)
from kpiguard.metrics.timeframe import Timeframe, bound, timeframe, within
from kpiguard.spec.models import MetricDef, Spec

M = Message
UNKNOWN_METRIC = M(en="unknown metric {name!r}{hint}", fr="métrique inconnue {name!r}{hint}")
DID_YOU_MEAN = M(en="; did you mean {best!r}?", fr=" ; vouliez-vous dire {best!r} ?")
NO_CLOSE_METRIC = M(en="; the built-in metrics are listed in docs/canonical-schema.md, define your own under `metrics:`",
                    fr=" ; les métriques intégrées sont listées dans docs/canonical-schema.md, définissez les vôtres "
                       "sous `metrics:`")
CYCLE = M(en="metric {name!r} is defined in terms of itself ({cycle})",
          fr="la métrique {name!r} est définie à partir d'elle-même ({cycle})")
NEEDS = M(en="metric {name!r} ({type}) needs {keys}", fr="la métrique {name!r} ({type}) a besoin de {keys}")
UNKNOWN_COMPUTATION = M(en="metric {name!r}: unknown built-in computation {computation!r}; known: {known}",
                        fr="métrique {name!r} : calcul intégré inconnu {computation!r} ; connus : {known}")
QUERY_LABEL = M(en="computing {metrics} on {what}", fr="calcul de {metrics} sur {what}")
READING_TABLES = M(en="opening the tables", fr="ouverture des tables")

Cell = tuple[float | None, str, str | None, float | None, float | None]  # value, status, reason, num, den


@dataclass
class Query:
    """One engine query: a one-row (or one-row-per-bucket) table, and how to read MetricValues out of it."""

    label: str  # what it reads, for comments and progress (e.g. "table orders")
    metrics: list[str]
    expr: Any
    decode: Callable[[Any], dict[tuple[str, int], Cell]]


@dataclass
class Plan:
    spec: Spec
    source: Source
    frame: Timeframe
    asked: list[str]
    definitions: dict[str, MetricDef]  # every metric needed, asked or not
    queries: list[Query] = field(default_factory=list)
    presence: dict[str, str] = field(default_factory=dict)  # leaf metric -> rows_key whose emptiness it takes


def metric_location(spec: Spec, name: str, definition: MetricDef, field_name: str | None = None) -> Location | None:
    if field_name and definition.loc is not None:
        return definition.loc_of(field_name)
    if definition.loc is not None:
        return definition.loc
    for kpi in spec.kpis:
        if kpi.metric == name:
            return kpi.loc_of("metric")
    return None


def resolve(spec: Spec, names: list[str]) -> dict[str, MetricDef]:
    """Every metric needed to compute `names` (dependencies first), with cycle detection."""
    out: dict[str, MetricDef] = {}
    known = sorted(set(builtin_metrics()) | set(spec.metrics))

    def visit(name: str, chain: tuple[str, ...], origin: Location | None) -> None:
        if name in out:
            return
        if name in chain:
            cycle = " -> ".join(chain[chain.index(name):] + (name,))
            raise SpecError(Diagnostic(CYCLE(name=name, cycle=cycle), origin, code="metric"))
        definition = resolve_metric(name, spec.metrics)
        if definition is None:
            import difflib

            best = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
            raise SpecError(Diagnostic(UNKNOWN_METRIC(name=name, hint=DID_YOU_MEAN(best=best[0]) if best else NO_CLOSE_METRIC()),
                                       origin, code="metric"))
        if not definition.name:
            definition._name = name
        for dep, loc in dependencies(name, definition):
            visit(dep, chain + (name,), loc)
        out[name] = definition

    for name in names:
        visit(name, (), None)
    return out


def dependencies(name: str, definition: MetricDef) -> list[tuple[str, Location | None]]:
    if definition.type == "ratio":
        if not definition.numerator or not definition.denominator:
            raise SpecError(Diagnostic(NEEDS(name=name, type="ratio", keys="numerator and denominator"),
                                       definition.loc, code="metric"))
        return [(definition.numerator, definition.loc_of("numerator")),
                (definition.denominator, definition.loc_of("denominator"))]
    if definition.type == "derived":
        checked = _derived(name, definition)
        return [(dep, definition.loc_of("expr")) for dep in checked.columns]
    return []


def _derived(name: str, definition: MetricDef) -> Checked:
    if not definition.expr:
        raise SpecError(Diagnostic(NEEDS(name=name, type="derived", keys="expr"), definition.loc, code="metric"))
    return check_expression(definition.expr, "expr", definition.loc_of("expr"))


# --- planning -----------------------------------------------------------------------------------------------

def plan(spec: Spec, metrics: list[str], periods: Any, grain: str | None = None,
         source: Source | None = None) -> Plan:
    from kpiguard.metrics import builtins

    frame = timeframe(periods, grain)
    definitions = resolve(spec, list(metrics))
    source = source or connect(spec)
    result = Plan(spec, source, frame, list(metrics), definitions)

    # simple metrics per table and time column: metrics cut on another column of the same table (`time_column:
    # shipped_at`) are another statement, else they were all cut on one of the columns; and per table they join
    # beyond their own (a customer's columns, has_line), so that a join and its checks (one row per customer_id)
    # bear on the metrics that read it only, never on the built-in ones beside them
    simple: dict[tuple[str, str, tuple[str, ...]], list[str]] = {}
    families: dict[str, list[str]] = {}
    for name, definition in definitions.items():
        if definition.type == "simple":
            if not definition.table or not definition.measure:
                where = definition.loc_of("measure") if definition.measure is not None else definition.loc
                raise SpecError(Diagnostic(NEEDS(name=name, type="simple", keys="table and measure"),
                                           where, code="metric"))
            table_name, time_column = str(definition.table), str(definition.params.get("time_column") or "")
            simple.setdefault((table_name, time_column, _joined_tables(result, name, definition)), []).append(name)
            result.presence[name] = rows_key(table_name, time_column)
        elif definition.type in ("builtin", "cohort"):
            computation = str(definition.params.get("computation") or
                              ("repurchase" if definition.type == "cohort" else ""))
            family = builtins.FAMILIES.get(computation)
            if family is None:
                raise SpecError(Diagnostic(UNKNOWN_COMPUTATION(name=name, computation=computation,
                                                               known=", ".join(sorted(builtins.FAMILIES))),
                                           metric_location(spec, name, definition, "params"), code="metric"))
            families.setdefault(family, []).append(name)
            presence = builtins.PRESENCE[computation]
            if presence is not None:
                result.presence[name] = rows_key(presence, "")
                simple.setdefault((presence, "", ()), [])
    for (table_name, _, _), names in simple.items():
        result.queries.append(_table_query(result, table_name, names))
    for family, names in families.items():
        result.queries.append(builtins.build(family, result, names))
    return result


def _joined_tables(plan: Plan, name: str, definition: MetricDef) -> tuple[str, ...]:
    """The tables beyond its own that a simple metric's expressions read: `customers` (a column its table lacks,
    through customer_id), `order_lines` (has_line), and for order lines their order's, product's and customer's
    tables (a column the lines lack). () when they read their table alone, or when the expressions or the table
    cannot be read: the statement then says why, as it always did."""
    from kpiguard.metrics.expressions import line_conditions

    spec, table_name = plan.spec, str(definition.table)
    if table_name not in spec.data.tables:
        return ()
    try:
        measure = check_expression(definition.measure, "measure")
        filt = check_expression(definition.filter, "filter") if definition.filter else None
        own = plan.source.table(table_name, metric=name, location=table_location(spec, table_name)).columns
        beyond = [c for e in (measure, filt) if e is not None for c in e.columns if c not in own]
        joined = ["order_lines"] if line_conditions(measure, filt) else []
        if beyond and table_name == "order_lines":
            # as lines_with_orders reads them: the order's columns first, then the product's, then the customer's
            for other in ("orders", "products"):
                if other in spec.data.tables:
                    columns = plan.source.table(other, metric=name, location=table_location(spec, other)).columns
                    joined += [other] if any(c in columns for c in beyond) else []
                    beyond = [c for c in beyond if c not in columns]
        if beyond:
            joined.append("customers")
    except KpiguardError:
        return ()
    return tuple(joined)


def rows_key(table_name: str, time_column: str) -> str:
    """How the row counts of a table cut on a time column (`""`: its own) are named among a plan's cells."""
    return f"{table_name}|{time_column}"


def _require_numbers(spec: Spec, table_name: str, table: Any, name: str, measure: Checked,
                     filt: Checked | None = None) -> None:
    """A built-in metric that sums a column the engine read as text (`5,50` with a decimal comma in a CSV), or
    compares one with a number in its filter (`orders`: `revenue >= 0`), is a data error at the table, in the
    user's terms, not a type error about a measure or a filter they never wrote."""
    from kpiguard.errors import DataError
    from kpiguard.metrics.source import _spec_loc, reads_files

    columns = list(measure.columns) if any(word in measure.text.lower() for word in ("sum(", "avg(")) else []
    if filt is not None:
        columns += [c for c in filt.columns if c in number_columns(spec, table_name)]
    for column in columns:
        if table[column].type().is_string():
            mapped = spec.data.columns.get(table_name, {}).get(column)
            files = reads_files(spec, table_name)  # a file to rewrite, or a mapping to change in the spec
            message = TEXT_NUMBERS if files else TEXT_NUMBERS_IN_ENGINE
            where = ("data", "columns", table_name, column) if mapped and not files else ("data", "tables", table_name)
            raise DataError(Diagnostic(message(metric=name, column=mapped or column, table=table_name,
                                               canonical=column), _spec_loc(spec, where), code="data"))


def _refuse_totals(spec: Spec, table_name: str, table: Any, name: str, measure: Checked) -> None:
    """A built-in metric that counts rows (`sessions`: `count(*)`) over a table whose rows are totals: a numeric
    column named as the metric (GA4's report export, one row per day and channel with its `Sessions`; a shop's
    sales report with `Orders`). Counting its rows gave the number of days and channels (4 sessions where the
    column adds up to 305): a data error at the table, with the metric that adds up the column instead."""
    import re

    from kpiguard.errors import DataError

    if measure.text.replace(" ", "").lower() != "count(*)":
        return
    mapped = set(spec.data.columns.get(table_name, {}).values())

    def folded(text: str) -> str:
        return re.sub(r"[^0-9a-z]", "", text.lower())

    for column in table.columns:
        if (folded(column) == folded(name) and column not in mapped and not column.startswith("_kg_")
                and table[column].type().is_numeric()):
            written = column if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", column) else '"' + column.replace('"', '""') + '"'
            unit = str(getattr(builtin_metrics().get(name), "unit", None) or name)
            raise DataError(Diagnostic(TOTALS(metric=name, table=table_name, column=column, written=written,
                                              unit=unit, unit_one=unit_word(unit, "en", 1),
                                              unit_one_fr=unit_word(unit, "fr", 1)),
                                       table_location(spec, table_name), code="data"))


def refuse_user_names(source: Any, table_name: str, table: Any, expressions: list[Checked]) -> None:
    """Expressions read the canonical names: a user's own column name that data.columns maps (`amount` for
    `revenue`), or that kpiguard read as a canonical one written in another case (`Status`), is not a column
    here, and the message says which name to write and why."""
    from kpiguard.errors import ExpressionError

    for checked in expressions:
        for column in checked.columns:
            if column in table.columns:
                continue
            canonical, by_case = source.canonical_of(table_name, column)
            if canonical is not None:
                said = USER_NAME_BY_CASE if by_case else USER_NAME
                raise ExpressionError(Diagnostic(
                    said(name=column, canonical=canonical, table=table_name, field=checked.field),
                    checked.location, code="expression"))


def atoms(frame: Timeframe) -> tuple[list[Any], list[list[int]]]:
    """Cut the timeline at every bucket boundary: the slices between consecutive boundaries ("atoms") are
    disjoint, and every bucket (a period or a series bucket, overlapping or not) is a union of atoms."""
    bounds = sorted({b.start for b in frame.buckets} | {b.end for b in frame.buckets})
    index = {day: i for i, day in enumerate(bounds)}  # a bucket's atoms run from its start's to its end's
    members = [list(range(index[b.start], index[b.end])) for b in frame.buckets]
    return bounds, members


MANY_ATOMS = 62  # beyond, no 64-bit mask of atoms per key, and the queries take one-atom buckets per atom


def single_atoms(members: list[list[int]], n_atoms: int) -> dict[int, int]:
    """When there are many atoms (a daily series), the buckets made of one atom (the days), with that atom.

    Their distinct counts and sums are then taken per atom, in one group-by on the atom, whatever their number:
    only the buckets made of several atoms (the periods asked, a week cut by a period's end) need per-key sets
    of atoms or sums over atoms, whose size in the SQL grows with the number of buckets. With fewer atoms (a
    monthly series, periods alone) every bucket keeps its own column of the one-row result (a bit mask per key
    covers them all at once).
    """
    if n_atoms <= MANY_ATOMS:
        return {}
    return {j: part[0] for j, part in enumerate(members) if len(part) == 1}


def beside(one_row: Any, per_atom: Any) -> Any:
    """A one-row result (or None) and rows per atom (`_kg_a`) in one statement: the one row repeated beside each
    atom's row, by a left join on TRUE that keeps it alone (atom NULL) when no atom has a row."""
    import ibis

    if one_row is None:
        return per_atom
    return one_row.left_join(per_atom, ibis.literal(True))


def per_atom(df: Any, column: str) -> dict[int, float]:
    """The values of `column` per atom, from the rows of a `beside` result (the lone row without atom skipped)."""
    out = {}
    for record in df.to_dict("records"):
        atom = number(record.get("_kg_a"))
        if atom is not None:
            out[int(atom)] = number(record[column]) or 0.0
    return out


def _table_query(plan: Plan, table_name: str, names: list[str]) -> Query:
    """Every simple metric over one table: one scan, grouped by time slice; periods are sums of slices.

    Sums, counts, averages, minima and maxima are computed per slice and combined per period (exactly: a sum
    of sums, a min of mins, a sum over a count). count(distinct x) is not additive: it is one group-by on x with
    a flag per period ("has a row in this period"), summed, in the same statement.
    """

    spec, source = plan.spec, plan.source
    checked: dict[str, tuple[Checked, Checked | None]] = {}
    for name in names:
        d = plan.definitions[name]
        measure = check_expression(d.measure, "measure", metric_location(spec, name, d, "measure"))
        filt = check_expression(d.filter, "filter", metric_location(spec, name, d, "filter")) if d.filter else None
        checked[name] = (measure, filt)
    first_metric = names[0] if names else next(iter(plan.definitions))
    if table_name == "order_lines" and names and at_order_time(plan, names):
        return _lines_query(plan, names, checked)
    time_column = _time_column(plan, table_name, names)
    if table_name == "order_lines" and names and reads_beyond_lines(plan, names, checked):
        # lines cut on a time of their own (`shipped_at`) that read their order's, product's or customer's columns
        return _lines_query(plan, names, checked, time_column)
    table = source.require(table_name, [time_column], metric=first_metric,
                           location=table_location(spec, table_name))
    for name, (measure, filt) in checked.items():
        if name not in spec.metrics or name.startswith("_kg_"):
            # A built-in metric (or one kpiguard adds, `_kg_...`: an average's spread) whose column the user's
            # table lacks (no `margin`) is a data gap, named with the metric and the way to map it; a custom
            # metric's unknown column stays an error at its line.
            needed = sorted(set(measure.columns) | (set(filt.columns) if filt is not None else set()))
            # the table as required: amounts held as text are read as numbers there
            table = source.require(table_name, needed, metric=name, location=table_location(spec, table_name))
            _require_numbers(spec, table_name, table, name, measure, filt)
            _refuse_totals(spec, table_name, table, name, measure)
    # the amounts a metric of your own reads, as the built-in ones read them (`12,50 €` as 12.50, in the currency)
    amounts = [c for pair in checked.values() for e in pair if e is not None for c in e.columns
               if c in number_columns(spec, table_name) and c in table.columns]
    if amounts:
        table = source.require(table_name, list(dict.fromkeys(amounts)), metric=first_metric,
                               location=table_location(spec, table_name))
    refuse_user_names(source, table_name, table, [c for pair in checked.values() for c in pair if c is not None])
    table, tables = with_relations(plan, table_name, table, names or [first_metric], checked)
    local = source.local_time(table, time_column, table_name=table_name)
    label = f"table {table_name}" + (f" ({tables})" if tables != table_name else "")
    return _sliced_query(plan, table_name, names, checked, table, local, time_column, label)


def read_times(source: Any, table: Any, table_name: str, times: dict[str, Any], *checked: Checked | None,
               whole: Any = None) -> dict[str, Any]:
    """`times` (the table's time column, as periods read it) with the other columns the expressions read as times
    (`dated_columns`), each read as kpiguard reads a time column (text dates day or month first by the column's
    values or data.date_order, epochs, the table's zone), decided once per column from all its rows (`whole`,
    the table before it was cut to the periods: the same column reads the same way whatever the periods)."""
    for column in sorted(dated_columns(*checked) - set(times)):
        if column in table.columns:
            dtype = table[column].type()
            if (dtype.is_string() or dtype.is_temporal() or dtype.is_integer()) and \
                    (table_name, column) not in source.not_times:
                try:
                    if whole is not None:
                        source.local_time(whole, column, table_name=table_name)  # decided there, then cached
                    times[column] = source.local_time(table, column, table_name=table_name)
                except KpiguardError:
                    if dtype.is_string() and not source.writes_dates(whole if whole is not None else table, column):
                        # text that is no date (`month(customer_id)`): the expression's own error says so
                        source.not_times.add((table_name, column))
                        continue
                    raise
    return times


def with_relations(plan: Plan, table_name: str, table: Any, names: list[str],
                   checked: dict[str, tuple[Checked, Checked | None]], extra: tuple[str, ...] = ()) -> tuple[Any, str]:
    """A metric's rows with what its expressions read beyond its own table, and the tables read ("orders,
    customers, order_lines").

    Two relations of the canonical schema, each a join on a declared key (nothing from the spec is SQL):
    - a column that the table lacks and its customer has (`acquisition_channel`, a `segment` of your own) is read
      from `customers`, joined on `customer_id` (a left join: a row whose customer is unknown keeps its own
      columns, its customer's are missing); the table's own columns come first;
    - `has_line(condition)`, in a metric over orders, is whether some line of the order (with its product's
      columns) meets the condition: the distinct order ids of the matching lines, left-joined on `order_id` as a
      flag, so that each order is still one row (a semi-join), whatever its number of lines."""
    spec = plan.spec
    expressions = [c for pair in checked.values() for c in pair if c is not None]
    tables = [table_name]
    used = [c for e in expressions for c in e.columns] + list(extra)
    missing = list(dict.fromkeys(c for c in used if c not in table.columns))
    hint = _column_hint(plan, table_name, table, names[0])
    if missing and table_name != "customers" and "customer_id" in table.columns and "customers" in spec.data.tables:
        table, joined = _with_customers(plan, table_name, table, names[0], missing, extra, expressions, hint)
        tables += ["customers"] if joined else []
    elif [c for c in missing if c not in extra]:
        for e in expressions:
            check_columns(e, list(table.columns), table_name, hint)
    conditions = line_conditions(*expressions)
    if conditions:
        if table_name != "orders":
            _refuse_line_conditions(spec, table_name, checked)
        table = _with_line_flags(plan, table, names[0], conditions)
        tables.append("order_lines")
    return table, ", ".join(tables)


def _column_hint(plan: Plan, table_name: str, table: Any, metric: str) -> Callable[[str, str], str]:
    """What to add to "unknown column" for a column that lives elsewhere: a product's or a line's in a metric over
    orders (an order has several lines: `has_line`), a customer's when `customers` is not declared."""
    spec, source = plan.spec, plan.source

    def hint(column: str, kind: str) -> str:
        if table_name == "orders":
            for other in ("order_lines", "products"):
                if other in spec.data.tables and column in source.table(
                        other, metric=metric, location=table_location(spec, other)).columns:
                    said = LINE_MEASURE if kind == "measure" else LINE_COLUMN
                    return said(column=column, table=other)
        if table_name != "customers" and "customer_id" in table.columns and "customers" not in spec.data.tables:
            return DECLARE_CUSTOMERS()
        return ""

    return hint


def _with_customers(plan: Plan, table_name: str, table: Any, metric: str, missing: list[str],
                    extra: tuple[str, ...], expressions: list[Checked],
                    hint: Callable[[str, str], str] | None = None) -> tuple[Any, bool]:
    """`table` with the columns of `missing` that its rows' customers have (see `with_relations`); a column found
    in neither table is an error at the expression, naming the columns of both (an `extra` one is left out)."""
    source = plan.source
    customers = source.table("customers", metric=metric, location=table_location(plan.spec, "customers"))
    of_customer = [c for c in missing if c in customers.columns and c != "customer_id"]
    if [c for c in missing if c not in of_customer and c not in extra]:
        # named with the columns of both tables the expressions may read
        everywhere = list(dict.fromkeys([*table.columns, *customers.columns]))
        for checked in expressions:
            check_columns(checked, everywhere, f"{table_name}, customers", hint)
    if not of_customer:
        return table, False
    catalog = source.require("customers", ["customer_id", *of_customer], metric=metric,
                             location=table_location(plan.spec, "customers"))
    catalog = catalog.select("customer_id", *of_customer)
    source.refuse_repeated_ids(catalog, "customers", "customer_id", metric, joined=table_name)
    table, catalog = same_key_type(table, catalog, "customer_id")
    return table.left_join(catalog, "customer_id").drop("customer_id_right"), True


def _with_line_flags(plan: Plan, orders: Any, metric: str, conditions: dict[str, tuple[Any, Checked]]) -> Any:
    """The orders with one boolean column per `has_line(condition)`: whether some line of the order, read with its
    product's columns, meets the condition."""
    spec, source = plan.spec, plan.source
    where = table_location(spec, "order_lines")
    lines = source.table("order_lines", metric=metric, location=where)
    used = list(dict.fromkeys(c for _, cond in conditions.values() for c in cond.columns))
    own = [c for c in used if c in lines.columns]
    rest = [c for c in used if c not in lines.columns]
    products = source.table("products", metric=metric, location=table_location(spec, "products")) \
        if rest and "products" in spec.data.tables else None
    of_product = [c for c in rest if products is not None and c in products.columns]
    if len(of_product) < len(rest):
        everywhere = list(dict.fromkeys([*lines.columns, *(products.columns if products is not None else [])]))
        for _, cond in conditions.values():
            check_columns(cond, everywhere, "order_lines" + (", products" if products is not None else ""))
    lines = source.require("order_lines", ["order_id", *own, *(["product_id"] if of_product else [])],
                           metric=metric, location=where)
    rows = lines.select(*dict.fromkeys(["order_id", *own, *(["product_id"] if of_product else [])]))
    if of_product:
        catalog = source.require("products", ["product_id", *of_product], metric=metric,
                                 location=table_location(spec, "products")).select("product_id", *of_product)
        source.refuse_repeated_ids(catalog, "products", "product_id", metric)
        rows, catalog = same_key_type(rows, catalog, "product_id")
        rows = rows.left_join(catalog, "product_id").drop("product_id_right")
    for flag, (_, cond) in conditions.items():
        matched = rows.filter(build_filter(cond, rows, "order_lines")).select("order_id").distinct()
        matched = matched.mutate(**{flag: True})
        orders, matched = same_key_type(orders, matched, "order_id")
        orders = orders.left_join(matched, "order_id").drop("order_id_right")
        orders = orders.mutate(**{flag: orders[flag].fill_null(False)})
    return orders


def _sliced_query(plan: Plan, table_name: str, names: list[str], checked: dict[str, tuple[Checked, Checked | None]],
                  table: Any, local: Any, time_column: str, label: str) -> Query:
    """The statement of `_table_query` over `table`, whose rows are placed in time by `local`."""
    spec, source, frame = plan.spec, plan.source, plan.frame
    is_date = local.type().is_date()
    whole = table
    bounds, members = atoms(frame)
    single = single_atoms(members, len(bounds) - 1)
    table = table.mutate(_kg_t=local)
    table = table.filter(within(table._kg_t, bounds[0], bounds[-1], is_date=is_date, tz=spec.timezone))
    table = table.mutate(_kg_a=slice_index(table._kg_t, bounds, spec.timezone))

    per_slice: dict[str, Any] = {"n": table.count()}
    plans: dict[str, list[tuple[Any, list[str]]]] = {}  # metric -> [(partial, its columns)]
    distinct: dict[str, tuple[Any, Any, dict[str, list[int]]]] = {}
    for i, (name, (measure, filt)) in enumerate(checked.items()):
        times = read_times(source, table, table_name, {time_column: table._kg_t}, measure, filt, whole=whole)
        where = build_filter(filt, table, table_name, times) if filt is not None else None
        metric_plan = []
        metric_where = where
        for partial in measure_partials(measure, table, table_name, times):
            prefix = f"{name}__{partial.index}"
            where = _both(metric_where, partial.where)
            if partial.kind == "distinct":
                # a bucket that is one slice (a day of a daily series) counts its keys in the per-slice group-by;
                # only the buckets made of several slices need the per-key sets of slices below
                key = partial.arg
                if single:
                    named = known(key, source.engine)  # a blank text key is no one, as a missing one
                    per_slice[f"{prefix}_d"] = key.nunique(where=named if where is None else named & where)
                group = distinct.setdefault(f"{key}|{where}", (key, where, {}))
                cols = [f"{prefix}_d"] + [None if j in single else f"{prefix}__{_slug(b.label)}__{j}"
                                          for j, b in enumerate(frame.buckets)]
                for j, col in enumerate(cols[1:]):
                    if col is not None:
                        group[2][col] = members[j]
                metric_plan.append((partial, cols))
                continue
            arg = partial.arg
            if partial.kind == "count":
                per_slice[f"{prefix}_c"] = table.count(where=where) if arg is None else arg.count(where=where)
                cols = [f"{prefix}_c"]
            elif partial.kind in ("sum", "avg"):
                value = ones(arg) if arg.type().is_boolean() else arg
                per_slice[f"{prefix}_s"] = value.sum(where=where)
                per_slice[f"{prefix}_c"] = value.count(where=where)
                per_slice[f"{prefix}_m"] = table.count(where=where)
                cols = [f"{prefix}_s", f"{prefix}_c", f"{prefix}_m"]
            else:
                per_slice[f"{prefix}_x"] = arg.min(where=where) if partial.kind == "min" else arg.max(where=where)
                cols = [f"{prefix}_x"]
            metric_plan.append((partial, cols))
        plans[name] = metric_plan
    expr = per_slice_rows(table, per_slice, table._kg_t, bounds, source.engine, spec.timezone,
                          read=stored(local))
    for key, where, columns in distinct.values():
        if not columns:
            continue
        if where is None:
            # the keys are grouped straight from the rows of the per-slice aggregate: one scan of the table for
            # both (the engine computes the shared rows once); a missing key is left out by the aggregate's filter
            counts = count_keys(table, key, key.notnull(), columns, len(bounds) - 1, source.engine)
        else:
            # a filtered count: only the matching rows are grouped (a selective filter keeps the group-by small)
            counts = count_keys(table.filter(key.notnull() & where), key, None, columns, len(bounds) - 1,
                                source.engine)
        expr = expr.cross_join(counts)

    # the metrics of one statement share their time column (see plan): their rows are counted under it
    key = rows_key(table_name, str(plan.definitions[names[0]].params.get("time_column") or "") if names else "")

    def decode(df: Any) -> dict[tuple[str, int], Cell]:
        records = df.to_dict("records")
        by_slice = {int(r["_kg_a"]): r for r in records}
        out: dict[tuple[str, int], Cell] = {}
        for j, bucket in enumerate(frame.buckets):
            slices = [by_slice[a] for a in members[j] if a in by_slice]
            rows = sum(number(r["n"]) or 0 for r in slices)
            out[(f"__rows__{key}", j)] = (rows, "ok", None, None, None)
            for name, metric_plan in plans.items():
                values = [_combine(partial, cols, slices, records, j) for partial, cols in metric_plan]
                try:
                    value = evaluate_measure(checked[name][0], values)
                except ZeroDivisionError as divisor:
                    out[(name, j)] = (None, "division_by_zero",
                                      R.DIVISION_BY_ZERO.localized(denominator=str(divisor), period=say_period_everywhere(bucket)),
                                      None, None)
                    continue
                if value is None and any(p.kind == "avg" and not _matched(cols, slices)
                                         for p, cols in metric_plan):
                    out[(name, j)] = (None, "null", R.NO_MATCH.localized(period=say_period_everywhere(bucket), table=table_name),
                                      None, None)
                elif value is not None and math.isinf(value):
                    # (an infinite value in a float column, or an overflow) never an "ok" number: JSON has no infinity
                    out[(name, j)] = (None, "null", R.INFINITE.localized(period=say_period_everywhere(bucket),
                                                                         measure=checked[name][0].text), None, None)
                elif value is None:
                    nan = any(_nan_sum(partial, cols, slices) for partial, cols in metric_plan)
                    measure_text = checked[name][0].text
                    reason = (R.NAN.localized(period=say_period_everywhere(bucket), measure=measure_text) if nan
                              # every aggregate has a value: the measure's own arithmetic (a nullif) has none
                              else R.MADE_MISSING.localized(period=say_period_everywhere(bucket), measure=measure_text)
                              if values and all(v is not None for v in values) and any(
                                  (_matched(cols, slices) if p.kind in ("sum", "avg") else v if p.kind == "count"
                                   else 0) for (p, cols), v in zip(metric_plan, values, strict=True))
                              else R.NULL.localized(period=say_period_everywhere(bucket)))
                    out[(name, j)] = (None, "null", reason, None, None)
                else:
                    out[(name, j)] = (value, "ok", None, None, None)
        return out

    return Query(label, names, expr, decode)


def at_order_time(plan: Plan, names: list[str]) -> bool:
    """Whether metrics of your own over order lines place them at their order's time: they name no time column
    of the lines', or name the order's (`time_column: ordered_at`) where the lines have none of that name."""
    columns = {str(plan.definitions[n].params.get("time_column") or "") for n in names}
    if columns == {""}:
        return True
    if columns - {"", "ordered_at"}:
        return False
    lines = plan.source.table("order_lines", metric=names[0], location=table_location(plan.spec, "order_lines"))
    return "ordered_at" not in lines.columns


def _lines_query(plan: Plan, names: list[str], checked: dict[str, tuple[Checked, Checked | None]],
                 time_column: str | None = None) -> Query:
    """Metrics of your own over order lines, with the columns of their order, product and customer: one statement
    over the lines placed at their order's time, or at their own `time_column` (`lines_with_orders`)."""
    table, tables = lines_with_orders(plan, names, checked, time_column=time_column)
    if time_column is None:
        return _sliced_query(plan, "order_lines", names, checked, table, table._kg_ot, "ordered_at",
                             f"order lines with their orders ({tables})")
    return _sliced_query(plan, "order_lines", names, checked, table, table._kg_ot, time_column,
                         f"table order_lines ({tables})")


def reads_beyond_lines(plan: Plan, names: list[str], checked: dict[str, tuple[Checked, Checked | None]],
                       extra: tuple[str, ...] = ()) -> bool:
    """Whether metrics over order lines name a column the lines lack (their order's, product's or customer's)."""
    lines = plan.source.table("order_lines", metric=names[0], location=table_location(plan.spec, "order_lines"))
    used = [c for pair in checked.values() for e in pair if e is not None for c in e.columns] + list(extra)
    return any(c not in lines.columns for c in used)


def lines_with_orders(plan: Plan, names: list[str], checked: dict[str, tuple[Checked, Checked | None]],
                      extra: tuple[str, ...] = (), time_column: str | None = None) -> tuple[Any, str]:
    """The order lines that metrics of your own read, each with its time as the engine compares it (`_kg_ot`),
    and the tables it joins ("order_lines, orders, products").

    Order lines have no time of their own: each line is placed at its order's time, unless `time_column` names
    the lines' own (a `shipped_at`). Their measure and filter may read the columns of its order (`status`,
    `customer_id`, `utm_medium`), of its product (`category`) and of its customer (through the line's
    `customer_id`, else its order's), as may `extra` columns (a segment's). A line's own columns come first
    (`revenue` is the line's); then its order's, its product's, its customer's. Lines whose order is not in the
    orders (after data.filters) are left out whenever the orders are joined (always at the order's time; under a
    time column of the lines', when a column of the order or of its customer is read), as the built-in line
    metrics leave them out; a line whose product or customer is unknown keeps its other columns. An `extra`
    column found in none of the tables is left out (the caller says so)."""
    spec, source = plan.spec, plan.source
    first = names[0]
    where = table_location(spec, "order_lines")
    lines = source.table("order_lines", metric=first, location=where)
    at_order = time_column is None
    if at_order and "orders" not in spec.data.tables:
        from kpiguard.errors import DataError

        raise DataError(Diagnostic(LINES_NEED_ORDERS(metric=first),
                                   metric_location(spec, first, plan.definitions[first]), code="data"))
    orders = source.table("orders", metric=first, location=table_location(spec, "orders")) \
        if "orders" in spec.data.tables else None
    order_columns = list(orders.columns) if orders is not None else []
    used: dict[str, None] = {}
    for measure, filt in checked.values():
        for c in (measure, filt):
            used.update(dict.fromkeys(c.columns if c is not None else ()))
    used.update(dict.fromkeys(extra))
    _refuse_line_conditions(spec, "order_lines", checked)
    own = [c for c in used if c in lines.columns]
    of_order = [c for c in used if c not in lines.columns and c in order_columns and c != "order_id"]
    rest = [c for c in used if c not in lines.columns and c not in order_columns]
    products = source.table("products", metric=first, location=table_location(spec, "products")) \
        if rest and "products" in spec.data.tables else None
    of_product = [c for c in rest if products is not None and c in products.columns]
    rest = [c for c in rest if c not in of_product]
    customers = source.table("customers", metric=first, location=table_location(spec, "customers")) \
        if rest and "customers" in spec.data.tables and "customer_id" in [*lines.columns, *order_columns] else None
    of_customer = [c for c in rest if customers is not None and c in customers.columns]
    if [c for c in rest if c not in of_customer and c not in extra]:
        # named with the columns of the tables a line's expressions may read
        readable = {"order_lines": lines.columns, "orders": order_columns,
                    "products": products.columns if products is not None else None,
                    "customers": customers.columns if customers is not None else None}
        everywhere = list(dict.fromkeys(c for cols in readable.values() if cols for c in cols))
        tables = ", ".join(t for t, cols in readable.items() if cols)
        for measure, filt in checked.values():
            for c in (measure, filt):
                if c is not None:
                    check_columns(c, everywhere, tables)
    if of_customer and "customer_id" not in own + of_order:
        # the key to the line's customer: its own when it has one, else its order's
        (own if "customer_id" in lines.columns else of_order).append("customer_id")
    joins_orders = at_order or bool(of_order)
    keys = (["order_id"] if joins_orders else []) + (["product_id"] if of_product else [])
    lines = source.require("order_lines", [*keys, *own, *([time_column] if time_column else [])],
                           metric=first, location=where)
    refuse_user_names(source, "order_lines", lines, [c for pair in checked.values() for c in pair if c is not None])
    for name, (measure, filt) in checked.items():
        if name not in spec.metrics:
            _require_numbers(spec, "order_lines", lines, name, measure, filt)
    picked = lines.select(*dict.fromkeys([*keys, *own]),
                          **({"_kg_ot": source.local_time(lines, time_column, table_name="order_lines")}
                             if time_column else {}))
    table = picked
    if joins_orders:
        orders = source.require("orders", ["order_id", *(["ordered_at"] if at_order else []), *of_order],
                                metric=first, location=table_location(spec, "orders"))
        times = {"_kg_ot": source.local_time(orders, "ordered_at", table_name="orders")} if at_order else {}
        by_order = orders.select("order_id", **times, **{c: orders[c] for c in of_order})
        picked, by_order = same_key_type(picked, by_order, "order_id")
        table = picked.join(by_order, "order_id")
    if of_product:
        catalog = source.require("products", ["product_id", *of_product], metric=first,
                                 location=table_location(spec, "products"))
        catalog = catalog.select("product_id", *of_product)
        source.refuse_repeated_ids(catalog, "products", "product_id", first)
        table, catalog = same_key_type(table, catalog, "product_id")
        table = table.left_join(catalog, "product_id").drop("product_id_right")
    if of_customer:
        table, _ = _with_customers(plan, "orders", table, first, of_customer, extra, [])
    return table, ("order_lines" + (", orders" if joins_orders else "") + (", products" if of_product else "")
                   + (", customers" if of_customer else ""))


def _refuse_line_conditions(spec: Spec, table_name: str, checked: dict[str, tuple[Checked, Checked | None]]) -> None:
    """`has_line(...)` outside a metric over orders: an error at the expression that says what to write instead."""
    from kpiguard.metrics.expressions import refuse_has_line

    culprit = next((c for pair in checked.values() for c in pair if c is not None and line_conditions(c)), None)
    if culprit is not None:
        refuse_has_line(culprit, table_name)


def _both(first: Any, second: Any) -> Any:
    """Two row conditions, either of which may be None (no condition), as one."""
    if first is None or second is None:
        return second if first is None else first
    return first & second


# The ids that name nobody, as exports write an unknown customer, visitor or recipient: WooCommerce's customer 0
# of guest orders, GA4's `(not set)` client id, a tag's `undefined` or `null`, a spreadsheet's `N/A` or `-`, pandas'
# `nan` or `None` written as text. Written in lower case, in capitals or capitalised (`NULL`, `Null`), as tools
# write them; listed rather than folded so that the test is a few comparisons of the id's inline prefix, not a
# `lower()` of every id (see `placeholder` and `per_key` for what it costs).
PLACEHOLDER_IDS = ("0", "-", "--", "null", "none", "nan", "undefined", "n/a", "#n/a", "(not set)", "(not provided)",
                   "(none)", "(null)", "(undefined)")
PLACEHOLDER_SPELLINGS = tuple(dict.fromkeys(
    spelling for word in PLACEHOLDER_IDS for spelling in (word, word.upper(), word.capitalize())))


def known(key: Any, engine: str) -> Any:
    """Whether an id names someone: present, not blank text and not a placeholder (`placeholder`). An export
    writes a guest order's customer or an unknown recipient as an empty or blank cell (`''`, `' '`), which a CSV
    reader reads as missing but a Parquet file or a database keeps as text, or as a placeholder (`0`,
    `(not set)`): counted as it is, every such row would be one customer (a repeat customer, in a repurchase
    rate). Applied to the groups of a per-customer group-by where the computation has one."""
    return present(key, engine) & ~placeholder(key)


def present(key: Any, engine: str) -> Any:
    """Whether an id is there: not missing and, for text, not blank. The engine may push that test down to the
    rows: a blank id sorts before `!` (its first character is a space, a tab or nothing), a comparison of the
    string's inline prefix, and only such ids are trimmed (`NOT (id < '!' AND TRIM(id) = '')`), so that the test
    costs next to nothing on the ids of real customers. DuckDB only: elsewhere a collation may sort spaces
    otherwise (PostgreSQL's en_US ignores them), and every id is trimmed."""
    if not key.type().is_string():
        return key.notnull()
    if engine != "duckdb":
        return key.notnull() & (key.strip() != "")
    return key.notnull() & ~((key < "!") & (key.strip() == ""))


def placeholder(key: Any) -> Any:
    """Whether an id is one of PLACEHOLDER_IDS, as written (text) or a numeric 0 (WooCommerce's guest). Written
    as `id = 'null' OR id = 'NULL' ...`: in a filter, DuckDB runs `id IN (...)` as a join, which cost more."""
    import ibis

    if key.type().is_numeric():
        return key == 0
    if not key.type().is_string():
        return ibis.literal(False)
    return functools.reduce(operator.or_, [key == spelling for spelling in PLACEHOLDER_SPELLINGS])


def listed_placeholder(key: Any) -> Any:
    """`placeholder(key)` for a projection (a CASE, an aggregate's argument): there `IN` is a lookup, cheaper than
    the comparisons one after the other (in a filter, DuckDB runs it as a join: `placeholder`)."""
    return key.isin(PLACEHOLDER_SPELLINGS) if key.type().is_string() else placeholder(key)


SLICE_FLAGS = 12  # up to that many slices, PostgreSQL groups the rows by flags (per_slice_rows): 2**11 groups at most


def per_slice_rows(table: Any, aggregates: dict[str, Any], t: Any, bounds: list[Any], engine: str, tz: str, *,
                   read: bool = True) -> Any:
    """The aggregates per time slice (`_kg_a`, the slice of time `t`): a group-by on the slice.

    PostgreSQL estimates a group-by on an expression of the time column (the slice's CASE) to have as many groups
    as the column has distinct instants (millions), and then aggregates on one process. A few slices are rather
    grouped by whether each row is before each inner boundary (`t < cut`, a boolean, which PostgreSQL counts
    as two groups): the same groups, estimated as a few, so that it aggregates in parallel as it does a
    hand-written query (bench/postgres.py, 1.5 million orders over three periods: the statement took 2.6 s
    instead of 6.2 s on a loaded machine, the hand-written one 1.4 s). The slice is the number of boundaries
    passed. Each row's flags are computed once, as its group key: a FILTER per slice on each aggregate
    would repeat the time comparisons in every aggregate. Only for a time read as stored (`read`): a time
    converted row by row (a naive time under data.timezones, text) would be converted once per boundary instead
    of once or twice by the CASE, and a view's misestimated rows already get such a statement planned in
    parallel (bench/postgres.py's legacy view: 33 s instead of 22 s)."""
    import ibis

    n = len(bounds) - 1
    if engine != "postgres" or not read or not 1 < n <= SLICE_FLAGS:
        return table.group_by("_kg_a").aggregate(**aggregates)
    cuts = [bound(b, is_date=t.type().is_date(), tz=tz if _aware(t) else None) for b in bounds[1:-1]]
    flags = {f"_kg_p{i}": t < cut for i, cut in enumerate(cuts)}
    rows = table.group_by(**flags).aggregate(**aggregates)
    # the boundaries not ahead of the row, as `slice_index` counts them (a missing time in the last slice)
    passed = functools.reduce(operator.add, [ibis.ifelse(rows[f], 0, 1) for f in flags]).cast("int64")
    return rows.mutate(_kg_a=passed).drop(*flags)


def stored(t: Any) -> bool:
    """Whether a time is a column as the table stores it (not converted row by row): see `per_slice_rows`."""
    import ibis.expr.operations as ops

    return isinstance(t.op(), ops.Field)


def per_key(groups: Any, key: str, engine: str, columns: list[str] | None = None) -> Any:
    """The rows of a group-by on `key` whose key names someone (`known`), with the placeholder test kept out of
    the filter: a filter on a group-by's key is pushed down to its rows, and its comparisons there cost a
    sixth more on the sessions and customers statements of 2 million rows. A key that is a placeholder keeps its
    row, its `columns` (the aggregates, `_kg_m` by default) missing, tested once per key: a missing mask or first
    order is counted in no period."""
    import ibis

    groups = groups.filter(present(groups[key], engine))
    listed = listed_placeholder(groups[key])
    return groups.mutate(**{c: ibis.ifelse(listed, ibis.null(groups[c].type()), groups[c])
                            for c in columns or ["_kg_m"]})


def count_keys(rows: Any, key: Any, keep: Any, columns: dict[str, list[int]], n_atoms: int, engine: str) -> Any:
    """Distinct values of `key` over `rows` (those where `keep` holds, when given) per period, for periods given
    as lists of atoms (`rows._kg_a`): one group-by on the key.

    A key that is blank text (`''`, `' '`: an export's unknown visitor, kept as text by Parquet or a database
    where a CSV reader reads a missing value) is no value, as a missing one: `known`.
    Each key gets the set of atoms it appears in, as a bit mask (one BIT_OR per key) where the engine has it,
    else one flag per period; a period counts the keys whose set meets its atoms. A key none of whose rows is
    kept gets no mask (NULL) and no flag, so it is not counted.
    """
    import ibis

    if uses_masks(n_atoms, engine):
        masks = rows.group_by(_kg_k=key).aggregate(_kg_m=atom_bit(rows._kg_a).bit_or(where=keep))
        masks = per_key(masks, "_kg_k", engine)
        return count_masks(masks, [masks._kg_m], {c: (0, m) for c, m in columns.items()})

    pairs = atoms_of(rows, {"_kg_k": key}, keep)
    pairs = pairs.filter(known(pairs._kg_k, engine))

    def flag(members: list[int]) -> Any:
        return in_atoms(pairs._kg_a, members).any() if members else ibis.literal(False)

    flags = pairs.group_by("_kg_k").aggregate(**{c: flag(m) for c, m in columns.items()})
    return flags.aggregate(**{c: ones(flags[c]).sum().fill_null(0) for c in columns})


def atoms_of(rows: Any, keys: dict[str, Any], keep: Any = None) -> Any:
    """The distinct (keys, atom) of `rows` where `keep` holds: where there are too many atoms for a bit mask, the
    per-period flags are taken on these rows. Grouping first computes each row's atom once: PostgreSQL inlines
    the atom's CASE chain into every expression that reads it, and a flag per day of a year read it 366 times per
    row (minutes on a few thousand rows)."""
    pairs = rows.group_by(**keys, _kg_a=rows._kg_a).aggregate(
        _kg_n=rows.count() if keep is None else rows.count(where=keep))
    return pairs.filter(pairs._kg_n > 0)


def count_masks(rows: Any, masks: list[Any], columns: dict[str, tuple[int, list[int]]]) -> Any:
    """One row: for each column, how many of `rows` have a mask (`masks[i]`) meeting the period's atoms, given
    as `{column: (i, atoms)}`. The rows are first counted per distinct combination of masks (at most 2**atoms:
    a few thousand for a year of months), so that the per-period tests run on those counts, not on every row."""
    names = {f"_kg_m{i}": mask for i, mask in enumerate(masks)}
    histogram = rows.group_by(**names).aggregate(_kg_c=rows.count())
    return histogram.aggregate(**{c: histogram._kg_c.sum(where=meets(histogram[f"_kg_m{i}"], atoms)).fill_null(0)
                                  for c, (i, atoms) in columns.items()})


def bucket_sums(per_slice: Any, columns: dict[str, str], members: list[list[int]] | dict[int, list[int]]) -> Any:
    """One row from rows per time slice (`_kg_a`): for each `{prefix: column}` and bucket j (all the buckets, or
    those of a `{j: atoms}`), `prefix_j` the sum of `column` over the bucket's slices (0 when it has none)."""
    parts = list(members.items() if isinstance(members, dict) else enumerate(members))
    return per_slice.aggregate(**{
        f"{prefix}_{j}": per_slice[column].sum(where=in_atoms(per_slice._kg_a, part)).fill_null(0)
        for prefix, column in columns.items() for j, part in parts})


def ones(flag: Any) -> Any:
    """1 where a boolean holds, else 0 (PostgreSQL cannot cast a boolean to an integer)."""
    import ibis

    return ibis.ifelse(flag, 1, 0)


def in_atoms(atom: Any, members: list[int]) -> Any:
    """Whether a row's atom is one of a bucket's atoms: a bucket is an interval, so its atoms are consecutive."""
    import ibis

    if not members:
        return ibis.literal(False)
    return (atom >= members[0]) & (atom <= members[-1])


def uses_masks(n_atoms: int, engine: str) -> bool:
    """Whether per-key sets of atoms can be 64-bit masks (BIT_OR) on this engine; else one flag per period."""
    return n_atoms <= MANY_ATOMS and engine in ("duckdb", "postgres")


def atom_bit(atom: Any) -> Any:
    """2**atom as an int64 (at most 62 atoms, see `uses_masks`): a 64-bit one shifted left, since a shift of a
    32-bit 1 would overflow past 31 atoms; the shift count as a 32-bit integer, as PostgreSQL wants."""
    import ibis

    return ibis.literal(1, type="int8").cast("int64") << atom.cast("int32")


def meets(mask: Any, members: list[int]) -> Any:
    """Whether a mask of atoms shares an atom with a period (given as its atoms)."""
    import ibis

    return (mask & ibis.literal(sum(1 << a for a in members), type="int64")) != 0


def slice_index(t: Any, bounds: list[Any], tz: str) -> Any:
    """The atom of each row (rows already within [bounds[0], bounds[-1])): how many inner boundaries it passed,
    one comparison chain per row instead of two comparisons per (metric, period)."""
    import ibis

    is_date = t.type().is_date()
    if len(bounds) - 1 > MANY_ATOMS and all((b - a).days == 1 for a, b in pairwise(bounds)):
        return _day_index(t, bounds[0])
    cuts = [bound(b, is_date=is_date, tz=tz if _aware(t) else None) for b in bounds[1:-1]]
    if not cuts:
        return ibis.literal(0, type="int64")
    return ibis.cases(*[(t < cut, i) for i, cut in enumerate(cuts)], else_=len(cuts)).cast("int64")


def _day_index(t: Any, start: Any) -> Any:
    """The atom of each row when every atom is one day (a daily series): its local date's distance in days from
    `start`. A comparison chain would carry a comparison per day of the span, in every query that reads it (its
    SQL, its compilation and its evaluation grew with the days); this is one date difference per row. An
    instant's local date is read in the session's time zone, which `connect` set to the spec's."""
    import ibis

    dtype = t.type()
    day = t if dtype.is_date() else (t.cast("timestamp") if _aware(t) else t).date()
    return day.delta(ibis.literal(start, type="date"), unit="day").cast("int64")


def _aware(column: Any) -> bool:
    dtype = column.type()
    return dtype.is_timestamp() and dtype.timezone is not None


def _combine(partial: Any, cols: list[str], slices: list[dict], records: list[dict], j: int) -> float | None:
    """A partial aggregate over a period, from its per-slice values."""
    if partial.kind == "distinct":
        if cols[1 + j] is None:  # a one-slice bucket: its slice's own distinct count
            return (number(slices[0][cols[0]]) or 0.0) if slices else 0.0
        return (number(records[0][cols[1 + j]]) or 0.0) if records else 0.0
    if partial.kind == "count":
        return float(sum(number(r[cols[0]]) or 0 for r in slices))
    if partial.kind in ("sum", "avg"):
        matched = sum(number(r[cols[2]]) or 0 for r in slices)
        counted = sum(number(r[cols[1]]) or 0 for r in slices)
        # added as the decimals they print as: twelve monthly sums of cents add up to the cents of the year
        # (498273.47, not 498273.4700000001), as the engine's own sum over the year prints them
        if _nan_sum(partial, cols, slices):
            return None  # unknown, never the sum of the other slices
        total = float(sum(Decimal(repr(v)) for v in (number(r[cols[0]]) for r in slices) if v is not None))
        if partial.kind == "avg":
            return total / counted if counted else None
        if not matched:
            return 0.0  # no matching row: a sum over nothing is 0
        return float(total) if counted else None  # matching rows, all values missing: unknown
    values = [v for v in (number(r[cols[0]]) for r in slices) if v is not None]
    if not values:
        return None
    return min(values) if partial.kind == "min" else max(values)


def _matched(cols: list[str], slices: list[dict]) -> int:
    """How many rows matched a sum's or an average's filter over a period's slices."""
    return int(sum(number(r[cols[2]]) or 0 for r in slices))


def _nan_sum(partial: Any, cols: list[str], slices: list[dict]) -> bool:
    """A sum or an average that the engine gave as NaN: a slice with values whose sum is not a number."""
    return partial.kind in ("sum", "avg") and any(number(r[cols[0]]) is None and number(r[cols[1]]) for r in slices)


def _slug(label: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in label)


def _time_column(plan: Plan, table_name: str, names: list[str]) -> str:
    from kpiguard.errors import DataError
    from kpiguard.metrics.source import LINES_TIME, NO_TIME

    custom = {str(plan.definitions[n].params["time_column"]) for n in names
              if plan.definitions[n].params.get("time_column")}
    if len(custom) == 1 and all(plan.definitions[n].params.get("time_column") for n in names):
        return _known_time_column(plan, table_name, names, custom.pop())
    if custom:
        # metrics over the same table but cut on different time columns cannot share a scan
        return _known_time_column(plan, table_name, names, min(custom))
    if table_name in TIME_COLUMNS:
        return TIME_COLUMNS[table_name]
    metric = names[0] if names else table_name
    raise DataError(Diagnostic(NO_TIME(metric=metric, table=table_name,
                                       lines=LINES_TIME() if table_name == "order_lines" else ""),
                               metric_location(plan.spec, metric, plan.definitions[metric]) if names else None,
                               code="data"))


def _known_time_column(plan: Plan, table_name: str, names: list[str], column: str) -> str:
    """A metric's `params.time_column`, after checking that its table has it: a misspelt one is an error at the
    metric's params, with the close names (not a column to map under data.columns at the table's line)."""
    from kpiguard.errors import DataError
    from kpiguard.metrics.source import table_location

    if column in plan.spec.data.columns.get(table_name, {}):
        return column  # mapped: the mapping is checked where the table is read
    metric = next(n for n in names if plan.definitions[n].params.get("time_column") == column)
    table = plan.source.table(table_name, metric=metric, location=table_location(plan.spec, table_name))
    if column in table.columns:
        return column
    import difflib

    known = [c for c in table.columns if not c.startswith("_kg_")]
    close = difflib.get_close_matches(column, known, n=1, cutoff=0.6)
    hint = DID_YOU_MEAN(best=close[0]) if close else COLUMNS_THERE(columns=", ".join(known[:12]))
    raise DataError(Diagnostic(UNKNOWN_TIME_COLUMN(metric=metric, column=column, table=table_name, hint=hint),
                               metric_location(plan.spec, metric, plan.definitions[metric], "params"),
                               code="data"))


LINE_COLUMN = M(
    en="; {column!r} is a column of {table!r}, and an order has several lines: write has_line({column} = ...) for "
       "the orders with such a line, or a metric over order_lines for the lines themselves",
    fr=" ; {column!r} est une colonne de {table!r}, et une commande a plusieurs lignes : écrivez has_line({column} = "
       "...) pour les commandes qui ont une telle ligne, ou une métrique sur order_lines pour les lignes elles-mêmes")
LINE_MEASURE = M(
    en="; {column!r} is a column of {table!r}, and an order has several lines: measure it in a metric over "
       "order_lines (table: order_lines), which reads its order's columns too",
    fr=" ; {column!r} est une colonne de {table!r}, et une commande a plusieurs lignes : mesurez-la dans une métrique "
       "sur order_lines (table: order_lines), qui lit aussi les colonnes de sa commande")
DECLARE_CUSTOMERS = M(
    en="; if it is a column of the customer, declare customers under data.tables (customers: path/to/customers.csv): "
       "a metric reads its customer's columns through customer_id",
    fr=" ; si c'est une colonne du client, déclarez customers sous data.tables (customers: chemin/vers/customers.csv) "
       ": une métrique lit les colonnes de son client par customer_id")
LINES_NEED_ORDERS = M(
    en="metric {metric!r} reads order lines, which have no time of their own: each line is placed at its order's "
       "time, so the spec needs table 'orders' too; add it under data.tables (orders: path/to/orders.parquet or a "
       "table name), or give the lines' own time column as params.time_column",
    fr="la métrique {metric!r} lit des lignes de commande, qui n'ont pas de date à elles : chaque ligne est placée "
       "à la date de sa commande, et la spec a donc besoin de la table 'orders' ; ajoutez-la sous data.tables "
       "(orders: chemin/vers/orders.parquet ou un nom de table), ou donnez la colonne de date des lignes en "
       "params.time_column")
UNKNOWN_TIME_COLUMN = M(en="metric {metric!r}: params.time_column {column!r} is not a column of table {table!r}{hint}",
                        fr="métrique {metric!r} : params.time_column {column!r} n'est pas une colonne de la table "
                           "{table!r}{hint}")
COLUMNS_THERE = M(en="; its columns: {columns}", fr=" ; ses colonnes : {columns}")


def number(value: Any) -> float | None:
    """An engine scalar (Decimal, numpy, NaN/NA) as a float, or None when missing."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return None if value.is_nan() else float(value)
    try:
        import pandas as pd

        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(value, bool):
        return float(value)
    result = float(value)
    return None if math.isnan(result) else result


# --- execution ------------------------------------------------------------------------------------------------

def compute(spec: Spec, metrics: list[str] | str, periods: Any, grain: str | None = None,
            source: Source | None = None, *, progress: bool = False) -> MetricResults:
    """Compute `metrics` over `periods` (and a `grain` series over their span) on the spec's engine."""
    from kpiguard.metrics.progress import query_progress

    names = [metrics] if isinstance(metrics, str) else list(dict.fromkeys(metrics))
    with query_progress(READING_TABLES(), enabled=progress):  # an engine's catalog, a CSV Spark reads to type it
        the_plan = plan(spec, names, periods, grain, source)
    cells: dict[tuple[str, int], Cell] = {}
    for query in the_plan.queries:
        cells.update(query.decode(_execute(the_plan.source, query, progress=progress)))
    return _assemble(the_plan, names, cells)


def _execute(source: Source, query: Query, *, progress: bool = False) -> Any:
    from kpiguard.errors import DataError
    from kpiguard.metrics.progress import query_progress

    try:
        with query_progress(QUERY_LABEL(metrics=", ".join(query.metrics) or "-", what=query.label), enabled=progress):
            return source.execute(query.expr)
    except KpiguardError:
        raise
    except Exception as exc:  # noqa: BLE001 - the engine refusing a query over user data is a data error
        from kpiguard.metrics.source import engine_reason, late_csv_value, table_location

        table = _label_table(query.label)
        reason = late_csv_value(str(exc)) or engine_reason(exc)[0]
        raise DataError(Diagnostic(ENGINE_FAILED(what=query.label, metrics=", ".join(query.metrics) or ROW_COUNTS(),
                                                 reason=reason),
                                   table_location(source.spec, table), code="data")) from None


def _label_table(label: str) -> str:
    """The (first) table a query label names: "table orders", "order lines of completed orders (order_lines,
    orders)" -> order_lines."""
    if "(" in label:
        return label[label.rindex("(") + 1:].rstrip(")").split(",")[0].strip()
    return label.split()[-1]


def _query_label(label: str) -> str:
    """A query label in the language in force (the words before the table names)."""
    for english, message in QUERY_WORDS.items():
        if label.startswith(english):
            return message() + label[len(english):]
    return label


QUERY_WORDS = {
    "completed orders per customer": M(en="completed orders per customer", fr="commandes terminées par client"),
    "e-mail events per campaign and recipient": M(en="e-mail events per campaign and recipient",
                                                  fr="événements e-mail par campagne et destinataire"),
    "order lines of completed orders": M(en="order lines of completed orders",
                                         fr="lignes des commandes terminées"),
    "order lines with their orders": M(en="order lines with their orders", fr="lignes avec leurs commandes"),
}
EXPLAIN_HEADER = M(en="-- kpiguard: {label}\n-- metrics: {metrics}\n-- periods: {periods}",
                   fr="-- kpiguard : {label}\n-- métriques : {metrics}\n-- périodes : {periods}")
EXPLAIN_ROW_COUNTS = M(en="(row counts only: empty periods)",
                       fr="(comptes de lignes seulement : périodes vides)")
EXPLAIN_SESSION = M(en="-- kpiguard: the session the queries below run in (run these first)",
                    fr="-- kpiguard : la session où s'exécutent les requêtes ci-dessous (à exécuter d'abord)")
EXPLAIN_DERIVED = M(en="-- computed by kpiguard from the results above (per period, never averaged):",
                    fr="-- calculé par kpiguard à partir des résultats ci-dessus (par période, jamais en moyenne) :")
TOTALS = M(
    en="metric {metric!r} counts the rows of table {table!r}, but its column {column!r} holds counts: each row is a "
       "total (a report's row per day, or per day and channel, as GA4's or a shop's reports export), and counting "
       "rows would count days and channels. Add up the column instead, under metrics: `{metric}: {{table: {table}, measure: sum({written}), "
       "kind: count, unit: {unit}}}`, or export one row per {unit_one}",
    fr="la métrique {metric!r} compte les lignes de la table {table!r}, mais sa colonne {column!r} contient des "
       "comptes : chaque ligne est un total (une ligne de rapport par jour, ou par jour et par canal, comme les "
       "exportent les rapports de GA4 ou d'une boutique), et compter les lignes compterait des jours et des canaux. Additionnez plutôt la colonne, sous metrics : "
       "`{metric}: {{table: {table}, measure: sum({written}), kind: count, unit: {unit}}}`, ou exportez une ligne "
       "par {unit_one_fr}")
TEXT_NUMBERS = M(
    en="metric {metric!r} adds up column {column!r} of table {table!r}, which the engine reads as text, not "
       "numbers: write each amount as a number alone, or with its currency sign or code (1234.50, 1 234,50 €, "
       "EUR 12.5), without words (TTC, refunded) in the cell",
    fr="la métrique {metric!r} additionne la colonne {column!r} de la table {table!r}, que le moteur lit comme du "
       "texte et non comme des nombres : écrivez chaque montant comme un nombre seul, ou avec le symbole ou le code "
       "de sa devise (1234.50, 1 234,50 €, EUR 12.5), sans mots (TTC, remboursé) dans la cellule")
TEXT_NUMBERS_IN_ENGINE = M(
    en="metric {metric!r} adds up column {column!r} of table {table!r}, which is text in the engine, not numbers: "
       "map {canonical} to a numeric column under data.columns.{table}, or cast it in a view",
    fr="la métrique {metric!r} additionne la colonne {column!r} de la table {table!r}, qui est du texte dans le "
       "moteur et non des nombres : associez {canonical} à une colonne numérique sous data.columns.{table}, ou "
       "convertissez-la dans une vue")
USER_NAME = M(
    en="column {name!r} of table {table!r} is mapped to {canonical!r} (data.columns.{table}): write {canonical} "
       "in the {field}",
    fr="la colonne {name!r} de la table {table!r} est associée à {canonical!r} (data.columns.{table}) : écrivez "
       "{canonical} dans le {field}")
USER_NAME_BY_CASE = M(
    en="column {name!r} of table {table!r} is read as kpiguard's column {canonical!r}, whose name it writes with "
       "other capitals (matched whatever the case, without a mapping): write {canonical} in the {field}",
    fr="la colonne {name!r} de la table {table!r} est lue comme la colonne {canonical!r} de kpiguard, dont elle "
       "écrit le nom avec d'autres majuscules (reconnue sans tenir compte de la casse, sans association) : écrivez "
       "{canonical} dans le {field}")
ROW_COUNTS = M(en="the row counts of the periods", fr="les comptes de lignes des périodes")
ENGINE_FAILED = M(en="the engine could not compute {metrics} ({what}): {reason}",
                  fr="le moteur n'a pas pu calculer {metrics} ({what}) : {reason}")


def _assemble(plan: Plan, names: list[str], cells: dict[tuple[str, int], Cell]) -> MetricResults:
    frame = plan.frame
    results = MetricResults(names, frame.periods, plan.frame.series and _grain_of(plan) or None, frame.series)
    values: dict[tuple[str, int], MetricValue] = {}

    def leaf(name: str, j: int) -> MetricValue:
        bucket = frame.buckets[j]
        key = plan.presence.get(name)
        if key is not None:
            rows = cells.get((f"__rows__{key}", j), (None,))[0]
            table = key.split("|")[0]
            if not rows:
                return MetricValue(name, bucket, None, "empty", R.EMPTY.localized(period=say_period_everywhere(bucket), table=table))
        value, status, reason, num, den = cells[(name, j)]
        return MetricValue(name, bucket, value, status, reason, num, den)  # type: ignore[arg-type]

    def get(name: str, j: int) -> MetricValue:
        key = (name, j)
        if key in values:
            return values[key]
        definition = plan.definitions[name]
        bucket = frame.buckets[j]
        if definition.type == "ratio":
            num, den = get(definition.numerator, j), get(definition.denominator, j)  # type: ignore[arg-type]
            result = _ratio(name, bucket, num, den, _label(plan.definitions[definition.denominator]))
        elif definition.type == "derived":
            checked = _derived(name, definition)
            parts = {dep: get(dep, j) for dep in checked.columns}
            bad = next((v for v in parts.values() if not v.ok), None)
            if bad is not None:
                result = MetricValue(name, bucket, None, bad.status, _part_reason(bad, bucket))
            else:
                try:
                    result = MetricValue(name, bucket, evaluate_derived(checked, {k: v.value for k, v in parts.items()}))
                except ZeroDivisionError:
                    result = MetricValue(name, bucket, None, "division_by_zero",
                                         R.DERIVED_DIVISION_BY_ZERO.localized(expr=definition.expr, period=say_period_everywhere(bucket)))
        else:
            result = leaf(name, j)
        values[key] = result
        return result

    for name in names:
        for j in range(len(frame.buckets)):
            results.add(get(name, j))
    return results


def _grain_of(plan: Plan) -> str | None:
    return plan.frame.series[0].grain if plan.frame.series else None


def _label(definition: MetricDef) -> str:
    return pick(definition.label) if definition.label else definition.name


def _part_reason(part: MetricValue, bucket: Any) -> Any:
    """Why a ratio or a derived metric has no value when one of its parts has none: a part over a period without
    data says so itself ("no data in Q1 2026 for orders"; "revenue is not available in Q1 2026: no data ..." read
    as if revenue were missing from a table that has rows)."""
    if part.status == "empty" and part.reason is not None:
        return part.reason
    return R.PART_NOT_OK.localized(part=part.metric, period=say_period_everywhere(bucket), reason=part.reason)


def _ratio(name: str, bucket: Any, num: MetricValue, den: MetricValue, den_label: str) -> MetricValue:
    for part in (num, den):
        if not part.ok:
            return MetricValue(name, bucket, None, part.status, _part_reason(part, bucket), num.value, den.value)
    if not den.value:
        return MetricValue(name, bucket, None, "division_by_zero",
                           R.DIVISION_BY_ZERO.localized(denominator=den_label, period=say_period_everywhere(bucket)), num.value, den.value)
    return MetricValue(name, bucket, num.value / den.value, "ok", None, num.value, den.value)  # type: ignore[operator]


def explain(spec: Spec, metrics: list[str] | str, periods: Any, grain: str | None = None,
            source: Source | None = None) -> str:
    """The SQL the engine runs for `metrics`, one statement per batched query, with comments naming them."""
    names = [metrics] if isinstance(metrics, str) else list(metrics)
    the_plan = plan(spec, names, periods, grain, source)
    parts = []
    for query in the_plan.queries:
        metrics_text = ", ".join(query.metrics) if query.metrics else EXPLAIN_ROW_COUNTS()
        periods_text = ", ".join(f"{b.label} [{b.start}, {b.end})" for b in the_plan.frame.buckets)
        header = [EXPLAIN_HEADER(label=_query_label(query.label), metrics=metrics_text, periods=periods_text)]
        parts.append("\n".join(header) + "\n" + the_plan.source.to_sql(query.expr).strip() + ";")
    session = the_plan.source.session_sql()
    if session:
        parts.insert(0, EXPLAIN_SESSION() + "\n" + "\n".join(f"{statement};" for statement in session))
    derived = [n for n, d in the_plan.definitions.items() if d.type in ("ratio", "derived")]
    if derived:
        lines = []
        for n in derived:
            d = the_plan.definitions[n]
            formula = f"{d.numerator} / {d.denominator}" if d.type == "ratio" else str(d.expr)
            lines.append(f"--   {n} = {formula}")
        parts.append(EXPLAIN_DERIVED() + "\n" + "\n".join(lines))
    return "\n\n".join(parts) + "\n"
