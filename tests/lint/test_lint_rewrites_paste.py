"""A rewrite pasted in place of the KPI it rewrites loads, and the finding it answers does not come back."""

from __future__ import annotations

import textwrap

import pytest

from kpiguard.lint import lint
from kpiguard.spec import load_spec, load_spec_text

# A B2B webshop's sales team: visits (a custom input volume) serve the accounts it opens.
VISITS = """\
metrics:
  accounts_opened: {type: simple, table: orders, measure: count(*), kind: count, direction: up, level: output}
  sales_visits: {type: simple, table: orders, measure: sum(visits), kind: count, direction: up, level: input}
  app_orders: {type: simple, table: orders, measure: count(*), filter: "platform = 'app'", direction: up}
  app_order_share: {type: ratio, numerator: app_orders, denominator: orders, direction: up, level: output}
  app_installs: {type: simple, table: orders, measure: count(*), direction: up, level: input}
kpis:
  - id: new-accounts
    metric: accounts_opened
    baseline: 2025
    target: {from: 450, to: 600, by: 2026-12-31}
    guardrails: [{metric: aov, max_decrease: 5%}]
  - id: app-share
    metric: app_order_share
    baseline: 2025
    target: {from: 21%, to: 35%, by: 2026-12-31}
    guardrails: [{metric: orders, max_decrease: 0%}]
"""


def _finding(text: str, code: str, kpi: str):
    return next(f for f in lint(load_spec_text(text, "kpis.yaml")) if f.code == code and f.kpi_id == kpi)


def _paste(text: str, kpi_line: str, snippet: str) -> str:
    """`text` with the one-line KPI `kpi_line` replaced by the snippet, indented under `kpis:`."""
    assert kpi_line in text
    return text.replace(kpi_line + "\n", textwrap.indent(snippet, "  "))


def test_kg103_on_a_custom_volume_guards_the_ratio_it_serves_and_the_paste_is_clean():
    line = "  - {id: installs, metric: app_installs, baseline: 2025, target: {from: 1, to: 2, by: 2026-12-31}, " \
           "serves: [app-share]}"
    text = VISITS + line + "\n"
    finding = _finding(text, "KG103", "installs")
    assert "app_order_share" in finding.message
    pasted = load_spec_text(_paste(text, line, finding.rewrite.yaml), "kpis.yaml")
    assert not [f for f in lint(pasted) if f.code == "KG103"]


def test_kg103_never_proposes_a_guardrail_it_refuses():
    """Revenue is not an efficiency (the rule flags an input guarded by revenue alone): with no efficiency known,
    the rewrite leaves the metric to fill and says how to define one, instead of looping on revenue."""
    line = "  - {id: visits, metric: sales_visits, baseline: 2025, target: {from: 6000, to: 8000, by: 2026-12-31}, " \
           "serves: [new-accounts]}"
    finding = _finding(VISITS + line + "\n", "KG103", "visits")
    assert "metric: revenue" not in finding.rewrite.yaml
    assert "- metric: ~" in finding.rewrite.yaml
    assert "accounts_opened_per_sales_visits: {type: ratio, numerator: accounts_opened, denominator: sales_visits}" \
        in finding.rewrite.yaml
    assert "Revenue" not in finding.message


OMNICHANNEL = """\
metrics:
  omni_revenue: {type: simple, table: orders, measure: sum(revenue), filter: "channel = 'ropo'", direction: up}
  omni_share: {type: ratio, numerator: omni_revenue, denominator: revenue, direction: up}
  returned: {type: simple, table: orders, measure: sum(refund), direction: down}
  return_share: {type: ratio, numerator: returned, denominator: revenue, direction: down}
kpis:
"""


def test_kg101_a_guard_on_the_part_does_not_protect_a_share():
    """The article's case: the e-mail share rises because total revenue falls while e-mail revenue stands still.
    A guardrail keeping the part from falling lets exactly that happen; only the whole held up stops it."""
    text = OMNICHANNEL + ("  - {id: omni, metric: omni_share, baseline: 2025, target: {from: 22%, to: 30%, by: 2026-12-31},"
                          " guardrails: [{metric: omni_revenue, max_decrease: 0%}]}\n")
    finding = _finding(text, "KG101", "omni")
    assert "guard Revenue so that it cannot fall" in finding.message
    held = text.replace("{metric: omni_revenue, max_decrease: 0%}", "{metric: revenue, max_decrease: 0%}")
    assert not [f for f in lint(load_spec_text(held, "kpis.yaml")) if f.code == "KG101"]


