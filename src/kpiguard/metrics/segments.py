"""An additive metric split by segment (channel, source, campaign, category): one grouped query on the engine.

A metric can be split by segment when it is a plain sum or count: then the values of the segments add up to
the metric's total, and the change of the total is the sum of the changes of the segments. Ratios, averages,
minima, maxima and distinct counts are not additive (a customer active in two channels counts once in total)
and are refused with a message that says so.

    segments = compute_segments(spec, "revenue", ["2025-Q1", "2025-Q2"], "channel", source=source)
    segments.get("2025-Q1")      # {"email": 180.49, "cpc": 80.0, "(none)": 65.0}

Everything runs in one statement: the rows of the periods' span are grouped by segment, with one conditional
sum per period (a row counts in a period when its time slice belongs to it), so only one row per segment
comes back. The periods, the time zone, the table mapping and the safe expressions are those of `compute`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kpiguard._i18n import Message
from kpiguard.errors import Diagnostic, KpiguardError
from kpiguard.metrics.computation import (
    Plan,
    atoms,
    metric_location,
    number,
    ones,
    resolve,
    slice_index,
)
from kpiguard.metrics.source import Source, connect, same_key_type, table_location
from kpiguard.metrics.timeframe import timeframe, within
from kpiguard.spec.models import MetricDef, Spec
from kpiguard.spec.periods import Period

NONE_SEGMENT = "(none)"  # rows whose segment column is missing (an order without utm_medium)

# dimension -> {table: column}: where each dimension lives in the canonical tables.
DIMENSIONS: dict[str, dict[str, str]] = {
    "channel": {"orders": "utm_medium", "sessions": "source"},
    "source": {"orders": "utm_source", "sessions": "source"},
    "campaign": {"orders": "utm_campaign", "email_events": "campaign_id"},
    "category": {"order_lines": "category"},  # products.category, through the product of each line
}
# The column of an order line (its own, its order's or its product's) that each dimension reads.
LINE_DIMENSIONS = {"channel": "utm_medium", "source": "utm_source", "campaign": "utm_campaign", "category": "category"}
# Built-in computations that are plain sums over order lines (joined to their completed orders).
LINE_COMPUTATIONS = ("line_revenue", "new_product_revenue")

M = Message
NOT_ADDITIVE = M(
    en="metric {metric!r} cannot be split by segment: {why}; only sums and counts add up across segments",
    fr="la métrique {metric!r} ne peut pas être ventilée par segment : {why} ; seules les sommes et les "
       "comptages s'additionnent d'un segment à l'autre")
WHY_RATIO = M(en="it is a ratio", fr="c'est un ratio")
WHY_DERIVED = M(en="it is derived from other metrics", fr="elle est dérivée d'autres métriques")
WHY_MEASURE = M(en="its measure {measure!r} is not one sum(...) or count(...)",
                fr="sa mesure {measure!r} n'est pas une seule sum(...) ou count(...)")
WHY_BUILTIN = M(en="the built-in computation {computation!r} is not a sum of rows",
                fr="le calcul intégré {computation!r} n'est pas une somme de lignes")
UNKNOWN_DIMENSION = M(
    en="metric {metric!r} (table {table!r}) cannot be split by {dimension!r}: no table it reads has that column"
       "{close}; split it by {known}, or by any column of {readable}",
    fr="la métrique {metric!r} (table {table!r}) ne peut pas être ventilée selon {dimension!r} : aucune table "
       "qu'elle lit n'a cette colonne{close} ; ventilez-la selon {known}, ou selon toute colonne de {readable}")
UNKNOWN_LINE_DIMENSION = M(
    en="metric {metric!r} (the built-in computation {computation!r}) cannot be split by {dimension!r}: it splits "
       "by {known} only; for another column, write a metric of your own over the lines (type: simple, table: "
       "order_lines, measure: sum(revenue), filter: \"coalesce(status, 'completed') = 'completed'\"), which "
       "splits by any column of {readable}",
    fr="la métrique {metric!r} (le calcul intégré {computation!r}) ne peut pas être ventilée selon {dimension!r} : "
       "elle se ventile selon {known} seulement ; pour une autre colonne, écrivez une métrique à vous sur les lignes "
       "(type: simple, table: order_lines, measure: sum(revenue), filter: \"coalesce(status, 'completed') = "
       "'completed'\"), qui se ventile selon toute colonne de {readable}")
CLOSE_DIMENSION = M(en=" (did you mean {best!r}?)", fr=" (vouliez-vous dire {best!r} ?)")
TABLE_COLUMNS = M(en="{table} ({columns})", fr="{table} ({columns})")
AND_MORE = M(en="{n} more", fr="{n} de plus")
TABLES_APART = M(en="; ", fr=" ; ")

class NotAdditive(KpiguardError):
    """A metric whose value does not add up across segments (a ratio, a distinct count, a derived metric)."""


@dataclass
class Segments:
    """An additive metric's value per segment and per period; segments absent from a period are absent."""

    metric: str
    dimension: str
    periods: list[Period]
    values: list[dict[str, float | None]] = field(default_factory=list)  # one dict per period, as `periods`

    def _index(self, period: Period | str) -> int:
        from kpiguard.spec.periods import parse_period

        p = parse_period(period)
        return next(i for i, q in enumerate(self.periods) if (q.start, q.end) == (p.start, p.end))

    def get(self, period: Period | str) -> dict[str, float | None]:
        """segment -> value over `period` (None when every value of the segment's rows was missing)."""
        return dict(self.values[self._index(period)])

    def total(self, period: Period | str) -> float | None:
        """The sum over the segments: the metric's value (None if a segment's value is unknown)."""
        values = list(self.values[self._index(period)].values())
        if any(v is None for v in values):
            return None
        return float(sum(values))  # type: ignore[arg-type]

    def to_dict(self) -> dict[str, Any]:
        return {"metric": self.metric, "dimension": self.dimension,
                "periods": [{"period": p.label, "start": p.start.isoformat(), "end": p.end.isoformat(),
                             "segments": dict(v)} for p, v in zip(self.periods, self.values, strict=True)]}


