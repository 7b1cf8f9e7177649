"""Configuration (spec, pyproject.toml, command line), suppressions, French, and the command itself."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kpiguard._i18n import set_lang
from kpiguard.cli import _register, app
from kpiguard.errors import SpecError
from kpiguard.lint import lint
from kpiguard.spec import load_spec, load_spec_text

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "kpis.example.yaml"
SHARE = "kpis:\n  - {id: share, metric: email_revenue_share, target: {to: 25%}}\n"
runner = CliRunner()
_register()


def _codes(findings):
    return {f.code for f in findings}


def test_select_ignore_and_severity_from_the_spec():
    spec = load_spec_text("lint:\n  select: [KG1, targets]\n  ignore: [KG106]\n  severity: {KG101: warning}\n" + SHARE)
    findings = lint(spec)
    assert _codes(findings) == {"KG101", "KG201", "KG202"}
    assert next(f for f in findings if f.code == "KG101").severity == "warning"


def test_command_line_select_replaces_and_ignore_adds():
    spec = load_spec_text("lint:\n  select: [KG1]\n" + SHARE)
    assert _codes(lint(spec, select=["KG2"], ignore=["KG202"])) == {"KG201"}


def test_unknown_selector_is_a_located_error():
    spec = load_spec_text("lint:\n  ignore: [KG999]\n" + SHARE, "s.yaml")
    with pytest.raises(SpecError) as error:
        lint(spec)
    assert str(error.value.diagnostics[0].location) == "s.yaml:2:12"


def test_pyproject_configuration(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.kpiguard.lint]\nignore = ["KG2", "levels"]\n'
                                             'severity = {KG106 = "info"}\n')
    sub = tmp_path / "kpis"
    sub.mkdir()
    path = sub / "kpis.yaml"
    path.write_text("kpis:\n  - {id: rev, metric: email_revenue, target: {to: 10}}\n")
    findings = lint(load_spec(path))
    assert _codes(findings) == {"KG106"}
    assert findings[0].severity == "info"


def test_pyproject_typo_is_reported_with_its_line(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.kpiguard]\nselect = ["KG9"]\n')
    path = tmp_path / "kpis.yaml"
    path.write_text(SHARE)
    with pytest.raises(SpecError) as error:
        lint(load_spec(path))
    assert error.value.diagnostics[0].location.line == 2


def test_noqa_with_a_reason_silences_only_that_rule():
    spec = load_spec_text(SHARE.replace("}}", "}, noqa: {KG101: followed only, KG401: ''}}"))
    codes = _codes(lint(spec))
    assert "KG101" not in codes
    assert {"KG401", "KG001"} <= codes  # an empty reason silences nothing and is itself flagged


def test_noqa_comment_on_the_kpi_line(tmp_path):
    path = tmp_path / "kpis.yaml"
    path.write_text("kpis:\n  - id: share  # kpiguard: noqa KG101, KG401 -- measured for the board only\n"
                    "    metric: email_revenue_share\n    target: {to: 25%}\n")
    codes = _codes(lint(load_spec(path)))
    assert not {"KG101", "KG401"} & codes and "KG106" in codes


def test_french_messages_and_rewrites():
    set_lang("fr")
    finding = next(f for f in lint(load_spec(EXAMPLE)) if f.code == "KG101")
    assert "vise une part" in finding.message
    # e-mail revenue is already steered by another KPI: follow the share, steer the absolute value
    assert finding.rewrite.sentence.startswith("Piloter 'email-revenue'")
    alone = lint(load_spec_text(SHARE))
    assert next(f for f in alone if f.code == "KG101").rewrite.sentence.startswith("Passer de X à Y")
    assert "« CA UTM email »" in next(f for f in alone if f.code == "KG101").message


def test_spec_without_file_locations():
    from kpiguard.spec.models import KPI, Spec, Target

    spec = Spec(kpis=[KPI(id="share", metric="email_revenue_share", target=Target(to=0.25))])
    findings = lint(spec)
    assert "KG101" in _codes(findings) and all(f.location is None for f in findings)


def test_cli_exit_codes(tmp_path):
    assert runner.invoke(app, ["lint", str(EXAMPLE)]).exit_code == 1
    assert runner.invoke(app, ["lint", str(EXAMPLE), "--ignore", "KG101"]).exit_code == 0
    assert runner.invoke(app, ["lint", str(EXAMPLE), "--ignore", "KG101", "--fail-on", "warning"]).exit_code == 1
    bad = tmp_path / "bad.yaml"
    bad.write_text("kpis: [{id: x}]\n")
    result = runner.invoke(app, ["lint", str(bad)])
    assert result.exit_code == 2 and "bad.yaml:1:" in result.output
    assert runner.invoke(app, ["lint", str(EXAMPLE), "--select", "KG9"]).exit_code == 2
    assert runner.invoke(app, ["rule", "KG999"]).exit_code == 2


def test_cli_formats_and_several_specs(tmp_path):
    other = tmp_path / "other.yaml"
    other.write_text(SHARE)
    result = runner.invoke(app, ["lint", str(EXAMPLE), str(other), "--format", "json"])
    files = {f["location"]["file"] for f in json.loads(result.stdout)["findings"]}
    assert files == {str(EXAMPLE), str(other)}
    assert runner.invoke(app, ["rule", "KG101"]).stdout.startswith("# KG101 (structure.share-without-absolute)")
    listing = runner.invoke(app, ["rules", "--format", "json"])
    assert len(json.loads(listing.stdout)) >= 14


def test_lint_does_not_import_the_engine():
    code = ("import sys; from kpiguard.cli import main; "
            f"sys.argv = ['kpiguard', 'lint', {str(EXAMPLE)!r}, '-f', 'sarif'];\n"
            "try: main()\nexcept SystemExit: pass\n"
            "heavy = [m for m in ('ibis', 'duckdb', 'pandas', 'pyarrow', 'sqlglot') if m in sys.modules]\n"
            "print('HEAVY', heavy, file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "HEAVY []" in result.stderr, result.stderr[-2000:]


@pytest.mark.parametrize("comment", [
    "# kpiguard: noqa KG101 -- board only",
    "# kpiguard: noqa: KG101 -- board only",     # flake8's colon
    "#kpiguard:noqa KG101--board only",          # no spaces, the only noqa comment of the file
    # the reason after a dash as people type it, or as an editor turns `--` into: it silenced nothing (`—`, `–`),
    # or read "-", "BOARD" and "ONLY" as codes silenced without a reason (KG001 and KG002 three times each)
    "# kpiguard: noqa KG101 - board only",
    "# kpiguard: noqa KG101 — board only",
    "# kpiguard: noqa KG101 – board only",
    "# kpiguard: noqa structure.share-without-absolute: board only",
    "# kpiguard: noqa KG101, KG401 -- board only",
])
def test_noqa_comment_forms_silence_the_rule(comment, tmp_path):
    path = tmp_path / "kpis.yaml"
    path.write_text(f"kpis:\n  - id: share  {comment}\n    metric: email_revenue_share\n    target: {{to: 25%}}\n",
                    encoding="utf-8")
    codes = {f.code for f in lint(load_spec(path))}
    assert "KG101" not in codes and not codes & {"KG001", "KG002"}


@pytest.mark.parametrize("head", [
    "  - # kpiguard: noqa KG101 -- board only\n    id: share\n",             # on the dash line, id: below
    "  -\n    # kpiguard: noqa KG101 -- board only\n    id: share\n",         # between the dash and id:
])
def test_noqa_comment_on_the_dash_line_silences_the_rule(head, tmp_path):
    path = tmp_path / "kpis.yaml"
    path.write_text(f"kpis:\n{head}    metric: email_revenue_share\n    target: {{to: 25%}}\n", encoding="utf-8")
    codes = _codes(lint(load_spec(path)))
    assert "KG101" not in codes and "KG401" in codes  # the trade-off it stood for (revenue) is flagged again


SHARES = ("  - id: first\n    metric: email_revenue_share\n    target: {to: 25%}\n"
          "{inside}"
          "{above}"
          "  - id: second\n    metric: email_revenue_share\n    target: {to: 30%}\n"
          "{last}"
          "{after}")
NOQA = "# kpiguard: noqa KG101 -- board only"


@pytest.mark.parametrize(("where", "silenced"), [
    ({"inside": f"    {NOQA}\n"}, {"first"}),            # a line of its own inside the first KPI, at its keys' indent
    ({"above": f"  {NOQA}\n"}, {"second"}),             # just above the second's dash, at the dash's indent
    ({"above": f"  # the board follows it\n  {NOQA}\n"}, {"second"}),
    ({"last": f"    # not steered\n    {NOQA}\n"}, {"second"}),  # the last KPI's own last lines
    ({"after": f"{NOQA}\nteams: {{crm: {{name: CRM}}}}\n"}, set()),  # after the list, at the top level: nobody's
])
def test_noqa_comment_anywhere_in_a_kpi_silences_the_rule_for_that_kpi(where, silenced, tmp_path):
    """A `# kpiguard: noqa` comment on a line of its own inside a KPI, or just above its `-` (where people put a
    comment about the item below), silenced nothing and said nothing: only the KPI's first line was read."""
    path = tmp_path / "kpis.yaml"
    text = SHARES
    for part in ("inside", "above", "last", "after"):
        text = text.replace("{" + part + "}", where.get(part, ""))
    path.write_text("kpis:\n" + text, encoding="utf-8")
    flagged = {f.kpi_id for f in lint(load_spec(path)) if f.code == "KG101"}
    assert flagged == {"first", "second"} - silenced


