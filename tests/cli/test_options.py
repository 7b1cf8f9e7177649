"""Wrong option values on every command: exit 2, a message saying what to write, nothing done."""

from __future__ import annotations

import os
import subprocess
import sys
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
    "rule": ["rule", "KG101"],
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


@pytest.mark.parametrize("value", ["C.UTF-8", "POSIX", "en_US.UTF-8", ""])
def test_english_locales_and_an_empty_variable_are_english(value):
    result = CliRunner().invoke(app, ["validate", EXAMPLE], env={"KPIGUARD_LANG": value})
    assert result.exit_code == 0 and ": valid (" in result.stdout, result.output


@pytest.mark.parametrize(("env", "says"), [
    ({"LANG": "fr_FR.UTF-8"}, ": valide ("),
    ({"LC_MESSAGES": "fr_CA.UTF-8"}, ": valide ("),
    ({"LC_ALL": "fr_BE.UTF-8", "LANG": "en_GB.UTF-8"}, ": valide ("),
    ({"LC_ALL": "C", "LANG": "fr_FR.UTF-8"}, ": valid ("),  # LC_ALL wins over LANG, as for every program
    ({"LC_MESSAGES": "en_US.UTF-8", "LANG": "fr_FR.UTF-8"}, ": valid ("),
    ({"LC_ALL": "", "LC_MESSAGES": "", "LANG": "fr_FR.UTF-8"}, ": valide ("),  # an empty variable is not set
    ({"LANG": "de_DE.UTF-8"}, ": valid ("),  # a locale kpiguard does not speak is English, never an error
    ({"LANG": "POSIX"}, ": valid ("),
    ({"KPIGUARD_LANG": "en", "LC_ALL": "fr_FR.UTF-8"}, ": valid ("),  # kpiguard's own variable wins
    ({"KPIGUARD_LANG": "fr", "LANG": "C.UTF-8"}, ": valide ("),
    # GNU's LANGUAGE list comes before the locale, as for every gettext program (Ubuntu sets it at install)
    ({"LANGUAGE": "fr_FR:fr", "LANG": "en_US.UTF-8"}, ": valide ("),
    ({"LANGUAGE": "de:fr:en", "LANG": "en_GB.UTF-8"}, ": valide ("),  # its first language kpiguard speaks
    ({"LANGUAGE": "en_GB:en", "LANG": "fr_FR.UTF-8"}, ": valid ("),
    ({"LANGUAGE": "de_DE:de", "LANG": "fr_FR.UTF-8"}, ": valide ("),  # none spoken: the locale decides
    ({"LANGUAGE": "fr", "LC_ALL": "C.UTF-8"}, ": valid ("),  # under C or POSIX gettext ignores it
    ({"LANGUAGE": "fr"}, ": valid ("),  # no locale at all is C
    ({"KPIGUARD_LANG": "en", "LANGUAGE": "fr", "LANG": "fr_FR.UTF-8"}, ": valid ("),
])
def test_the_system_locale_chooses_the_language_when_kpiguard_is_not_told(env, says):
    """A French user's shell says LANG=fr_FR.UTF-8: kpiguard answered in English unless told --lang or
    $KPIGUARD_LANG. It follows the locale now, in the order of POSIX (LC_ALL, LC_MESSAGES, LANG), after GNU's
    LANGUAGE list when the locale is not C."""
    result = CliRunner().invoke(app, ["validate", EXAMPLE], env=env)
    assert result.exit_code == 0 and says in result.stdout, result.output
    assert CliRunner().invoke(app, ["validate", EXAMPLE, "--lang", "en"], env=env).stdout.count(": valid (") == 1


