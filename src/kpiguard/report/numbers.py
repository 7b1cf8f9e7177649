"""Locale number formatting for reports: `1 234,5 €` in French, `€1,234.5` in English."""

from __future__ import annotations

import math

from kpiguard._units import unit_word

# French groups thousands with a narrow no-break space and puts a no-break space before € and %,
# so that a number never wraps away from its unit.
NNBSP = "\u202f"
NBSP = "\u00a0"
MINUS = "\u2212"
MISSING = "\u2014"

_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥"}


def currency_symbol(currency: str | None) -> str:
    code = (currency or "").strip()
    return _SYMBOLS.get(code.upper(), code)


def _is_missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and (math.isnan(value) or math.isinf(value)))


def format_number(value: float | None, lang: str, decimals: int = 0, *, trim: bool = False) -> str:
    """`1234.5` -> `1 234,5` (fr) / `1,234.5` (en); `trim` drops trailing zero decimals."""
    if _is_missing(value):
        return MISSING
    text = f"{abs(value):,.{decimals}f}"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    if text.strip("0.,") == "":  # -0.001 rounded to 0 has no sign
        value = 0.0
    if lang == "fr":
        text = text.replace(",", NNBSP).replace(".", ",")
    return (MINUS if value < 0 else "") + text


def auto_decimals(value: float) -> int:
    """Enough decimals to tell values apart on a KPI card, never noise: 12 345, 123, 12.3, 1.25, 0.349,
    0.0061 (as the review's reasons write them: a rate of 0.0011 is not `0.00`)."""
    magnitude = abs(value)
    if magnitude >= 100 or magnitude == 0:
        return 0
    if magnitude >= 10:
        return 1
    if magnitude >= 1:
        return 2
    return _small_decimals(magnitude)


def _small_decimals(magnitude: float, least: int = 3) -> int:
    """Decimals that keep two significant digits of a number below 1 (0.0061 -> 4), at least `least`."""
    return min(max(least, 1 - math.floor(math.log10(magnitude))), 12)


def format_money(value: float | None, currency: str | None, lang: str, decimals: int | None = None) -> str:
    """`1 234,5 €` (fr), `€1,234.5` (en); codes without a symbol stay codes: `1 234 CHF`, `CHF 1,234`."""
    if _is_missing(value):
        return MISSING
    if decimals is None:
        decimals = 0 if abs(value) >= 100 else 2
    symbol = currency_symbol(currency)
    digits = format_number(abs(value), lang, decimals)
    sign = MINUS if value < 0 and digits.strip("0,." + NNBSP) else ""
    if not symbol:
        return sign + digits
    if lang == "fr":
        return f"{sign}{digits}{NBSP}{symbol}"
    separator = "" if len(symbol) == 1 else NBSP
    return f"{sign}{symbol}{separator}{digits}"


def format_percent(
    fraction: float | None, lang: str, decimals: int | None = None, *, signed: bool = False
) -> str:
    """A fraction as a percent: `0.125` -> `12,5 %` (fr) / `12.5%` (en)."""
    if _is_missing(fraction):
        return MISSING
    percent = fraction * 100
    trim = decimals is None
    if decimals is None:
        decimals = 1 if abs(percent) >= 1 or percent == 0 else 2
    digits = format_number(percent, lang, decimals, trim=trim)
    if signed and not digits.startswith(MINUS) and digits.strip("0,.") != "":
        digits = "+" + digits
    return f"{digits}{NBSP}%" if lang == "fr" else f"{digits}%"


def format_points(delta: float | None, lang: str) -> str:
    """A difference of two rates in percentage points: `+1,5 pt` / `+1.5 pts`."""
    if _is_missing(delta):
        return MISSING
    digits = format_number(delta * 100, lang, 1 if abs(delta * 100) >= 1 else 2, trim=True)
    if not digits.startswith(MINUS) and digits.strip("0,.") != "":
        digits = "+" + digits
    unit = "pt" if lang == "fr" else ("pt" if abs(delta * 100) == 1 else "pts")
    return f"{digits}{NBSP}{unit}"


def is_percent_unit(unit: str | None) -> bool:
    return (unit or "").strip() in {"%", "percent", "pct", "share", "rate"}


