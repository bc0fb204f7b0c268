"""Colours a plan may set, and the contrast WCAG asks of text against its background.

Contrast is WCAG 2.2's ratio of relative luminances (success criterion 1.4.3, "Contrast
(Minimum)"): at least 4.5:1 for text. A plan's colours are checked when it is validated,
so a partnership's palette can never publish text that is hard to read.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import PlainSerializer, PlainValidator, WithJsonSchema

MIN_CONTRAST = 4.5  # WCAG 2.2 AA for normal text
_HEX = re.compile(r"^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


def _colour(v: Any) -> str:
    if isinstance(v, str) and _HEX.match(v.strip()):
        text = v.strip().lower()
        if len(text) == 4:  # #abc is #aabbcc
            text = "#" + "".join(c * 2 for c in text[1:])
        return text
    raise ValueError(f"expected a colour as #rrggbb, such as #0b4f6c, got {v!r}")


Colour = Annotated[
    str,
    PlainValidator(_colour),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": _HEX.pattern,
            "description": "A colour as #rrggbb (or #rgb).",
        }
    ),
]


def _channel(c: int) -> float:
    s = c / 255
    return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """WCAG relative luminance of a #rrggbb colour, from 0 (black) to 1 (white)."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(text: str, background: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours, from 1 to 21."""
    a, b = sorted((luminance(text), luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def contrast_problem(text: str, background: str, what: str) -> str | None:
    """Why `text` on `background` is too faint to read, or None when it is not."""
    ratio = contrast(text, background)
    if ratio >= MIN_CONTRAST:
        return None
    shown = f"{int(ratio * 100) / 100:.2f}"  # truncated, never rounded up to pass
    return (
        f"{what}: {text} on {background} has a contrast of {shown}:1; text needs at least "
        f"{MIN_CONTRAST}:1 (WCAG 2.2 AA): darken the text or lighten the background"
    )
