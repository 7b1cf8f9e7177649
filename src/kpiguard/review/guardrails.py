"""Guardrails: relative and absolute thresholds, with a one-sided test for rates built on counts (a z-test,
or an exact test when there are too few events for the normal approximation), for averages (Welch) and for
counts of arrivals (an exact Poisson test)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from kpiguard._i18n import Message, get_lang
from kpiguard.review.attainment import reached
from kpiguard.review.noise import is_event_count
from kpiguard.spec.models import Guardrail, MetricDef

Status = Literal["ok", "breached", "breached_not_significant", "not_evaluable"]
ThresholdKind = Literal["max_increase", "max_decrease", "min", "max"]

ALPHA = 0.05
# Below this many units (sessions, e-mails, customers) in either period a rate is too noisy to test;
# an observed breach is then only a warning.
MIN_SAMPLE = 100
# The normal approximation needs a few expected events on each side; below, the test is exact.
MIN_EVENTS = 5
# An exact test sums over every possible count: beyond this many, the z-test stands in (it is then accurate,
# since only a count this large on both sides of the event makes the sum that long).
EXACT_TERMS = 200_000
# A binomial count whose mean is below MIN_EVENTS is above this with a probability below 1e-100.
BINOMIAL_SPAN = 400


@dataclass(frozen=True, slots=True)
class Threshold:
    kind: ThresholdKind
    value: float
    declared: float | None = None  # an absolute limit as written, when `value` is it scaled pro rata

    def limit(self, baseline: float | None) -> float | None:
        """The value the metric must not cross (None when a relative threshold has no baseline)."""
        if self.kind in ("min", "max"):
            return self.value
        if baseline is None:
            return None
        factor = 1 + self.value if self.kind == "max_increase" else 1 - self.value
        # A negative baseline (a loss) grows worse downwards: the allowed band is taken on its magnitude.
        return baseline + abs(baseline) * (factor - 1)

    @property
    def bad_side(self) -> Literal["up", "down"]:
        return "up" if self.kind in ("max_increase", "max") else "down"


@dataclass(frozen=True, slots=True)
class Sample:
    """A value with, for rates on counts, its events and units (numerator, denominator)."""

    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    reason: str | None = None  # why value is None
    scaled: float | None = None  # the pro rata factor `value` was multiplied by (a sum over a baseline of another length)
    squares: float | None = None  # an average's units: the sum of their squared values (review.spread)


@dataclass(frozen=True)
class GuardrailResult:
    metric: str
    label: str
    threshold: Threshold
    baseline: float | None
    current: float | None
    change: float | None  # relative change vs the baseline (0.1 = +10 %)
    limit: float | None
    status: Status
    p_value: float | None
    reason: str
    tested: bool = False
    scaled: float | None = None  # the baseline (and a relative limit) scaled pro rata by this factor (--period)

    def to_dict(self) -> dict[str, object]:
        return {
            "metric": self.metric,
            "label": self.label,
            "baseline": self.baseline,
            "current": self.current,
            "change": self.change,
            # as written in the spec; `limit` is the value compared with (pro rata of a window of another length)
            "threshold": {"kind": self.threshold.kind,
                          "value": self.threshold.declared if self.threshold.declared is not None
                          else self.threshold.value},
            "limit": self.limit,
            "status": self.status,
            "p_value": self.p_value,
            "reason": self.reason,
            "pro_rata": self.scaled is not None,
            "scaled": self.scaled,
        }


def thresholds(guardrail: Guardrail) -> list[Threshold]:
    """Every threshold written on a guardrail, in a stable order."""
    found = []
    for kind in ("max_increase", "max_decrease", "min", "max"):
        value = getattr(guardrail, kind)
        if value is not None:
            found.append(Threshold(kind, float(value)))  # type: ignore[arg-type]
    return found


def is_count_rate(metric: MetricDef | None) -> bool:
    """A rate of events over units (conversion, open, unsubscribe, repurchase): a proportion that can be tested."""
    return metric is not None and metric.ratio_of == "rate"


def is_tested_average(metric: MetricDef | None, sample: Sample) -> bool:
    """An average of one value per unit (AOV) whose units' spread was fetched: a mean that can be tested."""
    return metric is not None and metric.ratio_of == "average" and sample.squares is not None


