"""A KPI met while the outcome it serves (`serves:`) is behind says so on its own card: "healthy success" alone
answered "is the company better off?" with yes for an open rate whose repurchase rate fell."""

from __future__ import annotations

import json
from datetime import date, timedelta

from typer.testing import CliRunner

from kpiguard.cli import _register, app

_register()
runner = CliRunner()

SPEC = """version: 1
name: serves
currency: EUR
timezone: UTC
data:
  tables:
    orders: orders.csv
    email_events: events.csv
kpis:
  - id: open
    metric: email_open_rate
    baseline: 2025-H2
    target: {from: 20%, to: 25%, by: 2026-06-30}
    serves: [rep]
  - id: rep
    metric: repurchase_rate_90d
    baseline: 2025-Q1
    target: {from: 30%, to: 32%, by: 2026-06-30}
"""


def write_shop(folder):
    """2025-01 to 2026-06: 100 first-time customers a month (one on each of the first 25 days, four a day), the
    first 30 of them (20 in 2026) back 14 days later; a campaign of 1,000 e-mails a month, 200 opens in 2025
    (20 %), 280 in 2026 (28 %)."""
    orders, events = ["order_id,customer_id,ordered_at,revenue,status"], ["event_at,customer_id,campaign_id,event"]
    for y in (2025, 2026):
        for m in range(1, 13 if y == 2025 else 7):
            for i in range(100):
                day = date(y, m, 1 + i // 4)
                orders.append(f"o{y}{m}-{i},c{y}{m}-{i},{day} 12:00:00,100,completed")
                if i < (30 if y == 2025 else 20):
                    orders.append(f"o{y}{m}-{i}b,c{y}{m}-{i},{day + timedelta(days=14)} 12:00:00,100,completed")
            events += [f"{y}-{m:02}-03 09:00:00,r{i},k{y}{m},delivered" for i in range(1000)]
            events += [f"{y}-{m:02}-04 09:00:00,r{i},k{y}{m},open" for i in range(200 if y == 2025 else 280)]
    (folder / "orders.csv").write_text("\n".join(orders) + "\n", encoding="utf-8")
    (folder / "events.csv").write_text("\n".join(events) + "\n", encoding="utf-8")
    (folder / "kpis.yaml").write_text(SPEC, encoding="utf-8")
    return folder / "kpis.yaml"


def test_a_kpi_met_while_the_outcome_it_serves_was_missed_says_so(tmp_path):
    # open rate 20 % -> 28 % (met, healthy: no guardrail, no denominator move); the repurchase rate of 2026-Q1's
    # 300 first-time customers 20 % (60 back), going from 30 % to 32 % by 2026-06-30: the horizon's own cohort
    # (2026-Q2) is not mature on that day, so 2026-Q1 is judged on its pace (80 % of the horizon gone, moving
    # backwards): off track, not yet missed
    spec = write_shop(tmp_path)
    for lang, said in (("en", "It serves rep (Repurchase rate at 90 days, off track): its progress has not carried "
                               "to what it serves."),
                       ("fr", "Il sert rep (Taux de réachat à 90 jours, en retard) : son progrès ne s'est pas "
                              "transmis à ce qu'il sert.")):
        result = runner.invoke(app, ["review", str(spec), "--as-of", "2026-06-30", "--format", "json",
                                     "--lang", lang])
        assert result.exit_code == 0, result.output
        kpis = {k["id"]: k for k in json.loads(result.stdout)["kpis"]}
        assert (kpis["open"]["verdict"], kpis["rep"]["verdict"]) == ("healthy_success", "off_track")
        assert said in kpis["open"]["reasons"]
        assert not any("serves" in r or " sert " in r for r in kpis["rep"]["reasons"])
