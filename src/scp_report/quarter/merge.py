"""`scp import`: merging a sheet's checked rows into the quarter's readings file.

Nothing is written unless every row is good. An existing readings file is edited in place
(`roundtrip`): only the figures the sheet brings change, and comments, `published`,
`override` and notes stay. The file is checked against the whole plan by the strict
reader, then replaced atomically. Figures already entered for the quarter are replaced
only with `--replace`; empty placeholders (from `scp new-quarter`) are filled in without
it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.error import YAMLError

from ..errors import PlanError, Problem
from ..files import write_atomic
from ..model.figures import Measurement, figure_with_period
from ..model.models import Plan, Reading
from ..model.periods import Period
from ..model.values import Unit
from .roundtrip import DELETE, FIELD_ORDER, CommentLost, edit_readings
from .rows import Checked, Incoming, check_rows, indicators_by_id
from .sheets import DELIMITERS, NOTHING_IMPORTED, Sheet, open_sheet
from .writer import check_in_plan, reading_fields, readings_path, readings_yaml


@dataclass
class Change:
    """What an import does to one indicator's reading."""

    indicator: str
    # "added", "replaced" or "unchanged" for a figure; for a row whose value cell holds
    # the plan's words instead, "awaited" (words meaning awaited) or "no new figure"
    kind: str
    before: str | None  # the figure as the file had it (None: no reading)
    after: str  # the figure as it will be


@dataclass
class ImportResult:
    path: Path  # the quarter's readings file
    changes: list[Change]  # one per row that brings something, in the sheet's order
    blank: list[str]  # ids of the rows left blank
    imported: int  # figures added or replaced (never rows left unchanged, nor words)
    data: bytes | None  # the readings file as it will be; None when nothing changes
    # What separated a CSV file's columns, where it was not a comma ("semicolons").
    separated_by: str | None = None
    warnings: list[Problem] = field(default_factory=list)  # figures very likely wrong


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
    replace a figure without `replace` is a problem, added to `checked`."""
    indicators = indicators_by_id(plan)
    edits: dict[str, dict[str, Any]] = {}
    changes: list[Change] = []
    for new in checked.readings:
        old = existing.get(new.indicator)
        has_figure = old is not None and not plan.partnership.awaits(old)
        edit = _edit(old, new)
        # A row identical to the file's reading changes nothing: unchanged, never refused.
        if has_figure and not replace and edit:
            checked.add(
                [
                    table.problem(
                        new.row,
                        "indicator",
                        f"{path} already has a figure for {new.indicator}; use --replace "
                        "to replace it",
                    )
                ]
            )
        if edit or old is None:
            edits[new.indicator] = {k: DELETE if v is None else v for k, v in edit.items()}
        unit = indicators[new.indicator].unit
        before = reading_fields(old) if old is not None else None
        after = {**(before or dict.fromkeys(FIELD_ORDER)), "indicator": new.indicator, **edit}
        kind = _kind(plan, old, new, edit, has_figure)
        shown_before = None if before is None else _shown(before, unit)
        changes.append(Change(new.indicator, kind, shown_before, _shown(after, unit)))
    # Readings new to the file go after the others, in the plan's order.
    order = {ident: i for i, ident in enumerate(indicators)}
    appended = sorted((i for i in edits if i not in existing), key=order.__getitem__)
    edits = {i: edits[i] for i in [*(i for i in edits if i in existing), *appended]}
    return edits, changes


def _kind(
    plan: Plan, old: Reading | None, new: Incoming, edit: dict[str, Any], has_figure: bool
) -> str:
    """What a row does, as the counts of an import say it (Change.kind)."""
    if old is not None and not edit:
        return "unchanged"
    if new.value is None and new.missing is not None:
        meant = plan.partnership.missing(new.missing)
        return "awaited" if meant is not None and meant[0] == "awaited" else "no new figure"
    return "replaced" if has_figure else "added"


def plan_import(
    plan: Plan,
    plan_dir: Path,
    file: Path,
    quarter: Period,
    *,
    replace: bool,
    sheet: str | None = None,
) -> ImportResult:
    """Check the sheet against the plan (loaded from `plan_dir`) and work out the readings
    file it would give.

    Raises PlanError listing every problem (including those the whole plan would have
    with the new file); writes nothing."""
    with open_sheet(file, sheet) as table:  # read a row at a time, as they are checked
        checked = check_rows(plan, table, quarter)
    path = readings_path(plan_dir, quarter)
    existing_file = next((r for r in plan.readings if r.quarter == quarter), None)
    existing = {r.indicator: r for r in (existing_file.readings if existing_file else [])}
    edits, changes = _merge(plan, table, checked, existing, path, replace)
    if checked.failed:
        raise PlanError(
            checked.problems + checked.warnings, verdict=NOTHING_IMPORTED, more=checked.more
        )
    imported = sum(1 for c in changes if c.kind in ("added", "replaced"))
    if not edits:
        return ImportResult(
            path, changes, checked.blank, imported, None, _separated(table), checked.warnings
        )
    if existing_file is None:
        rows = [{"indicator": i, **_in_order(edits[i])} for i in edits]
        comment = f"Figures reported in {quarter}, imported from {file.name}."
        data = readings_yaml(quarter, rows, comment).encode("utf-8")
    else:
        data = _edited(path, edits)
    checked_plan = check_in_plan(plan_dir, path, data.decode("utf-8-sig"))
    _same_readings(checked_plan, quarter, existing_file, edits)
    return ImportResult(
        path, changes, checked.blank, imported, data, _separated(table), checked.warnings
    )


def _separated(table: Sheet) -> str | None:
    if table.name is not None or table.delimiter == ",":
        return None
    return DELIMITERS[table.delimiter]


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
    plan: Plan,
    plan_dir: Path,
    file: Path,
    quarter: Period,
    *,
    replace: bool,
    sheet: str | None = None,
    check: bool = False,
) -> ImportResult:
    """Import the sheet's figures into the quarter's readings file of the plan (loaded
    from `plan_dir`); with `check`, only work out what would change."""
    result = plan_import(plan, plan_dir, file, quarter, replace=replace, sheet=sheet)
    if result.data is not None and not check:
        write_atomic(result.path, result.data)
    return result
