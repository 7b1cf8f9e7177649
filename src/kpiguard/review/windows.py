"""Which period each KPI is judged on, from the as-of date, the KPI's baseline, cadence and horizon."""

from __future__ import annotations

import calendar
import itertools
from dataclasses import dataclass, field
from datetime import date, timedelta

from kpiguard.spec.models import KPI, MetricDef
from kpiguard.spec.periods import Period, add_months, period_containing

# The length and the step of a window are counted in months when they are whole months, in days otherwise.
_MONTHS = {"month": 1, "quarter": 3, "half": 6, "year": 12}
DEFAULT_CADENCE = "month"
COMPANY_MONTHS = 3


@dataclass(frozen=True, slots=True)
class Length:
    months: int = 0
    days: int = 0

    def before(self, end: date) -> date:
        return add_months(end, -self.months) if self.months else end - timedelta(days=self.days)


@dataclass(frozen=True)
class Window:
    """The periods a KPI is judged on, and why (notes are codes the verdict turns into sentences)."""

    current: Period
    baseline: Period
    implicit_baseline: bool
    at_deadline: bool = False         # the horizon has passed: judged on the window that ends at `by`
    shifted_for_maturity: bool = False  # a cohort metric judged on its latest mature window
    scaled: float | None = None        # baseline additive values multiplied by this to match the window's length
    notes: list[str] = field(default_factory=list)
    uncovered: Period | None = None    # the whole window, when the data ends inside it and `current` is the part it covers


def period_length(period: Period) -> Length:
    """Whole months when the period is made of whole calendar months, days otherwise."""
    if period.start.day == 1 and period.end.day == 1:
        return Length(months=(period.end.year - period.start.year) * 12 + period.end.month - period.start.month)
    return Length(days=period.days)


def cadence_length(cadence: str) -> Length:
    if cadence in _MONTHS:
        return Length(months=_MONTHS[cadence])
    return Length(days=7 if cadence == "week" else 1)


def make_period(start: date, end: date) -> Period:
    """A period with the most natural label: 2026, 2026-H1, 2026-Q2, 2026-06, a week, a day, else a range."""
    for grain in ("year", "half", "quarter", "month", "week", "day"):
        candidate = period_containing(start, grain)
        if candidate.start == start and candidate.end == end:
            return candidate
    last = end - timedelta(days=1)
    if start.day == 1 and end.day == 1:
        left, right = f"{start.year}-{start.month:02d}", f"{last.year}-{last.month:02d}"
    else:
        left, right = start.isoformat(), last.isoformat()
    return Period(start, end, f"{left}..{right}", "range")


def last_complete_end(as_of: date, step: str) -> date:
    """The exclusive end of the last period of grain `step` that is complete on `as_of` (its last day <= as_of)."""
    following = as_of + timedelta(days=1)
    containing = period_containing(following, step)
    # `following` starts a new period exactly when as_of closes one; otherwise the current one is incomplete.
    return containing.start


def cohort_lag_days(metric: MetricDef | None) -> int:
    """Days that must pass after a period's end before a cohort metric is final (0 for other metrics)."""
    if metric is None:
        return 0
    params = metric.params or {}
    if params.get("computation") == "repurchase":
        return int(params.get("window_days", 0))
    return 0


def _step(kpi: KPI, length: Length) -> str:
    if kpi.cadence:
        return kpi.cadence
    return "month" if length.months else "day"


