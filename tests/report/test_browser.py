"""The report in a real headless Chromium with networking blocked: no request, no console error, everything drawn.

Needs Debian's chromium (`bash scripts/services/chromium.sh` installs it and prints KPIGUARD_CHROMIUM).
Screenshots (EN and FR), the HTML and an A4 PDF are kept in test-artifacts/ for a human to look at.
"""

from __future__ import annotations

import pytest

from kpiguard.report import build_view, render_html

from .chromium import check_page, open_offline
from .fixture import review_fixture

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_fixture_report_renders_offline(chromium, tmp_path, lang):
    review = review_fixture(lang)
    path = tmp_path / f"report-fixture-{lang}.html"
    path.write_text(render_html(review, lang), encoding="utf-8")
    check_page(open_offline(chromium, path, f"report-fixture-{lang}"), build_view(review, lang))


def test_a_long_french_report_fits_a_phone_and_its_axis_labels_fit_their_charts(chromium, tmp_path):
    review = review_fixture("fr")
    long_id = "chiffre-d-affaires-total-du-groupe-toutes-enseignes-confondues-hors-taxes-et-hors-marketplace"
    review["kpis"][1]["id"] = long_id
    review["kpis"][1]["statement"] = ("Faire progresser le chiffre d'affaires e-mail du groupe, toutes enseignes et "
                                     "tous canaux confondus, de 8 à 10 millions d'euros d'ici la fin de 2026")
    review["kpis"][1]["owner"] = "direction-generale-et-comite-executif-du-groupe-et-des-filiales"
    for row in review["kpis"][1]["guardrail_series"].get("revenue", []):
        row["value"] = -abs(row["value"] or 0) * 100  # negative hundreds of millions: wide axis labels
    for kpi in review["kpis"]:  # the longest verdicts: "Succès toxique (atteint dès la référence, non gagné)"
        kpi["met_at_baseline"] = True
    assert sum(k["verdict"].endswith("_success") for k in review["kpis"]) >= 2
    path = tmp_path / "long.html"
    path.write_text(render_html(review, "fr"), encoding="utf-8")
    context = chromium.new_context(viewport={"width": 420, "height": 900}, offline=True)
    page = context.new_page()
    page.goto(path.resolve().as_uri(), wait_until="load")
    # no sideways scrolling of the page: wide tables scroll inside their section
    assert page.evaluate("document.documentElement.scrollWidth") <= 420
    outside = page.evaluate("""() => Array.from(document.querySelectorAll('svg.chart')).flatMap(svg => {
        const box = svg.getBoundingClientRect();
        return Array.from(svg.querySelectorAll('text')).filter(t => {
            const r = t.getBoundingClientRect();
            return r.width > 0 && (r.left < box.left - 1 || r.right > box.right + 1);
        }).map(t => [svg.dataset.chart, t.textContent]);
    })""")
    # a chart's text stays readable on the phone: the chart scrolls inside its figure rather than shrink to 6 px
    smallest = page.evaluate("""() => Math.min(...Array.from(document.querySelectorAll('svg.chart')).map(svg =>
        svg.getBoundingClientRect().width / svg.viewBox.baseVal.width * 11))""")
    assert smallest >= 9.5
    spilling = page.evaluate("""() => Array.from(document.querySelectorAll('g.grid-node')).filter(g => {
        const box = g.querySelector('rect').getBoundingClientRect();
        return Array.from(g.querySelectorAll('text')).some(t => t.getBoundingClientRect().right > box.right);
    }).map(g => g.dataset.kpi)""")
    context.close()
    assert outside == []
    assert spilling == []  # a KPI's label and verdict stay inside its box of the grid


def test_on_a_phone_every_verdict_at_a_glance_is_on_the_screen_under_its_statement(chromium, tmp_path):
    """The verdicts at a glance, long statements and a long team name on a phone: the verdict was the table's last
    column, scrolled off the screen past a statement and an owner a few words wide."""
    review = review_fixture("fr")
    review["spec"]["teams"] = {"crm": "CRM et fidélisation client — équipe élargie Europe de l'Ouest et Afrique"}
    for kpi in review["kpis"]:
        kpi["statement"] = f"{kpi['statement']} — une formulation longue, comme un comité de direction l'écrit"
    path = tmp_path / "phone.html"
    path.write_text(render_html(review, "fr"), encoding="utf-8")
    context = chromium.new_context(viewport={"width": 390, "height": 900}, offline=True)
    page = context.new_page()
    page.goto(path.resolve().as_uri(), wait_until="load")
    rows = page.evaluate("""() => Array.from(document.querySelectorAll('#summary tbody tr')).map(tr => {
        const [statement, level, owner, verdict] = Array.from(tr.cells).map(td => td.getBoundingClientRect());
        const badge = tr.querySelector('.badge').getBoundingClientRect();
        return {right: badge.right, below: badge.top >= statement.bottom - 1, owner: owner.right,
                label: getComputedStyle(tr.cells[2], '::before').content};
    })""")
    context.close()
    assert len(rows) == len(review["kpis"])
    assert all(r["right"] <= 390 and r["below"] and r["owner"] <= 390 for r in rows), rows
    assert rows[0]["label"] == '"Responsable\u00a0: "'  # the column's title goes with its value


