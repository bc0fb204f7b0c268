"""The engine in a plan's own words: a plan that publishes in Welsh (`words:` and
`statuses:` in partnership.yaml) gets every target, judgement, reason, direction,
interval and trend in Welsh, and no English word of the default table slips through.

The figures are those of the English tests (test_targets, test_snapshot,
test_significance), where their arithmetic is worked; here only the words change. The
ordinal keeps English's suffix (4th): the word table's `ordinal` must hold it."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest

from scp_report.model.figures import Measurement
from scp_report.model.models import Indicator, Plan, StatusName
from scp_report.model.periods import parse_period
from scp_report.model.rules import DEFAULT_RULES, Rules
from scp_report.model.statuses import Statuses
from scp_report.model.words import Words
from scp_report.plan.loader import load_plan
from scp_report.status.snapshot import Row, direction_of, disagreements, snapshot, status_of
from scp_report.status.uncertainty import recent_trend

from ..builders import overlay

WELSH = Words(
    up="i fyny",
    no_change="dim newid",
    down="i lawr",
    no_target="dim (monitro)",
    target_at_least="o leiaf {value}",
    target_at_most="dim mwy na {value}",
    target_fewer_than="llai na {value}",
    target_between="{low} i {high}",
    target_in_line_with="yn unol â {name} ({value}{when}) neu'n well",
    target_comparator_when=" yn {period}",
    target_rank="y {n} uchaf o {group}",
    target_no_increase="dim cynnydd",
    target_no_increase_on="dim cynnydd ar {baseline}",
    target_any_reduction="gostyngiad ar {baseline}",
    target_reduction="gostyngiad o {percent}% i {value} erbyn {by}",
    the_baseline="y llinell sylfaen",
    met="wedi'i gyrraedd",
    within_range="o fewn yr ystod",
    in_line_or_better="yn unol neu'n well",
    no_increase_met="dim cynnydd",
    a_reduction="gostyngiad",
    no_reduction="dim gostyngiad: yr un fath â'r llinell sylfaen",
    on_track="ar y trywydd iawn",
    within_top="mae {rank} o fewn y {n} uchaf",
    shortfall_within="{gap} {way}{share}, o fewn {tolerance}",
    shortfall_beyond="{gap} {way}{share}, y tu hwnt i {tolerance}",
    share_of_target=" ({share} o'r targed)",
    way_short="yn brin",
    way_over="yn ormod",
    way_below_range="o dan yr ystod",
    way_above_range="uwchlaw'r ystod",
    way_worse="yn waeth",
    way_higher="yn uwch",
    way_behind="ar ei hôl hi",
    point="{n} pwynt",
    points="{n} o bwyntiau",
    place_short="{n} safle yn brin",
    places_short="{n} o safleoedd yn brin",
    place="{n} safle",
    places="{n} o safleoedd",
    rank_within="{short}, o fewn {limit}",
    rank_beyond="{short}, y tu hwnt i {limit}",
    ordinal="y {n}{suffix}",
    ranked="{figure} (yn {rank})",
    expected_by="disgwylir {expected} erbyn {month}: {detail}",
    reason_against="{figure} yn erbyn {target}: {detail} → {status}",
    reason_part="{target} ({how}, sef {part})",
    pro_rata="pro rata am {months} o 12 mis",
    by_profile="yn ôl ei broffil, {share} o darged y flwyddyn erbyn {month}",
    reason_no_target="{figure}; dim targed → {status}",
    reason_without_figure="{why}; targed {target} → {status}",
    no_reading="dim darlleniad ar {quarter}",
    no_figure_yet="dim ffigur eto ar gyfer {period}",
    no_rank_yet="dim safle eto ar gyfer {period}",
    overridden="{reason}; wedi'i ddiystyru → {status}: {why}",
    later_awaited="disgwylir ffigur {period}",
    later_awaited_said="disgwylir ffigur {period} ({words})",
    later_not_published="heb ei ddiweddaru: dim ffigur newydd ar gyfer {period}{said}",
    later_said_in_brackets=" («{words}»)",
    direction_change=(
        "{latest} ({period}) yn erbyn {previous} ({previous_period}): newid {change}{share} {how}"
    ),
    steady_within="o fewn {steady}",
    steady_beyond="y tu hwnt i {steady}",
    direction_stated="dim darlleniad cynharach i'w gymharu; cyfeiriad fel y'i cyhoeddwyd",
    direction_tested=(
        "{latest} ({period}) yn erbyn {previous} ({previous_period}): {result} ({p}) → {direction}"
    ),
    significant_rise="cynnydd arwyddocaol",
    significant_fall="gostyngiad arwyddocaol",
    not_significant="dim yn arwyddocaol",
    no_significant_change="dim newid arwyddocaol",
    direction_untested="{reason}; heb ei brofi am arwyddocâd: {why}",
    untested_percent="dim rhifiadur ac enwadur",
    untested_rate="dim cyfrif a phoblogaeth",
    untested_count="nid cyfrif cyfan",
    untested_score="nid oes cyfrifon i sgôr",
    p_equals="gwerth p {p}",
    p_below="gwerth p < {p}",
    interval="{low} i {high}",
    interval_includes="{detail}, ond mae ei gyfwng {confidence} {interval} yn cynnwys y targed",
    interval_excludes="{detail}; nid yw ei gyfwng {confidence} {interval} yn cynnwys y targed",
    interval_missing="{detail}; dim cyfwng i farnu wrtho: {why}",
    trend_increasing="cynyddu",
    trend_decreasing="gostwng",
    trend_increasing_better="cynyddu ac yn gwella",
    trend_increasing_worse="cynyddu ac yn gwaethygu",
    trend_decreasing_better="gostwng ac yn gwella",
    trend_decreasing_worse="gostwng ac yn gwaethygu",
    trend_no_change="dim newid arwyddocaol",
    trend_too_few="rhy ychydig o ffigurau am duedd ({points} o {needed})",
    trend_not_calculated="ni ellid ei gyfrifo",
    trend_test_counts="atchweliad Poisson",
    trend_test_proportions="prawf chi-sgwâr am duedd",
    trend_reason="{points} ffigur, {first} i {last}: {test}, {p} → {trend}",
    trend_reason_untested="{points} ffigur, {first} i {last}: {test} → {trend}",
    months_short=[
        "Ion",
        "Chwef",
        "Maw",
        "Ebr",
        "Mai",
        "Meh",
        "Gorff",
        "Awst",
        "Medi",
        "Hyd",
        "Tach",
        "Rhag",
    ],
    # Rolling months in Welsh; quarters left as Q3 2017/18, as many Welsh documents write them.
    period_rolling="{n} mis hyd at {month}",
    trend_direction="Cyfeiriad teithio: {direction}, {figure} yn erbyn {previous}.",
    trend_direction_steady=(
        "Cyfeiriad teithio: {direction}, {figure} yn erbyn {previous}, newid o {steady} neu lai."
    ),
    direction_judged="{direction} [{judgement}]",
    better="gwell",
    worse="gwaeth",
    trend_since_baseline="Ers y llinell sylfaen, {baseline}: {change}.",
    trend_since="Ers {figure}, y ffigur cyntaf yn y siart: {change}.",
    change_by="{direction} o {amount}",
    target_and_status="Targed: {target}. Statws: {status}.",
    recent_trend_sentence="Tuedd ddiweddar: {trend}.",
)
STATUSES = Statuses.model_validate(
    {
        "successful": {"label": "Llwyddiannus"},
        "close": {"label": "Yn agos at y targed"},
        "needs_improving": {"label": "Angen gwella"},
        "monitoring": {"label": "Monitro"},
        "awaiting": {"label": "Aros am ddata"},
    }
)
Q3 = parse_period("Q3 2017/18")


def indicator(**kw: Any) -> Indicator:
    data: dict[str, Any] = {
        "id": "x",
        "measure": "m",
        "unit": "percent",
        "baseline": {"value": 44, "period": "2014/15"},
    }
    return Indicator.model_validate(data | kw)


def m(value: Any, period: str = "Q3 2017/18", rank: int | None = None) -> Measurement:
    return Measurement(None if value is None else D(str(value)), parse_period(period), rank)


def welsh_status(ind: Indicator, latest: Measurement | None, rules: Rules = DEFAULT_RULES) -> str:
    status, reason = status_of(ind, latest, rules, "Q3 2017/18", words=WELSH, statuses=STATUSES)
    assert reason.endswith(STATUSES.label(status))
    return reason


# --- every kind of target, met, close and missed ------------------------------------------

NATIONAL = {"in_line_with": {"name": "cyfartaledd Cymru", "value": 39, "period": "2016/17"}}
REDUCTION = {
    "unit": "count",
    "target": {"reduction": {"percent": 90, "by": 2020, "value": 10}},
    "baseline": {"value": 100, "period": "2019/20"},
}


@pytest.mark.parametrize(
    ("fields", "value", "period", "reason"),
    [
        (
            {"target": {"at_least": 50}},
            50,
            "Q3 2017/18",
            "50% yn erbyn o leiaf 50%: wedi'i gyrraedd → Llwyddiannus",
        ),
        (
            {"target": {"at_least": 50}},
            49,
            "Q3 2017/18",
            "49% yn erbyn o leiaf 50%: 1 pwynt yn brin, o fewn 5% → Yn agos at y targed",
        ),
        (
            {"unit": "count", "target": {"at_most": 60}},
            62,
            "Q3 2017/18",
            # 2 over 60 is 3.3% of the target.
            "62 yn erbyn dim mwy na 60: 2 yn ormod (3.3% o'r targed), o fewn 5% "
            "→ Yn agos at y targed",
        ),
        (
            {"target": {"fewer_than": 60}},
            64,
            "Q3 2017/18",
            "64% yn erbyn llai na 60%: 4 o bwyntiau yn ormod, y tu hwnt i 5% → Angen gwella",
        ),
        (
            {"target": {"between": {"low": 28, "high": 40}}},
            30,
            "Q3 2017/18",
            "30% yn erbyn 28% i 40%: o fewn yr ystod → Llwyddiannus",
        ),
        (
            {"target": {"between": {"low": 28, "high": 40}}},
            27,
            "Q3 2017/18",
            "27% yn erbyn 28% i 40%: 1 pwynt o dan yr ystod, o fewn 5% → Yn agos at y targed",
        ),
        (
            {"target": {"between": {"low": 28, "high": 40}}},
            45,
            "Q3 2017/18",
            "45% yn erbyn 28% i 40%: 5 o bwyntiau uwchlaw'r ystod, y tu hwnt i 5% → Angen gwella",
        ),
        (
            {"target": NATIONAL, "polarity": "higher is better"},
            39,
            "Q3 2017/18",
            "39% yn erbyn yn unol â cyfartaledd Cymru (39% yn 2016/17) neu'n well: "
            "yn unol neu'n well → Llwyddiannus",
        ),
        (
            {"target": NATIONAL, "polarity": "higher is better"},
            38,
            "Q3 2017/18",
            "38% yn erbyn yn unol â cyfartaledd Cymru (39% yn 2016/17) neu'n well: "
            "1 pwynt yn waeth, o fewn 5% → Yn agos at y targed",
        ),
        (
            {"unit": "rate", "target": {"no_increase": True}, "baseline": {"value": D("2.0")}},
            D("2.0"),
            "Q3 2017/18",
            "2.0 yn erbyn dim cynnydd ar 2.0: dim cynnydd → Llwyddiannus",
        ),
        (
            {
                "unit": "rate",
                "target": {"no_increase": True},
                "baseline": {"value": D("2.0"), "period": "2014/15"},
            },
            D("2.2"),
            "Q3 2017/18",
            # 0.2 over 2.0 is 10%.
            "2.2 yn erbyn dim cynnydd ar 2.0 (2014/15): 0.2 yn uwch (10% o'r targed), "
            "y tu hwnt i 5% → Angen gwella",
        ),
        (
            {"unit": "count", "target": {"any_reduction": True}, "baseline": {"value": 40}},
            39,
            "2013/14",
            "39 yn erbyn gostyngiad ar 40: gostyngiad → Llwyddiannus",
        ),
        (
            {"unit": "count", "target": {"any_reduction": True}, "baseline": {"value": 40}},
            40,
            "2013/14",
            "40 yn erbyn gostyngiad ar 40: dim gostyngiad: yr un fath â'r llinell sylfaen "
            "→ Yn agos at y targed",
        ),
        (
            {"unit": "count", "target": {"any_reduction": True}, "baseline": {"value": 40}},
            50,
            "2013/14",
            "50 yn erbyn gostyngiad ar 40: 10 yn uwch (25% o'r targed), y tu hwnt i 5% "
            "→ Angen gwella",
        ),
        (
            REDUCTION,
            70,
            "Q1 2020/21",
            # The line falls 10 a month from 100 in March 2020: 70 by June.
            "70 yn erbyn gostyngiad o 90% i 10 erbyn 2020: disgwylir 70.0 erbyn Meh 2020: "
            "ar y trywydd iawn → Llwyddiannus",
        ),
        (
            REDUCTION,
            72,
            "Q1 2020/21",
            "72 yn erbyn gostyngiad o 90% i 10 erbyn 2020: disgwylir 70.0 erbyn Meh 2020: "
            "2.0 ar ei hôl hi (2.9% o'r targed), o fewn 5% → Yn agos at y targed",
        ),
    ],
)
def test_every_kind_judges_in_the_plans_words(
    fields: dict[str, Any], value: Any, period: str, reason: str
) -> None:
    assert welsh_status(indicator(**fields), m(value, period)) == reason


RANKED = {"unit": "rate", "target": {"rank": {"within_top": 3, "of": "y grŵp teulu"}}}


@pytest.mark.parametrize(
    ("position", "reason"),
    [
        (
            3,
            "45.5 (yn y 3rd) yn erbyn y 3 uchaf o y grŵp teulu: mae y 3rd o fewn y 3 uchaf "
            "→ Llwyddiannus",
        ),
        (
            4,
            "45.5 (yn y 4th) yn erbyn y 3 uchaf o y grŵp teulu: 1 safle yn brin, o fewn 1 safle "
            "→ Yn agos at y targed",
        ),
        (
            6,
            "45.5 (yn y 6th) yn erbyn y 3 uchaf o y grŵp teulu: 3 o safleoedd yn brin, "
            "y tu hwnt i 1 safle → Angen gwella",
        ),
    ],
)
def test_a_rank_in_the_plans_words(position: int, reason: str) -> None:
    latest = m("45.5", "12 months to Dec 2017", rank=position)
    assert welsh_status(indicator(**RANKED), latest) == reason


def test_places_of_tolerance_in_the_plans_words() -> None:
    latest = m("45.5", "12 months to Dec 2017", rank=6)
    assert welsh_status(indicator(**RANKED), latest, Rules(close_places=2)).endswith(
        ": 3 o safleoedd yn brin, y tu hwnt i 2 o safleoedd → Angen gwella"
    )


def test_no_target_or_no_figure_in_the_plans_words() -> None:
    assert welsh_status(indicator(), m(12)) == "12%; dim targed → Monitro"
    ranked = indicator(unit="rate")
    assert welsh_status(ranked, m("45.5", rank=4)) == "45.5 (yn y 4th); dim targed → Monitro"
    assert welsh_status(indicator(**RANKED), m("45.5", rank=4)).startswith(
        "45.5 (yn y 4th) yn erbyn"
    )
    target = {"target": {"at_least": 50}}
    assert welsh_status(indicator(**target), None) == (
        "dim darlleniad ar Q3 2017/18; targed o leiaf 50% → Aros am ddata"
    )
    assert welsh_status(indicator(**target), m(None)) == (
        "dim ffigur eto ar gyfer Q3 2017/18; targed o leiaf 50% → Aros am ddata"
    )
    assert welsh_status(indicator(**RANKED), m("45.5", "12 months to Dec 2017")) == (
        "dim safle eto ar gyfer 12 mis hyd at Rhag 2017; targed y 3 uchaf o y grŵp teulu "
        "→ Aros am ddata"
    )


# --- a part of the year -------------------------------------------------------------------

YEAR_TO_DATE = {"unit": "count", "target": {"at_most": 36}, "baseline": {"value": 40}}


def test_a_part_of_the_year_in_the_plans_words() -> None:
    # 20 in half a year against 36 in a year: 18 due by September, 2 over (11.1%).
    assert welsh_status(indicator(**YEAR_TO_DATE), m(20, "Q1-2 2013/14")) == (
        "20 yn erbyn dim mwy na 36 (pro rata am 6 o 12 mis, sef dim mwy na 18): "
        "2 yn ormod (11.1% o'r targed), y tu hwnt i 5% → Angen gwella"
    )
    # By the profile, 60% of the year's 36 is due by September: 21.6.
    profiled = indicator(**YEAR_TO_DATE, profile=[20, 60, 80, 100])
    assert welsh_status(profiled, m(20, "Q1-2 2013/14")) == (
        "20 yn erbyn dim mwy na 36 (yn ôl ei broffil, 60% o darged y flwyddyn erbyn Medi 2013, "
        "sef dim mwy na 21.6): wedi'i gyrraedd → Llwyddiannus"
    )


# --- judged by the interval ---------------------------------------------------------------


def test_close_by_interval_in_the_plans_words() -> None:
    ind = indicator(unit="count", target={"at_most": 18}, baseline={"value": 20})
    rules = Rules(close_by_interval=True)
    # Byar's 95% interval of 24 is 15.4-35.7 (test_significance): it includes 18.
    assert welsh_status(ind, m(24, "2016/17"), rules) == (
        "24 yn erbyn dim mwy na 18: 6 yn ormod (33.3% o'r targed), y tu hwnt i 5%, "
        "ond mae ei gyfwng 95% 15 i 36 yn cynnwys y targed → Yn agos at y targed"
    )
    # 40's is 28.6-54.5: it does not.
    assert welsh_status(ind, m(40, "2016/17"), rules) == (
        "40 yn erbyn dim mwy na 18: 22 yn ormod (122.2% o'r targed), y tu hwnt i 5%; "
        "nid yw ei gyfwng 95% 29 i 54 yn cynnwys y targed → Angen gwella"
    )
    assert welsh_status(ind, m("18.5", "2016/17"), rules) == (
        "18.5 yn erbyn dim mwy na 18: 0.5 yn ormod (2.8% o'r targed), o fewn 5%; "
        "dim cyfwng i farnu wrtho: nid cyfrif cyfan → Yn agos at y targed"
    )


# --- direction ----------------------------------------------------------------------------


def test_a_direction_in_the_plans_words() -> None:
    ind = indicator(unit="count", target={"at_least": 50})
    d = direction_of(ind, m(774), None, [m(760, "Q2 2017/18")], DEFAULT_RULES, WELSH)
    assert d is not None
    # +14 on 760 is 1.8%.
    assert d.reason == ("774 (Q3 2017/18) yn erbyn 760 (Q2 2017/18): newid +14, 1.8% o fewn 2%")
    d = direction_of(ind, m(700), None, [m(760, "Q2 2017/18")], DEFAULT_RULES, WELSH)
    assert d is not None
    assert d.reason.endswith(": newid -60, 7.9% y tu hwnt i 2%")


def test_an_untested_direction_says_why_in_the_plans_words() -> None:
    ind = indicator(unit="count")
    rules = Rules(direction_method="significance")
    d = direction_of(ind, m("10.5"), None, [m(10, "Q2 2017/18")], rules, WELSH)
    assert d is not None and d.p is None
    assert d.reason == (
        "10.5 (Q3 2017/18) yn erbyn 10 (Q2 2017/18): newid +0.5, 5% y tu hwnt i 2%; "
        "heb ei brofi am arwyddocâd: nid cyfrif cyfan"
    )


@pytest.mark.parametrize(
    ("unit", "why"),
    [
        ("count", "nid cyfrif cyfan"),
        ("percent", "dim rhifiadur ac enwadur"),
        ("rate", "dim cyfrif a phoblogaeth"),
        ("score", "nid oes cyfrifon i sgôr"),
    ],
)
def test_why_a_direction_was_not_tested_in_the_plans_words(unit: str, why: str) -> None:
    rules = Rules(direction_method="significance")
    d = direction_of(indicator(unit=unit), m("10.5"), None, [m(10, "Q2 2017/18")], rules, WELSH)
    assert d is not None and d.reason.endswith(f"; heb ei brofi am arwyddocâd: {why}")


def test_a_tested_direction_in_the_plans_words() -> None:
    ind = indicator(unit="count", polarity="lower is better", baseline={"value": 120})
    rules = Rules(direction_method="significance")
    # 120 then 180 in a year: p about 0.0006 (test_significance); 180 then 120, the same.
    rise = direction_of(ind, m(180, "2016/17"), None, [m(120, "2015/16")], rules, WELSH)
    assert rise is not None
    assert rise.reason == (
        "180 (2016/17) yn erbyn 120 (2015/16): cynnydd arwyddocaol (gwerth p < 0.001) → i fyny"
    )
    fall = direction_of(ind, m(120, "2016/17"), None, [m(180, "2015/16")], rules, WELSH)
    assert fall is not None
    assert fall.reason == (
        "120 (2016/17) yn erbyn 180 (2015/16): gostyngiad arwyddocaol (gwerth p < 0.001) → i lawr"
    )
    # 1 then 3: p = 0.625 (test_significance).
    chance = direction_of(ind, m(3, "2016/17"), None, [m(1, "2015/16")], rules, WELSH)
    assert chance is not None
    assert chance.reason == (
        "3 (2016/17) yn erbyn 1 (2015/16): dim yn arwyddocaol (gwerth p 0.63) "
        "→ dim newid arwyddocaol"
    )


# --- a plan in Welsh ----------------------------------------------------------------------


def in_welsh(plan: Plan) -> Plan:
    partnership = plan.partnership.model_copy(update={"words": WELSH, "statuses": STATUSES})
    return plan.model_copy(update={"partnership": partnership})


@pytest.fixture
def rows(tmp_path: Path) -> dict[str, Row]:
    plan = in_welsh(load_plan(overlay("significance", tmp_path / "plan")).plan)
    return {r.indicator.id: r for r in snapshot(plan, Q3).rows}


def test_a_snapshot_in_the_plans_words(rows: dict[str, Row]) -> None:
    repeats = rows["example-repeats"]
    assert repeats.target == "dim mwy na 35%"
    assert repeats.status_label == "Angen gwella"
    assert repeats.reason == (
        "45.0% yn erbyn dim mwy na 35%: 10.0 o bwyntiau yn ormod, y tu hwnt i 5% → Angen gwella"
    )
    assert repeats.direction is not None
    assert repeats.direction.reason == (
        "45.0% (Q3 2017/18) yn erbyn 38.0% (Q2 2017/18): cynnydd arwyddocaol "
        "(gwerth p 0.0015) → i fyny"
    )
    assert rows["example-homicides"].target == "dim (monitro)"


def test_the_trend_in_words_in_the_plans_words(rows: dict[str, Row]) -> None:
    # What the trends section prints beside a chart: each comparison in the plan's words.
    assert rows["example-repeats"].sentences == (
        "Cyfeiriad teithio: i fyny [gwaeth], 45.0% (Q3 2017/18) yn erbyn 38.0% (Q2 2017/18).",
        "Ers y llinell sylfaen, 30.0% (Q3 2016/17): i fyny o 15.0 o bwyntiau.",
        "Tuedd ddiweddar: cynyddu ac yn gwaethygu.",
        "Targed: dim mwy na 35%. Statws: Angen gwella.",
    )
    assert rows["example-asb-rate"].sentences == (
        "Cyfeiriad teithio: dim newid arwyddocaol, 0.92 (Q3 2017/18) yn erbyn 0.89 (Q2 2017/18).",
        "Ers y llinell sylfaen, 0.91 (Q3 2016/17): i fyny o 0.01.",
        "Tuedd ddiweddar: dim newid arwyddocaol.",
    )
    # Too few figures for a recent trend compares nothing: no sentence says so.
    assert rows["example-satisfaction"].sentences == (
        "Cyfeiriad teithio: i lawr [gwaeth], 76% (Q3 2017/18) yn erbyn 80% (Q2 2017/18).",
        "Ers y llinell sylfaen, 78% (Q3 2016/17): i lawr o 2 o bwyntiau.",
        "Targed: o leiaf 80%. Statws: Yn agos at y targed.",
    )


def test_a_snapshot_keeps_the_plans_status_words(tmp_path: Path) -> None:
    plan = in_welsh(load_plan(overlay("minimal", tmp_path / "plan")).plan)
    assert snapshot(plan, Q3).statuses.label(StatusName.CLOSE) == "Yn agos at y targed"


def test_published_statuses_the_rules_do_not_give_in_the_plans_words(tmp_path: Path) -> None:
    root = overlay("minimal", tmp_path / "plan")
    readings = root / "readings" / "2017-18-q3.yaml"
    readings.write_text(
        readings.read_text().replace(
            "    value: 49\n", "    value: 49\n    published: {status: Successful}\n"
        )
    )
    found = [
        (pub, computed, why)
        for _, _, pub, computed, why in disagreements(in_welsh(load_plan(root).plan))
    ]
    assert found == [
        (
            "Successful",
            "Yn agos at y targed",
            "49% yn erbyn o leiaf 50%: 1 pwynt yn brin, o fewn 5% → Yn agos at y targed",
        )
    ]


def test_a_recent_trend_in_the_plans_words(rows: dict[str, Row]) -> None:
    trend = rows["example-repeats"].trend
    assert trend is not None
    assert trend.text == "cynyddu ac yn gwaethygu"
    assert trend.reason.startswith("5 ffigur, Q3 2016/17 i Q3 2017/18: prawf chi-sgwâr am duedd, ")
    assert trend.reason.endswith(" → cynyddu ac yn gwaethygu")
    homicides = rows["example-homicides"].trend
    assert homicides is not None
    assert homicides.text == "rhy ychydig o ffigurau am duedd (2 o 5)"


@pytest.mark.parametrize(
    ("slope", "polarity", "text"),
    [
        (1, None, "cynyddu"),
        (1, "higher is better", "cynyddu ac yn gwella"),
        (-1, None, "gostwng"),
        (-1, "higher is better", "gostwng ac yn gwaethygu"),
        (-1, "lower is better", "gostwng ac yn gwella"),
    ],
)
def test_every_trend_in_the_plans_words(slope: int, polarity: str | None, text: str) -> None:
    # Counts of 100, 130, 160, 190, 220 a quarter rise far beyond chance; the same falling.
    counts = [100, 130, 160, 190, 220][::slope]
    quarters = ["Q3 2016/17", "Q4 2016/17", "Q1 2017/18", "Q2 2017/18", "Q3 2017/18"]
    figures = [m(c, q) for c, q in zip(counts, quarters, strict=True)]
    ind = indicator(unit="count", **({"polarity": polarity} if polarity else {}))
    trend = recent_trend(figures, ind.unit, ind.effective_polarity, D(95), 5, WELSH)
    assert (trend.name, trend.text) == ("increasing" if slope > 0 else "decreasing", text)
    assert trend.reason == (
        f"5 ffigur, Q3 2016/17 i Q3 2017/18: atchweliad Poisson, gwerth p < 0.001 → {text}"
    )
    flat = recent_trend([m(0, q) for q in quarters], ind.unit, None, D(95), 5, WELSH)
    assert (
        flat.reason == "5 ffigur, Q3 2016/17 i Q3 2017/18: atchweliad Poisson → ni ellid ei gyfrifo"
    )


def _later(tmp_path: Path, missing: str | None) -> Row:
    root = overlay("minimal", tmp_path / "plan")
    later = f", missing: {missing}" if missing else ""
    (root / "readings" / "2017-18-q4.yaml").write_text(
        "quarter: Q4-2017/18\nreadings:\n"
        f"  - {{indicator: example-first-time, period: Q4 2017/18{later}}}\n"
    )
    plan = in_welsh(load_plan(root).plan)
    rows = snapshot(plan, parse_period("Q4 2017/18")).rows
    return next(r for r in rows if r.indicator.id == "example-first-time")


@pytest.mark.parametrize(
    ("missing", "later"),
    [
        (None, "disgwylir ffigur Q4 2017/18"),
        ("Awaiting data", "disgwylir ffigur Q4 2017/18 (Awaiting data)"),
        (
            "Not reported",
            "heb ei ddiweddaru: dim ffigur newydd ar gyfer Q4 2017/18 («Not reported»)",
        ),
    ],
)
def test_a_later_figure_still_to_come_in_the_plans_words(
    tmp_path: Path, missing: str | None, later: str
) -> None:
    row = _later(tmp_path, missing)
    assert row.reason == (
        "49% yn erbyn o leiaf 50%: 1 pwynt yn brin, o fewn 5% → Yn agos at y targed; " + later
    )


def test_an_override_and_a_stated_direction_in_the_plans_words(tmp_path: Path) -> None:
    root = overlay("minimal", tmp_path / "plan")
    (root / "readings" / "2017-18-q3.yaml").write_text(
        "quarter: Q3-2017/18\nreadings:\n"
        "  - {indicator: example-count, period: Q3 2017/18, value: 12,"
        " published: {direction: up},"
        " override: {status: Needs improving, reason: adolygu ansawdd y data}}\n"
    )
    plan = in_welsh(load_plan(root).plan)
    row = next(r for r in snapshot(plan, Q3).rows if r.indicator.id == "example-count")
    assert row.reason == (
        "12; dim targed → Monitro; wedi'i ddiystyru → Angen gwella: adolygu ansawdd y data"
    )
    assert row.direction is not None
    assert row.direction.reason == (
        "dim darlleniad cynharach i'w gymharu; cyfeiriad fel y'i cyhoeddwyd"
    )


def test_no_english_word_of_the_engine_is_left_untranslated() -> None:
    # Every word this file gives differs from the English default, so a reason that
    # passes above was made from the plan's words, not the default table's.
    english = Words()
    given = WELSH.model_fields_set
    same = [name for name in given if getattr(WELSH, name) == getattr(english, name)]
    assert same == []
