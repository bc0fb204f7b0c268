"""Where the tool writes (files.check_target), and files it must look at without opening
(named pipes and other special files): the links and pipes of tests/hostile/ end to end,
here each rule on its own."""

from __future__ import annotations

import os
import re
import shutil
import threading
from pathlib import Path

import pytest

from scp_report import cache
from scp_report.errors import BuildError, PlanError
from scp_report.files import check_target, tree_digest, write_atomic, write_exclusive
from scp_report.model.periods import parse_quarter
from scp_report.quarter.writer import check_in_plan, readings_path

from ..builders import overlay
from ..helpers import run_cli as run

Q4 = parse_quarter("Q4-2017/18")


def _refusal(path: Path, root: Path) -> str:
    with pytest.raises(PlanError) as e:
        check_target(path, root, "the plan folder")
    (problem,) = e.value.problems
    assert e.value.verdict == "nothing written"
    return str(problem)


@pytest.fixture
def plan(in_tmp: Path) -> Path:
    return overlay("minimal", in_tmp / "plan")


def test_a_file_inside_the_plan_may_be_written_through_links_that_stay_inside(plan: Path) -> None:
    check_target(plan / "readings" / "2017-18-q4.yaml", plan, "the plan folder")  # new
    check_target(plan / "readings" / "2017-18-q3.yaml", plan, "the plan folder")  # existing
    check_target(plan / "new" / "deeper" / "file.yaml", plan, "the plan folder")  # folders made
    (plan / "archive").mkdir()
    shutil.move(plan / "readings", plan / "archive" / "readings")
    (plan / "readings").symlink_to("archive/readings")
    check_target(plan / "readings" / "2017-18-q4.yaml", plan, "the plan folder")


@pytest.mark.parametrize("absolute", [True, False], ids=["absolute", "relative"])
def test_a_link_out_of_the_plan_is_refused(plan: Path, absolute: bool) -> None:
    outside = plan.parent / "elsewhere"
    outside.mkdir()
    shutil.rmtree(plan / "readings")
    (plan / "readings").symlink_to(outside if absolute else Path("..", "elsewhere"))
    assert _refusal(plan / "readings" / "x.yaml", plan) == (
        f"{plan}/readings: is a link to {outside.resolve()}, outside the plan folder, where "
        "nothing is written: put a real folder in its place; then run the command again"
    )
    # the file itself a link out
    (plan / "readings").unlink()
    (plan / "readings").mkdir()
    (plan / "readings" / "x.yaml").symlink_to(outside / "x.yaml")
    (outside / "x.yaml").write_text("quarter: Q4-2017/18\n")
    assert "put a real file in its place" in _refusal(plan / "readings" / "x.yaml", plan)


def test_links_to_nothing_and_loops_are_refused(plan: Path) -> None:
    shutil.rmtree(plan / "readings")
    (plan / "readings").symlink_to("nowhere")  # inside the plan, but nothing there
    assert "is a link to nowhere, which does not exist: remove the link" in _refusal(
        plan / "readings" / "x.yaml", plan
    )
    (plan / "readings").unlink()
    (plan / "readings").symlink_to("readings")
    assert "is a link that loops: remove the link" in _refusal(plan / "readings" / "x.yaml", plan)


def test_special_files_are_refused_by_name_without_being_opened(plan: Path) -> None:
    os.mkfifo(plan / "readings" / "2017-18-q4.yaml")
    # opening the pipe for writing would wait for a reader: the test would hang
    assert _refusal(plan / "readings" / "2017-18-q4.yaml", plan) == (
        f"{plan}/readings/2017-18-q4.yaml: is a named pipe, where a file would be written: "
        "move it away; then run the command again"
    )
    assert "is a named pipe, where a folder should be" in _refusal(
        plan / "readings" / "2017-18-q4.yaml" / "x", plan
    )
    (plan / "readings" / "q.yaml").write_text("")
    assert "is a file, where a folder should be" in _refusal(
        plan / "readings" / "q.yaml" / "x", plan
    )
    (plan / "themes" / "x.yaml").mkdir()
    assert "is a folder, where a file would be written" in _refusal(
        plan / "themes" / "x.yaml", plan
    )


