"""Amounts stored as integer cents (Stripe's `amount`, some Shopify and payment exports), declared under
data.amounts and read in the currency by the engine. Every value is checked against a hand-written DuckDB query."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from kpiguard.cli import _register, app
from kpiguard.errors import DataError, SpecError
from kpiguard.metrics import compute
from kpiguard.spec import load_spec

_register()

# A Stripe charges export: amounts in cents, times in UTC, one refunded and one failed charge.
STRIPE = (
    "id,Created (UTC),Amount,Amount Refunded,Status,Customer ID\r\n"
    "ch_1,2025-01-03 09:00:00,1999,0,succeeded,cus_a\r\n"
    "ch_2,2025-01-17 14:30:00,501,0,succeeded,cus_b\r\n"
    "ch_3,2025-01-31 23:30:00,12345,0,succeeded,cus_a\r\n"
    "ch_4,2025-02-02 08:00:00,7000,7000,refunded,cus_c\r\n"
    "ch_5,2025-02-10 10:00:00,333,0,failed,cus_d\r\n"
    "ch_6,2025-02-11 11:00:00,,0,succeeded,cus_e\r\n"
    "ch_7,2025-02-12 12:00:00,1,0,succeeded,cus_e\r\n"
)
SPEC = """version: 1
timezone: Europe/Paris
data:
  tables:
    orders: charges.csv
  columns:
    orders: {order_id: id, ordered_at: "Created (UTC)", revenue: Amount, status: Status, customer_id: Customer ID}
  values:
    orders: {status: {completed: succeeded, cancelled: failed}}
  timezones:
    orders: UTC
  amounts:
    orders: {revenue: cents}
"""


def _shop(tmp_path: Path, spec: str = SPEC) -> Path:
    (tmp_path / "charges.csv").write_bytes(STRIPE.encode())
    (tmp_path / "kpis.yaml").write_text(spec, encoding="utf-8")
    return tmp_path / "kpis.yaml"


def _by_hand(tmp_path: Path) -> dict[str, list]:
    """Revenue, orders and aov of January and February in Paris, by hand, from the file itself."""
    con = duckdb.connect()
    con.execute("SET TimeZone = 'Europe/Paris'")
    rows = con.execute(f"""
        WITH c AS (SELECT "Amount" AS amount, "Status" AS status,
                          timezone('UTC', "Created (UTC)"::TIMESTAMP) AS t
                   FROM read_csv_auto('{tmp_path / "charges.csv"}'))
        SELECT strftime(t::TIMESTAMP, '%Y-%m') AS month, sum(amount) / 100.0, count(*) FILTER (WHERE amount >= 0),
               sum(amount) / 100.0 / count(*) FILTER (WHERE amount >= 0)
        FROM c WHERE status = 'succeeded' GROUP BY 1 ORDER BY 1""").fetchall()
    return {"revenue": [float(r[1]) for r in rows], "orders": [r[2] for r in rows], "aov": [float(r[3]) for r in rows]}


def test_amounts_in_cents_are_summed_and_averaged_in_the_currency(tmp_path):
    """By hand: January 19.99 + 5.01 (ch_3 is February 1st in Paris) = 25.00 over 2 orders; February 123.45 +
    0.01 = 123.46 over 2 orders (ch_6 has no amount: no order, docs/canonical-schema.md). Without data.amounts
    they came out 100 times too large."""
    spec = _shop(tmp_path)
    results = compute(load_spec(spec), ["revenue", "orders", "aov"], ["2025-01", "2025-02"])
    got = {m: [float(results.get(m, p).value) for p in ("2025-01", "2025-02")] for m in ("revenue", "orders", "aov")}
    expected = _by_hand(tmp_path)
    assert expected == {"revenue": [25.0, 123.46], "orders": [2, 2], "aov": [12.5, pytest.approx(123.46 / 2)]}
    assert got["revenue"] == expected["revenue"]
    assert got["orders"] == expected["orders"]
    assert got["aov"] == pytest.approx(expected["aov"])
    out = CliRunner().invoke(app, ["compute", str(spec), "-m", "revenue", "-m", "aov", "-p", "2025-02"])
    assert out.exit_code == 0, out.output
    assert "€123.46" in out.output and "€61.73" in out.output


def test_filters_and_custom_metrics_over_cents_read_the_currency(tmp_path):
    """A custom metric `sum(revenue)` of orders of at least 100 (in euros, as everything the spec writes): only
    ch_3's 123.45 is one. Read in cents, 1999 and 501 passed the filter too."""
    spec = _shop(tmp_path, SPEC + "metrics:\n  big_revenue: {table: orders, measure: sum(revenue), "
                                  "filter: \"revenue >= 100 and status = 'completed'\"}\n")
    results = compute(load_spec(spec), ["big_revenue"], ["2025-01", "2025-02"])
    assert [float(results.get("big_revenue", p).value) for p in ("2025-01", "2025-02")] == [0.0, 123.45]


def test_cents_written_as_text_are_read_as_numbers(tmp_path):
    """A Parquet file of text cents (a pandas object column): read as numbers, then in the currency."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"order_id": ["1", "2", "3"],
                             "ordered_at": ["2025-01-05 10:00:00", "2025-01-06 10:00:00", "2025-01-07 10:00:00"],
                             "revenue": ["1999", " 1 ", ""]}), tmp_path / "orders.parquet")
    (tmp_path / "kpis.yaml").write_text("version: 1\ndata:\n  tables: {orders: orders.parquet}\n"
                                        "  amounts: {orders: {revenue: cents}}\n", encoding="utf-8")
    assert float(compute(load_spec(tmp_path / "kpis.yaml"), ["revenue"], ["2025-01"]).get("revenue", "2025-01").value) \
        == 20.0


def test_amounts_said_in_cents_that_are_not_whole_are_refused_at_the_declaration(tmp_path):
    spec = _shop(tmp_path)
    (tmp_path / "charges.csv").write_bytes(STRIPE.replace(",501,", ",5.01,").encode())
    with pytest.raises(DataError) as info:
        compute(load_spec(spec), ["revenue"], ["2025-01"])
    diagnostic = info.value.diagnostics[0]
    assert "column 'Amount' (revenue) is in cents, but it holds 5.01" in diagnostic.message
    assert diagnostic.location.line == SPEC.splitlines().index("  amounts:") + 2


@pytest.mark.parametrize(("amounts", "says"), [
    ("{revenue: cent}", "expected one of cents, units, got 'cent'; did you mean 'cents'?"),
    ("{status: cents}", "'status' is not an amount of table 'orders'; its amounts are revenue, margin"),
    ("{Amount: cents}", "'Amount' is mapped to 'revenue' under data.columns.orders; data.amounts names kpiguard's "
                        "column: write revenue"),
])
def test_data_amounts_are_checked_by_validate(tmp_path, amounts, says):
    spec = _shop(tmp_path, SPEC.replace("{revenue: cents}", amounts))
    with pytest.raises(SpecError) as info:
        load_spec(spec)
    assert says in info.value.diagnostics[0].message
    out = CliRunner().invoke(app, ["validate", str(spec)])
    assert out.exit_code == 2 and says in out.output
