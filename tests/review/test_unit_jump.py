"""Amounts that change unit or currency mid-export without a currency column (a shop's export in cents from March
on, read as euros): revenue read as a hundredfold growth and a healthy success. The review says so in its data
checks; growth of the business itself does not set it off. Medians by hand: DuckDB's median over each month."""

from __future__ import annotations

import duckdb
import pytest

import kpiguard

SPEC = ("version: 1\ncurrency: EUR\ntimezone: Europe/Paris\ndata:\n  tables: {orders: orders.csv}\n"
        "kpis:\n  - {id: grow, metric: revenue, cadence: month, target: {from: 1000, to: 2000, by: 2026-12-31}, "
        "owner: growth}\nteams: {growth: {name: Growth}}\n")


def _shop(tmp_path, scales: dict[int, float], per_month: int = 28, extra: str = "") -> str:
    """`per_month` orders a month from January to April 2026, of 20 to 74 euros, times the month's scale."""
    rows = ["order_id,customer_id,ordered_at,revenue,status"]
    for month, scale in scales.items():
        for day in range(1, per_month + 1):
            amount = (20 + (day * 7) % 55) * scale
            rows.append(f"{month}-{day},c{day},2026-{month:02d}-{day:02d} 12:00:00,{amount:g},completed")
    # a cancelled order of a million does not count: only completed orders are typical
    rows.append("x,c1,2026-02-15 12:00:00,1000000,cancelled")
    rows += [extra] if extra else []
    (tmp_path / "orders.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (tmp_path / "kpis.yaml").write_text(SPEC, encoding="utf-8")
    return str(tmp_path / "kpis.yaml")


def _medians(tmp_path) -> dict[str, float]:
    rows = duckdb.sql(f"SELECT strftime(ordered_at, '%Y-%m') m, median(revenue) FROM '{tmp_path / 'orders.csv'}' "
                      "WHERE status = 'completed' GROUP BY m ORDER BY m").fetchall()
    return {m: float(v) for m, v in rows}


def _warnings(spec: str, lang: str = "en") -> list[str]:
    return [w[lang] for w in kpiguard.review(kpiguard.load_spec(spec)).data_warnings_i18n]


def test_amounts_in_cents_from_one_month_on_are_named_in_the_data_checks(tmp_path):
    spec = _shop(tmp_path, {1: 1, 2: 1, 3: 100, 4: 100})
    medians = _medians(tmp_path)
    assert medians["2026-03"] / medians["2026-02"] == 100
    jumps = [w for w in _warnings(spec) if "typical order amount" in w]
    assert len(jumps) == 1, _warnings(spec)
    assert f"goes from €{medians['2026-02']:.2f} in 2026-02 to €{medians['2026-03']:,.2f} in 2026-03, a factor of " \
           "100: what a change of unit" in jumps[0]
    assert "`filters: {orders: \"ordered_at >= '2026-03-01'\"}` under data" in jumps[0]
    french = [w for w in _warnings(spec, "fr") if "montant typique" in w]
    assert "passe de" in french[0] and "en 2026-02" in french[0] and "un facteur 100" in french[0]


@pytest.mark.parametrize("scales, per_month, extra", [
    ({1: 1, 2: 2, 3: 4, 4: 8}, 28, ""),  # growth: x2 a month
    ({1: 1, 2: 100, 3: 100, 4: 100}, 10, ""),  # too few orders a month to tell
    ({1: 1, 2: 1, 3: 1, 4: 1}, 28, "w,c9,2026-03-15 12:00:00,900000,completed"),  # one wholesale order in March
])
def test_growth_or_a_handful_of_orders_is_no_change_of_unit(tmp_path, scales, per_month, extra):
    """(The wholesale order multiplies March's average by about 600, not its median.)"""
    assert not [w for w in _warnings(_shop(tmp_path, scales, per_month, extra)) if "typical order amount" in w]


def test_a_jump_is_found_in_instants_as_in_local_times(tmp_path):
    """Parquet instants (TIMESTAMPTZ) are dated from their epoch, not converted to local time row by row: the
    same shop, its times written as instants, gets the same warning."""
    spec = _shop(tmp_path, {1: 1, 2: 1, 3: 100, 4: 100})
    duckdb.sql(f"SET TimeZone = 'Europe/Paris'; COPY (SELECT order_id, customer_id, "
               f"CAST(ordered_at AS TIMESTAMPTZ) AS ordered_at, revenue, status FROM '{tmp_path / 'orders.csv'}') "
               f"TO '{tmp_path / 'orders.parquet'}' (FORMAT parquet)")
    (tmp_path / "kpis.yaml").write_text(SPEC.replace("orders.csv", "orders.parquet"), encoding="utf-8")
    jumps = [w for w in _warnings(spec) if "typical order amount" in w]
    assert len(jumps) == 1 and "in 2026-02 to" in jumps[0] and "in 2026-03, a factor of 100" in jumps[0]
