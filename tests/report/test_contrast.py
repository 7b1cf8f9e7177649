"""Colour contrast of the report (WCAG 2.1): every text 4.5:1, every mark that carries meaning 3:1 against the paper
it is drawn on, computed from the SVG and the CSS of rendered pages so that no colour can slip under again."""

from __future__ import annotations

import copy
import re
import xml.etree.ElementTree as ET

import pytest

from kpiguard.report import render_html

from .fixture import review_fixture
from .test_segments import _review as _review_with_segments

SVG = "{http://www.w3.org/2000/svg}"
WHITE = (255, 255, 255)
TEXT, GRAPHIC = 4.5, 3.0  # WCAG 1.4.3 (normal text) and 1.4.11 (non-text contrast)
EXEMPT = {"gridline", "zone", "surface"}  # decorative or a paper (see charts.COLORS)


def _rgb(value: str) -> tuple[int, int, int] | None:
    value = value.strip().lower()
    if value in ("#fff", "white"):
        return WHITE
    if re.fullmatch(r"#[0-9a-f]{6}", value):
        return tuple(int(value[i : i + 2], 16) for i in (1, 3, 5))
    if match := re.fullmatch(r"rgba?\((\d+), (\d+), (\d+)(?:, [\d.]+)?\)", value):
        return tuple(int(part) for part in match.groups())
    return None  # none, url(#...), currentColor


def _luminance(rgb) -> float:
    def channel(c):
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _over(color, alpha: float, paper):
    """A colour drawn with some opacity, as the eye sees it on the paper."""
    return tuple(round(alpha * c + (1 - alpha) * p) for c, p in zip(color, paper))


def _classes(element) -> set[str]:
    return set((element.get("class") or "").split())


def _walk(element, opacity=1.0):
    opacity *= float(element.get("opacity", 1))
    yield element, opacity
    for child in element:
        yield from _walk(child, opacity)


def _papers(root) -> list[tuple[int, int, int]]:
    """What marks of this chart may be drawn on: the card's white, and the chart's own surfaces and zones."""
    papers = [WHITE]
    for element in root.iter():
        if _classes(element) & {"surface", "zone"} and (fill := _rgb(element.get("fill") or "")):
            papers.append(fill)
    return papers


def _weak_marks(root) -> list[str]:
    papers, weak = _papers(root), []
    for element, opacity in _walk(root):
        tag = element.tag.removeprefix(SVG)
        if tag in ("svg", "title", "desc", "defs", "marker", "g") or _classes(element) & EXEMPT:
            continue
        need = TEXT if tag == "text" else GRAPHIC
        for attribute in ("fill", "stroke"):
            color = _rgb(element.get(attribute) or ("#000000" if tag == "text" and attribute == "fill" else ""))
            if color is None:
                continue
            if attribute == "fill" and element.get("stroke") and color in papers:
                continue  # a hollow mark (today's ring): its stroke is what shows
            if attribute == "stroke" and tag == "text" and element.get("paint-order") == "stroke" and color in papers:
                continue  # a text's halo: the paper's own colour behind its letters, where a line crosses them
            alpha = opacity * float(element.get(f"{attribute}-opacity", 1))
            for paper in papers:
                ratio = contrast(_over(color, alpha, paper), paper)
                if ratio < need:
                    label = element.text or element.get("class") or ""
                    weak.append(f"{root.get('data-chart')} {tag} {attribute}={element.get(attribute)} "
                                f"on {paper} {ratio:.2f}:1 < {need}:1 {label!r}")
    return weak


def _page(lang: str, segments: bool) -> str:
    """A page that draws every kind of chart in every tone (verdicts good, warn, bad, neutral; guardrails kept and
    breached; a waterfall; with `segments`, bars up and down)."""
    review = _review_with_segments(lang)[0] if segments else review_fixture(lang)
    return render_html(review, lang)


def test_the_contrast_helper_agrees_with_wcags_examples():
    assert contrast((0, 0, 0), WHITE) == pytest.approx(21)
    assert contrast(_rgb("#767676"), WHITE) == pytest.approx(4.54, abs=0.01)  # the lightest grey text may take
    assert contrast(_over(_rgb("#000000"), 0.5, WHITE), WHITE) < 5


@pytest.mark.parametrize("segments", [False, True])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_chart_mark_stands_out_from_its_paper(lang, segments):
    html = _page(lang, segments)
    charts = re.findall(r"<svg .*?</svg>", html, re.DOTALL)
    assert len(charts) > 10
    kinds = {ET.fromstring(svg).get("data-chart") for svg in charts}
    assert {"trajectory", "parts", "waterfall", "guardrail", "grid"} | ({"segments"} if segments else set()) <= kinds
    weak = [mark for svg in charts for mark in _weak_marks(ET.fromstring(svg))]
    assert weak == []


def test_a_faint_mark_would_be_caught():
    """The check itself: a grey band at 60 % opacity (the report's former baseline) fails it."""
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" data-chart="trajectory"><line stroke="#9ca3af" '
           'stroke-opacity="0.6" stroke-width="6" class="baseline"/><text fill="#9ca3af">x</text>'
           '<line stroke="#e5e7eb" class="gridline"/></svg>')
    weak = _weak_marks(ET.fromstring(svg))
    assert len(weak) == 2 and "line stroke=#9ca3af" in weak[0] and "text fill=#9ca3af" in weak[1]


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_text_of_the_page_reads_against_its_background(chromium, tmp_path, lang):
    """Text outside the charts, as the browser paints it: its colour against the first opaque background behind it
    (badges, tiles, chips, muted notes, links, findings), on screen and on paper."""
    review = copy.deepcopy(review_fixture(lang))
    path = tmp_path / "contrast.html"
    path.write_text(render_html(review, lang), encoding="utf-8")
    context = chromium.new_context(offline=True)
    page = context.new_page()
    page.goto(path.resolve().as_uri(), wait_until="load")
    script = """() => {
        const paper = el => {
            for (let e = el; e; e = e.parentElement) {
                const bg = getComputedStyle(e).backgroundColor;
                if (bg && bg !== 'transparent' && !bg.startsWith('rgba(0, 0, 0, 0)')) return bg;
            }
            return 'rgb(255, 255, 255)';
        };
        const seen = [];
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const el = node.parentElement;
            if (!node.textContent.trim() || el.closest('svg') || !el.checkVisibility()) continue;
            const style = getComputedStyle(el);
            seen.push({text: node.textContent.trim().slice(0, 40), color: style.color, background: paper(el),
                       size: parseFloat(style.fontSize), weight: parseInt(style.fontWeight)});
        }
        return seen;
    }"""
    texts = page.evaluate(script)
    page.emulate_media(media="print")
    texts += page.evaluate(script)
    context.close()
    assert len(texts) > 200
    weak = []
    for t in texts:
        large = t["size"] >= 24 or (t["size"] >= 18.66 and t["weight"] >= 700)
        ratio = contrast(_rgb(t["color"]), _rgb(t["background"]))
        if ratio < (GRAPHIC if large else TEXT):
            weak.append(f"{t['text']!r} {t['color']} on {t['background']}: {ratio:.2f}:1")
    assert weak == []
