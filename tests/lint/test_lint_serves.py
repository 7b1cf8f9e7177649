"""KG301's advice on `serves` is advice a user can follow: the KPI it names exists, and pasting it loads."""

from __future__ import annotations

from kpiguard.lint import lint
from kpiguard.spec import load_spec_text


def _kg301(text: str):
    return [f for f in lint(load_spec_text(text, "s.yaml")) if f.code == "KG301"]


def test_an_output_that_an_outcome_serves_gets_kg308_not_a_looping_suggestion():
    """`serves` read as "served by": KG308 says so; KG301 does not suggest the outcome (a loop once added)."""
    text = ("kpis:\n"
            "  - {id: customers, metric: active_customers, level: outcome, serves: [basket]}\n"
            "  - {id: basket, metric: aov, level: output}\n"
            "  - {id: margin, metric: margin, level: outcome}\n")
    assert _kg301(text) == []
    [backwards] = [f for f in lint(load_spec_text(text, "s.yaml")) if f.code == "KG308"]
    assert backwards.kpi_id == "customers" and "write `serves: [customers]` on 'basket'" in backwards.message


def test_without_any_outcome_it_says_to_declare_one():
    [finding] = _kg301("kpis:\n  - {id: conversion, metric: conversion_rate, level: output}\n")
    assert "declare the outcome it serves" in finding.message
    assert "id: gross-margin" in finding.rewrite.yaml  # the snippet declares it, so that it pastes as a whole


def test_backwards_serves_is_left_to_kg308_and_suggested_ids_are_free():
    text = ("kpis:\n"
            "  - {id: gross-margin, metric: margin, level: outcome, serves: [email-revenue]}\n"
            "  - {id: email-revenue, metric: email_revenue, level: output}\n")
    findings = lint(load_spec_text(text, "s.yaml"))
    assert [f.code for f in findings if f.kpi_id == "email-revenue"] == []
    assert [(f.code, f.kpi_id) for f in findings if f.code == "KG308"] == [("KG308", "gross-margin")]
    # An output while `gross-margin` exists as an input: the outcome to declare gets another id.
    [finding] = _kg301("kpis:\n  - {id: gross-margin, metric: emails_sent, level: input}\n"
                       "  - {id: conversion, metric: conversion_rate, level: output}\n")
    assert "`serves: [gross-margin-2]`" in finding.message


def test_several_outputs_without_an_outcome_are_given_one_shared_outcome():
    """Two outputs of two teams, no outcome in the spec: each KG301 rewrite declared a `gross-margin` of its own,
    owned by its own team; pasted both, the spec held two KPIs with one id and two owners. Every rewrite of the run
    now declares the same outcome (its owner the first output's team, the other's as contributor) and says so."""
    import yaml

    text = ("teams:\n  crm: {name: CRM}\n  acquisition: {name: Acquisition}\n  logistics: {name: Logistics}\n"
            "kpis:\n"
            "  - {id: email-revenue, metric: email_revenue, level: output, owner: crm}\n"
            "  - {id: new-customers, metric: new_customers, level: output, owner: acquisition}\n")
    findings = _kg301(text)
    assert [f.kpi_id for f in findings] == ["email-revenue", "new-customers"]
    outcomes = [yaml.safe_load(f.rewrite.yaml)[1] for f in findings]
    assert outcomes[0] == outcomes[1]
    assert outcomes[0]["owner"] == "crm" and outcomes[0]["contributors"] == ["acquisition"]
    assert "gross-margin is also the outcome proposed for 'new-customers'" in findings[0].rewrite.yaml
    # pasted both, with the outcome declared once: it loads and no KPI is left serving nothing
    kpis = [yaml.safe_load(f.rewrite.yaml)[0] for f in findings] + [outcomes[0]]
    pasted = load_spec_text(text.split("kpis:")[0] + yaml.safe_dump({"kpis": kpis}, sort_keys=False), "s.yaml")
    assert _kg301_of(pasted) == []


def _kg301_of(spec):
    return [f for f in lint(spec) if f.code in ("KG301", "KG304")]


