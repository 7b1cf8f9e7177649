"""Findings as JSON: `{"findings": [Finding.to_dict()...], "summary": {...}}`, plus `"errors"` when a spec
did not load (`Diagnostic.to_dict()`: code, message, hint, file, line, col)."""

from __future__ import annotations

import json

from kpiguard.errors import Diagnostic
from kpiguard.lint.finding import Finding


def render(findings: list[Finding], sources: object = None, diagnostics: list[Diagnostic] | None = None) -> str:
    summary = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "info")}
    data: dict = {"findings": [f.to_dict() for f in findings], "summary": summary}
    if diagnostics:
        data["errors"] = [d.to_dict() for d in diagnostics]
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
