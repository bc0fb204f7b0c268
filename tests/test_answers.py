"""The answers of `scp validate` and `scp status`, kept beside the plan (.scp-cache/answers/).

A repeated command prints exactly what a full run prints, without loading pydantic,
typer or rich; any change to what it depends on is a miss; a corrupt entry is rewritten,
never trusted; only exit codes 0 and 1 are kept. Also: the entry point's own reading of
the inner loop's command lines.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from scp_report import answers, entry

from .conftest import FIXTURES, overlay

HEAVY = ("pydantic", "typer", "rich", "yaml", "click")
# Runs the entry point like the `scp` script, then writes the heavy modules it loaded.
RUNNER = f"""\
import os, sys
from scp_report.entry import main
try:
    main()
finally:
    heavy = sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r}))
    open(os.environ['SCP_TEST_MODULES'], 'w').write(' '.join(heavy))
"""


def scp(cwd: Path, *args: str, cache: bool = True) -> tuple[int, str, str, list[str]]:
    """Run `scp` in a fresh process: exit code, stdout, stderr and the heavy modules loaded."""
    modules = cwd / ".modules"
    env = {**os.environ, "SCP_TEST_MODULES": str(modules), "NO_COLOR": "1"}
    env.pop("SCP_CACHE", None)
    if not cache:
        env["SCP_CACHE"] = "off"
    out = subprocess.run(
        [sys.executable, "-c", RUNNER, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    loaded = modules.read_text().split()
    modules.unlink()
    return out.returncode, out.stdout, out.stderr, loaded


def _answers(root: Path) -> dict[str, bytes]:
    folder = root / ".scp-cache" / "answers"
    return {p.name: p.read_bytes() for p in folder.iterdir()} if folder.is_dir() else {}


COMMANDS = [
    ("validate", "--strict", "--plan", "plan"),
    ("validate", "--format", "json", "--plan", "plan"),
    ("validate", "--format=github", "--plan=plan"),
    ("status", "--json", "--plan", "plan"),
    ("status", "example", "--plan", "plan"),
    ("status", "--all", "-Q", "Q3-2017/18", "--plan", "plan"),
]


@pytest.mark.parametrize("case", ["minimal", "broken-many", "warn-lag"])
def test_a_repeated_command_prints_the_same_without_loading_the_plan(
    case: str, tmp_path: Path
) -> None:
    assert (FIXTURES / case).is_dir()
    overlay(case, tmp_path / "plan")
    for command in COMMANDS:
        full = scp(tmp_path, *command, cache=False)
        first = scp(tmp_path, *command)
        again = scp(tmp_path, *command)
        assert first[:3] == full[:3], command
        assert again[:3] == full[:3], command
        assert "pydantic" in first[3]  # the first run loaded the plan
        assert again[3] == [], command  # the second printed the answer, nothing more
    assert len(_answers(tmp_path)) == len(COMMANDS)


def test_a_change_to_a_plan_file_is_a_miss(tmp_path: Path) -> None:
    plan = overlay("minimal", tmp_path / "plan")
    assert scp(tmp_path, "validate", "--plan", "plan")[0] == 0
    theme = plan / "themes" / "example.yaml"
    good = theme.read_bytes()
    theme.write_bytes(good.replace(b"title: Example Theme", b"title: [broken"))
    code, out, _, loaded = scp(tmp_path, "validate", "--plan", "plan")
    assert code == 1 and "plan/themes/example.yaml:" in out and "pydantic" in loaded
    theme.write_bytes(good)
    code, _, _, loaded = scp(tmp_path, "validate", "--plan", "plan")
    assert code == 0 and loaded == []  # the first answer again


def test_a_new_file_and_a_renamed_one_are_misses(tmp_path: Path) -> None:
    plan = overlay("minimal", tmp_path / "plan")
    first = scp(tmp_path, "validate", "--plan", "plan")
    (plan / "themes" / "notes.txt").write_text("not a plan file\n")
    assert scp(tmp_path, "validate", "--plan", "plan")[3] != []
    readings = plan / "readings" / "2017-18-q3.yaml"
    readings.rename(plan / "readings" / "2017-18-q4.yaml")
    code, out, err, loaded = scp(tmp_path, "validate", "--plan", "plan")
    assert loaded != [] and (code, out, err) != first[:3]


def test_the_environment_and_the_command_line_are_part_of_the_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    overlay("minimal", tmp_path / "plan")
    scp(tmp_path, "status", "--plan", "plan")
    assert scp(tmp_path, "status", "--plan", "plan")[3] == []
    assert scp(tmp_path, "status", "--plan", "plan/")[3] != []  # printed differently
    monkeypatch.setenv("COLUMNS", "132")
    assert scp(tmp_path, "status", "--plan", "plan")[3] != []


@pytest.mark.parametrize("damage", ["garbage", "truncated", "tampered", "other-key"])
def test_a_corrupt_answer_is_rewritten_never_trusted(damage: str, tmp_path: Path) -> None:
    overlay("minimal", tmp_path / "plan")
    first = scp(tmp_path, "validate", "--plan", "plan")
    [(name, data)] = _answers(tmp_path).items()
    path = tmp_path / ".scp-cache" / "answers" / name
    entry_ = json.loads(data)
    if damage == "garbage":
        path.write_bytes(b"\x00not json")
    elif damage == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "tampered":  # a changed text under the old digest
        entry_["chunks"][-1][1] = "plan/: OK, trust me\n"
        path.write_text(json.dumps(entry_))
    else:
        entry_["key"] = "0" * 64
        path.write_text(json.dumps(entry_))
    again = scp(tmp_path, "validate", "--plan", "plan")
    assert again[:3] == first[:3] and again[3] != []  # run in full
    assert _answers(tmp_path)[name] == data  # and rewritten


def test_usage_errors_are_not_kept(tmp_path: Path) -> None:
    overlay("minimal", tmp_path / "plan")
    code, _, err, _ = scp(tmp_path, "status", "no-such-theme", "--plan", "plan")
    assert code == 2 and "unknown theme" in err
    assert _answers(tmp_path) == {}
    assert scp(tmp_path, "status", "no-such-theme", "--plan", "plan")[3] != []


def test_no_answers_with_the_cache_off(tmp_path: Path) -> None:
    overlay("minimal", tmp_path / "plan")
    scp(tmp_path, "validate", "--plan", "plan", cache=False)
    assert not (tmp_path / ".scp-cache").exists()


def test_a_fifo_in_the_plan_folder_is_not_opened(tmp_path: Path) -> None:
    plan = overlay("minimal", tmp_path / "plan")
    os.mkfifo(plan / "readings" / "2017-18-q4.yaml")
    code, out, _, _ = scp(tmp_path, "validate", "--plan", "plan")  # no hang (timeout)
    assert code == 1 and "not a regular file" in out


def test_a_link_out_of_the_plan_folder_is_not_followed(tmp_path: Path) -> None:
    plan = overlay("minimal", tmp_path / "plan")
    outside = tmp_path / "outside.yaml"
    outside.write_text("secret: 1\n")
    (plan / "themes" / "link.yaml").symlink_to(outside)
    first = scp(tmp_path, "validate", "--plan", "plan")
    assert first[0] == 1 and "outside the plan folder" in first[1]
    outside.write_text("secret: 2\n")  # not part of the key: never read
    assert scp(tmp_path, "validate", "--plan", "plan")[3] == []


def test_an_answer_is_not_kept_when_the_plan_changed_while_it_ran(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = overlay("minimal", tmp_path / "plan")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SCP_CACHE", raising=False)

    def run() -> None:
        theme = plan / "themes" / "example.yaml"
        theme.write_bytes(theme.read_bytes() + b"# edited while the command ran\n")
        raise SystemExit(0)

    with pytest.raises(SystemExit):
        entry.answer(entry.Request(("validate",), "plan", run))  # type: ignore[arg-type]
    assert _answers(tmp_path) == {}


def test_the_answer_store_refuses_what_it_did_not_write(tmp_path: Path) -> None:
    plan = overlay("minimal", tmp_path / "plan")
    answers.put(str(plan), "k" * 64, 0, [["out", "hello\n"]])
    assert answers.get(str(plan), "k" * 64) == (0, [["out", "hello\n"]])
    assert answers.get(str(plan), "j" * 64) is None
    answers.put(str(plan), "e" * 64, 1, [["nowhere", "x"]])
    assert answers.get(str(plan), "e" * 64) is None


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--help"],
        ["validate", "--help"],
        ["validate", "--format", "xml"],
        ["validate", "--plan"],
        ["validate", "--plan", ""],
        ["validate", "--plan", "a", "--plan", "b"],
        ["validate", "extra"],
        ["validate", "--", "x"],
        ["status", "a", "b"],
        ["status", "--quarter", "-x"],
        ["status", "--unknown"],
        ["status", "-Qx"],
        ["build"],
        ["cache", "clear"],
    ],
)
def test_other_command_lines_go_to_the_full_command_line(argv: list[str]) -> None:
    assert entry.parse(argv) is None


@pytest.mark.parametrize(
    ("argv", "plan"),
    [
        (["validate"], "plan"),
        (["validate", "--strict", "--format", "github", "--plan", "p"], "p"),
        (["validate", "--format=json", "--plan=p/"], "p/"),
        (["status"], "plan"),
        (["status", "dasv", "--json", "--all", "-Q", "Q3-2017/18", "--plan", "x"], "x"),
        (["status", "--quarter=Q1-2018/19", "dasv"], "plan"),
    ],
)
def test_the_inner_loop_command_lines_are_recognised(argv: list[str], plan: str) -> None:
    request = entry.parse(argv)
    assert request is not None and request.plan == plan and request.argv == tuple(argv)


def test_an_unreadable_folder_keeps_no_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = overlay("minimal", tmp_path / "plan")
    assert answers.key(["validate"], str(plan)) is not None
    real = os.scandir

    def scandir(path: str) -> object:  # as chmod 0 would, for a user other than root
        if str(path).endswith("themes"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    assert answers.key(["validate"], str(plan)) is None
