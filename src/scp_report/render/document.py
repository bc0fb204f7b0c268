"""The typed context of the plan document: one function builds it from a snapshot.

Templates read only what is here; every word specific to a partnership comes from
the plan files through these objects.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field, replace

from .. import __version__
from ..model.figures import (
    ARROWS,
    Measurement,
    change_against_text,
    change_percent_text,
    change_text,
    confidence_text,
    figure,
    interval_text,
)
from ..model.models import (
    Abbreviation,
    BackPage,
    Contact,
    DocumentInfo,
    Headline,
    Introduction,
    PartnershipInfo,
    Plan,
    Project,
    Shown,
    Theme,
)
from ..model.period_text import period_text
from ..model.periods import Period, quarter_slug
from ..model.statuses import STATUS, Statuses
from ..model.words import Words
from ..plan.checks import footnote_refs
from ..status.snapshot import Later, Row, SectionView, Snapshot
from .appearance import Appearance, appearance
from .richtext import Mark
from .trends import TrendSection, trends


@dataclass(frozen=True)
class Figure:
    """A table cell's figure and, where it differs from the column heading, its period."""

    text: str
    period: str | None
    as_given: bool = False  # the period as the plan writes it (shown:), printed as given


@dataclass(frozen=True)
class DirectionCell:
    arrow: str
    word: str
    source: str


@dataclass(frozen=True)
class PerformanceRow:
    id: str
    measure: str
    # With a note printed inline: the measure's last two words, printed on one line with
    # the note ('national average; currently 39%'); `measure` is then the rest.
    measure_end: str | None
    note: str | None
    baseline: Figure
    latest: Figure
    direction: DirectionCell | None
    status: str
    status_class: str
    reason: str
    overridden: bool
    later: str | None  # a later figure awaited or not published, where the latest is older
    not_updated: bool  # the status is judged on an older figure: none newer was published
    target: str  # the target in words, for a Target column
    reading_note: str | None  # the latest reading's note
    # The latest figure's confidence interval (46–52%) and what it is called, where the
    # plan shows intervals (document.show_intervals) and the figure's counts are given.
    interval: str | None = None
    interval_label: str | None = None
    # The latest figure's change on the figure its direction was compared with, for the
    # Change and % Change columns (document.columns): '+28', '+2.4%', n/a; and that figure
    # with its period, 'on 1,182 (2016/17)'.
    change: str = ""
    percent_change: str = ""
    change_against: str | None = None


@dataclass(frozen=True)
class TableHeadings:
    """A performance table's column headings: the section's own, else the word table's."""

    performance_measure: str
    direction_of_travel: str
    current_status: str


@dataclass(frozen=True)
class NumberedFootnote:
    number: int
    id: str
    text: str
    table: bool = False  # a performance table's own note, numbered within its table


@dataclass(frozen=True)
class SectionContext:
    """One section of the document: the headline indicators or a theme."""

    id: str
    anchor: str
    title: str
    level: int  # heading level of the section title
    capitals: bool  # a theme's title, printed in capitals as the reference; not a group's
    group: str | None
    group_anchor: str | None  # set on the first section of a group: its heading goes first
    intro: str | None
    key_outcomes: list[str]
    projects: list[Project]
    monitoring: str | None
    baseline_heading: str | None
    latest_heading: str
    headings: TableHeadings
    rows: list[PerformanceRow]
    table_note: str | None
    abbreviations: list[Abbreviation]
    contacts: list[Contact]
    # Footnotes where the reference document prints them: those referenced from the
    # projects under the projects table; the performance table's own notes under it;
    # the rest at the end of the section.
    project_notes: list[NumberedFootnote]
    table_notes: list[NumberedFootnote]
    end_notes: list[NumberedFootnote]
    how_will_we_know: bool  # print the heading and monitoring text before the table
    notes: dict[str, Mark] = field(default_factory=dict)  # each footnote's mark, by id


@dataclass(frozen=True)
class DocumentContext:
    """Everything the plan document template reads."""

    lang: str
    title: str
    partnership: PartnershipInfo
    document: DocumentInfo
    quarter: str
    introduction: Introduction
    headline: SectionContext | None  # none where the plan has no headline indicators
    sections: list[SectionContext]
    glossary: list[Abbreviation]
    trends: list[TrendSection]
    back_page: BackPage | None
    # The document's date: its publication_date, else the last day of the report quarter;
    # in the metadata (ISO) and on the cover (in full).
    created: str
    published: str
    generator: str
    plan_year: str
    words: Words  # every generic word, in the plan's terms
    appearance: Appearance  # the plan's own look, beyond style.css


@dataclass(frozen=True)
class Voice:
    """What a document says things with: the plan's words and its status labels."""

    words: Words
    statuses: Statuses

    def figure(
        self, m: Measurement | None, row: Row, heading: Period | None, shown: Shown | None
    ) -> Figure:
        text, period = figure(m, row.indicator.unit, heading, self.words.awaiting_data, self.words)
        label = row.indicator.unit_label
        if label and m is not None and m.value is not None:
            text = f"{text} {label}"
        if shown is None:
            return Figure(text, period)
        return Figure(
            shown.figure or text,
            shown.period or period,
            as_given=shown.period is not None,
        )


