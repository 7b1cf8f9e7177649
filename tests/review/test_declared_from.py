"""A declared FROM the data contradicts: progress is measured from the data, and a target the data already met
at baseline is a success not earned (docs/review.md, "Attainment and progress", "Verdicts")."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from typer.testing import CliRunner

from kpiguard.cli import _register, app

_register()
runner = CliRunner()

# Every day of 2025-01..2026-06: 6 e-mail orders, 2 ads orders, 1 social order (2 in 2026), 100 EUR each.
# E-mail share: 6/9 = 66.7 % in 2025; social share: 1/9 = 11.1 % in 2025; ads share 2/9 = 22.2 %.
SPEC = """\
version: 1
name: declared FROM
data:
  tables:
    orders: orders.csv
metrics:
  social_revenue: {type: simple, table: orders, measure: sum(revenue), filter: "utm_medium = 'social'", kind: amount}
  social_share: {type: ratio, numerator: social_revenue, denominator: revenue, ratio_of: share, unit: "%"}
  ads_revenue: {type: simple, table: orders, measure: sum(revenue), filter: "utm_medium = 'ads'", kind: amount}
  ads_share: {type: ratio, numerator: ads_revenue, denominator: revenue, ratio_of: share, unit: "%"}
kpis:
  - id: email-share
    metric: email_revenue_share
    level: outcome
    baseline: 2025
    target: {from: 18%, to: 25%, by: 2026-12-31}
    guardrails: [{metric: revenue, max_decrease: 5%}]
  - id: social-share
    metric: social_share
    level: output
    baseline: 2025
    target: {from: 40%, to: 45%, by: 2026-12-31}
    guardrails: [{metric: revenue, max_decrease: 5%}]
  - id: ads-share-down
    metric: ads_share
    level: output
    baseline: 2025
    target: {from: 30%, to: 25%, by: 2026-12-31}
    guardrails: [{metric: revenue, max_decrease: 5%}]
  - id: email-share-no-baseline
    metric: email_revenue_share
    level: output
    cadence: month
    target: {from: 18%, to: 25%, by: 2026-12-31}
  - id: ads-share-recurring
    metric: ads_share
    level: output
    baseline: 2025
    target: {from: 30%, to: 25%}
"""


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    root = tmp_path_factory.mktemp("declared-from")
    rows, n, day = ["order_id,customer_id,ordered_at,revenue,status,utm_medium"], 0, date(2025, 1, 1)
    while day < date(2026, 7, 1):
        for medium, count in (("email", 6), ("ads", 2), ("social", 2 if day.year == 2026 else 1)):
            for _ in range(count):
                n += 1
                rows.append(f"o{n},c{n},{day} 12:00:00,100,completed,{medium}")
        day += timedelta(days=1)
    (root / "orders.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (root / "kpis.yaml").write_text(SPEC, encoding="utf-8")
    return root / "kpis.yaml"


@pytest.fixture(scope="module")
def kpis(shop):
    result = runner.invoke(app, ["review", str(shop), "--as-of", "2026-06-30", "--format", "json"])
    assert result.exit_code == 0, result.output
    return {k["id"]: k for k in json.loads(result.stdout)["kpis"]}


def test_a_target_the_data_met_before_any_work_is_not_called_an_earned_success(kpis):
    k = kpis["email-share"]
    # 2025: 2190 e-mail orders of 3285; 2025-07..2026-06: 2190 of 3285 + 181 more social orders
    assert k["baseline"]["value"] == pytest.approx(2190 / 3285)
    assert k["current"]["value"] == pytest.approx(2190 / (3285 + 181))
    assert k["verdict"] == "healthy_success" and k["met_at_baseline"] is True
    assert k["attainment"] is None  # no share of a way that was never there to cover (it was 646 %)
    assert k["reasons"][0].startswith("Met at baseline, not earned: E-mail revenue share was already 66.7% over "
                                      "2025, past the target 25.0%, before the horizon began (the spec's FROM "
                                      "says 18.0%); it is 63.2% over Jul 2025 – Jun 2026 (\u22123.5\u00a0pts).")
    assert k["reasons_i18n"]["fr"][0].startswith("Atteint dès la référence, non gagné : ")
    assert any("progress is measured from the data's value" in r for r in k["reasons"])


def test_downwards_too_and_not_for_a_target_without_horizon(kpis):
    down = kpis["ads-share-down"]  # 22.2 % measured, "from 30 % to 25 %": already under the target
    assert down["verdict"] == "healthy_success" and down["met_at_baseline"] is True
    recurring = kpis["ads-share-recurring"]  # expected to hold every period: no news
    assert recurring["verdict"] == "healthy_success" and recurring["met_at_baseline"] is False


def test_a_declared_from_far_above_the_data_does_not_read_a_rise_as_a_fall(kpis):
    k = kpis["social-share"]
    base, cur = 365 / 3285, (181 * 2 + 184) / (3285 + 181)
    assert (k["baseline"]["value"], k["current"]["value"]) == (pytest.approx(base), pytest.approx(cur))
    # from the data's 11.1 %, not from the declared 40 % (which gave -485 %)
    assert k["attainment"] == pytest.approx((cur - base) / (0.45 - base))
    assert k["verdict"] == "off_track" and k["met_at_baseline"] is False
    assert "14% of the way from 11.1% to 45.0%" in k["reasons"][0]


def test_text_markdown_and_html_qualify_the_success_in_both_languages(shop, tmp_path):
    text = runner.invoke(app, ["review", str(shop), "--as-of", "2026-06-30"]).stdout
    assert "✔ email-share: healthy success (met at baseline, not earned)" in text
    assert "Outcome KPI email-share (E-mail revenue share): healthy success (met at baseline, not earned)." in text
    assert "social-share: off track" in text and "off track (met" not in text
    assert "5 KPIs: 2 healthy successes (met at baseline, not earned), 1 off track, 2 healthy successes" in text
    fr = runner.invoke(app, ["review", str(shop), "--as-of", "2026-06-30", "--format", "md", "--lang", "fr"]).stdout
    assert "succès sain (atteint dès la référence, non gagné)" in fr
    out = tmp_path / "r.html"
    assert runner.invoke(app, ["report", str(shop), "--as-of", "2026-06-30", "--out", str(out)]).exit_code == 0
    html = out.read_text(encoding="utf-8")
    assert "Healthy success (met at baseline, not earned)" in html
    assert "before any work: this success was not earned" in html
    assert "progress is measured from the measured baseline" in html
    # not in the colour of an earned success
    assert 'tone-neutral">Healthy success (met at baseline, not earned)' in html


def test_no_target_path_runs_from_a_baseline_already_past_the_target(kpis):
    # the path went from 66.7 % down to 25 % for a target upwards
    assert kpis["email-share"]["target_path"] == []
    assert kpis["social-share"]["target_path"][0]["value"] == pytest.approx(365 / 3285)


def test_without_a_baseline_period_the_declared_from_stays_the_start(kpis):
    # the month before the window (2026-05) is no start of the horizon: the FROM is the only record of it
    k = kpis["email-share-no-baseline"]
    assert k["baseline"]["implicit"] and k["baseline"]["from_mismatch"]
    assert k["attainment"] == pytest.approx((0.6 - 0.18) / 0.07)
    assert k["verdict"] == "healthy_success" and k["met_at_baseline"] is False
    assert not any("Met at baseline" in r for r in k["reasons"])
