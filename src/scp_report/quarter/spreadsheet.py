"""`scp import`: a quarter's figures from a spreadsheet (CSV or XLSX) into its readings file.

Every row is checked before anything is written; each problem names its row (and sheet).
Nothing is written unless every row is good; the readings file is rewritten atomically in
the plan's conventions and checked against the whole plan first. Figures already entered
for the quarter are replaced only with `--replace`; empty placeholders (from
`scp new-quarter`) are filled in without it.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..errors import PlanError, Problem, UsageError
from ..files import write_atomic, write_exclusive
from ..plan import yaml_reader
from ..plan.loader import load_plan
from ..plan.messages import suggest
from ..plan.models import Indicator, Plan
from ..plan.periods import Period, PeriodError, parse_period
from ..plan.value_rules import figure_problems, read_figure
from ..plan.values import Unit
from .expected import expected_readings
from .writer import check_in_plan, reading_fields, readings_path, readings_yaml

COLUMNS = ("indicator", "value", "period", "note", "rank")
REQUIRED = ("indicator", "value", "period")
IGNORED = ("measure",)  # written in templates for people; not read back
TEMPLATE_COLUMNS = ("indicator", "measure", "period", "value", "rank", "note")
EXCEL_UTF8 = (
    'in Excel, use File > Save As and choose "CSV UTF-8 (Comma delimited)", '
    'not "CSV (Comma delimited)"'
)


@dataclass
class Cell:
    text: str  # as shown to a person
    number: Decimal | None = None  # set when the spreadsheet held a number
    percent_format: bool = False  # an XLSX cell formatted as a percentage


@dataclass
class Row:
    number: int  # the spreadsheet's own row number (header is row 1)
    cells: dict[str, Cell]


@dataclass
class Sheet:
    file: str
    name: str | None  # XLSX sheet name; None for CSV
    columns: list[str]
    rows: list[Row]

    def problem(self, row: int | None, column: str | None, message: str) -> Problem:
        col = self.columns.index(column) + 1 if column in self.columns else None
        if self.name is None:
            return Problem(self.file, row, col, column or "", message)
        where = f"sheet {self.name!r}" + (f", row {row}" if row else "")
        loc = f"{where}, {column}" if column else where
        return Problem(self.file, None, None, loc, message)


# --- reading spreadsheets -------------------------------------------------------------


def read_sheet(path: Path) -> Sheet:
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise UsageError(f"{path}: give a .csv or .xlsx file")
    if not path.is_file():
        raise UsageError(f"{path}: no such file")
    size = path.stat().st_size
    if size > yaml_reader.MAX_FILE_BYTES:
        raise PlanError(
            [
                Problem(
                    str(path),
                    None,
                    None,
                    "",
                    f"file is {size:,} bytes; the limit is {yaml_reader.MAX_FILE_BYTES:,}",
                )
            ],
            verdict="nothing was imported",
        )
    return _read_csv(path) if suffix == ".csv" else _read_xlsx(path)


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
            [Problem(str(path), e.line, e.column, "", message)], verdict="nothing was imported"
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        table = list(reader)
    except csv.Error as e:
        raise PlanError(
            [Problem(str(path), reader.line_num, None, "", f"not readable as CSV: {e}")],
            verdict="nothing was imported",
        ) from None
    if not table:
        raise PlanError(
            [Problem(str(path), None, None, "", "the file is empty")],
            verdict="nothing was imported",
        )
    header = [h.strip().lower() for h in table[0]]
    rows = []
    for i, values in enumerate(table[1:], start=2):
        if not any(v.strip() for v in values):
            continue
        cells = {h: Cell(v.strip()) for h, v in zip(header, values, strict=False)}
        rows.append(Row(i, cells))
    return Sheet(str(path), None, header, rows)


def _read_xlsx(path: Path) -> Sheet:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many kinds for a file that is not XLSX
        raise PlanError(
            [Problem(str(path), None, None, "", f"not a readable XLSX file ({e})")]
        ) from None
    try:
        ws = book.worksheets[0]
        rows_iter = ws.iter_rows()
        try:
            header_cells = next(rows_iter)
        except StopIteration:
            raise PlanError(
                [Problem(str(path), None, None, f"sheet {ws.title!r}", "the sheet is empty")]
            ) from None
        header = [str(c.value or "").strip().lower() for c in header_cells]
        rows = []
        for cells in rows_iter:
            if not any(c.value not in (None, "") for c in cells):
                continue
            values: dict[str, Cell] = {}
            for h, c in zip(header, cells, strict=False):
                v = c.value
                if isinstance(v, bool):
                    values[h] = Cell(str(v))
                elif isinstance(v, int | float):
                    fmt = getattr(c, "number_format", "") or ""
                    values[h] = Cell(format(Decimal(str(v)), "f"), Decimal(str(v)), "%" in fmt)
                else:
                    values[h] = Cell("" if v is None else str(v).strip())
            rows.append(Row(cells[0].row or 0, values))
        return Sheet(str(path), ws.title, header, rows)
    finally:
        book.close()


# --- checking rows ----------------------------------------------------------------------


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


def _indicators(plan: Plan) -> dict[str, Indicator]:
    return {ind.id: ind for _, ind in plan.indicators()}


def check_rows(
    plan: Plan, sheet: Sheet, quarter: Period
) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Readings from the sheet's rows, and every problem found in them."""
    problems: list[Problem] = []
    unknown = [c for c in sheet.columns if c and c not in COLUMNS + IGNORED]
    for c in unknown:
        problems.append(
            sheet.problem(1, c, f"unknown column {c!r}; the columns are {', '.join(COLUMNS)}")
        )
    for c in REQUIRED:
        if c not in sheet.columns:
            problems.append(sheet.problem(1, None, f"missing column {c!r}"))
    if problems:
        return [], problems
    indicators = _indicators(plan)
    expected = {ind.id: period for ind, period in expected_readings(plan, quarter)}
    seen: dict[str, int] = {}
    readings: list[dict[str, Any]] = []
    for row in sheet.rows:

        def get(name: str, row: Row = row) -> Cell:
            return row.cells.get(name, Cell(""))

        ident = get("indicator").text
        if not ident:
            problems.append(sheet.problem(row.number, "indicator", "no indicator id"))
            continue
        ind = indicators.get(ident)
        if ind is None:
            hint = suggest(ident, indicators)
            problems.append(
                sheet.problem(row.number, "indicator", f"unknown indicator {ident!r}{hint}")
            )
            continue
        if ident in seen:
            problems.append(
                sheet.problem(
                    row.number, "indicator", f"{ident} is given twice: first in row {seen[ident]}"
                )
            )
            continue
        seen[ident] = row.number
        reading: dict[str, Any] = {"indicator": ident}
        period_text = get("period").text
        try:
            period = parse_period(period_text)
        except PeriodError as e:
            problems.append(sheet.problem(row.number, "period", str(e)))
            continue
        if period.last > quarter.last:
            problems.append(
                sheet.problem(
                    row.number,
                    "period",
                    f"{period} ends after {quarter}, the quarter being reported",
                )
            )
        want = expected.get(ident)
        if want is not None and not period.comparable(want):
            problems.append(
                sheet.problem(
                    row.number,
                    "period",
                    f"{period} does not fit "
                    f"{ident}: expected a {want.kind.value} period "
                    f"such as {want}",
                )
            )
        reading["period"] = period
        value = get("value")
        if value.text:
            try:
                n = _number(value, ind.unit)
            except ValueError as e:
                problems.append(sheet.problem(row.number, "value", str(e)))
                continue
            reading["value"] = n
        else:
            reading["value"] = None
        ranked = ind.target is not None and ind.target.kind.ranked
        rank_text = get("rank").text
        if rank_text:
            if not ranked:
                problems.append(
                    sheet.problem(row.number, "rank", f"{ident} is not a ranked measure")
                )
            elif not re.fullmatch(r"[1-9]\d*", rank_text.split(".")[0]) or (
                "." in rank_text and rank_text.split(".")[1].strip("0")
            ):
                problems.append(
                    sheet.problem(row.number, "rank", f"{rank_text!r} is not a rank (1, 2, 3...)")
                )
            else:
                reading["rank"] = int(rank_text.split(".")[0])
        elif ranked and reading["value"] is not None:
            problems.append(
                sheet.problem(
                    row.number, "rank", f"{ident} is ranked: give its rank beside the value"
                )
            )
        note = get("note").text
        if note:
            reading["note"] = note
        readings.append(reading)
    return readings, problems


