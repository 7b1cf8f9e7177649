"""A month the data (or the as-of date) ends inside of: the report does not draw half a month as a month."""

from __future__ import annotations

import pytest

from kpiguard.report import build_view
from kpiguard.report.charts import render_chart

from .fixture import review_fixture


def _card(view, kpi_id):
    return next(c for c in view["kpis"] if c["id"] == kpi_id)


def _cut_june(kpi: dict, key: str = "series") -> None:
    """The review's JSON for data exported on June 15: June read from the 1st to the 15th, marked partial."""
    last = kpi[key][-1]
    last.update(period="2026-06-01..2026-06-15", value=last["value"] / 2, partial=True, covered_to="2026-06-15")


def test_a_partial_month_of_a_sum_is_left_off_the_line_and_given_in_the_table():
    review = review_fixture("en")
    kpi = review["kpis"][4]  # gross-margin: a sum
    kpi["series_rolling"] = None  # the review drew no rolling total: months as they are
    _cut_june(kpi)
    trajectory = _card(build_view(review, "en"), "gross-margin")["trajectory"]
    assert trajectory["series_label"] == "Actual, per month"
    assert trajectory["series"][-1]["date"] == "2026-05-01"  # no half-June fall on the line
    assert trajectory["table"][-1]["month"] == "Jun 2026 (to 15 Jun 2026, partial)"
    assert trajectory["table"][-1]["target"] == ""
    note = ("Jun 2026 counts only its days up to 15 Jun 2026 (the data or the as-of date ends there): it is left "
            "off the line, where part of a month would look like a fall.")
    assert trajectory["partial_note"] == note and trajectory["desc"].endswith(note)
    fr = _card(build_view(review, "fr"), "gross-margin")["trajectory"]
    assert fr["table"][-1]["month"] == "juin 2026 (jusqu'au 15\u00a0juin 2026, partiel)"
    assert "juin 2026 ne compte que ses jours jusqu'au 15\u00a0juin 2026" in fr["desc"]


def test_a_partial_month_is_no_month_of_a_rolling_total():
    review = review_fixture("en")
    kpi = review["kpis"][1]  # email-revenue: a yearly amount, drawn as 12-month totals
    _cut_june(kpi)
    trajectory = _card(build_view(review, "en"), "email-revenue")["trajectory"]
    assert trajectory["series_label"] == "Actual, rolling 12 months"
    assert trajectory["series"][-1]["date"] == "2026-05-31"  # not an 11.5-month total dated June 30
    assert "no rolling total ends on it" in trajectory["partial_note"]


def test_a_partial_month_of_a_rate_is_drawn_hollow_at_the_end_of_a_dashed_stroke():
    review = review_fixture("en")
    _cut_june(review["kpis"][0])  # email-share: a rate keeps its scale over half a month
    trajectory = _card(build_view(review, "en"), "email-share")["trajectory"]
    assert trajectory["series"][-1]["partial"] == "2026-06-15"
    svg = render_chart(trajectory, "en")
    assert svg.count('class="partial"') == 1 and 'stroke-dasharray="3 3"' in svg
    assert "its point is hollow" in svg  # in the chart's description


def test_a_partial_month_of_a_guardrail():
    review = review_fixture("en")
    kpi = review["kpis"][1]
    for name in ("revenue", "email_open_rate"):
        _cut_june(kpi["guardrail_series"], name)
    guards = {g["metric"]: g["chart"] for g in _card(build_view(review, "en"), "email-revenue")["guardrails"]}
    assert guards["revenue"]["series"][-1]["date"] == "2026-05-31"
    assert guards["revenue"]["partial_note"] and guards["revenue"]["desc"].endswith(guards["revenue"]["partial_note"])
    assert guards["email_open_rate"]["series"][-1]["partial"] == "2026-06-15"
    assert 'class="partial"' in render_chart(guards["email_open_rate"], "en")
    assert guards["email_unsubscribe_rate"]["partial_note"] == ""


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_whole_months_draw_no_note(lang):
    view = build_view(review_fixture(lang), lang)
    assert all(not c["trajectory"]["partial_note"] for c in view["kpis"])
    assert all('class="partial"' not in render_chart(c["trajectory"], lang) for c in view["kpis"])


