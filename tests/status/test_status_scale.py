"""The partnership's status scale (issue 25, finding 7): status words matched in any case
in overrides and published statuses (`ON TARGET`), and a two-step scale with no close
level (`statuses: {close: false}`), with no unused third label."""

from __future__ import annotations

import json
from decimal import Decimal as D
from pathlib import Path

import pytest
import yaml

from scp_report.model.figures import Measurement
from scp_report.model.models import Indicator
from scp_report.model.periods import parse_period
from scp_report.model.rules import DEFAULT_RULES
from scp_report.model.statuses import Statuses, StatusName
from scp_report.plan.loader import load_plan
from scp_report.status.history import TargetLine
from scp_report.status.snapshot import Row, snapshot, status_of

from ..builders import edit, overlay
from ..helpers import ROOT
from ..helpers import run_cli as run

OWN = Statuses.model_validate(
    {"successful": {"label": "On target"}, "needs_improving": {"label": "Off target"}}
)
TWO_STEP = Statuses.model_validate(
    {
        "successful": {"label": "Achieved"},
        "close": False,
        "needs_improving": {"label": "Not achieved"},
    }
)


# --- words in any case -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("said", "status"),
    [
        ("ON TARGET", StatusName.SUCCESSFUL),
        ("on target", StatusName.SUCCESSFUL),
        ("On Target", StatusName.SUCCESSFUL),
        ("OFF TARGET", StatusName.NEEDS_IMPROVING),
        ("successful", StatusName.SUCCESSFUL),  # the engine's own name, in any case
        ("CLOSE TO TARGET", StatusName.CLOSE),
        ("awaiting DATA", StatusName.AWAITING),
        ("On targets", None),
        ("", None),
    ],
)
def test_a_status_word_in_any_case(said: str, status: StatusName | None) -> None:
    assert OWN.named(said) == status


def test_labels_apart_only_in_case_are_one_label_given_twice() -> None:
    twice = Statuses.model_validate({"successful": {"label": "Green"}, "close": {"label": "GREEN"}})
    assert ((("close", "label"), "the label 'GREEN' is given to two statuses")) in (
        twice.problems()
    )
    assert OWN.problems() == []


def test_an_override_in_capitals(plan: Path) -> None:
    edit(
        plan / "partnership.yaml",
        "introduction:",
        "statuses:\n  successful: {label: On target}\nintroduction:",
    )
    edit(
        plan / "readings" / "2017-18-q3.yaml",
        "    value: 49\n",
        "    value: 49\n    override: {status: ON TARGET, reason: Agreed by the board.}\n",
    )
    code, out, err = run("validate")
    assert code == 0, out + err
    row = next(r for r in json.loads(run("status", "--json")[1]) if r["id"] == "example-first-time")
    assert (row["status"], row["status_label"], row["overridden"]) == (
        "Successful",
        "On target",
        True,
    )


# --- a two-step scale ------------------------------------------------------------------------


def test_a_two_step_scale_has_no_close() -> None:
    assert [TWO_STEP.has(s) for s in StatusName] == [True, False, True, True, True]
    assert all(OWN.has(s) for s in StatusName)
    assert TWO_STEP.given(StatusName.CLOSE) == StatusName.NEEDS_IMPROVING
    for status in (StatusName.SUCCESSFUL, StatusName.NEEDS_IMPROVING, StatusName.MONITORING):
        assert TWO_STEP.given(status) == status
    assert OWN.given(StatusName.CLOSE) == StatusName.CLOSE
    assert TWO_STEP.names() == [
        "Achieved",
        "Not achieved",
        "Monitoring",
        "Awaiting data",
        "Successful",
        "Needs improving",
    ]
    assert TWO_STEP.named("Close to target") is None
    assert TWO_STEP.style(StatusName.CLOSE) is None
    assert TWO_STEP.problems() == []


