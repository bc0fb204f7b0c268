from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scp_report.model.periods import (
    MAX_YEAR,
    MIN_YEAR,
    MONTHS,
    PERIOD_HELP,
    QUARTER_HELP,
    REPORTING_HELP,
    Period,
    PeriodError,
    PeriodKind,
    Reporting,
    month_label,
    parse_period,
    parse_quarter,
    parse_reporting,
    quarter,
    quarter_from_slug,
    quarter_id,
    quarter_of,
    quarter_parts,
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


# --- forms and limits ---------------------------------------------------------------------


def span(p: Period) -> tuple[str, str]:
    """The first and last month of a period, as 'Apr 2017'."""
    return month_label(p.first), p.end_label


@pytest.mark.parametrize(
    ("text", "label", "months"),
    [
        ("12 months to November 2017", "12 months to Nov 2017", ("Dec 2016", "Nov 2017")),
        ("12 months to september 2017", "12 months to Sep 2017", ("Oct 2016", "Sep 2017")),
        ("3 months to JAN 2018", "3 months to Jan 2018", ("Nov 2017", "Jan 2018")),
        ("Q2-4 2017/18", "Q2-4 2017/18", ("Jul 2017", "Mar 2018")),
        ("Q1-4 2017/18", "Q1-4 2017/18", ("Apr 2017", "Mar 2018")),
        ("Q1-2 2017/18", "Q1-2 2017/18", ("Apr 2017", "Sep 2017")),
        ("q3 2017/18", "Q3 2017/18", ("Oct 2017", "Dec 2017")),
        ("Q4 2017/18", "Q4 2017/18", ("Jan 2018", "Mar 2018")),
        ("2016/17", "2016/17", ("Apr 2016", "Mar 2017")),
        ("1999/00", "1999/00", ("Apr 1999", "Mar 2000")),
        ("2016", "2016", ("Jan 2016", "Dec 2016")),
        ("2017 survey", "2017 Survey", ("Jan 2017", "Dec 2017")),
        ("3 year average 07/08-09/10", "3 year average 07/08-09/10", ("Apr 2007", "Mar 2010")),
        ("3 year average 97/98-99/00", "3 year average 97/98-99/00", ("Apr 1997", "Mar 2000")),
        ("1 year average 16/17-16/17", "1 year average 16/17-16/17", ("Apr 2016", "Mar 2017")),
    ],
)
def test_periods_cover_the_months_they_name(text: str, label: str, months: tuple[str, str]) -> None:
    p = parse_period(text)
    assert (p.label, span(p)) == (label, months)


@pytest.mark.parametrize(
    ("text", "end"),
    [
        ("12 months to Jun-79", "Jun 2079"),
        ("12 months to Jun-80", "Jun 1980"),
        ("12 months to Jun 00", "Jun 2000"),
        ("12 months to Jun-99", "Jun 1999"),
        ("12 months to Jun 2017", "Jun 2017"),
    ],
)
def test_two_digit_years_either_side_of_the_century_cut_off(text: str, end: str) -> None:
    assert parse_period(text).end_label == end


def test_two_digit_years_of_an_average_either_side_of_the_cut_off() -> None:
    assert span(parse_period("2 year average 78/79-79/80")) == ("Apr 2078", "Mar 2080")
    assert span(parse_period("2 year average 80/81-81/82")) == ("Apr 1980", "Mar 1982")
    with pytest.raises(PeriodError, match=r"79/80 to 80/81 spans .* years, not 2"):
        parse_period("2 year average 79/80-80/81")


def test_stray_whitespace_is_ignored() -> None:
    assert parse_period("  Q3   2017/18\t") == quarter(2017, 3)
    assert parse_period("12  months\nto Nov 2017 ").label == "12 months to Nov 2017"
    assert parse_period(" 2016 ").label == "2016"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1900", None),
        ("2200", None),
        ("Q1 1900/01", None),
        ("2199/00", None),
        ("1899", "'1899': years run from 1900 to 2200"),
        ("2201", "'2201': years run from 1900 to 2200"),
        ("Q1 1899/00", "'Q1 1899/00': years run from 1900 to 2200"),
        ("12 months to Jan 2201", "'12 months to Jan 2201': years run from 1900 to 2200"),
    ],
)
def test_years_run_from_1900_to_2200(text: str, message: str | None) -> None:
    if message is None:
        assert parse_period(text).label == text
    else:
        with pytest.raises(PeriodError) as e:
            parse_period(text)
        assert str(e.value) == message


