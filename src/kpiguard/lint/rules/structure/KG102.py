"""KG102: a rate target standing alone."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from kpiguard._i18n import Message
from kpiguard.lint.advice import (
    baseline_for,
    deadline_words,
    notes_for,
    proposed_by,
    protect,
    retarget,
    statement,
)
from kpiguard.lint.context import LintContext, kind_of
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

MESSAGE_DOWN = Message(
    en="{kpi!r} sets a rate to lower ({metric}) as a target on its own: it can be lowered by sacrificing the volume "
       "and the value it comes from ({protect}) rather than by doing better; keep the rate rather than the {part} "
       "({numerator}), which falls just by doing less, and guard them",
    fr="{kpi!r} fixe un taux à faire baisser (« {metric} ») comme objectif isolé : il peut baisser en sacrifiant le "
       "volume et la valeur dont il dépend ({protect}) plutôt qu'en faisant mieux ; gardez le taux plutôt que le "
       "{part} (« {numerator} »), qui baisse rien qu'en en faisant moins, et protégez-les",
)
# what the numerator of a rate to lower is, said as the message speaks of it (ACoS: ad spend is an amount)
PART = {"amount": Message(en="amount", fr="montant"), "count": Message(en="count", fr="nombre")}
MESSAGE_KEPT = Message(
    en="{kpi!r} sets a rate ({metric}) as a target on its own: it can be met by sacrificing the volume and the value "
       "it comes from ({protect}) rather than by doing better, and no better metric is known to steer in its place; "
       "guard them",
    fr="{kpi!r} fixe un taux (« {metric} ») comme objectif isolé : il peut être atteint en sacrifiant le volume et la "
       "valeur dont il dépend ({protect}) plutôt qu'en faisant mieux, et aucune meilleure métrique n'est connue pour "
       "le remplacer ; protégez-les",
)
SENTENCE_DOWN = Message(
    en="From {from_} to {to} of {metric} by {by}, without letting {protect} fall (instead of \"{statement}\")",
    fr="Passer de {from_} à {to} de « {metric} » d'ici {by}, sans laisser baisser {protect} (au lieu de "
       "« {statement} »)",
)


class KG102(Rule):
    """## What it does
    Flags an input or output KPI whose target is a rate (conversion, open rate, click rate) with no guardrail on
    its numerator, its denominator, the volume it is taken on (an input count: e-mails sent, sessions) or any
    value (an amount or an average). A custom ratio of two counts of the same rows (won quotes over quotes sent,
    churned customers over customers, reordering customers over ordering ones) is a rate unless its name or label
    calls it a share (KG101); of two counts of different things (`expr: demos / leads`), a rate when its name or
    label says so (`demo_rate`, "Taux de conversion"), with `unit: '%'`, or when both count the same unit: orders per
    customer is an average, 1.6, not a rate of 160 %.

    ## Why is this bad?
    "Conversion at 5 %" can be met by buying less traffic (the base shrinks) or by discounting (each order is
    worth less). The rate says nothing about the value created. The article's rewrite is "improve revenue per
    visitor by 7 %": an average that carries value and volume at once, or an absolute target. An outcome rate
    (repurchase at 90 days) is followed rather than steered, and is not flagged.

    A rate to lower (unsubscribes, returns, disputes over their volume) with no value per unit it drives keeps its
    target: its count is no better, as it falls just by sending or selling less. It is lowered as well by sending
    or selling only where it is already low, so the rewrite guards the volume it is taken on and the value it
    comes from (e-mails delivered and e-mail revenue, for the unsubscribe rate) against falling.

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
    # The docstring's "What it does" and "Why is this bad?" in French (`kpiguard --lang fr rule KG102`)
    doc_fr = """## What it does
    Signale un KPI d'input ou d'output dont l'objectif est un taux (conversion, taux d'ouverture, taux de
    clic) sans garde-fou sur son numérateur, son dénominateur, le volume sur lequel il est pris (un nombre
    d'input : e-mails envoyés, sessions) ou une valeur (un montant ou une moyenne). Un ratio personnalisé de
    deux nombres des mêmes lignes (devis gagnés sur devis émis, clients perdus sur clients, clients qui
    recommandent sur clients qui commandent) est un taux, sauf si son nom ou son libellé en fait une part
    (KG101) ; de deux nombres de choses différentes (`expr: demos / leads`), un taux quand son nom ou son
    libellé le dit (`demo_rate`, « Taux de conversion »), avec `unit: '%'`, ou quand les deux comptent la
    même unité : les commandes par client sont une moyenne, 1,6, pas un taux de 160 %.

    ## Why is this bad?
    « Conversion à 5 % » peut s'atteindre en achetant moins de trafic (la base recule) ou en bradant (chaque
    commande vaut moins). Le taux ne dit rien de la valeur créée. La réécriture de l'article est « améliorer
    le revenu par visiteur de 7 % » : une moyenne qui porte à la fois la valeur et le volume, ou un objectif
    en absolu. Un taux d'outcome (réachat à 90 jours) se suit plutôt qu'il ne se pilote, et n'est pas
    signalé.

    Un taux à faire baisser (désabonnements, retours, litiges sur leur volume) sans valeur par unité qu'il
    fait bouger garde son objectif : son nombre n'est pas meilleur, puisqu'il baisse rien qu'en envoyant ou
    en vendant moins. Il baisse aussi en n'envoyant ou en ne vendant que là où il est déjà bas : la
    réécriture protège donc contre la baisse le volume sur lequel il est pris et la valeur dont il vient
    (e-mails délivrés et CA e-mail, pour le taux de désabonnement).
    """
    summary = Message(
        en="An input or output KPI targeting a rate with no guardrail on its numerator, its "
           "denominator, the volume it is taken on or any value.",
        fr="Un KPI d'input ou d'output qui vise un taux sans garde-fou sur son numérateur, son "
           "dénominateur, le volume sur lequel il est pris ni aucune valeur.",
    )
    title = Message(en="Rate target standing alone", fr="Objectif de taux isolé")

    def check_kpi(self, kpi: KPI, ctx: LintContext) -> Iterable[Finding]:
        # (a guard on the volume the rate is taken on, e-mails sent for an unsubscribe rate, sessions for
        # conversion, answers: the rate cannot be bought by cutting it)
        if not ctx.rate_alone(kpi):
            return ()
        metric = ctx.metric(kpi.metric)
        better = self._better_metric(kpi.metric, ctx)
        if better is None and ctx.direction(kpi.metric) == "down":
            return (self._kept(kpi, ctx),)
        better = better or metric.numerator or kpi.metric
        if better == kpi.metric:  # nothing better known (a rate with no parts nor driven value): kept, and guarded
            return (self._kept(kpi, ctx),)
        data = kpi_data(kpi, self.code)  # its own answer: the better metric, not the rate with its base held
        retarget(data, kpi, better, ctx)
        data.pop("statement", None)
        by = proposed_by(kpi, ctx)  # the horizon the sentence says is the one the snippet writes
        data["target"] = {"from": TODO, "to": TODO, "by": by}
        if "baseline" not in data:  # the period the FROM to fill is measured on (without it, KG203 once filled)
            data["baseline"] = baseline_for(kpi, ctx)
        if better != kpi.metric:
            add_guardrail(data, kpi.metric, **protect(ctx, kpi.metric, 0.05))
        rewrite = Rewrite(SENTENCE(better=ctx.label(better), metric=ctx.label(kpi.metric), by=_words(by),
                                   statement=statement(kpi)),
                          ctx.snippet(data, notes_for(data)))
        message = MESSAGE(kpi=kpi.id, metric=ctx.label(kpi.metric), denominator=ctx.label(metric.denominator or "?"),
                          better=ctx.label(better))
        return (self.finding(kpi, message, kpi.loc_of("metric"), rewrite),)

    def _kept(self, kpi: KPI, ctx: LintContext) -> Finding:
        """A rate to lower with no value per unit it drives (unsubscribes, returns, disputes over their volume): the
        target stays on the rate, guarded on the volume it is taken on and the value it comes from. Its count is
        no better target: it falls just by sending or selling less, which the rate does not."""
        metric = ctx.metric(kpi.metric)
        # (a base where less is better is not held up: a floor on it would guard against its improvement, KG206)
        protected = [name for name in dict.fromkeys((metric.denominator, value_of(kpi.metric, ctx)))
                     if name and ctx.direction(name) != "down"]
        data = kpi_data(kpi, self.code)
        target = kpi.target
        by = proposed_by(kpi, ctx)
        data["target"] = {"from": TODO if target.from_ is None else target.from_,
                          "to": TODO if target.to is None else target.to, "by": by}
        if "baseline" not in data:
            data["baseline"] = baseline_for(kpi, ctx)
        for name in protected:
            add_guardrail(data, name, max_decrease=0.0)
        labels = ctx.labels(protected)
        rewrite = Rewrite(SENTENCE_DOWN(from_=ctx.show(target.from_, kpi.metric), to=ctx.show(target.to, kpi.metric, "Y"),
                                        metric=ctx.label(kpi.metric), by=_words(by),
                                        protect=ctx.labels_nor(protected),
                                        statement=statement(kpi)),
                          ctx.snippet(data, notes_for(data)))
        if ctx.direction(kpi.metric) == "down":
            part = ctx.metric(metric.numerator) if metric.numerator else None
            message = MESSAGE_DOWN(kpi=kpi.id, metric=ctx.label(kpi.metric), protect=labels,
                                   numerator=ctx.label(metric.numerator or "?"),
                                   part=PART["amount" if part is not None and kind_of(part) == "amount" else "count"]())
        else:
            message = MESSAGE_KEPT(kpi=kpi.id, metric=ctx.label(kpi.metric), protect=labels)
        return self.finding(kpi, message, kpi.loc_of("metric"), rewrite)

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


def _words(by: object) -> str:
    """The horizon a snippet writes, as its sentence says it (X while it is a placeholder)."""
    return deadline_words(by) if isinstance(by, date) else "X"


def value_of(rate: str, ctx: LintContext) -> str:
    """The value a rate to lower comes from, which cutting the volume behind it would cost: an amount whose push
    degrades it (e-mail revenue, for the unsubscribe rate), else the amount averaged over its base (revenue, for a
    rate over orders), else an amount its base drives, else revenue."""
    metric = ctx.metric(rate)
    names = list(dict.fromkeys([*ctx.catalog, *ctx.spec.metrics]))
    amounts = [n for n in names if (m := ctx.metric(n)) is not None and kind_of(m) == "amount"]
    for name in amounts:
        if rate in ctx.metric(name).tradeoffs:
            return name
    base = metric.denominator if metric is not None else None
    for name in names:
        average = ctx.metric(name)
        if base and average.denominator == base and average.numerator in amounts and ctx.flavor(name) == "average":
            return average.numerator
    return next((p for p in ctx.parents.get(base or "", ()) if p in amounts), "revenue")
