"""Strict YAML reading with the line and column of every key and value.

PyYAML composes the node graph (with libyaml's C parser where available); this
module builds plain Python data from it under stricter rules than YAML 1.1:

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
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import yaml
from yaml.constructor import BaseConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

try:  # the C parser is an order of magnitude faster; fall back where libyaml is absent
    from yaml.cyaml import CParser as _CParser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - depends on the PyYAML build
    _CParser = None  # type: ignore[assignment,misc]

from yaml.composer import ComposerError
from yaml.events import (
    AliasEvent,
    CollectionStartEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

MAX_FILE_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 64
MAX_ALIAS_EXPANSIONS = 1_000
# Values (scalars, lists and mappings) in one file, counted as it is read and again after
# aliases are expanded. The largest bundled file holds a few hundred; each value costs
# about a kilobyte in memory while it is read, so this bounds a file to about 100 MB.
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


@dataclass
class Document:
    """Data read from one YAML file, with positions (1-based line, column)."""

    data: Any
    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)
    problems: list[YamlProblem] = field(default_factory=list)

    def position(self, path: Path, *, key: bool = False) -> tuple[int, int] | None:
        """The position of `path`, or of its nearest ancestor that has one."""
        p = tuple(path)
        if key and p in self.keys:
            return self.keys[p]
        while True:
            if p in self.values:
                return self.values[p]
            if p in self.keys:
                return self.keys[p]
            if not p:
                return None
            p = p[:-1]


if _CParser is not None:

    class _Loader(_CParser, BaseConstructor, BaseResolver):
        def __init__(self, stream: str) -> None:
            _CParser.__init__(self, stream)
            BaseConstructor.__init__(self)
            BaseResolver.__init__(self)

else:  # pragma: no cover
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Loader(Reader, Scanner, Parser, BaseConstructor, BaseResolver):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            BaseConstructor.__init__(self)
            BaseResolver.__init__(self)


_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_PLAIN_TAGS: dict[type[Node], str] = {ScalarNode: _STR, SequenceNode: _SEQ, MappingNode: _MAP}

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


def _pos(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


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


class _Builder:
    """Walks a composed node graph into plain data, recording positions."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.seen: set[int] = set()
        self.expansions = 0
        self.values = 0

    def fail(self, node: Node, message: str, path: Path) -> YamlProblem:
        line, col = _pos(node)
        return YamlProblem(message, line, col, path)

    def build(self, node: Node, path: Path, depth: int, stack: tuple[int, ...]) -> Any:
        if depth > MAX_DEPTH:
            raise self.fail(node, f"nesting deeper than {MAX_DEPTH} levels", path)
        ident = id(node)
        if ident in stack:
            raise self.fail(node, "an alias refers to the value that contains it", path)
        if ident in self.seen and not isinstance(node, ScalarNode):
            self.expansions += 1
            if self.expansions > MAX_ALIAS_EXPANSIONS:
                raise self.fail(node, f"more than {MAX_ALIAS_EXPANSIONS} alias expansions", path)
        self.seen.add(ident)
        self.values += 1
        if self.values > MAX_VALUES:
            raise self.fail(node, f"more than {MAX_VALUES} values in one file", path)
        self.doc.values.setdefault(path, _pos(node))
        if node.tag != _PLAIN_TAGS.get(type(node)):
            raise self.fail(
                node,
                f"tag {_tag(node.tag)} is not allowed: plan files hold plain values, lists "
                "and mappings only",
                path,
            )
        if isinstance(node, ScalarNode):
            return self.scalar(node, path)
        if isinstance(node, SequenceNode):
            inner = (*stack, ident)
            return [self.build(n, (*path, i), depth + 1, inner) for i, n in enumerate(node.value)]
        if isinstance(node, MappingNode):
            return self.mapping(node, path, depth, (*stack, ident))
        raise self.fail(node, "unexpected YAML node", path)  # pragma: no cover

    def scalar(self, node: ScalarNode, path: Path) -> Any:
        if node.style:  # quoted or block scalar: always a string (plain is None or "")
            return node.value
        try:
            return _plain_scalar(node.value)
        except _ScalarError as e:
            raise self.fail(node, e.message, path) from None

    def key(self, node: Node, path: Path) -> str:
        if not isinstance(node, ScalarNode):
            raise self.fail(node, "a key must be a plain name, not a list or mapping", path)
        if node.tag != _STR:
            raise self.fail(node, f"tag {_tag(node.tag)} is not allowed on a key", path)
        return str(node.value)

    def mapping(
        self, node: MappingNode, path: Path, depth: int, stack: tuple[int, ...]
    ) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, tuple[int, int]] = {}
        merged: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == "<<" and not key_node.style:
                sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
                for src in sources:
                    if not isinstance(src, MappingNode):
                        raise self.fail(
                            src, "a merge key << takes a mapping or a list of mappings", path
                        )
                    data = self.build(src, path, depth + 1, stack)
                    for k, v in data.items():
                        merged.setdefault(k, v)
                continue
            key = self.key(key_node, path)
            kpos = _pos(key_node)
            if key in first_seen:
                line, _ = first_seen[key]
                raise YamlProblem(
                    f"duplicate key {key!r} (first given on line {line})", *kpos, (*path, key)
                )
            first_seen[key] = kpos
            child: Path = (*path, key)
            self.doc.keys[child] = kpos
            result[key] = self.build(value_node, child, depth + 1, stack)
        for k, v in merged.items():
            result.setdefault(k, v)
        return result


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
            f"contains the control character U+{ord(bad[0]):04X}, which YAML does not allow",
            line,
            col,
        )
    return text


