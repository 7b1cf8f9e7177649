"""The cannibalisation reason weighs a KPI on a part of a company metric against that metric over the KPI's own
periods (its window and its baseline), not over the company's last three months (docs/review.md, item 8)."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from typer.testing import CliRunner

from kpiguard.cli import _register, app

_register()
runner = CliRunner()

SPEC = """\
version: 1
data:
  tables:
    orders: orders.csv
metrics:
  ads_revenue: {type: simple, table: orders, measure: sum(revenue), filter: "utm_medium = 'ads'", kind: amount}
kpis:
  - id: email-rev
    metric: email_revenue
    level: output
    baseline: 2025-H1
    target: {from: 36200, to: 60000, by: 2026-12-31}
    guardrails: [{metric: margin, max_decrease: 50%}]
  - id: ads-rev
    metric: ads_revenue
    level: output
    baseline: 2025-H1
    target: {from: 144800, to: 150000, by: 2026-12-31}
"""


def _shop(root, per_day) -> str:
    """Orders of 100 EUR every day of 2025-01..2026-06, `per_day(day)` giving (e-mail, ads) counts."""
    rows, n, day = ["order_id,customer_id,ordered_at,revenue,margin,status,utm_medium"], 0, date(2025, 1, 1)
    while day < date(2026, 7, 1):
        for medium, count in zip(("email", "ads"), per_day(day), strict=True):
            for _ in range(count):
                n += 1
                rows.append(f"o{n},c{n},{day} 12:00:00,100,30,completed,{medium}")
        day += timedelta(days=1)
    (root / "orders.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (root / "kpis.yaml").write_text(SPEC, encoding="utf-8")
    result = runner.invoke(app, ["review", str(root / "kpis.yaml"), "--as-of", "2026-06-30", "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["company"]


def test_a_gain_over_a_half_year_when_revenue_was_flat_over_it_but_grew_lately(tmp_path):
    # 2025: 2 e-mail + 8 ads orders a day; 2026-Q1: 4 + 5; 2026-Q2: 4 + 7. Revenue over 2026-H1 is 181,100
    # (90 x 9 + 91 x 11 orders) vs 181,000 over 2025-H1: flat; over 2026-Q2 vs 2025-Q2 it grew 10 %.
    company = _shop(tmp_path, lambda d: (2, 8) if d.year == 2025 else (4, 5) if d.month <= 3 else (4, 7))
    assert ("KPI email-rev (E-mail revenue) grew by +€36.2k over H1 2026 vs H1 2025 while Revenue, of which it is "
            "a part, did not improve over the same periods (€181.1k vs €181.0k, +0.1%): its gain looks taken from "
            "other sales rather than added to the company's.") in company["reasons"]
    assert ("Over the same periods, the KPIs that lost what email-rev gained: ads-rev (ads_revenue, \u2212€36.1k)."
            in company["reasons"])
    assert any("dont il est une part, ne progresse pas sur les mêmes périodes (181,1\u00a0k€" in r
               for r in company["reasons_i18n"]["fr"])


def test_the_gaining_and_the_losing_kpis_each_say_it_where_their_verdict_is_read(tmp_path):
    # the same shop: e-mail revenue +€36.2k while revenue held flat (€181.1k vs €181.0k) over the same half-years
    _shop(tmp_path, lambda d: (2, 8) if d.year == 2025 else (4, 5) if d.month <= 3 else (4, 7))
    result = runner.invoke(app, ["review", str(tmp_path / "kpis.yaml"), "--as-of", "2026-06-30", "--format", "json"])
    kpis = {k["id"]: k for k in json.loads(result.stdout)["kpis"]}
    # the e-mail KPI's card said only "Target met ..." (healthy): the answer's reasons were the only place
    assert kpis["email-rev"]["verdict"] == "healthy_success"
    assert any(r.startswith("KPI email-rev (E-mail revenue) grew by +€36.2k over H1 2026 vs H1 2025 while Revenue")
               and "its gain looks taken from other sales" in r for r in kpis["email-rev"]["reasons"])
    assert "Over the same periods, the KPIs that lost what email-rev gained: ads-rev (ads_revenue, \u2212€36.1k)." \
        in kpis["email-rev"]["reasons"]
    assert ("Over the same periods, KPI email-rev (E-mail revenue) gained +€36.2k of the same revenue, which did "
            "not improve (+0.1%): part of this KPI's \u2212€36.1k may have gone there rather than been lost to the "
            "company.") in kpis["ads-rev"]["reasons"]
    assert any(r.startswith("Sur les mêmes périodes, le KPI email-rev (") and "a gagné +36,2\u00a0k€ du même "
               "chiffre d'affaires" in r for r in kpis["ads-rev"]["reasons_i18n"]["fr"])


def test_no_cannibalisation_when_revenue_grew_over_the_kpis_own_periods(tmp_path):
    # 2026-Q1: 4 + 10 orders a day, 2026-Q2: 4 + 6: revenue +20 % over 2026-H1, flat over 2026-Q2 vs 2025-Q2
    company = _shop(tmp_path, lambda d: (2, 8) if d.year == 2025 else (4, 10) if d.month <= 3 else (4, 6))
    revenue = next(m for m in company["metrics"] if m["metric"] == "revenue")
    assert revenue["signal"] == "flat"
    assert not any("taken from" in r for r in company["reasons"])


@pytest.mark.parametrize(("to", "verdict", "says"), [
    # revenue over 2026-H1: 181 days x 12 orders x 100 = 217,200, from 181,000: 95 % of the way to 219,000
    (219000, "on_track", "this KPI's progress may owe something to a broken guardrail"),
    # ... and 9 % of the way to 600,000: it made no progress to pay for; what broke may be why it is behind
    (600000, "off_track", "what they broke (a guardrail, or a denominator that shrank) may be part of why this "
                          "KPI is behind"),
])
def test_an_outcome_served_by_a_toxic_success_says_so(tmp_path, to, verdict, says):
    # the e-mail KPI serves the revenue outcome and breaks its margin guardrail (a 50 % fall is allowed: set 0 %)
    spec = SPEC.replace("max_decrease: 50%", "max_decrease: 0%").replace(
        "    target: {from: 36200, to: 60000, by: 2026-12-31}\n    guardrails",
        "    target: {from: 36200, to: 60000, by: 2026-12-31}\n    serves: [rev]\n    guardrails") + """\
  - id: rev
    metric: revenue
    level: outcome
    baseline: 2025-H1
    target: {from: 181000, to: __TO__, by: 2026-12-31}
