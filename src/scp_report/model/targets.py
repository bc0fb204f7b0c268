"""Target kinds: one class each, owning everything about its kind of target.

A kind declares its key and value in the plan files (a field of `Target`), judges a
figure against the target (met, close or missed, with the detail of a reason anyone can
check), describes the target in words, says which polarity it implies and what it needs
of its indicator, and gives the lines a trend chart draws. Adding a kind of target is a
class here, listed in `KINDS`, and a field of `Target`: this file and no other.

The judging rules themselves are small pure functions. A miss counts as close when the
shortfall is no more than `tolerance` per cent of the target (for ranks: no more than
`places` places). The detail is the part of the reason that explains the judgement,
e.g. '1 point short, within 5%'.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Any, ClassVar, Literal, Protocol

from pydantic import Field, ValidationInfo, field_validator, model_validator

from .figures import (
    Measurement,
    gap,
    limit_text,
    month_in,
    number,
    ordinal,
    percent,
    position_word,
    signed_percent,
    value,
)
from .period_text import period_text, say_period
from .periods import Period, PeriodKind, financial_year_ending
from .rules import Compare, Rules
from .statuses import Outcome as Outcome  # re-exported: what judging gives
from .values import Number, PeriodField, Polarity, Share, Strict, Text, Unit
from .words import DEFAULT_WORDS, Words

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Judgement:
    outcome: Outcome
    detail: str


def _shortfall(
    short: Decimal, reference: Decimal, tolerance: Decimal, unit: Unit, way: str, words: Words
) -> Judgement:
    """Judge a shortfall against `tolerance` per cent of `reference`; `way` is the plan's
    word for how the figure misses (short, over...)."""
    allowed = abs(reference) * tolerance / HUNDRED
    share = (short / abs(reference) * HUNDRED) if reference else None
    share_text = (
        words.share_of_target.format(share=percent(share))
        if share is not None and unit != Unit.PERCENT
        else ""
    )
    close = short <= allowed
    template = words.shortfall_within if close else words.shortfall_beyond
    detail = template.format(
        gap=gap(short, unit, words), way=way, share=share_text, tolerance=percent(tolerance)
    )
    return Judgement(Outcome.CLOSE if close else Outcome.MISSED, detail)


def at_least(
    value: Decimal, target: Decimal, tolerance: Decimal, unit: Unit, words: Words = DEFAULT_WORDS
) -> Judgement:
    """Met when value >= target."""
    if value >= target:
        return Judgement(Outcome.MET, words.met)
    return _shortfall(target - value, target, tolerance, unit, words.way_short, words)


def at_most(
    value: Decimal, target: Decimal, tolerance: Decimal, unit: Unit, words: Words = DEFAULT_WORDS
) -> Judgement:
    """Met when value <= target."""
    if value <= target:
        return Judgement(Outcome.MET, words.met)
    return _shortfall(value - target, target, tolerance, unit, words.way_over, words)


def fewer_than(
    value: Decimal, target: Decimal, tolerance: Decimal, unit: Unit, words: Words = DEFAULT_WORDS
) -> Judgement:
    """Met when value < target; reaching the target exactly is a (close) miss."""
    if value < target:
        return Judgement(Outcome.MET, words.met)
    return _shortfall(value - target, target, tolerance, unit, words.way_over, words)


def between(
    value: Decimal,
    low: Decimal,
    high: Decimal,
    tolerance: Decimal,
    unit: Unit,
    words: Words = DEFAULT_WORDS,
) -> Judgement:
    """Met inside [low, high]; outside, judged against the nearer limit."""
    if value < low:
        return _shortfall(low - value, low, tolerance, unit, words.way_below_range, words)
    if value > high:
        return _shortfall(value - high, high, tolerance, unit, words.way_above_range, words)
    return Judgement(Outcome.MET, words.within_range)


def in_line_with(
    value: Decimal,
    comparator: Decimal,
    polarity: Polarity,
    tolerance: Decimal,
    unit: Unit,
    words: Words = DEFAULT_WORDS,
) -> Judgement:
    """Met when value is the comparator's or better, as polarity says."""
    if polarity == Polarity.HIGHER:
        if value >= comparator:
            return Judgement(Outcome.MET, words.in_line_or_better)
        return _shortfall(comparator - value, comparator, tolerance, unit, words.way_worse, words)
    if value <= comparator:
        return Judgement(Outcome.MET, words.in_line_or_better)
    return _shortfall(value - comparator, comparator, tolerance, unit, words.way_worse, words)


