"""Reading a spreadsheet of figures: a CSV file, or a sheet of an XLSX workbook, into
cells. A cell keeps the text a person saw and, from a workbook, what Excel knew of it (a
number, a percentage format, a date, a formula whose result was never saved), so that the
row checks (`rows`) can say exactly what is wrong with it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..errors import PlanError, Problem, UsageError
from ..plan import yaml_reader

# A rate's count and population may be headed as such.
SYNONYMS = {"count": "numerator", "population": "denominator"}
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
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
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
    return Sheet(str(path), None, header, rows, delimiter=delimiter)


DELIMITERS = {",": "commas", ";": "semicolons", "\t": "tabs"}


def _delimiter(text: str) -> str:
    """What separates the columns: a comma, or the semicolon that LibreOffice and Excel
    write in many locales, or a tab. The header decides: the separator that gives an
    'indicator' column, else the one that gives the most columns (a comma on a tie)."""
    first = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""

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
