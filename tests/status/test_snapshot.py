"""The status engine: one test per branch of the fallback order, direction, snapshot."""

from __future__ import annotations

import shutil
from dataclasses import replace
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scp_report.model.figures import Measurement
from scp_report.model.models import (
    DirectionName,
    Indicator,
    Plan,
    Reading,
    ReadingsFile,
    StatusName,
    Theme,
)
from scp_report.model.periods import parse_period
from scp_report.model.rules import DEFAULT_RULES, Rules
from scp_report.model.words import DEFAULT_WORDS
from scp_report.plan.loader import load_plan
from scp_report.status.snapshot import (
    Direction,
    Later,
    Row,
    baseline_heading,
    comparator_of,
    direction_of,
    disagreements,
    quarters_with_figures,
    report_quarters,
    snapshot,
    status_of,
    target_text,
    trend_of,
)

from ..builders import edit, overlay
from ..helpers import FIXTURES, PARTNERSHIPS

Q3 = parse_period("Q3 2017/18")
BASE_2 = {"value": D("2.0"), "period": "2014/15"}


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
    plan = load_plan(Path(__file__).resolve().parents[2] / "plan").plan
    snap = snapshot(plan, report_quarters(plan)[-1])
    row = next(r for r in snap.rows if r.indicator.id == "drugs-related-deaths")
    assert row.overridden and row.status == StatusName.NEEDS_IMPROVING
    assert row.computed_status == StatusName.MONITORING
    assert "overridden → Needs improving" in row.reason


def test_lag_and_headings() -> None:
    plan = load_plan(Path(__file__).resolve().parents[2] / "plan").plan
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


def test_a_readings_comparator_replaces_the_targets(tmp_path: Path) -> None:
    """A reading's `comparator` is the updated figure the target is judged against, from
    that reading on, in the status, its reason, the target in words and validate's check
    of the published status."""
    root = overlay("minimal", tmp_path / "plan")
    theme = root / "themes" / "example.yaml"
    theme.write_text(
        theme.read_text().replace(
            "    target:\n      at_least: 50\n",
            "    polarity: higher is better\n"
            "    target:\n      in_line_with: {name: national average, value: 48}\n",
        )
    )
    q3 = root / "readings" / "2017-18-q3.yaml"
    q3.write_text(
        q3.read_text().replace(
            "    value: 49\n",
            "    value: 49\n"
            '    comparator: {name: national average, value: 52, period: "Q3 2017/18"}\n'
            "    published: {status: Needs improving}\n",
        )
    )
    (root / "readings" / "2017-18-q4.yaml").write_text(
        "quarter: Q4-2017/18\nreadings:\n"
        "  - indicator: example-first-time\n    period: Q4 2017/18\n    value: 51\n"
    )
    loaded = load_plan(root)
    assert loaded.warnings == []  # published as Needs improving: so the rules give
    plan = loaded.plan
    row = snapshot(plan, parse_period("Q3 2017/18")).section("example").rows[0]
    # 49 against 52: 3 points worse; 5% of 52 is 2.6, so beyond it.
    assert row.target == "in line with national average (52%, Q3 2017/18) or better"
    assert (row.status, row.reason) == (
        StatusName.NEEDS_IMPROVING,
        "49% against in line with national average (52%, Q3 2017/18) or better: "
        "3 points worse, beyond 5% → Needs improving",
    )
    # The Q4 reading gives no comparator: the Q3 update stands. 51 against 52: 1 point
    # worse, within 2.6.
    row = snapshot(plan, parse_period("Q4 2017/18")).section("example").rows[0]
    assert (row.status, row.reason) == (
        StatusName.CLOSE,
        "51% against in line with national average (52%, Q3 2017/18) or better: "
        "1 point worse, within 5% → Close to target",
    )
    # A comparator given with a later figure still awaited is not the one the Q4 figure,
    # which stands, was judged against.
    (root / "readings" / "2018-19-q1.yaml").write_text(
        "quarter: Q1-2018/19\nreadings:\n"
        "  - indicator: example-first-time\n    period: Q1 2018/19\n"
        "    missing: Awaiting data\n    comparator: {name: national average, value: 40}\n"
    )
    row = snapshot(load_plan(root).plan, parse_period("Q1 2018/19")).section("example").rows[0]
    assert row.status == StatusName.CLOSE and "(52%, Q3 2017/18)" in row.reason


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


# --- every target kind's reason, met, close and missed -----------------------------------

NATIONAL = {"in_line_with": {"name": "national average", "value": 39, "period": "2016/17"}}
FAMILY = {"in_line_with": {"name": "family group", "value": 302}}


@pytest.mark.parametrize(
    ("fields", "value", "status", "reason"),
    [
        (
            {"target": {"at_most": 60}},
            60,
            StatusName.SUCCESSFUL,
            "60% against at most 60%: met → Successful",
        ),
        (
            {"target": {"at_most": 60}},
            62,
            StatusName.CLOSE,
            "62% against at most 60%: 2 points over, within 5% → Close to target",
        ),
        (
            {"target": {"at_most": 60}},
            70,
            StatusName.NEEDS_IMPROVING,
            "70% against at most 60%: 10 points over, beyond 5% → Needs improving",
        ),
        (
            {"target": {"fewer_than": 60}},
            D("59.9"),
            StatusName.SUCCESSFUL,
            "59.9% against fewer than 60%: met → Successful",
        ),
        (
            {"target": {"fewer_than": 60}},
            60,
            StatusName.CLOSE,
            "60% against fewer than 60%: 0 points over, within 5% → Close to target",
        ),
        (
            {"target": {"fewer_than": 60}},
            64,
            StatusName.NEEDS_IMPROVING,
            "64% against fewer than 60%: 4 points over, beyond 5% → Needs improving",
        ),
        (
            {"target": {"between": {"low": 28, "high": 40}}},
            28,
            StatusName.SUCCESSFUL,
            "28% against 28%-40%: within the range → Successful",
        ),
        (
            {"target": {"between": {"low": 28, "high": 40}}},
            40,
            StatusName.SUCCESSFUL,
            "40% against 28%-40%: within the range → Successful",
        ),
        (
            {"target": {"between": {"low": 28, "high": 40}}},
            27,
            StatusName.CLOSE,
            "27% against 28%-40%: 1 point below the range, within 5% → Close to target",
        ),
        (
            {"target": {"between": {"low": 28, "high": 40}}},
            42,
            StatusName.CLOSE,
            "42% against 28%-40%: 2 points above the range, within 5% → Close to target",
        ),
        (
            {"target": {"between": {"low": 28, "high": 40}}},
            45,
            StatusName.NEEDS_IMPROVING,
            "45% against 28%-40%: 5 points above the range, beyond 5% → Needs improving",
        ),
        (
            {"target": NATIONAL, "polarity": "higher is better"},
            39,
            StatusName.SUCCESSFUL,
            "39% against in line with national average (39%, 2016/17) or better: "
            "in line or better → Successful",
        ),
        (
            {"target": NATIONAL, "polarity": "higher is better"},
            38,
            StatusName.CLOSE,
            "38% against in line with national average (39%, 2016/17) or better: "
            "1 point worse, within 5% → Close to target",
        ),
        (
            {"target": NATIONAL, "polarity": "higher is better"},
            35,
            StatusName.NEEDS_IMPROVING,
            "35% against in line with national average (39%, 2016/17) or better: "
            "4 points worse, beyond 5% → Needs improving",
        ),
        (
            {"unit": "rate", "target": FAMILY, "polarity": "lower is better"},
            228,
            StatusName.SUCCESSFUL,
            "228 against in line with family group (302) or better: in line or better → Successful",
        ),
        (
            {"unit": "rate", "target": FAMILY, "polarity": "lower is better"},
            310,
            StatusName.CLOSE,
            "310 against in line with family group (302) or better: 8 worse (2.6%), within 5% "
            "→ Close to target",
        ),
        (
            {"unit": "rate", "target": FAMILY, "polarity": "lower is better"},
            340,
            StatusName.NEEDS_IMPROVING,
            "340 against in line with family group (302) or better: 38 worse (12.6%), "
            "beyond 5% → Needs improving",
        ),
        (
            {"unit": "rate", "target": {"no_increase": True}, "baseline": BASE_2},
            D("2.0"),
            StatusName.SUCCESSFUL,
            "2.0 against no increase on 2.0 (2014/15): no increase → Successful",
        ),
        (
            {"unit": "rate", "target": {"no_increase": True}, "baseline": BASE_2},
            D("2.1"),
            StatusName.CLOSE,
            "2.1 against no increase on 2.0 (2014/15): 0.1 higher (5%), within 5% "
            "→ Close to target",
        ),
        (
            {"unit": "rate", "target": {"no_increase": True}, "baseline": BASE_2},
            D("2.2"),
            StatusName.NEEDS_IMPROVING,
            "2.2 against no increase on 2.0 (2014/15): 0.2 higher (10%), beyond 5% "
            "→ Needs improving",
        ),
    ],
)
def test_every_kind_gives_its_reason(
    fields: dict[str, Any], value: Any, status: StatusName, reason: str
) -> None:
    assert status_of(indicator(**fields), m(value), DEFAULT_RULES, "") == (status, reason)


