"""Numbers in findings as a reader expects them: `0,2 %` in French, 1.5 on a share read as 150 %."""

from __future__ import annotations

from kpiguard._i18n import set_lang
from kpiguard.lint import lint
from kpiguard.spec import load_spec_text


def test_percents_use_a_decimal_comma_in_french():
    spec = load_spec_text("kpis:\n  - {id: unsub, metric: email_unsubscribe_rate, target: {from: 0.2%, to: 0.5%}}\n")
    set_lang("fr")
    [finding] = [f for f in lint(spec) if f.code == "KG205"]
    assert "va de 0,2\u00a0% à 0,5\u00a0%" in finding.message
    set_lang("en")
    [finding] = [f for f in lint(spec) if f.code == "KG205"]
    assert "goes from 0.2% to 0.5%" in finding.message  # as the review writes percents (was "0.2 %")


def test_kg204_says_the_hundredfold_of_a_decimal_right():
    spec = load_spec_text("kpis:\n  - {id: a, metric: email_revenue_share, target: {from: 1.5, to: 25}}\n")
    messages = [f.message for f in lint(spec) if f.code == "KG204"]
    assert "that reads as 150%; write 1.5%" in messages[0]  # not "1.500 %"
    assert "that reads as 2,500%; write 25%" in messages[1]  # as every English percent is written (not "2500 %")
    set_lang("fr")
    messages = [f.message for f in lint(spec) if f.code == "KG204"]
    assert "cela se lit 2\u202f500\u00a0% ; écrivez 25%" in messages[1]  # French digits, as the other findings


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
    assert "(40%)" in findings["KG201"].message


def test_the_kind_of_a_custom_measure_is_read_from_its_aggregate():
    from kpiguard.lint.context import kind_of
    from kpiguard.spec.models import MetricDef

    def kind(measure: str) -> str | None:
        return kind_of(MetricDef.model_validate({"type": "simple", "table": "orders", "measure": measure}))

    assert (kind("count(*)"), kind("sum(revenue)"), kind("count(distinct customer_id)")) == ("count", "amount", "count")
    assert kind("sum(revenue) / count(*)") is None and kind("avg(revenue)") is None


def test_two_counts_of_the_same_rows_are_a_rate_unless_named_a_share():
    """Won quotes over quotes sent, churned customers over customers, reordering customers over ordering ones (the
    same count, another filter) are rates of cases, as the catalog's conversion rate and the review read them: a
    rate alone is KG102's warning, not KG101's error about a share. Named a share (`email_order_share`), the same
    two counts are a share; the message says why and how to declare a rate. A share of amounts gets no such hint."""
    text = ("metrics:\n  sent: {type: simple, table: quotes, measure: count(*)}\n"
            "  won: {type: simple, table: quotes, measure: count(*), filter: \"status = 'won'\"}\n"
            "  win_rate: {type: ratio, numerator: won, denominator: sent, direction: up}\n"
            "data: {tables: {quotes: quotes.csv}}\n"
            "kpis:\n  - {id: win, metric: win_rate, baseline: 2025, target: {from: 24%, to: 30%, by: 2026-12-31}}\n")
    codes = {f.code for f in lint(load_spec_text(text))}
    assert "KG102" in codes and "KG101" not in codes
    churn = ("metrics:\n  lost: {type: simple, table: customers, measure: count(distinct customer_id),"
             " filter: churned_at is not null}\n"
             "  base: {type: simple, table: customers, measure: count(distinct customer_id)}\n"
             "  churn: {type: ratio, numerator: lost, denominator: base, direction: down}\n"
             "kpis:\n  - {id: churn, metric: churn, baseline: 2025, target: {from: 6%, to: 4%, by: 2026-12-31},\n"
             "     guardrails: [{metric: margin, max_decrease: 0%}]}\n")
    assert not [f for f in lint(load_spec_text(churn)) if f.code in ("KG101", "KG102")]  # a rate, guarded by a value
    named = text.replace("win_rate", "won_quote_share")
    finding = next(f for f in lint(load_spec_text(named)) if f.code == "KG101")
    assert "because its name says so" in finding.message and "declare `ratio_of: rate`" in finding.message
    labelled = text.replace("direction: up}", "direction: up, label: {fr: Part des devis gagnés}}")
    assert "KG101" in {f.code for f in lint(load_spec_text(labelled))}
    amounts = ("metrics:\n  web: {type: simple, table: orders, measure: sum(revenue), filter: \"channel = 'web'\"}\n"
               "  web_share: {type: ratio, numerator: web, denominator: revenue, direction: up}\n"
               "kpis:\n  - {id: share, metric: web_share, target: {to: 25%}}\n")
    assert "ratio_of" not in next(f for f in lint(load_spec_text(amounts)) if f.code == "KG101").message


