"""Strict YAML reading with the line and column of every key and value.

One pass over the parser's events (libyaml's C parser where available) builds plain
Python data under stricter rules than YAML 1.1, and notes where each key and value
starts as it goes:

- only plain mappings, sequences and scalars: any explicit tag (`!!python/...`,
  `!!binary`, `!custom`) is refused;
- duplicate keys are refused (merge keys `<<` still work);
- plain scalars resolve as in YAML 1.2's core schema (null, true/false, integers,
  decimals, ISO dates); the YAML 1.1 forms that other tools turn silently into
  booleans, octal or base-60 numbers (`no`, `on`, `010`, `1:30`) are refused with
  a hint to quote them;
- decimals become `Decimal`, so `2.0` prints back as `2.0`;
- alias expansion, nesting depth, file size, the number of values and the size of
  numbers are capped, so that no file can make the tool run for long or use much memory.

Problems are reported as a reader that first composes the whole file and then walks it
would report them: a syntax error, an undefined alias, an anchor given twice, too many
values or a second document anywhere in the file wins over the first problem the walk
meets (a tag, a duplicate key, a YAML 1.1 value...), which waits until the file's last
event has been read.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from array import array
from bisect import bisect_right
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from ..model.control import CONTROL, describe, escape_offset
from .yaml_hints import explain

try:  # the C parser is an order of magnitude faster; fall back where libyaml is absent
    from yaml.cyaml import CParser as _CParser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - depends on the PyYAML build
    _CParser = None  # type: ignore[assignment,misc]

MAX_FILE_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 64
MAX_ALIAS_EXPANSIONS = 1_000
# Values (scalars, lists and mappings) in one file, counted as it is read and again after
# aliases are expanded. The largest bundled file holds a few hundred; this bounds the
# work and memory one file can cost.
MAX_VALUES = 100_000
# Numbers: at most this many digits before the decimal point and after it, so that every
# sum, ratio and rounding in the status engine stays exact.
MAX_INTEGER_DIGITS = 15
MAX_DECIMALS = 6

Path = tuple[str | int, ...]


class YamlProblem(Exception):
    """A located problem found while reading a YAML file."""

    def __init__(
        self, message: str, line: int | None = None, column: int | None = None, path: Path = ()
    ):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.path = path


# Where keys and values start, as character offsets into the text, in one flat array per
# file (a Python tuple per value would cost more than the value itself). Each list or
# mapping is a block, written in document order as it is read:
#
#     [its own offset, the end of the block, then per item: (value), per pair: key value]
#
# A value that is a scalar is its offset; a list or mapping is its own block, inline; an
# alias to a list or mapping is -1 - the offset of the aliased block. A merge key `<<`
# writes -1 as its key, then its value. A mapping with merge keys gets its entries, in
# the order of its keys, in a side table, since merged keys come from other blocks.
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # line breaks, as YAML counts them


class Document:
    """Data read from one YAML file, with positions (1-based line, column)."""

    __slots__ = ("_cache", "_flat", "_lines", "_root", "_tables", "_text", "data", "problems")

    def __init__(
        self,
        data: Any,
        text: str = "",
        flat: array[int] | None = None,
        root: int | None = None,
        tables: dict[int, list[tuple[int, int]]] | None = None,
    ):
        self.data = data
        self.problems: list[YamlProblem] = []
        self._text = text
        self._flat = flat if flat is not None else array("q")
        self._root = root  # the root's block, or its offset if it is a scalar; None if empty
        self._tables = tables or {}
        self._lines: array[int] | None = None
        self._cache: dict[int, Any] = {}

    def position(self, path: Path, *, key: bool = False) -> tuple[int, int] | None:
        """The position of `path`, or of its nearest ancestor that has one; with `key`,
        the position of the key that names `path` where it has one."""
        if self._root is None:
            return None
        data = self.data
        ref = self._root
        at = self._flat[ref] if isinstance(data, dict | list) else ref
        parts = tuple(path)
        for i, part in enumerate(parts):
            if isinstance(data, dict):
                if not isinstance(part, str) or part not in data:
                    break
                key_at, ref = self._children(ref, data)[part]
                if key and i == len(parts) - 1:
                    return self._line_column(key_at)
            elif isinstance(data, list):
                if not isinstance(part, int) or not 0 <= part < len(data):
                    break
                ref = self._children(ref, data)[part]
            else:
                break
            data = data[part]
            at = self._flat[ref] if isinstance(data, dict | list) else ref
        return self._line_column(at)

    def _children(self, block: int, data: dict[str, Any] | list[Any]) -> Any:
        """A mapping's {key: (key offset, value ref)}, or a list's [value ref], made on
        first use: most files are never asked for a position."""
        found = self._cache.get(block)
        if found is None:
            entries = _entries(self._flat, self._tables, block, data)
            if isinstance(data, dict):
                found = dict(zip(data, entries, strict=True))
            else:
                found = [ref for _, ref in entries]
            self._cache[block] = found
        return found

    def _line_column(self, offset: int) -> tuple[int, int]:
        if self._lines is None:
            self._lines = _line_starts(self._text)
        return _line_column(self._lines, offset)


def _line_starts(text: str) -> array[int]:
    starts = array("q", [0])
    starts.extend(m.end() for m in _BREAK.finditer(text))
    return starts


def _line_column(starts: array[int], offset: int) -> tuple[int, int]:
    i = bisect_right(starts, offset) - 1
    return i + 1, offset - starts[i] + 1


def _entries(
    flat: Sequence[int], tables: dict[int, list[tuple[int, int]]], block: int, data: Any
) -> list[tuple[int, int]]:
    """(key offset, value ref) of each item of a list (key -1) or mapping block, in the
    order of its data: a value ref is a scalar's offset or a list's or mapping's block."""
    table = tables.get(block)
    if table is not None:
        return table
    out: list[tuple[int, int]] = []
    c = block + 2
    is_map = isinstance(data, dict)
    for value in data.values() if is_map else data:
        key_at = -1
        if is_map:
            while flat[c] == -1:  # a merge key: its value is another block, or an alias
                c = c + 2 if flat[c + 1] < 0 else flat[c + 2]
            key_at = flat[c]
            c += 1
        ref = flat[c]
        if not isinstance(value, dict | list):
            c += 1
        elif ref < 0:
            ref = -1 - ref
            c += 1
        else:
            ref = c
            c = flat[c + 1]
        out.append((key_at, ref))
    return out


