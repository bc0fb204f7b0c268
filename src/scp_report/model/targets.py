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
from decimal import Decimal
from typing import Annotated, Any, ClassVar, Literal, Protocol

from pydantic import Field, model_validator

from .figures import Measurement, gap, month_in, number, ordinal, percent, value
from .periods import Period
from .rules import Rules
from .statuses import Outcome as Outcome  # re-exported: what judging gives
from .values import Number, PeriodField, Polarity, Strict, Text, Unit
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
        description="When it is due: a year (by its December: 2020), a financial year (by "
        "its March: 2004/05) or a month (March 2005)."
    )
    value: Number = Field(description="The target value the reduction leads to.")


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
        return self.rule(latest.value, spec, rules.close_percent, subject.unit, words)

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
        when = words.target_comparator_when.format(period=spec.period) if spec.period else ""
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

    # No chart lines: the chart shows the figure, the text gives the rank.


def _baseline_figure(subject: Subject) -> str:
    """'2.0 (2014/15)': the baseline figure with its period, where it has one."""
    b = subject.baseline
    period = f" ({b.period})" if b.period is not None else ""
    return f"{value(b.value, subject.unit)}{period}"


class _OnBaseline(Kind):
    """A kind judged against the baseline figure itself: `rule` judges, `line` names the
    chart's line; the close band is above the baseline (lower is better)."""

    implies = Polarity.LOWER
    scalable = True
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
        v = float(base)
        return [(base, self.line, {})], (v, v * (1 + _tol(tolerance)))


class AnyReduction(_OnBaseline):
    """Any fall below the baseline meets it; staying level does not (no_increase would)."""

    key = "any_reduction"
    needs_baseline = "any-reduction"
    rule = staticmethod(any_reduction)
    line = "chart_any_reduction"

    def describe(self, spec: Any, subject: Subject, words: Words) -> str:
        given = subject.baseline.value is not None
        baseline = _baseline_figure(subject) if given else words.the_baseline
        return words.target_any_reduction.format(baseline=baseline)


class NoIncrease(_OnBaseline):
    key = "no_increase"
    needs_baseline = "no-increase"
    rule = staticmethod(no_increase)
    line = "chart_no_increase"

    def describe(self, spec: Any, subject: Subject, words: Words) -> str:
        if subject.baseline.value is None:
            return words.target_no_increase
        return words.target_no_increase_on.format(baseline=_baseline_figure(subject))


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
        return words.target_reduction.format(
            percent=number(spec.percent), value=value(spec.value, subject.unit), by=spec.by
        )

    def chart(self, spec: Any, subject: Subject, tolerance: Decimal) -> ChartLines:
        return [(spec.value, "chart_reduction", {"year": spec.by})], None

    def scaled(self, spec: Any, fraction: Decimal) -> Any:
        return spec.model_copy(update={"value": share_of(spec.value, fraction)})


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
