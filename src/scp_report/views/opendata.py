"""The snapshot as data: one object per indicator, as `scp status --json` prints it and
as the open data (CSV and JSON) that `scp build` writes beside the document.

The open data carries the fields of `scp status --json` (see README) after the quarter;
the CSV flattens them into columns in the same order. Deterministic: same plan and
quarter, same bytes.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

from ..plan.values import json_number
from ..plan.words import DEFAULT_WORDS, Words
from ..status import figures as fmt
from ..status.snapshot import Row, Snapshot


def row_json(row: Row, words: Words = DEFAULT_WORDS) -> dict[str, object]:
    """The documented JSON shape of one indicator (see README, `scp status --json`); its
    figures as text in the plan's words."""
    u, awaiting = row.indicator.unit, words.awaiting_data

    def num(d: Decimal | None) -> int | float | None:
        return None if d is None else json_number(d)

    latest = row.latest
    return {
        "theme": row.section_id,
        "id": row.indicator.id,
        "measure": fmt.plain(row.indicator.measure),
        "unit": u.value,
        "unit_label": row.indicator.unit_label,
        "target": row.target,
        "baseline": num(row.baseline.value),
        "baseline_period": str(row.baseline.period) if row.baseline.period else None,
        "baseline_text": fmt.shown(row.baseline, u, awaiting, words),
        "latest": num(latest.value) if latest else None,
        "latest_period": str(latest.period) if latest and latest.period else None,
        "latest_text": fmt.shown(latest, u, awaiting, words) if latest else awaiting,
        "rank": latest.rank if latest else None,
        "latest_note": row.reading.note if row.reading is not None else None,
        "awaited_period": _later(row, "awaited"),
        "not_updated_period": _later(row, "not published"),
        "later_text": row.later.text if row.later else None,
        "direction": row.direction.name.value if row.direction else None,
        "direction_source": row.direction.source if row.direction else None,
        "direction_better": row.direction.better if row.direction else None,
        "direction_reason": row.direction.reason if row.direction else None,
        "status": row.status.value,
        "status_label": row.status_label,
        "reason": row.reason,
        "overridden": row.overridden,
    }


def _later(row: Row, kind: str) -> str | None:
    return str(row.later.period) if row.later and row.later.kind == kind else None


def _rows(snap: Snapshot) -> list[dict[str, object]]:
    return [{"quarter": str(snap.quarter), **row_json(r, snap.words)} for r in snap.rows]


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
