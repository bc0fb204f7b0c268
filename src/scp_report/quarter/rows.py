"""Checking a sheet's rows against the plan: every row is checked before anything is
written, and each problem names its row (and sheet). A row that brings nothing (no value,
note or rank) is blank and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from calendar import monthrange
from dataclasses import dataclass, field, replace
from decimal import Decimal

from ..errors import Problem, Severity
from ..model.control import CONTROL, describe
from ..model.models import MISSING_WORDS, Indicator, Plan
from ..model.periods import Period, PeriodKind, parse_period
from ..model.rules import layered
from ..model.values import Unit, rate_base
from ..plan.messages import suggest
from ..plan.reading_checks import span_mismatch
from ..plan.value_rules import counts_problems, figure_problems, jump, jump_message, read_figure
from .expected import expected_readings
from .sheets import FIRST_SHEET, Cell, Row, Sheet

COLUMNS = ("indicator", "value", "period", "note", "rank", "numerator", "denominator")
REQUIRED = ("indicator", "value", "period")
# Written in templates for people to read (template.READ_ONLY); never read back.
IGNORED = ("measure", "unit", "target", "last figure")


@dataclass
class Incoming:
    """What one row of the sheet brings for an indicator (None: the cell was empty)."""

    indicator: str
    row: int
    period: Period
    value: Decimal | None = None
    rank: int | None = None
    note: str | None = None
    missing: str | None = None  # the plan's words for why there is no figure
    numerator: int | None = None  # the counts behind the figure, where the sheet gives them
    denominator: Decimal | None = None


# Problems shown of a sheet's rows: a sheet of a million bad rows says what is wrong with
# the first ones and how many more there are, in a screenful and in little memory.
MAX_SHOWN = 50


@dataclass
class Checked:
    readings: list[Incoming] = field(default_factory=list)
    blank: list[str] = field(default_factory=list)  # ids of rows that bring nothing
    problems: list[Problem] = field(default_factory=list)  # the first MAX_SHOWN found
    more: int = 0  # problems found after those, counted
    # Very likely wrong, but not refused: a figure far from the last one (one at most for
    # each indicator).
    warnings: list[Problem] = field(default_factory=list)

    def add(self, problems: list[Problem]) -> None:
        room = max(0, MAX_SHOWN - len(self.problems))
        self.problems += problems[:room]
        self.more += len(problems[room:])

    @property
    def failed(self) -> bool:
        return bool(self.problems)


def _number(cell: Cell, unit: Unit) -> Decimal:
    """The figure in a cell; raise ValueError with the reason it is not one, or breaks
    one of the rules every figure keeps (plan.value_rules)."""
    if cell.number is not None:
        n, as_percent = cell.number, cell.percent_format
        if as_percent:
            if unit != Unit.PERCENT:
                raise ValueError(
                    f"{cell.text} is formatted as a percentage, but this "
                    f"measure counts in {unit.value}"
                )
            n = (n * 100).normalize()
    else:
        n, as_percent = read_figure(cell.text, unit)
    for problem in figure_problems(n, unit, as_percent=as_percent):
        raise ValueError(problem.message)
    return n


# Dates as a spreadsheet writes them into a CSV file: LibreOffice's ISO dates (with a
# time, sometimes), UK typing (31/03/2018, 31/03/18) and Excel's 31-Mar-18.
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00)?)?")
_UK_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})")
_DAY_MON_YEAR = re.compile(r"(\d{1,2})-([A-Za-z]{3})-(\d{2}|\d{4})")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def date_in_text(text: str) -> dt.date | None:
    """The date a CSV cell holds, where a spreadsheet turned a period into one."""
    try:
        if m := _ISO_DATE.fullmatch(text):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := _UK_DATE.fullmatch(text):
            year = int(m[3]) + (2000 if len(m[3]) == 2 else 0)
            return dt.date(year, int(m[2]), int(m[1]))
        if (m := _DAY_MON_YEAR.fullmatch(text)) and m[2].lower() in _MONTHS:
            year = int(m[3]) + (2000 if len(m[3]) == 2 else 0)
            return dt.date(year, _MONTHS.index(m[2].lower()) + 1, int(m[1]))
    except ValueError:  # 31/02/2018: no such day
        return None
    return None


def _period(cell: Cell, want: Period | None, quarter: Period) -> Period:
    """The period in a cell; raise ValueError (or PeriodError) with the reason if none."""
    d = cell.date
    if d is None:
        try:
            return parse_period(cell.text)
        except ValueError:
            # A CSV file keeps only the text of the date a spreadsheet made of a period.
            d = date_in_text(cell.text)
            if d is None:
                raise
    # Excel turns 'Dec 2017' or 'Sep-17' into a date. Only the last day of a quarter,
    # where that quarter is the period expected, says unambiguously which period is meant.
    is_midnight = not isinstance(d, dt.datetime) or d.time() == dt.time()
    if want is not None and want.kind == PeriodKind.QUARTER and is_midnight:
        year, month0 = divmod(want.last, 12)
        if (d.year, d.month, d.day) == (year, month0 + 1, monthrange(year, month0 + 1)[1]):
            return want
    example = want if want is not None else quarter
    if cell.date is None:  # a CSV file: the spreadsheet that saved it made the date
        raise ValueError(
            f"{cell.text} looks like a date your spreadsheet made from a period: type "
            f"{example}, or format the period column as Text before typing the period"
        )
    raise ValueError(
        f"the cell holds the date {cell.text}, not a period: format the period column as "
        f"Text in Excel and type the period, such as {example}"
    )


def indicators_by_id(plan: Plan) -> dict[str, Indicator]:
    return {ind.id: ind for _, ind in plan.indicators()}


def _column_problems(sheet: Sheet) -> list[Problem]:
    if sheet.figures_sheet is not None:
        message = (
            f"no 'indicator' column in sheet {sheet.name!r}; {FIRST_SHEET}: "
            f"give --sheet {sheet.figures_sheet!r}"
        )
        return [Problem(sheet.file, None, None, "", message)]
    problems = [
        sheet.problem(
            1,
            c,
            f"unknown column {c!r}; the columns are {', '.join(COLUMNS)}{sheet.first_sheet_hint}",
        )
        for c in sheet.columns
        if c and c not in COLUMNS + IGNORED
    ]
    problems += [
        sheet.problem(1, None, f"missing column {c!r}{sheet.first_sheet_hint}")
        for c in REQUIRED
        if c not in sheet.columns
    ]
    return problems


def check_rows(plan: Plan, sheet: Sheet, quarter: Period) -> Checked:
    """What the sheet's rows bring, the ids of its blank rows, and every problem found."""
    out = Checked()
    out.add(_column_problems(sheet))
    if out.failed:
        return out
    indicators = indicators_by_id(plan)
    expected = {ind.id: period for ind, period in expected_readings(plan, quarter)}
    seen: dict[str, int] = {}
    for row in sheet.rows:
        unsaved = [c for c in COLUMNS if row.get(c).formula is not None]
        for c in unsaved:
            cell = row.get(c)
            out.add(
                [
                    sheet.problem(
                        row.number,
                        c,
                        f"cell {cell.ref} holds the formula {cell.formula} but no saved "
                        "result: open and save the file in Excel, or type the value",
                    )
                ]
            )
        if unsaved:
            continue
        ident = row.get("indicator").text
        if not ident:
            out.add([sheet.problem(row.number, "indicator", "no indicator id")])
            continue
        ind = indicators.get(ident)
        if ind is None:
            if len(out.problems) >= MAX_SHOWN:  # not shown: spare finding the nearest id
                out.more += 1
                continue
            hint = suggest(ident, indicators)
            out.add([sheet.problem(row.number, "indicator", f"unknown indicator {ident!r}{hint}")])
            continue
        if ident in seen:
            out.add(
                [
                    sheet.problem(
                        row.number,
                        "indicator",
                        f"{ident} is given twice: first in row {seen[ident]}",
                    )
                ]
            )
            continue
        seen[ident] = row.number
        if not any(row.get(c).text for c in ("value", "note", "rank", "numerator", "denominator")):
            out.blank.append(ident)
            continue
        problems = _check_row(row, sheet, ind, expected.get(ident), quarter, out, plan)
        out.add(problems)
        if not problems and out.readings and out.readings[-1].indicator == ident:
            out.warnings += _jump(plan, sheet, ind, out.readings[-1])
    return out


