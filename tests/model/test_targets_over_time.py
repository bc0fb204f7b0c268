"""Targets over time: year-to-date counts judged against the part of the year due (pro
rata or by a profile), targets that change by year, reductions due by a financial year
or a month, and 'any reduction'."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ..builders import overlay
from ..helpers import run_cli as run

THEME = """\
id: example
title: Example Theme
indicators:
  - id: victims
    measure: Number of victims
    unit: count
    reports: cumulative quarters
{target}
    baseline: {{value: 40, period: "2012/13"}}
"""


def _plan(root: Path, target: str, readings: list[tuple[str, str, int]]) -> None:
    """The minimal plan with one theme of one count measure, and readings (quarter, period,
    value), each in its quarter's file."""
    overlay("minimal", root)
    (root / "themes" / "example.yaml").write_text(THEME.format(target=target))
    for f in (root / "readings").iterdir():
        f.unlink()
    files: dict[str, list[str]] = {}
    for quarter, period, value in readings:
        files.setdefault(quarter, []).append(
            f"  - indicator: victims\n    period: {period}\n    value: {value}\n"
        )
    for quarter, items in files.items():
        year, q = quarter[3:].split("/")[0], quarter[1]
        slug = f"{year}-{int(year[2:]) + 1:02d}-q{q}"
        (root / "readings" / f"{slug}.yaml").write_text(
            f"quarter: {quarter}\nreadings:\n" + "".join(items)
        )
    headline = root / "partnership.yaml"
    text = headline.read_text()
    start, end = text.index("  indicators:\n"), text.index("themes:")
    headline.write_text(text[:start] + text[end:])


def _row(quarter: str) -> dict[str, object]:
    code, out, err = run("status", "--json", "--quarter", quarter)
    assert code == 0, err
    (row,) = json.loads(out)
    return row


def test_a_year_to_date_count_is_judged_pro_rata(in_tmp: Path) -> None:
    _plan(in_tmp / "plan", "    target: {at_most: 36}", [("Q2-2013/14", "Q1-2 2013/14", 20)])
    assert run("validate", "--strict")[0] == 0
    row = _row("Q2-2013/14")
    # 20 in half a year against 36 in a year: 18 due by now, 2 over (11.1%).
    assert row["status"] == "Needs improving"
    assert row["reason"] == (
        "20 against at most 36 (pro rata for 6 of 12 months: at most 18): 2 over (11.1%), "
        "beyond 5% → Needs improving"
    )


def test_or_by_the_profile_the_plan_gives(in_tmp: Path) -> None:
    _plan(
        in_tmp / "plan",
        "    target: {at_most: 36}\n    profile: [20, 60, 80, 100]",
        [("Q2-2013/14", "Q1-2 2013/14", 20)],
    )
    row = _row("Q2-2013/14")
    assert row["status"] == "Successful"
    assert row["reason"] == (
        "20 against at most 36 (by its profile, 60% of the year's by Sep 2013: at most 21.6): "
        "met → Successful"
    )


def test_no_increase_on_a_whole_year_is_judged_on_the_part_of_it(in_tmp: Path) -> None:
    _plan(in_tmp / "plan", "    target: {no_increase: true}", [("Q2-2013/14", "Q1-2 2013/14", 19)])
    row = _row("Q2-2013/14")
    assert row["status"] == "Successful"
    assert row["reason"] == (
        "19 against no increase on 40 (2012/13) (pro rata for 6 of 12 months: no increase on "
        "20): no increase → Successful"
    )


def test_a_year_to_date_direction_compares_the_same_span_a_year_earlier(in_tmp: Path) -> None:
    _plan(
        in_tmp / "plan",
        "    target: {at_most: 36}",
        [
            ("Q2-2012/13", "Q1-2 2012/13", 15),
            ("Q3-2012/13", "Q1-3 2012/13", 30),
            ("Q4-2012/13", "Q1-4 2012/13", 40),
            ("Q2-2013/14", "Q1-2 2013/14", 20),
        ],
    )
    row = _row("Q2-2013/14")
    assert row["direction"] == "up"
    assert str(row["direction_reason"]).startswith("20 (Q1-2 2013/14) against 15 (Q1-2 2012/13)")


def test_a_whole_year_of_quarters_compares_with_a_financial_year(in_tmp: Path) -> None:
    _plan(
        in_tmp / "plan",
        "    target: {at_most: 36}",
        [("Q4-2013/14", "Q1-4 2013/14", 38)],
    )
    row = _row("Q4-2013/14")
    assert row["direction"] == "down"  # 38 against the baseline 40 for 2012/13
    assert row["reason"].startswith("38 against at most 36: 2 over")  # a whole year: no scaling


