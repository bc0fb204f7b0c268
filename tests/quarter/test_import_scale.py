"""`scp import` of a huge sheet: read a row at a time, so memory stays flat however many
rows there are, and problems listed as the first 50 and a count of the rest."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import openpyxl
import pytest

from scp_report.quarter.rows import MAX_SHOWN

from ..builders import overlay
from ..helpers import run_cli as run


def _sheet(path: Path, rows: int, *, good: int = 0) -> None:
    """A CSV of `rows` rows, the first `good` of them fine, the rest for indicators the
    plan lacks."""
    with path.open("w", encoding="utf-8") as f:
        f.write("indicator,period,value\n")
        if good:
            f.write("example-count,Q4 2017/18,7\n")
        for i in range(rows - good):
            f.write(f"no-such-{i},Q4 2017/18,{i}\n")


def test_problems_are_the_first_fifty_and_a_count(in_tmp: Path) -> None:
    plan = overlay("minimal", in_tmp / "plan")
    before = sorted(p.name for p in plan.rglob("*"))
    _sheet(in_tmp / "many.csv", 5000, good=1)
    code, out, err = run("import", "-Q", "Q4-2017/18", "many.csv", "--plan", "plan")
    assert (code, out) == (1, "")
    lines = err.splitlines()
    assert len(lines) == MAX_SHOWN + 2
    # the first 50 problems, in row order (row 2 is good)
    assert lines[:MAX_SHOWN] == [
        f"many.csv:{i + 3}:1: indicator: unknown indicator 'no-such-{i}'" for i in range(MAX_SHOWN)
    ]
    assert lines[-2] == (
        "... and 4,949 more like these, not listed: put right the rows above, then run the "
        "command again to see what is left"
    )
    assert lines[-1] == "4,999 errors: nothing was imported"
    assert sorted(p.name for p in plan.rglob("*")) == before  # nothing written


def test_a_few_problems_are_all_listed(in_tmp: Path) -> None:
    overlay("minimal", in_tmp / "plan")
    _sheet(in_tmp / "few.csv", MAX_SHOWN)
    code, _, err = run("import", "-Q", "Q4-2017/18", "few.csv", "--plan", "plan")
    assert code == 1
    assert "more like these" not in err
    assert err.splitlines()[-1] == f"{MAX_SHOWN} errors: nothing was imported"


def test_a_workbook_is_capped_the_same_way(in_tmp: Path) -> None:
    overlay("minimal", in_tmp / "plan")
    book = openpyxl.Workbook(write_only=True)
    ws = book.create_sheet("figures")
    ws.append(["indicator", "period", "value"])
    for i in range(300):
        ws.append([f"no-such-{i}", "Q4 2017/18", i])
    book.save(in_tmp / "many.xlsx")
    code, _, err = run("import", "-Q", "Q4-2017/18", "many.xlsx", "--plan", "plan")
    assert code == 1
    lines = err.splitlines()
    assert lines[0] == (
        "many.xlsx: sheet 'figures', row 2, indicator: unknown indicator 'no-such-0'"
    )
    assert lines[-2].startswith("... and 250 more like these")
    assert lines[-1] == "300 errors: nothing was imported"


# The memory bound, measured: `scp import` in a child of a fresh Python, whose
# RUSAGE_CHILDREN peak is that child's alone (a test process's would be the largest of
# every child it ever had, a PDF build's among them).
PEAK = textwrap.dedent(
    """
    import resource, subprocess, sys
    subprocess.run(sys.argv[1:], capture_output=True, check=False)
    print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)  # KiB on Linux
    """
)


def _peak_mb(args: list[str], cwd: Path) -> float:
    scp = [sys.executable, "-m", "scp_report"]
    out = subprocess.run(
        [sys.executable, "-c", PEAK, *scp, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    return int(out.stdout) / 1024


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="ru_maxrss is in KiB on Linux")
def test_memory_stays_flat_however_many_rows(in_tmp: Path) -> None:
    # A million rows peak at about 42 MB (SECURITY.md); here 200,000 rows, against 2,000:
    # reading every row into memory first (as imports once did) took over 1.3 GB for a
    # million, and 270 MB more for these 198,000 rows than for the small sheet.
    overlay("minimal", in_tmp / "plan")
    _sheet(in_tmp / "small.csv", 2_000)
    _sheet(in_tmp / "big.csv", 200_000)
    args = ["import", "-Q", "Q4-2017/18", "--plan", "plan"]
    small = _peak_mb([*args, "small.csv"], in_tmp)
    big = _peak_mb([*args, "big.csv"], in_tmp)
    assert big < 200
    assert big - small < 15, (small, big)
