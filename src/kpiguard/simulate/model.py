"""The behavioural model of the simulated shop: customers, visits, e-mails, baskets and stock, month by month.

Everything is vectorised with numpy; each random stream has its own Generator, seeded once from the run's
seed, so that a run is a pure function of (scenario, customers, months, seed). The model yields one batch of
rows per month (plain numpy arrays, integer ids), which `writer` turns into Parquet row groups: memory is
bounded by one month of data whatever the number of customers.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import numpy as np

from kpiguard.simulate.levers import (
    BLACK_FRIDAY,
    BLACK_WEEKEND,
    CATEGORIES,
    CHANNELS,
    CYBER_MONDAY,
    DECEMBER,
    HOURLY,
    RETURNING_MIX,
    SHOP_TIMEZONE,
    WEEKDAY,
    Behaviour,
    Levers,
    Scenario,
)
from kpiguard.spec.periods import add_months

END = date(2027, 1, 1)          # the data ends on 2026-12-31: the KPI year is 2026, its baseline 2025
EMAIL_SOURCE = len(CHANNELS)    # source code of an e-mail visit (after the acquisition channels)
LAUNCH_PLAN = 20                # launches planned together: every category has its share of each 20 launches
STREAMS = ("catalogue", "customers", "acquisition", "intents", "email", "baskets", "stock", "sessions",
           "orders", "creatives", "newcomers")


@dataclass(frozen=True)
class Catalogue:
    """Products for the whole horizon (launch days may lie before the data starts: negative days)."""

    launch_day: np.ndarray      # int, days since the data start
    category: np.ndarray        # int, index into CATEGORIES
    price: np.ndarray           # list price
    unit_cost: np.ndarray
    pull: np.ndarray            # base attractiveness
    dormant: np.ndarray         # bool: no traction, leftover stock, never replenished
    pile: np.ndarray            # dormant products: their leftover stock, in days of the shop's expected unit sales


@dataclass
class MonthBatch:
    """The rows of one month, as arrays. Ids are integers here; the writer gives them their prefixes."""

    month: date
    customers: dict[str, np.ndarray]
    orders: dict[str, np.ndarray]
    order_lines: dict[str, np.ndarray]
    sessions: dict[str, np.ndarray]
    email_events: dict[str, np.ndarray]
    campaigns: list[str]        # campaign ids of the month (email_events.campaign indexes this list)
    inventory: dict[str, np.ndarray]
    creatives: dict[str, np.ndarray]


def data_start(months: int) -> date:
    return add_months(END, -months)


def shop_midnight(day: date) -> datetime:
    """The instant (UTC) at which `day` starts in shop time: the model's clock starts at the shop's midnight, so
    that the data covers whole local days and months (2025-01-01 00:00 Paris time is 2024-12-31 23:00 UTC)."""
    return datetime.combine(day, time(), tzinfo=ZoneInfo(SHOP_TIMEZONE)).astimezone(UTC)


def levers_for(scenario: Scenario, month: date) -> Levers:
    return scenario.kpi_year if month >= scenario.starts else scenario.before


def _days_between(a: date, b: date) -> int:
    return (b - a).days


def _rank_in_group(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For keys sorted ascending: the 0-based rank of each row within its key, and the index of its group start."""
    n = len(keys)
    index = np.arange(n)
    starts = np.ones(n, dtype=bool)
    if n > 1:
        starts[1:] = keys[1:] != keys[:-1]
    start_index = np.maximum.accumulate(np.where(starts, index, 0)) if n else index
    return index - start_index, start_index