def _compose(loader: Any) -> Node | None:
    """The file's one document as a node graph, or None for an empty file.

    PyYAML's composer, without recursion and counting values as it goes: libyaml's
    composer builds the whole graph first (a 16 MB file of tiny values takes gigabytes
    and half a minute) and recurses once per level.
    """
    loader.get_event()  # StreamStartEvent
    if loader.check_event(StreamEndEvent):
        return None
    document = loader.get_event()  # DocumentStartEvent
    anchors: dict[str, Node] = {}
    # Open lists and mappings, innermost last, each with the key waiting for its value.
    open_nodes: list[tuple[SequenceNode | MappingNode, list[Node]]] = []
    count = 0
    while True:
        event = loader.get_event()
        start: Any = event.start_mark  # libyaml's marks or PyYAML's: both have line, column
        end: Any = event.end_mark
        if isinstance(event, CollectionStartEvent | ScalarEvent | AliasEvent):
            count += 1
            if count > MAX_VALUES:
                raise YamlProblem(
                    f"more than {MAX_VALUES:,} values in one file", start.line + 1, start.column + 1
                )
        if isinstance(event, AliasEvent):
            if event.anchor not in anchors:
                raise ComposerError(None, None, f"found undefined alias {event.anchor!r}", start)
            node: Node = anchors[event.anchor]
        elif isinstance(event, ScalarEvent | SequenceStartEvent | MappingStartEvent):
            anchor = event.anchor
            if anchor is not None and anchor in anchors:
                first = _pos(anchors[anchor])[0]
                raise YamlProblem(
                    f"anchor &{anchor} is defined twice (first on line {first})",
                    start.line + 1,
                    start.column + 1,
                )
            tag = event.tag
            if isinstance(event, ScalarEvent):
                if tag is None or tag == "!":
                    tag = loader.resolve(ScalarNode, event.value, event.implicit)
                node = ScalarNode(tag, event.value, start, end, style=event.style)
            else:
                kind = SequenceNode if isinstance(event, SequenceStartEvent) else MappingNode
                if tag is None or tag == "!":
                    tag = loader.resolve(kind, None, event.implicit)
                node = kind(tag, [], start, None, flow_style=event.flow_style)
            if anchor is not None:
                anchors[anchor] = node
            if isinstance(node, SequenceNode | MappingNode):
                open_nodes.append((node, []))
                continue
        else:  # the end of a list or mapping
            node, _ = open_nodes.pop()
            node.end_mark = end
        if not open_nodes:
            break
        parent, pending = open_nodes[-1]
        if isinstance(parent, SequenceNode):
            parent.value.append(node)
        elif pending:
            parent.value.append((pending.pop(), node))
        else:
            pending.append(node)
    if not isinstance(loader.get_event(), DocumentEndEvent):  # pragma: no cover - libyaml
        raise ComposerError(None, None, "expected the end of the document", end)
    if not loader.check_event(StreamEndEvent):
        event = loader.get_event()
        raise ComposerError(
            "expected a single document in the stream",
            document.start_mark,
            "but found another document",
            event.start_mark,
        )
    loader.get_event()  # StreamEndEvent
    return node