def upper_tail(z: float) -> float:
    """P(Z > z) for a standard normal Z."""
    return 0.5 * math.erfc(z / math.sqrt(2))


def breach_p_value(threshold: Threshold, base: Sample, cur: Sample) -> float | None:
    """One-sided p-value of "the current rate is beyond the limit" (small: the breach is not noise).

    Relative thresholds compare two proportions against a margin: H0 is p1 <= (1 + m) p0 (for a rise),
    tested with the Wald statistic z = (p1 - (1 + m) p0) / sqrt(p1 q1 / n1 + (1 + m)^2 p0 q0 / n0).
    Absolute thresholds compare one proportion with a constant c: z = (p1 - c) / sqrt(c (1 - c) / n1).
    With fewer than MIN_EVENTS events (or non-events) on a side, the normal approximation fails and the tests
    are exact: a binomial tail for an absolute threshold, a conditional (Fisher) test for a relative one.
    Returns None when a period has fewer than MIN_SAMPLE units, or when an exact test is due and the counts
    are not whole numbers.
    """
    p1, n1 = cur.value, cur.denominator
    if p1 is None or n1 is None or n1 < MIN_SAMPLE:
        return None
    sign = 1.0 if threshold.bad_side == "up" else -1.0
    if threshold.kind in ("min", "max"):
        c = threshold.value
        if not 0 <= c <= 1:
            return None
        if min(c * n1, (1 - c) * n1) < MIN_EVENTS:
            counts = _counts(cur)
            return _exact_one_sample(threshold.bad_side, c, *counts) if counts else None
        se = math.sqrt(c * (1 - c) / n1)
        diff = p1 - c
    else:
        p0, n0 = base.value, base.denominator
        if p0 is None or n0 is None or n0 < MIN_SAMPLE:
            return None
        factor = 1 + threshold.value if threshold.kind == "max_increase" else 1 - threshold.value
        if min(p0 * n0, (1 - p0) * n0, p1 * n1, (1 - p1) * n1) < MIN_EVENTS:
            a, b = _counts(base), _counts(cur)
            if a is None or b is None:
                return None
            exact = _exact_two_sample(threshold.bad_side, factor, *a, *b)
            if exact is not None:
                return exact
        se = math.sqrt(p1 * (1 - p1) / n1 + factor * factor * p0 * (1 - p0) / n0)
        diff = p1 - factor * p0
    if se == 0:
        return 0.0 if sign * diff > 0 else 1.0
    return upper_tail(sign * diff / se)


def mean_breach_p_value(threshold: Threshold, base: Sample, cur: Sample) -> float | None:
    """One-sided p-value of "the current average is beyond the limit", from the units' spread (a basket of
    40 orders moves by chance far more than one of 40,000).

    The large-sample (Welch) statistic on means: a relative threshold tests H0 m1 <= (1 + m) m0 (for a rise)
    with z = (m1 - (1 + m) m0) / sqrt(v1 / n1 + (1 + m)^2 v0 / n0); an absolute one, m1 against the constant c,
    with z = (m1 - c) / sqrt(v1 / n1); v is each period's sample variance of the units' values. None when a
    period has fewer than MIN_SAMPLE units.
    """
    from kpiguard.review.spread import variance

    m1, n1 = cur.value, cur.denominator
    v1 = variance(cur.numerator, n1, cur.squares)
    if m1 is None or n1 is None or v1 is None or n1 < MIN_SAMPLE:
        return None
    sign = 1.0 if threshold.bad_side == "up" else -1.0
    if threshold.kind in ("min", "max"):
        se, diff = math.sqrt(v1 / n1), m1 - threshold.value
    else:
        m0, n0 = base.value, base.denominator
        v0 = variance(base.numerator, n0, base.squares)
        if m0 is None or n0 is None or v0 is None or n0 < MIN_SAMPLE:
            return None
        factor = 1 + threshold.value if threshold.kind == "max_increase" else 1 - threshold.value
        se, diff = math.sqrt(v1 / n1 + factor * factor * v0 / n0), m1 - factor * m0
    if se == 0:
        return 0.0 if sign * diff > 0 else 1.0
    return upper_tail(sign * diff / se)


