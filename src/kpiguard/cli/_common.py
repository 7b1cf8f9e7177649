"""What every command shares: the --lang and --format options, and how user errors are printed."""

from __future__ import annotations

import enum
import errno
import os
import sys
from pathlib import Path
from typing import IO, Annotated, NoReturn

import typer

from kpiguard._i18n import Message, set_lang, supported_lang, unsupported_lang_message
from kpiguard.cli import _completion as complete
from kpiguard.cli._help import Help
from kpiguard.cli._signals import interrupted, reader_gone
from kpiguard.errors import KpiguardError

EXIT_USER_ERROR = 2


class Format(str, enum.Enum):
    text = "text"
    json = "json"


ROOT_LANG = "kpiguard.lang"  # ctx.meta key: `kpiguard --lang fr COMMAND ...`, for the command that follows


def checked_lang(ctx: typer.Context, param: typer.CallbackParam, value: str | None) -> str | None:
    """--lang (or $KPIGUARD_LANG) as `en` or `fr`; any other language is refused (exit 2) rather than ignored.

    `kpiguard --lang fr review ...` holds for the command too, unless it says `--lang` itself (the last one wins).
    """
    source = getattr(ctx.get_parameter_source(param.name) if param.name else None, "name", "")
    where = "KPIGUARD_LANG" if source == "ENVIRONMENT" else "--lang"
    if ctx.parent is None and source != "COMMANDLINE":  # $KPIGUARD_LANG is the command's to check (it may say --lang)
        return None
    if value is None or not value.strip():  # an option without envvar (check, init) still refuses a bad one
        env = os.environ.get("KPIGUARD_LANG") or ""
        if env.strip() and supported_lang(env) is None and ROOT_LANG not in ctx.meta:
            print(unsupported_lang_message("KPIGUARD_LANG", env), file=sys.stderr)
            raise typer.Exit(EXIT_USER_ERROR)
        return ctx.meta.get(ROOT_LANG)
    if source != "COMMANDLINE" and ROOT_LANG in ctx.meta:  # the group's --lang wins over the environment
        return ctx.meta[ROOT_LANG]
    lang = supported_lang(value)
    if lang is None:
        print(unsupported_lang_message(where, value), file=sys.stderr)
        raise typer.Exit(EXIT_USER_ERROR)
    if source == "COMMANDLINE" and ctx.parent is None:
        ctx.meta[ROOT_LANG] = lang
    return lang


LangOption = Annotated[
    str | None,
    typer.Option("--lang", metavar="<en|fr>", envvar="KPIGUARD_LANG", show_envvar=True, callback=checked_lang,
                 autocompletion=complete.languages,
                 help=Help(en="Language of messages and help: en or fr (default: $KPIGUARD_LANG, else the "
                              "system locale: $LANGUAGE, $LC_ALL, $LC_MESSAGES, $LANG).",
                           fr="Langue des messages et de l'aide : en ou fr (par défaut : $KPIGUARD_LANG, sinon la "
                              "locale du système : $LANGUAGE, $LC_ALL, $LC_MESSAGES, $LANG).")),
]
FORMAT_HELP = Help(en="Output format.", fr="Format de sortie.")


NO_HOME = Message(en="{option}: no home folder is known for {value!r}; write the path in full",
                  fr="{option} : aucun dossier personnel n'est connu pour {value!r} ; écrivez le chemin en entier")


def home(ctx: typer.Context, param: typer.CallbackParam, value: Path | None) -> Path | None:
    """A path option with `~` for the home folder, which no shell expands in `--out=~/report.html`: without this,
    kpiguard wrote `./~/report.html`. A `~user` without a home (`~nosuchuser/r.html`) is refused (exit 2)."""
    if not isinstance(value, Path):
        return value
    try:
        return value.expanduser()
    except (RuntimeError, KeyError):  # said in the language of the command line: --lang may not be read yet
        from kpiguard.cli._help import requested_lang

        fail_message(NO_HOME.render(requested_lang(ctx), option=param.opts[0] if param.opts else "--out",
                                    value=str(value)))


NAMES_A_FOLDER = Message(
    en="{value!r} ends with '/': it names a folder; name the file to write in it ({value}<file>)",
    fr="{value!r} se termine par '/' : il désigne un dossier ; nommez le fichier à y écrire ({value}<fichier>)")


def file_path(value: str | Path) -> Path:
    """The parser of an option naming a file to write: `-o reports/` (a folder still to be made) wrote a file named
    `reports`, since a Path forgets its trailing slash; it is refused (exit 2) in the language of the command line."""
    if isinstance(value, str) and value != "-" and value.endswith(("/", os.sep)) and value.strip("/" + os.sep):
        from kpiguard.cli._help import language_of

        raise typer.BadParameter(NAMES_A_FOLDER.render(language_of(sys.argv[1:]), value=value))
    return Path(value)


OutOption = Annotated[Path | None, typer.Option("--out", "-o", metavar="<path>", parser=file_path, callback=home,
                                                help=Help(
    en="Write to this file instead of stdout (default, or `-`: stdout).",
    fr="Écrire dans ce fichier plutôt que sur la sortie standard (par défaut, ou `-` : la sortie standard)."))]
