"""The loader on the reference example and on the general cases users bring (beyond the golden bad specs)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import yaml

from kpiguard.errors import DiagnosticBag, Location, SpecError
from kpiguard.spec import load_spec, load_spec_text
from kpiguard.spec.loader import check_references
from kpiguard.spec.models import KPI, Spec, Target, Team
from kpiguard.spec.values import parse_number

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "kpis.example.yaml"


def _errors(text: str) -> list[str]:
    with pytest.raises(SpecError) as caught:
        load_spec_text(text, "s.yaml")
    return [str(d) for d in caught.value.diagnostics]


def _dump(spec: Spec) -> str:
    return yaml.safe_dump(spec.to_data(), sort_keys=False, allow_unicode=True)


# --- the reference example -----------------------------------------------------------------------------


def test_example_loads_with_every_key():
    spec = load_spec(EXAMPLE)
    assert spec.path == str(EXAMPLE)
    assert (spec.version, spec.name, spec.currency, spec.timezone) == (
        1,
        "Demo shop KPIs",
        "EUR",
        "Europe/Paris",
    )
    assert spec.data.engine == "duckdb" and spec.data.columns == {"orders": {"revenue": "net_revenue_eur"}}
    assert len(spec.data.tables) == 8 and set(spec.teams) >= {"crm", "product", "leadership"}
    assert spec.metrics["email_revenue_per_customer"].type == "ratio"
    assert spec.metrics["high_value_orders"].name == "high_value_orders"
    assert [k.id for k in spec.kpis] == [
        "email-share",
        "email-revenue",
        "value-per-email",
        "repurchase-90d",
        "gross-margin",
        "dormant-stock",
        "creative-concepts",
    ]
    share = spec.kpi("email-share")
    assert share.target.to == 0.25 and share.target.from_ is None and share.cadence == "month"
    revenue = spec.kpi("email-revenue")
    assert revenue.baseline.label == "2025" and revenue.baseline.start == date(2025, 1, 1)
    assert revenue.target.by == date(2026, 12, 31)
    assert [(g.metric, g.max_increase, g.max_decrease) for g in revenue.guardrails] == [
        ("email_unsubscribe_rate", 0.2, None),
        ("email_open_rate", None, 0.1),
        ("revenue", None, 0.0),
    ]
    assert spec.kpi("value-per-email").guardrails[1].max == pytest.approx(0.005)
    assert spec.kpi("creative-concepts").baseline.label == "2025-H2"
    repurchase = spec.kpi("repurchase-90d")
    assert repurchase.coordination.forum == "Retention review" and repurchase.target.from_ == pytest.approx(
        0.08
    )


def test_example_objects_know_where_they_were_written():
    spec = load_spec(EXAMPLE)
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    revenue = spec.kpi("email-revenue")
    loc = revenue.loc_of("owner")
    assert loc.file == str(EXAMPLE) and lines[loc.line - 1][loc.col - 1 :].startswith("crm")
    key = revenue.loc_of("baseline", key=True)
    assert lines[key.line - 1][key.col - 1 :].startswith("baseline:")
    guardrail = revenue.guardrails[1]
    assert lines[guardrail.loc_of("max_decrease").line - 1].strip().startswith("max_decrease: 10%")
    serves = revenue._item_locs[("serves", 1)]
    assert lines[serves.line - 1][serves.col - 1 :].startswith("gross-margin")
    assert lines[spec.teams["crm"].loc.line - 1].strip().startswith("crm:")


def test_round_trip_through_the_models_loses_nothing(tmp_path):
    spec = load_spec(EXAMPLE)
    again = load_spec_text(_dump(spec), "dumped.yaml")
    assert again.model_dump() == spec.model_dump()
    assert _dump(again) == _dump(spec)


def _leaves(value, path=()):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, path + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _leaves(item, path + (i,))
    else:
        yield path, value


def test_every_key_and_value_of_the_example_is_in_the_dump():
    """Percent literals come back as fractions (25% -> 0.25) and periods as their labels: same meaning."""
    original = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    dumped = yaml.safe_load(_dump(load_spec(EXAMPLE)))
    count = 0
    for path, value in _leaves(original):
        node = dumped
        for part in path:
            node = node[part]
        if isinstance(value, str) and value.endswith("%"):
            assert node == pytest.approx(parse_number(value)), path
        elif path[-1] == "baseline":
            assert node == str(value), path
        else:
            assert node == value, path
        count += 1
    assert count > 100


# --- all errors at once ---------------------------------------------------------------------------


def test_references_are_checked_even_when_the_structure_does_not_validate():
    errors = _errors("""
