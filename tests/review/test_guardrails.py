"""Guardrails: thresholds in both directions, the z-test against a hand computation, small samples."""

from __future__ import annotations

import math

import pytest

from kpiguard.catalog import resolve_metric
from kpiguard.review.guardrails import MIN_SAMPLE, Sample, Threshold, breach_p_value, judge_threshold
from kpiguard.spec.models import Guardrail

UNSUB = resolve_metric("email_unsubscribe_rate")
OPEN = resolve_metric("email_open_rate")
REVENUE = resolve_metric("revenue")


def rate(events: int, units: int) -> Sample:
    return Sample(events / units, events, units)


def test_relative_rise_on_a_rate_is_tested_against_the_margin():
    t = Threshold("max_increase", 0.2)
    base, cur = rate(10, 2000), rate(40, 2000)
    p0, p1, n = 0.005, 0.02, 2000
    se = math.sqrt(p1 * (1 - p1) / n + 1.2 ** 2 * p0 * (1 - p0) / n)
    z = (p1 - 1.2 * p0) / se
    expected = 0.5 * math.erfc(z / math.sqrt(2))
    assert breach_p_value(t, base, cur) == pytest.approx(expected, rel=1e-12)
    result = judge_threshold("email_unsubscribe_rate", UNSUB, "Unsubscribe rate", t, base, cur, unit="%")
    assert result.status == "breached" and result.limit == pytest.approx(0.006)
    assert result.change == pytest.approx(3.0)
    assert "2.0% vs 0.50% at baseline (+300.0%)" in result.reason


def test_a_small_breach_on_a_rate_is_only_a_warning():
    t = Threshold("max_decrease", 0.1)
    result = judge_threshold("email_open_rate", OPEN, "Open rate", t, rate(400, 2000), rate(350, 2000), unit="%")
    assert result.status == "breached_not_significant"
    assert 0.05 < result.p_value < 0.5


def test_the_same_breach_on_a_large_sample_is_significant():
    t = Threshold("max_decrease", 0.1)
    result = judge_threshold("email_open_rate", OPEN, "Open rate", t, rate(40000, 200000), rate(35000, 200000),
                             unit="%")
    assert result.status == "breached" and result.p_value < 0.05


def test_below_the_minimum_sample_nothing_is_tested():
    t = Threshold("max_increase", 0.2)
    small = MIN_SAMPLE - 1
    result = judge_threshold("email_unsubscribe_rate", UNSUB, "Unsubscribe rate", t, rate(1, small),
                             rate(30, small), unit="%")
    assert result.status == "breached_not_significant" and result.p_value is None
    assert "too small" in result.reason


def test_within_the_limit_is_ok_with_its_p_value():
    t = Threshold("max_increase", 0.2)
    result = judge_threshold("email_unsubscribe_rate", UNSUB, "Unsubscribe rate", t, rate(10, 2000),
                             rate(11, 2000), unit="%")
    assert result.status == "ok" and result.p_value > 0.5


def test_amounts_are_whole_populations_not_samples():
    t = Threshold("max_decrease", 0.0)
    result = judge_threshold("revenue", REVENUE, "Revenue", t, Sample(100.0), Sample(99.0), unit="EUR")
    assert result.status == "breached" and result.p_value is None
    assert judge_threshold("revenue", REVENUE, "Revenue", t, Sample(100.0), Sample(100.0)).status == "ok"


@pytest.mark.parametrize(("kind", "value", "current", "status"), [
    ("min", 1_000_000, 999_999, "breached"),
    ("min", 1_000_000, 1_000_000, "ok"),
    ("max", 0.005, 0.004, "ok"),
])
def test_absolute_thresholds(kind, value, current, status):
    result = judge_threshold("m", None, "M", Threshold(kind, value), Sample(None), Sample(current))
    assert result.status == status  # absolute thresholds need no baseline


def test_absolute_ceiling_on_a_rate_uses_a_one_sample_test():
    t = Threshold("max", 0.005)
    p = breach_p_value(t, Sample(None), rate(60, 10000))
    z = (0.006 - 0.005) / math.sqrt(0.005 * 0.995 / 10000)
    assert p == pytest.approx(0.5 * math.erfc(z / math.sqrt(2)))


def test_missing_values_are_not_evaluable():
    t = Threshold("max_increase", 0.2)
    result = judge_threshold("m", UNSUB, "M", t, Sample(None, reason="no data in 2025"), rate(1, 200))
    assert result.status == "not_evaluable" and "no data in 2025" in result.reason


def test_every_threshold_of_a_guardrail_is_judged():
    from kpiguard.review.guardrails import judge_guardrail

    g = Guardrail(metric="revenue", max_decrease=0.1, min=50)
    results = judge_guardrail(g, REVENUE, "Revenue", Sample(100.0), Sample(40.0))
    assert [(r.threshold.kind, r.status) for r in results] == [("max_decrease", "breached"), ("min", "breached")]


AOV = resolve_metric("aov")


