"""Targets judged on change (issue 25): ratings by the size of the change on the previous
comparable figure or the same period a year earlier, in the plan's bands (Salford: green
more than 10% better, amber within 10%, red more than 10% worse), and a reduction on last
year's figure, re-based each year (Barking & Dagenham).

The fixture partnership tests/partnerships/ashcombe holds one measure of each, worked by
hand in the comments beside the expected reasons.
"""

from __future__ import annotations

import json
import shutil
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest

from scp_report.model import targets as t
from scp_report.model.figures import Measurement
from scp_report.model.models import Indicator, Polarity
from scp_report.model.periods import parse_period
from scp_report.model.rules import DEFAULT_RULES, Rules
from scp_report.model.words import DEFAULT_WORDS
from scp_report.status.change import wants_earlier, with_before
from scp_report.status.snapshot import status_of
from scp_report.views.opendata import target_fields

from ..helpers import PARTNERSHIPS
from ..helpers import run_cli as run

TEN = D(10)
LOWER, HIGHER = Polarity.LOWER, Polarity.HIGHER


def _ind(**kw: Any) -> Indicator:
    data: dict[str, Any] = {
        "id": "x",
        "measure": "m",
        "unit": "count",
        "polarity": "lower is better",
        "target": {"change": {"better": 10, "worse": 10}},
        "baseline": {"value": 800, "period": "12 months to Jun 2004"},
    }
    return Indicator.model_validate(data | kw)


def _m(value: int, period: str, before: Measurement | None = None) -> Measurement:
    return Measurement(D(value), parse_period(period), before=before)


# --- ratings by change -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "before", "polarity", "outcome", "detail"),
    [
        (89, 100, LOWER, t.Outcome.MET, "more than 10% better"),  # 11% better
        (90, 100, LOWER, t.Outcome.CLOSE, "within 10% worse and 10% better"),  # exactly 10%
        (100, 100, LOWER, t.Outcome.CLOSE, "within 10% worse and 10% better"),
        (110, 100, LOWER, t.Outcome.CLOSE, "within 10% worse and 10% better"),  # exactly 10%
        (111, 100, LOWER, t.Outcome.MISSED, "more than 10% worse"),
        (111, 100, HIGHER, t.Outcome.MET, "more than 10% better"),
        (110, 100, HIGHER, t.Outcome.CLOSE, "within 10% worse and 10% better"),
        (89, 100, HIGHER, t.Outcome.MISSED, "more than 10% worse"),
        # From 0, any change is as large as a change can be; none is none.
        (0, 0, LOWER, t.Outcome.CLOSE, "within 10% worse and 10% better"),
        (1, 0, LOWER, t.Outcome.MISSED, "more than 10% worse"),
        (1, 0, HIGHER, t.Outcome.MET, "more than 10% better"),
        # A negative earlier figure: the change is a share of its size.
        (-89, -100, HIGHER, t.Outcome.MET, "more than 10% better"),
    ],
)
def test_a_change_is_rated_by_its_bands(
    value: int, before: int, polarity: Polarity, outcome: t.Outcome, detail: str
) -> None:
    assert t.by_change(D(value), D(before), polarity, TEN, TEN) == t.Judgement(outcome, detail)


def test_the_bands_may_differ() -> None:
    # Green more than 5% better; red more than 20% worse; between, amber.
    assert t.by_change(D(94), D(100), LOWER, D(5), D(20)).outcome == t.Outcome.MET
    assert t.by_change(D(95), D(100), LOWER, D(5), D(20)).outcome == t.Outcome.CLOSE
    assert t.by_change(D(120), D(100), LOWER, D(5), D(20)) == t.Judgement(
        t.Outcome.CLOSE, "within 20% worse and 5% better"
    )
    assert t.by_change(D(121), D(100), LOWER, D(5), D(20)) == t.Judgement(
        t.Outcome.MISSED, "more than 20% worse"
    )


def test_the_change_kind_judges_on_the_earlier_figure() -> None:
    ind = _ind()
    target = ind.target
    assert target is not None and target.key == "change"
    assert target.spec.against == "previous"
    assert target.describe(ind) == (
        "more than 10% better than the previous comparable figure (within 10% worse is close)"
    )
    year = _ind(target={"change": {"better": 5, "worse": 20, "against": "year-earlier"}})
    assert year.target is not None and year.target.describe(year) == (
        "more than 5% better than the same period a year earlier (within 20% worse is close)"
    )
    assert year.target.kind.against(year.target.spec) == "year-earlier"
    before = _m(700, "12 months to Sep 2004")
    latest = _m(740, "12 months to Dec 2004", before)
    assert target.judge(latest, ind, DEFAULT_RULES) == t.Judgement(
        t.Outcome.CLOSE,
        "+5.7% on 700 (12 months to Sep 2004): within 10% worse and 10% better",
    )
    zero = _m(3, "12 months to Dec 2004", _m(0, "12 months to Sep 2004"))
    assert target.judge(zero, ind, DEFAULT_RULES) == t.Judgement(
        t.Outcome.MISSED, "on 0 (12 months to Sep 2004): more than 10% worse"
    )
    kind = t.KINDS["change"]
    assert kind.needs_polarity == "change" and not kind.listed and kind.implies is None
    assert kind.lacking(latest, DEFAULT_WORDS) is None
    assert kind.lacking(_m(740, "12 months to Dec 2004"), DEFAULT_WORDS) == (
        "no earlier comparable figure to compare 12 months to Dec 2004 with"
    )


