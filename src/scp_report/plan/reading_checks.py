"""What each reading is checked for on its own, given its indicator and its quarter: one
list of rules (`READING_CHECKS`), each a small function of the reading, the facts of its
indicator (`Facts`) and its readings file (`InQuarter`). A rule returns the problems it
finds, each at a field of the reading; most readings have none.

Adding a check is a function and a row of the list: this file and no other. A rule that
looks only at fields most readings leave out, or that applies only to some indicators,
says so in `ONLY_WITH` or `APPLIES`, so that most readings skip it. The checks
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
from ..model.periods import (
    QUARTERS,
    Period,
    PeriodKind,
    Reporting,
    calendar_year,
    financial_year,
    month_label,
    shift_quarter,
)
from ..model.targets import Comparator
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
    # The indicator, where its figures add up over their period and a target of it judges
    # them against a figure of a period (its baseline's, a comparator's): the spans are
    # then checked alike (`span_mismatch`); None for all others.
    totalled: Indicator | None = None
    # The spans of the figures its targets judge against, as far as the plan's own files
    # give them: a reading of the one span they all share passes at once.
    alike: frozenset[int | None] = frozenset()

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
            ind
            if ind.unit in TOTALS
            and any(t.kind.needs_baseline or t.kind.compared for t in ind.all_targets)
            else None,
            frozenset(_span(p) for p in _judged_against(ind)),
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
    if not found:
        return NONE
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


def _members_have_population(r: Reading, f: Facts, q: InQuarter) -> Findings:
    """A comparator group's members give counts only where the figures have a population
    (percentages, and rates whose base is known)."""
    if r.group is None or _scaled(f):
        return NONE
    unit = f.unit
    message = (
        f"{r.indicator}'s figures are {unit.value}s with no population to work a member's "
        "figure out from its counts: give the member's value"
        + (" (or the rate's per: in the indicator)" if unit == Unit.RATE else "")
    )
    return [
        (("group", "members", j, "numerator"), message, ERROR)
        for j, m in enumerate(r.group.members)
        if m.numerator is not None
    ]


def _grouped_has_group(r: Reading, f: Facts, q: InQuarter) -> Findings:
    """A figure of a measure judged against its comparator group gives the group, and the
    counts its control limits need."""
    if not f.grouped or r.value is None:
        return NONE
    if r.group is None:
        message = (
            f"{r.indicator} is judged against its comparator group: give the reading's "
            "group (its name, and its members or its average and size)"
        )
        return [(("value",), message, ERROR)]
    scaled = _scaled(f)
    if r.denominator is None or not scaled:
        message = (
            f"{r.indicator} is judged against its group's control limits, which need the "
            "reading's numerator and denominator (the population)"
            + ("" if scaled else ", and a percentage or a rate whose per: is known")
        )
        return [(("group",), message, ERROR)]
    return NONE


def _scaled(f: Facts) -> bool:
    """Whether figures have a population to work a figure out from counts: percentages,
    and rates whose base is known."""
    return f.unit == Unit.PERCENT or (f.unit == Unit.RATE and f.per is not None)


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


# Figures that add up over the period they cover, so that a quarter's is about a quarter of
# a year's: counts, and rates (crimes per 1,000 residents). A percentage or a score does
# not: a quarter's percentage compares with a year's.
TOTALS = (Unit.COUNT, Unit.RATE)


def _span(p: Period) -> int | None:
    """The months a figure of period `p` adds up over: a multi-year average's is an average
    year's; None for a figure as at a date, a level rather than a total."""
    if p.kind == PeriodKind.AS_AT:
        return None
    return 12 if p.kind == PeriodKind.AVERAGE else p.months


def _judged_against(ind: Indicator) -> list[Period]:
    """The periods of the figures an indicator's targets judge its figures against: the
    baseline's, for a target that needs it; a comparator's, where it gives one."""
    b = ind.baseline
    out = []
    for t in ind.all_targets:
        if t.kind.needs_baseline and b.value is not None and b.period is not None:
            out.append(b.period)
        if t.kind.compared and t.spec.period is not None:
            out.append(t.spec.period)
    return out


