"""KG308: a `serves` written the wrong way round (an outcome that serves its outputs)."""

from __future__ import annotations

from collections.abc import Iterable

from kpiguard._i18n import Message
from kpiguard.lint.context import LintContext
from kpiguard.lint.finding import Finding, Rewrite
from kpiguard.lint.rule import Rule
from kpiguard.spec.models import KPI

RANK = {"input": 0, "output": 1, "outcome": 2}
MESSAGE = Message(
    en="{kpi!r} ({level}) serves {served!r} ({served_level}): `serves` goes up, from an input to its output to "
       "its outcome; write `serves: [{kpi}]` on {served!r} instead",
    fr="{kpi!r} ({level}) sert {served!r} ({served_level}) : `serves` monte, d'un input vers son output puis vers "
       "son outcome ; écrivez plutôt `serves: [{kpi}]` sur {served!r}",
)
SENTENCE = Message(en="{served!r} serves {kpi!r}", fr="{served!r} sert {kpi!r}")
NOTE = Message(en="and on {served!r}: serves: [{kpi}]", fr="et sur {served!r} : serves: [{kpi}]")


class KG308(Rule):
    """## What it does
    Flags a `serves` entry that points down the grid: an outcome that serves an output or an input, an output
    that serves an input. It is usually `serves` read as "served by".

    ## Why is this bad?
    The chain input -> output -> outcome is what makes a KPI answer "if it is met, is the company better off?".
    Written the wrong way round, the outcome seems to serve its own levers, the outputs seem to serve nothing,
    and the review cannot show an output met while the outcome it serves falls.

    ## Example
    ```yaml
    kpis:
      - id: gross-margin
        metric: margin
        level: outcome
        serves: [email-revenue]
      - id: email-revenue
        metric: email_revenue
        level: output
    ```

    Use instead:
    ```yaml
    kpis:
      - id: gross-margin
        metric: margin
        level: outcome
      - id: email-revenue
        metric: email_revenue
        level: output
        serves: [gross-margin]
    ```
    """

    code = "KG308"
    name = "levels.serves-backwards"
    severity = "warning"
    # The docstring's "What it does" and "Why is this bad?" in French (`kpiguard --lang fr rule KG308`)
    doc_fr = """## What it does
    Signale une entrée de `serves` qui descend la grille : un outcome qui sert un output ou un input, un
    output qui sert un input. C'est généralement `serves` lu comme « est servi par ».

    ## Why is this bad?
    La chaîne input -> output -> outcome est ce qui permet à un KPI de répondre à « s'il est atteint,
    l'entreprise va-t-elle mieux ? ». Écrite à l'envers, l'outcome semble servir ses propres leviers, les
    outputs semblent ne rien servir, et la revue ne peut pas montrer un output atteint pendant que l'outcome
    qu'il sert baisse.
    """
    summary = Message(
        en="A `serves` entry that points down the grid (an outcome serving an output, an output "
           "serving an input).",
        fr="Une entrée `serves` qui descend la grille (un outcome qui sert un output, un output qui "
           "sert un input).",
    )
    title = Message(en="`serves` written the wrong way round", fr="`serves` écrit à l'envers")

    def check_kpi(self, kpi: KPI, ctx: LintContext) -> Iterable[Finding]:
        level = ctx.level(kpi)
        out = []
        for i, served_id in enumerate(kpi.serves):
            served = ctx.kpis_by_id.get(served_id)
            if served is None or RANK[ctx.level(served)] >= RANK[level]:
                continue
            # This KPI without the entry, and a note for the one it names (a rewrite replaces its own KPI).
            data = ctx.kpi_data(kpi, self.code)
            data["serves"] = [s for s in kpi.serves if s != served_id]
            if not data["serves"]:
                data.pop("serves")
            rewrite = Rewrite(SENTENCE(served=served.id, kpi=kpi.id),
                              ctx.snippet(data, [NOTE(served=served.id, kpi=kpi.id)]))
            message = MESSAGE(kpi=kpi.id, level=level, served=served.id, served_level=ctx.level(served))
            out.append(self.finding(kpi, message, kpi._item_locs.get(("serves", i)) or kpi.loc_of("serves"),
                                    rewrite))
        return out
