"""Reports of specs and data unlike the demo's: a forced --period, tiny rates, negative money, currencies
written as codes, teams by name or none at all; and the same spec end to end on a small DuckDB shop."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest
from typer.testing import CliRunner

from kpiguard._numbers import MINUS, NBSP, NNBSP, format_compact, format_value
from kpiguard.cli import _register, app
from kpiguard.report import build_view, render_html
from kpiguard.report.charts import render_chart

from .fixture import review_fixture

_register()
runner = CliRunner()


def _card(view, kpi_id):
    return next(c for c in view["kpis"] if c["id"] == kpi_id)


def _forced_quarter(review):
    """email-revenue judged over a quarter (--period) against its yearly baseline: the review's scaling."""
    kpi = review["kpis"][1]
    kpi["baseline"].update(value=8.53e6 * 0.25, scaled=0.25, start="2025-01-01", end="2026-01-01")
    kpi["current"].update(period="2026-Q2", value=2.2e6, start="2026-04-01", end="2026-07-01")
    kpi["target"].update(scaled_from=2e6, scaled_to=2.5e6)
    return review


def test_under_a_forced_period_from_is_on_the_windows_scale_as_to():
    facts = {f["label"]: f for f in _card(build_view(_forced_quarter(review_fixture("en")), "en"),
                                          "email-revenue")["facts"]}
    # FROM 8M a year is 2M over the quarter; before, the card showed €8,000,000 beside a TO of €2,500,000
    assert facts["FROM (declared)"]["value"] == "€2,000,000 over Q2 2026"
    assert facts["FROM (declared)"]["note"] == "€8,000,000 over the baseline's length"
    assert facts["TO"]["value"] == "€2,500,000 over Q2 2026"
    assert facts["TO"]["note"] == "€10,000,000 over the baseline's length; by 31 Dec 2026"


def test_under_a_forced_period_the_chart_stays_on_the_baselines_scale():
    trajectory = _card(build_view(_forced_quarter(review_fixture("en")), "en"), "email-revenue")["trajectory"]
    # the yearly baseline as measured (not the quarter's 2.1M among rolling yearly totals), no quarter point
    assert trajectory["baseline"]["value"] == pytest.approx(8.53e6)
    assert trajectory["series_label"] == "Actual, rolling 12 months"
    assert trajectory["current"] is None
    assert "now €2,200,000" in trajectory["desc"]


def test_the_french_page_says_where_the_scaled_numbers_come_from():
    html = render_html(_forced_quarter(review_fixture("fr")), "fr")
    assert (f"2{NNBSP}000{NNBSP}000{NBSP}€ sur le T2 2026<span class=\"note\">8{NNBSP}000{NNBSP}000{NBSP}€ sur la "
            "durée de la référence</span>") in html


def test_owners_and_contributors_are_shown_by_their_team_name():
    review = review_fixture("en")
    review["spec"]["teams"] = {"crm": "CRM and loyalty", "product": {"name": "Product"}}
    view = build_view(review, "en")
    card = _card(view, "repurchase-90d")
    assert card["owner"] == "CRM and loyalty" and "Product" in card["contributors"]
    assert next(s for s in view["summary"] if s["id"] == "repurchase-90d")["owner"] == "CRM and loyalty"


def test_a_spec_without_teams_is_not_told_it_has_no_kpi():
    review = review_fixture("fr")
    for kpi in review["kpis"]:
        kpi.update(owner=None, contributors=[], visibility=[])
    html = render_html(review, "fr")
    team = html[html.index('<section id="team"'):html.index('<section id="findings"')]
    assert "La spec ne déclare aucun KPI" not in team
    assert "Aucun KPI ne nomme de responsable" in team


@pytest.mark.parametrize("value, text", [(0.0011, "0,0011"), (0.0061, "0,0061"), (0.349, "0,349"),
                                         (1.25, "1,25"), (12.34, "12,3")])
def test_small_plain_values_keep_their_digits(value, text):
    # a rate of refunds per session of 0.0011 was shown 0,00 next to a target of 0,00
    assert format_value(value, None, "fr") == text


def test_axis_labels_of_a_small_rate_differ():
    labels = [format_compact(v, None, "en") for v in (0, 0.0025, 0.005, 0.0075, 0.01)]
    assert labels == ["0", "0.0025", "0.005", "0.0075", "0.01"]


