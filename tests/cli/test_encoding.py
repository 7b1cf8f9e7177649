"""A console that cannot write every character (a Windows console, a file redirected in cp1252 or ASCII) gets
plain equivalents of the outputs' typography, never a UnicodeEncodeError traceback."""

from __future__ import annotations

import os
import subprocess
import sys


def _run(encoding: str, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": encoding, "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "kpiguard", *args], capture_output=True, env=env, timeout=120,
                          check=False)


def test_a_french_answer_on_an_ascii_console_is_written_plainly():
    result = _run("ascii", "check", "--lang", "fr", "--today", "2026-01-15",
                  "Réduire les désabonnements de 20 % d'ici fin 2026")
    assert b"Traceback" not in result.stderr, result.stderr.decode("ascii", "replace")
    assert result.returncode in (0, 1)
    out = result.stdout.decode("ascii")  # every byte is ASCII: nothing failed to encode
    assert "d?sabonnements" in out  # a letter the console lacks is a "?", the rest of the line stays


def test_the_true_minus_and_no_break_spaces_become_their_plain_forms_in_cp1252():
    import io

    from kpiguard import _entry

    stream = io.TextIOWrapper(io.BytesIO(), encoding="cp1252")
    import codecs

    codecs.register_error("kpiguard.plain", _entry._plain)
    stream.reconfigure(errors="kpiguard.plain")
    stream.write("\u2212€30.6k\u202f%, ✖ toxic, ✔ healthy, 12\u00a0×0.247")
    stream.flush()
    assert stream.buffer.getvalue().decode("cp1252") == "-€30.6k %, X toxic, v healthy, 12\u00a0×0.247"  # cp1252 has these two
