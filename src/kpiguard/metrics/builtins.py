"""Built-in computations the catalog needs beyond simple aggregates: cohorts, e-mail recipients, launches, stock.

Each family compiles to one engine query over every bucket at once; the definitions are those of
docs/canonical-schema.md. Only completed orders count (a missing status is completed).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from kpiguard._i18n import Message
from kpiguard.metrics import results as R
from kpiguard.metrics.computation import (
    Cell,
    Plan,
    Query,
    atom_bit,
    atoms,
    meets,
    metric_location,
    number,
    slice_index,
    uses_masks,
)
from kpiguard.metrics.timeframe import bound, within

FAMILIES = {
    "first_orders": "cohort",
    "repurchase": "cohort",
    "email_recipients": "email",
    "email_deliveries": "email",
    "new_product_revenue": "lines",
    "line_revenue": "lines",
    "dormant": "dormant",
}
NO_COHORT = Message(en="no first-time customer in {period}: the cohort is empty",
                    fr="aucun primo-acheteur sur {period} : la cohorte est vide")
# The table whose rows say whether a bucket has data at all (None: the family says it itself).
PRESENCE = {"cohort": "orders", "email": "email_events", "lines": "orders", "dormant": None}


def build(family: str, plan: Plan, names: list[str]) -> Query:
    return {"cohort": _cohort, "email": _email, "lines": _lines, "dormant": _dormant}[family](plan, names)


def _params(plan: Plan, name: str) -> dict[str, Any]:
    return plan.definitions[name].params


def _loc(plan: Plan, name: str):
    return metric_location(plan.spec, name, plan.definitions[name])


def completed_orders(plan: Plan, metric: str, extra: list[str]) -> Any:
    """Completed orders (status missing or 'completed') with `_kg_t`, their local time, and `_kg_d`, local date."""
    source = plan.source
    orders = source.require("orders", ["ordered_at", *extra], metric=metric, location=_loc(plan, metric))
    local = source.local_time(orders, "ordered_at", table_name="orders")
    if "status" in orders.columns:
        orders = orders.filter(orders.status.fill_null("completed") == "completed")
    orders = orders.mutate(_kg_t=local)
    return orders.mutate(_kg_d=source.local_date(orders._kg_t))


def _in(slice_column: Any, members: list[int]) -> Any:
    import ibis

    return slice_column.isin(members) if members else ibis.literal(False)


def _ones(flag: Any) -> Any:
    """1 where a boolean holds, else 0 (PostgreSQL cannot cast a boolean to an integer)."""
    import ibis

    return ibis.ifelse(flag, 1, 0)


def _int(value: Any) -> float | None:
    return number(value)


# --- new customers and repurchase cohorts ------------------------------------------------------------------------

def _cohort(plan: Plan, names: list[str]) -> Query:
    import ibis

    frame = plan.frame
    orders = completed_orders(plan, names[0], ["customer_id"])
    windows = sorted({int(_params(plan, n).get("window_days", 90)) for n in names
                      if _params(plan, n).get("computation", "repurchase") == "repurchase"
                      or plan.definitions[n].type == "cohort"})
    # the first completed order of each customer over all the data, then only the cohorts we look at; taken as
    # the local date of the earliest instant, so that the time zone conversion runs once per customer rather
    # than once per order (10 M conversions cost seconds). The local date never goes back as time goes on,
    # except across a daylight-saving change at midnight (a few zones, historically): two orders of one
    # customer within that repeated hour are the only case where this differs from the min of local dates.
    first = orders.group_by("customer_id").aggregate(_kg_first=plan.source.local_date(orders._kg_t.min()))
    first = first.filter(within(first._kg_first, frame.start, frame.end, is_date=True))
    if windows:
        horizon = frame.end + timedelta(days=max(windows))
        # cut on the time column as stored (pushed down to the scan), the same rows as on the local date
        later = orders.filter(within(orders._kg_t, frame.start, horizon, is_date=orders._kg_t.type().is_date(),
                                     tz=plan.spec.timezone))
        later = later.select(customer_id=later.customer_id, _kg_d=later._kg_d)
        joined = first.join(later, "customer_id")
        flags = {}
        for n in windows:
            repeat = (joined._kg_d > joined._kg_first) & (joined._kg_d <= joined._kg_first + ibis.interval(days=n))
            flags[f"r{n}"] = repeat.any()
        per_customer = joined.group_by(["customer_id", "_kg_first"]).aggregate(**flags)
    else:
        per_customer = first
    aggs: dict[str, Any] = {}
    for j, bucket in enumerate(frame.buckets):
        in_bucket = within(per_customer._kg_first, bucket.start, bucket.end, is_date=True)
        aggs[f"c_{j}"] = per_customer.count(where=in_bucket)
        for n in windows:
            aggs[f"r{n}_{j}"] = _ones(per_customer[f"r{n}"]).sum(where=in_bucket).fill_null(0)
    expr = per_customer.aggregate(**aggs)
    # maturity is judged by the last day of any order (cancelled ones too: the data runs until then)
    every = plan.source.require("orders", ["ordered_at"], metric=names[0])
    every_local = plan.source.local_time(every, "ordered_at", table_name="orders")
    last = every.aggregate(_kg_last=plan.source.naive(every_local.max()))
    expr = expr.cross_join(last)

    def decode(df: Any) -> dict[tuple[str, int], Cell]:
        row = df.iloc[0]
        data_end = _as_date(row["_kg_last"])
        out: dict[tuple[str, int], Cell] = {}
        for name in names:
            params = _params(plan, name)
            computation = params.get("computation", "repurchase")
            for j, bucket in enumerate(frame.buckets):
                cohort = _int(row[f"c_{j}"]) or 0.0
                if computation == "first_orders":
                    out[(name, j)] = (cohort, "ok", None, None, None)
                    continue
                n = int(params.get("window_days", 90))
                repeaters = _int(row[f"r{n}_{j}"]) or 0.0
                if data_end is None or data_end < bucket.last_day + timedelta(days=n):
                    reason = R.IMMATURE(days=n, last_day=bucket.last_day.isoformat(),
                                        data_end=data_end.isoformat() if data_end else "-")
                    out[(name, j)] = (None, "immature", reason, repeaters, cohort)
                elif cohort == 0:
                    out[(name, j)] = (None, "division_by_zero", NO_COHORT(period=bucket.label), repeaters, cohort)
                else:
                    out[(name, j)] = (repeaters / cohort, "ok", None, repeaters, cohort)
        return out

    return Query("first orders per customer (orders)", names, expr, decode)


def _as_date(value: Any):
    from kpiguard.metrics.source import _as_date as convert

    return convert(value)


# --- e-mail recipients and deliveries ---------------------------------------------------------------------------

def _email(plan: Plan, names: list[str]) -> Query:
    import ibis

    frame = plan.frame
    source = plan.source
    events = source.require("email_events", ["event_at", "event"], metric=names[0], location=_loc(plan, names[0]))
    local = source.local_time(events, "event_at", table_name="email_events")
    is_date = local.type().is_date()
    events = events.mutate(_kg_t=local)
    tz = plan.spec.timezone
    bounds, members = atoms(frame)
    spanned = events.filter(within(events._kg_t, bounds[0], bounds[-1], is_date=is_date, tz=tz))
    spanned = spanned.mutate(_kg_a=slice_index(spanned._kg_t, bounds, tz))
    recipients = [n for n in names if _params(plan, n).get("computation") == "email_recipients"]
    deliveries = [n for n in names if _params(plan, n).get("computation") == "email_deliveries"]
    parts = []
    kinds = sorted({str(_params(plan, n).get("event", "open")) for n in recipients})
    if recipients:
        source.require("email_events", ["campaign_id", "customer_id"], metric=recipients[0],
                       location=_loc(plan, recipients[0]))
        wanted = spanned.filter(spanned.event.isin(kinds))
        n_atoms = len(bounds) - 1
        # one row per (campaign, recipient): a recipient counts once per campaign, however many events
        if uses_masks(n_atoms, source.engine):
            # per pair and kind, the set of time slices with such an event as one bit mask: the group-by then
            # carries one aggregate per kind whatever the number of periods (a monthly series costs no more)
            bit = atom_bit(wanted._kg_a, n_atoms)
            pairs = wanted.group_by(["campaign_id", "customer_id"]).aggregate(
                **{f"m{k}": bit.bit_or(where=wanted.event == kind) for k, kind in enumerate(kinds)})
            counts = {f"e{k}_{j}": pairs.count(where=meets(pairs[f"m{k}"].fill_null(0), members[j]))
                      for k in range(len(kinds)) for j in range(len(frame.buckets))}
        else:
            flags = {}
            for k, kind in enumerate(kinds):
                for j, bucket in enumerate(frame.buckets):
                    cond = (wanted.event == kind) & _in(wanted._kg_a, members[j])
                    flags[f"f{k}_{j}"] = cond.any()
            pairs = wanted.group_by(["campaign_id", "customer_id"]).aggregate(**flags)
            counts = {f"e{k}_{j}": _ones(pairs[f"f{k}_{j}"]).sum().fill_null(0)
                      for k in range(len(kinds)) for j in range(len(frame.buckets))}
        parts.append(pairs.aggregate(**counts))
    if deliveries:
        aggs = {}
        for j, bucket in enumerate(frame.buckets):
            in_bucket = _in(spanned._kg_a, members[j])
            aggs[f"d_{j}"] = spanned.count(where=in_bucket & (spanned.event == "delivered"))
            aggs[f"s_{j}"] = spanned.count(where=in_bucket & (spanned.event == "sent"))
        parts.append(spanned.aggregate(**aggs))
        # "delivered, or sent when the data has no delivery events": decided over all the data
        parts.append(events.aggregate(any_delivered=events.count(where=events.event == "delivered")))
    expr = parts[0]
    for part in parts[1:]:
        expr = expr.cross_join(part)
    del ibis

    def decode(df: Any) -> dict[tuple[str, int], Cell]:
        row = df.iloc[0]
        out: dict[tuple[str, int], Cell] = {}
        for name in recipients:
            k = kinds.index(str(_params(plan, name).get("event", "open")))
            for j in range(len(frame.buckets)):
                out[(name, j)] = (_int(row[f"e{k}_{j}"]) or 0.0, "ok", None, None, None)
        for name in deliveries:
            use_delivered = (_int(row["any_delivered"]) or 0) > 0
            for j in range(len(frame.buckets)):
                value = _int(row[f"d_{j}" if use_delivered else f"s_{j}"]) or 0.0
                out[(name, j)] = (value, "ok", None, None, None)
        return out

    return Query("e-mail events per campaign and recipient (email_events)", names, expr, decode)


# --- order-line revenue and new products -------------------------------------------------------------------------

def _lines(plan: Plan, names: list[str]) -> Query:
    import ibis

    frame = plan.frame
    source = plan.source
    orders = completed_orders(plan, names[0], ["order_id"])
    bounds, members = atoms(frame)
    orders = orders.filter(within(orders._kg_t, bounds[0], bounds[-1], is_date=orders._kg_t.type().is_date(),
                                  tz=plan.spec.timezone))
    orders = orders.mutate(_kg_a=slice_index(orders._kg_t, bounds, plan.spec.timezone))
    orders = orders.select("order_id", "_kg_a", "_kg_d")
    lines = source.require("order_lines", ["order_id", "product_id", "revenue"], metric=names[0],
                           location=_loc(plan, names[0]))
    lines = lines.select("order_id", "product_id", "revenue")
    joined = lines.join(orders, "order_id")
    new_names = [n for n in names if _params(plan, n).get("computation") == "new_product_revenue"]
    windows = sorted({int(_params(plan, n).get("window_days", 90)) for n in new_names})
    if new_names:
        products = source.require("products", ["product_id", "launched_at"], metric=new_names[0],
                                  location=_loc(plan, new_names[0]))
        launched = source.local_time(products, "launched_at", table_name="products")
        launched = source.local_date(launched)
        products = products.select(product_id=products.product_id, _kg_launch=launched)
        joined = joined.left_join(products, "product_id").drop("product_id_right")
    # sums per time slice (one group-by), added up per period by kpiguard
    aggs = {"l": joined.revenue.sum()}
    for n in windows:
        is_new = (joined._kg_d >= joined._kg_launch) & (joined._kg_d <= joined._kg_launch + ibis.interval(days=n))
        aggs[f"p{n}"] = joined.revenue.sum(where=is_new)
    expr = joined.group_by("_kg_a").aggregate(**aggs)

    def decode(df: Any) -> dict[tuple[str, int], Cell]:
        by_slice = {int(r["_kg_a"]): r for r in df.to_dict("records")}
        out: dict[tuple[str, int], Cell] = {}
        for name in names:
            params = _params(plan, name)
            column = (f"p{int(params.get('window_days', 90))}"
                      if params.get("computation") == "new_product_revenue" else "l")
            for j in range(len(frame.buckets)):
                parts = [number(by_slice[a][column]) for a in members[j] if a in by_slice]
                out[(name, j)] = (float(sum(p for p in parts if p is not None)), "ok", None, None, None)
        return out

    return Query("order lines of completed orders (order_lines, orders, products)", names, expr, decode)


# --- dormant stock -------------------------------------------------------------------------------------------------

def _dormant(plan: Plan, names: list[str]) -> Query:
    """One group-by per product over the stock snapshots (stock at each period's start, zero reached during it)
    and one over the sales of the look-back windows, joined on the product: two scans for every bucket."""
    import ibis

    frame = plan.frame
    source = plan.source
    inventory = source.require("inventory", ["snapshot_date", "product_id", "on_hand"], metric=names[0],
                               location=_loc(plan, names[0]))
    local = source.local_time(inventory, "snapshot_date", table_name="inventory")
    inventory = inventory.select(product_id=inventory.product_id, on_hand=inventory.on_hand,
                                 _kg_d=source.local_date(local))
    lookbacks = sorted({int(_params(plan, n).get("lookback_days", 90)) for n in names})
    buckets = frame.buckets
    stock_aggs: dict[str, Any] = {}
    for j, bucket in enumerate(buckets):
        before = inventory._kg_d < bound(bucket.start, is_date=True)
        # the stock of the last snapshot strictly before the period (arg_max over the snapshot date)
        stock_aggs[f"oh_{j}"] = inventory.on_hand.argmax(inventory._kg_d, where=before)
        stock_aggs[f"n_{j}"] = inventory.count(where=before)
        stock_aggs[f"z_{j}"] = (within(inventory._kg_d, bucket.start, bucket.end, is_date=True)
                                & (inventory.on_hand <= 0)).any()
    stock = inventory.group_by("product_id").aggregate(**stock_aggs)

    orders = completed_orders(plan, names[0], ["order_id"])
    first_start = min(b.start for b in buckets)
    last_start = max(b.start for b in buckets)
    # cut on the time column as stored (pushed down to the scan), the same rows as on the local date
    orders = orders.filter(within(orders._kg_t, first_start - timedelta(days=max(lookbacks)), last_start,
                                  is_date=orders._kg_t.type().is_date(), tz=plan.spec.timezone))
    orders = orders.select("order_id", "_kg_d")
    lines = source.require("order_lines", ["order_id", "product_id", "quantity"], metric=names[0],
                           location=_loc(plan, names[0]))
    sales = lines.select("order_id", "product_id", "quantity").join(orders, "order_id")
    sales_aggs = {}
    for days in lookbacks:
        for j, bucket in enumerate(buckets):
            window = within(sales._kg_d, bucket.start - timedelta(days=days), bucket.start, is_date=True)
            sales_aggs[f"q{days}_{j}"] = sales.quantity.sum(where=window)
    sold = sales.group_by(_kg_p=sales.product_id).aggregate(**sales_aggs)
    joined = stock.left_join(sold, stock.product_id == sold._kg_p)
    out_aggs: dict[str, Any] = {}
    for j in range(len(buckets)):
        out_aggs[f"snapshots_{j}"] = joined[f"n_{j}"].sum().fill_null(0)
        for days in lookbacks:
            dormant = (joined[f"oh_{j}"] > 0) & (joined[f"q{days}_{j}"].fill_null(0) <= 0)
            out_aggs[f"skus{days}_{j}"] = joined.count(where=dormant)
            out_aggs[f"units{days}_{j}"] = joined[f"oh_{j}"].sum(where=dormant).fill_null(0)
            out_aggs[f"cleared{days}_{j}"] = joined.count(where=dormant & joined[f"z_{j}"])
    expr = joined.aggregate(**out_aggs)
    del ibis

    def decode(df: Any) -> dict[tuple[str, int], Cell]:
        row = df.iloc[0]
        out: dict[tuple[str, int], Cell] = {}
        for name in names:
            params = _params(plan, name)
            days = int(params.get("lookback_days", 90))
            measure = str(params.get("measure", "skus"))
            for j, bucket in enumerate(frame.buckets):
                if not (number(row[f"snapshots_{j}"]) or 0):
                    out[(name, j)] = (None, "empty", R.EMPTY(period=bucket.label, table="inventory"), None, None)
                    continue
                out[(name, j)] = (number(row[f"{measure}{days}_{j}"]) or 0.0, "ok", None, None, None)
        return out

    return Query("stock snapshots and sales (inventory, order_lines, orders)", names, expr, decode)