if _CParser is not None:
    _Loader: Any = _CParser
else:  # pragma: no cover
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Loader(Reader, Scanner, Parser):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)


_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"

_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_YAML11_BOOL = re.compile(r"^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$")
_INT = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+\.[0-9]*|[0-9]+)([eE][-+]?[0-9]+)?$")
_YAML11_NUMBER = re.compile(
    r"^[-+]?(0[0-9_]+|0[xXoObB][0-9a-fA-F_]+|[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?"
    r"|[0-9][0-9_]*_[0-9_]*(\.[0-9_]*)?|\.(inf|Inf|INF|nan|NaN|NAN))$"
)
_DATE = re.compile(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}$")
_DATETIME = re.compile(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}")


def _tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


class _ScalarError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# The first characters of the plain scalars that are not simply strings: null, booleans
# (also YAML 1.1's), numbers and dates. Any other plain scalar is a string as it stands.
_SPECIAL_START = frozenset("~tTfFyYnNoO0123456789-+.")


def _plain_scalar(text: str) -> Any:
    """The value of a plain (unquoted) scalar; _ScalarError for the forms refused."""
    if text and text[0] not in _SPECIAL_START:
        return text
    if (
        text.isdigit()
        and text.isascii()
        and len(text) <= MAX_INTEGER_DIGITS
        and (text[0] != "0" or len(text) == 1)
    ):
        return int(text)  # the commonest number: small and whole (what _number makes of it)
    if text in _NULL:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if _YAML11_BOOL.match(text):
        raise _ScalarError(
            f"{text!r} is read as a true/false value by YAML 1.1 tools; "
            f'write true or false, or quote it: "{text}"'
        )
    if _YAML11_NUMBER.match(text):
        raise _ScalarError(
            f"{text!r} is read as a number in a surprising way by YAML 1.1 tools "
            f"(octal, base 60 or special float); write a plain number, or quote it"
        )
    if _INT.match(text) or _FLOAT.match(text):
        return _number(text)
    if _DATE.match(text):
        try:
            return dt.date.fromisoformat(
                "-".join(f"{int(x):0{w}d}" for x, w in zip(text.split("-"), (4, 2, 2), strict=True))
            )
        except ValueError:
            raise _ScalarError(f"{text!r} looks like a date but is not one") from None
    if _DATETIME.match(text):
        raise _ScalarError(f"{text!r}: a date and time is not expected; quote it or give a date")
    return text


