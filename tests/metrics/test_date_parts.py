"""Parts of a date or a time in a custom metric's expressions read the time as the periods read it: local."""

from __future__ import annotations

import pytest

from kpiguard.metrics import compute
from kpiguard.spec import load_spec
from kpiguard.spec.periods import parse_period

# A Stripe-like export: naive times written in UTC (`data.timezones: {orders: UTC}`), read in Europe/Paris.
ORDERS = """order_id,customer_id,ordered_at,revenue
a1,c1,2025-01-31 23:30:00,10
a2,c2,2025-02-10 11:00:00,20
a3,c3,2025-02-22 22:15:00,30
a4,c1,2025-02-28 23:10:00,40
"""


@pytest.fixture
def utc_shop(tmp_path):
    (tmp_path / "orders.csv").write_text(ORDERS, encoding="utf-8")
    (tmp_path / "kpis.yaml").write_text(
        "version: 1\ntimezone: Europe/Paris\ndata:\n  tables: {orders: orders.csv}\n  timezones: {orders: UTC}\n"
        "metrics:\n"
        "  midnight_orders: {type: simple, table: orders, measure: count(*), filter: hour(ordered_at) = 0}\n"
        "  first_day_revenue:\n    type: simple\n    table: orders\n"
        "    measure: sum(case when extract(day from ordered_at) = 1 then revenue else 0 end)\n"
        "  weekend_orders:\n    type: simple\n    table: orders\n    measure: count(*)\n"
        "    filter: extract(dow from ordered_at) in (0, 6)\n"
        "kpis: []\n", encoding="utf-8")
    return load_spec(tmp_path / "kpis.yaml")


def test_date_parts_read_local_time_of_a_table_written_in_utc(utc_shop):
    """February in Paris holds a1 (00:30 on Saturday 1st, 23:30 UTC the day before), a2 (12:00 on Monday 10th)
    and a3 (23:15 on Saturday 22nd); a4 is 00:10 on Saturday 1 March there. Read as written in UTC, a1 would be
    23:30 on Friday 31 January: no order at midnight, none on the 1st, one on a weekend."""
    feb = parse_period("2025-02")
    results = compute(utc_shop, ["midnight_orders", "first_day_revenue", "weekend_orders"], [feb])
    assert results.get("midnight_orders", feb).value == 1           # a1
    assert results.get("first_day_revenue", feb).value == 10        # a1
    assert results.get("weekend_orders", feb).value == 2            # a1, a3