def _begin_mid_month(kpi: dict, key: str = "series") -> dict:
    """The review's JSON for data whose export begins on 15 Jan 2025: January is read from the 15th, marked
    partial with covered_from."""
    first = kpi[key][0]
    first.update(period="2025-01-15..2025-01-31", start="2025-01-15", value=first["value"] / 2, partial=True,
                 covered_from="2025-01-15", covered_to="2025-01-31")
    return first


def test_the_month_the_data_begins_inside_of_is_said_and_not_drawn_as_a_month():
    review = review_fixture("en")
    first = _begin_mid_month(review["kpis"][4])  # gross-margin: a sum, drawn per month
    review["kpis"][4]["series_rolling"] = None
    trajectory = _card(build_view(review, "en"), "gross-margin")["trajectory"]
    assert trajectory["series"][0]["date"] != first["start"]  # no half-month "low start" on the line
    assert trajectory["table"][0]["month"] == "Jan 2025 (from 15 Jan 2025, partial)"
    note = ("Jan 2025 counts only its days from 15 Jan 2025 (the data begins there): it is left off the line, where "
            "part of a month would look like a low start.")
    assert trajectory["partial_note"] == note and trajectory["desc"].endswith(note)
    fr = _card(build_view(review, "fr"), "gross-margin")["trajectory"]
    assert fr["table"][0]["month"] == "janv. 2025 (à partir du 15\u00a0janvier 2025, partiel)"
    assert fr["partial_note"].startswith("janv. 2025 ne compte que ses jours à partir du 15\u00a0janvier 2025 (les données "
                                         "commencent là)")


def test_the_first_month_of_a_rate_read_in_part_is_hollow_at_the_start_of_a_dashed_stroke():
    review = review_fixture("en")
    first = _begin_mid_month(review["kpis"][0])  # email-share: a rate
    trajectory = _card(build_view(review, "en"), "email-share")["trajectory"]
    assert trajectory["series"][0] == {"date": "2025-01-15", "value": pytest.approx(first["value"]),
                                       "partial": True, "partial_from": "2025-01-15"}
    svg = render_chart(trajectory, "en")
    assert svg.count('class="partial"') == 1 and 'stroke-dasharray="3 3"' in svg
    assert "at the start of a dashed stroke" in svg
    guard = _begin_mid_month(review["kpis"][1]["guardrail_series"], "email_open_rate")
    chart = {g["metric"]: g["chart"] for g in _card(build_view(review, "en"), "email-revenue")["guardrails"]}
    svg = render_chart(chart["email_open_rate"], "en")
    assert chart["email_open_rate"]["series"][0]["partial_from"] == guard["start"] == "2025-01-15"
    assert svg.count('class="partial"') == 1 and 'stroke-dasharray="3 3"' in svg


def test_a_month_the_data_begins_and_ends_inside_of_says_both_days():
    review = review_fixture("en")
    kpi = review["kpis"][4]  # gross-margin: a sum
    kpi["series_rolling"] = None
    kpi["series"][-1].update(period="2026-06-10..2026-06-20", start="2026-06-10", partial=True,
                             covered_from="2026-06-10", covered_to="2026-06-20")
    trajectory = _card(build_view(review, "en"), "gross-margin")["trajectory"]
    assert trajectory["table"][-1]["month"] == "Jun 2026 (10 Jun 2026 to 20 Jun 2026, partial)"
    assert "counts only its days from 10 Jun 2026" in trajectory["partial_note"]
    assert "counts only its days up to 20 Jun 2026" in trajectory["partial_note"]