def test_kg101_on_a_share_to_lower_says_how_it_falls():
    text = OMNICHANNEL + "  - {id: returns, metric: return_share, baseline: 2025, " \
                         "target: {from: 24%, to: 19%, by: 2026-12-31}}\n"
    message = _finding(text, "KG101", "returns").message
    assert "it can fall because Revenue shrinks, if returned shrinks faster" in message
    assert "can rise" not in message


def test_kg101_keeps_the_id_that_other_kpis_serve():
    """Renamed after its numerator, the pasted KPI would leave `serves: [crm.share]` pointing at nothing."""
    line = "  - {id: crm.share, metric: email_revenue_share, baseline: 2025, target: {from: 24%, to: 30%, by: 2026-12-31}}"
    text = ("kpis:\n" + line + "\n  - {id: sends, metric: emails_sent, serves: [crm.share]}\n")
    snippet = _finding(text, "KG101", "crm.share").rewrite.yaml
    assert snippet.startswith("- id: crm.share\n") and "metric: email_revenue\n" in snippet
    filled = snippet.replace("from: ~, to: ~", "from: 8000000, to: 10000000")
    pasted = load_spec_text(_paste(text, line, filled), "kpis.yaml")
    assert not [f for f in lint(pasted) if f.code == "KG101"]
    alone = _finding("kpis:\n" + line + "\n", "KG101", "crm.share").rewrite.yaml
    assert alone.startswith("- id: email-revenue\n")  # nothing refers to it: named after what it now measures


def test_noqa_findings_point_at_their_own_entry():
    """KG002 and KG001 point at the code they are about, not at the start of the `noqa:` mapping."""
    text = ("kpis:\n  - {id: cvr, metric: conversion_rate, target: {from: 1.8%, to: 2.1%},\n"
            "     noqa: {KG102: \"media plan fixed\", KG1O6: \"weekly\", KG201: \"\"}}\n")
    findings = {f.code: f.location for f in lint(load_spec_text(text, "kpis.yaml")) if f.code in ("KG001", "KG002")}
    line = text.splitlines()[2]
    assert (findings["KG002"].line, findings["KG002"].col) == (3, line.index("KG1O6") + 1)
    assert (findings["KG001"].line, findings["KG001"].col) == (3, line.index("KG201") + 1)


def test_kg102_on_a_rate_to_lower_keeps_the_rate_as_its_target():
    """A dispute rate to lower is not rewritten as a count of disputed orders (which falls by selling less): the
    target stays on the rate, from and to as written, and the sentence says it in the rate's terms."""
    text = ("metrics:\n  disputed: {type: simple, table: orders, measure: count(*), filter: disputed, direction: down}\n"
            "  dispute_rate: {type: ratio, numerator: disputed, denominator: orders, ratio_of: rate, unit: '%',"
            " direction: down}\nkpis:\n  - {id: disputes, metric: dispute_rate, baseline: 2025,"
            " target: {from: 2.1%, to: 1.5%, by: 2026-12-31}}\n")
    finding = _finding(text, "KG102", "disputes")
    assert "metric: dispute_rate\n" in finding.rewrite.yaml and "metric: disputed\n" not in finding.rewrite.yaml
    assert "target: {from: 2.1%, to: 1.5%, by: 2026-12-31}" in finding.rewrite.yaml
    assert finding.rewrite.sentence.startswith("From 2.1% to 1.5% of dispute_rate by the end of 2026, without "
                                               "letting Orders or Revenue fall")
    assert "rather than the count (disputed)" in finding.message


