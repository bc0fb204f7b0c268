"""`scp import`: a quarter's figures from a spreadsheet (CSV or XLSX) into its readings file.

Every row is checked before anything is written; each problem names its row (and sheet).
Nothing is written unless every row is good. An existing readings file is edited in place
(`roundtrip`): only the figures the sheet brings change, and comments, `published`,
`override` and notes stay. The file is checked against the whole plan by the strict
reader, then replaced atomically. Figures already entered for the quarter are replaced
only with `--replace`; empty placeholders (from `scp new-quarter`) are filled in without
it. A row that brings nothing (no value, note or rank) is blank and changes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from calendar import monthrange
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ruamel.yaml.error import YAMLError

from ..errors import PlanError, Problem, UsageError
from ..files import write_atomic, write_exclusive
from ..model.figures import Measurement, figure_with_period
from ..model.models import MISSING_WORDS, Indicator, Plan, Reading
from ..model.periods import Period, PeriodKind, parse_period
from ..model.values import Unit, rate_base
from ..plan import yaml_reader
from ..plan.loader import load_plan
from ..plan.messages import suggest
from ..plan.value_rules import counts_problems, figure_problems, read_figure
from .expected import expected_readings
from .roundtrip import DELETE, FIELD_ORDER, CommentLost, edit_readings
from .writer import check_in_plan, reading_fields, readings_path, readings_yaml

COLUMNS = ("indicator", "value", "period", "note", "rank", "numerator", "denominator")
REQUIRED = ("indicator", "value", "period")
IGNORED = ("measure",)  # written in templates for people; not read back
# A rate's count and population may be headed as such.
SYNONYMS = {"count": "numerator", "population": "denominator"}
TEMPLATE_COLUMNS = (
    "indicator",
    "measure",
    "period",
    "value",
    "rank",
    "numerator",
    "denominator",
    "note",
)
NOTHING_IMPORTED = "nothing was imported"
FIRST_SHEET = "figures are read from the first sheet"
EXCEL_UTF8 = (
    'in Excel, use File > Save As and choose "CSV UTF-8 (Comma delimited)", '
    'not "CSV (Comma delimited)"'
)


@dataclass
class Cell:
    text: str  # as shown to a person
    number: Decimal | None = None  # set when the spreadsheet held a number
    percent_format: bool = False  # an XLSX cell formatted as a percentage
    date: dt.date | None = None  # an XLSX cell holding a date (Excel's guess, often)
    formula: str | None = None  # an XLSX formula whose result was never saved
    ref: str = ""  # the XLSX cell's reference, such as B3


@dataclass
class Row:
    number: int  # the spreadsheet's own row number (header is row 1)
    cells: dict[str, Cell]

    def get(self, name: str) -> Cell:
        return self.cells.get(name, Cell(""))


@dataclass
class Sheet:
    file: str
    name: str | None  # XLSX sheet name; None for CSV
    columns: list[str]
    rows: list[Row]
    # For a workbook read from its first sheet by default: the hint added to problems
    # with the columns, and another sheet that has an 'indicator' column, if any.
    first_sheet_hint: str = ""
    figures_sheet: str | None = None

    def problem(self, row: int | None, column: str | None, message: str) -> Problem:
        col = self.columns.index(column) + 1 if column in self.columns else None
        if self.name is None:
            return Problem(self.file, row, col, column or "", message)
        where = f"sheet {self.name!r}" + (f", row {row}" if row else "")
        loc = f"{where}, {column}" if column else where
        return Problem(self.file, None, None, loc, message)


def _refuse(file: Path | str, message: str, location: str = "") -> PlanError:
    return PlanError([Problem(str(file), None, None, location, message)], NOTHING_IMPORTED)


# --- reading spreadsheets -------------------------------------------------------------


def read_sheet(path: Path, sheet: str | None = None) -> Sheet:
    """The figures in a CSV file, or in a workbook's sheet (`sheet`, else the first)."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise UsageError(f"{path}: give a .csv or .xlsx file")
    if not path.is_file():
        raise UsageError(f"{path}: no such file")
    if sheet is not None and suffix == ".csv":
        raise UsageError(f"{path} is a CSV file, which has no sheets: leave out --sheet")
    size = path.stat().st_size
    if size > yaml_reader.MAX_FILE_BYTES:
        raise _refuse(path, f"file is {size:,} bytes; the limit is {yaml_reader.MAX_FILE_BYTES:,}")
    return _read_csv(path) if suffix == ".csv" else _read_xlsx(path, sheet)


