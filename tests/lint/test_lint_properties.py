"""Properties over generated specs: lint never crashes, is deterministic, and its rewrites are valid YAML KPIs."""

from __future__ import annotations

import textwrap

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpiguard.catalog import builtin_metrics
from kpiguard.lint import lint
from kpiguard.spec import load_spec_text

METRICS = sorted(builtin_metrics())
TEAMS = ["crm", "product", "acquisition"]
number = st.sampled_from(["0", "1", "0.7", "8000000", "25%", "5%", "40", "120"])
plain = st.sampled_from(["0", "1", "0.7", "8000000", "40", "120"])
# Amounts, counts and averages: a percent there (`to: 7%` on revenue) is a spec error, not a lint finding.
RAILS = ["max_decrease: 10%", "max_increase: 20%", "max_decrease: 100%", "max_decrease: 0%", "min: 0"]
NOT_PERCENT = {n for n, m in builtin_metrics().items()
               if m.unit != "%" and (m.ratio_of == "average" or (m.kind in ("amount", "count") and not m.is_ratio))}


@st.composite
def kpi_yaml(draw, index: int, ids: list[str]):
    metric = draw(st.sampled_from(METRICS))
    value = plain if metric in NOT_PERCENT else number
    parts = [f"id: k{index}", f"metric: {metric}"]
    if draw(st.booleans()):
        parts.append(f"level: {draw(st.sampled_from(['input', 'output', 'outcome']))}")
    if draw(st.booleans()):
        parts.append(f"owner: {draw(st.sampled_from(TEAMS))}")
    if draw(st.booleans()):
        parts.append(f"contributors: [{', '.join(draw(st.lists(st.sampled_from(TEAMS), max_size=2, unique=True)))}]")
    if draw(st.booleans()):
        parts.append("baseline: 2025")
    if draw(st.booleans()):
        target = [f"to: {draw(value)}"]
        if draw(st.booleans()):
            target.append(f"from: {draw(value)}")
        if draw(st.booleans()):
            target.append("by: 2026-12-31")
        parts.append("target: {" + ", ".join(target) + "}")
    others = ids[index + 1:]  # serves points forward only: a loop in serves is a spec error
    if others and draw(st.booleans()):
        parts.append(f"serves: [{draw(st.sampled_from(others))}]")
    if draw(st.booleans()):
        # one or two guardrails (two on one metric happen: a floor and a cap written apart), some that never breach
        rails = [f"{{metric: {draw(st.sampled_from(METRICS))}, {draw(st.sampled_from(RAILS))}}}"
                 for _ in range(draw(st.integers(min_value=1, max_value=2)))]
        parts.append(f"guardrails: [{', '.join(rails)}]")
    if draw(st.integers(min_value=0, max_value=5)) == 0:  # a suppression whose reason is still to write
        parts.append(f"noqa: {{{draw(st.sampled_from(['KG101', 'KG102', 'KG106', 'KG201']))}: ''}}")
    return "  - {" + ", ".join(parts) + "}\n"


@st.composite
def spec_text(draw):
    n = draw(st.integers(min_value=1, max_value=5))
    ids = [f"k{i}" for i in range(n)]
    return "kpis:\n" + "".join(draw(kpi_yaml(i, ids)) for i in range(n))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec_text())
def test_lint_is_total_and_rewrites_load(text):
    spec = load_spec_text(text, "gen.yaml")
    findings = lint(spec)
    assert [f.to_dict() for f in findings] == [f.to_dict() for f in lint(spec)]
    for finding in findings:
        assert finding.location is not None and finding.kpi_id in {k.id for k in spec.kpis}
        if finding.rewrite is None:
            continue
        if "metric: ~" in finding.rewrite.yaml or "to: ~" in finding.rewrite.yaml:
            assert "\n  # " in finding.rewrite.yaml  # a note says what to fill in
            continue
        # Paste it: it replaces the KPI it rewrites (same id; or another KPI of the spec, the output KG302 and KG303
        # let serve the outcome), or comes in addition (a new KPI).
        snippet = finding.rewrite.yaml
        edited = next((k.id for k in spec.kpis if snippet.startswith(f"- id: {k.id}\n")), None)
        kept = [line for line in text.splitlines()[1:] if not (edited and f"{{id: {edited}," in line)]
        pasted = "kpis:\n" + "".join(line + "\n" for line in kept) + textwrap.indent(snippet, "  ")
        rewritten = load_spec_text(pasted, "rewrite.yaml")
        assert rewritten.kpi(finding.kpi_id) is not None
