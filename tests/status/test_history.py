"""A measure's figures over time (status/history.py): what every view reads off a row."""

from __future__ import annotations

from decimal import Decimal as D

from scp_report.model.figures import Measurement
from scp_report.model.models import Indicator
from scp_report.model.periods import parse_period
from scp_report.model.rules import DEFAULT_RULES
from scp_report.model.values import Unit
from scp_report.model.words import DEFAULT_WORDS
from scp_report.status.history import (
    TargetLine,
    comparable,
    figures_of,
    previous_comparable,
    target_lines,
)
from scp_report.status.snapshot import direction_of

BASE = {"baseline": {"value": 1, "period": "2014/15"}}


def m(value: float | None, period: str | None) -> Measurement:
    return Measurement(
        None if value is None else D(str(value)), parse_period(period) if period else None
    )


def test_previous_comparable_is_the_latest_earlier_figure_of_a_like_period() -> None:
    history = [m(700, "Q1 2017/18"), m(760, "Q2 2017/18"), m(900, "2016/17"), m(1, "Q4 2017/18")]
    before = previous_comparable(history, parse_period("Q3 2017/18"), "previous")
    assert before == m(760, "Q2 2017/18")
    # a year is compared with a year, not with a quarter
    assert previous_comparable(history, parse_period("2017/18"), "previous") == m(900, "2016/17")
    assert previous_comparable(history, parse_period("Q1 2017/18"), "previous") is None


def test_previous_comparable_a_year_earlier_and_after_a_restatement() -> None:
    history = [m(700, "Q3 2016/17"), m(400, "Q2 2017/18"), m(710, "Q3 2016/17")]
    latest = parse_period("Q3 2017/18")
    assert previous_comparable(history, latest, "year-earlier") == m(710, "Q3 2016/17")
    assert previous_comparable(history, latest, "previous") == m(400, "Q2 2017/18")
    assert previous_comparable([m(None, "Q2 2017/18")], latest, "previous") is None


def test_the_direction_names_the_figure_it_compared_with() -> None:
    ind = Indicator.model_validate({"id": "x", "measure": "X", "unit": "count", **BASE})
    history = [m(700, "Q1 2017/18"), m(760, "Q2 2017/18")]
    d = direction_of(ind, m(774, "Q3 2017/18"), None, history, DEFAULT_RULES)
    assert d is not None and d.previous == m(760, "Q2 2017/18")
    assert "against 760 (Q2 2017/18)" in d.reason


def test_figures_keep_the_baseline_and_a_periods_later_report_in_period_order() -> None:
    baseline = m(40, "2014/15")
    reported = [m(45, "Q2 2017/18"), m(41, "2014/15"), m(44, "Q1 2017/18"), m(46, "Q2 2017/18")]
    points = figures_of(baseline, reported, Unit.PERCENT)
    assert [(p.period, p.text, p.baseline) for p in points] == [
        ("2014/15", "40%", True),
        ("Q1 2017/18", "44%", False),
        ("Q2 2017/18", "46%", False),
    ]
    assert [p.period for p in comparable(points, parse_period("Q2 2017/18"))] == [
        "Q1 2017/18",
        "Q2 2017/18",
    ]
    assert [p.period for p in comparable(points, parse_period("Q1 2017/18"))] == ["Q1 2017/18"]


def test_figures_carry_their_intervals_only_at_a_confidence_level() -> None:
    given = Measurement(D(50), parse_period("Q1 2017/18"), numerator=50, denominator=D(100))
    (plain,) = figures_of(m(None, None), [given], Unit.PERCENT)
    assert plain.interval is None and plain.interval_text is None
    (shown,) = figures_of(m(None, None), [given], Unit.PERCENT, confidence=D(95))
    assert shown.interval is not None and shown.interval_text == "40–60%"


def test_target_lines_of_a_part_of_the_year() -> None:
    ind = Indicator.model_validate(
        {"id": "x", "measure": "X", "unit": "count", "target": {"at_most": 60}, **BASE}
    )
    lines, band = target_lines(ind.target, ind, None, D(5), DEFAULT_WORDS)
    assert lines == (TargetLine(60.0, "target: at most 60"),) and band == (60.0, 63.0)
    lines, band = target_lines(ind.target, ind, D("0.5"), D(5), DEFAULT_WORDS)
    assert lines == (TargetLine(30.0, "target: at most 30"),) and band == (30.0, 31.5)
    assert target_lines(None, ind, None, D(5)) == ((), None)


def test_figures_without_a_value_or_a_period_are_left_out() -> None:
    # A baseline with its period but no figure (n/a), and a reading still awaited before
    # one with a figure: only the figures are points, the later one included.
    reported = [m(None, "Q1 2017/18"), m(12, "Q2 2017/18"), m(None, None), m(9, "Q3 2017/18")]
    points = figures_of(m(None, "2014/15"), reported, Unit.COUNT)
    assert [(p.period, p.text, p.baseline) for p in points] == [
        ("Q2 2017/18", "12", False),
        ("Q3 2017/18", "9", False),
    ]
    (only,) = figures_of(Measurement(D(40), None), [m(9, "Q3 2017/18")], Unit.COUNT)
    assert only.period == "Q3 2017/18"


def test_a_rates_interval_is_per_its_base_in_the_plans_words() -> None:
    # 124 crimes in a population of 10,000: 12.4 per 1,000, its exact Poisson interval
    # 103.1–147.9 crimes, 10.3–14.8 per 1,000.
    given = Measurement(D("12.4"), parse_period("Q1 2017/18"), numerator=124, denominator=D(10000))
    words = DEFAULT_WORDS.model_copy(update={"interval": "{low} i {high}"})
    (rate,) = figures_of(m(None, None), [given], Unit.RATE, 1000, D(95), words)
    assert rate.interval is not None
    assert (rate.interval.low, rate.interval.high) == (D("10.3"), D("14.8"))
    assert rate.interval_text == "10.3 i 14.8"
    # a rate without its base has no interval
    (unknown,) = figures_of(m(None, None), [given], Unit.RATE, None, D(95), words)
    assert unknown.interval is None and unknown.interval_text is None


def test_target_lines_of_a_percentage_name_the_unit() -> None:
    ind = Indicator.model_validate(
        {"id": "x", "measure": "X", "unit": "percent", "target": {"at_least": 50}, **BASE}
    )
    lines, _ = target_lines(ind.target, ind, None, D(5), DEFAULT_WORDS)
    assert lines == (TargetLine(50.0, "target: at least 50%"),)
