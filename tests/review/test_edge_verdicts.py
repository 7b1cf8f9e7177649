"""Verdicts at the edges of what the data can say, on small hand-made shops whose answers were worked out by hand:
a rate whose cases all but vanished, a target judged without a baseline value, a cohort's horizon not yet
mature, a closed period without data."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from kpiguard.spec import load_spec

from .small_shops import EVENTS_HEADER, ORDERS_HEADER, email_month


def _daily(start: date, end: date, amount: float = 100.0, skip=lambda d: False) -> list[str]:
    """One order a day from `start` to `end` (both included), each by a customer of its own."""
    rows, day, i = [], start, 0
    while day <= end:
        if not skip(day):
            rows.append(f"o{i},c{i},{day} 12:00:00,{amount},completed,")
            i += 1
        day += timedelta(days=1)
    return rows


def _review(folder, orders: list[str], kpis: str, as_of: date, events: list[str] | None = None, lang="en"):
    from kpiguard.review import review

    (folder / "orders.csv").write_text("\n".join([ORDERS_HEADER, *orders]) + "\n", encoding="utf-8")
    tables = "    orders: orders.csv\n"
    if events is not None:
        (folder / "events.csv").write_text("\n".join([EVENTS_HEADER, *events]) + "\n", encoding="utf-8")
        tables += "    email_events: events.csv\n"
    (folder / "kpis.yaml").write_text(
        f"version: 1\nname: edge\ncurrency: EUR\ntimezone: UTC\ndata:\n  tables:\n{tables}kpis:\n{kpis}",
        encoding="utf-8")
    result = review(load_spec(folder / "kpis.yaml"), as_of=as_of, series=False)
    return {k.kpi.id: k for k in result.kpis}


# E-mails: 1,000 sent a month over 2025-H2 with 200 opens (6,000 sent, 20 %); in 2026 the shop stops: 20 sent in
# January (19 opened), 10 in February (9 opened), none after. Over 2026-H1 the open rate is 28 / 30 = 93.3 % on 30
# e-mails, against 6,000 over the baseline (-99.5 %): the campaigns the target (25 %) was set on are gone. It was
# a hollow success (93 % through the denominator); a rate on 30 e-mails left says nothing of the target.
def _stopped_emails(sent_2026: tuple[int, int], opens_2026: tuple[int, int]) -> list[str]:
    rows = []
    for mo in range(7, 13):
        rows += email_month(2025, mo, 1000, 200)
    rows += email_month(2026, 1, sent_2026[0], opens_2026[0]) + email_month(2026, 2, sent_2026[1], opens_2026[1])
    return rows


OPEN_RATE = "  - {id: open, metric: email_open_rate, baseline: 2025-H2, target: {from: 20%, to: 25%, by: 2026-06-30}}\n"


def test_a_rate_whose_cases_all_but_vanished_is_not_judged(tmp_path):
    kpi = _review(tmp_path, _daily(date(2025, 7, 1), date(2026, 6, 30)), OPEN_RATE, date(2026, 6, 30),
                  _stopped_emails((20, 10), (19, 9)))["open"]
    assert kpi.current_value == pytest.approx(28 / 30)
    assert kpi.verdict == "not_evaluable"
    assert kpi.attainment is None and kpi.expected_progress is None
    assert "rests on 30 cases there (E-mails delivered), against 6,000 over H2 2025 (−99.5%)" in kpi.reasons[0]
    assert "fewer than 100" not in " ".join(kpi.reasons)  # the collapse says it, with both counts
    assert "contre 6\u202f000 sur le S2 2025" in kpi.reasons_i18n["fr"][0]


def test_a_rate_on_few_cases_that_did_not_collapse_keeps_its_verdict(tmp_path):
    """A small sender (120 e-mails over the baseline, 60 now: half, not a tenth) is fragile, not stopped."""
    events = []
    for mo in range(7, 13):
        events += email_month(2025, mo, 20, 4)
    for mo in range(1, 7):
        events += email_month(2026, mo, 10, 4)
    kpi = _review(tmp_path, _daily(date(2025, 7, 1), date(2026, 6, 30)), OPEN_RATE, date(2026, 6, 30),
                  events)["open"]
    assert kpi.verdict == "hollow_success"
    assert any("fewer than 100" in r for r in kpi.reasons)


# One order a day from 2026-01-01 to 2026-06-30 and none before: the baseline 2025-Q4 has no data. Over 2026-Q2:
# 91 orders (30 + 31 + 30), AOV 100 EUR. `select count(*) from orders where ordered_at >= '2026-04-01'`.
NEW_SHOP = """\
  - {id: missed, metric: orders, baseline: 2025-Q4, target: {to: 150, by: 2026-06-30}}
  - {id: met-early, metric: orders, baseline: 2025-Q4, target: {to: 80, by: 2026-12-31}}
  - {id: short-early, metric: orders, baseline: 2025-Q4, target: {to: 200, by: 2026-12-31}}
  - {id: paced, metric: orders, baseline: 2025-Q4, target: {from: 60, to: 200, by: 2026-12-31}}
  - {id: aov, metric: aov, baseline: 2025-Q4, target: {to: 90, by: 2026-12-31}}
