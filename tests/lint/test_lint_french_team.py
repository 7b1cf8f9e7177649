"""What a French e-commerce team's specs met in lint (a furniture retailer, a marketplace, a subscription box...):
each test is a finding that was wrong or unclear on such a spec, checked on the smallest spec that shows it."""

from __future__ import annotations

from kpiguard.lint import lint
from kpiguard.spec import load_spec_text


def _findings(text: str, code: str) -> list:
    return [f for f in lint(load_spec_text(text, "kpis.yaml")) if f.code == code]


def test_kg104_proposes_the_output_an_input_produces_when_its_level_is_left_unwritten():
    """Showroom appointments (an input) have a conversion rate over them whose numerator, showroom sales, declares
    no level: it is read as an output, as a KPI on it would be, and proposed instead of the shop's revenue."""
    text = """\
data: {tables: {appointments: rdv.csv}}
metrics:
  rdv_showroom: {type: simple, table: appointments, measure: count(*), kind: count, direction: up, level: input}
  ventes_showroom: {type: simple, table: orders, measure: count(*), filter: "channel = 'showroom'", kind: count,
                    direction: up}
  taux_transfo_rdv: {type: ratio, numerator: ventes_showroom, denominator: rdv_showroom, ratio_of: rate,
                     direction: up}
kpis:
  - {id: rdv, metric: rdv_showroom, owner: ventes, baseline: 2025, target: {from: 600, to: 800, by: 2026-12-31},
     guardrails: [{metric: taux_transfo_rdv, max_decrease: 10%}]}
"""
    [finding] = _findings(text, "KG104")
    assert "such as ventes_showroom" in finding.message
    assert "metric: ventes_showroom" in finding.rewrite.yaml


def test_kg201_proposes_the_same_day_a_year_before_for_a_daily_target_and_says_it_in_french():
    """"3 000 commandes par jour" by the end of June: the FROM is measured on 30 June 2025 (it was the 28th, every
    month being cut at 28 days), and French says "mesuré sur le 30 juin 2025", with its article."""
    from kpiguard._i18n import set_lang

    set_lang("fr")
    text = "kpis:\n  - {id: commandes, metric: orders, cadence: day, target: {to: 3000, by: 2026-06-30}}\n"
    [finding] = _findings(text, "KG201")
    assert "baseline: 2025-06-30" in finding.rewrite.yaml
    assert finding.rewrite.sentence.startswith("Passer de X (mesuré sur le 30 juin 2025) à ")
    weekly = "kpis:\n  - {id: commandes, metric: orders, cadence: week, target: {to: 20000, by: 2026-06-30}}\n"
    [finding] = _findings(weekly, "KG201")
    assert "(mesuré sur la semaine du 30 juin 2025)" in finding.rewrite.sentence


def test_kg306_does_not_count_the_owner_among_the_contributors():
    """The margin is owned by the comex, moved by sales, e-commerce and merchandising: the comex is its owner, not
    one of its contributors (the message listed it among them)."""
    text = """\
teams: {comex: {name: Comex}, ventes: {name: Ventes}, merch: {name: Merch}}
kpis:
  - {id: marge, metric: margin, level: outcome, owner: comex, contributors: [comex, ventes, merch],
     visibility: [comex, ventes, merch], baseline: 2025, target: {from: 14000000, to: 15500000, by: 2026-12-31}}
"""
    [finding] = _findings(text, "KG306")
    assert "has contributors (ventes, merch) besides its owner (comex) but no coordination" in finding.message


def test_kg305_names_the_hidden_contributors_apart_from_the_sentence():
    """One contributor left out of `visibility` read "not visible to its contributors achats", as if achats were
    the teams' common name; the teams are now named in brackets."""
    from kpiguard._i18n import set_lang

    set_lang("fr")
    text = """\
teams: {sedentaires: {name: Sédentaires}, web: {name: Web}, achats: {name: Achats}}
kpis:
  - {id: ca, metric: revenue, level: outcome, owner: sedentaires, contributors: [web, achats],
     visibility: [sedentaires, web], coordination: {cadence: month, forum: Comité}}
"""
    [finding] = _findings(text, "KG305")
    assert finding.message.startswith("'ca' est caché à des contributeurs (achats) : partagez le KPI")


