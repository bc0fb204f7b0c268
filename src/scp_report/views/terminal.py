"""`scp status`: the snapshot at the terminal as tables (rich), or as JSON."""

from __future__ import annotations

import json
import os
import sys

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..model.figures import (
    ARROWS,
    STATUS_ORDER,
    Measurement,
    figure_with_period,
    interval_text,
    plain,
)
from ..model.periods import Period, shift_quarter
from ..model.values import StatusName
from ..model.words import DEFAULT_WORDS, Words
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


def _direction(row: Row, words: Words) -> str:
    d = row.direction
    if d is None:
        return words.not_applicable
    if d.chance:
        return f"{ARROWS[d.name]} {words.terminal_not_significant}"
    return f"{ARROWS[d.name]} {d.said(words)}" + ("*" if d.source == "stated" else "")


def _cell(row: Row, m: Measurement | None, heading: Period | None, words: Words) -> str:
    text = figure_with_period(
        m, row.indicator.unit, heading, awaiting=words.awaiting_data, words=words
    )
    label = row.indicator.unit_label
    return f"{text} ({label})" if label and m is not None and m.value is not None else text


def _title(view: SectionView, quarter: Period, w: Words) -> str:
    """The table's title: the quarter its figures are for and, where that is not the
    report quarter (a theme that reports in arrears), the report quarter and the lag."""
    title = w.terminal_title.format(title=view.title, id=view.id, quarter=view.latest_heading)
    lag = next((n for n in range(1, 13) if shift_quarter(view.latest_heading, n) == quarter), None)
    if lag is None:
        return title
    arrears = w.terminal_arrears_one if lag == 1 else w.terminal_arrears.format(n=lag)
    return f"{title} {w.terminal_report_quarter.format(quarter=quarter, arrears=arrears)}"


def _section_table(view: SectionView, quarter: Period, words: Words) -> Table:
    w = words
    base = f" {view.baseline_heading}" if view.baseline_heading else ""
    table = Table(
        title=_title(view, quarter, w),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_lines=True,
        expand=True,
        padding=(0, 1),
    )
    table.add_column(w.terminal_measure, ratio=3, overflow="fold")
    table.add_column(w.terminal_figures.format(period=base), ratio=2, min_width=22, overflow="fold")
    table.add_column(w.terminal_direction, max_width=9, overflow="fold")
    table.add_column(w.terminal_status, width=10, overflow="fold")
    for row in view.rows:
        measure = Text(plain(row.indicator.measure))
        measure.append("\n" + row.reason, style="dim")
        if row.reading is not None and row.reading.note:
            measure.append("\n" + w.terminal_note.format(note=row.reading.note), style="dim")
        if row.direction is not None and row.direction.source == "computed":
            said = w.terminal_direction_reason.format(reason=row.direction.reason)
            measure.append("\n" + said, style="dim")
        if row.trend is not None:
            measure.append("\n" + w.terminal_trend.format(reason=row.trend.reason), style="dim")
        latest = _cell(row, row.latest, view.latest_heading, w)
        if row.interval is not None:
            latest += f" ({interval_text(row.interval, row.indicator.unit, w)})"
        figures = "\n".join(
            (
                w.terminal_target.format(target=row.target),
                w.terminal_baseline.format(
                    figure=_cell(row, row.baseline, view.baseline_heading, w)
                ),
                w.terminal_latest.format(figure=latest),
            )
        )
        status = Text(row.status_label, style=STYLES[row.status])
        if row.overridden:
            status.append(" " + w.terminal_override)
        table.add_row(measure, figures, _direction(row, w), status)
    return table


def _summary_table(snap: Snapshot) -> Table:
    shown_statuses = [
        s for s in STATUS_ORDER if s != StatusName.AWAITING or any(r.status == s for r in snap.rows)
    ]
    # Every column folds rather than cut: at 80 columns the longest theme id and every
    # heading word fit whole; a narrower terminal wraps them.
    w = snap.words
    table = Table(
        title=w.terminal_summary_title.format(quarter=snap.quarter),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        padding=(0, 0),
    )
    table.add_column(w.terminal_theme, overflow="fold")
    for s in shown_statuses:
        table.add_column(
            snap.statuses.label(s).replace(" ", "\n"),
            justify="right",
            style=STYLES[s],
            overflow="fold",
            min_width=3,
        )
    table.add_column(w.terminal_total, justify="right", overflow="fold", min_width=3)
    for view in snap.sections:
        counts = [sum(1 for r in view.rows if r.status == s) for s in shown_statuses]
        table.add_row(view.id, *[str(c) if c else "-" for c in counts], str(len(view.rows)))
    totals = [sum(1 for r in snap.rows if r.status == s) for s in shown_statuses]
    table.add_section()
    table.add_row(w.terminal_all, *[str(c) for c in totals], str(len(snap.rows)))
    return table


def status_json(
    views: list[SectionView], statistics: bool = False, words: Words = DEFAULT_WORDS
) -> str:
    """The indicators of these sections as a JSON array (see README), their figures as
    text in the plan's words; with `statistics`, their intervals, tests and trends too."""
    rows = [row_json(r, v.title, statistics, words) for v in views for r in v.rows]
    return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"


def _tested(snap: Snapshot, theme: str | None) -> bool:
    """Whether any direction shown was tested and found to be chance (the legend then
    explains the mark beside it)."""
    views = [snap.section(theme)] if theme else list(snap.sections)
    return any(r.direction is not None and r.direction.chance for v in views for r in v.rows)


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
                    console.print(_section_table(view, snap.quarter, snap.words))
                elif theme is not None:
                    console.print(
                        snap.words.terminal_no_measures.format(title=view.title, id=view.id)
                    )
            legend = snap.words.terminal_legend
            if _tested(snap, theme):
                legend += "; " + snap.words.terminal_legend_not_significant
            console.print(legend + ".", style="dim")
    # Rich pads every line to the full width; trailing spaces only get in the way.
    return "".join(line.rstrip() + "\n" for line in captured.get().splitlines())
