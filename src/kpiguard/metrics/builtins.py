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
    MANY_ATOMS,
    Cell,
    Plan,
    Query,
    atom_bit,
    atoms,
    atoms_of,
    beside,
    bucket_sums,
    count_masks,
    in_atoms,
    metric_location,
    number,
    ones,
    per_atom,
    single_atoms,
    slice_index,
    uses_masks,
)
from kpiguard.metrics.source import same_key_type
from kpiguard.metrics.timeframe import bound, local_midnight, within

FAMILIES = {
    "active_customers": "customers",
    "first_orders": "customers",
    "repurchase": "customers",
    "email_recipients": "email",
    "email_deliveries": "email",
    "new_product_revenue": "lines",
    "line_revenue": "lines",
    "dormant": "lines",
}
NO_COHORT = Message(en="no first-time customer in {period}: the cohort is empty",
                    fr="aucun primo-acheteur sur {period} : la cohorte est vide")
# Per computation, the table whose rows say whether a bucket has data at all (None: the computation says it).
PRESENCE = {computation: "orders" for computation in FAMILIES}
PRESENCE.update({"email_recipients": "email_events", "email_deliveries": "email_events", "dormant": None})


def build(family: str, plan: Plan, names: list[str]) -> Query:
    return {"customers": _customers, "email": _email, "lines": _lines}[family](plan, names)


def _params(plan: Plan, name: str) -> dict[str, Any]:
    return plan.definitions[name].params


def _loc(plan: Plan, name: str):
    return metric_location(plan.spec, name, plan.definitions[name])


def completed_orders(plan: Plan, metric: str, extra: list[str]) -> Any:
    """Completed orders with `_kg_t`, their time as stored (an instant stays an instant: it is compared with
    the instants of local midnights, never converted row by row)."""
    source = plan.source
    orders = source.require("orders", ["ordered_at", *extra], metric=metric, location=_loc(plan, metric))
    local = source.local_time(orders, "ordered_at", table_name="orders")
    return _filter(orders, _completed(orders)).mutate(_kg_t=local)


def new_product_window(source: Any, products: Any, like: Any, days: int) -> dict[str, Any]:
    """Where an order line is "new": its order's local date is within `days` days after its product's launch
    date (both included). As the bounds of the order's time as stored (`like`), computed once per product:
    `_kg_lo` the launch day's local midnight, `_kg_hi` the local midnight `days + 1` days later."""
    import ibis

    launch = source.local_date(source.local_time(products, "launched_at", table_name="products"))
    return {"_kg_lo": local_midnight(launch, like),
            "_kg_hi": local_midnight(launch + ibis.interval(days=days + 1), like)}


def _filter(table: Any, predicates: list[Any]) -> Any:
    return table.filter(*predicates) if predicates else table


def _completed(orders: Any) -> list[Any]:
    """The row filter of completed orders (status missing or 'completed'), as a list of predicates."""
    if "status" in orders.columns:
        return [orders.status.fill_null("completed") == "completed"]
    return []


def _int(value: Any) -> float | None:
    return number(value)


# --- customers: active, new, repurchase cohorts -----------------------------------------------------------------

