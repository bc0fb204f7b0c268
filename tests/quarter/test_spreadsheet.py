"""`scp import` keeps what people wrote: in-place edits of readings files, the template
that never overwrites, Excel's habits (formulas, dates, sheets, encodings), blank rows,
and `--check`."""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import re
import shutil
import tempfile
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from ..builders import overlay
from ..helpers import FIXTURES, PLAN
from ..helpers import run_cli as run

Q4 = "plan/readings/2017-18-q4.yaml"


def _q4(plan: Path, text: str) -> Path:
    path = plan / "readings" / "2017-18-q4.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="")
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def _book(path: Path, *sheets: tuple[str, list[list[object]]]) -> openpyxl.Workbook:
    book = openpyxl.Workbook()
    assert book.active is not None
    book.remove(book.active)
    for title, rows in sheets:
        ws = book.create_sheet(title)
        for row in rows:
            ws.append(row)
    book.save(path)
    return book


# --- 1. --replace edits the readings file in place ------------------------------------


def test_replace_on_the_bundled_plan_changes_one_line_and_keeps_comments(in_tmp: Path) -> None:
    shutil.copytree(PLAN, in_tmp / "plan")
    path = in_tmp / "plan/readings/2017-18-q3.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "    value: 49\n", "    value: 49  # provisional, police to confirm\n", 1
    ).replace(
        "  - indicator: dasv-sarc-follow-up\n",
        "  # SARC figures come from the NHS, a month late\n  - indicator: dasv-sarc-follow-up\n",
    )
    path.write_text(text, encoding="utf-8")
    (in_tmp / "q3.csv").write_text(
        "indicator,value,period\ndasv-first-time-reports,50,Q2 2017/18\n", encoding="utf-8"
    )
    code, out, err = run("import", "q3.csv", "--quarter", "Q3-2017/18", "--replace")
    assert (code, err) == (0, "")
    assert out == "plan/readings/2017-18-q3.yaml: 1 reading imported from q3.csv (1 replaced)\n"
    after = path.read_text(encoding="utf-8")
    assert _changed_lines(text, after) == [
        "-    value: 49  # provisional, police to confirm",
        "+    value: 50  # provisional, police to confirm",
    ]
    comments = [line.strip() for line in text.splitlines() if line.lstrip().startswith("#")]
    assert len(comments) == 3  # the schema line, the file's own, and the one added above
    assert all(c in after for c in [*comments, "# provisional, police to confirm"])
    assert run("validate")[0] == 0


READINGS_WITH_EVERYTHING = """\
# yaml-language-server: $schema=../../../../schema/readings.schema.json
# Q4 as the board saw it.
quarter: Q4-2017/18
readings:
  - indicator: headline-rate
    period: "12 months to Mar 2018"
    value: 44.1
    rank: 3
    published: {status: Successful, direction: down}
  - indicator: example-first-time
    period: 'Q4 2017/18'   # single quotes, as typed
    value: 52
    note: Revised after the audit
    published: {status: Successful, direction: up}
    override:
      status: Close to target
      reason: >-
        The audit found double counting; the board agreed to show this figure as
        close to target until the police confirm it.
"""


def test_replace_keeps_published_override_and_note(in_tmp: Path) -> None:
    plan = overlay("minimal", in_tmp / "plan")
    path = _q4(plan, READINGS_WITH_EVERYTHING)
    (in_tmp / "q4.csv").write_text(
        "indicator,value,period,rank\n"
        "example-first-time,53,Q4 2017/18,\n"
        "headline-rate,43.9,12 months to Mar 2018,2\n",
        encoding="utf-8",
    )
    assert run("import", "q4.csv", "--quarter", "Q4-2017/18", "--replace")[0] == 0
    assert _changed_lines(READINGS_WITH_EVERYTHING, path.read_text()) == [
        "-    value: 44.1",
        "-    rank: 3",
        "+    value: 43.9",
        "+    rank: 2",
        "-    value: 52",
        "+    value: 53",
    ]
    # A note column replaces the note, and only the note.
    (in_tmp / "note.csv").write_text(
        "indicator,value,period,note\nexample-first-time,53,Q4 2017/18,Police confirmed: 53\n",
        encoding="utf-8",
    )
    before = path.read_text()
    assert run("import", "note.csv", "--quarter", "Q4-2017/18", "--replace")[0] == 0
    assert _changed_lines(before, path.read_text()) == [
        "-    note: Revised after the audit",
        '+    note: "Police confirmed: 53"',
    ]
    code, out, _ = run("status", "--json", "--quarter", "Q4-2017/18")
    assert code == 0 and '"overridden": true' in out


