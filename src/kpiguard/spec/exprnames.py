"""What a spec's expressions may say, read without a SQL parser: names of derived metrics, and a first screen.

The full check (sqlglot syntax tree against a whitelist, columns against the table) runs when a metric is
computed (`kpiguard.metrics.expressions`). This module is what `kpiguard validate` can tell from the text
alone, without importing a parser: several statements, comments, subqueries and commands, unknown functions,
names qualified by another table, unbalanced parentheses or quotes, a measure that aggregates nothing, a
division by a 0 written out.
"""

from __future__ import annotations

import re
from typing import Literal

from kpiguard._i18n import Message

ExprKind = Literal["measure", "filter", "expr"]

MAX_LENGTH = 2000

# Not inside a number: the `e3` of `1e3` is an exponent, not a name.
_IDENT = re.compile(r"(?<![0-9.A-Za-z_])[A-Za-z_][A-Za-z0-9_]*")
_QUOTED = re.compile(r"'(?:[^']|'')*'")

SCALAR_FUNCTIONS = ("coalesce", "nullif", "abs", "round", "floor", "ceil", "lower", "upper", "length", "trim",
                    "ltrim", "rtrim", "substr", "left", "right", "replace", "starts_with", "ends_with", "contains",
                    "greatest", "least", "date_trunc", "extract", "date_part", "cast")
# One part of a date or a time (`month(ordered_at)`, as `extract(month from ordered_at)` reads it)
DATE_PART_FUNCTIONS = ("year", "quarter", "month", "week", "weekofyear", "day", "dayofmonth", "dayofweek",
                       "isodow", "dayofyear", "hour", "minute", "datepart", "day_of_month", "day_of_week",
                       "day_of_year", "week_of_year", "dayofweek_iso")
# Other spellings the SQL parser reads as one of those (`ifnull` is coalesce, `if` a case, `lcase` lower):
# the screen below must never refuse what computing the metric accepts (a test checks every parser name).
SCALAR_ALIASES = ("if", "iif", "ifnull", "nvl", "len", "char_length", "character_length", "lcase", "ucase",
                  "datetrunc", "try_cast", "mod", "date_to_date_str", "time_to_time_str", "ceiling", "substring",
                  "ts_or_ds_to_date_str", "startswith", "endswith")
# `has_line(category = 'coffee')`: whether some line of the order (with its product) meets a condition; a
# semi-join on order_lines.order_id, in a metric over orders only
HAS_LINE = "has_line"
AGGREGATE_FUNCTIONS = ("sum", "count", "avg", "min", "max")
AGGREGATES = ("sum", "count", "count(distinct)", "avg", "min", "max")

M = Message
SYNTAX = M(en="cannot parse {field} {text!r}: {reason}", fr="impossible de lire {field} {text!r} : {reason}")
STATEMENTS = M(en="{field} must be one expression, not several statements (no ';')",
               fr="{field} doit être une seule expression, pas plusieurs instructions (pas de « ; »)")
COMMENT = M(en="{field} may not contain comments (-- or /* */)",
            fr="{field} ne peut pas contenir de commentaire (-- ou /* */)")
_OTHER_QUOTES = re.compile(r"`[^`]*`|\[[A-Za-z_][^\]]*\]")
OTHER_QUOTES = M(en="{field}: {written} is quoted as another SQL dialect does; write the column plain ({name}), "
                    "or in double quotes (\"{name}\")",
                 fr="{field} : {written} est entre les guillemets d'un autre dialecte SQL ; écrivez la colonne telle "
                    "quelle ({name}), ou entre guillemets droits (\"{name}\")")
UNKNOWN_FUNCTION = M(en="unknown function {name}() in {field}; allowed: {functions}",
                     fr="fonction inconnue {name}() dans {field} ; autorisées : {functions}")
# What to write instead of a function kpiguard does not compute, by the names SQL dialects give it: every value is
# added up from the parts of a period (per day, per month), which a median or a regular expression is not.
_PERCENTILE = M(
    en="; a median or a percentile cannot be added up from the parts of a period, so kpiguard does not compute it: "
       "write the share of rows above a threshold, count(*) filter (where revenue >= 50) * 1.0 / count(*), or an "
       "average, avg(revenue)",
    fr=" ; une médiane ou un centile ne s'additionne pas d'une partie de période à l'autre, kpiguard ne la calcule "
       "donc pas : écrivez la part des lignes au-dessus d'un seuil, count(*) filter (where revenue >= 50) * 1.0 / "
       "count(*), ou une moyenne, avg(revenue)")
_SPREAD = M(
    en="; write the spread from averages: avg(revenue * revenue) - avg(revenue) * avg(revenue) is the variance "
       "(of the population)",
    fr=" ; écrivez la dispersion à partir de moyennes : avg(revenue * revenue) - avg(revenue) * avg(revenue) est la "
       "variance (de la population)")