def test_a_statement_an_id_and_a_team_written_as_one_long_word_do_not_widen_the_page(chromium, tmp_path):
    """snake_case statements, a long id and a team name without spaces: the summary's cell and the card's heading
    took the word's width, the page scrolled sideways (1744 px on a 1200 px screen) and printed shrunk to half."""
    review = review_fixture("fr")
    word = "Passer_de_900_a_1200_grosses_commandes_sur_le_site_mobile_et_desktop_hors_marketplace_et_hors_B2B"
    review["kpis"][0]["statement"] = word
    review["kpis"][0]["owner"] = "equipe_crm_et_fidelisation_client_europe_de_l_ouest_et_afrique_francophone"
    review["kpis"][1]["id"] = "grosses-commandes-du-site-mobile-et-desktop-hors-marketplace-et-hors-b2b-toutes"
    path = tmp_path / "long-words.html"
    path.write_text(render_html(review, "fr"), encoding="utf-8")
    widths = {}
    for width, media in ((1200, "screen"), (390, "screen"), (718, "print")):  # 718 px: A4 within its margins
        context = chromium.new_context(viewport={"width": width, "height": 900}, offline=True)
        page = context.new_page()
        page.emulate_media(media=media)
        page.goto(path.resolve().as_uri(), wait_until="load")
        widths[(width, media)] = page.evaluate("document.documentElement.scrollWidth")
        context.close()
    assert widths == {(1200, "screen"): 1200, (390, "screen"): 390, (718, "print"): 718}


def test_a_company_tile_says_its_signal_in_words_and_takes_its_own_colour(chromium, tmp_path):
    """The answer is "no" (a red frame): a metric on too few cases must not read red, and every tile says in
    words what its colour says (a reader in black and white, or colour-blind, gets the same answer)."""
    review = review_fixture("fr")
    for metric, signal in zip(review["company"]["metrics"], ("worse", "worse", "unknown")):
        metric["signal"] = signal
    review["company"]["metrics"][2]["change"] = -0.116
    path = tmp_path / "tiles.html"
    path.write_text(render_html(review, "fr"), encoding="utf-8")
    context = chromium.new_context(offline=True)
    page = context.new_page()
    page.goto(path.resolve().as_uri(), wait_until="load")
    tiles = page.evaluate("""() => Array.from(document.querySelectorAll('.numbers .number')).map(tile => ({
        text: tile.innerText, color: getComputedStyle(tile.querySelector('.change')).color}))""")
    context.close()
    red = "rgb(185, 28, 28)"
    assert [t["color"] == red for t in tiles] == [True, True, False]
    assert "en dégradation" in tiles[0]["text"] and "trop peu de cas pour conclure" in tiles[2]["text"]


def _printed(chromium, tmp_path, lang):
    """The fixture's view and its page in a browser, laid out for print."""
    review = review_fixture(lang)
    path = tmp_path / "print.html"
    path.write_text(render_html(review, lang), encoding="utf-8")
    page = chromium.new_context(offline=True).new_page()
    page.goto(path.resolve().as_uri(), wait_until="load")
    page.emulate_media(media="print")
    return build_view(review, lang), page


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_printed_report_keeps_every_charts_numbers_and_drops_what_only_a_click_uses(chromium, tmp_path, lang):
    """A manager who prints the page (or saves it as PDF) still reads each chart's monthly numbers: on paper
    nothing unfolds, so the tables are printed open, and links or folded blocks are not printed."""
    view, page = _printed(chromium, tmp_path, lang)
    printed = page.evaluate("""() => ({
        tables: Array.from(document.querySelectorAll('.chart-data table'))
            .filter(t => t.checkVisibility()).map(t => t.innerText),
        clickable: Array.from(document.querySelectorAll('nav, summary, details'))
            .filter(e => e.checkVisibility()).map(e => e.tagName),
        blocks: Array.from(document.querySelectorAll('.chart-data')).filter(t => t.checkVisibility()).length,
    })""")
    page.emulate_media(media="screen")
    on_screen = page.evaluate("""() => Array.from(document.querySelectorAll('.chart-data table'))
        .filter(t => t.checkVisibility()).length""")
    page.context.close()
    assert printed["clickable"] == []
    months = [row["month"] for card in view["kpis"] for row in card["trajectory"]["table"]]
    values = [row["value"] for card in view["kpis"] for row in card["trajectory"]["table"]]
    assert months and values
    text = "\n".join(printed["tables"])
    for month, value in zip(months, values):
        assert month in text and value in text
    tables = sum(bool(c["trajectory"]["table"]) + bool(c["waterfall"]) + bool(c.get("segments")) for c in view["kpis"])
    assert printed["blocks"] == tables  # each chart's numbers once (a long table in columns side by side)
    assert on_screen == 0  # on screen they stay folded under their chart, once