def segment_table(spec: Spec, metric: str) -> str:
    """The table whose rows a segmentable metric adds up ("order_lines" for line revenue); refuses the rest."""
    definition = resolve(spec, [metric])[metric]
    return _table_of(spec, metric, definition)


def default_dimension(spec: Spec, metric: str) -> str | None:
    """The dimension a review splits `metric` by: channel for order and session metrics, category for
    order-line revenue; None when the metric is not additive or its filter pins the channel (email_revenue:
    one segment, nothing to split). Campaigns are not a default: each lives in one period, so a split of a
    change by campaign only says that old campaigns ended and new ones began."""
    try:
        table = segment_table(spec, metric)
    except KpiguardError:
        return None
    candidates = {"orders": ["channel"], "sessions": ["channel"], "order_lines": ["category"]}.get(table, [])
    definition = resolve(spec, [metric])[metric]
    pinned = _pinned_columns(definition.filter) if table != "order_lines" else set()
    for dimension in candidates:
        if DIMENSIONS[dimension].get(table) not in pinned:
            return dimension
    return None


def _pinned_columns(filter_text: str | None) -> set[str]:
    """Columns the filter fixes to one value (`utm_medium = 'email' and ...`): one segment, nothing to split."""
    if not filter_text:
        return set()
    from sqlglot import exp

    from kpiguard.metrics.expressions import check_expression

    try:
        tree = check_expression(filter_text, "filter").tree
    except KpiguardError:
        return set()
    pinned: set[str] = set()
    todo = [tree]
    while todo:
        node = todo.pop()
        if isinstance(node, (exp.And, exp.Paren)):
            todo.extend(c for c in (node.this, node.args.get("expression")) if c is not None)
        elif isinstance(node, exp.EQ):
            sides = (node.this, node.expression)
            if any(isinstance(x, exp.Literal) for x in sides):
                pinned |= {x.name for x in sides if isinstance(x, exp.Column)}
    return pinned