def _row(row: Row, view: SectionView, voice: Voice) -> PerformanceRow:
    d, w = row.direction, voice.words
    measure, measure_end = row.indicator.measure, None
    if row.indicator.note and row.indicator.note_inline:
        measure, measure_end = split_end(measure)
    return PerformanceRow(
        id=row.indicator.id,
        measure=measure,
        measure_end=measure_end,
        note=row.indicator.note,
        baseline=voice.figure(
            row.baseline, row, view.baseline_heading, row.indicator.baseline.shown
        ),
        latest=voice.figure(
            row.latest, row, view.latest_heading, row.reading.shown if row.reading else None
        ),
        direction=DirectionCell(ARROWS[d.name], d.said(w), d.source) if d else None,
        status=voice.statuses.label(row.status),
        status_class=STATUS[row.status].css,
        reason=row.reason,
        overridden=row.overridden,
        later=later_note(row.later, w),
        not_updated=row.later is not None and row.later.kind == "not published",
        target=row.target,
        reading_note=row.reading.note if row.reading is not None else None,
        interval=interval_text(row.interval, row.indicator.unit, w) if row.interval else None,
        interval_label=(
            w.confidence_interval.format(confidence=confidence_text(row.interval.confidence))
            if row.interval
            else None
        ),
        change=change_text(row.change, row.indicator.unit, w),
        percent_change=change_percent_text(row.change, w),
        change_against=change_against_text(row.change, row.indicator.unit, w),
    )


_MARKUP = set("*_[]`\\<>")


def split_end(text: str, words: int = 2) -> tuple[str, str | None]:
    """Text and its last `words` words, apart, to keep those on one line with what follows;
    (text, None) where the end holds Markdown markup or the text is that short."""
    parts = text.rsplit(None, words)
    if len(parts) <= words or _MARKUP & set(" ".join(parts[1:])):
        return text, None
    return parts[0], " ".join(parts[1:])


def later_note(later: Later | None, words: Words) -> str | None:
    """What a document says of a later reading without a figure: its words as written,
    or that the figure is awaited."""
    if later is None:
        return None
    if later.text is None:
        return words.figure_awaited.format(period=period_text(later.period, words))
    return words.later_said.format(words=later.text, period=period_text(later.period, words))


@dataclass(frozen=True)
class SectionNotes:
    project: list[NumberedFootnote]
    table: list[NumberedFootnote]
    end: list[NumberedFootnote]

    @property
    def marks(self) -> dict[str, Mark]:
        return {n.id: (n.number, n.table) for n in [*self.project, *self.table, *self.end]}


def _notes(source: Theme | Headline, first: int) -> SectionNotes:
    """A section's footnotes, numbered as the reference document numbers them: a note
    referenced only from the performance table is the table's own, numbered from 1 under
    it; every other note is numbered through the whole document from `first`, under the
    projects table when a project refers to it."""
    projects = set(footnote_refs(source.projects)) if isinstance(source, Theme) else set()
    others = [getattr(source, f) for f in type(source).model_fields if f != "indicators"]
    elsewhere = set(footnote_refs(others))
    own_table = [f for f in source.footnotes if f.id not in elsewhere]
    document = [f for f in source.footnotes if f.id in elsewhere]
    numbered = {f.id: NumberedFootnote(first + i, f.id, f.text) for i, f in enumerate(document)}
    return SectionNotes(
        [numbered[f.id] for f in document if f.id in projects],
        [NumberedFootnote(i, f.id, f.text, True) for i, f in enumerate(own_table, start=1)],
        [numbered[f.id] for f in document if f.id not in projects],
    )


def _headings(source: Theme | Headline, words: Words) -> TableHeadings:
    own = source.headings
    return TableHeadings(
        (own and own.performance_measure) or words.performance_measure,
        (own and own.direction_of_travel) or words.direction_of_travel,
        (own and own.current_status) or words.current_status,
    )


def _markdown_escaped(text: str) -> str:
    """Text that Markdown prints as written: its ASCII punctuation backslash-escaped."""
    return "".join(
        f"\\{ch}" if ch.isascii() and not ch.isalnum() and not ch.isspace() else ch for ch in text
    )


def marked(rows: list[PerformanceRow], abbreviations: list[Abbreviation]) -> list[PerformanceRow]:
    """The rows with each marked abbreviation's mark after its first use in a measure
    ('cases at MARAC*'), as the reference marks a term its note under the table explains."""
    for ab in abbreviations:
        if not ab.mark:
            continue
        word = re.compile(rf"(?<!\w){re.escape(ab.term)}(?!\w)")
        for i, row in enumerate(rows):
            if m := word.search(row.measure):
                at = m.end()
                text = row.measure[:at] + _markdown_escaped(ab.mark) + row.measure[at:]
                rows[i] = replace(row, measure=text)
                break
            if row.measure_end and (m := word.search(row.measure_end)):
                at = m.end()
                rows[i] = replace(
                    row, measure_end=row.measure_end[:at] + ab.mark + row.measure_end[at:]
                )
                break
    return rows


