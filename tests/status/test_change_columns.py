"""The Change and % Change columns (issue 25, finding 4): the latest figure's change on
the figure its direction was compared with, computed once in the engine (Row.change) and
written as the document writes figures."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest

from scp_report.model.figures import (
    MINUS,
    Change,
    Measurement,
    change_against_text,
    change_percent_text,
    change_text,
)
from scp_report.model.periods import parse_period
from scp_report.model.values import Unit
from scp_report.model.words import Words
from scp_report.plan.loader import load_plan
from scp_report.status.change import change_of
from scp_report.status.snapshot import Row, snapshot

from ..builders import edit, overlay

Q2, Q3 = parse_period("Q2 2017/18"), parse_period("Q3 2017/18")


def _m(value: str | None, period: object = Q3) -> Measurement:
    return Measurement(D(value) if value is not None else None, period)  # type: ignore[arg-type]


# --- the engine ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("latest", "before", "amount", "percent"),
    [
        ("1210", "1182", D(28), D(28) / D(1182) * 100),  # up
        ("1154", "1182", D(-28), D(-28) / D(1182) * 100),  # down: the sign kept
        ("49", "49", D(0), D(0)),  # no change: 0, and 0%
        ("12", "0", D(12), None),  # on 0: no share of it
        ("0", "0", D(0), None),
        ("0", "5", D(-5), D(-100)),  # down to nothing: -100%
        ("-2", "-4", D(2), D(50)),  # a score below 0: the share of its size, sign of change
        ("12.38", "10.8", D("1.58"), D("1.58") / D("10.8") * 100),  # exactly, no rounding
    ],
)
def test_the_change_on_the_figure_compared_with(
    latest: str, before: str, amount: D, percent: D | None
) -> None:
    was = _m(before, Q2)
    c = change_of(_m(latest), was)
    assert c == Change(was, amount, percent)
    assert c is not None and c.against is was


@pytest.mark.parametrize(
    ("latest", "before"),
    [(None, "5"), ("5", None), (None, None)],
)
def test_no_change_without_both_figures(latest: str | None, before: str | None) -> None:
    assert change_of(_m(latest), _m(before, Q2)) is None


def test_no_change_without_a_latest_or_an_earlier_measurement() -> None:
    assert change_of(None, _m("5", Q2)) is None
    assert change_of(_m("5"), None) is None
    assert change_of(None, None) is None


# --- as the document writes it ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "unit", "text"),
    [
        ("28", Unit.COUNT, "+28"),
        ("-28", Unit.COUNT, f"{MINUS}28"),
        ("0", Unit.COUNT, "0"),
        ("1566", Unit.COUNT, "+1,566"),
        ("1.58", Unit.RATE, "+1.58"),
        ("-0.4", Unit.SCORE, f"{MINUS}0.4"),
        ("3", Unit.PERCENT, "+3 points"),  # a percentage's change is in points
        ("-1", Unit.PERCENT, f"{MINUS}1 point"),
        ("0", Unit.PERCENT, "0 points"),
    ],
)
def test_a_change_as_printed(amount: str, unit: Unit, text: str) -> None:
    c = Change(_m("1", Q2), D(amount), None)
    assert change_text(c, unit) == text


@pytest.mark.parametrize(
    ("percent", "text"),
    [
        (D(28) / D(1182) * 100, "+2.4%"),
        (D("-28"), f"{MINUS}28%"),
        (D("10.0"), "+10%"),
        (D("0.04"), "+0%"),  # rounds to nothing, still a rise
        (D(0), "0%"),
        (D("-100"), f"{MINUS}100%"),
    ],
)
def test_a_percent_change_as_printed(percent: D, text: str) -> None:
    assert change_percent_text(Change(_m("1", Q2), D(1), percent)) == text


def test_a_percentages_change_is_in_the_plans_points() -> None:
    welsh = Words(point="{n} pwynt", points="{n} pwynt")
    assert change_text(Change(_m("46", Q2), D(3), None), Unit.PERCENT, welsh) == "+3 pwynt"
    assert change_text(Change(_m("46", Q2), D(-1), None), Unit.PERCENT, welsh) == (
        f"{MINUS}1 pwynt"
    )


def test_no_figure_to_compare_with_is_the_plans_na() -> None:
    welsh = Words(not_applicable="amherthnasol")
    on_zero = Change(_m("0", Q2), D(12), None)
    assert change_text(None, Unit.COUNT) == "n/a"
    assert change_text(None, Unit.COUNT, welsh) == "amherthnasol"
    assert change_percent_text(None) == "n/a"
    assert change_percent_text(on_zero, welsh) == "amherthnasol"  # a change on 0
    assert change_text(on_zero, Unit.COUNT) == "+12"  # the change itself is known


def test_the_figure_a_change_is_on() -> None:
    c = Change(_m("1182", parse_period("2016/17")), D(28), D(2))
    assert change_against_text(c, Unit.COUNT) == "on 1,182 (2016/17)"
    assert change_against_text(Change(_m("46", Q2), D(3), D(6)), Unit.PERCENT) == (
        "on 46% (Q2 2017/18)"
    )
    own = Words(change_against="ar {figure} ({period})")
    assert change_against_text(c, Unit.COUNT, own) == "ar 1,182 (2016/17)"
    assert change_against_text(None, Unit.COUNT) is None


# --- in the snapshot -------------------------------------------------------------------------

EARLIER = """quarter: Q2-2017/18
readings:
  - indicator: example-first-time
    period: "Q2 2017/18"
    value: 46
  - indicator: example-count
    period: "Q2 2017/18"
    value: 0
