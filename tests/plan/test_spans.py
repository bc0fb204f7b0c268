"""Issue 23, finding 7: a figure that adds up over its period (a count, a rate) is judged
only against a baseline or comparator of the same span, or against a part of a year's
where the plan says how (a count year to date, pro rata); a quarter against a year is
refused by `scp validate` and `scp import`, with what to declare. Percentages and scores
compare across spans, and so do levels as at a date."""

from __future__ import annotations

from pathlib import Path

import pytest

from scp_report.model.models import Indicator
from scp_report.model.periods import parse_period
from scp_report.plan.reading_checks import span_mismatch

from ..builders import edit, overlay
from ..helpers import run_cli as run

THEME = "plan/themes/example.yaml"
Q3 = "plan/readings/2017-18-q3.yaml"
COUNT = """  - id: example-count
    measure: Number of referrals
    unit: count
    baseline: {missing: n/a}
"""


def _measure(
    root: Path,
    period: str,
    baseline: str,
    *,
    unit: str = "count",
    target: str = "{no_increase: true}",
    more: str = "",
) -> None:
    """The minimal plan with example-count given `unit`, `target` and a baseline of 48
    for `baseline`, and its Q3-2017/18 reading of 12 for `period`."""
    overlay("minimal", root / "plan")
    edit(
        root / THEME,
        COUNT,
        f"""  - id: example-count
    measure: Number of referrals
    unit: {unit}
    target: {target}
    baseline: {{value: 48, period: "{baseline}"}}
{more}""",
    )
    edit(root / Q3, 'period: "Q3 2017/18"\n    value: 12', f'period: "{period}"\n    value: 12')


def _reading_line(root: Path) -> int:
    return (root / Q3).read_text().splitlines().index("    value: 12")  # the period's line


QUARTER_AGAINST_YEAR = (
    "Q3 2017/18 covers a quarter but the baseline (2016/17) covers a year, and "
    "example-count's figures are counts, which grow with the period they cover: the two "
    "cannot be compared. To judge it, give the baseline for a quarter (such as Q3 2016/17); "
    "or report the figure for 12 months (12 months to Dec 2017, with reports: rolling 12 "
    "months)"
)


def test_a_quarter_against_a_years_baseline_is_refused_with_what_to_declare(
    in_tmp: Path,
) -> None:
    _measure(in_tmp, "Q3 2017/18", "2016/17")
    code, out, _ = run("validate")
    assert code == 1
    line = _reading_line(in_tmp)
    assert f"{Q3}:{line}:13: readings[2].period: {QUARTER_AGAINST_YEAR}" in out, out


def test_a_rates_quarter_against_a_years_baseline_is_refused(in_tmp: Path) -> None:
    # The finding: "3.4 against no increase on 12.4 (2025/26)", a rate judged silently.
    _measure(in_tmp, "Q3 2017/18", "2016/17", unit="rate")
    code, out, _ = run("validate")
    assert code == 1
    assert "example-count's figures are rates, which grow with the period they cover" in out


def test_a_count_from_the_years_start_is_told_it_may_report_year_to_date(in_tmp: Path) -> None:
    _measure(in_tmp, "Oct-Dec 2017", "2016/17")
    code, out, _ = run("validate")
    assert code == 1
    assert (
        "or if the count runs from the start of the year, write its period as year to date "
        "(YTD Dec 2017, with reports: year to date): it is then judged against the part of "
        "the year's baseline due by then, pro rata (or by the indicator's profile)"
    ) in out, out


def test_import_refuses_the_same_reading_with_the_same_words(in_tmp: Path) -> None:
    _measure(in_tmp, "Q3 2017/18", "2016/17", more="    reports: quarter\n")
    # A plan that validates, for import to add Q4's figure to: Q3's is still awaited.
    edit(in_tmp / Q3, "value: 12", "missing: Awaiting data")
    assert run("validate")[0] == 0
    (in_tmp / "q4.csv").write_text("indicator,value,period\nexample-count,14,Q4 2017/18\n")
    said = QUARTER_AGAINST_YEAR.replace("Q3 2017/18", "Q4 2017/18").replace(
        "Q3 2016/17", "Q4 2016/17"
    )
    said = said.replace("12 months to Dec 2017", "12 months to Mar 2018")
    for check in ([], ["--check"]):
        code, out, err = run("import", "q4.csv", "--quarter", "Q4-2017/18", *check)
        assert (code, out) == (1, ""), err
        assert err.splitlines() == [f"q4.csv:2:3: period: {said}", "1 error: nothing was imported"]
    assert not (in_tmp / "plan/readings/2017-18-q4.yaml").exists()


def test_a_comparators_span_counts_as_the_baselines_does(in_tmp: Path) -> None:
    target = (
        "\n      in_line_with: {name: national average, value: 40, period: 2016/17}"
        "\n    polarity: lower is better"
    )
    _measure(in_tmp, "Q3 2017/18", "Q3 2016/17", target=target)
    code, out, _ = run("validate")
    assert code == 1
    assert "but the national average (2016/17) covers a year" in out
    assert (
        "give the national average's figure for a quarter with the reading (comparator: with "
        "its name, value and period); or report the figure for 12 months"
    ) in " ".join(out.split())


