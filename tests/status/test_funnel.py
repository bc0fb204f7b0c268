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


def _bisected(q: float, a: float) -> float:
    """The quantile by bisection from the whole range, as gamma_quantile found it before
    it started from Newton's estimate: the reference for the last bit."""
    low, high = 0.0, a + 1
    while funnel.gamma_cdf(a, high) < q:
        low, high = high, high * 2
    while True:
        mid = (low + high) / 2
        if mid in (low, high):
            return high
        if funnel.gamma_cdf(a, mid) < q:
            low = mid
        else:
            high = mid


@pytest.mark.parametrize("a", [*SHAPES, 500.5, 40001])
@pytest.mark.parametrize("q", [0.0005, 0.001, 0.025, 0.5, 0.975, 0.999])
def test_the_quantile_from_newtons_estimate_is_where_p_crosses_q(a: float, q: float) -> None:
    """A float at which P crosses q (P below q at the float before it); P's last bits are
    noise, so it may cross more than once: any crossing is as near as a float can say,
    and is the whole range's bisection's to 1 part in 10^12."""
    x = funnel.gamma_quantile(q, a)
    assert funnel.gamma_cdf(a, math.nextafter(x, 0)) < q <= funnel.gamma_cdf(a, x), (a, q)
    assert abs(x - _bisected(q, a)) <= x * 1e-12, (a, q)


@pytest.mark.parametrize(
    ("q", "a"),
    [(0.025, 500.0), (0.975, 501.0), (0.001, 0.05), (0.999, 12380.5), (0.5, 1.5)],
)
def test_newtons_estimate_is_close_and_brackets_the_quantile(q: float, a: float) -> None:
    x = funnel._newton(q, a)
    assert abs(x - sp.gamma.ppf(q, a)) <= x * funnel._NEAR
    low, high = funnel._near(q, a)
    assert funnel.gamma_cdf(a, low) < q <= funnel.gamma_cdf(a, high)
    assert high - low <= 2.5 * x * funnel._NEAR  # the narrow bracket, not the whole range


