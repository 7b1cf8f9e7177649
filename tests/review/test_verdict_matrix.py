"""Each verdict from a hand-made shop (tests/review/review_shop.py), with the numbers of the reasons checked."""

from __future__ import annotations

import json
import math
from datetime import date
from pathlib import Path

import pytest

from kpiguard import load_spec
from kpiguard.review import review
from kpiguard.review.verdict import VERDICTS

from .review_shop import write_shop

AS_OF = date(2026, 6, 30)
SCHEMA = Path(__file__).resolve().parents[2] / "docs" / "review.schema.json"


@pytest.fixture(scope="module")
def shop(tmp_path_factory) -> Path:
    return write_shop(tmp_path_factory.mktemp("shop"))


@pytest.fixture(scope="module")
def result(shop):
    return review(load_spec(shop), as_of=AS_OF)


def test_every_verdict_is_produced(result):
    assert result.verdicts == {
        "email-share": "toxic_success",
        "social-share": "hollow_success",
        "sms-healthy": "healthy_success",
        "sms-on-track": "on_track",
        "sms-seasonal": "on_track",
        "sms-off-track": "off_track",
        "sms-missed": "missed",
        "email-revenue": "off_track",
        "conversion": "not_evaluable",
    }
    assert set(result.verdicts.values()) == set(VERDICTS)


def test_toxic_success_is_also_hollow_and_says_both(result):
    kpi = result.kpi("email-share")
    # June: 200 e-mail orders of 950; May: 200 of 1250
    assert kpi.current_value == pytest.approx(200 / 950)
    assert kpi.baseline_value == pytest.approx(200 / 1250)
    assert kpi.window.current.label == "2026-06" and kpi.window.baseline.label == "2026-05"
    assert kpi.window.implicit_baseline
    text = "\n".join(kpi.reasons)
    assert kpi.reasons[0].startswith("Toxic success: E-mail revenue share met its target (21.1% over June 2026, "
                                     "target 20.0%) while a guardrail broke:")
    assert "Toxic success" in kpi.reasons[0] and "21.1%" in kpi.reasons[0] and "20.0%" in kpi.reasons[0]
    assert "Unsubscribe rate crossed its limit: 2.0% vs 0.50%" in text and "limit 0.60%" in text
    assert "p < 0.001" in text
    assert "also hollow" in text and "Had Revenue held, E-mail revenue share would be 16.0%" in text
    assert "the period of the same length just before June 2026" in text
    (unsub,) = kpi.guardrail_results
    assert unsub.status == "breached" and unsub.p_value < 0.001
    assert (unsub.baseline, unsub.current) == (pytest.approx(10 / 2000), pytest.approx(40 / 2000))


def test_hollow_success_numbers(result):
    kpi = result.kpi("social-share")
    decomposition = kpi.decomposition
    assert decomposition["type"] == "ratio"
    assert decomposition["numerator"] == {"metric": "social_revenue", "label": "social_revenue",
                                          "baseline": 10000.0, "current": 10000.0}
    assert decomposition["denominator"]["baseline"] == 125000.0 and decomposition["denominator"]["current"] == 95000.0
    assert decomposition["effects"]["numerator"] == pytest.approx(0.0, abs=1e-15)
    assert decomposition["effects"]["denominator"] == pytest.approx(100 / 950 - 100 / 1250)
    assert decomposition["counterfactual"] == pytest.approx(0.08)
    assert math.isclose(sum(decomposition["effects"].values()), decomposition["total"], rel_tol=1e-9)
    text = "\n".join(kpi.reasons)
    assert "moved +2.5\u00a0pts, 100% of it from the denominator" in text
    assert "would have needed €12.5k, it made €10.0k" in text
    # the open-rate guardrail is past its limit but not significantly: a warning, not a toxic success
    (opens,) = kpi.guardrail_results
    assert opens.status == "breached_not_significant"
    assert opens.p_value == pytest.approx(0.335, abs=0.001)
    assert "not significantly (p = 0.335" in text


