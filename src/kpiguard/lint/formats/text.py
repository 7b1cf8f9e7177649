"""Findings as text, like ruff: `path:line:col: CODE message`, the source line with a caret, then the rewrite."""

from __future__ import annotations

from collections.abc import Mapping

from kpiguard._i18n import Message
from kpiguard.lint.finding import Finding, severity_word

SUMMARY = Message(en="Found {n} finding(s): {errors} error(s), {warnings} warning(s), {infos} info.",
                  fr="{n} constat(s) : {errors} erreur(s), {warnings} avertissement(s), {infos} info.")
CLEAN = Message(en="All checks passed!", fr="Aucun constat : toutes les vérifications sont réussies !")
REWRITE = Message(en="rewrite:", fr="réécriture :")
SAME = Message(en="(the YAML of {code}'s rewrite above: one rewrite for this KPI)",
               fr="(le YAML de la réécriture de {code} ci-dessus : une seule réécriture pour ce KPI)")


def render(findings: list[Finding], sources: Mapping[str, str] | None = None, *, show_rewrite: bool = True) -> str:
    """One block per finding; `sources` maps a file to its text, for the line excerpt (omitted when absent)."""
    lines_of = {path: text.splitlines() for path, text in (sources or {}).items()}
    out: list[str] = []
    shown: dict[tuple[str | None, str], str] = {}  # (KPI, YAML) -> the code whose rewrite printed it
    for f in findings:
        loc = f.location
        where = f"{loc}: " if loc is not None else (f"{f.kpi_id}: " if f.kpi_id else "")
        out.append(f"{where}{f.code} [{severity_word(f.severity)}] {f.message}")
        if loc is not None and loc.line > 0:
            lines = lines_of.get(loc.file) or []
            if loc.line <= len(lines):
                gutter = str(loc.line)
                out.append(f"{' ' * len(gutter)} |")
                out.append(f"{gutter} | {lines[loc.line - 1]}")
                out.append(f"{' ' * len(gutter)} | {' ' * max(loc.col - 1, 0)}^ {f.code}")
        if show_rewrite and f.rewrite is not None:
            out.append(f"  = {REWRITE()} {f.rewrite.sentence}")
            # the rewrites of one KPI carry each other's fixes: the same YAML is printed once
            first = shown.setdefault((f.kpi_id, f.rewrite.yaml), f.code) if f.kpi_id is not None else f.code
            if first != f.code:
                out.append(f"    {SAME(code=first)}")
            else:
                out.extend("    " + line for line in f.rewrite.yaml.rstrip("\n").splitlines())
        out.append("")
    counts = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "info")}
    out.append(SUMMARY(n=len(findings), errors=counts["error"], warnings=counts["warning"], infos=counts["info"])
               if findings else CLEAN())
    return "\n".join(out) + "\n"
