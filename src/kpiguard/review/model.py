"""The review's result objects and their JSON view (schema_version 1, docs/review.schema.json)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from kpiguard._i18n import LANGS, pick
from kpiguard.metrics.units import metric_kind
from kpiguard.review.company import CompanyMetric
from kpiguard.review.guardrails import GuardrailResult
from kpiguard.review.rolling import months_in, rolling_totals
from kpiguard.review.windows import Window
from kpiguard.spec.models import KPI, MetricDef, Spec
from kpiguard.spec.periods import Period, add_months

SCHEMA_VERSION = "1"


def _period(p: Period) -> dict[str, str]:
    return {"label": p.label, "start": p.start.isoformat(), "end": p.end.isoformat()}


def _partial(p: Period) -> bool:
    """A point of a monthly series that covers only the start of its month (the data, or the as-of date, ends
    inside it), or only its end (the data begins inside it)."""
    return p.end != add_months(p.start.replace(day=1), 1) or p.start.day != 1


def _coverage(p: Period) -> dict[str, Any]:
    """`partial`, `covered_to` (its last day read, when partial) and `covered_from` (its first day read, when
    the data begins inside the month) of a monthly series' point."""
    partial = _partial(p)
    return {"partial": partial, "covered_to": (p.end - timedelta(days=1)).isoformat() if partial else None,
            "covered_from": p.start.isoformat() if p.start.day != 1 else None}


@dataclass
class KpiReview:
    """One KPI judged on data."""

    kpi: KPI
    metric_def: MetricDef | None
    label: str
    unit: str
    direction: str
    window: Window
    current_value: float | None
    current_status: str
    current_reason: str | None
    baseline_value: float | None
    baseline_status: str
    declared_from: float | None
    from_mismatch: bool
    attainment: float | None
    expected_progress: float | None
    progress_basis: str | None
    verdict: str
    reasons: list[str]
    decomposition: dict[str, Any] | None
    guardrail_results: list[GuardrailResult]
    series: list[Any]
    guardrail_series: dict[str, list[Any]]
    target_path: list[dict[str, object]]
    level: str | None
    implicit_guardrails: bool = False
    segments: dict[str, Any] | None = None  # what moved an additive KPI, by segment (review/segments.py)
    scaled_target: tuple[float | None, float] | None = None  # FROM, TO pro rata of the window (--period)
    target_scale: float | None = None  # the factor FROM and TO were multiplied by (scaled_target)
    reasons_i18n: dict[str, list[str]] = field(default_factory=dict)
    guardrail_reasons_i18n: list[dict[str, str]] = field(default_factory=list)
    guardrail_units: dict[str, str] = field(default_factory=dict)  # metric -> unit its values are shown in
    baseline_pro_rata: bool = False  # baseline_value is the baseline's sum scaled by window.scaled
    met_at_baseline: bool = False  # the measured baseline already met the target: a success here was not earned
    met_by_season: bool = False  # a success the season gave: the same months a year earlier already met the target
    noise: dict[str, Any] | None = None  # the gap that decided the verdict, tested against noise (verdict.noise_check)

    @property
    def id(self) -> str:
        return self.kpi.id

    @property
    def metric_label(self) -> str:
        return self.label

    @property
    def heading_for_toxic(self) -> bool:
        """On track while a guardrail is breached: met this way, the target would be a toxic success."""
        from kpiguard.review.verdict import heading_for_toxic

        return heading_for_toxic(self.verdict, self.guardrail_results)

    def to_dict(self) -> dict[str, Any]:
        kpi, target, window = self.kpi, self.kpi.target, self.window
        metric = self.metric_def
        guardrails = []
        for index, result in enumerate(self.guardrail_results):
            item = result.to_dict()
            item["implicit"] = self.implicit_guardrails
            item["unit"] = self.guardrail_units.get(result.metric, "")
            if index < len(self.guardrail_reasons_i18n):
                item["reason_i18n"] = self.guardrail_reasons_i18n[index]
            guardrails.append(item)
        return {
            "id": kpi.id,
            "statement": kpi.statement,
            "metric": kpi.metric,
            "metric_label": self.label,
            "level": self.level,
            "owner": kpi.owner,
            "contributors": list(kpi.contributors),
            "visibility": list(kpi.visibility),
            "serves": list(kpi.serves),
            "unit": self.unit,
            "kind": metric_kind(metric),
            "direction": self.direction,
            "cadence": kpi.cadence,
            "baseline": {
                **_period(window.baseline),
                "period": window.baseline.label,
                "value": self.baseline_value,
                "status": self.baseline_status,
                "declared_from": self.declared_from,
                "from_mismatch": self.from_mismatch,
                "implicit": window.implicit_baseline,
                "scaled": window.scaled,
                "pro_rata": self.baseline_pro_rata,
            },
            "current": {
                **_period(window.current),
                "period": window.current.label,
                "value": self.current_value,
                "status": self.current_status,
                "reason": self.current_reason,
                "at_deadline": window.at_deadline,
                "shifted_for_maturity": window.shifted_for_maturity,
            },
            "target": {
                "from": target.from_ if target else None,
                "to": target.to if target else None,
                "by": target.by.isoformat() if target and target.by else None,
                # over the review window when it is not the baseline's length (sums and counts, --period)
                "scaled_from": self.scaled_target[0] if self.scaled_target else None,
                "scaled_to": self.scaled_target[1] if self.scaled_target else None,
                "scale": self.target_scale,
            },
            "attainment": self.attainment,
            "expected_progress": self.expected_progress,
            "progress_basis": self.progress_basis,
            "verdict": self.verdict,
            "met_at_baseline": self.met_at_baseline,
            "met_by_season": self.met_by_season,
            "heading_for_toxic": self.heading_for_toxic,
            "within_noise": bool(self.noise and self.noise["within"]),
            "noise": self.noise,
            "reasons": list(self.reasons),
            "reasons_i18n": self.reasons_i18n,
            "decomposition": self.decomposition,
            "segments": self.segments,
            "guardrails": guardrails,
            "series": [{"period": v.period.label, "start": v.period.start.isoformat(),
                        "value": v.value if v.ok else None, "numerator": v.numerator, "denominator": v.denominator,
                        "status": v.status, **_coverage(v.period)} for v in self.series],
            "guardrail_series": {name: [{"period": v.period.label, "start": v.period.start.isoformat(),
                                         "value": v.value if v.ok else None, **_coverage(v.period)}
                                        for v in values]
                                 for name, values in self.guardrail_series.items()},
            "target_path": self.target_path,
            "series_rolling": self._rolling(),
        }

    def _rolling(self) -> dict[str, Any] | None:
        """The monthly series summed over the baseline's length, when that reproduces the judged values (a sum
        or a count with a baseline of several months): what the report draws and tabulates for a yearly TO."""
        if metric_kind(self.metric_def) not in ("amount", "count") or self.baseline_value is None:
            return None
        base, cur = self.baseline_value, self.current_value
        scale = self.window.scaled
        if scale and (self.baseline_pro_rata or self.scaled_target is not None):
            # --period of another length: the totals stay on the baseline's own length, as FROM -> TO
            base, cur = base / scale, None
        months = months_in(self.window.baseline)
        # (a month the review reads only part of is no month of a total: a 12-month total ending on it would
        # be 11 months and a half, drawn as a fall)
        points = [{"date": v.period.start.isoformat(), "value": v.value} for v in self.series
                  if v.ok and v.value is not None and not _partial(v.period)]
        rolled = rolling_totals(points, months, base, [(self.window.baseline, base), (self.window.current, cur)])
        return None if rolled is None else {"months": months, "values": rolled}


