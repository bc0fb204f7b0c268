"""The status engine: the plan as at a report quarter.

For each indicator: the latest reading reported up to the quarter, the target
judged against it (status and a reason anyone can check) and the direction of
travel against the previous comparable reading. Pure functions over plain data.

Status fallback order, for each indicator:
1. an override recorded on the reading wins (and says so);
2. no target: Monitoring;
3. a target but no figure (for a rank target, no rank): Awaiting data;
4. otherwise the target's rule: met -> Successful, close -> Close to target,
   missed -> Needs improving.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal

from ..collector import collector_paused
from ..model import figures as fmt
from ..model.figures import (
    Change,
    Interval,
    Measurement,
    confidence_text,
    interval_text,
    projection_text,
    shown,
)
from ..model.models import (
    DEFAULT_COLUMNS,
    Baseline,
    Column,
    Indicator,
    Plan,
    Reading,
    ReadingsFile,
    Section,
)
from ..model.period_text import period_text, say_period
from ..model.periods import Period, shift_quarter
from ..model.rules import DEFAULT_RULES, Rules, layered
from ..model.statuses import DEFAULT_STATUSES, STATUS_FOR, Statuses, StatusName
from ..model.targets import Comparator, Judgement, Outcome, Subject, Target, share_of
from ..model.values import DirectionName, Polarity, Unit, rate_base
from ..model.words import DEFAULT_WORDS, Words
from .change import change_of, wants_earlier, with_before
from .groups import with_group
from .history import Point, TargetLine, comparable, figures_of, previous_comparable, target_lines
from .projection import by_projection, share_of_year, with_projection
from .trend_words import sentences
from .uncertainty import (
    Trend,
    change_p,
    counts_of,
    interval,
    p_text,
    recent_trend,
    significant,
    untested_why,
)


@dataclass(frozen=True)
class Direction:
    name: DirectionName  # up, steady or down
    source: str  # "computed" or "stated"
    better: bool | None  # None when steady or polarity unknown
    reason: str
    # Under the significance method, the p-value of the change tested; None where it was
    # decided by steady_percent.
    p: float | None = None
    # A change tested and found not significant: drawn steady, said "no significant change".
    chance: bool = False
    # The figure the latest was compared with (history.previous_comparable), for a computed
    # direction; None for a stated one.
    previous: Measurement | None = None

    # Wrapped rather than decorated: mutation testing (make mutate) skips decorated functions.
    def _tested(self) -> bool:
        return self.p is not None

    tested = property(_tested)

    def said(self, words: Words = DEFAULT_WORDS) -> str:
        """The words beside the arrow: up, no change or down; no significant change for a
        change tested and found to be chance."""
        if self.chance:
            return words.no_significant_change
        return words.direction(self.name.value)


@dataclass(frozen=True, kw_only=True)
class Row:
    """One indicator as at the report quarter, with everything a view shows of it: views
    read rows and compute nothing of their own."""

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
    # A later reading without a figure (a placeholder from `scp new-quarter`, a figure
    # awaited or not published); `latest` is then the latest figure there is.
    later: Later | None = None
    status_label: str = ""  # the plan's word for the status (statuses:), else its name
    # The latest figure's confidence interval, where the plan shows intervals or judges by
    # them and the figure's counts are given.
    interval: Interval | None = None
    # The recent trend, under the significance method.
    trend: Trend | None = None
    # The target in force for the latest figure (a year's own; with a reading's updated
    # comparator), as `target` describes it; None for a measure without one.
    target_spec: Target | None = None
    rules: Rules = DEFAULT_RULES  # the indicator's status rules, layered
    # The baseline and every figure reported up to the quarter, in period order (a period
    # reported twice: its later report), for a trend table; and of them those comparable
    # with the latest figure, up to it: the points a chart draws.
    figures: tuple[Point, ...] = ()
    comparable: tuple[Point, ...] = ()
    # The lines and close-to-target band a chart draws for the target in force for the
    # latest figure (for a count reported year to date, the part of the year's target due).
    target_lines: tuple[TargetLine, ...] = ()
    band: tuple[float, float] | None = None
    # The trend in words, a sentence a comparison (trend_words.sentences): what the trends
    # section prints beside the chart.
    sentences: tuple[str, ...] = ()
    # The latest figure's change on the figure its direction was compared with, for the
    # Change and % Change columns; None where the direction was not computed.
    change: Change | None = None


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
    statuses: Statuses = DEFAULT_STATUSES  # the plan's words and colours for statuses
    # Whether the plan asks for intervals or tests (show_intervals, direction_method:
    # significance, close_by_interval): the data then carry them.
    statistics: bool = False
    words: Words = DEFAULT_WORDS  # the plan's generic words, for figures as text
    # The performance tables' columns after the measure (document.columns): the open data
    # and `scp status` add the change columns where these hold them.
    columns: tuple[Column, ...] = DEFAULT_COLUMNS

    def _changes(self) -> bool:
        return "change" in self.columns or "percent_change" in self.columns

    changes = property(_changes)

    # Wrapped rather than decorated: mutation testing (make mutate) skips decorated functions.
    def _rows(self) -> list[Row]:
        return [r for s in self.sections for r in s.rows]

    rows = property(_rows)

    def section(self, ident: str) -> SectionView:
        for s in self.sections:
            if s.id == ident:
                return s
        raise KeyError(ident)


# --- choosing readings -------------------------------------------------------------------


def report_quarters(plan: Plan) -> list[Period]:
    """The quarters the plan has readings files for, oldest first."""
    return sorted({r.quarter for r in plan.readings})


def quarters_with_figures(plan: Plan) -> list[Period]:
    """The quarters whose readings file holds at least one figure, oldest first: a file of
    empty placeholders (a quarter just started) is not yet a quarter to report on."""
    return sorted({f.quarter for f in plan.readings if any(r.has_figure for r in f.readings)})


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
        """The readings reported up to `quarter`, one per period: where a later report
        restates a period, the restatement replaces the figure first reported, for the
        latest figure and for the earlier ones direction compares against alike. (The
        loader refuses such plans; plans built in code may hold them.)"""
        kept = [(q, r) for q, r in self._by_indicator.get(indicator, []) if q <= quarter]
        return [
            (q, r)
            for i, (q, r) in enumerate(kept)
            if i + 1 == len(kept) or kept[i + 1][1].period != r.period
        ]


@dataclass(frozen=True)
class Later:
    """A later reading than the one reported, with no figure: still awaited, or not
    published (the last figure stands, not updated)."""

    period: Period
    kind: str  # "awaited" or "not published"
    text: str | None  # the partnership's words, as written; None for an empty placeholder

    def reason(self, words: Words = DEFAULT_WORDS) -> str:
        if self.kind == "awaited":
            if self.text is None:
                return words.later_awaited.format(period=period_text(self.period, words))
            return words.later_awaited_said.format(
                period=period_text(self.period, words), words=self.text
            )
        said = words.later_said_in_brackets.format(words=self.text) if self.text else ""
        return words.later_not_published.format(period=period_text(self.period, words), said=said)


def _absence(reading: Reading, plan: Plan) -> tuple[str | None, str | None]:
    """Why a reading has no figure (awaited, not published, not applicable) and the
    partnership's words for it; (None, None) when it has a figure."""
    if reading.value is not None:
        return None, None
    if reading.missing is None:
        return "awaited", None  # an empty placeholder
    meant = plan.partnership.missing(reading.missing)
    return meant if meant is not None else ("awaited", str(reading.missing))


