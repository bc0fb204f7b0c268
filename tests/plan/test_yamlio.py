from __future__ import annotations

import datetime as dt
import importlib.util
import sys
import time
from decimal import Decimal
from typing import Any

import pytest

from scp_report.plan import yaml_reader as yamlio
from scp_report.plan.yaml_reader import MAX_DEPTH, YamlProblem, parse, read

from ..helpers import PLAN
from ..yaml_reference import check_against_reference


def problem(text: str) -> YamlProblem:
    with pytest.raises(YamlProblem) as info:
        parse(text)
    return info.value


def test_core_schema_values() -> None:
    doc = parse("a: 1\nb: 2.0\nc: [x, 'no']\nd: 2019-03-31\ne: 2016/17\nf: ~\ng: true\nh: |\n  t\n")
    assert doc.data == {
        "a": 1,
        "b": Decimal("2.0"),
        "c": ["x", "no"],
        "d": dt.date(2019, 3, 31),
        "e": "2016/17",
        "f": None,
        "g": True,
        "h": "t\n",
    }
    assert str(doc.data["b"]) == "2.0"


def test_positions_of_keys_and_values() -> None:
    doc = parse("top:\n  items:\n    - id: x\n      value: fifty\n")
    assert doc.position(("top", "items", 0, "value")) == (4, 14)
    assert doc.position(("top", "items", 0, "value"), key=True) == (4, 7)
    assert doc.position(("top", "items", 0, "missing")) == (3, 7)


def test_duplicate_key() -> None:
    e = problem("a: 1\nb: 2\na: 3\n")
    assert (e.line, e.column, e.message) == (3, 1, "duplicate key 'a' (first given on line 1)")


def test_merge_keys_still_work() -> None:
    assert parse("base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  y: 3\n").data["m"] == {"y": 3, "x": 1}


@pytest.mark.parametrize("text", ["a: no", "a: On", "a: YES", "a: off", "a: y"])
def test_yaml11_booleans_refused(text: str) -> None:
    assert "true/false" in problem(text).message


@pytest.mark.parametrize("text", ["a: 010", "a: 1:30", "a: 0x1F", "a: 1_000", "a: .inf", "a: .NaN"])
def test_yaml11_numbers_refused(text: str) -> None:
    assert "surprising" in problem(text).message


def test_quoted_forms_are_strings() -> None:
    assert parse("a: 'no'\nb: '010'\nc: \"1:30\"\n").data == {"a": "no", "b": "010", "c": "1:30"}


@pytest.mark.parametrize(
    "text",
    [
        "a: !!python/object/apply:os.system ['ls']",
        "a: !!binary aGk=",
        "a: !custom x",
        "a: !!set {x}",
        "a: !!python/name:os.system",
    ],
)
def test_tags_refused(text: str) -> None:
    assert "is not allowed" in problem(text).message


def test_alias_bomb_fails_fast() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    start = time.perf_counter()
    e = problem("\n".join(lines))
    assert "alias expansions" in e.message
    assert time.perf_counter() - start < 5  # generous: the cap stops it in milliseconds


def test_recursive_alias() -> None:
    assert "contains it" in problem("a: &a [*a]\n").message


def test_deep_nesting() -> None:
    assert f"deeper than {MAX_DEPTH}" in problem("a: " + "[" * 500 + "]" * 500).message
    assert "YAML syntax" in problem("- " * 5000 + "x").message  # libyaml's own limit


def test_syntax_errors_are_located() -> None:
    e = problem("a: [1, 2\nb: 3\n")
    assert e.line == 2 and e.message.startswith("YAML syntax:")
    e = problem("a:\n\tb: 1\n")
    assert (e.line, e.column) == (2, 1)


def test_one_document_per_file() -> None:
    assert "more than one YAML document" in problem("a: 1\n---\nb: 2\n").message


