"""Findings as SARIF 2.1.0 (GitHub code scanning and other viewers): rules' help is taken from their docs."""

from __future__ import annotations

import json
from pathlib import Path

from kpiguard import __version__
from kpiguard._i18n import get_lang
from kpiguard.errors import Diagnostic
from kpiguard.lint.finding import Finding

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
# The run's `language`, the culture of its messages (SARIF defaults to en-US)
LANGUAGE = {"en": "en-US", "fr": "fr-FR"}


def _uri(path: str) -> str:
    """A relative path stays relative (uriBaseId %SRCROOT%); an absolute one becomes a file URI. Both are URIs:
    a space or an accent is percent-encoded (`specs/été%202026.yaml` would not be one), as `as_uri()` does."""
    from urllib.parse import quote

    p = Path(path)
    return p.as_uri() if p.is_absolute() else quote(p.as_posix(), safe="/")


def _physical(file: str, line: int, col: int) -> dict:
    physical: dict = {"artifactLocation": {"uri": _uri(file)}}
    if not Path(file).is_absolute():
        physical["artifactLocation"]["uriBaseId"] = "%SRCROOT%"
    if line > 0:
        physical["region"] = {"startLine": line, "startColumn": max(col, 1)}
    return physical


def render(findings: list[Finding], sources: object = None, diagnostics: list[Diagnostic] | None = None) -> str:
    """The SARIF log; `diagnostics` (specs that did not load) become the run's tool execution notifications."""
    from kpiguard.lint.docs import render_rule
    from kpiguard.lint.registry import all_rules

    rules = all_rules()
    index = {r.code: i for i, r in enumerate(rules)}
    # The rules' metadata in the language in force, as the findings are (their documentation stays in English,
    # under a title and a severity in that language, as `kpiguard rule CODE` prints it)
    descriptors = [{
        "id": r.code,
        "name": r.name,
        "shortDescription": {"text": r.title()},
        "fullDescription": {"text": r.summary()},
        "help": {"text": render_rule(r), "markdown": render_rule(r)},
        "defaultConfiguration": {"level": LEVEL[r.severity]},
        "properties": {"tags": [r.name.split(".")[0]]},
    } for r in rules]
    results = []
    for f in findings:
        result: dict = {
            "ruleId": f.code,
            "level": LEVEL[f.severity],
            "message": {"text": f.message + (f"\n{f.rewrite.sentence}" if f.rewrite else "")},
        }
        if f.code in index:
            result["ruleIndex"] = index[f.code]
        if f.location is not None:
            result["locations"] = [{"physicalLocation": _physical(f.location.file, f.location.line,
                                                                  f.location.col)}]
        props = {}
        if f.kpi_id is not None:
            props["kpi_id"] = f.kpi_id
        if f.rewrite is not None:
            props["rewrite"] = f.rewrite.to_dict()
        if props:
            result["properties"] = props
        results.append(result)
    run: dict = {
        "tool": {"driver": {"name": "kpiguard", "version": __version__, "rules": descriptors}},
        "language": LANGUAGE.get(get_lang(), "en-US"),
        "results": results,
    }
    if diagnostics:  # a spec that does not load: the run did not complete, and says where
        notifications = []
        for d in diagnostics:
            note: dict = {"level": "error", "message": {"text": d.message}, "descriptor": {"id": d.code}}
            if d.location is not None:
                note["locations"] = [{"physicalLocation": _physical(d.location.file, d.location.line,
                                                                    d.location.col)}]
            notifications.append(note)
        run["invocations"] = [{"executionSuccessful": False, "toolExecutionNotifications": notifications}]
    log = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
