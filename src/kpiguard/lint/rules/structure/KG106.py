"""KG106: an input or output KPI with no guardrail at all."""

from __future__ import annotations

from collections.abc import Iterable

from kpiguard._i18n import Message
from kpiguard.lint.advice import notes_for, protect, statement, undeclared_level
from kpiguard.lint.context import LintContext
from kpiguard.lint.finding import Finding, Rewrite
from kpiguard.lint.rule import Rule
from kpiguard.lint.snippet import add_guardrail, is_reason
from kpiguard.spec.models import KPI

MESSAGE = Message(
    en="{kpi!r} is isolated: an {level} KPI with a target and no guardrail; nothing stops it from being met at the "
       "expense of {risks}",
    fr="{kpi!r} est isolé : un KPI d'{level} avec un objectif et aucun garde-fou ; rien n'empêche de l'atteindre "
       "au détriment de {risks}",
)
MESSAGE_SELF = Message(
    en="{kpi!r} is isolated: an {level} KPI whose only guardrails are on its own metric, which its target already "
       "covers; nothing stops it from being met at the expense of {risks}",
    fr="{kpi!r} est isolé : un KPI d'{level} dont les seuls garde-fous portent sur sa propre métrique, que sa cible "
       "couvre déjà ; rien n'empêche de l'atteindre au détriment de {risks}",
)
SILENCED = Message(
    en="; its `noqa` silences {codes}, not KG106: the KPI is still isolated (add KG106 to `noqa`, with its reason, if "
       "no guardrail is wanted)",
    fr=" ; son `noqa` fait taire {codes}, pas KG106 : le KPI reste isolé (ajoutez KG106 à `noqa`, avec sa raison, si "
       "aucun garde-fou n'est voulu)",
)
SENTENCE = Message(
    en="\"{statement}\", without degrading {risks}",
    fr="« {statement} », sans dégrader {risks}",
)


class KG106(Rule):
    """## What it does
    Flags an input or output KPI that has a target but no guardrail at all, or guardrails only on its own metric
    (which its target already covers: they guard nothing else). A more specific finding on the same KPI (KG101,
    KG102, KG103, KG105, KG401) says it instead, at the higher of the two severities: its rewrite adds the guardrail
    this rule asks for. Silence that rule (`ignore`, `noqa`) and this one speaks again: the KPI is still isolated.
    The risks it names, and its rewrite guards: the metric's catalog trade-offs, else the base of a rate (for a
    ratio over a cost, a ROAS, the value it comes from: cutting the spend is how it is met), else the gross margin;
    for a target that cuts a metric where more is better (fewer e-mails), what the metric drives (e-mail revenue).

    ## Why is this bad?
    An isolated KPI (e-mail, stock, conversion) forgets the trade-offs with the rest of the company: it can be
    met by degrading what it does not measure (open rates, unsubscribes, other teams' sales). Every objective
    a team is pushed on needs at least one guardrail on what the push can break. Outcomes are not flagged: an
    outcome is crossed by the outputs that serve it rather than fenced by guardrails.

    ## Example
    ```yaml
    kpis:
      - id: email-revenue
        metric: email_revenue
        level: output
        baseline: 2025
        target: {from: 8000000, to: 10000000, by: 2026-12-31}
    ```

    Use instead:
    ```yaml
    kpis:
      - id: email-revenue
        metric: email_revenue
        level: output
        baseline: 2025
        target: {from: 8000000, to: 10000000, by: 2026-12-31}
        guardrails:
          - metric: email_unsubscribe_rate
            max_increase: 20%
    ```
    """

    code = "KG106"
    name = "structure.isolated"
    severity = "warning"
    # The docstring's "What it does" and "Why is this bad?" in French (`kpiguard --lang fr rule KG106`)
    doc_fr = """## What it does
    Signale un KPI d'input ou d'output qui a un objectif mais aucun garde-fou, ou des garde-fous sur sa
    seule métrique (que son objectif couvre déjà : ils ne protègent rien d'autre). Un constat plus précis
    sur le même KPI (KG101, KG102, KG103, KG105, KG401) le dit à sa place, à la plus haute des deux
    sévérités : sa réécriture ajoute le garde-fou que demande cette règle. Faites taire cette règle-là
    (`ignore`, `noqa`) et celle-ci parle de nouveau : le KPI reste isolé. Les risques qu'elle nomme, et que
    sa réécriture protège : les arbitrages de la métrique au catalogue, sinon la base d'un taux (pour un
    ratio sur un coût, un ROAS, la valeur dont il vient : couper la dépense est la façon de l'atteindre),
    sinon la marge brute ; pour un objectif qui fait baisser une métrique où plus est mieux (moins
    d'e-mails), ce que la métrique fait bouger (le CA e-mail).

    ## Why is this bad?
    Un KPI isolé (e-mail, stock, conversion) oublie les arbitrages avec le reste de l'entreprise : il peut
    être atteint en dégradant ce qu'il ne mesure pas (taux d'ouverture, désabonnements, ventes des autres
    équipes). Tout objectif sur lequel une équipe est poussée a besoin d'au moins un garde-fou sur ce que la
    poussée peut casser. Les outcomes ne sont pas signalés : un outcome est croisé par les outputs qui le
    servent plutôt qu'encadré par des garde-fous.
    """
    summary = Message(
        en="An input or output KPI with a target and no guardrail, or guardrails on its own metric "
           "only.",
        fr="Un KPI d'input ou d'output avec un objectif et aucun garde-fou, ou seulement sur sa "
           "propre métrique.",
    )
    title = Message(en="Isolated KPI (no guardrail)", fr="KPI isolé (aucun garde-fou)")
    yields_to = ("KG101", "KG102", "KG103", "KG105", "KG401")

    def check_kpi(self, kpi: KPI, ctx: LintContext) -> Iterable[Finding]:
        # A guardrail on the KPI's own metric guards nothing else: the KPI is as isolated as without one.
        if kpi.target is None or any(g.metric != kpi.metric for g in kpi.guardrails) or ctx.level(kpi) == "outcome":
            return ()
        data = ctx.kpi_data(kpi, self.code)
        risks = guard_risks(data, kpi.metric, ctx, cut=_against_its_direction(kpi, ctx))
        labels = ctx.labels(risks)
        level = ctx.level(kpi)
        rewrite = Rewrite(SENTENCE(statement=statement(kpi), risks=ctx.labels_nor(risks)), ctx.snippet(data, notes_for(data)))
        message = MESSAGE_SELF if kpi.guardrails else MESSAGE
        text = message(kpi=kpi.id, level=level, risks=labels) + undeclared_level([kpi], ctx) + _silenced(kpi, ctx)
        return (self.finding(kpi, text, kpi.loc_of("target"), rewrite),)


