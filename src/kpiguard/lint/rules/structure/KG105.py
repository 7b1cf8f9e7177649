"""KG105: a reduction or clearance target with nothing guarding what it can cannibalise."""

from __future__ import annotations

from collections.abc import Iterable

from kpiguard._i18n import Message
from kpiguard.lint.advice import horizon, notes_for, protect, statement
from kpiguard.lint.context import LintContext, kind_of
from kpiguard.lint.finding import Finding, Rewrite
from kpiguard.lint.rule import Rule
from kpiguard.lint.snippet import add_guardrail
from kpiguard.spec.models import KPI, MetricDef

# What any push on stock or costs can cost the shop when the metric says nothing of its own trade-offs.
# Margin last: the net of all it can cost, accepted as a guardrail, proposed after the two a rewrite adds.
SHOP_HEALTH = ("aov", "conversion_rate", "revenue", "margin")

MESSAGE = Message(
    en="{kpi!r} pushes {metric} down with no guardrail on what the push can cost ({protect}): the cut can be "
       "bought with a smaller basket, a lower conversion or the sales of other products",
    fr="{kpi!r} fait baisser « {metric} » sans garde-fou sur ce que la poussée peut coûter ({protect}) : la "
       "baisse peut se payer d'un panier plus petit, d'une conversion plus faible ou des ventes d'autres produits",
)
MESSAGE_SERVED = Message(
    en="{kpi!r} pushes {metric} down with no guardrail on what the push can cost ({protect}): the cut can be "
       "bought with less of what it serves ({served}), a smaller basket or a lower conversion",
    fr="{kpi!r} fait baisser « {metric} » sans garde-fou sur ce que la poussée peut coûter ({protect}) : la "
       "baisse peut se payer de moins de ce qu'il sert ({served}), d'un panier plus petit ou d'une conversion "
       "plus faible",
)
MESSAGE_BASE = Message(
    en="{kpi!r} pushes {metric} down with no guardrail on the volume it is counted on ({protect}): the cut can be "
       "bought by sending or selling less",
    fr="{kpi!r} fait baisser « {metric} » sans garde-fou sur le volume sur lequel il se compte ({protect}) : la "
       "baisse peut se payer en envoyant ou en vendant moins",
)
OWN_GUARDRAILS = Message(
    en=" (its guardrail on {guarded} is not one of these; if it is what the cut costs, say so in the metric: "
       "`tradeoffs: [{names}]` under `metrics: {metric}`)",
    fr=" (son garde-fou sur {guarded} n'en fait pas partie ; si c'est ce que la baisse coûte, dites-le dans la "
       "métrique : `tradeoffs: [{names}]` sous `metrics: {metric}`)",
)
SENTENCE = Message(
    en="From {from_} to {to} of {metric}{per} by {by}, without degrading {protect} (instead of \"{statement}\")",
    fr="Passer de {from_} à {to} de « {metric} »{per} d'ici {by}, sans dégrader {protect} (au lieu de « {statement} »)",
)


