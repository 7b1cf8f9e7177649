"""One cause, one finding: a general rule gives way to a more specific one on the same KPI, whose rewrite answers
both; silencing the specific rule brings the general one back."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kpiguard.lint import lint
from kpiguard.spec import load_spec_text

CASES = Path(__file__).parent / "cases"
SPECS = Path(__file__).parent / "specs"
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "kpis.example.yaml"
GENERAL = ["KG105", "KG106", "KG401"]  # the rules whose findings may give way to a more specific one


def _specs():
    yield pytest.param(EXAMPLE.read_text(encoding="utf-8"), id="example")
    for path in sorted(SPECS.glob("*.yaml")):
        yield pytest.param(path.read_text(encoding="utf-8"), id=path.stem)
    for path in sorted(CASES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for kind in ("fail", "pass"):
            for i, case in enumerate(data.get(kind) or []):
                yield pytest.param(case["spec"], id=f"{path.stem}-{kind}-{i}")


def _findings(text: str, **options):
    return lint(load_spec_text(text, "kpis.yaml"), **options)


def _by_kpi(findings) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for finding in findings:
        out.setdefault(finding.kpi_id, set()).add(finding.code)
    return out


def _filled(value):
    """A rewrite with its placeholders filled as a user would: numbers for FROM and TO, a year for the baseline."""
    if isinstance(value, dict):
        target = value.get("target")
        if isinstance(target, dict):
            target.setdefault("from", None)
            target.update({k: v for k, v in (("from", 0.1), ("to", 0.2)) if target.get(k) is None})
            if value.get("baseline") is None:
                value["baseline"] = 2025
        return value
    return value


def _pasted(text: str, kpi_id: str, snippet: str) -> tuple[str, str] | None:
    """The spec with the KPI replaced by its rewrite (renamed, when it now measures something else), and its id."""
    data = yaml.safe_load(text)
    new, *extra = yaml.safe_load(snippet)
    if any(g.get("metric") is None for g in new.get("guardrails") or []):
        return None  # a metric the user must define first (no efficiency known): nothing to paste yet
    new = _filled(new)
    data["kpis"] = [new if k.get("id") == kpi_id else k for k in data["kpis"]]
    data["kpis"] += extra  # the KPIs the snippet brings with it (a new outcome it serves)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False), new["id"]


@pytest.mark.parametrize("text", list(_specs()))
def test_a_yielding_rule_is_answered_by_the_rewrite_that_replaces_it(text):
    """Each KPI gets one finding per cause; pasting the one rewrite left clears the cause for both rules."""
    complete = _findings(text)
    for general in _findings(text, select=GENERAL):  # what the general rules say alone
        for finding in (f for f in complete if f.kpi_id == general.kpi_id and f.code in general.yields_to):
            assert general.code not in {f.code for f in complete if f.kpi_id == general.kpi_id}
            pasted = _pasted(text, finding.kpi_id, finding.rewrite.yaml)
            if pasted is None:
                continue
            after = _by_kpi(_findings(pasted[0])).get(pasted[1], set())
            assert not {general.code, finding.code} & after, (finding.code, finding.rewrite.yaml, after)


SHARE = "kpis:\n  - {id: share, metric: email_revenue_share, target: {from: 20%, to: 25%, by: 2026-12-31}}\n"
CONCEPTS = "kpis:\n  - {id: concepts, metric: creative_concepts_launched, level: input, target: {to: 40}}\n"


def test_an_isolated_volume_gets_one_finding_and_its_rewrite_clears_it():
    codes = [f.code for f in _findings(CONCEPTS) if f.code.startswith("KG10")]
    assert codes == ["KG103"]


@pytest.mark.parametrize("silence", [
    {"ignore": ["KG103"]},
    {"select": ["KG106"]},
])
def test_silencing_the_specific_rule_brings_the_general_one_back(silence):
    codes = {f.code for f in _findings(CONCEPTS, **silence)}
    assert "KG106" in codes and "KG103" not in codes


def test_a_noqa_on_the_specific_rule_brings_the_general_one_back():
    text = CONCEPTS.replace("}}", "}, noqa: {KG103: \"a launch quota agreed with the studio\"}}")
    codes = {f.code for f in _findings(text)}
    assert "KG106" in codes and "KG103" not in codes



def test_the_general_finding_brought_back_by_a_noqa_says_why_it_still_shows():
    """A user who silenced KG103 with a reason read KG106 on the same KPI as the suppression not working: the
    finding now says the `noqa` silences KG103, not KG106, and how to accept it too. Not said after `--ignore`, nor
    for a `noqa` without a reason (which silences nothing)."""
    text = CONCEPTS.replace("}}", "}, noqa: {KG103: \"a launch quota agreed with the studio\"}}")
    [isolated] = [f for f in _findings(text) if f.code == "KG106"]
    assert "its `noqa` silences KG103, not KG106" in isolated.message
    [ignored] = [f for f in _findings(CONCEPTS, ignore=["KG103"]) if f.code == "KG106"]
    assert "noqa" not in ignored.message
    empty = CONCEPTS.replace("}}", "}, noqa: {KG103: \"\"}}")
    assert not [f for f in _findings(empty) if f.code == "KG106"]


def test_the_finding_left_keeps_the_severity_asked_for_the_general_rule():
    """`severity: {KG106: error}` makes every isolated KPI fail the build: the specific finding standing for it
    must too, or `--fail-on error` would pass a KPI the user asked to block."""
    finding = next(f for f in _findings(CONCEPTS, severity={"KG106": "error"}) if f.code == "KG103")
    assert finding.severity == "error" and finding.message.endswith("(severity of KG106, which this finding also answers)")
    plain = next(f for f in _findings(CONCEPTS) if f.code == "KG103")
    assert plain.severity == "warning" and "severity of" not in plain.message


def test_a_share_whose_whole_is_its_trade_off_gets_one_finding():
    """The e-mail share degrades total revenue (KG401) because revenue is its whole (KG101): one cause."""
    codes = [f.code for f in _findings(SHARE) if f.code in ("KG101", "KG106", "KG401")]
    assert codes == ["KG101"]
    assert {"KG401"} <= {f.code for f in _findings(SHARE, ignore=["KG101"])}


def test_a_trade_off_other_than_the_whole_is_still_reported_beside_the_share():
    """A take rate (commission over GMV) pushed by the exec team tends to drive sellers away, a KPI of seller ops:
    KG101's rewrite (steer the commission, guard GMV) does not guard the sellers, so KG401 still says it."""
    text = ("metrics:\n"
            "  gmv: {type: simple, table: orders, measure: sum(gross), kind: amount, direction: up}\n"
            "  commission: {type: simple, table: orders, measure: sum(fee), kind: amount, direction: up}\n"
            "  sellers_active: {type: simple, table: orders, measure: count(distinct seller_id), kind: count,"
            " direction: up}\n"
            "  take_rate: {type: ratio, numerator: commission, denominator: gmv, ratio_of: share, direction: up,"
            " tradeoffs: [sellers_active]}\n"
            "kpis:\n"
            "  - {id: take-rate, metric: take_rate, owner: exec, target: {from: 11%, to: 12.5%}}\n"
            "  - {id: sellers, metric: sellers_active, owner: seller-ops, target: {from: 4200, to: 5500},"
            " guardrails: [{metric: gmv, max_decrease: 0%}]}\n")
    codes = {f.code for f in _findings(text) if f.kpi_id == "take-rate"}
    assert {"KG101", "KG401"} <= codes and "KG106" not in codes