teams: {crm: {name: CRM}}
kpis:
  - id: a
    metric: revenu
    owner: crn
    level: not-a-level
    guardrails: [{metric: aovv}]
""")
    assert any("unknown metric 'revenu'" in e for e in errors)
    assert any("unknown team 'crn'" in e for e in errors)
    assert any("not-a-level" in e for e in errors)
    assert any("unknown metric 'aovv'; did you mean 'aov'?" in e for e in errors)
    assert any("guardrail needs a threshold" in e for e in errors)
    assert errors == sorted(errors, key=lambda e: tuple(int(x) for x in e.split(":")[1:3]))


def test_errors_in_french_by_environment(monkeypatch):
    monkeypatch.setenv("KPIGUARD_LANG", "fr")
    errors = _errors("kpis:\n  - {id: a, metric: revenu}\n")
    assert errors == ["s.yaml:2:21: métrique inconnue 'revenu' ; vouliez-vous dire 'revenue' ?"]


# --- percents and numbers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("25%", 0.25),
        ("25 %", 0.25),
        ("0.25", 0.25),
        ("'0,70'", 0.7),
        ("1 000 000", 1e6),
        ("1_000_000", 1e6),
        ("'12,5 %'", 0.125),
        ("-3%", -0.03),
        ("1e6", 1e6),
    ],
)
def test_numbers_as_written(written, value):
    # A derived metric of unknown kind: neither bounded to 0..1 (a share) nor known not to be a percent.
    spec = load_spec_text("metrics:\n  m: {type: derived, expr: margin - revenue}\n"
                          f"kpis:\n  - id: a\n    metric: m\n    target: {{to: {written}}}\n")
    assert spec.kpis[0].target.to == pytest.approx(value)


@pytest.mark.parametrize(
    ("guardrail", "fragment"),
    [
        ("max_decrease: 10", "write 10% (or 0.1)"),
        ("max_increase: 20", "write 20% (or 0.2)"),
        ("max_decrease: 101%", "cannot exceed 100%"),
        ("max_increase: -1%", "cannot be negative"),
        ("min: 20", "can never be met; write 20%"),
        ("max: 5", "can never be breached; write 5%"),
    ],
)
def test_percent_written_as_a_number_is_refused(guardrail, fragment):
    errors = _errors(
        f"kpis:\n  - id: a\n    metric: revenue\n    guardrails:\n"
        f"      - {{metric: email_open_rate, {guardrail}}}\n"
    )
    assert len(errors) == 1 and fragment in errors[0], errors


@pytest.mark.parametrize(
    "guardrail",
    [
        "max_decrease: 1",
        "max_decrease: 0.1",
        "max_increase: 150%",
        "max_increase: 0",
        "min: 0.2",
        "max: 100%",
    ],
)
def test_reasonable_thresholds_load(guardrail):
    load_spec_text(
        f"kpis:\n  - id: a\n    metric: revenue\n    guardrails:\n"
        f"      - {{metric: email_open_rate, {guardrail}}}\n"
    )


def test_absolute_bounds_on_unbounded_metrics_are_free():
    """An average (aov) or an amount is not a rate: `min: 20` EUR is a fine floor."""
    spec = load_spec_text(
        "kpis:\n  - id: a\n    metric: revenue\n    guardrails:\n"
        "      - {metric: aov, min: 20}\n      - {metric: emails_sent, min: 1000000}\n"
    )
    assert [g.min for g in spec.kpis[0].guardrails] == [20, 1_000_000]


def test_custom_rate_metric_is_bounded_too():
    errors = _errors("""
metrics:
  vip_share:
    type: ratio
    ratio_of: share
    numerator: email_revenue
    denominator: revenue
kpis:
  - id: a
    metric: revenue
    guardrails: [{metric: vip_share, min: 30}]
