"""Additive metrics per segment, on the hand-made shop: by hand, against hand-written SQL, and adding up."""

from __future__ import annotations

import duckdb
import pytest

from kpiguard.errors import KpiguardError
from kpiguard.metrics import compute, compute_segments
from kpiguard.metrics.segments import default_dimension
from kpiguard.spec.periods import parse_period

from . import dataset

# Worked out by hand from dataset.py (periods 2025-01, 2025-02, 2025-03, 2025-Q1; Europe/Paris).
BY_HAND = {
    # Jan: o1 email 100; o2 50, o7 10 (Jan 1 in Paris), o8 5 have no utm_medium; o4 cancelled, o10 refunded.
    # Feb: o3 cpc 80 (Feb 1 00:30 in Paris), o5 email 60.50. Mar: o6 email 19.99.
    ("revenue", "channel"): ({"(none)": 65.0, "email": 100.0}, {"cpc": 80.0, "email": 60.5}, {"email": 19.99},
                             {"(none)": 65.0, "cpc": 80.0, "email": 180.49}),
    ("orders", "channel"): ({"(none)": 3, "email": 1}, {"cpc": 1, "email": 1}, {"email": 1},
                            {"(none)": 3, "cpc": 1, "email": 3}),
    # o6 (March, email) has no margin: the March email segment is unknown, as the metric is ("null")
    ("margin", "channel"): ({"(none)": 13.0, "email": 30.0}, {"cpc": 20.0, "email": 15.25}, {"email": None},
                            {"(none)": 13.0, "cpc": 20.0, "email": 45.25}),
    ("email_revenue", "channel"): ({"email": 100.0}, {"email": 60.5}, {"email": 19.99}, {"email": 180.49}),
    ("sessions", "channel"): ({"direct": 1, "email": 1, "seo": 2}, {"cpc": 1, "direct": 1, "email": 1}, {},
                              {"cpc": 1, "direct": 2, "email": 2, "seo": 2}),
    ("emails_sent", "campaign"): ({"k1": 3}, {"k2": 2}, {}, {"k1": 3, "k2": 2}),
    # lines: o1 p1 mugs 60 + p2 tea 40; o2 p2 50; o7 p2 10; o8 p2 5 -> Jan mugs 60, tea 105; o3 p4 mugs 80,
    # o5 p1 mugs 60.50 -> Feb mugs 140.50; o6 p1 mugs 19.99
    ("line_revenue", "category"): ({"mugs": 60.0, "tea": 105.0}, {"mugs": 140.5}, {"mugs": 19.99},
                                   {"mugs": 220.49, "tea": 105.0}),
    ("new_product_revenue", "category"): ({"mugs": 60.0}, {"mugs": 140.5}, {"mugs": 19.99}, {"mugs": 220.49}),
    ("line_revenue", "channel"): ({"(none)": 65.0, "email": 100.0}, {"cpc": 80.0, "email": 60.5},
                                  {"email": 19.99}, {"(none)": 65.0, "cpc": 80.0, "email": 180.49}),
    ("big_orders", "channel"): ({"email": 1}, {"cpc": 1, "email": 1}, {}, {"cpc": 1, "email": 2}),
}


def _close(got: dict, want: dict) -> None:
    assert set(got) == set(want)
    for key, value in want.items():
        if value is None:
            assert got[key] is None, key
        else:
            assert got[key] == pytest.approx(value, abs=1e-9), key


def check_by_hand(spec) -> None:
    for (metric, dimension), expected in BY_HAND.items():
        segments = compute_segments(spec, metric, dataset.PERIODS, dimension)
        for period, want in zip(dataset.PERIODS, expected, strict=True):
            _close(segments.get(period), want)


def test_segments_by_hand(duckdb_spec):
    check_by_hand(duckdb_spec)


@pytest.mark.parametrize("metric,dimension", sorted(BY_HAND))
def test_segments_add_up_to_the_metric(duckdb_spec, metric, dimension):
    segments = compute_segments(duckdb_spec, metric, dataset.PERIODS, dimension)
    totals = compute(duckdb_spec, [metric], dataset.PERIODS)
    for period in dataset.PERIODS:
        value = totals.get(metric, parse_period(period))
        if value.status == "ok":
            assert segments.total(period) == pytest.approx(value.value, abs=1e-9)
        elif value.status == "empty":
            assert segments.get(period) == {}
        else:  # "null": a segment is unknown, so is the total
            assert segments.total(period) is None


