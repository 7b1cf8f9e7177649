"""Files a new user brings next to a spec (a pyproject.toml saved in Latin-1, half-written TOML) and paths the
commands write: a message with its place and a way out, exit 2, in the language asked, never a traceback."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from kpiguard.cli import _register

from ._console import run_main as _main

_register()
ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "kpis.example.yaml"


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
    (["report", ".", "--lang", "fr"], ".: impossible de lire la spec : c'est un dossier ; indiquez un fichier .yaml"),
    (["review", ".", "-o", "review.md"], ".: cannot read the spec: this is a directory; name a .yaml file"),
    (["init", "--from", "."], ".: cannot read: this is a folder"),
])
def test_a_folder_given_as_the_spec_is_said_to_be_a_folder(args, says, tmp_path, monkeypatch, capsys):
    """A folder was taken for a folder of data the output would fall into (an empty `"$SPEC"` is refused as such):
    'report.html is what this command reads: writing its output there would destroy it'."""
    monkeypatch.chdir(tmp_path)
    code, _, err = _main(monkeypatch, capsys, *args)
    assert code == 2 and err.startswith(says) and "destroy" not in err and "détruirait" not in err, err
    assert list(tmp_path.iterdir()) == []


PARQUET = b"PAR1\x15\x04\x15\x10\x15\x14L\x15\x02\x15\x00\x12\x00\x00\x08\x1c\xd8\xa6binary"
XLSX = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xa0[Content_Types].xml"
UTF16 = "version: 1\nkpis: []\n".encode("utf-16")  # what `kpiguard init -o - > kpis.yaml` writes in PowerShell 5


@pytest.mark.parametrize(("command", "content", "lang", "says"), [
    ("validate", PARQUET, "en", "cannot read the spec: this is a Parquet file, not text; a spec is a YAML text file"),
    ("lint", XLSX, "fr", "impossible de lire la spec : c'est une archive ZIP (un classeur .xlsx ou .ods, un .docx...), "
                         "pas du texte ; une spec est un fichier texte YAML (kpis.yaml)"),
    ("review", UTF16, "en", "cannot read the spec: the file is UTF-16 text (what Windows PowerShell's `>` writes); "
                            "save it as UTF-8"),
])
def test_a_spec_that_is_no_text_says_what_it_is(command, content, lang, says, tmp_path, monkeypatch, capsys):
    """`kpiguard validate data/orders.parquet` was told to save the file as UTF-8 (byte 0xa6)."""
    spec = tmp_path / "kpis.yaml"
    spec.write_bytes(content)
    code, _, err = _main(monkeypatch, capsys, command, str(spec), "--lang", lang)
    assert code == 2 and err == f"{spec}: {says}" + err.split(says, 1)[1], err
    assert "save it as UTF-8" not in err or content == UTF16


@pytest.mark.parametrize(("args", "content", "says"), [
    # a UTF-8 file with a stray byte ("é" in UTF-8, then one in Latin-1): where the byte is, as for a spec
    (["check", "--file"], "Réduire les désabonnements de 20 %\n".encode() + "Réduire le stock\n".encode("latin-1"),
     "{path}:2:2: cannot read: the file is not UTF-8 text (byte 0xe9); save it as UTF-8"),
    (["init", "--out", "-", "--lang", "fr", "--from"], "\ufeffCA +10 %\nMarge : +5 % d'ici déc.\n".encode("utf-8")[:-6]
     + b"d\xe9c.\n", "{path}:2:21: lecture impossible : le fichier n'est pas du texte UTF-8 (octet 0xe9) ; "
                      "enregistrez-le en UTF-8"),
    # the spreadsheet the objectives were typed in
    (["check", "--lang", "fr", "--file"], XLSX,
     "{path} : lecture impossible : c'est une archive ZIP (un classeur .xlsx ou .ods, un .docx...), pas du texte ; "
     "donnez un fichier texte de phrases, une par ligne"),
    (["check", "--file"], None, "{path}: cannot read: this is a folder; give a text file of sentences, one per line"),
])
def test_a_file_of_sentences_that_does_not_read_says_where_and_what_to_give(args, content, says, tmp_path,
                                                                            monkeypatch, capsys):
    path = tmp_path / "objectives.txt"
    if content is None:
        path.mkdir()
    else:
        path.write_bytes(content)
    code, out, err = _main(monkeypatch, capsys, *args, str(path))
    assert (code, out, err) == (2, "", says.format(path=path) + "\n")


@pytest.mark.parametrize(("args", "says"), [
    (["compute", "-p", "1850"], "--period: '1850' is outside the years kpiguard reads (1900 to 2999): check the year"),
    (["explain", "-p", "2026-01-01..3000-01-01", "--lang", "fr"],
     "--period : « 2026-01-01..3000-01-01 » est hors des années que lit kpiguard (1900 à 2999) : vérifiez l'année"),
])
def test_a_period_outside_the_years_read_is_refused_naming_the_option_first(args, says, tmp_path, monkeypatch,
                                                                             capsys):
    """compute and explain let `--period 1850` through to the metrics, which refused it without naming the option
    (and only once the spec had loaded), unlike review and report."""
    code, _, err = _main(monkeypatch, capsys, args[0], str(tmp_path / "not-yet.yaml"), *args[1:])
    assert (code, err) == (2, says + "\n")


LONG = "a" * 300  # more than a file name may hold: pathlib's exists() and is_dir() raise instead of answering


@pytest.mark.parametrize(("args", "says"), [
    (["review", str(EXAMPLE), "-o", "{long}.md"], "{long}.md: cannot write: the name is too long; choose another path "
                                                  "(--out)"),
    (["report", str(EXAMPLE), "-o", "{long}/r.html", "--lang", "fr"],
     "{long}/r.html: écriture impossible : le nom est trop long ; choisissez un autre chemin (--out)"),
    (["init", "--from-sentence", "CA +10 % d'ici 2027", "-o", "{long}.yaml"],
     "{long}.yaml: cannot write: the name is too long; choose another path (--out)"),
    (["demo", "--report", "{long}.html"], "{long}.html: cannot write: the name is too long; choose another path "
                                          "(--report)"),
    (["simulate", "--out", "{long}"], "cannot write the shop in {long}: the name is too long; choose another --out"),
    (["validate", "{long}.yaml", "--lang", "fr"], "{long}.yaml: impossible de lire la spec : le nom est trop long"),
])
def test_a_path_pathlib_cannot_test_is_a_message_not_a_traceback(args, says, tmp_path, monkeypatch, capsys):
    """A name longer than the system allows (or a folder on the way that cannot be searched) made pathlib raise
    OSError from `exists()`: a traceback before any work, where the same path given to write_atomic was a message."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KPIGUARD_CACHE", str(tmp_path / "cache"))
    code, _, err = _main(monkeypatch, capsys, *(a.format(long=LONG) for a in args))
    assert code == 2 and err.startswith(says.format(long=LONG)), err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("args", "says"), [
    (["schema", "-o", "~nosuchuser/kpiguard.schema.json"],
     "--out: no home folder is known for '~nosuchuser/kpiguard.schema.json'; write the path in full"),
    (["check", "--lang", "fr", "--file", "~nosuchuser/objectifs.txt"],
     "--file : aucun dossier personnel n'est connu pour '~nosuchuser/objectifs.txt' ; écrivez le chemin en entier"),
    (["demo", "--report", "~nosuchuser/demo.html"],
     "--report: no home folder is known for '~nosuchuser/demo.html'; write the path in full"),
])
def test_a_tilde_of_a_user_without_a_home_is_refused_not_a_traceback(args, says, tmp_path, monkeypatch, capsys):
    """`~nosuchuser/...`, which no shell expands after `--out=`: pathlib's expanduser raised RuntimeError."""
    monkeypatch.chdir(tmp_path)
    code, _, err = _main(monkeypatch, capsys, *args)
    assert (code, err) == (2, says + "\n")
    assert list(tmp_path.iterdir()) == []


