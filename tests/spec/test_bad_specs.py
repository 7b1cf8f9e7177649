"""Every file in tests/spec/bad/ is a spec a user could write wrong, with its exact messages as a golden file.

`NAME.expected` holds the English `path:line:col: message` lines; `NAME.fr.expected`, where present,
the French
ones. Regenerate with `KPIGUARD_UPDATE_GOLDEN=1 pytest tests/spec` and review the diff.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kpiguard._i18n import set_lang
from kpiguard.errors import SpecError
from kpiguard.spec import load_spec

BAD = Path(__file__).parent / "bad"
CASES = sorted(BAD.glob("*.yaml"))
FRENCH = sorted(p for p in CASES if p.with_suffix(".fr.expected").exists())
UPDATE = os.environ.get("KPIGUARD_UPDATE_GOLDEN") == "1"


def _messages(path: Path) -> str:
    with pytest.raises(SpecError) as caught:
        load_spec(path)
    # Locations are shown relative to the bad/ folder so that goldens do not depend on the checkout's path.
    return "".join(str(d).replace(str(BAD) + os.sep, "") + "\n" for d in caught.value.diagnostics)


def _check_golden(actual: str, golden: Path) -> None:
    if UPDATE:
        golden.write_text(actual, encoding="utf-8")
        return
    assert golden.exists(), f"no golden {golden.name}; run with KPIGUARD_UPDATE_GOLDEN=1 and review it"
    assert actual == golden.read_text(encoding="utf-8")


def test_there_are_enough_cases():
    assert len(CASES) >= 35
    assert len(FRENCH) >= 5


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_bad_spec_gives_its_exact_messages(path: Path):
    actual = _messages(path)
    assert actual.strip(), "a bad spec must say what is wrong"
    for line in actual.splitlines():  # every message is located: file:line:col
        assert line.startswith(f"{path.name}:"), line
    _check_golden(actual, path.with_suffix(".expected"))


@pytest.mark.parametrize("path", FRENCH, ids=[p.stem for p in FRENCH])
def test_bad_spec_messages_in_french(path: Path):
    set_lang("fr")
    actual = _messages(path)
    _check_golden(actual, path.with_suffix(".fr.expected"))
    english = path.with_suffix(".expected").read_text(encoding="utf-8")
    assert actual != english


def test_many_errors_are_all_reported_at_once():
    """Structure and reference errors of a file come in one run, references inside invalid KPIs too."""
    text = _messages(BAD / "many_errors.yaml")
    for needle in (
        "Europe/Pariss",
        "'outpt'",
        "'crmm'",
        "max_decrease: 10",
        "'email_revenu'",
        "2025-10-31",
        "duplicate KPI id 'email-share'",
        "'logistics'",
        "'lots'",
        "type: ratio",
        "unknown KPI 'repurchase-90d'",
    ):
        assert needle in text, needle


def test_cli_validate_reports_every_bad_spec_with_exit_2_and_no_traceback():
    """The same files through the command line at once: exit code 2, a located message each, no traceback."""
    run = subprocess.run(
        [sys.executable, "-m", "kpiguard", "validate", *map(str, CASES)],
        capture_output=True,
        text=True,
        env={**os.environ, "KPIGUARD_LANG": "en"},
        timeout=120,
    )
    assert run.returncode == 2
    assert "Traceback" not in run.stderr + run.stdout
    for path in CASES:
        assert f"{path}:" in run.stderr, path.name
