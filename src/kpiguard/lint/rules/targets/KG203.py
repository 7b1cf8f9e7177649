"""KG203: a FROM with no baseline period it was measured on."""

from __future__ import annotations

from collections.abc import Iterable

from kpiguard._i18n import Message
from kpiguard.lint.advice import complete_target, deadline_words, held, measured_over, notes_for
from kpiguard.lint.context import LintContext
from kpiguard.lint.finding import Finding, Rewrite
from kpiguard.lint.rule import Rule
from kpiguard.lint.snippet import TODO
from kpiguard.spec.models import KPI

MESSAGE = Message(
    en="{kpi!r} starts from {from_} but does not say over which period it was measured: add `baseline` "
       "(2025, 2025-H2, 2025-Q4, 2025-10...) so that the FROM can be checked on the data",
    fr="{kpi!r} part de {from_} sans dire sur quelle période cette valeur a été mesurée : ajoutez `baseline` "
       "(2025, 2025-H2, 2025-Q4, 2025-10...) pour que le point de départ soit vérifiable sur les données",
)
SENTENCE = Message(
    en="From {from_} (measured over {baseline}) to {to} of {metric}{per} by {by}",
    fr="Passer de {from_} (mesuré sur {baseline}) à {to} de « {metric} »{per} d'ici {by}",
)


class KG203(Rule):
    """## What it does
    Flags a target whose FROM has no `baseline` period saying when it was measured.

    ## Why is this bad?
    "From 8 to 10 MEUR": 8 MEUR over which period? Without it the FROM cannot be checked against the data, the
    baseline can drift with each discussion, and the review cannot tell a hollow success from a real one.

    ## Example
    ```yaml
    kpis:
      - id: repurchase-90d
        metric: repurchase_rate_90d
        level: outcome
        target: {from: 8%, to: 12%, by: 2026-12-31}
    ```

    Use instead:
    ```yaml
    kpis:
      - id: repurchase-90d
        metric: repurchase_rate_90d
        level: outcome
        baseline: 2025
        target: {from: 8%, to: 12%, by: 2026-12-31}
    ```
    """

    code = "KG203"
    name = "targets.from-without-baseline"
    severity = "warning"
    # The docstring's "What it does" and "Why is this bad?" in French (`kpiguard --lang fr rule KG203`)
    doc_fr = """## What it does
    Signale un objectif dont le FROM n'a pas de période de référence (`baseline`) disant quand il a été
    mesuré.

    ## Why is this bad?
    « De 8 à 10 M€ » : 8 M€ sur quelle période ? Sans elle, le FROM ne peut pas être vérifié sur les
    données, la référence peut glisser à chaque discussion, et la revue ne peut pas distinguer un succès
    creux d'un vrai.
    """
    summary = Message(
        en="A target whose FROM has no `baseline` period saying when it was measured.",
        fr="Un objectif dont le FROM n'a pas de période `baseline` disant quand il a été mesuré.",
    )
    title = Message(en="FROM without a baseline period", fr="Point de départ sans période de référence")

    def check_kpi(self, kpi: KPI, ctx: LintContext) -> Iterable[Finding]:
        if kpi.target is None or kpi.target.from_ is None or kpi.baseline is not None:
            return ()
        data = ctx.kpi_data(kpi, self.code)
        by = complete_target(data, kpi, ctx)
        baseline = measured_over(str(data["baseline"])) if data["baseline"] is not TODO else "X"
        from_ = ctx.show(kpi.target.from_, kpi.metric)
        sentence = SENTENCE(from_=ctx.show_from(kpi.target.from_, kpi.target.to, kpi.metric), baseline=baseline,
                            to=ctx.show(kpi.target.to, kpi.metric, "Y"), metric=ctx.label(kpi.metric),
                            per=ctx.per(kpi, kpi.target.to), by=deadline_words(by) if by is not TODO else "X")
        rewrite = Rewrite(sentence + held(kpi, ctx), ctx.snippet(data, notes_for(data)))
        location = kpi.target.loc_of("from_")
        return (self.finding(kpi, MESSAGE(kpi=kpi.id, from_=from_), location, rewrite),)
