"""Ctrl-C, a reader that goes away, `-` for stdout, output paths and colours: what a user of a terminal or a
pipeline notices."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from kpiguard.cli import _register, app
from kpiguard.errors import DataError, Diagnostic

from ._console import run_main as _main

_register()
ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = str(ROOT / "examples" / "kpis.example.yaml")
SENTENCE = "Passer de 8 à 10 M€ de CA email d'ici fin 2026"


def test_ctrl_c_during_a_command_exits_130_with_one_line_and_no_file(monkeypatch, capsys, tmp_path):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("kpiguard.report.report_html", interrupted)
    code, out, err = _main(monkeypatch, capsys, "report", EXAMPLE, "-o", str(tmp_path / "r.html"), "--lang", "fr")
    assert (code, out, err) == (130, "", "kpiguard : interrompu (Ctrl-C)\n")
    assert list(tmp_path.iterdir()) == []


def test_an_error_that_ctrl_c_caused_is_not_shown_as_the_users(monkeypatch, capsys, tmp_path):
    """DuckDB turns the KeyboardInterrupt of a running query into an error of its own (`'pandas' is required`)."""
    def engine(*args, **kwargs):
        try:
            signal.raise_signal(signal.SIGINT)
        except KeyboardInterrupt:
            raise DataError(Diagnostic("cannot read the times of table 'orders': 'pandas' is required")) from None

    monkeypatch.setattr("kpiguard.report.report_html", engine)
    code, _, err = _main(monkeypatch, capsys, "report", EXAMPLE, "-o", str(tmp_path / "r.html"))
    assert (code, err) == (130, "kpiguard: interrupted (Ctrl-C)\n")


@pytest.mark.parametrize("terminal", [True, False])
def test_ctrl_c_at_the_init_prompt_is_not_aborted_with_exit_1(terminal, monkeypatch, capsys, tmp_path):
    def prompt(*args, **kwargs):  # click's prompt turns Ctrl-C into Abort ("Aborted!", exit 1)
        try:
            signal.raise_signal(signal.SIGINT)
        except KeyboardInterrupt:
            raise typer.Abort() from None

    class Keyboard:
        def isatty(self) -> bool:  # a keyboard is a terminal: init prompts for each sentence
            return True

        def readline(self) -> str:
            signal.raise_signal(signal.SIGINT)
            return ""

    monkeypatch.setattr(typer, "prompt", prompt)
    monkeypatch.setattr(sys, "stdin", Keyboard())
    monkeypatch.setattr(sys.stdout, "isatty", lambda: terminal)
    code, _, err = _main(monkeypatch, capsys, "init", "--out", str(tmp_path / "kpis.yaml"))
    assert code == 130 and err.endswith("kpiguard: interrupted (Ctrl-C)\n"), err
    assert "Aborted" not in err and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("lang", "prompt"), [("fr", "Phrase de KPI (ligne vide pour terminer)\u00a0: "),
                                              ("en", "KPI sentence (empty line to finish): ")])
def test_the_init_prompt_ends_with_the_colon_of_its_language(lang, prompt, monkeypatch, capsys, tmp_path):
    """click adds ": " to a prompt: the French one read "(ligne vide pour terminer): "."""
    answers = iter(["Faire 25 % du CA via email\n", "\n"])

    class Keyboard:
        def isatty(self) -> bool:
            return True

        def readline(self) -> str:
            return next(answers)

    monkeypatch.setattr(sys, "stdin", Keyboard())
    monkeypatch.setattr(sys.stdout, "isatty", lambda: False)  # the prompt goes to stderr, where capsys sees it
    code, _, err = _main(monkeypatch, capsys, "init", "--out", str(tmp_path / "kpis.yaml"), "--lang", lang)
    assert code == 0 and err == prompt * 2, err


def test_the_end_of_piped_sentences_ends_init(tmp_path):
    """`echo SENTENCE | kpiguard init`: the end of the input is the end of the sentences, not "Aborted!"."""
    result = CliRunner().invoke(app, ["init", "--out", str(tmp_path / "kpis.yaml"), "--today", "2026-01-10"],
                                input=SENTENCE + "\n")
    assert result.exit_code == 0, result.output
    assert "email_revenue" in (tmp_path / "kpis.yaml").read_text(encoding="utf-8")


def test_init_writes_the_spec_to_stdout_with_the_prompts_aside(tmp_path):
    run = subprocess.run([sys.executable, "-m", "kpiguard", "init", "--out", "-", "--today", "2026-01-10"],
                         input=SENTENCE + "\n", capture_output=True, text=True, cwd=tmp_path, timeout=60,
                         env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("# Une première spec de KPI") and "metric: email_revenue" in run.stdout
    assert "Phrase de KPI" not in run.stdout and "kpiguard lint kpis.yaml" in run.stdout
    assert "spec écrite sur la sortie standard : 1 KPI" in run.stderr
    assert list(tmp_path.iterdir()) == []  # no file named "-"


@pytest.mark.parametrize("args", [["schema", "-o", "-"], ["schema", "--out=-"]])
def test_dash_is_stdout(args, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0 and result.stdout.startswith("{"), result.output
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("args", "says"), [(["simulate", "--out", "-"], "'-' (stdout) cannot hold it"),
                                            (["demo", "--report", "-"], "'-' (stdout) already holds the story")])
def test_dash_is_refused_where_stdout_cannot_be_the_output(args, says, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, args, env={"KPIGUARD_CACHE": str(tmp_path / "cache")})
    assert result.exit_code == 2 and says in result.stderr, result.output
    assert list(tmp_path.iterdir()) == []  # no file named "-", nothing simulated


@pytest.mark.parametrize("command", ["review", "report"])
def test_an_out_that_cannot_be_written_is_said_before_the_work(command, tmp_path):
    """The example's data does not exist: the --out error comes first, not after a review of the data."""
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    result = CliRunner().invoke(app, [command, EXAMPLE, "--out", str(blocker / "out.md"), "--lang", "fr"])
    assert result.exit_code == 2, result.output
    assert "un fichier se trouve là où un dossier est attendu" in result.stderr
    assert "not found" not in result.stderr and "introuvable" not in result.stderr