def _table_of(spec: Spec, name: str, definition: MetricDef) -> str:
    where = metric_location(spec, name, definition)
    if definition.type == "ratio" or definition.is_ratio:
        raise NotAdditive(Diagnostic(NOT_ADDITIVE(metric=name, why=WHY_RATIO()), where, code="metric"))
    if definition.type == "derived":
        raise NotAdditive(Diagnostic(NOT_ADDITIVE(metric=name, why=WHY_DERIVED()), where, code="metric"))
    if definition.type in ("builtin", "cohort"):
        computation = str((definition.params or {}).get("computation") or "")
        if computation in LINE_COMPUTATIONS:
            return "order_lines"
        raise NotAdditive(Diagnostic(NOT_ADDITIVE(metric=name, why=WHY_BUILTIN(computation=computation)), where,
                                       code="metric"))
    if not is_plain_aggregate(definition.measure or ""):
        raise NotAdditive(Diagnostic(NOT_ADDITIVE(metric=name, why=WHY_MEASURE(measure=definition.measure)),
                                       metric_location(spec, name, definition, "measure"), code="metric"))
    return str(definition.table)


def _aggregate_tree(measure: str) -> Any:
    """The parsed measure without its outer parentheses, and the aggregate without its own `filter (where ...)`
    (`count(*) filter (where x)` counts as `count(*)` does: over fewer rows), None when it does not parse."""
    from sqlglot import exp

    from kpiguard.metrics.expressions import check_expression

    try:
        tree = check_expression(measure, "measure").tree
    except KpiguardError:
        return None
    while isinstance(tree, (exp.Paren, exp.Filter)):
        tree = tree.this
    return tree


def is_plain_aggregate(measure: str) -> bool:
    """Whether a measure is one sum(...) or count(...) (not distinct): additive across any partition of rows."""
    from sqlglot import exp

    tree = _aggregate_tree(measure)
    if isinstance(tree, exp.Sum):
        return True
    return isinstance(tree, exp.Count) and not isinstance(tree.this, exp.Distinct)


def is_additive_measure(measure: str) -> bool:
    """Whether a measure adds up over any partition of rows, as one sum or count does: sums and counts (not
    distinct) added, subtracted, or times or over a number (`sum(margin) - sum(shipping_cost)`,
    `sum(revenue) - 0.1 * sum(margin)`); a year's is the sum of its quarters'. Not a ratio of aggregates, nor
    an aggregate plus a constant."""
    from sqlglot import exp

    from kpiguard.metrics.expressions import is_linear

    tree = _aggregate_tree(measure)
    return tree is not None and is_linear(tree, lambda node: isinstance(node, exp.Sum) or (
        isinstance(node, exp.Count) and not isinstance(node.this, exp.Distinct)))


def is_distinct_count(measure: str) -> bool:
    """Whether a measure is one count(distinct ...): a count over the period, not a sum over its parts."""
    from sqlglot import exp

    tree = _aggregate_tree(measure)
    return isinstance(tree, exp.Count) and isinstance(tree.this, exp.Distinct)


def check_additive(spec: Spec, metric: str) -> None:
    """Raise NotAdditive (located) when `metric` cannot be split by segment, before any data is read."""
    _table_of(spec, metric, resolve(spec, [metric])[metric])


def compute_segments(spec: Spec, metric: str, periods: Any, dimension: str,
                     source: Source | None = None) -> Segments:
    """`metric` (additive) per segment of `dimension` over each of `periods`, in one grouped engine query."""
    from kpiguard.metrics.computation import Query, _execute

    definitions = resolve(spec, [metric])
    definition = definitions[metric]
    table_name = _table_of(spec, metric, definition)
    source = source or connect(spec)
    frame = timeframe(periods, None)
    plan = Plan(spec, source, frame, [metric], definitions)
    if table_name == "order_lines" and definition.type != "simple":
        rows, value = _line_rows(plan, metric, definition, dimension)
    else:
        rows, value = _table_rows(plan, metric, definition, table_name, dimension)
    _, members = atoms(frame)
    aggs: dict[str, Any] = {}
    for j, atom_ids in enumerate(members):
        in_period = rows._kg_a.isin(atom_ids) if atom_ids else None
        if in_period is None:
            continue
        aggs[f"m{j}"] = rows.count(where=in_period)  # rows matched: none means 0, not unknown
        if value is not None:
            aggs[f"s{j}"] = value.sum(where=in_period)
            aggs[f"c{j}"] = value.count(where=in_period)
    expr = rows.group_by("_kg_seg").aggregate(**aggs)
    df = _execute(source, Query(f"table {table_name}", [metric], expr, lambda d: {}))
    result = Segments(metric, dimension, list(frame.periods))
    index = {(b.start, b.end): j for j, b in enumerate(frame.buckets)}
    records = df.to_dict("records")  # once: a daily series has hundreds of periods, each read from these rows
    for period in frame.periods:
        j = index[(period.start, period.end)]
        values: dict[str, float | None] = {}
        for record in records if f"m{j}" in df.columns else []:
            matched = number(record[f"m{j}"]) or 0
            if not matched:
                continue
            segment = str(record["_kg_seg"])
            if value is None:  # count(*) or count(x): the count is the value
                values[segment] = float(matched)
            elif number(record[f"c{j}"]):
                values[segment] = number(record[f"s{j}"]) or 0.0
            else:
                values[segment] = None  # rows matched, every value missing: unknown, as in compute()
        result.values.append(dict(sorted(values.items())))  # engines return groups in any order
    return result


