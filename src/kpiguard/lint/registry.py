"""Every rule, found by importing `rules/<family>/<CODE>.py`; codes are stable and never reused."""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from kpiguard.lint import rules as _rules_pkg
from kpiguard.lint.rule import Rule


@cache
def all_rules() -> tuple[Rule, ...]:
    """One instance of each rule, sorted by code."""
    found: dict[str, Rule] = {}
    for family in pkgutil.iter_modules(_rules_pkg.__path__):
        package = importlib.import_module(f"{_rules_pkg.__name__}.{family.name}")
        for module in pkgutil.iter_modules(package.__path__):
            mod = importlib.import_module(f"{package.__name__}.{module.name}")
            cls = getattr(mod, module.name, None)
            if not (isinstance(cls, type) and issubclass(cls, Rule)):
                raise TypeError(f"{mod.__name__} must define a Rule subclass named {module.name}")
            if cls.code != module.name or cls.code in found:
                raise TypeError(f"rule code {cls.code!r} must match its file name and be unique")
            found[cls.code] = cls()
    return tuple(found[code] for code in sorted(found))


def get_rule(code: str) -> Rule | None:
    code = code.strip().upper()
    return next((r for r in all_rules() if r.code == code), None)


def rule_by_name(name: str) -> Rule | None:
    return next((r for r in all_rules() if r.name == name), None)
