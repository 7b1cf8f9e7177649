"""The report's view model: what a reader sees, derived from the review JSON, in the reader's language."""

from __future__ import annotations

import copy
import re

import pytest

from kpiguard._numbers import NBSP
from kpiguard.report import build_view

from .fixture import review_fixture


def _card(view, kpi_id):
    return next(c for c in view["kpis"] if c["id"] == kpi_id)


def test_the_answer_comes_first_with_its_numbers_and_tones():
    answer = build_view(review_fixture("en"), "en")["answer"]
    assert answer["better_off"] == "no" and answer["tone"] == "bad"
    # the numbers behind a "No" are the metrics that got worse: the repurchase rate that rose is no reason for it
    # (it read "... gross margin \u221218.3% and repurchase rate at 90 days +3.7%"); all three are in the numbers
    assert answer["headline"] == (
        "No: the company is not better off \u2014 revenue \u221218.2% and gross margin \u221218.3%."
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


def test_the_ratio_parts_are_described_in_their_own_units():
    """The parts chart's description read "E-mail revenue went from 262k to 268k": an amount without its currency."""
    review = review_fixture("fr")
    kpi = next(k for k in review["kpis"] if k["id"] == "email-share")
    kpi["decomposition"]["numerator"]["metric"] = "email_revenue"
    kpi["decomposition"]["denominator"]["metric"] = "revenue"
    desc = _card(build_view(review, "fr"), "email-share")["parts"]["desc"]
    assert re.search(r"passe de 711 k€ à 697 k€ .*passe de 4,02 M€ à 2,65 M€", desc.replace(NBSP, " ")), desc


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


def _month_end_path(start: str, values: list[float]) -> list[dict]:
    """A target path as the review writes it: the horizon's first day, then each month's last day."""
    import datetime as dt

    first = dt.date.fromisoformat(start)
    points = [{"date": start, "value": values[0]}]
    for i, value in enumerate(values[1:]):
        month = dt.date(first.year + (first.month + i) // 12, (first.month + i) % 12 + 1, 1)
        points.append({"date": (month - dt.timedelta(days=1)).isoformat(), "value": value})
    return points


def test_the_data_table_gives_each_months_target_next_to_its_value():
    """A monthly ratio under a monthly path: each month of the horizon reads its own expected value in the table
    (the path's points are month ends, the monthly values are dated by their first day)."""
    review = review_fixture("en")
    kpi = review["kpis"][2]  # value-per-email, monthly values to 2026-06
    kpi["target_path"] = _month_end_path("2026-01-01", [0.70, 0.74, 0.78, 0.82, 0.86, 0.90, 0.95])
    table = _card(build_view(review, "en"), "value-per-email")["trajectory"]["table"]
    targets = {row["month"]: row["target"] for row in table if row["target"]}
    assert targets == {"Jan 2026": "€0.74", "Feb 2026": "€0.78", "Mar 2026": "€0.82", "Apr 2026": "€0.86",
                       "May 2026": "€0.90", "Jun 2026": "€0.95"}


def test_a_target_met_at_baseline_is_a_level_not_a_path_running_backwards():
    """The data already beat the target over the baseline: the review draws no path, and the report does not
    invent one from the baseline down to a target behind it; the target is drawn as the level it is."""
    review = review_fixture("en")
    kpi = review["kpis"][2]
    kpi.update(met_at_baseline=True, verdict="healthy_success", target_path=[])
    kpi["target"] = {"from": None, "to": 0.6, "by": "2026-12-31"}
    path = _card(build_view(review, "en"), "value-per-email")["trajectory"]["target_path"]
    assert [p["value"] for p in path] == [0.6]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_chart_descriptions_read_right_with_one_kpi_one_link_or_one_point(lang):
    """"1 outcomes ; 1 liens", "1 points" were what a screen reader heard of a grid with one outcome and one
    arrow, of a chart with one month."""
    review = review_fixture(lang)
    review["kpis"] = [k for k in review["kpis"] if k["id"] in ("email-revenue", "gross-margin")]
    review["kpis"][0]["serves"] = ["gross-margin"]
    review["kpis"][0]["series"] = review["kpis"][0]["series"][-1:]  # one month of data
    view = build_view(review, lang)
    desc = view["grid"]["desc"]
    assert "1" in desc and "email-revenue → gross-margin" in desc
    assert not re.search(r"\b1 (inputs|outputs|outcomes|links|liens)\b", desc), desc
    trajectory = view["kpis"][0]["trajectory"]["desc"]
    assert len(view["kpis"][0]["trajectory"]["series"]) == 1
    assert not re.search(r"\b1 points\b", trajectory), trajectory


def _distinct_customers_review() -> dict:
    """Active customers judged over a year: 2025 counts 2,300 distinct customers, each month about 700 (a customer
    buys in several months, so the year is above every month and below their sum)."""
    review = review_fixture("en")
    kpi = review["kpis"][4]  # gross-margin, reshaped
    months = [f"2025-{m:02d}" for m in range(1, 13)] + [f"2026-{m:02d}" for m in range(1, 7)]
    kpi.update(metric="active_customers", metric_label="Active customers", unit="customers", kind="count",
               series=[{"period": m, "start": f"{m}-01", "value": 700.0 + 10 * i} for i, m in enumerate(months)],
               series_rolling=None, decomposition=None, met_at_baseline=False)
    kpi["baseline"].update(value=2300.0, start="2025-01-01", end="2026-01-01", period="2025")
    kpi["current"].update(value=1900.0, start="2026-01-01", end="2026-07-01", period="2026-H1")
    kpi["target"] = {"from": None, "to": 4000.0, "by": "2026-12-31"}
    kpi["target_path"] = _month_end_path("2026-01-01", [2300.0 + 140 * i for i in range(13)])
    return review


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_months_of_a_distinct_count_are_not_set_beside_its_yearly_target(lang):
    """712 active customers in January is not "behind" a target of 2,432 for the year: the table leaves the target
    out of a month's row, and the chart says its months are not on the target's scale."""
    trajectory = _card(build_view(_distinct_customers_review(), lang), "gross-margin")["trajectory"]
    assert trajectory["series_label"] == {"en": "Actual, per month (not the 12-month scale)",
                                          "fr": "Réel, par mois (pas l'échelle des 12 mois)"}[lang]
    assert [row["target"] for row in trajectory["table"]] == [""] * 18
    assert len(trajectory["target_path"]) == 13  # the target is still drawn, on its own scale


def test_a_level_count_keeps_its_months_beside_the_target():
    """A count that is a level (dormant SKUs at a date: about one month's value) is on the target's
    scale: its rows keep their target."""
    review = _distinct_customers_review()
    kpi = review["kpis"][4]
    kpi["baseline"]["value"] = 800.0  # the year's level is the last month's, not above every month
    trajectory = _card(build_view(review, "en"), "gross-margin")["trajectory"]
    assert trajectory["series_label"] == "Actual, per month"
    assert [row["target"] for row in trajectory["table"]][12:14] == ["2,440\u00a0customers", "2,580\u00a0customers"]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_company_tile_without_data_does_not_blame_too_few_cases(lang):
    """Reviewed before the data starts, revenue has no value: its tile says there is nothing to compare, not "too
    few cases to tell" (which is what a small sample is told)."""
    review = review_fixture(lang)
    metrics = review["company"]["metrics"]
    metrics[0].update(baseline=None, current=None, change=None, signal="unknown")
    metrics[1].update(baseline=0.0, current=5.0, change=None, signal="unknown")
    metrics[2].update(signal="unknown", sample={"cases": 12})
    labels = [n["signal_label"] for n in build_view(review, lang)["answer"]["numbers"]]
    assert labels == {"en": ["no data to compare", "from zero: no percentage", "too few cases to tell"],
                      "fr": ["pas de données à comparer", "partant de zéro : pas de pourcentage",
                             "trop peu de cas pour conclure"]}[lang]
