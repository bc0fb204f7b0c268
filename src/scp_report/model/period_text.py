"""A period as a reader sees it, in the plan's language: 'Q3 2017/18' in English,
'Chwarter 3 2017/18' in Welsh (the forms are words: period_quarter and the rest, with the
month names of months_short and months).

A period the tool makes (the report quarter, the quarter a figure is awaited for) and a
period the plan writes in its canonical form print in the plan's language. A period the
plan writes in a spelling of its own (Sept 2012, Q3-2017/18, December 2012) prints as
written, as it always has. The canonical label itself is never changed: it is the
period's key in the data (JSON, CSV) and in every comparison.

With English words every period prints exactly as `str(period)` does
(tests/model/test_period_text.py checks every form).
"""

from __future__ import annotations

import re

from .periods import Period, PeriodKind
from .words import Words

_QUARTER = re.compile(r"Q(\d) (\S+)")
_QUARTERS = re.compile(r"Q(\d)-(\d) (\S+)")
_DAY = re.compile(r"(\d{1,2}) ")
_AVERAGE = re.compile(r"(\d+) year average (\S+)")


def month_text(month: int, words: Words) -> str:
    """A month number (see model.periods) as 'Nov 2017', in the plan's words."""
    year, month0 = divmod(month, 12)
    return words.period_month.format(month=words.months_short[month0], year=year)


# Each word table's texts so far, by the period's label and spelling (together they say
# which period it is and how it was written): a large plan prints the same few periods
# hundreds of thousands of times. The table is kept with them, so its id is not reused.
_SAID: dict[int, tuple[Words, dict[tuple[str, str], str]]] = {}
_TABLES = 32  # word tables remembered at once (a build has one; the tests, many)


def period_text(p: Period, words: Words) -> str:
    """How a period prints in the plan's words (see the module's docstring)."""
    entry = _SAID.get(id(words))
    if entry is None or entry[0] is not words:
        if len(_SAID) >= _TABLES:
            _SAID.clear()
        entry = _SAID[id(words)] = (words, {})
    key = (p.label, p.written)
    text = entry[1].get(key)
    if text is None:
        text = entry[1][key] = _text(p, words)
    return text


def _text(p: Period, words: Words) -> str:
    if p.written and p.written != p.label:
        return p.written
    kind, label = p.kind, p.label
    if kind in (PeriodKind.QUARTER, PeriodKind.CALENDAR_QUARTER):
        m = _QUARTER.fullmatch(label)
        if m:
            return words.period_quarter.format(number=m[1], year=m[2])
    elif kind == PeriodKind.CUMULATIVE:
        m = _QUARTERS.fullmatch(label)
        if m:
            return words.period_quarters.format(first=m[1], last=m[2], year=m[3])
    elif kind == PeriodKind.MONTH:
        return month_text(p.last, words)
    elif kind == PeriodKind.MONTHS:
        same_year = p.first // 12 == p.last // 12
        first = words.months_short[p.first % 12] if same_year else month_text(p.first, words)
        return words.period_months.format(first=first, last=month_text(p.last, words))
    elif kind == PeriodKind.ROLLING:
        return words.period_rolling.format(n=p.months, month=month_text(p.last, words))
    elif kind == PeriodKind.YEAR_TO_DATE:
        return words.period_year_to_date.format(month=month_text(p.last, words))
    elif kind == PeriodKind.SURVEY:
        return words.period_survey.format(year=p.first // 12)
    elif kind == PeriodKind.AVERAGE:
        m = _AVERAGE.fullmatch(label)
        if m:
            return words.period_average.format(n=m[1], years=m[2])
    elif kind == PeriodKind.AS_AT:
        m = _DAY.match(label)
        if m:
            year, month0 = divmod(p.last, 12)
            return words.date.format(day=m[1], month=words.months[month0], year=year)
    # Years (2016/17, 2016) are figures alone, the same in every language.
    return label


def say_period(p: Period | None, words: Words) -> str:
    """A period in the plan's words, or nothing for no period."""
    return period_text(p, words) if p is not None else ""
