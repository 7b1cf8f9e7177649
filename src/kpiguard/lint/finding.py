"""What a lint run produces: located findings, each with a rewrite a user can paste."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from kpiguard.errors import Location

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("info", "warning", "error")


def severity_rank(severity: str) -> int:
    """info < warning < error, for `--fail-on` and sorting."""
    return SEVERITIES.index(severity)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Rewrite:
    """A robust version of the KPI: a FROM -> TO sentence and a KPI snippet (a YAML list item) to paste."""

    sentence: str
    yaml: str

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
