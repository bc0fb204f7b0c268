"""Figures as text: numbers, ranks, shortfalls, a measurement with its period, arrows.
One place, used by every view."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .period_text import month_text, period_text, say_period
from .periods import Period
from .values import DirectionName, Unit
from .words import DEFAULT_WORDS, Words

AWAITING = "Awaiting data"
# Arrows as the plan document prints them.
ARROWS = {DirectionName.UP: "↑", DirectionName.STEADY: "→", DirectionName.DOWN: "↓"}

_FOOTNOTE_REF = re.compile(r"\[\^[^\]\s]+\]")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")


@dataclass(frozen=True)
class GroupComparison:
    """A figure against its comparator group: its rank in it (where the members are
    given), its distance from the group's average, and its position against the control
    limits around that average for the figure's own population (where its counts are
    given)."""

    name: str  # the group, as printed
    size: int  # areas in the group, this one among them
    rank: int | None  # 1 the best, as polarity says (the lowest, where it says nothing)
    average: Decimal  # the group's average, in the indicator's unit
    distance: Decimal  # how far the figure is from the average, in per cent of it
    # The control limits, (confidence level, low, high), lowest level first; none without
    # the figure's counts.
    limits: tuple[tuple[Decimal, float, float], ...] = ()
    position: str | None = None  # "above", "in line" or "below" at the highest level


@dataclass(frozen=True)
class Projection:
    """A count year to date carried to the year's end."""

    value: Decimal  # the projected year end
    how: str  # pro rata, or by the profile, in the plan's words
    year: Measurement | None  # last year's figure for the whole year, if any


@dataclass(frozen=True)
class Measurement:
    """A figure with its period; `missing` says why there is no figure; a percentage's
    or rate's counts, where given, for its interval and tests."""

    value: Decimal | None
    period: Period | None
    rank: int | None = None
    missing: str | None = None
    numerator: int | None = None  # the counts behind the figure, where given
    denominator: Decimal | None = None
    rank_of: int | None = None  # the size of the group `rank` is within
    ranks: tuple[tuple[int, int, str], ...] = ()  # further ranks: (rank, of, group)
    group: GroupComparison | None = None  # against its comparator group
    # The earlier figure a target judged on change compares it with, where it has one.
    before: Measurement | None = None
    projection: Projection | None = None  # a count year to date, carried to the year end


@dataclass(frozen=True)
class Change:
    """The latest figure's change on the figure its direction of travel was compared with
    (the previous comparable figure, or the same period's a year earlier where the plan's
    `compare` says so): the Change and % Change columns a plan may ask for."""

    against: Measurement  # the figure compared with, with its period
    amount: Decimal  # the latest figure less it, in the indicator's unit (points for a %)
    percent: Decimal | None  # the amount in per cent of it; None where it is 0


def plain(markdown: str) -> str:
    """Markdown text as plain words on one line: for terminals and metadata."""
    text = _FOOTNOTE_REF.sub("", markdown)
    text = _EMPHASIS.sub(r"\2", text)
    return " ".join(text.split())


def number(d: Decimal | int) -> str:
    """1566 -> '1,566'; 2.0 stays '2.0'; 0.04 stays '0.04'."""
    return format(Decimal(d), ",f")


def value(d: Decimal | int, unit: Unit) -> str:
    text = number(d)
    return f"{text}%" if unit == Unit.PERCENT else text


def ordinal(n: int, words: Words = DEFAULT_WORDS) -> str:
    """1 -> '1st', 4 -> '4th', 22 -> '22nd' (the suffix is English's; a plan's `ordinal`
    word may leave it out)."""
    suffix = "th" if n % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return words.ordinal.format(n=n, suffix=suffix)


def gap(d: Decimal, unit: Unit, words: Words = DEFAULT_WORDS) -> str:
    """A difference: '1 point' for percentages, else the number itself."""
    d = abs(d)
    if unit == Unit.PERCENT:
        return (words.point if d == 1 else words.points).format(n=number(d))
    return number(d)


def month_in(month: int, words: Words = DEFAULT_WORDS) -> str:
    """A month number (see plan.periods) as 'Mar 2018', in the plan's words."""
    return month_text(month, words)


def percent(d: Decimal) -> str:
    """A ratio already in per cent, rounded for a reason line: '2.5%', '10%'."""
    # normalize() drops a zero tenth and keeps any other: 10.0 -> '10', 2.5 -> '2.5'.
    return f"{format(d.quantize(Decimal('0.1')).normalize(), 'f')}%"


def shown(
    m: Measurement, unit: Unit, awaiting: str = AWAITING, words: Words = DEFAULT_WORDS
) -> str:
    """A measurement as printed: the figure (with its rank), or why there is none
    (`awaiting`: the plan's words for a figure still to come)."""
    if m.value is None:
        return m.missing or awaiting
    text = value(m.value, unit)
    ranks = rank_text(m, words)
    if ranks is not None:
        text = words.ranked.format(figure=text, rank=ranks)
    if m.group is not None:
        text = group_text(text, m.group, unit, words)
    return text


def position_word(position: str, words: Words = DEFAULT_WORDS) -> str:
    """A position against a group's control limits in the plan's words: above, in line
    with, below."""
    return {
        "above": words.position_above,
        "in line": words.position_in_line,
        "below": words.position_below,
    }[position]


def limit_text(x: float, like: Decimal, unit: Unit) -> str:
    """A control limit to as many places as the figure `like` is written to: 13.07 beside
    12.38, 40.1% beside 39.0%."""
    places = like.as_tuple().exponent
    assert isinstance(places, int)  # a plan's number is finite
    return value(Decimal(repr(x)).quantize(Decimal(1).scaleb(places), ROUND_HALF_UP), unit)


