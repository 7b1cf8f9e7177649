"""The linter: the anti-toxic-KPI checklist as rules with codes, docs and rewrites (`kpiguard lint`)."""

from kpiguard._callable import make_callable
from kpiguard.lint.finding import Finding, Rewrite, Severity, severity_rank
from kpiguard.lint.linter import lint
from kpiguard.lint.registry import all_rules, get_rule
from kpiguard.lint.rule import Rule

# `kpiguard.lint(spec)` calls `lint`.
make_callable(__name__, lint)

__all__ = ["Finding", "Rewrite", "Rule", "Severity", "all_rules", "get_rule", "lint", "severity_rank"]
