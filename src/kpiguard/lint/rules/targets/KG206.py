"""KG206: a guardrail whose sign contradicts its metric's direction."""

from __future__ import annotations

from collections.abc import Iterable

from kpiguard._i18n import Message
from kpiguard.lint.advice import notes_for
from kpiguard.lint.context import LintContext
from kpiguard.lint.finding import Finding, Rewrite
from kpiguard.lint.rule import Rule
from kpiguard.lint.rules.targets.KG204 import meant
from kpiguard.spec.models import KPI

FLIP = {"max_increase": "max_decrease", "max_decrease": "max_increase", "min": "max", "max": "min"}
GUARDS_AGAINST_FALL = ("max_decrease", "min")

MESSAGE = Message(
    en="{kpi!r}: the guardrail on {metric} uses {key}, which stops it from {moving}; but for {metric} {better} is "
       "better, so it guards against an improvement; use {flipped}",
    fr="{kpi!r} : le garde-fou sur « {metric} » utilise {key}, qui l'empêche de {moving} ; mais pour « {metric} » "
       "{better} est mieux, il protège donc contre une amélioration ; utilisez {flipped}",
)
FALLING = Message(en="falling", fr="baisser")
RISING = Message(en="rising", fr="monter")
MORE = Message(en="more", fr="plus")
LESS = Message(en="less", fr="moins")
SENTENCE = Message(en="Guardrail on {metric}: {flipped} instead of {key}",
                   fr="Garde-fou sur « {metric} » : {flipped} au lieu de {key}")


class KG206(Rule):
    """## What it does
    Flags a guardrail that protects against an improvement: `max_decrease` or `min` on a metric where less is
    better (unsubscribe rate, dormant stock), or `max_increase` or `max` on a rate, an average or an outcome where
    more is better (open rate, average basket, revenue). A cap on a volume (e-mails sent) is allowed: limiting
    pressure is a real guardrail.

    ## Why is this bad?
    A guardrail says what the push must not break. Guarding the unsubscribe rate against a *fall* leaves its
    rise, the real risk, unguarded, and breaches when things get better. The sign is usually a slip.

    ## Example
    ```yaml
    kpis:
      - id: email-revenue
        metric: email_revenue
        baseline: 2025
        target: {from: 8000000, to: 10000000, by: 2026-12-31}
        guardrails:
          - metric: email_unsubscribe_rate
            max_decrease: 20%
    ```

    Use instead:
    ```yaml
    kpis:
      - id: email-revenue
        metric: email_revenue
        baseline: 2025
        target: {from: 8000000, to: 10000000, by: 2026-12-31}
        guardrails:
          - metric: email_unsubscribe_rate
            max_increase: 20%
    ```
    """

    code = "KG206"
    name = "targets.guardrail-against-direction"
    severity = "warning"
    # The docstring's "What it does" and "Why is this bad?" in French (`kpiguard --lang fr rule KG206`)
    doc_fr = """## What it does
    Signale un garde-fou qui protège contre une amélioration : `max_decrease` ou `min` sur une métrique où
    moins est mieux (taux de désabonnement, stock dormant), ou `max_increase` ou `max` sur un taux, une
    moyenne ou un outcome où plus est mieux (taux d'ouverture, panier moyen, CA). Un plafond sur un volume
    (e-mails envoyés) est permis : limiter la pression est un vrai garde-fou.

    ## Why is this bad?
    Un garde-fou dit ce que la poussée ne doit pas casser. Protéger le taux de désabonnement contre une
    *baisse* laisse sans garde-fou sa hausse, le vrai risque, et se déclenche quand les choses s'améliorent.
    Le signe est généralement une étourderie.
    """
    summary = Message(
        en="A guardrail that protects against an improvement: a floor on a metric where less is "
           "better, a cap on one where more is better.",
        fr="Un garde-fou qui protège contre une amélioration : un plancher sur une métrique où moins "
           "vaut mieux, un plafond sur une métrique où plus vaut mieux.",
    )
    title = Message(en="Guardrail guards against an improvement", fr="Garde-fou contre une amélioration")

    def check_kpi(self, kpi: KPI, ctx: LintContext) -> Iterable[Finding]:
        out = []
        for i, rail in enumerate(kpi.guardrails):
            direction = ctx.direction(rail.metric)
            if direction is None:
                continue
            capped_volume = ctx.flavor(rail.metric) is None and ctx.level_of_metric(rail.metric) != "outcome"
            for key in ("max_increase", "max_decrease", "min", "max"):
                if getattr(rail, key) is None:
                    continue
                against_fall = key in GUARDS_AGAINST_FALL
                if direction == "down" and against_fall or direction == "up" and not against_fall and not capped_volume:
                    pass
                else:
                    continue
                data = ctx.kpi_data(kpi, self.code)
                flipped = FLIP[key]
                rail_data = data["guardrails"][i]
                rail_data.pop(key)
                rail_data[flipped] = flipped_value(getattr(rail, key), key, rail.metric, ctx)
                label = ctx.label(rail.metric)
                rewrite = Rewrite(SENTENCE(metric=label, flipped=flipped, key=key), ctx.snippet(data, notes_for(data)))
                message = MESSAGE(kpi=kpi.id, metric=label, key=key, flipped=flipped,
                                  moving=(FALLING if against_fall else RISING)(),
                                  better=(MORE if direction == "up" else LESS)())
                out.append(self.finding(kpi, message, rail.loc_of(key, key=True), rewrite))
        return out


def flipped_value(value: float, key: str, metric: str, ctx: LintContext) -> float:
    """The threshold `key` had, for the key on the other side: as KG204 reads it (a cap of 2000 % on a rate meant
    20 %: its floor is 20 %, not a fall of 2000 %, which no metric can make); a cap on a rise above 100 % turned into
    a floor on a fall would allow falling to nothing, and the loader refuses it: 10 % instead, as KG207 proposes."""
    value = meant(value, key, metric, ctx)
    if FLIP[key] == "max_decrease" and value >= 1:
        return 0.1
    return value
