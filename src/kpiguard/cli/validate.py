"""`kpiguard validate` and `kpiguard schema`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from kpiguard._i18n import Message
from kpiguard.cli import app
from kpiguard.cli._common import (
    EXIT_USER_ERROR,
    Format,
    FormatOption,
    LangOption,
    OutOption,
    emit,
    unique_files,
    use_lang,
    write_output,
)
from kpiguard.cli._help import Help
from kpiguard.errors import KpiguardError

VALID = Message(
    en="{path}: valid ({kpis} {kpi_word}, {metrics} {custom_word} {metric_word})",
    fr="{path} : valide ({kpis} {kpi_word}, {metrics} {metric_word} {custom_word})",
)
KPI_WORDS = Message(en="KPI|KPIs", fr="KPI|KPI")
METRIC_WORDS = Message(en="metric|metrics", fr="métrique|métriques")
CUSTOM_WORDS = Message(en="custom|custom", fr="personnalisée|personnalisées")


def _word(words: Message, count: int) -> str:
    """The singular or plural of a `singular|plural` message (French: 0 and 1 take the singular)."""
    from kpiguard._i18n import get_lang

    singular, plural = words().split("|")
    return singular if count == 1 or (count == 0 and get_lang() == "fr") else plural


@app.command(help=Help(
    en="Check that spec files load: syntax, keys, types, periods and references. Exit 2 on any error.",
    fr="Vérifier que des fichiers de spec se chargent : syntaxe, clés, types, périodes et références. Code de "
       "sortie 2 à la moindre erreur."))
def validate(
    specs: Annotated[list[Path], typer.Argument(metavar="SPEC", show_default=False, help=Help(
        en="Spec files to validate.", fr="Fichiers de spec à valider."))],
    output_format: FormatOption = Format.text,
    lang: LangOption = None,
) -> None:
    from kpiguard.errors import SpecError
    from kpiguard.lint.config import check_spec_config
    from kpiguard.spec import load_spec

    use_lang(lang)
    results, failed = [], False
    specs = unique_files(specs)
    for path in specs:
        try:
            spec = load_spec(path)
            problems = check_spec_config(spec)  # the spec's `lint:` section names rules that exist
            if problems:
                raise SpecError(problems)
        except KpiguardError as error:
            failed = True
            results.append(
                {"path": str(path), "valid": False, "errors": [d.to_dict() for d in error.diagnostics]}
            )
            if output_format is Format.text:
                for diagnostic in error.diagnostics:
                    typer.echo(str(diagnostic), err=True)
            continue
        results.append({"path": str(path), "valid": True, "kpis": len(spec.kpis), "errors": []})
        if output_format is Format.text:
            kpis, metrics = len(spec.kpis), len(spec.metrics)
            emit(VALID(path=path, kpis=kpis, metrics=metrics, kpi_word=_word(KPI_WORDS, kpis),
                       metric_word=_word(METRIC_WORDS, metrics), custom_word=_word(CUSTOM_WORDS, metrics)))
    if output_format is Format.json:
        emit(json.dumps({"files": results}, indent=2, ensure_ascii=False))
    if failed:
        raise typer.Exit(EXIT_USER_ERROR)


@app.command(help=Help(
    en="Print the JSON Schema of the spec language (for the YAML language server in editors).",
    fr="Afficher le schéma JSON du langage de spec (pour le serveur de langage YAML des éditeurs)."))
def schema(
    out: OutOption = None,
    lang: LangOption = None,
) -> None:
    use_lang(lang)
    from kpiguard.spec.schema import spec_json_schema_text

    write_output(out, spec_json_schema_text())
