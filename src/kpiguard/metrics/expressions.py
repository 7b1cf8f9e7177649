"""Safe expressions: a spec's measure/filter/expr is parsed, checked against a whitelist, and built as ibis.

Nothing from a spec is ever pasted into SQL text: the string is parsed by sqlglot into a syntax tree, every
node is checked against a short list of allowed operators and functions and against the columns of the
metric's (mapped) table, and an ibis expression is built node by node from that tree. Anything else (several
statements, comments, subqueries, DDL/DML, unknown functions or columns, names qualified by another table) is
rejected with an ExpressionError at the spec location.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from kpiguard._i18n import Message
from kpiguard.errors import Diagnostic, ExpressionError, Location
from kpiguard.spec.exprnames import (  # the messages `kpiguard validate` gives too, for the same problems
    AGGREGATE_IN_FILTER,
    COMMENT,
    HAS_LINE,
    MAX_LENGTH,
    NEEDS_AGGREGATE,
    QUALIFIED,
    STATEMENTS,
    SYNTAX,
    TOO_LONG,
    UNKNOWN_FUNCTION,
    ZERO_DIVISOR,
    ExprKind,
    function_hint,
    functions_allowed,
    other_quotes,
)

MAX_DEPTH = 40

M = Message
EMPTY = M(en="{field} is empty", fr="{field} est vide")
INCOMPLETE = M(en="it stops short: a value is missing after an operator or a keyword",
               fr="elle s'arrête trop tôt : il manque une valeur après un opérateur ou un mot-clé")
EXPECTING = M(en="a {what!r} is missing", fr="il manque un {what!r}")
UNEXPECTED = M(en="{token!r} is not expected there", fr="{token!r} n'est pas attendu à cet endroit")
TOO_DEEP = M(en="{field} is nested too deeply", fr="{field} est trop imbriqué")
A_SUBQUERY = M(en="a subquery", fr="une sous-requête")
A_STATEMENT = M(en="a statement", fr="une instruction SQL")
NOT_ALLOWED = M(
    en="{what} is not allowed in {field}; allowed: columns, numbers, strings, + - * / %, comparisons, "
       "and/or/not, in, between, is null, like, case when, {functions}",
    fr="{field} n'accepte pas {what} ; autorisés : colonnes, nombres, chaînes, + - * / %, comparaisons, "
       "and/or/not, in, between, is null, like, case when, {functions}")
UNKNOWN_COLUMN = M(en="unknown column {name!r} in {field} (table {table!r}); columns: {columns}",
                   fr="colonne inconnue {name!r} dans {field} (table {table!r}) ; colonnes : {columns}")
DATE_ARITHMETIC = M(
    en="dates are added to or subtracted from in whole days written out (cast(started_at as date) + 30), and a date "
       "minus a date is its number of days (cast(shipped_at as date) - cast(ordered_at as date)); cast times to "
       "dates first",
    fr="on ajoute ou on retranche à une date des jours entiers écrits en chiffres (cast(started_at as date) + 30), "
       "et une date moins une date donne son nombre de jours (cast(shipped_at as date) - cast(ordered_at as date)) "
       "; convertissez d'abord les heures en dates")
INTERVAL_DAYS = M(en="; add or subtract days as a whole number: cast(started_at as date) + 30",
                  fr=" ; ajoutez ou retranchez des jours en nombre entier : cast(started_at as date) + 30")
QUOTED_TEXT = M(en="; in SQL, \"{name}\" in double quotes is a column's name: write text in single quotes, "
                   "'{name}'",
                fr=" ; en SQL, \"{name}\" entre guillemets doubles est le nom d'une colonne : écrivez un texte entre "
                   "apostrophes, '{name}'")
UNKNOWN_METRIC = M(en="unknown metric {name!r} in {field}", fr="métrique inconnue {name!r} dans {field}")
NESTED_AGGREGATE = M(en="an aggregate inside an aggregate is not allowed in {field}",
                     fr="un agrégat dans un agrégat n'est pas autorisé dans {field}")
NOT_BOOLEAN = M(en="{field} must be a condition (true or false per row), got a {type} expression",
                fr="{field} doit être une condition (vrai ou faux par ligne), pas une expression {type}")
NOT_NUMERIC = M(en="{field} must give a number, got a {type} expression",
                fr="{field} doit donner un nombre, pas une expression {type}")
TEXT_NUMBER = M(en=": {arg} is text; to read it as numbers, write {kind}(cast({arg} as decimal))",
                fr=" : {arg} est du texte ; pour le lire comme des nombres, écrivez {kind}(cast({arg} as "
                   "decimal))")
TEXT_AMOUNT = M(en=": {arg} is text; if it holds amounts (12,50 €, $1,234.50), declare it under data.amounts "
                   "({table}: {{{arg}: units}}) and kpiguard reads them in the spec's currency; other numbers: "
                   "{kind}(cast({arg} as decimal))",
                fr=" : {arg} est du texte ; s'il contient des montants (12,50 €, $1,234.50), déclarez-le sous "
                   "data.amounts ({table}: {{{arg}: units}}) et kpiguard les lit dans la devise de la spec ; "
                   "d'autres nombres : {kind}(cast({arg} as decimal))")
TEXT_CONDITION = M(en=": {text} is text; compare it with the value that means yes, e.g. {text} = 'yes'",
                   fr=" : {text} est du texte ; comparez-le à la valeur qui veut dire oui, par ex. {text} = 'yes'")
TYPE_ERROR = M(en="{field} {text!r} does not type-check on table {table!r}: {reason}",
               fr="{field} {text!r} est mal typé sur la table {table!r} : {reason}")
BAD_CAST = M(en="cast to {type} is not allowed in {field}; allowed: numbers, text, date, timestamp, boolean",
             fr="conversion en {type} interdite dans {field} ; autorisées : nombres, texte, date, timestamp, booléen")
NOT_A_TIME = M(en="{part} of {arg}, a {type} expression: read it as a time first, {part}(cast({arg} as timestamp))",
               fr="{part} de {arg}, une expression {type} : lisez-la d'abord comme une date, "
                  "{part}(cast({arg} as timestamp))")
BAD_PART = M(en="date part {part!r} is not allowed in {field}; use {parts}",
             fr="partie de date {part!r} interdite dans {field} ; utilisez {parts}")
MAX_COUNT = 1_000_000_000  # characters: a position or a count beyond is no text's
MAX_DIGITS = 18  # decimals of `round`, either side of the point: a DECIMAL holds 38 digits
LITERAL_ARGUMENT = {
    "position": M(en="{name}() in {field}: its start, {arg}, must be a whole number from 1 (the first character) "
                     "to 1000000000, written out: substr(discount_code, 1, 4)",
                  fr="{name}() dans {field} : son début, {arg}, doit être un nombre entier de 1 (le premier "
                     "caractère) à 1000000000, écrit tel quel : substr(discount_code, 1, 4)"),
    "count": M(en="{name}() in {field}: its count of characters, {arg}, must be a whole number from 0 to 1000000000, "
                  "written out: left(discount_code, 4)",
               fr="{name}() dans {field} : son nombre de caractères, {arg}, doit être un nombre entier de 0 à "
                  "1000000000, écrit tel quel : left(discount_code, 4)"),
    "digits": M(en="{name}() in {field}: its number of decimals, {arg}, must be a whole number from -18 to 18, "
                   "written out: round(revenue, 2), or round(revenue, -1) to the ten",
                fr="{name}() dans {field} : son nombre de décimales, {arg}, doit être un nombre entier de -18 à 18, "
                   "écrit tel quel : round(revenue, 2), ou round(revenue, -1) à la dizaine"),
    "text": M(en="{name}() in {field}: {arg} must be a text written out in quotes, as in replace(sku, '-', '') or "
                 "starts_with(discount_code, 'SALE')",
              fr="{name}() dans {field} : {arg} doit être un texte écrit entre apostrophes, comme dans "
                 "replace(sku, '-', '') ou starts_with(discount_code, 'SALE')"),
}
FIXED_ARGUMENT = {
    "trim": M(en="{name}() in {field} removes spaces only: write {name}(x); to remove other characters, "
                 "replace(x, '-', '')",
              fr="{name}() dans {field} ne retire que des espaces : écrivez {name}(x) ; pour retirer d'autres "
                 "caractères, replace(x, '-', '')"),
    "floor": M(en="{name}() in {field} takes one argument, {name}(x); to keep decimals, write round(x, 2)",
               fr="{name}() dans {field} prend un seul argument, {name}(x) ; pour garder des décimales, écrivez "
                  "round(x, 2)"),
}
FIXED_ARGUMENT["ceil"] = FIXED_ARGUMENT["floor"]
BAD_UNIT = M(en="date_trunc unit {unit!r} is not allowed in {field}; use day, week, month, quarter or year",
             fr="unité de date_trunc {unit!r} interdite dans {field} ; utilisez day, week, month, quarter ou year")

HAS_LINE_ONE = M(
    en="{name}() takes one condition over an order's lines and their products: has_line(category = 'coffee')",
    fr="{name}() prend une condition sur les lignes d'une commande et leurs produits : "
       "has_line(category = 'coffee')")
HAS_LINE_BARE = M(
    en="{field} must aggregate has_line(...), as a column: count(*) filter (where has_line(...)), or say it in "
       "the metric's filter",
    fr="{field} doit agréger has_line(...), comme une colonne : count(*) filter (where has_line(...)), ou le dire "
       "dans le filtre de la métrique")
HAS_LINE_NESTED = M(en="has_line(...) inside has_line(...) is not allowed in {field}: its condition reads one line",
                    fr="has_line(...) dans has_line(...) n'est pas autorisé dans {field} : sa condition lit une ligne")
HAS_LINE_TABLE = M(
    en="has_line(...) reads the lines of an order: only a metric over orders may use it, not one over {table!r}; "
       "over order lines, name the product's columns directly (category = 'coffee')",
    fr="has_line(...) lit les lignes d'une commande : seule une métrique sur orders peut l'utiliser, pas une "
       "métrique sur {table!r} ; sur les lignes de commande, nommez directement les colonnes du produit "
       "(category = 'coffee')")
HAS_LINE_DATA_FILTER = M(
    en="{field} keeps rows by their own columns: has_line(...) belongs in a metric over orders (its filter: "
       "has_line(category = 'coffee')), which reads each order's lines",
    fr="{field} garde des lignes selon leurs propres colonnes : has_line(...) s'écrit dans une métrique sur orders "
       "(son filtre : has_line(category = 'coffee')), qui lit les lignes de chaque commande")
FIELD_NAMES = {"measure": "measure", "filter": "filter", "expr": "expr"}

# The parts of a date or a time an expression may read (`extract(month from ordered_at)`, `date_part('hour', x)`,
# `month(x)`), by their SQL names. Days of the week are numbered as in DuckDB and PostgreSQL: `dow` from 0 (Sunday)
# to 6, `isodow` from 1 (Monday) to 7.
DATE_PARTS = {"year": "year", "quarter": "quarter", "month": "month", "week": "week", "day": "day",
              "dayofweek": "dow", "dow": "dow", "weekday": "dow", "isodow": "isodow", "dayofyear": "doy",
              "doy": "doy", "hour": "hour", "minute": "minute"}
PART_NAMES = "year, quarter, month, week, day, dow, isodow, doy, hour, minute"
# the functions that read one part, as the parser names them
_PART_FUNCTIONS = {"Year": "year", "Quarter": "quarter", "Month": "month", "Week": "week", "WeekOfYear": "week",
                   "Day": "day", "DayOfMonth": "day", "DayOfWeek": "dow", "DayOfWeekIso": "isodow",
                   "DayOfYear": "doy", "Hour": "hour", "Minute": "minute"}


def _functions(kind: ExprKind) -> str:
    return functions_allowed(kind)


@dataclass(frozen=True)
class Checked:
    """A parsed and whitelisted expression; `tree` is a sqlglot node, `columns` the names it reads."""

    text: str
    kind: ExprKind
    tree: Any
    columns: tuple[str, ...]
    location: Location | None
    label: str | None = None  # how messages name it (`data.filters.orders`), else by its kind

    @property
    def field(self) -> str:
        return self.label or FIELD_NAMES[self.kind]


@dataclass(frozen=True)
class _Source:
    """An expression's text and where its scalar starts in the spec: an offset in the text becomes a line:col."""

    location: Location | None
    text: str


