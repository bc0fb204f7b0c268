"""A partnership's own words and colours: status labels (RAG), the word table, contrast."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from scp_report.model.colours import contrast
from scp_report.model.words import Words

from ..builders import add_to, overlay
from ..helpers import FIXTURES
from ..helpers import run_cli as run

RAG = """\
statuses:
  successful: {label: Green, colour: "#ffffff", background: "#00703c"}
  close: {label: Amber, colour: "#1b1b1b", background: "#ffbf47"}
  needs_improving: {label: Red, colour: "#ffffff", background: "#b10e1e"}
  monitoring: {label: Grey}
"""


def _partnership(root: Path, extra: str) -> None:
    add_to(root / "partnership.yaml", extra)


@pytest.fixture
def rag(plan: Path) -> Path:
    _partnership(plan, RAG)
    return plan


def test_status_labels_appear_wherever_a_status_does(rag: Path) -> None:
    code, out, _ = run("status", "--json")
    rows = {r["id"]: r for r in json.loads(out)}
    row = rows["example-first-time"]
    # The data keep the engine's value beside the plan's word.
    assert (row["status"], row["status_label"]) == ("Close to target", "Amber")
    assert rows["example-count"]["status_label"] == "Grey"
    code, out, _ = run("status", "example")
    assert code == 0 and "Amber" in out and "Close to target" not in out
    code, out, _ = run("status")
    header = next(line for line in out.splitlines() if line.startswith("Theme"))
    assert header.split()[:5] == ["Theme", "Green", "Amber", "Red", "Grey"]
    # Two earlier quarters give the measure a history: the trends appendix shows it.
    for name in ("2017-18-q1.yaml", "2017-18-q2.yaml"):
        shutil.copyfile(FIXTURES / "quarters" / "readings" / name, rag / "readings" / name)
    assert run("build", "--format", "html", "--out", "out")[0] == 0
    html = next(Path("out").glob("*.html")).read_text()
    assert '<td class="status status-close" data-label="Current Status">Amber</td>' in html
    assert ".status-close { background: #ffbf47; color: #1b1b1b; }" in html
    assert "Status: Amber." in html  # the trend summary
    assert run("build", "--report", "quarterly", "--format", "html", "--out", "q")[0] == 0
    report = next(Path("q").glob("*.html")).read_text()
    assert 'class="status status-close">Amber</th>' in report


def test_readings_may_give_a_status_in_the_plans_words(rag: Path) -> None:
    readings = rag / "readings" / "2017-18-q3.yaml"
    readings.write_text(
        readings.read_text().replace(
            "    value: 49\n",
            "    value: 49\n    published: {status: Amber}\n"
            "    override: {status: Green, reason: Agreed by the board}\n",
        )
    )
    code, out, _ = run("status", "--json")
    row = next(r for r in json.loads(out) if r["id"] == "example-first-time")
    assert (row["status"], row["status_label"], row["overridden"]) == (
        "Successful",
        "Green",
        True,
    )
    readings.write_text(readings.read_text().replace("{status: Amber}", "{status: Ambre}"))
    code, out, _ = run("validate")
    assert code == 1
    assert (
        "plan/readings/2017-18-q3.yaml:11:25: readings[1].published.status: expected one of: "
        "Green, Amber, Red, Grey, Awaiting data, Successful, Close to target, Needs improving, "
        "Monitoring, got 'Ambre'; did you mean 'Amber'?"
    ) in out.splitlines()


def test_status_colours_too_faint_to_read_are_refused_with_the_ratio(in_tmp: Path) -> None:
    root = overlay("minimal", in_tmp / "plan")
    _partnership(root, 'statuses:\n  close: {label: Amber, colour: "#ffbf47"}\n')
    code, out, _ = run("validate")
    assert code == 1
    ratio = contrast("#ffbf47", "#fff0c2")
    assert ratio < 4.5
    assert (
        f"plan/partnership.yaml:34:33: statuses.close.colour: close (Amber): #ffbf47 on "
        f"#fff0c2 has a contrast of {int(ratio * 100) / 100:.2f}:1; text needs at least 4.5:1 "
        "(WCAG 2.2 AA): darken the text or lighten the background"
    ) in out.splitlines()


def test_a_label_given_to_two_statuses_is_refused(in_tmp: Path) -> None:
    root = overlay("minimal", in_tmp / "plan")
    _partnership(root, "statuses:\n  close: {label: Done}\n  successful: {label: Done}\n")
    code, out, _ = run("validate")
    assert code == 1
    assert "statuses.close.label: the label 'Done' is given to two statuses" in out


def test_contrast_is_wcag_s_ratio() -> None:
    assert round(contrast("#000000", "#ffffff"), 2) == 21.0
    assert round(contrast("#777777", "#ffffff"), 2) == 4.48  # the classic near miss
    assert contrast("#ffffff", "#000000") == contrast("#000000", "#ffffff")


def test_every_generic_word_comes_from_the_plans_table(in_tmp: Path) -> None:
    root = overlay("minimal", in_tmp / "plan")
    _partnership(
        root,
        "words:\n"
        "  who_to_contact: Cysylltu\n"
        "  page_of: Tudalen {page} o {pages}\n"
        "  performance_as_at: Perfformiad ar {quarter}\n"
        "  up: i fyny\n",
    )
    assert run("build", "--format", "html", "--out", "out")[0] == 0
    html = next(Path("out").glob("*.html")).read_text()
    assert ">Cysylltu</h3>" in html and "Who to contact" not in html
    assert '<p class="cover-quarter">Perfformiad ar Q3 2017/18</p>' in html
    assert '@bottom-center { content: "Tudalen " counter(page) " o " counter(pages); }' in html


def test_a_word_must_keep_its_blanks(in_tmp: Path) -> None:
    root = overlay("minimal", in_tmp / "plan")
    _partnership(root, "words:\n  page_of: Tudalen {page}\n  contents: Cynnwys {x}\n")
    code, out, _ = run("validate")
    assert code == 1
    lines = out.splitlines()
    assert (
        "plan/partnership.yaml:34:12: words.page_of: 'Tudalen {page}' must hold {page}, "
        "{pages}, as the English 'Page {page} of {pages}' does"
    ) in lines
    assert (
        "plan/partnership.yaml:35:13: words.contents: 'Cynnwys {x}' must hold no {...} "
        "blanks, as the English 'Contents' does"
    ) in lines


def test_the_engines_reasons_and_targets_speak_the_plans_words(in_tmp: Path) -> None:
    root = overlay("minimal", in_tmp / "plan")
    _partnership(
        root,
        "words:\n"
        "  target_at_least: o leiaf {value}\n"
        "  way_short: yn brin\n"
        "  point: '{n} pwynt'\n"
        "  shortfall_within: '{gap} {way}{share}, o fewn {tolerance}'\n"
        "  reason_against: '{figure} o gymharu â {target}: {detail} → {status}'\n"
        "statuses:\n  close: {label: Agos at y targed}\n",
    )
    rows = {r["id"]: r for r in json.loads(run("status", "--json")[1])}
    row = rows["example-first-time"]
    assert row["target"] == "o leiaf 50%"
    assert row["reason"] == (
        "49% o gymharu â o leiaf 50%: 1 pwynt yn brin, o fewn 5% → Agos at y targed"
    )


def test_a_figure_with_its_rank_speaks_the_plans_words_wherever_it_is_shown(
    in_tmp: Path,
) -> None:
    # headline-rate: 45.5, ranked 4th, in Q3 2017/18; its baseline 40.0 ranked 2nd.
    root = overlay("minimal", in_tmp / "plan")
    _partnership(root, "words:\n  ranked: '{figure} (safle {rank})'\n")
    rows = {r["id"]: r for r in json.loads(run("status", "--json")[1])}
    row = rows["headline-rate"]
    assert (row["baseline_text"], row["latest_text"]) == ("40.0 (safle 2nd)", "45.5 (safle 4th)")
    code, out, _ = run("status", "headline")
    assert code == 0 and "45.5 (safle 4th)" in out and "ranked" not in out
    assert run("build", "--format", "all", "--out", "out")[0] == 0
    html = next(Path("out").glob("*.html")).read_text()
    assert "45.5 (safle 4th)" in html and "ranked" not in html
    data_file = next(p for p in Path("out").glob("*.json") if p.name != "datapackage.json")
    data = json.loads(data_file.read_text())
    assert data[0]["latest_text"] == "45.5 (safle 4th)"


def test_a_figure_still_awaited_speaks_the_plans_words_in_the_data(in_tmp: Path) -> None:
    root = overlay("minimal", in_tmp / "plan")
    _partnership(root, "words:\n  awaiting_data: Aros am ddata\n")
    readings = root / "readings" / "2017-18-q3.yaml"
    readings.write_text(readings.read_text().replace("    value: 12\n", ""))
    rows = {r["id"]: r for r in json.loads(run("status", "--json")[1])}
    assert rows["example-count"]["latest_text"] == "Aros am ddata"
    code, out, _ = run("status", "example")
    text = " ".join(out.split())  # the table wraps its cells
    assert code == 0 and "Aros am ddata" in text and "Awaiting data" not in text


def test_a_rank_may_leave_out_englishs_ordinal_suffix(in_tmp: Path) -> None:
    root = overlay("minimal", in_tmp / "plan")
    _partnership(
        root,
        "words:\n  ordinal: '{n}'\n  ranked: '{figure} (safle {rank})'\n"
        "  within_top: 'mae safle {rank} ymhlith y {n} uchaf'\n",
    )
    assert run("validate", "--strict")[0] == 0
    rows = {r["id"]: r for r in json.loads(run("status", "--json")[1])}
    # 4th against the top 3: one place short, within the one place allowed.
    assert rows["headline-rate"]["reason"] == (
        "45.5 (safle 4) against top 3 of family group: 1 place short, within 1 place → "
        "Close to target"
    )
    # The suffix is the only blank a word may leave out.
    path = root / "partnership.yaml"
    path.write_text(path.read_text().replace(" (safle {rank})", ""))
    code, out, _ = run("validate")
    assert code == 1
    assert "words.ranked: '{figure}' must hold {figure}, {rank}" in out


# Words that could print anything, use any amount of memory or stop a build: a blank is a
# name in braces, and nothing else.
HOSTILE_WORDS = [
    ("place", "{n:>999999999}", "holds {n:>999999999}: write the blank as {n}"),
    ("place", "{n:&gt;9}", "holds {n:&gt;9}: write the blank as {n}"),
    ("place", "{n!r}", "holds {n!r}: write the blank as {n}"),
    ("place", "{n:{n}}", "holds {n:{n}}: write the blank as {n}"),
    ("place", "{n} {0}", "holds {0}, which is not a blank"),
    ("place", "{n} {}", "holds {}, which is not a blank"),
    ("place", "{n.__class__}", "holds {n.__class__}, which is not a blank"),
    ("place", "{n[0]}", "holds {n[0]}, which is not a blank"),
    ("page_of", "{page} of {pages:,}", "holds {pages:,}: write the blank as {pages}"),
    ("contents", "Cynnwys {", "holds a { or } that is not part of a blank"),
]


@pytest.mark.parametrize(("key", "word", "why"), HOSTILE_WORDS)
def test_a_word_holds_only_plain_blanks(in_tmp: Path, key: str, word: str, why: str) -> None:
    root = overlay("minimal", in_tmp / "plan")
    _partnership(root, f'words:\n  {key}: "{word}"\n')
    code, out, _ = run("validate")
    assert code == 1
    (line,) = [x for x in out.splitlines() if x.startswith("plan/partnership.yaml:34:")]
    assert f"words.{key}: {word!r} {why}" in line, line


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(list("{}n:!.[]0>x ,&")), max_size=14))
def test_a_word_that_validates_fills_in_without_fail(word: str) -> None:
    from markupsafe import Markup, escape

    from scp_report.model.words import Words

    try:
        Words(place=word)
    except ValueError:
        return
    filled = word.format(n="12")
    assert len(filled) <= len(word) * 2 + 2
    Markup(escape(word)).format(n=Markup("<b>12</b>"))


def test_every_problem_of_a_word_table_is_reported_at_once_in_the_tables_order() -> None:
    """The blanks of the words given are checked in one pass over the table, beside the
    table's own checks (text, length, unknown keys): every problem is reported, each at its
    word, in the table's order with unknown keys last, and a word the table refuses is
    reported once, as that."""
    with pytest.raises(ValidationError) as raised:
        Words.model_validate(
            {
                "nonsense": "x",
                "page_of": "Tudalen {page}",
                "contents": "",
                "performance_as_at": "Perfformiad {x}",
                "skip_link": "{",
                "published_on": 5,
            }
        )
    errors = [(err["loc"], err["type"]) for err in raised.value.errors()]
    assert errors == [
        (("skip_link",), "value_error"),
        (("performance_as_at",), "value_error"),
        (("published_on",), "string_type"),
        (("contents",), "string_too_short"),
        (("page_of",), "value_error"),
        (("nonsense",), "extra_forbidden"),
    ]
    messages = [err["msg"] for err in raised.value.errors()]
    assert "'{' holds a { or } that is not part of a blank" in messages[0]
    assert "must hold {quarter}, as the English 'Performance as at {quarter}'" in messages[1]
    assert "'Tudalen {page}' must hold {page}, {pages}" in messages[4]


def test_a_table_of_good_words_is_the_table() -> None:
    words = Words.model_validate({"contents": "Cynnwys", "page_of": "Tudalen {page} o {pages}"})
    assert (words.contents, words.page_of, words.skip_link) == (
        "Cynnwys",
        "Tudalen {page} o {pages}",
        "Skip to main content",
    )