class KG105(Rule):
    """## What it does
    Flags a reduction target on a volume (a count or an amount where less is better: dormant stock, costs,
    returns) with no guardrail on the metrics the push can degrade: the metric's declared trade-offs, else the
    volume it is counted on (e-mails delivered, for unsubscribes), else the metrics of the KPIs it `serves` (new
    customers, for an ad spend to cut) then the average basket, conversion, revenue and margin. A guardrail that keeps the volume it is counted on from falling (orders, for disputed orders)
    answers too: the cut cannot come from doing less; so does, for a KPI that serves others, one that keeps a volume
    of the business from falling (bookings, orders: a count or an amount, not an input). A rate to lower is a
    ratio, left to KG102. When a declared trade-off left unguarded is another team's KPI or a company outcome,
    KG401 says it instead, naming whom the cut would cost (its rewrite guards it, with this rule's guardrails).

    ## Why is this bad?
    "Cut unsold stock by 30 % this quarter": the product team pushes dormant items on the homepage; they have no
    pull, they cannibalise new products, conversion and the average basket fall. The KPI is met; it cost more
    than it gave. The article's rewrite: "clear 10 SKUs without degrading the average basket".

    ## Example
    ```yaml
    kpis:
      - id: dormant-stock
        statement: "Réduire les invendus de 30 % sur le trimestre"
        metric: dormant_stock_units
        level: output
        baseline: 2025-Q4
        target: {from: 12000, to: 8400, by: 2026-03-31}
    ```

    Use instead:
    ```yaml
    kpis:
      - id: dormant-stock
        statement: "Réduire les invendus de 30 % sans dégrader le panier moyen"
        metric: dormant_stock_units
        level: output
        baseline: 2025-Q4
        target: {from: 12000, to: 8400, by: 2026-03-31}
        guardrails:
          - metric: aov
            max_decrease: 0%
          - metric: new_product_revenue
            max_decrease: 5%
    ```
    """

    code = "KG105"
    name = "structure.reduction-without-guardrail"
    severity = "warning"
    # The docstring's "What it does" and "Why is this bad?" in French (`kpiguard --lang fr rule KG105`)
    doc_fr = """## What it does
    Signale un objectif de réduction d'un volume (un nombre ou un montant où moins est mieux : stock
    dormant, coûts, retours) sans garde-fou sur les métriques que la poussée peut dégrader : les arbitrages
    déclarés de la métrique, sinon le volume sur lequel elle est comptée (e-mails délivrés, pour les
    désabonnements), sinon les métriques des KPI qu'elle sert (`serves` : nouveaux clients, pour une dépense
    publicitaire à couper) puis le panier moyen, la conversion, le CA et la marge. Un garde-fou qui empêche
    le volume sur lequel elle est comptée de baisser (les commandes, pour les commandes en litige) répond
    aussi : la baisse ne peut pas venir d'en faire moins ; de même, pour un KPI qui en sert d'autres, un
    garde-fou qui empêche un volume de l'activité de baisser (réservations, commandes : un nombre ou un
    montant, pas un input). Un taux à faire baisser est un ratio, laissé à KG102. Quand un arbitrage déclaré
    laissé sans garde-fou est le KPI d'une autre équipe ou un outcome de l'entreprise, KG401 le dit à sa
    place, en nommant à qui la baisse coûterait (sa réécriture le protège, avec les garde-fous de cette
    règle).

    ## Why is this bad?
    « Réduire les invendus de 30 % sur le trimestre » : l'équipe produit pousse les articles dormants en
    page d'accueil ; ils n'ont pas de demande, ils cannibalisent les nouveautés, la conversion et le panier
    moyen baissent. Le KPI est atteint ; il a coûté plus qu'il n'a rapporté. La réécriture de l'article : «
    écouler 10 références sans dégrader le panier moyen ».
    """
    summary = Message(
        en="A target that reduces a volume (costs, returns, dormant stock) with no guardrail on what "
           "the cut can degrade.",
        fr="Un objectif de réduction d'un volume (coûts, retours, stock dormant) sans garde-fou sur "
           "ce que la baisse peut dégrader.",
    )
    title = Message(en="Reduction target without a guardrail on what it can cannibalise",
                    fr="Objectif de réduction sans garde-fou sur ce qu'il peut cannibaliser")
    yields_to = ("KG401",)

    def check_kpi(self, kpi: KPI, ctx: LintContext) -> Iterable[Finding]:
        if kpi.target is None or ctx.level(kpi) == "outcome" or ctx.direction(kpi.metric) != "down":
            return ()
        metric = ctx.metric(kpi.metric)
        if ctx.flavor(kpi.metric) is not None or (metric is not None and metric.kind == "ratio"):
            return ()  # a rate to lower (unsubscribes, tickets per order) is a ratio, not a volume to cut
        bases = list(ctx.bases_of.get(kpi.metric, ()))
        # without declared trade-offs, a count of a volume (unsubscribes of e-mails delivered) is cut most simply
        # by shrinking that volume: guard it, rather than the shop's health in general
        on_base = not metric.tradeoffs and bool(bases)
        # else what the KPI serves first (ad spend cut at the cost of the new customers it brings), then the shop
        served = [] if metric.tradeoffs or bases else _served(kpi, ctx)
        at_risk = list(metric.tradeoffs) if metric.tradeoffs else (bases or list(dict.fromkeys(served + list(SHOP_HEALTH))))
        # a base is held only against its fall (a cap on it does not stop the cut from coming from sending less)
        if (not on_base and set(at_risk) & ctx.guarded(kpi)) or _base_held(kpi, ctx):
            return ()
        if served and _volume_held(kpi, ctx):  # (bookings held: the cut cannot be bought by doing less business)
            return ()
        message = MESSAGE_BASE if on_base else MESSAGE
        data = ctx.kpi_data(kpi, self.code)
        for name in at_risk[:2]:
            add_guardrail(data, name, **protect(ctx, name, 0.0))
        labels = ctx.labels(at_risk)
        target = kpi.target
        rewrite = Rewrite(SENTENCE(from_=ctx.show_from(target.from_, target.to, kpi.metric), to=ctx.show(target.to, kpi.metric),
                                   metric=ctx.label(kpi.metric), per=ctx.per(kpi, target.to), by=horizon(kpi, ctx),
                                   protect=ctx.labels_nor(at_risk[:2]), statement=statement(kpi)),
                          ctx.snippet(data, notes_for(data)))
        if served:
            message = MESSAGE_SERVED
        text = message(kpi=kpi.id, metric=ctx.label(kpi.metric), protect=labels, served=ctx.labels(served))
        return (self.finding(kpi, text + _own_guardrails_hint(kpi, metric, at_risk, ctx), kpi.loc_of("target"),
                             rewrite),)


