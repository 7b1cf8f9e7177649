"""`kpiguard check` (a KPI sentence -> parse, findings, robust rewrite) and `kpiguard init` (sentences -> spec)."""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from kpiguard._i18n import Message, get_lang, normalize_lang, set_lang
from kpiguard._io import os_reason
from kpiguard._typography import shell_word
from kpiguard.cli import app
from kpiguard.cli._common import (
    EXIT_USER_ERROR,
    Format,
    FormatOption,
    check_out,
    checked_lang,
    emit,
    fail_message,
    file_path,
    home,
    to_stdout,
    write_output,
)
from kpiguard.cli._help import Help, LocalizedCommand
from kpiguard.cli._signals import interrupted

EXIT_FINDINGS = 1

NO_INPUT = Message(en="nothing to check: give a sentence, `--file FILE` (one per line) or `-` to read stdin",
                   fr="rien à vérifier : donnez une phrase, `--file FICHIER` (une par ligne) ou `-` pour lire stdin")
NO_SENTENCE = Message(
    en="nothing to write: type a KPI sentence at the prompt, or give them with --from FILE (one per line) or "
       "--from-sentence \"...\"",
    fr="rien à écrire : tapez une phrase de KPI à l'invite, ou donnez-les avec --from FICHIER (une par ligne) ou "
       "--from-sentence \"...\"")
CANNOT_READ = Message(en="{path}: cannot read: {reason}", fr="{path} : lecture impossible : {reason}")
# a location as editors read it (`file:line:col:`), in French too
CANNOT_READ_AT = Message(en="{where}: cannot read: {reason}", fr="{where}: lecture impossible : {reason}")
A_SENTENCE_FILE = Message(en="give a text file of sentences, one per line",
                          fr="donnez un fichier texte de phrases, une par ligne")
A_FOLDER_OF_SENTENCES = Message(en="this is a folder; give a text file of sentences, one per line",
                                fr="c'est un dossier ; donnez un fichier texte de phrases, une par ligne")
SENTENCES_SIZE = Message(en="KPI sentences (some 15,000 sentences, one per line)",
                         fr="des phrases de KPI (quelque 15 000 phrases, une par ligne)")
BAD_DATE = Message(en="--today must be a date such as 2026-01-15, got {value!r}{why}",
                   fr="--today doit être une date comme 2026-01-15, reçu {value!r}{why}")
EXISTS = Message(en="{path} already exists: choose another --out, or pass --force to replace it",
                 fr="{path} existe déjà : choisissez un autre --out, ou passez --force pour le remplacer")
A_FOLDER = Message(en="{path} is a folder: --out names the spec file to write, e.g. {path}/kpis.yaml",
                   fr="{path} est un dossier : --out indique le fichier de spec à écrire, par ex. {path}/kpis.yaml")
WROTE = Message(en="wrote {path}: {kpis} {kpi_word} (sentences not understood: {skipped}); next: kpiguard lint {word}",
                fr="{path} écrit : {kpis} {kpi_word} (phrases non comprises : {skipped}) ; ensuite : kpiguard lint {word}")
KPI_WORDS = Message(en="KPI|KPIs", fr="KPI|KPI")  # "1 KPI", "2 KPIs"; French writes "2 KPI"
WROTE_STDOUT = Message(
    en="spec written to stdout: {kpis} {kpi_word} (sentences not understood: {skipped}); save it as kpis.yaml, then: "
       "kpiguard lint kpis.yaml",
    fr="spec écrite sur la sortie standard : {kpis} {kpi_word} (phrases non comprises : {skipped}) ; enregistrez-la sous "
       "kpis.yaml, puis : kpiguard lint kpis.yaml")
CUSTOMS = Message(en="\n{count} on a measure the catalog does not compute: its custom metric is drafted, commented out, "
                     "in the file",
                  fr="\n{count} sur une mesure que le catalogue ne calcule pas : sa métrique personnalisée est ébauchée, en "
                     "commentaire, dans le fichier")