def test_new_readings_are_appended_in_the_files_conventions(in_tmp: Path) -> None:
    plan = overlay("minimal", in_tmp / "plan")
    text = (FIXTURES / "quarters/readings/2017-18-q4.yaml").read_text()
    path = _q4(plan, text.replace("quarter:", "# typed in by hand\nquarter:"))
    before = path.read_text()
    (in_tmp / "q4.csv").write_text(
        "indicator,value,period,note\nexample-count,7,Q4 2017/18,From the new system\n",
        encoding="utf-8",
    )
    code, out, _ = run("import", "q4.csv", "--quarter", "Q4-2017/18")
    assert code == 0, out
    assert path.read_text() == before + (
        "  - indicator: example-count\n"
        '    period: "Q4 2017/18"\n'
        "    value: 7\n"
        '    note: "From the new system"\n'
    )


def test_a_figure_takes_the_place_of_missing_and_keeps_its_comment(in_tmp: Path) -> None:
    plan = overlay("minimal", in_tmp / "plan")
    text = (
        "quarter: Q4-2017/18\n"
        "readings:\n"
        "  - indicator: example-count\n"
        '    period: "Q4 2017/18"\n'
        "    missing: Awaiting data  # chasing the police\n"
    )
    path = _q4(plan, text)
    (in_tmp / "q4.csv").write_text("indicator,value,period\nexample-count,7,Q4 2017/18\n")
    assert run("import", "q4.csv", "--quarter", "Q4-2017/18", "--replace")[0] == 0
    assert _changed_lines(text, path.read_text()) == [
        "-    missing: Awaiting data  # chasing the police",
        "+    value: 7  # chasing the police",
    ]


def test_line_endings_and_byte_order_mark_are_kept(in_tmp: Path) -> None:
    plan = overlay("minimal", in_tmp / "plan")
    path = plan / "readings" / "2017-18-q4.yaml"
    text = (FIXTURES / "quarters/readings/2017-18-q4.yaml").read_text()
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    (in_tmp / "q4.csv").write_text("indicator,value,period\nexample-first-time,53,Q4 2017/18\n")
    assert run("import", "q4.csv", "--quarter", "Q4-2017/18", "--replace")[0] == 0
    expected = text.replace("value: 52", "value: 53").replace("\n", "\r\n")
    assert path.read_bytes() == b"\xef\xbb\xbf" + expected.encode()


def test_a_comment_that_cannot_be_kept_stops_the_import(in_tmp: Path) -> None:
    plan = overlay("minimal", in_tmp / "plan")
    text = (
        "quarter: Q4-2017/18\n"
        "readings:\n"
        "  - indicator: example-first-time\n"
        '    period: "Q4 2017/18"\n'
        "    value: 52\n"
        "    published: {status: Successful,  # as printed\n"
        "      direction: up}\n"
    )
    path = _q4(plan, text)
    (in_tmp / "q4.csv").write_text("indicator,value,period\nexample-first-time,53,Q4 2017/18\n")
    code, out, err = run("import", "q4.csv", "--quarter", "Q4-2017/18", "--replace")
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f"{Q4}:6:1: the comment '# as printed' would be lost by an import: move it to a "
        "line of its own above a reading, or type the figures into the file",
        "1 error: nothing was imported",
    ]
    assert path.read_text() == text