def kpi_window(kpi: KPI, metric: MetricDef | None, as_of: date, period: Period | None = None,
               data_end: date | None = None, scalable: bool = True, covered_until: date | None = None) -> Window:
    """The review window of one KPI (see docs/review.md, "How the review period is chosen").

    A cohort is mature once its window has elapsed by the data's last day (`data_end`, default `as_of`).
    The data is taken to cover up to `covered_until` (exclusive; default: the end of `data_end`'s month, see
    `Coverage`): a window running past it is cut.
    `scalable` is False for a metric whose baseline cannot be brought to a window of another length (a count
    of distinct customers): its window keeps the baseline's length even under a horizon shorter than it."""
    mature_by = min(as_of, data_end) if data_end is not None else as_of
    notes: list[str] = []
    if period is not None:
        current = period
        notes.append("period_forced")
        deadline = kpi.target.by if kpi.target is not None else None
        if deadline is not None and as_of >= deadline and current.end > deadline:
            # a forced period that reaches the horizon judges the KPI at its horizon: met, or missed
            notes.append("at_deadline")
    else:
        if kpi.baseline is not None:
            length = period_length(kpi.baseline)
        else:
            length = cadence_length(kpi.cadence or DEFAULT_CADENCE)
        step = _step(kpi, length)
        end = last_complete_end(as_of, step)
        at_deadline = False
        deadline = kpi.target.by if kpi.target is not None else None
        if deadline is not None and as_of >= deadline:
            # The horizon has come: the KPI is judged once and for all on the window that ends with it.
            end = deadline + timedelta(days=1)
            at_deadline = True
        lag = cohort_lag_days(metric)
        shifted = False
        while lag and end + timedelta(days=lag) > mature_by + timedelta(days=1):
            end = period_containing(end - timedelta(days=1), step).start
            shifted = True
        current = make_period(_whole_length(length, end, kpi.baseline).before(end), end)
        if at_deadline and shifted:
            # the cohort that ends with the horizon is not mature yet: no judgement once and for all on an
            # earlier cohort ("missed" on November to January for a horizon on March 31), but its pace
            at_deadline = False
            notes.append("horizon_cohort_pending")
        if at_deadline:
            notes.append("at_deadline")
        if shifted:
            notes.append("shifted_for_maturity")
        if scalable:
            current = _within_horizon(kpi, current, notes)
    if kpi.baseline is not None and current.end <= kpi.baseline.end:
        # no complete period after the baseline yet: the window would be the baseline's own days, or before
        # (a --period that ends there too: the horizon had not begun, there is no progress to judge)
        notes.append("horizon_not_begun")
    whole, current = current, covered(current, data_end, covered_until)
    if kpi.baseline is not None:
        baseline, implicit = kpi.baseline, False
    else:
        baseline, implicit = previous_window(current), True
    scaled = scale_factor(baseline, current)
    return Window(current, baseline, implicit, "at_deadline" in notes, "shifted_for_maturity" in notes,
                  scaled, notes, whole if whole != current else None)


def _whole_length(length: Length, end: date, baseline: Period | None) -> Length:
    """The window's length for a window that ends on `end`. Months count back from a first of month; a window
    ending mid-month (a weekly or daily cadence, a horizon on the 21st) has its baseline's length in days
    (a quarter's 92 days, not "since the first of the month three months back"), else the same day N months
    back."""
    if not length.months or end.day == 1:
        return length
    if baseline is not None:
        return Length(days=baseline.days)
    back = end.month - length.months
    year, month = end.year + (back - 1) // 12, (back - 1) % 12 + 1
    start = date(year, month, min(end.day, calendar.monthrange(year, month)[1]))
    return Length(days=(end - start).days)


def _within_horizon(kpi: KPI, current: Period, notes: list[str]) -> Period:
    """A horizon shorter than the baseline ("+10 % within 3 weeks" measured on a quarter) is the target's
    window: judged on the days from the baseline's end on, not on a window as long as the baseline that would
    take most of its days from the baseline itself (its sums are then scaled pro rata, and the reasons say so)."""
    baseline, target = kpi.baseline, kpi.target
    if baseline is None or target is None or target.by is None:
        return current
    end = target.by + timedelta(days=1)
    if end <= baseline.end or not current.start < baseline.end < current.end:
        return current
    horizon, length = period_length(make_period(baseline.end, end)), period_length(baseline)
    # (in months when both are whole months: a quarter's horizon after a quarter's baseline is not shorter)
    if (horizon.months and length.months and horizon.months >= length.months) or \
            (not (horizon.months and length.months) and (end - baseline.end).days >= baseline.days):
        return current
    notes.append("horizon_window")
    return make_period(baseline.end, current.end)


# A run of days without activity is taken as the end of an export only when, at the shop's own share of active
# days, it would happen by chance less often than this (the guardrails' default alpha).
QUIET_CHANCE = 0.05
# The shop's share of active days is read over this many days up to its last day (its current pace, not its start).
ACTIVITY_SPAN_DAYS = 365


@dataclass(frozen=True)
class Coverage:
    """How far the data is taken to run past its last day, and why (an as-of date or a --period past the data).

    The days from the data's last day (its last day with orders, sessions or e-mail events) to the end of its
    month are missing, not quiet, only when the data never had such a long run without activity before AND, at
    its share of active days over its last year, such a run would come by chance less than 1 time in 20: then
    the data covers up to its last day; else the whole month, the days left counted as days without activity.
    (the longest run protects regular patterns, orders on the 1st to the 28th; the chance, sparse shops)"""

    last: date          # the last day with activity (orders, sessions or e-mail events)
    trailing: int       # days without activity from the day after `last` to the end of its month
    longest: int        # the longest run of days without activity between two active days before
    rate: float         # the share of active days over the last `span` days up to `last`
    chance: float       # (1 - rate) ** trailing: how often such a run comes at that rate
    span: int = ACTIVITY_SPAN_DAYS  # days the rate is read over (fewer when the data is younger)

    @property
    def quiet_end(self) -> bool:
        """The rest of the month is taken as quiet, not as missing."""
        return _quiet(self.trailing, self.longest, self.chance)

    @property
    def until(self) -> date:
        """The exclusive end of what the data covers."""
        return _month_end(self.last) if self.quiet_end else self.last + timedelta(days=1)


