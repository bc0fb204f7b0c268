"""The quarterly cycle: which figure each indicator owes a quarter, and writing readings files.

`expected_period` says what period an indicator's figure should cover when reported in a
quarter, from the kind of period it has been reported in before and its reporting lag.
`readings_yaml` writes a readings file in the plan's own conventions (schema comment,
two-space block style, quoted periods) so that files written by the tool read like files
written by hand.
"""

from __future__ import annotations

import json
import re
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from .engine import ReadingIndex, sections
from .errors import PlanError, Problem, ScpError
from .loading import READINGS_DIR, load_plan
from .models import ID_PATTERN, Indicator, Plan, Reading
from .periods import (
    Period,
    PeriodKind,
    financial_year,
    month_label,
    parse_period,
    quarter_parts,
    quarter_slug,
    shift_quarter,
)

SCHEMA_COMMENT = "# yaml-language-server: $schema=../../schema/readings.schema.json"
_PLAIN_ID = re.compile(ID_PATTERN)


def lag_of(plan: Plan, ind: Indicator) -> int:
    for section in sections(plan):
        if ind in section.indicators:
            return ind.lag_quarters if ind.lag_quarters is not None else section.lag_quarters
    return ind.lag_quarters or 0


def expected_period(last: Period | None, quarter: Period, lag: int) -> Period:
    """The period a figure reported in `quarter` should cover, given the last one reported.

    Quarterly figures cover the quarter `lag` quarters back; rolling figures end with that
    quarter; cumulative figures run from Q1 to it; yearly figures cover the latest whole
    year ending by then; surveys and multi-year averages stay as they were until replaced.
    """
    covered = shift_quarter(quarter, -lag)
    fy, q = quarter_parts(covered)
    if last is None or last.kind == PeriodKind.QUARTER:
        return covered
    if last.kind == PeriodKind.ROLLING:
        end = covered.last
        return parse_period(f"{last.months} months to {month_label(end)}")
    if last.kind == PeriodKind.CUMULATIVE:
        return covered if q == 1 else parse_period(f"Q1-{q} {covered.label.split()[1]}")
    if last.kind == PeriodKind.FINANCIAL_YEAR:
        return financial_year(fy if q == 4 else fy - 1)
    if last.kind == PeriodKind.CALENDAR_YEAR:
        year = covered.last // 12
        return parse_period(str(year if covered.last % 12 == 11 else year - 1))
    return last  # a survey or an average: unchanged until a new one reports


def expected_readings(plan: Plan, quarter: Period) -> list[tuple[Indicator, Period]]:
    """Every indicator that owes a figure in `quarter`, with the period it should cover.

    An indicator whose expected period already has a reading (a survey, a yearly figure
    already reported) owes nothing new."""
    index = ReadingIndex(plan.readings)
    out = []
    for section in sections(plan):
        for ind in section.indicators:
            before = [r for q, r in index.as_at(ind.id, quarter) if q < quarter]
            last = before[-1].period if before else None
            period = expected_period(last, quarter, lag_of(plan, ind))
            if not any(r.period == period for r in before):
                out.append((ind, period))
    return out


# --- writing readings files ---------------------------------------------------------------


def _scalar(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, Period):
        return json.dumps(str(value), ensure_ascii=False)
    text = str(value)
    if _PLAIN_ID.match(text):
        return text
    return json.dumps(text, ensure_ascii=False)


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
    for name in ("rank", "missing", "note"):
        data[name] = getattr(r, name)
    for name in ("comparator", "published", "override"):
        sub = getattr(r, name)
        data[name] = (
            None
            if sub is None
            else {
                k: (v.value if hasattr(v, "value") and not isinstance(v, Decimal) else v)
                for k, v in sub.__dict__.items()
            }
        )
    return data


def readings_yaml(quarter: Period, readings: list[dict[str, Any]], comment: str) -> str:
    """A readings file: schema comment, a comment line, the quarter, one block per reading.

    `value` is always written (empty when awaited), so the analyst sees where figures go.
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
                lines.append(f"  - {key}: {_scalar(value)}".rstrip())
                first = False
            else:
                _emit(key, value, 4, lines)
    return "\n".join(lines) + "\n"


def readings_path(plan_dir: Path, quarter: Period) -> Path:
    return plan_dir / READINGS_DIR / f"{quarter_slug(quarter)}.yaml"


def check_in_plan(plan_dir: Path, path: Path, text: str) -> None:
    """Load the plan as it would be with `text` at `path`; raise PlanError if invalid.

    The check runs on a copy of the plan folder, so the real one is never touched."""
    import shutil

    with tempfile.TemporaryDirectory(prefix="scp-check-") as tmp:
        copy = Path(tmp) / "plan"
        shutil.copytree(plan_dir, copy, symlinks=True)
        target = copy / path.relative_to(plan_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        try:
            load_plan(copy)
        except PlanError as e:
            shown = str(plan_dir).rstrip("/")
            raise PlanError(
                [
                    Problem(
                        p.file.replace(str(copy), shown, 1),
                        p.line,
                        p.column,
                        p.location,
                        p.message.replace(str(copy), shown),
                        p.severity,
                    )
                    for p in e.errors
                ]
            ) from None


def write_new(path: Path, text: str, *, replace: bool) -> None:
    """Write a plan file atomically; without `replace`, never over an existing file."""
    from .output import write_atomic, write_exclusive

    if replace:
        write_atomic(path, text.encode("utf-8"))
    else:
        write_exclusive(path, text.encode("utf-8"))


def new_quarter(plan_dir: Path, quarter: Period) -> tuple[Path, int]:
    """Write the readings file for `quarter`: every indicator, its period, value empty."""
    plan = load_plan(plan_dir).plan
    path = readings_path(plan_dir, quarter)
    if path.exists():
        raise ScpError(f"{path} already exists; not overwritten")
    rows = []
    for ind, period in expected_readings(plan, quarter):
        row: dict[str, Any] = {"indicator": ind.id, "period": period, "value": None}
        if ind.target is not None and ind.target.rank is not None:
            row["rank"] = ""  # ranked measures need the rank beside the value
        rows.append(row)
    text = readings_yaml(
        quarter,
        rows,
        f"Figures reported in {quarter}: fill in each value (or missing: Awaiting data).",
    )
    check_in_plan(plan_dir, path, text)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_new(path, text, replace=False)
    return path, len(rows)
