"""A guardrail on an average (AOV) is tested against noise, as one on a rate is: a B2B shop's basket of 230
orders a half-year moves by a few percent by chance, and that was a breach, so a met KPI was a toxic success."""

from __future__ import annotations

import json
import math
import statistics
from datetime import datetime, timedelta

import pytest
from typer.testing import CliRunner

from kpiguard.catalog import resolve_metric
from kpiguard.cli import _register, app
from kpiguard.review.guardrails import Sample, Threshold, judge_threshold, mean_breach_p_value, upper_tail

_register()
AOV = resolve_metric("aov")
runner = CliRunner()


def _sample(values: list[float]) -> Sample:
    return Sample(sum(values) / len(values), sum(values), len(values), squares=sum(v * v for v in values))


def _by_hand(base: list[float], cur: list[float], factor: float) -> float:
    """Welch's large-sample z for H0 'the current mean is at or above factor x the baseline's', by the book."""
    se = math.sqrt(statistics.variance(cur) / len(cur) + factor ** 2 * statistics.variance(base) / len(base))
    return upper_tail(-(statistics.mean(cur) - factor * statistics.mean(base)) / se)


def _amounts(n: int, low: float, high: float) -> list[float]:
    return [low if i % 2 else high for i in range(n)]


def test_the_p_value_of_an_average_is_welchs_by_the_book():
    base, cur = _amounts(230, 50, 150), _amounts(230, 46.65, 140)  # mean 100 -> 93.33 (-6.7 %)
    threshold = Threshold("max_decrease", 0.05)
    assert mean_breach_p_value(threshold, _sample(base), _sample(cur)) == pytest.approx(_by_hand(base, cur, 0.95))


@pytest.mark.parametrize("n, status", [(230, "breached_not_significant"), (20_000, "breached")])
def test_a_fall_in_aov_past_its_limit_is_a_breach_only_when_it_is_no_noise(n, status):
    base, cur = _sample(_amounts(n, 50, 150)), _sample(_amounts(n, 46.65, 140))
    result = judge_threshold("aov", AOV, "Average order value", Threshold("max_decrease", 0.05), base, cur)
    assert (result.status, result.tested) == (status, True)
    assert (result.p_value > 0.05) == (status != "breached")


def test_an_average_whose_units_spread_is_unknown_is_judged_as_before():
    """Revenue per visitor counts visitors in another table: no spread, a crossing stays a breach."""
    per_visitor = resolve_metric("revenue_per_visitor")
    result = judge_threshold("revenue_per_visitor", per_visitor, "Revenue per visitor",
                             Threshold("max_decrease", 0.05), Sample(2.0, 2000, 1000), Sample(1.8, 1800, 1000))
    assert (result.status, result.tested) == ("breached", False)


def _shop(folder, per_half: int):
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = {"order_id": [], "customer_id": [], "ordered_at": [], "revenue": []}
    for start, growth, (low, high) in ((datetime(2025, 1, 1), 1.0, (50, 150)), (datetime(2026, 1, 1), 1.1, (46.65, 140))):
        n = int(per_half * growth)  # 10 % more orders in 2026: the KPI is met
        for i in range(n):
            rows["order_id"].append(f"{start.year}-{i}")
            rows["customer_id"].append(f"c{i % 97}")
            rows["ordered_at"].append(start + timedelta(minutes=i * (181 * 24 * 60 // n)))
            rows["revenue"].append(low if i % 2 else high)
    pq.write_table(pa.table(rows), folder / "orders.parquet")
    (folder / "kpis.yaml").write_text(f"""version: 1
currency: EUR
timezone: UTC
data:
  tables: {{orders: orders.parquet}}
kpis:
  - id: more-orders
    metric: orders
    level: output
    baseline: 2025-H1
    target: {{from: {per_half}, to: {int(per_half * 1.08)}, by: 2026-06-30}}
    guardrails:
      - metric: aov
        max_decrease: 5%
""", encoding="utf-8")
    return folder / "kpis.yaml"


@pytest.mark.parametrize("per_half, verdict, status", [
    (230, "healthy_success", "breached_not_significant"),  # was a toxic success: one standard error of noise
    (20_000, "toxic_success", "breached"),
])
def test_a_met_kpi_is_toxic_only_when_its_aov_guardrail_fell_for_real(tmp_path, per_half, verdict, status):
    import duckdb

    spec = _shop(tmp_path, per_half)
    result = runner.invoke(app, ["review", str(spec), "--as-of", "2026-06-30", "--format", "json"])
    assert result.exit_code == 0, result.output
    kpi = json.loads(result.stdout)["kpis"][0]
    guardrail = next(g for g in kpi["guardrails"] if g["metric"] == "aov")
    assert (kpi["verdict"], guardrail["status"]) == (verdict, status)
    # the p-value, from a hand-written query: each half's mean, sample variance and count
    halves = duckdb.connect().execute(f"""select year(ordered_at), avg(revenue), var_samp(revenue), count(*)
        from '{tmp_path / "orders.parquet"}' where month(ordered_at) <= 6 group by 1 order by 1""").fetchall()
    (_, m0, v0, n0), (_, m1, v1, n1) = halves
    z = (m1 - 0.95 * m0) / math.sqrt(v1 / n1 + 0.95 ** 2 * v0 / n0)
    assert guardrail["p_value"] == pytest.approx(upper_tail(-z), rel=1e-6)