def _latest(
    history: list[tuple[Period, Reading]], plan: Plan
) -> tuple[tuple[Period, Reading] | None, Later | None]:
    """The reading to report, and a later one without a figure, if any. The reading is
    the latest with a figure; a later reading whose figure is awaited, was not published
    or does not apply (a partner's `n/a`) leaves it standing, and its status, marked not
    updated unless the figure is awaited. With no figure at all, the latest reading (its
    words say why), with nothing earlier to show."""
    later = None
    for quarter, reading in reversed(history):
        kind, text = _absence(reading, plan)
        if kind is None:
            return (quarter, reading), later
        if later is None:
            # Only awaited words wait for a figure; any other words say no new one came.
            said = "awaited" if kind == "awaited" else "not published"
            later = Later(reading.period, said, text)
    return (history[-1] if history else None), None


def rules_for(plan: Plan, section: Section, ind: Indicator) -> Rules:
    """The status rules for an indicator: plan-wide, then its section's, then its own."""
    return layered(plan.partnership.status_rules, section.status_rules, ind.status_rules)


def target_in_force(
    ind: Indicator, period: Period | None, comparator: Comparator | None = None
) -> Target | None:
    """The target in force for a figure of `period`; a comparator target takes the latest
    updated comparator the readings have given up to the figure's (the latest national
    average), where they give one."""
    target = ind.target_for(period)
    return target.compared_with(comparator) if target is not None else None


