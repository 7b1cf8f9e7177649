"""A small hand-made shop, written row by row, whose every metric value is worked out by hand in EXPECTED.

The story (timezone Europe/Paris, UTC+1 in winter; orders are stored as UTC instants, every other table in
local wall-clock time):
- c1 buys on Jan 5 (o1, by e-mail) and again on Jan 20 (o2, status missing = completed) and on Jun 30 (o11).
- c2 buys at 2025-01-31 23:30 UTC, i.e. Feb 1 00:30 in Paris (o3): a February order, and c2 is new in February.
  c2 buys again on Mar 20 (o6, no margin recorded), 47 days after the first order.
- c3's January order is cancelled (o4); the first completed order is Feb 14 (o5), the next May 1 (o12):
  76 days later, a repurchase within 90 days but not within 60.
- c4 orders at 2024-12-31 23:15 UTC = Jan 1 00:15 in Paris (o7) and again the same day (o8): the same
  calendar day is not a repurchase.
- c5 is an old customer (o9, Nov 2024); their January order is refunded (o10).
- No order at all in April 2025; the data ends on Jun 30, 2025.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path


def _utc(y, m, d, hh=0, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=UTC)


ORDERS_COLUMNS = ["order_id", "customer_id", "ordered_at", "revenue", "margin", "status", "utm_medium"]
ORDERS = [
    ("o1", "c1", _utc(2025, 1, 5, 9), 100.00, 30.00, "completed", "email"),
    ("o2", "c1", _utc(2025, 1, 20, 9), 50.00, 10.00, None, None),
    ("o3", "c2", _utc(2025, 1, 31, 23, 30), 80.00, 20.00, "completed", "cpc"),
    ("o4", "c3", _utc(2025, 1, 10, 12), 40.00, 8.00, "cancelled", "email"),
    ("o5", "c3", _utc(2025, 2, 14, 12), 60.50, 15.25, "completed", "email"),
    ("o6", "c2", _utc(2025, 3, 20, 12), 19.99, None, "completed", "email"),
    ("o7", "c4", _utc(2024, 12, 31, 23, 15), 10.00, 2.00, "completed", None),
    ("o8", "c4", _utc(2025, 1, 1, 10), 5.00, 1.00, "completed", None),
    ("o9", "c5", _utc(2024, 11, 15, 10), 30.00, 5.00, "completed", None),
    ("o10", "c5", _utc(2025, 1, 25, 10), 25.00, 5.00, "refunded", "email"),
    ("o11", "c1", _utc(2025, 6, 30, 10), 10.00, 2.00, "completed", None),
    ("o12", "c3", _utc(2025, 5, 1, 10), 12.00, 3.00, "completed", None),
]

ORDER_LINES_COLUMNS = ["order_id", "product_id", "quantity", "revenue"]
ORDER_LINES = [
    ("o1", "p1", 1, 60.00), ("o1", "p2", 2, 40.00),
    ("o2", "p2", 1, 50.00),
    ("o3", "p4", 1, 80.00),
    ("o4", "p3", 5, 40.00),
    ("o5", "p1", 1, 60.50),
    ("o6", "p1", 1, 19.99),
    ("o7", "p2", 1, 10.00),
    ("o8", "p2", 1, 5.00),
    ("o9", "p2", 1, 30.00),
    ("o11", "p2", 1, 10.00),
    ("o12", "p1", 1, 12.00),
]

PRODUCTS_COLUMNS = ["product_id", "category", "launched_at", "unit_cost"]
PRODUCTS = [
    ("p1", "mugs", date(2024, 12, 20), 20.0),   # o6 on Mar 20 is exactly 90 days after launch: still new
    ("p2", "tea", date(2024, 1, 1), 5.0),
    ("p3", "pots", date(2024, 6, 1), 15.0),
    ("p4", "mugs", date(2025, 1, 15), 30.0),
]

INVENTORY_COLUMNS = ["snapshot_date", "product_id", "on_hand"]
INVENTORY = [
    (date(2024, 12, 31), "p1", 10), (date(2024, 12, 31), "p2", 5), (date(2024, 12, 31), "p3", 7),
    (date(2024, 12, 31), "p4", 0),
    (date(2025, 1, 31), "p1", 9), (date(2025, 1, 31), "p2", 2), (date(2025, 1, 31), "p3", 7),
    (date(2025, 1, 31), "p4", 20),
    (date(2025, 2, 28), "p1", 8), (date(2025, 2, 28), "p2", 2), (date(2025, 2, 28), "p3", 0),
    (date(2025, 2, 28), "p4", 19),
    (date(2025, 3, 31), "p1", 7), (date(2025, 3, 31), "p2", 0), (date(2025, 3, 31), "p3", 0),
    (date(2025, 3, 31), "p4", 19),
]

EMAIL_COLUMNS = ["event_at", "customer_id", "campaign_id", "event"]
EMAIL_EVENTS = [
    (datetime(2025, 1, 10, 8), "c1", "k1", "sent"), (datetime(2025, 1, 10, 8), "c2", "k1", "sent"),
    (datetime(2025, 1, 10, 8), "c4", "k1", "sent"),
    (datetime(2025, 1, 10, 8, 1), "c1", "k1", "delivered"), (datetime(2025, 1, 10, 8, 1), "c2", "k1", "delivered"),
    (datetime(2025, 1, 10, 8, 1), "c4", "k1", "bounce"),
    (datetime(2025, 1, 10, 9), "c1", "k1", "open"), (datetime(2025, 1, 11, 9), "c1", "k1", "open"),
    (datetime(2025, 1, 10, 9, 5), "c1", "k1", "click"),
    (datetime(2025, 2, 2, 10), "c2", "k1", "open"), (datetime(2025, 2, 2, 10, 1), "c2", "k1", "unsubscribe"),
    (datetime(2025, 2, 20, 8), "c1", "k2", "sent"), (datetime(2025, 2, 20, 8), "c3", "k2", "sent"),
    (datetime(2025, 2, 20, 8, 1), "c1", "k2", "delivered"), (datetime(2025, 2, 20, 8, 1), "c3", "k2", "delivered"),
    (datetime(2025, 2, 20, 9), "c3", "k2", "open"),
    (datetime(2025, 2, 21, 9), "c3", "k2", "click"), (datetime(2025, 2, 21, 10), "c3", "k2", "click"),
]

SESSIONS_COLUMNS = ["session_id", "started_at", "visitor_id", "customer_id", "source", "order_id"]
SESSIONS = [
    ("s1", datetime(2025, 1, 5, 9, 50), "v1", "c1", "email", "o1"),
    ("s2", datetime(2025, 1, 5, 14), "v1", None, "seo", None),
    ("s3", datetime(2025, 1, 20, 8), "v2", "c1", "direct", "o2"),
    ("s4", datetime(2025, 1, 21, 8), "v3", None, "seo", None),
    ("s5", datetime(2025, 2, 1, 0, 20), "v4", "c2", "cpc", "o3"),
    ("s6", datetime(2025, 2, 14, 12), "v5", "c3", "email", "o5"),
    ("s7", datetime(2025, 2, 15, 12), "v5", None, "direct", None),
]

CREATIVES_COLUMNS = ["creative_id", "launched_at", "is_hit"]
CREATIVES = [
    ("cr1", datetime(2025, 1, 3, 10), True), ("cr2", datetime(2025, 1, 15, 10), False),
    ("cr3", datetime(2025, 1, 28, 10), False), ("cr4", datetime(2025, 2, 10, 10), True),
    ("cr5", datetime(2025, 2, 11, 10), True),
]

CUSTOMERS_COLUMNS = ["customer_id", "created_at", "acquisition_channel"]
CUSTOMERS = [(f"c{i}", datetime(2024, 10, i, 10), "seo") for i in range(1, 6)]

TABLES = {
    "orders": (ORDERS_COLUMNS, ORDERS),
    "order_lines": (ORDER_LINES_COLUMNS, ORDER_LINES),
    "products": (PRODUCTS_COLUMNS, PRODUCTS),
    "inventory": (INVENTORY_COLUMNS, INVENTORY),
    "email_events": (EMAIL_COLUMNS, EMAIL_EVENTS),
    "sessions": (SESSIONS_COLUMNS, SESSIONS),
    "creatives": (CREATIVES_COLUMNS, CREATIVES),
    "customers": (CUSTOMERS_COLUMNS, CUSTOMERS),
}

PERIODS = ["2025-01", "2025-02", "2025-03", "2025-Q1"]

# Every value worked out by hand from the rows above: (2025-01, 2025-02, 2025-03, 2025-Q1).
# None = not a number: the status is given in STATUSES.
EXPECTED: dict[str, tuple] = {
    # completed orders: Jan o1 100 + o2 50 + o7 10 + o8 5; Feb o3 80 + o5 60.50; Mar o6 19.99
    "revenue": (165.00, 140.50, 19.99, 325.49),
    "orders": (4, 2, 1, 7),
    "aov": (165 / 4, 140.5 / 2, 19.99, 325.49 / 7),
    # o6 has no margin: March has a matching row but nothing to add up -> unknown, the quarter ignores it
    "margin": (43.00, 35.25, None, 78.25),
    "active_customers": (2, 2, 1, 4),              # Jan c1 c4; Feb c2 c3; Mar c2; Q1 c1..c4
    "new_customers": (2, 2, 0, 4),                 # Jan c1 c4 (o7 is Jan 1 in Paris); Feb c2 c3
    "email_revenue": (100.00, 60.50, 19.99, 180.49),
    "email_revenue_share": (100 / 165, 60.5 / 140.5, 1.0, 180.49 / 325.49),
    "emails_sent": (3, 2, None, 5),                # no e-mail event at all in March: empty
    "emails_delivered": (2, 2, None, 4),
    "email_opens": (1, 2, None, 3),                # (k1,c1) ; (k1,c2) and (k2,c3) ; once per campaign
    "email_clicks": (1, 1, None, 2),
    "email_unsubscribes": (0, 1, None, 1),
    "email_open_rate": (0.5, 1.0, None, 0.75),
    "email_click_rate": (0.5, 0.5, None, 0.5),
    "email_unsubscribe_rate": (0.0, 0.5, None, 0.25),
    "revenue_per_email": (100 / 3, 60.5 / 2, None, 180.49 / 5),
    # Jan cohort c1 (back Jan 20) c4 (same day only); Feb cohort c2 (back Mar 20, 47 d) c3 (back May 1, 76 d)
    "repurchase_rate_60d": (0.5, 0.5, None, 0.5),
    "repurchase_rate_90d": (0.5, 1.0, None, 0.75),
    "sessions": (4, 3, None, 7),
    "visitors": (3, 2, None, 5),
    "converting_sessions": (2, 2, None, 4),
    "conversion_rate": (0.5, 2 / 3, None, 4 / 7),
    "orders_per_converting_session": (2.0, 1.0, None, 7 / 4),
    "revenue_per_visitor": (55.0, 70.25, None, 325.49 / 5),
    # lines of completed orders; new = sold 0..90 days after launch (p1 from Dec 20, p4 from Jan 15)
    "line_revenue": (165.00, 140.50, 19.99, 325.49),
    "new_product_revenue": (60.00, 140.50, 19.99, 220.49),
    "new_product_revenue_share": (60 / 165, 1.0, 1.0, 220.49 / 325.49),
    # stock at start (last snapshot before) and no sale in the 90 days before:
    # Jan: p1 (10) p3 (7), p2 sold in Nov; Feb: p3 (7) p4 (20); Mar: none; Q1 = Jan; p3 hits 0 on Feb 28
    "dormant_skus": (2, 2, 0, 2),
    "dormant_stock_units": (17, 27, 0, 17),
    "dormant_skus_cleared": (0, 1, 0, 1),
    "creative_concepts_launched": (3, 2, None, 5),
    "creative_hits": (1, 2, None, 3),
    "creative_hit_rate": (1 / 3, 1.0, None, 0.6),
}
STATUSES: dict[tuple[str, str], str] = {
    ("margin", "2025-03"): "null",
    ("repurchase_rate_60d", "2025-03"): "division_by_zero",   # no new customer in March
    ("repurchase_rate_90d", "2025-03"): "division_by_zero",
}
for _metric, _values in EXPECTED.items():
    for _period, _value in zip(PERIODS, _values):
        if _value is None:
            STATUSES.setdefault((_metric, _period), "empty")


def write_parquet(directory: Path, tables: dict | None = None) -> dict[str, Path]:
    """Write each table as Parquet (orders with UTC instants, the rest naive local times); return the paths."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {
        "ordered_at": pa.timestamp("us", tz="UTC"), "event_at": pa.timestamp("us"),
        "started_at": pa.timestamp("us"), "created_at": pa.timestamp("us"),
        "snapshot_date": pa.date32(), "revenue": pa.float64(), "margin": pa.float64(), "unit_cost": pa.float64(),
        "quantity": pa.int64(), "on_hand": pa.int64(), "is_hit": pa.bool_(),
    }
    directory.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, (columns, rows) in (tables or TABLES).items():
        arrays = []
        for i, column in enumerate(columns):
            values = [row[i] for row in rows]
            if column == "launched_at":
                kind = pa.date32() if name == "products" else pa.timestamp("us")
            else:
                kind = types.get(column, pa.string())
            arrays.append(pa.array(values, type=kind))
        path = directory / f"{name}.parquet"
        pq.write_table(pa.Table.from_arrays(arrays, names=columns), path)
        paths[name] = path
    return paths