def test_healthy_on_off_track_and_missed_numbers(result):
    healthy = result.kpi("sms-healthy")
    assert healthy.window.current.label == "2026-H1" and healthy.current_value == 90000
    assert healthy.baseline_value == 60000 and healthy.attainment == pytest.approx(30000 / 25000)
    assert healthy.guardrail_results[0].status == "ok"
    assert "€90.0k over H1 2026 (target €85.0k" in healthy.reasons[0]

    on = result.kpi("sms-on-track")
    assert on.attainment == pytest.approx(0.6)
    assert on.expected_progress == pytest.approx(181 / 365)  # 2026-01-01 -> 2026-07-01 of the year 2026
    assert "60% of the way from €60.0k to €110.0k; 50% was expected by now" in on.reasons[0]

    # the same KPI paced by last year's months (flat: 100 SMS orders a month) expects exactly half by June
    seasonal = result.kpi("sms-seasonal")
    assert seasonal.progress_basis == "seasonal" and seasonal.expected_progress == pytest.approx(0.5)
    assert "pace weighted by last year's seasonality" in seasonal.reasons[0]

    off = result.kpi("sms-off-track")
    # its FROM (50 k) is not what the data says for 2025-H2 (60 k): said, and progress starts from the data
    assert off.attainment == pytest.approx(30000 / 140000) and off.from_mismatch
    assert "21% of the way from €60.0k to €200.0k" in off.reasons[0]
    assert any("FROM (€50.0k) differs from the data over H2 2025 (€60.0k, +20.0%)" in r for r in off.reasons)

    missed = result.kpi("sms-missed")
    assert missed.window.current.label == "2026-Q1" and missed.window.at_deadline
    assert missed.current_value == 45000
    assert "the horizon 31 Mar 2026 has passed" in missed.reasons[0] and "short of €50.0k" in missed.reasons[0]


def test_a_review_on_the_horizons_own_day_says_it_has_come(shop):
    on_the_day = review(load_spec(shop), as_of=date(2026, 3, 31)).kpi("sms-missed")
    assert on_the_day.verdict == "missed"
    # it said "has passed" on the horizon's own day
    assert "the horizon 31 Mar 2026 has come" in on_the_day.reasons[0]
    assert any(r.startswith("The review date is the horizon (31 Mar 2026)") for r in on_the_day.reasons)


def test_drivers_decomposition_of_email_revenue(result):
    kpi = result.kpi("email-revenue")
    # flat e-mail revenue (120 kEUR a half-year), 15 000 -> 12 000 e-mails sent, 8 -> 10 EUR per e-mail
    d = kpi.decomposition
    assert d["type"] == "drivers"
    sent, per_email = d["drivers"]
    assert (sent["metric"], sent["baseline"], sent["current"]) == ("emails_sent", 15000, 12000)
    assert (per_email["baseline"], per_email["current"]) == (pytest.approx(8.0), pytest.approx(10.0))
    assert sent["additive"] == pytest.approx(120000 * math.log(0.8))
    assert per_email["additive"] == pytest.approx(120000 * math.log(1.25))
    assert sent["additive"] + per_email["additive"] == pytest.approx(d["total_additive"], abs=1e-6)
    assert sent["multiplicative"] * per_email["multiplicative"] == pytest.approx(d["total_multiplicative"])
    assert kpi.guardrail_results[0].status == "ok"  # 12 000 e-mails >= the 10 000 floor


def test_not_evaluable_names_the_missing_table(result):
    kpi = result.kpi("conversion")
    assert kpi.current_value is None
    assert "sessions" in kpi.reasons[0] and "cannot be evaluated" in kpi.reasons[0]
    # the other KPIs were computed all the same
    assert result.kpi("email-share").current_value is not None


def test_company_is_worse_off(result):
    assert result.better_off == "no"
    assert result.period.label == "2026-Q2" and result.company_baseline.label == "2025-Q2"
    revenue = next(m for m in result.company_metrics if m.metric == "revenue")
    assert (revenue.current, revenue.baseline) == (345000, 360000)
    assert "Revenue: €345.0k over Q2 2026 vs €360.0k over Q2 2025 (\u22124.2%, worse)." in result.company_reasons


