"""The company's answer reads its repurchase rate as a rate guardrail is read: a fall that chance alone gives on
its first-time customers is flat (within noise), not "worse" (hand-made shops, every number by hand in SQL)."""

from __future__ import annotations

import calendar
import json
import math
from datetime import date, timedelta

import duckdb
import pytest
from typer.testing import CliRunner

from kpiguard.cli import _register, app
from kpiguard.review.company import CompanyMetric, KpiSignal, answer

_register()
runner = CliRunner()

SPEC = """version: 1
name: hand
currency: EUR
timezone: UTC
data:
  tables:
    orders: orders.csv
kpis:
  - id: orders
    metric: orders
    baseline: 2025-Q4
    target: {from: 300, to: 330, by: 2026-12-31}
"""
Q3 = ((7, 8, 9))


def write_shop(folder, new, back):
    """From July 2025 to December 2026, `new(y, m)` first-time customers a month, one order of 100 EUR each, spread
    over the month; the first `back(y, m)` of them order again 20 days later (a repurchase within 90 days)."""
    rows = ["order_id,customer_id,ordered_at,revenue,status"]
    months = [(2025, m) for m in range(7, 13)] + [(2026, m) for m in range(1, 13)]
    for y, m in months:
        n, length = new(y, m), calendar.monthrange(y, m)[1]
        for i in range(n):
            day = date(y, m, length - (i * length) // n)
            rows.append(f"o{y}{m:02}-{i},c{y}{m:02}-{i},{day} 12:00:00,100,completed")
            again = day + timedelta(days=20)
            if i < back(y, m) and again.year < 2027:
                rows.append(f"o{y}{m:02}-{i}b,c{y}{m:02}-{i},{again} 12:00:00,100,completed")
    (folder / "orders.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (folder / "kpis.yaml").write_text(SPEC, encoding="utf-8")
    return folder / "kpis.yaml"


def cohort(folder, start: str, end: str) -> tuple[int, int]:
    """(first-time customers of [start, end), those of them who ordered again on a later day within 90 days)."""
    return duckdb.sql(f"""
        with o as (select customer_id, cast(ordered_at as date) as d from read_csv('{folder / 'orders.csv'}')
                   where status = 'completed'),
             f as (select customer_id, min(d) as d from o group by customer_id)
        select count(*), count(*) filter (where exists (select 1 from o where o.customer_id = f.customer_id
                                                        and o.d > f.d and o.d <= f.d + 90))
        from f where f.d >= '{start}' and f.d < '{end}'""").fetchall()[0]


def wald_p(x0: int, n0: int, x1: int, n1: int) -> float:
    """One-sided p-value of the two-proportion Wald z, on the side the rate moved."""
    p0, p1 = x0 / n0, x1 / n1
    z = (p1 - p0) / math.sqrt(p1 * (1 - p1) / n1 + p0 * (1 - p0) / n0)
    return 0.5 * math.erfc(abs(z) / math.sqrt(2))


def review_json(spec) -> dict:
    result = runner.invoke(app, ["review", str(spec), "--as-of", "2026-12-31", "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_a_repurchase_rate_that_fell_within_noise_does_not_make_a_growing_company_unclear(tmp_path):
    # Q3 2025: 300 first-time customers, 90 back (30.0 %); Q3 2026: 320, 88 back (27.5 %, -2.5 pts, -8.3 %):
    # z = -0.025 / sqrt(.275 x .725 / 320 + .3 x .7 / 300) = -0.69, p = 0.25: chance. Revenue: 120 first orders a
    # month in 2026-Q4 against 100 in 2025-Q4, +20 %. It read "unclear: the signals disagree" (the rate "worse").
    new = lambda y, m: {(2026, 7): 107, (2026, 8): 107, (2026, 9): 106}.get((y, m), 120 if (y, m) >= (2026, 10) else 100)
    back = lambda y, m: {(2026, 7): 30, (2026, 8): 29, (2026, 9): 29}.get((y, m), 30)
    spec = write_shop(tmp_path, new, back)
    (n0, x0), (n1, x1) = cohort(tmp_path, "2025-07-01", "2025-10-01"), cohort(tmp_path, "2026-07-01", "2026-10-01")
    assert (n0, x0, n1, x1) == (300, 90, 320, 88)
    company = review_json(spec)["company"]
    rate = next(m for m in company["metrics"] if m["metric"] == "repurchase_rate_90d")
    assert (rate["baseline_period"], rate["period"]) == ("2025-Q3", "2026-Q3")
    assert rate["baseline"] == pytest.approx(x0 / n0) and rate["current"] == pytest.approx(x1 / n1)
    assert rate["signal"] == "flat" and rate["within_noise"] is True
    assert rate["p_value"] == pytest.approx(wald_p(x0, n0, x1, n1), rel=1e-9)
    assert rate["cases"] == {"baseline": 300, "current": 320}
    assert company["better_off"] == "yes", company["reasons"]
    said = next(r for r in company["reasons"] if r.startswith("Repurchase rate"))
    assert "(−2.5\u00a0pts, −8.3%, flat: within noise, as chance alone moves a rate that much on 300 and 320 first-time " \
           "customers, p = 0.246, alpha 0.05)" in said


def test_a_repurchase_rate_that_fell_beyond_noise_still_counts_against_the_company(tmp_path):
    # The same fall made real: 1,000 first-time customers a month in both Q3s, 300 back a month in 2025 (30 %),
    # 250 in 2026 (25 %): z = -0.05 / sqrt(.25 x .75 / 3000 + .3 x .7 / 3000) = -4.3, p < 0.001. Revenue up,
    # the rate worse: the signals disagree.
    new = lambda y, m: 1000 if m in Q3 and y in (2025, 2026) else 120 if (y, m) >= (2026, 10) else 100
    back = lambda y, m: 250 if (y, m) in ((2026, 7), (2026, 8), (2026, 9)) else 300 if m in Q3 else 30
    spec = write_shop(tmp_path, new, back)
    (n0, x0), (n1, x1) = cohort(tmp_path, "2025-07-01", "2025-10-01"), cohort(tmp_path, "2026-07-01", "2026-10-01")
    assert (n0, x0, n1, x1) == (3000, 900, 3000, 750)
    company = review_json(spec)["company"]
    rate = next(m for m in company["metrics"] if m["metric"] == "repurchase_rate_90d")
    assert rate["signal"] == "worse" and rate["within_noise"] is False
    assert rate["p_value"] == pytest.approx(wald_p(x0, n0, x1, n1), rel=1e-9) and rate["p_value"] < 0.001
    assert company["better_off"] == "unclear"
    assert any("(−5.0\u00a0pts, −16.7%, worse: beyond noise on 3,000 and 3,000 first-time customers, p < 0.001, "
               "alpha 0.05)" in r for r in company["reasons"])


def rate(baseline: float, current: float, p_value: float | None, cases=(300, 320)) -> CompanyMetric:
    return CompanyMetric("repurchase_rate_90d", "Repurchase rate", "%", "up", "2026-Q3", "2025-Q3", baseline,
                         current, p_value=p_value, cases=cases if p_value is not None else None,
                         counted="First-time customers")


def revenue(baseline: float, current: float) -> CompanyMetric:
    return CompanyMetric("revenue", "Revenue", "EUR", "up", "2026-Q4", "2025-Q4", baseline, current)


def test_a_rate_is_better_or_worse_only_beyond_noise_and_a_material_move():
    assert rate(0.30, 0.275, 0.246).signal == "flat"
    assert rate(0.30, 0.275, 0.01).signal == "worse"
    assert rate(0.30, 0.33, 0.01).signal == "better"
    # under 1 % (relative) is flat whatever the test says: 30.0 % to 29.9 % on a million customers
    assert rate(0.30, 0.299, 0.001).signal == "flat" and not rate(0.30, 0.299, 0.001).within_noise
    # from 0 %: no percentage, but the test tells a rise (0 then 15 of 300) from chance (0 then 1)
    assert rate(0.0, 0.05, 1e-5).signal == "better" and rate(0.0, 0.0033, 0.5).signal == "flat"
    assert rate(0.0, 0.05, None).signal == "unknown"


def test_a_company_that_only_moved_within_noise_says_so_in_its_headline_in_both_languages():
    flat_revenue, noisy = revenue(100, 100.5), rate(0.30, 0.275, 0.246)
    verdict, reasons = answer([flat_revenue, noisy], [KpiSignal("o", "output", "healthy_success", "Orders")])
    assert verdict == "unclear"
    assert reasons[0] == ("Unclear: Revenue and repurchase rate held flat (moved less than 1%, or within noise): the "
                          "company is neither better nor worse off.")
    _, reasons = answer([noisy], [], "fr")
    assert reasons[0] == ("Incertain : Repurchase rate reste stable (variation dans le bruit) : l'entreprise n'est "
                          "ni mieux ni moins bien lotie.")
    assert ("(−2,5\u00a0pts, −8,3\u00a0%, stable : dans le bruit, car le hasard seul fait varier un taux d'autant sur "
            "300 et 320 first-time customers, p = 0,246, alpha 0,05).") in reasons[1]