"""


@pytest.fixture(scope="module")
def new_shop(tmp_path_factory):
    return _review(tmp_path_factory.mktemp("new-shop"), _daily(date(2026, 1, 1), date(2026, 6, 30)), NEW_SHOP,
                   date(2026, 6, 30))


def test_a_target_is_judged_against_its_to_without_a_baseline_value(new_shop):
    assert new_shop["missed"].current_value == 91
    assert new_shop["missed"].verdict == "missed"
    assert new_shop["missed"].reasons[0].replace("\xa0", " ") == ("Missed: the horizon 30 Jun 2026 has come and Orders is 91 orders "
                                             "over Q2 2026, short of 150 orders.")
    assert new_shop["met-early"].verdict == "healthy_success"
    assert new_shop["aov"].verdict == "healthy_success"
    assert any("Its baseline has no value over Q4 2025" in r for r in new_shop["aov"].reasons)


def test_without_a_baseline_value_a_declared_from_still_gives_a_pace(new_shop):
    # from 60 to 200 by 2026-12-31, the horizon from 2026-01-01: 181 of 365 days gone (49.6 %) at the end of June;
    # 91 orders are (91 - 60) / 140 = 22.1 % of the way: off track
    kpi = new_shop["paced"]
    assert kpi.verdict == "off_track"
    assert kpi.attainment == pytest.approx(31 / 140)
    assert kpi.expected_progress == pytest.approx(181 / 365)


def test_without_a_baseline_value_or_a_from_the_pace_before_the_horizon_is_unknown(new_shop):
    kpi = new_shop["short-early"]
    assert kpi.verdict == "not_evaluable"
    assert "with no value over its baseline Q4 2025 (no data in Q4 2025 for orders) and no FROM in the spec, its pace " \
        "cannot be judged before the horizon" in kpi.reasons[0]
    assert not any("judged against its target alone" in r for r in kpi.reasons)  # it is not judged at all


# Each month of 2025-01..2026-06, 100 new customers order on the 5th; 30 of them (32 in 2026) again on the 20th.
# The repurchase rate at 90 days is 30 % over 2025-Q2 (the baseline); the horizon is 2026-03-31, and as of
# 2026-05-15 its cohort (2026-Q1) is not mature (its last customers need 90 days: until 2026-06-29). The latest
# mature cohort is Nov 2025 - Jan 2026: (30 + 30 + 32) / 300 = 30.67 %, 6.7 % of the way from 30 % to 40 %, when
# (2026-01-31 - 2025-06-30) = 215 of 274 days (78.5 %) of the horizon were gone: off track, not missed.
def _cohorts() -> list[str]:
    rows = []
    for year, months in ((2025, range(1, 13)), (2026, range(1, 7))):
        for mo in months:
            for c in range(100):
                who = f"c{year}{mo:02}-{c}"
                rows.append(f"a{who},{who},{year}-{mo:02}-05 12:00:00,50,completed,")
                if c < (30 if year == 2025 else 32):
                    rows.append(f"b{who},{who},{year}-{mo:02}-20 12:00:00,50,completed,")
    return rows


def test_a_cohort_whose_horizon_is_not_mature_is_judged_on_its_pace(tmp_path):
    kpi = _review(tmp_path, _cohorts(), "  - {id: rep, metric: repurchase_rate_90d, baseline: 2025-Q2, "
                  "target: {from: 30%, to: 40%, by: 2026-03-31}}\n", date(2026, 5, 15))["rep"]
    assert kpi.window.current.label == "2025-11..2026-01"
    assert kpi.current_value == pytest.approx(92 / 300)
    assert kpi.verdict == "off_track"
    assert kpi.expected_progress == pytest.approx(215 / 274)
    assert not kpi.window.at_deadline
    assert any("can only be judged from 29 Jun 2026" in r for r in kpi.reasons)
    assert not any("the window that ends at the horizon" in r for r in kpi.reasons)


# One order of 100 EUR a day over 2025-01..2026-06, but none in 2026-Q1 (a closed quarter, or an export without it).
# The KPIs' horizon is 2026-03-31: judged on 2026-Q1, which has no data. It is empty, not zero, and every place
# that says it (the KPI's reason, a ratio's reason, the company's line, the JSON status) says so alike; a metric the
# spec cannot read (no margin column) is no empty period.
CLOSED = """\
  - {id: rev, metric: revenue, baseline: 2025-Q4, target: {from: 9200, to: 10000, by: 2026-03-31}}
  - {id: aov, metric: aov, baseline: 2025-Q4, target: {to: 110, by: 2026-03-31}}