def count_breach_p_value(threshold: Threshold, base: Sample, cur: Sample) -> float | None:
    """One-sided p-value of "the current count's level is beyond the limit", for a count of things that arrive
    by chance (review.noise): 14 new customers against a floor of 17 come out of a level of 17 by chance 28 % of
    the time. Against an absolute limit c, the Poisson tail P(X <= x1) (a floor) or P(X >= x1) (a ceiling) for
    X ~ Poisson(c); against a relative one, the conditional test of the two counts (review.noise.count_vs_count),
    the baseline's own count being its value before any pro rata. None when a count is not a whole number."""
    from kpiguard.review.noise import count_vs_count, count_vs_level, whole

    x1 = whole(cur.value)
    if x1 is None:
        return None
    if threshold.kind in ("min", "max"):
        return count_vs_level(x1, threshold.value, threshold.bad_side)
    if base.value is None:
        return None
    ratio = base.scaled or 1.0
    x0 = whole(base.value / ratio)
    if x0 is None:
        return None
    factor = 1 + threshold.value if threshold.kind == "max_increase" else 1 - threshold.value
    return count_vs_count(x0, x1, ratio, factor, threshold.bad_side)


def _counts(sample: Sample) -> tuple[int, int] | None:
    """(events, units) when both are whole numbers (they are counts of e-mails, sessions, customers)."""
    x, n = sample.numerator, sample.denominator
    if x is None or n is None or x != int(x) or n != int(n) or not 0 <= x <= n:
        return None
    return int(x), int(n)


def _exact_one_sample(side: str, c: float, x1: int, n1: int) -> float:
    """P(X >= x1) (a ceiling, side "up") or P(X <= x1) (a floor) for X ~ Binomial(n1, c), the exact
    one-proportion test. It is used when c n1 or (1 - c) n1 is below MIN_EVENTS: the count on that side,
    Y, has a mean below 5, so its law is summed on 0..BINOMIAL_SPAN, beyond which it weighs nothing."""
    if c in (0.0, 1.0):  # a certain outcome: any count on the bad side of it is a breach beyond doubt
        bad = x1 > c * n1 if side == "up" else x1 < c * n1
        return 0.0 if bad else 1.0
    few_events = c * n1 < MIN_EVENTS
    q = c if few_events else 1 - c
    y = x1 if few_events else n1 - x1  # X >= x1 is Y >= y with few events, Y <= y with few non-events
    at_least = (side == "up") == few_events
    span = min(n1, BINOMIAL_SPAN)
    log_q, log_r = math.log(q), math.log1p(-q)
    pmf = [math.exp(_log_choose(n1, k) + k * log_q + (n1 - k) * log_r) for k in range(span + 1)]
    if at_least:
        return min(1.0, math.fsum(pmf[y:])) if y <= span else 0.0
    return min(1.0, math.fsum(pmf[:y + 1]))


def _exact_two_sample(side: str, factor: float, x0: int, n0: int, x1: int, n1: int) -> float | None:
    """The conditional test of H0: p1 = factor x p0 given the events of both periods (Fisher's exact test
    when factor is 1): the current count then follows Fisher's noncentral hypergeometric law, whose odds
    ratio is taken at the most likely rates under H0 (`_rate_under_h0`). None when its support is longer
    than EXACT_TERMS (then both counts are large enough for the z-test)."""
    total = x0 + x1
    if total in (0, n0 + n1):
        return 1.0  # no event at all (or nothing else): nothing moved
    lo, hi = max(0, total - n0), min(total, n1)
    if hi - lo > EXACT_TERMS:
        return None
    p0 = _rate_under_h0(x0, n0, x1, n1, factor)
    log_odds = math.log(factor) + math.log1p(-p0) - math.log1p(-factor * p0)
    logs = [_log_choose(n1, x) + _log_choose(n0, total - x) + x * log_odds for x in range(lo, hi + 1)]
    top = max(logs)
    weights = [math.exp(v - top) for v in logs]
    inside = weights[x1 - lo:] if side == "up" else weights[:x1 - lo + 1]
    return min(1.0, math.fsum(inside) / math.fsum(weights))


