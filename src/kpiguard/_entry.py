"""The `kpiguard` console script: Ctrl-C is a clean stop from the first instant, even while Python still imports."""

from __future__ import annotations

import os
import signal
import sys

EXIT_INTERRUPTED = 130


def _french() -> bool:
    """`--lang fr` on the command line, else $KPIGUARD_LANG (kpiguard._i18n says the same, once imported)."""
    asked = os.environ.get("KPIGUARD_LANG", "")
    args = sys.argv[1:]
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            asked = args[i + 1]
        elif arg.startswith("--lang="):
            asked = arg.removeprefix("--lang=")
    return asked.strip().lower().startswith("fr")


def _while_starting(signum: int, frame: object) -> None:
    print("kpiguard : interrompu (Ctrl-C)" if _french() else "kpiguard: interrupted (Ctrl-C)", file=sys.stderr)
    raise SystemExit(EXIT_INTERRUPTED)


def main() -> None:
    signal.signal(signal.SIGINT, _while_starting)  # kpiguard.cli.main puts its own in place once imported
    from kpiguard.cli import main as run

    run()