# A prompt ends with its own colon: French writes " : " (click's suffix is ": ")
PROMPT = Message(en="KPI sentence (empty line to finish): ", fr="Phrase de KPI (ligne vide pour terminer)\u00a0: ")
PICK = Message(en="metric for {statement!r}: {names} (Enter to skip): ",
               fr="métrique pour {statement!r} : {names} (Entrée pour passer)\u00a0: ")
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
    sources: list[tuple[str, str]] = []
    if path is not None and str(path) == "-":  # `--file -`, `--from -`: stdin, as a sentence `-` is
        sources.append(("- (stdin)", _stdin(lang)))
    elif path is not None:
        sources.append((str(path), _read_file(path, lang)))
    for statement in statements:
        if statement == "-":
            sources.append(("- (stdin)", _stdin(lang)))
        else:
            texts.append(statement)
    for name, source in sources:
        _not_a_spec(name, source, lang)
        for number, line in enumerate(source.splitlines(), 1):
            if line.strip() and not line.lstrip().startswith("#"):
                sized([line.strip()], lang, f"{name}:{number}:1")
                texts.append(line.strip())
    return sized([t for t in (t.strip() for t in texts) if t], lang)


A_SPEC = Message(  # after `file:line:col:`, as editors read it, in French too
    en="this `kpis:` makes it a KPI spec, not sentences one per line: lint it with `kpiguard lint {spec}`",
    fr="ce `kpis:` en fait une spec de KPI, pas des phrases une par ligne : vérifiez-la avec `kpiguard lint {spec}`")
SPEC_KEY = re.compile(r"^kpis[ \t]*:", re.MULTILINE)  # a sentence never starts with `kpis:`, a spec always has it


def _not_a_spec(name: str, text: str, lang: str | None) -> None:
    """A spec given where sentences are read (`check --file kpis.yaml`, `init --from kpis.yaml`) is refused (exit
    2), saying which command reads it: its YAML lines were checked as 56 "sentences", 16 of them "understood"."""
    match = SPEC_KEY.search(text)
    if match is not None:
        line = text.count("\n", 0, match.start()) + 1
        spec = shell_word(name) if not name.startswith("-") else "kpis.yaml"
        fail_message(f"{name}:{line}:1: " + A_SPEC.render(lang, spec=spec))


def sized(texts: list[str], lang: str | None, where: str | None = None) -> list[str]:
    """`texts`, each one a sentence no longer than the limit of a KPI sentence; else exit 2, saying `where` it was
    read."""
    from kpiguard.language.text import too_long

    for text in texts:
        said = too_long(text, lang)
        if said is not None:
            fail_message(f"{where}: {said}" if where else said)
    return texts


def _read_file(path: Path, lang: str | None) -> str:
    """A file of sentences as text (UTF-8, its BOM dropped). A folder, a binary file (a spreadsheet, a PDF) or a byte
    that is not UTF-8 is refused (exit 2), saying where and what to give instead."""
    import errno

    from kpiguard._io import TooLarge, read_limited

    try:
        raw = read_limited(path, _limit(lang))
    except TooLarge as exc:
        fail_message(CANNOT_READ.render(lang, path=path, reason=exc.reason(SENTENCES_SIZE, lang)))
    except OSError as exc:
        reason = A_FOLDER_OF_SENTENCES.render(lang) if exc.errno == errno.EISDIR else os_reason(exc, lang)
        fail_message(CANNOT_READ.render(lang, path=path, reason=reason))
    return _decoded(raw, str(path), lang)


def _limit(lang: str | None) -> int:
    """The size limit of a file of sentences (or stdin), in bytes; a bad $KPIGUARD_MAX_INPUT_MB is refused (exit 2)."""
    from kpiguard._io import SENTENCES_LIMIT_MB, input_limit
    from kpiguard.errors import KpiguardError

    try:
        return input_limit(SENTENCES_LIMIT_MB, lang)
    except KpiguardError as error:
        fail_message(str(error.diagnostics[0]))


