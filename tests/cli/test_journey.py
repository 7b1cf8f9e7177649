"""A new user's path across commands: what one command writes is read by the next, and says what to do."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from kpiguard.cli import _register, app

_register()
runner = CliRunner()


def _check_rewrite(sentence: str) -> str:
    """The YAML rewrite `kpiguard check` proposes for a sentence."""
    result = runner.invoke(app, ["check", sentence, "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)["statements"][0]["rewrite"]["yaml"]


def test_a_pasted_rewrite_with_placeholders_says_what_to_write_there(tmp_path):
    """check writes `to: ~` where only the user knows the number: validate, on the pasted KPI, says so."""
    rewrite = _check_rewrite("Faire 25 % du CA via email d'ici fin 2026")
    assert "to: ~" in rewrite
    spec = tmp_path / "kpis.yaml"
    spec.write_text("version: 1\nkpis:\n" + "".join(f"  {line}\n" for line in rewrite.splitlines()),
                    encoding="utf-8")
    result = runner.invoke(app, ["validate", str(spec), "--lang", "fr"])
    assert result.exit_code == 2, result.output
    assert "aucune valeur ici (`~` ou rien) : écrivez le nombre" in result.stderr
    assert "reçu null" not in result.stderr
