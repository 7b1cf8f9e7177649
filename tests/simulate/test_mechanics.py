"""The model's mechanics, measured on the Parquet files it writes (plain SQL, as a user would check them)."""

from __future__ import annotations

from dataclasses import replace

import duckdb
import pytest

from kpiguard.simulate import SCENARIOS, Levers, Scenario, simulate

TEST_SEED = 7  # the same seed as the shared shops of conftest.py

SMALL = 2500


def sql(result, query: str):
    con = duckdb.connect()
    con.execute("set TimeZone = 'Europe/Paris'")  # the spec's timezone: periods as the review reads them
    data = result.out_dir / "data"
    for table in result.tables:
        con.execute(f"create view {table} as select * from read_parquet('{data / (table + '.parquet')}')")
    return con.execute(query).fetchall()


def email_rates(result, *years: int) -> tuple[float, float]:
    """(distinct openers / e-mails sent, distinct unsubscribers / e-mails sent) over the years' campaigns."""
    (row,) = sql(result, f"""
        with per_campaign as (
          select campaign_id,
                 count(*) filter (where event = 'sent') as sent,
                 count(distinct customer_id) filter (where event = 'open') as openers,
                 count(distinct customer_id) filter (where event = 'unsubscribe') as unsubscribers
          from email_events where year(event_at) in ({", ".join(map(str, years))}) group by campaign_id)
        select sum(openers) / sum(sent), sum(unsubscribers) / sum(sent) from per_campaign""")
    return row


def revenues(result, year: int) -> tuple[float, float]:
    """(revenue, e-mail revenue) of completed orders over a year."""
    (row,) = sql(result, f"""
        select sum(revenue), sum(revenue) filter (where utm_medium = 'email') from orders
        where coalesce(status, 'completed') = 'completed' and year(ordered_at) = {year}""")
    return float(row[0]), float(row[1])


def steady(name: str, levers: Levers) -> Scenario:
    """The same levers in both years."""
    return Scenario(name=name, title=name, template=("kpis-email.yaml",), kpi_year=levers, before=levers,
                    truth={}, better_off="unclear")


@pytest.fixture(scope="module")
def by_frequency(tmp_path_factory):
    return {k: simulate(tmp_path_factory.mktemp(f"f{k}"), steady(f"f{k}", Levers(campaigns_per_month=k,
                                                                                   planned_campaigns=k)),
                        customers=SMALL, seed=TEST_SEED)
            for k in (2, 4, 12)}


def test_cannibalisation_above_one_caps_the_chance_an_order_goes_through_an_email(tmp_path):
    """A scenario of one's own with `cannibalisation` above 1 (customers who wait for the e-mail's code) stopped
    the simulation with numpy's 'p > 1' (a traceback); the chance a purchase goes through an e-mail is capped at 1."""
    result = simulate(tmp_path / "shop", steady("eager", Levers(cannibalisation=3.0)), customers=400, seed=TEST_SEED)
    revenue, email = revenues(result, 2026)
    assert 0 < email < revenue


def test_open_rate_falls_as_send_frequency_rises(by_frequency):
    opens = {k: email_rates(r, 2026)[0] for k, r in by_frequency.items()}
    assert opens[2] > opens[4] > opens[12]
    # Three times the sends: fatigue costs more than a quarter of the opens.
    assert opens[12] < 0.75 * opens[4]


def test_unsubscribes_rise_with_send_frequency(by_frequency):
    # Both years (the levers are the same in both): a year of a 2 500-customer shop at 4 campaigns a month has
    # about 130 unsubscribes, too few to tell a 1.4x rise from chance on one year alone.
    unsubs = {k: email_rates(r, 2025, 2026)[1] for k, r in by_frequency.items()}
    assert unsubs[2] < unsubs[4] < unsubs[12]
    assert unsubs[12] > 1.4 * unsubs[4]


def test_email_share_rises_when_acquisition_slows_with_email_revenue_flat(tmp_path_factory):
    # Bigger than the other tests: the two shops share their history until 2026, then their draws diverge,
    # and e-mail revenue (a few thousand orders) needs the size to show the effect above that noise.
    size = 12000
    usual = simulate(tmp_path_factory.mktemp("usual"), "baseline", customers=size, seed=TEST_SEED)
    slow = simulate(tmp_path_factory.mktemp("slow"),
                    replace(SCENARIOS["baseline"], name="slow", kpi_year=Levers(acquisition=0.3)),
                    customers=size, seed=TEST_SEED)
    revenue_usual, email_usual = revenues(usual, 2026)
    revenue_slow, email_slow = revenues(slow, 2026)
    # Fewer new customers: revenue falls. E-mail revenue comes mostly from the established base (new customers
    # buy through the acquisition channels first), so it falls much less, and its share rises.
    revenue_change = revenue_slow / revenue_usual - 1
    email_change = email_slow / email_usual - 1
    assert revenue_change < -0.10
    assert email_change > revenue_change + 0.04
    assert email_slow / revenue_slow > email_usual / revenue_usual + 0.01


