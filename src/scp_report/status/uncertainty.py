"""Chance or change: what the counts behind a figure say about it.

A figure's counts are its own value for a count measure, its numerator and denominator
for a percentage ("412 of 841"), and its count and population for a rate. From them come
its confidence interval, the test of its change from the previous comparable figure (for
the `significance` direction method) and the recent trend over the latest comparable
figures. The statistics themselves are in `stats`; this module chooses which applies to
which figure and says what it found in the plan's words.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ..model.figures import Interval, Measurement, number
from ..model.period_text import period_text
from ..model.periods import Period
from ..model.values import Polarity, Unit
from ..model.words import DEFAULT_WORDS, Words
from . import stats

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Counts:
    """What a test needs of one figure: a count, and what it is out of (for a proportion,
    the whole) or over (for a count or rate, the exposure: the period's months, times the
    population for a rate)."""

    count: int
    base: float


def counts_of(m: Measurement, unit: Unit) -> Counts | None:
    """The counts behind a figure, where it has them."""
    if m.value is None or m.period is None:
        return None
    if unit == Unit.COUNT:
        v = m.value
        if v < 0 or v != v.to_integral_value():
            return None
        return Counts(int(v), float(m.period.months))
    if m.numerator is None or m.denominator is None or unit not in (Unit.PERCENT, Unit.RATE):
        return None
    if unit == Unit.PERCENT:
        return Counts(m.numerator, float(m.denominator))
    return Counts(m.numerator, float(m.denominator) * m.period.months)


def untested_why(unit: Unit, words: Words = DEFAULT_WORDS) -> str:
    """Why a figure of this unit could not be tested: what it lacks."""
    return {
        Unit.PERCENT: words.untested_percent,
        Unit.RATE: words.untested_rate,
        Unit.COUNT: words.untested_count,
    }.get(unit, words.untested_score)


# --- intervals ---------------------------------------------------------------------------


def _places(d: Decimal) -> int:
    exponent = d.as_tuple().exponent
    assert isinstance(exponent, int)  # a figure is finite
    return max(0, -exponent)


def rounded(x: float, places: int) -> Decimal:
    """x to `places` decimal places, half up (0.25 to 0.3), from the shortest decimal that
    reads back as x (41.85, not the float's 41.850000000000001...)."""
    return Decimal(repr(x)).quantize(Decimal(10) ** -places, rounding=ROUND_HALF_UP)


def interval(
    m: Measurement, unit: Unit, confidence: Decimal, per: int | None = None
) -> Interval | None:
    """The confidence interval of a figure, to its own decimal places (one more for a
    whole figure under 10); None where its counts are not given."""
    c = counts_of(m, unit)
    if c is None or m.value is None:
        return None
    level = float(confidence) / 100
    if unit == Unit.PERCENT:
        lo, hi = stats.wilson(c.count, c.base, level)
        lo, hi, method = lo * 100, hi * 100, "Wilson"
    else:
        lo, hi = stats.count_interval(c.count, level)
        method = "exact Poisson" if c.count < stats.EXACT_BELOW else "Byar"
        if unit == Unit.RATE:
            if per is None or m.denominator is None:
                return None
            scale = per / float(m.denominator)
            lo, hi = lo * scale, hi * scale
    places = _places(m.value)
    if places == 0 and int(hi) < 10:  # a whole figure whose upper limit has one digit
        places = 1
    return Interval(rounded(lo, places), rounded(hi, places), method, confidence)


# --- a change between two figures --------------------------------------------------------


def change_p(latest: Measurement, previous: Measurement, unit: Unit) -> float | None:
    """The p-value of the change from the previous figure to the latest; None where
    either lacks its counts."""
    a, b = counts_of(previous, unit), counts_of(latest, unit)
    if a is None or b is None:
        return None
    if unit == Unit.PERCENT:
        return stats.compare_proportions(a.count, a.base, b.count, b.base)
    return stats.compare_counts(a.count, a.base, b.count, b.base)


def significant(p: float, confidence: Decimal) -> bool:
    """Whether a p-value is significant at a confidence level: below 1 - confidence (below
    0.05 at 95%). In decimal arithmetic, where 1 - 0.95 is 0.05 exactly; in floats it is a
    little more, and a p of 0.05 would pass."""
    return Decimal(p) < (HUNDRED - confidence) / HUNDRED


def p_text(p: float, words: Words = DEFAULT_WORDS) -> str:
    """p = 0.63, p = 0.042, p < 0.001: two significant figures, rounded half up (after
    rounding away the last bits a float carries: 0.6249999999999993 is 0.625)."""
    if p < 0.001:
        return words.p_below.format(p=number(Decimal("0.001")))
    exact = Decimal(f"{p:.12g}")
    shown = exact.quantize(Decimal(10) ** (exact.adjusted() - 1), rounding=ROUND_HALF_UP)
    return words.p_equals.format(p=number(shown))


# --- the recent trend --------------------------------------------------------------------


@dataclass(frozen=True)
class Trend:
    """The recent trend over the latest comparable figures, as Fingertips states it."""

    name: str  # increasing, decreasing, no significant change, too few, not calculated
    better: bool | None  # for increasing or decreasing, with a polarity
    p: float | None
    points: int  # the figures tested (or found, when too few)
    text: str  # in the plan's words: "increasing and getting worse"
    reason: str


def recent_trend(
    figures: list[Measurement],
    unit: Unit,
    polarity: Polarity | None,
    confidence: Decimal,
    needed: int,
    words: Words = DEFAULT_WORDS,
) -> Trend:
    """The trend over the latest `needed` of `figures` (comparable, oldest first, one per
    period) that have their counts: Poisson regression on counts and rates, the
    chi-squared test for trend on percentages."""
    with_counts = [
        (m.period, c)
        for m in figures
        if m.period is not None and (c := counts_of(m, unit)) is not None
    ]
    if len(with_counts) < needed:
        text = words.trend_too_few.format(points=len(with_counts), needed=needed)
        return Trend("too few", None, None, len(with_counts), text, text)
    used = with_counts[-needed:]
    first, last = used[0][0], used[-1][0]
    # Months from the first figure: the tests' p-values do not depend on the unit of time.
    times = [float(p.last - first.last) for p, _ in used]

    def named(p: Period) -> str:
        return period_text(p, words)

    if unit == Unit.PERCENT:
        test: stats.TrendTest | None = stats.chi_squared_trend(
            [float(c.count) for _, c in used], [c.base for _, c in used], times
        )
        method = words.trend_test_proportions
    else:
        test = stats.poisson_trend([c.count for _, c in used], [c.base for _, c in used], times)
        method = words.trend_test_counts
    if test is None:
        text = words.trend_not_calculated
        reason = words.trend_reason_untested.format(
            points=needed, first=named(first), last=named(last), test=method, trend=text
        )
        return Trend("not calculated", None, None, needed, text, reason)
    if not significant(test.p, confidence):  # a slope of 0 has p = 1 in both tests
        name, better, text = "no significant change", None, words.trend_no_change
    else:
        rising = test.slope > 0
        name = "increasing" if rising else "decreasing"
        better = None if polarity is None else rising == (polarity == Polarity.HIGHER)
        text = {
            (True, None): words.trend_increasing,
            (True, True): words.trend_increasing_better,
            (True, False): words.trend_increasing_worse,
            (False, None): words.trend_decreasing,
            (False, True): words.trend_decreasing_better,
            (False, False): words.trend_decreasing_worse,
        }[(rising, better)]
    reason = words.trend_reason.format(
        points=needed,
        first=named(first),
        last=named(last),
        test=method,
        p=p_text(test.p, words),
        trend=text,
    )
    return Trend(name, better, test.p, needed, text, reason)