def test_a_table_under_a_tilde_without_a_home_is_a_file_not_found(tmp_path, monkeypatch, capsys):
    spec = tmp_path / "kpis.yaml"
    spec.write_text("version: 1\ndata:\n  tables: {orders: ~nosuchuser/orders.parquet}\n"
                    "kpis:\n  - {id: revenue, metric: revenue, level: outcome}\n", encoding="utf-8")
    code, _, err = _main(monkeypatch, capsys, "review", str(spec))
    assert code == 2 and f"{spec}:3:12: table 'orders': file " in err and "orders.parquet not found" in err, err


def test_the_demo_cache_under_a_tilde_without_a_home_is_refused(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KPIGUARD_CACHE", "~nosuchuser/cache")
    code, _, err = _main(monkeypatch, capsys, "demo", "--lang", "fr")
    assert (code, err) == (2, "$KPIGUARD_CACHE : aucun dossier personnel n'est connu pour '~nosuchuser/cache' ; "
                              "donnez-lui un chemin complet\n")
    assert list(tmp_path.iterdir()) == []


def test_a_shop_simulated_into_a_relative_folder_named_with_a_tilde(tmp_path, monkeypatch):
    """DuckDB reads a leading `~` as the home folder: the spec's FROM values were looked for under $HOME and the
    simulation stopped with DuckDB's IOException."""
    from kpiguard.simulate import simulate

    monkeypatch.chdir(tmp_path)
    result = simulate(Path("~shop"), customers=200)
    assert (tmp_path / "~shop" / "kpis.yaml").is_file() and result.truth["customers"] == 200


@pytest.mark.parametrize(("text", "lang", "says"), [
    ("version: 1\nkpis: {\n", "fr", ":3:1: YAML invalide : il manque une valeur ici : une [liste] ou un {dictionnaire} "
                                    "resté ouvert, ou un ']' ou '}' qui ne ferme rien"),
    ("version: 1\nkpis: ]\n", "en", ":2:7: invalid YAML: a value is missing here: a [list] or {mapping} left open, or "
                                    "a ']' or '}' that closes nothing"),
    ("version: 1\nname: *\n", "fr", ":2:8: YAML invalide : un '&' ou '*' sans nom après lui (les ancres et alias YAML "
                                    "commencent ainsi) : mettez la valeur entre guillemets"),
    ("version: 1\n...\nversion: 2\n", "en", ":3:1: invalid YAML: text after the end of the document ('...') or after "
                                            "a '%' directive; a spec is one document: remove it"),
])
def test_libyaml_complaints_are_said_in_the_users_language_with_a_way_out(text, lang, says, tmp_path, monkeypatch,
                                                                         capsys):
    """French users got libyaml's English ('did not find expected node content (while parsing a flow node)')."""
    spec = tmp_path / "kpis.yaml"
    spec.write_text(text, encoding="utf-8")
    code, _, err = _main(monkeypatch, capsys, "validate", str(spec), "--lang", lang)
    assert (code, err) == (2, f"{spec}{says}\n")


def test_a_period_given_twice_is_computed_once(shop_spec, monkeypatch, capsys):
    """`-p 2025 -p 2025` (or the same days written as a range) gave the same CSV row twice: a pivot summed it twice."""
    code, out, _ = _main(monkeypatch, capsys, "compute", str(shop_spec), "-m", "revenue", "-f", "csv", "-p", "2025-01",
                         "-p", "2025-01", "-p", "2025-01-01..2025-01-31", "-p", "2025-02")
    rows = out.strip().splitlines()[1:]
    assert code == 0 and [row.split(",")[1] for row in rows] == ["2025-01", "2025-02"], out


@pytest.mark.parametrize(("command", "lang", "says"), [
    ("compute", "en", "--by year: 2025-Q2 fits inside one point of the series, 2025, which reaches beyond"),
    ("explain", "fr", "--by year : 2025-Q2 tient dans un seul point de la série, 2025, qui déborde"),
])
def test_a_grain_coarser_than_the_period_is_refused(command, lang, says, shop_spec, monkeypatch, capsys):
    """`compute -p 2025-Q2 --by year` printed the whole year 2025 beside the quarter, as if part of the answer."""
    code, out, err = _main(monkeypatch, capsys, command, str(shop_spec), "-m", "revenue", "-p", "2025-Q2",
                           "--by", "year", "--lang", lang)
    assert code == 2 and says in err and "--by month" in err and not out, err
    # a grain at most as long as one of the periods is a series of it: the quarter, month by month
    code, out, _ = _main(monkeypatch, capsys, "compute", str(shop_spec), "-m", "revenue", "-f", "csv",
                         "-p", "2025-Q2", "-p", "2025-03-05", "--by", "quarter")
    assert code == 0 and ",2025-Q1," in out and ",2025-Q2," in out, out


@pytest.mark.parametrize("command", ["lint", "validate"])
def test_a_spec_named_twice_is_read_once(command, tmp_path, monkeypatch, capsys):
    """`kpiguard lint kpis.yaml specs/*.yaml` with kpis.yaml in the glob reported (and counted) its findings twice."""
    import json

    spec = tmp_path / "kpis.yaml"
    spec.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    _, once, _ = _main(monkeypatch, capsys, command, "kpis.yaml", "-f", "json")
    _, twice, _ = _main(monkeypatch, capsys, command, "kpis.yaml", "./kpis.yaml", str(spec), "-f", "json")
    assert json.loads(twice) == json.loads(once) and json.loads(once), twice


@pytest.mark.parametrize(("command", "usage"), [
    ("review", "Usage: kpiguard review [OPTIONS] SPEC"),
    ("lint", "Usage : kpiguard lint [OPTIONS] SPEC..."),
    ("rule", "Usage: kpiguard rule [OPTIONS] CODE"),
])
def test_the_usage_line_writes_arguments_as_the_docs_do(command, usage, monkeypatch, capsys):
    """typer wrote `kpiguard review [OPTIONS] {SPEC}`: braces read as a choice in a usage line; README says SPEC."""
    lang = "fr" if usage.startswith("Usage :") else "en"
    code, out, _ = _main(monkeypatch, capsys, command, "--help", "--lang", lang)
    first = out.splitlines()[0]
    prefix, _, rest = usage.partition("kpiguard")
    assert code == 0 and first.startswith(prefix) and first.endswith("kpiguard" + rest), out


@pytest.mark.parametrize(("args", "says"), [
    (["schema", "-o", "schemas/"], "Error: Invalid value for '--out' / '-o': 'schemas/' ends with '/': it names a "
                                   "folder; name the file to write in it (schemas/<file>)"),
    (["init", "--from-sentence", "CA +10 % d'ici 2027", "--lang", "fr", "-o", "specs/"],
     "Erreur : Valeur invalide pour '--out' / '-o' : 'specs/' se termine par '/' : il désigne un dossier ; nommez le "
     "fichier à y écrire (specs/<fichier>)"),
    (["report", str(EXAMPLE), "--out=reports/"], "'reports/' ends with '/': it names a folder"),
    (["demo", "--report", "reports/"], "Error: Invalid value for '--report': 'reports/' ends with '/'"),
])
def test_an_output_file_written_as_a_folder_is_refused(args, says, tmp_path, monkeypatch, capsys):
    """`-o reports/` wrote a file named `reports` (a Path forgets its trailing slash)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KPIGUARD_CACHE", str(tmp_path / "cache"))
    code, _, err = _main(monkeypatch, capsys, *args)
    assert code == 2 and says in err, err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("value", "lang", "says"), [
    ("", "en", "--fail-on names no verdict: give a comma-separated list of hollow, toxic"),
    (" , ", "fr", "--fail-on ne nomme aucun verdict : donnez une liste séparée par des virgules parmi hollow, toxic"),
])
def test_review_refuses_an_empty_fail_on(value, lang, says, monkeypatch, capsys):
    """`kpiguard review kpis.yaml --fail-on "$VERDICTS"` with the variable unset in CI never failed, silently."""
    code, out, err = _main(monkeypatch, capsys, "review", str(EXAMPLE), "--fail-on", value, "--lang", lang)
    assert code == 2 and err.startswith(says) and out == "", err


@pytest.mark.parametrize(("text", "lang", "says"), [
    ("version: 1\nkpis:\n  - id: a\n\u00a0   metric: revenue\n    level: outcome\n", "en",
     ":4:1: invalid YAML: a no-break or other Unicode space (U+00A0) in the indentation"),
    ("version: 1\nkpis:\n\u00a0 - id: a\n    metric: revenue\n", "fr",
     ":3:1: YAML invalide : une espace insécable ou autre espace Unicode (U+00A0) dans l'indentation"),
])
def test_a_no_break_space_in_the_indentation_is_located(text, lang, says, tmp_path, monkeypatch, capsys):
    """A spec pasted from a web page: YAML read the no-break space as text and blamed the next line's ':' (or said
    that kpis was empty)."""
    spec = tmp_path / "kpis.yaml"
    spec.write_text(text, encoding="utf-8")
    code, _, err = _main(monkeypatch, capsys, "validate", str(spec), "--lang", lang)
    assert code == 2 and err.startswith(f"{spec}{says}"), err


@pytest.mark.parametrize(("name", "options", "starts"), [
    ("review.html", [], "<!DOCTYPE html>"),
    ("review.JSON", [], "{"),
    ("review.md", [], "## KPI review"),
    ("review.txt", [], "KPI review"),
    ("review.html", ["--format", "md"], "## KPI review"),  # an explicit --format wins
])
def test_a_review_written_to_a_file_takes_the_format_its_extension_names(name, options, starts, shop_spec, tmp_path,
                                                                        monkeypatch, capsys):
    """`kpiguard review kpis.yaml -o review.html` wrote the text review into an .html file, which a browser showed
    as one paragraph."""
    out = tmp_path / name
    code, said, err = _main(monkeypatch, capsys, "review", str(shop_spec), "--as-of", "2025-06-30", "-o", str(out),
                            *options)
    assert code == 0 and said == f"{out}\n", err
    assert out.read_text(encoding="utf-8").startswith(starts)


@pytest.mark.parametrize(("args", "says"), [
    (["validate", ""], "Error: Invalid value for 'SPEC': the path is empty (an unset variable?): name a file"),
    (["lint", str(EXAMPLE), "", "--lang", "fr"],
     "Erreur : Valeur invalide pour 'SPEC' : le chemin est vide (une variable non définie ?) : indiquez un fichier"),
    (["review", str(EXAMPLE), "-o", ""], "Error: Invalid value for '--out' / '-o': the path is empty"),
    (["report", str(EXAMPLE), "--out="], "Error: Invalid value for '--out' / '-o': the path is empty"),
    (["check", "--file", ""], "Error: Invalid value for '--file': the path is empty"),
    (["init", "--from", "", "--lang", "fr"], "Erreur : Valeur invalide pour '--from' : le chemin est vide"),
])
def test_an_empty_path_is_refused_not_read_as_the_current_folder(args, says, monkeypatch, capsys, tmp_path):
    """`kpiguard review "$SPEC"` or `--out "$OUT"` with the variable unset: pathlib read "" as `.`, and the command
    answered ".: cannot read the spec: this is a directory" about a folder the user never named."""
    monkeypatch.chdir(tmp_path)
    code, out, err = _main(monkeypatch, capsys, *args)
    assert code == 2 and out == "" and says in err and ".:" not in err, err
    assert list(tmp_path.iterdir()) == []


def test_an_empty_sentence_is_still_skipped_not_taken_for_a_path(monkeypatch, capsys):
    code, out, _ = _main(monkeypatch, capsys, "check", "", "revenue up 5% by December", "--today", "2026-01-15")
    assert code in (0, 1) and out.startswith('"revenue up 5% by December"')


@pytest.mark.parametrize(("args", "says"), [
    (["check", "--file", "{spec}"], "{spec}:53:1: this `kpis:` makes it a KPI spec, not sentences one per line: lint it "
                                    "with `kpiguard lint {spec}`\n"),
    (["init", "--from", "{spec}", "-o", "{out}", "--lang", "fr"],
     "{spec}:53:1: ce `kpis:` en fait une spec de KPI, pas des phrases une par ligne : vérifiez-la avec "
     "`kpiguard lint {spec}`\n"),
])
def test_a_spec_given_as_sentences_is_sent_to_lint(args, says, tmp_path, monkeypatch, capsys):
    """`kpiguard check --file kpis.yaml` (check taken for lint) checked the spec's 56 YAML lines as sentences and
    called 16 of them understood, exit 0."""
    spec = tmp_path / "kpis.yaml"
    spec.write_bytes(EXAMPLE.read_bytes())
    out = tmp_path / "new.yaml"
    code, stdout, err = _main(monkeypatch, capsys, *(a.format(spec=spec, out=out) for a in args))
    assert (code, stdout, err) == (2, "", says.format(spec=spec))
    assert not out.exists()


@pytest.mark.parametrize(("lang", "says"), [
    ("en", "; KPI sentences, one per line? `kpiguard init --from {path}` writes a spec from them\n"),
    ("fr", " ; des phrases de KPI, une par ligne ? `kpiguard init --from {path}` en écrit une spec\n"),
])
def test_sentences_given_as_a_spec_are_sent_to_init(lang, says, tmp_path, monkeypatch, capsys):
    """`kpiguard lint objectives.txt` (lint taken for check) said only that a spec must be a YAML mapping."""
    path = tmp_path / "objectives.txt"
    path.write_text("Faire 25 % du CA mensuel via email\nReduce churn by 10% by Q3 2027\n", encoding="utf-8")
    code, out, err = _main(monkeypatch, capsys, "lint", str(path), "--lang", lang)
    assert code == 2 and out == "" and err.startswith(f"{path}:1:1: ") and err.endswith(says.format(path=path)), err


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal is POSIX")
@pytest.mark.parametrize(("lang", "says"), [
    ("en", "reading KPI sentences from the terminal, one per line: end with Ctrl-D"),
    ("fr", "lecture des phrases de KPI au terminal, une par ligne : terminez par Ctrl-D"),
])
def test_check_dash_at_a_terminal_says_it_waits_for_sentences(lang, says):
    """`kpiguard check -` typed at a prompt waited in silence, as if it hung; a pipe (`echo ... | check -`) is not
    told anything."""
    import os
    import pty
    import subprocess

    controller, terminal = pty.openpty()
    try:
        run = subprocess.Popen([sys.executable, "-m", "kpiguard", "check", "-", "--lang", lang], stdin=terminal,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
        os.write(controller, b"revenue up 5% by December\n\x04")
        out, err = run.communicate(timeout=60)
    finally:
        os.close(controller)
        os.close(terminal)
    assert says in err.decode("utf-8") and b"revenue up 5% by December" in out, err
    piped = subprocess.run([sys.executable, "-m", "kpiguard", "check", "-"], input=b"revenue up 5% by December\n",
                           capture_output=True, cwd=ROOT, timeout=60)
    assert piped.stderr == b"" and piped.stdout.startswith(b'"revenue up 5% by December"'), piped.stderr


@pytest.mark.parametrize(("name", "lang", "says"), [
    ("review.json", "en", "--out {out}: `kpiguard report` writes an HTML page, not JSON; write it to a .html file, or "
                          "get the review as JSON with `kpiguard review {spec} -o {out}`"),
    ("revue.md", "fr", "--out {out} : `kpiguard report` écrit une page HTML, pas du Markdown ; écrivez-la dans un "
                       "fichier .html, ou obtenez la revue en Markdown avec `kpiguard review {spec} -o {out}`"),
])
def test_a_report_asked_into_a_file_of_another_format_points_to_review(name, lang, says, tmp_path, monkeypatch,
                                                                        capsys):
    # `report -o review.json` wrote an HTML page into review.json, after the whole review
    spec, out = tmp_path / "kpis.yaml", tmp_path / name
    spec.write_text("version: 1\nkpis: []\n", encoding="utf-8")
    code, stdout, err = _main(monkeypatch, capsys, "report", str(spec), "-o", str(out), "--lang", lang)
    assert (code, stdout, err.strip()) == (2, "", says.format(out=out, spec=spec))
    assert not out.exists()


@pytest.mark.parametrize(("args", "says"), [
    (["check", "--today", "2026-01-15", "--file"],
     "{path}: not UTF-8: read as Windows-1252 (as Excel and Notepad save text on a French Windows); save it as UTF-8 "
     "if its accents look wrong\n"),
    (["init", "--out", "-", "--lang", "fr", "--today", "2026-01-15", "--from"],
     "{path} : pas en UTF-8 : lu en Windows-1252 (l'encodage d'Excel et du Bloc-notes sous Windows en français) ; "
     "enregistrez-le en UTF-8 si ses accents sont faux\n"),
])
def test_a_file_of_sentences_saved_in_windows_1252_is_read_and_said(args, says, tmp_path, monkeypatch, capsys):
    """A file of sentences saved by Excel or Notepad on a French Windows ("é" as E9, "€" as 80, "’" as 92) was
    refused ("not UTF-8 text (byte 0xe9)"), where the CSV exports of the same user are read: it is read as
    Windows-1252, and said."""
    path = tmp_path / "objectifs.txt"
    path.write_bytes("Réduire le stock dormant de 20 % d’ici fin 2027\nAtteindre 10 M€ de CA en 2027\n".encode("cp1252"))
    code, out, err = _main(monkeypatch, capsys, *args, str(path))
    assert code in (0, 1) and err.startswith(says.format(path=path)), err
    assert "dormant_stock_units" in out and "d’ici fin 2027" in out.replace("d'ici", "d’ici") and "10 M€" in out
