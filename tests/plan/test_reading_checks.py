"""The checks of a reading on its own are one list of rules (plan/reading_checks.py): a
rule added to the list runs over every reading, and what it finds is reported at the
reading's field, with its file, line and severity, by `scp validate`."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scp_report.errors import Severity
from scp_report.model.models import Indicator, Reading
from scp_report.model.periods import PeriodKind, parse_period, parse_quarter
from scp_report.model.values import Unit
from scp_report.plan.loader import load_plan
from scp_report.plan.reading_checks import (
    APPLIES,
    ONLY_WITH,
    READING_CHECKS,
    Checks,
    Facts,
    Findings,
    InQuarter,
)

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


# --- what lets a reading skip a rule (ONLY_WITH, APPLIES) never changes what is found ---

_PERIODS = [parse_period(p) for p in ("Q3 2017/18", "Q2 2017/18", "Q4 2017/18", "2016/17")]
_OPTIONAL = {
    "numerator": st.sampled_from([3, 40]),
    "denominator": st.sampled_from([10, 200]),
    "rank": st.sampled_from([1, 4]),
    "comparator": st.sampled_from(
        [{"name": "England", "value": 12}, {"name": "England", "value": 50, "period": "2016/17"}]
    ),
    "group": st.sampled_from(
        [
            {"name": "MSG", "average": 10, "size": 8},
            {"name": "MSG", "members": [{"name": "A", "numerator": 3, "denominator": 90}]},
        ]
    ),
    "missing": st.sampled_from(["n/a", "Awaiting data", "not a word this plan knows"]),
    "published": st.sampled_from([{"status": "Successful"}, {"status": "Fine, really"}]),
    "override": st.sampled_from(
        [{"status": "Monitoring", "reason": "a new measure"}, {"status": "Nope", "reason": "x"}]
    ),
}


@st.composite
def _readings(draw: st.DrawFn) -> Reading:
    """A reading with any of the optional fields, each left out, given, or given as null."""
    data: dict[str, object] = {
        "indicator": "x",
        "period": str(draw(st.sampled_from(_PERIODS))),
    }
    for name, values in _OPTIONAL.items():
        how = draw(st.sampled_from(["out", "null", "given"]))
        if how != "out":
            data[name] = None if how == "null" else draw(values)
    if data.get("missing") is None:
        data["value"] = draw(st.sampled_from([None, 12, 13, Decimal("0.5"), -3, 150]))
    return Reading.model_validate(data)


# A count judged against a year's baseline: a quarter's figure is refused (span_mismatch).
_TOTALLED = Indicator.model_validate(
    {
        "id": "x",
        "measure": "Number of referrals",
        "unit": "count",
        "target": {"no_increase": True},
        "baseline": {"value": 48, "period": "2016/17"},
    }
)


@st.composite
def _facts(draw: st.DrawFn) -> Facts:
    return Facts(
        draw(st.sampled_from(list(Unit))),
        draw(st.booleans()),
        draw(st.booleans()),
        draw(st.sampled_from([None, *_PERIODS])),
        draw(st.integers(0, 2)),
        None,
        draw(st.sampled_from([None, 1000])),
        draw(st.booleans()),
        draw(st.sampled_from([None, _TOTALLED])),
        draw(st.sampled_from([frozenset(), frozenset({3}), frozenset({12})])),
    )


@given(_readings(), _facts())
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
def test_the_rules_a_reading_skips_would_find_nothing(r: Reading, f: Facts) -> None:
    """`Checks` runs over each reading only the rules that could find something: the same
    findings, in the same order, as every rule of READING_CHECKS run over it."""
    q = _in_quarter()
    everything = [found for check in READING_CHECKS for found in check(r, f, q)]
    chosen = [found for check in Checks.of(f).for_reading(r) for found in check(r, f, q)]
    assert chosen == everything


def test_a_reading_of_a_figure_and_its_period_runs_only_the_rules_that_apply() -> None:
    """Most readings give a figure and its period: they skip the rules of the fields they
    leave out, and the rules their indicator's facts rule out."""
    r = Reading.model_validate({"indicator": "x", "period": "Q3 2017/18", "value": 12})
    checks = Checks.of(COUNTED).for_reading(r)
    assert checks == tuple(c for c in READING_CHECKS if c not in ONLY_WITH and c not in APPLIES)
    given = Reading.model_validate(
        {"indicator": "x", "period": "Q3 2017/18", "value": 12, "comparator": None}
    )
    assert Checks.of(COUNTED).for_reading(given) == tuple(
        c for c in READING_CHECKS if c not in APPLIES
    )
