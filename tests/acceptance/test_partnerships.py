"""Three partnerships besides Cornwall, each written from `scp init` as a new user would
(tests/partnerships/<id>/plan), and what each asks of the tool:

- calendar-rag (Safer Harrowmere): a year starting in January, calendar quarters, months,
  spans of months, rolling years and dates as periods; Green/Amber/Red/Grey statuses in
  the board's colours, published and overridden in those words; units as written; an
  updated comparator; a Target column; a theme without "How will we know".
- ytd-counts (Brackendale): counts year to date judged pro rata or by a profile against
  each year's target; any reduction, no increase, a reduction due by a financial year;
  missing-data words of its own; notes; an old figure; no headline section.
- welsh (Bro Eirlys): every word in Welsh from the Welsh language pack (language: cy),
  quarters written Q3 2016/17 by a word of its own; the document's language cy.

Every expected status, direction and reason below is worked out by hand from the
fixture's figures, in the comment beside it. The builds (HTML, PDF, data) are checked
with the same real tools as tests/acceptance/test_accessibility.py: axe-core in Chromium, and the
PDF's structure tree read with pypdf.
"""

from __future__ import annotations

import csv
import itertools
import json
import re
import shutil
import string
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from scp_report.model.periods import parse_period
from scp_report.model.words import DEFAULT_WORDS

from ..a11y_browser import INSTALL_HINT, chromium, describe, missing_tools, run_axe
from ..helpers import PARTNERSHIPS
from ..helpers import run_cli as run
from .test_accessibility import _elements, _scp, _walk

ENGINE_STATUSES = {
    "Successful",
    "Close to target",
    "Needs improving",
    "Monitoring",
    "Awaiting data",
}
WIDTHS = [1280, 320]


@dataclass(frozen=True)
class Partnership:
    id: str
    quarter: str  # the report quarter the tests build
    lang: str
    stem: str  # the document's file name stem
    report_stem: str  # the quarterly report's
    labels: dict[str, str]  # the plan's word for each engine status


