"""KG204: a percent metric's value written as a plain number (25 instead of 25 %)."""

from __future__ import annotations

from collections.abc import Iterable

from kpiguard._i18n import Message, get_lang
from kpiguard._numbers import format_percent
from kpiguard.lint.advice import notes_for
from kpiguard.lint.context import LintContext, kind_of
from kpiguard.lint.finding import Finding, Rewrite
from kpiguard.lint.rule import Rule
from kpiguard.spec.models import KPI

# Relative thresholds above this many times the baseline are not believable; 20 meant 20 %.
IMPLAUSIBLE_INCREASE = 5.0

MESSAGE = Message(
    en="{kpi!r}: {field} is {value:g} on {metric}, a percentage: that reads as {hundredfold}; write {value:g}%",
    fr="{kpi!r} : {field} vaut {value:g} sur « {metric} », un pourcentage : cela se lit {hundredfold} ; "
       "écrivez {value:g}%",
)
AVERAGE_HINT = Message(
    en=" (or, if {value:g} is an amount per {denominator}, declare {metric} `ratio_of: average`: its `ratio_of: "
       "{declared}` makes it a percentage, yet it divides an amount, {numerator}, by a count)",
    fr=" (ou, si {value:g} est un montant par « {denominator} », déclarez « {metric} » `ratio_of: average` : son "
       "`ratio_of: {declared}` en fait un pourcentage, alors qu'il divise un montant, « {numerator} », par un "
       "nombre)",
)
MULTIPLE_HINT = Message(
    en=" (or, if {metric} is a multiple of {denominator} rather than a part of it, as revenue over ad spend is, "
       "declare it `ratio_of: average` under `metrics:`: it is read as a share because it divides an amount by "
       "another)",
    fr=" (ou, si « {metric} » est un multiple de « {denominator} » plutôt qu'une part, comme le CA sur les dépenses "
       "publicitaires, déclarez-le `ratio_of: average` sous `metrics:` : il est lu comme une part parce qu'il "
       "divise un montant par un autre)",
)
MESSAGE_INCREASE = Message(
    en="{kpi!r}: {field} is {written} on {metric}: it may grow to {times:g} times its value before the guardrail "
       "breaches, which no push reaches; write {value:g}% if that was meant",
    fr="{kpi!r} : {field} vaut {written} sur « {metric} » : la métrique peut monter jusqu'à {times:g} fois sa valeur "
       "avant que le garde-fou ne cède, ce qu'aucune poussée n'atteint ; écrivez {value:g}% si c'est ce qui était "
       "voulu",
)
SENTENCE = Message(en="{field}: {value:g}% (instead of {written})", fr="{field} : {value:g} % (au lieu de {written})")


class KG204(Rule):
    """## What it does
    Flags a FROM or TO above 1 written without `%` on a percent metric (a share or a rate). (The loader already
    refuses such numbers in guardrails, where they would silently decide every review; this rule also covers
    specs built in code.)

    ## Why is this bad?
    In a spec, `25%` is the fraction 0.25 and `25` is twenty-five whole units. On a share, `to: 25` asks for
    2,500 % of revenue via e-mail: the KPI can never be met, or the review silently judges nonsense. The unit is
    part of the KPI.

    ## Example
    ```yaml
    kpis:
      - id: email-share
        metric: email_revenue_share
        target: {from: 20, to: 25, by: 2026-12-31}
    ```

    Use instead:
    ```yaml
    kpis:
      - id: email-share
        metric: email_revenue_share
        target: {from: 20%, to: 25%, by: 2026-12-31}
    ```
    """

    code = "KG204"
    name = "targets.percent-as-number"
    severity = "error"
    # The docstring's "What it does" and "Why is this bad?" in French (`kpiguard --lang fr rule KG204`)
    doc_fr = """## What it does
    Signale un FROM ou un TO supérieur à 1 écrit sans `%` sur une métrique en pourcentage (une part ou un
    taux). (Le chargeur refuse déjà de tels nombres dans les garde-fous, où ils décideraient en silence de
    chaque revue ; cette règle couvre aussi les specs construites par du code.)

    ## Why is this bad?
    Dans une spec, `25%` est la fraction 0,25 et `25` vaut vingt-cinq unités entières. Sur une part, `to:
    25` demande 2 500 % du CA via l'e-mail : le KPI ne peut jamais être atteint, ou la revue juge en silence
    un non-sens. L'unité fait partie du KPI.
    """
    summary = Message(
        en="A FROM or TO above 1 written without `%` on a percent metric (a share or a rate).",
        fr="Un FROM ou un TO supérieur à 1 écrit sans `%` sur une métrique en pourcentage (une part "
           "ou un taux).",
    )
    title = Message(en="Percentage written as a plain number", fr="Pourcentage écrit comme un nombre")

    def check_kpi(self, kpi: KPI, ctx: LintContext) -> Iterable[Finding]:
        found: list[tuple[str, float, object]] = []
        if kpi.target is not None:
            for field, key in (("from_", "from"), ("to", "to")):
                value = getattr(kpi.target, field)
                if value is not None and meant(value, key, kpi.metric, ctx) != value:
                    found.append((f"target.{key}", value, kpi.target.loc_of(field)))
        for i, rail in enumerate(kpi.guardrails):
            for key in ("min", "max", "max_increase"):
                value = getattr(rail, key)
                if value is not None and meant(value, key, rail.metric, ctx) != value:
                    found.append((f"guardrails[{i}].{key}", value, rail.loc_of(key)))
        if not found:
            return ()
        data = ctx.kpi_data(kpi, self.code)
        for field, value, _ in found:
            if field.startswith("target."):
                data["target"][field.split(".")[1]] = value / 100
            else:
                index, key = field[len("guardrails["):].split("].")
                data["guardrails"][int(index)][key] = value / 100
        yaml = ctx.snippet(data, notes_for(data))
        out = []
        for field, value, location in found:
            relative = field.endswith("max_increase")  # written as a percent already: 2000% read as 20.0
            written = f"{value * 100:g}%" if relative else f"{value:g}"
            rewrite = Rewrite(SENTENCE(field=field, value=value, written=written), yaml)
            metric = kpi.metric if field.startswith("target") else \
                kpi.guardrails[int(field[11:].split("]")[0])].metric
            if relative:
                message = MESSAGE_INCREASE(kpi=kpi.id, field=field, written=written, value=value,
                                           metric=ctx.label(metric), times=value + 1)
            else:
                message = MESSAGE(kpi=kpi.id, field=field, value=value, metric=ctx.label(metric),
                                  hundredfold=format_percent(value, get_lang(), trim=True))
            out.append(self.finding(kpi, message + _average_hint(metric, value, ctx), location, rewrite))
        return out


def meant(value: float, key: str, metric: str, ctx: LintContext) -> float:
    """`value`, written as the `key` of a target or guardrail on `metric`, as this rule reads it: a FROM, TO, `min`
    or `max` above 1 (up to 100) on a percent metric is that many percent, a `max_increase` of 5 (500 %) or more
    is that many percent too; any other value is itself. Rules that judge or move such a value (KG205 on the
    target's direction, KG206 flipping a guardrail) read it so: their rewrite then agrees with this rule's."""
    if key in ("from", "to", "min", "max"):
        return value / 100 if ctx.is_percent(metric) and 1 < abs(value) <= 100 else value
    if key == "max_increase":
        return value / 100 if IMPLAUSIBLE_INCREASE <= value <= 100 else value
    return value


def _average_hint(name: str, value: float, ctx: LintContext) -> str:
    """A metric declared a rate or a share that divides an amount by a count (a cost per order): an average whose
    values are amounts, declared wrong, more likely than a percent written without its sign."""
    metric = ctx.metric(name)
    if metric is not None and metric.ratio_of is None and metric.unit is None and metric.denominator:
        # read as a share from its two amounts (see LintContext.flavor), not declared one: a ROAS reads the same
        parts = (ctx.metric(metric.numerator), ctx.metric(metric.denominator))
        if all(part is not None and kind_of(part) == "amount" for part in parts):
            return MULTIPLE_HINT(metric=ctx.label(name), denominator=ctx.label(metric.denominator))
    if metric is None or metric.ratio_of not in ("rate", "share"):
        return ""
    num, den = ctx.metric(metric.numerator), ctx.metric(metric.denominator)
    if num is None or den is None or kind_of(num) != "amount" or kind_of(den) != "count":
        return ""
    return AVERAGE_HINT(value=value, metric=ctx.label(name), declared=metric.ratio_of,
                        numerator=ctx.label(metric.numerator), denominator=ctx.label(metric.denominator))
