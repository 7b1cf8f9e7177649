"""kpiguard: KPI specs that say what to steer, a linter for toxic KPIs, and a review on real data.

    import kpiguard
    spec = kpiguard.load_spec("kpis.yaml")
    findings = kpiguard.lint(spec)                   # the anti-toxic-KPI checklist
    result = kpiguard.review(spec)                   # if this KPI is met, is the company better off?
    result.to_frame()
    kpiguard.check("Faire 25 % du CA mensuel via email").rewrite.sentence

The public API is what `__all__` lists; everything else is private and may change. Heavy parts (the engine,
the simulator) are imported on first use, so `import kpiguard` stays fast.
"""

from __future__ import annotations

__version__ = "0.1.0"

# Nothing is imported here, not even `typing` or the error types: the `kpiguard` console script imports this
# package before it can put its Ctrl-C handler in place (kpiguard._entry), and every import here widened the
# moment when Ctrl-C printed a traceback. The public names are resolved on first access instead.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from kpiguard.errors import DataError, Diagnostic, ExpressionError, KpiguardError, Location, SpecError
    from kpiguard.language import Check, check
    from kpiguard.lint import Finding, lint
    from kpiguard.metrics import MetricResults, MetricValue, compute, connect, explain
    from kpiguard.report import render_html, write_report
    from kpiguard.review import Review, review
    from kpiguard.simulate import simulate
    from kpiguard.spec import KPI, Period, Spec, load_spec, load_spec_text, parse_period

# name -> module that defines it; resolved on first access (PEP 562)
_LAZY = {
    "DataError": "kpiguard.errors",
    "Diagnostic": "kpiguard.errors",
    "ExpressionError": "kpiguard.errors",
    "KpiguardError": "kpiguard.errors",
    "Location": "kpiguard.errors",
    "SpecError": "kpiguard.errors",
    # the spec models import pydantic: not needed by `kpiguard --version`, `--help` or `rules`
    "KPI": "kpiguard.spec",
    "Period": "kpiguard.spec",
    "Spec": "kpiguard.spec",
    "load_spec": "kpiguard.spec",
    "load_spec_text": "kpiguard.spec",
    "parse_period": "kpiguard.spec",
    "Check": "kpiguard.language",
    "check": "kpiguard.language",
    "Finding": "kpiguard.lint",
    "lint": "kpiguard.lint",
    "MetricResults": "kpiguard.metrics",
    "MetricValue": "kpiguard.metrics",
    "compute": "kpiguard.metrics",
    "connect": "kpiguard.metrics",
    "explain": "kpiguard.metrics",
    "Review": "kpiguard.review",
    "review": "kpiguard.review",
    "render_html": "kpiguard.report",
    "write_report": "kpiguard.report",
    "simulate": "kpiguard.simulate",
}


def __getattr__(name: str) -> Any:
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'kpiguard' has no attribute {name!r}")
    import importlib

    module = importlib.import_module(module_name)
    # `lint`, `review` and `simulate` are packages that can be called as their main function.
    value = module if module_name == f"kpiguard.{name}" else getattr(module, name)
    globals()[name] = value
    return value


__all__ = [
    "Check",
    "DataError",
    "Diagnostic",
    "ExpressionError",
    "Finding",
    "KPI",
    "KpiguardError",
    "Location",
    "MetricResults",
    "MetricValue",
    "Period",
    "Review",
    "Spec",
    "SpecError",
    "__version__",
    "check",
    "compute",
    "connect",
    "explain",
    "lint",
    "load_spec",
    "load_spec_text",
    "parse_period",
    "render_html",
    "review",
    "simulate",
    "write_report",
]