RAG = {
    "Successful": "Green",
    "Close to target": "Amber",
    "Needs improving": "Red",
    "Monitoring": "Grey",
    "Awaiting data": "Awaiting data",
}
WELSH = {
    "Successful": "Llwyddiannus",
    "Close to target": "Yn agos at y targed",
    "Needs improving": "Angen gwella",
    "Monitoring": "Monitro",
    "Awaiting data": "Aros am ddata",
}
CASES = {
    p.id: p
    for p in (
        Partnership(
            "calendar-rag",
            "Q4-2013",
            "en-GB",
            "safer-harrowmere-partnership-plan-and-performance-framework-2013-2013-q4",
            "safer-harrowmere-quarterly-performance-report-2013-q4",
            RAG,
        ),
        Partnership(
            "ytd-counts",
            "Q4-2013/14",
            "en-GB",
            "brackendale-community-safety-partnership-delivery-plan-and-performance-"
            "framework-2013-14-2013-14-q4",
            "brackendale-community-safety-partnership-quarterly-performance-report-2013-14-q4",
            {s: s for s in ENGINE_STATUSES},
        ),
        Partnership(
            "welsh",
            "Q3-2016/17",
            "cy",
            "partneriaeth-diogelwch-cymunedol-bro-eirlys-cynllun-cyflawni-a-fframwaith-"
            "perfformiad-2016-17-2016-17-q3",
            "partneriaeth-diogelwch-cymunedol-bro-eirlys-adroddiad-perfformiad-chwarterol-2016-17-q3",
            WELSH,
        ),
    )
}


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each partnership's plan folder, copied so that its cache is written beside the
    copy, never into tests/."""
    root = tmp_path_factory.mktemp("partnerships")
    out = {}
    for ident in CASES:
        shutil.copytree(PARTNERSHIPS / ident / "plan", root / ident / "plan")
        out[ident] = root / ident / "plan"
    return out


def _rows(plan: Path, quarter: str, theme: str | None = None) -> dict[str, dict[str, Any]]:
    """`scp status [THEME] --json --quarter Q`, by indicator id."""
    args = ["status", *([theme] if theme else []), "--json", "--quarter", quarter]
    code, out, err = run(*args, "--plan", str(plan))
    assert code == 0, err
    return {r["id"]: r for r in json.loads(out)}


# --------------------------------------------------------------------------- the fixtures


def test_each_partnership_is_a_plan_folder_written_from_scp_init() -> None:
    for ident in CASES:
        folder = PARTNERSHIPS / ident
        # Only plan/ is kept of what scp init wrote (not its CI workflow or schemas).
        assert not (folder / ".github").exists() and not (folder / "schema").exists()
        plan = folder / "plan"
        assert (
            (plan / "partnership.yaml")
            .read_text()
            .startswith(
                "# yaml-language-server: $schema=../../../../schema/partnership.schema.json\n"
            )
        )
        themes = sorted(p.name for p in (plan / "themes").iterdir())
        assert 2 <= len(themes) <= 3 and "example.yaml" not in themes, ident
        assert len(list((plan / "readings").iterdir())) >= 3, ident  # several quarters


def test_words_cover_every_key_of_the_table() -> None:
    # The Welsh plan has every generic word in Welsh, not only some: from the Welsh pack
    # (language: cy), which has every key (tests/model/test_languages.py), and one of its own.
    from scp_report.model.languages import pack
    from scp_report.plan.loader import load_plan

    words = load_plan(PARTNERSHIPS / "welsh" / "plan").plan.partnership.words.model_dump()
    assert set(words) == set(DEFAULT_WORDS.model_dump())
    assert words == {**pack("cy").words, "period_quarter": "Q{number} {year}"}


# --------------------------------------------------------------------------- validate


@pytest.mark.parametrize(
    ("ident", "summary"),
    [
        ("calendar-rag", "3 themes, 4 projects, 10 indicators, 34 readings: OK"),
        ("welsh", "3 themes, 3 projects, 9 indicators, 25 readings: OK"),
    ],
)
def test_validates_strictly(plans: dict[str, Path], ident: str, summary: str) -> None:
    code, out, _ = run("validate", "--strict", "--plan", str(plans[ident]))
    assert code == 0, out
    assert out.splitlines()[-1] == f"{plans[ident]}/: {summary}"
    if ident == "calendar-rag":  # the override is a note, listed, and never fails a run
        assert out.splitlines()[0].endswith(
            "2013-q2.yaml:34:7: note: readings[7].override: proven-reoffending: status set "
            "to Green by override: The board judged the rate in line with the national "
            "rate, within its confidence interval"
        )


def test_ytd_counts_validates_with_the_warnings_it_means_to_draw(plans: dict[str, Path]) -> None:
    plan = plans["ytd-counts"]
    code, out, _ = run("validate", "--plan", str(plan), "--format", "json")
    result = json.loads(out)
    assert code == 0 and result["ok"]
    assert result["summary"] == {
        "themes": 3,
        "projects": 3,
        "indicators": 7,
        "readings": 30,
        "awaited": 0,
    }
    found = [
        (Path(p["file"]).relative_to(plan).as_posix(), p["line"], p["column"], p["message"])
        for p in result["problems"]
    ]
    assert [p["severity"] for p in result["problems"]] == ["warning", "warning"]
    assert found == [
        # The 2012/13 report printed the half-year count as successful, judged against the
        # whole year's 36; the rules judge it against half of it.
        (
            "readings/2012-13-q2.yaml",
            10,
            25,
            "published as 'Successful', but the rules give 'Needs improving': 20 against at "
            "most 36 (pro rata for 6 of 12 months: at most 18): 2 over (11.1%), beyond 5% → "
            "Needs improving; check the figure and the target, or record an override with "
            "its reason",
        ),
        # The survey's latest figure, 2011/12, ended in March 2012: more than four quarters
        # (12 months) before March 2014, the end of Q4 2013/14.
        (
            "readings/2012-13-q2.yaml",
            12,
            13,
            "feeling-safe: its latest figure is for 2011/12, more than 4 quarters before Q4 "
            "2013/14: is a newer figure due? (old_after_quarters in status_rules sets how old "
            "is old)",
        ),
    ]
    code, out, _ = run("validate", "--strict", "--plan", str(plan))
    assert code == 1
    assert out.splitlines()[-1] == (
        f"{plan}/: 3 themes, 3 projects, 7 indicators, 30 readings: 2 warnings, fatal with "
        "--strict: invalid"
    )


# --------------------------------------------------------------------------- calendar-rag


def test_calendar_rag_statuses_in_rag_words(plans: dict[str, Path]) -> None:
    rows = _rows(plans["calendar-rag"], "Q4-2013")
    # 171 repeat callers against fewer than 150: 21 over, 21/150 = 14%, beyond 5% → Red.
    row = rows["asb-repeat-callers"]
    assert (row["status"], row["status_label"]) == ("Needs improving", "Red")
    assert row["reason"] == "171 against fewer than 150: 21 over (14%), beyond 5% → Red"
    # 171 against 158 in Q3: +13, 13/158 = 8.2%, beyond the 2% steady band: up, and worse.
    assert (row["direction"], row["direction_better"]) == ("up", False)
    assert (
        row["direction_reason"] == "171 (Q4 2013) against 158 (Q3 2013): change +13, 8.2% beyond 2%"
    )
    # 402 offences against at most 390: 12 over, 12/390 = 3.1%, within 5% → Amber.
    row = rows["violence-with-injury"]
    assert (row["status"], row["status_label"], row["unit_label"]) == (
        "Close to target",
        "Amber",
        "offences",
    )
    assert row["reason"] == "402 against at most 390: 12 over (3.1%), within 5% → Amber"
    # 31% inside 28%-40% → Green.
    assert (
        rows["domestic-abuse-repeat"]["reason"] == "31% against 28%-40%: within the range → Green"
    )
    # 83% against at least 85%: 2 points short; 5% of 85 is 4.25 → Amber. The month before
    # that counts is Sept 2013 (months compare with months): 86 → 83 is -3, 3/86 = 3.5%.
    row = rows["asb-satisfaction"]
    assert row["reason"] == "83% against at least 85%: 2 points short, within 5% → Amber"
    assert row["direction_reason"] == (
        "83% (Dec 2013) against 86% (Sept 2013): change -3, 3.5% beyond 2%"
    )
    assert row["latest_note"] == "96 victims surveyed in December"
    # Monitoring is Grey. 488 in Apr-Dec 2013 against 530 in Apr-Dec 2012 (the same span a
    # year earlier, the baseline): -42, 42/530 = 7.9%; lower is better, so better.
    row = rows["night-time-violence"]
    assert (row["status"], row["status_label"]) == ("Monitoring", "Grey")
    assert row["reason"] == "488; no target → Grey"
    assert (row["direction"], row["direction_better"]) == ("down", True)
    assert row["direction_reason"] == (
        "488 (Apr-Dec 2013) against 530 (Apr-Dec 2012): change -42, 7.9% beyond 2%"
    )
    # Figures as at a date compare with figures as at a date: 124 against 125, 0.8% → steady.
    assert rows["iom-cohort"]["direction"] == "steady"
    assert rows["iom-cohort"]["direction_reason"] == (
        "124 (31 December 2013) against 125 (30 September 2013): change -1, 0.8% within 2%"
    )


def test_calendar_rag_reduction_line_runs_to_december_of_its_year(plans: dict[str, Path]) -> None:
    row = _rows(plans["calendar-rag"], "Q4-2013", "asb")["asb-incidents"]
    # From 6,000 (12 months to Sept 2012) to 5,400 by December 2014: 27 months. At December
    # 2013, 15 months on: 6000 - 600 x 15/27 = 5,666.7. 5,700 is 33.3 behind, 33.3/5,666.7
    # = 0.6%, within 5% → Amber. 5,700 against 5,760 (Sept) is 1%: steady.
    assert row["reason"] == (
        "5,700 against 10% reduction to 5,400 by 2014: 5,666.7 expected by Dec 2013: 33.3 "
        "behind (0.6%), within 5% → Amber"
    )
    assert row["direction"] == "steady"


def test_calendar_rag_override_and_published_statuses_in_rag_words(plans: dict[str, Path]) -> None:
    row = _rows(plans["calendar-rag"], "Q4-2013", "reoffending")["proven-reoffending"]
    # 26.1% against the national 25.4%: 0.7 points worse; 5% of 25.4 is 1.27 → Amber,
    # overridden to Green (the override names it in the board's word).
    assert (row["status"], row["status_label"], row["overridden"]) == ("Successful", "Green", True)
    assert row["reason"] == (
        "26.1% against in line with national rate (25.4%, 2012) or better: 0.7 points worse, "
        "within 5% → Amber; overridden → Green: The board judged the rate in line with the "
        "national rate, within its confidence interval"
    )
    # 26.1 (2012) against the baseline 27.9 (2011): -1.8, 1.8/27.9 = 6.5%; lower is better.
    assert (
        row["direction_reason"] == "26.1% (2012) against 27.9% (2011): change -1.8, 6.5% beyond 2%"
    )
    assert row["direction_better"] is True


def test_calendar_rag_judges_against_the_comparator_a_reading_updates(
    plans: dict[str, Path],
) -> None:
    plan = plans["calendar-rag"]
    # Q3: 62.0 against the plan's 62.4 (12 months to Sept 2012, printed as written).
    row = _rows(plan, "Q3-2013", "headline")["all-crime-rate"]
    assert row["reason"] == (
        "62.0 against in line with most similar group average (62.4, 12 months to Sept 2012) "
        "or better: in line or better → Green"
    )
    # Q4's reading gives the group's new average, 60.5: 60.6 is 0.1 worse, 0.1/60.5 = 0.2%,
    # within 5% → Amber, as the board published it.
    row = _rows(plan, "Q4-2013", "headline")["all-crime-rate"]
    assert row["target"] == (
        "in line with most similar group average (60.5, 12 months to Dec 2013) or better"
    )
    assert row["reason"] == (
        "60.6 against in line with most similar group average (60.5, 12 months to Dec 2013) "
        "or better: 0.1 worse (0.2%), within 5% → Amber"
    )
    # 60.6 against 62.0 in the 12 months to Sept 2013: -1.4, 1.4/62.0 = 2.3% → down, better.
    assert row["direction_reason"] == (
        "60.6 (12 months to Dec 2013) against 62.0 (12 months to Sept 2013): change -1.4, "
        "2.3% beyond 2%"
    )
    assert (row["unit_label"], row["direction_better"]) == ("per 1,000 population", True)


def test_calendar_rag_periods_print_as_written(plans: dict[str, Path]) -> None:
    rows = _rows(plans["calendar-rag"], "Q4-2013")
    periods = {i: (r["baseline_period"], r["latest_period"]) for i, r in rows.items()}
    assert periods == {
        "all-crime-rate": ("12 months to Sept 2012", "12 months to Dec 2013"),
        "violence-with-injury": ("Q4 2012", "Q4 2013"),
        "domestic-abuse-repeat": ("2012", "Q4 2013"),
        "night-time-violence": ("Apr-Dec 2012", "Apr-Dec 2013"),
        "asb-incidents": ("12 months to Sept 2012", "12 months to Dec 2013"),
        "asb-satisfaction": ("Dec 2012", "Dec 2013"),
        "asb-repeat-callers": ("Q4 2012", "Q4 2013"),
        "iom-cohort": ("31 December 2012", "31 December 2013"),
        "proven-reoffending": ("2011", "2012"),
        "drug-treatment-completions": ("Sept 2012", "Dec 2013"),
    }
    # Sept and June are read as September and June, and order in time with the rest.
    assert parse_period("Sept 2012", 1) == parse_period("Sep 2012", 1)
    assert parse_period("June 2013", 1) < parse_period("31 March 2014", 1)


def test_calendar_rag_status_table_uses_its_labels(plans: dict[str, Path]) -> None:
    code, out, _ = run("status", "--quarter", "Q4-2013", "--plan", str(plans["calendar-rag"]))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Status as at Q4 2013"
    assert lines[1].split() == ["Theme", "Green", "Amber", "Red", "Grey", "Total"]
    # Green: domestic-abuse-repeat, proven-reoffending (overridden), drug treatment. Amber:
    # all-crime-rate, violence-with-injury, asb-incidents, asb-satisfaction. Red: repeat
    # callers. Grey: night-time violence, the IOM cohort.
    assert lines[-1].split() == ["all", "3", "4", "1", "2", "10"]
    # A theme's table: the status in the board's word, the reading's note, the unit.
    code, out, _ = run(
        "status", "asb", "--quarter", "Q4-2013", "--plan", str(plans["calendar-rag"])
    )
    text = " ".join(out.split())  # the table wraps its cells
    assert "Note: 96 victims surveyed in December" in text
    assert "(callers)" in text and "Red" in text and "Needs improving" not in text


# --------------------------------------------------------------------------- ytd-counts


def test_ytd_a_half_year_count_is_judged_pro_rata_against_its_years_target(
    plans: dict[str, Path],
) -> None:
    plan = plans["ytd-counts"]
    # Q1-2 2012/13: the 2012/13 target (at most 36) in force; 6 of 12 months gone, so 18
    # due. 20 is 2 over, 2/18 = 11.1%, beyond 5% → Needs improving.
    row = _rows(plan, "Q2-2012/13", "acquisitive")["dwelling-burglary"]
    assert row["target"] == "at most 36"
    assert row["reason"] == (
        "20 against at most 36 (pro rata for 6 of 12 months: at most 18): 2 over (11.1%), "
        "beyond 5% → Needs improving"
    )
    # Q1-2 2013/14: the 2013/14 target, at most 15, in force; half of it is 7.5. 9 is 1.5
    # over, 1.5/7.5 = 20% → Needs improving. Its direction: the same span a year earlier,
    # Q1-2 2012/13 (20): -11, 11/20 = 55%, down and better.
    row = _rows(plan, "Q2-2013/14", "acquisitive")["dwelling-burglary"]
    assert row["target"] == "at most 15"
    assert row["reason"] == (
        "9 against at most 15 (pro rata for 6 of 12 months: at most 7.5): 1.5 over (20%), "
        "beyond 5% → Needs improving"
    )
    assert row["direction_reason"] == (
        "9 (Q1-2 2013/14) against 20 (Q1-2 2012/13): change -11, 55% beyond 2%"
    )
    assert (row["direction"], row["direction_better"]) == ("down", True)
    # Q1-3: 15 x 9/12 = 11.25, to a tenth 11.2 (half to even); 11 is within it → met.
    row = _rows(plan, "Q3-2013/14", "acquisitive")["dwelling-burglary"]
    assert row["reason"] == (
        "11 against at most 15 (pro rata for 9 of 12 months: at most 11.2): met → Successful"
    )
    # Q1-4 is the whole year: judged against 15 itself, and compared with Q1-4 2012/13.
    row = _rows(plan, "Q4-2013/14", "acquisitive")["dwelling-burglary"]
    assert row["reason"] == "14 against at most 15: met → Successful"
    assert row["direction_reason"] == (
        "14 (Q1-4 2013/14) against 33 (Q1-4 2012/13): change -19, 57.6% beyond 2%"
    )
    assert row["latest_note"] == "Provisional: the police confirm the year's figures in May"


def test_ytd_a_count_with_a_profile_is_judged_by_it(plans: dict[str, Path]) -> None:
    plan = plans["ytd-counts"]
    # Profile [20, 45, 70, 100] of at most 480. YTD Jun 2013: 20% = 96; 101 is 5 over,
    # 5/96 = 5.2%, beyond 5% → Needs improving.
    row = _rows(plan, "Q1-2013/14", "acquisitive")["shoplifting"]
    assert row["reason"] == (
        "101 against at most 480 (by its profile, 20% of the year's by Jun 2013: at most "
        "96): 5 over (5.2%), beyond 5% → Needs improving"
    )
    # YTD Sep 2013: 45% = 216; 222 is 6 over, 6/216 = 2.8%, within 5% → Close to target
    # (pro rata it would be 240, and met: the profile decides).
    row = _rows(plan, "Q2-2013/14", "acquisitive")["shoplifting"]
    assert row["reason"] == (
        "222 against at most 480 (by its profile, 45% of the year's by Sep 2013: at most "
        "216): 6 over (2.8%), within 5% → Close to target"
    )
    assert row["latest_note"] == "Includes 14 thefts by one group at the retail park in August"
    assert row["latest_period"] == "YTD Sep 2013"


def test_ytd_any_reduction_equal_to_the_baselines_part_is_not_met(
    plans: dict[str, Path],
) -> None:
    plan = plans["ytd-counts"]
    # Q1-2 2013/14: the 2012/13 baseline of 212 for half a year is 106; 106 is no
    # reduction on it → Close to target (level is as near as a miss can be).
    row = _rows(plan, "Q2-2013/14", "violence")["violence-against-person"]
    assert row["reason"] == (
        "106 against a reduction on 212 (2012/13) (pro rata for 6 of 12 months: a reduction "
        "on 106): no reduction: the same as the baseline → Close to target"
    )
    # No increase: 180 against 180 is no increase → Successful.
    row = _rows(plan, "Q2-2013/14", "violence")["criminal-damage"]
    assert row["reason"] == (
        "180 against no increase on 180 (Q4 2012/13): no increase → Successful"
    )


def test_ytd_a_whole_year_of_quarters_compares_with_the_financial_year(
    plans: dict[str, Path],
) -> None:
    row = _rows(plans["ytd-counts"], "Q4-2013/14", "violence")["violence-against-person"]
    # Q1-4 2013/14 is April 2013 to March 2014, a whole year like the 2012/13 baseline: 205
    # against 212 is -7, 7/212 = 3.3% → down, and better; judged against 212 itself.
    assert (row["direction"], row["direction_source"], row["direction_better"]) == (
        "down",
        "computed",
        True,
    )
    assert row["direction_reason"] == (
        "205 (Q1-4 2013/14) against 212 (2012/13): change -7, 3.3% beyond 2%"
    )
    assert row["reason"] == "205 against a reduction on 212 (2012/13): a reduction → Successful"


def test_ytd_reduction_due_by_a_financial_year_runs_to_its_march(
    plans: dict[str, Path],
) -> None:
    plan = plans["ytd-counts"]
    # From 500 (2012/13, to March 2013) to 400 by 2014/15 (March 2015): 24 months. At
    # September 2013, 6 months on: 500 - 100 x 6/24 = 475.0; 481 is 6.0 behind,
    # 6/475 = 1.3% → Close to target. (By December 2014 the line would run 21 months and
    # expect 471.4.)
    row = _rows(plan, "Q2-2013/14", "acquisitive")["vehicle-crime"]
    assert row["reason"] == (
        "481 against 20% reduction to 400 by 2014/15: 475.0 expected by Sep 2013: 6.0 "
        "behind (1.3%), within 5% → Close to target"
    )
    # At March 2014, 12 months on: 450.0; 440 is on track.
    row = _rows(plan, "Q4-2013/14", "acquisitive")["vehicle-crime"]
    assert row["reason"] == (
        "440 against 20% reduction to 400 by 2014/15: 450.0 expected by Mar 2014: on track "
        "→ Successful"
    )


def test_ytd_missing_figures_in_the_partnerships_words(plans: dict[str, Path]) -> None:
    rows = _rows(plans["ytd-counts"], "Q4-2013/14")
    # No new data published for Q4 (imported from the sheet's value column): the Q3 figure
    # stands. 186 against 180: 6 higher, 6/180 = 3.3% → Close to target, not updated.
    row = rows["criminal-damage"]
    assert (row["latest"], row["latest_period"]) == (186, "Q3 2013/14")
    assert (row["not_updated_period"], row["later_text"], row["awaited_period"]) == (
        "Q4 2013/14",
        "No new data published",
        None,
    )
    assert row["reason"] == (
        "186 against no increase on 180 (Q4 2012/13): 6 higher (3.3%), within 5% → Close to "
        "target; not updated: no new figure published for Q4 2013/14 (No new data published)"
    )
    assert row["latest_note"] == "Includes nine incidents at one school in November"
    # NYA means awaited: the 2011/12 survey figure stands. 73% against at least 75%: 2
    # points short, 5% of 75 is 3.75 → Close to target.
    row = rows["feeling-safe"]
    assert (row["latest_period"], row["awaited_period"], row["later_text"]) == (
        "2011/12",
        "2013/14",
        "NYA",
    )
    assert row["reason"] == (
        "73% against at least 75%: 2 points short, within 5% → Close to target; the 2013/14 "
        "figure is awaited (NYA)"
    )
    # {kind: not applicable, text: ...}: no new figure applies, so the Q3 figure and its
    # status stand, not updated (issue 23: only awaited words wait for a figure).
    row = rows["asb-high-risk-contact"]
    assert (row["latest"], row["latest_period"], row["status"]) == (
        88,
        "Q3 2013/14",
        "Close to target",
    )
    assert (row["not_updated_period"], row["later_text"]) == (
        "Q4 2013/14",
        "No high-risk cases were reported this quarter",
    )
    assert row["reason"] == (
        "88% against at least 90%: 2 points short, within 5% → Close to target; not updated: "
        "no new figure published for Q4 2013/14 (No high-risk cases were reported this quarter)"
    )


def test_ytd_the_imported_quarter_kept_the_plans_spelling(plans: dict[str, Path]) -> None:
    # The Q4 file came from `scp import` of a sheet whose value cells said "No new data
    # published" and "nya": each became missing: in the plan's spelling.
    text = (plans["ytd-counts"] / "readings" / "2013-14-q4.yaml").read_text()
    assert '    period: "Q4 2013/14"\n    value:\n    missing: "No new data published"\n' in text
    assert '    period: "2013/14"\n    value:\n    missing: "NYA"\n' in text


# --------------------------------------------------------------------------- welsh


def test_welsh_reasons_are_in_welsh(plans: dict[str, Path]) -> None:
    rows = _rows(plans["welsh"], "Q3-2016/17")
    # 4th against the top 3: one place short, within the one place allowed → close.
    row = rows["cyfradd-troseddu"]
    assert (row["status"], row["status_label"]) == ("Close to target", "Yn agos at y targed")
    assert row["latest_text"] == "13.5 (safle 4)"
    assert row["reason"] == (
        "13.5 (safle 4) yn erbyn ymhlith y 3 uchaf yn ein grŵp teulu: 1 safle yn brin, o "
        "fewn 1 safle → Yn agos at y targed"
    )
    # 13.5 against 13.1 in Q2: +0.4, 0.4/13.1 = 3.1%.
    assert row["direction_reason"] == (
        "13.5 (Q3 2016/17) yn erbyn 13.1 (Q2 2016/17): newid +0.4, 3.1% y tu hwnt i 2%"
    )
    # 70 against no increase on 64: 6 higher, 6/64 = 9.4%, beyond 5%.
    assert rows["ymddygiad-galwyr-ailadroddus"]["reason"] == (
        "70 yn erbyn dim cynnydd ar 64 (Q3 2015/16): 6 yn uwch (9.4%), y tu hwnt i 5% → "
        "Angen gwella"
    )
    # From 50 (2014/15) to 40 by 2019/20: 60 months; at March 2016, 12 months on, 48.0.
    assert rows["troseddwyr-tro-cyntaf"]["reason"] == (
        "47 yn erbyn gostyngiad o 20% i 40 erbyn 2019/20: 48.0 yn ddisgwyliedig erbyn Maw "
        "2016: ar y trywydd iawn → Llwyddiannus"
    )
    # Not published in Q3: the Q2 figure stands, not updated.
    assert rows["troseddau-rhywiol"]["reason"] == (
        "91; dim targed → Monitro; heb ei ddiweddaru: ni chyhoeddwyd ffigur newydd ar gyfer "
        "Q3 2016/17 (Ni chyhoeddwyd data newydd)"
    )
    # Dim data eto (the plan's word for awaited): 29% in Q2 stands, under 30.
    assert rows["aildroseddu-ieuenctid"]["reason"] == (
        "29% yn erbyn llai na 30%: wedi'i gyrraedd → Llwyddiannus; disgwylir ffigur Q3 "
        "2016/17 (Dim data eto)"
    )


def _english_fragments() -> list[str]:
    """The words of the default (English) table, between their blanks: 'Performance as
    at', 'against', 'within the range'... Words with no letters ('{low}-{high}') are the
    same in every language and are left out."""
    found = set()
    for value in DEFAULT_WORDS.model_dump().values():
        for text in value if isinstance(value, list) else [value]:
            for literal, _, _, _ in string.Formatter().parse(text):
                for line in (literal or "").splitlines():
                    fragment = " ".join(line.split()).strip(" :;,.()?→-/")
                    if re.search(r"[A-Za-z]", fragment):
                        found.add(fragment)
    return sorted(found)


ENGLISH = _english_fragments()


def _english_in(text: str) -> list[str]:
    """The English table's fragments found in text, as whole words, in any case; and any
    English ordinal (4th)."""
    text = " ".join(text.split())
    found = [f for f in ENGLISH if re.search(rf"(?<!\w){re.escape(f)}(?!\w)", text, re.IGNORECASE)]
    return found + re.findall(r"\b\d+(?:st|nd|rd|th)\b", text)


def test_the_english_fragments_would_be_found() -> None:
    # The check below proves something: the English defaults are found where they are.
    assert len(ENGLISH) > 150
    assert {"Who to contact", "against", "within the range", "up", "Jan", "January"} <= set(ENGLISH)
    assert _english_in("49% against at least 50%: 1 point short (ranked 4th)") == [
        "against",
        "at least",
        "point",
        "ranked",
        "short",
        "4th",
    ]
    assert _english_in("49% yn erbyn o leiaf 50%: 1 pwynt yn brin (safle 4)") == []


WELSH_DATA_KEYS = (
    "measure",
    "unit_label",
    "target",
    "baseline_text",
    "latest_text",
    "latest_note",
    "later_text",
    "direction_reason",
    "status_label",
    "reason",
)


def test_welsh_status_data_has_no_english_word(plans: dict[str, Path]) -> None:
    # The plan-facing values of `scp status --json` (its keys, and `status` and
    # `direction`, are the engine's own names by design).
    for quarter in ("Q1-2016/17", "Q2-2016/17", "Q3-2016/17"):
        for ident, row in _rows(plans["welsh"], quarter).items():
            for key in WELSH_DATA_KEYS:
                if row[key] is not None:
                    assert _english_in(str(row[key])) == [], (quarter, ident, key, row[key])


def test_welsh_status_table_has_no_english_word(plans: dict[str, Path]) -> None:
    code, out, _ = run("status", "--all", "--plan", str(plans["welsh"]))
    assert code == 0
    assert _english_in(out) == []


# --------------------------------------------------------------------------- the builds


@pytest.fixture(scope="module")
def builds(plans: dict[str, Path]) -> Callable[[str], tuple[Partnership, Path]]:
    """Builds a partnership's document (HTML, PDF, CSV, JSON) and quarterly report (HTML,
    PDF) with the `scp` command as a user runs it, once however many tests ask."""
    done: dict[str, tuple[Partnership, Path]] = {}

    def build(ident: str) -> tuple[Partnership, Path]:
        if ident not in done:
            case = CASES[ident]
            out = plans[ident].parent / "out"
            command = [_scp(), "build", "--quarter", case.quarter, "--plan", str(plans[ident])]
            for args in (["--format", "all"], ["--report", "quarterly"]):
                result = subprocess.run(
                    [*command, "--out", str(out), "-q", *args],
                    capture_output=True,
                    text=True,
                    timeout=300,
                    check=False,
                )
                assert result.returncode == 0, result.stderr
            done[ident] = (case, out)
        return done[ident]

    return build


@pytest.fixture(scope="module", params=list(CASES))
def built(
    request: pytest.FixtureRequest, builds: Callable[[str], tuple[Partnership, Path]]
) -> tuple[Partnership, Path]:
    """One partnership's build (each test names its partnership, or takes all three)."""
    return builds(request.param)


