"""A tiny hand-made shop whose KPIs get each verdict; the numbers are chosen so that they can be checked by hand.

Every order is worth 100 EUR of revenue and 30 EUR of margin, placed by a customer of its own. Orders per month:

| months            | ads | email | social | sms |
|-------------------|-----|-------|--------|-----|
| 2025-01..2025-12  | 800 | 200   | 100    | 100 |
| 2026-01..2026-05  | 800 | 200   | 100    | 150 |
| 2026-06           | 500 | 200   | 100    | 150 |

E-mails: one campaign a month sent to 2500 recipients in 2025, 2000 in 2026; 400 open (350 in 2026-06),
10 unsubscribe (40 in 2026-06).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

MONTHS = [(2025, m) for m in range(1, 13)] + [(2026, m) for m in range(1, 7)]

SPEC = """\
version: 1
name: Verdict matrix shop
currency: EUR
timezone: UTC
data:
  tables:
    orders: orders.parquet
    email_events: email_events.parquet
metrics:
  sms_revenue:
    type: simple
    table: orders
    measure: sum(revenue)
    filter: utm_medium = 'sms'
    kind: amount
    unit: EUR
    direction: up
  social_revenue:
    type: simple
    table: orders
    measure: sum(revenue)
    filter: utm_medium = 'social'
    kind: amount
    unit: EUR
    direction: up
  social_revenue_share:
    type: ratio
    numerator: social_revenue
    denominator: revenue
    ratio_of: share
    unit: "%"
    direction: up
kpis:
  - id: email-share
    statement: "20 % of monthly revenue via e-mail"
    metric: email_revenue_share
    level: output
    target: {to: 20%}
    cadence: month
    guardrails:
      - metric: email_unsubscribe_rate
        max_increase: 20%
  - id: social-share
    metric: social_revenue_share
    level: output
    target: {to: 10%}
    cadence: month
    guardrails:
      - metric: email_open_rate
        max_decrease: 10%
  - id: sms-healthy
    metric: sms_revenue
    level: output
    baseline: 2025-H2
    target: {from: 60000, to: 85000, by: 2026-12-31}
    cadence: month
    guardrails:
      - metric: revenue
        max_decrease: 5%
  - id: sms-on-track
    metric: sms_revenue
    level: outcome
    baseline: 2025-H2
    target: {from: 60000, to: 110000, by: 2026-12-31}
    cadence: month
  - id: sms-seasonal
    metric: sms_revenue
    level: output
    baseline: 2025-H2
    seasonal: true
    target: {from: 60000, to: 110000, by: 2026-12-31}
    cadence: month
  - id: sms-off-track
    metric: sms_revenue
    level: output
    baseline: 2025-H2
    target: {from: 50000, to: 200000, by: 2026-12-31}
    cadence: month
  - id: sms-missed
    metric: sms_revenue
    level: output
    baseline: 2025-Q3
    target: {from: 30000, to: 50000, by: 2026-03-31}
    cadence: month
  - id: email-revenue
    metric: email_revenue
    level: output
    baseline: 2025-H2
    target: {from: 120000, to: 150000, by: 2026-12-31}
    cadence: month
    guardrails:
      - metric: emails_sent
        min: 10000
  - id: conversion
    metric: conversion_rate
    level: output
    target: {to: 5%}
    cadence: month
"""


def _orders_in(year: int, month: int) -> dict[str, int]:
    if year == 2025:
        return {"ads": 800, "email": 200, "social": 100, "sms": 100}
    return {"ads": 500 if month == 6 else 800, "email": 200, "social": 100, "sms": 150}


def write_shop(folder: Path) -> Path:
    """Write the Parquet files and the spec into `folder`; return the spec's path."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    orders: dict[str, list] = {k: [] for k in ("order_id", "customer_id", "ordered_at", "revenue", "margin",
                                               "status", "utm_medium")}
    events: dict[str, list] = {k: [] for k in ("event_at", "customer_id", "campaign_id", "event")}
    n = 0
    for year, month in MONTHS:
        for channel, count in _orders_in(year, month).items():
            for i in range(count):
                n += 1
                orders["order_id"].append(f"o{n}")
                orders["customer_id"].append(f"c{n}")
                orders["ordered_at"].append(datetime(year, month, 1 + i % 28, 12))
                orders["revenue"].append(100.0)
                orders["margin"].append(30.0)
                orders["status"].append("completed")
                orders["utm_medium"].append(channel)
        campaign = f"camp-{year}-{month:02d}"
        opens = 350 if (year, month) == (2026, 6) else 400
        unsubscribes = 40 if (year, month) == (2026, 6) else 10
        for r in range(2500 if year == 2025 else 2000):
            day = datetime(year, month, 2, 9)
            recipient = f"r{r}"
            events["event_at"].append(day)
            events["customer_id"].append(recipient)
            events["campaign_id"].append(campaign)
            events["event"].append("sent")
            if r < opens:
                events["event_at"].append(datetime(year, month, 3, 9))
                events["customer_id"].append(recipient)
                events["campaign_id"].append(campaign)
                events["event"].append("open")
            if r < unsubscribes:
                events["event_at"].append(datetime(year, month, 4, 9))
                events["customer_id"].append(recipient)
                events["campaign_id"].append(campaign)
                events["event"].append("unsubscribe")
    folder.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.table(orders), folder / "orders.parquet")
    pq.write_table(pa.table(events), folder / "email_events.parquet")
    spec = folder / "kpis.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    return spec