SPEC = """\
version: 1
name: Hand-made shop
currency: EUR
timezone: Europe/Paris
data:
  engine: {engine}
  tables:
{tables}
metrics:
  big_orders:
    type: simple
    table: orders
    measure: count(*)
    filter: revenue >= 60 and coalesce(status, 'completed') = 'completed'
    kind: count
  revenue_after_margin:
    type: derived
    expr: revenue - margin
    kind: amount
  mug_line_revenue:          # order lines read their order's status and their product's category
    type: simple
    table: order_lines
    measure: sum(revenue)
    filter: coalesce(status, 'completed') = 'completed' and lower(trim(category)) = 'mugs'
  units_per_order:
    type: simple
    table: order_lines
    measure: sum(quantity) * 1.0 / count(distinct order_id)
    filter: coalesce(status, 'completed') = 'completed'
  mug_buyers:
    type: simple
    table: order_lines
    measure: count(distinct customer_id)
    filter: coalesce(status, 'completed') = 'completed' and category = 'mugs'
  repeat_customers:
    type: builtin
    params: {{computation: active_customers, min_orders: 2}}
  first_order_revenue:
    type: builtin
    params: {{computation: first_orders, measure: revenue}}
  revenue_to_tens:
    type: simple
    table: orders
    measure: sum(round(revenue, -1))
    filter: coalesce(status, 'completed') = 'completed'
  email_like_orders:
    type: simple
    table: orders
    measure: count(*)
    filter: >-
      coalesce(status, 'completed') = 'completed' and replace(upper(trim(coalesce(utm_medium, ''))), 'MAIL', '') = 'E'
      and substr(utm_medium, 2, 3) = 'mai' and left(utm_medium, 2) = 'em' and right(utm_medium, 2) = 'il'
      and starts_with(utm_medium, 'ema') and ends_with(utm_medium, 'ail') and contains(utm_medium, 'ma')
      and length(ltrim(rtrim(utm_medium))) = 5
  orders_with_cents:
    type: simple
    table: orders
    measure: sum(ceil(revenue) - floor(revenue))
    filter: coalesce(status, 'completed') = 'completed'
kpis: []
"""


def spec_text(tables: dict[str, str], engine: str = "duckdb") -> str:
    lines = "\n".join(f"    {name}: {value}" for name, value in tables.items())
    return SPEC.format(engine=engine, tables=lines)
