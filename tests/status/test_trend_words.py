"""The trends section's words against the table: every sentence of every plan the tests
hold (the bundled plan, the fixture partnerships, the fixtures that build), at every
quarter with figures, is read back and checked against its snapshot row, the row the
performance table prints. A sentence states one comparison, like for like, in the
table's direction words, with the row's own figures, and no status beside a measure
without a target."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from scp_report.model import figures as fmt
from scp_report.model.models import Plan, StatusName
from scp_report.model.periods import Period, PeriodError, parse_period
from scp_report.model.statuses import Statuses
from scp_report.model.words import Words
from scp_report.plan.loader import load_plan
from scp_report.render.trends import MIN_CHART_POINTS, trends
from scp_report.status.snapshot import Row, quarters_with_figures, snapshot

from ..builders import edit, overlay
from ..helpers import FIXTURES, PARTNERSHIPS, ROOT

NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def _has(text: str, word: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.IGNORECASE) is not None


def _periods(text: str, year_start: int) -> list[Period]:
    """The periods a sentence names: those in brackets after their figures."""
    found = []
    for inside in re.findall(r"\(([^()]*)\)", text):
        try:
            found.append(parse_period(inside, year_start))
        except PeriodError:
            continue  # (better), (safle 4): not a period
    return found


def contradictions(row: Row, words: Words, statuses: Statuses, year_start: int) -> list[str]:
    """What in the row's sentences disagrees with the row (the table), or with itself."""
    latest, d, unit = row.latest, row.direction, row.indicator.unit
    if latest is None or latest.value is None or latest.period is None:
        return [f"sentences without a figure: {s}" for s in row.sentences]
    now = latest.period
    value_of = {str(p.span): p.value for p in row.figures if p.span is not None}
    before = d.previous if d is not None else None
    if before is not None and before.period is not None and before.value is not None:
        value_of[str(before.period)] = before.value  # the figure the arrow compared with
    directions = [words.up, words.down, words.no_change, words.no_significant_change]
    labels = {statuses.label(s) for s in StatusName}
    monitoring = row.target_spec is None or row.status == StatusName.MONITORING
    allowed = {fmt.percent(row.rules.steady_percent).rstrip("%")}
    allowed.update(NUMBER.findall(fmt.shown(latest, unit, words.awaiting_data, words)))
    for v in value_of.values():
        allowed.update(NUMBER.findall(fmt.value(v, unit)))
        allowed.update(NUMBER.findall(fmt.gap(latest.value - v, unit, words)))
    problems = []
    compared_with_previous = 0
    # A later reading that brought words instead of a figure (issue 23): the first sentence
    # says so, naming that later period and the latest figure, which still stands.
    not_updated = None
    later = row.later
    if later is not None and later.kind == "not published":
        brackets = words.later_said_in_brackets.format(words=later.text) if later.text else ""
        figure = f"{fmt.shown(latest, unit, words.awaiting_data, words)} ({now})"
        not_updated = words.trend_not_updated.format(
            period=later.period, said=brackets, figure=figure
        )
        if not row.sentences or row.sentences[0] != not_updated:
            problems.append(f"not first, {not_updated!r}: {row.sentences}")
        if not later.period.last > now.last:
            problems.append(f"no new figure for {later.period}, yet the latest is {now}")
    for s in row.sentences:
        if s == not_updated:
            continue
        said = s.replace(row.target, "") if row.target else s
        if row.trend is not None:
            said = said.replace(row.trend.text, "")
        periods = _periods(said, year_start)
        # Like for like: every figure named is of the latest's kind of period, up to it.
        for p in periods:
            if not (p.comparable(now) and p <= now):
                problems.append(f"{p} is not like {now}: {s}")
            elif row.rules.compare == "year-earlier" and (now.last - p.last) % 12:
                problems.append(f"{p} is not the same part of the year as {now}: {s}")
        earlier = {str(p) for p in periods} - {str(now)}
        if len(earlier) > 1:
            problems.append(f"more than one comparison: {s}")
        is_target = bool(row.target) and row.target in s
        is_trend = row.trend is not None and row.trend.text in s
        if not earlier and not is_target and not is_trend:
            problems.append(f"no comparison: {s}")
        # The figures are the row's: each just before its period.
        for p in periods:
            head = said.split(f"({p})")[0].rstrip()
            if str(p) == str(now):
                expected = fmt.shown(latest, unit, words.awaiting_data, words)
            elif str(p) in value_of:
                expected = fmt.value(value_of[str(p)], unit)
            else:
                problems.append(f"{p} is none of the row's figures: {s}")
                continue
            if not head.endswith(expected):
                problems.append(f"the figure for {p} is not {expected}: {s}")
        # The direction words: the arrow's, or the sign of the change named.
        flat = s
        if words.no_significant_change != words.no_change:
            flat = flat.replace(words.no_significant_change, "\0")
        if len(earlier) == 1:
            (other,) = earlier
            if before is not None and d is not None and other == str(before.period):
                compared_with_previous += 1
                right = d.said(words)
                if d.better is not None:
                    judgement = words.better if d.better else words.worse
                    if not _has(s, judgement):
                        problems.append(f"the arrow is {judgement}: {s}")
            else:
                change = latest.value - value_of[other] if other in value_of else None
                right = (
                    words.no_change
                    if change == 0
                    else words.up
                    if change is not None and change > 0
                    else words.down
                )
            for w in directions:
                text = s if w == words.no_significant_change else flat
                if (w == right) != _has(text, w):
                    problems.append(f"direction {right!r}, yet {w!r} is {_has(text, w)}: {s}")
        # No status beside a measure without a target; else only the row's own.
        named = {label for label in labels if _has(said, label)}
        if monitoring and named:
            problems.append(f"a status beside a monitoring measure: {s}")
        elif named - {row.status_label}:
            problems.append(f"a status that is not the row's: {s}")
        for n in NUMBER.findall(re.sub(r"\([^()]*\)", "", said)):
            if n not in allowed:
                problems.append(f"{n} is none of the row's numbers: {s}")
    if before is not None and compared_with_previous != 1:
        problems.append(f"{compared_with_previous} sentences give the arrow's comparison")
    return problems


