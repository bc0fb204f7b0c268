"""Hostile and broken input (tests/hostile/README.md): each case runs the real `scp` in a
subprocess, with a time and a memory limit, in a temporary folder holding `plan/` and
`out/`, and must end cleanly: the expected exit code, a message naming the file (and line
and column where the input has them), no traceback, nothing written but the outputs of a
build that succeeds, and the plan left byte for byte as it was.

Also here: a build interrupted by SIGINT or SIGTERM while it renders the PDF, and
validate, status and build on a copy of the real plan, which they must not change.
The cache (.scp-cache/ beside plan/) is off in these runs (SCP_CACHE=off), except in
test_hostile_case_with_the_cache, which runs every case with it on, cold and warm.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import re
import resource
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import tomllib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from scp_report.plan import yaml_reader as yamlio

from ..helpers import FIXTURES, PLAN, ROOT

pytestmark = pytest.mark.slow

HOSTILE = ROOT / "tests" / "hostile"
CASE_FILE = "case.toml"
CASES = sorted(p.name for p in HOSTILE.iterdir() if (p / CASE_FILE).is_file())
TIMEOUT = 60  # seconds: generous; every case takes well under one
MEMORY = 2 * 1024**3  # bytes of address space for the command
MINIMAL_THEME = "themes/example.yaml"
MINIMAL_READINGS = "readings/2017-18-q3.yaml"


def scp_command() -> list[str]:
    """The installed console script beside this Python, else the same entry point."""
    script = Path(sys.executable).with_name("scp")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from scp_report.cli import main; main()"]


def _limit_memory() -> None:  # runs in the child, before exec
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def run_scp(args: list[str], cwd: Path, *, cache: bool = False) -> subprocess.CompletedProcess[str]:
    # The cache (.scp-cache/ beside plan/) is off unless asked for: these tests check
    # that nothing at all is written in the temporary folder but a build's outputs.
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "80"}
    if not cache:
        env["SCP_CACHE"] = "off"
    return subprocess.run(
        [*scp_command(), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=TIMEOUT,
        preexec_fn=_limit_memory,
        check=False,
    )


def tree(root: Path) -> dict[str, tuple[Any, ...]]:
    """Every entry under root, not following links: kind, content hash, mode and mtime."""
    out: dict[str, tuple[Any, ...]] = {}
    for folder, dirs, files in os.walk(root):
        for name in sorted(dirs + files):
            path = Path(folder, name)
            rel = path.relative_to(root).as_posix()
            st = path.lstat()
            if stat.S_ISLNK(st.st_mode):
                out[rel] = ("link", os.readlink(path))
            elif stat.S_ISDIR(st.st_mode):
                out[rel] = ("folder", st.st_mode)
            elif stat.S_ISREG(st.st_mode):
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                out[rel] = ("file", digest, st.st_mode, st.st_mtime_ns)
            else:
                out[rel] = ("other", stat.S_IFMT(st.st_mode))
    return out


# --- inputs made at test time: too big, binary, or not files at all -------------------


def _replace(plan: Path, rel: str, old: bytes, new: bytes) -> None:
    path = plan / rel
    data = path.read_bytes()
    assert old in data, (rel, old)
    path.write_bytes(data.replace(old, new, 1))


def _theme_title(plan: Path, title: bytes) -> None:
    _replace(plan, MINIMAL_THEME, b"title: Example Theme", b"title: " + title)


def _write(plan: Path, rel: str, data: bytes) -> None:
    (plan / rel).write_bytes(data)


def _outside_theme(tmp: Path) -> Path:
    """A valid theme file beside the plan folder, where no link may lead."""
    secret = tmp / "secret"
    secret.mkdir(exist_ok=True)
    shutil.copyfile(FIXTURES / "minimal" / MINIMAL_THEME, secret / "example.yaml")
    return secret / "example.yaml"


def _huge_file(plan: Path) -> None:
    line = b"# " + b"x" * 1021 + b"\n"
    with (plan / MINIMAL_THEME).open("ab") as f:
        for _ in range(yamlio.MAX_FILE_BYTES // len(line) + 1):
            f.write(line)


def _many_values_flow(plan: Path) -> None:
    # Just under the size cap: millions of one-character values in one flow list.
    n = (yamlio.MAX_FILE_BYTES - 4096) // 2
    data = (plan / MINIMAL_THEME).read_bytes()
    _write(plan, MINIMAL_THEME, data + b"notes: [" + b"1," * n + b"1]\n")


def _many_values_block(plan: Path) -> None:
    n = (yamlio.MAX_FILE_BYTES - 4096) // 4
    data = (plan / MINIMAL_READINGS).read_bytes()
    _write(plan, MINIMAL_READINGS, data + b"extra:\n" + b"- 1\n" * n)


def _deep_flow(levels: int) -> Callable[[Path], None]:
    def make(plan: Path) -> None:
        _theme_title(plan, b"[" * levels + b"x" + b"]" * levels)

    return make


def _deep_block_list(levels: int) -> Callable[[Path], None]:
    def make(plan: Path) -> None:
        lines = [b"  " * i + b"-" for i in range(levels)] + [b"  " * levels + b"- x"]
        _theme_title(plan, b"\n" + b"\n".join(lines))

    return make


def _deep_block_mapping(levels: int) -> Callable[[Path], None]:
    def make(plan: Path) -> None:
        lines = [b"  " * (i + 1) + b"k:" for i in range(levels)] + [b"  " * (levels + 1) + b"x"]
        _theme_title(plan, b"\n" + b"\n".join(lines))

    return make


def _symlink(rel: str, target: Callable[[Path], Path | str]) -> Callable[[Path], None]:
    def make(plan: Path) -> None:
        (plan / rel).symlink_to(target(plan.parent))

    return make


def _linked_themes_folder(plan: Path) -> None:
    outside = _outside_theme(plan.parent).parent
    shutil.rmtree(plan / "themes")
    (plan / "themes").symlink_to(outside, target_is_directory=True)


def _partnership_is_folder(plan: Path) -> None:
    (plan / "partnership.yaml").unlink()
    (plan / "partnership.yaml").mkdir()


def _fifo(plan: Path) -> None:
    os.mkfifo(plan / "themes" / "pipe.yaml")


def _long_value(rel: str, line: bytes, length: int) -> Callable[[Path], None]:
    """The value on `line` ('key: value') of a plan file made `length` letters long."""

    def make(plan: Path) -> None:
        key = line.split(b":")[0]
        _replace(plan, rel, line, key + b": " + b"A" * length)

    return make


def _long_texts(plan: Path) -> None:
    text = b"Long " + b"word " * 3999  # 20,000 characters: the longest a text may be
    _theme_title(plan, text.strip())
    _replace(plan, MINIMAL_THEME, b"measure: Number of referrals", b"measure: " + text.strip())
    _replace(plan, MINIMAL_THEME, b"description: Do the work", b"description: " + text[:-200])


def _outside_folder(plan: Path) -> Path:
    """An empty folder beside the plan folder, where nothing may be written."""
    folder = plan.parent / "elsewhere"
    folder.mkdir(exist_ok=True)
    return folder


def _readings_link(target: Callable[[Path], Path | str]) -> Callable[[Path], None]:
    """readings/ made a link (to an empty folder outside, or to nothing), with figures
    to import beside the plan folder."""

    def make(plan: Path) -> None:
        shutil.rmtree(plan / "readings")
        (plan / "readings").symlink_to(target(plan), target_is_directory=True)
        (plan.parent / "figures.csv").write_text(
            "indicator,period,value\nexample-count,Q3-2017/18,5\n", encoding="utf-8"
        )

    return make


def _relative_out(plan: Path) -> str:
    _outside_folder(plan)
    return "../elsewhere"


def _readings_is_a_fifo(plan: Path) -> None:
    shutil.rmtree(plan / "readings")
    os.mkfifo(plan / "readings")


def _reading_links_to_a_fifo(plan: Path) -> None:
    os.mkfifo(plan / "pipe")
    (plan / "readings" / "2017-18-q4.yaml").symlink_to("../pipe")


def _fifo_beside_plan_files(plan: Path) -> None:
    os.mkfifo(plan / "notes")
    (plan.parent / "figures.csv").write_text(
        "indicator,period,value\nexample-count,Q3-2017/18,5\n", encoding="utf-8"
    )


def _socket(plan: Path) -> None:
    import socket

    with socket.socket(socket.AF_UNIX) as s:
        s.bind(str(plan / "themes" / "socket.yaml"))


def _init_target_links_out(plan: Path) -> None:
    (plan.parent / "new").mkdir()
    (plan.parent / "new" / "plan").symlink_to(_outside_folder(plan), target_is_directory=True)


def _cache_link(plan: Path) -> None:
    (plan.parent / ".scp-cache").symlink_to(_outside_folder(plan), target_is_directory=True)


def _big_sheet(rows: int) -> Callable[[Path], None]:
    """A sheet of figures beside the plan folder: `rows` rows for indicators the plan
    does not have, each a problem."""

    def make(plan: Path) -> None:
        with (plan.parent / "figures.csv").open("w", encoding="utf-8") as f:
            f.write("indicator,period,value\n")
            for i in range(rows):
                f.write(f"no-such-indicator-{i},Q3-2017/18,{i}\n")

    return make


def _pdf_path_is_a_folder(plan: Path) -> None:
    stem = "safer-example-delivery-plan-and-performance-framework-2018-19-2017-18-q3"
    (plan.parent / "out" / f"{stem}.pdf").mkdir()


def _theme_named(name: str) -> Callable[[Path], None]:
    """A copy of the theme under a file name that tries to forge output: a line break and
    a workflow command, annotation properties, escapes."""

    def make(plan: Path) -> None:
        shutil.copyfile(plan / MINIMAL_THEME, plan / "themes" / name)

    return make


MAKERS: dict[str, Callable[[Path], None]] = {
    "newline-name": _theme_named("x\n::warning file=README.md::Security review passed.yaml"),
    "comma-name": _theme_named("a,line=1,title=Approved:b.yaml"),
    "percent-name": _theme_named("p%0A::notice::x\r\x1b[2Jy.yaml"),
    "bom": lambda p: _write(p, MINIMAL_THEME, b"\xef\xbb\xbf" + (p / MINIMAL_THEME).read_bytes()),
    "invalid-utf8": lambda p: _theme_title(p, b"Example \xc3\x28 Theme"),
    "latin-1": lambda p: _replace(p, "partnership.yaml", b"Safer Example", b"Caf\xe9 Example"),
    "utf-16": lambda p: _write(
        p,
        MINIMAL_READINGS,
        (p / MINIMAL_READINGS).read_text(encoding="utf-8").encode("utf-16"),
    ),
    "nul-byte": lambda p: _theme_title(p, b"Example\x00Theme"),
    "control-character": lambda p: _theme_title(p, b"Example \x07 Theme"),
    "huge-file": _huge_file,
    "many-values-flow": _many_values_flow,
    "many-values-block": _many_values_block,
    "deep-flow-5000": _deep_flow(5000),
    "deep-flow-500": _deep_flow(500),
    "deep-block-list-3000": _deep_block_list(3000),
    "deep-block-mapping-3000": _deep_block_mapping(3000),
    "deep-block-mapping-100": _deep_block_mapping(100),
    "number-5000-digits": lambda p: _replace(
        p, MINIMAL_READINGS, b"value: 12", b"value: 1" + b"0" * 5000
    ),
    "text-too-long": _long_value(MINIMAL_THEME, b"title: Example Theme", 20_001),
    "long-texts": _long_texts,
    "long-partnership-name": _long_value("partnership.yaml", b"name: Safer Example", 20_000),
    "folder-as-file": lambda p: (p / "themes" / "odd.yaml").mkdir(),
    "partnership-is-folder": _partnership_is_folder,
    "missing-partnership": lambda p: (p / "partnership.yaml").unlink(),
    "fifo": _fifo,
    "symlink-out": _symlink("themes/leak.yaml", _outside_theme),
    "symlink-etc-passwd": _symlink("readings/2017-18-q4.yaml", lambda _: "/etc/passwd"),
    "symlink-dev-zero": _symlink("themes/zero.yaml", lambda _: "/dev/zero"),
    "symlink-loop": _symlink("themes/loop.yaml", lambda _: "loop.yaml"),
    "symlink-folder-out": _linked_themes_folder,
    "pdf-path-is-a-folder": _pdf_path_is_a_folder,
    "readings-link-out": _readings_link(_outside_folder),
    "readings-link-relative-dangling": _readings_link(lambda _: "../nowhere"),
    "readings-link-relative-out": _readings_link(_relative_out),
    "readings-is-a-fifo": _readings_is_a_fifo,
    "reading-links-to-a-fifo": _reading_links_to_a_fifo,
    "fifo-beside-plan-files": _fifo_beside_plan_files,
    "socket": _socket,
    "init-target-links-out": _init_target_links_out,
    "cache-link": _cache_link,
    "cache-fifo": lambda p: os.mkfifo(p.parent / ".scp-cache"),
    "huge-sheet": _big_sheet(100_000),
}


# --- the cases --------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    name: str
    about: str
    replaces: list[str]
    command: list[str]
    exit: int
    make: str | None = None
    file: str | None = None
    line: int | None = None
    column: int | None = None
    message: str | None = None
    escaped: bool = False
    html: tuple[str, ...] = ()
    written: bool = False
    contains: tuple[str, ...] = ()
    github: bool = False
    xfail: str | None = None
    cache: bool = False

    @classmethod
    def load(cls, name: str) -> Case:
        data = tomllib.loads((HOSTILE / name / CASE_FILE).read_text(encoding="utf-8"))
        data["html"] = tuple(data.get("html", ()))
        data["contains"] = tuple(data.get("contains", ()))
        return cls(name=name, **data)

    def overlay_files(self) -> list[str]:
        folder = HOSTILE / self.name
        return sorted(
            p.relative_to(folder).as_posix()
            for p in folder.rglob("*")
            if p.is_file() and p.name != CASE_FILE
        )


def _params() -> list[Any]:
    params = []
    for name in CASES:
        case = Case.load(name)
        marks = [pytest.mark.xfail(reason=case.xfail, strict=True)] if case.xfail else []
        params.append(pytest.param(case, id=name, marks=marks))
    return params


def test_the_corpus_is_large_and_well_formed() -> None:
    cases = [Case.load(name) for name in CASES]
    assert len(cases) >= 40
    for case in cases:
        assert case.about and case.command, case.name
        assert case.exit in (0, 1, 2), case.name
        assert case.make is None or case.make in MAKERS, case.name
        if case.make is None:
            assert case.overlay_files() == sorted(case.replaces), case.name
        # A plan problem names its file; a command-line problem says what was wrong.
        assert case.message or case.exit == 0, case.name
        if case.exit == 1 and not case.name.startswith(("cli-", "bug-")):
            assert case.file, case.name
        assert (case.column is None) == (case.line is None), case.name
        assert not (case.written and case.escaped), case.name
        assert case.exit == 0 or not case.written, case.name
        assert not case.github or case.command[0] == "validate", case.name
    # every kind of input and every command is covered
    replaced = {r for c in cases for r in c.replaces}
    assert {"partnership.yaml", MINIMAL_THEME, MINIMAL_READINGS} <= replaced
    assert {c.command[0] for c in cases} >= {"validate", "status", "build", "schema"}
    assert sum(c.escaped for c in cases) >= 5
    # every kind of hostile text: spreadsheet formulas, control characters, annotations
    # forged by a file's name, word table formats, markup, SVG logos
    prefixes = ("formula-", "control-", "github-", "word-", "markup-", "svg-")
    for prefix in prefixes:
        assert sum(c.name.startswith(prefix) for c in cases) >= 3, prefix
    assert sum(c.written for c in cases) >= 3 and sum(c.github for c in cases) >= 3


def _check_html(case: Case, tmp: Path, before: dict[str, tuple[Any, ...]]) -> None:
    """A build that succeeds writes its outputs into out/, and nothing else anywhere; its
    page holds no element or attribute that the page of the plain minimal plan lacks."""
    after = tree(tmp)
    changed = {k for k in before.keys() & after.keys() if before[k] != after[k]}
    assert not changed, changed
    new = sorted(after.keys() - before.keys())
    assert before.keys() <= after.keys() and new, "nothing written"
    for rel in new:
        assert rel.startswith("out/") and "/" not in rel[4:], rel
        assert after[rel][0] == "file", rel
    pages = [rel for rel in new if rel.endswith(".html")]
    assert len(pages) == 1
    page = (tmp / pages[0]).read_text(encoding="utf-8")
    tags = _Tags.of(page)
    plain = _plain_page_tags()
    assert tags.elements <= plain.elements | MARKDOWN_ELEMENTS, tags.elements - plain.elements
    markdown = MARKDOWN_ATTRIBUTES
    assert tags.attributes <= plain.attributes | markdown, tags.attributes - plain.attributes
    assert tags.elements.isdisjoint(ACTIVE_ELEMENTS)
    for url in tags.hrefs:
        # a telephone number links to a tel: URL of its digits only (render.html.tel)
        dialled = re.fullmatch(r"tel:\+?\d+", url)
        assert dialled or url.strip().lower().startswith(("#", "http://", "https://", "mailto:"))
    for fragment in case.html:
        assert fragment in page, fragment


# A spreadsheet reads a cell starting so as a formula (model/cells.py), unless it is a figure.
FORMULA_FIRST = re.compile("[=+\\-@\x00-\x1f\x7f-\x9f]")
FIGURE = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?%?")
# C0 but tab and line feed, DEL, C1: what no output may hold (model/control.py).
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# One GitHub workflow command: its properties hold no raw `,` `:` or line break.
ANNOTATION = re.compile(r"::(error|warning|notice) file=[^,:\r\n]*(,line=\d+,col=\d+)?::[^\r\n]*")


def _sheet_cells(path: Path) -> list[str]:
    """The text of every cell of a CSV or XLSX file; an XLSX formula fails the test."""
    if path.suffix == ".csv":
        import csv
        import io

        text = path.read_bytes().decode("utf-8-sig")
        return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]
    import openpyxl

    book = openpyxl.load_workbook(path)
    cells = []
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (path.name, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert cell.data_type == "s", (path.name, cell.coordinate)
                cells.append("" if cell.value is None else str(cell.value))
    return cells


def _check_written(case: Case, tmp: Path, before: dict[str, tuple[Any, ...]]) -> None:
    """A command that writes a spreadsheet or data (a template, the open data) writes its
    files straight into out/ and nothing else; no cell of a CSV or XLSX file it writes can
    be read as a formula; and `contains` shows in what it wrote, as written."""
    after = tree(tmp)
    assert not {k for k in before.keys() & after.keys() if before[k] != after[k]}
    new = sorted(after.keys() - before.keys())
    assert before.keys() <= after.keys() and new, "nothing written"
    texts = []
    for rel in new:
        assert rel.startswith("out/") and "/" not in rel[4:], rel
        path = tmp / rel
        if path.suffix in (".csv", ".xlsx"):
            cells = _sheet_cells(path)
            for cell in cells:
                assert not FORMULA_FIRST.match(cell.lstrip(" ")) or FIGURE.fullmatch(cell), (
                    rel,
                    cell,
                )
            texts.append("\n".join(cells))
        else:
            texts.append(path.read_text(encoding="utf-8"))
    for fragment in case.contains:
        assert any(fragment in text for text in texts), fragment


def _check_github(case: Case, tmp: Path, text_output: str) -> None:
    """The same validation as GitHub annotations: one well-formed workflow command a
    problem, whatever a file's name or a message holds."""
    result = run_scp([*case.command, "--format", "github"], tmp)
    assert result.returncode == case.exit
    lines = result.stdout.splitlines()
    for line in lines:
        assert ANNOTATION.fullmatch(line), line
    problems = text_output.splitlines()[:-1]  # the last line is the verdict
    assert len(lines) == len(problems), (lines, problems)