def test_a_severity_written_in_french_gets_the_value_to_write(tmp_path):
    """`kpiguard lint --lang fr` prints « avertissement »: a lead who copies it into the configuration is told to
    write `warning`, in the spec's `lint:` section and in pyproject.toml alike."""
    import pytest

    from kpiguard._i18n import set_lang
    from kpiguard.errors import SpecError
    from kpiguard.spec import load_spec

    set_lang("fr")
    with pytest.raises(SpecError) as error:
        load_spec_text("lint:\n  severity: {KG102: avertissement, KG101: erreur}\nkpis: []\n", "kpis.yaml")
    messages = [d.message for d in error.value.diagnostics]
    assert messages[0].endswith("reçu 'avertissement' ; vouliez-vous dire 'warning' ?")
    assert messages[1].endswith("reçu 'erreur' ; vouliez-vous dire 'error' ?")
    (tmp_path / "pyproject.toml").write_text('[tool.kpiguard.lint]\nseverity = {KG102 = "avertissement"}\n')
    path = tmp_path / "kpis.yaml"
    path.write_text("kpis: []\n")
    with pytest.raises(SpecError) as error:
        lint(load_spec(path))
    assert error.value.diagnostics[0].message.endswith("reçu 'avertissement' (écrivez 'warning')")


def test_kg401_says_a_metric_to_lower_is_pushed_down():
    """A cost per box pushed down at the expense of churn read "pousse « Coût par box »", as if the cost rose."""
    from kpiguard._i18n import set_lang

    text = """\
teams: {ops: {name: Ops}, crm: {name: CRM}}
metrics:
  churn: {type: ratio, numerator: orders, denominator: active_customers, ratio_of: rate, direction: down}
  cost: {type: simple, table: orders, measure: sum(cost), kind: amount, direction: down}
  cost_per_box: {type: ratio, numerator: cost, denominator: orders, direction: down, tradeoffs: [churn]}
kpis:
  - {id: churn, metric: churn, owner: crm, baseline: 2025, target: {from: 7.5%, to: 6%, by: 2026-12-31}}
  - {id: cout-box, metric: cost_per_box, owner: ops, baseline: 2025, target: {from: 11.4, to: 10, by: 2026-12-31}}
"""
    [finding] = _findings(text, "KG401")
    assert finding.message.startswith("'cout-box' pushes cost_per_box down, which tends to degrade churn")
    set_lang("fr")
    [finding] = _findings(text, "KG401")
    assert finding.message.startswith("'cout-box' pousse « cost_per_box » à la baisse, ce qui tend à dégrader")


def test_kg204_on_a_cost_per_order_declared_a_rate_says_how_to_declare_an_average():
    """"Coût par commande de 6,80 € à 5,50 €" on a metric declared `ratio_of: rate`: 6.8 is not a percent without
    its sign but euros per order; the error says so (shipping cost, an amount, over orders, a count)."""
    text = """\
metrics:
  shipping: {type: simple, table: orders, measure: sum(shipping_cost), kind: amount, direction: down}
  cost_per_order: {type: ratio, numerator: shipping, denominator: orders, ratio_of: rate, direction: down}
  late: {type: simple, table: orders, measure: count(*), filter: late, kind: count, direction: down}
  late_rate: {type: ratio, numerator: late, denominator: orders, ratio_of: rate, direction: down}
kpis:
  - {id: cost, metric: cost_per_order, baseline: 2025, target: {from: 6.80, to: 5.50, by: 2026-12-31}}
  - {id: late, metric: late_rate, baseline: 2025, target: {from: 9, to: 5, by: 2026-12-31}}
"""
    cost, _ = [f for f in _findings(text, "KG204") if f.kpi_id == "cost"]
    assert cost.message.endswith("write 6.8% (or, if 6.8 is an amount per Orders, declare cost_per_order "
                                 "`ratio_of: average`: its `ratio_of: rate` makes it a percentage, yet it divides "
                                 "an amount, shipping, by a count)")
    late = [f for f in _findings(text, "KG204") if f.kpi_id == "late"]
    assert late and not any("ratio_of" in f.message for f in late)  # a count over a count is a percent indeed