def test_comments_before_the_document_start_are_kept(in_tmp: Path) -> None:
    plan = overlay("minimal", in_tmp / "plan")
    text = (
        "# Q4, from the police\n"
        "---\n"
        "quarter: Q4-2017/18\n"
        "readings:\n"
        "  - indicator: example-first-time\n"
        '    period: "Q4 2017/18"\n'
        "    value: 52\n"
        "...\n"
        "# end of Q4\n"
    )
    path = _q4(plan, text)
    (in_tmp / "q4.csv").write_text("indicator,value,period\nexample-first-time,53,Q4 2017/18\n")
    assert run("import", "q4.csv", "--quarter", "Q4-2017/18", "--replace")[0] == 0
    assert path.read_text() == text.replace("value: 52", "value: 53")


def test_a_new_file_is_written_whole_with_plain_numbers(in_tmp: Path) -> None:
    overlay("minimal", in_tmp / "plan")
    _book(
        in_tmp / "q4.xlsx",
        ("Figures", [["indicator", "value", "period"], ["example-first-time", 1, "Q4 2017/18"]]),
    )
    book = openpyxl.load_workbook(in_tmp / "q4.xlsx")
    book["Figures"]["B2"].number_format = "0%"
    book.save(in_tmp / "q4.xlsx")
    assert run("import", "q4.xlsx", "--quarter", "Q4-2017/18")[0] == 0
    assert (in_tmp / Q4).read_text() == (
        "# yaml-language-server: $schema=../../schema/readings.schema.json\n"
        "# Figures reported in Q4 2017/18, imported from q4.xlsx.\n"
        "quarter: Q4-2017/18\n"
        "readings:\n"
        "  - indicator: example-first-time\n"
        '    period: "Q4 2017/18"\n'
        "    value: 100\n"  # not 1E+2
    )


# --- 2. the template never overwrites ------------------------------------------------


@pytest.mark.parametrize("name", ["q4.xlsx", "q4.csv"])
def test_template_refuses_to_overwrite_a_sheet(in_tmp: Path, name: str) -> None:
    overlay("minimal", in_tmp / "plan")
    (in_tmp / name).write_bytes(b"figures filled in by a partner")
    code, out, err = run("import", "--template", name, "--quarter", "Q4-2017/18")
    assert (code, out) == (1, "")
    assert err == f"error: {name} already exists; not overwritten\n"
    assert (in_tmp / name).read_bytes() == b"figures filled in by a partner"


# --- 3. formula cells whose result was never saved -------------------------------------


def test_formula_without_a_saved_result_is_refused(in_tmp: Path) -> None:
    overlay("minimal", in_tmp / "plan")
    assert run("new-quarter", "Q4-2017/18")[0] == 0
    before = (in_tmp / Q4).read_bytes()
    _book(
        in_tmp / "q4.xlsx",
        (
            "Q4 figures",
            [
                ["indicator", "value", "period"],
                ["example-count", "=3+4", "Q4 2017/18"],
                ["example-first-time", "=A1", "=C2"],
            ],
        ),
    )
    code, _, err = run("import", "q4.xlsx", "--quarter", "Q4-2017/18")
    assert code == 1
    assert err.splitlines() == [
        "q4.xlsx: sheet 'Q4 figures', row 2, value: cell B2 holds the formula =3+4 but no "
        "saved result: open and save the file in Excel, or type the value",
        "q4.xlsx: sheet 'Q4 figures', row 3, value: cell B3 holds the formula =A1 but no "
        "saved result: open and save the file in Excel, or type the value",
        "q4.xlsx: sheet 'Q4 figures', row 3, period: cell C3 holds the formula =C2 but no "
        "saved result: open and save the file in Excel, or type the value",
        "3 errors: nothing was imported",
    ]
    assert (in_tmp / Q4).read_bytes() == before


