"""`scp import` keeps what people wrote: in-place edits of readings files, the template
that never overwrites, Excel's habits (formulas, dates, sheets, encodings), blank rows,
and `--check`."""

from __future__ import annotations

from pathlib import Path

import pytest

from .helpers import overlay
from .helpers import run_cli as run

Q4 = "plan/readings/2017-18-q4.yaml"

# --- 2. the template never overwrites ------------------------------------------------


@pytest.mark.parametrize("name", ["q4.xlsx", "q4.csv"])
def test_template_refuses_to_overwrite_a_sheet(in_tmp: Path, name: str) -> None:
    overlay("minimal", in_tmp / "plan")
    (in_tmp / name).write_bytes(b"figures filled in by a partner")
    code, out, err = run("import", "--template", name, "--quarter", "Q4-2017/18")
    assert (code, out) == (1, "")
    assert err == f"error: {name} already exists; not overwritten\n"
    assert (in_tmp / name).read_bytes() == b"figures filled in by a partner"


# --- 4. Excel's habits -----------------------------------------------------------------


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