def test_encoding() -> None:
    assert read(b"\xef\xbb\xbfa: 1\n").data == {"a": 1}
    with pytest.raises(YamlProblem, match="not valid UTF-8") as info:
        read(b"a: ok\nb: \xff\n")
    assert (info.value.line, info.value.column) == (2, 4)
    with pytest.raises(YamlProblem, match="NUL byte"):
        read(b"a: 1\x00\n")


def test_empty_document() -> None:
    assert parse("").data is None
    assert parse("# only a comment\n").data is None


def test_dates() -> None:
    assert "not one" in problem("a: 2019-02-30").message
    assert "date and time" in problem("a: 2019-02-03 10:00").message


@pytest.mark.parametrize(
    ("text", "data"),
    [
        ("a: &x 1\nb: *x\n", {"a": 1, "b": 1}),  # anchors and aliases
        ("base: &b {x: 1}\nc:\n  <<: *b\n", {"base": {"x": 1}, "c": {"x": 1}}),  # a merge key
        ("a: !!str 1\nb: ! x\nc: !!map {d: !!seq [e]}\n", {"a": 1, "b": "x", "c": {"d": ["e"]}}),
        ("b: &b {x: 1}\nm: {'<<': *b}\n", {"b": {"x": 1}, "m": {"<<": {"x": 1}}}),  # not a merge
        ("1: a\nnull: b\nno: c\n", {"1": "a", "null": "b", "no": "c"}),  # keys are names
        ("hello\n", "hello"),
        ("- 1\n- [2, {a: 3}]\n", [1, [2, {"a": 3}]]),
        ("", None),  # an empty file
    ],
)
def test_unusual_files(text: str, data: object) -> None:
    assert parse(text).data == data
    check_against_reference(text.encode())


MERGE_ONLY = "a merge key << takes a mapping or a list of mappings"


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("a: 1\na: 2\n", (2, 1, ("a",)), "duplicate key 'a' (first given on line 1)"),
        ("a: 1\r\nb: 2\r\na: 3\r\n", (3, 1, ("a",)), "duplicate key 'a' (first given on line 1)"),
        # the key given through an alias is where its anchor is
        (
            "a: &a 1\nb: {*a : 2, '1': 3}\n",
            (2, 13, ("b", "1")),
            "duplicate key '1' (first given on line 1)",
        ),
        ("? [a]\n: 1\n", (1, 3, ()), "a key must be a plain name, not a list or mapping"),
        ("!!int 1: a\n", (1, 1, ()), "tag !!int is not allowed on a key"),
        (
            "a: 1\n---\nb: 2\n",
            (2, 1, ()),
            "YAML syntax: more than one YAML document in the file; give one",
        ),
        (
            "a: [1,\n",
            (2, 1, ()),
            "YAML syntax: while parsing a flow node did not find expected node content",
        ),
        ("*k : 1\n", (1, 1, ()), "YAML syntax: found undefined alias 'k'"),
        ("a: &q 1\nb: &q 2\n", (2, 4, ()), "anchor &q is defined twice (first on line 1)"),
        ("m: {<<: 1}\n", (1, 9, ("m",)), MERGE_ONLY),
        ("a: &a [1]\nm: {<<: *a}\n", (1, 8, ("m",)), MERGE_ONLY),
        ("a: &a {x: 1}\nm: {<<: [*a, [1]]}\n", (2, 14, ("m",)), MERGE_ONLY),
        ("a: &a [*a]\n", (1, 4, ("a", 0)), "an alias refers to the value that contains it"),
        # a list given to << is not a value: the mapping in it is what contains the alias
        (
            "s: {<<: &s [{x: *s}]}\n",
            (1, 13, ("s", "x", 0)),
            "an alias refers to the value that contains it",
        ),
        # a key given through an alias is checked as a value where it is used as one
        (
            "&k no: 1\nb: *k\n",
            (1, 1, ("b",)),
            "'no' is read as a true/false value by YAML 1.1 "
            'tools; write true or false, or quote it: "no"',
        ),
    ],
)
def test_problems_are_located(text: str, where: tuple[object, ...], message: str) -> None:
    e = problem(text)
    assert (e.line, e.column, e.path) == where
    assert e.message == message


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        (
            "a: !x 1\nb: [1,\n",
            (3, 1),
            "YAML syntax: while parsing a flow node did not find expected node content",
        ),
        ("a: !x 1\nb: *nowhere\n", (2, 4), "YAML syntax: found undefined alias 'nowhere'"),
        ("a: !x &q 1\nb: &q 2\n", (2, 4), "anchor &q is defined twice (first on line 1)"),
        ("a: no\nb: &a 1\nc: &a 2\n", (3, 4), "anchor &a is defined twice (first on line 2)"),
        (
            "a: !x 1\n---\nb: 2\n",
            (2, 1),
            "YAML syntax: more than one YAML document in the file; give one",
        ),
        (
            "a: &a [*a]\nb: [1,\n",
            (3, 1),
            "YAML syntax: while parsing a flow node did not find expected node content",
        ),
    ],
)
def test_a_problem_of_the_stream_wins_over_an_earlier_problem_of_a_value(
    text: str, where: tuple[int, int], message: str
) -> None:
    e = problem(text)
    assert ((e.line, e.column), e.message) == (where, message)