def _own_guardrails_hint(kpi: KPI, metric: MetricDef, at_risk: list[str], ctx: LintContext) -> str:
    """When the KPI guards other metrics (a cap on the stock a cut of stockouts would pile up) and its metric is the
    spec's own with no declared trade-offs: how to make those guardrails count, rather than a finding that reads as
    if the KPI had none."""
    own = [g.metric for g in kpi.guardrails if g.metric != kpi.metric and g.metric not in at_risk]
    if not own or metric.tradeoffs or kpi.metric not in ctx.spec.metrics:
        return ""
    return OWN_GUARDRAILS(metric=kpi.metric, guarded=ctx.labels(own), names=", ".join(dict.fromkeys(own)))


def _base_held(kpi: KPI, ctx: LintContext) -> bool:
    """A guardrail stops the volume the metric is counted on from falling (disputed orders over orders): the cut
    cannot be bought by selling or sending less."""
    bases = set(ctx.bases_of.get(kpi.metric, ()))
    return any(ctx.held_up(kpi, base) for base in bases)


def _volume_held(kpi: KPI, ctx: LintContext) -> bool:
    """A guardrail stops a volume of the business from falling (bookings, orders, a revenue line: a count or an
    amount where more is better, not an input): a cut serving an outcome cannot then be bought by doing less of it."""
    for name in ctx.guarded(kpi):
        metric = ctx.metric(name)
        if (metric is not None and not metric.is_ratio and kind_of(metric) in ("count", "amount")
                and ctx.direction(name) == "up" and ctx.level_of_metric(name) != "input" and ctx.held_up(kpi, name)):
            return True
    return False


def _served(kpi: KPI, ctx: LintContext) -> list[str]:
    """The metrics of the KPIs this one serves where more is better: a cut bought by doing less costs them first."""
    found = (ctx.kpis_by_id.get(kpi_id) for kpi_id in kpi.serves)
    return list(dict.fromkeys(k.metric for k in found if k is not None and ctx.direction(k.metric) != "down"
                              and k.metric != kpi.metric))
