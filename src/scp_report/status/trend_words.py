"""A measure's trend in words, from its snapshot row: the sentences the trends section
prints beside its chart.

Each sentence states one comparison, like for like, and cannot disagree with the table or
with another sentence: every figure named is one of the row's own, every earlier figure is
of the same kind of period as the latest (a part of a year against the same part of an
earlier year, never against a whole year), and the direction of travel is the table's,
word for word. Where there is no such comparison to make, there is no sentence: nothing
is said of what the data do not hold, and a measure without a target gets no status.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import figures as fmt
from ..model.period_text import period_text
from ..model.periods import Period
from ..model.statuses import StatusName
from ..model.values import DirectionName
from ..model.words import DEFAULT_WORDS, Words

if TYPE_CHECKING:
    from decimal import Decimal

    from .history import Point
    from .snapshot import Row


def sentences(row: Row, words: Words = DEFAULT_WORDS) -> tuple[str, ...]:
    """The trend in words: the comparison the arrow makes, in the tables' words; the change
    since the first figure of the chart (the baseline, where it is alike), unless that is
    the figure the arrow compared with; the recent trend, where tested; the target and
    status, for a measure with a target. None for a measure with no figure yet."""
    latest = row.latest
    if latest is None or latest.value is None or latest.period is None:
        return ()
    unit = row.indicator.unit
    out = []
    figure = _with_period(fmt.shown(latest, unit, words=words), latest.period, words)
    d = row.direction
    before = d.previous if d is not None else None
    later = row.later
    if later is not None and later.kind == "not published":  # say first what happened
        # Not published is always said in the partnership's words (Not reported...).
        said = words.later_said_in_brackets.format(words=later.text)
        out.append(
            words.trend_not_updated.format(
                period=period_text(later.period, words), said=said, figure=figure
            )
        )
    if d is not None and before is not None and before.value is not None:
        said = d.said(words)
        if d.better is not None:
            judgement = words.better if d.better else words.worse
            said = words.direction_judged.format(direction=said, judgement=judgement)
        previous = _with_period(fmt.value(before.value, unit), before.period, words)
        steady = d.name == DirectionName.STEADY and not d.chance
        if steady and before.value != latest.value:
            # The figures differ, by no more than the plan counts as no change: say so.
            first = words.trend_direction_steady.format(
                direction=said,
                figure=figure,
                previous=previous,
                steady=fmt.percent(row.rules.steady_percent),
            )
        else:
            first = words.trend_direction.format(direction=said, figure=figure, previous=previous)
        out.append(first)
    # The first figure of the chart; where the plan compares a period with the same period
    # a year earlier, the first for the same part of the year.
    alike = [
        p
        for p in row.comparable
        if row.rules.compare != "year-earlier"
        or (p.span is not None and (latest.period.last - p.span.last) % 12 == 0)
    ]
    start = alike[0]  # the latest figure is one of them
    if start.span != latest.period and (before is None or start.span != before.period):
        out.append(_since(start, latest.value, row, words))
    if row.trend is not None and row.trend.p is not None:
        # A trend tested; too few figures for one, or none fitted, compares nothing.
        out.append(words.recent_trend_sentence.format(trend=row.trend.text))
    if row.target_spec is not None and row.status != StatusName.MONITORING:
        out.append(words.target_and_status.format(target=row.target, status=row.status_label))
    return tuple(out)


def _since(start: Point, now: Decimal, row: Row, words: Words) -> str:
    """The change from the first figure of the chart to the latest."""
    unit = row.indicator.unit
    change = now - start.value
    moved = (
        words.no_change
        if change == 0
        else words.change_by.format(
            direction=words.up if change > 0 else words.down,
            amount=fmt.gap(change, unit, words),
        )
    )
    then = _with_period(start.text, start.span, words)
    if start.baseline:
        return words.trend_since_baseline.format(baseline=then, change=moved)
    return words.trend_since.format(figure=then, change=moved)


def _with_period(text: str, period: Period | None, words: Words) -> str:
    assert period is not None  # every figure named has its period
    return f"{text} ({period_text(period, words)})"