"""


def test_a_closed_period_without_data_is_empty_not_zero(tmp_path):
    from kpiguard.review import review

    orders = _daily(date(2025, 1, 1), date(2026, 6, 30), skip=lambda d: date(2026, 1, 1) <= d < date(2026, 4, 1))
    kpis = _review(tmp_path, orders, CLOSED, date(2026, 6, 30))
    for kpi in kpis.values():
        assert kpi.verdict == "not_evaluable"
        assert kpi.current_value is None and kpi.current_status == "empty"
        assert ("has no value over Q1 2026 (no data in Q1 2026 for orders): a period without data is reported as "
                "empty, not as zero.") in kpi.reasons[0]
        assert "n'a pas de valeur sur le T1 2026 (aucune donnée sur le T1 2026 dans orders)" in kpi.reasons_i18n["fr"][0]
        assert not any("not available" in r for r in kpi.reasons)
    data = review(load_spec(tmp_path / "kpis.yaml"), as_of=date(2026, 6, 30), series=False).to_dict()
    company = {m["metric"]: m for m in data["company"]["metrics"]}
    assert company["margin"]["signal"] == "unknown"
    said = data["company"]["reasons"]
    assert "Repurchase rate at 90 days: empty over Q1 2026 (no data in Q1 2026 for orders), not zero." in said
    assert any(r.startswith("Gross margin: not available over Q2 2026 (metric 'margin' needs column") for r in said)
    by_id = {k["id"]: k for k in data["kpis"]}
    assert by_id["rev"]["current"]["status"] == "empty"


def test_a_metric_the_spec_cannot_read_is_unavailable_not_empty(tmp_path):
    """No margin column: the orders have rows in every period, so 'empty' (no row there) would be untrue."""
    kpi = _review(tmp_path, _daily(date(2026, 1, 1), date(2026, 6, 30)),
                  "  - {id: m, metric: margin, baseline: 2026-Q1, target: {to: 10, by: 2026-12-31}}\n",
                  date(2026, 6, 30))["m"]
    assert kpi.current_status == "unavailable"
    assert "needs column 'margin'" in kpi.reasons[0]
    # and in French, in the French reasons (it read "(metric 'margin' needs column ...)" in both)
    assert "la métrique 'margin' a besoin de la colonne 'margin'" in kpi.reasons_i18n["fr"][0]
    assert "needs column" not in kpi.reasons_i18n["fr"][0]


# One order of 100 EUR a day over 2025-07..2026-06, and one of 5,000 EUR on 2026-05-10. Revenue over 2026-Q2:
# 91 x 100 + 5,000 = 14,100 (`select sum(revenue) from orders where ordered_at >= '2026-04-01'`), past the target
# of 12,000: met, but the order of 5,000 is 35.5 % of it, and without it 9,100 is short of the target.
def test_a_sum_met_on_one_order_says_so(tmp_path):
    orders = _daily(date(2025, 7, 1), date(2026, 6, 30)) + ["big1,BIG,2026-05-10 15:00:00,5000,completed,"]
    kpis = _review(tmp_path, orders, "  - {id: rev, metric: revenue, baseline: 2025-Q4, "
                   "target: {from: 9200, to: 12000, by: 2026-06-30}}\n"
                   "  - {id: low, metric: revenue, baseline: 2025-Q4, target: {to: 5000, by: 2026-06-30}}\n",
                   date(2026, 6, 30))
    rev = kpis["rev"]
    assert rev.verdict == "healthy_success" and rev.current_value == 14100
    assert rev.reasons[1].replace("\xa0", " ") == (
        "Met on one order: order big1 is €5,000.00, 35.5% of Revenue over Q2 2026; without it Revenue would be "
        "€9,100.00, short of €12.0k. A success that one order decides says little of the trend: check whether "
        "such orders recur.")
    assert "Atteint grâce à une commande : la commande big1" in rev.reasons_i18n["fr"][1]
    # met without it all the same (9,100 is past 5,000): nothing to say
    assert not any("one order" in r for r in kpis["low"].reasons)


def test_a_b2b_shop_of_large_orders_is_not_met_on_one_order(tmp_path):
    """30 orders of 2,000 EUR a quarter: each is 3 % of the revenue, and the target met by the last of them is met
    by the shop's usual trade."""
    orders = [f"o{y}{m}-{d},c{d},{y}-{m:02}-{d:02} 12:00:00,2000,completed,"
              for y, ms in ((2025, range(10, 13)), (2026, range(1, 7))) for m in ms for d in range(1, 11)]
    kpi = _review(tmp_path, orders, "  - {id: rev, metric: revenue, baseline: 2025-Q4, "
                  "target: {to: 59000, by: 2026-06-30}}\n", date(2026, 6, 30))["rev"]
    assert kpi.verdict == "healthy_success" and kpi.current_value == 60000
    assert not any("one order" in r for r in kpi.reasons)