RANKED = {"unit": "rate", "target": {"rank": {"within_top": 3, "of": "family group"}}}


@pytest.mark.parametrize(
    ("position", "status", "reason"),
    [
        (
            3,
            StatusName.SUCCESSFUL,
            "45.5 (ranked 3rd) against top 3 of family group: 3rd is within the top 3 → Successful",
        ),
        (
            4,
            StatusName.CLOSE,
            "45.5 (ranked 4th) against top 3 of family group: 1 place short, within 1 place "
            "→ Close to target",
        ),
        (
            5,
            StatusName.NEEDS_IMPROVING,
            "45.5 (ranked 5th) against top 3 of family group: 2 places short, beyond 1 place "
            "→ Needs improving",
        ),
    ],
)
def test_rank_reason(position: int, status: StatusName, reason: str) -> None:
    latest = m("45.5", "12 months to Dec 2017", rank=position)
    assert status_of(indicator(**RANKED), latest, DEFAULT_RULES, "") == (status, reason)


def test_rank_places_are_plural_in_the_tolerance_too() -> None:
    latest = m("45.5", "12 months to Dec 2017", rank=6)
    rules = Rules(close_places=2)
    assert status_of(indicator(**RANKED), latest, rules, "")[1] == (
        "45.5 (ranked 6th) against top 3 of family group: 3 places short, beyond 2 places "
        "→ Needs improving"
    )


def test_a_rank_target_without_a_rank_awaits_it() -> None:
    latest = m("45.5", "12 months to Dec 2017")
    assert status_of(indicator(**RANKED), latest, DEFAULT_RULES, "") == (
        StatusName.AWAITING,
        "no rank yet for 12 months to Dec 2017; target top 3 of family group → Awaiting data",
    )


# A 90% reduction from 100 in the year to March 2020 to 10 by December 2020: the straight
# line falls 10 a month from March, so 70 is expected by June and 40 by September.
REDUCTION = {
    "unit": "count",
    "target": {"reduction": {"percent": 90, "by": 2020, "value": 10}},
    "baseline": {"value": 100, "period": "2019/20"},
}


@pytest.mark.parametrize(
    ("value", "period", "status", "reason"),
    [
        (
            70,
            "Q1 2020/21",
            StatusName.SUCCESSFUL,
            "70 against 90% reduction to 10 by 2020: 70.0 expected by Jun 2020: on track "
            "→ Successful",
        ),
        (
            72,
            "Q1 2020/21",
            StatusName.CLOSE,
            "72 against 90% reduction to 10 by 2020: 70.0 expected by Jun 2020: "
            "2.0 behind (2.9%), within 5% → Close to target",
        ),
        (
            45,
            "Q2 2020/21",
            StatusName.NEEDS_IMPROVING,
            "45 against 90% reduction to 10 by 2020: 40.0 expected by Sep 2020: "
            "5.0 behind (12.5%), beyond 5% → Needs improving",
        ),
        (
            10,
            "2020",
            StatusName.SUCCESSFUL,
            "10 against 90% reduction to 10 by 2020: 10.0 expected by Dec 2020: on track "
            "→ Successful",
        ),
        (
            11,
            "2021",
            StatusName.NEEDS_IMPROVING,
            "11 against 90% reduction to 10 by 2020: 10.0 expected by Dec 2021: "
            "1.0 behind (10%), beyond 5% → Needs improving",
        ),
    ],
)
def test_reduction_follows_the_straight_line_to_december_of_its_year(
    value: int, period: str, status: StatusName, reason: str
) -> None:
    got = status_of(indicator(**REDUCTION), m(value, period), DEFAULT_RULES, "")
    assert got == (status, reason)


def test_reduction_line_rounds_to_one_decimal_place() -> None:
    # From the year to March 2020, December 2021 is 21 months away: 100 - 90 * 3/21.
    ind = indicator(
        **{**REDUCTION, "target": {"reduction": {"percent": 90, "by": 2021, "value": 10}}}
    )
    reason = status_of(ind, m(87, "Q1 2020/21"), DEFAULT_RULES, "")[1]
    assert reason == (
        "87 against 90% reduction to 10 by 2021: 87.1 expected by Jun 2020: on track → Successful"
    )


# --- missing data ------------------------------------------------------------------------


def test_monitoring_without_any_reading() -> None:
    assert status_of(indicator(), None, DEFAULT_RULES, "Q3 2017/18") == (
        StatusName.MONITORING,
        "no reading as at Q3 2017/18; no target → Monitoring",
    )


def test_a_reading_without_figure_says_why() -> None:
    ind = indicator(target={"at_least": 50})
    not_reported = Measurement(None, Q3, None, "Not reported")
    assert status_of(ind, not_reported, DEFAULT_RULES, "") == (
        StatusName.AWAITING,
        "Not reported; target at least 50% → Awaiting data",
    )
    silent = Measurement(None, Q3)
    assert status_of(ind, silent, DEFAULT_RULES, "") == (
        StatusName.AWAITING,
        "no figure yet for Q3 2017/18; target at least 50% → Awaiting data",
    )
    assert status_of(indicator(), silent, DEFAULT_RULES, "") == (
        StatusName.MONITORING,
        "no figure yet for Q3 2017/18; no target → Monitoring",
    )


def test_zero_tolerance_makes_every_miss_a_miss() -> None:
    ind = indicator(target={"at_least": 50})
    assert status_of(ind, m("49.9"), Rules(close_percent=D(0)), "") == (
        StatusName.NEEDS_IMPROVING,
        "49.9% against at least 50%: 0.1 points short, beyond 0% → Needs improving",
    )


# --- direction ---------------------------------------------------------------------------

COUNT = {"unit": "count", "target": {"at_least": 50}}


def _direction(latest: Any, previous: Any, **fields: Any) -> Any:
    ind = indicator(**(fields or COUNT))
    return direction_of(ind, m(latest), None, [m(previous, "Q2 2017/18")], DEFAULT_RULES)


@pytest.mark.parametrize(
    ("latest", "previous", "name", "reason"),
    [
        (102, 100, DirectionName.STEADY, "change +2, 2% within 2%"),
        (98, 100, DirectionName.STEADY, "change -2, 2% within 2%"),
        (D("102.1"), 100, DirectionName.UP, "change +2.1, 2.1% beyond 2%"),
        (D("97.9"), 100, DirectionName.DOWN, "change -2.1, 2.1% beyond 2%"),
        (D("10.5"), D("10.0"), DirectionName.UP, "change +0.5, 5% beyond 2%"),
        (D("9.5"), D("10.0"), DirectionName.DOWN, "change -0.5, 5% beyond 2%"),
        (100, 100, DirectionName.STEADY, "change +0, 0% within 2%"),
        (D("-5"), D("-10"), DirectionName.UP, "change +5, 50% beyond 2%"),
    ],
)
def test_direction_at_and_around_the_steady_boundary(
    latest: Any, previous: Any, name: DirectionName, reason: str
) -> None:
    d = _direction(latest, previous)
    assert d is not None and (d.name, d.source) == (name, "computed")
    assert d.reason.endswith(f"(Q2 2017/18): {reason}")


def test_direction_reason_names_both_figures_and_periods() -> None:
    d = _direction(D("10.5"), D("10.0"), unit="percent", target={"at_least": 50})
    assert d is not None
    assert d.reason == "10.5% (Q3 2017/18) against 10.0% (Q2 2017/18): change +0.5, 5% beyond 2%"


@pytest.mark.parametrize(
    ("latest", "name", "reason"),
    [
        (5, DirectionName.UP, "5 (Q3 2017/18) against 0 (Q2 2017/18): change +5 beyond 2%"),
        (-5, DirectionName.DOWN, "-5 (Q3 2017/18) against 0 (Q2 2017/18): change -5 beyond 2%"),
        (0, DirectionName.STEADY, "0 (Q3 2017/18) against 0 (Q2 2017/18): change +0, 0% within 2%"),
    ],
)
def test_direction_from_a_previous_figure_of_zero(
    latest: int, name: DirectionName, reason: str
) -> None:
    # No share of zero to print: the change is given alone, never as 'Infinity%'.
    d = _direction(latest, 0)
    assert d is not None and (d.name, d.reason) == (name, reason)


