"""Each broken fixture plan gives its exact, located messages (tests/fixtures/README.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from scp_report.cli import app

from .conftest import FIXTURES, overlay

CASES = sorted(p.name for p in FIXTURES.iterdir() if (p / "expected.txt").exists())


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 15


@pytest.mark.parametrize("case", CASES)
def test_fixture_case(case: str, in_tmp: Path) -> None:
    expected = (FIXTURES / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    code = int(expected[0].removeprefix("exit: "))
    overlay(case, in_tmp / "plan")
    result = CliRunner().invoke(app, ["validate", "--strict", "--plan", "plan"])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == code
    assert result.stdout.splitlines() == expected[1:]
    assert "Traceback" not in result.output


def test_minimal_plan_is_valid(in_tmp: Path) -> None:
    overlay("minimal", in_tmp / "plan")
    result = CliRunner().invoke(app, ["validate", "--strict", "--plan", "plan"])
    assert result.exit_code == 0
    assert result.stdout == "plan/: 1 theme, 1 project, 3 indicators, 3 readings: OK\n"
