"""The scalar types of plan files: ids, text, numbers, periods, dates, and the small
enumerations (units, polarity and direction names) that every stage shares.

Every model forbids unknown keys and is immutable once loaded (`Strict`).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

# pydantic looks for plugins in every installed package's metadata the first time a model
# is built (tens of milliseconds on each run); this tool uses none.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    StringConstraints,
    ValidationInfo,
    WithJsonSchema,
)

from .periods import (
    PERIOD_HELP,
    QUARTERS,
    REPORTING_HELP,
    Period,
    PeriodError,
    Reporting,
    parse_period,
    parse_quarter,
    parse_reporting,
)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
Id = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN, max_length=64),
    Field(description="A short, stable, lower-case id: letters, digits and hyphens."),
]
Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
Markdown = Annotated[
    str,
    StringConstraints(min_length=1, max_length=20_000),
    WithJsonSchema(
        {
            "type": "string",
            "description": "Markdown subset: **bold**, *italic*, lists, links, [^footnote].",
        }
    ),
]


# How people write numbers in spreadsheets and documents: with a per cent sign or with
# thousands separators. A plan file holds the plain number; these get the exact fix.
PERCENT_TEXT = re.compile(r"^\s*(-?(?:\d+(?:\.\d*)?|\.\d+))\s*%\s*$", re.A)
THOUSANDS_TEXT = re.compile(r"^\s*-?\d{1,3}(?:,\d{3})+(?:\.\d+)?\s*$", re.A)


def number_fix(text: str) -> str | None:
    """What to write instead of a number written as a person would, or None."""
    m = PERCENT_TEXT.match(text)
    if m:
        return f"write {m[1]} without the % sign: percentages are written as numbers from 0 to 100"
    if THOUSANDS_TEXT.match(text):
        return f"write {text.strip().replace(',', '')} without the thousands separators"
    return None


def _number(v: Any) -> Decimal:
    if type(v) is int:  # the common case first: a plan holds thousands of figures
        return Decimal(v)
    if isinstance(v, str) and (fix := number_fix(v)) is not None:
        raise ValueError(f"{v!r} is not a plain number; {fix}")
    if isinstance(v, bool) or not isinstance(v, int | float | Decimal):
        raise ValueError(f"expected a number, got {v!r}")
    d = Decimal(str(v)) if isinstance(v, float) else Decimal(v)
    if not d.is_finite():
        raise ValueError(f"expected a finite number, got {v!r}")
    return d


def json_number(d: Decimal) -> int | float:
    """A Decimal for JSON: an int when written without decimals, else a float."""
    exponent = d.as_tuple().exponent
    return int(d) if isinstance(exponent, int) and exponent >= 0 else float(d)


Number = Annotated[
    Decimal,
    PlainValidator(_number),
    PlainSerializer(json_number, return_type=float),
    WithJsonSchema({"type": "number"}),
]


def _share(v: Any) -> Decimal:
    d = _number(v)
    if d < 0:
        raise ValueError(f"expected a percentage of 0 or more, got {v!r}")
    return d


# A tolerance in per cent: a negative one would make a met target a miss, no change a fall.
Share = Annotated[
    Decimal,
    PlainValidator(_share),
    PlainSerializer(json_number, return_type=float),
    WithJsonSchema({"type": "number", "minimum": 0}),
]


def _count(v: Any) -> int:
    d = _number(v)
    if d < 0 or d != d.to_integral_value():
        raise ValueError(f"expected a whole number of 0 or more (a count), got {v!r}")
    return int(d)


# The count behind a figure: people, offences, events.
Count = Annotated[
    int,
    PlainValidator(_count),
    WithJsonSchema({"type": "integer", "minimum": 0}),
]


def _above(limit: int, expected: str) -> Any:
    """A number type that must be above `limit`; `expected` says what it is, for the
    message."""

    def check(v: Any) -> Decimal:
        d = _number(v)
        if d <= limit:
            raise ValueError(f"expected {expected}, got {v!r}")
        return d

    return Annotated[
        Decimal,
        PlainValidator(check),
        PlainSerializer(json_number, return_type=float),
        WithJsonSchema({"type": "number", "exclusiveMinimum": limit}),
    ]


# What a count is out of: a whole, a population.
Positive = _above(0, "a number above 0 (what a count is out of)")

# How far a figure may move from the last before it is very likely a slip.
Factor = _above(1, "a factor above 1 (10 for ten times or a tenth)")


def _confidence(v: Any) -> Decimal:
    d = _number(v)
    if not 80 <= d < 100:
        raise ValueError(
            f"expected a confidence level in per cent, from 80 to below 100 (95), got {v!r}"
        )
    return d


# A confidence level, in per cent.
Confidence = Annotated[
    Decimal,
    PlainValidator(_confidence),
    PlainSerializer(json_number, return_type=float),
    WithJsonSchema({"type": "number", "minimum": 80, "exclusiveMaximum": 100}),
]


def _period(v: Any, info: ValidationInfo) -> Period:
    if type(v) is not str and isinstance(v, Period):
        return v
    # The month the plan's year starts in, for year-to-date periods (plan.loader passes it).
    context = info.context
    year_start = context.get("year_start", 4) if context else 4
    try:
        return parse_period(v, year_start)
    except PeriodError as e:
        raise ValueError(str(e)) from None


def _quarter(v: Any) -> Period:
    if isinstance(v, Period) and v.kind in QUARTERS:
        return v
    if not isinstance(v, str):
        raise ValueError(f"expected a quarter such as Q3-2017/18, got {v!r}")
    try:
        return parse_quarter(v)
    except PeriodError as e:
        raise ValueError(str(e)) from None


PeriodField = Annotated[
    Period,
    PlainValidator(_period),
    PlainSerializer(str, return_type=str),
    WithJsonSchema({"type": ["string", "integer"], "description": PERIOD_HELP}),
]
QuarterField = Annotated[
    Period,
    PlainValidator(_quarter),
    PlainSerializer(lambda p: p.label.replace(" ", "-", 1), return_type=str),
    WithJsonSchema({"type": "string", "pattern": r"^Q[1-4]-\d{4}(/\d{2})?$"}),
]


def _reporting(v: Any) -> Reporting:
    if isinstance(v, Reporting):
        return v
    if not isinstance(v, str):
        raise ValueError(f"expected a kind of period ({REPORTING_HELP}), got {v!r}")
    try:
        return parse_reporting(v)
    except PeriodError as e:
        raise ValueError(str(e)) from None


ReportingField = Annotated[
    Reporting,
    PlainValidator(_reporting),
    PlainSerializer(str, return_type=str),
    WithJsonSchema({"type": "string", "description": f"One of: {REPORTING_HELP}."}),
]


def _email(v: Any) -> str:
    if isinstance(v, str) and re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", v):
        return v
    raise ValueError(f"expected an email address such as name@example.org, got {v!r}")


Email = Annotated[
    str, PlainValidator(_email), WithJsonSchema({"type": "string", "format": "email"})
]


def _date(v: Any) -> dt.date:
    if isinstance(v, dt.datetime):
        raise ValueError(f"expected a date such as 2019-03-31, got a date and time {v!r}")
    if isinstance(v, dt.date):
        return v
    if isinstance(v, str):
        try:
            return dt.date.fromisoformat(v)
        except ValueError:
            pass
    raise ValueError(f"expected a date such as 2019-03-31, got {v!r}")


DateField = Annotated[
    dt.date,
    PlainValidator(_date),
    PlainSerializer(lambda d: d.isoformat(), return_type=str),
    WithJsonSchema({"type": "string", "format": "date"}),
]


class Unit(StrEnum):
    PERCENT = "percent"
    COUNT = "count"
    RATE = "rate"
    SCORE = "score"


class Polarity(StrEnum):
    HIGHER = "higher is better"
    LOWER = "lower is better"


class DirectionName(StrEnum):
    UP = "up"
    STEADY = "steady"
    DOWN = "down"
    NA = "n/a"


_PER_N = re.compile(r"\bper\s+(\d{1,3}(?:,\d{3})+|\d+)\b", re.I)


def rate_base(per: int | None, unit_label: str | None) -> int | None:
    """What a rate is per: the indicator's `per`, else the number in its unit label
    ('per 1,000 population': 1000); None when neither says."""
    if per is not None:
        return per
    m = _PER_N.search(unit_label) if unit_label else None
    return int(m[1].replace(",", "")) if m else None
