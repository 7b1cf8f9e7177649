"""The article's checklist as a test: its toxic KPIs are flagged by the intended rule, its rewrites are clean."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from kpiguard.lint import lint
from kpiguard.spec import load_spec, load_spec_text

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "kpis.example.yaml"

# The company around the KPIs: teams, its two outcomes, and one CRM output, as in the reference spec.
BASE = """\
teams: {leadership: {name: L}, crm: {name: C}, acquisition: {name: A}, product: {name: P}, logistics: {name: Lo},
        support: {name: S}}
kpis:
  - id: gross-margin
    metric: margin
    level: outcome
    owner: leadership
    contributors: [crm, product, acquisition]
    visibility: [leadership, crm, product, acquisition]
    coordination: {cadence: month, forum: Business review}
    baseline: 2025
    target: {from: 12000000, to: 13000000, by: 2026-12-31}
  - id: value-per-email
    metric: revenue_per_email
    level: output
    owner: crm
    baseline: 2025
    target: {from: 0.70, to: 1.20, by: 2026-12-31}
    serves: [gross-margin]
    guardrails: [{metric: emails_sent, min: 1000000}]
"""

TOXIC = {
    "KG101": """
  - id: toxic
    statement: "25 % du CA via email"
    metric: email_revenue_share
    owner: crm
    target: {to: 25%}
""",
    "KG102": """
  - id: toxic
    statement: "Conversion à 5 %"
    metric: conversion_rate
    owner: acquisition
    target: {to: 5%}
""",
    "KG105": """
  - id: toxic
    statement: "Réduire les stocks de 30 %"
    metric: dormant_stock_units
    owner: product
    baseline: 2025-Q4
    target: {from: 12000, to: 8400, by: 2026-03-31}
""",
    "KG103": """
  - id: toxic
    statement: "Lancer 40 concepts créatifs"
    metric: creative_concepts_launched
    owner: crm
    target: {to: 40}
""",
}

ROBUST = {
    "email": """
  - id: robust
    statement: "Passer de 8 à 10 M€ de CA UTM email"
    metric: email_revenue
    owner: crm
    baseline: 2025
    target: {from: 8000000, to: 10000000, by: 2026-12-31}
    serves: [gross-margin]
    guardrails:
      - {metric: email_unsubscribe_rate, max_increase: 20%}
      - {metric: revenue, max_decrease: 0%}
""",
    "revenue-per-user": """
  - id: robust
    statement: "Améliorer le revenu/utilisateur de 7 %"
    metric: revenue_per_visitor
    owner: acquisition
    baseline: 2025
    target: {from: 2.10, to: 2.25, by: 2026-12-31}
    serves: [gross-margin]
    guardrails: [{metric: conversion_rate, max_decrease: 5%}]
""",
    "clear-skus": """
  - id: robust
    statement: "Écouler 10 références sans dégrader le panier moyen"
    metric: dormant_skus_cleared
    owner: product
    baseline: 2025-Q4
    target: {from: 0, to: 10, by: 2026-06-30}
    serves: [gross-margin]
    guardrails:
      - {metric: aov, max_decrease: 0%}
      - {metric: conversion_rate, max_decrease: 2%}
      - {metric: new_product_revenue, max_decrease: 5%}
""",
    "concepts": """
  - id: robust
    statement: "40 concepts, avec un hit rate de 20 % min"
    metric: creative_concepts_launched
    level: input
    owner: crm
    baseline: 2025-H2
    target: {from: 25, to: 40, by: 2026-06-30}
    guardrails: [{metric: creative_hit_rate, min: 20%}]
""",
}


def _lint(extra: str):
    return lint(load_spec_text(BASE + extra, "checklist.yaml"))


def test_the_base_company_is_clean():
    assert _lint("") == []


@pytest.mark.parametrize("code", TOXIC)
def test_toxic_kpi_is_flagged_by_the_intended_rule(code):
    findings = [f for f in _lint(TOXIC[code]) if f.kpi_id == "toxic"]
    assert code in {f.code for f in findings}
    assert any(f.severity in ("error", "warning") for f in findings)


@pytest.mark.parametrize("name", ROBUST)
def test_robust_rewrite_is_clean(name):
    assert [f"{f.code} {f.message}" for f in _lint(ROBUST[name])] == []


def test_story_email_share_push():
    """CRM pushed on the e-mail share while acquisition is late: the share rises as total revenue shrinks."""
    findings = {f.code for f in _lint(TOXIC["KG101"] + """
  - id: new-customers
    metric: new_customers
    owner: acquisition
    baseline: 2025
    target: {from: 40000, to: 48000, by: 2026-12-31}
    serves: [gross-margin]
    guardrails: [{metric: revenue, max_decrease: 0%}]
