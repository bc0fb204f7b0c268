"""Confidence intervals and significance tests for counts, rates and proportions.

Pure functions over floats, from the standard library only (nothing heavy on the start-up
path). The methods are those Public Health England (now OHID) uses for Fingertips
indicators, as set out in APHO Technical Briefing 3, "Commonly used public health
statistics and their confidence intervals" (2008), and implemented in its
PHEindicatormethods (R) and PHStatsMethods (Python) packages:

- a count, or a rate built on a count: Byar's approximation to the exact Poisson limits
  (Breslow and Day, 1987) for counts of 10 or more; the exact Poisson limits below 10,
  found from the Poisson distribution's own sums (Armitage and Berry, 2002; the same as
  the chi-squared quantiles chi2(a/2, 2O)/2 and chi2(1-a/2, 2O+2)/2);
- a proportion: Wilson's score interval (Wilson, 1927; Newcombe and Altman, 2000);
- two counts: the conditional binomial test (given both counts, the second is binomial
  with the share of the exposure its period had), exact and two-sided;
- two proportions: the two-proportion z-test with the pooled proportion;
- a trend in counts: Poisson regression of the counts on time (log link, the exposure as
  offset), by the Wald test of its slope;
- a trend in proportions: the chi-squared test for trend (Cochran-Armitage, as in
  Altman, Practical Statistics for Medical Research, 1991, pp. 261-265).

Every p-value is two-sided. The tests check each function against SciPy and statsmodels
and against the worked examples of the public-health packages.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterator
from dataclasses import dataclass

# Below this count the exact Poisson limits are used; from it, Byar's method (as PHE).
EXACT_BELOW = 10


def z_for(confidence: float) -> float:
    """The standard normal quantile for a two-sided interval: 1.96 for 0.95."""
    from statistics import NormalDist  # only where intervals are asked for

    return NormalDist().inv_cdf(1 - (1 - confidence) / 2)


def normal_two_sided(z: float) -> float:
    """P(|Z| >= |z|) for a standard normal Z (the chi-squared tail on one degree of
    freedom at z squared): erfc keeps small p-values exact."""
    return math.erfc(abs(z) / math.sqrt(2))


# --- intervals ---------------------------------------------------------------------------


def _poisson_cdf(k: int, mu: float) -> float:
    """P(X <= k) for X Poisson with mean mu (k small: the sum of its terms)."""
    term = math.exp(-mu)
    total = term
    for i in range(1, k + 1):
        term *= mu / i
        total += term
    return total


def _solve_decreasing(f: float, k: int, high: float) -> float:
    """The mean mu at which P(X <= k) falls to f, to the last bit of a float: the least
    mu found where it is f or below, by bisection (the sum falls as mu grows)."""
    low = 0.0
    while _poisson_cdf(k, high) > f:
        low, high = high, high * 2
    while True:
        mid = (low + high) / 2
        if mid in (low, high):  # no float between them
            return high
        if _poisson_cdf(k, mid) > f:
            low = mid
        else:
            high = mid


def exact_poisson(count: int, confidence: float) -> tuple[float, float]:
    """The exact Poisson limits for an observed count: the means under which a count as
    low (upper limit), or as high (lower limit), has probability (1 - confidence)/2."""
    tail = (1 - confidence) / 2
    lower = 0.0 if count == 0 else _solve_decreasing(1 - tail, count - 1, count + 1.0)
    upper = _solve_decreasing(tail, count, count + 10.0)
    return lower, upper


def byar(count: float, confidence: float) -> tuple[float, float]:
    """Byar's limits for an observed count O:
    O (1 - 1/(9O) - z/(3 sqrt O))^3 and (O+1) (1 - 1/(9(O+1)) + z/(3 sqrt(O+1)))^3."""
    z = z_for(confidence)
    o, o1 = count, count + 1
    lower = o * (1 - 1 / (9 * o) - z / (3 * math.sqrt(o))) ** 3 if o > 0 else 0.0
    upper = o1 * (1 - 1 / (9 * o1) + z / (3 * math.sqrt(o1))) ** 3
    return lower, upper


def count_interval(count: int, confidence: float) -> tuple[float, float]:
    """The limits for a count: exact below 10, Byar's from 10 (PHE's rule)."""
    if count < EXACT_BELOW:
        return exact_poisson(count, confidence)
    return byar(count, confidence)


def wilson(numerator: float, denominator: float, confidence: float) -> tuple[float, float]:
    """Wilson's score limits for a proportion r/n, as proportions of 1:
    (2r + z^2 -/+ z sqrt(z^2 + 4r(1 - r/n))) / (2(n + z^2))."""
    z = z_for(confidence)
    r, n = numerator, denominator
    spread = z * math.sqrt(z * z + 4 * r * (1 - r / n))
    low = (2 * r + z * z - spread) / (2 * (n + z * z))
    high = (2 * r + z * z + spread) / (2 * (n + z * z))
    return max(low, 0.0), min(high, 1.0)


# --- comparing two figures ---------------------------------------------------------------


def _log_binomial(k: int, n: int, p: float) -> float:
    """log P(X = k) for X binomial(n, p), 0 < p < 1."""
    return (
        math.lgamma(n + 1)
        - math.lgamma(k + 1)
        - math.lgamma(n - k + 1)
        + k * math.log(p)
        + (n - k) * math.log1p(-p)
    )


def _tail(start: int, n: int, p: float, ratios: Iterator[float]) -> float:
    """A tail of the binomial distribution from `start`: P(start) (1 + r1 + r1 r2 + ...),
    each term found from the one before by its ratio (so a long tail costs one
    multiplication a term), until the terms no longer count."""
    total, term = 1.0, 1.0
    for ratio in ratios:
        term *= ratio
        total += term
        if term < 1e-17 * total:
            break
    return total * math.exp(_log_binomial(start, n, p))


def binomial_two_sided(k: int, n: int, p: float) -> float:
    """The exact two-sided p-value of k successes in n trials of chance p: the probability
    of every outcome no more likely than k (the 'minimum likelihood' rule, as R's
    binom.test and SciPy's binomtest)."""
    if n == 0 or p <= 0 or p >= 1:
        return 1.0
    mode = min(int((n + 1) * p), n)
    if k == mode:
        return 1.0
    near = _log_binomial(k, n, p) + math.log1p(1e-7)  # ties within rounding: as likely
    odds = p / (1 - p)

    def likelier(j: int) -> bool:
        """Whether outcome j is more likely than k."""
        return _log_binomial(j, n, p) > near

    def upward(start: int) -> float:  # P(X >= start)
        return _tail(start, n, p, ((n - i) / (i + 1) * odds for i in range(start, n)))

    def downward(start: int) -> float:  # P(X <= start)
        return _tail(start, n, p, (i / (n - i + 1) / odds for i in range(start, 0, -1)))

    # The other side of the mode: its outcomes no more likely than k, from the first of
    # them, found by bisection (the chances fall away from the mode on either side).
    if k < mode:
        first = mode + bisect.bisect_left(range(mode, n + 1), True, key=lambda j: not likelier(j))
        other = upward(first) if first <= n else 0.0
        own = downward(k)
    else:
        last = bisect.bisect_left(range(mode + 1), True, key=likelier) - 1
        other = downward(last) if last >= 0 else 0.0
        own = upward(k)
    return min(1.0, own + other)


def compare_counts(before: int, exposure_before: float, after: int, exposure_after: float) -> float:
    """The p-value of a change between two Poisson counts, each over its exposure (the
    period's length, times the population for a rate): given the total, the later count
    is binomial with the later exposure's share of the whole, under no change."""
    share = exposure_after / (exposure_before + exposure_after)
    return binomial_two_sided(after, before + after, share)


def compare_proportions(r1: float, n1: float, r2: float, n2: float) -> float:
    """The p-value of a change between two proportions r1/n1 and r2/n2, by the z-test
    with the pooled proportion."""
    pooled = (r1 + r2) / (n1 + n2)
    spread = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if spread == 0:
        return 1.0  # both none, or both all: no change
    return normal_two_sided((r2 / n2 - r1 / n1) / spread)


# --- trends ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrendTest:
    slope: float  # positive: increasing (per step of time, on the test's scale)
    p: float


def poisson_trend(
    counts: list[int], exposures: list[float], times: list[float]
) -> TrendTest | None:
    """Poisson regression of the counts on time, log(mean) = a + b t + log(exposure),
    fitted by Newton's method; the Wald test of b. None where the fit has no finite
    answer (every count at one time, or none at all) or floats cannot find it (counts so
    unlike that the information matrix rounds to singular)."""
    points = [(c, math.log(e), t) for c, e, t in zip(counts, exposures, times, strict=True)]
    if len({t for c, _, t in points if c > 0}) < 2:
        return None

    def loglik(a: float, b: float) -> float:
        return sum(c * (a + b * t + o) - math.exp(a + b * t + o) for c, o, t in points)

    def information(a: float, b: float) -> tuple[float, float, float, float, float]:
        """The score (ga, gb) and the information (haa, hab, hbb) at (a, b)."""
        mus = [(c, math.exp(a + b * t + o), t) for c, o, t in points]
        return (
            sum(c - m for c, m, _ in mus),
            sum((c - m) * t for c, m, t in mus),
            sum(m for _, m, _ in mus),
            sum(m * t for _, m, t in mus),
            sum(m * t * t for _, m, t in mus),
        )

    a, b = math.log(sum(counts) / sum(exposures)), 0.0
    current = loglik(a, b)
    for _ in range(100):
        ga, gb, haa, hab, hbb = information(a, b)
        det = haa * hbb - hab * hab
        if not det > 0:  # rounding has taken the information's inverse: no answer
            return None
        da, db = (hbb * ga - hab * gb) / det, (haa * gb - hab * ga) / det
        step = 1.0
        while True:  # halve the step until the likelihood does not fall
            new = loglik(a + step * da, b + step * db)
            if new >= current or step < 1e-10:
                break
            step /= 2
        moved = (a + step * da, b + step * db)
        if moved == (a, b):  # a step no longer changes the fit: as near as floats go
            break
        (a, b), current = moved, new
    # The information where the fit came to rest: b's variance is haa / det.
    return TrendTest(b, normal_two_sided(b / math.sqrt(haa / det)))


def chi_squared_trend(
    numerators: list[float], denominators: list[float], times: list[float]
) -> TrendTest:
    """The chi-squared test for a linear trend in proportions (Cochran-Armitage):
    T = sum r_i (t_i - t_bar), with t_bar weighted by the denominators, and
    chi2 = T^2 / (p (1 - p) sum n_i (t_i - t_bar)^2) on one degree of freedom, p the
    overall proportion. The slope is T's sign and size."""
    rows = list(zip(numerators, denominators, times, strict=True))
    n_all = sum(n for _, n, _ in rows)
    p = sum(r for r, _, _ in rows) / n_all
    t_bar = sum(n * t for _, n, t in rows) / n_all
    stat = sum(r * (t - t_bar) for r, _, t in rows)
    spread = p * (1 - p) * sum(n * (t - t_bar) ** 2 for _, n, t in rows)
    if spread <= 0:
        return TrendTest(0.0, 1.0)
    return TrendTest(stat, normal_two_sided(stat / math.sqrt(spread)))
