"""A count KPI or a count guardrail whose gap is within Poisson noise says so, with a p-value a hand-written SQL
query reproduces; a gap beyond noise does not (small shops: 14 new customers against 17, 40 orders a month)."""

from __future__ import annotations

import json
from datetime import datetime

import duckdb
import pytest
from typer.testing import CliRunner

from kpiguard.cli import _register, app

_register()
runner = CliRunner()

COMPLETED = "coalesce(status, 'completed') = 'completed'"


def _write_orders(folder, per_month: dict[tuple[int, int], int], spec: str):
    """`per_month[(year, month)]` orders, each by a customer of its own (so each is a new customer), 100 EUR."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = {"order_id": [], "customer_id": [], "ordered_at": [], "revenue": [], "status": []}
    for (year, month), count in per_month.items():
        for i in range(count):
            rows["order_id"].append(f"o{year}-{month}-{i}")
            rows["customer_id"].append(f"c{year}-{month}-{i}")
            rows["ordered_at"].append(datetime(year, month, 28 - i * 28 // count, 12))  # the last on the 28th
            rows["revenue"].append(100.0)
            rows["status"].append("completed")
    pq.write_table(pa.table(rows), folder / "orders.parquet")
    (folder / "kpis.yaml").write_text(spec, encoding="utf-8")
    return folder / "kpis.yaml"


def _review(spec, *args):
    when = list(args) if "--period" in args else ["--as-of", "2026-06-30", *args]
    result = runner.invoke(app, ["review", str(spec), "--format", "json", *when])
    assert result.exit_code == 0, result.output
    return {k["id"]: k for k in json.loads(result.stdout)["kpis"]}


def _poisson_cdf_sql(orders, count_query: str, mean: float) -> float:
    """P(X <= x) for X ~ Poisson(mean), x the count a hand-written query gives, summed in SQL."""
    return duckdb.sql(f"""
        with c as ({count_query.format(orders=orders)})
        select sum(exp(k * ln({mean}) - {mean} - lgamma(k + 1))) from c, range(0, c.x + 1) t(k)""").fetchall()[0][0]


NEW_CUSTOMERS_SPEC = """\
version: 1
currency: EUR
timezone: UTC
data:
  tables:
    orders: orders.parquet
kpis:
  - id: new-customers
    metric: new_customers
    level: output
    target: {to: 17}
    cadence: month
  - id: orders-up
    metric: orders
    level: output
    target: {to: 17}
    cadence: month
"""

FIRST_ORDERS_IN_JUNE = (
    "select count(*) as x from (select customer_id, min(ordered_at) as first from '{orders}' "
    f"where {COMPLETED} group by customer_id) where first >= '2026-06-01' and first < '2026-07-01'")


def test_fourteen_new_customers_against_seventeen_is_missed_within_noise(tmp_path):
    months = {(2026, m): 17 for m in range(1, 6)} | {(2026, 6): 14}
    spec = _write_orders(tmp_path, months, NEW_CUSTOMERS_SPEC)
    kpi = _review(spec)["new-customers"]
    assert kpi["verdict"] == "missed"  # the verdict stands: the target is the spec's
    p = _poisson_cdf_sql(tmp_path / "orders.parquet", FIRST_ORDERS_IN_JUNE, 17)
    assert kpi["within_noise"] is True
    assert kpi["noise"] == {"mark": 17, "against": "target", "p_value": pytest.approx(p, rel=1e-9), "within": True}
    assert round(p, 3) == 0.281
    # right after the headline, where the verdict is read
    assert kpi["reasons"][1] == (
        "Within noise: New customers is 14\u00a0customers, short of 17\u00a0customers (the target), a gap that chance alone "
        "opens on a count this small (p = 0.281, alpha 0.05): the next period's luck could turn this verdict.")
    assert kpi["reasons_i18n"]["fr"][1].startswith(
        "Dans le bruit : Nouveaux clients vaut 14\u00a0clients, en deçà de 17\u00a0clients (la cible)")


def test_a_count_far_from_its_target_is_missed_without_noise_warning(tmp_path):
    months = {(2026, m): 17 for m in range(1, 6)} | {(2026, 6): 5}
    spec = _write_orders(tmp_path, months, NEW_CUSTOMERS_SPEC)
    kpi = _review(spec)["new-customers"]
    p = _poisson_cdf_sql(tmp_path / "orders.parquet", FIRST_ORDERS_IN_JUNE, 17)
    assert kpi["verdict"] == "missed" and kpi["within_noise"] is False
    assert kpi["noise"]["p_value"] == pytest.approx(p, rel=1e-9) and p < 0.001
    assert not any("noise" in r for r in kpi["reasons"])


def test_a_target_met_by_a_hair_on_a_small_count_is_within_noise_too(tmp_path):
    # 19 orders against 17: met, but a level of 17 gives 19 or more 1 time in 3
    months = {(2026, m): 17 for m in range(1, 6)} | {(2026, 6): 19}
    spec = _write_orders(tmp_path, months, NEW_CUSTOMERS_SPEC)
    kpi = _review(spec)["orders-up"]
    q = "select count(*) as x from '{orders}' where " + COMPLETED + \
        " and ordered_at >= '2026-06-01' and ordered_at < '2026-07-01'"
    # P(X >= 19) = 1 - P(X <= 18)
    p = 1 - _poisson_cdf_sql(tmp_path / "orders.parquet", q.replace("count(*)", "count(*) - 1"), 17)
    assert kpi["verdict"] == "healthy_success" and kpi["within_noise"] is True
    assert kpi["noise"]["p_value"] == pytest.approx(p, rel=1e-9)
    assert "Within noise: Orders is 19\u00a0orders, past 17\u00a0orders (the target)" in kpi["reasons"][1]


GUARDRAIL_SPEC = """\
version: 1
currency: EUR
timezone: UTC
data:
  tables:
    orders: orders.parquet
