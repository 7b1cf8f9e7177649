"""Output formats of lint findings: pure functions `list[Finding] -> str`, one module each."""

from __future__ import annotations

from collections.abc import Callable

FORMATS = ("text", "json", "sarif", "github")


def formatter(name: str) -> Callable[..., str]:
    """The `render` function of a format module (text takes the source texts for its excerpts)."""
    if name not in FORMATS:
        raise ValueError(name)
    from importlib import import_module

    return import_module(f"kpiguard.lint.formats.{name}").render
