"""Identifiers named by a small arithmetic expression (derived metrics), without importing a SQL parser."""

from __future__ import annotations

import re

# Not inside a number: the `e3` of `1e3` is an exponent, not a name.
_IDENT = re.compile(r"(?<![0-9.A-Za-z_])[A-Za-z_][A-Za-z0-9_]*")
_QUOTED = re.compile(r"'(?:[^']|'')*'")


def names_in(expr: str) -> list[str]:
    """Identifiers in order of first appearance, string literals left out."""
    seen: dict[str, None] = {}
    for name in _IDENT.findall(_QUOTED.sub(" ", expr)):
        seen.setdefault(name, None)
    return list(seen)
