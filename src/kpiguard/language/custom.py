"""A measure the catalog does not compute (CAC, NPS, bounce rate...) -> a custom metric and its KPI, as a draft.

kpiguard never maps such a sentence to a neighbouring catalog metric: it says it cannot compute the measure and
drafts what the spec would need, a `metrics:` entry whose computation the user fills in (a table and an
aggregate, or a ratio of two metrics) and the KPI on it with the sentence's own numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kpiguard.language.draft import guardrails_of
from kpiguard.language.grammar import Parse
from kpiguard.language.horizons import resolve_baseline
from kpiguard.language.quantities import Quantity
from kpiguard.language.text import fold
from kpiguard.lint.advice import default_baseline, default_deadline


@dataclass(slots=True)
class CustomMetricDraft:
    """The custom metric a sentence asks for: its name, how it may be computed, and the KPI on it.

    `computation` is `simple` (a table and an aggregate), or `ratio` for a rate or a share (two metrics); the
    fields the sentence cannot give are None (written `~`, to fill in)."""

    name: str
    said: str
    computation: str
    unit: str | None
    direction: str | None
    target: dict[str, Any] = field(default_factory=dict)
    baseline: str | None = None
    percent: bool = False
    change: Quantity | None = None  # a relative target whose FROM is not measured yet: the TO follows from it
    guardrails: list[dict[str, Any]] = field(default_factory=list)  # the sentence's own, on catalog metrics

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "said": self.said, "type": self.computation, "unit": self.unit,
                "direction": self.direction, "baseline": self.baseline,
                "target": {k: (v.isoformat() if isinstance(v, date) else v) for k, v in self.target.items()}}


def metric_name(said: str) -> str:
    """A spec name from the sentence's words: "CAC" -> `cac`, "taux de rebond" -> `taux_de_rebond`."""
    name = re.sub(r"[^a-z0-9]+", "_", fold(said)).strip("_")
    if not name or not name[0].isalpha():
        name = f"custom_{name}".rstrip("_")
    return name[:40].rstrip("_")


def custom_metric(parse: Parse, today: date) -> CustomMetricDraft | None:
    """The draft for a sentence naming a measure the catalog lacks; None for any other sentence."""
    if parse.metric is not None or parse.unsupported is None:
        return None
    percent = any(q is not None and q.unit == "%" for q in (parse.from_, parse.to)) or parse.kind in ("rate", "share")
    money = parse.kind == "amount" or any(q is not None and q.is_currency for q in (parse.from_, parse.to, parse.change))
    unit = "{currency}" if money and not percent else None
    direction = _direction(parse)
    target: dict[str, Any] = {}
    relative = parse.to is None and parse.change is not None  # "Réduire de moitié le churn": FROM to measure
    if parse.from_ is not None or relative:
        target["from"] = parse.from_.spec_value() if parse.from_ is not None else None
    target["to"] = parse.to.spec_value() if parse.to is not None else None
    deadline = parse.horizon.deadline(today) if parse.horizon is not None else default_deadline(today)
    target["by"] = deadline
    baseline = None
    if parse.baseline is not None:
        baseline = resolve_baseline(parse.baseline, today, deadline,
                                    parse.horizon.label if parse.horizon is not None else None)
    elif relative:  # the period the FROM is measured on, as the rewrites of catalog metrics propose it
        baseline = default_baseline(deadline, today)
    return CustomMetricDraft(name=metric_name(parse.unsupported), said=parse.unsupported,
                             computation="ratio" if percent else "simple", unit=unit, direction=direction,
                             target=target, baseline=baseline, percent=percent,
                             change=parse.change if parse.to is None else None,
                             guardrails=[{"metric": g.metric, **{k: v for k, v in g.model_dump().items()
                                                                 if k in _THRESHOLDS and v is not None}}
                                         for g in guardrails_of(parse)])


_THRESHOLDS = ("max_increase", "max_decrease", "min", "max")


def _direction(parse: Parse) -> str | None:
    """`up` / `down` as the sentence says it: a ceiling or a reduction wants less, a floor or a rise more."""
    if parse.bound == "max" or parse.direction == "reduce":
        return "down"
    if parse.bound == "min" or parse.direction == "increase":
        return "up"
    return None


__all__ = ["CustomMetricDraft", "custom_metric", "metric_name"]