def _error(message: str, where: Location | _Source | None, offset: int | None = None) -> ExpressionError:
    location = where.location if isinstance(where, _Source) else where
    if isinstance(where, _Source) and location is not None and offset is not None and location.line > 0:
        from kpiguard.spec.yamlsource import locate_in_scalar

        # quoted, multi-line and block scalars (`measure: |`) alike: the token's own line and column
        location = locate_in_scalar(location, where.text, offset)
    return ExpressionError(Diagnostic(message, location, code="expression"))


def _offset(node: Any) -> int | None:
    meta = getattr(node, "meta", None) or {}
    if "start" in meta:
        return int(meta["start"])
    for child in node.find_all(_exp().Identifier, _exp().Literal) if hasattr(node, "find_all") else ():
        meta = getattr(child, "meta", None) or {}
        if "start" in meta:
            return int(meta["start"])
    return None


def _exp():
    from sqlglot import exp

    return exp


def check_expression(text: str, kind: ExprKind, location: Location | None = None, *,
                     label: str | None = None) -> Checked:
    """Parse `text` and check it against the whitelist (columns are checked later, against the table)."""
    import sqlglot
    from sqlglot.errors import ParseError, TokenError
    from sqlglot.tokens import TokenType

    field = label or FIELD_NAMES[kind]
    source = _Source(location, text if isinstance(text, str) else "")
    if not isinstance(text, str) or not text.strip():
        raise _error(EMPTY(field=field), location)
    if len(text) > MAX_LENGTH:
        raise _error(TOO_LONG(field=field, length=len(text), limit=MAX_LENGTH), location)
    quoted = other_quotes(text, field)
    if quoted is not None:  # `revenue`, [revenue]: said so, rather than the parser's "a ')' is missing"
        raise _error(quoted[0], source, quoted[1])
    try:
        tokens = sqlglot.tokenize(text, read="duckdb")
    except (TokenError, ParseError, ValueError) as exc:
        raise _error(SYNTAX(field=field, text=text, reason=_first_line(exc)), location) from None
    for token in tokens:
        if token.comments:
            raise _error(COMMENT(field=field), source, token.start)
        if token.token_type == TokenType.SEMICOLON:
            raise _error(STATEMENTS(field=field), source, token.start)
    if "--" in text or "/*" in text:  # belt and braces: a comment sqlglot attached nowhere
        raise _error(COMMENT(field=field), location)
    try:
        trees = sqlglot.parse(text, read="duckdb")
    except ParseError as exc:
        reason, offset = _parse_reason(exc)
        raise _error(SYNTAX(field=field, text=text, reason=reason), source, offset) from None
    except (TokenError, ValueError, RecursionError) as exc:
        raise _error(SYNTAX(field=field, text=text, reason=_first_line(exc)), location) from None
    trees = [t for t in trees if t is not None]
    if len(trees) != 1:
        raise _error(STATEMENTS(field=field), location)
    tree = trees[0]
    columns: dict[str, None] = {}
    _walk(tree, kind, field, source, columns, in_aggregate=False, depth=0)
    _refuse_zero_divisor(tree, field, source)
    if kind == "measure" and not any(isinstance(n, _AGG_TYPES()) for n in tree.walk()):
        # a measure without any aggregate (e.g. `revenue`) is ambiguous: say what to write
        name = next(iter(columns), text)
        raise _error(NEEDS_AGGREGATE(field=field, name=name), location)
    return Checked(text, kind, tree, tuple(columns), location, label)


