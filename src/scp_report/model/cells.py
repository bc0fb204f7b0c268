"""Text written into a spreadsheet cell that a person opens (a CSV or XLSX template, the
open data CSV), and read back from one.

A spreadsheet reads a cell that starts with `=`, `+`, `-` or `@` (after spaces, in some)
as a formula, and some read a tab, a carriage return or another control character first
as one too: text from a plan (`=HYPERLINK("https://…?d="&A1, "Click")`) would run in
every partner's copy of the sheet. As OWASP advises against CSV injection, such text is
written with an apostrophe before it, which a spreadsheet shows as text. A figure (`-3`,
`+1.5`, `-12%`) is not text: it cannot be a formula, and stays as it is.

`restore` undoes `neutralise` exactly, so a template read back gives the text the plan
holds: text that already starts with apostrophes before such a character gets one more,
and reading takes one off.
"""

from __future__ import annotations

import re

# What a spreadsheet may take as the start of a formula: the four OWASP names, and any
# control character (C0, DEL, C1), tab and carriage return among them.
_FORMULA_FIRST = "=+-@\x7f" + "".join(map(chr, range(0x20))) + "".join(map(chr, range(0x80, 0xA0)))
# Spaces first do not stop every spreadsheet; the apostrophes are those added before.
_NEEDS_APOSTROPHE = re.compile(f"'* *[{re.escape(_FORMULA_FIRST)}]")
# A plain figure: a spreadsheet reads it as a number, never as a formula.
_FIGURE = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?%?")


def needs_apostrophe(text: str) -> bool:
    """Whether a spreadsheet could read this text as a formula (or it starts with the
    apostrophes `neutralise` adds before one)."""
    return _NEEDS_APOSTROPHE.match(text) is not None and _FIGURE.fullmatch(text) is None


def neutralise(value: object) -> object:
    """A cell's value as it is written: text that could be read as a formula with an
    apostrophe first; numbers, and text that cannot, as they are."""
    if isinstance(value, str) and needs_apostrophe(value):
        return "'" + value
    return value


def neutralise_text(text: str) -> str:
    """`neutralise` for text: what a CSV writer writes into the cell."""
    return "'" + text if needs_apostrophe(text) else text


def restore(text: str) -> str:
    """A cell's text as read back: `neutralise` undone."""
    if text.startswith("'") and needs_apostrophe(text[1:]):
        return text[1:]
    return text
