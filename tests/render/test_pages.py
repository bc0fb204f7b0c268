"""The printed pages, read back from the PDF with pdfplumber: paper size and orientation
as the plan says; printed sizes (table text 9 pt or more, nothing a reader needs under
8 pt, charts included); hidden text whole in the text layer."""

from __future__ import annotations

import math
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from ..builders import overlay
from ..helpers import PLAN, ROOT
from ..helpers import run_cli as run

REFERENCE = ROOT / "tests" / "reference" / "safer-cornwall-delivery-plan-2018-19.md"
STEM = "safer-cornwall-delivery-plan-and-performance-framework-2018-19-2017-18-q3"
MM = 72 / 25.4


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled plan's Q3-2017/18 PDF."""
    out = tmp_path_factory.mktemp("pages")
    code, _, err = run(
        "build", "--quarter", "Q3-2017/18", "--plan", str(PLAN), "--out", str(out),
        "--format", "pdf", "--force",
    )  # fmt: skip
    assert code == 0, err
    return out / f"{STEM}.pdf"


def _sizes(pdf: Path) -> set[tuple[int, int]]:
    with pdfplumber.open(pdf) as doc:
        return {(round(p.width / MM), round(p.height / MM)) for p in doc.pages}


def test_the_bundled_plan_prints_on_a4_landscape_as_the_reference(bundled: Path) -> None:
    assert _sizes(bundled) == {(297, 210)}


@pytest.mark.parametrize(
    ("page", "size"),
    [
        ("{size: A4, orientation: portrait}", (210, 297)),
        ("{size: A3}", (420, 297)),  # landscape unless the plan says otherwise
        ("{size: letter, orientation: portrait}", (216, 279)),
    ],
)
def test_page_size_and_orientation_come_from_the_plan(
    tmp_path: Path, page: str, size: tuple[int, int]
) -> None:
    root = overlay("minimal", tmp_path / "plan")
    partnership = root / "partnership.yaml"
    text = partnership.read_text()
    partnership.write_text(text.replace("  subject:", f"  page: {page}\n  subject:", 1))
    out = tmp_path / "out"
    code, _, err = run("build", "--plan", str(root), "--out", str(out), "--format", "pdf")
    assert code == 0, err
    assert _sizes(next(out.glob("*.pdf"))) == {size}


def test_a_page_the_plan_cannot_have_is_refused(tmp_path: Path) -> None:
    root = overlay("minimal", tmp_path / "plan")
    partnership = root / "partnership.yaml"
    text = partnership.read_text()
    partnership.write_text(text.replace("  subject:", "  page: {size: A5}\n  subject:", 1))
    code, out, _ = run("validate", "--plan", str(root))
    assert code == 1
    assert "document.page.size: expected one of: A4, A3, letter, got 'A5'" in out


# --------------------------------------------------------------------------- reading


@pytest.fixture(scope="module")
def with_charts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A PDF with trend charts: the minimal plan with four quarters of readings."""
    tmp = tmp_path_factory.mktemp("charts")
    root = overlay("quarters", tmp / "plan")
    code, _, err = run(
        "build", "--quarter", "Q4-2017/18", "--plan", str(root), "--out", str(tmp / "out"),
        "--format", "pdf",
    )  # fmt: skip
    assert code == 0, err
    return next((tmp / "out").glob("*.pdf"))


Element = dict[str, Any]


def _elements(page: Any, kind: str) -> list[Element]:
    """The structure elements of one type on a page, in document order."""
    found: list[Element] = []

    def walk(el: Element) -> None:
        if el["type"] == kind:
            found.append(el)
        for child in el.get("children", []):
            walk(child)

    for el in page.structure_tree:
        walk(el)
    return found


def _mcids(el: Element) -> set[int]:
    ids = set(el.get("mcids") or [])
    for child in el.get("children", []):
        ids |= _mcids(child)
    return ids


def glyph_size(char: dict[str, Any]) -> float:
    """The printed size of a glyph in points, turned or not: the font size scaled by the
    text's matrix (pdfplumber's `size` is the height of the glyph's box, which a turned
    glyph's width adds to)."""
    if char["upright"]:
        return float(char["size"])
    a, b = char["matrix"][:2]
    scale = math.hypot(a, b)
    cos, sin = abs(a) / scale, abs(b) / scale
    adv = char["adv"] * scale
    if cos >= sin:
        return (char["bottom"] - char["top"] - adv * sin) / cos
    return (char["x1"] - char["x0"] - adv * cos) / sin