@pytest.mark.slow
def test_build_writes_html_pdf_and_data(built: tuple[Partnership, Path]) -> None:
    case, out = built
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [f"{case.stem}.{ext}" for ext in ("csv", "html", "json", "pdf")]
        + [f"{case.report_stem}.{ext}" for ext in ("html", "pdf")]
        + ["datapackage.json"]
    )
    rows = json.loads((out / f"{case.stem}.json").read_text())
    # The data keep the engine's value in `status` and the plan's word in `status_label`.
    assert {r["status"] for r in rows} <= ENGINE_STATUSES
    for row in rows:
        assert row["quarter"] == parse_period(case.quarter).label
        assert row["status_label"] == case.labels[row["status"]], row
    with (out / f"{case.stem}.csv").open(encoding="utf-8-sig", newline="") as f:
        table = list(csv.DictReader(f))
    assert [(r["id"], r["status"], r["status_label"]) for r in table] == [
        (r["id"], r["status"], r["status_label"]) for r in rows
    ]
    html = (out / f"{case.stem}.html").read_text()
    assert f'<html lang="{case.lang}">' in html
    for status, label in case.labels.items():
        if any(r["status"] == status for r in rows):
            assert f">{label}" in html, label


@pytest.mark.slow
@pytest.mark.parametrize("built", ["calendar-rag"], indirect=True)
def test_calendar_rag_document_shows_its_targets_units_and_colours(
    built: tuple[Partnership, Path],
) -> None:
    case, out = built
    html = (out / f"{case.stem}.html").read_text()
    assert ".status-close { background: #ffbf47; color: #1b1b1b; }" in html
    assert '<th scope="col">Target</th>' in html  # document.target_column
    assert '<td class="target" data-label="Target">fewer than 150</td>' in html
    assert "171 callers" in html and "488 incidents" in html  # unit_label beside figures
    assert "60.6 per 1,000 population" in html
    # The asb theme asks for no "How will we know" heading; the other two keep it.
    assert html.count("How will we know we’ve made a difference?") == 2
    asb = html[html.index('id="section-asb"') : html.index('id="section-reoffending"')]
    assert "How will we know" not in asb
    assert "96 victims surveyed in December" in asb  # a reading's note beside its figure


