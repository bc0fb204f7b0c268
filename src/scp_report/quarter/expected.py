"""Which figure each indicator owes a quarter.

`expected_period` says what period an indicator's figure should cover when reported in a
quarter, from the kind of period it has been reported in before and its reporting lag.
"""

from __future__ import annotations

import calendar

from ..model.models import Indicator, Plan, lag_of, reporting_of
from ..model.periods import (
    FULL_MONTHS,
    QUARTERS,
    Period,
    PeriodKind,
    Reporting,
    calendar_year,
    financial_year,
    month_label,
    parse_period,
    quarter_parts,
    shift_quarter,
)
from ..plan.reading_checks import span_mismatch
from ..status.snapshot import ReadingIndex


def expected_period(
    last: Period | None, quarter: Period, lag: int, declared: Reporting | None = None
) -> Period | None:
    """The period a figure reported in `quarter` should cover: of the kind the indicator
    declares (`reports`), else of the kind of the last one reported; None when no figure
    of that kind can be due (a survey not yet held).

    Quarterly figures cover the quarter `lag` quarters back (of the plan's year: the
    report quarter's kind); monthly ones its last month, and figures as at a date its last
    day; rolling figures end with that quarter; cumulative and year-to-date figures run
    from the start of the plan's year to it; yearly figures cover the latest whole year
    ending by then; surveys and multi-year averages stay as they were until replaced.
    """
    covered = shift_quarter(quarter, -lag)
    q = quarter_parts(covered)[1]
    start = 1 if covered.kind == PeriodKind.CALENDAR_QUARTER else 4
    end = covered.last
    if declared is not None:
        kind, months = declared.kind, declared.months
        if last is not None and not declared.fits(last):
            last = None  # of another kind: it says nothing of the next one
    elif last is not None:
        kind, months = last.kind, last.months
    else:
        kind, months = covered.kind, None
    if kind in QUARTERS:
        return covered
    if kind == PeriodKind.MONTH:
        return parse_period(month_label(end))
    if kind == PeriodKind.AS_AT:
        day = calendar.monthrange(end // 12, end % 12 + 1)[1]
        return parse_period(f"{day} {FULL_MONTHS[end % 12]} {end // 12}")
    if kind == PeriodKind.ROLLING:
        return parse_period(f"{months} months to {month_label(end)}")
    if kind == PeriodKind.CUMULATIVE and q > 1:
        return parse_period(f"Q1-{q} {covered.label.split()[1]}")
    # The first quarter of a cumulative count (there is no Q1-1) is a year to date: as a
    # quarter it would be judged against the whole year's target.
    if kind in (PeriodKind.CUMULATIVE, PeriodKind.YEAR_TO_DATE, PeriodKind.MONTHS):
        return parse_period(f"YTD {month_label(end)}", start)
    if kind == PeriodKind.FINANCIAL_YEAR:  # the latest April to March ending by then
        return financial_year((end - 2) // 12 - 1)
    if kind == PeriodKind.CALENDAR_YEAR:  # the latest January to December ending by then
        return calendar_year((end - 11) // 12)
    return last  # a survey or an average: unchanged until a new one reports


def expected_readings(plan: Plan, quarter: Period) -> list[tuple[Indicator, Period]]:
    """Every indicator that owes a figure in `quarter`, with the period it should cover.

    An indicator whose expected period has a reading in another quarter's file (a survey,
    a yearly figure already reported), or would end before its baseline does, owes
    nothing."""
    index = ReadingIndex(plan.readings)
    last_quarter = max((f.quarter for f in plan.readings), default=quarter)
    out = []
    for section, ind in plan.indicators():
        history = index.as_at(ind.id, last_quarter)
        before = [r for q, r in history if q < quarter]
        last = before[-1].period if before else None
        declared = reporting_of(section, ind)
        if declared is None and last is None:  # a quarter started before the first one
            later = next((r.period for q, r in history if q > quarter), None)
            declared = Reporting(later.kind, later.months) if later is not None else None
        lag = lag_of(section, ind)
        if declared is None and last is None:
            declared = _first_kind(ind, shift_quarter(quarter, -lag), plan.partnership.year_start)
        period = expected_period(last, quarter, lag, declared)
        if period is None or any(r.period == period for q, r in history if q != quarter):
            continue  # reported in another quarter's file
        baseline = ind.baseline.period
        if baseline is not None and baseline.last > period.last:
            continue  # not due yet: its figures start after the baseline
        out.append((ind, period))
    return out


def _first_kind(ind: Indicator, covered: Period, year_start: int) -> Reporting | None:
    """The kind of an indicator's first figure, where nothing says it: a quarter (None),
    unless a quarter's figure would not compare with what it is judged against (a count
    or a rate against a year's baseline: plan.reading_checks.span_mismatch) where 12
    months' would; then 12 months rolling."""
    if span_mismatch(ind, covered, None, year_start) is None:
        return None
    year = parse_period(f"12 months to {month_label(covered.last)}")
    if span_mismatch(ind, year, None, year_start) is not None:
        return None  # nor would a year's: validate says what to give
    return Reporting(PeriodKind.ROLLING, 12)
