from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal

import pytest

from scp_report.plan.yaml_reader import MAX_DEPTH, SLOW, YamlProblem, parse, read, read_fast


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
    assert doc.values[("top", "items", 0, "value")] == (4, 14)
    assert doc.keys[("top", "items", 0, "value")] == (4, 7)
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
    "text",
    [
        "a: &x 1\nb: *x\n",  # anchors and aliases
        "base: &b {x: 1}\nc:\n  <<: *b\n",  # a merge key
        "a: !!str 1\n",  # a tag
        "a: 1\na: 2\n",  # a duplicate key
        "a: no\n",  # YAML 1.1 forms
        "a: 010\n",
        "a: 2019-02-30\n",
        "? [a]\n: 1\n",  # a key that is a list
        "",  # an empty file
        "a: 1\n---\nb: 2\n",  # two documents
        "a: [1,\n",  # a syntax error
    ],
)
def test_the_fast_reader_leaves_the_unusual_to_the_full_one(text: str) -> None:
    assert read_fast(text.encode()) is SLOW


def test_the_fast_reader_reads_plain_files_as_the_full_one_does() -> None:
    text = (
        "a: 1\nb: -2.50\nc: 1e3\nd: null\ne: ~\nf: true\ng: False\nh: 2019-03-31\n"
        "i: \"no\"\nj: '010'\nk: plain text\nl: [1, x, {m: 2}]\nn: |\n  block\no:\n"
        "p: 999999999999999\nq: 0\nr: +7\n"
    )
    fast = read_fast(text.encode())
    assert fast == read(text.encode()).data
    assert fast["b"] == Decimal("-2.50") and str(fast["b"]) == "-2.50"
    assert type(fast["a"]) is int and type(fast["f"]) is bool and fast["o"] is None


def test_the_fast_reader_checks_the_encoding_as_the_full_one_does() -> None:
    with pytest.raises(YamlProblem) as info:
        read_fast(b"a: \xff\n")
    assert (info.value.line, info.value.column) == (1, 4)
