"""A new user's path across commands: what one command writes is read by the next, and says what to do."""

from __future__ import annotations

import json
import re

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


def test_init_keeps_the_horizon_of_a_relative_target_and_says_how_to_measure_its_baseline(tmp_path):
    """'Écouler 80 % du stock dormant d'ici fin juin 2026': the FROM is unknown, but the horizon is not lost."""
    source = tmp_path / "objectifs.txt"
    source.write_text("Écouler 80 % du stock dormant d'ici fin juin 2026\nRéduire le coût d'acquisition client\n",
                      encoding="utf-8")
    out = tmp_path / "kpis.yaml"
    result = runner.invoke(app, ["init", "--from", str(source), "--out", str(out), "--today", "2026-01-15",
                                 "--lang", "fr"])
    assert result.exit_code == 0, result.output
    # the acquisition cost is a measure the catalog lacks: drafted as a custom metric, not "not understood"
    assert "(phrases non comprises : 0)" in result.stdout and "1 sur une mesure que le catalogue" in result.stdout
    text = out.read_text(encoding="utf-8")
    assert "-80 % sur la période de référence, d'ici fin juin 2026" in text
    assert f"`kpiguard compute {out} -m dormant_stock_units -p PÉRIODE`" in text
    assert "to: <référence -80 %>, by: 2026-06-30}" in text
    assert runner.invoke(app, ["validate", str(out)]).exit_code == 0


def test_a_lint_rewrite_that_leaves_the_baseline_to_fill_says_what_goes_there(tmp_path):
    """An init spec has no baseline; KG203's rewrite writes `baseline: ~` and a comment explaining it."""
    spec = tmp_path / "kpis.yaml"
    spec.write_text("version: 1\nkpis:\n  - id: aov\n    metric: aov\n    level: output\n"
                    "    target: {from: 65, to: 70}\n", encoding="utf-8")
    result = runner.invoke(app, ["lint", str(spec), "--select", "KG203", "--format", "json", "--lang", "fr"])
    assert result.exit_code in (0, 1), result.output
    (finding,) = json.loads(result.stdout)["findings"]
    rewrite = finding["rewrite"]["yaml"]
    assert "baseline: ~" in rewrite
    assert "# baseline : la période sur laquelle le FROM est mesuré, par ex. 2025" in rewrite


def test_a_per_month_target_gets_a_one_month_baseline_from_check_and_lint(tmp_path):
    """The review judges a KPI on a window as long as its baseline: '5 000 par mois' with a quarter or a year as
    baseline would be compared with 3 or 12 months of new customers, and met three times too early."""
    result = runner.invoke(app, ["check", "Recruter 5000 nouveaux clients par mois d'ici juin", "--today",
                                 "2026-01-15", "--format", "json"])
    rewrite = json.loads(result.stdout)["statements"][0]["rewrite"]["yaml"]
    assert "baseline: 2025-12\n" in rewrite and "cadence: month" in rewrite
    spec = tmp_path / "kpis.yaml"
    spec.write_text("version: 1\nkpis:\n  - id: nc\n    metric: new_customers\n    level: output\n"
                    "    target: {to: 5000, by: 2026-06-30}\n    cadence: month\n  - id: q\n    metric: orders\n"
                    "    level: output\n    target: {to: 900, by: 2026-12-31}\n    cadence: quarter\n",
                    encoding="utf-8")
    result = runner.invoke(app, ["lint", str(spec), "--select", "KG201", "--format", "json"])
    baselines = {f["kpi_id"]: f["rewrite"]["yaml"] for f in json.loads(result.stdout)["findings"]}
    assert "baseline: 2025-06\n" in baselines["nc"]
    assert "baseline: 2025-Q4\n" in baselines["q"]