def _plans(tmp: Path) -> list[tuple[str, Plan]]:
    roots = {"bundled": ROOT / "plan"}
    roots.update({p.name: p / "plan" for p in sorted(PARTNERSHIPS.iterdir()) if p.is_dir()})
    for case in sorted(FIXTURES.iterdir()):
        if case.is_dir() and not case.name.startswith("broken-"):
            roots[case.name] = overlay(case.name, tmp / case.name)
    return [(name, load_plan(root).plan) for name, root in roots.items()]


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, Plan]]:
    return _plans(tmp_path_factory.mktemp("plans"))


def test_the_plans_walked_are_every_plan_that_builds(plans: list[tuple[str, Plan]]) -> None:
    names = [name for name, _ in plans]
    assert {"bundled", "calendar-rag", "welsh", "ytd-counts", "minimal", "quarters"} <= set(names)
    assert {"significance", "warn-lag", "warn-baseline-after"} <= set(names)


def test_no_sentence_contradicts_its_row(plans: list[tuple[str, Plan]]) -> None:
    walked = 0
    found = []
    for name, plan in plans:
        year_start = plan.partnership.year_start
        for quarter in quarters_with_figures(plan):
            snap = snapshot(plan, quarter)
            for row in snap.rows:
                walked += len(row.sentences)
                for problem in contradictions(row, snap.words, snap.statuses, year_start):
                    found.append(f"{name} {quarter} {row.indicator.id}: {problem}")
    assert found == []
    assert walked > 200  # the walk reads sentences, not nothing