def test_compact_money_keeps_a_code_apart_from_the_number():
    assert format_compact(30_000, "{currency}", "fr", "CHF") == f"30{NBSP}k{NBSP}CHF"
    assert format_compact(-1_500, "{currency}", "en", "CHF") == f"{MINUS}CHF{NBSP}1.5k"
    assert format_compact(30_000, "{currency}", "fr", "EUR") == f"30{NBSP}k€"  # a sign sticks


def test_negative_axis_labels_fit_in_a_small_chart():
    spec = {"kind": "guardrail", "id": "g", "title": "Margin", "desc": "d", "unit": "{currency}", "tone": "bad",
            "series": [{"date": "2026-01-01", "value": -271e6}, {"date": "2026-02-01", "value": -374e6}],
            "baseline": -271e6, "current": -374e6, "threshold": -298e6, "bound": "lower"}
    svg = ET.fromstring(render_chart(spec, "fr", "GBP"))
    texts = [t for t in svg.iter("{http://www.w3.org/2000/svg}text") if t.get("text-anchor") == "end"]
    assert texts and all(t.text.startswith(MINUS) for t in texts)
    widest = max(len(t.text) for t in texts)
    # right-aligned at x: the label's estimated width (0.6 em a character, 11 px) stays inside the chart
    assert all(float(t.get("x")) - widest * 11 * 0.6 >= 0 for t in texts)


# ---- end to end: a small shop in a DuckDB file, a custom share without a unit --------------------------------

SPEC = """\
version: 1
name: Boutique de Genève
currency: CHF
data:
  tables: {orders: "shop.duckdb::orders"}
metrics:
  email_orders: {type: simple, table: orders, measure: count(*), filter: "utm_medium = 'email'"}
  all_orders: {type: simple, table: orders, measure: count(*)}
  email_order_share: {type: ratio, numerator: email_orders, denominator: all_orders}
kpis:
  - id: share
    statement: Faire un tiers des commandes via l'e-mail
    metric: email_order_share
    baseline: 2025-Q4
    target: {to: 0.5, by: 2026-12-31}
  - id: revenue
    metric: revenue
    baseline: 2025
    target: {from: 1200, to: 2400, by: 2026-12-31}
"""


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    import duckdb

    root = tmp_path_factory.mktemp("geneva")
    con = duckdb.connect(str(root / "shop.duckdb"))
    con.execute("create table orders(order_id varchar, customer_id varchar, ordered_at timestamp, "
                "revenue double, margin double, status varchar, utm_medium varchar)")
    rows = []
    # 2025: 3 orders of 100 CHF a month, 1 by e-mail (a third); 2026-01..06: 3 orders of 150, 2 by e-mail
    for year, months in ((2025, range(1, 13)), (2026, range(1, 7))):
        for month in months:
            for i in range(3):
                email = i < (1 if year == 2025 else 2)
                rows.append((f"o{year}{month:02d}{i}", f"c{year}{month}{i}", f"{year}-{month:02d}-{10 + i} 10:00:00",
                             100.0 if year == 2025 else 150.0, 30.0, "completed", "email" if email else None))
    con.executemany("insert into orders values (?, ?, ?, ?, ?, ?, ?)", rows)
    con.close()
    (root / "kpis.yaml").write_text(SPEC, encoding="utf-8")
    return root / "kpis.yaml"


def test_a_custom_share_of_counts_reads_as_a_percent_in_review_and_report(shop, tmp_path):
    result = runner.invoke(app, ["review", str(shop), "--as-of", "2026-06-30", "--format", "json"])
    assert result.exit_code == 0, result.output
    share = json.loads(result.stdout)["kpis"][0]
    assert share["unit"] == "%"
    assert share["baseline"]["value"] == pytest.approx(1 / 3) and share["current"]["value"] == pytest.approx(2 / 3)
    text = runner.invoke(app, ["review", str(shop), "--as-of", "2026-06-30", "--lang", "fr"]).stdout
    assert f"66,7{NBSP}%" in text and "0,667" not in text  # was 0,667 (and 0,333 for the baseline)
    out = tmp_path / "r.html"
    assert runner.invoke(app, ["report", str(shop), "--as-of", "2026-06-30", "--out", str(out),
                               "--lang", "fr"]).exit_code == 0
    card = out.read_text(encoding="utf-8")
    card = card[card.index('data-kpi="share"'):card.index('data-kpi="revenue"')]
    assert f"<dd>66,7{NBSP}%" in card and f"<dd>33,3{NBSP}%" in card