# --- what compares, and is judged --------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "baseline", "unit", "target"),
    [
        # A quarter against the same quarter a year earlier.
        ("Q3 2017/18", "Q3 2016/17", "count", "{no_increase: true}"),
        # Twelve months rolling against a year.
        ("12 months to Dec 2017", "2016/17", "rate", "{no_increase: true}"),
        # A year's figure against a three-year average of years (the bundled plan's fatal
        # collisions).
        ("12 months to Dec 2017", "3 year average 13/14-15/16", "count", "{any_reduction: true}"),
        # A percentage of a quarter's cases against a year's percentage.
        ("Q3 2017/18", "2016/17", "percent", "{no_increase: true}"),
        # A score does not add up over its period either.
        ("Q3 2017/18", "2016/17", "score", "{any_increase: true}"),
        # A level as at a date against a year's figure.
        ("31 December 2017", "2016/17", "count", "{no_increase: true}"),
        # A target figure of its own, not the baseline's (the bundled plan's people in
        # treatment: at least 1,000 each quarter).
        ("Q3 2017/18", "2016/17", "count", "{at_least: 10}"),
        # No target: nothing judged.
        ("Q3 2017/18", "2016/17", "count", "null"),
        # A comparator of the same span.
        (
            "Q3 2017/18",
            "2016/17",
            "count",
            "\n      in_line_with: {name: national average, value: 40, period: Q2 2017/18}"
            "\n    polarity: lower is better",
        ),
    ],
)
def test_figures_of_alike_spans_are_judged(
    in_tmp: Path, period: str, baseline: str, unit: str, target: str
) -> None:
    _measure(in_tmp, period, baseline, unit=unit, target=target)
    code, out, _ = run("validate")
    assert code == 0, out
    code, out, _ = run("status", "example", "--json")
    assert code == 0


@pytest.mark.parametrize("period", ["Q1-3 2017/18", "YTD Dec 2017", "Apr-Dec 2017"])
def test_a_count_year_to_date_is_judged_pro_rata_against_a_years_baseline(
    in_tmp: Path, period: str
) -> None:
    _measure(in_tmp, period, "2016/17", more="    reports: year to date\n")
    code, out, _ = run("validate")
    assert code == 0, out
    code, out, _ = run("status", "example")
    assert code == 0
    assert "pro rata for 9 of 12" in " ".join(out.split())


def test_a_rate_year_to_date_is_not_scaled_and_is_refused(in_tmp: Path) -> None:
    # Pro rata is for counts: the engine judges a rate year to date as it stands.
    _measure(in_tmp, "YTD Dec 2017", "2016/17", unit="rate", more="    reports: year to date\n")
    code, out, _ = run("validate")
    assert code == 1
    assert "YTD Dec 2017 covers 9 months of the year to date but the baseline (2016/17)" in out


def test_a_first_figure_is_asked_for_of_a_span_that_compares(in_tmp: Path) -> None:
    # With nothing declared and no figure yet, a quarter's is asked for, unless it would be
    # refused: then 12 months', which compares with the year's baseline.
    _measure(in_tmp, "Q3 2017/18", "2016/17")
    edit(in_tmp / Q3, '  - indicator: example-count\n    period: "Q3 2017/18"\n    value: 12\n', "")
    assert run("validate")[0] == 0
    assert run("new-quarter", "Q4-2017/18")[0] == 0
    written = (in_tmp / "plan/readings/2017-18-q4.yaml").read_text()
    assert (
        '- indicator: example-count  # Number of referrals\n    period: "12 months to Mar 2018"'
        in written
    )
    first_time = "- indicator: example-first-time  # 50% of incidents are first time reports"
    assert f'{first_time}\n    period: "Q4 2017/18"' in written  # a percentage: a quarter


@pytest.mark.parametrize(
    ("period", "baseline", "said"),
    [
        ("2017/18", "Q3 2016/17", "2017/18 covers a year but the baseline (Q3 2016/17) covers "),
        ("2017/18", "Q3 2016/17", "give the baseline for a year (such as 2016/17)"),
        ("Dec 2017", "2016/17", "give the baseline for a month (such as Dec 2016)"),
        ("12 months to Dec 2017", "Q3 2016/17", "for 12 months (such as 12 months to Dec 2016)"),
        ("Q1-3 2017/18", "Q3 2016/17", "9 months of the year to date (such as YTD Dec 2016)"),
        ("36 months to Mar 2018", "3 year average 14/15-16/17", "covers a year on average"),
    ],
)
def test_the_message_offers_the_same_span_a_year_earlier(
    period: str, baseline: str, said: str
) -> None:
    ind = Indicator.model_validate(
        {
            "id": "x",
            "measure": "Referrals",
            "unit": "count",
            "target": {"no_increase": True},
            "baseline": {"value": 10, "period": parse_period(baseline)},
        }
    )
    message = span_mismatch(ind, parse_period(period), None, 4)
    assert message is not None and said in message, message