# The minus sign the document prints before a change, as its charts do before a tick.
MINUS = "\u2212"


def _sign(d: Decimal) -> str:
    return "+" if d > 0 else MINUS if d < 0 else ""


def change_text(c: Change | None, unit: Unit, words: Words = DEFAULT_WORDS) -> str:
    """A Change cell: '+28', '\u22123 points' (a percentage's change is in points), '0';
    the plan's n/a where there is no figure to compare with."""
    if c is None:
        return words.not_applicable
    return _sign(c.amount) + gap(c.amount, unit, words)


def change_percent_text(c: Change | None, words: Words = DEFAULT_WORDS) -> str:
    """A % Change cell: '+2.4%', '\u221228%', '0%'; the plan's n/a where there is no figure
    to compare with, or it is 0 (a change on nothing is no share of it)."""
    if c is None or c.percent is None:
        return words.not_applicable
    return _sign(c.percent) + percent(abs(c.percent))


def change_against_text(c: Change | None, unit: Unit, words: Words = DEFAULT_WORDS) -> str | None:
    """The figure a change is on, with its period: 'on 1,182 (2016/17)'; None without."""
    if c is None or c.against.value is None:
        return None
    period = say_period(c.against.period, words)
    return words.change_against.format(figure=value(c.against.value, unit), period=period)


def signed_percent(d: Decimal) -> str:
    """A change in per cent with its sign: '+14.6%', '-3%', '0%'."""
    return f"{'+' if d > 0 else '-' if d < 0 else ''}{percent(abs(d))}"


def group_text(figure: str, g: GroupComparison, unit: Unit, words: Words = DEFAULT_WORDS) -> str:
    """A figure with its comparator group: '12.38 (13th of 15; in line with the most
    similar group: +14.6% on its average of 10.8)'."""
    rank = ordinal(g.rank, words) if g.rank is not None else None
    said = "" if rank is None else words.rank_of_n.format(rank=rank, n=g.size) + "; "
    where = words.group_compared if g.position is not None else words.group_unplaced
    compared = where.format(
        position=position_word(g.position, words) if g.position is not None else "",
        group=g.name,
        distance=signed_percent(g.distance),
        average=value(g.average, unit),
    )
    return words.with_group.format(figure=figure, compared=f"{said}{compared}")


def rank_text(m: Measurement, words: Words = DEFAULT_WORDS) -> str | None:
    """A figure's ranks as printed: '4th', '13th of 15', '21st of 32 in London boroughs;
    8th of 15 in family group'; None for a figure without a rank."""
    said = []
    if m.rank is not None:
        place = ordinal(m.rank, words)
        of = m.rank_of
        said.append(place if of is None else words.rank_of_n.format(rank=place, n=of))
    for rank, of, group in m.ranks:
        place = words.rank_of_n.format(rank=ordinal(rank, words), n=of)
        said.append(words.rank_in_group.format(rank=place, group=group))
    return "; ".join(said) if said else None


def figure(
    m: Measurement | None,
    unit: Unit,
    heading: Period | None = None,
    awaiting: str = AWAITING,
    words: Words = DEFAULT_WORDS,
) -> tuple[str, str | None]:
    """A figure as printed (in the plan's words), and its period where that differs from
    the column heading's."""
    if m is None:
        return awaiting, None
    period = period_text(m.period, words) if m.period is not None and m.period != heading else None
    return shown(m, unit, awaiting, words), period


def figure_with_period(
    m: Measurement | None,
    unit: Unit,
    heading: Period | None = None,
    note: str | None = None,
    awaiting: str = AWAITING,
    words: Words = DEFAULT_WORDS,
    label: str | None = None,
) -> str:
    """A figure on one line, with the plan's unit `label` after it, its period in
    brackets where it differs from the heading's, and a note after it, if any: '738
    admissions (2016/17); the 2017/18 figure is awaited'."""
    text, period = figure(m, unit, heading, awaiting, words)
    if label and m is not None and m.value is not None:
        text = f"{text} {label}"
    text = f"{text} ({period})" if period else text
    return f"{text}; {note}" if note else text


@dataclass(frozen=True)
class Interval:
    """A figure's confidence interval, in the indicator's unit, and the method's name
    (status/uncertainty.py finds it)."""

    low: Decimal
    high: Decimal
    method: str  # "exact Poisson", "Byar" or "Wilson"
    confidence: Decimal = Decimal(95)  # the level, in per cent


def interval_text(iv: Interval, unit: Unit, words: Words = DEFAULT_WORDS) -> str:
    """46–52%: the interval as a table shows it after its figure."""
    return words.interval.format(low=number(iv.low), high=value(iv.high, unit))


def confidence_text(confidence: Decimal) -> str:
    """95%, 99.8%: a confidence level as the reasons name it."""
    return percent(confidence)


def projection_text(p: Projection, words: Words = DEFAULT_WORDS) -> str:
    """'projected year end 1,210 (pro rata for 9 of 12 months), +2.4% (+28) on 1,182
    (2012/13)'. Only a count is projected (status/projection.py), so its figures are
    plain numbers."""
    change = ""
    year = p.year
    if year is not None and year.value:  # a change on 0 is no share of it: none given
        gap = p.value - year.value
        change = words.projection_change.format(
            share=signed_percent(gap / year.value * 100),
            gap=f"{'+' if gap > 0 else '-' if gap < 0 else ''}{number(abs(gap))}",
            figure=number(year.value),
            period=say_period(year.period, words),
        )
    return words.projection.format(value=number(p.value), how=p.how, change=change)
