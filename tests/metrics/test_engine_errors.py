"""User errors on a database engine (PostgreSQL): located at the spec line to change, in the engine's terms."""

from __future__ import annotations

from pathlib import Path

import pytest

from kpiguard.errors import DataError
from kpiguard.metrics import compute


def test_a_sum_mapped_to_a_text_column_points_at_the_mapping(pg_spec, tmp_path):
    """`revenue: status` (a text column) in data.columns: the message names the mapping's line and says to map a
    numeric column or cast it in a view (not to rewrite a CSV file with decimal points, there is none)."""
    from kpiguard.spec import load_spec

    text = Path(pg_spec._path).read_text(encoding="utf-8")
    text = text.replace("metrics:", "  columns:\n    orders:\n      revenue: status\nmetrics:", 1)
    (tmp_path / "kpis.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as info:
        compute(load_spec(tmp_path / "kpis.yaml"), ["revenue"], ["2025-01"])
    diagnostic = info.value.diagnostics[0]
    assert diagnostic.location.line == text.splitlines().index("      revenue: status") + 1
    assert "map revenue to a numeric column under data.columns.orders, or cast it in a view" in diagnostic.message
    assert "decimal point" not in diagnostic.message


@pytest.mark.parametrize(("written", "says"), [
    ("{schema}.Orders", "did you mean {schema}.orders?"),           # PostgreSQL folds unquoted names, kpiguard not
    ("{schema}.orderz", "did you mean {schema}.orders"),
    ("qqq_absent.orders", "it has no schema 'qqq_absent' (schemas: "),
])
def test_a_missing_table_says_what_the_engine_has(written, says, pg_spec, tmp_path):
    from kpiguard.spec import load_spec

    schema = pg_spec.data.tables["orders"].split(".")[0]
    text = Path(pg_spec._path).read_text(encoding="utf-8")
    text = text.replace(f"orders: {schema}.orders", f"orders: {written.format(schema=schema)}", 1)
    (tmp_path / "kpis.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as info:
        compute(load_spec(tmp_path / "kpis.yaml"), ["revenue"], ["2025-01"])
    assert says.format(schema=schema) in info.value.diagnostics[0].message


def test_a_server_that_never_answers_is_an_error_not_a_hang(tmp_path, monkeypatch):
    """A host that accepts the connection and says nothing (a firewall, a wrong port): libpq would wait for ever."""
    import socket
    import time

    from kpiguard.metrics import source
    from kpiguard.spec import load_spec

    monkeypatch.setattr(source, "PG_CONNECT_TIMEOUT", 2)
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)
    port = silent.getsockname()[1]
    (tmp_path / "kpis.yaml").write_text(
        f"version: 1\ndata:\n  engine: postgres://analyst:s3cret@127.0.0.1:{port}/shop\n  tables: {{orders: orders}}\n",
        encoding="utf-8")
    started = time.monotonic()
    try:
        with pytest.raises(DataError) as info:
            source.connect(load_spec(tmp_path / "kpis.yaml"))
    finally:
        silent.close()
    assert time.monotonic() - started < 30
    message = info.value.diagnostics[0].message
    assert "cannot connect to engine" in message and "s3cret" not in message


def test_a_time_mapped_to_a_number_points_at_the_mapping(pg_spec, tmp_path):
    from kpiguard.spec import load_spec

    text = Path(pg_spec._path).read_text(encoding="utf-8")
    text = text.replace("metrics:", "  columns:\n    orders:\n      ordered_at: revenue\nmetrics:", 1)
    (tmp_path / "kpis.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as info:
        compute(load_spec(tmp_path / "kpis.yaml"), ["orders"], ["2025-01"])
    diagnostic = info.value.diagnostics[0]
    assert diagnostic.location.line == text.splitlines().index("      ordered_at: revenue") + 1
    assert "column 'ordered_at' of table 'orders' (mapped to 'revenue') is decimal" in diagnostic.message