def test_a_reduction_on_last_years_figure() -> None:
    ind = _ind(polarity=None, target={"reduction_on_last_year": True})
    target = ind.target
    assert target is not None
    kind = target.kind
    assert kind.against(target.spec) == "year-earlier" and kind.implies == LOWER
    assert not kind.listed and not kind.on_baseline
    assert target.describe(ind) == "a reduction on the same period a year earlier"
    before = _m(150, "12 months to Mar 2004")
    j = target.judge(_m(140, "12 months to Mar 2005", before), ind, DEFAULT_RULES)
    assert j == t.Judgement(t.Outcome.MET, "-6.7% on 150 (12 months to Mar 2004): a reduction")
    level = target.judge(_m(150, "12 months to Mar 2005", before), ind, DEFAULT_RULES)
    assert level == t.Judgement(
        t.Outcome.CLOSE,
        "0% on 150 (12 months to Mar 2004): no reduction: the same as the baseline",
    )
    # 10 over 150 is 6.7% of it: beyond 5%.
    assert target.judge(_m(160, "12 months to Mar 2005", before), ind, DEFAULT_RULES) == (
        t.Judgement(
            t.Outcome.MISSED, "+6.7% on 150 (12 months to Mar 2004): 10 higher (6.7%), beyond 5%"
        )
    )
    # Its data hold no target value: the earlier figure is no baseline.
    assert target_fields(ind, target)["target_value"] is None
    assert target_fields(ind, target)["target_kind"] == "reduction_on_last_year"
    no_increase = _ind(polarity=None, target={"no_increase": True})
    assert no_increase.target is not None
    assert target_fields(no_increase, no_increase.target)["target_value"] == 800


# --- the earlier figure ------------------------------------------------------------------------


def test_the_earlier_figure_is_found_only_for_a_target_judged_on_change() -> None:
    base = _m(800, "12 months to Jun 2004")
    sep, dec = _m(700, "12 months to Sep 2004"), _m(740, "12 months to Dec 2004")
    latest = _m(820, "12 months to Mar 2005")
    found = with_before(latest, _ind(), [base, sep, dec])
    assert found.before == dec  # the previous comparable figure
    year = _ind(target={"change": {"better": 10, "worse": 10, "against": "year-earlier"}})
    assert with_before(latest, year, [base, sep, dec]).before is None  # none a year earlier
    march = _m(900, "12 months to Mar 2004")
    assert with_before(latest, year, [march, sep, dec]).before == march
    plain = _ind(target={"at_most": 900})
    assert with_before(latest, plain, [base, sep, dec]) is latest
    monitoring = _ind(target=None)
    assert with_before(latest, monitoring, [base]) is latest
    undated = Measurement(D(820), None)
    assert with_before(undated, _ind(), [base]) is undated


def test_without_an_earlier_figure_the_status_is_awaited() -> None:
    ind = _ind(target={"reduction_on_last_year": True}, polarity=None)
    status, reason = status_of(ind, _m(140, "12 months to Sep 2004"), DEFAULT_RULES, "Q2 2004/05")
    assert status.value == "Awaiting data"
    assert reason == (
        "no earlier comparable figure to compare 12 months to Sep 2004 with; target a "
        "reduction on the same period a year earlier → Awaiting data"
    )
    # A rank target without its rank, as before.
    ranked = _ind(polarity=None, target={"rank": {"within_top": 3, "of": "family group"}})
    status, reason = status_of(ranked, _m(40, "2004/05"), DEFAULT_RULES, "Q4 2004/05")
    assert reason.startswith("no rank yet for 2004/05; target top 3 of family group")


# --- the fixture, worked by hand ---------------------------------------------------------------