def _refuse_zero_divisor(tree: Any, field: str, source: _Source) -> None:
    """A division (or `%`) by the number 0 written out (`sum(revenue) / 0`, `1/0 = 1`): undefined in every period,
    and read differently by each engine (DuckDB gives null, PostgreSQL stops the query), so refused at the 0."""
    exp = _exp()
    for node in tree.find_all(exp.Div, exp.Mod):
        divisor = node.expression
        while isinstance(divisor, (exp.Paren, exp.Neg)):
            divisor = divisor.this
        if isinstance(divisor, exp.Literal) and not divisor.is_string and _is_zero(divisor.this):
            written = node.sql(dialect="duckdb", normalize_functions="lower")
            raise _error(ZERO_DIVISOR(field=field, text=written), source, _offset(divisor))


def _is_zero(number: str) -> bool:
    try:
        return float(number) == 0
    except ValueError:
        return False


def _parse_reason(exc: Exception) -> tuple[str, int | None]:
    """What the parser missed, in the user's terms (not sqlglot's class names), and where (offset in the text)."""
    errors = getattr(exc, "errors", None) or [{}]
    first = errors[0]
    description = str(first.get("description") or "")
    offset = None
    if first.get("line") == 1 and isinstance(first.get("col"), int):
        offset = max(first["col"] - 1, 0)
    if description.startswith("Required keyword"):
        return INCOMPLETE(), offset
    if description.startswith("Expecting "):
        return EXPECTING(what=description.removeprefix("Expecting ").strip()), offset
    if description.startswith("Invalid expression") and first.get("highlight"):
        return UNEXPECTED(token=str(first["highlight"])), offset
    return _first_line(exc), offset


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def _AGG_TYPES():
    exp = _exp()
    return (exp.Sum, exp.Count, exp.Avg, exp.Min, exp.Max)


def _SCALAR_TYPES():
    exp = _exp()
    return (exp.Coalesce, exp.Nullif, exp.Abs, exp.Round, exp.Floor, exp.Ceil, exp.Lower, exp.Upper, exp.Length,
            exp.Trim, exp.Substring, exp.Left, exp.Right, exp.Replace, exp.StartsWith, exp.EndsWith, exp.Contains,
            exp.Greatest, exp.Least, exp.TimestampTrunc, exp.DateTrunc, exp.Cast)


def _literal_args(node: Any) -> list[tuple[str, str, Any]]:
    """The arguments of a function that must be written out, as (argument, what it must be, its node): the
    count of characters of `substr(x, 1, 4)`, the text of `replace(x, 'a', 'b')`. They are read as values when
    the expression is built, so that each function means the same on every engine (DuckDB counts a negative start
    of `substr` from the end, PostgreSQL does not)."""
    exp = _exp()
    if isinstance(node, exp.Substring):
        return [("start", "position", node.args.get("start")), ("length", "count", node.args.get("length"))]
    if isinstance(node, (exp.Left, exp.Right)):
        return [("expression", "count", node.expression)]
    if isinstance(node, exp.Replace):
        return [("expression", "text", node.expression), ("replacement", "text", node.args.get("replacement"))]
    if isinstance(node, (exp.StartsWith, exp.EndsWith, exp.Contains)):
        return [("expression", "text", node.expression)]
    if isinstance(node, exp.Round):
        return [("decimals", "digits", node.args.get("decimals"))]
    if isinstance(node, (exp.Trim, exp.Floor, exp.Ceil)):  # spaces only; whole numbers only
        extra = "expression" if isinstance(node, exp.Trim) else "decimals"
        return [(extra, "none", node.args.get(extra)), ("to", "none", node.args.get("to"))]
    return []


def _check_literal_args(node: Any, field: str, location: _Source) -> None:
    """Refuse a function whose fixed arguments are not written out as `_literal_args` says."""
    exp = _exp()
    for key, what, arg in _literal_args(node):
        if arg is None:
            continue
        written = isinstance(arg, exp.Literal) or (isinstance(arg, exp.Neg) and isinstance(arg.this, exp.Literal))
        value = _python_value(arg) if written else arg
        name = {"substring": "substr", "startswith": "starts_with", "endswith": "ends_with"}.get(node.key, node.key)
        where = _offset(arg) if _offset(arg) is not None else _offset(node)  # at the argument itself
        if what == "none":
            raise _error(FIXED_ARGUMENT[name if name in FIXED_ARGUMENT else "trim"](field=field, name=name), location,
                         where)
        whole = isinstance(value, int) and not isinstance(value, bool)
        ok = (isinstance(value, str) if what == "text" else
              whole and -MAX_DIGITS <= value <= MAX_DIGITS if what == "digits" else
              whole and (1 if what == "position" else 0) <= value <= MAX_COUNT)
        if not ok:
            raise _error(LITERAL_ARGUMENT[what](field=field, name=name, arg=arg.sql(dialect="duckdb")[:40]), location,
                         where)


def _OPERATOR_TYPES():
    exp = _exp()
    return (exp.Add, exp.Sub, exp.Mul, exp.Div, exp.Mod, exp.Neg, exp.Paren, exp.EQ, exp.NEQ, exp.GT, exp.GTE,
            exp.LT, exp.LTE, exp.NullSafeEQ, exp.NullSafeNEQ, exp.And, exp.Or, exp.Not, exp.Is, exp.In,
            exp.Between, exp.Like, exp.ILike,
            exp.Case, exp.If, exp.Literal, exp.Boolean, exp.Null, exp.Column, exp.Identifier, exp.Tuple)


