"""Missing data in the partnership's words, and baselines as frameworks state them."""

from __future__ import annotations

import json
from pathlib import Path

from ..helpers import run_cli as run

Q4 = """\
quarter: Q4-2017/18
readings:
  - indicator: example-first-time
    period: "Q4 2017/18"
    missing: {missing}
"""


def _q4(root: Path, missing: str) -> None:
    (root / "readings" / "2017-18-q4.yaml").write_text(Q4.format(missing=missing))


def _row(quarter: str = "Q4-2017/18") -> dict[str, object]:
    code, out, err = run("status", "--json", "--quarter", quarter)
    assert code == 0, err
    return next(r for r in json.loads(out) if r["id"] == "example-first-time")


def test_a_word_the_plan_does_not_know_is_refused_with_the_fix(plan: Path) -> None:
    _q4(plan, "NYA")
    code, out, _ = run("validate")
    assert code == 1
    assert (
        "plan/readings/2017-18-q4.yaml:5:14: readings[0].missing: 'NYA' is not a word this "
        "plan knows for a missing figure (Awaiting data, Not reported, n/a); say what it "
        "means, as missing: {kind: awaited, text: NYA} (or not published, not applicable), "
        "or list it under missing_words in partnership.yaml"
    ) in out.splitlines()


def test_the_plans_own_word_for_awaited_leaves_the_last_figure_standing(plan: Path) -> None:
    (plan / "partnership.yaml").write_text(
        (plan / "partnership.yaml").read_text() + "missing_words:\n  NYA: awaited\n"
    )
    _q4(plan, "NYA")
    row = _row()
    assert (row["latest_text"], row["latest_period"], row["status"]) == (
        "49%",
        "Q3 2017/18",
        "Close to target",
    )
    assert (row["awaited_period"], row["later_text"]) == ("Q4 2017/18", "NYA")
    assert str(row["reason"]).endswith("; the Q4 2017/18 figure is awaited (NYA)")
    assert run("build", "--quarter", "Q4-2017/18", "--format", "html", "--out", "out")[0] == 0
    html = next(Path("out").glob("*.html")).read_text()
    assert '<span class="awaited">NYA (Q4 2017/18).</span>' in html


def test_no_new_figure_published_keeps_the_last_one_marked_not_updated(plan: Path) -> None:
    _q4(plan, "{kind: not published, text: No new data published}")
    row = _row()
    assert (row["latest_text"], row["status"]) == ("49%", "Close to target")
    assert (row["not_updated_period"], row["awaited_period"]) == ("Q4 2017/18", None)
    assert row["later_text"] == "No new data published"
    assert str(row["reason"]).endswith(
        "; not updated: no new figure published for Q4 2017/18 (No new data published)"
    )
    assert run("build", "--quarter", "Q4-2017/18", "--format", "html", "--out", "out")[0] == 0
    html = next(Path("out").glob("*.html")).read_text()
    start = html.index('id="measure-example-first-time"')
    cell = html[start : html.index("</tr>", start)]
    assert '<span class="awaited">No new data published (Q4 2017/18).</span>' in cell
    assert '<span class="not-updated">(not updated)</span>' in cell


def test_a_partners_n_a_keeps_the_last_figure_and_its_status_not_updated(plan: Path) -> None:
    # Issue 23: a partner's n/a said "Successful → Awaiting data" with no reason. Only
    # words meaning awaited wait for a figure; n/a says no new figure came.
    _q4(plan, "n/a")
    row = _row()
    assert (row["latest_text"], row["latest_period"], row["status"]) == (
        "49%",
        "Q3 2017/18",
        "Close to target",
    )
    assert (row["not_updated_period"], row["later_text"]) == ("Q4 2017/18", "n/a")
    assert str(row["reason"]).endswith(
        "; not updated: no new figure published for Q4 2017/18 (n/a)"
    )
    assert run("build", "--quarter", "Q4-2017/18", "--format", "html", "--out", "out")[0] == 0
    html = next(Path("out").glob("*.html")).read_text()
    start = html.index('id="measure-example-first-time"')
    cell = html[start : html.index("</tr>", start)]
    assert '<span class="not-updated">(not updated)</span>' in cell
    # The trends text says what happened, first. (The trends appendix draws only a
    # measure with a history, which this one lacks: its sentences are read from the
    # snapshot the appendix prints them from.)
    from scp_report.model.periods import parse_quarter
    from scp_report.plan.loader import load_plan
    from scp_report.status.snapshot import snapshot

    snap = snapshot(load_plan(plan).plan, parse_quarter("Q4-2017/18"))
    row = next(r for v in snap.sections for r in v.rows if r.indicator.id == "example-first-time")
    assert row.sentences[0] == "No new figure for Q4 2017/18 (n/a); the last is 49% (Q3 2017/18)."


def test_diff_says_a_partners_n_a_left_the_last_figure_standing(plan: Path) -> None:
    _q4(plan, "n/a")
    code, out, _ = run("diff", "Q3-2017/18", "Q4-2017/18")
    assert code == 0
    assert "Statuses changed: none\n" in out
    assert (
        "Not updated (the last figure stands): 1\n"
        "  example-first-time: no new figure for Q4 2017/18 (n/a); last 49% (Q3 2017/18)\n"
    ) in out
    code, out, _ = run("diff", "Q3-2017/18", "Q4-2017/18", "--json")
    assert json.loads(out)["not_updated"] == [
        {
            "theme": "example",
            "id": "example-first-time",
            "measure": "50% of incidents are first time reports",
            "before": None,
            "after": None,
            "detail": "no new figure for Q4 2017/18 (n/a); last 49% (Q3 2017/18)",
        }
    ]


def test_n_a_with_no_earlier_figure_is_shown_as_written(plan: Path) -> None:
    readings = plan / "readings" / "2017-18-q3.yaml"
    readings.write_text(readings.read_text().replace("    value: 49\n", "    missing: n/a\n"))
    code, out, _ = run("status", "--json", "--quarter", "Q3-2017/18")
    assert code == 0
    row = next(r for r in json.loads(out) if r["id"] == "example-first-time")
    assert (row["latest_text"], row["latest_period"], row["status"]) == (
        "n/a",
        "Q3 2017/18",
        "Awaiting data",
    )


def test_a_baseline_value_without_its_period_is_a_warning(plan: Path) -> None:
    theme = plan / "themes" / "example.yaml"
    theme.write_text(
        theme.read_text().replace(
            'baseline: {value: 44, period: "2014/15"}', "baseline: {value: 44}"
        )
    )
    code, out, _ = run("validate")
    assert code == 0
    assert (
        "plan/themes/example.yaml:21:23: warning: indicators[0].baseline.value: the baseline "
        "value has no period: give the period it covers (period: 2016/17), so that it can be "
        "compared with the readings"
    ) in out.splitlines()
    assert run("validate", "--strict")[0] == 1


def test_a_reduction_needs_its_baseline_s_period(plan: Path) -> None:
    theme = plan / "themes" / "example.yaml"
    theme.write_text(
        theme.read_text().replace(
            '    target:\n      at_least: 50\n    baseline: {value: 44, period: "2014/15"}',
            "    target:\n      reduction: {percent: 10, by: 2020, value: 40}\n"
            "    baseline: {value: 44}",
        )
    )
    code, out, _ = run("validate")
    assert code == 1
    assert (
        "indicators[0].baseline: the reduction target needs the period of its baseline value: "
        "the line to the target starts there"
    ) in out
