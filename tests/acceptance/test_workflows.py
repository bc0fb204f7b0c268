"""The GitHub workflows pass actionlint: this repository's own, and the one `scp init`
writes (with an install source and with the placeholder). Both validate every pull
request and, on the default branch only, publish on GitHub Pages with the PDF kept.

actionlint comes with the dev extras (a wheel that ships its binary); missing, it is a
failure, never a skip.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from scp_report.model.periods import parse_quarter
from scp_report.scaffold import PLACEHOLDER, WORKFLOW, _files, install_requirement

from ..helpers import ROOT

OWN = ROOT / ".github" / "workflows" / "docs.yml"
DEFAULT_BRANCH_ONLY = (
    "github.event_name != 'pull_request' && "
    "github.ref_name == github.event.repository.default_branch"
)


def _actionlint() -> str:
    beside = Path(sys.executable).parent / "actionlint"
    found = str(beside) if beside.is_file() else shutil.which("actionlint")
    assert found, "no actionlint: install the dev extras (pip install -e '.[dev]')"
    return found


def _lint(*files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [_actionlint(), "-no-color", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _skeleton(folder: Path, source: str) -> Path:
    """The workflow scp init writes, in a repository of its own under folder."""
    text = _files("Safer Somewhere", parse_quarter("Q3-2017/18"), install_requirement(source))
    path = folder / WORKFLOW
    path.parent.mkdir(parents=True)
    path.write_text(text[WORKFLOW], encoding="utf-8")
    return path


def _load(path: Path) -> dict[Any, Any]:
    workflow: dict[Any, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    # PyYAML reads the key `on` as True (YAML 1.1); GitHub reads it as "on".
    workflow["on"] = workflow.pop(True)
    return workflow


@pytest.mark.parametrize("source", ["scp-report==0.1.0", PLACEHOLDER])
def test_the_workflow_scp_init_writes_passes_actionlint(tmp_path: Path, source: str) -> None:
    result = _lint(_skeleton(tmp_path, source))
    assert result.returncode == 0, result.stdout + result.stderr


def test_this_repositorys_workflow_passes_actionlint() -> None:
    result = _lint(OWN)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_fails_a_broken_workflow(tmp_path: Path) -> None:
    """The check can fail: a job without runs-on and an unknown expression are caught."""
    path = _skeleton(tmp_path, "scp-report==0.1.0")
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("    runs-on: ubuntu-latest\n", "", 1).replace(
            "steps.deployment.outputs.page_url", "steps.nowhere.outputs.page_url"
        ),
        encoding="utf-8",
    )
    result = _lint(path)
    assert result.returncode == 1
    assert '"runs-on" section is missing' in result.stdout
    assert "nowhere" in result.stdout


def _publishes(workflow: dict[Any, Any], upload_job: str) -> None:
    """Pages only from the default branch, with the permissions and concurrency it needs."""
    jobs = workflow["jobs"]
    assert workflow["permissions"] == {"contents": "read"}
    assert set(workflow["on"]) >= {"push", "pull_request"}
    uses = [step.get("uses", "") for step in jobs[upload_job]["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/upload-artifact@") for u in uses)  # the PDF, kept
    publish = jobs["publish"]
    assert publish["permissions"] == {"pages": "write", "id-token": "write"}
    assert publish["environment"]["name"] == "github-pages"
    assert publish["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert [s["uses"].split("@")[0] for s in publish["steps"]] == ["actions/deploy-pages"]


def test_the_partnerships_workflow_validates_every_change_and_publishes_the_default_branch(
    tmp_path: Path,
) -> None:
    workflow = _load(_skeleton(tmp_path, "scp-report==0.1.0"))
    jobs = workflow["jobs"]
    assert "if" not in jobs["validate"]  # every push and pull request
    runs = [s.get("run", "") for s in jobs["validate"]["steps"]]
    assert "scp validate --strict --format github" in runs
    assert jobs["build"]["needs"] == "validate" and jobs["build"]["if"] == DEFAULT_BRANCH_ONLY
    build = "\n".join(s.get("run", "") for s in jobs["build"]["steps"])
    assert "scp build --quiet --out site" in build and "site/index.html" in build
    assert jobs["publish"]["needs"] == "build"
    _publishes(workflow, "build")


def test_this_repository_publishes_its_docs_site_the_same_way() -> None:
    workflow = _load(OWN)
    jobs = workflow["jobs"]
    docs = "\n".join(s.get("run", "") for s in jobs["docs"]["steps"])
    assert "make docs" in docs and "scp build --quiet --out site/example" in docs
    assert jobs["publish"]["if"] == DEFAULT_BRANCH_ONLY
    _publishes(workflow, "docs")
