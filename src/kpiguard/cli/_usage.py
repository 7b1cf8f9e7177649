"""Usage errors (a wrong option value, a missing argument, an unknown option) in the language of the command."""

from __future__ import annotations

import re
from typing import IO, Any

import typer
from typer._click.exceptions import UsageError
from typer._click.utils import make_default_short_help
from typer.core import TyperGroup

from kpiguard._i18n import Message, pick
from kpiguard.cli._help import (
    ARGV,
    COMMAND_METAVAR,
    SECTIONS,
    LocalizedHelp,
    language_of,
    requested_lang,
    translate,
)
from kpiguard.cli._signals import interrupted

TRY_HELP = Message(en="Try '{command} -h' for help.", fr="Essayez '{command} -h' pour l'aide.")
ERROR = Message(en="Error: {message}", fr="Erreur : {message}")
INVALID = Message(en="Invalid value for {param}: {reason}", fr="Valeur invalide pour {param} : {reason}")
NOT_ONE_OF = Message(en="{value} is not one of {choices}", fr="{value} n'est pas l'une des valeurs {choices}")
NOT_A = Message(en="{value} is not a valid {kind}", fr="{value} n'est pas {kind_fr} valide")
KINDS_FR = {"integer": "un entier", "float": "un nombre", "number": "un nombre", "boolean": "un booléen",
            "int": "un entier"}
SHOULD_BE = Message(en="expected {kind}", fr="{kind_fr} attendu")
MISSING = Message(en="Missing {what} {param}.", fr="Il manque {what_fr} {param}.")
WHATS_FR = {"option": "l'option", "argument": "l'argument", "parameter": "le paramètre"}
NO_SUCH_OPTION = Message(en="No such option: {name}", fr="Option inconnue : {name}")
POSSIBLE = Message(en="(Possible options: {names})", fr="(options possibles : {names})")
NEEDS_VALUE = Message(en="Option {name} requires an argument.", fr="L'option {name} attend une valeur.")
EXTRA = Message(en="Got unexpected extra argument(s) ({args})", fr="Argument(s) en trop : ({args})")
DID_YOU_MEAN = Message(en="Did you mean {names}?", fr="Vouliez-vous dire {names} ?")
MISSING_COMMAND = Message(en="Missing command: `kpiguard --help` lists them.",
                          fr="Il manque la commande : `kpiguard --help` les liste.")
CLOSEST = Message(en="; did you mean {name}?", fr=" ; vouliez-vous dire {name} ?")
NO_SUCH_COMMAND = Message(en="No such command {name}.", fr="Commande inconnue {name}.")


def describe(error: UsageError, lang: str) -> str:
    """The error's sentence in `lang` (click's own English text when its form is not one we know)."""
    from typer._click import exceptions as click

    if isinstance(error, click.NoSuchOption):
        text = NO_SUCH_OPTION.render(lang, name=error.option_name)
        if error.possibilities:
            text += " " + POSSIBLE.render(lang, names=", ".join(sorted(error.possibilities)))
        return text
    if isinstance(error, click.MissingParameter):
        what = error.param_type or (error.param.param_type_name if error.param is not None else "parameter")
        return MISSING.render(lang, what=what, what_fr=WHATS_FR.get(what, what), param=_hint(error))
    if isinstance(error, click.BadParameter):
        return INVALID.render(lang, param=_hint(error), reason=_reason(str(error.message), lang))
    message, suggestion = error.format_message(), ""
    match = re.fullmatch(r"(.+?) Did you mean (.+)\?", message)
    if match:
        message, suggestion = match.group(1), " " + DID_YOU_MEAN.render(lang, names=match.group(2))
    return _sentence(message, lang) + suggestion


