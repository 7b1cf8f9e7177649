"""The console script as a user runs it, for the command-line tests."""

from __future__ import annotations

import sys

import pytest

from kpiguard.cli import main


def run_main(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    """`kpiguard ARGS` as the console script runs it (main(), not the bare typer app, so that an uncaught error would
    show): its exit code, stdout and stderr."""
    monkeypatch.setattr(sys, "argv", ["kpiguard", *args])
    with pytest.raises(SystemExit) as stop:
        main()
    captured = capsys.readouterr()
    return stop.value.code, captured.out, captured.err