def _customers(plan: Plan, names: list[str]) -> Query:
    """Every per-customer metric from one group-by on the customer over the completed orders of all the data:
    its first order (new customers, the repurchase cohorts) and, as a bit mask of time slices, the slices it
    ordered in (active customers). The cohorts then meet their later orders in one join."""
    import ibis

    frame, source, tz = plan.frame, plan.source, plan.spec.timezone
    computations = {n: str(_params(plan, n).get("computation") or "repurchase") for n in names}
    active = [n for n in names if computations[n] == "active_customers"]
    cohort = [n for n in names if computations[n] != "active_customers"]
    windows = sorted({int(_params(plan, n).get("window_days", 90)) for n in cohort
                      if computations[n] == "repurchase"})
    base = source.require("orders", ["ordered_at", "customer_id"], metric=names[0], location=_loc(plan, names[0]))
    completed = _completed(base)
    t = source.local_time(base, "ordered_at", table_name="orders")
    is_date = t.type().is_date()
    bounds, members = atoms(frame)
    single = single_atoms(members, len(bounds) - 1)
    several = {j: part for j, part in enumerate(members) if j not in single}
    n_atoms = len(bounds) - 1
    masks = uses_masks(n_atoms, source.engine)
    orders = _filter(base, completed).select(customer_id=base.customer_id, _kg_t=t)
    aggs: dict[str, Any] = {}
    if active:
        orders = orders.mutate(_kg_a=slice_index(orders._kg_t, bounds, tz))
        in_span = within(orders._kg_t, bounds[0], bounds[-1], is_date=is_date, tz=tz)
        atom = orders._kg_a
        if masks and several:
            aggs["_kg_m"] = atom_bit(atom).bit_or(where=in_span)
    if cohort:
        aggs["_kg_first"] = orders._kg_t.min()
    per_customer = orders.group_by("customer_id").aggregate(**aggs)
    per_customer = per_customer.filter(per_customer.customer_id.notnull())
    parts = []
    daily = None
    if active and single:
        # the buckets of one time slice each: distinct customers per slice, one group-by whatever their number
        spanned = orders.filter(orders.customer_id.notnull() & in_span)
        daily = spanned.group_by("_kg_a").aggregate(_kg_ac=spanned.customer_id.nunique())
    if active and several:
        if masks:
            parts.append(count_masks(per_customer, [per_customer._kg_m],
                                     {f"a_{j}": (0, part) for j, part in several.items()}))
        else:
            spanned = orders.filter(orders.customer_id.notnull() & in_span)
            pairs = atoms_of(spanned, {"customer_id": spanned.customer_id})
            flags = pairs.group_by("customer_id").aggregate(
                **{f"_kg_f{j}": in_atoms(pairs._kg_a, part).any() for j, part in several.items()})
            parts.append(flags.aggregate(**{f"a_{j}": ones(flags[f"_kg_f{j}"]).sum().fill_null(0)
                                            for j in several}))
    if cohort:
        # the cohorts of the buckets: customers whose first completed order (over all the data) falls in the span,
        # by the local date of that earliest instant (converted once per customer, not once per order). The local
        # date never goes back as time goes on, except across a daylight-saving change at midnight (a few zones,
        # historically): two orders of one customer within that repeated hour are the only case where this
        # differs from the earliest of the local dates.
        firsts = per_customer.filter(within(per_customer._kg_first, bounds[0], bounds[-1], is_date=is_date, tz=tz))
        firsts = firsts.select(customer_id=firsts.customer_id, _kg_fd=source.local_date(firsts._kg_first))
        if windows:
            # a repeat is another completed order on a later local day, at most n days after the first one:
            # its instant is in [local midnight after the first day, local midnight n + 1 days after it)
            horizon = frame.end + timedelta(days=max(windows))
            if source.engine == "duckdb":
                # the cohort meets its later orders in one hash join, the bounds computed once per customer
                later = _filter(base, [*completed, within(t, bounds[0], horizon, is_date=is_date, tz=tz)])
                later = later.select(customer_id=later.customer_id, _kg_t=t)
                edges = {"_kg_lo": local_midnight(firsts._kg_fd + ibis.interval(days=1), t)}
                for n in windows:
                    edges[f"_kg_hi{n}"] = local_midnight(firsts._kg_fd + ibis.interval(days=n + 1), t)
                joined = firsts.mutate(**edges).join(later, "customer_id")
            else:
                # elsewhere each order carries its customer's first instant through a window: PostgreSQL,
                # misjudging the cohort's size, planned the join as a nested loop (minutes on a large shop)
                history = _filter(base, completed).select(customer_id=base.customer_id, _kg_t=t)
                history = history.mutate(_kg_first=history._kg_t.min().over(group_by=history.customer_id))
                later = history.filter(history.customer_id.notnull(),
                                       within(history._kg_first, bounds[0], bounds[-1], is_date=is_date, tz=tz),
                                       within(history._kg_t, bounds[0], horizon, is_date=is_date, tz=tz))
                later = later.mutate(_kg_fd=source.local_date(later._kg_first))
                edges = {"_kg_lo": local_midnight(later._kg_fd + ibis.interval(days=1), t)}
                for n in windows:
                    edges[f"_kg_hi{n}"] = local_midnight(later._kg_fd + ibis.interval(days=n + 1), t)
                joined = later.mutate(**edges)
            flags = {f"r{n}": ((joined._kg_t >= joined._kg_lo) & (joined._kg_t < joined[f"_kg_hi{n}"])).any()
                     for n in windows}
            cohort_rows = joined.group_by(["customer_id", "_kg_fd"]).aggregate(**flags)
        else:
            cohort_rows = firsts
        # sizes and repeaters per time slice of the first day, then per bucket (a union of slices)
        cohort_rows = cohort_rows.mutate(_kg_a=slice_index(cohort_rows._kg_fd, bounds, tz))
        per_slice = cohort_rows.group_by("_kg_a").aggregate(
            _kg_c=cohort_rows.count(), **{f"_kg_r{n}": ones(cohort_rows[f"r{n}"]).sum() for n in windows})
        if several:
            parts.append(bucket_sums(per_slice, {"c": "_kg_c", **{f"r{n}": f"_kg_r{n}" for n in windows}}, several))
        if single:
            # a bucket of one slice reads its slice's row; a first order's slice is one of the active customers'
            daily = per_slice if daily is None else daily.left_join(per_slice, "_kg_a").drop("_kg_a_right")
        # maturity is judged by the last day of any order (cancelled ones too: the data runs until then)
        parts.append(base.aggregate(_kg_last=source.naive(t.max())))
    expr = beside(_joined(parts), daily) if daily is not None else _joined(parts)

    def decode(df: Any) -> dict[tuple[str, int], Cell]:
        row = df.iloc[0] if len(df) else {}
        data_end = _as_date(row["_kg_last"]) if cohort else None
        by_atom = {column: per_atom(df, column) for column in [*(["_kg_ac"] if active else []), "_kg_c",
                                                               *(f"_kg_r{n}" for n in windows)]
                   if daily is not None and column in df.columns}
        out: dict[tuple[str, int], Cell] = {}
        for name in names:
            params = _params(plan, name)
            computation = computations[name]
            for j, bucket in enumerate(frame.buckets):
                if computation == "active_customers":
                    value = by_atom["_kg_ac"].get(single[j], 0.0) if j in single else _int(row[f"a_{j}"]) or 0.0
                    out[(name, j)] = (value, "ok", None, None, None)
                    continue
                size = by_atom["_kg_c"].get(single[j], 0.0) if j in single else _int(row[f"c_{j}"]) or 0.0
                if computation == "first_orders":
                    out[(name, j)] = (size, "ok", None, None, None)
                    continue
                n = int(params.get("window_days", 90))
                repeaters = (by_atom[f"_kg_r{n}"].get(single[j], 0.0) if j in single
                             else _int(row[f"r{n}_{j}"]) or 0.0)
                if data_end is None or data_end < bucket.last_day + timedelta(days=n):
                    reason = R.IMMATURE.localized(days=n, last_day=bucket.last_day.isoformat(),
                                        data_end=data_end.isoformat() if data_end else "-")
                    out[(name, j)] = (None, "immature", reason, repeaters, size)
                elif size == 0:
                    out[(name, j)] = (None, "division_by_zero", NO_COHORT(period=bucket.label), repeaters, size)
                else:
                    out[(name, j)] = (repeaters / size, "ok", None, repeaters, size)
        return out

    return Query("completed orders per customer (orders)", names, expr, decode)


