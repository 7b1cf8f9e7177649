"""The report's numbers and dates, from kpiguard._numbers: the one source of every output's formatting."""

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
    format_date,
    format_factor,
    format_money,
    format_month,
    format_number,
    format_percent,
    format_points,
    format_share,
    format_value,
    is_money_unit,
    is_percent_unit,
    money_code,
)

__all__ = [
    "MINUS", "MISSING", "NBSP", "NNBSP", "auto_decimals", "currency_symbol", "format_change", "format_compact",
    "format_count", "format_date", "format_factor", "format_money", "format_month", "format_number",
    "format_percent", "format_points", "format_share", "format_value", "is_money_unit", "is_percent_unit",
    "money_code",
]
