"""The status engine: the plan as at a report quarter.

For each indicator: the latest reading reported up to the quarter, the target
judged against it (status and a reason anyone can check) and the direction of
travel against the previous comparable reading. Pure functions over plain data.

Status fallback order, for each indicator:
1. an override recorded on the reading wins (and says so);
2. no target: Monitoring;
3. a target but no figure: Awaiting data;
4. otherwise the target's rule: met -> Successful, close -> Close to target,
   missed -> Needs improving.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from . import formatting as fmt
from . import targets
from .errors import UsageError
from .models import (
    DirectionName,
    Footnote,
    Indicator,
    Plan,
    Polarity,
    Reading,
    ReadingsFile,
    StatusName,
    StatusRules,
    Unit,
    json_number,
)
from .periods import Period, parse_quarter, shift_quarter

DEFAULT_RULES = StatusRules(
    close_percent=Decimal(5), close_places=1, steady_percent=Decimal(2), compare="previous"
)

# Arrows as the plan document prints them; the order statuses are counted in.
ARROWS = {DirectionName.UP: "↑", DirectionName.STEADY: "→", DirectionName.DOWN: "↓"}
STATUS_ORDER = (
    StatusName.SUCCESSFUL,
    StatusName.CLOSE,
    StatusName.NEEDS_IMPROVING,
    StatusName.MONITORING,
    StatusName.AWAITING,
)

STATUS_FOR = {
    targets.Outcome.MET: StatusName.SUCCESSFUL,
    targets.Outcome.CLOSE: StatusName.CLOSE,
    targets.Outcome.MISSED: StatusName.NEEDS_IMPROVING,
}


class Section(Protocol):
    """The headline section and each theme: what the engine needs of them."""

    id: str
    title: str
    indicators: list[Indicator]
    lag_quarters: int
    status_rules: StatusRules | None
    baseline_heading: Period | None
    footnotes: list[Footnote]


@dataclass(frozen=True)
class Measurement:
    """A figure with its period; `missing` says why there is no figure."""

    value: Decimal | None
    period: Period | None
    rank: int | None = None
    missing: str | None = None


@dataclass(frozen=True)
class Direction:
    name: DirectionName  # up, steady or down
    source: str  # "computed" or "stated"
    better: bool | None  # None when steady or polarity unknown
    reason: str


@dataclass(frozen=True)
class Row:
    """One indicator as at the report quarter."""

    section_id: str
    indicator: Indicator
    target: str
    baseline: Measurement
    latest: Measurement | None
    reported_in: Period | None  # the report quarter whose file held the latest reading
    direction: Direction | None
    status: StatusName
    computed_status: StatusName
    reason: str
    overridden: bool
    reading: Reading | None


@dataclass(frozen=True)
class SectionView:
    id: str
    title: str
    baseline_heading: Period | None
    latest_heading: Period
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Snapshot:
    quarter: Period
    sections: tuple[SectionView, ...]

    @property
    def rows(self) -> list[Row]:
        return [r for s in self.sections for r in s.rows]

    def section(self, ident: str) -> SectionView:
        for s in self.sections:
            if s.id == ident:
                return s
        raise KeyError(ident)


# --- choosing readings -------------------------------------------------------------------


def sections(plan: Plan) -> list[Section]:
    return [plan.partnership.headline, *plan.themes]  # type: ignore[list-item]


def report_quarters(plan: Plan) -> list[Period]:
    return sorted({r.quarter for r in plan.readings})


def resolve_quarter(plan: Plan, text: str | None) -> Period:
    """The report quarter asked for, or the latest with readings."""
    if text is None:
        quarters = report_quarters(plan)
        if not quarters:
            raise UsageError("the plan has no readings yet; give --quarter")
        return quarters[-1]
    try:
        return parse_quarter(text)
    except ValueError as e:
        raise UsageError(str(e)) from None


class ReadingIndex:
    """Readings by indicator, each with the quarter it was reported in, oldest first."""

    def __init__(self, files: tuple[ReadingsFile, ...]):
        self._by_indicator: dict[str, list[tuple[Period, Reading]]] = defaultdict(list)
        for f in sorted(files, key=lambda f: f.quarter):
            for r in f.readings:
                self._by_indicator[r.indicator].append((f.quarter, r))
        for items in self._by_indicator.values():
            items.sort(key=lambda qr: (qr[1].period.sort_key, qr[0].sort_key))

    def as_at(self, indicator: str, quarter: Period) -> list[tuple[Period, Reading]]:
        return [(q, r) for q, r in self._by_indicator.get(indicator, []) if q <= quarter]


def _latest(history: list[tuple[Period, Reading]]) -> tuple[Period, Reading] | None:
    """The reading for the latest period; an empty one means the figure is awaited."""
    return history[-1] if history else None


def rules_for(plan: Plan, section: Section, ind: Indicator) -> StatusRules:
    merged = DEFAULT_RULES.model_dump()
    for layer in (plan.partnership.status_rules, section.status_rules, ind.status_rules):
        if layer is not None:
            merged.update({k: v for k, v in layer.model_dump().items() if v is not None})
    return StatusRules.model_validate(merged)


# --- status ------------------------------------------------------------------------------


def judge(ind: Indicator, latest: Measurement, rules: StatusRules) -> targets.Judgement:
    """Apply the indicator's target rule to a figure."""
    t = ind.target
    assert t is not None and latest.value is not None
    v, u = latest.value, ind.unit
    tol = rules.close_percent if rules.close_percent is not None else Decimal(5)
    if t.at_least is not None:
        return targets.at_least(v, t.at_least, tol, u)
    if t.at_most is not None:
        return targets.at_most(v, t.at_most, tol, u)
    if t.fewer_than is not None:
        return targets.fewer_than(v, t.fewer_than, tol, u)
    if t.between is not None:
        return targets.between(v, t.between.low, t.between.high, tol, u)
    if t.in_line_with is not None:
        assert ind.polarity is not None
        return targets.in_line_with(v, t.in_line_with.value, ind.polarity, tol, u)
    if t.rank is not None:
        if latest.rank is None:
            return targets.Judgement(targets.Outcome.MISSED, "no rank reported")
        places = rules.close_places if rules.close_places is not None else 1
        return targets.rank(latest.rank, t.rank.within_top, places)
    base = ind.baseline
    if t.no_increase:
        assert base.value is not None
        return targets.no_increase(v, base.value, tol, u)
    if t.reduction is not None:
        assert base.value is not None and base.period is not None and latest.period is not None
        r = t.reduction
        due = r.by * 12 + 11  # December of the target year, as a month number
        expected = targets.trajectory(
            base.value, r.value, base.period.last, due, latest.period.last
        )
        expected = expected.quantize(Decimal("0.1"))
        j = targets.reduction(v, expected, tol, u)
        where = f"{fmt.value(expected, u)} expected by {latest.period.end_label}"
        return targets.Judgement(j.outcome, f"{where}: {j.detail}")
    raise AssertionError(t)  # pragma: no cover


