"""Numbers in findings as a reader expects them: `0,2 %` in French, 1.5 on a share read as 150 %."""

from __future__ import annotations

from kpiguard._i18n import set_lang
from kpiguard.lint import lint
from kpiguard.spec import load_spec_text


def test_percents_use_a_decimal_comma_in_french():
    spec = load_spec_text("kpis:\n  - {id: unsub, metric: email_unsubscribe_rate, target: {from: 0.2%, to: 0.5%}}\n")
    set_lang("fr")
    [finding] = [f for f in lint(spec) if f.code == "KG205"]
    assert "va de 0,2 % à 0,5 %" in finding.message
    set_lang("en")
    [finding] = [f for f in lint(spec) if f.code == "KG205"]
    assert "goes from 0.2 % to 0.5 %" in finding.message


def test_kg204_says_the_hundredfold_of_a_decimal_right():
    spec = load_spec_text("kpis:\n  - {id: a, metric: email_revenue_share, target: {from: 1.5, to: 25}}\n")
    messages = [f.message for f in lint(spec) if f.code == "KG204"]
    assert "that reads as 150 %; write 1.5%" in messages[0]  # not "1.500 %"
    assert "that reads as 2500 %; write 25%" in messages[1]
