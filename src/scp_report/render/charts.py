"""Trend charts: each indicator's figures over time as an SVG, with its target drawn.

Drawn at build time with matplotlib (no JavaScript in the output). Colour is never the
only signal: figures are a solid line with round markers, the target a dashed line, the
close-to-target tolerance a hatched band, each named in the legend; the numbers are also
given as a table and summed up in words beside the chart.
"""

from __future__ import annotations

import io
import re
import textwrap
from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup

from .. import formatting as fmt
from ..engine import ReadingIndex, Row, Snapshot, rules_for
from ..engine import sections as engine_sections
from ..models import Plan, Polarity, Unit
from ..periods import Period

DATA_COLOUR = "#0b4f6c"
TARGET_COLOUR = "#6e0b16"
BAND_COLOUR = "#b58900"


@dataclass(frozen=True)
class Point:
    period: str
    value: Decimal
    text: str
    baseline: bool


@dataclass(frozen=True)
class Trend:
    id: str
    anchor: str
    measure: str
    section_title: str
    points: list[Point]
    target: str
    summary: str
    svg: str  # inline SVG markup, ids prefixed to be unique in the page


def history(plan: Plan, snap: Snapshot, row: Row, index: ReadingIndex) -> list[Point]:
    """The baseline, then every reported figure up to the quarter, oldest first."""
    ind, unit = row.indicator, row.indicator.unit
    points: list[tuple[Period, Point]] = []
    b = ind.baseline
    if b.value is not None and b.period is not None:
        points.append((b.period, Point(str(b.period), b.value, fmt.value(b.value, unit), True)))
    seen = {p.period for _, p in points}
    for _, r in index.as_at(ind.id, snap.quarter):
        if r.value is not None and str(r.period) not in seen:
            seen.add(str(r.period))
            points.append(
                (r.period, Point(str(r.period), r.value, fmt.value(r.value, unit), False))
            )
    points.sort(key=lambda pp: pp[0].sort_key)
    return [p for _, p in points]


def _target_lines(
    row: Row, tolerance: Decimal
) -> tuple[list[tuple[float, str]], tuple[float, float] | None]:
    """Horizontal target lines (value, label) and the close-to-target band, if any."""
    ind, t = row.indicator, row.indicator.target
    if t is None:
        return [], None
    u = ind.unit
    tol = float(tolerance) / 100

    def label(v: Decimal, words: str) -> str:
        # Long comparator names wrap, so the legend stays inside the chart.
        return textwrap.fill(f"{words} {fmt.value(v, u)}", 34)

    if t.at_least is not None:
        v = float(t.at_least)
        return [(v, label(t.at_least, "target: at least"))], (v * (1 - tol), v)
    if t.at_most is not None or t.fewer_than is not None:
        d = t.at_most if t.at_most is not None else t.fewer_than
        assert d is not None
        v = float(d)
        words = "target: at most" if t.at_most is not None else "target: fewer than"
        return [(v, label(d, words))], (v, v * (1 + tol))
    if t.between is not None:
        return [
            (float(t.between.low), label(t.between.low, "range from")),
            (float(t.between.high), label(t.between.high, "range to")),
        ], None
    if t.in_line_with is not None:
        c = t.in_line_with
        v = float(c.value)
        band = (v * (1 - tol), v) if ind.polarity == Polarity.HIGHER else (v, v * (1 + tol))
        return [(v, label(c.value, f"{c.name}:"))], band
    if t.no_increase and ind.baseline.value is not None:
        v = float(ind.baseline.value)
        return [(v, label(ind.baseline.value, "no increase on"))], (v, v * (1 + tol))
    if t.reduction is not None:
        r = t.reduction
        return [(float(r.value), label(r.value, f"{r.by} target"))], None
    return [], None  # a rank target: the chart shows the figure, the text gives the rank


def summary(row: Row, points: list[Point]) -> str:
    """The trend in words, with the numbers."""
    if not points:
        return "No figures yet."
    first, last = points[0], points[-1]
    if len(points) == 1:
        text = f"One figure so far: {last.text} ({last.period})."
    else:
        change = last.value - first.value
        move = "rose" if change > 0 else "fell" if change < 0 else "stayed"
        across = f" across {len(points)} figures" if len(points) > 2 else ""
        text = (
            f"{move.capitalize()} from {first.text} ({first.period}) to {last.text} "
            f"({last.period}){across}."
        )
        if move == "stayed":
            text = f"Stayed at {last.text} from {first.period} to {last.period}."
    target = row.target if row.indicator.target is not None else "none (monitoring)"
    return f"{text} Target: {target}. Status: {row.status.value}."


_ID = re.compile(r'\bid="([^"]+)"')