def test_alias_expansions_count_every_list_and_mapping_walked_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = "a: &a [[1], [2]]\nb: *a\nc: *a\n"  # each alias walks three lists again
    monkeypatch.setattr(yamlio, "MAX_ALIAS_EXPANSIONS", 6)
    assert parse(text).data["c"] == [[1], [2]]
    monkeypatch.setattr(yamlio, "MAX_ALIAS_EXPANSIONS", 5)
    e = problem(text)
    assert (e.line, e.column, e.path, e.message) == (
        1,
        13,
        ("c", 1),
        "more than 5 alias expansions",
    )


def test_a_merge_list_used_as_a_value_is_walked_a_first_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The list given to << is not a value where it is given: its first walk, as v, is no
    # expansion (its two mappings are); w's walk of it is.
    text = "a: &a {x: 1}\nm: {<<: &s [*a, {y: 2}]}\nv: *s\nw: *s\n"
    monkeypatch.setattr(yamlio, "MAX_ALIAS_EXPANSIONS", 6)
    assert parse(text).data["w"] == [{"x": 1}, {"y": 2}]
    monkeypatch.setattr(yamlio, "MAX_ALIAS_EXPANSIONS", 5)
    e = problem(text)
    assert (e.line, e.column, e.path, e.message) == (
        2,
        17,
        ("w", 1),
        "more than 5 alias expansions",
    )


def test_values_are_counted_as_read_and_again_as_aliases_are_expanded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 10 values as read (keys and aliases too); 14 walked (the root, every list and item)
    text = "a: &a [1, 2, 3]\nb: [*a, *a]\n"
    monkeypatch.setattr(yamlio, "MAX_VALUES", 14)
    assert parse(text).data["b"] == [[1, 2, 3], [1, 2, 3]]
    monkeypatch.setattr(yamlio, "MAX_VALUES", 12)
    e = problem(text)
    assert (e.line, e.column, e.path, e.message) == (
        1,
        11,
        ("b", 1, 1),
        "more than 12 values in one file",
    )
    monkeypatch.setattr(yamlio, "MAX_VALUES", 9)
    e = problem(text)
    assert (e.line, e.column, e.path, e.message) == (2, 9, (), "more than 9 values in one file")
    # the count as read is the one that wins, wherever it is passed
    monkeypatch.setattr(yamlio, "MAX_VALUES", 14)
    e = problem(text + "c: [1, 2, 3, 4, 5]\n")
    assert (e.line, e.column, e.path, e.message) == (3, 11, (), "more than 14 values in one file")
    monkeypatch.setattr(yamlio, "MAX_VALUES", 1000)
    expanded = "a: &a [" + ",".join(["1"] * 100) + "]\nb: [" + ",".join(["*a"] * 10) + "]\n"
    e = problem(expanded)
    assert (e.line, e.column, e.path) == (1, 184, ("b", 8, 88))
    assert e.message == "more than 1000 values in one file"
    e = problem("a: [" + "1," * 1000 + "1]\n")
    assert (e.line, e.column, e.path) == (1, 1999, ())
    assert e.message == "more than 1,000 values in one file"


