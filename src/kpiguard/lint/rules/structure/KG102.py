"""KG102: a rate target standing alone."""

from __future__ import annotations

from collections.abc import Iterable

from kpiguard._i18n import Message
from kpiguard.lint.advice import horizon, notes_for, protect, retarget, statement
from kpiguard.lint.context import LintContext
from kpiguard.lint.finding import Finding, Rewrite
from kpiguard.lint.rule import Rule
from kpiguard.lint.snippet import TODO, add_guardrail, kpi_data
from kpiguard.spec.models import KPI

MESSAGE = Message(
    en="{kpi!r} sets a rate ({metric}) as a target on its own: a rate moves as much with its base ({denominator}) "
       "as with what it counts, and says nothing of the value created; steer {better} instead, or guard the "
       "volume and the value it comes from",
    fr="{kpi!r} fixe un taux (« {metric} ») comme objectif isolé : un taux bouge autant avec sa base "
       "(« {denominator} ») qu'avec ce qu'il compte, et ne dit rien de la valeur créée ; pilotez plutôt "
       "« {better} », ou protégez le volume et la valeur dont il dépend",
)
SENTENCE = Message(
    en="Improve {better} from X to Y by {by}, without degrading {metric} (instead of \"{statement}\")",
    fr="Améliorer « {better} » de X à Y d'ici {by}, sans dégrader « {metric} » (au lieu de « {statement} »)",
)

SENTENCE_BASE = Message(
    en="Improve {better} from X to Y by {by}, without degrading {metric} nor letting {base} fall (instead of "
       "\"{statement}\")",
    fr="Améliorer « {better} » de X à Y d'ici {by}, sans dégrader « {metric} » ni laisser baisser « {base} » (au lieu "
       "de « {statement} »)",
)


class KG102(Rule):
    """## What it does
    Flags an input or output KPI whose target is a rate (conversion, open rate, click rate) with no guardrail on
    its numerator, its denominator, the volume it is taken on (an input count: e-mails sent, sessions) or any
    value (an amount or an average).

    ## Why is this bad?
    "Conversion at 5 %" can be met by buying less traffic (the base shrinks) or by discounting (each order is
    worth less). The rate says nothing about the value created. The article's rewrite is "improve revenue per
    visitor by 7 %": an average that carries value and volume at once, or an absolute target. An outcome rate
    (repurchase at 90 days) is followed rather than steered, and is not flagged.

    ## Example
    ```yaml
    kpis:
      - id: conversion
        statement: "Conversion à 5 %"
        metric: conversion_rate
        level: output
        target: {to: 5%}
    ```

    Use instead:
    ```yaml
    kpis:
      - id: revenue-per-visitor
        statement: "Améliorer le revenu par visiteur de 7 %"
        metric: revenue_per_visitor
        level: output
        baseline: 2025
        target: {from: 2.10, to: 2.25, by: 2026-12-31}
        guardrails:
          - metric: conversion_rate
            max_decrease: 5%
    ```
    """

    code = "KG102"
    name = "structure.rate-alone"
    severity = "warning"
    title = Message(en="Rate target standing alone", fr="Objectif de taux isolé")

    def check_kpi(self, kpi: KPI, ctx: LintContext) -> Iterable[Finding]:
        if kpi.target is None or ctx.flavor(kpi.metric) != "rate" or ctx.level(kpi) == "outcome":
            return ()
        metric = ctx.metric(kpi.metric)
        guarded = ctx.guarded(kpi)
        if guarded & {metric.numerator, metric.denominator}:
            return ()
        for name in guarded:
            found = ctx.metric(name)
            if found is not None and (found.kind == "amount" or ctx.flavor(name) == "average"):
                return ()
            # The volume the rate is taken on (e-mails sent for an unsubscribe rate, sessions for conversion):
            # the rate cannot be bought by cutting it.
            if found is not None and found.kind == "count" and ctx.level_of_metric(name) == "input":
                return ()
        better = self._better_metric(kpi.metric, ctx) or metric.numerator or kpi.metric
        data = kpi_data(kpi)
        retarget(data, kpi, better, ctx)
        data.pop("statement", None)
        data["target"] = {"from": TODO, "to": TODO, "by": kpi.target.by or TODO}
        if better != kpi.metric:
            add_guardrail(data, kpi.metric, **protect(ctx, kpi.metric, 0.05))
        sentence = SENTENCE
        if better == metric.numerator and metric.denominator and ctx.direction(better) == "down":
            # Fewer disputes, fewer unsubscribes: the count falls as well when the base shrinks (fewer orders,
            # fewer e-mails); the base held up, it can only fall by doing better.
            add_guardrail(data, metric.denominator, max_decrease=0.0)
            sentence = SENTENCE_BASE
        rewrite = Rewrite(sentence(better=ctx.label(better), metric=ctx.label(kpi.metric), by=horizon(kpi, ctx),
                                   base=ctx.label(metric.denominator or ""), statement=statement(kpi)),
                          ctx.snippet(data, notes_for(data)))
        message = MESSAGE(kpi=kpi.id, metric=ctx.label(kpi.metric), denominator=ctx.label(metric.denominator or "?"),
                          better=ctx.label(better))
        return (self.finding(kpi, message, kpi.loc_of("metric"), rewrite),)

    @staticmethod
    def _better_metric(rate: str, ctx: LintContext) -> str | None:
        """The value per unit of traffic that the rate drives (conversion_rate -> revenue_per_visitor)."""
        for parent in ctx.parents.get(rate, ()):
            averages = ctx.averages_of.get(parent, [])
            # Prefer an average over the traffic (an input: visitors) to one over the outputs (orders).
            averages = sorted(averages, key=lambda a: ctx.level_of_metric(ctx.metric(a).denominator) != "input")
            if averages:
                return averages[0]
            return parent
        return None