def test_an_out_in_a_folder_that_cannot_be_written(tmp_path, monkeypatch):
    locked = tmp_path / "locked"
    locked.mkdir()
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode, **kw: Path(path) != locked and real_access(path, mode))
    result = CliRunner().invoke(app, ["review", EXAMPLE, "--out", str(locked / "sub" / "r.md")])
    assert result.exit_code == 2 and "permission denied; choose another path (--out)" in result.stderr


def _closed_pipe(*args: str) -> subprocess.CompletedProcess:
    """Run kpiguard with a stdout whose reader has already gone, as `kpiguard ... | head -0` does."""
    read, write = os.pipe()
    os.close(read)
    try:
        run = subprocess.run([sys.executable, "-m", "kpiguard", *args], stdout=write, stderr=subprocess.PIPE,
                             text=True, timeout=120, cwd=ROOT, env={**os.environ, "KPIGUARD_LANG": "en"})
    finally:
        os.close(write)
    return run


@pytest.mark.parametrize(("args", "code"), [(("rules",), 0), (("lint", EXAMPLE), 1), (("schema",), 0),
                                           (("-h",), 0), (("--lang", "fr", "review", "-h"), 0), (("help", "lint"), 0)])
def test_a_reader_that_goes_away_leaves_the_commands_own_exit_code(args, code):
    run = _closed_pipe(*args)
    assert run.returncode == code, run.stderr  # lint: 1 for its findings, not for the pipe
    assert "Traceback" not in run.stderr and "BrokenPipe" not in run.stderr


@pytest.mark.parametrize(("args", "code"), [(("validate", "{tmp}/missing.yaml"), 2), (("lint", "--format", "xml", "x"), 2),
                                           (("no-such-command",), 2), (("check",), 2), (("rules",), 0)])
