"""Helpers shared by the tests: paths, the fixture plans, the command line in-process."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
# Other partnerships' plans, each written from `scp init` (tests/acceptance/test_partnerships.py).
PARTNERSHIPS = ROOT / "tests" / "partnerships"
PLAN = ROOT / "plan"
FIXTURE_META = {"CASE.md", "expected.txt"}
# The keys of one indicator in `scp status --json` and the open data, as docs/commands.md lists.
ROW_KEYS = {
    "theme",
    "theme_title",
    "id",
    "measure",
    "unit",
    "unit_label",
    "polarity",
    "target",
    "target_kind",
    "target_value",
    "target_low",
    "target_high",
    "target_rank",
    "target_comparator",
    "target_comparator_period",
    "target_due",
    "target_due_date",
    "baseline",
    "baseline_period",
    "baseline_start",
    "baseline_end",
    "baseline_text",
    "latest",
    "latest_period",
    "latest_start",
    "latest_end",
    "latest_text",
    "rank",
    "latest_note",
    "awaited_period",
    "not_updated_period",
    "later_text",
    "direction",
    "direction_source",
    "direction_better",
    "direction_reason",
    "status",
    "status_label",
    "reason",
    "overridden",
}


def run_cli(*args: str) -> tuple[int, str, str]:
    """Run `scp` in-process; (exit code, stdout, stderr). A traceback is a failure."""
    from typer.testing import CliRunner

    from scp_report.cli import app

    result = CliRunner().invoke(app, list(args))
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr
