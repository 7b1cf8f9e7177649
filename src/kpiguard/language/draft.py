"""A parsed sentence -> a draft KPI and a draft spec that `kpiguard lint` (and `validate`) accept."""

from __future__ import annotations

import re
from datetime import date

from kpiguard.language.grammar import Parse
from kpiguard.language.horizons import resolve_baseline
from kpiguard.language.text import fold
from kpiguard.lint.advice import default_deadline
from kpiguard.spec.models import KPI, Guardrail, Spec, Target


def kpi_id(parse: Parse, taken: set[str]) -> str:
    """A stable id from the metric (`email-revenue`), made unique with a suffix."""
    base = (parse.metric or "kpi").replace("_", "-")
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def owner_id(said: str | None) -> str | None:
    """A team id from the sentence's words ("CRM" -> `crm`, "Growth Ops" -> `growth-ops`), as a spec names teams."""
    if said is None:
        return None
    return re.sub(r"[^a-z0-9]+", "-", fold(said)).strip("-") or None


def target_of(parse: Parse, today: date) -> Target | None:
    """FROM -> TO as the sentence gives them (percents as fractions); None when the sentence sets no target.

    A relative target whose FROM is unknown ("Réduire les stocks de 30 %") is a target with an unknown TO: it is
    built without validation (`to` is None) so that lint still sees a target, and never written to a file as is.
    """
    by = parse.horizon.deadline(today) if parse.horizon is not None else None
    if parse.to is None:
        if parse.change is None:
            return None
        return Target.model_construct(from_=parse.from_.spec_value() if parse.from_ else None, to=None, by=by)
    values: dict[str, object] = {"to": parse.to.spec_value(), "by": by}
    if parse.from_ is not None:
        values["from"] = parse.from_.spec_value()
    return Target.model_validate(values)


def guardrails_of(parse: Parse) -> list[Guardrail]:
    rails: list[Guardrail] = []
    for parsed in parse.guardrails:
        if parsed.metric is None or not parsed.thresholds():
            continue
        try:
            rails.append(Guardrail(metric=parsed.metric, **parsed.thresholds()))
        except ValueError:  # an impossible threshold (a fall of more than 100 %): left to the user
            continue
    return rails


def draft_kpi(parse: Parse, *, today: date, taken: set[str] | None = None) -> KPI | None:
    """The KPI a sentence describes, or None when it names no metric (the user must pick one)."""
    if parse.metric is None:
        return None
    data: dict[str, object] = {
        "id": kpi_id(parse, taken if taken is not None else set()),
        "statement": parse.statement,
        "metric": parse.metric,
        "level": parse.level,
        "owner": owner_id(parse.owner),
        "contributors": [team for said in parse.contributors if (team := owner_id(said))] or None,
        "target": target_of(parse, today),
        "cadence": parse.cadence,
        "guardrails": guardrails_of(parse),
    }
    if parse.baseline is not None:
        deadline = parse.horizon.deadline(today) if parse.horizon is not None else None
        baseline = resolve_baseline(parse.baseline, today, deadline or default_deadline(today),
                                    parse.horizon.label if parse.horizon is not None else None)  # as the rewrite
        if deadline is not None and not ends_before(baseline, deadline):
            # "d'ici fin 2025 vs 2026": a FROM measured after the deadline; the spec would not load
            parse.notes.append(("baseline_after_horizon", {"baseline": baseline, "by": deadline.isoformat()}))
        else:
            data["baseline"] = baseline
    return KPI.model_validate({k: v for k, v in data.items() if v is not None})


def ends_before(period: str, deadline: date) -> bool:
    """Whether a baseline period ends before a deadline (a spec requires it)."""
    from kpiguard.spec.periods import PeriodError, parse_period

    try:
        return parse_period(period).last_day < deadline
    except (PeriodError, ValueError):
        return False


def currency_of(parses: list[Parse]) -> str:
    for parse in parses:
        if parse.currency is not None:  # a guardrail's "$60" counts too
            return parse.currency
    return "EUR"


def draft_spec(parses: list[Parse], *, today: date, name: str | None = None) -> Spec:
    """One draft KPI per sentence that names a metric, in a spec of their currency."""
    taken: set[str] = set()
    kpis = [k for p in parses if (k := draft_kpi(p, today=today, taken=taken)) is not None]
    return Spec(name=name, currency=currency_of(parses), kpis=kpis)


__all__ = ["draft_kpi", "draft_spec", "ends_before", "guardrails_of", "kpi_id", "owner_id", "target_of"]
