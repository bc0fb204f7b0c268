"""The quarterly performance report: a short exception report for the board.

Three lists, each in document order: indicators that need improving, indicators whose
status changed since the previous quarter, and projects past their due date.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import __version__
from ..model import figures as fmt
from ..model.models import Plan
from ..model.period_text import period_text
from ..model.periods import Period, shift_quarter
from ..model.statuses import STATUS, STATUS_ORDER, Statuses, StatusName
from ..model.words import Words
from ..status.snapshot import Row, Snapshot
from .appearance import Appearance, appearance
from .document import full_date, later_note, quarter_end


@dataclass(frozen=True)
class ReportRow:
    id: str
    section: str
    measure: str
    latest: str
    target: str
    status: str
    status_class: str
    reason: str
    before: str | None  # the status in the previous quarter, where it changed
    before_class: str | None
    # The latest figure's change, in per cent, and the figure it is on (change columns).
    change: str = ""
    percent_change: str = ""
    change_against: str | None = None


@dataclass(frozen=True)
class OverdueProject:
    id: str
    section: str
    title: str
    timescale: str
    due: str  # ISO date
    due_text: str


@dataclass(frozen=True)
class ReportContext:
    lang: str
    title: str
    partnership: str
    document_title: str
    quarter: str
    previous_quarter: str
    counts: list[tuple[str, str, int]]  # (status, css class, count)
    needs_improving: list[ReportRow]
    changed: list[ReportRow]
    overdue: list[OverdueProject]
    created: str
    generator: str
    author: str
    words: Words
    appearance: Appearance
    # The change columns the plan lists in document.columns, in its order: the table of
    # indicators that need improving shows them after the latest figure.
    change_columns: tuple[str, ...] = ()


def _row(
    row: Row, titles: dict[str, str], statuses: Statuses, words: Words, before: Row | None = None
) -> ReportRow:
    latest = fmt.figure_with_period(
        row.latest,
        row.indicator.unit,
        None,
        later_note(row.later, words),
        words.awaiting_data,
        words,
        row.indicator.unit_label,
    )
    if row.reading is not None and row.reading.note:
        latest = f"{latest}; {row.reading.note}"
    return ReportRow(
        id=row.indicator.id,
        section=titles[row.section_id],
        measure=fmt.plain(row.indicator.measure),
        latest=latest,
        target=row.target,
        status=statuses.label(row.status),
        status_class=STATUS[row.status].css,
        reason=row.reason,
        before=statuses.label(before.status) if before else None,
        before_class=STATUS[before.status].css if before else None,
        change=fmt.change_text(row.change, row.indicator.unit, words),
        percent_change=fmt.change_percent_text(row.change, words),
        change_against=fmt.change_against_text(row.change, row.indicator.unit, words),
    )


def previous_quarter(q: Period) -> Period:
    return shift_quarter(q, -1)


def build_report_context(plan: Plan, snap: Snapshot, previous: Snapshot) -> ReportContext:
    p = plan.partnership
    titles = {s.id: s.title for s in snap.sections}
    before = {r.indicator.id: r for r in previous.rows}
    rows = snap.rows
    end = quarter_end(snap.quarter)
    overdue = [
        OverdueProject(
            proj.id,
            theme.title,
            proj.title,
            line.text,
            line.due.isoformat(),
            full_date(line.due, p.words),
        )
        for theme in plan.themes
        for proj in theme.projects
        for line in proj.timescale
        if line.due is not None and line.due < end  # due before the quarter's last day
    ]
    return ReportContext(
        lang=p.document.language,
        title=p.words.report_title.format(
            partnership=p.partnership.name, quarter=period_text(snap.quarter, p.words)
        ),
        partnership=p.partnership.name,
        document_title=p.document.title,
        quarter=period_text(snap.quarter, p.words),
        previous_quarter=period_text(previous.quarter, p.words),
        counts=[
            (p.statuses.label(s), STATUS[s].css, sum(1 for r in rows if r.status == s))
            for s in STATUS_ORDER
            if p.statuses.has(s)  # a two-step scale counts no close
        ],
        needs_improving=[
            _row(r, titles, p.statuses, p.words)
            for r in rows
            if r.status == StatusName.NEEDS_IMPROVING
        ],
        changed=[
            _row(r, titles, p.statuses, p.words, before[r.indicator.id])
            for r in rows
            if before[r.indicator.id].status != r.status
        ],
        overdue=overdue,
        created=end.isoformat(),
        generator=f"scp-report {__version__}",
        author=p.document.author,
        words=p.words,
        appearance=appearance(p, plan.files),
        change_columns=tuple(
            c for c in p.document.shown_columns if c in ("change", "percent_change")
        ),
    )
