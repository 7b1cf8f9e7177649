"""The linter: the anti-toxic-KPI checklist as rules with codes, docs and rewrites (`kpiguard lint`)."""

from kpiguard.lint.finding import Finding, Rewrite, Severity, severity_rank
from kpiguard.lint.linter import lint
from kpiguard.lint.registry import all_rules, get_rule
from kpiguard.lint.rule import Rule

__all__ = ["Finding", "Rewrite", "Rule", "Severity", "all_rules", "get_rule", "lint", "severity_rank"]