def _jump(plan: Plan, sheet: Sheet, ind: Indicator, new: Incoming) -> list[Problem]:
    """A warning for a figure more than the plan's jump_factor from the indicator's last
    figure before it (the baseline, where no reading comes before), as validate gives."""
    if new.value is None:
        return []
    earlier = [
        (r.period, r.value)
        for f in plan.readings
        for r in f.readings
        if r.indicator == ind.id and r.value is not None and r.period.last < new.period.last
    ]
    b = ind.baseline
    if b.value is not None and b.period is not None and b.period.last < new.period.last:
        earlier.append((b.period, b.value))
    if not earlier:
        return []
    period, last = max(earlier, key=lambda pv: (pv[0].last, pv[0].first))
    section = next(s for s, i in plan.indicators() if i.id == ind.id)
    rules = layered(plan.partnership.status_rules, section.status_rules, ind.status_rules)
    if not jump(new.value, last, rules.jump_factor):
        return []
    message = f"{ind.id}: {jump_message(new.value, last, period, ind.unit)}"
    return [replace(sheet.problem(new.row, "value", message), severity=Severity.WARNING)]


def _missing_words(plan: Plan, text: str) -> str | None:
    """The plan's words for a missing figure that a value cell holds ("Awaiting data",
    "n/a"...), matched whatever the case and spacing; None when the cell says nothing
    the plan knows."""
    wanted = " ".join(text.split()).casefold()
    known = [*plan.partnership.missing_words, *MISSING_WORDS]
    return next((w for w in known if " ".join(w.split()).casefold() == wanted), None)


