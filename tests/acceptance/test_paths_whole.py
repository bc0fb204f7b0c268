"""Issue 23, finding 8: a path a command prints is on one line, whole, whatever the
terminal's width, so that it can be copied; `scp build` names each file once. Run in a
pseudo-terminal 80 columns wide, as a person runs them (the progress lines and the PDF's
spinner are drawn only on a terminal)."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import sys
import termios
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

# Terminal control sequences (colours, cursor moves, line clearing) the spinner writes.
CONTROL = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
# A folder name of 90 characters: every path under it is longer than the terminal is wide.
FOLDER = "safer-somewhere-far-away-community-safety-partnership-" + "x" * 36


def _on_terminal(args: list[str], cwd: Path, timeout: float = 180) -> tuple[int, list[str]]:
    """Run scp with its standard output and error on one pseudo-terminal of 80 columns;
    its exit code and the lines the terminal was sent, control sequences taken out."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: scp, on the terminal
        try:
            os.chdir(cwd)
            env = {**os.environ, "COLUMNS": "80", "LINES": "24", "SCP_CACHE": "off"}
            env.pop("NO_COLOR", None)
            os.execve(sys.executable, [sys.executable, "-m", "scp_report", *args], env)
        finally:
            os._exit(127)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    sent = b""
    while True:
        ready, _, _ = select.select([fd], [], [], timeout)
        if not ready:
            os.kill(pid, 9)
            raise AssertionError(f"scp {args} did not finish; sent {sent!r}")
        try:
            data = os.read(fd, 65536)
        except OSError:  # the child has closed the terminal
            break
        if not data:
            break
        sent += data
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    text = CONTROL.sub("", sent.decode("utf-8"))
    # What a line shows in the end: the spinner redraws its line after each \r.
    lines = [line.rsplit("\r", 1)[-1] for line in text.split("\r\n")]
    return os.waitstatus_to_exitcode(status), lines


def _whole_once(path: str, lines: list[str]) -> None:
    assert len(path) > 80
    holding = [line for line in lines if path in line]
    assert len(holding) == 1, (path, lines)
    assert holding[0].endswith(path) or holding[0].startswith(f"{path}:"), holding[0]
    # No part of it on a line of its own, as a wrap at 80 columns would leave.
    assert not any(line and line in path and line != path for line in lines), lines


def test_every_path_printed_is_whole_on_one_line_once(tmp_path: Path) -> None:
    name = "Safer Somewhere Far Away Community Safety Partnership"  # a file name of 90+
    code, lines = _on_terminal(["init", FOLDER, "--name", name], tmp_path)
    assert code == 0, lines
    for name in ("plan/partnership.yaml", "plan/themes/example.yaml", ".gitignore"):
        _whole_once(f"{FOLDER}/{name}", lines)

    plan = f"{FOLDER}/plan"
    code, lines = _on_terminal(["new-quarter", "Q4-2026/27", "--plan", plan], tmp_path)
    assert code == 0, lines
    _whole_once(f"{plan}/readings/2026-27-q4.yaml", lines)

    sheet = f"{FOLDER}/figures-for-q4.xlsx"
    args = ["import", "--template", sheet, "--quarter", "Q4-2026/27", "--plan", plan]
    code, lines = _on_terminal(args, tmp_path)
    assert code == 0, lines
    _whole_once(sheet, lines)

    out = f"{FOLDER}/out"
    code, lines = _on_terminal(["build", "--plan", plan, "--out", out], tmp_path)
    assert code == 0, lines
    written = sorted(p.name for p in (tmp_path / out).iterdir())
    assert len(written) == 5  # the HTML, the PDF, the CSV, the JSON and the data package
    assert max(len(n) for n in written) > 90
    for written_name in written:
        _whole_once(f"{out}/{written_name}", lines)