@pytest.mark.parametrize("wrong", [0.5, 2.0])
def test_where_newtons_bracket_misses_the_whole_range_is_searched(
    wrong: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    right = funnel.gamma_quantile(0.975, 37.2)
    monkeypatch.setattr(funnel, "_newton", lambda q, a: wrong * sp.gamma.ppf(q, a))
    low, high = funnel._near(0.975, 37.2)
    assert (low, high) == (38.2, 38.2 * 2)  # from a + 1, doubled until P reaches q
    assert abs(funnel.gamma_quantile(0.975, 37.2) - right) <= right * 1e-12


@pytest.mark.parametrize("wrong", [0.5, 2.0])
def test_where_newtons_bracket_misses_a_quantile_below_1_the_search_starts_from_0(
    wrong: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    right = funnel.gamma_quantile(0.5, 0.05)
    assert right < 1e-5  # a small shape's median: far below 1
    monkeypatch.setattr(funnel, "_newton", lambda q, a: wrong * sp.gamma.ppf(q, a))
    assert funnel._near(0.5, 0.05) == (0.0, 1.05)
    assert abs(funnel.gamma_quantile(0.5, 0.05) - right) <= right * 1e-12


def _step(a: float, x: float) -> float:
    """A P that is flat at 0.5 from x = 1 on: it reaches q = 0.5 at 1 exactly."""
    return 0.5 if x >= 1.0 else 0.0


def test_newtons_bracket_is_kept_only_where_p_is_below_q_at_its_low_end(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The bisection returns the first float at which P reaches q only from a bracket
    with P below q at its low end: where P already equals q there, the crossing is
    before the bracket, and the search is from the whole range."""
    monkeypatch.setattr(funnel, "gamma_cdf", _step)
    monkeypatch.setattr(funnel, "_newton", lambda q, a: 2.0)  # P is q on all its bracket
    assert funnel._near(0.5, 1.0) == (0.0, 2.0)
    assert funnel.gamma_quantile(0.5, 1.0) == 1.0
    # P reaching q exactly at the bracket's high end: the bracket holds the crossing.
    monkeypatch.setattr(funnel, "_newton", lambda q, a: 1.0)
    low, high = funnel._near(0.5, 1.0)
    assert (low, high) == (1 - funnel._NEAR, 1 + funnel._NEAR)
    assert funnel.gamma_quantile(0.5, 1.0) == 1.0


@pytest.mark.parametrize("a", [0.001, 0.005, 0.01])
@pytest.mark.parametrize("q", [0.0005, 0.025, 0.975, 0.9995])
def test_a_quantile_of_a_shape_near_0_below_floats_range(q: float, a: float) -> None:
    """P's first term puts the lower quantile of a shape near 0 below the least float
    (0.0005 of shape 0.01 is 10^-330): the search is then from 0, not Newton's from 0,
    where P's log fails. An expected count of 0.01 at 99.9% has its limits."""
    x = funnel.gamma_quantile(q, a)
    right = sp.gamma.ppf(q, a)
    assert abs(x - right) <= max(right * 1e-9, 1e-300), (q, a)


def test_newton_gives_0_for_an_estimate_below_floats_range() -> None:
    assert funnel._newton(0.0005, 0.01) == 0.0  # 10^-330: no float, so no Newton's step
    assert funnel._near(0.0005, 0.01) == (0.0, 1.01)  # the search from 0


def test_the_limits_of_an_expected_count_near_0() -> None:
    low, high = funnel.poisson_limits(0.01, 0.999)
    assert low < 1e-300
    assert close(high, sp.gamma.ppf(0.9995, 1.01))


def test_a_newton_step_below_0_is_halved_instead() -> None:
    """Wilson-Hilferty's start for 0.0005 of shape 1.422 is near 0 and far off, and Newton's
    first step from it falls below 0, where P's log fails: the step is half the way to 0."""
    x = funnel.gamma_quantile(0.0005, 1.422)
    assert abs(x - sp.gamma.ppf(0.0005, 1.422)) <= x * 1e-12
    assert abs(funnel._newton(0.0005, 1.422) - x) <= x * funnel._NEAR


def test_a_wilson_hilferty_start_of_exactly_0_starts_from_ps_first_term() -> None:
    """The median of shape 1/9: Wilson-Hilferty's cube root is 1 - 1/(9a) = 0 exactly, where
    a start of 0 (P's log at 0) would fail; P's first term, x^a / a!, gives it."""
    x = funnel.gamma_quantile(0.5, 1 / 9)
    assert close(x, sp.gamma.ppf(0.5, 1 / 9))
    assert close(funnel._newton(0.5, 1 / 9), x)


# Evaluations of P for a quantile from Newton's estimate (bisection from the whole range
# takes 60 to 110): the speed the funnel limits of a large plan need.
EVALUATIONS = {
    (0.05, 0.001): 17, (0.05, 0.025): 17, (0.05, 0.975): 22, (0.05, 0.999): 22,
    (1.5, 0.001): 23, (1.5, 0.025): 21, (1.5, 0.975): 19, (1.5, 0.999): 20,
    (37.2, 0.001): 19, (37.2, 0.025): 19, (37.2, 0.975): 19, (37.2, 0.999): 20,
    (500.0, 0.001): 19, (500.0, 0.025): 19, (500.0, 0.975): 19, (500.0, 0.999): 18,
    (12380.5, 0.001): 18, (12380.5, 0.025): 18, (12380.5, 0.975): 18, (12380.5, 0.999): 18,
    (1.422, 0.0005): 25,  # Newton's first step below 0: halved, not taken
}  # fmt: skip


@pytest.mark.parametrize(("a", "q"), list(EVALUATIONS))
def test_a_quantile_takes_a_score_of_evaluations_of_p(
    a: float, q: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []
    real = funnel.gamma_cdf

    def counted(shape: float, x: float) -> float:
        calls.append(x)
        return real(shape, x)

    monkeypatch.setattr(funnel, "gamma_cdf", counted)
    funnel.gamma_quantile(q, a)
    assert len(calls) == EVALUATIONS[(a, q)]