@pytest.mark.parametrize(("metric", "kind", "value", "base", "cur"), [
    (AOV, "max_decrease", 0.1, Sample(31.0), Sample(27.9)),    # 31 x 0.9 is 27.900000000000002 in floating point
    (AOV, "max_increase", 0.2, Sample(3.0), Sample(3.6)),      # 3 x 1.2 is 3.5999999999999996
    (OPEN, "max_decrease", 0.1, rate(500, 10000), rate(450, 10000)),  # 5 % x 0.9 is 0.045000000000000005
])
def test_a_value_exactly_at_its_limit_holds(metric, kind, value, base, cur):
    # "may fall by at most 10%" allows a fall of 10%: it was read as crossed by the limit's rounding noise
    # ("€27.90 vs limit €27.90", a toxic success; an open rate "past its limit (4.5% vs limit 4.5%)")
    result = judge_threshold(metric.name, metric, "M", Threshold(kind, value), base, cur, unit="EUR")
    assert result.status == "ok", result.reason
    assert "held" in result.reason


def test_french_reason():
    t = Threshold("max_increase", 0.2)
    result = judge_threshold("email_unsubscribe_rate", UNSUB, "Taux de désabonnement", t, rate(10, 2000),
                             rate(40, 2000), unit="%", lang="fr")
    assert "a franchi sa limite : 2,0\u00a0% contre 0,50\u00a0%" in result.reason


def test_few_events_get_an_exact_test_instead_of_a_warning():
    # unsubscribes 2 -> 14 out of 300 e-mails: too few events for the z-test; Fisher's exact test, by hand:
    # P(X >= 14) for X the current unsubscribes among the 16, each split of them weighed C(300, x) C(300, 16 - x)
    weight = [math.comb(300, x) * math.comb(300, 16 - x) for x in range(17)]
    fisher = sum(weight[14:]) / sum(weight)
    assert breach_p_value(Threshold("max_increase", 0.0), rate(2, 300), rate(14, 300)) == pytest.approx(fisher)
    result = judge_threshold("email_unsubscribe_rate", UNSUB, "Unsubscribe rate", Threshold("max_increase", 0.2),
                             rate(2, 300), rate(14, 300), unit="%")
    assert result.status == "breached" and result.p_value < 0.01  # was a warning: "too small to test"
    # a margin makes the breach less certain than no margin at all, never more
    assert breach_p_value(Threshold("max_increase", 0.2), rate(2, 300), rate(14, 300)) > fisher
    # 3 -> 4 is noise
    noise = judge_threshold("email_unsubscribe_rate", UNSUB, "Unsubscribe rate", Threshold("max_increase", 0.0),
                            rate(3, 300), rate(4, 300), unit="%")
    assert noise.status == "breached_not_significant" and noise.p_value == pytest.approx(0.5)


def test_few_non_events_are_tested_exactly_too():
    # a delivery-like rate near 100 %: 298 -> 290 of 300, few failures on each side; Fisher's lower tail by hand
    weight = {x: math.comb(300, x) * math.comb(300, 588 - x) for x in range(288, 301)}
    fisher = sum(w for x, w in weight.items() if x <= 290) / sum(weight.values())
    assert breach_p_value(Threshold("max_decrease", 0.0), rate(298, 300), rate(290, 300)) == pytest.approx(fisher)


@pytest.mark.parametrize(("kind", "limit", "events", "units", "tail"), [
    ("max", 0.001, 3, 1000, range(3, 1001)),      # a ceiling: P(X >= 3), X ~ Binomial(1000, 0.1 %)
    ("min", 0.999, 995, 1000, range(996)),        # a floor: P(X <= 995), X ~ Binomial(1000, 99.9 %)
])
def test_an_absolute_threshold_with_few_expected_events_is_a_binomial_tail(kind, limit, events, units, tail):
    expected = math.fsum(math.comb(units, k) * limit ** k * (1 - limit) ** (units - k) for k in tail)
    p = breach_p_value(Threshold(kind, limit), Sample(None), rate(events, units))
    assert p == pytest.approx(expected, rel=1e-9)


def test_an_exact_test_needs_whole_counts():
    assert breach_p_value(Threshold("max_increase", 0.0), Sample(0.5, 1.5, 300), rate(1, 300)) is None


@pytest.mark.parametrize(("kind", "lang", "says"), [
    ("max_decrease", "en", "(must not fall)"), ("max_decrease", "fr", "(ne doit pas baisser)"),
    ("max_increase", "en", "(must not rise)"), ("max_increase", "fr", "(ne doit pas augmenter)"),
])
def test_a_threshold_of_zero_forbids_the_move_in_words(kind, lang, says):
    """`max_decrease: 0%` (kpiguard's own rewrites write it) said "may fall by at most 0.0%"."""
    cur = Sample(900.0) if kind == "max_decrease" else Sample(1100.0)
    result = judge_threshold("revenue", REVENUE, "Revenue", Threshold(kind, 0.0), Sample(1000.0), cur, unit="EUR",
                             lang=lang)
    assert result.status == "breached" and says in result.reason
    assert "0.0" not in result.reason.split("(")[-1] and "0,0" not in result.reason.split("(")[-1]
