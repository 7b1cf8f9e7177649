"""Periods said to a reader in words (`Q2 2025`, `T2 2025`, `juil. 2024 – juin 2025`), never as the codes a spec
writes (`2025-Q2`, `2024-07..2025-06`); the JSON keeps the codes."""

from __future__ import annotations

import re
from datetime import date

import pytest

from kpiguard import load_spec
from kpiguard._numbers import say_period
from kpiguard.review import review
from kpiguard.review.formats.markdown import render_markdown
from kpiguard.review.formats.text import render_text
from kpiguard.review.verdict import Facts, judge

from .review_shop import write_shop

# a period code as a spec writes it: 2025-Q2, 2025-H1, 2025-W14, 2025-03, 2025-03-01, 2024-07..2025-06
CODE = re.compile(r"\b\d{4}-(?:[QHW]\d|\d{2})\b")


@pytest.mark.parametrize(("code", "en", "fr"), [
    ("2025", "2025", "2025"),
    ("2025-H2", "H2 2025", "S2 2025"),
    ("2025-Q2", "Q2 2025", "T2 2025"),
    ("2025-03", "March 2025", "mars 2025"),
    ("2025-W14", "week 14 of 2025", "semaine 14 de 2025"),
    ("2025-03-01", "1 Mar 2025", "1er\u00a0mars 2025"),
    ("2024-07..2025-06", "Jul 2024 – Jun 2025", "juil. 2024 – juin 2025"),
    ("2026-02..2026-04", "Feb – Apr 2026", "févr. – avr. 2026"),
    ("2025-01..2025-03", "Q1 2025", "T1 2025"),  # a range that is one calendar period is said as that period
    ("2025-01-01..2025-12-31", "2025", "2025"),
    ("2026-01-01..2026-01-21", "1–21 Jan 2026", "1er–21\u00a0janvier 2026"),
    ("2026-03-03..2026-04-16", "3 Mar – 16 Apr 2026", "3\u00a0mars – 16\u00a0avril 2026"),
    ("2025-12-28..2026-01-03", "28 Dec 2025 – 3 Jan 2026", "28\u00a0décembre 2025 – 3\u00a0janvier 2026"),
])
def test_each_kind_of_period_is_said_in_words(code, en, fr):
    assert (say_period(code, "en"), say_period(code, "fr")) == (en, fr)


@pytest.mark.parametrize(("code", "said"), [
    ("2025", "2025"),  # a year and a month take no article: "sur 2025", "sur mars 2025"
    ("2025-03", "mars 2025"),
    ("2025-Q2", "le T2 2025"),
    ("2025-H1", "le S1 2025"),
    ("2026-W14", "la semaine 14 de 2026"),
    ("2026-03-03", "le 3\u00a0mars 2026"),
    ("2026-03-03..2026-03-09", "la période du 3 au 9\u00a0mars 2026"),
    ("2025-12-20..2026-01-05", "la période du 20\u00a0décembre 2025 au 5\u00a0janvier 2026"),
    ("2026-04..2026-05", "la période d'avril à mai 2026"),
    ("2024-07..2025-06", "la période de juillet 2024 à juin 2025"),
])
def test_a_french_period_inside_a_sentence_takes_its_article(code, said):
    assert say_period(code, "fr", article=True) == said  # was "sur semaine 14 de 2026", "sur 3–9 mars 2026"
    assert say_period(code, "en", article=True) == say_period(code, "en")


@pytest.mark.parametrize(("code", "words"), [
    ("2026-Q2", ["avant la fin du T2 2026", "jugé sur le T2 2026", "par rapport au T2 2026", "(T2 2026)"]),
    ("2026-W14", ["avant la fin de la semaine 14 de 2026", "jugé sur la semaine 14 de 2026",
                  "par rapport à la semaine 14 de 2026", "(semaine 14 de 2026)"]),
    ("2026-03-03", ["avant la fin du 3\u00a0mars 2026", "par rapport au 3\u00a0mars 2026"]),
])
def test_a_french_message_contracts_de_and_a_with_the_period_s_article(code, words):
    from kpiguard._i18n import Message

    said = Message(en="", fr="avant la fin de {p}, jugé sur {p}, par rapport à {p} ({p})").render(
        "fr", p=say_period(code, "fr", article=True))
    assert all(w in said for w in words), said  # was "la fin de T2 2026", "par rapport à semaine 14 de 2026"
    sentence = Message(en="", fr="la fin de {why}").render("fr", why="les données manquent")
    assert sentence == "la fin de les données manquent"  # only a period said with its article is contracted


def test_what_is_not_a_period_is_left_as_it_is():
    assert say_period("?", "fr") == "?" and say_period("the period before", "en") == "the period before"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_verdict_and_its_context_say_their_periods_in_words(lang):
    # a KPI without a baseline period, over a window cut where the data ends, scaled: every period-bearing reason
    f = Facts(label="Revenue", unit="EUR", direction="up", current_period="2026-04-01..2026-06-15",
              baseline_period="2026-Q1", current=90_000.0, baseline=80_000.0, to=100_000.0, start=80_000.0,
              deadline=date(2026, 12, 31), attainment=0.5, expected=0.4, progress_basis="linear",
              implicit_baseline=True, scaled=0.83, data_end=date(2026, 6, 15), uncovered="2026-Q2",
              small_sample=(12, "2026-Q1", "orders"), started_in=["2026-Q1"], data_start=date(2026, 1, 10))
    _, reasons = judge(f, lang)
    text = "\n".join(reasons)
    assert not CODE.findall(text), text
    said = {"en": ["over 1 Apr – 15 Jun 2026", "compared with Q1 2026", "before the end of Q2 2026"],
            "fr": ["sur la période du 1er\u00a0avril au 15\u00a0juin 2026", "comparé au T1 2026", "avant la fin du T2 2026",
                   "12 cas sur le T1 2026"]}[lang]
    for words in said:
        assert words in text


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory):
    return review(load_spec(write_shop(tmp_path_factory.mktemp("shop"))), as_of=date(2026, 6, 30)).to_dict()


def test_the_json_keeps_the_codes_and_every_sentence_says_words(reviewed):
    assert [k["current"]["period"] for k in reviewed["kpis"]][:3] == ["2026-06", "2026-06", "2026-H1"]
    assert reviewed["period"]["label"] == "2026-Q2"
    sentences = [*reviewed["company"]["reasons"]] + [r for k in reviewed["kpis"] for r in k["reasons"]] \
        + [r for k in reviewed["kpis"] for lang in ("en", "fr") for r in k["reasons_i18n"][lang]]
    assert sentences and not [s for s in sentences if CODE.search(s)]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_text_and_markdown_tables_say_the_periods_in_words(reviewed, lang):
    for rendered in (render_text(reviewed, lang), render_markdown(reviewed, lang)):
        assert not CODE.search(rendered), rendered
    text = render_text(reviewed, lang)
    said = {"en": ["June 2026", "H1 2026", "over Q2 2026 vs", "over Dec 2025 – Feb 2026 vs"],
            "fr": ["juin 2026", "S1 2026", "sur le T2 2026 contre", "sur la période de décembre 2025 à février 2026 contre"]}[lang]
    for words in said:
        assert words in text.replace("\u00a0", " ")
