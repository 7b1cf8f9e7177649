"""Calendar periods as written in a spec (`2025`, `2025-H2`, `2025-Q4`, `2025-10`, `2025-W05`, ranges)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from kpiguard._i18n import Message

Grain = Literal["day", "week", "month", "quarter", "half", "year", "range"]
GRAINS_ORDER = ("day", "week", "month", "quarter", "half", "year")

MALFORMED = Message(
    en="malformed period {value!r}: expected a year (2025), a half (2025-H2), a quarter (2025-Q4), "
    "a month (2025-10), an ISO week (2025-W05), a day (2025-10-01) or a range (2025-10-01..2025-12-31)",
    fr="période mal formée {value!r} : attendu une année (2025), un semestre (2025-H2), un trimestre (2025-Q4), "
    "un mois (2025-10), une semaine ISO (2025-W05), un jour (2025-10-01) ou un intervalle (2025-10-01..2025-12-31)",
)
EMPTY_RANGE = Message(
    en="empty period {value!r}: its end comes before its start",
    fr="période vide {value!r} : sa fin précède son début",
)


class PeriodError(ValueError):
    """A period string that does not parse; the message is already in the language in force."""


@dataclass(frozen=True, slots=True)
class Period:
    """A half-open calendar interval [start, end) of local dates, read in the spec's timezone."""

    start: date
    end: date  # exclusive
    label: str
    grain: Grain = "range"

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise PeriodError(EMPTY_RANGE(value=self.label))

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    def __str__(self) -> str:
        return self.label

    def contains(self, day: date) -> bool:
        return self.start <= day < self.end

    def previous(self) -> Period:
        """The period of the same grain (or the same length, for a range) just before this one."""
        if self.grain == "year":
            return parse_period(str(self.start.year - 1))
        if self.grain in ("half", "quarter", "month"):
            months = {"half": 6, "quarter": 3, "month": 1}[self.grain]
            start = add_months(self.start, -months)
            return Period(start, self.start, _label_for(start, self.grain), self.grain)
        start = self.start - timedelta(days=self.days)
        if self.grain == "week":
            iso = start.isocalendar()
            return Period(start, self.start, f"{iso.year}-W{iso.week:02d}", "week")
        if self.grain == "day":
            return Period(start, self.start, start.isoformat(), "day")
        return Period(start, self.start, f"{start.isoformat()}..{(self.start - timedelta(days=1)).isoformat()}")