def rank(position: int, within_top: int, places: int, words: Words = DEFAULT_WORDS) -> Judgement:
    """Met when ranked within the top N; close when no more than `places` below."""
    if position <= within_top:
        met = words.within_top.format(rank=ordinal(position, words), n=within_top)
        return Judgement(Outcome.MET, met)
    short = position - within_top
    said = (words.place_short if short == 1 else words.places_short).format(n=short)
    limit = (words.place if places == 1 else words.places).format(n=places)
    if short <= places:
        return Judgement(Outcome.CLOSE, words.rank_within.format(short=said, limit=limit))
    return Judgement(Outcome.MISSED, words.rank_beyond.format(short=said, limit=limit))


def no_increase(
    value: Decimal, baseline: Decimal, tolerance: Decimal, unit: Unit, words: Words = DEFAULT_WORDS
) -> Judgement:
    """Met when value <= baseline."""
    if value <= baseline:
        return Judgement(Outcome.MET, words.no_increase_met)
    return _shortfall(value - baseline, baseline, tolerance, unit, words.way_higher, words)


def any_reduction(
    value: Decimal, baseline: Decimal, tolerance: Decimal, unit: Unit, words: Words = DEFAULT_WORDS
) -> Judgement:
    """Met when value is below the baseline; the same as the baseline is a (close) miss."""
    if value < baseline:
        return Judgement(Outcome.MET, words.a_reduction)
    if value == baseline:
        # Nothing to measure a shortfall by: level is as near as a miss can be.
        return Judgement(Outcome.CLOSE, words.no_reduction)
    return _shortfall(value - baseline, baseline, tolerance, unit, words.way_higher, words)


def any_increase(
    value: Decimal, baseline: Decimal, tolerance: Decimal, unit: Unit, words: Words = DEFAULT_WORDS
) -> Judgement:
    """Met when value is above the baseline; the same as the baseline is a (close) miss."""
    if value > baseline:
        return Judgement(Outcome.MET, words.an_increase)
    if value == baseline:
        # As for any_reduction: level is as near as a miss can be.
        return Judgement(Outcome.CLOSE, words.no_increase_level)
    return _shortfall(baseline - value, baseline, tolerance, unit, words.way_lower, words)


def trajectory(
    baseline: Decimal, target: Decimal, start_month: int, due_month: int, at_month: int
) -> Decimal:
    """The value expected at `at_month` on the straight line from baseline to target."""
    span = due_month - start_month
    if span <= 0:
        return target
    fraction = min(max(Decimal(at_month - start_month) / Decimal(span), Decimal(0)), Decimal(1))
    return baseline + (target - baseline) * fraction


def reduction(
    value: Decimal, expected: Decimal, tolerance: Decimal, unit: Unit, words: Words = DEFAULT_WORDS
) -> Judgement:
    """Met when value is at or below where the straight line to the target expects it."""
    if value <= expected:
        return Judgement(Outcome.MET, words.on_track)
    return _shortfall(value - expected, expected, tolerance, unit, words.way_behind, words)


# --- what plan files say of a target ----------------------------------------------------


class Comparator(Strict):
    """A benchmark figure published by someone else (national average, family group...)."""

    name: Text = Field(
        description="What the figure is, as printed: 'national average', 'family group'."
    )
    value: Number = Field(description="The comparator's figure, in the indicator's unit.")
    period: PeriodField | None = Field(None, description="The period the comparator figure covers.")


# The validators' checks are plain functions: mutation testing (make mutate) skips
# decorated functions, and so would miss them.
def _check_range(low: Decimal, high: Decimal) -> None:
    if low > high:
        raise ValueError(f"low ({low}) must not be above high ({high})")


def _check_one_kind(given: list[str]) -> None:
    if len(given) != 1:
        if not given:
            raise ValueError(f"give one kind of target: {', '.join(KINDS)}")
        raise ValueError(f"give only one kind of target, not {' and '.join(given)}")


class Range(Strict):
    low: Number = Field(description="Lowest value inside the benchmark range.")
    high: Number = Field(description="Highest value inside the benchmark range.")

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        _check_range(self.low, self.high)
        return self


class RankTarget(Strict):
    within_top: int = Field(ge=1, description="Rank needed: 3 means 1st, 2nd or 3rd.")
    of: Text = Field(description="The group ranked, as printed: 'family group'.")


