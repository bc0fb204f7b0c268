"""`scp init` and the whole quarterly cycle, end to end, on a new partnership's plan."""

from __future__ import annotations

import csv
import io
import json
import shlex
from pathlib import Path

import pytest
import yaml

from ..helpers import ROOT
from ..helpers import run_cli as run


def test_init_writes_a_plan_that_validates_and_builds(in_tmp: Path) -> None:
    code, out, err = run(
        "init", "somewhere", "--name", "Safer Somewhere: East", "--quarter", "Q2-2026/27"
    )
    assert code == 0
    assert sorted(out.split()) == sorted(
        f"somewhere/{p}"
        for p in (
            ".github/workflows/scp-validate.yml",
            ".gitignore",
            "plan/partnership.yaml",
            "plan/readings/2026-27-q2.yaml",
            "plan/themes/example.yaml",
            "schema/partnership.schema.json",
            "schema/theme.schema.json",
            "schema/readings.schema.json",
        )
    )
    # From this checkout, CI has nowhere public to install scp-report from: the note says so.
    assert err.splitlines()[-1] == "Next: cd somewhere && scp validate && scp build"
    plan = in_tmp / "somewhere" / "plan"
    assert (
        yaml.safe_load((plan / "partnership.yaml").read_text())["partnership"]["name"]
        == "Safer Somewhere: East"
    )
    ignored = (in_tmp / "somewhere/.gitignore").read_text().split()
    assert ".scp-cache/" in ignored and "out/" in ignored
    workflow = (in_tmp / "somewhere/.github/workflows/scp-validate.yml").read_text()
    assert "scp validate --strict --format github" in workflow
    code, out, _ = run("validate", "--strict", "--plan", str(plan))
    assert code == 0 and out.endswith("1 theme, 1 project, 8 indicators, 8 readings: OK\n")
    rows = json.loads(run("status", "--json", "--plan", str(plan))[1])
    kinds = {r["id"]: r["status"] for r in rows}
    assert kinds == {
        "headline-crime-rate": "Successful",
        "example-at-least": "Close to target",
        "example-fewer-than": "Successful",
        "example-range": "Successful",
        "example-comparator": "Needs improving",
        "example-no-increase": "Close to target",
        "example-reduction": "Successful",
        "example-monitoring": "Monitoring",
    }
    code, out, _ = run(
        "build", "--plan", str(plan), "--out", str(in_tmp / "out"), "--format", "html"
    )
    assert code == 0
    assert out.strip().endswith(
        "safer-somewhere-east-delivery-plan-and-performance-framework-2026-27-2026-27-q2.html"
    )


def test_init_refuses_to_overwrite_and_bad_names(in_tmp: Path) -> None:
    assert run("init", "p", "--name", "Safer Somewhere", "--quarter", "Q1-2026/27")[0] == 0
    before = (in_tmp / "p/plan/partnership.yaml").read_bytes()
    code, _, err = run("init", "p", "--name", "Other", "--quarter", "Q1-2026/27")
    assert code == 1 and "already exists; scp init writes only into a new folder" in err
    assert (in_tmp / "p/plan/partnership.yaml").read_bytes() == before
    assert run("init", "q", "--name", "  ")[0] == 2
    assert run("init", "q")[0] == 2  # --name is required
    assert run("init", "q", "--name", "X", "--quarter", "Q9-2026/27")[0] == 2


def test_the_quarterly_cycle_end_to_end(in_tmp: Path) -> None:
    assert run("init", "p", "--name", "Safer Somewhere", "--quarter", "Q2-2026/27")[0] == 0
    plan = str(in_tmp / "p" / "plan")
    code, out, _ = run("new-quarter", "Q3-2026/27", "--plan", plan)
    assert code == 0 and "8 indicators awaiting figures for Q3 2026/27" in out
    assert run("import", "--template", "q3.csv", "--quarter", "Q3-2026/27", "--plan", plan)[0] == 0
    header, *rows = csv.reader(io.StringIO((in_tmp / "q3.csv").read_text()))
    assert header == [
        "indicator",
        "measure",
        "unit",
        "target",
        "last figure",
        "period",
        "value",
        "rank",
        "numerator",
        "denominator",
        "note",
    ]
    figures = {
        "headline-crime-rate": ("46.0", "2"),
        "example-at-least": ("76", ""),
        "example-comparator": ("41%", ""),
    }
    with (in_tmp / "q3-filled.csv").open("w") as f:
        f.write("indicator,period,value,rank\n")
        for row in rows:
            ident, period = row[0], row[header.index("period")]
            if ident in figures:
                value, rank = figures[ident]
                f.write(f"{ident},{period},{value},{rank}\n")
    code, out, err = run("import", "q3-filled.csv", "--quarter", "Q3-2026/27", "--plan", plan)
    assert code == 0, err
    assert run("validate", "--strict", "--plan", plan)[0] == 0
    code, out, _ = run("diff", "Q2-2026/27", "Q3-2026/27", "--json", "--plan", plan)
    changes = json.loads(out)
    # Measures still awaiting their Q3 figure keep their Q2 figure and its status.
    assert {c["id"]: (c["before"], c["after"]) for c in changes["statuses_changed"]} == {
        "example-at-least": ("Close to target", "Successful"),
        "example-comparator": ("Needs improving", "Successful"),
    }
    assert len(changes["missing_readings"]) == 5
    code, out, _ = run("build", "--plan", plan, "--out", str(in_tmp / "out"))
    assert code == 0 and len(out.split()) == 5  # HTML, PDF, CSV, JSON, datapackage.json


