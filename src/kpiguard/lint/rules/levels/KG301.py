"""KG301: an output KPI that serves no outcome."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import chain, islice

from kpiguard._i18n import Message
from kpiguard.lint.advice import collective, statement, undeclared_level
from kpiguard.lint.context import LintContext
from kpiguard.lint.finding import Finding, Rewrite
from kpiguard.lint.rule import Rule
from kpiguard.spec.models import KPI

MESSAGE = Message(
    en="{kpi!r} is an output that serves no outcome: nothing says that meeting it makes the company better off; "
       "add `serves: [{outcome}]`",
    fr="{kpi!r} est un output qui ne sert aucun outcome : rien ne dit que l'atteindre améliore la situation de "
       "l'entreprise ; ajoutez `serves: [{outcome}]`",
)
MESSAGE_NEW = Message(
    en="{kpi!r} is an output that serves no outcome: nothing says that meeting it makes the company better off; "
       "declare the outcome it serves (an outcome KPI such as {outcome!r} on margin) and add `serves: [{outcome}]`",
    fr="{kpi!r} est un output qui ne sert aucun outcome : rien ne dit que l'atteindre améliore la situation de "
       "l'entreprise ; déclarez l'outcome qu'il sert (un KPI d'outcome comme {outcome!r} sur la marge) et ajoutez "
       "`serves: [{outcome}]`",
)
MESSAGE_NO_OUTCOME_DOWNSTREAM = Message(
    en="{kpi!r} is an output that serves {served}, but none of them is an outcome or leads to one: nothing says "
       "that meeting it makes the company better off; add `serves: [{outcome}]`",
    fr="{kpi!r} est un output qui sert {served}, mais aucun n'est un outcome ni n'en sert un : rien ne dit que "
       "l'atteindre améliore la situation de l'entreprise ; ajoutez `serves: [{outcome}]`",
)
NEW_OUTCOME = Message(
    en="no outcome KPI in the spec yet: declare the outcome this output serves, e.g. gross margin",
    fr="aucun KPI d'outcome dans la spec : déclarez l'outcome que sert cet output, par exemple la marge brute",
)
SHARED = Message(
    en="{outcome} is also the outcome proposed for {kpis}: declare it once, for all of them",
    fr="{outcome} est aussi l'outcome proposé pour {kpis} : déclarez-le une fois, pour tous",
)
AND_MORE = Message(en="{kpis} and {n} more", fr="{kpis} et {n} autres")
SENTENCE = Message(en="\"{statement}\", in service of {outcome}", fr="« {statement} », au service de {outcome}")


class KG301(Rule):
    """## What it does
    Flags an output KPI with an empty `serves`, or whose `serves` leads to no outcome KPI (it serves only inputs
    or outputs that serve nothing further): it names no outcome that meeting it is meant to improve.

    ## Why is this bad?
    The question every KPI must survive: "if this KPI is met, am I certain the company is better off?" An output
    (revenue via UTM e-mail) is worth steering only for the outcome it serves (repurchase at 60 days, margin).
    Writing the link down makes it checkable: the review can show the output met while its outcome falls.

    ## Example
    ```yaml
    kpis:
      - id: email-revenue
        metric: email_revenue
        level: output
      - id: gross-margin
        metric: margin
        level: outcome
    ```

    Use instead:
    ```yaml
    kpis:
      - id: email-revenue
        metric: email_revenue
        level: output
        serves: [gross-margin]
      - id: gross-margin
        metric: margin
        level: outcome
    ```
    """

    code = "KG301"
    name = "levels.output-serves-nothing"
    severity = "warning"
    # The docstring's "What it does" and "Why is this bad?" in French (`kpiguard --lang fr rule KG301`)
    doc_fr = """## What it does
    Signale un KPI d'output dont `serves` est vide, ou ne mène à aucun KPI d'outcome (il ne sert que des
    inputs ou des outputs qui ne servent rien d'autre) : il ne nomme aucun outcome que son atteinte doit
    améliorer.

    ## Why is this bad?
    La question à laquelle chaque KPI doit survivre : « si ce KPI est atteint, suis-je sûr que l'entreprise
    va mieux ? » Un output (le CA UTM e-mail) ne vaut d'être piloté que pour l'outcome qu'il sert (le
    réachat à 60 jours, la marge). Écrire le lien le rend vérifiable : la revue peut montrer l'output
    atteint pendant que son outcome baisse.
    """
    summary = Message(
        en="An output KPI whose `serves` is empty or leads to no outcome KPI.",
        fr="Un KPI d'output dont `serves` est vide ou ne mène à aucun KPI d'outcome.",
    )
    title = Message(en="Output that serves no outcome", fr="Output qui ne sert aucun outcome")

    def check_kpi(self, kpi: KPI, ctx: LintContext) -> Iterable[Finding]:
        if ctx.level(kpi) != "output" or (kpi.serves and kpi.id in ctx.leading_to_outcome):
            return ()
        # An outcome that "serves" this KPI, directly or not, is `serves` written backwards (KG308 explains it);
        # suggesting it here would close a loop, which validate refuses.
        upstream = _serving(kpi.id, ctx)
        if any(ctx.level(ctx.kpis_by_id[k]) == "outcome" for k in upstream if k in ctx.kpis_by_id):
            return ()
        # The first outcome, taken lazily: a spec may hold thousands.
        mine = ctx.outcomes_by_team.get(kpi.owner, []) if kpi.owner else []
        chosen = next(chain(mine, ctx.outcome_kpis), None)
        data = ctx.kpi_data(kpi, self.code)
        notes: list[str] = []
        extra = ()
        if chosen is not None:
            outcome_id = chosen.id
        else:  # the outcome to declare with it, so that the snippet pastes as a whole
            outcome, said = new_outcome(ctx)
            outcome_id = outcome["id"]
            notes = [NEW_OUTCOME(), *said]
            notes += shared_note(outcome_id, ctx, kpi)  # pasted twice, the same outcome's id would clash
            extra = (outcome,)
        data["serves"] = [*kpi.serves, outcome_id]
        rewrite = Rewrite(SENTENCE(statement=statement(kpi), outcome=outcome_id), ctx.snippet(data, notes, extra))
        if kpi.serves:  # it serves inputs or outputs that lead nowhere
            served = (ctx.kpis_by_id[s] for s in kpi.serves if s in ctx.kpis_by_id)
            text = MESSAGE_NO_OUTCOME_DOWNSTREAM(kpi=kpi.id, served=", ".join(kpi.serves), outcome=outcome_id)
            return (self.finding(kpi, text + undeclared_level(served, ctx), kpi.loc_of("serves"), rewrite),)
        message = MESSAGE if chosen is not None else MESSAGE_NEW
        return (self.finding(kpi, message(kpi=kpi.id, outcome=outcome_id) + undeclared_level([kpi], ctx), ctx.own_loc(kpi, "level", key=True)
                             if kpi.level else kpi.loc_of("id"), rewrite),)


def _serving(kpi_id: str, ctx: LintContext) -> set[str]:
    """The ids of the KPIs that serve `kpi_id`, directly or through others."""
    found: set[str] = set()
    todo = [kpi_id]
    while todo:
        for server in ctx.servers.get(todo.pop(), ()):
            if server.id not in found:
                found.add(server.id)
                todo.append(server.id)
    return found



def shared_note(outcome_id: str, ctx: LintContext, kpi: KPI | None = None) -> list[str]:
    """The note that the other outputs needing a new outcome are given the same one (three named, then how many
    more: a spec of thousands of outputs and no outcome wrote every id under every rewrite), or none."""
    needing = needing_new_outcome(ctx)
    count = len(needing) - (kpi is not None)  # (the KPI KG301 flags is one of them)
    if count <= 0:
        return []
    named = [repr(k.id) for k in islice((k for k in needing if k is not kpi), 3)]
    kpis = ", ".join(named) if count <= 3 else AND_MORE(kpis=", ".join(named), n=count - 3)
    return [SHARED(outcome=outcome_id, kpis=kpis)]


def needing_new_outcome(ctx: LintContext) -> list[KPI]:
    """The outputs a rewrite gives a new outcome to serve (the spec has no outcome KPI), in file order, bar those
    that silence this rule (worked out once per run)."""
    found = ctx.memo.get("KG301.needing")
    if found is None:
        silenced = ctx.suppressions
        found = ctx.memo["KG301.needing"] = [
            k for k in ctx.spec.kpis if ctx.level(k) == "output"
            and not {"KG301", KG301.name.upper()} & set(silenced.get(k.id, {}))]
    return found


def new_outcome(ctx: LintContext) -> tuple[dict, list[str]]:
    """The outcome KPI the rewrites declare when the spec has none, and its notes: one for the whole run (the same
    id, owner and teams in every rewrite, KG104's new output serving it too), owned by the team of the first output
    that needs it, with the teams of
    the others as contributors (pasted bare, it drew KG304: no contributors); placeholder teams only where the spec
    declares no teams (a declared list that holds no other team would refuse them)."""
    found = ctx.memo.get("KG301.outcome")
    if found is None:
        needing = needing_new_outcome(ctx)
        # (a spec of inputs only, KG104's output to serve it: the first team named)
        owner = next((k.owner for k in chain(needing, ctx.spec.kpis) if k.owner), None)
        outcome: dict = {"id": ctx.new_kpi_id("gross-margin"), "metric": "margin", "level": "outcome", **({"owner": owner} if owner else {})}
        said: list[str] = []
        if not ctx.single_actor and (not ctx.spec.teams or any(t != owner for t in ctx.spec.teams)):
            fields, said = collective(owner, needing, ctx)
            outcome.update(fields)
            said = said[1:]  # (a note on placeholder teams, when the spec declares none)
        found = ctx.memo["KG301.outcome"] = (outcome, said)
    return found