class Reduction(Strict):
    percent: Number = Field(
        gt=0, le=100, description="Reduction sought, in per cent of the baseline."
    )
    by: Annotated[int, Field(ge=1900, le=2200)] | PeriodField = Field(
        description="When it is due: a year (the plan's year ending in it: in a plan whose "
        "year starts in April, 2005 is by March 2005, as 2004/05 is; in a calendar-year "
        "plan, by December 2005), a financial year (by its March: 2004/05) or a month "
        "(December 2020, March 2005)."
    )
    value: Number = Field(description="The target value the reduction leads to.")

    @field_validator("by")
    @classmethod
    def _by_the_plans_year(cls, by: int | Period, info: ValidationInfo) -> int | Period:
        return by_plan_year(by, info.context)

    def baseline(self) -> Decimal:
        """The baseline the end figure and percentage imply, to the end figure's places:
        a 6% reduction to 9,704 is from 9,704 / 0.94 = 10,323."""
        whole = self.value / (1 - self.percent / HUNDRED)
        return whole.quantize(self.value, ROUND_HALF_UP)  # quantize takes only its exponent


def by_plan_year(by: int | Period, context: Any) -> int | Period:
    """A reduction's `by` as the plan means it: a bare year (2005, or "2005" in quotes) in a
    plan whose year starts in April (the loader's context says so) is the financial year
    ending in it, printed as written (2005: April 2004 to March 2005); any other period,
    or a bare year of a calendar-year plan or of a plan built without the loader (its
    December), as it is."""
    year_start = context.get("year_start") if isinstance(context, dict) else None
    if year_start != 4:
        return by
    if isinstance(by, int):
        return financial_year_ending(by)
    if by.kind == PeriodKind.CALENDAR_YEAR:  # "2005" in quotes: written as its four digits
        return financial_year_ending(by.last // 12)
    return by


class ChangeBands(Strict):
    """Bands of change on an earlier figure, in per cent of it (Salford's: green more than
    10% better, amber within 10%, red more than 10% worse)."""

    better: Share = Field(description="More than this per cent better is met.")
    worse: Share = Field(description="More than this per cent worse is missed; between, close.")
    against: Compare = Field(
        "previous",
        description="The earlier figure: the previous comparable one ('previous', default) "
        "or the same period's a year earlier ('year-earlier').",
    )


# --- the kinds ---------------------------------------------------------------------------


class Subject(Protocol):
    """What a kind needs of its indicator."""

    @property
    def unit(self) -> Unit: ...

    @property
    def polarity(self) -> Polarity | None: ...

    @property
    def baseline(self) -> Any: ...  # value, period, rank, missing


# A line a trend chart draws: its value, and the plan's word (a field of plan.words.Words)
# with the values of its blanks, for the label before the value; and the band of figures
# that count as close to target, if any.
ChartLine = tuple[Decimal, str, dict[str, object]]
ChartLines = tuple[list[ChartLine], tuple[float, float] | None]
# A value inside the target that must be a percentage for a percent measure, with its path
# under the kind's key.
TargetValue = tuple[tuple[str, ...], Decimal]


class Kind(ABC):
    """One kind of target. Subclasses set the class variables and the methods that apply."""

    key: ClassVar[str]  # the field of Target, in the plan files
    implies: ClassVar[Polarity | None] = None  # the polarity the target implies
    polarity_checked: ClassVar[bool] = True  # whether a declared polarity must agree
    # The kind's name in "a <name> target needs ..." where it needs a declared polarity
    # or a baseline value; None where it does not.
    needs_polarity: ClassVar[str | None] = None
    needs_baseline: ClassVar[str | None] = None
    needs_baseline_period: ClassVar[bool] = False  # and the baseline's period
    ranked: ClassVar[bool] = False  # readings give a rank beside the value
    # Its spec is a comparator figure (a Comparator), which a reading may update.
    compared: ClassVar[bool] = False
    # Whether a part of a year's count (year to date) is judged against a part of the
    # target (pro rata, or by a profile): the kinds with figures of a year's count.
    scalable: ClassVar[bool] = False
    # Whether every plan's data package lists the kind among those its data may hold; a
    # kind added later is listed only where a plan's data hold it, so that the data
    # packages of plans that do not use it stay byte for byte as they were.
    listed: ClassVar[bool] = True
    # Judged against the indicator's baseline figure itself (no increase on it...).
    on_baseline: ClassVar[bool] = False

    @abstractmethod
    def judge(
        self, spec: Any, latest: Measurement, subject: Subject, rules: Rules, words: Words
    ) -> Judgement:
        """The judgement of a figure against the target: latest.value is set, and for a
        ranked kind latest.rank too."""

    @abstractmethod
    def describe(self, spec: Any, subject: Subject, words: Words) -> str:
        """The target in a few words: 'at least 50%', 'top 3 of family group'."""

    def values(self, spec: Any) -> list[TargetValue]:
        """Values in the indicator's unit, checked as percentages for percent measures."""
        return []

    def against(self, spec: Any) -> Compare | None:
        """The earlier figure a kind judged on change needs beside the latest (the
        previous comparable one, or the same period's a year earlier); None for others."""
        return None

    def lacking(self, latest: Measurement, words: Words) -> str | None:
        """Why a figure cannot be judged yet, though it has a value (a rank target's
        missing rank); None where it can."""
        return None

    def reaches(
        self,
        spec: Any,
        low: Decimal,
        high: Decimal,
        latest: Measurement,
        subject: Subject,
        rules: Rules,
    ) -> bool:
        """Whether some figure from low to high would meet the target (a confidence
        interval includes it). The kinds with one limit meet it at an end, if anywhere.
        Whether a figure meets a target does not depend on the words it is told in."""
        return any(
            self.judge(spec, replace(latest, value=v), subject, rules, DEFAULT_WORDS).outcome
            == Outcome.MET
            for v in (low, high)
        )

    def chart(self, spec: Any, subject: Subject, tolerance: Decimal) -> ChartLines:
        """The target lines and close-to-target band a trend chart draws."""
        return [], None

    def scaled(self, spec: Any, fraction: Decimal) -> Any:
        """The target for a part of the year (`fraction` of it); the baseline, where the
        kind judges against it, is scaled by the caller."""
        return spec


def share_of(whole: Decimal, fraction: Decimal) -> Decimal:
    """A part of a year's figure, to a tenth: 36 for half a year is 18."""
    part = (whole * fraction).quantize(Decimal("0.1"))
    whole_number = part.to_integral_value()  # 18.0 is written 18
    return whole_number if part == whole_number else part


def _tol(tolerance: Decimal) -> float:
    return float(tolerance) / 100


def margin(value_: Decimal, target: Decimal, unit: Unit, words: Words = DEFAULT_WORDS) -> str:
    """A target met, with the margin it was met by: 'met: 36 under (3%)'; 'met' on the
    target itself (status_rules margin_when_met)."""
    if value_ < target:
        way = words.way_under
    elif value_ > target:
        way = words.way_over
    else:
        return words.met
    share = (
        words.share_of_target.format(share=percent(abs(value_ - target) / abs(target) * HUNDRED))
        if target and unit != Unit.PERCENT
        else ""
    )
    return words.met_by.format(gap=gap(value_ - target, unit, words), way=way, share=share)


class _Limit(Kind):
    """at least, at most, fewer than: one limit the value must keep to."""

    word: ClassVar[str]  # the field of plan.words.Words for the target: target_at_least
    # The rule function of this limit: at_least, at_most or fewer_than.
    rule: ClassVar[Callable[..., Judgement]]  # (value, target, tolerance, unit, words)

    scalable = True

    def scaled(self, spec: Any, fraction: Decimal) -> Any:
        return share_of(spec, fraction)

    def judge(
        self, spec: Any, latest: Measurement, subject: Subject, rules: Rules, words: Words
    ) -> Judgement:
        assert latest.value is not None
        j = self.rule(latest.value, spec, rules.close_percent, subject.unit, words)
        if rules.margin_when_met and j.outcome == Outcome.MET:
            return Judgement(Outcome.MET, margin(latest.value, spec, subject.unit, words))
        return j

    def describe(self, spec: Any, subject: Subject, words: Words) -> str:
        return str(getattr(words, self.word)).format(value=value(spec, subject.unit))

    def values(self, spec: Any) -> list[TargetValue]:
        return [((), spec)]

    def chart(self, spec: Any, subject: Subject, tolerance: Decimal) -> ChartLines:
        v, tol = float(spec), _tol(tolerance)
        band = (v * (1 - tol), v) if self.implies == Polarity.HIGHER else (v, v * (1 + tol))
        return [(spec, f"chart_{self.key}", {})], band


class AtLeast(_Limit):
    key = "at_least"
    word = "target_at_least"
    implies = Polarity.HIGHER
    rule = staticmethod(at_least)


class AtMost(_Limit):
    key = "at_most"
    word = "target_at_most"
    implies = Polarity.LOWER
    rule = staticmethod(at_most)


class FewerThan(_Limit):
    key = "fewer_than"
    word = "target_fewer_than"
    implies = Polarity.LOWER
    rule = staticmethod(fewer_than)


class Between(Kind):
    key = "between"

    def judge(
        self, spec: Any, latest: Measurement, subject: Subject, rules: Rules, words: Words
    ) -> Judgement:
        assert latest.value is not None
        return between(latest.value, spec.low, spec.high, rules.close_percent, subject.unit, words)

    def describe(self, spec: Any, subject: Subject, words: Words) -> str:
        low, high = value(spec.low, subject.unit), value(spec.high, subject.unit)
        return words.target_between.format(low=low, high=high)

    def reaches(
        self,
        spec: Any,
        low: Decimal,
        high: Decimal,
        latest: Measurement,
        subject: Subject,
        rules: Rules,
    ) -> bool:
        return low <= spec.high and high >= spec.low  # the two ranges overlap

    def values(self, spec: Any) -> list[TargetValue]:
        return [(("low",), spec.low), (("high",), spec.high)]

    scalable = True

    def scaled(self, spec: Any, fraction: Decimal) -> Any:
        return spec.model_copy(
            update={"low": share_of(spec.low, fraction), "high": share_of(spec.high, fraction)}
        )

    def chart(self, spec: Any, subject: Subject, tolerance: Decimal) -> ChartLines:
        return [(spec.low, "chart_range_from", {}), (spec.high, "chart_range_to", {})], None


class InLineWith(Kind):
    key = "in_line_with"
    needs_polarity = "comparator"
    compared = True

    def judge(
        self, spec: Any, latest: Measurement, subject: Subject, rules: Rules, words: Words
    ) -> Judgement:
        assert latest.value is not None
        assert subject.polarity is not None
        return in_line_with(
            latest.value, spec.value, subject.polarity, rules.close_percent, subject.unit, words
        )

    def describe(self, spec: Any, subject: Subject, words: Words) -> str:
        when = (
            words.target_comparator_when.format(period=period_text(spec.period, words))
            if spec.period
            else ""
        )
        return words.target_in_line_with.format(
            name=spec.name, value=value(spec.value, subject.unit), when=when
        )

    def values(self, spec: Any) -> list[TargetValue]:
        return [(("value",), spec.value)]

    def chart(self, spec: Any, subject: Subject, tolerance: Decimal) -> ChartLines:
        v, tol = float(spec.value), _tol(tolerance)
        band = (v * (1 - tol), v) if subject.polarity == Polarity.HIGHER else (v, v * (1 + tol))
        return [(spec.value, "chart_comparator", {"name": spec.name})], band


class Rank(Kind):
    key = "rank"
    # The rank's polarity, not the value's: a declared polarity speaks of the value.
    implies = Polarity.LOWER
    polarity_checked = False
    ranked = True

    def judge(
        self, spec: Any, latest: Measurement, subject: Subject, rules: Rules, words: Words
    ) -> Judgement:
        assert latest.rank is not None
        return rank(latest.rank, spec.within_top, rules.close_places, words)

    def describe(self, spec: Any, subject: Subject, words: Words) -> str:
        return words.target_rank.format(n=spec.within_top, group=spec.of)

    def lacking(self, latest: Measurement, words: Words) -> str | None:
        # A rank target is judged on the rank: without one, the figure is still awaited.
        return (
            words.no_rank_yet.format(period=say_period(latest.period, words))
            if latest.rank is None
            else None
        )

    # No chart lines: the chart shows the figure, the text gives the rank.


def _baseline_figure(subject: Subject, words: Words) -> str:
    """'2.0 (2014/15)': the baseline figure with its period, where it has one."""
    b = subject.baseline
    period = f" ({period_text(b.period, words)})" if b.period is not None else ""
    return f"{value(b.value, subject.unit)}{period}"


class _OnBaseline(Kind):
    """A kind judged against the baseline figure itself: `rule` judges, `line` names the
    chart's line; the close band is on the worse side of the baseline (above it, where lower
    is better)."""

    implies = Polarity.LOWER
    scalable = True
    on_baseline = True
    rule: ClassVar[Callable[..., Judgement]]  # (value, baseline, tolerance, unit, words)
    line: ClassVar[str]  # the chart's word for its line: chart_no_increase

    def judge(
        self, spec: Any, latest: Measurement, subject: Subject, rules: Rules, words: Words
    ) -> Judgement:
        base = subject.baseline.value
        assert latest.value is not None
        assert base is not None
        return self.rule(latest.value, base, rules.close_percent, subject.unit, words)

    def chart(self, spec: Any, subject: Subject, tolerance: Decimal) -> ChartLines:
        base = subject.baseline.value
        if base is None:
            return [], None
        v, tol = float(base), _tol(tolerance)
        band = (v * (1 - tol), v) if self.implies == Polarity.HIGHER else (v, v * (1 + tol))
        return [(base, self.line, {})], band


class AnyReduction(_OnBaseline):
    """Any fall below the baseline meets it; staying level does not (no_increase would)."""

    key = "any_reduction"
    needs_baseline = "any-reduction"
    rule = staticmethod(any_reduction)
    line = "chart_any_reduction"

    def describe(self, spec: Any, subject: Subject, words: Words) -> str:
        given = subject.baseline.value is not None
        baseline = _baseline_figure(subject, words) if given else words.the_baseline
        return words.target_any_reduction.format(baseline=baseline)


class AnyIncrease(_OnBaseline):
    """Any rise above the baseline meets it; staying level does not (at_least would)."""

    key = "any_increase"
    implies = Polarity.HIGHER
    listed = False
    needs_baseline = "any-increase"
    rule = staticmethod(any_increase)
    line = "chart_any_increase"

    def describe(self, spec: Any, subject: Subject, words: Words) -> str:
        given = subject.baseline.value is not None
        baseline = _baseline_figure(subject, words) if given else words.the_baseline
        return words.target_any_increase.format(baseline=baseline)


class NoIncrease(_OnBaseline):
    key = "no_increase"
    needs_baseline = "no-increase"
    rule = staticmethod(no_increase)
    line = "chart_no_increase"

    def describe(self, spec: Any, subject: Subject, words: Words) -> str:
        if subject.baseline.value is None:
            return words.target_no_increase
        return words.target_no_increase_on.format(baseline=_baseline_figure(subject, words))


class ReductionKind(Kind):
    key = "reduction"
    implies = Polarity.LOWER
    needs_baseline = "reduction"
    needs_baseline_period = True

    scalable = True

    @staticmethod
    def due_month(spec: Any) -> int:
        """The month it is due, as a month number (see plan.periods): December of a year,
        the last month of a financial year or of any other period."""
        if isinstance(spec.by, Period):
            return spec.by.last
        return int(spec.by) * 12 + 11

    def expected(self, spec: Any, subject: Subject, at: Measurement) -> Decimal:
        """Where the straight line from baseline to target is at the figure's period end."""
        b = subject.baseline
        assert b.value is not None
        assert b.period is not None
        assert at.period is not None
        line = trajectory(b.value, spec.value, b.period.last, self.due_month(spec), at.period.last)
        return line.quantize(Decimal("0.1"))

    def judge(
        self, spec: Any, latest: Measurement, subject: Subject, rules: Rules, words: Words
    ) -> Judgement:
        assert latest.value is not None
        assert latest.period is not None
        expected = self.expected(spec, subject, latest)
        j = reduction(latest.value, expected, rules.close_percent, subject.unit, words)
        detail = words.expected_by.format(
            expected=value(expected, subject.unit),
            month=month_in(latest.period.last, words),
            detail=j.detail,
        )
        return Judgement(j.outcome, detail)

    def describe(self, spec: Any, subject: Subject, words: Words) -> str:
        said = words.target_reduction
        blanks: dict[str, str] = {}
        if subject.baseline.from_target:  # its value then worked out from this target
            said, blanks["baseline"] = words.target_reduction_from, _baseline_figure(subject, words)
        return said.format(
            percent=number(spec.percent),
            value=value(spec.value, subject.unit),
            by=spec.by,
            **blanks,
        )

    def chart(self, spec: Any, subject: Subject, tolerance: Decimal) -> ChartLines:
        return [(spec.value, "chart_reduction", {"year": spec.by})], None

    def scaled(self, spec: Any, fraction: Decimal) -> Any:
        return spec.model_copy(update={"value": share_of(spec.value, fraction)})


class InLineWithGroup(Kind):
    """In line with the comparator group the reading gives, or better: inside the control
    limits around the group's average, or beyond them on the better side (see
    status.groups); beyond them on the worse side is a miss."""

    key = "in_line_with_group"
    needs_polarity = "comparator group"
    listed = False

    def judge(
        self, spec: Any, latest: Measurement, subject: Subject, rules: Rules, words: Words
    ) -> Judgement:
        g = latest.group
        assert latest.value is not None
        # validate refuses a reading judged by its group without the group and its counts
        assert g is not None
        assert g.position is not None
        worse = "above" if subject.polarity == Polarity.LOWER else "below"
        level, low, high = g.limits[-1]
        detail = words.group_within.format(
            position=position_word(g.position, words),
            group=g.name,
            confidence=percent(level),
            low=limit_text(low, latest.value, subject.unit),
            high=limit_text(high, latest.value, subject.unit),
        )
        return Judgement(Outcome.MISSED if g.position == worse else Outcome.MET, detail)

    def describe(self, spec: Any, subject: Subject, words: Words) -> str:
        return words.target_in_line_with_group

    def reaches(
        self,
        spec: Any,
        low: Decimal,
        high: Decimal,
        latest: Measurement,
        subject: Subject,
        rules: Rules,
    ) -> bool:
        assert latest.group is not None
        _, lower, upper = latest.group.limits[-1]
        if subject.polarity == Polarity.LOWER:
            return float(low) <= upper
        return float(high) >= lower


def by_change(
    value: Decimal,
    before: Decimal,
    polarity: Polarity,
    better: Decimal,
    worse: Decimal,
    words: Words = DEFAULT_WORDS,
) -> Judgement:
    """Rated by the change on an earlier figure, in per cent of it: more than `better`
    per cent better is met, more than `worse` per cent worse missed, between close (a
    change from 0 is as large as a change can be, unless there is none)."""
    change = value - before
    gain = change if polarity == Polarity.HIGHER else -change
    share = abs(change) / abs(before) * HUNDRED if before else None
    if gain > 0 and (share is None or share > better):
        return Judgement(Outcome.MET, words.change_better.format(band=percent(better)))
    if gain < 0 and (share is None or share > worse):
        return Judgement(Outcome.MISSED, words.change_worse.format(band=percent(worse)))
    return Judgement(
        Outcome.CLOSE, words.change_within.format(worse=percent(worse), better=percent(better))
    )


def _against_words(against: Compare, words: Words) -> str:
    return words.against_year_earlier if against == "year-earlier" else words.against_previous


def _before_detail(j: Judgement, latest: Measurement, unit: Unit, words: Words) -> Judgement:
    """The judgement's detail with the earlier figure it was judged against."""
    before = latest.before
    assert before is not None
    assert before.value is not None
    assert latest.value is not None
    change = (latest.value - before.value) / abs(before.value) * HUNDRED if before.value else None
    detail = words.change_on.format(
        change="" if change is None else f"{signed_percent(change)} ",
        figure=value(before.value, unit),
        period=say_period(before.period, words),
        detail=j.detail,
    )
    return Judgement(j.outcome, detail)


class _OnBefore(Kind):
    """A kind judged on an earlier figure of the same indicator (Measurement.before)."""

    listed = False

    def lacking(self, latest: Measurement, words: Words) -> str | None:
        if latest.before is None:
            return words.no_figure_before.format(period=say_period(latest.period, words))
        return None


class ChangeKind(_OnBefore):
    """Rated by the size of the change on the previous comparable figure, or the same
    period's a year earlier, in the plan's bands."""

    key = "change"
    needs_polarity = "change"

    def against(self, spec: Any) -> Compare | None:
        return spec.against

    def judge(
        self, spec: Any, latest: Measurement, subject: Subject, rules: Rules, words: Words
    ) -> Judgement:
        before = latest.before
        assert latest.value is not None
        assert before is not None  # lacking() says why there is none
        assert before.value is not None
        assert subject.polarity is not None
        j = by_change(latest.value, before.value, subject.polarity, spec.better, spec.worse, words)
        return _before_detail(j, latest, subject.unit, words)

    def describe(self, spec: Any, subject: Subject, words: Words) -> str:
        return words.target_change.format(
            better=percent(spec.better),
            worse=percent(spec.worse),
            against=_against_words(spec.against, words),
        )


class ReductionOnLastYear(_OnBefore):
    """Any fall below the same period's figure a year earlier: a target re-based each
    year on last year's figure; level is close, not met (as any_reduction)."""

    key = "reduction_on_last_year"
    implies = Polarity.LOWER

    def against(self, spec: Any) -> Compare | None:
        return "year-earlier"

    def judge(
        self, spec: Any, latest: Measurement, subject: Subject, rules: Rules, words: Words
    ) -> Judgement:
        before = latest.before
        assert latest.value is not None
        assert before is not None  # lacking() says why there is none
        assert before.value is not None
        j = any_reduction(latest.value, before.value, rules.close_percent, subject.unit, words)
        return _before_detail(j, latest, subject.unit, words)

    def describe(self, spec: Any, subject: Subject, words: Words) -> str:
        return words.target_reduction_on_last_year


KINDS: dict[str, Kind] = {
    k.key: k
    for k in (
        AtLeast(),
        AtMost(),
        FewerThan(),
        Between(),
        InLineWith(),
        Rank(),
        NoIncrease(),
        AnyReduction(),
        ReductionKind(),
        AnyIncrease(),
        InLineWithGroup(),
        ChangeKind(),
        ReductionOnLastYear(),
    )
}


def _given(target: Target) -> list[str]:
    """The kinds of target given (exactly one, once validated)."""
    return [k for k in KINDS if getattr(target, k) is not None]


class Target(Strict):
    """Exactly one kind of target."""

    at_least: Number | None = Field(None, description="Met when the value is at least this.")
    at_most: Number | None = Field(None, description="Met when the value is at most this.")
    fewer_than: Number | None = Field(None, description="Met when the value is below this.")
    between: Range | None = Field(None, description="Met when the value is inside this range.")
    in_line_with: Comparator | None = Field(
        None, description="Met when the value is in line with, or better than, a comparator."
    )
    rank: RankTarget | None = Field(
        None, description="Met when the reading's rank is within the top N."
    )
    no_increase: Literal[True] | None = Field(
        None, description="Met when the value is no higher than the baseline."
    )
    any_reduction: Literal[True] | None = Field(
        None,
        description="Met when the value is below the baseline, by any amount (the same as "
        "the baseline is not a reduction).",
    )
    reduction: Reduction | None = Field(
        None,
        description="A reduction on the baseline by a year; judged against the straight line "
        "from baseline to target.",
    )
    any_increase: Literal[True] | None = Field(
        None,
        description="Met when the value is above the baseline, by any amount (the same as "
        "the baseline is not an increase).",
    )
    in_line_with_group: Literal[True] | None = Field(
        None,
        description="Met when the value is in line with the comparator group its reading "
        "gives (inside the control limits around the group's average), or better.",
    )
    change: ChangeBands | None = Field(
        None,
        description="Rated by the change on an earlier figure: more than `better` per cent "
        "better is met, more than `worse` per cent worse missed, between is close.",
    )
    reduction_on_last_year: Literal[True] | None = Field(
        None,
        description="Met when the value is below the same period's figure a year earlier "
        "(re-based each year on last year's figure); the same is not a reduction.",
    )

    @model_validator(mode="after")
    def _one_kind(self) -> Target:
        _check_one_kind(_given(self))
        return self

    @property
    def key(self) -> str:
        """The kind's key in the plan files: 'at_least'."""
        return _given(self)[0]

    @property
    def kind(self) -> Kind:
        return KINDS[self.key]

    @property
    def spec(self) -> Any:
        """What the plan gives for the kind: a number, a range, a comparator..."""
        return getattr(self, self.key)

    def judge(
        self, latest: Measurement, subject: Subject, rules: Rules, words: Words = DEFAULT_WORDS
    ) -> Judgement:
        return self.kind.judge(self.spec, latest, subject, rules, words)

    def describe(self, subject: Subject, words: Words = DEFAULT_WORDS) -> str:
        return self.kind.describe(self.spec, subject, words)

    def reaches(
        self,
        low: Decimal,
        high: Decimal,
        latest: Measurement,
        subject: Subject,
        rules: Rules,
    ) -> bool:
        """Whether a figure anywhere from low to high would meet the target."""
        return self.kind.reaches(self.spec, low, high, latest, subject, rules)

    def chart(self, subject: Subject, tolerance: Decimal) -> ChartLines:
        return self.kind.chart(self.spec, subject, tolerance)

    def scaled(self, fraction: Decimal) -> Target:
        """This target for `fraction` of a year (a year-to-date figure)."""
        return self.model_copy(update={self.key: self.kind.scaled(self.spec, fraction)})

    def compared_with(self, comparator: Comparator | None) -> Target:
        """This target judged against the comparator figure a reading gives, where it is
        judged against a comparator (an updated national average)."""
        if comparator is None or not self.kind.compared:
            return self
        return self.model_copy(update={self.key: comparator})


class YearTarget(Target):
    """A target in force for one year (the year's own target of a plan whose target
    changes year by year)."""

    year: PeriodField = Field(
        description="The year the target is in force for: a financial year (2013/14) or a "
        "calendar year (2013)."
    )
