"""A plan loaded and then checked against the engine: each status recorded as published
that the rules do not give, with no override to explain it, is a warning.

This sits above both reading (`plan/`) and judging (`status/`): loading a plan never runs
the engine; the commands that check a plan load it through here.
"""

from __future__ import annotations

from pathlib import Path

from .collector import collector_paused
from .errors import Severity
from .plan.loader import LoadResult, load_plan


def check_published(result: LoadResult) -> LoadResult:
    """Add a warning for each published status the rules do not give. The engine is
    imported only for a plan that records a published status: most plans written with
    the tool record none, and `scp validate` then starts without it."""
    if all(r.checked_status is None for f in result.plan.readings for r in f.readings):
        return result
    from .status.snapshot import disagreements

    with collector_paused():  # as while the plan loads: many values, no cycles
        found = list(disagreements(result.plan))
    result.add(
        (
            rfile,
            ("readings", i, "published", "status"),
            f"published as {published!r}, but the rules give {computed!r}: {reason}; check "
            "the figure and the target, or record an override with its reason",
            Severity.WARNING,
        )
        for rfile, i, published, computed, reason in found
    )
    return result


def load_checked(root: str | Path = "plan", *, cache: bool = False) -> LoadResult:
    """`load_plan`, then the published statuses checked (`check_published`)."""
    return check_published(load_plan(root, cache=cache))
