"""What to do about a YAML syntax error, in the words of someone editing the file by hand.

libyaml says "mapping values are not allowed in this context" or "did not find expected
key"; the person who typed the file needs to hear that the text holds a colon and wants
quotes, that a line is indented with a tab, or which key a line should sit under. Each
hint looks at the lines of the file around where libyaml stopped; where none fits, the
parser's own words stand.
"""

from __future__ import annotations

import re

_KEY_LINE = re.compile(
    r"^(?P<lead>\s*(?:-\s+)?)(?P<key>[^\s#'\"\[\]{}:-][^:#]*?):(?:\s+(?P<value>.*))?$"
)
_QUOTED_OR_BLOCK = tuple("\"'|>[{&*!")


def explain(text: str, line: int, column: int, problem: str) -> str | None:
    """A hint for libyaml's `problem` at `line` and `column` (1-based), or None."""
    lines = text.splitlines()
    if not 1 <= line <= len(lines):
        return None
    here = lines[line - 1]
    tabbed = _tab_line(lines, line)
    if tabbed is not None:
        return (
            f"line {tabbed} is indented with a tab: indent with spaces (YAML does not allow "
            "tabs at the start of a line)"
        )
    if "mapping values are not allowed" in problem:
        quoted = _colon_in_text(here, column)
        if quoted is not None:
            return (
                "a colon followed by a space inside a text reads as a new key: put the text "
                f"in quotes, as {quoted}"
            )
    if "mapping values are not allowed" in problem or "did not find expected" in problem:
        return _indentation(lines, line)
    return None


def _tab_line(lines: list[str], line: int) -> int | None:
    """The line, at or just before `line`, indented with a tab."""
    for n in (line, line - 1):
        if n >= 1 and "\t" in lines[n - 1][: len(lines[n - 1]) - len(lines[n - 1].lstrip())]:
            return n
    return None


def _colon_in_text(here: str, column: int) -> str | None:
    """The line with its text quoted, where the colon libyaml stopped at is inside the
    value of a `key: value` line."""
    m = _KEY_LINE.match(here)
    if m is None or not m["value"]:
        return None
    value = m["value"].rstrip()
    if column - 1 <= m.start("value") or value.startswith(_QUOTED_OR_BLOCK):
        return None
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'{m["lead"].strip()} {m["key"]}: "{escaped}"'.strip()


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


_ITEM_LINE = re.compile(r"^(?P<lead>\s*)-\s+(?P<item>\S.*)$")


def _places(text: str) -> tuple[str, int | None, int | None] | None:
    """A line's key (or, for a list item that is no mapping, its text), the column its key
    starts at, and its "-" column if it starts a list item."""
    m = _KEY_LINE.match(text)
    if m is not None:
        dash = _indent(text) if m["lead"].strip().startswith("-") else None
        return m["key"], len(m["lead"]), dash
    item = _ITEM_LINE.match(text)
    if item is not None:
        return item["item"].strip(), None, len(item["lead"])
    return None


def _indentation(lines: list[str], line: int) -> str | None:
    """Which key the line at `line` should sit with, and how far to indent it."""
    here = _places(lines[line - 1])
    if here is None:
        return None
    key, key_at, dash_at = here
    # The places a key (or a list item's "-") may sit: those of the block the line is in
    # and of every block around it, each with the line that shows it.
    keys: dict[int, tuple[str, int]] = {}
    dashes: dict[int, tuple[str, int]] = {}
    lowest: int | None = None
    for n in range(line - 1, 0, -1):
        text = lines[n - 1]
        found = _places(text) if text.strip() and not text.lstrip().startswith("#") else None
        if found is None:
            continue
        name, at, dash = found
        if at is not None and (lowest is None or at < lowest):
            keys.setdefault(at, (name, n))
        if dash is not None and (lowest is None or dash < lowest):
            dashes.setdefault(dash, (name, n))
        lowest = min(x for x in (at, dash, lowest) if x is not None)
        if lowest == 0:
            break
    places, wanted = (dashes, dash_at) if dash_at is not None else (keys, key_at)
    assert wanted is not None  # a line is a key or an item
    what = f"'- {key}'" if dash_at is not None else f"'{key}'"
    nearest = sorted(places, key=lambda level: abs(level - wanted))
    if not nearest or nearest[0] == wanted:
        return None
    options = [nearest[0]]
    if len(nearest) > 1 and abs(nearest[1] - wanted) == abs(nearest[0] - wanted):
        options.append(nearest[1])  # as near one way as the other: say both
    said = " or ".join(
        f"{_spaces(level)}, to sit with '{places[level][0]}' (line {places[level][1]})"
        for level in sorted(options, reverse=True)
    )
    return (
        f"line {line} is indented {_spaces(wanted)}, out of line with the keys above it: "
        f"indent {what} {said}"
    )


def _spaces(n: int) -> str:
    return "1 space" if n == 1 else f"{n} spaces"
