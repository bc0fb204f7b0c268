"""A partnership's brand: a logo (SVG or PNG), colours and a font from the plan folder,
on the cover and the back page; every file checked, and refused with its place in
partnership.yaml when it could fetch, run or leak anything."""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

import pdfplumber
import pytest

from scp_report.plan.brand import FONT_LIMIT, LOGO_LIMIT, svg_problem

from ..helpers import run_cli as run

LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60" viewBox="0 0 200 60">'
    '<defs><clipPath id="c"><rect width="60" height="60" rx="8"/></clipPath></defs>'
    '<rect width="60" height="60" fill="#006b3f" clip-path="url(#c)"/>'
    '<use href="#c"/><text x="70" y="40" font-size="28" fill="#003d24">Example</text></svg>'
)
BRAND = """\
brand:
  logo: {file: brand/logo.svg, alt: Safer Example}
  colours: {accent: "#006b3f", table_heading: "#003d24", table_heading_text: "#ffffff"}
  font: {file: brand/font.ttf, licence: Made for the tests; no rights reserved}
back_page:
  text: "If you would like this information in another format please contact:"
  telephone: "0300 1234 567"
"""
BRAND_LINE = 33  # the line of `brand:` in partnership.yaml, after the minimal plan's


def tiny_font(path: Path, family: str = "PlanSans") -> None:
    """A TrueType font of capital letters drawn as boxes, made here: no font file is kept
    in the repository."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    def box() -> object:
        pen = TTGlyphPen(None)
        for x, y in ((50, 0), (50, 700), (450, 700), (450, 0)):
            (pen.moveTo if (x, y) == (50, 0) else pen.lineTo)((x, y))
        pen.closePath()
        return pen.glyph()

    letters = [chr(c) for c in range(ord("A"), ord("Z") + 1)]
    names = [".notdef", "space", *letters]
    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder(names)
    fb.setupCharacterMap({32: "space", **{ord(c): c for c in letters}})
    fb.setupGlyf({n: TTGlyphPen(None).glyph() if n == "space" else box() for n in names})
    fb.setupHorizontalMetrics(dict.fromkeys(names, (500, 50)))
    fb.setupHorizontalHeader(ascent=800, descent=-200)
    fb.setupNameTable({"familyName": family, "styleName": "Regular"})
    fb.setupOS2(sTypoAscender=800, usWinAscent=800, usWinDescent=200)
    fb.setupPost()
    fb.save(str(path))


def tiny_png(width: int = 40, height: int = 20) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (0, 107, 63)).save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def plan(plan: Path) -> Path:
    """The minimal plan with a logo, a font and the brand: settings that name them."""
    root = plan
    (root / "brand").mkdir()
    (root / "brand" / "logo.svg").write_text(LOGO)
    tiny_font(root / "brand" / "font.ttf")
    partnership = root / "partnership.yaml"
    text = partnership.read_text()
    assert text.count("\n") == BRAND_LINE - 1
    partnership.write_text(text + BRAND)
    return root


def _validate() -> tuple[int, list[str]]:
    code, out, _ = run("validate")
    return code, out.splitlines()


def test_a_brand_on_the_cover_and_the_back_page(plan: Path) -> None:
    code, lines = _validate()
    assert code == 0, lines
    assert run("build", "--out", "out", "--force")[0] == 0
    html = next(Path("out").glob("*.html")).read_text()
    logo = "data:image/svg+xml;base64," + base64.b64encode(LOGO.encode()).decode()
    assert f'<img class="cover-logo" src="{logo}" alt="Safer Example">' in html
    assert f'<img class="back-logo" src="{logo}" alt="Safer Example">' in html
    assert ":root { --accent: #006b3f; --head-bg: #003d24; --head-text: #ffffff; }" in html
    assert re.search(
        r'@font-face \{ font-family: "scp-brand"; src: url\(data:font/ttf;base64,', html
    )
    # nothing fetched: every url() and src is a data: URL or an id in the page
    assert not re.search(r"""(src="|url\()(?!data:|#)""", html)
    with pdfplumber.open(next(Path("out").glob("*.pdf"))) as pdf:
        cover, back = pdf.pages[0], pdf.pages[-1]
        assert any("scp-brand" in c["fontname"] for c in cover.chars)  # the cover's font
        assert any("scp-brand" in c["fontname"] for c in back.chars)
        for page in (cover, back):  # the logo, drawn (an SVG is drawn as vectors)
            assert page.rects or page.curves or page.images, page.page_number
        green = (0.0, 107 / 255, 63 / 255)
        heading = [c for p in pdf.pages for c in p.chars if c["text"] == "I"]
        assert any(
            tuple(round(v, 2) for v in c["non_stroking_color"]) == tuple(round(v, 2) for v in green)
            for c in heading
        )  # "Introduction" in the accent colour