def _saved(path: Path, results: dict[str, str]) -> None:
    """Give formula cells the results Excel would have saved with them: a number, or
    `str:` and a text (which may be empty)."""
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    xml = parts["xl/worksheets/sheet1.xml"].decode()
    for ref, result in results.items():
        xml, n = re.subn(
            rf'<c r="{ref}"><f>([^<]*)</f><v ?/>',
            lambda m, r=ref, v=result: (
                f'<c r="{r}" t="str"><f>{m[1]}</f><v>{v[4:]}</v>'
                if v.startswith("str:")
                else f'<c r="{r}"><f>{m[1]}</f><v>{v}</v>'
            ),
            xml,
        )
        assert n == 1, ref
    parts["xl/worksheets/sheet1.xml"] = xml.encode()
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)


def test_formulas_with_saved_results_are_read(in_tmp: Path) -> None:
    overlay("minimal", in_tmp / "plan")
    rows = [
        ["indicator", "value", "period", "note"],
        ["example-count", "=3+4", "Q4 2017/18", '=IF(B2>5,"","low")'],
        ["example-first-time", '=IF(A3="","",A3)', "Q4 2017/18", None],
    ]
    _book(in_tmp / "q4.xlsx", ("Q4 figures", rows))
    _saved(in_tmp / "q4.xlsx", {"B2": "7", "D2": "str:", "B3": "str:"})
    code, out, err = run("import", "q4.xlsx", "--quarter", "Q4-2017/18")
    assert (code, err) == (0, "")
    assert (
        out
        == f"1 indicator left blank: example-first-time\n{Q4}: 1 reading imported from q4.xlsx\n"
    )
    assert (
        'indicator: example-count\n    period: "Q4 2017/18"\n    value: 7\n'
        in (in_tmp / Q4).read_text()
    )


# --- 4. Excel's habits -----------------------------------------------------------------


def test_a_date_in_the_period_column(in_tmp: Path) -> None:
    overlay("minimal", in_tmp / "plan")
    rows: list[list[object]] = [
        ["indicator", "value", "period", "rank"],
        ["example-first-time", 52, dt.datetime(2017, 12, 1)],  # 'Dec 2017' in Excel
        ["headline-rate", 44.1, dt.datetime(2018, 3, 31), 3],  # rolling: no quarter
    ]
    _book(in_tmp / "q4.xlsx", ("Q4 figures", rows))
    code, _, err = run("import", "q4.xlsx", "--quarter", "Q4-2017/18")
    assert code == 1
    assert err.splitlines() == [
        "q4.xlsx: sheet 'Q4 figures', row 2, period: the cell holds the date 1 Dec 2017, "
        "not a period: format the period column as Text in Excel and type the period, "
        "such as Q4 2017/18",
        "q4.xlsx: sheet 'Q4 figures', row 3, period: the cell holds the date 31 Mar 2018, "
        "not a period: format the period column as Text in Excel and type the period, "
        "such as 12 months to Mar 2018",
        "2 errors: nothing was imported",
    ]
    # The last day of the quarter expected is that quarter.
    rows[1][2] = dt.datetime(2018, 3, 31)
    rows[2][2] = "12 months to Mar 2018"
    _book(in_tmp / "q4.xlsx", ("Q4 figures", rows))
    code, out, _ = run("import", "q4.xlsx", "--quarter", "Q4-2017/18")
    assert code == 0, out
    assert 'indicator: example-first-time\n    period: "Q4 2017/18"\n' in (in_tmp / Q4).read_text()


FIGURES = [["indicator", "value", "period"], ["example-count", 7, "Q4 2017/18"]]


def test_figures_on_another_sheet(in_tmp: Path) -> None:
    overlay("minimal", in_tmp / "plan")
    _book(in_tmp / "q4.xlsx", ("Cover", [["Safer Example: Q4 returns"]]), ("Q4 figures", FIGURES))
    code, _, err = run("import", "q4.xlsx", "--quarter", "Q4-2017/18")
    assert code == 1
    assert err.splitlines() == [
        "q4.xlsx: no 'indicator' column in sheet 'Cover'; figures are read from the first "
        "sheet: give --sheet 'Q4 figures'",
        "1 error: nothing was imported",
    ]
    code, _, err = run("import", "q4.xlsx", "--quarter", "Q4-2017/18", "--sheet", "Q4")
    assert code == 2
    assert err == "error: q4.xlsx has no sheet 'Q4'; its sheets are 'Cover', 'Q4 figures'\n"
    code, out, _ = run("import", "q4.xlsx", "--quarter", "Q4-2017/18", "--sheet", "Q4 figures")
    assert code == 0
    assert out == f"{Q4}: 1 reading imported from q4.xlsx\n"


