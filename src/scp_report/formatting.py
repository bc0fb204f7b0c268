"""How numbers, ranks and targets print: one place, used by every view."""

from __future__ import annotations

import re
from decimal import Decimal

from .models import Indicator, Target, Unit

_FOOTNOTE_REF = re.compile(r"\[\^[^\]\s]+\]")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")


def plain(markdown: str) -> str:
    """Markdown text as plain words on one line: for terminals and metadata."""
    text = _FOOTNOTE_REF.sub("", markdown)
    text = _EMPHASIS.sub(r"\2", text)
    return " ".join(text.split())


def number(d: Decimal | int) -> str:
    """1566 -> '1,566'; 2.0 stays '2.0'; 0.04 stays '0.04'."""
    return format(Decimal(d), ",f")


def value(d: Decimal | int, unit: Unit) -> str:
    text = number(d)
    return f"{text}%" if unit == Unit.PERCENT else text


def ordinal(n: int) -> str:
    """1 -> '1st', 4 -> '4th', 22 -> '22nd'."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def gap(d: Decimal, unit: Unit) -> str:
    """A difference: '1 point' for percentages, else the number itself."""
    d = abs(d)
    if unit == Unit.PERCENT:
        return f"{number(d)} point{'' if d == 1 else 's'}"
    return number(d)


def percent(d: Decimal) -> str:
    """A ratio already in per cent, rounded for a reason line: '2.5%', '10%'."""
    q = d.quantize(Decimal("0.1"))
    text = format(q.normalize(), "f") if q == q.to_integral_value() else format(q, "f")
    return f"{text}%"


def target(t: Target | None, ind: Indicator) -> str:
    """A short description of the target: 'at least 50%', '28%-40%', 'top 3 of family group'."""
    if t is None:
        return "none (monitoring)"
    u = ind.unit
    if t.at_least is not None:
        return f"at least {value(t.at_least, u)}"
    if t.at_most is not None:
        return f"at most {value(t.at_most, u)}"
    if t.fewer_than is not None:
        return f"fewer than {value(t.fewer_than, u)}"
    if t.between is not None:
        return f"{value(t.between.low, u)}-{value(t.between.high, u)}"
    if t.in_line_with is not None:
        c = t.in_line_with
        when = f", {c.period}" if c.period else ""
        return f"in line with {c.name} ({value(c.value, u)}{when}) or better"
    if t.rank is not None:
        return f"top {t.rank.within_top} of {t.rank.of}"
    if t.no_increase:
        b = ind.baseline
        base = f" on {value(b.value, u)} ({b.period})" if b.value is not None else ""
        return f"no increase{base}"
    if t.reduction is not None:
        r = t.reduction
        return f"{number(r.percent)}% reduction to {value(r.value, u)} by {r.by}"
    raise AssertionError(t)  # pragma: no cover - Target guarantees one kind