def test_a_png_logo(plan: Path) -> None:
    (plan / "brand" / "logo.png").write_bytes(tiny_png())
    partnership = plan / "partnership.yaml"
    partnership.write_text(partnership.read_text().replace("brand/logo.svg", "brand/logo.png"))
    assert _validate()[0] == 0
    assert run("build", "--out", "out", "--format", "pdf")[0] == 0
    with pdfplumber.open(next(Path("out").glob("*.pdf"))) as pdf:
        assert pdf.pages[0].images and pdf.pages[-1].images


def _problem(plan: Path, svg: str | bytes, file: str = "brand/logo.svg") -> list[str]:
    path = plan / file
    path.write_bytes(svg if isinstance(svg, bytes) else svg.encode())
    code, lines = _validate()
    assert code == 1
    return lines


def _logo_problem(plan: Path, svg: str | bytes) -> str:
    lines = _problem(plan, svg)
    return lines[0].removeprefix(f"plan/partnership.yaml:{BRAND_LINE + 1}:10: ")


SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">{}</svg>'


@pytest.mark.parametrize(
    ("body", "why"),
    [
        ("<script>alert(1)</script>", "holds a <script> element"),
        ('<rect onclick="x()"/>', "holds an event attribute (onclick) on <rect>"),
        ('<a href="https://example.org"><text>x</text></a>', "refers to 'https://example.org'"),
        ('<use xlink:href="other.svg#a"/>', "refers to 'other.svg#a'"),
        ('<image href="#x"/>', "holds a <image> element"),
        ("<foreignObject><p>x</p></foreignObject>", "holds a <foreignObject> element"),
        (
            '<rect fill="url(https://example.org/p.svg#x)"/>',
            "refers to 'https://example.org/p.svg#x'",
        ),
        ("<style>rect { fill: url(file:///etc/passwd) }</style>", "refers to 'file:///etc/passwd'"),
        ('<style>@import "x.css";</style>', "holds @import in a stylesheet"),
        ("<rect style=\"fill: url( 'data:x' )\"/>", "refers to 'data:x'"),
        ('<set attributeName="href" to="https://example.org"/>', "holds a <set> element"),
    ],
)
def test_an_svg_logo_that_could_fetch_or_run_anything_is_refused(
    plan: Path, body: str, why: str
) -> None:
    message = _logo_problem(plan, SVG.format(body))
    assert message.startswith(f"brand.logo.file: 'brand/logo.svg' {why}"), message
    assert message.endswith("; refused")


@pytest.mark.parametrize(
    ("svg", "why"),
    [
        (
            '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><svg xmlns="http://www.w3.org/2000/svg">'
            "<text>&b;</text></svg>",
            "holds a document type declaration (<!DOCTYPE ...>): a logo needs none",
        ),
        (
            '<!DOCTYPE svg SYSTEM "file:///etc/passwd"><svg xmlns="http://www.w3.org/2000/svg"/>',
            "holds a document type declaration (<!DOCTYPE ...>): a logo needs none",
        ),
        (
            '<?xml-stylesheet href="https://example.org/x.css"?>'
            '<svg xmlns="http://www.w3.org/2000/svg"/>',
            "holds a processing instruction (<?xml-stylesheet ...?>)",
        ),
        ("<html><body/></html>", "is not an SVG document (its root is not an svg element)"),
        ("<svg xmlns='http://www.w3.org/2000/svg'>", "is not well-formed XML"),
    ],
)
def test_an_svg_that_is_not_a_plain_svg_is_refused(plan: Path, svg: str, why: str) -> None:
    assert _logo_problem(plan, svg).startswith(f"brand.logo.file: 'brand/logo.svg' {why}")