def parse(text: str) -> Document:
    """Parse YAML text strictly; raise YamlProblem on the first problem."""
    doc = Document(data=None)
    loader = _Loader(text)
    try:
        try:
            node = _compose(loader)
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
                raise YamlProblem(f"YAML syntax: {msg}", line, col) from None
            raise YamlProblem(f"YAML syntax: {msg}") from None
        except yaml.YAMLError as e:
            raise YamlProblem(f"YAML syntax: {e}") from None
        except RecursionError:
            raise YamlProblem(f"nesting deeper than {MAX_DEPTH} levels") from None
        if node is None:
            return doc
        builder = _Builder(doc)
        doc.data = builder.build(node, (), 0, ())
        return doc
    finally:
        loader.dispose()


def read(raw: bytes) -> Document:
    return parse(decode(raw))


# --- the fast path -----------------------------------------------------------------------

SLOW = object()
"""What `read_fast` returns for a file it leaves to `read`."""


def _fast(loader: Any) -> Any:
    """Plain data straight from the parser's events, without positions; SLOW for anything
    beyond plain mappings, lists and scalars (anchors, aliases, tags, merge keys), for any
    problem, and for an empty file: `read` handles those and says where."""
    get = loader.get_event
    get()  # StreamStartEvent
    if type(get()) is not DocumentStartEvent:
        return SLOW
    # The open containers, innermost last, each with whether it is a mapping and, for a
    # mapping, the key waiting for its value (None between keys: keys are strings).
    stack: list[tuple[Any, bool, str | None]] = []
    top: Any = None
    in_map = False
    key: str | None = None
    count = 0
    special = _SPECIAL_START
    value: Any
    while True:
        event = get()
        kind = type(event)
        if kind is ScalarEvent:
            if event.anchor is not None or event.tag is not None:
                return SLOW
            count += 1
            if count > MAX_VALUES:
                return SLOW
            value = event.value
            if in_map and key is None:
                if value in top or (value == "<<" and not event.style):
                    return SLOW  # a key given twice, or a merge key
                key = value
                continue
            if not event.style and (not value or value[0] in special):
                try:
                    value = _plain_scalar(value)
                except _ScalarError:
                    return SLOW
            if in_map:
                top[key] = value
                key = None
            elif top is not None:
                top.append(value)
            else:  # the document is one scalar
                break
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if event.anchor is not None or event.tag is not None:
                return SLOW
            count += 1
            if count > MAX_VALUES or len(stack) >= MAX_DEPTH or (in_map and key is None):
                return SLOW  # too many values, too deep, or a key that is a collection
            stack.append((top, in_map, key))
            in_map = kind is MappingStartEvent
            top = {} if in_map else []
            key = None
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            value = top
            top, in_map, key = stack.pop()
            if in_map:
                top[key] = value
                key = None
            elif top is not None:
                top.append(value)
            else:
                break
        else:  # an alias
            return SLOW
    if type(get()) is not DocumentEndEvent or type(get()) is not StreamEndEvent:
        return SLOW  # more than one document
    return value


def read_fast(raw: bytes) -> Any:
    """The plain data of a file as `read` gives it, without positions; or SLOW when the
    file needs `read` (anything unusual, any problem). Much faster than `read`."""
    text = decode(raw)
    if _CParser is None:  # pragma: no cover - depends on the PyYAML build
        return SLOW
    loader = _Loader(text)
    try:
        return _fast(loader)
    except Exception:  # whatever it is, `read` meets it again and says where
        return SLOW
    finally:
        loader.dispose()
