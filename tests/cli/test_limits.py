"""Inputs far beyond any real spec or sentence (a data export given as the spec, a document pasted as a sentence) are
refused before they are read, saying the size, the limit and how to raise it: exit 2, in English and French."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from kpiguard._io import MB, SENTENCES_LIMIT_MB, SPEC_LIMIT_MB
from kpiguard.cli import _register
from kpiguard.language.text import SENTENCE_LIMIT

from ._console import run_main as _main

_register()
ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "kpis.example.yaml"


def _sparse(path: Path, size: int) -> Path:
    """A file of `size` bytes that takes no disk (and no time) to make: the size is what is refused, not the bytes."""
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


@pytest.mark.parametrize(("command", "lang", "says"), [
    ("validate", "en", "{path}: cannot read the spec: the file weighs 52.4 MB, over the limit of 20 MB for a spec (one "
                       "of 10,000 KPIs weighs 1.8 MB); is it the right file? If it is, raise the limit: "
                       "KPIGUARD_MAX_INPUT_MB=54\n"),
    ("lint", "fr", "{path}: impossible de lire la spec : le fichier pèse 52,4 Mo, au-delà de la limite de 20 Mo pour "
                   "une spec (une spec de 10 000 KPI pèse 1,8 Mo) ; est-ce le bon fichier ? Si oui, relevez la limite : "
                   "KPIGUARD_MAX_INPUT_MB=54\n"),
    ("review", "en", "{path}: cannot read the spec: the file weighs 52.4 MB"),
])
def test_a_spec_far_larger_than_any_real_one_is_refused_before_it_is_read(command, lang, says, tmp_path, monkeypatch,
                                                                            capsys):
    """A 50 MB spec linted for 71 s in 2.1 GB of memory before its first message."""
    path = _sparse(tmp_path / "kpis.yaml", 52_400_000)
    code, out, err = _main(monkeypatch, capsys, command, str(path), "--lang", lang)
    assert code == 2 and out == "" and "Traceback" not in err, err
    assert err.startswith(says.format(path=path)), err


def test_a_spec_of_10000_kpis_is_far_under_the_limit():
    """The limit refuses no real spec: the benchmark's spec of 10,000 KPIs (bench/lint.py) is a tenth of it."""
    # loaded by its path: `lint` is also the name of tests/lint, which the suite imports first
    loaded = importlib.util.spec_from_file_location("kpiguard_bench_lint", ROOT / "bench" / "lint.py")
    bench = importlib.util.module_from_spec(loaded)
    loaded.loader.exec_module(bench)
    assert len(bench.generate(10_000).encode("utf-8")) * 10 < SPEC_LIMIT_MB * MB


def test_the_limit_is_raised_by_the_environment(tmp_path, monkeypatch, capsys):
    spec = tmp_path / "kpis.yaml"
    spec.write_bytes(EXAMPLE.read_bytes())
    monkeypatch.setenv("KPIGUARD_MAX_INPUT_MB", "0.001")  # 1 kB: the example (5 kB) is over it
    code, _, err = _main(monkeypatch, capsys, "validate", str(spec))
    assert code == 2 and "the file weighs 0" in err and "KPIGUARD_MAX_INPUT_MB=2" in err, err
    monkeypatch.setenv("KPIGUARD_MAX_INPUT_MB", "1")
    code, out, _ = _main(monkeypatch, capsys, "validate", str(spec))
    assert code == 0 and ": valid (" in out


@pytest.mark.parametrize(("lang", "says"), [
    ("en", "KPIGUARD_MAX_INPUT_MB='lots' is not a size in megabytes; write a positive number (50), or unset it"),
    ("fr", "KPIGUARD_MAX_INPUT_MB='lots' n'est pas une taille en mégaoctets ; écrivez un nombre positif (50)"),
])
@pytest.mark.parametrize("command", ["validate", "check"])
def test_a_limit_that_is_no_size_is_refused(command, lang, says, monkeypatch, capsys, tmp_path):
    (tmp_path / "s.txt").write_text("revenue up 5% by December\n", encoding="utf-8")
    monkeypatch.setenv("KPIGUARD_MAX_INPUT_MB", "lots")
    args = [str(EXAMPLE)] if command == "validate" else ["--file", str(tmp_path / "s.txt")]
    code, out, err = _main(monkeypatch, capsys, command, *args, "--lang", lang)
    assert code == 2 and out == "" and says in err and "Traceback" not in err, err


@pytest.mark.parametrize(("args", "says"), [
    (["check", "--file", "{path}"], "{path}: cannot read: the file weighs 3 MB, over the limit of 1 MB for KPI "
                                     "sentences (some 15,000 sentences, one per line); is it the right file? If it "
                                     "is, raise the limit: KPIGUARD_MAX_INPUT_MB=4\n"),
    (["init", "--from", "{path}", "-o", "{out}", "--lang", "fr"],
     "{path} : lecture impossible : le fichier pèse 3 Mo, au-delà de la limite de 1 Mo pour des phrases de KPI "
     "(quelque 15 000 phrases, une par ligne) ; est-ce le bon fichier ? Si oui, relevez la limite : "
     "KPIGUARD_MAX_INPUT_MB=4\n"),
])
def test_a_file_of_sentences_far_larger_than_any_real_one_is_refused(args, says, tmp_path, monkeypatch, capsys):
    path = _sparse(tmp_path / "objectives.txt", 3 * MB)
    out = tmp_path / "kpis.yaml"
    code, stdout, err = _main(monkeypatch, capsys, *(a.format(path=path, out=out) for a in args))
    assert (code, stdout, err) == (2, "", says.format(path=path))
    assert not out.exists()