def _joined(parts: list[Any]) -> Any:
    """One-row parts side by side (a cross join of one-row tables is one row), or None when there is none."""
    if not parts:
        return None
    expr = parts[0]
    for part in parts[1:]:
        expr = expr.cross_join(part)
    return expr


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
    single = single_atoms(members, len(bounds) - 1)
    several = {j: part for j, part in enumerate(members) if j not in single}
    parts = []
    daily = None
    kinds = sorted({str(_params(plan, n).get("event", "open")) for n in recipients})
    if recipients:
        source.require("email_events", ["campaign_id", "customer_id"], metric=recipients[0],
                       location=_loc(plan, recipients[0]))
        wanted = spanned.filter(spanned.event.isin(kinds))
        n_atoms = len(bounds) - 1
        if single:
            # the buckets of one time slice each: (campaign, recipient) pairs per slice and kind, counted per slice
            seen = wanted.group_by(["_kg_a", "campaign_id", "customer_id"]).aggregate(
                **{f"_kg_f{k}": (wanted.event == kind).any() for k, kind in enumerate(kinds)})
            daily = seen.group_by("_kg_a").aggregate(
                **{f"_kg_e{k}": ones(seen[f"_kg_f{k}"]).sum() for k in range(len(kinds))})
        # one row per (campaign, recipient): a recipient counts once per campaign, however many events
        if several and uses_masks(n_atoms, source.engine):
            # per pair and kind, the set of time slices with such an event as one bit mask: the group-by then
            # carries one aggregate per kind whatever the number of periods (a monthly series costs no more)
            bit = atom_bit(wanted._kg_a)
            pairs = wanted.group_by(["campaign_id", "customer_id"]).aggregate(
                **{f"m{k}": bit.bit_or(where=wanted.event == kind) for k, kind in enumerate(kinds)})
            parts.append(count_masks(pairs, [pairs[f"m{k}"].fill_null(0) for k in range(len(kinds))],
                                     {f"e{k}_{j}": (k, members[j]) for k in range(len(kinds)) for j in several}))
        elif several:
            seen = atoms_of(wanted, {"campaign_id": wanted.campaign_id, "customer_id": wanted.customer_id,
                                     "event": wanted.event})
            flags = {}
            for k, kind in enumerate(kinds):
                for j, part in several.items():
                    cond = (seen.event == kind) & in_atoms(seen._kg_a, part)
                    flags[f"f{k}_{j}"] = cond.any()
            pairs = seen.group_by(["campaign_id", "customer_id"]).aggregate(**flags)
            parts.append(pairs.aggregate(**{f"e{k}_{j}": ones(pairs[f"f{k}_{j}"]).sum().fill_null(0)
                                            for k in range(len(kinds)) for j in several}))
    if deliveries:
        # counted per time slice, then per bucket of several slices (a bucket of one slice reads its slice's row)
        per_slice = spanned.group_by("_kg_a").aggregate(_kg_d=spanned.count(where=spanned.event == "delivered"),
                                                        _kg_s=spanned.count(where=spanned.event == "sent"))
        if several:
            parts.append(bucket_sums(per_slice, {"d": "_kg_d", "s": "_kg_s"}, several))
        if single:
            # every slice with an opener has an event, so the slices of the events carry those of the recipients
            daily = per_slice if daily is None else per_slice.left_join(daily, "_kg_a").drop("_kg_a_right")
        # "delivered, or sent when the data has no delivery events": decided over all the data
        parts.append(events.aggregate(any_delivered=events.count(where=events.event == "delivered")))
    expr = beside(_joined(parts), daily) if daily is not None else _joined(parts)
    del ibis

    def decode(df: Any) -> dict[tuple[str, int], Cell]:
        row = df.iloc[0] if len(df) else {}
        out: dict[tuple[str, int], Cell] = {}
        for name in recipients:
            k = kinds.index(str(_params(plan, name).get("event", "open")))
            by_atom = per_atom(df, f"_kg_e{k}") if daily is not None else {}
            for j in range(len(frame.buckets)):
                value = by_atom.get(single[j], 0.0) if j in single else _int(row[f"e{k}_{j}"]) or 0.0
                out[(name, j)] = (value, "ok", None, None, None)
        for name in deliveries:
            use_delivered = (_int(row["any_delivered"]) or 0) > 0
            by_atom = per_atom(df, "_kg_d" if use_delivered else "_kg_s") if single else {}
            for j in range(len(frame.buckets)):
                value = (by_atom.get(single[j], 0.0) if j in single
                         else _int(row[f"d_{j}" if use_delivered else f"s_{j}"]) or 0.0)
                out[(name, j)] = (value, "ok", None, None, None)
        return out

    return Query("e-mail events per campaign and recipient (email_events)", names, expr, decode)