def test_first_sheet_problems_say_where_figures_are_read_from(in_tmp: Path) -> None:
    overlay("minimal", in_tmp / "plan")
    _book(in_tmp / "q4.xlsx", ("Cover", []), ("Notes", [["written by", "A Person"]]))
    code, _, err = run("import", "q4.xlsx", "--quarter", "Q4-2017/18")
    assert code == 1
    assert err.splitlines()[0] == (
        "q4.xlsx: sheet 'Cover': the sheet is empty; figures are read from the first sheet "
        "unless --sheet is given"
    )
    _book(in_tmp / "q4.xlsx", ("Figures", [["indicator", "period"]]), ("Notes", []))
    code, _, err = run("import", "q4.xlsx", "--quarter", "Q4-2017/18")
    assert err.splitlines() == [
        "q4.xlsx: sheet 'Figures', row 1: missing column 'value'; figures are read from the "
        "first sheet unless --sheet is given",
        "1 error: nothing was imported",
    ]
    _book(in_tmp / "q4.xlsx", ("Cover", []), ("Q4 figures", FIGURES))
    code, _, err = run("import", "q4.xlsx", "--quarter", "Q4-2017/18")
    assert err.splitlines()[0] == (
        "q4.xlsx: sheet 'Cover': the sheet is empty; figures are read from the first sheet: "
        "give --sheet 'Q4 figures'"
    )


def test_sheet_is_for_workbooks_only(in_tmp: Path) -> None:
    overlay("minimal", in_tmp / "plan")
    (in_tmp / "q4.csv").write_text("indicator,value,period\n")
    code, _, err = run("import", "q4.csv", "--quarter", "Q4-2017/18", "--sheet", "Q4")
    assert code == 2
    assert err == "error: q4.csv is a CSV file, which has no sheets: leave out --sheet\n"
    code, _, err = run("import", "--template", "t.xlsx", "-Q", "Q4-2017/18", "--sheet", "Q4")
    assert code == 2
    assert err == "error: --sheet: for importing FILE, not with --template\n"
    assert not (in_tmp / "t.xlsx").exists()


