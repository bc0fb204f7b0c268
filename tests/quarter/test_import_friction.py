"""Issue 23, the analyst's quarter: what partners type into the sheet (semicolons, dates,
fractions of people), what the template says to them, and what `scp import` says back."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..builders import overlay
from ..helpers import run_cli as run

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


# --- figures that cannot be right, and figures very likely wrong -------------------------


def test_a_count_with_a_fraction_is_refused_by_import_and_validate(in_tmp: Path) -> None:
    overlay("minimal", in_tmp / "plan")
    (in_tmp / "q4.csv").write_text("indicator,value,period\nexample-count,7.5,Q4 2017/18\n")
    refused = (
        "7.5 is not a whole number, and a count is: give the number of people or things (a "
        "figure with a fraction needs the measure's unit to be a rate or a score)"
    )
    for check in ([], ["--check"]):
        code, out, err = run("import", "q4.csv", "--quarter", "Q4-2017/18", *check)
        assert (code, out) == (1, "")
        assert err.splitlines() == [
            f"q4.csv:2:2: value: {refused}",
            "1 error: nothing was imported",
        ]
    readings = in_tmp / "plan" / "readings" / "2017-18-q3.yaml"
    readings.write_text(readings.read_text().replace("value: 12", "value: 7.5"))
    code, out, _ = run("validate")
    assert code == 1
    assert f"plan/readings/2017-18-q3.yaml:13:12: readings[2].value: {refused}" in out


def test_a_figure_far_from_the_last_is_a_warning_naming_both(in_tmp: Path) -> None:
    overlay("minimal", in_tmp / "plan")
    (in_tmp / "q4.csv").write_text("indicator,value,period\nexample-count,200,Q4 2017/18\n")
    said = (
        "example-count: 200 is 17 times larger than the last figure, 12 (Q3 2017/18): check "
        "it (a slip of the decimal point, a fraction, the wrong measure?); jump_factor in "
        "status_rules sets how far a figure may move"
    )
    code, out, err = run("import", "q4.csv", "--quarter", "Q4-2017/18", "--check")
    assert (code, err) == (0, f"q4.csv:2:2: warning: value: {said}\n")
    code, out, err = run("import", "q4.csv", "--quarter", "Q4-2017/18")
    assert (code, err) == (0, f"q4.csv:2:2: warning: value: {said}\n")
    assert out == f"{Q4}: 1 reading imported from q4.csv\n"
    code, out, _ = run("validate")
    assert code == 0
    assert f"{Q4}:7:12: warning: readings[0].value: {said}" in out.splitlines()
    assert run("validate", "--strict")[0] == 1
    # The plan sets how far is too far.
    partnership = in_tmp / "plan" / "partnership.yaml"
    partnership.write_text(partnership.read_text() + "  jump_factor: 20\n")
    code, out, _ = run("validate", "--strict")
    assert code == 0, out


def test_the_baseline_is_the_last_figure_before_the_first_reading(in_tmp: Path) -> None:
    # 0.5% after a 44% baseline: a fraction typed for a percentage.
    overlay("minimal", in_tmp / "plan")
    readings = in_tmp / "plan" / "readings" / "2017-18-q3.yaml"
    readings.write_text(readings.read_text().replace("value: 49", "value: 4"))
    code, out, _ = run("validate")
    assert code == 0
    assert (
        "plan/readings/2017-18-q3.yaml:10:12: warning: readings[1].value: example-first-time: "
        "4% is 11 times smaller than the last figure, 44% (2014/15): check it (a slip of the "
        "decimal point, a fraction, the wrong measure?); jump_factor in status_rules sets how "
        "far a figure may move"
    ) in out.splitlines()


# --- the partners' template ----------------------------------------------------------


def test_the_template_tells_a_partner_what_each_figure_is(in_tmp: Path) -> None:
    import openpyxl

    plan = overlay("minimal", in_tmp / "plan")
    theme = plan / "themes" / "example.yaml"
    theme.write_text(
        theme.read_text().replace(
            "measure: Number of referrals", "measure: Number of **referrals**[^example-note]"
        )
    )
    assert run("import", "--template", "q4.xlsx", "--quarter", "Q4-2017/18")[0] == 0
    ws = openpyxl.load_workbook(in_tmp / "q4.xlsx").active
    assert ws is not None
    head = [c.value for c in ws[1]]
    row = {h: c for h, c in zip(head, ws[4], strict=True)}
    # Plain text, the unit, the target and the last figure with its period.
    assert [row[h].value for h in ("indicator", "measure", "unit", "target", "last figure")] == [
        "example-count",
        "Number of referrals",
        "count, a whole number",
        "none (monitoring)",
        "12 (Q3 2017/18)",
    ]
    first = {h: c.value for h, c in zip(head, ws[3], strict=True)}
    assert (first["unit"], first["target"], first["last figure"]) == (
        "percent, 0-100",
        "at least 50%",
        "49% (Q3 2017/18)",
    )
    # Read-only columns shaded and locked, the sheet protected; figures go in unlocked cells.
    assert ws.protection.sheet
    for h in ("indicator", "measure", "unit", "target", "last figure"):
        assert row[h].protection.locked and row[h].fill.fgColor.rgb == "00E7E6E6", h
    for h in ("period", "value", "rank", "numerator", "denominator", "note"):
        assert not row[h].protection.locked and row[h].fill.fill_type is None, h
    # The period column is Text, so Mar-18 stays Mar-18; every heading says what it wants.
    assert row["period"].number_format == "@"
    assert all(c.comment is not None and c.comment.text for c in ws[1])
    assert "0-100 (49 for 49%)" in ws["C1"].comment.text


def test_a_filled_template_imports_with_its_read_only_columns(in_tmp: Path) -> None:
    import openpyxl

    overlay("minimal", in_tmp / "plan")
    assert run("import", "--template", "q4.xlsx", "--quarter", "Q4-2017/18")[0] == 0
    book = openpyxl.load_workbook(in_tmp / "q4.xlsx")
    ws = book.active
    assert ws is not None
    ws["G3"], ws["G4"] = 51, 9
    book.save(in_tmp / "q4.xlsx")
    code, out, err = run("import", "q4.xlsx", "--quarter", "Q4-2017/18")
    assert (code, err) == (0, "")
    blank = "1 indicator left blank: headline-rate\n"
    assert out == f"{blank}{Q4}: 2 readings imported from q4.xlsx\n"


# --- sheets saved by LibreOffice (tests/fixtures/libreoffice/README.md) -------------------


@pytest.mark.parametrize("name", ["q4.xlsx", "q4-semicolons.csv"])
def test_sheets_saved_by_libreoffice_import(in_tmp: Path, name: str) -> None:
    import shutil

    from ..helpers import FIXTURES

    overlay("minimal", in_tmp / "plan")
    shutil.copy(FIXTURES / "libreoffice" / name, in_tmp / name)
    code, out, err = run("import", name, "--quarter", "Q4-2017/18")
    assert (code, err) == (0, "")
    said = ["q4-semicolons.csv: columns separated by semicolons"] if name.endswith("csv") else []
    assert out.splitlines() == [
        *said,
        f"{Q4}: 2 readings imported from {name}",
    ]
    text = (in_tmp / Q4).read_text()
    assert 'indicator: example-first-time\n    period: "Q4 2017/18"\n    value: 51\n' in text
    assert 'indicator: example-count\n    period: "Q4 2017/18"\n    value: 9\n' in text


# --- one rule for typed and imported readings ------------------------------------------


def test_a_typed_reading_after_its_report_quarter_is_refused_as_import_refuses_it(
    in_tmp: Path,
) -> None:
    overlay("minimal", in_tmp / "plan")
    readings = in_tmp / "plan" / "readings" / "2017-18-q3.yaml"
    readings.write_text(
        readings.read_text().replace(
            'period: "Q3 2017/18"\n    value: 12', 'period: "Q4 2017/18"\n    value: 12'
        )
    )
    code, out, _ = run("validate")
    assert code == 1
    assert (
        "plan/readings/2017-18-q3.yaml:12:13: readings[2].period: period Q4 2017/18 ends after "
        "the report quarter Q3 2017/18: a figure is reported once its period has ended; move "
        "it to the readings file of a later quarter, or correct its period"
    ) in out.splitlines()
