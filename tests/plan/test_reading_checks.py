"""The checks of a reading on its own are one list of rules (plan/reading_checks.py): a
rule added to the list runs over every reading, and what it finds is reported at the
reading's field, with its file, line and severity, by `scp validate`."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from scp_report.errors import Severity
from scp_report.model.models import Reading
from scp_report.model.periods import PeriodKind, parse_period, parse_quarter
from scp_report.model.values import Unit
from scp_report.plan.loader import load_plan
from scp_report.plan.reading_checks import READING_CHECKS, Facts, Findings, InQuarter

from ..builders import overlay
from ..helpers import FIXTURES
from ..helpers import run_cli as run

Q3 = parse_quarter("Q3-2017/18")


def _no_thirteen(r: Reading, f: Facts, q: InQuarter) -> Findings:
    """A rule of the kind later work adds (a count of 13 refused: no rule of today's
    refuses it)."""
    if f.unit == Unit.COUNT and r.value == 13:
        return [(("value",), f"{r.value} is an unlucky count", Severity.ERROR)]
    return ()


def test_a_rule_added_to_the_list_is_run_over_every_reading(in_tmp: Path) -> None:
    plan = overlay("minimal", in_tmp / "plan")
    readings = plan / "readings" / "2017-18-q3.yaml"
    readings.write_text(readings.read_text().replace("value: 12", "value: 13"))
    assert load_plan(plan).plan is not None  # no rule of today's refuses it
    READING_CHECKS.append(_no_thirteen)
    try:
        code, out, err = run("validate", "--plan", str(plan))
    finally:
        READING_CHECKS.remove(_no_thirteen)
    assert code == 1
    lines = readings.read_text().splitlines()
    line = lines.index("    value: 13") + 1
    assert f"{readings}:{line}:12: readings[2].value: 13 is an unlucky count" in out, (out, err)


# An indicator counted, not ranked, compared nor grouped, with no baseline period, lag or
# reporting.
COUNTED = Facts(Unit.COUNT, False, False, None, 0, None, None, False)


def _in_quarter() -> InQuarter:
    plan = load_plan(FIXTURES / "minimal").plan
    return InQuarter(Q3, plan.partnership, PeriodKind.QUARTER)


def _found(r: Reading, f: Facts) -> list[tuple[str, ...]]:
    q = _in_quarter()
    return [(*at, message) for check in READING_CHECKS for at, message, _ in check(r, f, q)]


def test_a_reading_that_breaks_no_rule_has_no_findings() -> None:
    r = Reading(indicator="x", period=parse_period("Q3 2017/18"), value=Decimal(12))
    assert _found(r, COUNTED) == []


def test_each_rule_finds_at_its_field() -> None:
    r = Reading(indicator="x", period=parse_period("Q4 2017/18"), value=Decimal(12))
    found = _found(r, replace(COUNTED, ranked=True, baseline_period=parse_period("2018/19")))
    assert [f[:-1] for f in found] == [("rank",), ("period",), ("period",), ("period",)]
    assert "is ranked: give the reading's rank" in found[0][-1]
    assert "ends before the baseline period 2018/19" in found[1][-1]
    assert "ends after the report quarter Q3 2017/18" in found[2][-1]
    assert "should cover Q3 2017/18, not Q4 2017/18" in found[3][-1]