def test_steady_percent_is_configurable() -> None:
    ind = indicator(**COUNT)
    rules = Rules(steady_percent=D(5))
    d = direction_of(ind, m(105), None, [m(100, "Q2 2017/18")], rules)
    assert d is not None and d.name == DirectionName.STEADY
    assert d.reason.endswith("change +5, 5% within 5%")


@pytest.mark.parametrize(
    ("fields", "up_is_better"),
    [
        (COUNT, True),
        ({"unit": "count", "target": {"at_most": 50}}, False),
        ({"unit": "count", "polarity": "higher is better"}, True),
        ({"unit": "count", "polarity": "lower is better"}, False),
        ({"unit": "count"}, None),
    ],
)
def test_polarity_says_whether_a_move_is_better(
    fields: dict[str, Any], up_is_better: bool | None
) -> None:
    up, down = _direction(120, 100, **fields), _direction(80, 100, **fields)
    steady = _direction(100, 100, **fields)
    assert up is not None and down is not None and steady is not None
    assert up.better is up_is_better
    assert down.better is (None if up_is_better is None else not up_is_better)
    assert steady.better is None


def test_direction_compares_only_like_with_like_and_earlier() -> None:
    ind = indicator(**COUNT)
    history = [
        m(900, "2016/17"),  # a year, not a quarter
        m(500, "Q1-2 2017/18"),  # cumulative quarters
        m(None, "Q2 2017/18"),  # no figure
        Measurement(D(1), None),  # no period (a baseline without one)
        m(10, "Q4 2017/18"),  # later than the latest
        m(10, "Q3 2017/18"),  # the same period
        m(100, "Q1 2017/18"),
    ]
    d = direction_of(ind, m(150), None, history, DEFAULT_RULES)
    assert d is not None
    assert d.reason == "150 (Q3 2017/18) against 100 (Q1 2017/18): change +50, 50% beyond 2%"


def test_direction_against_the_latest_earlier_period_whatever_the_order() -> None:
    ind = indicator(**COUNT)
    history = [m(100, "Q2 2017/18"), m(50, "Q4 2016/17"), m(10, "Q1 2017/18")]
    d = direction_of(ind, m(101), None, history, DEFAULT_RULES)
    assert d is not None and d.name == DirectionName.STEADY
    assert "against 100 (Q2 2017/18)" in d.reason


def test_year_earlier_needs_the_same_period_a_year_before() -> None:
    ind = indicator(**COUNT)
    rules = Rules(compare="year-earlier")
    history = [m(10, "Q2 2017/18"), m(100, "Q3 2016/17"), m(10, "Q3 2015/16")]
    d = direction_of(ind, m(150), None, history, rules)
    assert d is not None
    assert d.reason == "150 (Q3 2017/18) against 100 (Q3 2016/17): change +50, 50% beyond 2%"
    assert direction_of(ind, m(150), None, [m(10, "Q2 2017/18")], rules) is None


def _published(direction: str | None) -> Reading:
    return Reading.model_validate(
        {
            "indicator": "x",
            "period": "Q3 2017/18",
            "value": 49,
            "published": {"direction": direction},
        }
    )


def test_stated_direction_only_without_a_comparable_figure() -> None:
    ind = indicator(target={"at_least": 50})
    stated = direction_of(ind, m(49), _published("down"), [], DEFAULT_RULES)
    assert stated is not None
    assert (stated.name, stated.source, stated.better) == (DirectionName.DOWN, "stated", False)
    assert stated.reason == "no earlier comparable reading; direction as published"
    steady = direction_of(ind, m(49), _published("steady"), [], DEFAULT_RULES)
    assert steady is not None and (steady.name, steady.better) == (DirectionName.STEADY, None)
    assert direction_of(ind, m(49), _published("n/a"), [], DEFAULT_RULES) is None
    assert direction_of(ind, m(49), _published(None), [], DEFAULT_RULES) is None
    computed = direction_of(ind, m(49), _published("down"), [m(40, "Q2 2017/18")], DEFAULT_RULES)
    assert computed is not None and (computed.name, computed.source) == (
        DirectionName.UP,
        "computed",
    )


def test_no_figure_no_computed_direction() -> None:
    ind = indicator(target={"at_least": 50})
    history = [m(40, "Q2 2017/18")]
    assert direction_of(ind, None, None, history, DEFAULT_RULES) is None
    assert direction_of(ind, m(None), None, history, DEFAULT_RULES) is None
    stated = direction_of(ind, m(None), _published("up"), history, DEFAULT_RULES)
    assert stated is not None and stated.source == "stated"


changes = st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False)
FLIP = {DirectionName.UP: DirectionName.DOWN, DirectionName.DOWN: DirectionName.UP}


def _move(latest: D, previous: D, rules: Rules) -> DirectionName:
    ind = indicator(**COUNT)
    d = direction_of(ind, Measurement(latest, Q3), None, [m(previous, "Q2 2017/18")], rules)
    assert d is not None
    return d.name


@given(changes, changes)
def test_swapping_previous_and_latest_flips_the_direction(a: D, b: D) -> None:
    exact = Rules(steady_percent=D(0))
    flipped = FLIP.get(_move(b, a, exact), DirectionName.STEADY)
    assert _move(a, b, exact) == flipped


@given(changes, changes)
def test_swapping_never_gives_the_same_move(a: D, b: D) -> None:
    # Steadiness is judged against the earlier figure (README, Status rules), so a change
    # near the threshold can be steady one way and a move the other: but never the same
    # move both ways, and steady both ways when within the threshold of either figure.
    there, back = _move(b, a, DEFAULT_RULES), _move(a, b, DEFAULT_RULES)
    assert there == DirectionName.STEADY or back != there
    if abs(b - a) * 100 <= DEFAULT_RULES.steady_percent * min(abs(a), abs(b)):
        assert there == back == DirectionName.STEADY


# --- the snapshot of a plan ----------------------------------------------------------------


def _readings(root: Path, quarter: str, *lines: str) -> None:
    """A readings file for `quarter` ('Q4-2017/18') holding the given readings."""
    fy, q = quarter[3:].replace("/", "-"), quarter[1]
    body = "".join(f"  - {line}\n" for line in lines)
    (root / "readings" / f"{fy}-q{q}.yaml").write_text(
        f"quarter: {quarter}\nreadings:\n{body}" if lines else f"quarter: {quarter}\n"
    )


def _row(root: Path, quarter: str, ident: str = "example-first-time") -> Any:
    plan = load_plan(root).plan
    return next(r for r in snapshot(plan, parse_period(quarter)).rows if r.indicator.id == ident)


def test_an_indicator_with_no_readings_at_all(tmp_path: Path) -> None:
    root = overlay("minimal", tmp_path / "plan")
    _readings(root, "Q3-2017/18")
    row = _row(root, "Q3 2017/18")
    assert (row.latest, row.reported_in, row.reading, row.direction) == (None, None, None, None)
    assert (row.status, row.computed_status, row.overridden) == (
        StatusName.AWAITING,
        StatusName.AWAITING,
        False,
    )
    assert row.reason == "no reading as at Q3 2017/18; target at least 50% → Awaiting data"
    assert row.target == "at least 50%"
    assert row.baseline == Measurement(D(44), parse_period("2014/15"))
    count = _row(root, "Q3 2017/18", "example-count")
    assert (count.status, count.target) == (StatusName.MONITORING, "none (monitoring)")
    assert count.baseline == Measurement(None, None, None, "n/a")


def test_a_row_carries_its_reading_and_the_quarter_it_came_in(tmp_path: Path) -> None:
    root = overlay("minimal", tmp_path / "plan")
    row = _row(root, "Q3 2017/18", "headline-rate")
    assert row.section_id == "headline"
    assert row.latest == Measurement(D("45.5"), parse_period("12 months to Dec 2017"), 4)
    assert row.reported_in == Q3
    assert row.reading is not None and row.reading.value == D("45.5")
    assert row.baseline == Measurement(D("40.0"), parse_period("2014/15"), 2)


def _restated(*readings: dict[str, Any]) -> Plan:
    """The minimal plan with a Q4 2017/18 readings file that may restate earlier periods.

    The loader refuses a second reading for a period (plan.checks), so a restatement
    reaches the engine only from a plan built in code: there the later report wins, as a
    correction of the earlier one."""
    plan = load_plan(FIXTURES / "minimal").plan
    q4 = ReadingsFile.model_validate({"quarter": "Q4-2017/18", "readings": list(readings)})
    return plan.model_copy(update={"readings": (q4, *plan.readings)})


