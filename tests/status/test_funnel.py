"""Control limits around a comparator group's figure (scp_report.status.funnel), checked
against SciPy to 4 significant figures, as tests/status/test_stats.py checks the intervals: the
gamma distribution and its quantiles, the exact Poisson limits around an expected count
(chi-squared quantiles), and Wilson's limits around a group's proportion."""

from __future__ import annotations

import math

import pytest
from scipy import stats as sp

from scp_report.status import funnel, stats

from .test_stats import close

SHAPES = [0.05, 0.5, 1, 1.5, 3.7, 9.99, 10, 37.2, 100, 612.4, 12380.5]
LEVELS = [0.95, 0.998]


@pytest.mark.parametrize("a", SHAPES)
def test_gamma_cdf_against_scipy(a: float) -> None:
    for x in (a / 10, a / 2, a, a + 0.5, a + 1, a + 1.5, 2 * a + 3, 5 * a + 20):
        assert close(funnel.gamma_cdf(a, x), sp.gamma.cdf(x, a)), (a, x)
    assert funnel.gamma_cdf(a, 0) == 0.0
    assert funnel.gamma_cdf(a, -1) == 0.0


@pytest.mark.parametrize("a", [20000.5, 100000, 1e6, 1e7])
def test_gamma_cdf_of_a_large_shape_near_its_middle(a: float) -> None:
    # Near x = a + 1 the series needs some 8 times the square root of a terms; the
    # fraction takes over at a + 1. Either way the figure is SciPy's.
    root = math.sqrt(a)
    for x in (a - 3 * root, a - root, a, a + 0.5, a + 0.999, a + 1, a + 1.5, a + root):
        assert close(funnel.gamma_cdf(a, x), sp.gamma.cdf(x, a)), (a, x)


@pytest.mark.parametrize("a", SHAPES)
@pytest.mark.parametrize("q", [0.001, 0.025, 0.5, 0.975, 0.999])
def test_gamma_quantile_against_scipy(a: float, q: float) -> None:
    assert close(funnel.gamma_quantile(q, a), sp.gamma.ppf(q, a)), (a, q)


@pytest.mark.parametrize(
    "expected", [0, 0.3, 1, 2.5, 9, 10, 33.7, 150.2, 1238.0, 40000, 100000, 1e6]
)
@pytest.mark.parametrize("confidence", LEVELS)
def test_poisson_limits_are_the_chi_squared_quantiles(expected: float, confidence: float) -> None:
    alpha = 1 - confidence
    low, high = funnel.poisson_limits(expected, confidence)
    want_low = sp.chi2.ppf(alpha / 2, 2 * expected) / 2 if expected else 0.0
    assert close(low, want_low), (expected, confidence)
    assert close(high, sp.chi2.ppf(1 - alpha / 2, 2 * expected + 2) / 2), (expected, confidence)


@pytest.mark.parametrize("count", [1, 2, 5, 9, 10, 40])
@pytest.mark.parametrize("confidence", LEVELS)
def test_for_a_whole_expected_count_they_are_the_exact_limits_of_that_count(
    count: int, confidence: float
) -> None:
    low, high = funnel.poisson_limits(count, confidence)
    exact_low, exact_high = stats.exact_poisson(count, confidence)
    assert close(low, exact_low) and close(high, exact_high)


@pytest.mark.parametrize(
    ("group_rate", "population", "per"),
    [(10.8, 80000, 1000), (10.8, 3000, 1000), (302, 150000, 100000), (0.5, 2000, 1000)],
)
@pytest.mark.parametrize("confidence", LEVELS)
def test_rate_limits_around_the_groups_rate(
    group_rate: float, population: float, per: float, confidence: float
) -> None:
    alpha = 1 - confidence
    expected = group_rate * population / per
    low, high = funnel.rate_limits(group_rate, population, per, confidence)
    assert close(low, sp.chi2.ppf(alpha / 2, 2 * expected) / 2 * per / population)
    assert close(high, sp.chi2.ppf(1 - alpha / 2, 2 * expected + 2) / 2 * per / population)
    assert low < group_rate < high


def test_a_daventry_like_rate_above_the_average_is_in_line_at_its_size() -> None:
    # A group average of 10.8 per 1,000 and a district of 30,000: 324 violent crimes
    # expected. 12.38 per 1,000 (371.4) is 14.6% above the average, beyond the 95% limit
    # (361.3, 12.04 per 1,000) yet inside the 99.8% limit (383.6, 12.79).
    low95, high95 = funnel.rate_limits(10.8, 30000, 1000, 0.95)
    low998, high998 = funnel.rate_limits(10.8, 30000, 1000, 0.998)
    assert close(high95 * 30, sp.chi2.ppf(0.975, 2 * 324 + 2) / 2)
    assert close(high998 * 30, sp.chi2.ppf(0.999, 2 * 324 + 2) / 2)
    assert round((12.38 / 10.8 - 1) * 100, 1) == 14.6
    assert round(high95, 2) == 12.04 and round(high998, 2) == 12.79
    assert high95 < 12.38 < high998
    assert low998 < low95 < 10.8


@pytest.mark.parametrize(
    ("percent", "denominator"), [(39.0, 841), (5.4, 120), (0.5, 50), (99.5, 50), (50, 10)]
)
@pytest.mark.parametrize("confidence", LEVELS)
def test_proportion_limits_are_wilsons_around_the_groups_percentage(
    percent: float, denominator: float, confidence: float
) -> None:
    z = sp.norm.ppf(1 - (1 - confidence) / 2)
    p, n = percent / 100, denominator
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    spread = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    low, high = funnel.proportion_limits(percent, denominator, confidence)
    assert close(low, max(centre - spread, 0) * 100) and close(high, min(centre + spread, 1) * 100)