def test_a_report_under_a_forced_period_scales_from_and_to_alike(shop, tmp_path):
    out = tmp_path / "r.html"
    result = runner.invoke(app, ["report", str(shop), "--period", "2026-Q1", "--out", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    card = page[page.index('data-kpi="revenue"'):]
    # FROM 1,200 and TO 2,400 a year (2025) are 295.89 and 591.78 over the 90 days of 2026-Q1
    facts = dict(re.findall(r"<dt>([^<]*)</dt><dd>([^<]*)", card))
    assert facts["FROM (declared)"] == f"CHF{NBSP}295.89 (×0.247) over Q1 2026"
    assert facts["TO"] == f"CHF{NBSP}591.78 (×0.247) over Q1 2026"
    review = json.loads(runner.invoke(app, ["review", str(shop), "--period", "2026-Q1", "-f", "json"]).stdout)
    kpi = review["kpis"][1]
    assert kpi["target"]["scaled_from"] == pytest.approx(1200 * 90 / 365)
    # the FROM mismatch compares FROM with 2025 as measured (36 orders of 100), not as scaled to the quarter
    text = runner.invoke(app, ["review", str(shop), "--period", "2026-Q1"]).stdout
    # the text writes the amounts as the page does: `CHF 1,200.00`, not `1,200.00 CHF`
    assert f"The spec's FROM (CHF{NBSP}1,200.00) differs from the data over 2025 (CHF{NBSP}3,600.00, +200.0%)" in text


def test_a_quarterly_amount_of_a_noisy_series_is_drawn_as_rolling_quarters():
    # one big month elsewhere (a sale) makes the quarter's total only twice the monthly mean: before, the
    # quarterly FROM -> TO was drawn against single months, a third of its scale
    review = review_fixture("en")
    kpi = review["kpis"][1]
    for row in kpi["series"]:
        row["value"] = 1000.0 if row["start"] == "2025-06-01" else 100.0
    kpi["baseline"].update(period="2025-Q4", value=300.0, start="2025-10-01", end="2026-01-01")
    kpi["current"].update(period="2026-Q2", value=300.0, start="2026-04-01", end="2026-07-01")
    kpi["target"].update({"from": 300.0, "to": 450.0})
    trajectory = _card(build_view(review, "en"), "email-revenue")["trajectory"]
    assert trajectory["series_label"] == "Actual, rolling 3 months"
    assert {p["date"]: p["value"] for p in trajectory["series"]}["2025-12-31"] == 300.0


def test_a_guardrail_without_values_says_so_instead_of_a_blank_box():
    spec = {"kind": "guardrail", "id": "g", "title": "Unsubscribes", "desc": "d", "unit": "%", "tone": "neutral",
            "series": [], "baseline": None, "current": None, "threshold": None, "bound": "upper"}
    svg = ET.fromstring(render_chart(spec, "fr", "EUR"))
    assert [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")] == ["aucune donnée à tracer"]


@pytest.mark.parametrize("value, unit, lang, text", [
    (218, "orders", "fr", f"218{NBSP}commandes"),
    (1, "SKUs", "fr", f"1{NBSP}référence"),
    (0, "SKUs", "fr", f"0{NBSP}référence"),
    (1, "SKUs", "en", f"1{NBSP}SKU"),
    (0, "SKUs", "en", f"0{NBSP}SKUs"),
    (368, "visitors", "fr", f"368{NBSP}visiteurs"),
    (12, "tickets", "fr", f"12{NBSP}tickets"),  # a unit of the spec's own stays as written
])
def test_catalog_units_are_words_of_the_reader(value, unit, lang, text):
    from kpiguard.review.numbers import fmt_value

    assert format_value(value, unit, lang) == text  # the report
    assert fmt_value(value, unit, lang) == text  # the review's reasons: the same words, kept on one line


def test_long_segment_names_sharing_their_start_stay_apart():
    # campaigns named by a long common prefix were all cut to "newsletter_black_friday…"
    rows = [{"label": f"newsletter_black_friday_2025_relance_des_clients_inactifs_{name}", "change": change,
             "kind": "up", "text": "+1", "share": "50%", "detail": ""} for name, change in (("spring", 969.0), ("fall", 106.0))]
    svg = ET.fromstring(render_chart({"kind": "segments", "id": "s", "title": "t", "desc": "d",
                                      "unit": "{currency}", "rows": rows}, "en", "USD"))
    ns = "{http://www.w3.org/2000/svg}"
    labels = [t for t in svg.iter(f"{ns}text") if t.get("text-anchor") == "end"]
    shown = ["".join(t.itertext()).replace(t.find(f"{ns}title").text, "") for t in labels]
    assert len(set(shown)) == 2 and shown[0].endswith("spring") and shown[1].endswith("fall")
    assert all(len(text) <= 24 for text in shown)
    assert [t.find(f"{ns}title").text for t in labels] == [r["label"] for r in rows]  # the full name on hover


def test_the_now_point_sits_at_the_end_of_the_judged_window():
    # a 90-day cohort judged on 2026-03 (the last mature one) was drawn at the review date, 2026-06-30,
    # three months to the right of its own month on the line
    trajectory = _card(build_view(review_fixture("en"), "en"), "repurchase-90d")["trajectory"]
    # (on March's own point of the monthly line, dated by its first day)
    assert trajectory["current"]["date"] == "2026-03-01"
    assert "2026-03-01" in [p["date"] for p in trajectory["series"]]


def test_the_company_card_shows_millions_at_a_glance():
    review = review_fixture("fr")
    review["spec"]["currency"] = "GBP"
    review["company"]["metrics"] = [{"metric": "margin", "label": "Marge brute", "unit": "GBP",
                                     "baseline": -60_304_832.0, "current": -131_541_916.0, "change": -1.181,
                                     "direction": "up"}]
    number = build_view(review, "fr")["answer"]["numbers"][0]
    # was "−60 304 832 £ → −131 541 916 £"; now as the company's reasons write them
    assert (number["baseline"], number["current"]) == (f"{MINUS}60,30{NBSP}M£", f"{MINUS}131,54{NBSP}M£")
    from kpiguard.review.numbers import fmt_value

    assert fmt_value(-131_541_916.0, "GBP", "fr") == number["current"]


def test_under_a_forced_period_an_additive_guardrail_is_drawn_on_the_windows_length():
    # the review scales the guardrail's baseline and limit to the quarter: its line must be quarterly too
    # (monthly values of 3M sat far above a quarterly limit of 12M and read as safe while it was breached)
    review = _forced_quarter(review_fixture("en"))
    guard = review["kpis"][1]["guardrails"][2]
    guard.update(baseline=48.3e6 * 0.25, current=3.1e6 + 2.9e6 + 2.65e6)
    chart = _card(build_view(review, "en"), "email-revenue")["guardrails"][2]["chart"]
    assert chart["series_label"] == ("Actual, rolling 3 months (the length of Q2 2026; baseline and limit scaled "
                                     "to it)")
    assert chart["series"][-1] == {"date": "2026-06-30", "value": pytest.approx(8.65e6)}
    assert chart["threshold"] == pytest.approx(48.3e6 * 0.25)


def test_a_window_the_data_cuts_inside_a_month_draws_its_guardrail_on_the_baselines_length():
    # the data ends on 15 Jun 2026: 2026-01-01..2026-06-15, 166 days, is judged against 2025 scaled by 166/365.
    # The chart drew 5-month totals ("rolling 5 months") under a baseline and a limit scaled to 5.5 months, so
    # the line sat a month's revenue below its limit; now 12-month totals against 2025 and its limit as they are
    review = review_fixture("en")
    kpi, scale = review["kpis"][1], 166 / 365
    kpi["baseline"].update(value=8.53e6 * scale, scaled=scale, start="2025-01-01", end="2026-01-01")
    kpi["current"].update(period="2026-01-01..2026-06-15", start="2026-01-01", end="2026-06-16")
    guard = kpi["guardrails"][2]
    guard.update(baseline=48.3e6 * scale, limit=48.3e6 * scale, current=3.6e6 + 3.4e6 + 3.3e6 + 3.1e6 + 2.9e6 + 1.3e6)
    june = kpi["guardrail_series"]["revenue"][-1]
    june.update(period="2026-06-01..2026-06-15", value=1.3e6, partial=True, covered_to="2026-06-15")
    for lang in ("en", "fr"):
        chart = _card(build_view(review, lang), "email-revenue")["guardrails"][2]["chart"]
        assert chart["series"][-1] == {"date": "2026-05-31", "value": pytest.approx(45.2e6)}  # Jun 2025..May 2026
        assert chart["baseline"] == pytest.approx(48.3e6) and chart["threshold"] == pytest.approx(48.3e6)
        assert chart["current"] is None
    assert chart["series_label"] == ("Réel, cumul glissant sur 12 mois (la durée de la référence, référence et limite "
                                     "non ramenées : la période du 1er\u00a0janvier au 15\u00a0juin 2026 ne compte pas que des mois entiers)")
    chart = _card(build_view(review, "en"), "email-revenue")["guardrails"][2]["chart"]
    assert chart["series_label"] == ("Actual, rolling 12 months (the baseline's length, baseline and limit unscaled: "
                                     "1 Jan – 15 Jun 2026 is not whole months)")


def test_a_window_of_whole_months_says_its_rolling_line_is_on_the_windows_length():
    review = _forced_quarter(review_fixture("fr"))
    review["kpis"][1]["guardrails"][2].update(baseline=48.3e6 * 0.25, current=3.1e6 + 2.9e6 + 2.65e6)
    chart = _card(build_view(review, "fr"), "email-revenue")["guardrails"][2]["chart"]
    assert chart["series_label"] == ("Réel, cumul glissant sur 3 mois (la durée du T2 2026 ; référence et limite "
                                     "ramenées à elle)")


def test_values_scaled_to_a_forced_period_are_marked_alike_in_every_format(shop):
    """--period 2026-Q1 against a yearly baseline: the baseline, the TO and a guardrail's baseline are the year's
    values times 90/365; text, Markdown, HTML and JSON all say so with the same factor, not as plain values."""
    spec = shop.parent / "guarded.yaml"
    spec.write_text(SPEC + "    guardrails:\n      - metric: orders\n        max_decrease: 10%\n", encoding="utf-8")
    args = ["review", str(spec), "--period", "2026-Q1"]
    text = runner.invoke(app, args).stdout
    # 2025: 3,600 CHF and 36 orders; over the 90 days of 2026-Q1: 887.67 CHF and 8.88 orders (x 0.247)
    row = next(line for line in text.splitlines() if line.startswith("revenue "))
    assert f"CHF{NBSP}887.67 (×0.247)" in row and f"CHF{NBSP}591.78 (×0.247)" in row
    markdown = runner.invoke(app, [*args, "-f", "md"]).stdout
    row = next(line for line in markdown.splitlines() if line.startswith("| `revenue`"))
    assert f"| CHF{NBSP}887.67 (×0.247) |" in row and f"| CHF{NBSP}591.78 (×0.247) |" in row
    review = json.loads(runner.invoke(app, [*args, "-f", "json"]).stdout)
    (guardrail,) = review["kpis"][1]["guardrails"]
    assert guardrail["pro_rata"] is True and guardrail["scaled"] == pytest.approx(90 / 365)
    assert guardrail["baseline"] == pytest.approx(36 * 90 / 365)
    assert f"vs 8.88{NBSP}orders (×0.247) at baseline" in guardrail["reason"]
    # the headline does not call 887.67 the value of 2025 (3,600)
    assert (f"already CHF{NBSP}887.67 (×0.247) over 2025, past the target CHF{NBSP}591.78 (×0.247)"
            in review["kpis"][1]["reasons"][0])
    card = _card(build_view(review, "fr"), "revenue")
    facts = {fact["label"]: fact["value"] for fact in card["facts"]}
    assert facts["Référence mesurée (2025, au prorata du T1 2026)"] == f"887,67{NBSP}CHF (×0,247)"
    assert card["guardrails"][0]["baseline"] == f"8,88{NBSP}commandes (×0,247)"


def test_the_rolling_totals_the_report_tabulates_are_the_jsons_numbers(shop):
    """A yearly amount is tabulated as 12-month totals: those numbers are in the review's JSON, not made up by
    the page; the total of 2025 is the baseline the review measured (36 orders of 100 CHF)."""
    review = json.loads(runner.invoke(app, ["review", str(shop), "--as-of", "2026-06-30", "-f", "json"]).stdout)
    kpi = review["kpis"][1]
    rolling = kpi["series_rolling"]
    assert rolling["months"] == 12
    totals = {p["date"]: p["value"] for p in rolling["values"]}
    assert totals["2025-12-31"] == pytest.approx(3600) == pytest.approx(kpi["baseline"]["value"])
    # 2025-07..2026-06: six months of 300 CHF, six of 450
    assert totals["2026-06-30"] == pytest.approx(6 * 300 + 6 * 450)
    trajectory = _card(build_view(review, "en"), "revenue")["trajectory"]
    assert trajectory["series_label"] == "Actual, rolling 12 months"
    shown = [row["value"] for row in trajectory["table"]]
    assert shown == [format_value(p["value"], "CHF", "en") for p in rolling["values"]]


def test_french_outputs_never_break_before_a_colon_a_question_mark_or_a_percent(shop, tmp_path):
    """French typography: "Marge brute : −19,4 %" and "en meilleure situation ? Non" keep their punctuation on
    the line of the word before it, in the terminal, in Markdown and on the page (SVG descriptions included)."""
    args = ["review", str(shop), "--as-of", "2026-06-30", "--lang", "fr"]
    outputs = {"text": runner.invoke(app, args).stdout, "md": runner.invoke(app, [*args, "-f", "md"]).stdout}
    out = tmp_path / "r.html"
    assert runner.invoke(app, ["report", str(shop), "--as-of", "2026-06-30", "--lang", "fr", "--out", str(out)]) \
        .exit_code == 0
    page = out.read_text(encoding="utf-8")
    # the page's prose; code (CSS, a YAML rewrite to copy) keeps its plain spaces
    outputs["html"] = re.sub(r"<style>.*?</style>|<pre>.*?</pre>", "", page, flags=re.DOTALL)
    for name, text in outputs.items():
        assert re.findall(r".{0,20} [:;?!%»]", text) == [], name
        assert "situation\u202f?" in text, name
    assert f"Revue des KPI{NBSP}: " in outputs["text"]
    # English is left alone
    assert "better off? " in runner.invoke(app, ["review", str(shop), "--as-of", "2026-06-30"]).stdout


def test_a_kpi_without_data_says_so_on_its_chart_instead_of_an_empty_frame():
    """A KPI on a table the spec does not map has no monthly value: its chart says there is nothing to draw and
    its legend does not offer an "Actual" line that is not there."""
    review = review_fixture("fr")
    kpi = review["kpis"][0]
    kpi.update(series=[], series_rolling=None, verdict="not_evaluable")
    kpi["current"]["value"] = kpi["baseline"]["value"] = None
    trajectory = _card(build_view(review, "fr"), kpi["id"])["trajectory"]
    texts = [t.text for t in ET.fromstring(render_chart(trajectory, "fr", "EUR")).iter("{http://www.w3.org/2000/svg}text")]
    assert f"Aucune donnée à tracer{NBSP}: voir les raisons ci-dessus" in texts
    assert "Réel, par mois" not in texts and "Trajectoire cible" in texts
    # a KPI with data keeps its legend and no such note
    other = _card(build_view(review_fixture("fr"), "fr"), kpi["id"])["trajectory"]
    texts = [t.text for t in ET.fromstring(render_chart(other, "fr", "EUR")).iter("{http://www.w3.org/2000/svg}text")]
    assert not any(t and t.startswith("Aucune donnée") for t in texts)


def test_two_kpis_whose_ids_differ_by_a_dot_have_two_anchors():
    """`email.share` and `email-share` are valid, distinct ids: the page's links must not both lead to the first."""
    review = review_fixture("en")
    review["kpis"][0]["id"], review["kpis"][1]["id"] = "email.share", "email-share"
    anchors = [card["anchor"] for card in build_view(review, "en")["kpis"]]
    assert anchors[:2] == ["kpi-email.share", "kpi-email-share"]
    html = render_html(review, "en")
    assert html.count('id="kpi-email.share"') == 1 and html.count('id="kpi-email-share"') == 1


def test_dates_in_the_reasons_read_as_the_cards_do(shop):
    """The horizon is `31 décembre 2026` in a French reason and on the French card, `31 Dec 2026` in English (the
    reasons wrote `2026-12-31` beside a card that said `31/12/2026`)."""
    for lang, day in (("fr", f"31{NBSP}décembre 2026"), ("en", "31 Dec 2026")):
        # reviewed after the horizon: the reasons say it has passed
        review = json.loads(runner.invoke(app, ["review", str(shop), "--as-of", "2027-01-15", "-f", "json",
                                                "--lang", lang]).stdout)
        kpi = review["kpis"][1]
        said = " ".join(kpi["reasons"])
        assert day in said and "2026-12-31" not in said
        card = _card(build_view(review, lang), "revenue")
        assert any(day in fact["value"] + fact.get("note", "") for fact in card["facts"])


def test_a_missed_horizon_is_said_with_its_date_as_french_says_it():
    from kpiguard.review.numbers import fmt_date
    from kpiguard.review.verdict import MISSED, MISSED_TODAY

    values = {"deadline": fmt_date("2026-03-01", "fr"), "label": "CA", "current": "1", "period": "2026", "to": "2",
              "start": "0"}
    assert MISSED.render("fr", **values).startswith(f"Manqué : l'échéance du 1er{NBSP}mars 2026 est passée")
    assert MISSED_TODAY.render("fr", **values).startswith(f"Manqué : l'échéance du 1er{NBSP}mars 2026 est arrivée")


def test_a_yaml_rewrite_on_the_french_page_is_left_as_written():
    """The page's French typography must not slip no-break spaces into YAML a reader copies into the spec."""
    review = review_fixture("fr")
    review["findings"] = [{"code": "KG201", "severity": "warning", "message": "Cible sans échéance : ajoutez by",
                           "rewrite": {"sentence": "Faire 25 % du CA", "yaml": "target: {to: 25 %, by: 2026-12-31}"}}]
    html = render_html(review, "fr")
    assert "<pre>target: {to: 25 %, by: 2026-12-31}</pre>" in html
    assert f"Cible sans échéance{NBSP}: ajoutez by" in html  # the prose around it is typeset


def test_segment_baselines_scaled_to_a_forced_period_carry_their_factor(shop):
    """Under --period 2026-Q1 against 2025, the channel split compares with 2025's values times 90/365: the
    JSON says so and the page marks them as it marks the KPI's baseline."""
    review = json.loads(runner.invoke(app, ["review", str(shop), "--period", "2026-Q1", "-f", "json"]).stdout)
    block = review["kpis"][1]["segments"]
    assert block["scaled"] == pytest.approx(90 / 365)
    segments = _card(build_view(review, "en"), "revenue")["segments"]
    assert all("(×0.247) → " in row["detail"] for row in segments["rows"])
    assert f"From CHF{NBSP}887.67 (×0.247) to " in segments["desc"]


def test_the_waterfalls_scaled_baseline_carries_its_factor():
    """Under --period the waterfall starts from the baseline scaled to the window: its description says so."""
    review = review_fixture("en")
    kpi = next(k for k in review["kpis"] if k["id"] == "gross-margin")
    kpi["baseline"].update(value=kpi["baseline"]["value"] * 0.25, scaled=0.25, pro_rata=True)
    waterfall = _card(build_view(review, "en"), "gross-margin")["waterfall"]
    assert re.match(r"From €[0-9,.]+ \(×0\.25\) to ", waterfall["desc"]), waterfall["desc"]
    plain = _card(build_view(review_fixture("en"), "en"), "gross-margin")["waterfall"]
    assert "×" not in plain["desc"]


def test_a_kpi_that_cannot_be_judged_shows_no_progress(shop):
    """Distinct customers cannot be brought from a year to a quarter (--period): the KPI is not evaluable, and
    neither the JSON nor the tables give it a progress (it read "44% / 75%" beside "not evaluable")."""
    spec = shop.parent / "customers.yaml"
    spec.write_text(SPEC + "  - id: customers\n    metric: active_customers\n    baseline: 2025\n"
                    "    target: {from: 30, to: 40, by: 2026-12-31}\n", encoding="utf-8")
    review = json.loads(runner.invoke(app, ["review", str(spec), "--period", "2026-Q1", "-f", "json"]).stdout)
    kpi = review["kpis"][2]
    assert kpi["verdict"] == "not_evaluable" and kpi["current"]["value"] is not None
    assert kpi["attainment"] is None and kpi["expected_progress"] is None
    row = next(line for line in runner.invoke(app, ["review", str(spec), "--period", "2026-Q1"]).stdout.splitlines()
               if line.startswith("customers "))
    assert "%" not in row and "not evaluable" in row
    card = _card(build_view(review, "en"), "customers")
    assert "Progress" not in {fact["label"] for fact in card["facts"]}


def test_a_reason_from_the_data_is_in_each_language_of_the_review(shop):
    """Reviewed in French, the English reasons (reasons_i18n, what an English page or table shows) had the
    metric's own reason in French: "not available over 2026-Q1 (cohorte pas encore mûre ...)"."""
    review = json.loads(runner.invoke(app, ["review", str(shop), "--period", "2026-Q1", "-f", "json",
                                            "--lang", "fr"]).stdout)
    texts = review["company"]["reasons_i18n"]
    english = next(r for r in texts["en"] if r.startswith("Repurchase rate"))
    french = next(r for r in texts["fr"] if r.startswith("Taux de réachat"))
    assert "cohort not mature" in english and "cohorte" not in english
    assert "cohorte pas encore mûre" in french
    page = render_html(review, "en")
    assert "cohorte" not in page


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_charts_tooltips_write_their_colon_as_the_language_does(lang):
    """Hovering a bar or a grid box reads "Référence : 788 k€" on the French page, "Baseline: €788k" in English."""
    from .test_segments import _review as review_with_segments

    review, _ = review_with_segments(lang)
    page = render_html(review, lang)
    tips = [t for t in re.findall(r"<title>([^<]*)</title>", page) if ":" in t]
    kinds = {'class="bar"><title>', '"grid-node"'}
    assert all(kind in page for kind in kinds)
    assert len(tips) >= 10
    if lang == "fr":
        assert [t for t in tips if f"{NBSP}: " not in t] == []
    else:
        assert [t for t in tips if re.search(r"\s:", t)] == []


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_kpi_without_a_target_is_drawn_over_time_with_no_target_named(lang):
    # a guardrails-only KPI: its chart was titled FROM -> TO, named a "Target path" in its legend and an empty
    # column of its table, and its description read "target level —, no horizon"
    review = review_fixture(lang)
    kpi = review["kpis"][1]
    kpi["target"].update({"from": None, "to": None, "by": None, "scaled_from": None, "scaled_to": None})
    kpi["target_path"] = []
    trajectory = _card(build_view(review, lang), "email-revenue")["trajectory"]
    target = {"en": "Target path", "fr": "Trajectoire cible"}[lang]
    assert trajectory["title"].startswith({"en": "Over time · ", "fr": "Évolution · "}[lang])
    assert "—" not in trajectory["desc"] and {"en": "no target", "fr": "aucune cible"}[lang] in trajectory["desc"]
    assert target not in trajectory["table_columns"] and len(trajectory["table_columns"]) == 2
    svg = ET.fromstring(render_chart(trajectory, lang, "EUR"))
    assert target not in [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    card_html = render_html(review, lang).split('data-kpi="email-revenue"')[1].split("</article>")[0]
    table = card_html[card_html.index("<details"):card_html.index("</details>")]
    assert target not in table and "<td class=\"num\"></td>" not in table


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_target_without_a_horizon_missed_is_not_said_past_its_horizon(lang):
    # "Faire 25 % du CA mensuel via email" (to: 25%, no by) below 25%: the card said "The horizon passed"
    review = review_fixture(lang)
    kpi = next(k for k in review["kpis"] if k["verdict"] == "missed")
    kpi["target"]["by"] = None
    card = _card(build_view(review, lang), kpi["id"])
    assert card["verdict_help"] == {"en": "Short of its target over the period judged.",
                                    "fr": "En deçà de sa cible sur la période jugée."}[lang]
    kpi["target"]["by"] = "2026-06-30"
    assert "horizon" in _card(build_view(review, "en"), kpi["id"])["verdict_help"]


def test_a_target_level_is_beside_every_month_of_the_data_table():
    # to: 25% without a horizon is drawn across the chart, a level every month is held to; the table gave it
    # beside the last month only, and left the others' target empty
    review = review_fixture("en")
    kpi = review["kpis"][0]
    kpi["target"].update({"from": None, "by": None})
    kpi["target_path"] = []
    kpi["met_at_baseline"] = False
    trajectory = _card(build_view(review, "en"), kpi["id"])["trajectory"]
    assert len(trajectory["target_path"]) == 1 and len(trajectory["table"]) > 6
    assert {row["target"] for row in trajectory["table"] if "partial" not in row["month"]} == {"25.0%"}


def test_todays_value_of_a_one_month_window_is_drawn_on_its_months_point():
    # a rate judged over 2026-06, its line one point a month dated by the month's first day: the ring stood on
    # 30 June, a month's width right of June's point of the same value (on a two-month chart, half the chart)
    review = review_fixture("en")
    kpi = review["kpis"][0]
    kpi["current"].update(period="2026-06", label="2026-06", start="2026-06-01", end="2026-07-01")
    trajectory = _card(build_view(review, "en"), kpi["id"])["trajectory"]
    assert trajectory["series_label"] == "Actual, per month"
    assert trajectory["current"]["date"] == trajectory["series"][-1]["date"] == "2026-06-01"
    kpi["current"].update(period="2026-Q2", label="2026-Q2", start="2026-04-01", end="2026-07-01")
    assert _card(build_view(review, "en"), kpi["id"])["trajectory"]["current"]["date"] == "2026-06-30"