def _first_time(plan: Plan, quarter: str) -> Row:
    return snapshot(plan, parse_period(quarter)).section("example").rows[0]


def test_a_restatement_replaces_the_figure_first_reported() -> None:
    # Q4 restates the Q3 figure and reports no Q4 figure: the snapshot for Q4 shows the
    # corrected Q3 figure, reported in Q4; the one for Q3 the original.
    plan = _restated({"indicator": "example-first-time", "period": "Q3 2017/18", "value": 51})
    q4 = _first_time(plan, "Q4 2017/18")
    assert q4.latest is not None and q4.latest.value == 51
    assert q4.reported_in == parse_period("Q4 2017/18")
    assert q4.reason == "51% against at least 50%: met → Successful"
    q3 = _first_time(plan, "Q3 2017/18")
    assert q3.latest is not None and q3.latest.value == 49 and q3.status == StatusName.CLOSE


def test_direction_is_against_the_restated_earlier_figure() -> None:
    # Q3 reported 49; Q4 restates Q3 as 55 and reports 56 for Q4: against the restated 55
    # that is steady, not the rise from 49 that the first report would show.
    plan = _restated(
        {"indicator": "example-first-time", "period": "Q3 2017/18", "value": 55},
        {"indicator": "example-first-time", "period": "Q4 2017/18", "value": 56},
    )
    row = _first_time(plan, "Q4 2017/18")
    assert row.direction is not None
    assert row.direction.reason == (
        "56% (Q4 2017/18) against 55% (Q3 2017/18): change +1, 1.8% within 2%"
    )
    assert row.direction.name == DirectionName.STEADY


def test_the_latest_period_wins_over_the_latest_report(tmp_path: Path) -> None:
    # A lagging report in Q4 of an older period does not hide the newer figure.
    root = overlay("minimal", tmp_path / "plan")
    _readings(root, "Q4-2017/18", "{indicator: example-first-time, period: Q2 2017/18, value: 60}")
    row = _row(root, "Q4 2017/18")
    assert row.latest is not None and (row.latest.value, str(row.latest.period)) == (
        49,
        "Q3 2017/18",
    )
    assert row.reported_in == Q3


def test_override_keeps_the_computed_status_and_reason(tmp_path: Path) -> None:
    root = overlay("minimal", tmp_path / "plan")
    _readings(
        root,
        "Q4-2017/18",
        "{indicator: example-first-time, period: Q4 2017/18, value: 60, "
        "override: {status: Needs improving, reason: data quality under review}}",
    )
    row = _row(root, "Q4 2017/18")
    assert (row.status, row.computed_status, row.overridden) == (
        StatusName.NEEDS_IMPROVING,
        StatusName.SUCCESSFUL,
        True,
    )
    assert row.reason == (
        "60% against at least 50%: met → Successful; "
        "overridden → Needs improving: data quality under review"
    )


def test_snapshot_rows_and_sections_in_document_order() -> None:
    plan = load_plan(FIXTURES / "minimal").plan
    snap = snapshot(plan, Q3)
    assert snap.quarter == Q3
    assert [s.id for s in snap.sections] == ["headline", "example"]
    assert [r.indicator.id for r in snap.rows] == [
        "headline-rate",
        "example-first-time",
        "example-count",
    ]
    assert snap.section("example").title == "Example Theme"
    with pytest.raises(KeyError, match="nowhere"):
        snap.section("nowhere")


def test_report_quarters_oldest_first_once_each(tmp_path: Path) -> None:
    root = overlay("minimal", tmp_path / "plan")
    _readings(root, "Q1-2018/19")
    _readings(root, "Q2-2017/18")
    plan = load_plan(root).plan
    assert [str(q) for q in report_quarters(plan)] == ["Q2 2017/18", "Q3 2017/18", "Q1 2018/19"]


def test_baseline_heading_as_set_else_most_common_else_earliest() -> None:
    def section(*periods: str | None, heading: str | None = None) -> Any:
        inds = [
            {"id": f"i{n}", "measure": "m", "unit": "count"}
            | {"baseline": {"value": 1, "period": p} if p else {"missing": "n/a"}}
            for n, p in enumerate(periods)
        ]
        return Theme.model_validate(
            {"id": "t", "title": "T", "indicators": inds, "baseline_heading": heading}
        )

    assert str(baseline_heading(section("2015/16", "2014/15", "2015/16"))) == "2015/16"
    assert str(baseline_heading(section("2015/16", "2014/15"))) == "2014/15"
    assert str(baseline_heading(section("2015/16", heading="2013/14"))) == "2013/14"
    assert baseline_heading(section(None)) is None
    assert baseline_heading(section()) is None


def test_rules_come_from_plan_then_section_then_indicator(tmp_path: Path) -> None:
    from scp_report.status.snapshot import rules_for

    root = overlay("minimal", tmp_path / "plan")
    partnership = root / "partnership.yaml"
    partnership.write_text(
        partnership.read_text().replace(
            "status_rules:\n  close_percent: 5",
            "status_rules:\n  close_percent: 10\n  steady_percent: 3\n  compare: year-earlier",
        )
    )
    theme = root / "themes" / "example.yaml"
    theme.write_text(
        theme.read_text()
        .replace("key_outcomes:", "status_rules:\n  steady_percent: 4\nkey_outcomes:")
        .replace(
            "    target:\n      at_least: 50\n",
            "    target:\n      at_least: 50\n    status_rules: {close_percent: 1}\n",
        )
    )
    plan = load_plan(root).plan
    headline, theme_section = plan.sections
    assert rules_for(plan, headline, headline.indicators[0]) == Rules(
        D(10), 1, D(3), "year-earlier"
    )
    first, count = theme_section.indicators
    assert rules_for(plan, theme_section, first) == Rules(D(1), 1, D(4), "year-earlier")
    assert rules_for(plan, theme_section, count) == Rules(D(10), 1, D(4), "year-earlier")


def test_a_snapshot_row_takes_the_direction_published_with_its_reading(tmp_path: Path) -> None:
    # example-count has no baseline figure and no earlier reading: nothing to compare with.
    root = overlay("minimal", tmp_path / "plan")
    _readings(
        root,
        "Q3-2017/18",
        "{indicator: example-count, period: Q3 2017/18, value: 12, published: {direction: up}}",
    )
    row = _row(root, "Q3 2017/18", "example-count")
    assert row.direction == Direction(
        DirectionName.UP, "stated", None, "no earlier comparable reading; direction as published"
    )


def test_of_two_figures_for_one_period_the_later_report_counts() -> None:
    # History runs oldest report first (the baseline, then the readings): a later figure
    # for the same period restates the earlier one.
    ind = indicator(**COUNT)
    history = [m(100, "Q2 2017/18"), m(50, "Q2 2017/18")]
    d = direction_of(ind, m(51), None, history, DEFAULT_RULES)
    assert d is not None and d.name == DirectionName.STEADY
    assert d.reason == "51 (Q3 2017/18) against 50 (Q2 2017/18): change +1, 2% within 2%"


# --- a part of the year --------------------------------------------------------------------

# A count reported year to date against a year's target of at most 36, from a baseline of
# 40 for the year 2012/13.
YTD = {
    "unit": "count",
    "reports": "cumulative quarters",
    "target": {"at_most": 36},
    "baseline": {"value": 40, "period": "2012/13"},
}


@pytest.mark.parametrize(
    ("value", "period", "reason"),
    [
        (
            20,
            "Q1-2 2013/14",
            # 36 x 6/12 = 18 due by September: 2 over is 11.1% of 18.
            "20 against at most 36 (pro rata for 6 of 12 months: at most 18): 2 over (11.1%), "
            "beyond 5% → Needs improving",
        ),
        (
            27,
            "Q1-3 2013/14",
            "27 against at most 36 (pro rata for 9 of 12 months: at most 27): met → Successful",
        ),
        (
            16,
            "YTD Aug 2013",
            # 36 x 5/12 = 15: 1 over is 6.7%.
            "16 against at most 36 (pro rata for 5 of 12 months: at most 15): 1 over (6.7%), "
            "beyond 5% → Needs improving",
        ),
        (
            3,
            "YTD Apr 2013",
            "3 against at most 36 (pro rata for 1 of 12 months: at most 3): met → Successful",
        ),
        # A whole year is judged against the year's target; a quarter, or a span that does
        # not start with the year, is no part of the year's count.
        (38, "Q1-4 2013/14", "38 against at most 36: 2 over (5.6%), beyond 5% → Needs improving"),
        (20, "Q2 2013/14", "20 against at most 36: met → Successful"),
        (20, "Q2-3 2013/14", "20 against at most 36: met → Successful"),
    ],
)
def test_a_count_to_date_is_judged_pro_rata(value: int, period: str, reason: str) -> None:
    assert status_of(indicator(**YTD), m(value, period), DEFAULT_RULES, "")[1] == reason


