"""What is Cornwall's alone is optional; units as partnerships write them; reading notes
are shown wherever their figure is."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ..builders import edit
from ..helpers import run_cli as run


def _wide_status(monkeypatch: pytest.MonkeyPatch) -> str:
    """`scp status example` on a terminal wide enough that no cell wraps."""
    from rich.console import Console

    from scp_report.views import terminal

    wide = Console(width=300, no_color=True, soft_wrap=False, markup=False, emoji=False)
    monkeypatch.setattr(terminal, "_console", lambda: wide)
    return run("status", "example")[1]


def _html() -> str:
    assert run("build", "--format", "html", "--out", "out")[0] == 0
    return next(Path("out").glob("*.html")).read_text()


def test_a_plan_without_headline_indicators_or_outcomes(plan: Path) -> None:
    partnership = plan / "partnership.yaml"
    text = partnership.read_text()
    start, end = text.index("  collective_commitment:"), text.index("headline:")
    text = text[:start] + text[end:]
    text = text[: text.index("headline:")] + text[text.index("themes:") :]
    partnership.write_text(text)
    readings = plan / "readings" / "2017-18-q3.yaml"
    edit(
        readings,
        '  - indicator: headline-rate\n    period: "12 months to Dec 2017"\n'
        "    value: 45.5\n    rank: 4\n",
        "",
    )
    code, out, err = run("validate", "--strict")
    assert code == 0, out + err
    html = _html()
    assert "section-headline" not in html and "headline-outcomes" not in html
    assert "Headline performance indicators" not in html
    assert [r["theme"] for r in json.loads(run("status", "--json")[1])] == ["example"] * 2


def test_the_how_will_we_know_block_is_the_plans_choice(plan: Path) -> None:
    assert "How will we know we’ve made a difference?" in _html()
    edit(plan / "partnership.yaml", "  subject:", "  how_will_we_know: false\n  subject:")
    assert "How will we know" not in _html()
    edit(
        plan / "themes" / "example.yaml",
        "title: Example Theme",
        "title: Example Theme\nhow_will_we_know: true",
    )
    assert "How will we know we’ve made a difference?" in _html()


def test_a_target_column_on_request(plan: Path) -> None:
    assert '<th scope="col">Target</th>' not in _html()
    edit(plan / "partnership.yaml", "  subject:", "  target_column: true\n  subject:")
    html = _html()
    assert '<th scope="col">Performance measure</th>\n      <th scope="col">Target</th>' in html
    assert '<td class="target" data-label="Target">at least 50%</td>' in html
    assert '<td class="target" data-label="Target">top 3 of family group</td>' in html


def test_units_as_partnerships_write_them(plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    edit(
        plan / "themes" / "example.yaml",
        "    unit: count\n",
        "    unit: count\n    unit_label: referrals\n",
    )
    html = _html()
    assert re.search(r'<td class="figure" data-label="[^"]+">12 referrals', html)
    _, out, _ = run("status", "--json")
    row = next(r for r in json.loads(out) if r["id"] == "example-count")
    assert (row["unit"], row["unit_label"], row["latest_text"]) == ("count", "referrals", "12")
    assert "latest: 12 (referrals)" in _wide_status(monkeypatch)


def test_a_readings_note_is_shown_wherever_its_figure_is(
    plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(
        plan / "readings" / "2017-18-q3.yaml",
        "    value: 12\n",
        "    value: 12\n    note: Provisional, police to confirm\n",
    )
    html = _html()
    assert '<span class="reading-note">Provisional, police to confirm</span>' in html
    _, out, _ = run("status", "--json")
    row = next(r for r in json.loads(out) if r["id"] == "example-count")
    assert row["latest_note"] == "Provisional, police to confirm"
    assert "Note: Provisional, police to confirm" in _wide_status(monkeypatch)
    assert run("build", "--format", "data", "--out", "data")[0] == 0
    assert "Provisional, police to confirm" in next(Path("data").glob("*.csv")).read_text(
        encoding="utf-8-sig"
    )


def test_the_readings_writer_keeps_a_display_text() -> None:
    from scp_report.model.models import Reading
    from scp_report.quarter.writer import reading_fields

    reading = Reading.model_validate(
        {"indicator": "x", "period": "Q1-3 2017/18", "value": 100, "shown": {"period": "Q1-3"}}
    )
    assert reading_fields(reading).get("shown") == {"period": "Q1-3"}


def test_the_publication_date_dates_the_document(plan: Path) -> None:
    import datetime as dt

    from pypdf import PdfReader

    def build(out: str) -> tuple[str, Path]:
        assert run("build", "--format", "all", "--out", out)[0] == 0
        return next(Path(out).glob("*.html")).read_text(), next(Path(out).glob("*.pdf"))

    # without one, the last day of the report quarter, as before
    html, _ = build("before")
    assert 'Published <time datetime="2017-12-31">31 December 2017</time>' in html
    edit(plan / "partnership.yaml", "  subject:", "  publication_date: 2018-02-14\n  subject:")
    html, pdf = build("out")
    assert 'Published <time datetime="2018-02-14">14 February 2018</time>' in html
    assert '<meta name="dcterms.created" content="2018-02-14">' in html
    assert '<meta name="dcterms.modified" content="2018-02-14">' in html
    meta = PdfReader(pdf).metadata
    assert meta is not None and meta.creation_date is not None
    assert meta.creation_date.date() == dt.date(2018, 2, 14)
    assert meta.modification_date is not None
    assert meta.modification_date.date() == dt.date(2018, 2, 14)
    # the same inputs, the same bytes
    _, again = build("again")
    assert again.read_bytes() == pdf.read_bytes()
