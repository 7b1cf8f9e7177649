"""A progress line on stderr for engine queries that take more than a second (silent for quick ones)."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

DELAY_SECONDS = 1.0
_CLI = {"on": False}  # a command line turns progress on for every slow step (connect, tables, queries)


def enable() -> None:
    """Show progress for every slow engine step of this process (the commands that read data call it)."""
    _CLI["on"] = True


@contextmanager
def query_progress(label: str, *, enabled: bool, delay: float | None = None) -> Iterator[None]:
    """Show a spinner with `label` on stderr if the block is still running after `delay` seconds."""
    if not (enabled or _CLI["on"]):
        yield
        return
    from rich.console import Console

    console = Console(stderr=True)
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
