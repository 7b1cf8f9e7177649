"""`kpiguard compute` and `kpiguard explain` on the hand-made shop: outputs, formats, user errors (exit 2)."""

from __future__ import annotations

import csv
import io
import json

from typer.testing import CliRunner

from kpiguard.cli import _register, app

_register()
runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


def test_compute_text(shop_dir):
    result = run("compute", str(shop_dir / "kpis.yaml"), "-m", "revenue", "-m", "email_open_rate", "-p", "2025-01")
    assert result.exit_code == 0, result.output
    # written as the review and the report write them, at compute's precision
    assert "€165.00" in result.stdout and "50.00%" in result.stdout
    french = run("compute", str(shop_dir / "kpis.yaml"), "-m", "revenue", "-m", "email_open_rate", "-p", "2025-01",
                 "--lang", "fr")
    assert "165,00\u00a0€" in french.stdout and "50,00\u00a0%" in french.stdout


def test_compute_text_shows_a_count_of_the_users_own_whole_without_a_declared_kind(shop_dir, tmp_path):
    """`measure: count(distinct customer_id)` with no `kind:` was printed `4.00`; it counts customers: `4`."""
    text = (shop_dir / "kpis.yaml").read_text(encoding="utf-8").replace("data/", f"{shop_dir}/data/")
    text = text.replace("metrics:\n", "metrics:\n  buyers:\n    type: simple\n    table: orders\n"
                        "    measure: count(distinct customer_id)\n", 1)
    (tmp_path / "kpis.yaml").write_text(text, encoding="utf-8")
    result = run("compute", str(tmp_path / "kpis.yaml"), "-m", "buyers", "-m", "revenue", "-p", "2025-01")
    assert result.exit_code == 0, result.output
    row = next(line for line in result.stdout.splitlines() if line.startswith("buyers"))
    assert row.split()[2] == "4", row  # c1, c3, c4, c5 ordered in January, any status (c2 on Feb 1 in Paris)
    assert "€165.00" in result.stdout


def test_compute_json_with_series(shop_dir):
    result = run("compute", str(shop_dir / "kpis.yaml"), "-m", "aov", "-p", "2025-Q1", "--by", "month", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    (value,) = data["values"]
    assert value["value"] == 325.49 / 7 and value["numerator"] == 325.49 and value["denominator"] == 7
    assert [v["period"] for v in data["series"]["aov"]] == ["2025-01", "2025-02", "2025-03"]
    assert data["series"]["aov"][0]["value"] == 165 / 4


def test_compute_csv_marks_empty_periods(shop_dir):
    result = run("compute", str(shop_dir / "kpis.yaml"), "-m", "revenue", "-p", "2025-04", "-p", "2025-03",
                 "-f", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["period"], r["value"], r["status"]) for r in rows] == [("2025-04", "", "empty"),
                                                                       ("2025-03", "19.99", "ok")]


def test_compute_french(shop_dir):
    result = run("compute", str(shop_dir / "kpis.yaml"), "-m", "revenue", "-p", "2025-04", "--lang", "fr")
    assert result.exit_code == 0
    assert "aucune donnée" in result.stdout and "valeur" in result.stdout


def test_explain_prints_sql_naming_metrics(shop_dir):
    result = run("explain", str(shop_dir / "kpis.yaml"), "-m", "email_revenue_share", "-p", "2025-Q1")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "-- metrics: email_revenue, revenue" in out or "-- metrics: revenue, email_revenue" in out
    assert "email_revenue_share = email_revenue / revenue" in out
    assert "SELECT" in out and "GROUP BY" in out


