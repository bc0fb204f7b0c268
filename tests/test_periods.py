from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scp_report.plan.periods import (
    PeriodError,
    PeriodKind,
    parse_period,
    parse_quarter,
    quarter,
    quarter_from_slug,
    quarter_id,
    quarter_slug,
    shift_quarter,
)

DOCUMENT_FORMS = [
    ("Q3 2017/18", PeriodKind.QUARTER, "Q3 2017/18", 3),
    ("Q3-2017/18", PeriodKind.QUARTER, "Q3 2017/18", 3),
    ("2016/17", PeriodKind.FINANCIAL_YEAR, "2016/17", 12),
    ("2016", PeriodKind.CALENDAR_YEAR, "2016", 12),
    ("12 months to Nov 2017", PeriodKind.ROLLING, "12 months to Nov 2017", 12),
    ("12 months to Jun-17", PeriodKind.ROLLING, "12 months to Jun 2017", 12),
    ("Q1-3 2017/18", PeriodKind.CUMULATIVE, "Q1-3 2017/18", 9),
    ("2017 Survey", PeriodKind.SURVEY, "2017 Survey", 12),
    ("3 year average 07/08-09/10", PeriodKind.AVERAGE, "3 year average 07/08-09/10", 36),
]


@pytest.mark.parametrize(("text", "kind", "label", "months"), DOCUMENT_FORMS)
def test_every_document_form_parses_and_prints_back(
    text: str, kind: PeriodKind, label: str, months: int
) -> None:
    p = parse_period(text)
    assert (p.kind, p.label, p.months) == (kind, label, months)
    assert parse_period(p.label) == p


def test_calendar_year_as_integer() -> None:
    assert parse_period(2016) == parse_period("2016")


def test_quarter_months() -> None:
    q3 = parse_period("Q3 2017/18")
    assert (q3.first % 12 + 1, q3.last % 12 + 1) == (10, 12)  # Oct-Dec
    q4 = parse_period("Q4 2017/18")
    assert q4.first // 12 == 2018 and q4.first % 12 + 1 == 1  # Jan 2018


def test_ordering_in_time() -> None:
    texts = [
        "3 year average 07/08-09/10",
        "2014/15",
        "2016",
        "2016/17",
        "Q1 2017/18",
        "Q2 2017/18",
        "12 months to Dec 2017",
        "Q1-3 2017/18",
    ]
    periods = [parse_period(t) for t in texts]
    assert sorted(reversed(periods)) == periods


@pytest.mark.parametrize(
    "bad",
    [
        "Q5 2017/18",
        "Q0-2017/18",
        "2017/19",
        "Q3 2017/19",
        "13 months to Foo 2017",
        "3 year average 07/08-10/11",
        "Q3-1 2017/18",
        "last year",
        "",
        "2017/18/19",
    ],
)
def test_impossible_periods_are_refused(bad: str) -> None:
    with pytest.raises(PeriodError):
        parse_period(bad)


def test_quarter_parsing_and_help() -> None:
    assert parse_quarter("Q3-2017/18") == quarter(2017, 3)
    with pytest.raises(PeriodError, match="a quarter looks like Q3-2017/18"):
        parse_quarter("Q5-2017/19")
    with pytest.raises(PeriodError, match="is not a quarter"):
        parse_quarter("2016/17")


def test_shift_and_names() -> None:
    q3 = quarter(2017, 3)
    assert shift_quarter(q3, -1).label == "Q2 2017/18"
    assert shift_quarter(q3, 2).label == "Q1 2018/19"
    assert shift_quarter(q3, -7).label == "Q4 2015/16"
    assert quarter_id(q3) == "Q3-2017/18"
    assert quarter_slug(q3) == "2017-18-q3"
    assert quarter_from_slug("2017-18-q3") == q3
    assert quarter_from_slug("2017-19-q3") is None
    assert quarter_from_slug("notes") is None


def test_comparable() -> None:
    assert parse_period("2014/15").comparable(parse_period("2016/17"))
    assert not parse_period("2014/15").comparable(parse_period("2016"))
    assert not parse_period("Q2 2017/18").comparable(parse_period("2016/17"))


years = st.integers(min_value=1990, max_value=2060)
quarters = st.builds(quarter, years, st.integers(min_value=1, max_value=4))
any_period = st.one_of(
    quarters,
    years.map(lambda y: parse_period(f"{y}/{(y + 1) % 100:02d}")),
    years.map(parse_period),
    years.map(lambda y: parse_period(f"{y} Survey")),
    st.builds(
        lambda n, m, y: parse_period(f"{n} months to {m} {y}"),
        st.integers(1, 24),
        st.sampled_from(["Jan", "Jun", "Nov", "Dec"]),
        years,
    ),
)


@given(any_period, any_period)
def test_ordering_agrees_with_parsing_and_printing(a, b) -> None:  # type: ignore[no-untyped-def]
    a2, b2 = parse_period(a.label), parse_period(b.label)
    assert (a < b) == (a2 < b2)
    assert (a == b) == (a2 == b2)
    assert (a < b) == ((a.last, a.first, a.kind.value) < (b.last, b.first, b.kind.value))


@given(quarters, st.integers(-40, 40))
def test_shift_round_trip(q, n) -> None:  # type: ignore[no-untyped-def]
    assert shift_quarter(shift_quarter(q, n), -n) == q
    assert (shift_quarter(q, n) > q) == (n > 0)