FormatOption = Annotated[Format, typer.Option("--format", "-f", case_sensitive=False, help=FORMAT_HELP)]
SegmentByOption = Annotated[
    str | None,
    typer.Option("--segment-by", metavar="<dimension>", autocompletion=complete.dimensions,
                 help=Help(en="Split additive KPIs (sums and counts) by this dimension: channel, source, campaign, "
                              "category, or a column of the metric's table (default: channel for orders and sessions, "
                              "category for order lines).",
                           fr="Ventiler les KPI additifs (sommes et comptages) selon cette dimension : channel, "
                              "source, campaign, category, ou une colonne de la table de la métrique (par défaut : "
                              "channel pour les commandes et les sessions, category pour les lignes de commande).")),
]


def use_lang(lang: str | None) -> None:
    set_lang(lang)


def fail(error: KpiguardError, ways_out: dict[str, Message] | None = None) -> NoReturn:
    """Print a user error as `path:line:col: message` lines on stderr and exit with code 2. `ways_out`: what this
    command's user does about a diagnostic of a given code, which the library cannot say (`simulate` chose its
    folder with --out, `demo` with $KPIGUARD_CACHE)."""
    if interrupted():  # an error raised by Ctrl-C (DuckDB makes one of its own) is not the user's mistake
        raise KeyboardInterrupt
    for diagnostic in error.diagnostics:
        way_out = (ways_out or {}).get(diagnostic.code)
        print(str(diagnostic) + (way_out.render() if way_out is not None else ""), file=sys.stderr)
    raise typer.Exit(EXIT_USER_ERROR)


def fail_message(message: Message | str, **values: object) -> NoReturn:
    if interrupted():
        raise KeyboardInterrupt
    text = message.render(**values) if isinstance(message, Message) else message
    print(text, file=sys.stderr)
    raise typer.Exit(EXIT_USER_ERROR)


