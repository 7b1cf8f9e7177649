"""What every command shares: the --lang and --format options, and how user errors are printed."""

from __future__ import annotations

import enum
import os
import sys
from typing import Annotated, NoReturn

import typer

from kpiguard._i18n import Message, set_lang, supported_lang, unsupported_lang_message
from kpiguard.errors import KpiguardError

EXIT_USER_ERROR = 2


class Format(str, enum.Enum):
    text = "text"
    json = "json"


def checked_lang(ctx: typer.Context, param: typer.CallbackParam, value: str | None) -> str | None:
    """--lang (or $KPIGUARD_LANG) as `en` or `fr`; any other language is refused (exit 2) rather than ignored."""
    source = ctx.get_parameter_source(param.name) if param.name else None
    where = "KPIGUARD_LANG" if getattr(source, "name", "") == "ENVIRONMENT" else "--lang"
    if value is None or not value.strip():  # an option without envvar (check, init) still refuses a bad one
        env = os.environ.get("KPIGUARD_LANG") or ""
        if env.strip() and supported_lang(env) is None:
            print(unsupported_lang_message("KPIGUARD_LANG", env), file=sys.stderr)
            raise typer.Exit(EXIT_USER_ERROR)
        return None
    lang = supported_lang(value)
    if lang is None:
        print(unsupported_lang_message(where, value), file=sys.stderr)
        raise typer.Exit(EXIT_USER_ERROR)
    return lang


LangOption = Annotated[
    str | None,
    typer.Option("--lang", metavar="<en|fr>", help="Language of messages: en or fr (default: $KPIGUARD_LANG, else en).",
                 envvar="KPIGUARD_LANG", show_envvar=True, callback=checked_lang),
]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
SegmentByOption = Annotated[
    str | None,
    typer.Option("--segment-by", metavar="<dimension>",
                 help="Split additive KPIs (sums and counts) by this dimension: channel, source, campaign, "
                      "category, or a column of the metric's table (default: channel for orders and sessions, "
                      "category for order lines)."),
]


def use_lang(lang: str | None) -> None:
    set_lang(lang)


def fail(error: KpiguardError) -> NoReturn:
    """Print a user error as `path:line:col: message` lines on stderr and exit with code 2."""
    for diagnostic in error.diagnostics:
        print(str(diagnostic), file=sys.stderr)
    raise typer.Exit(EXIT_USER_ERROR)


def fail_message(message: Message | str, **values: object) -> NoReturn:
    text = message.render(**values) if isinstance(message, Message) else message
    print(text, file=sys.stderr)
    raise typer.Exit(EXIT_USER_ERROR)


def emit(text: str) -> None:
    """Print a rendered output (formatters return strings; the CLI only prints them)."""
    sys.stdout.write(text if text.endswith("\n") or not text else text + "\n")


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


def progress_on_slow_steps() -> None:
    """Show a progress line for engine steps slower than a second (imported here: `kpiguard.metrics` loads the
    spec models and pydantic, which `--help` does not need)."""
    from kpiguard.metrics.progress import enable

    enable()