def test_kg102_guards_the_value_a_rate_to_lower_comes_from_in_french():
    """The unsubscribe rate is held down by e-mailing less: its rewrite guards e-mail revenue (whose push degrades
    it, in the catalog) and e-mails delivered, and says so in French with « ni »."""
    from kpiguard._i18n import set_lang

    set_lang("fr")
    text = ("kpis:\n  - {id: desabos, statement: 'Baisser le taux de désabonnement à 0,2 %', metric:"
            " email_unsubscribe_rate, baseline: 2025, target: {from: 0.3%, to: 0.2%, by: 2026-12-31}}\n")
    rewrite = _finding(text, "KG102", "desabos").rewrite
    assert rewrite.sentence == ("Passer de 0,3\xa0% à 0,2\xa0% de « Taux de désabonnement » d'ici fin 2026, sans laisser "
                                "baisser « E-mails délivrés » ni « CA UTM email » (au lieu de « Baisser le taux de "
                                "désabonnement à 0,2 % »)")
    assert "- metric: email_revenue\n      max_decrease: 0%" in rewrite.yaml


def test_kg103_sentence_names_the_volume_once():
    text = "kpis:\n  - {id: sends, metric: emails_sent, baseline: 2025, target: {from: 2800000, to: 4000000, by: 2026-12-31}}\n"
    sentence = _finding(text, "KG103", "sends").rewrite.sentence
    assert sentence.startswith("Reach 4,000,000 e-mails by the end of 2026 (E-mails sent), with Open rate held")
    assert "e-mails E-mails" not in sentence


def test_findings_about_a_kpi_point_at_it_when_its_keys_come_from_an_anchor():
    """`- <<: *crm-output` shares `level` and `owner` between KPIs: a finding on one KPI points at that KPI,
    not at the anchor that every KPI merges (two findings on the same line, neither on its KPI)."""
    text = ("x-out: &out\n  level: output\n  owner: crm\nteams: {crm: {name: CRM}}\nkpis:\n"
            "  - <<: *out\n    id: a\n    metric: email_revenue\n"
            "  - <<: *out\n    id: b\n    metric: aov\n")
    found = {f.kpi_id: f.location.line for f in lint(load_spec_text(text, "kpis.yaml")) if f.code == "KG301"}
    assert found == {"a": 7, "b": 10}


def test_a_level_read_by_default_is_named_as_the_cause():
    """A custom metric with no level, on a KPI with no level, is read as an output: KG301 and KG106 say so, on the
    KPI and on an output serving it, so that the user declares `level: outcome` instead of chasing three findings."""
    text = ("metrics:\n  ltv_12m: {type: simple, table: orders, measure: avg(revenue), direction: up}\n"
            "kpis:\n  - {id: ltv, metric: ltv_12m, owner: finance, contributors: [growth], baseline: 2025,"
            " target: {from: 180, to: 210, by: 2026-12-31}}\n"
            "  - {id: paid, metric: new_customers, level: output, serves: [ltv]}\n")
    hint = "'ltv' declares no level, nor does its metric ltv_12m: it is read as an output"
    findings = lint(load_spec_text(text, "kpis.yaml"))
    assert {(f.kpi_id, f.code) for f in findings if hint in f.message} >= {("ltv", "KG301"), ("ltv", "KG106"),
                                                                           ("paid", "KG301")}
    declared = lint(load_spec_text(text.replace("metric: ltv_12m,", "metric: ltv_12m, level: outcome,"), "k.yaml"))
    assert not [f for f in declared if "declares no level" in f.message]


def test_kg202_writes_the_horizon_as_a_date_like_the_rest_of_the_spec():
    text = "kpis:\n  - {id: aov, metric: aov, baseline: 2025, target: {from: 41, to: 45}}\n"
    snippet = _finding(text, "KG202", "aov").rewrite.yaml
    assert "target: {from: 41, to: 45, by: 2026-12-31}" in snippet  # not by: "2026-12-31", a quoted string


def test_kg102_on_a_rate_to_lower_holds_its_base_and_the_paste_is_clean():
    """'Lower the dispute rate' is also met by selling only where disputes are rare: the rewrite holds up orders
    (the volume it is taken on) and revenue (the value, averaged over orders by the basket), and once pasted no rule
    asks again what the cut can cost (KG105 did)."""
    line = ("  - {id: disputes, metric: dispute_rate, owner: trust, baseline: 2025,"
            " target: {from: 2.4%, to: 1.8%, by: 2026-12-31}}")
    text = ("metrics:\n  disputed: {type: simple, table: orders, measure: count(*), filter: disputed, kind: count,"
            " direction: down}\n  dispute_rate: {type: ratio, numerator: disputed, denominator: orders,"
            " ratio_of: rate, direction: down}\nkpis:\n" + line + "\n")
    rewrite = _finding(text, "KG102", "disputes").rewrite
    assert "- metric: orders\n      max_decrease: 0%\n    - metric: revenue\n      max_decrease: 0%" in rewrite.yaml
    pasted = lint(load_spec_text(_paste(text, line, rewrite.yaml), "kpis.yaml"))
    assert not [f.code for f in pasted if f.kpi_id == "disputes" and f.code in ("KG102", "KG105", "KG106")]