def _group_cumsum(keys: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Inclusive running sum of `values` within each run of equal (sorted) keys."""
    if not len(keys):
        return values.copy()
    total = np.cumsum(values)
    _, start_index = _rank_in_group(keys)
    return total - (total[start_index] - values[start_index])


@lru_cache(maxsize=8)
def black_friday(year: int) -> date:
    """The day after the fourth Thursday of November."""
    first = date(year, 11, 1)
    return first + timedelta(days=(3 - first.weekday()) % 7 + 22)


def day_weight(day: date) -> float:
    """How much a local day weighs against the other days of its month, beyond its weekday."""
    weight = DECEMBER[day.day] if day.month == 12 else 1.0
    if day.month in (11, 12):  # Cyber Monday may be the 1st of December
        after = (day - black_friday(day.year)).days
        weight *= {0: BLACK_FRIDAY, 1: BLACK_WEEKEND, 2: BLACK_WEEKEND, 3: CYBER_MONDAY}.get(after, 1.0)
    return weight


class Clock:
    """The shop's activity over one month, hour by hour in shop time: visits and orders follow it.

    `edges` are the month's hours (days since the data start, the shop's midnight), `cumulative` the activity up
    to each edge; `spread(lo, hi, u)` turns uniforms into times between `lo` and `hi` that follow the activity (the
    inverse of the cumulative curve, piecewise linear: uniform within an hour)."""

    def __init__(self, start: date, t0: int, days: int):
        zone = ZoneInfo(SHOP_TIMEZONE)
        first = shop_midnight(start) + timedelta(days=t0)
        weights = np.empty(days * 24)
        for h in range(days * 24):
            local = (first + timedelta(hours=h)).astimezone(zone)
            weights[h] = HOURLY[local.hour] * WEEKDAY[local.weekday()] * day_weight(local.date())
        self.edges = t0 + np.arange(days * 24 + 1) / 24
        self.cumulative = np.concatenate([[0.0], np.cumsum(weights)])

    def spread(self, lo: np.ndarray | float, hi: np.ndarray | float, u: np.ndarray) -> np.ndarray:
        a = np.interp(lo, self.edges, self.cumulative)
        z = np.interp(hi, self.edges, self.cumulative)
        t = np.interp(a + u * (z - a), self.cumulative, self.edges)
        return np.clip(t, lo, np.nextafter(hi, -np.inf))


def send_time(start: date, t0: int, days: int, k: int, campaigns: int, hour: float) -> float:
    """When campaign k of the month goes out (days since the data start): spread over the month, moved off the
    weekend to the nearest weekday of the month, at `hour` shop time (summer time included)."""
    day = t0 + int((k + 0.5) * days / campaigns)
    weekday = (start + timedelta(days=day)).weekday()
    if weekday == 5:
        day += -1 if day - 1 >= t0 else 2
    elif weekday == 6:
        day += 1 if day + 1 < t0 + days else -2
    local = datetime.combine(start + timedelta(days=day), time(int(hour), round(hour % 1 * 60)),
                             tzinfo=ZoneInfo(SHOP_TIMEZONE))
    return (local - shop_midnight(start)) / timedelta(days=1)


def catalogue_size(behaviour: Behaviour, daily_orders: float) -> tuple[int, int]:
    """(products before the data, launches a month): a shop's range follows its sales. The full range needs
    `catalogue_orders_per_day`; a smaller shop carries fewer regular products and launches fewer (at least
    `min_regular_products` and one a month), so that its regular products still sell (a 4 000-customer shop's
    slow sellers went 90 days without a sale and counted as dormant stock). The dormant tail stays whole."""
    scale = min(1.0, daily_orders / behaviour.catalogue_orders_per_day)
    regular = max(round(scale * (behaviour.initial_products - behaviour.dormant_products)),
                  behaviour.min_regular_products)
    return regular + behaviour.dormant_products, max(round(scale * behaviour.launches_per_month), 1)


def make_catalogue(rng: np.random.Generator, behaviour: Behaviour, months: int, daily_orders: float) -> Catalogue:
    """The products: an initial catalogue (with its dormant tail) and monthly launches, the same in every scenario."""
    start = data_start(months)
    n_initial, launches = catalogue_size(behaviour, daily_orders)
    n_launched = launches * months
    n = n_initial + n_launched
    launch = np.empty(n, dtype=np.int64)
    launch[:n_initial] = -rng.integers(120, 3 * 365, size=n_initial)
    month_starts = [_days_between(start, add_months(start, m)) for m in range(months + 1)]
    for m in range(months):
        lo, hi = month_starts[m], month_starts[m + 1]
        sl = slice(n_initial + m * launches, n_initial + (m + 1) * launches)
        launch[sl] = rng.integers(lo, hi, size=launches)
    shares = np.array([c[1] for c in CATEGORIES])
    # The range is planned, launches too: each category keeps its share of the catalogue and of every few months'
    # launches. Drawn at random, a quarter's 18 launches held 1 to 6 fragrances (65 EUR) or accessories (12 EUR),
    # and the quarter's average order moved with them (2026-Q4 revenue of business as usual: +7 to +28 %, seeds 1-10).
    category = np.concatenate([assortment(rng, n_initial, shares, n_initial),
                               assortment(rng, n_launched, shares, LAUNCH_PLAN)])
    median = np.array([c[2] for c in CATEGORIES])[category]
    spread = np.array([c[3] for c in CATEGORIES])[category]
    cost_share = np.array([c[4] for c in CATEGORIES])[category]
    price = np.round(median * np.exp(rng.normal(0.0, spread)), 0) - 0.01
    price = np.maximum(price, 2.99)
    unit_cost = np.round(price * cost_share * rng.uniform(0.9, 1.1, size=n), 2)
    # Hits and slow sellers in every few months' launches, as in the range: drawn independently, a quarter's
    # launches were all hits or all flops from seed to seed, and the average order moved with them.
    pull = np.concatenate([traits(rng, "lognormal", 0.0, 0.8, n_initial),
                           traits(rng, "lognormal", 0.0, 0.8, n_launched, LAUNCH_PLAN)])
    dormant = np.zeros(n, dtype=bool)
    # The dormant tail: old products of the initial catalogue with no traction and stock left on the shelf.
    oldest = np.argsort(launch[:n_initial], kind="stable")[: min(behaviour.dormant_products * 2, n_initial)]
    dormant[rng.choice(oldest, size=behaviour.dormant_products, replace=False)] = True
    pull[dormant] = behaviour.dormant_pull
    # Piles in proportion to the shop's sales (see Shop._init_stock: a floor of 500 customers left a small shop
    # piles its homepage could never cut, and piles sized by customers alone outgrew a shop whose customers buy
    # twice a year).
    pile = np.zeros(n)
    pile[dormant] = behaviour.dormant_pile_days * rng.uniform(0.5, 1.5, size=int(dormant.sum()))
    return Catalogue(launch, category, price, unit_cost, pull, dormant, pile)


REFERENCE_DRAWS = 1 << 17      # a trait's distribution, as the quantiles of this many draws from a fixed seed


def stratified(rng: np.random.Generator, n: int) -> np.ndarray:
    """`n` uniforms on [0, 1), one in each of `n` equal slices, in a random order (Latin hypercube sampling)."""
    return (rng.permutation(n) + rng.random(n)) / n


@lru_cache(maxsize=16)
def _reference(kind: str, a: float, b: float) -> np.ndarray:
    """A sorted sample of the distribution (`gamma` shape a, scale b; `beta` a, b): its quantiles stand for the
    distribution's (numpy has no inverse CDF for them). `lognormal`: a, b are the mean and sd of the log."""
    rng = np.random.default_rng(20_261_128)
    draw = {"gamma": rng.gamma, "beta": rng.beta, "lognormal": rng.lognormal}[kind]
    sample = draw(a, b, REFERENCE_DRAWS)
    return np.sort(sample)


