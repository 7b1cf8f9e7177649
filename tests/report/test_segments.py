"""'What moved it': a KPI's segments block in the view model, the SVG and the page (EN/FR)."""

from __future__ import annotations

import copy
import xml.etree.ElementTree as ET

import pytest

from kpiguard._typography import typeset
from kpiguard.report import render_html
from kpiguard.report.charts import render_chart
from kpiguard.report.view import build_view

from .fixture import review_fixture

SVG = "{http://www.w3.org/2000/svg}"
BLOCK = {
    "dimension": "channel",
    "baseline": 1000.0,
    "current": 1300.0,
    "change": 300.0,
    "contributions": [
        {"segment": "email", "baseline": 200.0, "current": 600.0, "change": 400.0, "share_of_change": 4 / 3},
        {"segment": "(none)", "baseline": 500.0, "current": 400.0, "change": -100.0, "share_of_change": -1 / 3},
        {"segment": "(other)", "baseline": 300.0, "current": 300.0, "change": 0.0, "share_of_change": 0.0,
         "segments": 4},
    ],
}


def _review(lang: str) -> dict:
    review = copy.deepcopy(review_fixture(lang))
    kpi = next(k for k in review["kpis"] if k["unit"] == "{currency}")
    kpi["unit"] = "EUR"
    kpi["segments"] = BLOCK
    return review, kpi["id"]


def _card(lang: str) -> dict:
    review, kpi_id = _review(lang)
    return next(c for c in build_view(review, lang)["kpis"] if c["id"] == kpi_id)


def test_view_model_en():
    card = _card("en")
    seg = card["segments"]
    assert seg["title"] == "What moved it: by channel"
    assert [r["label"] for r in seg["rows"]] == ["email", "(none)", "Other (4)"]
    assert [r["kind"] for r in seg["rows"]] == ["up", "down", "flat"]
    assert seg["rows"][0]["detail"] == "€200.00 → €600.00" and seg["rows"][0]["share"] == "133.3%"
    assert seg["desc"].startswith("From €1,000.00 to €1,300.00 (+€300), by channel: email +€400 (133.3% of the change)")


def test_view_model_fr():
    seg = _card("fr")["segments"]
    assert seg["title"] == "Ce qui l'a fait bouger : par canal"
    assert [r["label"] for r in seg["rows"]] == ["email", "(aucun)", "Autres (4)"]
    assert "par canal : email +400\u00a0€" in seg["desc"]


def test_no_block_no_chart():
    view = build_view(review_fixture("en"), "en")
    assert all(card["segments"] is None for card in view["kpis"])
    assert "data-segments" not in render_html(review_fixture("en"), "en")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_svg_bars_go_the_way_of_the_change(lang):
    seg = _card(lang)["segments"]
    root = ET.fromstring(render_chart(seg, lang, "EUR"))
    assert root.get("role") == "img" and root.find(f"{SVG}desc").text == typeset(seg["desc"], lang)
    bars = root.findall(f".//{SVG}rect")
    zero = float(root.find(f"{SVG}line").get("x1"))
    up, down, flat = bars
    assert float(up.get("x")) == pytest.approx(zero) and float(up.get("width")) > 0
    assert float(down.get("x")) + float(down.get("width")) == pytest.approx(zero)
    assert float(up.get("width")) == pytest.approx(4 * float(down.get("width")))  # +400 vs -100
    assert float(flat.get("width")) == 1


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_page_shows_the_block_with_its_table(lang):
    review, _ = _review(lang)
    html = render_html(review, lang)
    assert 'data-segments="channel"' in html and 'data-chart="segments"' in html
    heading = "What moved it: by channel" if lang == "en" else "Ce qui l&#39;a fait bouger\u00a0: par canal"
    assert heading in html
    assert ("Share of the change" if lang == "en" else "Part de l&#39;évolution") in html
