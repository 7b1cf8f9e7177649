"""KG301's advice on `serves` is advice a user can follow: the KPI it names exists, and pasting it loads."""

from __future__ import annotations

from kpiguard.lint import lint
from kpiguard.spec import load_spec_text


def _kg301(text: str):
    return [f for f in lint(load_spec_text(text, "s.yaml")) if f.code == "KG301"]


def test_an_output_that_an_outcome_serves_gets_kg308_not_a_looping_suggestion():
    """`serves` read as "served by": KG308 says so; KG301 does not suggest the outcome (a loop once added)."""
    text = ("kpis:\n"
            "  - {id: customers, metric: active_customers, level: outcome, serves: [basket]}\n"
            "  - {id: basket, metric: aov, level: output}\n"
            "  - {id: margin, metric: margin, level: outcome}\n")
    assert _kg301(text) == []
    [backwards] = [f for f in lint(load_spec_text(text, "s.yaml")) if f.code == "KG308"]
    assert backwards.kpi_id == "customers" and "write `serves: [customers]` on 'basket'" in backwards.message


def test_without_any_outcome_it_says_to_declare_one():
    [finding] = _kg301("kpis:\n  - {id: conversion, metric: conversion_rate, level: output}\n")
    assert "declare the outcome it serves" in finding.message
    assert "id: gross-margin" in finding.rewrite.yaml  # the snippet declares it, so that it pastes as a whole


def test_backwards_serves_is_left_to_kg308_and_suggested_ids_are_free():
    text = ("kpis:\n"
            "  - {id: gross-margin, metric: margin, level: outcome, serves: [email-revenue]}\n"
            "  - {id: email-revenue, metric: email_revenue, level: output}\n")
    findings = lint(load_spec_text(text, "s.yaml"))
    assert [f.code for f in findings if f.kpi_id == "email-revenue"] == []
    assert [(f.code, f.kpi_id) for f in findings if f.code == "KG308"] == [("KG308", "gross-margin")]
    # An output while `gross-margin` exists as an input: the outcome to declare gets another id.
    [finding] = _kg301("kpis:\n  - {id: gross-margin, metric: emails_sent, level: input}\n"
                       "  - {id: conversion, metric: conversion_rate, level: output}\n")
    assert "`serves: [gross-margin-2]`" in finding.message