def traits(rng: np.random.Generator, kind: str, a: float, b: float, n: int, block: int | None = None) -> np.ndarray:
    """`n` customers' trait (purchase rate, drop-out, engagement), stratified: each customer is still random, the
    group's make-up follows the distribution closely. Drawn independently, 5 000 customers' purchase rates summed
    to a few per cent more or less from seed to seed, enough to move a year's growth by several points. With
    `block`, each run of `block` draws is stratified on its own (a few months' launches)."""
    ref = _reference(kind, float(a), float(b))
    if block is None or n <= block:
        u = stratified(rng, n)
    else:
        u = np.concatenate([stratified(rng, block) for _ in range(-(-n // block))])[:n]
    return np.interp(u, (np.arange(len(ref)) + 0.5) / len(ref), ref)


def assortment(rng: np.random.Generator, n: int, shares: np.ndarray, block: int) -> np.ndarray:
    """`n` categories in blocks of `block` products, each block holding every category in proportion to `shares`
    (largest remainders), in a random order within the block."""
    exact = shares / shares.sum() * block
    counts = np.floor(exact).astype(np.int64)
    counts[np.argsort(counts - exact, kind="stable")[: block - int(counts.sum())]] += 1
    plan = np.repeat(np.arange(len(shares)), counts)
    blocks = [rng.permutation(plan) for _ in range(-(-n // block))] if n else []
    return np.concatenate(blocks)[:n] if blocks else np.zeros(0, dtype=np.int64)


def base_survival(rng: np.random.Generator, behaviour: Behaviour, opt_in: float, samples: int = 20_000) -> float:
    """Share of the customers acquired over the `initial_base_months` before the data who are in the base at the
    start: still active, or lapsed but still on the mailing list."""
    rate = traits(rng, "gamma", behaviour.rate_shape, behaviour.rate_mean / behaviour.rate_shape, samples)
    dropout = traits(rng, "beta", behaviour.dropout_a, behaviour.dropout_b, samples)
    age = past_ages(rng, behaviour, samples)
    active = still_active(rate, dropout, age)
    return float((active + (1 - active) * on_list(behaviour, opt_in, age)).mean())


def past_months(behaviour: Behaviour) -> float:
    """Acquisitions over the `initial_base_months` before the data, in months of the acquisitions at the start:
    the shop grew at `acquisition_growth` a year before the data too."""
    k = math.log1p(behaviour.acquisition_growth) / 12
    return -math.expm1(-k * behaviour.initial_base_months) / k if k else behaviour.initial_base_months


def past_ages(rng: np.random.Generator, behaviour: Behaviour, size: int) -> np.ndarray:
    """Ages (months before the data) of customers acquired before it: fewer the further back (the shop grew)."""
    k = math.log1p(behaviour.acquisition_growth) / 12
    u = stratified(rng, size)
    if not k:
        return u * behaviour.initial_base_months
    return -np.log1p(u * np.expm1(-k * behaviour.initial_base_months)) / k


def still_active(rate: np.ndarray, dropout: np.ndarray, age_months: np.ndarray) -> np.ndarray:
    """BG/NBD: chance that a customer acquired `age_months` ago still buys. The first order may be the last (as a
    newcomer's is, in the data), then each purchase of a Poisson stream may be: (1 - p) exp(-rate p age). Without
    the first factor the base held about 40 % more active customers than the data then keeps, and the list's
    open rate fell from year to year."""
    return (1 - dropout) * np.exp(-rate * dropout * age_months)


def on_list(behaviour: Behaviour, opt_in: float, age_months: np.ndarray) -> np.ndarray:
    """Chance that a customer acquired `age_months` ago is still subscribed (opted in, not yet unsubscribed nor
    bounced), whether or not they still buy."""
    return opt_in * behaviour.base_opt_in * np.exp(-behaviour.list_attrition * age_months)


def acquisition_plan(rng: np.random.Generator, scenario: Scenario, months: int, customers: int) -> tuple[np.ndarray, float]:
    """New customers per month (growth and seasonality, times the scenario's lever), and the monthly rate
    before the data starts. Sized so that business as usual has about `customers` customers in the data:
    the active base at the start plus the customers acquired."""
    behaviour = scenario.behaviour
    start = data_start(months)
    weights, levers = [], []
    for m in range(months):
        month = add_months(start, m)
        weights.append((1 + behaviour.acquisition_growth) ** (m / 12) * behaviour.seasonality[month.month - 1]
                       / np.mean(behaviour.seasonality))
        levers.append(levers_for(scenario, month).acquisition)
    weights_arr = np.array(weights)
    survival = base_survival(rng, behaviour, scenario.before.opt_in)
    monthly = customers / (survival * past_months(behaviour) + weights_arr.sum())
    return rng.poisson(monthly * weights_arr * np.array(levers)), monthly


class Shop:
    """The simulation state: customers, stock, e-mail fatigue; `run()` yields one MonthBatch per month."""

    def __init__(self, scenario: Scenario, customers: int, months: int, seed: int):
        self.scenario = scenario
        self.b = scenario.behaviour
        self.months = months
        self.start = data_start(months)
        self.total_days = _days_between(self.start, END)
        # Time runs in days since the shop's midnight on the first day: whole local days at both ends of the data.
        self.epoch_us = int((shop_midnight(self.start) - datetime(1970, 1, 1, tzinfo=UTC)) / timedelta(microseconds=1))
        seeds = np.random.SeedSequence(seed).spawn(len(STREAMS))
        self.rng = {name: np.random.default_rng(s) for name, s in zip(STREAMS, seeds, strict=True)}
        self.plan, self.monthly_acquisition = acquisition_plan(self.rng["acquisition"], scenario, months, customers)
        self._init_customers(customers)
        self.catalogue = make_catalogue(self.rng["catalogue"], self.b, months, self._expected_daily_orders())
        self._init_stock()
        self.next_order = 1
        self.next_session = 1
        self.next_visitor = 1
        self.next_creative = 1
        self.order_rate_per_recipient = 0.01  # learnt from the campaigns, used to stock up for planned ones

    # -- customers ---------------------------------------------------------------------------------
    def _init_customers(self, customers: int) -> None:
        b, rng = self.b, self.rng["customers"]
        # The base at the start: what is left of the acquisitions of the previous months; a customer
        # acquired `age` months ago is still active with the BG/NBD survival probability exp(-rate x dropout x age).
        # Lapsed customers who are still subscribed are in it too (they receive the newsletters and open them less):
        # a list of active customers only opened more in 2025 than in 2026, whatever the scenario. Other lapsed
        # accounts from before the data are not written (they no longer buy nor receive e-mails).
        candidates = round(self.monthly_acquisition * past_months(b))
        created = -np.maximum(past_ages(rng, b, candidates) * 30.44, 1.0)
        rate = traits(rng, "gamma", b.rate_shape, b.rate_mean / b.rate_shape, candidates)
        dropout = traits(rng, "beta", b.dropout_a, b.dropout_b, candidates)
        alive = rng.random(candidates) < still_active(rate, dropout, -created / 30.44)
        listed = rng.random(candidates) < on_list(b, self.scenario.before.opt_in, -created / 30.44)
        active = alive | listed
        n0 = int(active.sum())
        n_new = int(self.plan.sum())
        capacity = n0 + n_new
        self.n_customers = n0
        self.n0 = n0
        order = np.argsort(created[active], kind="stable")
        # Arrays sized for every customer of the run; newcomers' traits are drawn when they arrive (`_acquire`),
        # so that two scenarios with the same seed share their history until their levers differ.
        self.created = np.zeros(capacity)                   # days since the data start
        self.created[:n0] = created[active][order]
        self.rate = np.zeros(capacity)
        self.rate[:n0] = rate[active][order]
        self.dropout = np.zeros(capacity)
        self.dropout[:n0] = dropout[active][order]
        shares = np.array([c[1] for c in CHANNELS])
        self.channel_p = shares / shares.sum()
        self.channel = np.zeros(capacity, dtype=np.int8)
        self.channel[:n0] = rng.choice(len(CHANNELS), size=n0, p=self.channel_p)
        self.alive = np.zeros(capacity, dtype=bool)
        self.alive[:n0] = alive[active][order]
        self.engagement = np.zeros(capacity)
        self.engagement[:n0] = traits(rng, "beta", b.open_a, b.open_b, n0)
        self.subscribed = np.zeros(capacity, dtype=bool)
        self.subscribed[:n0] = listed[active][order]
        # Fatigue of an existing subscriber starts at its business-as-usual level.
        self.fatigue = np.where(self.subscribed, self.scenario.before.campaigns_per_month * b.fatigue_tau_days / 30.44,
                                0.0)
        self.fatigue_at = np.zeros(capacity)
        # When each address stops existing (the next e-mail hard-bounces): the base's addresses were cleaned of
        # those that bounced before the data; an address lives ~Exponential(address_lifetime_years) from now on.
        self.address_ends = np.full(capacity, np.inf)
        self.address_ends[:n0] = rng.exponential(b.address_lifetime_years * 365.25, size=n0)

    def _expected_daily_orders(self) -> float:
        """Orders a day at the start: the active base's own purchase rates (survivors buy slower than newcomers),
        plus the first month's acquisitions."""
        return float(self.rate[self.alive].sum() / 30.44 + self.plan[0] / 30.44)

    # -- stock -------------------------------------------------------------------------------------
    def _init_stock(self) -> None:
        c, b = self.catalogue, self.b
        n = len(c.price)
        daily_orders = self._expected_daily_orders()
        daily_units = daily_orders * (1 + b.extra_lines) * (1 + b.extra_units)
        launched = c.launch_day <= 0
        weights = np.where(launched & ~c.dormant, c.pull, 0.0)
        share = weights / weights.sum()
        self.demand = daily_units * share                    # EWMA of daily units wanted, per product
        # Dormant piles: so many days of the shop's expected unit sales each, at least one unit.
        piles = np.maximum(np.round(c.pile * daily_units), 1)
        self.on_hand = np.where(c.dormant, piles,
                                np.ceil(self.demand * (b.lead_time_days + b.cover_days))).astype(np.int64)
        self.on_order = np.zeros(n, dtype=np.int64)
        self.arrivals = np.zeros((self.total_days + b.lead_time_days + 2, n), dtype=np.int64)
        self.pushed = np.zeros(n, dtype=bool)               # dormant products already put on the homepage
        self.slots = np.zeros(0, dtype=np.int64)            # dormant products on the homepage now

    def _pull_on(self, day: int, levers: Levers) -> np.ndarray:
        """Attractiveness of every product on `day`: base pull, novelty boost, 0 before launch."""
        c, b = self.catalogue, self.b
        age = day - c.launch_day
        boost = b.novelty_boost if levers.novelty_boost is None else levers.novelty_boost
        novelty = 1 + boost * np.exp(-np.maximum(age, 0) / b.novelty_days)
        return np.where(age >= 0, c.pull * novelty, 0.0)

    # -- the month ---------------------------------------------------------------------------------
    def run(self) -> Iterator[MonthBatch]:
        for m in range(self.months):
            yield self._month(m)

    def _month(self, m: int) -> MonthBatch:
        b = self.b
        month = add_months(self.start, m)
        t0 = _days_between(self.start, month)
        days = _days_between(month, add_months(month, 1))
        levers = levers_for(self.scenario, month)
        season = b.seasonality[month.month - 1]
        self.t_now = t0 + days / 2
        self.month_end = t0 + days
        self.clock = Clock(self.start, t0, days)

        new = self._acquire(m, t0, days, levers)
        intents = self._intents(t0, days, season)
        clicks, email = self._email(month, t0, days, levers)
        captured, incremental = self._email_orders(clicks, intents, levers, email["events"])

        # Every purchase attempt of the month: acquisition orders, organic intents left after the e-mail
        # captured some, and e-mail orders. Columns: customer, time, source, campaign (-1: none).
        rng = self.rng["intents"]
        cust_int = np.repeat(np.arange(self.n_customers), intents)
        lo = np.maximum(self.created[cust_int], t0)
        t_int = self.clock.spread(lo, t0 + days, rng.random(len(cust_int)))
        src_int = rng.choice(len(CHANNELS), size=len(cust_int), p=np.array(RETURNING_MIX))
        e_cust, e_time, e_camp = (np.concatenate([captured[i], incremental[i]]) for i in range(3))
        e_time = np.minimum(e_time, t0 + days - 1e-6)  # an order after a late click stays in the month
        cust = np.concatenate([new, cust_int, e_cust])
        time = np.concatenate([self.created[new], t_int, e_time])
        source = np.concatenate([self.channel[new].astype(np.int64), src_int,
                                 np.full(len(e_cust), EMAIL_SOURCE)])
        campaign = np.concatenate([np.full(len(new) + len(cust_int), -1), e_camp]).astype(np.int64)
        is_new = np.concatenate([np.ones(len(new), bool), np.zeros(len(cust_int) + len(e_cust), bool)])
        order = np.lexsort((time, cust))
        cust, time, source, campaign, is_new = cust[order], time[order], source[order], campaign[order], is_new[order]

        # Drop-out (BG/NBD): after each purchase the customer leaves with probability p_i; later attempts vanish.
        leaves = self.rng["orders"].random(len(cust)) < self.dropout[cust]
        left_before = _group_cumsum(cust, leaves.astype(np.int64)) - leaves
        keep = left_before == 0
        cust, time, source, campaign, is_new, leaves = (cust[keep], time[keep], source[keep], campaign[keep],
                                                        is_new[keep], leaves[keep])
        self.alive[cust[leaves]] = False
        # Conversion: a visit with intent ends in an order unless the homepage fails it (never the first order).
        converts = is_new | (source == EMAIL_SOURCE) | (self.rng["orders"].random(len(cust)) < levers.conversion)
        chrono = np.argsort(time, kind="stable")
        cust, time, source, campaign, converts = (cust[chrono], time[chrono], source[chrono], campaign[chrono],
                                                  converts[chrono])

        lines, success, inventory = self._baskets_and_stock(t0, days, levers, cust, time, source, campaign,
                                                            converts, email["featured"])
        # A customer whose order was lost to a stock-out may not come back.
        lost = converts & ~success
        disappointed = cust[lost][self.rng["orders"].random(int(lost.sum())) < b.stockout_dropout]
        self.alive[disappointed] = False

        orders, order_lines = self._orders(cust, time, source, campaign, success, lines, email["campaign_ids"])
        # Prospects' visits follow the traffic acquisition brings, whether or not the site converts it.
        sessions = self._sessions(t0, days, season, levers, int(self.plan[m]), cust, time, source, success, orders)
        customers = self._customer_rows(m, new)
        creatives = self._creatives(t0, days, levers)
        return MonthBatch(month, customers, orders, order_lines, sessions, email["events"], email["campaign_ids"],
                          inventory, creatives)

    def _acquire(self, m: int, t0: int, days: int, levers: Levers) -> np.ndarray:
        b, rng = self.b, self.rng["newcomers"]
        n_new = int(self.plan[m])
        if levers.conversion < 1:
            # A site that converts less turns away visitors who would have become customers, not only returning
            # ones: first orders make most of a shop's orders.
            n_new = int(rng.binomial(n_new, levers.conversion))
        new = np.arange(self.n_customers, self.n_customers + n_new)
        self.n_customers += n_new
        self.created[new] = self.clock.spread(t0, t0 + days, np.sort(rng.random(n_new)))
        self.rate[new] = traits(rng, "gamma", b.rate_shape, b.rate_mean / b.rate_shape, n_new)
        self.dropout[new] = traits(rng, "beta", b.dropout_a, b.dropout_b, n_new)
        self.channel[new] = rng.choice(len(CHANNELS), size=n_new, p=self.channel_p)
        self.engagement[new] = traits(rng, "beta", b.open_a, b.open_b, n_new)
        self.alive[new] = True
        self.subscribed[new] = rng.random(n_new) < levers.opt_in
        self.fatigue[new] = 0.0
        self.fatigue_at[new] = self.created[new]
        # The address given at sign-up: mistyped (bounces at once) or abandoned some years later.
        lifetime = rng.exponential(b.address_lifetime_years * 365.25, size=n_new)
        invalid = rng.random(n_new) < b.invalid_address
        self.address_ends[new] = np.where(invalid, self.created[new], self.created[new] + lifetime)
        return new

    def _intents(self, t0: int, days: int, season: float) -> np.ndarray:
        """Organic purchase intents per customer this month (Poisson with the customer's own rate)."""
        n = self.n_customers
        exposure = np.clip((t0 + days - self.created[:n]) / days, 0.0, 1.0) * days / 30.44
        rate = np.where(self.alive[:n], self.rate[:n] * exposure * season, 0.0)
        return self.rng["intents"].poisson(rate)

    def _email(self, month: date, t0: int, days: int, levers: Levers) -> tuple[tuple[np.ndarray, ...], dict]:
        """The month's campaigns: who receives, opens, clicks, unsubscribes; fatigue builds with frequency."""
        b, rng, c = self.b, self.rng["email"], self.catalogue
        k_total = levers.campaigns_per_month
        ids = [f"NL-{month.year}-{month.month:02d}-{k + 1:02d}" for k in range(k_total)]
        planned = np.zeros(k_total, dtype=bool)
        # The planned campaigns are spread over the month; the extra ones come on top, unannounced.
        planned[np.round(np.linspace(0, k_total - 1, min(levers.planned_campaigns, k_total))).astype(int)] = True
        ev_cust, ev_time, ev_kind, ev_camp = [], [], [], []
        cl_cust, cl_time, cl_camp = [], [], []
        op_cust, op_time, op_camp = [], [], []
        featured = np.zeros((k_total, b.featured_products), dtype=np.int64)
        for k in range(k_total):
            t = send_time(self.start, t0, days, k, k_total, b.send_hour)
            day = int(t)
            pull = self._pull_on(day, levers) * (self.on_hand > 0) * ~c.dormant
            featured[k] = rng.choice(len(pull), size=b.featured_products, replace=False, p=pull / pull.sum())
            rcpt = np.flatnonzero(self.subscribed[: self.n_customers] & (self.created[: self.n_customers] < t))
            n = len(rcpt)
            decay = np.exp(-(t - self.fatigue_at[rcpt]) / b.fatigue_tau_days)
            fatigue = self.fatigue[rcpt] * decay + 1.0
            self.fatigue[rcpt] = fatigue
            self.fatigue_at[rcpt] = t
            sent_at = t + rng.random(n) * (2 / 24)
            # A hard bounce: the address no longer exists; it is suppressed, never sent to again.
            bounced = self.address_ends[rcpt] <= sent_at
            active = self.alive[rcpt]
            p_open = self.engagement[rcpt] * np.exp(-b.fatigue_open * levers.fatigue_sensitivity * (fatigue - 1))
            p_open = np.where(active, p_open, p_open * b.dormant_open_factor)
            opened = ~bounced & (rng.random(n) < p_open)
            open_at = sent_at + np.exp(rng.normal(math.log(b.open_delay_hours), b.open_delay_spread, size=n)) / 24
            clicked = opened & (rng.random(n) < b.click_given_open * levers.email_relevance)
            click_at = open_at + rng.exponential(b.click_delay_minutes / 1440, size=n)
            p_unsub = b.unsubscribe_base * (1 + b.fatigue_unsubscribe * levers.fatigue_sensitivity * (fatigue - 1))
            unsub = ~bounced & (rng.random(n) < p_unsub)
            complaint = unsub & (rng.random(n) < b.complaint_share)
            unsub_at = open_at + rng.exponential(b.click_delay_minutes / 1440, size=n)
            if planned[k]:
                # The product team stocks up the featured products of announced campaigns.
                wanted = n * self.order_rate_per_recipient * b.featured_line_share / b.featured_products
                self.on_hand[featured[k]] += math.ceil(wanted * (1 + b.extra_units) * 1.5)
            for mask, kind, at in ((slice(None), 0, sent_at), (bounced, 1, sent_at + 1 / 1440),
                                   (opened, 2, open_at), (clicked, 3, click_at), (unsub, 4, unsub_at),
                                   (complaint, 5, unsub_at)):
                ev_cust.append(rcpt[mask])
                ev_time.append(at[mask])
                ev_kind.append(np.full(len(ev_cust[-1]), kind, dtype=np.int8))
                ev_camp.append(np.full(len(ev_cust[-1]), k, dtype=np.int16))
            keep_open = opened & active & (open_at < t0 + days)
            op_cust.append(rcpt[keep_open])
            op_time.append(open_at[keep_open])
            op_camp.append(np.full(int(keep_open.sum()), k, dtype=np.int64))
            keep_click = clicked & active & (click_at < t0 + days)
            cl_cust.append(rcpt[keep_click])
            cl_time.append(click_at[keep_click])
            cl_camp.append(np.full(int(keep_click.sum()), k, dtype=np.int64))
            gone = rcpt[unsub]
            self.subscribed[gone] = False
            self.subscribed[rcpt[bounced]] = False
            self.rate[gone] *= b.unsubscribe_rate_factor
        events = {
            "customer": np.concatenate(ev_cust) if ev_cust else np.zeros(0, np.int64),
            "time": np.concatenate(ev_time) if ev_time else np.zeros(0),
            "event": np.concatenate(ev_kind) if ev_kind else np.zeros(0, np.int8),
            "campaign": np.concatenate(ev_camp) if ev_camp else np.zeros(0, np.int16),
        }
        def stack(cs, ts, ks):
            return (np.concatenate(cs) if cs else np.zeros(0, np.int64), np.concatenate(ts) if ts else np.zeros(0),
                    np.concatenate(ks) if ks else np.zeros(0, np.int64))

        clicks = stack(cl_cust, cl_time, cl_camp) + stack(op_cust, op_time, op_camp)
        return clicks, {"events": events, "campaign_ids": ids, "featured": featured}

    def _email_orders(self, clicks: tuple[np.ndarray, ...], intents: np.ndarray, levers: Levers,
                      events: dict[str, np.ndarray]):
        """E-mail-attributed orders: purchases the customer would have made anyway that go through an e-mail
        link (cannibalised, more likely the more e-mails they opened), and incremental orders after a click."""
        b, rng = self.b, self.rng["email"]
        cust, time, camp, o_cust, o_time, o_camp = clicks
        # Captured: each intent of an opener goes through an e-mail link with a probability that saturates.
        opens = np.bincount(o_cust, minlength=len(intents))
        p_capture = levers.cannibalisation * (1 - np.exp(-b.capture_saturation * opens))
        # A habit: new customers buy through the acquisition channels first, then learn the newsletter route.
        tenure = np.maximum(self.t_now - self.created[: len(intents)], 0.0) / 30.44
        p_capture = np.minimum(p_capture * np.clip((tenure - b.habit_delay_months) / b.habit_months, 0.0, 1.0), 1.0)
        n_captured = rng.binomial(intents, p_capture)
        intents -= n_captured
        order = np.lexsort((o_time, o_cust))
        o_cust, o_time, o_camp = o_cust[order], o_time[order], o_camp[order]
        first = np.searchsorted(o_cust, np.arange(len(intents)))
        c_cust = np.repeat(np.arange(len(intents)), n_captured)
        pick = first[c_cust] + np.floor(rng.random(len(c_cust)) * opens[c_cust]).astype(np.int64)
        # Within two days of the opening, at the hours the shop is busy, and in the month of the opening (as every
        # order of the month).
        c_time = self.clock.spread(o_time[pick], np.minimum(o_time[pick] + 2.0, self.month_end),
                                   rng.random(len(c_cust)))
        c_camp = o_camp[pick]
        # The visit that carried the order started with a click on the e-mail: after the opening, before the order.
        c_click = c_time - np.minimum(2 / 1440, (c_time - o_time[pick]) / 2)
        events["customer"] = np.concatenate([events["customer"], c_cust])
        events["time"] = np.concatenate([events["time"], c_click])
        events["event"] = np.concatenate([events["event"], np.full(len(c_cust), 3, dtype=np.int8)])
        events["campaign"] = np.concatenate([events["campaign"], c_camp.astype(np.int16)])
        # Incremental: a click that was not a purchase already planned sometimes ends in an order,
        # each further one from the same customer half as likely (diminishing returns).
        order = np.lexsort((time, cust))
        cust, time, camp = cust[order], time[order], camp[order]
        rank, _ = _rank_in_group(cust)
        p_inc = np.minimum(b.order_given_click * levers.email_relevance * 0.5 ** rank, 1.0)
        inc = rng.random(len(cust)) < p_inc
        delay = rng.exponential(0.3 / 24, size=len(cust))
        return (c_cust, c_time, c_camp), (cust[inc], time[inc] + delay[inc], camp[inc])

    def _baskets_and_stock(self, t0, days, levers, cust, time, source, campaign, converts, featured):
        """Day by day: draw the baskets, serve them from stock, replenish, snapshot the stock."""
        b, c = self.b, self.catalogue
        rng, srng = self.rng["baskets"], self.rng["stock"]
        n_products = len(c.price)
        extra_lines = b.extra_lines if levers.extra_lines is None else levers.extra_lines
        day_of = np.floor(time).astype(np.int64)
        bounds = np.searchsorted(day_of, np.arange(t0, t0 + days + 1))
        n_lines = np.where(converts, 1 + np.minimum(rng.poisson(extra_lines, size=len(cust)), 5), 0)
        line_attempt = np.repeat(np.arange(len(cust)), n_lines)
        first_line = np.zeros(len(line_attempt), dtype=bool)
        first_line[np.cumsum(n_lines)[n_lines > 0] - n_lines[n_lines > 0]] = True
        line_product = np.zeros(len(line_attempt), dtype=np.int64)
        line_qty = (1 + rng.poisson(b.extra_units, size=len(line_attempt))).astype(np.int64)
        line_discount = np.where(source[line_attempt] == EMAIL_SOURCE, levers.email_discount, 0.0)
        line_kept = np.zeros(len(line_attempt), dtype=bool)
        line_bounds = np.searchsorted(line_attempt, bounds)
        inv_day, inv_product, inv_on_hand = [], [], []
        for d in range(days):
            day = t0 + d
            lo, hi = line_bounds[d], line_bounds[d + 1]
            pull = self._pull_on(day, levers)
            cum = np.cumsum(pull)
            n = hi - lo
            u = rng.random(n)
            prod = np.searchsorted(cum, u * cum[-1], side="right").clip(0, n_products - 1)
            att = line_attempt[lo:hi]
            camp = campaign[att]
            feat = first_line[lo:hi] & (camp >= 0) & (rng.random(n) < b.featured_line_share)
            if feat.any():
                prod[feat] = featured[camp[feat], rng.integers(0, b.featured_products, size=int(feat.sum()))]
            if levers.homepage_dormant_share > 0:
                self.slots = slots = self._homepage_slots(self.slots, levers)
                home = ~feat & (source[att] != EMAIL_SOURCE) & (rng.random(n) < levers.homepage_dormant_share)
                if len(slots) and home.any():
                    prod[home] = slots[rng.integers(0, len(slots), size=int(home.sum()))]
                    line_discount[lo:hi][home] = levers.dormant_discount
            qty = line_qty[lo:hi]
            self.demand = self.demand * (13 / 14) + np.bincount(prod, weights=qty, minlength=n_products) / 14
            kept = self._allocate(prod, qty, srng)
            # A line lost to a stock-out is sometimes replaced by an available product.
            retry = ~kept & (srng.random(n) < b.substitution)
            if retry.any():
                avail = pull * (self.on_hand > 0)
                if avail.sum() > 0:
                    cum2 = np.cumsum(avail)
                    alt = np.searchsorted(cum2, srng.random(int(retry.sum())) * cum2[-1], side="right")
                    prod[retry] = alt.clip(0, n_products - 1)
                    kept_retry = self._allocate(prod[retry], qty[retry], srng)
                    kept[np.flatnonzero(retry)[kept_retry]] = True
            line_product[lo:hi] = prod
            line_kept[lo:hi] = kept
            self._replenish(day)
            launched = np.flatnonzero(c.launch_day <= day)
            inv_day.append(np.full(len(launched), day, dtype=np.int64))
            inv_product.append(launched)
            inv_on_hand.append(self.on_hand[launched].copy())
        success = np.bincount(line_attempt[line_kept], minlength=len(cust)) > 0
        # What the team learns from the month's campaigns, to stock up for the next planned ones.
        email_orders = int((success & (source == EMAIL_SOURCE)).sum())
        reached = int(self.subscribed[: self.n_customers].sum()) * max(1, len(featured))
        if reached:
            self.order_rate_per_recipient = 0.5 * self.order_rate_per_recipient + 0.5 * email_orders / reached
        lines = {"attempt": line_attempt[line_kept], "product": line_product[line_kept],
                 "quantity": line_qty[line_kept], "discount": line_discount[line_kept]}
        inventory = {"day": np.concatenate(inv_day), "product": np.concatenate(inv_product),
                     "on_hand": np.concatenate(inv_on_hand)}
        return lines, success, inventory

    def _homepage_slots(self, slots: np.ndarray, levers: Levers) -> np.ndarray:
        """Dormant products on the homepage: keep those with stock, fill empty slots with the next dormant ones."""
        c = self.catalogue
        slots = slots[self.on_hand[slots] > 0]
        missing = levers.homepage_dormant_slots - len(slots)
        if missing > 0:
            candidates = np.flatnonzero(c.dormant & ~self.pushed & (self.on_hand > 0))
            # The team starts with the biggest piles of unsold stock.
            candidates = candidates[np.argsort(-self.on_hand[candidates], kind="stable")][:missing]
            self.pushed[candidates] = True
            slots = np.concatenate([slots, candidates])
        return slots

    def _allocate(self, prod: np.ndarray, qty: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """Serve lines from stock in a random order: a line is kept while its product's stock lasts."""
        if not len(prod):
            return np.zeros(0, dtype=bool)
        order = np.lexsort((rng.random(len(prod)), prod))
        p_sorted = prod[order]
        running = _group_cumsum(p_sorted, qty[order])
        ok_sorted = running <= self.on_hand[p_sorted]
        kept = np.empty(len(prod), dtype=bool)
        kept[order] = ok_sorted
        np.subtract.at(self.on_hand, prod[kept], qty[kept])
        return kept

    def _replenish(self, day: int) -> None:
        """Deliveries arrive; products whose stock and pipeline fall under the reorder point are reordered."""
        b, c = self.b, self.catalogue
        arriving = self.arrivals[day]
        self.on_hand += arriving
        self.on_order -= arriving
        active = (c.launch_day <= day + b.lead_time_days) & ~c.dormant
        position = self.on_hand + self.on_order
        reorder = active & (position < self.demand * (b.lead_time_days + b.review_days))
        # A product about to launch gets its first delivery from the same rule, with its expected demand.
        qty = np.ceil(self.demand * (b.lead_time_days + b.cover_days) - position).astype(np.int64)
        qty = np.where(reorder, np.maximum(qty, 1), 0)
        self.arrivals[day + b.lead_time_days] += qty
        self.on_order += qty

    def _orders(self, cust, time, source, campaign, success, lines, campaign_ids):
        """Orders and their lines: ids in time order, revenue and margin from the lines, statuses."""
        b, c, rng = self.b, self.catalogue, self.rng["orders"]
        n = int(success.sum())
        attempt_order = np.full(len(cust), -1, dtype=np.int64)
        attempt_order[success] = np.arange(self.next_order, self.next_order + n)
        self.next_order += n
        price = c.price[lines["product"]]
        line_revenue = np.round(price * lines["quantity"] * (1 - lines["discount"]), 2)
        line_cost = c.unit_cost[lines["product"]] * lines["quantity"]
        revenue = np.bincount(lines["attempt"], weights=line_revenue, minlength=len(cust))[success]
        cost = np.bincount(lines["attempt"], weights=line_cost, minlength=len(cust))[success]
        u = rng.random(n)
        status = np.where(u < b.cancelled, 1, np.where(u < b.cancelled + b.refunded, 2, 0)).astype(np.int8)
        orders = {"order": attempt_order[success], "customer": cust[success], "time": time[success],
                  "revenue": np.round(revenue, 2), "margin": np.round(revenue - cost, 2), "status": status,
                  "source": source[success], "campaign": campaign[success]}
        order_lines = {"order": attempt_order[lines["attempt"]], "product": lines["product"],
                       "quantity": lines["quantity"], "revenue": line_revenue}
        self._attempt_order = attempt_order
        return orders, order_lines

    def _sessions(self, t0, days, season, levers, n_new, cust, time, source, success, orders):
        """Visits: one per purchase attempt (with its order when it converted), browsing, prospects."""
        b, rng = self.b, self.rng["sessions"]
        n = self.n_customers
        # Browsing visits of known customers, in proportion to their purchase rate.
        exposure = np.clip((t0 + days - self.created[:n]) / days, 0.0, 1.0) * days / 30.44
        browse = rng.poisson(np.where(self.alive[:n], self.rate[:n] * exposure * season * b.browse_per_intent, 0.0))
        b_cust = np.repeat(np.arange(n), browse)
        lo = np.maximum(self.created[b_cust], t0)
        b_time = self.clock.spread(lo, t0 + days, rng.random(len(b_cust)))
        b_src = rng.choice(len(CHANNELS), size=len(b_cust), p=np.array(RETURNING_MIX))
        # Prospects: anonymous visitors brought by acquisition (fewer when acquisition lags).
        n_prospect = rng.poisson(max(n_new, 0) * b.prospect_sessions_per_acquisition)
        visitors = max(1, int(n_prospect / b.sessions_per_prospect))
        p_visitor = self.next_visitor + rng.integers(0, visitors, size=n_prospect)
        self.next_visitor += visitors
        p_time = self.clock.spread(t0, t0 + days, rng.random(n_prospect))
        shares = np.array([ch[1] for ch in CHANNELS])
        p_src = rng.choice(len(CHANNELS), size=n_prospect, p=shares / shares.sum())
        a_time = np.maximum(time - rng.random(len(time)) * (20 / 1440), t0)
        a_order = np.where(success, self._attempt_order, -1)
        total = len(time) + len(b_cust) + n_prospect
        sessions = {
            "time": np.concatenate([a_time, b_time, p_time]),
            "customer": np.concatenate([cust, b_cust, np.full(n_prospect, -1)]),
            "visitor": np.concatenate([cust, b_cust, p_visitor]),
            "known": np.concatenate([np.ones(len(time) + len(b_cust), bool), np.zeros(n_prospect, bool)]),
            "source": np.concatenate([source, b_src, p_src]).astype(np.int8),
            "order": np.concatenate([a_order, np.full(len(b_cust) + n_prospect, -1)]),
        }
        # Session ids count up in the order the sessions start, as a web analytics store numbers them.
        chrono = np.argsort(sessions["time"], kind="stable")
        sessions = {name: column[chrono] for name, column in sessions.items()}
        sessions["session"] = np.arange(self.next_session, self.next_session + total)
        self.next_session += total
        return sessions

    def _customer_rows(self, m: int, new: np.ndarray) -> dict[str, np.ndarray]:
        ids = np.concatenate([np.arange(self.n0), new]) if m == 0 else new
        return {"customer": ids, "time": self.created[ids], "channel": self.channel[ids]}

    def _creatives(self, t0: int, days: int, levers: Levers) -> dict[str, np.ndarray]:
        rng = self.rng["creatives"]
        n = int(rng.poisson(levers.creatives_per_month))
        ids = np.arange(self.next_creative, self.next_creative + n)
        self.next_creative += n
        return {"creative": ids, "time": np.sort(t0 + rng.random(n) * days),
                "is_hit": rng.random(n) < levers.creative_hit_rate}


def as_timestamps_us(epoch_us: int, days: np.ndarray) -> np.ndarray:
    """Days since the data start -> microseconds since 1970 (whole seconds, so files stay readable)."""
    return epoch_us + (np.floor(days * 86_400) * 1_000_000).astype(np.int64)


def day_dates(start: date, days: np.ndarray) -> np.ndarray:
    """Day offsets -> days since 1970 (Arrow date32)."""
    return (start - date(1970, 1, 1)).days + days.astype(np.int32)


__all__ = ["END", "MonthBatch", "Shop", "data_start"]
