"""The curated public API: sorted, complete, callable as documented, and light to import."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import kpiguard

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "kpis.example.yaml"

EXPECTED = {
    "KPI", "Check", "DataError", "Diagnostic", "ExpressionError", "Finding", "KpiguardError", "Location",
    "MetricResults", "MetricValue", "Period", "Review", "Spec", "SpecError", "__version__", "check", "compute",
    "connect", "explain", "lint", "load_spec", "load_spec_text", "parse_period", "render_html", "review",
    "simulate", "write_report",
}


def test_all_is_sorted_and_is_exactly_the_curated_surface():
    assert kpiguard.__all__ == sorted(kpiguard.__all__)
    assert set(kpiguard.__all__) == EXPECTED


def test_every_public_name_resolves():
    for name in kpiguard.__all__:
        assert getattr(kpiguard, name) is not None, name


def test_unknown_attribute_is_an_attribute_error():
    try:
        kpiguard.no_such_thing  # noqa: B018
    except AttributeError as exc:
        assert "no_such_thing" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("expected AttributeError")


def test_lint_and_check_are_callable_from_the_top_level():
    spec = kpiguard.load_spec(EXAMPLE)
    codes = {(f.kpi_id, f.severity) for f in kpiguard.lint(spec)}
    assert ("email-share", "error") in codes
    assert {kpi for kpi, _ in codes} == {"email-share"}
    result = kpiguard.check("Faire 25 % du CA mensuel via email")
    assert result.parse.metric == "email_revenue_share"


def test_packages_named_like_their_function_are_callable():
    import kpiguard.lint as lint_module
    import kpiguard.review as review_module
    import kpiguard.simulate as simulate_module

    for module in (lint_module, review_module, simulate_module):
        assert callable(module), module.__name__
    assert kpiguard.simulate.__call_target__ is simulate_module.simulate


def test_import_kpiguard_does_not_import_the_engine():
    code = (
        "import sys, kpiguard, kpiguard.lint, kpiguard.review, kpiguard.report, kpiguard.language; "
        "heavy = {'ibis', 'duckdb', 'pandas', 'pyarrow', 'sqlglot', 'pyspark'} & set(sys.modules); "
        "print(sorted(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