def coverage(days: list[date], data_end: date) -> Coverage:
    """The coverage of data whose active days are `days` (sorted) and whose last day is `data_end`."""
    last = max(days[-1], data_end) if days else data_end
    trailing = (_month_end(last) - last).days - 1
    rate, span = _pace(days, max(last - timedelta(days=ACTIVITY_SPAN_DAYS - 1), days[0] if days else last), last)
    return Coverage(last, trailing, _longest_run(days), rate, (1 - rate) ** trailing, span)


@dataclass(frozen=True)
class Beginning:
    """Where the data is taken to begin, and why: the same reading as `Coverage`, at the other end.

    The days from the first of its first month to its first day with activity (orders, sessions or e-mail
    events) are missing, not quiet, only when the data never had such a long run without activity after AND, at
    its share of active days over its first year, such a run would come by chance less than 1 time in 20: then
    the data begins on its first day, and a period starting before it covers only part of itself; else the data
    begins on the first of that month, the days before its first order counted as days without activity (a shop
    with an order every third day whose first of the year is on January 4 covers the whole year)."""

    first: date         # the first day with activity
    leading: int        # days without activity from the first of its month to the day before `first`
    longest: int        # the longest run of days without activity between two active days after
    rate: float         # the share of active days over the first `span` days from `first`
    chance: float       # (1 - rate) ** leading: how often such a run comes at that rate
    span: int = ACTIVITY_SPAN_DAYS  # days the rate is read over (fewer when the data is younger)

    @property
    def quiet_start(self) -> bool:
        """The days before the first day in its month are taken as quiet, not as missing."""
        return _quiet(self.leading, self.longest, self.chance)

    @property
    def since(self) -> date:
        """The first day the data is taken to cover."""
        return self.first.replace(day=1) if self.quiet_start else self.first


def beginning(days: list[date], data_start: date) -> Beginning:
    """The beginning of data whose active days are `days` (sorted) and whose first day is `data_start`."""
    first = min(days[0], data_start) if days else data_start
    leading = first.day - 1
    rate, span = _pace(days, first, min(first + timedelta(days=ACTIVITY_SPAN_DAYS - 1), days[-1] if days else first))
    return Beginning(first, leading, _longest_run(days), rate, (1 - rate) ** leading, span)


def _quiet(run: int, longest: int, chance: float) -> bool:
    """A run of days without activity at an end of the data is quiet, not missing: the data had one as long
    inside it, or at its pace such a run comes by chance often enough."""
    return run <= longest or chance >= QUIET_CHANCE


def _longest_run(days: list[date]) -> int:
    """The longest run of days without activity between two active days (`days`, sorted)."""
    return max(((b - a).days - 1 for a, b in itertools.pairwise(days)), default=0)


def _pace(days: list[date], start: date, end: date) -> tuple[float, int]:
    """The share of active days from `start` to `end` (both included), and that span's length in days."""
    span = (end - start).days + 1
    active = sum(start <= d <= end for d in days) or 1
    return min(1.0, active / span), span


@dataclass(frozen=True)
class Gap:
    """A run of days without any activity inside the data that its pace does not explain: a hole in the export,
    or a closed shop (the data cannot tell which; the review says so)."""

    start: date     # the first day without activity
    end: date       # the last one
    rate: float     # the share of active days over the data's span
    chance: float   # active days x (1 - rate) ** days: about how often such a run comes anywhere in the data
    span: int       # the data's days, first to last

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def gaps(days: list[date]) -> list[Gap]:
    """The runs of days without activity between two active days (`days`, sorted) that would come by chance
    less than 1 time in 20 anywhere in the data at its share of active days (each active day may start one)."""
    if len(days) < 2:
        return []
    span = (days[-1] - days[0]).days + 1
    rate = len(days) / span
    found = []
    for a, b in itertools.pairwise(days):
        run = (b - a).days - 1
        chance = min(1.0, len(days) * (1 - rate) ** run) if run > 0 else 1.0
        if chance < QUIET_CHANCE:
            found.append(Gap(a + timedelta(days=1), b - timedelta(days=1), rate, chance, span))
    return found


def covered(window: Period, data_end: date | None, until: date | None = None) -> Period:
    """The part of `window` the data covers when the data ends inside it (an as-of date or a --period past the
    data): a sum over half a year is not a year's, so the window is cut and the baseline's sums are scaled to
    it. The data is taken to cover up to `until` (exclusive), by default the whole month of its last day (a quiet
    end of month is days without orders, not the end of the data; see `Coverage`); a window wholly after the
    data is kept (it has no value at all)."""
    if data_end is None:
        return window
    end = until or _month_end(data_end)
    if not window.start < end < window.end:
        return window
    return make_period(window.start, end)


