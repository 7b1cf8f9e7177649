"""SVG charts: valid, accessible, and drawn where the data says (a rising series rises, a breach is in the zone)."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET

import pytest

from kpiguard.report.charts import nice_ticks, render_chart
from kpiguard.report.view import build_view

from .fixture import review_fixture

SVG = "{http://www.w3.org/2000/svg}"


def _svg(spec, lang="en"):
    return ET.fromstring(render_chart(spec, lang, "EUR"))


def _charts(view):
    for card in view["kpis"]:
        yield card["trajectory"]
        if card["parts"]:
            yield card["parts"]
        if card["waterfall"]:
            yield card["waterfall"]
        for guardrail in card["guardrails"]:
            yield guardrail["chart"]
    yield view["grid"]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_chart_is_valid_svg_with_a_text_alternative(lang):
    view = build_view(review_fixture(lang), lang)
    charts = list(_charts(view))
    assert len(charts) == 7 + 2 + 1 + 7 + 1  # trajectories, ratio parts, waterfall, guardrails, grid
    for spec in charts:
        root = _svg(spec, lang)
        assert root.get("role") == "img"
        assert root.get("aria-label")
        title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
        assert title is not None and title.text and desc is not None and desc.text
        assert set(root.get("aria-labelledby").split()) == {title.get("id"), desc.get("id")}


def test_svg_escapes_text_from_the_spec():
    spec = build_view(review_fixture("en"), "en")["kpis"][0]["trajectory"]
    spec = {**spec, "title": 'Share <script>alert("x")</script> & co'}
    root = _svg(spec)
    assert root.find(f"{SVG}title").text == 'Share <script>alert("x")</script> & co'
    assert root.find(f".//{SVG}script") is None


def _polyline(root, color):
    for line in root.iter(f"{SVG}polyline"):
        if line.get("stroke") == color:
            return [tuple(map(float, p.split(","))) for p in line.get("points").split()]
    raise AssertionError(f"no line of color {color}")


def test_trajectory_draws_the_series_in_time_order_and_upwards_when_it_rises():
    spec = {
        "kind": "trajectory",
        "id": "t",
        "title": "t",
        "desc": "d",
        "unit": "%",
        "series": [
            {"date": "2026-01-01", "value": 0.1},
            {"date": "2026-02-01", "value": 0.2},
            {"date": "2026-03-01", "value": 0.3},
        ],
        "target_path": [{"date": "2026-01-01", "value": 0.1}, {"date": "2026-12-31", "value": 0.5}],
        "baseline": None,
        "current": None,
        "to": 0.5,
        "horizon": "2026-12-31",
        "as_of": "2026-03-31",
    }
    root = _svg(spec)
    actual = _polyline(root, "#1f4e9c")
    assert [x for x, _ in actual] == sorted(x for x, _ in actual)
    assert actual[0][1] > actual[1][1] > actual[2][1]  # SVG y grows downwards
    target = _polyline(root, "#6b7280")
    assert target[-1][0] > actual[-1][0]  # the path runs to the horizon, past today


def test_guardrail_forbidden_zone_is_on_the_breached_side():
    base = {
        "kind": "guardrail",
        "id": "g",
        "title": "g",
        "desc": "d",
        "unit": "%",
        "tone": "bad",
        "series": [{"date": "2026-01-01", "value": 0.003}, {"date": "2026-02-01", "value": 0.005}],
        "baseline": 0.003,
        "current": 0.005,
        "threshold": 0.0036,
    }
    upper = _svg({**base, "bound": "upper"})
    lower = _svg({**base, "bound": "lower"})
    zone_up = next(r for r in upper.iter(f"{SVG}rect") if r.get("class") == "zone")
    zone_down = next(r for r in lower.iter(f"{SVG}rect") if r.get("class") == "zone")
    assert float(zone_up.get("y")) < float(zone_down.get("y"))
    last_point = _polyline(upper, "#1f4e9c")[-1]
    assert float(zone_up.get("y")) <= last_point[1] <= float(zone_up.get("y")) + float(zone_up.get("height"))


def test_waterfall_has_one_bar_per_step_and_ends_where_the_effects_lead():
    card = next(c for c in build_view(review_fixture("en"), "en")["kpis"] if c["waterfall"])
    steps = card["waterfall"]["steps"]
    bars = [r for r in _svg(card["waterfall"]).iter(f"{SVG}rect") if r.get("class") == "bar"]
    assert len(bars) == len(steps) == 6
    effects = sum(s["end"] - s["start"] for s in steps[1:-1])
    assert steps[-1]["end"] == pytest.approx(steps[0]["end"] + effects)


def test_grid_draws_one_arrow_per_serves_link_between_existing_boxes():
    grid = build_view(review_fixture("en"), "en")["grid"]
    root = _svg(grid)
    links = [p for p in root.iter(f"{SVG}path") if p.get("class") == "link"]
    assert {(p.get("data-from"), p.get("data-to")) for p in links} == {
        ("email-revenue", "repurchase-90d"),
        ("email-revenue", "gross-margin"),
        ("value-per-email", "repurchase-90d"),
        ("dormant-stock", "gross-margin"),
    }
    assert len([g for g in root.iter(f"{SVG}g") if g.get("class") == "grid-node"]) == 7


def test_charts_survive_empty_data():
    for kind in ("trajectory", "parts", "waterfall", "guardrail", "grid"):
        root = _svg({"kind": kind, "id": "x", "title": "x", "desc": "x"})
        assert root.get("role") == "img"


@pytest.mark.parametrize(
    ("low", "high"), [(0, 1), (0.17, 0.263), (8e6, 1e7), (-3.3e6, 13.5e6), (5, 5), (-1, -0.5)]
)
def test_nice_ticks_cover_the_range_with_even_steps(low, high):
    ticks = nice_ticks(low, high)
    assert ticks[0] <= low and ticks[-1] >= high
    steps = {round(b - a, 9) for a, b in itertools.pairwise(ticks)}
    assert len(steps) == 1 and 2 <= len(ticks) <= 12


def test_a_horizon_at_the_charts_left_edge_keeps_its_label_off_the_y_axis():
    """A KPI without data judged at its deadline: the horizon is the chart's only day, at its left edge; its label
    ("Échéance") goes right of the line instead of over the axis's "26 %"."""
    spec = {"kind": "trajectory", "id": "t", "title": "t", "desc": "d", "unit": "%", "series": [],
            "target_path": [{"date": "2026-12-31", "value": 0.3}], "baseline": None, "current": None, "to": 0.3,
            "horizon": "2026-12-31", "horizon_label": "Échéance", "as_of": "2026-12-31", "no_series_label": "—"}
    root = _svg(spec, "fr")
    label = next(t for t in root.iter(f"{SVG}text") if t.text == "Échéance")
    axis = [t for t in root.iter(f"{SVG}text") if t.get("text-anchor") == "end" and "%" in (t.text or "")]
    left = max(float(t.get("x")) for t in axis) + 6  # the plot's left edge
    assert label.get("text-anchor") == "start" and float(label.get("x")) >= left
    spec = {**spec, "horizon": "2026-12-31", "series": [{"date": "2025-01-01", "value": 0.2}]}
    label = next(t for t in _svg(spec, "fr").iter(f"{SVG}text") if t.text == "Échéance")
    assert label.get("text-anchor") == "end"  # a horizon at the right: left of its line, as before


def test_labels_drawn_over_lines_keep_the_paper_behind_their_letters():
    # "No data to draw" sat where the target path crosses the chart, today's value on its own line: a line
    # crossing the words made them hard to read
    spec = {"kind": "trajectory", "id": "t", "title": "FROM → TO", "desc": "d", "unit": "%", "series": [],
            "target_path": [{"date": "2025-01-01", "value": 0.02}, {"date": "2025-12-31", "value": 0.03}],
            "target_label": "Target path", "no_series_label": "No data to draw", "baseline": None,
            "current": {"date": "2025-06-30", "value": 0.025, "label": "Now"}, "to": 0.03,
            "horizon": "2025-12-31", "horizon_label": "Horizon", "as_of": "2025-06-30"}
    root = _svg(spec)
    labels = {t.get("class"): t for t in root.iter(f"{SVG}text") if t.get("class") in ("no-data", "now-label",
                                                                                         "horizon")}
    assert set(labels) == {"no-data", "now-label", "horizon"}
    for text in labels.values():
        assert (text.get("paint-order"), text.get("stroke")) == ("stroke", "#fff")
        assert float(text.get("stroke-width")) >= 3