@pytest.mark.parametrize(
    ("profile", "value", "period", "reason"),
    [
        (
            [20, 60, 80, 100],
            20,
            "Q1-2 2013/14",
            # 60% of 36 is 21.6.
            "20 against at most 36 (by its profile, 60% of the year's by Sep 2013: "
            "at most 21.6): met → Successful",
        ),
        (
            [20, 60, 80, 100],
            7,
            "YTD Jun 2013",
            # The end of the first quarter: 20% of 36 is 7.2.
            "7 against at most 36 (by its profile, 20% of the year's by Jun 2013: "
            "at most 7.2): met → Successful",
        ),
        (
            [20, 60, 80, 100],
            17,
            "YTD Aug 2013",
            # Two months into the second quarter: 20 + (60 - 20) x 2/3 = 46.7%, and 36 x
            # 46.67% = 16.8; 0.2 over is 1.2%.
            "17 against at most 36 (by its profile, 46.7% of the year's by Aug 2013: "
            "at most 16.8): 0.2 over (1.2%), within 5% → Close to target",
        ),
        (
            [20, 60, 80, 100],
            5,
            "YTD May 2013",
            # Two months into the first quarter, from nothing: 20 x 2/3 = 13.3%, and 36 x
            # 13.33% = 4.8; 0.2 over is 4.2%.
            "5 against at most 36 (by its profile, 13.3% of the year's by May 2013: "
            "at most 4.8): 0.2 over (4.2%), within 5% → Close to target",
        ),
        (
            [5, 10, 15, 20, 30, 40, 50, 60, 70, 80, 90, 100],
            15,
            "YTD Sep 2013",
            # Month by month: 40% by the sixth month, of 36 is 14.4; 0.6 over is 4.2%.
            "15 against at most 36 (by its profile, 40% of the year's by Sep 2013: "
            "at most 14.4): 0.6 over (4.2%), within 5% → Close to target",
        ),
        (
            [5, 10, 15, 20, 30, 40, 50, 60, 70, 80, 90, 100],
            2,
            "YTD Apr 2013",
            "2 against at most 36 (by its profile, 5% of the year's by Apr 2013: "
            "at most 1.8): 0.2 over (11.1%), beyond 5% → Needs improving",
        ),
    ],
)
def test_or_by_its_profile(profile: list[int], value: int, period: str, reason: str) -> None:
    ind = indicator(**YTD, profile=profile)
    assert status_of(ind, m(value, period), DEFAULT_RULES, "")[1] == reason


def test_only_a_count_against_a_years_amount_is_scaled() -> None:
    q12 = "Q1-2 2013/14"
    # A percentage of part of the year is a percentage like any other.
    percent = indicator(**{**YTD, "unit": "percent"})
    assert status_of(percent, m(30, q12), DEFAULT_RULES, "")[1] == (
        "30% against at most 36%: met → Successful"
    )
    # No target: nothing to scale.
    monitored = indicator(**{**YTD, "target": None})
    assert status_of(monitored, m(20, q12), DEFAULT_RULES, "")[1] == "20; no target → Monitoring"
    # A comparator or a rank is no amount of a year.
    national = {"in_line_with": {"name": "national average", "value": 36}}
    compared = indicator(**{**YTD, "target": national, "polarity": "lower is better"})
    assert status_of(compared, m(20, q12), DEFAULT_RULES, "")[1] == (
        "20 against in line with national average (36) or better: in line or better → Successful"
    )
    ranked = indicator(**{**YTD, "target": {"rank": {"within_top": 3, "of": "family group"}}})
    assert status_of(ranked, m(20, q12, rank=2), DEFAULT_RULES, "")[1] == (
        "20 (ranked 2nd) against top 3 of family group: 2nd is within the top 3 → Successful"
    )
    # A figure without a period cannot be placed in the year: judged as it stands.
    assert status_of(indicator(**YTD), Measurement(D(20), None), DEFAULT_RULES, "")[1] == (
        "20 against at most 36: met → Successful"
    )


def test_a_calendar_years_count_to_date_starts_in_january() -> None:
    # Q1-2 2013 is January to June: a part of a year that starts in January, but not of
    # one that starts in April (the default).
    ind = indicator(**{**YTD, "baseline": {"value": 40, "period": "2012"}})
    assert status_of(ind, m(20, "Q1-2 2013"), DEFAULT_RULES, "", year_start=1)[1] == (
        "20 against at most 36 (pro rata for 6 of 12 months: at most 18): 2 over (11.1%), "
        "beyond 5% → Needs improving"
    )
    assert status_of(ind, m(20, "Q1-2 2013"), DEFAULT_RULES, "")[1] == (
        "20 against at most 36: met → Successful"
    )


@pytest.mark.parametrize(
    ("baseline", "value", "reason"),
    [
        (
            # A year's baseline is taken in the same part: 40 x 6/12 = 20.
            {"value": 40, "period": "2012/13"},
            19,
            "19 against no increase on 40 (2012/13) (pro rata for 6 of 12 months: "
            "no increase on 20): no increase → Successful",
        ),
        (
            {"value": 40, "period": "2012/13"},
            21,
            "21 against no increase on 40 (2012/13) (pro rata for 6 of 12 months: "
            "no increase on 20): 1 higher (5%), within 5% → Close to target",
        ),
        (
            # A baseline of the same part of the year before is already a part.
            {"value": 20, "period": "Q1-2 2012/13"},
            21,
            "21 against no increase on 20 (Q1-2 2012/13) (pro rata for 6 of 12 months: "
            "no increase on 20 (Q1-2 2012/13)): 1 higher (5%), within 5% → Close to target",
        ),
        (
            # A baseline without a period cannot be taken as a year's.
            {"value": 20},
            21,
            "21 against no increase on 20 (pro rata for 6 of 12 months: no increase on 20): "
            "1 higher (5%), within 5% → Close to target",
        ),
    ],
)
def test_a_years_baseline_is_taken_in_the_same_part(
    baseline: dict[str, Any], value: int, reason: str
) -> None:
    ind = indicator(**{**YTD, "target": {"no_increase": True}, "baseline": baseline})
    assert status_of(ind, m(value, "Q1-2 2013/14"), DEFAULT_RULES, "")[1] == reason


# --- targets that change by year -----------------------------------------------------------

BY_YEAR = {
    "unit": "count",
    "targets": [{"year": "2016/17", "at_most": 36}, {"year": "2017/18", "at_most": 15}],
    "baseline": {"value": 40, "period": "2015/16"},
}


def test_a_figure_is_judged_against_the_target_of_its_year() -> None:
    ind = indicator(**BY_YEAR)
    assert status_of(ind, m(30, "2016/17"), DEFAULT_RULES, "", at=Q3)[1] == (
        "30 against at most 36: met → Successful"
    )
    assert status_of(ind, m(20, "2017/18"), DEFAULT_RULES, "", at=Q3)[1] == (
        "20 against at most 15: 5 over (33.3%), beyond 5% → Needs improving"
    )
    # A year without a target of its own, and no target beside them: Monitoring.
    assert status_of(ind, m(20, "2018/19"), DEFAULT_RULES, "", at=Q3)[1] == (
        "20; no target → Monitoring"
    )
    # With no figure, the target of the report quarter's year.
    assert status_of(ind, None, DEFAULT_RULES, "Q3 2017/18", at=Q3) == (
        StatusName.AWAITING,
        "no reading as at Q3 2017/18; target at most 15 → Awaiting data",
    )
    # A count to date against the target of its year, pro rata: 15 x 6/12 = 7.5, and 12.5
    # over is 166.7% of it.
    to_date = indicator(**BY_YEAR, reports="cumulative quarters")
    assert status_of(to_date, m(20, "Q1-2 2017/18"), DEFAULT_RULES, "")[1] == (
        "20 against at most 15 (pro rata for 6 of 12 months: at most 7.5): 12.5 over (166.7%), "
        "beyond 5% → Needs improving"
    )
    assert target_text(ind, parse_period("2016/17")) == "at most 36"
    assert target_text(ind, parse_period("Q2 2017/18")) == "at most 15"
    assert target_text(ind) == "none (monitoring)"