def test_errors_exit_2_with_location(shop_dir, tmp_path):
    result = run("compute", str(shop_dir / "kpis.yaml"), "-m", "revenu", "-p", "2025-01")
    assert result.exit_code == 2 and "did you mean 'revenue'" in result.stderr
    result = run("compute", str(shop_dir / "kpis.yaml"), "-m", "revenue", "-p", "2025-Q7")
    assert result.exit_code == 2 and "malformed period" in result.stderr
    # the option is named, as review and report name it (it was a bare "malformed period")
    assert result.stderr.startswith("--period: malformed period '2025-Q7'")
    result = run("explain", str(shop_dir / "kpis.yaml"), "-m", "revenue", "-p", "T4-2025")
    assert result.exit_code == 2 and result.stderr.startswith("--period: malformed period 'T4-2025'")
    bad = tmp_path / "bad.yaml"
    bad.write_text((shop_dir / "kpis.yaml").read_text().replace("data/", str(shop_dir / "data") + "/")
                   .replace("measure: count(*)", "measure: count(*) from orders; drop table orders"))
    result = run("compute", str(bad), "-m", "big_orders", "-p", "2025-01")
    assert result.exit_code == 2
    assert f"{bad}:" in result.stderr and "Traceback" not in result.output


def test_compute_segment_by_channel_in_every_format(shop_dir):
    spec = str(shop_dir / "kpis.yaml")
    text = run("compute", spec, "-m", "revenue", "-p", "2025-Q1", "--segment-by", "channel")
    assert text.exit_code == 0, text.output
    lines = text.stdout.splitlines()
    assert lines[0] == "revenue by channel"
    # largest first, with its share of the quarter's 325.49
    rows = [line.split() for line in lines[3:6]]
    assert [r[1] for r in rows] == ["email", "cpc", "(none)"]
    assert rows[0][2:] == ["€180.49", "55.5%"]

    data = json.loads(run("compute", spec, "-m", "revenue", "-p", "2025-Q1", "--segment-by", "channel",
                          "-f", "json").stdout)
    (split,) = data["segments"]
    assert split["dimension"] == "channel"
    assert split["periods"][0]["segments"] == {"email": 180.49, "cpc": 80.0, "(none)": 65.0}

    rows = list(csv.DictReader(io.StringIO(run("compute", spec, "-m", "orders", "-p", "2025-01", "--by", "month",
                                               "--segment-by", "channel", "-f", "csv").stdout)))
    assert {(r["period"], r["segment"], r["value"]) for r in rows} == {
        ("2025-01", "email", "1.0"), ("2025-01", "(none)", "3.0")}


def test_compute_segment_by_refuses_what_cannot_be_split(shop_dir):
    spec = str(shop_dir / "kpis.yaml")
    ratio = run("compute", spec, "-m", "aov", "-p", "2025-Q1", "--segment-by", "channel")
    assert ratio.exit_code == 2 and "cannot be split by segment" in ratio.stderr
    typo = run("compute", spec, "-m", "revenue", "-p", "2025-Q1", "--segment-by", "chanel")
    assert typo.exit_code == 2 and "cannot be split by 'chanel'" in typo.stderr
    empty = run("compute", spec, "-m", "revenue", "-p", "2025-Q1", "--segment-by", " ")
    assert empty.exit_code == 2 and "--segment-by needs a dimension" in empty.stderr
    assert "Traceback" not in ratio.output + typo.output + empty.output


def test_compute_segment_by_on_the_kpis_metrics_leaves_out_what_cannot_be_split(shop_dir, tmp_path):
    """Without --metric, one KPI on a ratio stopped the whole split (exit 2): the sums and counts are split, the
    rest is named on stderr; a metric asked for with --metric is still refused."""
    text = (shop_dir / "kpis.yaml").read_text(encoding="utf-8").replace(
        "kpis: []", "kpis:\n  - {id: rev, metric: revenue}\n  - {id: basket, metric: aov}\n")
    data = shop_dir / "data"
    spec = tmp_path / "kpis.yaml"
    spec.write_text(text.replace("data/", f"{data}/"), encoding="utf-8")
    result = run("compute", str(spec), "-p", "2025-Q1", "--segment-by", "channel")
    assert result.exit_code == 0, result.output
    assert "revenue by channel" in result.stdout and "aov" not in result.stdout
    assert "left out: metric 'aov' cannot be split by segment" in result.stderr
    only_aov = tmp_path / "aov.yaml"
    only_aov.write_text(text.replace("kpis:\n  - {id: rev, metric: revenue}\n", "kpis:\n").replace(
        "data/", f"{data}/"), encoding="utf-8")
    assert run("compute", str(only_aov), "-p", "2025-Q1", "--segment-by", "channel").exit_code == 2


