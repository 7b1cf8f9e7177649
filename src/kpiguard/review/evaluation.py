"""The review on data: plan each KPI's periods, fetch every value in few engine calls, judge, assemble."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from kpiguard._i18n import LANGS, Localized, Message, get_lang, pick, speaking
from kpiguard.catalog import resolve_metric
from kpiguard.errors import DataError, Diagnostic, KpiguardError
from kpiguard.metrics.timeframe import MAX_BUCKETS
from kpiguard.metrics.units import metric_unit
from kpiguard.review import attainment as att
from kpiguard.review.company import COMPANY_METRICS, CompanyMetric, KpiSignal, answer, taken_from_elsewhere
from kpiguard.review.decomposition import NotDecomposable, lmdi, split_ratio
from kpiguard.review.guardrails import (
    ALPHA,
    MIN_SAMPLE,
    GuardrailResult,
    Sample,
    Threshold,
    breach_p_value,
    is_count_rate,
    is_tested_average,
    judge_guardrail,
    mean_breach_p_value,
)
from kpiguard.review.model import KpiReview, Review
from kpiguard.review.noise import count_vs_level, is_event_count, whole
from kpiguard.review.numbers import fmt_date, fmt_period, fmt_value
from kpiguard.review.quality import (
    gap_warnings,
    id_warnings,
    order_warnings,
    silent_table_warnings,
    status_warnings,
    unit_jump_warnings,
)
from kpiguard.review.segments import fetch_segments, segment_key, segments_block, segments_reason
from kpiguard.review.spread import squares_metric, squares_name
from kpiguard.review.verdict import (
    COLLAPSE,
    NOISE_AVERAGE,
    NOISE_COUNT,
    NOISE_RATE,
    Facts,
    RatioParts,
    judge,
    met_by_season,
    noise_check,
)
from kpiguard.review.windows import (
    Beginning,
    Coverage,
    Window,
    beginning,
    cadence_factor,
    cohort_lag_days,
    company_window,
    coverage,
    covered,
    gaps,
    kpi_window,
    last_complete_end,
    latest_covered,
    make_period,
    same_months_a_year_earlier,
    year_before,
)
from kpiguard.spec.models import KPI, Guardrail, MetricDef, Spec
from kpiguard.spec.periods import Period, add_months

# A product identity (metric = product of its drivers) is trusted when it holds to this relative precision.
IDENTITY_TOLERANCE = 1e-6
# How much an implicit guardrail (a trade-off of the KPI's metric) may worsen, relative to the baseline.
IMPLICIT_MARGIN = 0.05


@dataclass
class Plan:
    """What one KPI needs from the engine."""

    kpi: KPI
    metric: MetricDef | None
    window: Window
    horizon_start: date | None
    seasonal: bool
    drivers: list[str] = field(default_factory=list)
    guardrails: list[Guardrail] = field(default_factory=list)
    implicit_guardrails: bool = False
    year_earlier: Period | None = None  # the window's months a year earlier, when the baseline is another season


def metric_label(name: str, spec: Spec, lang: str | None = None) -> str:
    metric = resolve_metric(name, spec.metrics)
    if metric is None:
        return name
    return pick(metric.label, lang) or pick(metric.description, lang) or name


def _with_counted_rates(spec: Spec) -> Spec:
    """The spec, its custom ratios of counts of the same rows (free-shipping orders among orders) read as rates
    (`ratio_of: rate`, see metrics.units.counted_rate): their gaps and guardrails are then tested against the
    noise of their cases, as the catalog's rates are, rather than every crossing being a breach."""
    from kpiguard.metrics.units import counted_rate

    resolve = lambda name: resolve_metric(name, spec.metrics)
    rates = {name: metric.model_copy(update={"ratio_of": "rate"}) for name, metric in spec.metrics.items()
             if counted_rate(metric, resolve)}
    return spec.model_copy(update={"metrics": {**spec.metrics, **rates}}) if rates else spec


def _is_additive(metric: MetricDef | None, metrics: dict[str, MetricDef] | None = None,
                 seen: frozenset[str] = frozenset()) -> bool:
    """A sum or a count of events: its value over a period is the sum of its values over the parts of the
    period, so a baseline of another length is scaled pro rata. A custom metric need not say its kind: a
    simple metric whose measure adds up sums and counts (`sum(revenue)`, `count(*)`, `sum(margin) -
    sum(shipping_cost)`) is additive, and so is a derived one over additive metrics of the spec's `metrics`
    (`margin - shipping - 0.1 * revenue`). Distinct counts and stocks at a date are counts but not additive
    (see `_distinct_over_period`)."""
    if metric is None or metric.is_ratio or _distinct_over_period(metric) or _stock_at_a_date(metric):
        return False
    if metric.kind is not None:
        return metric.kind in ("amount", "count")
    if metric.type == "derived" and metric.expr and metric.expr not in seen:
        return _additive_derived(metric, metrics or {}, seen | {metric.expr})
    if metric.type != "simple" or not metric.measure:
        return False
    from kpiguard.metrics.segments import is_additive_measure

    return is_additive_measure(metric.measure)


def _additive_derived(metric: MetricDef, metrics: dict[str, MetricDef], seen: frozenset[str]) -> bool:
    """A derived metric adding up additive metrics (each perhaps times or over a number)."""
    from sqlglot import exp

    from kpiguard.errors import KpiguardError
    from kpiguard.metrics.expressions import check_expression, is_linear

    try:
        tree = check_expression(str(metric.expr), "expr").tree
    except KpiguardError:
        return False
    return is_linear(tree, lambda node: isinstance(node, exp.Column) and _is_additive(
        resolve_metric(node.name, metrics), metrics, seen))


def _distinct_over_period(metric: MetricDef | None) -> bool:
    """Counts of distinct things over the period (customers, visitors, SKUs cleared): a year's is neither a
    quarter's times four nor comparable with it, so they are compared only over periods of the same length."""
    if metric is None:
        return False
    params = metric.params or {}
    computation = params.get("computation")
    if computation == "active_customers" or (computation == "dormant" and params.get("measure") == "cleared"):
        return True
    if metric.type != "simple" or not metric.measure:
        return False
    from kpiguard.metrics.segments import is_distinct_count

    return is_distinct_count(metric.measure)


def _stock_at_a_date(metric: MetricDef | None) -> bool:
    """Dormant SKUs and their units: a stock at the period's start, whatever the period's length."""
    params = (metric.params or {}) if metric is not None else {}
    return params.get("computation") == "dormant" and params.get("measure") in ("skus", "units")


def plan_kpi(spec: Spec, kpi: KPI, as_of: date, period: Period | None, data_end: date | None = None,
             covered_until: date | None = None, data_start: date | None = None) -> Plan:
    metric = resolve_metric(kpi.metric, spec.metrics)
    window = kpi_window(kpi, metric, as_of, period, data_end,
                        scalable=not (_distinct_over_period(metric) or _stock_at_a_date(metric)),
                        covered_until=covered_until)
    horizon_start = kpi.baseline.end if kpi.baseline is not None else None
    seasonal_flag = kpi.seasonal if kpi.seasonal is not None else bool(metric and metric.seasonal)
    seasonal = bool(seasonal_flag and _is_additive(metric, spec.metrics) and horizon_start and kpi.target and kpi.target.by)
    drivers = list(metric.drivers) if metric is not None and not metric.is_ratio else []
    guardrails, implicit = list(kpi.guardrails), False
    if not guardrails and metric is not None and metric.tradeoffs:
        guardrails, implicit = implicit_guardrails(spec, metric), True
    return Plan(kpi, metric, window, horizon_start, seasonal, drivers, guardrails, implicit,
                same_months_a_year_earlier(window, data_start))


def implicit_guardrails(spec: Spec, metric: MetricDef) -> list[Guardrail]:
    """A KPI written without guardrails is still checked against its metric's known trade-offs: each may
    not worsen by more than IMPLICIT_MARGIN (so that a KPI met at their expense is not called healthy)."""
    found = []
    for name in metric.tradeoffs:
        other = resolve_metric(name, spec.metrics)
        if other is None:
            continue
        side = "max_increase" if other.direction == "down" else "max_decrease"
        found.append(Guardrail(metric=name, **{side: IMPLICIT_MARGIN}))
    return found