def test_kg105_accepts_the_volume_a_count_is_taken_on_held_up():
    text = ("kpis:\n  - {id: unsubscribes, metric: email_unsubscribes, baseline: 2025,"
            " target: {from: 30000, to: 24000, by: 2026-12-31},"
            " guardrails: [{metric: emails_delivered, max_decrease: 0%}]}\n")
    assert not [f for f in lint(load_spec_text(text, "kpis.yaml")) if f.code == "KG105"]
    capped = text.replace("max_decrease: 0%", "max_increase: 10%")  # a cap on the base does not stop its fall
    assert [f for f in lint(load_spec_text(capped, "kpis.yaml")) if f.code == "KG105"]


def test_a_rewrite_on_another_metric_keeps_the_level_of_the_kpi():
    """A take rate (an output) is rewritten as the commission it takes, a metric that is an outcome by default:
    pasted without its level, the KPI became an outcome and drew KG302 and KG304 (no output, no contributors)."""
    line = "  - {id: take-rate, metric: take_rate, owner: exec, baseline: 2025, target: {from: 11%, to: 12.5%, by: 2026-12-31}}"
    text = ("teams: {exec: {name: Exec}, ops: {name: Seller ops}}\nmetrics:\n"
            "  gmv: {type: simple, table: orders, measure: sum(gross), kind: amount, direction: up}\n"
            "  commission: {type: simple, table: orders, measure: sum(fee), kind: amount, direction: up,"
            " level: outcome}\n"
            "  take_rate: {type: ratio, numerator: commission, denominator: gmv, ratio_of: share, direction: up,"
            " level: output}\nkpis:\n" + line + "\n")
    rewrite = _finding(text, "KG101", "take-rate").rewrite
    assert "\n  level: output\n" in rewrite.yaml
    filled = rewrite.yaml.replace("from: ~, to: ~", "from: 13000000, to: 16000000")
    pasted = lint(load_spec_text(_paste(text, line, filled), "kpis.yaml"))
    # (the margin outcome the rewrite also declares, KG301's, is a new KPI of its own: its findings are not this one's)
    assert not [f.code for f in pasted if f.kpi_id == "commission" and f.code in ("KG101", "KG302", "KG304")]


def test_a_rewrite_keeps_the_noqa_comment_of_the_kpi_it_replaces(tmp_path):
    """Pasting KG301's rewrite over a KPI silenced by a comment used to drop the comment: KG101, an error the
    team had accepted in writing, came back."""
    head = "  - id: share  # kpiguard: noqa KG101 -- board figure only\n"
    body = ("    metric: email_revenue_share\n    baseline: 2025\n    target: {to: 25%, by: 2026-12-31}\n"
            "    guardrails: [{metric: email_unsubscribe_rate, max_increase: 10%}]\n")
    spec = tmp_path / "kpis.yaml"
    spec.write_text("kpis:\n" + head + body, encoding="utf-8")
    finding = next(f for f in lint(load_spec(spec)) if f.code == "KG301")
    assert finding.rewrite.yaml.startswith("- id: share  # kpiguard: noqa KG101 -- board figure only\n")
    spec.write_text("kpis:\n" + textwrap.indent(finding.rewrite.yaml, "  "), encoding="utf-8")
    assert "KG101" not in {f.code for f in lint(load_spec(spec))}


def test_a_folded_statement_is_quoted_on_one_line():
    text = ("kpis:\n  - id: sends\n    statement: >\n      Send two newsletters\n      a week\n"
            "    metric: emails_sent\n    baseline: 2025\n    target: {from: 5200000, to: 7800000, by: 2026-12-31}\n")
    rewrite = _finding(text, "KG103", "sends").rewrite
    assert '(instead of "Send two newsletters a week")' in rewrite.sentence
    assert 'statement: "Send two newsletters a week"\n' in rewrite.yaml