def _chars(pdf: Path) -> list[tuple[int, dict[str, Any]]]:
    with pdfplumber.open(pdf) as doc:
        return [(n, c) for n, page in enumerate(doc.pages, start=1) for c in page.chars]


@pytest.mark.parametrize("which", ["bundled", "with_charts"])
def test_nothing_is_printed_under_8_points(which: str, request: pytest.FixtureRequest) -> None:
    pdf = request.getfixturevalue(which)
    small = [
        (n, c["text"], round(glyph_size(c), 2))
        for n, c in _chars(pdf)
        if c["text"].strip() and glyph_size(c) < 7.95
    ]
    assert small == [], small[:20]


def test_the_charts_are_there_to_be_measured(with_charts: Path) -> None:
    # the legend of each of the three charts: the test above read their labels too
    text = "".join(c["text"] for _, c in _chars(with_charts))
    assert text.count("reportedfigure") == 3


def test_table_text_is_at_least_9_points(bundled: Path) -> None:
    small = []
    with pdfplumber.open(bundled) as doc:
        for n, page in enumerate(doc.pages, start=1):
            cells: set[int] = set()
            for kind in ("TD", "TH"):
                for el in _elements(page, kind):
                    cells |= _mcids(el)
            for c in page.chars:
                size = glyph_size(c)
                # a footnote mark may be smaller, never under 8 pt
                mark = c["text"].isdigit() and size >= 7.95
                if c["mcid"] in cells and c["text"].strip() and size < 8.95 and not mark:
                    small.append((n, c["text"], round(size, 2)))
    assert small == [], small[:20]


def test_hidden_caption_text_is_whole_and_on_the_page(with_charts: Path) -> None:
    """Each table of figures in the appendix is captioned 'Figures: <measure>', the measure
    visually hidden: the text layer holds all of it, none of it off the page. (The bundled
    document has no appendix: no measure of it has a history.)"""
    captions = []
    with pdfplumber.open(with_charts) as doc:
        for page in doc.pages:
            for el in _elements(page, "Caption"):
                ids = _mcids(el)
                chars = [c for c in page.chars if c["mcid"] in ids]
                text = "".join(c["text"] for c in chars)
                if text.startswith("Figures:"):
                    captions.append(text)
                    for c in chars:
                        inside = 0 <= c["x0"] <= c["x1"] <= page.width
                        assert inside and 0 <= c["top"] <= c["bottom"] <= page.height, text
    assert len(captions) == 3  # every measure with a history
    whole = "Figures: Crime rate per 1,000 population"
    assert "".join(captions[0].split()) == "".join(whole.split())


def test_words_print_as_the_reference_has_them(bundled: Path) -> None:
    with pdfplumber.open(bundled) as doc:
        lines = [line for page in doc.pages for line in page.extract_text().splitlines()]
    assert any("national average; currently 39%" in line for line in lines)
    assert any("national average; currently 19%" in line for line in lines)
    assert "OTHER AREAS OF WORK" in lines
    assert "Headline performance indicators" in lines


# --------------------------------------------------------------------------- no near-empty pages

TOP_MM, BOTTOM_MM = 18, 20  # the page margins: the running title above, the number below


def used(page: Any) -> float:
    """How much of a page's area (inside its margins) is used, top to the lowest mark."""
    top, bottom = TOP_MM * MM, page.height - BOTTOM_MM * MM
    marks = [
        o
        for o in page.chars + page.rects + page.lines + page.curves
        if o["top"] >= top - 1 and o["bottom"] <= bottom + 1
    ]
    if not marks:
        return 0.0
    return (max(o["bottom"] for o in marks) - top) / (bottom - top)


def _theme_starts(pdf: Path) -> set[int]:
    """The pages a part of the document starts on: its title is the page's first line
    under the running head (a theme, a group of themes, the introduction...)."""
    with pdfplumber.open(pdf) as doc:
        titles = {title.upper() for title, _ in _contents(doc)[0]}
        starts = set()
        for n, page in enumerate(doc.pages, start=1):
            lines = page.extract_text().splitlines()
            if len(lines) > 1 and lines[1].strip().upper() in titles:
                starts.add(n)
    return starts


