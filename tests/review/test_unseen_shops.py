"""Shops unlike the simulator's: CSV with the user's own column names and no margin, a schema-qualified table
of a .duckdb file, data that starts inside (or after) a judged period. Numbers are small and hand-computed."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from kpiguard.cli import _register, app

_register()
runner = CliRunner()

# One order a day on the 10th of each month, 2025-01..2026-06, local wall-clock time as text (no time zone):
# 100 in 2025, 80 in 2026; each month's order is by a customer of its own, so no repurchase.
CSV_HEADER = "ref,who,at,amount,state,medium\n"


def _csv_rows() -> str:
    rows = []
    for year, months in ((2025, range(1, 13)), (2026, range(1, 7))):
        for month in months:
            amount = 100 if year == 2025 else 80
            rows.append(f"o{year}{month:02},c{year}{month:02},{year}-{month:02}-10 12:00:00,{amount},completed,"
                        f"{'email' if month % 2 else ''}")
    return CSV_HEADER + "\n".join(rows) + "\n"


CSV_SPEC = """\
version: 1
timezone: America/New_York
currency: USD
data:
  tables:
    orders: orders.csv
  columns:
    orders: {order_id: ref, customer_id: who, ordered_at: at, revenue: amount, status: state, utm_medium: medium}
kpis:
  - id: rev
    metric: revenue
    level: outcome
    baseline: 2025-Q2
    target: {to: 300, by: 2026-12-31}