def _by_year_plan(root: Path) -> Path:
    """The minimal plan whose count has a target for each of 2016/17 and 2017/18, with a
    figure for 2016/17 reported in Q4 2016/17 and none since."""
    overlay("minimal", root)
    theme = root / "themes" / "example.yaml"
    theme.write_text(
        theme.read_text().replace(
            "    baseline: {missing: n/a}\n",
            "    targets:\n"
            "      - {year: 2016/17, at_most: 36}\n"
            "      - {year: 2017/18, at_most: 15}\n"
            '    baseline: {value: 40, period: "2015/16"}\n',
        )
    )
    _readings(root, "Q4-2016/17", '{indicator: example-count, period: "2016/17", value: 30}')
    _readings(root, "Q3-2017/18", "{indicator: example-first-time, period: Q3 2017/18, value: 49}")
    return root


def test_a_rows_target_is_the_one_of_its_latest_figure(tmp_path: Path) -> None:
    root = _by_year_plan(tmp_path / "plan")
    row = _row(root, "Q3 2017/18", "example-count")
    # The latest figure is for 2016/17: its target, not the report quarter's year's.
    assert (row.target, row.reason) == ("at most 36", "30 against at most 36: met → Successful")
    # Before any figure, the target of the report quarter's year.
    early = _row(root, "Q3 2016/17", "example-count")
    assert (early.target, early.reason) == (
        "at most 36",
        "no reading as at Q3 2016/17; target at most 36 → Awaiting data",
    )


# --- significance --------------------------------------------------------------------------

SIGNIFICANCE = Rules(direction_method="significance")


def _tested(latest: Measurement, before: Measurement, rules: Rules = SIGNIFICANCE) -> Direction:
    unit = "count" if latest.numerator is None else "percent"
    ind = indicator(unit=unit, polarity="lower is better")
    d = direction_of(ind, latest, None, [before], rules)
    assert d is not None and d.source == "computed"
    return d


def test_a_significant_change_is_one_below_one_minus_the_confidence_level() -> None:
    # 100 then 130 in a year: given 230, the later count is binomial(230, 1/2), and 130 or
    # more (or 100 or fewer) has probability 0.056: not below 0.05, but below 0.10.
    d = _tested(m(130, "2016/17"), m(100, "2015/16"))
    assert (d.name, d.better) == (DirectionName.STEADY, None)
    assert d.reason == (
        "130 (2016/17) against 100 (2015/16): not significant (p = 0.056) → no significant change"
    )
    d = _tested(m(130, "2016/17"), m(100, "2015/16"), replace(SIGNIFICANCE, confidence=D(90)))
    assert (d.name, d.better) == (DirectionName.UP, False)
    assert d.reason == "130 (2016/17) against 100 (2015/16): a significant rise (p = 0.056) → up"


def _percent(value: str, numerator: int, denominator: int, period: str) -> Measurement:
    return Measurement(D(value), parse_period(period), None, None, numerator, D(denominator))


def test_a_change_of_less_than_one_can_be_significant_either_way() -> None:
    # 45,000 then 45,500 of 100,000: pooled 0.4525, standard error
    # sqrt(0.4525 x 0.5475 x 2/100,000) = 0.002226, z = 0.005 / 0.002226 = 2.25, p = 0.025.
    low = _percent("45.0", 45_000, 100_000, "Q2 2017/18")
    high = _percent("45.5", 45_500, 100_000, "Q3 2017/18")
    rise = _tested(high, low)
    assert (rise.name, rise.better) == (DirectionName.UP, False)
    assert rise.reason == (
        "45.5% (Q3 2017/18) against 45.0% (Q2 2017/18): a significant rise (p = 0.025) → up"
    )
    fall = _tested(
        _percent("45.0", 45_000, 100_000, "Q3 2017/18"),
        _percent("45.5", 45_500, 100_000, "Q2 2017/18"),
    )
    assert (fall.name, fall.better) == (DirectionName.DOWN, True)
    assert fall.reason == (
        "45.0% (Q3 2017/18) against 45.5% (Q2 2017/18): a significant fall (p = 0.025) → down"
    )


def test_a_figure_unchanged_as_written_is_steady_whatever_its_counts_say() -> None:
    # 44.951% and 45.049% of 10 million are both written 45.0%: z = 0.00098 / 0.000222 = 4.4
    # (p < 0.001), but the figures published are the same.
    d = _tested(
        _percent("45.0", 4_504_900, 10_000_000, "Q3 2017/18"),
        _percent("45.0", 4_495_100, 10_000_000, "Q2 2017/18"),
    )
    assert (d.name, d.better) == (DirectionName.STEADY, None)
    assert d.p is not None and d.p < 0.001


# --- judged by the interval ----------------------------------------------------------------

BY_INTERVAL = Rules(close_by_interval=True)
ASB = {
    "unit": "rate",
    "unit_label": "per 1,000 population",
    "target": {"at_most": D("0.85")},
    "baseline": {"value": D("0.91"), "period": "Q3 2016/17"},
}


@pytest.mark.parametrize(
    "fields",
    [ASB, {**ASB, "unit_label": "incidents", "per": 1000}],
    ids=["per from the unit label", "per given"],
)
def test_a_rates_interval_is_per_its_base(fields: dict[str, Any]) -> None:
    # 525 incidents in 572,000 people: Byar 481.3-571.8 incidents, 0.84-1.00 per 1,000
    # (test_significance); 0.07 over 0.85 is 8.2%, beyond 5%, but the interval holds 0.85.
    latest = Measurement(D("0.92"), Q3, None, None, 525, D(572_000))
    assert status_of(indicator(**fields), latest, BY_INTERVAL, "") == (
        StatusName.CLOSE,
        "0.92 against at most 0.85: 0.07 over (8.2%), beyond 5%, but its 95% interval "
        "0.84–1.00 includes the target → Close to target",
    )


def test_a_percentages_interval_is_shown_in_per_cent() -> None:
    # Wilson, 450 of 1000: 41.9-48.1% (test_significance), wholly above 40.
    ind = indicator(target={"at_most": 40}, baseline={"value": 30, "period": "Q3 2016/17"})
    latest = _percent("45.0", 450, 1000, "Q3 2017/18")
    assert status_of(ind, latest, BY_INTERVAL, "") == (
        StatusName.NEEDS_IMPROVING,
        "45.0% against at most 40%: 5.0 points over, beyond 5%; its 95% interval "
        "41.9–48.1% excludes the target → Needs improving",
    )


# --- what a snapshot holds -----------------------------------------------------------------


def _significance(root: Path, *edits: tuple[str, str, str]) -> Plan:
    """The significance fixture plan, with (file, old, new) edits to its text."""
    overlay("significance", root)
    for name, old, new in edits:
        path = root / name
        assert old in path.read_text()
        path.write_text(path.read_text().replace(old, new))
    return load_plan(root).plan


def _rows(plan: Plan, quarter: str = "Q3 2017/18") -> dict[str, Row]:
    return {r.indicator.id: r for r in snapshot(plan, parse_period(quarter)).rows}


def test_a_row_holds_its_interval_where_the_plan_shows_intervals(tmp_path: Path) -> None:
    rows = _rows(_significance(tmp_path / "a"))
    asb = rows["example-asb-rate"].interval
    assert asb is not None and (asb.low, asb.high, asb.method) == (D("0.84"), D("1.00"), "Byar")
    # A rate's base may be given, where its unit label does not say it.
    per = _significance(
        tmp_path / "b",
        (
            "themes/example.yaml",
            "unit_label: per 1,000 population",
            "unit_label: incidents\n    per: 1000",
        ),
    )
    asb = _rows(per)["example-asb-rate"].interval
    assert asb is not None and (asb.low, asb.high) == (D("0.84"), D("1.00"))
    # The homicides' count of 3 for 2016/17: exact Poisson, 0.6-8.8 (test_significance).
    assert rows["example-homicides"].interval is not None
    assert rows["example-satisfaction"].interval is None  # no counts given


def test_intervals_only_where_the_plan_shows_or_judges_by_them(tmp_path: Path) -> None:
    hidden = _significance(tmp_path / "a", ("partnership.yaml", "  show_intervals: true\n", ""))
    assert all(r.interval is None for r in _rows(hidden).values())
    judged = _significance(
        tmp_path / "b",
        ("partnership.yaml", "  show_intervals: true\n", ""),
        (
            "partnership.yaml",
            "direction_method: significance",
            "direction_method: significance\n  close_by_interval: true",
        ),
    )
    repeats = _rows(judged)["example-repeats"].interval
    assert repeats is not None and (repeats.low, repeats.high) == (D("41.9"), D("48.1"))


