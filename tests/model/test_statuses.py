"""The statuses table (model/statuses.py) is the one place a status is defined: every
other use (the plan's `statuses:` keys, the engine's judgement, the order of counts, the
open data, CSS classes and colours, the terminal) reads it."""

from __future__ import annotations

import re
from pathlib import Path

from rich.style import Style

from scp_report.model.statuses import (
    DEFAULT_STATUSES,
    STATUS,
    STATUS_FOR,
    STATUS_ORDER,
    STATUSES,
    Outcome,
    Statuses,
    StatusName,
)
from scp_report.model.words import DEFAULT_WORDS
from scp_report.render.html import default_templates, make_environment
from scp_report.views.opendata import _ENUMS

from ..helpers import ROOT


def test_one_row_for_each_status_in_the_order_they_are_counted() -> None:
    assert [s.name for s in STATUSES] == list(StatusName)
    assert tuple(StatusName) == STATUS_ORDER
    assert set(STATUS) == set(StatusName)
    for column in ("key", "css"):
        values = [getattr(s, column) for s in STATUSES]
        assert len(set(values)) == len(values), f"{column} given to two statuses"


def test_the_plans_statuses_keys_are_the_tables() -> None:
    assert list(Statuses.model_fields) == [s.key for s in STATUSES]
    for s in STATUSES:
        assert DEFAULT_STATUSES.colours(s.name) == (s.colour, s.background)
        assert DEFAULT_STATUSES.label(s.name) == s.name.value
        assert s.colour in Statuses.model_fields[s.key].description
    assert DEFAULT_STATUSES.problems() == []  # the default colours are readable


def test_every_judgement_gives_the_status_the_table_says() -> None:
    assert set(STATUS_FOR) == set(Outcome)
    assert {STATUS_FOR[s.outcome]: s.outcome for s in STATUSES if s.outcome} == {
        s.name: s.outcome for s in STATUSES if s.outcome
    }


def test_the_stylesheet_and_the_open_data_are_written_from_the_table() -> None:
    env = make_environment(default_templates(), DEFAULT_WORDS)
    css = env.get_template("style.css").render()
    rules = re.findall(r"^\.status-([\w-]+) \{ background: (#\w+); color: (#\w+); \}$", css, re.M)
    assert rules == [(s.css, s.background, s.colour) for s in STATUSES]
    assert _ENUMS["status"] == [s.name.value for s in STATUSES]
    for s in STATUSES:
        Style.parse(s.terminal)  # a style rich knows


def test_no_other_file_spells_out_a_status() -> None:
    """A status's key, class or default background appear in model/statuses.py only:
    adding a status touches that file and no other. (A chart's target line shares
    a text colour, not a status.)"""
    table = ROOT / "src" / "scp_report" / "model" / "statuses.py"
    files = [
        p
        for p in [*(ROOT / "src" / "scp_report").rglob("*.py"), *(ROOT / "templates").iterdir()]
        if p.is_file() and p != table
    ]
    spelled = [
        (str(p.relative_to(ROOT)), word)
        for p in files
        for s in STATUSES
        for word in (s.background, f"status-{s.css}", f'"{s.key}"')
        if word in Path(p).read_text(encoding="utf-8")
    ]
    assert spelled == []