def test_a_cut_that_costs_another_team_is_said_once_naming_the_team():
    """Fewer support tickets can be bought with repeat purchases (the metric's declared trade-off, a company
    outcome): KG105 and KG401 said it twice with the same rewrite; KG401 names whom it costs."""
    text = ("metrics:\n  tickets: {type: simple, table: orders, measure: count(*), filter: has_ticket, kind: count,"
            " direction: down, tradeoffs: [repurchase_rate_90d]}\n"
            "kpis:\n  - {id: tickets, metric: tickets, owner: support, baseline: 2025,"
            " target: {from: 52000, to: 41600, by: 2026-12-31}}\n")
    codes = [f.code for f in _findings(text) if f.code in ("KG105", "KG106", "KG401")]
    assert codes == ["KG401"]
    assert "KG105" in {f.code for f in _findings(text, ignore=["KG401"])}


def test_the_severity_passes_through_a_finding_that_gave_way_in_turn():
    """KG106 gives way to KG105, which gives way to KG401: an error asked for KG106 reaches KG401."""
    text = ("metrics:\n  tickets: {type: simple, table: orders, measure: count(*), filter: has_ticket, kind: count,"
            " direction: down, tradeoffs: [repurchase_rate_90d]}\n"
            "kpis:\n  - {id: tickets, metric: tickets, owner: support, baseline: 2025,"
            " target: {from: 52000, to: 41600, by: 2026-12-31}}\n")
    found = [f for f in _findings(text, severity={"KG106": "error"}) if f.code in ("KG105", "KG106", "KG401")]
    assert [(f.code, f.severity) for f in found] == [("KG401", "error")]
    assert "severity of KG106" in found[0].message