class Fetcher:
    """Fetches every value the review needs in few `compute` calls: one per distinct set of periods (most
    KPIs of a spec share their windows), the monthly series riding on the call of their metrics (the engine
    computes periods and series from the same scan). When a call fails on data (a table a guardrail needs
    is missing), the culprits are set aside, so that only their KPIs are not evaluable."""

    def __init__(self, spec: Spec, source: Any):
        self.spec, self.source = spec, source
        self.values: dict[tuple[str, date, date], Any] = {}
        self.series: dict[str, list[Any]] = {}
        self.calls = 0

    def _compute(self, metrics: list[str], periods: list[Period], grain: str | None = None):
        from kpiguard.metrics import compute

        self.calls += 1
        return compute(self.spec, metrics=metrics, periods=periods, grain=grain, source=self.source)

    def fetch(self, needs: dict[str, set[Period]], series: set[str], span: Period | None,
              until: date | None = None, since: date | None = None) -> None:
        """Every value of `needs`, and the monthly series of the metrics in `series` over `span`. The month
        holding `until` (the exclusive end of what the review reads: the day after the as-of date, or after
        what the data covers) is taken from its first day to `until` only: a month the data stops inside of,
        drawn as a whole month, looks like a fall, and days after the as-of date are not the review's. So is
        the month holding `since` (the first day the data covers, see windows.Beginning), from `since` on."""
        groups: dict[tuple[tuple[Period, ...], bool], list[str]] = defaultdict(list)
        for metric, periods in needs.items():
            ordered = tuple(sorted(periods, key=lambda p: (p.start, p.end)))
            groups[(ordered, metric in series and span is not None)].append(metric)
        groups = _merged(groups)
        partial = _partial_month(span, until)
        head = _head_month(span, since)
        parts = {p.start.replace(day=1): p for p in (partial, head) if p is not None}
        if partial is not None and head is not None and partial.start == head.start.replace(day=1):
            parts[partial.start] = make_period(head.start, partial.end)  # data begun and ended in one month
        for (periods, with_series), metrics in groups.items():
            asked = list(periods) + ([span] if with_series and span not in periods else [])
            # an --as-of decades past the data: the verdicts are still computed, without the charts' series
            too_long = with_series and _months(asked) > MAX_BUCKETS
            if too_long:
                asked = list(periods)
            elif with_series:
                asked += [p for p in parts.values() if p not in asked]
            for metric, result in self._each(metrics, asked, "month" if with_series and not too_long else None):
                failed = isinstance(result, KpiguardError)
                for p in periods:
                    self.values[(metric, p.start, p.end)] = (
                        _failed(metric, p, result) if failed else result.get(metric, p))
                if with_series:
                    self.series[metric] = [] if failed or too_long else [
                        result.get(metric, parts[v.period.start]) if v.period.start in parts else v
                        for v in result.series(metric) if span.start <= v.period.start and v.period.end <= span.end]

    def _each(self, metrics: list[str], periods: list[Period], grain: str | None = None):
        """(metric, results) pairs. When the batch fails on data, the metrics that cannot even be planned
        (a table the spec does not map) are set aside without running anything, and the rest is computed
        in one more call; only if that fails too is each metric computed alone."""
        try:
            result = self._compute(metrics, periods, grain)
            return [(m, result) for m in metrics]
        except DataError as error:
            if len(metrics) == 1:
                return [(metrics[0], self._translated(error, metrics[0], periods, grain))]
        from kpiguard.metrics.computation import plan as plan_metrics

        failed: dict[str, DataError] = {}
        for metric in metrics:
            try:
                plan_metrics(self.spec, [metric], periods, grain, self.source)
            except DataError as error:
                failed[metric] = self._translated(error, metric, periods, grain)
        rest = [m for m in metrics if m not in failed]
        if failed and rest:
            try:
                result = self._compute(rest, periods, grain)
                return [(m, result) for m in rest] + list(failed.items())
            except DataError:
                pass
        pairs = list(failed.items())
        for metric in rest:
            try:
                pairs.append((metric, self._compute([metric], periods, grain)))
            except DataError as error:
                pairs.append((metric, error))
        return pairs

    def _translated(self, error: DataError, metric: str, periods: list[Period], grain: str | None) -> DataError:
        """The error of a metric that cannot be planned, its message in every language: the reasons of a review
        are written in each (a missing column read "non disponible (metric 'margin' needs column ...)" in French).
        The plan is made again in each other language, which runs no query; an error the plan does not raise (one
        of the engine's) stays in the language in force."""
        from kpiguard.metrics.computation import plan as plan_metrics

        if len(error.diagnostics) != 1:
            return error
        texts = {get_lang(): error.diagnostics[0].message}
        for lang in LANGS:
            if lang in texts:
                continue
            with speaking(lang):
                try:
                    plan_metrics(self.spec, [metric], periods, grain, self.source)
                except DataError as again:
                    if len(again.diagnostics) == 1:
                        texts[lang] = again.diagnostics[0].message
        if len(texts) == 1:
            return error
        error.diagnostics = [replace(error.diagnostics[0], message=Localized(texts, get_lang()))]
        return error

    def get(self, metric: str, period: Period):
        return self.values[(metric, period.start, period.end)]

    def squares(self, metric: str, period: Period) -> float | None:
        """The sum of the squared values of the average `metric`'s units over `period`, when it was fetched."""
        found = self.values.get((squares_name(metric), period.start, period.end))
        return found.value if found is not None and found.ok else None


def _merged(groups: dict[tuple[tuple[Period, ...], bool], list[str]]
            ) -> dict[tuple[tuple[Period, ...], bool], list[str]]:
    """The groups of metrics to fetch in one call each, a group whose periods are among another's put with it
    (a guardrail's two periods, beside a KPI's metric also read a year earlier for its season): one more period
    is one more slice of a scan, a call of its own is a scan of its own."""
    merged: list[tuple[set[Period], bool, list[str]]] = []
    for (periods, with_series), metrics in sorted(groups.items(), key=lambda item: -len(item[0][0])):
        for together, series, names in merged:
            if series == with_series and set(periods) <= together:
                names.extend(metrics)
                break
        else:
            merged.append((set(periods), with_series, list(metrics)))
    return {(tuple(sorted(together, key=lambda p: (p.start, p.end))), series): names
            for together, series, names in merged}


def _partial_month(span: Period | None, until: date | None) -> Period | None:
    """The part of the month holding `until`'s eve that the review reads (its first day to `until`), when
    `until` falls inside a month of `span`; None when the series ends on a month's end."""
    if span is None or until is None or until.day == 1 or not span.start < until < span.end:
        return None
    return make_period(until.replace(day=1), until)


def _head_month(span: Period | None, since: date | None) -> Period | None:
    """The part of the month holding `since` that the data covers (`since` to the month's end), when the data
    begins inside a month of `span`; None when it begins on a first of month."""
    if span is None or since is None or since.day == 1 or not span.start < since < span.end:
        return None
    return make_period(since, add_months(since.replace(day=1), 1))


def _failed(metric: str, period: Period, error: KpiguardError):
    from kpiguard.metrics import MetricValue

    messages = [d.message for d in error.diagnostics]
    # one message keeps its translations (the reasons are written in every language of the review)
    # ("unavailable", not "empty": the data may well have rows there, the spec does not say how to read them)
    return MetricValue(metric, period, None, "unavailable",
                       messages[0] if len(messages) == 1 else "; ".join(messages))


