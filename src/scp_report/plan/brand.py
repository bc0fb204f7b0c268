"""A partnership's brand files: its logo (SVG or PNG) and its font, read from the plan
folder and checked before anything renders them.

Only files inside the plan folder are read (links out of it are refused, as for the YAML
files), each up to a size limit. A PNG must be a PNG of sensible dimensions; a font a
TrueType, OpenType, WOFF or WOFF2 file. An SVG logo is parsed with a parser that refuses
any document type declaration (so no entity can expand), and may hold only the SVG
elements and attributes listed below (shapes, text, gradients, clips, masks, a few
filters; no style attribute or <style>, no link, image, script or animation), with no
reference to anything but an id in itself (an href, or a url(...), not starting with #;
no xml:base, @import or CSS escape), and no processing instruction. The document then
carries each file as a data: URL: WeasyPrint fetches nothing from the plan folder, and a
browser nothing at all.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat

from ..model.colours import contrast_problem
from ..model.models import Brand, PartnershipFile
from .checks import Report

LOGO_LIMIT = 1024 * 1024  # bytes
FONT_LIMIT = 2 * 1024 * 1024
PNG_LIMIT = 4096  # pixels a side
PAGE = "#ffffff"  # the page the accent colour is read on

SVG_NS = "http://www.w3.org/2000/svg"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# A font file's first four bytes, by the kind of file.
FONT_MAGIC = {
    b"\x00\x01\x00\x00": "truetype",
    b"true": "truetype",
    b"OTTO": "opentype",
    b"wOFF": "woff",
    b"wOF2": "woff2",
}
FONT_SUFFIXES = {".ttf": "truetype", ".otf": "opentype", ".woff": "woff", ".woff2": "woff2"}
MEDIA_TYPES = {
    "svg": "image/svg+xml",
    "png": "image/png",
    "truetype": "font/ttf",
    "opentype": "font/otf",
    "woff": "font/woff",
    "woff2": "font/woff2",
}

# Elements a logo has no need of, each a way to run code or fetch something.
REFUSED_ELEMENTS = {
    "script",
    "foreignObject",
    "image",
    "iframe",
    "embed",
    "object",
    "audio",
    "video",
    "animate",
    "animateMotion",
    "animateTransform",
    "set",
    "discard",
}
# What a logo may be drawn with: shapes, text, paths, groups, gradients, clips and masks,
# a few filters. Anything else (links, styles, fonts, external images) is refused.
ALLOWED_ELEMENTS = frozenset(
    """svg g defs symbol use title desc metadata switch path rect circle ellipse line
    polyline polygon text tspan textPath linearGradient radialGradient stop pattern
    clipPath mask marker filter feBlend feColorMatrix feComponentTransfer feComposite
    feDropShadow feFlood feFuncA feFuncB feFuncG feFuncR feGaussianBlur feMerge
    feMergeNode feMorphology feOffset""".split()  # noqa: SIM905 - easier to read as words
)
# Presentation, geometry and accessibility attributes; none can name a resource but
# through url(#id) or an href to #id, which are checked.
ALLOWED_ATTRIBUTES = frozenset(
    """id class lang xml:lang xml:space tabindex role focusable aria-label aria-hidden
    aria-labelledby aria-describedby version baseProfile width height x y x1 y1 x2 y2 cx
    cy r rx ry fx fy fr d points pathLength transform viewBox preserveAspectRatio href
    xlink:href xlink:title fill fill-opacity fill-rule stroke stroke-width
    stroke-linecap stroke-linejoin stroke-miterlimit stroke-dasharray stroke-dashoffset
    stroke-opacity opacity color display visibility overflow clip clip-path clip-rule
    mask filter stop-color stop-opacity offset gradientUnits gradientTransform
    spreadMethod patternUnits patternContentUnits patternTransform clipPathUnits
    maskUnits maskContentUnits markerWidth markerHeight markerUnits refX refY orient
    marker-start marker-mid marker-end font-family font-size font-size-adjust font-style
    font-variant font-weight font-stretch text-anchor dominant-baseline
    alignment-baseline baseline-shift letter-spacing word-spacing text-decoration
    writing-mode direction unicode-bidi dx dy rotate textLength lengthAdjust startOffset
    method spacing side shape-rendering text-rendering image-rendering
    color-interpolation color-interpolation-filters color-rendering paint-order
    vector-effect isolation mix-blend-mode filterUnits primitiveUnits in in2 result
    stdDeviation mode operator k1 k2 k3 k4 type values tableValues slope intercept
    amplitude exponent flood-color flood-opacity radius requiredExtensions
    systemLanguage""".split()  # noqa: SIM905 - easier to read as words
)
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"
_PREFIXES = {XLINK_NS: "xlink:", XML_NS: "xml:"}
_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.I | re.S)


@dataclass(frozen=True)
class BrandFile:
    """A file the plan names, read and checked: its kind (svg, png, truetype...) and bytes."""

    kind: str
    data: bytes

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.kind]


class _Refused(Exception):
    pass


def _css_problem(css: str) -> str | None:
    """What in a stylesheet, or an attribute's value, could name a resource."""
    for m in _URL.finditer(css):
        if not m[2].strip().startswith("#"):
            return f"refers to {m[2].strip()[:60]!r} (url(...) may name only an id, #...)"
    lowered = css.lower()
    for word in ("@import", "image-set(", "expression("):
        if word in lowered:
            return f"holds {word} in a stylesheet"
    if "url(" in _URL.sub("", lowered):  # one left open: url(https://...
        return "holds a url( that does not close"
    if "\\" in css:  # u\72l(...): an escape can spell anything
        return "holds a CSS escape (\\)"
    return None


