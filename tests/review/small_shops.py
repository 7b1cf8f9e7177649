"""Hand-made small and messy shops, written as CSV files: each with its spec and the verdicts expected of it,
worked out by hand (in the comments) before the review was run on it (tests/review/test_small_shops.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ORDERS_HEADER = "order_id,customer_id,ordered_at,revenue,status,utm_medium"
EVENTS_HEADER = "event_at,customer_id,campaign_id,event"


@dataclass
class Shop:
    name: str
    orders: list[str]
    spec: str
    as_of: str
    # kpi id -> (verdict, within_noise): within_noise None when it is not asked
    expected: dict[str, tuple[str, bool | None]]
    events: list[str] | None = None
    guardrails: dict[str, str] = field(default_factory=dict)  # kpi id -> expected status of its (only) guardrail
    warnings: list[str] = field(default_factory=list)  # substrings of the data checks expected

    def write(self, folder: Path) -> Path:
        (folder / "orders.csv").write_text("\n".join([ORDERS_HEADER, *self.orders]) + "\n", encoding="utf-8")
        tables = "    orders: orders.csv\n"
        if self.events is not None:
            (folder / "events.csv").write_text("\n".join([EVENTS_HEADER, *self.events]) + "\n", encoding="utf-8")
            tables += "    email_events: events.csv\n"
        head = f"version: 1\nname: {self.name}\ncurrency: EUR\ntimezone: UTC\ndata:\n  tables:\n{tables}"
        (folder / "kpis.yaml").write_text(head + self.spec, encoding="utf-8")
        return folder / "kpis.yaml"


def month(year: int, mo: int, n: int, amount: float | Callable[[int], float | None] = 100.0, *, last_day: int = 28,
          tag: str = "", medium: str = "", status: str = "completed") -> list[str]:
    """`n` orders over days 1..`last_day` of the month (the last on `last_day`), each by a customer of its own."""
    rows = []
    for i in range(n):
        day = last_day - (i * last_day) // n
        value = amount(i) if callable(amount) else amount
        rows.append(f"{tag}o{year}{mo:02}-{i},{tag}c{year}{mo:02}-{i},{year}-{mo:02}-{day:02} 12:00:00,"
                    f"{'' if value is None else value},{status},{medium}")
    return rows


def months(span: list[tuple[int, int]], n: int | Callable[[int, int], int], amount=100.0, **kw) -> list[str]:
    rows: list[str] = []
    for year, mo in span:
        rows += month(year, mo, n(year, mo) if callable(n) else n, amount, **kw)
    return rows


def ym(start: tuple[int, int], end: tuple[int, int]) -> list[tuple[int, int]]:
    """The months from `start` to `end`, both included."""
    out, (y, m) = [], start
    while (y, m) <= end:
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def email_month(year: int, mo: int, sent: int, opens: int, unsubscribes: int = 0) -> list[str]:
    """One campaign on the 3rd: `sent` recipients, the first `opens` open on the 4th, the last `unsubscribes`
    unsubscribe."""
    campaign = f"k{year}{mo:02}"
    rows = [f"{year}-{mo:02}-03 09:00:00,r{i},{campaign},sent" for i in range(sent)]
    rows += [f"{year}-{mo:02}-04 09:00:00,r{i},{campaign},open" for i in range(opens)]
    rows += [f"{year}-{mo:02}-04 10:00:00,r{i},{campaign},unsubscribe" for i in range(sent - unsubscribes, sent)]
    return rows


def shops() -> list[Shop]:
    found = []

    # 1. A B2B shop: 40 orders a month of about 2,000 EUR in 2025-H2, 42 in 2026-H1. Orders from 240 to 300 a
    # half-year by the end of 2026: 252 over 2026-H1 is 20 % of the way when 49.6 % of the horizon (181 of 365
    # days) has gone -> off track; the mark is 240 + 0.496 x 60 = 269.8, and 252 or fewer comes out of a level of
    # 269.8 about 14 % of the time -> within noise. Its AOV guardrail did not move -> held.
    found.append(Shop(
        "b2b", months(ym((2025, 7), (2025, 12)), 40, 2000.0) + months(ym((2026, 1), (2026, 6)), 42, 2000.0),
        """kpis:
  - id: orders
    metric: orders
    baseline: 2025-H2
    target: {from: 240, to: 300, by: 2026-12-31}
    cadence: month
    guardrails:
      - metric: aov
        max_decrease: 10%
""", "2026-06-30", {"orders": ("off_track", True)}, guardrails={"orders": "ok"}))

    # 2. A seasonal shop: 100 orders a month, 300 in November and December (1,600 orders in 2025); 112 a month
    # in 2026-H1 (+12 %). Revenue from 160k to 176k (+10 %) over a year by the end of 2026, judged on the last 12
    # months (2025-07..2026-06: 1,000 + 672 orders = 167.2k): attainment 7.2k / 16k = 45 %. Linear, 49.6 % was
    # due (off track); seasonal, 2025's January to June weighed 600 / 1,600 = 37.5 % -> on track.
    season = lambda y, m: 300 if m in (11, 12) else (112 if y == 2026 else 100)
    found.append(Shop(
        "seasonal", months(ym((2025, 1), (2026, 6)), season),
        """kpis:
  - id: revenue
    metric: revenue
    baseline: 2025
    target: {from: 160000, to: 176000, by: 2026-12-31}
    cadence: month
