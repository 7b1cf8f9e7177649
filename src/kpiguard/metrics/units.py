"""The unit a metric's values are shown in when its spec does not say: a percent, the currency, or none.

The rule (docs/metrics.md, *Units*): a `unit:` in the spec always wins. Otherwise
- a sum of money columns (`sum(revenue)` of orders, with any filter) is in the spec's currency;
- a ratio declared a rate or a share (`ratio_of: rate | share`) is a percentage;
- a `type: ratio` whose numerator and denominator count or sum the same thing (both the same measure of
  the same table, or both in the same unit: orders over orders, money over money) is a percentage:
  e-mail orders / orders is 33 %, not 0.33;
- a ratio of money per something else (revenue / customers, `ratio_of: average` or not) is in the currency;
- money over money in the same currency is a rate, shown as a percentage, whether a measure divides it
  (`sum(take_fee) / sum(revenue)`, `avg(margin / revenue)`) or a derived metric (`margin / revenue`), as a
  `type: ratio` of two amounts is; a difference of such rates is one too (`margin / revenue - 0.3`);
- anything else is a plain number.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any

from kpiguard.errors import KpiguardError
from kpiguard.spec.models import MetricDef

# Columns of the canonical schema that hold money, in the spec's currency (docs/canonical-schema.md).
MONEY_COLUMNS = {"orders": {"revenue", "margin"}, "order_lines": {"revenue"}}
PERCENT = "%"

Resolve = Callable[[str], "MetricDef | None"]
# What the built-in computations give (`dormant` gives SKUs, units or SKUs cleared: counts all three)
BUILTIN_KINDS = {"active_customers": "count", "first_orders": "count", "email_recipients": "count",
                 "email_deliveries": "count", "dormant": "count", "repurchase": "ratio", "line_revenue": "amount",
                 "new_product_revenue": "amount"}
# The money columns data.amounts declares, per table (`refunds: {amount: units}`, `orders: {shipping_cost: units}`)
Amounts = Mapping[str, Collection[str]]


def _aggregate(metric: MetricDef) -> tuple[str, frozenset[str], str] | None:
    """`sum` or `count`, the columns it reads and its canonical text, when a simple metric's measure is one
    such aggregate."""
    if metric.type != "simple" or not metric.measure:
        return None
    from sqlglot import exp

    from kpiguard.metrics.expressions import check_expression

    try:
        checked = check_expression(metric.measure, "measure")
    except KpiguardError:
        return None
    tree = _unwrapped(checked.tree)  # `count(*) filter (where ...)` counts, over fewer rows
    for node, name in ((exp.Sum, "sum"), (exp.Count, "count")):
        if isinstance(tree, node):
            return name, frozenset(checked.columns), tree.sql().lower()
    return None


def single_aggregate(metric: MetricDef | None) -> bool:
    """A simple metric whose measure is one `sum`, `count`, `min` or `max` (with any filter): its values are whole
    whenever what it adds up is (`sum(quantity)`: units), unlike a measure that divides (`sum(quantity) * 1.0 /
    count(distinct order_id)`)."""
    if metric is None or metric.type != "simple" or not metric.measure or metric.is_ratio or metric.kind == "ratio":
        return False
    from sqlglot import exp

    from kpiguard.metrics.expressions import check_expression

    try:
        tree = _unwrapped(check_expression(metric.measure, "measure").tree)
    except KpiguardError:
        return False
    return isinstance(tree, (exp.Sum, exp.Count, exp.Min, exp.Max))


def _unwrapped(tree: Any) -> Any:
    """The aggregate a measure is, through parentheses, its own `filter (where ...)`, and a zero standing for its
    missing value or its value standing for missing (`coalesce(sum(quantity), 0)`, `nullif(count(*), 0)`): they
    count or add up the same things."""
    from sqlglot import exp

    while isinstance(tree, (exp.Paren, exp.Filter)) or _zero_for_missing(tree):
        tree = tree.this
    return tree


def _zero_for_missing(node: Any) -> bool:
    """`coalesce(x, 0)` or `nullif(x, 0)`."""
    from sqlglot import exp

    if isinstance(node, exp.Coalesce) and len(node.expressions) == 1:
        other = node.expressions[0]
    elif isinstance(node, exp.Nullif):
        other = node.args.get("expression")
    else:
        return False
    return isinstance(other, exp.Literal) and not other.is_string and float(other.this) == 0


def _money_sum(metric: MetricDef, amounts: Amounts) -> bool:
    """A custom metric without a unit whose measure adds up money is money: `sum(revenue)` of orders with any
    filter, and what can only be money alongside it (`sum(margin - shipping_cost)`, `sum(margin) -
    sum(shipping_cost)`, `sum(case when ... then revenue else 0 end)`, `sum(revenue) / count(*)` per order); the
    columns data.amounts declares are money too (`sum(amount)` of a table of refunds)."""
    return metric.kind in (None, "amount", "count") and _measure_dimension(metric, amounts) == _MONEY


def _money_rate(metric: MetricDef, amounts: Amounts) -> bool:
    """A custom metric without a unit whose measure divides money by money (`sum(take_fee) / sum(revenue)`, a
    marketplace's take rate; `avg(margin / revenue)`): a rate, shown as a percentage."""
    return metric.kind in (None, "ratio") and _measure_dimension(metric, amounts) == _RATE


def _measure_dimension(metric: MetricDef, amounts: Amounts) -> str:
    """What a simple metric's measure gives as far as money goes (`_dimension`), its table's money columns being
    the canonical ones and those data.amounts declares (`sum(amount)` of a table of refunds)."""
    money = set(MONEY_COLUMNS.get(str(metric.table), ())) | set(amounts.get(str(metric.table), ()))
    if not money or metric.type != "simple" or not metric.measure:
        return _OTHER
    from kpiguard.metrics.expressions import check_expression

    try:
        tree = check_expression(metric.measure, "measure").tree
    except KpiguardError:
        return _OTHER
    return _dimension(tree, lambda name: _MONEY if name in money else _OTHER)


_MONEY, _RATE, _NUMBER, _NULL, _OTHER = "money", "rate", "number", "null", "other"


def _dimension(node: object, dimension_of: Callable[[str], str]) -> str:
    """What an expression's values are, as far as money goes (dimensional analysis): money when it can only be
    money, a rate (money over money, in the same currency), a plain number (a literal), null, or anything else.
    Money plus or minus anything is money (amounts add up only with amounts: `margin - shipping_cost`), money
    times or over a plain number is money, money over money is a rate, money over anything else is money per
    thing (an average basket, in the currency), a choice between money and zeros or nulls is money (`case when
    ... then revenue else 0 end`, `coalesce(margin, 0)`); a count is not. A rate plus or minus a rate or a
    number is a rate (`1 - refunds / revenue`); a rate times or over 1 is one, times 100 is not (its percent
    points as a number). `dimension_of` says what a column (or, in a derived metric, a metric) is."""
    from sqlglot import exp

    def rec(child: object) -> str:
        return _dimension(child, dimension_of)

    if isinstance(node, exp.Column):
        return dimension_of(node.name)
    if isinstance(node, exp.Literal):
        return _OTHER if node.is_string else _NUMBER
    if isinstance(node, exp.Null):
        return _NULL
    if isinstance(node, (exp.Paren, exp.Neg, exp.Abs, exp.Round, exp.Floor, exp.Ceil, exp.Cast, exp.Sum, exp.Avg,
                         exp.Min, exp.Max,
                         exp.Filter)):
        return rec(node.this)
    if isinstance(node, (exp.Add, exp.Sub)):
        sides = {rec(node.this), rec(node.expression)}
        if _MONEY in sides:
            return _MONEY
        return _RATE if _RATE in sides and sides <= {_RATE, _NUMBER} else _NUMBER if sides == {_NUMBER} else _OTHER
    if isinstance(node, exp.Mul):
        for one, other in ((node.this, node.expression), (node.expression, node.this)):
            if _is_one(one):  # `* 1.0`, written for integer division's sake
                return rec(other)
        sides = sorted((rec(node.this), rec(node.expression)))
        # money times a share of it is money (`revenue * email_revenue_share`)
        return {(_MONEY, _NUMBER): _MONEY, (_MONEY, _RATE): _MONEY,
                (_NUMBER, _NUMBER): _NUMBER}.get((sides[0], sides[1]), _OTHER)
    if isinstance(node, exp.Div):
        top, bottom = rec(node.this), rec(node.expression)
        if top == _MONEY and bottom == _MONEY:
            return _RATE
        if top == _MONEY and bottom in (_NUMBER, _OTHER):
            return _MONEY
        if top == _RATE and _is_one(node.expression):
            return _RATE
        return _NUMBER if (top, bottom) == (_NUMBER, _NUMBER) else _OTHER
    if isinstance(node, (exp.Case, exp.If, exp.Coalesce, exp.Greatest, exp.Least, exp.Nullif)):
        return _choice(node, rec)
    return _OTHER


def _is_one(node: object) -> bool:
    """The literal 1 (`1`, `1.0`), possibly in parentheses."""
    from sqlglot import exp

    while isinstance(node, exp.Paren):
        node = node.this
    return isinstance(node, exp.Literal) and not node.is_string and float(node.this) == 1


def _choice(node: object, rec: Callable[[object], str]) -> str:
    """The values a case, an if or a coalesce can give: money (a rate) when one is and the others are money (rates),
    numbers (the zeros of `else 0`) or nulls."""
    from sqlglot import exp

    if isinstance(node, exp.Case):
        values = [branch.args.get("true") for branch in node.args.get("ifs") or []] + [node.args.get("default")]
    elif isinstance(node, exp.If):
        values = [node.args.get("true"), node.args.get("false")]
    elif isinstance(node, exp.Nullif):
        values = [node.this]
    else:
        values = [node.this, *node.expressions]
    found = {rec(v) for v in values if v is not None}
    for dimension in (_MONEY, _RATE):
        if dimension in found and found <= {dimension, _NUMBER, _NULL}:
            return dimension
    return _NUMBER if found and found <= {_NUMBER, _NULL} else _OTHER


def _derived_dimension(metric: MetricDef, resolve: Resolve, currency: str, amounts: Amounts,
                       seen: frozenset[str] = frozenset()) -> str:
    """What a derived metric's arithmetic gives, as the measures above: money over money metrics (`margin - 0.1 *
    revenue`), or money per thing (`(margin - shipping_cost) / orders`); a rate for money over money (`margin /
    revenue`) and for arithmetic of percentages (`margin_rate - take_rate`)."""
    from kpiguard.metrics.expressions import check_expression

    try:
        tree = check_expression(str(metric.expr or ""), "expr").tree
    except KpiguardError:
        return _OTHER
    seen = seen | {str(metric.expr)}

    def dimension_of(name: str) -> str:
        part = resolve(name)
        if part is None or (part.type == "derived" and str(part.expr) in seen):
            return _OTHER  # (a metric defined in terms of itself is refused elsewhere)
        if part.type == "derived" and not part.is_ratio and not part.unit:
            return _derived_dimension(part, resolve, currency, amounts, seen)
        unit = metric_unit(part, resolve, currency, amounts)
        return _MONEY if unit == currency else _RATE if unit == PERCENT else _OTHER

    return _dimension(tree, dimension_of)


def _declared(metric: MetricDef, currency: str) -> str:
    """The spec's (or catalog's) own unit, `{currency}` written as the currency."""
    return (metric.unit or "").replace("{currency}", currency)


def _builtin_kind(metric: MetricDef) -> str | None:
    """What a built-in computation gives: the sum of a column over first orders (`measure: revenue`, a `discount`)
    is an amount, their customers a count."""
    params = metric.params or {}
    computation = str(params.get("computation") or "repurchase")
    if computation == "first_orders" and params.get("measure", "customers") != "customers":
        return "amount"
    return BUILTIN_KINDS.get(computation)


def _plain_unit(metric: MetricDef, currency: str, amounts: Amounts) -> str:
    """The unit of a metric that is not judged as a ratio: declared, else money when it sums money, a percentage
    when its measure is a part of its rows (`_measure_share`)."""
    declared = _declared(metric, currency)
    if declared:
        return declared
    if metric.type == "simple" and not metric.is_ratio and (_measure_share(metric) or _money_rate(metric, amounts)):
        return PERCENT
    if metric.type in ("builtin", "cohort") and _builtin_kind(metric) == "amount":
        # line revenue, the revenue of first orders, or their sum of a money column data.amounts declares
        money = set(MONEY_COLUMNS["orders"]) | set(amounts.get("orders", ()))
        summed = (metric.params or {}).get("measure")
        return currency if summed is None or summed in money else ""
    return currency if not metric.is_ratio and _money_sum(metric, amounts) else ""


def _measure_share(metric: MetricDef) -> bool:
    """A measure that is a part of a whole over the same rows, as a `type: ratio` of two such metrics is: an
    aggregate with a condition of its own over the same aggregate without it (`count(*) filter (where promo_code is
    not null) * 1.0 / count(*)`, `sum(revenue) filter (where ...) / sum(revenue)`), or the mean of a 0-or-1 flag
    (`avg(case when revenue >= 100 then 1 else 0 end)`)."""
    from sqlglot import exp

    from kpiguard.metrics.expressions import check_expression

    try:
        tree = check_expression(str(metric.measure or ""), "measure").tree
    except KpiguardError:
        return False

    def bare(node: Any) -> Any:
        while isinstance(node, exp.Paren):
            node = node.this
        if isinstance(node, exp.Mul):  # `* 1.0`, written for integer division's sake
            for one, other in ((node.this, node.expression), (node.expression, node.this)):
                if isinstance(one, exp.Literal) and not one.is_string and float(one.this) == 1:
                    return bare(other)
        return node

    tree = bare(tree)
    if isinstance(tree, exp.Avg):
        return _flag(bare(tree.this))
    if not isinstance(tree, exp.Div):
        return False
    part, whole = bare(tree.this), bare(tree.expression)
    return (isinstance(part, exp.Filter) and isinstance(part.this, (exp.Count, exp.Sum))
            and isinstance(whole, (exp.Count, exp.Sum)) and part.this.sql() == whole.sql())


def _flag(node: Any) -> bool:
    """`case when ... then 1 else 0 end` (or 0 and 1, as 1.0 and 0.0): a row counted or not."""
    from sqlglot import exp

    if not isinstance(node, exp.Case) or node.this is not None:
        return False
    values = [branch.args.get("true") for branch in node.args.get("ifs") or []] + [node.args.get("default")]
    return all(isinstance(v, exp.Literal) and not v.is_string and float(v.this) in (0, 1) for v in values)


def _thing(metric: MetricDef) -> tuple[str, str, str] | None:
    """What a count or a sum adds up, as (aggregate, table, measure), for a simple metric; else None."""
    found = _aggregate(metric)
    return None if found is None else (found[0], str(metric.table), found[2])


def _same_thing(num: MetricDef, den: MetricDef, currency: str, amounts: Amounts) -> bool:
    """Numerator and denominator count or sum the same thing: their ratio is a part of a whole."""
    if any(m.is_ratio or m.type == "derived" or m.kind == "ratio" for m in (num, den)):
        return False
    num_thing, den_thing = _thing(num), _thing(den)
    if num_thing is not None and den_thing is not None and num_thing == den_thing:
        return True  # the same measure of the same table: only the filters differ
    num_unit, den_unit = _plain_unit(num, currency, amounts), _plain_unit(den, currency, amounts)
    return bool(num_unit) and num_unit == den_unit and num_unit != PERCENT


def metric_kind(metric: MetricDef | None) -> str | None:
    """amount / count / ratio: declared, else read from a simple metric's measure (`sum` / `count`)."""
    if metric is None:
        return None
    if metric.kind is not None:
        return metric.kind
    if metric.is_ratio:
        return "ratio"
    if metric.type in ("builtin", "cohort"):  # a computation of the catalog under a name of your own
        return _builtin_kind(metric)
    found = _aggregate(metric)
    return None if found is None else {"sum": "amount", "count": "count"}[found[0]]


def metric_unit(metric: MetricDef | None, resolve: Resolve, currency: str, amounts: Amounts | None = None) -> str:
    """The unit the values of `metric` are shown in ("%" for a fraction shown as a percent); `amounts`: the spec's
    data.amounts, whose columns hold money."""
    amounts = amounts or {}
    if metric is None:
        return ""
    declared = _declared(metric, currency)
    if declared:
        return declared
    if metric.type == "derived" and not metric.is_ratio:
        return {_MONEY: currency, _RATE: PERCENT}.get(_derived_dimension(metric, resolve, currency, amounts), "")
    if not metric.is_ratio:
        return _plain_unit(metric, currency, amounts)
    if metric.ratio_of in ("rate", "share"):
        return PERCENT
    num = resolve(metric.numerator) if metric.numerator else None
    den = resolve(metric.denominator) if metric.denominator else None
    if num is None or den is None:
        return ""
    if metric.ratio_of is None and metric.type == "ratio" and _same_thing(num, den, currency, amounts):
        return PERCENT
    num_unit, den_unit = _plain_unit(num, currency, amounts), _plain_unit(den, currency, amounts)
    if num_unit == currency and den_unit != currency and metric.ratio_of in (None, "average"):
        return currency  # money per order, per customer, per e-mail
    return ""


def counted_rate(metric: MetricDef, resolve: Resolve) -> bool:
    """A `type: ratio` that says no `ratio_of`, whose numerator counts some of the rows its denominator counts:
    the same `count(...)` of the same table, the numerator's filter holding every condition of the
    denominator's and more (free-shipping orders among completed orders, refunded orders among placed ones).
    It is a proportion of cases, as a conversion rate is: its changes can be told from chance."""
    if metric.type != "ratio" or metric.ratio_of is not None or metric.kind not in (None, "ratio"):
        return False
    num = resolve(metric.numerator) if metric.numerator else None
    den = resolve(metric.denominator) if metric.denominator else None
    if num is None or den is None or any(m.type != "simple" or m.kind not in (None, "count") for m in (num, den)):
        return False
    if num.table != den.table or (num.params or {}).get("time_column") != (den.params or {}).get("time_column"):
        return False
    counted = _plain_count(num)
    if counted is None or counted != _plain_count(den):
        return False
    conditions = _conditions(num.filter), _conditions(den.filter)
    return None not in conditions and conditions[1] <= conditions[0]  # type: ignore[operator]


def _plain_count(metric: MetricDef) -> str | None:
    """The text of a simple metric's measure when it is one count (without a filter of its own), else None."""
    from sqlglot import exp

    from kpiguard.metrics.expressions import check_expression

    try:
        tree = check_expression(str(metric.measure or ""), "measure").tree
    except KpiguardError:
        return None
    while isinstance(tree, exp.Paren):
        tree = tree.this
    return tree.sql(dialect="duckdb").lower() if isinstance(tree, exp.Count) else None


def _conditions(text: str | None) -> frozenset[str] | None:
    """The conditions a filter ands together, as normalised text (none without a filter); None if unreadable."""
    if not text:
        return frozenset()
    from sqlglot import exp

    from kpiguard.metrics.expressions import check_expression

    try:
        tree = check_expression(text, "filter").tree
    except KpiguardError:
        return None
    found: set[str] = set()

    def split(node: object) -> None:
        while isinstance(node, exp.Paren):
            node = node.this
        if isinstance(node, exp.And):
            split(node.this)
            split(node.expression)
        else:
            found.add(node.sql(dialect="duckdb").lower())  # type: ignore[attr-defined]

    split(tree)
    return frozenset(found)


__all__ = ["MONEY_COLUMNS", "PERCENT", "counted_rate", "metric_kind", "metric_unit", "single_aggregate"]
