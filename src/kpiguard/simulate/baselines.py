"""The FROM values of a scenario's spec, measured on the simulated Parquet files with plain SQL (DuckDB).

The queries follow the canonical definitions (docs/canonical-schema.md) so that anyone can re-run them by hand.
They run in the shop's time zone, as the spec's periods are read: a year is 1 January to 1 January, Paris time.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from kpiguard.simulate.levers import SHOP_TIMEZONE

COMPLETED = "coalesce(o.status, 'completed') = 'completed'"

MARGIN = """
select coalesce(sum(o.margin), 0) from read_parquet({orders}) o
where {completed}
  and o.ordered_at >= timestamptz '{start} 00:00:00' and o.ordered_at < timestamptz '{end} 00:00:00'
"""

EMAIL_REVENUE = """
select coalesce(sum(o.revenue), 0) from read_parquet({orders}) o
where {completed} and o.utm_medium = 'email'
  and o.ordered_at >= timestamptz '{start} 00:00:00' and o.ordered_at < timestamptz '{end} 00:00:00'
"""

# Dormant at `start`: stock on hand at its last snapshot before `start`, no unit sold in the 90 days before.
DORMANT = """
with stock as (
  select product_id, arg_max(on_hand, snapshot_date) as on_hand
  from read_parquet({inventory}) where snapshot_date < date '{start}' group by product_id
), sold as (
  select distinct l.product_id from read_parquet({order_lines}) l
  join read_parquet({orders}) o using (order_id)
  where {completed}
    and o.ordered_at >= timestamptz '{lookback} 00:00:00' and o.ordered_at < timestamptz '{start} 00:00:00'
), dormant as (
  select s.product_id, s.on_hand from stock s
  where s.on_hand > 0 and s.product_id not in (select product_id from sold)
), at_end as (
  select product_id, arg_max(on_hand, snapshot_date) as on_hand
  from read_parquet({inventory}) where snapshot_date < date '{end}' group by product_id
)
select count(*), coalesce(sum(d.on_hand), 0), count(*) filter (where e.on_hand = 0)
from dormant d left join at_end e using (product_id)
"""


def _file(path: Path) -> str:
    """A file's path as an SQL string literal: `--out "shop d'été"` ended the literal at its apostrophe. Absolute:
    DuckDB reads a leading `~` as the home folder, and `--out ./~shop` was looked for in the home folder."""
    return "'" + str(path.absolute()).replace("'", "''") + "'"


def _connect():
    import duckdb

    con = duckdb.connect()
    con.execute(f"set TimeZone = '{SHOP_TIMEZONE}'")
    return con


def email_revenue(data: Path, start: date, end: date) -> float:
    with _connect() as con:
        sql = EMAIL_REVENUE.format(orders=_file(data / "orders.parquet"), completed=COMPLETED, start=start, end=end)
        return float(con.execute(sql).fetchone()[0])


def margin(data: Path, start: date, end: date) -> float:
    with _connect() as con:
        sql = MARGIN.format(orders=_file(data / "orders.parquet"), completed=COMPLETED, start=start, end=end)
        return float(con.execute(sql).fetchone()[0])


def dormant(data: Path, start: date, end: date, lookback_days: int = 90) -> tuple[int, int, int]:
    """(dormant SKUs at `start`, their units on hand, how many of them reached zero stock before `end`)."""
    with _connect() as con:
        sql = DORMANT.format(inventory=_file(data / "inventory.parquet"),
                             order_lines=_file(data / "order_lines.parquet"),
                             orders=_file(data / "orders.parquet"), completed=COMPLETED, start=start, end=end,
                             lookback=start - timedelta(days=lookback_days))
        skus, units, cleared = con.execute(sql).fetchone()
        return int(skus), int(units), int(cleared)
