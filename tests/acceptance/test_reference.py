"""The bundled plan against the published document it was transcribed from.

tests/reference/safer-cornwall-delivery-plan-2018-19.md is the text extracted from the
published Delivery Plan and Performance Framework 2018/19. The helpers below read it on
their own, without looking at the plan data; the tests then compare what they read with
the plan loaded from plan/ and with the status engine's snapshot for Q3 2017/18.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from scp_report.model import figures as fmt
from scp_report.model.models import Plan, Project
from scp_report.model.periods import parse_quarter
from scp_report.plan.loader import load_plan
from scp_report.status.snapshot import Row, Snapshot, snapshot

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "tests" / "reference" / "safer-cornwall-delivery-plan-2018-19.md"

EXPECTED_SECTIONS = [
    "PARTNERSHIP DEVELOPMENT",
    "SAFER TOWNS",
    "DOMESTIC ABUSE AND SEXUAL VIOLENCE",
    "ALCOHOL-RELATED HARM",
    "DRUG-RELATED HARM AND PROMOTING RECOVERY",
    "ANTI-SOCIAL BEHAVIOUR",
    "REOFFENDING",
    "SERIOUS AND ORGANISED CRIME",
    "Complex needs",
    "Preventing violent extremism",
    "Hate crime",
    "Road casualty reduction",
]
GROUP_HEADING = "OTHER AREAS OF WORK"
ARROWS = {"↑": "up", "→": "steady", "↓": "down", "n/a": None}

# --- parsing the reference document ---------------------------------------------------

TAG = re.compile(r"<[^>]+>")
ITALIC = re.compile(r"<i>.*?</i>", re.S)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
FIGURE = re.compile(r"^(?P<figure>\d[\d,]*(?:\.\d+)?)%?\s*(?P<rest>.*)$")
RANKED = re.compile(r"\(ranked\s*(?P<rank>\d+)\s*(?:st|nd|rd|th)\)")
HEADING_PERIOD = re.compile(r"^(?:Baseline|Latest performance)\s+(?P<period>.+)$")
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"


def strip_tags(text: str) -> str:
    """Remove HTML tags and collapse runs of whitespace to one space."""
    return " ".join(TAG.sub(" ", text).split())


def norm(text: str) -> str:
    """Comparison form of free text: no HTML tags, whitespace or bullets, lower-cased."""
    return re.sub(r"\s+", "", TAG.sub("", text).replace("•", "")).lower()


def norm_measure(text: str) -> str:
    """Comparison form of a measure: also without superscripts, '*' and [n] references."""
    text = re.sub(r"\[\^?[\w-]+\]", "", TAG.sub("", text))
    text = text.translate({ord(c): None for c in SUPERSCRIPTS + "*"})
    return re.sub(r"\s+", "", text).lower()


def plan_markdown_text(text: str) -> str:
    """Plain text of a plan Markdown field: no **, * or footnote references [^id]."""
    return re.sub(r"\[\^[\w-]+\]", "", text).replace("**", "").replace("*", "")


def split_cells(line: str) -> list[str]:
    """The cells of one pipe-table line, stripped."""
    return [c.strip() for c in line.strip().strip("|").split("|")]


@dataclass(frozen=True)
class Table:
    """A pipe table: its header cells, body rows and the section heading it sits under."""

    header: list[str]
    rows: list[list[str]]
    section: str


@dataclass(frozen=True)
class PerformanceRow:
    """One row of a performance table, as printed."""

    measure: str  # HTML and the italic note removed
    cell: str  # the whole measure cell, HTML removed (italic note kept)
    baseline: str
    latest: str
    arrow: str
    status: str
    baseline_heading: str  # period in the "Baseline <period>" column heading
    latest_heading: str  # period in the "Latest performance <period>" column heading
    section: str


@dataclass(frozen=True)
class ProjectRow:
    """One row of a project/activity table, as printed."""

    title: str  # first cell, HTML removed
    timescale: str  # last cell, HTML removed, whitespace collapsed
    section: str


@dataclass(frozen=True)
class ContactBlock:
    """One 'Who to contact' block: its bullet entries and the section it sits under."""

    entries: list[str]
    section: str


@cache
def reference_lines() -> tuple[str, ...]:
    """The reference document's lines."""
    return tuple(REFERENCE.read_text(encoding="utf-8").splitlines())


