"""Run the selected rules on a spec: config merged, inline suppressions applied, findings sorted."""

from __future__ import annotations

from datetime import date

from kpiguard import _i18n
from kpiguard.lint.config import resolve, settings_for
from kpiguard.lint.context import LintContext
from kpiguard.lint.finding import Finding, severity_rank
from kpiguard.spec.loader import paused_gc
from kpiguard.spec.models import Spec


def lint(spec: Spec, *, select: list[str] | None = None, ignore: list[str] | None = None,
         severity: dict[str, str] | None = None, today: date | None = None) -> list[Finding]:
    """Every finding of the selected rules on `spec`, in file order.

    Configuration comes from the nearest pyproject.toml, then the spec's `lint:` section, then these arguments
    (`select` replaces, `ignore` adds, `severity` overrides). A KPI's `noqa: {CODE: reason}` (or a
    `# kpiguard: noqa CODE -- reason` comment on its first line) silences a rule for that KPI, only with a reason.
    `today` (`kpiguard check`) gives the rewrites the default baseline of the sentence's robust rewrite.
    Raises SpecError for an unknown rule code in the configuration.
    """
    rules, overrides = resolve(settings_for(spec, select, ignore, severity))
    # Pin the language for the run: every message asks for it, and the fallback reads the environment.
    token = _i18n._current.set(_i18n.get_lang())
    try:
        with paused_gc():  # a run over a large spec allocates many findings; none is garbage (see paused_gc)
            return _run(spec, rules, overrides, today)
    finally:
        _i18n._current.reset(token)


def _run(spec: Spec, rules: list, overrides: dict[str, str], today: date | None = None) -> list[Finding]:
    ctx = LintContext(spec, today)
    suppressions = ctx.suppressions
    findings: list[Finding] = []
    for rule in rules:
        severity_override = overrides.get(rule.code)
        for finding in rule.check(ctx):
            if rule.suppressible and finding.kpi_id is not None:
                silenced = suppressions.get(finding.kpi_id, {})
                entry = silenced.get(rule.code) or silenced.get(rule.name.upper())
                if entry is not None and entry[0]:
                    continue
            if severity_override is not None and severity_override != finding.severity:
                finding = _with_severity(finding, severity_override)
            findings.append(finding)
    findings = _without_overlaps(findings)
    findings.sort(key=Finding.sort_key)
    return findings


def _without_overlaps(findings: list[Finding]) -> list[Finding]:
    """One finding per cause: a finding on a KPI gives way to a reported finding of a rule it `yields_to` on the
    same KPI, whose rewrite answers both; that finding keeps the higher of the two severities.

    Done after `select`, `ignore` and `noqa`: a specific rule the user silenced leaves the general one in force.
    """
    reported: dict[str, dict[str, Finding]] = {}
    for finding in findings:
        if finding.kpi_id is not None:
            reported.setdefault(finding.kpi_id, {}).setdefault(finding.code, finding)
    raised: dict[int, str] = {}  # id of a kept finding -> the severity it takes over
    kept: list[Finding] = []
    for finding in findings:
        on_kpi = reported.get(finding.kpi_id, {}) if finding.kpi_id is not None else {}
        winners = [on_kpi[code] for code in finding.yields_to if code in on_kpi]
        if not winners:
            kept.append(finding)
            continue
        for winner in winners:
            current = raised.get(id(winner), winner.severity)
            if severity_rank(finding.severity) > severity_rank(current):
                raised[id(winner)] = finding.severity
    return [_with_severity(f, raised[id(f)]) if id(f) in raised else f for f in kept]


def _with_severity(finding: Finding, severity: str) -> Finding:
    from dataclasses import replace

    return replace(finding, severity=severity)