def test_a_wrong_dimension_in_the_workbook_loses_no_rows(in_tmp: Path) -> None:
    overlay("minimal", in_tmp / "plan")
    _book(in_tmp / "q4.xlsx", ("Q4 figures", FIGURES))
    with zipfile.ZipFile(in_tmp / "q4.xlsx") as z:
        parts = {name: z.read(name) for name in z.namelist()}
    # Some exporters write the header row's range as the sheet's dimension.
    xml = parts["xl/worksheets/sheet1.xml"].decode()
    parts["xl/worksheets/sheet1.xml"] = xml.replace('ref="A1:C2"', 'ref="A1:C1"').encode()
    with zipfile.ZipFile(in_tmp / "q4.xlsx", "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    code, out, _ = run("import", "q4.xlsx", "--quarter", "Q4-2017/18")
    assert (code, out) == (0, f"{Q4}: 1 reading imported from q4.xlsx\n")


def test_csv_from_excel_in_windows_1252(in_tmp: Path) -> None:
    overlay("minimal", in_tmp / "plan")
    (in_tmp / "q4.csv").write_bytes(
        "indicator,value,period,note\r\nexample-count,7,Q4 2017/18,£2k grant\r\n".encode("cp1252")
    )
    code, _, err = run("import", "q4.csv", "--quarter", "Q4-2017/18")
    assert code == 1
    assert err.splitlines() == [
        "q4.csv:2:28: not valid UTF-8 (byte 0xa3): in Excel, use File > Save As and choose "
        '"CSV UTF-8 (Comma delimited)", not "CSV (Comma delimited)"',
        "1 error: nothing was imported",
    ]
    # Excel's "CSV UTF-8" starts the file with a byte-order mark.
    (in_tmp / "q4.csv").write_bytes(
        "indicator,value,period,note\r\nexample-count,7,Q4 2017/18,£2k grant\r\n".encode(
            "utf-8-sig"
        )
    )
    assert run("import", "q4.csv", "--quarter", "Q4-2017/18")[0] == 0
    assert 'note: "£2k grant"' in (in_tmp / Q4).read_text()


def test_blank_rows_are_reported_and_change_nothing(in_tmp: Path) -> None:
    overlay("minimal", in_tmp / "plan")
    assert run("new-quarter", "Q4-2017/18")[0] == 0
    before = (in_tmp / Q4).read_text()
    assert run("import", "--template", "q4.csv", "--quarter", "Q4-2017/18")[0] == 0
    template = (in_tmp / "q4.csv").read_bytes().decode()
    (in_tmp / "q4.csv").write_text(
        template.replace("Q4 2017/18,,,,,\r\nexample-count", "Q4 2017/18,53,,,,\r\nexample-count")
    )
    code, out, _ = run("import", "q4.csv", "--quarter", "Q4-2017/18")
    assert code == 0
    assert out == (
        "2 indicators left blank: headline-rate, example-count\n"
        f"{Q4}: 1 reading imported from q4.csv\n"
    )
    assert _changed_lines(before, (in_tmp / Q4).read_text()) == [
        "-    value:",
        "+    value: 53",
    ]
    # Nothing but blank rows: nothing imported, nothing written, no file made.
    (in_tmp / "q1.csv").write_text("indicator,value,period\nexample-count,,Q1 2018/19\n")
    code, out, _ = run("import", "q1.csv", "--quarter", "Q1-2018/19")
    assert (code, out) == (
        0,
        "1 indicator left blank: example-count\n"
        "plan/readings/2018-19-q1.yaml: 0 readings imported from q1.csv\n",
    )
    assert not (in_tmp / "plan/readings/2018-19-q1.yaml").exists()


# --- 5. --check --------------------------------------------------------------------------


def test_check_shows_what_would_change_and_writes_nothing(in_tmp: Path) -> None:
    plan = overlay("minimal", in_tmp / "plan")
    path = _q4(plan, READINGS_WITH_EVERYTHING)
    before = path.read_bytes()
    (in_tmp / "q4.csv").write_text(
        "indicator,value,period,rank,note\n"
        "headline-rate,44.1,12 months to Mar 2018,3,\n"
        "example-first-time,53,Q4 2017/18,,\n"
        "example-count,7,Q4 2017/18,,From the new system\n"
    )
    code, out, err = run("import", "q4.csv", "--quarter", "Q4-2017/18", "--check")
    assert (code, out) == (1, "")
    # headline-rate's row is the figure the file has: unchanged, not refused (issue 23).
    assert err.splitlines() == [
        f"q4.csv:3:1: indicator: {Q4} already has a figure for example-first-time; use "
        "--replace to replace it",
        "1 error: nothing was imported",
    ]
    code, out, err = run("import", "q4.csv", "--quarter", "Q4-2017/18", "--check", "--replace")
    assert (code, err) == (0, "")
    assert out == (
        "unchanged: headline-rate: 44.1 (ranked 3rd) (12 months to Mar 2018)\n"
        "replaced: example-first-time: 52% (Q4 2017/18), note 'Revised after the audit' → "
        "53% (Q4 2017/18), note 'Revised after the audit'\n"
        "added: example-count: 7 (Q4 2017/18), note 'From the new system'\n"
        f"{Q4}: 1 added, 1 replaced, 1 unchanged from q4.csv (--check: nothing written)\n"
    )
    assert path.read_bytes() == before
    # A check finds what the whole plan would make of the file, as an import does.
    (in_tmp / "bad.csv").write_text("indicator,value,period\nexample-count,-1,Q4 2017/18\n")
    code, _, err = run("import", "bad.csv", "--quarter", "Q4-2017/18", "--check")
    assert code == 1
    assert err.splitlines()[0] == "bad.csv:2:2: value: -1 is below zero, and a count never is"
    assert path.read_bytes() == before


def test_check_and_template_do_not_mix(in_tmp: Path) -> None:
    overlay("minimal", in_tmp / "plan")
    code, _, err = run("import", "--template", "t.csv", "-Q", "Q4-2017/18", "--check")
    assert code == 2
    assert err == "error: --check: for importing FILE, not with --template\n"


# --- 6. importing the same sheet again changes nothing --------------------------------

# What a person may type in a note; control characters other than tab and line feed
# are refused by the plan files' rules, and openpyxl refuses them in a cell.
NOTES = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\t\n"), max_size=30
)
FIGURES_BY_ID = {
    "headline-rate": st.decimals(min_value=0, max_value=10_000, places=3),
    "example-first-time": st.one_of(
        st.just(Decimal(0)), st.decimals(min_value=1, max_value=100, places=2)
    ),
    "example-count": st.integers(min_value=0, max_value=10**9).map(Decimal),
}
FILLED = st.fixed_dictionaries(
    {
        ident: st.tuples(st.none() | figures, st.integers(1, 20), NOTES)
        for ident, figures in FIGURES_BY_ID.items()
    }
)


