"""Problem lists, as `scp validate` prints them: text, JSON, or GitHub annotations."""

from __future__ import annotations

import json
from dataclasses import dataclass

from ..errors import Problem, Severity
from ..model.control import printable, printable_json
from ..model.models import Plan


def problem_line(p: Problem) -> str:
    """A problem as one line of text for a terminal: a control character or a line break
    in a file's name (or anywhere else) is written as an escape, so no name can act on the
    terminal or forge another line."""
    return printable(str(p), breaks=True)


def _github_data(text: str) -> str:
    """Text as the data of a GitHub workflow command: `%`, CR and LF escaped as GitHub
    documents, so that nothing in it ends the command or starts another; any other
    control character written as an escape."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return printable(text)


def _github_property(text: str) -> str:
    """Text as the value of a workflow command's property (file=...): as data, and `:`
    and `,` escaped too, so that a file's name cannot end the properties or add one."""
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


def _github(p: Problem) -> str:
    level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "notice"}[
        p.severity
    ]
    props = [f"file={_github_property(p.file)}"]
    if p.line is not None:
        props += [f"line={p.line}", f"col={p.column or 1}"]
    text = (f"{p.location}: " if p.location else "") + p.message
    return f"::{level} {','.join(props)}::{_github_data(text)}"


def _as_dict(p: Problem) -> dict[str, object]:
    return {
        "file": p.file,
        "line": p.line,
        "column": p.column,
        "location": p.location,
        "message": p.message,
        "severity": p.severity.value,
    }


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


@dataclass(frozen=True)
class Verdict:
    """What `scp validate` prints: `out` on standard output, `err` on standard error."""

    failed: bool
    out: str
    err: str


def summary(plan: Plan) -> dict[str, int]:
    """How much the plan holds, as the last line of `scp validate` counts it: readings
    with a figure, and empty readings whose figure is awaited."""
    return {
        "themes": len(plan.themes),
        "projects": sum(len(t.projects) for t in plan.themes),
        "indicators": sum(len(s.indicators) for s in plan.sections),
        "readings": sum(r.has_figure for f in plan.readings for r in f.readings),
        "awaited": sum(not r.has_figure for f in plan.readings for r in f.readings),
    }


def verdict(
    root: str, plan: Plan | None, problems: list[Problem], *, strict: bool, output: str
) -> Verdict:
    """The report of a validation in `output` format (text, json or github)."""
    errors = [p for p in problems if p.severity == Severity.ERROR]
    warnings = [p for p in problems if p.severity == Severity.WARNING]
    failed = bool(errors) or (strict and bool(warnings))
    counts = summary(plan) if plan is not None else None
    if output == "json":
        data = {
            "plan": root,
            "ok": not failed,
            "strict": strict,
            "summary": counts,
            "problems": [_as_dict(p) for p in problems],
        }
        return Verdict(failed, printable_json(json.dumps(data, indent=2)) + "\n", "")
    line_for = _github if output == "github" else problem_line
    lines = "".join(f"{line_for(p)}\n" for p in problems)
    if errors:
        word = f"{_count(len(errors), 'error')}, {_count(len(warnings), 'warning')}: invalid"
    elif failed:
        word = f"{_count(len(warnings), 'warning')}, fatal with --strict: invalid"
    else:
        tail = f" ({_count(len(warnings), 'warning')})" if warnings else ""
        word = f"OK{tail}"
    if counts is not None:
        awaited = counts["awaited"]
        listed = ", ".join(_count(n, kind[:-1]) for kind, n in counts.items() if kind != "awaited")
        if awaited:
            listed += f" ({awaited} awaited)"
        last = f"{printable(root, breaks=True)}: {listed}: {word}\n"
    else:
        last = f"{printable(root, breaks=True)}: {word}\n"
    if output == "github":  # annotations only on standard output
        return Verdict(failed, lines, last)
    return Verdict(failed, lines + last, "")
