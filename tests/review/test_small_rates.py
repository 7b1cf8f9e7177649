"""A rate KPI judged on a handful of cases says its verdict is fragile; signs of zero are not printed."""

from __future__ import annotations

import json
from datetime import datetime

from typer.testing import CliRunner

from kpiguard.cli import _register, app
from kpiguard.review.numbers import fmt_share

_register()
runner = CliRunner()

SPEC = """\
version: 1
currency: EUR
timezone: UTC
data:
  tables:
    orders: orders.parquet
    email_events: email_events.parquet
kpis:
  - id: open-rate
    metric: email_open_rate
    level: output
    baseline: 2025
    target: {from: 20%, to: 30%, by: 2026-12-31}
    guardrails:
      - metric: email_unsubscribe_rate
        max_increase: 20%
"""


def _write_shop(folder):
    """Five e-mails a month, 2025-01..2026-12: one opened a month in 2025 (12 / 60 = 20 %), in 2026 two in
    odd months and one in even months (18 / 60 = 30 %, the target exactly). One order a month."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    orders = {"order_id": [], "customer_id": [], "ordered_at": [], "revenue": [], "status": []}
    events = {"event_at": [], "customer_id": [], "campaign_id": [], "event": []}
    for year in (2025, 2026):
        for month in range(1, 13):
            orders["order_id"].append(f"o{year}{month}")
            orders["customer_id"].append(f"c{year}{month}")
            orders["ordered_at"].append(datetime(year, month, 15, 12))
            orders["revenue"].append(100.0)
            orders["status"].append("completed")
            opens = 1 if year == 2025 else 1 + month % 2
            for r in range(5):
                for event, day in [("sent", 2), *([("open", 3)] if r < opens else [])]:
                    events["event_at"].append(datetime(year, month, day, 9))
                    events["customer_id"].append(f"r{r}")
                    events["campaign_id"].append(f"c-{year}-{month}")
                    events["event"].append(event)
    pq.write_table(pa.table(orders), folder / "orders.parquet")
    pq.write_table(pa.table(events), folder / "email_events.parquet")
    (folder / "kpis.yaml").write_text(SPEC, encoding="utf-8")
    return folder / "kpis.yaml"


def test_a_rate_kpi_met_on_sixty_emails_says_the_verdict_is_fragile(tmp_path):
    spec = _write_shop(tmp_path)
    result = runner.invoke(app, ["review", str(spec), "--as-of", "2026-12-31", "--format", "json"])
    assert result.exit_code == 0, result.output
    (kpi,) = json.loads(result.stdout)["kpis"]
    assert kpi["verdict"] == "healthy_success"
    assert kpi["current"]["value"] == 0.3 and kpi["baseline"]["value"] == 0.2
    assert ("Open rate rests on only 60 cases over 2026 (E-mails delivered), fewer than 100: a rate on so few "
            "cases moves by chance, so this verdict is fragile.") in kpi["reasons"]
    fr = [r for r in kpi["reasons_i18n"]["fr"] if "repose sur seulement 60 cas" in r]
    assert len(fr) == 1
    # e-mails delivered did not move (60 -> 60): none of the move came from it, and no "-0%" is printed
    assert "E-mails delivered ±0.0% (0% of the move from the denominator)" in " ".join(kpi["reasons"])


def test_a_share_that_rounds_to_zero_has_no_sign():
    assert fmt_share(-0.0) == "0%" and fmt_share(-0.001) == "0%" and fmt_share(-0.004, "fr") == "0\u00a0%"
    assert fmt_share(-0.02) == "\u22122%"
