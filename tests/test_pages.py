"""The printed pages, read back from the PDF with pdfplumber: paper size and orientation
as the plan says."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from .helpers import PLAN, overlay
from .helpers import run_cli as run

STEM = "safer-cornwall-delivery-plan-and-performance-framework-2018-19-2017-18-q3"
MM = 72 / 25.4


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled plan's Q3-2017/18 PDF."""
    out = tmp_path_factory.mktemp("pages")
    code, _, err = run(
        "build", "--quarter", "Q3-2017/18", "--plan", str(PLAN), "--out", str(out),
        "--format", "pdf", "--force",
    )  # fmt: skip
    assert code == 0, err
    return out / f"{STEM}.pdf"


def _sizes(pdf: Path) -> set[tuple[int, int]]:
    with pdfplumber.open(pdf) as doc:
        return {(round(p.width / MM), round(p.height / MM)) for p in doc.pages}


def test_the_bundled_plan_prints_on_a4_landscape_as_the_reference(bundled: Path) -> None:
    assert _sizes(bundled) == {(297, 210)}


@pytest.mark.parametrize(
    ("page", "size"),
    [
        ("{size: A4, orientation: portrait}", (210, 297)),
        ("{size: A3}", (420, 297)),  # landscape unless the plan says otherwise
        ("{size: letter, orientation: portrait}", (216, 279)),
    ],
)
def test_page_size_and_orientation_come_from_the_plan(
    tmp_path: Path, page: str, size: tuple[int, int]
) -> None:
    root = overlay("minimal", tmp_path / "plan")
    partnership = root / "partnership.yaml"
    text = partnership.read_text()
    partnership.write_text(text.replace("  subject:", f"  page: {page}\n  subject:", 1))
    out = tmp_path / "out"
    code, _, err = run("build", "--plan", str(root), "--out", str(out), "--format", "pdf")
    assert code == 0, err
    assert _sizes(next(out.glob("*.pdf"))) == {size}


def test_a_page_the_plan_cannot_have_is_refused(tmp_path: Path) -> None:
    root = overlay("minimal", tmp_path / "plan")
    partnership = root / "partnership.yaml"
    text = partnership.read_text()
    partnership.write_text(text.replace("  subject:", "  page: {size: A5}\n  subject:", 1))
    code, out, _ = run("validate", "--plan", str(root))
    assert code == 1
    assert "document.page.size: expected one of: A4, A3, letter, got 'A5'" in out