""")
    assert errors == [
        "s.yaml:11:43: min: 30 on vip_share, a share between 0 and 1, can never be met; "
        "write 30% (or 0.3) if you meant 30 percent"
    ]


# --- periods, dates, horizons ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "start", "end"),
    [
        ("2025", date(2025, 1, 1), date(2026, 1, 1)),
        ("2025-H2", date(2025, 7, 1), date(2026, 1, 1)),
        ("2025-Q4", date(2025, 10, 1), date(2026, 1, 1)),
        ("2025-10", date(2025, 10, 1), date(2025, 11, 1)),
        ("2025-W05", date(2025, 1, 27), date(2025, 2, 3)),
        ("2025-10-01", date(2025, 10, 1), date(2025, 10, 2)),
        ("2025-10-01..2025-12-31", date(2025, 10, 1), date(2026, 1, 1)),
        ("2025-10..2025-12", date(2025, 10, 1), date(2026, 1, 1)),
    ],
)
def test_baseline_periods(written, start, end):
    spec = load_spec_text(f"kpis:\n  - {{id: a, metric: revenue, baseline: {written}}}\n")
    period = spec.kpis[0].baseline
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize(
    ("by", "deadline"),
    [
        ("2026-12-31", date(2026, 12, 31)),
        ("2026-Q2", date(2026, 6, 30)),
        ("2026", date(2026, 12, 31)),
        ("2026-02", date(2026, 2, 28)),
    ],
)
def test_horizon_as_date_or_period(by, deadline):
    spec = load_spec_text(
        f"kpis:\n  - {{id: a, metric: revenue, baseline: 2025, target: {{to: 1, by: {by}}}}}\n"
    )
    assert spec.kpis[0].target.by == deadline


@pytest.mark.parametrize("by", ["2025-12-31", "2025-06-30", "2025"])
def test_horizon_not_after_the_baseline_is_an_error(by):
    errors = _errors(f"kpis:\n  - {{id: a, metric: revenue, baseline: 2025, target: {{to: 1, by: {by}}}}}\n")
    assert len(errors) == 1 and "is not after the baseline 2025" in errors[0]


# --- files ------------------------------------------------------------------------------------------


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(SpecError, match="no such file"):
        load_spec(tmp_path / "nope.yaml")
    with pytest.raises(SpecError, match="directory"):
        load_spec(tmp_path)


def test_byte_order_mark_and_crlf_are_fine(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfname: x\r\nkpis:\r\n  - {id: a, metric: revenue}\r\n")
    spec = load_spec(path)
    assert spec.name == "x" and spec.kpis[0].loc == Location(str(path), 3, 5)


def test_not_utf8_points_at_the_byte(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes(
        "name: ok\nkpis:\n  - {id: a, metric: revenue, statement: Cr\u00e9er}\n".encode("latin-1")
    )
    with pytest.raises(SpecError) as caught:
        load_spec(path)
    assert str(caught.value) == f"{path}:3:43: the file is not UTF-8 text (byte 0xe9); save it as UTF-8"


# --- YAML features -------------------------------------------------------------------------------------


def test_anchors_and_merge_keys_work_with_locations():
    spec = load_spec_text(
        """
teams:
  crm: {name: CRM}
kpis:
  - &base
    id: a
    metric: revenue
    owner: crm
    guardrails: [{metric: aov, max_decrease: 5%}]
  - <<: *base
    id: b
    metric: margin
