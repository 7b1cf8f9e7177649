"""Locale number formatting: what a French or English reader expects to see on the report."""

from __future__ import annotations

import pytest

from kpiguard.report.numbers import (
    MINUS,
    NBSP,
    NNBSP,
    format_change,
    format_compact,
    format_date,
    format_money,
    format_month,
    format_number,
    format_percent,
    format_points,
    format_value,
)


def test_french_money_has_narrow_nbsp_thousands_comma_decimal_and_symbol_after():
    assert format_money(1234.5, "EUR", "fr", 1) == f"1{NNBSP}234,5{NBSP}€"


def test_english_money_has_symbol_first_comma_thousands_point_decimal():
    assert format_money(1234.5, "EUR", "en", 1) == "€1,234.5"


@pytest.mark.parametrize(
    ("value", "fr", "en"),
    [
        (0.125, f"12,5{NBSP}%", "12.5%"),
        (0.25, f"25{NBSP}%", "25%"),
        (0.0042, f"0,42{NBSP}%", "0.42%"),
        (1.07, f"107{NBSP}%", "107%"),
        (0, f"0{NBSP}%", "0%"),
    ],
)
def test_percent_from_fraction(value, fr, en):
    assert format_percent(value, "fr") == fr
    assert format_percent(value, "en") == en


def test_small_money_keeps_cents_and_large_money_drops_them():
    assert format_money(0.7, "EUR", "fr") == f"0,70{NBSP}€"
    assert format_money(0.7, "EUR", "en") == "€0.70"
    assert format_money(8_000_000, "EUR", "fr") == f"8{NNBSP}000{NNBSP}000{NBSP}€"
    assert format_money(8_000_000, "EUR", "en") == "€8,000,000"


def test_negative_values_use_a_true_minus_before_the_symbol():
    assert format_money(-1234, "EUR", "en") == f"{MINUS}€1,234"
    assert format_money(-1234, "EUR", "fr") == f"{MINUS}1{NNBSP}234{NBSP}€"
    assert format_change(-0.032, "fr") == f"{MINUS}3,2{NBSP}%"
    assert format_change(0.125, "en") == "+12.5%"


def test_rounding_to_zero_has_no_sign():
    assert format_number(-0.0004, "en", 2) == "0.00"
    assert format_change(0.0, "en") == "0%"


def test_currency_without_symbol_stays_a_code():
    assert format_money(1234, "CHF", "fr") == f"1{NNBSP}234{NBSP}CHF"
    assert format_money(1234, "CHF", "en") == f"CHF{NBSP}1,234"


def test_missing_values_show_a_dash_not_nan():
    for value in (None, float("nan"), float("inf")):
        assert format_value(value, "%", "fr") == "\u2014"
        assert format_money(value, "EUR", "en") == "\u2014"


def test_value_picks_money_percent_or_count_from_the_unit():
    assert format_value(0.263, "%", "fr") == f"26,3{NBSP}%"
    assert format_value(8_960_000, "{currency}", "en", "EUR") == "€8,960,000"
    assert format_value(12.5, "EUR", "fr", "EUR") == f"12,50{NBSP}€"
    assert format_value(2_200_000, "e-mails", "fr") == f"2{NNBSP}200{NNBSP}000{NBSP}e-mails"
    assert format_value(4, "SKUs", "en") == f"4{NBSP}SKUs"


def test_compact_axis_labels():
    assert format_compact(8_000_000, "{currency}", "fr", "EUR") == f"8{NBSP}M€"
    assert format_compact(8_000_000, "{currency}", "en", "EUR") == "€8M"
    assert format_compact(12_500, "sessions", "fr") == f"12,5{NBSP}k"
    assert format_compact(-1_500, "{currency}", "en", "EUR") == f"{MINUS}€1.5k"
    assert format_compact(2_500_000_000, None, "fr") == f"2,5{NBSP}Md"


def test_percentage_points():
    assert format_points(0.015, "fr") == f"+1,5{NBSP}pt"
    assert format_points(-0.0025, "en") == f"{MINUS}0.25{NBSP}pts"


def test_dates_and_months_per_locale():
    assert format_date("2026-06-30", "fr") == "30/06/2026"
    assert format_date("2026-06-30", "en") == "30 Jun 2026"
    assert format_month("2026-02-01", "fr") == "févr. 2026"
    assert format_month("2026-02-01", "en") == "Feb 2026"
