"""The report's numbers and dates: the numbers from kpiguard._numbers (the one source of every output), the
dates and months as a reader of the language writes them."""

from __future__ import annotations

from kpiguard._numbers import (
    MINUS,
    MISSING,
    NBSP,
    NNBSP,
    auto_decimals,
    currency_symbol,
    format_change,
    format_compact,
    format_count,
    format_factor,
    format_money,
    format_number,
    format_percent,
    format_points,
    format_share,
    format_value,
    is_money_unit,
    is_percent_unit,
    money_code,
)

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


__all__ = [
    "MINUS", "MISSING", "NBSP", "NNBSP", "auto_decimals", "currency_symbol", "format_change", "format_compact",
    "format_count", "format_date", "format_factor", "format_money", "format_month", "format_number",
    "format_percent", "format_points", "format_share", "format_value", "is_money_unit", "is_percent_unit",
    "money_code",
]
