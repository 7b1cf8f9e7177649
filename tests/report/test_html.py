"""The HTML page: self-contained (no script, no request), every part present, in both languages."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from kpiguard.report import build_view, render_html

from .fixture import review_fixture
from .golden import check_golden


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _parse(html):
    parser = _Collector()
    parser.feed(html)
    return parser.tags


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_page_is_self_contained(lang):
    html = render_html(review_fixture(lang), lang)
    tags = _parse(html)
    names = {t for t, _ in tags}
    assert "script" not in names and "link" not in names and "img" not in names and "iframe" not in names
    urls = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)""", html)
    assert all(url.startswith("#") for url in urls), urls
    assert re.findall(r"url\(([^)]*)\)", html) == ["#grid-arrow"] * html.count(
        "url("
    )  # in-page references only
    assert "@import" not in html and "@font-face" not in html
    assert re.findall(r"https?://", html) == ["http://"] * html.count('xmlns="http://www.w3.org/2000/svg"')


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_page_has_one_card_per_kpi_and_every_section(lang):
    review = review_fixture(lang)
    tags = _parse(render_html(review, lang))
    cards = [a for t, a in tags if t == "article" and "kpi-card" in a.get("class", "")]
    assert [a["data-kpi"] for a in cards] == [k["id"] for k in review["kpis"]]
    ids = {a.get("id") for _, a in tags}
    assert {"answer", "summary", "grid", "team", "findings"} <= ids
    html_tag = next(a for t, a in tags if t == "html")
    assert html_tag["lang"] == lang


def test_french_page_speaks_french():
    html = render_html(review_fixture("fr"), "fr")
    for words in (
        "Si ces KPI sont atteints",
        "Garde-fous",
        "Qui porte, qui contribue, qui voit",
        "Réécriture proposée",
        "Succès creux",
        "1,09\u00a0M€",  # the company card, at a glance
        "8\u202f000\u202f000\u00a0€",  # a FROM on a KPI card, in full
    ):
        assert words in html
    for english in ("Guardrails", "Hollow success", "Who owns", "Suggested rewrite"):
        assert english not in html


def test_statements_are_escaped():
    review = review_fixture("en")
    review["kpis"][0]["statement"] = '<img src="https://evil.example/x.png">'
    html = render_html(review, "en")
    assert "<img" not in html and "&lt;img" in html


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_spec_keys_a_message_says_to_write_are_code_not_backticks(lang):
    # the lint's and the review's messages write spec keys between backticks, as the terminal shows them; the
    # page printed the backticks ("add `owner:` and `contributors:`"), and must still escape what they hold
    review = review_fixture(lang)
    review["findings"][0]["message"] = "Name the outcome it serves: `serves: [gross-margin]` (or `<b>x</b>`)."
    review["kpis"][0]["reasons"] = ["Write `level: outcome`; the rest is prose: a < b."]
    review["kpis"][0].pop("reasons_i18n", None)
    for kpi in review["kpis"]:
        kpi.update(owner=None, contributors=[], visibility=[])
    html = render_html(review, lang)
    assert "<code>serves: [gross-margin]</code>" in html and "<code>&lt;b&gt;x&lt;/b&gt;</code>" in html
    assert "<code>level: outcome</code>" in html and "a &lt; b." in html
    assert "<code>owner:</code>" in html and "<code>contributors:</code>" in html
    text = re.sub(r"<style>.*?</style>|<pre>.*?</pre>", "", html, flags=re.DOTALL)
    assert "`" not in text


def test_a_french_statement_keeps_its_numbers_whole_on_the_page():
    # a spec writes "1 200" and "190 k€" with ordinary spaces: a heading could break between 1 and 200, or 190 and k€
    from kpiguard._typography import french_spaces

    review = review_fixture("fr")
    review["kpis"][0]["statement"] = "Passer de 900 à 1 200 commandes et de 190 k€ à 12 345 678 € en 2025 100 fois"
    html = render_html(review, "fr")
    assert ("Passer de 900 à 1\u202f200 commandes et de 190\u00a0k€ à 12\u202f345\u202f678\u00a0€ en 2025 100 fois"
            in html)
    assert french_spaces("1 200,50 € et 10 M€") == "1\u202f200,50\u00a0€ et 10\u00a0M€"
    assert french_spaces(french_spaces("1 200 €")) == french_spaces("1 200 €")


def test_print_layout_is_a4_and_cards_follow_each_other_headings_kept_with_them():
    # (a sheet per card left most of each card's last sheet blank: 25 KPIs took 85 sheets)
    html = render_html(review_fixture("en"), "en")
    assert "@page { size: A4" in html
    assert not re.search(r"\.kpi-card \{ break-before: page; \}", html)
    assert re.search(r"@media print \{.*\.kpi-card > header[^{]*\{ break-after: avoid; \}", html, re.DOTALL)
    # a chart is never cut in two by a page break (its table, which may be long, can continue overleaf)
    assert re.search(r"@media print \{.*svg\.chart[^{]*\{ break-inside: avoid; \}", html, re.DOTALL)


def test_page_stays_small():
    assert len(render_html(review_fixture("fr"), "fr").encode()) < 300_000


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_golden_view_of_the_fixture(lang):
    check_golden(f"fixture.{lang}", build_view(review_fixture(lang), lang))


def test_rendering_is_pure_whatever_the_language_in_force():
    from kpiguard._i18n import set_lang

    review = review_fixture("en")
    english = render_html(review, "en")
    set_lang("fr")
    assert render_html(review, "en") == english  # the argument decides, not the context
    assert review == review_fixture("en")


def test_an_empty_review_still_renders_a_page_that_says_so():
    html = render_html({"schema_version": "1", "kpis": [], "findings": []}, "fr")
    assert "La spec ne déclare aucun KPI." in html and "Aucun constat" in html


@pytest.mark.parametrize(("lang", "header", "cards"), [
    ("en", "Demo shop KPIs · company compared over June 2026 · each KPI on its own window",
     {"email-revenue": "Window: Jul 2025 – Jun 2026 (baseline 2025)", "repurchase-90d": "Window: March 2026 (baseline 2025)",
      "dormant-stock": "Window: H1 2026 (baseline Q4 2025)"}),
    ("fr", "Demo shop KPIs · entreprise comparée sur juin 2026 · chaque KPI sur sa propre fenêtre",
     {"email-revenue": "Fenêtre\u00a0: juil. 2025 – juin 2026 (référence 2025)",
      "dormant-stock": "Fenêtre\u00a0: S1 2026 (référence T4 2025)"}),
])
def test_the_header_period_is_the_companys_and_each_card_says_its_own_window(lang, header, cards):
    """The header said "period June 2026" as if every KPI were judged on it, while email-revenue is judged on a
    year and dormant-stock on a half-year: the header names what its period is, each card its own window."""
    html = render_html(review_fixture(lang), lang)
    assert header in html and "period June 2026" not in html and "période juin 2026" not in html
    for kpi, window in cards.items():
        card = html[html.index(f'data-kpi="{kpi}"'):]
        card = card[:card.index("</header>")]
        assert f'<div class="sub window">{window}</div>' in card, card