# Each names a resource in a way a check of the plain words would miss, or holds what a
# logo has no need of: the check is an allow-list, not a list of bad words.
@pytest.mark.parametrize(
    ("body", "why"),
    [
        ('<rect style="fill: u\\72l(https://example.org/x)"/>', "holds a CSS escape"),
        ('<rect style="fill:#000"/>', "holds a style attribute on <rect>"),
        ("<style>rect { fill: u\\72l(https://example.org/x) }</style>", "holds a CSS escape"),
        ("<style>@\\69mport 'x.css';</style>", "holds a CSS escape"),
        ('<style>@import url("x.css");</style>', "refers to 'x.css'"),
        ("<style>rect { fill: #000 }</style>", "holds a <style> element"),
        ('<g xml:base="https://example.org/"><use href="#a"/></g>', "sets xml:base"),
        ('<rect fill="url(https://example.org/x"/>', "holds a url( that does not close"),
        ('<rect fill="&#117;rl(https://example.org/x)"/>', "refers to 'https://example.org/x'"),
        ('<a href="#x"><rect/></a>', "holds a <a> element, which a logo does not need"),
        ("<font-face/>", "holds a <font-face> element, which a logo does not need"),
        ('<filter><feImage href="#x"/></filter>', "holds a <feImage> element"),
        ('<rect requiredFeatures="x" cursor="url(x)"/>', "refers to 'x'"),
        ('<rect cursor="pointer"/>', "holds the attribute cursor on <rect>"),
        ('<x:y xmlns:x="urn:x"/>', "holds <y>, an element that is not SVG's"),
        ('<rect xmlns:x="urn:x" x:y="1"/>', "holds an attribute that is not SVG's (y)"),
        ('<use xlink:href=" HTTPS://example.org/#a"/>', "refers to 'HTTPS://example.org/#a'"),
    ],
)
def test_an_svg_logo_holds_only_what_the_allow_list_names(body: str, why: str) -> None:
    problem = svg_problem(SVG.format(body).encode())
    assert problem is not None and problem.startswith(why), problem


def test_a_logo_of_shapes_gradients_clips_and_text_is_allowed() -> None:
    logo = SVG.format(
        '<title>Safer Example</title><defs><linearGradient id="g" x2="1">'
        '<stop offset="0" stop-color="#006b3f"/><stop offset="1" stop-color="#003d24"/>'
        '</linearGradient><clipPath id="c"><circle cx="30" cy="30" r="30"/></clipPath>'
        '<filter id="f"><feGaussianBlur stdDeviation="1"/></filter></defs>'
        '<g transform="translate(2 2)" clip-path="url(#c)" filter="url( \'#f\' )">'
        '<path d="M0 0h60v60z" fill="url(#g)" fill-rule="evenodd"/>'
        '<use xlink:href="#c" xml:space="preserve"/></g>'
        '<text x="70" y="40" font-family="sans-serif" font-weight="bold">Example</text>'
    )
    assert svg_problem(logo.encode()) is None


def test_the_safe_svg_check_on_its_own() -> None:
    assert svg_problem(LOGO.encode()) is None
    assert svg_problem(b"") is not None


