"""KG101: a share KPI with no guard on its absolute parts."""

from __future__ import annotations

from collections.abc import Iterable

from kpiguard._i18n import Message
from kpiguard.lint.advice import (
    baseline_for,
    deadline_words,
    horizon,
    notes_for,
    proposed_by,
    retarget,
    statement,
)
from kpiguard.lint.context import LintContext, kind_of
from kpiguard.lint.finding import Finding, Rewrite
from kpiguard.lint.rule import Rule
from kpiguard.lint.snippet import TODO, hold_up, kpi_data
from kpiguard.spec.models import KPI

MESSAGE = Message(
    en="{kpi!r} targets a share ({metric}): it can rise while {numerator} shrinks, if {denominator} falls faster; "
       "target {numerator} itself from -> to, or guard {denominator} so that it cannot fall",
    fr="{kpi!r} vise une part ({metric}) : elle peut monter pendant que « {numerator} » baisse, si « {denominator} » "
       "baisse plus vite ; visez « {numerator} » lui-même (de -> à), ou protégez « {denominator} » contre toute baisse",
)
MESSAGE_DOWN = Message(
    en="{kpi!r} targets a share to lower ({metric}): it can fall because {denominator} shrinks, if {numerator} "
       "shrinks faster; target {numerator} itself from -> to, or guard {denominator} so that it cannot fall",
    fr="{kpi!r} vise une part à faire baisser ({metric}) : elle peut baisser parce que « {denominator} » recule, "
       "si « {numerator} » recule plus vite ; visez « {numerator} » lui-même (de -> à), ou protégez "
       "« {denominator} » contre toute baisse",
)
FOLLOW = Message(
    en="Steer {companion!r} ({numerator}, from -> to) and follow {kpi!r} without a target",
    fr="Piloter {companion!r} (« {numerator} », de -> à) et suivre {kpi!r} sans objectif",
)
READ_AS_SHARE = Message(
    en="; {metric} is read as a share, of the cases its denominator counts, because its name says so: if it is a "
       "rate of those cases (won quotes over quotes sent), declare `ratio_of: rate` under `metrics:`",
    fr=" ; « {metric} » est lu comme une part des cas que compte son dénominateur, car son nom le dit : si c'est un "
       "taux de ces cas (devis gagnés sur devis émis), déclarez `ratio_of: rate` sous `metrics:`",
)
VOID_GUARD = Message(
    en=" (its guardrail on {denominator} lets it fall to nothing: `max_decrease: 100%` or `min: 0` never binds)",
    fr=" (son garde-fou sur « {denominator} » le laisse tomber à rien : `max_decrease: 100%` ou `min: 0` ne se "
       "déclenche jamais)",
)
SENTENCE = Message(
    en="From X to Y of {numerator} by {by}, without {denominator} falling (instead of \"{statement}\")",
    fr="Passer de X à Y de « {numerator} » d'ici {by}, sans recul de « {denominator} » (au lieu de « {statement} »)",
)


