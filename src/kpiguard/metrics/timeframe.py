"""The periods a computation covers: the asked periods plus the calendar buckets of a series, deduplicated."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from kpiguard._i18n import Message
from kpiguard.errors import KpiguardError
from kpiguard.spec.periods import Period, PeriodError, parse_user_period, period_containing

SERIES_GRAINS = ("day", "week", "month", "quarter", "year")
BAD_GRAIN = Message(en="unknown grain {grain!r}: use one of {grains}", fr="grain inconnu {grain!r} : utilisez {grains}")
TOO_MANY = Message(en="a {grain} series over {span} would have {count} buckets (at most {limit}); "
                      "use a coarser grain or a shorter period",
                   fr="une série par {grain} sur {span} aurait {count} points (au plus {limit}) ; "
                      "prenez un grain plus large ou une période plus courte")
NO_PERIOD = Message(en="no period given", fr="aucune période donnée")
MAX_BUCKETS = 400


@dataclass(frozen=True)
class Timeframe:
    """Every bucket a query computes: `periods` as asked, `series` (per grain), `buckets` = both, unique."""

    periods: list[Period]
    series: list[Period]
    buckets: list[Period]

    @property
    def start(self) -> date:
        return min(b.start for b in self.buckets)

    @property
    def end(self) -> date:
        return max(b.end for b in self.buckets)

    def index(self, period: Period) -> int:
        return next(i for i, b in enumerate(self.buckets) if (b.start, b.end) == (period.start, period.end))


def as_periods(periods: Any) -> list[Period]:
    if isinstance(periods, (Period, str, int, date)):
        periods = [periods]
    out = []
    for p in periods:
        try:
            out.append(p if isinstance(p, Period) else parse_user_period(p))  # written by a user: their years
        except PeriodError as exc:
            raise KpiguardError(str(exc)) from None
    if not out:
        raise KpiguardError(NO_PERIOD())
    return out


def series_buckets(start: date, end: date, grain: str) -> list[Period]:
    """Calendar periods of `grain` covering [start, end), whole (the first and last may overhang)."""
    if grain not in SERIES_GRAINS:
        raise KpiguardError(BAD_GRAIN(grain=grain, grains=", ".join(SERIES_GRAINS)))
    buckets: list[Period] = []
    day = start
    while day < end:
        bucket = period_containing(day, grain)
        buckets.append(bucket)
        day = bucket.end
        if len(buckets) > MAX_BUCKETS:
            raise KpiguardError(TOO_MANY(grain=grain, span=f"{start}..{end - timedelta(days=1)}",
                                         count=f"> {MAX_BUCKETS}", limit=MAX_BUCKETS))
    return buckets


def timeframe(periods: Any, grain: str | None) -> Timeframe:
    asked = as_periods(periods)
    series = series_buckets(min(p.start for p in asked), max(p.end for p in asked), grain) if grain else []
    seen: dict[tuple[date, date], Period] = {}
    for p in asked + series:
        seen.setdefault((p.start, p.end), p)
    return Timeframe(asked, series, list(seen.values()))


def bound(day: date, *, is_date: bool, tz: str | None = None) -> Any:
    """A period bound as a literal of the column's kind: a date, local midnight as a naive timestamp, or
    (for an instant column, tz given) the instant of local midnight in `tz`, so the column is compared as is."""
    import ibis

    if is_date:
        return ibis.literal(day, type="date")
    if tz is not None:
        from datetime import UTC
        from zoneinfo import ZoneInfo

        instant = datetime(day.year, day.month, day.day, tzinfo=ZoneInfo(tz)).astimezone(UTC)
        # a cast string constant folds once; a timestamp-with-zone constructor is evaluated row by row on DuckDB
        return ibis.literal(instant.strftime("%Y-%m-%d %H:%M:%S+00:00")).cast("timestamp('UTC')")
    return ibis.literal(datetime(day.year, day.month, day.day), type="timestamp")


def within(local: Any, start: date, end: date, *, is_date: bool, tz: str | None = None) -> Any:
    """local in [start, end): half-open, in the spec's timezone.

    An instant column (timezone-aware) is compared with the instants of local midnights rather than converted
    row by row: the same result, without a timezone conversion per row and per bucket.
    """
    dtype = local.type()
    aware = dtype.is_timestamp() and dtype.timezone is not None
    zone = tz if aware else None
    return (local >= bound(start, is_date=is_date, tz=zone)) & (local < bound(end, is_date=is_date, tz=zone))


def local_midnight(day: Any, like: Any) -> Any:
    """The start of the local day `day` (a date expression), comparable with the time column `like` as stored:
    the date itself for a date column, local midnight for a naive (local) timestamp, and for an instant the
    instant of local midnight (a naive timestamp is read in the session's time zone, which `connect` sets to
    the spec's). Computed on the few rows that carry a day (a product, a customer), never on every order."""
    dtype = like.type()
    if dtype.is_date():
        return day
    naive = day.cast("timestamp")
    if dtype.is_timestamp() and dtype.timezone is not None:
        return naive.cast(dtype)
    return naive
