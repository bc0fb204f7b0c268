"""Reporting periods: parse, print back as the plan writes them, order in time.

UK public bodies report on the financial year (April to March); some partnerships on
the calendar year (a plan setting, `year_starts`). Every period is a closed range of
whole months; ordering is by end month, then start month, so that "Q3 2017/18" sorts
after "Q2 2017/18" and "2016/17" sorts before both.

Forms read (the table `FORMS`, each a pattern and a builder): quarters (Q3 2017/18, or
Q3 2013 of a calendar year), years (2016/17, 2016), cumulative quarters (Q1-3 2017/18,
Q1-2 2013), months (Dec 2012, December 2012, Sept 2012), spans of months (Apr-Dec 2013,
Oct 2012-Mar 2013), rolling months (12 months to Nov 2017), year to date (YTD Sep 2013,
from the plan's year start), dates a figure is as at (31 March 2013), surveys (2017
Survey) and multi-year averages (3 year average 07/08-09/10). A period prints back as the
plan wrote it; two spellings of the same months (Sept 2012, Sep 2012) are the same period.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from enum import StrEnum

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
FULL_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MONTH_INDEX = {m.lower(): i + 1 for i, m in enumerate(MONTHS)}
_MONTH_INDEX["sept"] = 9
_MONTH_INDEX.update({name.lower(): i + 1 for i, name in enumerate(FULL_MONTHS)})

MIN_YEAR, MAX_YEAR = 1900, 2200
QUARTER_HELP = (
    "a quarter looks like Q3-2017/18: Q1 to Q4 of a financial year YYYY/YY (Q1 is Apr-Jun); "
    "in a plan whose year starts in January, Q3-2013 (Q1 is Jan-Mar)"
)
PERIOD_HELP = (
    "a period looks like Q3 2017/18, Q3 2013, 2016/17, 2016, Dec 2012, Apr-Dec 2013, "
    "12 months to Nov 2017, Q1-3 2017/18, YTD Sep 2013, 31 March 2013, 2017 Survey or "
    "3 year average 07/08-09/10"
)


class PeriodError(ValueError):
    """A period string that does not parse."""


class PeriodKind(StrEnum):
    QUARTER = "quarter"  # of a financial year: Q3 2017/18
    CALENDAR_QUARTER = "calendar quarter"  # Q3 2013
    FINANCIAL_YEAR = "financial year"
    CALENDAR_YEAR = "calendar year"
    MONTH = "month"
    MONTHS = "months"  # a span of months: Apr-Dec 2013
    ROLLING = "rolling months"
    CUMULATIVE = "cumulative quarters"
    YEAR_TO_DATE = "year to date"
    AS_AT = "as at"  # a figure as at a date: 31 March 2013
    SURVEY = "survey"
    AVERAGE = "multi-year average"


QUARTERS = (PeriodKind.QUARTER, PeriodKind.CALENDAR_QUARTER)
# Years, cumulative quarters, spans of months and year to date: alike when they start in the
# same month of the year and are as long, so that Q1-4 2013/14 is a year as 2012/13 is.
SPANS = (
    PeriodKind.FINANCIAL_YEAR,
    PeriodKind.CALENDAR_YEAR,
    PeriodKind.CUMULATIVE,
    PeriodKind.MONTHS,
    PeriodKind.YEAR_TO_DATE,
)


def quarter_kind_of(year_start: int) -> PeriodKind:
    """The kind of a plan's report quarters: of the financial year, or of the calendar."""
    return PeriodKind.CALENDAR_QUARTER if year_start == 1 else PeriodKind.QUARTER


def _month_number(year: int, month: int) -> int:
    """Months since year 0, so ranges and differences are plain integers."""
    return year * 12 + (month - 1)


def month_label(index: int) -> str:
    """'Nov 2017' for a month number."""
    year, month0 = divmod(index, 12)
    return f"{MONTHS[month0]} {year}"


def _fy_label(start_year: int) -> str:
    return f"{start_year}/{(start_year + 1) % 100:02d}"


