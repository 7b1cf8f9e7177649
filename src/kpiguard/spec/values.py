"""Numbers as written in a spec: `0.25`, `25%`, `25 %`, `1 000 000`, `1_000_000`, `0,70`."""

from __future__ import annotations

import math
import re
from datetime import date, datetime

from kpiguard._i18n import Message

NOT_A_NUMBER = Message(
    en="expected a number or a percent such as 0.25 or 25%, got {value}",
    fr="attendu un nombre ou un pourcentage comme 0.25 ou 25 %, reçu {value}",
)
NO_NUMBER = Message(
    en="no value here (`~` or nothing): write the number, e.g. 0.25 or 25% (`kpiguard check` and `kpiguard lint` "
    "write ~ where only you know the value: measure it with `kpiguard compute`, or decide it)",
    fr="aucune valeur ici (`~` ou rien) : écrivez le nombre, par exemple 0.25 ou 25 % (`kpiguard check` et "
    "`kpiguard lint` écrivent ~ là où vous seul connaissez la valeur : mesurez-la avec `kpiguard compute`, ou "
    "décidez-la)",
)
AMBIGUOUS_COMMA = Message(
    en="ambiguous number {value}: write {thousands} for thousands or {decimal} for a decimal",
    fr="nombre ambigu {value} : écrivez {thousands} pour des milliers ou {decimal} pour une décimale",
)
NO_UNITS = Message(
    en="expected a plain number, got {value}: write {plain} "
    "(units and multipliers such as €, k, M are not read; the currency is set once by `currency`)",
    fr="attendu un nombre simple, reçu {value} : écrivez {plain} "
    "(les unités et multiplicateurs comme €, k, M ne sont pas lus ; "
    "la devise est donnée une fois par `currency`)",
)
THOUSANDS = Message(
    en="expected a plain number, got {value}: write {plain} (no thousands separator; the decimal mark is a point)",
    fr="attendu un nombre simple, reçu {value} : écrivez {plain} (sans séparateur de milliers ; la décimale "
    "s'écrit avec un point)",
)
POINTS = Message(
    en="{value} is in percentage points, which are not read: write the level itself as a percent (a rate at 20% "
    "that may lose 2 points: min: 18%), or a change relative to it (max_decrease: 10%)",
    fr="{value} est en points de pourcentage, qui ne sont pas lus : écrivez le niveau lui-même en pourcentage (un "
    "taux à 20 % qui peut perdre 2 points : min: 18%), ou une variation relative (max_decrease: 10%)",
)
# `2 pts`, `0,5 pt`, `+1 point`, `2pp` (the blanks are already gone)
_POINTS = re.compile(r"[+-]?\d+(?:[.,]\d+)?(?:pts?|points?|pp|pdp)", re.IGNORECASE)
PERCENT_WORD = Message(
    en="expected a number or a percent, got {value}: write {plain} (a percent is written with one % sign)",
    fr="attendu un nombre ou un pourcentage, reçu {value} : écrivez {plain} (un pourcentage s'écrit avec un seul "
    "signe %)",
)
# `5 pct`, `18 percent`, `18 pourcents`, `25%%` (one `%` already taken off; the blanks are already gone)
_PERCENT_WORD = re.compile(r"([+-]?\d+(?:[.,]\d+)?)(?:%+|pct|percents?|pourcents?|pourcentage)", re.IGNORECASE)
TOO_LARGE = Message(
    en="number too large: {value}; write a finite number",
    fr="nombre trop grand : {value} ; écrivez un nombre fini",
)

# `1,000` is a thousand in English and 1.0 in French: refused rather than guessed.
_THOUSANDS_COMMA = re.compile(r"^[+-]?\d{1,3},\d{3}$")
# `1,000,000`, `1.000.000`, `1,234.56`, `1.234,56`: grouped thousands, one reading only (two groups or a
# different decimal mark after them).
_GROUPED = re.compile(r"^([+-]?\d{1,3})((?:([,.])\d{3})(?:\3\d{3})+|[,.]\d{3})(?:([,.])(\d+))?$")
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")


