"""`scp build` end to end: files, fidelity to the reference document, PDF structure,
reproducibility, and failures that leave earlier outputs untouched."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from scp_report.cli import app

from ..builders import overlay
from ..helpers import PLAN, ROOT, ROW_KEYS, run_cli
from . import test_reference as ref
from .test_reference import tables as reference_tables

STEM = "safer-cornwall-delivery-plan-and-performance-framework-2018-19-2017-18-q3"
runner = CliRunner()


def build(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["build", *args])
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    code, stdout, _ = build("--quarter", "Q3-2017/18", "--plan", str(PLAN), "--out", str(out))
    assert code == 0
    assert stdout.splitlines() == [
        *(f"{out}/{STEM}{ext}" for ext in (".html", ".pdf", ".csv", ".json")),
        f"{out}/datapackage.json",
    ]
    return out


class _Tables(HTMLParser):
    """Cells of the rows with an id (measure-*, project-*) and the column headings."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, list[str]] = {}
        self.headings: list[list[str]] = []
        self._row: str | None = None
        self._cell: list[str] | None = None
        self._in_head = False
        self._in_sup = False
        self._order: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "sup":  # footnote numbers: not part of the printed words
            self._in_sup = True
        elif tag == "thead":
            self._in_head = True
            self.headings.append([])
        elif tag == "tr" and a.get("id"):
            self._row = a["id"]
            self.rows[self._row] = []
            self._order.append(self._row)
        elif tag in ("td", "th") and (self._row or self._in_head):
            self._cell = []
        elif tag == "p" and self._cell is not None:
            self._cell.append(" | ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "sup":
            self._in_sup = False
        elif tag in ("td", "th") and self._cell is not None:
            text = " ".join("".join(self._cell).split())
            if self._in_head:
                self.headings[-1].append(text)
            elif self._row:
                self.rows[self._row].append(text)
            self._cell = None
        elif tag == "thead":
            self._in_head = False
        elif tag == "tr":
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None and not self._in_sup:
            self._cell.append(data)

    def ordered(self, prefix: str) -> list[tuple[str, list[str]]]:
        return [(k, self.rows[k]) for k in self._order if k.startswith(prefix)]


@pytest.fixture(scope="module")
def html(built: Path) -> str:
    return (built / f"{STEM}.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def tables(html: str) -> _Tables:
    parser = _Tables()
    parser.feed(html)
    return parser


def _words(text: str) -> str:
    """Letters and digits only: the same words, whatever the punctuation and markers."""
    return re.sub(r"[^a-z0-9]", "", ref.norm_measure(text))


def _performance_headings(tables: _Tables) -> list[tuple[str, str]]:
    """(baseline period, latest period) of each performance table, one per row."""
    out = []
    for head in tables.headings:
        if head and head[0] == "Performance measure":
            out.append(
                (
                    head[1].removeprefix("Baseline").strip(),
                    head[2].removeprefix("Latest performance").strip(),
                )
            )
    return out


def test_html_has_every_measure_with_the_documents_figures(tables: _Tables) -> None:
    rows = tables.ordered("measure-")
    reference = ref.performance_rows()
    assert len(rows) == len(reference) == 39
    # Map each HTML row to its table's headings: tables appear in document order.
    headings = _performance_headings(tables)
    sections = [r for r in ref.snap().sections if r.rows]
    per_row = [h for h, s in zip(headings, sections, strict=True) for _ in s.rows]
    for (ident, cells), printed, (base_head, latest_head) in zip(
        rows, reference, per_row, strict=True
    ):
        measure, baseline, latest, direction, status = cells
        assert _words(measure) == _words(printed.cell), ident
        assert ref.read_cell(baseline, base_head) == ref.read_cell(
            printed.baseline, printed.baseline_heading
        ), ident
        assert ref.read_cell(latest, latest_head) == ref.read_cell(
            printed.latest, printed.latest_heading
        ), ident
        arrow = direction.split()[0]
        assert ref.ARROWS[arrow] == ref.ARROWS[printed.arrow], ident
        assert status == printed.status, ident


def test_html_table_headings_take_their_periods_from_the_data(tables: _Tables) -> None:
    headings = _performance_headings(tables)
    assert headings[0] == ("2014/15", "Q3 2017/18")  # headline
    assert ("2014/15", "Q2 2017/18") in headings  # DASV, one quarter in arrears
    assert ("2009/10", "Q3 2017/18") in headings  # road safety


def test_html_has_every_project_with_its_timescale(tables: _Tables) -> None:
    rows = tables.ordered("project-")
    reference = ref.project_rows()
    assert len(rows) == len(reference) == 38
    for (ident, cells), printed in zip(rows, reference, strict=True):
        title, _description, _focus, timescale = cells
        assert ref.norm(title) == ref.norm(printed.title), ident
        assert ref.norm(timescale.replace("|", "")) == ref.norm(printed.timescale), ident


def test_html_is_self_contained_and_accessible_basics(html: str) -> None:
    assert html.startswith('<!DOCTYPE html>\n<html lang="en-GB">')
    assert (
        "<title>Safer Cornwall: Delivery Plan and Performance Framework 2018/19 "
        "(Q3 2017/18)</title>" in html
    )
    assert "<script" not in html and "<link" not in html and "<img" not in html
    assert not re.search(r"\b(src|srcset)=", html)
    # no fonts or images fetched: only references to fragments of the page itself
    assert not re.search(r"url\((?!#)", html)
    assert html.count("<main") == 1 and 'href="#main"' in html
    # 12 project tables, 8 performance tables; no trend tables (no measure has a history)
    assert html.count('<th scope="col">') == 4 * 12 + 5 * 8
    assert '<span class="arrow" aria-hidden="true">↑</span> <span class="direction-word">up' in html
    assert 'lang="kw">Kernow Salwa' in html


def test_html_has_no_trend_appendix_where_no_measure_has_a_history(html: str) -> None:
    # No measure of the Q3 document has three comparable figures: no appendix, and no entry
    # for it in the contents (issue 22: the reference has none).
    assert '<figure class="trend' not in html and "<svg" not in html
    assert 'id="indicator-trends"' not in html and 'href="#indicator-trends"' not in html
    assert '<h2 id="indicator-trends">' not in html and ">Indicator trends<" not in html


def _summaries(html: str) -> dict[str, str]:
    found = re.findall(
        r'<figure class="trend[^"]*" id="trend-([a-z0-9-]+)"[^>]*>\s*<figcaption[^>]*>'
        r'<strong>[^<]*</strong>\s*<span class="trend-summary">([^<]*)</span>',
        html,
    )
    return dict(found)


def test_every_trend_sentence_says_what_its_arrow_says(tmp_path: Path) -> None:
    # The bundled document has no appendix (above): the fixture partnership with the most
    # measures that have a history, in its own document, sentence against table.
    plan = ROOT / "tests" / "partnerships" / "calendar-rag" / "plan"
    code, _, _ = build("--plan", str(plan), "--out", str(tmp_path), "--format", "html")
    assert code == 0
    html = next(tmp_path.glob("*.html")).read_text()
    summaries = _summaries(html)
    tables = _Tables()
    tables.feed(html)
    rows = dict(tables.ordered("measure-"))
    assert len(summaries) == 8 and set(summaries) <= {r.removeprefix("measure-") for r in rows}
    from scp_report.plan.loader import load_plan
    from scp_report.status.snapshot import quarters_with_figures, snapshot

    loaded = load_plan(plan).plan
    snap = snapshot(loaded, quarters_with_figures(loaded)[-1])
    by_id = {r.indicator.id: r for r in snap.rows}
    for ident, said in summaries.items():
        (arrow,) = [c for c in rows[f"measure-{ident}"] if c[:1] in "↑→↓"]
        word = arrow.split(maxsplit=1)[-1]  # "↑ up" -> "up"
        m = re.match(r"Direction of travel: (up|no change|down)(?: \((better|worse)\))?", said)
        assert m, (ident, said)
        assert m[1] == word, (ident, said, word)
        direction = by_id[ident].direction
        better = None if direction is None else direction.better
        assert m[2] == {True: "better", False: "worse", None: None}[better], (ident, said)
        # then the change since the first figure charted, labelled as such
        assert "Since the baseline" in said or "the first figure in the chart" in said, said


def test_trend_charts_are_inline_svg_styled_by_the_templates(tmp_path: Path) -> None:
    root = overlay("quarters", tmp_path / "plan")
    code, _, _ = build("--plan", str(root), "--out", str(tmp_path / "o"), "--format", "html")
    assert code == 0
    page = next((tmp_path / "o").iterdir()).read_text()
    # one chart per measure with three comparable figures, named by its wrapper, the SVG
    # itself hidden, its colours from the templates' stylesheet inside it
    charts = re.findall(
        r'<div class="trend-chart" role="img" aria-label="Chart: [^"]+">'
        r'<svg xmlns="http://www.w3.org/2000/svg" [^>]*aria-hidden="true"[^>]*>'
        r"<title>Trend: [^<]+</title><style>\s*\.chart-axis \{",
        page,
    )
    assert len(charts) == page.count("<svg") == 3
    assert not re.search(r'(fill|stroke)="#', page)
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    assert set(re.findall(r"url\(#([^)]+)\)", page)) <= set(ids)
    assert "matplotlib" not in page


def test_pdf_text_has_every_latest_figure(built: Path) -> None:
    reader = PdfReader(built / f"{STEM}.pdf")
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    for printed in ref.performance_rows():
        cell = ref.read_cell(printed.latest, printed.latest_heading)
        expected = cell.missing if cell.figure is None else cell.figure
        assert expected in text, printed.measure
    for title in (
        "Kernow Salwa",
        "Partnership Plan 2016-19: Year 3",
        "Delivery Plan and Performance Framework 2018/19",
    ):
        assert title.lower() in text.lower()


def test_pdf_is_tagged_titled_and_has_a_language(built: Path) -> None:
    reader = PdfReader(built / f"{STEM}.pdf")
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert root["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in root
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    meta = reader.metadata
    assert meta is not None
    assert (
        meta.title == "Safer Cornwall: Delivery Plan and Performance Framework 2018/19 (Q3 2017/18)"
    )
    assert meta.author == "Safer Cornwall"
    assert meta.subject and "Partnership Plan 2016-19" in meta.subject
    assert len(reader.pages) >= 20
    # A4 landscape, as the plan says (and the published document is)
    assert reader.pages[0].mediabox.width == pytest.approx(841.89, abs=0.5)
    assert reader.pages[0].mediabox.height == pytest.approx(595.28, abs=0.5)

    def titles(items: list) -> list[str]:  # type: ignore[type-arg]
        out: list[str] = []
        for item in items:
            out += titles(item) if isinstance(item, list) else [item.title]
        return out

    outline = titles(reader.outline)
    assert outline[0] == "Delivery Plan and Performance Framework 2018/19"
    for heading in (
        "Introduction",
        "Headline performance indicators",
        "Complex needs",
        "How will we know we’ve made a difference?",
        "Abbreviations",
    ):
        assert heading in outline
    text = reader.pages[4].extract_text()
    assert re.search(r"Page 5 of \d+", text)


def test_two_builds_are_byte_identical(built: Path, tmp_path: Path) -> None:
    code, _, _ = build("--plan", str(PLAN), "--out", str(tmp_path))
    assert code == 0
    for suffix in (".html", ".pdf"):
        assert (tmp_path / f"{STEM}{suffix}").read_bytes() == (
            built / f"{STEM}{suffix}"
        ).read_bytes()


def test_the_pdf_rendered_in_a_child_is_the_pdf_rendered_here(built: Path, tmp_path: Path) -> None:
    # `scp build` renders the PDF in a child process started before the plan is loaded
    # (render.pdf.PdfWorker); build() without one renders in this process: same bytes.
    from scp_report.build import build as run_build
    from scp_report.model.periods import parse_quarter
    from scp_report.plan.loader import load_plan

    plan = load_plan(PLAN).plan
    result = run_build(plan, parse_quarter("Q3-2017/18"), out=tmp_path, fmt="pdf", force=True)
    assert result.written == [tmp_path / f"{STEM}.pdf"]
    assert (tmp_path / f"{STEM}.pdf").read_bytes() == (built / f"{STEM}.pdf").read_bytes()


def test_a_pdf_worker_not_asked_for_a_pdf_exits_and_is_reaped() -> None:
    import os

    from scp_report.render.pdf import PdfWorker

    worker = PdfWorker()
    pid = worker.pid
    assert pid is not None
    worker.close()
    worker.close()  # twice is harmless
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="LD_LIBRARY_PATH is Linux's")
def test_without_harfbuzz_subset_no_pdf_is_made_rather_than_other_bytes(tmp_path: Path) -> None:
    # WeasyPrint subsets fonts with fontTools when libharfbuzz-subset is missing, cutting
    # other bytes from the same fonts: the PDF would change when the library is installed
    # (apt-get brings it with Chromium). A library of that name that cannot be loaded
    # stands for a machine without it.
    from scp_report.render.pdf import SUBSETTER_MISSING

    fake = tmp_path / "lib"
    fake.mkdir()
    (fake / "libharfbuzz-subset.so.0").write_bytes(b"not a library")
    out = tmp_path / "out"
    env = {**os.environ, "LD_LIBRARY_PATH": str(fake), "SCP_CACHE": "off"}
    scp = [sys.executable, "-m", "scp_report"]
    args = ["build", "--plan", str(PLAN), "--out", str(out), "--quarter", "Q3-2017/18"]
    result = subprocess.run(
        [*scp, *args, "--format", "pdf"], env=env, capture_output=True, text=True, check=False
    )
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == f"error: {SUBSETTER_MISSING}\n"  # and no WeasyPrint warning
    assert not out.exists()
    result = subprocess.run(
        [*scp, *args, "--format", "html"], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert [p.suffix for p in out.iterdir()] == [".html"]


def test_a_refused_fetch_in_the_pdf_worker_is_a_build_error(tmp_path: Path) -> None:
    import datetime as dt

    from scp_report.errors import BuildError
    from scp_report.render.pdf import PdfWorker

    worker = PdfWorker()
    page = '<html lang="en"><body><img src="https://example.org/x.png" alt=""></body></html>'
    with pytest.raises(BuildError, match="only data: URLs and files under"):
        worker.render(page.encode(), tmp_path, dt.date(2018, 3, 31))
    assert worker.pid is None  # answered, and reaped


def test_html_only(tmp_path: Path) -> None:
    code, _, stderr = build("--plan", str(PLAN), "--out", str(tmp_path), "--format", "html")
    assert code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{STEM}.html"]
    assert stderr == ""  # no progress lines when not on a terminal


def build_with(templates: Path, out: Path, *args: str) -> tuple[int, str, str]:
    """Build the bundled plan into `out` with another templates folder."""
    return build("--plan", str(PLAN), "--out", str(out), "--templates", str(templates), *args)


def _templates_copy(tmp_path: Path) -> Path:
    dest = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", dest)
    return dest


def _previous_outputs(out: Path) -> dict[str, bytes]:
    out.mkdir()
    (out / f"{STEM}.html").write_text("previous html")
    (out / f"{STEM}.pdf").write_bytes(b"previous pdf")
    return {p.name: p.read_bytes() for p in out.iterdir()}


def test_bad_template_fails_and_leaves_earlier_outputs(tmp_path: Path) -> None:
    templates = _templates_copy(tmp_path)
    (templates / "_cover.html.j2").write_text("{% if %}broken")
    out = tmp_path / "out"
    before = _previous_outputs(out)
    code, _, stderr = build_with(templates, out)
    assert code == 1
    assert stderr.startswith(f"error: {templates}/_cover.html.j2:1: template error: ")
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_undefined_variable_fails(tmp_path: Path) -> None:
    templates = _templates_copy(tmp_path)
    (templates / "_cover.html.j2").write_text("{{ ctx.no_such_thing }}")
    code, _, stderr = build_with(templates, tmp_path / "o", "--format", "html")
    assert code == 1
    assert "template error:" in stderr and "no_such_thing" in stderr
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize(
    "markup",
    [
        '<img src="file:///etc/hostname" alt="">',
        '<img src="http://127.0.0.1:9/x.png" alt="">',
        "<style>@import url(https://example.org/x.css);</style>",
    ],
)
def test_forbidden_url_fails_and_leaves_earlier_outputs(tmp_path: Path, markup: str) -> None:
    templates = _templates_copy(tmp_path)
    cover = templates / "_cover.html.j2"
    cover.write_text(cover.read_text() + markup)
    out = tmp_path / "out"
    before = _previous_outputs(out)
    code, _, stderr = build_with(templates, out)
    assert code == 1
    assert "only data: URLs and files under" in stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_files_under_templates_may_be_used(tmp_path: Path) -> None:
    templates = _templates_copy(tmp_path)
    (templates / "dot.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"></svg>'
    )
    cover = templates / "_cover.html.j2"
    cover.write_text(cover.read_text() + '<img src="dot.svg" alt="">')
    code, _, _ = build_with(templates, tmp_path / "o", "--format", "pdf")
    assert code == 0


def test_text_from_yaml_is_escaped(tmp_path: Path) -> None:
    root = overlay("minimal", tmp_path / "plan")
    theme = root / "themes" / "example.yaml"
    theme.write_text(
        theme.read_text()
        .replace("title: Example Theme", 'title: "<script>alert(1)</script>{{ 7*7 }}"')
        .replace(
            "Do the work[^example-note].",
            "Do <b>the</b> work[^example-note]. [x](javascript:alert(1)) "
            "[y](file:///etc/passwd) ![i](http://example.org/i.png) [ok](https://example.org)",
        )
    )
    code, _, _ = build("--plan", str(root), "--out", str(tmp_path / "o"), "--format", "html")
    assert code == 0
    html = next((tmp_path / "o").iterdir()).read_text()
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;{{ 7*7 }}" in html
    assert "&lt;b&gt;the&lt;/b&gt;" in html
    assert "javascript:" not in html.replace("[x](javascript:alert(1))", "")
    assert 'href="file:' not in html and "<img" not in html
    assert '<a href="https://example.org">ok</a>' in html


def test_quarter_with_no_readings_shows_awaiting_data(tmp_path: Path) -> None:
    root = overlay("minimal", tmp_path / "plan")
    code, _, _ = build(
        "--plan",
        str(root),
        "--out",
        str(tmp_path / "o"),
        "--format",
        "html",
        "--quarter",
        "Q2-2017/18",
    )
    assert code == 0
    html = next((tmp_path / "o").iterdir()).read_text()
    # three latest cells, and the status of the two measures that have targets
    # (each value labelled with its column's heading, for the cards on a phone)
    assert len(re.findall(r'<td class="figure" data-label="[^"]+">Awaiting data</td>', html)) == 3
    assert len(re.findall(r'status-awaiting" data-label="[^"]+">Awaiting data</td>', html)) == 2


def test_build_usage_errors(tmp_path: Path) -> None:
    assert build("--format", "docx", "--plan", str(PLAN))[0] == 2
    code, _, stderr = build("--quarter", "Q5-2017/19", "--plan", str(PLAN), "--out", str(tmp_path))
    assert code == 2 and "a quarter looks like" in stderr
    assert list(tmp_path.iterdir()) == []


def test_open_data_csv_and_json(built: Path) -> None:
    import csv
    import json

    rows = json.loads((built / f"{STEM}.json").read_text(encoding="utf-8"))
    assert len(rows) == 39
    first = rows[2]
    assert first["quarter"] == "Q3 2017/18" and first["theme"] == "dasv"
    assert first["id"] == "dasv-first-time-reports"
    assert (first["baseline"], first["latest"], first["latest_period"]) == (44, 49, "Q2 2017/18")
    assert first["status"] == "Close to target" and first["direction"] == "steady"
    assert all("[^" not in r["measure"] for r in rows)
    with (built / f"{STEM}.csv").open(encoding="utf-8-sig", newline="") as f:
        table = list(csv.DictReader(f))
    assert [r["id"] for r in table] == [r["id"] for r in rows]
    assert table[2]["latest"] == "49" and table[2]["overridden"] == "false"
    assert set(table[0]) == {"quarter"} | ROW_KEYS


def test_quarterly_report(tmp_path: Path) -> None:
    root = overlay("minimal", tmp_path / "plan")
    for f in (ROOT / "tests/fixtures/quarters/readings").iterdir():
        (root / "readings" / f.name).write_bytes(f.read_bytes())
    out = tmp_path / "o"

    def report(quarter: str) -> tuple[int, str, str]:
        return build(
            "--report",
            "quarterly",
            "--quarter",
            quarter,
            "--plan",
            str(root),
            "--out",
            str(out),
            "--format",
            "html",
        )

    code, stdout, _ = report("Q3-2017/18")
    assert code == 0
    assert stdout == f"{out}/safer-example-quarterly-performance-report-2017-18-q3.html\n"
    tables = _Tables()
    tables.feed(next(out.iterdir()).read_text())
    # Q3 against Q2: 49% is close to 50% (was 51%, successful); the rate ranked 4th is close
    # (was 3rd, successful); nothing needs improving; no project due before 31 Dec 2017.
    assert [k for k, _ in tables.ordered("ni-")] == []
    changed = {k: cells[1:3] for k, cells in tables.ordered("sc-")}
    assert changed == {
        "sc-headline-rate": ["Successful", "Close to target"],
        "sc-example-first-time": ["Successful", "Close to target"],
    }
    assert tables.ordered("od-") == []
    # By Q1 2019/20 the project due on 31 March 2019 is past its date. A quarter after the
    # last readings file is refused until it is started.
    assert report("Q1-2019/20")[0] == 2
    assert run_cli("new-quarter", "Q1-2019/20", "--plan", str(root))[0] == 0
    code, _, _ = report("Q1-2019/20")
    assert code == 0
    html = (out / "safer-example-quarterly-performance-report-2019-20-q1.html").read_text()
    tables = _Tables()
    tables.feed(html)
    assert [cells for _, cells in tables.ordered("od-")] == [
        ["Example Theme Example project", "By 31 March 2019", "31 March 2019"]
    ]
    assert build("--report", "quarterly", "--format", "data", "--plan", str(root))[0] == 2


def test_open_data_csv_cannot_smuggle_formulas(tmp_path: Path) -> None:
    import csv

    root = overlay("minimal", tmp_path / "plan")
    theme = root / "themes" / "example.yaml"
    theme.write_text(
        theme.read_text().replace(
            "measure: Number of referrals", 'measure: \'=HYPERLINK("http://example.org","x")\''
        )
    )
    code, _, _ = build("--plan", str(root), "--out", str(tmp_path / "o"), "--format", "data")
    assert code == 0
    csv_file = next((tmp_path / "o").glob("*.csv"))
    with csv_file.open(encoding="utf-8-sig", newline="") as f:
        measures = [r["measure"] for r in csv.DictReader(f)]
    assert measures[2] == '\'=HYPERLINK("http://example.org","x")'
    assert all(not m.startswith("=") for m in measures)


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("Diogel Ynys Môn", "diogel-ynys-mon"),
        ("Côte", "cote"),
        ("Gŵyl Ŷd", "gwyl-yd"),
        ("Straße Ærø", "strasse-aero"),
        ("../../etc/passwd", "etc-passwd"),
        ("日本", "plan"),
    ],
)
def test_file_names_keep_accented_names_readable(name: str, stem: str) -> None:
    from scp_report.render.document import slug

    assert slug(name) == stem


def test_phone_numbers_are_tel_links_of_their_digits(html: str) -> None:
    # a contact's number (Preventing violent extremism) and the back page's
    assert 'Tel: <a href="tel:01736336587">01736 336587</a>' in html
    assert 'Telephone: <a href="tel:03001234100">0300 1234 100</a>' in html
    from scp_report.render.html import tel

    assert tel("+44 (0)1872 322594") == "tel:+441872322594"
    assert tel("ask at reception") == ""


def test_footnotes_are_numbered_through_the_document_where_the_reference_puts_them(
    html: str,
) -> None:
    marks = re.findall(
        r'<a href="#section-([a-z-]+)-note-([a-z0-9-]+)" aria-label="([^"]+)">', html
    )
    assert [(section, label) for section, _, label in marks] == [
        ("headline", "Note 1"),  # under the headline table, as the reference
        ("partnership-development", "Note 2"),  # MoRiLE
        ("dasv", "Note 3"),  # MAPPA
        ("alcohol", "Table note 1"),  # the tables' own notes, numbered within the table
        ("alcohol", "Table note 2"),
        ("asb", "Note 4"),  # Community Trigger
        ("reoffending", "Table note 1"),
        ("reoffending", "Table note 2"),
        ("soc", "Note 5"),  # Operation Tarak
    ]
    # directly under the projects table that refers to them
    for section, note, number in (
        ("partnership-development", "morile", 2),
        ("dasv", "mappa", 3),
        ("asb", "asb-community-triggers", 4),
        ("soc", "soc-operation-tarak", 5),
    ):
        assert re.search(
            rf'id="section-{section}-projects-caption".*?</table>\s*</div>\s*'
            rf'<ol class="footnotes" aria-label="Notes">\s*'
            rf'<li id="section-{section}-note-{note}" value="{number}">',
            html,
            re.S,
        ), note
    # a table's own notes directly under it
    assert re.search(
        r'id="section-alcohol-measures-caption".*?</table>\s*</div>\s*'
        r'<ol class="footnotes table-notes" aria-label="Notes">\s*'
        r'<li id="section-alcohol-note-alcohol-excludes-dv" value="1">',
        html,
        re.S,
    )


def test_headings_figures_and_outcomes_as_the_reference_prints_them(
    html: str, tables: _Tables
) -> None:
    # Each performance table's headings as the reference words that section's table(s):
    # "Current direction of travel" in the headline and DASV tables only (plan data), the
    # word table's "Direction of travel" elsewhere.
    heads = [h for h in tables.headings if h and h[0] == "Performance measure"]
    ref_heads: list[tuple[str, list[str]]] = []
    for t in reference_tables():
        if t.header[0] == "Performance measure" and (
            not ref_heads or ref_heads[-1][0] != t.section
        ):
            ref_heads.append((t.section, [" ".join(c.split()) for c in t.header]))
    assert heads == [h for _, h in ref_heads]
    assert sum(h[3] == "Current direction of travel" for h in heads) == 2
    rows = dict(tables.ordered("measure-"))
    # a note printed inline stays on one line with the comparator it gives
    assert '<span class="measure-end">national average; <em class="measure-note-inline">' in html
    assert rows["measure-alcohol-treatment-completions"][0].endswith(
        "in line with the national average; currently 39%"
    )
    # display texts as given (shown:), without brackets
    assert rows["measure-soc-macse-referrals"][2] == "100 Q1-3"
    assert rows["measure-road-safety-fatal-collisions"][1:3] == [
        "28 3 year average 07/08-09/10",
        "25 12 months to Jun-17",
    ]
    assert rows["measure-alcohol-hospital-admissions"][2] == "738 (2016/17)"  # as usual
    # the six headline outcomes are bullets
    outcomes = re.search(r'<ul class="headline-outcomes">(.*?)</ul>', html, re.S)
    assert outcomes and outcomes[1].count("<li>") == 6
    # heading case: themes and the group in capitals, the headline section and a group's
    # sections as written (the stylesheet's .capitals)
    assert '<h2 id="group-other-areas-of-work" class="group-title capitals">' in html
    assert 'class="section-title capitals">Domestic Abuse and Sexual Violence</h2>' in html
    assert 'class="section-title">Headline performance indicators</h2>' in html
    assert 'class="section-title">Complex needs</h3>' in html
    assert ".capitals { text-transform: uppercase; }" in html


def test_open_data_gives_targets_polarity_and_period_dates(built: Path) -> None:
    import json

    rows = {r["id"]: r for r in json.loads((built / f"{STEM}.json").read_text(encoding="utf-8"))}

    def target(ident: str) -> dict[str, object]:
        return {k: v for k, v in rows[ident].items() if k.startswith("target_") and v is not None}

    first = rows["dasv-first-time-reports"]
    assert first["theme_title"] == "Domestic Abuse and Sexual Violence"
    assert first["polarity"] == "higher is better"
    assert (first["latest_start"], first["latest_end"]) == ("2017-07-01", "2017-09-30")
    assert (first["baseline_start"], first["baseline_end"]) == ("2014-04-01", "2015-03-31")
    assert first["latest_note"] is None and first["status_label"] == "Close to target"
    assert target("dasv-first-time-reports") == {"target_kind": "at_least", "target_value": 50}
    assert target("dasv-repeat-incidents") == {
        "target_kind": "between",
        "target_low": 28,
        "target_high": 40,
    }
    assert target("alcohol-hospital-admissions") == {
        "target_kind": "in_line_with",
        "target_value": 650,
        "target_comparator": "regional average",
        "target_comparator_period": "2016/17",
    }
    assert target("headline-crime-rate") == {
        "target_kind": "rank",
        "target_rank": 3,
        "target_comparator": "family group of partnerships nationally",
    }
    assert target("alcohol-violence") == {"target_kind": "no_increase", "target_value": 2.0}
    assert target("road-safety-fatal-collisions") == {
        "target_kind": "reduction",
        "target_value": 22,
        "target_due": "December 2020",  # a national calendar-year target
        "target_due_date": "2020-12-31",
    }
    assert target("soc-healthy-relationships") == {}
    assert rows["soc-healthy-relationships"]["polarity"] is None
    road = rows["road-safety-fatal-collisions"]
    assert (road["baseline_start"], road["baseline_end"]) == ("2007-04-01", "2010-03-31")
    assert (road["latest_start"], road["latest_end"]) == ("2016-07-01", "2017-06-30")
    assert rows["soc-cse-offender-outcome"]["baseline_start"] is None


def test_period_dates_are_first_and_last_days() -> None:
    from scp_report.model.periods import parse_period
    from scp_report.views.opendata import period_end, period_start

    for text, start, end in (
        ("Q4 2019/20", "2020-01-01", "2020-03-31"),
        ("12 months to Feb 2020", "2019-03-01", "2020-02-29"),
        ("2016", "2016-01-01", "2016-12-31"),
        ("Q1-3 2017/18", "2017-04-01", "2017-12-31"),
        ("2017 Survey", "2017-01-01", "2017-12-31"),
    ):
        p = parse_period(text)
        assert (period_start(p), period_end(p)) == (start, end), text