def _segment(expr: Any) -> Any:
    """The segment label of each row: its value as text, missing (or blank) as "(none)"."""
    import ibis

    text = expr.cast("string")
    return ibis.ifelse(text.isnull() | (text.strip() == ""), ibis.literal(NONE_SEGMENT), text)


def _dimension_column(plan: Plan, metric: str, definition: MetricDef, table_name: str, dimension: str,
                      columns: list[str], mapping: dict[str, str]) -> str:
    mapped = DIMENSIONS.get(dimension, {}).get(table_name)
    if mapped is not None:
        return mapped
    if dimension in columns and dimension not in DIMENSIONS:
        return dimension  # a column of the metric's own table, e.g. a user's `country`
    # the user's own name of a column data.columns maps (`medium` for utm_medium), or that differs from a
    # canonical one by case only (`UTM_Medium`): the table is renamed
    renamed = {user: canonical for canonical, user in mapping.items()}
    if renamed.get(dimension) in columns:
        return renamed[dimension]
    known = sorted(d for d, tables in DIMENSIONS.items() if table_name in tables)
    raise _unknown_dimension(plan, metric, definition, table_name, dimension, known)


def readable_tables(plan: Plan, table_name: str, metric: str) -> dict[str, list[str]]:
    """The tables (and their columns) whose columns a metric over `table_name` may read, hence be split by: its own;
    for order lines, their order's and their product's; the customer's when `customers` is declared and a
    `customer_id` leads to it."""
    spec, source = plan.spec, plan.source

    def columns(name: str) -> list[str]:
        table = source.table(name, metric=metric, location=table_location(spec, name))
        return [c for c in table.columns if not c.startswith("_kg_")]

    readable = {table_name: columns(table_name)}
    if table_name == "order_lines":
        for other in ("orders", "products"):
            if other in spec.data.tables:
                readable[other] = columns(other)
    if table_name != "customers" and "customers" in spec.data.tables \
            and any("customer_id" in cols for cols in readable.values()):
        readable["customers"] = columns("customers")
    return readable


def _listed_tables(readable: dict[str, list[str]], limit: int = 12) -> str:
    """`orders (order_id, revenue, ...), customers (segment, ...)`: each table with its first columns."""
    said = []
    for table, columns in readable.items():
        shown = ", ".join(columns[:limit]) + (f", ... ({AND_MORE(n=len(columns) - limit)})"
                                             if len(columns) > limit else "")
        said.append(TABLE_COLUMNS(table=table, columns=shown))
    return TABLES_APART().join(said)


def _unknown_dimension(plan: Plan, metric: str, definition: MetricDef, table_name: str, dimension: str,
                       known: list[str]) -> KpiguardError:
    """A dimension that no table the metric reads has: the error names the dimensions and the columns it may be
    split by (of its table, and of the tables joined to its rows), with the closest one."""
    import difflib

    readable = readable_tables(plan, table_name, metric)
    everywhere = list(dict.fromkeys([*known, *(c for cols in readable.values() for c in cols)]))
    close = difflib.get_close_matches(dimension, everywhere, n=1, cutoff=0.6)
    return KpiguardError(Diagnostic(UNKNOWN_DIMENSION(metric=metric, table=table_name, dimension=dimension,
                                                      known=", ".join(known) or "-",
                                                      close=CLOSE_DIMENSION(best=close[0]) if close else "",
                                                      readable=_listed_tables(readable)),
                                    metric_location(plan.spec, metric, definition), code="metric"))


