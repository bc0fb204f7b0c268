"""The PDF: WeasyPrint's rendering of the same HTML, tagged (PDF/UA-1), fetching nothing
but data: URLs and files under the templates folder."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import logging
import os
import signal
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from ..errors import BuildError


@dataclass(frozen=True)
class PdfResult:
    data: bytes
    pages: int


def _fetcher_class(templates: Path) -> type:
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    root = templates.resolve()

    class TemplatesOnlyFetcher(URLFetcher):
        """Fetches data: URLs and files under the templates folder; refuses the rest."""

        def __init__(self) -> None:
            super().__init__(
                allowed_protocols=("data", "file"),
                allow_redirects=False,
                fail_on_errors=True,
                timeout=5,
            )

        def fetch(self, url: str, headers: object = None) -> object:
            parsed = urlparse(url)
            if parsed.scheme == "data":
                return super().fetch(url, headers)
            if parsed.scheme == "file":
                path = Path(unquote(parsed.path)).resolve()
                if path.is_relative_to(root) and path.is_file():
                    return super().fetch(url, headers)
            raise FatalURLFetchingError(
                f"the document asks for {url!r}; only data: URLs and files under "
                f"{templates} may be used"
            )

    return TemplatesOnlyFetcher


@contextlib.contextmanager
def _source_date_epoch(epoch: int) -> Iterator[None]:
    """SOURCE_DATE_EPOCH set to this document's date while it renders, then as it was: a
    process that builds several documents gives each its own date."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


SUBSETTER_MISSING = (
    "the PDF needs HarfBuzz's font subsetter, the library libharfbuzz-subset (4.1 or "
    "newer), which is not installed: install it (on Debian or Ubuntu: sudo apt-get install "
    "libharfbuzz-subset0; elsewhere it comes with HarfBuzz), or build the other formats "
    "without it (--format html or --format data)"
)