# What the Markdown subset may add to a page (bold, italic, lists, links, code, breaks).
MARKDOWN_ELEMENTS = {"p", "em", "strong", "ul", "ol", "li", "a", "code", "pre", "br", "hr"}
MARKDOWN_ELEMENTS |= {"blockquote", "h1", "h2", "h3", "h4", "h5", "h6"}
# ... and what it may add to them: a link's title ([text](https://... "title")).
MARKDOWN_ATTRIBUTES = {"title"}
ACTIVE_ELEMENTS = {"script", "img", "iframe", "frame", "object", "embed", "form", "base"}


class _Tags(HTMLParser):
    """The elements, attribute names and links of a page, as a browser reads them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.count: Counter[str] = Counter()
        self.attributes: set[str] = set()
        self.hrefs: list[str] = []

    @classmethod
    def of(cls, page: str) -> _Tags:
        tags = cls()
        tags.feed(page)
        tags.close()
        return tags

    @property
    def elements(self) -> set[str]:
        return set(self.count)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.count[tag] += 1
        for name, value in attrs:
            self.attributes.add(name)
            if name in ("href", "xlink:href"):
                self.hrefs.append(value or "")


@functools.cache
def _plain_page_tags() -> _Tags:
    """What the templates themselves write: the pages of the minimal and the real plan."""
    tmp = Path(tempfile.mkdtemp(prefix="scp-plain-"))
    try:
        shutil.copytree(FIXTURES / "minimal", tmp / "minimal")
        shutil.copytree(PLAN, tmp / "real")
        tags = _Tags()
        for plan in ("minimal", "real"):
            args = ["build", "--plan", plan, "--out", f"out-{plan}", "--format", "html"]
            result = run_scp(args, tmp)
            assert result.returncode == 0, result.stderr
            (page,) = (tmp / f"out-{plan}").iterdir()
            tags.feed(page.read_text(encoding="utf-8"))
        tags.close()
        return tags
    finally:
        shutil.rmtree(tmp)


def _prepare(case: Case, tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(FIXTURES / "minimal", plan)
    (tmp_path / "out").mkdir()
    for rel in case.overlay_files():
        target = plan / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(HOSTILE / case.name / rel, target)
    if case.make:
        MAKERS[case.make](plan)


@pytest.mark.parametrize("case", _params())
def test_hostile_case(case: Case, tmp_path: Path) -> None:
    _prepare(case, tmp_path)
    before = tree(tmp_path)

    started = time.perf_counter()
    result = run_scp(case.command, tmp_path, cache=case.cache)
    elapsed = time.perf_counter() - started
    output = result.stdout + result.stderr

    assert "Traceback" not in output
    assert "internal error" not in output
    assert not CONTROL.search(output), "a control character reached the terminal"
    assert result.returncode == case.exit, output[-3000:]
    assert elapsed < TIMEOUT
    if case.exit == 0 and case.escaped:
        _check_html(case, tmp_path, before)
    elif case.written:
        _check_written(case, tmp_path, before)
    else:
        assert tree(tmp_path) == before, "a command wrote or changed something"
    if case.github:
        _check_github(case, tmp_path, result.stdout)
    if case.file:
        where = case.file + (f":{case.line}:{case.column}" if case.line else "")
        lines = [x for x in output.splitlines() if x.startswith(f"{where}: ")]
        assert lines, f"no message starts with {where}:\n{output[-3000:]}"
        assert any(case.message in x for x in lines), (case.message, lines)
    elif case.message:
        assert case.message in output, output[-3000:]


@pytest.mark.parametrize("case", CASES)
def test_hostile_case_with_the_cache(case: str, tmp_path: Path) -> None:
    """Each case again with the cache on (.scp-cache/ beside plan/), cold then warm: the
    same exit code and output as with the cache off, plan/ untouched, and nothing written
    but the outputs of a build that succeeds and entries in .scp-cache/. (A case about
    the cache itself runs with it on in test_hostile_case.)"""
    loaded = Case.load(case)
    if loaded.cache:
        pytest.skip("a case about the cache: run with the cache on in test_hostile_case")
    _prepare(loaded, tmp_path)
    first = tree(tmp_path)
    off = run_scp(loaded.command, tmp_path)
    expected = tree(tmp_path)
    for run in ("cold", "warm"):
        if loaded.written:  # `import --template` never replaces a file: write it anew
            for rel in expected.keys() - first.keys():
                (tmp_path / rel).unlink()
        on = run_scp(loaded.command, tmp_path, cache=True)
        assert (on.returncode, on.stdout, on.stderr) == (off.returncode, off.stdout, off.stderr), (
            run
        )
        after = tree(tmp_path)
        for rel, entry in after.items():
            if rel == ".scp-cache" or rel.startswith(".scp-cache/"):
                assert entry[0] in ("folder", "file"), rel
            elif rel.startswith("out/"):  # rewritten by a build: the same bytes
                assert entry[:2] == expected[rel][:2], (run, rel)
            else:
                assert entry == expected[rel], (run, rel)
        assert expected.keys() <= after.keys()


# --- output safety -----------------------------------------------------------------------


STEM = "safer-cornwall-delivery-plan-and-performance-framework-2018-19-2017-18-q3"


def _tree_cpu(pid: int) -> float:
    """CPU seconds of a process and its children, from /proc; OSError without /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    own = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
        with contextlib.suppress(OSError):  # a child that has just ended
            own += _tree_cpu(int(child))
    return own