def _fill(template: Path, out: Path, filled: dict[str, tuple[Decimal | None, int, str]]) -> None:
    """The template with the figures typed in, as a partner would send it back."""
    if template.suffix == ".csv":
        rows = list(csv.DictReader(io.StringIO(template.read_bytes().decode(), newline="")))
        for row in rows:
            value, rank, note = filled[row["indicator"]]
            row["value"] = "" if value is None else format(value, "f")
            row["rank"] = (
                str(rank) if value is not None and row["indicator"] == "headline-rate" else ""
            )
            row["note"] = note
        buf = io.StringIO(newline="")
        writer = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
        out.write_bytes(buf.getvalue().encode("utf-8"))
        return
    book = openpyxl.load_workbook(template)
    ws = book.active
    assert ws is not None
    header = [c.value for c in ws[1]]
    for cells in ws.iter_rows(min_row=2):
        value, rank, note = filled[str(cells[0].value)]
        by_name = dict(zip(header, cells, strict=True))
        by_name["value"].value = None if value is None else float(value)
        if value is not None and cells[0].value == "headline-rate":
            by_name["rank"].value = rank
        by_name["note"].value = note or None
    book.save(out)


@settings(max_examples=30, deadline=None)
@given(
    filled=FILLED,
    suffix=st.sampled_from([".csv", ".xlsx"]),
    started=st.booleans(),
)
def test_importing_the_same_sheet_again_changes_nothing(
    filled: dict[str, tuple[Decimal | None, int, str]], suffix: str, started: bool
) -> None:
    if suffix == ".xlsx":  # a cell starting with = is a formula
        assume(not any(note.startswith("=") for _, _, note in filled.values()))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        plan = overlay("minimal", folder / "plan")
        path = plan / "readings" / "2017-18-q4.yaml"
        common = ("--quarter", "Q4-2017/18", "--plan", str(plan))
        if started:
            assert run("new-quarter", "Q4-2017/18", "--plan", str(plan))[0] == 0
        templates = [folder / f"template-{n}{suffix}" for n in (1, 2)]
        sheets = [folder / f"figures-{n}{suffix}" for n in (1, 2)]
        assert run("import", "--template", str(templates[0]), *common)[0] == 0
        _fill(templates[0], sheets[0], filled)
        code, out, err = run("import", str(sheets[0]), *common)
        assert code == 0, err
        first = path.read_bytes() if path.exists() else None
        assert run("validate", "--plan", str(plan))[0] == 0
        # The template again, and the same figures in it: nothing changes.
        assert run("import", "--template", str(templates[1]), *common)[0] == 0
        if suffix == ".csv":
            assert templates[1].read_bytes() == templates[0].read_bytes()
        _fill(templates[1], sheets[1], filled)
        code, out, err = run("import", str(sheets[1]), *common, "--replace", "--check")
        assert code == 0, err
        assert "added" not in out.splitlines()[-1].replace("0 added", "")
        assert "replaced" not in out.splitlines()[-1].replace("0 replaced", "")
        code, out, err = run("import", str(sheets[1]), *common, "--replace")
        assert code == 0, err
        assert (path.read_bytes() if path.exists() else None) == first