def test_a_pasted_from_placeholder_is_not_answered_with_the_same_rewrite(tmp_path):
    """Pasting KG201's rewrite leaves `from: ~`: lint then says how to measure it, instead of the same rewrite."""
    spec = tmp_path / "kpis.yaml"
    spec.write_text("version: 1\nkpis:\n  - id: aov\n    metric: aov\n    level: output\n"
                    "    target: {to: 70, by: 2026-12-31}\n", encoding="utf-8")
    first = json.loads(runner.invoke(app, ["lint", str(spec), "--select", "KG201", "--format", "json"]).stdout)
    rewrite = first["findings"][0]["rewrite"]["yaml"]
    assert "baseline: 2025\n" in rewrite and "from: ~" in rewrite
    spec.write_text("version: 1\nkpis:\n" + "".join(f"  {line}\n" for line in rewrite.splitlines()), encoding="utf-8")
    assert runner.invoke(app, ["validate", str(spec)]).exit_code == 0
    result = runner.invoke(app, ["lint", str(spec), "--select", "KG201", "--lang", "fr"])
    assert "'aov' a encore `from: ~`, une valeur à remplir : écrivez la valeur de « Panier moyen » sur 2025" in _plain(result.stdout)
    assert f"`kpiguard compute {spec} -m aov -p 2025` la mesure" in result.stdout
    assert "réécriture" not in result.stdout


def test_a_pasted_horizon_placeholder_says_what_to_write(tmp_path):
    spec = tmp_path / "kpis.yaml"
    spec.write_text("version: 1\nkpis:\n  - id: aov\n    metric: aov\n    level: output\n"
                    "    target: {from: 65, to: 70, by: ~}\n", encoding="utf-8")
    assert runner.invoke(app, ["validate", str(spec)]).exit_code == 0
    result = runner.invoke(app, ["lint", str(spec), "--select", "KG202", "--lang", "fr"])
    assert f"{spec}:6:36: KG202" in result.stdout
    assert "'aov' a encore `by: ~`, une valeur à remplir : écrivez l'horizon, une date comme 2026-12-31" in _plain(result.stdout)
    assert "réécriture" not in result.stdout


def test_review_and_report_on_a_fresh_init_spec_say_to_fill_data_tables(tmp_path):
    """`init` writes `tables: {}`; the next step, review or report, points there instead of 'the data is empty'."""
    source = tmp_path / "objectifs.txt"
    source.write_text("Passer le panier moyen de 65 € à 70 € d'ici fin 2026\n", encoding="utf-8")
    spec = tmp_path / "kpis.yaml"
    assert runner.invoke(app, ["init", "--from", str(source), "--out", str(spec)]).exit_code == 0
    line = next(i for i, text in enumerate(spec.read_text(encoding="utf-8").splitlines(), 1) if "tables:" in text)
    for command in (["review", str(spec)], ["report", str(spec), "--out", str(tmp_path / "r.html")]):
        result = runner.invoke(app, [*command, "--lang", "fr"])
        assert result.exit_code == 2, result.output
        assert f"{spec}:{line}:11: data.tables est vide : associez chaque table à votre fichier" in result.stderr
        assert "les données sont vides" not in result.stderr
    assert not (tmp_path / "r.html").exists()