def target_text(
    ind: Indicator,
    period: Period | None = None,
    words: Words = DEFAULT_WORDS,
    comparator: Comparator | None = None,
) -> str:
    """The target in force for a figure of `period` in words, or that there is none."""
    target = target_in_force(ind, period, comparator)
    return target.describe(ind, words) if target is not None else words.no_target


def part_of_year(
    ind: Indicator, period: Period, year_start: int, words: Words = DEFAULT_WORDS
) -> tuple[Decimal, str] | None:
    """For a count reported year to date: the share of the year's target due by the end
    of `period`, and how it was found (the indicator's profile, or pro rata to the months
    gone); None for any other figure."""
    target = ind.target_for(period)
    if (
        ind.unit != Unit.COUNT
        or target is None
        or not target.kind.scalable
        or not period.year_to_date(year_start)
    ):
        return None
    return share_of_year(ind, period, words)


# --- status ------------------------------------------------------------------------------


def status_of(
    ind: Indicator,
    latest: Measurement | None,
    rules: Rules,
    quarter_label: str,
    *,
    at: Period | None = None,
    year_start: int = 4,
    words: Words = DEFAULT_WORDS,
    statuses: Statuses = DEFAULT_STATUSES,
    comparator: Comparator | None = None,
) -> tuple[StatusName, str]:
    """The computed status and its reason, in the plan's words. The target is the one in
    force for the figure's period (else for `at`, the report quarter), against the latest
    `comparator` figure a reading gave; a count reported year to date is judged against
    the part of the year's target due by then."""
    w = words
    if latest is None:
        why = w.no_reading.format(quarter=quarter_label)
    elif latest.value is None:
        why = latest.missing or w.no_figure_yet.format(period=say_period(latest.period, w))
    target = target_in_force(ind, latest.period if latest is not None else at, comparator)
    if target is None:
        status = StatusName.MONITORING
        said = shown(latest, ind.unit, words=w) if latest and latest.value is not None else why
        return status, w.reason_no_target.format(figure=said, status=statuses.label(status))
    text = target.describe(ind, w)
    figure = latest is not None and latest.value is not None
    lacking = target.kind.lacking(latest, w) if latest is not None and figure else None
    if not figure or lacking is not None:
        if lacking is not None:  # a figure the kind cannot judge yet (a rank's, no rank)
            why = lacking
        status = StatusName.AWAITING
        return status, w.reason_without_figure.format(
            why=why, target=text, status=statuses.label(status)
        )
    assert latest is not None  # a figure, with all its kind needs to judge it
    part = part_of_year(ind, latest.period, year_start, w) if latest.period else None
    judged: Target = target
    subject: Subject = ind
    if part is not None:
        share, how = part
        b = ind.baseline
        if b.value is not None and b.period is not None and b.period.months == 12:
            # A year's figure: its part, for the same part of the year; its period only
            # where the kind needs it (a reduction's line starts at the year's end), for the
            # part is not the year's figure.
            period = b.period if target.kind.needs_baseline_period else None
            part_of_baseline = Baseline(value=share_of(b.value, share), period=period)
            subject = ind.model_copy(update={"baseline": part_of_baseline})
        judged = target.scaled(share)
        text = w.reason_part.format(target=text, how=how, part=judged.describe(subject, w))
    j = judged.judge(latest, subject, rules, w)
    if rules.close_by_interval and j.outcome != Outcome.MET and not judged.kind.ranked:
        j = _by_interval(j, judged, latest, subject, ind, rules, w)
    if rules.close_by_projection and j.outcome != Outcome.MET and part is not None:
        j = by_projection(j, target, latest, ind, rules, w)
    status = statuses.given(STATUS_FOR[j.outcome])  # a two-step scale has no close
    return status, w.reason_against.format(
        figure=shown(latest, ind.unit, words=w),
        target=text,
        detail=j.detail,
        status=statuses.label(status),
    )


