"""Editing a readings file in place, keeping what people wrote in it.

Analysts annotate readings files by hand (`# provisional, police to confirm`), and
readings carry what the published document printed (`published`) and overrides with
their reasons. An import rewrites only the values it changes: ruamel.yaml's round-trip
mode keeps comments, key order, quoting and layout, so replacing one figure changes one
line. It only writes: the strict reader (`plan.yaml_reader`, through `load_plan`) is still
the one that decides whether the file it writes is valid.

This module is imported only by `scp import`, so that `scp validate` and `scp status`
never load ruamel.yaml.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from decimal import Decimal
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import DoubleQuotedScalarString
from ruamel.yaml.util import load_yaml_guess_indent

from ..model.periods import Period
from .writer import is_plain_text

# The order of a reading's fields in the files the tool writes; a field added to a
# reading goes after the fields that come before it in this order.
FIELD_ORDER = (
    "indicator",
    "period",
    "value",
    "numerator",
    "denominator",
    "rank",
    "shown",
    "missing",
    "comparator",
    "note",
    "published",
    "override",
)
DELETE = object()  # an edit's value that removes the field

# libyaml scans an order of magnitude faster, where PyYAML was built with it.
_SCAN_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_COMMENT = re.compile(r"#[^\n]*")
_DOCUMENT_START = re.compile(r"---[ \t]*(#.*)?\n?")
_DOCUMENT_END = re.compile(r"^\.\.\.[ \t]*(#.*)?$", re.M)


def _decimal(representer: RoundTripRepresenter, value: Decimal) -> Any:
    # A plain number, never an exponent: '100', not '1E+2'.
    text = format(value, "f")
    tag = "tag:yaml.org,2002:float" if "." in text else "tag:yaml.org,2002:int"
    return representer.represent_scalar(tag, text)


def _round_trip(sequence: int, offset: int) -> YAML:
    rt = YAML(typ="rt")
    rt.preserve_quotes = True
    # Never fold a long line: a folded note would change lines nobody edited.
    rt.width = 1_000_000
    rt.allow_unicode = True
    rt.indent(mapping=2, sequence=sequence, offset=offset)
    rt.representer.add_representer(Decimal, _decimal)
    return rt


def _node(value: Any) -> Any:
    """A value as the tool writes it: periods quoted, text quoted unless it is plain."""
    if isinstance(value, Period):
        return DoubleQuotedScalarString(str(value))
    if isinstance(value, str) and not is_plain_text(value):
        return DoubleQuotedScalarString(value)
    if isinstance(value, dict):  # a small mapping, such as shown:, on its key's line
        mapping = CommentedMap((k, _node(v)) for k, v in value.items())
        mapping.fa.set_flow_style()
        return mapping
    return value


def _set(reading: CommentedMap, key: str, value: Any) -> None:
    if value is DELETE:
        reading.pop(key, None)
        return
    if key in reading:
        # Assigning keeps the key's place and any comment at the end of its line.
        reading[key] = _node(value)
        return
    place = FIELD_ORDER.index(key) if key in FIELD_ORDER else len(FIELD_ORDER)
    position = 0
    for i, existing in enumerate(reading):
        if existing in FIELD_ORDER and FIELD_ORDER.index(existing) < place:
            position = i + 1
    reading.insert(position, key, _node(value))


class CommentLost(Exception):
    """Editing would drop comments (a place ruamel.yaml cannot keep them: inside a flow
    mapping, before `---`...); `lost` holds each as (line, text)."""

    def __init__(self, lost: list[tuple[int, str]]):
        super().__init__(", ".join(text for _, text in lost))
        self.lost = lost


def comments(text: str) -> list[tuple[int, str]]:
    """Every comment in a YAML text, as (line, text): what lies between its tokens."""
    found = []
    end = 0
    for token in [*yaml.scan(text, Loader=_SCAN_LOADER), None]:
        start = len(text) if token is None else token.start_mark.index
        for m in _COMMENT.finditer(text, end, start):
            found.append((text.count("\n", 0, m.start()) + 1, m[0].rstrip()))
        if token is not None:
            end = max(end, token.end_mark.index)
    return found


def _split(text: str) -> tuple[str, str, str]:
    """(head, body, tail): ruamel.yaml drops comments before `---` and what follows
    `...`; those parts are kept aside, as they are, and only the body is edited."""
    head = ""
    pos = 0
    for line in text.splitlines(keepends=True):
        if _DOCUMENT_START.fullmatch(line):
            head = text[: pos + len(line)]
            break
        if line.strip() and not line.lstrip().startswith(("#", "%")):
            break
        pos += len(line)
    body = text[len(head) :]
    end = _DOCUMENT_END.search(body)
    if end is None:
        return head, body, ""
    return head, body[: end.start()], body[end.start() :]


def _take_place(reading: CommentedMap, gone: str, key: str, value: Any) -> None:
    """One field takes the place of another: a figure arrives for a reading that said why
    there was none (`missing` gives way to `value`), or the words why there is none
    arrive for one with an empty or replaced figure (`value` gives way to `missing`). The
    new field sits where the old one was, with any comment on its line."""
    _, column = reading.lc.key(gone)
    comment = reading.ca.items.pop(gone, None)
    if key in reading:
        reading[key] = _node(value)
    else:
        reading.insert(list(reading).index(gone), key, _node(value))
    del reading[gone]
    if comment is not None and key not in reading.ca.items:
        if comment[2] is not None:  # the comment at the end of the line
            node = reading[key]
            text = format(value, "f") if isinstance(value, Decimal) else str(value)
            if isinstance(node, DoubleQuotedScalarString):
                text = f'"{text}"'
            comment[2].column = column + len(f"{key}: {text}  ")
        reading.ca.items[key] = comment


def edit_readings(raw: bytes, edits: dict[str, dict[str, Any]]) -> bytes:
    """A readings file's bytes, with each indicator's fields set as `edits` says.

    `edits` maps an indicator id to the fields to set (a value of `DELETE` removes the
    field). An indicator with no reading in the file gets a new block at the end, with its
    fields in the tool's order and `value` always present (empty when awaited), as
    `scp new-quarter` writes them. Everything else in the file is left as it was: its
    comments (or CommentLost is raised), line endings and byte-order mark."""
    bom = raw.startswith(b"\xef\xbb\xbf")
    crlf = b"\r\n" in raw
    text = raw.decode("utf-8-sig").replace("\r\n", "\n")
    head, body, tail = _split(text)
    _, guessed_sequence, guessed_offset = load_yaml_guess_indent(body)
    sequence = guessed_sequence or 4
    offset = guessed_offset if guessed_offset is not None else 2
    if sequence < offset + 2:  # ruamel cannot write a dash wider than its item's indent
        sequence, offset = 4, 2
    rt = _round_trip(sequence, offset)
    doc = rt.load(body)
    readings = doc.get("readings")
    if not isinstance(readings, CommentedSeq):
        readings = CommentedSeq()
        doc["readings"] = readings
    elif not readings:
        readings.fa.set_block_style()  # `readings: []` grows into a block list
    by_id = {r.get("indicator"): r for r in readings if isinstance(r, CommentedMap)}
    for indicator, fields in edits.items():
        reading = by_id.get(indicator)
        if reading is None:
            reading = CommentedMap()
            reading["indicator"] = indicator
            new = {"value": None, **fields}
            for key in sorted(new, key=FIELD_ORDER.index):
                if new[key] is not DELETE:
                    reading[key] = _node(new[key])
            readings.append(reading)
            continue
        for key, value in fields.items():
            other = {"value": "missing", "missing": "value"}.get(key)
            if other is not None and value is DELETE and fields.get(other, DELETE) is not DELETE:
                continue  # the other field takes its place, below
            if (
                other is not None
                and value is not DELETE
                and fields.get(other) is DELETE
                and other in reading
            ):
                _take_place(reading, other, key, value)
            else:
                _set(reading, key, value)
    out = io.StringIO()
    rt.dump(doc, out)
    result = head + out.getvalue() + tail
    lost = Counter(c for _, c in comments(text)) - Counter(c for _, c in comments(result))
    if lost:
        raise CommentLost([(n, c) for n, c in comments(text) if c in lost])
    if crlf:
        result = result.replace("\n", "\r\n")
    return (b"\xef\xbb\xbf" if bom else b"") + result.encode("utf-8")