def _sentence(message: str, lang: str) -> str:
    for pattern, template in ((r"Option (.+) requires an argument\.", NEEDS_VALUE),
                              (r"Got unexpected extra argument\(s\) \((.*)\)", EXTRA),
                              (r"No such command (.+)\.", NO_SUCH_COMMAND)):
        match = re.fullmatch(pattern, message)
        if match:
            key = re.findall(r"{(\w+)}", template.en)[0]
            return template.render(lang, **{key: match.group(1)})
    return MISSING_COMMAND.render(lang) if message == "Missing command." else message


def _hint(error: Any) -> str:
    hint = error.param_hint if error.param_hint is not None else (
        error.param.get_error_hint() if error.param is not None else "")
    return " / ".join(f"'{h}'" for h in hint) if isinstance(hint, (list, tuple)) else str(hint)


def _reason(text: str, lang: str) -> str:
    """Click's reason for a bad value, without its `Value error, ` prefix, in `lang` when its form is known."""
    text = text.removeprefix("Value error, ").rstrip(".")
    match = re.fullmatch(r"(.+) is not one of (.+)", text)
    if match:
        return NOT_ONE_OF.render(lang, value=match.group(1), choices=match.group(2)) + closest(
            match.group(1), re.findall(r"'([^']*)'", match.group(2)), lang)
    match = re.match(r"Input should be a valid (\w+)", text)
    if match and match.group(1) in KINDS_FR:
        kind = match.group(1)
        article = "an" if kind[0] in "aeiou" else "a"
        return SHOULD_BE.render(lang, kind=f"{article} {kind}", kind_fr=KINDS_FR[kind])
    match = re.fullmatch(r"(?:Value )?(.+) is not a valid (\w+)", text)
    if match and match.group(2) in KINDS_FR:
        return NOT_A.render(lang, value=match.group(1), kind=match.group(2), kind_fr=KINDS_FR[match.group(2)])
    return text


def closest(value: str, choices: list[str] | tuple[str, ...], lang: str | None = None) -> str:
    """`; did you mean 'error'?` for `erreur`, when one choice is clearly the closest to what was typed (else "":
    `kg10` is as close to KG101 as to KG102, and a guess between them would mislead)."""
    from difflib import SequenceMatcher

    typed = value.strip("'").lower()
    meant = _said_as(typed)
    if meant in choices:  # `--fail-on avertissement`: the word the French output prints, for its value
        return CLOSEST.render(lang, name=f"'{meant}'")
    scored = sorted(((SequenceMatcher(None, typed, choice.lower()).ratio(), choice) for choice in set(choices)),
                    reverse=True)
    if not scored or scored[0][0] < 0.6 or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return ""
    return CLOSEST.render(lang, name=f"'{scored[0][1]}'")


def _said_as(word: str) -> str | None:
    """The value of a lint severity written as `kpiguard lint --lang fr` prints it (`avertissement` -> warning)."""
    from kpiguard.lint.finding import SEVERITY_WORDS

    return next((code for code, said in SEVERITY_WORDS.items() if word == said.fr.lower()), None)


class LocalizedUsageError(UsageError):
    """A usage error shown in the language the command line asked for."""

    def __init__(self, error: Any, lang: str) -> None:
        super().__init__(describe(error, lang), ctx=error.ctx)
        self.lang = lang

    def format_message(self) -> str:
        return self.message

    def show(self, file: IO[Any] | None = None) -> None:
        ctx = self.ctx
        lines = []
        if ctx is not None:  # the usage line is in the language of the command line already
            lines += [ctx.get_usage(), TRY_HELP.render(self.lang, command=ctx.command_path), ""]
        lines.append(ERROR.render(self.lang, message=self.message))
        typer.echo("\n".join(lines), err=True)


def _localized(error: UsageError, args: list[str]) -> UsageError:
    from typer._click.exceptions import NoArgsIsHelpError

    if isinstance(error, (LocalizedUsageError, NoArgsIsHelpError)):
        return error
    return LocalizedUsageError(error, language_of(args))


