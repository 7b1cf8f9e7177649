"""What a lint run produces: located findings, each with a rewrite a user can paste."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from kpiguard._i18n import Message
from kpiguard.errors import Location

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("info", "warning", "error")
# The severities as a reader says them (GLOSSARY.md); the config values, JSON and SARIF keep the English codes.
SEVERITY_WORDS: dict[str, Message] = {
    "error": Message(en="error", fr="erreur"),
    "warning": Message(en="warning", fr="avertissement"),
    "info": Message(en="info", fr="info"),
}


def severity_word(severity: str, lang: str | None = None) -> str:
    """A severity in the language in force (or `lang`), for text meant to be read: `avertissement`, not `warning`."""
    word = SEVERITY_WORDS.get(severity)
    return word.render(lang) if word is not None else severity


def severity_width(lang: str | None = None) -> int:
    """The width of the longest severity word, to align a column of them."""
    return max(len(word.render(lang)) for word in SEVERITY_WORDS.values())


def severity_rank(severity: str) -> int:
    """info < warning < error, for `--fail-on` and sorting."""
    return SEVERITIES.index(severity)  # type: ignore[arg-type]


class Rewrite:
    """A robust version of the KPI: a FROM -> TO sentence and a KPI snippet (a YAML list item) to paste.

    `yaml` may be given as a function that writes it: it is then written on first access, once. Writing the
    snippets was 40 % of a lint run, and some outputs (github, text --no-rewrite, exit codes) never show them.
    """

    __slots__ = ("_yaml", "sentence")

    def __init__(self, sentence: str, yaml: str | Callable[[], str]) -> None:
        self.sentence = sentence
        self._yaml = yaml

    @property
    def yaml(self) -> str:
        if not isinstance(self._yaml, str):
            self._yaml = self._yaml()
        return self._yaml

    @property
    def pending(self) -> Callable[[], str] | None:
        """The function that writes `yaml`, until it is written (the linter links the snippets of one KPI)."""
        return None if isinstance(self._yaml, str) else self._yaml

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Rewrite):
            return NotImplemented
        return (self.sentence, self.yaml) == (other.sentence, other.yaml)

    def __hash__(self) -> int:
        return hash((self.sentence, self.yaml))

    def __repr__(self) -> str:
        return f"Rewrite(sentence={self.sentence!r}, yaml={self.yaml!r})"

    def to_dict(self) -> dict[str, str]:
        return {"sentence": self.sentence, "yaml": self.yaml}


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule broken by one KPI (or by the KPI set): already rendered in the language in force."""

    code: str
    name: str
    severity: Severity
    kpi_id: str | None
    message: str
    location: Location | None = None
    rewrite: Rewrite | None = None
    # Codes of more specific rules whose finding on the same KPI says this one's cause, with a rewrite that also
    # answers it: when one is reported, this finding is not (see `Rule.yields_to`).
    yields_to: tuple[str, ...] = ()

    def sort_key(self) -> tuple[Any, ...]:
        loc = self.location or Location("")
        return (loc.file, loc.line, loc.col, self.code, self.kpi_id or "")

    def to_dict(self) -> dict[str, Any]:
        loc = self.location
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity,
            "kpi_id": self.kpi_id,
            "message": self.message,
            "location": None if loc is None else {"file": loc.file, "line": loc.line, "col": loc.col},
            "rewrite": None if self.rewrite is None else self.rewrite.to_dict(),
        }
