"""Dates of an export beyond the column that places its rows in time (a shipping date, a customer's first order, an
e-mail's send date), read as the dates they write when a metric compares them with a day, whatever the CSV
reader's guess: `07/01/2026` compared as text with `'2026-01-06'` said nothing of time. Each value is checked
against a hand-written DuckDB query."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from kpiguard.errors import DataError
from kpiguard.metrics import compute
from kpiguard.spec import load_spec

# A French back office's orders: times and shipping dates day first; only the order times have a day above 12.
ORDERS = ("order_id;customer_id;ordered_at;revenue;shipped_on\n"
          "1;a;05/01/2026 10:00;10,50;07/01/2026\n"
          "2;b;07/01/2026 11:00;20,00;09/01/2026\n"
          "3;c;20/01/2026 11:00;30,00;02/02/2026\n"
          "4;d;03/02/2026 09:00;40,00;04/02/2026\n")
PERIODS = (("2026-01", "2026-01-01", "2026-02-01"), ("2026-02", "2026-02-01", "2026-03-01"))


def _spec(directory: Path, tables: str, metrics: str, extra: str = "") -> Path:
    path = directory / "kpis.yaml"
    path.write_text(f"version: 1\ntimezone: Europe/Paris\ndata:\n  tables: {tables}\n{extra}metrics:\n{metrics}",
                    encoding="utf-8")
    return path


def _values(spec: Path, metric: str) -> list[float | None]:
    results = compute(load_spec(spec), [metric], [p for p, _, _ in PERIODS])
    return [None if v.value is None else float(v.value) for v in results.values()]


def _by_hand(path: Path, select: str, where: str, time: str) -> list[float]:
    """`select` over the rows of each period by `time`, read by hand with the formats the file writes."""
    con = duckdb.connect()
    con.execute(f"CREATE VIEW t AS SELECT * FROM read_csv('{path}', all_varchar = true)")
    return [float(con.execute(f"SELECT coalesce({select}, 0) FROM t WHERE {time} >= DATE '{lo}' "
                              f"AND {time} < DATE '{hi}' AND {where}").fetchone()[0])
            for _, lo, hi in PERIODS]


def test_a_text_date_compared_with_a_day_is_read_as_a_date_in_the_order_the_table_writes(tmp_path):
    """`shipped_on < '2026-02-03'` compared the text '07/01/2026' with '2026-02-03' (false, as '0' < '2' is not
    the question): 0 in both months. The order times (20/01/2026) tell that the export writes days first."""
    (tmp_path / "orders.csv").write_text(ORDERS, encoding="utf-8")
    spec = _spec(tmp_path, "{orders: orders.csv}",
                 "  shipped_early:\n    type: simple\n    table: orders\n    measure: sum(revenue)\n"
                 "    filter: ordered_at >= '2026-01-06' and shipped_on < '2026-02-03'\n"
                 "  shipped_in_february: {type: simple, table: orders, measure: count(*), filter: month(shipped_on) = 2}\n")
    ordered = "strptime(ordered_at, '%d/%m/%Y %H:%M')"
    shipped = "strptime(shipped_on, '%d/%m/%Y')"
    expected = _by_hand(tmp_path / "orders.csv", "sum(replace(revenue, ',', '.')::DECIMAL(10, 2))",
                        f"{ordered} >= DATE '2026-01-06' AND {shipped} < DATE '2026-02-03'", ordered)
    assert expected == [50.0, 0.0]
    assert _values(spec, "shipped_early") == expected
    assert _values(spec, "shipped_in_february") == _by_hand(
        tmp_path / "orders.csv", "count(*)", f"month({shipped}) = 2", ordered) == [1.0, 1.0]


def test_a_text_date_nothing_tells_the_order_of_is_refused_with_two_different_readings(tmp_path):
    """The order times are ISO here: nothing tells whether 02/01/2026 is 2 January or 1 February."""
    (tmp_path / "orders.csv").write_text("order_id,ordered_at,revenue,shipped_on\n1,2026-01-05,10,02/01/2026\n"
                                         "2,2026-01-06,10,01/01/2026\n", encoding="utf-8")
    spec = _spec(tmp_path, "{orders: orders.csv}",
                 "  early: {type: simple, table: orders, measure: count(*), filter: \"shipped_on < '2026-01-15'\"}\n")
    with pytest.raises(DataError) as info:
        _values(spec, "early")
    message = info.value.diagnostics[0].message
    assert "column 'shipped_on' of table 'orders' writes dates with the day and the month before the year" in message
    assert "'02/01/2026' is 2026-01-02 (day first) or 2026-02-01 (month first)" in message
    spec.write_text(spec.read_text(encoding="utf-8").replace("metrics:", "  date_order: {orders: month_first}\n"
                                                             "metrics:"), encoding="utf-8")
    assert _values(spec, "early") == [1.0, None]  # shipped on 1 February and on 1 January: one before the 15th


CUSTOMERS = ("customer_id,created_at,first_order_at\nc1,2026-01-03,05/01/2026\nc2,2026-01-04,07/01/2026\n"
             "c3,2026-02-01,03/02/2026\nc4,2026-02-05,08/02/2026\n")


@pytest.mark.parametrize("order, fmt", [("day_first", "%d/%m/%Y"), ("month_first", "%m/%d/%Y")])
def test_a_date_order_declared_for_a_table_s_other_dates_is_used_not_refused(tmp_path, order, fmt):
    """customers.created_at is ISO and first_order_at day first: the entry was refused as 'changing nothing'
    because only created_at was looked at, and the filter compared text."""
    (tmp_path / "customers.csv").write_text(CUSTOMERS, encoding="utf-8")
    spec = _spec(tmp_path, "{customers: customers.csv}",
                 "  late_first: {type: simple, table: customers, measure: count(*), "
                 "filter: \"first_order_at >= '2026-01-06'\"}\n", extra=f"  date_order: {{customers: {order}}}\n")
    expected = _by_hand(tmp_path / "customers.csv", "count(*)",
                        f"strptime(first_order_at, '{fmt}') >= DATE '2026-01-06'", "created_at::DATE")
    assert expected == ([1.0, 2.0] if order == "day_first" else [2.0, 2.0])
    assert _values(spec, "late_first") == expected