"""


def _rows(root: Path) -> dict[str, Row]:
    snap = snapshot(load_plan(root).plan, Q3)
    return {r.indicator.id: r for r in snap.rows}


def test_the_row_carries_the_change_on_the_figure_its_direction_compared_with(
    tmp_path: Path,
) -> None:
    root = overlay("minimal", tmp_path / "plan")
    (root / "readings" / "2017-18-q2.yaml").write_text(EARLIER)
    rows = _rows(root)
    first = rows["example-first-time"]
    assert first.direction is not None and first.direction.previous is not None
    assert first.change == Change(first.direction.previous, D(3), D(3) / D(46) * 100)
    assert first.change is not None and first.change.against.period == Q2
    count = rows["example-count"].change
    assert count is not None and (count.amount, count.percent) == (D(12), None)
    # No earlier comparable figure (a rolling year's rank against a year's): no change.
    assert rows["headline-rate"].direction is None and rows["headline-rate"].change is None


def test_a_stated_direction_has_no_change(tmp_path: Path) -> None:
    root = overlay("minimal", tmp_path / "plan")
    edit(
        root / "readings" / "2017-18-q3.yaml",
        "    value: 49\n",
        "    value: 49\n    published: {direction: up}\n",
    )
    row = _rows(root)["example-first-time"]
    assert row.direction is not None and row.direction.source == "stated"
    assert row.change is None


def test_the_change_follows_compare_year_earlier(tmp_path: Path) -> None:
    """With `compare: year-earlier` the direction, and so the change, is on the same
    period a year earlier: Stockton's Change beside the same span last year."""
    root = overlay("minimal", tmp_path / "plan")
    (root / "readings" / "2017-18-q2.yaml").write_text(EARLIER)
    (root / "readings" / "2016-17-q3.yaml").write_text(
        "quarter: Q3-2016/17\nreadings:\n  - indicator: example-first-time\n"
        '    period: "Q3 2016/17"\n    value: 40\n'
    )
    edit(
        root / "themes" / "example.yaml",
        "      at_least: 50\n",
        "      at_least: 50\n    status_rules: {compare: year-earlier}\n",
    )
    change = _rows(root)["example-first-time"].change
    assert change is not None
    assert (change.amount, change.against.period) == (D(9), parse_period("Q3 2016/17"))
    assert change.percent == D(9) / D(40) * 100


@pytest.mark.parametrize(
    ("columns", "changes"),
    [
        (("baseline", "latest", "direction", "status"), False),
        (("baseline", "latest", "change"), True),
        (("percent_change",), True),
        (("change", "percent_change"), True),
        ((), False),
    ],
)
def test_the_snapshot_says_whether_the_plan_asks_for_changes(
    columns: tuple[str, ...], changes: bool
) -> None:
    from scp_report.status.snapshot import Snapshot

    assert Snapshot(Q3, (), columns=columns).changes is changes  # type: ignore[arg-type]
    assert Snapshot(Q3, ()).changes is False  # today's columns


def test_the_cycle_collector_is_paused_while_the_snapshot_is_worked_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    from scp_report import collector
    from scp_report.status import snapshot as engine

    plan = load_plan(overlay("minimal", tmp_path / "plan")).plan
    seen: list[bool] = []
    real_row = engine._row

    def row(*args: object) -> Row:
        seen.append(gc.isenabled())
        return real_row(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "_row", row)
    was = gc.isenabled()
    try:
        gc.enable()
        assert len(snapshot(plan, Q3).rows) == 3 and seen == [False] * 3
        assert gc.isenabled()  # on again after
        gc.disable()
        snapshot(plan, Q3)
        assert not gc.isenabled()  # left as it was
        with pytest.raises(RuntimeError), collector.collector_paused():
            raise RuntimeError
        gc.enable()
        with pytest.raises(RuntimeError), collector.collector_paused():
            raise RuntimeError
        assert gc.isenabled()  # on again after a failure too
    finally:
        (gc.enable if was else gc.disable)()