def _import_weasyprint() -> None:
    """Import WeasyPrint, without the warning it prints when libharfbuzz-subset is missing
    (render_pdf says so as an error, with what to do)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import weasyprint  # noqa: F401


def _check_subsetter() -> None:
    """Refuse to render without HarfBuzz's subsetter (BuildError).

    WeasyPrint embeds the part of each font that the document uses, cut out by HarfBuzz's
    subsetter when the system library is there when WeasyPrint is imported, else by
    fontTools. The two cut different bytes from the same font (same glyphs, other
    tables), so the PDF's bytes would depend on a system package that comes and goes:
    apt-get installs libharfbuzz-subset0 with Chromium (`make test-deps`), and a build
    made before and one made after differ, as do a PdfWorker child and its parent that
    import WeasyPrint on either side of the install. One subsetter, always: HarfBuzz's,
    the one WeasyPrint is moving to, and a hundred times faster than fontTools.
    """
    from weasyprint.text import ffi

    subset = getattr(ffi, "harfbuzz_subset", None)
    if subset is None or not ffi.harfbuzz.hb_version_atleast(4, 1, 0):
        raise BuildError(SUBSETTER_MISSING)


# The typeface the PDF embeds (templates/fonts/: Liberation Sans and its licence), given
# to WeasyPrint beside the HTML: the HTML stays self-contained and small, and a templates
# folder without it prints in the machine's fonts.
FONTS_CSS = Path("fonts") / "fonts.css"


def render_pdf(html: bytes, templates: Path, created: dt.date) -> PdfResult:
    """Render the HTML (UTF-8) to a tagged PDF; raise BuildError on a refused fetch, a
    missing font subsetter (_check_subsetter) or failure.

    `created` pins every timestamp: the HTML's dcterms meta tags give the PDF's dates,
    and SOURCE_DATE_EPOCH any that WeasyPrint's libraries take from the clock.
    """
    _import_weasyprint()
    _check_subsetter()
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import FatalURLFetchingError

    epoch = int(dt.datetime(created.year, created.month, created.day, tzinfo=dt.UTC).timestamp())

    # WeasyPrint logs every ignored CSS rule and refused URL; the refusals that matter
    # stop the build with a BuildError, so keep its chatter off the user's terminal.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    fetcher = _fetcher_class(templates)()
    fonts = FontConfiguration()
    fonts_css = templates / FONTS_CSS
    try:
        with _source_date_epoch(epoch):
            stylesheets = (
                [weasyprint.CSS(filename=fonts_css, url_fetcher=fetcher, font_config=fonts)]
                if fonts_css.is_file()
                else []
            )
            document = weasyprint.HTML(
                string=html,
                encoding="utf-8",
                base_url=templates.resolve().as_uri() + "/",
                url_fetcher=fetcher,
            ).render(font_config=fonts, stylesheets=stylesheets)
            out = io.BytesIO()
            document.write_pdf(out, pdf_variant="pdf/ua-1")
    except FatalURLFetchingError as e:
        raise BuildError(str(e)) from None
    return PdfResult(out.getvalue(), len(document.pages))


class PdfWorker:
    """WeasyPrint in a child process, started before the plan is loaded.

    Importing WeasyPrint (Pango, HarfBuzz, fontTools) takes about half a second; in a
    child it overlaps loading the plan and rendering the HTML, on a second core, and the
    build then waits only for the rendering itself. The child reads one request (the
    HTML, the templates folder, the date), renders with `render_pdf`, answers, and exits;
    it writes no file. Without fork (Windows), `render` renders in this process.
    """

    def __init__(self) -> None:
        self.pid: int | None = None
        self._request = self._answer = -1
        if not hasattr(os, "fork"):  # pragma: no cover - POSIX has fork
            return
        request_r, self._request = os.pipe()
        self._answer, answer_w = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: whatever happens, it leaves by os._exit
            code = 1
            try:
                os.close(self._request)
                os.close(self._answer)
                _serve(request_r, answer_w)
                code = 0
            finally:
                os._exit(code)
        os.close(request_r)
        os.close(answer_w)
        self.pid = pid

    def render(self, html: bytes, templates: Path, created: dt.date) -> PdfResult:
        """The PDF of `html`, rendered by the child (see render_pdf)."""
        if self.pid is None:  # pragma: no cover - POSIX has fork
            return render_pdf(html, templates, created)
        body = html
        head = f"{len(body)}\n{created.isoformat()}\n{os.fspath(templates)}\n".encode()
        try:
            with os.fdopen(self._request, "wb", closefd=True) as f:
                self._request = -1
                f.write(head + body)
            with os.fdopen(self._answer, "rb", closefd=True) as f:
                self._answer = -1
                answer = f.read()
        finally:
            self.close()
        status, _, rest = answer.partition(b"\n")
        if status == b"ok":
            pages, _, data = rest.partition(b"\n")
            return PdfResult(data, int(pages))
        if status == b"error":
            raise BuildError(rest.decode("utf-8"))
        raise RuntimeError(f"the PDF renderer failed: {rest.decode('utf-8', 'replace')}")

    def close(self) -> None:
        """Stop the child (if it still runs) and reap it; safe to call more than once."""
        for fd in (self._request, self._answer):
            if fd >= 0:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self._request = self._answer = -1
        if self.pid is not None:
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)  # gone already if it answered
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
            self.pid = None


def _serve(request_r: int, answer_w: int) -> None:
    """The child's work: import WeasyPrint at once, then answer one request, if any."""
    # An interrupt or termination ends the child quietly; the parent reports it.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _import_weasyprint()  # the point: import while the parent loads the plan

    with os.fdopen(request_r, "rb") as f:
        request = f.read()
    length, _, rest = request.partition(b"\n")
    created, _, rest = rest.partition(b"\n")
    templates, _, body = rest.partition(b"\n")
    if not length.isdigit() or len(body) != int(length):
        return  # no request (the PDF came from the cache, or the build failed)
    try:
        result = render_pdf(
            body,
            Path(templates.decode("utf-8", "surrogateescape")),
            dt.date.fromisoformat(created.decode()),
        )
        answer = b"ok\n%d\n" % result.pages + result.data
    except BuildError as e:
        answer = b"error\n" + str(e).encode("utf-8")
    except Exception as e:  # a bug: the parent reports it as one
        answer = b"crash\n" + f"{type(e).__name__}: {e}".encode("utf-8", "replace")
    with os.fdopen(answer_w, "wb") as f:
        f.write(answer)