@cache
def contents_entries() -> tuple[str, ...]:
    """Entries of the Contents table, a title split over two lines ('AND ...') joined."""
    lines = reference_lines()
    start = lines.index("Contents")
    entries: list[str] = []
    for line in lines[start + 1 :]:
        if entries and not line.startswith("|"):
            break
        if not line.startswith("|"):
            continue
        cells = split_cells(line)
        if not cells[0] or set(cells[0]) <= set("-"):
            continue
        if cells[0].startswith("AND ") and entries:
            entries[-1] = f"{entries[-1]} {cells[0]}"
        else:
            entries.append(cells[0])
    return tuple(entries)


def body_start() -> int:
    """Index of the first line after the Contents table."""
    lines = reference_lines()
    i = lines.index("Contents") + 1
    while not lines[i].startswith("|"):
        i += 1
    while lines[i].startswith("|"):
        i += 1
    return i


@cache
def headings() -> tuple[tuple[int, str], ...]:
    """Body lines that are a Contents entry on their own: (line index, heading)."""
    entries = set(contents_entries())
    lines = reference_lines()
    return tuple(
        (i, lines[i].strip())
        for i in range(body_start(), len(lines))
        if lines[i].strip() in entries
    )


def section_at(index: int) -> str:
    """The last heading above a line (the group heading does not count)."""
    current = ""
    for i, h in headings():
        if i > index:
            break
        if h != GROUP_HEADING:
            current = h
    return current


@cache
def tables() -> tuple[Table, ...]:
    """Every pipe table in the body of the document, with its section."""
    lines = reference_lines()
    found: list[Table] = []
    i = body_start()
    while i < len(lines):
        if not lines[i].startswith("|"):
            i += 1
            continue
        start = i
        block = []
        while i < len(lines) and lines[i].startswith("|"):
            block.append(split_cells(lines[i]))
            i += 1
        header, separator, *rows = block
        assert all(set(c) <= set("-:") for c in separator), lines[start + 1]
        for row in rows:
            assert len(row) == len(header), (lines[start], row)
        found.append(Table(header, rows, section_at(start)))
    return tuple(found)


def heading_period(cell: str) -> str:
    """'Baseline 2014/15' -> '2014/15'; 'Latest performance Q3 2017/18' -> 'Q3 2017/18'."""
    m = HEADING_PERIOD.match(cell)
    assert m, cell
    return m["period"]


@cache
def performance_rows() -> tuple[PerformanceRow, ...]:
    """Every row of the tables whose header starts with 'Performance measure'."""
    rows = []
    for t in tables():
        if t.header[0] != "Performance measure":
            continue
        assert len(t.header) == 5, t.header
        base_heading, latest_heading = heading_period(t.header[1]), heading_period(t.header[2])
        for measure, baseline, latest, arrow, status in t.rows:
            rows.append(
                PerformanceRow(
                    measure=strip_tags(ITALIC.sub(" ", measure)),
                    cell=strip_tags(measure),
                    baseline=strip_tags(baseline),
                    latest=strip_tags(latest),
                    arrow=arrow,
                    status=status,
                    baseline_heading=base_heading,
                    latest_heading=latest_heading,
                    section=t.section,
                )
            )
    return tuple(rows)


@cache
def project_rows() -> tuple[ProjectRow, ...]:
    """Every row of the tables whose header starts with 'Project/activity'."""
    return tuple(
        ProjectRow(strip_tags(row[0]), strip_tags(row[-1]), t.section)
        for t in tables()
        if t.header[0] in ("Project/activity", "Project/ activity")
        for row in t.rows
    )


@cache
def contact_blocks() -> tuple[ContactBlock, ...]:
    """Every 'Who to contact' block: bullets, each with its wrapped continuation lines."""
    lines = reference_lines()
    blocks = []
    for i, line in enumerate(lines):
        if line.strip() != "Who to contact":
            continue
        entries: list[str] = []
        j = i + 1
        while j < len(lines) and not lines[j].strip():
            j += 1
        while j < len(lines) and lines[j].strip():
            if lines[j].startswith("- "):
                entries.append(lines[j][2:].strip())
            else:
                assert entries, lines[j]
                entries[-1] = f"{entries[-1]} {lines[j].strip()}"
            j += 1
        blocks.append(ContactBlock(entries, section_at(i)))
    return tuple(blocks)


@dataclass(frozen=True)
class Printed:
    """A baseline or latest cell read: figure, rank, period, or why there is no figure."""

    figure: str | None
    rank: int | None
    period: str | None
    missing: str | None


