"""KG401: a trade-off left unguarded across teams."""

from __future__ import annotations

from collections.abc import Iterable

from kpiguard._i18n import Message
from kpiguard.lint.advice import notes_for, statement
from kpiguard.lint.context import LintContext
from kpiguard.lint.finding import Finding, Rewrite
from kpiguard.lint.rule import Rule
from kpiguard.lint.snippet import add_guardrail
from kpiguard.spec.models import KPI

MESSAGE = Message(
    en="{kpi!r} pushes {metric}{down}, which tends to degrade {victims}; no guardrail covers {them}: add one so "
       "that the push cannot be paid for by {whom}",
    fr="{kpi!r} pousse « {metric} »{down}, ce qui tend à dégrader {victims} ; aucun garde-fou ne {them_fr} couvre : "
       "ajoutez-en un pour que la poussée ne soit pas payée par {whom}",
)
VICTIM_KPI = Message(en="{metric} (KPI {kpi!r} of {team!r})", fr="« {metric} » (KPI {kpi!r} de {team!r})")
VICTIM_OUTCOME = Message(en="{metric} (a company outcome)", fr="« {metric} » (un outcome de l'entreprise)")
# a metric where less is better is pushed down (a cost per box): "pushes Cost per box" alone reads as a rise
DOWN = Message(en=" down", fr=" à la baisse")
OTHERS = Message(en="other teams or the company", fr="d'autres équipes ou l'entreprise")
THEM = Message(en="them", fr="les")
IT = Message(en="it", fr="le")
SENTENCE = Message(en="\"{statement}\", without degrading {metrics}", fr="« {statement} », sans dégrader {metrics}")