def test_a_cards_verdict_is_one_line_beside_a_long_statement_and_wraps_only_when_long(chromium, tmp_path):
    """On a desktop, "Non évaluable" stays on one line however long the statement beside it; a verdict longer than
    half the card wraps within its half."""
    review = review_fixture("fr")
    for kpi in review["kpis"]:
        kpi["statement"] = "Augmenter durablement l'indicateur de l'ensemble des enseignes françaises " * 3
    review["kpis"][0]["verdict"] = "not_evaluable"
    review["kpis"][2]["met_at_baseline"] = True  # "Succès sain (atteint dès la référence, non gagné)"
    path = tmp_path / "verdicts.html"
    path.write_text(render_html(review, "fr"), encoding="utf-8")
    context = chromium.new_context(viewport={"width": 1000, "height": 900}, offline=True)
    page = context.new_page()
    page.goto(path.resolve().as_uri(), wait_until="load")
    badges = page.evaluate("""() => Array.from(document.querySelectorAll('.kpi-card .verdict .badge')).map(b => ({
        text: b.innerText, height: b.getBoundingClientRect().height,
        card: b.closest('article').getBoundingClientRect().width, width: b.getBoundingClientRect().width}))""")
    context.close()
    line = min(b["height"] for b in badges)
    short = [b for b in badges if len(b["text"]) <= 20]
    long = [b for b in badges if "non gagné" in b["text"]]
    assert short and long
    assert [b["text"] for b in short if b["height"] > line] == []
    assert all(b["width"] <= b["card"] / 2 for b in long)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_printed_report_is_compact_and_loses_no_number(chromium, tmp_path, lang):
    """Printed, 18 months of a KPI are three short tables side by side (each with its titles), not 18 rows down the
    sheet; cards follow each other instead of each opening a sheet; 7 KPIs take 12 A4 sheets (16 before)."""
    view, page = _printed(chromium, tmp_path, lang)
    card = view["kpis"][0]
    printed = page.evaluate("""(id) => Array.from(document.querySelector(`[data-kpi="${id}"] figure .chart-data.print-only`)
        .querySelectorAll('table')).map(t => ({top: Math.round(t.getBoundingClientRect().top),
                                                 head: t.tHead.innerText, rows: t.tBodies[0].rows.length,
                                                 text: t.innerText}))""", card["id"])
    breaks = page.evaluate("""() => Array.from(document.querySelectorAll('.kpi-card'))
        .map(c => getComputedStyle(c).breakBefore)""")
    pdf = page.pdf(format="A4")
    page.context.close()
    months = card["trajectory"]["table"]
    assert len(months) == 18 and len(printed) == 3
    assert len({t["top"] for t in printed}) == 1  # side by side
    assert len({t["head"] for t in printed}) == 1 and sum(t["rows"] for t in printed) == 18
    text = "\n".join(t["text"] for t in printed)
    assert all(row["month"] in text and row["value"] in text for row in months)
    assert "page" not in breaks
    assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") <= 12


def test_a_printed_summary_cuts_no_word_of_a_narrow_column(chromium, tmp_path):
    """Long statements and team names squeeze the level and owner columns: printed, `Outcome` stays a word (it
    was cut letter by letter, `O ut co m e`, over five lines)."""
    review = review_fixture("en")
    for kpi in review["kpis"]:
        kpi["statement"] = "Grow durably the indicator of every French, Belgian and Swiss shop, marketplace excluded " * 2
    review["spec"]["teams"] = {kpi["owner"]: f"{kpi['owner']} committee of the extended leadership & its branches"
                               for kpi in review["kpis"] if kpi.get("owner")}
    path = tmp_path / "summary.html"
    path.write_text(render_html(review, "en"), encoding="utf-8")
    context = chromium.new_context(viewport={"width": 720, "height": 1000}, offline=True)
    page = context.new_page()
    page.goto(path.resolve().as_uri(), wait_until="load")
    page.emulate_media(media="print")
    lines = page.evaluate("""() => Array.from(document.querySelectorAll('#summary tbody tr')).map(tr => {
        const range = document.createRange(); range.selectNodeContents(tr.cells[1]);
        return [tr.cells[1].innerText, new Set(Array.from(range.getClientRects()).map(r => Math.round(r.top))).size];
    })""")
    width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert lines and all(count == 1 for _, count in lines), lines
    assert width <= 720
