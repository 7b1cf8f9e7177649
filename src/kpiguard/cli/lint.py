"""`kpiguard lint`, `kpiguard rule CODE` and `kpiguard rules`."""

from __future__ import annotations

import enum
import json
from pathlib import Path
from typing import Annotated

import typer

from kpiguard._i18n import Message
from kpiguard.cli import _completion as complete
from kpiguard.cli import app
from kpiguard.cli._common import FORMAT_HELP, LangOption, emit, fail, fail_message, unique_files, use_lang
from kpiguard.cli._help import Help
from kpiguard.errors import KpiguardError

EXIT_FINDINGS = 1
UNKNOWN_RULE = Message(en="unknown rule {code!r}: `kpiguard rules` lists them{closest}",
                       fr="règle inconnue {code!r} : `kpiguard rules` les liste{closest}")

EMPTY_SELECT = Message(
    en="--select names no rule: give codes (KG101), prefixes (KG1), names, families or ALL; leave it out to run "
       "every rule",
    fr="--select ne nomme aucune règle : donnez des codes (KG101), des préfixes (KG1), des noms, des familles ou "
       "ALL ; omettez-le pour lancer toutes les règles")


class LintFormat(str, enum.Enum):
    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"


class FailOn(str, enum.Enum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


class ListFormat(str, enum.Enum):
    text = "text"
    json = "json"


@app.command(help=Help(
    en="""Check KPI specs against the anti-toxic-KPI checklist. Exit 0 clean, 1 findings at --fail-on, 2 bad input.

    A file that does not load is reported (exit 2) and the other files are still linted.""",
    fr="""Vérifier des specs de KPI avec la liste anti-KPI toxiques. Code de sortie 0 si rien à signaler, 1 si des
    constats atteignent --fail-on, 2 si l'entrée est invalide.

    Un fichier qui ne se charge pas est signalé (code 2) et les autres fichiers sont quand même vérifiés."""))
def lint(
    specs: Annotated[list[Path], typer.Argument(metavar="SPEC", show_default=False, help=Help(
        en="Spec files to lint.", fr="Fichiers de spec à vérifier."))],
    output_format: Annotated[LintFormat, typer.Option("--format", "-f", case_sensitive=False, help=FORMAT_HELP)] = LintFormat.text,
    select: Annotated[list[str] | None, typer.Option("--select", metavar="<rules>",
                                                     autocompletion=complete.rule_selection, help=Help(
        en="Rules to run: codes, prefixes (KG1), names or families; replaces the configuration.",
        fr="Règles à lancer : codes, préfixes (KG1), noms ou familles ; remplace la configuration."))] = None,
    ignore: Annotated[list[str] | None, typer.Option("--ignore", metavar="<rules>",
                                                     autocompletion=complete.rule_selection, help=Help(
        en="Rules to skip, added to the configured ones.",
        fr="Règles à ignorer, ajoutées à celles de la configuration."))] = None,
    fail_on: Annotated[FailOn, typer.Option("--fail-on", case_sensitive=False, help=Help(
        en="Exit 1 when a finding has this severity or a higher one.",
        fr="Sortir avec le code 1 quand un constat a cette sévérité ou une plus haute."))] = FailOn.error,
    no_rewrite: Annotated[bool, typer.Option("--no-rewrite", help=Help(
        en="Text format: hide the suggested rewrites.",
        fr="Format texte : masquer les réécritures proposées."))] = False,
    lang: LangOption = None,
) -> None:
    from kpiguard.lint import lint as run_lint
    from kpiguard.lint import severity_rank
    from kpiguard.lint.formats import formatter
    from kpiguard.spec import load_spec

    use_lang(lang)
    if select is not None and not any(part.strip() for item in select for part in item.split(",")):
        fail_message(EMPTY_SELECT)  # `--select "$RULES"` with an empty variable would silently check nothing
    findings, sources, errors = [], {}, []
    specs = unique_files(specs)
    for path in specs:  # a file that does not load is reported; the others are still linted
        try:
            spec = load_spec(path)
            findings.extend(run_lint(spec, select=select, ignore=ignore))
        except KpiguardError as error:
            errors.append(error)
            continue
        if output_format is LintFormat.text:
            sources[str(path)] = path.read_text(encoding="utf-8")
    if errors and output_format is LintFormat.github:  # CI annotates the spec where it does not load
        from kpiguard.lint.formats.github import render_diagnostics

        emit(render_diagnostics(_merged(errors).diagnostics).rstrip("\n"))
    render = formatter(output_format.value)
    diagnostics = _merged(errors).diagnostics if errors else []
    if output_format in (LintFormat.json, LintFormat.sarif):  # a complete document, which says what did not load
        emit(render(findings, diagnostics=diagnostics))
    elif len(errors) == len(specs):  # nothing was linted
        fail(_merged(errors))
    elif output_format is LintFormat.text:
        if findings or not errors:  # "All checks passed!" would be false when a file did not load
            emit(render(findings, sources, show_rewrite=not no_rewrite))
    else:
        emit(render(findings))
    if errors:
        fail(_merged(errors))
    if fail_on is not FailOn.never and any(severity_rank(f.severity) >= severity_rank(fail_on.value)
                                           for f in findings):
        raise typer.Exit(EXIT_FINDINGS)


def _merged(errors: list[KpiguardError]) -> KpiguardError:
    """One error with every file's diagnostics, each once (a bad --select is reported per file otherwise)."""
    unique = {(str(d.location), d.message): d for error in errors for d in error.diagnostics}
    return KpiguardError(list(unique.values()))


@app.command(help=Help(en="Print a rule's documentation.", fr="Afficher la documentation d'une règle."))
def rule(
    code: Annotated[str, typer.Argument(metavar="CODE", autocompletion=complete.rules, help=Help(
        en="A rule code (KG101) or name (structure.share-without-absolute).",
        fr="Un code de règle (KG101) ou un nom (structure.share-without-absolute)."))],
    lang: LangOption = None,
) -> None:
    from kpiguard.lint.docs import render_rule
    from kpiguard.lint.registry import get_rule, rule_by_name

    use_lang(lang)
    found = get_rule(code) or rule_by_name(code)
    if found is None:
        from kpiguard.cli._usage import closest
        from kpiguard.lint.registry import all_rules

        known = [name for r in all_rules() for name in (r.code, r.name)]
        fail_message(UNKNOWN_RULE, code=code, closest=closest(code, known))
    emit(render_rule(found))


@app.command(help=Help(en="List every lint rule: code, severity, name and title.",
                       fr="Lister toutes les règles : code, sévérité, nom et titre."))
def rules(
    output_format: Annotated[ListFormat, typer.Option("--format", "-f", case_sensitive=False, help=FORMAT_HELP)] = ListFormat.text,
    lang: LangOption = None,
) -> None:
    from kpiguard.lint.docs import render_rule_table
    from kpiguard.lint.registry import all_rules

    use_lang(lang)
    if output_format is ListFormat.json:
        emit(json.dumps([{"code": r.code, "name": r.name, "severity": r.severity, "title": r.title()}
                         for r in all_rules()], indent=2, ensure_ascii=False))
    else:
        emit(render_rule_table(all_rules()))
