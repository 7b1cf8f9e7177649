"""KG306: a collective outcome without coordination."""

from __future__ import annotations

from collections.abc import Iterable

from kpiguard._i18n import Message
from kpiguard.lint.advice import statement
from kpiguard.lint.context import LintContext
from kpiguard.lint.finding import Finding, Rewrite
from kpiguard.lint.rule import Rule
from kpiguard.spec.models import KPI

MESSAGE = Message(
    en="{kpi!r} has contributors ({contributors}){owner} but no coordination: say where and how often they meet on "
       "it (`coordination: {{cadence: month, forum: ...}}`), or each team optimises its part in a silo",
    fr="{kpi!r} a des contributeurs ({contributors}){owner} mais aucune coordination : dites où et à quelle "
       "fréquence ils s'y retrouvent (`coordination: {{cadence: month, forum: ...}}`), sinon chaque équipe optimise "
       "sa part en silo",
)
BESIDES_OWNER = Message(en=" besides its owner ({owner})", fr=" en plus de son porteur ({owner})")
SENTENCE = Message(en="\"{statement}\", reviewed monthly by {teams}", fr="« {statement} », revu chaque mois par {teams}")
FORUM = Message(en="KPI review", fr="Revue KPI")


class KG306(Rule):
    """## What it does
    Flags an outcome KPI with contributors and no `coordination` (a cadence and a forum).

    ## Why is this bad?
    A collective KPI without a coordination mechanism becomes a set of silos: CRM pushes e-mails while product
    has no stock to follow the push. The article asks to organise coordination, not silos.

    ## Example
    ```yaml
    kpis:
      - id: repurchase-90d
        metric: repurchase_rate_90d
        level: outcome
        owner: crm
        contributors: [product, support]
        visibility: [crm, product, support]
    ```

    Use instead:
    ```yaml
    kpis:
      - id: repurchase-90d
        metric: repurchase_rate_90d
        level: outcome
        owner: crm
        contributors: [product, support]
        visibility: [crm, product, support]
        coordination: {cadence: month, forum: Retention review}
    ```
    """

    code = "KG306"
    name = "collective.no-coordination"
    severity = "warning"
    # The docstring's "What it does" and "Why is this bad?" in French (`kpiguard --lang fr rule KG306`)
    doc_fr = """## What it does
    Signale un KPI d'outcome avec des contributeurs et sans `coordination` (une cadence et un forum).

    ## Why is this bad?
    Un KPI collectif sans mécanisme de coordination devient une juxtaposition de silos : le CRM pousse des
    e-mails pendant que le produit n'a pas le stock pour suivre. L'article demande d'organiser la
    coordination, pas les silos.
    """
    summary = Message(
        en="An outcome KPI with contributors and no `coordination` (a cadence and a forum).",
        fr="Un KPI d'outcome avec des contributeurs et sans `coordination` (une cadence et une "
           "instance).",
    )
    title = Message(en="Collective outcome without coordination", fr="Outcome collectif sans coordination")

    def check_kpi(self, kpi: KPI, ctx: LintContext) -> Iterable[Finding]:
        if not ctx.others(kpi) or ctx.level(kpi) != "outcome":
            return ()
        if kpi.coordination is not None and (kpi.coordination.cadence or kpi.coordination.forum):
            return ()
        teams = ", ".join(dict.fromkeys([*([kpi.owner] if kpi.owner else []), *kpi.contributors]))
        data = ctx.kpi_data(kpi, self.code)
        data["coordination"] = {"cadence": "month", "forum": FORUM()}
        rewrite = Rewrite(SENTENCE(statement=statement(kpi), teams=teams), ctx.snippet(data))
        # the owner is not one of its own contributors: named apart, as the one who calls the meeting
        message = MESSAGE(kpi=kpi.id, contributors=", ".join(ctx.others(kpi)),
                          owner=BESIDES_OWNER(owner=kpi.owner) if kpi.owner else "")
        return (self.finding(kpi, message, ctx.own_loc(kpi, "contributors"), rewrite),)
