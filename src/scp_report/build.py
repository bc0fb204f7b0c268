"""`scp build`: the plan document as at a quarter, as HTML and PDF.

The build reads as a list of steps: load, compute the snapshot, render HTML, render
PDF, write. Both files are rendered in memory before either is written, and each is
written to a temporary file and renamed, so a failed build leaves earlier outputs
exactly as they were.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cache import usable as cache_usable
from .engine import resolve_quarter, snapshot
from .errors import UsageError
from .loading import load_plan
from .output import write_all_atomic
from .periods import quarter_slug

if TYPE_CHECKING:
    from .render.pdf import PdfWorker

FORMATS = ("html", "pdf", "data", "all")
REPORTS = ("plan", "quarterly")


@dataclass
class BuildResult:
    written: list[Path] = field(default_factory=list)
    pages: int | None = None


class Progress:
    """Progress lines with timings, on standard error, only when asked for."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.start = time.perf_counter()

    def __call__(self, message: str) -> None:
        if self.enabled:
            print(f"{time.perf_counter() - self.start:6.2f}s  {message}", file=sys.stderr)


def build(
    plan_dir: Path,
    *,
    quarter: str | None,
    out: Path,
    fmt: str = "all",
    report: str = "plan",
    templates: Path | None = None,
    force: bool = False,
    progress: Callable[[str], None] = lambda _: None,
    pdf_worker: PdfWorker | None = None,
) -> BuildResult:
    """Build the document; with `pdf_worker`, the PDF is rendered by that child process
    (started earlier, so that WeasyPrint is loaded by now; see render.pdf.PdfWorker)."""
    from .render.context import build_context, file_stem, slug
    from .render.html import QUARTERLY_TEMPLATE, default_templates, render_html

    templates = templates or default_templates()
    if not templates.is_dir():
        raise UsageError(f"templates folder not found: {templates}")
    result = BuildResult()

    # 1. Load and check the plan.
    plan = load_plan(plan_dir, cache=cache_usable(plan_dir, avoid=(out,))).plan
    q = resolve_quarter(plan, quarter)
    progress(f"loaded {plan_dir}")

    # 2. Compute every status and direction as at the quarter.
    snap = snapshot(plan, q)
    progress(f"computed {len(snap.rows)} indicators as at {q}")

    # 3. Render the HTML (always: the PDF is made from it).
    if report == "quarterly":
        from .render.report import build_report_context, previous_quarter

        ctx: Any = build_report_context(plan, snap, snapshot(plan, previous_quarter(q)))
        html = render_html(ctx, templates, QUARTERLY_TEMPLATE)
        name = plan.partnership.partnership.name
        stem = f"{slug(name)}-quarterly-performance-report-{quarter_slug(q)}"
    else:
        ctx = build_context(plan, snap)
        html = render_html(ctx, templates)
        stem = file_stem(plan, q)
    outputs: list[tuple[Path, bytes]] = []
    if fmt in ("html", "all"):
        outputs.append((out / f"{stem}.html", html))
    progress("rendered HTML")

    # 4. Render the PDF from the same HTML, unless the PDF cache holds it (same HTML, same
    #    templates, same WeasyPrint and scp-report): --force always renders.
    if fmt in ("pdf", "all"):
        from .cache import PdfCache
        from .entry import interrupted
        from .render.pdf import render_pdf

        pdf_cache = PdfCache.for_build(plan_dir, out)
        key = pdf_cache.key(html, templates) if pdf_cache else ""
        hit = pdf_cache.get(key) if pdf_cache and not force else None
        if hit is not None:
            data, result.pages = hit
            progress(f"reused PDF, {result.pages} pages (HTML unchanged)")
        else:
            render = pdf_worker.render if pdf_worker is not None else render_pdf
            pdf = render(html, templates, dt.date.fromisoformat(ctx.created))
            data, result.pages = pdf.data, pdf.pages
            if pdf_cache and not interrupted():
                pdf_cache.put(key, data, pdf.pages)
            progress(f"rendered PDF, {pdf.pages} pages")
        outputs.append((out / f"{stem}.pdf", data))

    # 5. The snapshot as open data, beside the plan document.
    if fmt in ("data", "all") and report == "plan":
        from .opendata import snapshot_csv, snapshot_json

        outputs.append((out / f"{stem}.csv", snapshot_csv(snap)))
        outputs.append((out / f"{stem}.json", snapshot_json(snap)))

    # 6. Write the outputs atomically, together, only now that everything rendered.
    write_all_atomic(outputs)
    for path, _ in outputs:
        result.written.append(path)
        progress(f"wrote {path}")
    return result