def test_new_kpis_proposed_in_one_run_never_share_an_id():
    """Two collective outcomes whose first contributor is the web team: KG303 proposed a `web-output` for each,
    serving a different outcome; pasted both, the spec no longer loaded (two KPIs with one id). Every KPI the
    rewrites of a run propose now has an id of its own, and pasting all of them loads."""
    import yaml

    outcome = ("  - {{id: {id}, metric: {metric}, level: outcome, owner: {owner}, contributors: [web],"
               " visibility: [{owner}, web], coordination: {{cadence: month, forum: Review}}}}\n")
    text = ("teams: {crm: {name: CRM}, web: {name: Web}, board: {name: Board}}\nkpis:\n"
            + outcome.format(id="rebuy", metric="repurchase_rate_90d", owner="crm")
            + outcome.format(id="margin", metric="margin", owner="board"))
    proposed = [yaml.safe_load(f.rewrite.yaml)[0] for f in lint(load_spec_text(text, "s.yaml")) if f.code == "KG303"]
    assert [k["serves"] for k in proposed] == [["rebuy"], ["margin"]]
    assert len({k["id"] for k in proposed}) == 2
    for kpi in proposed:  # filled as the user would
        kpi.update(metric="conversion_rate", target={"from": "2%", "to": "3%", "by": "2026-12-31"}, baseline=2025)
    pasted = text + "".join("  - " + yaml.safe_dump(k, default_flow_style=True, width=1000) for k in proposed)
    load_spec_text(pasted, "s.yaml")  # (raised: duplicate KPI id)


def test_the_output_proposed_for_an_outcome_takes_its_baseline_and_horizon():
    """KG303's output wrote `by: ~` under an outcome due by the end of 2026, and no baseline: filled in (a metric, a
    FROM and a TO) and pasted, it drew KG203 (a FROM measured when?) and asked again for a date the outcome gives."""
    import yaml

    text = ("teams: {crm: {name: CRM}, web: {name: Web}}\nkpis:\n"
            "  - {id: rebuy, metric: repurchase_rate_90d, level: outcome, owner: crm, contributors: [web],"
            " visibility: [crm, web], coordination: {cadence: month, forum: Review}, baseline: 2025-H2,"
            " target: {from: 8%, to: 12%, by: 2026-12-31}}\n")
    [finding] = [f for f in lint(load_spec_text(text, "s.yaml")) if f.code == "KG303"]
    [proposed] = yaml.safe_load(finding.rewrite.yaml)
    assert proposed["baseline"] == "2025-H2" and str(proposed["target"]["by"]) == "2026-12-31"
    proposed.update(metric="conversion_rate", target={**proposed["target"], "from": "2%", "to": "3%"})
    pasted = text + "  - " + yaml.safe_dump(proposed, default_flow_style=True, width=1000)
    codes = {f.code for f in lint(load_spec_text(pasted, "s.yaml")) if f.kpi_id == proposed["id"]}
    assert not codes & {"KG201", "KG202", "KG203"}


def test_kg104s_new_output_serves_the_outcome_kg301_declares_when_the_spec_has_none():
    """No outcome in the spec: KG104's output for a team of inputs served nothing, so that pasted beside KG301's
    rewrites it drew KG301 in turn. It now serves the same new outcome, declared the same way, and says so."""
    import yaml

    text = ("teams: {crm: {name: CRM}, web: {name: Web}}\nkpis:\n"
            "  - {id: sends, metric: emails_sent, level: input, owner: crm, baseline: 2025,"
            " target: {from: 1000000, to: 1200000, by: 2026-12-31}, guardrails: [{metric: email_open_rate, min: 20%}]}\n"
            "  - {id: conv, metric: conversion_rate, level: output, owner: web, baseline: 2025,"
            " target: {from: 2%, to: 3%, by: 2026-12-31}, guardrails: [{metric: aov, max_decrease: 5%}]}\n")
    found = {f.code: f.rewrite.yaml for f in lint(load_spec_text(text, "s.yaml")) if f.code in ("KG104", "KG301")}
    (output, outcome), (conv, same) = yaml.safe_load(found["KG104"]), yaml.safe_load(found["KG301"])
    assert outcome == same and output["serves"] == conv["serves"] == [outcome["id"]]
    assert f"{outcome['id']} is also the outcome proposed for 'conv'" in found["KG104"]
    output["target"].update({"from": 8000000, "to": 9000000})
    kpis = [k for k in yaml.safe_load(text)["kpis"] if k["id"] != "conv"] + [conv, output, outcome]
    pasted = load_spec_text(text.split("kpis:")[0] + yaml.safe_dump({"kpis": kpis}, sort_keys=False), "s.yaml")
    assert [f.code for f in lint(pasted) if f.code in ("KG104", "KG301")] == []


