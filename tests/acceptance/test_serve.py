"""`scp serve`: the preview builds, shows problems instead of a broken document, keeps the
last good one, reloads the browser after a save and stops cleanly on Ctrl-C and SIGTERM.

The Preview and Watcher tests run in-process; the server is tested as a user runs it, as
the `scp` command in a subprocess, and in headless Chromium (tests/a11y_browser.py).
"""

from __future__ import annotations

import http.client
import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from scp_report.model.periods import parse_quarter
from scp_report.serve import Preview, Watcher, _with_script

from ..a11y_browser import INSTALL_HINT, chromium, missing_tools
from ..helpers import PLAN

READINGS = Path("readings") / "2017-18-q3.yaml"
# One reading of the bundled plan, as its file spells it (SARC follow-up, 96%).
SARC = '  - indicator: dasv-sarc-follow-up\n    period: "Q2 2017/18"\n    value: 96\n'
Q3 = parse_quarter("Q3-2017/18")


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    copy = tmp_path / "plan"
    shutil.copytree(PLAN, copy)
    assert SARC in (copy / READINGS).read_text(encoding="utf-8")
    return copy


def _set_sarc(plan: Path, value: str) -> None:
    """Save the readings file with the SARC follow-up's value replaced."""
    path = plan / READINGS
    text = path.read_text(encoding="utf-8")
    new = re.sub(
        r"(indicator: dasv-sarc-follow-up\n    period: \"Q2 2017/18\"\n    value: ).*\n",
        lambda m: f"{m[1]}{value}\n",
        text,
    )
    assert new != text or f"value: {value}\n" in text
    path.write_text(new, encoding="utf-8")


# --- in-process: the preview and the watcher ---------------------------------------


def test_a_good_build_is_served_with_the_reload_script_the_file_without(
    plan: Path, tmp_path: Path
) -> None:
    preview = Preview(plan, tmp_path / "out", lambda _: Q3)
    outcome = preview.rebuild()
    assert outcome.ok and outcome.document is not None and not outcome.problems
    on_disk = outcome.document.read_bytes()
    status, page = preview.page()
    assert status == 200
    assert b"/_scp/wait" in page and b"/_scp/wait" not in on_disk and b"<script" not in on_disk
    assert page.replace(page[page.rindex(b"<script>") : page.rindex(b"</body>")], b"") == on_disk


def test_an_invalid_plan_shows_its_problems_escaped_and_keeps_the_last_good_document(
    plan: Path, tmp_path: Path
) -> None:
    preview = Preview(plan, tmp_path / "out", lambda _: Q3)
    good = preview.rebuild()
    assert good.document is not None
    before = good.document.read_bytes()
    _set_sarc(plan, '"<b>lots</b>"')
    bad = preview.rebuild()
    assert not bad.ok and bad.summary == "1 error: the plan is invalid"
    (problem,) = bad.problems
    assert problem.endswith(
        "readings/2017-18-q3.yaml:21:12: readings[3].value: expected a number, got '<b>lots</b>'"
    )
    status, page = preview.page()
    assert status == 200
    text = page.decode()
    assert "expected a number, got &#39;&lt;b&gt;lots&lt;/b&gt;&#39;" in text
    assert "<b>lots</b>" not in text
    assert 'href="/document"' in text and "/_scp/wait" in text
    # The last good document: still on disk, byte for byte, and served at /document.
    assert good.document.read_bytes() == before
    status, last = preview.page(last_good=True)
    assert status == 200 and last.startswith(before[: before.rindex(b"</body>")])
    # Fixed: the document is back at /, with the new figure.
    _set_sarc(plan, "97.3")
    fixed = preview.rebuild()
    assert fixed.ok
    status, page = preview.page()
    assert b"97.3%" in page and b"97.3%" not in before


def test_a_plan_that_never_built_has_no_last_good_document(plan: Path, tmp_path: Path) -> None:
    _set_sarc(plan, "lots")
    preview = Preview(plan, tmp_path / "out", lambda _: Q3)
    assert not preview.rebuild().ok
    status, page = preview.page()
    assert status == 200 and b"expected a number" in page and b'href="/document"' not in page
    status, page = preview.page(last_good=True)
    assert status == 404 and b"No document yet" in page
    assert not (tmp_path / "out").exists()  # nothing written half-way


