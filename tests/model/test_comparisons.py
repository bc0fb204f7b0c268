"""Targets and comparisons other partnerships' published frameworks use (issue 25): an
increase on the baseline (any_increase), a reduction stated by its end figure and
percentage with the baseline worked out from them, a rank of N (the group's size given
with the rank, and ranks in named groups), shown whether or not a rank target judges it.

The fixture partnership tests/partnerships/ashcombe (written from `scp init`) holds one
measure of each; every expected status and reason below is worked out by hand from its
figures, in the comment beside it.
"""

from __future__ import annotations

import json
import re
import shutil
from decimal import Decimal as D
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from pydantic import ValidationError

from scp_report.model import figures as fmt
from scp_report.model import targets as t
from scp_report.model.figures import Measurement
from scp_report.model.models import Baseline, Indicator, Polarity, Reading, StatusRules, Unit
from scp_report.model.periods import parse_period
from scp_report.model.rules import DEFAULT_RULES, Rules, layered
from scp_report.model.words import DEFAULT_WORDS
from scp_report.views import opendata
from scp_report.views.opendata import (
    FIELDS,
    STATISTICS_FIELDS,
    fields_of,
    has_ranks_of,
    target_fields,
    target_kinds,
)

from ..helpers import PARTNERSHIPS
from ..helpers import run_cli as run

FIVE = D(5)
P = Unit.PERCENT
C = Unit.COUNT


def _ind(**kw: Any) -> Indicator:
    data: dict[str, Any] = {
        "id": "x",
        "measure": "m",
        "unit": "count",
        "baseline": {"value": 40, "period": "2012/13"},
    }
    return Indicator.model_validate(data | kw)


