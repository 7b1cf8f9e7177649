"""What an order is (docs/canonical-schema.md): a refund written as a negative order nets revenue down but is no
order, an order without an amount is in neither revenue nor orders, so that the average order value is the
average of the amounts known and revenue = orders x aov holds where the review decomposes revenue."""

from __future__ import annotations

import json
import math

import duckdb
import pytest
from typer.testing import CliRunner

from kpiguard.cli import _register, app

_register()
runner = CliRunner()

SPEC = """\
version: 1
currency: EUR
timezone: UTC
data:
  tables:
    orders: orders.csv
    sessions: sessions.csv
kpis:
  - id: revenue
    metric: revenue
    level: outcome
    target: {to: 30000}
    cadence: month
    guardrails:
      - metric: aov
        max_decrease: 5%
"""


def _shop(folder, per_month: dict[int, tuple[int, float]]):
    """Per month of 2026 (`month: (orders, amount)`), that many orders of `amount` (and a little spread), each
    with its session, plus a refund of the first order 3 days later (a negative order), an order without an
    amount, a cancelled order and a session without an order."""
    orders, sessions = ["order_id,customer_id,ordered_at,revenue,status"], ["session_id,started_at,visitor_id,order_id"]
    for month, (count, amount) in per_month.items():
        for i in range(count):
            oid = f"o{month}-{i}"
            value = amount + (i % 7) * 3
            orders.append(f"{oid},c{month}-{i},2026-{month:02}-{1 + i % 25:02} 10:00:00,{value},completed")
            sessions.append(f"s{oid},2026-{month:02}-{1 + i % 25:02} 09:50:00,v{month}-{i},{oid}")
        orders.append(f"r{month},c{month}-0,2026-{month:02}-04 10:00:00,-{amount},completed")  # a refund
        orders.append(f"n{month},c{month}-x,2026-{month:02}-05 10:00:00,,completed")  # no amount
        orders.append(f"k{month},c{month}-y,2026-{month:02}-06 10:00:00,500,cancelled")
        sessions.append(f"b{month},2026-{month:02}-07 09:00:00,w{month},")
    (folder / "orders.csv").write_text("\n".join(orders) + "\n", encoding="utf-8")
    (folder / "sessions.csv").write_text("\n".join(sessions) + "\n", encoding="utf-8")
    (folder / "kpis.yaml").write_text(SPEC, encoding="utf-8")
    return folder / "kpis.yaml"


HAND = """
    select sum(revenue) as revenue, count(*) filter (where revenue >= 0) as orders,
           sum(revenue) / count(*) filter (where revenue >= 0) as aov
    from read_csv('{orders}') where coalesce(status, 'completed') = 'completed'
      and ordered_at >= '2026-{month:02}-01' and ordered_at < '2026-{next:02}-01'"""


def test_refunds_and_orders_without_an_amount_follow_the_canonical_definitions(tmp_path):
    spec = _shop(tmp_path, {1: (40, 100.0), 2: (40, 100.0)})
    result = runner.invoke(app, ["compute", str(spec), "-m", "revenue", "-m", "orders", "-m", "aov", "-p", "2026-02",
                                 "--format", "json"])
    assert result.exit_code == 0, result.output
    got = {row["metric"]: row["value"] for row in json.loads(result.stdout)["values"]}
    revenue, orders, aov = duckdb.sql(HAND.format(orders=tmp_path / "orders.csv", month=2, next=3)).fetchall()[0]
    # 40 orders (the refund and the order without an amount are none), revenue net of the refund
    assert orders == 40 and got["orders"] == 40
    assert got["revenue"] == pytest.approx(float(revenue)) == 40 * 100 + 3 * sum(i % 7 for i in range(40)) - 100
    assert got["aov"] == pytest.approx(float(aov))
    assert got["revenue"] == pytest.approx(got["orders"] * got["aov"])  # revenue = orders x aov


def test_the_review_decomposes_revenue_through_aov_on_data_with_refunds_and_missing_amounts(tmp_path):
    spec = _shop(tmp_path, {1: (120, 100.0), 2: (150, 110.0)})
    result = runner.invoke(app, ["review", str(spec), "--as-of", "2026-02-28", "--format", "json"])
    assert result.exit_code == 0, result.output
    (kpi,) = json.loads(result.stdout)["kpis"]
    block = kpi["decomposition"]
    # the identity revenue = sessions x conversion x orders per converting session x aov still holds, with an
    # aov that is the average of the amounts known (before, the refund and the order without one were orders)
    assert block is not None and block["type"] == "drivers"
    drivers = {d["metric"]: d for d in block["drivers"]}
    assert math.prod(d["current"] for d in drivers.values()) == pytest.approx(kpi["current"]["value"])
    _, orders, aov = duckdb.sql(HAND.format(orders=tmp_path / "orders.csv", month=2, next=3)).fetchall()[0]
    assert drivers["aov"]["current"] == pytest.approx(float(aov))
    assert orders == 150


def test_the_aov_guardrail_is_still_tested_against_noise_with_refunds(tmp_path):
    spec = _shop(tmp_path, {1: (120, 100.0), 2: (150, 92.0)})  # AOV -8 %: past "at most 5 %"
    result = runner.invoke(app, ["review", str(spec), "--as-of", "2026-02-28", "--format", "json"])
    assert result.exit_code == 0, result.output
    (kpi,) = json.loads(result.stdout)["kpis"]
    (guardrail,) = kpi["guardrails"]
    # Welch's z from each month's orders (amount not negative), their net revenue and the squares of their amounts
    z = duckdb.sql(f"""
        with m as (
            select month(ordered_at) as mo, count(*) filter (where revenue >= 0) as n, sum(revenue) as total,
                   sum(revenue * revenue) filter (where revenue >= 0) as sq
            from read_csv('{tmp_path / 'orders.csv'}') where coalesce(status, 'completed') = 'completed' group by 1),
        v as (select mo, n, total / n as mean, (sq - total * total / n) / (n - 1) as var from m)
        select (c.mean - 0.95 * b.mean) / sqrt(c.var / c.n + 0.95 * 0.95 * b.var / b.n)
        from v b, v c where b.mo = 1 and c.mo = 2""").fetchall()[0][0]
    assert guardrail["p_value"] == pytest.approx(0.5 * math.erfc(-z / math.sqrt(2)), rel=1e-6)
    assert guardrail["status"] == ("breached" if guardrail["p_value"] < 0.05 else "breached_not_significant")
