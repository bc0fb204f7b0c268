"""A measure's figures over time, as each snapshot row carries them for every view: every
figure reported up to the quarter, those comparable with the latest (the points a chart
draws), the one figure the direction of travel compares the latest with, and the target
lines a chart draws. One selection each, so a chart, its words and the table beside them
cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from ..model import figures as fmt
from ..model.figures import Interval, Measurement
from ..model.period_text import period_text
from ..model.periods import Period
from ..model.rules import Compare
from ..model.targets import Subject, Target
from ..model.values import Unit
from ..model.words import DEFAULT_WORDS, Words
from .uncertainty import interval


@dataclass(frozen=True)
class Point:
    """One figure of a measure's history, as a trend table lists it and a chart draws it."""

    period: str
    value: Decimal
    text: str
    baseline: bool
    span: Period | None = None  # the period itself: which figures compare with which
    interval: Interval | None = None  # where the plan shows intervals and counts are given
    interval_text: str | None = None  # that interval as the table under the chart shows it


class TargetLine(NamedTuple):
    """A horizontal line a chart draws: the target's value and its label."""

    value: float
    label: str


def figures_of(
    baseline: Measurement,
    reported: Iterable[Measurement],
    unit: Unit,
    per: int | None = None,
    confidence: Decimal | None = None,
    words: Words = DEFAULT_WORDS,
) -> tuple[Point, ...]:
    """The baseline, then every reported figure (oldest report first), in period order. A
    period reported twice shows its later report (a revised figure), as the tables do; a
    reading for the baseline's own period leaves the baseline standing. With a
    `confidence` level, each figure whose counts are given carries its interval."""

    def point(m: Measurement, is_baseline: bool) -> Point:
        assert m.value is not None  # each caller has checked both
        assert m.period is not None
        iv = interval(m, unit, confidence, per) if confidence is not None else None
        said = fmt.interval_text(iv, unit, words) if iv is not None else None
        text = fmt.value(m.value, unit)
        name = period_text(m.period, words)
        return Point(name, m.value, text, is_baseline, m.period, iv, said)

    points: dict[str, Point] = {}
    if baseline.value is not None and baseline.period is not None:
        points[str(baseline.period)] = point(baseline, True)
    for m in reported:
        if m.value is None or m.period is None:
            continue
        key = str(m.period)
        if not (key in points and points[key].baseline):
            points[key] = point(m, False)
    return tuple(sorted(points.values(), key=_span_order))


def _span_order(p: Point) -> tuple[int, int, str]:
    assert p.span is not None  # every figure of a history has its period
    return p.span.sort_key


def comparable(points: Iterable[Point], latest: Period) -> tuple[Point, ...]:
    """The figures a chart of the measure draws: those of the same kind and length of
    period as the latest (Period.comparable), up to it."""
    until = latest.sort_key  # once: plans of many readings ask this of every figure
    return tuple(
        p
        for p in points
        if p.span is not None and p.span.sort_key <= until and p.span.comparable(latest)
    )


def previous_comparable(
    history: Sequence[Measurement], latest: Period, compare: Compare
) -> Measurement | None:
    """The figure the direction of travel compares the latest (of period `latest`) with:
    the latest earlier figure of a comparable period, or (compare: year-earlier) the one
    for the same period a year earlier; None where the history holds none."""
    until = latest.sort_key  # once: plans of many readings ask this of every figure
    earlier = [
        m
        for m in history
        if m.value is not None
        and m.period is not None
        and m.period.sort_key < until
        and m.period.comparable(latest)
        and (compare != "year-earlier" or m.period.last == latest.last - 12)
    ]
    # History runs oldest report first: of two figures for one period, the later report (a
    # restatement) counts, so look from the end.
    return max(reversed(earlier), key=_period_order, default=None)


def _period_order(m: Measurement) -> tuple[int, int, str]:
    assert m.period is not None  # every figure compared has its period
    return m.period.sort_key


def target_lines(
    target: Target | None,
    subject: Subject,
    share: Decimal | None,
    tolerance: Decimal,
    words: Words = DEFAULT_WORDS,
) -> tuple[tuple[TargetLine, ...], tuple[float, float] | None]:
    """The horizontal target lines a chart draws, labelled, and its close-to-target band,
    if any: for the target in force for the latest figure; for a count reported year to
    date (`share`: the part of the year due), that part of the year's target, as its
    status is judged."""
    if target is None:
        return (), None
    if share is not None:
        target = target.scaled(share)
    lines, band = target.chart(subject, tolerance)
    labels = []
    for v, key, values in lines:
        before = str(getattr(words, key)).format(**values)
        labels.append(TargetLine(float(v), f"{before} {fmt.value(v, subject.unit)}"))
    return tuple(labels), band
