"""One set of rules for every figure, whichever way it arrives: `scp validate` warns (an
error with --strict) where `scp import` refuses, in the same words."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest

from scp_report.model.values import Unit
from scp_report.plan.value_rules import figure_problems, read_figure

from ..builders import overlay
from ..helpers import run_cli as run

READINGS = "plan/readings/2017-18-q3.yaml"


def _with_value(root: Path, indicator: str, value: str) -> None:
    path = root / "readings" / "2017-18-q3.yaml"
    lines = path.read_text().splitlines()
    at = lines.index(f"  - indicator: {indicator}")
    lines[at + 2] = f"    value: {value}"
    path.write_text("\n".join(lines) + "\n")


def _import(root: Path, indicator: str, period: str, value: str) -> tuple[int, str]:
    sheet = root.parent / "q4.csv"
    sheet.write_text(f"indicator,value,period\n{indicator},{value},{period}\n")
    code, _, err = run("import", str(sheet), "--quarter", "Q4-2017/18", "--plan", str(root))
    return code, err


@pytest.mark.parametrize(
    ("indicator", "value", "message"),
    [
        (
            "example-first-time",
            "0.49",
            "0.49 looks like a fraction of 1; percentages are written 0-100 (for 49% write 49)",
        ),
        ("example-count", "-3", "-3 is below zero, and a count never is"),
    ],
)
def test_validate_warns_where_import_refuses_in_the_same_words(
    in_tmp: Path, indicator: str, value: str, message: str
) -> None:
    root = overlay("minimal", in_tmp / "plan")
    _with_value(root, indicator, value)
    code, out, _ = run("validate")
    assert code == 0
    warning = next(line for line in out.splitlines() if ": warning: " in line)
    assert warning.endswith(
        f": warning: readings[{1 if 'first' in indicator else 2}].value: {message}"
    )
    assert run("validate", "--strict")[0] == 1

    fresh = overlay("minimal", in_tmp / "other" / "plan")
    code, err = _import(fresh, indicator, "Q4 2017/18", value)
    assert code == 1
    assert f"value: {message}" in err


def test_a_percentage_over_100_is_an_error_on_both_paths(in_tmp: Path) -> None:
    root = overlay("minimal", in_tmp / "plan")
    _with_value(root, "example-first-time", "101")
    code, out, _ = run("validate")
    assert code == 1
    assert f"{READINGS}:10:12: readings[1].value: 101 is not a percentage between 0 and 100" in out


@pytest.mark.parametrize(
    ("written", "fix"),
    [
        (
            "73%",
            "'73%' is not a plain number; write 73 without the % sign: percentages are "
            "written as numbers from 0 to 100",
        ),
        ("1,240", "'1,240' is not a plain number; write 1240 without the thousands separators"),
        ('"12.5 %"', "'12.5 %' is not a plain number; write 12.5 without the % sign"),
    ],
)
def test_numbers_written_as_in_a_sheet_get_the_exact_fix_in_a_plan_file(
    in_tmp: Path, written: str, fix: str
) -> None:
    root = overlay("minimal", in_tmp / "plan")
    _with_value(root, "example-count", written)
    code, out, _ = run("validate")
    assert code == 1
    assert f"{READINGS}:13:12: readings[2].value: {fix}" in out


def test_a_sheet_reads_the_same_numbers_as_the_plain_ones() -> None:
    assert read_figure("73%", Unit.PERCENT) == (D(73), True)
    assert read_figure("73 %", Unit.PERCENT) == (D(73), True)
    assert read_figure("1,240", Unit.COUNT) == (D(1240), False)
    assert read_figure("1240", Unit.COUNT) == (D(1240), False)
    with pytest.raises(ValueError, match="is a percentage, but this measure counts in count"):
        read_figure("73%", Unit.COUNT)


def test_a_figure_written_as_a_percentage_is_no_fraction() -> None:
    assert figure_problems(D("0.5"), Unit.PERCENT, as_percent=True) == []
    assert [p.certain for p in figure_problems(D("0.5"), Unit.PERCENT)] == [False]
    assert figure_problems(D(0), Unit.PERCENT) == figure_problems(D(1), Unit.PERCENT) == []
    assert figure_problems(D(-1), Unit.SCORE) == []  # a score may be below zero
    assert [p.certain for p in figure_problems(D(-1), Unit.RATE)] == [False]