_COUNT_IF = M(en="; write count(*) filter (where <condition>)", fr=" ; écrivez count(*) filter (where <condition>)")
_SUM_IF = M(en="; write sum(<column>) filter (where <condition>)",
            fr=" ; écrivez sum(<colonne>) filter (where <condition>)")
_APPROX = M(en="; write count(distinct <column>): kpiguard counts exactly",
            fr=" ; écrivez count(distinct <colonne>) : kpiguard compte exactement")
_TODAY = M(
    en="; a metric is computed over the periods asked (-p 2026-03, --by month): a condition on today's date would "
       "change with the day it runs; compare with a date ('2026-01-01') or ask the period instead",
    fr=" ; une métrique est calculée sur les périodes demandées (-p 2026-03, --by month) : une condition sur la date "
       "du jour changerait selon le jour du calcul ; comparez à une date ('2026-01-01') ou demandez la période")
_DATE_MATH = M(
    en="; differences of dates are not computed: compare the column with a date ('2026-01-01'), or read its parts "
       "(month(ordered_at), isodow(ordered_at))",
    fr=" ; les écarts de dates ne sont pas calculés : comparez la colonne à une date ('2026-01-01'), ou lisez ses "
       "parties (month(ordered_at), isodow(ordered_at))")
_REGEX = M(en="; write like 'SPR%', starts_with(x, 'SPR'), ends_with or contains",
           fr=" ; écrivez like 'SPR%', starts_with(x, 'SPR'), ends_with ou contains")
FUNCTION_HINTS = {
    **dict.fromkeys(("median", "quantile", "quantile_cont", "quantile_disc", "percentile_cont", "percentile_disc",
                     "approx_quantile", "approx_percentile", "percentile", "mode"), _PERCENTILE),
    **dict.fromkeys(("stddev", "stddev_samp", "stddev_pop", "stdev", "variance", "var_samp", "var_pop"), _SPREAD),
    **dict.fromkeys(("count_if", "countif"), _COUNT_IF),
    **dict.fromkeys(("sum_if", "sumif"), _SUM_IF),
    **dict.fromkeys(("approx_count_distinct", "approx_distinct", "ndv", "hll_count"), _APPROX),
    **dict.fromkeys(("now", "today", "current_date", "current_timestamp", "getdate", "sysdate", "localtimestamp"),
                    _TODAY),
    **dict.fromkeys(("date_diff", "datediff", "date_sub", "date_add", "dateadd", "age", "timestampdiff",
                     "timestamp_diff"), _DATE_MATH),
    **dict.fromkeys(("regexp_matches", "regexp_like", "regexp_extract", "regexp_contains", "rlike", "regexp",
                     "similar_to"), _REGEX),
}


def function_hint(name: str) -> str:
    """What to write instead of function `name` when kpiguard knows a way (`median`: a share above a threshold),
    in the language in force; else ''."""
    hint = FUNCTION_HINTS.get(name.lower())
    return hint() if hint is not None else ""


QUALIFIED = M(
    en="{name!r} names another table or schema; {field} may only use the bare columns of its own table",
    fr="{name!r} désigne une autre table ou un autre schéma ; {field} ne peut utiliser que les colonnes "
       "de sa propre table, sans préfixe")
NEEDS_AGGREGATE = M(
    en="{field} must aggregate its columns (sum, count, count(distinct ...), avg, min, max): {name!r} is bare",
    fr="{field} doit agréger ses colonnes (sum, count, count(distinct ...), avg, min, max) : {name!r} est nu")
AGGREGATE_IN_FILTER = M(en="{field} is evaluated row by row: aggregates (sum, count...) are not allowed in it",
                        fr="{field} est évalué ligne à ligne : les agrégats (sum, count...) y sont interdits")
SUBQUERY = M(en="a subquery or a SQL command ({word}) is not allowed in {field}: it is one expression over the "
                "columns of its own table",
             fr="une sous-requête ou une commande SQL ({word}) n'est pas autorisée dans {field} : c'est une "
                "expression sur les colonnes de sa propre table")
UNCLOSED_QUOTE = M(en="a quote is not closed", fr="un guillemet n'est pas fermé")
UNCLOSED_PAREN = M(en="a '(' is not closed", fr="une « ( » n'est pas fermée")
EXPR_OPERATIONS = M(en="+ - * / over metric names", fr="+ - * / entre noms de métriques")
TOO_LONG = M(en="{field} is too long ({length} characters, at most {limit})",
             fr="{field} est trop long ({length} caractères, au plus {limit})")
