"""KG104: a team whose only objectives are inputs."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain

from kpiguard._i18n import Message
from kpiguard.lint.advice import deadline_words, notes_for, statement
from kpiguard.lint.context import LintContext
from kpiguard.lint.finding import Finding, Rewrite
from kpiguard.lint.rule import Rule
from kpiguard.lint.rules.levels.KG301 import NEW_OUTCOME, new_outcome, shared_note
from kpiguard.lint.rules.structure.KG106 import guard_risks
from kpiguard.lint.snippet import TODO, kpi_data

MESSAGE = Message(
    en="team {team!r} is steered only by inputs ({kpis}): inputs are a working base, outputs steer; "
       "give {team!r} an output KPI such as {output}",
    fr="l'équipe {team!r} n'est pilotée que par des inputs ({kpis}) : les inputs sont une base de travail, "
       "ce sont les outputs qui pilotent ; donnez à {team!r} un KPI d'output comme « {output} »",
)
SENTENCE = Message(
    en="From X to Y of {output} by {by}, with {statement!r} kept as the working base",
    fr="Passer de X à Y de « {output} » d'ici {by}, en gardant « {statement} » comme base de travail",
)


class KG104(Rule):
    """## What it does
    Flags a team (an `owner`) whose KPIs with a target are all inputs: no output or outcome KPI is given to it.

    ## Why is this bad?
    Inputs (e-mails sent, concepts launched) are what the team produces: high control, low relevance. The
    article: steer with outputs, follow outcomes, and require inputs as a working base, never as the objective.
    A team judged only on its inputs optimises activity, whatever it yields.

    ## Example
    ```yaml
    kpis:
      - id: emails
        metric: emails_sent
        level: input
        owner: crm
        target: {from: 2000000, to: 3000000, by: 2026-12-31}
    ```

    Use instead:
    ```yaml
    kpis:
      - id: emails
        metric: emails_sent
        level: input
        owner: crm
        target: {from: 2000000, to: 3000000, by: 2026-12-31}
      - id: email-revenue
        metric: email_revenue
        level: output
        owner: crm
        target: {from: 8000000, to: 10000000, by: 2026-12-31}
    ```
    """

    code = "KG104"
    name = "structure.input-only-objective"
    severity = "warning"
    # The docstring's "What it does" and "Why is this bad?" in French (`kpiguard --lang fr rule KG104`)
    doc_fr = """## What it does
    Signale une équipe (un `owner`) dont tous les KPI avec objectif sont des inputs : aucun KPI d'output ou
    d'outcome ne lui est confié.

    ## Why is this bad?
    Les inputs (e-mails envoyés, concepts lancés) sont ce que produit l'équipe : beaucoup de contrôle, peu
    de pertinence. L'article : piloter avec les outputs, suivre les outcomes, et exiger les inputs comme
    base de travail, jamais comme objectif. Une équipe jugée sur ses seuls inputs optimise l'activité, quoi
    qu'elle rapporte.
    """
    summary = Message(
        en="A team whose KPIs with a target are all inputs: it is given no output or outcome.",
        fr="Une équipe dont tous les KPI avec objectif sont des inputs : aucun output ni outcome ne "
           "lui est confié.",
    )
    title = Message(en="Team steered only by inputs", fr="Équipe pilotée uniquement par des inputs")

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        for team, kpis in ctx.kpis_by_owner.items():
            if team is None:
                continue
            objectives = [k for k in kpis if k.target is not None]
            levels = {ctx.level(k) for k in kpis}
            if not objectives or levels - {"input"}:
                continue
            first = objectives[0]
            output = output_for_input(first.metric, ctx)
            data = dict(kpi_data(first))  # a new KPI beside `first`, not an edit of it (see `KpiEdit`)
            data.update(id=ctx.new_kpi_id(f"{first.id}-output"), metric=output, level="output",
                        target={"from": TODO, "to": TODO, "by": first.target.by or TODO})
            for key in ("statement", "guardrails", "noqa"):
                data.pop(key, None)
            # A KPI to paste as it is: the period its FROM is measured on (the input's, if it has one), and
            # guardrails on what it can break (without them the new output is the isolated KPI of KG106).
            data["baseline"] = first.baseline.label if first.baseline is not None else TODO
            guard_risks(data, output, ctx)
            notes, extra = notes_for(data), ()
            if not data.get("serves"):  # an output serves an outcome (KG301): the team's own, else the first
                outcome = next(chain(ctx.outcomes_by_team.get(team, []), ctx.outcome_kpis), None)
                if outcome is not None:
                    data["serves"] = [outcome.id]
                else:  # none in the spec: the one KG301's rewrites declare (pasted, the output drew KG301)
                    new, said = new_outcome(ctx)
                    data["serves"], extra = [new["id"]], (new,)
                    notes += [NEW_OUTCOME(), *said]
                    notes += shared_note(new["id"], ctx)  # the outputs KG301's rewrites give the same outcome
            # the horizon the snippet writes, said in words (it said "by X" under a snippet that wrote the date)
            by = deadline_words(first.target.by) if first.target.by is not None else "X"
            rewrite = Rewrite(SENTENCE(output=ctx.label(output), by=by, statement=statement(first)),
                              ctx.snippet(data, notes, extra))
            message = MESSAGE(team=team, kpis=", ".join(k.id for k in objectives), output=ctx.label(output))
            yield self.finding(first, message, ctx.own_loc(first, "owner"), rewrite)


def output_for_input(name: str, ctx: LintContext) -> str:
    """What an input produces: a metric it drives (emails_sent -> email_revenue), else the numerator of a rate
    over it (creative_concepts_launched -> creative_hits), else revenue. A metric that declares no level is read
    as an output, as a KPI on it is (showroom sales, the numerator of the appointments' conversion rate)."""
    for parent in ctx.parents.get(name, ()):
        if ctx.level_of_metric(parent) in ("output", None):
            return parent
    for ratio in ctx.ratios_over.get(name, ()):
        numerator = ctx.metric(ratio).numerator
        if numerator and ctx.level_of_metric(numerator) in ("output", None):
            return numerator
    return "revenue"