def shown(m: Measurement, unit: Unit) -> str:
    if m.value is None:
        return m.missing or "Awaiting data"
    text = fmt.value(m.value, unit)
    if m.rank is not None:
        text += f" (ranked {fmt.ordinal(m.rank)})"
    return text


def figure(
    m: Measurement | None, unit: Unit, heading: Period | None = None
) -> tuple[str, str | None]:
    """A figure as printed, and its period where that differs from the column heading's."""
    if m is None:
        return "Awaiting data", None
    period = str(m.period) if m.period is not None and m.period != heading else None
    return shown(m, unit), period


def status_of(
    ind: Indicator, latest: Measurement | None, rules: StatusRules, quarter_label: str
) -> tuple[StatusName, str]:
    """The computed status and its reason."""
    if latest is None:
        why = f"no reading as at {quarter_label}"
    elif latest.value is None:
        why = latest.missing or f"no figure yet for {latest.period}"
    if ind.target is None:
        if latest is None or latest.value is None:
            return StatusName.MONITORING, f"{why}; no target → Monitoring"
        return StatusName.MONITORING, f"{shown(latest, ind.unit)}; no target → Monitoring"
    target_text = fmt.target(ind.target, ind)
    if latest is None or latest.value is None:
        return StatusName.AWAITING, f"{why}; target {target_text} → Awaiting data"
    j = judge(ind, latest, rules)
    status = STATUS_FOR[j.outcome]
    return status, f"{shown(latest, ind.unit)} against {target_text}: {j.detail} → {status.value}"


# --- direction ---------------------------------------------------------------------------


def _better(name: DirectionName, polarity: Polarity | None) -> bool | None:
    if polarity is None or name == DirectionName.STEADY:
        return None
    return (name == DirectionName.UP) == (polarity == Polarity.HIGHER)