def test_nesting_depth_counts_the_values_walked() -> None:
    ok = MAX_DEPTH - 1  # the mapping at the top is level 0
    assert parse("a: " + "[" * ok + "x" + "]" * ok).data
    assert parse("a: " + "[" * (ok + 1) + "]" * (ok + 1)).data
    e = problem("a: " + "[" * (ok + 1) + "x" + "]" * (ok + 1))
    assert (e.line, e.column) == (1, 68)
    # a mapping merged in is a level below the one it is merged into; the list holding it
    # is none; a value through an alias is as deep as the alias
    merged = "b: &b {q: 1}\na: " + "{k: " * (ok - 1) + "{<<: [*b]}" + "}" * (ok - 1)
    e = problem(merged)
    assert (e.line, e.column, e.path) == (1, 11, ("a", *["k"] * (ok - 1), "q"))
    shallower = "b: &b {q: 1}\na: " + "{k: " * (ok - 2) + "{<<: [*b]}" + "}" * (ok - 2)
    assert parse(shallower).data
    e = problem("b: &b [[1]]\na: " + "[" * (ok - 1) + "*b" + "]" * (ok - 1))
    assert (e.line, e.column, e.path) == (1, 9, ("a", *[0] * (ok - 1), 0, 0))


def test_positions_through_aliases_and_merge_keys() -> None:
    text = "base: &b {x: 1, y: [2, {z: 3}]}\nm:\n  k: 0\n  <<: *b\n  x: 4\nc: *b\n"
    doc = parse(text)
    assert doc.data["m"] == {"k": 0, "x": 4, "y": [2, {"z": 3}]}
    # a merged key and its value are where the mapping merged in gives them...
    assert doc.position(("m", "y", 1, "z")) == (1, 28)
    assert doc.position(("m", "y", 1, "z"), key=True) == (1, 25)
    # ...unless the mapping gives the key itself
    assert doc.position(("m", "x")) == (5, 6)
    assert doc.position(("m", "x"), key=True) == (5, 3)
    # an alias is where the value it stands for is; its key is where it is
    assert doc.position(("c",)) == (1, 7)
    assert doc.position(("c",), key=True) == (6, 1)
    assert doc.position(("c", "y", 1, "z")) == (1, 28)
    check_against_reference(text.encode())


def test_positions_of_what_is_not_there() -> None:
    doc = parse("a: [1, {b: 2}]\nc: x\n")
    assert doc.position(("a", 5)) == (1, 4)  # past the end of a list
    assert doc.position(("a", -1)) == (1, 4)
    assert doc.position(("a", "b")) == (1, 4)  # a key in a list
    assert doc.position(("a", 1, 0)) == (1, 8)  # an index in a mapping
    assert doc.position(("c", "d")) == (2, 4)  # below a scalar
    assert doc.position(("a", 1, "e"), key=True) == (1, 8)
    assert doc.position(("a", 0), key=True) == (1, 5)  # an item has no key
    assert doc.position((), key=True) == (1, 1)
    assert parse("").position(("a",)) is None
    assert parse("x\n").position(("a",)) == (1, 1)


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_positions_with_any_line_break(newline: str) -> None:
    text = "a: 1\nb:\n  - é\n  - {c: 2}\n".replace("\n", newline)
    doc = parse(text)
    assert doc.position(("b",)) == (3, 3)
    assert doc.position(("b",), key=True) == (2, 1)
    assert doc.position(("b", 1, "c")) == (4, 9)
    assert doc.position(("b", 1, "c"), key=True) == (4, 6)
    check_against_reference(text.encode())