READ_AS_1252 = Message(
    en="{path}: not UTF-8: read as Windows-1252 (as Excel and Notepad save text on a French Windows); save it as UTF-8 "
       "if its accents look wrong",
    fr="{path} : pas en UTF-8 : lu en Windows-1252 (l'encodage d'Excel et du Bloc-notes sous Windows en français) ; "
       "enregistrez-le en UTF-8 si ses accents sont faux")
# UTF-8's own sequences ("é" as C3 A9, "’" as E2 80 99, a no-break space as C2 A0) or its BOM: a file holding them is
# UTF-8 with a stray byte, never Windows-1252 French (where they would read "Ã©", "â€™", "Â ")
_UTF8_SEQUENCE = re.compile(rb"^\xef\xbb\xbf|[\xc2\xc3][\x80-\xbf]|\xe2[\x80-\x82][\x80-\xbf]")


def _decoded(raw: bytes, name: str, lang: str | None) -> str:
    """Sentences read as bytes (a file, stdin), as UTF-8 text without its BOM. Bytes that are not UTF-8 and hold none
    of its sequences are Windows-1252 (a file saved by Excel or Notepad on a French Windows, as the CSV exports the
    engine reads), read as such and said on stderr (Latin-1 for a byte Windows-1252 leaves undefined); else exit 2,
    saying why and where."""
    from kpiguard._io import not_text, utf8_error_location

    reason = not_text(raw, A_SENTENCE_FILE, lang)
    if reason is not None:
        fail_message(CANNOT_READ.render(lang, path=name, reason=reason))
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        if _UTF8_SEQUENCE.search(raw):
            where = utf8_error_location(raw, exc, name)
            fail_message(CANNOT_READ_AT.render(lang, where=where, reason=os_reason(exc, lang)))
    print(READ_AS_1252.render(lang, path=name), file=sys.stderr)
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _stdin(lang: str | None) -> str:
    """All of stdin, as UTF-8 text (a closed stdin is empty; a binary file piped in is refused, exit 2)."""
    from kpiguard._io import TooLarge, read_stream_limited

    if sys.stdin is None:
        return ""
    if _typed():  # `kpiguard check -` at a prompt waited in silence, as if it hung
        print(TYPE_SENTENCES.render(lang), file=sys.stderr)
    try:
        data = read_stream_limited(sys.stdin.buffer if hasattr(sys.stdin, "buffer") else sys.stdin, _limit(lang))
    except TooLarge as exc:
        fail_message(CANNOT_READ.render(lang, path="- (stdin)", reason=exc.reason(SENTENCES_SIZE, lang)))
    if isinstance(data, str):
        return data
    return _decoded(data, "- (stdin)", lang)


TYPE_SENTENCES = Message(
    en="reading KPI sentences from the terminal, one per line: end with Ctrl-D (Ctrl-Z then Enter on Windows)",
    fr="lecture des phrases de KPI au terminal, une par ligne : terminez par Ctrl-D (Ctrl-Z puis Entrée sous "
       "Windows)")


def _typed() -> bool:
    """stdin is a terminal, where a person types (not a pipe nor a file)."""
    try:
        return bool(sys.stdin.isatty())
    except (AttributeError, ValueError):  # a closed or replaced stdin
        return False