EXTRA_PAREN = M(en="a ')' has no matching '('", fr="une « ) » n'a pas de « ( » correspondante")

# Words of a query: never part of an expression over one table's columns, wherever they stand.
_QUERY_WORDS = frozenset({"select", "from", "union", "into", "where"})
# `exists (select ...)`, `sum(x) over (...)`: refused as calls; as bare names they may be columns.
_CALL_WORDS = frozenset({"exists", "over"})
# Commands (`drop table orders`, `attach '...'`): refused when they start the text and are followed by more
# than an operator; `update = 1` compares a column named `update`, which computing the metric accepts.
_STATEMENT_WORDS = frozenset({"insert", "update", "delete", "drop", "create", "alter", "attach", "detach", "copy",
                              "pragma", "install", "values"})
# Words that may stand before '(' without being a function: `x in (...)`, `not (...)`, `when (...)`.
_NOT_CALLS = frozenset({"in", "and", "or", "not", "when", "then", "else", "case", "between", "is", "distinct",
                        "like", "ilike", "as", "end", "filter"})


def names_in(expr: str) -> list[str]:
    """Identifiers in order of first appearance, string literals left out."""
    seen: dict[str, None] = {}
    for name in _IDENT.findall(_QUOTED.sub(" ", expr)):
        seen.setdefault(name, None)
    return list(seen)


def functions_allowed(kind: ExprKind) -> str:
    """The functions a message lists as allowed in this kind of expression."""
    if kind == "measure":
        return ", ".join(AGGREGATES + SCALAR_FUNCTIONS + (HAS_LINE,))
    if kind == "expr":
        return EXPR_OPERATIONS()
    return ", ".join(SCALAR_FUNCTIONS + (HAS_LINE,))


ZERO_DIVISOR = M(
    en="{field} divides by 0 ({text}): its value would be undefined in every period; divide by an aggregate or a "
       "column, or remove the division",
    fr="{field} divise par 0 ({text}) : sa valeur serait indéfinie sur toute période ; divisez par un agrégat ou une "
       "colonne, ou retirez la division")
# A division (or `%`) by the number 0 written out, which nothing binding tighter follows (`sum(revenue) / 0`,
# `1/0 = 1`; not `x / (0 + y)`, not `x / 0.5`): what the compute-time check refuses at the 0
_ZERO_DIVISOR = re.compile(r"[/%]\s*[+-]?\s*(?P<zero>0+(?:\.0*)?)(?![\w.])"
                           r"(?=\s*(?:$|[)*/%+\-,<>=!|]|(?i:and|or|then|else|end|when)\b))")


def screen(text: str, kind: ExprKind, field: str | None = None) -> tuple[str, int] | None:
    """The first problem the text shows without parsing it, as (message, 0-based offset); None if none shows.

    Passing the screen does not make an expression valid (the compute-time check decides); failing it
    always means the compute-time check would refuse it too.
    """
    field = field or kind
    if len(text) > MAX_LENGTH:
        return TOO_LONG(field=field, length=len(text), limit=MAX_LENGTH), 0
    blanked, problem = _blank_literals(text, field)
    if problem is not None:
        return problem
    problem = _other_quotes(blanked, field)
    if problem is not None:
        return problem
    for pattern, message in ((";", STATEMENTS), ("--", COMMENT), ("/*", COMMENT)):
        at = blanked.find(pattern)
        if at >= 0:
            return message(field=field), at
    depth = 0
    for at, char in enumerate(blanked):
        depth += (char == "(") - (char == ")")
        if depth < 0:
            return SYNTAX(field=field, text=text, reason=EXTRA_PAREN()), at
    if depth > 0:
        return SYNTAX(field=field, text=text, reason=UNCLOSED_PAREN()), blanked.rfind("(")
    zero = _ZERO_DIVISOR.search(blanked)
    if zero is not None:
        return ZERO_DIVISOR(field=field, text=text.strip()), zero.start("zero")
    return _screen_words(text, blanked, kind, field)


def other_quotes(text: str, field: str) -> tuple[str, int] | None:
    """A name quoted as another SQL dialect quotes it, as (message, 0-based offset): `revenue` (MySQL, BigQuery),
    [revenue] (SQL Server); names are written plain or in double quotes here."""
    blanked, problem = _blank_literals(text, field)
    return None if problem is not None else _other_quotes(blanked, field)


def _other_quotes(blanked: str, field: str) -> tuple[str, int] | None:
    quoted = _OTHER_QUOTES.search(blanked)
    if quoted is None:
        return None
    return OTHER_QUOTES(field=field, written=quoted.group(0), name=quoted.group(0)[1:-1]), quoted.start()