def test_the_plans_words_for_a_missing_figure_are_imported_as_missing(in_tmp: Path) -> None:
    plan = overlay("minimal", in_tmp / "plan")
    partnership = plan / "partnership.yaml"
    partnership.write_text(
        partnership.read_text() + "missing_words:\n  Data not yet released: awaited\n"
    )
    text = (
        "quarter: Q4-2017/18\n"
        "readings:\n"
        "  - indicator: example-count\n"
        '    period: "Q4 2017/18"\n'
        "    value:  # to come\n"
        "  - indicator: example-first-time\n"
        '    period: "Q4 2017/18"\n'
        "    value: 52\n"
    )
    path = _q4(plan, text)
    (in_tmp / "q4.csv").write_text(
        "indicator,value,period\n"
        "example-count,  data NOT yet released ,Q4 2017/18\n"
        "example-first-time,N/A,Q4 2017/18\n"
    )
    code, out, _ = run("import", "q4.csv", "--quarter", "Q4-2017/18", "--replace")
    assert code == 0, out
    # Issue 23: words are not figures; the count says what they were.
    assert out == f"{Q4}: 0 readings imported from q4.csv (1 awaited, 1 no new figure)\n"
    assert _changed_lines(text, path.read_text()) == [
        "-    value:  # to come",
        '+    missing: "Data not yet released"  # to come',
        "-    value: 52",
        '+    missing: "n/a"',
    ]
    # The figure, when it comes, takes the words' place.
    (in_tmp / "q4.csv").write_text("indicator,value,period\nexample-count,9,Q4 2017/18\n")
    assert run("import", "q4.csv", "--quarter", "Q4-2017/18")[0] == 0
    assert "    value: 9  # to come\n" in path.read_text()


def test_words_the_plan_does_not_know_are_not_a_figure(in_tmp: Path) -> None:
    plan = overlay("minimal", in_tmp / "plan")
    (in_tmp / "q4.csv").write_text("indicator,value,period\nexample-count,pending,Q4 2017/18\n")
    code, _, err = run("import", "q4.csv", "--quarter", "Q4-2017/18")
    assert code == 1
    assert err.startswith(
        "q4.csv:2:2: value: 'pending' is not a number; where there is no figure, "
        "write one of the plan's words for why: "
    )
    assert "'Awaiting data'" in err
    assert not (plan / "readings" / "2017-18-q4.yaml").exists()


def test_a_new_figure_drops_the_old_figures_display_text(in_tmp: Path) -> None:
    """`shown:` says how the document prints a figure or period: a new figure from a sheet
    is not printed as the old one was, while the period's display stays with its period."""
    plan = overlay("minimal", in_tmp / "plan")
    text = (
        "quarter: Q4-2017/18\n"
        "readings:\n"
        "  - indicator: example-count\n"
        '    period: "Q4 2017/18"\n'
        "    value: 100\n"
        '    shown: {figure: "100 (provisional)", period: Q4}  # as printed\n'
    )
    path = _q4(plan, text)
    (in_tmp / "q4.csv").write_text("indicator,value,period\nexample-count,104,Q4 2017/18\n")
    code, _, err = run("import", "q4.csv", "--quarter", "Q4-2017/18", "--replace")
    assert code == 0, err
    assert _changed_lines(text, path.read_text()) == [
        "-    value: 100",
        '-    shown: {figure: "100 (provisional)", period: Q4}  # as printed',
        "+    value: 104",
        # The comment keeps its column.
        '+    shown: {period: "Q4"}                             # as printed',
    ]
