"""Orders read without their status: a PrestaShop `ps_orders` export maps its amounts and dates, not its `valid`
flag, and every row counted as a completed order (the invalid one's 20 euros were revenue), without a word. Now
`review` and `compute` say which column reads like a status and how to map it; an export with a status column
mapped, or without any column named like one, gets nothing."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

import kpiguard
from kpiguard.cli import _register, app

_register()

PRESTASHOP = ('"id_order";"reference";"id_customer";"current_state";"total_paid_tax_excl";"valid";"date_add"\n'
              '"1";"XKBKNABJK";"12";"5";"30.00";"1";"2026-01-05 14:02:11"\n'
              '"2";"OHSATSERP";"13";"6";"20.00";"0";"2026-01-15 09:12:00"\n')
COLUMNS = "order_id: id_order, customer_id: id_customer, revenue: total_paid_tax_excl, ordered_at: date_add"


def _spec(tmp_path, columns: str = COLUMNS, extra: str = "", csv: str = PRESTASHOP) -> str:
    (tmp_path / "ps_orders.csv").write_text(csv, encoding="utf-8")
    (tmp_path / "kpis.yaml").write_text(
        f"version: 1\ncurrency: EUR\ntimezone: Europe/Paris\ndata:\n  tables: {{orders: ps_orders.csv}}\n"
        f"  columns:\n    orders: {{{columns}}}\n{extra}", encoding="utf-8")
    return str(tmp_path / "kpis.yaml")


def _status_warnings(spec: str, lang: str = "en") -> list[str]:
    return [w[lang] for w in kpiguard.review(kpiguard.load_spec(spec)).data_warnings_i18n
            if "status" in w["en"] and "no status column" in w["en"]]


def test_orders_without_status_but_with_a_column_named_like_one_are_warned_of(tmp_path):
    spec = _spec(tmp_path)
    [warning] = _status_warnings(spec)
    assert "yet the table has 'current_state', 'valid', named like a status" in warning
    assert "`columns: {orders: {status: current_state}}` under data" in warning
    [french] = _status_warnings(spec, "fr")
    assert "pourtant la table a 'current_state', 'valid', au nom de statut" in french
    result = CliRunner().invoke(app, ["compute", spec, "-m", "revenue", "-p", "2026-01", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["values"][0]["value"] == 50  # the invalid order's 20 too, as the spec says
    assert "warning: The orders have no status column" in result.stderr


@pytest.mark.parametrize("columns, extra, csv", [
    (COLUMNS + ", status: valid", "  values: {orders: {status: {completed: [1], cancelled: [0]}}}\n", PRESTASHOP),
    # no column named like a status: an export of completed orders only
    (COLUMNS, "", PRESTASHOP.replace('"current_state";', '"id_carrier";').replace('"valid";', '"gift";')),
    # WooCommerce's Billing State and Shipping State are American states
    (COLUMNS, "", PRESTASHOP.replace('"current_state";', '"Billing State";').replace('"valid";', '"Shipping State";')),
])
def test_orders_with_their_status_mapped_or_no_column_like_one_get_no_warning(tmp_path, columns, extra, csv):
    spec = _spec(tmp_path, columns, extra, csv)
    assert _status_warnings(spec) == []
    result = CliRunner().invoke(app, ["compute", spec, "-m", "revenue", "-p", "2026-01"])
    assert result.exit_code == 0, result.output
    assert "status" not in result.stderr