# New customers bought through a coupon partner: 3 new customers a day at 80 EUR over 2025-Q4, two of each three
# back 10 days later; over 2026-Q1, 3 more a day from the partner at 50 EUR, none back. New customers: 276 -> 540,
# past 400 (met); their repurchase rate at 90 days 66.7 % -> 33.3 % (180 of 540), their average order 80 -> 68.75
# EUR ((270 x 80 + 270 x 50 + 180 x 80) / 720). Without guardrails in the spec it read as a healthy success; the
# metric's known trade-offs (the repurchase rate, the average order) are its implicit guardrails: toxic.
def test_new_customers_bought_with_a_coupon_partner_are_a_toxic_success(tmp_path):
    rows, day = [], date(2025, 10, 1)
    while day <= date(2026, 6, 30):
        partner = date(2026, 1, 1) <= day < date(2026, 4, 1)
        for k in range(6 if partner else 3):
            who = f"c{day:%Y%m%d}-{k}"
            rows.append(f"a{who},{who},{day} 10:00:00,{50 if k >= 3 else 80},completed,")
            if k in (0, 2):
                rows.append(f"b{who},{who},{day + timedelta(days=10)} 10:00:00,80,completed,")
        day += timedelta(days=1)
    kpi = _review(tmp_path, rows, "  - {id: new, metric: new_customers, baseline: 2025-Q4, "
                  "target: {from: 276, to: 400, by: 2026-03-31}}\n", date(2026, 7, 10))["new"]
    assert kpi.current_value == 540 and kpi.verdict == "toxic_success"
    found = {g.metric: g for g in kpi.guardrail_results}
    assert found["repurchase_rate_90d"].current == pytest.approx(180 / 540)
    assert found["aov"].current == pytest.approx(68.75)
    assert all(g.status == "breached" for g in found.values())


def test_a_success_none_of_whose_guardrails_could_be_checked_does_not_say_none_broke(new_shop):
    """AOV's only (implicit) guardrail, the conversion rate, needs sessions the shop does not map: "no guardrail is
    significantly breached" would reassure for nothing."""
    kpi = new_shop["aov"]
    assert kpi.verdict == "healthy_success"
    assert "none of its guardrails could be checked" in kpi.reasons[0]
    assert "no guardrail is significantly breached" not in kpi.reasons[0]
    assert "Not checked, for lack of data: Conversion rate; no guardrail stands behind this verdict." in kpi.reasons


# Two orders of 100 EUR a day over 2025-Q4..2026-Q2, a fifth of 2026-Q2's refunded (status refunded: 37 of 182).
# Revenue over 2026-Q2 is 145 x 100 = 14,500, under the spec's TO of 17,000 from 18,400: a target written
# downwards for a metric where more is better is met by the refund wave, and the review says so.
def test_a_target_against_its_metrics_direction_says_what_it_rewards(tmp_path):
    rows, day, i = [], date(2025, 10, 1), 0
    while day <= date(2026, 6, 30):
        for k in range(2):
            refunded = day >= date(2026, 4, 1) and i % 5 == 0
            rows.append(f"o{i},c{i},{day} 1{k}:00:00,100,{'refunded' if refunded else 'completed'},")
            i += 1
        day += timedelta(days=1)
    kpis = _review(tmp_path, rows, "  - {id: rev, metric: revenue, baseline: 2025-Q4, "
                   "target: {from: 18400, to: 17000, by: 2026-06-30}}\n"
                   "  - {id: ord, metric: orders, baseline: 2025-Q4, target: {from: 184, to: 190, by: 2026-06-30}}\n",
                   date(2026, 6, 30))
    rev = kpis["rev"]
    assert rev.current_value == 14500 and rev.verdict == "healthy_success"
    assert rev.reasons[1].startswith("Its target runs against Revenue's direction (more is better): from €18.4k "
                                     "to €17.0k, it rewards getting worse (€14.5k over Q2 2026).")
    assert "Sa cible va contre le sens de Chiffre d'affaires" in rev.reasons_i18n["fr"][1]
    assert kpis["ord"].verdict == "missed"  # a target the metric's way: nothing to say
    assert not any("against" in r for r in kpis["ord"].reasons)
