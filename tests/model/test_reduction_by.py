"""A reduction's `by` as the plan means it (issue 25, finding 6): a bare year follows the
plan's year. In a plan whose year starts in April, `by: 2005` is the plan year ending in
2005 (by March 2005, as `by: "2004/05"` is); in a calendar-year plan it is December 2005.
Printed as written either way."""

from __future__ import annotations

import json
import re
import shutil
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest

from scp_report.model import targets as t
from scp_report.model.periods import PeriodKind, financial_year_ending, parse_period
from scp_report.model.targets import ReductionKind

from ..helpers import PARTNERSHIPS, PLAN
from ..helpers import run_cli as run

MARCH_2005 = 2005 * 12 + 2
DECEMBER_2005 = 2005 * 12 + 11


def _by(by: Any, context: dict[str, int] | None) -> t.Reduction:
    return t.Reduction.model_validate({"percent": 6, "value": 9704, "by": by}, context=context)


@pytest.mark.parametrize("by", [2005, "2005"])
def test_a_bare_year_in_a_financial_year_plan_is_the_year_ending_in_march(by: Any) -> None:
    spec = _by(by, {"year_start": 4})
    assert ReductionKind.due_month(spec) == MARCH_2005
    assert spec.by == parse_period("2004/05")  # the same months as the financial year
    assert str(spec.by) == "2005"  # printed as written
    assert ReductionKind.due_month(_by("2004/05", {"year_start": 4})) == MARCH_2005


@pytest.mark.parametrize("by", [2005, "2005"])
def test_a_bare_year_in_a_calendar_year_plan_is_its_december(by: Any) -> None:
    spec = _by(by, {"year_start": 1})
    assert ReductionKind.due_month(spec) == DECEMBER_2005
    assert str(spec.by) == "2005"


def test_a_bare_year_of_a_plan_built_without_the_loader_is_its_december() -> None:
    assert ReductionKind.due_month(_by(2005, None)) == DECEMBER_2005
    assert ReductionKind.due_month(_by(2005, {})) == DECEMBER_2005


@pytest.mark.parametrize("context", [{"year_start": 4}, {"year_start": 1}, None])
@pytest.mark.parametrize(
    ("by", "due"),
    [
        ("December 2005", DECEMBER_2005),
        ("March 2005", MARCH_2005),
        ("2004/05", MARCH_2005),
        ("Q4 2004/05", MARCH_2005),
    ],
)
def test_any_other_period_is_due_at_its_end_whatever_the_plan(
    by: str, due: int, context: dict[str, int] | None
) -> None:
    spec = _by(by, context)
    assert ReductionKind.due_month(spec) == due
    assert str(spec.by) == by


def test_the_financial_year_ending_in_a_year() -> None:
    fy = financial_year_ending(2005)
    assert (fy.kind, fy.first, fy.last, fy.label, str(fy)) == (
        PeriodKind.FINANCIAL_YEAR,
        2004 * 12 + 3,
        MARCH_2005,
        "2004/05",
        "2005",
    )
    assert str(financial_year_ending(2005, '"2005"')) == '"2005"'


# --- through the loader: each kind of plan year ----------------------------------------------


def _reduction_row(plan: Path, by: str) -> dict[str, Any]:
    """The minimal plan's first measure with a reduction due `by`, as `scp status --json`
    gives it."""
    theme = plan / "themes" / "example.yaml"
    text = theme.read_text()
    if "reduction:" in text:
        text = re.sub(r"by: [^,]+,", f"by: {by},", text)
    else:
        text = text.replace(
            "    target:\n      at_least: 50\n",
            f"    target:\n      reduction: {{percent: 10, by: {by}, value: 40}}\n",
            1,
        ).replace("    unit: percent\n", "    unit: percent\n    polarity: lower is better\n", 1)
    theme.write_text(text)
    code, out, err = run("status", "--json")
    assert code == 0, err
    row: dict[str, Any] = next(r for r in json.loads(out) if r["id"] == "example-first-time")
    return row


def test_by_a_bare_year_in_a_financial_year_plan(plan: Path) -> None:
    """Baseline 44% in 2014/15 (its end, Mar 2015), 40% due: by 2018 is by March 2018, 36
    months on; Q3 2017/18 (to Dec 2017) is 33 of them: 44 - 4 x 33/36 = 40.3."""
    row = _reduction_row(plan, "2018")
    assert row["target"] == "10% reduction to 40% by 2018"
    assert (row["target_due"], row["target_due_date"]) == ("2018", "2018-03-31")
    assert "40.3% expected by Dec 2017" in row["reason"]
    # The same as the financial year written out, but for how the target is printed.
    written_out = _reduction_row(plan, '"2017/18"')
    assert written_out["target_due_date"] == "2018-03-31"
    assert written_out["reason"] == row["reason"].replace("by 2018", "by 2017/18")


def test_by_a_bare_year_in_a_calendar_year_plan() -> None:
    """Harrowmere's year starts in January: its `by: 2014` stays December 2014."""
    code, out, err = run("status", "--json", "--plan", str(PARTNERSHIPS / "calendar-rag" / "plan"))
    assert code == 0, err
    reductions = [r for r in json.loads(out) if r["target_kind"] == "reduction"]
    assert [(r["target_due"], r["target_due_date"]) for r in reductions] == [("2014", "2014-12-31")]


def test_the_bundled_road_safety_targets_stay_due_in_december_2020(in_tmp: Path) -> None:
    """National calendar-year targets, written `by: December 2020`: judged as before, on
    the line from the baseline to December 2020 (24.0 expected by Jun 2017)."""
    code, out, err = run("status", "--json", "--plan", str(PLAN), "--quarter", "Q3-2017/18")
    assert code == 0, err
    rows = {r["id"]: r for r in json.loads(out) if r["theme"] == "road-safety"}
    fatal = rows["road-safety-fatal-collisions"]
    assert (fatal["target_due"], fatal["target_due_date"]) == ("December 2020", "2020-12-31")
    assert fatal["reason"].startswith(
        "25 against 20% reduction to 22 by December 2020: 24.0 expected by Jun 2017: 1.0 "
        "behind (4.2%), within 5% → Close to target"
    )
    serious = rows["road-safety-serious-collisions"]
    assert serious["target_due_date"] == "2020-12-31"
    assert serious["reason"] == (
        "252 against 20% reduction to 127 by December 2020: 137.4 expected by Jun 2017: "
        "114.6 behind (83.4%), beyond 5% → Needs improving"
    )


def test_a_bare_year_would_move_the_bundled_target_to_march(tmp_path: Path) -> None:
    """Why the bundled plan says December: `by: 2020` in its financial-year plan is March
    2020, and the line from the baseline to it is steeper."""
    plan = tmp_path / "plan"
    shutil.copytree(PLAN, plan)
    theme = plan / "themes" / "road-safety.yaml"
    text = theme.read_text()
    assert text.count("by: December 2020") == 2
    theme.write_text(text.replace("by: December 2020", "by: 2020"))
    code, out, err = run("status", "--json", "--plan", str(plan), "--quarter", "Q3-2017/18")
    assert code == 0, err
    fatal = next(r for r in json.loads(out) if r["id"] == "road-safety-fatal-collisions")
    assert (fatal["target_due"], fatal["target_due_date"]) == ("2020", "2020-03-31")
    assert D(fatal["reason"].split(" expected")[0].split(": ")[-1]) < D("24.0")
