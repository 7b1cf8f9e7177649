"""KG303: a collective outcome that no output crosses."""

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
    en="{kpi!r} is a collective outcome that no channel or operational KPI crosses: no output declares "
       "`serves: [{kpi}]`; give each team that moves it ({teams}) an output that serves it",
    fr="{kpi!r} est un outcome collectif qu'aucun KPI canal ou opérationnel ne croise : aucun output ne déclare "
       "`serves: [{kpi}]` ; donnez à chaque équipe qui le fait bouger ({teams}) un output qui le sert",
)
MESSAGE_OWNED = Message(
    en="{kpi!r} is a collective outcome that no channel or operational KPI crosses: no output declares "
       "`serves: [{kpi}]`; {output!r}, an output {team} already owns, can: add {kpi} to its `serves`",
    fr="{kpi!r} est un outcome collectif qu'aucun KPI canal ou opérationnel ne croise : aucun output ne déclare "
       "`serves: [{kpi}]` ; {output!r}, un output déjà porté par {team}, le peut : ajoutez {kpi} à son `serves`",
)
ALSO_OWNED = Message(en=" (so can {outputs})", fr=" ({outputs} aussi)")
OWNED_BY = Message(en="{kpi!r} of {team}", fr="{kpi!r} de {team}")
TEAMS_WITHOUT = Message(en="; give the other teams that move it ({teams}) an output that serves it",
                        fr=" ; donnez aux autres équipes qui le font bouger ({teams}) un output qui le sert")
SENTENCE_OWNED = Message(
    en="Let \"{output}\", the output {team} already owns, serve \"{kpi}\" (paste it in place of \"{output}\")",
    fr="Rattacher « {output} », l'output déjà porté par {team}, à « {kpi} » (à coller à la place de « {output} »)",
)
SENTENCE = Message(
    en="Cross \"{kpi}\" with a channel KPI of {team} (from X to Y) that serves it",
    fr="Croiser « {kpi} » avec un KPI canal de {team} (de X à Y) qui le sert",
)


class KG303(Rule):
    """## What it does
    Flags an outcome KPI with contributors that no output KPI serves (no output lists it in `serves`). When one of
    its teams already owns an output (one serving no outcome first), the rewrite is that output with the outcome
    added to its `serves`, to paste in its place; otherwise a new output for a contributor, to fill in.

    ## Why is this bad?
    Repeat revenue depends on CRM, product, delivery and support; conversion on the site, the traffic and the
    offer. Such a KPI can be assigned, but the article asks to cross the global KPI with a channel or operational
    KPI: without one, nobody knows which lever moved it, and each team can claim or disown it.

    ## Example
    ```yaml
    kpis:
      - id: repurchase-90d
        metric: repurchase_rate_90d
        level: outcome
        owner: crm
        contributors: [product, support]
    ```

    Use instead:
    ```yaml
    kpis:
      - id: repurchase-90d
        metric: repurchase_rate_90d
        level: outcome
        owner: crm
        contributors: [product, support]
      - id: email-revenue
        metric: email_revenue
        level: output
        owner: crm
        serves: [repurchase-90d]
    ```
    """

    code = "KG303"
    name = "collective.outcome-not-crossed"
    severity = "warning"
    # The docstring's "What it does" and "Why is this bad?" in French (`kpiguard --lang fr rule KG303`)
    doc_fr = """## What it does
    Signale un KPI d'outcome avec des contributeurs qu'aucun KPI d'output ne sert (aucun output ne le cite
    dans `serves`). Quand l'une de ses équipes porte déjà un output (d'abord un output qui ne sert encore
    aucun outcome), la réécriture est cet output avec l'outcome ajouté à son `serves`, à coller à sa place ;
    sinon un nouvel output pour un contributeur, à compléter.

    ## Why is this bad?
    Le CA de réachat dépend du CRM, du produit, de la livraison et du service client ; la conversion, du
    site, du trafic et de l'offre. Un tel KPI peut être confié, mais l'article demande de croiser le KPI
    global avec un KPI canal ou opérationnel : sans lui, personne ne sait quel levier l'a fait bouger, et
    chaque équipe peut s'en attribuer le mérite ou s'en laver les mains.
    """
    summary = Message(
        en="An outcome KPI with contributors that no output KPI serves.",
        fr="Un KPI d'outcome avec des contributeurs qu'aucun KPI d'output ne sert.",
    )
    title = Message(en="Collective outcome crossed by no output", fr="Outcome collectif croisé par aucun output")

    def check_kpi(self, kpi: KPI, ctx: LintContext) -> Iterable[Finding]:
        if not ctx.others(kpi) or ctx.level(kpi) != "outcome":
            return ()
        if any(ctx.level(s) == "output" for s in ctx.servers.get(kpi.id, ())):
            return ()
        teams = list(dict.fromkeys([*([kpi.owner] if kpi.owner else []), *kpi.contributors]))
        owned = owned_output(kpi, teams, ctx)
        if owned is not None:  # the lever is there, it only lacks the link: name it rather than a new KPI
            data = ctx.kpi_data(owned)
            data["serves"] = [*owned.serves, kpi.id]
            rewrite = Rewrite(SENTENCE_OWNED(kpi=kpi.id, output=owned.id, team=owned.owner), ctx.snippet(data))
            message = MESSAGE_OWNED(kpi=kpi.id, output=owned.id, team=owned.owner)
            # the other teams: the output each already owns, else an output to give it
            more = {t: owned_output(kpi, [t], ctx) for t in teams if t != owned.owner}
            if any(more.values()):
                message += ALSO_OWNED(outputs=", ".join(OWNED_BY(kpi=k.id, team=t) for t, k in more.items() if k))
            if any(k is None for k in more.values()):
                message += TEAMS_WITHOUT(teams=", ".join(t for t, k in more.items() if k is None))
            return (self.finding(kpi, message, ctx.own_loc(kpi, "contributors"), rewrite),)
        team = ctx.others(kpi)[0]
        data = {"id": ctx.new_kpi_id(f"{team}-output"), "metric": TODO, "level": "output", "owner": team,
                **new_output_target(kpi), "serves": [kpi.id]}
        rewrite = Rewrite(SENTENCE(kpi=kpi.id, team=team), ctx.snippet(data, notes_for(data)))
        return (self.finding(kpi, MESSAGE(kpi=kpi.id, teams=", ".join(teams)), ctx.own_loc(kpi, "contributors"),
                             rewrite),)