def test_kg101_drops_the_guard_on_the_part_it_now_targets():
    """The share was guarded by its part (online revenue); rewritten to target that part, the guard is the target
    itself: kept, the pasted KPI would be guarded by its own metric only, the isolated KPI of KG106."""
    text = OMNICHANNEL + ("  - {id: omni, metric: omni_share, baseline: 2025, target: {from: 22%, to: 30%, by: 2026-12-31},"
                          " guardrails: [{metric: omni_revenue, max_decrease: 0%}]}\n")
    snippet = _finding(text, "KG101", "omni").rewrite.yaml
    assert "metric: omni_revenue\n" in snippet and "- metric: omni_revenue" not in snippet
    assert "- metric: revenue\n" in snippet


def test_kg307_rewrite_to_an_input_brings_its_quality_bar():
    """E-mails sent declared an output: made an input by the rewrite, the volume target then drew KG103 (no
    efficiency guardrail) once pasted; the rewrite now guards the open rate as KG103 asks."""
    line = ("  - {id: sends, metric: emails_sent, level: output, owner: crm, baseline: 2025,"
            " target: {from: 600000, to: 900000, by: 2026-12-31}}")
    text = "kpis:\n" + line + "\n"
    snippet = _finding(text, "KG307", "sends").rewrite.yaml
    assert "level: input" in snippet and "- metric: email_open_rate" in snippet
    pasted = lint(load_spec_text(_paste(text, line, snippet), "kpis.yaml"))
    assert not [f.code for f in pasted if f.code in ("KG103", "KG106", "KG307")]


def test_kg104_proposes_an_output_that_pastes_clean():
    """The output KPI proposed to a team steered only by inputs had no baseline, no guardrail and served nothing:
    filled in and pasted, it drew KG203 (a FROM measured when?), KG106 (isolated) and KG301."""
    text = ("teams: {crm: {name: CRM}, board: {name: Board}}\nkpis:\n"
            "  - {id: margin, metric: margin, owner: board, contributors: [crm], visibility: [board, crm],"
            " coordination: {cadence: month, forum: Board}}\n  - {id: sends, metric: emails_sent, owner: crm, baseline: 2025,"
            " target: {from: 2000000, to: 3000000, by: 2026-12-31}, guardrails: [{metric: email_open_rate, min: 20%}]}\n")
    snippet = _finding(text, "KG104", "sends").rewrite.yaml
    assert "baseline: 2025\n" in snippet and "by: 2026-12-31" in snippet and "serves: [margin]" in snippet
    filled = snippet.replace("from: ~, to: ~", "from: 8000000, to: 10000000")
    pasted = lint(load_spec_text(text + textwrap.indent(filled, "  "), "kpis.yaml"))
    assert not [f.code for f in pasted if f.kpi_id == "sends-output"]


def test_kg104_sentence_says_the_horizon_its_snippet_writes():
    """The sentence said "From X to Y of E-mail revenue by X" above a snippet that wrote `by: 2026-06-30`."""
    text = ("kpis:\n  - {id: sends, metric: emails_sent, owner: crm, baseline: 2025,"
            " target: {from: 2000000, to: 3000000, by: 2026-06-30}, guardrails: [{metric: email_open_rate, min: 20%}]}\n")
    rewrite = _finding(text, "KG104", "sends").rewrite
    assert "by: 2026-06-30" in rewrite.yaml
    assert rewrite.sentence.startswith("From X to Y of E-mail revenue by the end of June 2026, with ")


# "Faire passer la part du CA e-mail de 18 % à 25 %": a share with no baseline and no horizon, owned by the CRM.
SHARE_TARGET = ("kpis:\n  - {id: email-share, metric: email_revenue_share, owner: crm, level: output,"
                " target: {from: 0.18, to: 0.25}}\n")
TARGET_CODES = {"KG101", "KG201", "KG202", "KG203"}