def add_months(day: date, months: int) -> date:
    """The first-of-month `months` away from `day`'s month (day must be a first of month for exactness)."""
    index = day.year * 12 + (day.month - 1) + months
    return date(index // 12, index % 12 + 1, 1)


def _label_for(start: date, grain: Grain) -> str:
    if grain == "month":
        return f"{start.year}-{start.month:02d}"
    if grain == "quarter":
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    if grain == "half":
        return f"{start.year}-H{(start.month - 1) // 6 + 1}"
    return str(start.year)


_YEAR = re.compile(r"^(\d{4})$")
_HALF = re.compile(r"^(\d{4})-?[Hh]([12])$")
_QUARTER = re.compile(r"^(\d{4})-?[Qq]([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_WEEK = re.compile(r"^(\d{4})-?[Ww](\d{1,2})$")
_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


DATE_FIRST_YEAR = Message(
    en="; did you mean {best}? Dates are written year first, with dashes (YYYY-MM-DD)",
    fr=" ; vouliez-vous dire {best} ? Les dates s'écrivent année en premier, avec des tirets (AAAA-MM-JJ)",
)
DATE_EITHER = Message(
    en="; dates are written year first, with dashes (YYYY-MM-DD): {first} or {second}?",
    fr=" ; les dates s'écrivent année en premier, avec des tirets (AAAA-MM-JJ) : {first} ou {second} ?",
)
_LOCAL_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")  # 31/12/2026, 12/31/2026, 31.12.2026
_SLASHED_ISO = re.compile(r"^(\d{4})[/.](\d{1,2})(?:[/.](\d{1,2}))?$")  # 2026/12/31, 2026.12
_LOCAL_MONTH = re.compile(r"^(\d{1,2})[/.-](\d{4})$")  # 12/2026
_LOCAL_QUARTER = re.compile(r"^([QqTtHhSs])([1-4])[\s/-]?(\d{4})$")  # Q4 2026, T4 2026 (trimestre), S2 2026


def _malformed(text: object) -> PeriodError:
    """MALFORMED, with the ISO form when the text is a date or period written another way (31/12/2026)."""
    raw = str(text).strip()
    readings = _iso_readings(raw)
    if ".." in raw:  # a range: both ends read back, each with one reading
        left, _, right = raw.partition("..")
        ends = [_iso_readings(end.strip()) or [end.strip()] for end in (left, right)]
        # Both ends are read the same way: month first only if one end cannot be read day first.
        order = 1 if any(_month_first_only(end.strip()) for end in (left, right)) else 0
        chosen = [e[min(order, len(e) - 1)] for e in ends]
        readings = [f"{chosen[0]}..{chosen[1]}"] if chosen != [left.strip(), right.strip()] else []
    ends = raw.split("..", 1) if ".." in raw else [raw]
    out_of_range = next((why for why in (_out_of_range(end.strip()) for end in ends) if why), "")
    if out_of_range:
        hint = out_of_range
    elif len(readings) == 1:
        hint = DATE_FIRST_YEAR(best=readings[0])
    elif len(readings) == 2:
        hint = DATE_EITHER(first=readings[0], second=readings[1])
    else:
        hint = ""
    return PeriodError(MALFORMED(value=text) + hint)


NO_SUCH_MONTH = Message(en="; there is no month {number}: months go from 01 to 12",
                       fr=" ; il n'y a pas de mois {number} : les mois vont de 01 à 12")
NO_SUCH_QUARTER = Message(en="; quarters go from Q1 to Q4", fr=" ; les trimestres vont de Q1 à Q4")
NO_SUCH_HALF = Message(en="; halves are H1 and H2", fr=" ; les semestres sont H1 et H2")
NO_SUCH_WEEK = Message(en="; {year} has ISO weeks W01 to W{weeks}", fr=" ; {year} a les semaines ISO W01 à W{weeks}")
NO_SUCH_DAY = Message(en="; {month} has {days} days", fr=" ; {month} a {days} jours")


def _out_of_range(raw: str) -> str:
    """Why a period written the ISO way does not exist (2026-13, 2026-Q5, 2026-W54, 2026-02-30), or ''."""
    import calendar

    if (m := re.fullmatch(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?", raw)) and int(m.group(1)) >= 1:
        year, month = int(m.group(1)), int(m.group(2))
        if not 1 <= month <= 12:
            return NO_SUCH_MONTH(number=m.group(2))
        days = calendar.monthrange(year, month)[1]
        if m.group(3) is not None and not 1 <= int(m.group(3)) <= days:
            return NO_SUCH_DAY(month=f"{year}-{month:02d}", days=days)
    elif re.fullmatch(r"\d{4}-?[Qq]\d+", raw):
        return NO_SUCH_QUARTER()
    elif re.fullmatch(r"\d{4}-?[Hh]\d+", raw):
        return NO_SUCH_HALF()
    elif (m := re.fullmatch(r"(\d{4})-?[Ww]\d+", raw)) and int(m.group(1)) >= 1:
        year = int(m.group(1))
        return NO_SUCH_WEEK(year=year, weeks=date(year, 12, 28).isocalendar()[1])
    return ""


def _iso_readings(raw: str) -> list[str]:
    """The ISO forms a day, month, quarter or half written another way can mean: 31/12/2026 -> [2026-12-31]."""
    if m := _LOCAL_DATE.match(raw):
        a, b, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        readings = [f"{year}-{month:02d}-{day:02d}" for day, month in ((a, b), (b, a)) if _is_day(year, month, day)]
        return list(dict.fromkeys(readings))
    if m := _SLASHED_ISO.match(raw):
        year, month, day = int(m.group(1)), int(m.group(2)), m.group(3)
        if day is None:
            return [f"{year}-{month:02d}"] if 1 <= month <= 12 else []
        return [f"{year}-{month:02d}-{int(day):02d}"] if _is_day(year, month, int(day)) else []
    if (m := _LOCAL_MONTH.match(raw)) and 1 <= int(m.group(1)) <= 12:
        return [f"{m.group(2)}-{int(m.group(1)):02d}"]
    if m := _LOCAL_QUARTER.match(raw):
        letter, number, year = m.group(1).upper(), int(m.group(2)), m.group(3)
        grain = "Q" if letter in "QT" else "H"
        if grain == "Q" or number <= 2:
            return [f"{year}-{grain}{number}"]
    return []


def _month_first_only(raw: str) -> bool:
    """12/31/2026: a date that can only be read month first."""
    m = _LOCAL_DATE.match(raw)
    return m is not None and int(m.group(1)) <= 12 < int(m.group(2))


def _is_day(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def parse_day(value: str) -> date:
    """A day as the command line takes it (2026-06-30, 2026-6-30 as in periods, 20260630).

    Raises PeriodError whose message is why it is not a day ("; 2026-02 has 28 days", "; did you mean 2026-12-31?
    ...") or empty: callers say what they expected and append it.
    """
    raw = str(value).strip()
    day = None
    try:
        if m := _DAY.match(raw):
            day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        elif re.fullmatch(r"\d{8}", raw):
            day = date.fromisoformat(raw)
    except ValueError:
        pass
    if day is not None and FIRST_YEAR <= day.year <= LAST_YEAR:
        return day
    if day is not None:
        raise PeriodError(YEARS_HINT(first=FIRST_YEAR, last=LAST_YEAR))
    readings = _iso_readings(raw)
    why = _out_of_range(raw)
    if not why and len(readings) == 1:
        why = DATE_FIRST_YEAR(best=readings[0])
    elif not why and len(readings) == 2:
        why = DATE_EITHER(first=readings[0], second=readings[1])
    raise PeriodError(why)


# The years a user may write (in a spec or on the command line): business data lives there, and the arithmetic
# around them (the year before a baseline, a window back in time, the periods up to a deadline) stays inside the
# calendar Python can count (years 1 to 9999), where 0001 or 9999 would overflow it.
FIRST_YEAR, LAST_YEAR = 1900, 2999
OUTSIDE_YEARS = Message(en="{value!r} is outside the years kpiguard reads ({first} to {last}): check the year",
                        fr="« {value} » est hors des années que lit kpiguard ({first} à {last}) : vérifiez l'année")
YEARS_HINT = Message(en="; kpiguard reads the years {first} to {last}", fr=" ; kpiguard lit les années {first} à {last}")


def within_years(period: Period, value: object = None) -> Period:
    """`period` if it lies within FIRST_YEAR..LAST_YEAR; raise PeriodError saying so otherwise."""
    if period.start.year < FIRST_YEAR or period.last_day.year > LAST_YEAR:
        raise PeriodError(OUTSIDE_YEARS(value=str(period.label if value is None else value), first=FIRST_YEAR,
                                        last=LAST_YEAR))
    return period


def parse_user_period(value: object) -> Period:
    """A period a user wrote (spec, command line): parse_period, within the years kpiguard reads."""
    if isinstance(value, date) and not FIRST_YEAR <= value.year <= LAST_YEAR:  # 9999-12-31 has no next day
        raise PeriodError(OUTSIDE_YEARS(value=value.isoformat(), first=FIRST_YEAR, last=LAST_YEAR))
    return within_years(parse_period(value), value)


def parse_period(value: object) -> Period:
    """Parse a period as written in a spec or on the command line; raise PeriodError otherwise."""
    if isinstance(value, Period):
        return value
    if isinstance(value, date):
        return Period(value, value + timedelta(days=1), value.isoformat(), "day")
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise PeriodError(MALFORMED(value=value))
    text = str(value).strip()
    if ".." in text:
        left, _, right = text.partition("..")
        try:
            first, last = parse_period(left.strip()), parse_period(right.strip())
        except PeriodError:
            raise _malformed(text) from None
        if last.end <= first.start:
            raise PeriodError(EMPTY_RANGE(value=text))
        return Period(first.start, last.end, text, "range")
    try:
        return _parse_single(text)
    except (ValueError, OverflowError) as exc:
        if isinstance(exc, PeriodError):
            raise
        raise _malformed(value) from None


def _parse_single(text: str) -> Period:
    if m := _YEAR.match(text):
        year = int(m.group(1))
        return Period(date(year, 1, 1), date(year + 1, 1, 1), text, "year")
    if m := _HALF.match(text):
        year, half = int(m.group(1)), int(m.group(2))
        start = date(year, 6 * (half - 1) + 1, 1)
        return Period(start, add_months(start, 6), f"{year}-H{half}", "half")
    if m := _QUARTER.match(text):
        year, quarter = int(m.group(1)), int(m.group(2))
        start = date(year, 3 * (quarter - 1) + 1, 1)
        return Period(start, add_months(start, 3), f"{year}-Q{quarter}", "quarter")
    if m := _WEEK.match(text):
        start = date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
        return Period(start, start + timedelta(days=7), f"{int(m.group(1))}-W{int(m.group(2)):02d}", "week")
    if m := _DAY.match(text):
        day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return Period(day, day + timedelta(days=1), day.isoformat(), "day")
    if m := _MONTH.match(text):
        start = date(int(m.group(1)), int(m.group(2)), 1)
        return Period(start, add_months(start, 1), f"{start.year}-{start.month:02d}", "month")
    raise _malformed(text)


def period_containing(day: date, grain: str) -> Period:
    """The calendar period of `grain` (day, week, month, quarter, half, year) that contains `day`."""
    if grain == "day":
        return parse_period(day)
    if grain == "week":
        iso = day.isocalendar()
        return parse_period(f"{iso.year}-W{iso.week:02d}")
    if grain == "month":
        return parse_period(f"{day.year}-{day.month:02d}")
    if grain == "quarter":
        return parse_period(f"{day.year}-Q{(day.month - 1) // 3 + 1}")
    if grain == "half":
        return parse_period(f"{day.year}-H{(day.month - 1) // 6 + 1}")
    if grain == "year":
        return parse_period(day.year)
    raise ValueError(f"unknown grain {grain!r}")
