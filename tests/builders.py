"""Making plans for tests, and editing their files: the one place every test folder
takes them from (the `plan` fixture in conftest.py is `minimal_plan`)."""

from __future__ import annotations

import shutil
from pathlib import Path

from .helpers import FIXTURE_META, FIXTURES


def overlay(case: str, dest: Path) -> Path:
    """Copy the minimal plan to dest, then the case's files over it; return dest."""
    shutil.copytree(FIXTURES / "minimal", dest)
    if case != "minimal":
        for src in (FIXTURES / case).rglob("*"):
            if src.is_file() and src.name not in FIXTURE_META:
                target = dest / src.relative_to(FIXTURES / case)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, target)
    return dest


def minimal_plan(folder: Path) -> Path:
    """The minimal fixture plan, copied to folder/plan; return that plan folder."""
    return overlay("minimal", folder / "plan")


def add_to(path: Path, text: str) -> None:
    """Add lines at the end of a plan file."""
    path.write_text(path.read_text() + text)


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first `old` in a plan file, which must hold it."""
    text = path.read_text()
    assert old in text, f"{path} does not hold {old!r}"
    path.write_text(text.replace(old, new, 1))
