"""KPIs on weeks, days and horizons of a few weeks (docs/review.md, "How the review period is chosen"): the window
follows the target's, and a baseline of another length is scaled pro rata with its factor shown."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from typer.testing import CliRunner

from kpiguard.cli import _register, app

_register()
runner = CliRunner()

# 40 orders a day through 2026-01-25, 45 a day from 2026-01-26 to 2026-03-18 (the data's last day).
SPEC = """\
version: 1
data:
  tables:
    orders: orders.csv
kpis:
  - id: plus-10-in-3-weeks
    metric: orders
    level: output
    baseline: 2025-Q4
    target: {to: 4048, by: 2026-01-21}
    guardrails: [{metric: orders, min: 3000}]
  - id: active-in-3-weeks
    metric: active_customers
    level: output
    baseline: 2025-Q4
    target: {to: 5000, by: 2026-01-21}
  - id: baseline-running
    metric: orders
    level: output
    baseline: 2026-Q1
    target: {to: 3000, by: 2026-12-31}
  - id: per-week
    metric: orders
    level: output
    baseline: 2026-W02
    target: {to: 300, by: 2026-03-31}
    cadence: week
  - id: weekly-cadence-on-a-quarter
    metric: orders
    level: output
    baseline: 2025-Q4
    target: {to: 4000, by: 2026-12-31}
    cadence: week
"""


@pytest.fixture(scope="module")
def review(tmp_path_factory):
    root = tmp_path_factory.mktemp("weeks")
    rows, n, day = ["order_id,customer_id,ordered_at,revenue,status"], 0, date(2025, 9, 1)
    while day <= date(2026, 3, 18):
        for _ in range(40 if day < date(2026, 1, 26) else 45):
            n += 1
            rows.append(f"o{n},c{n},{day} 12:00:00,10,completed")
        day += timedelta(days=1)
    (root / "orders.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (root / "kpis.yaml").write_text(SPEC, encoding="utf-8")
    result = runner.invoke(app, ["review", str(root / "kpis.yaml"), "--format", "json"])
    assert result.exit_code == 0, result.output
    text = runner.invoke(app, ["review", str(root / "kpis.yaml"), "--format", "md"]).stdout
    return {k["id"]: k for k in json.loads(result.stdout)["kpis"]}, text, root / "kpis.yaml"


def test_a_horizon_of_three_weeks_is_judged_on_its_days_not_on_a_quarter_of_mostly_baseline(review):
    kpis, text, _ = review
    k = kpis["plus-10-in-3-weeks"]
    # 2026-01-01..21: 21 x 40 orders, vs 2025-Q4's 92 x 40 scaled by 21/92: flat, so +10 % is missed, from 840
    assert (k["current"]["start"], k["current"]["end"]) == ("2026-01-01", "2026-01-22")
    assert k["current"]["value"] == 840 and k["baseline"]["value"] == pytest.approx(840)
    assert k["baseline"]["scaled"] == pytest.approx(21 / 92) and k["baseline"]["pro_rata"]
    assert k["target"]["scaled_to"] == pytest.approx(4048 * 21 / 92)
    assert k["verdict"] == "missed" and k["attainment"] == pytest.approx(0)
    assert "840\u00a0orders (×0.228)" in text
    assert any("judged on 1–21 Jan 2026, the days since the baseline" in r for r in k["reasons"])
    # "at least 3,000 orders" is written over the quarter: over 21 days it is 3,000 x 21/92 (840 holds)
    (floor,) = k["guardrails"]
    assert floor["status"] == "ok" and floor["limit"] == pytest.approx(3000 * 21 / 92)
    assert floor["threshold"] == {"kind": "min", "value": 3000}
    assert "pro rata of 3,000\u00a0orders over the baseline's length" in floor["reason"]


def test_a_target_per_week_on_a_weeks_baseline_is_judged_on_the_last_complete_week(review):
    kpis, _, _ = review
    k = kpis["per-week"]
    assert k["current"]["period"] == "2026-W11" and k["baseline"]["scaled"] is None
    assert (k["baseline"]["value"], k["current"]["value"]) == (280, 315)  # 7 x 40, 7 x 45
    assert k["verdict"] == "healthy_success" and k["met_at_baseline"] is False


def test_a_weekly_cadence_on_a_quarter_keeps_the_quarters_length(review):
    kpis, _, _ = review
    k = kpis["weekly-cadence-on-a-quarter"]
    # 92 days to the last complete week (2025-12-14..2026-03-15): 43 x 40 + 49 x 45; not 2025-12-01..2026-03-15
    assert (k["current"]["start"], k["current"]["end"]) == ("2025-12-14", "2026-03-16")
    assert k["current"]["value"] == 43 * 40 + 49 * 45 and k["baseline"]["scaled"] is None
    assert k["target"]["scaled_to"] is None


def test_a_distinct_count_under_a_short_horizon_is_still_judged_on_its_baselines_length(review):
    kpis, _, _ = review
    k = kpis["active-in-3-weeks"]  # a customer per order: 92 days x 40 to the horizon
    assert (k["current"]["start"], k["current"]["end"]) == ("2025-10-22", "2026-01-22")
    assert k["current"]["value"] == 92 * 40 and k["verdict"] == "missed"


def test_the_report_draws_the_pro_rata_floor_and_names_the_written_one(tmp_path, review):
    _, _, spec = review
    out = tmp_path / "r.html"
    assert runner.invoke(app, ["report", str(spec), "--out", str(out)]).exit_code == 0
    html = out.read_text(encoding="utf-8")
    assert "at least 685\u00a0orders (3,000\u00a0orders over the baseline" in html


def test_a_baseline_not_over_yet_leaves_nothing_to_judge(review):
    # as of 2026-03-18 the baseline 2026-Q1 runs on: the window 2025-12..2026-02 precedes the horizon; it was a
    # "healthy success" against a quarter's baseline holding days after the as-of date
    kpis, _, _ = review
    k = kpis["baseline-running"]
    assert k["verdict"] == "not_evaluable" and k["attainment"] is None and k["expected_progress"] is None
    assert k["reasons"][0].startswith("Orders cannot be judged yet: its horizon begins on 1 Apr 2026, after the "
                                      "baseline Q1 2026")
    assert k["reasons_i18n"]["fr"][0].startswith("Commandes ne peut pas encore être jugé")
