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
