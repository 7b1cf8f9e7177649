"""`kpiguard report`: writes the page atomically, prints its path, and answers bad input with exit code 2."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kpiguard.cli import _register, app

_register()

SPEC = """\
version: 1
name: Tiny shop
currency: EUR
timezone: UTC
data:
  tables:
    orders: orders.parquet
teams:
  growth: {name: Growth}
  crm: {name: CRM}
kpis:
  - id: revenue-up
    statement: "Passer de 36 000 à 40 000 € de CA"
    metric: revenue
    level: outcome
    owner: growth
    contributors: [crm]
    baseline: 2025
    target: {from: 36000, to: 40000, by: 2026-12-31}
  - id: basket
    statement: "Panier moyen de 30 € à 33 €"
    metric: aov
    level: output
    owner: crm
    serves: [revenue-up]
    baseline: 2025
    target: {from: 30, to: 33, by: 2026-12-31}
    guardrails:
      - metric: orders
        max_decrease: 10%
"""


def _shop(folder: Path) -> Path:
    """100 orders of 30 EUR a month in 2025, then 100 orders of 32 EUR a month in 2026-01..2026-06."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows: dict[str, list] = {
        k: [] for k in ("order_id", "customer_id", "ordered_at", "revenue", "margin", "status")
    }
    months = [(2025, m) for m in range(1, 13)] + [(2026, m) for m in range(1, 7)]
    for year, month in months:
        for i in range(100):
            rows["order_id"].append(f"o{year}{month:02d}{i}")
            rows["customer_id"].append(f"c{i}")
            rows["ordered_at"].append(dt.datetime(year, month, 1 + i % 28, 12))
            rows["revenue"].append(30.0 if year == 2025 else 32.0)
            rows["margin"].append(9.0)
            rows["status"].append("completed")
    folder.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.table(rows), folder / "orders.parquet")
    spec = folder / "kpis.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    return spec


@pytest.fixture(scope="module")
def shop(tmp_path_factory) -> Path:
    return _shop(tmp_path_factory.mktemp("shop"))


def test_report_writes_the_page_and_prints_its_path(shop, tmp_path):
    out = tmp_path / "out" / "report.html"
    result = CliRunner().invoke(
        app, ["report", str(shop), "--out", str(out), "--lang", "fr", "--as-of", "2026-06-30"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(out)
    html = out.read_text(encoding="utf-8")
    assert '<html lang="fr">' in html
    assert html.count('class="kpi-card"') == 2
    assert "Panier moyen de 30\u00a0€ à 33\u00a0€" in html and "Garde-fous" in html
    assert "Growth" in html  # team names from the spec
    # the last 12 months by hand: 6 x 100 x 30 + 6 x 100 x 32 = 37 200 EUR over 1 200 orders -> 31 EUR a basket
    assert "<dd>37\u202f200\u00a0€</dd>" in html and "<dd>31,00\u00a0€</dd>" in html
    assert not list(out.parent.glob(".*.tmp"))  # written atomically: no temp file left


def test_report_in_english_with_a_forced_period(shop, tmp_path):
    out = tmp_path / "report.html"
    result = CliRunner().invoke(
        app, ["report", str(shop), "-o", str(out), "--period", "2026-Q2", "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert '<html lang="en">' in html and "Guardrails" in html and "Garde-fous" not in html


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--period", "2026-06", "--as-of", "2026-06-30"], "cannot be used together"),
        (["--as-of", "30/06/2026"], "YYYY-MM-DD"),
        (["--period", "June"], "--period: malformed period 'June'"),
        (["--segment-by", ""], "--segment-by needs a dimension"),
        (["--segment-by", "colour"], "cannot be split by 'colour'"),
    ],
)
def test_bad_options_are_user_errors(shop, tmp_path, args, words):
    result = CliRunner().invoke(app, ["report", str(shop), "--out", str(tmp_path / "r.html"), *args])
    assert result.exit_code == 2
    assert words in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "r.html").exists()


def test_a_broken_spec_points_at_the_line(tmp_path):
    spec = tmp_path / "kpis.yaml"
    spec.write_text(SPEC.replace("level: output", "level: outptu"), encoding="utf-8")
    result = CliRunner().invoke(app, ["report", str(spec), "--out", str(tmp_path / "r.html")])
    assert result.exit_code == 2
    assert f"{spec}:" in result.output and "Traceback" not in result.output


def test_french_error_messages(shop, tmp_path):
    result = CliRunner().invoke(
        app, ["report", str(shop), "--out", str(tmp_path / "r.html"), "--lang", "fr", "--as-of", "demain"]
    )
    assert result.exit_code == 2 and "AAAA-MM-JJ" in result.output


def test_write_report_restores_the_language_in_force(shop, tmp_path):
    from kpiguard._i18n import get_lang, set_lang
    from kpiguard.report import write_report

    set_lang("en")
    path = write_report(shop, tmp_path / "r.html", as_of=dt.date(2026, 6, 30), lang="fr")
    assert get_lang() == "en"
    assert '<html lang="fr">' in path.read_text(encoding="utf-8")


def test_review_format_html_writes_the_reports_page(shop, tmp_path):
    """`kpiguard review --format html` gives the page `kpiguard report` writes (it was refused: not one of text,
    json, md), with its charts, in the language asked."""
    out = tmp_path / "report.html"
    args = ["--as-of", "2026-06-30", "--lang", "fr"]
    assert CliRunner().invoke(app, ["report", str(shop), "--out", str(out), *args]).exit_code == 0
    result = CliRunner().invoke(app, ["review", str(shop), "--format", "html", *args])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("<!DOCTYPE html>") and '<html lang="fr">' in result.stdout
    assert result.stdout.rstrip() == out.read_text(encoding="utf-8").rstrip()