def review(spec: Spec, as_of: date | None = None, period: Period | None = None, source: Any = None,
           lint_findings: list[Any] | None = None, *, alpha: float = ALPHA, series: bool = True,
           segment_by: str | None = None) -> Review:
    """Evaluate every KPI of `spec` on its data; see docs/review.md for the periods and the verdict rules.

    `series=False` skips the monthly series of the JSON (`series`, `guardrail_series`), which only charts
    use; the verdicts do not change. `segment_by` splits additive KPIs by this dimension (channel, source,
    campaign, category or a column of the metric's table) instead of each metric's default one."""
    from kpiguard.metrics import activity_days, connect, data_bounds

    if not spec.data.tables:  # a spec fresh from `kpiguard init`: say what to fill, not that data is empty
        held = (source or connect(spec)).canonical_tables()  # a database: name the tables it holds (files: none)
        said = NO_TABLES_HELD(tables=", ".join(f"{k}: {v}" for k, v in held.items())) if held else NO_TABLES()
        raise DataError(Diagnostic(said, spec.data.loc_of("tables") or spec.data.loc or spec.loc, code="data"))
    spec = _with_counted_rates(spec)
    if source is None:
        source = connect(spec)
    first_day, last_day = data_bounds(spec, source=source)
    if as_of is None:
        if last_day is None:
            from kpiguard.metrics.source import TIME_COLUMNS, table_location

            # the tables whose times bound the data (data_bounds): orders when mapped, else every timed one
            read = ["orders"] if "orders" in spec.data.tables else [n for n in spec.data.tables if n in TIME_COLUMNS]
            raise DataError(Diagnostic(NO_DATA(tables=", ".join(f"{n} ({spec.data.tables[n]})" for n in read)),
                                       table_location(spec, read[0]) if read else spec.data.loc, code="data"))
        as_of = last_day
    # Past the data's last day (an as-of date or a --period after it), is the rest of its month quiet, or missing?
    # (only then: otherwise no window runs past the data, and the days are not read)
    reach = period.end - timedelta(days=1) if period is not None else as_of
    days = activity_days(spec, source) if last_day is not None and reach > last_day else None
    # (no day readable from the activity tables: nothing to weigh, the data is taken to cover its last month)
    cover = coverage(days, last_day) if days and last_day is not None else None
    until = cover.until if cover is not None else None
    plans = [plan_kpi(spec, kpi, as_of, period, last_day, until, first_day) for kpi in spec.kpis]

    repurchase = _company_repurchase(spec)
    # the company's answer is about the latest months the data covers, even when the as-of date is past it
    latest = latest_covered(as_of, last_day, until)
    # (a --period past what the data covers is compared over its covered days, as the KPIs are)
    company_period = covered(period, last_day, until) if period is not None and until is not None else period
    rep_lag = cohort_lag_days(resolve_metric(repurchase, spec.metrics))
    # Before the data's first day, in its month, are the days quiet or missing? (only asked when a period the
    # review compares begins there: otherwise the days are not read)
    compared = [p for plan in plans for p in (plan.window.baseline, plan.window.current)]
    for lag in (0, rep_lag):
        current, before, _ = company_window(latest, None, company_period, lag_days=lag, data_end=last_day)
        compared += [current, before, year_before(current)]
    span = _series_span(plans, as_of)
    drawn = [span] if span is not None and (series or any(p.seasonal for p in plans)) else []
    begin = None
    # (the series' first month is drawn in part when the data begins inside it)
    if first_day is not None and first_day.day != 1 and any(p.start < first_day < p.end for p in compared + drawn):
        days = activity_days(spec, source) if days is None else days
        # (no day readable from the activity tables: nothing to weigh, the data begins on its first day)
        begin = beginning(days, first_day) if days else None
    since = begin.since if begin is not None else first_day
    company_current, company_base, yoy = company_window(latest, since, company_period)
    rep_current, rep_base, _ = company_window(latest, since, company_period, lag_days=rep_lag,
                                              data_end=last_day)

    needs: dict[str, set[Period]] = defaultdict(set)
    extra: dict[str, MetricDef] = {}  # hidden metrics the review computes beside the spec's (review.spread)
    for plan in plans:
        both = {plan.window.current, plan.window.baseline}
        needs[plan.kpi.metric] |= both | ({plan.year_earlier} if plan.year_earlier is not None else set())
        for driver in plan.drivers:
            needs[driver] |= both
        squares = squares_metric(plan.kpi.metric, spec.metrics)
        if squares is not None:  # an average KPI's spread, to tell a gap to its target from noise
            extra[squares.name] = squares
            needs[squares.name] |= {plan.window.current}
        for guardrail in plan.guardrails:
            needs[guardrail.metric] |= both
            squares = squares_metric(guardrail.metric, spec.metrics)
            if squares is not None:  # an average's spread, to test its guardrail against noise
                extra[squares.name] = squares
                needs[squares.name] |= both
    for name in COMPANY_METRICS:
        needs[name] |= {company_current, company_base}
        # a KPI on a part of a company metric (e-mail revenue of revenue) is compared with the whole over the
        # KPI's own periods: a gain over a year is not weighed against the company's last three months
        for plan in plans:
            if _slice_of(plan.metric, resolve_metric(name, spec.metrics)):
                needs[name] |= {plan.window.current, plan.window.baseline}
    needs[repurchase] |= {rep_current, rep_base}

    # Monthly series are for charts (JSON, report) and for the seasonal pace; text and Markdown need only
    # the latter, and series of per-campaign rates are costly, so they are fetched only when asked.
    wanted: set[str] = {p.kpi.metric for p in plans if p.seasonal}
    if series:
        wanted |= {p.kpi.metric for p in plans} | {g.metric for p in plans for g in p.guardrails}
    fetcher = Fetcher(spec.model_copy(update={"metrics": {**spec.metrics, **extra}}) if extra else spec, source)
    # (the series reads no further than the review: the as-of date, or what the data covers before it)
    fetcher.fetch(needs, wanted, span, latest + timedelta(days=1), since)
    # What moved each additive KPI: one grouped query per distinct (metric, dimension, window pair).
    segments = fetch_segments(spec, source, [(p.kpi.metric, p.window.baseline, p.window.current) for p in plans
                                             if p.metric is not None and not p.metric.is_ratio], segment_by)

    data = _Data(spec, fetcher, as_of, first_day, last_day, alpha, segments, cover, begin)
    kpis_by_lang = {lang: [data.judge_kpi(plan, lang) for plan in plans] for lang in LANGS}
    for lang in LANGS:
        _say_costly_servers(kpis_by_lang[lang], lang)
        _say_served_behind(kpis_by_lang[lang], lang)
    company_metrics = [data.company_metric(name, company_current, company_base) for name in COMPANY_METRICS]
    company_metrics.append(data.company_metric(repurchase, rep_current, rep_base))
    current_lang = get_lang()
    company_by_lang = {}
    for lang in LANGS:
        signals = [_signal(k, spec, data, lang) for k in kpis_by_lang[lang]]
        labelled = [_relabel(m, spec, lang) for m in company_metrics]
        verdict, reasons = answer(labelled, signals, lang)
        # a gain taken from other sales is said on the KPI too, where its verdict is read, not only in the answer
        taken = taken_from_elsewhere(labelled, signals, lang, losers_too=True)
        for k in kpis_by_lang[lang]:
            k.reasons.extend(taken.get(k.id, []))
        if last_day is not None and as_of > last_day:
            reasons.append(AFTER_DATA.render(lang, as_of=fmt_date(as_of, lang), last=fmt_date(last_day, lang)))
        if company_period is not None and company_period != period:
            reasons.append(COMPANY_COVERED.render(lang, last=fmt_date(last_day, lang),
                                                  whole=fmt_period(period, lang),
                                                  period=fmt_period(company_period, lang)))
        company_by_lang[lang] = (verdict, reasons)
    kpis = kpis_by_lang[current_lang]
    for index, kpi in enumerate(kpis):
        kpi.reasons_i18n = {lang: kpis_by_lang[lang][index].reasons for lang in LANGS}
        for g_index, guardrail in enumerate(kpi.guardrail_results):
            kpi.guardrail_reasons_i18n.append({lang: kpis_by_lang[lang][index].guardrail_results[g_index].reason
                                               for lang in LANGS})
    better_off, reasons = company_by_lang[current_lang]
    return Review(
        spec=spec,
        as_of=as_of,
        data_start=first_day,
        data_end=last_day,
        period=company_current,
        company_baseline=company_base,
        year_over_year=yoy,
        better_off=better_off,
        company_reasons=reasons,
        company_reasons_i18n={lang: company_by_lang[lang][1] for lang in LANGS},
        company_metrics=[_relabel(m, spec, current_lang) for m in company_metrics],
        kpis=kpis,
        findings=list(lint_findings or []),
        lang=current_lang,
        compute_calls=fetcher.calls,
        data_warnings_i18n=status_warnings(spec, source) + order_warnings(spec, source) + unit_jump_warnings(spec, source)
        + id_warnings(spec, source)
        + _gap_warnings(spec, source, days, compared)
        # (the company's metrics read the orders alone: only the KPIs' periods can miss sessions or e-mails)
        + silent_table_warnings(spec, source, first_day, last_day,
                                [p for plan in plans for p in (plan.window.baseline, plan.window.current)]),
    )


def _gap_warnings(spec: Spec, source: Any, days: list[date] | None, periods: list[Period]) -> list[dict[str, str]]:
    """The data checks' gaps (windows.gaps) inside the compared periods: runs without orders (one query of their
    distinct days: the orders are the table every sum the review compares is made of), or without any activity
    when the days of every activity table were read anyway, or the spec maps no orders."""
    from kpiguard.metrics import activity_days

    orders_only = days is None and "orders" in spec.data.tables
    if days is None:
        days = activity_days(spec, source, ("orders",) if orders_only else None)
    return gap_warnings(gaps(days), periods, orders_only)


def _signal(k: KpiReview, spec: Spec, data: _Data, lang: str) -> KpiSignal:
    """What the company's answer reads of a KPI: its verdict, and its move when its metric is a slice of a
    company metric (e-mail revenue, a channel's revenue: the same sum over orders, filtered), with that
    company metric over the same two periods (the baseline scaled as the KPI's is)."""
    slice_of = next((name for name in COMPANY_METRICS if _slice_of(k.metric_def, resolve_metric(name, spec.metrics))),
                    None)
    change = k.current_value - k.baseline_value \
        if slice_of is not None and k.current_value is not None and k.baseline_value is not None else None
    whole = None
    if slice_of is not None:
        window = k.window
        whole = data.company_metric(slice_of, window.current, window.baseline, window.scaled)
        whole = _relabel(whole, spec, lang)
    return KpiSignal(k.id, k.level, k.verdict, k.metric_label, slice_of=slice_of, change=change, unit=k.unit,
                     period=k.window.current.label, baseline_period=k.window.baseline.label,
                     met_at_baseline=k.met_at_baseline, met_by_season=k.met_by_season, whole=whole,
                     breached=sum(g.status == "breached" for g in k.guardrail_results))