def _attribute(ns: str, local: str) -> str:
    """An attribute's name as written: xlink:href, xml:space, fill."""
    return _PREFIXES.get(ns, f"{{{ns}}}" if ns else "") + local


def svg_problem(data: bytes) -> str | None:
    """Why this SVG may not be a logo, or None when it may: only the elements and
    attributes above, in the SVG namespace, and no reference to anything but an id in
    the file itself."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    state = {"root": True, "style": 0}
    styles: list[str] = []

    def refuse(reason: str) -> None:
        raise _Refused(reason)

    def start(name: str, attrs: dict[str, str]) -> None:
        ns, _, local = name.rpartition(" ")
        if state["root"]:
            state["root"] = False
            if (ns, local) != (SVG_NS, "svg"):
                refuse("is not an SVG document (its root is not an svg element)")
        if local in REFUSED_ELEMENTS:
            refuse(f"holds a <{local}> element")
        if local == "style":
            state["style"] += 1
        names = []
        for key, value in attrs.items():
            attr_ns, _, attr = key.rpartition(" ")
            names.append(_attribute(attr_ns, attr))
            if attr.lower().startswith("on"):
                refuse(f"holds an event attribute ({attr}) on <{local}>")
            if attr == "href" and not value.strip().startswith("#"):
                refuse(f"refers to {value.strip()[:60]!r} (an href may name only an id, #...)")
            if attr == "base" and attr_ns == XML_NS:
                refuse("sets xml:base")
            problem = _css_problem(value)
            if problem:
                refuse(f"{problem}, on <{local}>")
        if ns != SVG_NS:
            refuse(
                f"holds <{local}>, an element that is not SVG's: save the logo as plain SVG "
                "(Inkscape: Save As, Plain SVG)"
            )
        if local not in ALLOWED_ELEMENTS and local != "style":
            refuse(f"holds a <{local}> element, which a logo does not need")
        for attr in names:
            if attr == "style":
                refuse(
                    f"holds a style attribute on <{local}>: give its properties as "
                    'attributes instead (fill="#006b3f", not style="fill:#006b3f")'
                )
            if attr.startswith("{"):
                refuse(
                    f"holds an attribute that is not SVG's ({attr.partition('}')[2]}) on "
                    f"<{local}>: save the logo as plain SVG (Inkscape: Save As, Plain SVG)"
                )
            if attr not in ALLOWED_ATTRIBUTES:
                refuse(f"holds the attribute {attr} on <{local}>, which a logo does not need")

    def end(name: str) -> None:
        if name.rpartition(" ")[2] == "style":
            state["style"] -= 1
            problem = _css_problem("".join(styles))
            if problem:
                refuse(problem)
            refuse(
                "holds a <style> element: give the properties as attributes of the "
                'elements instead (fill="#006b3f")'
            )

    def text(data: str) -> None:
        if state["style"]:
            styles.append(data)

    def doctype(*_: object) -> None:
        refuse("holds a document type declaration (<!DOCTYPE ...>): a logo needs none")

    def entity(*_: object) -> None:
        refuse("declares an entity")

    def instruction(target: str, _: str) -> None:
        refuse(f"holds a processing instruction (<?{target} ...?>)")

    def external(*_: object) -> int:
        refuse("refers to an external entity")
        return 0

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.UnparsedEntityDeclHandler = entity
    parser.NotationDeclHandler = entity
    parser.ProcessingInstructionHandler = instruction
    parser.ExternalEntityRefHandler = external
    try:
        parser.Parse(data, True)
    except _Refused as e:
        return str(e)
    except expat.ExpatError as e:
        return f"is not well-formed XML: {expat.errors.messages[e.code]} (line {e.lineno})"
    if state["root"]:
        return "is empty"
    return None


def png_problem(data: bytes) -> str | None:
    if not data.startswith(PNG_SIGNATURE) or data[12:16] != b"IHDR":
        return "is not a PNG image"
    width, height = struct.unpack(">II", data[16:24])
    if not (0 < width <= PNG_LIMIT and 0 < height <= PNG_LIMIT):
        return f"is {width} x {height} pixels; a logo may be at most {PNG_LIMIT} a side"
    return None


def _read(
    report: Report, root: Path, pname: str, at: tuple[str, ...], name: str, limit: int
) -> bytes | None:
    """The bytes of a file the plan names, if it is a regular file inside the plan folder
    and within the limit; else a problem at the key that names it."""

    def problem(message: str) -> None:
        report.problem(pname, at, f"{name!r} {message}", key=True)

    path = root / name
    try:
        target = path.resolve()
    except (OSError, RuntimeError):
        problem("is a link that loops; refused")
        return None
    if Path(name).is_absolute() or not target.is_relative_to(root.resolve()):
        problem("is outside the plan folder; only files inside it are read")
        return None
    if not target.is_file():
        problem("is not a file in the plan folder" if not target.exists() else "is not a file")
        return None
    size = target.stat().st_size
    if size > limit:
        problem(f"is {size:,} bytes; the limit is {limit:,}")
        return None
    try:
        return target.read_bytes()
    except OSError as e:
        problem(f"cannot be read: {e.strerror}")
        return None


def read_brand(report: Report, root: Path, pname: str, p: PartnershipFile) -> dict[str, BrandFile]:
    """The brand files the plan names, by the name it gives them, each read and checked;
    and the brand colours checked for contrast. Problems go to `report`, at their keys."""
    brand: Brand | None = p.brand
    files: dict[str, BrandFile] = {}
    if brand is None:
        return files
    if brand.logo is not None:
        at = ("brand", "logo", "file")
        name = brand.logo.file
        data = _read(report, root, pname, at, name, LOGO_LIMIT)
        suffix = Path(name).suffix.lower()
        if data is not None:
            kind = {".svg": "svg", ".png": "png"}.get(suffix)
            why = (
                "must be an SVG or PNG file (.svg, .png)"
                if kind is None
                else (svg_problem(data) if kind == "svg" else png_problem(data))
            )
            if why:
                report.problem(pname, at, f"{name!r} {why}; refused", key=True)
            elif kind is not None:
                files[name] = BrandFile(kind, data)
    if brand.font is not None:
        at = ("brand", "font", "file")
        name = brand.font.file
        data = _read(report, root, pname, at, name, FONT_LIMIT)
        if data is not None:
            named = FONT_SUFFIXES.get(Path(name).suffix.lower())
            found = FONT_MAGIC.get(data[:4])
            if named is None:
                report.problem(
                    pname, at, f"{name!r} must be a .ttf, .otf, .woff or .woff2 font", key=True
                )
            elif found != named and not {found, named} <= {"truetype", "opentype"}:
                what = f"a {found} font" if found else "not a font file"
                report.problem(pname, at, f"{name!r} is {what}; refused", key=True)
            else:
                files[name] = BrandFile(found or named, data)
    for path, message in brand_colour_problems(brand):
        report.problem(pname, ("brand", "colours", *path), message)
    return files


def brand_colour_problems(brand: Brand) -> list[tuple[tuple[str, ...], str]]:
    """Brand colours too faint to read: the accent on the page, a table heading's text on
    its background (each at least 4.5:1, as status colours)."""
    out: list[tuple[tuple[str, ...], str]] = []
    c = brand.colours
    if c is None:
        return out
    if c.accent is not None:
        problem = contrast_problem(c.accent, PAGE, "accent (headings, on the page)")
        if problem:
            out.append((("accent",), problem))
    text, background = c.table_heading_text or "#ffffff", c.table_heading or "#0b4f6c"
    if c.table_heading_text is not None or c.table_heading is not None:
        problem = contrast_problem(text, background, "table headings")
        if problem:
            at = "table_heading_text" if c.table_heading_text is not None else "table_heading"
            out.append(((at,), problem))
    return out