def test_no_page_within_a_theme_is_nearly_empty(bundled: Path) -> None:
    """A theme starts on a new page, as in the reference, so its last page may be short;
    any other page between the cover and the back page is well used."""
    with pdfplumber.open(bundled) as doc:
        fill = {n: round(used(p), 2) for n, p in enumerate(doc.pages, start=1)}
    starts = _theme_starts(bundled)
    assert len(starts) >= 12  # every theme and part was found
    last_pages = {n - 1 for n in starts}
    inner = list(fill)[1:-1]  # the cover and the back page are pages of their own
    assert len(fill) >= 20
    assert {n: fill[n] for n in inner if fill[n] < 0.2 and n not in last_pages} == {}


# --------------------------------------------------------------------------- the reference's pages


def reference_contents() -> list[tuple[str, int]]:
    """The reference document's contents list: (title, page), a title split over two rows
    ('DOMESTIC ABUSE' / 'AND SEXUAL VIOLENCE', both on page 9) joined."""
    lines = REFERENCE.read_text(encoding="utf-8").splitlines()
    start = lines.index("Contents")
    entries: list[tuple[str, int]] = []
    for line in lines[start + 1 :]:
        if entries and not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not line.startswith("|") or not cells[1].isdigit():
            continue
        title, page = cells[0], int(cells[1])
        if title.startswith("AND ") and entries and entries[-1][1] == page:
            entries[-1] = (f"{entries[-1][0]} {title}", page)
        else:
            entries.append((title, page))
    return entries


CONTENTS_LINE = re.compile(r"^(?P<title>.+?)\s*\.{3,}\s*(?P<page>\d+)$")


def _contents(doc: Any) -> tuple[list[tuple[str, int]], int]:
    """The printed contents list, (title, page) in order, and the page it is on."""
    for n, page in enumerate(doc.pages, start=1):
        found = []
        for line in page.extract_text().splitlines():
            m = CONTENTS_LINE.match(line.strip())
            if m:
                found.append((m["title"].strip(), int(m["page"])))
        if len(found) >= 3:  # the first page of entries with leaders and page numbers
            return found, n
    raise AssertionError("no contents page")


def test_the_contents_gives_the_reference_page_numbers(bundled: Path) -> None:
    """Cover to Road casualty reduction, every entry of the reference's contents list is on
    the page the reference gives, and the section's title is printed there."""
    reference = reference_contents()
    assert len(reference) == 14 and reference[-1] == ("Road casualty reduction", 32)
    with pdfplumber.open(bundled) as doc:
        printed, _ = _contents(doc)
        pages = {title.upper(): page for title, page in printed}
        got = {title: pages.get(title.upper()) for title, _ in reference}
        assert got == dict(reference)
        for title, page in reference:
            text = doc.pages[page - 1].extract_text().upper()
            assert title.upper() in text.splitlines(), (title, page)


def test_the_bundled_plan_has_no_more_pages_than_the_reference_allows(bundled: Path) -> None:
    """At most 36 pages, cover to back cover, the trends appendix (which issue 22 takes out
    of a build without enough history) not counted: its pages are those from its contents
    entry to the next part's."""
    with pdfplumber.open(bundled) as doc:
        total = len(doc.pages)
        printed, _ = _contents(doc)
    pages = [page for _, page in printed]
    trends = [i for i, (title, _) in enumerate(printed) if title == "Indicator trends"]
    appendix = 0
    if trends:
        i = trends[0]
        following = pages[i + 1] if i + 1 < len(pages) else total
        appendix = following - pages[i]
    assert total - appendix <= 36, (total, appendix)


def _table_pieces(pdf: Path, last_page: int) -> list[tuple[str, list[tuple[int, int]]]]:
    """Each table up to `last_page`: its first heading, and its pieces, one per page it is
    printed on: (page, body rows there). A table goes on from one page to the next where
    the next page's first table starts at the top of its page, under its repeated heading."""
    tables: list[tuple[str, list[tuple[int, int]]]] = []
    with pdfplumber.open(pdf) as doc:
        for n, page in enumerate(doc.pages[:last_page], start=1):
            for i, table in enumerate(_elements_in_all(page.structure_tree, "Table")):
                rows = sum(len(_elements_in(b, "TR")) for b in _children(table, "TBody"))
                ids = _mcids(table)
                chars = [c for c in page.chars if c["mcid"] in ids]
                y = min((c["top"] for c in chars), default=page.height)
                head_ids = set().union(*(_mcids(h) for h in _children(table, "THead")))
                head = "".join(c["text"] for c in chars if c["mcid"] in head_ids)
                if i == 0 and tables and y < (TOP_MM + 12) * MM and tables[-1][1][-1][0] == n - 1:
                    tables[-1][1].append((n, rows))
                else:
                    tables.append((head, [(n, rows)]))
    return tables