def _say_costly_servers(kpis: list[KpiReview], lang: str) -> None:
    """A KPI served by others (`serves:`) whose servers include a toxic or hollow success, or one on track
    heading for a toxic success, says so: its own progress may be paid for by a broken guardrail, or made of a
    shrinking denominator, elsewhere; a KPI behind (off track, missed) made no progress to pay for: what broke
    there may be part of why it is behind."""
    from kpiguard.review.company import HEADING_FOR_TOXIC, verdict_words

    for served in kpis:
        costly = [k for k in kpis if served.id in k.kpi.serves
                  and (k.verdict in ("toxic_success", "hollow_success") or k.heading_for_toxic)]
        if not costly:
            continue
        message = SERVED_BY_BEHIND if served.verdict in ("off_track", "missed") else SERVED_BY
        heading = any(k.heading_for_toxic for k in costly)
        who = (SERVERS_AT_COST if heading else SERVERS_COSTLY).render(lang)
        servers = ", ".join(f"{k.id} ({k.metric_label}, "
                            f"{HEADING_FOR_TOXIC.render(lang) if k.heading_for_toxic else verdict_words(k.verdict, lang)})"
                            for k in costly)
        served.reasons.append(message.render(lang, who=who, servers=servers))


def _say_served_behind(kpis: list[KpiReview], lang: str) -> None:
    """A KPI met or on track that serves (`serves:`) a KPI off track or missed says so: its success has not
    carried to what it serves, which is the question the review asks of it ("if this KPI is met, is the company
    better off?"). Read alone, "healthy success" on an open rate whose repurchase rate fell said yes."""
    from kpiguard.review.company import verdict_words

    by_id = {k.id: k for k in kpis}
    for server in kpis:
        if not (server.verdict.endswith("_success") or server.verdict == "on_track"):
            continue
        behind = [by_id[i] for i in server.kpi.serves if i in by_id and by_id[i].verdict in ("off_track", "missed")]
        if behind:
            served = ", ".join(f"{k.id} ({k.metric_label}, {verdict_words(k.verdict, lang)})" for k in behind)
            server.reasons.append(SERVES_BEHIND.render(lang, served=served))


def _slice_of(metric: MetricDef | None, whole: MetricDef | None) -> bool:
    """`metric` sums the same column of the same table as `whole`, under a filter of its own: a part of it."""
    if metric is None or whole is None or metric is whole or metric.type != "simple" or whole.type != "simple":
        return False
    same = lambda a, b: re.sub(r"\s+", "", (a or "").lower()) == re.sub(r"\s+", "", (b or "").lower())
    return metric.table == whole.table and same(metric.measure, whole.measure) and bool(metric.filter) \
        and not same(metric.filter, whole.filter)


def _relabel(m: CompanyMetric, spec: Spec, lang: str) -> CompanyMetric:
    """The company metric with its label, and what its cases are (a tested rate's), in `lang`."""
    from dataclasses import replace

    counted = ""
    if m.cases is not None:
        counted = part_labels(spec, resolve_metric(m.metric, spec.metrics), lang)[1]
    return replace(m, label=metric_label(m.metric, spec, lang), counted=counted)


def part_labels(spec: Spec, metric: MetricDef | None, lang: str | None) -> tuple[str, str]:
    """What a ratio's numerator and denominator count, in words: their metrics' labels, a cohort's parts
    (repeat and first-time customers), else "Numerator" and "Denominator"."""
    if metric is None:
        return PART_LABELS["numerator"].render(lang), PART_LABELS["denominator"].render(lang)
    num_name = metric.numerator if metric.type == "ratio" else None
    den_name = metric.denominator if metric.type == "ratio" else None
    computation = (metric.params or {}).get("computation")
    num_default, den_default = COHORT_PARTS.get(computation, (PART_LABELS["numerator"], PART_LABELS["denominator"]))
    return (metric_label(num_name, spec, lang) if num_name else num_default.render(lang),
            metric_label(den_name, spec, lang) if den_name else den_default.render(lang))


def _company_repurchase(spec: Spec) -> str:
    used = {k.metric for k in spec.kpis}
    return "repurchase_rate_60d" if "repurchase_rate_60d" in used and "repurchase_rate_90d" not in used \
        else "repurchase_rate_90d"


def _months(periods: list[Period]) -> int:
    """The calendar months a monthly series over these periods would have."""
    start, end = min(p.start for p in periods), max(p.last_day for p in periods)
    return (end.year - start.year) * 12 + end.month - start.month + 1


def _series_span(plans: list[Plan], as_of: date) -> Period | None:
    if not plans:
        return None
    starts, ends = [], [last_complete_end(as_of, "month")]
    for plan in plans:
        start = plan.window.baseline.start
        if plan.seasonal and plan.horizon_start is not None:
            start = min(start, add_months(date(plan.horizon_start.year, plan.horizon_start.month, 1), -12))
        starts.append(date(start.year, start.month, 1))
        ends.append(plan.window.current.end)
    start, end = min(starts), max(ends)
    if end.day != 1:
        end = add_months(date(end.year, end.month, 1), 1)
    if end <= start:
        return None
    return make_period(start, end)


NO_TABLES = Message(
    en="data.tables is empty: map each table to your file or table, e.g. orders: data/orders.parquet "
       "(docs/canonical-schema.md lists the tables and columns; `kpiguard simulate --out shop/` writes a sample)",
    fr="data.tables est vide : associez chaque table à votre fichier ou table, par ex. orders: data/orders.parquet "
       "(docs/canonical-schema.md liste les tables et colonnes ; `kpiguard simulate --out shop/` en écrit un exemple)")
NO_TABLES_HELD = Message(
    en="data.tables is empty; the engine holds tables of the canonical names: map them, e.g. tables: {{{tables}}} "
       "(docs/canonical-schema.md lists the tables and columns)",
    fr="data.tables est vide ; le moteur a des tables aux noms canoniques : associez-les, par ex. tables: "
       "{{{tables}}} (docs/canonical-schema.md liste les tables et colonnes)")
NO_DATA = Message(
    en="the data has no rows with a time: nothing to review in {tables} (check data.tables in the spec, or the "
       "table's filter under data.filters)",
    fr="les données n'ont aucune ligne datée : rien à revoir dans {tables} (vérifiez data.tables dans la spec, ou "
       "le filtre de la table sous data.filters)")


