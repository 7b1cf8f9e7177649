"""The `kpiguard` command: thin; parses arguments, calls the library, prints what a formatter returns."""

from __future__ import annotations

import importlib
import sys
from typing import Annotated

import typer

from kpiguard import __version__
from kpiguard.cli._usage import LocalizedGroup
from kpiguard.errors import KpiguardError

app = typer.Typer(
    name="kpiguard",
    cls=LocalizedGroup,
    help="Stop steering by KPIs that backfire: validate and lint KPI specs, review them on your data.",
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
)


def _version(value: bool) -> None:
    if value:
        print(f"kpiguard {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", "-V", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """kpiguard: if this KPI is met, is the company better off?"""


def _register() -> None:
    for name in COMMAND_MODULES:
        importlib.import_module(f"kpiguard.cli.{name}")


def main() -> None:
    _register()
    try:
        app()
    except KpiguardError as error:  # a user error that a command did not catch itself
        for diagnostic in error.diagnostics:
            print(str(diagnostic), file=sys.stderr)
        sys.exit(2)


__all__ = ["app", "main"]
