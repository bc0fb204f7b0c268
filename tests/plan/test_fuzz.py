"""Fuzzing the loader with random mutations of the real plan files.

Each example copies one file of `plan/` (in a temporary copy of the whole folder),
mutates it (lines deleted, duplicated, swapped or re-indented, scalars changed, random
text or bytes inserted, the file truncated) and loads the plan. Every outcome must be a
valid plan or a `PlanError` whose every problem names a file in the plan folder with a
line and column inside it; never any other exception.

In CI the run is derandomised and bounded (SCP_FUZZ_EXAMPLES, default 150 examples);
for a longer local run: `SCP_FUZZ_EXAMPLES=5000 .venv/bin/python -m pytest tests/plan/test_fuzz.py`.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scp_report.errors import PlanError, Problem
from scp_report.plan.loader import LoadResult, load_plan

from ..helpers import PLAN, ROOT
from ..yaml_reference import check_against_reference

EXAMPLES = int(os.environ.get("SCP_FUZZ_EXAMPLES", "150"))
FILES = sorted(p.relative_to(PLAN).as_posix() for p in PLAN.rglob("*.yaml"))
ORIGINALS = {rel: (PLAN / rel).read_bytes() for rel in FILES}

# Values a hand-edited file may well end up holding, good and bad.
SCALARS = [
    *("", "~", "null", "true", "no", "on", "yes", "off", "y", "010", "0x1F", "1:30", "1_000"),
    *("0", "-1", "49", "101", "49.5", "1e3", "1e999999", "1e-999999", ".inf", ".nan"),
    *("9" * 40, "0.0000001", "2019-03-31", "2019-02-30", "2019-03-31 10:00"),
    *('"Q3 2017/18"', '"Q5 2017/18"', '"2017/19"', '"12 months to Nov 2017"', "Q3-2017/18"),
    *("[]", "{}", "[a, b]", "{a: 1}", "[", "{", "]", "'", '"', "*x", "&x y", "*undefined"),
    *("!!python/object/apply:os.system [ls]", "!!binary aGk=", "!custom x", "|", ">-"),
    *("- x", ": x", "? x", "%YAML 1.1", "---", "...", "#", "\t", "@x", "`x`"),
    *("<script>alert(1)</script>", "{{ 7*7 }}", "[x](javascript:alert(1))", "dasv"),
    *("higher is better", "lower is better", "percent", "count", "Successful", "n/a"),
]


def _lines(data: str) -> list[str]:
    return data.split("\n")


def _index(draw: st.DrawFn, items: list[str]) -> int:
    return draw(st.integers(0, max(len(items) - 1, 0)))


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    """One plan file and its mutated bytes."""
    rel: str = draw(st.sampled_from(FILES))
    data = ORIGINALS[rel]
    for _ in range(draw(st.integers(1, 3))):
        data = draw(st.sampled_from(MUTATIONS))(draw, data)
    return rel, data


def _delete_line(draw: st.DrawFn, data: bytes) -> bytes:
    lines = _lines(data.decode("utf-8", "surrogateescape"))
    del lines[_index(draw, lines)]
    return "\n".join(lines).encode("utf-8", "surrogateescape")


def _duplicate_line(draw: st.DrawFn, data: bytes) -> bytes:
    lines = _lines(data.decode("utf-8", "surrogateescape"))
    i = _index(draw, lines)
    lines.insert(i, lines[i])
    return "\n".join(lines).encode("utf-8", "surrogateescape")


def _swap_lines(draw: st.DrawFn, data: bytes) -> bytes:
    lines = _lines(data.decode("utf-8", "surrogateescape"))
    i, j = _index(draw, lines), _index(draw, lines)
    lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines).encode("utf-8", "surrogateescape")


def _reindent_line(draw: st.DrawFn, data: bytes) -> bytes:
    lines = _lines(data.decode("utf-8", "surrogateescape"))
    i = _index(draw, lines)
    indent: str = draw(st.sampled_from(["", " ", "  ", "    ", "\t", "      "]))
    lines[i] = indent + lines[i].lstrip(" ")
    return "\n".join(lines).encode("utf-8", "surrogateescape")


def _change_scalar(draw: st.DrawFn, data: bytes) -> bytes:
    """Replace what follows 'key:' or '- ' on a line with another value."""
    lines = _lines(data.decode("utf-8", "surrogateescape"))
    candidates = [
        i for i, line in enumerate(lines) if ": " in line or line.lstrip().startswith("- ")
    ]
    if not candidates:
        return data
    i: int = draw(st.sampled_from(candidates))
    value: str = draw(
        st.one_of(st.sampled_from(SCALARS), st.text(max_size=20), st.integers().map(str))
    )
    line = lines[i]
    cut = line.index(": ") + 2 if ": " in line else line.index("- ") + 2
    lines[i] = line[:cut] + value
    return "\n".join(lines).encode("utf-8", "surrogateescape")


def _insert_text(draw: st.DrawFn, data: bytes) -> bytes:
    at: int = draw(st.integers(0, len(data)))
    text: str = draw(st.text(min_size=1, max_size=30))
    return data[:at] + text.encode("utf-8", "surrogatepass") + data[at:]


def _insert_bytes(draw: st.DrawFn, data: bytes) -> bytes:
    at: int = draw(st.integers(0, len(data)))
    junk: bytes = draw(st.binary(min_size=1, max_size=8))
    return data[:at] + junk + data[at:]


def _truncate(draw: st.DrawFn, data: bytes) -> bytes:
    return data[: draw(st.integers(0, len(data)))]


MUTATIONS = [
    _delete_line,
    _duplicate_line,
    _swap_lines,
    _reindent_line,
    _change_scalar,
    _change_scalar,  # the likeliest edit by hand, so twice as often
    _insert_text,
    _insert_bytes,
    _truncate,
]


@pytest.fixture(scope="module")
def plan_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz") / "plan"
    shutil.copytree(PLAN, root)
    return root


def _check(problem: Problem, root: Path, files: dict[str, bytes]) -> None:
    """A problem names a file in the plan folder, with a line and column inside it."""
    path = Path(problem.file)
    assert path.is_relative_to(root), problem
    rel = path.relative_to(root).as_posix()
    assert rel in files, problem
    assert problem.line is not None and problem.column is not None, problem
    assert problem.line >= 1 and problem.column >= 1, problem
    assert problem.line <= files[rel].count(b"\n") + 1, problem
    assert str(problem)  # prints


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(mutation=mutated())
def test_mutated_plan_loads_or_fails_with_located_problems(
    plan_copy: Path, mutation: tuple[str, bytes]
) -> None:
    rel, data = mutation
    files = dict(ORIGINALS)
    files[rel] = data
    (plan_copy / rel).write_bytes(data)
    try:
        result = load_plan(plan_copy)
    except PlanError as e:
        assert e.errors
        problems = e.problems
    else:
        assert isinstance(result, LoadResult)
        problems = result.problems
    finally:
        (plan_copy / rel).write_bytes(ORIGINALS[rel])
    for problem in problems:
        _check(problem, plan_copy, files)


def test_the_unmutated_copy_is_valid(plan_copy: Path) -> None:
    result = load_plan(plan_copy)
    assert not result.warnings


@settings(
    max_examples=EXAMPLES * 2,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(mutation=mutated())
def test_mutated_files_read_as_pyyaml_reads_them(mutation: tuple[str, bytes]) -> None:
    check_against_reference(mutation[1])


YAML_FILES = sorted(
    p
    for folder in (ROOT / "tests", ROOT / "src" / "scp_report" / "skeleton")
    for p in folder.rglob("*")
    if p.suffix in (".yaml", ".yml") and p.is_file() and not p.is_symlink()
) + sorted(PLAN.rglob("*.yaml"))


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_yaml_file_in_the_repository_reads_as_pyyaml_reads_it(path: Path) -> None:
    check_against_reference(path.read_bytes())


def test_the_bundled_plan_files_are_read() -> None:
    for rel, raw in ORIGINALS.items():
        assert check_against_reference(raw), rel
