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


CUSTOM_SHARE = """\
metrics:
  email_orders: {type: simple, table: orders, measure: count(*), filter: "utm_medium = 'email'"}
  all_orders: {type: simple, table: orders, measure: count( * )}
  email_order_share: {type: ratio, numerator: email_orders, denominator: all_orders}
kpis:
  - {id: share, metric: email_order_share, level: output, baseline: 2025, target: {to: 40%, by: 2026-12-31}}
"""


def test_a_custom_share_without_kinds_is_a_share_in_percent():
    # e-mail orders over all orders (the same count, only the filter differs, no `kind` written): a part of a
    # whole, as the review shows it (40 %, not 0.4), so the article's share rule applies
    findings = {f.code: f for f in lint(load_spec_text(CUSTOM_SHARE))}
    assert "KG101" in findings
    assert "(40 %)" in findings["KG201"].message


def test_the_kind_of_a_custom_measure_is_read_from_its_aggregate():
    from kpiguard.lint.context import kind_of
    from kpiguard.spec.models import MetricDef

    def kind(measure: str) -> str | None:
        return kind_of(MetricDef.model_validate({"type": "simple", "table": "orders", "measure": measure}))

    assert (kind("count(*)"), kind("sum(revenue)"), kind("count(distinct customer_id)")) == ("count", "amount", "count")
    assert kind("sum(revenue) / count(*)") is None and kind("avg(revenue)") is None


def test_french_quotes_the_metrics_a_finding_lists():
    """"au détriment de Taux d'ouverture, Chiffre d'affaires" is no French: each metric is quoted, as elsewhere."""
    spec = load_spec_text("kpis:\n  - {id: share, metric: email_revenue_share, level: output, target: {to: 25%}}\n")
    set_lang("fr")
    try:
        findings = {f.code: f for f in lint(spec)}
    finally:
        set_lang("en")
    assert "au détriment de « Taux de désabonnement », « Taux d'ouverture », « Chiffre d'affaires »" in \
        findings["KG106"].message
    assert "sans dégrader « Chiffre d'affaires »" in findings["KG401"].rewrite.sentence
    english = {f.code: f for f in lint(spec)}
    assert "at the expense of Unsubscribe rate, Open rate, Revenue" in english["KG106"].message
