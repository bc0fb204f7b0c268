"""Trend charts as SVG: a measure's comparable figures, its target lines and its
close-to-target band, all read from its snapshot row (status/history.py chooses them).

Charts are drawn at build time as SVG written here, by plain string building: no plotting
library, no JavaScript in the output, text as real text and the same bytes for the same
figures. Colours come from CSS classes (the templates' `_chart.css`), never from
attributes, so a partnership's templates can restyle them. Colour is never the only
signal: figures are a solid line with round markers, the target a dashed line (a second
one dotted), the close-to-target tolerance a hatched band, each named in the legend.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup, escape

from ..model.figures import confidence_text
from ..model.values import Unit
from ..model.words import DEFAULT_WORDS, Words
from ..status.snapshot import Point, Row

# The CSS classes the drawing's parts carry; templates/_chart.css colours them.
AXIS_CLASS = "chart-axis"
FIGURES_CLASS = "chart-figures"
MARKER_CLASS = "chart-marker"
TARGET_CLASS = "chart-target"
HATCH_CLASS = "chart-hatch"
GROUND_CLASS = "chart-ground"
TEXT_CLASS = "chart-text"
INTERVAL_CLASS = "chart-interval"


@dataclass(frozen=True)
class Drawing:
    """A chart: its size and title, and its body drawn here. The <svg> element around it
    and its stylesheet come from the templates (_trend_chart.html.j2, _chart.css)."""

    title: str
    width: str
    height: str
    view_box: str
    body: Markup  # ids prefixed to be unique in the page


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


Attrs = dict[str, str | float]

# The canvas: 640 x 240 units, printed 480 x 180 pt (the stylesheet prints it at that
# size); sizes given in points are times PT. Nothing a reader needs is under 8 pt printed.
WIDTH, HEIGHT = 640, 240
PRINTED_WIDTH, PRINTED_HEIGHT = 480, 180  # pt
PT = WIDTH / PRINTED_WIDTH
FONT, SMALL = 9 * PT, 8.5 * PT  # axes; point labels and legend
MIN_FONT = 8 * PT  # the smallest a period label may shrink to
ASCENT, DESCENT = 0.76, 0.24  # of DejaVu Sans, in ems
# The plot area on the left, the legend to its right: every chart gets the same layout.
LEFT, RIGHT, TOP, BOTTOM = 0.12 * WIDTH, 0.62 * WIDTH, 0.10 * HEIGHT, 0.74 * HEIGHT
TICK = 3.5 * PT  # tick length, and the gap between a tick and its label
AXIS: Attrs = {"class": AXIS_CLASS, "stroke-width": 0.8 * PT}
TARGET_STYLES: list[Attrs] = [  # the first target line dashed, the second dotted
    {"class": TARGET_CLASS, "stroke-width": 1.2 * PT, "stroke-dasharray": "6.17 2.67"},
    {"class": TARGET_CLASS, "stroke-width": 1.2 * PT, "stroke-dasharray": "1.67 2.75"},
]
HATCH_TILE = 8  # the band: a diagonal line per 8 x 8 tile, its corners joined to the next
HATCH_PATH = "M-1 1L1 -1M0 8L8 0M7 9L9 7"
ROTATE_OVER = 4  # more x-axis labels than this are turned so they do not collide
TURN = 30
COS, SIN = math.cos(math.radians(TURN)), math.sin(math.radians(TURN))
MINUS = "\u2212"
# Advance widths of DejaVu Sans in ems, by groups of characters; 0.63 for the rest: wider
# than the Liberation Sans the chart is drawn in, so a label fitted with them fits.
_WIDTHS = [
    ("ijl|'", 0.28),
    (" .,:;!", 0.32),
    ("ft/", 0.36),
    ("()[]r-", 0.39),
    ("csz", 0.53),
    ("kvxy", 0.59),
    ("ABCDEFGHIJKLNOPQRSTUVXYZ", 0.72),
    ("mwMW%" + MINUS, 0.95),
]
_WIDTH_OF = {c: w for chars, w in _WIDTHS for c in chars}


def _num(x: float) -> str:
    """A coordinate with fixed rounding, so the bytes never depend on float noise."""
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _el(tag: str, attrs: Attrs, body: str | None = None) -> str:
    """One SVG element: numbers rounded, attribute values escaped, `body` already markup."""
    parts = [tag]
    for name, v in attrs.items():
        parts.append(f'{name}="{_num(v) if isinstance(v, float | int) else escape(v)}"')
    start = " ".join(parts)
    return f"<{start}/>" if body is None else f"<{start}>{body}</{tag}>"


def _line(x1: float, y1: float, x2: float, y2: float, style: Attrs) -> str:
    return _el("line", {"x1": x1, "y1": y1, "x2": x2, "y2": y2, **style})


def _text(x: float, y: float, lines: list[str], size: float, anchor: str, turn: int = 0) -> str:
    """Text from a plan file, escaped: one <tspan> a line, the lines 1.2 ems apart, all
    turned `turn` degrees anticlockwise about (x, y)."""
    attrs: Attrs = {"class": TEXT_CLASS, "font-size": size, "text-anchor": anchor}
    if turn:
        attrs["transform"] = f"rotate({-turn} {_num(x)} {_num(y)})"
    if len(lines) == 1:
        return _el("text", {"x": x, "y": y, **attrs}, str(escape(lines[0])))
    spans = (
        _el("tspan", {"x": x, "y": y + k * 1.2 * size}, str(escape(line)))
        for k, line in enumerate(lines)
    )
    return _el("text", attrs, "".join(spans))


def text_width(text: str, size: float) -> float:
    """About how wide a line of DejaVu Sans is, to fit labels in the canvas."""
    return size * sum(_WIDTH_OF.get(c, 0.63) for c in text)


def _wrap(text: str, size: float, width: Callable[[int], float]) -> list[str]:
    """The words of `text` in lines, line k at most width(k) wide where a word allows, and
    as even as that many lines can be (no last word left alone)."""

    def fill(squeeze: float) -> list[str]:
        lines: list[str] = []
        for word in text.split():
            wider = f"{lines[-1]} {word}" if lines else word
            if lines and text_width(wider, size) <= width(len(lines) - 1) * squeeze:
                lines[-1] = wider
            else:
                lines.append(word)
        return lines or [""]

    lines = fill(1)
    for squeeze in (0.9, 0.8, 0.7, 0.6, 0.5) if len(lines) > 1 else ():
        narrower = fill(squeeze)
        if len(narrower) > len(lines):
            break
        lines = narrower
    return lines


def y_range(values: list[float]) -> tuple[float, float]:
    """The y axis: the values with a fifth of their spread either side (a flat series too)."""
    low, high = min(values), max(values)
    pad = (high - low) * 0.2 or max(abs(high) * 0.1, 1.0)
    return low - pad, high + pad


def nice_ticks(low: float, high: float, whole: bool = False) -> list[Decimal]:
    """Round values for the y axis, 4 to 6 of them where the range allows: the finest step
    of 1, 2, 2.5 or 5 x 10^k giving at most 5 ticks in [low, high], or the next finer one
    when that gives fewer than 4 and it gives at most 6. Decimals: labels need no rounding.
    With `whole` (counts), only whole-number steps: 1, 2, 5, 10, 20, 25...
    """
    finer: list[Decimal] | None = None  # the ticks of the step before, if at most 6
    k = math.floor(math.log10(high - low)) - 1  # a step so fine it gives 10 ticks or more
    while True:
        for m in ("1", "2", "2.5", "5"):
            step = Decimal(m).scaleb(k)
            if whole and step != step.to_integral_value():
                continue
            first = math.ceil(low / float(step) - 1e-9)
            last = math.floor(high / float(step) + 1e-9)
            at = range(first, last + 1)
            if len(at) <= 5:
                return finer if len(at) < 4 and finer else [step * i for i in at]
            finer = [step * i for i in at] if len(at) <= 6 else None
        k += 1


def tick_labels(ticks: list[Decimal]) -> list[str]:
    """As many decimals as the step needs, the same for every tick: 0, 20, 40; 2.5, 5.0."""
    places = 0
    for t in ticks:
        exponent = t.normalize().as_tuple().exponent
        if isinstance(exponent, int):
            places = max(places, -exponent)
    return [f"{t:,.{places}f}".replace("-", MINUS) for t in ticks]


def drawing(
    row: Row,
    points: Sequence[Point],
    title: str,
    prefix: str,
    words: Words = DEFAULT_WORDS,
) -> Drawing:
    """The chart of these points, with the row's target lines and band: text as text,
    escaped; every id starts with `prefix`, so several charts share a page. With no
    points, an empty canvas."""
    body = "".join(_chart(row, points, prefix, words)) if points else ""
    return Drawing(
        title,
        f"{PRINTED_WIDTH}pt",
        f"{PRINTED_HEIGHT}pt",
        f"0 0 {WIDTH} {HEIGHT}",
        Markup(body),
    )


def render_svg(
    row: Row,
    points: Sequence[Point],
    title: str,
    prefix: str,
    words: Words = DEFAULT_WORDS,
    css: str = "",
) -> str:
    """The chart as one standalone SVG element, with `css` as its stylesheet: what
    templates/_trend_chart.html.j2 writes around a drawing in the document."""
    d = drawing(row, points, title, prefix, words)
    svg: Attrs = {
        "xmlns": "http://www.w3.org/2000/svg",
        "width": d.width,
        "height": d.height,
        "viewBox": d.view_box,
        "class": "chart",
        "aria-hidden": "true",
        "focusable": "false",
        "font-family": FONT_FAMILY,
    }
    style = _el("style", {}, str(escape(css))) if css else ""
    return _el("svg", svg, _el("title", {}, str(escape(d.title))) + style + str(d.body))


FONT_FAMILY = "'scp-sans', 'Liberation Sans', Arimo, Arial, sans-serif"


# A legend entry: its label, and its swatch: the style of its line (None for the hatched
# band) and the radius of its marker (0 for none).
Entry = tuple[str, Attrs | None, float]


def _chart(row: Row, points: Sequence[Point], prefix: str, words: Words) -> list[str]:
    n = len(points)
    ys = [float(p.value) for p in points]
    lines, band = row.target_lines, row.band
    limits = [float(x) for p in points if p.interval for x in (p.interval.low, p.interval.high)]
    low, high = y_range(ys + [v for v, _ in lines] + (list(band) if band else []) + limits)

    def px(i: int) -> float:
        return LEFT + (i + 0.5) / n * (RIGHT - LEFT)

    def py(v: float) -> float:
        return BOTTOM - (v - low) / (high - low) * (BOTTOM - TOP)

    hatch = f"{prefix}-hatch"
    out: list[str] = []
    legend: list[Entry] = []
    if band is not None:
        tile: Attrs = {"id": hatch, "width": HATCH_TILE, "height": HATCH_TILE}
        tile["patternUnits"] = "userSpaceOnUse"
        diagonals: Attrs = {"d": HATCH_PATH, "class": HATCH_CLASS, "stroke-width": 1.0 * PT}
        out.append(_el("defs", {}, _el("pattern", tile, _el("path", diagonals))))
        top, bottom = py(max(band)), py(min(band))  # a band below zero comes reversed
        area: Attrs = {"x": LEFT, "y": top, "width": RIGHT - LEFT, "height": bottom - top}
        out.append(_el("rect", {**area, "fill": f"url(#{hatch})"}))
        legend.append((words.legend_band, None, 0))

    # The axes: left and bottom spines with their ticks and labels.
    spines = f"M{_num(LEFT)} {_num(TOP)}V{_num(BOTTOM)}H{_num(RIGHT)}"
    out.append(_el("path", {"d": spines, **AXIS}))
    ticks = nice_ticks(low, high, whole=row.indicator.unit == Unit.COUNT)
    labels = tick_labels(ticks)
    for t, label in zip(ticks, labels, strict=True):
        y = py(float(t))
        out.append(_line(LEFT - TICK, y, LEFT, y, AXIS))
        out.append(_text(LEFT - 2 * TICK, y + 0.36 * FONT, [label], FONT, "end"))
    if row.indicator.unit == Unit.PERCENT:
        widest = max((text_width(label, FONT) for label in labels), default=0)
        x = max(LEFT - 2 * TICK - widest - 4 * PT - DESCENT * FONT, FONT)
        out.append(_text(x, (TOP + BOTTOM) / 2, [words.per_cent], FONT, "middle", turn=90))
    at = tick_points(n)
    turned = len(at) > ROTATE_OVER
    for j, i in enumerate(at):
        label = points[i].period + (f" {words.baseline_mark}" if points[i].baseline else "")
        # Level labels share the width; a turned one's further lines near the next label.
        following = px(at[j + 1]) if j + 1 < len(at) else WIDTH
        gap = following - px(i) if turned else (RIGHT - LEFT) / n
        out.append(_line(px(i), BOTTOM, px(i), BOTTOM + TICK, AXIS))
        out.append(_period_label(px(i), label, turned, gap))

    # The figures' confidence intervals: a band over each run of figures that have one, a
    # bar for a figure alone.
    with_interval = [i for i, p in enumerate(points) if p.interval is not None]
    if with_interval:
        for run in _runs(with_interval):
            ivs = [points[i].interval for i in run]
            tops = [(px(i), py(float(iv.high))) for i, iv in zip(run, ivs, strict=True) if iv]
            bottoms = [(px(i), py(float(iv.low))) for i, iv in zip(run, ivs, strict=True) if iv]
            if len(run) == 1:
                (x, y1), (_, y2) = tops[0], bottoms[0]
                bar: Attrs = {"x": x - 3 * PT, "y": y1, "width": 6 * PT, "height": y2 - y1}
                out.append(_el("rect", {**bar, "class": INTERVAL_CLASS}))
                continue
            corners = " ".join(f"{_num(x)},{_num(y)}" for x, y in [*tops, *reversed(bottoms)])
            out.append(_el("polygon", {"points": corners, "class": INTERVAL_CLASS}))
        first = points[with_interval[0]].interval
        assert first is not None
        label = words.confidence_interval.format(confidence=confidence_text(first.confidence))
        legend.append((label, {"class": INTERVAL_CLASS}, 0))

    # The target lines; the figures over them, labelled: every point of a short series,
    # the first and the last of a long one (the table under the chart gives every figure).
    for (value, text), style in zip(lines, TARGET_STYLES, strict=False):
        out.append(_line(LEFT, py(value), RIGHT, py(value), style))
        legend.append((text, style, 0))
    figure_labels = []
    for i in labelled_points(n):
        # Inside the plot area, on a pale ground that hides a target line or hatch under it
        # but not the figures, which are drawn over it.
        half = text_width(points[i].text, SMALL) / 2
        x, y = min(max(px(i), LEFT + half + 1), RIGHT - half - 1), py(ys[i]) - 6 * PT
        ground: Attrs = {"x": x - half, "y": y - ASCENT * SMALL, "width": 2 * half}
        out.append(_el("rect", {**ground, "height": SMALL, "class": GROUND_CLASS}))
        figure_labels.append(_text(x, y, [points[i].text], SMALL, "middle"))
    short = n <= 12
    stroke: Attrs = {"class": FIGURES_CLASS, "stroke-width": (1.8 if short else 1.2) * PT}
    path = " ".join(f"{_num(px(i))},{_num(py(v))}" for i, v in enumerate(ys))
    out.append(_el("polyline", {"points": path, **stroke}))
    r = (3.5 if short else 2.0) * PT  # markers 6 or 3 pt across, and a 0.5 pt edge
    for i, v in enumerate(ys):
        out.append(_el("circle", {"cx": px(i), "cy": py(v), "r": r, "class": MARKER_CLASS}))
    out += figure_labels
    legend.append((words.legend_figures, stroke, r))
    return out + _legend(legend, hatch)


def _runs(indexes: list[int]) -> list[list[int]]:
    """Consecutive indexes in runs: [0, 1, 3] gives [[0, 1], [3]]."""
    runs: list[list[int]] = []
    for i in indexes:
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def _period_label(x: float, label: str, turned: bool, gap: float) -> str:
    """A period under its tick, level and centred or turned with its end at the tick, `gap`
    from the next. A long label wraps, then if need be takes a smaller size, to stay clear
    of its neighbours and inside the canvas."""
    for size in (FONT, SMALL, MIN_FONT):
        at, lines, fits = _label_layout(x, label, turned, gap, size)
        if fits:
            break
    return _text(*at, lines, size, "end" if turned else "middle", turn=TURN if turned else 0)


def _label_layout(
    x: float, label: str, turned: bool, gap: float, size: float
) -> tuple[tuple[float, float], list[str], bool]:
    """Where a period label starts, its lines at this size, and whether they fit."""
    lead = 1.2 * size
    if turned:
        # The end of the first line just under the tick; each further line a line lower
        # across the turned text, which brings it nearer the next label.
        ex, ey = x - DESCENT * size * SIN, BOTTOM + 2 * TICK + ASCENT * size * COS
        most = 1 + int((gap * SIN - 1.5 * size) / lead)  # a line clear of the next label

        def room(k: int) -> float:
            end_x, end_y = ex + k * lead * SIN, ey + k * lead * COS
            left = (end_x - ASCENT * size * SIN - 1) / COS
            below = (HEIGHT - 1 - end_y - DESCENT * size * COS) / SIN
            return min(left, below)

    else:
        ex, ey = x, BOTTOM + 2 * TICK + ASCENT * size
        most = 1 + int((HEIGHT - 1 - ey - DESCENT * size) / lead)
        wide = min(gap - 0.5 * size, 2 * x - 2, 2 * (WIDTH - x) - 2)

        def room(k: int) -> float:
            return wide

    lines = _wrap(label, size, room)
    fits = len(lines) <= max(most, 1) and all(
        text_width(line, size) <= room(k) for k, line in enumerate(lines)
    )
    return (ex, ey), lines, fits


def _legend(entries: list[Entry], hatch: str) -> list[str]:
    """Right of the plot, top-aligned with it: for each entry a swatch drawn as the chart
    draws it (hatch, dash pattern, line with marker), then its label, a <tspan> a line."""
    x = RIGHT + 0.01 * (RIGHT - LEFT) + 0.9 * SMALL
    handle, lead = 2 * SMALL, 1.2 * SMALL
    text_x = x + handle + 0.8 * SMALL
    top = TOP
    out = []
    for label, style, r in entries:
        # Long comparator names wrap, so the legend stays inside the chart.
        rows = _wrap(label, SMALL, lambda _: WIDTH - 2 - text_x)
        middle = top + len(rows) * lead / 2
        box: Attrs = {"x": x, "y": middle - 0.35 * SMALL, "width": handle}
        if style is None:
            out.append(_el("rect", {**box, "height": 0.7 * SMALL, "fill": f"url(#{hatch})"}))
        elif style.get("class") == INTERVAL_CLASS:
            out.append(_el("rect", {**box, "height": 0.7 * SMALL, **style}))
        else:
            out.append(_line(x, middle, x + handle, middle, style))
        if r:
            out.append(
                _el("circle", {"cx": x + handle / 2, "cy": middle, "r": r, "class": MARKER_CLASS})
            )
        out.append(_text(text_x, top + 0.9 * SMALL, rows, SMALL, "start"))
        top += len(rows) * lead + 0.5 * SMALL
    return out