def read_cell(cell: str, heading: str) -> Printed:
    """Read a baseline/latest cell; a cell that prints no period takes the column heading's."""
    if not cell or not cell[0].isdigit():
        return Printed(None, None, heading, cell)
    m = FIGURE.match(cell)
    assert m, cell
    rest = m["rest"]
    rank = None
    if r := RANKED.search(rest):
        rank = int(r["rank"])
        rest = RANKED.sub("", rest)
    rest = rest.strip()
    if rest.startswith("(") and rest.endswith(")"):
        rest = rest[1:-1].strip()
    period = rest or heading
    period = re.sub(r"\b([A-Z][a-z]{2})-(\d{2})\b", r"\g<1> 20\2", period)  # Jun-17
    if re.fullmatch(r"Q\d-\d", period):  # Q1-3: the heading's year
        period = f"{period} {heading.split()[-1]}"
    return Printed(m["figure"], rank, period, None)


# --- the plan ------------------------------------------------------------------------------


@cache
def plan() -> Plan:
    """The bundled plan, loaded once."""
    return load_plan(ROOT / "plan").plan


@cache
def snap() -> Snapshot:
    """The engine's snapshot of the plan as at Q3 2017/18, the quarter the document reports."""
    return snapshot(plan(), parse_quarter("Q3-2017/18"))


def plan_projects() -> list[tuple[str, Project]]:
    """(theme title, project) in document order."""
    return [(t.title, p) for t in plan().themes for p in t.projects]


def section_title(section_id: str) -> str:
    """The title of a plan section (the headline section or a theme) by id."""
    return next(s.title for s in plan().sections if s.id == section_id)


def performance_pairs() -> list[tuple[PerformanceRow, Row]]:
    """Reference performance rows paired with snapshot rows, both in document order."""
    refs, rows = performance_rows(), snap().rows
    return list(zip(refs, rows, strict=len(refs) == len(rows)))


def project_pairs() -> list[tuple[ProjectRow, tuple[str, Project]]]:
    """Reference project rows paired with plan projects, both in document order."""
    refs, projects = project_rows(), plan_projects()
    return list(zip(refs, projects, strict=len(refs) == len(projects)))


PERF_IDS = [row.indicator.id for row in snap().rows]
PROJECT_IDS = [p.id for _, p in plan_projects()]


# --- counts -------------------------------------------------------------------------------


def test_reference_counts():
    assert len(performance_rows()) == 39
    assert len(project_rows()) == 38


def test_plan_counts():
    indicators = [*plan().partnership.headline.indicators]
    indicators += [i for t in plan().themes for i in t.indicators]
    assert len(indicators) == 39
    assert len(snap().rows) == 39
    assert len(plan_projects()) == 38


# --- performance measures -------------------------------------------------------------------


@pytest.mark.parametrize(("ref", "row"), performance_pairs(), ids=PERF_IDS)
def test_indicator_section(ref: PerformanceRow, row: Row):
    if row.section_id == "headline":
        assert ref.section == "Introduction"
    else:
        assert ref.section.casefold() == section_title(row.section_id).casefold()


@pytest.mark.parametrize(("ref", "row"), performance_pairs(), ids=PERF_IDS)
def test_indicator_measure(ref: PerformanceRow, row: Row):
    ind = row.indicator
    printed = norm_measure(ref.measure)
    ours = norm_measure(plan_markdown_text(ind.measure))
    assert printed.startswith(ours), f"{ind.measure!r} is not the start of {ref.measure!r}"
    if ind.note is not None:
        note = norm_measure(plan_markdown_text(ind.note))
        assert note in norm_measure(ref.cell), f"note {ind.note!r} not in {ref.cell!r}"


@pytest.mark.parametrize(("ref", "row"), performance_pairs(), ids=PERF_IDS)
def test_indicator_baseline(ref: PerformanceRow, row: Row):
    printed = read_cell(ref.baseline, ref.baseline_heading)
    b = row.baseline
    if printed.missing is not None:
        assert printed.missing in ("n/a", "Not reported"), ref.baseline
        assert b.value is None
        assert b.missing == printed.missing
        return
    assert b.value is not None, f"baseline printed {ref.baseline!r}, plan has none"
    assert fmt.number(b.value) == printed.figure
    assert b.rank == printed.rank
    assert str(b.period) == printed.period


@pytest.mark.parametrize(("ref", "row"), performance_pairs(), ids=PERF_IDS)
def test_indicator_latest(ref: PerformanceRow, row: Row):
    printed = read_cell(ref.latest, ref.latest_heading)
    latest = row.latest
    assert latest is not None, f"latest printed {ref.latest!r}, plan has no reading"
    if printed.missing is not None:
        assert printed.missing == "Awaiting data", ref.latest
        assert latest.value is None
        assert latest.missing == printed.missing
    else:
        assert latest.value is not None, f"latest printed {ref.latest!r}, plan has none"
        assert fmt.number(latest.value) == printed.figure
        assert latest.rank == printed.rank
    assert str(latest.period) == printed.period