def test_errors_piped_with_the_output_into_a_reader_that_went_keep_their_exit_code(args, code, tmp_path):
    """`kpiguard validate bad.yaml 2>&1 | head -1`: the message on stderr met the closed pipe, and the user error
    exited 1 (a BrokenPipeError, its traceback lost in the same pipe) instead of 2."""
    read, write = os.pipe()
    os.close(read)
    try:
        run = subprocess.run([sys.executable, "-m", "kpiguard", *(a.replace("{tmp}", str(tmp_path)) for a in args)],
                             stdout=write, stderr=write, timeout=120, cwd=ROOT, env={**os.environ, "KPIGUARD_LANG": "en"})
    finally:
        os.close(write)
    assert run.returncode == code


@pytest.mark.slow
def test_ctrl_c_during_a_simulation_leaves_nothing_behind(tmp_path):
    out = tmp_path / "shop"
    process = subprocess.Popen([sys.executable, "-m", "kpiguard", "simulate", "--out", str(out)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                               env={**os.environ, "KPIGUARD_LANG": "en"})
    deadline = time.monotonic() + 60
    while not (out / "data").exists() and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert stderr.strip().splitlines()[-1] == "kpiguard: interrupted (Ctrl-C)" and "Traceback" not in stderr
    assert stdout == "" and not out.exists()  # the same command can run again


@pytest.mark.parametrize(("env", "tty", "wanted"), [
    ({}, True, True), ({}, False, False), ({"NO_COLOR": "1"}, True, False), ({"TERM": "dumb"}, True, False),
    ({"FORCE_COLOR": "1"}, False, True), ({"NO_COLOR": "1", "FORCE_COLOR": "1"}, True, False),
])
def test_colours_only_where_they_show(env, tty, wanted, monkeypatch):
    from kpiguard.cli._common import color_wanted

    for name in ("NO_COLOR", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)

    class Stream:
        def isatty(self) -> bool:
            return tty

    assert color_wanted(Stream()) is wanted


def _kpiguard(*args: str, stdout) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kpiguard", *args], stdout=stdout, stderr=subprocess.PIPE, text=True,
                          timeout=120, cwd=ROOT, env={**os.environ, "KPIGUARD_LANG": "en"})


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize(("args", "says"), [
    (("rules",), "cannot write the output (stdout): no space left on the device"),
    (("lint", EXAMPLE, "--lang", "fr"), "impossible d'écrire la sortie (stdout) : plus de place sur le disque"),
    (("--lang", "fr", "review", "--help"), "impossible d'écrire la sortie (stdout) : plus de place sur le disque"),
    (("--version",), "cannot write the output (stdout): no space left on the device"),
])
def test_a_full_disk_on_stdout_is_a_message_not_a_traceback(args, says):
    with open("/dev/full", "w") as full:
        run = _kpiguard(*args, stdout=full)
    assert run.returncode == 2 and run.stderr == says + "\n"


def test_a_closed_stdout_is_a_message_not_a_traceback():
    run = subprocess.run([sys.executable, "-c", "import os, runpy, sys; os.close(1); sys.stdout = None; "
                          "sys.argv = ['kpiguard', 'rules']; runpy.run_module('kpiguard', run_name='__main__')"],
                         stderr=subprocess.PIPE, text=True, timeout=60, cwd=ROOT, env={**os.environ, "KPIGUARD_LANG": "en"})
    assert run.returncode == 2 and run.stderr == "cannot write the output (stdout): it is closed\n"


def test_binary_data_piped_as_sentences_is_refused():
    """`kpiguard check - < orders.parquet` was read as 4,588 garbled "sentences"."""
    result = CliRunner().invoke(app, ["check", "-", "--lang", "fr"], input=b"PAR1\x15\x04\xd8\xff\x00binary")
    assert result.exit_code == 2 and "- (stdin) : lecture impossible : c'est un fichier Parquet, pas du texte" in \
        result.stderr, result.output


