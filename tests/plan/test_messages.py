"""Messages an analyst can act on: the plan's words, never the parser's."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..builders import edit, overlay
from ..helpers import run_cli as run

THEME = "themes/example.yaml"
READINGS = "readings/2017-18-q3.yaml"


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        (
            THEME,
            "    unit: percent",
            "    unit: percentage",
            "plan/themes/example.yaml:18:11: indicators[0].unit: expected one of: percent, "
            "count, rate, score, got 'percentage'; did you mean 'percent'?",
        ),
        (
            THEME,
            "  - id: example-count",
            "  - id: Example_Count",
            "plan/themes/example.yaml:22:9: indicators[1].id: expected an id of lower-case "
            "letters, digits and hyphens, such as dasv-first-time-reports, got "
            "'Example_Count'; did you mean 'example-count'?",
        ),
        (
            READINGS,
            "    value: 12\n",
            "    value: 12\n    published: {status: Green}\n",
            "plan/readings/2017-18-q3.yaml:14:25: readings[2].published.status: expected one "
            "of: Successful, Close to target, Needs improving, Monitoring, Awaiting data, "
            "got 'Green'",
        ),
        (
            THEME,
            "title: Example Theme",
            "title: 2019-03-31",
            "plan/themes/example.yaml:3:8: title: expected text, got the date 2019-03-31; "
            "put it in quotes to make it text",
        ),
        (
            THEME,
            "title: Example Theme",
            "title:",
            "plan/themes/example.yaml:3:7: title: expected text, got nothing",
        ),
        (
            THEME,
            "title: Example Theme",
            'title: ""',
            "plan/themes/example.yaml:3:8: title: expected some text, not an empty one, got ''",
        ),
        (
            READINGS,
            "    rank: 4",
            "    rank: 0",
            "plan/readings/2017-18-q3.yaml:7:11: readings[0].rank: expected a number of at "
            "least 1, got 0",
        ),
    ],
)
def test_pydantic_words_become_the_plans(
    in_tmp: Path, file: str, old: str, new: str, message: str
) -> None:
    root = overlay("minimal", in_tmp / "plan")
    edit(root / file, old, new)
    code, out, _ = run("validate")
    assert code == 1
    assert message in out.splitlines()


def test_words_curly_quotes_around_a_period_are_accepted(in_tmp: Path) -> None:
    root = overlay("minimal", in_tmp / "plan")
    edit(root / READINGS, '    period: "Q3 2017/18"', "    period: \u201cQ3 2017/18\u201d")
    code, out, _ = run("validate", "--strict")
    assert code == 0, out