def test_a_noqa_comment_on_a_guardrail_line_is_the_kpis_own(tmp_path):
    path = tmp_path / "kpis.yaml"
    path.write_text("kpis:\n  - id: push\n    metric: emails_sent\n    target: {from: 1000, to: 2000}\n"
                    "    guardrails:\n      - metric: email_unsubscribe_rate  # kpiguard: noqa KG106 -- enough here\n"
                    "        max_increase: 10%\n", encoding="utf-8")
    findings = lint(load_spec(path))
    assert "KG106" not in _codes(findings) and "KG001" not in _codes(findings)


def test_noqa_comment_on_the_dash_line_without_reason_is_flagged_there(tmp_path):
    path = tmp_path / "kpis.yaml"
    path.write_text("kpis:\n  - id: other\n    metric: revenue\n    target: {to: 1}\n"
                    "  - # kpiguard: noqa KG101\n    id: share\n    metric: email_revenue_share\n"
                    "    target: {to: 25%}\n", encoding="utf-8")
    missing = [f for f in lint(load_spec(path)) if f.code == "KG001"]
    assert [(f.location.line, f.location.col) for f in missing] == [(5, 5)]


def test_noqa_comment_in_a_spec_loaded_from_text():
    """`load_spec_text` (an API user, a spec held in memory) keeps its text: a noqa comment silences there too,
    instead of being read from a file of that name that may not exist."""
    text = ("kpis:\n  - id: share  # kpiguard: noqa KG101 -- board figure only\n"
            "    metric: email_revenue_share\n    target: {to: 25%}\n")
    assert "KG101" not in _codes(lint(load_spec_text(text, "in-memory.yaml")))


def test_kg001s_rewrite_of_a_comment_without_reason_silences_the_rule_once_filled(tmp_path):
    """`# kpiguard: noqa KG101` without a reason: KG001's rewrite keeps the comment and adds `noqa: {KG101: ...}` to
    fill in. Filled in and pasted, the comment's empty reason still won: KG001 stayed and KG101 was not silenced."""
    from kpiguard.spec import load_spec_text

    text = "kpis:\n  - id: share  # kpiguard: noqa KG101\n    metric: email_revenue_share\n    target: {to: 25%}\n"
    [finding] = lint(load_spec_text(text, "kpis.yaml"), select=["KG001"])
    filled = finding.rewrite.yaml.replace("why the rule does not apply here", "board figure, steered as revenue")
    assert filled.startswith("- id: share  # kpiguard: noqa KG101\n")  # (the comment kept, as pasted)
    pasted = "kpis:\n" + "".join(f"  {line}\n" for line in filled.splitlines())
    codes = {f.code for f in lint(load_spec_text(pasted, "kpis.yaml"))}
    assert not codes & {"KG001", "KG101"}