def shown(value: object, limit: int = 60) -> str:
    """A value as a message quotes it: repr, cut short when long (a 5,000-digit number, a paragraph)."""
    if value is None:  # as YAML writes it (`to:` or `to: ~`)
        return "null"
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    text = repr(value) if not isinstance(value, float) else f"{value:g}"
    return text if len(text) <= limit else text[: limit - 5] + "[...]" + text[-1:]


_WITH_UNIT = re.compile(
    r"^([+-]?\d+(?:[.,]\d+)?)\s*([kKmMbB]|[Mm]d|[Mm]ds)?\s*([€$£]|EUR|USD|GBP|eur|euros?)?$"
)
_MULTIPLIERS = {
    "k": 1e3,
    "K": 1e3,
    "m": 1e6,
    "M": 1e6,
    "b": 1e9,
    "B": 1e9,
    "Md": 1e9,
    "md": 1e9,
    "Mds": 1e9,
    "mds": 1e9,
}


def _with_units_hint(text: str, value: object) -> str:
    """`8M€`, `1,20 €`, `10k`: say which plain number to write instead of guessing the unit."""
    match = _WITH_UNIT.match(text)
    if match is None or not (match.group(2) or match.group(3)):
        return NOT_A_NUMBER(value=shown(value))
    number = float(match.group(1).replace(",", ".")) * _MULTIPLIERS.get(match.group(2) or "", 1.0)
    return NO_UNITS(value=shown(value), plain=f"{number:.0f}" if number.is_integer() else f"{number:.10g}")


def _grouped_hint(text: str, value: object) -> str | None:
    """`1,000,000` or `1.234,56`: the number is clear, only its separators are not read; say how to write it."""
    match = _GROUPED.match(text)
    if match is None:
        return None
    groups, decimal_mark, decimals = match.group(2), match.group(4), match.group(5)
    separator = groups[0]
    if decimal_mark is not None and decimal_mark == separator:
        return None
    if decimal_mark is None and groups.count(separator) < 2:
        return None  # `1,000` alone is the ambiguous case, `1.000` a plain decimal
    plain = match.group(1) + groups.replace(separator, "") + (f".{decimals}" if decimals else "")
    if text.endswith("%"):
        plain += "%"
    return THOUSANDS(value=shown(value), plain=plain)


def parse_number(value: object) -> float:
    """A finite float; percent literals become fractions (`25%` -> 0.25). Raises ValueError otherwise."""
    if isinstance(value, bool):
        raise ValueError(NOT_A_NUMBER(value=shown(value)))
    if value is None:  # a placeholder left as written in a rewrite (`to: ~`), or a key without its value
        raise ValueError(NO_NUMBER())
    try:
        if isinstance(value, (int, float)):
            number = float(value)
        elif isinstance(value, str):
            text = value.strip().replace("\u202f", "").replace("\u00a0", "").replace(" ", "").replace("_", "")
            percent = text.endswith("%")
            if percent:
                text = text[:-1]
            if _THOUSANDS_COMMA.match(text):
                raise ValueError(
                    AMBIGUOUS_COMMA(
                        value=shown(value), thousands=text.replace(",", ""), decimal=text.replace(",", ".")
                    )
                )
            if not _NUMBER.match(text):
                if _POINTS.fullmatch(text):
                    raise ValueError(POINTS(value=shown(value)))
                word = _PERCENT_WORD.fullmatch(text)
                if word is not None:
                    raise ValueError(PERCENT_WORD(value=shown(value), plain=word.group(1).replace(",", ".") + "%"))
                raise ValueError(_grouped_hint(text, value) or _with_units_hint(text, value))
            number = float(text.replace(",", "."))
            if percent:
                number /= 100.0
        else:
            raise ValueError(NOT_A_NUMBER(value=shown(value)))
    except OverflowError:  # an integer beyond the float range
        raise ValueError(TOO_LARGE(value=shown(value))) from None
    if math.isnan(number):
        raise ValueError(NOT_A_NUMBER(value=shown(value)))
    if math.isinf(number):
        raise ValueError(TOO_LARGE(value=shown(value)))
    return number


def is_percent_literal(value: object) -> bool:
    return isinstance(value, str) and value.strip().endswith("%")