def test_a_recent_trend_only_under_the_significance_method(tmp_path: Path) -> None:
    plan = _significance(tmp_path / "a")
    assert _rows(plan)["example-repeats"].trend is not None
    # Before the first reading, no figure and no trend.
    assert all(r.trend is None and r.latest is None for r in _rows(plan, "Q3 2016/17").values())
    steady = _significance(
        tmp_path / "b",
        ("partnership.yaml", "direction_method: significance", "direction_method: steady_percent"),
    )
    assert all(r.trend is None for r in _rows(steady).values())
    minimal = snapshot(load_plan(FIXTURES / "minimal").plan, Q3)
    assert all(r.trend is None and r.interval is None for r in minimal.rows)


def test_a_trend_is_over_figures_up_to_the_latest_one_for_each_period() -> None:
    ind = indicator(unit="count")
    rules = Rules(direction_method="significance")
    baseline = m(100, "Q3 2016/17")
    quarters = ["Q4 2016/17", "Q1 2017/18", "Q2 2017/18"]
    history = [m(c, q) for c, q in zip([130, 160, 190], quarters, strict=True)]
    trend = trend_of(ind, m(220), baseline, history, rules)
    assert trend is not None and trend.name == "increasing" and trend.points == 5
    assert trend.reason.startswith("5 figures, Q3 2016/17 to Q3 2017/18: Poisson regression, ")
    # History runs in period order, as the snapshot gives it: a later figure, one of
    # another kind of period and one without a figure are no part of it.
    noise = [
        m(None, "Q2 2016/17"),
        history[0],
        m(900, "2016/17"),
        *history[1:],
        m(900, "Q4 2017/18"),
    ]
    assert trend_of(ind, m(220), baseline, noise, rules) == trend
    # A period given twice counts once, as reported last; a later reading without a figure
    # for it does not hide the figure.
    restated = [history[0], history[1], m(None, "Q1 2017/18"), history[2], m(150, "Q2 2017/18")]
    again = trend_of(ind, m(220), baseline, restated, rules)
    assert again is not None and again.points == 5 and again.p != trend.p
    last_said = [history[0], history[1], m(150, "Q2 2017/18")]
    assert again == trend_of(ind, m(220), baseline, last_said, rules)
    # Only as many figures as the trend needs, the latest ones: the baseline is the
    # oldest of six, so it is left out; a baseline without a period never counts.
    longer = [m(120, "Q3 2016/17"), *history]
    six = trend_of(ind, m(220), m(80, "Q2 2016/17"), longer, rules)
    assert six is not None and six.points == 5
    assert six.reason.startswith("5 figures, Q3 2016/17 to Q3 2017/18")
    undated = trend_of(ind, m(220), Measurement(D(9), None), history, rules)
    assert undated is not None and undated.name == "too few"
    # A baseline (a rebased measure) more recent than the oldest figure found takes its
    # place: Q1 2016/17 gives way to the baseline's Q2 2017/18.
    older = [m(50, "Q1 2016/17"), m(100, "Q3 2016/17"), *history[:2]]
    late = trend_of(ind, m(220), m(175, "Q2 2017/18"), older, rules)
    assert late is not None and late.reason.startswith("5 figures, Q3 2016/17 to Q3 2017/18")
    assert trend_of(ind, m(None), baseline, history, rules) is None
    assert trend_of(ind, Measurement(D(220), None), baseline, history, rules) is None


def test_quarters_with_figures_leave_out_a_quarter_just_started(tmp_path: Path) -> None:
    root = overlay("minimal", tmp_path / "plan")
    _readings(root, "Q4-2017/18", "{indicator: example-count, period: Q4 2017/18}")
    plan = load_plan(root).plan
    assert [str(q) for q in report_quarters(plan)] == ["Q3 2017/18", "Q4 2017/18"]
    assert [str(q) for q in quarters_with_figures(plan)] == ["Q3 2017/18"]
    _readings(root, "Q4-2017/18", "{indicator: example-count, period: Q4 2017/18, missing: n/a}")
    assert [str(q) for q in quarters_with_figures(load_plan(root).plan)] == [
        "Q3 2017/18",
        "Q4 2017/18",
    ]


# --- a figure that does not apply, or whose words the plan does not know -------------------


def test_a_figure_that_does_not_apply_leaves_the_last_one_standing(tmp_path: Path) -> None:
    # Issue 23: n/a from a partner keeps the last figure and its status, not updated.
    root = overlay("minimal", tmp_path / "plan")
    _readings(
        root, "Q4-2017/18", "{indicator: example-first-time, period: Q4 2017/18, missing: n/a}"
    )
    row = _row(root, "Q4 2017/18")
    assert row.latest == Measurement(D(49), parse_period("Q3 2017/18"))
    assert row.later == Later(parse_period("Q4 2017/18"), "not published", "n/a")
    assert (row.status, row.reason) == (
        StatusName.CLOSE,
        "49% against at least 50%: 1 point short, within 5% → Close to target; not updated: "
        "no new figure published for Q4 2017/18 (n/a)",
    )


def test_a_figure_that_does_not_apply_with_none_before_is_the_latest(tmp_path: Path) -> None:
    root = overlay("minimal", tmp_path / "plan")
    _readings(
        root, "Q3-2017/18", "{indicator: example-first-time, period: Q3 2017/18, missing: n/a}"
    )
    row = _row(root, "Q3 2017/18")
    assert row.latest == Measurement(None, parse_period("Q3 2017/18"), None, "n/a")
    assert row.later is None
    assert (row.status, row.reason) == (
        StatusName.AWAITING,
        "n/a; target at least 50% → Awaiting data",
    )


def test_missing_words_the_plan_does_not_know_are_taken_as_awaited() -> None:
    # The loader refuses them; a plan built in code may hold them.
    plan = _restated({"indicator": "example-first-time", "period": "Q4 2017/18", "missing": "TBC"})
    row = _first_time(plan, "Q4 2017/18")
    assert row.latest is not None and row.latest.value == 49
    assert row.later == Later(parse_period("Q4 2017/18"), "awaited", "TBC")
    assert row.reason == (
        "49% against at least 50%: 1 point short, within 5% → Close to target; "
        "the Q4 2017/18 figure is awaited (TBC)"
    )


def test_a_later_reading_in_words() -> None:
    q4 = parse_period("Q4 2017/18")
    assert Later(q4, "awaited", None).reason() == "the Q4 2017/18 figure is awaited"
    assert Later(q4, "awaited", "NYA").reason() == "the Q4 2017/18 figure is awaited (NYA)"
    assert Later(q4, "not published", "Not reported").reason() == (
        "not updated: no new figure published for Q4 2017/18 (Not reported)"
    )
    assert Later(q4, "not published", None).reason() == (
        "not updated: no new figure published for Q4 2017/18"
    )


# --- published statuses the rules do not give ------------------------------------------------


def test_disagreements_are_published_statuses_the_rules_do_not_give(tmp_path: Path) -> None:
    root = overlay("minimal", tmp_path / "plan")
    _readings(
        root,
        "Q3-2017/18",
        # No published status: nothing to check.
        '{indicator: headline-rate, period: "12 months to Dec 2017", value: 45.5, rank: 4, '
        "published: {direction: up}}",
        # Close to target, published as Successful.
        "{indicator: example-first-time, period: Q3 2017/18, value: 49, "
        "published: {status: Successful}}",
        # Monitoring, as published.
        "{indicator: example-count, period: Q3 2017/18, value: 12, "
        "published: {status: Monitoring}}",
    )
    _readings(
        root,
        "Q4-2017/18",
        # An override explains it.
        "{indicator: example-first-time, period: Q4 2017/18, value: 40, "
        "published: {status: Successful}, override: {status: Successful, reason: agreed}}",
        "{indicator: example-count, period: Q4 2017/18, value: 13, "
        "published: {status: Successful}}",
    )
    plan = load_plan(root).plan
    found = [
        (str(f.quarter), i, pub, computed, why) for f, i, pub, computed, why in disagreements(plan)
    ]
    assert found == [
        (
            "Q3 2017/18",
            1,
            "Successful",
            "Close to target",
            "49% against at least 50%: 1 point short, within 5% → Close to target",
        ),
        ("Q4 2017/18", 1, "Successful", "Monitoring", "13; no target → Monitoring"),
    ]


def test_disagreements_read_readings_without_a_figure_in_the_plans_words(tmp_path: Path) -> None:
    """A reading with no figure, published with a status, is judged as the snapshot judges
    it, and an earlier one without a figure is among the figures a projection reads."""
    root = overlay("minimal", tmp_path / "plan")
    edit(
        root / "themes" / "example.yaml",
        "    baseline: {missing: n/a}\n",
        "    baseline: {missing: n/a}\n    status_rules: {project: true}\n",
    )
    _readings(root, "Q2-2017/18", "{indicator: example-count, period: Q2 2017/18, missing: n/a}")
    _readings(
        root,
        "Q3-2017/18",
        "{indicator: example-count, period: Q3 2017/18, value: 12, "
        "published: {status: Successful}}",
    )
    _readings(
        root,
        "Q4-2017/18",
        "{indicator: example-count, period: Q4 2017/18, missing: n/a, "
        "published: {status: Successful}}",
    )
    found = [
        (str(f.quarter), i, pub, computed, why)
        for f, i, pub, computed, why in disagreements(load_plan(root).plan)
    ]
    assert found == [
        ("Q3 2017/18", 0, "Successful", "Monitoring", "12; no target → Monitoring"),
        ("Q4 2017/18", 0, "Successful", "Monitoring", "n/a; no target → Monitoring"),
    ]


