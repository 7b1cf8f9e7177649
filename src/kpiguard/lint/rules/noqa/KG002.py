"""KG002: a suppression of a rule that does not exist."""

from __future__ import annotations

from collections.abc import Iterator

from kpiguard._i18n import Message
from kpiguard.lint.context import LintContext
from kpiguard.lint.finding import Finding, Rewrite
from kpiguard.lint.rule import Rule
from kpiguard.lint.snippet import kpi_data

MESSAGE = Message(
    en="{kpi!r} silences {code!r}, which is not a rule: `kpiguard rules` lists the codes",
    fr="{kpi!r} fait taire {code!r}, qui n'est pas une règle : `kpiguard rules` liste les codes",
)


SENTENCE = Message(en="noqa: {{{best}: ...}} (instead of {code})", fr="noqa : {{{best}: ...}} (au lieu de {code})")


class KG002(Rule):
    """## What it does
    Flags a `noqa` entry whose code is not a known rule code or name.

    ## Why is this bad?
    A mistyped code silences nothing, so the finding it was meant to accept still shows, and the reason written
    next to it misleads the next reader.

    ## Example
    ```yaml
    kpis:
      - id: email-share
        metric: email_revenue_share
        target: {to: 25%}
        noqa: {KG999: "followed, not steered"}
    ```

    Use instead:
    ```yaml
    kpis:
      - id: email-share
        metric: email_revenue_share
        target: {to: 25%}
        noqa: {KG101: "followed, not steered"}
    ```
    """

    code = "KG002"
    name = "noqa.unknown-code"
    severity = "warning"
    # The docstring's "What it does" and "Why is this bad?" in French (`kpiguard --lang fr rule KG002`)
    doc_fr = """## What it does
    Signale une entrée `noqa` dont le code n'est ni un code ni un nom de règle connu.

    ## Why is this bad?
    Un code mal tapé ne fait rien taire : le constat qu'il devait accepter s'affiche toujours, et la raison
    écrite à côté trompe le lecteur suivant.
    """
    summary = Message(
        en="A `noqa` entry whose code is not a known rule code or name.",
        fr="Une entrée `noqa` dont le code n'est ni un code ni un nom de règle connu.",
    )
    title = Message(en="Suppression of an unknown rule", fr="Suppression d'une règle inconnue")
    suppressible = False

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        from kpiguard.lint.registry import all_rules

        known = {r.code for r in all_rules()} | {r.name.upper() for r in all_rules()}
        for kpi_id, entries in ctx.suppressions.items():
            kpi = ctx.kpis_by_id.get(kpi_id)
            for code, (_, location) in entries.items():
                if code not in known:
                    yield self.finding(kpi, MESSAGE(kpi=kpi_id, code=code), location,
                                       self._rewrite(kpi, code, known, ctx))

    @staticmethod
    def _rewrite(kpi, code: str, known: set[str], ctx: LintContext) -> Rewrite | None:
        """The closest known code in place of the typo (KG1O1 -> KG101), when there is one; among codes as close,
        one whose rule flags this KPI (`KG10` on a share is KG101, not KG310: the finding it was meant to accept)."""
        import difflib

        if kpi is None:
            return None
        scored = sorted(((difflib.SequenceMatcher(None, code, name).ratio(), name) for name in known),
                        key=lambda pair: (-pair[0], pair[1]))
        closest = [name for ratio, name in scored if ratio >= 0.6 and ratio == scored[0][0]]
        if not closest:
            return None
        best = [next((name for name in closest if _flags(name, kpi, ctx)), closest[0])]
        data = kpi_data(kpi)
        data["noqa"] = {(best[0] if k.strip().upper() == code else k): v for k, v in data.get("noqa", {}).items()}
        return Rewrite(SENTENCE(best=best[0], code=code), ctx.snippet(data))


def _flags(name: str, kpi, ctx: LintContext) -> bool:
    """The rule `name` (a code or a dotted name) has a finding on `kpi` (a rule of the whole set has none here)."""
    from kpiguard.lint.registry import all_rules

    rule = next((r for r in all_rules() if name in (r.code, r.name.upper())), None)
    return rule is not None and not rule.code.startswith("KG0") and any(True for _ in rule.check_kpi(kpi, ctx))