def is_money_unit(unit: str | None, currency: str | None) -> bool:
    text = (unit or "").strip()
    if not text:
        return False
    return (
        text in {"{currency}", "currency", "money"}
        or (currency is not None and text.upper() == currency.upper())
        or text.upper() in _SYMBOLS
        or text in _SYMBOLS.values()
    )


def money_code(unit: str | None, currency: str | None) -> str | None:
    text = (unit or "").strip()
    if text in {"{currency}", "currency", "money"}:
        return currency
    for code, symbol in _SYMBOLS.items():
        if text == symbol:
            return code
    return text.upper() or currency


def format_value(
    value: float | None, unit: str | None, lang: str, currency: str | None = None, decimals: int | None = None
) -> str:
    """A KPI value with its unit: money, percent, or a count with its unit name (`1 234 e-mails`)."""
    if _is_missing(value):
        return MISSING
    if is_percent_unit(unit):
        return format_percent(value, lang, decimals)
    if is_money_unit(unit, currency):
        return format_money(value, money_code(unit, currency), lang, decimals)
    if decimals is None:
        decimals = 0 if float(value).is_integer() else auto_decimals(value)
    digits = format_number(value, lang, decimals)
    return f"{digits}{NBSP}{unit_word(unit, lang, value)}" if unit else digits


def format_compact(value: float | None, unit: str | None, lang: str, currency: str | None = None) -> str:
    """Short axis labels: `8 M€` / `€8M`, `12 k` , `25 %` / `25%`."""
    if _is_missing(value):
        return MISSING
    if is_percent_unit(unit):
        return format_percent(value, lang)
    magnitude = abs(value)
    suffix = ""
    scaled = value
    for limit, letter in (
        (1e9, {"fr": "Md", "en": "B"}),
        (1e6, {"fr": "M", "en": "M"}),
        (1e3, {"fr": "k", "en": "k"}),
    ):
        if magnitude >= limit:
            scaled, suffix = value / limit, letter["fr" if lang == "fr" else "en"]
            break
    if abs(scaled) >= 100 or float(scaled).is_integer():
        decimals = 0
    elif abs(scaled) >= 1:
        decimals = 1 if abs(scaled) >= 10 else 2
    else:  # axis ticks of a small rate: 0.0025, 0.005, 0.0075 rather than 0, 0, 0.01
        decimals = _small_decimals(abs(scaled), 2)
    digits = format_number(scaled, lang, decimals, trim=True)
    symbol = currency_symbol(money_code(unit, currency)) if is_money_unit(unit, currency) else ""
    if symbol:
        # a code of letters (CHF) stands apart from the number: `12 k CHF`, `CHF 12k`; a sign sticks: `12 k€`
        glued = len(symbol) == 1
        if lang == "fr":
            return f"{digits}{NBSP}{suffix}{symbol}" if glued else f"{digits}{NBSP}{suffix}{NBSP if suffix else ''}{symbol}"
        sign = ""
        if digits.startswith(MINUS):
            sign, digits = MINUS, digits[1:]
        return f"{sign}{symbol}{'' if glued else NBSP}{digits}{suffix}"
    if suffix:
        return f"{digits}{NBSP}{suffix}" if lang == "fr" else f"{digits}{suffix}"
    return digits


def format_change(change: float | None, lang: str) -> str:
    """A relative change as a signed percent: `+12,5 %` / `−3.2%`."""
    return format_percent(change, lang, signed=True)


_MONTHS = {
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    "fr": ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."],
}


def format_date(value: str | None, lang: str) -> str:
    """An ISO date as a reader writes it: `30/06/2026` (fr), `30 Jun 2026` (en)."""
    if not value:
        return MISSING
    try:
        year, month, day = (int(part) for part in str(value)[:10].split("-"))
    except ValueError:
        return str(value)
    if lang == "fr":
        return f"{day:02d}/{month:02d}/{year}"
    return f"{day} {_MONTHS['en'][month - 1]} {year}"


def format_month(value: str | None, lang: str, *, with_year: bool = True) -> str:
    """The month of an ISO date for axes and tables: `juin 2026` / `Jun 2026`."""
    if not value:
        return MISSING
    try:
        year, month = int(str(value)[:4]), int(str(value)[5:7])
    except ValueError:
        return str(value)
    name = _MONTHS["fr" if lang == "fr" else "en"][month - 1]
    return f"{name} {year}" if with_year else name
