"""A table of the user's own says which column places its rows in time (`params.time_column`)."""

from __future__ import annotations

import pytest

from kpiguard.metrics import compute
from kpiguard.spec import load_spec


@pytest.mark.parametrize(("written", "says"), [
    ("returnd_at", "params.time_column 'returnd_at' is not a column of table 'returns'; did you mean 'returned_at'?"),
    ("opened", "params.time_column 'opened' is not a column of table 'returns'; its columns: return_id, returned_at"),
])
def test_a_misspelt_time_column_is_an_error_at_the_metric(tmp_path, written, says):
    """A table of the user's own places its rows in time by `params.time_column`: a misspelt one is named at the
    metric's line, with the close column, rather than as a column to map at the table's line."""
    from kpiguard.errors import DataError

    (tmp_path / "returns.csv").write_text("return_id,returned_at,amount\nr1,2025-02-03 10:00:00,12.5\n",
                                          encoding="utf-8")
    (tmp_path / "kpis.yaml").write_text(
        "version: 1\ndata:\n  tables: {returns: returns.csv}\nmetrics:\n  returns_value:\n    type: simple\n"
        f"    table: returns\n    measure: sum(amount)\n    params: {{time_column: {written}}}\nkpis: []\n",
        encoding="utf-8")
    with pytest.raises(DataError) as info:
        compute(load_spec(tmp_path / "kpis.yaml"), ["returns_value"], ["2025-02"])
    diagnostic = info.value.diagnostics[0]
    assert says in diagnostic.message
    assert diagnostic.location.line == 9
