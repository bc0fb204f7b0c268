"""`scp import` keeps what people wrote: in-place edits of readings files, the template
that never overwrites, Excel's habits (formulas, dates, sheets, encodings), blank rows,
and `--check`."""

from __future__ import annotations

from pathlib import Path

import pytest

from .helpers import overlay
from .helpers import run_cli as run

# --- 2. the template never overwrites ------------------------------------------------


@pytest.mark.parametrize("name", ["q4.xlsx", "q4.csv"])
def test_template_refuses_to_overwrite_a_sheet(in_tmp: Path, name: str) -> None:
    overlay("minimal", in_tmp / "plan")
    (in_tmp / name).write_bytes(b"figures filled in by a partner")
    code, out, err = run("import", "--template", name, "--quarter", "Q4-2017/18")
    assert (code, out) == (1, "")
    assert err == f"error: {name} already exists; not overwritten\n"
    assert (in_tmp / name).read_bytes() == b"figures filled in by a partner"
