"""Progress on stderr for every slow step of the commands that read data, not only for the metric queries:
starting a Spark session or opening its CSV files takes seconds before the first query, and `review` and
`report` run queries too."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from kpiguard.cli import _register, app
from kpiguard.metrics import progress

_register()


@pytest.fixture
def every_step_is_slow(monkeypatch):
    monkeypatch.setattr(progress, "DELAY_SECONDS", 0.0)
    monkeypatch.setattr(progress, "_CLI", {"on": False})
    monkeypatch.setenv("TTY_COMPATIBLE", "1")  # rich draws its status as on a terminal
    import time

    from kpiguard.metrics import source

    opened = source._duckdb

    def slow_engine(spec):
        time.sleep(0.3)  # an engine that takes its time to start, as a Spark session does
        return opened(spec)

    monkeypatch.setattr(source, "_duckdb", slow_engine)


@pytest.mark.parametrize("command", [["review", "--as-of", "2025-03-31"], ["compute", "-m", "revenue", "-p", "2025-01"]])
def test_slow_steps_show_progress(command, shop_dir, every_step_is_slow):
    result = CliRunner().invoke(app, [command[0], str(shop_dir / "kpis.yaml"), *command[1:]])
    assert result.exit_code == 0, result.output
    assert "connecting to duckdb" in result.stderr


def test_no_spinner_in_a_log_even_under_force_color(shop_dir, every_step_is_slow, monkeypatch):
    """FORCE_COLOR=1 (many CI jobs set it) made the spinner redraw itself into the job's log, frame after frame."""
    monkeypatch.delenv("TTY_COMPATIBLE")
    monkeypatch.setenv("FORCE_COLOR", "1")
    result = CliRunner().invoke(app, ["compute", str(shop_dir / "kpis.yaml"), "-m", "revenue", "-p", "2025-01"])
    assert result.exit_code == 0, result.output
    assert "connecting to duckdb" not in result.stderr and "\x1b[?25l" not in result.stderr
