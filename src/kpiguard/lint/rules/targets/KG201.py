"""KG201: a target without a baseline value (no FROM)."""

from __future__ import annotations

from collections.abc import Iterable

from kpiguard._i18n import Message
from kpiguard._typography import shell_word
from kpiguard.lint.advice import complete_target, deadline_words, held, horizon, measured_over, notes_for
from kpiguard.lint.context import LintContext
from kpiguard.lint.finding import Finding, Rewrite
from kpiguard.lint.rule import Rule
from kpiguard.lint.snippet import TODO
from kpiguard.spec.models import KPI

MESSAGE = Message(
    en="{kpi!r} has a target ({to}) with no FROM: is {to} good or not? Say where it starts "
       "(target.from, measured over a baseline period)",
    fr="{kpi!r} a un objectif ({to}) sans point de départ : {to}, est-ce bien ou pas ? Dites d'où il part "
       "(target.from, mesuré sur une période de référence)",
)
RELATIVE = Message(
    en="{kpi!r} has a relative target with no FROM: a change means nothing until its starting value is measured. "
       "Say where it starts (target.from, measured over a baseline period); the TO follows from it",
    fr="{kpi!r} a un objectif relatif sans point de départ : une variation ne dit rien tant que sa valeur de départ "
       "n'est pas mesurée. Dites d'où il part (target.from, mesuré sur une période de référence) ; le TO en découle",
)
LEFT_TO_FILL = Message(
    en="{kpi!r} still has `from: ~`, a placeholder to fill: write the value of {metric} over {baseline}{measure}",
    fr="{kpi!r} a encore `from: ~`, une valeur à remplir : écrivez la valeur de « {metric} » sur {baseline}{measure}",
)
MEASURE = Message(en=" (`kpiguard compute {file} -m {name} -p {baseline}` measures it, once data.tables is filled)",
                  fr=" (`kpiguard compute {file} -m {name} -p {baseline}` la mesure, une fois data.tables rempli)")
NO_BASELINE = Message(en="its baseline period (write `baseline:` too)",
                      fr="sa période de référence (écrivez aussi `baseline:`)")
SENTENCE = Message(
    en="From X (measured over {baseline}) to {to} of {metric}{per} by {by}",
    fr="Passer de X (mesuré sur {baseline}) à {to} de « {metric} »{per} d'ici {by}",
)


class KG201(Rule):
    """## What it does
    Flags a target with a TO but no FROM.

    ## Why is this bad?
    "10 MEUR of e-mail revenue: is that good or not?" A number alone starts sterile debates. FROM -> TO frames
    the ambition against a clear baseline and anchors the objective in a dynamic: "from 8 % to 12 % repurchase
    at 90 days", "from 0.70 EUR to 1.20 EUR per e-mail".

    ## Example
    ```yaml
    kpis:
      - id: email-revenue
        metric: email_revenue
        target: {to: 10000000, by: 2026-12-31}
    ```

    Use instead:
    ```yaml
    kpis:
      - id: email-revenue
        metric: email_revenue
        baseline: 2025
        target: {from: 8000000, to: 10000000, by: 2026-12-31}
    ```
    """

    code = "KG201"
    name = "targets.missing-from"
    severity = "warning"
    # The docstring's "What it does" and "Why is this bad?" in French (`kpiguard --lang fr rule KG201`)
    doc_fr = """## What it does
    Signale un objectif avec un TO mais sans FROM.

    ## Why is this bad?
    « 10 M€ de CA e-mail : est-ce bien ou pas ? » Un chiffre seul lance des débats stériles. FROM -> TO
    cadre l'ambition par rapport à un point de départ clair et ancre l'objectif dans une dynamique : « de 8
    % à 12 % de réachat à 90 jours », « de 0,70 € à 1,20 € par e-mail ».
    """
    summary = Message(
        en="A target with a TO but no FROM (its value over a baseline period).",
        fr="Un objectif avec un TO mais sans FROM (sa valeur sur une période de référence).",
    )
    title = Message(en="Target without a FROM (baseline value)", fr="Objectif sans point de départ (FROM)")

    def check_kpi(self, kpi: KPI, ctx: LintContext) -> Iterable[Finding]:
        if kpi.target is None or kpi.target.from_ is not None:
            return ()
        if "from_" in kpi.target._key_locs:  # `from: ~` pasted from a rewrite: the same rewrite again would loop
            return (self.finding(kpi, self._left_to_fill(kpi, ctx), kpi.target.loc_of("from_")),)
        data = ctx.kpi_data(kpi, self.code)
        by = complete_target(data, kpi, ctx)
        baseline = measured_over(str(data["baseline"])) if data["baseline"] is not TODO else "X"
        relative = kpi.target.to is None  # "+15 %" read by `kpiguard check`: the TO waits for the FROM
        to = "Y" if relative else ctx.show_per(kpi.target.to, kpi)
        shown = "Y" if relative else ctx.show(kpi.target.to, kpi.metric)
        rewrite = Rewrite(SENTENCE(baseline=baseline, to=shown, metric=ctx.label(kpi.metric), per=ctx.per(kpi),
                                   by=deadline_words(by) if by is not TODO else horizon(kpi, ctx)) + held(kpi, ctx),
                          ctx.snippet(data, notes_for(data)))
        message = RELATIVE(kpi=kpi.id) if relative else MESSAGE(kpi=kpi.id, to=to)
        return (self.finding(kpi, message, kpi.loc_of("target"), rewrite),)

    @staticmethod
    def _left_to_fill(kpi: KPI, ctx: LintContext) -> str:
        """What to write in a `from: ~` left as pasted, and the command that measures it."""
        if kpi.baseline is None:
            return LEFT_TO_FILL(kpi=kpi.id, metric=ctx.label(kpi.metric), baseline=NO_BASELINE(), measure="")
        file = kpi.loc.file if kpi.loc is not None and kpi.loc.file else "kpis.yaml"
        return LEFT_TO_FILL(kpi=kpi.id, metric=ctx.label(kpi.metric), baseline=measured_over(kpi.baseline.label),
                            measure=MEASURE(file=shell_word(file), name=kpi.metric, baseline=kpi.baseline.label))
