"""An independent reading of a YAML file, to check `yamlio.read` against.

PyYAML's pure-Python parser and composer (`yaml.compose` with SafeLoader) build the node
graph; this walks it into plain data with the same rules for values (plain scalars as
`yamlio` resolves them, quoted ones as strings, merge keys: explicit keys first, then
merged ones, the first source winning) and notes, for every key and value, the start of
its node. It assumes a file that `yamlio.read` accepted: it checks nothing itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from scp_report.plan import yaml_reader as yamlio

Position = tuple[int, int]
YamlPath = tuple[str | int, ...]


@dataclass
class Reading:
    data: Any
    values: dict[YamlPath, Position] = field(default_factory=dict)
    keys: dict[YamlPath, Position] = field(default_factory=dict)


@dataclass
class _Tree:
    """A value's position, and those of its keys and items."""

    at: Position
    items: dict[str | int, tuple[Position | None, _Tree]] = field(default_factory=dict)


def _at(node: Node) -> Position:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _build(node: Node) -> tuple[Any, _Tree]:
    tree = _Tree(_at(node))
    if isinstance(node, ScalarNode):
        return (node.value if node.style else yamlio._plain_scalar(node.value)), tree
    if isinstance(node, SequenceNode):
        out = []
        for i, item in enumerate(node.value):
            value, sub = _build(item)
            out.append(value)
            tree.items[i] = (None, sub)
        return out, tree
    assert isinstance(node, MappingNode)
    explicit: dict[str, Any] = {}
    merged: dict[str, tuple[Any, Position | None, _Tree]] = {}
    for key_node, value_node in node.value:
        if key_node.value == "<<" and not key_node.style:
            sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
            for source in sources:
                data, sub = _build(source)
                for k, v in data.items():
                    if k not in merged:
                        merged[k] = (v, *sub.items[k])
            continue
        value, sub = _build(value_node)
        explicit[key_node.value] = value
        tree.items[key_node.value] = (_at(key_node), sub)
    for k, (v, key_at, sub) in merged.items():
        if k not in explicit:
            explicit[k] = v
            tree.items[k] = (key_at, sub)
    return explicit, tree


def _flatten(tree: _Tree, path: YamlPath, reading: Reading) -> None:
    reading.values[path] = tree.at
    for part, (key_at, sub) in tree.items.items():
        if key_at is not None:
            reading.keys[(*path, part)] = key_at
        _flatten(sub, (*path, part), reading)


def reference(text: str) -> Reading | None:
    """The data and positions PyYAML's own parser finds; None where it refuses the file.

    libyaml drops a byte-order mark that starts the text without counting it as a
    column; PyYAML counts it, so it reads the text without it.
    """
    try:
        node = yaml.compose(text.removeprefix("\ufeff"), Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    if node is None:
        return Reading(None)
    data, tree = _build(node)
    reading = Reading(data)
    _flatten(tree, (), reading)
    return reading


def typed(value: object) -> object:
    """A value with the type of every part spelled out: 1, 1.0 and True differ."""
    if isinstance(value, dict):
        return {k: typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [typed(v) for v in value]
    return (type(value).__name__, repr(value))


def check_against_reference(raw: bytes) -> bool:
    """Assert that `yamlio.read` gives the reference's data and positions; whether they
    were compared (not where yamlio refuses the file)."""
    try:
        doc = yamlio.read(raw)
    except yamlio.YamlProblem:
        return False
    text = yamlio.decode(raw)
    expected = reference(text)
    if expected is None:
        # PyYAML refuses some tabs that YAML (and libyaml) allow as white space.
        assert "\t" in text, "yamlio read a file PyYAML's parser refuses"
        return False
    assert typed(doc.data) == typed(expected.data)
    for path, at in expected.values.items():
        assert doc.position(path) == at, ("value", path)
    for path, at in expected.keys.items():
        assert doc.position(path, key=True) == at, ("key", path)
    return True