def _by_interval(
    j: Judgement,
    target: Target,
    latest: Measurement,
    subject: Subject,
    ind: Indicator,
    rules: Rules,
    words: Words,
) -> Judgement:
    """A miss judged by the figure's confidence interval (close_by_interval): close when
    the interval includes the target, else missed; by close_percent, as judged, where the
    figure has no interval."""
    iv = interval(latest, ind.unit, rules.confidence, rate_base(ind.per, ind.unit_label))
    if iv is None:
        why = untested_why(ind.unit, words)
        return Judgement(j.outcome, words.interval_missing.format(detail=j.detail, why=why))
    shown_iv = interval_text(iv, ind.unit, words)
    level = confidence_text(rules.confidence)
    if target.reaches(iv.low, iv.high, latest, subject, rules):
        detail = words.interval_includes.format(
            detail=j.detail, confidence=level, interval=shown_iv
        )
        return Judgement(Outcome.CLOSE, detail)
    detail = words.interval_excludes.format(detail=j.detail, confidence=level, interval=shown_iv)
    return Judgement(Outcome.MISSED, detail)


# --- direction ---------------------------------------------------------------------------


def _better(name: DirectionName, polarity: Polarity | None) -> bool | None:
    if polarity is None or name == DirectionName.STEADY:
        return None
    return (name == DirectionName.UP) == (polarity == Polarity.HIGHER)


def _tested(
    ind: Indicator,
    now: Decimal,
    period: Period,
    before: Measurement,
    p: float,
    rules: Rules,
    words: Words,
) -> Direction:
    """The direction under the significance method: up or down only for a change the
    test finds significant at the plan's confidence level; else no significant change.
    Counts that differ significantly behind figures equal as written are steady, and
    the reason says so."""
    # What direction_of checked before the test: an earlier figure, with its period.
    assert before.value is not None
    assert before.period is not None
    chance = not significant(p, rules.confidence)
    if chance:
        name, result, said = (
            DirectionName.STEADY,
            words.not_significant,
            words.no_significant_change,
        )
    elif now > before.value:
        name, result, said = DirectionName.UP, words.significant_rise, words.up
    elif now < before.value:
        name, result, said = DirectionName.DOWN, words.significant_fall, words.down
    else:  # the counts differ significantly, but not the figures as written
        name, result, said = DirectionName.STEADY, words.significant_unchanged, words.no_change
    reason = words.direction_tested.format(
        latest=fmt.value(now, ind.unit),
        period=period_text(period, words),
        previous=fmt.value(before.value, ind.unit),
        previous_period=say_period(before.period, words),
        result=result,
        p=p_text(p, words),
        direction=said,
    )
    better = _better(name, ind.effective_polarity)
    return Direction(name, "computed", better, reason, p, chance, before)


