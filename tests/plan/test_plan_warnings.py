"""What validate warns about across the plan: published statuses the rules do not give,
and figures too old to stand as current."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..builders import edit
from ..helpers import run_cli as run

READINGS = "readings/2017-18-q3.yaml"


def test_a_published_status_the_rules_do_not_give_is_named_with_both(plan: Path) -> None:
    edit(plan / READINGS, "    value: 49\n", "    value: 49\n    published: {status: Successful}\n")
    code, out, _ = run("validate")
    assert code == 0
    assert (
        "plan/readings/2017-18-q3.yaml:11:25: warning: readings[1].published.status: published "
        "as 'Successful', but the rules give 'Close to target': 49% against at least 50%: 1 "
        "point short, within 5% → Close to target; check the figure and the target, or record "
        "an override with its reason"
    ) in out.splitlines()
    assert run("validate", "--strict")[0] == 1
    edit(
        plan / READINGS,
        "    published: {status: Successful}\n",
        "    published: {status: Successful}\n"
        "    override: {status: Successful, reason: Agreed by the board}\n",
    )
    code, out, _ = run("validate", "--strict")
    assert code == 0, out


def test_a_published_status_the_rules_give_is_quiet(plan: Path) -> None:
    edit(
        plan / READINGS,
        "    value: 49\n",
        "    value: 49\n    published: {status: Close to target}\n",
    )
    assert run("validate", "--strict")[0] == 0


def _q4_plan(plan: Path) -> None:
    """A Q4 file with figures for two of the three measures: example-count's latest stays
    in Q3."""
    (plan / "readings" / "2018-19-q4.yaml").write_text(
        "quarter: Q4-2018/19\nreadings:\n"
        "  - indicator: headline-rate\n    period: 12 months to Mar 2019\n"
        "    value: 44\n    rank: 3\n"
        "  - indicator: example-first-time\n    period: Q4 2018/19\n    value: 55\n"
    )


def test_an_old_latest_figure_is_a_warning(plan: Path) -> None:
    _q4_plan(plan)
    code, out, _ = run("validate")
    assert code == 0
    assert (
        "plan/readings/2017-18-q3.yaml:12:13: warning: readings[2].period: example-count: its "
        "latest figure is for Q3 2017/18, more than 4 quarters before Q4 2018/19: is a newer "
        "figure due? (old_after_quarters in status_rules sets how old is old)"
    ) in out.splitlines()
    # The table shows the figure's own period beside it, so it never looks current.
    assert run("build", "--format", "html", "--out", "out", "-Q", "Q4-2018/19")[0] == 0
    html = next(Path("out").glob("*.html")).read_text()
    start = html.index('id="measure-example-count"')
    assert '12 <span class="period">(Q3 2017/18)</span>' in html[start : start + 600]


@pytest.mark.parametrize(
    "setting", ["status_rules:\n      old_after_quarters: 5", "lag_quarters: 1"]
)
def test_how_old_is_old_is_the_plans_to_say(plan: Path, setting: str) -> None:
    _q4_plan(plan)
    edit(
        plan / "themes" / "example.yaml",
        "  - id: example-count\n",
        f"  - id: example-count\n    {setting}\n",
    )
    code, out, _ = run("validate")
    assert code == 0 and "is a newer figure due?" not in out