def test_the_section_holds_only_measures_with_a_history(plans: list[tuple[str, Plan]]) -> None:
    shown = {}
    for name, plan in plans:
        quarter = quarters_with_figures(plan)[-1]
        snap = snapshot(plan, quarter)
        listed = {t.id for group in trends(snap) for t in group.trends}
        assert listed == {r.indicator.id for r in snap.rows if len(r.comparable) >= 3}, name
        assert MIN_CHART_POINTS == 3
        shown[name] = len(listed)
    # The bundled Q3 2017/18 document has none: no measure has three figures alike.
    assert shown["bundled"] == 0
    # ytd-counts: 4 since issue 23, asb-high-risk-contact's not-applicable Q4 reading
    # keeping its Q3 figure (it had none to chart before).
    assert shown["calendar-rag"] == 8 and shown["welsh"] == 7 and shown["ytd-counts"] == 4


# --------------------------------------------------------------------------- the check itself


@pytest.fixture(scope="module")
def example(plans: list[tuple[str, Plan]]) -> tuple[Row, Words, Statuses, int]:
    """A quarterly percentage against at least 50%: 49% in Q3 2017/18, down (worse) from
    51% in Q2, 45% in Q1; a 2014/15 baseline of 44%, a year, unlike the quarters."""
    plan = dict(plans)["quarters"]
    snap = snapshot(plan, parse_period("Q3 2017/18"))
    (row,) = [r for r in snap.rows if r.indicator.id == "example-first-time"]
    return row, snap.words, snap.statuses, plan.partnership.year_start


def test_the_examples_sentences(example: tuple[Row, Words, Statuses, int]) -> None:
    row = example[0]
    assert row.sentences == (
        "Direction of travel: down (worse), 49% (Q3 2017/18) against 51% (Q2 2017/18).",
        "Since 45% (Q1 2017/18), the first figure in the chart: up 4 points.",
        "Target: at least 50%. Status: Close to target.",
    )
    assert contradictions(*example) == []


@pytest.mark.parametrize(
    ("sentence", "problem"),
    [
        # the old appendix's: a quarter against a year's baseline
        ("Since the baseline, 44% (2014/15): up 5 points.", "2014/15 is not like Q3 2017/18"),
        # the arrow's comparison with the wrong word, or without its judgement
        ("Direction of travel: up (worse), 49% (Q3 2017/18) against 51% (Q2 2017/18).", "'up'"),
        ("Direction of travel: down, 49% (Q3 2017/18) against 51% (Q2 2017/18).", "worse"),
        # a figure that is not the row's
        ("Since 48% (Q1 2017/18), the first figure in the chart: up 1 point.", "not 45%"),
        ("Since 45% (Q1 2017/18), the first figure in the chart: up 3 points.", "3 is none"),
        ("Since 45% (Q1 2017/18), the first figure in the chart: down 4 points.", "'down'"),
        # a sentence that compares nothing, or two things at once
        ("Direction of travel: down, as published; the previous figure is not in the data.", "no "),
        ("49% (Q3 2017/18) against 51% (Q2 2017/18) and 50% (Q1 2017/18).", "more than one"),
        # a status not the row's
        ("Target: at least 50%. Status: Needs improving.", "not the row's"),
    ],
)
def test_the_check_finds_a_contradiction(
    example: tuple[Row, Words, Statuses, int], sentence: str, problem: str
) -> None:
    row, *rest = example
    found = contradictions(replace(row, sentences=(*row.sentences, sentence)), *rest)
    assert any(problem in p for p in found), found


def test_the_check_finds_a_status_beside_a_monitoring_measure(
    example: tuple[Row, Words, Statuses, int],
) -> None:
    row, *rest = example
    monitoring = replace(row, target_spec=None, status=StatusName.MONITORING)
    found = contradictions(monitoring, *rest)
    assert any("a status beside a monitoring measure" in p for p in found), found


# --------------------------------------------------------------------------- plans written here


