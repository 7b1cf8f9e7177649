"""An e-mail (or sessions) export that ends months before the orders do is said, with the KPI periods it cuts:
an e-mail KPI over that half-year counts no e-mail after it, which is only right if the shop stopped sending."""

from __future__ import annotations

import json
from datetime import date, timedelta

from typer.testing import CliRunner

from kpiguard.cli import _register, app

_register()
runner = CliRunner()

SPEC = """version: 1
name: stopped
currency: EUR
timezone: UTC
data:
  tables:
    orders: orders.csv
    email_events: events.csv
kpis:
  - id: sent
    metric: emails_sent
    baseline: 2025-H2
    target: {from: 12000, to: 12000, by: 2026-06-30}
"""


def write_shop(folder, last_campaign: tuple[int, int]):
    """An order a day from 2025-01-01 to 2026-06-30; a campaign of 2,000 e-mails on the 3rd of each month (opens
    on the 4th) up to `last_campaign` (year, month)."""
    orders, day, k = ["order_id,customer_id,ordered_at,revenue,status"], date(2025, 1, 1), 0
    while day <= date(2026, 6, 30):
        k += 1
        orders.append(f"o{k},c{k},{day} 12:00:00,100,completed")
        day += timedelta(days=1)
    events = ["event_at,customer_id,campaign_id,event"]
    y, m = 2025, 1
    while (y, m) <= last_campaign:
        events += [f"{y}-{m:02}-03 09:00:00,r{i},k{y}{m:02},sent" for i in range(2000)]
        events += [f"{y}-{m:02}-04 09:00:00,r{i},k{y}{m:02},open" for i in range(400)]
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    (folder / "orders.csv").write_text("\n".join(orders) + "\n", encoding="utf-8")
    (folder / "events.csv").write_text("\n".join(events) + "\n", encoding="utf-8")
    (folder / "kpis.yaml").write_text(SPEC, encoding="utf-8")
    return folder / "kpis.yaml"


def warnings(spec, lang="en") -> list[str]:
    result = runner.invoke(app, ["review", str(spec), "--as-of", "2026-06-30", "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["data"]["warnings_i18n"][lang]


def test_an_email_export_that_stops_in_march_under_orders_to_june_is_said(tmp_path):
    # The last campaign is on 3 March 2026 (opens on the 4th): 118 days without an e-mail event to 30 June, when
    # the events have rows on 30 of their 426 days (7.0 %): 30 x 0.93 ^ 118 = 0.006, under 5 %. The KPI
    # (6,000 e-mails over 2026-H1, "missed") may be a cut export: the review says which days are missing.
    said = [w for w in warnings(write_shop(tmp_path, (2026, 3))) if "e-mail events" in w]
    assert said == [
        "The e-mail events end on 4 Mar 2026, 118 days before the orders do (30 Jun 2026), when they have rows on "
        "7.0% of their 426 days: a silence that long would come by chance under 5% of the time. If their export "
        "stops there, every e-mail metric over H1 2026 misses the days after it (re-export them); if the shop "
        "stopped, the numbers stand."]
    (french,) = [w for w in warnings(write_shop(tmp_path, (2026, 3)), "fr") if "e-mail" in w]
    assert french.startswith("Les événements d'e-mail s'arrêtent le 4\u00a0mars 2026, 118 jours avant les commandes")


def test_a_monthly_campaign_whose_last_send_is_weeks_before_the_data_ends_is_no_silence(tmp_path):
    # The last campaign on 3 June 2026: 27 days to 30 June, what a monthly sender leaves at every month's end.
    assert not [w for w in warnings(write_shop(tmp_path, (2026, 6))) if "e-mail events" in w]
    # On 3 May: 57 days, and 34 x (1 - 34 / 487) ^ 57 = 0.55, well within a monthly pace.
    assert not [w for w in warnings(write_shop(tmp_path, (2026, 5))) if "e-mail events" in w]