def test_rules_give_way_without_a_loop():
    """A rule that gives way to one that gives way back would drop both findings: the cause would go unsaid."""
    from kpiguard.lint import all_rules

    edges = {rule.code: set(rule.yields_to) for rule in all_rules()}
    edges["KG401"] |= {"KG101"}  # given per finding, on a share whose whole is the trade-off

    def reaches(start: str, goal: str, seen: frozenset = frozenset()) -> bool:
        return any(nxt == goal or (nxt not in seen and reaches(nxt, goal, seen | {nxt})) for nxt in edges.get(start, ()))

    assert not [code for code in edges if reaches(code, code)]
    assert edges["KG106"] >= {"KG101", "KG102", "KG103", "KG105", "KG401"}


def test_the_finding_left_carries_the_guardrails_of_the_one_that_gave_way():
    """"Réduire les invendus de 30 %", conversion owned by acquisition: KG105 (a cut with nothing guarding what it
    can cost: the average basket first, as the article says) gave way to KG401 (the cut costs acquisition's
    conversion), whose rewrite guarded conversion alone; the basket a clearance by discount shrinks was left free,
    and KG105, answered by any guarded trade-off, said no more. The rewrite left now carries KG105's fixes too."""
    text = ("teams: {product: {name: Product}, acquisition: {name: Acquisition}}\n"
            "kpis:\n"
            "  - {id: invendus, statement: \"Réduire les invendus de 30 %\", metric: dormant_stock_units, level: output,"
            " owner: product, baseline: 2025-Q4, target: {from: 12000, to: 8400, by: 2026-03-31}}\n"
            "  - {id: conversion, metric: conversion_rate, level: output, owner: acquisition, baseline: 2025,"
            " target: {from: 2%, to: 2.4%, by: 2026-12-31}, guardrails: [{metric: revenue_per_visitor, min: 1}]}\n")
    [finding] = [f for f in _findings(text) if f.kpi_id == "invendus" and f.code in ("KG105", "KG106", "KG401")]
    assert finding.code == "KG401"
    guarded = [g["metric"] for g in yaml.safe_load(finding.rewrite.yaml)[0]["guardrails"]]
    assert guarded[:2] == ["aov", "conversion_rate"]
    assert "KG105" not in finding.rewrite.yaml  # the rule given way is not named as one answered on the KPI
    assert "without degrading Average order value, Conversion rate or New-product revenue" in finding.rewrite.sentence
