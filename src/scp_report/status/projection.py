"""A year-end projection for a count reported year to date (issue 25): the figure so far
carried to the year's end, as last year's same span was to last year's whole where the
data hold both, else pro rata to the months gone or by the indicator's profile of the
year; and its change on last year's figure for the whole year, as Stockton's reports
give them ("an increase of 2.4% (242 crimes) is anticipated for the end of March").

Worked only where the plan asks (status_rules project, close_by_projection), for counts
year to date.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal

from ..model import figures as fmt
from ..model.figures import Measurement, Projection
from ..model.models import Indicator
from ..model.period_text import say_period
from ..model.periods import Period
from ..model.rules import Rules
from ..model.targets import Judgement, Outcome, Target
from ..model.values import Unit
from ..model.words import DEFAULT_WORDS, Words


def share_of_year(
    ind: Indicator, period: Period, words: Words = DEFAULT_WORDS
) -> tuple[Decimal, str]:
    """The share of a year's count due by the end of `period` (a part of the year from
    its start), and how it was found: the indicator's profile, or pro rata to the months
    gone."""
    months = period.months
    profile = ind.profile
    if profile is None:
        return Decimal(months) / 12, words.pro_rata.format(months=months)
    # The shares due by the end of each quarter (or month), from none at the year's start;
    # between two ends, along the line from one to the next. A part of a year is shorter
    # than the year, so the next end is always in the profile.
    due = [Decimal(0), *profile]
    done, rest = divmod(months * len(profile), 12)
    share = due[done] + (due[done + 1] - due[done]) * rest / 12
    month = fmt.month_in(period.last, words)
    return share / 100, words.by_profile.format(share=fmt.percent(share), month=month)


def last_year(m: Measurement, earlier: list[Measurement]) -> Measurement | None:
    """The whole year before the figure's (a year-to-date figure starts its year): the
    latest report of a twelve-month figure ending the month before, if any."""
    assert m.period is not None
    end = m.period.first - 1
    found = [
        e
        for e in earlier
        if e.value is not None
        and e.period is not None
        and e.period.months == 12
        and e.period.last == end
    ]
    return found[-1] if found else None


def with_projection(
    m: Measurement,
    ind: Indicator,
    earlier: list[Measurement],
    rules: Rules,
    year_start: int,
    words: Words = DEFAULT_WORDS,
) -> Measurement:
    """The measurement with its projected year end, where the plan asks for one and the
    figure is a count year to date."""
    if not (rules.project or rules.close_by_projection):
        return m
    p = m.period
    if ind.unit != Unit.COUNT or m.value is None or p is None or not p.year_to_date(year_start):
        return m
    year = last_year(m, earlier)
    span = same_span_last_year(m, earlier)
    if year is not None and span is not None:
        # Last year's own pattern: the year's figure was so many times this span's.
        assert year.value is not None  # figures, as last_year and same_span_last_year found
        assert span.value is not None
        whole = m.value * year.value / span.value
        how = words.as_last_year.format(
            period=say_period(span.period, words), year=say_period(year.period, words)
        )
    else:
        share, how = share_of_year(ind, p, words)
        whole = m.value / share
    projected = whole.quantize(Decimal(1), ROUND_HALF_UP)
    return replace(m, projection=Projection(projected, how, year))


def same_span_last_year(m: Measurement, earlier: list[Measurement]) -> Measurement | None:
    """The same part of the year a year earlier (Q1-2 2012/13 for Q1-2 2013/14), with a
    figure other than 0, if any."""
    assert m.period is not None
    found = [
        e
        for e in earlier
        if e.value
        and e.period is not None
        and e.period.comparable(m.period)
        and e.period.last == m.period.last - 12
    ]
    return found[-1] if found else None


def by_projection(
    j: Judgement, target: Target, latest: Measurement, ind: Indicator, rules: Rules, words: Words
) -> Judgement:
    """A miss judged by the projection (close_by_projection): close when the projected
    year end meets the year's target, else missed; as judged where there is none."""
    p = latest.projection
    if p is None:
        return j
    # Only the outcome counts, not the words of its detail.
    whole = target.judge(replace(latest, value=p.value), ind, rules)
    if whole.outcome == Outcome.MET:
        return Judgement(Outcome.CLOSE, words.projected_to_meet.format(detail=j.detail))
    return Judgement(Outcome.MISSED, words.not_projected_to_meet.format(detail=j.detail))