# --- order lines: revenue, new products, dormant stock --------------------------------------------------------------

def _lines(plan: Plan, names: list[str]) -> Query:
    """Every metric over the order lines of completed orders, from one join of the lines with their orders.

    The join is reduced at once to one row per time slice (per product and slice when dormant stock is asked),
    the slices cut at every date a bucket or a dormant look-back window starts or ends: revenue (all lines, and
    the lines of new products) per bucket and units sold per product and window are then sums of those few rows.
    Dormant stock also reads the stock snapshots, reduced the same way to one row per (product, slice).
    """
    frame, source, tz = plan.frame, plan.source, plan.spec.timezone
    buckets = frame.buckets
    computation = {n: str(_params(plan, n).get("computation")) for n in names}
    revenue = [n for n in names if computation[n] in ("line_revenue", "new_product_revenue")]
    dormant = [n for n in names if computation[n] == "dormant"]
    windows = sorted({int(_params(plan, n).get("window_days", 90)) for n in revenue
                      if computation[n] == "new_product_revenue"})
    lookbacks = sorted({int(_params(plan, n).get("lookback_days", 90)) for n in dormant})
    # the order-time grid: buckets' bounds (revenue) and look-back windows' edges (dormant stock)
    grid: set = set()
    if revenue:
        grid |= {b.start for b in buckets} | {b.end for b in buckets}
    for days in lookbacks:
        grid |= {b.start - timedelta(days=days) for b in buckets} | {b.start for b in buckets}
    cuts = sorted(grid)

    first = (revenue or dormant)[0]
    orders = completed_orders(plan, first, ["order_id"])
    is_date = orders._kg_t.type().is_date()
    orders = orders.filter(within(orders._kg_t, cuts[0], cuts[-1], is_date=is_date, tz=tz))
    orders = orders.select(order_id=orders.order_id, _kg_t=orders._kg_t, _kg_a=slice_index(orders._kg_t, cuts, tz))
    wanted = ["order_id", "product_id"] + (["revenue"] if revenue else []) + (["quantity"] if dormant else [])
    lines = source.require("order_lines", wanted, metric=first, location=_loc(plan, first))
    lines, orders = same_key_type(lines.select(*wanted), orders, "order_id")
    joined = lines.join(orders, "order_id")
    if windows:
        new = next(n for n in revenue if computation[n] == "new_product_revenue")
        products = source.require("products", ["product_id", "launched_at"], metric=new, location=_loc(plan, new))
        edges: dict[str, Any] = {}
        for n in windows:
            window = new_product_window(source, products, orders._kg_t, n)
            edges[f"_kg_lo{n}"], edges[f"_kg_hi{n}"] = window["_kg_lo"], window["_kg_hi"]
        products = products.select(product_id=products.product_id, **edges)
        joined, products = same_key_type(joined, products, "product_id")
        joined = joined.left_join(products, "product_id").drop("product_id_right")
    sums: dict[str, Any] = {}
    if revenue:
        sums["_kg_r"] = joined.revenue.sum()
        for n in windows:
            is_new = (joined._kg_t >= joined[f"_kg_lo{n}"]) & (joined._kg_t < joined[f"_kg_hi{n}"])
            sums[f"_kg_p{n}"] = joined.revenue.sum(where=is_new)
    if dormant:
        sums["_kg_q"] = joined.quantity.sum()
    # per product only when dormant stock needs it: revenue alone is summed per slice (a much smaller group-by)
    per_slice = joined.group_by(["product_id", "_kg_a"] if dormant else ["_kg_a"]).aggregate(**sums)

    def slices_of(start: Any, end: Any) -> Any:
        return (per_slice._kg_a >= cuts.index(start)) & (per_slice._kg_a < cuts.index(end))

    # a bucket of one slice (a day of a daily series) reads its slice's row, when the rows are per slice only
    position = {day: i for i, day in enumerate(cuts)}
    single = {} if dormant or len(cuts) - 1 <= MANY_ATOMS else {
        j: position[b.start] for j, b in enumerate(buckets) if position[b.end] - position[b.start] == 1}
    parts = []
    if revenue:
        aggs: dict[str, Any] = {}
        for j, bucket in enumerate(buckets):
            if j in single:
                continue
            in_bucket = slices_of(bucket.start, bucket.end)
            aggs[f"l_{j}"] = per_slice._kg_r.sum(where=in_bucket)
            for n in windows:
                aggs[f"p{n}_{j}"] = per_slice[f"_kg_p{n}"].sum(where=in_bucket)
        if aggs:
            parts.append(per_slice.aggregate(**aggs))
    if dormant:
        sold = per_slice.group_by(_kg_p=per_slice.product_id).aggregate(**{
            f"q{days}_{j}": per_slice._kg_q.sum(where=slices_of(bucket.start - timedelta(days=days), bucket.start))
            for days in lookbacks for j, bucket in enumerate(buckets)})
        parts.append(_dormant_stock(plan, dormant, lookbacks, sold))
    expr = beside(_joined(parts), per_slice) if single else _joined(parts)

    def decode(df: Any) -> dict[tuple[str, int], Cell]:
        row = df.iloc[0] if len(df) else {}
        by_atom = {column: per_atom(df, column) for column in ["_kg_r", *(f"_kg_p{n}" for n in windows)]
                   } if single else {}
        out: dict[tuple[str, int], Cell] = {}
        for name in names:
            params = _params(plan, name)
            for j, bucket in enumerate(buckets):
                if j in single:
                    column = (f"_kg_p{int(params.get('window_days', 90))}"
                              if computation[name] == "new_product_revenue" else "_kg_r")
                    out[(name, j)] = (by_atom[column].get(single[j], 0.0), "ok", None, None, None)
                    continue
                if computation[name] == "dormant":
                    if not (number(row[f"snapshots_{j}"]) or 0):
                        out[(name, j)] = (None, "empty", R.EMPTY.localized(period=bucket.label, table="inventory"), None, None)
                        continue
                    column = f"{params.get('measure', 'skus')}{int(params.get('lookback_days', 90))}_{j}"
                else:
                    column = (f"p{int(params.get('window_days', 90))}_{j}"
                              if computation[name] == "new_product_revenue" else f"l_{j}")
                out[(name, j)] = (number(row[column]) or 0.0, "ok", None, None, None)
        return out

    tables = "order_lines, orders" + (", products" if windows else "") + (", inventory" if dormant else "")
    return Query(f"order lines of completed orders ({tables})", names, expr, decode)


