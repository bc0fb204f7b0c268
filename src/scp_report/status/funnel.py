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
    """The x at which P(a, x) reaches q, to the last bit of a float, by bisection (the
    function rises with x)."""
    low, high = 0.0, a + 1
    while gamma_cdf(a, high) < q:
        low, high = high, high * 2
    while True:
        mid = (low + high) / 2
        if mid in (low, high):  # no float between them
            return high
        if gamma_cdf(a, mid) < q:
            low = mid
        else:
            high = mid


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