@dataclass(frozen=True, order=False)
class Period:
    """A span of whole months, with the kind it was written as.

    `first` and `last` are month numbers (see `_month_number`), inclusive. `label` is the
    canonical form, one for each period; `written` is the plan's own spelling, which the
    period prints as (the label where the tool made the period itself).
    """

    kind: PeriodKind
    first: int
    last: int
    label: str
    written: str = field(default="", compare=False)

    def __str__(self) -> str:
        return self.written or self.label

    def __hash__(self) -> int:
        # Equal periods have equal labels. Leaving out the kind (an Enum, slow to hash)
        # makes this several times faster than the generated hash: plans key readings
        # by period hundreds of thousands of times.
        return hash((self.first, self.last, self.label))

    # The properties below are plain functions wrapped by property() rather than
    # decorated: mutation testing (make mutate) skips decorated functions.
    def _months(self) -> int:
        return self.last - self.first + 1

    # Worked out once for each period, as `sort_key` below: snapshots ask it of every figure.
    months = functools.cached_property(_months)

    def _sort_key(self) -> tuple[int, int, str]:
        return (self.last, self.first, self.kind.value)

    # Worked out once for each period: plans sort hundreds of thousands of readings by it,
    # and share one Period for each period they write (`_parse_period`).
    sort_key = functools.cached_property(_sort_key)

    def __lt__(self, other: Period) -> bool:
        return self.sort_key < other.sort_key

    def __le__(self, other: Period) -> bool:
        return self.sort_key <= other.sort_key

    def __gt__(self, other: Period) -> bool:
        return self.sort_key > other.sort_key

    def __ge__(self, other: Period) -> bool:
        return self.sort_key >= other.sort_key

    def comparable(self, other: Period) -> bool:
        """A fair like-for-like comparison: quarters with quarters, months with months,
        rolling, survey and averaged periods of the same length; years and spans of
        months when they start in the same month of the year and are as long."""
        if self.months != other.months:
            return False
        if self.kind in SPANS:
            return other.kind in SPANS and self.first % 12 == other.first % 12
        if self.kind in QUARTERS:
            return other.kind in QUARTERS
        return self.kind == other.kind

    def year_to_date(self, year_start: int) -> bool:
        """A part of a year counted from the year's start: Q1-2 2013/14, YTD Sep 2013,
        Apr-Sep 2013 (with a year starting in April); not a whole year, not a quarter."""
        return self.kind in SPANS and self.first % 12 + 1 == year_start and self.months < 12

    def _end_label(self) -> str:
        return month_label(self.last)

    end_label = property(_end_label)


def _check_fy(first: int, second: int, text: str) -> int:
    """Validate a 'YYYY/YY' pair and return the starting year."""
    if second != (first + 1) % 100:
        raise PeriodError(
            f"{text!r}: a financial year runs April to March of consecutive years, "
            f"so {first}/ must be followed by {(first + 1) % 100:02d}"
        )
    return first


def financial_year(start_year: int) -> Period:
    first = _month_number(start_year, 4)
    return Period(PeriodKind.FINANCIAL_YEAR, first, first + 11, _fy_label(start_year))


def financial_year_ending(year: int, written: str | None = None) -> Period:
    """The financial year that ends in `year`, printed as `written` (the bare year by
    default): 2005 is April 2004 to March 2005 (2004/05), printed 2005."""
    return replace(financial_year(year - 1), written=written or str(year))


def calendar_year(year: int) -> Period:
    return Period(
        PeriodKind.CALENDAR_YEAR, _month_number(year, 1), _month_number(year, 12), str(year)
    )


def quarter(year: int, q: int, year_start: int = 4) -> Period:
    """Quarter q of the year starting in `year`: of the financial year (April) by default,
    of the calendar year with year_start 1."""
    if not 1 <= q <= 4:
        raise PeriodError(f"Q{q}: {QUARTER_HELP}")
    first = _month_number(year, year_start) + 3 * (q - 1)
    if year_start == 1:
        return Period(PeriodKind.CALENDAR_QUARTER, first, first + 2, f"Q{q} {year}")
    return Period(PeriodKind.QUARTER, first, first + 2, f"Q{q} {_fy_label(year)}")