@pytest.mark.parametrize(("months", "ok"), [(0, False), (1, True), (120, True), (121, False)])
def test_rolling_periods_cover_1_to_120_months(months: int, ok: bool) -> None:
    text = f"{months} months to Dec 2017"
    if ok:
        assert parse_period(text).months == months
    else:
        with pytest.raises(PeriodError) as e:
            parse_period(text)
        assert str(e.value) == f"{text!r}: a rolling period covers 1 to 120 months"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "Q3-3 2017/18",
            "'Q3-3 2017/18': cumulative quarters run Q1-2 to Q1-4, first below last",
        ),
        (
            "Q0-2 2017/18",
            "'Q0-2 2017/18': cumulative quarters run Q1-2 to Q1-4, first below last",
        ),
        (
            "Q1-5 2017/18",
            "'Q1-5 2017/18': cumulative quarters run Q1-2 to Q1-4, first below last",
        ),
        (
            "Q1-3 2017/19",
            "'Q1-3 2017/19': a financial year runs April to March of consecutive years, "
            "so 2017/ must be followed by 18",
        ),
        ("Q5 2017/18", "'Q5 2017/18': " + QUARTER_HELP),
        # A calendar year's quarters: the message quotes the text as written too.
        ("Q5 2013", "'Q5 2013': " + QUARTER_HELP),
        ("Q3-1 2013", "'Q3-1 2013': cumulative quarters run Q1-2 to Q1-4, first below last"),
        (
            "Q3 2017/19",
            "'Q3 2017/19': a financial year runs April to March of consecutive years, "
            "so 2017/ must be followed by 18",
        ),
        # Only ASCII digits are digits: 3000 in Arabic-Indic digits is no year at all.
        ("٣٠٠٠", "'٣٠٠٠' is not a period; " + PERIOD_HELP),
        ("Q0-2017/18", "'Q0-2017/18': " + QUARTER_HELP),
        (
            "2017/19",
            "'2017/19': a financial year runs April to March of consecutive years, "
            "so 2017/ must be followed by 18",
        ),
        (
            "1999/01",
            "'1999/01': a financial year runs April to March of consecutive years, "
            "so 1999/ must be followed by 00",
        ),
        ("12 months to Foo 2017", "'12 months to Foo 2017': 'Foo' is not a month name"),
        (
            "3 year average 07/08-10/11",
            "'3 year average 07/08-10/11': 07/08 to 10/11 spans 4 years, not 3",
        ),
        (
            "3 year average 07/09-09/10",
            "'3 year average 07/09-09/10': a financial year runs April to March of "
            "consecutive years, so 2007/ must be followed by 08",
        ),
        (
            "3 year average 07/08-09/11",
            "'3 year average 07/08-09/11': a financial year runs April to March of "
            "consecutive years, so 2009/ must be followed by 10",
        ),
        ("last year", "'last year' is not a period; " + PERIOD_HELP),
        ("Q3 2017/18 ish", "'Q3 2017/18 ish' is not a period; " + PERIOD_HELP),
    ],
)
def test_refusals_say_why(text: str, message: str) -> None:
    with pytest.raises(PeriodError) as e:
        parse_period(text)
    assert str(e.value) == message


@pytest.mark.parametrize("value", [True, 2016.0, None, b"2016"])
def test_only_text_and_whole_years_are_periods(value: object) -> None:
    with pytest.raises(PeriodError) as e:
        parse_period(value)  # type: ignore[arg-type]
    assert str(e.value) == f"expected a period as text, got {value!r}; {PERIOD_HELP}"


def test_quarter_numbers_run_1_to_4() -> None:
    assert quarter(2017, 1).label == "Q1 2017/18" and quarter(2017, 4).label == "Q4 2017/18"
    for q in (0, 5):
        with pytest.raises(PeriodError) as e:
            quarter(2017, q)
        assert str(e.value) == f"Q{q}: {QUARTER_HELP}"


def test_only_quarters_have_quarter_ids() -> None:
    with pytest.raises(PeriodError, match="12 months to Nov 2017 is not a quarter"):
        quarter_id(parse_period("12 months to Nov 2017"))