def _table_rows(plan: Plan, metric: str, definition: MetricDef, table_name: str, dimension: str):
    """A simple metric's rows within the periods' span: `_kg_a` (time slice), `_kg_seg`, and the value to sum
    (None for a count: the matched rows are counted)."""
    from kpiguard.metrics.computation import (
        _time_column,
        at_order_time,
        lines_with_orders,
        read_times,
        with_relations,
    )
    from kpiguard.metrics.expressions import build_filter, check_expression, measure_partials

    spec, source = plan.spec, plan.source
    measure = check_expression(definition.measure, "measure", metric_location(spec, metric, definition, "measure"))
    filt = (check_expression(definition.filter, "filter", metric_location(spec, metric, definition, "filter"))
            if definition.filter else None)
    if table_name == "order_lines":
        # a metric of your own over order lines: placed at their orders' time (or at a time column of their own),
        # split by a column of the line, of its order (channel, source, campaign), of its product (category) or
        # of its customer
        own_time = None if at_order_time(plan, [metric]) else _time_column(plan, table_name, [metric])
        time_column = own_time or "ordered_at"
        column = LINE_DIMENSIONS.get(dimension, dimension)
        table, _ = lines_with_orders(plan, [metric], {metric: (measure, filt)}, extra=(column,),
                                     time_column=own_time)
        if column not in table.columns:
            raise _unknown_dimension(plan, metric, definition, "order_lines", dimension, sorted(LINE_DIMENSIONS))
        rows, whole = _sliced(plan, table, table._kg_ot), table
    else:
        time_column = _time_column(plan, table_name, [metric])
        table = source.require(table_name, [time_column], metric=metric, location=table_location(spec, table_name))
        own = list(table.columns)
        # its rows with their customer's columns and has_line(...) flags, the dimension possibly a customer's
        joined, _ = with_relations(plan, table_name, table, [metric], {metric: (measure, filt)}, extra=(dimension,))
        column = _dimension_column(plan, metric, definition, table_name, dimension, list(joined.columns),
                                   source.mapped_columns(table_name))
        if column in own or column not in joined.columns:  # (require says a missing one is missing)
            table = source.require(table_name, [time_column, column], metric=metric,
                                   location=table_location(spec, table_name))
            joined, _ = with_relations(plan, table_name, table, [metric], {metric: (measure, filt)})
        rows, whole = _sliced(plan, joined, source.local_time(joined, time_column, table_name=table_name)), joined
    times = read_times(source, rows, table_name, {time_column: rows._kg_t}, measure, filt, whole=whole)
    if filt is not None:
        rows = rows.filter(build_filter(filt, rows, table_name, times))
    partial = measure_partials(measure, rows, table_name, times)[0]
    if partial.where is not None:  # the aggregate's own `filter (where ...)`
        rows = rows.filter(partial.where)
    if partial.kind == "count":
        if partial.arg is not None:
            rows = rows.filter(partial.arg.notnull())  # count(x) counts the rows where x is known
        value = None
    else:

        arg = partial.arg
        value_expr = ones(arg) if arg.type().is_boolean() else arg
        rows = rows.mutate(_kg_v=value_expr)
        value = "_kg_v"
    rows = rows.mutate(_kg_seg=_segment(rows[column])).select("_kg_a", "_kg_seg", *([value] if value else []))
    return rows, (rows[value] if value else None)


def _sliced(plan: Plan, table: Any, local: Any) -> Any:
    """Rows within the span of the periods, with `_kg_a`, their time slice (periods are unions of slices)."""
    bounds, _ = atoms(plan.frame)
    tz = plan.spec.timezone
    table = table.mutate(_kg_t=local)
    table = table.filter(within(table._kg_t, bounds[0], bounds[-1], is_date=local.type().is_date(), tz=tz))
    return table.mutate(_kg_a=slice_index(table._kg_t, bounds, tz))


