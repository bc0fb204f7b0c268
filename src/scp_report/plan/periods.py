"""Reporting periods: parse, print back as the document prints them, order in time.

UK public bodies report on the financial year (April to March). Every period is a
closed range of whole months; ordering is by end month, then start month, so that
"Q3 2017/18" sorts after "Q2 2017/18" and "2016/17" sorts before both.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from enum import StrEnum

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_INDEX = {m.lower(): i + 1 for i, m in enumerate(MONTHS)}
_MONTH_INDEX.update(
    {
        name.lower(): i + 1
        for i, name in enumerate(
            (
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
        )
    }
)

MIN_YEAR, MAX_YEAR = 1900, 2200
QUARTER_HELP = (
    "a quarter looks like Q3-2017/18: Q1 to Q4 of a financial year YYYY/YY (Q1 is Apr-Jun)"
)
PERIOD_HELP = (
    "a period looks like Q3 2017/18, 2016/17, 2016, 12 months to Nov 2017, Q1-3 2017/18, "
    "2017 Survey or 3 year average 07/08-09/10"
)


class PeriodError(ValueError):
    """A period string that does not parse."""


class PeriodKind(StrEnum):
    QUARTER = "quarter"
    FINANCIAL_YEAR = "financial year"
    CALENDAR_YEAR = "calendar year"
    ROLLING = "rolling months"
    CUMULATIVE = "cumulative quarters"
    SURVEY = "survey"
    AVERAGE = "multi-year average"


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

    `first` and `last` are month numbers (see `_month_number`), inclusive.
    `label` is the canonical printed form, the one the plan document uses.
    """

    kind: PeriodKind
    first: int
    last: int
    label: str

    def __str__(self) -> str:
        return self.label

    def __hash__(self) -> int:
        # Equal periods have equal labels. Leaving out the kind (an Enum, slow to hash)
        # makes this several times faster than the generated hash: plans key readings
        # by period hundreds of thousands of times.
        return hash((self.first, self.last, self.label))

    # The properties below are plain functions wrapped by property() rather than
    # decorated: mutation testing (make mutate) skips decorated functions.
    def _months(self) -> int:
        return self.last - self.first + 1

    months = property(_months)

    def _sort_key(self) -> tuple[int, int, str]:
        return (self.last, self.first, self.kind.value)

    sort_key = property(_sort_key)

    def __lt__(self, other: Period) -> bool:
        return self.sort_key < other.sort_key

    def __le__(self, other: Period) -> bool:
        return self.sort_key <= other.sort_key

    def __gt__(self, other: Period) -> bool:
        return self.sort_key > other.sort_key

    def __ge__(self, other: Period) -> bool:
        return self.sort_key >= other.sort_key

    def comparable(self, other: Period) -> bool:
        """Same kind and same length: a fair like-for-like comparison."""
        return self.kind == other.kind and self.months == other.months

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


def quarter(fy_start: int, q: int) -> Period:
    if not 1 <= q <= 4:
        raise PeriodError(f"Q{q}: {QUARTER_HELP}")
    first = _month_number(fy_start, 4) + 3 * (q - 1)
    return Period(PeriodKind.QUARTER, first, first + 2, f"Q{q} {_fy_label(fy_start)}")


def quarter_parts(p: Period) -> tuple[int, int]:
    """(financial year start, quarter number) of a quarter period."""
    if p.kind != PeriodKind.QUARTER:
        raise PeriodError(f"{p.label} is not a quarter")
    offset = p.first - _month_number(0, 4)
    fy, q0 = divmod(offset, 12)
    return fy, q0 // 3 + 1


def shift_quarter(p: Period, n: int) -> Period:
    """The quarter n quarters after p (n may be negative)."""
    fy, q = quarter_parts(p)
    index = fy * 4 + (q - 1) + n
    return quarter(index // 4, index % 4 + 1)


def quarter_id(p: Period) -> str:
    """'Q3-2017/18': the form used on the command line and in readings files."""
    fy, q = quarter_parts(p)
    return f"Q{q}-{_fy_label(fy)}"


def quarter_slug(p: Period) -> str:
    """'2017-18-q3': the form used in file names."""
    fy, q = quarter_parts(p)
    return f"{fy}-{(fy + 1) % 100:02d}-q{q}"


_FY = r"(\d{4})/(\d{2})"
_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    # re.ASCII: \d is 0-9 only, never another script's digits.
    (re.compile(rf"^Q(\d)[ -]{_FY}$", re.I | re.A), "quarter"),
    (re.compile(rf"^Q(\d)-(\d) {_FY}$", re.I | re.A), "cumulative"),
    (re.compile(rf"^{_FY}$", re.A), "fy"),
    (re.compile(r"^(\d{4})$", re.A), "cy"),
    (re.compile(r"^(\d{4}) survey$", re.I | re.A), "survey"),
    (re.compile(r"^(\d+) months to ([A-Za-z]+)[ -](\d{4}|\d{2})$", re.I | re.A), "rolling"),
    (re.compile(r"^(\d+) year average (\d{2})/(\d{2})-(\d{2})/(\d{2})$", re.I | re.A), "average"),
]


_CURLY_QUOTES = "\u201c\u201d\u2018\u2019\u201e\u00ab\u00bb"


def _century(two_digits: int) -> int:
    # Two-digit years in these documents are recent: 00-79 is 2000s, 80-99 is 1900s.
    return 2000 + two_digits if two_digits < 80 else 1900 + two_digits


def parse_period(text: str | int) -> Period:
    """Parse any period form the plan documents use; raise PeriodError otherwise."""
    if type(text) is str:  # the common case first: plans hold thousands of periods
        return _parse_period(text)
    if isinstance(text, bool) or not isinstance(text, int):
        raise PeriodError(f"expected a period as text, got {text!r}; {PERIOD_HELP}")
    return _parse_period(text)