def test_only_quarters_have_quarter_parts() -> None:
    assert quarter_parts(quarter(2017, 4)) == (2017, 4)
    assert quarter_parts(quarter(2099, 1)) == (2099, 1)
    with pytest.raises(PeriodError) as e:
        quarter_parts(parse_period("Q1-2 2017/18"))
    assert str(e.value) == "Q1-2 2017/18 is not a quarter"


def test_quarter_names_round_the_century() -> None:
    q = quarter(2099, 4)
    assert (quarter_id(q), quarter_slug(q)) == ("Q4-2099/00", "2099-00-q4")
    assert quarter_from_slug("2099-00-q4") == q
    assert quarter_from_slug("2017-18-q5") is None
    assert quarter_from_slug("2017-18-q0") is None
    assert quarter_from_slug("2017-18-q3.yaml") is None
    assert quarter_from_slug("2017-19-q3") is None
    assert quarter_from_slug("٢٠١٧-18-q3") is None
    assert parse_quarter("Q4 2099/00") == q


def test_comparisons_between_periods() -> None:
    q2, q3 = parse_period("Q2 2017/18"), parse_period("Q3 2017/18")
    same = parse_period("Q3-2017/18")
    assert q3 >= q3 and q3 >= same and q3 >= q2 and not q2 >= q3
    assert q3 <= same and q2 <= q3 and not q3 <= q2
    assert q3 > q2 and not q3 > same and not q2 > q3
    assert q2 < q3 and not q3 < same and not q3 < q2


def test_a_period_ending_the_same_month_orders_by_its_start_then_kind() -> None:
    year, q4 = parse_period("2017/18"), parse_period("Q4 2017/18")
    assert year < q4 < parse_period("Q1 2018/19")
    rolling, fy = parse_period("12 months to Mar 2018"), parse_period("2017/18")
    assert (rolling.first, rolling.last) == (fy.first, fy.last)
    assert fy < rolling  # "financial year" sorts before "rolling months"
    assert fy != rolling and not fy.comparable(rolling)


def test_equal_periods_hash_alike() -> None:
    forms = ["Q3 2017/18", "Q3-2017/18", "q3  2017/18"]
    assert len({parse_period(f) for f in forms}) == 1
    assert len({parse_period("2016/17"), parse_period("2016"), parse_period("2016 Survey")}) == 3
    # One label for all the spellings; each prints as the plan wrote it.
    assert {parse_period(f).label for f in forms} == {"Q3 2017/18"}
    assert str(parse_period("Q3-2017/18")) == "Q3-2017/18"
    assert str(parse_period("q3  2017/18")) == "q3 2017/18"  # white space folded


def test_comparable_needs_the_same_kind_and_length() -> None:
    assert parse_period("12 months to Nov 2017").comparable(parse_period("12 months to Jun 2016"))
    assert not parse_period("12 months to Nov 2017").comparable(
        parse_period("6 months to Nov 2017")
    )
    # Spans of the year compare with the same span: Q1-2 with Q1-2 a year earlier, not
    # with Q2-3, which covers other months of the year.
    assert parse_period("Q1-2 2017/18").comparable(parse_period("Q1-2 2016/17"))
    assert not parse_period("Q1-2 2017/18").comparable(parse_period("Q2-3 2016/17"))
    assert not parse_period("Q1-2 2017/18").comparable(parse_period("Q1-3 2017/18"))


def test_month_labels() -> None:
    assert month_label(2017 * 12) == "Jan 2017"
    assert month_label(2017 * 12 + 11) == "Dec 2017"


# --- properties -----------------------------------------------------------------------------

all_years = st.integers(min_value=MIN_YEAR, max_value=MAX_YEAR - 1)
FULL_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
month_names = st.sampled_from([*MONTHS, *FULL_MONTHS])
every_form = st.one_of(
    st.builds(lambda y, q: f"Q{q} {y}/{(y + 1) % 100:02d}", all_years, st.integers(1, 4)),
    st.builds(lambda y, q: f"Q{q}-{y}/{(y + 1) % 100:02d}", all_years, st.integers(1, 4)),
    st.builds(
        lambda y, a, b: f"Q{min(a, b)}-{max(a, b)} {y}/{(y + 1) % 100:02d}",
        all_years,
        st.integers(1, 4),
        st.integers(1, 4),
    ).filter(lambda s: s[1] != s[3]),
    all_years.map(lambda y: f"{y}/{(y + 1) % 100:02d}"),
    all_years.map(str),
    all_years.map(lambda y: f"{y} Survey"),
    st.builds(
        lambda n, m, y: f"{n} months to {m} {y}", st.integers(1, 120), month_names, all_years
    ),
    st.builds(
        lambda n, m, y: f"{n} months to {m}-{y:02d}",
        st.integers(1, 120),
        month_names,
        st.integers(0, 99),
    ),
    st.builds(
        lambda n, y: (
            f"{n} year average {y % 100:02d}/{(y + 1) % 100:02d}-"
            f"{(y + n - 1) % 100:02d}/{(y + n) % 100:02d}"
        ),
        st.integers(1, 10),
        # Two-digit years from 80 are the 1900s: spans from 1980 to 2070 read back alike.
        st.integers(1980, 2060),
    ),
)


