"""What each reading is checked for on its own, given its indicator and its quarter: one
list of rules (`READING_CHECKS`), each a small function of the reading, the facts of its
indicator (`Facts`) and its readings file (`InQuarter`). A rule returns the problems it
finds, each at a field of the reading; most readings have none.

Adding a check is a function and a row of the list: this file and no other. The checks
across readings (an unknown indicator, a reading given twice, the newest figure, an
indicator with no reading) are `checks._readings`' own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..errors import Severity
from ..model.models import (
    MISSING_WORDS,
    Indicator,
    PartnershipFile,
    Reading,
    Section,
    lag_of,
    reporting_of,
)
from ..model.periods import Period, PeriodKind, Reporting, shift_quarter
from ..model.values import Unit, rate_base
from .messages import suggest
from .value_rules import counts_problems, figure_problems

# A problem a rule finds: the field of the reading it is at ("period", or
# ("published", "status")), what is wrong, and how much it matters.
Finding = tuple[tuple[str | int, ...], str, Severity]
Findings = Sequence[Finding]
NONE: Findings = ()
ERROR, WARNING = Severity.ERROR, Severity.WARNING


@dataclass(frozen=True, slots=True)
class Facts:
    """What a reading of one indicator is checked against, worked out once for each
    indicator: a plan may hold hundreds of thousands of readings."""

    unit: Unit
    ranked: bool
    compared: bool  # has a target that compares with a comparator
    baseline_period: Period | None
    lag: int  # quarters in arrears
    reporting: Reporting | None  # the kind of period it reports, where said
    per: int | None  # what a rate is per
    grouped: bool  # judged against the comparator group its readings give

    @classmethod
    def of(cls, section: Section, ind: Indicator) -> Facts:
        return cls(
            ind.unit,
            ind.ranked,
            any(t.kind.compared for t in ind.all_targets),
            ind.baseline.period,
            lag_of(section, ind),
            reporting_of(section, ind),
            rate_base(ind.per, ind.unit_label),
            any(t.kind.key == "in_line_with_group" for t in ind.all_targets),
        )


@dataclass
class InQuarter:
    """A readings file's quarter, and the plan's words and quarters its readings are
    checked with."""

    quarter: Period
    partnership: PartnershipFile
    quarters: PeriodKind  # the plan's own kind of quarter, that a reporting lag speaks of
    _due: dict[int, Period] = field(default_factory=dict)

    def due(self, lag: int) -> Period:
        """The quarter a reading with this reporting lag covers (thousands share one)."""
        expected = self._due.get(lag)
        if expected is None:
            expected = self._due[lag] = shift_quarter(self.quarter, -lag)
        return expected


ReadingCheck = Callable[[Reading, Facts, InQuarter], Findings]


def _figure_fits_unit(r: Reading, f: Facts, q: InQuarter) -> Findings:
    if r.value is None:
        return NONE
    found = figure_problems(r.value, f.unit)
    return [(("value",), p.message, ERROR if p.certain else WARNING) for p in found]


def _counts_fit_figure(r: Reading, f: Facts, q: InQuarter) -> Findings:
    if r.numerator is None and r.denominator is None:
        return NONE
    found = counts_problems(r.value, r.numerator, r.denominator, f.unit, f.per)
    return [((p.field,), p.message, ERROR) for p in found]


def _ranked_figure_has_rank(r: Reading, f: Facts, q: InQuarter) -> Findings:
    if f.ranked and r.value is not None and r.rank is None:
        return [(("rank",), f"{r.indicator} is ranked: give the reading's rank", ERROR)]
    return NONE


def _group_fits(r: Reading, f: Facts, q: InQuarter) -> Findings:
    """A reading's comparator group: members' counts only where the figures have a
    population (percentages, and rates whose base is known); and for a measure judged
    against its group, a group and the counts its control limits need."""
    if r.group is None and not f.grouped:
        return NONE
    out: list[Finding] = []
    unit = f.unit
    scaled = unit == Unit.PERCENT or (unit == Unit.RATE and f.per is not None)
    if r.group is not None and not scaled:
        for j, m in enumerate(r.group.members):
            if m.numerator is not None:
                message = (
                    f"{r.indicator}'s figures are {unit.value}s with no population to work a "
                    "member's figure out from its counts: give the member's value"
                    + (" (or the rate's per: in the indicator)" if unit == Unit.RATE else "")
                )
                out.append((("group", "members", j, "numerator"), message, ERROR))
    if f.grouped and r.value is not None:
        if r.group is None:
            message = (
                f"{r.indicator} is judged against its comparator group: give the reading's "
                "group (its name, and its members or its average and size)"
            )
            out.append((("value",), message, ERROR))
        elif r.denominator is None or not scaled:
            message = (
                f"{r.indicator} is judged against its group's control limits, which need the "
                "reading's numerator and denominator (the population)"
                + ("" if scaled else ", and a percentage or a rate whose per: is known")
            )
            out.append((("group",), message, ERROR))
    return out


def _comparator_only_where_compared(r: Reading, f: Facts, q: InQuarter) -> Findings:
    if r.comparator is not None and not f.compared:
        return [(("comparator",), f"{r.indicator} has no comparator target", ERROR)]
    return NONE


def _not_before_baseline(r: Reading, f: Facts, q: InQuarter) -> Findings:
    bp = f.baseline_period
    if bp is not None and bp.last > r.period.last:
        message = (
            f"period {r.period} ends before the baseline period {bp}: a figure from "
            "before its baseline (a measure rebased?); check the baseline's period"
        )
        return [(("period",), message, WARNING)]
    return NONE


def _not_after_quarter(r: Reading, f: Facts, q: InQuarter) -> Findings:
    if r.period.last > q.quarter.last:
        # The rule scp import keeps: a figure cannot be reported before its period ends.
        message = (
            f"period {r.period} ends after the report quarter {q.quarter}: a "
            "figure is reported once its period has ended; move it to the readings "
            "file of a later quarter, or correct its period"
        )
        return [(("period",), message, ERROR)]
    return NONE


def _period_as_reported(r: Reading, f: Facts, q: InQuarter) -> Findings:
    """The period is of the kind the indicator reports; a quarter is the one its
    reporting lag says."""
    period = r.period
    if f.reporting is not None and not f.reporting.fits(period):
        message = (
            f"{r.indicator} reports {f.reporting} figures (its reports: setting), "
            f"so a reading should cover such a period, not {period}"
        )
        return [(("period",), message, WARNING)]
    if period.kind != q.quarters:
        return NONE
    expected = q.due(f.lag)
    if period.label == expected.label:
        return NONE
    behind = (q.quarter.first - period.first) // 3
    hint = (
        f"; set lag_quarters: {behind} if it is reported that far in arrears"
        if 0 <= behind <= 8
        else ""
    )
    message = (
        f"{r.indicator} has a reporting lag of {f.lag} "
        f"quarter(s), so its {q.quarter} reading should cover {expected}, "
        f"not {period}{hint}"
    )
    return [(("period",), message, WARNING)]


def _missing_words_known(r: Reading, f: Facts, q: InQuarter) -> Findings:
    partnership = q.partnership
    if not isinstance(r.missing, str) or partnership.missing(r.missing) is not None:
        return NONE
    known = ", ".join([*partnership.missing_words, *MISSING_WORDS])
    message = (
        f"{r.missing!r} is not a word this plan knows for a missing figure ({known}); "
        f"say what it means, as missing: {{kind: awaited, text: {r.missing}}} (or not "
        "published, not applicable), or list it under missing_words in "
        "partnership.yaml"
    )
    return [(("missing",), message, ERROR)]


def _statuses_known(r: Reading, f: Facts, q: InQuarter) -> Findings:
    """A status given (published or overridden) names one of the plan's statuses."""
    if r.published is None and r.override is None:
        return NONE
    statuses = q.partnership.statuses
    out: list[Finding] = []
    for given, at in (
        (r.published.status if r.published else None, ("published", "status")),
        (r.override.status if r.override else None, ("override", "status")),
    ):
        if given is not None and statuses.named(given) is None:
            choices = ", ".join(statuses.names())
            message = f"expected one of: {choices}, got {given!r}" + suggest(
                given, statuses.names()
            )
            out.append((at, message, ERROR))
    return out


def _override_noted(r: Reading, f: Facts, q: InQuarter) -> Findings:
    if r.override is None:
        return NONE
    message = f"{r.indicator}: status set to {r.override.status} by override: {r.override.reason}"
    return [(("override",), message, Severity.NOTE)]


# In the order their messages are listed for a reading.
READING_CHECKS: list[ReadingCheck] = [
    _figure_fits_unit,
    _counts_fit_figure,
    _ranked_figure_has_rank,
    _group_fits,
    _comparator_only_where_compared,
    _not_before_baseline,
    _not_after_quarter,
    _period_as_reported,
    _missing_words_known,
    _statuses_known,
    _override_noted,
]