def test_a_french_locale_gives_french_errors_and_help_from_the_console_script(tmp_path):
    """The real command (a fresh interpreter, as a user's shell starts it): errors and help follow $LANG."""
    env = {k: v for k, v in os.environ.items() if k not in ("KPIGUARD_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    env["LANG"] = "fr_FR.UTF-8"
    run = subprocess.run([sys.executable, "-m", "kpiguard", "validate", str(tmp_path / "absent.yaml")],
                         capture_output=True, text=True, timeout=60, cwd=ROOT, env=env)
    assert run.returncode == 2 and "introuvable" in run.stderr, run.stderr
    shown = subprocess.run([sys.executable, "-m", "kpiguard", "--help"], capture_output=True, text=True,
                           timeout=60, cwd=ROOT, env=env)
    assert shown.stdout.startswith("Usage : ") and "Commandes :" in shown.stdout, shown.stdout
    typo = subprocess.run([sys.executable, "-m", "kpiguard", "validate", "--formt", "json", str(EXAMPLE)],
                          capture_output=True, text=True, timeout=60, cwd=ROOT, env=env)
    assert typo.returncode == 2 and "Erreur : Option inconnue : --formt (options possibles : --format)" in typo.stderr


def test_the_option_wins_over_a_bad_environment():
    result = CliRunner().invoke(app, ["validate", EXAMPLE, "--lang", "en"], env={"KPIGUARD_LANG": "de"})
    assert result.exit_code == 0, result.output


def test_the_check_answer_still_follows_each_sentence_when_kpiguard_lang_is_set():
    result = CliRunner().invoke(app, ["check", "Faire 25 % du CA mensuel via email"], env={"KPIGUARD_LANG": "en"})
    assert "  métrique    email_revenue_share" in result.stdout  # a French sentence gets a French answer


BAD_VALUES = [  # (command line, what the English message says, what the French one says)
    (["compute", EXAMPLE, "-p", "2026-06", "--by", "fortnight"],
     "Invalid value for '--by': 'fortnight' is not one of 'day', 'week', 'month', 'quarter', 'year'",
     "Valeur invalide pour '--by' : 'fortnight' n'est pas l'une des valeurs 'day', 'week', 'month', 'quarter', "
     "'year'"),
    (["compute", EXAMPLE, "-p", "2026-06", "--format", "xml"],
     "Invalid value for '--format' / '-f': 'xml' is not one of 'text', 'json', 'csv'",
     "Valeur invalide pour '--format' / '-f' : 'xml' n'est pas l'une des valeurs 'text', 'json', 'csv'"),
    (["lint", EXAMPLE, "--fail-on", "warnings"],
     "Invalid value for '--fail-on': 'warnings' is not one of 'error', 'warning', 'info', 'never'",
     "Valeur invalide pour '--fail-on' : 'warnings' n'est pas l'une des valeurs"),
    (["compute", EXAMPLE], "Missing option '--period' / '-p'.", "Il manque l'option '--period' / '-p'."),
    (["review", EXAMPLE, "--alpha", "five"], "Invalid value for '--alpha': expected a number",
     "Valeur invalide pour '--alpha' : un nombre attendu"),
    (["simulate", "--out", "x", "--customers", "many"], "Invalid value for '--customers': expected an integer",
     "Valeur invalide pour '--customers' : un entier attendu"),
    (["validate", EXAMPLE, "--colour"], "No such option: --colour", "Option inconnue : --colour"),
    (["report", EXAMPLE, "--out"], "Option '--out' requires an argument.", "L'option '--out' attend une valeur."),
    (["compute", EXAMPLE, "-p", "2026", "--metric"], "Option '--metric' requires an argument.",
     "L'option '--metric' attend une valeur."),
    (["validatee", EXAMPLE], "No such command 'validatee'.", "Commande inconnue 'validatee'."),
]


@pytest.mark.parametrize(("args", "english", "french"), BAD_VALUES, ids=[" ".join(b[0][:1] + b[0][2:]) for b in BAD_VALUES])
def test_a_wrong_option_value_is_explained_in_the_language_asked(args, english, french):
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2 and english in result.stderr, result.output
    assert "Traceback" not in result.output
    assert "Value error" not in result.stderr and "Input should be" not in result.stderr
    in_french = CliRunner().invoke(app, args, env={"KPIGUARD_LANG": "fr"})
    assert in_french.exit_code == 2 and french in in_french.stderr, in_french.output
    assert "Erreur : " in in_french.stderr
    # every usage error says the command's usage and where its help is (click raises "requires an argument"
    # without them)
    assert result.stderr.startswith("Usage: ") and " -h' for help." in result.stderr, result.stderr
    assert in_french.stderr.startswith("Usage : ") and " -h' pour l'aide." in in_french.stderr
    if args[-1] not in ("--out", "--metric"):  # --lang after the bad value works too (not as their value)
        assert french in CliRunner().invoke(app, [*args, "--lang", "fr"]).stderr


@pytest.mark.parametrize("command", ["review", "report", "schema"])
def test_out_is_a_folder_or_under_a_file(command, tmp_path, shop_spec):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    args = [command] + ([] if command == "schema" else [str(shop_spec)])
    for out, says in ((tmp_path, "c'est un dossier"), (blocker / "r.html", "un fichier se trouve là où un dossier")):
        result = CliRunner().invoke(app, [*args, "--out", str(out)], env={"KPIGUARD_LANG": "fr"})
        # schema leaves the error to `kpiguard.cli.main`, which prints it and exits 2
        message = result.stderr if result.exit_code == 2 else str(result.exception)
        assert says in message and "choisissez un autre chemin (--out)" in message, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]  # nothing half-written


@pytest.mark.parametrize(("command", "lang", "says"), [
    ("review", "en", "is what this command reads: writing its output there would destroy it"),
    ("report", "fr", "est ce que lit cette commande : y écrire sa sortie le détruirait"),
])
def test_out_is_never_one_of_the_spec_s_data_files(command, lang, says, shop_spec):
    """`review kpis.yaml -o data/orders.parquet` replaced the user's data with the review: data is only read."""
    data = shop_spec.parent / "data"
    table = min(data.glob("*.parquet"))
    before = table.read_bytes()
    result = CliRunner().invoke(app, [command, str(shop_spec), "--out", str(data / ".." / "data" / table.name),
                                      "--lang", lang])
    assert result.exit_code == 2 and says in result.stderr, result.output
    assert table.read_bytes() == before


def test_simulate_refuses_a_file_as_its_folder(tmp_path):
    spec = tmp_path / "kpis.yaml"
    spec.write_text("x")
    result = CliRunner().invoke(app, ["simulate", "--out", str(spec), "--lang", "fr"])
    assert result.exit_code == 2 and "est un fichier, pas un dossier où écrire la boutique ; choisissez un autre --out" in result.stderr
    result = CliRunner().invoke(app, ["simulate", "--out", str(spec / "shop"), "--customers", "200"])
    assert result.exit_code == 2 and "a file is in the way where a folder is expected" in result.stderr


def test_a_spec_is_not_read_from_stdin():
    result = CliRunner().invoke(app, ["validate", "-"], input="version: 1\n")
    assert result.exit_code == 2
    assert "-: cannot read the spec: a spec is not read from stdin ('-'): name its .yaml file" in result.stderr


def test_a_file_of_sentences_that_cannot_be_read_is_explained_in_french(tmp_path):
    result = CliRunner().invoke(app, ["check", "--file", str(tmp_path), "--lang", "fr"])
    assert result.exit_code == 2 and f"{tmp_path} : lecture impossible : c'est un dossier" in result.stderr


def test_rule_speaks_french():
    unknown = CliRunner().invoke(app, ["rule", "KG999", "--lang", "fr"])
    assert unknown.exit_code == 2 and "règle inconnue 'KG999' : `kpiguard rules` les liste" in unknown.stderr
    shown = CliRunner().invoke(app, ["rule", "KG101", "--lang", "fr"]).stdout
    assert "**KPI de part sans garde-fou sur ses valeurs absolues**. Sévérité par défaut : erreur." in shown


def test_demo_refuses_bad_parameters_before_simulating(tmp_path):
    result = CliRunner().invoke(app, ["demo", "--customers", "5", "--lang", "fr"], env={"KPIGUARD_CACHE": str(tmp_path)})
    assert result.exit_code == 2 and "--customers doit valoir au moins 200 (reçu 5)" in result.stderr
    assert "Simulation de la boutique" not in result.stderr and list(tmp_path.iterdir()) == []


def test_report_period_error_says_the_value_once(tmp_path):
    result = CliRunner().invoke(app, ["report", EXAMPLE, "--period", "2026-W54", "--out", str(tmp_path / "r.html")])
    assert result.exit_code == 2 and result.stderr.startswith("--period: malformed period '2026-W54': expected a year")


def test_init_out_is_a_folder(tmp_path):
    sentences = tmp_path / "kpis.txt"
    sentences.write_text("Passer de 8 à 10 M€ de CA email d'ici fin 2026\n", encoding="utf-8")
    for force in ([], ["--force"]):
        result = CliRunner().invoke(app, ["init", "--from", str(sentences), "--out", str(tmp_path), *force])
        assert result.exit_code == 2, result.output
        assert f"{tmp_path} is a folder: --out names the spec file to write, e.g. {tmp_path}/kpis.yaml" in result.stderr


@pytest.mark.parametrize(("args", "says"), [
    (["lint", EXAMPLE, "--select", ""], "--select names no rule: give codes (KG101)"),
    (["lint", EXAMPLE, "--select", " , "], "--select names no rule"),
    (["review", EXAMPLE, "--period", ""], "--period: malformed period ''"),
    (["review", EXAMPLE, "--as-of", " "], "--as-of: ' ' is not a date (write YYYY-MM-DD, e.g. 2026-06-30)"),
])
def test_an_empty_value_is_refused_not_ignored(args, says):
    """`--select "$RULES"` or `--period "$P"` with an empty variable: checking nothing, or the default, is a lie."""
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2 and says in result.stderr, result.output


@pytest.mark.parametrize(("args", "why"), [
    (["review", EXAMPLE, "--as-of", "2026-02-30"], "; 2026-02 has 28 days"),
    (["report", EXAMPLE, "--as-of", "31/12/2026"], "; did you mean 2026-12-31? Dates are written year first, with dashes (YYYY-MM-DD)"),
    (["check", "revenue up 5%", "--today", "2026-13-01"], "; there is no month 13: months go from 01 to 12"),
    # the calendar's edges: the year before 0001 or the day after 9999-12-31 were an OverflowError or a ValueError
    (["check", "revenue up 5% by Q4", "--today", "0001-01-01"], "; kpiguard reads the years 1900 to 2999"),
    (["review", EXAMPLE, "--as-of", "9999-12-31"], "; kpiguard reads the years 1900 to 2999"),
    (["report", EXAMPLE, "--as-of", "0001-01-01"], "; kpiguard reads the years 1900 to 2999"),
])
def test_a_bad_day_says_why(args, why):
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2 and result.stderr.rstrip().endswith(why), result.output


def test_a_day_is_read_as_periods_read_it():
    """`--period 2026-6-30` was accepted and `--as-of 2026-6-30` refused: both are the same day now."""
    result = CliRunner().invoke(app, ["check", "revenue up 5% by the end of the year", "--today", "2026-6-30",
                                      "--format", "json"])
    assert result.exit_code in (0, 1) and '"2026-12-31"' in result.stdout, result.output


@pytest.mark.parametrize("args", [["rules", "-f", "JSON"], ["lint", EXAMPLE, "--format=SARIF", "--fail-on", "Never"]])
def test_choices_ignore_case(args):
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0 and result.stdout.lstrip().startswith(("[", "{")), result.output


@pytest.mark.parametrize(("args", "english", "french"), [
    (["lint", EXAMPLE, "--fail-on", "erreur"], "; did you mean 'error'?", " ; vouliez-vous dire 'error' ?"),
    (["compute", EXAMPLE, "-p", "2026", "--by", "mounth"], "; did you mean 'month'?", "vouliez-vous dire 'month' ?"),
    (["review", EXAMPLE, "--fail-on", "toxik,hollow"], "not-evaluable, worse, unclear; did you mean 'toxic'?",
     "worse, unclear ; vouliez-vous dire 'toxic' ?"),
])
def test_a_wrong_choice_suggests_the_closest(args, english, french):
    assert english in CliRunner().invoke(app, args).stderr
    assert french in CliRunner().invoke(app, [*args, "--lang", "fr"]).stderr


def test_a_file_of_sentences_can_be_stdin():
    result = CliRunner().invoke(app, ["check", "--file", "-", "--today", "2026-01-10"],
                                input="# objectifs\nrevenue up 5% by December\n")
    assert result.exit_code in (0, 1) and "metric      revenue" in result.stdout, result.output


@pytest.mark.parametrize(("typed", "meant"), [("calculer", "compute"), ("Vérifier", "lint"), ("rapport", "report"),
                                              ("aide", "help"), ("reveiw", "review"), ("version", "--version"),
                                              ("completions", "completion")])
def test_an_unknown_command_gets_the_closest_one_french_words_included(typed, meant):
    result = CliRunner().invoke(app, [typed, EXAMPLE, "--lang", "fr"])
    assert result.exit_code == 2 and f"Vouliez-vous dire '{meant}' ?" in result.stderr, result.output


@pytest.mark.parametrize(("typed", "says"), [
    ("KG1O1", "unknown rule 'KG1O1': `kpiguard rules` lists them; did you mean 'KG101'?"),
    ("structure.share-without-absolut", "did you mean 'structure.share-without-absolute'?"),
    ("kg10", "unknown rule 'kg10': `kpiguard rules` lists them\n"),  # as close to KG101 as to KG102: no guess
])
def test_an_unknown_rule_gets_the_closest_when_one_is_clearly_closest(typed, says):
    result = CliRunner().invoke(app, ["rule", typed])
    assert result.exit_code == 2 and says in result.stderr, result.stderr


def test_an_option_has_the_same_short_name_on_every_command():
    """`kpiguard review kpis.yaml -p 2026-Q2` as `kpiguard report` and `compute` take it (review refused `-p`)."""
    import typer

    group = typer.main.get_command(app)
    shorts: dict[str, dict[str, tuple[str, ...]]] = {}
    for name, command in group.commands.items():
        for param in command.get_params(typer.Context(command, info_name=name)):
            short = tuple(sorted(o for o in (*param.opts, *param.secondary_opts) if not o.startswith("--")))
            for option in (o for o in param.opts if o.startswith("--")):
                shorts.setdefault(option, {})[name] = short
    assert {option: by for option, by in shorts.items() if len(set(by.values())) > 1} == {}


def test_review_takes_p_for_its_period(shop_spec):
    long = CliRunner().invoke(app, ["review", str(shop_spec), "--period", "2026-Q2", "-f", "json"])
    short = CliRunner().invoke(app, ["review", str(shop_spec), "-p", "2026-Q2", "-f", "json"])
    assert short.exit_code == long.exit_code == 0, short.output
    assert short.stdout == long.stdout


def test_a_tilde_in_a_path_option_is_the_home_folder(tmp_path, monkeypatch):
    """`--out=~/kpis.yaml` reaches kpiguard unexpanded (no shell expands `~` there): it wrote ./~/kpis.yaml."""
    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    work.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(work)
    (home / "objectives.txt").write_text("Raise the AOV from 65 to 70 EUR by the end of 2026\n", encoding="utf-8")
    assert CliRunner().invoke(app, ["schema", "--out=~/schema.json"]).exit_code == 0
    init = CliRunner().invoke(app, ["init", "--from=~/objectives.txt", "--out=~/kpis.yaml"])
    assert init.exit_code == 0, init.output
    checked = CliRunner().invoke(app, ["check", "--file=~/objectives.txt", "--format", "json"])
    assert checked.exit_code in (0, 1), checked.output
    assert sorted(p.name for p in home.iterdir()) == ["kpis.yaml", "objectives.txt", "schema.json"]
    assert list(work.iterdir()) == []