kpis:
  - id: revenue
    metric: revenue
    level: outcome
    baseline: 2025-H2
    target: {{from: {base_revenue}, to: {to_revenue}, by: 2026-12-31}}
    cadence: month
    guardrails:
      - metric: orders
        max_decrease: 10%
"""


def _b2b(tmp_path, before: int, after: int):
    """A B2B shop: `before` orders a month in 2025-H2, `after` in 2026-H1, the revenue KPI judged on 2026-H1."""
    months = {(2025, m): before for m in range(7, 13)} | {(2026, m): after for m in range(1, 7)}
    spec = GUARDRAIL_SPEC.format(base_revenue=before * 600, to_revenue=before * 600 * 1.2)
    return _write_orders(tmp_path, months, spec)


def _binomial_sql(orders, side: str, share: float) -> float:
    """P(X1 <= x1) (side down) for X1 ~ Binomial(x0 + x1, share): the conditional test of two Poisson counts,
    x0 and x1 the orders of 2025-H2 and 2026-H1 counted by hand."""
    return duckdb.sql(f"""
        with c as (select count(*) filter (where ordered_at < '2026-01-01') as x0,
                          count(*) filter (where ordered_at >= '2026-01-01') as x1
                   from '{orders}' where {COMPLETED} and ordered_at >= '2025-07-01' and ordered_at < '2026-07-01')
        select sum(exp(lgamma(x0 + x1 + 1) - lgamma(k + 1) - lgamma(x0 + x1 - k + 1)
                       + k * ln({share}) + (x0 + x1 - k) * ln(1 - {share})))
        from c, range(0, c.x1 + 1) t(k)""").fetchall()[0][0]


def test_a_b2b_shop_with_40_orders_a_month_falling_to_34_has_its_guardrail_breached_only_as_a_warning(tmp_path):
    spec = _b2b(tmp_path, 40, 34)  # 240 -> 204 orders a half-year: -15 %, past "may fall by at most 10 %"
    kpi = _review(spec)["revenue"]
    (guardrail,) = kpi["guardrails"]
    # at the limit, 2026-H1's level is 0.9 x 2025-H2's (two half-years, compared as they are, unscaled): given
    # the 444 orders of both, 2026-H1's follow Binomial(444, 0.9 / 1.9)
    p = _binomial_sql(tmp_path / "orders.parquet", "down", 0.9 / 1.9)
    assert guardrail["status"] == "breached_not_significant"
    assert guardrail["p_value"] == pytest.approx(p, rel=1e-9) and p > 0.05
    assert kpi["verdict"] == "off_track"  # the warning changes no verdict
    assert any("Orders is past its limit" in r and "but not significantly" in r for r in kpi["reasons"])


def test_the_same_fall_over_thousands_of_orders_is_a_breach(tmp_path):
    spec = _b2b(tmp_path, 1000, 850)
    kpi = _review(spec)["revenue"]
    (guardrail,) = kpi["guardrails"]
    p = _binomial_sql(tmp_path / "orders.parquet", "down", 0.9 / 1.9)
    assert guardrail["status"] == "breached" and guardrail["p_value"] == pytest.approx(p, rel=1e-6)
    assert p < 0.01


def test_the_text_and_the_page_qualify_a_verdict_within_noise(tmp_path):
    months = {(2026, m): 17 for m in range(1, 6)} | {(2026, 6): 14}
    spec = _write_orders(tmp_path, months, NEW_CUSTOMERS_SPEC)
    text = runner.invoke(app, ["review", str(spec), "--as-of", "2026-06-30"]).stdout
    assert "✗ new-customers: missed (within noise)" in text
    assert text.rstrip().endswith("2 KPIs: 2 missed (within noise)")  # the summary counted them as settled
    fr = runner.invoke(app, ["review", str(spec), "--as-of", "2026-06-30", "--lang", "fr"]).stdout
    assert "✗ new-customers\u00a0: manqué (dans le bruit)" in fr
    page = runner.invoke(app, ["review", str(spec), "--as-of", "2026-06-30", "--format", "html", "-o", "-"]).stdout
    assert "Missed (within noise)" in page


def test_a_count_guardrail_over_a_period_of_another_length_tests_the_counts_as_they_were(tmp_path):
    # 40 orders a month in 2025-H2 (240), 30 a month in 2026-Q2 (90): --period 2026-Q2 scales the baseline by
    # 91 / 184 days (118.7 orders), and 90 is 24 % below it. The test takes the counts as they were, 240 and 90,
    # and the periods' lengths: at the limit, Q2's orders follow Binomial(330, 0.9 s / (1 + 0.9 s)), s = 91 / 184
    spec = _b2b(tmp_path, 40, 30)
    kpi = _review(spec, "--period", "2026-Q2")["revenue"]
    (guardrail,) = kpi["guardrails"]
    s = 91 / 184
    p = duckdb.sql(f"""
        with c as (select count(*) filter (where ordered_at < '2026-01-01') as x0,
                          count(*) filter (where ordered_at >= '2026-04-01') as x1
                   from '{tmp_path / "orders.parquet"}' where {COMPLETED} and ordered_at >= '2025-07-01'
                     and ordered_at < '2026-07-01' and not (ordered_at >= '2026-01-01' and ordered_at < '2026-04-01'))
        select sum(exp(lgamma(x0 + x1 + 1) - lgamma(k + 1) - lgamma(x0 + x1 - k + 1)
                       + k * ln({0.9 * s / (1 + 0.9 * s)}) + (x0 + x1 - k) * ln(1 - {0.9 * s / (1 + 0.9 * s)})))
        from c, range(0, c.x1 + 1) t(k)""").fetchall()[0][0]
    assert guardrail["scaled"] == pytest.approx(s)
    assert guardrail["p_value"] == pytest.approx(p, rel=1e-9)
    assert guardrail["status"] == ("breached" if p < 0.05 else "breached_not_significant")


def test_a_count_exactly_at_its_target_says_it_without_a_gap(tmp_path):
    months = {(2026, m): 17 for m in range(1, 7)}
    spec = _write_orders(tmp_path, months, NEW_CUSTOMERS_SPEC)
    kpi = _review(spec)["new-customers"]
    assert kpi["verdict"] == "healthy_success" and kpi["within_noise"] is True
    q = FIRST_ORDERS_IN_JUNE.replace("count(*) as x", "count(*) - 1 as x")
    p = 1 - _poisson_cdf_sql(tmp_path / "orders.parquet", q, 17)  # P(X >= 17)
    assert kpi["noise"]["p_value"] == pytest.approx(p, rel=1e-9)
    assert kpi["reasons"][1].startswith(
        "Within noise: New customers is 17\u00a0customers, at 17\u00a0customers (the target) exactly, and chance "
        "alone moves a count this small further than that (p = 0.")


DOWN_SPEC = """\
version: 1
currency: EUR
timezone: UTC
data:
  tables:
    orders: orders.parquet
metrics:
  small_orders:
    type: simple
    table: orders
    measure: count(*)
    filter: revenue < 150
    direction: down
kpis:
  - id: fewer-small-orders
    metric: small_orders
    target: {to: 15}
    cadence: month
"""


def test_a_count_brought_down_is_short_of_its_target_above_it(tmp_path):
    # a custom count without `kind` (its measure is a count) that should fall: 18 in June against a target of 15
    months = {(2026, m): 18 for m in range(1, 7)}
    spec = _write_orders(tmp_path, months, DOWN_SPEC)
    kpi = _review(spec)["fewer-small-orders"]
    q = "select count(*) - 1 as x from '{orders}' where revenue < 150 and ordered_at >= '2026-06-01'"
    p = 1 - _poisson_cdf_sql(tmp_path / "orders.parquet", q, 15)  # P(X >= 18) for X ~ Poisson(15)
    assert kpi["verdict"] == "missed" and kpi["within_noise"] is True
    assert kpi["noise"]["p_value"] == pytest.approx(p, rel=1e-9)
    assert kpi["reasons"][1].startswith("Within noise: small_orders is 18, short of 15 (the target)")
