"""Figures as text (scp_report.model.figures): the exact words every view prints."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from scp_report.model import figures as fmt
from scp_report.model.figures import Measurement
from scp_report.model.periods import parse_period
from scp_report.model.statuses import STATUS_ORDER
from scp_report.model.values import Unit
from scp_report.model.words import DEFAULT_WORDS

Q3 = parse_period("Q3 2017/18")
FY = parse_period("2016/17")


@pytest.mark.parametrize(
    ("d", "text"),
    [
        (1566, "1,566"),
        (0, "0"),
        (D("2.0"), "2.0"),
        (D("0.04"), "0.04"),
        (D("1234567.5"), "1,234,567.5"),
        (D("-1500"), "-1,500"),
    ],
)
def test_number(d: D | int, text: str) -> None:
    assert fmt.number(d) == text


def test_value_shows_the_percent_sign_only_for_percentages() -> None:
    assert fmt.value(D(49), Unit.PERCENT) == "49%"
    assert fmt.value(D(1566), Unit.COUNT) == "1,566"
    assert fmt.value(D("45.5"), Unit.RATE) == "45.5"


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (4, "4th"),
        (9, "9th"),
        (10, "10th"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (14, "14th"),
        (20, "20th"),
        (21, "21st"),
        (22, "22nd"),
        (23, "23rd"),
        (24, "24th"),
        (100, "100th"),
        (101, "101st"),
        (111, "111th"),
        (112, "112th"),
        (113, "113th"),
        (121, "121st"),
    ],
)
def test_ordinal(n: int, text: str) -> None:
    assert fmt.ordinal(n) == text


def test_gap_in_points_for_percentages() -> None:
    assert fmt.gap(D(1), Unit.PERCENT) == "1 point"
    assert fmt.gap(D(-1), Unit.PERCENT) == "1 point"
    assert fmt.gap(D("1.0"), Unit.PERCENT) == "1.0 point"
    assert fmt.gap(D("0.5"), Unit.PERCENT) == "0.5 points"
    assert fmt.gap(D(2), Unit.PERCENT) == "2 points"
    assert fmt.gap(D(-1500), Unit.COUNT) == "1,500"
    assert fmt.gap(D(1), Unit.RATE) == "1"


@pytest.mark.parametrize(
    ("d", "text"),
    [
        (D("2.5"), "2.5%"),
        (D(10), "10%"),
        (D("10.04"), "10%"),
        (D("1.96"), "2%"),
        (D("1.8181"), "1.8%"),
        (D(100), "100%"),
        (D(0), "0%"),
        (D("0.04"), "0%"),
        (D("250"), "250%"),
    ],
)
def test_percent_rounds_to_one_place_and_drops_a_zero_tenth(d: D, text: str) -> None:
    assert fmt.percent(d) == text


def test_shown_gives_the_figure_its_rank_or_why_there_is_none() -> None:
    assert fmt.shown(Measurement(D("45.5"), Q3, 4), Unit.RATE) == "45.5 (ranked 4th)"
    assert fmt.shown(Measurement(D(49), Q3), Unit.PERCENT) == "49%"
    assert fmt.shown(Measurement(None, Q3, None, "Not reported"), Unit.COUNT) == "Not reported"
    assert fmt.shown(Measurement(None, Q3), Unit.COUNT) == "Awaiting data"


def test_figure_gives_its_period_only_where_the_heading_does_not() -> None:
    m = Measurement(D(738), FY)
    assert fmt.figure(m, Unit.COUNT) == ("738", "2016/17")
    assert fmt.figure(m, Unit.COUNT, FY) == ("738", None)
    assert fmt.figure(m, Unit.COUNT, Q3) == ("738", "2016/17")
    assert fmt.figure(Measurement(D(1), None), Unit.COUNT, Q3) == ("1", None)
    assert fmt.figure(None, Unit.COUNT, Q3) == ("Awaiting data", None)


def test_figure_with_period_on_one_line() -> None:
    m = Measurement(D(738), FY)
    assert fmt.figure_with_period(m, Unit.COUNT) == "738 (2016/17)"
    assert fmt.figure_with_period(m, Unit.COUNT, FY) == "738"
    assert fmt.figure_with_period(None, Unit.PERCENT) == "Awaiting data"
    missing = Measurement(None, Q3, None, "n/a")
    assert fmt.figure_with_period(missing, Unit.PERCENT, FY) == "n/a (Q3 2017/18)"


@pytest.mark.parametrize(
    ("markdown", "text"),
    [
        ("**Bold** and *italic*", "Bold and italic"),
        ("__bold__ and _italic_", "bold and italic"),
        ("Reports[^note] by partners[^a-2]", "Reports by partners"),
        ("a [^not a ref] b", "a [^not a ref] b"),
        ("two\n  lines\tjoined ", "two lines joined"),
        ("5 * 3 * 2", "5 * 3 * 2"),
        ("**unclosed", "**unclosed"),
    ],
)
def test_plain_text_of_markdown(markdown: str, text: str) -> None:
    assert fmt.plain(markdown) == text


def test_arrows_and_status_order() -> None:
    assert [fmt.ARROWS[d] for d in fmt.ARROWS] == ["↑", "→", "↓"]
    assert [s.value for s in STATUS_ORDER] == [
        "Successful",
        "Close to target",
        "Needs improving",
        "Monitoring",
        "Awaiting data",
    ]


def test_figure_in_the_unit_of_its_measure() -> None:
    m = Measurement(D(49), FY)
    assert fmt.figure(m, Unit.PERCENT, FY) == ("49%", None)
    assert fmt.figure_with_period(m, Unit.PERCENT) == "49% (2016/17)"


def test_a_figure_still_to_come_in_the_plans_words() -> None:
    # A placeholder (no figure, no words of its own) reads as the plan's word for awaited.
    placeholder = Measurement(None, Q3)
    assert fmt.figure(placeholder, Unit.COUNT, Q3, "Ar ddod") == ("Ar ddod", None)
    assert fmt.figure(None, Unit.COUNT, Q3, "Ar ddod") == ("Ar ddod", None)
    assert fmt.figure_with_period(placeholder, Unit.COUNT, FY, awaiting="Ar ddod") == (
        "Ar ddod (Q3 2017/18)"
    )


def test_a_figure_with_a_note_after_it() -> None:
    m = Measurement(D(738), FY)
    note = "the 2017/18 figure is awaited"
    assert fmt.figure_with_period(m, Unit.COUNT, Q3, note) == (
        "738 (2016/17); the 2017/18 figure is awaited"
    )
    assert fmt.figure_with_period(m, Unit.COUNT, FY, note) == "738; the 2017/18 figure is awaited"


def test_a_figure_carries_the_plans_unit_label_only_where_there_is_a_figure() -> None:
    m = Measurement(D(738), FY)
    assert fmt.figure_with_period(m, Unit.COUNT, Q3, label="admissions") == (
        "738 admissions (2016/17)"
    )
    assert fmt.figure_with_period(m, Unit.COUNT, FY, label="admissions") == "738 admissions"
    # No figure, no unit: the words for a missing figure stand alone.
    missing = Measurement(None, Q3, None, "Not reported")
    assert fmt.figure_with_period(missing, Unit.COUNT, Q3, label="admissions") == "Not reported"
    assert fmt.figure_with_period(None, Unit.COUNT, Q3, label="admissions") == "Awaiting data"


def test_a_figure_is_written_in_the_plans_words() -> None:
    words = DEFAULT_WORDS.model_copy(update={"ranked": "{figure} (safle {rank})", "ordinal": "{n}"})
    m = Measurement(D("45.5"), Q3, 4)
    assert fmt.figure(m, Unit.RATE, Q3, words=words) == ("45.5 (safle 4)", None)
    assert fmt.figure_with_period(m, Unit.RATE, FY, words=words) == "45.5 (safle 4) (Q3 2017/18)"
