"""`scp status`: the snapshot at the terminal as tables (rich), or as JSON."""

from __future__ import annotations

import json
import os
import sys

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..plan.periods import Period
from ..plan.values import StatusName
from ..plan.words import DEFAULT_WORDS, Words
from ..status.figures import ARROWS, STATUS_ORDER, Measurement, figure_with_period, plain
from ..status.snapshot import Row, SectionView, Snapshot
from .opendata import row_json

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


def _cell(row: Row, m: Measurement | None, heading: Period | None, words: Words) -> str:
    text = figure_with_period(
        m, row.indicator.unit, heading, awaiting=words.awaiting_data, words=words
    )
    label = row.indicator.unit_label
    return f"{text} ({label})" if label and m is not None and m.value is not None else text


def _section_table(view: SectionView, words: Words) -> Table:
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
        if row.reading is not None and row.reading.note:
            measure.append("\nNote: " + row.reading.note, style="dim")
        if row.direction is not None and row.direction.source == "computed":
            measure.append("\nDirection: " + row.direction.reason, style="dim")
        figures = (
            f"target: {row.target}\n"
            f"baseline: {_cell(row, row.baseline, view.baseline_heading, words)}\n"
            f"latest: {_cell(row, row.latest, view.latest_heading, words)}"
        )
        status = Text(row.status_label, style=STYLES[row.status])
        if row.overridden:
            status.append(" (override)")
        table.add_row(measure, figures, _direction(row), status)
    return table


def _summary_table(snap: Snapshot) -> Table:
    shown_statuses = [
        s for s in STATUS_ORDER if s != StatusName.AWAITING or any(r.status == s for r in snap.rows)
    ]
    # Every column folds rather than cut: at 80 columns the longest theme id and every
    # heading word fit whole; a narrower terminal wraps them.
    table = Table(
        title=f"Status as at {snap.quarter}",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        padding=(0, 0),
    )
    table.add_column("Theme", overflow="fold")
    for s in shown_statuses:
        table.add_column(
            snap.statuses.label(s).replace(" ", "\n"),
            justify="right",
            style=STYLES[s],
            overflow="fold",
            min_width=3,
        )
    table.add_column("Total", justify="right", overflow="fold", min_width=3)
    for view in snap.sections:
        counts = [sum(1 for r in view.rows if r.status == s) for s in shown_statuses]
        table.add_row(view.id, *[str(c) if c else "-" for c in counts], str(len(view.rows)))
    totals = [sum(1 for r in snap.rows if r.status == s) for s in shown_statuses]
    table.add_section()
    table.add_row("all", *[str(c) for c in totals], str(len(snap.rows)))
    return table


def status_json(views: list[SectionView], words: Words = DEFAULT_WORDS) -> str:
    """The indicators of these sections as a JSON array (see README)."""
    rows = [row_json(r, words) for v in views for r in v.rows]
    return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"


def status_text(snap: Snapshot, theme: str | None, *, show_all: bool) -> str:
    """The summary by theme; or one theme's table (`theme`), or every theme's (`show_all`)."""
    console = _console()
    with console.capture() as captured:
        if theme is None and not show_all:
            console.print(_summary_table(snap))
        else:
            views = [snap.section(theme)] if theme else list(snap.sections)
            for view in views:
                if view.rows:
                    console.print(_section_table(view, snap.words))
                elif theme is not None:
                    console.print(f"{view.title} ({view.id}) has no performance measures.")
            console.print(
                "Dir.: direction of travel; * as published (no earlier comparable figure to "
                "compute it from).",
                style="dim",
            )
    # Rich pads every line to the full width; trailing spaces only get in the way.
    return "".join(line.rstrip() + "\n" for line in captured.get().splitlines())
