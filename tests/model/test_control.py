"""Control characters (model/control.py): refused in plan text wherever YAML lets them in
(double-quoted escapes), with file, line, column and the character's name; escaped on the
terminal and in GitHub annotations where one slipped through, such as in a file's name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scp_report.errors import Problem, Severity
from scp_report.model.control import CONTROL, describe, printable, printable_json
from scp_report.model.periods import parse_quarter
from scp_report.plan.loader import load_plan
from scp_report.status.snapshot import snapshot
from scp_report.views.problems import verdict
from scp_report.views.terminal import status_text

from ..builders import overlay
from ..helpers import FIXTURES
from ..helpers import run_cli as run

# (escape as written in a double-quoted YAML scalar, what the message names)
ESCAPES = [
    ("\\x1b[2J", "U+001B ESCAPE"),
    ("\\e]0;owned\\a", "U+001B ESCAPE"),
    ("\\0", "U+0000 NULL"),
    ("\\x9b31m", "U+009B CONTROL SEQUENCE INTRODUCER"),
    ("\\u0085", "U+0085 NEXT LINE"),
    ("\\N", "U+0085 NEXT LINE"),
    ("\\U0000007f", "U+007F DELETE"),
    ("\\r", "U+000D CARRIAGE RETURN"),
    ("\\b\\b\\b", "U+0008 BACKSPACE"),
    ("\\v", "U+000B LINE TABULATION"),
]
# (file, the line to change, the key) in the minimal plan: one text of each kind of file
PLACES = [
    ("themes/example.yaml", "title: Example Theme", "title"),
    ("partnership.yaml", "name: Safer Example", "name"),
    ("readings/2017-18-q3.yaml", "indicator: example-count", None),
]


def _put(plan: Path, rel: str, old: str, new: str) -> int:
    """Replace a line's text; the line's number."""
    path = plan / rel
    text = path.read_text()
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1))
    return text[: text.index(old)].count("\n") + 1


@pytest.mark.parametrize(("escape", "name"), ESCAPES, ids=[e for e, _ in ESCAPES])
@pytest.mark.parametrize(("rel", "old", "key"), PLACES, ids=[p[0] for p in PLACES])
def test_an_escaped_control_character_is_refused_where_it_is(
    in_tmp: Path, escape: str, name: str, rel: str, old: str, key: str | None
) -> None:
    plan = overlay("minimal", in_tmp / "plan")
    if key is None:  # a reading's note
        new = f'{old}\n    note: "Counted by {escape} hand"'
        line = _put(plan, rel, old, new) + 1
        column = len('    note: "Counted by ') + 1
    else:
        new = f'{key}: "A {escape}"'
        line = _put(plan, rel, old, new)
        column = (plan / rel).read_text().splitlines()[line - 1].index("\\") + 1
    code, out, _ = run("validate")
    assert code == 1
    where = f"plan/{rel}:{line}:{column}: "
    mine = [x for x in out.splitlines() if x.startswith(where)]
    assert mine, out
    assert f"holds the control character {name}: remove it" in mine[0]
    assert not CONTROL.search(out)


def test_a_raw_control_character_is_named_too(in_tmp: Path) -> None:
    plan = overlay("minimal", in_tmp / "plan")
    path = plan / "themes" / "example.yaml"
    path.write_bytes(path.read_bytes().replace(b"Example Theme", b"Example \x1b Theme"))
    code, out, _ = run("validate")
    assert code == 1
    assert "plan/themes/example.yaml:3:16: contains the control character U+001B ESCAPE" in out


def test_tabs_line_breaks_and_escaped_backslashes_are_text(in_tmp: Path) -> None:
    plan = overlay("minimal", in_tmp / "plan")
    _put(plan, "themes/example.yaml", "title: Example Theme", 'title: "A\\tB\\nC \\\\x1b \\\\e"')
    code, out, _ = run("validate")
    assert code == 0, out


def test_a_control_character_in_a_key_is_refused(in_tmp: Path) -> None:
    plan = overlay("minimal", in_tmp / "plan")
    line = _put(plan, "partnership.yaml", "name: Safer Example", '"name\\x1b": Safer Example')
    code, out, _ = run("validate")
    assert code == 1
    assert f"plan/partnership.yaml:{line}:8: partnership: holds the control character U+001B" in out


@pytest.mark.parametrize(
    ("char", "name"),
    [
        ("\x00", "U+0000 NULL"),
        ("\x1b", "U+001B ESCAPE"),
        ("\x7f", "U+007F DELETE"),
        ("\x9c", "U+009C STRING TERMINATOR"),
        ("é", "U+00E9"),
    ],
)
def test_describe(char: str, name: str) -> None:
    assert describe(char) == name


@given(st.text())
def test_printable_text_holds_no_control_character(text: str) -> None:
    shown = printable(text)
    assert not CONTROL.search(shown)
    assert "\n" not in printable(text, breaks=True)
    if not CONTROL.search(text):
        assert shown == text


@given(st.text())
def test_printable_json_is_the_same_json(text: str) -> None:
    dumped = json.dumps({"t": text}, ensure_ascii=False)
    shown = printable_json(dumped)
    assert json.loads(shown) == {"t": text}
    assert not CONTROL.search(shown)


FORGED = "x\x1b[2J\n::warning file=README.md::Security review passed,line=1.yaml"


def _problem(file: str = FORGED, message: str = "bad\r\n::error::100% forged") -> Problem:
    return Problem(file, 3, 5, "title", message, Severity.ERROR)


def test_github_annotations_escape_names_and_messages() -> None:
    out = verdict("plan/", None, [_problem()], strict=False, output="github").out
    assert out.count("\n") == 1 and out.startswith("::error file=")
    props, data = out[len("::error ") :].rstrip("\n").split("::", 1)
    assert props == (
        "file=x\\x1b[2J%0A%3A%3Awarning file=README.md%3A%3ASecurity review passed"
        "%2Cline=1.yaml,line=3,col=5"
    )
    assert data == "title: bad%0D%0A::error::100%25 forged"
    assert not CONTROL.search(out)


def test_text_problems_are_one_line_each_with_no_control_character() -> None:
    out = verdict("plan/", None, [_problem()], strict=False, output="text").out
    lines = out.splitlines()
    assert len(lines) == 2, lines  # the problem, then the verdict
    assert lines[0].startswith("x\\x1b[2J\\x0a::warning")
    assert not CONTROL.search(out)
    data = verdict("plan/", None, [_problem("a\x9b.yaml")], strict=False, output="json").out
    assert "\x9b" not in data and json.loads(data)["problems"][0]["file"] == "a\x9b.yaml"


def test_status_escapes_what_slipped_through() -> None:
    plan = load_plan(FIXTURES / "minimal").plan
    indicator = plan.themes[0].indicators[0]
    object.__setattr__(indicator, "measure", "Measure \x1b[2J\x9b31m cleared")
    snap = snapshot(plan, parse_quarter("Q3-2017/18"))
    for theme, show_all in ((None, True), ("example", False)):
        out = status_text(snap, theme, show_all=show_all)
        assert not CONTROL.search(out)
        assert "\\x1b[2J\\x9b31m" in out.replace("\n", "").replace(" ", "")


def test_a_control_character_in_an_xlsx_note_is_refused_at_its_row(in_tmp: Path) -> None:
    import openpyxl

    overlay("minimal", in_tmp / "plan")
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.append(["indicator", "value", "period", "note"])
    ws.append(["example-count", 12, "Q4 2017/18", "\x9b2J cleared"])  # XML allows C1
    book.save(in_tmp / "q4.xlsx")
    code, out, err = run("import", "q4.xlsx", "--quarter", "Q4-2017/18")
    assert code == 1
    assert "q4.xlsx: sheet 'Sheet', row 2, note: holds the control character U+009B" in err
    assert not CONTROL.search(out + err)
    assert not (in_tmp / "plan" / "readings" / "2017-18-q4.yaml").exists()
