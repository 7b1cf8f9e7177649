"""Findings as SARIF 2.1.0 (GitHub code scanning and other viewers): rules' help is taken from their docs."""

from __future__ import annotations

import json
from pathlib import Path

from kpiguard import __version__
from kpiguard.lint.finding import Finding

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _uri(path: str) -> str:
    """A relative path stays relative (uriBaseId %SRCROOT%); an absolute one becomes a file URI."""
    p = Path(path)
    return p.as_uri() if p.is_absolute() else p.as_posix()


def render(findings: list[Finding], sources: object = None) -> str:
    from kpiguard.lint.registry import all_rules

    rules = all_rules()
    index = {r.code: i for i, r in enumerate(rules)}
    descriptors = [{
        "id": r.code,
        "name": r.name,
        "shortDescription": {"text": r.title("en")},
        "fullDescription": {"text": r.doc().split("## Why is this bad?")[0].replace("## What it does", "").strip()},
        "help": {"text": r.doc(), "markdown": r.doc()},
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
            physical: dict = {"artifactLocation": {"uri": _uri(f.location.file)}}
            if not Path(f.location.file).is_absolute():
                physical["artifactLocation"]["uriBaseId"] = "%SRCROOT%"
            if f.location.line > 0:
                physical["region"] = {"startLine": f.location.line, "startColumn": max(f.location.col, 1)}
            result["locations"] = [{"physicalLocation": physical}]
        props = {}
        if f.kpi_id is not None:
            props["kpi_id"] = f.kpi_id
        if f.rewrite is not None:
            props["rewrite"] = f.rewrite.to_dict()
        if props:
            result["properties"] = props
        results.append(result)
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "kpiguard", "version": __version__, "rules": descriptors}},
            "results": results,
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