"""


@pytest.fixture(scope="module")
def csv_shop(tmp_path_factory):
    root = tmp_path_factory.mktemp("csv-shop")
    (root / "orders.csv").write_text(_csv_rows(), encoding="utf-8")
    (root / "kpis.yaml").write_text(CSV_SPEC, encoding="utf-8")
    return root / "kpis.yaml"


def test_a_shop_without_margin_is_still_reviewed(csv_shop):
    result = runner.invoke(app, ["review", str(csv_shop), "--as-of", "2026-06-30", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    company = {m["metric"]: m for m in data["company"]["metrics"]}
    # 2026-Q2: three orders of 80; 2025-Q2: three of 100
    assert (company["revenue"]["current"], company["revenue"]["baseline"]) == (240, 300)
    assert company["revenue"]["signal"] == "worse"
    assert company["margin"]["signal"] == "unknown"
    assert "'margin'" in company["margin"]["reason"] and "data.columns.orders" in company["margin"]["reason"]
    assert data["company"]["better_off"] == "no"
    (kpi,) = data["kpis"]
    assert (kpi["baseline"]["value"], kpi["current"]["value"]) == (300, 240)


def test_compute_names_the_missing_column_of_a_builtin_metric(csv_shop):
    result = runner.invoke(app, ["compute", str(csv_shop), "-m", "margin", "-p", "2025"])
    assert result.exit_code == 2
    assert f"{csv_shop}:6:5:" in result.stderr  # data.tables.orders
    assert "'margin'" in result.stderr and "data.columns.orders" in result.stderr
    assert "_kg_" not in result.stderr and "Traceback" not in result.output


def test_a_custom_metric_lists_only_the_tables_columns(tmp_path):
    (tmp_path / "orders.csv").write_text(_csv_rows(), encoding="utf-8")
    spec = tmp_path / "kpis.yaml"
    spec.write_text(CSV_SPEC.replace("kpis:", "metrics:\n  big:\n    type: simple\n    table: orders\n"
                                             "    measure: sum(amout)\nkpis:"), encoding="utf-8")
    result = runner.invoke(app, ["compute", str(spec), "-m", "big", "-p", "2025"])
    assert result.exit_code == 2
    assert "unknown column 'amout'" in result.stderr and "revenue" in result.stderr
    assert "_kg_" not in result.stderr


def test_title_falls_back_to_the_file_name_and_french_marks_its_colons(csv_shop):
    result = runner.invoke(app, ["review", str(csv_shop), "--as-of", "2026-06-30", "--lang", "fr"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Revue des KPI\u00a0: kpis.yaml, au 30\u00a0juin 2026")
    assert "rev\u00a0: manqué" not in result.stdout  # before the horizon
    assert "\u2198 rev\u00a0: en retard" in result.stdout
    # the revenue split by channel: the even months have no medium, written the French way
    assert "Par canal, c'est «\u00a0(aucun)\u00a0» qui a le plus bougé\u00a0: \u221240,00\u00a0$ sur une variation de \u221260,00\u00a0$" \
        in result.stdout and "(none)" not in result.stdout


def test_data_starting_inside_or_after_a_judged_period_is_said(tmp_path):
    (tmp_path / "orders.csv").write_text(
        CSV_HEADER + "a,x,2026-02-20 10:00:00,50,completed,email\nb,y,2026-03-10 10:00:00,70,completed,email\n",
        encoding="utf-8")
    spec = tmp_path / "kpis.yaml"
    spec.write_text(CSV_SPEC.replace("baseline: 2025-Q2\n    target: {to: 300, by: 2026-12-31}",
                                     "target: {to: 60}\n    cadence: month\n  - id: old\n    metric: orders\n"
                                     "    baseline: 2025-03\n    target: {from: 1, to: 2, by: 2026-12-31}"),
                    encoding="utf-8")
    result = runner.invoke(app, ["review", str(spec), "--as-of", "2026-03-31", "--format", "json"])
    assert result.exit_code == 0, result.output
    kpis = {k["id"]: k for k in json.loads(result.stdout)["kpis"]}
    # rev: 70 in 2026-03 against 50 in 2026-02, whose first order is on the 20th. Two orders 17 quiet days apart:
    # 19 quiet days before the first are no sign of a late export (at 2 active days in 19, they come 12 % of the
    # time), so February is read whole, and the reasons say why (a daily shop: tests/review/test_data_coverage.py)
    assert (kpis["rev"]["current"]["value"], kpis["rev"]["baseline"]["value"]) == (70, 50)
    assert ("The data's first day is 20 Feb 2026: the 19 days before it in its month count as days without activity "
            "in February 2026, as with activity on 10.5% of its first 19 days, such a run comes by chance 12.1% of the "
            "time.") in kpis["rev"]["reasons"]
    assert not any("after the start of" in r for r in kpis["rev"]["reasons"])
    # old: no data over its baseline 2025-03, but its declared FROM (1 order) is a start: 1 order over 2026-03 is
    # no progress when 365 of the horizon's 640 days have gone (off track), judged without the baseline's value
    assert kpis["old"]["verdict"] == "off_track"
    assert any(r.startswith("Its baseline has no value over March 2025") for r in kpis["old"]["reasons"])
    assert any(r.startswith("The data starts on 20 Feb 2026, after the end of March 2025: choose a period")
               for r in kpis["old"]["reasons"])
    company = {m["metric"]: m for m in json.loads(result.stdout)["company"]["metrics"]}
    assert company["revenue"]["current"] == 120 and company["revenue"]["baseline"] is None


def test_a_schema_qualified_table_of_a_duckdb_file(tmp_path):
    import duckdb

    con = duckdb.connect(str(tmp_path / "shop.duckdb"))
    con.execute("create schema crm")
    con.execute("create table orders(order_id varchar, customer_id varchar, ordered_at timestamp, revenue double)")
    con.execute("insert into orders values ('a', 'x', '2026-03-01 10:00', 10), ('b', 'y', '2026-03-02 10:00', 30)")
    con.execute("create table crm.events(event_at timestamp, customer_id varchar, campaign_id varchar, "
                "event varchar)")
    con.execute("insert into crm.events values ('2026-03-01 08:00', 'x', 'k', 'sent'), "
                "('2026-03-01 08:00', 'y', 'k', 'sent'), ('2026-03-01 09:00', 'x', 'k', 'open'), "
                "('2026-03-01 09:30', 'x', 'k', 'open')")
    con.close()
    spec = tmp_path / "kpis.yaml"
    spec.write_text("version: 1\ndata:\n  tables:\n    orders: shop.duckdb\n"
                    "    email_events: shop.duckdb::crm.events\n", encoding="utf-8")
    result = runner.invoke(app, ["compute", str(spec), "-m", "email_open_rate", "-m", "revenue", "-p", "2026-03",
                                 "-f", "json"])
    assert result.exit_code == 0, result.output
    values = {v["metric"]: v["value"] for v in json.loads(result.stdout)["values"]}
    # x opened twice: one recipient of two; the orders have no status column: all are completed
    assert values == {"email_open_rate": 0.5, "revenue": 40}


def test_a_baseline_already_past_the_target_gives_no_backwards_progress(tmp_path):
    (tmp_path / "orders.csv").write_text(_csv_rows(), encoding="utf-8")
    spec = tmp_path / "kpis.yaml"
    # three orders in 2025-Q2 and in 2026-Q2; the target (2 orders) was met before anything was done
    spec.write_text(CSV_SPEC.replace("metric: revenue", "metric: orders").replace("to: 300", "to: 2"),
                    encoding="utf-8")
    result = runner.invoke(app, ["review", str(spec), "--as-of", "2026-06-30", "--format", "json"])
    assert result.exit_code == 0, result.output
    (kpi,) = json.loads(result.stdout)["kpis"]
    assert kpi["verdict"] == "healthy_success" and kpi["attainment"] is None and kpi["met_at_baseline"]
    assert kpi["reasons"][0].startswith(
        "Met at baseline, not earned: Orders was already 3\u00a0orders over Q2 2025, past the target 2\u00a0orders, before the "
        "horizon began; it is 3\u00a0orders over Q2 2026 (±0\u00a0orders). The target asks for no progress")


def test_the_company_repurchase_rate_on_a_handful_of_customers_is_no_signal(csv_shop):
    result = runner.invoke(app, ["review", str(csv_shop), "--as-of", "2026-06-30", "--format", "json"])
    company = {m["metric"]: m for m in json.loads(result.stdout)["company"]["metrics"]}
    rate = company["repurchase_rate_90d"]
    # one first-time customer a month: 3 per quarter, none of whom came back
    assert (rate["current"], rate["baseline"], rate["sample"], rate["signal"]) == (0, 0, 3, "unknown")
    assert any("on too few cases to tell (3 in the smaller period)" in r for r in json.loads(result.stdout)[
        "company"]["reasons"])


def test_one_kpi_is_counted_in_the_singular(csv_shop):
    result = runner.invoke(app, ["review", str(csv_shop), "--as-of", "2026-06-30"])
    assert result.stdout.rstrip().endswith("\n1 KPI: 1 off track")


def test_an_unknown_metric_without_a_close_name_says_where_to_look(csv_shop):
    result = runner.invoke(app, ["compute", str(csv_shop), "-m", "xyzzy", "-p", "2025"])
    assert result.exit_code == 2
    assert "unknown metric 'xyzzy'; the built-in metrics are listed in docs/canonical-schema.md" in result.stderr


def test_a_spec_without_kpis_says_so_instead_of_an_empty_table(tmp_path):
    (tmp_path / "orders.csv").write_text(_csv_rows(), encoding="utf-8")
    spec = tmp_path / "kpis.yaml"
    spec.write_text(CSV_SPEC.split("kpis:")[0], encoding="utf-8")
    for fmt in ("text", "md"):
        result = runner.invoke(app, ["review", str(spec), "--format", fmt, "--lang", "fr"])
        assert result.exit_code == 0, result.output
        assert result.stdout.rstrip().endswith("La spec ne déclare aucun KPI\u00a0: ajoutez-les sous `kpis:` (voir "
                                               "examples/kpis.example.yaml).")
        assert "0 KPI" not in result.stdout and "Verdict" not in result.stdout


def test_times_the_engine_cannot_read_are_a_user_error(tmp_path):
    (tmp_path / "orders.csv").write_text("order_id,customer_id,ordered_at,revenue\na1,u1,5 Jänner 2026 10:00,100\n"
                                         "a2,u2,13 Jänner 2026 10:00,50\n", encoding="utf-8")
    spec = tmp_path / "kpis.yaml"
    spec.write_text("version: 1\ndata:\n  tables: {orders: orders.csv}\nkpis:\n  - id: r\n    metric: revenue\n"
                    "    target: {to: 1}\n", encoding="utf-8")
    for command in (["review", str(spec)], ["report", str(spec), "--out", str(tmp_path / "r.html")]):
        result = runner.invoke(app, command)
        assert result.exit_code == 2, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert f"{spec}:3:12: cannot read the times of table 'orders' (column 'ordered_at')" in result.stderr
        assert "Store them as ISO dates or timestamps" in result.stderr


def _reviewed_csv_shop(folder, rows: str):
    """The spec of a CSV shop whose orders are `rows`, and the `data` block of its JSON review."""
    (folder / "orders.csv").write_text(CSV_HEADER + rows, encoding="utf-8")
    spec = folder / "kpis.yaml"
    spec.write_text(CSV_SPEC, encoding="utf-8")
    result = runner.invoke(app, ["review", str(spec), "--format", "json"])
    assert result.exit_code == 0, result.output
    return spec, json.loads(result.stdout)["data"]


def test_orders_that_silently_drop_out_are_reported(tmp_path):
    spec, data = _reviewed_csv_shop(tmp_path, "a,x,2026-01-10 10:00:00,10,completed,\nb,,2026-01-11 10:00:00,20,"
                                              "completed,\nc,y,2026-01-12 10:00:00,,,\nf,w,2026-01-15 10:00:00,60,"
                                              "refunded,\n")
    # completed: a, b, c (no status); b has no customer, c no amount
    assert data["warnings"] == [
        "1 of 3 completed orders has no customer_id (missing, blank, or a placeholder such as 0 or (not set)): it "
        "counts in revenue and orders, not in the customer counts or the repurchase rates.",
        "1 of 3 completed orders has no revenue: it counts in no order count, revenue or average order value (an "
        "order kpiguard cannot value), only in the customer counts and the repurchase rates."]
    assert data["warnings_i18n"]["fr"][0].startswith("1 commande terminée sur 3 n'a pas de customer_id (absent, vide, ou un "
                                                      "substitut comme 0 ou (not set)) : elle")
    text = runner.invoke(app, ["review", str(spec)]).stdout
    assert "Data checks\n  ⚠ 1 of 3 completed orders has no customer_id" in text


def test_refunds_written_as_negative_orders_are_reported(tmp_path):
    # a shop that writes a refund as an order of a negative amount: x buys for 100, is refunded 5 days later
    _, data = _reviewed_csv_shop(tmp_path, "a,x,2026-01-10 10:00:00,100,completed,\nr,x,2026-01-15 10:00:00,-100,"
                                           "completed,\nb,y,2026-01-11 10:00:00,50,completed,\nc,z,2026-01-12 "
                                           "10:00:00,-20,refunded,\n")
    # 3 completed orders, 1 with a negative amount (the refunded row is not completed: not counted)
    assert data["warnings"] == [
        "1 of 3 completed orders has a negative revenue (a refund written as an order?): it takes its amount off "
        "revenue (and so off the average order value), is no order in the orders, but counts in the customer "
        "counts and the repurchase rates (a refund on a later day reads as a purchase again). Give refunds another "
        "status (refunded) to leave them out of every number."]
    assert data["warnings_i18n"]["fr"][0].startswith("1 commande terminée sur 3 a un montant négatif")


@pytest.mark.parametrize(("states", "says"), [
    (("paid", "paid", "refunded"), "says 'paid', which kpiguard does not read"),        # no order is completed
    (("completed", "COMPLETED", " completed"), "says 'COMPLETED', ' completed', which kpiguard does not read"),
])
def test_statuses_kpiguard_does_not_read_stop_the_review_with_the_mapping_to_write(tmp_path, states, says):
    """Orders whose status is not written 'completed' used to be left out of every number (a shop with a
    revenue of 0) with a warning; the review now refuses, at the status mapping, and says what to write under
    data.values."""
    rows = "".join(f"{n},x,2026-01-1{n} 10:00:00,10,{state},\n" for n, state in enumerate(states))
    (tmp_path / "orders.csv").write_text(CSV_HEADER + rows, encoding="utf-8")
    spec = tmp_path / "kpis.yaml"
    spec.write_text(CSV_SPEC, encoding="utf-8")
    result = runner.invoke(app, ["review", str(spec)])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert f"{spec}:8:80: column 'state' of table 'orders' (status) {says}" in result.stderr
    assert "Say what your values mean under data.values, e.g. `values: {orders: {status: {completed: [" \
        in result.stderr


def test_clean_orders_give_no_warning(csv_shop):
    result = runner.invoke(app, ["review", str(csv_shop), "--as-of", "2026-06-30", "--format", "json"])
    assert json.loads(result.stdout)["data"]["warnings"] == []


def test_data_checks_on_orders_without_a_status_column(tmp_path):
    (tmp_path / "orders.csv").write_text("order_id,customer_id,ordered_at,revenue\na,,2026-01-01,5\n"
                                         "b,x,2026-01-02,6\n", encoding="utf-8")
    spec = tmp_path / "kpis.yaml"
    spec.write_text("version: 1\ndata:\n  tables: {orders: orders.csv}\n", encoding="utf-8")
    result = runner.invoke(app, ["review", str(spec), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["data"]["warnings"] == [
        "1 of 2 completed orders has no customer_id (missing, blank, or a placeholder such as 0 or (not set)): it "
        "counts in revenue and orders, not in the customer counts or the repurchase rates."]


def test_woocommerce_guest_orders_of_customer_0_are_orders_without_a_customer(tmp_path):
    """WooCommerce's guests are customer 0: the metrics count them as nobody, and the data checks said nothing
    of them (they counted missing ids only). Two guest orders, and `NULL` and `null` (placeholders, not one
    recipient written two ways) are no split id."""
    (tmp_path / "orders.csv").write_text("order_id,customer_id,ordered_at,revenue\na,0,2026-01-01,5\n"
                                         "b,7,2026-01-02,6\nc,0,2026-01-03,7\n", encoding="utf-8")
    (tmp_path / "sessions.csv").write_text("session_id,visitor_id,started_at\ns1,NULL,2026-01-01\n"
                                           "s2,null,2026-01-02\ns3,v1,2026-01-02\n", encoding="utf-8")
    spec = tmp_path / "kpis.yaml"
    spec.write_text("version: 1\ndata:\n  tables: {orders: orders.csv, sessions: sessions.csv}\n", encoding="utf-8")
    result = runner.invoke(app, ["review", str(spec), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["data"]["warnings"] == [
        "2 of 3 completed orders have no customer_id (missing, blank, or a placeholder such as 0 or (not set)): "
        "they count in revenue and orders, not in the customer counts or the repurchase rates."]


def test_compute_in_french_writes_french_numbers_statuses_and_segments(csv_shop):
    result = runner.invoke(app, ["compute", str(csv_shop), "-m", "aov", "-p", "2025-Q2", "-p", "2027-01",
                                 "--lang", "fr"])
    assert result.exit_code == 0, result.output
    assert "2025-Q2  100,00\u00a0$  ok" in result.stdout
    # (a ratio over a period without data says so itself: "revenue n'est pas disponible" read as a missing column)
    assert "vide : aucune donnée sur janvier 2027 dans orders" in result.stdout
    split = runner.invoke(app, ["compute", str(csv_shop), "-m", "revenue", "-p", "2025-Q2", "--segment-by",
                                "channel", "--lang", "fr"])
    # 2025-Q2: May by e-mail (100), April and June without a medium (200)
    assert split.stdout.startswith("revenue par canal\n")
    assert "2025-Q2  (aucun)  200,00\u00a0$  66,7\u00a0%" in split.stdout
    assert "2025-Q2  email    100,00\u00a0$  33,3\u00a0%" in split.stdout


def test_a_filter_written_with_the_users_own_column_name_says_which_name_to_write(tmp_path):
    (tmp_path / "orders.csv").write_text(_csv_rows(), encoding="utf-8")
    spec = tmp_path / "kpis.yaml"
    spec.write_text(CSV_SPEC.replace("kpis:", "metrics:\n  big:\n    type: simple\n    table: orders\n"
                                             "    measure: count(*)\n    filter: amount > 90\nkpis:"),
                    encoding="utf-8")
    result = runner.invoke(app, ["compute", str(spec), "-m", "big", "-p", "2025"])
    assert result.exit_code == 2
    assert (f"{spec}:14:13: column 'amount' of table 'orders' is mapped to 'revenue' (data.columns.orders): "
            "write revenue in the filter") in result.stderr


def test_a_forced_period_scales_the_target_of_a_sum_like_its_baseline(csv_shop, tmp_path):
    # a custom sum without `kind`: 2025 made 1,200 (12 x 100); the target is 1,460 a year
    (tmp_path / "orders.csv").write_text(_csv_rows(), encoding="utf-8")
    spec = tmp_path / "kpis.yaml"
    spec.write_text(CSV_SPEC.replace("kpis:", "metrics:\n  sales:\n    type: simple\n    table: orders\n"
                                             "    measure: sum(revenue)\nkpis:")
                    .replace("metric: revenue", "metric: sales").replace("baseline: 2025-Q2", "baseline: 2025")
                    .replace("to: 300", "to: 1460"), encoding="utf-8")
    result = runner.invoke(app, ["review", str(spec), "--period", "2026-Q1", "--format", "json"])
    assert result.exit_code == 0, result.output
    (kpi,) = json.loads(result.stdout)["kpis"]
    factor = 90 / 365  # 2026-Q1 over 2025
    assert kpi["baseline"]["value"] == pytest.approx(1200 * factor)
    assert kpi["target"]["scaled_to"] == pytest.approx(1460 * factor) and kpi["target"]["to"] == 1460
    # three orders of 80 in 2026-Q1: 240 against a scaled baseline of 295.9 and a scaled target of 360
    assert kpi["current"]["value"] == 240
    assert kpi["attainment"] == pytest.approx((240 - 1200 * factor) / ((1460 - 1200) * factor))
    assert "The target is scaled the same way: $360.00 over Q1 2026." in kpi["reasons"]  # money: a sum of revenue


@pytest.mark.parametrize("exact_rows", [2_000_000, 0])  # counted exactly, or screened by an approximate count
def test_repeated_order_ids_are_reported(tmp_path, monkeypatch, exact_rows):
    from kpiguard.review import quality

    monkeypatch.setattr(quality, "EXACT_ROWS", exact_rows)
    rows = "".join(f"o{i},c{i},2026-01-{1 + i % 28:02} 10:00:00,10,completed,\n" for i in range(20))
    (tmp_path / "orders.csv").write_text(CSV_HEADER + rows + rows.splitlines(keepends=True)[3] * 2
                                         + rows.splitlines(keepends=True)[7], encoding="utf-8")
    spec = tmp_path / "kpis.yaml"
    spec.write_text(CSV_SPEC, encoding="utf-8")
    result = runner.invoke(app, ["review", str(spec), "--format", "json"])
    # 23 rows, 20 distinct ids: o3 twice more, o7 once more
    assert json.loads(result.stdout)["data"]["warnings"] == [
        "3 of 23 orders repeat an order_id seen on another row: every row counts, so a repeated order counts "
        "again in revenue and orders. Keep one row per order."]


def test_the_report_shows_the_scaled_target_under_a_forced_period(tmp_path):
    (tmp_path / "orders.csv").write_text(_csv_rows(), encoding="utf-8")
    spec = tmp_path / "kpis.yaml"
    spec.write_text(CSV_SPEC.replace("baseline: 2025-Q2", "baseline: 2025").replace("to: 300", "to: 1460"),
                    encoding="utf-8")
    out = tmp_path / "r.html"
    result = runner.invoke(app, ["report", str(spec), "--period", "2026-Q1", "--out", str(out), "--lang", "fr"])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "Référence mesurée (2025, au prorata du T1 2026)" in page
    # 1,460 a year is 360 over the 90 days of 2026-Q1
    assert ("360,00\u00a0$ (×0,247) sur le T1 2026<span class=\"note\">1\u202f460,00\u00a0$ sur la durée de la référence\u00a0; "
            "d&#39;ici le 31\u00a0décembre 2026</span>" in page)


def test_segments_by_the_users_own_column_name(csv_shop):
    result = runner.invoke(app, ["compute", str(csv_shop), "-m", "revenue", "-p", "2025-Q2", "--segment-by",
                                 "medium", "-f", "csv"])
    assert result.exit_code == 0, result.output
    rows = {line.split(",")[5]: float(line.split(",")[6]) for line in result.stdout.splitlines()[1:]}
    assert rows == {"(none)": 200.0, "email": 100.0}  # medium is mapped to utm_medium


def test_markdown_in_french_has_french_statuses_colons_and_decimal_commas(tmp_path):
    (tmp_path / "orders.csv").write_text(_csv_rows(), encoding="utf-8")
    spec = tmp_path / "kpis.yaml"
    spec.write_text(CSV_SPEC.replace("baseline: 2025-Q2", "baseline: 2025") + "    guardrails:\n"
                    "      - {metric: orders, max_decrease: 10%}\n", encoding="utf-8")
    result = runner.invoke(app, ["review", str(spec), "--period", "2026-Q1", "--format", "md", "--lang", "fr"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "sont multipliés par 0,247 pour comparer" in out
    # 3 orders in 2026-Q1 against 12 x 0.247 = 2.96: held
    assert "Garde-fous\u00a0:\n\n- `orders` **tenu**\u00a0: " in out
    assert "breached" not in out and "**ok**" not in out


def test_completed_orders_without_margin_are_counted(tmp_path):
    (tmp_path / "orders.csv").write_text("order_id,customer_id,ordered_at,revenue,margin\na,x,2026-01-01,5,1\n"
                                         "b,y,2026-01-02,6,\nc,z,2026-01-03,7,\n", encoding="utf-8")
    spec = tmp_path / "kpis.yaml"
    spec.write_text("version: 1\ndata:\n  tables: {orders: orders.csv}\n", encoding="utf-8")
    result = runner.invoke(app, ["review", str(spec), "--format", "json"])
    assert json.loads(result.stdout)["data"]["warnings"] == [
        "2 of 3 completed orders have no margin: the gross margin adds up the others only."]


def test_nan_margins_are_counted_as_missing_margins(tmp_path):
    """Margins written from numpy as NaN are missing margins, in the data checks as in the gross margin."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"order_id": ["a", "b", "c"], "customer_id": ["x", "y", "z"],
                             "ordered_at": ["2026-01-01", "2026-01-02", "2026-01-03"], "revenue": [5.0, 6.0, 7.0],
                             "margin": pa.array(np.array([1.0, np.nan, np.nan]))}), tmp_path / "orders.parquet")
    spec = tmp_path / "kpis.yaml"
    spec.write_text("version: 1\ndata:\n  tables: {orders: orders.parquet}\n", encoding="utf-8")
    result = runner.invoke(app, ["review", str(spec), "--format", "json"])
    assert json.loads(result.stdout)["data"]["warnings"] == [
        "2 of 3 completed orders have no margin: the gross margin adds up the others only."]