""",
        "m.yaml",
    )
    a, b = spec.kpis
    assert (b.id, b.metric, b.owner, b.guardrails[0].max_decrease) == ("b", "margin", "crm", 0.05)
    assert b.loc_of("id").line == 11 and b.loc_of("owner").line == 8  # merged values: where they are written
    assert a.model_dump() != b.model_dump()


def test_alias_bomb_is_refused_quickly():
    import time

    levels = ["a: &a [" + ", ".join(["x"] * 10) + "]"]
    for n in range(1, 9):
        prev = chr(ord("a") + n - 1)
        levels.append(f"{chr(ord('a') + n)}: &{chr(ord('a') + n)} [" + ", ".join([f"*{prev}"] * 10) + "]")
    started = time.perf_counter()
    errors = _errors("\n".join(levels) + "\n")
    assert time.perf_counter() - started < 5
    assert len(errors) == 1 and "aliases expand to more than" in errors[0]


def test_a_long_spec_of_inline_kpis_is_not_taken_for_an_alias_bomb():
    """Many values per line (flow style) once made a plain 20,000-KPI file "expand beyond 200,000 values"."""
    teams = ", ".join(f"t{i}" for i in range(40))
    line = "  - {{id: k{i}, metric: revenue, contributors: [" + teams + "], visibility: [" + teams + "]}}\n"
    text = "kpis:\n" + "".join(line.format(i=i) for i in range(2600)) + "  - {id: x, metric: aliased, owner: &o crm}\n"
    errors = _errors(text)  # an anchor takes the full path; still no bomb, only the unknown metric
    assert errors == ["s.yaml:2602:21: unknown metric 'aliased'; known: active_customers, aov, conversion_rate, "
                      "converting_sessions, creative_concepts_launched, creative_hit_rate, creative_hits, "
                      "dormant_skus, dormant_skus_cleared, dormant_stock_units, email_click_rate, email_clicks, ..."]


def test_deep_nesting_is_refused_without_a_recursion_error():
    errors = _errors("name: " + "[" * 500 + "]" * 500 + "\n")
    assert len(errors) == 1 and "nested too deeply" in errors[0]


@pytest.mark.parametrize("key", ["1", "true", "null", "2025-01-01"])
def test_keys_are_read_as_written(key):
    errors = _errors(f"teams:\n  crm: {{name: CRM}}\n{key}: x\n")
    assert errors == [
        f"s.yaml:3:1: unknown key {key!r}; known keys: version, name, currency, timezone, data, "
        "teams, metrics, kpis, lint"
    ]


def test_team_ids_that_yaml_would_read_as_booleans_or_numbers():
    spec = load_spec_text(
        "teams:\n  no: {name: Norway}\n  2025: {name: Class of 2025}\n"
        "kpis:\n  - {id: a, metric: revenue, owner: 'no', contributors: ['2025']}\n"
    )
    assert set(spec.teams) == {"no", "2025"}


# --- engines, timezones ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "engine",
    [
        "duckdb",
        "shop.duckdb",
        "duckdb:///tmp/shop.db",
        "postgres://u@h:5432/db",
        "postgresql://u@h/db",
        "pyspark://local",
        "bigquery://project/dataset",
        "snowflake://u@acct/db/schema",
        "pyspark",
        "shop.sqlite",
    ],
)
def test_known_engines(engine):
    assert load_spec_text(f"data: {{engine: '{engine}'}}\n").data.engine == engine


def test_engine_schemes_cover_every_installed_ibis_backend():
    from importlib.metadata import entry_points

    from kpiguard.spec.loader import ENGINE_SCHEMES

    installed = {e.name for e in entry_points(group="ibis.backends")}
    assert installed and installed <= set(ENGINE_SCHEMES)


@pytest.mark.parametrize(
    ("engine", "hint"), [("duckbd", "did you mean 'duckdb'?"), ("mongodb://h/db", "write duckdb")]
)
def test_unknown_engines(engine, hint):
    errors = _errors(f"data: {{engine: '{engine}'}}\n")
    assert len(errors) == 1 and hint in errors[0]


@pytest.mark.parametrize("tz", ["UTC", "Europe/Paris", "America/Montreal", "Etc/GMT+2"])
def test_timezones(tz):
    assert load_spec_text(f"timezone: {tz}\n").timezone == tz


@pytest.mark.parametrize("tz", ["Paris", "../../etc/passwd", "Europe/", ""])
def test_bad_timezones_are_errors(tz):
    errors = _errors(f"timezone: '{tz}'\n")
    assert len(errors) == 1 and "unknown timezone" in errors[0]


def test_date_order_is_read_per_table():
    spec = load_spec_text("data:\n  tables: {orders: o.csv, sessions: s.csv}\n"
                          "  date_order: {orders: day_first, sessions: month_first}\n")
    assert spec.data.date_order == {"orders": "day_first", "sessions": "month_first"}


def test_a_bad_date_order_is_located_with_the_closest_value():
    errors = _errors("data:\n  tables: {orders: o.csv}\n  date_order:\n    orders: dmy\n    oders: day_first\n")
    assert errors == ["s.yaml:4:13: expected one of day_first, month_first, got 'dmy'",
                      "s.yaml:5:5: unknown table 'oders'; did you mean 'orders'?"]
    french = _errors("data:\n  tables: {orders: o.csv}\n  ordre_des_dates: {orders: day_first}\n")
    assert french == ["s.yaml:3:3: unknown key 'ordre_des_dates'; keys are written in English: 'date_order'"]


# --- a Spec built in code (drafts from sentences) ------------------------------------------------------


def test_check_references_on_a_spec_built_in_code():
    spec = Spec(
        teams={"crm": Team(name="CRM")},
        kpis=[KPI(id="a", metric="revenu", owner="crn", target=Target(to=1), serves=["b"])],
    )
    bag = DiagnosticBag()
    check_references(spec, bag)
    messages = [d.message for d in bag.items]
    assert "unknown metric 'revenu'; did you mean 'revenue'?" in messages
    assert "unknown team 'crn'; did you mean 'crm'?" in messages
    assert "unknown KPI 'b'; known: a" in messages
    assert all(d.location is not None for d in bag.items)


def test_check_references_on_a_loaded_spec_keeps_file_locations():
    spec = load_spec(EXAMPLE)
    spec.kpis[1].owner = "nobody"
    bag = DiagnosticBag()
    check_references(spec, bag)
    assert [str(d) for d in bag.items] == [
        f"{EXAMPLE}:{spec.kpis[1].loc_of('owner').line}:12: unknown team 'nobody'; known: acquisition, crm, "
        "leadership, logistics, product, support; or declare it under teams (nobody: {name: nobody})"
    ]


def test_an_undeclared_team_says_how_to_declare_it():
    errors = _errors("teams: {marketing: {name: Marketing}, logistique: {name: Logistique}}\n"
                     "kpis:\n  - id: k\n    metric: revenue\n    owner: marketing\n"
                     "    contributors: [logistique, Service client]\n")
    assert any(e.endswith("unknown team 'Service client'; known: logistique, marketing; or declare it under teams "
                          "(service-client: {name: Service client})") for e in errors), errors


def test_unknown_engine_message_hides_the_password():
    errors = _errors("data: {engine: 'postgress://analyst:s3cret@db.local:5432/shop'}\n")
    assert len(errors) == 1 and "s3cret" not in errors[0]
    assert "did you mean 'postgres://analyst:***@db.local:5432/shop'?" in errors[0]


def test_derived_expressions_name_metrics_not_functions_or_exponents():
    spec = load_spec_text("metrics:\n  m:\n    type: derived\n    expr: (margin / orders) * 1e3 + aov\n")
    assert spec.metrics["m"].expr.startswith("(margin")
    errors = _errors("metrics:\n  m:\n    type: derived\n    expr: margin / order * 2\n")
    assert errors == ["s.yaml:4:20: unknown metric 'order'; did you mean 'orders'?"]  # at the name itself
    # A derived metric is + - * / over metrics: a function is refused here, as computing it would.
    errors = _errors("metrics:\n  m:\n    type: derived\n    expr: round(margin / orders, 2)\n")
    assert errors == ["s.yaml:4:11: unknown function round() in expr; allowed: + - * / over metric names"]


HOSTILE = [  # (field, text, column of the problem in `    field: text`, what the message says)
    ("measure", "sum(revenue); DROP TABLE orders", 26, "not several statements"),
    ("measure", "sum(revenue) -- all of it", 27, "may not contain comments"),
    ("measure", "sum(read_parquet('/etc/passwd'))", 18, "unknown function read_parquet()"),
    ("measure", "sum(orders.revenue)", 18, "'orders.revenue' names another table"),
    ("measure", "revenue", 14, "must aggregate its columns"),
    ("measure", "sum(revenue", 17, "a '(' is not closed"),
    ("filter", "customer_id in (select customer_id from customers)", 29, "a subquery or a SQL command (select)"),
    ("filter", "exists (select 1)", 13, "(exists)"),
    ("filter", "status = 'completed", 22, "a quote is not closed"),
    ("filter", "sum(revenue) > 100", 13, "aggregates (sum, count...) are not allowed"),
    ("filter", "getenv('HOME') = 'x'", 13, "unknown function getenv()"),
]


@pytest.mark.parametrize(("field", "text", "col", "says"), HOSTILE, ids=[h[1] for h in HOSTILE])
def test_validate_refuses_hostile_expressions_without_the_data(field, text, col, says):
    """What the compute-time check would refuse and the text alone shows is refused by `kpiguard validate`."""
    body = f"    measure: count(*)\n    filter: {text}\n" if field == "filter" else f"    measure: {text}\n"
    errors = _errors("metrics:\n  m:\n    type: simple\n    table: orders\n" + body)
    line = 6 if field == "filter" else 5
    assert len(errors) == 1 and errors[0].startswith(f"s.yaml:{line}:{col}: ") and says in errors[0], errors


@pytest.mark.parametrize("text", [
    "sum(case when utm_medium = 'email' then revenue else 0 end)", "count(distinct customer_id)",
    "max(coalesce(margin, 0)) - min(revenue)", "count(*) * 1.0 / count(distinct customer_id)",
    'sum("net revenue; -- eur")', "sum(cast(revenue as double)) / 1e3",
])
def test_validate_accepts_safe_measures(text):
    filters = "coalesce(status, 'completed') = 'completed' and note <> 'a; b -- c' and x in (1, 2)"
    spec = load_spec_text(f"metrics:\n  m:\n    type: simple\n    table: orders\n    measure: {json.dumps(text)}\n"
                          f"    filter: {json.dumps(filters)}\n")
    assert spec.metrics["m"].measure == text


@pytest.mark.parametrize(("written", "plain"), [("8M€", "8000000"), ("'1,20 €'", "1.2"), ("10k", "10000")])
def test_numbers_with_units_say_the_plain_number(written, plain):
    errors = _errors(f"kpis:\n  - id: a\n    metric: revenue\n    target:\n      to: {written}\n")
    assert len(errors) == 1 and f": write {plain} (units" in errors[0]


@pytest.mark.parametrize("written", ["2 pts", "'0,5 pt'", "+1 point", "2pp"])
def test_a_change_in_points_says_to_write_the_level_or_a_relative_change(written):
    """`max_decrease: 2 pts` got "expected a number or a percent such as 0.25 or 25%": true, but it did not say what
    to write instead of points."""
    errors = _errors(f"kpis:\n  - id: a\n    metric: conversion_rate\n    guardrails:\n"
                     f"      - {{metric: email_open_rate, max_decrease: {written}}}\n")
    assert len(errors) == 1 and "is in percentage points, which are not read" in errors[0], errors
    assert "min: 18%" in errors[0] and "max_decrease: 10%" in errors[0]


def test_guardrails_built_in_code_are_fractions():
    """`max_increase: 2` in a file is refused (a percent without its sign);
    `Guardrail(max_increase=2.0)` in code means +200 % and is kept (drafts, simulations)."""
    from kpiguard.spec.models import Guardrail

    assert Guardrail(metric="aov", max_increase=2.0).max_increase == 2.0
    with pytest.raises(ValueError):
        Guardrail(metric="aov", max_decrease=1.5)
    assert _errors("kpis:\n  - {id: a, metric: revenue, guardrails: [{metric: aov, max_increase: 2}]}\n")


def test_text_may_be_bytes():
    assert load_spec_text(b"name: Soci\xc3\xa9t\xc3\xa9\n").name == "Soci\u00e9t\u00e9"
    with pytest.raises(SpecError, match=r"b.yaml:1:11: the file is not UTF-8"):
        load_spec_text(b"name: Soci\xe9t\xe9\n", "b.yaml")


def test_a_kpi_id_with_accents_suggests_the_unaccented_slug():
    errors = _errors("kpis:\n  - {id: réachat-90j, metric: repurchase_rate_90d}\n")
    assert errors == ["s.yaml:2:10: 'réachat-90j' is not a valid KPI id (letters, digits, - _ .); "
                      "for instance 'reachat-90j'"]


def test_top_level_x_keys_hold_anchors_and_are_ignored():
    spec = load_spec_text(
        "version: 1\nx-defaults: &crm {level: output, owner: crm, baseline: 2025}\n"
        "kpis:\n  - <<: *crm\n    id: email-revenue\n    metric: email_revenue\n", "s.yaml")
    kpi = spec.kpi("email-revenue")
    assert (kpi.level, kpi.owner, kpi.baseline.label) == ("output", "crm", "2025")
    assert _errors("version: 1\ndefaults: {level: output}\n")[0].startswith("s.yaml:2:1: unknown key 'defaults'")


@pytest.mark.parametrize("written", ["sum(revenue); DROP TABLE orders", "'sum(revenue); DROP TABLE orders'",
                                     '"sum(revenue); DROP TABLE orders"'])
def test_an_expression_problem_points_at_its_column_quoted_or_not(written):
    line = f"    measure: {written}"
    errors = _errors("metrics:\n  m:\n    type: simple\n    table: orders\n" + line + "\n")
    assert errors[0].startswith(f"s.yaml:5:{line.index(';') + 1}: measure must be one expression")


@pytest.mark.parametrize(("written", "line", "col"), [
    ("|\n      sum(revenue)\n        + sum(getenv('HOME'))", 7, 15),     # literal block: the token's own line
    (">-\n      sum(revenue)\n      + sum(getenv('HOME'))", 7, 13),       # folded block
    ("sum(revenue)\n      + sum(getenv('HOME'))", 6, 13),                 # plain scalar on two lines
    ("\"sum(revenue) + sum(getenv('HOME'))\"", 5, 34),                    # double-quoted, after the quote
    ("&m sum(revenue) + sum(getenv('HOME'))", 5, 36),                      # after an anchor
    ("!!str 'sum(revenue) + sum(getenv(''HOME''))'", 5, 40),               # after a tag and a quote
])
def test_a_problem_inside_a_multiline_expression_is_located_at_its_token(written, line, col):
    errors = _errors(f"metrics:\n  m:\n    type: simple\n    table: orders\n    measure: {written}\n")
    assert len(errors) == 1 and errors[0].startswith(f"s.yaml:{line}:{col}: unknown function getenv()"), errors


@pytest.mark.parametrize("written, plain", [("5 pct", "5%"), ("18 percent", "18%"), ("2,5 pourcents", "2.5%"),
                                            ("25%%", "25%")])
def test_a_percent_written_with_a_word_or_two_signs_gets_the_value_to_write(written, plain):
    """`max_decrease: 5 pct`, `from: 18 percent`, `to: 25%%` got "expected a number or a percent such as 0.25 or
    25%": the error now gives the value to write, at its place."""
    text = ("kpis:\n  - id: a\n    metric: revenue\n    guardrails:\n"
            f"      - {{metric: aov, max_decrease: \"{written}\"}}\n")
    with pytest.raises(SpecError) as info:
        load_spec_text(text, "kpis.yaml")
    [diagnostic] = info.value.diagnostics
    assert f"write {plain} (a percent is written with one % sign)" in diagnostic.message
    assert (diagnostic.location.line, diagnostic.location.col) == (5, 37)