def latest_covered(as_of: date, data_end: date | None, until: date | None = None) -> date:
    """The as-of date, or the last day the data covers (by default its last month's) when the as-of date is
    after it."""
    if data_end is None:
        return as_of
    return min(as_of, (until or _month_end(data_end)) - timedelta(days=1))


def _month_end(day: date) -> date:
    """The first day of the month after `day`'s."""
    return add_months(day.replace(day=1), 1)


def cadence_factor(current: Period, cadence: str | None) -> float | None:
    """How many periods of `cadence` (default a month) `current` spans, when not exactly one: a KPI without a
    baseline period writes its FROM and TO per cadence period ("32k of revenue a month"), so a window of another
    length (cut where the data ends, a --period) scales them. Months count by their days (June 1-15 is half a
    month, 2026-Q2 three months); a weekly or daily cadence counts days. None for one period exactly."""
    length = cadence_length(cadence or DEFAULT_CADENCE)
    if length.months and current.start.day == current.end.day:
        # whole months, from a day of the month to the same day (a window ending at a horizon on the 21st)
        months = (current.end.year - current.start.year) * 12 + current.end.month - current.start.month
        factor = months / length.months
    elif length.months:
        months, day = 0.0, current.start
        while day < current.end:
            nxt = _month_end(day)
            month_days = (nxt - day.replace(day=1)).days
            months += (min(nxt, current.end) - day).days / month_days
            day = nxt
        factor = months / length.months
    else:
        factor = current.days / length.days
    return None if abs(factor - 1) < 1e-9 else factor


def previous_window(current: Period) -> Period:
    """The period of the same length just before `current`."""
    length = period_length(current)
    return make_period(length.before(current.start), current.start)


def year_before(current: Period) -> Period:
    """The same months a year before, or (a period not made of whole months) the same days 52 weeks before:
    both ends moved alike, so that the two periods have the same length (2026-06-01..2026-06-15, 15 days, is
    compared with 2025-06-02..2025-06-16, not with 16 days from 2025-06-01)."""
    if current.start.day == 1 and current.end.day == 1:
        return make_period(add_months(current.start, -12), add_months(current.end, -12))
    return make_period(current.start - timedelta(days=364), current.end - timedelta(days=364))


def same_months_a_year_earlier(window: Window, first_day: date | None) -> Period | None:
    """The window's months a year earlier, when the window is another time of year than its baseline (a fourth
    quarter judged against a third) and the data covers them: what the season alone gives. None when the two
    are the same months (of another year), when the window is a year or more, not whole months, of another
    length than its baseline (scaled) or cut where the data ends, or when the data starts after those months."""
    current, baseline = window.current, window.baseline
    length = period_length(current)
    if not length.months or length.months >= 12 or window.scaled is not None or window.uncovered is not None:
        return None
    if (current.start.month - baseline.start.month) % 12 == 0:
        return None
    earlier = year_before(current)
    if first_day is None or earlier.start < first_day:
        return None
    return earlier


def scale_factor(baseline: Period, current: Period) -> float | None:
    """None when both periods have the same length (in months, or in days); else current days / baseline days."""
    a, b = period_length(baseline), period_length(current)
    if (a.months and a.months == b.months) or baseline.days == current.days:
        return None
    return current.days / baseline.days


def company_window(as_of: date, first_day: date | None, period: Period | None = None,
                   lag_days: int = 0, data_end: date | None = None) -> tuple[Period, Period, bool]:
    """The company comparison: the last 3 complete months (or --period) vs the same months a year before
    when the data covers them, else vs the 3 months just before. Returns (current, baseline, year_over_year)."""
    if period is not None:
        current = period
    else:
        end = last_complete_end(as_of, "month")
        mature_by = min(as_of, data_end) if data_end is not None else as_of
        while lag_days and end + timedelta(days=lag_days) > mature_by + timedelta(days=1):
            end = add_months(end, -1)
        current = make_period(add_months(end, -COMPANY_MONTHS), end)
    last_year = year_before(current)
    if first_day is not None and last_year.start >= first_day:
        return current, last_year, True
    return current, previous_window(current), False


__all__ = [
    "Beginning",
    "Coverage",
    "Gap",
    "Window",
    "beginning",
    "cadence_factor",
    "cohort_lag_days",
    "company_window",
    "coverage",
    "covered",
    "gaps",
    "kpi_window",
    "last_complete_end",
    "latest_covered",
    "make_period",
    "period_length",
    "previous_window",
    "same_months_a_year_earlier",
    "year_before",
]