class KG101(Rule):
    """## What it does
    Flags a KPI with a target on a share (a part over its whole, such as the e-mail share of revenue) that has
    no guardrail stopping its denominator, the whole, from falling (`max_decrease` under 100 % or `min` above 0
    on it). A floor on the numerator is not enough: the share still rises when the part stands still and the
    whole shrinks. A share followed without a target is fine, as is one whose whole is better lower (recovered
    carts over abandoned ones: fewer abandoned carts is no harm; KG106 asks for its guardrails). A derived metric
    that divides one metric by another (`expr: wholesale_revenue / revenue`) is that ratio; of two amounts, a
    share only with `unit: '%'` (or `ratio_of: share`), since revenue over ad spend is a multiple; of two counts, a
    share only when its name or label says so (`email_order_share`, "Part des commandes e-mail"), since churned
    customers over customers is a rate of cases (KG102).

    ## Why is this bad?
    A share is a ratio: it rises when its numerator grows, but also when its denominator shrinks. "25 % of
    revenue via e-mail" is met when acquisition is late and total revenue falls, while e-mail revenue itself is
    flat or falling. The KPI is met, the company is worse off. Target the absolute value (FROM -> TO) or guard the
    whole so that the share can only rise by real growth. A share to lower (returns, discounts, late deliveries
    over their whole) is met the same way, by shrinking the whole: fewer deliveries, fewer sales. Another KPI on
    the numerator elsewhere in the set does not protect this one: the share is still the number the team is
    judged on.

    ## Example
    ```yaml
    kpis:
      - id: email-share
        statement: "Faire 25 % du CA mensuel via email"
        metric: email_revenue_share
        level: output
        target: {to: 25%}
    ```

    Use instead:
    ```yaml
    kpis:
      - id: email-revenue
        statement: "Passer de 8 à 10 M€ de CA UTM email"
        metric: email_revenue
        level: output
        baseline: 2025
        target: {from: 8000000, to: 10000000, by: 2026-12-31}
        guardrails:
          - metric: revenue
            max_decrease: 0%
    ```
    """

    code = "KG101"
    name = "structure.share-without-absolute"
    severity = "error"
    # The docstring's "What it does" and "Why is this bad?" in French (`kpiguard --lang fr rule KG101`)
    doc_fr = """## What it does
    Signale un KPI avec un objectif sur une part (une partie sur son tout, comme la part du CA faite par
    l'e-mail) sans garde-fou empêchant son dénominateur, le tout, de baisser (`max_decrease` sous 100 % ou
    `min` au-dessus de 0 sur lui). Un plancher sur le numérateur ne suffit pas : la part monte encore quand
    la partie stagne et que le tout recule. Une part suivie sans objectif ne pose pas de problème, ni une
    part dont le tout est meilleur plus bas (paniers récupérés sur paniers abandonnés : moins de paniers
    abandonnés ne fait pas de tort ; KG106 demande ses garde-fous). Une métrique dérivée qui divise une
    métrique par une autre (`expr: wholesale_revenue / revenue`) est ce ratio ; de deux montants, une part
    seulement avec `unit: '%'` (ou `ratio_of: share`), car le CA sur les dépenses publicitaires est un
    multiple ; de deux nombres, une part seulement quand son nom ou son libellé le dit (`email_order_share`,
    « Part des commandes e-mail »), car les clients perdus sur les clients est un taux de cas (KG102).

    ## Why is this bad?
    Une part est un ratio : elle monte quand son numérateur croît, mais aussi quand son dénominateur baisse.
    « 25 % du CA via l'e-mail » est atteint quand l'acquisition prend du retard et que le CA total baisse,
    alors que le CA e-mail lui-même stagne ou recule. Le KPI est atteint, l'entreprise va moins bien. Visez
    la valeur absolue (FROM -> TO) ou protégez le tout, pour que la part ne puisse monter que par une vraie
    croissance. Une part à faire baisser (retours, remises, livraisons en retard sur leur total) s'atteint
    de la même façon, en réduisant le tout : moins de livraisons, moins de ventes. Un autre KPI sur le
    numérateur ailleurs dans la spec ne protège pas celui-ci : la part reste le chiffre sur lequel l'équipe
    est jugée.
    """
    summary = Message(
        en="A target on a share (a part over its whole) with no guardrail keeping the whole from "
           "falling: the share can rise while the part shrinks.",
        fr="Un objectif sur une part (une partie sur son tout) sans garde-fou empêchant le tout de "
           "baisser : la part peut monter pendant que la partie recule.",
    )
    title = Message(en="Share KPI without a guard on its absolute parts",
                    fr="KPI de part sans garde-fou sur ses valeurs absolues")

    def check_kpi(self, kpi: KPI, ctx: LintContext) -> Iterable[Finding]:
        if kpi.target is None or ctx.flavor(kpi.metric) != "share":
            return ()
        metric = ctx.metric(kpi.metric)
        if not metric.denominator or ctx.held_up(kpi, metric.denominator):
            return ()
        if ctx.direction(metric.denominator) == "down":
            # less of the whole is better (abandoned carts, for the share recovered): the share rising as it falls
            # is no harm, and a floor on it would guard against an improvement (KG206); KG106 asks for a guardrail
            return ()
        num, den = metric.numerator or kpi.metric, metric.denominator
        text = MESSAGE_DOWN if ctx.direction(kpi.metric) == "down" else MESSAGE
        message = text(kpi=kpi.id, metric=ctx.label(kpi.metric), numerator=ctx.label(num), denominator=ctx.label(den))
        if any(g.metric == den and (g.max_decrease is not None or g.min is not None) for g in kpi.guardrails):
            message += VOID_GUARD(denominator=ctx.label(den))  # a guard written, that holds nothing
        if not metric.ratio_of and _counts(num, den, ctx):
            # Two counts are a rate of cases unless the ratio's name says share (see `LintContext.flavor`): say so, the
            # user knows which.
            message += READ_AS_SHARE(metric=kpi.metric)
        companion = next((k for k in ctx.kpis_by_metric.get(num, ()) if k.target is not None), None)
        if companion is not None:
            # The absolute value is already steered elsewhere: the share only needs to stop being a target.
            data = kpi_data(kpi, self.code)
            del data["target"]
            rewrite = Rewrite(FOLLOW(companion=companion.id, numerator=ctx.label(num), kpi=kpi.id), ctx.snippet(data))
            return (self.finding(kpi, message, kpi.loc_of("metric"), rewrite),)
        data = kpi_data(kpi, self.code)
        retarget(data, kpi, num, ctx)
        new_id = num.replace("_", "-")
        if not ctx.servers.get(kpi.id):  # renamed only when no `serves` names it: a pasted rename must still load
            # the KPI's own id is free once it is replaced ('refunds' on the refund share becomes 'refunds')
            taken = new_id != kpi.id and new_id in ctx.kpis_by_id
            wanted = f"{new_id}-{'cut' if ctx.direction(num) == 'down' else 'growth'}" if taken else new_id
            # (free among the renames of this run too: two shares of one numerator were both renamed alike)
            data["id"] = wanted if wanted == kpi.id else ctx.new_kpi_id(wanted)
        data.pop("statement", None)
        # the horizon KG202 would propose, so that this rewrite and the target rules' agree
        by = proposed_by(kpi, ctx)
        data["target"] = {"from": TODO, "to": TODO, "by": by}
        if "baseline" not in data:  # the period the FROM to fill is measured on, as KG201 proposes it
            data["baseline"] = baseline_for(kpi, ctx)
        hold_up(data, den)
        rewrite = Rewrite(
            SENTENCE(numerator=ctx.label(num), denominator=ctx.label(den),
                     by=deadline_words(by) if by is not TODO else horizon(kpi, ctx), statement=statement(kpi)),
            ctx.snippet(data, notes_for(data)),
        )
        return (self.finding(kpi, message, kpi.loc_of("metric"), rewrite),)


def _counts(numerator: str, denominator: str, ctx: LintContext) -> bool:
    """Both parts count events (not amounts): a share of them may as well be a rate."""
    parts = [ctx.metric(numerator), ctx.metric(denominator)]
    return all(part is not None and kind_of(part) == "count" for part in parts)
