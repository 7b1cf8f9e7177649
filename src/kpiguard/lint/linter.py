"""Run the selected rules on a spec: config merged, inline suppressions applied, findings sorted."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from kpiguard import _i18n
from kpiguard.lint.composition import KpiRewrites, reshapes
from kpiguard.lint.config import resolve, settings_for
from kpiguard.lint.context import LintContext
from kpiguard.lint.finding import Finding, severity_rank
from kpiguard.lint.snippet import Snippet, is_reason
from kpiguard.spec.loader import paused_gc
from kpiguard.spec.models import Spec

SEVERITY_OF = _i18n.Message(
    en=" (severity of {code}, which this finding also answers)",
    fr=" (sévérité de {code}, auquel ce constat répond aussi)",
)


def lint(spec: Spec, *, select: list[str] | None = None, ignore: list[str] | None = None,
         severity: dict[str, str] | None = None, today: date | None = None) -> list[Finding]:
    """Every finding of the selected rules on `spec`, in file order.

    Configuration comes from the nearest pyproject.toml, then the spec's `lint:` section, then these arguments
    (`select` replaces, `ignore` adds, `severity` overrides). A KPI's `noqa: {CODE: reason}` (or a
    `# kpiguard: noqa CODE -- reason` comment on one of its lines) silences a rule for that KPI, only with a reason.
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
    ctx.in_force = frozenset(rule.code for rule in rules)
    suppressions = ctx.suppressions
    findings: list[Finding] = []
    for rule in rules:
        severity_override = overrides.get(rule.code)
        for finding in rule.check(ctx):
            if rule.suppressible and finding.kpi_id is not None:
                silenced = suppressions.get(finding.kpi_id, {})
                entry = silenced.get(rule.code) or silenced.get(rule.name.upper())
                if entry is not None and is_reason(entry[0]):
                    continue
            if severity_override is not None and severity_override != finding.severity:
                finding = _with_severity(finding, severity_override)
            findings.append(finding)
    findings, given_way = _without_overlaps(findings)
    _combine_rewrites(findings, given_way)
    findings.sort(key=Finding.sort_key)
    return findings


def _combine_rewrites(findings: list[Finding], given_way: list[Finding] = ()) -> None:  # type: ignore[assignment]
    """Link the rewrites of one KPI, so that each is written on top of the others' fixes (`composition`): pasted in
    any order, they leave none of the KPI's findings behind, where each used to bring back the findings the others
    answered. The findings reported count (after `select`, `ignore`, `noqa` and overlaps), and the fixes of those
    that gave way to one of them (`given_way`: KG105's guard of the average basket under KG401's of another team's
    conversion), so that the finding left answers both as it says; a rewrite that adds a new KPI (KG104's output) is
    left as it is. The YAML is written when asked for: linking costs a dict entry."""
    edits: dict[str, list[Finding]] = {}
    for finding in [*findings, *given_way]:
        snippet = finding.rewrite.pending if finding.rewrite is not None else None
        if isinstance(snippet, Snippet) and snippet.edits is not None:
            # (a rewrite may edit another KPI than its finding's: KG303's output that can serve the outcome)
            edits.setdefault(snippet.edits.id, []).append(finding)
    silent = {id(f) for f in given_way}
    for kpi_id, found in edits.items():
        if len(found) < 2 or all(id(f) in silent for f in found):
            continue
        elsewhere = {id(f.rewrite.pending): f.kpi_id for f in found if f.kpi_id != kpi_id}  # type: ignore[union-attr]
        group = KpiRewrites([(f.code, f.rewrite.pending) for f in found], elsewhere,  # type: ignore[union-attr,misc]
                            {id(f.rewrite.pending) for f in found if id(f) in silent})  # type: ignore[union-attr]
        for _, snippet in group.snippets:
            snippet.group = group
        # A rewrite that steers another metric or drops the target (KG101, KG102) is what every rewrite of the KPI
        # now writes: its sentence says it for all ("from 18 % to 25 % of the share", KG202's, no longer would).
        own = [(f, snippet) for f, (_, snippet) in zip(found, group.snippets, strict=True)
               if f.kpi_id == kpi_id and id(f) not in silent]
        reshaped = next((f for f, snippet in own if reshapes(snippet)), None)
        if reshaped is not None:
            for finding, _ in own:
                finding.rewrite.sentence = reshaped.rewrite.sentence  # type: ignore[union-attr]


def _without_overlaps(findings: list[Finding]) -> tuple[list[Finding], list[Finding]]:
    """One finding per cause: a finding on a KPI gives way to a reported finding of a rule it `yields_to` on the
    same KPI, whose rewrite answers both (`_combine_rewrites` writes the fixes of the one given way into it); that
    finding keeps the higher of the two severities, and says whose. Returns the findings kept and those given way.

    Done after `select`, `ignore` and `noqa`: a specific rule the user silenced leaves the general one in force.
    """
    reported: dict[str, dict[str, Finding]] = {}
    for finding in findings:
        if finding.kpi_id is not None:
            reported.setdefault(finding.kpi_id, {}).setdefault(finding.code, finding)
    winners: dict[int, list[Finding]] = {}
    for finding in findings:
        on_kpi = reported.get(finding.kpi_id, {}) if finding.kpi_id is not None else {}
        found = [on_kpi[code] for code in finding.yields_to if code in on_kpi]
        if found:
            winners[id(finding)] = found
    if not winners:
        return findings, []
    # The severity each finding stands for: its own, or that of a finding that gave way to it (also through a
    # finding that gave way in turn: KG106 -> KG105 -> KG401), with the code it comes from.
    severity = {id(f): (f.severity, f.code) for f in findings}
    changed = True
    while changed:
        changed = False
        for finding in findings:
            for winner in winners.get(id(finding), ()):
                if severity_rank(severity[id(finding)][0]) > severity_rank(severity[id(winner)][0]):
                    severity[id(winner)] = severity[id(finding)]
                    changed = True
    kept, given_way = [], []
    for finding in findings:
        if id(finding) in winners:
            given_way.append(finding)
            continue
        level, code = severity[id(finding)]
        if code != finding.code:
            finding = replace(finding, severity=level, message=finding.message + SEVERITY_OF(code=code))
        kept.append(finding)
    return kept, given_way


def _with_severity(finding: Finding, severity: str) -> Finding:
    return replace(finding, severity=severity)