@pytest.mark.slow
@pytest.mark.parametrize("built", ["ytd-counts"], indirect=True)
def test_ytd_document_marks_old_and_not_updated_figures(built: tuple[Partnership, Path]) -> None:
    case, out = built
    html = (out / f"{case.stem}.html").read_text()
    # No headline section, no collective commitment or outcomes: nothing empty printed.
    assert "section-headline" not in html and "headline-outcomes" not in html
    # The old survey figure keeps its own period beside it, and says what is awaited.
    assert (
        '73% <span class="period">(2011/12)</span> <span class="awaited">NYA (2013/14).</span>'
        in html
    )
    assert (
        '186 offences <span class="period">(Q3 2013/14)</span> <span class="awaited">No new '
        "data published (Q4 2013/14).</span>"
    ) in html
    assert 'Close to target <span class="not-updated">(not updated)</span>' in html
    assert "Provisional: the police confirm the year" in html  # the Q1-4 figure's note
    # The not-applicable reading leaves Q3's figure standing, not updated; the quarterly
    # report no longer shows its status changing to Awaiting data (issue 23).
    assert (
        '88% <span class="period">(Q3 2013/14)</span> <span class="awaited">No high-risk '
        "cases were reported this quarter (Q4 2013/14).</span>"
    ) in html
    assert (
        "No new figure for Q4 2013/14 (No high-risk cases were reported this quarter); the "
        "last is 88% (Q3 2013/14)."
    ) in html
    report = (out / f"{case.report_stem}.html").read_text()
    assert "→ Awaiting data" not in report


