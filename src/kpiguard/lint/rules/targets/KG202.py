"""KG202: a target without a horizon (`by`)."""

from __future__ import annotations

from collections.abc import Iterable

from kpiguard._i18n import Message
from kpiguard.lint.advice import complete_target, deadline_words, held, notes_for
from kpiguard.lint.context import LintContext
from kpiguard.lint.finding import Finding, Rewrite
from kpiguard.lint.rule import Rule
from kpiguard.lint.snippet import TODO
from kpiguard.spec.models import KPI

MESSAGE = Message(
    en="{kpi!r} has a target with no horizon: by when must {to} be reached? Add target.by (a date or a period)",
    fr="{kpi!r} a un objectif sans horizon : {to} à atteindre quand ? Ajoutez target.by (une date ou une période)",
)
NO_VALUE = Message(  # a relative target ("+15 %") read by `kpiguard check`: no TO to name
    en="{kpi!r} has a target with no horizon: by when? Add target.by (a date or a period)",
    fr="{kpi!r} a un objectif sans horizon : pour quand ? Ajoutez target.by (une date ou une période)",
)
LEFT_TO_FILL = Message(
    en="{kpi!r} still has `by: ~`, a placeholder to fill: write the horizon, a date such as 2026-12-31 or a period "
       "such as 2026-Q4",
    fr="{kpi!r} a encore `by: ~`, une valeur à remplir : écrivez l'horizon, une date comme 2026-12-31 ou une période "
       "comme 2026-Q4",
)
SENTENCE = Message(
    en="From {from_} to {to} of {metric}{per} by {by}",
    fr="Passer de {from_} à {to} de « {metric} »{per} d'ici {by}",
)


class KG202(Rule):
    """## What it does
    Flags a target with no horizon (`target.by`).

    ## Why is this bad?
    A target without a date cannot be on or off track: progress cannot be measured against the expected path, and
    the review can never say "missed". FROM -> TO needs a "by when".

    ## Example
    ```yaml
    kpis:
      - id: value-per-email
        metric: revenue_per_email
        baseline: 2025
        target: {from: 0.70, to: 1.20}
    ```

    Use instead:
    ```yaml
    kpis:
      - id: value-per-email
        metric: revenue_per_email
        baseline: 2025
        target: {from: 0.70, to: 1.20, by: 2026-12-31}
    ```
    """

    code = "KG202"
    name = "targets.missing-horizon"
    severity = "warning"
    # The docstring's "What it does" and "Why is this bad?" in French (`kpiguard --lang fr rule KG202`)
    doc_fr = """## What it does
    Signale un objectif sans horizon (`target.by`).

    ## Why is this bad?
    Un objectif sans date ne peut être ni dans les temps ni en retard : l'avancement ne se mesure pas par
    rapport au chemin attendu, et la revue ne peut jamais dire « manqué ». FROM -> TO a besoin d'un « pour
    quand ».
    """
    summary = Message(
        en="A target with no horizon (`target.by`).",
        fr="Un objectif sans horizon (`target.by`).",
    )
    title = Message(en="Target without a horizon", fr="Objectif sans horizon")

    def check_kpi(self, kpi: KPI, ctx: LintContext) -> Iterable[Finding]:
        if kpi.target is None or kpi.target.by is not None:
            return ()
        if "by" in kpi.target._key_locs:  # `by: ~` pasted from a rewrite: the same rewrite again would loop
            return (self.finding(kpi, LEFT_TO_FILL(kpi=kpi.id), kpi.target.loc_of("by")),)
        data = ctx.kpi_data(kpi, self.code)
        by = complete_target(data, kpi, ctx)
        to = ctx.show_per(kpi.target.to, kpi, "Y")
        rewrite = Rewrite(SENTENCE(from_=ctx.show_from(kpi.target.from_, kpi.target.to, kpi.metric),
                                   to=ctx.show(kpi.target.to, kpi.metric, "Y"), metric=ctx.label(kpi.metric),
                                   per=ctx.per(kpi, kpi.target.to),
                                   by=deadline_words(by) if by is not TODO else "X") + held(kpi, ctx),
                          ctx.snippet(data, notes_for(data)))
        message = NO_VALUE(kpi=kpi.id) if kpi.target.to is None else MESSAGE(kpi=kpi.id, to=to)
        return (self.finding(kpi, message, kpi.target.loc or kpi.loc_of("target"), rewrite),)
