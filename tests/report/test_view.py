"""The report's view model: what a reader sees, derived from the review JSON, in the reader's language."""

from __future__ import annotations

import copy

import pytest

from kpiguard._numbers import NBSP
from kpiguard.report import build_view

from .fixture import review_fixture


def _card(view, kpi_id):
    return next(c for c in view["kpis"] if c["id"] == kpi_id)


def test_the_answer_comes_first_with_its_numbers_and_tones():
    answer = build_view(review_fixture("en"), "en")["answer"]
    assert answer["better_off"] == "no" and answer["tone"] == "bad"
    assert answer["headline"] == (
        "No: the company is not better off \u2014 revenue \u221218.2%, gross margin \u221218.3% and "
        "repurchase rate at 90 days +3.7%."
    )
    assert [n["change"] for n in answer["numbers"]] == ["\u221218.2%", "\u221218.3%", "+3.7%"]
    assert [n["tone"] for n in answer["numbers"]] == ["bad", "bad", "good"]


def test_a_fall_is_good_news_for_a_metric_that_should_go_down():
    review = review_fixture("en")
    review["company"]["metrics"] = [
        {
            "metric": "email_unsubscribe_rate",
            "label": "Unsubscribes",
            "baseline": 0.004,
            "current": 0.003,
            "change": -0.25,
            "direction": "down",
        }
    ]
    assert build_view(review, "en")["answer"]["numbers"][0]["tone"] == "good"


def test_every_kpi_gets_a_card_with_its_verdict_in_the_language():
    view = build_view(review_fixture("fr"), "fr")
    assert [c["id"] for c in view["kpis"]] == [k["id"] for k in review_fixture("fr")["kpis"]]
    assert {c["id"]: c["verdict_label"] for c in view["kpis"]} == {
        "email-share": "Succès creux",
        "email-revenue": "Succès toxique",
        "value-per-email": "Succès sain",
        "repurchase-90d": "En retard",
        "gross-margin": "Non évaluable",
        "dormant-stock": "Manqué",
        "creative-concepts": "Succès sain",
    }


def test_hollow_success_shows_the_denominator_falling_under_a_flat_numerator():
    parts = _card(build_view(review_fixture("en"), "en"), "email-share")["parts"]
    assert parts["hollow"] is True
    assert parts["numerator_label"] == "E-mail revenue" and parts["denominator_label"] == "Revenue"
    assert parts["numerator"][-1]["value"] == pytest.approx(98.1, abs=1)  # flat
    assert parts["denominator"][-1]["value"] < 70  # fell by a third
    assert parts["ratio"][-1]["value"] > 140
    assert "17.4%" in parts["notes"][1]


def test_a_yearly_amount_is_compared_on_a_rolling_total_not_on_months():
    trajectory = _card(build_view(review_fixture("en"), "en"), "email-revenue")["trajectory"]
    assert trajectory["series_label"] == "Actual, rolling 12 months"
    assert trajectory["series"][0] == {"date": "2025-12-31", "value": pytest.approx(8.53e6)}
    assert len(trajectory["series"]) == 7


def test_a_rate_is_plotted_per_month():
    trajectory = _card(build_view(review_fixture("en"), "en"), "repurchase-90d")["trajectory"]
    assert trajectory["series_label"] == "Actual, per month"
    assert len(trajectory["series"]) == 16  # the two immature months are left out, not drawn as zero


def test_guardrail_thresholds_are_drawn_at_the_right_level():
    card = _card(build_view(review_fixture("en"), "en"), "email-revenue")
    unsub, opens, revenue = card["guardrails"]
    assert unsub["chart"]["threshold"] == pytest.approx(0.00304 * 1.2) and unsub["chart"]["bound"] == "upper"
    assert opens["chart"]["threshold"] == pytest.approx(0.303 * 0.9) and opens["chart"]["bound"] == "lower"
    assert revenue["limit"] == "no fall"  # `max_decrease: 0%`, not "at most 0.0% down"
    assert unsub["status_label"] == "breached" and unsub["tone"] == "bad"


def test_the_review_limit_wins_over_a_recomputed_one():
    review = review_fixture("en")
    review["kpis"][1]["guardrails"][0]["limit"] = 0.0042
    card = _card(build_view(review, "en"), "email-revenue")
    assert card["guardrails"][0]["chart"]["threshold"] == 0.0042


def test_sentences_are_taken_in_the_report_language_when_the_review_gives_both():
    review = review_fixture("en")
    review["lang"] = "en"
    review["company"]["reasons_i18n"] = {"en": ["Revenue fell."], "fr": ["Le CA a baissé."]}
    review["kpis"][0]["reasons_i18n"] = {"en": ["Hollow."], "fr": ["Creux."]}
    review["kpis"][1]["guardrails"][0]["reason_i18n"] = {"en": ["Above."], "fr": "Au-delà."}
    view = build_view(review, "fr")
    assert view["answer"]["reasons"] == ["Le CA a baissé."]
    assert view["kpis"][0]["reasons"] == ["Creux."]
    assert view["kpis"][1]["guardrails"][0]["reason"] == "Au-delà."
    # labels written by an English review are replaced by the catalog's French ones
    assert view["kpis"][0]["metric_label"] == "Part du CA email"


