"""Help in English or French: `--lang fr` anywhere on the command line, or $KPIGUARD_LANG=fr; English by default."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from kpiguard.cli import _register, app
from kpiguard.cli._help import CONFLICTS, FRENCH

_register()
ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = str(ROOT / "examples" / "kpis.example.yaml")


def _tree():
    """(path, click command) for the group and every command under it."""
    group = typer.main.get_command(app)
    found = [("kpiguard", group)]
    for name, command in group.commands.items():
        found.append((f"kpiguard {name}", command))
    return found


COMMANDS = sorted(group.commands) if (group := typer.main.get_command(app)) else []


def _squeezed(text: str) -> str:
    """Without any white space: the help is wrapped to the terminal (and French puts no-break spaces)."""
    return "".join(text.split())


def _params(path, command):
    ctx = typer.Context(command, info_name=path)
    return [param for param in command.get_params(ctx) if not getattr(param, "hidden", False)]


@pytest.mark.parametrize(("path", "command"), _tree(), ids=[p for p, _ in _tree()])
def test_every_command_and_option_has_help_in_english_and_french(path, command):
    missing = []
    texts = [(path, command.help)] + [(f"{path} {param.opts[0] if param.opts else param.name}", param.help)
                                      for param in _params(path, command)]
    for where, text in texts:
        english = inspect.cleandoc(text or "")
        if not english:
            missing.append(f"{where}: no help")
        elif english not in FRENCH:
            missing.append(f"{where}: no French for {english!r}")
        elif FRENCH[english] == english:
            missing.append(f"{where}: the French is the English")
    assert not missing, "\n".join(missing)


def test_no_english_help_has_two_french_texts():
    assert CONFLICTS == []


def _option_helps(command_name: str) -> list[str]:
    command = typer.main.get_command(app).commands[command_name]
    return [inspect.cleandoc(p.help) for p in _params(command_name, command)]


FRENCH_WAYS = {
    "--lang fr first": lambda c: (["--lang", "fr", c, "--help"], {}),
    "--lang after --help": lambda c: ([c, "--help", "--lang", "fr"], {}),
    "--lang=fr": lambda c: ([c, "--lang=fr", "-h"], {}),
    "KPIGUARD_LANG": lambda c: ([c, "--help"], {"KPIGUARD_LANG": "fr_FR.UTF-8"}),
    "LANG": lambda c: ([c, "--help"], {"LANG": "fr_FR.UTF-8"}),
}


@pytest.mark.parametrize("way", sorted(FRENCH_WAYS))
@pytest.mark.parametrize("command", COMMANDS)
def test_help_is_in_french_when_asked(command, way):
    args, env = FRENCH_WAYS[way](command)
    result = CliRunner().invoke(app, args, env=env)
    assert result.exit_code == 0, result.output
    shown = _squeezed(result.stdout)
    group = typer.main.get_command(app)
    assert _squeezed(FRENCH[inspect.cleandoc(group.commands[command].help)]) in shown
    for english in _option_helps(command):
        assert _squeezed(FRENCH[english]) in shown, english
        assert _squeezed(english) not in shown
    assert result.stdout.startswith("Usage : ") and "Options :" in result.stdout
    assert "[OPTIONS]" in result.stdout and "default:" not in result.stdout and "required]" not in result.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_help_is_in_english_by_default(command):
    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0 and result.stdout.startswith("Usage: "), result.output
    shown = _squeezed(result.stdout)
    for english in _option_helps(command):
        assert _squeezed(english) in shown


def test_the_group_help_lists_the_commands_in_french():
    result = CliRunner().invoke(app, ["--help"], env={"KPIGUARD_LANG": "fr"})
    assert "Commandes :" in result.stdout and "COMMANDE [ARGS]..." in result.stdout
    assert "Vérifier que des fichiers de spec se chargent" in result.stdout
    assert "Check that spec files load" not in result.stdout



@pytest.mark.parametrize("args", [["--lang", "fr"], ["--lang=fr_FR.UTF-8"], ["--lang", "en", "--lang", "fr"]])
def test_kpiguard_with_only_a_language_is_kpiguard_alone_in_that_language(args):
    """`kpiguard --lang fr`, a French user's first try, said "Il manque la commande : `kpiguard --help` les liste",
    and `kpiguard --help` then listed them in English. It shows the help, as `kpiguard` alone does."""
    alone = CliRunner().invoke(app, [])
    result = CliRunner().invoke(app, args)
    assert result.exit_code == alone.exit_code == 2
    assert "Commandes :" in result.stderr and "Exemples :" in result.stderr and "Il manque" not in result.stderr
    assert "Commands:" in alone.stderr
    refused = CliRunner().invoke(app, ["--lang", "de"])
    assert refused.exit_code == 2 and "--lang: unsupported language 'de'" in refused.stderr


def test_the_last_lang_on_the_command_line_wins_over_the_environment():
    english = CliRunner().invoke(app, ["review", "--help", "--lang", "en"], env={"KPIGUARD_LANG": "fr"})
    assert "Judge every KPI on the data" in english.stdout
    french = CliRunner().invoke(app, ["--lang", "en", "review", "--lang", "fr", "--help"])
    assert "Juger chaque KPI sur les données" in french.stdout


def test_arguments_show_a_readable_kind():
    """typer shows an argument's Python type (`SPEC <list[Path]>`, `CODE <str>`)."""
    assert "SPEC <path>...  Spec files to lint." in CliRunner().invoke(app, ["lint", "--help"]).stdout
    assert "\n  CODE  A rule code" in CliRunner().invoke(app, ["rule", "--help"]).stdout
    assert "<list[" not in CliRunner().invoke(app, ["check", "--help"]).stdout


