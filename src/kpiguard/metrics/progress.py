"""A progress line on stderr for engine queries that take more than a second (silent for quick ones)."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

DELAY_SECONDS = 1.0


@contextmanager
def query_progress(label: str, *, enabled: bool, delay: float = DELAY_SECONDS) -> Iterator[None]:
    """Show a spinner with `label` on stderr if the block is still running after `delay` seconds."""
    if not enabled:
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

    timer = threading.Timer(delay, start)
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
