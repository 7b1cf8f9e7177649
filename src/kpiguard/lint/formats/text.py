"""Findings as text, like ruff: `path:line:col: CODE message`, the source line with a caret, then the rewrite."""

from __future__ import annotations

from collections.abc import Mapping

from kpiguard._i18n import Message, get_lang
from kpiguard._typography import typeset
from kpiguard.lint.finding import Finding, severity_word

SUMMARY = Message(en="Found {findings}: {errors}, {warnings}, {infos}.", fr="{findings} : {errors}, {warnings}, {infos}.")
# each count with its noun in the number it agrees with ("1 erreur, 3 avertissements"; French is singular below 2)
COUNTED = {
    "finding": (Message(en="finding", fr="constat"), Message(en="findings", fr="constats")),
    "error": (Message(en="error", fr="erreur"), Message(en="errors", fr="erreurs")),
    "warning": (Message(en="warning", fr="avertissement"), Message(en="warnings", fr="avertissements")),
    "info": (Message(en="info", fr="info"), Message(en="info", fr="info")),
}
CLEAN = Message(en="All checks passed!", fr="Aucun constat : toutes les vérifications sont réussies !")
REWRITE = Message(en="rewrite:", fr="réécriture :")
SAME = Message(en="(the YAML of {code}'s rewrite above: one rewrite for this KPI)",
               fr="(le YAML de la réécriture de {code} ci-dessus : une seule réécriture pour ce KPI)")


def render(findings: list[Finding], sources: Mapping[str, str] | None = None, *, show_rewrite: bool = True) -> str:
    """One block per finding; `sources` maps a file to its text, for the line excerpt (omitted when absent)."""
    lines_of = {path: text.splitlines() for path, text in (sources or {}).items()}
    lang = get_lang()  # French prose is typeset (no-break spaces before : ; ? ! %); source lines and YAML are not
    out: list[str] = []
    shown: dict[tuple[str | None, str], str] = {}  # (KPI, YAML) -> the code whose rewrite printed it
    for f in findings:
        loc = f.location
        where = f"{loc}: " if loc is not None else (f"{f.kpi_id}: " if f.kpi_id else "")
        out.append(f"{where}{f.code} [{severity_word(f.severity)}] {typeset(f.message, lang)}")
        if loc is not None and loc.line > 0:
            lines = lines_of.get(loc.file) or []
            if loc.line <= len(lines):
                gutter = str(loc.line)
                out.append(f"{' ' * len(gutter)} |")
                out.append(f"{gutter} | {lines[loc.line - 1]}")
                out.append(f"{' ' * len(gutter)} | {' ' * max(loc.col - 1, 0)}^ {f.code}")
        if show_rewrite and f.rewrite is not None:
            out.append(typeset(f"  = {REWRITE()} {f.rewrite.sentence}", lang))
            # the rewrites of one KPI carry each other's fixes: the same YAML is printed once
            first = shown.setdefault((f.kpi_id, f.rewrite.yaml), f.code) if f.kpi_id is not None else f.code
            if first != f.code:
                out.append(typeset(f"    {SAME(code=first)}", lang))
            else:
                out.extend("    " + line for line in f.rewrite.yaml.rstrip("\n").splitlines())
        out.append("")
    counts = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "info")}
    out.append(typeset(SUMMARY(findings=_counted(len(findings), "finding"), errors=_counted(counts["error"], "error"),
                               warnings=_counted(counts["warning"], "warning"), infos=_counted(counts["info"], "info"))
                       if findings else CLEAN(), lang))
    return "\n".join(out) + "\n"


def _counted(n: int, noun: str) -> str:
    """`3 avertissements`, `1 error`, `0 erreur` (French), `0 errors` (English)."""
    plural = n >= 2 if get_lang() == "fr" else n != 1
    return f"{n} {COUNTED[noun][plural]()}"
