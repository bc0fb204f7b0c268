"""The quarterly cycle: new-quarter, import (CSV and XLSX), diff."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from scp_report.errors import PlanError
from scp_report.model.periods import parse_period, parse_quarter
from scp_report.plan.loader import load_plan
from scp_report.quarter.writer import readings_yaml

from ..builders import overlay
from ..helpers import FIXTURES
from ..helpers import run_cli as run


@pytest.fixture
def quarters(plan: Path) -> Path:
    for f in (FIXTURES / "quarters" / "readings").iterdir():
        (plan / "readings" / f.name).write_bytes(f.read_bytes())
    return plan


NEW_Q4 = """\
# yaml-language-server: $schema=../../schema/readings.schema.json
# Figures reported in Q4 2017/18: fill in each value (or missing: Awaiting data).
quarter: Q4-2017/18
readings:
  - indicator: headline-rate  # Crime rate per 1,000 population
    period: "12 months to Mar 2018"
    value:
    rank:
  - indicator: example-first-time  # 50% of incidents are first time reports
    period: "Q4 2017/18"
    value:
  - indicator: example-count  # Number of referrals
    period: "Q4 2017/18"
    value:
"""


def test_new_quarter_writes_every_expected_reading(in_tmp: Path) -> None:
    overlay("minimal", in_tmp / "plan")
    code, out, _ = run("new-quarter", "Q4-2017/18")
    assert code == 0
    assert out == "plan/readings/2017-18-q4.yaml: 3 indicators awaiting figures for Q4 2017/18\n"
    assert (in_tmp / "plan/readings/2017-18-q4.yaml").read_text() == NEW_Q4
    assert run("validate", "--strict")[0] == 0
    # The quarter just started holds no figure yet: plain status stays on Q3.
    code, out, _ = run("status", "--json")
    assert [r["latest_text"] for r in json.loads(out)] == ["45.5 (ranked 4th)", "49%", "12"]
    # As at Q4, the latest figures there are stand, with their own periods and statuses,
    # and say that Q4's are awaited.
    code, out, _ = run("status", "--json", "--quarter", "Q4-2017/18")
    rows = json.loads(out)
    assert [(r["latest_text"], r["latest_period"]) for r in rows] == [
        ("45.5 (ranked 4th)", "12 months to Dec 2017"),
        ("49%", "Q3 2017/18"),
        ("12", "Q3 2017/18"),
    ]
    assert [r["awaited_period"] for r in rows] == [
        "12 months to Mar 2018",
        "Q4 2017/18",
        "Q4 2017/18",
    ]
    assert [r["status"] for r in rows] == ["Close to target", "Close to target", "Monitoring"]
    assert rows[1]["reason"] == (
        "49% against at least 50%: 1 point short, within 5% → Close to target; "
        "the Q4 2017/18 figure is awaited"
    )


def test_new_quarter_refuses_to_overwrite(in_tmp: Path) -> None:
    overlay("minimal", in_tmp / "plan")
    code, _, err = run("new-quarter", "Q3-2017/18")
    assert code == 1
    assert err == "error: plan/readings/2017-18-q3.yaml already exists; not overwritten\n"
    assert run("new-quarter", "Q5-2017/18")[0] == 2


def test_lagged_and_yearly_periods(in_tmp: Path) -> None:
    plan = overlay("minimal", in_tmp / "plan")
    theme = plan / "themes" / "example.yaml"
    theme.write_text(theme.read_text().replace("key_outcomes:", "lag_quarters: 1\nkey_outcomes:"))
    readings = plan / "readings" / "2017-18-q3.yaml"
    readings.write_text(
        readings.read_text()
        .replace('period: "Q3 2017/18"\n    value: 49', 'period: "Q2 2017/18"\n    value: 49')
        .replace('period: "Q3 2017/18"\n    value: 12', 'period: "2016/17"\n    value: 12')
    )
    assert run("validate", "--strict")[0] == 0
    assert run("new-quarter", "Q1-2018/19")[0] == 0
    text = (plan / "readings" / "2018-19-q1.yaml").read_text()
    assert (
        "indicator: example-first-time  # 50% of incidents are first time reports\n"
        '    period: "Q4 2017/18"' in text
    )  # one behind
    assert (
        'indicator: example-count  # Number of referrals\n    period: "2017/18"' in text
    )  # the year just ended


TEMPLATE_CSV = (
    "indicator,measure,unit,target,last figure,period,value,rank,numerator,denominator,note\r\n"
    "headline-rate,"
    '"Crime rate per 1,000 population",rate,top 3 of family group,'
    "45.5 (ranked 4th) (12 months to Dec 2017),12 months to Mar 2018,,,,,\r\n"
    'example-first-time,50% of incidents are first time reports,"percent, 0-100",'
    "at least 50%,49% (Q3 2017/18),Q4 2017/18,,,,,\r\n"
    'example-count,Number of referrals,"count, a whole number",none (monitoring),'
    "12 (Q3 2017/18),Q4 2017/18,,,,,\r\n"
)


def test_import_template_csv_and_xlsx(in_tmp: Path) -> None:
    overlay("minimal", in_tmp / "plan")
    code, out, _ = run("import", "--template", "q4.csv", "--quarter", "Q4-2017/18")
    assert code == 0 and out == "q4.csv: 3 rows expected for Q4 2017/18\n"
    assert (in_tmp / "q4.csv").read_bytes().decode() == TEMPLATE_CSV
    assert run("import", "--template", "q4.xlsx", "--quarter", "Q4-2017/18")[0] == 0
    ws = openpyxl.load_workbook(in_tmp / "q4.xlsx").active
    assert ws is not None
    assert [c.value for c in ws[1]] == [
        "indicator",
        "measure",
        "unit",
        "target",
        "last figure",
        "period",
        "value",
        "rank",
        "numerator",
        "denominator",
        "note",
    ]
    assert ws["A3"].value == "example-first-time" and ws["F3"].value == "Q4 2017/18"
    assert run("import", "--template", "q4.txt", "--quarter", "Q4-2017/18")[0] == 2


def test_import_csv_fills_the_quarter(in_tmp: Path) -> None:
    overlay("minimal", in_tmp / "plan")
    # A rate of 1,044.5 after 45.5 is warned about (issue 23); this test reads thousands
    # separators, so the plan allows such a move.
    partnership = in_tmp / "plan" / "partnership.yaml"
    partnership.write_text(partnership.read_text() + "  jump_factor: 100\n")
    assert run("new-quarter", "Q4-2017/18")[0] == 0
    (in_tmp / "q4.csv").write_text(
        "indicator,measure,period,value,rank,note\n"
        'headline-rate,anything,12 months to Mar 2018,"1,044.5",3,\n'
        'example-first-time,,Q4 2017/18,52%,,"Revised, see minutes"\n'
    )
    code, out, _ = run("import", "q4.csv", "--quarter", "Q4-2017/18")
    assert code == 0, out
    assert out == "plan/readings/2017-18-q4.yaml: 2 readings imported from q4.csv\n"
    # The file new-quarter wrote is filled in where it stands: its comments stay.
    assert (in_tmp / "plan/readings/2017-18-q4.yaml").read_text() == (
        "# yaml-language-server: $schema=../../schema/readings.schema.json\n"
        "# Figures reported in Q4 2017/18: fill in each value (or missing: Awaiting data).\n"
        "quarter: Q4-2017/18\n"
        "readings:\n"
        "  - indicator: headline-rate  # Crime rate per 1,000 population\n"
        '    period: "12 months to Mar 2018"\n'
        "    value: 1044.5\n"
        "    rank: 3\n"
        "  - indicator: example-first-time  # 50% of incidents are first time reports\n"
        '    period: "Q4 2017/18"\n'
        "    value: 52\n"
        '    note: "Revised, see minutes"\n'
        "  - indicator: example-count  # Number of referrals\n"
        '    period: "Q4 2017/18"\n'
        "    value:\n"
    )
    assert run("validate", "--strict")[0] == 0
    # A second import of the same figures changes nothing and refuses nothing (issue 23);
    # --check and the import count alike.
    readings = (in_tmp / "plan/readings/2017-18-q4.yaml").read_bytes()
    code, out, err = run("import", "q4.csv", "--quarter", "Q4-2017/18")
    assert (code, err) == (0, "")
    assert out == "plan/readings/2017-18-q4.yaml: 0 readings imported from q4.csv (2 unchanged)\n"
    assert (in_tmp / "plan/readings/2017-18-q4.yaml").read_bytes() == readings
    code, out, _ = run("import", "q4.csv", "--quarter", "Q4-2017/18", "--check", "--replace")
    assert out.splitlines()[-1] == (
        "plan/readings/2017-18-q4.yaml: 0 added, 0 replaced, 2 unchanged from q4.csv "
        "(--check: nothing written)"
    )
    # A different figure for one of them still needs --replace.
    (in_tmp / "q4.csv").write_text(
        (in_tmp / "q4.csv").read_text().replace('"1,044.5"', '"1,045.0"')
    )
    code, _, err = run("import", "q4.csv", "--quarter", "Q4-2017/18")
    assert code == 1
    assert err.splitlines() == [
        "q4.csv:2:1: indicator: plan/readings/2017-18-q4.yaml already has a figure for "
        "headline-rate; use --replace to replace it",
        "1 error: nothing was imported",
    ]
    code, out, _ = run("import", "q4.csv", "--quarter", "Q4-2017/18", "--replace")
    assert (code, out) == (
        0,
        "plan/readings/2017-18-q4.yaml: 1 reading imported from q4.csv (1 replaced, 1 unchanged)\n",
    )


BAD_CSV = """\
indicator,value,period,note,rank
headline-rate,45,12 months to Mar 2018,,
example-first-time,0.49,Q4 2017/18,,
example-count,fifty,Q4 2017/18,,
example-cuont,3,Q4 2017/18,,
example-first-time,50,Q4 2017/18,,
example-count,3,Q5 2017/18,,
"""

BAD_CSV_ERRORS = [
    "bad.csv:2:5: rank: headline-rate is ranked: give its rank beside the value",
    "bad.csv:3:2: value: 0.49 looks like a fraction of 1; percentages are written 0-100 "
    "(for 49% write 49)",
    "bad.csv:4:2: value: 'fifty' is not a number; where there is no figure, write one of the "
    "plan's words for why: 'Awaiting data', 'Not reported', 'n/a'",
    "bad.csv:5:1: indicator: unknown indicator 'example-cuont'; did you mean 'example-count'?",
    "bad.csv:6:1: indicator: example-first-time is given twice: first in row 3",
    "bad.csv:7:1: indicator: example-count is given twice: first in row 4",
    "6 errors: nothing was imported",
]


def test_import_checks_every_row_and_writes_nothing(in_tmp: Path) -> None:
    overlay("minimal", in_tmp / "plan")
    (in_tmp / "bad.csv").write_text(BAD_CSV)
    before = sorted(p.name for p in (in_tmp / "plan/readings").iterdir())
    code, _, err = run("import", "bad.csv", "--quarter", "Q4-2017/18")
    assert code == 1
    assert err.splitlines() == BAD_CSV_ERRORS
    assert sorted(p.name for p in (in_tmp / "plan/readings").iterdir()) == before


def test_import_period_problems(in_tmp: Path) -> None:
    overlay("minimal", in_tmp / "plan")
    (in_tmp / "p.csv").write_text(
        "indicator,value,period\n"
        "example-first-time,50,2017/18\n"
        "example-count,3,Q1 2018/19\n"
        "headline-rate,3,Q5 2017/18\n"
    )
    code, _, err = run("import", "p.csv", "--quarter", "Q4-2017/18")
    assert code == 1
    assert err.splitlines() == [
        "p.csv:2:3: period: 2017/18 does not fit example-first-time: expected a quarter "
        "period such as Q4 2017/18",
        "p.csv:3:3: period: Q1 2018/19 ends after Q4 2017/18, the quarter being reported",
        "p.csv:4:3: period: 'Q5 2017/18': a quarter looks like Q3-2017/18: Q1 to Q4 of a "
        "financial year YYYY/YY (Q1 is Apr-Jun); in a plan whose year starts in January, "
        "Q3-2013 (Q1 is Jan-Mar)",
        "3 errors: nothing was imported",
    ]


def test_import_xlsx_with_percentage_cells(in_tmp: Path) -> None:
    overlay("minimal", in_tmp / "plan")
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "Q4 figures"
    ws.append(["indicator", "value", "period", "rank"])
    ws.append(["example-first-time", 0.52, "Q4 2017/18", None])
    ws["B2"].number_format = "0%"
    ws.append(["example-count", 0.4, "Q4 2017/18", None])
    ws["B3"].number_format = "0%"
    ws.append(["headline-rate", 44.1, "12 months to Mar 2018", 3])
    book.save(in_tmp / "q4.xlsx")
    code, _, err = run("import", "q4.xlsx", "--quarter", "Q4-2017/18")
    assert code == 1
    assert err.splitlines() == [
        "q4.xlsx: sheet 'Q4 figures', row 3, value: 0.4 is formatted as a percentage, but "
        "this measure counts in count",
        "1 error: nothing was imported",
    ]
    ws["B3"].number_format = "General"
    book.save(in_tmp / "q4.xlsx")
    # Unformatted, 0.4 is still no count: a count is a whole number (issue 23).
    code, _, err = run("import", "q4.xlsx", "--quarter", "Q4-2017/18")
    assert code == 1
    assert err.splitlines()[0] == (
        "q4.xlsx: sheet 'Q4 figures', row 3, value: 0.4 is not a whole number, and a count "
        "is: give the number of people or things (a figure with a fraction needs the "
        "measure's unit to be a rate or a score)"
    )
    ws["B3"] = 4
    book.save(in_tmp / "q4.xlsx")
    assert run("import", "q4.xlsx", "--quarter", "Q4-2017/18")[0] == 0
    text = (in_tmp / "plan/readings/2017-18-q4.yaml").read_text()
    assert 'indicator: example-first-time\n    period: "Q4 2017/18"\n    value: 52\n' in text
    assert 'indicator: example-count\n    period: "Q4 2017/18"\n    value: 4\n' in text


def test_import_usage(in_tmp: Path) -> None:
    overlay("minimal", in_tmp / "plan")
    assert run("import", "missing.csv", "--quarter", "Q4-2017/18")[0] == 2
    assert run("import", "x.csv")[0] == 2  # no quarter
    (in_tmp / "x.csv").write_text("indicator,value,period\n")
    assert run("import", "x.csv", "--quarter", "Q4-2017/18", "--template", "t.csv")[0] == 2
    (in_tmp / "cols.csv").write_text("indicator,amount,period\n")
    code, _, err = run("import", "cols.csv", "--quarter", "Q4-2017/18")
    assert code == 1
    assert err.splitlines()[:2] == [
        "cols.csv:1:1: missing column 'value'",
        "cols.csv:1:2: amount: unknown column 'amount'; the columns are indicator, value, "
        "period, note, rank, numerator, denominator",
    ]


DIFF_Q3_Q4 = """\
Changes from Q3 2017/18 to Q4 2017/18

