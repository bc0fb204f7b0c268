"""Accessibility, checked by real tools on the Q3-2017/18 build of the bundled plan.

The HTML: axe-core (WCAG 2.0, 2.1 and 2.2 A and AA, and best practice) in headless
Chromium at 1280 and 320 px, plus what axe cannot see: the skip link skips, focus is
visible on every stop, the page reflows at 320 px with wide tables scrolling in focusable,
labelled regions, status in words and colour, arrows with words, links that say where they
go, a print stylesheet. The PDF: its structure tree, read with pypdf.

A machine without Chromium, Playwright or axe-core fails these tests; it never skips them
(`make test-deps` installs all three).
"""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from ..a11y_browser import INSTALL_HINT, chromium, describe, missing_tools, run_axe
from ..helpers import PLAN

pytestmark = pytest.mark.slow

STEM = "safer-cornwall-delivery-plan-and-performance-framework-2018-19-2017-18-q3"
QUARTER = "Q3-2017/18"
WIDTHS = [1280, 320]
STATUS_WORDS = {"Successful", "Close to target", "Needs improving", "Monitoring", "Awaiting data"}
DIRECTION_WORDS = {"↑": "up", "→": "no change", "↓": "down"}
FOCUSABLE = 'a[href], [tabindex]:not([tabindex="-1"])'
VAGUE_LINK_TEXT = {"click here", "here", "more", "read more", "link", "this link", "this page"}