def _walk(node: Any, kind: ExprKind, field: str, location: _Source, columns: dict[str, None], *,
          in_aggregate: bool, depth: int) -> None:
    exp = _exp()
    if depth > MAX_DEPTH:
        raise _error(TOO_DEEP(field=field), location)
    functions = _functions(kind)
    if isinstance(node, exp.Column):
        if node.table or node.args.get("db") or node.args.get("catalog"):
            raise _error(QUALIFIED(name=node.sql(dialect="duckdb"), field=field), location, _offset(node))
        if kind == "measure" and not in_aggregate:
            raise _error(NEEDS_AGGREGATE(field=field, name=node.name), location, _offset(node))
        columns.setdefault(node.name, None)
        return
    if isinstance(node, exp.Star):
        parent = node.parent
        if isinstance(parent, exp.Count) and kind == "measure":
            return
        raise _error(NOT_ALLOWED(what="*", field=field, functions=functions), location)
    if isinstance(node, exp.Filter):
        # `count(*) filter (where promo_code is not null)`: the aggregate over the rows where the condition holds
        condition = node.expression.this if isinstance(node.expression, exp.Where) else None
        if kind != "measure" or in_aggregate or not isinstance(node.this, _AGG_TYPES()) or condition is None:
            raise _error(NOT_ALLOWED(what=_describe(node), field=field, functions=functions), location,
                         _offset(node))
        _walk(node.this, kind, field, location, columns, in_aggregate=False, depth=depth + 1)
        _walk(condition, kind, field, location, columns, in_aggregate=True, depth=depth + 1)
        return
    part = _date_part(node)
    if part is not None:
        name, arg = part
        if name not in DATE_PARTS:
            raise _error(BAD_PART(part=name, field=field, parts=PART_NAMES), location, _offset(node))
        if kind == "expr":
            raise _error(NOT_ALLOWED(what=_describe(node), field=field, functions=functions), location,
                         _offset(node))
        _walk(arg, kind, field, location, columns, in_aggregate=in_aggregate, depth=depth + 1)
        return
    if isinstance(node, exp.Anonymous) and node.name.lower() == HAS_LINE and kind != "expr":
        _walk_has_line(node, kind, field, location, in_aggregate=in_aggregate, depth=depth)
        return
    if isinstance(node, exp.Anonymous):
        raise _error(UNKNOWN_FUNCTION(name=node.name, field=field, functions=functions) + function_hint(node.name),
                     location, _offset(node))
    if isinstance(node, _AGG_TYPES()):
        if kind != "measure":
            raise _error(AGGREGATE_IN_FILTER(field=field), location, _offset(node))
        if in_aggregate:
            raise _error(NESTED_AGGREGATE(field=field), location, _offset(node))
        inner = node.this
        if isinstance(node, exp.Count) and isinstance(inner, exp.Distinct):
            if len(inner.expressions) != 1:
                raise _error(NOT_ALLOWED(what="count(distinct a, b)", field=field, functions=functions), location)
            _walk(inner.expressions[0], kind, field, location, columns, in_aggregate=True, depth=depth + 1)
            return
        if isinstance(inner, exp.Distinct):
            raise _error(NOT_ALLOWED(what=f"{node.key}(distinct ...)", field=field, functions=functions), location)
        for key, child in node.args.items():
            if key in ("big_int",):
                continue
            for item in child if isinstance(child, list) else [child]:
                if isinstance(item, exp.Expression):
                    _walk(item, kind, field, location, columns, in_aggregate=True, depth=depth + 1)
        return
    if kind == "expr":
        allowed = (exp.Add, exp.Sub, exp.Mul, exp.Div, exp.Neg, exp.Paren, exp.Literal, exp.Column,
                   exp.Identifier)
        if not isinstance(node, allowed) or (isinstance(node, exp.Literal) and node.is_string):
            raise _error(NOT_ALLOWED(what=_describe(node), field=field, functions=functions), location,
                         _offset(node))
    elif isinstance(node, exp.Cast):
        target = node.to.this
        allowed_types = {exp.DataType.Type.DOUBLE, exp.DataType.Type.FLOAT, exp.DataType.Type.INT,
                         exp.DataType.Type.BIGINT, exp.DataType.Type.SMALLINT, exp.DataType.Type.DECIMAL,
                         exp.DataType.Type.VARCHAR, exp.DataType.Type.TEXT, exp.DataType.Type.DATE,
                         exp.DataType.Type.TIMESTAMP, exp.DataType.Type.TIMESTAMPNTZ, exp.DataType.Type.BOOLEAN}
        if target not in allowed_types:
            raise _error(BAD_CAST(type=node.to.sql(), field=field), location, _offset(node))
        _walk(node.this, kind, field, location, columns, in_aggregate=in_aggregate, depth=depth + 1)
        return
    elif isinstance(node, (exp.TimestampTrunc, exp.DateTrunc)):
        unit = str(node.args.get("unit").name if node.args.get("unit") is not None else "").lower()
        if unit not in ("day", "week", "month", "quarter", "year"):
            raise _error(BAD_UNIT(unit=unit, field=field), location, _offset(node))
        _walk(node.this, kind, field, location, columns, in_aggregate=in_aggregate, depth=depth + 1)
        return
    elif isinstance(node, exp.In):
        if node.args.get("query") is not None or node.args.get("unnest") is not None:
            raise _error(NOT_ALLOWED(what=_describe(node.args.get("query") or node), field=field,
                                     functions=functions), location, _offset(node))
        for item in node.expressions:
            if not isinstance(item, (exp.Literal, exp.Null, exp.Boolean, exp.Neg)):
                raise _error(NOT_ALLOWED(what=f"in ({_describe(item)})", field=field, functions=functions),
                             location, _offset(item))
    elif not isinstance(node, _OPERATOR_TYPES() + _SCALAR_TYPES()):
        # a function the parser knows under its own name (`median` is Median, `current_date` CurrentDate)
        hint = next((h for f in node.find_all(exp.Func) if (h := function_hint(f.sql_name()))), "")
        if isinstance(node, exp.Interval):  # `ordered_at + interval '1 day'`: days are written as a number
            hint = INTERVAL_DAYS()
        raise _error(NOT_ALLOWED(what=_describe(node), field=field, functions=functions) + hint, location,
                     _offset(node))
    else:
        _check_literal_args(node, field, location)
    if isinstance(node, exp.Identifier) and node.parent is not None and not isinstance(node.parent, exp.Column):
        raise _error(NOT_ALLOWED(what=_describe(node), field=field, functions=functions), location, _offset(node))
    for key, child in node.args.items():
        for item in child if isinstance(child, list) else [child]:
            if isinstance(item, exp.Expression):
                _walk(item, kind, field, location, columns, in_aggregate=in_aggregate, depth=depth + 1)


def _walk_has_line(node: Any, kind: ExprKind, field: str, location: _Source, *, in_aggregate: bool,
                   depth: int) -> None:
    """`has_line(condition)`: whether some line of the order meets a condition over the line's and its product's
    columns. Its columns are not the order's: they are collected by `line_conditions`, not here."""
    exp = _exp()
    if len(node.expressions) != 1:
        raise _error(HAS_LINE_ONE(name=node.name), location, _offset(node))
    if kind == "measure" and not in_aggregate:
        raise _error(HAS_LINE_BARE(field=field), location, _offset(node))
    condition = node.expressions[0]
    inner = next((n for n in condition.find_all(exp.Anonymous) if n.name.lower() == HAS_LINE), None)
    if inner is not None:
        raise _error(HAS_LINE_NESTED(field=field), location, _offset(inner))
    _walk(condition, "filter", field, location, {}, in_aggregate=False, depth=depth + 1)


def line_flag(node: Any) -> str:
    """The helper column that holds `has_line(condition)` for each order: named after the condition's text, so that
    the same condition written twice is one column."""
    import hashlib

    return "_kg_line_" + hashlib.sha1(node.expressions[0].sql(dialect="duckdb").encode()).hexdigest()[:10]


