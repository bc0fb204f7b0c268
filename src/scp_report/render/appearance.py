"""How a partnership's documents look beyond the bundled stylesheet: its status colours and
the words of its page numbers. The values only: `templates/_plan_style.css.j2` writes
them as CSS after `style.css`, and writes nothing where the plan keeps the bundled look.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

from ..plan.models import PartnershipFile
from ..plan.values import StatusName
from ..plan.words import DEFAULT_STYLES, Words

# The CSS class of each status (style.css colours them).
STATUS_CLASSES = {
    StatusName.SUCCESSFUL: "successful",
    StatusName.CLOSE: "close",
    StatusName.NEEDS_IMPROVING: "needs-improving",
    StatusName.MONITORING: "monitoring",
    StatusName.AWAITING: "awaiting",
}
# The counters a page label may name.
PAGE_COUNTERS = ("page", "pages")


@dataclass(frozen=True)
class StatusLook:
    css: str
    colour: str
    background: str


@dataclass(frozen=True)
class Appearance:
    statuses: list[StatusLook]  # the statuses the plan colours otherwise than style.css
    page_label: list[tuple[str, str]] | None  # ("text", ...) and ("counter", ...) parts


def page_label_parts(template: str) -> list[tuple[str, str]]:
    """'Page {page} of {pages}' as parts a CSS `content` is made of."""
    parts: list[tuple[str, str]] = []
    for text, name, _, _ in string.Formatter().parse(template):
        if text:
            parts.append(("text", text))
        if name:
            parts.append(("counter", name))
    return parts


def appearance(p: PartnershipFile) -> Appearance:
    looks = [
        StatusLook(STATUS_CLASSES[s], *p.statuses.colours(s))
        for s in StatusName
        if p.statuses.colours(s) != DEFAULT_STYLES[s]
    ]
    page_of = p.words.page_of
    default = Words.model_fields["page_of"].default
    return Appearance(looks, page_label_parts(page_of) if page_of != default else None)