def test_stdin_is_read_up_to_the_limit_and_no_further():
    """A pipe has no size to tell: it is read up to the limit, then refused (`yes | kpiguard check -` ran until
    memory ran out)."""
    run = subprocess.run([sys.executable, "-m", "kpiguard", "check", "-"], input=b"revenue up 5%\n" * 200_000,
                         capture_output=True, timeout=60, cwd=ROOT)
    err = run.stderr.decode("utf-8")
    assert run.returncode == 2 and "Traceback" not in err, err
    assert err == ("- (stdin): cannot read: the input is over the limit of 1 MB for KPI sentences (some 15,000 "
                   "sentences, one per line); is it the right file? If it is, raise the limit: "
                   "KPIGUARD_MAX_INPUT_MB=10\n")
    assert SENTENCES_LIMIT_MB * MB < len(b"revenue up 5%\n" * 200_000)


@pytest.mark.parametrize(("args", "lang", "says"), [
    (["check", "--file", "{path}"], "en",
     "{path}:2:1: a sentence of 6,800 characters ('Increase revenue by 5% via email Increas'...), over the limit of "
     "5,000 for a KPI sentence: is it a whole document? Write one KPI per line\n"),
    (["init", "--from", "{path}", "-o", "{out}"], "fr",
     "{path}:2:1: une phrase de 6\u202f800 caractères ('Increase revenue by 5% via email Increas'...), au-delà de la "
     "limite de 5\u202f000 pour une phrase de KPI : est-ce un document entier ? Écrivez un KPI par ligne\n"),
    (["check", "{long}"], "en", "a sentence of 6,800 characters ('Increase revenue by 5% via email Increas'...)"),
    (["init", "--from-sentence", "{long}", "-o", "{out}"], "fr", "une phrase de 6\u202f800 caractères"),
])
def test_a_sentence_as_long_as_a_document_is_refused(args, lang, says, tmp_path, monkeypatch, capsys):
    """One line of 100,000 characters was checked for 14 s (the time grows faster than the length)."""
    long = "Increase revenue by 5% via email " * 200 + "x" * 200
    assert len(long.strip()) > SENTENCE_LIMIT
    path = tmp_path / "objectives.txt"
    path.write_text(f"revenue up 5% by December\n{long}\n", encoding="utf-8")
    out = tmp_path / "kpis.yaml"
    code, stdout, err = _main(monkeypatch, capsys, *(a.format(path=path, out=out, long=long) for a in args),
                              "--lang", lang)
    assert code == 2 and stdout == "" and err.startswith(says.format(path=path)), err
    assert not out.exists()


@pytest.mark.parametrize(("lang", "says"), [
    ("en", "a sentence of 6,800 characters ('Increase revenue by 5% via email Increas'...), over the limit of 5,000"),
    ("fr", "une phrase de 6\u202f800 caractères"),
])
def test_the_library_refuses_a_document_given_as_one_sentence(lang, says):
    """`kpiguard.language.check(text)` from a notebook or a web form read a whole document for as long as it took
    (the CLI refused it); it raises the CLI's error now, in the language asked."""
    from kpiguard.errors import KpiguardError
    from kpiguard.language import check

    long = "Increase revenue by 5% via email " * 200 + "x" * 200
    with pytest.raises(KpiguardError) as raised:
        check(long, lang=lang)
    assert str(raised.value).startswith(says) and raised.value.diagnostics[0].code == "sentence"
    assert check(long[:SENTENCE_LIMIT]).usable  # the limit itself is allowed


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="a system without /dev/zero")
@pytest.mark.parametrize("args", [["validate", "/dev/zero"], ["check", "--file", "/dev/zero"]])
def test_an_endless_input_is_refused_not_read_until_memory_runs_out(args, monkeypatch, capsys):
    """`kpiguard validate /dev/zero` (or a device, a never-ending pipe) read until the memory ran out."""
    code, out, err = _main(monkeypatch, capsys, *args)
    assert code == 2 and out == "" and "/dev/zero" in err and "the input is over the limit of" in err, err


def test_sentences_piped_into_init_have_the_limit_of_a_file(tmp_path):
    """`kpiguard init < export.csv` (the sentences asked one by one, read from a pipe) had no limit: 200,000 lines
    were drafted for most of an hour, where `--from export.csv` was refused at once."""
    out = tmp_path / "kpis.yaml"
    run = subprocess.run([sys.executable, "-m", "kpiguard", "init", "-o", str(out), "--lang", "fr"],
                         input=b"revenue up 5% by December\n" * 200_000, capture_output=True, timeout=60, cwd=ROOT)
    err = run.stderr.decode("utf-8")
    assert run.returncode == 2 and "Traceback" not in err, err
    assert err == ("- (stdin) : lecture impossible : l'entrée dépasse la limite de 1 Mo pour des phrases de KPI "
                   "(quelque 15 000 phrases, une par ligne) ; est-ce le bon fichier ? Si oui, relevez la limite : "
                   "KPIGUARD_MAX_INPUT_MB=10\n")
    assert not out.exists()