def direction_of(
    ind: Indicator,
    latest: Measurement | None,
    reading: Reading | None,
    history: list[Measurement],
    rules: Rules,
    words: Words = DEFAULT_WORDS,
) -> Direction | None:
    """Up, steady or down against the previous comparable figure; else the stated arrow.
    The reason is in the plan's words."""
    polarity = ind.effective_polarity
    if latest is not None and latest.value is not None and latest.period is not None:
        cur_period = latest.period
        before = previous_comparable(history, cur_period, rules.compare)
        if before is not None:
            prev, prev_period = before.value, before.period
            assert prev is not None and prev_period is not None
            change = latest.value - prev
            u = ind.unit
            tested = rules.direction_method == "significance"
            p = change_p(latest, before, u) if tested else None
            if p is not None:
                return _tested(ind, latest.value, cur_period, before, p, rules, words)
            steady = rules.steady_percent
            # A change from zero is no share of it (None): only no change at all is steady.
            zero = Decimal(0) if change == 0 else None
            share = abs(change) / abs(prev) * 100 if prev else zero
            if share is not None and share <= steady:
                name = DirectionName.STEADY
                how = words.steady_within.format(steady=fmt.percent(steady))
            else:
                name = DirectionName.UP if change > 0 else DirectionName.DOWN
                how = words.steady_beyond.format(steady=fmt.percent(steady))
            reason = words.direction_change.format(
                latest=fmt.value(latest.value, u),
                period=period_text(cur_period, words),
                previous=fmt.value(prev, u),
                previous_period=period_text(prev_period, words),
                change=f"{'+' if change >= 0 else '-'}{fmt.number(abs(change))}",
                share="" if share is None else f", {fmt.percent(share)}",
                how=how,
            )
            if tested:
                reason = words.direction_untested.format(reason=reason, why=untested_why(u, words))
            return Direction(name, "computed", _better(name, polarity), reason, previous=before)
    stated = reading.published.direction if reading and reading.published else None
    if stated is None or stated == DirectionName.NA:
        return None
    return Direction(
        stated,
        "stated",
        _better(stated, polarity),
        words.direction_stated,
    )


def trend_of(
    ind: Indicator,
    latest: Measurement,
    baseline: Measurement,
    history: list[Measurement],
    rules: Rules,
    words: Words = DEFAULT_WORDS,
) -> Trend | None:
    """The recent trend to the latest figure, over it and the latest earlier figures
    comparable with it that have their counts (the baseline among them), one per period:
    where a period was restated, the later report's figure. `history` runs oldest period
    first (each period's later report after its earlier), so the search walks back from
    the end and stops when it has enough."""
    at = latest.period
    if latest.value is None or at is None:
        return None
    needed = rules.trend_points
    unit = ind.unit

    def usable(m: Measurement) -> bool:
        p = m.period
        return (
            p is not None
            and m.value is not None
            and p < at
            and p.comparable(at)
            and counts_of(m, unit) is not None
        )

    chosen = [latest] if counts_of(latest, unit) is not None else []
    seen = {at.label}
    for m in reversed(history):
        if len(chosen) == needed:
            break
        # A reading without a figure hides no figure for its period.
        if m.value is not None and m.period is not None and m.period.label not in seen:
            seen.add(m.period.label)
            if usable(m):
                chosen.append(m)
    # The baseline, where its period is none of the readings' and recent enough to count:
    # the trend takes the latest `needed` figures, so an older baseline is left out.
    b = baseline.period
    if b is not None and b.label not in seen and usable(baseline):
        chosen.append(baseline)
    chosen.sort(key=_period_order)
    return recent_trend(chosen, unit, ind.effective_polarity, rules.confidence, needed, words)


def _period_order(m: Measurement) -> tuple[int, int, str]:
    assert m.period is not None  # every figure a trend uses has its period
    return m.period.sort_key


