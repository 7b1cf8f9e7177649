"""The metric layer: metric definitions compiled to engine queries over the spec's data, with periods and statuses.

    source = connect(spec)
    results = compute(spec, ["revenue", "email_revenue_share"], periods=["2025-Q1", "2025-Q2"], grain="month",
                      source=source)
    results.get("revenue", period).value
    first_day, last_day = data_bounds(spec, source=source)

Heavy libraries (ibis, duckdb, pandas) are imported on first use, never when this package is imported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kpiguard.metrics.results import MetricResults, MetricValue, Status

if TYPE_CHECKING:
    from datetime import date

    from kpiguard.metrics.source import Source
    from kpiguard.spec.models import Spec


def connect(spec: Spec) -> Source:
    """Open the spec's engine once (DuckDB over data.tables by default); pass it to compute() to reuse it."""
    from kpiguard.metrics.source import connect as _connect

    return _connect(spec)


def compute(spec: Spec, metrics: list[str] | str, periods: Any, grain: str | None = None,
            source: Source | None = None, *, progress: bool = False) -> MetricResults:
    """Compute metrics over periods (Period objects or strings such as "2025-Q1"), plus a series per grain."""
    from kpiguard.metrics.computation import compute as _compute

    return _compute(spec, metrics, periods, grain, source, progress=progress)


def explain(spec: Spec, metrics: list[str] | str, periods: Any, grain: str | None = None,
            source: Source | None = None) -> str:
    """The SQL the engine runs for these metrics, with comments naming them."""
    from kpiguard.metrics.computation import explain as _explain

    return _explain(spec, metrics, periods, grain, source)


def compute_segments(spec: Spec, metric: str, periods: Any, dimension: str, source: Source | None = None) -> Any:
    """An additive metric per segment (channel, source, campaign, category) per period: one grouped query."""
    from kpiguard.metrics.segments import compute_segments as _segments

    return _segments(spec, metric, periods, dimension, source)


def data_bounds(spec: Spec, source: Source | None = None) -> tuple[date | None, date | None]:
    """First and last local dates of the data (orders when mapped), for as-of dates and cohort maturity."""
    from kpiguard.metrics.source import data_bounds as _bounds

    return _bounds(spec, source)


def table_bounds(spec: Spec, source: Source, name: str) -> tuple[date | None, date | None]:
    """First and last local dates of one timed table (orders, sessions, e-mail events)."""
    from kpiguard.metrics.source import table_bounds as _bounds

    return _bounds(spec, source, name)


def activity_days(spec: Spec, source: Source | None = None, tables: tuple[str, ...] | None = None) -> list[date]:
    """The local days with orders, sessions or e-mail events (or rows of `tables` only), sorted."""
    from kpiguard.metrics.source import activity_days as _days

    return _days(spec, source, tables)


__all__ = ["MetricResults", "MetricValue", "Status", "activity_days", "compute", "compute_segments", "connect",
           "data_bounds", "explain", "table_bounds"]
