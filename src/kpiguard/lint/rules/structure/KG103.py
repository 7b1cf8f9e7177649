"""KG103: a volume of activity set as an objective without an efficiency guardrail."""

from __future__ import annotations

from collections.abc import Iterable

from kpiguard._i18n import Message, get_lang
from kpiguard.lint.advice import horizon, notes_for, protect, statement
from kpiguard.lint.context import LintContext
from kpiguard.lint.finding import Finding, Rewrite
from kpiguard.lint.rule import Rule
from kpiguard.lint.snippet import TODO, add_guardrail
from kpiguard.spec.models import KPI

MESSAGE = Message(
    en="{kpi!r} sets a volume of activity ({metric}) as an objective with no efficiency or quality guardrail: "
       "it rewards doing more, not doing better; add a guardrail on {quality}",
    fr="{kpi!r} fixe un volume d'activité (« {metric} ») comme objectif sans garde-fou d'efficacité ou de qualité : "
       "il récompense l'activité, pas l'efficacité ; ajoutez un garde-fou sur {quality}",
)
UNKNOWN_QUALITY = Message(
    en="the yield of each unit (a rate or an average over {metric})",
    fr="le rendement de chaque unité (un taux ou une moyenne sur « {metric} »)",
)
NOTE_QUALITY = Message(
    en="guardrails: no efficiency of {metric} is known; define one under `metrics:`, e.g. `{name}: {{type: ratio, "
       "numerator: {output}, denominator: {metric}}}`, and guard it (max_decrease: 10%)",
    fr="guardrails : aucune efficacité de « {metric} » n'est connue ; définissez-en une sous `metrics:`, par ex. "
       "`{name}: {{type: ratio, numerator: {output}, denominator: {metric}}}`, et protégez-la (max_decrease: 10%)",
)
SENTENCE = Message(  # the value carries its unit ("4,000,000 e-mails"): the metric's name comes apart, once
    en="Reach {to} by {by} ({metric}), with {quality} held at its level (instead of \"{statement}\")",
    fr="Atteindre {to} d'ici {by} (« {metric} »), avec {quality} maintenu à son niveau (au lieu de « {statement} »)",
)