@pytest.fixture(scope="module")
def ashcombe(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture plan, copied so that its cache is written beside the copy."""
    root = tmp_path_factory.mktemp("ashcombe")
    shutil.copytree(PARTNERSHIPS / "ashcombe" / "plan", root / "plan")
    return root / "plan"


def _rows(plan: Path, quarter: str) -> dict[str, dict[str, Any]]:
    code, out, err = run("status", "--all", "--json", "--quarter", quarter, "--plan", str(plan))
    assert code == 0, err
    return {r["id"]: r for r in json.loads(out)}


# --- any increase ----------------------------------------------------------------------------


def test_any_increase_needs_a_rise_above_the_baseline() -> None:
    assert t.any_increase(D(41), D(40), FIVE, C) == t.Judgement(t.Outcome.MET, "an increase")
    assert t.any_increase(D("40.1"), D(40), FIVE, C).outcome == t.Outcome.MET
    # Level with the baseline is no increase, but as near as a miss can be.
    assert t.any_increase(D(40), D(40), FIVE, C) == t.Judgement(
        t.Outcome.CLOSE, "no increase: the same as the baseline"
    )
    # Below it, a shortfall like any other: 2 under 40 is 5% (close), 3 under is 7.5%.
    assert t.any_increase(D(38), D(40), FIVE, C) == t.Judgement(
        t.Outcome.CLOSE, "2 lower (5%), within 5%"
    )
    assert t.any_increase(D(37), D(40), FIVE, C) == t.Judgement(
        t.Outcome.MISSED, "3 lower (7.5%), beyond 5%"
    )
    assert t.any_increase(D("5.1"), D("5.4"), FIVE, P) == t.Judgement(
        t.Outcome.MISSED, "0.3 points lower, beyond 5%"
    )


def test_the_any_increase_kind_is_judged_and_described_against_the_baseline() -> None:
    target = t.Target.model_validate({"any_increase": True})
    assert target.key == "any_increase" and target.kind is t.KINDS["any_increase"]
    ind = _ind(target={"any_increase": True})
    assert ind.effective_polarity == Polarity.HIGHER
    assert target.describe(ind) == "an increase on 40 (2012/13)"
    assert target.describe(_ind(baseline={"value": 40})) == "an increase on 40"
    assert target.describe(_ind(baseline={"missing": "n/a"})) == "an increase on the baseline"
    latest = Measurement(D(39), parse_period("2013/14"))
    assert target.judge(latest, ind, DEFAULT_RULES) == t.Judgement(
        t.Outcome.CLOSE, "1 lower (2.5%), within 5%"
    )
    # Its open data hold the baseline as the value a figure is held to.
    assert target_fields(ind, target)["target_value"] == 40
    assert target_fields(ind, target)["target_kind"] == "any_increase"


def test_any_increase_charts_the_baseline_and_the_band_below_it() -> None:
    target = t.Target.model_validate({"any_increase": True})
    lines, band = target.chart(_ind(), FIVE)
    assert [(v, str(getattr(DEFAULT_WORDS, key))) for v, key, _ in lines] == [
        (D(40), "an increase on")
    ]
    assert band == pytest.approx((38.0, 40.0))  # 5% below 40
    # The kinds where lower is better keep their band above.
    _, above = t.Target.model_validate({"no_increase": True}).chart(_ind(), FIVE)
    assert above == pytest.approx((40.0, 42.0))


def test_any_increase_needs_a_baseline_and_agrees_with_polarity(tmp_path: Path) -> None:
    kind = t.KINDS["any_increase"]
    assert kind.needs_baseline == "any-increase" and kind.implies == Polarity.HIGHER
    assert kind.scalable  # a year-to-date count is judged on the baseline's part


# --- a reduction stated by its end figure and percentage -------------------------------------


@pytest.mark.parametrize(
    ("percent", "value", "baseline"),
    [
        (6, "9704", "10323"),  # 9,704 / 0.94 = 10,323.4
        (10, "22.5", "25.0"),  # to the end figure's places
        (60, "1", "3"),  # 2.5 rounds half up
        (40, "3.9", "6.5"),
        (20, "0.04", "0.05"),
    ],
)
def test_a_reductions_end_figure_and_percentage_give_its_baseline(
    percent: int, value: str, baseline: str
) -> None:
    spec = t.Reduction.model_validate({"percent": percent, "value": D(value), "by": 2005})
    assert str(spec.baseline()) == baseline


def test_a_baseline_from_the_target_is_worked_out_and_shown() -> None:
    reduction = {"reduction": {"percent": 6, "value": 9704, "by": "2004/05"}}
    ind = _ind(target=reduction, baseline={"period": "2002/03", "from_target": True})
    assert ind.baseline.value == D(10323) and ind.baseline.from_target
    assert ind.baseline.period == parse_period("2002/03")
    assert ind.target is not None
    assert ind.target.describe(ind) == (
        "6% reduction to 9,704 by 2004/05, from 10,323 (2002/03) worked out from the target"
    )
    # A given baseline is described as before.
    given = _ind(target=reduction, baseline={"value": 10400, "period": "2002/03"})
    assert given.target is not None
    assert given.target.describe(given) == "6% reduction to 9,704 by 2004/05"
    # A year's own reduction target gives it too; the first reduction there is.
    yearly = _ind(
        targets=[
            {"year": "2003/04", "at_most": 10000},
            {"year": "2004/05", **reduction},
            {"year": "2005/06", "reduction": {"percent": 10, "value": 9000, "by": "2005/06"}},
        ],
        baseline={"period": "2002/03", "from_target": True},
    )
    assert yearly.baseline.value == D(10323)
    # Without a reduction target, there is nothing to work it out from (validate says so).
    assert _ind(target={"at_most": 5}, baseline={"from_target": True}).baseline.value is None
    assert _ind(baseline={"from_target": True}).baseline.value is None


@pytest.mark.parametrize(
    "given",
    [
        {},
        {"value": 1, "from_target": True},
        {"missing": "n/a", "from_target": True},
        {"value": 1, "missing": "n/a"},
    ],
)
def test_a_baseline_is_a_value_missing_or_from_the_target(given: dict[str, Any]) -> None:
    with pytest.raises(ValidationError, match="give either a value"):
        Baseline.model_validate(given)
    for one in ({"value": 1}, {"missing": "n/a"}, {"from_target": True}):
        Baseline.model_validate(one)


def test_validate_refuses_a_baseline_from_a_target_that_is_no_reduction(
    ashcombe: Path, tmp_path: Path
) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(ashcombe, plan)
    theme = plan / "themes" / "crime.yaml"
    text = theme.read_text()
    theme.write_text(
        text.replace(
            '      reduction: {percent: 6, value: 9704, by: "2004/05"}', "      at_most: 9704"
        )
    )
    code, out, _ = run("validate", "--plan", str(plan))
    assert code == 1
    assert (
        f"{plan}/themes/crime.yaml:24:48: indicators[0].baseline.from_target: from_target works "
        "the baseline out from a reduction target's end figure and percentage, and this "
        "indicator has no reduction target: give the baseline's value"
    ) in out


# --- the fixture, worked by hand -------------------------------------------------------------

TREATMENT = "against an increase on 5.4% (2003/04)"
CRIME = "against 6% reduction to 9,704 by 2004/05, from 10,323 (2002/03) worked out from the target"


@pytest.mark.parametrize(
    ("quarter", "ident", "status", "reason"),
    [
        # 5.9% is above 5.4%.
        ("Q2-2004/05", "treatment-exits", "Successful", f"5.9% {TREATMENT}: an increase"),
        # 5.4% is level: no increase, close.
        (
            "Q3-2004/05",
            "treatment-exits",
            "Close to target",
            f"5.4% {TREATMENT}: no increase: the same as the baseline",
        ),
        # 0.3 points under 5.4%; 5% of 5.4 is 0.27: beyond.
        (
            "Q4-2004/05",
            "treatment-exits",
            "Needs improving",
            f"5.1% {TREATMENT}: 0.3 points lower, beyond 5%",
        ),
        # The line runs from 10,323 (Mar 2003) to 9,704 (Mar 2005), 619 over 24 months:
        # by Sep 2004, 18 months, 10,323 - 464.25 = 9,858.8; 9,850 is on it.
        (
            "Q2-2004/05",
            "crime-all",
            "Successful",
            f"9,850 {CRIME}: 9,858.8 expected by Sep 2004: on track",
        ),
        # By Dec 2004, 21 months: 10,323 - 541.6 = 9,781.4; 9,900 is 118.6 behind, 1.2%.
        (
            "Q3-2004/05",
            "crime-all",
            "Close to target",
            f"9,900 {CRIME}: 9,781.4 expected by Dec 2004: 118.6 behind (1.2%), within 5%",
        ),
        # By Mar 2005 the target itself: 9,690 is below 9,704.
        (
            "Q4-2004/05",
            "crime-all",
            "Successful",
            f"9,690 {CRIME}: 9,704.0 expected by Mar 2005: on track",
        ),
    ],
)
def test_ashcombe_statuses_as_worked_by_hand(
    ashcombe: Path, quarter: str, ident: str, status: str, reason: str
) -> None:
    row = _rows(ashcombe, quarter)[ident]
    assert row["status"] == status
    assert row["reason"] == f"{reason} → {status}"


def test_ashcombe_shows_the_baseline_worked_out_from_the_target(ashcombe: Path) -> None:
    row = _rows(ashcombe, "Q4-2004/05")["crime-all"]
    assert (row["baseline"], row["baseline_text"], row["baseline_period"]) == (
        10323,
        "10,323",
        "2002/03",
    )
    assert row["target_kind"] == "reduction" and row["target_due"] == "2004/05"
    assert row["target_due_date"] == "2005-03-31"
    code, out, _ = run("validate", "--strict", "--plan", str(ashcombe))
    assert code == 0, out


def test_the_data_package_lists_a_newer_kind_only_where_the_data_hold_it(
    ashcombe: Path, tmp_path: Path
) -> None:
    newer = {"any_increase", "in_line_with_group", "change", "reduction_on_last_year"}
    assert target_kinds() == [k for k in t.KINDS if k not in newer]
    assert target_kinds({"any_increase"}) == [*target_kinds(), "any_increase"]
    code, _, err = run(
        "build",
        "--plan",
        str(ashcombe),
        "--quarter",
        "Q4-2004/05",
        "--format",
        "data",
        "--out",
        str(tmp_path),
        "-q",
    )
    assert code == 0, err
    package = json.loads((tmp_path / "datapackage.json").read_text())
    fields = package["resources"][0]["schema"]["fields"]
    kind = next(f for f in fields if f["name"] == "target_kind")
    assert kind["constraints"]["enum"] == target_kinds(newer)


# --- rank of N -------------------------------------------------------------------------------


def _m(**kw: Any) -> Measurement:
    return Measurement(D("12.38"), parse_period("2004/05"), **kw)


def test_a_rank_is_printed_with_its_groups_size_and_its_groups_name() -> None:
    assert fmt.rank_text(_m()) is None
    assert fmt.rank_text(_m(rank=13)) == "13th"
    assert fmt.rank_text(_m(rank=13, rank_of=15)) == "13th of 15"
    two = ((21, 32, "London boroughs"), (8, 15, "family group"))
    assert (
        fmt.rank_text(_m(ranks=two)) == "21st of 32 in London boroughs; 8th of 15 in family group"
    )
    assert fmt.rank_text(_m(rank=2, rank_of=15, ranks=two[1:])) == (
        "2nd of 15; 8th of 15 in family group"
    )
    assert fmt.shown(_m(rank=13, rank_of=15), Unit.RATE) == "12.38 (ranked 13th of 15)"
    assert fmt.shown(_m(ranks=two[:1]), Unit.RATE) == "12.38 (ranked 21st of 32 in London boroughs)"
    welsh = DEFAULT_WORDS.model_copy(
        update={
            "ordinal": "{n}fed",
            "rank_of_n": "{rank} o {n}",
            "rank_in_group": "{rank} yn {group}",
            "ranked": "{figure} (safle {rank})",
        }
    )
    assert fmt.shown(_m(rank=13, rank_of=15, ranks=two[1:]), Unit.RATE, words=welsh) == (
        "12.38 (safle 13fed o 15; 8fed o 15 yn family group)"
    )


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"rank_of": 15}, "rank_of is the size of the group the rank is within: give the rank"),
        ({"rank": 16, "rank_of": 15}, "rank 16 is beyond the group's size (15)"),
        ({"ranks": [{"rank": 33, "of": 32, "group": "London"}]}, "rank 33 is beyond the group's"),
    ],
)
def test_a_rank_is_within_its_group(given: dict[str, Any], message: str) -> None:
    reading = {"indicator": "x", "period": "2004/05", "value": 1}
    with pytest.raises(ValidationError, match=re.escape(message)):
        Reading.model_validate(reading | given)
    Reading.model_validate(reading | {"rank": 15, "rank_of": 15})  # last of 15 is in it
    Reading.model_validate(reading | {"ranks": [{"rank": 32, "of": 32, "group": "London"}]})


def test_the_open_data_carry_the_rank_fields_only_where_a_figure_gives_them() -> None:
    assert fields_of(False, ranks=False) == FIELDS
    names = [f[0] for f in fields_of(True, ranks=True)]
    assert names[names.index("rank") : names.index("rank") + 4] == [
        "rank",
        "rank_of",
        "rank_text",
        "latest_note",
    ]
    assert len(names) == len(FIELDS) + len(STATISTICS_FIELDS) + 2

    def row(latest: Measurement | None) -> Any:
        return SimpleNamespace(latest=latest)

    assert not has_ranks_of([row(None), row(_m()), row(_m(rank=3))])
    assert has_ranks_of([row(None), row(_m(rank=3, rank_of=15))])
    assert has_ranks_of([row(_m(ranks=((1, 2, "g"),)))])


@pytest.mark.parametrize(
    ("quarter", "ident", "status", "latest", "reason"),
    [
        # 3rd of 15 is within the top 3.
        (
            "Q2-2004/05",
            "headline-crime-rate",
            "Successful",
            "44.1 (ranked 3rd of 15)",
            " against top 3 of family group: 3rd is within the top 3",
        ),
        # 4th is 1 place short, within the 1 place allowed.
        (
            "Q3-2004/05",
            "headline-crime-rate",
            "Close to target",
            "44.9 (ranked 4th of 15)",
            " against top 3 of family group: 1 place short, within 1 place",
        ),
        # 6th is 3 places short.
        (
            "Q4-2004/05",
            "headline-crime-rate",
            "Needs improving",
            "46.0 (ranked 6th of 15)",
            " against top 3 of family group: 3 places short, beyond 1 place",
        ),
        # No rank target: the rank (with or without its group's size) is shown, not judged.
        ("Q3-2004/05", "similar-asb", "Monitoring", "30.2 (ranked 12th)", "; no target"),
        ("Q4-2004/05", "similar-asb", "Monitoring", "31.5 (ranked 13th of 15)", "; no target"),
        # Judged on its figure (9.6 is at most 10), ranked in two named groups.
        (
            "Q4-2004/05",
            "similar-burglary",
            "Successful",
            "9.6 (ranked 21st of 32 in London boroughs; 8th of 15 in family group)",
            " against at most 10: met",
        ),
    ],
)
def test_ashcombe_ranks_as_worked_by_hand(
    ashcombe: Path, quarter: str, ident: str, status: str, latest: str, reason: str
) -> None:
    row = _rows(ashcombe, quarter)[ident]
    assert (row["status"], row["latest_text"]) == (status, latest)
    assert row["reason"] == f"{latest}{reason} → {status}"


def test_ashcombe_ranks_in_the_terminal_the_document_and_the_open_data(
    ashcombe: Path, tmp_path: Path
) -> None:
    rows = _rows(ashcombe, "Q4-2004/05")
    assert (rows["similar-asb"]["rank"], rows["similar-asb"]["rank_of"]) == (13, 15)
    assert rows["similar-asb"]["rank_text"] == "13th of 15"
    assert rows["similar-burglary"]["rank"] is None and rows["similar-burglary"]["rank_of"] is None
    assert rows["treatment-exits"]["rank_text"] is None
    assert (
        list(rows["similar-asb"]) == [f[0] for f in fields_of(False, ranks=True, groups=True)][1:]
    )
    code, out, _ = run("status", "similar", "--quarter", "Q4-2004/05", "--plan", str(ashcombe))
    assert code == 0 and "(ranked 13th of" in out and "8th of" in out
    code, _, err = run(
        "build",
        "--plan",
        str(ashcombe),
        "--quarter",
        "Q4-2004/05",
        "--format",
        "html",
        "--out",
        str(tmp_path),
        "-q",
    )
    assert code == 0, err
    html = next(tmp_path.glob("*.html")).read_text()
    assert "31.5 (ranked 13th of 15)" in html
    assert "9.6 (ranked 21st of 32 in London boroughs; 8th of 15 in family group)" in html
    # A plan whose figures give no group sizes keeps its open data as they were.
    code, out, _ = run("status", "--all", "--json", "--plan", str(PARTNERSHIPS / "welsh" / "plan"))
    assert code == 0 and "rank_of" not in json.loads(out)[0]


def test_a_row_without_a_figure_has_no_rank_fields_to_give() -> None:
    assert opendata._rank_fields(None, DEFAULT_WORDS) == {"rank_of": None, "rank_text": None}
    assert opendata._rank_fields(_m(rank=2, rank_of=9), DEFAULT_WORDS) == {
        "rank_of": 9,
        "rank_text": "2nd of 9",
    }


# --- the margin when met -----------------------------------------------------------------------


def test_a_limit_met_says_by_how_much_where_the_plan_asks() -> None:
    assert t.margin(D(1150), D(1200), C) == "met: 50 under (4.2%)"
    assert t.margin(D(1236), D(1200), C) == "met: 36 over (3%)"
    assert t.margin(D(52), D(50), P) == "met: 2 points over"
    assert t.margin(D(49), D(50), P) == "met: 1 point under"
    assert t.margin(D(50), D(50), C) == "met"
    assert t.margin(D(-1), D(0), C) == "met: 1 under"  # no share of 0
    margins = Rules(margin_when_met=True)
    at_most = t.Target.model_validate({"at_most": 1200})
    ind = _ind(target={"at_most": 1200})
    latest = Measurement(D(1150), parse_period("2004/05"))
    assert at_most.judge(latest, ind, margins) == t.Judgement(t.Outcome.MET, "met: 50 under (4.2%)")
    assert at_most.judge(latest, ind, DEFAULT_RULES).detail == "met"
    # A miss is as before.
    missed = Measurement(D(1300), parse_period("2004/05"))
    assert at_most.judge(missed, ind, margins).outcome == t.Outcome.MISSED
    assert at_most.judge(missed, ind, margins).detail == "100 over (8.3%), beyond 5%"
    assert layered(StatusRules(margin_when_met=True)).margin_when_met
    assert not DEFAULT_RULES.margin_when_met
