"""Rolling totals of a monthly series: a yearly amount is read against 12-month totals, not single months.

The review's JSON carries them (`series_rolling`) so that every number the report shows is in the JSON with
the same value; the report draws and tabulates them as given.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from kpiguard._numbers import decimal_sum


def months_in(period: Any) -> int:
    """Whole months a period covers (0 for None)."""
    if period is None:
        return 0
    return (period.end.year - period.start.year) * 12 + period.end.month - period.start.month


def months_back(day: str, count: int) -> list[str]:
    """The `count` months ending with the month of `day`, as `YYYY-MM`."""
    year, month = int(day[:4]), int(day[5:7])
    out = []
    for _ in range(count):
        out.append(f"{year:04d}-{month:02d}")
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return out[::-1]


def month_end(day: str) -> str:
    """The last day of the month of an ISO date."""
    start = dt.date.fromisoformat(day[:10]).replace(day=1)
    following = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return (following - dt.timedelta(days=1)).isoformat()


def rolling_totals(
    series: list[dict[str, Any]], months: int, reference: float | None, checks: list[tuple[Any, float | None]]
) -> list[dict[str, Any]] | None:
    """Monthly values (`{"date", "value"}`) summed over `months`, when that is how the judged values were made;
    else None. Each total is dated at the end of its last month, where the target path is read too.

    A yearly FROM -> TO on an amount cannot be read against monthly values: compare like with like. The
    rolling total is only given when it reproduces the review's own values on the windows it covers (a
    count of distinct things over six months is not the sum of six monthly counts).
    """
    if months < 2 or reference is None or not series:
        return None
    monthly_mean = sum(abs(p["value"]) for p in series) / len(series)
    # A total over `months` is about `months` times a month: below half of that, the values are already on
    # the same footing. (A fixed 2.5 left a quarter's total, 3 months of a noisy series, drawn against months.)
    if monthly_mean <= 0 or abs(reference) <= max(1.0, months / 2) * monthly_mean:
        return None
    by_month = {p["date"][:7]: p["value"] for p in series}
    rolled = []
    for point in series:
        window = months_back(point["date"], months)
        if all(month in by_month for month in window):  # a missing month would understate the total
            rolled.append({"date": month_end(point["date"]), "value": decimal_sum(by_month[m] for m in window)})
    if not rolled:
        return None
    at = {p["date"]: p["value"] for p in rolled}
    for period, value in checks:
        if period is None or value is None:
            continue
        end = (period.end - dt.timedelta(days=1)).isoformat()
        if end in at and months_in(period) == months and abs(at[end] - value) > 0.02 * max(abs(value), 1e-9):
            return None
    return rolled


__all__ = ["month_end", "months_back", "months_in", "rolling_totals"]
