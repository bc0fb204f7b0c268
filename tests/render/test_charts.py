"""The trend charts: hand-written SVG, checked on its own (the built documents are checked
in test_build.py, the accessibility of the page in test_accessibility.py)."""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from decimal import Decimal
from typing import Any

import pytest

from scp_report.model.models import Indicator, StatusName
from scp_report.model.words import DEFAULT_WORDS
from scp_report.render import charts
from scp_report.render.charts import nice_ticks, render_svg, tick_labels, y_range
from scp_report.render.trends import Trend, trends
from scp_report.status.history import target_lines
from scp_report.status.snapshot import Measurement, Point, Row

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = "<script>alert(1)</script> & \"quoted\" 'too'"


def row(target: dict[str, Any] | None = None, unit: str = "percent", **more: Any) -> Row:
    """A row of one indicator, with the target lines and band of its target (a
    close-to-target tolerance of 5%): render_svg reads only those and the indicator."""
    ind = Indicator.model_validate(
        {
            "id": "example",
            "measure": "A measure",
            "unit": unit,
            "target": target,
            "baseline": {"value": 40, "period": "2014/15"},
            **more,
        }
    )
    status = StatusName.MONITORING
    lines, band = target_lines(ind.target_for(None), ind, None, Decimal(5), DEFAULT_WORDS)
    return Row(
        section_id="example",
        indicator=ind,
        target="",
        baseline=Measurement(None, None),
        latest=None,
        reported_in=None,
        direction=None,
        status=status,
        computed_status=status,
        reason="",
        overridden=False,
        reading=None,
        target_lines=lines,
        band=band,
    )


def series(*values: float) -> list[Point]:
    """Quarterly figures from Q1 2010/11, the first of them the baseline."""
    quarters = (f"Q{i % 4 + 1} {2010 + i // 4}/{11 + i // 4}" for i in range(len(values)))
    return [
        Point(q, Decimal(str(v)), f"{v}%", i == 0)
        for i, (q, v) in enumerate(zip(quarters, values, strict=True))
    ]


def svg(
    r: Row | None = None,
    points: list[Point] | None = None,
    title: str = "Trend: a measure",
    prefix: str = "trend-example",
) -> str:
    pts = series(40, 45, 48) if points is None else points
    return render_svg(r or row({"at_least": 50}), pts, title, prefix)


def parse(markup: str) -> ET.Element:
    return ET.fromstring(markup)  # well-formed XML, or this raises


def texts(root: ET.Element) -> list[str]:
    """Each <text>, its lines (<tspan>s) joined by spaces."""
    return [" ".join(t.itertext()) for t in root.iter(f"{SVG}text")]


# --------------------------------------------------------------------------- y axis


def _step(ticks: list[Decimal]) -> Decimal:
    steps = {b - a for a, b in itertools.pairwise(ticks)}
    assert len(steps) == 1, ticks
    return steps.pop()


def test_nice_ticks_0_to_100_steps_by_20_or_25() -> None:
    ticks = nice_ticks(0, 100)
    assert _step(ticks) in {20, 25}
    assert ticks[0] == 0 and ticks[-1] == 100


@pytest.mark.parametrize(
    ("low", "high"),
    [
        (0, 100),
        (42.8, 51.2),
        (88.3, 101.95),
        (25.6, 42.4),
        (4, 6),
        (-1, 1),
        (0, 7),
        (-3.2, 0.4),
        (1e6, 3.3e6),
        (0.0011, 0.0013),
        (7.66, 7.94),
        (0.01, 0.23),
        (2700, 3200),
    ],
)
def test_nice_ticks_are_round_evenly_spaced_and_inside_the_range(low: float, high: float) -> None:
    ticks = nice_ticks(low, high)
    assert 4 <= len(ticks) <= 6, ticks
    slack = 1e-9 * (high - low)  # a tick on a bound that floats cannot quite hold
    assert low - slack <= ticks[0] and ticks[-1] <= high + slack
    digits = _step(ticks).normalize().as_tuple().digits
    assert digits in {(1,), (2,), (2, 5), (5,)}, ticks


