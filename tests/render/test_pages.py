"""The printed pages, read back from the PDF with pdfplumber: paper size and orientation
as the plan says; printed sizes (table text 9 pt or more, nothing a reader needs under
8 pt, charts included); hidden text whole in the text layer."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from ..builders import overlay
from ..helpers import PLAN
from ..helpers import run_cli as run

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


def test_hidden_caption_text_is_whole_and_on_the_page(bundled: Path) -> None:
    """Each table of figures in the appendix is captioned 'Figures: <measure>', the measure
    visually hidden: the text layer holds all of it, none of it off the page."""
    captions = []
    with pdfplumber.open(bundled) as doc:
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
    assert len(captions) == 38  # every measure with a figure
    whole = (
        "Figures: All recorded crime rate per 1,000 population Ranked within the top 3 for "
        "lowest crime rate in our family group of partnerships nationally"
    )
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


def test_no_page_between_cover_and_back_page_is_nearly_empty(bundled: Path) -> None:
    with pdfplumber.open(bundled) as doc:
        fill = {n: round(used(p), 2) for n, p in enumerate(doc.pages, start=1)}
    inner = list(fill)[1:-1]  # the cover and the back page are pages of their own
    assert len(fill) >= 20
    assert {n: fill[n] for n in inner if fill[n] < 0.2} == {}


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