@pytest.mark.parametrize(("args", "env", "says"), [
    (["--lang", "fr", "validate", EXAMPLE], {}, ": valide ("),
    (["--lang", "fr", "validate", EXAMPLE], {"KPIGUARD_LANG": "en"}, ": valide ("),
    (["--lang", "fr", "validate", EXAMPLE, "--lang", "en"], {}, ": valid ("),
    (["--lang", "fr", "check", "revenue up 5% by December"], {}, "  métrique "),
    (["--lang", "fr", "rule", "KG101"], {"KPIGUARD_LANG": "de"}, "Sévérité par défaut : erreur."),
])
def test_lang_before_the_command_holds_for_the_command(args, env, says):
    result = CliRunner().invoke(app, args, env=env)
    assert result.exit_code in (0, 1) and says in result.stdout, result.output


def test_an_unsupported_lang_before_the_command_is_refused():
    result = CliRunner().invoke(app, ["--lang", "de", "validate", EXAMPLE])
    assert result.exit_code == 2 and "--lang: unsupported language 'de'" in result.stderr


@pytest.mark.parametrize("args", [["--colour", "--lang", "fr"], ["--lang", "fr", "--colour"]])
def test_an_error_in_the_group_options_is_in_french(args):
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2 and "Erreur : Option inconnue : --colour" in result.stderr, result.output
    assert "Essayez 'kpiguard -h' pour l'aide." in result.stderr


def test_schema_speaks_french_too(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    result = CliRunner().invoke(app, ["--lang", "fr", "schema", "--out", str(blocker / "s.json")])
    assert "un fichier se trouve là où un dossier est attendu" in str(result.exception) + result.stderr


@pytest.mark.parametrize("argv", [("--help",), ("lint", "--help"), ("--lang", "fr", "review", "--help")])
def test_help_loads_neither_the_engine_nor_the_spec_models(argv, modules_loaded_by):
    """Start-up stays fast: help needs no engine, no dataframe library and no spec parser."""
    assert modules_loaded_by(*argv, lang="fr", also=("kpiguard.metrics", "kpiguard.spec")) == []


def test_help_command_is_the_commands_help():
    french = CliRunner().invoke(app, ["help", "review", "--lang", "fr"])
    assert french.exit_code == 0 and "Juger chaque KPI sur les données" in french.stdout, french.output
    assert "Commandes :" in CliRunner().invoke(app, ["--lang", "fr", "help"]).stdout
    typo = CliRunner().invoke(app, ["help", "reveiw"])
    assert typo.exit_code == 2 and "No such command 'reveiw'. Did you mean 'review'?" in typo.stderr


def test_value_placeholders_are_in_french_too():
    shown = CliRunner().invoke(app, ["--lang", "fr", "check", "--help"]).stdout
    assert "[PHRASE]..." in shown and "--file <chemin>" in shown and "<path>" not in shown
    shown = CliRunner().invoke(app, ["--lang", "fr", "init", "--help"]).stdout
    assert "--from-sentence <phrase>" in shown and "<sentence>" not in shown
    error = CliRunner().invoke(app, ["--lang", "fr", "simulate", "--customers", "x", "-o", "y"]).stderr
    assert "Usage : kpiguard simulate [OPTIONS]" in error and "un entier attendu" in error