def test_the_shared_outcome_note_names_three_outputs_then_how_many_more():
    """Forty outputs and no outcome: each rewrite's note listed the thirty-nine others (and a run over thousands
    wrote every id under every rewrite)."""
    text = "kpis:\n" + "".join(f"  - {{id: o{i}, metric: email_revenue, level: output, owner: crm}}\n" for i in range(40))
    notes = [line for line in _kg301(text)[5].rewrite.yaml.splitlines() if "also the outcome" in line]
    assert notes == ["  # gross-margin is also the outcome proposed for 'o0', 'o1', 'o2' and 36 more: declare it once, "
                     "for all of them"]


OWNED = """\
teams: {crm: {name: CRM}, product: {name: Product}, support: {name: Support}}
kpis:
  - id: email-revenue
    metric: email_revenue
    level: output
    owner: crm
    target: {from: 8000000, to: 10000000}
    guardrails: [{metric: email_unsubscribe_rate, max_increase: 20%}, {metric: revenue, max_decrease: 0%}]
  - id: repurchase-90d
    metric: repurchase_rate_90d
    level: outcome
    owner: crm
    contributors: [product, support]
    visibility: [crm, product, support]
    coordination: {cadence: month, forum: Retention review}
"""


def test_an_outcome_nothing_crosses_points_at_the_output_its_team_already_owns():
    """CRM owns 'email-revenue', serving nothing, and the collective outcome 'repurchase-90d' that nothing crosses:
    KG303 proposed a new `product-output` (a metric to find, a target to set) where adding `repurchase-90d` to the
    `serves` of the output CRM already steers was the fix. It now names that output, its rewrite is that output
    with the link (and the fixes of its own findings: one rewrite), and pasted in its place it leaves neither
    KG303 nor the output's KG301 behind."""
    import yaml

    findings = lint(load_spec_text(OWNED, "s.yaml"))
    [finding] = [f for f in findings if f.code == "KG303"]
    assert "'email-revenue', an output crm already owns" in finding.message
    assert "give the other teams that move it (product, support) an output" in finding.message
    [edited] = yaml.safe_load(finding.rewrite.yaml)
    assert edited["id"] == "email-revenue" and edited["serves"] == ["repurchase-90d"]
    assert edited["target"]["by"] is None and "baseline" in edited  # KG202's and KG203's fixes on it, to fill
    [own] = [f for f in findings if f.code == "KG301"]
    assert own.rewrite.yaml == finding.rewrite.yaml  # one rewrite of 'email-revenue', whichever is pasted
    edited.update(baseline=2025, target={**edited["target"], "by": "2026-12-31"})
    data = yaml.safe_load(OWNED)
    data["kpis"][0] = edited
    after = lint(load_spec_text(yaml.safe_dump(data, sort_keys=False), "s.yaml"))
    assert [(f.kpi_id, f.code) for f in after] == []


def test_an_outcome_steering_its_owner_points_at_the_output_the_owner_already_owns():
    """KG302: the outcome is given to CRM with a target, CRM owns an output serving another outcome: the way out
    is to let that output serve this one too, not to invent a `crm-output`."""
    import yaml

    text = OWNED.replace("    contributors: [product, support]\n    visibility: [crm, product, support]\n"
                         "    coordination: {cadence: month, forum: Retention review}\n",
                         "    baseline: 2025\n    target: {from: 8%, to: 12%, by: 2026-12-31}\n")
    text = text.replace("    target: {from: 8000000, to: 10000000}\n",
                        "    baseline: 2025\n    target: {from: 8000000, to: 10000000, by: 2026-12-31}\n"
                        "    serves: [margin]\n")
    text += "  - {id: margin, metric: margin, level: outcome, owner: product}\n"
    [finding] = [f for f in lint(load_spec_text(text, "s.yaml")) if f.code == "KG302"]
    assert "'email-revenue', an output crm already owns" in finding.message
    [edited] = yaml.safe_load(finding.rewrite.yaml)
    assert edited["id"] == "email-revenue" and edited["serves"] == ["margin", "repurchase-90d"]
