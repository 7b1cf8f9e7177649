"""Findings as JSON: `{"findings": [Finding.to_dict()...], "summary": {...}}`."""

from __future__ import annotations

import json

from kpiguard.lint.finding import Finding


def render(findings: list[Finding], sources: object = None) -> str:
    summary = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "info")}
    return json.dumps({"findings": [f.to_dict() for f in findings], "summary": summary},
                      indent=2, ensure_ascii=False) + "\n"
