"""`scp build`: the plan document as at a quarter, as HTML, PDF and open data.

The build reads as a list of steps: compute the snapshot, render HTML, render PDF,
write. Every output is rendered in memory before any is written, and each is written
to a temporary file and renamed, so a failed build leaves earlier outputs exactly as
they were.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import BuildError
from .files import interrupted, write_all_atomic
from .model.models import Plan
from .model.periods import Period, quarter_slug
from .status.snapshot import snapshot

if TYPE_CHECKING:
    from .render.pdf import PdfWorker

FORMATS = ("html", "pdf", "data", "all")
REPORTS = ("plan", "quarterly")


@dataclass
class BuildResult:
    written: list[Path] = field(default_factory=list)
    pages: int | None = None


class Progress:
    """Progress lines with timings, on standard error, only when asked for. A step that
    takes a while is announced with a message ending in "…": it shows as a spinner (on
    the terminal the lines are for) until the next message."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.start = time.perf_counter()
        self._spinner: Any = None

    def __call__(self, message: str) -> None:
        if not self.enabled:
            return
        self.close()
        said = f"{time.perf_counter() - self.start:6.2f}s  {message}"
        if message.endswith("…"):
            from rich.console import Console

            self._spinner = Console(stderr=True, highlight=False).status(said)
            self._spinner.start()
        else:
            print(said, file=sys.stderr)

    def close(self) -> None:
        """Stop the spinner, if one is turning."""
        if self._spinner is not None:
            self._spinner.stop()
            self._spinner = None


def build(
    plan: Plan,
    quarter: Period,
    *,
    out: Path,
    fmt: str = "all",
    report: str = "plan",
    templates: Path | None = None,
    force: bool = False,
    progress: Callable[[str], None] = lambda _: None,
    pdf_worker: PdfWorker | None = None,
) -> BuildResult:
    """Build the document as at `quarter`; with `pdf_worker`, the PDF is rendered by that
    child process (started earlier, so that WeasyPrint is loaded by now; see
    render.pdf.PdfWorker)."""
    from .render.document import build_context, file_stem, slug
    from .render.html import QUARTERLY_TEMPLATE, default_templates, render_html

    templates = templates or default_templates()
    if not templates.is_dir():
        raise BuildError(f"templates folder not found: {templates}")
    result = BuildResult()

    # 1. Compute every status and direction as at the quarter.
    snap = snapshot(plan, quarter)
    progress(f"computed {len(snap.rows)} indicators as at {quarter}")

    # 2. Render the HTML (always: the PDF is made from it).
    if report == "quarterly":
        from .render.quarterly import build_report_context, previous_quarter

        ctx: Any = build_report_context(plan, snap, snapshot(plan, previous_quarter(quarter)))
        html = render_html(ctx, templates, QUARTERLY_TEMPLATE)
        name = plan.partnership.partnership.name
        stem = f"{slug(name)}-{slug(plan.partnership.words.report_file)}-{quarter_slug(quarter)}"
    else:
        ctx = build_context(plan, snap)
        html = render_html(ctx, templates)
        stem = file_stem(plan, quarter)
    outputs: list[tuple[Path, bytes]] = []
    if fmt in ("html", "all"):
        outputs.append((out / f"{stem}.html", html))
    progress("rendered HTML")

    # 3. Render the PDF from the same HTML, unless the PDF cache holds it (same HTML, same
    #    templates, same WeasyPrint and scp-report): --force always renders.
    if fmt in ("pdf", "all"):
        progress("rendering the PDF…")
        data, result.pages, reused = _pdf(
            plan, html, templates, ctx.created, out, force, pdf_worker
        )
        if reused:
            progress(f"reused PDF, {result.pages} pages (HTML unchanged)")
        else:
            progress(f"rendered PDF, {result.pages} pages")
        outputs.append((out / f"{stem}.pdf", data))

    # 4. The snapshot as open data, beside the plan document, with its data package.
    if fmt in ("data", "all") and report == "plan":
        from .views.opendata import DATA_PACKAGE, data_package, snapshot_csv, snapshot_json

        outputs.append((out / f"{stem}.csv", snapshot_csv(snap)))
        outputs.append((out / f"{stem}.json", snapshot_json(snap)))
        p, licence = plan.partnership, plan.partnership.open_data.licence
        package = data_package(
            snap,
            stem=stem,
            title=f"{p.partnership.name}: {p.document.title}",
            partnership=p.partnership.name,
            published=ctx.created,
            licence=licence.model_dump() if licence is not None else None,
        )
        outputs.append((out / DATA_PACKAGE, package))

    # 5. Write the outputs atomically, together, only now that everything rendered.
    write_all_atomic(outputs)
    for path, _ in outputs:
        result.written.append(path)
        progress(f"wrote {path}")
    return result


def _pdf(
    plan: Plan,
    html: bytes,
    templates: Path,
    created: str,
    out: Path,
    force: bool,
    pdf_worker: PdfWorker | None,
) -> tuple[bytes, int, bool]:
    """The PDF of the HTML, its page count, and whether it came from the cache."""
    from .cache import PdfCache
    from .render.pdf import render_pdf

    pdf_cache = PdfCache.for_build(plan.root, out)
    key = pdf_cache.key(html, templates) if pdf_cache else ""
    hit = pdf_cache.get(key) if pdf_cache and not force else None
    if hit is not None:
        return *hit, True
    render = pdf_worker.render if pdf_worker is not None else render_pdf
    pdf = render(html, templates, dt.date.fromisoformat(created))
    if pdf_cache and not interrupted():
        pdf_cache.put(key, pdf.data, pdf.pages)
    return pdf.data, pdf.pages, False
