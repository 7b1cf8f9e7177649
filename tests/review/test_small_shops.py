"""Thirteen hand-made small and messy shops (tests/review/small_shops.py), each reviewed against the verdicts
worked out by hand for it: healthy, hollow or toxic success, on or off track, missed, within noise or not, its
guardrail's status and its data checks."""

from __future__ import annotations

import json
import math

import duckdb
import pytest
from typer.testing import CliRunner

from kpiguard.cli import _register, app

from .small_shops import shops

_register()
runner = CliRunner()


@pytest.mark.parametrize("shop", shops(), ids=lambda s: s.name)
def test_a_small_shop_gets_the_verdicts_worked_out_by_hand(shop, tmp_path):
    spec = shop.write(tmp_path)
    result = runner.invoke(app, ["review", str(spec), "--as-of", shop.as_of, "--format", "json"])
    assert result.exit_code == 0, result.output
    review = json.loads(result.stdout)
    kpis = {k["id"]: k for k in review["kpis"]}
    for kpi_id, (verdict, within) in shop.expected.items():
        kpi = kpis[kpi_id]
        assert kpi["verdict"] == verdict, (kpi_id, kpi["reasons"])
        if within is not None:
            assert kpi["within_noise"] is within, (kpi_id, kpi["noise"], kpi["reasons"])
            assert any(r.startswith("Within noise:") for r in kpi["reasons"]) is within
    for kpi_id, status in shop.guardrails.items():
        assert [g["status"] for g in kpis[kpi_id]["guardrails"]] == [status], kpis[kpi_id]["reasons"]
    for warning in shop.warnings:
        assert any(warning in w for w in review["data"]["warnings"]), review["data"]["warnings"]


def test_a_rate_on_200_emails_within_noise_has_the_p_value_of_a_hand_written_query(tmp_path):
    (shop,) = [s for s in shops() if s.name == "tiny-list"]
    spec = shop.write(tmp_path)
    result = runner.invoke(app, ["review", str(spec), "--as-of", shop.as_of, "--format", "json"])
    (kpi,) = json.loads(result.stdout)["kpis"]
    # June: x unsubscribed recipients of n e-mails sent; P(X >= x) for X ~ Binomial(n, 0.5 %), the target
    p = duckdb.sql(f"""
        with c as (select count(distinct customer_id) filter (where event = 'unsubscribe') as x,
                          count(*) filter (where event = 'sent') as n
                   from read_csv('{tmp_path / 'events.csv'}') where event_at >= '2026-06-01' and event_at < '2026-07-01')
        select sum(exp(lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1) + k * ln(0.005) + (n - k) * ln(0.995)))
        from c, range(c.x, c.n + 1) t(k)""").fetchall()[0][0]
    assert kpi["noise"] == {"mark": 0.005, "against": "target", "p_value": pytest.approx(p, rel=1e-6),
                            "within": True}


def test_an_aov_met_through_one_huge_order_is_within_noise_by_a_hand_written_welch_z(tmp_path):
    (shop,) = [s for s in shops() if s.name == "one-huge-order"]
    spec = shop.write(tmp_path)
    result = runner.invoke(app, ["review", str(spec), "--as-of", shop.as_of, "--format", "json"])
    (kpi,) = json.loads(result.stdout)["kpis"]
    # 2026-H1's orders: z = (mean - 110) / sqrt(var_samp / n), P(Z >= z)
    z = duckdb.sql(f"""
        select (avg(revenue) - 110) / sqrt(var_samp(revenue) / count(*)) from read_csv('{tmp_path / 'orders.csv'}')
        where revenue >= 0 and ordered_at >= '2026-01-01' and ordered_at < '2026-07-01'""").fetchall()[0][0]
    assert kpi["noise"]["p_value"] == pytest.approx(0.5 * math.erfc(z / math.sqrt(2)), rel=1e-6)
    assert kpi["verdict"] == "healthy_success" and kpi["within_noise"] is True
