"""`scp status`: the snapshot at the terminal as tables (rich), or as JSON."""

from __future__ import annotations

import json
import os
import sys

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..model.control import printable as _p
from ..model.figures import (
    ARROWS,
    Measurement,
    change_against_text,
    change_percent_text,
    change_text,
    figure_with_period,
    interval_text,
    plain,
)
from ..model.period_text import period_text
from ..model.periods import Period, shift_quarter
from ..model.statuses import STATUS, STATUS_ORDER, StatusName
from ..model.words import DEFAULT_WORDS, Words
from ..status.snapshot import Row, SectionView, Snapshot
from .opendata import row_json


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


def _printable_words(words: Words) -> Words:
    """The word table with any control character escaped (the plan's checks refuse them;
    a terminal must not act on one that slipped through)."""
    changed = {k: _p(v) for k, v in words.__dict__.items() if isinstance(v, str) and _p(v) != v}
    return words.model_copy(update=changed) if changed else words


def _title(view: SectionView, quarter: Period, w: Words) -> str:
    """The table's title: the quarter its figures are for and, where that is not the
    report quarter (a theme that reports in arrears), the report quarter and the lag."""
    title = w.terminal_title.format(
        title=view.title, id=view.id, quarter=period_text(view.latest_heading, w)
    )
    lag = next((n for n in range(1, 13) if shift_quarter(view.latest_heading, n) == quarter), None)
    if lag is None:
        return title
    arrears = w.terminal_arrears_one if lag == 1 else w.terminal_arrears.format(n=lag)
    said = w.terminal_report_quarter.format(quarter=period_text(quarter, w), arrears=arrears)
    return f"{title} {said}"


def _change(row: Row, words: Words) -> str:
    """The change line of the figures: 'change: +28, +2.4% on 1,182 (2016/17)'."""
    unit = row.indicator.unit
    return words.terminal_change.format(
        change=change_text(row.change, unit, words),
        percent=change_percent_text(row.change, words),
        against=change_against_text(row.change, unit, words) or "",
    ).rstrip()


def _section_table(
    view: SectionView, quarter: Period, words: Words, changes: bool = False
) -> Table:
    """One theme's table; with `changes` (the plan asks for the change columns), each
    figure's change too."""
    w = _printable_words(words)
    base = f" {period_text(view.baseline_heading, w)}" if view.baseline_heading else ""
    table = Table(
        title=_p(_title(view, quarter, w)),
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
        measure = Text(_p(plain(row.indicator.measure)))
        measure.append("\n" + _p(row.reason), style="dim")
        if row.reading is not None and row.reading.note:
            note = w.terminal_note.format(note=row.reading.note)
            measure.append("\n" + _p(note), style="dim")
        if row.direction is not None and row.direction.source == "computed":
            said = w.terminal_direction_reason.format(reason=row.direction.reason)
            measure.append("\n" + _p(said), style="dim")
        if row.trend is not None:
            trend = w.terminal_trend.format(reason=row.trend.reason)
            measure.append("\n" + _p(trend), style="dim")
        latest = _cell(row, row.latest, view.latest_heading, w)
        if row.interval is not None:
            latest += f" ({interval_text(row.interval, row.indicator.unit, w)})"
        figures = _p(
            "\n".join(
                (
                    w.terminal_target.format(target=row.target),
                    w.terminal_baseline.format(
                        figure=_cell(row, row.baseline, view.baseline_heading, w)
                    ),
                    w.terminal_latest.format(figure=latest),
                    *((_change(row, w),) if changes else ()),
                )
            )
        )
        status = Text(_p(row.status_label), style=STATUS[row.status].terminal)
        if row.overridden:
            status.append(" " + w.terminal_override)
        table.add_row(measure, figures, _p(_direction(row, w)), status)
    return table


def _summary_table(snap: Snapshot) -> Table:
    shown_statuses = [
        s
        for s in STATUS_ORDER
        if snap.statuses.has(s)  # a two-step scale counts no close
        and (s != StatusName.AWAITING or any(r.status == s for r in snap.rows))
    ]
    # Every column folds rather than cut: at 80 columns the longest theme id and every
    # heading word fit whole; a narrower terminal wraps them.
    w = _printable_words(snap.words)
    table = Table(
        title=w.terminal_summary_title.format(quarter=period_text(snap.quarter, w)),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        padding=(0, 0),
    )
    table.add_column(w.terminal_theme, overflow="fold")
    for s in shown_statuses:
        table.add_column(
            _p(snap.statuses.label(s)).replace(" ", "\n"),
            justify="right",
            style=STATUS[s].terminal,
            overflow="fold",
            min_width=3,
        )
    table.add_column(w.terminal_total, justify="right", overflow="fold", min_width=3)
    for view in snap.sections:
        counts = [sum(1 for r in view.rows if r.status == s) for s in shown_statuses]
        table.add_row(_p(view.id), *[str(c) if c else "-" for c in counts], str(len(view.rows)))
    totals = [sum(1 for r in snap.rows if r.status == s) for s in shown_statuses]
    table.add_section()
    table.add_row(w.terminal_all, *[str(c) for c in totals], str(len(snap.rows)))
    return table


def status_json(
    views: list[SectionView],
    statistics: bool = False,
    words: Words = DEFAULT_WORDS,
    ranks: bool = False,
    groups: bool = False,
    projections: bool = False,
    changes: bool = False,
) -> str:
    """The indicators of these sections as a JSON array (see README), their figures as
    text in the plan's words; with `statistics`, their intervals, tests and trends too;
    with `ranks`, their groups' sizes and ranks as printed; with `groups`, how they stand
    in their comparator groups; with `projections`, their projected year ends; with
    `changes`, their changes on the figures their directions were compared with."""
    rows = [
        row_json(r, v.title, statistics, words, ranks, groups, projections, changes)
        for v in views
        for r in v.rows
    ]
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
                    console.print(_section_table(view, snap.quarter, snap.words, snap.changes))
                elif theme is not None:
                    console.print(
                        _p(snap.words.terminal_no_measures.format(title=view.title, id=view.id))
                    )
            legend = snap.words.terminal_legend
            if _tested(snap, theme):
                legend += "; " + snap.words.terminal_legend_not_significant
            console.print(_p(legend) + ".", style="dim")
    # Rich pads every line to the full width; trailing spaces only get in the way.
    return "".join(line.rstrip() + "\n" for line in captured.get().splitlines())
