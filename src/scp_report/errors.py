"""One exception tree. The CLI turns these into messages and exit codes, nowhere else."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


@dataclass(frozen=True)
class Problem:
    """One located finding about the plan files."""

    file: str
    line: int | None
    column: int | None
    location: str
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        prefix = "" if self.severity == Severity.ERROR else f"{self.severity.value}: "
        loc = f"{self.location}: " if self.location else ""
        return f"{where}: {prefix}{loc}{self.message}"

    @property
    def sort_key(self) -> tuple[str, int, int]:
        return (self.file, self.line or 0, self.column or 0)


class ScpError(Exception):
    """Base of every error the tool reports to a user."""

    exit_code = 1


class PlanError(ScpError):
    """The plan files are invalid; carries every problem found (warnings and notes too)."""

    def __init__(
        self, problems: list[Problem], verdict: str = "the plan is invalid", more: int = 0
    ):
        self.problems = sorted(problems, key=lambda p: p.sort_key)
        self.verdict = verdict
        # Errors found beyond those listed, counted only (an import of a huge sheet).
        self.more = more
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == Severity.ERROR]


class BuildError(ScpError):
    """A document could not be built."""


class UsageError(ScpError):
    """The command was used wrongly (exit code 2)."""

    exit_code = 2