def test_the_grid_places_each_kpi_and_names_outputs_that_serve_nothing():
    grid = build_view(review_fixture("en"), "en")["grid"]
    levels = {n["id"]: n["level"] for n in grid["nodes"]}
    assert levels["creative-concepts"] == "input" and levels["gross-margin"] == "outcome"
    assert grid["unlinked"] == "Outputs that serve no outcome: email-share."
    assert [c["control"] for c in grid["columns"]] == ["Control: high", "Control: medium", "Control: low"]


def test_links_to_unknown_kpis_are_not_drawn():
    review = review_fixture("en")
    review["kpis"][0]["serves"] = ["no-such-kpi"]
    assert all(link["to"] != "no-such-kpi" for link in build_view(review, "en")["grid"]["links"])


def test_team_view_shows_who_owns_contributes_and_sees():
    review = review_fixture("en")
    review["spec"]["teams"] = {"crm": "CRM", "product": "Product and merchandising"}
    team = build_view(review, "en")["team"]
    assert team["teams"][:2] == ["CRM", "Product and merchandising"]
    row = next(r for r in team["rows"] if r["id"] == "repurchase-90d")
    roles = dict(zip(team["teams"], (c["role"] for c in row["cells"])))
    assert roles["CRM"] == "owner" and roles["Product and merchandising"] == "contributor"
    assert roles["acquisition"] == "sees" and roles["leadership"] == ""


def test_findings_keep_their_location_and_rewrite():
    findings = build_view(review_fixture("fr"), "fr")["findings"]
    first = findings["items"][0]
    assert first["where"] == "examples/kpis.example.yaml:63:5"
    assert first["severity_label"] == "erreur"
    assert first["rewrite"].startswith("Passer de 8 à 10 M€") and "email_revenue" in first["yaml"]
    assert findings["items"][1]["where"] == "" and findings["items"][1]["rewrite"] is None


def test_french_numbers_on_cards():
    card = _card(build_view(review_fixture("fr"), "fr"), "value-per-email")
    values = {f["label"]: f["value"] for f in card["facts"]}
    assert values["DE (déclaré)"] == f"0,70{NBSP}€"
    assert values["Avancement"] == f"56{NBSP}% du chemin, 50{NBSP}% attendus"


def test_a_sparse_review_still_builds():
    review = {
        "schema_version": "1",
        "kpis": [{"id": "k", "verdict": "weird", "series": [{"start": "2026-01-01", "value": None}]}],
    }
    view = build_view(review, "en")
    assert view["kpis"][0]["verdict"] == "not_evaluable"
    assert view["answer"]["better_off"] == "unclear"
    assert view["findings"]["items"] == []


def test_the_view_does_not_modify_the_review():
    review = review_fixture("en")
    before = copy.deepcopy(review)
    build_view(review, "fr")
    assert review == before


def test_a_rolling_total_is_not_drawn_over_a_missing_month():
    review = review_fixture("en")
    review["kpis"][1]["series"][14]["value"] = None  # 2026-03 unknown
    trajectory = _card(build_view(review, "en"), "email-revenue")["trajectory"]
    assert [p["date"] for p in trajectory["series"]] == ["2025-12-31", "2026-01-31", "2026-02-28"]


def test_a_seasonal_expectation_says_so():
    review = review_fixture("fr")
    review["kpis"][2]["progress_basis"] = "seasonal"
    facts = {f["label"]: f["value"] for f in _card(build_view(review, "fr"), "value-per-email")["facts"]}
    assert facts["Avancement"].endswith("attendus (trajectoire saisonnière)")


def test_a_rolling_total_that_does_not_match_the_judged_value_is_not_drawn():
    # a count of distinct things over a year is not the sum of twelve monthly counts: draw months as they are
    review = review_fixture("en")
    review["kpis"][1]["current"]["value"] = 9.5e6
    trajectory = _card(build_view(review, "en"), "email-revenue")["trajectory"]
    assert trajectory["series_label"] == "Actual, per month" and len(trajectory["series"]) == 18


def test_an_additive_guardrail_is_compared_on_the_same_window_as_its_limit():
    card = _card(build_view(review_fixture("en"), "en"), "email-revenue")
    revenue = card["guardrails"][2]["chart"]
    assert revenue["series_label"] == "Actual, rolling 12 months"
    assert revenue["series"][0]["value"] == pytest.approx(48.3e6)
    assert revenue["series"][-1]["value"] == pytest.approx(43.95e6)
    assert card["guardrails"][0]["chart"]["series_label"] == "Actual, per month"  # a rate is not summed
