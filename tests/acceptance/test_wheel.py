"""scp-report works wherever it is installed: the wheel is built, installed into a fresh
virtual environment outside the repository, and a new partnership is started, checked
and built there, with the templates and the skeleton from inside the wheel."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from ..helpers import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel of this checkout."""
    dist = tmp_path_factory.mktemp("dist")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-w", str(dist)],
        check=True,
        capture_output=True,
        text=True,
    )
    (dist / "pip.log").write_text(done.stdout + done.stderr)
    (built,) = dist.glob("scp_report-*.whl")
    return built


def test_the_wheel_builds_without_a_warning(wheel: Path) -> None:
    # Data folders left out of `packages` give one setuptools warning each (about 160
    # lines in all); declared correctly, there are none.
    log = (wheel.parent / "pip.log").read_text()
    assert "Warning" not in log
    assert "is absent from the `packages` configuration" not in log


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin/ folder of a fresh venv, outside the repository, with the wheel installed
    (its dependencies from the package index)."""
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
    subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)],
        check=True,
        capture_output=True,
    )
    return venv / "bin"


def _run(bin_dir: Path, args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    env.pop("PYTHONPATH", None)
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)


def test_the_wheel_holds_the_templates_and_the_skeleton_with_its_dotfiles(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    templates = ROOT / "templates"
    wanted = {
        f"scp_report/templates/{p.relative_to(templates).as_posix()}"
        for p in templates.rglob("*.*")
        if "__pycache__" not in p.parts
    }
    assert wanted <= names
    # the PDF's typeface and its licence travel with the templates
    assert "scp_report/templates/fonts/LiberationSans-Regular.ttf" in names
    assert "scp_report/templates/fonts/OFL.txt" in names
    assert "scp_report/skeleton/.gitignore" in names
    assert "scp_report/skeleton/.github/workflows/scp-validate.yml" in names
    # the language packs, as data
    packs = ROOT / "src" / "scp_report" / "languages"
    assert {f"scp_report/languages/{p.name}" for p in packs.glob("*.yaml")} <= names
    assert "scp_report/languages/cy.yaml" in names


def test_init_validate_and_build_from_the_installed_wheel(installed: Path, tmp_path: Path) -> None:
    result = _run(installed, ["scp", "init", "x", "--name", "Safer Elsewhere"], tmp_path)
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "x"
    assert (folder / ".gitignore").read_text() == (
        ROOT / "src" / "scp_report" / "skeleton" / ".gitignore"
    ).read_text()
    assert (folder / ".github" / "workflows" / "scp-validate.yml").is_file()
    result = _run(installed, ["scp", "validate", "--strict"], folder)
    assert result.returncode == 0, result.stdout + result.stderr
    result = _run(installed, ["scp-report", "build", "-q"], folder)
    assert result.returncode == 0, result.stderr
    built = sorted(p.suffix for p in (folder / "out").iterdir())
    assert built == [".csv", ".html", ".json", ".json", ".pdf"]  # and datapackage.json
    # The installed package's own templates, not this checkout's.
    result = _run(
        installed,
        [
            "python",
            "-c",
            "from scp_report.render.html import default_templates; print(default_templates())",
        ],
        folder,
    )
    assert str(installed.parent) in result.stdout and str(ROOT) not in result.stdout
    # The Welsh pack from inside the wheel: the document and the terminal in Welsh.
    partnership = folder / "plan" / "partnership.yaml"
    partnership.write_text(partnership.read_text().replace("\nlanguage: en\n", "\nlanguage: cy\n"))
    result = _run(installed, ["scp", "status"], folder)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("Statws ar Chwarter ")
