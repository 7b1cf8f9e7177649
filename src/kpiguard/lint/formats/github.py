"""Findings as GitHub Actions workflow commands (`::error file=...,line=...,col=...::message`)."""

from __future__ import annotations

from kpiguard.errors import Diagnostic, Location
from kpiguard.lint.finding import Finding

LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _where(location: Location | None) -> list[str]:
    """The annotation's file, line and column properties (none when the location is unknown)."""
    if location is None:
        return []
    props = [f"file={_escape_property(location.file)}"]
    if location.line > 0:
        props += [f"line={location.line}", f"col={max(location.col, 1)}"]
    return props


def render(findings: list[Finding], sources: object = None) -> str:
    out = []
    for f in findings:
        props = [*_where(f.location), f"title={_escape_property(f'{f.code} {f.name}')}"]
        text = f"{f.code} {f.message}"
        if f.rewrite is not None:
            text += f"\n{f.rewrite.sentence}"
        out.append(f"::{LEVEL[f.severity]} {','.join(props)}::{_escape_data(text)}")
    return "\n".join(out) + ("\n" if out else "")


def render_diagnostics(diagnostics: list[Diagnostic]) -> str:
    """Spec errors (a file that does not load) as `::error` annotations, so that CI shows them on the file too."""
    out = []
    for d in diagnostics:
        props = [*_where(d.location), f"title={_escape_property(f'kpiguard {d.code}')}"]
        out.append(f"::error {','.join(props)}::{_escape_data(d.message)}")
    return "\n".join(out) + ("\n" if out else "")
