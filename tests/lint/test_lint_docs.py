"""Rule docs: ruff's headings, examples that trigger (and rewrites that do not), and a fresh docs/rules.md."""

from __future__ import annotations

from pathlib import Path

import pytest

from kpiguard.lint import all_rules, lint
from kpiguard.lint.docs import render_reference
from kpiguard.lint.rule import DOC_HEADINGS
from kpiguard.spec import load_spec_text

ROOT = Path(__file__).resolve().parents[2]

RULES = all_rules()


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_doc_has_the_headings_in_order(rule):
    doc = rule.doc()
    positions = [doc.find(h) for h in DOC_HEADINGS]
    assert all(p >= 0 for p in positions), rule.code
    assert positions == sorted(positions)
    assert rule.title("en") and rule.title("fr") and rule.title("en") != rule.title("fr")
    assert rule.severity in ("error", "warning", "info")
    family = rule.name.split(".")[0]
    assert type(rule).__module__.endswith(f"rules.{family}.{rule.code}")


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_example_triggers_and_use_instead_does_not(rule):
    bad = load_spec_text(rule.example(), f"{rule.code}-example.yaml")
    good = load_spec_text(rule.use_instead(), f"{rule.code}-use-instead.yaml")
    assert any(f.code == rule.code for f in lint(bad)), "the Example must trigger the rule"
    assert not [f.message for f in lint(good) if f.code == rule.code], "Use instead must not trigger it"


def test_codes_and_names_are_unique():
    assert len({r.code for r in RULES}) == len({r.name for r in RULES}) == len(RULES)


def test_rules_reference_is_fresh():
    current = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert current == render_reference(), "docs/rules.md is stale: run `python -m kpiguard.lint.docs`"
