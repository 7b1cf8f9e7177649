"""Periods as written in a spec or on the command line."""

from __future__ import annotations

from datetime import date

import pytest

from kpiguard.spec.periods import Period, PeriodError, parse_period, period_containing


@pytest.mark.parametrize(
    ("text", "label", "grain", "start", "end"),
    [
        ("2025", "2025", "year", date(2025, 1, 1), date(2026, 1, 1)),
        ("2025-h1", "2025-H1", "half", date(2025, 1, 1), date(2025, 7, 1)),
        (" 2025-q4 ", "2025-Q4", "quarter", date(2025, 10, 1), date(2026, 1, 1)),
        ("2025-2", "2025-02", "month", date(2025, 2, 1), date(2025, 3, 1)),
        ("2024-02", "2024-02", "month", date(2024, 2, 1), date(2024, 3, 1)),
        ("2025-W1", "2025-W01", "week", date(2024, 12, 30), date(2025, 1, 6)),
        ("2026-W53", "2026-W53", "week", date(2026, 12, 28), date(2027, 1, 4)),
        ("2025-12-31", "2025-12-31", "day", date(2025, 12, 31), date(2026, 1, 1)),
        ("2025-10-01..2025-12-31", "2025-10-01..2025-12-31", "range", date(2025, 10, 1), date(2026, 1, 1)),
        ("2025-Q3..2025-Q4", "2025-Q3..2025-Q4", "range", date(2025, 7, 1), date(2026, 1, 1)),
        (2025, "2025", "year", date(2025, 1, 1), date(2026, 1, 1)),
        (date(2025, 3, 9), "2025-03-09", "day", date(2025, 3, 9), date(2025, 3, 10)),
    ],
)
def test_parse(text, label, grain, start, end):
    period = parse_period(text)
    assert (period.label, period.grain, period.start, period.end) == (label, grain, start, end)
    assert period.last_day == end.fromordinal(end.toordinal() - 1) and period.contains(start)
    assert not period.contains(end)


@pytest.mark.parametrize(
    "text",
    [
        "2025-13",
        "2025-00",
        "2025-Q5",
        "2025-H3",
        "2025-W54",
        "2025-W53",
        "25",
        "2025/10",
        "2025-02-30",
        "Q4 2025",
        "",
        "2025..",
        "..2025",
        "0000",
        "9999",
        True,
        None,
        2025.5,
        [2025],
    ],
)
def test_malformed(text):
    with pytest.raises(PeriodError) as caught:
        parse_period(text)
    assert "2025-10-01..2025-12-31" in str(caught.value)  # the message lists the accepted forms


def test_empty_range():
    with pytest.raises(PeriodError, match="its end comes before its start"):
        parse_period("2025-12..2025-10")


@pytest.mark.parametrize(
    ("text", "previous"),
    [
        ("2025", "2024"),
        ("2025-H1", "2024-H2"),
        ("2025-Q1", "2024-Q4"),
        ("2025-01", "2024-12"),
        ("2025-W01", "2024-W52"),
        ("2025-03-01", "2025-02-28"),
        ("2025-10-01..2025-10-10", "2025-09-21..2025-09-30"),
    ],
)
def test_previous(text, previous):
    period = parse_period(text)
    before = period.previous()
    assert before.label == previous and before.end == period.start
    assert before.grain == period.grain


@pytest.mark.parametrize(
    ("grain", "label"),
    [
        ("day", "2025-11-27"),
        ("week", "2025-W48"),
        ("month", "2025-11"),
        ("quarter", "2025-Q4"),
        ("half", "2025-H2"),
        ("year", "2025"),
    ],
)
def test_period_containing(grain, label):
    assert period_containing(date(2025, 11, 27), grain).label == label


def test_a_period_cannot_be_empty():
    with pytest.raises(PeriodError):
        Period(date(2025, 1, 2), date(2025, 1, 1), "x")


@pytest.mark.parametrize(("text", "english", "french"), [
    ("2026-13", "there is no month 13: months go from 01 to 12", "il n'y a pas de mois 13 : les mois vont de 01 à 12"),
    ("2026-Q5", "quarters go from Q1 to Q4", "les trimestres vont de Q1 à Q4"),
    ("2026-H3", "halves are H1 and H2", "les semestres sont H1 et H2"),
    ("2026-W54", "2026 has ISO weeks W01 to W53", "2026 a les semaines ISO W01 à W53"),
    ("2025-W53", "2025 has ISO weeks W01 to W52", "2025 a les semaines ISO W01 à W52"),
    ("2026-02-29", "2026-02 has 28 days", "2026-02 a 28 jours"),
    ("2026-06-31..2026-07-05", "2026-06 has 30 days", "2026-06 a 30 jours"),
])
def test_a_period_that_does_not_exist_says_why(text, english, french):
    from kpiguard._i18n import set_lang

    for lang, says in (("en", english), ("fr", french)):
        set_lang(lang)
        try:
            with pytest.raises(PeriodError) as caught:
                parse_period(text)
        finally:
            set_lang(None)
        assert str(caught.value).endswith(says)