def _sentences(tmp: Path, figures: dict[str, str], rules: str = "") -> tuple[str, ...]:
    """The sentences of the minimal plan's example-first-time (a percentage against at
    least 50%, in Q3 2017/18 49%) as at Q3 2017/18, with a readings file for each earlier
    quarter giving it `figures` ({"Q2 2017/18": "value: 51"}); `rules`: its status_rules."""
    root = overlay("minimal", tmp / "plan")
    if rules:
        edit(
            root / "themes" / "example.yaml",
            "    baseline: {value: 44",
            f"    status_rules: {rules}\n    baseline: {{value: 44",
        )
    for period, given in figures.items():
        quarter, year = period.split()
        name = f"{year.replace('/', '-')}-{quarter.lower()}.yaml"
        if name == "2017-18-q3.yaml":
            edit(root / "readings" / name, "    value: 49\n", f"    {given}\n")
            continue
        (root / "readings" / name).write_text(
            f"quarter: {quarter}-{year}\nreadings:\n  - indicator: example-first-time\n"
            f'    period: "{period}"\n    {given}\n'
        )
    plan = load_plan(root).plan
    snap = snapshot(plan, parse_period("Q3 2017/18"))
    (row,) = [r for r in snap.rows if r.indicator.id == "example-first-time"]
    return row.sentences


def test_a_change_within_steady_percent_is_said_to_be_one(tmp_path: Path) -> None:
    # 49% against 49.5%: a change of 1%, within the 2% the plan counts as no change.
    assert _sentences(tmp_path / "a", {"Q2 2017/18": "value: 49.5"}) == (
        "Direction of travel: no change, 49% (Q3 2017/18) against 49.5% (Q2 2017/18), a "
        "change of 2% or less.",
        "Target: at least 50%. Status: Close to target.",
    )
    # The same figure twice is simply no change; a plan's own steady_percent is the one said.
    assert _sentences(tmp_path / "b", {"Q2 2017/18": "value: 49"})[0] == (
        "Direction of travel: no change, 49% (Q3 2017/18) against 49% (Q2 2017/18)."
    )
    assert _sentences(tmp_path / "c", {"Q2 2017/18": "value: 52"}, "{steady_percent: 7.5}")[0] == (
        "Direction of travel: no change, 49% (Q3 2017/18) against 52% (Q2 2017/18), a "
        "change of 7.5% or less."
    )


def test_a_year_earlier_plan_starts_the_change_at_the_same_quarter(tmp_path: Path) -> None:
    figures = {
        "Q2 2015/16": "value: 40",
        "Q3 2015/16": "value: 41",
        "Q1 2016/17": "value: 43",
        "Q3 2016/17": "value: 45",
    }
    assert _sentences(tmp_path / "a", figures, "{compare: year-earlier}") == (
        "Direction of travel: up (better), 49% (Q3 2017/18) against 45% (Q3 2016/17).",
        "Since 41% (Q3 2015/16), the first figure in the chart: up 8 points.",
        "Target: at least 50%. Status: Close to target.",
    )
    # Compared with the previous quarter, the chart starts at the first quarter of all.
    assert _sentences(tmp_path / "b", figures)[:2] == (
        "Direction of travel: up (better), 49% (Q3 2017/18) against 45% (Q3 2016/17).",
        "Since 40% (Q2 2015/16), the first figure in the chart: up 9 points.",
    )


def test_no_sentence_for_a_measure_without_a_figure(tmp_path: Path) -> None:
    # Its one reading awaited: no figure, no comparison, and no target beside nothing.
    assert _sentences(tmp_path, {"Q3 2017/18": "missing: Awaiting data"}) == ()


def test_a_figure_not_published_is_said_first_in_the_plans_words(tmp_path: Path) -> None:
    figures = {"Q1 2017/18": "value: 45", "Q2 2017/18": "value: 51"}
    assert _sentences(tmp_path, {**figures, "Q3 2017/18": "missing: Not reported"}) == (
        "No new figure for Q3 2017/18 (Not reported); the last is 51% (Q2 2017/18).",
        "Direction of travel: up (better), 51% (Q2 2017/18) against 45% (Q1 2017/18).",
        "Target: at least 50%. Status: Successful.",
    )