def test_a_broken_template_is_a_problem_on_the_page(plan: Path, tmp_path: Path) -> None:
    from scp_report.render.html import default_templates

    templates = tmp_path / "templates"
    shutil.copytree(default_templates(), templates)
    (templates / "_cover.html.j2").write_text("{% if %}\n", encoding="utf-8")
    preview = Preview(plan, tmp_path / "out", lambda _: Q3, templates)
    outcome = preview.rebuild()
    assert not outcome.ok and outcome.summary == "the document could not be built"
    assert outcome.problems[0].startswith("error: ") and "template error" in outcome.problems[0]


def test_every_build_wakes_the_waiting_browsers(plan: Path, tmp_path: Path) -> None:
    preview = Preview(plan, tmp_path / "out", lambda _: Q3)
    assert preview.wait(0, timeout=0.01) == 0  # nothing built: the wait times out
    preview.rebuild()
    assert preview.wait(0, timeout=5) == 1
    preview.close()
    assert preview.wait(1, timeout=5) == 1  # closing releases a waiting request at once


def test_the_watcher_sees_a_save_and_ignores_editor_files(plan: Path) -> None:
    watcher = Watcher([plan])
    assert not watcher.changed()
    (plan / ".partnership.yaml.swp").write_text("x")
    (plan / "partnership.yaml~").write_text("x")
    assert not watcher.changed()
    _set_sarc(plan, "97")
    assert watcher.changed()
    assert not watcher.changed()
    (plan / READINGS).unlink()
    assert watcher.changed()


def test_the_script_goes_before_the_closing_body_tag() -> None:
    assert _with_script(b"<body><p>a</body></html>", b"<s>") == b"<body><p>a<s></body></html>"
    assert _with_script(b"<p>no body", b"<s>") == b"<p>no body<s>"


# --- the command, as a user runs it ---------------------------------------------------


def _scp() -> str:
    beside = Path(sys.executable).parent / "scp"
    found = str(beside) if beside.is_file() else shutil.which("scp")
    assert found, "no scp command: install the project (pip install -e '.[dev]')"
    return found


@dataclass
class Server:
    proc: subprocess.Popen[str]
    url: str
    lines: list[str]

    def stop(self, sig: int = signal.SIGINT) -> tuple[int, str]:
        self.proc.send_signal(sig)
        _, err = self.proc.communicate(timeout=30)
        return self.proc.returncode, err


def _start(*args: str) -> Server:
    """`scp serve` in a subprocess, once it prints where it serves."""
    proc = subprocess.Popen(
        [_scp(), "serve", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "SCP_CACHE": "off"},
    )
    assert proc.stdout is not None
    # Read the pipe itself, not through the text wrapper: a readline() that buffered both
    # lines would leave select() waiting on an empty pipe for the second (seen under load).
    fd = proc.stdout.fileno()
    lines: list[str] = []
    pending = b""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 1)
        if not ready:
            continue
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        *complete, pending = (pending + chunk).split(b"\n")
        for raw in complete:
            line = raw.decode("utf-8") + "\n"
            lines.append(line)
            m = re.search(r"at (http://127\.0\.0\.1:\d+/) \(Ctrl-C to stop\)$", line)
            if m:
                return Server(proc, m[1], lines)
    proc.kill()
    _, err = proc.communicate()
    raise AssertionError(f"scp serve did not start: {lines} {err}")


@pytest.fixture
def server(plan: Path) -> Iterator[Server]:
    running = _start("--plan", str(plan), "--quarter", "Q3-2017/18")
    try:
        yield running
    finally:
        if running.proc.poll() is None:
            running.proc.kill()
            running.proc.communicate()


def _get(url: str, path: str, host: str | None = None) -> tuple[int, bytes]:
    port = int(url.rstrip("/").rsplit(":", 1)[1])
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path, headers={"Host": host} if host else {})
    response = conn.getresponse()
    return response.status, response.read()


