"""The `kpiguard` console script: Ctrl-C is a clean stop from the first instant, even while Python still imports."""

from __future__ import annotations

import codecs
import os
import sys

try:  # the C module alone: `signal` imports `enum`, a few dozen milliseconds during which Ctrl-C gave a traceback
    import _signal as signal
except ImportError:  # pragma: no cover - an interpreter without it
    import signal  # type: ignore[no-redef]

EXIT_INTERRUPTED = 130

# What a console that cannot write a character gets instead (a Windows console or a file redirected in cp1252):
# the typography of the outputs has plain equivalents; anything else becomes "?", never a UnicodeEncodeError.
PLAIN = {"\u2212": "-", "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2013": "-", "\u2014": "-", "\u2026": "...",
         "\u00d7": "x", "\u2192": "->", "\u2190": "<-", "\u2191": "^", "\u2193": "v", "\u2197": "/", "\u2198": "\\",
         "\u2022": "*", "\u2714": "v", "\u2716": "X", "\u2717": "x", "\u25cc": "o", "\u26a0": "!", "\u00b1": "+/-",
         "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00ab": '"', "\u00bb": '"', "\u2265": ">=",
         "\u2264": "<=", "\u20ac": "EUR"}


def _plain(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start:error.end]
    return "".join(PLAIN.get(ch, "?") for ch in text), error.end


def _writable_streams() -> None:
    """stdout and stderr that cannot encode a character write its plain equivalent instead of failing."""
    codecs.register_error("kpiguard.plain", _plain)
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        if stream is not None and encoding not in ("utf8", "utf8sig") and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="kpiguard.plain")
            except (ValueError, OSError):  # a stream that cannot be reconfigured keeps its own behaviour
                pass


class _ForgivingStderr:
    """stderr whose reader may go away (`kpiguard validate bad.yaml 2>&1 | head -1`): what is left of a message goes
    nowhere, and the command still exits with its own code (2 for a user error, not 1 from a BrokenPipeError)."""

    def __init__(self, stream: object) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)  # type: ignore[attr-defined, no-any-return]
        except BrokenPipeError:
            self._gone()
            return len(text)

    def flush(self) -> None:
        try:
            self._stream.flush()  # type: ignore[attr-defined]
        except BrokenPipeError:
            self._gone()

    def _gone(self) -> None:
        """From now on stderr is /dev/null, so that what its buffer holds is not an error at exit either."""
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, self._stream.fileno())  # type: ignore[attr-defined]
            os.close(devnull)
        except (OSError, ValueError, AttributeError):
            pass

    def __getattr__(self, name: str) -> object:
        return getattr(self._stream, name)


def _french() -> bool:
    """`--lang fr` on the command line, else $KPIGUARD_LANG, else the system locale (kpiguard._i18n says the same,
    once imported)."""
    from kpiguard._locale import environment_lang  # only `os`: ready at once

    asked = None
    args = sys.argv[1:]
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            asked = args[i + 1]
        elif arg.startswith("--lang="):
            asked = arg.removeprefix("--lang=")
    if asked is None:
        return environment_lang() == "fr"
    return asked.strip().lower().startswith("fr")


def _while_starting(signum: int, frame: object) -> None:
    print("kpiguard : interrompu (Ctrl-C)" if _french() else "kpiguard: interrupted (Ctrl-C)", file=sys.stderr)
    raise SystemExit(EXIT_INTERRUPTED)


def main() -> None:
    signal.signal(signal.SIGINT, _while_starting)  # kpiguard.cli.main puts its own in place once imported
    _writable_streams()
    if sys.stderr is not None:
        sys.stderr = _ForgivingStderr(sys.stderr)  # type: ignore[assignment]
    from kpiguard.cli import main as run

    run()
