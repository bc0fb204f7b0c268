"""The command line end to end, asserting the exact user-facing messages."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ..builders import overlay
from ..helpers import PLAN, ROOT, ROW_KEYS
from ..helpers import run_cli as run


def test_validate_bundled_plan() -> None:
    code, out, _ = run("validate", "--strict", "--plan", str(PLAN))
    assert code == 0
    lines = out.splitlines()
    assert lines[-1] == f"{PLAN}/: 12 themes, 38 projects, 39 indicators, 39 readings: OK"
    notes = [line for line in lines if ": note: " in line]
    assert len(notes) == 2 and all("override" in n for n in notes)


def test_validate_github_format(in_tmp: Path) -> None:
    overlay("broken-wrong-type", in_tmp / "plan")
    code, out, err = run("validate", "--format", "github")
    assert code == 1
    assert out == (
        "::error file=plan/themes/example.yaml,line=20,col=17::"
        "indicators[0].target.at_least: expected a number, got 'fifty'\n"
    )
    assert err == "plan/: 1 error, 0 warnings: invalid\n"


def test_validate_json_format(in_tmp: Path) -> None:
    overlay("warn-lag", in_tmp / "plan")
    code, out, _ = run("validate", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["ok"] is True and data["strict"] is False
    assert data["summary"] == {
        "themes": 1,
        "projects": 1,
        "indicators": 3,
        "readings": 3,
        "awaited": 0,
    }
    [p] = data["problems"]
    assert p["severity"] == "warning"
    assert (p["file"], p["line"], p["column"], p["location"]) == (
        "plan/readings/2017-18-q3.yaml",
        9,
        13,
        "readings[1].period",
    )
    code, out, _ = run("validate", "--format", "json", "--strict")
    assert code == 1 and json.loads(out)["ok"] is False


def test_validate_missing_plan_folder(in_tmp: Path) -> None:
    code, _, err = run("validate", "--plan", "nowhere")
    assert code == 2
    assert err == (
        "error: plan folder not found: nowhere; give --plan with the folder that holds "
        "partnership.yaml\n"
    )


def test_wrong_usage_exits_2() -> None:
    assert run("validate", "--no-such-option")[0] == 2
    assert run("validate", "--format", "xml")[0] == 2
    assert run("no-such-command")[0] == 2


def test_status_summary() -> None:
    code, out, _ = run("status", "--plan", str(PLAN))
    assert code == 0
    assert out.splitlines()[0] == "Status as at Q3 2017/18"
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines()[3:] if line.strip()}
    assert rows["dasv"] == ["4", "1", "2", "1", "8"]
    assert rows["all"] == ["21", "2", "9", "7", "39"]


def test_status_theme_fits_80_columns() -> None:
    code, out, _ = run("status", "alcohol", "--plan", str(PLAN))
    assert code == 0
    assert max(len(line.rstrip()) for line in out.splitlines()) <= 80
    assert "\x1b[" not in out  # no colour when not a terminal
    for text in ("1,566", "(2015/16)", "1,378", "Needs", "improving", "↑ up*"):
        assert text in out
    # The direction's words wrap in their narrow column: "→ no" over "change*".
    assert re.search(r"→ no +.*\n.* change\*? ", out)
    assert "No increase in alcohol-related" in out
    assert "[^" not in out  # footnote references are not shown raw


def test_status_unknown_theme() -> None:
    code, _, err = run("status", "dsav", "--plan", str(PLAN))
    assert code == 2
    assert err.startswith(
        "error: unknown theme 'dsav'; valid ids: headline, partnership-development, "
    )


@pytest.mark.parametrize("quarter", ["Q5-2017/19", "2017/18", "last"])
def test_status_bad_quarter(quarter: str) -> None:
    code, _, err = run("status", "--quarter", quarter, "--plan", str(PLAN))
    assert code == 2
    assert "a quarter looks like Q3-2017/18" in err


def test_status_json_shape() -> None:
    code, out, _ = run("status", "--all", "--quarter", "Q3-2017/18", "--json", "--plan", str(PLAN))
    assert code == 0
    rows = json.loads(out)
    assert len(rows) == 39
    assert all(set(r) == ROW_KEYS for r in rows)
    first = next(r for r in rows if r["id"] == "dasv-first-time-reports")
    assert first["theme"] == "dasv"
    assert (first["baseline"], first["latest"], first["latest_period"]) == (44, 49, "Q2 2017/18")
    assert (first["direction"], first["direction_source"]) == ("steady", "stated")
    assert first["status"] == "Close to target"
    assert first["reason"] == "49% against at least 50%: 1 point short, within 5% → Close to target"
    assert first["overridden"] is False
    cse = next(r for r in rows if r["id"] == "soc-cse-offender-outcome")
    assert (cse["latest"], cse["latest_text"], cse["direction"]) == (None, "Awaiting data", None)
    assert {r["status"] for r in rows} <= {
        "Successful",
        "Close to target",
        "Needs improving",
        "Monitoring",
    }
    assert sum(r["overridden"] for r in rows) == 2


def test_status_json_for_one_theme() -> None:
    code, out, _ = run("status", "road-safety", "--json", "--plan", str(PLAN))
    assert code == 0
    assert [r["id"] for r in json.loads(out)] == [
        "road-safety-fatal-collisions",
        "road-safety-serious-collisions",
        "road-safety-training-commitment",
    ]


def test_status_invalid_plan_exits_1(in_tmp: Path) -> None:
    overlay("broken-wrong-type", in_tmp / "plan")
    code, _, err = run("status")
    assert code == 1
    assert err.splitlines()[0].startswith("plan/themes/example.yaml:20:17: ")
    assert err.splitlines()[-1] == "1 error: the plan is invalid"


@pytest.mark.parametrize("command", [["validate"], ["status", "dasv"], ["status", "--json"]])
def test_fast_commands_import_neither_jinja_nor_weasyprint(command: list[str]) -> None:
    code = (
        "import sys\n"
        "from scp_report.cli import app\n"
        f"sys.argv = ['scp', *{command!r}, '--plan', {str(PLAN)!r}]\n"
        "try:\n    app()\nexcept SystemExit as e:\n    assert e.code == 0, e.code\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('jinja2', 'weasyprint', 'markdown_it', 'matplotlib', 'openpyxl', 'ruamel'))\n"
        "print('HEAVY', heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "HEAVY []" in out.stdout


def test_validate_starts_without_the_engine_where_no_status_is_recorded(in_tmp: Path) -> None:
    """The engine is needed by `scp validate` only to check the statuses a plan records as
    published: a plan that records none (most plans written with the tool) is checked
    without importing it; one that does is still checked against it."""
    plan = overlay("minimal", in_tmp / "plan")
    code = (
        "import sys\n"
        "from scp_report.cli import app\n"
        f"sys.argv = ['scp', 'validate', '--plan', {str(plan)!r}]\n"
        "try:\n    app()\nexcept SystemExit as e:\n    assert e.code == 0, e.code\n"
        "print('ENGINE', sorted(m for m in sys.modules if m.startswith('scp_report.status')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "ENGINE []" in out.stdout, out.stdout
    readings = plan / "readings" / "2017-18-q3.yaml"
    text = readings.read_text()
    assert "    value: 12\n" in text
    readings.write_text(
        text.replace("    value: 12\n", "    value: 12\n    published: {status: Successful}\n", 1)
    )
    code, out, err = run("validate", "--plan", str(plan))
    assert code == 0, (out, err)
    assert "published as 'Successful', but the rules give" in out + err, (out, err)


def test_version() -> None:
    code, out, _ = run("--version")
    assert code == 0 and out.startswith("scp-report ")


BUG = (
    "import sys; from scp_report import cli; from scp_report.views import problems;"
    "problems.verdict = lambda *a, **k: 1/0; sys.argv=['scp','validate']; cli.main()"
)


def _bug(**env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", BUG],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "SCP_DEBUG": "", **env},
    )


def test_no_python_traceback_for_internal_errors() -> None:
    out = _bug()
    assert out.returncode == 1
    assert "Traceback" not in out.stderr
    assert out.stderr.splitlines() == [
        "internal error: ZeroDivisionError: division by zero",
        "This is a bug in scp-report; please report it with the command you ran "
        "(run it again with SCP_DEBUG=1 to see the traceback).",
    ]


def test_scp_debug_shows_the_traceback_of_a_bug() -> None:
    out = _bug(SCP_DEBUG="1")
    assert out.returncode == 1
    assert out.stderr.startswith("Traceback (most recent call last):")
    assert "ZeroDivisionError: division by zero" in out.stderr
    assert out.stderr.splitlines()[-2] == "internal error: ZeroDivisionError: division by zero"


def _scp(*args: str) -> list[str]:
    return [sys.executable, "-m", "scp_report", *args]


@pytest.mark.parametrize(
    "args",
    [
        ["status", "--all", "--json", "--plan", str(PLAN)],
        ["status", "--all", "--plan", str(PLAN)],
        ["validate", "--plan", str(PLAN)],
    ],
)
def test_a_closed_pipe_ends_the_command_quietly(args: list[str]) -> None:
    # As `scp status --all --json | head -1` does once head has its line.
    proc = subprocess.Popen(_scp(*args), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait() == 1
    assert err == b""


def test_a_command_started_with_standard_output_closed_still_runs() -> None:
    command = " ".join(shlex.quote(a) for a in _scp("validate", "--plan", str(PLAN)))
    out = subprocess.run(f"{command} >&-", shell=True, capture_output=True, text=True)
    assert (out.returncode, out.stderr) == (0, "")


def test_help_with_h_and_help() -> None:
    code, long_help, _ = run("status", "--help")
    assert code == 0 and long_help.startswith("Usage: ")
    assert run("status", "-h") == (0, long_help, "")
    assert run("-h")[1] == run("--help")[1]


def test_required_options_are_marked_required() -> None:
    import re

    _, text, _ = run("import", "--help")
    assert re.search(
        r"--quarter <str>\s+The quarter the figures are reported in\.\s+\[required\]", text
    )
    _, text, _ = run("init", "--help")
    assert re.search(r"--name <str>.*\[required\]", text, re.S)
    code, _, err = run("import", "q4.csv")
    assert code == 2 and "Missing option '--quarter'" in err


def test_shell_completion_is_on() -> None:
    _, text, _ = run("--help")
    assert "--install-completion" in text and "--show-completion" in text


def test_one_app_under_two_names_and_as_a_module() -> None:
    import tomllib

    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts == {"scp": "scp_report.cli:main", "scp-report": "scp_report.cli:main"}
    out = subprocess.run(_scp("--version"), capture_output=True, text=True, check=True)
    assert out.stdout.startswith("scp-report ")
    out = subprocess.run(_scp("-h"), capture_output=True, text=True, check=True)
    assert out.stdout.startswith("Usage: python -m scp_report ")


def test_colour_only_on_a_terminal_without_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    from scp_report.views import terminal as status_view

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert status_view._console().no_color is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert status_view._console().no_color is True


def test_build_progress_lines(tmp_path: Path) -> None:
    from scp_report.build import build
    from scp_report.model.periods import parse_quarter
    from scp_report.plan.loader import load_plan

    lines: list[str] = []
    plan = load_plan(PLAN).plan
    build(plan, parse_quarter("Q3-2017/18"), out=tmp_path, fmt="html", progress=lines.append)
    assert lines[0] == "computed 39 indicators as at Q3 2017/18"
    assert lines[1] == "rendered HTML"
    assert lines[2].startswith(f"wrote {tmp_path}/")


def _awaiting_plan(root: Path) -> Path:
    """The bundled plan with one measure's figure awaited, so that the summary has every
    status column, Awaiting data included."""
    shutil.copytree(PLAN, root)
    readings = root / "readings" / "2017-18-q3.yaml"
    text = readings.read_text()
    readings.write_text(text.replace("value: 49\n", "missing: Awaiting data\n", 1))
    return root


def test_status_summary_with_every_column_fits_80_columns_whole(tmp_path: Path) -> None:
    plan = _awaiting_plan(tmp_path / "plan")
    code, out, _ = run("status", "--plan", str(plan))
    assert code == 0
    lines = out.splitlines()
    assert "…" not in out and max(len(line) for line in lines) <= 80
    assert lines[3].split() == [
        "Theme",
        "Successful",
        "target",
        "improving",
        "Monitoring",
        "data",
        "Total",
    ]
    assert any(line.startswith("partnership-development ") for line in lines)


def test_status_summary_wraps_on_a_narrow_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rich.console import Console

    from scp_report.model.periods import parse_quarter
    from scp_report.plan.loader import load_plan
    from scp_report.status.snapshot import snapshot
    from scp_report.views import terminal

    narrow = Console(width=50, no_color=True, soft_wrap=False, markup=False, emoji=False)
    monkeypatch.setattr(terminal, "_console", lambda: narrow)
    plan = load_plan(_awaiting_plan(tmp_path / "plan")).plan
    out = terminal.status_text(snapshot(plan, parse_quarter("Q3-2017/18")), None, show_all=False)
    assert "…" not in out and max(len(line) for line in out.splitlines()) <= 50
    # Wrapped, not cut: every total is still there.
    assert out.splitlines()[-1].split()[-1] == "39"


# --- issue 23: the command line a new user meets ------------------------------------------


def test_dash_capital_v_shows_the_version() -> None:
    assert run("-V") == run("--version")
    assert run("-V")[1].startswith("scp-report ")


def test_help_lists_every_command_summary_whole() -> None:
    _, text, _ = run("--help")
    commands = text.partition("Commands:")[2]
    assert "..." not in commands
    joined = " ".join(commands.split())
    assert "validate Check every plan file; list every problem with its file, line and column." in (
        joined
    )
    assert (
        "build Render the plan document as at a quarter: self-contained HTML and tagged PDF."
        in (joined)
    )


def test_completion_is_installed_for_scp_report_not_for_openssh_scp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import typer._completion_shared as shared

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(shared, "_get_shell_name", lambda: "bash")
    code, out, err = run("--install-completion")
    assert code == 0, err
    installed = tmp_path / ".bash_completions" / "scp-report.sh"
    assert (
        out == f"bash completion for scp-report installed in {installed}; open a new terminal to "
        "use it\n"
    )
    assert sorted(p.name for p in installed.parent.iterdir()) == ["scp-report.sh"]
    script = installed.read_text()
    assert "_SCP_REPORT_COMPLETE" in script and "complete -o default -F" in script
    assert script.rstrip().endswith(" scp-report")
    # For `scp` only when asked, and with a warning about OpenSSH.
    code, out, err = run("completion", "bash", "--name", "scp")
    assert code == 0
    assert "replaces OpenSSH's scp completion" in err
    assert (installed.parent / "scp.sh").is_file()


def test_completion_offers_theme_ids_quarters_and_plan_folders(in_tmp: Path) -> None:
    import typer
    from typer._click.shell_completion import ShellComplete

    class Offered(ShellComplete):  # what any shell's script would be given
        name = source_template = "test"

        def source_vars(self) -> dict[str, str]:
            return {}

        def get_completion_args(self) -> tuple[list[str], str]:
            return [], ""

        def format_completion(self, item: object) -> str:
            return str(item)

    from scp_report.cli import app

    shutil.copytree(PLAN, in_tmp / "plan")
    shutil.copytree(PLAN, in_tmp / "other" / "plan")
    (in_tmp / "not-a-plan").mkdir()
    complete = Offered(typer.main.get_command(app), {}, "scp-report", "_SCP_REPORT_COMPLETE")

    def offered(args: list[str], incomplete: str) -> list[str]:
        return [c.value for c in complete.get_completions(args, incomplete)]

    assert offered(["status"], "d") == ["dasv", "drugs"]
    assert offered(["status"], "")[:3] == ["headline", "partnership-development", "safer-towns"]
    assert offered(["status", "--quarter"], "Q") == ["Q3-2017/18", "Q4-2017/18"]
    assert offered(["new-quarter"], "") == ["Q3-2017/18", "Q4-2017/18"]
    assert offered(["diff", "Q3-2017/18"], "Q4") == ["Q4-2017/18"]
    assert offered(["validate", "--plan"], "") == ["other", "plan"]


def test_a_theme_in_arrears_is_headed_with_the_report_quarter_and_its_lag() -> None:
    code, out, _ = run("status", "dasv", "--plan", str(PLAN))
    assert code == 0
    title = " ".join(out.split("\n\n")[0].split())
    assert title == (
        "Domestic Abuse and Sexual Violence (dasv): latest figures for Q2 2017/18 "
        "(report quarter Q3 2017/18, figures a quarter in arrears)"
    )
    code, out, _ = run("status", "alcohol", "--plan", str(PLAN))
    assert out.startswith("Alcohol-Related Harm (alcohol): latest figures for Q3 2017/18\n")


def test_run_inside_the_plan_folder_says_to_go_up_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(PLAN, tmp_path / "plan")
    monkeypatch.chdir(tmp_path / "plan")
    code, _, err = run("status")
    assert code == 2
    assert err == (
        "error: plan folder not found: plan; this folder is a plan folder itself (it holds "
        "partnership.yaml): run the command from the folder above it (cd ..), or give --plan .\n"
    )


def test_build_announces_the_pdf_before_rendering_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scp_report import build as building
    from scp_report.model.periods import parse_quarter
    from scp_report.plan.loader import load_plan

    lines: list[str] = []
    monkeypatch.setattr(
        building, "_pdf", lambda *a: (lines.append("(rendering)"), (b"%PDF", 3, False))[1]
    )
    plan = load_plan(PLAN).plan
    building.build(
        plan, parse_quarter("Q3-2017/18"), out=tmp_path, fmt="pdf", progress=lines.append
    )
    assert lines[2:5] == ["rendering the PDF…", "(rendering)", "rendered PDF, 3 pages"]


def _build_on(stdout: int | None, stderr: int | None, out: Path) -> None:
    subprocess.run(
        _scp("build", "--plan", str(PLAN), "--out", str(out), "--format", "html"),
        stdout=stdout,
        stderr=stderr,
        check=True,
        env={**os.environ, "SCP_CACHE": "off"},
    )


def test_build_names_each_file_once_on_a_terminal_and_is_quiet_when_piped(tmp_path: Path) -> None:
    import pty

    html = (
        f"{tmp_path}/safer-cornwall-delivery-plan-and-performance-framework-2018-19-2017-18-q3.html"
    )
    leader, follower = pty.openpty()
    _build_on(follower, follower, tmp_path)
    os.close(follower)
    said = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        said += chunk
    os.close(leader)
    text = said.decode()
    assert text.count(html) == 1
    assert "rendered HTML" in text
    piped = subprocess.run(
        _scp("build", "--plan", str(PLAN), "--out", str(tmp_path), "--format", "html"),
        capture_output=True,
        text=True,
        check=True,
    )
    assert (piped.stdout, piped.stderr) == (f"{html}\n", "")
