"""What `simulate` writes: canonical tables, byte-identical for a seed, a spec that loads, a truth file."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest

from kpiguard.errors import KpiguardError
from kpiguard.simulate import SCENARIOS, simulate
from kpiguard.spec import load_spec

TINY = 600

CANONICAL = {
    "orders": {"order_id": "string", "customer_id": "string", "ordered_at": "timestamp[us, tz=UTC]",
               "revenue": "decimal128(18, 2)", "margin": "decimal128(18, 2)", "status": "string",
               "utm_source": "string", "utm_medium": "string", "utm_campaign": "string"},
    "order_lines": {"order_id": "string", "product_id": "string", "quantity": "int64",
                    "revenue": "decimal128(18, 2)"},
    "customers": {"customer_id": "string", "created_at": "timestamp[us, tz=UTC]", "acquisition_channel": "string"},
    "products": {"product_id": "string", "category": "string", "launched_at": "date32[day]",
                 "unit_cost": "decimal128(18, 2)"},
    "email_events": {"event_at": "timestamp[us, tz=UTC]", "customer_id": "string", "campaign_id": "string",
                     "event": "string"},
    "sessions": {"session_id": "string", "started_at": "timestamp[us, tz=UTC]", "visitor_id": "string",
                 "customer_id": "string", "source": "string", "order_id": "string"},
    "inventory": {"snapshot_date": "date32[day]", "product_id": "string", "on_hand": "int64"},
    "creatives": {"creative_id": "string", "launched_at": "timestamp[us, tz=UTC]", "is_hit": "bool"},
}


def files(directory):
    return {p.relative_to(directory).as_posix(): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def twice(tmp_path_factory):
    a = simulate(tmp_path_factory.mktemp("a"), "email-push", customers=TINY, seed=11)
    b = simulate(tmp_path_factory.mktemp("b"), "email-push", customers=TINY, seed=11)
    c = simulate(tmp_path_factory.mktemp("c"), "email-push", customers=TINY, seed=12)
    return a, b, c


def test_same_seed_gives_byte_identical_files(twice):
    a, b, _ = twice
    first, second = files(a.out_dir), files(b.out_dir)
    assert sorted(first) == sorted(second)
    assert len([name for name in first if name.endswith(".parquet")]) == 8
    assert all(first[name] == second[name] for name in first)


def test_different_seeds_differ(twice):
    a, _, c = twice
    for table in ("orders", "email_events", "sessions", "customers"):
        assert (a.out_dir / "data" / f"{table}.parquet").read_bytes() != \
            (c.out_dir / "data" / f"{table}.parquet").read_bytes()


def test_tables_have_the_canonical_columns_and_types(twice):
    a = twice[0]
    for table, columns in CANONICAL.items():
        schema = pq.read_schema(a.out_dir / "data" / f"{table}.parquet")
        types = {field.name: str(field.type) for field in schema}
        for column, expected in columns.items():
            assert types.get(column) == expected, (table, column, types.get(column))
        assert a.rows[table] == pq.ParquetFile(a.out_dir / "data" / f"{table}.parquet").metadata.num_rows
    assert not list((a.out_dir / "data").glob(".*.tmp"))  # no temporary file left behind


def test_values_are_in_their_domains(twice):
    import duckdb

    data = twice[0].out_dir / "data"
    con = duckdb.connect()
    events = {row[0] for row in con.execute(f"select distinct event from '{data}/email_events.parquet'").fetchall()}
    assert events <= {"sent", "delivered", "open", "click", "unsubscribe", "bounce", "complaint"}
    assert {"sent", "open", "click", "unsubscribe"} <= events
    statuses = {r[0] for r in con.execute(f"select distinct status from '{data}/orders.parquet'").fetchall()}
    assert statuses == {"completed", "cancelled", "refunded"}
    (first, last), = con.execute(f"select min(ordered_at)::date, max(ordered_at)::date from '{data}/orders.parquet'"
                                 ).fetchall()
    assert str(first) >= "2025-01-01" and str(last) <= "2026-12-31"
    (dupes,), = con.execute(f"select count(*) - count(distinct order_id) from '{data}/orders.parquet'").fetchall()
    assert dupes == 0


def test_spec_loads_and_points_at_the_files_beside_it(twice):
    a = twice[0]
    spec = load_spec(a.spec_path)
    assert [k.id for k in spec.kpis] == ["email-share", "email-revenue", "gross-margin"]
    for table, relative in spec.data.tables.items():
        assert not relative.startswith("/")
        assert (a.spec_path.parent / relative).exists(), table
    # The rewrite's FROM is the measured 2025 e-mail revenue (3 significant figures), its TO 25 % above.
    rewrite = spec.kpi("email-revenue")
    assert rewrite.target.to == pytest.approx(rewrite.target.from_ * 1.25, rel=0.01)
    assert spec.kpi("email-share").target.to == 0.25


def test_truth_says_what_each_kpi_was_built_to_get(twice):
    truth = json.loads(twice[0].truth_path.read_text())
    assert len(truth.pop("model")) == 12
    assert truth == {"scenario": "email-push", "seed": 11, "customers": TINY, "months": 24, "as_of": "2026-12-31",
                     "kpis": {"email-share": "toxic_success", "email-revenue": "missed", "gross-margin": "missed"},
                     "better_off": "no"}


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_every_scenario_spec_names_only_its_kpis(name):
    scenario = SCENARIOS[name]
    assert scenario.better_off in {"yes", "no", "unclear"}
    assert set(scenario.truth.values()) <= {"healthy_success", "hollow_success", "toxic_success", "on_track",
                                             "off_track", "missed", "not_evaluable"}


@pytest.mark.parametrize(("kwargs", "needle"), [
    ({"scenario": "black-friday"}, "unknown scenario 'black-friday'"),
    ({"customers": 10}, "--customers must be at least"),
    ({"customers": 10**12}, "--customers must be at most 10000000"),  # was a MemoryError traceback
    ({"months": 12}, "--months must be between 24 and 120"),
    ({"seed": -1}, "--seed must be a non-negative integer"),
])
def test_bad_parameters_are_user_errors(tmp_path, kwargs, needle):
    with pytest.raises(KpiguardError) as info:
        simulate(tmp_path / "shop", **kwargs)
    assert needle in str(info.value)
    assert not (tmp_path / "shop").exists()


def test_refuses_to_write_into_a_directory_that_is_not_a_simulation(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(KpiguardError, match="not a simulated shop"):
        simulate(tmp_path, customers=TINY)
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_a_french_simulation_names_the_shop_and_its_teams_in_french(twice, tmp_path):
    """A French workshop's report was titled "Revue des KPI — Simulated shop: email-push", with the teams
    "Leadership" and "Product and merchandising". The data and the truth do not depend on the language."""
    a, _, _ = twice
    fr = simulate(tmp_path / "fr", "email-push", customers=TINY, seed=11, lang="fr")
    spec = load_spec(fr.spec_path)
    assert spec.name == "Boutique simulée : email-push"
    assert {t.name for t in spec.teams.values()} == {"Direction", "CRM", "Acquisition", "Produit et merchandising"}
    assert "--seed 11 --lang fr`" in fr.spec_path.read_text(encoding="utf-8")  # the command that wrote it
    assert fr.truth == a.truth
    for name in ("orders", "email_events"):
        assert (fr.out_dir / "data" / f"{name}.parquet").read_bytes() == \
            (a.out_dir / "data" / f"{name}.parquet").read_bytes()
    assert load_spec(a.spec_path).name == "Simulated shop: email-push"