def test_targets_that_change_by_year(in_tmp: Path) -> None:
    _plan(
        in_tmp / "plan",
        "    targets:\n      - {year: 2012/13, at_most: 36}\n      - {year: 2013/14, at_most: 15}",
        [("Q4-2012/13", "Q1-4 2012/13", 30), ("Q4-2013/14", "Q1-4 2013/14", 20)],
    )
    assert run("validate", "--strict")[0] == 0
    first, second = _row("Q4-2012/13"), _row("Q4-2013/14")
    assert (first["target"], first["status"]) == ("at most 36", "Successful")
    assert (second["target"], second["status"]) == ("at most 15", "Needs improving")
    assert run("build", "--format", "html", "--out", "out", "--quarter", "Q4-2013/14")[0] == 0


def test_a_years_target_is_for_a_year_and_each_year_has_one(in_tmp: Path) -> None:
    _plan(
        in_tmp / "plan",
        "    targets:\n"
        "      - {year: Q1 2012/13, at_most: 36}\n"
        "      - {year: 2013/14, at_most: 15}\n"
        "      - {year: 2013/14, at_most: 14}",
        [("Q4-2012/13", "Q1-4 2012/13", 30)],
    )
    code, out, _ = run("validate")
    assert code == 1
    assert (
        "plan/themes/example.yaml:9:16: indicators[0].targets[0].year: Q1 2012/13 is not a year: "
        "a year's target is for a financial year (2013/14) or a calendar year (2013)"
    ) in out.splitlines()
    assert (
        "indicators[0].targets[2].year: a second target for 2013/14: the first is targets[1]"
    ) in out


@pytest.mark.parametrize(
    ("by", "expected"),
    [
        # A bare year is the plan's year ending in it: in this April plan, March 2020.
        ("2020", "28.6 expected by Mar 2018"),
        ("December 2020", "29.7 expected by Mar 2018"),
        ('"2019/20"', "28.6 expected by Mar 2018"),
        ("March 2019", "26.7 expected by Mar 2018"),
    ],
)
def test_a_reduction_is_due_by_a_year_a_financial_year_or_a_month(
    in_tmp: Path, by: str, expected: str
) -> None:
    _plan(
        in_tmp / "plan",
        f"    target: {{reduction: {{percent: 40, by: {by}, value: 24}}}}",
        [("Q4-2017/18", "2017/18", 30)],
    )
    theme = in_tmp / "plan" / "themes" / "example.yaml"
    theme.write_text(
        theme.read_text().replace("reports: cumulative quarters", "reports: financial year")
    )
    # From 40 (March 2013) to 24 by the date due: where the line is in March 2018.
    row = _row("Q4-2017/18")
    assert expected in str(row["reason"])


@pytest.mark.parametrize(
    ("value", "status", "detail"),
    [
        (39, "Successful", "a reduction"),
        (40, "Close to target", "no reduction: the same as the baseline"),
        (41, "Close to target", "1 higher (2.5%), within 5%"),
        (50, "Needs improving", "10 higher (25%), beyond 5%"),
    ],
)
def test_any_reduction_needs_a_fall(in_tmp: Path, value: int, status: str, detail: str) -> None:
    _plan(in_tmp / "plan", "    target: {any_reduction: true}", [("Q4-2013/14", "2013/14", value)])
    theme = in_tmp / "plan" / "themes" / "example.yaml"
    theme.write_text(
        theme.read_text().replace("reports: cumulative quarters", "reports: financial year")
    )
    row = _row("Q4-2013/14")
    assert (row["status"], row["target"]) == (status, "a reduction on 40 (2012/13)")
    assert row["reason"] == f"{value} against a reduction on 40 (2012/13): {detail} → {status}"


def test_the_first_quarter_of_a_cumulative_count_is_asked_for_year_to_date(in_tmp: Path) -> None:
    # Q1 of cumulative quarters has no Q1-n form: asked for as "Q1 2013/14", a quarter, the
    # figure drew a warning (not a cumulative period) and was judged against the whole
    # year's target. As a year to date it is judged against the part of the year due.
    _plan(in_tmp / "plan", "    target: {at_most: 15}", [("Q4-2012/13", "Q1-4 2012/13", 40)])
    assert run("new-quarter", "Q1-2013/14")[0] == 0
    readings = in_tmp / "plan" / "readings" / "2013-14-q1.yaml"
    text = readings.read_text()
    assert (
        'indicator: victims  # Number of victims\n    period: "YTD Jun 2013"\n    value:\n' in text
    )
    readings.write_text(text.replace("    value:\n", "    value: 4\n"))
    code, out, _ = run("validate", "--strict")
    assert code == 0, out
    row = _row("Q1-2013/14")
    # 15 a year, pro rata for 3 of 12 months: 3.75, to a tenth 3.8 (half to even); 4 is
    # 0.2 over, 0.2 / 3.8 = 5.3%, beyond 5%.
    assert row["reason"] == (
        "4 against at most 15 (pro rata for 3 of 12 months: at most 3.8): 0.2 over (5.3%), "
        "beyond 5% → Needs improving"
    )