@pytest.mark.parametrize(("args", "says"), [
    (("check", "-"), "nothing to check: give a sentence, `--file FILE` (one per line) or `-` to read stdin"),
    (("init", "--out", "{tmp}/kpis.yaml"), "nothing to write: type a KPI sentence at the prompt, or give them with "
                                           "--from FILE (one per line) or --from-sentence"),
])
def test_a_closed_stdin_is_nothing_to_read_not_a_traceback(args, says, tmp_path):
    """init's way out named check's options (`--file FILE`, `-`), which init does not have."""
    run = subprocess.run([sys.executable, "-m", "kpiguard", *(a.replace("{tmp}", str(tmp_path)) for a in args)],
                         capture_output=True, text=True, timeout=60,
                         cwd=ROOT, env={**os.environ, "KPIGUARD_LANG": "en"}, preexec_fn=lambda: os.close(0))
    assert run.returncode == 2 and "Traceback" not in run.stderr, run.stderr
    assert says in run.stderr and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("argv", "env", "says"), [
    (["kpiguard", "review", "x.yaml"], {}, "kpiguard: interrupted (Ctrl-C)\n"),
    (["kpiguard", "--lang", "fr", "review", "x.yaml"], {}, "kpiguard : interrompu (Ctrl-C)\n"),
    (["kpiguard", "review", "x.yaml"], {"KPIGUARD_LANG": "fr_FR.UTF-8"}, "kpiguard : interrompu (Ctrl-C)\n"),
    (["kpiguard", "review", "x.yaml"], {"LANG": "fr_FR.UTF-8"}, "kpiguard : interrompu (Ctrl-C)\n"),
    (["kpiguard", "review", "x.yaml"], {"LC_ALL": "C.UTF-8", "LANG": "fr_FR.UTF-8"}, "kpiguard: interrupted (Ctrl-C)\n"),
])
def test_ctrl_c_while_python_still_imports_is_one_line_too(argv, env, says, monkeypatch, capsys):
    """Ctrl-C in the first half second (typer, click, pydantic being imported) printed a KeyboardInterrupt
    traceback: the console script puts a handler in place before importing them."""
    import tomllib

    from kpiguard import _entry

    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts["kpiguard"] == "kpiguard._entry:main"
    monkeypatch.setattr(sys, "argv", argv)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SystemExit) as stop:
        _entry._while_starting(signal.SIGINT, None)
    assert stop.value.code == 130 and capsys.readouterr().err == says


def test_the_console_script_handles_ctrl_c_before_importing_anything_that_takes_time():
    """The console script imports the `kpiguard` package, then kpiguard._entry, before its Ctrl-C handler is in
    place: `kpiguard/__init__` imported typing and the error types (dataclasses, inspect), _entry `signal` (enum),
    and Ctrl-C in those ~100 ms printed a KeyboardInterrupt traceback. Now they import nothing that takes time."""
    code = ("import sys; before = set(sys.modules); import kpiguard._entry; "
            "print(' '.join(sorted(set(sys.modules) - before)))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    assert set(run.stdout.split()) <= {"__future__", "_signal", "kpiguard", "kpiguard._entry"}, run.stdout
    import kpiguard

    assert kpiguard.KpiguardError is DataError.__mro__[1] and kpiguard.Location(file="x").file == "x"


@pytest.mark.parametrize("command", ["review", "report", "init"])
def test_the_output_never_replaces_what_the_command_reads(command, tmp_path):
    """`kpiguard review kpis.yaml -o kpis.yaml` (a slip of the finger) replaced the spec with its review."""
    source = tmp_path / ("kpis.txt" if command == "init" else "kpis.yaml")
    text = SENTENCE + "\n" if command == "init" else Path(EXAMPLE).read_text(encoding="utf-8")
    source.write_text(text, encoding="utf-8")
    args = ["init", "--from", str(source), "--force"] if command == "init" else [command, str(source)]
    result = CliRunner().invoke(app, [*args, "--out", str(tmp_path / "." / source.name), "--lang", "fr"])
    assert result.exit_code == 2 and "est ce que lit cette commande : y écrire sa sortie le détruirait" in \
        result.stderr, result.output
    assert source.read_text(encoding="utf-8") == text
