"""The parameters of the simulated shop: its fixed behaviour, and the levers a scenario pulls in the KPI year."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# Categories of the shop (a beauty and personal-care shop): share of the catalogue, median list price (EUR),
# log-spread of prices, unit cost as a share of the list price.
CATEGORIES: tuple[tuple[str, float, float, float, float], ...] = (
    ("skincare", 0.25, 32.0, 0.40, 0.45),
    ("makeup", 0.20, 22.0, 0.35, 0.40),
    ("haircare", 0.15, 18.0, 0.30, 0.50),
    ("fragrance", 0.10, 65.0, 0.35, 0.55),
    ("body", 0.15, 15.0, 0.30, 0.50),
    ("accessories", 0.15, 12.0, 0.50, 0.35),
)

# Acquisition channel of new customers: (channel, share, utm_source, utm_medium).
CHANNELS: tuple[tuple[str, float, str | None, str | None], ...] = (
    ("paid_search", 0.30, "google", "cpc"),
    ("seo", 0.25, "google", "organic"),
    ("social", 0.20, "instagram", "social"),
    ("referral", 0.10, "partner", "referral"),
    ("direct", 0.15, None, None),
)
# Traffic source of a returning customer's visit (same source list, different mix: more direct, less paid).
RETURNING_MIX = (0.15, 0.25, 0.10, 0.10, 0.40)

# The shop's clock: it is a French shop, whose customers live on Paris time (the data is stored in UTC).
SHOP_TIMEZONE = "Europe/Paris"
# Visits and orders by local hour (0..23): a quiet night, a morning rise, a lunch bump, the evening peak.
HOURLY = (1.2, 0.7, 0.4, 0.3, 0.3, 0.5, 1.2, 2.6, 3.8, 4.6, 5.1, 5.4,
          6.0, 6.1, 5.5, 5.3, 5.2, 5.3, 5.6, 6.4, 7.6, 8.0, 6.8, 3.7)
# By local weekday (Monday..Sunday): Sunday evening and Monday lead, Saturday is the quietest day.
WEEKDAY = (1.08, 1.03, 1.01, 0.99, 0.93, 0.86, 1.10)
# Days that weigh more or less than their weekday within their month (the month's total is its seasonality):
# Black Friday weekend and Cyber Monday, December before the last delivery dates, Christmas.
BLACK_FRIDAY, BLACK_WEEKEND, CYBER_MONDAY = 2.2, 1.4, 1.6
DECEMBER = {**dict.fromkeys(range(1, 18), 1.12), **dict.fromkeys(range(18, 22), 1.0), 22: 0.75, 23: 0.7, 24: 0.55,
            25: 0.4, **dict.fromkeys(range(26, 32), 0.75)}


@dataclass(frozen=True)
class Behaviour:
    """How the shop and its customers behave whatever the scenario (documented in docs/simulation.md)."""

    # Customers: a base that exists before the data starts, plus monthly acquisitions.
    initial_base_months: float = 120.0        # the base at the start: survivors of this many months
    acquisition_growth: float = 0.15          # yearly growth of monthly acquisitions (business as usual), before the
                                              # data too; at 30 % e-mail revenue grew past the rewrite's +25 % as usual
    seasonality: tuple[float, ...] = (0.92, 0.88, 0.95, 0.97, 1.0, 0.96, 0.93, 0.90, 1.0, 1.03, 1.15, 1.31)
    # Repeat purchase (BG/NBD-like): purchase rate per month ~ Gamma(shape, mean), drop-out after each
    # purchase with probability ~ Beta(a, b): 1.7 orders per buyer a year, most buyers buy once (real shops:
    # 1.5 to 3). Drop-out of little spread: with Beta(1, 1.6) the base's loyal survivors, counted as first-time
    # buyers in 2025, made the 90-day repurchase rate of business as usual fall in 2026.
    rate_shape: float = 1.0
    rate_mean: float = 0.22
    dropout_a: float = 12.0
    dropout_b: float = 28.0
    stockout_dropout: float = 0.35            # extra drop-out after an order lost to a stock-out
    # Visits: browsing sessions per purchase intent (returning customers), prospect sessions per acquisition:
    # about 1.6 % of sessions end in an order (real shops: 1 to 4 %).
    browse_per_intent: float = 10.0
    prospect_sessions_per_acquisition: float = 150.0
    sessions_per_prospect: float = 1.6
    # E-mail: opt-in at sign-up, open propensity ~ Beta, fatigue from the e-mails of the last weeks.
    base_opt_in: float = 0.9                  # subscribers in the base at the start, as a share of `Levers.opt_in`
    list_attrition: float = 0.014             # per month: a subscriber of the base who unsubscribed or bounced since
                                              # sign-up (about what 4 campaigns a month do, see unsubscribe_base)
    open_a: float = 3.0
    open_b: float = 4.0                       # mean open propensity 0.43
    dormant_open_factor: float = 0.55         # a lapsed customer opens less
    fatigue_tau_days: float = 30.0            # fatigue = e-mails received, decaying with this time constant
    fatigue_open: float = 0.055               # open probability x exp(-fatigue_open x (fatigue - 1))
    unsubscribe_base: float = 0.0012          # per delivered e-mail, at fatigue 1
    fatigue_unsubscribe: float = 0.12         # unsubscribe hazard x (1 + fatigue_unsubscribe x (fatigue - 1))
    complaint_share: float = 0.05             # of unsubscribes, also flagged as spam complaints
    invalid_address: float = 0.01            # addresses mistyped at sign-up: their first e-mail hard-bounces
    address_lifetime_years: float = 20.0      # a valid address is abandoned after ~Exponential(20 years): the next
                                              # e-mail hard-bounces; a bounced address is never sent to again
    send_hour: float = 10.0                   # campaigns go out at 10:00 shop time, on weekdays
    open_delay_hours: float = 2.0             # median delay sent -> open (log-normal, long tail over days)
    open_delay_spread: float = 1.4            # its log-sd: ~30 % of opens within an hour, ~95 % within a day
    click_delay_minutes: float = 3.0          # mean delay open -> click (and open -> unsubscribe)
    click_given_open: float = 0.13
    order_given_click: float = 0.26           # incremental order after a click (an active customer)
    capture_saturation: float = 2.0           # P(a purchase goes through an e-mail link) = cannibalisation x
                                              # (1 - exp(-capture_saturation x e-mails opened this month))
                                              # x clip((months since sign-up - habit_delay) / habit_months)
    habit_delay_months: float = 2.0
    habit_months: float = 6.0
    unsubscribe_rate_factor: float = 0.75     # an unsubscriber's purchase rate is multiplied by this
    # E-mail takes about 22 % of revenue as usual (real shops: 15 to 30 %): the article's 25 % is within reach of
    # a push that shrinks revenue by ~14 %; at 18 % it took a fall of ~30 %.
    featured_products: int = 6                # products a campaign features (a newsletter shows a handful)
    featured_line_share: float = 0.6          # chance an e-mail order's first line is a featured product: with 3
                                              # products and 0.9, the prices of a year's 144 featured products
                                              # moved e-mail revenue growth by +-5 points from seed to seed
    # Baskets: lines = 1 + Poisson(extra_lines), units per line = 1 + Poisson(extra_units).
    extra_lines: float = 0.9
    extra_units: float = 0.15
    # Catalogue: products before the data starts (some of them dormant), launches per month.
    initial_products: int = 240
    dormant_products: int = 60
    launches_per_month: int = 6
    catalogue_orders_per_day: float = 28.0    # orders a day that carry the full range (fewer: a smaller range)
    min_regular_products: int = 24
    novelty_days: float = 45.0                # novelty boost decays with this time constant
    novelty_boost: float = 2.0
    dormant_pull: float = 0.0                 # dormant products: no traction at all
    dormant_pile_days: float = 0.37           # a dormant pile: U(0.5, 1.5) x this many days of the shop's unit sales
    # Stock: reorder when stock + pipeline < demand x (lead + review); order up to demand x (lead + cover).
    lead_time_days: int = 10
    review_days: int = 7
    cover_days: int = 21
    substitution: float = 0.25                # chance a line lost to a stock-out is replaced by an available one
    cancelled: float = 0.02
    refunded: float = 0.015


@dataclass(frozen=True)
class Levers:
    """What the teams decide, month by month. Business as usual in the baseline year."""

    acquisition: float = 1.0                  # multiplier on monthly acquisitions (and prospect traffic)
    campaigns_per_month: int = 4
    planned_campaigns: int = 4                # campaigns the product team stocks up for
    email_relevance: float = 1.0              # multiplier on clicks and on orders after a click
    fatigue_sensitivity: float = 1.0          # targeting the engaged lowers it
    cannibalisation: float = 1.0              # at most this share of an opener's purchases (which would have
                                              # come anyway) go through an e-mail link and are attributed to it
    email_discount: float = 0.10
    opt_in: float = 0.7
    homepage_dormant_share: float = 0.0       # share of non-e-mail line choices sent to pushed dormant products
    homepage_dormant_slots: int = 0           # dormant products on the homepage at a time
    dormant_discount: float = 0.0
    conversion: float = 1.0                   # multiplier on the chance a visit with intent ends in an order
                                              # (returning customers' intents, and prospects' first orders)
    extra_lines: float | None = None          # None: Behaviour.extra_lines
    novelty_boost: float | None = None        # None: Behaviour.novelty_boost
    creatives_per_month: float = 4.0
    creative_hit_rate: float = 0.30


@dataclass(frozen=True)
class Scenario:
    """A story: business as usual, then from `starts` (a first of month in 2026) the levers of the KPI year."""

    name: str
    title: str
    template: tuple[str, ...]                 # the KPI blocks of its spec (YAML package data)
    kpi_year: Levers
    truth: dict[str, str]                     # KPI id -> the verdict the data was built to deserve
    better_off: str
    before: Levers = field(default_factory=Levers)
    starts: date = date(2026, 1, 1)
    behaviour: Behaviour = field(default_factory=Behaviour)