def quarter_of(month: int, year_start: int) -> Period:
    """The quarter, of a year starting in `year_start`, that a month number falls in."""
    year, month0 = divmod(month - _month_number(0, year_start), 12)
    return quarter(year, month0 // 3 + 1, year_start)


def quarter_parts(p: Period) -> tuple[int, int]:
    """(the year its year starts in, quarter number) of a quarter period."""
    if p.kind not in QUARTERS:
        raise PeriodError(f"{p.label} is not a quarter")
    start = 4 if p.kind == PeriodKind.QUARTER else 1
    year, q0 = divmod(p.first - _month_number(0, start), 12)
    return year, q0 // 3 + 1


def shift_quarter(p: Period, n: int) -> Period:
    """The quarter n quarters after p (n may be negative), of the same kind."""
    year, q = quarter_parts(p)
    index = year * 4 + (q - 1) + n
    return quarter(index // 4, index % 4 + 1, 4 if p.kind == PeriodKind.QUARTER else 1)


def quarter_id(p: Period) -> str:
    """'Q3-2017/18' (or 'Q3-2013'): the form used on the command line and in readings files."""
    year, q = quarter_parts(p)
    return f"Q{q}-{_fy_label(year) if p.kind == PeriodKind.QUARTER else year}"


def quarter_slug(p: Period) -> str:
    """'2017-18-q3' (or '2013-q3'): the form used in file names."""
    year, q = quarter_parts(p)
    if p.kind == PeriodKind.CALENDAR_QUARTER:
        return f"{year}-q{q}"
    return f"{year}-{(year + 1) % 100:02d}-q{q}"


_CURLY_QUOTES = "\u201c\u201d\u2018\u2019\u201e\u00ab\u00bb"


def _century(two_digits: int) -> int:
    # Two-digit years in these documents are recent: 00-79 is 2000s, 80-99 is 1900s.
    return 2000 + two_digits if two_digits < 80 else 1900 + two_digits


def _month(name: str, raw: str) -> int:
    month = _MONTH_INDEX.get(name.lower())
    if month is None:
        raise PeriodError(f"{raw!r}: {name!r} is not a month name")
    return month


def _year(text: str) -> int:
    return int(text) if len(text) == 4 else _century(int(text))


# --- the forms a period is written in ----------------------------------------------------
# Each form is a pattern and a builder: the builder is given the pattern's groups, the
# text as written (for messages) and the month the plan's year starts in, and returns the
# period the text stands for or raises PeriodError. Adding a form is a builder and a row
# of FORMS, with an example; PERIOD_HELP and the module's docstring name the forms.

Groups = tuple[str, ...]


def _fy_quarter(g: Groups, raw: str, year_start: int) -> Period:
    q = _quarter_number(g[0], raw)
    return quarter(_check_fy(int(g[1]), int(g[2]), raw), q)


def _calendar_quarter(g: Groups, raw: str, year_start: int) -> Period:
    return quarter(int(g[1]), _quarter_number(g[0], raw), 1)


def _quarter_number(text: str, raw: str) -> int:
    q = int(text)
    if not 1 <= q <= 4:
        raise PeriodError(f"{raw!r}: {QUARTER_HELP}")
    return q


def _fy_cumulative(g: Groups, raw: str, year_start: int) -> Period:
    year = _check_fy(int(g[2]), int(g[3]), raw)
    return _cumulative(g, raw, year, 4, _fy_label(year))


def _calendar_cumulative(g: Groups, raw: str, year_start: int) -> Period:
    return _cumulative(g, raw, int(g[2]), 1, g[2])


def _cumulative(g: Groups, raw: str, year: int, start: int, name: str) -> Period:
    q1, q2 = int(g[0]), int(g[1])
    if not (1 <= q1 < q2 <= 4):
        raise PeriodError(f"{raw!r}: cumulative quarters run Q1-2 to Q1-4, first below last")
    first = _month_number(year, start) + 3 * (q1 - 1)
    last = _month_number(year, start) + 3 * q2 - 1
    return Period(PeriodKind.CUMULATIVE, first, last, f"Q{q1}-{q2} {name}")


def _financial_year(g: Groups, raw: str, year_start: int) -> Period:
    return financial_year(_check_fy(int(g[0]), int(g[1]), raw))


def _calendar_year(g: Groups, raw: str, year_start: int) -> Period:
    return calendar_year(int(g[0]))


def _survey(g: Groups, raw: str, year_start: int) -> Period:
    y = int(g[0])
    return Period(PeriodKind.SURVEY, _month_number(y, 1), _month_number(y, 12), f"{y} Survey")


def _rolling(g: Groups, raw: str, year_start: int) -> Period:
    n = int(g[0])
    month = _month(g[1], raw)
    if not 1 <= n <= 120:
        raise PeriodError(f"{raw!r}: a rolling period covers 1 to 120 months")
    last = _month_number(_year(g[2]), month)
    return Period(PeriodKind.ROLLING, last - n + 1, last, f"{n} months to {month_label(last)}")


def _average(g: Groups, raw: str, year_start: int) -> Period:
    n = int(g[0])
    a, b, c, d = (int(x) for x in g[1:])
    fy1 = _check_fy(_century(a), b, raw)
    fy2 = _check_fy(_century(c), d, raw)
    if fy2 - fy1 + 1 != n:
        raise PeriodError(
            f"{raw!r}: {a:02d}/{b:02d} to {c:02d}/{d:02d} spans {fy2 - fy1 + 1} years, not {n}"
        )
    first = _month_number(fy1, 4)
    last = _month_number(fy2 + 1, 3)
    label = f"{n} year average {a:02d}/{b:02d}-{c:02d}/{d:02d}"
    return Period(PeriodKind.AVERAGE, first, last, label)


def _year_to_date(g: Groups, raw: str, year_start: int) -> Period:
    last = _month_number(_year(g[1]), _month(g[0], raw))
    first = last - (last - (year_start - 1)) % 12  # back to the year's start
    return Period(PeriodKind.YEAR_TO_DATE, first, last, f"YTD {month_label(last)}")


def _span(g: Groups, raw: str, year_start: int) -> Period:
    year = int(g[2])
    first = _month_number(year, _month(g[0], raw))
    return _months(first, _month_number(year, _month(g[1], raw)), raw)


def _long_span(g: Groups, raw: str, year_start: int) -> Period:
    first = _month_number(int(g[1]), _month(g[0], raw))
    return _months(first, _month_number(int(g[3]), _month(g[2], raw)), raw)


def _months(first: int, last: int, raw: str) -> Period:
    if not first < last <= first + 23:
        raise PeriodError(
            f"{raw!r}: a span of months runs forward, from its first month to its last, "
            "within two years"
        )
    label = (
        f"{MONTHS[first % 12]}-{month_label(last)}"
        if first // 12 == last // 12
        else f"{month_label(first)}-{month_label(last)}"
    )
    return Period(PeriodKind.MONTHS, first, last, label)


def _single_month(g: Groups, raw: str, year_start: int) -> Period:
    month = _month_number(_year(g[1]), _month(g[0], raw))
    return Period(PeriodKind.MONTH, month, month, month_label(month))


def _as_at(g: Groups, raw: str, year_start: int) -> Period:
    """A date: a figure as at that day, which falls in its month."""
    day, month, year = int(g[0]), _month(g[1], raw), int(g[2])
    try:
        date = dt.date(year, month, day)
    except ValueError:
        raise PeriodError(f"{raw!r} is not a date") from None
    index = _month_number(year, month)
    return Period(PeriodKind.AS_AT, index, index, f"{date.day} {FULL_MONTHS[month - 1]} {year}")


@dataclass(frozen=True)
class Form:
    """A way a period is written: the pattern it matches and what builds its period."""

    pattern: re.Pattern[str]
    build: Callable[[Groups, str, int], Period]
    example: str  # a text of this form (tests read it)


_FY = r"(\d{4})/(\d{2})"
_MON = r"([A-Za-z]+)\.?"
_YEAR = r"(\d{4}|\d{2})"
# re.ASCII: \d is 0-9 only, never another script's digits. Built where the module is
# read, with no function of ours called, so no mutant of it (make mutate) hides there.
_ANY_CASE = re.I | re.A
# In the order they are tried: the first whose pattern matches the whole text.
FORMS: tuple[Form, ...] = (
    Form(re.compile(rf"^Q(\d)[ -]{_FY}$", _ANY_CASE), _fy_quarter, "Q3 2017/18"),
    Form(re.compile(rf"^Q(\d)-(\d) {_FY}$", _ANY_CASE), _fy_cumulative, "Q1-3 2017/18"),
    Form(re.compile(r"^Q(\d)[ -](\d{4})$", _ANY_CASE), _calendar_quarter, "Q3 2013"),
    Form(re.compile(r"^Q(\d)-(\d) (\d{4})$", _ANY_CASE), _calendar_cumulative, "Q1-2 2013"),
    Form(re.compile(rf"^{_FY}$", re.A), _financial_year, "2016/17"),
    Form(re.compile(r"^(\d{4})$", re.A), _calendar_year, "2016"),
    Form(re.compile(r"^(\d{4}) survey$", _ANY_CASE), _survey, "2017 Survey"),
    Form(
        re.compile(rf"^(\d+) months to {_MON}[ -]{_YEAR}$", _ANY_CASE),
        _rolling,
        "12 months to Nov 2017",
    ),
    Form(
        re.compile(r"^(\d+) year average (\d{2})/(\d{2})-(\d{2})/(\d{2})$", _ANY_CASE),
        _average,
        "3 year average 07/08-09/10",
    ),
    Form(
        re.compile(rf"^(?:YTD|year to date) (?:to )?{_MON}[ -]{_YEAR}$", _ANY_CASE),
        _year_to_date,
        "YTD Sep 2013",
    ),
    Form(re.compile(rf"^{_MON} ?- ?{_MON} (\d{{4}})$", _ANY_CASE), _span, "Apr-Dec 2013"),
    Form(
        re.compile(rf"^{_MON} (\d{{4}}) ?- ?{_MON} (\d{{4}})$", _ANY_CASE),
        _long_span,
        "Oct 2012-Mar 2013",
    ),
    Form(re.compile(rf"^{_MON}[ -]{_YEAR}$", _ANY_CASE), _single_month, "Dec 2012"),
    Form(
        re.compile(rf"^(?:as at )?(\d{{1,2}}) {_MON} (\d{{4}})$", _ANY_CASE),
        _as_at,
        "31 March 2013",
    ),
)


def parse_period(text: str | int, year_start: int = 4) -> Period:
    """Parse any period form the plan documents use; raise PeriodError otherwise.
    `year_start` is the month the plan's year starts in, for year-to-date figures."""
    # Text is the common case, tested first: plans hold thousands of periods.
    if type(text) is not str and (isinstance(text, bool) or not isinstance(text, int)):
        raise PeriodError(f"expected a period as text, got {text!r}; {PERIOD_HELP}")
    return _parse_period(text, year_start)


def _read_period(text: str | int, year_start: int) -> Period:
    raw = str(text).strip()
    # A period pasted from Word keeps its curly quotes: "Q3 2017/18" as “Q3 2017/18”.
    s = re.sub(r"\s+", " ", raw.strip(_CURLY_QUOTES).strip())
    years = [int(y) for y in re.findall(r"\d{4}", s, re.A)]
    if any(not MIN_YEAR <= y <= MAX_YEAR for y in years):
        raise PeriodError(f"{raw!r}: years run from {MIN_YEAR} to {MAX_YEAR}")
    for form in FORMS:
        m = form.pattern.match(s)
        if m:
            period = form.build(m.groups(), raw, year_start)
            # Printed as the plan wrote it; the label says which period it is.
            return Period(period.kind, period.first, period.last, period.label, s)
    raise PeriodError(f"{raw!r} is not a period; {PERIOD_HELP}")


# Plans repeat a few periods thousands of times. Wrapped rather than decorated, so that
# mutation testing (make mutate) reaches the parser; tests clear the cache (conftest.py).
_parse_period = functools.lru_cache(maxsize=4096)(_read_period)


REPORTING_HELP = (
    "quarter, financial year, calendar year, month, rolling N months (such as rolling 12 "
    "months), cumulative quarters, year to date, as at (a date), survey or multi-year average"
)
# Kinds of period that say the same thing of how an indicator reports.
_SAME_REPORTING = [
    set(QUARTERS),
    {PeriodKind.CUMULATIVE, PeriodKind.YEAR_TO_DATE, PeriodKind.MONTHS},
]


@dataclass(frozen=True)
class Reporting:
    """How an indicator reports: the kind of period each figure covers (and, for rolling
    figures, how many months)."""

    kind: PeriodKind
    months: int | None = None

    def __str__(self) -> str:
        if self.kind == PeriodKind.ROLLING:
            return f"rolling {self.months} months"
        return self.kind.value

    def fits(self, p: Period) -> bool:
        if self.months is not None and p.months != self.months:
            return False
        return p.kind == self.kind or any(
            p.kind in same and self.kind in same for same in _SAME_REPORTING
        )


_REPORTING_WORDS = {
    "quarter": PeriodKind.QUARTER,
    "calendar quarter": PeriodKind.CALENDAR_QUARTER,
    "financial year": PeriodKind.FINANCIAL_YEAR,
    "calendar year": PeriodKind.CALENDAR_YEAR,
    "month": PeriodKind.MONTH,
    "cumulative quarters": PeriodKind.CUMULATIVE,
    "year to date": PeriodKind.YEAR_TO_DATE,
    "as at": PeriodKind.AS_AT,
    "survey": PeriodKind.SURVEY,
    "multi-year average": PeriodKind.AVERAGE,
}


def parse_reporting(text: str) -> Reporting:
    """'rolling 12 months', 'financial year'...; PeriodError otherwise."""
    words = " ".join(str(text).lower().split())
    m = re.fullmatch(r"rolling (\d+) months?", words, re.A)
    if m:
        n = int(m[1])
        if not 1 <= n <= 120:
            raise PeriodError(f"{text!r}: a rolling period covers 1 to 120 months")
        return Reporting(PeriodKind.ROLLING, n)
    kind = _REPORTING_WORDS.get(words)
    if kind is None:
        raise PeriodError(f"{text!r} is not a kind of period; expected one of: {REPORTING_HELP}")
    return Reporting(kind)


def parse_quarter(text: str) -> Period:
    """Parse a report quarter such as 'Q3-2017/18' (or 'Q3 2017/18'; 'Q3-2013' for a plan
    whose year starts in January)."""
    try:
        p = parse_period(text)
    except PeriodError as e:
        raise PeriodError(f"{text!r} is not a quarter; {QUARTER_HELP}") from e
    if p.kind not in QUARTERS:
        raise PeriodError(f"{text!r} is not a quarter; {QUARTER_HELP}")
    # Made afresh: a report quarter prints in its one canonical form, whatever was typed.
    return Period(p.kind, p.first, p.last, p.label)


def quarter_from_slug(slug: str) -> Period | None:
    """The quarter a readings file name such as '2017-18-q3' (or '2013-q3') stands for,
    or None."""
    m = re.fullmatch(r"(\d{4})-(\d{2})-q(\d)", slug) or re.fullmatch(r"(\d{4})-q(\d)", slug)
    if not m:
        return None
    text = f"Q{m[3]}-{m[1]}/{m[2]}" if m.lastindex == 3 else f"Q{m[2]}-{m[1]}"
    try:  # the parser refuses any digits but 0-9
        return parse_quarter(text)
    except PeriodError:
        return None