# --- a plan whose year starts in January --------------------------------------------------


def _calendar_plan(root: Path) -> Plan:
    """The minimal plan with its year starting in January, its count reported year to date
    against at most 36 a year, and 20 reported for Q1-2 2013, published as Successful."""
    overlay("minimal", root)
    partnership = root / "partnership.yaml"
    partnership.write_text(partnership.read_text() + "year_starts: January\n")
    theme = root / "themes" / "example.yaml"
    theme.write_text(
        theme.read_text().replace(
            "    baseline: {missing: n/a}\n",
            "    reports: cumulative quarters\n    target: {at_most: 36}\n"
            '    baseline: {value: 40, period: "2012"}\n',
        )
    )
    (root / "readings" / "2017-18-q3.yaml").unlink()
    _readings(
        root,
        "Q2-2013",
        '{indicator: example-count, period: "Q1-2 2013", value: 20, '
        "published: {status: Successful}}",
    )
    return load_plan(root).plan


def test_a_calendar_years_count_to_date_is_judged_from_january(tmp_path: Path) -> None:
    plan = _calendar_plan(tmp_path / "plan")
    reason = (
        "20 against at most 36 (pro rata for 6 of 12 months: at most 18): 2 over (11.1%), "
        "beyond 5% → Needs improving"
    )
    row = next(r for r in snapshot(plan, parse_period("Q2-2013")).rows if r.latest)
    assert (row.indicator.id, row.reason) == ("example-count", reason)
    assert [(pub, computed, why) for _, _, pub, computed, why in disagreements(plan)] == [
        ("Successful", "Needs improving", reason)
    ]


def test_a_reduction_to_date_is_judged_on_the_part_of_its_line() -> None:
    # From 40 in 2012/13 to 20 by March 2014 (2013/14): the line is at 20 by then; for
    # half the year, half of it (10), and half of the baseline (20) likewise.
    ind = indicator(
        **{**YTD, "target": {"reduction": {"percent": 50, "by": "2013/14", "value": 20}}}
    )
    assert status_of(ind, m(11, "Q1-2 2013/14"), DEFAULT_RULES, "")[1] == (
        "11 against 50% reduction to 20 by 2013/14 (pro rata for 6 of 12 months: "
        "50% reduction to 10 by 2013/14): 15.0 expected by Sep 2013: on track → Successful"
    )


def test_a_trend_takes_the_latest_figures_and_stops_walking_back() -> None:
    ind = indicator(unit="count")
    rules = Rules(direction_method="significance")
    periods = ["Q1 2016/17", "Q2 2016/17", "Q3 2016/17", "Q4 2016/17", "Q1 2017/18", "Q2 2017/18"]
    history = [m(100 + 30 * i, q) for i, q in enumerate(periods)]
    # Six earlier figures, and the latest: the trend is over the latest five.
    trend = trend_of(ind, m(300), m(50, "Q4 2015/16"), history, rules)
    assert trend is not None and trend.name == "increasing" and trend.points == 5
    assert trend.reason.startswith("5 figures, Q3 2016/17 to Q3 2017/18: ")
    # A latest figure without its counts (not a whole count) has no place in the test:
    # the trend is over the five figures before it, and its reason names their periods.
    uncounted = trend_of(ind, m("300.5"), m(50, "Q4 2015/16"), history, rules)
    assert uncounted is not None and uncounted.points == 5
    assert uncounted.reason.startswith("5 figures, Q2 2016/17 to Q2 2017/18: ")


def test_a_baseline_in_a_readings_period_counts_once_in_a_trend() -> None:
    ind = indicator(unit="count")
    rules = Rules(direction_method="significance")
    history = [m(130, "Q4 2016/17"), m(160, "Q1 2017/18"), m(190, "Q2 2017/18")]
    # The baseline's period is a reading's: four periods, one too few for a trend.
    trend = trend_of(ind, m(220), m(100, "Q4 2016/17"), history, rules)
    assert trend is not None and (trend.name, trend.points) == ("too few", 4)
    assert trend.text == "too few figures for a trend (4 of 5)"


def test_statistics_are_asked_for_by_intervals_tests_or_status_by_interval(
    tmp_path: Path,
) -> None:
    """Snapshot.statistics (the open data's statistics fields) is on where the plan shows
    intervals, tests directions, or judges status by interval; off otherwise."""
    none = (
        ("partnership.yaml", "  show_intervals: true\n", ""),
        ("partnership.yaml", "direction_method: significance", "direction_method: steady_percent"),
    )
    plain = _significance(tmp_path / "plain", *none)
    assert not snapshot(plain, Q3).statistics
    shown = _significance(tmp_path / "shown", none[1])
    assert snapshot(shown, Q3).statistics
    tested = _significance(tmp_path / "tested", none[0])
    assert snapshot(tested, Q3).statistics
    by_interval = _significance(
        tmp_path / "by-interval",
        none[0],
        ("partnership.yaml", "direction_method: significance", "close_by_interval: true"),
    )
    assert snapshot(by_interval, Q3).statistics


def _reading(period: str, value: int, comparator: int | None = None) -> Reading:
    data: dict[str, Any] = {"indicator": "x", "period": period, "value": value}
    if comparator is not None:
        data["comparator"] = {"name": "national average", "value": comparator}
    return Reading.model_validate(data)


def test_a_reading_is_judged_against_the_latest_comparator_given_up_to_it() -> None:
    readings = [
        _reading("Q1 2017/18", 10, 12),
        _reading("Q2 2017/18", 11, 13),
        _reading("Q3 2017/18", 12),
        _reading("Q4 2017/18", 12, 20),
    ]
    history = [(parse_period(r.period.label), r) for r in readings]
    given = [r.comparator for r in readings]
    assert comparator_of(history, readings[0]) == given[0]
    assert comparator_of(history, readings[1]) == given[1]
    assert comparator_of(history, readings[2]) == given[1]  # none of its own: Q2's stands
    assert comparator_of(history, readings[3]) == given[3]
    assert comparator_of(history[1:], readings[2]) == given[1]
    ind = indicator(target={"in_line_with": {"name": "national average", "value": 39}})
    assert target_text(ind, Q3) == "in line with national average (39%) or better"
    assert target_text(ind, Q3, comparator=given[1]) == (
        "in line with national average (13%) or better"
    )
    welsh = DEFAULT_WORDS.model_copy(update={"target_in_line_with": "yn unol â {name} ({value})"})
    assert target_text(ind, Q3, welsh, given[1]) == "yn unol â national average (13%)"


def test_published_statuses_are_checked_against_the_comparator_the_reading_gave() -> None:
    # calendar-rag's all-crime-rate in Q4 2013: 60.6 against the most similar group's
    # average as that reading gave it (60.5), not as the target first stated it: Amber,
    # as published.
    plan = load_plan(PARTNERSHIPS / "calendar-rag" / "plan").plan
    assert list(disagreements(plan)) == []


def test_a_snapshot_speaks_the_plans_words() -> None:
    plan = load_plan(PARTNERSHIPS / "welsh" / "plan").plan
    snap = snapshot(plan, parse_period("Q3 2016/17"))
    assert snap.words == plan.partnership.words and snap.words.up == "i fyny"


def test_a_comparator_given_later_in_a_file_does_not_judge_a_reading_before_it(
    tmp_path: Path,
) -> None:
    # Q4 2013's file gives November (62.0, published Green) before December gives the
    # most similar group's new average (60.5). November is judged against the target's
    # own figure (62.4): met, Green, as published. Against 60.5 it would be Amber.
    root = tmp_path / "plan"
    shutil.copytree(PARTNERSHIPS / "calendar-rag" / "plan", root)
    q4 = root / "readings" / "2013-q4.yaml"
    restated = (
        "readings:\n"
        "  - indicator: all-crime-rate\n"
        '    period: "12 months to Nov 2013"\n'
        "    value: 62.0\n"
        "    published: {status: Green}\n"
    )
    q4.write_text(q4.read_text().replace("readings:\n", restated, 1))
    assert list(disagreements(load_plan(root).plan)) == []