def test_a_flat_series_still_gets_a_sensible_range() -> None:
    assert y_range([5.0, 5.0, 5.0]) == (4.0, 6.0)
    assert tick_labels(nice_ticks(*y_range([5.0, 5.0]))) == ["4.0", "4.5", "5.0", "5.5", "6.0"]
    assert y_range([0.0]) == (-1.0, 1.0)
    assert y_range([200.0]) == (180.0, 220.0)
    root = parse(svg(row(None), series(30, 30, 30)))
    assert "30" in texts(root) and "per cent" in texts(root)


def test_tick_labels_have_the_decimals_the_step_needs() -> None:
    assert tick_labels([Decimal(v) for v in (0, 20, 40)]) == ["0", "20", "40"]
    assert tick_labels([Decimal(v) for v in ("2.5", "5", "7.5")]) == ["2.5", "5.0", "7.5"]
    assert tick_labels([Decimal(v) for v in ("0.05", "0.1")]) == ["0.05", "0.10"]
    assert tick_labels([Decimal(v) for v in (-2000, 0, 2000)]) == ["−2,000", "0", "2,000"]


def test_y_axis_title_only_for_percentages() -> None:
    assert "per cent" in texts(parse(svg(row({"at_least": 50}))))
    count = row({"at_most": 50}, unit="count")
    assert "per cent" not in texts(parse(svg(count)))


# --------------------------------------------------------------------------- x axis


@pytest.mark.parametrize("n", [1, 2, 4, 5, 8, 9, 21])
def test_period_labels_turn_only_when_more_than_4_ticks(n: int) -> None:
    root = parse(svg(points=series(*range(40, 40 + n))))
    turned = [t for t in root.iter(f"{SVG}text") if "rotate(-30 " in t.get("transform", "")]
    ticks = charts.tick_points(n)
    assert len(turned) == (len(ticks) if len(ticks) > 4 else 0)
    assert all(t.get("text-anchor") == "end" for t in turned)
    for t in turned:  # inside the canvas: not cut at the left or the bottom
        first = t[0] if len(t) else t  # a label of several lines places its <tspan>s
        size, x, y = (
            float(t.get("font-size", 0)),
            float(first.get("x", 0)),
            float(first.get("y", 0)),
        )
        lines = [s.text or "" for s in t] or [t.text or ""]
        for k, line in enumerate(lines):
            end_x, end_y = x + k * 1.2 * size * charts.SIN, y + k * 1.2 * size * charts.COS
            run = charts.text_width(line, size)
            assert end_x - run * charts.COS >= 0, line
            assert end_y + run * charts.SIN <= charts.HEIGHT, line
    labels = texts(root)
    assert "Q1 2010/11 (baseline)" in labels
    # of a long series only the first and the last figures are labelled
    figures = [label for label in labels if re.fullmatch(r"\d+%", label)]
    assert len(figures) == len(charts.labelled_points(n))


def test_long_period_labels_wrap_rather_than_run_into_each_other() -> None:
    points = [
        Point(f"12 months to {month} 2017", Decimal(v), str(v), False)
        for month, v in (("May", 1), ("Aug", 2), ("Nov", 3))
    ]
    root = parse(svg(points=points))
    spans = [s.text for s in root.iter(f"{SVG}tspan")][:6]  # the legend's come after
    assert spans == [line for m in ("May", "Aug", "Nov") for line in ("12 months to", f"{m} 2017")]
    spacing = (charts.RIGHT - charts.LEFT) / 3
    assert all(charts.text_width(line or "", charts.FONT) < spacing - 5 for line in spans)


# --------------------------------------------------------------------------- targets