def test_files_outside_the_plan_folder_or_too_large_are_refused(plan: Path, in_tmp: Path) -> None:
    at = f"plan/partnership.yaml:{BRAND_LINE + 1}:10: brand.logo.file: "
    partnership = plan / "partnership.yaml"
    text = partnership.read_text()
    (in_tmp / "outside.svg").write_text(LOGO)
    partnership.write_text(text.replace("brand/logo.svg", "../outside.svg"))
    assert _validate()[1][0] == (
        f"{at}'../outside.svg' is outside the plan folder; only files inside it are read"
    )
    (plan / "brand" / "link.svg").symlink_to(in_tmp / "outside.svg")
    partnership.write_text(text.replace("brand/logo.svg", "brand/link.svg"))
    assert _validate()[1][0] == (
        f"{at}'brand/link.svg' is outside the plan folder; only files inside it are read"
    )
    partnership.write_text(text.replace("brand/logo.svg", "brand/none.svg"))
    assert _validate()[1][0] == f"{at}'brand/none.svg' is not a file in the plan folder"
    partnership.write_text(text)
    big = "<svg xmlns='http://www.w3.org/2000/svg'>" + " " * LOGO_LIMIT + "</svg>"
    size = len(big.encode())
    assert _problem(plan, big)[0] == (
        f"{at}'brand/logo.svg' is {size:,} bytes; the limit is {LOGO_LIMIT:,}"
    )
    partnership.write_text(text.replace("brand/logo.svg", "brand/logo.gif"))
    (plan / "brand" / "logo.gif").write_bytes(b"GIF89a")
    assert (
        _validate()[1][0]
        == f"{at}'brand/logo.gif' must be an SVG or PNG file (.svg, .png); refused"
    )


def test_a_png_must_be_a_png_of_sensible_size(plan: Path) -> None:
    partnership = plan / "partnership.yaml"
    partnership.write_text(partnership.read_text().replace("brand/logo.svg", "brand/logo.png"))
    at = f"plan/partnership.yaml:{BRAND_LINE + 1}:10: brand.logo.file: 'brand/logo.png' "
    assert _problem(plan, LOGO, "brand/logo.png")[0] == f"{at}is not a PNG image; refused"
    assert _problem(plan, tiny_png(5000, 1), "brand/logo.png")[0] == (
        f"{at}is 5000 x 1 pixels; a logo may be at most 4096 a side; refused"
    )


def test_a_font_must_be_a_font_within_the_limit(plan: Path) -> None:
    at = f"plan/partnership.yaml:{BRAND_LINE + 3}:10: brand.font.file: 'brand/font.ttf' "
    assert _problem(plan, b"wOF2" + b"\0" * 40, "brand/font.ttf")[0] == (
        f"{at}is a woff2 font; refused"
    )
    assert _problem(plan, b"GIF89a", "brand/font.ttf")[0] == f"{at}is not a font file; refused"
    assert _problem(plan, b"true" + b"\0" * FONT_LIMIT, "brand/font.ttf")[0] == (
        f"{at}is {FONT_LIMIT + 4:,} bytes; the limit is {FONT_LIMIT:,}"
    )


def test_a_logo_needs_its_text_and_a_font_its_licence(plan: Path) -> None:
    partnership = plan / "partnership.yaml"
    text = partnership.read_text()
    partnership.write_text(
        text.replace(", alt: Safer Example", "").replace(
            ", licence: Made for the tests; no rights reserved", ""
        )
    )
    code, lines = _validate()
    assert code == 1
    assert (
        f"plan/partnership.yaml:{BRAND_LINE + 1}:9: brand.logo.alt: missing required key 'alt'"
        in lines
    )
    assert (
        f"plan/partnership.yaml:{BRAND_LINE + 3}:9: brand.font.licence: missing required key "
        "'licence'"
    ) in lines


def test_brand_colours_too_faint_to_read_are_refused_with_the_ratio(plan: Path) -> None:
    partnership = plan / "partnership.yaml"
    partnership.write_text(
        partnership.read_text()
        .replace('accent: "#006b3f"', 'accent: "#77aa88"')
        .replace('table_heading_text: "#ffffff"', 'table_heading_text: "#224433"')
    )
    code, lines = _validate()
    assert code == 1
    at = f"plan/partnership.yaml:{BRAND_LINE + 2}"
    assert any(
        line.startswith(
            f"{at}:21: brand.colours.accent: accent (headings, on the page): #77aa88 on "
            "#ffffff has a contrast of 2."
        )
        for line in lines
    ), lines
    assert any(
        "brand.colours.table_heading_text: table headings: #224433 on #003d24" in line
        for line in lines
    ), lines
