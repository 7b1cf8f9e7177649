"""What a French e-commerce team's specs met in lint (a furniture retailer, a marketplace, a subscription box...):
each test is a finding that was wrong or unclear on such a spec, checked on the smallest spec that shows it."""

from __future__ import annotations

from kpiguard.lint import lint
from kpiguard.spec import load_spec_text


def _findings(text: str, code: str) -> list:
    return [f for f in lint(load_spec_text(text, "kpis.yaml")) if f.code == code]


def test_kg104_proposes_the_output_an_input_produces_when_its_level_is_left_unwritten():
    """Showroom appointments (an input) have a conversion rate over them whose numerator, showroom sales, declares
    no level: it is read as an output, as a KPI on it would be, and proposed instead of the shop's revenue."""
    text = """\
data: {tables: {appointments: rdv.csv}}
metrics:
  rdv_showroom: {type: simple, table: appointments, measure: count(*), kind: count, direction: up, level: input}
  ventes_showroom: {type: simple, table: orders, measure: count(*), filter: "channel = 'showroom'", kind: count,
                    direction: up}
  taux_transfo_rdv: {type: ratio, numerator: ventes_showroom, denominator: rdv_showroom, ratio_of: rate,
                     direction: up}
kpis:
  - {id: rdv, metric: rdv_showroom, owner: ventes, baseline: 2025, target: {from: 600, to: 800, by: 2026-12-31},
     guardrails: [{metric: taux_transfo_rdv, max_decrease: 10%}]}
"""
    [finding] = _findings(text, "KG104")
    assert "such as ventes_showroom" in finding.message
    assert "metric: ventes_showroom" in finding.rewrite.yaml
