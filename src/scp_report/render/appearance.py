"""How a partnership's documents look beyond the bundled stylesheet: its page, its status
colours and the words of its page numbers. The values only: `templates/_plan_style.css.j2`
writes them as CSS after `style.css` (the page always; the rest only where the plan
departs from the bundled look).
"""

from __future__ import annotations

import base64
import string
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..model.models import Page, PartnershipFile
from ..model.statuses import STATUSES
from ..model.words import Words

# The counters a page label may name.
PAGE_COUNTERS = ("page", "pages")


@dataclass(frozen=True)
class StatusLook:
    css: str
    colour: str
    background: str


# Paper sizes in millimetres, portrait (width, height), by the name a plan gives.
PAPER_MM = {"A4": (210.0, 297.0), "A3": (297.0, 420.0), "letter": (215.9, 279.4)}
# The page margins (top, right, bottom, left) in millimetres: room for the running title
# above and the page number below.
MARGINS_MM = (18.0, 14.0, 20.0, 14.0)


@dataclass(frozen=True)
class PageLook:
    """The printed page: what CSS @page says, and the room it leaves."""

    size: str  # the CSS `size` value: 'A4 landscape'
    margins: tuple[float, float, float, float]  # top, right, bottom, left, in mm
    width: float  # of the page area inside the margins, in mm
    height: float

    @property
    def cover_height(self) -> float:
        """The cover fills the first page's area (less a little, so it never spills)."""
        return self.height - 4


def page_look(page: Page) -> PageLook:
    width, height = PAPER_MM[page.size]
    if page.orientation == "landscape":
        width, height = height, width
    top, right, bottom, left = MARGINS_MM
    return PageLook(
        f"{page.size} {page.orientation}",
        MARGINS_MM,
        round(width - left - right, 1),
        round(height - top - bottom, 1),
    )


@dataclass(frozen=True)
class BrandLook:
    """The partnership's brand: colours (None: the bundled ones), and its logo and font
    as data: URLs, so the document fetches nothing."""

    accent: str | None = None
    table_heading: str | None = None
    table_heading_text: str | None = None
    logo: str | None = None
    logo_alt: str | None = None
    font: str | None = None
    font_format: str | None = None  # as CSS @font-face names it: woff2, truetype...


def data_url(media_type: str, data: bytes) -> str:
    return f"data:{media_type};base64,{base64.b64encode(data).decode('ascii')}"


def brand_look(p: PartnershipFile, files: Mapping[str, Any]) -> BrandLook:
    """The brand as the templates write it; `files` are the loader's checked BrandFiles."""
    brand = p.brand
    if brand is None:
        return BrandLook()
    c = brand.colours
    look = BrandLook(
        accent=c.accent if c else None,
        table_heading=c.table_heading if c else None,
        table_heading_text=c.table_heading_text if c else None,
    )
    logo = files.get(brand.logo.file) if brand.logo else None
    font = files.get(brand.font.file) if brand.font else None
    return BrandLook(
        look.accent,
        look.table_heading,
        look.table_heading_text,
        data_url(logo.media_type, logo.data) if logo else None,
        brand.logo.alt if logo and brand.logo else None,
        data_url(font.media_type, font.data) if font else None,
        font.kind if font else None,
    )


@dataclass(frozen=True)
class Appearance:
    page: PageLook
    statuses: list[StatusLook]  # the statuses the plan colours otherwise than style.css
    page_label: list[tuple[str, str]] | None  # ("text", ...) and ("counter", ...) parts
    brand: BrandLook = BrandLook()
    # The performance tables' column widths in per cent, by column class, where the plan
    # lists its own columns (document.columns); style.css sets today's.
    column_widths: tuple[tuple[str, int], ...] = ()


# Each column's share of a performance table's width, in per cent, as style.css gives
# today's columns; the measure takes the rest, and at least MEASURE_AT_LEAST.
COLUMN_WIDTHS = {
    "target": ("c-target", 13),
    "baseline": ("c-figure", 13),
    "latest": ("c-figure", 13),
    "change": ("c-change", 9),
    "percent_change": ("c-change", 9),
    "direction": ("c-direction", 12),
    "status": ("c-status", 14),
}
MEASURE_AT_LEAST = 30


def column_widths(columns: tuple[str, ...]) -> tuple[tuple[str, int], ...]:
    """The widths of a performance table's columns, the measure's first: each column its
    share, the measure the rest; where that would leave the measure less than
    MEASURE_AT_LEAST, the other columns narrowed in proportion to leave it that."""
    taken = sum(COLUMN_WIDTHS[c][1] for c in columns)
    room = 100 - MEASURE_AT_LEAST
    own = {
        css: width if taken <= room else width * room // taken
        for css, width in (COLUMN_WIDTHS[c] for c in columns)
    }
    rest = sum(own[COLUMN_WIDTHS[c][0]] for c in columns)
    return (("c-measure", 100 - rest), *sorted(own.items()))


def page_label_parts(template: str) -> list[tuple[str, str]]:
    """'Page {page} of {pages}' as parts a CSS `content` is made of."""
    parts: list[tuple[str, str]] = []
    for text, name, _, _ in string.Formatter().parse(template):
        if text:
            parts.append(("text", text))
        if name:
            parts.append(("counter", name))
    return parts


def appearance(p: PartnershipFile, files: Mapping[str, Any] | None = None) -> Appearance:
    looks = [
        StatusLook(s.css, *p.statuses.colours(s.name))
        for s in STATUSES
        if p.statuses.colours(s.name) != (s.colour, s.background)
    ]
    page_of = p.words.page_of
    default = Words.model_fields["page_of"].default
    return Appearance(
        page_look(p.document.page),
        looks,
        page_label_parts(page_of) if page_of != default else None,
        brand_look(p, files or {}),
        column_widths(p.document.shown_columns) if p.document.columns is not None else (),
    )
