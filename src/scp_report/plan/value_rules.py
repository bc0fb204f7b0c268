"""Rules every figure keeps, whichever way it arrives: typed into a plan file or brought
in from a spreadsheet. One set of rules, in one set of words: `scp import` refuses a
figure that breaks any of them; `scp validate` refuses what cannot be right (a
percentage over 100) and warns about what is very likely wrong (a fraction where a
percentage is expected, a negative count), a warning that `--strict` makes an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ..model.values import PERCENT_TEXT, THOUSANDS_TEXT, Unit

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class FigureProblem:
    message: str
    certain: bool  # cannot be right (an error everywhere), else very likely wrong
    field: str = "value"  # the field of the reading the problem is in


def figure_problems(value: Decimal, unit: Unit, *, as_percent: bool = False) -> list[FigureProblem]:
    """What is wrong with a figure in this unit, if anything. `as_percent`: the figure was
    written as a percentage (49%, or a cell formatted as one), so it is no fraction."""
    # Most figures break no rule: decide that with comparisons only (a plan may hold
    # hundreds of thousands of figures), and write words only for a problem.
    if unit == Unit.PERCENT:
        if not 0 <= value <= HUNDRED:
            return [FigureProblem(f"{value:f} is not a percentage between 0 and 100", True)]
        if 0 < value < 1 and not as_percent:
            pct = format((value * HUNDRED).normalize(), "f")
            return [
                FigureProblem(
                    f"{value:f} looks like a fraction of 1; percentages are written 0-100 "
                    f"(for {pct}% write {pct})",
                    False,
                )
            ]
    elif value < 0 and unit in (Unit.COUNT, Unit.RATE):
        return [FigureProblem(f"{value:f} is below zero, and a {unit.value} never is", False)]
    elif unit == Unit.COUNT and value != value.to_integral_value():
        return [FigureProblem(whole_number(value), True)]
    return []


def whole_number(value: Decimal) -> str:
    """Why a count cannot be `value`."""
    return (
        f"{value:f} is not a whole number, and a count is: give the number of people or "
        "things (a figure with a fraction needs the measure's unit to be a rate or a score)"
    )


def jump(value: Decimal, last: Decimal, factor: Decimal) -> bool:
    """Whether `value` is more than `factor` times `last`, or less than `last` divided by
    it: very likely a slip (0.5 people in treatment after 1,378)."""
    if value == last:
        return False
    if not last or not value:
        return False  # no factor between a figure and none: a real zero is common
    a, b = abs(value), abs(last)
    return a > b * factor if a > b else b > a * factor


def jump_message(value: Decimal, last: Decimal, last_period: object, unit: Unit) -> str:
    """The warning for a figure that moved by more than the plan's factor from the last."""
    ratio = max(abs(value), abs(last)) / min(abs(value), abs(last))
    way = "larger" if abs(value) > abs(last) else "smaller"
    sign = "%" if unit == Unit.PERCENT else ""
    return (
        f"{value:,f}{sign} is {ratio:,.0f} times {way} than the last figure, {last:,f}{sign} "
        f"({last_period}): check it (a slip of the decimal point, a fraction, the wrong "
        "measure?); jump_factor in status_rules sets how far a figure may move"
    )


def _half_unit(d: Decimal) -> Decimal:
    """Half a unit in the last place a figure is written to: 0.5 for 49, 0.05 for 49.0."""
    exponent = d.as_tuple().exponent
    return Decimal(5).scaleb(exponent - 1) if isinstance(exponent, int) else Decimal(0)


def counts_problems(
    value: Decimal | None,
    numerator: int | None,
    denominator: Decimal | None,
    unit: Unit,
    per: int | None,
) -> list[FigureProblem]:
    """What is wrong with the counts given behind a figure (numerator and denominator), if
    anything: both or neither, only for a percentage or a rate, a numerator no larger than
    its denominator for a percentage, and a figure that agrees with them to the places it
    is written to. A count measure's figure is its own count."""
    if numerator is None and denominator is None:
        return []
    if numerator is None or denominator is None:
        missing, given = (
            ("denominator", "numerator")
            if denominator is None
            else (
                "numerator",
                "denominator",
            )
        )
        return [
            FigureProblem(f"a {given} without its {missing}: give both, or neither", True, given)
        ]
    if unit not in (Unit.PERCENT, Unit.RATE):
        why = (
            "a count's figure is its own count"
            if unit == Unit.COUNT
            else "a score has no counts behind it"
        )
        return [
            FigureProblem(
                f"numerator and denominator are for percentages and rates; {why}: remove them",
                True,
                "numerator",
            )
        ]
    if unit == Unit.PERCENT and numerator > denominator:
        return [
            FigureProblem(
                f"numerator {numerator:,} is larger than its denominator {denominator:,f}: a "
                "percentage counts part of a whole",
                True,
                "numerator",
            )
        ]
    if unit == Unit.RATE and per is None:
        return [
            FigureProblem(
                "a rate's count and population need the rate's base: give the indicator "
                "per: 1000 for a rate per 1,000 population (or write it in its unit_label)",
                True,
                "numerator",
            )
        ]
    if value is None:
        return [FigureProblem("numerator and denominator without the figure: give its value", True)]
    scale = HUNDRED if unit == Unit.PERCENT else Decimal(per or 1)
    exact = Decimal(numerator) * scale / denominator
    if abs(value - exact) <= _half_unit(value):
        return []
    places = max(1, -int(value.as_tuple().exponent) + 1)
    shown = format(exact.quantize(Decimal(1).scaleb(-places)), ",f")
    sign = "%" if unit == Unit.PERCENT else f" per {per:,}"
    return [
        FigureProblem(
            f"{value:f} does not agree with its numerator {numerator:,} and denominator "
            f"{denominator:,f}, which give {shown}{sign}: check the three figures",
            True,
        )
    ]


def read_figure(text: str, unit: Unit) -> tuple[Decimal, bool]:
    """A figure as a person types it in a spreadsheet cell: '1,566', or '49%' or '49 %' for
    a percentage measure; and whether it was written as a percentage. ValueError with the
    reason when it is not a figure."""
    text = text.replace("\u00a0", " ").strip()
    m = PERCENT_TEXT.match(text)
    if m:
        if unit != Unit.PERCENT:
            raise ValueError(f"{text!r} is a percentage, but this measure counts in {unit.value}")
        return Decimal(m[1]), True
    if THOUSANDS_TEXT.match(text):
        text = text.replace(",", "")
    try:
        n = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{text!r} is not a number") from None
    if not n.is_finite():
        raise ValueError(f"{text!r} is not a number")
    return n, False
