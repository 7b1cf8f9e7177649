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
    # a share of a catalog count or amount in a scope ("25 % des commandes via l'e-mail"): the scope's part, a
    # simple metric (`name`, `table`, `measure`, `filter`: None where the data must say it), over `denominator`
    part: dict[str, Any] | None = None
    denominator: str | None = None
    scope: str | None = None

    @property
    def complete(self) -> bool:
        """Every field is known (a share of orders by e-mail): the spec can declare it as is, without a `~`."""
        return self.part is not None and all(v is not None for v in self.part.values())

    def to_dict(self) -> dict[str, Any]:
        out = {"name": self.name, "said": self.said, "type": self.computation, "unit": self.unit,
               "direction": self.direction, "baseline": self.baseline,
               "target": {k: (v.isoformat() if isinstance(v, date) else v) for k, v in self.target.items()}}
        if self.part is not None:
            out.update(numerator=dict(self.part), denominator=self.denominator)
        return out


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
    # a deadline only when the sentence gives one, as the draft KPI of a catalog metric ("Cut CAC to $40" has no
    # `by`: KG202 asks for it); the FROM of a relative target is still measured on a period (the year before the
    # deadline, or before the end of this year)
    said_by = parse.horizon.deadline(today) if parse.horizon is not None else None
    if said_by is not None:
        target["by"] = said_by
    deadline = said_by or default_deadline(today)
    baseline = None
    if parse.baseline is not None:
        baseline = resolve_baseline(parse.baseline, today, deadline,
                                    parse.horizon.label if parse.horizon is not None else None)
    elif relative:  # the period the FROM is measured on, as the rewrites of catalog metrics propose it
        baseline = default_baseline(deadline, today)
    draft = CustomMetricDraft(name=metric_name(parse.unsupported), said=parse.unsupported,
                              computation="ratio" if percent else "simple", unit=unit, direction=direction,
                              target=target, baseline=baseline, percent=percent,
                              change=parse.change if parse.to is None else None,
                              guardrails=[{"metric": g.metric, **{k: v for k, v in g.model_dump().items()
                                                                  if k in _THRESHOLDS and v is not None}}
                                          for g in guardrails_of(parse)])
    if parse.share_of is not None:
        _as_share(draft, *parse.share_of)
    return draft


_THRESHOLDS = ("max_increase", "max_decrease", "min", "max")

# The condition that keeps a scope's rows, on a canonical table, where the canonical schema says it (e-mail
# revenue is `utm_medium = 'email'`); any other scope's condition depends on the data and is left to fill in.
_SCOPE_FILTERS = {("orders", "email"): "utm_medium = 'email'"}
# A catalog count computed by kpiguard itself, as the simple metric over orders it is (docs/canonical-schema.md).
_BUILTIN_AS_SIMPLE = {"active_customers": ("orders", "count(distinct customer_id)",
                                           "coalesce(status, 'completed') = 'completed'")}


def _as_share(draft: CustomMetricDraft, metric: str, scope: str) -> None:
    """A share of a catalog metric in a scope: the scope's part (the catalog metric's table, measure and filter,
    narrowed by the scope's condition) over the catalog metric itself ("25 % des commandes via l'e-mail":
    `email_orders` / `orders`). What the data must say (a scope's column, a built-in's computation) stays None."""
    from kpiguard.catalog import builtin_metrics

    base = builtin_metrics()[metric]
    table, measure, condition = (base.table, base.measure, base.filter) if base.type == "simple" else \
        _BUILTIN_AS_SIMPLE.get(metric, (None, None, None))
    narrowed = _SCOPE_FILTERS.get((table, scope)) if table else None
    draft.name, draft.computation, draft.unit = f"{scope}_{metric}_share", "ratio", None
    draft.part = {"name": f"{scope}_{metric}", "table": table, "measure": measure,
                  "filter": None if narrowed is None else
                  f"{condition} and {narrowed}" if condition else narrowed}
    draft.denominator, draft.scope = metric, scope


def _direction(parse: Parse) -> str | None:
    """`up` / `down` as the sentence says it: a ceiling or a reduction wants less, a floor or a rise more."""
    if parse.bound == "max" or parse.direction == "reduce":
        return "down"
    if parse.bound == "min" or parse.direction == "increase":
        return "up"
    return None


__all__ = ["CustomMetricDraft", "custom_metric", "metric_name"]