def test_a_close_figure_on_a_two_step_scale_is_not_achieved() -> None:
    ind = Indicator.model_validate(
        {
            "id": "x",
            "measure": "m",
            "unit": "percent",
            "target": {"at_least": 50},
            "baseline": {"value": 44, "period": "2014/15"},
        }
    )
    q3 = parse_period("Q3 2017/18")
    close = Measurement(D(49), q3)
    assert status_of(ind, close, DEFAULT_RULES, "", statuses=TWO_STEP) == (
        StatusName.NEEDS_IMPROVING,
        "49% against at least 50%: 1 point short, within 5% → Not achieved",
    )
    assert status_of(ind, Measurement(D(50), q3), DEFAULT_RULES, "", statuses=TWO_STEP) == (
        StatusName.SUCCESSFUL,
        "50% against at least 50%: met → Achieved",
    )
    assert status_of(ind, close, DEFAULT_RULES, "", statuses=OWN)[0] == StatusName.CLOSE


@pytest.fixture
def two_step(plan: Path) -> Path:
    edit(
        plan / "partnership.yaml",
        "introduction:",
        "statuses:\n  successful: {label: Achieved}\n  close: false\n"
        "  needs_improving: {label: Not achieved}\nintroduction:",
    )
    return plan


def test_a_two_step_plan_reports_two_steps(two_step: Path) -> None:
    code, out, err = run("validate")
    assert code == 0, out + err
    snap = snapshot(load_plan(two_step).plan, parse_period("Q3 2017/18"))
    statuses = {r.indicator.id: r.status for r in snap.rows}
    # 49% against at least 50%, 4th against the top 3: close by the rules, not achieved.
    assert statuses["example-first-time"] == StatusName.NEEDS_IMPROVING
    assert statuses["headline-rate"] == StatusName.NEEDS_IMPROVING
    assert all(r.band is None for r in snap.rows)  # no close band to draw
    summary = run("status")[1]
    assert "Close" not in summary and "Achieved" in summary
    code, _, err = run("build", "--report", "quarterly", "--out", "report", "-q")
    assert code == 0, err
    html = next(Path("report").glob("*.html")).read_text()
    counts = html[html.index('<table class="report-summary">') : html.index("</table>")]
    assert "Close to target" not in counts and "status-close" not in counts
    assert 'class="status status-needs-improving">Not achieved</th><td class="figure">2<' in counts


def test_a_two_step_plan_refuses_a_close_status(two_step: Path) -> None:
    edit(
        two_step / "readings" / "2017-18-q3.yaml",
        "    value: 49\n",
        "    value: 49\n    published: {status: Close to target}\n",
    )
    code, out, err = run("validate")
    assert code == 1
    assert "got 'Close to target'" in out + err
    assert "Achieved, Not achieved, Monitoring, Awaiting data" in out + err


def test_the_documented_two_step_scale() -> None:
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    at = text.index("statuses:\n  successful: {label: Achieved}")
    documented = yaml.safe_load(text[at : text.index("```", at)])["statuses"]
    assert Statuses.model_validate(documented) == TWO_STEP
    assert "1 point short, within 5% → Not achieved`" in text
    assert "`override: {status: ON\nTARGET, reason: ...}` for the label `On target`" in text


def test_a_two_step_scale_draws_its_target_line_but_no_close_band(tmp_path: Path) -> None:
    root = overlay("minimal", tmp_path / "plan")

    def row() -> Row:
        snap = snapshot(load_plan(root).plan, parse_period("Q3 2017/18"))
        return next(r for r in snap.rows if r.indicator.id == "example-first-time")

    line = (TargetLine(50.0, "target: at least 50%"),)
    three = row()
    assert (three.band, three.target_lines) == ((47.5, 50.0), line)
    partnership = root / "partnership.yaml"
    partnership.write_text(partnership.read_text() + "statuses:\n  close: false\n")
    two = row()
    assert (two.band, two.target_lines) == (None, line)
