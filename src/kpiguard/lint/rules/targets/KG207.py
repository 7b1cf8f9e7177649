"""KG207: a guardrail that can never be breached."""

from __future__ import annotations

from collections.abc import Iterable

from kpiguard._i18n import Message
from kpiguard.lint.advice import notes_for, protect
from kpiguard.lint.context import LintContext
from kpiguard.lint.finding import Finding, Rewrite
from kpiguard.lint.rule import Rule
from kpiguard.spec.models import KPI, Guardrail

MESSAGE = Message(
    en="{kpi!r}: the guardrail on {metric} ({key}: {value}) can never be breached, {why}: it guards nothing; "
       "write the largest change you accept, e.g. {fix}",
    fr="{kpi!r} : le garde-fou sur « {metric} » ({key}: {value}) ne peut jamais être franchi, {why} : il ne "
       "protège rien ; écrivez le plus grand écart que vous acceptez, par ex. {fix}",
)
WHY = {
    "max_decrease": Message(en="since it only forbids falling below zero", fr="puisqu'il n'interdit que de passer "
                            "sous zéro"),
    "min": Message(en="since {metric} is never below zero", fr="puisque « {metric} » n'est jamais sous zéro"),
    "max": Message(en="since {metric} is a percentage, never above 100 %",
                   fr="puisque « {metric} » est un pourcentage, jamais au-dessus de 100 %"),
}
SENTENCE = Message(en="Guardrail on {metric}: {fix} instead of {key}: {value}",
                   fr="Garde-fou sur « {metric} » : {fix} au lieu de {key}: {value}")


class KG207(Rule):
    """## What it does
    Flags a guardrail whose every threshold holds whatever happens: `max_decrease: 100%` or `min: 0` on a metric
    that is never negative (a count, a rate, a share, an average), `max: 100%` on a rate or a share.

    ## Why is this bad?
    A guardrail says what the push must not break. One that can never be breached looks like protection in the
    spec and in the review, yet lets the metric fall as far as the push takes it: the KPI is as isolated as
    without it. It is usually a placeholder never filled in, or a percent slip (`100%` for `10%`).

    ## Example
    ```yaml
    kpis:
      - id: new-customers
        metric: new_customers
        level: output
        baseline: 2025
        target: {from: 40000, to: 48000, by: 2026-12-31}
        guardrails:
          - metric: aov
            max_decrease: 100%
    ```

    Use instead:
    ```yaml
    kpis:
      - id: new-customers
        metric: new_customers
        level: output
        baseline: 2025
        target: {from: 40000, to: 48000, by: 2026-12-31}
        guardrails:
          - metric: aov
            max_decrease: 5%
    ```
    """

    code = "KG207"
    name = "targets.guardrail-never-breached"
    severity = "warning"
    # The docstring's "What it does" and "Why is this bad?" in French (`kpiguard --lang fr rule KG207`)
    doc_fr = """## What it does
    Signale un garde-fou dont chaque seuil tient quoi qu'il arrive : `max_decrease: 100%` ou `min: 0` sur
    une métrique jamais négative (un nombre, un taux, une part, une moyenne), `max: 100%` sur un taux ou une
    part.

    ## Why is this bad?
    Un garde-fou dit ce que la poussée ne doit pas casser. Un garde-fou qui ne peut jamais céder ressemble à
    une protection dans la spec et dans la revue, mais laisse la métrique tomber aussi bas que la poussée
    l'emmène : le KPI est aussi isolé que sans lui. C'est généralement un exemple jamais rempli, ou une
    étourderie sur le pourcentage (`100%` pour `10%`).
    """
    summary = Message(
        en="A guardrail whose every threshold holds whatever happens (`max_decrease: 100%` or `min: "
           "0` on a metric never negative, `max: 100%` on a rate).",
        fr="Un garde-fou dont chaque seuil tient quoi qu'il arrive (`max_decrease: 100%` ou `min: 0` "
           "sur une métrique jamais négative, `max: 100%` sur un taux).",
    )
    title = Message(en="Guardrail that can never be breached", fr="Garde-fou impossible à franchir")

    def check_kpi(self, kpi: KPI, ctx: LintContext) -> Iterable[Finding]:
        out = []
        for i, rail in enumerate(kpi.guardrails):
            keys = vacuous_keys(rail, ctx)
            if not keys:
                continue
            key = keys[0]
            fix = protect(ctx, rail.metric, 0.1)
            fix_key, fix_value = next(iter(fix.items()))
            fix_text = f"{fix_key}: {fix_value * 100:g}%"
            value = _written(getattr(rail, key), key, rail.metric, ctx)
            data = ctx.kpi_data(kpi, self.code)
            rail_data = data["guardrails"][i]
            for name in keys:
                rail_data.pop(name, None)
            rail_data.update(fix)
            label = ctx.label(rail.metric)
            rewrite = Rewrite(SENTENCE(metric=label, fix=fix_text, key=key, value=value),
                              ctx.snippet(data, notes_for(data)))
            message = MESSAGE(kpi=kpi.id, metric=label, key=key, value=value, fix=fix_text,
                              why=WHY[key](metric=label))
            out.append(self.finding(kpi, message, rail.loc_of(key), rewrite))
        return out


def vacuous_keys(rail: Guardrail, ctx: LintContext) -> list[str]:
    """The thresholds of `rail` that always hold, when all of them do (else none: the guardrail guards).

    A threshold on the side KG206 flags (a floor on a metric where less is better, a ceiling on one where more is
    better) is left to it: it is wrong, not empty.
    """
    set_keys = [k for k in ("max_increase", "max_decrease", "min", "max") if getattr(rail, k) is not None]
    direction = ctx.direction(rail.metric)
    never_negative = ctx.never_negative(rail.metric)
    percent = ctx.flavor(rail.metric) in ("share", "rate")
    always_holds = {
        "max_decrease": lambda v: direction != "down" and never_negative and v >= 1,  # at most down to zero
        "min": lambda v: direction != "down" and never_negative and v <= 0,
        "max": lambda v: direction != "up" and percent and v >= 1,  # a percentage never exceeds 100 %
        "max_increase": lambda v: False,
    }
    found = [key for key in set_keys if always_holds[key](getattr(rail, key))]
    return found if found and len(found) == len(set_keys) else []


def _written(value: float, key: str, metric: str, ctx: LintContext) -> str:
    """The threshold as the spec shows it: relative thresholds and percent metrics in percent."""
    if key in ("max_increase", "max_decrease") or ctx.is_percent(metric):
        return f"{value * 100:g}%"
    return f"{value:g}"
