"""The statistics behind intervals and significance (scp_report.status.stats), checked
against independent implementations, SciPy and statsmodels, on a grid of small and
large counts, proportions near 0 and 1, and zero counts, to at least 4 significant
figures; and against the worked examples of the public-health packages.

Worked examples: the expected values below are those of the test data of the Department
of Health and Social Care's PHStatsMethods package (tests/test_data/testdata_Proportion
.xlsx, testdata_Rate.xlsx and testdata_Byars_Wilson.xlsx, and
tests/test_confidence_intervals.py; github.com/DataS-DHSC/PHStatsMethods), the Python
port of Public Health England's PHEindicatormethods (R), which implement the methods of
APHO Technical Briefing 3, "Commonly used public health statistics and their confidence
intervals" (2008): Wilson's score method for proportions, Byar's method for counts of 10
or more and the exact Poisson method below 10, for counts and rates.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from scipy import stats as sp
from statsmodels.stats.proportion import proportion_confint, proportions_ztest

from scp_report.status import stats

SIG = 1e-4  # 4 significant figures: a relative difference below 1 in 10,000


def close(a: float, b: float, rel: float = SIG) -> bool:
    return a == b or abs(a - b) <= rel * max(abs(a), abs(b))


# --- worked examples ---------------------------------------------------------------------

# (numerator, denominator, 95% lower, 95% upper, 99.8% lower, 99.8% upper), proportions.
WILSON_EXAMPLES = [
    (1, 100, 0.0017674320641406511, 0.054486196178705294, 0.000873065697299977, 0.1045544528370582),
    (5, 100, 0.02154367915436798, 0.11175046923191911, 0.013865320725997183, 0.16458852282596442),
    (20, 100, 0.1333669333310325, 0.28882916559315885, 0.10519162066711432, 0.3471109417008601),
    (65, 100, 0.5525444329688797, 0.7363575175690247, 0.4954946574070431, 0.7783540614089697),
    (
        9856,
        12345,
        0.7912101752909069,
        0.8053640073614909,
        0.7869924108419063,
        0.8093061412589626,
    ),
    (
        222,
        3215,
        0.060791690363636595,
        0.07833956681383633,
        0.05647101964624248,
        0.08418414185270134,
    ),
]


@pytest.mark.parametrize(("r", "n", "lo95", "hi95", "lo998", "hi998"), WILSON_EXAMPLES)
def test_wilson_matches_the_public_health_worked_examples(
    r: int, n: int, lo95: float, hi95: float, lo998: float, hi998: float
) -> None:
    assert all(map(close, stats.wilson(r, n, 0.95), (lo95, hi95)))
    assert all(map(close, stats.wilson(r, n, 0.998), (lo998, hi998)))


# (count, denominator, rate per 100, 95% lower, 95% upper, 99.8% lower, 99.8% upper,
# method): the rate's limits are the count's limits over the denominator, per 100.
RATE_EXAMPLES = [
    (1, 100, 0.025317807984289897, 5.571643390938898, 0.0010005003335835344, 9.233413476451585),
    (5, 100, 1.62348639011842, 11.668332079322669, 0.739371731917839, 16.454745203680105),
    (20, 100, 12.211428834875937, 30.889880369197066, 8.922802365144193, 38.08503562504191),
    (65, 100, 50.163187710459454, 82.84913854593984, 42.8802614714802, 94.00029084431802),
    (9856, 12345, 78.26949058976757, 81.4300165427214, 77.37590543271052, 82.3544727709543),
    (222, 3215, 6.026574877652675, 7.87572937087185, 5.560737695259854, 8.46104668173341),
]


@pytest.mark.parametrize(("o", "n", "lo95", "hi95", "lo998", "hi998"), RATE_EXAMPLES)
def test_count_limits_match_the_public_health_worked_examples(
    o: int, n: int, lo95: float, hi95: float, lo998: float, hi998: float
) -> None:
    """Exact below 10 (1 and 5), Byar's from 10 (20, 65, 9856, 222)."""
    for level, want in ((0.95, (lo95, hi95)), (0.998, (lo998, hi998))):
        got = [x / n * 100 for x in stats.count_interval(o, level)]
        assert all(map(close, got, want)), (o, level, got, want)


