"""LMDI and the ratio split: the published fixture, exactness, zeros, and agreement with Shapley."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpiguard.review.decomposition import (
    NotDecomposable,
    lmdi,
    log_mean,
    segment_contributions,
    shapley_ratio,
    split_ratio,
)

# LMDIR (test_lmdi.R): two subcategories, three factors, V_i the product of its factors.
Y1971 = [(1, 10, 2), (4, 5, 3)]
Y1972 = [(4, 5, 3), (5, 6, 4)]


def close(a: float, b: float, rel: float = 1e-9) -> bool:
    return abs(a - b) <= rel * max(abs(a), abs(b), 1e-300)


def test_lmdir_fixture_additive():
    split = lmdi(Y1971, Y1972)
    assert split.additive == pytest.approx((69.79006598, -9.455125793, 39.66505981), abs=1e-7)
    assert split.total_additive == pytest.approx(100)
    assert math.fsum(split.additive) == pytest.approx(100, rel=1e-12)


def test_lmdir_fixture_multiplicative():
    split = lmdi(Y1971, Y1972)
    assert split.multiplicative == pytest.approx((1.761117821, 0.926191306, 1.379410116), abs=1e-8)
    assert split.total_multiplicative == pytest.approx(2.25)
    assert math.prod(split.multiplicative) == pytest.approx(2.25, rel=1e-12)


def test_log_mean_limits():
    assert log_mean(3.0, 3.0) == 3.0
    assert log_mean(5.0, 0.0) == 0.0
    assert log_mean(2.0, 1.0) == pytest.approx(1 / math.log(2))
    # continuity across the series branch
    assert log_mean(1.0, 1.0 + 1e-9) == pytest.approx(1.0 + 0.5e-9, rel=1e-15)
    with pytest.raises(NotDecomposable):
        log_mean(-1.0, 2.0)


def test_zero_factor_takes_the_whole_change():
    # a subcategory that did not exist before: the change goes to the factor that was zero
    split = lmdi([(0.0, 5.0), (2.0, 3.0)], [(2.0, 5.0), (2.0, 3.0)])
    assert split.additive == pytest.approx((10.0, 0.0))
    # a subcategory that vanished: its whole value is lost through the factor that reached zero
    split = lmdi([(2.0, 5.0), (2.0, 3.0)], [(2.0, 0.0), (2.0, 3.0)])
    assert split.additive == pytest.approx((0.0, -10.0))
    # two zero factors share it equally
    split = lmdi([(0.0, 0.0, 1.0)], [(2.0, 3.0, 1.0)])
    assert split.additive == pytest.approx((3.0, 3.0, 0.0))
    assert split.multiplicative is None


def test_ratio_split_email_share_example():
    # e-mail revenue flat at 100, total revenue falls 500 -> 400: the share rises 20% -> 25%, all from the denominator
    split = split_ratio(100, 500, 100, 400)
    assert split.total == pytest.approx(0.05)
    assert split.numerator_effect == pytest.approx(0.0)
    assert split.denominator_effect == pytest.approx(0.05)
    assert split.counterfactual == pytest.approx(0.20)
    assert split.denominator_share == pytest.approx(1.0)


def test_ratio_split_zero_numerator_and_bad_denominator():
    split = split_ratio(0, 10, 3, 12)
    assert (split.numerator_effect, split.denominator_effect) == (pytest.approx(0.25), 0.0)
    with pytest.raises(NotDecomposable):
        split_ratio(1, 0, 1, 2)


def test_segment_contributions_sum_to_the_change():
    rows = segment_contributions({"email": 10, "ads": 50}, {"email": 30, "ads": 40, "social": 5})
    assert [r.segment for r in rows] == ["email", "ads", "social"]
    assert math.fsum(r.change for r in rows) == pytest.approx(15)
    assert rows[0].share == pytest.approx(20 / 15)


positive = st.floats(min_value=1e-6, max_value=1e9, allow_nan=False, allow_infinity=False)
nonneg = st.one_of(st.just(0.0), positive)


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 4), st.integers(1, 5), st.data())
def test_lmdi_sums_to_the_total(n_sub, n_factors, data):
    row = st.lists(nonneg, min_size=n_factors, max_size=n_factors)
    before = data.draw(st.lists(row, min_size=n_sub, max_size=n_sub))
    after = data.draw(st.lists(row, min_size=n_sub, max_size=n_sub))
    split = lmdi(before, after)
    v0 = math.fsum(math.prod(r) for r in before)
    v1 = math.fsum(math.prod(r) for r in after)
    total = v1 - v0
    # 1e-9 relative to the change; an absolute 1e-12 of the level covers a change that is itself rounding noise
    assert abs(math.fsum(split.additive) - total) <= 1e-9 * abs(total) + 1e-12 * max(v0, v1)
    if split.multiplicative is not None:
        assert close(math.prod(split.multiplicative), v1 / v0, rel=1e-9)


@settings(max_examples=300, deadline=None)
@given(nonneg, positive, nonneg, positive)
def test_ratio_split_is_exact_and_agrees_with_shapley(n0, d0, n1, d1):
    split = split_ratio(n0, d0, n1, d1)
    total = n1 / d1 - n0 / d0
    assert abs(split.numerator_effect + split.denominator_effect - total) <= 1e-9 * abs(total) + 1e-12 * max(
        n0 / d0, n1 / d1)
    shap_num, shap_den = shapley_ratio(n0, d0, n1, d1)
    for lm, sh in ((split.numerator_effect, shap_num), (split.denominator_effect, shap_den)):
        assert lm == 0 or sh == 0 or math.copysign(1, lm) == math.copysign(1, sh)
    # a pure numerator or denominator move goes entirely to that side
    if n0 > 0 and n1 > 0:
        assert (split.numerator_effect > 0) == (n1 > n0) or n1 == n0
        assert (split.denominator_effect > 0) == (d1 < d0) or d1 == d0