def test_a_list_key_left_empty_and_kpis_without_their_key_get_a_way_out():
    """`kpis:` written before any KPI (or `guardrails:` whose items were deleted) said "expected a list, got nothing
    (null)"; a file of KPIs without the `kpis:` key above them, "a spec file must be a YAML mapping". Both now say
    what to write."""
    with pytest.raises(SpecError) as info:
        load_spec_text("version: 1\nkpis:\n", "kpis.yaml")
    assert "or `kpis: []` for none" in info.value.diagnostics[0].message
    with pytest.raises(SpecError) as info:
        load_spec_text("kpis:\n  - id: a\n    metric: revenue\n    guardrails:\n", "kpis.yaml")
    assert "or `guardrails: []` for none" in info.value.diagnostics[0].message
    with pytest.raises(SpecError) as info:
        load_spec_text("- id: a\n  metric: revenue\n", "kpis.yaml")
    assert "put it under `kpis:`" in info.value.diagnostics[0].message


def test_shapes_users_write_for_owner_horizon_and_guardrails_get_the_key_to_write():
    """`owner: [crm, web]` said "expected a string, got a list"; `until:` under a target listed the known keys; a
    `guardrails:` mapping was told to start items with '- ' "(for KPIs: '- id: ...')". Each now says what to write."""
    text = ("teams: {crm: {name: CRM}, web: {name: Web}}\n"
            "kpis:\n  - id: a\n    metric: email_revenue\n    owner: [crm, web]\n"
            "    target: {to: 3, until: 2026-12-31}\n    guardrails:\n      metric: aov\n      max_decrease: 5%\n")
    with pytest.raises(SpecError) as info:
        load_spec_text(text, "kpis.yaml")
    messages = [d.message for d in info.value.diagnostics]
    assert any("write owner: crm, and the other teams as contributors: [web]" in m for m in messages)
    assert any("unknown key 'until'; did you mean 'by'?" in m for m in messages)
    assert any("start each guardrail with '- ' ('- metric: ...')" in m for m in messages)