def test_byar_matches_the_public_health_worked_examples() -> None:
    """Byar's formula itself, even below 10 where the exact limits are used instead."""
    assert close(stats.byar(100, 0.95)[0], 81.36210549052788)
    assert close(stats.byar(200, 0.998)[0], 159.11703750323326)
    assert all(map(close, stats.byar(65, 0.95), (50.163187710459454, 82.84913854593984)))
    assert all(map(close, stats.byar(1045, 0.998), (947.9407035610374, 1148.806160988033)))
    assert all(map(close, stats.byar(1, 0.95), (0.01307213290150435, 5.5637555824752605)))
    assert all(map(close, stats.byar(10, 0.998), (2.916318374695686, 24.193724927880535)))


# --- against SciPy and statsmodels -------------------------------------------------------

LEVELS = [0.8, 0.9, 0.95, 0.99, 0.998]


@pytest.mark.parametrize("level", LEVELS)
def test_exact_poisson_limits_match_the_chi_squared_quantiles(level: float) -> None:
    """Lower chi2(a/2, 2O)/2 (0 for no events), upper chi2(1 - a/2, 2O + 2)/2."""
    a = 1 - level
    for o in range(0, 40):
        lo, hi = stats.exact_poisson(o, level)
        assert close(lo, sp.chi2.ppf(a / 2, 2 * o) / 2 if o else 0.0), (o, lo)
        assert close(hi, sp.chi2.ppf(1 - a / 2, 2 * o + 2) / 2), (o, hi)


@pytest.mark.parametrize("level", LEVELS)
def test_byar_matches_its_formula_with_scipys_normal_quantile(level: float) -> None:
    z = sp.norm.ppf(1 - (1 - level) / 2)
    for o in [10, 11, 25, 99, 1000, 123_456, 7_776_456]:
        lo = o * (1 - 1 / (9 * o) - z / (3 * math.sqrt(o))) ** 3
        hi = (o + 1) * (1 - 1 / (9 * (o + 1)) + z / (3 * math.sqrt(o + 1))) ** 3
        assert all(map(close, stats.count_interval(o, level), (lo, hi)))


def test_counts_below_ten_are_exact_and_from_ten_byars() -> None:
    assert stats.count_interval(9, 0.95) == stats.exact_poisson(9, 0.95)
    assert stats.count_interval(10, 0.95) == stats.byar(10, 0.95)
    assert stats.count_interval(0, 0.95)[0] == 0
    # No events: the upper limit is -ln(a/2), where P(0 events) = a/2.
    assert close(stats.count_interval(0, 0.95)[1], -math.log(0.025))


