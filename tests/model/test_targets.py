"""The target kinds of scp_report.model.targets: every rule branch and boundary, the
words of each judgement, and properties of the rules."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal as D
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from scp_report.model import targets as t
from scp_report.model.figures import GroupComparison, Measurement
from scp_report.model.models import Indicator, Polarity, Unit
from scp_report.model.periods import month_label, parse_period
from scp_report.model.rules import DEFAULT_RULES, Rules
from scp_report.model.words import DEFAULT_WORDS, Words

FIVE = D(5)
P = Unit.PERCENT
C = Unit.COUNT


def test_at_least_met_close_missed() -> None:
    assert t.at_least(D(50), D(50), FIVE, P) == t.Judgement(t.Outcome.MET, "met")
    assert t.at_least(D(49), D(50), FIVE, P) == t.Judgement(
        t.Outcome.CLOSE, "1 point short, within 5%"
    )
    assert t.at_least(D(43), D(46), FIVE, P) == t.Judgement(
        t.Outcome.MISSED, "3 points short, beyond 5%"
    )
    assert t.at_least(D(950), D(1000), FIVE, C).detail == "50 short (5%), within 5%"


def test_at_most_and_fewer_than() -> None:
    assert t.at_most(D(60), D(60), FIVE, P).outcome == t.Outcome.MET
    assert t.at_most(D(62), D(60), FIVE, P).outcome == t.Outcome.CLOSE
    assert t.at_most(D(70), D(60), FIVE, P).outcome == t.Outcome.MISSED
    assert t.fewer_than(D("59.9"), D(60), FIVE, P).outcome == t.Outcome.MET
    assert t.fewer_than(D(60), D(60), FIVE, P).outcome == t.Outcome.CLOSE
    assert t.fewer_than(D(80), D(60), FIVE, P).outcome == t.Outcome.MISSED


def test_between() -> None:
    assert t.between(D(30), D(28), D(40), FIVE, P).detail == "within the range"
    assert t.between(D(27), D(28), D(40), FIVE, P) == t.Judgement(
        t.Outcome.CLOSE, "1 point below the range, within 5%"
    )
    assert t.between(D(41), D(28), D(40), FIVE, P).outcome == t.Outcome.CLOSE
    assert t.between(D(50), D(28), D(40), FIVE, P).outcome == t.Outcome.MISSED


def test_in_line_with_follows_polarity() -> None:
    assert t.in_line_with(D(228), D(302), Polarity.LOWER, FIVE, Unit.RATE).outcome == t.Outcome.MET
    assert (
        t.in_line_with(D(738), D(650), Polarity.LOWER, FIVE, Unit.RATE).outcome == t.Outcome.MISSED
    )
    assert t.in_line_with(D(40), D(39), Polarity.HIGHER, FIVE, P).outcome == t.Outcome.MET
    assert t.in_line_with(D(38), D(39), Polarity.HIGHER, FIVE, P).outcome == t.Outcome.CLOSE
    assert (
        t.in_line_with(D(35), D(39), Polarity.HIGHER, FIVE, P).detail == "4 points worse, beyond 5%"
    )


def test_rank() -> None:
    assert t.rank(3, 3, 1).outcome == t.Outcome.MET
    assert t.rank(4, 3, 1) == t.Judgement(t.Outcome.CLOSE, "1 place short, within 1 place")
    assert t.rank(6, 3, 1) == t.Judgement(t.Outcome.MISSED, "3 places short, beyond 1 place")


def test_no_increase() -> None:
    assert t.no_increase(D("2.0"), D("2.0"), FIVE, Unit.RATE).outcome == t.Outcome.MET
    assert t.no_increase(D("2.05"), D("2.0"), FIVE, Unit.RATE).outcome == t.Outcome.CLOSE
    assert t.no_increase(D("2.2"), D("2.0"), FIVE, Unit.RATE) == t.Judgement(
        t.Outcome.MISSED, "0.2 higher (10%), beyond 5%"
    )


def test_trajectory_and_reduction() -> None:
    assert t.trajectory(D(28), D(22), 0, 120, 60) == D(25)
    assert t.trajectory(D(28), D(22), 0, 120, 200) == D(22)  # clamped after the due date
    assert t.trajectory(D(28), D(22), 0, 120, -5) == D(28)  # and before the baseline
    assert t.trajectory(D(28), D(22), 10, 10, 10) == D(22)
    assert t.reduction(D(25), D(25), FIVE, C).outcome == t.Outcome.MET
    assert t.reduction(D(26), D(25), FIVE, C).outcome == t.Outcome.CLOSE
    assert t.reduction(D(30), D(25), FIVE, C).outcome == t.Outcome.MISSED


def test_zero_target_allows_no_miss() -> None:
    assert t.at_most(D(1), D(0), FIVE, C).outcome == t.Outcome.MISSED


# --- boundaries ---------------------------------------------------------------------------


def test_between_includes_both_limits() -> None:
    met = t.Judgement(t.Outcome.MET, "within the range")
    assert t.between(D(28), D(28), D(40), FIVE, P) == met
    assert t.between(D(40), D(28), D(40), FIVE, P) == met
    assert t.between(D(35), D(35), D(35), FIVE, P) == met


def test_between_outside_is_judged_against_the_nearer_limit() -> None:
    assert t.between(D(42), D(28), D(40), FIVE, P) == t.Judgement(
        t.Outcome.CLOSE, "2 points above the range, within 5%"
    )
    assert t.between(D(26), D(28), D(40), FIVE, C) == t.Judgement(
        t.Outcome.MISSED, "2 below the range (7.1%), beyond 5%"
    )
    assert t.between(D(43), D(28), D(40), FIVE, C) == t.Judgement(
        t.Outcome.MISSED, "3 above the range (7.5%), beyond 5%"
    )


def test_close_up_to_and_including_the_tolerance() -> None:
    assert t.at_least(D(95), D(100), FIVE, C) == t.Judgement(
        t.Outcome.CLOSE, "5 short (5%), within 5%"
    )
    assert t.at_least(D("94.9"), D(100), FIVE, C) == t.Judgement(
        t.Outcome.MISSED, "5.1 short (5.1%), beyond 5%"
    )
    assert t.at_most(D(105), D(100), FIVE, C) == t.Judgement(
        t.Outcome.CLOSE, "5 over (5%), within 5%"
    )
    assert t.at_most(D("105.1"), D(100), FIVE, C) == t.Judgement(
        t.Outcome.MISSED, "5.1 over (5.1%), beyond 5%"
    )


def test_tolerance_of_a_negative_target_is_a_share_of_its_size() -> None:
    # A net score can be negative: 5% of -5 allows a shortfall of 0.25, not of -0.25.
    assert t.at_least(D("-5.2"), D(-5), FIVE, Unit.SCORE) == t.Judgement(
        t.Outcome.CLOSE, "0.2 short (4%), within 5%"
    )


def test_zero_target_allows_no_miss_and_gives_no_share() -> None:
    assert t.at_most(D(1), D(0), FIVE, C) == t.Judgement(t.Outcome.MISSED, "1 over, beyond 5%")
    assert t.at_most(D(0), D(0), FIVE, C).outcome == t.Outcome.MET
    assert t.fewer_than(D(0), D(0), FIVE, C) == t.Judgement(t.Outcome.CLOSE, "0 over, within 5%")


def test_percentages_miss_by_points_without_a_share() -> None:
    assert t.at_most(D(62), D(60), FIVE, P) == t.Judgement(
        t.Outcome.CLOSE, "2 points over, within 5%"
    )
    assert t.fewer_than(D(61), D(60), FIVE, P) == t.Judgement(
        t.Outcome.CLOSE, "1 point over, within 5%"
    )
    assert t.fewer_than(D(64), D(60), FIVE, P) == t.Judgement(
        t.Outcome.MISSED, "4 points over, beyond 5%"
    )


def test_in_line_with_either_polarity_in_words() -> None:
    met = t.Judgement(t.Outcome.MET, "in line or better")
    assert t.in_line_with(D(39), D(39), Polarity.HIGHER, FIVE, P) == met
    assert t.in_line_with(D(302), D(302), Polarity.LOWER, FIVE, Unit.RATE) == met
    assert t.in_line_with(D(228), D(302), Polarity.LOWER, FIVE, Unit.RATE) == met
    assert t.in_line_with(D(310), D(302), Polarity.LOWER, FIVE, Unit.RATE) == t.Judgement(
        t.Outcome.CLOSE, "8 worse (2.6%), within 5%"
    )
    assert t.in_line_with(D(38), D(39), Polarity.HIGHER, FIVE, P) == t.Judgement(
        t.Outcome.CLOSE, "1 point worse, within 5%"
    )
    assert t.in_line_with(D(738), D(650), Polarity.LOWER, FIVE, Unit.RATE) == t.Judgement(
        t.Outcome.MISSED, "88 worse (13.5%), beyond 5%"
    )


def test_rank_in_words() -> None:
    assert t.rank(1, 3, 1) == t.Judgement(t.Outcome.MET, "1st is within the top 3")
    assert t.rank(3, 3, 1) == t.Judgement(t.Outcome.MET, "3rd is within the top 3")
    assert t.rank(5, 3, 2) == t.Judgement(t.Outcome.CLOSE, "2 places short, within 2 places")
    assert t.rank(6, 3, 2) == t.Judgement(t.Outcome.MISSED, "3 places short, beyond 2 places")
    assert t.rank(4, 3, 0) == t.Judgement(t.Outcome.MISSED, "1 place short, beyond 0 places")


def test_no_increase_in_words() -> None:
    assert t.no_increase(D("2.0"), D("2.0"), FIVE, Unit.RATE) == t.Judgement(
        t.Outcome.MET, "no increase"
    )
    assert t.no_increase(D("2.1"), D("2.0"), FIVE, Unit.RATE) == t.Judgement(
        t.Outcome.CLOSE, "0.1 higher (5%), within 5%"
    )


def test_reduction_in_words() -> None:
    assert t.reduction(D(25), D(25), FIVE, C) == t.Judgement(t.Outcome.MET, "on track")
    assert t.reduction(D(26), D(25), FIVE, C) == t.Judgement(
        t.Outcome.CLOSE, "1 behind (4%), within 5%"
    )
    assert t.reduction(D(30), D(25), FIVE, C) == t.Judgement(
        t.Outcome.MISSED, "5 behind (20%), beyond 5%"
    )


def test_trajectory_from_a_baseline_that_ends_mid_year() -> None:
    # From March 2010 (the end of 2009/10) to December 2020: 129 months.
    start, due = 2010 * 12 + 2, 2020 * 12 + 11
    assert t.trajectory(D(28), D(22), start, due, start + 43) == D(26)
    assert t.trajectory(D(28), D(22), start, due, due) == D(22)
    assert t.trajectory(D(28), D(22), start, due, start) == D(28)
    assert t.trajectory(D(28), D(22), due, start, due) == D(22)  # due before the baseline


# --- the kinds ------------------------------------------------------------------------------


def _ind(**kw: Any) -> Indicator:
    data: dict[str, Any] = {
        "id": "x",
        "measure": "m",
        "unit": "percent",
        "baseline": {"value": 44, "period": "2014/15"},
    }
    return Indicator.model_validate(data | kw)


def _target(**spec: Any) -> t.Target:
    return t.Target.model_validate(spec)


@pytest.mark.parametrize(
    ("spec", "fields", "words"),
    [
        ({"at_least": 50}, {}, "at least 50%"),
        ({"at_most": 1500}, {"unit": "count"}, "at most 1,500"),
        ({"fewer_than": 60}, {}, "fewer than 60%"),
        ({"between": {"low": 28, "high": 40}}, {}, "28%-40%"),
        (
            {"in_line_with": {"name": "national average", "value": 39, "period": "2016/17"}},
            {"polarity": "higher is better"},
            "in line with national average (39%, 2016/17) or better",
        ),
        (
            {"in_line_with": {"name": "family group", "value": 302}},
            {"unit": "rate", "polarity": "lower is better"},
            "in line with family group (302) or better",
        ),
        ({"rank": {"within_top": 3, "of": "family group"}}, {}, "top 3 of family group"),
        (
            {"no_increase": True},
            {"unit": "rate", "baseline": {"value": D("2.0"), "period": "2014/15"}},
            "no increase on 2.0 (2014/15)",
        ),
        ({"no_increase": True}, {"baseline": {"missing": "n/a"}}, "no increase"),
        (
            {"reduction": {"percent": 20, "by": 2020, "value": 22}},
            {"unit": "count"},
            "20% reduction to 22 by 2020",
        ),
        (
            {"reduction": {"percent": D("12.5"), "by": 2020, "value": D("1234.5")}},
            {"unit": "count"},
            "12.5% reduction to 1,234.5 by 2020",
        ),
    ],
)
def test_every_kind_describes_its_target(
    spec: dict[str, Any], fields: dict[str, Any], words: str
) -> None:
    target = _target(**spec)
    assert target.describe(_ind(**fields)) == words
    assert target.key == next(iter(spec))
    assert target.kind is t.KINDS[target.key]


def test_every_kind_lists_its_values_in_the_indicator_unit() -> None:
    assert _target(at_least=50).kind.values(D(50)) == [((), D(50))]
    between = _target(between={"low": 28, "high": 40})
    assert between.kind.values(between.spec) == [(("low",), D(28)), (("high",), D(40))]
    comparator = _target(in_line_with={"name": "national average", "value": 39})
    assert comparator.kind.values(comparator.spec) == [(("value",), D(39))]
    ranked = _target(rank={"within_top": 3, "of": "family group"})
    assert ranked.kind.values(ranked.spec) == []


@pytest.mark.parametrize(
    ("spec", "fields", "lines", "band"),
    [
        ({"at_least": 50}, {}, [(D(50), "target: at least")], (47.5, 50.0)),
        ({"at_most": 60}, {}, [(D(60), "target: at most")], (60.0, 63.0)),
        ({"fewer_than": 60}, {}, [(D(60), "target: fewer than")], (60.0, 63.0)),
        (
            {"between": {"low": 28, "high": 40}},
            {},
            [(D(28), "range from"), (D(40), "range to")],
            None,
        ),
        (
            {"in_line_with": {"name": "national average", "value": 40}},
            {"polarity": "higher is better"},
            [(D(40), "national average:")],
            (38.0, 40.0),
        ),
        (
            {"in_line_with": {"name": "family group", "value": 300}},
            {"unit": "rate", "polarity": "lower is better"},
            [(D(300), "family group:")],
            (300.0, 315.0),
        ),
        ({"rank": {"within_top": 3, "of": "family group"}}, {}, [], None),
        (
            {"no_increase": True},
            {"unit": "rate", "baseline": {"value": 2, "period": "2014/15"}},
            [(D(2), "no increase on")],
            (2.0, 2.1),
        ),
        ({"no_increase": True}, {"baseline": {"missing": "n/a"}}, [], None),
        (
            {"reduction": {"percent": 20, "by": 2020, "value": 22}},
            {"unit": "count"},
            [(D(22), "2020 target")],
            None,
        ),
    ],
)
def test_every_kind_gives_its_chart_lines_and_close_band(
    spec: dict[str, Any], fields: dict[str, Any], lines: list[Any], band: Any
) -> None:
    got_lines, got_band = _target(**spec).chart(_ind(**fields), FIVE)
    # Each line names its words in the plan's word table: the English ones here.
    words = [(v, str(getattr(DEFAULT_WORDS, key)).format(**blanks)) for v, key, blanks in got_lines]
    assert words == lines
    assert got_band == (None if band is None else pytest.approx(band))


def test_reduction_is_due_in_december_of_its_year() -> None:
    spec = _target(reduction={"percent": 20, "by": 2020, "value": 22}).spec
    assert month_label(t.ReductionKind.due_month(spec)) == "Dec 2020"


def test_a_target_gives_exactly_one_kind() -> None:
    with pytest.raises(ValidationError, match="give one kind of target: at_least, at_most, "):
        _target()
    with pytest.raises(
        ValidationError, match="give only one kind of target, not at_least and fewer_than"
    ):
        _target(at_least=1, fewer_than=2)


def test_a_range_runs_low_to_high() -> None:
    assert _target(between={"low": 5, "high": 5}).spec.low == 5
    with pytest.raises(ValidationError, match=r"low \(6\) must not be above high \(5\)"):
        _target(between={"low": 6, "high": 5})


def test_the_kind_judges_through_the_target() -> None:
    ind = _ind(target={"between": {"low": 28, "high": 40}})
    assert ind.target is not None
    latest = Measurement(D(41), parse_period("Q3 2017/18"))
    assert ind.target.judge(latest, ind, DEFAULT_RULES) == t.Judgement(
        t.Outcome.CLOSE, "1 point above the range, within 5%"
    )
    rules = Rules(close_percent=D(1))
    assert ind.target.judge(latest, ind, rules).detail == "1 point above the range, beyond 1%"


# --- properties -----------------------------------------------------------------------------

ORDER = {t.Outcome.MISSED: 0, t.Outcome.CLOSE: 1, t.Outcome.MET: 2}
amounts = st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False)
tolerances = st.decimals(min_value=0, max_value=50, places=1, allow_nan=False)
units = st.sampled_from(list(Unit))
LOWER_IS_BETTER = [t.at_most, t.fewer_than, t.no_increase, t.reduction]


@given(amounts, amounts, amounts, tolerances, units)
def test_a_better_value_never_gets_a_worse_outcome(
    target: D, a: D, b: D, tol: D, unit: Unit
) -> None:
    lo, hi = min(a, b), max(a, b)
    assert (
        ORDER[t.at_least(hi, target, tol, unit).outcome]
        >= ORDER[t.at_least(lo, target, tol, unit).outcome]
    )
    for rule in LOWER_IS_BETTER:
        assert (
            ORDER[rule(lo, target, tol, unit).outcome] >= ORDER[rule(hi, target, tol, unit).outcome]
        )
    for polarity, better, worse in ((Polarity.HIGHER, hi, lo), (Polarity.LOWER, lo, hi)):
        assert (
            ORDER[in_line_with_outcome(better, target, polarity, tol, unit)]
            >= ORDER[in_line_with_outcome(worse, target, polarity, tol, unit)]
        )


def in_line_with_outcome(v: D, c: D, polarity: Polarity, tol: D, unit: Unit) -> t.Outcome:
    return t.in_line_with(v, c, polarity, tol, unit).outcome


@given(amounts, amounts, amounts, tolerances)
def test_between_is_best_inside_and_worsens_away_from_the_range(x: D, y: D, v: D, tol: D) -> None:
    low, high = min(x, y), max(x, y)
    here = ORDER[t.between(v, low, high, tol, C).outcome]
    if v < low:
        assert ORDER[t.between(v + (low - v) / 2, low, high, tol, C).outcome] >= here
    elif v > high:
        assert ORDER[t.between(v - (v - high) / 2, low, high, tol, C).outcome] >= here
    else:
        assert here == ORDER[t.Outcome.MET]


@given(st.integers(1, 50), st.integers(1, 50), st.integers(0, 10))
def test_rank_outcome_changes_exactly_at_the_places_allowed(
    position: int, top: int, places: int
) -> None:
    expected = (
        t.Outcome.MET
        if position <= top
        else t.Outcome.CLOSE
        if position - top <= places
        else t.Outcome.MISSED
    )
    assert t.rank(position, top, places).outcome == expected


@given(
    st.decimals(min_value=1, max_value=10_000, places=1, allow_nan=False),
    st.decimals(min_value=0, max_value=50, places=1, allow_nan=False),
)
def test_outcome_changes_exactly_at_the_tolerance(target: D, tol: D) -> None:
    edge = target * tol / 100  # the largest shortfall still close
    assert t.at_least(target, target, tol, C).outcome == t.Outcome.MET
    assert t.at_least(target - edge, target, tol, C).outcome == (
        t.Outcome.CLOSE if edge else t.Outcome.MET
    )
    assert t.at_least(target - edge - D("0.001"), target, tol, C).outcome == t.Outcome.MISSED
    assert t.at_most(target + edge, target, tol, C).outcome == (
        t.Outcome.CLOSE if edge else t.Outcome.MET
    )
    assert t.at_most(target + edge + D("0.001"), target, tol, C).outcome == t.Outcome.MISSED


def test_percentages_fall_short_in_points_for_every_rule() -> None:
    assert t.in_line_with(D(41), D(39), Polarity.LOWER, FIVE, P) == t.Judgement(
        t.Outcome.MISSED, "2 points worse, beyond 5%"
    )
    assert t.no_increase(D(21), D(20), FIVE, P) == t.Judgement(
        t.Outcome.CLOSE, "1 point higher, within 5%"
    )
    assert t.reduction(D(26), D(25), FIVE, P) == t.Judgement(
        t.Outcome.CLOSE, "1 point behind, within 5%"
    )


def test_trajectory_one_month_long() -> None:
    assert t.trajectory(D(28), D(22), 10, 11, 10) == D(28)
    assert t.trajectory(D(28), D(22), 10, 11, 11) == D(22)


@pytest.mark.parametrize(
    ("spec", "fields", "value", "period", "detail"),
    [
        (
            {"no_increase": True},
            {"baseline": {"value": 20, "period": "2014/15"}},
            21,
            "Q3 2017/18",
            "1 point higher, within 5%",
        ),
        (
            {"reduction": {"percent": 50, "by": 2020, "value": 10}},
            {"baseline": {"value": 20, "period": "2019/20"}},
            12,
            "2020",
            "10.0% expected by Dec 2020: 2.0 points behind, beyond 5%",
        ),
        (
            {"in_line_with": {"name": "national average", "value": 39}},
            {"polarity": "lower is better"},
            40,
            "Q3 2017/18",
            "1 point worse, within 5%",
        ),
    ],
)
def test_kinds_judge_percentages_in_points(
    spec: dict[str, Any], fields: dict[str, Any], value: int, period: str, detail: str
) -> None:
    ind = _ind(target=spec, **fields)
    assert ind.target is not None
    latest = Measurement(D(value), parse_period(period))
    assert ind.target.judge(latest, ind, DEFAULT_RULES).detail == detail


def test_percent_targets_describe_themselves_in_percent() -> None:
    assert _target(no_increase=True).describe(_ind()) == "no increase on 44% (2014/15)"
    reduction = _target(reduction={"percent": 50, "by": 2020, "value": 22})
    assert reduction.describe(_ind()) == "50% reduction to 22% by 2020"


# --- any reduction ---------------------------------------------------------------------------


def test_any_reduction_needs_a_fall_below_the_baseline() -> None:
    assert t.any_reduction(D(39), D(40), FIVE, C) == t.Judgement(t.Outcome.MET, "a reduction")
    assert t.any_reduction(D("39.9"), D(40), FIVE, C).outcome == t.Outcome.MET
    # Level with the baseline is no reduction, but as near as a miss can be.
    assert t.any_reduction(D(40), D(40), FIVE, C) == t.Judgement(
        t.Outcome.CLOSE, "no reduction: the same as the baseline"
    )
    # Above it, a shortfall like any other: 1 over 40 is 2.5%, 10 over is 25%.
    assert t.any_reduction(D(41), D(40), FIVE, C) == t.Judgement(
        t.Outcome.CLOSE, "1 higher (2.5%), within 5%"
    )
    assert t.any_reduction(D(50), D(40), FIVE, C) == t.Judgement(
        t.Outcome.MISSED, "10 higher (25%), beyond 5%"
    )
    assert t.any_reduction(D(41), D(40), FIVE, P) == t.Judgement(
        t.Outcome.CLOSE, "1 point higher, within 5%"
    )


def test_the_any_reduction_kind_judges_and_describes_against_the_baseline() -> None:
    target = _target(any_reduction=True)
    ind = _ind(unit="count", baseline={"value": 40, "period": "2012/13"})
    assert target.describe(ind) == "a reduction on 40 (2012/13)"
    assert target.describe(_ind(unit="count", baseline={"value": 40})) == "a reduction on 40"
    assert target.describe(_ind(baseline={"missing": "n/a"})) == "a reduction on the baseline"
    latest = Measurement(D(42), parse_period("2013/14"))
    # 2 over 40 is 5%: close; with a tolerance of 4%, beyond it.
    assert target.judge(latest, ind, DEFAULT_RULES) == t.Judgement(
        t.Outcome.CLOSE, "2 higher (5%), within 5%"
    )
    assert target.judge(latest, ind, Rules(close_percent=D(4))).outcome == t.Outcome.MISSED
    assert target.judge(replace(latest, value=D(38)), ind, DEFAULT_RULES).outcome == t.Outcome.MET
    percent = _ind(baseline={"value": 40, "period": "2012/13"})
    assert target.judge(replace(latest, value=D(41)), percent, DEFAULT_RULES) == t.Judgement(
        t.Outcome.CLOSE, "1 point higher, within 5%"
    )


def test_the_any_reduction_and_increase_baseline_is_in_the_plans_words() -> None:
    welsh = Words(
        target_any_reduction="gostyngiad ar {baseline}", period_quarter="Ch{number} {year}"
    )
    ind = _ind(unit="count", baseline={"value": 1182, "period": "Q3 2012/13"})
    assert _target(any_reduction=True).describe(ind, welsh) == "gostyngiad ar 1,182 (Ch3 2012/13)"
    assert _target(any_reduction=True).describe(ind) == "a reduction on 1,182 (Q3 2012/13)"
    welsh = welsh.model_copy(update={"target_any_increase": "cynnydd ar {baseline}"})
    assert _target(any_increase=True).describe(ind, welsh) == "cynnydd ar 1,182 (Ch3 2012/13)"


def test_any_reduction_charts_the_baseline_and_the_band_above_it() -> None:
    target = _target(any_reduction=True)
    lines, band = target.chart(
        _ind(unit="count", baseline={"value": 40, "period": "2012/13"}), FIVE
    )
    assert [(v, str(getattr(DEFAULT_WORDS, key))) for v, key, _ in lines] == [
        (D(40), "a reduction on")
    ]
    assert band == pytest.approx((40.0, 42.0))  # 5% above 40
    assert target.chart(_ind(baseline={"missing": "n/a"}), FIVE) == ([], None)


# --- a part of a year's target ---------------------------------------------------------------


def test_a_share_of_a_years_figure_is_to_a_tenth_and_whole_numbers_stay_whole() -> None:
    assert str(t.share_of(D(36), D("0.5"))) == "18"  # not 18.0
    assert str(t.share_of(D(50), D(1) / 3)) == "16.7"  # 16.666...
    assert str(t.share_of(D(36), D("0.6"))) == "21.6"
    assert str(t.share_of(D(1000), D(9) / 12)) == "750"


@pytest.mark.parametrize(
    ("spec", "fraction", "words"),
    [
        ({"at_least": 1000}, D("0.25"), "at least 250"),
        ({"at_most": 36}, D("0.5"), "at most 18"),
        ({"fewer_than": 50}, D(1) / 3, "fewer than 16.7"),
        ({"between": {"low": 28, "high": 40}}, D("0.5"), "14-20"),
        (
            {"reduction": {"percent": 20, "by": 2020, "value": 22}},
            D("0.5"),
            "20% reduction to 11 by 2020",
        ),
        ({"rank": {"within_top": 3, "of": "family group"}}, D("0.5"), "top 3 of family group"),
    ],
)
def test_a_target_for_a_part_of_the_year(spec: dict[str, Any], fraction: D, words: str) -> None:
    scaled = _target(**spec).scaled(fraction)
    assert scaled.describe(_ind(unit="count")) == words
    assert scaled.key == next(iter(spec))


def test_a_range_is_reached_by_an_interval_that_overlaps_it() -> None:
    target = _target(between={"low": 28, "high": 40})
    ind = _ind()
    latest = Measurement(D(44), parse_period("Q3 2017/18"))

    def reaches(low: int, high: int) -> bool:
        return target.reaches(D(low), D(high), latest, ind, DEFAULT_RULES)

    assert reaches(41, 47) is False  # wholly above
    assert reaches(40, 47) is True  # touches the top
    assert reaches(20, 27) is False  # wholly below
    assert reaches(20, 28) is True  # touches the bottom
    assert reaches(30, 35) is True  # inside
    assert reaches(20, 50) is True  # around


# --- in the plan's unit and words ---------------------------------------------------------------

# A plan's own words (Welsh) for what these kinds say: a judgement in English, or a figure
# without its unit, would show.
OWN = Words(
    met="wedi'i gyrraedd",
    met_by="wedi'i gyrraedd: {gap} {way}{share}",
    way_under="yn is",
    way_over="yn uwch",
    way_higher="yn uwch",
    point="{n} pwynt",
    points="{n} o bwyntiau",
    shortfall_within="{gap} {way}{share}, o fewn {tolerance}",
    shortfall_beyond="{gap} {way}{share}, y tu hwnt i {tolerance}",
    change_better="mwy na {band} yn well",
    change_worse="mwy na {band} yn waeth",
    change_on="{change}ar {figure} ({period}): {detail}",
    position_above="uwchlaw",
    position_in_line="yn unol â",
    position_below="o dan",
    group_within="{position} terfynau rheoli {confidence} y {group} ({low}–{high})",
)
MARGINS = Rules(margin_when_met=True)


def _on(value: str, before: str, unit: str = "percent", **kw: Any) -> tuple[Indicator, Measurement]:
    ind = _ind(unit=unit, **kw)
    earlier = Measurement(D(before), parse_period("Q3 2016/17"))
    return ind, Measurement(D(value), parse_period("Q3 2017/18"), before=earlier)


def test_a_limit_met_gives_its_margin_in_the_plans_unit_and_words() -> None:
    ind = _ind(target={"at_most": 60})
    at_most, at_least = _target(at_most=60), _target(at_least=50)
    latest = Measurement(D(55), parse_period("Q3 2017/18"))
    assert at_most.judge(latest, ind, MARGINS).detail == "met: 5 points under"
    assert at_most.judge(latest, ind, MARGINS, OWN) == t.Judgement(
        t.Outcome.MET, "wedi'i gyrraedd: 5 o bwyntiau yn is"
    )
    assert (
        at_least.judge(latest, ind, MARGINS, OWN).detail == "wedi'i gyrraedd: 5 o bwyntiau yn uwch"
    )
    on_it = Measurement(D(60), parse_period("Q3 2017/18"))
    assert at_most.judge(on_it, ind, MARGINS, OWN).detail == "wedi'i gyrraedd"
    assert t.margin(D(60), D(60), Unit.PERCENT) == "met"


def test_a_change_is_judged_by_the_polarity_in_the_plans_unit_and_words() -> None:
    spec = {"change": {"better": 10, "worse": 10}}
    ind, latest = _on("50", "40", polarity="higher is better", target=spec)
    target = _target(**spec)
    assert target.judge(latest, ind, DEFAULT_RULES) == t.Judgement(
        t.Outcome.MET, "+25% on 40% (Q3 2016/17): more than 10% better"
    )
    assert target.judge(latest, ind, DEFAULT_RULES, OWN) == t.Judgement(
        t.Outcome.MET, "+25% ar 40% (Q3 2016/17): mwy na 10% yn well"
    )
    lower, _ = _on("50", "40", polarity="lower is better", target=spec)
    assert target.judge(latest, lower, DEFAULT_RULES, OWN) == t.Judgement(
        t.Outcome.MISSED, "+25% ar 40% (Q3 2016/17): mwy na 10% yn waeth"
    )


def test_a_reduction_on_last_year_in_the_plans_unit_and_words() -> None:
    spec = {"reduction_on_last_year": True}
    ind, latest = _on("45", "40", target=spec)
    target = _target(**spec)
    assert target.judge(latest, ind, DEFAULT_RULES) == t.Judgement(
        t.Outcome.MISSED, "+12.5% on 40% (Q3 2016/17): 5 points higher, beyond 5%"
    )
    assert target.judge(latest, ind, DEFAULT_RULES, OWN) == t.Judgement(
        t.Outcome.MISSED, "+12.5% ar 40% (Q3 2016/17): 5 o bwyntiau yn uwch, y tu hwnt i 5%"
    )
    counted, latest = _on("450", "400", unit="count", target=spec)
    assert target.judge(latest, counted, DEFAULT_RULES).detail == (
        "+12.5% on 400 (Q3 2016/17): 50 higher (12.5%), beyond 5%"
    )


def test_a_figure_against_its_group_in_the_plans_unit_and_words() -> None:
    g = GroupComparison(
        "grŵp teulu", 8, None, D("26.3"), D("-6.7"), ((D("99.8"), 17.6581, 35.3449),), "above"
    )
    spec = {"in_line_with_group": True}
    ind = _ind(polarity="lower is better", target=spec)
    latest = Measurement(D("36.0"), parse_period("Q3 2017/18"), group=g)
    assert _target(**spec).judge(latest, ind, DEFAULT_RULES, OWN) == t.Judgement(
        t.Outcome.MISSED, "uwchlaw terfynau rheoli 99.8% y grŵp teulu (17.7%–35.3%)"
    )