def line_conditions(*checked: Checked | None) -> dict[str, tuple[Any, Checked]]:
    """The `has_line(condition)` calls of checked expressions: flag column -> (condition node, the condition as a
    checked filter, whose columns are those of the order's lines and their products)."""
    exp = _exp()
    out: dict[str, tuple[Any, Checked]] = {}
    for c in checked:
        if c is None:
            continue
        for node in c.tree.find_all(exp.Anonymous):
            if node.name.lower() != HAS_LINE:
                continue
            condition = node.expressions[0]
            names = list(dict.fromkeys(col.name for col in condition.find_all(exp.Column)))
            out.setdefault(line_flag(node), (condition, Checked(c.text, "filter", condition, tuple(names),
                                                               c.location, c.label)))
    return out


def refuse_has_line(checked: Checked, table_name: str | None) -> None:
    """`has_line(...)` in a metric over another table than orders, or in data.filters (`table_name` None): an error
    at the call."""
    exp = _exp()
    node = next((n for n in checked.tree.find_all(exp.Anonymous) if n.name.lower() == HAS_LINE), None)
    if node is None:
        return
    message = HAS_LINE_TABLE(table=table_name) if table_name else HAS_LINE_DATA_FILTER(field=checked.field)
    raise _error(message, _Source(checked.location, checked.text), _offset(node))


def _describe(node: Any) -> str:
    exp = _exp()
    if isinstance(node, (exp.Select, exp.Subquery, exp.Union, exp.Query)):
        return A_SUBQUERY()
    if isinstance(node, (exp.Insert, exp.Update, exp.Delete, exp.Drop, exp.Create, exp.Alter, exp.Command)):
        return A_STATEMENT()
    try:
        text = node.sql(dialect="duckdb")
    except Exception:  # noqa: BLE001 - only used to name the node in a message
        text = node.key
    return repr(text[:40]) if text else node.key


def _date_part(node: Any) -> tuple[str, Any] | None:
    """(the part's name as written, lower case; the expression it is read from) when `node` reads one part of a
    date or a time: `extract(dow from x)`, `date_part('hour', x)`, `month(x)`; else None."""
    exp = _exp()
    if isinstance(node, exp.Extract):
        unit = node.this
        return str(getattr(unit, "name", None) or unit.sql()).lower(), node.expression
    if isinstance(node, exp.Anonymous) and str(node.name).lower() in ("date_part", "datepart"):
        args = node.expressions
        if len(args) == 2 and isinstance(args[0], exp.Literal) and args[0].is_string:
            return str(args[0].this).lower(), args[1]
        return None
    name = _PART_FUNCTIONS.get(type(node).__name__)
    if name is not None and node.this is not None and not any(
            v is not None for k, v in node.args.items() if k != "this"):
        return name, node.this
    return None


def read_part(part: str, value: Any) -> Any:
    """The part `part` (a key of DATE_PARTS) of an ibis date or timestamp, numbered as SQL numbers it."""
    part = DATE_PARTS[part]
    if part == "dow":  # ibis counts from Monday = 0; SQL's dow from Sunday = 0
        return (value.day_of_week.index() + 1) % 7
    if part == "isodow":
        return value.day_of_week.index() + 1
    method = {"year": "year", "quarter": "quarter", "month": "month", "week": "week_of_year", "day": "day",
              "doy": "day_of_year", "hour": "hour", "minute": "minute"}[part]
    return getattr(value, method)().cast("int64")


# --- building ibis expressions -------------------------------------------------------------------------------

def _type_name(dtype: Any) -> str:
    return str(dtype)


def build_filter(checked: Checked, table: Any, table_name: str, times: Mapping[str, Any] | None = None) -> Any:
    """The ibis boolean column of a checked filter over `table` (canonical column names); `times` gives, for the
    table's time column, its local reading, which date parts (`hour(ordered_at)`) read."""
    _check_columns(checked, table, table_name)
    value = _guard(checked, table_name, lambda: _scalar(checked.tree, table, times))
    if not value.type().is_boolean():
        hint = TEXT_CONDITION(text=checked.text.strip()) if value.type().is_string() else ""
        raise _error(NOT_BOOLEAN(field=checked.field, type=_type_name(value.type())) + hint, checked.location)
    return value


def _guard(checked: Checked, table_name: str, build: Callable[[], Any]) -> Any:
    import ibis.common.exceptions as ibis_errors

    try:
        return build()
    except ExpressionError:
        raise
    except (ibis_errors.IbisError, TypeError, ValueError, AttributeError) as exc:
        raise _error(TYPE_ERROR(field=checked.field, text=checked.text, table=table_name,
                                reason=_first_line(exc)), checked.location) from None


def _check_columns(checked: Checked, table: Any, table_name: str) -> None:
    check_columns(checked, list(table.columns), table_name)


def check_columns(checked: Checked, columns: list[str], table_name: str,
                  hint: Callable[[str, str], str] | None = None) -> None:
    """Every column the expression reads is one of `columns`, else an error at the column with the close names (and
    `hint(column, kind)`: where such a column lives, when the caller knows)."""
    known = [c for c in columns if not c.startswith("_kg_")]  # not kpiguard's own helper columns
    for name in checked.columns:
        if name not in known:
            import difflib

            close = difflib.get_close_matches(name, known, n=3, cutoff=0.6)
            listed = ", ".join(close or known[:12]) + ("" if close or len(known) <= 12 else ", ...")
            quoted = _quoted_text(checked.tree, name)
            raise _error(UNKNOWN_COLUMN(name=name, field=checked.field, table=table_name,
                                        columns=listed)
                         + (QUOTED_TEXT(name=name) if quoted else hint(name, checked.kind) if hint else ""),
                         _Source(checked.location, checked.text),
                         _column_offset(checked.tree, name))


def _quoted_text(tree: Any, name: str) -> bool:
    """Whether the unknown column `name` is written in double quotes where SQL reads a column's name, as text would
    be in YAML or Python (`status = "completed"`): most likely a value meant as text."""
    exp = _exp()
    return any(c.name == name and c.this.args.get("quoted") for c in tree.find_all(exp.Column))


def _column_offset(tree: Any, name: str) -> int | None:
    """Where column `name` is first written in a checked expression."""
    exp = _exp()
    return next((_offset(c) for c in tree.find_all(exp.Column) if c.name == name and _offset(c) is not None), None)


_ARITH: Mapping[str, Callable[[Any, Any], Any]] = {
    "Add": lambda a, b: a + b,
    "Sub": lambda a, b: a - b,
    "Mul": lambda a, b: a * b,
    "Div": lambda a, b: a / b,
    "Mod": lambda a, b: a % b,
}
_COMPARE: Mapping[str, Callable[[Any, Any], Any]] = {
    "EQ": lambda a, b: a == b,
    "NEQ": lambda a, b: a != b,
    "GT": lambda a, b: a > b,
    "GTE": lambda a, b: a >= b,
    "LT": lambda a, b: a < b,
    "LTE": lambda a, b: a <= b,
    # `is not distinct from` / `is distinct from`: equality where null equals null (a status that may be missing)
    "NullSafeEQ": lambda a, b: a.identical_to(b),
    "NullSafeNEQ": lambda a, b: ~a.identical_to(b),
}


# How a spreadsheet or an export writes yes and no in a text column (compared case-insensitively, trimmed).
YES_WORDS = ("true", "t", "yes", "y", "1", "oui", "vrai")
NO_WORDS = ("false", "f", "no", "n", "0", "non", "faux")