def _rate_under_h0(x0: int, n0: int, x1: int, n1: int, factor: float) -> float:
    """The baseline rate p0 that makes the counts most likely when the current rate is factor x p0: the root
    of the likelihood's derivative, which decreases on (0, min(1, 1/factor)), found by bisection."""
    def slope(p: float) -> float:
        return (x0 + x1) / p - (n0 - x0) / (1 - p) - factor * (n1 - x1) / (1 - factor * p)

    lo, hi = 0.0, min(1.0, 1.0 / factor)
    for _ in range(200):
        mid = (lo + hi) / 2
        if mid in (lo, hi):
            break
        lo, hi = (mid, hi) if slope(mid) > 0 else (lo, mid)
    return min(max(lo, 1e-12), (1 - 1e-12) * min(1.0, 1.0 / factor))


def _log_choose(n: int, k: int) -> float:
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)


def judge_guardrail(guardrail: Guardrail, metric: MetricDef | None, label: str, base: Sample, cur: Sample, *,
                    alpha: float = ALPHA, unit: str = "", lang: str | None = None,
                    scale: float | None = None) -> list[GuardrailResult]:
    """One result per threshold written on the guardrail. `scale`: the window's length over the baseline's,
    when they differ and the metric is a sum or a count (its absolute limits are then scaled pro rata)."""
    return [judge_threshold(guardrail.metric, metric, label, t, base, cur, alpha=alpha, unit=unit, lang=lang,
                            scale=scale)
            for t in thresholds(guardrail)]


def judge_threshold(name: str, metric: MetricDef | None, label: str, threshold: Threshold, base: Sample,
                    cur: Sample, *, alpha: float = ALPHA, unit: str = "", lang: str | None = None,
                    scale: float | None = None) -> GuardrailResult:
    from kpiguard.review.numbers import fmt_change, fmt_factor, fmt_value

    if scale is not None and threshold.kind in ("min", "max"):
        # An absolute floor or ceiling on a sum is written over the baseline's length, as FROM and TO are
        # ("at least 20,000 e-mails" a half-year): a window of another length compares with it pro rata.
        threshold = Threshold(threshold.kind, threshold.value * scale, threshold.value)

    relative = threshold.kind in ("max_increase", "max_decrease")
    change = None
    if base.value is not None and cur.value is not None and base.value != 0:
        change = (cur.value - base.value) / abs(base.value)

    def result(status: Status, reason: str, p: float | None = None, limit: float | None = None,
               tested: bool = False) -> GuardrailResult:
        return GuardrailResult(name, label, threshold, base.value, cur.value, change, limit, status, p, reason,
                               tested, base.scaled if base.value is not None else None)

    if cur.value is None or (relative and base.value is None):
        missing = cur if cur.value is None else base
        return result("not_evaluable", NOT_EVALUABLE.render(lang, label=label, why=missing.reason or "?"))
    limit = threshold.limit(base.value)
    assert limit is not None
    # A value exactly at its limit is allowed ("may fall by at most 10%" allows 10%): the limit is computed in
    # floating point (31 x 0.9 is 27.900000000000002), so "at" is up to that noise, as a target is reached.
    beyond = cur.value > limit if threshold.bad_side == "up" else cur.value < limit
    crossed = beyond and not reached(cur.value, limit)
    values = {
        "label": label,
        "current": fmt_value(cur.value, unit, lang),
        # a baseline scaled pro rata to the window says so, as the tables do: `€196.5k (×0.249)`
        "baseline": (fmt_value(base.value, unit, lang) + (f" ({fmt_factor(base.scaled, lang)})" if base.scaled else ""))
        if base.value is not None else "?",
        "change": fmt_change(change, lang) if change is not None else "?",
        "limit": fmt_value(limit, unit, lang),
        "threshold": fmt_change(threshold.value, lang, signed=False) if relative
        else fmt_value(threshold.value, unit, lang),
    }
    rule = RULES_NONE.get(threshold.kind) if relative and threshold.value == 0 else None  # `max_decrease: 0%`
    values["rule"] = (rule or RULES[threshold.kind]).render(lang, threshold=values["threshold"])
    if threshold.declared is not None:
        values["rule"] += PRO_RATA.render(lang, declared=fmt_value(threshold.declared, unit, lang))
    average = is_tested_average(metric, cur)
    counted = is_event_count(metric)
    p_value = breach_p_value(threshold, base, cur) if is_count_rate(metric) else \
        mean_breach_p_value(threshold, base, cur) if average else \
        count_breach_p_value(threshold, base, cur) if counted else None
    tested = p_value is not None
    if not crossed:
        return result("ok", OK.render(lang, **values), p_value, limit, tested)
    if not is_count_rate(metric) and not average and (not counted or p_value is None):
        # Sums cover the whole population of the period: a crossing is a fact, not a sample. (A count of
        # arrivals is one draw of a Poisson count: tested above, exactly, however small.)
        return result("breached", BREACHED.render(lang, **values), None, limit)
    if p_value is None:
        return result("breached_not_significant", TOO_SMALL.render(lang, n=MIN_SAMPLE, **values), None, limit)
    values["p"] = fmt_p(p_value, lang)
    values["alpha"] = _decimal(f"{alpha:g}", lang)
    if p_value < alpha:
        return result("breached", BREACHED_SIGNIFICANT.render(lang, **values), p_value, limit, True)
    return result("breached_not_significant", NOT_SIGNIFICANT.render(lang, **values), p_value, limit, True)