""") if f.kpi_id == "toxic"}
    assert {"KG101", "KG201", "KG202"} <= findings
    assert not {"KG401", "KG106"} & findings  # the same cause (its whole, revenue, unguarded): KG101 says it once


def test_story_dormant_stock_push():
    """Product clears dormant stock on the homepage; conversion (acquisition's KPI) and the basket fall."""
    findings = [f for f in _lint(TOXIC["KG105"] + """
  - id: conversion
    metric: conversion_rate
    owner: acquisition
    baseline: 2025
    target: {from: 2%, to: 2.4%, by: 2026-12-31}
    serves: [gross-margin]
    guardrails: [{metric: aov, max_decrease: 0%}]
""") if f.kpi_id == "toxic"]
    codes = {f.code for f in findings}
    assert "KG401" in codes and "KG105" not in codes  # one cause, said by the rule that names whom it costs
    tradeoff = next(f for f in findings if f.code == "KG401")
    assert "conversion" in tradeoff.message and "acquisition" in tradeoff.message


def test_reference_spec_flags_email_share_and_nothing_else():
    findings = lint(load_spec(EXAMPLE))
    assert {f.kpi_id for f in findings} == {"email-share"}
    assert "KG101" in {f.code for f in findings}
    assert next(f for f in findings if f.code == "KG101").severity == "error"


def test_rewrites_are_pasteable_and_fix_their_rule():
    """Every rewrite snippet loads; where it needs no value from the user (no `~`), it clears its finding."""
    for code, extra in TOXIC.items():
        for finding in _lint(extra):
            snippet = finding.rewrite.yaml
            text = BASE + "\n" + textwrap.indent(snippet, "  ")
            if "~" in snippet:
                assert "#" in snippet  # says what to fill in
                continue
            fixed = lint(load_spec_text(text, "fixed.yaml"))
            assert not [f for f in fixed if f.code == finding.code and f.kpi_id == finding.kpi_id], \
                (code, finding.code, snippet)


def test_kg304_rewrite_without_teams_explains_its_placeholder_teams_in_french():
    """A spec from `kpiguard init` has no teams: the rewrite's team-a, team-b are said to be placeholders."""
    from kpiguard._i18n import set_lang

    spec = load_spec_text("kpis:\n  - id: r90\n    metric: repurchase_rate_90d\n    level: outcome\n"
                          "    target: {from: 18%, to: 22%, by: 2026-12-31}\n")
    set_lang("fr")
    try:
        (finding,) = [f for f in lint(spec, select=["KG304"])]
        yaml_text = finding.rewrite.yaml
    finally:
        set_lang("en")
    # (its target has no owner: the first placeholder owns it, else KG310 would ask for one once pasted)
    assert "owner: team-a\n  contributors: [team-b]\n  visibility: [team-a, team-b]" in yaml_text
    assert "# team-a, team-b, ? : des exemples, remplacez-les par les ids de vos équipes" in yaml_text
    assert "forum: Revue KPI" in yaml_text


def test_counts_in_french_findings_use_french_unit_words():
    """'5 000 customers' in a French message: the catalog's unit is shown in the user's language."""
    from kpiguard._i18n import set_lang

    spec = load_spec_text("kpis:\n  - id: nc\n    metric: new_customers\n    level: output\n"
                          "    target: {to: 5000, by: 2026-06-30}\n")
    set_lang("fr")
    try:
        (finding,) = lint(spec, select=["KG201"])
    finally:
        set_lang("en")
    assert "(5\u202f000 clients)" in finding.message and "customers" not in finding.message


def test_kg105_says_how_a_guardrail_on_the_spec_s_own_metric_counts():
    """Stockouts cut with a cap on the inventory value it would pile up: the user guarded the trade-off, yet KG105
    read as if the KPI had no guardrail. It now says that guardrail is not one it knows, and how to declare it; once
    declared in the metric's `tradeoffs`, the KPI is guarded."""
    text = ("metrics:\n  skus_out: {type: simple, table: inventory, measure: count(*), kind: count, direction: down,"
            " level: output}\n  stock_value: {type: simple, table: inventory, measure: sum(value), kind: amount,"
            " direction: down}\nkpis:\n  - {id: stockouts, metric: skus_out, owner: ops, baseline: 2025,"
            " target: {from: 120, to: 60, by: 2026-12-31}, guardrails: [{metric: stock_value, max_increase: 10%}]}\n")
    (finding,) = lint(load_spec_text(text, "kpis.yaml"), select=["KG105"])
    assert "its guardrail on stock_value is not one of these" in finding.message
    assert "`tradeoffs: [stock_value]` under `metrics: skus_out`" in finding.message
    declared = text.replace("level: output}", "level: output, tradeoffs: [stock_value]}")
    assert lint(load_spec_text(declared, "kpis.yaml"), select=["KG105"]) == []


def test_kg102_calls_an_amount_numerator_an_amount():
    """ACoS (ad spend over ad sales) to lower: its numerator is an amount; the message called it 'the count'."""
    text = ("metrics:\n  spend: {type: simple, table: orders, measure: sum(spend), kind: amount, direction: down}\n"
            "  ad_sales: {type: simple, table: orders, measure: sum(sales), kind: amount, direction: up}\n"
            "  acos: {type: ratio, numerator: spend, denominator: ad_sales, ratio_of: rate, unit: '%', direction: down,"
            " level: output}\nkpis:\n  - {id: acos, metric: acos, owner: ads, baseline: 2025,"
            " target: {from: 28%, to: 22%, by: 2026-12-31}}\n")
    (finding,) = lint(load_spec_text(text, "kpis.yaml"), select=["KG102"])
    assert "keep the rate rather than the amount (spend)" in finding.message


def test_kg002_names_the_rule_that_flags_the_kpi_among_codes_as_close():
    """`KG10` is as close to KG101 as to KG310; on a share target, the suppression was meant for KG101 (which flags
    it): the rewrite named KG310, a rule the KPI does not draw, and KG101 stayed in force once pasted."""
    text = ("kpis:\n  - {id: share, metric: email_revenue_share, owner: crm, baseline: 2025,"
            " target: {from: 18%, to: 25%, by: 2026-12-31}, noqa: {KG10: \"followed, not steered\"}}\n")
    (finding,) = lint(load_spec_text(text, "kpis.yaml"), select=["KG002"])
    assert "KG101" in finding.rewrite.sentence and 'noqa: {KG101: "followed, not steered"}' in finding.rewrite.yaml


@pytest.mark.parametrize("team, kpi_id", [("équipe-crm", "equipe-crm-output"), ("crm", "crm-output-2")])
def test_a_new_output_named_after_its_team_is_a_kpi_id_the_spec_accepts(team, kpi_id):
    """KG303's (and KG302's) output for a team: `équipe-crm-output` (a team id may have accents, a KPI id may not)
    and `crm-output` beside a KPI of that id made the pasted spec refuse to load."""
    text = (f"teams: {{'{team}': {{name: CRM}}, direction: {{name: D}}}}\nkpis:\n"
            f"  - {{id: marge, metric: margin, owner: direction, contributors: ['{team}'], visibility: [direction,"
            f" '{team}'], coordination: {{cadence: month, forum: Revue}}}}\n"
            "  - {id: crm-output, metric: emails_sent, owner: direction}\n")
    (finding,) = lint(load_spec_text(text, "kpis.yaml"), select=["KG303"])
    assert finding.rewrite.yaml.startswith(f"- id: {kpi_id}\n")
    snippet = finding.rewrite.yaml.replace("metric: ~", "metric: email_revenue").replace("by: ~", "by: 2026-12-31")
    snippet = snippet.replace("~", "2025")
    pasted = text + "".join(f"  {line}\n" for line in snippet.splitlines())
    assert load_spec_text(pasted, "pasted.yaml").kpi(kpi_id) is not None
