"""Documentation is tested: every command and option has help and is in the README."""

from __future__ import annotations

from typing import Any

import typer.main

from scp_report.cli import app

from ..helpers import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> dict[str, Any]:
    group: Any = typer.main.get_command(app)
    return dict(group.commands)


def test_every_command_has_help_and_is_documented() -> None:
    for name, command in _commands().items():
        assert command.help, name
        assert f"### `scp {name}" in README, f"README lacks a section for scp {name}"


def test_every_option_has_help_and_is_documented() -> None:
    for name, command in _commands().items():
        for param in command.params:
            if param.param_type_name == "option":
                assert param.help, f"{name} {param.opts}"
                for opt in param.opts:
                    if opt.startswith("--"):
                        assert opt in README, f"README does not mention {opt} of scp {name}"


def test_readme_opens_with_the_two_commands() -> None:
    head = README[:1500]
    assert "make build" in head and "make test" in head


def test_exit_codes_documented() -> None:
    for code in ("| 0 |", "| 1 |", "| 2 |"):
        assert code in README
