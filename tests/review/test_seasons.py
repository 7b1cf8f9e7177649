"""A KPI judged over another time of year than its baseline (a fourth quarter against a third): the same months a
year earlier say how much of the move is the season's. Hand-made shop, numbers checked in SQL."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from typer.testing import CliRunner

from kpiguard.cli import _register, app

_register()
runner = CliRunner()

SPEC = """\
version: 1
currency: EUR
timezone: UTC
data:
  tables: {orders: orders.parquet}
metrics:
  marketplace_revenue: {type: simple, table: orders, measure: sum(revenue), filter: "utm_medium = 'marketplace'",
                        kind: amount, unit: EUR, direction: up}
  marketplace_share: {type: ratio, numerator: marketplace_revenue, denominator: revenue, ratio_of: share,
                      unit: "%", direction: up}
kpis:
  - id: marketplace-share
    metric: marketplace_share
    level: output
    baseline: BASELINE
    cadence: quarter
    target: {from: 15%, to: 25%, by: 2026-12-31}
"""


def _shop(root, q4_2024_marketplace: int, baseline: str = "2025-Q3"):
    """Orders of 100 EUR, 2024-01..2026-03. Off season: 85 web + 15 marketplace a month (15 %); October to
    December, twice the sales: 140 web + 60 marketplace (30 %), except in 2024 when marketplace had
    `q4_2024_marketplace` a month."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows: dict[str, list] = {k: [] for k in ("order_id", "customer_id", "ordered_at", "revenue", "status",
                                             "utm_medium")}
    months = [(y, m) for y in (2024, 2025) for m in range(1, 13)] + [(2026, m) for m in (1, 2, 3)]
    for year, month in months:
        q4 = month >= 10
        mix = {"web": 140, "marketplace": q4_2024_marketplace if year == 2024 else 60} if q4 else \
            {"web": 85, "marketplace": 15}
        for channel, count in mix.items():
            for i in range(count):
                n = len(rows["order_id"])
                rows["order_id"].append(f"o{n}")
                rows["customer_id"].append(f"c{n}")
                rows["ordered_at"].append(datetime(year, month, 1 + i % 28, 12))
                rows["revenue"].append(100.0)
                rows["status"].append("completed")
                rows["utm_medium"].append(channel)
    pq.write_table(pa.table(rows), root / "orders.parquet")
    (root / "kpis.yaml").write_text(SPEC.replace("BASELINE", baseline), encoding="utf-8")
    return root / "kpis.yaml"


def _review(spec, as_of, lang="en"):
    result = runner.invoke(app, ["review", str(spec), "--as-of", as_of, "--format", "json", "--lang", lang])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["kpis"][0]


def _share(spec, start, end):
    import duckdb

    return duckdb.connect().execute(f"select sum(revenue) filter (where utm_medium = 'marketplace') / sum(revenue) "
                      f"from '{spec.parent / 'orders.parquet'}' where ordered_at >= '{start}' and ordered_at < '{end}'"
                      ).fetchone()[0]


def test_a_success_that_the_same_months_had_a_year_earlier_is_said_to_be_the_seasons(tmp_path):
    spec = _shop(tmp_path, q4_2024_marketplace=60)
    kpi = _review(spec, "2025-12-31")
    # 2025-Q4 (30 %) against 2025-Q3 (15 %): met, and healthy as far as the verdict rules go
    assert (_share(spec, "2025-10-01", "2026-01-01"), _share(spec, "2025-07-01", "2025-10-01")) == (0.3, 0.15)
    assert kpi["verdict"] == "healthy_success"
    # but 2024-Q4 was already 30 %: the +15 pts are the season's; the verdict is qualified, as one met at baseline
    assert kpi["met_by_season"] is True and kpi["met_at_baseline"] is False
    text = runner.invoke(app, ["review", str(spec), "--as-of", "2025-12-31"]).stdout
    assert "✔ marketplace-share: healthy success (the season's, not earned)" in text
    assert "1 KPI: 1 healthy success (the season's, not earned)" in text
    page = runner.invoke(app, ["report", str(spec), "--as-of", "2025-12-31", "--out", "-", "--lang", "fr"]).stdout
    assert "Succès sain (dû à la saison, non gagné)" in page
    assert _share(spec, "2024-10-01", "2025-01-01") == 0.3
    season = next(r for r in kpi["reasons"] if r.startswith("Seasonality"))
    assert season.startswith("Seasonality: marketplace_share is judged over Q4 2025 against Q3 2025")
    assert "Over Q4 2024, the same months a year earlier, it was already 30.0%, past the target 25.0%" in season
    assert "it moved ±0.0\u00a0pts from them, against +15.0\u00a0pts from the baseline" in season
    fr = next(r for r in _review(spec, "2025-12-31", "fr")["reasons"] if r.startswith("Saisonnalité : "))
    assert "il valait déjà 30,0\u00a0%" in fr


def test_a_toxic_headline_is_followed_by_its_breach_then_the_season(tmp_path):
    from datetime import date

    from kpiguard.review.guardrails import Sample, Threshold, judge_threshold
    from kpiguard.review.verdict import judge

    breach = judge_threshold("revenue", None, "Revenue", Threshold("max_decrease", 0.0), Sample(100.0),
                             Sample(90.0))
    verdict, reasons = judge(_facts(current=950.0, baseline=800.0, to=900.0, start=800.0, guardrails=[breach],
                                    year_earlier=("2025-06", 940.0), deadline=date(2026, 12, 31)))
    assert verdict == "toxic_success"
    assert reasons[0].endswith("while a guardrail broke:") and reasons[1] == breach.reason
    assert reasons[2].startswith("Seasonality: Orders is judged over June 2026 against May 2026")