def fmt_p(p: float, lang: str | None = None) -> str:
    """A p-value as a reader writes it: p < 0.001 / p = 0.042 (p < 0,001 / p = 0,042 in French)."""
    return _decimal("p < 0.001" if p < 0.001 else f"p = {p:.3f}", lang)


def _decimal(text: str, lang: str | None) -> str:
    return text.replace(".", ",") if (lang or get_lang()) == "fr" else text


RULES = {
    "max_increase": Message(en="may rise by at most {threshold}", fr="ne doit pas augmenter de plus de {threshold}"),
    "max_decrease": Message(en="may fall by at most {threshold}", fr="ne doit pas baisser de plus de {threshold}"),
    "min": Message(en="must stay at or above {threshold}", fr="doit rester au moins à {threshold}"),
    "max": Message(en="must stay at or below {threshold}", fr="doit rester au plus à {threshold}"),
}
# A relative threshold of 0 % (kpiguard's own rewrites write `max_decrease: 0%`) forbids any move that way:
# "may fall by at most 0.0%" said it the long way round.
RULES_NONE = {
    "max_increase": Message(en="must not rise", fr="ne doit pas augmenter"),
    "max_decrease": Message(en="must not fall", fr="ne doit pas baisser"),
}
PRO_RATA = Message(en=", pro rata of {declared} over the baseline's length",
                   fr=", au prorata de {declared} sur la durée de la référence")
OK = Message(en="{label} held: {current} vs {baseline} at baseline ({change}); limit {limit} ({rule})",
             fr="{label} tient : {current} contre {baseline} en référence ({change}) ; limite {limit} ({rule})")
BREACHED = Message(
    en="{label} crossed its limit: {current} vs {baseline} at baseline ({change}); limit {limit} ({rule})",
    fr="{label} a franchi sa limite : {current} contre {baseline} en référence ({change}) ; limite {limit} ({rule})")
BREACHED_SIGNIFICANT = Message(
    en="{label} crossed its limit: {current} vs {baseline} at baseline ({change}); limit {limit} ({rule}); "
       "significant ({p}, alpha {alpha})",
    fr="{label} a franchi sa limite : {current} contre {baseline} en référence ({change}) ; limite {limit} ({rule}) ; "
       "significatif ({p}, alpha {alpha})")
NOT_SIGNIFICANT = Message(
    en="{label} is past its limit ({current} vs limit {limit}; {change} vs baseline {baseline}) but not "
       "significantly ({p}, alpha {alpha}): a warning",
    fr="{label} dépasse sa limite ({current} contre une limite de {limit} ; {change} par rapport à {baseline}) "
       "mais pas significativement ({p}, alpha {alpha}) : un avertissement")
TOO_SMALL = Message(
    en="{label} is past its limit ({current} vs limit {limit}) but the sample is too small to test "
       "(fewer than {n} units): a warning",
    fr="{label} dépasse sa limite ({current} contre une limite de {limit}) mais l'échantillon est trop petit "
       "pour conclure (moins de {n} unités) : un avertissement")
NOT_EVALUABLE = Message(en="{label} cannot be evaluated: {why}", fr="{label} n'est pas évaluable : {why}")

__all__ = [
    "ALPHA",
    "MIN_SAMPLE",
    "GuardrailResult",
    "Sample",
    "Threshold",
    "breach_p_value",
    "count_breach_p_value",
    "is_count_rate",
    "is_tested_average",
    "judge_guardrail",
    "judge_threshold",
    "mean_breach_p_value",
    "thresholds",
    "upper_tail",
]