def _number(text: str) -> int | Decimal:
    if len(text) <= MAX_INTEGER_DIGITS and text.isdigit() and (text[0] != "0" or text == "0"):
        return int(text)  # the common case: a small whole number
    # The length check comes first: int() refuses over 4,300 digits, and a number of a
    # million digits would print as a megabyte in every view.
    d = Decimal(text) if len(text) <= 64 else None
    if (
        d is None
        or d.adjusted() >= MAX_INTEGER_DIGITS
        or int(d.as_tuple().exponent) < -MAX_DECIMALS
    ):
        shown = text if len(text) <= 24 else text[:21] + "..."
        raise _ScalarError(
            f"{shown!r} is out of range: a number in a plan file has at most "
            f"{MAX_INTEGER_DIGITS} digits before the decimal point and {MAX_DECIMALS} after"
        )
    return int(text) if _INT.match(text) else d


# --- the reader --------------------------------------------------------------------------

# Kinds of node, and of open frame: a merge list is the list of mappings given to `<<`,
# which is not itself a value; the root frame holds the document's one node.
_SCALAR, _MAPPING, _LIST, _MERGE_LIST, _ROOT = range(5)
# What the next node in a frame is.
_KEY, _VALUE, _MERGE_VALUE, _MERGE_ITEM = range(4)
_PLAIN_TAGS = {_SCALAR: _STR, _MAPPING: _MAP, _LIST: _SEQ}
_MERGE: Any = object()  # the key of a mapping frame waiting for the value of a merge key
_UNSET: Any = object()
_MERGE_ONLY = "a merge key << takes a mapping or a list of mappings"


class _Later(Exception):
    """A problem met while building values: raised once the whole stream is read, unless
    a problem of the stream itself (syntax, aliases, anchors, counts) comes first."""

    def __init__(self, problem: YamlProblem):
        super().__init__(problem.message)
        self.problem = problem


class _Node:
    """An anchored value, or a value inside one: what an alias to it needs to be walked
    again as the value it stands for (counted, and checked for depth and loops)."""

    __slots__ = (
        "at",
        "built",
        "items",
        "kind",
        "line_column",
        "ref",
        "style",
        "tag",
        "text",
        "value",
    )

    def __init__(self, kind: int, mark: Any, tag: str | None, style: str | None, text: str):
        self.kind = kind
        self.at: int = mark.index
        self.line_column = (mark.line + 1, mark.column + 1)
        self.tag = tag
        self.style = style
        self.text = text
        # a list's nodes, or a mapping's (key, node) pairs, where key is _MERGE for `<<`
        self.items: list[Any] = []
        self.built = False  # walked once as a value: a second walk is an alias expansion
        self.value: Any = _UNSET
        self.ref = -1  # a list's or mapping's block


class _Frame:
    """What an open list or mapping needs beyond its data when its events go through
    _Reader.slow: the root, merge lists, mappings with merge keys, anchored values and
    what is inside them, and anything as deep as MAX_DEPTH."""

    __slots__ = ("kind", "merged", "node")

    def __init__(self, kind: int, node: _Node | None = None):
        self.kind = kind
        self.node = node
        self.merged: dict[str, tuple[Any, int, int]] | None = None  # key: value, key, ref


# An open frame: its data (dict or list), whether it is a mapping (None: its events go
# through _Reader.slow, see _Frame), the key waiting for its value, its block, its _Frame.
_Open = tuple[Any, bool | None, Any, int, _Frame | None]


def _no_control(value: str) -> None:
    """No control character: the search of a value from a file that can hold none."""
    return None