class _Data:
    """Judges KPIs from the fetched values (pure from here on)."""

    def __init__(self, spec: Spec, fetcher: Fetcher, as_of: date, first_day: date | None,
                 last_day: date | None, alpha: float, segments: dict[Any, Any] | None = None,
                 cover: Coverage | None = None, begin: Beginning | None = None):
        self.spec, self.fetcher, self.as_of, self.alpha = spec, fetcher, as_of, alpha
        self.segments = segments or {}
        self.cover, self.begin = cover, begin
        self.tops: dict[tuple[str, Period], tuple[str, float] | None] = {}  # largest orders, read once for all languages
        self.first_day, self.last_day = first_day, last_day
        # the first day the data covers: its first day, or the first of its month when the days before are quiet
        self.since = begin.since if begin is not None else first_day

    def unit(self, metric: MetricDef | None) -> str:
        return metric_unit(metric, lambda name: resolve_metric(name, self.spec.metrics), self.spec.currency,
                           self.spec.data.amounts)

    def sample(self, name: str, period: Period, scale: float | None, lang: str | None = None,
               window: Period | None = None) -> Sample:
        """The value of `name` over `period`, brought to the length of `window` (by `scale`) when it differs."""
        value = self.fetcher.get(name, period)
        if not value.ok or value.value is None:
            return Sample(None, reason=value.reason or value.status)
        metric = resolve_metric(name, self.spec.metrics)
        if scale is not None and _distinct_over_period(metric):
            return Sample(None, reason=NOT_COMPARABLE.render(lang, metric=name, baseline=fmt_period(period, lang),
                                                             current=fmt_period(window, lang) if window else "?"))
        factor = scale if scale is not None and _is_additive(metric, self.spec.metrics) else 1.0
        # A rate's parts stay the real counts: the z-test needs the sample sizes that were observed.
        return Sample(value.value * factor, value.numerator, value.denominator,
                      scaled=factor if scale is not None and _is_additive(metric, self.spec.metrics) else None,
                      squares=self.fetcher.squares(name, period))

    def company_metric(self, name: str, current: Period, baseline: Period, scale: float | None = None
                       ) -> CompanyMetric:
        """A company metric over two periods; a sum's baseline scaled by `scale` (a KPI's window of another
        length than its baseline)."""
        metric = resolve_metric(name, self.spec.metrics)
        cur, base = self.fetcher.get(name, current), self.fetcher.get(name, baseline)
        missing = cur if not cur.ok else base if not base.ok else None
        reason = (missing.reason or missing.status) if missing is not None else None
        # A rate on a handful of cases (a cohort of 3 first-time customers) moves by chance: no signal.
        sample = p_value = cases = None
        if metric is not None and metric.ratio_of == "rate" and cur.ok and base.ok:
            smallest = min(cur.denominator or 0, base.denominator or 0)
            sample = int(smallest) if smallest < MIN_SAMPLE else None
            p_value, cases = self._rate_move(base, cur) if sample is None else (None, None)
        factor = scale if scale is not None and _is_additive(metric, self.spec.metrics) else 1.0
        base_value, cur_value = base.value * factor if base.ok else None, cur.value if cur.ok else None
        part = next((p for p in (current, baseline) if self._started_in_periods(p)), None)
        if reason is None and part is not None and _is_additive(metric, self.spec.metrics):
            # revenue over the six weeks of a quarter the data begins inside of is no match for a whole quarter
            # (it read as +119 %, "better off: yes", on a shop exported from August 15): not available there
            reason = Localized({lang: PART_OF_COMPANY_PERIOD.render(lang, first=fmt_date(self.first_day, lang))
                                for lang in LANGS}, get_lang())
            cur_value, base_value = (None, base_value) if part == current else (cur_value, None)
        return CompanyMetric(name, name, self.unit(metric), (metric.direction if metric else None) or "up",
                             current.label, baseline.label, base_value, cur_value, reason, sample,
                             p_value=p_value, cases=cases, alpha=self.alpha,
                             empty=missing is not None and missing.status == "empty")

    @staticmethod
    def _rate_move(base: Any, cur: Any) -> tuple[float | None, tuple[int, int] | None]:
        """A company rate's move, tested as a rate guardrail with a margin of 0 is (review.guardrails): the
        one-sided p-value of "it moved the way it did", and its cases (baseline, current); (None, None) when it
        did not move or cannot be tested (no whole counts where an exact test is due)."""
        if cur.value is None or base.value is None or cur.value == base.value \
                or cur.denominator is None or base.denominator is None:
            return None, None
        side = "max_increase" if cur.value > base.value else "max_decrease"
        p_value = breach_p_value(Threshold(side, 0.0), Sample(base.value, base.numerator, base.denominator),
                                 Sample(cur.value, cur.numerator, cur.denominator))
        if p_value is None:
            return None, None
        return p_value, (int(base.denominator), int(cur.denominator))

    def judge_kpi(self, plan: Plan, lang: str) -> KpiReview:
        kpi, metric, window = plan.kpi, plan.metric, plan.window
        unit = self.unit(metric)
        label = metric_label(kpi.metric, self.spec, lang)
        cur_raw = self.fetcher.get(kpi.metric, window.current)
        base_raw = self.fetcher.get(kpi.metric, window.baseline)
        direction = att.target_direction(kpi, metric, base_raw.value if base_raw.ok else None)
        cur = self.sample(kpi.metric, window.current, None)
        base = self.sample(kpi.metric, window.baseline, window.scaled, lang, window.current)
        target = kpi.target
        declared = target.from_ if target is not None else None
        # The FROM mismatch compares like with like: the declared FROM with the baseline period as measured.
        mismatch = att.from_mismatch(declared, base_raw.value if base_raw.ok else None)
        # FROM and TO are amounts over the baseline's length ("from 8 to 10 M€" a year): a window of another
        # length (--period) compares with them scaled as the baseline's sums are. Without a baseline period they
        # are per cadence period ("32k a month"): a window cut where the data ends, or a --period, scales them.
        per_cadence = cadence_factor(window.current, kpi.cadence) if window.implicit_baseline else None
        window_factor = window.scaled if window.scaled is not None else per_cadence
        factor = window_factor if _is_additive(metric, self.spec.metrics) else None
        scaled_from = declared * factor if factor is not None and declared is not None else None
        scaled_to = target.to * factor if factor is not None and target is not None and target.to is not None \
            else None
        # Progress is measured from the declared FROM when the data agrees with it; when it does not (by more than
        # 5 %), from the baseline as measured: the current value is the data's, so is the start it is compared
        # with (a FROM of 18 % over a share the data puts at 66 % would call a fall a 646 % progress).
        # (only against a baseline period the spec names: the period just before the window, when there is none,
        # is no start of the horizon, and the declared FROM is then the only record of it)
        # (nor from a sum over a baseline the data starts inside of and falls short of the FROM: it sums part of
        # the period, the FROM all of it; a part already above the FROM contradicts it all the same)
        undercount = _is_additive(metric, self.spec.metrics) and window.baseline.label in self._started_in(window) \
            and declared is not None and base_raw.ok and base_raw.value is not None and base_raw.value < declared
        measured_start = declared is not None and mismatch and base.value is not None \
            and not window.implicit_baseline and not undercount
        if declared is not None and not measured_start:
            start = scaled_from if scaled_from is not None else declared
        else:
            start = base.value
        attainment = expected = None
        basis = None
        to = target.to if target is not None else None  # a draft from a sentence may have no TO yet
        if scaled_to is not None:
            to = scaled_to
        # Measured from the data (no FROM, or a FROM the data contradicts), a baseline already at or past the
        # target leaves no way to cover: a share of it would read backwards (-100 % for a KPI that is met), so
        # there is none; and a success there was not earned over the horizon (met_at_baseline).
        already_met = (declared is None or measured_start) and to is not None and start is not None \
            and att.is_met(start, to, direction) and start != to
        begun = "horizon_not_begun" not in window.notes  # else nothing is judged: no progress to give
        met_at_baseline = already_met and target is not None and target.by is not None \
            and not window.implicit_baseline and begun
        if to is not None and cur.value is not None and start is not None and not already_met and begun:
            attainment = att.attainment(cur.value, start, to)
        # (last year's months weigh the seasonal pace: a month read only in part is no month's weight, it is missing)
        monthly = {v.period.start: (v.value if v.ok and v.period.end == add_months(v.period.start, 1) else None)
                   for v in self.fetcher.series.get(kpi.metric, [])}
        if to is not None and target.by is not None and plan.horizon_start is not None and begun:
            now_end = window.current.end
            if plan.seasonal:
                expected = att.seasonal_progress(plan.horizon_start, now_end, target.by, monthly)
                basis = "seasonal" if expected is not None else None
            if expected is None:
                expected, basis = att.linear_progress(plan.horizon_start, now_end, target.by), "linear"

        earlier = self.fetcher.get(kpi.metric, plan.year_earlier) if plan.year_earlier is not None else None
        ratio_parts, decomposition = self._decompose(plan, cur_raw, base_raw, window, lang)
        small = self._small_sample(metric, cur_raw, base_raw, window, ratio_parts)
        collapsed = self._collapsed(metric, cur_raw, base_raw, window, ratio_parts)
        if collapsed is not None:
            small = None  # the collapse says it, with both counts
        noise, noise_sample = self._noise(metric, cur, ratio_parts, lang)
        guardrails: list[GuardrailResult] = []
        started_in = self._started_in(window)
        for guardrail in plan.guardrails:
            g_metric = resolve_metric(guardrail.metric, self.spec.metrics)
            g_base = self.sample(guardrail.metric, window.baseline, window.scaled, lang, window.current)
            g_cur = self.sample(guardrail.metric, window.current, None)
            if _is_additive(g_metric, self.spec.metrics):
                # a sum over the part of a period the data covers is no match for a whole period: "revenue must
                # not fall" held against a 2025 whose data begins in June, not because revenue held
                g_base, g_cur = (Sample(None, reason=PART_OF_PERIOD.render(
                    lang, period=fmt_period(p, lang), first=fmt_date(self.first_day, lang)))
                    if p.label in started_in else s
                    for p, s in ((window.baseline, g_base), (window.current, g_cur)))
            guardrails += judge_guardrail(
                guardrail, g_metric, metric_label(guardrail.metric, self.spec, lang), g_base, g_cur,
                alpha=self.alpha, unit=self.unit(g_metric), lang=lang,
                scale=window_factor if _is_additive(g_metric, self.spec.metrics) else None)

        # the horizon has come, its cohort not mature yet: the day it can be judged
        pending = target.by + timedelta(days=cohort_lag_days(metric)) if target is not None \
            and target.by is not None and "horizon_cohort_pending" in window.notes else None
        facts = Facts(
            label=label, unit=unit, direction=direction,
            current_period=window.current.label, baseline_period=window.baseline.label,
            current=cur.value, baseline=base.value, current_reason=cur.reason, baseline_reason=base.reason,
            current_empty=cur_raw.status == "empty", baseline_unmeasured=not base_raw.ok,
            to=to, start=start, declared_from=declared,
            from_mismatch=mismatch, implicit_baseline=window.implicit_baseline,
            deadline=target.by if target is not None else None, at_deadline=window.at_deadline,
            deadline_is_as_of=target is not None and target.by == self.as_of,
            shifted_for_maturity=window.shifted_for_maturity, scaled=window.scaled, baseline_scaled=base.scaled,
            horizon_window="horizon_window" in window.notes,
            not_begun=window.baseline.end if "horizon_not_begun" in window.notes else None,
            cohort_pending=pending, cohort_data_end=self.last_day if pending is not None and self.last_day is not None
            and self.last_day < pending <= self.as_of else None,
            period_forced="period_forced" in window.notes,
            attainment=attainment, expected=expected, progress_basis=basis, ratio=ratio_parts,
            guardrails=guardrails, implicit_guardrails=plan.implicit_guardrails,
            data_end=self.last_day if window.uncovered is not None else None,
            uncovered=window.uncovered.label if window.uncovered is not None else None,
            coverage_note=self._coverage_note(window, lang), start_note=self._start_note(window, lang),
            target_scaled=scaled_to is not None, already_met=already_met, measured_start=measured_start,
            target_factor=factor if scaled_to is not None else None, cadence=kpi.cadence,
            met_at_baseline=met_at_baseline,
            data_start=self.first_day, started_in=self._started_in(window),
            accumulates=_is_additive(metric, self.spec.metrics) or _distinct_over_period(metric),
            before_data=self._before_data(window), small_sample=small, collapsed=collapsed, noise=noise, noise_sample=noise_sample,
            alpha=self.alpha, direction_declared=att.direction_declared(kpi, metric),
            metric_direction=metric.direction if metric is not None else None,
            year_earlier=(plan.year_earlier.label, earlier.value) if earlier is not None and earlier.ok
            and earlier.value is not None else None)
        verdict, reasons = judge(facts, lang)
        noise = noise_check(facts, verdict)
        if verdict == "not_evaluable":
            # a KPI that cannot be judged shows no progress either: "44% of the way" beside "not evaluable" (a
            # distinct count under --period, measured against a FROM of another length) reads as a judgement
            attainment = expected = basis = None
        if verdict.endswith("_success"):
            one = self._one_order(kpi.metric, metric, window.current, cur.value, to, direction, label, unit, lang)
            if one:
                reasons.insert(1, one)  # right after the headline: it says what the success is worth
        segments = self._segments(plan, cur_raw, base_raw) if cur.value is not None and base.value is not None \
            else None
        why = segments_reason(segments, unit, lang)
        if why:
            reasons.append(why)

        path: list[dict[str, object]] = []
        # (met at baseline, there is no way to cover: a path from the baseline to a target behind it reads backwards)
        if to is not None and target.by is not None and plan.horizon_start is not None and start is not None \
                and not already_met:
            def progress_at(day: date, _plan=plan, _by=target.by):
                if _plan.seasonal and basis == "seasonal":
                    return att.seasonal_progress(_plan.horizon_start, day, _by, monthly)
                return att.linear_progress(_plan.horizon_start, day, _by)
            own_start = declared if declared is not None and not measured_start \
                else base_raw.value if base_raw.ok else start
            path = att.target_path(plan.horizon_start, target.by, own_start, target.to, progress_at)

        return KpiReview(
            kpi=kpi, metric_def=metric, label=label, unit=unit, direction=direction, window=window,
            current_value=cur.value, current_status=cur_raw.status, current_reason=cur.reason,
            baseline_value=base.value, baseline_status=base_raw.status, declared_from=declared,
            baseline_pro_rata=window.scaled is not None and _is_additive(metric, self.spec.metrics) and base.value is not None,
            from_mismatch=mismatch, attainment=attainment, expected_progress=expected, progress_basis=basis,
            met_at_baseline=met_at_baseline,
            met_by_season=verdict.endswith("_success") and met_by_season(facts),
            noise={"mark": noise.mark, "against": "target" if noise.mark_is_target else "expected_progress",
                   "p_value": noise.p_value, "within": noise.within} if noise is not None else None,
            verdict=verdict, reasons=reasons, decomposition=decomposition, guardrail_results=guardrails,
            series=self._slice(kpi.metric, plan),
            guardrail_series={g.metric: self._slice(g.metric, plan) for g in plan.guardrails},
            guardrail_units={g.metric: self.unit(resolve_metric(g.metric, self.spec.metrics))
                             for g in plan.guardrails},
            implicit_guardrails=plan.implicit_guardrails,
            target_path=path, level=kpi.level or (metric.level if metric else None), segments=segments,
            scaled_target=(scaled_from, scaled_to) if scaled_to is not None else None,
            target_scale=factor if scaled_to is not None else None)

    def _one_order(self, name: str, metric: MetricDef | None, period: Period, current: float | None,
                   to: float | None, direction: str, label: str, unit: str, lang: str) -> str:
        """A sum of the orders' money met on one order: the largest order of the window is ONE_ORDER_SHARE or more
        of its value, and without it the target would not be met (a quarter's revenue past its target on one
        5,000 EUR B2B order among 91 of 100 EUR). The sentence that says so, else "". One query, only for a success,
        read once for every language."""
        from kpiguard.metrics.segments import segment_table, top_segment

        if current is None or to is None or direction != "up" or current <= 0 \
                or not _is_additive(metric, self.spec.metrics):
            return ""
        try:
            if segment_table(self.spec, name) not in ("orders", "order_lines"):
                return ""
            if (name, period) not in self.tops:
                self.tops[(name, period)] = top_segment(self.spec, name, period, "order_id", self.fetcher.source)
            top = self.tops[(name, period)]
        except KpiguardError:
            return ""  # no order id to group by: nothing to say
        if top is None or top[1] < ONE_ORDER_SHARE * current or att.is_met(current - top[1], to, direction):
            return ""
        order, amount = top
        return ONE_ORDER.render(lang, label=label, order=order, amount=fmt_value(amount, unit, lang),
                                share=fmt_value(amount / current, "%", lang), period=fmt_period(period, lang),
                                without=fmt_value(current - amount, unit, lang), to=fmt_value(to, unit, lang))

    def _segments(self, plan: Plan, cur, base) -> dict[str, Any] | None:
        """The KPI's change split by segment, when its metric was split (see fetch_segments)."""
        if not (cur.ok and base.ok):
            return None
        window = plan.window
        found = next((v for k, v in self.segments.items()
                      if k[0] == plan.kpi.metric and k == segment_key(k[0], k[1], window.baseline, window.current)),
                     None)
        if found is None:
            return None
        return segments_block(found.dimension, found.get(window.baseline), found.get(window.current), window.scaled)

    def _coverage_note(self, window: Window, lang: str) -> str | None:
        """How the days of the window past the data's last day were read, when there are any: the end of an
        export (the window is cut there), or days without activity (a quiet end of month, or orders that stopped
        while sessions or e-mails went on), with the numbers that decided it (see windows.Coverage)."""
        cover, last = self.cover, self.last_day
        if cover is None or last is None:
            return None
        chance = fmt_value(cover.chance, "%", lang) if cover.chance >= 0.001 else \
            UNDER.render(lang, value=fmt_value(0.001, "%", lang))
        days = {"last": fmt_date(last, lang), "active": fmt_date(cover.last, lang),
                "left": _days(DAYS_LEFT, cover.trailing, lang),
                "quiet_left": _days(QUIET_LEFT, cover.trailing, lang), "longest": _days(DAYS, cover.longest, lang),
                "period": fmt_period(window.uncovered or window.current, lang),
                "rate": fmt_value(cover.rate, "%", lang), "chance": chance, "span": cover.span}
        if not cover.quiet_end and window.uncovered is not None and window.current.end == cover.until:
            return (EXPORT_END if cover.longest else EXPORT_END_DAILY).render(lang, **days)
        if not window.current.start <= last < window.current.end - timedelta(days=1):
            return None  # the window does not run past the data's last day
        if cover.last > last:
            return QUIET_ORDERS.render(lang, **days)
        why = (QUIET_RUN if cover.trailing <= cover.longest else QUIET_CHANCE).render(lang, **days)
        return QUIET_END.render(lang, why=why, **days)

    def _start_note(self, window: Window, lang: str) -> str | None:
        """How the days of a judged period before the data's first day, in its month, were read, when there
        are any: days without activity (the period is covered whole from that month on), or the start of an
        export (the period covers only part of itself), with the numbers that decided it (see Beginning)."""
        begin = self.begin
        if begin is None or not begin.leading:
            return None
        inside = [p for p in dict.fromkeys((window.baseline, window.current)) if p.start < begin.first < p.end]
        if not inside:
            return None
        chance = fmt_value(begin.chance, "%", lang) if begin.chance >= 0.001 else \
            UNDER.render(lang, value=fmt_value(0.001, "%", lang))
        days = {"first": fmt_date(begin.first, lang), "quiet_before": _days(QUIET_BEFORE, begin.leading, lang),
                "opening": _days(DAYS_OPENING, begin.leading, lang), "longest": _days(DAYS, begin.longest, lang),
                "rate": fmt_value(begin.rate, "%", lang), "chance": chance, "span": begin.span,
                "period": fmt_period(inside[0], lang)}
        if not begin.quiet_start:
            return (EXPORT_START if begin.longest else EXPORT_START_DAILY).render(lang, **days)
        why = (QUIET_RUN_AFTER if begin.leading <= begin.longest else QUIET_CHANCE_START).render(lang, **days)
        return QUIET_START.render(lang, why=why, **days)

    def _started_in_periods(self, *periods: Period) -> list[str]:
        """The periods, of `periods`, that the data begins inside of (by label)."""
        first = self.since
        return [] if first is None else [p.label for p in dict.fromkeys(periods) if p.start < first < p.end]

    def _started_in(self, window: Window) -> list[str]:
        """The judged periods (baseline, current) that the data begins inside of: their values cover only the
        days since the data's first day, so a comparison with a full period would mislead unless said. (The
        data begins on the first of its first month when the days before its first day are quiet: Beginning.)"""
        first = self.since
        if first is None:
            return []
        periods = dict.fromkeys((window.baseline, window.current))
        return [p.label for p in periods if p.start < first < p.end]

    def _before_data(self, window: Window) -> list[str]:
        """The judged periods that end on or before the data's first day (they have no data at all)."""
        first = self.since
        if first is None:
            return []
        return [p.label for p in dict.fromkeys((window.baseline, window.current)) if p.end <= first]

    def _slice(self, name: str, plan: Plan) -> list[Any]:
        """The monthly series of `name` from the KPI's baseline start to its window's end (or the as-of month)."""
        start = plan.window.baseline.start
        end = max(plan.window.current.end, last_complete_end(self.as_of, "month"))
        return [v for v in self.fetcher.series.get(name, []) if v.period.end > start and v.period.start < end]

    @staticmethod
    def _noise(metric: MetricDef | None, cur: Sample, parts: RatioParts | None, lang: str
               ) -> tuple[Callable[[float, str], float | None] | None, str]:
        """How to test the KPI's current value against a mark (see verdict.noise_check), and what it rests on in
        words: a count of arrivals by the exact Poisson test, a rate on its cases and an average of its units as
        their guardrails are tested (review.guardrails), an absolute limit at the mark."""
        if cur.value is None:
            return None, ""
        counted = parts.denominator_label if parts is not None else ""
        if is_event_count(metric):
            count = whole(cur.value)
            if count is None:
                return None, ""
            return (lambda mark, side: count_vs_level(count, mark, side)), \
                NOISE_COUNT.render(lang)
        if is_count_rate(metric):
            test = breach_p_value
        elif is_tested_average(metric, cur):
            test = mean_breach_p_value
        else:
            return None, ""
        n = fmt_value(cur.denominator or 0, "", lang)
        words = (NOISE_RATE if test is breach_p_value else NOISE_AVERAGE).render(lang, n=n, counted=counted or "?")
        return (lambda mark, side: test(Threshold("min" if side == "down" else "max", mark), cur, cur)), words

    @staticmethod
    def _small_sample(metric: MetricDef | None, cur, base, window: Window, parts: RatioParts | None
                      ) -> tuple[int, str, str] | None:
        """A rate on fewer than MIN_SAMPLE cases in one of its periods (the smaller one, with its label and
        what is counted), as the company's rates are read: its move can be chance."""
        if metric is None or metric.ratio_of != "rate" or not (cur.ok and base.ok):
            return None
        sizes = [(n, label) for n, label in ((cur.denominator, window.current.label),
                                             (base.denominator, window.baseline.label)) if n is not None]
        if not sizes:
            return None
        n, label = min(sizes, key=lambda item: item[0])
        if n >= MIN_SAMPLE:
            return None
        return int(n), label, parts.denominator_label if parts is not None else ""

    @staticmethod
    def _collapsed(metric: MetricDef | None, cur, base, window: Window, parts: RatioParts | None
                   ) -> tuple[int, float, str] | None:
        """A rate whose cases (its denominator) fell under MIN_SAMPLE in the window and under COLLAPSE of its
        baseline's, brought to the window's length: (current cases, baseline cases, what is counted). An open
        rate on the 30 e-mails left after the shop stopped sending its 6,000 a half-year is no open rate of the
        campaigns its target was set on (it read as a hollow success at 93 %)."""
        if metric is None or metric.ratio_of != "rate" or not (cur.ok and base.ok) \
                or cur.denominator is None or base.denominator is None:
            return None
        before = base.denominator * (window.scaled or 1.0)
        if before < MIN_SAMPLE or cur.denominator >= MIN_SAMPLE or cur.denominator >= COLLAPSE * before:
            return None
        return int(cur.denominator), before, parts.denominator_label if parts is not None else ""

    def _decompose(self, plan: Plan, cur, base, window: Window, lang: str):
        metric = plan.metric
        if metric is None:
            return None, None
        scale = window.scaled or 1.0
        if metric.is_ratio:
            if not (cur.ok and base.ok) or None in (cur.numerator, cur.denominator, base.numerator,
                                                      base.denominator):
                return None, None
            n0, d0 = base.numerator * scale, base.denominator * scale
            n1, d1 = cur.numerator, cur.denominator
            try:
                split = split_ratio(n0, d0, n1, d1)
            except NotDecomposable:
                return None, None
            num_name = metric.numerator if metric.type == "ratio" else None
            den_name = metric.denominator if metric.type == "ratio" else None
            num_metric = resolve_metric(num_name, self.spec.metrics) if num_name else None
            den_metric = resolve_metric(den_name, self.spec.metrics) if den_name else None
            num_label, den_label = part_labels(self.spec, metric, lang)
            parts = RatioParts(split, num_label, den_label, n0, n1, d0, d1, self.unit(num_metric),
                               self.unit(den_metric))
            return parts, {
                "type": "ratio",
                "numerator": {"metric": num_name, "label": num_label, "baseline": n0, "current": n1},
                "denominator": {"metric": den_name, "label": den_label, "baseline": d0, "current": d1},
                "effects": {"numerator": split.numerator_effect, "denominator": split.denominator_effect},
                "total": split.total,
                "counterfactual": split.counterfactual,
                "denominator_share": split.denominator_share,
                "scaled": window.scaled,
            }
        if plan.drivers and cur.ok and base.ok:
            rows = []
            for driver in plan.drivers:
                a = self.fetcher.get(driver, window.baseline)
                b = self.fetcher.get(driver, window.current)
                if not (a.ok and b.ok) or a.value is None or b.value is None:
                    return None, None
                d_metric = resolve_metric(driver, self.spec.metrics)
                factor = scale if _is_additive(d_metric, self.spec.metrics) else 1.0
                rows.append((driver, a.value * factor, b.value))
            before, after = [r[1] for r in rows], [r[2] for r in rows]
            # Decompose only where the identity holds on this data; otherwise the effects would not add up.
            for product, value in ((math.prod(before), base.value * scale), (math.prod(after), cur.value)):
                if abs(product - value) > IDENTITY_TOLERANCE * max(abs(value), 1e-12):
                    return None, None
            try:
                split = lmdi(before, after)
            except NotDecomposable:
                return None, None
            return None, {
                "type": "drivers",
                "drivers": [
                    {"metric": name, "label": metric_label(name, self.spec, lang), "baseline": b0, "current": b1,
                     "additive": split.additive[i],
                     "multiplicative": split.multiplicative[i] if split.multiplicative else None}
                    for i, (name, b0, b1) in enumerate(rows)],
                "total_additive": split.total_additive,
                "total_multiplicative": split.total_multiplicative,
            }
        return None, None


