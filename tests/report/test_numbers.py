"""Locale number formatting: what a French or English reader expects to see on the report."""

from __future__ import annotations

import pytest

from kpiguard._numbers import (
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
        (0.25, f"25,0{NBSP}%", "25.0%"),
        (0.0042, f"0,42{NBSP}%", "0.42%"),
        (1.07, f"107,0{NBSP}%", "107.0%"),
        (0, f"0,0{NBSP}%", "0.0%"),
        (0.000042, f"0,0042{NBSP}%", "0.0042%"),  # a tiny rate keeps two significant digits, not 0.00 %
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


def test_an_amount_exactly_halfway_rounds_up_as_sql_numeric_round_does():
    """An AOV of 19.99 / 2 = 9.995 printed €9.99 (its float is 9.99499...), where `round(9.995, 2)` gives 10.00."""
    import duckdb

    assert duckdb.sql("select round(9.995::decimal(10, 3), 2)::varchar").fetchall() == [("10.00",)]
    assert format_money(19.99 / 2, "EUR", "en") == "€10.00"
    assert format_money(0.125, "EUR", "fr") == f"0,13{NBSP}€"
    assert format_number(-2.675, "en", 2) == f"{MINUS}2.68"
    assert format_number(9.994, "en", 2) == "9.99" and format_number(9.9951, "en", 2) == "10.00"


def test_negative_values_use_a_true_minus_before_the_symbol():
    assert format_money(-1234, "EUR", "en") == f"{MINUS}€1,234.00"
    assert format_money(-1234, "EUR", "fr") == f"{MINUS}1{NNBSP}234,00{NBSP}€"
    assert format_change(-0.032, "fr") == f"{MINUS}3,2{NBSP}%"
    assert format_change(0.125, "en") == "+12.5%"


def test_rounding_to_zero_has_no_sign():
    assert format_number(-0.0004, "en", 2) == "0.00"
    assert format_change(0.0, "en") == "±0.0%"
    assert format_change(-0.00001, "fr") == f"±0,0{NBSP}%"


def test_a_currency_without_cents_is_written_without_them():
    assert format_money(1234.4, "JPY", "en") == "¥1,234"
    assert format_money(1234.4, "KRW", "fr") == f"1{NNBSP}234{NBSP}KRW"
    assert format_money(1234.4, "EUR", "en") == "€1,234.40"
    assert format_money(3.4, "JPY", "en") == "¥3.40"  # a value per e-mail keeps what tells it apart


def test_currency_without_symbol_stays_a_code():
    assert format_money(1234, "CHF", "fr") == f"1{NNBSP}234,00{NBSP}CHF"
    assert format_money(1234, "CHF", "en") == f"CHF{NBSP}1,234.00"
    assert format_money(12_345, "CHF", "en") == f"CHF{NBSP}12,345"


def test_missing_values_show_a_dash_not_nan():
    for value in (None, float("nan"), float("inf")):
        assert format_value(value, "%", "fr") == "\u2014"
        assert format_money(value, "EUR", "en") == "\u2014"


def test_value_picks_money_percent_or_count_from_the_unit():
    assert format_value(0.263, "%", "fr") == f"26,3{NBSP}%"
    assert format_value(6889.16, "CHF", "en") == f"CHF{NBSP}6,889.16"  # a code is money without being told
    assert format_value(42, "NPS", "en") == f"42{NBSP}NPS"  # three capitals that are no currency stay a unit
    from kpiguard.review.numbers import fmt_value

    assert fmt_value(42, "NPS", "en") == f"42{NBSP}NPS"  # in the reasons too (they read `NPS 42.00` before)
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
    assert format_points(0.06, "fr") == f"+6,0{NBSP}pts"
    assert format_points(-0.0025, "en") == f"{MINUS}0.25{NBSP}pts"
    assert format_points(0.0, "en") == f"±0.0{NBSP}pts"


def test_dates_and_months_per_locale():
    assert format_date("2026-06-30", "fr") == f"30{NBSP}juin 2026"  # in a sentence: the month in full
    assert format_date("2025-03-01", "fr") == f"1er{NBSP}mars 2025"  # the first of the month is "1er"
    assert format_date("2026-06-30", "en") == "30 Jun 2026"
    assert format_month("2026-02-01", "fr") == "févr. 2026"
    assert format_month("2026-02-01", "en") == "Feb 2026"


@pytest.mark.parametrize(
    ("unit", "en", "fr"),
    [
        ("CHF", f"CHF{NBSP}6,889.16", f"6{NNBSP}889,16{NBSP}CHF"),
        ("EUR", "€6,889.16", f"6{NNBSP}889,16{NBSP}€"),
        ("USD", "$6,889.16", f"6{NNBSP}889,16{NBSP}$"),
    ],
)
def test_an_amount_reads_the_same_in_the_reasons_the_tables_and_the_report(unit, en, fr):
    """One source of numbers: the review's sentences and tables write what the HTML report writes."""
    from kpiguard.review.numbers import fmt_value

    for lang, expected in (("en", en), ("fr", fr)):
        assert format_value(6889.16, unit, lang) == expected  # the report
        assert fmt_value(6889.16, unit, lang) == expected  # the reasons, the text and Markdown tables


@pytest.mark.parametrize(
    ("value", "unit", "en", "fr"),
    [
        (190_123, "EUR", "€190.1k", f"190,1{NBSP}k€"),
        (12_300_000, "EUR", "€12.30M", f"12,30{NBSP}M€"),
        (12_300_000, "CHF", f"CHF{NBSP}12.30M", f"12,30{NBSP}M{NBSP}CHF"),
        (-30_000, "USD", f"{MINUS}$30.0k", f"{MINUS}30,0{NBSP}k$"),
    ],
)
def test_large_amounts_in_sentences_are_compact_in_the_locales_way(value, unit, en, fr):
    from kpiguard.review.numbers import fmt_value

    assert fmt_value(value, unit, "en") == en
    assert fmt_value(value, unit, "fr") == fr


def test_short_labels_place_the_sign_and_the_suffix_as_sentences_do():
    assert format_compact(12_300_000, "EUR", "fr") == f"12,3{NBSP}M€"
    assert format_compact(12_300_000, "CHF", "fr") == f"12,3{NBSP}M{NBSP}CHF"
    assert format_compact(12_300_000, "CHF", "en") == f"CHF{NBSP}12.3M"