def _filled_kpi(new: dict) -> dict:
    """A pasted rewrite with its placeholders filled as a user would: numbers, a year, a date."""
    target = new.get("target") or {}
    percent = new["metric"].endswith(("_share", "_rate"))
    for key, value in (("from", 0.18 if percent else 8000000), ("to", 0.25 if percent else 10000000),
                       ("by", "2026-12-31")):
        if key in target and target[key] is None:
            target[key] = value
    if "baseline" in new and new["baseline"] is None:
        new["baseline"] = 2025
    return new


def _paste_each(text: str, kpi_id: str, findings) -> tuple[str, str]:
    """Every rewrite of the KPI pasted in turn in place of it, as found in one run; the spec and the KPI's id."""
    import yaml

    data = yaml.safe_load(text)
    for finding in findings:
        items = yaml.safe_load(finding.rewrite.yaml)
        new = _filled_kpi(items[0])
        data["kpis"] = [new if k["id"] == kpi_id else k for k in data["kpis"]]
        kpi_id = new["id"]
        data["kpis"] += [k for k in items[1:] if k["id"] not in {x["id"] for x in data["kpis"]}]
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False), kpi_id


RATE_TARGET = "kpis:\n  - {id: conversion, metric: conversion_rate, owner: web, level: output, target: {from: 0.021, to: 0.025}}\n"
RATIO_TARGETS = [  # (spec, KPI, the rule that replaces the ratio target)
    pytest.param(SHARE_TARGET, "email-share", "KG101", id="share"),
    pytest.param(RATE_TARGET, "conversion", "KG102", id="rate"),
]


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("text, kpi_id, ratio_rule", RATIO_TARGETS)
def test_the_rewrites_of_a_ratio_target_agree_whatever_is_pasted_last(text, kpi_id, ratio_rule, lang):
    """KG101 says a share can rise as its whole falls (KG102: a rate as its base falls); KG201/KG202/KG203 used to
    complete the ratio's target as it was (a FROM, a horizon, a baseline) and KG301 to keep it: pasted after KG101's
    rewrite, they brought back the ratio free to rise, and KG101 with it. Every rewrite of the KPI is now written on
    top of the others' fixes: the share replaced by its part, its whole held up, the horizon, the `serves`; the same
    KPI, said by the same sentence, so that the rewrites, pasted in any order, leave none of these findings behind."""
    import itertools

    from kpiguard._i18n import set_lang

    set_lang(lang)
    codes = TARGET_CODES - {"KG101"} | {ratio_rule}
    findings = [f for f in lint(load_spec_text(text, "kpis.yaml")) if f.kpi_id == kpi_id]
    assert {ratio_rule, "KG202", "KG203", "KG301"} <= {f.code for f in findings}
    for finding in findings:  # each one alone: the ratio is replaced, the target whole, the KPI serves an outcome
        pasted, new_id = _paste_each(text, kpi_id, [finding])
        after = {f.code for f in lint(load_spec_text(pasted, "kpis.yaml")) if f.kpi_id == new_id}
        assert not after & (codes | {"KG301"}), (finding.code, finding.rewrite.yaml, after)
    for order in itertools.permutations([f for f in findings if f.code in codes]):
        pasted, new_id = _paste_each(text, kpi_id, order)
        after = {f.code for f in lint(load_spec_text(pasted, "kpis.yaml")) if f.kpi_id == new_id}
        assert not after & codes, ([f.code for f in order], after)
    ratio = next(f for f in findings if f.code == ratio_rule).rewrite
    assert all(f.rewrite == ratio for f in findings)  # one rewrite: the same sentence and the same YAML


def test_a_share_whose_kg101_is_accepted_keeps_its_rewrites_as_written():
    """A noqa on KG101 (the board reports the share) is the team's decision: the other rewrites do not guard the
    whole behind its back."""
    text = SHARE_TARGET.replace("level: output,", "level: output, noqa: {KG101: board figure},")
    spec = load_spec_text(text, "kpis.yaml")
    found = next(f for f in lint(spec, ignore=["KG106", "KG401"]) if f.code == "KG202")
    assert "- metric: revenue\n" not in found.rewrite.yaml and "by: ~" in found.rewrite.yaml
    # KG106 and KG401 ask for a guard on revenue in their own name: reported, it is in every rewrite of the KPI
    found = next(f for f in lint(spec) if f.code == "KG202")
    assert "- metric: revenue\n" in found.rewrite.yaml