# the largest order's share of a sum at or above which a success it alone decides is said (a tenth: a B2B shop's
# 30 orders of about 2,000 EUR each are 3 % apiece, and a target met by one of them is not met "on one order")
ONE_ORDER_SHARE = 0.1
ONE_ORDER = Message(
    en="Met on one order: order {order} is {amount}, {share} of {label} over {period}; without it {label} would be "
       "{without}, short of {to}. A success that one order decides says little of the trend: check whether such "
       "orders recur.",
    fr="Atteint grâce à une commande : la commande {order} vaut {amount}, soit {share} de {label} sur {period} ; "
       "sans elle, {label} vaudrait {without}, en deçà de {to}. Un succès qu'une seule commande décide dit peu de "
       "la tendance : vérifiez si de telles commandes se répètent.")
NOT_COMPARABLE = Message(
    en="{metric} counts distinct items over its period: its value over {baseline} cannot be scaled to {current}, "
       "a period of another length; review it over a period as long as its baseline",
    fr="{metric} compte des éléments distincts sur sa période : sa valeur sur {baseline} ne se ramène pas à "
       "{current}, une période d'une autre durée ; revoyez-le sur une période aussi longue que sa référence")
SERVED_BY = Message(
    en="Served by {who}: {servers}; this KPI's progress may owe something to a broken guardrail or a shrinking "
       "denominator there.",
    fr="Servi par {who} : {servers} ; le progrès de ce KPI peut devoir quelque chose à un garde-fou franchi ou à "
       "un dénominateur qui fond chez eux.")
