"""Fixtures shared by the tests (helpers are in helpers.py)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary folder, made the working folder for the test."""
    monkeypatch.chdir(tmp_path)
    return tmp_path