def test_reasons_in_french(result):
    kpi = result.kpi("email-share").to_dict()
    fr = "\n".join(kpi["reasons_i18n"]["fr"])
    assert "Succès toxique" in fr and "21,1\u00a0%" in fr and "Il est aussi creux" in fr
    company = result.to_dict()["company"]
    assert company["reasons_i18n"]["fr"][0].startswith("Non :")


def test_json_matches_the_schema(result):
    jsonschema = pytest.importorskip("jsonschema")
    data = json.loads(json.dumps(result.to_dict(), allow_nan=False))
    jsonschema.validate(data, json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert data["schema_version"] == "1"
    assert [k["verdict"] for k in data["kpis"]][:2] == ["toxic_success", "hollow_success"]


def test_dataframe_view(result):
    frame = result.to_frame()
    assert frame.loc["sms-healthy", "verdict"] == "healthy_success"
    assert frame.loc["email-share", "guardrails_breached"] == 1


def test_the_package_is_callable_as_the_issue_writes_it(shop):
    import kpiguard.review

    assert kpiguard.review(load_spec(shop), as_of=AS_OF).verdicts["sms-missed"] == "missed"


def test_series_and_target_path(result):
    data = result.kpi("sms-on-track").to_dict()
    assert [p["period"] for p in data["series"]][:2] == ["2025-07", "2025-08"]
    assert data["series"][-1]["period"] == "2026-06" and data["series"][-1]["value"] == 15000
    path = data["target_path"]
    assert path[0] == {"date": "2026-01-01", "value": 60000}
    assert path[-1]["date"] == "2026-12-31" and path[-1]["value"] == pytest.approx(110000)


def test_values_are_reproducible_in_sql(shop, result):
    duckdb = pytest.importorskip("duckdb")
    folder = shop.parent
    email, total = duckdb.sql(
        f"select sum(revenue) filter (where utm_medium = 'email'), sum(revenue) from '{folder}/orders.parquet' "
        "where ordered_at >= '2026-06-01' and ordered_at < '2026-07-01' and coalesce(status, 'completed') = "
        "'completed'").fetchall()[0]
    assert result.kpi("email-share").current_value == pytest.approx(email / total)
    sent, unsub = duckdb.sql(
        f"select count(*) filter (where event = 'sent'), count(distinct (campaign_id, customer_id)) filter "
        f"(where event = 'unsubscribe') from '{folder}/email_events.parquet' "
        "where event_at >= '2026-06-01' and event_at < '2026-07-01'").fetchall()[0]
    assert result.kpi("email-share").guardrail_results[0].current == pytest.approx(unsub / sent)


def test_forced_period_and_immature_cohort(shop):
    spec = load_spec(shop)
    from kpiguard.spec.periods import parse_period

    forced = review(spec, period=parse_period("2026-06"))
    sms = forced.kpi("sms-healthy")
    # a month judged against a half-year baseline: the baseline's sums are scaled to the month's length
    assert sms.window.scaled == pytest.approx(30 / 184)
    assert sms.baseline_value == pytest.approx(60000 * 30 / 184)
    assert any("scaled by" in r for r in sms.reasons)


@pytest.mark.parametrize("period", ["2025-Q3", "2025-H2"])
def test_a_forced_period_before_the_horizon_is_not_judged(shop, period):
    # --period 2025-Q3 (inside the baseline 2025-H2, before the horizon that starts on 2026-01-01) read "on track:
    # 0% of the way; 0% was expected by now", as if the horizon had begun
    from kpiguard.spec.periods import parse_period

    forced = review(load_spec(shop), period=parse_period(period))
    sms = forced.kpi("sms-healthy")
    assert sms.verdict == "not_evaluable" and sms.attainment is None and sms.expected_progress is None
    said = {"2025-Q3": "Q3 2025", "2025-H2": "H2 2025"}[period]
    assert sms.reasons[0] == (f"sms_revenue is not judged over {said}: its horizon begins on 1 Jan 2026, after the "
                              f"baseline H2 2025, and {said} ends before it, so there is no progress to judge; "
                              "choose a period after 1 Jan 2026 (--period).")
    # a KPI without a baseline period has no horizon start: it is still judged against the period before
    assert forced.kpi("email-share").verdict != "not_evaluable"