class _SentenceCommand(LocalizedCommand):
    """A command whose arguments are sentences: "-20 % de désabonnements d'ici fin 2027" or a pasted bullet "- CA +10 %"
    starts with a dash but is no option. Known options (and what looks like an option name, for click to report) are
    read as options; every other argument is a sentence, kept in order after `--`."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        valued = {n for p in self.params if p.param_type_name == "option" and not getattr(p, "is_flag", False)
                  for n in p.opts}
        options: list[str] = []
        sentences: list[str] = []
        i = 0
        while i < len(args):
            arg = args[i]
            if arg == "--":
                sentences += args[i + 1:]
                break
            if arg.split("=", 1)[0] in valued:
                options.append(arg)
                if "=" not in arg and i + 1 < len(args):
                    options.append(args[i + 1])
                    i += 1
            elif arg == "-" or not re.fullmatch(r"--?[A-Za-z][\w-]*(=.*)?", arg):
                sentences.append(arg)  # "-" reads stdin; any other non-option is a sentence
            else:
                options.append(arg)
            i += 1
        return super().parse_args(ctx, options + (["--", *sentences] if sentences else []))


@app.command(cls=_SentenceCommand, help=Help(
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
    file: Annotated[Path | None, typer.Option("--file", metavar="<path>", callback=home, help=Help(
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
    en="Write a first spec from KPI sentences, asked one by one (empty line to stop), read from --from FILE or "
       "given with --from-sentence.",
    fr="Écrire une première spec à partir de phrases de KPI, demandées une à une (ligne vide pour arrêter), lues "
       "dans --from FICHIER ou données avec --from-sentence."))
def init(
    source: Annotated[Path | None, typer.Option("--from", metavar="<path>", callback=home, help=Help(
        en="Read KPI sentences from this file (one per line) instead of asking.",
        fr="Lire les phrases de KPI dans ce fichier (une par ligne) au lieu de les demander."))] = None,
    sentences: Annotated[list[str] | None, typer.Option("--from-sentence", metavar="<sentence>", help=Help(
        en="A KPI sentence to write (repeat for several; with --from, after the file's).",
        fr="Une phrase de KPI à écrire (à répéter pour plusieurs ; avec --from, après celles du fichier)."))] = None,
    out: Annotated[Path, typer.Option("--out", "-o", metavar="<path>", parser=file_path, callback=home, help=Help(
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
    from kpiguard.errors import SpecError
    from kpiguard.language import language, parse
    from kpiguard.language.custom import custom_metric
    from kpiguard.language.draft import currency_of, draft_kpi
    from kpiguard.language.render import render_spec
    from kpiguard.spec import load_spec_text

    message_lang = normalize_lang(lang) if lang else None
    if message_lang:  # the errors of the shared helpers (an --out that cannot be written) follow --lang too
        set_lang(message_lang)
    if not to_stdout(out):
        if _probe(out.is_dir):
            fail_message(A_FOLDER.render(message_lang, path=out))
        if _probe(out.exists) and not force:
            fail_message(EXISTS.render(message_lang, path=out))
        check_out(out, source)  # before asking for sentences (and says why a path that pathlib cannot test fails)
    reference = _today(today, message_lang)
    interactive = source is None and not sentences
    if interactive:
        texts = []
        read, limit = 0, _limit(message_lang)
        while True:
            text = _ask(PROMPT.render(message_lang), quiet_if_piped=True)
            if not text:
                break
            read += len(text.encode("utf-8")) + 1
            if read > limit:  # `kpiguard init < export.csv`: the same limit as `--from export.csv`
                from kpiguard._io import TooLarge

                reason = TooLarge(read, limit, exact=False).reason(SENTENCES_SIZE, message_lang)
                fail_message(CANNOT_READ.render(message_lang, path="- (stdin)", reason=reason))
            texts.append(text)
    else:
        texts = (_read_lines(source, [], message_lang) if source is not None else []) + \
            [t.strip() for t in sentences or [] if t.strip()]
    if not texts:
        fail_message(NO_SENTENCE.render(message_lang))
    sized(texts, message_lang)  # a line typed or given with --from-sentence too
    parses = [one for t in texts for one in _targets(parse(t))]  # a KPI per target
    answer = normalize_lang(lang) if lang else _majority([p.lang for p in parses])
    catalog = builtin_metrics()
    if interactive:
        for parsed in parses:
            if parsed.metric is None and parsed.unsupported is None:  # a measure the catalog lacks: drafted below
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
        customs = [custom_metric(p, reference) for p in parses]
        options = {"out": named, "lang": answer, "currency": currency_of(parses), "name": name}
        text = render_spec(parses, kpis, customs=customs, **options)
        rejected: dict[int, str] = {}
        try:
            load_spec_text(text, named)
        except SpecError:  # a KPI the loader refuses is written as a comment, with why, and the rest is kept
            rejected = _rejected(parses, kpis, options)
            text = render_spec(parses, kpis, customs=customs, rejected=rejected, **options)
            load_spec_text(text, named)  # what we write must load: a bug here is a traceback, not a bad file
    write_output(out, text)
    drafted = sum(c is not None and not c.complete for c in customs)
    counts = {"kpis": sum(k is not None for k in kpis) - len(rejected) + sum(c is not None and c.complete
                                                                           for c in customs),
              "skipped": sum(k is None for k in kpis) - sum(c is not None for c in customs) + len(rejected)}
    singular, plural = KPI_WORDS.render(answer).split("|")
    counts["kpi_word"] = singular if counts["kpis"] == 1 else plural
    extra = CUSTOMS.render(answer, count=drafted) if drafted else ""
    if to_stdout(out):  # the spec is the output; the summary goes aside
        typer.echo(WROTE_STDOUT.render(answer, **counts) + extra, err=True)
    else:
        emit(WROTE.render(answer, path=out, word=shell_word(out), **counts) + extra)


def _probe(test: Any) -> bool:
    """`path.is_dir()`, `path.exists()`: False when pathlib raises (a name too long, a folder that cannot be
    searched), for check_out to say why."""
    try:
        return bool(test())
    except OSError:
        return False


def _ask(prompt: str, quiet_if_piped: bool = False) -> str:
    """One answer at the prompt; the end of the input (Ctrl-D, or sentences piped in) is an empty answer.

    When stdout is not a terminal (`--out -`, a redirection) the prompt goes to stderr: stdout is the spec.
    `quiet_if_piped`: with sentences piped in (`kpiguard init < kpis.txt`) the sentence prompt, which nobody
    reads, is not printed once per line."""
    if quiet_if_piped and (sys.stdin is None or not sys.stdin.isatty()):
        return sys.stdin.readline().strip() if sys.stdin is not None else ""
    if not sys.stdout.isatty():
        sys.stderr.write(prompt)
        sys.stderr.flush()
        return sys.stdin.readline().strip() if sys.stdin is not None else ""
    try:
        return typer.prompt(prompt, default="", show_default=False, prompt_suffix="").strip()
    except typer.Abort:  # click says "Aborted!" for both Ctrl-D and Ctrl-C
        if interrupted():
            raise KeyboardInterrupt from None
        return ""


def _rejected(parses, kpis, options) -> dict[int, str]:
    """The drafted KPIs a spec could not load ("sans dégrader le taux de conversion 28": a floor of 28 on a rate;
    "by 2 points from 0.4%": a negative rate), each with the loader's reason: written as a comment, so that the
    rest of the spec is written and loads."""
    from kpiguard.errors import SpecError
    from kpiguard.language.render import render_spec
    from kpiguard.spec import load_spec_text

    rejected: dict[int, str] = {}
    for index, (parsed, kpi) in enumerate(zip(parses, kpis)):
        if kpi is None:
            continue
        try:
            load_spec_text(render_spec([parsed], [kpi], **options), options["out"])
        except SpecError as error:
            rejected[index] = error.diagnostics[0].message if error.diagnostics else str(error)
    return rejected


def _targets(parsed):
    """The sentence's first target, then the others it lists, in order ("A +10 %, B +5 % et C -20 %")."""
    out = [parsed]
    for other in parsed.also:
        out += _targets(other)
    return out


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