SQL = {
    ("revenue", "channel"): """
        select coalesce(utm_medium, '(none)') as seg, sum(revenue) as v
        from read_parquet('{data}/orders.parquet')
        where coalesce(status, 'completed') = 'completed'
          and timezone('Europe/Paris', ordered_at) >= timestamp '{start}'
          and timezone('Europe/Paris', ordered_at) < timestamp '{end}'
        group by 1""",
    ("sessions", "channel"): """
        select coalesce(source, '(none)') as seg, count(*) as v from read_parquet('{data}/sessions.parquet')
        where started_at >= timestamp '{start}' and started_at < timestamp '{end}' group by 1""",
    ("line_revenue", "category"): """
        select coalesce(p.category, '(none)') as seg, sum(l.revenue) as v
        from read_parquet('{data}/order_lines.parquet') l
        join read_parquet('{data}/orders.parquet') o using (order_id)
        left join read_parquet('{data}/products.parquet') p using (product_id)
        where coalesce(o.status, 'completed') = 'completed'
          and timezone('Europe/Paris', o.ordered_at) >= timestamp '{start}'
          and timezone('Europe/Paris', o.ordered_at) < timestamp '{end}'
        group by 1""",
    ("new_product_revenue", "category"): """
        select coalesce(p.category, '(none)') as seg, sum(l.revenue) as v
        from read_parquet('{data}/order_lines.parquet') l
        join read_parquet('{data}/orders.parquet') o using (order_id)
        left join read_parquet('{data}/products.parquet') p using (product_id)
        where coalesce(o.status, 'completed') = 'completed'
          and timezone('Europe/Paris', o.ordered_at) >= timestamp '{start}'
          and timezone('Europe/Paris', o.ordered_at) < timestamp '{end}'
          and cast(timezone('Europe/Paris', o.ordered_at) as date) between p.launched_at and p.launched_at + 90
        group by 1""",
}


@pytest.mark.parametrize("metric,dimension", sorted(SQL))
def test_segments_match_hand_written_sql(duckdb_spec, shop_dir, metric, dimension):
    data = shop_dir / "data"
    segments = compute_segments(duckdb_spec, metric, dataset.PERIODS, dimension)
    for label in dataset.PERIODS:
        period = parse_period(label)
        rows = duckdb.sql(SQL[(metric, dimension)].format(data=data, start=period.start, end=period.end)).fetchall()
        _close(segments.get(label), {seg: float(v) for seg, v in rows})


def test_one_grouped_query(duckdb_spec, monkeypatch):
    from kpiguard.metrics import connect
    from kpiguard.metrics import source as source_module

    source = connect(duckdb_spec)
    source.table("orders", metric="revenue")  # opening the orders checks their statuses once, in a query of its own
    results = []
    original = source_module.Source.execute

    def spy(self, expr):
        results.append(original(self, expr))
        return results[-1]

    monkeypatch.setattr(source_module.Source, "execute", spy)
    compute_segments(duckdb_spec, "revenue", dataset.PERIODS, "channel", source=source)
    assert len(results) == 1
    assert len(results[0]) == 3  # one row per segment ((none), cpc, email) comes back, not the orders


@pytest.mark.parametrize("metric", ["aov", "email_revenue_share", "active_customers", "revenue_after_margin",
                                    "repurchase_rate_90d", "dormant_skus"])
def test_non_additive_metrics_are_refused(duckdb_spec, metric):
    with pytest.raises(KpiguardError) as error:
        compute_segments(duckdb_spec, metric, ["2025-01"], "channel")
    assert metric in str(error.value)
    assert default_dimension(duckdb_spec, metric) is None


def test_unknown_dimension_and_missing_column(duckdb_spec):
    with pytest.raises(KpiguardError, match="cannot be split by 'colour'"):
        compute_segments(duckdb_spec, "revenue", ["2025-01"], "colour")
    with pytest.raises(KpiguardError, match="cannot be split by 'category'"):
        compute_segments(duckdb_spec, "sessions", ["2025-01"], "category")
    # the shop's orders have no utm_source column: a data error naming the column, not a crash
    with pytest.raises(KpiguardError, match="utm_source"):
        compute_segments(duckdb_spec, "revenue", ["2025-01"], "source")


def test_any_column_of_the_metric_table(duckdb_spec):
    # a dimension that is a column of the metric's own table works without being declared
    segments = compute_segments(duckdb_spec, "orders", ["2025-Q1"], "customer_id")
    assert segments.get("2025-Q1") == {"c1": 2, "c2": 2, "c3": 1, "c4": 2}


def test_default_dimensions(duckdb_spec):
    assert default_dimension(duckdb_spec, "revenue") == "channel"
    assert default_dimension(duckdb_spec, "sessions") == "channel"
    assert default_dimension(duckdb_spec, "line_revenue") == "category"
    assert default_dimension(duckdb_spec, "new_product_revenue") == "category"
    # campaigns each live in one period: a change split by campaign says nothing; not a default
    assert default_dimension(duckdb_spec, "emails_sent") is None
    # a filter that pins the channel leaves one segment: nothing to split
    assert default_dimension(duckdb_spec, "email_revenue") is None
    assert default_dimension(duckdb_spec, "big_orders") == "channel"  # revenue >= 60: not a pinned column


def test_french_refusal(duckdb_spec):
    from kpiguard._i18n import set_lang

    set_lang("fr")
    try:
        with pytest.raises(KpiguardError, match="ne peut pas être ventilée"):
            compute_segments(duckdb_spec, "aov", ["2025-01"], "channel")
    finally:
        set_lang("en")


@pytest.mark.postgres
@pytest.mark.xdist_group("postgres")
def test_segments_on_postgres(pg_spec):
    check_by_hand(pg_spec)


@pytest.mark.spark
@pytest.mark.xdist_group("spark")
def test_segments_on_spark(spark_spec):
    check_by_hand(spark_spec)
