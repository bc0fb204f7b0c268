"""`scp validate`: load the plan and report every problem in the chosen format."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .errors import PlanError, Problem, Severity
from .loading import load_plan


def _github(p: Problem) -> str:
    level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "notice"}[
        p.severity
    ]
    props = [f"file={p.file}"]
    if p.line is not None:
        props += [f"line={p.line}", f"col={p.column or 1}"]
    text = (f"{p.location}: " if p.location else "") + p.message
    # GitHub annotations treat %, CR and LF specially in the message.
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return f"::{level} {','.join(props)}::{text}"


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


def run_validate(plan_dir: Path, *, strict: bool, output: str) -> int:
    """Validate the plan at plan_dir; print the result; return the exit code."""
    try:
        result = load_plan(plan_dir, cache=True)
    except PlanError as e:
        problems, plan = e.problems, None
    else:
        problems, plan = result.problems, result.plan
    errors = [p for p in problems if p.severity == Severity.ERROR]
    warnings = [p for p in problems if p.severity == Severity.WARNING]
    failed = bool(errors) or (strict and bool(warnings))
    root = str(plan_dir).rstrip("/") + "/"
    summary = {"themes": 0, "projects": 0, "indicators": 0, "readings": 0}
    if plan is not None:
        summary = {
            "themes": len(plan.themes),
            "projects": sum(len(t.projects) for t in plan.themes),
            "indicators": len(plan.partnership.headline.indicators)
            + sum(len(t.indicators) for t in plan.themes),
            "readings": sum(len(r.readings) for r in plan.readings),
        }

    if output == "json":
        json.dump(
            {
                "plan": root,
                "ok": not failed,
                "strict": strict,
                "summary": summary if plan is not None else None,
                "problems": [_as_dict(p) for p in problems],
            },
            sys.stdout,
            indent=2,
        )
        sys.stdout.write("\n")
        return 1 if failed else 0

    line_for = _github if output == "github" else str
    for p in problems:
        print(line_for(p))
    if errors:
        verdict = f"{_count(len(errors), 'error')}, {_count(len(warnings), 'warning')}: invalid"
    elif failed:
        verdict = f"{_count(len(warnings), 'warning')}, fatal with --strict: invalid"
    else:
        tail = f" ({_count(len(warnings), 'warning')})" if warnings else ""
        verdict = f"OK{tail}"
    if plan is not None:
        counts = (
            f"{_count(summary['themes'], 'theme')}, {_count(summary['projects'], 'project')}, "
            f"{_count(summary['indicators'], 'indicator')}, "
            f"{_count(summary['readings'], 'reading')}"
        )
        message = f"{root}: {counts}: {verdict}"
    else:
        message = f"{root}: {verdict}"
    print(message, file=sys.stderr if output == "github" else sys.stdout)
    return 1 if failed else 0
