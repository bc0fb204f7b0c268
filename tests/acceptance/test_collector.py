"""The cycle collector's pauses (scp_report.collector): what a pause built is frozen only
where the process ends with its command."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

from scp_report import collector

from ..builders import overlay


def test_a_pause_ends_by_freezing_only_where_the_process_ends_with_its_command() -> None:
    """A pause frozen (gc.freeze) only when the command line says the process ends with its
    command: in-process callers (tests, a library user) keep every object collectable."""
    gc.unfreeze()
    try:
        with collector.collector_paused():
            built = [[] for _ in range(10)]
        assert gc.get_freeze_count() == 0
        collector.freeze_after_pauses(True)
        with collector.collector_paused():
            built = [[] for _ in range(10)]
        assert gc.get_freeze_count() > len(built)
        assert gc.isenabled()
    finally:
        collector.freeze_after_pauses(False)
        gc.unfreeze()


def _cli_freezes(args: list[str], tmp_path: Path) -> str:
    """What `scp ARGS` leaves frozen, run as the console script runs it, in a process of
    its own: `scp serve` is stubbed to say whether it would freeze."""
    code = (
        "import gc, sys\n"
        "import scp_report.serve as s, scp_report.collector as c\n"
        "s.serve = lambda *a, **k: print('SERVE FREEZES', c._freeze)\n"
        "from scp_report.cli import main\n"
        f"sys.argv = ['scp', *{args!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('FROZEN', gc.get_freeze_count())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, check=True
    )
    return done.stdout


def test_the_command_line_freezes_what_a_command_loads_but_scp_serve(tmp_path: Path) -> None:
    plan = overlay("minimal", tmp_path / "plan")
    out = _cli_freezes(["status", "--plan", str(plan)], tmp_path)
    assert int(out.rsplit("FROZEN ", 1)[1]) > 1000, out
    served = _cli_freezes(["serve", "--plan", str(plan)], tmp_path)
    assert "SERVE FREEZES False" in served, served
