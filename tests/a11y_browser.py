"""Headless Chromium (Debian's /usr/bin/chromium, driven by Playwright) and axe-core for
tests/acceptance/test_accessibility.py.

Nothing here downloads a browser: Playwright is pointed at the system Chromium, and
axe-core comes from the npm registry through package.json and package-lock.json
(`make test-deps`). A missing browser or axe file is an error, never a reason to skip.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .helpers import ROOT

CHROMIUM = Path(os.environ.get("SCP_CHROMIUM", "/usr/bin/chromium"))
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

# This machine reaches no host but the package registries: without the background
# networking flags Chromium floods refused connections at every start.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

INSTALL_HINT = "run `make test-deps` (apt-get install chromium; npm ci for axe-core)"


def missing_tools() -> list[str]:
    """What the browser tests need and this machine lacks, in words."""
    problems = []
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        problems.append(f"no Chromium at {CHROMIUM}")
    if not AXE.is_file():
        problems.append(f"no axe-core at {AXE.relative_to(ROOT)}")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        problems.append("the Python package playwright is not installed (pip install -e '.[dev]')")
    return problems


@contextmanager
def chromium(user_data_dir: Path, *, offline: bool = True) -> Iterator[Any]:
    """A headless Chromium context with a fresh, empty profile in user_data_dir; offline
    unless it must reach a server on this machine (tests/acceptance/test_serve.py)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(user_data_dir),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            offline=offline,
            viewport={"width": 1280, "height": 900},
        )
        try:
            yield context
        finally:
            context.close()


def run_axe(page: Any) -> list[dict[str, Any]]:
    """axe-core's violations on the page, for the WCAG 2.0-2.2 A/AA and best-practice tags."""
    page.add_script_tag(path=str(AXE))
    result: dict[str, Any] = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {
                runOnly: {type: "tag", values: tags},
                resultTypes: ["violations"],
            });
            return {
                version: axe.version,
                violations: r.violations.map((v) => ({
                    id: v.id,
                    impact: v.impact,
                    help: v.help,
                    nodes: v.nodes.map((n) => ({
                        target: n.target.join(" "),
                        summary: n.failureSummary,
                    })),
                })),
            };
        }""",
        AXE_TAGS,
    )
    return list(result["violations"])


def describe(violations: list[dict[str, Any]], limit: int = 5) -> str:
    """Violations as lines a person can act on: rule, impact, help, the first few nodes."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}: {len(v['nodes'])} node(s)")
        for node in v["nodes"][:limit]:
            summary = " ".join((node["summary"] or "").split())
            lines.append(f"    {node['target']}: {summary[:300]}")
    return "\n".join(lines)
