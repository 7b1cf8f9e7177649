"""An as-of date (or --period) past the data's last day: the rest of the month is a quiet end when the data had
quiet runs as long before, else the end of an export, and the data covers up to its last day (docs/review.md)."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest
from typer.testing import CliRunner

from kpiguard.cli import _register, app
from kpiguard.review.windows import beginning, coverage, gaps

_register()
runner = CliRunner()

SPEC = """\
version: 1
name: Daily shop
currency: EUR
timezone: UTC
data:
  tables:
{tables}
kpis:
  - id: revenue-h
    metric: revenue
    level: outcome
    baseline: 2025-H1
    target: {{from: 181000, to: 200000, by: 2026-12-31}}
    cadence: month
"""


def _days(start: date, end: date, keep=lambda d: True) -> list[date]:
    out, d = [], start
    while d <= end:
        if keep(d):
            out.append(d)
        d += timedelta(days=1)
    return out


def test_an_export_of_a_daily_shop_ends_on_its_last_day():
    cover = coverage(_days(date(2025, 1, 1), date(2026, 6, 15)), date(2026, 6, 15))
    assert (cover.trailing, cover.longest, cover.quiet_end) == (15, 0, False)
    assert cover.until == date(2026, 6, 16)


def test_a_shop_quiet_at_each_month_end_covers_its_last_month():
    # orders on the 1st to the 28th: January 29-31 were 3 quiet days, June 29-30 are 2
    days = _days(date(2025, 1, 1), date(2026, 6, 28), lambda d: d.day <= 28)
    cover = coverage(days, date(2026, 6, 28))
    assert (cover.trailing, cover.longest, cover.quiet_end) == (2, 3, True)
    assert cover.until == date(2026, 7, 1)


def _write(folder, orders_until: date, sessions_until: date | None = None, keep=lambda d: True):
    """10 orders of 100 EUR a day in 2025, 11 in 2026 (+10 %), every day (that `keep`s) up to `orders_until`;
    sessions every day up to `sessions_until` when given."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    orders = {k: [] for k in ("order_id", "customer_id", "ordered_at", "revenue", "status")}
    n = 0
    for d in _days(date(2025, 1, 1), orders_until, keep):
        for i in range(11 if d.year == 2026 else 10):
            n += 1
            orders["order_id"].append(f"o{n}")
            orders["customer_id"].append(f"c{n % 5000}")
            orders["ordered_at"].append(datetime(d.year, d.month, d.day, 10 + i))
            orders["revenue"].append(100.0)
            orders["status"].append("completed")
    pq.write_table(pa.table(orders), folder / "orders.parquet")
    tables = "    orders: orders.parquet"
    if sessions_until is not None:
        days = _days(date(2025, 1, 1), sessions_until)
        pq.write_table(pa.table({"session_id": [f"s{i}" for i in range(len(days))],
                                 "started_at": [datetime(d.year, d.month, d.day, 9) for d in days],
                                 "source": ["ads"] * len(days)}), folder / "sessions.parquet")
        tables += "\n    sessions: sessions.parquet"
    spec = folder / "kpis.yaml"
    spec.write_text(SPEC.format(tables=tables), encoding="utf-8")
    return spec


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    return _write(tmp_path_factory.mktemp("export-mid-month"), date(2026, 6, 15))