def test_email_push_makes_the_share_rise_while_revenue_falls(shop):
    push, usual = shop("email-push"), shop("baseline")
    revenue_2025, email_2025 = revenues(push, 2025)
    revenue_2026, email_2026 = revenues(push, 2026)
    assert email_2026 / revenue_2026 >= 0.25 > email_2025 / revenue_2025
    assert revenue_2026 < 0.92 * revenue_2025
    assert email_2026 < 1.2 * email_2025                    # short of the +25 % of the rewritten KPI
    # The same shop without the push keeps growing.
    assert revenues(usual, 2026)[0] > revenues(usual, 2025)[0]


def test_clearance_lowers_new_product_revenue_and_dormant_stock(shop):
    def new_product_revenue(result):
        (row,) = sql(result, """
            select sum(l.revenue) from order_lines l join orders o using (order_id) join products p using (product_id)
            where coalesce(o.status, 'completed') = 'completed'
              and o.ordered_at >= timestamptz '2026-07-01 00:00:00'
              and o.ordered_at < timestamptz '2027-01-01 00:00:00'
              and cast(o.ordered_at as date) between p.launched_at and p.launched_at + interval 90 day""")
        return float(row[0])

    def dormant_units(result, day: str):
        """Units on hand on `day` of the old products that sold nothing before the clearance (April 2026)."""
        (row,) = sql(result, f"""
            select sum(i.on_hand) from inventory i join products p using (product_id)
            where i.snapshot_date = date '{day}' and p.launched_at < date '2025-01-01' and not exists (
                select 1 from order_lines l join orders o using (order_id)
                where l.product_id = p.product_id and o.ordered_at < timestamptz '2026-04-01 00:00:00')""")
        return row[0]

    clearance, usual = shop("stock-clearance"), shop("baseline")
    assert new_product_revenue(clearance) < 0.8 * new_product_revenue(usual)
    # Same seed: both shops have the same dormant piles until the homepage starts pushing them in April.
    assert dormant_units(clearance, "2026-03-31") == dormant_units(usual, "2026-03-31") > 0
    assert dormant_units(clearance, "2026-12-31") < 0.7 * dormant_units(usual, "2026-12-31")


def test_orders_are_consistent_with_lines_and_sessions(shop):
    result = shop("email-push")
    (row,) = sql(result, """
        select count(*) filter (where abs(o.revenue - l.revenue) > 0.011),
               count(*) filter (where l.revenue is null),
               (select count(*) from sessions s where s.order_id is not null),
               (select count(*) from orders)
        from orders o left join (select order_id, sum(revenue) as revenue from order_lines group by 1) l
        using (order_id)""")
    mismatched, without_lines, sessions_with_order, orders = row
    assert mismatched == 0 and without_lines == 0
    assert sessions_with_order == orders                    # every order came from one visit
    (stock,) = sql(result, "select min(on_hand) from inventory")
    assert stock[0] >= 0


def test_email_events_keep_their_order_and_every_email_order_follows_its_click(shop):
    """Sent, then open, then click, then the order the click carried: a click before its open, or an e-mail
    order whose click comes after it (or after the data's end), is data no e-mail platform writes."""
    result = shop("email-push")
    (row,) = sql(result, """
        with firsts as (
          select customer_id, campaign_id,
                 min(event_at) filter (where event = 'sent') as sent,
                 min(event_at) filter (where event = 'open') as opened,
                 min(event_at) filter (where event = 'click') as clicked
          from email_events group by all)
        select count(*) filter (where opened < sent),
               count(*) filter (where clicked is not null and (opened is null or clicked < opened)),
               (select count(*) from orders o where o.utm_medium = 'email' and not exists (
                  select 1 from email_events e where e.customer_id = o.customer_id and e.campaign_id = o.utm_campaign
                    and e.event = 'click' and e.event_at <= o.ordered_at))
        from firsts""")
    open_before_sent, click_before_open, order_before_click = row
    assert (open_before_sent, click_before_open, order_before_click) == (0, 0, 0)


@pytest.mark.parametrize("customers", [1000, 2000])
def test_a_small_shop_has_dormant_piles_its_clearance_can_cut(tmp_path, customers):
    """The dormant piles follow the shop's sales: a 200-customer shop had piles sized for 500 customers, which its
    homepage could not cut by 30 % (stock-cut was missed for every seed, against the truth); piles sized by
    customers alone (10 units each at 1 000 customers) outgrew a shop whose customers buy twice a year. (At 200
    customers the shop takes about 100 orders a year: 60 piles of one unit are more than its homepage sells.)"""
    result = simulate(tmp_path / "shop", "stock-clearance", customers=customers, seed=TEST_SEED)
    (row,) = sql(result, """
        with dormant as (select product_id from products p where p.launched_at < date '2025-01-01' and not exists (
                 select 1 from order_lines l join orders o using (order_id)
                 where l.product_id = p.product_id and o.ordered_at < timestamptz '2026-04-01 00:00:00'))
        select sum(on_hand) filter (where snapshot_date = date '2026-03-31'),
               sum(on_hand) filter (where snapshot_date = date '2026-12-31')
        from inventory join dormant using (product_id)""")
    before, after = row
    assert before > 0 and after < 0.7 * before
