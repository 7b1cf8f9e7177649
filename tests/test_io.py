"""Atomic writes: the whole file or the old one, with the permissions a plain open() would give."""

from __future__ import annotations

import os

from kpiguard._io import write_atomic


def test_write_atomic_replaces_content_and_leaves_no_temp_file(tmp_path):
    target = tmp_path / "sub" / "report.html"
    write_atomic(target, "first")
    write_atomic(target, b"second")
    assert target.read_text() == "second"
    assert [p.name for p in target.parent.iterdir()] == ["report.html"]


def test_write_atomic_uses_the_umask_not_0600(tmp_path):
    old = os.umask(0o022)
    try:
        target = write_atomic(tmp_path / "r.html", "x")
    finally:
        os.umask(old)
    assert target.stat().st_mode & 0o777 == 0o644


def test_write_atomic_keeps_an_existing_files_mode(tmp_path):
    target = tmp_path / "r.html"
    target.write_text("old")
    target.chmod(0o640)
    write_atomic(target, "new")
    assert target.stat().st_mode & 0o777 == 0o640


def test_an_unwritable_path_is_a_user_error_not_a_traceback(tmp_path):
    import pytest

    from kpiguard.errors import KpiguardError

    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(KpiguardError) as caught:
        write_atomic(blocker / "report.html", "<html>")
    message = str(caught.value)
    assert "cannot write" in message and "report.html" in message and message.endswith("; choose another path")
    assert "--out" not in message  # the library names no option: the command that chose the path does


def test_a_pipe_or_device_is_written_in_place_not_replaced(tmp_path):
    """`--out /dev/null` or `--out /dev/stdout`: renaming a temp file over them replaced the device (as root)."""
    import stat
    import threading

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    write_atomic(fifo, "through the pipe")
    reader.join(timeout=10)
    assert received == [b"through the pipe"]
    assert stat.S_ISFIFO(fifo.stat().st_mode) and sorted(p.name for p in tmp_path.iterdir()) == ["fifo"]


def test_a_symlink_keeps_pointing_at_the_new_file(tmp_path):
    shared = tmp_path / "shared" / "kpis.yaml"
    shared.parent.mkdir()
    shared.write_text("old")
    link = tmp_path / "kpis.yaml"
    link.symlink_to(shared)
    write_atomic(link, "new")
    assert link.is_symlink() and shared.read_text() == "new"


def test_the_current_folder_as_the_output_is_said_to_be_a_folder(tmp_path, monkeypatch):
    """`kpiguard schema -o .` (or `-o ""`) said "Device or resource busy", the system's words for a rename onto
    the current directory, in English whatever the language."""
    import pytest

    from kpiguard._i18n import set_lang
    from kpiguard.errors import KpiguardError

    monkeypatch.chdir(tmp_path)
    set_lang("fr")
    try:
        for path in (".", "", str(tmp_path)):
            with pytest.raises(KpiguardError) as caught:
                write_atomic(path, "{}")
            assert "c'est un dossier" in str(caught.value), str(caught.value)
    finally:
        set_lang(None)
    assert list(tmp_path.iterdir()) == []