@given(every_form)
def test_every_period_prints_and_parses_back_to_itself(text: str) -> None:
    p = parse_period(text)
    again = parse_period(p.label)
    # The label reads back as the same period; the period prints as it was written.
    assert again == p and again.label == p.label == str(again)
    assert str(p) == " ".join(text.split()) and parse_period(str(p)) == p
    assert again.months == p.months == p.last - p.first + 1 >= 1


@given(every_form, every_form, every_form)
def test_period_order_is_total_and_follows_end_dates(x: str, y: str, z: str) -> None:
    a, b, c = parse_period(x), parse_period(y), parse_period(z)
    assert [a < b, a == b, a > b].count(True) == 1
    assert (a <= b) == (not a > b) and (a >= b) == (not a < b)
    if a.last != b.last:
        assert (a < b) == (a.last < b.last)
    if a <= b and b <= c:
        assert a <= c


# --- the forms other partnerships write (issue 14) ----------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "label", "months", "first_month"),
    [
        ("Q3 2013", PeriodKind.CALENDAR_QUARTER, "Q3 2013", 3, "Jul 2013"),
        ("Q3-2013", PeriodKind.CALENDAR_QUARTER, "Q3 2013", 3, "Jul 2013"),
        ("Q1-2 2013", PeriodKind.CUMULATIVE, "Q1-2 2013", 6, "Jan 2013"),
        ("Dec 2012", PeriodKind.MONTH, "Dec 2012", 1, "Dec 2012"),
        ("December 2012", PeriodKind.MONTH, "Dec 2012", 1, "Dec 2012"),
        ("Sept 2012", PeriodKind.MONTH, "Sep 2012", 1, "Sep 2012"),
        ("Jun-17", PeriodKind.MONTH, "Jun 2017", 1, "Jun 2017"),
        ("Apr-Dec 2013", PeriodKind.MONTHS, "Apr-Dec 2013", 9, "Apr 2013"),
        ("Oct 2012-Mar 2013", PeriodKind.MONTHS, "Oct 2012-Mar 2013", 6, "Oct 2012"),
        ("12 months to Sept 2012", PeriodKind.ROLLING, "12 months to Sep 2012", 12, "Oct 2011"),
        ("12 months to Jun-17", PeriodKind.ROLLING, "12 months to Jun 2017", 12, "Jul 2016"),
        ("31 March 2013", PeriodKind.AS_AT, "31 March 2013", 1, "Mar 2013"),
        ("as at 31 March 2013", PeriodKind.AS_AT, "31 March 2013", 1, "Mar 2013"),
        ("YTD Sep 2013", PeriodKind.YEAR_TO_DATE, "YTD Sep 2013", 6, "Apr 2013"),
        ("Q1-2 2013/14", PeriodKind.CUMULATIVE, "Q1-2 2013/14", 6, "Apr 2013"),
    ],
)
def test_every_form_other_partnerships_write(
    text: str, kind: PeriodKind, label: str, months: int, first_month: str
) -> None:
    p = parse_period(text)
    assert (p.kind, p.label, p.months, month_label(p.first)) == (kind, label, months, first_month)
    assert str(p) == text  # printed as written
    assert parse_period(label) == p


def test_year_to_date_counts_from_the_plans_year_start() -> None:
    april, january = parse_period("YTD Sep 2013", 4), parse_period("YTD Sep 2013", 1)
    assert (month_label(april.first), april.months) == ("Apr 2013", 6)
    assert (month_label(january.first), january.months) == ("Jan 2013", 9)
    assert april.year_to_date(4) and not april.year_to_date(1) and january.year_to_date(1)
    assert not parse_period("2016/17").year_to_date(4)  # a whole year
    assert not parse_period("Q1 2017/18").year_to_date(4)  # a quarter is a quarter


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31 February 2013", "'31 February 2013' is not a date"),
        ("Dec-Apr 2013", "a span of months runs forward"),
        ("Smarch 2013", "'Smarch' is not a month name"),
    ],
)
def test_forms_that_do_not_read(text: str, message: str) -> None:
    with pytest.raises(PeriodError, match=re.escape(message)):
        parse_period(text)