def test_french_findings_quote_each_metric_of_a_list():
    spec = load_spec_text("kpis:\n  - {id: stock, metric: dormant_stock_units, level: output, owner: ops,\n"
                          "     target: {from: 1000, to: 700, by: 2027-06-30}, baseline: 2026-Q2}\n")
    set_lang("fr")
    try:
        [finding] = [f for f in lint(spec) if f.code == "KG105"]
    finally:
        set_lang("en")
    # was "(Panier moyen, Taux de conversion, ...)", and KG106 wrote "au détriment de E-mails délivrés"
    assert "(« Panier moyen », « Taux de conversion », « CA des nouveautés »)" in finding.message
    assert "sans dégrader « Panier moyen » ni « Taux de conversion »" in finding.rewrite.sentence  # with its « ni »


def test_kg204_on_a_multiple_read_as_a_share_says_how_to_declare_it():
    """A ROAS (revenue over ad spend, two amounts) is read as a share: `min: 3.5` got "write 3.5%", an error the
    growth team could not argue with. The finding now says how to declare the multiple, which then lints clean;
    written as a derived `revenue / ad_spend` without `unit: '%'`, it is a multiple from the start."""
    text = ("metrics:\n  ad_spend: {type: simple, table: orders, measure: sum(ad_cost), kind: amount, direction: up,"
            " level: input}\n  roas: {type: ratio, numerator: revenue, denominator: ad_spend, direction: up,"
            " label: ROAS}\n"
            "kpis:\n  - {id: spend, metric: ad_spend, target: {from: 3000000, to: 4000000},"
            " guardrails: [{metric: roas, min: 3.5}]}\n")
    [finding] = [f for f in lint(load_spec_text(text)) if f.code == "KG204"]
    assert "if ROAS is a multiple of ad_spend rather than a part of it" in finding.message
    assert "declare it `ratio_of: average` under `metrics:`" in finding.message
    declared = text.replace("direction: up, label: ROAS", "ratio_of: average, direction: up, label: ROAS")
    assert not [f for f in lint(load_spec_text(declared)) if f.code == "KG204"]
    derived = text.replace("type: ratio, numerator: revenue, denominator: ad_spend,", "type: derived, expr: revenue / ad_spend,")
    assert not [f for f in lint(load_spec_text(derived)) if f.code == "KG204"]


def test_a_count_per_count_of_another_thing_is_an_average_not_a_percent():
    """Orders per customer (orders over active customers, no unit, no `ratio_of`): read as a rate, its target
    `from: 1.6, to: 1.8` drew two KG204 errors, "that reads as 160%; write 1.6%". Counts of different things are a
    number per unit unless the metric says it is a rate (its name, `unit: '%'`)."""
    text = ("metrics:\n  orders_per_customer: {type: ratio, numerator: orders, denominator: active_customers,"
            " direction: up}\n"
            "kpis:\n  - {id: f, metric: orders_per_customer, level: output, baseline: 2025,"
            " target: {from: 1.6, to: 1.8, by: 2026-12-31}, guardrails: [{metric: margin, max_decrease: 0%}]}\n")
    assert "KG204" not in {f.code for f in lint(load_spec_text(text))}
    rate = text.replace("orders_per_customer", "session_conversion_rate").replace("active_customers", "sessions")
    rate = rate.replace("from: 1.6, to: 1.8", "from: 2, to: 3")
    assert "KG204" in {f.code for f in lint(load_spec_text(rate))}  # named a rate: 2 is 200 %


def test_a_ratio_whose_unit_is_written_percent_is_a_percentage():
    """`unit: percent` (or `pct`), which the review shows as a percentage as it does `unit: '%'`, was not read so by
    the linter: `from: 40, to: 30` on it drew nothing, where `unit: '%'` draws KG204 ("write 40%")."""
    text = ("metrics:\n  promo_orders: {type: simple, table: orders, measure: count(*), filter: promo is not null}\n"
            "  promo_rate: {type: ratio, numerator: promo_orders, denominator: orders, unit: percent, direction: down}\n"
            "kpis:\n  - {id: p, metric: promo_rate, level: output, baseline: 2025, target: {from: 40, to: 30,"
            " by: 2026-12-31}, guardrails: [{metric: revenue, max_decrease: 0%}]}\n")
    for unit in ("percent", "pct"):
        messages = [f.message for f in lint(load_spec_text(text.replace("unit: percent", f"unit: {unit}")))
                    if f.code == "KG204"]
        assert len(messages) == 2 and "write 40%" in messages[0]