def direction_of(
    ind: Indicator,
    latest: Measurement | None,
    reading: Reading | None,
    history: list[Measurement],
    rules: StatusRules,
) -> Direction | None:
    """Up, steady or down against the previous comparable figure; else the stated arrow."""
    polarity = ind.effective_polarity
    if latest is not None and latest.value is not None and latest.period is not None:
        cur_period = latest.period
        comparable = [
            m
            for m in history
            if m.value is not None
            and m.period is not None
            and m.period.comparable(cur_period)
            and m.period < cur_period
        ]
        if rules.compare == "year-earlier":
            comparable = [
                m
                for m in comparable
                if m.period is not None and m.period.last == cur_period.last - 12
            ]
        if comparable:
            prev = max(comparable, key=lambda m: m.period.sort_key if m.period else (0, 0, ""))
            assert prev.value is not None and prev.period is not None
            change = latest.value - prev.value
            steady = rules.steady_percent if rules.steady_percent is not None else Decimal(2)
            share = (
                abs(change) / abs(prev.value) * 100
                if prev.value
                else (Decimal(0) if change == 0 else Decimal("Infinity"))
            )
            if share <= steady:
                name = DirectionName.STEADY
                how = f"within {fmt.percent(steady)}"
            else:
                name = DirectionName.UP if change > 0 else DirectionName.DOWN
                how = f"beyond {fmt.percent(steady)}"
            u = ind.unit
            share_text = "" if share.is_infinite() else f", {fmt.percent(share)}"
            reason = (
                f"{fmt.value(latest.value, u)} ({cur_period}) against "
                f"{fmt.value(prev.value, u)} ({prev.period}): change "
                f"{'+' if change >= 0 else '-'}{fmt.number(abs(change))}{share_text} {how}"
            )
            return Direction(name, "computed", _better(name, polarity), reason)
    stated = reading.published.direction if reading and reading.published else None
    if stated is None or stated == DirectionName.NA:
        return None
    return Direction(
        stated,
        "stated",
        _better(stated, polarity),
        "no earlier comparable reading; direction as published",
    )


# --- snapshot ----------------------------------------------------------------------------


def _measurement(r: Reading) -> Measurement:
    return Measurement(r.value, r.period, r.rank, r.missing)


def _baseline(ind: Indicator) -> Measurement:
    b = ind.baseline
    return Measurement(b.value, b.period, b.rank, b.missing)


def baseline_heading(section: Section) -> Period | None:
    """The period for the Baseline column: as set, else the most common baseline period."""
    if section.baseline_heading is not None:
        return section.baseline_heading
    counts = Counter(i.baseline.period for i in section.indicators if i.baseline.period)
    if not counts:
        return None
    best = max(counts.values())
    return min(p for p, n in counts.items() if n == best)


def snapshot(plan: Plan, quarter: Period) -> Snapshot:
    """Every indicator's status and direction as at the report quarter."""
    index = ReadingIndex(plan.readings)
    views = []
    for section in sections(plan):
        rows = []
        for ind in section.indicators:
            rules = rules_for(plan, section, ind)
            history = index.as_at(ind.id, quarter)
            chosen = _latest(history)
            reported_in, reading = chosen if chosen else (None, None)
            latest = _measurement(reading) if reading else None
            computed, reason = status_of(ind, latest, rules, quarter.label)
            status, overridden = computed, False
            if reading is not None and reading.override is not None:
                status, overridden = reading.override.status, True
                reason = f"{reason}; overridden → {status.value}: {reading.override.reason}"
            earlier = [_baseline(ind)] + [_measurement(r) for _, r in history if r is not reading]
            direction = direction_of(ind, latest, reading, earlier, rules)
            rows.append(
                Row(
                    section.id,
                    ind,
                    fmt.target(ind.target, ind),
                    _baseline(ind),
                    latest,
                    reported_in,
                    direction,
                    status,
                    computed,
                    reason,
                    overridden,
                    reading,
                )
            )
        views.append(
            SectionView(
                section.id,
                section.title,
                baseline_heading(section),
                shift_quarter(quarter, -section.lag_quarters),
                tuple(rows),
            )
        )
    return Snapshot(quarter, tuple(views))


def row_json(row: Row) -> dict[str, object]:
    """The documented JSON shape of one indicator (see README, `scp status --json`)."""
    u = row.indicator.unit

    def num(d: Decimal | None) -> int | float | None:
        return None if d is None else json_number(d)

    latest = row.latest
    return {
        "theme": row.section_id,
        "id": row.indicator.id,
        "measure": fmt.plain(row.indicator.measure),
        "unit": u.value,
        "target": row.target,
        "baseline": num(row.baseline.value),
        "baseline_period": str(row.baseline.period) if row.baseline.period else None,
        "baseline_text": shown(row.baseline, u),
        "latest": num(latest.value) if latest else None,
        "latest_period": str(latest.period) if latest and latest.period else None,
        "latest_text": shown(latest, u) if latest else "Awaiting data",
        "rank": latest.rank if latest else None,
        "direction": row.direction.name.value if row.direction else None,
        "direction_source": row.direction.source if row.direction else None,
        "direction_better": row.direction.better if row.direction else None,
        "direction_reason": row.direction.reason if row.direction else None,
        "status": row.status.value,
        "reason": row.reason,
        "overridden": row.overridden,
    }
