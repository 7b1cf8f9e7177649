"""Shared pieces of the rewrites: the notes a snippet carries and the thresholds that protect a metric."""

from __future__ import annotations

from typing import Any

from kpiguard._i18n import Message
from kpiguard.lint.context import LintContext
from kpiguard.lint.snippet import TODO
from kpiguard.spec.models import KPI

NOTE_FROM = Message(en="from: the value over the baseline period (`kpiguard review` computes it)",
                    fr="from : la valeur sur la période de référence (`kpiguard review` la calcule)")
NOTE_METRIC = Message(en="metric: an output the team controls (`kpiguard rules` and the catalog list them)",
                      fr="metric : un output que l'équipe maîtrise (voir le catalogue des métriques)")
NOTE_TO = Message(en="to: the value to reach", fr="to : la valeur à atteindre")
NOTE_BY = Message(en="by: the horizon, a date such as 2026-12-31 or a period such as 2026-Q4",
                  fr="by : l'horizon, une date comme 2026-12-31 ou une période comme 2026-Q4")
NOTE_THRESHOLD = Message(en="thresholds are a starting point: set them from your own history",
                         fr="les seuils sont un point de départ : fixez-les d'après votre historique")
NOTE_REASON = Message(en="noqa: say why the rule does not apply here; an empty reason is itself a finding",
                      fr="noqa : dites pourquoi la règle ne s'applique pas ici ; une raison vide est elle-même signalée")


def protect(ctx: LintContext, metric: str, tolerance: float) -> dict[str, float]:
    """A relative threshold that stops `metric` from degrading by more than `tolerance`."""
    return {"max_increase": tolerance} if ctx.direction(metric) == "down" else {"max_decrease": tolerance}


def notes_for(data: dict[str, Any]) -> list[str]:
    """What is left to fill in a snippet (values written `~`)."""
    target = data.get("target") or {}
    notes = [NOTE_METRIC()] if data.get("metric") is TODO else []
    if target.get("from") is TODO:
        notes.append(NOTE_FROM())
    if target.get("to") is TODO:
        notes.append(NOTE_TO())
    if target.get("by") is TODO:
        notes.append(NOTE_BY())
    if data.get("guardrails"):
        notes.append(NOTE_THRESHOLD())
    return notes


def baseline_label(kpi: KPI) -> str:
    """The baseline period as a sentence says it (X when none is declared)."""
    return kpi.baseline.label if kpi.baseline is not None else "X"


def horizon(kpi: KPI) -> str:
    return kpi.target.by.isoformat() if kpi.target is not None and kpi.target.by is not None else "X"


def statement(kpi: KPI) -> str:
    return kpi.statement or kpi.id
