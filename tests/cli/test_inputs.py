"""Files a new user brings next to a spec (a pyproject.toml saved in Latin-1, half-written TOML) and paths the
commands write: a message with its place and a way out, exit 2, in the language asked, never a traceback."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from kpiguard.cli import _register, main

_register()
ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "kpis.example.yaml"


def _main(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    """`kpiguard ARGS` as the console script runs it (main(), so that an uncaught error would show)."""
    monkeypatch.setattr(sys, "argv", ["kpiguard", *args])
    with pytest.raises(SystemExit) as stop:
        main()
    captured = capsys.readouterr()
    return stop.value.code, captured.out, captured.err


@pytest.mark.parametrize(("content", "lang", "says"), [
    # a comment with an accent, saved by an editor in Latin-1: tomllib's UnicodeDecodeError was a traceback
    (b'[tool.kpiguard.lint]\nignore = ["KG106"]\n# \xc3\xa9t\xe9\n', "en",
     ":3:5: cannot read this pyproject.toml: the file is not UTF-8 text (byte 0xe9); save it as UTF-8"),
    (b'[tool.kpiguard.lint]\nignore = ["KG106"]\n# \xc3\xa9t\xe9\n', "fr",
     ":3:5: impossible de lire ce pyproject.toml : le fichier n'est pas du texte UTF-8 (octet 0xe9) ; "
     "enregistrez-le en UTF-8"),
    # an unclosed string: the line and column tomllib gives are the location, not part of the sentence
    (b'[tool.kpiguard.lint]\nselect = "KG1\n', "en", ":2:14: invalid TOML: Illegal character '\\n'; fix this"),
    (b'[tool.kpiguard.lint]\nselect = ', "fr", ":2:10: TOML invalide : Invalid value ; corrigez ce pyproject.toml"),
])
def test_a_pyproject_that_does_not_read_is_located_with_a_way_out(content, lang, says, tmp_path, monkeypatch, capsys):
    (tmp_path / "pyproject.toml").write_bytes(content)
    spec = tmp_path / "kpis.yaml"
    spec.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    code, _, err = _main(monkeypatch, capsys, "lint", str(spec), "--lang", lang)
    assert code == 2 and "Traceback" not in err, err
    assert err.startswith(str(tmp_path / "pyproject.toml") + says), err


@pytest.mark.parametrize(("lang", "says"), [
    ("en", "this is a folder; choose another path (--report)"),
    ("fr", "c'est un dossier ; choisissez un autre chemin (--report)"),
])
def test_an_unwritable_report_of_the_demo_names_report_not_out(lang, says, tmp_path, monkeypatch, capsys):
    """The demo has no --out: its --report was refused with "choose another path (--out)", an option it lacks."""
    monkeypatch.setenv("KPIGUARD_CACHE", str(tmp_path / "cache"))
    code, _, err = _main(monkeypatch, capsys, "demo", "--report", str(tmp_path), "--lang", lang)
    assert code == 2 and err.rstrip("\n").endswith(says) and "--out" not in err, err
    assert not (tmp_path / "cache").exists()  # refused before simulating


@pytest.mark.parametrize(("args", "says"), [
    (["report", "."], ".: cannot read the spec: this is a directory; name a .yaml file"),
    (["report", "", "--lang", "fr"], ".: impossible de lire la spec : c'est un dossier ; indiquez un fichier .yaml"),
    (["review", ".", "-o", "review.md"], ".: cannot read the spec: this is a directory; name a .yaml file"),
    (["init", "--from", "."], ".: cannot read: this is a folder"),
])
def test_a_folder_given_as_the_spec_is_said_to_be_a_folder(args, says, tmp_path, monkeypatch, capsys):
    """A folder (or an empty `"$SPEC"`, which is `.`) was taken for a folder of data the output would fall into:
    'report.html is what this command reads: writing its output there would destroy it'."""
    monkeypatch.chdir(tmp_path)
    code, _, err = _main(monkeypatch, capsys, *args)
    assert code == 2 and err.startswith(says) and "destroy" not in err and "détruirait" not in err, err
    assert list(tmp_path.iterdir()) == []
