"""Fixtures shared by the tests (helpers are in helpers.py)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from scp_report.model import periods

from .builders import minimal_plan

# make mutate runs each mutant's tests once: the same examples every time, so a mutant is
# killed or survives on every run, not by the luck of the draw. SCP_HYPOTHESIS=mutate.
settings.register_profile("mutate", derandomize=True, database=None, deadline=None)
# Speed is measured by make bench, never by a timed test: Hypothesis's default deadline
# (200 ms an example) failed property tests on a loaded 2-core machine that passed alone.
settings.register_profile("untimed", deadline=None)
settings.load_profile(os.environ.get("SCP_HYPOTHESIS") or "untimed")


@pytest.fixture(autouse=True)
def _fresh_period_parser() -> Iterator[None]:
    """Each test parses periods afresh, not from results an earlier test left cached: under
    make mutate an earlier test ran another version of the parser in the same process."""
    periods._parse_period.cache_clear()
    yield


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary folder, made the working folder for the test."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def plan(in_tmp: Path) -> Path:
    """The minimal fixture plan, copied to plan/ in the test's working folder. A test file
    that needs more of it overrides this fixture, taking this one as its argument."""
    return minimal_plan(in_tmp)
