"""The status engine: one test per branch of the fallback order, direction, snapshot."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scp_report.plan.loader import load_plan
from scp_report.plan.models import DirectionName, Indicator, Reading, StatusName
from scp_report.plan.periods import parse_period
from scp_report.status.figures import Measurement
from scp_report.status.rules import DEFAULT_RULES, Rules
from scp_report.status.snapshot import (
    baseline_heading,
    direction_of,
    report_quarters,
    snapshot,
    status_of,
)

from .helpers import FIXTURES, overlay

Q3 = parse_period("Q3 2017/18")


def indicator(**kw: Any) -> Indicator:
    data: dict[str, Any] = {
        "id": "x",
        "measure": "m",
        "unit": "percent",
        "baseline": {"value": 44, "period": "2014/15"},
    }
    data.update(kw)
    return Indicator.model_validate(data)


def m(value: Any, period: str = "Q3 2017/18", rank: int | None = None) -> Measurement:
    return Measurement(None if value is None else D(str(value)), parse_period(period), rank)


def test_no_target_is_monitoring() -> None:
    status, reason = status_of(indicator(), m(12), DEFAULT_RULES, "Q3 2017/18")
    assert status == StatusName.MONITORING
    assert reason == "12%; no target → Monitoring"


def test_monitoring_without_figure() -> None:
    status, reason = status_of(
        indicator(), Measurement(None, Q3, None, "Awaiting data"), DEFAULT_RULES, "Q3 2017/18"
    )
    assert (status, reason) == (StatusName.MONITORING, "Awaiting data; no target → Monitoring")


def test_target_without_reading_is_awaiting_data() -> None:
    ind = indicator(target={"at_least": 50})
    status, reason = status_of(ind, None, DEFAULT_RULES, "Q3 2017/18")
    assert status == StatusName.AWAITING
    assert reason == "no reading as at Q3 2017/18; target at least 50% → Awaiting data"


@pytest.mark.parametrize(
    ("value", "status", "reason"),
    [
        (50, StatusName.SUCCESSFUL, "50% against at least 50%: met → Successful"),
        (
            49,
            StatusName.CLOSE,
            "49% against at least 50%: 1 point short, within 5% → Close to target",
        ),
        (
            40,
            StatusName.NEEDS_IMPROVING,
            "40% against at least 50%: 10 points short, beyond 5% → Needs improving",
        ),
    ],
)
def test_target_rule(value: int, status: StatusName, reason: str) -> None:
    assert status_of(indicator(target={"at_least": 50}), m(value), DEFAULT_RULES, "") == (
        status,
        reason,
    )


def test_tolerance_is_configurable() -> None:
    rules = Rules(close_percent=D(1))
    assert (
        status_of(indicator(target={"at_least": 50}), m(49), rules, "")[0]
        == StatusName.NEEDS_IMPROVING
    )


def test_direction_computed_from_previous_comparable() -> None:
    ind = indicator(unit="count", target={"at_least": 600})
    history = [m(700, "Q1 2017/18"), m(760, "Q2 2017/18"), m(900, "2016/17")]
    d = direction_of(ind, m(774), None, history, DEFAULT_RULES)
    assert d is not None
    assert (d.name, d.source, d.better) == (DirectionName.STEADY, "computed", None)
    assert d.reason == "774 (Q3 2017/18) against 760 (Q2 2017/18): change +14, 1.8% within 2%"
    d = direction_of(ind, m(700), None, history, DEFAULT_RULES)
    assert d is not None and (d.name, d.better) == (DirectionName.DOWN, False)


def test_direction_year_earlier() -> None:
    ind = indicator(unit="count", target={"at_most": 600})
    history = [m(700, "Q3 2016/17"), m(400, "Q2 2017/18")]
    rules = Rules(compare="year-earlier", steady_percent=D(2))
    d = direction_of(ind, m(500), None, history, rules)
    assert d is not None and (d.name, d.better) == (DirectionName.DOWN, True)


def test_direction_stated_when_nothing_comparable() -> None:
    ind = indicator(target={"at_least": 50})
    reading = Reading.model_validate(
        {"indicator": "x", "period": "Q3 2017/18", "value": 49, "published": {"direction": "up"}}
    )
    d = direction_of(ind, m(49), reading, [m(44, "2014/15")], DEFAULT_RULES)
    assert d is not None and (d.name, d.source, d.better) == (DirectionName.UP, "stated", True)
    reading = reading.model_copy(update={"published": None})
    assert direction_of(ind, m(49), reading, [], DEFAULT_RULES) is None


def test_override_wins_and_says_so(tmp_path: Path) -> None:
    plan = load_plan(Path(__file__).resolve().parents[1] / "plan").plan
    snap = snapshot(plan, report_quarters(plan)[-1])
    row = next(r for r in snap.rows if r.indicator.id == "drugs-related-deaths")
    assert row.overridden and row.status == StatusName.NEEDS_IMPROVING
    assert row.computed_status == StatusName.MONITORING
    assert "overridden → Needs improving" in row.reason


def test_lag_and_headings() -> None:
    plan = load_plan(Path(__file__).resolve().parents[1] / "plan").plan
    snap = snapshot(plan, parse_period("Q3 2017/18"))
    assert str(snap.section("dasv").latest_heading) == "Q2 2017/18"
    assert str(snap.section("alcohol").latest_heading) == "Q3 2017/18"
    assert str(snap.section("road-safety").baseline_heading) == "2009/10"
    assert str(snap.section("soc").baseline_heading) == "2016/17"


def test_latest_reading_as_at_quarter(tmp_path: Path) -> None:
    root = overlay("minimal", tmp_path / "plan")
    (root / "readings" / "2017-18-q4.yaml").write_text(
        "quarter: Q4-2017/18\nreadings:\n"
        "  - indicator: example-first-time\n    period: Q4 2017/18\n    value: 55\n"
    )
    plan = load_plan(root).plan
    assert str(report_quarters(plan)[-1]) == "Q4 2017/18"
    q3 = snapshot(plan, parse_period("Q3 2017/18")).section("example").rows[0]
    q4 = snapshot(plan, parse_period("Q4 2017/18")).section("example").rows[0]
    assert q3.latest is not None and q3.latest.value == 49 and q3.status == StatusName.CLOSE
    assert q4.latest is not None and q4.latest.value == 55 and q4.status == StatusName.SUCCESSFUL
    assert q4.direction is not None and q4.direction.source == "computed"
    assert q4.direction.name == DirectionName.UP and q4.direction.better is True


def test_baseline_heading_most_common() -> None:
    plan = load_plan(FIXTURES / "minimal").plan
    assert str(baseline_heading(plan.themes[0])) == "2014/15"


# --- properties ------------------------------------------------------------------------

RANK = {StatusName.NEEDS_IMPROVING: 0, StatusName.CLOSE: 1, StatusName.SUCCESSFUL: 2}
values = st.decimals(min_value=0, max_value=1000, places=1, allow_nan=False)
kinds = st.sampled_from(["at_least", "at_most", "fewer_than", "no_increase", "higher", "lower"])


def _target(kind: str, t: D) -> dict[str, Any]:
    if kind == "no_increase":
        return {"target": {"no_increase": True}, "baseline": {"value": t, "period": "2014/15"}}
    if kind in ("higher", "lower"):
        return {
            "target": {"in_line_with": {"name": "national average", "value": t}},
            "polarity": f"{kind} is better",
        }
    return {"target": {kind: t}}


def _status(kind: str, t: D, v: D) -> StatusName:
    ind = indicator(unit="count", **_target(kind, t))
    return status_of(ind, Measurement(v, Q3), DEFAULT_RULES, "")[0]


@given(kinds, values, values, values)
def test_improving_a_value_never_worsens_its_status(kind: str, t: D, a: D, b: D) -> None:
    ind = indicator(unit="count", **_target(kind, t))
    higher_better = (
        ind.effective_polarity is not None and ind.effective_polarity.value == "higher is better"
    )
    worse, better = (min(a, b), max(a, b)) if higher_better else (max(a, b), min(a, b))
    assert RANK[_status(kind, t, better)] >= RANK[_status(kind, t, worse)]


@given(values, values)
def test_mirroring_polarity_and_values_mirrors_status(t: D, v: D) -> None:
    assert _status("at_least", t, v) == _status("at_most", -t, -v)
    assert _status("higher", t, v) == _status("lower", -t, -v)


def test_rules_layer_plan_theme_indicator(tmp_path: Path) -> None:
    from scp_report.status.snapshot import rules_for

    root = overlay("minimal", tmp_path / "plan")
    theme = root / "themes" / "example.yaml"
    theme.write_text(
        theme.read_text().replace(
            "key_outcomes:", "status_rules:\n  close_percent: 1\nkey_outcomes:"
        )
    )
    plan = load_plan(root).plan
    section = plan.themes[0]
    rules = rules_for(plan, section, section.indicators[0])
    assert (rules.close_percent, rules.steady_percent, rules.close_places) == (1, 2, 1)
    row = snapshot(plan, Q3).section("example").rows[0]
    assert row.status == StatusName.NEEDS_IMPROVING  # 49 vs 50 is beyond 1%