# --- snapshot ----------------------------------------------------------------------------


def _measurement(r: Reading, plan: Plan) -> Measurement:
    m = Measurement(r.value, r.period, r.rank, _absence(r, plan)[1], r.numerator, r.denominator)
    if r.rank_of is None and not r.ranks:
        return m
    ranks = tuple((g.rank, g.of, g.group) for g in r.ranks)
    return replace(m, rank_of=r.rank_of, ranks=ranks)  # a rank of N (issue 25)


def _baseline(ind: Indicator) -> Measurement:
    b = ind.baseline
    return Measurement(b.value, b.period, b.rank, b.missing, b.numerator, b.denominator)


def comparator_of(
    history: list[tuple[Period, Reading]], reading: Reading | None
) -> Comparator | None:
    """The comparator figure in force for a reading: the latest one given by a reading up
    to it (it replaces the target's), else None (the target's own). With no reading, the
    latest one in `history`: None for an indicator that has no reading at all."""
    found = None
    for _, r in history:
        found = r.comparator or found
        if r is reading:
            break
    return found


def disagreements(
    plan: Plan,
) -> Iterator[tuple[ReadingsFile, int, str, str, str]]:
    """Readings whose published status the rules do not give, with no override: the file,
    the reading's place in it, the status as published and as computed (in the plan's
    words), and the computed status's reason."""
    found = {ind.id: (section, ind) for section, ind in plan.indicators()}
    statuses, words = plan.partnership.statuses, plan.partnership.words
    index: ReadingIndex | None = None  # built at the first published status: many plans have none
    for rfile in plan.readings:
        for i, r in enumerate(rfile.readings):
            given = r.checked_status
            if given is None:
                continue
            if index is None:
                index = ReadingIndex(plan.readings)
            published = statuses.named(given)
            section, ind = found[r.indicator]
            rules = rules_for(plan, section, ind)
            history = index.as_at(r.indicator, rfile.quarter)
            m = with_group(_measurement(r, plan), r, ind, rules)
            if wants_earlier(ind, m, rules):  # only then: a plan may hold many readings
                earlier = [_baseline(ind)] + [
                    _measurement(h, plan) for _, h in history if h is not r
                ]
                m = with_before(m, ind, earlier)
                m = with_projection(m, ind, earlier, rules, plan.partnership.year_start, words)
            computed, reason = status_of(
                ind,
                m,
                rules,
                period_text(rfile.quarter, words),
                year_start=plan.partnership.year_start,
                words=words,
                statuses=statuses,
                comparator=comparator_of(history, r),
            )
            if published is not None and published != computed:
                yield rfile, i, given, statuses.label(computed), reason


def baseline_heading(section: Section) -> Period | None:
    """The period for the Baseline column: as set, else the most common baseline period."""
    if section.baseline_heading is not None:
        return section.baseline_heading
    counts = Counter(i.baseline.period for i in section.indicators if i.baseline.period)
    if not counts:
        return None
    best = max(counts.values())
    return min(p for p, n in counts.items() if n == best)


