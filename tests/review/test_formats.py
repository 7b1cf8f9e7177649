"""The review's text and Markdown renderers: numbers in the reader's language, with the catalog's units."""

from __future__ import annotations

from kpiguard.review.formats import render_markdown, render_text


def _review(unit: str, baseline: float, current: float, to: float) -> dict:
    return {
        "as_of": "2026-06-30", "lang": "fr", "spec": {"name": "Boutique"},
        "company": {"better_off": "unclear", "reasons": []},
        "kpis": [{
            "id": "k", "statement": None, "unit": unit, "verdict": "on_track", "reasons": [], "guardrails": [],
            "baseline": {"value": baseline}, "current": {"period": "2026-Q2", "value": current},
            "target": {"to": to, "scaled_to": None}, "attainment": None, "expected_progress": None,
        }],
    }


def test_catalog_units_are_french_words_in_a_french_review():
    review = _review("orders", 1, 24, 30)
    row = next(line for line in render_markdown(review, "fr").splitlines() if line.startswith("| `k`"))
    assert "| 1\u00a0commande | 24\u00a0commandes | 30\u00a0commandes |" in row  # was 1 orders | 24 orders | 30 orders
    assert "24\u00a0commandes" in render_text(review, "fr")
    assert "| 1\u00a0order | 24\u00a0orders | 30\u00a0orders |" in render_markdown(review, "en")


def test_a_percent_unit_is_shown_as_a_percent():
    row = next(line for line in render_markdown(_review("%", 1 / 3, 2 / 3, 0.5), "fr").splitlines()
               if line.startswith("| `k`"))
    assert "| 33,3\u00a0% | 66,7\u00a0% | 50,0\u00a0% |" in row


def test_a_long_period_and_scaled_values_are_never_cut_in_the_text_table():
    """A custom --period, values marked with their pro rata factor and a long KPI id: the text table used to fold
    `2026-01-01..2026-05-31` and the verdict across lines; now only the id folds, the rest stays whole (the period
    said in words, `3 janvier – 29 mai 2026`, is as long)."""
    review = _review("EUR", 41_500.0, 31_200.0, 120_000.0)
    kpi = review["kpis"][0]
    kpi["id"] = "kpi-avec-un-identifiant-vraiment-tres-long-pour-la-mise-en-page"
    kpi["current"]["period"] = "2026-01-03..2026-05-29"
    kpi["baseline"].update(pro_rata=True, scaled=0.4136)
    kpi["target"]["scaled_to"] = 49_632.0
    kpi.update(attainment=-0.48, expected_progress=0.43, verdict="off_track")
    text = render_text(review, "fr", width=80)
    row = next(line for line in text.splitlines() if "3\u00a0janvier – 29\u00a0mai 2026" in line)
    for cell in ("41,5\u00a0k€ (×0,414)", "31,2\u00a0k€", "49,6\u00a0k€ (×0,414)", "\u221248\u00a0% / 43\u00a0%",
                 "↘ en retard"):
        assert cell in row


def test_french_lines_never_break_at_a_no_break_space():
    """Rich wrapped at any whitespace: "52,6 %" was cut before its "%" at the end of a line."""
    review = _review("%", 0.5, 0.526, 0.55)
    review["kpis"][0]["reasons"] = ["En bonne voie : Taux de réachat à 90 jours à 52,6 % sur 2026-Q2 contre 50,0 % "
                                    "en référence, cible 55,0 % ; 229,8\u00a0k€ de chiffre d'affaires : rien à signaler"]
    for width in range(40, 80):
        lines = render_text(review, "fr", width=width).splitlines()
        assert not [line for line in lines if line.lstrip().startswith(("%", "k€", ":", ";"))], width
        assert "52,6\u00a0%" in "\n".join(lines)


def test_markdown_shows_html_from_the_spec_as_text_and_keeps_code_spans():
    """A spec's name, a statement or a reason holding `<script>` or `<b>` went into the Markdown as raw HTML, which
    a renderer that lets HTML through would run or apply."""
    review = _review("EUR", 1.0, 2.0, 3.0)
    review["spec"]["name"] = "Shop <script>alert(1)</script>"
    kpi = review["kpis"][0]
    kpi["statement"] = "Grow <b>revenue</b> | fast"
    kpi["reasons"] = ["Add `owner: <team>` to the KPI <img src=x onerror=alert(1)>"]
    md = render_markdown(review, "en")
    assert "<script>" not in md and "<b>" not in md and "<img" not in md
    assert "Shop &lt;script>alert(1)&lt;/script>" in md and "> Grow &lt;b>revenue&lt;/b> \\| fast" in md
    assert "Add `owner: <team>` to the KPI &lt;img src=x onerror=alert(1)>" in md  # code spans show text as is


def test_the_values_of_one_row_share_their_decimals():
    """Items per order 2.33 at baseline then 4 now read as a rounding of 4.xx: the row writes 4.00."""
    from kpiguard.review.formats.common import baseline_value, target_value, value

    kpi = {"unit": "", "baseline": {"value": 7 / 3}, "current": {"value": 4.0}, "target": {"to": 5.0}}
    assert (baseline_value(kpi, "en"), value(kpi, 4.0, "en"), target_value(kpi, "en")) == ("2.33", "4.00", "5.00")
    assert value(kpi, 4.0, "fr") == "4,00"
    whole = {"unit": "", "baseline": {"value": 14.0}, "current": {"value": 20.0}, "target": {"to": 30.0}}
    assert value(whole, 20.0, "en") == "20"  # whole counts stay whole
    money = {"unit": "EUR", "baseline": {"value": 99.9}, "current": {"value": 169.1}, "target": {"to": 200.0}}
    assert value(money, 200.0, "en") == "€200.00"  # money keeps its own
