"""What moved an additive KPI, by segment: the JSON block, its reason (EN/FR), its cost, its schema."""

from __future__ import annotations

import json
import math
from datetime import date
from pathlib import Path

import duckdb
import pytest

from kpiguard import load_spec
from kpiguard.review import review
from kpiguard.review.segments import OTHER, segments_block, segments_reason

from .review_shop import write_shop

AS_OF = date(2026, 6, 30)
SCHEMA = Path(__file__).resolve().parents[2] / "docs" / "review.schema.json"
# Two KPIs on order metrics over the same windows (June 2026 vs May 2026, implicit baseline): one query each
# metric; the verdict-matrix shop's sms/email KPIs are filtered on one channel and get no block.
EXTRA_KPIS = """\
  - id: revenue
    metric: revenue
    level: outcome
    target: {to: 130000}
    cadence: month
  - id: revenue-again
    metric: revenue
    level: outcome
    target: {to: 140000}
    cadence: month
  - id: orders
    metric: orders
    level: output
    target: {to: 1300}
    cadence: month
"""


@pytest.fixture(scope="module")
def shop(tmp_path_factory) -> Path:
    spec = write_shop(tmp_path_factory.mktemp("segshop"))
    spec.write_text(spec.read_text(encoding="utf-8") + EXTRA_KPIS, encoding="utf-8")
    return spec


@pytest.fixture(scope="module")
def calls(shop):
    """review() run once, counting the grouped segment queries it makes."""
    import kpiguard.metrics.segments as module

    seen = []
    original = module.compute_segments

    def counting(*args, **kwargs):
        seen.append((args[1], args[3]))
        return original(*args, **kwargs)

    module.compute_segments = counting
    try:
        result = review(load_spec(shop), as_of=AS_OF)
    finally:
        module.compute_segments = original
    return result, seen


def test_revenue_change_by_channel(calls):
    result, _ = calls
    block = result.to_dict()["kpis"][[k.id for k in result.kpis].index("revenue")]["segments"]
    # May 2026: ads 800, email 200, sms 150, social 100 orders of €100; June: ads 500, the rest unchanged
    assert block["dimension"] == "channel"
    assert (block["baseline"], block["current"], block["change"]) == (125000.0, 95000.0, -30000.0)
    assert block["contributions"][0] == {"segment": "ads", "baseline": 80000.0, "current": 50000.0,
                                         "change": -30000.0, "share_of_change": 1.0}
    assert [c["segment"] for c in block["contributions"]] == ["ads", "email", "sms", "social"]
    assert all(c["change"] == 0 and c["share_of_change"] == 0 for c in block["contributions"][1:])
    kpi = result.kpi("revenue")
    assert kpi.current_value == block["current"] and kpi.baseline_value == block["baseline"]
    assert kpi.reasons_i18n["en"][-1] == ("By channel, 'ads' moved the most: \u2212€30.0k of the \u2212€30.0k change "
                                          "(100.0% of it).")
    assert kpi.reasons_i18n["fr"][-1] == ("Par canal, c'est «\u00a0ads\u00a0» qui a le plus bougé : "
                                          "\u221230,0\u00a0k€ sur une variation de \u221230,0\u00a0k€ "
                                          "(100,0\u00a0% de celle-ci).")


def test_segments_match_hand_written_sql(calls, shop):
    result, _ = calls
    block = result.kpi("orders").segments
    sql = """select utm_medium, count(*) filter (where ordered_at >= '2026-05-01' and ordered_at < '2026-06-01'),
                    count(*) filter (where ordered_at >= '2026-06-01' and ordered_at < '2026-07-01')
             from read_parquet('{path}') where coalesce(status, 'completed') = 'completed' group by 1"""
    rows = {seg: (b, c) for seg, b, c in duckdb.sql(sql.format(path=shop.parent / "orders.parquet")).fetchall()}
    assert {c["segment"]: (c["baseline"], c["current"]) for c in block["contributions"]} == rows


