"""KG001: a suppression without a reason."""

from __future__ import annotations

from collections.abc import Iterator

from kpiguard._i18n import Message
from kpiguard.lint.advice import NOTE_REASON
from kpiguard.lint.context import LintContext
from kpiguard.lint.finding import Finding, Rewrite
from kpiguard.lint.rule import Rule
from kpiguard.lint.snippet import REASON_TO_WRITE, is_reason, kpi_data

MESSAGE = Message(
    en="{kpi!r} silences {code} without a reason: a suppression must say why the rule does not apply "
       "(`noqa: {{{code}: \"why\"}}`); it is ignored until it does",
    fr="{kpi!r} fait taire {code} sans raison : une suppression doit dire pourquoi la règle ne s'applique pas "
       "(`noqa: {{{code}: \"pourquoi\"}}`) ; elle est ignorée en attendant",
)

MESSAGE_PLACEHOLDER = Message(
    en="{kpi!r} silences {code} with {reason!r}, a placeholder rather than a reason: say why the rule does not apply "
       "here; the suppression is ignored until it does",
    fr="{kpi!r} fait taire {code} avec « {reason} », un texte à remplacer plutôt qu'une raison : dites pourquoi la "
       "règle ne s'applique pas ici ; la suppression est ignorée en attendant",
)


SENTENCE = Message(en="Say why {code} does not apply to {kpi!r}, or remove the suppression",
                   fr="Dites pourquoi {code} ne s'applique pas à {kpi!r}, ou retirez la suppression")


class KG001(Rule):
    """## What it does
    Flags a `noqa` entry (or a `# kpiguard: noqa CODE` comment) with an empty reason, or with a placeholder for
    one (`...`, `TODO`, `why`, or the "why the rule does not apply here" a rewrite writes for you to replace). The
    suppression is not applied until it has a reason.

    ## Why is this bad?
    A silenced rule hides a risk the article warns about. Whoever reads the spec next must know why it was
    accepted, and whether the reason still holds.

    ## Example
    ```yaml
    kpis:
      - id: email-share
        metric: email_revenue_share
        target: {to: 25%}
        noqa: {KG101: ""}
    ```

    Use instead:
    ```yaml
    kpis:
      - id: email-share
        metric: email_revenue_share
        target: {to: 25%}
        noqa: {KG101: "followed, not steered: the team is judged on email-revenue"}
    ```
    """

    code = "KG001"
    name = "noqa.missing-reason"
    severity = "warning"
    # The docstring's "What it does" and "Why is this bad?" in French (`kpiguard --lang fr rule KG001`)
    doc_fr = """## What it does
    Signale une entrée `noqa` (ou un commentaire `# kpiguard: noqa CODE`) sans raison, ou avec un semblant
    de raison (`...`, `TODO`, `why`, ou le « pourquoi la règle ne s'applique pas ici » qu'une réécriture
    écrit pour que vous le remplaciez). La suppression ne s'applique pas tant qu'elle n'a pas de raison.

    ## Why is this bad?
    Une règle réduite au silence cache un risque dont l'article avertit. La personne qui lira la spec
    ensuite doit savoir pourquoi il a été accepté, et si la raison tient toujours.
    """
    summary = Message(
        en="A `noqa` entry or `# kpiguard: noqa` comment with an empty reason (or a placeholder such "
           "as `...`); the suppression applies only once it has one.",
        fr="Une entrée `noqa` ou un commentaire `# kpiguard: noqa` sans raison (ou avec un texte à "
           "remplacer, comme `...`) ; la suppression ne s'applique qu'une fois la raison écrite.",
    )
    title = Message(en="Suppression without a reason", fr="Suppression sans raison")
    suppressible = False

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        for kpi_id, entries in ctx.suppressions.items():
            kpi = ctx.kpis_by_id.get(kpi_id)
            for code, (reason, location) in entries.items():
                if not is_reason(reason):
                    rewrite = None
                    if kpi is not None:
                        data = kpi_data(kpi)
                        data["noqa"] = {**{k: v for k, v in data.get("noqa", {}).items() if k.upper() != code},
                                        code: REASON_TO_WRITE()}
                        rewrite = Rewrite(SENTENCE(code=code, kpi=kpi_id), ctx.snippet(data, [NOTE_REASON()]))
                    message = (MESSAGE_PLACEHOLDER(kpi=kpi_id, code=code, reason=reason) if reason
                               else MESSAGE(kpi=kpi_id, code=code))
                    yield self.finding(kpi, message, location, rewrite)