def _dormant_stock(plan: Plan, names: list[str], lookbacks: list[int], sold: Any) -> Any:
    """Dormant SKUs, their units and those cleared, per bucket: the stock of the last snapshot before the period
    is positive and no unit was sold in the look-back window before it (`sold`: units per product and window);
    cleared: the stock reached zero during the period.

    The snapshots are first reduced to one row per (product, slice), the slices cut at every bucket's start and
    end: the stock before a period is that of the latest slice before it.
    """
    source = plan.source
    buckets = plan.frame.buckets
    inventory = source.require("inventory", ["snapshot_date", "product_id", "on_hand"], metric=names[0],
                               location=_loc(plan, names[0]))
    day = source.local_date(source.local_time(inventory, "snapshot_date", table_name="inventory"))
    inventory = inventory.select(product_id=inventory.product_id, on_hand=inventory.on_hand, _kg_d=day)
    # slice s of a snapshot: s = 0 before the first cut, s = k in [cuts[k-1], cuts[k]); nothing after the last
    cuts = sorted({b.start for b in buckets} | {b.end for b in buckets})
    # a snapshot row without a product is no SKU: it can be neither dormant nor cleared
    inventory = inventory.filter(inventory._kg_d < bound(cuts[-1], is_date=True), inventory.product_id.notnull())
    inventory = inventory.mutate(_kg_s=slice_index(inventory._kg_d, [cuts[0], *cuts], plan.spec.timezone))
    slices = inventory.group_by(["product_id", "_kg_s"]).aggregate(
        _kg_oh=inventory.on_hand.argmax(inventory._kg_d), _kg_n=inventory.count(),
        _kg_z=(inventory.on_hand <= 0).any())
    stock_aggs: dict[str, Any] = {}
    for j, bucket in enumerate(buckets):
        start, end = cuts.index(bucket.start), cuts.index(bucket.end)
        before = slices._kg_s <= start
        stock_aggs[f"oh_{j}"] = slices._kg_oh.argmax(slices._kg_s, where=before)
        stock_aggs[f"n_{j}"] = slices._kg_n.sum(where=before)
        stock_aggs[f"z_{j}"] = slices._kg_z.any(where=(slices._kg_s > start) & (slices._kg_s <= end))
    stock = slices.group_by("product_id").aggregate(**stock_aggs)
    stock, sold = same_key_type(stock, sold, "product_id", "_kg_p")
    joined = stock.left_join(sold, stock.product_id == sold._kg_p)
    out_aggs: dict[str, Any] = {}
    for j in range(len(buckets)):
        out_aggs[f"snapshots_{j}"] = joined[f"n_{j}"].sum().fill_null(0)
        for days in lookbacks:
            is_dormant = (joined[f"oh_{j}"] > 0) & (joined[f"q{days}_{j}"].fill_null(0) <= 0)
            out_aggs[f"skus{days}_{j}"] = joined.count(where=is_dormant)
            out_aggs[f"units{days}_{j}"] = joined[f"oh_{j}"].sum(where=is_dormant).fill_null(0)
            out_aggs[f"cleared{days}_{j}"] = joined.count(where=is_dormant & joined[f"z_{j}"].fill_null(False))
    return joined.aggregate(**out_aggs)
