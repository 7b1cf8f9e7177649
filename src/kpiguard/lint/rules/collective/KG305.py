"""KG305: a collective outcome hidden from some of its contributors."""

from __future__ import annotations

from collections.abc import Iterable

from kpiguard._i18n import Message
from kpiguard.lint.advice import statement
from kpiguard.lint.context import LintContext
from kpiguard.lint.finding import Finding, Rewrite
from kpiguard.lint.rule import Rule
from kpiguard.spec.models import KPI

MESSAGE = Message(
    en="{kpi!r} is hidden from contributors ({missing}): share the KPI with every team that moves it "
       "(add them to `visibility`), even if one team carries it",
    fr="{kpi!r} est caché à des contributeurs ({missing}) : partagez le KPI avec chaque équipe "
       "qui le fait bouger (ajoutez-les à `visibility`), même si une seule équipe le porte",
)
SENTENCE = Message(en="\"{statement}\", shared with {teams}", fr="« {statement} », partagé avec {teams}")


class KG305(Rule):
    """## What it does
    Flags an outcome KPI whose `visibility` does not include all of its `contributors`.

    ## Why is this bad?
    The article: share the visibility of a collective KPI, even if only one team carries it. A contributor that
    cannot see the outcome cannot notice when its own push degrades it.

    ## Example
    ```yaml
    kpis:
      - id: repurchase-90d
        metric: repurchase_rate_90d
        level: outcome
        owner: crm
        contributors: [product, support]
        visibility: [crm]
    ```

    Use instead:
    ```yaml
    kpis:
      - id: repurchase-90d
        metric: repurchase_rate_90d
        level: outcome
        owner: crm
        contributors: [product, support]
        visibility: [crm, product, support]
    ```
    """

    code = "KG305"
    name = "collective.hidden-from-contributors"
    severity = "warning"
    # The docstring's "What it does" and "Why is this bad?" in French (`kpiguard --lang fr rule KG305`)
    doc_fr = """## What it does
    Signale un KPI d'outcome dont la `visibility` n'inclut pas tous ses `contributors`.

    ## Why is this bad?
    L'article : partager la visibilité d'un KPI collectif, même si une seule équipe le porte. Un
    contributeur qui ne voit pas l'outcome ne peut pas remarquer quand sa propre poussée le dégrade.
    """
    summary = Message(
        en="An outcome KPI whose `visibility` does not include all of its `contributors`.",
        fr="Un KPI d'outcome dont la `visibility` n'inclut pas tous ses contributeurs "
           "(`contributors`).",
    )
    title = Message(en="Collective outcome hidden from contributors", fr="Outcome collectif caché aux contributeurs")

    def check_kpi(self, kpi: KPI, ctx: LintContext) -> Iterable[Finding]:
        if not ctx.others(kpi) or ctx.level(kpi) != "outcome":
            return ()
        # The owner sees its own KPI, listed in `visibility` or not.
        missing = [t for t in kpi.contributors if t not in kpi.visibility and t != kpi.owner]
        if not missing:
            return ()
        data = ctx.kpi_data(kpi, self.code)
        data["visibility"] = list(dict.fromkeys([*([kpi.owner] if kpi.owner else []), *kpi.visibility,
                                                 *kpi.contributors]))
        rewrite = Rewrite(SENTENCE(statement=statement(kpi), teams=", ".join(data["visibility"])),
                          ctx.snippet(data))
        location = ctx.own_loc(kpi, "visibility" if kpi.visibility else "contributors")
        return (self.finding(kpi, MESSAGE(kpi=kpi.id, missing=", ".join(missing)), location, rewrite),)