SERVED_BY_BEHIND = Message(
    en="Served by {who}: {servers}; what they broke (a guardrail, or a denominator that shrank) may be part of why "
       "this KPI is behind.",
    fr="Servi par {who} : {servers} ; ce qu'ils ont abîmé (un garde-fou, ou un dénominateur qui a fondu) peut "
       "expliquer en partie le retard de ce KPI.")
SERVES_BEHIND = Message(
    en="It serves {served}: its progress has not carried to what it serves.",
    fr="Il sert {served} : son progrès ne s'est pas transmis à ce qu'il sert.")
SERVERS_COSTLY = Message(en="KPIs whose success is toxic or hollow", fr="des KPI dont le succès est toxique ou creux")
SERVERS_AT_COST = Message(
    en="KPIs met, or on their way, while a guardrail broke or through a shrinking denominator",
    fr="des KPI atteints, ou en route, alors qu'un garde-fou a cédé ou par un dénominateur qui fond")
AFTER_DATA = Message(
    en="The as-of date {as_of} is after the data's last day ({last}): periods after it have no data.",
    fr="La date de revue {as_of} est postérieure au dernier jour des données ({last}) : les périodes "
       "suivantes n'ont pas de données.")
COMPANY_COVERED = Message(
    en="The data ends on {last}, before the end of {whole}: the company's metrics are compared over {period}, the "
       "part the data covers.",
    fr="Les données s'arrêtent au {last}, avant la fin de {whole} : les indicateurs de l'entreprise sont comparés "
       "sur {period}, la partie que les données couvrent.")