def test_a_fall_into_the_low_season_is_said_to_be_the_seasons_too(tmp_path):
    spec = _shop(tmp_path, q4_2024_marketplace=60, baseline="2025-Q4")
    kpi = _review(spec, "2026-03-31")
    # 2026-Q1 (15 %) against 2025-Q4 (30 %): off track, and 2025-Q1 was 15 % as well
    assert kpi["verdict"] == "off_track" and kpi["met_by_season"] is False
    season = next(r for r in kpi["reasons"] if r.startswith("Seasonality"))
    assert "Over Q1 2025, the same months a year earlier, it was 15.0%" in season
    assert "\u221215.0\u00a0pts from the baseline" in season


@pytest.mark.parametrize("as_of", ["2025-12-31", "2026-03-31"])
def test_a_move_the_same_months_did_not_have_a_year_earlier_is_not_the_seasons(tmp_path, as_of):
    # 2024's fourth quarter had no marketplace rise (15 %): 2025-Q4's 30 % is progress, not the season
    spec = _shop(tmp_path, q4_2024_marketplace=25)
    assert _share(spec, "2024-10-01", "2025-01-01") == pytest.approx(25 / 165)
    kpi = _review(spec, as_of)
    assert not any(r.startswith("Seasonality") for r in kpi["reasons"]) and kpi["met_by_season"] is False


def _facts(**fields):
    from datetime import date

    from kpiguard.review.verdict import Facts

    base = {"label": "Orders", "unit": "orders", "direction": "up", "current_period": "2026-06",
            "baseline_period": "2026-05", "current": 845.0, "baseline": 845.0, "to": 900.0, "start": 845.0,
            "deadline": date(2026, 12, 31), "attainment": 0.0, "expected": 0.5, "progress_basis": "linear",
            "year_earlier": ("2025-06", 850.0)}
    base.update(fields)
    return Facts(**base)


@pytest.mark.parametrize("fields", [
    {},                                          # no move from the baseline: nothing for the season to explain
    {"current": 860.0, "year_earlier": ("2025-06", 830.0)},  # up from the baseline, the season was down
    {"deadline": None, "current": 950.0, "year_earlier": ("2025-06", 940.0)},  # a target for every month
    # a B2B shop's orders, 233 over 2025-H2, 224 over 2026-H1, 220 over 2025-H1: chance, not a season (5.6 %)
    {"baseline": 233.0, "current": 224.0, "start": 240.0, "to": 250.0, "year_earlier": ("2025-H1", 220.0)},
    # a rate on 17 cases: its move is fragile, the season's part of it even more
    {"unit": "%", "baseline": 0.95, "current": 0.53, "start": 0.95, "to": 0.4, "direction": "down",
     "year_earlier": ("2025-Q4", 0.5), "small_sample": (17, "2026-Q1", "First-time customers")},
])
def test_no_season_reason_where_the_season_explains_no_move_of_the_verdict(fields):
    from kpiguard.review.verdict import judge

    _, reasons = judge(_facts(**fields))
    assert not any(r.startswith("Seasonality") for r in reasons)


def test_a_channel_opened_last_july_is_paced_linearly_not_by_its_empty_months(tmp_path):
    # web 90 orders a month from 2025-01; SMS opened in 2025-07 with 10 a month, 11 in 2026 (orders of 100 EUR).
    # SMS revenue 6,000 over 2025-H2 -> 12,000, seasonal: 6,600 over 2026-H1 is 10 % of the way. Last year's
    # January to June weighed nothing: the seasonal pace expected 0 % by June, so the KPI read "on track".
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows: dict[str, list] = {k: [] for k in ("order_id", "customer_id", "ordered_at", "revenue", "utm_medium")}
    for year, month in [(2025, m) for m in range(1, 13)] + [(2026, m) for m in range(1, 7)]:
        sms = 0 if (year, month) < (2025, 7) else 10 if year == 2025 else 11
        for channel, count in (("web", 90), ("sms", sms)):
            for i in range(count):
                n = len(rows["order_id"])
                rows["order_id"].append(f"o{n}")
                rows["customer_id"].append(f"c{n}")
                rows["ordered_at"].append(datetime(year, month, 1 + i % 28, 12))
                rows["revenue"].append(100.0)
                rows["utm_medium"].append(channel)
    pq.write_table(pa.table(rows), tmp_path / "orders.parquet")
    (tmp_path / "kpis.yaml").write_text("""\
version: 1
data:
  tables: {orders: orders.parquet}
metrics:
  sms_revenue: {type: simple, table: orders, measure: sum(revenue), filter: "utm_medium = 'sms'", kind: amount}
kpis:
  - id: sms
    metric: sms_revenue
    baseline: 2025-H2
    seasonal: true
    target: {from: 6000, to: 12000, by: 2026-12-31}
""", encoding="utf-8")
    kpi = _review(tmp_path / "kpis.yaml", "2026-06-30")
    assert kpi["current"]["value"] == 6600 and kpi["attainment"] == pytest.approx(0.1)
    assert kpi["progress_basis"] == "linear" and kpi["expected_progress"] == pytest.approx(181 / 365)
    assert kpi["verdict"] == "off_track"