def _prefix_ids(svg: str, prefix: str) -> str:
    """Make every id in one SVG unique in the page: several charts share a document."""
    ids = set(_ID.findall(svg))
    svg = _ID.sub(lambda m: f'id="{prefix}-{m[1]}"', svg)
    for ident in ids:
        svg = svg.replace(f"url(#{ident})", f"url(#{prefix}-{ident})")
        svg = svg.replace(f'xlink:href="#{ident}"', f'xlink:href="#{prefix}-{ident}"')
        svg = svg.replace(f'href="#{ident}"', f'href="#{prefix}-{ident}"')
    return svg


MAX_LABELS = 8


def labelled_points(n: int) -> list[int]:
    """Which points carry their figure: all of a short series, the ends of a long one."""
    return list(range(n)) if n <= MAX_LABELS else [0, n - 1]


def tick_points(n: int) -> list[int]:
    """Which periods label the axis: at most MAX_LABELS, evenly spread, ends included."""
    if n <= MAX_LABELS:
        return list(range(n))
    step = (n - 1) / (MAX_LABELS - 1)
    return sorted({round(i * step) for i in range(MAX_LABELS)})


def render_svg(row: Row, points: list[Point], tolerance: Decimal, title: str, prefix: str) -> str:
    import matplotlib
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    matplotlib.rcParams.update(
        {
            "svg.hashsalt": "scp-report",
            "svg.fonttype": "none",
            "font.family": "DejaVu Sans",
            "font.size": 8,
        }
    )
    # A bare Figure (no pyplot state to clean up) with a fixed layout: far faster than
    # tight_layout, and every chart gets the same plot area.
    fig = Figure(figsize=(6.4, 2.4))
    FigureCanvasSVG(fig)
    fig.subplots_adjust(left=0.12, right=0.66, top=0.9, bottom=0.26)
    ax = fig.add_subplot()
    if points:
        xs = list(range(len(points)))
        ys = [float(p.value) for p in points]
        lines, band = _target_lines(row, tolerance)
        if band is not None:
            ax.axhspan(
                band[0],
                band[1],
                facecolor="none",
                edgecolor=BAND_COLOUR,
                hatch="///",
                linewidth=0,
                label="close to target (within tolerance)",
            )
        for i, (value, text) in enumerate(lines):
            ax.axhline(
                value,
                color=TARGET_COLOUR,
                linestyle="--" if i == 0 else ":",
                linewidth=1.2,
                label=text,
            )
        ax.plot(
            xs,
            ys,
            color=DATA_COLOUR,
            marker="o",
            markersize=6 if len(points) <= 12 else 3,
            linewidth=1.8 if len(points) <= 12 else 1.2,
            label="figures",
        )
        # Label every point of a short series; of a long one, only the first and the
        # last (the table under the chart gives every figure).
        labelled = labelled_points(len(points))
        for x in labelled:
            ax.annotate(
                points[x].text,
                (x, ys[x]),
                textcoords="offset points",
                xytext=(0, 6),
                ha="center",
                fontsize=7,
            )
        ticks = tick_points(len(points))
        ax.set_xticks(
            ticks,
            [points[i].period + (" (baseline)" if points[i].baseline else "") for i in ticks],
            rotation=0 if len(ticks) <= 4 else 30,
            ha="center" if len(ticks) <= 4 else "right",
        )
        if row.indicator.unit == Unit.PERCENT:
            ax.set_ylabel("per cent")
        all_values = ys + [v for v, _ in lines] + (list(band) if band else [])
        low, high = min(all_values), max(all_values)
        pad = (high - low) * 0.2 or max(abs(high) * 0.1, 1.0)
        ax.set_ylim(low - pad, high + pad)
        ax.set_xlim(-0.5, len(points) - 0.5)
        ax.spines[["top", "right"]].set_visible(False)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=7)
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None, "Title": title})
    svg = buf.getvalue()
    svg = svg[svg.index("<svg") :]  # drop the XML declaration and DOCTYPE: it is inline
    return _prefix_ids(svg, prefix)


@dataclass(frozen=True)
class TrendSection:
    id: str
    title: str
    trends: list[Trend]


def trends(plan: Plan, snap: Snapshot) -> list[TrendSection]:
    """A trend for every indicator with at least one figure, by section in document order."""
    index = ReadingIndex(plan.readings)
    sections_by_id = {s.id: s for s in engine_sections(plan)}
    out = []
    for view in snap.sections:
        section = sections_by_id[view.id]
        items = []
        for row in view.rows:
            points = history(plan, snap, row, index)
            if not points:
                continue
            ident = row.indicator.id
            measure = fmt.plain(row.indicator.measure)
            rules = rules_for(plan, section, row.indicator)
            tolerance = rules.close_percent if rules.close_percent is not None else Decimal(5)
            svg = render_svg(row, points, tolerance, f"Trend: {measure}", f"trend-{ident}")
            target = row.target if row.indicator.target else "none (monitoring)"
            items.append(
                Trend(
                    ident,
                    f"trend-{ident}",
                    measure,
                    view.title,
                    points,
                    target,
                    summary(row, points),
                    Markup(svg),
                )
            )
        if items:
            out.append(TrendSection(view.id, view.title, items))
    return out
