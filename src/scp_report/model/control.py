"""Control characters: refused in plan text, and shown harmlessly where one slipped through.

A plan's text may hold tabs and line breaks, and no other control character: the C0
characters (U+0000-U+001F) but tab and line feed, DEL (U+007F) and the C1 characters
(U+0080-U+009F). YAML's double-quoted escapes (`"\\x1b[2J"`, `"\\0"`, `"\\x9b"`) are the
way in that the reader's check of raw bytes leaves; on a terminal such a character moves
the cursor, clears the screen or retitles the window, in a CSV file it starts a formula.
"""

from __future__ import annotations

import re

# C0 but tab and line feed, DEL, C1.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# As above, with line breaks too: what a one-line message may not hold.
CONTROL_OR_BREAK = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")

_C0 = (
    "NULL",
    "START OF HEADING",
    "START OF TEXT",
    "END OF TEXT",
    "END OF TRANSMISSION",
    "ENQUIRY",
    "ACKNOWLEDGE",
    "BELL",
    "BACKSPACE",
    "CHARACTER TABULATION",
    "LINE FEED",
    "LINE TABULATION",
    "FORM FEED",
    "CARRIAGE RETURN",
    "SHIFT OUT",
    "SHIFT IN",
    "DATA LINK ESCAPE",
    "DEVICE CONTROL ONE",
    "DEVICE CONTROL TWO",
    "DEVICE CONTROL THREE",
    "DEVICE CONTROL FOUR",
    "NEGATIVE ACKNOWLEDGE",
    "SYNCHRONOUS IDLE",
    "END OF TRANSMISSION BLOCK",
    "CANCEL",
    "END OF MEDIUM",
    "SUBSTITUTE",
    "ESCAPE",
    "FILE SEPARATOR",
    "GROUP SEPARATOR",
    "RECORD SEPARATOR",
    "UNIT SEPARATOR",
)
_C1 = (
    "PADDING CHARACTER",
    "HIGH OCTET PRESET",
    "BREAK PERMITTED HERE",
    "NO BREAK HERE",
    "INDEX",
    "NEXT LINE",
    "START OF SELECTED AREA",
    "END OF SELECTED AREA",
    "CHARACTER TABULATION SET",
    "CHARACTER TABULATION WITH JUSTIFICATION",
    "LINE TABULATION SET",
    "PARTIAL LINE FORWARD",
    "PARTIAL LINE BACKWARD",
    "REVERSE LINE FEED",
    "SINGLE SHIFT TWO",
    "SINGLE SHIFT THREE",
    "DEVICE CONTROL STRING",
    "PRIVATE USE ONE",
    "PRIVATE USE TWO",
    "SET TRANSMIT STATE",
    "CANCEL CHARACTER",
    "MESSAGE WAITING",
    "START OF GUARDED AREA",
    "END OF GUARDED AREA",
    "START OF STRING",
    "SINGLE GRAPHIC CHARACTER INTRODUCER",
    "SINGLE CHARACTER INTRODUCER",
    "CONTROL SEQUENCE INTRODUCER",
    "STRING TERMINATOR",
    "OPERATING SYSTEM COMMAND",
    "PRIVACY MESSAGE",
    "APPLICATION PROGRAM COMMAND",
)
_NAMES = {
    **{chr(i): n for i, n in enumerate(_C0)},
    "\x7f": "DELETE",
    **{chr(0x80 + i): n for i, n in enumerate(_C1)},
    "\u2028": "LINE SEPARATOR",
    "\u2029": "PARAGRAPH SEPARATOR",
}


def describe(char: str) -> str:
    """A character as a message names it: 'U+001B ESCAPE'."""
    name = _NAMES.get(char)
    return f"U+{ord(char):04X}" + (f" {name}" if name else "")


def _escaped(m: re.Match[str]) -> str:
    code = ord(m[0])
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: str, *, breaks: bool = False) -> str:
    """Text safe to print on a terminal: each control character written as an escape
    (`\\x1b`), so that none acts; with `breaks`, line breaks too (a one-line message)."""
    pattern = CONTROL_OR_BREAK if breaks else CONTROL
    if pattern.search(text) is None:
        return text
    return pattern.sub(_escaped, text)


_JSON_UNESCAPED = re.compile("[\x7f-\x9f\u2028\u2029]")


def printable_json(text: str) -> str:
    """JSON text safe to print on a terminal: the control characters that JSON leaves as
    they are (DEL and C1; C0 it always escapes) written as `\\u009b`, the same JSON."""
    return _JSON_UNESCAPED.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


# YAML's escapes in a double-quoted scalar, and what each stands for (YAML 1.2, 5.7).
_YAML_ESCAPE = re.compile(r"\\(?:x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.S)
_SINGLE = {
    "0": "\x00",
    "a": "\x07",
    "b": "\x08",
    "t": "\t",
    "\t": "\t",
    "n": "\n",
    "v": "\x0b",
    "f": "\x0c",
    "r": "\r",
    "e": "\x1b",
    "N": "\x85",
}


def escape_offset(source: str) -> int | None:
    """Where, in the source of a double-quoted YAML scalar, the first escape that stands
    for a control character starts; None if none does."""
    for m in _YAML_ESCAPE.finditer(source):
        body = m[0][1:]
        code = int(body[1:], 16) if len(body) > 1 else -1
        char = chr(code) if 0 <= code < 0x110000 else _SINGLE.get(body, "")
        if char and CONTROL.fullmatch(char):
            return m.start()
    return None