def _line_rows(plan: Plan, metric: str, definition: MetricDef, dimension: str):
    """Order-line revenue (all lines, or those of new products) of completed orders, with each line's segment:
    the product's category, or a column of its order (channel, source, campaign)."""
    from kpiguard.metrics.builtins import completed_orders, new_product_window

    spec, source = plan.spec, plan.source
    where = metric_location(spec, metric, definition)
    params = definition.params or {}
    order_column = DIMENSIONS.get(dimension, {}).get("orders") if dimension != "category" else None
    if dimension != "category" and order_column is None:
        readable = readable_tables(plan, "order_lines", metric)
        raise KpiguardError(Diagnostic(UNKNOWN_LINE_DIMENSION(metric=metric, dimension=dimension,
                                                              computation=params.get("computation"),
                                                              known=", ".join(sorted(LINE_DIMENSIONS)),
                                                              readable=_listed_tables(readable)),
                                       where, code="metric"))
    orders = completed_orders(plan, metric, ["order_id", *([order_column] if order_column else [])])
    orders = _sliced(plan, orders, orders._kg_t)
    keep = ["order_id", "_kg_a", "_kg_t"] + ([order_column] if order_column else [])
    orders = orders.select(*keep)
    lines = source.require("order_lines", ["order_id", "product_id", "revenue"], metric=metric, location=where)
    lines = lines.select("order_id", "product_id", "revenue")
    lines, orders = same_key_type(lines, orders, "order_id")
    joined = lines.join(orders, "order_id")
    is_new = params.get("computation") == "new_product_revenue"
    if is_new or dimension == "category":
        needed = ["product_id"] + (["launched_at"] if is_new else []) + (["category"] if dimension == "category"
                                                                         else [])
        products = source.require("products", needed, metric=metric, location=where)
        picked = {"product_id": products.product_id}
        if is_new:
            picked.update(new_product_window(source, products, orders._kg_t, int(params.get("window_days", 90))))
        if dimension == "category":
            picked["_kg_cat"] = products.category
        source.refuse_repeated_ids(products, "products", "product_id", metric)
        joined, products = same_key_type(joined, products.select(**picked), "product_id")
        joined = joined.left_join(products, "product_id").drop("product_id_right")
    if is_new:
        joined = joined.filter((joined._kg_t >= joined._kg_lo) & (joined._kg_t < joined._kg_hi))
    segment = joined._kg_cat if dimension == "category" else joined[order_column]
    rows = joined.select(_kg_a=joined._kg_a, _kg_seg=_segment(segment), _kg_v=joined.revenue)
    return rows, rows._kg_v


__all__ = ["DIMENSIONS", "NONE_SEGMENT", "Segments", "compute_segments", "default_dimension", "segment_table"]


def top_segment(spec: Spec, metric: str, period: Period, dimension: str,
                source: Source | None = None) -> tuple[str, float] | None:
    """The segment of `dimension` with the largest sum of `metric` (an additive sum, not a count) over `period`,
    and that sum: one grouped engine query cut to its first row (the largest order of a quarter by `order_id`; over
    the orders, whose rows are orders, their largest row). None for a count or when no row matched."""
    import ibis

    from kpiguard.metrics.computation import Query, _execute

    definitions = resolve(spec, [metric])
    definition = definitions[metric]
    table_name = _table_of(spec, metric, definition)
    source = source or connect(spec)
    plan = Plan(spec, source, timeframe([period], None), [metric], definitions)
    if table_name == "order_lines" and definition.type != "simple":
        rows, value = _line_rows(plan, metric, definition, dimension)
    else:
        rows, value = _table_rows(plan, metric, definition, table_name, dimension)
    if value is None:
        return None
    if table_name == "orders" and dimension == "order_id":
        # an order is a row of the orders (a repeated id is a data warning of its own): their largest row, a top-1
        # of one scan, where grouping millions of order ids cost 1 s on 10M orders
        expr = rows.filter(value.notnull()).order_by(ibis.desc(value)).select("_kg_seg", _kg_s=value).limit(1)
    else:
        expr = rows.group_by("_kg_seg").aggregate(_kg_s=value.sum()).order_by(ibis.desc("_kg_s")).limit(1)
    records = _execute(source, Query(f"table {table_name}", [metric], expr, lambda d: {})).to_dict("records")
    if not records or number(records[0]["_kg_s"]) is None:
        return None
    return str(records[0]["_kg_seg"]), float(number(records[0]["_kg_s"]) or 0.0)
