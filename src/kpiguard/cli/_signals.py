"""Ctrl-C and a reader that goes away (`| head`): a clean stop, never a traceback nor a made-up error."""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from kpiguard._i18n import Message

EXIT_INTERRUPTED = 130  # 128 + SIGINT: what a shell reports for a command stopped by Ctrl-C

INTERRUPTED = Message(en="kpiguard: interrupted (Ctrl-C)", fr="kpiguard : interrompu (Ctrl-C)")

_interrupted = threading.Event()


def _on_sigint(signum: int, frame: object) -> None:
    _interrupted.set()
    raise KeyboardInterrupt


def interrupted() -> bool:
    """True once Ctrl-C was pressed: whatever fails after it fails because of it (DuckDB, for one, turns the
    KeyboardInterrupt into an error of its own, which must not be shown as the user's mistake)."""
    return _interrupted.is_set()


@contextmanager
def clean_stops() -> Iterator[None]:
    """Run a command line so that Ctrl-C ends it with one line on stderr and exit code 130."""
    _interrupted.clear()  # a new command line (tests run several in one process)
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGINT, _on_sigint)
    try:
        yield
    except BaseException as error:  # typer turns KeyboardInterrupt into SystemExit(130), click's prompt into Abort
        stopped = isinstance(error, SystemExit) and error.code == EXIT_INTERRUPTED  # typer's silent exit
        if stopped or isinstance(error, KeyboardInterrupt) or interrupted():
            print(INTERRUPTED.render(), file=sys.stderr)
            raise SystemExit(EXIT_INTERRUPTED) from None
        raise
    finally:
        _interrupted.clear()
        if previous is not None:
            signal.signal(signal.SIGINT, previous)


def reader_gone() -> None:
    """The reader of stdout has gone (`kpiguard ... | head`): send the rest of the output nowhere, so that the
    command still ends with its own exit code instead of a BrokenPipeError."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # no real file descriptor (a test's captured output)
        pass
