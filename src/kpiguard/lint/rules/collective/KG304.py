"""KG304: an outcome with no contributors."""

from __future__ import annotations

from collections.abc import Iterable

from kpiguard._i18n import Message
from kpiguard.lint.advice import PLACEHOLDER_TEAMS, collective, proposed_owner, statement
from kpiguard.lint.context import LintContext
from kpiguard.lint.finding import Finding, Rewrite
from kpiguard.lint.rule import Rule
from kpiguard.spec.models import KPI

MESSAGE = Message(
    en="{kpi!r} is an outcome with no contributors: an outcome is transverse by nature (many teams move it); "
       "list them in `contributors` so that they see it and answer for it together",
    fr="{kpi!r} est un outcome sans contributeurs : un outcome est transverse par nature (plusieurs équipes le "
       "font bouger) ; listez-les dans `contributors` pour qu'elles le voient et en répondent ensemble",
)
SENTENCE = Message(en="\"{statement}\", carried by {owner} with {teams}",
                   fr="« {statement} », porté par {owner} avec {teams}")


class KG304(Rule):
    """## What it does
    Flags an outcome KPI that lists no `contributors`. A spec kept by one person or team alone (a `teams` section
    that declares one team; or none, every KPI owned by the same owner, nobody else named) is not flagged: there is
    nobody else to name. The teams the rewrite names are those whose KPIs serve the outcome, else the spec's other
    declared teams; placeholders (`team-a`) only where the spec declares no `teams`, which would refuse them.

    ## Why is this bad?
    Outcomes are collective: repeat revenue depends on CRM, product, delivery and support. Given to one team
    alone, the others have no reason to care, and the owner is judged on what it does not control. Assign it,
    but name the contributors.

    ## Example
    ```yaml
    kpis:
      - id: repurchase-90d
        metric: repurchase_rate_90d
        level: outcome
        owner: crm
    ```

    Use instead:
    ```yaml
    kpis:
      - id: repurchase-90d
        metric: repurchase_rate_90d
        level: outcome
        owner: crm
        contributors: [product, logistics, support]
        visibility: [crm, product, logistics, support]
        coordination: {cadence: month, forum: Retention review}
    ```
    """

    code = "KG304"
    name = "collective.no-contributors"
    severity = "warning"
    # The docstring's "What it does" and "Why is this bad?" in French (`kpiguard --lang fr rule KG304`)
    doc_fr = """## What it does
    Signale un KPI d'outcome qui ne liste aucun `contributors`. Une spec tenue par une seule personne ou une
    seule équipe (une section `teams` qui déclare une équipe ; ou aucune, tous les KPI portés par le même
    responsable, personne d'autre nommé) n'est pas signalée : il n'y a personne d'autre à nommer. Les
    équipes que nomme la réécriture sont celles dont les KPI servent l'outcome, sinon les autres équipes
    déclarées de la spec ; des exemples (`team-a`) seulement si la spec ne déclare pas de `teams`, qui les
    refuserait.

    ## Why is this bad?
    Les outcomes sont collectifs : le CA de réachat dépend du CRM, du produit, de la livraison et du service
    client. Confié à une seule équipe, les autres n'ont aucune raison de s'en soucier, et le responsable est
    jugé sur ce qu'il ne maîtrise pas. Confiez-le, mais nommez les contributeurs.
    """
    summary = Message(
        en="An outcome KPI that lists no `contributors`.",
        fr="Un KPI d'outcome qui ne liste aucun contributeur (`contributors`).",
    )
    title = Message(en="Outcome without contributors", fr="Outcome sans contributeurs")

    def check_kpi(self, kpi: KPI, ctx: LintContext) -> Iterable[Finding]:
        if ctx.others(kpi) or ctx.level(kpi) != "outcome":  # the owner as its own contributor is none
            return ()
        if ctx.single_actor:  # a founder's own KPIs: there is nobody else to name
            return ()
        # Not the owner KG310 proposes for a KPI without one: beside it, in the same rewrite, it would be none.
        proposed = proposed_owner(kpi, ctx)
        owner = kpi.owner or (proposed[0] if proposed else None)
        data = ctx.kpi_data(kpi, self.code)
        if owner is None and kpi.target is not None:
            # a target nobody owns, in a spec that names no team yet: the teams this rewrite names would make KG310
            # ask for its owner once pasted; the first placeholder is the owner, the others contribute
            owner = data["owner"] = PLACEHOLDER_TEAMS[0]
        fields, notes = collective(owner, ctx.servers.get(kpi.id, ()), ctx, visibility=kpi.visibility)
        data.update({key: value for key, value in fields.items() if key != "coordination" or kpi.coordination is None})
        teams = fields["contributors"]
        rewrite = Rewrite(SENTENCE(statement=statement(kpi), owner=owner or "?", teams=", ".join(teams)),
                          ctx.snippet(data, notes))
        return (self.finding(kpi, MESSAGE(kpi=kpi.id), ctx.own_loc(kpi, "level", key=True) if kpi.level
                             else kpi.loc_of("id"), rewrite),)
