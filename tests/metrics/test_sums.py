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


def test_amounts_a_csv_stores_as_floats_add_up_to_the_cent_in_one_slice(tmp_path):
    """A CSV's amounts are binary floats: the engine's sum of 0.10, 0.20 and 0.30 over one month was
    0.6000000000000001 in `compute --format csv` and in JSON (465150.1600000015 over a year of a real shop). Money
    columns are added up as decimals, as `sum(CAST(revenue AS DECIMAL(38, 9)))` by hand; so are the order lines
    and the segments."""
    import duckdb

    from kpiguard.metrics import compute_segments
    from kpiguard.metrics.formats import to_csv
    from kpiguard.spec import load_spec

    (tmp_path / "orders.csv").write_text(
        "order_id,customer_id,ordered_at,revenue,utm_medium\na,x,2025-01-05 10:00,0.10,email\n"
        "b,y,2025-01-06 10:00,0.20,email\nc,y,2025-01-07 10:00,0.30,email\n", encoding="utf-8")
    (tmp_path / "lines.csv").write_text("order_id,product_id,quantity,revenue\na,p,1,0.10\nb,p,1,0.20\nc,p,1,0.30\n",
                                        encoding="utf-8")
    (tmp_path / "kpis.yaml").write_text("version: 1\ndata:\n  tables: {orders: orders.csv, order_lines: lines.csv}\n",
                                        encoding="utf-8")
    spec = load_spec(tmp_path / "kpis.yaml")
    by_hand = duckdb.sql(f"SELECT sum(CAST(revenue AS DECIMAL(38, 9))), sum(revenue) FROM '{tmp_path / 'orders.csv'}'"
                         ).fetchall()[0]
    assert float(by_hand[0]) == 0.6 != by_hand[1]
    results = compute(spec, ["revenue", "line_revenue"], ["2025-01"])
    assert [v.value for v in results.values()] == [0.6, 0.6]
    assert ",0.6,ok," in to_csv(results)
    assert compute_segments(spec, "revenue", ["2025-01"], "channel").get("2025-01") == {"email": 0.6}