Statuses changed: 2
  headline-rate: Close to target → Successful
      44.1 (ranked 3rd) against top 3 of family group: 3rd is within the top 3 → Successful
  example-first-time: Close to target → Successful
      52% against at least 50%: met → Successful

Directions changed: 2
  headline-rate: up → down
      44.1 (12 months to Mar 2018) against 45.5 (12 months to Dec 2017): change -1.4, 3.1% beyond 2%
  example-first-time: down → up
      52% (Q4 2017/18) against 49% (Q3 2017/18): change +3, 6.1% beyond 2%

New readings: 2
  headline-rate: 44.1 (ranked 3rd) (12 months to Mar 2018, reported in Q4 2017/18)
  example-first-time: 52% (Q4 2017/18, reported in Q4 2017/18)

Readings expected but missing: 1
  example-count: no figure for Q4 2017/18
"""


def test_diff_text_and_json(quarters: Path) -> None:
    code, out, _ = run("diff", "Q3-2017/18", "Q4-2017/18")
    assert code == 0
    assert out == DIFF_Q3_Q4
    code, out, _ = run("diff", "Q1-2017/18", "Q4-2017/18", "--json")
    data = json.loads(out)
    assert data["from"] == "Q1 2017/18" and data["to"] == "Q4 2017/18"
    assert {c["id"] for c in data["new_readings"]} == {
        "headline-rate",
        "example-first-time",
        "example-count",
    }
    assert data["missing_readings"] == [
        {
            "theme": "example",
            "id": "example-count",
            "measure": "Number of referrals",
            "before": None,
            "after": None,
            "detail": "no figure for Q4 2017/18",
        }
    ]
    assert run("diff", "Q4-2017/18", "Q3-2017/18")[0] == 2
    assert run("diff", "Q4-2017/18", "nonsense")[0] == 2


def test_import_unreadable_files(in_tmp: Path) -> None:
    overlay("minimal", in_tmp / "plan")
    (in_tmp / "latin1.csv").write_bytes(b"indicator,value,period\nexample-count,3,Q4 2017/18\xe9\n")
    code, _, err = run("import", "latin1.csv", "--quarter", "Q4-2017/18")
    assert code == 1
    assert err.splitlines() == [
        "latin1.csv:2:27: not valid UTF-8 (byte 0xe9): in Excel, use File > Save As and "
        'choose "CSV UTF-8 (Comma delimited)", not "CSV (Comma delimited)"',
        "1 error: nothing was imported",
    ]
    (in_tmp / "huge-field.csv").write_text(
        'indicator,value,period,note\nx,1,Q4 2017/18,"' + "a" * 200_000 + '"\n'
    )
    code, _, err = run("import", "huge-field.csv", "--quarter", "Q4-2017/18")
    assert code == 1
    assert err.startswith("huge-field.csv:2:1: not readable as CSV: field larger than field limit")
    (in_tmp / "not.xlsx").write_bytes(b"not a zip")
    code, _, err = run("import", "not.xlsx", "--quarter", "Q4-2017/18")
    assert code == 1 and err.startswith("not.xlsx: not a readable XLSX file")


@pytest.mark.parametrize(
    "note", ["no", "2017", "2017-12-01", "null", "line\u2028separator", "a-b", "tab\tand\nline"]
)
def test_readings_yaml_writes_what_the_strict_reader_reads_back(in_tmp: Path, note: str) -> None:
    plan = overlay("minimal", in_tmp / "plan")
    reading = {"indicator": "example-count", "period": parse_period("Q4 2017/18"), "note": note}
    text = readings_yaml(parse_quarter("Q4-2017/18"), [reading], "A test.")
    (plan / "readings" / "2017-18-q4.yaml").write_text(text, encoding="utf-8")
    loaded = load_plan(plan).plan
    (q4,) = [r for r in loaded.readings if r.quarter == parse_quarter("Q4-2017/18")]
    assert q4.readings[0].note == note


def test_a_note_with_a_control_character_is_written_escaped_and_refused_where_it_is(
    in_tmp: Path,
) -> None:
    # NEL (U+0085) is a line break to YAML 1.1 and a C1 control character: the writer
    # escapes it, so it stays in its note, and the strict reader refuses it there.
    plan = overlay("minimal", in_tmp / "plan")
    reading = {"indicator": "example-count", "period": parse_period("Q4 2017/18")}
    reading["note"] = "line\x85break"
    text = readings_yaml(parse_quarter("Q4-2017/18"), [reading], "A test.")
    (plan / "readings" / "2017-18-q4.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(PlanError) as refused:
        load_plan(plan)
    (problem,) = refused.value.problems
    assert problem.file.endswith("2017-18-q4.yaml") and problem.location == "readings[0].note"
    assert problem.message.startswith("holds the control character U+0085 NEXT LINE")


def test_readings_yaml_writes_plain_numbers() -> None:
    reading = {"indicator": "example-count", "period": parse_period("Q4 2017/18")}
    reading["value"] = (Decimal(1) * 100).normalize()  # a cell of 100% read as a figure
    text = readings_yaml(parse_quarter("Q4-2017/18"), [reading], "A test.")
    assert text.endswith("    value: 100\n")
