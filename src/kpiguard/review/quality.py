"""Checks of the data that change every number silently: missing customers or amounts, negative amounts,
repeated ids, one person's id written several ways."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from itertools import pairwise
from typing import Any

from kpiguard._i18n import LANGS, Message
from kpiguard.review.numbers import fmt_value

# Up to this many orders, repeated order ids are counted exactly; above, an approximate count screens first
# (its error is a few percent, so repeats under SCREEN_GAP of the rows go unseen there).
EXACT_ROWS = 2_000_000
SCREEN_GAP = 0.05
# A table beside the orders silent for longer than this at one end has its days read (a monthly campaign
# leaves a month without e-mail events at the end of the data, which its pace explains).
SCREEN_DAYS = 31
# A `status` column with more distinct values than this is free text, not a status.
MAX_STATUSES = 200
# Column names (folded) that say which orders count, beyond those ending with status, statut, state or etat.
STATUS_NAMES = frozenset({"valid", "isvalid", "statusid", "idorderstate", "orderstatusid", "paid", "ispaid"})
# Words of an address: WooCommerce's `Billing State` and `Shipping State` are American states, not statuses.
ADDRESS_WORDS = ("billing", "shipping", "address", "adresse", "province", "region", "country", "pays", "livraison",
                 "facturation")
# A jump of the typical order amount by this factor from a month to the next, each month with at least
# JUMP_ORDERS orders, is a change of unit or currency (cents read as euros: x100), not of business.
JUMP_FACTOR = 30
JUMP_ORDERS = 20


def order_warnings(spec: Any, source: Any) -> list[dict[str, str]]:
    """Warnings about the orders as a whole, each in every language ({lang: sentence}); [] when all is well
    or the spec maps no orders. Orders without a customer or an amount drop out of some metrics but not of
    others; repeated order ids count twice. (Statuses kpiguard does not read, `paid` or `COMPLETED`, never get
    here: opening the orders refuses them, with the data.values entry to write.)

    One statement: the orders grouped by status (a handful of values), each with its count of rows without a
    customer or an amount; the statuses are then read here. A column with more than MAX_STATUSES values is
    not a status: no check."""
    if "orders" not in spec.data.tables:
        return []
    try:
        table = source.table("orders", metric="data checks")
        # the amounts as the metrics read them: text amounts as numbers, NaN as missing
        table = source.require("orders", [c for c in ("revenue", "margin") if c in table.columns], metric="data checks")
        rows = source.execute(table.group_by("status").aggregate(**_measures(table, source.engine))
                              .limit(MAX_STATUSES + 1))
    except Exception:  # noqa: BLE001 - a check that cannot run must not stop the review (the metrics say why)
        return []
    if len(rows) > MAX_STATUSES:
        return []
    groups = [(None if _missing(r["status"]) else str(r["status"]), r) for r in rows.to_dict("records")]
    total = sum(int(r["n"]) for _, r in groups)
    done = [r for status, r in groups if status is None or status == "completed"]
    completed = sum(int(r["n"]) for r in done)
    found: list[tuple[Message, dict[str, Any]]] = []
    repeated = _repeated_ids(table, source, total) if "order_id" in table.columns else None
    if repeated:
        found.append((DUPLICATE if repeated == 1 else DUPLICATES, {"n": repeated, "total": total}))
    for key, one, many in (("no_customer", NO_CUSTOMER_ONE, NO_CUSTOMER), ("no_revenue", NO_REVENUE_ONE, NO_REVENUE),
                           ("negative", NEGATIVE_ONE, NEGATIVE), ("no_margin", NO_MARGIN_ONE, NO_MARGIN)):
        n = sum(int(r.get(key) or 0) for r in done)
        if n:
            found.append((one if n == 1 else many, {"n": n, "total": completed}))
    return [{lang: message.render(lang, **_numbers(values, lang)) for lang in LANGS} for message, values in found]


# The ids that name people, per table: written one way in one row and another way in another (`C123`, ` c123 `),
# each way counts as one more person.
PEOPLE_IDS = (("orders", "customer_id", "customers"), ("sessions", "visitor_id", "visitors"),
              ("email_events", "customer_id", "recipients"))


# The built-in computations that count people, and the table of their ids.
PEOPLE_COMPUTATIONS = {"active_customers": "orders", "first_orders": "orders", "repurchase": "orders",
                       "email_recipients": "email_events"}


def people_tables(spec: Any, names: list[str]) -> set[str]:
    """The tables of PEOPLE_IDS whose ids the metrics `names` count, their parts included (a ratio over
    visitors, a repurchase rate): a built-in computation over customers or recipients, or a measure that names
    the id (`count(distinct visitor_id)`). What `compute` warns about: the ids of a table it does not count
    change none of its numbers."""
    import re

    from kpiguard.metrics.computation import resolve

    out = set()
    for definition in resolve(spec, names).values():
        table = PEOPLE_COMPUTATIONS.get(str(definition.params.get("computation")))
        if table is not None:
            out.add(table)
        for table_name, column, _ in PEOPLE_IDS:
            if definition.table == table_name and re.search(rf"\b{column}\b", definition.measure or ""):
                out.add(table_name)
    return out


def id_warnings(spec: Any, source: Any, tables: set[str] | None = None) -> list[dict[str, str]]:
    """A warning per table whose ids of people differ only by case or surrounding spaces (`C123`, ` c123 `): each
    way of writing counts as another customer, visitor or recipient. Whether two ways name one person is the
    data's to say (Stripe's `cus_` ids tell case apart), so kpiguard counts ids as written and says how many
    people that splits, with an example.

    One group-by on the id trimmed and folded to lower case, over tables of up to EXACT_ROWS rows (a hand-kept
    sheet, a CRM's or a shop's export). Beyond, the check is not made: it reads every id through two string
    functions (about 0.7 s of CPU per 10M rows and column), and reading them so in every metric cost a sixth
    more on `bench/metrics.py`'s customers, which machine-written ids at that scale do not need.

    `tables`: only those tables (`people_tables`), all by default."""
    out = []
    for table_name, column, people in PEOPLE_IDS:
        if tables is not None and table_name not in tables:
            continue
        found = _split_ids(spec, source, table_name, column)
        if found:
            message = SPLIT_ID_ONE if found["n"] == 1 else SPLIT_IDS
            values = {**found, "table": table_name, "column": source.user_column(table_name, column),
                      "people": people, "people_fr": PEOPLE_FR[people]}
            out.append({lang: message.render(lang, **_numbers(values, lang)) for lang in LANGS})
    return out


def _split_ids(spec: Any, source: Any, table_name: str, column: str) -> dict[str, Any] | None:
    """The people of `column` written several ways ({n, extra, first, second}: `extra` the ways beyond one), or
    None (none, no such column, not text, a table over EXACT_ROWS rows, or the check cannot run). In the orders,
    only completed ones, as the customer metrics count them."""
    from kpiguard.metrics.computation import known

    if table_name not in spec.data.tables:
        return None
    try:
        table = source.table(table_name, metric="data checks")
        if column not in table.columns or not table[column].type().is_string():
            return None
        if int(source.execute(table.aggregate(n=table.count())).iloc[0]["n"]) > EXACT_ROWS:
            return None
        # a blank or placeholder id is nobody (`NULL` and `null` are not one person written two ways)
        rows = table.filter(known(table[column], source.engine))
        if table_name == "orders" and "status" in rows.columns:
            # the customers the metrics count are those of completed orders: a cancelled order's ` c1 ` beside a
            # completed `C1` changes no number
            rows = rows.filter(rows.status.fill_null("completed") == "completed")
        person = rows.group_by(_kg_p=rows[column].strip().lower()).aggregate(
            _kg_w=rows[column].nunique(), _kg_a=rows[column].min(), _kg_b=rows[column].max())
        split = person.filter(person._kg_w > 1)
        row = source.execute(split.aggregate(n=split.count(), ways=split._kg_w.sum(),
                                             first=split._kg_a.argmin(split._kg_p),
                                             second=split._kg_b.argmin(split._kg_p))).iloc[0]
    except Exception:  # noqa: BLE001 - a check that cannot run must not stop the review
        return None
    if not int(row["n"] or 0):
        return None
    return {"n": int(row["n"]), "extra": int(row["ways"]) - int(row["n"]), "first": str(row["first"]),
            "second": str(row["second"])}


def gap_warnings(found: list[Any], periods: list[Any], orders_only: bool = False) -> list[dict[str, str]]:
    """A warning per gap in the data (windows.Gap; in the orders when `orders_only`) inside a period the review
    compares, each in every language, naming those periods: their sums count the gap's days as days without
    activity, which is only right if the shop was closed."""
    from kpiguard.review.numbers import fmt_date, fmt_period

    out = []
    for gap in found:
        inside = [p for p in sorted(set(periods), key=lambda p: (p.start, p.end))
                  if p.start <= gap.end and gap.start < p.end]
        if not inside:
            continue
        out.append({lang: (GAP_ORDERS if orders_only else GAP).render(
            lang, start=fmt_date(gap.start, lang), end=fmt_date(gap.end, lang), days=gap.days,
            rate=fmt_value(gap.rate, "%", lang), span=fmt_value(float(gap.span), "", lang),
            periods=", ".join(fmt_period(p, lang) for p in inside)) for lang in LANGS})
    return out


def silent_table_warnings(spec: Any, source: Any, first_day: Any, last_day: Any, periods: list[Any]
                          ) -> list[dict[str, str]]:
    """A warning per activity table beside the orders (sessions, e-mail events) that ends long before the orders
    do, or begins long after, inside a period the review compares: an e-mail export cut in March under orders
    to June (or a shop that stopped sending; the data cannot tell). One min/max query per table; its days are
    read only when the silence is longer than SCREEN_DAYS, and the silence is said when its pace does not
    explain it (windows.gaps' rule: active days x (1 - their share) ^ days under 5 %)."""
    from kpiguard.metrics import activity_days, table_bounds
    from kpiguard.review.numbers import fmt_date, fmt_period
    from kpiguard.review.windows import QUIET_CHANCE

    if first_day is None or last_day is None or "orders" not in spec.data.tables:
        return []
    out = []
    for name in (n for n in SILENT_WORDS if n in spec.data.tables):
        try:
            lo, hi = table_bounds(spec, source, name)
        except Exception:  # noqa: BLE001, S112 - a table no KPI may need (missing file, bad times): the metrics say why
            continue
        if lo is None or hi is None:
            continue
        for side, start, end in (("end", hi + timedelta(days=1), last_day), ("start", first_day, lo - timedelta(days=1))):
            silent = (end - start).days + 1
            inside = [p for p in sorted(set(periods), key=lambda p: (p.start, p.end)) if p.start <= end and start < p.end]
            if silent <= SCREEN_DAYS or not inside:
                continue
            days = [d for d in activity_days(spec, source, (name,)) if lo <= d <= hi]
            rate = len(days) / ((hi - lo).days + 1)
            if not days or len(days) * (1 - rate) ** silent >= QUIET_CHANCE:
                continue
            message = SILENT_END if side == "end" else SILENT_START
            out.append({lang: message.render(
                lang, table=SILENT_WORDS[name][0].render(lang), metrics=SILENT_WORDS[name][1].render(lang),
                day=fmt_date(hi if side == "end" else lo, lang), days=silent,
                orders_day=fmt_date(last_day if side == "end" else first_day, lang),
                rate=fmt_value(rate, "%", lang), span=fmt_value(float((hi - lo).days + 1), "", lang),
                periods=", ".join(fmt_period(p, lang) for p in inside)) for lang in LANGS})
    return out


def status_warnings(spec: Any, source: Any, *, opened_only: bool = False) -> list[dict[str, str]]:
    """A warning when the orders have no status (every row is then a completed order) but a column named like
    one (PrestaShop's `valid` and `current_state`, Magento's `state`, Shopify's `Financial Status`, a French
    `Statut` or `État`): cancelled, refunded or unpaid orders would count as sales. No query: the names alone.
    `opened_only`: only when the orders were opened already (`compute` over metrics that read them)."""
    if "orders" not in spec.data.tables:
        return []
    columns = source.read_columns("orders")
    if columns is None and not opened_only:
        try:
            source.table("orders", metric="data checks")
        except Exception:  # noqa: BLE001 - a check that cannot run must not stop the review (the metrics say why)
            return []
        columns = source.read_columns("orders")
    if not columns or "status" in columns:
        return []
    found = [c for c in columns if _status_like(c)]
    if not found:
        return []
    values = {"columns": ", ".join(repr(c) for c in found), "first": found[0]}
    return [{lang: NO_STATUS.render(lang, **values) for lang in LANGS}]


def _status_like(column: str) -> bool:
    """Whether a column's name says it holds an order's status (folded: lower case, no accents, letters only)."""
    import unicodedata

    name = re.sub(r"[^a-z]", "", unicodedata.normalize("NFKD", column).encode("ascii", "ignore").decode().lower())
    if name in STATUS_NAMES:
        return True
    # `Order Status`, `current_state`; French puts it first: `Statut commande`, `État de la commande`
    named = name.endswith(("status", "statut", "state", "etat")) or name.startswith(("status", "statut", "etat"))
    return named and not any(word in name for word in ADDRESS_WORDS + ("date", "time", "updated", "modif"))


def unit_jump_warnings(spec: Any, source: Any) -> list[dict[str, str]]:
    """A warning when the typical order amount (the median of the completed orders' amounts, per local month)
    jumps by JUMP_FACTOR or more from one month to the next, each with JUMP_ORDERS orders or more: what a change
    of unit (amounts in cents from a new export, x100) or of currency (yen, forint) does, and no shop's business
    does in a month. Without a currency column nothing else tells it: revenue would read as a hundredfold growth.

    One group-by over the orders: count and sum per day, a day being an instant's seconds since the epoch over
    86,400 (shifted by the zone's offset), added up into months here. A local month per row costs a time zone
    conversion of each order (4 s of CPU on 10M orders, against under 1 s), and a median a sort: the medians
    are computed, over exact local months, only for months whose averages jump by a third of the factor or
    more, so that one wholesale order does not set it off. [] when all is well or it cannot run."""
    if "orders" not in spec.data.tables:
        return []
    try:
        table = source.table("orders", metric="data checks")
        if "revenue" not in table.columns or "ordered_at" not in table.columns:
            return []
        table = source.require("orders", ["revenue"], metric="data checks")
        time = source.local_time(table, "ordered_at", table_name="orders")
        rows = table.filter(table.status.fill_null("completed") == "completed", table.revenue > 0)
        kept = _monthly_means(source, rows, time, spec.timezone)
        pairs = [(a, b) for (a, low), (b, high) in pairwise(kept) if max(high / low, low / high) >= JUMP_FACTOR / 3]
        if not pairs:
            return []
        rows = table.mutate(_kg_m=source.local_date(time).truncate("M"))
        rows = rows.filter(rows.status.fill_null("completed") == "completed", rows.revenue > 0)
        wanted = sorted({m for pair in pairs for m in pair})
        chosen = rows.filter(rows._kg_m.isin(wanted))
        medians = source.execute(chosen.group_by("_kg_m").aggregate(mid=chosen.revenue.median()))
        mid = {_first_day(r["_kg_m"]): float(r["mid"]) for r in medians.to_dict("records")}
    except Exception:  # noqa: BLE001 - a check that cannot run must not stop the review
        return []
    out = []
    for before, after in pairs:
        low, high = mid.get(before), mid.get(after)
        if not low or not high or max(high / low, low / high) < JUMP_FACTOR:
            continue
        day = after
        values = {"before": f"{before:%Y-%m}", "after": f"{after:%Y-%m}", "factor": round(max(high / low, low / high)),
                  "column": source.user_column("orders", "revenue"), "first": f"{day:%Y-%m-%d}",
                  "currency": spec.currency}
        out.append({lang: UNIT_JUMP.render(lang, **_numbers(values, lang), low=fmt_value(low, spec.currency, lang),
                                           high=fmt_value(high, spec.currency, lang)) for lang in LANGS})
    return out


def _first_day(value: Any) -> date:
    """A month as the engine returns it (a date, a pandas Timestamp or a datetime), as the date of its first day."""
    return value.date() if isinstance(value, datetime) or hasattr(value, "to_pydatetime") else value


def _monthly_means(source: Any, rows: Any, time: Any, zone: str) -> list[tuple[date, float]]:
    """The average order amount of each month with JUMP_ORDERS orders or more, in order of month (its first day),
    from one query of counts and sums per day. Instants are shifted by the zone's offset in winter: in summer, a
    day's first hour may fall in the day before, which a screen can afford (the medians read exact months)."""
    from zoneinfo import ZoneInfo

    from kpiguard.metrics.source import utc_epoch

    dtype = time.type()
    aware = dtype.is_timestamp() and dtype.timezone is not None
    seconds = None
    if dtype.is_timestamp():
        seconds = utc_epoch(time) if aware and source.engine == "duckdb" else time.epoch_seconds()
    if seconds is None:  # local days already
        import ibis

        day = time.cast("date").delta(ibis.literal(date(1970, 1, 1), type="date"), unit="day")
    else:
        offset = 0
        if aware:
            winter = datetime(2000, 1, 1, tzinfo=ZoneInfo(zone)).utcoffset()
            offset = int(winter.total_seconds()) if winter else 0
        day = ((seconds + offset) // 86_400).cast("int64")
    rows = rows.mutate(_kg_d=day)
    days = source.execute(rows.group_by("_kg_d").aggregate(n=rows.count(), total=rows.revenue.sum()))
    months: dict[date, list[float]] = {}
    for record in days.to_dict("records"):
        if _missing(record["_kg_d"]):
            continue
        first = (date(1970, 1, 1) + timedelta(days=int(record["_kg_d"]))).replace(day=1)
        month = months.setdefault(first, [0, 0.0])
        month[0] += int(record["n"])
        month[1] += float(record["total"])
    return [(month, total / n) for month, (n, total) in sorted(months.items()) if n >= JUMP_ORDERS]


def _measures(table: Any, engine: str) -> dict[str, Any]:
    from kpiguard.metrics.computation import listed_placeholder, present

    measures = {"n": table.count()}
    if "customer_id" in table.columns:
        # no customer as the metrics read one: missing, blank or a placeholder (WooCommerce's guest 0), counted
        # as a sum of a CASE: as an aggregate's filter, the placeholders' comparisons cost 1.2 s on 10M orders
        nobody = ~present(table.customer_id, engine) | listed_placeholder(table.customer_id)
        measures["no_customer"] = nobody.ifelse(1, 0).sum()
    if "revenue" in table.columns:
        measures["no_revenue"] = table.count(where=table.revenue.isnull())
        # refunds written as orders of a negative amount: they net revenue down, and count as orders too
        measures["negative"] = table.count(where=table.revenue < 0)
    if "margin" in table.columns:
        measures["no_margin"] = table.count(where=table.margin.isnull())
    return measures


def _repeated_ids(table: Any, source: Any, total: int) -> int | None:
    """How many rows repeat an order_id (rows with an id minus distinct ids), exactly. An exact distinct count
    over millions of ids costs seconds: above EXACT_ROWS, an approximate count screens first, and the exact
    one runs only when it suggests more than SCREEN_GAP of repeats."""
    ids = table.order_id
    try:
        if total > EXACT_ROWS:
            screen = source.execute(table.aggregate(n=ids.count(), approx=ids.approx_nunique())).iloc[0]
            if float(screen["approx"]) >= (1 - SCREEN_GAP) * float(screen["n"]):
                return None
        row = source.execute(table.aggregate(n=ids.count(), distinct=ids.nunique())).iloc[0]
    except Exception:  # noqa: BLE001 - a check that cannot run must not stop the review
        return None
    return int(row["n"]) - int(row["distinct"]) or None


def _missing(value: Any) -> bool:
    import pandas as pd

    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def _numbers(values: dict[str, Any], lang: str) -> dict[str, Any]:
    return {k: fmt_value(float(v), "", lang) if isinstance(v, int) else v for k, v in values.items()}


GAP = Message(
    en="The data has no order, session or e-mail event from {start} to {end} ({days} days in a row), when it has "
       "activity on {rate} of its {span} days: a run that long would come by chance under 5% of the time. If the "
       "export misses those days, every sum over {periods} is short of them; if the shop was closed, the numbers "
       "stand (a period with no data at all is reported as empty, not as zero).",
    fr="Les données n'ont ni commande, ni session, ni événement d'e-mail du {start} au {end} ({days} jours de "
       "suite), alors qu'elles ont de l'activité sur {rate} de leurs {span} jours : une série aussi longue "
       "n'arriverait par hasard que dans moins de 5\u00a0% des cas. Si l'export omet ces jours, toute somme sur "
       "{periods} en est amputée ; si la boutique était fermée, les chiffres tiennent "
       "(une période sans aucune donnée est dite vide, pas nulle).")
GAP_ORDERS = Message(
    en="The orders have no row from {start} to {end} ({days} days in a row), when there are orders on {rate} of "
       "their {span} days: a run that long would come by chance under 5% of the time. If the export misses those "
       "days, every sum over {periods} is short of them; if the shop was closed, the numbers stand (a period with "
       "no data at all is reported as empty, not as zero).",
    fr="Les commandes n'ont aucune ligne du {start} au {end} ({days} jours de suite), alors qu'il y a des "
       "commandes sur {rate} de leurs {span} jours : une série aussi longue n'arriverait par hasard que dans moins "
       "de 5\u00a0% des cas. Si l'export omet ces jours, toute somme sur {periods} en est amputée ; si la boutique "
       "était fermée, les chiffres tiennent (une période sans aucune donnée est dite vide, pas nulle).")
SILENT_WORDS = {
    "sessions": (Message(en="sessions", fr="sessions"), Message(en="session metric", fr="indicateur de sessions")),
    "email_events": (Message(en="e-mail events", fr="événements d'e-mail"),
                     Message(en="e-mail metric", fr="indicateur d'e-mail")),
}
SILENT_END = Message(
    en="The {table} end on {day}, {days} days before the orders do ({orders_day}), when they have rows on {rate} of "
       "their {span} days: a silence that long would come by chance under 5% of the time. If their export stops "
       "there, every {metrics} over {periods} misses the days after it (re-export them); if the shop stopped, "
       "the numbers stand.",
    fr="Les {table} s'arrêtent le {day}, {days} jours avant les commandes ({orders_day}), alors qu'il y en a "
       "sur {rate} de leurs {span} jours : un silence aussi long n'arriverait par hasard que dans moins de "
       "5\u00a0% des cas. Si leur export s'arrête là, tout {metrics} sur {periods} manque les jours suivants "
       "(réexportez-les) ; si la boutique a arrêté, les chiffres tiennent.")
SILENT_START = Message(
    en="The {table} begin on {day}, {days} days after the orders do ({orders_day}), when they have rows on {rate} "
       "of their {span} days: a silence that long would come by chance under 5% of the time. If their export "
       "starts there, every {metrics} over {periods} misses the days before it (export them); if the shop "
       "started then, the numbers stand.",
    fr="Les {table} commencent le {day}, {days} jours après les commandes ({orders_day}), alors qu'il y en a "
       "sur {rate} de leurs {span} jours : un silence aussi long n'arriverait par hasard que dans moins de "
       "5\u00a0% des cas. Si leur export commence là, tout {metrics} sur {periods} manque les jours précédents "
       "(exportez-les) ; si la boutique a commencé à ce moment, les chiffres tiennent.")
NO_CUSTOMER_ONE = Message(
    en="1 of {total} completed orders has no customer_id (missing, blank, or a placeholder such as 0 or "
       "(not set)): it counts in revenue and orders, not in the customer "
       "counts or the repurchase rates.",
    fr="1 commande terminée sur {total} n'a pas de customer_id (absent, vide, ou un substitut comme 0 ou "
       "(not set)) : elle compte dans le chiffre d'affaires et les "
       "commandes, pas dans les comptes de clients ni les taux de réachat.")
NO_REVENUE_ONE = Message(
    en="1 of {total} completed orders has no revenue: it counts in no order count, revenue or average order value "
       "(an order kpiguard cannot value), only in the customer counts and the repurchase rates.",
    fr="1 commande terminée sur {total} n'a pas de montant : elle ne compte ni dans les commandes, ni dans le "
       "chiffre d'affaires, ni dans le panier moyen (une commande que kpiguard ne peut pas valoriser), seulement "
       "dans les comptes de clients et les taux de réachat.")
DUPLICATE = Message(
    en="1 of {total} orders repeats an order_id seen on another row: every row counts, so the repeated order "
       "counts again in revenue and orders. Keep one row per order.",
    fr="1 commande sur {total} répète un order_id déjà vu sur une autre ligne : chaque ligne compte, la "
       "commande répétée compte donc à nouveau dans le chiffre d'affaires et les commandes. Gardez une ligne "
       "par commande.")
DUPLICATES = Message(
    en="{n} of {total} orders repeat an order_id seen on another row: every row counts, so a repeated order "
       "counts again in revenue and orders. Keep one row per order.",
    fr="{n} commandes sur {total} répètent un order_id déjà vu sur une autre ligne : chaque ligne compte, une "
       "commande répétée compte donc à nouveau dans le chiffre d'affaires et les commandes. Gardez une ligne "
       "par commande.")
NEGATIVE_ONE = Message(
    en="1 of {total} completed orders has a negative revenue (a refund written as an order?): it takes its "
       "amount off revenue (and so off the average order value), is no order in the orders, but counts in the "
       "customer counts and the repurchase rates (a refund on a later day reads as a purchase again). Give "
       "refunds another status (refunded) to leave them out of every number.",
    fr="1 commande terminée sur {total} a un montant négatif (un remboursement écrit comme une commande ?) "
       ": elle retire son montant du chiffre d'affaires (et donc du panier moyen), ne compte pas dans les "
       "commandes, mais compte dans les comptes de clients et les taux de réachat (un remboursement un autre "
       "jour se lit comme un nouvel achat). Donnez aux remboursements un autre statut (refunded) pour les "
       "écarter de tous les chiffres.")
NEGATIVE = Message(
    en="{n} of {total} completed orders have a negative revenue (refunds written as orders?): they take "
       "their amount off revenue (and so off the average order value), are no orders in the orders, but count "
       "in the customer counts and the repurchase rates (a refund on a later day reads as a purchase again). "
       "Give refunds another status (refunded) to leave them out of every number.",
    fr="{n} commandes terminées sur {total} ont un montant négatif (des remboursements écrits comme des "
       "commandes ?) : elles retirent leur montant du chiffre d'affaires (et donc du panier moyen), ne "
       "comptent pas dans les commandes, mais comptent dans les comptes de clients et les taux de réachat (un "
       "remboursement un autre jour se lit comme un nouvel achat). Donnez aux remboursements un autre statut "
       "(refunded) pour les écarter de tous les chiffres.")
PEOPLE_FR = {"customers": "clients", "visitors": "visiteurs", "recipients": "destinataires"}
SPLIT_ID_ONE = Message(
    en="1 of the {people} in table {table} is written in several ways that differ only by case or surrounding spaces "
       "({first!r} and {second!r} in {column}): kpiguard counts each way as another one. If they are one, every "
       "count of {people} counts {extra} too many: write each id one way in the export (spaces trimmed, one "
       "case); ids whose case tells them apart (Stripe's cus_ ids) are different {people}: nothing to do.",
    fr="1 des {people_fr} de la table {table} s'écrit de plusieurs façons qui ne diffèrent que par la casse ou des "
       "espaces autour ({first!r} et {second!r} dans {column}) : kpiguard compte chaque façon comme un autre. "
       "S'il s'agit du même, tout compte de {people_fr} en compte {extra} de trop : écrivez chaque identifiant "
       "d'une seule façon dans l'export (sans espaces autour, une seule casse) ; des identifiants que la casse "
       "distingue (les cus_ de Stripe) sont des {people_fr} différents : rien à faire.")
SPLIT_IDS = Message(
    en="{n} of the {people} in table {table} are written in several ways that differ only by case or surrounding "
       "spaces ({first!r} and {second!r} in {column}, for instance): kpiguard counts each way as another one. If "
       "they are the same, a count of {people} can count up to {extra} too many: write each id one way in the "
       "export (spaces trimmed, one case); ids whose case tells them apart (Stripe's cus_ ids) are different "
       "{people}: nothing to do.",
    fr="{n} des {people_fr} de la table {table} s'écrivent de plusieurs façons qui ne diffèrent que par la casse ou "
       "des espaces autour ({first!r} et {second!r} dans {column}, par exemple) : kpiguard compte chaque façon "
       "comme un autre. S'il s'agit des mêmes, un compte de {people_fr} peut en compter jusqu'à {extra} de trop : "
       "écrivez chaque identifiant d'une seule façon dans l'export (sans espaces autour, une seule casse) ; des "
       "identifiants que la casse distingue (les cus_ de Stripe) sont des {people_fr} différents : rien à faire.")
NO_MARGIN_ONE = Message(
    en="1 of {total} completed orders has no margin: the gross margin adds up the others only.",
    fr="1 commande terminée sur {total} n'a pas de marge : la marge brute n'additionne que les autres.")
NO_MARGIN = Message(
    en="{n} of {total} completed orders have no margin: the gross margin adds up the others only.",
    fr="{n} commandes terminées sur {total} n'ont pas de marge : la marge brute n'additionne que les autres.")
NO_CUSTOMER = Message(
    en="{n} of {total} completed orders have no customer_id (missing, blank, or a placeholder such as 0 or "
       "(not set)): they count in revenue and orders, not in the "
       "customer counts or the repurchase rates.",
    fr="{n} commandes terminées sur {total} n'ont pas de customer_id (absent, vide, ou un substitut comme 0 "
       "ou (not set)) : elles comptent dans le chiffre "
       "d'affaires et les commandes, pas dans les comptes de clients ni les taux de réachat.")
NO_REVENUE = Message(
    en="{n} of {total} completed orders have no revenue: they count in no order count, revenue or average order "
       "value (orders kpiguard cannot value), only in the customer counts and the repurchase rates.",
    fr="{n} commandes terminées sur {total} n'ont pas de montant : elles ne comptent ni dans les commandes, ni "
       "dans le chiffre d'affaires, ni dans le panier moyen (des commandes que kpiguard ne peut pas valoriser), "
       "seulement dans les comptes de clients et les taux de réachat.")

__all__ = ["gap_warnings", "id_warnings", "order_warnings", "people_tables"]


UNIT_JUMP = Message(
    en="The typical order amount (the median of the completed orders' {column}) goes from {low} in {before} to "
       "{high} in {after}, a factor of {factor}: what a change of unit (amounts in cents from one export on) or of "
       "currency does, not a month's business. kpiguard reads every amount in {currency}: revenue, AOV and margin "
       "compare numbers that are not in the same unit. Export the amounts in one unit, or read one side only "
       "(`filters: {{orders: \"ordered_at >= '{first}'\"}}` under data); amounts all in cents are declared as "
       "`amounts: {{orders: {{revenue: cents}}}}`.",
    fr="Le montant typique d'une commande (la médiane de {column} des commandes terminées) passe de {low} en "
       "{before} à {high} en {after}, un facteur {factor} : c'est ce que fait un changement d'unité (des montants "
       "en centimes à partir d'un export) ou de devise, pas l'activité d'un mois. kpiguard lit tous les montants "
       "en {currency} : chiffre d'affaires, panier moyen et marge comparent des nombres qui ne sont pas dans la "
       "même unité. Exportez les montants dans une seule unité, ou ne lisez qu'un côté "
       "(`filters: {{orders: \"ordered_at >= '{first}'\"}}` sous data) ; des montants tous en centimes se "
       "déclarent par `amounts: {{orders: {{revenue: cents}}}}`.")

NO_STATUS = Message(
    en="The orders have no status column, so every row counts as a completed order; yet the table has {columns}, "
       "named like a status (cancelled, refunded or unpaid orders would count as sales). If that column says which "
       "orders count, map it: `columns: {{orders: {{status: {first}}}}}` under data, and say which of its values "
       "are completed orders under `values: {{orders: {{status: {{completed: [...], cancelled: [...]}}}}}}`; if "
       "the export holds only completed orders, nothing to do.",
    fr="Les commandes n'ont pas de colonne de statut : chaque ligne compte comme une commande terminée ; pourtant "
       "la table a {columns}, au nom de statut (des commandes annulées, remboursées ou impayées compteraient comme "
       "des ventes). Si cette colonne dit quelles commandes comptent, déclarez-la : `columns: {{orders: {{status: "
       "{first}}}}}` sous data, et dites lesquelles de ses valeurs sont des commandes terminées sous `values: "
       "{{orders: {{status: {{completed: [...], cancelled: [...]}}}}}}` ; si l'export ne contient que des "
       "commandes terminées, rien à faire.")
