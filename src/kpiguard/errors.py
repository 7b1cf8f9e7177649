"""The project's own error types: a user error carries a location and a way out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from kpiguard._i18n import Message


class Location(NamedTuple):
    """Where something came from: a file, a 1-based line and a 1-based column.

    A named tuple (immutable, ordered by file, line, column): the loader makes one per key and value of a spec,
    hundreds of thousands for a large one, and a tuple is made in a third of a frozen dataclass's time.
    """

    file: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line <= 0:
            return self.file
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem with a user's input, already rendered in the language in force."""

    message: str
    location: Location | None = None
    code: str = "spec"
    hint: str | None = None

    def __str__(self) -> str:
        text = self.message if self.hint is None else f"{self.message} ({self.hint})"
        return f"{self.location}: {text}" if self.location is not None else text

    def to_dict(self) -> dict[str, object]:
        loc = self.location
        return {
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
            "file": loc.file if loc else None,
            "line": loc.line if loc else None,
            "col": loc.col if loc else None,
        }


class KpiguardError(Exception):
    """A user error: bad input, bad configuration, missing data. Never a bug.

    The CLI prints its diagnostics as `path:line:col: message` and exits with code 2.
    """

    def __init__(self, diagnostics: list[Diagnostic] | Diagnostic | str):
        if isinstance(diagnostics, str):
            diagnostics = [Diagnostic(diagnostics)]
        elif isinstance(diagnostics, Diagnostic):
            diagnostics = [diagnostics]
        self.diagnostics: list[Diagnostic] = list(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))


class SpecError(KpiguardError):
    """The spec file is not valid: every problem found is in `diagnostics`."""


class DataError(KpiguardError):
    """The data cannot answer: a missing table or column, an unreachable engine, an empty period."""


class ExpressionError(KpiguardError):
    """An expression in a spec is not allowed (unknown column or function, a statement, a subquery...)."""


@dataclass
class DiagnosticBag:
    """Collects every diagnostic of a pass, so that a file's errors are all reported at once."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(
        self, message: Message | str, location: Location | None, /, *, code: str = "spec", **values: object
    ) -> None:
        text = message.render(**values) if isinstance(message, Message) else message
        self.items.append(Diagnostic(text, location, code))

    def raise_if_any(self, error: type[KpiguardError] = SpecError) -> None:
        if self.items:
            # The same problem reached twice (a node repeated by a YAML alias) is reported once.
            unique = {(d.location, d.message): d for d in self.items}
            raise error(sorted(unique.values(), key=_diagnostic_order))


def _diagnostic_order(d: Diagnostic) -> tuple:
    loc = d.location or Location("")
    return (loc.file, loc.line, loc.col, d.message)
