"""KG310: a KPI with a target that no team owns."""

from __future__ import annotations

from collections.abc import Iterable

from kpiguard._i18n import Message
from kpiguard.lint.advice import proposed_owner, statement
from kpiguard.lint.context import LintContext
from kpiguard.lint.finding import Finding, Rewrite
from kpiguard.lint.rule import Rule
from kpiguard.spec.models import KPI

MESSAGE = Message(
    en="{kpi!r} has a target but no owner: no team answers for it, so none is steered by it; give it one team "
       "(`owner:`), even if others contribute",
    fr="{kpi!r} a un objectif mais pas de responsable : aucune équipe n'en répond, aucune n'est donc pilotée par "
       "lui ; confiez-le à une équipe (`owner:`), même si d'autres y contribuent",
)
NOTE = Message(en="owner: the one team accountable ({team} is a guess: {why})",
               fr="owner : l'équipe qui en répond ({team} est une proposition : {why})")
SENTENCE = Message(en="\"{statement}\", owned by {team}", fr="« {statement} », porté par {team}")


class KG310(Rule):
    """## What it does
    Flags a KPI with a target and no `owner`, in a spec that declares its teams or, without a `teams` section,
    names two teams or more (as owners, contributors or viewers). (A spec kept by one person, naming one team or
    none, is not flagged.)

    ## Why is this bad?
    A collective KPI can be assigned, and should be: the article asks to share its visibility "even if only one
    team carries it". Owned by nobody, the target steers no one: each contributor can claim it when it is met
    and disown it when it is missed, and no output, guardrail or trade-off can be checked against a team.

    ## Example
    ```yaml
    teams:
      crm: {name: CRM}
      product: {name: Product}
    kpis:
      - id: repurchase-90d
        metric: repurchase_rate_90d
        level: outcome
        contributors: [crm, product]
        baseline: 2025
        target: {from: 8%, to: 12%, by: 2026-12-31}
    ```

    Use instead:
    ```yaml
    teams:
      crm: {name: CRM}
      product: {name: Product}
    kpis:
      - id: repurchase-90d
        metric: repurchase_rate_90d
        level: outcome
        owner: crm
        contributors: [crm, product]
        baseline: 2025
        target: {from: 8%, to: 12%, by: 2026-12-31}
    ```
    """

    code = "KG310"
    name = "collective.target-without-owner"
    severity = "warning"
    # The docstring's "What it does" and "Why is this bad?" in French (`kpiguard --lang fr rule KG310`)
    doc_fr = """## What it does
    Signale un KPI avec un objectif et sans `owner`, dans une spec qui déclare ses équipes ou, sans section
    `teams`, nomme deux équipes ou plus (comme responsables, contributeurs ou lecteurs). (Une spec tenue par
    une seule personne, qui nomme une équipe ou aucune, n'est pas signalée.)

    ## Why is this bad?
    Un KPI collectif peut être confié, et il doit l'être : l'article demande d'en partager la visibilité «
    même si une seule équipe le porte ». Porté par personne, l'objectif ne pilote personne : chaque
    contributeur peut le revendiquer quand il est atteint et le renier quand il est manqué, et aucun output,
    garde-fou ou arbitrage ne peut être vérifié par rapport à une équipe.
    """
    summary = Message(
        en="A KPI with a target and no `owner`, in a spec shared by several teams.",
        fr="Un KPI avec un objectif et sans responsable (`owner`), dans une spec partagée par "
           "plusieurs équipes.",
    )
    title = Message(en="Target that no team owns", fr="Objectif sans équipe responsable")

    def check_kpi(self, kpi: KPI, ctx: LintContext) -> Iterable[Finding]:
        proposed = proposed_owner(kpi, ctx)
        if proposed is None:
            return ()
        team, why = proposed
        data = ctx.kpi_data(kpi, self.code)
        data["owner"] = team
        rewrite = Rewrite(SENTENCE(statement=statement(kpi), team=team), ctx.snippet(data, [NOTE(team=team, why=why)]))
        return (self.finding(kpi, MESSAGE(kpi=kpi.id), kpi.loc_of("id"), rewrite),)
