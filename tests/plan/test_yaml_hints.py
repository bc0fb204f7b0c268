"""YAML syntax errors said as someone editing the file by hand needs them: quotes for a
colon in text, spaces for a tab, and which key a misplaced line should sit with."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scp_report.errors import PlanError
from scp_report.plan.loader import load_plan
from scp_report.plan.yaml_reader import YamlProblem, parse

from ..helpers import FIXTURES


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        (
            "indicators:\n  - id: x\n    measure: Target: at least 50%\n    unit: percent\n",
            (3, 20),
            "a colon followed by a space inside a text reads as a new key: put the text in "
            'quotes, as measure: "Target: at least 50%"',
        ),
        (
            'title: It\'s "good": yes\n',
            (1, 19),
            "a colon followed by a space inside a text reads as a new key: put the text in "
            'quotes, as title: "It\'s \\"good\\": yes"',
        ),
        (
            "indicators:\n  - id: x\n\tmeasure: hello\n",
            (3, 1),
            "line 3 is indented with a tab: indent with spaces (YAML does not allow tabs at the "
            "start of a line)",
        ),
        (
            "indicators:\n  - id: x\n    measure: hello\n     unit: percent\n",
            (4, 10),
            "line 4 is indented 5 spaces, out of line with the keys above it: indent 'unit' 4 "
            "spaces, to sit with 'measure' (line 3)",
        ),
        (
            "indicators:\n  - id: x\n    measure: hello\n   unit: percent\n",
            (4, 4),
            "line 4 is indented 3 spaces, out of line with the keys above it: indent 'unit' 4 "
            "spaces, to sit with 'measure' (line 3)",
        ),
        (
            "theme:\n  id: x\n  target:\n    at_least: 5\n   baseline: 3\n",
            (5, 4),
            "line 5 is indented 3 spaces, out of line with the keys above it: indent "
            "'baseline' 4 spaces, to sit with 'at_least' (line 4) or 2 spaces, to sit with "
            "'target' (line 3)",
        ),
        (
            "readings:\n  - indicator: a\n    period: Q1\n - indicator: b\n",
            (4, 2),
            "line 4 is indented 1 space, out of line with the keys above it: indent "
            "'- indicator' 2 spaces, to sit with 'indicator' (line 2)",
        ),
        (
            "indicators:\n  - id: x\n    unit count\n    polarity: higher is better\n",
            (3, 5),
            "line 3 has no colon after its key: write unit: count (the key, a colon and a "
            "space, then the value)",
        ),
        (
            "indicators:\n  - id: x\n    polarity: higher is better\n    unit count\n",
            (4, 5),
            "line 4 has no colon after its key: write unit: count (the key, a colon and a "
            "space, then the value)",
        ),
        (
            "indicators:\n  - id: x\n    measure: % of homicides\n",
            (3, 14),
            'a text cannot start with %: put it in quotes, as measure: "% of homicides"',
        ),
        (
            'indicators:\n  - id: x\n    measure: "Number of people\n    unit: count\n',
            (3, 14),
            'the text that starts with " on line 3 is never closed: end it with " on the same line',
        ),
        (
            "indicators:\n  - id: x\n    measure: It\n  -id: y\n    unit: count\n",
            (4, 3),
            "line 4 starts a list item with '-' and no space after it: write - id: y (a "
            "dash, then a space)",
        ),
        (
            "indicators:\n  -id: x\n    unit: count\n",
            (2, 3),
            "line 2 starts a list item with '-' and no space after it: write - id: x (a "
            "dash, then a space)",
        ),
        (
            "indicators:\n  - id: x\n    measure: 'People's homes'\n",
            (3, 22),
            "the text in quotes ends at the next ', before the end of the line: put it in "
            'double quotes instead, as measure: "People\'s homes"',
        ),
    ],
)
def test_a_syntax_error_says_what_to_do(text: str, where: tuple[int, int], message: str) -> None:
    with pytest.raises(YamlProblem) as info:
        parse(text)
    assert (info.value.line, info.value.column) == where
    assert info.value.message == f"YAML syntax: {message}"


def test_where_no_hint_fits_the_parsers_words_stand() -> None:
    with pytest.raises(YamlProblem) as info:
        parse("a: [1, 2\n")
    assert info.value.message.startswith("YAML syntax: while parsing a flow sequence")


def test_a_misspelt_key_gets_did_you_mean_and_no_second_error(tmp_path: Path) -> None:
    """`basline:` is one mistake: the key it meant is not reported missing as well."""
    plan = tmp_path / "plan"
    shutil.copytree(FIXTURES / "minimal", plan)
    theme = plan / "themes" / "example.yaml"
    theme.write_text(
        theme.read_text().replace("    baseline: {value: 44", "    basline: {value: 44")
    )
    readings = plan / "readings" / "2017-18-q3.yaml"
    readings.write_text(readings.read_text().replace("    value: 12", "    vaule: 12"))
    with pytest.raises(PlanError) as info:
        load_plan(plan, cache=False)
    assert [(p.line, p.location, p.message) for p in info.value.problems] == [
        (13, "readings[2].vaule", "unknown key 'vaule'; did you mean 'value'?"),
        (21, "indicators[0].basline", "unknown key 'basline'; did you mean 'baseline'?"),
    ]
