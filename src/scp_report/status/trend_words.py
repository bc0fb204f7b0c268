"""A measure's trend in words, from its snapshot row: what the trends section says beside
its chart. Every figure named is the row's own, so the words cannot disagree with the
table or the chart."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import figures as fmt
from ..model.periods import Period
from ..model.words import DEFAULT_WORDS, Words

if TYPE_CHECKING:
    from .snapshot import Row


def summary(row: Row, words: Words = DEFAULT_WORDS) -> str:
    """The trend in words. First the comparison the arrow makes, in the tables' words;
    then the change since the baseline; then the target and status (the plan's word)."""
    tail = words.target_and_status.format(target=row.target, status=row.status_label)
    latest, unit = row.latest, row.indicator.unit
    if latest is None or latest.value is None or latest.period is None:
        return f"{words.no_figures} {tail}"
    figure = _with_period(fmt.shown(latest, unit, words.awaiting_data, words), latest.period)
    d = row.direction
    if d is None:
        first = words.trend_no_direction.format(direction=words.not_applicable, figure=figure)
    else:
        said = d.said(words)
        if d.better is not None:
            judgement = words.better if d.better else words.worse
            said = words.direction_judged.format(direction=said, judgement=judgement)
        before = d.previous
        if before is not None and before.value is not None:
            previous = _with_period(fmt.value(before.value, unit), before.period)
            first = words.trend_direction.format(direction=said, figure=figure, previous=previous)
        else:
            first = words.trend_direction_stated.format(direction=said, figure=figure)
    b = row.baseline
    if b.value is None:
        second = words.trend_no_baseline.format(
            baseline=fmt.shown(b, unit, words.awaiting_data, words)
        )
    else:
        change = latest.value - b.value
        moved = (
            words.no_change
            if change == 0
            else words.change_by.format(
                direction=words.up if change > 0 else words.down,
                amount=fmt.gap(change, unit, words),
            )
        )
        baseline = _with_period(fmt.shown(b, unit, words.awaiting_data, words), b.period)
        second = words.trend_since_baseline.format(baseline=baseline, change=moved)
    if row.trend is not None:
        second += " " + words.recent_trend_sentence.format(trend=row.trend.text)
    later = row.later
    if later is not None and later.kind == "not published":  # say first what happened
        said = words.later_said_in_brackets.format(words=later.text) if later.text else ""
        first = (
            words.trend_not_updated.format(period=later.period, said=said, figure=figure)
            + " "
            + first
        )
    return f"{first} {second} {tail}"


def _with_period(text: str, period: Period | str | None) -> str:
    return f"{text} ({period})" if period else text
