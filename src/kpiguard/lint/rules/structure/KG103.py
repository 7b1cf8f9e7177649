"""KG103: a volume of activity set as an objective without an efficiency guardrail."""

from __future__ import annotations

from collections.abc import Iterable

from kpiguard._i18n import Message
from kpiguard.lint.advice import horizon, notes_for, protect, statement
from kpiguard.lint.context import LintContext
from kpiguard.lint.finding import Finding, Rewrite
from kpiguard.lint.rule import Rule
from kpiguard.lint.snippet import add_guardrail, kpi_data
from kpiguard.spec.models import KPI

MESSAGE = Message(
    en="{kpi!r} sets a volume of activity ({metric}) as an objective with no efficiency or quality guardrail: "
       "it rewards doing more, not doing better; add a guardrail on {quality}",
    fr="{kpi!r} fixe un volume d'activité (« {metric} ») comme objectif sans garde-fou d'efficacité ou de qualité : "
       "il récompense l'activité, pas l'efficacité ; ajoutez un garde-fou sur « {quality} »",
)
SENTENCE = Message(
    en="{to} {metric} by {by}, with {quality} held at its level (instead of \"{statement}\")",
    fr="{to} « {metric} » d'ici {by}, avec « {quality} » maintenu à son niveau (au lieu de « {statement} »)",
)


class KG103(Rule):
    """## What it does
    Flags an input KPI (a volume of activity: e-mails sent, creative concepts launched) that has a target but no
    guardrail on an efficiency or quality metric (a rate or an average, or a metric it is known to degrade).

    ## Why is this bad?
    A volume KPI rewards activity, not efficiency. "Launch 40 creative concepts" is met by launching 40 weak
    ones; "send more e-mails" saturates audiences, open rates fall and unsubscribes spike. The article's rewrite
    keeps the volume and adds the quality bar: "40 concepts, with a hit rate of at least 20 %".

    ## Example
    ```yaml
    kpis:
      - id: creative-concepts
        statement: "Lancer 40 concepts créatifs"
        metric: creative_concepts_launched
        level: input
        target: {to: 40}
    ```

    Use instead:
    ```yaml
    kpis:
      - id: creative-concepts
        statement: "40 concepts, avec un hit rate de 20 % min"
        metric: creative_concepts_launched
        level: input
        baseline: 2025-H2
        target: {from: 25, to: 40, by: 2026-06-30}
        guardrails:
          - metric: creative_hit_rate
            min: 20%
    ```
    """

    code = "KG103"
    name = "structure.volume-objective"
    severity = "warning"
    title = Message(en="Volume objective without an efficiency guardrail",
                    fr="Objectif de volume sans garde-fou d'efficacité")

    def check_kpi(self, kpi: KPI, ctx: LintContext) -> Iterable[Finding]:
        if kpi.target is None or ctx.level(kpi) != "input" or ctx.flavor(kpi.metric) is not None:
            return ()
        metric = ctx.metric(kpi.metric)
        tradeoffs = set(metric.tradeoffs) if metric is not None else set()
        for name in ctx.guarded(kpi):
            if name in tradeoffs or ctx.flavor(name) is not None:
                return ()
        quality = quality_metric(kpi.metric, ctx)
        data = kpi_data(kpi)
        add_guardrail(data, quality, **protect(ctx, quality, 0.1))
        by = horizon(kpi, ctx)
        rewrite = Rewrite(SENTENCE(to=ctx.show(kpi.target.to, kpi.metric, "Y"), metric=ctx.label(kpi.metric),
                                   quality=ctx.label(quality), by=by, statement=statement(kpi)),
                          ctx.snippet(data, notes_for(data)))
        message = MESSAGE(kpi=kpi.id, metric=ctx.label(kpi.metric), quality=ctx.label(quality))
        return (self.finding(kpi, message, kpi.loc_of("target"), rewrite),)


def quality_metric(name: str, ctx: LintContext) -> str:
    """The efficiency that a volume tends to degrade: a ratio among its trade-offs, else a ratio over it."""
    metric = ctx.metric(name)
    for candidate in (metric.tradeoffs if metric is not None else ()):
        if ctx.flavor(candidate) is not None:
            return candidate
    over = ctx.ratios_over.get(name, [])
    if over:
        return min(over, key=lambda r: ctx.flavor(r) != "rate")
    return "revenue"