def test_one_query_per_metric_and_dimension(calls):
    _, seen = calls
    # revenue for two KPIs -> one grouped query; orders one; no ratio is split, and neither are sms_revenue
    # and email_revenue, whose filters pin the channel (one segment: nothing to split, no query)
    assert sorted(seen) == [("orders", "channel"), ("revenue", "channel")]


def test_no_block_for_ratios_and_single_segment_metrics(calls):
    result, _ = calls
    for kpi in result.kpis:
        if kpi.id in ("revenue", "revenue-again", "orders"):
            assert kpi.segments is not None
        else:  # ratios; sms_revenue and email_revenue are filtered on one channel: nothing to split
            assert kpi.segments is None, kpi.id


def test_json_with_segments_matches_the_schema(calls):
    jsonschema = pytest.importorskip("jsonschema")
    data = json.loads(json.dumps(calls[0].to_dict()))
    jsonschema.validate(data, json.loads(SCHEMA.read_text(encoding="utf-8")))


def test_top_five_and_other_sum_to_the_change():
    before = {f"s{i}": 100.0 + i for i in range(9)}
    after = {f"s{i}": 100.0 + i * i for i in range(9)} | {"new": 7.0}
    block = segments_block("campaign", before, after)
    rows = block["contributions"]
    assert len(rows) == 6 and rows[-1]["segment"] == OTHER and rows[-1]["segments"] == 5
    assert [r["segment"] for r in rows[:5]] == ["s8", "s7", "s6", "s5", "s4"]
    assert math.isclose(sum(r["change"] for r in rows), block["change"], rel_tol=1e-12)
    assert math.isclose(sum(r["share_of_change"] for r in rows), 1.0, rel_tol=1e-12)
    assert block["change"] == pytest.approx(sum(after.values()) - sum(before.values()))


def test_scaled_baseline_and_unknown_values():
    block = segments_block("channel", {"a": 10.0, "b": 20.0}, {"a": 30.0, "b": 20.0}, scale=0.5)
    assert block["baseline"] == 15.0 and block["change"] == 35.0
    assert block["contributions"][0] == {"segment": "a", "baseline": 5.0, "current": 30.0, "change": 25.0,
                                         "share_of_change": pytest.approx(25 / 35)}
    assert segments_block("channel", {"a": None, "b": 1.0}, {"a": 1.0, "b": 1.0}) is None
    assert segments_block("channel", {"a": 1.0}, {"a": 2.0}) is None  # one segment: nothing to split


def test_reason_only_when_one_segment_explains_most():
    spread = segments_block("channel", {"a": 10.0, "b": 10.0, "c": 10.0}, {"a": 14.0, "b": 13.0, "c": 13.0})
    assert segments_reason(spread, "EUR", "en") is None  # 'a' is 40% of the change
    flat = segments_block("channel", {"a": 10.0, "b": 10.0}, {"a": 15.0, "b": 5.0})
    assert segments_reason(flat, "EUR", "en") is None  # the total did not move
    mostly = segments_block("category", {"a": 10.0, "b": 10.0}, {"a": 16.0, "b": 14.0})
    assert segments_reason(mostly, "orders", "en") == ("By category, 'a' moved the most: +6\u00a0orders of the "
                                                       "+10\u00a0orders change (60.0% of it).")


def test_segment_by_a_chosen_dimension(shop):
    spec = load_spec(shop)
    result = review(spec, as_of=AS_OF, series=False, segment_by="utm_medium")  # any column of the table
    block = result.kpi("revenue").segments
    assert block["dimension"] == "utm_medium"
    # the same split as the default one (channel is utm_medium on orders), now named by the column
    assert [c["segment"] for c in block["contributions"]] == ["ads", "email", "sms", "social"]
    assert block["contributions"][0]["change"] == -30000.0
    assert all(kpi.segments is None for kpi in result.kpis if kpi.id not in ("revenue", "revenue-again", "orders"))


def test_segment_by_a_dimension_nothing_has_is_an_error(shop):
    from kpiguard.errors import KpiguardError

    with pytest.raises(KpiguardError, match="cannot be split by 'colour'"):
        review(load_spec(shop), as_of=AS_OF, series=False, segment_by="colour")


