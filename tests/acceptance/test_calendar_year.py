"""A partnership whose year starts in January: calendar quarters throughout the cycle."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ..builders import add_to
from ..helpers import run_cli as run

Q3 = """\
quarter: Q3-2017
readings:
  - indicator: headline-rate
    period: "12 months to Sep 2017"
    value: 45.5
    rank: 4
  - indicator: example-first-time
    period: "Q3 2017"
    value: 49
  - indicator: example-count
    period: "Q3 2017"
    value: 12
"""


@pytest.fixture
def plan(plan: Path) -> Path:
    """The minimal plan, its year starting in January."""
    root = plan
    add_to(root / "partnership.yaml", "year_starts: January\n")
    (root / "readings" / "2017-18-q3.yaml").unlink()
    (root / "readings" / "2017-q3.yaml").write_text(Q3)
    return root


def test_a_calendar_year_plan_reports_calendar_quarters(plan: Path) -> None:
    code, out, _ = run("validate", "--strict")
    assert code == 0, out
    code, out, _ = run("status")
    assert out.splitlines()[0] == "Status as at Q3 2017"
    code, out, _ = run("new-quarter", "Q4-2017")
    assert (code, out) == (
        0,
        "plan/readings/2017-q4.yaml: 3 indicators awaiting figures for Q4 2017\n",
    )
    text = (plan / "readings" / "2017-q4.yaml").read_text()
    assert "quarter: Q4-2017\n" in text and 'period: "Q4 2017"' in text
    assert 'period: "12 months to Dec 2017"' in text
    assert run("validate", "--strict")[0] == 0
    rows = json.loads(run("status", "--json", "--quarter", "Q4-2017")[1])
    assert rows[1]["awaited_period"] == "Q4 2017"


def test_a_quarter_of_the_other_year_is_refused_with_the_right_one(plan: Path) -> None:
    code, _, err = run("status", "--quarter", "Q3-2017/18")
    assert code == 2
    assert err == (
        "error: 'Q3-2017/18': this plan's year starts in January: give the quarter as Q4-2017\n"
    )


def test_a_readings_file_of_financial_quarters_is_refused(plan: Path) -> None:
    (plan / "readings" / "2017-18-q2.yaml").write_text("quarter: Q2-2017/18\nreadings: []\n")
    code, out, _ = run("validate")
    assert code == 1
    assert (
        "plan/readings/2017-18-q2.yaml:1:10: quarter: this plan's year starts in January "
        "(year_starts in partnership.yaml): its quarters are written as Q3-2017, not "
        "Q2-2017/18"
    ) in out.splitlines()


def test_year_to_date_counts_from_january(plan: Path) -> None:
    theme = plan / "themes" / "example.yaml"
    theme.write_text(
        theme.read_text().replace(
            "  - id: example-count\n", "  - id: example-count\n    reports: year to date\n"
        )
    )
    readings = plan / "readings" / "2017-q3.yaml"
    readings.write_text(
        readings.read_text().replace(
            '  - indicator: example-count\n    period: "Q3 2017"',
            "  - indicator: example-count\n    period: YTD Sep 2017",
        )
    )
    assert run("validate", "--strict")[0] == 0
    assert run("new-quarter", "Q4-2017")[0] == 0
    text = (plan / "readings" / "2017-q4.yaml").read_text()
    assert 'indicator: example-count  # Number of referrals\n    period: "YTD Dec 2017"' in text


def test_a_calendar_quarter_out_of_step_with_its_lag_is_warned_of(plan: Path) -> None:
    # The Q3-2017 file holds a figure for Q1 2017 where a lag of 0 asks for Q3 2017: the
    # same check a financial-year plan gets.
    readings = plan / "readings" / "2017-q3.yaml"
    readings.write_text(readings.read_text().replace('period: "Q3 2017"', 'period: "Q1 2017"', 1))
    code, out, _ = run("validate", "--strict")
    assert code == 1
    assert (
        "plan/readings/2017-q3.yaml:8:13: warning: readings[1].period: example-first-time has "
        "a reporting lag of 0 quarter(s), so its Q3 2017 reading should cover Q3 2017, not Q1 "
        "2017; set lag_quarters: 2 if it is reported that far in arrears"
    ) in out.splitlines()