def test_a_whole_year_of_cumulative_quarters_is_a_year() -> None:
    assert parse_period("Q1-4 2013/14").comparable(parse_period("2012/13"))
    assert parse_period("Jan-Dec 2013").comparable(parse_period("2012"))
    assert not parse_period("2012").comparable(parse_period("2012/13"))
    assert parse_period("Q3 2013").comparable(parse_period("Q2 2013/14"))  # both quarters
    assert parse_period("YTD Sep 2013").comparable(parse_period("Q1-2 2012/13"))


def test_calendar_quarters_shift_name_and_file_as_their_kind() -> None:
    q3 = parse_quarter("Q3-2013")
    assert (quarter_id(q3), quarter_slug(q3)) == ("Q3-2013", "2013-q3")
    assert str(shift_quarter(q3, 2)) == "Q1 2014" and str(shift_quarter(q3, -3)) == "Q4 2012"
    assert quarter_from_slug("2013-q3") == q3
    assert quarter_of(q3.first, 4) == parse_quarter("Q2-2013/14")


# --- month names, spans, pasted text ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("YTD Smarch 2013", "Smarch"),
        ("Smarch-Dec 2013", "Smarch"),
        ("Apr-Smarch 2013", "Smarch"),
        ("Smarch 2012-Mar 2013", "Smarch"),
        ("Oct 2012-Smarch 2013", "Smarch"),
        ("Smarch 2013", "Smarch"),
        ("31 Smarch 2013", "Smarch"),
    ],
)
def test_every_form_with_a_month_names_the_bad_one(text: str, name: str) -> None:
    with pytest.raises(PeriodError) as e:
        parse_period(text)
    assert str(e.value) == f"{text!r}: {name!r} is not a month name"


SPAN_HELP = "a span of months runs forward, from its first month to its last, within two years"


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("Apr-May 2013", 2),
        ("Apr 2012-Mar 2014", 24),  # two years: the longest span
        ("Apr-Apr 2013", None),  # one month is a month, not a span
        ("May-Apr 2013", None),
        ("Apr 2012-Apr 2014", None),  # 25 months
    ],
)
def test_a_span_runs_forward_within_two_years(text: str, months: int | None) -> None:
    if months is not None:
        assert parse_period(text).months == months
    else:
        with pytest.raises(PeriodError) as e:
            parse_period(text)
        assert str(e.value) == f"{text!r}: {SPAN_HELP}"


def test_a_period_pasted_with_curly_quotes_reads_as_written_inside_them() -> None:
    for text in ("\u201cQ3 2017/18\u201d", "\u2018Q3 2017/18\u2019", "\u00abQ3 2017/18\u00bb"):
        p = parse_period(text)
        assert (p.label, str(p)) == ("Q3 2017/18", "Q3 2017/18")


def test_a_year_written_as_a_number_is_a_year_whatever_the_year_start() -> None:
    assert parse_period(2016, year_start=1) == parse_period("2016")
    assert parse_period("YTD Sep 2013", year_start=1).label == "YTD Sep 2013"
    assert parse_period("YTD Sep 2013", year_start=1).months == 9  # from January
    assert parse_period("YTD Sep 2013").months == 6  # from April, by default


def test_the_quarter_a_month_falls_in_of_either_year() -> None:
    sep_2013 = parse_period("Sep 2013").last
    assert str(quarter_of(sep_2013, 4)) == "Q2 2013/14"
    assert str(quarter_of(sep_2013, 1)) == "Q3 2013"
    assert quarter_of(sep_2013, 1).kind == PeriodKind.CALENDAR_QUARTER


def test_a_whole_year_is_no_year_to_date() -> None:
    for text in ("Q1-4 2013/14", "Apr 2013-Mar 2014", "2013/14"):
        assert not parse_period(text).year_to_date(4), text
    assert parse_period("Apr 2013-Feb 2014").year_to_date(4)  # 11 months
    assert not parse_period("Q2-4 2013/14").year_to_date(4)  # from July
    assert parse_period("Q2-4 2013/14").year_to_date(7)