class _Reader:
    """Reads one document's events into plain data and positions. `run` handles the
    plain cases inline; everything else goes through `slow`."""

    def __init__(self, loader: Any, text: str):
        self.loader = loader
        self.text = text
        # a list while it grows (faster to append to), an array once read (smaller)
        self.flat: list[int] = []
        self.tables: dict[int, list[tuple[int, int]]] = {}
        self.anchors: dict[str, _Node] = {}
        self.stack: list[_Open] = []
        # the current frame, as `run` keeps it in locals
        self.top: Any = None
        self.in_map: bool | None = None
        self.key: Any = None
        self.block = -1
        self.frame: _Frame | None = _Frame(_ROOT)
        # events holding a value (as composed); keys among them; values built beyond
        # those events (aliases walked, less the alias events and merge lists)
        self.count = 0
        self.keys = 0
        self.extra = 0
        self.limit = MAX_VALUES
        self.expansions = 0
        self.root: Any = None
        self.root_ref: int | None = None
        self.done = False

    def read(self) -> Document:
        loader = self.loader
        loader.get_event()  # StreamStartEvent
        if loader.check_event(StreamEndEvent):
            return Document(None)
        document = loader.get_event()  # DocumentStartEvent
        try:
            self.run()
        except _Later as later:
            self.drain()
            self.end(document)
            raise later.problem from None
        self.end(document)
        return Document(self.root, self.text, array("q", self.flat), self.root_ref, self.tables)

    def end(self, document: Any) -> None:
        loader = self.loader
        if not loader.check_event(StreamEndEvent):
            event = loader.get_event()
            raise ComposerError(
                "expected a single document in the stream",
                document.start_mark,
                "but found another document",
                event.start_mark,
            )
        loader.get_event()  # StreamEndEvent

    def run(self) -> None:
        """The event loop. Inline, in locals, only what makes up nearly all of a plan
        file: keys, scalars, lists and mappings inside lists and mappings of plain data;
        anything else, or any doubt, goes to `slow`, which does it all."""
        get = self.loader.get_event
        flat = self.flat
        append = flat.append
        stack = self.stack
        special = _SPECIAL_START
        # The same few keys recur in every item of a long list: one string for each
        # saves more memory than the strings of the values.
        intern = sys.intern
        plain = _plain_scalar
        # A control character in a value comes from an escape (a backslash) or the text
        # itself (a file refused before it is parsed, by `decode`); a file with neither,
        # as nearly all are, has no value to search for one.
        control = CONTROL.search if "\\" in self.text or CONTROL.search(self.text) else _no_control
        max_depth = MAX_DEPTH
        top, in_map, key, block, frame = self.top, self.in_map, self.key, self.block, self.frame
        count, keys, limit = self.count, self.keys, self.limit
        while True:
            event = get()
            kind = type(event)
            if kind is ScalarEvent:
                count += 1
                if count <= limit and event.anchor is None and event.tag is None:
                    value = event.value
                    if in_map:
                        if key is None:
                            # a key given twice, or a merge key: slow
                            if (
                                value not in top
                                and (value != "<<" or event.style)
                                and not (event.style == '"' and control(value))
                            ):
                                key = intern(value)
                                keys += 1
                                append(event.start_mark.index)
                                continue
                        else:
                            if not event.style and (not value or value[0] in special):
                                try:
                                    value = plain(value)
                                except _ScalarError:
                                    value = _UNSET
                            elif event.style == '"' and control(value):
                                value = _UNSET  # an escaped control character: slow
                            if value is not _UNSET:
                                top[key] = value
                                key = None
                                append(event.start_mark.index)
                                continue
                    elif in_map is False:
                        if not event.style and (not value or value[0] in special):
                            try:
                                value = plain(value)
                            except _ScalarError:
                                value = _UNSET
                        elif event.style == '"' and control(value):
                            value = _UNSET
                        if value is not _UNSET:
                            top.append(value)
                            append(event.start_mark.index)
                            continue
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                # what holds it may need more than the value (the root, a merge key...)
                if in_map is not None and stack[-1][1] is not None:
                    flat[block + 1] = len(flat)
                    value = top
                    top, in_map, key, block, frame = stack.pop()
                    if in_map:
                        top[key] = value
                        key = None
                    else:
                        top.append(value)
                    continue
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                count += 1
                if (
                    count <= limit
                    and in_map is not None
                    and (key is not None or not in_map)  # not a key
                    and len(stack) < max_depth  # its items cannot be too deep
                    and event.anchor is None
                    and event.tag is None
                ):
                    stack.append((top, in_map, key, block, frame))
                    in_map = kind is MappingStartEvent
                    top = {} if in_map else []
                    key = None
                    frame = None
                    block = len(flat)
                    append(event.start_mark.index)
                    append(0)
                    continue
            else:
                count += 1  # an alias
            self.top, self.in_map, self.key, self.block, self.frame = top, in_map, key, block, frame
            self.count, self.keys = count, keys
            self.slow(event)
            if self.done:
                break
            top, in_map, key, block, frame = self.top, self.in_map, self.key, self.block, self.frame
            count, keys, limit = self.count, self.keys, self.limit
        if type(self.loader.get_event()) is not DocumentEndEvent:  # pragma: no cover - libyaml
            raise ComposerError(None, None, "expected the end of the document", None)

    def drain(self) -> None:
        """The rest of the document after a problem met while building: only what a
        reader that composes the whole file first would still refuse."""
        get = self.loader.get_event
        anchors = {name: node.line_column[0] for name, node in self.anchors.items()}
        count = self.count
        while True:
            event = get()
            kind = type(event)
            if kind is DocumentEndEvent:
                return
            if kind is ScalarEvent or kind is MappingStartEvent or kind is SequenceStartEvent:
                count += 1
                start = event.start_mark
                if count > MAX_VALUES:
                    raise _too_many(start)
                anchor = event.anchor
                if anchor is not None:
                    if anchor in anchors:
                        raise _anchor_twice(anchor, anchors[anchor], start)
                    anchors[anchor] = start.line + 1
            elif kind is AliasEvent:
                count += 1
                if count > MAX_VALUES:
                    raise _too_many(event.start_mark)
                if event.anchor not in anchors:
                    raise _undefined(event)

    # --- everything but the plain cases ---------------------------------------------------

    def slow(self, event: Any) -> None:
        kind = type(event)
        if kind is MappingEndEvent or kind is SequenceEndEvent:
            self.close()
        else:
            start = event.start_mark
            if self.count > MAX_VALUES:
                raise _too_many(start)
            if kind is AliasEvent:
                target = self.anchors.get(event.anchor)
                if target is None:
                    raise _undefined(event)
                self.extra -= 1  # the alias is not a value; the values it stands for are
                self.alias(target)
            else:
                anchor = event.anchor
                if anchor is not None and anchor in self.anchors:
                    raise _anchor_twice(anchor, self.anchors[anchor].line_column[0], start)
                if kind is ScalarEvent:
                    self.scalar(event)
                else:
                    self.open(event, kind is MappingStartEvent)
        self.limit = MAX_VALUES - max(self.extra, 0)

    def kind(self) -> int:
        frame = self.frame
        if frame is not None:
            return frame.kind
        return _MAPPING if self.in_map else _LIST

    def frames(self) -> list[_Open]:
        return [*self.stack, (self.top, self.in_map, self.key, self.block, self.frame)]

    def depth(self) -> int:
        """The depth of a value in the current frame: a merge list adds no level."""
        depth = 0
        for _, in_map, _, _, frame in self.frames():
            kind = frame.kind if frame is not None else (_MAPPING if in_map else _LIST)
            if kind in (_MAPPING, _LIST):
                depth += 1
        return depth

    def path(self, *, child: bool) -> Path:
        """The path of the current frame, or with `child` of the value it waits for."""
        frames = self.frames()
        if not child:
            frames.pop()
        parts: list[str | int] = []
        for top, in_map, key, _, frame in frames:
            kind = frame.kind if frame is not None else (_MAPPING if in_map else _LIST)
            if kind == _MAPPING and key is not _MERGE:
                parts.append(key)
            elif kind == _LIST:
                parts.append(len(top))
        return tuple(parts)

    def open_nodes(self) -> tuple[_Node, ...]:
        """The anchored values open around the current event (a merge list is not a value)."""
        return tuple(
            frame.node
            for _, _, _, _, frame in self.frames()
            if frame is not None and frame.node is not None and frame.kind != _MERGE_LIST
        )

    def later(self, line_column: tuple[int, int], message: str, path: Path) -> _Later:
        return _Later(YamlProblem(message, *line_column, path))

    def role(self) -> int:
        """What the next node is: a key, a value, the value of a merge key, or an item of
        the list given to a merge key."""
        kind = self.kind()
        if kind == _MAPPING:
            if self.key is None:
                return _KEY
            return _MERGE_VALUE if self.key is _MERGE else _VALUE
        return _MERGE_ITEM if kind == _MERGE_LIST else _VALUE

    def attach(self, node: _Node) -> None:
        """Record a node in the anchored value being read, if any."""
        frame = self.frame
        if frame is None or frame.node is None:
            return
        if frame.kind == _MAPPING:
            frame.node.items.append((self.key, node))
        else:
            frame.node.items.append(node)

    def check_value(self, kind: int, tag: str | None, line_column: tuple[int, int]) -> Path:
        """The checks on a value about to be built, in the order of the walk; its path."""
        path = self.path(child=True)
        if self.depth() > MAX_DEPTH:
            raise self.later(line_column, f"nesting deeper than {MAX_DEPTH} levels", path)
        if self.count - self.keys + self.extra > MAX_VALUES:
            raise self.later(line_column, f"more than {MAX_VALUES} values in one file", path)
        if tag is not None and tag != "!" and tag != _PLAIN_TAGS[kind]:
            raise self.later(
                line_column,
                f"tag {_tag(tag)} is not allowed: plan files hold plain values, lists "
                "and mappings only",
                path,
            )
        return path

    def scalar(self, event: Any) -> None:
        start = event.start_mark
        node = None
        if event.anchor is not None or (self.frame is not None and self.frame.node is not None):
            node = _Node(_SCALAR, start, event.tag, event.style, event.value)
            if event.anchor is not None:
                self.anchors[event.anchor] = node
        role = self.role()
        if role == _KEY:
            if event.style == '"':
                self.check_control(event.value, start, event.end_mark, self.path(child=False))
            self.keys += 1
            self.add_key(event.value, event.style, event.tag, start.index, _mark_at(start))
            return
        if role != _VALUE:
            raise self.later(_mark_at(start), _MERGE_ONLY, self.path(child=False))
        path = self.check_value(_SCALAR, event.tag, _mark_at(start))
        value = event.value
        if event.style == '"':
            self.check_control(value, start, event.end_mark, path)
        if not event.style:
            try:
                value = _plain_scalar(value)
            except _ScalarError as e:
                raise self.later(_mark_at(start), e.message, path) from None
        if node is not None:
            node.built = True
            node.value = value
            self.attach(node)
        self.store(value, start.index)
        if self.kind() != _ROOT:
            self.flat.append(start.index)

    def check_control(self, value: str, start: Any, end: Any, path: Path) -> None:
        """Refuse a control character that a double-quoted scalar's escape stands for
        (the raw characters are refused with the file's bytes), where the escape is."""
        bad = CONTROL.search(value)
        if bad is None:
            return
        at = escape_offset(self.text[start.index : end.index])
        if at is None:  # pragma: no cover - every control character here is escaped
            line_column = _mark_at(start)
        else:
            offset = start.index + at
            line = self.text.count("\n", 0, offset) + 1
            line_column = (line, offset - self.text.rfind("\n", 0, offset))
        raise self.later(
            line_column,
            f"holds the control character {describe(bad[0])}: remove it (text may hold "
            "tabs and line breaks, and no other control character)",
            path,
        )

    def add_key(
        self, text: str, style: str | None, tag: str | None, at: int, lc: tuple[int, int]
    ) -> None:
        if text == "<<" and not style:
            if self.frame is None:
                self.frame = _Frame(_MAPPING)
                self.in_map = None
            if self.frame.merged is None:
                self.frame.merged = {}
            self.key = _MERGE
            self.flat.append(-1)
            return
        if tag is not None and tag != "!" and tag != _STR:
            raise self.later(lc, f"tag {_tag(tag)} is not allowed on a key", self.path(child=False))
        if text in self.top:
            first, _ = _entries(self.flat, self.tables, self.block, self.top)[
                list(self.top).index(text)
            ]
            line = _line_column(_line_starts(self.text), first)[0]
            raise self.later(
                lc,
                f"duplicate key {text!r} (first given on line {line})",
                (*self.path(child=False), text),
            )
        self.key = sys.intern(text)
        self.flat.append(at)

    def store(self, value: Any, ref: int) -> None:
        """Put a finished value into the current frame."""
        kind = self.kind()
        if kind == _ROOT:
            self.root = value
            self.root_ref = ref
            self.done = True
        elif kind == _MAPPING:
            self.top[self.key] = value
            self.key = None
        else:
            self.top.append(value)

    def open(self, event: Any, is_map: bool) -> None:
        start = event.start_mark
        kind = _MAPPING if is_map else _LIST
        node = None
        if event.anchor is not None or (self.frame is not None and self.frame.node is not None):
            node = _Node(kind, start, event.tag, None, "")
            node.ref = len(self.flat)
            if event.anchor is not None:
                self.anchors[event.anchor] = node
        role = self.role()
        if role == _KEY:
            raise self.later(
                _mark_at(start),
                "a key must be a plain name, not a list or mapping",
                self.path(child=False),
            )
        frame: _Frame | None
        if role == _MERGE_VALUE and not is_map:
            self.extra -= 1  # a list given to `<<` is not a value: its mappings are
            frame = _Frame(_MERGE_LIST, node)
        else:
            if role == _MERGE_ITEM and not is_map:
                raise self.later(_mark_at(start), _MERGE_ONLY, self.path(child=False))
            self.check_value(kind, event.tag, _mark_at(start))
            if node is not None:
                node.built = True
            deep = self.depth() >= MAX_DEPTH  # its items would be too deep
            frame = _Frame(kind, node) if node is not None or deep else None
        if node is not None:
            self.attach(node)
        self.stack.append((self.top, self.in_map, self.key, self.block, self.frame))
        self.top = {} if is_map else []
        self.in_map = None if frame is not None else is_map
        self.key = None
        self.frame = frame
        self.block = len(self.flat)
        self.flat.append(start.index)
        self.flat.append(0)

    def close(self) -> None:
        flat = self.flat
        block = self.block
        flat[block + 1] = len(flat)
        value = self.top
        frame = self.frame
        kind = self.kind()
        if frame is not None:
            if frame.merged is not None:  # explicit keys first, then merged ones, as given
                entries = _entries(flat, self.tables, block, value)
                for k, (v, key_at, ref) in frame.merged.items():
                    if k not in value:
                        value[k] = v
                        entries.append((key_at, ref))
                self.tables[block] = entries
            if frame.node is not None and kind != _MERGE_LIST:
                frame.node.value = value
        self.top, self.in_map, self.key, self.block, self.frame = self.stack.pop()
        if self.key is _MERGE:
            if kind == _MAPPING:
                self.merge(self.frame, value, block)
            self.key = None
        elif self.kind() == _MERGE_LIST:
            self.top.append(value)
            self.merge(self.stack[-1][4], value, block)
        else:
            self.store(value, block)

    def merge(self, into: _Frame | None, value: dict[str, Any], block: int) -> None:
        assert into is not None and into.merged is not None
        merged = into.merged
        entries = _entries(self.flat, self.tables, block, value)
        for (k, v), (key_at, ref) in zip(value.items(), entries, strict=True):
            if k not in merged:
                merged[k] = (v, key_at, ref)

    def alias(self, target: _Node) -> None:
        role = self.role()
        if role == _KEY:
            if target.kind != _SCALAR:
                raise self.later(
                    target.line_column,
                    "a key must be a plain name, not a list or mapping",
                    self.path(child=False),
                )
            self.add_key(target.text, target.style, target.tag, target.at, target.line_column)
            return
        self.attach(target)
        if role == _VALUE:
            value = self.walk(target, self.path(child=True), self.depth(), self.open_nodes())
            if target.kind == _SCALAR:
                self.store(value, target.at)
                self.flat.append(target.at)
            else:
                self.store(value, target.ref)
                self.flat.append(-1 - target.ref)
            return
        path = self.path(child=False)
        depth = self.depth()
        sources = [target] if role == _MERGE_ITEM or target.kind != _LIST else target.items
        self.flat.append(-1 - target.ref)  # a scalar is refused below
        for source in sources:
            if source.kind != _MAPPING:
                raise self.later(source.line_column, _MERGE_ONLY, path)
            value = self.walk(source, path, depth, self.open_nodes())
            if role == _MERGE_ITEM:
                self.top.append(value)
                self.merge(self.stack[-1][4], value, source.ref)
            else:
                self.merge(self.frame, value, source.ref)
        if role == _MERGE_VALUE:
            self.key = None

    def walk(self, node: _Node, path: Path, depth: int, stack: tuple[_Node, ...]) -> Any:
        """The value an alias stands for, walked again as a reader of the composed file
        would: every list and mapping walked again is an alias expansion, every value
        counts, and a value may not hold itself."""
        if depth > MAX_DEPTH:
            raise self.later(node.line_column, f"nesting deeper than {MAX_DEPTH} levels", path)
        if node in stack:
            raise self.later(
                node.line_column, "an alias refers to the value that contains it", path
            )
        if node.built and node.kind != _SCALAR:
            self.expansions += 1
            if self.expansions > MAX_ALIAS_EXPANSIONS:
                raise self.later(
                    node.line_column, f"more than {MAX_ALIAS_EXPANSIONS} alias expansions", path
                )
        node.built = True
        self.extra += 1
        if self.count - self.keys + self.extra > MAX_VALUES:
            raise self.later(node.line_column, f"more than {MAX_VALUES} values in one file", path)
        tag = node.tag
        if tag is not None and tag != "!" and tag != _PLAIN_TAGS[node.kind]:
            raise self.later(
                node.line_column,
                f"tag {_tag(tag)} is not allowed: plan files hold plain values, lists "
                "and mappings only",
                path,
            )
        if node.kind == _SCALAR:
            if node.value is _UNSET:  # a key, walked as a value for the first time
                value = node.text
                if not node.style:
                    try:
                        value = _plain_scalar(value)
                    except _ScalarError as e:
                        raise self.later(node.line_column, e.message, path) from None
                node.value = value
            return node.value
        inner = (*stack, node)
        if node.kind == _LIST:
            for i, item in enumerate(node.items):
                self.walk(item, (*path, i), depth + 1, inner)
            if node.value is _UNSET:  # a merge list, walked as a value for the first time
                node.value = [item.value for item in node.items]
            return node.value
        for key, item in node.items:
            if key is _MERGE:
                for source in item.items if item.kind == _LIST else [item]:
                    if source.kind != _MAPPING:
                        raise self.later(source.line_column, _MERGE_ONLY, path)
                    self.walk(source, path, depth + 1, inner)
            else:
                self.walk(item, (*path, key), depth + 1, inner)
        return node.value


