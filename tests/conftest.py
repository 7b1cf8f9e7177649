"""Shared test setup. With KPIGUARD_STRICT=1 (as `make test` and CI run), a skipped test is a failure."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "kpis.example.yaml"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("KPIGUARD_STRICT") == "1" and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped under KPIGUARD_STRICT=1 (a required test must run): {report.longrepr}"


@pytest.fixture(autouse=True)
def _english_by_default(monkeypatch):
    monkeypatch.delenv("KPIGUARD_LANG", raising=False)
    from kpiguard._i18n import set_lang

    set_lang(None)
    yield
    set_lang(None)
