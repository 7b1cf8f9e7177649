"""KG307: an input metric declared as an output or an outcome."""

from __future__ import annotations

from collections.abc import Iterable

from kpiguard._i18n import Message
from kpiguard.lint.advice import statement
from kpiguard.lint.context import LintContext
from kpiguard.lint.finding import Finding, Rewrite
from kpiguard.lint.rule import Rule
from kpiguard.lint.rules.structure.KG103 import add_quality, lacks_quality
from kpiguard.lint.rules.structure.KG104 import output_for_input
from kpiguard.spec.models import KPI

MESSAGE = Message(
    en="{kpi!r} is declared an {level}, but {metric} is an input (what the team produces, not what it triggers "
       "or what the company wants); declare `level: input`, so that it is required as a working base, and steer "
       "with an output such as {output}",
    fr="{kpi!r} est déclaré {level}, mais « {metric} » est un input (ce que l'équipe produit, pas ce qu'elle "
       "déclenche ni ce que veut l'entreprise) ; déclarez `level: input`, pour l'exiger comme base de travail, et "
       "pilotez avec un output comme « {output} »",
)
SENTENCE = Message(en="\"{statement}\", as an input (a working base), not as the {level}",
                   fr="« {statement} », comme input (une base de travail), pas comme {level}")


class KG307(Rule):
    """## What it does
    Flags a KPI whose `level` is output or outcome while its metric is an input: a volume of what the team
    produces (e-mails sent, sessions bought, creative concepts launched), by the metric's own `level`.

    ## Why is this bad?
    The article's grid: input is what the team produces (high control, low relevance), output what it triggers,
    outcome what the company wants. "Number of e-mails sent" is its example of an input. Declared an outcome,
    a volume escapes every check an input gets (a volume objective needs a quality guardrail; a team needs an
    output to steer by) and is followed as if sending more were the company's goal.

    ## Example
    ```yaml
    kpis:
      - id: sends
        metric: emails_sent
        level: outcome
        target: {from: 1000000, to: 3000000, by: 2026-12-31}
    ```

    Use instead:
    ```yaml
    kpis:
      - id: sends
        metric: emails_sent
        level: input
        target: {from: 1000000, to: 3000000, by: 2026-12-31}
        guardrails:
          - metric: email_open_rate
            max_decrease: 10%
    ```
    """

    code = "KG307"
    name = "levels.input-declared-higher"
    severity = "warning"
    # The docstring's "What it does" and "Why is this bad?" in French (`kpiguard --lang fr rule KG307`)
    doc_fr = """## What it does
    Signale un KPI dont le `level` est output ou outcome alors que sa métrique est un input : un volume de
    ce que produit l'équipe (e-mails envoyés, sessions achetées, concepts créatifs lancés), d'après le
    `level` de la métrique.

    ## Why is this bad?
    La grille de l'article : l'input est ce que produit l'équipe (beaucoup de contrôle, peu de pertinence),
    l'output ce qu'elle déclenche, l'outcome ce que veut l'entreprise. « Nombre d'e-mails envoyés » est son
    exemple d'input. Déclaré outcome, un volume échappe à tous les contrôles d'un input (un objectif de
    volume demande un garde-fou de qualité ; une équipe a besoin d'un output pour se piloter) et il est
    suivi comme si envoyer plus était le but de l'entreprise.
    """
    summary = Message(
        en="A KPI declared output or outcome while its metric is an input (a volume of what the team "
           "produces).",
        fr="Un KPI déclaré output ou outcome alors que sa métrique est un input (un volume de ce que "
           "l'équipe produit).",
    )
    title = Message(en="Input metric declared as an output or an outcome",
                    fr="Métrique d'input déclarée comme output ou outcome")

    def check_kpi(self, kpi: KPI, ctx: LintContext) -> Iterable[Finding]:
        if kpi.level not in ("output", "outcome") or ctx.level_of_metric(kpi.metric) != "input":
            return ()
        data = ctx.kpi_data(kpi, self.code)
        data["level"] = "input"
        # An input with a target needs its quality bar (KG103): without it, the pasted rewrite is flagged again.
        notes = add_quality(data, kpi, ctx)[0] if lacks_quality(kpi, ctx) else None
        rewrite = Rewrite(SENTENCE(statement=statement(kpi), level=kpi.level), ctx.snippet(data, notes))
        message = MESSAGE(kpi=kpi.id, level=kpi.level, metric=ctx.label(kpi.metric),
                          output=ctx.label(output_for_input(kpi.metric, ctx)))
        return (self.finding(kpi, message, kpi.loc_of("level"), rewrite),)
