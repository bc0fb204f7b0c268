"""The PDF: WeasyPrint's rendering of the same HTML, tagged (PDF/UA-1), fetching nothing
but data: URLs and files under the templates folder."""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
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


def render_pdf(html: str, templates: Path, created: dt.date) -> PdfResult:
    """Render the HTML to a tagged PDF; raise BuildError on any refused fetch or failure.

    `created` pins every timestamp: the HTML's dcterms meta tags give the PDF's dates,
    and SOURCE_DATE_EPOCH (honoured by fontTools when it subsets fonts) the fonts'.
    """
    import weasyprint
    from weasyprint.urls import FatalURLFetchingError

    epoch = int(dt.datetime(created.year, created.month, created.day, tzinfo=dt.UTC).timestamp())
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(epoch))

    # WeasyPrint logs every ignored CSS rule and refused URL; the refusals that matter
    # stop the build with a BuildError, so keep its chatter off the user's terminal.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    fetcher = _fetcher_class(templates)()
    try:
        document = weasyprint.HTML(
            string=html, base_url=templates.resolve().as_uri() + "/", url_fetcher=fetcher
        ).render()
        out = io.BytesIO()
        document.write_pdf(out, pdf_variant="pdf/ua-1")
    except FatalURLFetchingError as e:
        raise BuildError(str(e)) from None
    return PdfResult(out.getvalue(), len(document.pages))