def _blank_literals(text: str, field: str) -> tuple[str, tuple[str, int] | None]:
    """The text with the inside of '...' strings and "..." names blanked (same length), or an unclosed quote."""
    out, i = list(text), 0
    while i < len(text):
        quote = text[i]
        if quote not in "'\"":
            i += 1
            continue
        j = i + 1
        while True:
            j = text.find(quote, j)
            if j < 0:
                return text, (SYNTAX(field=field, text=text, reason=UNCLOSED_QUOTE()), i)
            if text[j + 1:j + 2] == quote:  # '' inside a string is an escaped quote
                j += 2
                continue
            break
        filler = " " if quote == "'" else "q"  # a quoted name stays a name, a string becomes blank
        out[i + 1:j] = filler * (j - i - 1)
        i = j + 1
    return "".join(out), None


_WORD = re.compile(r"(?<![0-9.A-Za-z_\"])(\"[^\"]*\"|[A-Za-z_][A-Za-z0-9_]*)(\s*)([.(]?)")


_OPERATOR_WORDS = frozenset({"is", "and", "or", "not", "in", "like", "ilike", "between", "as"})


def _starts_statement(blanked: str, start: int, end: int) -> bool:
    """The word opens the text and is followed by a name, a string or a parenthesis, not by an operator."""
    if blanked[:start].strip():
        return False
    rest = blanked[end:].lstrip()
    following = re.match(r"[A-Za-z_]+", rest)
    if following is not None and following.group().lower() in _OPERATOR_WORDS:
        return False  # `values is null`: a column named so
    return bool(rest) and (rest[0].isalnum() or rest[0] in "_'\"(")


def _inside_call(before: str) -> str:
    """The function whose parentheses are still open at the end of `before` (lower case), or ''."""
    depth = 0
    for at in range(len(before) - 1, -1, -1):
        depth += (before[at] == ")") - (before[at] == "(")
        if depth < 0:
            name = re.search(r"([A-Za-z_][A-Za-z0-9_]*)\s*$", before[:at])
            return name.group(1).lower() if name else ""
    return ""


def _screen_words(text: str, blanked: str, kind: ExprKind, field: str) -> tuple[str, int] | None:
    aggregated = False
    first_name: str | None = None
    for match in _WORD.finditer(blanked):
        word, follow = match.group(1), match.group(3)
        lower = word.lower()
        at = match.start(1)
        if lower == "from" and re.search(r"\bis\s+(not\s+)?distinct\s*$", blanked[:at], re.IGNORECASE):
            continue  # `status is distinct from 'test'`: a comparison, not a query
        if lower == "where" and kind == "measure" and re.search(r"\)\s*filter\s*\(\s*$", blanked[:at],
                                                                 re.IGNORECASE):
            continue  # `count(*) filter (where ...)`: an aggregate's own condition, not a query
        if lower == "from" and re.search(r"\bextract\s*\(\s*[A-Za-z_]+\s*$", blanked[:at], re.IGNORECASE):
            continue  # `extract(month from ordered_at)`: a part of a date, not a query
        if lower == "from" and _inside_call(blanked[:at]) in ("trim", "substring"):
            continue  # `trim(leading from code)`, `substring(code from 1 for 4)`: SQL's own spellings
        if (lower in _QUERY_WORDS or (lower in _CALL_WORDS and follow == "(")
                or (lower in _STATEMENT_WORDS and _starts_statement(blanked, at, match.end(1)))):
            return SUBQUERY(word=lower, field=field), at
        if follow == ".":
            rest = blanked[match.end():]
            name = re.match(r"\s*(\"[^\"]*\"|[A-Za-z_][A-Za-z0-9_]*)", rest)
            if name is not None:  # shown as written (the blanked text hides quoted names)
                return QUALIFIED(name=text[at:match.end() + name.end()], field=field), at
        if follow == "(" and lower not in _NOT_CALLS:
            if lower in AGGREGATE_FUNCTIONS and kind == "measure":
                aggregated = True
            elif lower in AGGREGATE_FUNCTIONS and kind == "filter":
                return AGGREGATE_IN_FILTER(field=field), at
            elif kind == "expr" or lower not in SCALAR_FUNCTIONS + SCALAR_ALIASES + DATE_PART_FUNCTIONS + (HAS_LINE,):
                # (named as written: the screen's copy blanks the inside of a quoted name)
                return UNKNOWN_FUNCTION(name=text[at:match.end(1)], field=field,
                                        functions=functions_allowed(kind)) + function_hint(lower), at
        elif first_name is None and follow != "(" and lower not in _NOT_CALLS | {"null", "true", "false"}:
            first_name = text[at:match.end(1)]
    if kind == "measure" and not aggregated and first_name is not None:
        return NEEDS_AGGREGATE(field=field, name=first_name), 0
    return None
