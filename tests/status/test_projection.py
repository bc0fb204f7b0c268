"""A year-end projection for a count reported year to date (issue 25, Stockton's "year end
projection"): by last year's pattern where the data hold last year's same span and whole
year, else pro rata or by the profile; its change on last year; and Close to target
defined as projected to meet the target (close_by_projection).

The fixture tests/partnerships/ashcombe holds crime-ytd, worked by hand below.
"""

from __future__ import annotations

import json
import shutil
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest

from scp_report.model import figures as fmt
from scp_report.model import targets as t
from scp_report.model.figures import Measurement, Projection
from scp_report.model.models import Indicator, StatusRules
from scp_report.model.periods import parse_period
from scp_report.model.rules import DEFAULT_RULES, Rules, layered
from scp_report.model.words import DEFAULT_WORDS, Words
from scp_report.status import projection as pj
from scp_report.views import opendata

from ..helpers import PARTNERSHIPS
from ..helpers import run_cli as run

ASKED = Rules(project=True)


def _ind(**kw: Any) -> Indicator:
    data: dict[str, Any] = {
        "id": "x",
        "measure": "m",
        "unit": "count",
        "target": {"at_most": 1200},
        "baseline": {"value": 1210, "period": "2002/03"},
    }
    return Indicator.model_validate(data | kw)


def _m(value: int, period: str) -> Measurement:
    return Measurement(D(value), parse_period(period))


YEAR = _m(1182, "Q1-4 2003/04")
HALF = _m(640, "Q1-2 2003/04")


def test_the_projection_is_asked_for() -> None:
    assert not DEFAULT_RULES.project and not DEFAULT_RULES.close_by_projection
    assert layered(StatusRules(project=True)).project
    assert layered(StatusRules(close_by_projection=True)).close_by_projection
    m = _m(620, "Q1-2 2004/05")
    assert pj.with_projection(m, _ind(), [], DEFAULT_RULES, 4) is m
    assert pj.with_projection(m, _ind(), [], Rules(close_by_projection=True), 4).projection


def test_only_a_count_year_to_date_is_projected() -> None:
    for m, ind in (
        (_m(620, "Q2 2004/05"), _ind()),  # a quarter
        (_m(1150, "Q1-4 2004/05"), _ind()),  # a whole year
        (_m(620, "Q1-2 2004/05"), _ind(unit="rate")),  # not a count
        (Measurement(None, parse_period("Q1-2 2004/05")), _ind()),  # no figure
        (Measurement(D(620), None), _ind()),  # no period
        (_m(620, "Q1-2 2004"), _ind()),  # a year from January, in an April plan
    ):
        assert pj.with_projection(m, ind, [YEAR, HALF], ASKED, 4) is m
    assert pj.with_projection(_m(620, "Q1-2 2004"), _ind(), [], ASKED, 1).projection


def test_by_last_years_pattern_where_the_data_hold_it() -> None:
    # 620 as 640 was of 1,182: 620 x 1,182 / 640 = 1,145.06.
    m = pj.with_projection(_m(620, "Q1-2 2004/05"), _ind(), [HALF, YEAR], ASKED, 4)
    assert m.projection == Projection(D(1145), "as Q1-2 2003/04 was of Q1-4 2003/04", YEAR)
    # Without last year's span (or with a 0 for it): pro rata, 620 / 0.5.
    for earlier in ([YEAR], [_m(0, "Q1-2 2003/04"), YEAR]):
        m = pj.with_projection(_m(620, "Q1-2 2004/05"), _ind(), earlier, ASKED, 4)
        assert m.projection == Projection(D(1240), "pro rata for 6 of 12 months", YEAR)
    # Without last year's whole year: pro rata, and no change to give.
    m = pj.with_projection(_m(620, "Q1-2 2004/05"), _ind(), [HALF], ASKED, 4)
    assert m.projection == Projection(D(1240), "pro rata for 6 of 12 months", None)
    # By the profile: 45% due by September, 620 / 0.45 = 1,377.8.
    profiled = _ind(profile=[20, 45, 70, 100])
    m = pj.with_projection(_m(620, "Q1-2 2004/05"), profiled, [], ASKED, 4)
    assert m.projection == Projection(
        D(1378), "by its profile, 45% of the year's by Sep 2004", None
    )


def test_a_projection_is_rounded_half_up_to_a_whole_count() -> None:
    # 5 as 10 was of 25: 12.5, so 13; by a profile of 40% due by December, 5 / 0.4 = 12.5.
    m = pj.with_projection(
        _m(5, "Q1-2 2004/05"), _ind(), [_m(10, "Q1-2 2003/04"), _m(25, "Q1-4 2003/04")], ASKED, 4
    )
    assert m.projection is not None and m.projection.value == 13
    profiled = _ind(profile=[10, 20, 40, 100])
    m = pj.with_projection(_m(5, "Q1-3 2004/05"), profiled, [], ASKED, 4)
    assert m.projection == Projection(D(13), "by its profile, 40% of the year's by Dec 2004", None)


