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


def explain(
    text: str,
    line: int,
    column: int,
    problem: str,
    context: tuple[int, int] | None = None,
) -> tuple[str, int, int] | None:
    """A hint for libyaml's `problem` at `line` and `column` (1-based), with the line and
    column it is about (where the mistake is, which may be a line before libyaml
    stopped: `context` is where libyaml started reading what it could not finish), or
    None."""
    lines = text.splitlines()
    # libyaml may stop at the end of the file, past the line that holds the mistake.
    for at_start in (_unclosed_quote, _missing_colon):
        found = at_start(lines, line, problem, context)
        if found is not None:
            return found
    if not 1 <= line <= len(lines):
        return None
    here = lines[line - 1]
    tabbed = _tab_line(lines, line)
    if tabbed is not None:
        return (
            f"line {tabbed} is indented with a tab: indent with spaces (YAML does not allow "
            "tabs at the start of a line)",
            line,
            column,
        )
    for hint in (_dash_without_space,):
        found = hint(lines, line, problem, context)
        if found is not None:
            return found
    if "cannot start any token" in problem:
        starts = _reserved_start(here, column)
        if starts is not None:
            return starts, line, column
    if "mapping values are not allowed" in problem:
        quoted = _colon_in_text(here, column)
        if quoted is not None:
            return (
                "a colon followed by a space inside a text reads as a new key: put the text "
                f"in quotes, as {quoted}",
                line,
                column,
            )
    if "did not find expected key" in problem:
        closed = _quote_closed_early(here)
        if closed is not None:
            return closed, line, column
    if "mapping values are not allowed" in problem or "did not find expected" in problem:
        indented = _indentation(lines, line)
        return (indented, line, column) if indented is not None else None
    return None


def _content(lines: list[str], line: int) -> bool:
    text = lines[line - 1].strip()
    return bool(text) and not text.startswith("#")


def _before(lines: list[str], line: int) -> int | None:
    """The nearest line before `line` that holds something other than a comment."""
    for n in range(line - 1, 0, -1):
        if _content(lines, n):
            return n
    return None


_DASH_NO_SPACE = re.compile(r"^(?P<lead>\s*)-(?P<rest>[A-Za-z_].*)$")


def _dash_without_space(
    lines: list[str], line: int, problem: str, context: tuple[int, int] | None
) -> tuple[str, int, int] | None:
    """`-id: x`: a list item's dash must be followed by a space."""
    if "mapping values" not in problem and "did not find expected" not in problem:
        return None
    for n in (line, _before(lines, line)):
        if n is None:
            continue
        m = _DASH_NO_SPACE.match(lines[n - 1])
        if m is not None:
            fixed = f"- {m['rest'].rstrip()}"
            return (
                f"line {n} starts a list item with '-' and no space after it: write "
                f"{fixed} (a dash, then a space)",
                n,
                len(m["lead"]) + 1,
            )
    return None


_BARE_WORDS = re.compile(r"^(?P<lead>\s*(?:-\s+)?)(?P<key>[A-Za-z_][\w-]*)\s+(?P<value>[^:#]*)$")


def _missing_colon(
    lines: list[str], line: int, problem: str, context: tuple[int, int] | None
) -> tuple[str, int, int] | None:
    """`unit count`: a key written without its colon. libyaml notices only on a later
    line, so the hint names the line that lacks it."""
    if "could not find expected ':'" in problem and context is not None:
        candidates = [context[0]]
    elif "mapping values are not allowed" in problem and 1 <= line <= len(lines):
        # `unit count` above `polarity: ...` at the same indent reads as one text that
        # runs on into the next key.
        before = _before(lines, line)
        if before is None or _indent(lines[before - 1]) != _indent(lines[line - 1]):
            return None
        candidates = [before]
    else:
        return None
    for n in candidates:
        if not 1 <= n <= len(lines):
            continue
        m = _BARE_WORDS.match(lines[n - 1])
        if m is None or not m["value"].strip():
            continue
        fixed = f"{m['key']}: {m['value'].strip()}"
        return (
            f"line {n} has no colon after its key: write {fixed} (the key, a colon and a "
            "space, then the value)",
            n,
            len(m["lead"]) + 1,
        )
    return None


def _unclosed_quote(
    lines: list[str], line: int, problem: str, context: tuple[int, int] | None
) -> tuple[str, int, int] | None:
    """A quote opened and never closed: libyaml reads on to the end of the file."""
    if "quoted scalar" not in problem or context is None:
        return None
    n, col = context
    if not 1 <= n <= len(lines) or col > len(lines[n - 1]):
        return None
    quote = lines[n - 1][col - 1]
    if quote not in "\"'":
        return None
    return (
        f"the text that starts with {quote} on line {n} is never closed: end it with "
        f"{quote} on the same line",
        n,
        col,
    )


def _reserved_start(here: str, column: int) -> str | None:
    """`measure: % of homicides`: a text starting with %, @ or ` must be quoted."""
    if not 1 <= column <= len(here) or here[column - 1] not in "%@`":
        return None
    m = _KEY_LINE.match(here)
    value = here[column - 1 :].rstrip().replace("\\", "\\\\").replace('"', '\\"')
    if m is not None and m["value"] and column - 1 == m.start("value"):
        fixed = f'{m["key"]}: "{value}"'
    else:
        fixed = f'"{value}"'
    return f"a text cannot start with {here[column - 1]}: put it in quotes, as {fixed}"


def _quote_closed_early(here: str) -> str | None:
    """`measure: 'It's here'`: the quote closes at the apostrophe."""
    m = _KEY_LINE.match(here)
    if m is None or not m["value"] or m["value"][0] not in "'\"":
        return None
    value = m["value"].rstrip()
    inner = value[1:-1] if len(value) > 1 and value[-1] == value[0] else value[1:]
    if value[0] == "'":
        fixed = f'{m["key"]}: "{inner}"'
        how = "put it in double quotes instead"
    else:
        fixed = f"{m['key']}: '{inner}'"
        how = "put it in single quotes instead"
    return (
        f"the text in quotes ends at the next {value[0]}, before the end of the line: "
        f"{how}, as {fixed}"
    )


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