class KG401(Rule):
    """## What it does
    Flags a KPI with a target whose metric has declared trade-offs (metrics that tend to degrade when it is
    pushed, from the catalog or the spec) that are another team's KPI metric or a company outcome, when no
    guardrail of the KPI covers them. On a share whose only unguarded trade-off is its whole, KG101 says it instead,
    at the higher of the two severities; silence KG101 and this rule speaks again. Where it says what KG105 or KG106
    would (a cut, or a push, guarded against none of its trade-offs), its rewrite carries their guardrails too: a
    clearance of dormant stock guards the average basket a discount shrinks, not only another team's conversion.

    ## Why is this bad?
    An isolated objective parasites the strategy. Told to clear dormant stock, the product team pushes it on the
    homepage: the items have no pull, they cannibalise the new products, conversion and the average basket fall,
    and the acquisition team misses its own KPI. Pushed to raise the e-mail share, CRM saturates audiences while
    total revenue falls. The trade-off crosses teams, so the guardrail must be written where the push is.
    Outcomes are followed, not pushed, and are not flagged.

    ## Example
    ```yaml
    kpis:
      - id: dormant-stock
        metric: dormant_skus_cleared
        level: output
        owner: product
        baseline: 2025-Q4
        target: {from: 0, to: 10, by: 2026-06-30}
      - id: conversion
        metric: conversion_rate
        level: output
        owner: acquisition
        baseline: 2025
        target: {from: 2.0%, to: 2.4%, by: 2026-12-31}
    ```

    Use instead:
    ```yaml
    kpis:
      - id: dormant-stock
        metric: dormant_skus_cleared
        level: output
        owner: product
        baseline: 2025-Q4
        target: {from: 0, to: 10, by: 2026-06-30}
        guardrails:
          - metric: conversion_rate
            max_decrease: 2%
      - id: conversion
        metric: conversion_rate
        level: output
        owner: acquisition
        baseline: 2025
        target: {from: 2.0%, to: 2.4%, by: 2026-12-31}
    ```
    """

    code = "KG401"
    name = "tradeoffs.unguarded-across-teams"
    severity = "warning"
    # The docstring's "What it does" and "Why is this bad?" in French (`kpiguard --lang fr rule KG401`)
    doc_fr = """## What it does
    Signale un KPI avec un objectif dont la métrique a des arbitrages déclarés (des métriques qui tendent à
    se dégrader quand on la pousse, au catalogue ou dans la spec) qui sont la métrique du KPI d'une autre
    équipe ou un outcome de l'entreprise, quand aucun garde-fou du KPI ne les couvre. Sur une part dont le
    seul arbitrage sans garde-fou est son tout, KG101 le dit à sa place, à la plus haute des deux sévérités
    ; faites taire KG101 et cette règle parle de nouveau. Là où elle dit ce que diraient KG105 ou KG106 (une
    baisse, ou une poussée, protégée contre aucun de ses arbitrages), sa réécriture porte aussi leurs
    garde-fous : écouler le stock dormant protège le panier moyen qu'une remise fait baisser, pas seulement
    la conversion d'une autre équipe.

    ## Why is this bad?
    Un objectif isolé parasite la stratégie. Chargée d'écouler le stock dormant, l'équipe produit le pousse
    en page d'accueil : les articles n'ont pas de demande, ils cannibalisent les nouveautés, la conversion
    et le panier moyen baissent, et l'équipe acquisition manque son propre KPI. Poussé à augmenter la part
    de l'e-mail, le CRM sature les audiences pendant que le CA total baisse. L'arbitrage traverse les
    équipes : le garde-fou doit donc être écrit là où se fait la poussée. Les outcomes se suivent, ils ne se
    poussent pas, et ne sont pas signalés.
    """
    summary = Message(
        en="A KPI with a target whose trade-offs (metrics that degrade when it is pushed) are another"
           " team's KPI or a company outcome, with no guardrail on them.",
        fr="Un KPI avec un objectif dont les arbitrages (les métriques qui se dégradent quand on le "
           "pousse) sont le KPI d'une autre équipe ou un outcome de l'entreprise, sans garde-fou "
           "dessus.",
    )
    title = Message(en="Trade-off left unguarded across teams", fr="Arbitrage entre équipes sans garde-fou")

    def check_kpi(self, kpi: KPI, ctx: LintContext) -> Iterable[Finding]:
        if kpi.target is None or ctx.level(kpi) == "outcome":
            return ()
        metric = ctx.metric(kpi.metric)
        if metric is None or not metric.tradeoffs:
            return ()
        guarded = ctx.guarded(kpi)
        victims: list[tuple[str, str]] = []
        for name in metric.tradeoffs:
            if name in guarded or name == kpi.metric:
                continue
            # An unowned KPI is nobody's yet (KG310 asks for its owner): not "another team's".
            other = next((k for owner, k in ctx.owners_by_metric.get(name, {}).items()
                          if owner is not None and owner != kpi.owner), None)
            if other is not None:
                victims.append((name, VICTIM_KPI(metric=ctx.label(name), kpi=other.id, team=other.owner or "?")))
            elif name in ctx.company_outcomes:
                victims.append((name, VICTIM_OUTCOME(metric=ctx.label(name))))
        if not victims:
            return ()
        data = ctx.kpi_data(kpi, self.code)
        # Guarded against none of its trade-offs, the KPI is what KG105 and KG106 flag too (they give way to this
        # finding): every trade-off is guarded, the push's own first (the average basket a clearance by discount
        # shrinks), so that the sentence says what the rewrite, carrying their fixes, guards
        protected = [n for n, _ in victims]
        if not set(metric.tradeoffs) & guarded:
            protected = list(dict.fromkeys([*(t for t in metric.tradeoffs if t != kpi.metric), *protected]))
        for name in protected:
            add_guardrail(data, name, **({"max_increase": 0.0} if ctx.direction(name) == "down"
                                         else {"max_decrease": 0.0}))
        rewrite = Rewrite(SENTENCE(statement=statement(kpi), metrics=ctx.labels_nor(protected)),
                          ctx.snippet(data, notes_for(data)))
        message = MESSAGE(kpi=kpi.id, metric=ctx.label(kpi.metric), victims="; ".join(v for _, v in victims),
                          down=DOWN() if ctx.direction(kpi.metric) == "down" else "",
                          them=(THEM if len(victims) > 1 else IT)(), them_fr=(THEM if len(victims) > 1 else IT)("fr"),
                          whom=OTHERS())
        # A share pushed at the expense of its own whole is KG101's case: its rewrite guards the whole.
        whole_only = ctx.flavor(kpi.metric) == "share" and {name for name, _ in victims} == {metric.denominator}
        return (self.finding(kpi, message, kpi.loc_of("metric"), rewrite, ("KG101",) if whole_only else ()),)