def _read_period(text: str | int) -> Period:
    raw = str(text).strip()
    # A period pasted from Word keeps its curly quotes: "Q3 2017/18" as “Q3 2017/18”.
    s = re.sub(r"\s+", " ", raw.strip(_CURLY_QUOTES).strip())
    years = [int(y) for y in re.findall(r"\d{4}", s, re.A)]
    if any(not MIN_YEAR <= y <= MAX_YEAR for y in years):
        raise PeriodError(f"{raw!r}: years run from {MIN_YEAR} to {MAX_YEAR}")
    for pattern, kind in _PATTERNS:
        m = pattern.match(s)
        if not m:
            continue
        g = m.groups()
        if kind == "quarter":
            q, a, b = int(g[0]), int(g[1]), int(g[2])
            fy = _check_fy(a, b, raw)
            if not 1 <= q <= 4:
                raise PeriodError(f"{raw!r}: {QUARTER_HELP}")
            return quarter(fy, q)
        if kind == "cumulative":
            q1, q2, a, b = int(g[0]), int(g[1]), int(g[2]), int(g[3])
            fy = _check_fy(a, b, raw)
            if not (1 <= q1 < q2 <= 4):
                raise PeriodError(
                    f"{raw!r}: cumulative quarters run Q1-2 to Q1-4, first below last"
                )
            first = _month_number(fy, 4) + 3 * (q1 - 1)
            last = _month_number(fy, 4) + 3 * q2 - 1
            return Period(PeriodKind.CUMULATIVE, first, last, f"Q{q1}-{q2} {_fy_label(fy)}")
        if kind == "fy":
            return financial_year(_check_fy(int(g[0]), int(g[1]), raw))
        if kind == "cy":
            y = int(g[0])
            return Period(
                PeriodKind.CALENDAR_YEAR, _month_number(y, 1), _month_number(y, 12), str(y)
            )
        if kind == "survey":
            y = int(g[0])
            return Period(
                PeriodKind.SURVEY, _month_number(y, 1), _month_number(y, 12), f"{y} Survey"
            )
        if kind == "rolling":
            n, mon, yr = int(g[0]), g[1].lower(), g[2]
            if mon not in _MONTH_INDEX:
                raise PeriodError(f"{raw!r}: {g[1]!r} is not a month name")
            if not 1 <= n <= 120:
                raise PeriodError(f"{raw!r}: a rolling period covers 1 to 120 months")
            year = int(yr) if len(yr) == 4 else _century(int(yr))
            last = _month_number(year, _MONTH_INDEX[mon])
            return Period(
                PeriodKind.ROLLING, last - n + 1, last, f"{n} months to {month_label(last)}"
            )
        if kind == "average":
            n = int(g[0])
            a, b, c, d = (int(x) for x in g[1:])
            fy1 = _check_fy(_century(a), b, raw)
            fy2 = _check_fy(_century(c), d, raw)
            if fy2 - fy1 + 1 != n:
                raise PeriodError(
                    f"{raw!r}: {a:02d}/{b:02d} to {c:02d}/{d:02d} spans "
                    f"{fy2 - fy1 + 1} years, not {n}"
                )
            first = _month_number(fy1, 4)
            last = _month_number(fy2 + 1, 3)
            label = f"{n} year average {a:02d}/{b:02d}-{c:02d}/{d:02d}"
            return Period(PeriodKind.AVERAGE, first, last, label)
    raise PeriodError(f"{raw!r} is not a period; {PERIOD_HELP}")


# Plans repeat a few periods thousands of times. Wrapped rather than decorated, so that
# mutation testing (make mutate) reaches the parser; tests clear the cache (conftest.py).
_parse_period = functools.lru_cache(maxsize=4096)(_read_period)


REPORTING_HELP = (
    "quarter, financial year, calendar year, rolling N months (such as rolling 12 months), "
    "cumulative quarters, survey or multi-year average"
)


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
        return p.kind == self.kind and (self.months is None or p.months == self.months)


def parse_reporting(text: str) -> Reporting:
    """'rolling 12 months', 'financial year'...; PeriodError otherwise."""
    words = " ".join(str(text).lower().split())
    m = re.fullmatch(r"rolling (\d+) months?", words, re.A)
    if m:
        n = int(m[1])
        if not 1 <= n <= 120:
            raise PeriodError(f"{text!r}: a rolling period covers 1 to 120 months")
        return Reporting(PeriodKind.ROLLING, n)
    for kind in PeriodKind:
        if kind != PeriodKind.ROLLING and words == kind.value:
            return Reporting(kind)
    raise PeriodError(f"{text!r} is not a kind of period; expected one of: {REPORTING_HELP}")


def parse_quarter(text: str) -> Period:
    """Parse a report quarter such as 'Q3-2017/18' (or 'Q3 2017/18')."""
    try:
        p = parse_period(text)
    except PeriodError as e:
        raise PeriodError(f"{text!r} is not a quarter; {QUARTER_HELP}") from e
    if p.kind != PeriodKind.QUARTER:
        raise PeriodError(f"{text!r} is not a quarter; {QUARTER_HELP}")
    return p


def quarter_from_slug(slug: str) -> Period | None:
    """The quarter a readings file name such as '2017-18-q3' stands for, or None."""
    m = re.fullmatch(r"(\d{4})-(\d{2})-q(\d)", slug)
    if not m:
        return None
    try:  # the parser refuses any digits but 0-9
        return parse_quarter(f"Q{m[3]}-{m[1]}/{m[2]}")
    except PeriodError:
        return None
