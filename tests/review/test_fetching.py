"""How the review batches its metrics into compute calls: each call is a scan of the tables it reads."""

from __future__ import annotations

from kpiguard.review.evaluation import _merged
from kpiguard.spec.periods import parse_period


def test_a_group_whose_periods_are_among_anothers_is_fetched_with_it():
    """A KPI on dormant stock also read a year earlier (its season) and a guardrail on AOV over the same two
    periods were two calls, two scans of the order lines (the review on 10M orders took a second more)."""
    q4, q3, ye, may = (parse_period(p) for p in ("2025-Q4", "2025-Q3", "2024-Q4", "2025-05"))
    groups = {((q3, q4, ye), False): ["dormant_skus_cleared"], ((q3, q4), False): ["aov", "new_product_revenue"],
              ((q3, q4), True): ["margin"], ((may,), False): ["creative_hit_rate"]}
    merged = _merged(groups)
    assert sorted(map(sorted, merged.values())) == [
        ["aov", "dormant_skus_cleared", "new_product_revenue"], ["creative_hit_rate"], ["margin"]]
    # the merged call reads the union of the periods: every metric gets each period it asked for
    key = next(k for k, names in merged.items() if "aov" in names)
    assert set(key[0]) == {q3, q4, ye} and key[1] is False
