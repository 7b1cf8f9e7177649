"""Command and option help in English and French, shown in the language the command line asks for.

Help is printed while the command line is being parsed (`--help` is eager), before `--lang` has been read, so the
language of the help comes from the raw command line: the last `--lang X` anywhere on it, else $KPIGUARD_LANG,
else the system locale (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), else English.
"""

from __future__ import annotations

import inspect
import re
from pathlib import PurePath
from typing import Any, Self

from typer._click.exceptions import UsageError
from typer.core import TyperCommand

from kpiguard._i18n import Message, pick, supported_lang
from kpiguard._locale import explicit_lang, locale_lang
from kpiguard.cli._signals import reader_gone

ARGV = "kpiguard.argv"  # ctx.meta key (shared by every context of one run): the command line as typed

# English help, as click stores it (`inspect.cleandoc`), -> its French. Filled by `Help(...)` at import time.
FRENCH: dict[str, str] = {}
# English help given two different French texts (a test asserts there is none).
CONFLICTS: list[str] = []


class Help(str):
    """A help text in both languages: a `str` holding the English (what typer and click store and wrap), whose
    French is found again by its English when the help is shown in French. Written `Help(en=..., fr=...)`, like a
    `Message`, next to the option or command it describes."""

    fr: str

    def __new__(cls, en: str, fr: str) -> Self:
        text = super().__new__(cls, en)
        text.fr = fr
        key, french = inspect.cleandoc(en), inspect.cleandoc(fr)
        if FRENCH.setdefault(key, french) != french:
            CONFLICTS.append(key)
        return text


def translate(text: str | None, lang: str) -> str:
    """`text` (an English help) in `lang`; English when it has no French (a test makes sure none lacks one)."""
    if not text:
        return ""
    text = inspect.cleandoc(text)
    return _french_spaces(FRENCH.get(text, text)) if lang == "fr" else text


def _french_spaces(text: str) -> str:
    """A no-break space before `:` `;` `?` `!`, as French writes it: a wrapped line never starts with one."""
    return re.sub(r" ([:;?!])", "\u00a0\\1", text)


# What click adds to the help itself.
HELP_OPTION = Help(en="Show this message and exit.", fr="Afficher cette aide et quitter.")
USAGE_PREFIX = Message(en="Usage: ", fr="Usage : ")
# click writes "{heading}:"; French puts a space before the colon
SECTIONS = {"Arguments": {"en": "Arguments", "fr": "Arguments "}, "Options": {"en": "Options", "fr": "Options "},
            "Commands": {"en": "Commands", "fr": "Commandes "}}
COMMAND_METAVAR = Message(en="COMMAND [ARGS]...", fr="COMMANDE [ARGS]...")
EXTRAS = {"env var": Message(en="env var", fr="variable d'environnement"),
          "default": Message(en="default", fr="par défaut"),
          "required": Message(en="required", fr="obligatoire")}


# The placeholders of values (`--out <path>`, `SENTENCE`) in French; typer's own (`<int>`, `<float>`) too.
METAVARS_FR = {"<path>": "<chemin>", "<count>": "<nombre>", "<period>": "<période>", "<metric>": "<métrique>",
               "<name>": "<nom>", "<rules>": "<règles>", "<scenario>": "<scénario>", "<int>": "<entier>",
               "<float>": "<nombre>", "<sentence>": "<phrase>", "SENTENCE": "PHRASE", "COMMAND": "COMMANDE"}


def metavars(text: str, lang: str) -> str:
    """The value placeholders of a usage line or an option's names, in `lang`."""
    if lang != "fr":
        return text
    return re.sub(r"<\w+>|\b[A-Z]{4,}\b", lambda m: METAVARS_FR.get(m.group(0), m.group(0)), text)


def language_of(args: list[str]) -> str:
    """The language asked for by the last `--lang X` (or `--lang=X`) among `args` (up to `--`), else
    $KPIGUARD_LANG, else the system locale, else English. A language kpiguard does not speak is English here:
    `--lang` refuses it later."""
    asked = None
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            asked = args[i + 1]
        elif arg.startswith("--lang="):
            asked = arg.removeprefix("--lang=")
    if asked is None:
        asked = explicit_lang()
    if asked is None:
        return locale_lang()
    return supported_lang(asked) or "en"


def requested_lang(ctx: Any) -> str:
    """The language of this run's help and usage errors, from the whole command line."""
    return language_of(list(ctx.meta.get(ARGV, ())))


def _extras(text: str, lang: str) -> str:
    """click's `[env var: X; default: Y; required]` after a help text, in `lang`."""
    match = re.search(r"\[([^\[\]]*)\]$", text)
    if match is None or lang == "en":
        return text
    items = []
    for item in match.group(1).split("; "):
        name, sep, value = item.partition(": ")
        if name in EXTRAS:
            item = EXTRAS[name].render(lang) + (" : " + value if sep else "")
        items.append(item)
    return text[: match.start()] + "[" + _french_spaces(" ; ".join(items)) + "]"


def _argument_names(names: str) -> str:
    """`SPEC <list[Path]>` as `SPEC <path>...`, `CODE <str>` as `CODE`: typer shows an argument's Python type."""
    name, _, kind = names.partition(" ")
    match = re.fullmatch(r"<(list\[)?(\w+)\]?>", kind)
    if match is None:
        return names
    many, inner = match.group(1), match.group(2).lower()
    return name + ("" if inner == "str" else f" <{inner}>") + ("..." if many else "")