def test_a_volume_per_cadence_period_is_said_per_period():
    """"2 M d'e-mails envoyés par mois" (cadence month): the TO is a month's volume, as the proposed baseline reads
    it; the rewrites said "Atteindre 2 000 000 e-mails d'ici fin juin 2026", as if it were a total."""
    from kpiguard._i18n import set_lang

    set_lang("fr")
    text = ("kpis:\n  - {id: envois, metric: emails_sent, cadence: month, baseline: 2025-12,"
            " target: {from: 1200000, to: 2000000, by: 2026-06-30}}\n"
            "  - {id: commandes, metric: orders, cadence: day, target: {to: 3000, by: 2026-06-30},"
            " guardrails: [{metric: aov, max_decrease: 5%}]}\n"
            "  - {id: ouverture, metric: email_open_rate, cadence: month, target: {to: 30%, by: 2026-06-30}}\n")
    [sends] = _findings(text, "KG103")
    assert sends.rewrite.sentence.startswith("Atteindre 2\u202f000\u202f000 e-mails par mois d'ici fin juin 2026")
    orders, rate = _findings(text, "KG201")
    assert "a un objectif (3\u202f000 commandes par jour) sans point de départ" in orders.message
    assert "à 3\u202f000 commandes de « Commandes » par jour d'ici fin juin 2026" in orders.rewrite.sentence
    assert "par mois" not in rate.message + rate.rewrite.sentence  # a rate's TO is not per anything


def test_kg310_flags_an_unowned_target_in_a_spec_that_names_teams_without_declaring_them():
    """Owners written as free text ("Équipe CRM", "Produit"), no `teams` section: a target nobody owns is the
    article's "no owner" all the same (it was flagged only when the teams were declared). A spec naming one team
    or none, kept by one person, still is not."""
    text = ("kpis:\n  - {id: ca-email, metric: email_revenue, owner: Équipe CRM, target: {to: 10}}\n"
            "  - {id: ecouler, metric: dormant_skus_cleared, owner: Produit, target: {to: 10}}\n"
            "  - {id: conversion, metric: conversion_rate, target: {from: 1.9%, to: 2.2%}}\n")
    [finding] = _findings(text, "KG310")
    assert finding.kpi_id == "conversion" and 'owner: "Équipe CRM"' in finding.rewrite.yaml
    alone = text.replace("owner: Produit", "owner: Équipe CRM")
    assert not _findings(alone, "KG310")


def test_fail_on_written_as_the_french_output_says_it_gets_the_value_to_type():
    """`--fail-on avertissement`, the word `kpiguard lint --lang fr` prints: the usage error names 'warning'."""
    from typer.testing import CliRunner

    import kpiguard.cli.lint  # noqa: F401 - registers `lint` on the app
    from kpiguard.cli import app

    result = CliRunner().invoke(app, ["--lang", "fr", "lint", "kpis.yaml", "--fail-on", "avertissement"])
    assert result.exit_code == 2
    assert "'avertissement' n'est pas l'une des valeurs 'error', 'warning', 'info', 'never' ; vouliez-vous dire " \
           "'warning' ?" in result.output


def test_kg201_and_kg202_rewrites_each_complete_both_so_pasting_one_after_the_other_loses_nothing():
    """"800 rendez-vous showroom par mois", neither FROM nor horizon: KG201's snippet asked only for a FROM and
    KG202's only for a horizon; pasted one after the other, the second took back what the first added."""
    import yaml

    text = "kpis:\n  - {id: rdv, metric: orders, baseline: 2025, target: {to: 800}}\n"
    [missing_from] = _findings(text, "KG201")
    [missing_by] = _findings(text, "KG202")
    for finding in (missing_from, missing_by):
        kpi, *_ = yaml.safe_load(finding.rewrite.yaml)  # (then the outcome KG301's `serves` names)
        assert kpi["target"] == {"from": None, "to": 800, "by": __import__("datetime").date(2026, 12, 31)}
        assert kpi["baseline"] == 2025
    assert "d'ici" not in missing_from.rewrite.sentence and missing_from.rewrite.sentence.endswith(
        "by the end of 2026")