def _silenced(kpi: KPI, ctx: LintContext) -> str:
    """Why this finding shows on a KPI whose `noqa` silences a more specific rule (KG103 on a volume): the user
    accepted that rule's finding, and reads this one as the suppression not working; '' when none is silenced."""
    from kpiguard.lint.registry import get_rule

    silenced = ctx.suppressions.get(kpi.id)
    if not silenced:
        return ""
    codes = [code for code in KG106.yields_to
             if (entry := silenced.get(code) or silenced.get(get_rule(code).name.upper())) and is_reason(entry[0])]
    return SILENCED(codes=", ".join(codes)) if codes else ""


def guard_risks(data: dict, metric: str, ctx: LintContext, *, cut: bool = False) -> list[str]:
    """Guard, in the snippet `data`, what pushing `metric` tends to degrade (`at_risk`), or what cutting it costs
    (`cut`: the metrics it drives); those metrics."""
    risks = (ctx.parents.get(metric, [])[:3] or [_value_beside(metric)]) if cut else at_risk(metric, ctx)
    for name in risks:
        add_guardrail(data, name, **protect(ctx, name, 0.1 if ctx.flavor(name) else 0.0))
    return risks


def _against_its_direction(kpi: KPI, ctx: LintContext) -> bool:
    """A target that lowers a metric where more is better (fewer e-mails sent): its trade-offs are the risks of
    pushing it up (unsubscribes), not of the cut (the e-mail revenue it drives). KG205 says the move itself."""
    target = kpi.target
    return target is not None and target.from_ is not None and target.to is not None and \
        ctx.direction(kpi.metric) == "up" and target.to < target.from_


def at_risk(name: str, ctx: LintContext) -> list[str]:
    """What pushing `name` tends to degrade: its trade-offs, else the whole of a ratio, else the gross margin (a
    volume bought with discounts; `kpiguard check`'s rewrites guard the same). A ratio to raise over a cost (a
    ROAS: revenue over ad spend) rises by cutting the cost, which a guardrail on the cost can only forbid against
    its direction (KG206): what the cut costs is its numerator, the revenue, which is guarded instead."""
    metric = ctx.metric(name)
    if metric is not None and metric.tradeoffs:
        return list(metric.tradeoffs[:3])
    if metric is not None and metric.is_ratio and metric.denominator:
        if (ctx.direction(name) == "up" and ctx.direction(metric.denominator) == "down" and metric.numerator
                and ctx.direction(metric.numerator) != "down"):
            return [metric.numerator]
        return [metric.denominator]
    return [_value_beside(name)]


def _value_beside(name: str) -> str:
    """The value a push on `name` may cost when nothing more specific is known: the gross margin, else (for the
    margin itself, which a guardrail on its own metric would not guard) revenue."""
    return "margin" if name != "margin" else "revenue"
