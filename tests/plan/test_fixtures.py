"""Each broken fixture plan gives its exact, located messages (tests/fixtures/README.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from scp_report.cli import app

from ..builders import overlay
from ..helpers import FIXTURES

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


def test_symlink_out_of_the_plan_folder_is_refused(in_tmp: Path) -> None:
    plan = overlay("minimal", in_tmp / "plan")
    secret = in_tmp / "secret.yaml"
    secret.write_text("id: secret\n")
    (plan / "themes" / "leak.yaml").symlink_to(secret)
    result = CliRunner().invoke(app, ["validate", "--plan", "plan"])
    assert result.exit_code == 1
    assert (
        "plan/themes/leak.yaml: is a link to a file outside the plan folder; refused"
        in result.stdout
    )


def test_folder_where_a_file_should_be(in_tmp: Path) -> None:
    plan = overlay("minimal", in_tmp / "plan")
    (plan / "themes" / "odd.yaml").mkdir()
    result = CliRunner().invoke(app, ["validate", "--plan", "plan"])
    assert result.exit_code == 1
    assert "plan/themes/odd.yaml: is a folder; expected a YAML file" in result.stdout


def test_oversized_file_is_refused(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from scp_report.plan import yaml_reader as yamlio

    monkeypatch.setattr(yamlio, "MAX_FILE_BYTES", 100)
    overlay("minimal", in_tmp / "plan")
    result = CliRunner().invoke(app, ["validate", "--plan", "plan"])
    assert result.exit_code == 1
    assert "the limit is 100" in result.stdout


def test_missing_partnership_file(in_tmp: Path) -> None:
    plan = overlay("minimal", in_tmp / "plan")
    (plan / "partnership.yaml").unlink()
    result = CliRunner().invoke(app, ["validate", "--plan", "plan"])
    assert result.exit_code == 1
    assert "plan/partnership.yaml: missing: every plan needs this file" in result.stdout


def test_broken_link(in_tmp: Path) -> None:
    plan = overlay("minimal", in_tmp / "plan")
    (plan / "themes" / "gone.yaml").symlink_to(plan / "themes" / "nowhere.yaml")
    result = CliRunner().invoke(app, ["validate", "--plan", "plan"])
    assert result.exit_code == 1
    assert "plan/themes/gone.yaml: is a broken link; expected a YAML file" in result.stdout
