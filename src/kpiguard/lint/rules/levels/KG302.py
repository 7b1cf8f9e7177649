"""KG302: an outcome that steers a team with no output of its own serving it."""

from __future__ import annotations

from collections.abc import Iterable

from kpiguard._i18n import Message
from kpiguard.lint.advice import notes_for, owned_output
from kpiguard.lint.context import LintContext
from kpiguard.lint.finding import Finding, Rewrite
from kpiguard.lint.rule import Rule
from kpiguard.lint.snippet import TODO, new_output_target
from kpiguard.spec.models import KPI

MESSAGE = Message(
    en="{kpi!r} is an outcome given to {team!r}, but no output KPI of {team!r} (or of its contributors) serves "
       "it: steer with outputs, follow outcomes; give {team!r} an output with `serves: [{kpi}]`",
    fr="{kpi!r} est un outcome confié à {team!r}, mais aucun KPI d'output de {team!r} (ni de ses contributeurs) "
       "ne le sert : on pilote avec les outputs, on suit les outcomes ; donnez à {team!r} un output avec "
       "`serves: [{kpi}]`",
)
MESSAGE_OWNED = Message(
    en="{kpi!r} is an outcome given to {team!r}, but no output KPI of {team!r} (or of its contributors) serves "
       "it: steer with outputs, follow outcomes; {output!r}, an output {owner} already owns, can: add {kpi} to its "
       "`serves`",
    fr="{kpi!r} est un outcome confié à {team!r}, mais aucun KPI d'output de {team!r} (ni de ses contributeurs) "
       "ne le sert : on pilote avec les outputs, on suit les outcomes ; {output!r}, un output déjà porté par "
       "{owner}, le peut : ajoutez {kpi} à son `serves`",
)
SENTENCE_OWNED = Message(
    en="Steer {team} with \"{output}\", the output {owner} already owns, serving \"{kpi}\", and follow \"{kpi}\" "
       "(paste it in place of \"{output}\")",
    fr="Piloter {team} avec « {output} », l'output déjà porté par {owner}, au service de « {kpi} », et suivre "
       "« {kpi} » (à coller à la place de « {output} »)",
)
SENTENCE = Message(
    en="Steer {team} with an output (from X to Y) that serves \"{kpi}\", and follow \"{kpi}\"",
    fr="Piloter {team} avec un output (de X à Y) qui sert « {kpi} », et suivre « {kpi} »",
)


class KG302(Rule):
    """## What it does
    Flags an outcome KPI with an owner and a target (it steers that team) when no output KPI owned by the team or
    by one of its contributors serves it (and, when the outcome has no contributors, when nothing serves it at
    all). An outcome followed without a target is not flagged, nor one served by an output whose owner is not
    said (it may be a contributor's; KG310 asks whose it is). When the team or a contributor already owns an
    output, the rewrite is that output with the outcome added to its `serves`, rather than a new one.

    ## Why is this bad?
    Outcomes (repurchase rate at 60 days) matter most but are the least under a team's control. A team steered
    by an outcome alone has no lever it can pull and judge itself on. The article: steer with outputs, follow
    outcomes. The owner needs at least one output of its own that is declared to serve the outcome.

    ## Example
    ```yaml
    kpis:
      - id: repurchase-90d
        metric: repurchase_rate_90d
        level: outcome
        owner: crm
        baseline: 2025
        target: {from: 8%, to: 12%, by: 2026-12-31}
    ```

    Use instead:
    ```yaml
    kpis:
      - id: repurchase-90d
        metric: repurchase_rate_90d
        level: outcome
        owner: crm
        baseline: 2025
        target: {from: 8%, to: 12%, by: 2026-12-31}
      - id: value-per-email
        metric: revenue_per_email
        level: output
        owner: crm
        serves: [repurchase-90d]
    ```
    """

    code = "KG302"
    name = "levels.outcome-steered-without-output"
    severity = "warning"
    # The docstring's "What it does" and "Why is this bad?" in French (`kpiguard --lang fr rule KG302`)
    doc_fr = """## What it does
    Signale un KPI d'outcome avec un responsable et un objectif (il pilote cette équipe) quand aucun KPI
    d'output porté par l'équipe ou par l'un de ses contributeurs ne le sert (et, quand l'outcome n'a pas de
    contributeurs, quand rien ne le sert du tout). Un outcome suivi sans objectif n'est pas signalé, ni un
    outcome servi par un output dont le responsable n'est pas dit (il peut être celui d'un contributeur ;
    KG310 demande à qui il est). Quand l'équipe ou un contributeur porte déjà un output, la réécriture est
    cet output avec l'outcome ajouté à son `serves`, plutôt qu'un nouveau.

    ## Why is this bad?
    Les outcomes (taux de réachat à 60 jours) comptent le plus mais sont les moins maîtrisés par une équipe.
    Une équipe pilotée par un outcome seul n'a aucun levier qu'elle puisse actionner et sur lequel se juger.
    L'article : piloter avec les outputs, suivre les outcomes. Le responsable a besoin d'au moins un output
    à lui, déclaré au service de l'outcome.
    """
    summary = Message(
        en="An outcome KPI that steers a team (an owner and a target) with no output KPI of that team"
           " or its contributors serving it.",
        fr="Un KPI d'outcome qui pilote une équipe (un responsable et un objectif) sans KPI d'output "
           "de cette équipe ou de ses contributeurs pour le servir.",
    )
    title = Message(en="Outcome steering a team without an output", fr="Outcome qui pilote une équipe sans output")

    def check_kpi(self, kpi: KPI, ctx: LintContext) -> Iterable[Finding]:
        if kpi.owner is None or kpi.target is None or ctx.level(kpi) != "outcome":
            return ()
        servers = [s for s in ctx.servers.get(kpi.id, ()) if ctx.level(s) == "output"]
        if not servers and ctx.others(kpi):
            return ()  # a collective outcome nothing crosses: KG303 says it
        if servers and not ctx.others(kpi):
            return ()  # other teams' outputs serve it and none is a contributor: KG304 names them as contributors
        steered = {kpi.owner, *kpi.contributors}
        if any(s.owner is None or s.owner in steered for s in servers):
            return ()  # (an output without an owner may be any team's: KG310 asks whose it is)
        owned = owned_output(kpi, [kpi.owner, *kpi.contributors], ctx)
        if owned is not None:  # the lever is there, it only lacks the link: name it rather than a new KPI
            data = ctx.kpi_data(owned)
            data["serves"] = [*owned.serves, kpi.id]
            names = {"kpi": kpi.id, "team": kpi.owner, "output": owned.id, "owner": owned.owner}
            rewrite = Rewrite(SENTENCE_OWNED(**names), ctx.snippet(data))
            return (self.finding(kpi, MESSAGE_OWNED(**names), ctx.own_loc(kpi, "owner"), rewrite),)
        data = {"id": ctx.new_kpi_id(f"{kpi.owner}-output"), "metric": TODO, "level": "output", "owner": kpi.owner,
                **new_output_target(kpi), "serves": [kpi.id]}
        rewrite = Rewrite(SENTENCE(team=kpi.owner, kpi=kpi.id), ctx.snippet(data, notes_for(data)))
        return (self.finding(kpi, MESSAGE(kpi=kpi.id, team=kpi.owner), ctx.own_loc(kpi, "owner"), rewrite),)
