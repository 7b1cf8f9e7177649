"""The `kpiguard` command: thin; parses arguments, calls the library, prints what a formatter returns."""

from __future__ import annotations

import importlib
import sys
from typing import Annotated, Any

import typer

from kpiguard import __version__
from kpiguard.cli import _completion as complete
from kpiguard.cli._common import OUTPUT_ERRORS, LangOption, emit, output_failed, use_lang
from kpiguard.cli._help import Help, LocalizedCommand, language_of
from kpiguard.cli._signals import clean_stops, interrupted
from kpiguard.cli._usage import LocalizedGroup
from kpiguard.errors import KpiguardError


class _Typer(typer.Typer):
    """`app.command()` makes a command whose help speaks English or French (`Help(en=..., fr=...)`)."""

    def command(self, name: str | None = None, *, cls: type[typer.core.TyperCommand] | None = None,
                **kwargs: Any) -> Any:
        return super().command(name, cls=cls or LocalizedCommand, **kwargs)


app = _Typer(
    name="kpiguard",
    cls=LocalizedGroup,
    help=Help(en="Stop steering by KPIs that backfire: validate and lint KPI specs, review them on your data.",
              fr="Cessez de piloter avec des KPI qui se retournent contre vous : validez et vérifiez vos specs "
                 "de KPI, passez-les en revue sur vos données."),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

# One module per command family, each registering its commands on `app`. Imported at start-up,
# so they must not import the engine at module level: data-touching code is imported inside commands.
COMMAND_MODULES = (
    "validate",
    "lint",
    "check",
    "compute",
    "review",
    "report",
    "simulate",
    "demo",
    "completion",
)


def _version(value: bool) -> None:
    if value:
        emit(f"kpiguard {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", "-V", callback=_version, is_eager=True,
                                          help=Help(en="Print the version and exit.",
                                                    fr="Afficher la version et quitter."))] = False,
    lang: LangOption = None,
) -> None:
    # kpiguard: if this KPI is met, is the company better off? (`--lang` here holds for the command that follows)
    use_lang(lang)


@app.command("help", hidden=True, help=Help(en="Show the help of a command: kpiguard help review.",
                                            fr="Afficher l'aide d'une commande : kpiguard help review."))
def _help(
    ctx: typer.Context,
    command: Annotated[str | None, typer.Argument(metavar="COMMAND", show_default=False, help=Help(
        en="The command (default: the list of commands).", fr="La commande (par défaut : la liste des commandes)."))
    ] = None,
    lang: LangOption = None,
) -> None:
    # `kpiguard help review` is `kpiguard review --help` (an unknown name gets the closest command suggested)
    root = ctx.find_root()
    if command is None:
        emit(root.get_help())
        return
    name, target, _ = root.command.resolve_command(root, [command])
    target.make_context(name, ["--help"], parent=root)  # prints the help, in the language of this command line


def _register() -> None:
    for name in COMMAND_MODULES:
        importlib.import_module(f"kpiguard.cli.{name}")


def main() -> None:
    with clean_stops():  # Ctrl-C: one line and exit 130
        _register()
        if complete.asked():  # <TAB> in a shell set up by `kpiguard completion`
            from typer.completion import completion_init

            completion_init()
        try:
            app(complete_var=complete.COMPLETE_VAR)
        except KpiguardError as error:  # a user error that a command did not catch itself
            if interrupted():
                raise KeyboardInterrupt from None
            for diagnostic in error.diagnostics:
                print(str(diagnostic), file=sys.stderr)
            sys.exit(2)
        except OSError as error:  # the help printed to a full disk (`--help > /dev/full`)
            if error.errno not in OUTPUT_ERRORS:
                raise
            try:
                output_failed(error, language_of(sys.argv[1:]))  # the help is printed before --lang is read
            except typer.Exit as stop:  # outside typer here: exit ourselves
                sys.exit(stop.exit_code)


__all__ = ["app", "main"]