@pytest.mark.parametrize("level", LEVELS)
def test_wilson_matches_statsmodels_near_0_and_1(level: float) -> None:
    for n in [1, 2, 10, 37, 100, 1000, 99_999, 7_564_336_677]:
        for r in sorted(r for r in {0, 1, 2, n // 3, n // 2, n - 2, n - 1, n} if 0 <= r <= n):
            want = proportion_confint(r, n, alpha=1 - level, method="wilson")
            got = stats.wilson(r, n, level)
            for g, w in zip(got, want, strict=True):
                # At 0 and 1 the limits are 0 and 1 to the last bit of a float.
                assert close(g, w) or abs(g - w) < 1e-12, (r, n, level, got, want)


GRID = [0, 1, 2, 3, 5, 9, 10, 17, 50, 120, 180, 999, 10_000, 250_000]


def test_two_counts_match_scipys_exact_binomial_test() -> None:
    """Given both counts, the later is binomial with the later exposure's share."""
    for before in GRID:
        for after in GRID:
            for e1, e2 in ((1.0, 1.0), (3.0, 12.0), (570_000.0, 572_000.0)):
                n = before + after
                want = sp.binomtest(after, n, e2 / (e1 + e2)).pvalue if n else 1.0
                got = stats.compare_counts(before, e1, after, e2)
                if want > 1e-300:
                    assert close(got, want), (before, e1, after, e2, got, want)
                else:
                    assert got < 1e-290


def test_the_issues_examples_one_to_three_is_chance_and_120_to_180_is_not() -> None:
    assert close(stats.compare_counts(1, 1, 3, 1), 0.625)
    assert stats.compare_counts(120, 1, 180, 1) < 0.001
    assert close(stats.compare_counts(120, 1, 180, 1), sp.binomtest(180, 300, 0.5).pvalue)


def test_binomial_test_matches_scipy_on_uneven_chances() -> None:
    for n in [1, 2, 7, 40, 333, 5000]:
        for p in [0.001, 0.1, 0.37, 0.5, 0.8, 0.999]:
            for k in sorted(k for k in {0, 1, n // 4, n // 2, int(n * p), n - 1, n} if 0 <= k <= n):
                want = sp.binomtest(k, n, p).pvalue
                got = stats.binomial_two_sided(k, n, p)
                if want > 1e-300:
                    assert close(got, want), (k, n, p, got, want)


def test_two_proportions_match_statsmodels_z_test() -> None:
    for n1, n2 in ((10, 12), (100, 100), (841, 900), (50_000, 60_000)):
        for f1 in (0.0, 0.01, 0.3, 0.5, 0.97, 1.0):
            for f2 in (0.0, 0.02, 0.35, 0.5, 0.99, 1.0):
                r1, r2 = round(n1 * f1), round(n2 * f2)
                got = stats.compare_proportions(r1, n1, r2, n2)
                if r1 + r2 in (0, n1 + n2):
                    assert got == 1.0  # all none or all: nothing changed
                    continue
                want = proportions_ztest([r2, r1], [n2, n1])[1]
                if want > 1e-300:
                    assert close(got, want), (r1, n1, r2, n2, got, want)


def _poisson_glm(
    counts: list[int], exposures: list[float], times: list[float]
) -> tuple[float, float]:
    import statsmodels.api as sm

    x = sm.add_constant(np.array(times))
    model = sm.GLM(
        np.array(counts), x, family=sm.families.Poisson(), offset=np.log(np.array(exposures))
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = model.fit(tol=1e-13, maxiter=200)
    return float(fit.params[1]), float(fit.pvalues[1])


TREND_COUNTS = [
    [3, 5, 4, 6, 5],
    [120, 135, 150, 160, 180],
    [0, 1, 0, 2, 3],
    [500, 480, 470, 430, 400, 390],
    [10_000, 10_100, 9_950, 10_050, 10_020],
    [1, 0, 0, 0, 1],
    [40, 38, 45, 41, 39, 44, 40, 50],
]


@pytest.mark.parametrize("counts", TREND_COUNTS)
def test_poisson_trend_matches_statsmodels_glm(counts: list[int]) -> None:
    times = [float(i) for i in range(len(counts))]
    for exposures in ([1.0] * len(counts), [570_000.0 + 2000 * i for i in range(len(counts))]):
        got = stats.poisson_trend(counts, exposures, times)
        assert got is not None
        slope, p = _poisson_glm(counts, exposures, times)
        assert close(got.slope, slope, 1e-6) or abs(got.slope - slope) < 1e-9
        assert close(got.p, p), (counts, got, p)


@pytest.mark.parametrize(
    ("counts", "exposures", "months"),
    [
        # Yearly figures, rare events late on (p = 0.0069).
        ([0, 0, 0, 0, 0, 0, 0, 3, 2, 3], [1.0] * 10, 12),
        # Quarterly rates of a growing population, no trend to speak of (p = 0.95).
        ([20, 40, 23, 28, 27], [570_000.0 + 2000 * i for i in range(5)], 3),
        # Monthly counts falling away.
        ([60, 52, 55, 41, 44, 38, 35, 30], [1.0] * 8, 1),
    ],
)
def test_poisson_trend_over_months_matches_statsmodels_glm(
    counts: list[int], exposures: list[float], months: int
) -> None:
    """As recent_trend calls it: times in months from the first figure."""
    times = [float(months * i) for i in range(len(counts))]
    got = stats.poisson_trend(counts, exposures, times)
    assert got is not None
    slope, p = _poisson_glm(counts, exposures, times)
    assert close(got.slope, slope, 1e-6)
    assert close(got.p, p), (counts, got, p)


def test_two_equal_counts_are_no_trend() -> None:
    assert stats.poisson_trend([1, 1], [1.0, 1.0], [0.0, 1.0]) == stats.TrendTest(0.0, 1.0)


def test_a_fit_that_floats_cannot_hold_has_no_answer_rather_than_an_error() -> None:
    # 0, 0, 0, 1 then 999,999,999,999,999 (the most a plan may write) a quarter: the
    # information matrix loses its determinant to rounding (haa hbb and hab^2 agree to
    # the last bit), so Newton's step cannot be found.
    counts = [0, 0, 0, 1, 999_999_999_999_999]
    assert stats.poisson_trend(counts, [3.0] * 5, [0.0, 3, 6, 9, 12]) is None
    assert stats.poisson_trend([1, 10**17], [1.0, 1.0], [0.0, 1.0]) is None


def test_poisson_trend_has_no_answer_when_every_event_is_at_one_time() -> None:
    assert stats.poisson_trend([0, 0, 0, 0, 5], [1.0] * 5, [0.0, 1, 2, 3, 4]) is None
    assert stats.poisson_trend([0] * 5, [1.0] * 5, [0.0, 1, 2, 3, 4]) is None


TREND_PROPORTIONS = [
    ([300, 320, 350, 380, 450], [1000] * 5),
    ([59, 52, 47, 40, 37], [100, 110, 95, 101, 99]),
    ([10, 12, 15, 20, 25], [100] * 5),
    ([5, 5, 5, 5, 5], [50, 50, 50, 50, 50]),
    ([1, 0, 2, 0, 1, 3], [40, 41, 39, 40, 42, 40]),
]


@pytest.mark.parametrize(("r", "n"), TREND_PROPORTIONS)
def test_chi_squared_trend_matches_the_correlation_form_and_statsmodels(
    r: list[int], n: list[int]
) -> None:
    """The chi-squared test for trend is N times the squared Pearson correlation of time
    and outcome over every person counted (Armitage); statsmodels' linear-by-linear test
    is (N - 1) times it, the same test with a variance one person smaller."""
    from statsmodels.stats.contingency_tables import Table

    times = [float(i) for i in range(len(r))]
    got = stats.chi_squared_trend(r, n, times)
    t = np.repeat(times, n)
    y = np.concatenate([np.r_[np.ones(a), np.zeros(b - a)] for a, b in zip(r, n, strict=True)])
    big_n = sum(n)
    corr = sp.pearsonr(t, y).statistic if y.std() > 0 else 0.0
    want = sp.chi2.sf(big_n * corr**2, 1)
    assert close(got.p, want), (got, want)
    table = Table(np.array([[a, b - a] for a, b in zip(r, n, strict=True)]), shift_zeros=False)
    m2 = table.test_ordinal_association(row_scores=np.array(times), col_scores=np.array([1.0, 0]))
    if m2.zscore != 0 and not math.isnan(m2.zscore):
        assert close(got.p, sp.chi2.sf(m2.zscore**2 * big_n / (big_n - 1), 1))
    # The reference's correlation is a sum of floats: a level series gives about 1e-17.
    corr = 0.0 if abs(corr) < 1e-12 else corr
    assert (got.slope > 0) == (corr > 0) or got.slope == corr == 0


def test_a_proportions_limits_stay_between_0_and_1() -> None:
    # All or none: the upper limit of r = n is 1, but in floats it can come out a hair
    # above (1.0000000000000002 for 37 of 37 at 95%); the lower of r = 0 is 0.
    assert stats.wilson(37, 37, 0.95)[1] == 1.0
    assert stats.wilson(10, 10, 0.9)[1] == 1.0
    for n in [1, 2, 3, 5, 10, 37, 100, 1000, 99_999, 7_564_336_677]:
        for level in LEVELS:
            assert close(stats.wilson(n, n, level)[1], 1.0) and stats.wilson(n, n, level)[1] <= 1
            assert stats.wilson(0, n, level)[0] == 0.0, (n, level)


def test_byars_lower_limit_of_no_events_is_zero() -> None:
    # O = 0 would divide by zero in O (1 - 1/(9 O) - ...)^3; the upper limit is
    # 1 x (1 - 1/9 + 1.96/3)^3 = 1.5424^3 = 3.669.
    low, high = stats.byar(0, 0.95)
    assert low == 0.0
    assert close(high, (1 - 1 / 9 + stats.z_for(0.95) / 3) ** 3)


def test_a_p_value_is_never_above_one() -> None:
    # 1 of 3 at even chance is exactly as likely as 2 of 3: every outcome is as likely or
    # less, p = 1, though the float sums come to a hair over.
    assert stats.binomial_two_sided(1, 3, 0.5) == 1.0
    assert stats.binomial_two_sided(8, 11, 0.75) == 1.0
    assert all(
        stats.binomial_two_sided(k, n, p) <= 1.0
        for n in range(1, 60)
        for k in range(n + 1)
        for p in (0.2, 0.25, 1 / 3, 0.5, 0.75)
    )


def test_a_chance_of_none_or_all_gives_no_test() -> None:
    for p in (0.0, 1.0, -0.5, 1.5):
        assert stats.binomial_two_sided(3, 10, p) == 1.0
    assert stats.binomial_two_sided(10, 10, 1.0) == 1.0
    assert stats.binomial_two_sided(0, 0, 0.5) == 1.0


def test_lists_of_unlike_lengths_are_refused() -> None:
    with pytest.raises(ValueError, match="zip"):
        stats.chi_squared_trend([1, 2], [10, 10, 10], [0.0, 1, 2])
    with pytest.raises(ValueError, match="zip"):
        stats.chi_squared_trend([1, 2, 3], [10, 10], [0.0, 1, 2])
    with pytest.raises(ValueError, match="zip"):
        stats.chi_squared_trend([1, 2, 3], [10, 10, 10], [0.0, 1])
    with pytest.raises(ValueError, match="zip"):
        stats.poisson_trend([1, 2, 3], [1.0, 1.0], [0.0, 1, 2])
    with pytest.raises(ValueError, match="zip"):
        stats.poisson_trend([1, 2, 3], [1.0, 1.0, 1.0], [0.0, 1])


def test_a_trend_in_proportions_without_spread_is_no_trend() -> None:
    no_trend = stats.TrendTest(0.0, 1.0)
    assert stats.chi_squared_trend([0, 0, 0], [10, 10, 10], [0.0, 1, 2]) == no_trend  # none
    assert stats.chi_squared_trend([10, 10, 10], [10, 10, 10], [0.0, 1, 2]) == no_trend  # all
    assert stats.chi_squared_trend([1, 4, 2], [10, 10, 10], [5.0, 5, 5]) == no_trend  # one time
    # A little spread is spread: 0, 0, 1 of 1 each at t = 0, 1, 2: p = 1/3, t_bar = 1,
    # T = 1, variance 1/3 x 2/3 x (1 + 0 + 1) = 4/9, z = 1 / (2/3) = 1.5, p = 0.134.
    small = stats.chi_squared_trend([0, 0, 1], [1, 1, 1], [0.0, 1, 2])
    assert small.slope == 1.0 and close(small.p, stats.normal_two_sided(1.5))


def test_normal_tail_keeps_tiny_p_values() -> None:
    assert close(stats.normal_two_sided(1.959963984540054), 0.05)
    assert close(stats.normal_two_sided(-40.0), 2 * sp.norm.sf(40.0))
    assert close(stats.z_for(0.95), 1.959963984540054)
