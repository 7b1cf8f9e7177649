"""Wrong option values on every command: exit 2, a message saying what to write, nothing done."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from kpiguard.cli import _register, app

_register()
ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = str(ROOT / "examples" / "kpis.example.yaml")

# Every command that takes --lang, with the arguments it needs to get as far as reading it.
WITH_LANG = {
    "validate": ["validate", EXAMPLE],
    "lint": ["lint", EXAMPLE],
    "rules": ["rules"],
    "check": ["check", "revenue up 5% by December"],
    "init": ["init", "--from", EXAMPLE, "--out", "{tmp}/kpis.yaml"],
    "compute": ["compute", EXAMPLE, "--period", "2026-06"],
    "explain": ["explain", EXAMPLE, "--period", "2026-06"],
    "review": ["review", EXAMPLE],
    "report": ["report", EXAMPLE, "--out", "{tmp}/report.html"],
    "simulate": ["simulate", "--out", "{tmp}/shop"],
    "demo": ["demo", "--report", "{tmp}/demo.html"],
}


def _args(command: str, tmp_path: Path) -> list[str]:
    return [a.replace("{tmp}", str(tmp_path)) for a in WITH_LANG[command]]


@pytest.mark.parametrize("command", sorted(WITH_LANG))
def test_an_unsupported_language_is_refused_in_both_languages(command, tmp_path):
    result = CliRunner().invoke(app, [*_args(command, tmp_path), "--lang", "de"], env={"KPIGUARD_CACHE": str(tmp_path)})
    assert result.exit_code == 2, result.output
    assert "--lang: unsupported language 'de': write en (English) or fr (French)" in result.stderr
    assert "--lang : langue non prise en charge 'de' : écrivez en (anglais) ou fr (français)" in result.stderr
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []  # nothing written, nothing simulated


@pytest.mark.parametrize("command", sorted(WITH_LANG))
def test_an_unsupported_kpiguard_lang_is_refused(command, tmp_path):
    env = {"KPIGUARD_LANG": "de_DE.UTF-8", "KPIGUARD_CACHE": str(tmp_path)}
    result = CliRunner().invoke(app, _args(command, tmp_path), env=env)
    assert result.exit_code == 2, result.output
    assert "KPIGUARD_LANG: unsupported language 'de_DE.UTF-8'" in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("value", ["fr", "FR", "fr_FR.UTF-8", "fr-CA"])
def test_french_in_its_usual_spellings(value):
    result = CliRunner().invoke(app, ["validate", EXAMPLE, "--lang", value])
    assert result.exit_code == 0, result.output
    assert ": valide (" in result.stdout


def test_the_option_wins_over_a_bad_environment():
    result = CliRunner().invoke(app, ["validate", EXAMPLE, "--lang", "en"], env={"KPIGUARD_LANG": "de"})
    assert result.exit_code == 0, result.output