def _mark_at(mark: Any) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


def _too_many(mark: Any) -> YamlProblem:
    return YamlProblem(f"more than {MAX_VALUES:,} values in one file", *_mark_at(mark))


def _anchor_twice(anchor: str, first: int, mark: Any) -> YamlProblem:
    return YamlProblem(
        f"anchor &{anchor} is defined twice (first on line {first})", *_mark_at(mark)
    )


def _undefined(event: Any) -> ComposerError:
    return ComposerError(None, None, f"found undefined alias {event.anchor!r}", event.start_mark)


# Characters YAML allows in a stream (YAML 1.2, 5.1): anything else is refused.
_NOT_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


def _utf8_position(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    col = offset - (before.rfind(b"\n") + 1) + 1
    return line, col


def decode(raw: bytes) -> str:
    """Decode UTF-8 (a byte-order mark is allowed); raise a located YamlProblem otherwise."""
    if len(raw) > MAX_FILE_BYTES:
        raise YamlProblem(f"file is {len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,}")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line, col = _utf8_position(raw, e.start)
        raise YamlProblem(
            f"not valid UTF-8 (byte 0x{raw[e.start]:02x}); save the file as UTF-8", line, col
        ) from None
    if "\x00" in text:
        line, col = _utf8_position(raw, raw.index(b"\x00"))
        raise YamlProblem("contains a NUL byte; this is not a text file", line, col)
    # libyaml refuses these too, but without saying where.
    bad = _NOT_PRINTABLE.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        col = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        raise YamlProblem(
            f"contains the control character {describe(bad[0])}, which YAML does not allow",
            line,
            col,
        )
    return text


def parse(text: str) -> Document:
    """Parse YAML text strictly; raise YamlProblem on the first problem."""
    loader = _Loader(text)
    # libyaml drops a byte-order mark that starts the stream without counting it, so its
    # offsets are into the rest of the text.
    counted = text[1:] if _CParser is not None and text.startswith("\ufeff") else text
    try:
        try:
            return _Reader(loader, counted).read()
        except yaml.MarkedYAMLError as e:
            mark = e.problem_mark or e.context_mark
            msg = " ".join(x for x in (e.context, e.problem) if x) or "invalid YAML"
            if "expected a single document" in msg:
                msg = "more than one YAML document in the file; give one"
            if mark is not None:
                line, col = mark.line + 1, mark.column + 1
                last = text.count("\n") + 1
                if line > last:  # libyaml's end of a file that lacks its last line break
                    line, col = last, len(text) - (text.rfind("\n") + 1) + 1
                # In the words of someone editing the file, where a hint fits, and at
                # the line that holds the mistake.
                start = e.context_mark
                context = (start.line + 1, start.column + 1) if start is not None else None
                hint = explain(text, line, col, msg, context)
                if hint is not None:
                    msg, line, col = hint
                raise YamlProblem(f"YAML syntax: {msg}", line, col) from None
            raise YamlProblem(f"YAML syntax: {msg}") from None
        except yaml.YAMLError as e:
            raise YamlProblem(f"YAML syntax: {e}") from None
        except RecursionError:
            raise YamlProblem(f"nesting deeper than {MAX_DEPTH} levels") from None
    finally:
        loader.dispose()


def read(raw: bytes) -> Document:
    return parse(decode(raw))