@pytest.mark.slow
@pytest.mark.parametrize("built", ["welsh"], indirect=True)
def test_welsh_documents_have_no_english_word(built: tuple[Partnership, Path]) -> None:
    case, out = built
    for stem in (case.stem, case.report_stem):
        html = (out / f"{stem}.html").read_text()
        assert f'<html lang="{case.lang}">' in html
        assert _english_in(_visible_text(html)) == [], stem
        pdf = PdfReader(out / f"{stem}.pdf")
        assert _english_in(" ".join(page.extract_text() for page in pdf.pages)) == [], stem


class _Visible(HTMLParser):
    """The text a reader meets: text nodes (not CSS), names given in aria-label, title or
    alt, and the page's description."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script"):
            self.hidden += 1
        found = dict(attrs)
        self.parts += [found[a] or "" for a in ("aria-label", "title", "alt") if a in found]
        if tag == "meta" and found.get("name") in ("description", "keywords"):
            self.parts.append(found.get("content") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def _visible_text(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return " ".join(parser.parts)


def test_visible_text_finds_what_a_reader_meets() -> None:
    html = (
        '<html><head><style>.who { color: red }</style><meta name="description" '
        'content="Who to contact"></head><body><div aria-label="Chart: x">y</div></body></html>'
    )
    assert _visible_text(html).split() == ["Who", "to", "contact", "Chart:", "x", "y"]


# --------------------------------------------------------------------------- accessibility


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    problems = missing_tools()
    if problems:
        pytest.fail(f"{'; '.join(problems)}: {INSTALL_HINT}", pytrace=False)
    with chromium(tmp_path_factory.mktemp("chromium-profile")) as context:
        yield context


@pytest.mark.slow
@pytest.mark.parametrize("width", WIDTHS, ids=[f"{w}px" for w in WIDTHS])
@pytest.mark.parametrize("report", [False, True], ids=["document", "quarterly"])
def test_axe_finds_no_violations(
    browser: Any, built: tuple[Partnership, Path], report: bool, width: int
) -> None:
    case, out = built
    page = browser.new_page()
    try:
        page.set_viewport_size({"width": width, "height": 900 if width > 600 else 640})
        page.goto((out / f"{case.report_stem if report else case.stem}.html").as_uri())
        violations = run_axe(page)
        assert violations == [], f"{case.id}: axe-core found:\n" + describe(violations)
        assert page.evaluate("document.documentElement.lang") == case.lang
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        page.close()


@pytest.mark.slow
@pytest.mark.parametrize("report", [False, True], ids=["document", "quarterly"])
def test_pdf_is_tagged_with_language_title_headings_and_tables(
    built: tuple[Partnership, Path], report: bool
) -> None:
    case, out = built
    pdf = PdfReader(out / f"{case.report_stem if report else case.stem}.pdf")
    root = pdf.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == case.lang
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    assert pdf.metadata is not None and pdf.metadata.title
    elements = _elements(pdf)
    assert elements[0][0] == "Document"
    levels = [int(kind[1]) for kind, _, _ in elements if re.fullmatch(r"H[1-6]", kind)]
    assert levels and levels[0] == 1 and levels.count(1) == 1
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, f"heading level jumps from H{before} to H{after}"
    tables = [e for kind, e, _ in elements if kind == "Table"]
    assert tables
    for table in tables:
        kinds = [kind for kind, _, _ in _walk(table, None)]
        assert "TH" in kinds and "TR" in kinds, kinds[:20]


# --------------------------------------------------------------------------- charts


def _trend(html: str, ident: str) -> str:
    found = re.search(rf'<figure class="trend[^"]*" id="trend-{ident}".*?</figure>', html, re.S)
    assert found, ident
    return found.group(0)


@pytest.mark.slow
@pytest.mark.parametrize("built", ["ytd-counts"], indirect=True)
def test_a_chart_never_joins_figures_of_unlike_spans(built: tuple[Partnership, Path]) -> None:
    case, out = built
    trend = _trend((out / f"{case.stem}.html").read_text(), "dwelling-burglary")
    periods = re.findall(r'<tr><th scope="row">([^<]+?)(?: \(baseline\))?</th>', trend)
    spans = [parse_period(p) for p in periods]
    # The most figures alike (Period.comparable) of any one span: 3 years.
    widest = max(sum(1 for t in spans if t.comparable(s)) for s in spans)
    lines = re.findall(r'<polyline points="([^"]*)"', trend)
    assert lines and all(len(line.split()) <= widest for line in lines), (periods, lines)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("built", "ident", "line"),
    [
        ("ytd-counts", "dwelling-burglary", "target: at most 15"),
        ("calendar-rag", "all-crime-rate", "most similar group average: 60.5"),
    ],
    indirect=["built"],
)
def test_a_charts_target_line_is_the_target_in_force(
    built: tuple[Partnership, Path], ident: str, line: str
) -> None:
    case, out = built
    assert line in _trend((out / f"{case.stem}.html").read_text(), ident)


@pytest.mark.slow
@pytest.mark.parametrize("built", ["calendar-rag"], indirect=True)
def test_the_quarterly_report_writes_units_as_the_plan_does(
    built: tuple[Partnership, Path],
) -> None:
    case, out = built
    report = (out / f"{case.report_stem}.html").read_text()
    assert "171 callers" in report