# French words for the commands, suggested when typed (`kpiguard calculer` -> compute); accents are ignored.
FRENCH_COMMANDS = {"valider": "validate", "verifier": "lint", "schema": "schema", "regle": "rule", "regles": "rules",
                   "phrase": "check", "controler": "check", "initialiser": "init", "creer": "init",
                   "calculer": "compute", "expliquer": "explain", "sql": "explain", "examiner": "review",
                   "revue": "review", "juger": "review", "rapport": "report", "simuler": "simulate",
                   "simulation": "simulate", "demonstration": "demo", "aide": "help"}


# What other tools call a command or option kpiguard has (`kpiguard version` is `kpiguard --version`).
OTHER_WORDS = {"version": "--version", "completions": "completion", "complete": "completion",
               "autocomplete": "completion", "autocompletion": "completion"}
ROOT_OPTIONS = ("--version",)


def _plain(word: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFD", word.lower()) if not unicodedata.combining(c))


def _only_a_language(args: list[str]) -> bool:
    """`args` say nothing but `--lang X` (or `--lang=X`), once or more, in languages kpiguard speaks (`--lang de`
    is refused as such, not answered with the help)."""
    from kpiguard._i18n import supported_lang

    rest = list(args)
    while rest:
        if rest[0] == "--lang" and len(rest) > 1:
            value, rest = rest[1], rest[2:]
        elif rest[0].startswith("--lang="):
            value, rest = rest[0].removeprefix("--lang="), rest[1:]
        else:
            return False
        if supported_lang(value) is None:
            return False
    return True


class LocalizedGroup(LocalizedHelp, TyperGroup):
    """The `kpiguard` group: its help, and a command line that does not parse, in the language it asked for."""

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        try:
            return super().resolve_command(ctx, args)
        except UsageError as error:
            meant = (FRENCH_COMMANDS.get(_plain(args[0])) or OTHER_WORDS.get(_plain(args[0]))) if args else None
            if meant in self.commands or meant in ROOT_OPTIONS:  # better than the closest spelling
                error.message = f"{error.message.split(' Did you mean')[0].rstrip('.')}. Did you mean '{meant}'?"
            raise

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        ctx.meta.setdefault(ARGV, list(args))  # for the help and errors of every command of this run
        if args and self.no_args_is_help and not ctx.resilient_parsing and _only_a_language(args):
            # `kpiguard --lang fr`, a French user's first try, is `kpiguard` in French: the help, not "missing
            # command: `kpiguard --help` lists them" (which would then list them in English)
            from typer._click.exceptions import NoArgsIsHelpError

            raise NoArgsIsHelpError(ctx)
        return super().parse_args(ctx, args)

    def make_context(self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any) -> Any:
        argv = list(args)  # the parser consumes `args`
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except UsageError as error:  # `kpiguard --colour`: an error of the group's own options
            raise _localized(error, argv) from None

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except typer.Abort:  # click's prompt makes Ctrl-C an Abort ("Aborted!", exit 1)
            if interrupted():
                raise KeyboardInterrupt from None
            raise
        except UsageError as error:
            raise _localized(error, list(ctx.meta.get(ARGV, ()))) from None

    def format_options(self, ctx: Any, formatter: Any) -> None:
        super().format_options(ctx, formatter)
        self.format_commands(ctx, formatter)

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = super().collect_usage_pieces(ctx)
        return [*pieces[:-1], COMMAND_METAVAR.render(requested_lang(ctx))] if pieces else pieces

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        lang = requested_lang(ctx)
        commands = [(name, self.get_command(ctx, name)) for name in self.list_commands(ctx)]
        commands = [(name, command) for name, command in commands if command is not None and not command.hidden]
        if not commands:
            return
        limit = formatter.width - 6 - max(len(name) for name, _ in commands)
        rows = [(name, make_default_short_help(translate(command.short_help or command.help, lang), limit))
                for name, command in commands]
        with formatter.section(pick(SECTIONS["Commands"], lang)):
            formatter.write_dl(rows)