def test_segment_by_on_the_command_line(shop):
    from typer.testing import CliRunner

    from kpiguard.cli import _register, app

    _register()
    runner = CliRunner()
    ok = runner.invoke(app, ["review", str(shop), "--as-of", "2026-06-30", "-f", "json", "--segment-by", "channel"])
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.stdout)["kpis"][-1]["segments"]["dimension"] == "channel"
    typo = runner.invoke(app, ["review", str(shop), "--as-of", "2026-06-30", "--segment-by", "colour"])
    assert typo.exit_code == 2 and "cannot be split by 'colour'" in typo.stderr and "Traceback" not in typo.output


def test_the_two_amounts_of_the_reason_are_written_alike():
    block = {"dimension": "channel", "change": 8320.04,
             "contributions": [{"segment": "email", "change": 14500.0, "share_of_change": 1.739}]}
    french = segments_reason(block, "EUR", "fr").replace("\u00a0", " ").replace("\u202f", " ")
    assert french == ("Par canal, c'est « email » qui a le plus bougé : +14,5 k€, plus que la variation totale de "
                      "+8,3 k€ (les autres segments : \u22126,2 k€).")
    assert "+€14.5k, more than the whole change of +€8.3k" in segments_reason(block, "EUR", "en")  # was "+€8,320.04"


def test_a_segment_that_moved_more_than_the_whole_says_the_others_went_the_other_way():
    """'organic' +150 while the total moved +21: the reason said "+€150.00 of the +€21.00 change (714.3% of it)"."""
    block = segments_block("channel", {"organic": 100.0, "email": 200.0, "ads": 50.0},
                           {"organic": 250.0, "email": 100.0, "ads": 21.0})
    assert segments_reason(block, "EUR", "en") == ("By channel, 'organic' moved the most: +€150.00, more than the "
                                                   "whole change of +€21.00 (the other segments: \u2212€129.00).")


def test_the_block_s_totals_and_changes_are_to_the_cent_as_the_engine_s_sums():
    """A PostgreSQL mart's channels, each summed to the cent by the engine: the JSON's total was
    129424540.21000001 and a channel's change 6429.60000000149 (float additions), where the hand-written
    `sum(total_price)` says 129424540.21 and 6429.60."""
    before = {"(none)": 51760555.92, "organic": 25884396.21, "email": 25876451.65, "cpc": 25887315.53}
    after = {"(none)": 51766985.52, "organic": 25888413.32, "email": 25879678.0, "cpc": 25889463.37}
    block = segments_block("utm_medium", before, after)
    assert (block["baseline"], block["current"], block["change"]) == (129408719.31, 129424540.21, 15820.9)
    changes = {row["segment"]: row["change"] for row in block["contributions"]}
    assert changes == {"(none)": 6429.6, "organic": 4017.11, "email": 3226.35, "cpc": 2147.84}


def test_rolling_totals_of_amounts_to_the_cent_are_to_the_cent():
    """The 12-month e-mail revenue the JSON charts (series_rolling) was 25876451.650000002 and 25879677.999999996
    for monthly sums to the cent: now the decimal totals, as `sum()` over the same twelve months gives them."""
    from kpiguard.review.rolling import rolling_totals

    monthly = [2197972.45, 1985634.05, 2199972.31, 2128412.97, 2199991.53, 2128901.22, 2199987.99, 2199655.31,
               2128901.19, 2199999.63, 2128401.37, 2199957.51, 2198387.40, 1986352.35]
    series = [{"date": f"{2025 + (i // 12)}-{i % 12 + 1:02d}-01", "value": v} for i, v in enumerate(monthly)]
    rolled = rolling_totals(series, 12, 25_000_000.0, [])
    from decimal import Decimal

    assert [r["value"] for r in rolled] == [
        float(sum(Decimal(str(v)) for v in monthly[i:i + 12])) for i in range(3)]
    assert all(len(repr(r["value"]).split(".")[1]) <= 2 for r in rolled)
