"""One test per rule branch of scp_report.targets."""

from __future__ import annotations

from decimal import Decimal as D

from scp_report.plan.models import Polarity, Unit
from scp_report.status import targets as t

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
