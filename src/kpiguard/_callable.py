"""Let a package be called as its main function: `kpiguard.review(spec)` next to `from kpiguard.review import review`."""

from __future__ import annotations

import sys
import types
from collections.abc import Callable
from typing import Any


class _CallableModule(types.ModuleType):
    # A package and its main function share one name in the public API (kpiguard.lint, kpiguard.review,
    # kpiguard.simulate); once the package is imported, `kpiguard.<name>` is the module, so the module
    # itself must answer the call.
    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.__dict__["__call_target__"](*args, **kwargs)


def make_callable(module_name: str, function: Callable[..., Any]) -> None:
    """Make the module `module_name` callable as `function` (its signature and doc stay on `function`)."""
    module = sys.modules[module_name]
    module.__call_target__ = function  # type: ignore[attr-defined]
    module.__class__ = _CallableModule