def test_compute_segment_by_refuses_a_metric_that_cannot_be_split_before_reading_data(tmp_path):
    """`-m revenue -m visitors --by day --segment-by channel` split revenue over a year of days (22 s) before
    saying that visitors cannot be split: now said first, here before even finding that the data is missing."""
    spec = tmp_path / "kpis.yaml"
    spec.write_text("version: 1\ndata:\n  tables: {orders: nowhere/orders.parquet}\n", encoding="utf-8")
    result = run("compute", str(spec), "-m", "revenue", "-m", "aov", "-p", "2025", "--segment-by", "channel")
    assert result.exit_code == 2 and "'aov' cannot be split by segment" in result.stderr
    assert "not found" not in result.stderr


def _split_ids_shop(tmp_path):
    """Orders whose customer C1 is also written ` c1 ` (an export that kept a CRM's spaces and case), and e-mail
    events whose recipients are written one way: by hand, `SELECT count(DISTINCT customer_id)` gives 3 customers
    in January where 2 people ordered."""
    (tmp_path / "orders.csv").write_text(
        "order_id,ordered_at,revenue,customer_id,status\n1,2025-01-05,10,C1,completed\n"
        "2,2025-01-06,20, c1 ,completed\n3,2025-01-07,5,C2,completed\n", encoding="utf-8")
    (tmp_path / "kpis.yaml").write_text("version: 1\ndata:\n  tables:\n    orders: orders.csv\n", encoding="utf-8")
    return str(tmp_path / "kpis.yaml")


def test_compute_warns_when_the_customers_it_counts_are_split_by_case_or_spaces(tmp_path):
    """`review` said that ` c1 ` and `C1` count as two customers; `compute` printed 3 active customers without a
    word. The warning comes on stderr, after the values, so that JSON and CSV outputs stay whole."""
    spec = _split_ids_shop(tmp_path)
    result = run("compute", spec, "-m", "active_customers", "-p", "2025-01", "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["values"][0]["value"] == 3
    assert "warning: 1 of the customers in table orders is written in several ways" in result.stderr
    assert "(' c1 ' and 'C1' in customer_id)" in result.stderr
    french = run("compute", spec, "-m", "active_customers", "-p", "2025-01", "--lang", "fr")
    assert "attention : 1 des clients de la table orders s'écrit de plusieurs façons" in french.stderr


def test_compute_says_nothing_of_split_ids_its_metrics_do_not_count(tmp_path):
    """Revenue adds up amounts whoever the customer: the way ids are written changes none of it."""
    result = run("compute", _split_ids_shop(tmp_path), "-m", "revenue", "-p", "2025-01")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""


def test_compute_warns_only_of_split_ids_among_the_orders_its_metrics_count(tmp_path):
    """A cancelled order's ` c1 ` beside a completed `C1` changes no count of customers (only completed orders
    count): the warning named it and said 2 customers were split. By hand: `SELECT lower(trim(customer_id)) k,
    count(DISTINCT customer_id) FROM orders WHERE coalesce(status, 'completed') = 'completed' GROUP BY k HAVING
    count(DISTINCT customer_id) > 1` gives c2 alone."""
    (tmp_path / "orders.csv").write_text(
        "order_id,ordered_at,revenue,customer_id,status\n1,2025-01-05,10,C1,completed\n"
        "2,2025-01-06,20, c1 ,cancelled\n3,2025-01-07,5,C2,completed\n4,2025-01-08,5,c2,\n", encoding="utf-8")
    (tmp_path / "kpis.yaml").write_text("version: 1\ndata:\n  tables:\n    orders: orders.csv\n", encoding="utf-8")
    result = run("compute", str(tmp_path / "kpis.yaml"), "-m", "active_customers", "-p", "2025-01", "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["values"][0]["value"] == 3  # C1, C2, c2
    assert "warning: 1 of the customers in table orders is written in several ways" in result.stderr
    assert "('C2' and 'c2' in customer_id)" in result.stderr