def _text_as_flag(text: Any) -> Any:
    """A text column compared with `true` or `false` (`test = false` over a sheet's `TRUE`/`FALSE`/`yes`/`no`,
    which the CSV reader keeps as text once a cell says `N/A`): read as the flag it writes, anything else
    (`N/A`, `-`, a blank) missing, so that it matches neither."""
    import ibis

    word = text.strip().lower()
    return ibis.cases((word.isin(YES_WORDS), True), (word.isin(NO_WORDS), False), else_=ibis.null("boolean"))


def _is_time(value: Any) -> bool:
    dtype = value.type()
    return dtype.is_date() or dtype.is_timestamp()


def _in_days(node: Any, left: Any, right: Any) -> Any:
    """Arithmetic of dates in days, as SQL writes it: a date or a time plus or minus a whole number of days written
    out (`cast(cancelled_at as date) < cast(started_at as date) + 30`), and one date minus another, their number of
    days (`cast(shipped_at as date) - cast(ordered_at as date) > 2`). Anything else (a time plus a column, two
    times of day subtracted) is refused at the expression with what to write."""
    import ibis

    exp = _exp()
    number, when = (node.expression, left) if _is_time(left) else (node.this, right)
    written = number
    sign = 1
    while isinstance(written, (exp.Paren, exp.Neg)):
        sign = -sign if isinstance(written, exp.Neg) else sign
        written = written.this
    if isinstance(written, exp.Literal) and not written.is_string and written.this.isdigit():
        days = ibis.interval(days=sign * int(written.this))
        return when - days if isinstance(node, exp.Sub) else when + days
    if isinstance(node, exp.Sub) and left.type().is_date() and right.type().is_date():
        return left.delta(right, unit="day")
    raise TypeError(DATE_ARITHMETIC())


def _literal(node: Any) -> Any:
    import ibis

    if node.is_string:
        return ibis.literal(node.this, type="string")
    text = node.this
    try:
        number: int | float = int(text)
    except ValueError:
        number = float(text)
    return ibis.literal(number)


def _scalar(node: Any, table: Any, times: Mapping[str, Any] | None = None) -> Any:
    import ibis

    exp = _exp()
    rec = lambda n: _scalar(n, table, times)
    if isinstance(node, exp.Column):
        return table[node.name]
    if isinstance(node, exp.Literal):
        return _literal(node)
    if isinstance(node, exp.Boolean):
        return ibis.literal(bool(node.this))
    if isinstance(node, exp.Null):
        return ibis.null()
    if isinstance(node, exp.Paren):
        return rec(node.this)
    if isinstance(node, exp.Neg):
        return -rec(node.this)
    if isinstance(node, exp.Not):
        return ~rec(node.this)
    if isinstance(node, exp.And):
        return rec(node.this) & rec(node.expression)
    if isinstance(node, exp.Or):
        return rec(node.this) | rec(node.expression)
    if type(node).__name__ in _ARITH:
        left, right = rec(node.this), rec(node.expression)
        if isinstance(node, (exp.Add, exp.Sub)) and _is_time(left) or isinstance(node, exp.Add) and _is_time(right):
            return _in_days(node, left, right)
        return _ARITH[type(node).__name__](left, right)
    if type(node).__name__ in _COMPARE:
        left, right = _as_time(node.this, node.expression, rec, times), _as_time(node.expression, node.this, rec, times)
        if isinstance(node.expression, exp.Boolean) and left.type().is_string():
            left = _text_as_flag(left)
        elif isinstance(node.this, exp.Boolean) and right.type().is_string():
            right = _text_as_flag(right)
        return _COMPARE[type(node).__name__](left, right)
    if isinstance(node, (exp.Is, exp.Like, exp.ILike)):
        # `x not like 'a%'` is one node with `negate` set (not a `not` around it): dropping it counted the rows
        # that match instead of those that do not
        result = _predicate(node, rec)
        return ~result if node.args.get("negate") else result
    if isinstance(node, exp.In):
        return rec(node.this).isin([_python_value(item) for item in node.expressions])
    if isinstance(node, exp.Between):
        low, high = rec(node.args["low"]), rec(node.args["high"])
        if node.args.get("symmetric"):  # `between symmetric 100 and 50`: either bound may come first
            low, high = ibis.least(low, high), ibis.greatest(low, high)
        return _as_time(node.this, node.args["low"], rec, times).between(low, high)
    if isinstance(node, exp.Case):
        if node.this is not None:  # CASE x WHEN v THEN ...
            subject = rec(node.this)
            branches = [(subject == rec(branch.this), rec(branch.args["true"])) for branch in node.args["ifs"]]
        else:
            branches = [(rec(branch.this), rec(branch.args["true"])) for branch in node.args["ifs"]]
        default = node.args.get("default")
        return ibis.cases(*branches, else_=rec(default) if default is not None else None)
    if isinstance(node, exp.If):
        false = node.args.get("false")
        return ibis.ifelse(rec(node.this), rec(node.args["true"]), rec(false) if false is not None else ibis.null())
    if isinstance(node, (exp.TimestampTrunc, exp.DateTrunc)):
        unit = str(node.args["unit"].name).lower()
        return rec(node.this).truncate({"day": "D", "week": "W", "month": "M", "quarter": "Q", "year": "Y"}[unit])
    if isinstance(node, exp.Cast):
        target = node.to.this
        T = exp.DataType.Type
        name = {T.DOUBLE: "float64", T.FLOAT: "float64", T.DECIMAL: "decimal", T.INT: "int64",
                T.BIGINT: "int64", T.SMALLINT: "int64", T.VARCHAR: "string", T.TEXT: "string", T.DATE: "date",
                T.TIMESTAMP: "timestamp", T.TIMESTAMPNTZ: "timestamp", T.BOOLEAN: "boolean"}[target]
        return rec(node.this).cast(name)
    if isinstance(node, exp.Anonymous) and node.name.lower() == HAS_LINE:
        flag = line_flag(node)
        if flag not in table.columns:  # a caller that did not join the lines (they refuse has_line first)
            raise TypeError("has_line(...) reads the lines of an order: only a metric over orders may use it")
        return table[flag]
    part = _date_part(node)
    if part is not None:
        name, arg = part
        # the table's time column as periods read it (local time, an ISO text parsed), not as stored
        local = times.get(arg.name) if times and isinstance(arg, exp.Column) else None
        value = local if local is not None else rec(arg)
        if not (value.type().is_timestamp() or value.type().is_date()):
            raise TypeError(NOT_A_TIME(part=name, arg=arg.sql(), type=_type_name(value.type())))
        return read_part(name, value)
    return _function(node, rec)


# A string literal that writes a day or a time as ISO does (`'2026-01-06'`, `'2026-01-06 10:00'`).
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?")


def _is_day_literal(node: Any) -> bool:
    exp = _exp()
    return isinstance(node, exp.Literal) and node.is_string and bool(_ISO_DAY.fullmatch(str(node.this).strip()))


