"""The trends appendix: the indicators with a history, each with its chart, its trend in
words and a table of its figures. Everything shown is read from the snapshot's rows: their
figures, the comparable ones a chart draws, the sentences and the target lines.

An indicator has a history with at least three comparable figures (same kind and length
of period, as the direction of travel compares them): one or two points say nothing a
sentence does not. With none such, there is no appendix.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import figures as fmt
from ..status.snapshot import Point, Snapshot
from .charts import Drawing, drawing

MIN_CHART_POINTS = 3  # an indicator's history: at least this many comparable figures


@dataclass(frozen=True)
class Trend:
    id: str
    anchor: str
    measure: str
    section_title: str
    points: list[Point]  # every figure, for the table
    target: str
    summary: str  # the sentences, one after another
    chart: Drawing
    sentences: tuple[str, ...] = ()  # the trend in words, a comparison each
    # The heading of the table's interval column, where any figure has an interval.
    interval_heading: str | None = None


@dataclass(frozen=True)
class TrendSection:
    id: str
    title: str
    trends: list[Trend]


def trends(snap: Snapshot) -> list[TrendSection]:
    """A trend for every indicator with a history (MIN_CHART_POINTS comparable figures),
    by section in document order; a section with none is left out, and so is the appendix
    when no indicator has one."""
    words = snap.words
    out = []
    for view in snap.sections:
        items = []
        for row in view.rows:
            if len(row.comparable) < MIN_CHART_POINTS:
                continue
            ident = row.indicator.id
            measure = fmt.plain(row.indicator.measure)
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
                    " ".join(row.sentences),
                    chart,
                    row.sentences,
                    heading,
                )
            )
        if items:
            out.append(TrendSection(view.id, view.title, items))
    return out