def test_a_projection_says_how_in_the_plans_words() -> None:
    words = Words(
        pro_rata="pro rata am {months} o 12 mis",
        by_profile="yn ôl ei broffil, {share} o darged y flwyddyn erbyn {month}",
    )
    m = pj.with_projection(_m(620, "Q1-2 2004/05"), _ind(), [], ASKED, 4, words)
    assert m.projection == Projection(D(1240), "pro rata am 6 o 12 mis", None)
    profiled = _ind(profile=[20, 45, 70, 100])
    m = pj.with_projection(_m(620, "Q1-2 2004/05"), profiled, [], ASKED, 4, words)
    assert m.projection is not None
    assert m.projection.how.startswith("yn ôl ei broffil, 45% o darged y flwyddyn erbyn ")


def test_last_year_is_the_whole_year_before_and_its_latest_report() -> None:
    m = _m(620, "Q1-2 2004/05")
    restated = _m(1190, "Q1-4 2003/04")
    assert pj.last_year(m, [YEAR, restated]) == restated
    assert pj.last_year(m, [_m(1100, "Q1-4 2002/03"), HALF]) is None
    assert pj.last_year(m, [Measurement(None, parse_period("Q1-4 2003/04"))]) is None
    assert pj.last_year(m, [_m(1182, "12 months to Mar 2004")]) == _m(1182, "12 months to Mar 2004")
    assert pj.last_year(m, [_m(300, "Q4 2003/04")]) is None  # not a year
    assert pj.same_span_last_year(m, [HALF, _m(650, "Q1-2 2003/04")]) == _m(650, "Q1-2 2003/04")
    assert pj.same_span_last_year(m, [_m(640, "Q1-3 2003/04")]) is None
    assert pj.same_span_last_year(m, [_m(640, "Q1-2 2002/03")]) is None


def test_a_projection_in_words() -> None:
    p = Projection(D(1145), "as Q1-2 2003/04 was of Q1-4 2003/04", YEAR)
    assert fmt.projection_text(p) == (
        "projected year end 1,145 (as Q1-2 2003/04 was of Q1-4 2003/04), -3.1% (-37) on 1,182 "
        "(Q1-4 2003/04)"
    )
    up = Projection(D(1240), "pro rata for 9 of 12 months", YEAR)
    assert fmt.projection_text(up).endswith(", +4.9% (+58) on 1,182 (Q1-4 2003/04)")
    one = Projection(D(1183), "pro rata for 9 of 12 months", YEAR)
    assert fmt.projection_text(one).endswith(", +0.1% (+1) on 1,182 (Q1-4 2003/04)")
    down_one = Projection(D(1181), "pro rata for 9 of 12 months", YEAR)
    assert fmt.projection_text(down_one).endswith(", -0.1% (-1) on 1,182 (Q1-4 2003/04)")
    level = Projection(D(1182), "pro rata for 9 of 12 months", YEAR)
    assert fmt.projection_text(level).endswith(", 0% (0) on 1,182 (Q1-4 2003/04)")
    zero = Projection(D(4), "pro rata for 9 of 12 months", _m(0, "Q1-4 2003/04"))
    assert fmt.projection_text(zero) == "projected year end 4 (pro rata for 9 of 12 months)"
    alone = Projection(D(1240), "pro rata for 9 of 12 months", None)
    assert fmt.projection_text(alone) == "projected year end 1,240 (pro rata for 9 of 12 months)"


def test_close_means_projected_to_meet_the_target() -> None:
    ind = _ind()
    target = ind.target
    assert target is not None
    miss = t.Judgement(t.Outcome.CLOSE, "20 over (3.3%), within 5%")
    meets = Measurement(D(620), None, projection=Projection(D(1200), "", None))
    assert pj.by_projection(miss, target, meets, ind, DEFAULT_RULES, DEFAULT_WORDS) == t.Judgement(
        t.Outcome.CLOSE, "20 over (3.3%), within 5%, but projected to meet the year's target"
    )
    misses = Measurement(D(620), None, projection=Projection(D(1201), "", None))
    assert pj.by_projection(miss, target, misses, ind, DEFAULT_RULES, DEFAULT_WORDS) == t.Judgement(
        t.Outcome.MISSED,
        "20 over (3.3%), within 5%, and not projected to meet the year's target",
    )
    bare = Measurement(D(620), None)
    assert pj.by_projection(miss, target, bare, ind, DEFAULT_RULES, DEFAULT_WORDS) is miss


