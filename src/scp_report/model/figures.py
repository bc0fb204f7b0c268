"""Figures as text: numbers, ranks, shortfalls, a measurement with its period, arrows.
One place, used by every view."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .periods import Period
from .values import DirectionName, Unit
from .words import DEFAULT_WORDS, Words

AWAITING = "Awaiting data"
# Arrows as the plan document prints them.
ARROWS = {DirectionName.UP: "↑", DirectionName.STEADY: "→", DirectionName.DOWN: "↓"}

_FOOTNOTE_REF = re.compile(r"\[\^[^\]\s]+\]")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")


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
    year, month0 = divmod(month, 12)
    return f"{words.months_short[month0]} {year}"


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
    if m.rank is not None:
        text = words.ranked.format(figure=text, rank=ordinal(m.rank, words))
    return text


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
    period = str(m.period) if m.period is not None and m.period != heading else None
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
