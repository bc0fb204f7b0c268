"""`scp serve`: the document as HTML on 127.0.0.1, rebuilt and reloaded as the plan changes.

Three parts, each small:

- `Preview` builds the HTML (`build.build`, no PDF) into the out folder and keeps what
  the browser is shown: the last good document, or the problems of the current plan.
  A failed build writes nothing (the build writes atomically, only when everything
  rendered), so the last good document stays in the out folder and one click away.
- `Watcher` notices a change in the plan and templates folders by polling `stat`: the
  plan is a few dozen files, so a poll costs microseconds and needs no dependency.
- An HTTP server on 127.0.0.1 serves the page with a small script added (only to what is
  served: the built file is not changed) that long-polls `/_scp/wait` and reloads the
  page when a rebuild finishes.

The watching and building run in the calling thread, so Ctrl-C and SIGTERM (turned into
KeyboardInterrupt by the command line) stop them; the server runs in a daemon thread and
is shut down on the way out.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import jinja2

from . import cache as caches
from .build import build
from .errors import PlanError, ScpError, UsageError
from .model.models import Plan
from .model.periods import Period
from .plan.loader import load_plan
from .render.html import default_templates

HOST = "127.0.0.1"
PAGE_TEMPLATE = "serve.html.j2"  # the problems page and the reload script, in templates/
WAIT_SECONDS = 20.0  # how long one long-poll request waits before the browser asks again
POLL_SECONDS = 0.1  # how often the folders are checked for a change
SETTLE_SECONDS = 0.05  # after a change, for an editor that saves in several steps


# --- what the browser is shown ------------------------------------------------------


@dataclass
class Outcome:
    """One build: the document it wrote, or the problems that stopped it."""

    document: Path | None = None
    problems: list[str] = field(default_factory=list)
    summary: str = ""
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.document is not None


class Preview:
    """Builds the document and holds what is served; safe to read from many threads."""

    def __init__(
        self,
        plan: Path,
        out: Path,
        quarter: Callable[[Plan], Period],
        templates: Path | None = None,
    ):
        self.plan = plan
        self.out = out
        self.quarter = quarter
        self.templates = templates
        self.generation = 0
        self.document: bytes | None = None  # the last good document, as built
        self.latest = Outcome()
        self.closing = False
        self._changed = threading.Condition()
        self._pages = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(default_templates())),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
        )

    def rebuild(self) -> Outcome:
        """Build the HTML; whatever happens, the browsers waiting are told to reload."""
        start = time.perf_counter()
        outcome = self._build()
        outcome.seconds = time.perf_counter() - start
        document = outcome.document.read_bytes() if outcome.document is not None else None
        with self._changed:
            if document is not None:
                self.document = document
            self.latest = outcome
            self.generation += 1
            self._changed.notify_all()
        return outcome

    def _build(self) -> Outcome:
        try:
            plan = load_plan(self.plan, cache=caches.usable(self.plan, avoid=(self.out,))).plan
            result = build(
                plan, self.quarter(plan), out=self.out, fmt="html", templates=self.templates
            )
        except PlanError as e:
            n = len(e.errors)
            summary = f"{n} error{'s' if n != 1 else ''}: {e.verdict}"
            return Outcome(problems=[str(p) for p in e.problems], summary=summary)
        except ScpError as e:
            return Outcome(problems=[f"error: {e}"], summary="the document could not be built")
        except OSError as e:  # a folder renamed or removed while it was being read
            where = f"{e.filename}: " if e.filename else ""
            return Outcome(
                problems=[f"error: {where}{e.strerror}"],
                summary="the document could not be built",
            )
        return Outcome(document=result.written[0])

    def wait(self, since: int, timeout: float = WAIT_SECONDS) -> int:
        """The generation once it is past `since` (or when `timeout` passes, or on close)."""
        with self._changed:
            self._changed.wait_for(
                lambda: self.generation != since or self.closing, timeout=timeout
            )
            return self.generation

    def close(self) -> None:
        """Release every waiting request: the server is stopping."""
        with self._changed:
            self.closing = True
            self._changed.notify_all()

    def page(self, *, last_good: bool = False) -> tuple[HTTPStatus, bytes]:
        """What `/` shows: the document, or the problems when the last build failed (with
        `last_good`, the last good document whatever the last build did)."""
        with self._changed:
            generation, document, outcome = self.generation, self.document, self.latest
        script = self._render("reload", generation=generation).encode("utf-8")
        if document is not None and (outcome.ok or last_good):
            return HTTPStatus.OK, _with_script(document, script)
        if last_good:
            body = self._render("missing", generation=generation)
            return HTTPStatus.NOT_FOUND, body.encode("utf-8")
        body = self._render(
            "problems",
            generation=generation,
            outcome=outcome,
            plan=str(self.plan),
            has_document=document is not None,
        )
        return HTTPStatus.OK, body.encode("utf-8")

    def _render(self, part: str, **values: object) -> str:
        template = self._pages.get_template(PAGE_TEMPLATE)
        return template.render(part=part, wait=WAIT_PATH, **values)


def _with_script(document: bytes, script: bytes) -> bytes:
    """The document with the reload script before its closing body tag."""
    at = document.rfind(b"</body>")
    if at < 0:
        return document + script
    return document[:at] + script + document[at:]


# --- noticing a change --------------------------------------------------------------


def _files(folder: Path) -> Iterator[tuple[str, int, int]]:
    """(path, modified time, size) of each file under `folder`, editors' hidden files and
    backups left out."""
    for root, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if name.startswith(".") or name.endswith("~"):
                continue
            path = os.path.join(root, name)
            try:
                st = os.stat(path)
            except OSError:  # removed between the listing and the stat
                continue
            yield path, st.st_mtime_ns, st.st_size


class Watcher:
    """Whether anything under some folders changed since the last look."""

    def __init__(self, folders: list[Path]):
        self.folders = folders
        self.seen = self._look()

    def _look(self) -> frozenset[tuple[str, int, int]]:
        return frozenset(entry for folder in self.folders for entry in _files(folder))

    def changed(self) -> bool:
        now = self._look()
        if now == self.seen:
            return False
        self.seen = now
        return True


# --- the server ---------------------------------------------------------------------

WAIT_PATH = "/_scp/wait"


def _handler(preview: Preview) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "scp-serve"

        def do_GET(self) -> None:
            # Another site's page in the same browser may send requests here under a name
            # that resolves to this machine: answer only to the names this server printed.
            port = _port(self.server)
            if self.headers.get("Host", "") not in (f"{HOST}:{port}", f"localhost:{port}"):
                self._send(HTTPStatus.FORBIDDEN, b"scp serve answers on 127.0.0.1 only\n")
                return
            url = urlsplit(self.path)
            if url.path == "/":
                self._send(*preview.page())
            elif url.path == "/document":
                self._send(*preview.page(last_good=True))
            elif url.path == WAIT_PATH:
                try:
                    since = int(parse_qs(url.query).get("since", ["-1"])[0])
                except ValueError:
                    since = -1
                body = json.dumps({"generation": preview.wait(since)}).encode()
                self._send(HTTPStatus.OK, body, "application/json")
            else:
                self._send(HTTPStatus.NOT_FOUND, b"not found\n")

        def _send(
            self, status: HTTPStatus, body: bytes, kind: str = "text/html; charset=utf-8"
        ) -> None:
            if kind.startswith("text/html") and status != HTTPStatus.OK:
                kind = "text/plain; charset=utf-8" if not body.startswith(b"<") else kind
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            """Quiet: the terminal shows builds, not requests."""

    return Handler


def _port(server: object) -> int:
    """The port a server listens on (the free one the system chose for port 0)."""
    address = getattr(server, "server_address", ("", 0))
    return int(address[1])


def _server(preview: Preview, port: int) -> ThreadingHTTPServer:
    try:
        server = ThreadingHTTPServer((HOST, port), _handler(preview))
    except OSError as e:
        taken = port and e.errno in (98, 48, 13)  # in use (Linux, macOS), not allowed
        if taken:
            raise UsageError(
                f"--port {port}: cannot listen there ({e.strerror}); give another port, "
                "or leave --port out for a free one"
            ) from None
        raise ScpError(f"cannot listen on {HOST}: {e.strerror}") from None
    server.daemon_threads = True
    return server


# --- serve ----------------------------------------------------------------------------


def serve(
    plan: Path,
    quarter: Callable[[Plan], Period],
    *,
    templates: Path | None = None,
    out: Path | None = None,
    port: int = 0,
    say: Callable[[str], None] = print,
    warn: Callable[[str], None] = print,
    poll: float = POLL_SECONDS,
) -> None:
    """Serve the plan's document until interrupted (KeyboardInterrupt). `say` gets the
    address and each good build, `warn` the problems of each failed one."""
    watched = [plan, templates or default_templates()]
    if out is not None:
        inside = [w for w in watched if out.resolve().is_relative_to(w.resolve())]
        if inside:
            # Each build would change a watched folder and start the next: never ending.
            raise UsageError(
                f"--out {out}: inside {inside[0]}, which scp serve watches; "
                "give a folder outside it, or leave --out out for a temporary one"
            )
    temporary = out is None
    folder = Path(tempfile.mkdtemp(prefix="scp-serve-")) if out is None else out
    preview = Preview(plan, folder, quarter, templates)
    server: ThreadingHTTPServer | None = None
    try:
        watcher = Watcher(watched)
        _report(preview.rebuild(), say, warn, first=True)
        server = _server(preview, port)
        threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True
        ).start()
        say(f"serving {plan} at http://{HOST}:{_port(server)}/ (Ctrl-C to stop)")
        while True:
            time.sleep(poll)
            if watcher.changed():
                time.sleep(SETTLE_SECONDS)
                watcher.changed()
                _report(preview.rebuild(), say, warn)
    finally:
        preview.close()
        if server is not None:
            server.shutdown()
            server.server_close()
        if temporary:
            shutil.rmtree(folder, ignore_errors=True)


def _report(
    outcome: Outcome,
    say: Callable[[str], None],
    warn: Callable[[str], None],
    *,
    first: bool = False,
) -> None:
    if outcome.document is not None:
        say(f"{'built' if first else 'rebuilt'} {outcome.document} in {outcome.seconds:.2f} s")
        return
    for line in outcome.problems:
        warn(line)
    warn(f"{outcome.summary}: shown in the browser until the files are fixed")
