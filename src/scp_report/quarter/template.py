"""`scp import --template`: the partners' template, an empty sheet (CSV or XLSX) listing
the rows expected for a quarter, in the columns the import reads back.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from pathlib import Path

from ..errors import UsageError
from ..files import write_exclusive
from ..model.cells import neutralise
from ..model.figures import Measurement, figure_with_period, plain
from ..model.models import Indicator, Plan
from ..model.periods import Period
from ..model.values import Unit
from ..status.snapshot import target_text
from .expected import expected_readings

TEMPLATE_COLUMNS = (
    "indicator",
    "measure",
    "unit",
    "target",
    "last figure",
    "period",
    "value",
    "rank",
    "numerator",
    "denominator",
    "note",
)
# Written for the partner to read, never read back (rows.IGNORED): shaded and locked in XLSX.
READ_ONLY = ("indicator", "measure", "unit", "target", "last figure")
# What each column is, in the comment on its heading (XLSX).
HEADINGS = {
    "indicator": "The measure's id in the plan. Leave it as it is.",
    "measure": "What is measured, as the plan says it. For reading only.",
    "unit": "What kind of number the value is: a percentage is written 0-100 (49 for 49%); "
    "a count is a whole number. For reading only.",
    "target": "The target the figure is judged against. For reading only.",
    "last figure": "The last figure the plan holds, with its period: the new one should be "
    "of the same kind. For reading only.",
    "period": "The period the figure covers, as text (Q3 2017/18, 12 months to Dec 2017). "
    "Filled in with the period owed; change it only if your figure covers another.",
    "value": "The figure, in the unit shown. Where there is none, the plan's words for why "
    "(Awaiting data, Not reported, n/a, or the plan's own).",
    "rank": "For a ranked measure only: its rank (1, 2, 3...).",
    "numerator": "Optional: the count behind a percentage or rate (412 of 841: 412).",
    "denominator": "Optional: what the count is out of (412 of 841: 841), or the population "
    "for a rate.",
    "note": "Optional: a note shown with the figure.",
}
WIDTHS = {
    "indicator": 34,
    "measure": 60,
    "unit": 22,
    "target": 30,
    "last figure": 24,
    "period": 24,
    "value": 12,
    "rank": 8,
    "numerator": 12,
    "denominator": 14,
    "note": 30,
}


def _unit(ind: Indicator) -> str:
    """The unit as a partner needs it to tell 49 from 0.49."""
    label = f" ({ind.unit_label})" if ind.unit_label else ""
    if ind.unit == Unit.PERCENT:
        return f"percent, 0-100{label}"
    if ind.unit == Unit.COUNT:
        return f"count, a whole number{label}"
    return f"{ind.unit.value}{label}"


def _last_figures(plan: Plan, quarter: Period) -> dict[str, str]:
    """Each indicator's last figure reported before `quarter`, with its period."""
    words = plan.partnership.words
    units = {ind.id: ind.unit for _, ind in plan.indicators()}
    last: dict[str, tuple[tuple[int, int], str]] = {}
    for rfile in plan.readings:
        if not rfile.quarter < quarter:
            continue
        for r in rfile.readings:
            unit = units.get(r.indicator)
            if r.value is None or unit is None:
                continue
            at = (r.period.last, r.period.first)
            if r.indicator not in last or at >= last[r.indicator][0]:
                m = Measurement(r.value, r.period, r.rank)
                last[r.indicator] = (at, figure_with_period(m, unit, words=words))
    return {ident: text for ident, (_, text) in last.items()}


def write_template(plan: Plan, out: Path, quarter: Period) -> int:
    """An empty sheet listing the rows expected for the quarter (CSV or XLSX by extension).
    It never replaces a file: last quarter's template may hold figures filled in since."""
    words = plan.partnership.words
    last = _last_figures(plan, quarter)
    rows = [
        {
            "indicator": ind.id,
            "measure": plain(ind.measure),
            "unit": _unit(ind),
            "target": target_text(ind, period, words),
            "last figure": last.get(ind.id, ""),
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
        writer.writerows({k: neutralise(v) for k, v in r.items()} for r in rows)
        write_exclusive(out, buf.getvalue().encode("utf-8"))
    elif suffix == ".xlsx":
        write_exclusive(out, _xlsx(rows, quarter))
    else:
        raise UsageError(f"{out}: the template is written as .csv or .xlsx")
    return len(rows)


def _xlsx(rows: list[dict[str, str]], quarter: Period) -> bytes:
    """The template as a workbook: headings with a comment each; the columns written for
    reading shaded and locked (the sheet is protected, without a password, so that a
    partner types only where figures go); the period column formatted as Text, so that
    a spreadsheet never turns Mar-18 into a date."""
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter

    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "Readings"
    ws.append(list(TEMPLATE_COLUMNS))
    shade = PatternFill("solid", fgColor="E7E6E6")
    for i, name in enumerate(TEMPLATE_COLUMNS, start=1):
        cell = ws.cell(row=1, column=i)
        cell.font = Font(bold=True)
        cell.comment = Comment(HEADINGS[name], "scp-report", width=300, height=110)
        if name in READ_ONLY:
            cell.fill = shade
        ws.column_dimensions[get_column_letter(i)].width = WIDTHS[name]
    for r in rows:
        ws.append([neutralise(r[c]) for c in TEMPLATE_COLUMNS])
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str):  # never a formula, whatever the text
                cell.data_type = "s"
    for row in ws.iter_rows(min_row=2):
        for name, cell in zip(TEMPLATE_COLUMNS, row, strict=True):
            if name in READ_ONLY:
                cell.fill = shade
            else:
                cell.protection = Protection(locked=False)
            if name == "period":
                cell.number_format = "@"
    ws.protection.sheet = True
    # Partners may still widen columns and sort or filter rows.
    ws.protection.formatColumns = False
    ws.protection.sort = False
    ws.protection.autoFilter = False
    ws.freeze_panes = "A2"
    book.properties.title = f"Readings for {quarter}"
    book.properties.created = FIXED_TIME
    buf = io.BytesIO()
    book.save(buf)
    return _at_fixed_time(buf.getvalue())


# openpyxl stamps a workbook, and each file in it, with the time it is saved; a fixed time
# instead, so that the same plan and quarter give the same bytes.
FIXED_TIME = dt.datetime(1980, 1, 1)
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _at_fixed_time(data: bytes) -> bytes:
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dest:
        for info in src.infolist():
            content = src.read(info)
            if info.filename == "docProps/core.xml":
                content = _MODIFIED.sub(lambda m: m[1] + stamp + m[2], content)
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = info.compress_type
            fixed.external_attr = info.external_attr
            dest.writestr(fixed, content)
    return out.getvalue()