def _cpu_seconds(pid: int, started: float) -> float:
    """User and system CPU time a running process and its children (the PDF is rendered
    in one) have used; where there is no /proc, the wall time since it started (a busy
    process uses about that much)."""
    try:
        return _tree_cpu(pid)
    except OSError:
        return time.monotonic() - started


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_interrupted_build_keeps_the_previous_outputs(signum: int, tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(PLAN, plan)
    out = tmp_path / "out"
    out.mkdir()
    for suffix in (".html", ".pdf", ".csv", ".json"):
        (out / f"{STEM}{suffix}").write_bytes(b"previous " + suffix.encode())
    before = tree(tmp_path)
    proc = subprocess.Popen(
        [*scp_command(), "build", "--plan", "plan", "--out", "out"],
        cwd=tmp_path,
        env={**os.environ, "SCP_CACHE": "off"},  # no cache beside plan/: nothing is written
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_limit_memory,
    )
    try:
        # Loading the plan and rendering the HTML take well under a second of CPU; the
        # PDF takes several. Signal once the command is a second into its work.
        started = time.monotonic()
        deadline = started + TIMEOUT
        while proc.poll() is None and _cpu_seconds(proc.pid, started) < 1.0:
            assert time.monotonic() < deadline
            time.sleep(0.02)
        assert proc.poll() is None, "the build ended before it could be interrupted"
        proc.send_signal(signum)
        stdout, stderr = proc.communicate(timeout=TIMEOUT)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130, stderr  # not 0: nothing was built
    assert "Traceback" not in stderr and "Exception ignored" not in stderr
    assert stdout == ""
    assert tree(tmp_path) == before
    assert not list(out.glob(".*.tmp"))


def test_validate_status_and_build_leave_the_real_plan_as_it_was(tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(PLAN, plan)
    before = tree(plan)
    for args in (
        ["validate", "--strict", "--plan", "plan"],
        ["validate", "--format", "json", "--plan", "plan"],
        ["status", "--all", "--plan", "plan"],
        ["status", "--json", "--plan", "plan"],
        ["build", "--plan", "plan", "--out", "out", "--format", "html"],
        ["build", "--plan", "plan", "--out", "plan-out", "--format", "data"],
    ):
        result = run_scp(args, tmp_path, cache=True)
        assert result.returncode == 0, (args, result.stderr)
        assert tree(plan) == before, args
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [f"{STEM}.html"]
    # the cache lies beside plan/, never in it (nor under --out): one entry per plan file
    assert sorted(p.name for p in tmp_path.iterdir()) == [".scp-cache", "out", "plan", "plan-out"]
    entries = list((tmp_path / ".scp-cache" / "plan").iterdir())
    assert len(entries) == len(list(plan.rglob("*.yaml")))


# --- the PDF renderer's fetcher (tests/acceptance/test_build.py renders with forbidden URLs) ------


@pytest.mark.parametrize(
    "url",
    [
        "{templates}/../plan/partnership.yaml",
        "{templates}/%2e%2e/%2e%2e/etc/passwd",
        "{templates}/link-out.css",
        "{templates}",
        "{templates}/missing.css",
        "file://localhost/etc/passwd",
        "FILE:///etc/passwd",
        "ftp://example.org/x.css",
        "https://example.org/x.css",
        "javascript:alert(1)",
        "//example.org/x.css",
    ],
)
def test_the_pdf_fetcher_refuses_everything_outside_templates(url: str, tmp_path: Path) -> None:
    from weasyprint.urls import FatalURLFetchingError

    from scp_report.render.pdf import _fetcher_class

    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    (templates / "link-out.css").symlink_to(_outside_theme(tmp_path))  # a link out
    fetcher = _fetcher_class(templates)()
    with pytest.raises(FatalURLFetchingError, match="only data: URLs and files under"):
        fetcher.fetch(url.format(templates=templates.resolve().as_uri()))
    assert fetcher.fetch(templates.resolve().as_uri() + "/style.css")  # files under it are fine