""", "2026-06-30", {"revenue": ("on_track", None)}))

    # 3. Launched in July 2025: 50 orders a month, 60 in 2026-H1. Orders from 300 to 400 a half-year by
    # 2026-06-30: 360 over 2026-H1, the horizon has come -> missed; 360 or fewer out of a level of 400 comes
    # about 2.4 % of the time -> not within noise. New customers 55 a month (recurring): 60 in June -> met,
    # healthy, and 60 or more out of 55 comes about 27 % of the time -> within noise.
    found.append(Shop(
        "launched-mid-year", months(ym((2025, 7), (2025, 12)), 50) + months(ym((2026, 1), (2026, 6)), 60),
        """kpis:
  - id: orders
    metric: orders
    baseline: 2025-H2
    target: {from: 300, to: 400, by: 2026-06-30}
    cadence: month
  - id: new-customers
    metric: new_customers
    target: {to: 55}
    cadence: month
""", "2026-06-30", {"orders": ("missed", False), "new-customers": ("healthy_success", True)}))

    # 4. A shop with a one-off huge order: 50 orders a month of 100 EUR; in May 2026 one order of 50,000.
    # AOV from 100 to 110 by 2026-06-30 (baseline 2025-H2): 2026-H1 gives (299 x 100 + 50,000) / 300 = 266.3 ->
    # met (healthy: no guardrail, and its implicit one, conversion, cannot be computed). The one order makes
    # the spread huge (sd about 2,880, se about 166): 266 against 110 is z = 0.94 -> within noise.
    huge = lambda i: 50000.0 if i == 0 else 100.0
    found.append(Shop(
        "one-huge-order",
        months(ym((2025, 7), (2026, 4)), 50) + month(2026, 5, 50, huge) + month(2026, 6, 50),
        """kpis:
  - id: aov
    metric: aov
    baseline: 2025-H2
    target: {from: 100, to: 110, by: 2026-06-30}
    cadence: month
""", "2026-06-30", {"aov": ("healthy_success", True)}))

    # 5. An e-mail list cleaned in January 2026: 2,000 e-mails a month and 300 opens (15 %) in 2025-H2, then
    # 1,000 a month and 250 opens (25 %). Open rate from 15 % to 22 % by 2026-06-30: 25 % over 2026-H1 -> met,
    # but opens fell (1,800 -> 1,500): had the e-mails held, 1,500 / 12,000 = 12.5 % -> hollow success. Its
    # unsubscribe guardrail: 10 a month both halves (0.5 % -> 1.0 %, +100 %, past "at most +20 %"), over 6,000
    # e-mails: 60 against 60, a rate doubled on thousands of cases -> breached, so toxic (and hollow).
    events = []
    for year, mo in ym((2025, 7), (2026, 6)):
        events += email_month(year, mo, 2000, 300, 10) if year == 2025 else email_month(year, mo, 1000, 250, 10)
    found.append(Shop(
        "list-cleaned", months(ym((2025, 7), (2026, 6)), 30),
        """kpis:
  - id: open-rate
    metric: email_open_rate
    baseline: 2025-H2
    target: {from: 15%, to: 22%, by: 2026-06-30}
    cadence: month
    guardrails:
      - metric: email_unsubscribe_rate
        max_increase: 20%
""", "2026-06-30", {"open-rate": ("toxic_success", None)}, events=events,
        guardrails={"open-rate": "breached"}))

    # 6. A shop whose amounts switched from EUR to USD in January 2026 (x 1.08, the same goods): revenue from
    # 60k to 63k a half-year by 2026-06-30 (100 orders a month of 100 EUR, then of 108): 64.8k -> met, healthy.
    # kpiguard has no currency per row to tell: a limit, not a verdict to fix (said in the report).
    found.append(Shop(
        "currency-change", months(ym((2025, 7), (2025, 12)), 100) + months(ym((2026, 1), (2026, 6)), 100, 108.0),
        """kpis:
  - id: revenue
    metric: revenue
    baseline: 2025-H2
    target: {from: 60000, to: 63000, by: 2026-06-30}
    cadence: month
""", "2026-06-30", {"revenue": ("healthy_success", None)}))

    # 7. A rate on 200 e-mails: 200 a month, 2 unsubscribes (1 %) until May 2026, 1 in June (0.5 %).
    # Unsubscribe rate to 0.5 % a month (recurring): June 0.5 % -> met, healthy; 1 or fewer out of 200 at a rate
    # of 0.5 % comes 74 % of the time -> within noise.
    events = []
    for year, mo in ym((2026, 1), (2026, 6)):
        events += email_month(year, mo, 200, 40, 1 if mo == 6 else 2)
    found.append(Shop(
        "tiny-list", months(ym((2026, 1), (2026, 6)), 20),
        """kpis:
  - id: unsubscribes
    metric: email_unsubscribe_rate
    target: {to: 0.5%}
    cadence: month
