"""`kpiguard explain` in French, and engine failures located at the table of a built-in family's query."""

from __future__ import annotations

from typer.testing import CliRunner

from kpiguard.cli import _register, app
from kpiguard.metrics.computation import _label_table

_register()
runner = CliRunner()


def test_explain_comments_follow_the_language(tmp_path):
    (tmp_path / "orders.csv").write_text("order_id,customer_id,ordered_at,revenue\na,x,2026-01-01 10:00,5\n",
                                         encoding="utf-8")
    spec = tmp_path / "kpis.yaml"
    spec.write_text("version: 1\ndata:\n  tables: {orders: orders.csv}\n", encoding="utf-8")
    result = runner.invoke(app, ["explain", str(spec), "-m", "aov", "-m", "repurchase_rate_90d", "-p", "2026-01",
                                 "--lang", "fr"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "-- kpiguard : table orders\n-- métriques : revenue, orders\n-- périodes : 2026-01 [2026-01-01" in out
    assert "-- kpiguard : commandes terminées par client (orders)" in out
    assert "-- calculé par kpiguard à partir des résultats ci-dessus (par période, jamais en moyenne) :" in out
    assert "metrics:" not in out and "computed by" not in out


def test_a_failing_query_is_located_at_the_table_it_reads():
    assert _label_table("table orders") == "orders"
    assert _label_table("completed orders per customer (orders)") == "orders"
    assert _label_table("order lines of completed orders (order_lines, orders, products)") == "order_lines"


def test_an_unreadable_time_names_what_failed(tmp_path):
    (tmp_path / "orders.csv").write_text("order_id,customer_id,ordered_at,revenue\na,x,2026-01-01 10:00,5\n"
                                         "b,x,soon,6\n", encoding="utf-8")
    spec = tmp_path / "kpis.yaml"
    spec.write_text("version: 1\ndata:\n  tables: {orders: orders.csv}\n", encoding="utf-8")
    result = runner.invoke(app, ["compute", str(spec), "-m", "repurchase_rate_90d", "-p", "2026-01"])
    assert result.exit_code == 2
    assert (f"{spec}:3:12: cannot read the times of table 'orders' (column 'ordered_at'): 'soon' is not a date "
            "the engine reads") in result.stderr