class KG103(Rule):
    """## What it does
    Flags an input KPI (a volume of activity: e-mails sent, creative concepts launched) that has a target but no
    guardrail on an efficiency or quality metric (a rate or an average, or a metric it is known to degrade). A
    target that lowers the volume (a spend to cut) rewards doing less, not more: KG105 and KG205 cover it.

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
    # The docstring's "What it does" and "Why is this bad?" in French (`kpiguard --lang fr rule KG103`)
    doc_fr = """## What it does
    Signale un KPI d'input (un volume d'activité : e-mails envoyés, concepts créatifs lancés) qui a un
    objectif mais aucun garde-fou sur une métrique d'efficacité ou de qualité (un taux ou une moyenne, ou
    une métrique qu'il est connu pour dégrader). Un objectif qui fait baisser le volume (une dépense à
    couper) récompense le fait d'en faire moins, pas plus : KG105 et KG205 le couvrent.

    ## Why is this bad?
    Un KPI de volume récompense l'activité, pas l'efficacité. « Lancer 40 concepts créatifs » s'atteint en
    lançant 40 concepts faibles ; « envoyer plus d'e-mails » sature les audiences, les taux d'ouverture
    baissent et les désabonnements s'envolent. La réécriture de l'article garde le volume et ajoute
    l'exigence de qualité : « 40 concepts, avec un hit rate d'au moins 20 % ».
    """
    summary = Message(
        en="An input KPI (a volume of activity) with a target but no guardrail on an efficiency or "
           "quality metric.",
        fr="Un KPI d'input (un volume d'activité) avec un objectif mais sans garde-fou sur une "
           "métrique d'efficacité ou de qualité.",
    )
    title = Message(en="Volume objective without an efficiency guardrail",
                    fr="Objectif de volume sans garde-fou d'efficacité")

    def check_kpi(self, kpi: KPI, ctx: LintContext) -> Iterable[Finding]:
        if ctx.level(kpi) != "input" or not lacks_quality(kpi, ctx):
            return ()
        data = ctx.kpi_data(kpi, self.code)
        notes, quality_label = add_quality(data, kpi, ctx)
        by = horizon(kpi, ctx)
        rewrite = Rewrite(SENTENCE(to=ctx.show_per(kpi.target.to, kpi, "Y"), metric=ctx.label(kpi.metric),
                                   quality=quality_label, by=by, statement=statement(kpi)),
                          ctx.snippet(data, notes))
        message = MESSAGE(kpi=kpi.id, metric=ctx.label(kpi.metric), quality=quality_label)
        return (self.finding(kpi, message, kpi.loc_of("target"), rewrite),)


def lacks_quality(kpi: KPI, ctx: LintContext) -> bool:
    """The KPI pushes a volume up with no guardrail on an efficiency (a rate, an average, a known trade-off): what
    this rule flags on an input, and what a rewrite making it an input must add."""
    if kpi.target is None or ctx.flavor(kpi.metric) is not None or _lowers(kpi, ctx):
        return False
    metric = ctx.metric(kpi.metric)
    tradeoffs = set(metric.tradeoffs) if metric is not None else set()
    return not any(name in tradeoffs or ctx.flavor(name) is not None for name in ctx.guarded(kpi))


def add_quality(data: dict, kpi: KPI, ctx: LintContext) -> tuple[list[str], str]:
    """Guard the efficiency of the KPI's volume in its snippet `data`: the notes of the snippet, and the
    efficiency as the sentences name it."""
    quality = quality_metric(kpi.metric, ctx, served_metrics(kpi, ctx))
    if quality is None:
        # No efficiency of this volume is known: a placeholder to fill, never a guardrail this rule refuses.
        add_guardrail(data, TODO, max_decrease=0.1)
        output = next(iter(served_metrics(kpi, ctx)), "...")
        notes = [*notes_for(data), NOTE_QUALITY(metric=kpi.metric, output=output,
                                                name=f"{output}_per_{kpi.metric}" if output != "..." else "...")]
        return notes, UNKNOWN_QUALITY(metric=ctx.label(kpi.metric))
    add_guardrail(data, quality, **protect(ctx, quality, 0.1))
    label = ctx.label(quality)
    return notes_for(data), f"« {label} »" if get_lang() == "fr" else label


def _lowers(kpi: KPI, ctx: LintContext) -> bool:
    """A target that cuts the volume (a spend to lower, fewer e-mails) rewards doing less, not more: what the cut
    can cost is KG105's case, a TO below the FROM on a metric to raise KG205's."""
    target = kpi.target
    return ctx.direction(kpi.metric) == "down" or (target.from_ is not None and target.to < target.from_)


def quality_metric(name: str, ctx: LintContext, served: Iterable[str] = ()) -> str | None:
    """The efficiency that a volume tends to degrade: a ratio among its trade-offs, else a ratio over it, else a
    ratio that the KPIs it serves are measured by (installs serving the app share of orders); None if none is
    known (revenue is not one: this rule does not accept it as a guardrail, so it must not propose it)."""
    metric = ctx.metric(name)
    for candidate in (metric.tradeoffs if metric is not None else ()):
        if ctx.flavor(candidate) is not None:
            return candidate
    over = ctx.ratios_over.get(name, [])
    if over:
        return min(over, key=lambda r: ctx.flavor(r) != "rate")
    return next((m for m in served if ctx.flavor(m) is not None), None)


def served_metrics(kpi: KPI, ctx: LintContext) -> list[str]:
    """The metrics of the KPIs this one serves, in the order of its `serves`."""
    found = (ctx.kpis_by_id.get(i) for i in kpi.serves)
    return list(dict.fromkeys(k.metric for k in found if k is not None and k.metric != kpi.metric))