EXPORT_END = Message(
    en="After {last} the data has no order, session or e-mail event for {left} in its month: it "
       "was never more than {longest} without before, and with activity on {rate} of its last {span} "
       "days, such a run would come by chance {chance} of the time (under 5%): the data is taken to end there, "
       "not the shop's activity.",
    fr="Après le {last}, les données n'ont ni commande, ni session, ni événement d'e-mail pendant {left} "
       "du mois : elles n'en ont jamais manqué plus de {longest} de suite auparavant, et avec "
       "de l'activité sur {rate} de leurs {span} derniers jours, une telle série n'arriverait par hasard que "
       "dans {chance} des cas (moins de 5\u00a0%) : les données sont considérées comme s'arrêtant là, pas l'activité "
       "de la boutique.")
EXPORT_END_DAILY = Message(
    en="After {last} the data has no order, session or e-mail event for {left} in its month, "
       "when it had some every day before: the data is taken to end there, not the shop's activity.",
    fr="Après le {last}, les données n'ont ni commande, ni session, ni événement d'e-mail pendant {left} "
       "du mois, alors qu'elles en avaient chaque jour auparavant : les données sont considérées "
       "comme s'arrêtant là, pas l'activité de la boutique.")
QUIET_END = Message(
    en="The data's last day is {last}: {quiet_left} without activity in {period}, {why}.",
    fr="Le dernier jour des données est le {last} : {quiet_left} sans activité sur {period}, {why}.")
QUIET_RUN = Message(
    en="as the data had quiet runs as long before (up to {longest} in a row)",
    fr="les données ayant déjà eu des périodes calmes aussi longues (jusqu'à {longest} de suite)")
QUIET_CHANCE = Message(
    en="as with activity on {rate} of its last {span} days, such a run comes by chance {chance} of the time",
    fr="car avec de l'activité sur {rate} de leurs {span} derniers jours, une telle série arrive par hasard "
       "dans {chance} des cas")
UNDER = Message(en="under {value}", fr="moins de {value}")
# counts of days, said in the singular when there is one (the first and last days of the data, a quiet run)
DAYS = (Message(en="1 day", fr="1 jour"), Message(en="{n} days", fr="{n} jours"))
DAYS_LEFT = (Message(en="the day left", fr="le jour restant"),
             Message(en="the {n} days left", fr="les {n} jours restants"))
QUIET_LEFT = (Message(en="the day left in its month counts as a day", fr="le jour restant du mois compte comme un jour"),
              Message(en="the {n} days left in its month count as days",
                      fr="les {n} jours restants du mois comptent comme des jours"))
QUIET_BEFORE = (Message(en="the day before it in its month counts as a day",
                        fr="le jour qui le précède dans son mois compte comme un jour"),
                Message(en="the {n} days before it in its month count as days",
                        fr="les {n} jours qui le précèdent dans son mois comptent comme des jours"))
DAYS_OPENING = (Message(en="the first day of its month", fr="le premier jour de son mois"),
                Message(en="the {n} days of its month", fr="les {n} jours de son mois"))


def _days(phrases: tuple[Message, Message], n: int, lang: str | None) -> str:
    return phrases[0].render(lang) if n == 1 else phrases[1].render(lang, n=n)
PART_OF_COMPANY_PERIOD = Message(
    en="the data begins on {first}, inside it: a sum over part of a period is no match for a whole one",
    fr="les données commencent le {first}, en cours de période : une somme sur une partie de période ne se "
       "compare pas à une période entière")
PART_OF_PERIOD = Message(
    en="the data begins on {first}, inside {period}: a sum over the part of {period} it covers is no match for a "
       "whole period (choose a baseline the data covers)",
    fr="les données commencent le {first}, au cours de {period} : une somme sur la partie de {period} qu'elles "
       "couvrent ne se compare pas à une période entière (choisissez une référence couverte par les données)")
QUIET_START = Message(
    en="The data's first day is {first}: {quiet_before} without activity in {period}, {why}.",
    fr="Le premier jour des données est le {first} : {quiet_before} sans activité sur {period}, {why}.")
QUIET_RUN_AFTER = Message(
    en="as the data had quiet runs as long after (up to {longest} in a row)",
    fr="les données ayant ensuite eu des périodes calmes aussi longues (jusqu'à {longest} de suite)")
QUIET_CHANCE_START = Message(
    en="as with activity on {rate} of its first {span} days, such a run comes by chance {chance} of the time",
    fr="car avec de l'activité sur {rate} de leurs {span} premiers jours, une telle série arrive par hasard "
       "dans {chance} des cas")
EXPORT_START = Message(
    en="Before {first} the data has no order, session or e-mail event for {opening}: it "
       "was never more than {longest} without after, and with activity on {rate} of its first {span} days, "
       "such a run would come by chance {chance} of the time (under 5%): the data is taken to begin there, not "
       "the shop's activity.",
    fr="Avant le {first}, les données n'ont ni commande, ni session, ni événement d'e-mail pendant {opening} : "
       "elles n'en ont ensuite jamais manqué plus de {longest} de suite, et avec de "
       "l'activité sur {rate} de leurs {span} premiers jours, une telle série n'arriverait par hasard que dans "
       "{chance} des cas (moins de 5\u00a0%) : les données sont considérées comme commençant là, pas l'activité "
       "de la boutique.")
EXPORT_START_DAILY = Message(
    en="Before {first} the data has no order, session or e-mail event for {opening}, when "
       "it has some every day after: the data is taken to begin there, not the shop's activity.",
    fr="Avant le {first}, les données n'ont ni commande, ni session, ni événement d'e-mail pendant {opening}, "
       "alors qu'elles en ont chaque jour ensuite : les données sont considérées comme "
       "commençant là, pas l'activité de la boutique.")
QUIET_ORDERS = Message(
    en="The last order is on {last}, but sessions or e-mail events go on until {active}: the days after {last} "
       "count as days without orders in {period}.",
    fr="La dernière commande date du {last}, mais les sessions ou événements d'e-mail continuent jusqu'au "
       "{active} : les jours après le {last} comptent comme des jours sans commande sur {period}.")
COHORT_PARTS = {
    "repurchase": (Message(en="Repeat customers", fr="Clients ayant racheté"),
                   Message(en="First-time customers", fr="Primo-acheteurs")),
}
PART_LABELS = {
    "numerator": Message(en="Numerator", fr="Numérateur"),
    "denominator": Message(en="Denominator", fr="Dénominateur"),
}

__all__ = ["Fetcher", "Plan", "plan_kpi", "review"]