""", "2026-06-30", {"unsubscribes": ("healthy_success", True)}, events=events))

    # 8. Refunds written as negative orders: 100 orders a month of 100 EUR and 10 refunds of -100 a month.
    # Orders to 95 a month (recurring): June has 100 orders (the refunds are none) -> met; 100 or more out of a
    # level of 95 comes about 32 % of the time -> within noise. The data checks count the 60 refunds.
    refunds = lambda: [f"r{mo}-{i},c20260{mo}-{i},2026-0{mo}-2{i % 8} 15:00:00,-100,completed,"
                       for mo in range(1, 7) for i in range(10)]
    found.append(Shop(
        "refunds-as-orders", months(ym((2026, 1), (2026, 6)), 100) + refunds(),
        """kpis:
  - id: orders
    metric: orders
    target: {to: 95}
    cadence: month
""", "2026-06-30", {"orders": ("healthy_success", True)},
        warnings=["60 of 660 completed orders have a negative revenue"]))

    # 9. Orders without an amount: 60 orders a month of 100 EUR, 20 of June's without an amount. AOV to 100 a
    # month (recurring): June's is 100 (the orders without an amount are no part of it; it was 75) -> met.
    # (40 orders with an amount, fewer than 100 units: no noise test, within noise not asked.)
    june = lambda i: None if i < 20 else 100.0
    found.append(Shop(
        "missing-amounts", months(ym((2026, 1), (2026, 5)), 60) + month(2026, 6, 60, june),
        """kpis:
  - id: aov
    metric: aov
    target: {to: 100}
    cadence: month
""", "2026-06-30", {"aov": ("healthy_success", None)},
        warnings=["20 of 360 completed orders have no revenue"]))

    # 10. A big shop whose orders fell 10 % while its AOV rose: 5,000 orders of 100 EUR in May 2026, 4,500 of 117
    # in June. Revenue to 520k a month (recurring): June 526.5k -> met; orders "may fall by at most 5 %" against
    # the month before: 4,500 against a limit of 4,750, over 9,500 orders, p about 0.005 -> breached: toxic.
    found.append(Shop(
        "big-shop-fewer-orders", month(2026, 5, 5000) + month(2026, 6, 4500, 117.0),
        """kpis:
  - id: revenue
    metric: revenue
    target: {to: 520000}
    cadence: month
    guardrails:
      - metric: orders
        max_decrease: 5%
""", "2026-06-30", {"revenue": ("toxic_success", None)}, guardrails={"revenue": "breached"}))

    # 11. The same story in a B2B shop: 40 orders of 1,000 EUR in May 2026, 35 of 1,200 in June. Revenue to
    # 40k a month: June 42k -> met; orders -12.5 %, past "at most 5 %", but 35 against a limit of 38 over 75
    # orders comes by chance about 30 % of the time -> a warning, and a healthy success.
    found.append(Shop(
        "b2b-fewer-orders", month(2026, 5, 40, 1000.0) + month(2026, 6, 35, 1200.0),
        """kpis:
  - id: revenue
    metric: revenue
    target: {to: 40000}
    cadence: month
    guardrails:
      - metric: orders
        max_decrease: 5%
""", "2026-06-30", {"revenue": ("healthy_success", None)}, guardrails={"revenue": "breached_not_significant"}))

    # 12. A daily shop exported on June 15: 10 orders a day, 11 a day in June. Orders to 300 a month
    # (recurring), reviewed as of June 30: the days after the 15th are missing (the shop never went 15 days
    # without orders), so June is judged on its first 15 days against 150 -> 165: met; 165 or more out of 150
    # comes about 11 % of the time -> within noise.
    daily = []
    for year, mo in ym((2026, 1), (2026, 6)):
        days = 15 if mo == 6 else 28
        per_day = 11 if mo == 6 else 10
        daily += month(year, mo, days * per_day, last_day=days)
    found.append(Shop(
        "exported-mid-month", daily,
        """kpis:
  - id: orders
    metric: orders
    target: {to: 300}
    cadence: month
""", "2026-06-30", {"orders": ("healthy_success", True)}))

    # 13. A shop closed in August 2025: 20 orders a month, none in August. New customers to 5 a month
    # (recurring), reviewed as of 2025-08-31. Worked out first: 0 -> missed, not within noise (0 out of a level
    # of 5 comes 0.7 % of the time). The review says not evaluable: a month without any order row is `empty`,
    # never 0 (docs/canonical-schema.md, "Empty vs zero"), since the data cannot tell a closed shop from an export
    # that lost the month; the data checks say both. Kept as the documented rule: the expectation was wrong.
    found.append(Shop(
        "closed-in-august", months(ym((2025, 1), (2025, 7)), 20) + months(ym((2025, 9), (2025, 12)), 20),
        """kpis:
  - id: new-customers
    metric: new_customers
    target: {to: 5}
    cadence: month
""", "2025-08-31", {"new-customers": ("not_evaluable", None)}, warnings=["from 29 Jul 2025 to 1 Sep 2025"]))
    return found


__all__ = ["Shop", "shops"]
