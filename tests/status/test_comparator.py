"""A reading's updated comparator (the latest national average) is the one a comparator
target is judged against, in the status, its reason, the target shown and validate's
check of published statuses."""

from __future__ import annotations

from pathlib import Path

from scp_report.model.models import StatusName
from scp_report.model.periods import parse_period
from scp_report.plan.loader import load_plan
from scp_report.status.snapshot import disagreements, snapshot

from ..builders import overlay

INDICATOR = """\
  - id: example-victims
    measure: Victims who feel safe
    unit: percent
    polarity: higher is better
    target:
      in_line_with: {name: national average, value: 39, period: "2016/17"}
    baseline: {value: 38, period: "2014/15"}
"""


def _plan(tmp_path: Path, reading: str) -> Path:
    root = overlay("minimal", tmp_path / "plan")
    theme = root / "themes" / "example.yaml"
    theme.write_text(theme.read_text().replace("indicators:\n", "indicators:\n" + INDICATOR))
    readings = root / "readings" / "2017-18-q3.yaml"
    readings.write_text(readings.read_text() + reading)
    return root


def test_the_readings_comparator_replaces_the_targets(tmp_path: Path) -> None:
    root = _plan(
        tmp_path,
        "  - indicator: example-victims\n"
        '    period: "Q3 2017/18"\n'
        "    value: 40\n"
        '    comparator: {name: national average, value: 42, period: "Q3 2017/18"}\n'
        "    published: {status: Successful}\n",
    )
    plan = load_plan(root).plan
    row = next(
        r
        for r in snapshot(plan, parse_period("Q3-2017/18")).rows
        if r.indicator.id == "example-victims"
    )
    # 40% against the updated 42%: 2 points worse, 2/42 = 4.8% of it, within 5%: close.
    # Against the target's own 39% it would have been met.
    assert row.status == StatusName.CLOSE
    assert row.reason == (
        "40% against in line with national average (42%, Q3 2017/18) or better: 2 points "
        "worse, within 5% → Close to target"
    )
    assert row.target == "in line with national average (42%, Q3 2017/18) or better"
    # The published Successful disagrees with what the updated comparator gives.
    found = [(status, computed) for _, _, status, computed, _ in disagreements(plan)]
    assert found == [("Successful", "Close to target")]


def test_without_an_updated_comparator_the_targets_stands(tmp_path: Path) -> None:
    root = _plan(
        tmp_path, '  - indicator: example-victims\n    period: "Q3 2017/18"\n    value: 40\n'
    )
    plan = load_plan(root).plan
    row = next(
        r
        for r in snapshot(plan, parse_period("Q3-2017/18")).rows
        if r.indicator.id == "example-victims"
    )
    assert row.status == StatusName.SUCCESSFUL
    assert row.target == "in line with national average (39%, 2016/17) or better"
