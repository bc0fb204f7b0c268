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


def test_the_table() -> None:
    """What the documents, the plan's keys, the stylesheet and the terminal show of each
    status (changing a row changes every document built with the defaults)."""
    assert [
        (s.name.value, s.key, s.css, s.colour, s.background, s.terminal, s.outcome)
        for s in STATUSES
    ] == [
        ("Successful", "successful", "successful", "#0b4019", "#d8efdd", "bold green", "met"),
        ("Close to target", "close", "close", "#533d00", "#fff0c2", "bold yellow", "close"),
        ("Needs improving", "needs_improving", "needs-improving", "#6e0b16", "#f9d8dc",
         "bold red", "missed"),
        ("Monitoring", "monitoring", "monitoring", "#0c2f52", "#dde9f5", "cyan", None),
        ("Awaiting data", "awaiting", "awaiting", "#2b2b2b", "#ececec", "dim", None),
    ]  # fmt: skip


def test_each_statuses_field_is_optional_and_says_its_defaults() -> None:
    fields = Statuses.model_fields
    assert [(k, f.default, f.description) for k, f in fields.items()] == [
        ("successful", None, "How Successful is shown (default: the word 'Successful', "
         "#0b4019 on #d8efdd)."),
        ("close", None, "How Close to target is shown (default: the word 'Close to target', "
         "#533d00 on #fff0c2)."),
        ("needs_improving", None, "How Needs improving is shown (default: the word "
         "'Needs improving', #6e0b16 on #f9d8dc)."),
        ("monitoring", None, "How Monitoring is shown (default: the word 'Monitoring', "
         "#0c2f52 on #dde9f5)."),
        ("awaiting", None, "How Awaiting data is shown (default: the word 'Awaiting data', "
         "#2b2b2b on #ececec)."),
    ]  # fmt: skip
    assert Statuses() == DEFAULT_STATUSES


RAG = Statuses.model_validate(
    {
        "successful": {"label": "Green", "colour": "#ffffff", "background": "#006400"},
        "close": {"label": "Amber", "colour": "#000000"},
        "needs_improving": {"label": "Red", "background": "#ffffff"},
        "monitoring": {"label": "Monitoring"},
    }
)


def test_a_plans_colours_replace_the_defaults_one_by_one() -> None:
    assert RAG.colours(StatusName.SUCCESSFUL) == ("#ffffff", "#006400")
    assert RAG.colours(StatusName.CLOSE) == ("#000000", "#fff0c2")
    assert RAG.colours(StatusName.NEEDS_IMPROVING) == ("#6e0b16", "#ffffff")
    assert RAG.colours(StatusName.MONITORING) == ("#0c2f52", "#dde9f5")
    assert RAG.colours(StatusName.AWAITING) == ("#2b2b2b", "#ececec")
    assert RAG.problems() == []


def test_the_words_that_name_a_status() -> None:
    # The plan's labels first, then the engine's names it does not use as labels, once.
    assert RAG.names() == [
        "Green", "Amber", "Red", "Monitoring", "Awaiting data",
        "Successful", "Close to target", "Needs improving",
    ]  # fmt: skip
    assert DEFAULT_STATUSES.names() == [s.value for s in StatusName]
    assert RAG.named("Amber") == RAG.named("Close to target") == StatusName.CLOSE
    assert RAG.named("Yellow") is None


def test_a_label_given_twice_and_colours_too_faint_are_problems_at_their_keys() -> None:
    statuses = Statuses.model_validate(
        {
            "successful": {"label": "Green", "colour": "#777777"},
            "close": {"label": "Green"},
            "monitoring": {"background": "#0c2f52"},
            "awaiting": {"label": "Awaiting", "colour": "#2b2b2b", "background": "#3b3b3b"},
        }
    )
    faint = "text needs at least 4.5:1 (WCAG 2.2 AA): darken the text or lighten the background"
    assert statuses.problems() == [
        (("successful", "label"), "the label 'Green' is given to two statuses"),
        (
            ("successful", "colour"),
            f"successful (Green): #777777 on #d8efdd has a contrast of 3.69:1; {faint}",
        ),
        (("close", "label"), "the label 'Green' is given to two statuses"),
        (
            ("monitoring", "background"),
            f"monitoring (Monitoring): #0c2f52 on #0c2f52 has a contrast of 1.00:1; {faint}",
        ),
        (
            ("awaiting", "colour"),
            f"awaiting (Awaiting): #2b2b2b on #3b3b3b has a contrast of 1.26:1; {faint}",
        ),
    ]
