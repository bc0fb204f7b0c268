"""Reading a spreadsheet of figures: a CSV file, or a sheet of an XLSX workbook, into
cells. A cell keeps the text a person saw and, from a workbook, what Excel knew of it (a
number, a percentage format, a date, a formula whose result was never saved), so that the
row checks (`rows`) can say exactly what is wrong with it.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import itertools
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..errors import PlanError, Problem, UsageError
from ..files import kind_of
from ..model.cells import restore
from ..plan import yaml_reader

# A rate's count and population may be headed as such.
SYNONYMS = {"count": "numerator", "population": "denominator"}
NOTHING_IMPORTED = "nothing was imported"
FIRST_SHEET = "figures are read from the first sheet"
# A sheet is read a row at a time (memory stays flat however long it is); these bound
# what one file may ask of a command: its size, and the length of one line of a CSV.
MAX_SHEET_BYTES = 256 * 1024 * 1024
MAX_LINE_BYTES = 1024 * 1024
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
    rows: Iterable[Row]  # read as they are asked for, once (open_sheet)
    # For a workbook read from its first sheet by default: the hint added to problems
    # with the columns, and another sheet that has an 'indicator' column, if any.
    first_sheet_hint: str = ""
    figures_sheet: str | None = None
    delimiter: str = ","  # what separated a CSV file's columns

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


@contextlib.contextmanager
def open_sheet(path: Path, sheet: str | None = None) -> Iterator[Sheet]:
    """The figures in a CSV file, or in a workbook's sheet (`sheet`, else the first): its
    columns at once, its rows as they are read, one at a time, while the `with` lasts.
    A problem with the file (its encoding, a line CSV cannot read) raises PlanError when
    the reading reaches it."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise UsageError(f"{path}: give a .csv or .xlsx file")
    try:
        mode = path.stat().st_mode  # looked at, not opened: a named pipe would wait
    except OSError:
        raise UsageError(f"{path}: no such file") from None
    if not os.path.isfile(path):
        raise UsageError(f"{path}: is {kind_of(mode)}, not a file: give the CSV or XLSX file")
    if sheet is not None and suffix == ".csv":
        raise UsageError(f"{path} is a CSV file, which has no sheets: leave out --sheet")
    size = path.stat().st_size
    if size > MAX_SHEET_BYTES:
        raise _refuse(path, f"file is {size:,} bytes; the limit is {MAX_SHEET_BYTES:,}")
    if suffix == ".csv":
        with path.open("rb") as f:
            yield _read_csv(path, f)
    else:
        with _open_xlsx(path, sheet) as table:
            yield table


def read_sheet(path: Path, sheet: str | None = None) -> Sheet:
    """The whole sheet, its rows in a list (open_sheet reads them one at a time)."""
    with open_sheet(path, sheet) as table:
        return Sheet(
            table.file,
            table.name,
            table.columns,
            list(table.rows),
            table.first_sheet_hint,
            table.figures_sheet,
        )


def _csv_problem(path: Path, line: int, col: int | None, message: str) -> PlanError:
    return PlanError([Problem(str(path), line, col, "", message)], verdict=NOTHING_IMPORTED)


def _csv_lines(path: Path, f: Any) -> Iterator[str]:
    """The file's lines, one at a time, each decoded by the plan files' own rules (UTF-8,
    a byte-order mark allowed, no NUL or control characters)."""
    number = 0
    while True:
        raw: bytes = f.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        number += 1
        if len(raw) > MAX_LINE_BYTES:
            message = f"the line is over {MAX_LINE_BYTES:,} bytes long; is this a CSV file?"
            raise _csv_problem(path, number, None, message)
        try:
            yield yaml_reader.decode(raw)
        except yaml_reader.YamlProblem as e:
            message = e.message
            try:
                raw.decode("utf-8-sig")
            except UnicodeDecodeError as u:
                # Excel's "CSV (Comma delimited)" writes Windows-1252; its UTF-8 format is
                # listed separately, and is the fix the person needs to hear.
                message = f"not valid UTF-8 (byte 0x{raw[u.start]:02x}): {EXCEL_UTF8}"
            raise _csv_problem(path, number, e.column, message) from None


def _read_csv(path: Path, f: Any) -> Sheet:
    lines = _csv_lines(path, f)
    # The separator is sniffed from the header line alone: the rest is read as it comes.
    header_line = next(lines, None)
    if header_line is None:
        raise _refuse(path, "the file is empty")
    delimiter = _delimiter(header_line)
    reader = csv.reader(itertools.chain([header_line], lines), delimiter=delimiter)

    def records() -> Iterator[list[str]]:
        try:
            yield from reader
        except csv.Error as e:
            raise _csv_problem(path, reader.line_num, None, f"not readable as CSV: {e}") from None

    table = records()
    first = next(table, None)
    if first is None:
        raise _refuse(path, "the file is empty")
    header = [_heading(h) for h in first]

    def rows() -> Iterator[Row]:
        for number, values in enumerate(table, start=2):
            if any(v.strip() for v in values):
                cells = {h: Cell(restore(v.strip())) for h, v in zip(header, values, strict=False)}
                yield Row(number, cells)

    return Sheet(str(path), None, header, rows(), delimiter=delimiter)


DELIMITERS = {",": "commas", ";": "semicolons", "\t": "tabs"}


def _delimiter(line: str) -> str:
    """What separates the columns: a comma, or the semicolon that LibreOffice and Excel
    write in many locales, or a tab. The header line decides: the separator that gives an
    'indicator' column, else the one that gives the most columns (a comma on a tie)."""
    first = line.lstrip("\ufeff").rstrip("\r\n")

    def headings(d: str) -> list[str]:
        return [_heading(h) for h in next(csv.reader([first], delimiter=d), [])]

    found = [d for d in DELIMITERS if "indicator" in headings(d)]
    if found:
        return found[0]
    return max(DELIMITERS, key=lambda d: (len(headings(d)), d == ","))


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
    return Cell("" if v is None else restore(str(v).strip()), ref=ref)


@contextlib.contextmanager
def _open_xlsx(path: Path, sheet_name: str | None) -> Iterator[Sheet]:
    """A workbook's sheet, read in openpyxl's read-only mode: rows are parsed from the
    file as they are asked for, never all held at once."""
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

        def rows() -> Iterator[Row]:
            for number, (values, formulas) in enumerate(rows_iter, start=2):
                cells = [_xlsx_cell(v, f) for v, f in zip(values, formulas, strict=False)]
                if any(c.text or c.formula for c in cells):
                    yield Row(number, dict(zip(header, cells, strict=False)))

        yield Sheet(str(path), name, header, rows(), hint, elsewhere)
    finally:
        values_book.close()
        formulas_book.close()
