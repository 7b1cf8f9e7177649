"""`kpiguard validate` and `kpiguard schema` as a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kpiguard.cli.validate  # noqa: F401  (registers the commands on the app)
from kpiguard.cli import app

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "kpis.example.yaml"

BAD = ROOT / "tests" / "spec" / "bad"


@pytest.fixture
def runner():
    return CliRunner()


def test_valid_spec(runner):
    result = runner.invoke(app, ["validate", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{EXAMPLE}: valid (7 KPIs, 2 custom metrics)\n"


def test_invalid_spec_exit_2_with_located_messages(runner):
    result = runner.invoke(app, ["validate", str(BAD / "many_errors.yaml"), str(EXAMPLE)])
    assert result.exit_code == 2
    expected = (BAD / "many_errors.expected").read_text(encoding="utf-8")
    assert result.stderr == expected.replace("many_errors.yaml:", f"{BAD / 'many_errors.yaml'}:")
    assert "valid (7 KPIs" in result.stdout  # the other file is still validated


@pytest.mark.parametrize("how", ["option", "environment"])
def test_french(runner, how):
    args, env = ["validate", str(BAD / "unknown_team_owner.yaml")], {}
    if how == "option":
        args.append("--lang=fr")
    else:
        env["KPIGUARD_LANG"] = "fr_FR.UTF-8"
    result = runner.invoke(app, args, env=env)
    assert result.exit_code == 2
    assert result.stderr.endswith(
        "unknown_team_owner.yaml:8:12: équipe inconnue 'CRM' ; vouliez-vous dire 'crm' ?\n"
    )
    ok = runner.invoke(app, ["validate", str(EXAMPLE), "--lang", "fr"])
    assert ok.stdout == f"{EXAMPLE} : valide (7 KPI, 2 métriques personnalisées)\n"


def test_json_format(runner):
    result = runner.invoke(
        app, ["validate", "--format", "json", str(EXAMPLE), str(BAD / "unknown_metric.yaml")]
    )
    assert result.exit_code == 2
    files = json.loads(result.stdout)["files"]
    assert [f["valid"] for f in files] == [True, False]
    assert files[1]["errors"] == [
        {
            "code": "spec",
            "message": "unknown metric 'email_revenu'; did you mean 'email_revenue'?",
            "hint": None,
            "file": str(BAD / "unknown_metric.yaml"),
            "line": 4,
            "col": 13,
        }
    ]


def test_missing_file(runner, tmp_path):
    result = runner.invoke(app, ["validate", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2
    assert result.stderr == f"{tmp_path / 'nope.yaml'}: cannot read the spec: no such file\n"


def test_schema_command(runner, tmp_path):
    printed = runner.invoke(app, ["schema"])
    assert printed.exit_code == 0
    schema = json.loads(printed.stdout)
    assert schema["title"] == "kpiguard spec" and "KPI" in schema["$defs"]
    out = tmp_path / "kpiguard.schema.json"
    assert runner.invoke(app, ["schema", "-o", str(out)]).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8")) == schema


@pytest.mark.parametrize(
    "argv", [("validate", str(EXAMPLE)), ("validate", str(BAD / "many_errors.yaml")), ("schema",),
             ("lint", str(EXAMPLE), "-f", "json"), ("rules",), ("rules", "-f", "json"), ("rule", "KG101"),
             ("rule", "KG999"), ("--version",), ("completion", "bash"),
             ("init", "--from-sentence", "Faire 25 % du CA via email", "--out", "-")]
)
def test_commands_that_touch_no_data_import_no_engine(argv, modules_loaded_by):
    """Start-up stays fast: commands that touch no data (validate, schema, lint, rules, rule, init, completion,
    --version; check has its own test) never load the engine or dataframe libraries."""
    assert modules_loaded_by(*argv) == []


def test_python_m_kpiguard_validate_is_a_subprocess_that_exits_2():
    run = subprocess.run(
        [sys.executable, "-m", "kpiguard", "validate", str(BAD / "yaml_tab.yaml")],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "KPIGUARD_LANG": "en"},
    )
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert run.stderr.strip().endswith(
        "invalid YAML: a tab character; YAML indents with spaces only, replace the tab with spaces"
    )


def test_paths_in_messages_are_as_given(runner, tmp_path, monkeypatch):
    (tmp_path / "kpis.yaml").write_text("nme: x\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["validate", "kpis.yaml"])
    assert result.stderr == "kpis.yaml:1:1: unknown key 'nme'; did you mean 'name'?\n"
    assert Path("kpis.yaml").read_text(encoding="utf-8") == "nme: x\n"  # never modified


def test_lint_section_naming_unknown_rules_is_invalid(runner, tmp_path):
    """`validate` checks the spec's `lint:` section too, every unknown rule at once, with the closest one."""
    spec = tmp_path / "kpis.yaml"
    spec.write_text("version: 1\nlint:\n  select: [KG9, structure]\n  ignore: [tagets]\n"
                    "  severity: {KG777: error}\nkpis: []\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(spec)])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{spec}:3:12: unknown lint rule 'KG9' in lint: use a code (KG101), a code prefix (KG1), a name "
        "(structure.share-without-absolute), a family (structure) or ALL; `kpiguard rules` lists them",
        f"{spec}:4:12: unknown lint rule 'tagets' in lint; did you mean 'targets'? (`kpiguard rules` lists them)",
        f"{spec}:5:13: unknown lint rule 'KG777' in lint: use a code (KG101), a code prefix (KG1), a name "
        "(structure.share-without-absolute), a family (structure) or ALL; `kpiguard rules` lists them",
    ]
    french = runner.invoke(app, ["validate", str(spec), "--lang", "fr"])
    assert french.exit_code == 2 and "vouliez-vous dire 'targets'" in french.stderr


def test_counts_take_the_singular(runner, tmp_path):
    spec = tmp_path / "kpis.yaml"
    spec.write_text("version: 1\nmetrics:\n  m: {type: derived, expr: margin / orders}\n"
                    "kpis:\n  - {id: a, metric: m}\n", encoding="utf-8")
    assert runner.invoke(app, ["validate", str(spec)]).stdout == f"{spec}: valid (1 KPI, 1 custom metric)\n"
    french = runner.invoke(app, ["validate", str(spec), "--lang", "fr"]).stdout
    assert french == f"{spec} : valide (1 KPI, 1 métrique personnalisée)\n"