def emit(text: str) -> None:
    """Print a rendered output (formatters return strings; the CLI only prints them). A reader that has gone
    (`| head`) takes no more of it, and the command still ends with its own exit code."""
    if sys.stdout is None:  # started with stdout closed (`>&-`)
        fail_message(CANNOT_WRITE_STDOUT, reason=CLOSED.render())
    try:
        sys.stdout.write(text if text.endswith("\n") or not text else text + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        reader_gone()
    except OSError as exc:  # a full disk (`> /dev/full`), a closed descriptor
        output_failed(exc)


OUTPUT_ERRORS = (errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EBADF)


def output_failed(error: OSError, lang: str | None = None) -> NoReturn:
    """stdout cannot be written: say why (exit 2), without a traceback at exit for what is left in its buffer."""
    from kpiguard._io import os_reason

    reader_gone()
    fail_message(CANNOT_WRITE_STDOUT.render(lang, reason=os_reason(error, lang)))


CANNOT_WRITE_STDOUT = Message(en="cannot write the output (stdout): {reason}",
                              fr="impossible d'écrire la sortie (stdout) : {reason}")
CLOSED = Message(en="it is closed", fr="elle est fermée")


def to_stdout(out: Path | None) -> bool:
    """No --out, or `--out -`: the output goes to stdout."""
    return out is None or str(out) == "-"


OVERWRITES_INPUT = Message(
    en="{path} is what this command reads: writing its output there would destroy it; choose another path ({option})",
    fr="{path} est ce que lit cette commande : y écrire sa sortie le détruirait ; choisissez un autre chemin "
       "({option})")


def another_path(option: str) -> dict[str, Message]:
    """The way out of a path that cannot be written (`fail`'s `ways_out`): the option of this command that chose it.
    The library says "choose another path" without naming one: `demo` chose its report with --report."""
    from kpiguard._io import WRITE_FAILED

    return {WRITE_FAILED: Message(en=f" ({option})", fr=f" ({option})")}


def check_out(out: Path | None, *inputs: Path | None, option: str = "--out", folders: bool = False) -> None:
    """Refuse at once (exit 2), before any work, an output path that cannot be written or that is one of the files
    the command reads (`kpiguard review kpis.yaml -o kpis.yaml` replaced the spec with its review). `option`: the
    option that chose the path, which the message names. `folders`: the inputs may be folders read whole (a table
    as a folder of Parquet files), and a path inside one is one of them; a spec or a file of sentences is a file
    (`kpiguard report .` said that report.html was what the command reads, not that `.` is a folder)."""
    if to_stdout(out):
        return
    from kpiguard._io import check_writable

    try:
        check_writable(out)  # type: ignore[arg-type]
    except KpiguardError as error:
        fail(error, another_path(option))
    for source in inputs:
        if source is not None and str(source) != "-" and _same_file(out, source, folders):  # type: ignore[arg-type]
            fail_message(OVERWRITES_INPUT, path=out, option=option)


def _same_file(a: Path, b: Path, folders: bool) -> bool:
    """`a` is the file `b`, or lies inside the folder `b` when `folders` (a table read from a folder of Parquet
    files)."""
    try:
        if Path(b).is_dir():
            if not folders:  # the command says itself that a folder is no spec
                return False
            return Path(a).resolve().is_relative_to(Path(b).resolve())
        return os.path.samefile(a, b)
    except OSError:  # one does not exist (yet)
        return False


def unique_files(paths: list[Path]) -> list[Path]:
    """Files named on the command line, each once, in order (`lint kpis.yaml specs/*.yaml` with kpis.yaml among
    them, `x.yaml ./x.yaml`): a file named twice had its findings reported, and counted, twice."""
    seen: set[str] = set()
    kept = []
    for path in paths:
        try:
            key = str(Path(path).resolve()) if str(path) != "-" else "-"
        except (OSError, RuntimeError):  # said when the file is read
            key = str(path)
        if key not in seen:
            seen.add(key)
            kept.append(path)
    return kept


def write_output(out: Path | None, text: str, option: str = "--out") -> None:
    """`text` to the file `out`, written atomically (a path that cannot be written: exit 2, naming `option`), or to
    stdout."""
    if to_stdout(out):
        emit(text)
        return
    from kpiguard._io import write_atomic

    try:
        write_atomic(out, text)  # type: ignore[arg-type]
    except KpiguardError as error:
        fail(error, another_path(option))


def color_wanted(stream: IO[str]) -> bool:
    """Colours for a terminal that shows them: never under NO_COLOR or TERM=dumb, always under FORCE_COLOR."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return stream.isatty() and os.environ.get("TERM") != "dumb"


WIDEST = 110  # a longer line reads badly, even on a wide terminal
NARROWEST = 40


def text_width(stream: IO[str]) -> int:
    """How wide a text output wraps: $COLUMNS when set, else the terminal's width (`COLUMNS=60`, a split pane),
    at most WIDEST; a pipe or a file gets WIDEST, the same lines on every machine."""
    import shutil

    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        width = int(columns)
    elif stream.isatty():
        width = shutil.get_terminal_size((WIDEST, 24)).columns
    else:
        width = WIDEST
    return max(NARROWEST, min(WIDEST, width))


EMPTY_DIMENSION = Message(
    en="--segment-by needs a dimension: channel, source, campaign, category, or a column of the metric's table",
    fr="--segment-by attend une dimension : channel, source, campaign, category, ou une colonne de la table "
       "de la métrique")


def segment_dimension(value: str | None) -> str | None:
    """--segment-by as given, trimmed; an empty one is refused (exit 2)."""
    if value is None:
        return None
    if not value.strip():
        fail_message(EMPTY_DIMENSION)
    return value.strip()


BAD_PERIOD = Message(en="--period: {error}", fr="--period : {error}")


def checked_periods(values: list[str]) -> list[str]:
    """--period values, each checked before any data is read: a malformed one, or one outside the years kpiguard
    reads (`--period 1850`), is refused naming the option. A period given twice (`-p 2026 -p 2026`, or
    `-p 2026-01 -p 2026-01-01..2026-01-31`) is kept once: its rows, repeated, were summed twice by a pivot of the CSV."""
    from kpiguard.spec.periods import PeriodError, parse_user_period

    kept: dict[tuple, str] = {}
    for value in values:
        try:
            period = parse_user_period(value)
        except PeriodError as error:
            fail_message(BAD_PERIOD, error=str(error))
        kept.setdefault((period.start, period.end), value)
    return list(kept.values())


COARSE_GRAIN = Message(
    en="--by {grain}: {period} fits inside one point of the series, {bucket}, which reaches beyond the period "
       "asked; use a finer grain (--by {finer}) or leave --by out",
    fr="--by {grain} : {period} tient dans un seul point de la série, {bucket}, qui déborde de la période "
       "demandée ; prenez un grain plus fin (--by {finer}) ou retirez --by",
)
_FINER = {"week": "day", "month": "week", "quarter": "month", "year": "month"}


def checked_grain(periods: list[str], grain: str | None) -> None:
    """--by coarser than every period asked (`-p 2026-Q2 --by year`) is refused: its one bucket is a whole other
    period (the year 2026), printed beside the quarter as if it were part of the answer."""
    from kpiguard.spec.periods import parse_user_period, period_containing

    if grain is None or grain not in _FINER:
        return
    asked = [parse_user_period(value) for value in periods]
    for period in asked:
        bucket = period_containing(period.start, grain)
        if period.end > bucket.end or (bucket.start, bucket.end) == (period.start, period.end):
            return  # this period spans one bucket or more: the series says something about it
    fail_message(COARSE_GRAIN, grain=grain, period=" / ".join(periods), bucket=bucket.label, finer=_FINER[grain])


def progress_on_slow_steps() -> None:
    """Show a progress line for engine steps slower than a second (imported here: `kpiguard.metrics` loads the
    spec models and pydantic, which `--help` does not need)."""
    from kpiguard.metrics.progress import enable

    enable()
