"""Which figure each indicator owes a quarter.

`expected_period` says what period an indicator's figure should cover when reported in a
quarter, from the kind of period it has been reported in before and its reporting lag.
"""

from __future__ import annotations

from ..plan.models import Indicator, Plan, lag_of
from ..plan.periods import (
    Period,
    PeriodKind,
    financial_year,
    month_label,
    parse_period,
    quarter_parts,
    shift_quarter,
)
from ..status.snapshot import ReadingIndex


def expected_period(last: Period | None, quarter: Period, lag: int) -> Period:
    """The period a figure reported in `quarter` should cover, given the last one reported.

    Quarterly figures cover the quarter `lag` quarters back; rolling figures end with that
    quarter; cumulative figures run from Q1 to it; yearly figures cover the latest whole
    year ending by then; surveys and multi-year averages stay as they were until replaced.
    """
    covered = shift_quarter(quarter, -lag)
    fy, q = quarter_parts(covered)
    if last is None or last.kind == PeriodKind.QUARTER:
        return covered
    if last.kind == PeriodKind.ROLLING:
        end = covered.last
        return parse_period(f"{last.months} months to {month_label(end)}")
    if last.kind == PeriodKind.CUMULATIVE:
        return covered if q == 1 else parse_period(f"Q1-{q} {covered.label.split()[1]}")
    if last.kind == PeriodKind.FINANCIAL_YEAR:
        return financial_year(fy if q == 4 else fy - 1)
    if last.kind == PeriodKind.CALENDAR_YEAR:
        year = covered.last // 12
        return parse_period(str(year if covered.last % 12 == 11 else year - 1))
    return last  # a survey or an average: unchanged until a new one reports


def expected_readings(plan: Plan, quarter: Period) -> list[tuple[Indicator, Period]]:
    """Every indicator that owes a figure in `quarter`, with the period it should cover.

    An indicator whose expected period already has a reading (a survey, a yearly figure
    already reported) owes nothing new."""
    index = ReadingIndex(plan.readings)
    out = []
    for section, ind in plan.indicators():
        before = [r for q, r in index.as_at(ind.id, quarter) if q < quarter]
        last = before[-1].period if before else None
        period = expected_period(last, quarter, lag_of(section, ind))
        if not any(r.period == period for r in before):
            out.append((ind, period))
    return out