def _without_libyaml(monkeypatch: pytest.MonkeyPatch) -> Any:
    """The YAML reader as it is on a machine whose PyYAML has no libyaml."""
    monkeypatch.setitem(sys.modules, "yaml.cyaml", None)
    # A module of the same package, so that its relative imports resolve.
    name = "scp_report.plan.yaml_reader_without_libyaml"
    spec = importlib.util.spec_from_file_location(name, yamlio.__file__)
    assert spec is not None and spec.loader is not None
    pure = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(pure)
    assert pure._CParser is None and yamlio._CParser is not None
    return pure


def test_positions_after_byte_order_marks(monkeypatch: pytest.MonkeyPatch) -> None:
    # The decoder drops the first mark. libyaml drops a second one without counting it;
    # PyYAML's own scanner skips it as a character of line 1, so columns there are one
    # more. Either way line 2 is counted as written.
    raw = b"\xef\xbb\xbf\xef\xbb\xbfa: 1\nb: 2\n"
    doc = read(raw)
    assert doc.position(("a",), key=True) == (1, 1)
    assert doc.position(("a",)) == (1, 4)
    assert doc.position(("b",)) == (2, 4)
    pure = _without_libyaml(monkeypatch).read(raw)
    assert pure.data == doc.data == {"a": 1, "b": 2}
    assert pure.position(("a",), key=True) == (1, 2)
    assert pure.position(("a",)) == (1, 5)
    assert pure.position(("b",)) == (2, 4)


def test_plain_values() -> None:
    text = (
        "a: 1\nb: -2.50\nc: 1e3\nd: null\ne: ~\nf: true\ng: False\nh: 2019-03-31\n"
        "i: \"no\"\nj: '010'\nk: plain text\nl: [1, x, {m: 2}]\nn: |\n  block\no:\n"
        "p: 999999999999999\nq: 0\nr: +7\n"
    )
    data = read(text.encode()).data
    assert data == {
        "a": 1,
        "b": Decimal("-2.50"),
        "c": Decimal("1e3"),
        "d": None,
        "e": None,
        "f": True,
        "g": False,
        "h": dt.date(2019, 3, 31),
        "i": "no",
        "j": "010",
        "k": "plain text",
        "l": [1, "x", {"m": 2}],
        "n": "block\n",
        "o": None,
        "p": 999999999999999,
        "q": 0,
        "r": 7,
    }
    assert str(data["b"]) == "-2.50" and str(data["c"]) == "1E+3"
    assert type(data["a"]) is int and type(data["f"]) is bool and type(data["r"]) is int
    check_against_reference(text.encode())


def test_reading_checks_the_encoding() -> None:
    with pytest.raises(YamlProblem) as info:
        read(b"a: \xff\n")
    assert (info.value.line, info.value.column) == (1, 4)


def _paths(data: object, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    out = [path]
    if isinstance(data, dict):
        for k, v in data.items():
            out += _paths(v, (*path, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out += _paths(v, (*path, i))
    return out


def test_without_libyaml_the_same_data_positions_and_problems(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pure = _without_libyaml(monkeypatch)
    texts = [p.read_text(encoding="utf-8") for p in sorted(PLAN.rglob("*.yaml"))] + [
        "base: &b {x: 1, y: [2, {z: 3}]}\r\nm:\r\n  k: 0\r\n  <<: *b\r\n  x: 4\r\nc: *b\r\n",
        "a: &a {x: 1}\nm: {<<: &s [*a, {y: 2}]}\nv: *s\n",
        "a: 1\nb: 2\na: 3\n",
        "a: &a [*a]\n",
        "&k no: 1\nb: *k\n",
        "a: !!binary aGk=\n",
        "m: {<<: [{x: 1}, 2]}\n",
    ]
    for text in texts:
        try:
            expected = parse(text)
        except YamlProblem as e:
            with pytest.raises(pure.YamlProblem) as info:
                pure.parse(text)
            got = info.value
            assert (got.message, got.line, got.column, got.path) == (
                e.message,
                e.line,
                e.column,
                e.path,
            )
            continue
        doc = pure.parse(text)
        assert doc.data == expected.data
        for path in _paths(expected.data):
            assert doc.position(path) == expected.position(path), path
            assert doc.position(path, key=True) == expected.position(path, key=True), path