def test_pre_commit_hook_is_declared() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hooks[0]["id"] == "scp-validate"
    assert hooks[0]["entry"] == "scp validate --strict"


def _install_line(folder: Path) -> str:
    """The requirement the CI workflow installs, read from the parsed workflow."""
    workflow = yaml.safe_load((folder / ".github/workflows/scp-validate.yml").read_text())
    runs = [step["run"] for step in workflow["jobs"]["validate"]["steps"] if "run" in step]
    (install,) = [r for r in runs if "pip install" in r]
    words = shlex.split(install)
    assert words[:4] == ["python", "-m", "pip", "install"] and len(words) == 5
    return words[4]


def test_the_ci_workflow_installs_the_source_named(in_tmp: Path) -> None:
    from packaging.requirements import Requirement

    source = "git+https://example.org/safer/scp-report.git@v0.1.0"
    code, _, err = run("init", "p", "--name", "Safer Somewhere", "--install-from", source)
    assert code == 0 and "Note:" not in err
    requirement = Requirement(_install_line(in_tmp / "p"))
    assert (requirement.name, requirement.url) == ("scp-report", source)
    code, _, _ = run("init", "q", "--name", "Q", "--install-from", "scp-report==0.1.0")
    assert code == 0 and str(Requirement(_install_line(in_tmp / "q"))) == "scp-report==0.1.0"


@pytest.mark.parametrize("source", ["rm -rf ~", "https://x/$(id)", "ftp://x/y", "scp-report"])
def test_an_install_source_ci_cannot_use_is_wrong_usage(in_tmp: Path, source: str) -> None:
    code, _, err = run("init", "p", "--name", "P", "--install-from", source)
    assert code == 2 and err.startswith(f"error: --install-from {source!r}: give a URL")
    assert not (in_tmp / "p").exists()


def test_the_ci_workflow_defaults_to_where_this_copy_came_from(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scp_report import scaffold

    monkeypatch.setattr(
        scaffold, "installed_from", lambda: "git+https://example.org/scp-report.git@abc123"
    )
    assert run("init", "p", "--name", "P")[0] == 0
    assert (
        _install_line(in_tmp / "p") == "scp-report @ git+https://example.org/scp-report.git@abc123"
    )


def test_with_no_public_source_the_line_to_edit_is_marked_and_said(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scp_report import scaffold

    monkeypatch.setattr(scaffold, "installed_from", lambda: None)
    code, _, err = run("init", "p", "--name", "P")
    assert code == 0
    assert err.splitlines()[0] == (
        "Note: edit the marked line of p/.github/workflows/scp-validate.yml to say where "
        "your CI installs scp-report from (or run scp init again with --install-from)."
    )
    text = (in_tmp / "p/.github/workflows/scp-validate.yml").read_text()
    assert "# EDIT this line" in text
    assert "YOUR-ORGANISATION" in _install_line(in_tmp / "p")


def test_where_this_copy_came_from_is_read_from_its_install_record(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import importlib.metadata

    from scp_report import scaffold

    class Record:
        def __init__(self, text: str | None) -> None:
            self.text = text

        def read_text(self, name: str) -> str | None:
            assert name == "direct_url.json"
            return self.text

    cases = {
        '{"url": "https://github.com/o/scp-report", "vcs_info": {"vcs": "git", '
        '"commit_id": "abc"}}': "git+https://github.com/o/scp-report@abc",
        '{"url": "https://example.org/scp_report-0.1.0-py3-none-any.whl", '
        '"archive_info": {}}': "https://example.org/scp_report-0.1.0-py3-none-any.whl",
        '{"url": "file:///work/scp-report", "dir_info": {"editable": true}}': None,
        "not json": None,
    }
    for text, expected in cases.items():
        monkeypatch.setattr(importlib.metadata, "distribution", lambda _, t=text: Record(t))
        assert scaffold.installed_from() == expected, text


def test_init_for_a_partnership_whose_year_starts_in_january(in_tmp: Path) -> None:
    code, _, _ = run(
        "init", "cal", "--name", "Safer Calendar", "--year-starts", "January", "-Q", "Q2-2026"
    )
    assert code == 0
    plan = in_tmp / "cal" / "plan"
    assert yaml.safe_load((plan / "partnership.yaml").read_text())["year_starts"] == "January"
    assert sorted(p.name for p in (plan / "readings").iterdir()) == ["2026-q2.yaml"]
    assert run("validate", "--strict", "--plan", str(plan))[0] == 0
    assert run("status", "--plan", str(plan))[1].splitlines()[0] == "Status as at Q2 2026"
    code, _, err = run("init", "x", "--name", "X", "--year-starts", "January", "-Q", "Q2-2026/27")
    assert code == 2
    assert err == (
        "error: --quarter Q2-2026/27: a plan whose year starts in January reports quarters "
        "such as Q3-2026\n"
    )