def _not_a_figure(error: ValueError, text: str, plan: Plan) -> str:
    """Why a value cell is not a figure; for words, the words the plan knows instead."""
    if any(c.isdigit() for c in text):
        return str(error)
    known = ", ".join(repr(w) for w in {**MISSING_WORDS, **plan.partnership.missing_words})
    return f"{error}; where there is no figure, write one of the plan's words for why: {known}"


def _check_row(
    row: Row,
    sheet: Sheet,
    ind: Indicator,
    want: Period | None,
    quarter: Period,
    out: Checked,
    plan: Plan,
) -> list[Problem]:
    """Check one row that brings something; add what it brings to `out`."""
    ident = ind.id
    try:
        period = _period(row.get("period"), want, quarter)
    except ValueError as e:  # PeriodError is a ValueError
        return [sheet.problem(row.number, "period", str(e))]
    problems = []
    if period.last > quarter.last:
        problems.append(
            sheet.problem(
                row.number, "period", f"{period} ends after {quarter}, the quarter being reported"
            )
        )
    if want is not None and not period.comparable(want):
        problems.append(
            sheet.problem(
                row.number,
                "period",
                f"{period} does not fit {ident}: expected a {want.kind.value} period "
                f"such as {want}",
            )
        )
    incoming = Incoming(ident, row.number, period)
    value = row.get("value")
    if value.text:
        try:
            incoming.value = _number(value, ind.unit)
        except ValueError as e:
            incoming.missing = _missing_words(plan, value.text)
            if incoming.missing is None:
                why = _not_a_figure(e, value.text, plan)
                return [*problems, sheet.problem(row.number, "value", why)]
    if incoming.value is not None:  # the rule validate keeps (plan.reading_checks)
        unlike = span_mismatch(ind, period, None, plan.partnership.year_start)
        if unlike is not None:
            problems.append(sheet.problem(row.number, "period", unlike))
    ranked = ind.ranked
    rank_text = row.get("rank").text
    if rank_text:
        if not ranked:
            problems.append(sheet.problem(row.number, "rank", f"{ident} is not a ranked measure"))
        elif not re.fullmatch(r"[1-9]\d*", rank_text.split(".")[0]) or (
            "." in rank_text and rank_text.split(".")[1].strip("0")
        ):
            problems.append(
                sheet.problem(row.number, "rank", f"{rank_text!r} is not a rank (1, 2, 3...)")
            )
        else:
            incoming.rank = int(rank_text.split(".")[0])
    elif ranked and incoming.value is not None:
        problems.append(
            sheet.problem(row.number, "rank", f"{ident} is ranked: give its rank beside the value")
        )
    problems += _counts(row, sheet, ind, plan, incoming)
    incoming.note = row.get("note").text or None
    bad = CONTROL.search(incoming.note or "")
    if bad:  # XML, so an XLSX cell, may hold C1 characters; a plan file may not
        problems.append(
            sheet.problem(
                row.number,
                "note",
                f"holds the control character {describe(bad[0])}: remove it (a note may "
                "hold tabs and line breaks, and no other control character)",
            )
        )
    out.readings.append(incoming)
    return problems


def _counts(
    row: Row, sheet: Sheet, ind: Indicator, plan: Plan, incoming: Incoming
) -> list[Problem]:
    """The numerator and denominator a row brings, checked by the rules a plan file's
    are (plan.value_rules); set on `incoming`."""
    problems = []
    for column in ("numerator", "denominator"):
        cell = row.get(column)
        if not cell.text:
            continue
        try:
            n, _ = read_figure(cell.text, Unit.COUNT)
        except ValueError as e:
            problems.append(sheet.problem(row.number, column, str(e)))
            continue
        if column == "numerator":
            if n < 0 or n != n.to_integral_value():
                why = f"{cell.text!r} is not a count: write a whole number of 0 or more"
                problems.append(sheet.problem(row.number, column, why))
            else:
                incoming.numerator = int(n)
        elif n <= 0:
            why = f"{cell.text!r} is not above 0: a denominator is what a count is out of"
            problems.append(sheet.problem(row.number, column, why))
        else:
            incoming.denominator = n
    if problems or (incoming.numerator is None and incoming.denominator is None):
        return problems
    per = rate_base(ind.per, ind.unit_label)
    found = counts_problems(incoming.value, incoming.numerator, incoming.denominator, ind.unit, per)
    return [sheet.problem(row.number, fp.field, fp.message) for fp in found]