def dated_columns(*checked: Checked | None) -> set[str]:
    """The columns that expressions read as times: compared with a day written as ISO (`first_order_at >=
    '2026-01-06'`, `between '2026-01-01' and '2026-01-31'`) or read a part of (`month(sent_at)`). The caller
    gives their readings as `times` (a `05/01/2026` column read as the date it is, in the table's date_order),
    since their text compared as text says nothing of time (`'05/01/2026' < '2026-01-06'` is false)."""
    exp = _exp()
    found: set[str] = set()
    for one in checked:
        if one is None:
            continue
        for node in one.tree.walk():
            node = node[0] if isinstance(node, tuple) else node
            if type(node).__name__ in _COMPARE:
                for side, other in ((node.this, node.expression), (node.expression, node.this)):
                    if isinstance(side, exp.Column) and _is_day_literal(other):
                        found.add(side.name)
            elif isinstance(node, exp.Between) and isinstance(node.this, exp.Column) and (
                    _is_day_literal(node.args["low"]) or _is_day_literal(node.args["high"])):
                found.add(node.this.name)
            else:
                part = _date_part(node)
                if part is not None and isinstance(part[1], exp.Column):
                    found.add(part[1].name)
    return found


def _as_time(node: Any, other: Any, rec: Callable[[Any], Any], times: Mapping[str, Any] | None) -> Any:
    """A side of a comparison: a column compared with a day written as ISO, as `times` reads it (its local time,
    text dates read as dates), else as stored."""
    exp = _exp()
    if times and isinstance(node, exp.Column) and node.name in times and _is_day_literal(other):
        return times[node.name]
    return rec(node)


def _predicate(node: Any, rec: Callable[[Any], Any]) -> Any:
    """`is null`, `is true`, `is false`, `like`, `ilike`, before any `not` their node carries."""
    exp = _exp()
    if isinstance(node, exp.Like):
        return rec(node.this).like(_string_of(node.expression))
    if isinstance(node, exp.ILike):
        return rec(node.this).ilike(_string_of(node.expression))
    if isinstance(node.expression, exp.Null):
        return rec(node.this).isnull()
    if isinstance(node.expression, exp.Boolean):
        # never missing: a missing value is neither true nor false, so `x is not true` keeps it, as in SQL
        return (rec(node.this) == bool(node.expression.this)).fill_null(False)
    raise _error(NOT_ALLOWED(what=_describe(node), field="filter", functions=_functions("filter")), None)


def _function(node: Any, rec: Callable[[Any], Any]) -> Any:
    import ibis

    exp = _exp()
    if isinstance(node, exp.Coalesce):
        return ibis.coalesce(rec(node.this), *[rec(e) for e in node.expressions])
    if isinstance(node, exp.Nullif):
        return rec(node.this).nullif(rec(node.expression))
    if isinstance(node, exp.Abs):
        return rec(node.this).abs()
    if isinstance(node, exp.Round):
        decimals = node.args.get("decimals")
        return _round(rec(node.this), int(_python_value(decimals)) if decimals is not None else 0)
    if isinstance(node, exp.Lower):
        return rec(node.this).lower()
    if isinstance(node, exp.Upper):
        return rec(node.this).upper()
    if isinstance(node, exp.Length):
        return rec(node.this).length()
    if isinstance(node, (exp.Floor, exp.Ceil)):
        return rec(node.this).floor() if isinstance(node, exp.Floor) else rec(node.this).ceil()
    text = _text_function(node, rec)
    if text is not None:
        return text
    if isinstance(node, exp.Greatest):
        return ibis.greatest(rec(node.this), *[rec(e) for e in node.expressions])
    if isinstance(node, exp.Least):
        return ibis.least(rec(node.this), *[rec(e) for e in node.expressions])
    raise _error(NOT_ALLOWED(what=_describe(node), field="expression", functions=functions_allowed("filter")), None)


def _round(value: Any, digits: int) -> Any:
    """`round(x, digits)`. To tens or hundreds (`round(revenue, -1)`), a decimal is multiplied by the exact decimal
    0.1 or 0.01, rounded to units and multiplied back, since a decimal type cannot have a negative scale (ibis
    refuses it). Both sides are DECIMAL(38, s) (ibis cannot type a product of decimals of other precisions), and
    the division is never a floating-point one: PostgreSQL rounds a half of a double to even (0.5 to 0)."""
    if digits >= 0 or not value.type().is_decimal():
        return value.round(digits)
    from decimal import Decimal

    import ibis
    import ibis.expr.datatypes as dt

    scale = value.type().scale if value.type().scale is not None else 9
    tenth = ibis.literal(Decimal(1).scaleb(digits), type=dt.Decimal(38, -digits))
    return (value.cast(dt.Decimal(38, scale)) * tenth).round(0) * 10 ** -digits


def _text_function(node: Any, rec: Callable[[Any], Any]) -> Any:
    """A function over text (`trim`, `substr`, `left`, `replace`, `starts_with`...), as ibis; None if `node` is
    none of them. Its fixed arguments are values written out (checked by `_check_literal_args`)."""
    exp = _exp()
    if isinstance(node, exp.Trim):
        position = str(node.args.get("position") or "").upper()
        value = rec(node.this)
        return value.lstrip() if position == "LEADING" else value.rstrip() if position == "TRAILING" else value.strip()
    if isinstance(node, exp.Substring):
        length = node.args.get("length")
        # SQL counts characters from 1, ibis from 0
        return rec(node.this).substr(_python_value(node.args["start"]) - 1,
                                     _python_value(length) if length is not None else None)
    if isinstance(node, exp.Left):
        return rec(node.this).left(_python_value(node.expression))
    if isinstance(node, exp.Right):
        return rec(node.this).right(_python_value(node.expression))
    if isinstance(node, exp.Replace):
        return rec(node.this).replace(_python_value(node.expression), _python_value(node.args["replacement"]))
    if isinstance(node, exp.StartsWith):
        return rec(node.this).startswith(_python_value(node.expression))
    if isinstance(node, exp.EndsWith):
        return rec(node.this).endswith(_python_value(node.expression))
    if isinstance(node, exp.Contains):
        return rec(node.this).contains(_python_value(node.expression))
    return None


def _python_value(node: Any) -> Any:
    exp = _exp()
    if isinstance(node, exp.Neg):
        return -_python_value(node.this)
    if isinstance(node, exp.Null):
        return None
    if isinstance(node, exp.Boolean):
        return bool(node.this)
    if isinstance(node, exp.Literal):
        if node.is_string:
            return node.this
        try:
            return int(node.this)
        except ValueError:
            return float(node.this)
    raise _error(NOT_ALLOWED(what=_describe(node), field="expression", functions=""), None)


def _string_of(node: Any) -> str:
    value = _python_value(node)
    if not isinstance(value, str):
        raise _error(NOT_ALLOWED(what=_describe(node), field="like", functions=""), None)
    return value


# --- derived metrics: arithmetic over metric values (scalars already computed by the engine) -------------------

def evaluate_derived(checked: Checked, values: Mapping[str, float]) -> float:
    """Evaluate a derived metric's arithmetic; ZeroDivisionError is left to the caller (a status, not a crash)."""
    exp = _exp()

    def rec(node: Any) -> float:
        if isinstance(node, exp.Column):
            return float(values[node.name])
        if isinstance(node, exp.Literal):
            return float(node.this)
        if isinstance(node, exp.Paren):
            return rec(node.this)
        if isinstance(node, exp.Neg):
            return -rec(node.this)
        op = {"Add": float.__add__, "Sub": float.__sub__, "Mul": float.__mul__, "Div": float.__truediv__}
        return op[type(node).__name__](rec(node.this), rec(node.expression))

    return rec(checked.tree)


