"""Findings as GitHub Actions workflow commands (`::error file=...,line=...,col=...::message`)."""

from __future__ import annotations

from kpiguard.errors import Diagnostic
from kpiguard.lint.finding import Finding

LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(findings: list[Finding], sources: object = None) -> str:
    out = []
    for f in findings:
        props = []
        if f.location is not None:
            props.append(f"file={_escape_property(f.location.file)}")
            if f.location.line > 0:
                props += [f"line={f.location.line}", f"col={max(f.location.col, 1)}"]
        props.append(f"title={_escape_property(f'{f.code} {f.name}')}")
        text = f"{f.code} {f.message}"
        if f.rewrite is not None:
            text += f"\n{f.rewrite.sentence}"
        out.append(f"::{LEVEL[f.severity]} {','.join(props)}::{_escape_data(text)}")
    return "\n".join(out) + ("\n" if out else "")


def render_diagnostics(diagnostics: list[Diagnostic]) -> str:
    """Spec errors (a file that does not load) as `::error` annotations, so that CI shows them on the file too."""
    out = []
    for d in diagnostics:
        props = []
        if d.location is not None:
            props.append(f"file={_escape_property(d.location.file)}")
            if d.location.line > 0:
                props += [f"line={d.location.line}", f"col={max(d.location.col, 1)}"]
        props.append(f"title={_escape_property(f'kpiguard {d.code}')}")
        out.append(f"::error {','.join(props)}::{_escape_data(d.message)}")
    return "\n".join(out) + ("\n" if out else "")
