"""`kpiguard check` (a KPI sentence -> parse, findings, robust rewrite) and `kpiguard init` (sentences -> spec)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from kpiguard._i18n import Message, get_lang, normalize_lang, set_lang
from kpiguard._io import os_reason
from kpiguard.cli import app
from kpiguard.cli._common import (
    EXIT_USER_ERROR,
    Format,
    FormatOption,
    check_out,
    checked_lang,
    emit,
    fail_message,
    to_stdout,
    write_output,
)
from kpiguard.cli._help import Help
from kpiguard.cli._signals import interrupted

EXIT_FINDINGS = 1

NO_INPUT = Message(en="nothing to check: give a sentence, `--file FILE` (one per line) or `-` to read stdin",
                   fr="rien à vérifier : donnez une phrase, `--file FICHIER` (une par ligne) ou `-` pour lire stdin")
CANNOT_READ = Message(en="{path}: cannot read: {reason}", fr="{path} : lecture impossible : {reason}")
BAD_DATE = Message(en="--today must be a date such as 2026-01-15, got {value!r}{why}",
                   fr="--today doit être une date comme 2026-01-15, reçu {value!r}{why}")
EXISTS = Message(en="{path} already exists: choose another --out, or pass --force to replace it",
                 fr="{path} existe déjà : choisissez un autre --out, ou passez --force pour le remplacer")
A_FOLDER = Message(en="{path} is a folder: --out names the spec file to write, e.g. {path}/kpis.yaml",
                   fr="{path} est un dossier : --out indique le fichier de spec à écrire, par ex. {path}/kpis.yaml")
WROTE = Message(en="wrote {path}: {kpis} KPIs (sentences not understood: {skipped}); next: kpiguard lint {path}",
                fr="écrit {path} : {kpis} KPI (phrases non comprises : {skipped}) ; ensuite : kpiguard lint {path}")
WROTE_STDOUT = Message(
    en="spec written to stdout: {kpis} KPIs (sentences not understood: {skipped}); save it as kpis.yaml, then: "
       "kpiguard lint kpis.yaml",
    fr="spec écrite sur la sortie standard : {kpis} KPI (phrases non comprises : {skipped}) ; enregistrez-la sous "
       "kpis.yaml, puis : kpiguard lint kpis.yaml")
PROMPT = Message(en="KPI sentence (empty line to finish)", fr="Phrase de KPI (ligne vide pour terminer)")
PICK = Message(en="metric for {statement!r}: {names} (Enter to skip)",
               fr="métrique pour {statement!r} : {names} (Entrée pour passer)")
NOT_A_METRIC = Message(en="{name!r} is not a metric of the catalog; skipped",
                       fr="{name!r} n'est pas une métrique du catalogue ; ignorée")

CheckLang = Annotated[
    str | None,
    typer.Option("--lang", metavar="<en|fr>", callback=checked_lang, help=Help(
        en="Language of the answer: en or fr (default: the language of each sentence).",
        fr="Langue de la réponse : en ou fr (par défaut : la langue de chaque phrase).")),
]
TodayOption = Annotated[
    str | None,
    typer.Option("--today", metavar="<date>", show_default=False, help=Help(
        en="Reference day for horizons without a year and default baselines (YYYY-MM-DD; default: today).",
        fr="Jour de référence pour les échéances sans année et les points de départ par défaut (AAAA-MM-JJ ; par "
           "défaut : aujourd'hui).")),
]


def _today(value: str | None, lang: str | None) -> date:
    if value is None:
        return date.today()
    from kpiguard.language import language
    from kpiguard.spec.periods import PeriodError, parse_day

    with language(lang or get_lang()):  # why it is not a day, in the language of the message
        try:
            return parse_day(value)
        except PeriodError as exc:
            why = str(exc)
    fail_message(BAD_DATE.render(lang, value=value, why=why))


def _read_lines(path: Path | None, statements: list[str], lang: str | None) -> list[str]:
    """Sentences from the arguments, a file (one per line; `#` comments) or stdin (`-`)."""
    texts: list[str] = []
    sources: list[str] = []
    if path is not None and str(path) == "-":  # `--file -`, `--from -`: stdin, as a sentence `-` is
        sources.append(_stdin(lang))
    elif path is not None:
        try:
            sources.append(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            fail_message(CANNOT_READ.render(lang, path=path, reason=os_reason(exc, lang)))
    for statement in statements:
        if statement == "-":
            sources.append(_stdin(lang))
        else:
            texts.append(statement)
    for source in sources:
        texts += [line.strip() for line in source.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return [t for t in (t.strip() for t in texts) if t]


def _stdin(lang: str | None) -> str:
    """All of stdin, as UTF-8 text (a closed stdin is empty; a binary file piped in is refused, exit 2)."""
    if sys.stdin is None:
        return ""
    data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read()
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        fail_message(CANNOT_READ.render(lang, path="- (stdin)", reason=os_reason(exc, lang)))


@app.command(help=Help(
    en="""Read a KPI written as a sentence: the metric, FROM -> TO, horizon, guardrails, the findings and a rewrite.

    Exit 0 when every sentence was understood and none has an error-level finding, 1 when one has an error-level
    finding (the KPI as written is toxic), 2 when a sentence names no known metric or there is nothing to read.""",
    fr="""Lire un KPI écrit comme une phrase : la métrique, FROM -> TO, l'échéance, les garde-fous, les constats et une
    réécriture.

    Code de sortie 0 quand chaque phrase est comprise et qu'aucune n'a de constat de niveau erreur, 1 quand une en a
    un (le KPI tel qu'écrit est toxique), 2 quand une phrase ne nomme aucune métrique connue ou qu'il n'y a rien à
    lire."""))
def check(
    statements: Annotated[list[str] | None, typer.Argument(metavar="SENTENCE", show_default=False, help=Help(
        en="KPI sentences, in French or English (`-` reads stdin, one per line).",
        fr="Phrases de KPI, en français ou en anglais (`-` lit l'entrée standard, une par ligne)."))] = None,
    file: Annotated[Path | None, typer.Option("--file", metavar="<path>", help=Help(
        en="Read sentences from a file, one per line.",
        fr="Lire les phrases dans un fichier, une par ligne."))] = None,
    output_format: FormatOption = Format.text,
    lang: CheckLang = None,
    today: TodayOption = None,
) -> None:
    from kpiguard.language import check as check_sentence
    from kpiguard.language.render import render_json, render_text

    message_lang = normalize_lang(lang) if lang else None
    texts = _read_lines(file, statements or [], message_lang)
    if not texts:
        fail_message(NO_INPUT.render(message_lang))
    reference = _today(today, message_lang)
    results = [check_sentence(text, today=reference, lang=lang) for text in texts]
    emit(render_json(results) if output_format is Format.json else render_text(results))
    if not all(r.usable for r in results):
        raise typer.Exit(EXIT_USER_ERROR)
    if any(r.errors for r in results):
        raise typer.Exit(EXIT_FINDINGS)


@app.command(help=Help(
    en="Write a first spec from KPI sentences, asked one by one (empty line to stop) or read from --from FILE.",
    fr="Écrire une première spec à partir de phrases de KPI, demandées une à une (ligne vide pour arrêter) ou lues "
       "dans --from FICHIER."))
def init(
    source: Annotated[Path | None, typer.Option("--from", metavar="<path>", help=Help(
        en="Read KPI sentences from this file (one per line) instead of asking.",
        fr="Lire les phrases de KPI dans ce fichier (une par ligne) au lieu de les demander."))] = None,
    out: Annotated[Path, typer.Option("--out", "-o", metavar="<path>", help=Help(
        en="The spec file to write (`-`: stdout).",
        fr="Le fichier de spec à écrire (`-` : la sortie standard)."))] = Path("kpis.yaml"),
    force: Annotated[bool, typer.Option("--force", help=Help(
        en="Replace --out if it exists.", fr="Remplacer --out s'il existe."))] = False,
    name: Annotated[str | None, typer.Option("--name", metavar="<name>", help=Help(
        en="The spec's name (default: none).", fr="Le nom de la spec (par défaut : aucun)."))] = None,
    lang: CheckLang = None,
    today: TodayOption = None,
) -> None:
    from kpiguard.catalog import builtin_metrics
    from kpiguard.language import language, parse
    from kpiguard.language.draft import currency_of, draft_kpi
    from kpiguard.language.render import render_spec
    from kpiguard.spec import load_spec_text

    message_lang = normalize_lang(lang) if lang else None
    if message_lang:  # the errors of the shared helpers (an --out that cannot be written) follow --lang too
        set_lang(message_lang)
    if not to_stdout(out):
        if out.is_dir():
            fail_message(A_FOLDER.render(message_lang, path=out))
        if out.exists() and not force:
            fail_message(EXISTS.render(message_lang, path=out))
        check_out(out, source)  # before asking for sentences
    reference = _today(today, message_lang)
    interactive = source is None
    if interactive:
        texts = []
        while True:
            text = _ask(PROMPT.render(message_lang))
            if not text:
                break
            texts.append(text)
    else:
        texts = _read_lines(source, [], message_lang)
    if not texts:
        fail_message(NO_INPUT.render(message_lang))
    parses = [one for t in texts for first in [parse(t)] for one in (first, *first.also)]  # a KPI per target
    answer = normalize_lang(lang) if lang else _majority([p.lang for p in parses])
    catalog = builtin_metrics()
    if interactive:
        for parsed in parses:
            if parsed.metric is None:
                picked = _ask(PICK.render(answer, statement=parsed.part or parsed.statement,
                                          names=", ".join(parsed.candidates) or "?"))
                if picked and picked not in catalog:  # a synonym works too: "panier moyen", "open rate"
                    picked = parse(picked).metric or picked
                if picked and picked in catalog:
                    _set_metric(parsed, picked)
                elif picked:
                    typer.echo(NOT_A_METRIC.render(answer, name=picked), err=True)
    taken: set[str] = set()
    with language(answer):
        kpis = [draft_kpi(p, today=reference, taken=taken) for p in parses]
        named = "kpis.yaml" if to_stdout(out) else str(out)  # the file the spec's own comments tell to lint
        text = render_spec(parses, kpis, out=named, lang=answer, currency=currency_of(parses), name=name)
        load_spec_text(text, named)  # what we write must load: a bug here is a traceback, not a bad file
    write_output(out, text)
    counts = {"kpis": sum(k is not None for k in kpis), "skipped": sum(k is None for k in kpis)}
    if to_stdout(out):  # the spec is the output; the summary goes aside
        typer.echo(WROTE_STDOUT.render(answer, **counts), err=True)
    else:
        emit(WROTE.render(answer, path=out, **counts))


def _ask(prompt: str) -> str:
    """One answer at the prompt; the end of the input (Ctrl-D, or sentences piped in) is an empty answer.

    When stdout is not a terminal (`--out -`, a redirection) the prompt goes to stderr: stdout is the spec."""
    if not sys.stdout.isatty():
        sys.stderr.write(f"{prompt}: ")
        sys.stderr.flush()
        return sys.stdin.readline().strip() if sys.stdin is not None else ""
    try:
        return typer.prompt(prompt, default="", show_default=False).strip()
    except typer.Abort:  # click says "Aborted!" for both Ctrl-D and Ctrl-C
        if interrupted():
            raise KeyboardInterrupt from None
        return ""


def _majority(langs: list[str]) -> str:
    return "fr" if langs.count("fr") > len(langs) / 2 else "en"


def _set_metric(parsed, metric: str) -> None:
    """The user picked a metric for a sentence that named none."""
    from kpiguard.catalog import builtin_metrics
    from kpiguard.language.grammar import metric_kind

    parsed.metric = metric
    parsed.kind = metric_kind(metric)
    parsed.level = builtin_metrics()[metric].level
    parsed.notes = [(code, values) for code, values in parsed.notes if code != "no_metric"]