def _round_half_away(value: float, digits: int) -> float:
    """`round` as SQL engines round a number: a half away from zero (2.5 is 3, -2.5 is -3), on its decimal
    digits as printed (2.675 to 2 places is 2.68), where Python's `round` gives 2 and 2.67."""
    from decimal import ROUND_HALF_UP, Decimal

    if not math.isfinite(value):
        return value
    return float(Decimal(repr(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


# --- decomposed measures: partial aggregates per time slice, combined per period by kpiguard -------------------

@dataclass(frozen=True)
class Partial:
    """One aggregate of a measure: `kind` (sum, count, avg, min, max, distinct) over `arg` (None for count(*))."""

    index: int
    kind: str
    arg: Any
    where: Any = None  # its own `filter (where ...)`, as an ibis boolean, on top of the metric's filter


def measure_partials(checked: Checked, table: Any, table_name: str,
                     times: Mapping[str, Any] | None = None) -> list[Partial]:
    """The aggregates of a checked measure, in walk order, each with its per-row argument as ibis (`times`: as
    in build_filter)."""
    exp = _exp()
    _check_columns(checked, table, table_name)
    partials: list[Partial] = []
    for node in _aggregates(checked.tree):
        inner = node.this
        if isinstance(node, exp.Count):
            if isinstance(inner, exp.Star):
                kind, arg = "count", None
            elif isinstance(inner, exp.Distinct):
                kind, arg = "distinct", _guard(checked, table_name, lambda inner=inner: _scalar(inner.expressions[0], table, times))
            else:
                kind, arg = "count", _guard(checked, table_name, lambda inner=inner: _scalar(inner, table, times))
        else:
            kind = {exp.Sum: "sum", exp.Avg: "avg", exp.Min: "min", exp.Max: "max"}[type(node)]
            arg = _guard(checked, table_name, lambda inner=inner: _scalar(inner, table, times))
            if not (arg.type().is_numeric() or arg.type().is_boolean()):
                hint = ""
                if arg.type().is_string():
                    from kpiguard.spec.loader import CANONICAL_COLUMNS

                    # a column of the user's own may hold amounts written in a currency; a canonical one is not
                    # money when kpiguard does not read it as such (`status`)
                    own = isinstance(inner, exp.Column) and inner.name not in CANONICAL_COLUMNS.get(table_name, ())
                    hint = (TEXT_AMOUNT(arg=inner.name, kind=kind, table=table_name) if own
                            else TEXT_NUMBER(arg=inner.sql(), kind=kind))
                raise _error(NOT_NUMERIC(field=checked.field, type=_type_name(arg.type())) + hint,
                             checked.location)
        partials.append(Partial(len(partials), kind, arg, _own_filter(node, checked, table, table_name, times)))
    return partials


def _own_filter(node: Any, checked: Checked, table: Any, table_name: str, times: Mapping[str, Any] | None) -> Any:
    """The condition of an aggregate's `filter (where ...)`, as an ibis boolean; None when it has none."""
    exp = _exp()
    parent = node.parent
    if not (isinstance(parent, exp.Filter) and parent.this is node and isinstance(parent.expression, exp.Where)):
        return None
    condition = parent.expression.this
    value = _guard(checked, table_name, lambda: _scalar(condition, table, times))
    if not value.type().is_boolean():
        raise _error(NOT_BOOLEAN(field=f"{checked.field} filter (where {condition.sql()})",
                                 type=_type_name(value.type())), checked.location)
    return value


def _aggregates(tree: Any) -> list[Any]:
    exp = _exp()
    found: list[Any] = []

    def rec(node: Any) -> None:
        if isinstance(node, _AGG_TYPES()):
            found.append(node)
            return
        for child in node.args.values():
            for item in child if isinstance(child, list) else [child]:
                if isinstance(item, exp.Expression):
                    rec(item)

    rec(tree)
    return found


def is_linear(node: Any, leaf: Callable[[Any], bool]) -> bool:
    """Whether an expression is a sum of `leaf` terms (each perhaps times or over a number): `a - b`, `a - 0.1 *
    c`, `(a + b) / 2`. Such an expression of sums over periods is itself a sum over periods."""
    exp = _exp()
    if isinstance(node, (exp.Paren, exp.Filter)) and not leaf(node):
        return is_linear(node.this, leaf)
    if leaf(node):
        return True
    if isinstance(node, (exp.Add, exp.Sub)):
        return is_linear(node.this, leaf) and is_linear(node.expression, leaf)
    if isinstance(node, exp.Neg):
        return is_linear(node.this, leaf)
    number = lambda n: isinstance(n, exp.Literal) and not n.is_string
    if isinstance(node, exp.Mul):
        return (number(node.this) and is_linear(node.expression, leaf)) or (
            number(node.expression) and is_linear(node.this, leaf))
    if isinstance(node, exp.Div):
        return number(node.expression) and is_linear(node.this, leaf)
    return False


def evaluate_measure(checked: Checked, values: list[float | None]) -> float | None:
    """A measure's value from the values of its aggregates (in `measure_partials` order); None if undefined.
    A division by an aggregate that is 0 raises ZeroDivisionError, with the divisor's text."""
    exp = _exp()
    aggregates = {id(node): i for i, node in enumerate(_aggregates(checked.tree))}

    def rec(node: Any) -> float | None:
        if id(node) in aggregates:
            return values[aggregates[id(node)]]
        if isinstance(node, (exp.Paren, exp.Filter)):  # (an aggregate's own filter is in its value)
            return rec(node.this)
        if isinstance(node, exp.Literal):
            return float(_python_value(node))
        if isinstance(node, exp.Neg):
            inner = rec(node.this)
            return None if inner is None else -inner
        name = type(node).__name__
        if name in ("Add", "Sub", "Mul", "Div", "Mod"):
            a, b = rec(node.this), rec(node.expression)
            if a is None or b is None:
                return None
            if name in ("Div", "Mod") and b == 0:
                # (`sum(revenue) / count(*)` over a period without a matching row): no value, and the reason is
                # the division, not missing values; `nullif(count(*), 0)` makes it a missing value instead
                raise ZeroDivisionError(node.expression.sql(dialect="duckdb", normalize_functions="lower"))
            return {"Add": a + b, "Sub": a - b, "Mul": a * b, "Div": a / b if b else None,
                    "Mod": math.fmod(a, b) if b else None}[name]
        if isinstance(node, exp.Coalesce):
            for item in [node.this, *node.expressions]:
                value = rec(item)
                if value is not None:
                    return value
            return None
        if isinstance(node, exp.Nullif):
            a, b = rec(node.this), rec(node.expression)
            return None if a is None or a == b else a
        if isinstance(node, exp.Abs):
            a = rec(node.this)
            return None if a is None else abs(a)
        if isinstance(node, exp.Round):
            a = rec(node.this)
            decimals = node.args.get("decimals")
            return None if a is None else _round_half_away(a, int(_python_value(decimals)) if decimals is not None else 0)
        if isinstance(node, (exp.Floor, exp.Ceil)):
            a = rec(node.this)
            return None if a is None else float(math.floor(a) if isinstance(node, exp.Floor) else math.ceil(a))
        if isinstance(node, (exp.Greatest, exp.Least)):
            items = [v for v in (rec(n) for n in [node.this, *node.expressions]) if v is not None]
            if not items:
                return None
            return max(items) if isinstance(node, exp.Greatest) else min(items)
        raise _error(NOT_ALLOWED(what=_describe(node), field="measure", functions=_functions("measure")),
                     checked.location)

    return rec(checked.tree)

