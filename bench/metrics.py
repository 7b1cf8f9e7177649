"""Benchmark of the metric layer: the whole catalog, 4 quarters + a monthly series, on >= 10 million orders.

One run prints, each measured in its own child process (so that peak memory is that contender's own):
  - kpiguard: `compute(spec, <every catalog metric>, 4 quarters, grain="month")` on DuckDB over Parquet;
  - hand-written SQL: one DuckDB script computing the same numbers (results asserted equal to kpiguard's);
  - pandas: a straightforward pandas implementation of the same whole catalog (every value asserted equal);
  - kpiguard-main and pandas-main: both on the 13 main metrics only (a secondary, like-for-like line);
and the peak resident memory and CPU time of each; every contender imports its libraries before its clock
starts. Data is generated once with DuckDB (vectorised SQL) into bench/out/. The machine may be shared:
`--repeat N` runs the contenders N times round-robin and compares the best times (best and worst are printed).

    .venv/bin/python bench/metrics.py [--orders 10000000] [--out bench/out/metrics] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
YEAR = 2025
QUARTERS = [f"{YEAR}-Q{q}" for q in range(1, 5)]
MONTHS = [f"{YEAR}-{m:02d}" for m in range(1, 13)]
TZ = "Europe/Paris"
MAIN = ["revenue", "orders", "aov", "margin", "active_customers", "email_revenue", "email_revenue_share",
        "new_customers", "emails_sent", "email_open_rate", "sessions", "visitors", "conversion_rate"]


# --- data -----------------------------------------------------------------------------------------------------------

def generate(out: Path, orders: int) -> None:
    import duckdb

    data = out / "data"
    data.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    customers = max(orders // 4, 1000)
    products = 5000
    span_us = 731 * 86_400 * 1_000_000  # 2024-01-01 .. 2025-12-31
    h = "hash(i * {k} + {c})"

    def rnd(k: int, c: int, mod: int) -> str:
        return f"({h.format(k=k, c=c)} % {mod})"

    con.execute(f"""copy (
        select 'o' || i as order_id,
               'c' || (({rnd(3, 1, 1_000_003)} * {rnd(5, 2, 1_000_033)}) % {customers}) as customer_id,
               timestamptz '2024-01-01 00:00:00+00' + to_microseconds(cast({rnd(7, 3, span_us)} as bigint)) as ordered_at,
               round(10 + {rnd(11, 4, 20000)} / 100.0, 2) as revenue,
               case when {rnd(13, 5, 50)} = 0 then null else round((10 + {rnd(11, 4, 20000)} / 100.0) * 0.3, 2) end as margin,
               case when {rnd(17, 6, 100)} < 3 then 'cancelled' when {rnd(17, 6, 100)} < 5 then 'refunded'
                    when {rnd(17, 6, 100)} < 10 then null else 'completed' end as status,
               case {rnd(19, 7, 5)} when 0 then 'email' when 1 then 'cpc' else null end as utm_medium
        from range({orders}) t(i)) to '{data / "orders.parquet"}' (format parquet, row_group_size 1000000)""")
    con.execute(f"""copy (
        select 'o' || (i // 2) as order_id, 'p' || {rnd(23, 8, products)} as product_id,
               1 + {rnd(29, 9, 3)} as quantity, round(5 + {rnd(31, 10, 10000)} / 100.0, 2) as revenue
        from range({orders * 2}) t(i) where i % 2 = 0 or {rnd(37, 11, 4)} = 0
        ) to '{data / "order_lines.parquet"}' (format parquet, row_group_size 1000000)""")
    con.execute(f"""copy (
        select 'p' || i as product_id, 'cat' || (i % 20) as category,
               date '2023-06-01' + cast({rnd(41, 12, 900)} as integer) as launched_at, 3.5 as unit_cost
        from range({products}) t(i)) to '{data / "products.parquet"}' (format parquet)""")
    con.execute(f"""copy (
        select date '2023-12-31' + cast(w * 7 as integer) as snapshot_date, 'p' || p as product_id,
               greatest(0, cast(hash(w * 100003 + p) % 200 as bigint) - 60) as on_hand
        from range(106) a(w), range({products}) b(p)) to '{data / "inventory.parquet"}' (format parquet)""")
    per_campaign = max(orders // 200, 100)  # 104 weekly campaigns: ~0.5 e-mail sent per order
    con.execute(f"""copy (
        with sent as (
            select i, i // {per_campaign} as k, 'k' || (i // {per_campaign}) as campaign_id,
                   'c' || {rnd(43, 13, customers)} as customer_id,
                   timestamp '2024-01-02 08:00:00' + to_days(cast(7 * (i // {per_campaign}) as integer))
                       + to_minutes(cast({rnd(47, 14, 120)} as bigint)) as sent_at
            from range({per_campaign * 104}) t(i))
        select sent_at as event_at, customer_id, campaign_id, 'sent' as event from sent
        union all select sent_at + interval 1 minute, customer_id, campaign_id, 'delivered' from sent where {rnd(53, 15, 100)} < 97
        union all select sent_at + interval 3 hour, customer_id, campaign_id, 'open' from sent where {rnd(59, 16, 100)} < 25
        union all select sent_at + interval 1 day, customer_id, campaign_id, 'open' from sent where {rnd(61, 17, 100)} < 5
        union all select sent_at + interval 4 hour, customer_id, campaign_id, 'click' from sent where {rnd(67, 18, 100)} < 5
        union all select sent_at + interval 5 hour, customer_id, campaign_id, 'unsubscribe' from sent where {rnd(71, 19, 1000)} < 5
        ) to '{data / "email_events.parquet"}' (format parquet, row_group_size 1000000)""")
    con.execute(f"""copy (
        select 's' || i as session_id,
               timestamp '2024-01-01 00:00:00' + to_microseconds(cast({rnd(73, 20, span_us)} as bigint)) as started_at,
               'v' || {rnd(79, 21, customers * 2)} as visitor_id, null::varchar as customer_id, 'seo' as source,
               case when {rnd(83, 22, 100)} < 30 then 'o' || {rnd(89, 23, orders)} else null end as order_id
        from range({orders * 2}) t(i)) to '{data / "sessions.parquet"}' (format parquet, row_group_size 1000000)""")
    con.execute(f"""copy (
        select 'cr' || i as creative_id,
               timestamp '2024-01-01 09:00:00' + to_hours(cast({rnd(97, 24, 731 * 24)} as bigint)) as launched_at,
               {rnd(101, 25, 10)} < 3 as is_hit
        from range(2000) t(i)) to '{data / "creatives.parquet"}' (format parquet)""")
    tables = "\n".join(f"    {n}: data/{n}.parquet" for n in
                       ("orders", "order_lines", "products", "inventory", "email_events", "sessions", "creatives"))
    (out / "kpis.yaml").write_text(f"version: 1\nname: bench\ncurrency: EUR\ntimezone: {TZ}\n"
                                   f"data:\n  tables:\n{tables}\nkpis: []\n")
    (out / "SIZE").write_text(str(orders))


# --- contenders (each in its own process) ----------------------------------------------------------------------------

def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    """CPU time of this process (all threads): less sensitive than wall time to other jobs on a shared machine."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_kpiguard(out: Path, names: list[str] | None = None) -> dict:
    from kpiguard.catalog import builtin_metrics
    from kpiguard.metrics import compute, connect
    from kpiguard.spec import load_spec

    spec = load_spec(out / "kpis.yaml")
    names = names or sorted(builtin_metrics())
    # the libraries are imported before the clock starts, as pandas is for the pandas contender (kpiguard
    # imports them lazily, on first use); opening the engine and everything after it is timed
    import ibis.backends.duckdb  # noqa: F401
    import pandas  # noqa: F401
    import sqlglot.dialects.duckdb  # noqa: F401

    import kpiguard.metrics.builtins  # noqa: F401

    start, cpu = time.perf_counter(), cpu_seconds()
    results = compute(spec, names, QUARTERS, grain="month", source=connect(spec))
    elapsed, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    values = {}
    for name in names:
        for v in [results.get(name, p) for p in results.periods] + results.series(name):
            values[f"{name}|{v.period.label}"] = v.value
    return {"seconds": elapsed, "cpu": cpu, "values": values}


def run_sql(out: Path) -> dict:
    import duckdb

    data = out / "data"
    con = duckdb.connect()
    con.execute(f"SET TimeZone = '{TZ}'")
    start, cpu = time.perf_counter(), cpu_seconds()
    rows = con.execute(REFERENCE_SQL.format(data=data, year=YEAR)).fetchall()
    elapsed, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    values = {}
    columns = [d[0] for d in con.description]
    for row in rows:
        record = dict(zip(columns, row))
        label = record.pop("label")
        for name, value in record.items():
            values[f"{name}|{label}"] = None if value is None else float(value)
    return {"seconds": elapsed, "cpu": cpu, "values": values}


# One script, written by hand: a periods table (4 quarters + 12 months) joined to each fact table by range.
REFERENCE_SQL = """
with periods as (
    select 'Q' || q as kind, '{year}-Q' || q as label, make_date({year}, 3 * q - 2, 1) as s,
           (make_date({year}, 3 * q - 2, 1) + interval 3 month)::date as e from range(1, 5) t(q)
    union all
    select 'M', '{year}-' || lpad(m::varchar, 2, '0'), make_date({year}, m, 1),
           (make_date({year}, m, 1) + interval 1 month)::date from range(1, 13) t(m)),
bounds as (select min(s) as s, max(e) as e from periods),
all_orders as (select *, ordered_at::timestamp as t from read_parquet('{data}/orders.parquet')),
orders as (select *, t::date as d from all_orders where coalesce(status, 'completed') = 'completed'),
o as (select p.label, count(*) filter (where revenue >= 0) as orders, sum(revenue) as revenue, sum(margin) as margin,
             count(distinct customer_id) as active_customers,
             coalesce(sum(revenue) filter (where utm_medium = 'email'), 0) as email_revenue
      from orders join periods p on orders.t >= p.s and orders.t < p.e group by p.label),
firsts as (select customer_id, min(d) as first_d from orders group by customer_id),
cohort as (select f.customer_id, f.first_d,
                  bool_or(o2.d > f.first_d and o2.d <= f.first_d + 60) as r60,
                  bool_or(o2.d > f.first_d and o2.d <= f.first_d + 90) as r90
           from firsts f join orders o2 using (customer_id), bounds
           where f.first_d >= bounds.s and f.first_d < bounds.e and o2.d < bounds.e + 90
           group by f.customer_id, f.first_d),
c as (select p.label, count(*) as new_customers, count(*) filter (where r60) as rep60,
             count(*) filter (where r90) as rep90
      from cohort join periods p on cohort.first_d >= p.s and cohort.first_d < p.e group by p.label),
data_end as (select max(t)::date as last_d from all_orders),
ev as (select * from read_parquet('{data}/email_events.parquet')),
e as (select p.label, count(*) filter (where event = 'sent') as emails_sent,
             count(*) filter (where event = 'delivered') as delivered
      from ev join periods p on ev.event_at >= p.s and ev.event_at < p.e group by p.label),
r as (select label, count(distinct (campaign_id, customer_id)) filter (where event = 'open') as opens,
             count(distinct (campaign_id, customer_id)) filter (where event = 'click') as clicks,
             count(distinct (campaign_id, customer_id)) filter (where event = 'unsubscribe') as unsubs
      from ev join periods p on ev.event_at >= p.s and ev.event_at < p.e
      where event in ('open', 'click', 'unsubscribe') group by label),
se as (select p.label, count(*) as sessions, count(distinct visitor_id) as visitors,
              count(order_id) as converting_sessions
       from read_parquet('{data}/sessions.parquet') x join periods p on x.started_at >= p.s and x.started_at < p.e
       group by p.label),
lines as (select l.revenue, l.product_id, o.t, o.d, pr.launched_at
          from read_parquet('{data}/order_lines.parquet') l join orders o using (order_id)
          left join read_parquet('{data}/products.parquet') pr using (product_id)),
li as (select p.label, sum(revenue) as line_revenue,
              coalesce(sum(revenue) filter (where d between launched_at and launched_at + 90), 0) as new_product_revenue
       from lines join periods p on lines.t >= p.s and lines.t < p.e group by p.label),
inv as (select * from read_parquet('{data}/inventory.parquet')),
at_start as (select p.label, i.product_id, i.on_hand, p.s, p.e
             from periods p join inv i on i.snapshot_date < p.s
             qualify i.snapshot_date = max(i.snapshot_date) over (partition by p.label, i.product_id)),
sold as (select distinct p.label, l.product_id from periods p join lines l on l.d >= p.s - 90 and l.d < p.s),
dormant as (select a.* from at_start a anti join sold using (label, product_id) where a.on_hand > 0),
zeroed as (select distinct p.label, i.product_id from periods p join inv i
           on i.snapshot_date >= p.s and i.snapshot_date < p.e where i.on_hand <= 0),
dm as (select d.label, count(*) as dormant_skus, sum(d.on_hand) as dormant_stock_units,
              count(z.product_id) as dormant_skus_cleared
       from dormant d left join zeroed z using (label, product_id) group by d.label),
cr as (select p.label, count(*) as creative_concepts_launched, count(*) filter (where is_hit) as creative_hits
       from read_parquet('{data}/creatives.parquet') x join periods p on x.launched_at >= p.s and x.launched_at < p.e
       group by p.label)
select p.label,
       o.revenue, o.orders, o.revenue / o.orders as aov, o.margin, o.active_customers, c.new_customers,
       o.email_revenue, o.email_revenue / o.revenue as email_revenue_share,
       e.emails_sent, e.delivered as emails_delivered, r.opens as email_opens, r.clicks as email_clicks,
       r.unsubs as email_unsubscribes, r.opens / e.delivered as email_open_rate,
       r.clicks / e.delivered as email_click_rate, r.unsubs / e.delivered as email_unsubscribe_rate,
       o.email_revenue / e.emails_sent as revenue_per_email,
       case when (select last_d from data_end) >= p.e - 1 + 60 then c.rep60 / c.new_customers end as repurchase_rate_60d,
       case when (select last_d from data_end) >= p.e - 1 + 90 then c.rep90 / c.new_customers end as repurchase_rate_90d,
       se.sessions, se.visitors, se.converting_sessions, se.converting_sessions / se.sessions as conversion_rate,
       o.orders / se.converting_sessions as orders_per_converting_session,
       o.revenue / se.visitors as revenue_per_visitor,
       li.line_revenue, li.new_product_revenue, li.new_product_revenue / li.line_revenue as new_product_revenue_share,
       coalesce(dm.dormant_skus, 0) as dormant_skus, coalesce(dm.dormant_stock_units, 0) as dormant_stock_units,
       coalesce(dm.dormant_skus_cleared, 0) as dormant_skus_cleared,
       cr.creative_concepts_launched, cr.creative_hits,
       cr.creative_hits / cr.creative_concepts_launched as creative_hit_rate
from periods p left join o using (label) left join c using (label) left join e using (label)
left join r using (label) left join se using (label) left join li using (label) left join dm using (label)
left join cr using (label)
order by p.label
"""


# Ratios of the catalog: name -> (numerator, denominator); no value when the denominator is 0.
RATIOS = {
    "aov": ("revenue", "orders"), "email_revenue_share": ("email_revenue", "revenue"),
    "email_open_rate": ("email_opens", "emails_delivered"),
    "email_click_rate": ("email_clicks", "emails_delivered"),
    "email_unsubscribe_rate": ("email_unsubscribes", "emails_delivered"),
    "revenue_per_email": ("email_revenue", "emails_sent"),
    "conversion_rate": ("converting_sessions", "sessions"),
    "orders_per_converting_session": ("orders", "converting_sessions"),
    "revenue_per_visitor": ("revenue", "visitors"),
    "new_product_revenue_share": ("new_product_revenue", "line_revenue"),
    "creative_hit_rate": ("creative_hits", "creative_concepts_launched"),
}
RECIPIENT_EVENTS = {"email_opens": "open", "email_clicks": "click", "email_unsubscribes": "unsubscribe"}
LINE_METRICS = {"line_revenue", "new_product_revenue", "new_product_revenue_share"}
DORMANT_METRICS = {"dormant_skus", "dormant_stock_units", "dormant_skus_cleared"}


def run_pandas(out: Path, wanted: set[str] | None = None) -> dict:
    """The straightforward way, as an analyst writes it: read the needed columns into DataFrames, then per
    period a boolean mask and an aggregate (groupby / merge where a definition needs it). The definitions are
    those of docs/canonical-schema.md. `wanted` limits it to some metrics (None: the whole catalog)."""
    import pandas as pd

    def want(*names: str) -> bool:
        return wanted is None or any(n in wanted for n in names)

    def needs(name: str) -> bool:  # a metric, or a ratio that needs it
        return want(name, *(r for r, parts in RATIOS.items() if name in parts))

    data = out / "data"
    # [first day, day after the last) as naive local midnights
    periods = [(label, pd.Period(label).start_time, (pd.Period(label) + 1).start_time)
               for label in QUARTERS + MONTHS]
    first_day, end = min(s for _, s, _ in periods), max(e for _, _, e in periods)
    day = pd.Timedelta(days=1)
    start, cpu = time.perf_counter(), cpu_seconds()
    rows: dict[str, dict[str, float | None]] = {label: {} for label, _, _ in periods}

    # orders: local time in the spec's time zone; only completed orders count (a missing status is completed)
    # an order has an amount that is not negative (a negative one is a refund: it nets revenue, it is no order)
    with_lines = any(needs(n) for n in LINE_METRICS | DORMANT_METRICS)
    every = pd.read_parquet(data / "orders.parquet", columns=(["order_id"] if with_lines else []) + [
        "customer_id", "ordered_at", "revenue", "margin", "status", "utm_medium"])
    every["t"] = every["ordered_at"].dt.tz_convert(TZ).dt.tz_localize(None)
    data_end = every["t"].max().normalize()  # cohort maturity: the last local day of any order
    orders = every[every["status"].fillna("completed") == "completed"].drop(columns=["ordered_at", "status"])
    del every
    orders["d"] = orders["t"].dt.normalize()
    firsts = orders.groupby("customer_id")["d"].min()  # each customer's first completed order (local day)
    for label, s, e in periods:
        in_period = (orders["t"] >= s) & (orders["t"] < e)
        o = orders.loc[in_period, ["customer_id", "revenue", "margin", "utm_medium"]]
        rows[label].update({
            "revenue": o["revenue"].sum(), "orders": int((o["revenue"] >= 0).sum()), "margin": o["margin"].sum(min_count=1),
            "active_customers": o["customer_id"].nunique(),
            "email_revenue": o.loc[o["utm_medium"] == "email", "revenue"].sum(),
            "new_customers": int(((firsts >= s) & (firsts < e)).sum())})

    # repurchase: another completed order on a later local day, at most N days after the first one
    windows = [n for n in (60, 90) if want(f"repurchase_rate_{n}d")]
    if windows:
        cohort = firsts[(firsts >= first_day) & (firsts < end)].rename("first").reset_index()
        later = orders[["customer_id", "d"]].merge(cohort, on="customer_id")
        gap = (later["d"] - later["first"]).dt.days
        for n in windows:
            later[f"r{n}"] = (gap > 0) & (gap <= n)
        cohort = cohort.merge(later.groupby("customer_id")[[f"r{n}" for n in windows]].any().reset_index(),
                              on="customer_id")
        for label, s, e in periods:
            c = cohort[(cohort["first"] >= s) & (cohort["first"] < e)]
            for n in windows:
                # immature (the window has not elapsed in the data): no value, never a low rate
                mature = data_end >= e - day + pd.Timedelta(days=n)
                rate = c[f"r{n}"].sum() / len(c) if mature and len(c) else None
                rows[label][f"repurchase_rate_{n}d"] = rate

    # e-mail: recipients once per (campaign, recipient) and event kind, over the delivered e-mails (the sent
    # ones when the data has no delivery event at all)
    kinds = [kind for name, kind in RECIPIENT_EVENTS.items() if needs(name)]
    if needs("emails_sent") or needs("emails_delivered") or kinds:
        events = pd.read_parquet(data / "email_events.parquet",
                                 columns=["event_at", "customer_id", "campaign_id", "event"])
        delivery = "delivered" if (events["event"] == "delivered").any() else "sent"
        for label, s, e in periods:
            ev = events[(events["event_at"] >= s) & (events["event_at"] < e)]
            counts = ev["event"].value_counts()
            recipients = ev[ev["event"].isin(kinds)].drop_duplicates(["campaign_id", "customer_id", "event"])
            per_kind = recipients["event"].value_counts()
            rows[label].update({"emails_sent": counts.get("sent", 0),
                                "emails_delivered": counts.get(delivery, 0)})
            rows[label].update({name: per_kind.get(kind, 0)
                                for name, kind in RECIPIENT_EVENTS.items() if kind in kinds})
        del events

    # sessions and visitors; a converting session has an order
    if any(needs(n) for n in ("sessions", "visitors", "converting_sessions")):
        sessions = pd.read_parquet(data / "sessions.parquet",
                                   columns=["started_at", "visitor_id", "order_id"])
        for label, s, e in periods:
            se = sessions[(sessions["started_at"] >= s) & (sessions["started_at"] < e)]
            rows[label].update({"sessions": len(se), "visitors": se["visitor_id"].nunique(),
                                "converting_sessions": int(se["order_id"].notna().sum())})
        del sessions

    # order lines of completed orders, on the order's local date; "new": sold 0 to 90 days after launch
    if with_lines:
        lines = pd.read_parquet(data / "order_lines.parquet",
                                columns=["order_id", "product_id", "quantity", "revenue"])
        lines = lines.merge(orders[["order_id", "t", "d"]], on="order_id")
        products = pd.read_parquet(data / "products.parquet", columns=["product_id", "launched_at"])
        products["launched_at"] = pd.to_datetime(products["launched_at"])
        lines = lines.merge(products, on="product_id", how="left")
        lines["new"] = (lines["d"] - lines["launched_at"]).dt.days.between(0, 90)  # no launch date: not new
        for label, s, e in periods:
            li = lines.loc[(lines["t"] >= s) & (lines["t"] < e), ["revenue", "new"]]
            rows[label].update({"line_revenue": li["revenue"].sum(),
                                "new_product_revenue": li.loc[li["new"], "revenue"].sum()})

    # dormant SKUs: stock on hand at the last snapshot before the period, no unit sold in the 90 days before
    if any(needs(n) for n in DORMANT_METRICS):
        inventory = pd.read_parquet(data / "inventory.parquet",
                                    columns=["snapshot_date", "product_id", "on_hand"])
        inventory["snapshot_date"] = pd.to_datetime(inventory["snapshot_date"])
        for label, s, e in periods:
            before = inventory[inventory["snapshot_date"] < s]
            if before.empty:
                continue  # before the first snapshot: empty, not zero
            stock = before.loc[before.groupby("product_id")["snapshot_date"].idxmax()]
            recent = lines[(lines["d"] >= s - pd.Timedelta(days=90)) & (lines["d"] < s)]
            sold = recent.groupby("product_id")["quantity"].sum()
            dormant = stock[(stock["on_hand"] > 0) & ~stock["product_id"].isin(sold.index[sold > 0])]
            during = inventory[(inventory["snapshot_date"] >= s) & (inventory["snapshot_date"] < e)]
            zeroed = during.loc[during["on_hand"] <= 0, "product_id"]
            rows[label].update({"dormant_skus": len(dormant), "dormant_stock_units": dormant["on_hand"].sum(),
                                "dormant_skus_cleared": int(dormant["product_id"].isin(zeroed).sum())})
        del lines

    if any(needs(n) for n in ("creative_concepts_launched", "creative_hits")):
        creatives = pd.read_parquet(data / "creatives.parquet", columns=["launched_at", "is_hit"])
        for label, s, e in periods:
            cr = creatives[(creatives["launched_at"] >= s) & (creatives["launched_at"] < e)]
            rows[label].update({"creative_concepts_launched": len(cr),
                                "creative_hits": int(cr["is_hit"].sum())})

    values = {}
    for label, row in rows.items():
        for name, (num, den) in RATIOS.items():
            if num in row and den in row:
                row[name] = row[num] / row[den] if row[den] else None
        for name, value in row.items():
            if want(name):
                values[f"{name}|{label}"] = None if value is None or pd.isna(value) else float(value)
    return {"seconds": time.perf_counter() - start, "cpu": cpu_seconds() - cpu, "values": values}


def run_pandas_main(out: Path) -> dict:
    """pandas on the main metrics only: the like-for-like partner of kpiguard-main."""
    return run_pandas(out, set(MAIN))


def run_kpiguard_main(out: Path) -> dict:
    """kpiguard on the same main metrics as the pandas implementation: the like-for-like comparison."""
    return run_kpiguard(out, MAIN)


CONTENDERS = {"kpiguard": run_kpiguard, "sql": run_sql, "pandas": run_pandas,
              "kpiguard-main": run_kpiguard_main, "pandas-main": run_pandas_main}


def child(name: str, out: Path, result_path: Path) -> None:
    result = CONTENDERS[name](out)
    result["peak_mb"] = peak_mb()
    result_path.write_text(json.dumps(result))


def spawn(name: str, out: Path) -> dict:
    result_path = out / f"result-{name}.json"
    subprocess.run([sys.executable, __file__, "--child", name, "--out", str(out)], check=True,
                   env=None, cwd=ROOT)
    return json.loads(result_path.read_text())


def same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=10_000_000)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "metrics")
    parser.add_argument("--child", choices=sorted(CONTENDERS))
    parser.add_argument("--skip-pandas", action="store_true")
    parser.add_argument("--repeat", type=int, default=1,
                        help="run every contender N times, round-robin (the machine is shared: compare best times)")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.out, args.out / f"result-{args.child}.json")
        return
    out = args.out
    size_file = out / "SIZE"
    if not size_file.exists() or int(size_file.read_text()) != args.orders:
        print(f"generating {args.orders:,} orders into {out} ...", flush=True)
        start = time.perf_counter()
        generate(out, args.orders)
        print(f"  generated in {time.perf_counter() - start:.1f} s", flush=True)
    sizes = {p.stem: p.stat().st_size for p in (out / "data").glob("*.parquet")}
    import duckdb

    counts = {n: duckdb.execute(f"select count(*) from read_parquet('{out / 'data' / (n + '.parquet')}')").fetchall()[0][0]
              for n in sorted(sizes)}
    print("rows: " + ", ".join(f"{n} {c:,}" for n, c in counts.items()))
    names = ["kpiguard", "sql"] + ([] if args.skip_pandas else ["pandas", "kpiguard-main", "pandas-main"])
    runs: dict[str, list[dict]] = {name: [] for name in names}
    for _ in range(max(args.repeat, 1)):
        # round-robin, so that a burst of load from other jobs hits every contender alike
        for name in names:
            run = spawn(name, out)
            runs[name].append(run)
            print(f"{name:>13}: {run['seconds']:7.2f} s  (cpu {run['cpu']:6.1f} s)   peak memory "
                  f"{run['peak_mb']:7.0f} MB   load {os.getloadavg()[0]:.1f}", flush=True)
    # the best run of each: the least disturbed by other jobs; every run's values are checked below
    results = {name: min(rs, key=lambda r: r["seconds"]) for name, rs in runs.items()}
    if args.repeat > 1:
        for name, rs in runs.items():
            times = sorted(r["seconds"] for r in rs)
            print(f"{name:>13}: best {times[0]:7.2f} s, worst {times[-1]:7.2f} s over {len(rs)} runs")
    kg, sql = results["kpiguard"]["values"], results["sql"]["values"]
    mismatches = [k for k in kg if not same(kg[k], sql.get(k))]
    assert not mismatches, "kpiguard and hand-written SQL disagree: " + ", ".join(
        f"{k}: {kg[k]} vs {sql.get(k)}" for k in mismatches[:10])
    # every run of a contender gives the values of its best run (each best run is compared with kpiguard below)
    unstable = [f"{name} {k}" for name, rs in runs.items() for r in rs
                for k in r["values"] if not same(r["values"][k], results[name]["values"].get(k))]
    assert not unstable, "a repeated run gave other values: " + ", ".join(unstable[:10])
    n_metrics = len({k.split("|")[0] for k in kg})
    print(f"kpiguard == hand-written SQL on {len(kg)} values ({n_metrics} metrics x "
          f"{len(QUARTERS)} quarters + {len(MONTHS)} months)")
    ratio = results["kpiguard"]["seconds"] / results["sql"]["seconds"]
    print(f"kpiguard / hand-written SQL: {ratio:.2f}x (target <= 1.5x)")
    if "pandas" in results:
        main_keys = {k for k in kg if k.split("|")[0] in MAIN}
        for name, expected in (("pandas", set(kg)), ("pandas-main", main_keys)):
            got = results[name]["values"]
            assert set(got) == expected, f"{name} does not compute what kpiguard does: missing " \
                f"{sorted(expected - set(got))[:10]}, extra {sorted(set(got) - expected)[:10]}"
            bad = [k for k in got if not same(got[k], kg[k])]
            assert not bad, f"{name} and kpiguard disagree: " + ", ".join(
                f"{k}: {got[k]} vs {kg[k]}" for k in bad[:10])
        print(f"pandas == kpiguard on all {len(kg)} values of the whole catalog ({n_metrics} metrics)")
        whole = results["pandas"]["seconds"] / results["kpiguard"]["seconds"]
        cpu_whole = results["pandas"]["cpu"] / results["kpiguard"]["cpu"]
        print(f"kpiguard vs pandas, whole catalog ({n_metrics} metrics, 4 quarters + 12 months): "
              f"{whole:.1f}x faster (target >= 10x); in CPU time (less sensitive to other jobs): "
              f"{cpu_whole:.1f}x less")
        like = results["pandas-main"]["seconds"] / results["kpiguard-main"]["seconds"]
        cpu_like = results["pandas-main"]["cpu"] / results["kpiguard-main"]["cpu"]
        print(f"  secondary, the {len(MAIN)} main metrics only: {like:.1f}x faster, {cpu_like:.1f}x less CPU")
    print("peak memory (target for kpiguard < 2048 MB): " + ", ".join(
        f"{name} {r['peak_mb']:.0f} MB" for name, r in results.items()))


if __name__ == "__main__":
    main()