# --- the command --------------------------------------------------------------------------


def run_import(plan_dir: Path, file: Path, quarter: Period, *, replace: bool) -> tuple[Path, int]:
    plan = load_plan(plan_dir).plan
    sheet = read_sheet(file)
    incoming, problems = check_rows(plan, sheet, quarter)
    path = readings_path(plan_dir, quarter)
    existing_file = next((r for r in plan.readings if r.quarter == quarter), None)
    merged: list[dict[str, Any]] = []
    placed: set[str] = set()
    by_id = {r["indicator"]: r for r in incoming}
    if existing_file is not None:
        for old in existing_file.readings:
            new = by_id.get(old.indicator)
            if new is None:
                merged.append(reading_fields(old))
                continue
            has_figure = old.value is not None or old.missing is not None
            if has_figure and not replace:
                row = next(
                    r
                    for r in sheet.rows
                    if r.cells.get("indicator") and r.cells["indicator"].text == old.indicator
                )
                problems.append(
                    sheet.problem(
                        row.number,
                        "indicator",
                        f"{path} already has "
                        f"a figure for {old.indicator}; use --replace "
                        "to replace it",
                    )
                )
            # The new figure replaces the old reading whole: what was published with the
            # old figure (status, direction, override) does not carry over.
            merged.append(new)
            placed.add(old.indicator)
    order = {ind.id: i for i, ind in enumerate(_indicators(plan).values())}
    merged += sorted(
        (r for r in incoming if r["indicator"] not in placed), key=lambda r: order[r["indicator"]]
    )
    if problems:
        raise PlanError(problems, verdict="nothing was imported")
    text = readings_yaml(
        quarter, merged, f"Figures reported in {quarter}, imported from {file.name}."
    )
    check_in_plan(plan_dir, path, text)
    write_atomic(path, text.encode("utf-8"))
    return path, len(incoming)


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
    for letter, width in zip("ABCDEF", (34, 60, 24, 12, 8, 30), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    book.properties.title = f"Readings for {quarter}"
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
