"""`kpiguard lint` on several files as CI runs it: `kpiguard lint specs/*.yaml`."""

from __future__ import annotations

import json

from typer.testing import CliRunner

import kpiguard.cli.lint  # noqa: F401  (registers the commands on the app)
from kpiguard.cli import app

SHARE = "version: 1\nkpis:\n  - {id: email-share, metric: email_revenue_share, target: {to: 25%}}\n"


def test_a_file_that_does_not_load_does_not_hide_the_findings_of_the_others(tmp_path):
    good, empty = tmp_path / "kpis.yaml", tmp_path / "empty.yaml"
    good.write_text(SHARE, encoding="utf-8")
    empty.write_text("", encoding="utf-8")
    result = CliRunner().invoke(app, ["lint", str(tmp_path / "missing.yaml"), str(good), str(empty)])
    assert result.exit_code == 2
    assert "KG101" in result.stdout  # the file that loads is linted
    assert result.stderr.splitlines() == [
        f"{tmp_path / 'missing.yaml'}: cannot read the spec: no such file",
        f"{empty}:1:1: the spec file is empty; start from examples/kpis.example.yaml",
    ]
    as_json = CliRunner().invoke(app, ["lint", "-f", "json", str(empty), str(good)])
    assert as_json.exit_code == 2
    assert {f["code"] for f in json.loads(as_json.stdout)["findings"]} >= {"KG101"}


def test_a_bad_select_is_reported_once_whatever_the_number_of_files(tmp_path):
    paths = []
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text(SHARE, encoding="utf-8")
        paths.append(str(tmp_path / name))
    result = CliRunner().invoke(app, ["lint", "--select", "tagets", *paths])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == ("unknown lint rule 'tagets' in --select; did you mean 'targets'? "
                             "(`kpiguard rules` lists them)\n")


def test_github_format_annotates_a_spec_that_does_not_load(tmp_path):
    """In CI the error shows on the file, like the findings: an `::error` annotation with its line and column."""
    good, bad = tmp_path / "kpis.yaml", tmp_path / "bad.yaml"
    good.write_text(SHARE, encoding="utf-8")
    bad.write_text("version: 1\nkpis:\n  - {id: a, metric: revenu}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["lint", "-f", "github", str(bad), str(good)])
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    assert lines[0] == (f"::error file={bad},line=3,col=21,title=kpiguard spec::"
                        "unknown metric 'revenu'; did you mean 'revenue'?")
    assert any(line.startswith(f"::error file={good},") and "KG101" in line for line in lines[1:])


def test_json_and_sarif_stay_complete_documents_that_say_what_did_not_load(tmp_path):
    """A CI step that uploads kpiguard.sarif gets a valid log even when every spec failed to load."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\nkpis:\n  - {id: a, metric: revenu}\n", encoding="utf-8")
    sarif = CliRunner().invoke(app, ["lint", "-f", "sarif", str(bad)])
    assert sarif.exit_code == 2
    run = json.loads(sarif.stdout)["runs"][0]
    assert run["results"] == [] and run["invocations"][0]["executionSuccessful"] is False
    [note] = run["invocations"][0]["toolExecutionNotifications"]
    assert note["message"]["text"] == "unknown metric 'revenu'; did you mean 'revenue'?"
    assert note["locations"][0]["physicalLocation"]["region"] == {"startLine": 3, "startColumn": 21}
    as_json = CliRunner().invoke(app, ["lint", "-f", "json", str(bad)])
    assert as_json.exit_code == 2
    assert [(e["line"], e["col"]) for e in json.loads(as_json.stdout)["errors"]] == [(3, 21)]
