"""Exact decompositions of a change: ratio split (LMDI), LMDI-I over drivers, segment contributions."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


class NotDecomposable(ValueError):
    """The values do not admit a logarithmic decomposition (a negative value, a zero denominator)."""


def log_mean(a: float, b: float) -> float:
    """The logarithmic mean L(a, b) = (a - b) / (ln a - ln b), with L(a, a) = a and L(a, 0) = 0."""
    if a < 0 or b < 0:
        raise NotDecomposable(f"logarithmic mean of a negative value ({a}, {b})")
    if a == 0 or b == 0:
        return 0.0
    if a == b:
        return float(a)
    # Near a == b the quotient loses precision; the series a(1 + x/2 + x^2/6 ...) with x = ln(b/a)
    # stays exact to the last digit there.
    x = math.log(b / a)
    if abs(x) < 1e-6:
        return a * (1 + x / 2 + x * x / 6)
    return (a - b) / (math.log(a) - math.log(b))


@dataclass(frozen=True, slots=True)
class RatioSplit:
    """How a ratio R = N / D moved: the part due to the numerator and the part due to the denominator."""

    numerator_effect: float
    denominator_effect: float
    total: float
    counterfactual: float  # N1 / D0: the ratio had the denominator held at its baseline

    @property
    def denominator_share(self) -> float | None:
        """The share of the change that came from the denominator (None when nothing changed)."""
        if self.total == 0:
            return None
        return self.denominator_effect / self.total


def split_ratio(n0: float, d0: float, n1: float, d1: float) -> RatioSplit:
    """LMDI split of R1 - R0 with R = N / D: dR_N = L(R1,R0) ln(N1/N0), dR_D = -L(R1,R0) ln(D1/D0).

    The two effects sum to R1 - R0 exactly. A zero numerator is handled by the analytic limit
    (the whole change goes to the numerator); a zero or negative denominator cannot be split.
    """
    if d0 <= 0 or d1 <= 0:
        raise NotDecomposable("the denominator must be positive in both periods")
    if n0 < 0 or n1 < 0:
        raise NotDecomposable("the numerator must not be negative")
    r0, r1 = n0 / d0, n1 / d1
    total = r1 - r0
    if n0 == 0 or n1 == 0:
        # Limit of the log terms as the zero value tends to 0: L(R1,R0) ln(N1/N0) -> R1 - R0.
        num, den = total, 0.0
    else:
        weight = log_mean(r1, r0)
        num = weight * math.log(n1 / n0)
        den = -weight * math.log(d1 / d0)
    return RatioSplit(num, den, total, n1 / d0)


def shapley_ratio(n0: float, d0: float, n1: float, d1: float) -> tuple[float, float]:
    """The Shapley split of N1/D1 - N0/D0 between numerator and denominator (a cross-check of LMDI)."""
    num = 0.5 * ((n1 / d0 - n0 / d0) + (n1 / d1 - n0 / d1))
    den = 0.5 * ((n0 / d1 - n0 / d0) + (n1 / d1 - n1 / d0))
    return num, den


@dataclass(frozen=True, slots=True)
class DriverSplit:
    """LMDI-I of V = sum_i prod_k x_ik: one additive and one multiplicative effect per driver k."""

    additive: tuple[float, ...]
    multiplicative: tuple[float, ...] | None  # None when the total is zero in one period
    total_additive: float
    total_multiplicative: float | None


def _rows(factors: Sequence[Sequence[float]] | Sequence[float]) -> list[list[float]]:
    if factors and isinstance(factors[0], (int, float)):
        return [[float(x) for x in factors]]  # type: ignore[arg-type]
    return [[float(x) for x in row] for row in factors]  # type: ignore[union-attr]


def _log_terms(row0: list[float], row1: list[float]) -> list[float]:
    """L(V1, V0) ln(x_k1 / x_k0) for one subcategory, zeros replaced by their analytic limits.

    Following Ang & Liu (2007), when a factor is zero in one period the small-value strategy
    converges: the zero factors share the whole change V1 - V0 (equally, when several are zero),
    and the other factors get nothing. A factor zero in both periods contributes nothing.
    """
    if any(x < 0 for x in row0 + row1):
        raise NotDecomposable("LMDI needs values that are not negative")
    v0, v1 = math.prod(row0), math.prod(row1)
    k = len(row0)
    if v0 > 0 and v1 > 0:
        weight = log_mean(v1, v0)
        return [weight * math.log(b / a) for a, b in zip(row0, row1, strict=True)]
    if v0 == 0 and v1 == 0:
        return [0.0] * k
    if v0 == 0:
        zeros = [i for i in range(k) if row0[i] == 0]
    else:
        zeros = [i for i in range(k) if row1[i] == 0]
    share = (v1 - v0) / len(zeros)
    return [share if i in zeros else 0.0 for i in range(k)]


def lmdi(before: Sequence[Sequence[float]] | Sequence[float],
         after: Sequence[Sequence[float]] | Sequence[float]) -> DriverSplit:
    """Additive and multiplicative LMDI-I of V = sum over subcategories of the product of the factors.

    `before` and `after` are one row of factors per subcategory (or a single row). The additive effects
    sum to V1 - V0 and the multiplicative effects multiply to V1 / V0, up to floating-point rounding.
    """
    rows0, rows1 = _rows(before), _rows(after)
    if len(rows0) != len(rows1) or any(len(a) != len(b) for a, b in zip(rows0, rows1, strict=True)):
        raise ValueError("before and after must have the same subcategories and factors")
    if not rows0 or len({len(r) for r in rows0}) != 1:
        raise ValueError("every subcategory needs the same number of factors")
    k = len(rows0[0])
    terms = [_log_terms(a, b) for a, b in zip(rows0, rows1, strict=True)]
    additive = tuple(math.fsum(t[j] for t in terms) for j in range(k))
    v0 = math.fsum(math.prod(r) for r in rows0)
    v1 = math.fsum(math.prod(r) for r in rows1)
    if v0 > 0 and v1 > 0:
        # Multiplicative LMDI-I: D_k = exp(sum_i L(V_i1, V_i0) ln(x_ik1/x_ik0) / L(V1, V0)).
        weight = log_mean(v1, v0)
        multiplicative: tuple[float, ...] | None = tuple(math.exp(a / weight) for a in additive)
        total_mult: float | None = v1 / v0
    else:
        multiplicative, total_mult = None, None
    return DriverSplit(additive, multiplicative, v1 - v0, total_mult)


@dataclass(frozen=True, slots=True)
class SegmentContribution:
    segment: str
    before: float
    after: float
    change: float
    share: float | None  # of the total change; None when the total did not move


def segment_contributions(before: Mapping[str, float], after: Mapping[str, float]) -> list[SegmentContribution]:
    """For an additive metric, each segment's part of the change (a segment absent in a period counts 0).

    Sorted by the size of the contribution, largest first; the changes sum to the total change.
    """
    names = list(dict.fromkeys([*before, *after]))
    total = math.fsum(after.get(s, 0.0) for s in names) - math.fsum(before.get(s, 0.0) for s in names)
    rows = []
    for name in names:
        b, a = float(before.get(name, 0.0)), float(after.get(name, 0.0))
        change = a - b
        rows.append(SegmentContribution(name, b, a, change, change / total if total else None))
    rows.sort(key=lambda r: -abs(r.change))
    return rows


__all__ = [
    "DriverSplit",
    "NotDecomposable",
    "RatioSplit",
    "SegmentContribution",
    "lmdi",
    "log_mean",
    "segment_contributions",
    "shapley_ratio",
    "split_ratio",
]