def test_a_status_that_is_not_text_is_a_user_error_at_the_table(tmp_path):
    (tmp_path / "orders.csv").write_text("order_id,customer_id,ordered_at,revenue,status\na,x,2026-01-01,5,1\n"
                                         "b,y,2026-01-02,6,2\n", encoding="utf-8")
    spec = tmp_path / "kpis.yaml"
    spec.write_text("version: 1\ndata:\n  tables: {orders: orders.csv}\nkpis:\n  - id: r\n    metric: revenue\n"
                    "    target: {to: 1}\n", encoding="utf-8")
    for command in (["compute", str(spec), "-m", "revenue", "-p", "2026-01"], ["review", str(spec)]):
        result = runner.invoke(app, command)
        assert result.exit_code == 2, result.output
        assert (f"{spec}:3:12: column 'status' of table 'orders' is int64, not text: kpiguard counts the orders "
                "whose status is 'completed'") in result.stderr


def test_amounts_read_as_text_are_a_data_error_in_the_users_terms(tmp_path):
    (tmp_path / "orders.csv").write_text("ref;who;at;amount\na;x;2026-01-01;1 205,50 TTC\nb;y;2026-01-02;6,25\n",
                                         encoding="utf-8")
    spec = tmp_path / "kpis.yaml"
    spec.write_text("version: 1\ndata:\n  tables: {orders: orders.csv}\n  columns:\n    orders: {order_id: ref, "
                    "customer_id: who, ordered_at: at, revenue: amount}\n", encoding="utf-8")
    result = runner.invoke(app, ["compute", str(spec), "-m", "aov", "-p", "2026-01"])
    assert result.exit_code == 2
    # at the mapping of revenue, naming the first value that is not a number: TTC (taxes included) is no currency
    assert (f"{spec}:5:63: metric 'revenue' adds up column 'amount' of table 'orders' (revenue), which the engine "
            "reads as text, not numbers ('1 205,50 TTC' is not a number): write each amount as a number alone, or "
            "with its currency sign or code") in result.stderr
    # the same amounts with their currency's code are numbers: (1205.50 + 6.25) / 2
    (tmp_path / "orders.csv").write_text("ref;who;at;amount\na;x;2026-01-01;1 205,50 EUR\nb;y;2026-01-02;6,25\n",
                                         encoding="utf-8")
    result = runner.invoke(app, ["compute", str(spec), "-m", "aov", "-p", "2026-01", "--format", "json"])
    assert result.exit_code == 0 and json.loads(result.stdout)["values"][0]["value"] == 605.875, result.output