""".replace("__TO__", str(to))
    rows, n, day = ["order_id,customer_id,ordered_at,revenue,margin,status,utm_medium"], 0, date(2025, 1, 1)
    while day < date(2026, 7, 1):
        for medium, count in (("email", 2 if day.year == 2025 else 4), ("ads", 8)):
            for _ in range(count):
                n += 1
                rows.append(f"o{n},c{n},{day} 12:00:00,100,{30 if day.year == 2025 else 10},completed,{medium}")
        day += timedelta(days=1)
    (tmp_path / "orders.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (tmp_path / "kpis.yaml").write_text(spec, encoding="utf-8")
    result = runner.invoke(app, ["review", str(tmp_path / "kpis.yaml"), "--as-of", "2026-06-30", "--format", "json"])
    kpis = {k["id"]: k for k in json.loads(result.stdout)["kpis"]}
    assert kpis["email-rev"]["verdict"] == "toxic_success"
    assert kpis["rev"]["verdict"] == verdict
    assert ("Served by KPIs whose success is toxic or hollow: email-rev (E-mail revenue, toxic success)"
            in kpis["rev"]["reasons"][-1])
    assert says in kpis["rev"]["reasons"][-1]
    assert kpis["rev"]["reasons_i18n"]["fr"][-1].startswith("Servi par des KPI dont le succès est toxique ou creux")
