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
    before = previous_comparable(history, parse_period("Q3 2017/18"))
    assert before == m(760, "Q2 2017/18")
    # a year is compared with a year, not with a quarter
    assert previous_comparable(history, parse_period("2017/18")) == m(900, "2016/17")
    assert previous_comparable(history, parse_period("Q1 2017/18")) is None


def test_previous_comparable_a_year_earlier_and_after_a_restatement() -> None:
    history = [m(700, "Q3 2016/17"), m(400, "Q2 2017/18"), m(710, "Q3 2016/17")]
    latest = parse_period("Q3 2017/18")
    assert previous_comparable(history, latest, "year-earlier") == m(710, "Q3 2016/17")
    assert previous_comparable(history, latest) == m(400, "Q2 2017/18")
    assert previous_comparable([m(None, "Q2 2017/18")], latest) is None


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
