"""Shell completion: `kpiguard completion SHELL` prints the script, and <TAB> completes commands, options and the
values a new user does not know by heart (rule codes, metric names, scenarios, languages)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kpiguard.cli import _register, app

_register()
runner = CliRunner()
ROOT = Path(__file__).resolve().parents[2]


def _tab(words: str, shell: str = "bash", **env: str) -> list[str]:
    """What kpiguard answers when `shell` asks it to complete the last of `words` (as the script of
    `kpiguard completion` makes it ask)."""
    asked = {"_KPIGUARD_COMPLETE": f"complete_{shell}", "COMP_WORDS": words,
             "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
             "_TYPER_COMPLETE_ARGS": words, "KPIGUARD_LANG": "en", **env}
    run = subprocess.run([sys.executable, "-c", "import sys; sys.argv = ['kpiguard']; "
                          "from kpiguard._entry import main; main()"], capture_output=True, text=True, timeout=60,
                         cwd=ROOT, env={**os.environ, **asked})
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
    return run.stdout.splitlines()


@pytest.mark.parametrize(("words", "expected"), [
    ("kpiguard rule KG20", ["KG201", "KG202", "KG203", "KG204", "KG205", "KG206", "KG207"]),
    ("kpiguard compute kpis.yaml -m email_o", ["email_opens", "email_open_rate"]),
    ("kpiguard simulate --scenario ", ["email-push", "stock-clearance", "healthy-growth", "baseline"]),
    ("kpiguard review kpis.yaml --lang ", ["en", "fr"]),
    ("kpiguard review kpis.yaml --segment-by ca", ["campaign", "category"]),
    ("kpiguard lint kpis.yaml --select KG101,tar", ["KG101,targets"] + [
        f"KG101,targets.{name}" for name in ("missing-from", "missing-horizon", "from-without-baseline",
                                             "percent-as-number", "against-direction", "guardrail-against-direction",
                                             "guardrail-never-breached")]),
    ("kpiguard completion ", ["bash", "zsh", "fish", "powershell"]),
    ("kpiguard rev", ["review"]),
])
def test_tab_completes_what_a_new_user_does_not_know_by_heart(words, expected):
    assert _tab(words) == expected


def test_zsh_shows_each_value_with_its_description_in_the_language_in_force():
    assert '"KG101":"Share KPI without a guard on its absolute parts"' in "\n".join(_tab("kpiguard rule KG10", "zsh"))
    french = "\n".join(_tab("kpiguard rule KG10", "zsh", KPIGUARD_LANG="fr"))
    assert '"KG101":"KPI de part sans garde-fou sur ses valeurs absolues"' in french, french


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish", "powershell"])
def test_the_script_asks_kpiguard_for_the_words(shell):
    result = runner.invoke(app, ["completion", shell])
    assert result.exit_code == 0, result.output
    assert "_KPIGUARD_COMPLETE" in result.stdout and "kpiguard" in result.stdout


def test_without_a_shell_named_it_is_the_one_of_shell_else_a_way_out(monkeypatch):
    monkeypatch.setenv("SHELL", "/usr/bin/zsh")
    assert runner.invoke(app, ["completion"]).stdout.startswith("#compdef kpiguard")
    monkeypatch.setenv("SHELL", "/bin/tcsh")
    result = runner.invoke(app, ["completion", "--lang", "fr"])
    assert result.exit_code == 2
    assert "nommez-le, kpiguard completion bash|zsh|fish|powershell" in result.stderr
    wrong = runner.invoke(app, ["completion", "bsh"])
    assert wrong.exit_code == 2 and "not 'bsh'; did you mean 'bash'?" in wrong.stderr
