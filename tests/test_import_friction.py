"""Issue 23, the analyst's quarter: what partners type into the sheet (semicolons, dates,
fractions of people), what the template says to them, and what `scp import` says back."""

from __future__ import annotations

from pathlib import Path

import pytest

from .helpers import overlay
from .helpers import run_cli as run

Q4 = "plan/readings/2017-18-q4.yaml"


# --- CSV as spreadsheets save it ---------------------------------------------------------


@pytest.mark.parametrize(("separator", "said"), [(";", "semicolons"), ("\t", "tabs"), (",", None)])
def test_the_csv_separator_is_found_and_said(
    in_tmp: Path, separator: str, said: str | None
) -> None:
    overlay("minimal", in_tmp / "plan")
    rows = [
        ["indicator", '"measure"', "value", "period"],
        ["example-first-time", '"50% of incidents; first time"', "51", "Q4 2017/18"],
        ["example-count", "Referrals", "7", "Q4 2017/18"],
    ]
    (in_tmp / "q4.csv").write_text("".join(separator.join(r) + "\n" for r in rows))
    code, out, err = run("import", "q4.csv", "--quarter", "Q4-2017/18")
    assert (code, err) == (0, "")
    first = [f"q4.csv: columns separated by {said}"] if said else []
    assert out.splitlines() == [*first, f"{Q4}: 2 readings imported from q4.csv"]


@pytest.mark.parametrize("typed", ["2018-03-31", "31/03/2018", "31/03/18", "31-Mar-18"])
def test_a_quarters_last_day_typed_as_a_date_is_that_quarter(in_tmp: Path, typed: str) -> None:
    # As XLSX date cells are read: the last day of the quarter the indicator owes.
    overlay("minimal", in_tmp / "plan")
    (in_tmp / "q4.csv").write_text(f"indicator,value,period\nexample-count,7,{typed}\n")
    code, out, err = run("import", "q4.csv", "--quarter", "Q4-2017/18")
    assert (code, out, err) == (0, f"{Q4}: 1 reading imported from q4.csv\n", "")
    text = (in_tmp / Q4).read_text()
    assert '  - indicator: example-count\n    period: "Q4 2017/18"\n    value: 7\n' in text


@pytest.mark.parametrize("typed", ["2018-03-01", "18/03/2026", "2017-12-31"])
def test_any_other_date_is_refused_with_what_to_type(in_tmp: Path, typed: str) -> None:
    overlay("minimal", in_tmp / "plan")
    (in_tmp / "q4.csv").write_text(f"indicator,value,period\nexample-count,7,{typed}\n")
    code, out, err = run("import", "q4.csv", "--quarter", "Q4-2017/18")
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f"q4.csv:2:3: period: {typed} looks like a date your spreadsheet made from a period: "
        "type Q4 2017/18, or format the period column as Text before typing the period",
        "1 error: nothing was imported",
    ]
