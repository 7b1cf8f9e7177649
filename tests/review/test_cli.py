"""`kpiguard review`: formats, --fail-on exit codes, user errors exit 2 without a traceback."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from kpiguard.cli import _register, app
from kpiguard.cli.review import parse_fail_on

from .review_shop import write_shop

_register()
runner = CliRunner()


@pytest.fixture(scope="module")
def spec(tmp_path_factory):
    return write_shop(tmp_path_factory.mktemp("cli-shop"))


def test_json_output_and_exit_zero_whatever_the_verdicts(spec):
    result = runner.invoke(app, ["review", str(spec), "--as-of", "2026-06-30", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["company"]["better_off"] == "no"
    assert {k["id"]: k["verdict"] for k in data["kpis"]}["social-share"] == "hollow_success"


def test_fail_on_matches_and_exits_one(spec, tmp_path):
    out = tmp_path / "review.md"
    result = runner.invoke(app, ["review", str(spec), "--as-of", "2026-06-30", "--format", "md", "--out", str(out),
                                 "--fail-on", "hollow,missed"])
    assert result.exit_code == 1
    assert "social-share" in result.stderr and "sms-missed" in result.stderr
    assert out.read_text(encoding="utf-8").startswith("## KPI review: Verdict matrix shop")
    assert result.stdout == f"{out}\n"  # where the review went, as `report` says (it printed nothing)
    ok = runner.invoke(app, ["review", str(spec), "--as-of", "2026-06-30", "--fail-on", "unclear"])
    assert ok.exit_code == 0
    french = runner.invoke(app, ["review", str(spec), "--as-of", "2026-06-30", "--format", "md", "--out", str(out),
                                 "--fail-on", "creux,manqué", "--lang", "fr"])
    assert french.exit_code == 1  # the verdicts named in words, as the review writes them (not hollow_success)
    assert "KPI avec un verdict de --fail-on (succès creux, manqué) : " in french.stderr


def test_french_text(spec):
    result = runner.invoke(app, ["review", str(spec), "--as-of", "2026-06-30", "--lang", "fr"])
    assert result.exit_code == 0
    assert "l'entreprise est-elle en meilleure situation\u202f? Non" in result.stdout
    assert "succès creux" in result.stdout


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_text_review_fits_a_narrow_terminal_and_keeps_numbers_with_their_units(spec, lang, monkeypatch):
    """COLUMNS=60: the review wrapped at 110 columns whatever the terminal, and in French Rich broke the lines at
    the no-break spaces ("29,7" at the end of a line, "% sur 2026" on the next)."""
    monkeypatch.setenv("COLUMNS", "60")
    result = runner.invoke(app, ["review", str(spec), "--as-of", "2026-06-30", "--lang", lang])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    first, second = [i for i, line in enumerate(lines) if not line][:2]
    table, prose = lines[first:second], lines[:first] + lines[second:]  # the table runs wider rather than cut a value
    assert len(table) > 2
    assert max(len(line) for line in prose) <= 60, [line for line in prose if len(line) > 60]
    cut = ("%", "k€", "M€", "€", "pts", ":", ";") if lang == "fr" else ("%",)  # a unit cut from its number
    for line in lines:
        assert not line.lstrip().startswith(cut), line
        assert not line.endswith(("\u00a0", "\u202f")), line
    assert "\u00a0%" in result.stdout or lang == "en"
    bullets = [i for i, line in enumerate(lines[:first]) if line.startswith("  • ")]
    follow = [lines[i + 1] for i in bullets if not lines[i + 1].startswith("  • ") and lines[i + 1].strip()]
    assert follow and all(line.startswith("    ") for line in follow)  # under the reason, not under the mark


def test_a_piped_review_keeps_its_width_whatever_the_terminal(spec, monkeypatch):
    monkeypatch.delenv("COLUMNS", raising=False)
    result = runner.invoke(app, ["review", str(spec), "--as-of", "2026-06-30"])
    assert max(len(line) for line in result.stdout.splitlines()) > 60  # not a width guessed from a pipe


@pytest.mark.parametrize("args", [
    ["--as-of", "2026-02-30"],
    ["--period", "2026-Q5"],
    ["--as-of", "2026-06-30", "--period", "2026-06"],
    ["--fail-on", "sad"],
])
def test_user_errors_exit_two(spec, args):
    result = runner.invoke(app, ["review", str(spec), *args])
    assert result.exit_code == 2 and result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output


def test_bad_spec_gives_a_location(tmp_path):
    bad = tmp_path / "kpis.yaml"
    bad.write_text("version: 1\nkpis:\n  - id: x\n    metric: no_such_metric\n", encoding="utf-8")
    result = runner.invoke(app, ["review", str(bad)])
    assert result.exit_code == 2
    assert f"{bad}:4:" in result.stderr


def test_fail_on_names():
    assert parse_fail_on("hollow, toxic,off-track") == ({"hollow_success", "toxic_success", "off_track"}, set())
    assert parse_fail_on("worse") == (set(), {"no"})
    with pytest.raises(ValueError):
        parse_fail_on("great")


def test_fail_on_takes_the_verdicts_as_the_french_review_prints_them():
    """A French reader reads "succès toxique", "en retard", "manqué" and writes them (they were unknown verdicts)."""
    assert parse_fail_on("creux, toxique,en retard, Manqué") == (
        {"hollow_success", "toxic_success", "off_track", "missed"}, set())
    assert parse_fail_on("sain,en-bonne-voie,non évaluable,incertain") == (
        {"healthy_success", "on_track", "not_evaluable"}, {"unclear"})
    result = CliRunner().invoke(app, ["review", "kpis.yaml", "--fail-on", "toxiqe", "--lang", "fr"])
    assert result.exit_code == 2 and "vouliez-vous dire 'toxique' ?" in result.stderr


def test_missing_data_file_is_a_user_error_with_its_location(tmp_path):
    spec = tmp_path / "kpis.yaml"
    spec.write_text("version: 1\ndata:\n  tables:\n    orders: nope/orders.parquet\nkpis:\n"
                    "  - id: rev\n    metric: revenue\n    target: {to: 100}\n", encoding="utf-8")
    result = runner.invoke(app, ["review", str(spec)])
    assert result.exit_code == 2
    assert f"{spec}:4:" in result.stderr and "not found" in result.stderr


@pytest.mark.parametrize(("placeholder", "lang", "says"), [
    ("9999-12-31", "en", "has dates from 2026-01-05 to 9999-12-31, outside the years kpiguard reads (1900 to 2999)"),
    ("9999-12-31 23:59:59", "fr", "a des dates du 2026-01-05 au 9999-12-31, hors des années que lit kpiguard"),
    (None, "en", "has dates from 0001-01-01 to 0001-01-01, outside the years kpiguard reads"),  # every row
])
def test_a_placeholder_date_in_the_data_is_named_not_an_overflow(placeholder, lang, says, tmp_path):
    """A 9999-12-31 row (an 'open-ended' placeholder) made the data's last day the review date: the window after it
    overflowed Python's calendar (OverflowError)."""
    days = ["2026-01-05", "2026-01-06", placeholder] if placeholder else ["0001-01-01"] * 3
    (tmp_path / "orders.csv").write_text(
        "order_id,customer_id,ordered_at,revenue,status\n"
        + "".join(f"{i},{i},{day},10.0,completed\n" for i, day in enumerate(days, 1)), encoding="utf-8")
    (tmp_path / "kpis.yaml").write_text(
        "data:\n  tables:\n    orders: orders.csv\nkpis:\n  - {id: revenue, metric: revenue}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["review", str(tmp_path / "kpis.yaml"), "--lang", lang])
    assert result.exit_code == 2, result.output
    assert "kpis.yaml:3:5: " in result.stderr and says in result.stderr, result.stderr


@pytest.mark.parametrize("output_format", ["json", "html"])
def test_an_as_of_decades_past_the_data_still_gives_verdicts(spec, output_format, tmp_path):
    """`--as-of 2100-12-31`: the charts' monthly series from the baseline would exceed the engine's 400 months, and
    the review failed with "a month series ... would have > 400 buckets" (a grain the user cannot choose); the HTML
    trajectory then had no tick step (StopIteration)."""
    out = tmp_path / f"review.{output_format}"
    result = runner.invoke(app, ["review", str(spec), "--as-of", "2100-12-31", "--format", output_format,
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    if output_format == "json":
        assert {k["id"] for k in json.loads(text)["kpis"]} >= {"social-share"}
    else:
        assert text.count("<svg") >= 1 and "</html>" in text


def test_data_on_the_first_year_kpiguard_reads_is_reviewed(tmp_path):
    """Data ending on 1900-01-01 is within the years kpiguard reads: the periods the review derives before it
    (1899) are its own, not a user's, and were refused as "outside the years kpiguard reads"."""
    (tmp_path / "orders.csv").write_text(
        "order_id,customer_id,ordered_at,revenue,status\n"
        + "".join(f"{i},{i},1900-01-01,10.0,completed\n" for i in range(1, 4)), encoding="utf-8")
    (tmp_path / "kpis.yaml").write_text(
        "data:\n  tables:\n    orders: orders.csv\nkpis:\n  - {id: revenue, metric: revenue}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["review", str(tmp_path / "kpis.yaml")])
    assert result.exit_code == 0, result.output
    assert "revenue" in result.stdout


def test_a_database_engine_without_tables_names_the_tables_it_holds(tmp_path):
    """`engine: shop.duckdb` and no `tables:` said only "data.tables is empty ... e.g. orders: data/orders.parquet",
    though the database holds `orders` and `sessions`: the way out now names them."""
    import duckdb

    with duckdb.connect(str(tmp_path / "shop.duckdb")) as con:
        con.execute("create table orders (order_id varchar, customer_id varchar, ordered_at timestamp, revenue double)")
        con.execute("create table sessions (session_id varchar, visitor_id varchar, started_at timestamp)")
        con.execute("create table notes (body varchar)")
    spec = tmp_path / "kpis.yaml"
    spec.write_text("version: 1\ndata:\n  engine: shop.duckdb\nkpis:\n  - id: rev\n    metric: revenue\n"
                    "    target: {to: 100}\n", encoding="utf-8")
    result = runner.invoke(app, ["review", str(spec)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "kpis.yaml:3:3: data.tables is empty; the engine holds tables of the canonical names: map them, e.g. " \
           "tables: {orders: orders, sessions: sessions}" in result.stderr
    computed = runner.invoke(app, ["compute", str(spec), "-m", "revenue", "-p", "2025", "--lang", "fr"])
    assert computed.exit_code == 2
    assert "le moteur a une table 'orders' : orders: orders" in computed.stderr


def test_amounts_read_as_text_leave_the_average_not_evaluable_with_the_data_s_reason(tmp_path):
    """An AOV KPI on amounts the engine reads as text ('abc') stopped the whole review on a type error about
    a filter the user never wrote (the spread kpiguard adds to an average compares amounts with 0)."""
    (tmp_path / "orders.csv").write_text("order_id,customer_id,ordered_at,revenue\n1,a,2025-03-01,50.5\n"
                                         "2,b,2026-02-01,abc\n", encoding="utf-8")
    spec = tmp_path / "kpis.yaml"
    spec.write_text("version: 1\ncurrency: EUR\ndata:\n  tables: {orders: orders.csv}\nkpis:\n  - id: aov\n"
                    "    metric: aov\n    baseline: 2025\n    target: {to: 60, by: 2026-12-31}\n", encoding="utf-8")
    result = runner.invoke(app, ["review", str(spec), "--format", "json"])
    assert result.exit_code == 0, result.output
    (kpi,) = json.loads(result.stdout)["kpis"]
    assert kpi["verdict"] == "not_evaluable"
    assert "reads as text, not numbers ('abc' is not a number)" in kpi["reasons"][0]
    assert "type-check" not in result.output