def _scp() -> str:
    """The `scp` script of the Python running the tests (the project's venv), else PATH's."""
    beside = Path(sys.executable).parent / "scp"
    found = str(beside) if beside.is_file() else shutil.which("scp")
    assert found, "no scp command: install the project (pip install -e '.[dev]')"
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """HTML and PDF of the bundled plan, built by the `scp` command as a user runs it."""
    out = tmp_path_factory.mktemp("a11y-out")
    result = subprocess.run(
        [_scp(), "build", "--quarter", QUARTER, "--plan", str(PLAN), "--out", str(out), "-q"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def html_path(built: Path) -> Path:
    return built / f"{STEM}.html"


@pytest.fixture(scope="module")
def pdf(built: Path) -> PdfReader:
    return PdfReader(built / f"{STEM}.pdf")


# --------------------------------------------------------------------------- browser


def test_browser_and_axe_are_installed() -> None:
    """The browser tests need Chromium, Playwright and axe-core: missing is a failure."""
    assert missing_tools() == [], f"{'; '.join(missing_tools())}: {INSTALL_HINT}"


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    problems = missing_tools()
    if problems:
        pytest.fail(f"{'; '.join(problems)}: {INSTALL_HINT}", pytrace=False)
    with chromium(tmp_path_factory.mktemp("chromium-profile")) as context:
        yield context


def _open(browser: Any, html_path: Path, width: int) -> Any:
    page = browser.new_page()
    page.set_viewport_size({"width": width, "height": 900 if width > 600 else 640})
    page.goto(html_path.as_uri())
    return page


@pytest.fixture(params=WIDTHS, ids=[f"{w}px" for w in WIDTHS])
def page(request: pytest.FixtureRequest, browser: Any, html_path: Path) -> Iterator[Any]:
    p = _open(browser, html_path, request.param)
    yield p
    p.close()


def test_axe_finds_no_violations(page: Any) -> None:
    violations = run_axe(page)
    assert violations == [], "axe-core found:\n" + describe(violations)


def test_no_sideways_scrolling_at_320px(browser: Any, html_path: Path) -> None:
    page = _open(browser, html_path, 320)
    try:
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        # Whatever scrolls sideways is a table in a focusable, labelled region.
        scrollers = page.evaluate(
            """() => [...document.querySelectorAll("body *")].filter((el) => {
                const o = getComputedStyle(el).overflowX;
                return (o === "auto" || o === "scroll") && el.scrollWidth > el.clientWidth;
            }).map((el) => {
                const label = document.getElementById(el.getAttribute("aria-labelledby"));
                return {
                    cls: el.className,
                    role: el.getAttribute("role"),
                    tabindex: el.getAttribute("tabindex"),
                    label: label ? label.textContent.trim() : "",
                    holdsTable: el.firstElementChild?.tagName === "TABLE",
                };
            })"""
        )
        # The measure and project tables are cards at this width: none of them scrolls.
        cards = page.evaluate(
            """() => [...document.querySelectorAll("table.performance tr, table.projects tr")]
                .filter((tr) => tr.closest("tbody"))
                .map((tr) => getComputedStyle(tr).display)"""
        )
        assert len(cards) > 60 and set(cards) == {"flex"}, set(cards)
        for s in scrollers:
            assert s["cls"] == "table-scroll" and s["holdsTable"], s
            assert s["role"] == "region" and s["tabindex"] == "0" and s["label"], s
        # WCAG 1.4.12 text spacing: still no sideways scrolling.
        page.add_style_tag(
            content="* { line-height: 1.5 !important; letter-spacing: 0.12em !important;"
            " word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }"
        )
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
    finally:
        page.close()


def test_tables_are_cards_on_a_phone(browser: Any, html_path: Path) -> None:
    """At 390 px (a phone) the page does not scroll sideways, nor does any table; each row
    of a measure table is a card whose Status cell, labelled with its heading, shows
    first after the measure, in full, on screen."""
    page = _open(browser, html_path, 390)
    try:
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        wide = page.evaluate(
            """() => [...document.querySelectorAll(".table-scroll")]
                .filter((el) => el.scrollWidth > el.clientWidth).length"""
        )
        assert wide == 0
        cards = page.evaluate(
            """() => [...document.querySelectorAll("table.performance tbody tr")].map((tr) => {
                const status = tr.querySelector("td.status").getBoundingClientRect();
                const cells = [...tr.children].map((c) => ({
                    top: c.getBoundingClientRect().top, cls: c.className,
                }));
                cells.sort((a, b) => a.top - b.top);
                return {
                    left: status.left, right: status.right, height: status.height,
                    label: getComputedStyle(tr.querySelector("td.status"), "::before").content,
                    heading: tr.closest("table").querySelectorAll("thead th")[
                        [...tr.children].indexOf(tr.querySelector("td.status"))].textContent,
                    order: cells.map((c) => c.cls.split(" ")[0] || "th"),
                };
            })"""
        )
        assert len(cards) == 39
        for card in cards:
            assert 0 <= card["left"] < card["right"] <= 390 and card["height"] > 0, card
            assert card["label"] == f'"{card["heading"].strip()}"', card
            assert card["order"][:3] == ["th", "status", "direction"], card
    finally:
        page.close()


def test_skip_link_skips_cover_and_contents(page: Any) -> None:
    page.keyboard.press("Tab")
    first = page.evaluate(
        """() => { const a = document.activeElement; const r = a.getBoundingClientRect();
            return {cls: a.className, href: a.getAttribute("href"), text: a.textContent,
                    top: r.top, bottom: r.bottom}; }"""
    )
    assert first["cls"] == "skip-link" and first["href"] == "#main", first
    assert first["text"] == "Skip to main content"
    assert first["top"] >= 0 and first["bottom"] <= 640, "the focused skip link is not shown"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    after = page.evaluate(
        """() => { const a = document.activeElement;
            return {inMain: !!a.closest("main"), inNav: !!a.closest("nav"), html: a.outerHTML}; }"""
    )
    assert after["inMain"] and not after["inNav"], after["html"][:200]


def test_every_focus_stop_is_visible(page: Any) -> None:
    stops = page.evaluate(f"document.querySelectorAll({FOCUSABLE!r}).length")
    assert stops > 40
    order = []
    for _ in range(stops):
        page.keyboard.press("Tab")
        state = page.evaluate(
            """(selector) => { const a = document.activeElement; const s = getComputedStyle(a);
                const r = a.getBoundingClientRect();
                return {index: [...document.querySelectorAll(selector)].indexOf(a),
                        html: a.outerHTML.slice(0, 120), outline: s.outlineStyle,
                        width: parseFloat(s.outlineWidth), shadow: s.boxShadow,
                        visible: r.bottom > 0 && r.top < innerHeight && r.width > 0}; }""",
            FOCUSABLE,
        )
        assert state["outline"] != "none" and state["width"] >= 2, state
        assert state["shadow"] != "none", state  # the dark ring beside the yellow outline
        assert state["visible"], state
        order.append(state["index"])
    assert order == list(range(stops))  # every stop once, in reading order


def test_page_structure(page: Any) -> None:
    facts = page.evaluate(
        """() => ({
            lang: document.documentElement.lang,
            title: document.title,
            mains: document.querySelectorAll("main").length,
            banner: !!document.querySelector("body > header"),
            nav: !!document.querySelector("body > nav[aria-labelledby]"),
            contentinfo: !!document.querySelector("body > footer"),
            headings: [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")]
                .map((h) => Number(h.tagName[1])),
            tables: [...document.querySelectorAll("table")].map((t) => ({
                caption: t.caption ? t.caption.textContent.trim() : "",
                narrow: t.classList.contains("trend-data"),
                scopes: [...t.querySelectorAll("th")].map((th) => th.getAttribute("scope")),
                region: t.parentElement.matches(
                    'div.table-scroll[role=region][tabindex="0"]') &&
                    t.parentElement.getAttribute("aria-labelledby") === t.caption?.id,
            })),
        })"""
    )
    assert facts["lang"] == "en-GB"
    assert facts["title"] == (
        "Safer Cornwall: Delivery Plan and Performance Framework 2018/19 (Q3 2017/18)"
    )
    assert facts["mains"] == 1 and facts["banner"] and facts["nav"] and facts["contentinfo"]
    levels = facts["headings"]
    assert levels[0] == 1 and levels.count(1) == 1
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, f"heading level jumps from h{before} to h{after}"
    # 20 wide tables (projects, performance) scroll in labelled regions; no trend tables:
    # no measure of the Q3 document has a history, so it has no trends appendix (issue 22;
    # the significance plan's document, with one, passes axe in test_significance.py).
    wide = [t for t in facts["tables"] if not t["narrow"]]
    assert len(wide) == 20 and len(facts["tables"]) == 20
    for t in facts["tables"]:
        assert t["caption"] and (t["region"] or t["narrow"]), t
        assert t["scopes"] and set(t["scopes"]) <= {"col", "row"}, t


def _luminance(rgb: list[float]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(fg: list[float], bg: list[float]) -> float:
    hi, lo = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_status_in_words_and_colour_and_arrows_with_words(page: Any) -> None:
    cells = page.evaluate(
        """() => {
            const rgb = (s) => s.match(/[\\d.]+/g).map(Number);
            return {
                status: [...document.querySelectorAll("td.status")].map((td) => ({
                    text: td.textContent.trim(),
                    color: rgb(getComputedStyle(td).color),
                    background: rgb(getComputedStyle(td).backgroundColor),
                })),
                direction: [...document.querySelectorAll("td.direction")].map((td) => ({
                    arrow: td.querySelector(".arrow")?.textContent ?? null,
                    hidden: td.querySelector(".arrow")?.getAttribute("aria-hidden") ?? null,
                    text: td.textContent.replace(/\\s+/g, " ").trim(),
                })),
            };
        }"""
    )
    assert len(cells["status"]) == len(cells["direction"]) == 39
    for cell in cells["status"]:
        assert cell["text"] in STATUS_WORDS, cell
        assert len(cell["background"]) == 3 or cell["background"][3] == 1, cell  # opaque
        assert _contrast(cell["color"], cell["background"]) >= 4.5, cell
    colours = {cell["text"]: tuple(cell["background"]) for cell in cells["status"]}
    assert len(set(colours.values())) == len(colours)  # one colour per status, and a word
    arrows = 0
    for cell in cells["direction"]:
        if cell["arrow"] is None:
            assert cell["text"] == "n/a", cell
            continue
        arrows += 1
        assert cell["hidden"] == "true", cell  # read as the word, not as "upwards arrow"
        assert cell["text"] == f"{cell['arrow']} {DIRECTION_WORDS[cell['arrow']]}", cell
    assert arrows > 30


def test_links_say_where_they_go(page: Any) -> None:
    links = page.evaluate(
        """() => [...document.querySelectorAll("a")].map((a) => ({
            href: a.getAttribute("href"),
            name: (a.getAttribute("aria-label") || a.textContent).replace(/\\s+/g, " ").trim(),
            text: a.textContent.trim(),
            target: a.getAttribute("href").startsWith("#")
                ? !!document.getElementById(a.getAttribute("href").slice(1)) : null,
        }))"""
    )
    assert len(links) > 30
    for link in links:
        assert link["name"] and link["name"].lower() not in VAGUE_LINK_TEXT, link
        if link["href"].startswith("#"):
            assert link["target"], f"link to a missing anchor: {link}"
        elif link["href"].startswith("mailto:"):
            assert link["text"] == link["href"].removeprefix("mailto:"), link
        elif link["href"].startswith("tel:"):  # the number as printed, dialled as its digits
            assert re.sub(r"\D", "", link["text"]) == link["href"].removeprefix("tel:"), link
        else:
            assert link["href"].startswith(("https://", "http://")), link
    for link in links:
        if re.fullmatch(r"\d+", link["text"]):  # footnote numbers, and tables' own notes
            assert re.fullmatch(r"(Table note|Note) \d+", link["name"]), link


def test_print_stylesheet(page: Any) -> None:
    page.emulate_media(media="print")
    printed = page.evaluate(
        """() => ({
            rules: [...document.styleSheets].flatMap((s) => [...s.cssRules])
                .filter((r) => r.media && r.media.mediaText === "print").length,
            skip: getComputedStyle(document.querySelector(".skip-link")).display,
            overflow: getComputedStyle(document.querySelector(".table-scroll")).overflowX,
            head: getComputedStyle(document.querySelector("thead")).display,
        })"""
    )
    assert printed["rules"] >= 1
    assert printed["skip"] == "none"  # nothing to skip on paper
    assert printed["overflow"] == "visible"  # whole tables, not scroll boxes
    assert printed["head"] == "table-header-group"  # headings repeated on each page


# --------------------------------------------------------------------------- PDF


Element = tuple[str, DictionaryObject, str | None]


def _walk(node: DictionaryObject, parent: str | None) -> Iterator[Element]:
    """(structure type, element, parent's structure type) below node, in document order."""
    kids = node.get("/K")
    for kid in kids if isinstance(kids, ArrayObject) else [kids]:
        child = kid.get_object() if hasattr(kid, "get_object") else kid
        if isinstance(child, DictionaryObject) and "/S" in child:  # not a marked-content id
            kind = str(child["/S"]).removeprefix("/")
            yield kind, child, parent
            yield from _walk(child, kind)


def _elements(pdf: PdfReader) -> list[Element]:
    return list(_walk(pdf.trailer["/Root"]["/StructTreeRoot"].get_object(), None))


def test_pdf_has_structure_tree_language_and_title(pdf: PdfReader) -> None:
    root = pdf.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "en-GB"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    assert pdf.metadata is not None and pdf.metadata.title
    kinds = [kind for kind, _, _ in _elements(pdf)]
    assert kinds[0] == "Document" and len(kinds) > 1000


def test_pdf_headings_are_tagged_in_order(pdf: PdfReader) -> None:
    levels = [int(kind[1]) for kind, _, _ in _elements(pdf) if re.fullmatch(r"H[1-6]", kind)]
    assert len(levels) > 40
    assert levels[0] == 1
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, f"heading level jumps from H{before} to H{after}"


def test_pdf_tables_are_tagged_with_header_cells(pdf: PdfReader) -> None:
    elements = _elements(pdf)
    tables = [e for kind, e, _ in elements if kind == "Table"]
    assert len(tables) >= 20  # 20 tables, some continued on a second page
    header_ids = set()
    for kind, element, parent in elements:
        if kind == "TR":
            assert parent in ("Table", "THead", "TBody", "TFoot"), parent
        elif kind in ("TH", "TD"):
            assert parent == "TR", (kind, parent)
        if kind == "TH":
            header_ids.add(str(element["/ID"]))
    cells = [e for kind, e, _ in elements if kind == "TD"]
    assert len(header_ids) > 100 and len(cells) > 200
    for cell in cells:  # every data cell names its headers: row heading and column heading
        headers = [str(h) for h in cell["/A"]["/Headers"]]
        assert len(headers) >= 2 and set(headers) <= header_ids, headers
    for table in tables:
        kinds = [kind for kind, _, _ in _walk(table, None)]
        assert "TH" in kinds and "TR" in kinds, kinds[:20]


def test_pdf_status_and_arrows_are_text_not_images(pdf: PdfReader) -> None:
    text = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
    for words in ("Successful", "Close to target", "Needs improving", "Monitoring"):
        assert words in text
    for arrow, word in DIRECTION_WORDS.items():
        assert f"{arrow} {word}" in text, arrow
    for number, page in enumerate(pdf.pages, start=1):
        xobjects = page.get("/Resources", {}).get("/XObject")
        for name, xobject in (xobjects.get_object() if xobjects else {}).items():
            assert xobject.get_object().get("/Subtype") != "/Image", f"page {number}: {name}"


# --------------------------------------------------------------------------- quarterly report


@pytest.fixture(scope="module")
def report_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The quarterly performance report of the bundled plan, HTML and PDF."""
    out = tmp_path_factory.mktemp("a11y-report")
    result = subprocess.run(
        [
            _scp(),
            "build",
            "--report",
            "quarterly",
            "--quarter",
            QUARTER,
            "--plan",
            str(PLAN),
            "--out",
            str(out),
            "-q",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return out / "safer-cornwall-quarterly-performance-report-2017-18-q3.html"


@pytest.mark.parametrize("width", WIDTHS, ids=[f"{w}px" for w in WIDTHS])
def test_quarterly_report_passes_axe_and_reflows(
    browser: Any, report_path: Path, width: int
) -> None:
    page = _open(browser, report_path, width)
    try:
        violations = run_axe(page)
        assert violations == [], "axe-core found:\n" + describe(violations)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert page.evaluate("document.querySelectorAll('main').length") == 1
        assert page.evaluate("document.querySelectorAll('h1').length") == 1
    finally:
        page.close()


def test_quarterly_report_pdf_is_tagged(report_path: Path) -> None:
    reader = PdfReader(report_path.with_suffix(".pdf"))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB" and "/StructTreeRoot" in root
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Quarterly performance report: Q3 2017/18" in " ".join(text.split())