def help_record(param: Any, ctx: Any, lang: str) -> tuple[str, str] | None:
    """The `(names, help)` line of an option or argument, in `lang`."""
    record = param.get_help_record(ctx)
    if record is None:
        return record
    names, text = record
    if param.param_type_name == "argument":
        names = _argument_names(names)
    if lang == "en":
        return names, text
    names = metavars(names, lang)
    english = param.help or ""
    if english and text.startswith(english):
        text = translate(english, lang) + text[len(english):]
    return names, _extras(text, lang)


def _show_help(ctx: Any, param: Any, value: bool) -> None:
    """`-h`: the help on stdout, then exit 0, even when the reader has gone (`kpiguard -h | head -0` exited 1)."""
    if not value or ctx.resilient_parsing:
        return
    from typer._click import echo

    try:
        echo(ctx.get_help(), color=ctx.color)
    except BrokenPipeError:
        reader_gone()
    ctx.exit()


class LocalizedHelp:
    """Help (usage line, description, options, arguments) in the language of the command line."""

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.callback = _show_help
        return option

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        lang = requested_lang(ctx)
        # typer writes a required argument `{SPEC}`, which reads as "one of" in a usage line: `SPEC`, as the docs do
        pieces = re.sub(r"\{([A-Z][A-Z_]*)\}", r"\1", " ".join(self.collect_usage_pieces(ctx)))  # type: ignore[attr-defined]
        pieces = metavars(pieces, lang)
        formatter.write_usage(ctx.command_path, pieces, prefix=USAGE_PREFIX.render(lang))

    def format_help_text(self, ctx: Any, formatter: Any) -> None:
        text = translate(self.help, requested_lang(ctx)).partition("\f")[0]  # type: ignore[attr-defined]
        if text:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(text)

    def format_epilog(self, ctx: Any, formatter: Any) -> None:
        """The command's examples, one command line per line, as typed (never re-wrapped)."""
        from kpiguard.cli._examples import HEADING, examples

        lang = requested_lang(ctx)
        lines = examples(getattr(self, "name", None), lang)
        if lines:
            with formatter.section(HEADING.render(lang)):
                for line in lines:
                    formatter.write(f"{'':>{formatter.current_indent}}{line}\n")

    def format_options(self, ctx: Any, formatter: Any) -> None:
        lang = requested_lang(ctx)
        rows: dict[str, list[tuple[str, str]]] = {"argument": [], "option": []}
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            record = help_record(param, ctx, lang)
            if record is not None and param.param_type_name in rows:
                rows[param.param_type_name].append(record)
        for kind, section in (("argument", "Arguments"), ("option", "Options")):
            if rows[kind]:
                with formatter.section(pick(SECTIONS[section], lang)):
                    formatter.write_dl(rows[kind])


EMPTY_PATH = Message(en="the path is empty (an unset variable?): name a file",
                     fr="le chemin est vide (une variable non définie ?) : indiquez un fichier")


def _takes_path(param: Any) -> bool:
    """The parameter is a path, or a list of them (`SPEC...`)."""
    return _is_path(getattr(getattr(param, "type_descriptor", None), "annotation", None))


def _is_path(annotation: Any) -> bool:
    import typing

    if isinstance(annotation, type) and issubclass(annotation, PurePath):
        return True
    return any(_is_path(inner) for inner in typing.get_args(annotation))


def refuse_empty_paths(command: Any, ctx: Any, args: list[str]) -> None:
    """A path given as "" (`--out "$OUT"`, `kpiguard review "$SPEC"` with the variable unset) is refused as a usage
    error: pathlib reads "" as the current folder, and the command answered about `.` ("./: this is a folder")."""
    from typer import BadParameter

    options = {opt: p for p in command.params if p.param_type_name == "option" for opt in p.opts}
    arguments = [p for p in command.params if p.param_type_name == "argument"]
    lang = requested_lang(ctx)
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            break
        name, eq, value = arg.partition("=")
        param = options.get(name if eq else arg)
        if param is not None and not getattr(param, "is_flag", False):
            given = value if eq else (args[i + 1] if i + 1 < len(args) else None)
            if given == "" and _takes_path(param):
                raise BadParameter(EMPTY_PATH.render(lang), ctx=ctx, param=param)
            i += 1 if eq else 2
            continue
        if arg == "" and any(_takes_path(p) for p in arguments):
            raise BadParameter(EMPTY_PATH.render(lang), ctx=ctx, param=next(p for p in arguments if _takes_path(p)))
        i += 1


class LocalizedCommand(LocalizedHelp, TyperCommand):
    """A kpiguard command: its help in English or French."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if not ctx.resilient_parsing:  # <TAB> completion parses a line being typed: never an error
            refuse_empty_paths(self, ctx, args)
        try:
            return super().parse_args(ctx, args)  # type: ignore[no-any-return]
        except UsageError as error:
            # click's parser raises "Option '--metric' requires an argument" without its context: with it, the
            # error shows the command's usage line and where to find its help, as every other usage error does
            if error.ctx is None:
                error.ctx = ctx
            raise