@dataclass
class Review:
    """Every KPI of a spec judged on data, and the company's answer."""

    spec: Spec
    as_of: date
    data_start: date | None
    data_end: date | None
    period: Period
    company_baseline: Period
    year_over_year: bool
    better_off: str
    company_reasons: list[str]
    company_reasons_i18n: dict[str, list[str]]
    company_metrics: list[CompanyMetric]
    kpis: list[KpiReview]
    findings: list[Any]
    lang: str
    compute_calls: int = 0
    data_warnings_i18n: list[dict[str, str]] = field(default_factory=list)  # review.quality, every language

    @property
    def data_warnings(self) -> list[str]:
        return [w.get(self.lang) or next(iter(w.values())) for w in self.data_warnings_i18n]

    def kpi(self, kpi_id: str) -> KpiReview:
        return next(k for k in self.kpis if k.id == kpi_id)

    @property
    def verdicts(self) -> dict[str, str]:
        return {k.id: k.verdict for k in self.kpis}

    def to_dict(self) -> dict[str, Any]:
        from kpiguard import __version__

        spec = self.spec
        return _finite({
            "schema_version": SCHEMA_VERSION,
            "generated_by": f"kpiguard {__version__}",
            "lang": self.lang,
            "spec": {"name": spec.name, "path": spec.path, "currency": spec.currency, "timezone": spec.timezone,
                     "teams": {key: team.name for key, team in spec.teams.items()}},
            "as_of": self.as_of.isoformat(),
            "data": {"start": self.data_start.isoformat() if self.data_start else None,
                     "end": self.data_end.isoformat() if self.data_end else None,
                     "warnings": self.data_warnings,
                     "warnings_i18n": {lang: [w[lang] for w in self.data_warnings_i18n]
                                       for lang in LANGS}},
            "period": _period(self.period),
            "company": {
                "better_off": self.better_off,
                "reasons": list(self.company_reasons),
                "reasons_i18n": self.company_reasons_i18n,
                "baseline_period": _period(self.company_baseline),
                "year_over_year": self.year_over_year,
                "metrics": [m.to_dict() for m in self.company_metrics],
            },
            "kpis": [k.to_dict() for k in self.kpis],
            "findings": [f.to_dict() if hasattr(f, "to_dict") else f for f in self.findings],
        })

    def to_frame(self):
        """One row per KPI (pandas DataFrame): the values, the verdict and its headline reason."""
        import pandas as pd

        rows = []
        for k in self.kpis:
            target = k.kpi.target
            rows.append({
                "id": k.id, "metric": k.kpi.metric, "level": k.level, "owner": k.kpi.owner,
                "period": k.window.current.label, "baseline_period": k.window.baseline.label,
                "baseline": k.baseline_value, "current": k.current_value,
                "from": target.from_ if target else None, "to": target.to if target else None,
                "by": target.by if target else None, "attainment": k.attainment,
                "expected_progress": k.expected_progress, "verdict": k.verdict,
                "heading_for_toxic": k.heading_for_toxic,
                "reason": k.reasons[0] if k.reasons else None,
                "guardrails_breached": sum(g.status == "breached" for g in k.guardrail_results),
            })
        return pd.DataFrame(rows).set_index("id") if rows else pd.DataFrame(rows)


def _finite(value: Any) -> Any:
    """JSON has no NaN or infinity: a value the data cannot give is null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


def label_of(metric: MetricDef | None, name: str) -> str:
    if metric is None:
        return name
    return pick(metric.label) or name


__all__ = ["SCHEMA_VERSION", "KpiReview", "Review"]