def test_between_target_draws_a_dashed_and_a_dotted_line_and_no_band() -> None:
    markup = svg(row({"between": {"low": 28, "high": 40}}), series(30, 30))
    root = parse(markup)
    lines = [ln for ln in root.iter(f"{SVG}line") if ln.get("class") == charts.TARGET_CLASS]
    dashed, dotted = (style["stroke-dasharray"] for style in charts.TARGET_STYLES)
    assert dashed != dotted
    # across the plot, then as swatches in the legend
    assert [ln.get("stroke-dasharray") for ln in lines] == [dashed, dotted, dashed, dotted]
    assert "range from 28%" in texts(root) and "range to 40%" in texts(root)
    assert "<pattern" not in markup and DEFAULT_WORDS.legend_band not in markup


@pytest.mark.parametrize(
    "target",
    [
        {"at_least": 50},
        {"at_most": 50},
        {"fewer_than": 60},
        {"no_increase": True},
        {"in_line_with": {"name": "national average", "value": 39}},
    ],
)
def test_close_to_target_band_is_hatched(target: dict[str, Any]) -> None:
    polarity = {"polarity": "higher is better"} if "in_line_with" in target else {}
    root = parse(svg(row(target, **polarity)))
    (pattern,) = root.iter(f"{SVG}pattern")
    assert pattern.get("patternUnits") == "userSpaceOnUse"
    (hatch,) = pattern.iter(f"{SVG}path")
    assert hatch.get("class") == charts.HATCH_CLASS
    filled = [e for e in root.iter() if e.get("fill") == f"url(#{pattern.get('id')})"]
    assert len(filled) == 2  # the band and its legend swatch
    assert texts(root)[-3] == DEFAULT_WORDS.legend_band
    assert texts(root)[-1] == "reported figure"


def test_band_below_zero_is_drawn_the_right_way_up() -> None:
    root = parse(svg(row({"at_least": -10}, unit="score"), series(-12, -9)))
    band, _swatch = (e for e in root.iter(f"{SVG}rect") if "url(#" in e.get("fill", ""))
    assert float(band.get("height", "")) > 0


def test_no_target_no_band_and_a_legend_of_figures_only() -> None:
    markup = svg(row(None))
    assert "<pattern" not in markup and "stroke-dasharray" not in markup
    assert texts(parse(markup))[-1] == "reported figure"


def test_wrapped_legend_labels_are_tspans() -> None:
    name = "top quartile performance for our most similar group"
    root = parse(
        svg(row({"in_line_with": {"name": name, "value": 29}}, polarity="higher is better"))
    )
    # the only text of two lines right of the plot
    (legend,) = [t for t in root.iter(f"{SVG}text") if len(t) > 1 and t[0].get("x", "") > "430"]
    lines = [s.text for s in legend]
    assert lines == ["top quartile performance for", "our most similar group: 29%"]
    assert len({s.get("y") for s in legend}) == 2


# --------------------------------------------------------------------------- markup


def test_svg_element_title_and_size() -> None:
    root = parse(svg(title="Trend: a measure"))
    assert root.tag == f"{SVG}svg"
    assert root.get("viewBox") == "0 0 640 240"
    assert (root.get("width"), root.get("height")) == ("480pt", "180pt")
    assert root.get("aria-hidden") == "true" and root.get("focusable") == "false"
    assert root[0].tag == f"{SVG}title" and root[0].text == "Trend: a measure"


def test_text_from_plan_files_is_escaped() -> None:
    hostile_row = row({"in_line_with": {"name": HOSTILE, "value": 45}}, polarity="higher is better")
    points = [
        Point(HOSTILE, Decimal(40), HOSTILE, True),
        Point("Q2 2017/18", Decimal(42), "42", False),
    ]
    markup = svg(hostile_row, points, title=f"Trend: {HOSTILE}", prefix='trend-"x<y>')
    assert "<script" not in markup and "& " not in markup
    root = parse(markup)
    assert root[0].text == f"Trend: {HOSTILE}"
    assert HOSTILE in texts(root)  # the figure's label
    assert "".join(texts(root)).count("<script>") >= 3  # title aside: label, period, legend
    assert all(e.get("id", "").startswith('trend-"x<y>') for e in root.iter() if e.get("id"))