def _section(
    source: Theme | Headline,
    view: SectionView,
    level: int,
    voice: Voice,
    how: bool,
    notes: SectionNotes,
) -> SectionContext:
    theme = source if isinstance(source, Theme) else None
    return SectionContext(
        id=source.id,
        anchor=f"section-{source.id}",
        title=source.title,
        level=level,
        capitals=theme is not None and theme.group is None,
        group=theme.group if theme else None,
        group_anchor=None,
        intro=theme.intro if theme else source.text,  # type: ignore[union-attr]
        key_outcomes=theme.key_outcomes if theme else [],
        projects=theme.projects if theme else [],
        monitoring=theme.monitoring if theme else None,
        baseline_heading=(
            period_text(view.baseline_heading, voice.words) if view.baseline_heading else None
        ),
        latest_heading=period_text(view.latest_heading, voice.words),
        headings=_headings(source, voice.words),
        rows=marked(
            [_row(r, view, voice) for r in view.rows], theme.abbreviations if theme else []
        ),
        table_note=theme.table_note if theme else None,
        abbreviations=theme.abbreviations if theme else [],
        contacts=theme.contacts if theme else [],
        project_notes=notes.project,
        table_notes=notes.table,
        end_notes=notes.end,
        notes=notes.marks,
        how_will_we_know=theme is not None
        and (theme.how_will_we_know if theme.how_will_we_know is not None else how),
    )


def full_date(day: dt.date, words: Words) -> str:
    """A date in full in the plan's words: '31 March 2019'."""
    return words.date.format(day=day.day, month=words.months[day.month - 1], year=day.year)


def quarter_end(quarter: Period) -> dt.date:
    """The last day of a period: its metadata date, and the day overdue is judged on."""
    first_of_month = dt.date(quarter.last // 12, quarter.last % 12 + 1, 1)
    next_month = (first_of_month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return next_month - dt.timedelta(days=1)


def file_stem(plan: Plan, quarter: Period) -> str:
    """The partnership, the document and the quarter, as a safe file name stem."""
    words = f"{plan.partnership.partnership.name} {plan.partnership.document.title}"
    return f"{slug(words)}-{quarter_slug(quarter)}"


MAX_SLUG = 120  # file names stay well under the 255 bytes file systems allow


# Letters that Unicode does not decompose into a plain letter and an accent.
_LETTERS = str.maketrans(
    {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "ł": "l"}
)


def slug(text: str) -> str:
    """Lower-case letters and digits joined by hyphens: nothing that can steer a path,
    and never longer than MAX_SLUG characters. Accented letters lose their accents ('Môn'
    gives 'mon', Welsh 'ŵ' and 'ŷ' give 'w' and 'y'), so a name stays readable."""
    plain = unicodedata.normalize("NFKD", text.lower().translate(_LETTERS))
    out, dash = [], False
    for ch in plain:
        if unicodedata.combining(ch):
            continue
        if ch.isascii() and ch.isalnum():
            out.append(ch)
            dash = False
        elif not dash and out:
            out.append("-")
            dash = True
    return "".join(out)[:MAX_SLUG].strip("-") or "plan"


def build_context(plan: Plan, snap: Snapshot) -> DocumentContext:
    """The context of the plan document as at the snapshot's quarter."""
    p = plan.partnership
    voice = Voice(p.words, p.statuses)
    views = {v.id: v for v in snap.sections}
    how = p.document.how_will_we_know
    counted = 0  # footnotes numbered through the document so far

    def notes_of(source: Theme | Headline) -> SectionNotes:
        nonlocal counted
        notes = _notes(source, counted + 1)
        counted += len(notes.project) + len(notes.end)
        return notes

    headline = None
    if p.headline is not None and (p.headline.indicators or p.headline.text):
        headline = _section(p.headline, views[p.headline.id], 2, voice, how, notes_of(p.headline))
    sections: list[SectionContext] = []
    current_group: str | None = None
    for theme in plan.themes:
        level = 3 if theme.group else 2
        ctx = _section(theme, views[theme.id], level, voice, how, notes_of(theme))
        if theme.group and theme.group != current_group:
            ctx = replace(ctx, group_anchor=f"group-{slug(theme.group)}")
        current_group = theme.group
        sections.append(ctx)
    glossary = sorted(
        {a.term: a for t in plan.themes for a in t.abbreviations}.values(),
        key=lambda a: a.term.lower(),
    )
    day = p.document.publication_date or quarter_end(snap.quarter)
    title = f"{p.partnership.name}: {p.document.title}"
    return DocumentContext(
        lang=p.document.language,
        title=title,
        partnership=p.partnership,
        document=p.document,
        quarter=period_text(snap.quarter, p.words),
        introduction=p.introduction,
        headline=headline,
        sections=sections,
        glossary=glossary,
        trends=trends(snap),
        back_page=p.back_page,
        created=day.isoformat(),
        published=full_date(day, p.words),
        generator=f"scp-report {__version__}",
        plan_year=str(p.document.year),
        words=p.words,
        appearance=appearance(p, plan.files),
    )