def test_a_cap_on_the_whole_gets_its_floor():
    """Revenue guarded by a cap (`max_increase`) still lets the share rise as revenue falls: the rewrite puts the
    floor on that guardrail (a second guardrail on the same metric was skipped, and KG101 came back once pasted)."""
    text = SHARE_TARGET.replace("level: output,", "level: output, guardrails: [{metric: revenue, max_increase: 30%}],")
    spec = load_spec_text(text, "kpis.yaml")
    snippet = next(f for f in lint(spec, ignore=["KG206"]) if f.code == "KG101").rewrite.yaml
    assert "- metric: revenue\n      max_increase: 30%\n      max_decrease: 0%\n" in snippet
    # KG206 reported too (a cap on revenue guards against its growth): the rewrite drops the cap as well
    snippet = _finding(text, "KG101", "email-share").rewrite.yaml
    assert "- metric: revenue\n      max_decrease: 0%\n" in snippet and "max_increase" not in snippet


def test_kg105_a_spend_to_cut_guards_what_it_serves_first():
    """"Cut ad spend from $2.4M to $2M" serving new customers: the rewrite guarded the basket and the conversion, and
    said nothing of the new customers the cut would cost; it now guards them first, and a guard on them answers."""
    line = "  - {id: spend, metric: ad_spend, owner: growth, baseline: 2025, target: {from: 2400000, to: 2000000," \
           " by: 2026-12-31}, serves: [new-cust]}"
    text = ("metrics:\n  ad_spend: {type: simple, table: orders, measure: sum(spend), kind: amount, unit: USD,"
            " direction: down, level: input}\nkpis:\n  - {id: new-cust, metric: new_customers, level: outcome}\n"
            + line + "\n")
    finding = _finding(text, "KG105", "spend")
    assert "the cut can be bought with less of what it serves (New customers)" in finding.message
    assert "- metric: new_customers\n      max_decrease: 0%\n" in finding.rewrite.yaml
    assert finding.rewrite.sentence.startswith("From $2,400,000 to $2,000,000 of ad_spend by the end of 2026, without "
                                               "degrading New customers or Average order value")
    pasted = lint(load_spec_text(_paste(text, line, finding.rewrite.yaml), "kpis.yaml"))
    assert not [f.code for f in pasted if f.kpi_id == "spend" and f.code in ("KG105", "KG106")]


def test_kg101_on_a_share_named_after_its_part_keeps_the_name():
    """The refund share, KPI 'refunds', rewritten to target refunds: its own id was taken for another KPI's and the
    rewrite became 'refunds-growth', a growth of refunds; it stays 'refunds', free once the share is replaced."""
    text = ("metrics:\n  refunds: {type: simple, table: orders, measure: sum(refund), kind: amount, direction: down}\n"
            "  refund_share: {type: ratio, numerator: refunds, denominator: revenue, direction: down}\n"
            "kpis:\n  - {id: refunds, metric: refund_share, baseline: 2025, target: {from: 8%, to: 6%, by: 2026-12-31}}\n"
            "  - {id: refund-amount, metric: refunds}\n")
    assert _finding(text, "KG101", "refunds").rewrite.yaml.startswith("- id: refunds\n")
    taken = text.replace("{id: refunds, metric: refund_share", "{id: share, metric: refund_share").replace(
        "id: refund-amount", "id: refunds")  # another KPI is called 'refunds'
    assert _finding(taken, "KG101", "share").rewrite.yaml.startswith("- id: refunds-cut\n")  # not a growth of refunds


@pytest.mark.parametrize("guard", ["max_decrease: 100%", "min: 0"])
def test_kg101_a_guard_that_lets_the_whole_fall_to_nothing_is_no_guard(guard):
    """Revenue "guarded" by `max_decrease: 100%` may fall to zero: the share rises as it does. Such a guard hid KG101
    (any `max_decrease` counted, and KG207 does not flag an amount); the finding says why, and the rewrite of another
    rule puts a floor that binds on that guardrail."""
    text = SHARE_TARGET.replace("level: output,", "level: output, guardrails: [{metric: revenue, " + guard + "}],")
    finding = _finding(text, "KG101", "email-share")
    assert "its guardrail on Revenue lets it fall to nothing" in finding.message
    snippet = _finding(text, "KG202", "email-share").rewrite.yaml
    assert "- metric: revenue\n      max_decrease: 0%\n" in snippet and "min: 0" not in snippet