# --- the fixture, worked by hand ---------------------------------------------------------------


@pytest.fixture(scope="module")
def ashcombe(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("ashcombe-projection")
    shutil.copytree(PARTNERSHIPS / "ashcombe" / "plan", root / "plan")
    return root / "plan"


def _rows(plan: Path, quarter: str) -> dict[str, dict[str, Any]]:
    code, out, err = run("status", "--all", "--json", "--quarter", quarter, "--plan", str(plan))
    assert code == 0, err
    return {r["id"]: r for r in json.loads(out)}


@pytest.mark.parametrize(
    ("quarter", "status", "reason", "projected"),
    [
        # 620 against 600 due by September (pro rata): 20 over, 3.3%, within 5%. Projected as
        # last year's first half (640) was of its year (1,182): 620 x 1,182 / 640 = 1,145,
        # within 1,200: close. 37 fewer than last year, 3.1%.
        (
            "Q2-2004/05",
            "Close to target",
            "620 against at most 1,200 (pro rata for 6 of 12 months: at most 600): 20 over "
            "(3.3%), within 5%, but projected to meet the year's target → Close to target; "
            "projected year end 1,145 (as Q1-2 2003/04 was of Q1-4 2003/04), -3.1% (-37) on "
            "1,182 (Q1-4 2003/04)",
            1145,
        ),
        # 930 against 900: 30 over, 3.3%, within 5%; but no Q1-3 figure last year, so pro
        # rata, 930 / 0.75 = 1,240, beyond 1,200: missed. 58 more than last year, 4.9%.
        (
            "Q3-2004/05",
            "Needs improving",
            "930 against at most 1,200 (pro rata for 9 of 12 months: at most 900): 30 over "
            "(3.3%), within 5%, and not projected to meet the year's target → Needs "
            "improving; projected year end 1,240 (pro rata for 9 of 12 months), +4.9% (+58) "
            "on 1,182 (Q1-4 2003/04)",
            1240,
        ),
        # The whole year: nothing to project; met, by 50, 4.2% of 1,200 (margin_when_met).
        (
            "Q4-2004/05",
            "Successful",
            "1,150 against at most 1,200: met: 50 under (4.2%) → Successful",
            None,
        ),
    ],
)
def test_ashcombe_projected_as_worked_by_hand(
    ashcombe: Path, quarter: str, status: str, reason: str, projected: int | None
) -> None:
    row = _rows(ashcombe, quarter)["crime-ytd"]
    assert (row["status"], row["reason"], row.get("projected")) == (status, reason, projected)
    if projected is not None:
        assert row["reason"].endswith(row["projected_text"])
    else:  # no figure of the quarter is projected: the data carry no projection fields
        assert "projected_text" not in row


def test_the_projection_in_a_reason_is_in_the_plans_words(ashcombe: Path, tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(ashcombe, plan)
    partnership = plan / "partnership.yaml"
    partnership.write_text(
        partnership.read_text()
        + 'words:\n  pro_rata: "pro rata am {months} o 12 mis"\n'
        + '  projection: "amcan diwedd blwyddyn {value} ({how}){change}"\n'
    )
    reason = _rows(plan, "Q3-2004/05")["crime-ytd"]["reason"]
    assert reason.endswith(
        "; amcan diwedd blwyddyn 1,240 (pro rata am 9 o 12 mis), +4.9% (+58) on 1,182 "
        "(Q1-4 2003/04)"
    ), reason


def test_the_open_data_carry_projections_only_where_a_figure_has_one(
    ashcombe: Path, tmp_path: Path
) -> None:
    names = [f[0] for f in opendata.fields_of(False, projections=True, groups=True)]
    at = names.index("projected")
    assert names[at : at + 3] == ["projected", "projected_text", "group_name"]
    assert names[at + 11] == "direction"
    assert opendata.fields_of(False) == opendata.FIELDS
    assert not opendata.has_projections([])
    assert opendata.projection_fields(None, DEFAULT_WORDS) == {
        "projected": None,
        "projected_text": None,
    }
    # At Q4 no figure is projected: the data carry no projection fields.
    assert "projected" not in _rows(ashcombe, "Q4-2004/05")["crime-ytd"]
    code, _, err = run(
        "build",
        "--plan",
        str(ashcombe),
        "--quarter",
        "Q2-2004/05",
        "--format",
        "data",
        "--out",
        str(tmp_path),
        "-q",
    )
    assert code == 0, err
    package = json.loads((tmp_path / "datapackage.json").read_text())
    fields = [f["name"] for f in package["resources"][0]["schema"]["fields"]]
    assert "projected" in fields and "projected_text" in fields