def _span_words(p: Period, year_start: int) -> str:
    """What a figure of period `p` covers, in words: 'a quarter', 'a year'."""
    if p.kind in QUARTERS:
        return "a quarter"
    if p.kind == PeriodKind.MONTH:
        return "a month"
    if p.kind == PeriodKind.AVERAGE:
        return f"a year on average (over {p.months // 12} years)"
    if p.kind in (PeriodKind.FINANCIAL_YEAR, PeriodKind.CALENDAR_YEAR, PeriodKind.SURVEY):
        return "a year"
    if p.year_to_date(year_start):
        return f"{p.months} months of the year to date"
    return f"{p.months} months"


def _year_earlier(p: Period, year_start: int) -> str | None:
    """The same span a year before `p`, as an example, where it is simply written."""
    if p.kind in QUARTERS:
        return str(shift_quarter(p, -4))
    if p.kind == PeriodKind.MONTH:
        return month_label(p.first - 12)
    if p.kind == PeriodKind.ROLLING:
        return f"{p.months} months to {month_label(p.last - 12)}"
    if p.kind == PeriodKind.FINANCIAL_YEAR:
        return str(financial_year(p.first // 12 - 1))
    if p.kind == PeriodKind.CALENDAR_YEAR:
        return str(calendar_year(p.first // 12 - 1))
    if p.year_to_date(year_start):
        return f"YTD {month_label(p.last - 12)}"
    return None


def _pro_rata(ind: Indicator, period: Period, baseline: Period, year_start: int) -> bool:
    """Whether the engine judges a figure of `period` against a part of the year's
    baseline (status.snapshot.part_of_year): a count reported year to date, a target that
    scales, a baseline of a year."""
    target = ind.target_for(period)
    return (
        ind.unit == Unit.COUNT
        and target is not None
        and target.kind.scalable
        and period.year_to_date(year_start)
        and baseline.months == 12
    )


def span_mismatch(
    ind: Indicator, period: Period, comparator: Comparator | None, year_start: int
) -> str | None:
    """Why a figure of `period` cannot be judged against the figure its target compares it
    with (the baseline's, a comparator's) where the two cover unlike spans (a quarter
    against a year), with what to declare; None where they are alike, where the plan says
    how to judge a part of the year (a count year to date, pro rata), and for figures that
    do not add up over their period (percentages, scores)."""
    target = ind.target_for(period)
    span = _span(period)
    if ind.unit not in TOTALS or target is None or span is None:
        return None
    kind = target.kind
    b = ind.baseline
    against: list[tuple[str, Period, bool]] = []  # what, its period, and whether a baseline
    if kind.needs_baseline and b.value is not None and b.period is not None:
        against.append(("the baseline", b.period, True))
    if kind.compared:
        given = comparator if comparator is not None else target.spec
        if given.period is not None:
            against.append((f"the {given.name}", given.period, False))
    for what, other, is_baseline in against:
        if _span(other) in (None, span):
            continue
        if is_baseline and _pro_rata(ind, period, other, year_start):
            continue
        return _unlike(ind, period, what, other, is_baseline, year_start)
    return None


def _unlike(
    ind: Indicator, period: Period, what: str, other: Period, is_baseline: bool, year_start: int
) -> str:
    """The message for a figure of `period` against `what` of an unlike span: what each
    covers, and what the plan may say instead."""
    covers = _span_words(period, year_start)
    earlier = _year_earlier(period, year_start)
    same = f" (such as {earlier})" if earlier else ""
    ways = [
        f"give the baseline for {covers}{same}"
        if is_baseline
        else f"give {what}'s figure for {covers} with the reading (comparator: with its "
        "name, value and period)"
    ]
    if _span(other) == 12 and period.months < 12:
        ways.append(
            f"report the figure for 12 months (12 months to {month_label(period.last)}, "
            "with reports: rolling 12 months)"
        )
        ytd = (period.last - (year_start - 1)) % 12 + 1  # months of the year by its end
        scales = ind.target_for(period)
        if (
            is_baseline
            and ind.unit == Unit.COUNT
            and other.months == 12
            and scales is not None
            and scales.kind.scalable
            and ytd < 12
            and not period.year_to_date(year_start)
        ):
            ways.append(
                "if the count runs from the start of the year, write its period as year to "
                f"date (YTD {month_label(period.last)}, with reports: year to date): it is "
                "then judged against the part of the year's baseline due by then, pro rata "
                "(or by the indicator's profile)"
            )
    return (
        f"{period} covers {covers} but {what} ({other}) covers {_span_words(other, year_start)}, "
        f"and {ind.id}'s figures are {ind.unit.value}s, which grow with the period they "
        f"cover: the two cannot be compared. To judge it, {'; or '.join(ways)}"
    )


def _spans_alike(r: Reading, f: Facts, q: InQuarter) -> Findings:
    """A figure that adds up over its period is judged only against a figure of the same
    span (or a part of the year's, pro rata, for a count year to date)."""
    if f.totalled is None or r.value is None:
        return NONE
    if r.comparator is None and (not f.alike or f.alike == {_span(r.period)}):
        return NONE  # the quick pass of most readings: large plans hold many
    message = span_mismatch(f.totalled, r.period, r.comparator, q.partnership.year_start)
    return [(("period",), message, ERROR)] if message is not None else NONE


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
    _members_have_population,
    _grouped_has_group,
    _comparator_only_where_compared,
    _not_before_baseline,
    _not_after_quarter,
    _period_as_reported,
    _spans_alike,
    _missing_words_known,
    _statuses_known,
    _override_noted,
]

# What lets most readings skip a rule, as large plans hold hundreds of thousands of
# readings. A rule not named here runs over every reading.
#
# ONLY_WITH: the reading's fields a rule looks at beyond its figure and period. The rule
# finds nothing where none of them is given, so a reading that gives none (most: a figure
# and its period) skips it.
ONLY_WITH: dict[ReadingCheck, frozenset[str]] = {
    _counts_fit_figure: frozenset({"numerator", "denominator"}),
    _members_have_population: frozenset({"group"}),
    _comparator_only_where_compared: frozenset({"comparator"}),
    _missing_words_known: frozenset({"missing"}),
    _statuses_known: frozenset({"published", "override"}),
    _override_noted: frozenset({"override"}),
}
# The fields that make a reading run every rule that applies: each field named above.
_GIVEN: frozenset[str] = frozenset().union(*ONLY_WITH.values())
# APPLIES: whether a rule can find anything for an indicator of these facts at all; its
# readings skip it where not.
APPLIES: dict[ReadingCheck, Callable[[Facts], bool]] = {
    _ranked_figure_has_rank: lambda f: f.ranked,
    _grouped_has_group: lambda f: f.grouped,
    _not_before_baseline: lambda f: f.baseline_period is not None,
    _spans_alike: lambda f: f.totalled is not None,
}


@dataclass(frozen=True, slots=True)
class Checks:
    """The rules a reading of one indicator runs, in `READING_CHECKS`' order: those for a
    reading that gives no field a rule of `ONLY_WITH` looks at (`plain`), and those for
    any other (`given`)."""

    plain: tuple[ReadingCheck, ...]
    given: tuple[ReadingCheck, ...]

    @classmethod
    def of(cls, f: Facts) -> Checks:
        given = tuple(c for c in READING_CHECKS if APPLIES.get(c, _always)(f))
        plain = tuple(c for c in given if c not in ONLY_WITH)
        return cls(plain, given)

    def for_reading(self, r: Reading) -> tuple[ReadingCheck, ...]:
        """The rules reading `r` runs. A field left out of a reading is at its default,
        None, so only a field the reading gives (even as null) can make a rule of
        ONLY_WITH find anything."""
        return self.plain if _GIVEN.isdisjoint(r.__pydantic_fields_set__) else self.given


def _always(f: Facts) -> bool:
    return True
