"""`scp status`: the snapshot at the terminal, or as JSON."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .engine import (
    ARROWS,
    STATUS_ORDER,
    Measurement,
    Row,
    SectionView,
    Snapshot,
    figure,
    resolve_quarter,
    row_json,
    snapshot,
)
from .errors import UsageError
from .formatting import plain
from .loading import load_plan
from .models import StatusName
from .periods import Period

STYLES = {
    StatusName.SUCCESSFUL: "bold green",
    StatusName.CLOSE: "bold yellow",
    StatusName.NEEDS_IMPROVING: "bold red",
    StatusName.MONITORING: "cyan",
    StatusName.AWAITING: "dim",
}


def _console() -> Console:
    no_color = "NO_COLOR" in os.environ or not sys.stdout.isatty()
    width = None if sys.stdout.isatty() else 80
    return Console(
        no_color=no_color, highlight=False, width=width, soft_wrap=False, emoji=False, markup=False
    )


def _direction(row: Row) -> str:
    d = row.direction
    if d is None:
        return "n/a"
    return f"{ARROWS[d.name]} {d.name.value}" + ("*" if d.source == "stated" else "")


def _cell(row: Row, m: Measurement | None, heading: Period | None) -> str:
    """A figure, with its period where it differs from the column heading's."""
    text, period = figure(m, row.indicator.unit, heading)
    return f"{text} ({period})" if period else text


def _section_table(view: SectionView) -> Table:
    base = f" {view.baseline_heading}" if view.baseline_heading else ""
    table = Table(
        title=f"{view.title} ({view.id}): latest figures for {view.latest_heading}",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_lines=True,
        expand=True,
        padding=(0, 1),
    )
    table.add_column("Measure and reason", ratio=3, overflow="fold")
    table.add_column(f"Target, baseline{base}, latest", ratio=2, min_width=22, overflow="fold")
    table.add_column("Dir.", no_wrap=True)
    table.add_column("Status", width=10, overflow="fold")
    for row in view.rows:
        measure = Text(plain(row.indicator.measure))
        measure.append("\n" + row.reason, style="dim")
        if row.direction is not None and row.direction.source == "computed":
            measure.append("\nDirection: " + row.direction.reason, style="dim")
        figures = (
            f"target: {row.target}\n"
            f"baseline: {_cell(row, row.baseline, view.baseline_heading)}\n"
            f"latest: {_cell(row, row.latest, view.latest_heading)}"
        )
        status = Text(row.status.value, style=STYLES[row.status])
        if row.overridden:
            status.append(" (override)")
        table.add_row(measure, figures, _direction(row), status)
    return table


def _summary_table(snap: Snapshot) -> Table:
    shown_statuses = [
        s for s in STATUS_ORDER if s != StatusName.AWAITING or any(r.status == s for r in snap.rows)
    ]
    table = Table(
        title=f"Status as at {snap.quarter}",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        collapse_padding=True,
        padding=(0, 1),
    )
    table.add_column("Theme", no_wrap=True)
    for s in shown_statuses:
        table.add_column(
            s.value.replace(" ", "\n"),
            justify="right",
            style=STYLES[s],
            width=max(len(w) for w in s.value.split()),
        )
    table.add_column("Total", justify="right", width=5)
    for view in snap.sections:
        counts = [sum(1 for r in view.rows if r.status == s) for s in shown_statuses]
        table.add_row(view.id, *[str(c) if c else "-" for c in counts], str(len(view.rows)))
    totals = [sum(1 for r in snap.rows if r.status == s) for s in shown_statuses]
    table.add_section()
    table.add_row("all", *[str(c) for c in totals], str(len(snap.rows)))
    return table


def run_status(
    plan_dir: Path, *, theme: str | None, quarter: str | None, show_all: bool, as_json: bool
) -> None:
    plan = load_plan(plan_dir, cache=True).plan
    q = resolve_quarter(plan, quarter)
    snap = snapshot(plan, q)
    ids = [s.id for s in snap.sections]
    if theme is not None and theme not in ids:
        raise UsageError(f"unknown theme {theme!r}; valid ids: {', '.join(ids)}")
    views = [snap.section(theme)] if theme else list(snap.sections)
    if as_json:
        rows = [row_json(r) for v in views for r in v.rows]
        json.dump(rows, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return
    console = _console()
    with console.capture() as captured:
        if theme is None and not show_all:
            console.print(_summary_table(snap))
        else:
            for view in views:
                if view.rows:
                    console.print(_section_table(view))
                elif theme is not None:
                    console.print(f"{view.title} ({view.id}) has no performance measures.")
            console.print(
                "Dir.: direction of travel; * as published (no earlier comparable figure to "
                "compute it from).",
                style="dim",
            )
    # Rich pads every line to the full width; trailing spaces only get in the way.
    sys.stdout.write("".join(line.rstrip() + "\n" for line in captured.get().splitlines()))
