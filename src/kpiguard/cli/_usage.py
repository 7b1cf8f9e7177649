"""Usage errors (a wrong option value, a missing argument, an unknown option) in the language of the command."""

from __future__ import annotations

import os
import re
from typing import IO, Any

import typer
from typer._click.exceptions import UsageError
from typer.core import TyperGroup

from kpiguard._i18n import Message, supported_lang

USAGE = Message(en="Usage: {usage}", fr="Usage : {usage}")
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
NO_SUCH_COMMAND = Message(en="No such command {name}.", fr="Commande inconnue {name}.")


def language_of(args: list[str]) -> str:
    """The language asked for by `--lang X` (or `--lang=X`) among `args`, else $KPIGUARD_LANG, else English."""
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            return supported_lang(args[i + 1]) or "en"
        if arg.startswith("--lang="):
            return supported_lang(arg.removeprefix("--lang=")) or "en"
    return supported_lang(os.environ.get("KPIGUARD_LANG")) or "en"


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
    return message


def _hint(error: Any) -> str:
    hint = error.param_hint if error.param_hint is not None else (
        error.param.get_error_hint() if error.param is not None else "")
    return " / ".join(f"'{h}'" for h in hint) if isinstance(hint, (list, tuple)) else str(hint)


def _reason(text: str, lang: str) -> str:
    """Click's reason for a bad value, without its `Value error, ` prefix, in `lang` when its form is known."""
    text = text.removeprefix("Value error, ").rstrip(".")
    match = re.fullmatch(r"(.+) is not one of (.+)", text)
    if match:
        return NOT_ONE_OF.render(lang, value=match.group(1), choices=match.group(2))
    match = re.match(r"Input should be a valid (\w+)", text)
    if match and match.group(1) in KINDS_FR:
        kind = match.group(1)
        article = "an" if kind[0] in "aeiou" else "a"
        return SHOULD_BE.render(lang, kind=f"{article} {kind}", kind_fr=KINDS_FR[kind])
    match = re.fullmatch(r"(?:Value )?(.+) is not a valid (\w+)", text)
    if match and match.group(2) in KINDS_FR:
        return NOT_A.render(lang, value=match.group(1), kind=match.group(2), kind_fr=KINDS_FR[match.group(2)])
    return text


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
        if ctx is not None:
            lines += [USAGE.render(self.lang, usage=ctx.get_usage().removeprefix("Usage: ")),
                      TRY_HELP.render(self.lang, command=ctx.command_path), ""]
        lines.append(ERROR.render(self.lang, message=self.message))
        typer.echo("\n".join(lines), err=True)


class LocalizedGroup(TyperGroup):
    """The `kpiguard` group: a command line that does not parse is explained in the language it asked for."""

    def invoke(self, ctx: Any) -> Any:
        from typer._click.exceptions import NoArgsIsHelpError

        args = [*getattr(ctx, "_protected_args", []), *ctx.args]
        try:
            return super().invoke(ctx)
        except NoArgsIsHelpError:
            raise
        except UsageError as error:
            if isinstance(error, LocalizedUsageError):
                raise
            raise LocalizedUsageError(error, language_of(args)) from None
