"""KG301's advice on `serves` is advice a user can follow: the KPI it names exists, and pasting it loads."""

from __future__ import annotations

from kpiguard.lint import lint
from kpiguard.spec import load_spec_text


def _kg301(text: str):
    return [f for f in lint(load_spec_text(text, "s.yaml")) if f.code == "KG301"]


def test_never_suggests_serving_an_outcome_that_serves_this_kpi():
    """An outcome already serving the output (a loop once added, which validate refuses) is not suggested."""
    text = ("kpis:\n"
            "  - {id: customers, metric: active_customers, level: outcome, serves: [basket]}\n"
            "  - {id: basket, metric: aov, level: output}\n"
            "  - {id: margin, metric: margin, level: outcome}\n")
    [finding] = _kg301(text)
    assert "`serves: [margin]`" in finding.message
    pasted = text.replace("{id: basket, metric: aov, level: output}",
                          "{id: basket, metric: aov, level: output, serves: [margin]}")
    assert load_spec_text(pasted, "s.yaml").kpi("basket").serves == ["margin"]


def test_without_any_outcome_it_says_to_declare_one():
    [finding] = _kg301("kpis:\n  - {id: conversion, metric: conversion_rate, level: output}\n")
    assert "declare the outcome it serves" in finding.message
    assert "id: gross-margin" in finding.rewrite.yaml  # the snippet declares it, so that it pastes as a whole