@pytest.mark.parametrize(("ref", "row"), performance_pairs(), ids=PERF_IDS)
def test_indicator_status(ref: PerformanceRow, row: Row):
    assert row.status.value == ref.status, row.reason


@pytest.mark.parametrize(("ref", "row"), performance_pairs(), ids=PERF_IDS)
def test_indicator_direction(ref: PerformanceRow, row: Row):
    assert ref.arrow in ARROWS, ref.arrow
    got = row.direction.name.value if row.direction is not None else None
    assert got == ARROWS[ref.arrow], row.direction.reason if row.direction else "no direction"


def test_overridden_statuses():
    overridden = {r.indicator.id for r in snap().rows if r.overridden}
    assert overridden == {"drugs-related-deaths", "road-safety-fatal-collisions"}


def test_computed_directions():
    computed = {
        r.indicator.id
        for r in snap().rows
        if r.direction is not None and r.direction.source == "computed"
    }
    assert computed == {"alcohol-hospital-admissions", "drugs-related-deaths"}


# --- projects ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("ref", "theme_project"), project_pairs(), ids=PROJECT_IDS)
def test_project_title(ref: ProjectRow, theme_project: tuple[str, Project]):
    theme_title, p = theme_project
    assert ref.section.casefold() == theme_title.casefold()
    assert norm(ref.title).startswith(norm(p.title)), f"{p.title!r} vs {ref.title!r}"
    if p.title_note is not None:
        assert norm(p.title_note) in norm(ref.title), f"{p.title_note!r} vs {ref.title!r}"


@pytest.mark.parametrize(("ref", "theme_project"), project_pairs(), ids=PROJECT_IDS)
def test_project_timescale(ref: ProjectRow, theme_project: tuple[str, Project]):
    _, p = theme_project
    ours = "".join(norm(line.text) for line in p.timescale) + "".join(norm(n) for n in p.notes)
    assert ours == norm(ref.timescale), f"{[t.text for t in p.timescale]} {p.notes} vs {ref}"


# --- sections and contacts -----------------------------------------------------------------------


def test_section_headings():
    found = [h for _, h in headings()]
    assert found[0] == "Introduction"
    assert found.count(GROUP_HEADING) == 1
    themes = [h for h in found[1:] if h != GROUP_HEADING]
    assert themes == EXPECTED_SECTIONS
    assert [t.title.casefold() for t in plan().themes] == [h.casefold() for h in themes]
    assert plan().partnership.introduction.title == found[0]


def test_group_heading():
    """Themes printed after OTHER AREAS OF WORK carry it as their group; the others none."""
    found = [h for _, h in headings() if h != "Introduction"]
    after = found[found.index(GROUP_HEADING) + 1 :]
    for t in plan().themes:
        if t.title.casefold() in {h.casefold() for h in after}:
            assert t.group is not None and t.group.casefold() == GROUP_HEADING.casefold()
        else:
            assert t.group is None, t.id


def test_contact_blocks():
    blocks = contact_blocks()
    assert len(blocks) == 11
    assert sum(len(b.entries) for b in blocks) == 12
    with_contacts = [t for t in plan().themes if t.contacts]
    assert len(with_contacts) == 11
    assert sum(len(t.contacts) for t in with_contacts) == 12
    assert [len(t.contacts) for t in plan().themes if t.id == "hate-crime"] == [2]
    for block, theme in zip(blocks, with_contacts, strict=True):
        assert block.section.casefold() == theme.title.casefold()
        assert len(block.entries) == len(theme.contacts), theme.id
        for entry, contact in zip(block.entries, theme.contacts, strict=True):
            assert entry.split(",")[0] == contact.name
            assert EMAIL.findall(entry) == [contact.email]
            phone = re.search(r"Tel:\s*([\d ]+\d)", entry)
            assert (phone[1] if phone else None) == contact.phone


def test_every_email_is_in_the_plan():
    text = "\n".join(reference_lines())
    emails = set(EMAIL.findall(text))
    assert len(emails) == 9
    contacts = {c.email for t in plan().themes for c in t.contacts}
    back_page = plan().partnership.back_page
    assert back_page is not None
    in_blocks = {e for b in contact_blocks() for entry in b.entries for e in EMAIL.findall(entry)}
    assert in_blocks <= contacts
    assert emails - contacts == {back_page.email}
