"""Control limits around a comparator group's figure (funnel-plot limits), for the
partnership's own population: where a figure stands against its most similar group.

The method is the one iQuanta and Fingertips use for their funnel plots (APHO Technical
Briefing 2, "Statistical process control methods in public health intelligence", 2008):
the limits are those a figure of the partnership's size would fall within, by chance
alone, at the given confidence, were its true rate the group's.

- a count or a rate: the exact Poisson limits around the expected count E (the group's
  rate times the partnership's population), chi2(a/2, 2E)/2 and chi2(1-a/2, 2E+2)/2,
  which are the quantiles of the gamma distribution of shapes E and E+1; for a whole E
  they are status.stats.exact_poisson's limits for a count of E;
- a proportion: Wilson's score limits around the group's proportion p for the
  partnership's denominator n (status.stats.wilson of pn out of n).

Standard library only; checked against SciPy (tests/test_funnel.py).
"""

from __future__ import annotations

import math
import sys

from .stats import wilson

# The series and the continued fraction stop when they converge: the series near
# x = a + 1 in some 8 times the square root of the shape's terms (2,500 for a shape of
# 100,000, 25,000 for ten million), the fraction in fewer. The cap only guards the loops.
_ITERATIONS = 100_000
_EPSILON = 1e-16


def _gamma_series(a: float, x: float) -> float:
    """P(a, x) by its series, for x < a + 1."""
    term = total = 1 / a
    shape = a
    for _ in range(_ITERATIONS):
        shape += 1
        term *= x / shape
        total += term
        if abs(term) < abs(total) * _EPSILON:
            break
    return total * math.exp(-x + a * math.log(x) - math.lgamma(a))


def _gamma_fraction(a: float, x: float) -> float:
    """Q(a, x) = 1 - P(a, x) by its continued fraction (modified Lentz), for x >= a + 1."""
    # With x >= a + 1 the denominators stay well above zero (above half of b, for shapes
    # from 0.01 to 100,000): Numerical Recipes' guard against a zero one never fires.
    b = x + 1 - a
    c = math.inf
    d = 1 / b
    h = d
    for i in range(1, _ITERATIONS):
        an = -i * (i - a)
        b += 2
        d = 1 / (an * d + b)
        c = b + an / c
        step = d * c
        h *= step
        if abs(step - 1) < _EPSILON:
            break
    return math.exp(-x + a * math.log(x) - math.lgamma(a)) * h


def gamma_cdf(a: float, x: float) -> float:
    """The regularised lower incomplete gamma function P(a, x): the gamma distribution
    of shape a (scale 1) below x."""
    if x <= 0:
        return 0.0
    if x < a + 1:
        return _gamma_series(a, x)
    return 1 - _gamma_fraction(a, x)


def gamma_quantile(q: float, a: float) -> float:
    """The x at which P(a, x) reaches q, as near as a float can say, by bisection (the
    function rises with x; its last bits are noise, so any float where it crosses q is
    the answer): within a narrow bracket around Newton's estimate where it holds the
    answer (a few dozen evaluations of P fewer), else from the whole range."""
    low, high = _near(q, a)
    while True:
        mid = (low + high) / 2
        if mid in (low, high):  # no float between them
            return high
        if gamma_cdf(a, mid) < q:
            low = mid
        else:
            high = mid


# Newton's estimate is good to far better than this share of itself: the bracket around it.
_NEAR = 1e-12
_NEWTON_STEPS = 50


def _near(q: float, a: float) -> tuple[float, float]:
    """A bracket (low, high) with P(a, low) < q <= P(a, high): a narrow one around
    Newton's estimate, where it is one; else from 0, doubling from a + 1."""
    x = _newton(q, a)
    low, high = x * (1 - _NEAR), x * (1 + _NEAR)
    if gamma_cdf(a, low) < q <= gamma_cdf(a, high):
        return low, high
    low, high = 0.0, a + 1
    while gamma_cdf(a, high) < q:
        low, high = high, high * 2
    return low, high


def _newton(q: float, a: float) -> float:
    """Newton's method for P(a, x) = q (the gamma density is its slope), from the
    Wilson-Hilferty approximation, or for a small shape P's first term, x^a / a!."""
    from statistics import NormalDist  # only where group limits are asked for

    z = NormalDist().inv_cdf(q)
    start = 1 - 1 / (9 * a) + z / (3 * math.sqrt(a))
    x = a * start**3 if start > 0 else (q * math.gamma(a + 1)) ** (1 / a)
    if x < sys.float_info.min:  # for a shape near 0.01, below floats' range: search from 0
        return 0.0
    for _ in range(_NEWTON_STEPS):
        slope = math.exp(-x + (a - 1) * math.log(x) - math.lgamma(a))
        after = x - (gamma_cdf(a, x) - q) / slope
        after = after if after > 0 else x / 2  # never below 0, where P is 0
        if abs(after - x) < x * _NEAR / 8:
            return after
        x = after
    return x


def poisson_limits(expected: float, confidence: float) -> tuple[float, float]:
    """The control limits of a count whose expected value is `expected`: exact Poisson,
    chi2(a/2, 2E)/2 and chi2(1-a/2, 2E+2)/2."""
    tail = (1 - confidence) / 2
    lower = 0.0 if expected == 0 else gamma_quantile(tail, expected)
    return lower, gamma_quantile(1 - tail, expected + 1)


def rate_limits(
    group_rate: float, population: float, per: float, confidence: float
) -> tuple[float, float]:
    """The control limits around a group's rate (per `per`) for a population: the count
    limits around the expected count, as rates."""
    expected = group_rate * population / per
    low, high = poisson_limits(expected, confidence)
    return low * per / population, high * per / population


def proportion_limits(
    group_percent: float, denominator: float, confidence: float
) -> tuple[float, float]:
    """The control limits around a group's percentage for a denominator: Wilson's, in
    per cent."""
    low, high = wilson(group_percent / 100 * denominator, denominator, confidence)
    return low * 100, high * 100
