"""A partnership's brand files: its logo (SVG or PNG) and its font, read from the plan
folder and checked before anything renders them.

Only files inside the plan folder are read (links out of it are refused, as for the YAML
files), each up to a size limit. A PNG must be a PNG of sensible dimensions; a font a
TrueType, OpenType, WOFF or WOFF2 file. An SVG logo is parsed with a parser that refuses
any document type declaration (so no entity can expand) and is refused if it holds a
script, an event attribute (on...), a reference to anything but an id in itself (an
href, or a url(...), not starting with #), an <image>, a <foreignObject>, an animation,
a processing instruction or a stylesheet import. The document then carries each file as a
data: URL: WeasyPrint fetches nothing from the plan folder, and a browser nothing at all.
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
    for m in _URL.finditer(css):
        if not m[2].strip().startswith("#"):
            return f"refers to {m[2].strip()[:60]!r} (url(...) may name only an id, #...)"
    lowered = css.lower()
    for word in ("@import", "image-set(", "expression("):
        if word in lowered:
            return f"holds {word} in a stylesheet"
    return None


def svg_problem(data: bytes) -> str | None:
    """Why this SVG may not be a logo, or None when it may."""
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
        for key, value in attrs.items():
            attr = key.rpartition(" ")[2]
            if attr.lower().startswith("on"):
                refuse(f"holds an event attribute ({attr}) on <{local}>")
            if attr == "href" and not value.strip().startswith("#"):
                refuse(f"refers to {value.strip()[:60]!r} (an href may name only an id, #...)")
            if attr == "base" and ns != SVG_NS:  # xml:base
                refuse("sets xml:base")
            problem = _css_problem(value) if "(" in value or "@" in value else None
            if problem:
                refuse(f"{problem}, on <{local}>")

    def end(name: str) -> None:
        if name.rpartition(" ")[2] == "style":
            state["style"] -= 1

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
    return _css_problem("".join(styles))


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