def test_comparable_across_kinds_of_year_span_and_quarter() -> None:
    assert parse_period("Q1-4 2013/14").comparable(parse_period("Apr 2012-Mar 2013"))
    assert parse_period("2013").comparable(parse_period("Jan-Dec 2012"))
    assert not parse_period("2013").comparable(parse_period("2013/14"))  # other start
    assert parse_period("Q3 2013").comparable(parse_period("Q2 2013/14"))  # quarters both
    assert not parse_period("Q2 2013/14").comparable(parse_period("Jul-Sep 2013"))
    assert not parse_period("Jul-Sep 2013").comparable(parse_period("Q2 2013/14"))
    assert not parse_period("Sep 2013").comparable(parse_period("30 September 2013"))
    assert parse_period("Sep 2013").comparable(parse_period("Sept 2012"))
    assert not parse_period("12 months to Dec 2017").comparable(parse_period("2017"))
    assert not parse_period("2017 Survey").comparable(parse_period("2017"))


# --- how an indicator reports ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reporting", "shown"),
    [
        ("rolling 12 months", Reporting(PeriodKind.ROLLING, 12), "rolling 12 months"),
        ("Rolling  1 month", Reporting(PeriodKind.ROLLING, 1), "rolling 1 months"),
        ("rolling 120 months", Reporting(PeriodKind.ROLLING, 120), "rolling 120 months"),
        ("quarter", Reporting(PeriodKind.QUARTER), "quarter"),
        ("Financial  Year", Reporting(PeriodKind.FINANCIAL_YEAR), "financial year"),
        ("year to date", Reporting(PeriodKind.YEAR_TO_DATE), "year to date"),
        ("multi-year average", Reporting(PeriodKind.AVERAGE), "multi-year average"),
    ],
)
def test_how_an_indicator_reports_reads_and_prints(
    text: str, reporting: Reporting, shown: str
) -> None:
    assert parse_reporting(text) == reporting
    assert str(reporting) == shown


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("rolling 0 months", "'rolling 0 months': a rolling period covers 1 to 120 months"),
        ("rolling 121 months", "'rolling 121 months': a rolling period covers 1 to 120 months"),
        # Digits of another script are no number here.
        ("rolling \u0661\u0662 months", None),
        ("quarterly", None),
        ("rolling months", None),
    ],
)
def test_how_an_indicator_reports_refuses_what_it_cannot_read(
    text: str, message: str | None
) -> None:
    with pytest.raises(PeriodError) as e:
        parse_reporting(text)
    expected = message or f"{text!r} is not a kind of period; expected one of: {REPORTING_HELP}"
    assert str(e.value) == expected


@pytest.mark.parametrize(
    ("reporting", "period", "fits"),
    [
        (Reporting(PeriodKind.ROLLING, 12), "12 months to Nov 2017", True),
        (Reporting(PeriodKind.ROLLING, 12), "6 months to Nov 2017", False),
        (Reporting(PeriodKind.ROLLING, 12), "2016/17", False),  # 12 months, but a year
        (Reporting(PeriodKind.QUARTER), "Q3 2017/18", True),
        (Reporting(PeriodKind.QUARTER), "Q3 2017", True),  # a quarter of either year
        (Reporting(PeriodKind.QUARTER), "Q1-2 2017/18", False),
        (Reporting(PeriodKind.CUMULATIVE), "Q1-2 2017/18", True),
        (Reporting(PeriodKind.CUMULATIVE), "YTD Sep 2017", True),
        (Reporting(PeriodKind.CUMULATIVE), "Apr-Sep 2017", True),
        (Reporting(PeriodKind.CUMULATIVE), "Q3 2017/18", False),
        (Reporting(PeriodKind.YEAR_TO_DATE), "Q1-3 2017/18", True),
        (Reporting(PeriodKind.FINANCIAL_YEAR), "2016/17", True),
        (Reporting(PeriodKind.FINANCIAL_YEAR), "2016", False),
        (Reporting(PeriodKind.MONTH), "Dec 2012", True),
        (Reporting(PeriodKind.MONTH), "Q3 2017/18", False),
    ],
)
def test_a_period_fits_how_its_indicator_reports(
    reporting: Reporting, period: str, fits: bool
) -> None:
    assert reporting.fits(parse_period(period)) is fits