def test_a_per_week_or_per_day_target_or_a_horizon_in_weeks_gets_a_baseline_of_that_length():
    """A quarter's baseline for '300 commandes par semaine' compared 13 weeks of orders with a week's target (met
    before any work); for '+10 % d'ici 3 semaines' it judged a window of mostly the baseline's own days."""
    cases = [("Atteindre 300 commandes par semaine d'ici fin mars 2026", "baseline: 2026-W02\n",
              "(base semaine du 5 janvier 2026)"),
             ("Reach 50 orders per day by the end of March 2026", "baseline: 2026-01-14\n", "(baseline 14 January 2026)"),
             ("Augmenter les commandes de 10 % d'ici 3 semaines", "baseline: 2026-W02\n",
              "(base semaine du 5 janvier 2026)"),
             ("Augmenter le CA de 5 % d'ici 5 jours", "baseline: 2026-01-14\n", "(base 14 janvier 2026)"),
             ("Augmenter le CA de 15 % d'ici fin 2026", "baseline: 2025\n", "(base 2025)")]
    for sentence, yaml, words in cases:
        result = runner.invoke(app, ["check", sentence, "--today", "2026-01-15", "--format", "json"])
        rewrite = json.loads(result.stdout)["statements"][0]["rewrite"]
        assert yaml in rewrite["yaml"] and words in rewrite["sentence"], (sentence, rewrite)
        # the rewritten sentence reads back with the same baseline
        again = runner.invoke(app, ["check", rewrite["sentence"], "--today", "2026-01-15", "--format", "json"])
        assert json.loads(again.stdout)["statements"][0]["parse"]["baseline"] == yaml.split(": ")[1].strip()


def _pasted(command: str) -> list[str]:
    """The arguments a shell gives `kpiguard` for a command pasted from kpiguard's output."""
    import shlex

    words = shlex.split(command)
    assert words[0] == "kpiguard", command
    return words[1:]


def test_the_next_commands_of_init_can_be_pasted_when_the_path_has_spaces_and_accents(tmp_path):
    """`init --out "ma spec été.yaml"` said `next: kpiguard lint ma spec été.yaml`: pasted, that lints three files
    that do not exist. Every command kpiguard suggests quotes a path a shell would split."""
    folder = tmp_path / "mes données"
    folder.mkdir()
    source = folder / "objectifs.txt"
    source.write_text("Augmenter le panier moyen de 10 % d'ici fin 2026\n", encoding="utf-8")
    out = folder / "ma spec été.yaml"
    result = runner.invoke(app, ["init", "--from", str(source), "--out", str(out), "--today", "2026-01-15",
                                 "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert ": 1 KPI (sentences not understood: 0)" in result.stdout  # not "1 KPIs"
    lint = _pasted(result.stdout.split("next: ")[1].strip())
    assert lint == ["lint", str(out)]
    assert runner.invoke(app, lint).exit_code in (0, 1)
    text = out.read_text(encoding="utf-8")
    commands = re.findall(r"`(kpiguard (?:lint|review|compute) [^`]+)`", text)
    assert len(commands) == 3  # the header's lint and review, the relative target's compute
    for command in commands:
        assert _pasted(command)[1] == str(out), command


def test_lint_says_how_to_measure_a_from_of_a_spec_whose_path_has_a_space(tmp_path):
    spec = tmp_path / "KPI 2026.yaml"
    spec.write_text("version: 1\nkpis:\n  - id: aov\n    metric: aov\n    level: output\n    baseline: 2025\n"
                    "    target: {from: ~, to: 70, by: 2026-12-31}\n", encoding="utf-8")
    result = runner.invoke(app, ["lint", str(spec), "--select", "KG201"])
    command = re.search(r"`(kpiguard compute [^`]+)`", result.stdout).group(1)
    assert _pasted(command) == ["compute", str(spec), "-m", "aov", "-p", "2025"]


def test_the_command_simulate_suggests_can_be_pasted_when_the_folder_has_a_space(tmp_path):
    from kpiguard.simulate import SimulationResult
    from kpiguard.simulate.story import simulated

    out = tmp_path / "boutique été"
    result = SimulationResult(out, out / "kpis.yaml", out / "truth.json", {}, {"orders": 27280},
                              {"scenario": "email-push", "seed": 7, "as_of": "2026-12-31"})
    text = simulated(result, "fr")
    assert "27\u202f280 commandes" in text
    assert _pasted(text.split("Ensuite : ")[1].strip()) == ["review", str(out / "kpis.yaml"), "--as-of", "2026-12-31"]


def _plain(text: str) -> str:
    """French output with its no-break spaces (before `:`, `;`, `%`, inside « ») as plain ones, to compare prose."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")