def _read_csv(path: Path) -> Sheet:
    raw = path.read_bytes()
    try:
        # The plan files' own rules: UTF-8 (a byte-order mark is fine), no NUL, size cap.
        text = yaml_reader.decode(raw)
    except yaml_reader.YamlProblem as e:
        message = e.message
        try:
            raw.decode("utf-8-sig")
        except UnicodeDecodeError as u:
            # Excel's "CSV (Comma delimited)" writes Windows-1252; its UTF-8 format is
            # listed separately, and is the fix the person needs to hear.
            message = f"not valid UTF-8 (byte 0x{raw[u.start]:02x}): {EXCEL_UTF8}"
        raise PlanError(
            [Problem(str(path), e.line, e.column, "", message)], verdict=NOTHING_IMPORTED
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        table = list(reader)
    except csv.Error as e:
        raise PlanError(
            [Problem(str(path), reader.line_num, None, "", f"not readable as CSV: {e}")],
            verdict=NOTHING_IMPORTED,
        ) from None
    if not table:
        raise _refuse(path, "the file is empty")
    header = [_heading(h) for h in table[0]]
    rows = []
    for i, values in enumerate(table[1:], start=2):
        if not any(v.strip() for v in values):
            continue
        cells = {h: Cell(v.strip()) for h, v in zip(header, values, strict=False)}
        rows.append(Row(i, cells))
    return Sheet(str(path), None, header, rows)


def _heading(text: str) -> str:
    """A column's heading as the import reads it: in lower case, a rate's count and
    population as numerator and denominator."""
    h = text.strip().lower()
    return SYNONYMS.get(h, h)


def _header(ws: Any) -> list[str]:
    first = next(ws.iter_rows(max_row=1), ())
    return [_heading(str(c.value or "")) for c in first]


def _xlsx_cell(value_cell: Any, formula_cell: Any) -> Cell:
    v = value_cell.value
    ref = getattr(value_cell, "coordinate", "")
    # A formula whose result is text keeps the type 'str' even when the text is empty
    # (=IF(A2="","",A2)): that is a saved result, an empty cell, and no problem.
    unsaved = getattr(value_cell, "data_type", None) != "str"
    if v is None and unsaved and getattr(formula_cell, "data_type", None) == "f":
        formula = formula_cell.value
        text = formula if isinstance(formula, str) else getattr(formula, "text", "") or ""
        return Cell("", formula=text or "=", ref=ref)
    if isinstance(v, bool):
        return Cell(str(v), ref=ref)
    if isinstance(v, int | float):
        fmt = getattr(value_cell, "number_format", "") or ""
        number = Decimal(str(v))
        return Cell(format(number, "f"), number, "%" in fmt, ref=ref)
    if isinstance(v, dt.date):
        return Cell(f"{v.day} {v:%b %Y}", date=v, ref=ref)
    return Cell("" if v is None else str(v).strip(), ref=ref)


def _read_xlsx(path: Path, sheet_name: str | None) -> Sheet:
    import openpyxl

    books: list[Any] = []
    try:
        # Twice: saved results (what Excel showed), and formulas, to tell a formula whose
        # result was never saved (files written by programs) from an empty cell.
        for data_only in (True, False):
            books.append(openpyxl.load_workbook(path, read_only=True, data_only=data_only))
    except Exception as e:  # openpyxl raises many kinds for a file that is not XLSX
        for book in books:
            book.close()
        raise _refuse(path, f"not a readable XLSX file ({e})") from None
    values_book, formulas_book = books
    try:
        names = [ws.title for ws in values_book.worksheets]
        if not names:
            raise _refuse(path, "the workbook has no sheets")
        if sheet_name is not None and sheet_name not in names:
            raise UsageError(
                f"{path} has no sheet {sheet_name!r}; its sheets are "
                + ", ".join(repr(n) for n in names)
            )
        name = sheet_name if sheet_name is not None else names[0]
        ws, wf = values_book[name], formulas_book[name]
        for sheet in (ws, wf):
            # A wrong <dimension> (some exporters write A1) would cut rows off unseen.
            sheet.reset_dimensions()
        hint, elsewhere = "", None
        if sheet_name is None and len(names) > 1:
            hint = f"; {FIRST_SHEET} unless --sheet is given"
            if "indicator" not in _header(ws):
                elsewhere = next(
                    (n for n in names[1:] if "indicator" in _header(values_book[n])), None
                )
        rows_iter = zip(ws.iter_rows(), wf.iter_rows(), strict=False)
        try:
            header_cells, _ = next(rows_iter)
        except StopIteration:
            if elsewhere is not None:
                hint = f"; {FIRST_SHEET}: give --sheet {elsewhere!r}"
            raise _refuse(path, "the sheet is empty" + hint, f"sheet {name!r}") from None
        header = [_heading(str(c.value or "")) for c in header_cells]
        rows = []
        for number, (value_cells, formula_cells) in enumerate(rows_iter, start=2):
            cells = [_xlsx_cell(v, f) for v, f in zip(value_cells, formula_cells, strict=False)]
            if not any(c.text or c.formula for c in cells):
                continue
            rows.append(Row(number, dict(zip(header, cells, strict=False))))
        return Sheet(str(path), name, header, rows, hint, elsewhere)
    finally:
        values_book.close()
        formulas_book.close()


# --- checking rows ----------------------------------------------------------------------


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


@dataclass
class Checked:
    readings: list[Incoming] = field(default_factory=list)
    blank: list[str] = field(default_factory=list)  # ids of rows that bring nothing
    problems: list[Problem] = field(default_factory=list)


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


def _period(cell: Cell, want: Period | None, quarter: Period) -> Period:
    """The period in a cell; raise ValueError (or PeriodError) with the reason if none."""
    if cell.date is None:
        return parse_period(cell.text)
    # Excel turns 'Dec 2017' or 'Sep-17' into a date. Only the last day of a quarter,
    # where that quarter is the period expected, says unambiguously which period is meant.
    d = cell.date
    is_midnight = not isinstance(d, dt.datetime) or d.time() == dt.time()
    if want is not None and want.kind == PeriodKind.QUARTER and is_midnight:
        year, month0 = divmod(want.last, 12)
        if (d.year, d.month, d.day) == (year, month0 + 1, monthrange(year, month0 + 1)[1]):
            return want
    example = want if want is not None else quarter
    raise ValueError(
        f"the cell holds the date {cell.text}, not a period: format the period column as "
        f"Text in Excel and type the period, such as {example}"
    )


def _indicators(plan: Plan) -> dict[str, Indicator]:
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
    out = Checked(problems=_column_problems(sheet))
    if out.problems:
        return out
    indicators = _indicators(plan)
    expected = {ind.id: period for ind, period in expected_readings(plan, quarter)}
    seen: dict[str, int] = {}
    for row in sheet.rows:
        unsaved = [c for c in COLUMNS if row.get(c).formula is not None]
        for c in unsaved:
            cell = row.get(c)
            out.problems.append(
                sheet.problem(
                    row.number,
                    c,
                    f"cell {cell.ref} holds the formula {cell.formula} but no saved result: "
                    "open and save the file in Excel, or type the value",
                )
            )
        if unsaved:
            continue
        ident = row.get("indicator").text
        if not ident:
            out.problems.append(sheet.problem(row.number, "indicator", "no indicator id"))
            continue
        ind = indicators.get(ident)
        if ind is None:
            hint = suggest(ident, indicators)
            out.problems.append(
                sheet.problem(row.number, "indicator", f"unknown indicator {ident!r}{hint}")
            )
            continue
        if ident in seen:
            out.problems.append(
                sheet.problem(
                    row.number, "indicator", f"{ident} is given twice: first in row {seen[ident]}"
                )
            )
            continue
        seen[ident] = row.number
        if not any(row.get(c).text for c in ("value", "note", "rank", "numerator", "denominator")):
            out.blank.append(ident)
            continue
        problems = _check_row(row, sheet, ind, expected.get(ident), quarter, out, plan)
        out.problems += problems
    return out


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


# --- the command --------------------------------------------------------------------------


@dataclass
class Change:
    """What an import does to one indicator's reading."""

    indicator: str
    kind: str  # "added", "replaced" or "unchanged"
    before: str | None  # the figure as the file had it (None: no reading)
    after: str  # the figure as it will be


@dataclass
class ImportResult:
    path: Path  # the quarter's readings file
    changes: list[Change]  # one per row that brings something, in the sheet's order
    blank: list[str]  # ids of the rows left blank
    imported: int  # rows that brought a figure, or the words why there is none
    data: bytes | None  # the readings file as it will be; None when nothing changes


def _shown(fields: dict[str, Any], unit: Unit) -> str:
    m = Measurement(fields["value"], fields["period"], fields["rank"], fields["missing"])
    text = figure_with_period(m, unit)
    return f"{text}, note {fields['note']!r}" if fields.get("note") else text


def _edit(old: Reading | None, new: Incoming) -> dict[str, Any]:
    """The fields of the reading to set, leaving alone what the row does not bring: a
    figure replaces the words why there was none, and such words replace a figure."""
    given: dict[str, Any] = {"period": new.period, "value": new.value, "rank": new.rank}
    given["note"] = new.note
    given["missing"] = new.missing
    given["numerator"], given["denominator"] = new.numerator, new.denominator
    if old is None:
        return {k: v for k, v in given.items() if v is not None or k == "period"}
    edit = {k: v for k, v in given.items() if v is not None and v != getattr(old, k)}
    if new.period != old.period:
        edit["period"] = new.period
    if new.value is not None and old.missing is not None:
        edit["missing"] = None
    counts_given = new.numerator is not None or new.denominator is not None
    if "value" in edit and not counts_given and old.numerator is not None:
        # A new figure without its counts: the old counts were another figure's.
        edit["numerator"] = edit["denominator"] = None
    shown = old.shown
    if shown is not None and (
        (shown.figure is not None and "value" in edit)
        or (shown.period is not None and "period" in edit)
    ):
        # How the document printed the old figure or period is not how it prints the new.
        kept = {
            k: v
            for k, v in (("figure", shown.figure), ("period", shown.period))
            if v is not None
            and not (k == "figure" and "value" in edit)
            and not (k == "period" and "period" in edit)
        }
        edit["shown"] = kept or None
    if new.missing is not None:
        if old.value is not None or (old.missing is None and "missing" in edit):
            edit["value"] = None  # the words take the figure's place
        if old.rank is not None:
            edit["rank"] = None
        if old.numerator is not None:
            edit["numerator"] = edit["denominator"] = None
    return edit


def _merge(
    plan: Plan,
    table: Sheet,
    checked: Checked,
    existing: dict[str, Reading],
    path: Path,
    replace: bool,
) -> tuple[dict[str, dict[str, Any]], list[Change]]:
    """The edits to make to the readings file and what each row changes; a row that would
    replace a figure without `replace` is a problem, added to `checked.problems`."""
    indicators = _indicators(plan)
    edits: dict[str, dict[str, Any]] = {}
    changes: list[Change] = []
    for new in checked.readings:
        old = existing.get(new.indicator)
        has_figure = old is not None and not plan.partnership.awaits(old)
        if has_figure and not replace:
            checked.problems.append(
                table.problem(
                    new.row,
                    "indicator",
                    f"{path} already has a figure for {new.indicator}; use --replace to replace it",
                )
            )
        edit = _edit(old, new)
        if edit or old is None:
            edits[new.indicator] = {k: DELETE if v is None else v for k, v in edit.items()}
        unit = indicators[new.indicator].unit
        before = reading_fields(old) if old is not None else None
        after = {**(before or dict.fromkeys(FIELD_ORDER)), "indicator": new.indicator, **edit}
        kind = (
            "unchanged" if old is not None and not edit else "replaced" if has_figure else "added"
        )
        shown_before = None if before is None else _shown(before, unit)
        changes.append(Change(new.indicator, kind, shown_before, _shown(after, unit)))
    # Readings new to the file go after the others, in the plan's order.
    order = {ident: i for i, ident in enumerate(indicators)}
    appended = sorted((i for i in edits if i not in existing), key=order.__getitem__)
    edits = {i: edits[i] for i in [*(i for i in edits if i in existing), *appended]}
    return edits, changes


def plan_import(
    plan_dir: Path, file: Path, quarter: Period, *, replace: bool, sheet: str | None = None
) -> ImportResult:
    """Check the sheet against the plan and work out the readings file it would give.

    Raises PlanError listing every problem (including those the whole plan would have
    with the new file); writes nothing."""
    plan = load_plan(plan_dir).plan
    table = read_sheet(file, sheet)
    checked = check_rows(plan, table, quarter)
    path = readings_path(plan_dir, quarter)
    existing_file = next((r for r in plan.readings if r.quarter == quarter), None)
    existing = {r.indicator: r for r in (existing_file.readings if existing_file else [])}
    edits, changes = _merge(plan, table, checked, existing, path, replace)
    if checked.problems:
        raise PlanError(checked.problems, verdict=NOTHING_IMPORTED)
    imported = sum(1 for r in checked.readings if r.value is not None or r.missing is not None)
    if not edits:
        return ImportResult(path, changes, checked.blank, imported, None)
    if existing_file is None:
        rows = [{"indicator": i, **_in_order(edits[i])} for i in edits]
        comment = f"Figures reported in {quarter}, imported from {file.name}."
        data = readings_yaml(quarter, rows, comment).encode("utf-8")
    else:
        data = _edited(path, edits)
    checked_plan = check_in_plan(plan_dir, path, data.decode("utf-8-sig"))
    _same_readings(checked_plan, quarter, existing_file, edits)
    return ImportResult(path, changes, checked.blank, imported, data)


def _edited(path: Path, edits: dict[str, dict[str, Any]]) -> bytes:
    """The readings file with the edits made in place; PlanError if it cannot be."""
    try:
        return edit_readings(path.read_bytes(), edits)
    except CommentLost as e:
        problems = [
            Problem(
                str(path),
                line,
                1,
                "",
                f"the comment {text!r} would be lost by an import: move it to a line of "
                "its own above a reading, or type the figures into the file",
            )
            for line, text in e.lost
        ]
    except YAMLError as e:
        problem = f"cannot be edited in place ({e}); type the figures into the file"
        problems = [Problem(str(path), None, None, "", problem)]
    raise PlanError(problems, verdict=NOTHING_IMPORTED)


def _in_order(fields: dict[str, Any]) -> dict[str, Any]:
    fields = {"value": None, **fields}  # written even when empty, as new-quarter does
    return {k: fields[k] for k in FIELD_ORDER[1:] if k in fields}


def _same_readings(
    plan: Plan, quarter: Period, before: Any, edits: dict[str, dict[str, Any]]
) -> None:
    """The file as the strict reader reads it holds exactly the readings intended: every
    field the import did not set is as it was. A difference is a bug: nothing is written."""
    intended: dict[str, dict[str, Any]] = {
        r.indicator: reading_fields(r) for r in (before.readings if before else [])
    }
    for ident, edit in edits.items():
        fields = intended.setdefault(ident, {**dict.fromkeys(FIELD_ORDER), "indicator": ident})
        fields.update({k: None if v is DELETE else v for k, v in edit.items()})
    written = next(r for r in plan.readings if r.quarter == quarter)
    actual = {r.indicator: reading_fields(r) for r in written.readings}
    if actual != intended:
        wrong = sorted(
            i for i in intended.keys() | actual.keys() if actual.get(i) != intended.get(i)
        )
        raise RuntimeError(f"the readings file would not hold the figures intended for {wrong}")


def run_import(
    plan_dir: Path,
    file: Path,
    quarter: Period,
    *,
    replace: bool,
    sheet: str | None = None,
    check: bool = False,
) -> ImportResult:
    """Import the sheet's figures into the quarter's readings file (with `check`, only
    work out what would change)."""
    result = plan_import(plan_dir, file, quarter, replace=replace, sheet=sheet)
    if result.data is not None and not check:
        write_atomic(result.path, result.data)
    return result


def write_template(plan_dir: Path, out: Path, quarter: Period) -> int:
    """An empty sheet listing the rows expected for the quarter (CSV or XLSX by extension).
    It never replaces a file: last quarter's template may hold figures filled in since."""
    plan = load_plan(plan_dir).plan
    rows = [
        {
            "indicator": ind.id,
            "measure": " ".join(ind.measure.split()),
            "period": str(period),
            "value": "",
            "rank": "",
            "numerator": "",
            "denominator": "",
            "note": "",
        }
        for ind, period in expected_readings(plan, quarter)
    ]
    suffix = out.suffix.lower()
    if suffix == ".csv":
        buf = io.StringIO(newline="")
        writer = csv.DictWriter(buf, fieldnames=TEMPLATE_COLUMNS, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
        write_exclusive(out, buf.getvalue().encode("utf-8"))
    elif suffix == ".xlsx":
        write_exclusive(out, _xlsx(rows, quarter))
    else:
        raise UsageError(f"{out}: the template is written as .csv or .xlsx")
    return len(rows)


def _xlsx(rows: list[dict[str, str]], quarter: Period) -> bytes:
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "Readings"
    ws.append(list(TEMPLATE_COLUMNS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r in rows:
        ws.append([r[c] for c in TEMPLATE_COLUMNS])
    for letter, width in zip("ABCDEFGH", (34, 60, 24, 12, 8, 12, 14, 30), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    book.properties.title = f"Readings for {quarter}"
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def import_text(result: ImportResult, file: Path, *, check: bool) -> str:
    """What an import did, or with `check` would do: one line per indicator (with
    `check`), the blank rows, and a last line with the counts."""
    lines = []
    if check:
        for c in result.changes:
            figures = f"{c.before} → {c.after}" if c.kind == "replaced" else c.after
            lines.append(f"{c.kind}: {c.indicator}: {figures}")
    if result.blank:
        blank = ", ".join(result.blank)
        lines.append(f"{_count(len(result.blank), 'indicator')} left blank: {blank}")
    if check:
        kinds = [c.kind for c in result.changes]
        counts = ", ".join(f"{kinds.count(k)} {k}" for k in ("added", "replaced", "unchanged"))
        lines.append(f"{result.path}: {counts} from {file} (--check: nothing written)")
    else:
        imported = _count(result.imported, "reading")
        lines.append(f"{result.path}: {imported} imported from {file}")
    return "".join(f"{line}\n" for line in lines)