def test_the_new_file_is_checked_in_memory_with_pipes_beside_it(plan: Path) -> None:
    # Once a copy of the whole plan folder, which failed on a named pipe anywhere in it.
    os.mkfifo(plan / "notes")
    text = "quarter: Q4-2017/18\nreadings: []\n"
    before = sorted(p.name for p in plan.rglob("*"))
    checked = check_in_plan(plan, readings_path(plan, Q4), text)
    assert [str(r.quarter) for r in checked.readings] == ["Q3 2017/18", "Q4 2017/18"]
    assert sorted(p.name for p in plan.rglob("*")) == before  # nothing written
    with pytest.raises(
        PlanError, match=re.escape("readings for Q3 2017/18 belong in 2017-18-q3.yaml")
    ):
        check_in_plan(plan, readings_path(plan, Q4), text.replace("Q4-2017/18", "Q3-2017/18"))


def test_new_quarter_writes_nothing_through_a_readings_link(plan: Path) -> None:
    outside = plan.parent / "elsewhere"
    outside.mkdir()
    shutil.rmtree(plan / "readings")
    (plan / "readings").symlink_to(outside)
    code, out, err = run("new-quarter", "Q4-2017/18", "--plan", "plan")
    assert (code, out) == (1, "")
    assert err.startswith("plan/readings: is a link to ")
    assert err.endswith("1 error: nothing written\n")
    assert not list(outside.iterdir())


def test_writing_over_a_special_file_names_it(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "t.csv")
    with pytest.raises(BuildError, match=r"t\.csv: it is a named pipe, not a file: move it away"):
        write_exclusive(tmp_path / "t.csv", b"x")
    with pytest.raises(BuildError, match=r"t\.csv: it is a named pipe, not a file"):
        write_atomic(tmp_path / "t.csv", b"x")


def test_a_named_pipe_in_a_hashed_folder_is_named_not_opened(tmp_path: Path) -> None:
    (tmp_path / "a.css").write_text("a")
    plain = tree_digest(tmp_path)
    os.mkfifo(tmp_path / "pipe")
    done = threading.Event()
    result: list[str] = []

    def digest() -> None:
        result.append(tree_digest(tmp_path))
        done.set()

    threading.Thread(target=digest, daemon=True).start()
    assert done.wait(10), "tree_digest waited on a named pipe"
    assert result[0] != plain
    assert result[0] == tree_digest(tmp_path)  # the same folder, the same digest


@pytest.mark.parametrize("what", ["link", "fifo", "file", "inner-link"])
def test_a_cache_folder_that_is_not_a_folder_is_never_used(plan: Path, what: str) -> None:
    root = cache.cache_root(plan)
    outside = plan.parent / "elsewhere"
    outside.mkdir()
    if what == "link":
        root.symlink_to(outside)
    elif what == "fifo":
        os.mkfifo(root)
    elif what == "file":
        root.write_text("")
    else:
        root.mkdir()
        (root / "plan").symlink_to(outside)
    assert cache.refused(plan) is not None
    assert not cache.usable(plan)
    assert cache.PlanCache.for_plan(plan) is None
    assert cache.PdfCache.for_build(plan, plan.parent / "out") is None
    code, _, err = run("validate", "--plan", "plan")
    assert code == 0
    assert err.startswith("note: ") and "the cache is not used" in err
    assert not list(outside.iterdir())  # nothing written through the link
    code, _, _ = run("cache", "clear", "--plan", "plan")
    assert code == 0 and outside.is_dir()  # the link removed, not what it points to
    if what != "inner-link":
        assert not os.path.lexists(root)
