"""Chance or change: directions tested for significance, recent trends, confidence
intervals and status by interval, on the fixture plan `significance` (tests/fixtures),
with every expected figure worked by hand in the comments; and the checks on the counts
behind a figure."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest

from scp_report.model.figures import Measurement
from scp_report.model.models import DirectionName, Indicator, StatusName
from scp_report.model.periods import parse_period
from scp_report.model.rules import DEFAULT_RULES
from scp_report.model.values import Unit, rate_base
from scp_report.plan.loader import load_plan
from scp_report.status.snapshot import Row, direction_of, snapshot, status_of
from scp_report.status.uncertainty import (
    change_p,
    counts_of,
    interval,
    p_text,
    recent_trend,
    rounded,
    significant,
)

from ..builders import overlay
from ..helpers import run_cli

Q3 = parse_period("Q3-2017/18")


@pytest.fixture
def rows(tmp_path: Path) -> dict[str, Row]:
    # Made for each test, not once per module: mutation testing (make mutate) runs only the
    # tests that reach a mutated function, and a module fixture reaches it in the first only.
    root = overlay("significance", tmp_path / "plan")
    plan = load_plan(root).plan
    return {r.indicator.id: r for r in snapshot(plan, Q3).rows}


def test_one_to_three_is_no_significant_change(rows: dict[str, Row]) -> None:
    # Given 4 homicides over two equal years, the second year's count is binomial(4, 1/2):
    # P(3) = 4/16; every outcome no more likely (0, 1, 3, 4) adds up to (1+4+4+1)/16 =
    # 0.625, p = 0.63: chance.
    d = rows["example-homicides"].direction
    assert d is not None
    assert d.name == DirectionName.STEADY and d.tested
    assert d.reason == (
        "3 (2016/17) against 1 (2015/16): not significant (p = 0.63) → no significant change"
    )
    assert d.p == pytest.approx(0.625)


def test_120_to_180_is_a_significant_rise(rows: dict[str, Row]) -> None:
    # binomial(300, 1/2) at 180: z = (180 - 150) / sqrt(75) = 3.46, p about 0.0006.
    d = rows["example-violence"].direction
    assert d is not None
    assert (d.name, d.better) == (DirectionName.UP, False)  # lower is better
    assert d.reason == ("180 (2016/17) against 120 (2015/16): a significant rise (p < 0.001) → up")
    assert d.p is not None and 0.0005 < d.p < 0.0007


def test_a_percentage_is_tested_on_its_numerator_and_denominator(rows: dict[str, Row]) -> None:
    # 380 of 1000 then 450 of 1000: pooled 830/2000 = 0.415, standard error
    # sqrt(0.415 x 0.585 x 2/1000) = 0.02204, z = 0.07 / 0.02204 = 3.177, p = 0.0015.
    row = rows["example-repeats"]
    assert row.direction is not None
    assert row.direction.reason == (
        "45.0% (Q3 2017/18) against 38.0% (Q2 2017/18): a significant rise (p = 0.0015) → up"
    )
    # Wilson, 450 of 1000: (900 + 3.8416 -/+ 1.96 sqrt(3.8416 + 990)) / 2007.68 =
    # 0.4194 to 0.4810: to the figure's one decimal place, 41.9-48.1%.
    assert row.interval is not None
    assert (row.interval.low, row.interval.high) == (D("41.9"), D("48.1"))
    assert row.interval.method == "Wilson"


def test_a_rate_is_tested_on_its_count_and_population(rows: dict[str, Row]) -> None:
    # 510 then 525 events in the same population over equal quarters: binomial(1035, 1/2)
    # at 525, p = 0.66.
    d = rows["example-asb-rate"].direction
    assert d is not None and d.name == DirectionName.STEADY
    assert d.reason == (
        "0.92 (Q3 2017/18) against 0.89 (Q2 2017/18): not significant (p = 0.66) → "
        "no significant change"
    )


def test_a_figure_without_counts_is_decided_by_steady_percent_and_says_so(
    rows: dict[str, Row],
) -> None:
    d = rows["example-satisfaction"].direction
    assert d is not None and d.name == DirectionName.DOWN and not d.tested
    assert d.reason == (
        "76% (Q3 2017/18) against 80% (Q2 2017/18): change -4, 5% beyond 2%; not tested for "
        "significance: no numerator and denominator"
    )
    assert rows["example-satisfaction"].interval is None


def test_recent_trend_of_a_rising_percentage(rows: dict[str, Row]) -> None:
    # 300, 320, 350, 380, 450 of 1000 at t = 0..4: overall 1800/5000 = 0.36, T = 300(-2) +
    # 320(-1) + 380(1) + 450(2) = 360, variance 0.36 x 0.64 x 1000 x (4+1+0+1+4) = 2304,
    # chi-squared 360^2 / 2304 = 56.25 (z = 7.5), p far below 0.001: increasing, and as
    # lower is better (an at-most target), getting worse.
    trend = rows["example-repeats"].trend
    assert trend is not None
    assert (trend.name, trend.better, trend.text) == (
        "increasing",
        False,
        "increasing and getting worse",
    )
    assert trend.reason == (
        "5 figures, Q3 2016/17 to Q3 2017/18: chi-squared test for trend, p < 0.001 → "
        "increasing and getting worse"
    )


def test_recent_trend_of_a_steady_rate_and_too_few_counts(rows: dict[str, Row]) -> None:
    trend = rows["example-asb-rate"].trend
    assert trend is not None and trend.name == "no significant change"
    assert trend.reason.startswith("5 figures, Q3 2016/17 to Q3 2017/18: Poisson regression, p = ")
    # Two yearly figures: too few for a trend.
    few = rows["example-homicides"].trend
    assert few is not None and few.text == "too few figures for a trend (2 of 5)"
    none = rows["example-satisfaction"].trend
    assert none is not None and none.text == "too few figures for a trend (0 of 5)"


def test_intervals_of_counts_are_exact_below_ten_and_byars_above(rows: dict[str, Row]) -> None:
    # 3: exact limits chi2(0.025, 6)/2 = 0.619 and chi2(0.975, 8)/2 = 8.767; a whole figure
    # under 10 gets one decimal place.
    small = rows["example-homicides"].interval
    assert small is not None and (small.low, small.high, small.method) == (
        D("0.6"),
        D("8.8"),
        "exact Poisson",
    )
    # 180: Byar, 180 (1 - 1/1620 - 1.96/(3 sqrt 180))^3 = 154.7 and
    # 181 (1 - 1/1629 + 1.96/(3 sqrt 181))^3 = 208.3.
    big = rows["example-violence"].interval
    assert big is not None and (big.low, big.high, big.method) == (D("155"), D("208"), "Byar")


def _count(value: int, period: str = "2016/17") -> Measurement:
    return Measurement(D(value), parse_period(period))


def test_a_whole_figure_gets_a_decimal_place_while_its_upper_limit_has_one_digit() -> None:
    # 4: exact limits chi2(0.025, 8)/2 = 1.090 and chi2(0.975, 10)/2 = 10.242: two digits,
    # so none after the point.
    four = interval(_count(4), Unit.COUNT, D(95))
    assert four is not None and (four.low, four.high) == (D("1"), D("10"))
    # 4 of 100: Wilson (8 + 3.8416 -/+ 1.96 sqrt(3.8416 + 15.36)) / 207.68 = 0.0157 to
    # 0.0984: 1.6-9.8%.
    share = Measurement(D(4), Q3, None, None, 4, D(100))
    four_percent = interval(share, Unit.PERCENT, D(95))
    assert four_percent is not None and (four_percent.low, four_percent.high) == (
        D("1.6"),
        D("9.8"),
    )
    # A figure written to places keeps them: 4.0 gets one, whatever its limits.
    share = Measurement(D("4.0"), Q3, None, None, 4, D(100))
    assert interval(share, Unit.PERCENT, D(95)) == four_percent


def test_exact_limits_below_ten_and_byars_from_ten() -> None:
    nine, ten = interval(_count(9), Unit.COUNT, D(95)), interval(_count(10), Unit.COUNT, D(95))
    assert nine is not None and nine.method == "exact Poisson"
    assert ten is not None and ten.method == "Byar"


def test_limits_are_rounded_half_up() -> None:
    assert rounded(41.85, 1) == D("41.9")  # as written, not the float's 41.850000000000001
    assert rounded(0.125, 2) == D("0.13")
    assert rounded(2.5, 0) == D("3")
    assert rounded(8.7669, 1) == D("8.8")
    assert rounded(1.0, 2) == D("1.00")


def test_a_figure_has_counts_only_where_they_are_given_in_full() -> None:
    assert counts_of(Measurement(None, Q3, None, None, 4, D(10)), Unit.PERCENT) is None
    assert counts_of(Measurement(D(40), Q3, None, None, 4, None), Unit.PERCENT) is None
    assert counts_of(Measurement(D(40), Q3, None, None, None, D(10)), Unit.PERCENT) is None
    assert counts_of(Measurement(D(40), Q3, None, None, 4, D(10)), Unit.SCORE) is None
    assert counts_of(Measurement(D(40), None, None, None, 4, D(10)), Unit.PERCENT) is None
    assert counts_of(Measurement(D("2.5"), Q3), Unit.COUNT) is None  # not a whole count
    assert counts_of(Measurement(D(-2), Q3), Unit.COUNT) is None
    assert counts_of(Measurement(D(40), Q3, None, None, 4, D(10)), Unit.PERCENT) is not None


def test_figures_of_unlike_lengths_are_compared_per_month() -> None:
    # 100 in a quarter, then 400 in a year: the same 33.3 a month. Given 500, the year's
    # count is binomial(500, 12/15), whose most likely outcome is 400: p = 1.
    assert change_p(_count(400), _count(100, "Q4 2015/16"), Unit.COUNT) == 1.0
    # The same as rates in a population of 1,000: exposures of 3,000 and 12,000.
    quarter = Measurement(D(100), parse_period("Q4 2015/16"), None, None, 100, D(1000))
    year = Measurement(D(400), parse_period("2016/17"), None, None, 400, D(1000))
    assert change_p(year, quarter, Unit.RATE) == 1.0


def test_a_rate_without_its_base_has_no_interval() -> None:
    m = Measurement(D("0.92"), Q3, numerator=525, denominator=D(572000))
    assert interval(m, Unit.RATE, D(95), None) is None


def test_significance_is_below_one_minus_the_confidence_level() -> None:
    # 87.5% makes 0.125, a float exactly: at it, not significant; just below, significant.
    assert significant(0.125, D("87.5")) is False
    assert significant(0.1249, D("87.5")) is True
    # 1 - 0.95 in floats is 0.050000000000000044; in decimals, 0.05.
    assert significant(0.05, D(95)) is False
    assert significant(0.0499, D(95)) is True


def test_a_rate_interval_is_its_counts_interval_per_its_base() -> None:
    # 525 events in 572,000 people, per 1,000: Byar 481.3-571.8 events, so
    # 0.841-1.000 per 1,000; to the figure's two places, 0.84-1.00.
    m = Measurement(D("0.92"), Q3, numerator=525, denominator=D(572000))
    iv = interval(m, Indicator.model_validate(_rate()).unit, D(95), 1000)
    assert iv is not None and (iv.low, iv.high) == (D("0.84"), D("1.00"))
    assert rate_base(None, "per 1,000 population") == 1000
    assert rate_base(None, "incidents per 100,000 people") == 100000
    assert rate_base(250, "per 1,000 population") == 250
    assert rate_base(None, "incidents") is None
    assert rate_base(None, None) is None


def _rate(**kw: Any) -> dict[str, Any]:
    return {
        "id": "r",
        "measure": "m",
        "unit": "rate",
        "unit_label": "per 1,000 population",
        "polarity": "lower is better",
        "baseline": {"value": D("0.91"), "period": "Q2 2017/18"},
        **kw,
    }


def test_p_values_in_words() -> None:
    assert p_text(0.6249999999999993) == "p = 0.63"  # a float's 0.625 is rounded half up
    assert p_text(0.04166) == "p = 0.042"
    assert p_text(0.05) == "p = 0.050"
    assert p_text(0.001) == "p = 0.0010"
    assert p_text(0.000999) == "p < 0.001"
    assert p_text(1.0) == "p = 1.0"


def test_the_confidence_level_decides_what_is_significant() -> None:
    ind = Indicator.model_validate(
        {"id": "c", "measure": "m", "unit": "count", "baseline": {"value": 20, "period": "2015/16"}}
    )
    latest = Measurement(D(32), parse_period("2016/17"))
    earlier = [Measurement(D(20), parse_period("2015/16"))]
    # binomial(52, 1/2) at 32: p = 0.12 (not significant at 95%, nor at 80%: 0.12 < 0.2 is).
    for level, name in ((D(95), DirectionName.STEADY), (D(80), DirectionName.UP)):
        rules = DEFAULT_RULES.__class__(direction_method="significance", confidence=level)
        d = direction_of(ind, latest, None, earlier, rules)
        assert d is not None and d.name == name, (level, d)


def test_counts_that_differ_behind_an_equal_figure_are_said_to_differ_not_to_be_chance() -> None:
    # 45.04% then 44.96% of 10 million, both written 45.0: pooled 0.45, standard error
    # sqrt(0.45 x 0.55 x 2 / 10^7) = 0.000222, z = 0.0008 / 0.000222 = 3.6, p < 0.001.
    # The test finds a difference the written figures do not show: steady, "no change",
    # and never "not significant (p < 0.001)".
    ind = Indicator.model_validate(
        {
            "id": "p",
            "measure": "m",
            "unit": "percent",
            "baseline": {"value": 45, "period": "Q2 2017/18"},
        }
    )
    million = D(10_000_000)
    latest = Measurement(D("45.0"), parse_period("Q3 2017/18"), None, None, 4_504_000, million)
    earlier = [Measurement(D("45.0"), parse_period("Q2 2017/18"), None, None, 4_496_000, million)]
    rules = DEFAULT_RULES.__class__(direction_method="significance")
    d = direction_of(ind, latest, None, earlier, rules)
    assert d is not None and d.name == DirectionName.STEADY and d.tested and not d.chance
    assert d.reason == (
        "45.0% (Q3 2017/18) against 45.0% (Q2 2017/18): a significant difference in the "
        "counts behind the same figure as written (p < 0.001) → no change"
    )
    assert d.said() == "no change"


def test_close_by_interval_decides_between_close_and_missed() -> None:
    ind = Indicator.model_validate(
        {
            "id": "c",
            "measure": "m",
            "unit": "count",
            "target": {"at_most": 18},
            "baseline": {"value": 20, "period": "2015/16"},
        }
    )
    rules = DEFAULT_RULES.__class__(close_by_interval=True)
    # 24 against at most 18: 6 over (33.3%), beyond 5%; Byar's 95% interval of 24 is
    # 15.4-35.7 and includes 18: Close to target.
    status, reason = status_of(ind, Measurement(D(24), parse_period("2016/17")), rules, "Q1")
    assert status == StatusName.CLOSE
    assert reason == (
        "24 against at most 18: 6 over (33.3%), beyond 5%, but its 95% interval 15–36 "
        "includes the target → Close to target"
    )
    # 40: 40 (1 - 1/360 - 1.96/(3 sqrt 40))^3 = 28.6, above 18: Needs improving.
    status, reason = status_of(ind, Measurement(D(40), parse_period("2016/17")), rules, "Q1")
    assert status == StatusName.NEEDS_IMPROVING
    assert reason.endswith(
        "beyond 5%; its 95% interval 29–54 excludes the target → Needs improving"
    )
    # 18.5 is within 5% by the percent rule, but a count of 18.5 has no interval: the
    # percent rule decides, and the reason says why.
    status, reason = status_of(ind, Measurement(D("18.5"), parse_period("2016/17")), rules, "Q1")
    assert status == StatusName.CLOSE
    assert reason.endswith(
        "within 5%; no interval to judge by: not a whole count → Close to target"
    )


def test_trend_over_too_few_and_uncomputable_points() -> None:
    months = ["Q1 2016/17", "Q2 2016/17", "Q3 2016/17", "Q4 2016/17", "Q1 2017/18"]
    figures = [
        Measurement(D(v), parse_period(p)) for v, p in zip([0, 0, 0, 0, 5], months, strict=True)
    ]
    trend = recent_trend(figures, Indicator.model_validate(_rate()).unit, None, D(95), 5)
    assert trend.name == "too few"  # a rate without counts has none to test
    assert (trend.points, trend.p, trend.better) == (0, None, None)
    assert trend.reason == trend.text == "too few figures for a trend (0 of 5)"
    counted = recent_trend(figures[:3], Unit.COUNT, None, D(95), 5)
    assert (counted.name, counted.points) == ("too few", 3)

    trend = recent_trend(figures, Unit.COUNT, None, D(95), 5)
    assert (trend.name, trend.points, trend.p, trend.better) == ("not calculated", 5, None, None)
    assert trend.text == "could not be calculated"
    assert trend.reason == (
        "5 figures, Q1 2016/17 to Q1 2017/18: Poisson regression → could not be calculated"
    )


# --- the counts behind a figure, checked -------------------------------------------------


def _validate_with(tmp_path: Path, readings: str, theme_edit: tuple[str, str] | None = None) -> str:
    root = overlay("significance", tmp_path / "plan")
    (root / "readings" / "2017-18-q3.yaml").write_text(
        "quarter: Q3-2017/18\nreadings:\n" + readings
    )
    if theme_edit is not None:
        theme = root / "themes" / "example.yaml"
        theme.write_text(theme.read_text().replace(*theme_edit))
    code, out, err = run_cli("validate", "--plan", str(root))
    assert code == 1, err
    return out


def test_bad_counts_are_refused_with_file_line_and_column(tmp_path: Path) -> None:
    err = _validate_with(
        tmp_path,
        '  - {indicator: example-repeats, period: "Q3 2017/18", value: 45.0, '
        "numerator: 1200, denominator: 1000}\n"
        '  - {indicator: example-satisfaction, period: "Q3 2017/18", value: 52, '
        "numerator: 412, denominator: 841}\n"
        '  - {indicator: example-homicides, period: "2017/18", value: 3, numerator: 3, '
        "denominator: 10}\n",
    )
    lines = err.splitlines()
    readings = str(tmp_path / "plan" / "readings" / "2017-18-q3.yaml")
    assert (
        f"{readings}:3:80: readings[0].numerator: numerator 1,200 is larger than its "
        "denominator 1,000: a percentage counts part of a whole" in lines
    )
    # 412 of 841 is 48.99%, so a value written as 52 (to the unit) disagrees.
    assert any(
        line.startswith(f"{readings}:4:")
        and "readings[1].value: 52 does not agree with its numerator 412 and denominator "
        "841, which give 49.0%: check the three figures"
        in line
        for line in lines
    ), lines
    assert any(
        "readings[2].numerator: numerator and denominator are for percentages and rates; "
        "a count's figure is its own count: remove them" in line
        for line in lines
    ), lines


def test_a_denominator_of_zero_or_below_is_refused(tmp_path: Path) -> None:
    for bad in ("0", "-841"):
        out = _validate_with(
            tmp_path / bad,
            '  - {indicator: example-asb-rate, period: "Q3 2017/18", value: 0.92, '
            f"numerator: 525, denominator: {bad}}}\n",
        )
        readings = str(tmp_path / bad / "plan" / "readings" / "2017-18-q3.yaml")
        assert out.startswith(f"{readings}:3:"), out
        assert (
            "readings[0].denominator: expected a number above 0 (what a count is out of), "
            f"got {bad}" in out
        )


def test_a_value_agrees_with_its_counts_to_the_places_it_is_written_to(tmp_path: Path) -> None:
    root = overlay("significance", tmp_path / "plan")
    (root / "readings" / "2017-18-q3.yaml").write_text(
        "quarter: Q3-2017/18\nreadings:\n"
        # 412 of 841 is 48.989...%: 49 (to the unit) and 49.0 agree.
        '  - {indicator: example-satisfaction, period: "Q3 2017/18", value: 49, '
        "numerator: 412, denominator: 841}\n"
        '  - {indicator: example-repeats, period: "Q3 2017/18", value: 49.0, '
        "numerator: 412, denominator: 841}\n"
    )
    code, out, err = run_cli("validate", "--plan", str(root))
    assert code == 0, out + err


def test_a_rate_needs_its_base_and_a_half_given_pair_is_refused(tmp_path: Path) -> None:
    err = _validate_with(
        tmp_path,
        '  - {indicator: example-asb-rate, period: "Q3 2017/18", value: 0.92, '
        "numerator: 525, denominator: 572000}\n"
        '  - {indicator: example-repeats, period: "Q3 2017/18", value: 45.0, numerator: 450}\n',
        ("    unit_label: per 1,000 population\n", ""),
    )
    assert (
        "readings[0].numerator: a rate's count and population need the rate's base: give "
        "the indicator per: 1000" in err
    )
    assert (
        "readings[1].numerator: a numerator without its denominator: give both, or neither" in err
    )


# --- counts through a spreadsheet ---------------------------------------------------------


def test_import_brings_counts_in_and_checks_them(in_tmp: Path) -> None:
    root = overlay("significance", in_tmp / "plan")
    path = root / "readings" / "2017-18-q4.yaml"
    (in_tmp / "q4.csv").write_text(
        "indicator,period,value,numerator,denominator\nexample-repeats,Q4 2017/18,41.2,412,1000\n"
    )
    code, _, err = run_cli("import", "q4.csv", "--quarter", "Q4-2017/18")
    assert code == 0, err
    assert path.read_text().endswith(
        "  - indicator: example-repeats\n"
        '    period: "Q4 2017/18"\n'
        "    value: 41.2\n"
        "    numerator: 412\n"
        "    denominator: 1000\n"
    )
    # A rate's count and population may be headed so; a new figure without counts drops
    # the old ones, which were the old figure's.
    (in_tmp / "q4b.csv").write_text(
        "indicator,period,value,count,population\n"
        'example-asb-rate,Q4 2017/18,"0.95","544","572,000"\n'
        "example-repeats,Q4 2017/18,41.0,,\n"
    )
    code, _, err = run_cli("import", "q4b.csv", "--quarter", "Q4-2017/18", "--replace")
    assert code == 0, err
    text = path.read_text()
    assert "    value: 41.0\n  - indicator" in text.replace("numerator", "NUM")
    assert (
        "  - indicator: example-asb-rate\n"
        '    period: "Q4 2017/18"\n'
        "    value: 0.95\n"
        "    numerator: 544\n"
        "    denominator: 572000\n"
    ) in text
    assert run_cli("validate", "--plan", str(root))[0] == 0


def test_import_refuses_counts_that_disagree(in_tmp: Path) -> None:
    root = overlay("significance", in_tmp / "plan")
    (in_tmp / "q4.csv").write_text(
        "indicator,period,value,numerator,denominator\n"
        "example-repeats,Q4 2017/18,41.2,1412,1000\n"
        "example-satisfaction,Q4 2017/18,52,412,841\n"
        "example-asb-rate,Q4 2017/18,0.95,54.5,0\n"
    )
    code, _, err = run_cli("import", "q4.csv", "--quarter", "Q4-2017/18")
    assert code == 1
    assert err.splitlines() == [
        "q4.csv:2:4: numerator: numerator 1,412 is larger than its denominator 1,000: a "
        "percentage counts part of a whole",
        "q4.csv:3:3: value: 52 does not agree with its numerator 412 and denominator 841, "
        "which give 49.0%: check the three figures",
        "q4.csv:4:4: numerator: '54.5' is not a count: write a whole number of 0 or more",
        "q4.csv:4:5: denominator: '0' is not above 0: a denominator is what a count is out of",
        "4 errors: nothing was imported",
    ]
    assert not (root / "readings" / "2017-18-q4.yaml").exists()


def test_scp_status_shows_tests_trends_and_intervals(tmp_path: Path) -> None:
    root = overlay("significance", tmp_path / "plan")
    code, out, err = run_cli("status", "example", "--plan", str(root))
    assert code == 0, err
    flat = " ".join(out.split())
    assert "→ n.s." in out and "n.s.: no significant change." in flat
    assert (
        "Recent trend: 5 figures, Q3 2016/17 to Q3 2017/18: chi-squared test for trend, p" in flat
    )
    # The intervals follow the latest figures (the columns wrap at 80 characters).
    assert "latest: 45.0%" in out and "(41.9–48.1%)" in out
    assert "(0.6–8.8)" in out and "(155–208)" in out


# --- the document ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = overlay("significance", tmp_path_factory.mktemp("sig-doc") / "plan")
    out = root.parent / "out"
    code, _, err = run_cli("build", "--plan", str(root), "--out", str(out), "-q")
    assert code == 0, err
    return out


def _html(out: Path) -> str:
    return next(p for p in out.glob("*.html")).read_text()


def test_the_document_shows_intervals_tests_and_trends(built: Path) -> None:
    html = _html(built)
    # The latest column says what the bracketed figures are; each figure has its own.
    assert (
        'Latest performance Q3 2017/18 <span class="interval-heading">'
        "(95% confidence interval)</span>" in html
    )
    assert '45.0% <span class="interval">(41.9–48.1%)</span>' in html
    assert '3 <span class="interval">(0.6–8.8)</span>' in html
    # A change that may be chance is said to be so beside its arrow.
    assert '<span class="direction-word">no significant change</span>' in html
    # The trends appendix: the recent trend in words, a band for the intervals and a
    # column for them in the table under the chart.
    assert "Recent trend: increasing and getting worse." in html
    assert 'class="chart-interval"' in html and "<polygon" in html
    assert '<th scope="col">95% confidence interval</th>' in html
    assert "<td>41.9–48.1%</td>" in html


def test_a_plan_that_does_not_ask_shows_no_intervals(tmp_path: Path) -> None:
    root = overlay("significance", tmp_path / "plan")
    partnership = root / "partnership.yaml"
    partnership.write_text(partnership.read_text().replace("  show_intervals: true\n", ""))
    out = tmp_path / "out"
    assert run_cli("build", "--plan", str(root), "--out", str(out), "--format", "html")[0] == 0
    html = _html(out)
    assert "interval" not in html.replace("chart-interval {", "")  # the stylesheet's rule only
    # Significance still decides the arrows, and the recent trend is still given.
    assert '<span class="direction-word">no significant change</span>' in html
    assert "Recent trend: increasing and getting worse." in html


@pytest.mark.slow
@pytest.mark.parametrize("width", [1280, 320])
def test_the_document_passes_axe(built: Path, width: int, tmp_path: Path) -> None:
    from ..a11y_browser import chromium, describe, run_axe

    with chromium(tmp_path / "profile") as context:
        page = context.new_page()
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(next(built.glob("*.html")).as_uri())
        violations = run_axe(page)
        assert violations == [], describe(violations)
        assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_the_default_method_changes_nothing_in_the_bundled_plans_build(tmp_path: Path) -> None:
    """A plan that asks for nothing builds as one that names every default: no interval,
    no test, no trend, and the data keep their columns."""
    import shutil

    from ..helpers import PLAN

    named = tmp_path / "named" / "plan"
    shutil.copytree(PLAN, named)
    partnership = named / "partnership.yaml"
    text = partnership.read_text()
    assert "status_rules:\n" in text
    partnership.write_text(
        text.replace(
            "status_rules:\n",
            "status_rules:\n  direction_method: steady_percent\n  confidence: 95\n"
            "  close_by_interval: false\n",
            1,
        )
    )
    outs = []
    for plan in (PLAN, named):
        out = tmp_path / f"out-{len(outs)}"
        for kind in ("html", "data"):  # the PDF is made from the same HTML
            args = ["build", "--plan", str(plan), "--out", str(out), "--format", kind]
            code, _, err = run_cli(*args, "--quarter", "Q3-2017/18", "-q")
            assert code == 0, err
        outs.append(out)
    produced = sorted(p.name for p in outs[0].iterdir())
    assert len(produced) == 4 and produced == sorted(p.name for p in outs[1].iterdir())
    for name in produced:
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name


def test_a_trend_is_fitted_on_months_from_its_first_figure() -> None:
    # Five quarters, three months apart: the Poisson regression sees times 0, 3, 6, 9, 12,
    # so its answer is the one stats.poisson_trend gives for them, to the last bit.
    from scp_report.status import stats

    periods = ["Q3 2016/17", "Q4 2016/17", "Q1 2017/18", "Q2 2017/18", "Q3 2017/18"]
    figures = [
        Measurement(D(c), parse_period(p))
        for c, p in zip([40, 44, 47, 55, 58], periods, strict=True)
    ]
    trend = recent_trend(figures, Unit.COUNT, None, D(95), 5)
    counts = [counts_of(f, Unit.COUNT) for f in figures]
    assert all(c is not None for c in counts)
    expected = stats.poisson_trend(
        [c.count for c in counts if c], [c.base for c in counts if c], [0.0, 3.0, 6.0, 9.0, 12.0]
    )
    assert expected is not None and trend.p == expected.p


def test_an_interval_carries_its_confidence_level() -> None:
    m = Measurement(D(24), parse_period("2016/17"))
    for level in (D(90), D(95), D(99)):
        iv = interval(m, Unit.COUNT, level)
        assert iv is not None and iv.confidence == level
