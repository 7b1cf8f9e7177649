"""Sums over a period made of several time slices, added up without float noise."""

from __future__ import annotations

from kpiguard.metrics import compute


def test_a_period_of_several_slices_adds_up_to_the_cent(tmp_path):
    """A quarter computed with its months is the sum of their cents: 0.3, not 0.30000000000000004 in the CSV."""
    from kpiguard.spec import load_spec

    (tmp_path / "orders.csv").write_text("order_id,customer_id,ordered_at,revenue\na,x,2025-01-05 10:00,0.10\n"
                                         "b,y,2025-02-05 10:00,0.20\n", encoding="utf-8")
    (tmp_path / "kpis.yaml").write_text("version: 1\ndata:\n  tables: {orders: orders.csv}\n", encoding="utf-8")
    results = compute(load_spec(tmp_path / "kpis.yaml"), ["revenue"], ["2025-Q1"], grain="month")
    assert results.get("revenue", "2025-Q1").value == 0.3
