"""Rewrite snippets: the KPI written back as YAML that reads like the reference spec and loads back the same."""

from __future__ import annotations

from kpiguard.lint.snippet import TODO, kpi_data, write_kpi
from kpiguard.spec import load_spec_text

SPEC = """\
kpis:
  - id: 2026-plan
    statement: 'Passer de 8 % à 12 %: "vite" # pas de commentaire'
    metric: repurchase_rate_90d
    level: outcome
    contributors: [product]
    coordination: {cadence: month, forum: "Retention: review"}
    baseline: 2025-Q4
    target: {from: 8%, to: 12.5%, by: 2026-12-31}
    guardrails:
      - {metric: email_unsubscribe_rate, max: 0.5%}
      - {metric: revenue, max_decrease: 0%}
    noqa: {KG304: "yes"}
"""


def test_round_trip_keeps_the_kpi():
    kpi = load_spec_text(SPEC).kpis[0]
    text = write_kpi(kpi_data(kpi), {"repurchase_rate_90d", "email_unsubscribe_rate"})
    assert "target: {from: 8%, to: 12.5%, by: 2026-12-31}" in text
    assert "max: 0.5%" in text and "max_decrease: 0%" in text and "baseline: 2025-Q4" in text
    again = load_spec_text("kpis:\n" + "".join("  " + line + "\n" for line in text.splitlines())).kpis[0]
    assert again.model_dump() == kpi.model_dump()


def test_values_to_fill_are_null_with_a_note():
    text = write_kpi({"id": "x", "metric": "revenue", "target": {"from": TODO, "to": 10}}, set(), ["fill from"])
    assert "target: {from: ~, to: 10}" in text and text.endswith("  # fill from\n")
    assert load_spec_text("kpis:\n" + "".join("  " + line + "\n" for line in text.splitlines())).kpis[0].target.from_ is None
