"""Writing readings files: `scp new-quarter`, and the file `scp import` writes.

`readings_yaml` writes a readings file in the plan's own conventions (schema comment,
two-space block style, quoted periods) so that files written by the tool read like files
written by hand. Every file is checked against the whole plan before it is written.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..errors import PlanError, ScpError
from ..files import check_target, write_exclusive
from ..model.figures import plain
from ..model.models import Plan, Reading
from ..model.periods import Period, quarter_slug
from ..model.values import ID_PATTERN
from ..plan.loader import READINGS_DIR, load_plan
from .expected import expected_readings

SCHEMA_COMMENT = "# yaml-language-server: $schema=../../schema/readings.schema.json"
_PLAIN_ID = re.compile(ID_PATTERN)


# --- writing readings files ---------------------------------------------------------------


# JSON leaves these line breaks as they are inside a string, where a YAML reader may
# fold them (libyaml reads U+0085 as a space); escaped as ruamel.yaml escapes them, so
# that an import editing the file in place writes the same bytes.
_YAML_BREAKS = str.maketrans({"\x85": "\\N", "\u2028": "\\L", "\u2029": "\\P"})
# Id-like words that YAML would read as something other than text.
_NOT_TEXT = frozenset({"null", "true", "false", "yes", "no", "on", "off", "y", "n"})


def is_plain_text(text: str) -> bool:
    """Whether text is written unquoted: an id-like word starting with a letter (so never
    a number or a date) that YAML reads as text. Anything else is quoted."""
    return bool(_PLAIN_ID.fullmatch(text)) and text[0].isalpha() and text not in _NOT_TEXT


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False).translate(_YAML_BREAKS)


def _scalar(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return format(value, "f")  # '100', never '1E+2'
    if isinstance(value, Period):
        return _quoted(str(value))
    text = str(value)
    if is_plain_text(text):
        return text
    return _quoted(text)


def _emit(key: str, value: Any, indent: int, lines: list[str]) -> None:
    pad = " " * indent
    if isinstance(value, dict):
        lines.append(f"{pad}{key}:")
        for k, v in value.items():
            if v is not None:
                _emit(k, v, indent + 2, lines)
    else:
        text = _scalar(value)
        lines.append(f"{pad}{key}: {text}".rstrip())


def reading_fields(r: Reading) -> dict[str, Any]:
    """A reading as the ordered fields a readings file holds (empty ones left out)."""
    data: dict[str, Any] = {"indicator": r.indicator, "period": r.period}
    data["value"] = r.value
    for name in ("numerator", "denominator", "rank", "missing", "note"):
        data[name] = getattr(r, name)
    for name in ("shown", "comparator", "published", "override"):
        sub = getattr(r, name)
        data[name] = (
            None
            if sub is None
            else {
                k: (v.value if hasattr(v, "value") and not isinstance(v, Decimal) else v)
                for k, v in sub.__dict__.items()
                if v is not None
            }
        )
    return data


def readings_yaml(
    quarter: Period,
    readings: list[dict[str, Any]],
    comment: str,
    beside: dict[str, str] | None = None,
) -> str:
    """A readings file: schema comment, a comment line, the quarter, one block per reading.

    `value` is always written (empty when awaited), so the analyst sees where figures go.
    `beside`: a comment for each indicator id, written after it (its measure's name).
    """
    lines = [SCHEMA_COMMENT, f"# {comment}", f"quarter: {quarter.label.replace(' ', '-', 1)}"]
    lines.append("readings:" if readings else "readings: []")
    for r in readings:
        first = True
        for key, value in r.items():
            if value is None and key != "value":
                continue
            if value == "":  # a field left for the analyst to fill in
                value = None
            if first:
                line = f"  - {key}: {_scalar(value)}".rstrip()
                said = (beside or {}).get(str(value)) if key == "indicator" else None
                lines.append(f"{line}  # {' '.join(said.split())}" if said else line)
                first = False
            else:
                _emit(key, value, 4, lines)
    return "\n".join(lines) + "\n"


def readings_path(plan_dir: Path, quarter: Period) -> Path:
    return plan_dir / READINGS_DIR / f"{quarter_slug(quarter)}.yaml"


def check_in_plan(plan_dir: Path, path: Path, text: str) -> Plan:
    """Load the plan as it would be with `text` at `path`; raise PlanError if invalid, or
    if `path` is not a place the tool may write (files.check_target: a link leaving the
    plan folder, a named pipe...).

    Nothing is copied or written: the loader reads `text` in place of the file."""
    check_target(path, plan_dir, "the plan folder")
    return load_plan(plan_dir, overlay={path: text.encode("utf-8")}).plan


def new_quarter(plan: Plan, plan_dir: Path, quarter: Period) -> tuple[Path, int]:
    """Write the readings file for `quarter` into the plan's folder `plan_dir`: every
    indicator, its period, value empty."""
    path = readings_path(plan_dir, quarter)
    check_target(path, plan_dir, "the plan folder")
    if path.exists():
        raise ScpError(f"{path} already exists; not overwritten")
    rows = []
    for ind, period in expected_readings(plan, quarter):
        row: dict[str, Any] = {"indicator": ind.id, "period": period, "value": None}
        if ind.ranked:
            row["rank"] = ""  # ranked measures need the rank beside the value
        rows.append(row)
    # Each measure's name beside its id, so that the file reads without the themes open.
    names = {ind.id: plain(ind.measure) for ind, _ in expected_readings(plan, quarter)}
    text = readings_yaml(
        quarter,
        rows,
        f"Figures reported in {quarter}: fill in each value (or missing: Awaiting data).",
        names,
    )
    try:
        check_in_plan(plan_dir, path, text)
    except PlanError as e:  # a file of ours that fails is our fault: say why in one line
        first = e.errors[0]
        raise ScpError(f"cannot start {quarter}: {first.location}: {first.message}") from None
    write_exclusive(path, text.encode("utf-8"))
    return path, len(rows)