def test_ids_carry_the_prefix_and_are_unique_across_charts() -> None:
    page = [svg(prefix="trend-a"), svg(prefix="trend-b"), svg(row(None), prefix="trend-c")]
    ids: list[str] = []
    for markup, prefix in zip(page, ["trend-a", "trend-b", "trend-c"], strict=True):
        root = parse(markup)
        own = [e.get("id", "") for e in root.iter() if e.get("id")]
        assert all(i.startswith(f"{prefix}-") for i in own)
        # every reference is to an id of the same chart
        assert set(re.findall(r"url\(#([^)]+)\)", markup)) <= set(own)
        ids += own
    assert ids and len(ids) == len(set(ids))


def test_same_input_same_bytes_with_rounded_numbers() -> None:
    r = row({"between": {"low": Decimal("0.1"), "high": Decimal("0.3")}}, unit="rate")
    points = series(0.1, 0.2, 0.30000000000000004, 1 / 3)
    first = svg(r, points)
    assert first == svg(r, points)
    numbers = ("x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "height", "font-size")
    for e in list(parse(first).iter())[1:]:  # the <svg> itself is sized in points
        for value in filter(None, (e.get(name) for name in numbers)):
            assert re.fullmatch(r"-?\d+(\.\d{1,2})?", value), (e.tag, value)
        for value in (e.get("points") or "").replace(",", " ").split():
            assert re.fullmatch(r"-?\d+(\.\d{1,2})?", value), (e.tag, value)


def test_no_points_gives_an_empty_chart_with_its_title() -> None:
    markup = svg(points=[], title="Trend: nothing yet")
    root = parse(markup)
    assert [e.tag for e in root] == [f"{SVG}title"] and root[0].text == "Trend: nothing yet"


def test_importing_the_charts_does_not_import_matplotlib() -> None:
    code = (
        "import sys, scp_report.render.charts\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('matplotlib', 'numpy')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --------------------------------------------------------------------------- colours


def test_colours_come_from_css_classes_never_from_attributes() -> None:
    from ..helpers import ROOT

    markup = svg(row({"at_least": 50}))
    root = parse(markup)
    for e in root.iter():
        for name in ("fill", "stroke"):
            value = e.get(name)
            assert value is None or value.startswith("url(#"), (e.tag, name, value)
    classes = {e.get("class") for e in root.iter() if e.get("class")}
    css = (ROOT / "templates" / "_chart.css").read_text(encoding="utf-8")
    for cls in classes - {"chart"}:
        assert f".{cls} {{" in css, cls
    # The stylesheet sits inside each <svg> in an HTML page, where < and & are markup.
    assert "<" not in css and "&" not in css


def test_a_stylesheet_given_goes_inside_the_svg_escaped() -> None:
    markup = render_svg(row(None), series(1, 2, 3), "T", "p", css=".x { fill: red }")
    style = parse(markup).find(f"{SVG}style")
    assert style is not None and style.text == ".x { fill: red }"


# --------------------------------------------------------------------------- counts


@pytest.mark.parametrize(("low", "high"), [(1.4, 5.6), (0, 3), (-0.4, 2.4), (8, 14), (90, 130)])
def test_count_axes_step_by_whole_numbers(low: float, high: float) -> None:
    ticks = nice_ticks(low, high, whole=True)
    assert ticks and all(t == t.to_integral_value() for t in ticks), ticks
    assert _step(ticks) >= 1 if len(ticks) > 1 else True


def test_a_count_chart_labels_its_axis_in_whole_numbers() -> None:
    counts = [
        Point(f"Q{i} 2017/18", Decimal(v), str(v), False) for i, v in ((1, 2), (2, 3), (3, 2))
    ]
    root = parse(svg(row(None, unit="count"), counts))
    left = [t for t in root.iter(f"{SVG}text") if t.get("text-anchor") == "end" and not len(t)]
    labels = [t.text or "" for t in left if not t.get("transform")]
    assert labels and all(re.fullmatch(r"−?\d+", label) for label in labels), labels


# --------------------------------------------------------------------------- the appendix


@pytest.fixture(scope="module")
def quarters(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The minimal plan with readings for Q1 to Q4 2017/18."""
    from scp_report.plan.loader import load_plan

    from ..builders import overlay

    return load_plan(overlay("quarters", tmp_path_factory.mktemp("q") / "plan")).plan


def _trends(plan: Any, quarter: str) -> dict[str, Trend]:
    from scp_report.model.periods import parse_quarter
    from scp_report.status.snapshot import snapshot

    snap = snapshot(plan, parse_quarter(quarter))
    return {t.id: t for group in trends(snap) for t in group.trends}


def test_a_chart_needs_three_comparable_figures(quarters: Any) -> None:
    # Q2: two quarterly figures (the 2014/15 baseline is a year, not comparable): no chart.
    q2 = _trends(quarters, "Q2-2017/18")
    assert [t.id for t in q2.values() if t.chart] == []
    # Q3: three of each, so every measure with figures has a chart.
    q3 = _trends(quarters, "Q3-2017/18")
    assert sorted(t.id for t in q3.values() if t.chart) == [
        "example-count",
        "example-first-time",
        "headline-rate",
    ]
    # The chart draws the comparable figures only; the table keeps every figure.
    first = q3["example-first-time"]
    assert [p.period for p in first.points] == ["2014/15", "Q1 2017/18", "Q2 2017/18", "Q3 2017/18"]
    assert first.chart is not None and "2014/15" not in first.chart.body
    assert "Q1 2017/18" in first.chart.body


def test_a_measure_without_a_history_is_left_out(tmp_path: Any) -> None:
    # Issue 22: only a measure with three comparable figures is in the appendix (and then
    # with its chart); one whose Q3 figure is awaited has two, Q1 and Q2, and is left out.
    from scp_report.plan.loader import load_plan

    from ..builders import overlay

    root = overlay("quarters", tmp_path / "plan")
    readings = root / "readings" / "2017-18-q3.yaml"
    readings.write_text(
        readings.read_text().replace("    value: 12\n", "    missing: Awaiting data\n")
    )
    trends = _trends(load_plan(root).plan, "Q3-2017/18")
    assert list(trends) == ["headline-rate", "example-first-time"]
    assert all(t.chart is not None for t in trends.values())
    # With one quarter of figures, no measure has a history: no appendix at all.
    assert _trends(load_plan(overlay("minimal", tmp_path / "one")).plan, "Q3-2017/18") == {}


def test_the_summary_first_says_what_the_arrow_says_with_the_figures_compared(
    quarters: Any,
) -> None:
    q3 = _trends(quarters, "Q3-2017/18")
    # 49% in Q3 against 51% in Q2: down (the arrow's comparison), then since the baseline.
    # Then the change since the first figure charted: the 2014/15 baseline is a year, not
    # like the quarters (issue 22: like for like only).
    assert q3["example-first-time"].summary == (
        "Direction of travel: down (worse), 49% (Q3 2017/18) against 51% (Q2 2017/18). "
        "Since 45% (Q1 2017/18), the first figure in the chart: up 4 points. "
        "Target: at least 50%. Status: Close to target."
    )
    # A measure without a target: no target or status words (issue 22).
    assert q3["example-count"].summary == (
        "Direction of travel: no change, 12 (Q3 2017/18) against 12 (Q2 2017/18). "
        "Since 10 (Q1 2017/18), the first figure in the chart: up 2."
    )
