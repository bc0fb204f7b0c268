"""The trends appendix: each indicator's figures over time in words and as a table, and as
an SVG chart where a chart helps. Everything shown is read from the snapshot's rows: their
figures, the comparable ones a chart draws, the words and the target lines.

A chart needs at least three comparable figures (same kind and length of period, as the
direction of travel compares them): one or two points say nothing a sentence does not.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import figures as fmt
from ..status.snapshot import Point, Snapshot
from .charts import Drawing, drawing

MIN_CHART_POINTS = 3  # a chart needs at least this many comparable figures


@dataclass(frozen=True)
class Trend:
    id: str
    anchor: str
    measure: str
    section_title: str
    points: list[Point]  # every figure, for the table
    target: str
    summary: str
    chart: Drawing | None  # only with MIN_CHART_POINTS comparable figures or more
    # The heading of the table's interval column, where any figure has an interval.
    interval_heading: str | None = None


@dataclass(frozen=True)
class TrendSection:
    id: str
    title: str
    trends: list[Trend]


def trends(snap: Snapshot) -> list[TrendSection]:
    """A trend for every indicator, by section in document order: none is left out (one
    with no figure yet says so); a chart where it has enough comparable figures."""
    words = snap.words
    out = []
    for view in snap.sections:
        items = []
        for row in view.rows:
            ident = row.indicator.id
            measure = fmt.plain(row.indicator.measure)
            chart = None
            if len(row.comparable) >= MIN_CHART_POINTS:
                title = words.chart_title.format(measure=measure)
                chart = drawing(row, row.comparable, title, f"trend-{ident}", words)
            shown = [p.interval for p in row.figures if p.interval is not None]
            heading = (
                words.confidence_interval.format(
                    confidence=fmt.confidence_text(shown[0].confidence)
                )
                if shown
                else None
            )
            items.append(
                Trend(
                    ident,
                    f"trend-{ident}",
                    measure,
                    view.title,
                    list(row.figures),
                    row.target,
                    row.summary,
                    chart,
                    heading,
                )
            )
        if items:
            out.append(TrendSection(view.id, view.title, items))
    return out
