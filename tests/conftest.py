"""Shared test setup. With KPIGUARD_STRICT=1 (as `make test` and CI run), a skipped test is a failure."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parents[1]
# CI (CI=true) runs the property tests on the same examples every time: a failure there shows again from its log
# (print_blob) instead of coming and going between runs. A developer's run explores new examples each time, and a
# case it finds is kept with `@example`.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
EXAMPLE = ROOT / "examples" / "kpis.example.yaml"
# What a command that touches no data must never import: the engine, dataframes, the SQL parser.
HEAVY = ("ibis", "duckdb", "pandas", "pyarrow", "sqlglot", "numpy", "pyspark")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("KPIGUARD_STRICT") == "1" and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped under KPIGUARD_STRICT=1 (a required test must run): {report.longrepr}"


@pytest.fixture(autouse=True)
def _no_terminal_width(monkeypatch):
    """A text review wraps at $COLUMNS when it is exported: pytest-xdist's workers have COLUMNS=80, a developer's
    shell may have any width; the tests that want one set it themselves."""
    monkeypatch.delenv("COLUMNS", raising=False)


# The variables that choose the language of messages when no --lang is given (kpiguard._locale).
LANGUAGE_VARIABLES = ("KPIGUARD_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


@pytest.fixture(autouse=True)
def _english_by_default(monkeypatch):
    """English, whatever the machine's locale: kpiguard follows LANGUAGE, LANG and LC_*, and a CI or a developer's shell with
    LANG=fr_FR.UTF-8 must see the same results. Subprocesses inherit the cleared environment (Python then runs in
    UTF-8 mode, PEP 538/540); the tests that want a language set it themselves."""
    for name in LANGUAGE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    from kpiguard._i18n import set_lang

    set_lang(None)
    yield
    set_lang(None)


@pytest.fixture
def modules_loaded_by():
    """`loaded(*argv, lang="en", also=())`: the HEAVY modules (and those starting with `also`) that `kpiguard
    *argv` imports, run in a fresh interpreter."""
    def loaded(*argv: str, lang: str = "en", also: tuple[str, ...] = ()) -> list[str]:
        code = (
            "import sys\n"
            "from kpiguard.cli import main\n"
            f"sys.argv = ['kpiguard', *{list(argv)!r}]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            f"print(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r} or m.startswith({also!r})))\n"
        )
        run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60,
                             env={**os.environ, "KPIGUARD_LANG": lang})
        assert run.returncode == 0, run.stderr
        return json.loads(run.stdout.strip().splitlines()[-1].replace("'", '"'))

    return loaded