def _row(
    plan: Plan,
    section: Section,
    ind: Indicator,
    quarter: Period,
    history: list[tuple[Period, Reading]],
) -> Row:
    """One indicator as at the report quarter, from its readings reported up to it."""
    statuses, words = plan.partnership.statuses, plan.partnership.words
    show_intervals = plan.partnership.document.show_intervals
    rules = rules_for(plan, section, ind)
    chosen, later = _latest(history, plan)
    reported_in, reading = chosen if chosen else (None, None)
    latest = with_group(_measurement(reading, plan), reading, ind, rules) if reading else None
    measured = [(r, _measurement(r, plan)) for _, r in history]
    earlier = [_baseline(ind)] + [m for r, m in measured if r is not reading]
    if latest is not None:
        latest = with_before(latest, ind, earlier)
        year_start = plan.partnership.year_start
        latest = with_projection(latest, ind, earlier, rules, year_start, words)
    comparator = comparator_of(history, reading)
    computed, reason = status_of(
        ind,
        latest,
        rules,
        period_text(quarter, words),
        at=quarter,
        year_start=plan.partnership.year_start,
        words=words,
        statuses=statuses,
        comparator=comparator,
    )
    if latest is not None and latest.projection is not None:
        reason = f"{reason}; {projection_text(latest.projection, words)}"
    if later is not None:
        reason = f"{reason}; {later.reason(words)}"
    status, overridden = computed, False
    if reading is not None and reading.override is not None:
        named = statuses.named(reading.override.status)
        if named is not None:  # the loader refuses a status the plan does not name
            status, overridden = named, True
            reason = words.overridden.format(
                reason=reason, status=statuses.label(status), why=reading.override.reason
            )
    direction = direction_of(ind, latest, reading, earlier, rules, words)
    in_force = target_in_force(ind, latest.period if latest is not None else quarter, comparator)
    per = rate_base(ind.per, ind.unit_label)
    shown_interval = None
    if latest is not None and (show_intervals or rules.close_by_interval):
        shown_interval = interval(latest, ind.unit, rules.confidence, per)
    trend = None
    if latest is not None and rules.direction_method == "significance":
        trend = trend_of(ind, latest, earlier[0], earlier[1:], rules, words)
    confidence = rules.confidence if show_intervals else None
    reported = [m for _, m in measured]
    figures = figures_of(earlier[0], reported, ind.unit, per, confidence, words)
    at = latest.period if latest is not None else None
    drawn: tuple[Point, ...] = ()
    if at is not None and latest is not None and latest.value is not None:
        drawn = comparable(figures, at)
    part = part_of_year(ind, at, plan.partnership.year_start, words) if at else None
    share = part[0] if part is not None else None
    lines, band = target_lines(in_force, ind, share, rules.close_percent, words)
    if not statuses.has(StatusName.CLOSE):
        band = None  # a two-step scale: no close-to-target band to draw
    row = Row(
        section_id=section.id,
        indicator=ind,
        target=in_force.describe(ind, words) if in_force is not None else words.no_target,
        baseline=earlier[0],
        latest=latest,
        reported_in=reported_in,
        direction=direction,
        status=status,
        computed_status=computed,
        reason=reason,
        overridden=overridden,
        reading=reading,
        later=later,
        status_label=statuses.label(status),
        interval=shown_interval,
        trend=trend,
        target_spec=in_force,
        rules=rules,
        figures=figures,
        comparable=drawn,
        target_lines=lines,
        band=band,
        change=change_of(latest, direction.previous if direction is not None else None),
    )
    return replace(row, sentences=sentences(row, words))


def snapshot(plan: Plan, quarter: Period) -> Snapshot:
    """Every indicator's status and direction as at the report quarter."""
    with collector_paused():
        return _snapshot(plan, quarter)


def _snapshot(plan: Plan, quarter: Period) -> Snapshot:
    index = ReadingIndex(plan.readings)
    views = []
    for section in plan.sections:
        rows = tuple(
            _row(plan, section, ind, quarter, index.as_at(ind.id, quarter))
            for ind in section.indicators
        )
        views.append(
            SectionView(
                section.id,
                section.title,
                baseline_heading(section),
                shift_quarter(quarter, -section.lag_quarters),
                rows,
            )
        )
    # Whether the plan asks for intervals or tests: the data then carry them.
    statistics = plan.partnership.document.show_intervals or any(
        r.rules.direction_method == "significance" or r.rules.close_by_interval
        for v in views
        for r in v.rows
    )
    return Snapshot(
        quarter,
        tuple(views),
        plan.partnership.statuses,
        statistics=statistics,
        words=plan.partnership.words,
        columns=plan.partnership.document.shown_columns,
    )
