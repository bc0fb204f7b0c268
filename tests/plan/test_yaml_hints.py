"""YAML syntax errors said as someone editing the file by hand needs them: quotes for a
colon in text, spaces for a tab, and which key a misplaced line should sit with."""

from __future__ import annotations

import pytest

from scp_report.plan.yaml_reader import YamlProblem, parse


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
