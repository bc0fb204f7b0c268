"""The forms a period is written in are one table (`periods.FORMS`), each a pattern and a
builder: every form reads its own example, and a form added to the table is read by
every stage with nothing else changed."""

from __future__ import annotations

import re

import pytest

from scp_report.model import periods
from scp_report.model.periods import (
    FORMS,
    Form,
    Groups,
    Period,
    PeriodError,
    PeriodKind,
    parse_period,
)


@pytest.mark.parametrize("form", FORMS, ids=[f.build.__name__.strip("_") for f in FORMS])
def test_each_form_reads_its_own_example(form: Form) -> None:
    first = next(f for f in FORMS if f.pattern.match(form.example))
    assert first is form, f"{form.example!r} is read by {first.build.__name__}"
    period = parse_period(form.example)
    m = form.pattern.match(form.example)
    assert m is not None
    assert form.build(m.groups(), form.example, 4) == period
    assert str(period) == form.example  # printed back as written


def test_the_forms_patterns_match_whole_texts_only() -> None:
    for form in FORMS:
        assert form.pattern.match(f"#{form.example}") is None
        assert form.pattern.match(f"{form.example}#") is None


def _winter(g: Groups, raw: str, year_start: int) -> Period:
    year = int(g[0])
    first = year * 12 + 11  # December of the year to February of the next
    return Period(PeriodKind.MONTHS, first, first + 2, f"Winter {year}/{(year + 1) % 100:02d}")


def test_a_form_added_to_the_table_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(PeriodError):
        parse_period("Winter 2013")
    winter = Form(re.compile(r"^winter (\d{4})$", re.I | re.A), _winter, "Winter 2013")
    # First: "winter 2013" would otherwise be read as a month named winter.
    monkeypatch.setattr(periods, "FORMS", (winter, *FORMS))
    periods._parse_period.cache_clear()
    try:
        period = parse_period("winter 2013")
        assert (period.label, str(period)) == ("Winter 2013/14", "winter 2013")
        assert (period.first, period.last) == (
            parse_period("Dec 2013-Feb 2014").first,
            parse_period("Feb 2014").last,
        )
        assert period.comparable(parse_period("Dec 2014-Feb 2015"))  # a span like any other
        assert not period.comparable(parse_period("Jan-Mar 2015"))
    finally:
        periods._parse_period.cache_clear()