def test_an_as_of_date_years_after_the_data_judges_the_months_it_covers(csv_shop, tmp_path):
    # horizon 2026-12-31 with data through 2026-06 and as-of 2030: a half year of 80 a month is not a year.
    # Judged on 2026-H1 (6 x 80 = 480) against 2025 scaled to it (1200 x 181/365 = 595.07), target 300 over
    # 2025-Q2's 91 days scaled the same way; the company compares 2026-Q2 (240) with 2025-Q2 (300).
    spec = tmp_path / "kpis.yaml"
    spec.write_text(csv_shop.read_text(encoding="utf-8").replace("baseline: 2025-Q2", "baseline: 2025")
                    .replace("orders.csv", str(csv_shop.parent / "orders.csv")), encoding="utf-8")
    result = runner.invoke(app, ["review", str(spec), "--as-of", "2030-01-01", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    (kpi,) = data["kpis"]
    assert kpi["current"]["period"] == "2026-H1" and kpi["current"]["value"] == 480
    assert kpi["baseline"]["value"] == pytest.approx(1200 * 181 / 365)
    assert any("10 Jun 2026" in r and "H1 2026" in r for r in kpi["reasons"])
    company = {m["metric"]: m for m in data["company"]["metrics"]}
    assert (company["revenue"]["current"], company["revenue"]["baseline"]) == (240, 300)


def test_distinct_counts_are_not_scaled_to_a_period_of_another_length(csv_shop, tmp_path):
    # --period 2026-Q1 on yearly baselines: revenue (a sum) is scaled pro rata, 2025's 1200 x 90/365; a count of
    # distinct customers is not a sum, so a year's cannot be brought to a quarter: not evaluable, with the reason
    spec = tmp_path / "kpis.yaml"
    spec.write_text(csv_shop.read_text(encoding="utf-8").replace("baseline: 2025-Q2", "baseline: 2025")
                    .replace("orders.csv", str(csv_shop.parent / "orders.csv"))
                    + "  - id: customers\n    metric: active_customers\n    level: outcome\n    baseline: 2025\n"
                      "    target: {to: 20, by: 2026-12-31}\n", encoding="utf-8")
    result = runner.invoke(app, ["review", str(spec), "--period", "2026-Q1", "--format", "json"])
    assert result.exit_code == 0, result.output
    kpis = {k["id"]: k for k in json.loads(result.stdout)["kpis"]}
    assert kpis["rev"]["baseline"]["value"] == pytest.approx(1200 * 90 / 365)
    assert kpis["rev"]["baseline"]["pro_rata"] and not kpis["customers"]["baseline"]["pro_rata"]
    # the tables say that the baseline is scaled, with its factor (90 / 365)
    text = runner.invoke(app, ["review", str(spec), "--period", "2026-Q1"]).stdout
    assert "(×0.247)" in next(line for line in text.splitlines() if line.startswith("rev "))  # its table row
    md = runner.invoke(app, ["review", str(spec), "--period", "2026-Q1", "--format", "md", "--lang", "fr"]).stdout
    assert "(×0,247)" in next(line for line in md.splitlines() if line.startswith("| `rev`"))
    assert kpis["customers"]["verdict"] == "not_evaluable"
    assert any("distinct" in r and "Q1 2026" in r for r in kpis["customers"]["reasons"])
    # over a period as long as its baseline it is compared as measured: 12 customers in 2025 (one a month), 12
    # over the year to June 2026 (the baseline itself, --period 2025, is before the horizon: not judged)
    whole = runner.invoke(app, ["review", str(spec), "--period", "2025-07-01..2026-06-30", "--format", "json"])
    customers = {k["id"]: k for k in json.loads(whole.stdout)["kpis"]}["customers"]
    assert customers["baseline"]["value"] == 12 and customers["verdict"] != "not_evaluable"
    assert customers["current"]["value"] == 12 and customers["baseline"]["pro_rata"] is False


def test_unreadable_times_name_the_users_own_column(tmp_path):
    """A French export maps ordered_at to date_commande: the error names the column the user can find in the file."""
    (tmp_path / "commandes.csv").write_text("num,client,date_commande,montant\na1,u1,5 Jänner 2026 10:00,100\n"
                                            "a2,u2,13 Jänner 2026 10:00,50\n", encoding="utf-8")
    spec = tmp_path / "kpis.yaml"
    spec.write_text("version: 1\ndata:\n  tables: {orders: commandes.csv}\n  columns:\n    orders: {order_id: num, "
                    "customer_id: client, ordered_at: date_commande, revenue: montant}\nkpis:\n  - id: r\n"
                    "    metric: revenue\n    target: {to: 1}\n", encoding="utf-8")
    result = runner.invoke(app, ["review", str(spec), "--lang", "fr"])
    assert result.exit_code == 2, result.output
    assert "impossible de lire les dates de la table 'orders' (colonne 'date_commande')" in result.stderr


def test_a_french_spreadsheet_export_with_decimal_commas_is_read(tmp_path):
    """`;` separators and `5,50` amounts, as Excel writes CSV in French: read as numbers, not refused as text;
    a file with decimal points beside it keeps its reading. AOV by hand: (5.50 + 6.25) / 2 = 5.875."""
    (tmp_path / "commandes.csv").write_text("num;client;date_commande;montant;statut\n"
                                            "a;x;2026-01-01 10:00:00;5,50;completed\n"
                                            "b;y;2026-01-02 10:00:00;6,25;completed\n", encoding="utf-8")
    (tmp_path / "points.csv").write_text("num;client;date_commande;montant;statut\n"
                                         "a;x;2026-01-01 10:00:00;5.50;completed\n"
                                         "b;y;2026-01-02 10:00:00;6.25;completed\n", encoding="utf-8")
    for name in ("commandes.csv", "points.csv"):
        spec = tmp_path / f"{name}.yaml"
        spec.write_text(f"version: 1\ndata:\n  tables: {{orders: {name}}}\n  columns:\n    orders: {{order_id: num, "
                        "customer_id: client, ordered_at: date_commande, revenue: montant, status: statut}\n",
                        encoding="utf-8")
        result = runner.invoke(app, ["compute", str(spec), "-m", "aov", "-m", "revenue", "-p", "2026-01",
                                     "--format", "json"])
        assert result.exit_code == 0, result.output
        values = {row["metric"]: row["value"] for row in json.loads(result.stdout)["values"]}
        assert values["aov"] == pytest.approx(5.875) and values["revenue"] == pytest.approx(11.75)


def test_compute_on_day_first_dates_names_the_value_and_the_users_column(tmp_path):
    """`compute` reached the engine's cast error in the middle of a metric; it now says which value, where."""
    (tmp_path / "commandes.csv").write_text("num;client;date_commande;montant\na;x;2026-01-04 10:00;5,50\n"
                                            "b;y;13/01/2026 10:00;6,25\n", encoding="utf-8")
    spec = tmp_path / "kpis.yaml"
    spec.write_text("version: 1\ndata:\n  tables: {orders: commandes.csv}\n  columns:\n    orders: {order_id: num, "
                    "customer_id: client, ordered_at: date_commande, revenue: montant}\n", encoding="utf-8")
    result = runner.invoke(app, ["compute", str(spec), "-m", "revenue", "-p", "2026-01", "--lang", "fr"])
    assert result.exit_code == 2, result.output
    assert (f"{spec}:3:12: impossible de lire les dates de la table 'orders' (colonne 'date_commande') : "
            "'13/01/2026 10:00' n'est pas une date que le moteur lit") in result.stderr
    assert "Conversion Error" not in result.stderr


def test_customers_and_visitors_written_several_ways_are_reported(tmp_path):
    """A hand-kept sheet writes one customer `C1`, ` c1` and `C1 `, and a visitor `V9` and `v9`: each way was
    one more active customer or visitor, without a word. By hand (one group-by on lower(trim(id))): customers
    c1 (3 ways) and c2 (2 ways) split, 3 ways too many; visitor v9 split, 1 too many (the blank one is
    nobody)."""
    spec, data = _reviewed_csv_shop(tmp_path, "a,C1,2026-01-10 10:00:00,10,completed,\nb, c1,2026-01-11 10:00:00,20,"
                                              "completed,\nc,C1 ,2026-01-12 10:00:00,5,completed,\nd,C2,2026-01-15 "
                                              "10:00:00,60,completed,\ne,c2,2026-01-16 10:00:00,60,completed,\n"
                                              "f,C3,2026-01-17 10:00:00,60,completed,\n")
    import duckdb

    by_hand = duckdb.sql(f"SELECT count(*), sum(w) - count(*) FROM (SELECT lower(trim(who)) p, count(DISTINCT who) w "
                         f"FROM read_csv('{tmp_path / 'orders.csv'}', all_varchar = true) WHERE trim(who) <> '' "
                         "GROUP BY p HAVING w > 1)").fetchall()[0]
    assert by_hand == (2, 3)
    assert data["warnings"] == [
        "2 of the customers in table orders are written in several ways that differ only by case or surrounding "
        "spaces (' c1' and 'C1 ' in who, for instance): kpiguard counts each way as another one. If they are the "
        "same, a count of customers can count up to 3 too many: write each id one way in the export (spaces "
        "trimmed, one case); ids whose case tells them apart (Stripe's cus_ ids) are different customers: nothing "
        "to do."]
    assert data["warnings_i18n"]["fr"][0].startswith("2 des clients de la table orders s'écrivent de plusieurs")
    (tmp_path / "sessions.csv").write_text("sid,visitor,start\ns1,V9,2026-01-10 10:00:00\ns2,v9,2026-01-11 10:00:00\n"
                                           "s3, ,2026-01-11 10:00:00\ns4,V8,2026-01-11 10:00:00\n", encoding="utf-8")
    spec.write_text(CSV_SPEC.replace("    orders: orders.csv\n", "    orders: orders.csv\n    sessions: sessions.csv\n")
                    .replace("  columns:\n", "  columns:\n    sessions: {session_id: sid, visitor_id: visitor, "
                                             "started_at: start}\n"), encoding="utf-8")
    result = runner.invoke(app, ["review", str(spec), "--format", "json"])
    assert json.loads(result.stdout)["data"]["warnings"][1] == (
        "1 of the visitors in table sessions is written in several ways that differ only by case or surrounding "
        "spaces ('V9' and 'v9' in visitor): kpiguard counts each way as another one. If they are one, every count "
        "of visitors counts 1 too many: write each id one way in the export (spaces trimmed, one case); ids whose "
        "case tells them apart (Stripe's cus_ ids) are different visitors: nothing to do.")