def _children(el: Element, kind: str) -> list[Element]:
    return [c for c in el.get("children", []) if c["type"] == kind]


def _elements_in(el: Element, kind: str) -> list[Element]:
    found = [el] if el["type"] == kind else []
    for child in el.get("children", []):
        found += _elements_in(child, kind)
    return found


def _elements_in_all(tree: list[Element], kind: str) -> list[Element]:
    return [found for el in tree for found in _elements_in(el, kind)]


def test_no_table_leaves_one_row_alone_on_a_page(bundled: Path) -> None:
    """No measure alone on a page at a table's start or end, nor a table's last row alone
    under its repeated heading (a project's row may fill half a page: a page may hold one
    of those, as the reference's do)."""
    road = dict(reference_contents())["Road casualty reduction"]
    tables = _table_pieces(bundled, road)
    split = [(head, pieces) for head, pieces in tables if len(pieces) > 1]
    measures = [pieces for head, pieces in split if head.startswith("Performance measure")]
    assert measures and len(split) > len(measures), "the check would prove nothing"
    assert [p for p in measures if any(rows == 1 for _, rows in p)] == []
    assert [p for _, p in split if p[-1][1] == 1] == []


def test_the_back_cover_has_no_page_number(bundled: Path) -> None:
    with pdfplumber.open(bundled) as doc:
        last = doc.pages[-1].extract_text()
        before = doc.pages[-2].extract_text()
    assert "Page" not in last
    assert f"Page {len(_pages(bundled)) - 1} of" in before


def test_the_captions_that_repeat_a_title_stay_off_the_page(bundled: Path) -> None:
    text = "\n".join(_pages(bundled))
    assert "Performance measures:" not in text and "Projects and activities:" not in text


def test_marked_abbreviations_keep_their_marks(bundled: Path) -> None:
    text = " ".join(" ".join(_pages(bundled)).split())
    assert "Repeat incidents of domestic abuse (cases at MARAC*)" in text
    assert "domestic abuse cases (at MARAC) risk" in text  # its first use only
    assert "*MARAC – Multi-Agency Risk Assessment Conference" in text
    assert "Number of MACSE* referrals" in text
    assert "*MACSE – Multi-Agency Child Sexual Exploitation (Forum)" in text


def _pages(pdf: Path) -> list[str]:
    with pdfplumber.open(pdf) as doc:
        return [p.extract_text() for p in doc.pages]


def test_headings_stay_with_what_follows_and_contacts_stay_whole(bundled: Path) -> None:
    pages = _pages(bundled)
    how = "How will we know we’ve made a difference?"
    assert sum(text.count(how) for text in pages) == 7  # every theme with measures
    for n, text in enumerate(pages[:-1], start=1):  # the back page is its own contact
        # the heading, its paragraph and its table on one page
        for part in text.split(how)[1:]:
            assert "Performance measure" in part, f"page {n}: {how!r} apart from its table"
        # every contact on a page under its heading: a block is never split
        for line in text.splitlines():
            if "@" in line and "Who to contact" not in text.split(line)[0]:
                raise AssertionError(f"page {n}: {line!r} apart from its heading")
        assert not text.rstrip().endswith(("Who to contact", "Key outcome", "Key outcomes"))


def test_footnotes_print_their_numbers(bundled: Path) -> None:
    text = "\n".join(_pages(bundled))
    for number, start in (
        (1, "Frequent changes in recording practice"),
        (2, "The national Management of Risk in Law Enforcement"),
        (3, "Multi-Agency Public Protection Arrangements - the process"),
        (4, "Community Triggers were introduced"),
        (5, "Home Office peer review"),
        (1, "excludes domestic violence"),
        (2, "National Probation Service - Cornwall"),
    ):
        assert f"{number}. {start}" in text, start


def overlapping_words(page: Any) -> list[tuple[str, str]]:
    """Pairs of words drawn over each other (a fifth of the smaller one or more)."""
    words = sorted(page.extract_words(), key=lambda w: w["top"])
    found = []
    for i, a in enumerate(words):
        for b in words[i + 1 :]:
            if b["top"] >= a["bottom"]:
                break
            w = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
            h = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
            smaller = min(
                (a["x1"] - a["x0"]) * (a["bottom"] - a["top"]),
                (b["x1"] - b["x0"]) * (b["bottom"] - b["top"]),
            )
            if w > 1 and h > 1 and w * h > 0.2 * smaller:
                found.append((a["text"], b["text"]))
    return found