@pytest.fixture(scope="module")
def ashcombe(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("ashcombe-change")
    shutil.copytree(PARTNERSHIPS / "ashcombe" / "plan", root / "plan")
    return root / "plan"


VEHICLE = (
    "against more than 10% better than the previous comparable figure (within 10% worse is close)"
)
ROBBERY = "against a reduction on the same period a year earlier"


@pytest.mark.parametrize(
    ("quarter", "ident", "status", "reason"),
    [
        # 700 on 800 (the baseline, 12 months to Jun 2004): -12.5%, more than 10% better.
        (
            "Q2-2004/05",
            "crime-vehicle",
            "Successful",
            f"700 {VEHICLE}: -12.5% on 800 (12 months to Jun 2004): more than 10% better",
        ),
        # 740 on 700: +5.7%, within the bands (as the board published it: Close to target).
        (
            "Q3-2004/05",
            "crime-vehicle",
            "Close to target",
            f"740 {VEHICLE}: +5.7% on 700 (12 months to Sep 2004): within 10% worse and 10% better",
        ),
        # 820 on 740: +10.8%, more than 10% worse.
        (
            "Q4-2004/05",
            "crime-vehicle",
            "Needs improving",
            f"820 {VEHICLE}: +10.8% on 740 (12 months to Dec 2004): more than 10% worse",
        ),
        # No figure for 12 months to Sep 2003 to compare with.
        (
            "Q2-2004/05",
            "crime-robbery",
            "Awaiting data",
            "no earlier comparable figure to compare 12 months to Sep 2004 with; target a "
            "reduction on the same period a year earlier",
        ),
        # 140 on the baseline 150, the same 12 months a year earlier: -6.7%, a reduction.
        (
            "Q4-2004/05",
            "crime-robbery",
            "Successful",
            f"140 {ROBBERY}: -6.7% on 150 (12 months to Mar 2004): a reduction",
        ),
    ],
)
def test_ashcombe_judged_on_change_as_worked_by_hand(
    ashcombe: Path, quarter: str, ident: str, status: str, reason: str
) -> None:
    code, out, err = run("status", "--all", "--json", "--quarter", quarter, "--plan", str(ashcombe))
    assert code == 0, err
    row = {r["id"]: r for r in json.loads(out)}[ident]
    assert (row["status"], row["reason"]) == (status, f"{reason} → {status}")


def test_a_published_status_is_checked_against_the_change(ashcombe: Path, tmp_path: Path) -> None:
    # Q3's reading of crime-vehicle was published Close to target, as the rules give: a
    # strict validate passes. Published Successful, it disagrees.
    code, out, _ = run("validate", "--strict", "--plan", str(ashcombe))
    assert code == 0, out
    plan = tmp_path / "plan"
    shutil.copytree(ashcombe, plan)
    q3 = plan / "readings" / "2004-05-q3.yaml"
    q3.write_text(q3.read_text().replace("status: Close to target}", "status: Successful}"))
    code, out, _ = run("validate", "--strict", "--plan", str(plan))
    assert code == 1
    assert (
        "warning: readings[7].published.status: published as 'Successful', but the rules "
        f"give 'Close to target': 740 {VEHICLE}: +5.7% on 700"
    ) in out


def test_a_change_target_needs_a_polarity(ashcombe: Path, tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(ashcombe, plan)
    theme = plan / "themes" / "crime.yaml"
    theme.write_text(
        theme.read_text().replace(
            "    unit_label: crimes\n    polarity: lower is better\n    target:\n      change:",
            "    unit_label: crimes\n    target:\n      change:",
        )
    )
    code, out, _ = run("validate", "--plan", str(plan))
    assert code == 1
    assert (
        "indicators[1].polarity: a change target needs polarity: 'higher is better' or "
        "'lower is better'"
    ) in out


def test_only_a_target_on_change_or_a_projection_wants_the_earlier_figures() -> None:
    m = _m(820, "12 months to Mar 2005")
    assert wants_earlier(_ind(), m, DEFAULT_RULES)
    assert wants_earlier(_ind(target={"reduction_on_last_year": True}), m, DEFAULT_RULES)
    assert not wants_earlier(_ind(target={"at_most": 900}), m, DEFAULT_RULES)
    assert not wants_earlier(_ind(target=None), m, DEFAULT_RULES)
    assert wants_earlier(_ind(target=None), m, Rules(project=True))
    assert wants_earlier(_ind(target={"at_most": 900}), m, Rules(close_by_projection=True))


def test_the_target_in_force_for_the_figures_period_decides() -> None:
    # The plan's target is a limit; its own target for 2004/05 is judged on change: a
    # figure of 2004/05 wants, and is given, its earlier figure; one of 2003/04 is not.
    ind = _ind(
        target={"at_most": 900},
        targets=[{"year": "2004/05", "change": {"better": 10, "worse": 10}}],
    )
    base = _m(800, "12 months to Jun 2004")
    dec = _m(740, "12 months to Dec 2004")
    latest = _m(820, "12 months to Mar 2005")
    assert wants_earlier(ind, latest, DEFAULT_RULES)
    assert with_before(latest, ind, [base, dec]).before == dec
    older = _m(820, "12 months to Mar 2004")
    assert not wants_earlier(ind, older, DEFAULT_RULES)
    assert with_before(older, ind, [base]) is older