@pytest.mark.slow
def test_serve_prints_its_address_serves_the_document_and_stops_on_ctrl_c(
    server: Server,
) -> None:
    (built,) = [line for line in server.lines if line.startswith("built ")]
    folder = Path(built.split()[1]).parent
    assert folder.name.startswith("scp-serve-") and folder.is_dir()
    status, page = _get(server.url, "/")
    assert status == 200 and b"Safer Cornwall" in page and b"/_scp/wait" in page
    assert _get(server.url, "/nothing")[0] == 404
    # A page elsewhere that reaches this port under another name is refused.
    assert _get(server.url, "/", host="attacker.example:80")[0] == 403
    status, body = _get(server.url, "/_scp/wait?since=0")
    assert status == 200 and json.loads(body) == {"generation": 1}
    code, err = server.stop(signal.SIGINT)
    assert code == 130 and err == "interrupted\n"
    assert not folder.exists()  # the temporary folder goes with it


@pytest.mark.slow
def test_serve_stops_on_sigterm_and_keeps_an_out_folder_given(plan: Path, tmp_path: Path) -> None:
    out = tmp_path / "preview"
    running = _start("--plan", str(plan), "--out", str(out))
    code, err = running.stop(signal.SIGTERM)
    assert code == 130 and err == "interrupted\n"
    (page,) = out.glob("*.html")
    assert b"<script" not in page.read_bytes()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--plan", "nowhere"], "error: plan folder not found: nowhere\n"),
        (["--quarter", "Q5-2017/18"], "error: 'Q5-2017/18' is not a quarter; a quarter looks"),
        (["--port", "70000"], "Usage: scp serve [OPTIONS]"),
        (["--templates", "nowhere"], "error: templates folder not found: nowhere\n"),
        (["--out", "plan/preview"], "error: --out plan/preview: inside plan, which scp serve"),
    ],
)
def test_serve_used_wrongly_exits_2(
    args: list[str], message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(PLAN.parent)
    result = subprocess.run(
        [_scp(), "serve", *args], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 2 and result.stderr.startswith(message), result.stderr


@pytest.mark.slow
def test_a_port_in_use_is_wrong_usage(server: Server, plan: Path) -> None:
    port = server.url.rstrip("/").rsplit(":", 1)[1]
    result = subprocess.run(
        [_scp(), "serve", "--plan", str(plan), "--port", port],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.startswith(f"error: --port {port}: cannot listen there")


# --- in the browser -------------------------------------------------------------------


@pytest.mark.slow
def test_a_saved_edit_reloads_the_page_and_a_fix_brings_the_document_back(
    server: Server, plan: Path, tmp_path: Path
) -> None:
    assert missing_tools() == [], f"{'; '.join(missing_tools())}: {INSTALL_HINT}"
    # What a reader sees anywhere on the page, whatever the document's layout.
    body = "body"
    with chromium(tmp_path / "profile", offline=False) as browser:
        page = browser.new_page()
        page.goto(server.url)
        assert "97.3%" not in page.inner_text(body) and "SARC" in page.inner_text(body)
        # A new reading, saved: the open page reloads by itself and shows it.
        _set_sarc(plan, "97.3")
        page.wait_for_function(
            "(sel) => document.querySelector(sel)?.innerText.includes('97.3%')",
            arg=body,
            timeout=15_000,
        )
        # A mistake: the problem, named by file and line, replaces the document.
        _set_sarc(plan, "lots")
        page.wait_for_selector(".problems li", timeout=15_000)
        problem = page.inner_text(".problems li")
        assert problem.endswith(
            "readings/2017-18-q3.yaml:21:12: readings[3].value: expected a number, got 'lots'"
        )
        # The last good document is a link away, with the figure saved before the mistake.
        page.click("text=the last good document")
        page.wait_for_selector("main")
        assert "97.3%" in page.inner_text(body)
        # The fix: the document comes back at /, without the reader doing anything.
        page.goto(server.url)
        page.wait_for_selector(".problems li")
        _set_sarc(plan, "98.1")
        page.wait_for_function(
            "(sel) => document.querySelector(sel)?.innerText.includes('98.1%')",
            arg=body,
            timeout=15_000,
        )
    code, _ = server.stop()
    assert code == 130
