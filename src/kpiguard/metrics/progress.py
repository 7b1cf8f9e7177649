"""A progress line on stderr for engine queries that take more than a second (silent for quick ones)."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

DELAY_SECONDS = 1.0
_CLI = {"on": False}  # a command line turns progress on for every slow step (connect, tables, queries)


def enable() -> None:
    """Show progress for every slow engine step of this process (the commands that read data call it), when a
    person watches stderr."""
    _CLI["on"] = True


def watched(stream: object) -> bool:
    """A person watches `stream`: a terminal (or one TTY_COMPATIBLE=1 declares), not a log or a pipe.

    FORCE_COLOR (set in many CI jobs) asks for colours in a log, not for a spinner redrawn in it ten times a second.
    """
    if os.environ.get("TERM") == "dumb" or os.environ.get("TTY_COMPATIBLE") == "0":
        return False
    isatty = getattr(stream, "isatty", None)
    return os.environ.get("TTY_COMPATIBLE") == "1" or bool(isatty and isatty())


@contextmanager
def query_progress(label: str, *, enabled: bool, delay: float | None = None) -> Iterator[None]:
    """Show a spinner with `label` on stderr if the block is still running after `delay` seconds."""
    command_line = _CLI["on"] and watched(sys.stderr)  # a notebook asking for progress (`enabled`) lets Rich judge
    if not (enabled or command_line):
        yield
        return
    from rich.console import Console

    console = Console(stderr=True, force_terminal=True if command_line else None)
    state: dict[str, object] = {}
    lock = threading.Lock()

    def start() -> None:
        with lock:
            if state.get("done"):
                return
            status = console.status(label, spinner="dots")
            status.start()
            state["status"] = status

    timer = threading.Timer(DELAY_SECONDS if delay is None else delay, start)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        with lock:
            state["done"] = True
            status = state.get("status")
            if status is not None:
                status.stop()  # type: ignore[attr-defined]
        sys.stderr.flush()