@pytest.mark.parametrize("which", ["bundled", "with_charts"])
def test_no_text_is_drawn_over_other_text(which: str, request: pytest.FixtureRequest) -> None:
    with pdfplumber.open(request.getfixturevalue(which)) as doc:
        found = {n: overlapping_words(p)[:3] for n, p in enumerate(doc.pages, start=1)}
    assert {n: pairs for n, pairs in found.items() if pairs} == {}


# --------------------------------------------------------------------------- type


def test_the_text_is_set_in_the_shipped_typeface(bundled: Path) -> None:
    """Liberation Sans from templates/fonts/ ('scp-sans'), embedded: no machine's font."""
    road = dict(reference_contents())["Road casualty reduction"]
    with pdfplumber.open(bundled) as doc:
        pages = [*doc.pages[:road], doc.pages[-1]]
        fonts = {c["fontname"].split("+")[-1] for page in pages for c in page.chars}
    assert fonts == {"scp-sans", "scp-sans-Bold", "scp-sans-Italic"}


def test_body_text_is_at_least_10_5_points(bundled: Path) -> None:
    small = []
    with pdfplumber.open(bundled) as doc:
        for n, page in enumerate(doc.pages, start=1):
            tree = page.structure_tree
            paragraphs = set().union(*(_mcids(e) for e in _elements_in_all(tree, "P")))
            tables = set().union(*(_mcids(e) for e in _elements_in_all(tree, "Table")))
            for c in page.chars:
                size = glyph_size(c)
                mark = c["text"].isdigit() and size >= 7.95  # a footnote's number
                body = c["mcid"] in paragraphs - tables and c["text"].strip() and not mark
                if body and size < 10.45:
                    small.append((n, c["text"], round(size, 2)))
    assert small == [], small[:20]


def test_the_pdf_is_the_same_without_any_font_on_the_machine(bundled: Path, tmp_path: Path) -> None:
    """The PDF's bytes do not depend on the fonts a machine has: built where fontconfig
    knows no font at all, it is the same PDF."""
    empty = tmp_path / "fonts"
    empty.mkdir()
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
        f"<fontconfig><dir>{empty}</dir><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>\n"
    )
    scp = Path(sys.executable).parent / "scp"
    out = tmp_path / "out"
    env = {**os.environ, "FONTCONFIG_FILE": str(conf), "SCP_CACHE": "off"}
    result = subprocess.run(
        [str(scp), "build", "--quarter", "Q3-2017/18", "--plan", str(PLAN), "--out", str(out),
         "--format", "pdf", "-q"],
        env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (out / f"{STEM}.pdf").read_bytes() == bundled.read_bytes()


# ------------------------------------------------------------- the fixture partnerships

PARTNERSHIPS = ["calendar-rag", "ytd-counts", "welsh"]


@pytest.fixture(scope="module", params=PARTNERSHIPS)
def partnership_pdf(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """A fixture partnership's PDF, as at its latest quarter."""
    out = tmp_path_factory.mktemp(request.param)
    plan = ROOT / "tests" / "partnerships" / request.param / "plan"
    code, _, err = run("build", "--plan", str(plan), "--out", str(out), "--format", "pdf")
    assert code == 0, err
    return next(out.glob("*.pdf"))


def test_partnerships_pages_as_the_bundled_plans(partnership_pdf: Path) -> None:
    """In each partnership's own words: every theme starts on a new page, no table's last
    row is alone on a page, the back cover has no page number, the text is in the shipped
    typeface, charts included."""
    with pdfplumber.open(partnership_pdf) as doc:
        pages = [p.extract_text() for p in doc.pages]
        contents, _ = _contents(doc)
        texts = [p.chars for p in doc.pages]
        fonts = {c["fontname"].split("+")[-1] for chars in texts for c in chars}
    starts = _theme_starts(partnership_pdf)
    themes = [(t, n) for t, n in contents if t == t.upper()]  # printed in capitals
    assert themes and all(n in starts for _, n in themes), (themes, sorted(starts))
    assert [
        p for _, p in _table_pieces(partnership_pdf, len(pages)) if len(p) > 1 and p[-1][1] == 1
    ] == []
    label = pages[-2].strip().splitlines()[-1]  # the page number under the page before
    assert str(len(pages) - 1) in label
    assert label.replace(str(len(pages) - 1), str(len(pages)), 1) not in pages[-1]
    assert fonts <= {"scp-sans", "scp-sans-Bold", "scp-sans-Italic", "scp-sans-BoldItalic"}
