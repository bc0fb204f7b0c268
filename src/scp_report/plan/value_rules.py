"""Rules every figure keeps, whichever way it arrives: typed into a plan file or brought
in from a spreadsheet. One set of rules, in one set of words: `scp import` refuses a
figure that breaks any of them; `scp validate` refuses what cannot be right (a
percentage over 100) and warns about what is very likely wrong (a fraction where a
percentage is expected, a negative count), a warning that `--strict` makes an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .values import PERCENT_TEXT, THOUSANDS_TEXT, Unit

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class FigureProblem:
    message: str
    certain: bool  # cannot be right (an error everywhere), else very likely wrong


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
    return []


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
