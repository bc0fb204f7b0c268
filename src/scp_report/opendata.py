"""The snapshot as open data: one row per indicator, as CSV and as JSON.

Both carry the fields of `scp status --json` (see README); the CSV flattens them into
columns in the same order. Deterministic: same plan and quarter, same bytes.
"""

from __future__ import annotations

import csv
import io
import json

from .engine import Snapshot, row_json


def _rows(snap: Snapshot) -> list[dict[str, object]]:
    return [{"quarter": str(snap.quarter), **row_json(r)} for r in snap.rows]


def snapshot_json(snap: Snapshot) -> bytes:
    return (json.dumps(_rows(snap), indent=2, ensure_ascii=False) + "\n").encode("utf-8")


# A cell a spreadsheet would read as a formula (=, +, -, @ or a control character first):
# prefixed with an apostrophe, as OWASP advises against CSV formula injection.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def snapshot_csv(snap: Snapshot) -> bytes:
    rows = _rows(snap)
    buf = io.StringIO(newline="")
    writer = csv.DictWriter(
        buf, fieldnames=list(rows[0]) if rows else ["quarter"], lineterminator="\r\n"
    )
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(v) for k, v in row.items()})
    # A byte-order mark lets spreadsheet programs read the UTF-8 (arrows, en dashes).
    return ("\ufeff" + buf.getvalue()).encode("utf-8")