def test_a_rewrite_drops_the_empty_noqa_of_the_rule_it_answers():
    """`noqa: {KG102: ""}` does not silence KG102 (KG001 asks for a reason); KG102's rewrite kept it, and once pasted
    the KPI, now on the opens, still drew KG001 for a rule that no longer applies. A noqa with a reason stays."""
    line = ("  - {id: opens, metric: email_open_rate, owner: crm, baseline: 2025, target: {from: 21%, to: 24%,"
            " by: 2026-12-31}, noqa: {KG301: deliverability watch, KG102: \"\"}}")
    text = "kpis:\n" + line + "\n"
    snippet = _finding(text, "KG102", "opens").rewrite.yaml
    assert "noqa: {KG301: \"deliverability watch\"}\n" in snippet
    filled = snippet.replace("from: ~, to: ~", "from: 900000, to: 1000000")
    pasted = lint(load_spec_text(_paste(text, line, filled), "kpis.yaml"))
    assert not [f.code for f in pasted if f.code in ("KG001", "KG102")]


@pytest.mark.parametrize(("teams", "contributors"), [
    ("teams:\n  crm: {name: CRM}\n  web: {name: Web}\n", "contributors: [crm]"),
    ("", "contributors: [team-a, team-b]"),  # no teams declared: placeholders, said in a note
])
def test_the_outcome_kg301_declares_pastes_without_findings_of_its_own(teams, contributors):
    """KG301's rewrite declares the outcome the output serves; pasted bare (id, metric, level, owner), that outcome
    drew KG304 (an outcome with no contributors)."""
    head = "version: 1\n" + teams + "kpis:\n"
    kpi = ("  - id: aov\n    metric: aov\n    owner: web\n    baseline: 2025\n"
           "    target: {from: 41, to: 45, by: 2026-12-31}\n"
           "    guardrails: [{metric: conversion_rate, max_decrease: 5%}, {metric: margin, max_decrease: 0%}]\n"
           "  - {id: sessions, metric: sessions, owner: crm, level: input}\n")
    (finding,) = [f for f in lint(load_spec_text(head + kpi, "kpis.yaml")) if f.code == "KG301"]
    assert contributors in finding.rewrite.yaml
    pasted = head + textwrap.indent(finding.rewrite.yaml, "  ") + kpi.split("\n", 6)[-1]
    after = lint(load_spec_text(pasted, "pasted.yaml"))
    assert [(f.kpi_id, f.code) for f in after if f.kpi_id in ("aov", "gross-margin")] == [], pasted


def test_kg106_on_a_roas_guards_the_revenue_the_spend_cut_would_cost():
    """A ROAS (attributed revenue over ad spend, a cost: less is better) rises by cutting the spend. KG106 guarded
    the spend with `max_increase: 0%`, which forbids spending more: the push it leaves open is the one that games
    the ratio. It now keeps the revenue from falling, and pasted, the KPI is no longer isolated."""
    text = ("data: {tables: {ads: ads.csv}}\nmetrics:\n"
            "  ad_spend: {type: simple, table: ads, measure: sum(cost), kind: amount, direction: down, level: input}\n"
            "  paid_revenue: {type: simple, table: orders, measure: sum(revenue), kind: amount, direction: up}\n"
            "  roas: {type: derived, expr: paid_revenue / ad_spend, direction: up, level: output}\n"
            "kpis:\n")
    line = "  - {id: roas, metric: roas, baseline: 2025, target: {from: 3.2, to: 4.0, by: 2026-12-31}}"
    finding = _finding(text + line + "\n", "KG106", "roas")
    assert "at the expense of paid_revenue" in finding.message
    assert "- metric: paid_revenue\n      max_decrease: 0%" in finding.rewrite.yaml
    assert "ad_spend" not in finding.rewrite.yaml
    pasted = lint(load_spec_text(_paste(text + line + "\n", line, finding.rewrite.yaml), "kpis.yaml"))
    assert not [f.code for f in pasted if f.code in ("KG106", "KG206")]
