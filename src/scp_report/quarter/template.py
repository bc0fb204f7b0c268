"""`scp import --template`: the partners' template, an empty sheet (CSV or XLSX) listing
the rows expected for a quarter, in the columns the import reads back.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..errors import UsageError
from ..files import write_exclusive
from ..model.cells import neutralise
from ..model.models import Plan
from ..model.periods import Period
from .expected import expected_readings

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


def write_template(plan: Plan, out: Path, quarter: Period) -> int:
    """An empty sheet listing the rows expected for the quarter (CSV or XLSX by extension).
    It never replaces a file: last quarter's template may hold figures filled in since."""
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
        writer.writerows({k: neutralise(v) for k, v in r.items()} for r in rows)
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
        ws.append([neutralise(r[c]) for c in TEMPLATE_COLUMNS])
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str):  # never a formula, whatever the text
                cell.data_type = "s"
    for letter, width in zip("ABCDEFGH", (34, 60, 24, 12, 8, 12, 14, 30), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    book.properties.title = f"Readings for {quarter}"
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