def _review(spec, *args):
    result = runner.invoke(app, ["review", str(spec), "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_an_as_of_past_a_mid_month_export_judges_the_days_the_data_covers(exported):
    data = _review(exported, "--as-of", "2026-06-30")
    kpi = data["kpis"][0]
    # 166 days of 2026 (Jan 1 - Jun 15) at 1,100 EUR a day = 182,600, against the baseline's 181,000 scaled to
    # 166/181 days (166,000) and a TO of 200,000 x 166/181 (183,425): +10 % is well on its way, not 8 % of it
    assert kpi["current"]["period"] == "2026-01-01..2026-06-15"
    assert kpi["current"]["value"] == pytest.approx(182_600)
    assert kpi["baseline"]["value"] == pytest.approx(166_000)
    assert kpi["verdict"] == "on_track"
    assert ("After 15 Jun 2026 the data has no order, session or e-mail event for the 15 days left in its month, "
            "when it had some every day before: the data is taken to end there, not the shop's activity."
            in kpi["reasons_i18n"]["en"])
    assert any(r.startswith("Après le 15\u00a0juin 2026, les données n'ont ni commande") for r in kpi["reasons_i18n"]["fr"])
    # the company's months are complete ones: March to May, not a half-empty June
    assert data["period"]["label"] == "2026-03..2026-05"
    assert data["company"]["better_off"] == "yes"


def test_a_forced_month_past_the_export_is_cut_too(exported):
    kpi = _review(exported, "--period", "2026-06")["kpis"][0]
    assert kpi["current"]["period"] == "2026-06-01..2026-06-15"
    assert kpi["current"]["value"] == pytest.approx(15 * 1_100)


def test_the_default_as_of_is_unchanged(exported):
    kpi = _review(exported)["kpis"][0]
    assert kpi["current"]["period"] == "2025-12..2026-05"
    assert not any("days left in its month" in r for r in kpi["reasons"])


def test_orders_that_stop_while_sessions_go_on_are_days_without_orders(tmp_path):
    spec = _write(tmp_path, date(2026, 6, 15), sessions_until=date(2026, 6, 30))
    kpi = _review(spec, "--as-of", "2026-06-30")["kpis"][0]
    assert kpi["current"]["period"] == "2026-H1"
    assert kpi["current"]["value"] == pytest.approx(166 * 1_100)
    assert ("The last order is on 15 Jun 2026, but sessions or e-mail events go on until 30 Jun 2026: the days "
            "after 15 Jun 2026 count as days without orders in H1 2026." in kpi["reasons"])


def test_a_sparse_shop_may_be_quiet_longer_than_it_ever_was():
    # two orders, on Feb 20 and Mar 10: 21 days left in March are more than the 17 quiet days between them, but
    # with activity on 2 of its 19 days, 21 days without any come by chance (1 - 2/19)^21 = 9.7% of the time
    cover = coverage([date(2026, 2, 20), date(2026, 3, 10)], date(2026, 3, 10))
    assert (cover.trailing, cover.longest, cover.span) == (21, 17, 19)
    assert cover.chance == pytest.approx((17 / 19) ** 21)
    assert cover.quiet_end and cover.until == date(2026, 4, 1)


def test_a_table_no_kpi_needs_does_not_stop_the_review_past_the_data(tmp_path):
    # sessions mapped to a file that is not there: no KPI needs them, the orders alone tell the export's end
    spec = _write(tmp_path, date(2026, 6, 15))
    spec.write_text(spec.read_text(encoding="utf-8").replace(
        "    orders: orders.parquet", "    orders: orders.parquet\n    sessions: missing.parquet"), encoding="utf-8")
    kpi = _review(spec, "--as-of", "2026-06-30")["kpis"][0]
    assert kpi["current"]["period"] == "2026-01-01..2026-06-15"


def test_a_weekday_shop_exported_on_a_monday_ends_there(tmp_path):
    # orders Monday to Friday: weekends are 2 quiet days; active on 261 of the last 365 days (71.5 %), 15 days
    # without any after Monday 15 June would come by chance (104/365)^15 of the time, under 0.1 %
    spec = _write(tmp_path, date(2026, 6, 15), keep=lambda d: d.weekday() < 5)
    kpi = _review(spec, "--as-of", "2026-06-30")["kpis"][0]
    assert kpi["current"]["period"] == "2026-01-01..2026-06-15"
    assert ("After 15 Jun 2026 the data has no order, session or e-mail event for the 15 days left in its month: it "
            "was never more than 2 days without before, and with activity on 71.5% of its last 365 days, such "
            "a run would come by chance under 0.10% of the time (under 5%): the data is taken to end there, not "
            "the shop's activity.") in kpi["reasons"]


def test_a_weekly_shop_quiet_at_the_end_of_june_keeps_its_month(tmp_path):
    # orders on Mondays only (6 quiet days a week), the last on Monday 22 June: 8 days without orders are more
    # than ever before, but active on 53 of the last 365 days (14.5 %), they come by chance (312/365)^8 = 28.5 %
    # of the time: a quiet end
    spec = _write(tmp_path, date(2026, 6, 22), keep=lambda d: d.weekday() == 0)
    kpi = _review(spec, "--as-of", "2026-06-30")["kpis"][0]
    assert kpi["current"]["period"] == "2026-H1"
    assert ("The data's last day is 22 Jun 2026: the 8 days left in its month count as days without activity in "
            "H1 2026, as with activity on 14.5% of its last 365 days, such a run comes by chance 28.5% of the "
            "time.") in kpi["reasons"]


def test_the_company_is_compared_over_the_covered_days_of_a_forced_month(exported):
    # June 2026 has 15 days of data (16,500 EUR); the same 15 days 52 weeks before made 15,000: +10 %, not the
    # -45 % of half a month against a whole one
    data = _review(exported, "--period", "2026-06")
    revenue = next(m for m in data["company"]["metrics"] if m["metric"] == "revenue")
    assert (revenue["period"], revenue["baseline_period"]) == ("2026-06-01..2026-06-15", "2025-06-02..2025-06-16")
    assert (revenue["current"], revenue["baseline"]) == (pytest.approx(16_500), pytest.approx(15_000))
    assert data["company"]["better_off"] == "yes"
    assert ("The data ends on 15 Jun 2026, before the end of June 2026: the company's metrics are compared over "
            "1–15 Jun 2026, the part the data covers.") in data["company"]["reasons"]


def test_a_year_before_a_range_has_the_same_length():
    from kpiguard.review.windows import year_before
    from kpiguard.spec.periods import parse_period

    days = year_before(parse_period("2026-06-01..2026-06-15"))
    assert (days.start, days.end) == (date(2025, 6, 2), date(2025, 6, 17))  # 15 days, 52 weeks before
    months = year_before(parse_period("2026-Q2"))
    assert (months.start, months.end) == (date(2025, 4, 1), date(2025, 7, 1))


def test_cadence_factor_counts_months_by_their_days():
    from kpiguard.review.windows import cadence_factor
    from kpiguard.spec.periods import parse_period

    assert cadence_factor(parse_period("2026-06-01..2026-06-15"), "month") == pytest.approx(0.5)
    assert cadence_factor(parse_period("2026-04-01..2026-06-15"), None) == pytest.approx(2.5)
    assert cadence_factor(parse_period("2026-Q2"), "month") == pytest.approx(3)
    assert cadence_factor(parse_period("2026-06"), "month") is None
    # a month's window that ends at a horizon on the 20th runs from the 21st a month before: one month
    assert cadence_factor(parse_period("2026-05-21..2026-06-20"), "month") is None
    assert cadence_factor(parse_period("2026-02-16..2026-02-18"), "week") == pytest.approx(3 / 7)


MONTHLY = """\
  - id: monthly-rev
    metric: revenue
    level: output
    cadence: month
    target: {to: TO}
"""


def test_a_monthly_target_without_baseline_is_scaled_to_the_days_the_data_covers(exported):
    # 15 days of June at 1,100 EUR a day = 16,500, against 32,000 a month: half of it (16,000) over half a
    # month. Read as a whole month's target, it was "missed" while the pace is 33,000 a month.
    spec = exported.parent / "monthly.yaml"
    spec.write_text(exported.read_text(encoding="utf-8") + MONTHLY.replace("TO", "32000"), encoding="utf-8")
    kpi = {k["id"]: k for k in _review(spec, "--as-of", "2026-06-30")["kpis"]}["monthly-rev"]
    assert kpi["current"]["period"] == "2026-06-01..2026-06-15"
    assert kpi["target"]["scaled_to"] == pytest.approx(16_000) and kpi["target"]["scale"] == pytest.approx(0.5)
    assert kpi["verdict"] == "healthy_success"
    assert ("The KPI has no baseline period, so its target is for a month, its cadence: over 1–15 Jun 2026, "
            "0.5 times as long, it is €16.0k.") in kpi["reasons"]
    assert ("Le KPI n'a pas de période de référence, sa cible vaut donc pour un mois, sa cadence : sur "
            "la période du 1er au 15\u00a0juin 2026, 0,5 fois cette durée, elle vaut 16,0\u00a0k€.") in kpi["reasons_i18n"]["fr"]


def test_a_monthly_target_without_baseline_is_scaled_to_a_forced_quarter(tmp_path):
    # 2026-Q2: 91 days at 1,100 EUR = 100,100, short of 3 x 35,000 = 105,000 (33,000 a month is short of 35,000);
    # against one month's 35,000 it was a success
    spec = _write(tmp_path, date(2026, 6, 30))
    spec.write_text(spec.read_text(encoding="utf-8") + MONTHLY.replace("TO", "35000"), encoding="utf-8")
    kpi = {k["id"]: k for k in _review(spec, "--period", "2026-Q2")["kpis"]}["monthly-rev"]
    assert kpi["current"]["value"] == pytest.approx(100_100)
    assert kpi["target"]["scaled_to"] == pytest.approx(105_000)
    assert kpi["verdict"] == "missed"


def test_without_activity_tables_the_data_covers_its_last_month(tmp_path):
    # only customers (sign-ups every day to June 15): no orders, sessions or e-mails to weigh the quiet days by,
    # so the rule of the data's last month stands (nothing is cut, nothing is claimed about quiet runs)
    import pyarrow as pa
    import pyarrow.parquet as pq

    days = _days(date(2026, 1, 1), date(2026, 6, 15))
    pq.write_table(pa.table({"customer_id": [f"c{i}" for i in range(len(days))],
                             "created_at": [datetime(d.year, d.month, d.day, 9) for d in days]}),
                   tmp_path / "customers.parquet")
    spec = tmp_path / "kpis.yaml"
    spec.write_text("""\
version: 1
timezone: UTC
data:
  tables:
    customers: customers.parquet
metrics:
  signups:
    type: simple
    table: customers
    measure: count(customer_id)
    kind: count
kpis:
  - id: signups
    metric: signups
    cadence: month
    target: {to: 30}
""", encoding="utf-8")
    kpi = _review(spec, "--as-of", "2026-06-30")["kpis"][0]
    assert kpi["current"]["period"] == "2026-06"
    assert not any("days left in its month" in r for r in kpi["reasons"])


def test_a_baseline_the_data_starts_inside_of_does_not_replace_the_declared_from(tmp_path):
    # orders from 2025-04-01 only: 2025-H1 measures 91,000 (April to June), not the 181,000 the spec declares for
    # the whole half-year. Progress from the declared FROM: (199,100 - 181,000) / (220,000 - 181,000) = 46 %,
    # short of the 66 % due; from the partial 91,000 it read 84 %, on track.
    spec = _write(tmp_path, date(2026, 6, 30), keep=lambda d: d >= date(2025, 4, 1))
    spec.write_text(spec.read_text(encoding="utf-8").replace("to: 200000", "to: 220000"), encoding="utf-8")
    kpi = _review(spec, "--as-of", "2026-06-30")["kpis"][0]
    assert kpi["current"]["value"] == pytest.approx(199_100)
    assert kpi["attainment"] == pytest.approx(18_100 / 39_000)
    assert kpi["verdict"] == "off_track"
    assert ("The data starts on 1 Apr 2025, after the start of H1 2025: the value of H1 2025 covers only part of the "
            "period.") in kpi["reasons"]


def test_the_series_reads_a_mid_month_export_as_part_of_a_month(exported):
    # data exported on June 15, reviewed as of June 30: June has 15 days of 1,100 EUR, marked as such; drawn as a
    # whole month it was a fall by half, and the 6-month total ending on it (series_rolling) one month short
    kpi = _review(exported, "--as-of", "2026-06-30")["kpis"][0]
    june, may = kpi["series"][-1], kpi["series"][-2]
    assert (june["period"], june["value"], june["partial"], june["covered_to"]) == (
        "2026-06-01..2026-06-15", pytest.approx(15 * 1_100), True, "2026-06-15")
    assert (may["period"], may["partial"], may["covered_to"]) == ("2026-05", False, None)
    assert kpi["series_rolling"]["months"] == 6
    assert kpi["series_rolling"]["values"][-1]["date"] == "2026-05-31"


WEEKLY = """\
  - id: weekly-rev
    metric: revenue
    level: output
    baseline: 2026-W02
    target: {to: 8000}
"""


def test_the_series_reads_no_day_after_the_as_of_date(tmp_path):
    # data through June 30, reviewed as of June 15: a weekly KPI's chart reaches June, whose point is June 1-15
    # (the days after the as-of date are not the review's), marked partial
    spec = _write(tmp_path, date(2026, 6, 30))
    spec.write_text(spec.read_text(encoding="utf-8") + WEEKLY, encoding="utf-8")
    kpi = {k["id"]: k for k in _review(spec, "--as-of", "2026-06-15")["kpis"]}["weekly-rev"]
    june = kpi["series"][-1]
    assert (june["period"], june["value"], june["covered_to"]) == (
        "2026-06-01..2026-06-15", pytest.approx(15 * 1_100), "2026-06-15")


def test_whole_months_are_not_partial(exported):
    kpi = _review(exported)["kpis"][0]  # as of the data's last day, June 15: the series ends with May
    assert kpi["series"][-1]["period"] == "2026-05"
    assert not any(p["partial"] for p in kpi["series"])


SEASONAL = """\
  - id: seasonal-rev
    metric: revenue
    level: output
    seasonal: true
    baseline: 2025
    target: {from: 365000, to: 800000, by: 2027-06-30}
"""


def test_a_month_read_in_part_weighs_no_seasonal_pace(exported):
    # June 2026 holds 15 days of the export: as last year's weight of June 2027 it would count half a June; the
    # seasonal pace needs every month of last year whole, so the pace is linear and says so
    spec = exported.parent / "seasonal.yaml"
    spec.write_text(exported.read_text(encoding="utf-8") + SEASONAL, encoding="utf-8")
    kpi = {k["id"]: k for k in _review(spec, "--as-of", "2026-06-30")["kpis"]}["seasonal-rev"]
    assert kpi["progress_basis"] == "linear"


def _every_third_day_from(first: date):
    return lambda d: d >= first and (d - first).days % 3 == 0


def test_a_sparse_shop_whose_first_order_comes_on_the_4th_covers_its_first_month():
    # an order every third day from January 4: no order on January 1-3 is a quiet start, as each gap of 2 days
    # after it; at 1 active day in 3 over its first 365 days, 3 days without any come (2/3)^3 = 30 % of the time
    days = _days(date(2025, 1, 1), date(2026, 6, 30), _every_third_day_from(date(2025, 1, 4)))
    begin = beginning(days, date(2025, 1, 4))
    assert (begin.leading, begin.longest, begin.span) == (3, 2, 365)
    assert begin.chance == pytest.approx((1 - 122 / 365) ** 3)
    assert begin.quiet_start and begin.since == date(2025, 1, 1)


def test_a_daily_shop_whose_data_starts_on_the_4th_starts_there():
    begin = beginning(_days(date(2025, 1, 4), date(2026, 6, 30)), date(2025, 1, 4))
    assert (begin.leading, begin.longest, begin.chance, begin.quiet_start) == (3, 0, 0.0, False)
    assert begin.since == date(2025, 1, 4)


def test_no_false_late_start_on_a_sparse_shop(tmp_path):
    # the review said "The data starts on 4 Jan 2025, after the start of 2025-H1: the value of 2025-H1 covers
    # only part of the period" of a shop that simply had no order on January 1-3
    spec = _write(tmp_path, date(2026, 6, 30), keep=_every_third_day_from(date(2025, 1, 4)))
    data = _review(spec, "--as-of", "2026-06-30")
    kpi = data["kpis"][0]
    assert kpi["baseline"]["period"] == "2025-H1"
    assert not any("after the start of" in r for r in kpi["reasons"])
    assert ("The data's first day is 4 Jan 2025: the 3 days before it in its month count as days without activity "
            "in H1 2025, as with activity on 33.4% of its first 365 days, such a run comes by chance 29.5% of the "
            "time.") in kpi["reasons"]
    assert any(r.startswith("Le premier jour des données est le 4\u00a0janvier 2025 : les 3 jours qui le précèdent")
               for r in kpi["reasons_i18n"]["fr"])
    # the company's first quarter is compared with the same quarter a year before, which the data covers (it was
    # compared with 2025-Q4, as if 2025-Q1 were not in the data)
    company = _review(spec, "--as-of", "2026-03-31")["company"]
    assert company["year_over_year"] is True and company["baseline_period"]["label"] == "2025-Q1"


def test_a_daily_shop_whose_export_starts_on_the_4th_still_says_so(tmp_path):
    spec = _write(tmp_path, date(2026, 6, 30), keep=lambda d: d >= date(2025, 1, 4))
    kpi = _review(spec, "--as-of", "2026-06-30")["kpis"][0]
    assert ("The data starts on 4 Jan 2025, after the start of H1 2025: the value of H1 2025 covers only part of the "
            "period.") in kpi["reasons"]
    assert ("Before 4 Jan 2025 the data has no order, session or e-mail event for the 3 days of its month, when it "
            "has some every day after: the data is taken to begin there, not the shop's activity.") in kpi["reasons"]


@pytest.fixture(scope="module")
def begun_mid_march(tmp_path_factory):
    """A daily shop whose export begins on 15 Mar 2025, with a guardrail on a sum (orders) and one on a level."""
    spec = _write(tmp_path_factory.mktemp("begun-mid-march"), date(2026, 6, 30), keep=lambda d: d >= date(2025, 3, 15))
    spec.write_text(spec.read_text(encoding="utf-8") + "    guardrails:\n      - metric: orders\n"
                    "        max_decrease: 5%\n      - metric: aov\n        max_decrease: 5%\n", encoding="utf-8")
    return _review(spec, "--as-of", "2026-06-30")


def test_the_month_the_data_begins_inside_of_is_a_part_of_a_month(begun_mid_march):
    series = begun_mid_march["kpis"][0]["series"]
    first = next(p for p in series if p["value"] is not None and p["value"] > 0)
    # March 2025 has 17 days of 1,000 EUR, said as such; read as a month it was a low start (17,000 vs 31,000)
    assert (first["period"], first["value"]) == ("2025-03-15..2025-03-31", 17_000)
    assert (first["partial"], first["covered_from"], first["covered_to"]) == (True, "2025-03-15", "2025-03-31")
    assert [p["partial"] for p in series if p["start"] > "2025-04"] == [False] * 15
    # no 6-month total takes half a March: the first is April to September 2025 (183 days of 1,000 EUR)
    rolling = begun_mid_march["kpis"][0]["series_rolling"]
    assert rolling["months"] == 6
    assert rolling["values"][0] == {"date": "2025-09-30", "value": pytest.approx(183_000)}


def test_a_guardrail_on_a_sum_is_not_held_against_part_of_its_baseline(begun_mid_march):
    # 2025-H1 has 108 days of orders (from March 15), 2026-H1 181: "orders may fall by 5 % at most" held by +68 %,
    # a comparison of 3.5 months with 6; a level (the average order) compares over the days it has
    orders, aov = begun_mid_march["kpis"][0]["guardrails"]
    assert orders["status"] == "not_evaluable"
    assert orders["reason"] == ("Orders cannot be evaluated: the data begins on 15 Mar 2025, inside H1 2025: a sum "
                                "over the part of H1 2025 it covers is no match for a whole period (choose a baseline "
                                "the data covers)")
    assert orders["reason_i18n"]["fr"].startswith("Commandes n'est pas évaluable : les données commencent le "
                                                   "15\u00a0mars 2025, au cours du S1 2025")
    assert aov["status"] == "ok"


def test_the_company_does_not_compare_a_whole_quarter_with_the_weeks_of_one_the_data_begins_inside_of(tmp_path):
    # a daily shop exported from 15 Aug 2026, reviewed at the end of 2026: 2026-Q4 (92 days) against the 47 days of
    # 2026-Q3 read "Revenue +96 %, better off: yes"; the quarter before is not in the data, so no answer
    spec = _write(tmp_path, date(2026, 12, 31), keep=lambda d: d >= date(2026, 8, 15))
    company = _review(spec, "--as-of", "2026-12-31")["company"]
    revenue = next(m for m in company["metrics"] if m["metric"] == "revenue")
    assert (revenue["current"], revenue["baseline"], revenue["signal"]) == (92 * 1_100, None, "unknown")
    assert company["better_off"] == "unclear"
    assert ("Revenue: not available over Q3 2026 (the data begins on 15 Aug 2026, inside it: a sum over part of a "
            "period is no match for a whole one).") in company["reasons"]
    assert ("Chiffre d'affaires : non disponible sur le T3 2026 (les données commencent le 15\u00a0août 2026, en cours de "
            "période : une somme sur une partie de période ne se compare pas à une période entière).") \
        in company["reasons_i18n"]["fr"]


def test_two_months_without_any_activity_inside_the_data_are_said(tmp_path):
    # a daily shop whose export lost March and April 2026: 2026-H1 summed 4 months as if the shop had been closed
    # for two, and nothing said so
    spec = _write(tmp_path, date(2026, 6, 30), keep=lambda d: not date(2026, 3, 1) <= d < date(2026, 5, 1))
    data = _review(spec, "--as-of", "2026-06-30")
    assert data["kpis"][0]["current"]["value"] == pytest.approx((181 - 61) * 1_100)
    (warning,) = data["data"]["warnings"]
    assert warning == ("The orders have no row from 1 Mar 2026 to 30 Apr 2026 (61 days in a row), when there are "
                       "orders on 88.8% of their 546 days: a run that long would come by chance under 5% of the "
                       "time. If the export misses those days, every sum over Q1 2026, H1 2026, Q2 2026 is short of "
                       "them; if the shop was closed, the numbers stand (a period with no data at all is reported as "
                       "empty, not as zero).")
    assert data["data"]["warnings_i18n"]["fr"][0].startswith(
        "Les commandes n'ont aucune ligne du 1er\u00a0mars 2026 au 30\u00a0avril 2026 (61 jours de suite)")
    # past the data's last day, the days of every activity table are read anyway: a gap in all of them
    past = _review(spec, "--as-of", "2026-07-31")["data"]["warnings"]
    assert [w[:118] for w in past] == ["The data has no order, session or e-mail event from 1 Mar 2026 to 30 Apr "
                                       "2026 (61 days in a row), when it has activity"]


def test_quiet_runs_at_a_sparse_shops_pace_are_no_gap():
    # an order every third day, one on Mondays only, a weekday shop (weekends and a 4-day Easter): their quiet runs
    # come at their pace; a daily shop that misses a single day is no gap either
    assert gaps(_days(date(2025, 1, 4), date(2026, 6, 30), _every_third_day_from(date(2025, 1, 4)))) == []
    assert gaps(_days(date(2025, 1, 6), date(2026, 6, 29), lambda d: d.weekday() == 0)) == []
    easter = {date(2025, 4, 18), date(2025, 4, 21)}
    assert gaps(_days(date(2025, 1, 1), date(2026, 6, 30), lambda d: d.weekday() < 5 and d not in easter)) == []
    assert gaps(_days(date(2025, 1, 1), date(2026, 6, 30), lambda d: d != date(2025, 12, 25))) == []
    (gap,) = gaps(_days(date(2025, 1, 1), date(2026, 6, 30), lambda d: d.month != 8 or d.year != 2025))
    assert (gap.start, gap.end, gap.days) == (date(2025, 8, 1), date(2025, 8, 31), 31)


def test_active_days_of_instants_are_local_days(tmp_path):
    # instants read through their UTC quarter hours, then dated in the spec's zone: 18:10 UTC is 23:55 in
    # Kathmandu (+5:45), still March 31; 18:15 UTC is already April 1 there, and 23:30 UTC too
    import pyarrow as pa
    import pyarrow.parquet as pq

    from kpiguard.metrics import activity_days
    from kpiguard.spec import load_spec

    times = [datetime(2025, 3, 31, 18, 10), datetime(2025, 3, 31, 18, 15), datetime(2025, 3, 31, 23, 30)]
    pq.write_table(pa.table({"order_id": ["a", "b", "c"], "ordered_at": pa.array(times, pa.timestamp("us", "UTC")),
                             "revenue": [1.0, 2.0, 3.0], "status": ["completed"] * 3}), tmp_path / "orders.parquet")
    spec = tmp_path / "kpis.yaml"
    spec.write_text(SPEC.format(tables="    orders: orders.parquet").replace("timezone: UTC",
                                                                           "timezone: Asia/Kathmandu"),
                    encoding="utf-8")
    assert activity_days(load_spec(spec)) == [date(2025, 3, 31), date(2025, 4, 1)]


def test_data_that_begins_and_ends_inside_one_month_is_read_over_those_days(tmp_path):
    spec = _write(tmp_path, date(2026, 6, 20), keep=lambda d: d >= date(2026, 6, 10))
    series = _review(spec, "--as-of", "2026-06-30")["kpis"][0]["series"]
    (june,) = [p for p in series if p["value"]]
    assert (june["period"], june["value"], june["covered_from"], june["covered_to"]) == \
        ("2026-06-10..2026-06-20", 11 * 1_100, "2026-06-10", "2026-06-20")


def test_one_quiet_day_at_either_end_is_said_in_the_singular(tmp_path):
    """Orders on Mondays, and on Thursday 2 Jan 2025, the first day of the data; the last is on Monday 29 June
    2026. One quiet day before the first and one after the last read 'the 1 days left in its month', in both
    languages."""
    spec = _write(tmp_path, date(2026, 6, 29), keep=lambda d: d.weekday() == 0 or d == date(2025, 1, 2))
    kpi = _review(spec, "--as-of", "2026-06-30")["kpis"][0]
    assert ("The data's last day is 29 Jun 2026: the day left in its month counts as a day without activity in "
            "H1 2026, as the data had quiet runs as long before (up to 6 days in a row).") in kpi["reasons"]
    assert ("Le dernier jour des données est le 29 juin 2026 : le jour restant du mois compte comme un jour sans "
            "activité sur le S1 2026, les données ayant déjà eu des périodes calmes aussi longues (jusqu'à 6 jours de "
            "suite).") in [r.replace("\u00a0", " ").replace("\u202f", " ") for r in kpi["reasons_i18n"]["fr"]]
    assert any(r.startswith("The data's first day is 2 Jan 2025: the day before it in its month counts as a day "
                            "without activity in H1 2025") for r in kpi["reasons"])


def test_a_sum_over_a_window_the_data_starts_inside_of_is_not_judged_against_the_whole_target(tmp_path):
    # orders from 2025-06-01 only, reviewed on 2026-03-15: the KPI's 12-month window (Mar 2025 - Feb 2026) holds
    # 214 days of 1,000 EUR and 59 of 1,100 EUR = 278,900, nine months of twelve. Judged against a FROM of 365,000
    # and a TO of 400,000 for the whole year, it read "-246% of the way", off track: a confident answer on a third
    # of the window missing.
    spec = _write(tmp_path, date(2026, 3, 15), keep=lambda d: d >= date(2025, 6, 1))
    spec.write_text(spec.read_text(encoding="utf-8").replace("baseline: 2025-H1", "baseline: 2025")
                    .replace("from: 181000, to: 200000", "from: 365000, to: 400000"), encoding="utf-8")
    kpi = _review(spec, "--as-of", "2026-03-15")["kpis"][0]
    assert kpi["current"]["period"] == "2025-03..2026-02"
    assert kpi["current"]["value"] == pytest.approx(278_900)
    assert kpi["verdict"] == "not_evaluable"
    assert kpi["attainment"] is None
    assert kpi["reasons"][0] == (
        "Revenue cannot be judged on Mar 2025 – Feb 2026: the data starts on 1 Jun 2025, so its value covers only "
        "part of the window while the target is for all of it. Review once the data covers the window, or ask for "
        "a period it covers (--period).")
    assert kpi["reasons_i18n"]["fr"][0].startswith("Chiffre d'affaires ne peut pas être jugé sur")
    # a window the data covers is judged: February 2026 (30,800) against the target scaled to 28 days of 365
    # (30,685), from the declared FROM scaled alike (28,000)
    february = _review(spec, "--period", "2026-02")["kpis"][0]
    assert february["verdict"] == "healthy_success"
    assert february["attainment"] == pytest.approx((30_800 - 365_000 * 28 / 365) / (35_000 * 28 / 365))
