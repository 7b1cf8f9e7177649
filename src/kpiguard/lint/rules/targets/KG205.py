"""KG205: a FROM -> TO that moves against the metric's direction."""

from __future__ import annotations

from collections.abc import Iterable

from kpiguard._i18n import Message
from kpiguard.lint.advice import NOTE_REASON
from kpiguard.lint.context import LintContext
from kpiguard.lint.finding import Finding, Rewrite
from kpiguard.lint.rule import Rule
from kpiguard.lint.rules.targets.KG204 import meant
from kpiguard.lint.snippet import REASON_TO_WRITE
from kpiguard.spec.models import KPI

MESSAGE = Message(
    en="{kpi!r} goes from {from_} to {to}, but for {metric} {better} is better: the target asks the team to make "
       "things worse; check the numbers, or say in `noqa` why the move is wanted",
    fr="{kpi!r} va de {from_} à {to}, mais pour « {metric} » {better} est mieux : l'objectif demande de dégrader "
       "la situation ; vérifiez les chiffres, ou dites dans `noqa` pourquoi ce mouvement est voulu",
)
MESSAGE_STILL = Message(
    en="{kpi!r} goes from {from_} to {to}: the target is met at its FROM and asks for no progress; set the value "
       "to reach, or, if holding the level is the point, make it a guardrail (max_decrease: 0%) of the KPIs that "
       "could erode it",
    fr="{kpi!r} va de {from_} à {to} : l'objectif est atteint dès son FROM et ne demande aucun progrès ; fixez la "
       "valeur à atteindre, ou, si tenir le niveau est le but, faites-en un garde-fou (max_decrease: 0%) des KPI "
       "qui pourraient l'éroder",
)
SENTENCE_STILL = Message(
    en="From {from_} to a value {better} than {from_} of {metric}",
    fr="Passer de {from_} à une valeur {better} que {from_} de « {metric} »",
)
NOTE_PROGRESS = Message(en="to: the value to reach, beyond from", fr="to : la valeur à atteindre, au-delà de from")
BETTER = {"up": Message(en="higher", fr="plus élevée"), "down": Message(en="lower", fr="plus basse")}
MORE = Message(en="more", fr="plus")
LESS = Message(en="less", fr="moins")
SENTENCE = Message(
    en="From {from_} to a value {better} than {from_} of {metric}, or the move explained in noqa",
    fr="Passer de {from_} à une valeur {better} élevée que {from_} de « {metric} », ou le mouvement justifié dans noqa",
)
HIGHER = Message(en="higher", fr="plus")
LOWER = Message(en="lower", fr="moins")


class KG205(Rule):
    """## What it does
    Flags a target whose TO is on the wrong side of its FROM for the metric's direction: lower where more is
    better (revenue, conversion), higher where less is better (unsubscribes, dormant stock). Also a TO equal to
    its FROM: a target met on day one.

    ## Why is this bad?
    Either the numbers are swapped or mistyped, or the team is asked to degrade a metric on purpose. The first is
    a bug in the KPI; the second deserves a written reason, because everyone reading the dashboard will think the
    opposite. A TO equal to the FROM asks for no progress ("from 10 M€ to 10 M€"): the review calls it met at
    once. Holding a level is what a guardrail says, on the KPIs that could erode it.

    ## Example
    ```yaml
    kpis:
      - id: unsubscribes
        metric: email_unsubscribe_rate
        target: {from: 0.3%, to: 0.5%, by: 2026-12-31}
    ```

    Use instead:
    ```yaml
    kpis:
      - id: unsubscribes
        metric: email_unsubscribe_rate
        target: {from: 0.5%, to: 0.3%, by: 2026-12-31}
    ```
    """

    code = "KG205"
    name = "targets.against-direction"
    severity = "warning"
    # The docstring's "What it does" and "Why is this bad?" in French (`kpiguard --lang fr rule KG205`)
    doc_fr = """## What it does
    Signale un objectif dont le TO est du mauvais côté de son FROM pour le sens de la métrique : plus bas là
    où plus est mieux (CA, conversion), plus haut là où moins est mieux (désabonnements, stock dormant).
    Aussi un TO égal à son FROM : un objectif atteint dès le premier jour.

    ## Why is this bad?
    Soit les nombres sont inversés ou mal tapés, soit l'équipe est priée de dégrader une métrique exprès. Le
    premier cas est un bug du KPI ; le second mérite une raison écrite, car tous ceux qui liront le tableau
    de bord penseront l'inverse. Un TO égal au FROM ne demande aucun progrès (« de 10 M€ à 10 M€ ») : la
    revue le dit atteint tout de suite. Tenir un niveau, c'est ce que dit un garde-fou, sur les KPI qui
    pourraient l'éroder.
    """
    summary = Message(
        en="A target whose TO is on the wrong side of its FROM for the metric's direction, or equal "
           "to it.",
        fr="Un objectif dont le TO est du mauvais côté de son FROM pour le sens de la métrique, ou "
           "lui est égal.",
    )
    title = Message(en="Target moves against the metric's direction, or not at all",
                    fr="Objectif à contre-sens de la métrique, ou immobile")

    def check_kpi(self, kpi: KPI, ctx: LintContext) -> Iterable[Finding]:
        target = kpi.target
        if target is None or target.from_ is None or target.to is None:  # a relative draft (`check`): no TO yet
            return ()
        direction = ctx.direction(kpi.metric)
        # read as KG204 reads them (`from: 40%, to: 30` on an open rate goes down, to 30 %): KG204's rewrite and this
        # one are then the same KPI, and pasting it does not turn a move up into one down
        from_, to = (meant(getattr(target, f), k, kpi.metric, ctx) for f, k in (("from_", "from"), ("to", "to")))
        if to == from_ and direction in ("up", "down"):
            return (self._still(kpi, ctx, direction, from_),)
        wrong = (direction == "up" and to < from_) or (direction == "down" and to > from_)
        if not wrong:
            return ()
        data = ctx.kpi_data(kpi, self.code)
        data["noqa"] = {**data.get("noqa", {}), self.code: REASON_TO_WRITE()}  # (KG001 until it is written)
        shown = ctx.show(from_, kpi.metric)
        better = (MORE if direction == "up" else LESS)()
        rewrite = Rewrite(SENTENCE(from_=shown, better=(HIGHER if direction == "up" else LOWER)(),
                                   metric=ctx.label(kpi.metric)), ctx.snippet(data, [NOTE_REASON()]))
        message = MESSAGE(kpi=kpi.id, from_=ctx.show_from(from_, to, kpi.metric), to=ctx.show_per(to, kpi),
                          metric=ctx.label(kpi.metric), better=better)
        return (self.finding(kpi, message, target.loc_of("to"), rewrite),)

    def _still(self, kpi: KPI, ctx: LintContext, direction: str, value: float) -> Finding:
        """TO equal to FROM (`value`, as KG204 reads them): met on day one."""
        target = kpi.target
        data = ctx.kpi_data(kpi, self.code)
        data["target"]["to"] = None
        from_ = ctx.show(value, kpi.metric)
        rewrite = Rewrite(SENTENCE_STILL(from_=from_, better=BETTER[direction](), metric=ctx.label(kpi.metric)),
                          ctx.snippet(data, [NOTE_PROGRESS()]))
        message = MESSAGE_STILL(kpi=kpi.id, from_=ctx.show_from(value, value, kpi.metric), to=ctx.show_per(value, kpi))
        return self.finding(kpi, message, target.loc_of("to"), rewrite)