def test_a_rate_written_without_its_percent_sign_is_quoted_as_written_by_the_other_findings():
    """"Taux d'ouverture à 30" (`to: 30`): KG204 says it reads as 3 000 %; KG201 repeated "un objectif (3 000 %)"
    as if the user had asked for it. It quotes 30, as written."""
    from kpiguard._i18n import set_lang

    set_lang("fr")
    text = "kpis:\n  - {id: ouverture, metric: email_open_rate, target: {to: 30, by: 2026-06-30}}\n"
    [missing_from] = _findings(text, "KG201")
    assert missing_from.message.startswith("'ouverture' a un objectif (30) sans point de départ : 30, est-ce bien")
    assert "3\u202f000" not in missing_from.rewrite.sentence
    [percent] = _findings(text, "KG204")
    assert "cela se lit 3\u202f000\u00a0% ; écrivez 30%" in percent.message


def test_kg303_does_not_call_the_owner_a_contributor():
    """Conversion owned by product, moved by delivery and support too: product was listed among "each
    contributor"; the teams are now those that move it, the owner first."""
    text = """\
teams: {produit: {name: Produit}, livraison: {name: Livraison}, support: {name: Support}}
kpis:
  - {id: conversion, metric: conversion_rate, level: outcome, owner: produit, contributors: [livraison, support],
     visibility: [produit, livraison, support], coordination: {cadence: month, forum: Revue},
     baseline: 2025, target: {from: 1.9%, to: 2.3%, by: 2026-12-31}}
"""
    [finding] = _findings(text, "KG303")
    assert "give each team that moves it (produit, livraison, support) an output" in finding.message
    assert "contributor (produit" not in finding.message


def test_a_from_to_sentence_says_the_unit_once():
    """"Passer de 12 000 unités à 8 400 unités": the unit word is said once, after the TO; euros keep theirs."""
    from kpiguard._i18n import set_lang

    set_lang("fr")
    text = ("kpis:\n  - {id: stocks, metric: dormant_stock_units, baseline: 2025-Q4,"
            " target: {from: 12000, to: 8400, by: 2026-03-31}}\n"
            "  - {id: panier, metric: aov, target: {from: 6.80, to: 5.50}}\n")
    [cut] = _findings(text, "KG105")
    assert cut.rewrite.sentence.startswith("Passer de 12\u202f000 à 8\u202f400 unités de « Stock dormant")
    [against] = _findings(text, "KG205")
    assert "va de 6,80\u00a0€ à 5,50\u00a0€" in against.message


def test_kg102_rewrite_writes_the_horizon_its_sentence_says():
    """`kpiguard check "Réduire le taux de désabonnement de 20 %"`: the sentence said "d'ici fin 2027" while the
    snippet wrote `by: ~`, and the unknown TO was written `~` with no note saying what goes there."""
    from datetime import date

    import yaml

    from kpiguard.language import check

    result = check("Reduce the unsubscribe rate by 20%", today=date(2026, 11, 28), lang="en")
    [finding] = [f for f in result.findings if f.code == "KG102"]
    snippet, *_ = yaml.safe_load(finding.rewrite.yaml)  # (then the outcome KG301's `serves` names)
    assert snippet["target"]["by"] == date(2027, 12, 31) and "by the end of 2027" in finding.rewrite.sentence
    assert "# to: the value to reach" in finding.rewrite.yaml
    text = "kpis:\n  - {id: devis, metric: creative_hit_rate, baseline: 2025, target: {to: 35%}}\n"
    [finding] = _findings(text, "KG102")
    assert "by: 2026-12-31" in finding.rewrite.yaml and "by the end of 2026" in finding.rewrite.sentence


def test_rewrites_list_the_metrics_not_to_degrade_with_ni_in_french():
    """"sans dégrader « Taux de désabonnement », « Taux d'ouverture »" lacked its « ni »; English says "or"."""
    from kpiguard._i18n import set_lang

    text = "kpis:\n  - {id: ca-email, metric: email_revenue, baseline: 2025, target: {from: 8, to: 10, by: 2026-12-31}}\n"
    [finding] = _findings(text, "KG106")
    assert finding.rewrite.sentence.endswith("without degrading Unsubscribe rate or Open rate")
    set_lang("fr")
    [finding] = _findings(text, "KG106")
    assert finding.rewrite.sentence.endswith("sans dégrader « Taux de désabonnement » ni « Taux d'ouverture »")
