"""A figure against its comparator group (the most similar group, the family group), as
iQuanta and Fingertips compare an area with its peers: its rank of N, its distance from
the group's average, and its position against the control limits around that average
for the area's own population (status.funnel).

Worked only for readings that give a group: `scp status` stays fast for plans without.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal

from ..model.figures import GroupComparison, Measurement
from ..model.models import ComparatorGroup, GroupMember, Indicator, Reading
from ..model.rules import Rules
from ..model.values import Polarity, Unit, rate_base
from .funnel import proportion_limits, rate_limits

HUNDRED = Decimal(100)


def scale_of(ind: Indicator) -> int | None:
    """What a figure is out of: 100 for a percentage, the rate's base for a rate; None
    for a count or a score, which have no population to compare by."""
    if ind.unit == Unit.PERCENT:
        return 100
    if ind.unit == Unit.RATE:
        return rate_base(ind.per, ind.unit_label)
    return None


def member_value(m: GroupMember, scale: int | None) -> Decimal:
    """A member's figure: as given, else from its counts."""
    if m.value is not None:
        return m.value
    assert m.numerator is not None  # the model checks that a member gives both or neither
    assert m.denominator is not None
    assert scale is not None  # validate refuses counts where the unit has no scale
    return Decimal(m.numerator) / m.denominator * scale


def average_of(
    group: ComparatorGroup, own: Measurement, scale: int | None
) -> tuple[Decimal, list[Decimal]]:
    """The group's average and every area's figure, this one's first: the average
    given; else pooled from the counts where every area gives them (this one too), else
    the mean of the figures."""
    assert own.value is not None
    figures = [own.value, *(member_value(m, scale) for m in group.members)]
    if group.average is not None:
        return group.average, figures
    areas = [(own.numerator, own.denominator)] + [
        (m.numerator, m.denominator) for m in group.members
    ]
    counts = [(n, d) for n, d in areas if n is not None and d is not None]
    if len(counts) == len(areas):
        assert scale is not None  # validate refuses counts where figures have no scale
        events = Decimal(sum(n for n, _ in counts))
        people = sum(d for _, d in counts)
        return events / people * scale, figures
    return Decimal(sum(figures)) / len(figures), figures


def rank_in(figures: list[Decimal], polarity: Polarity | None) -> int:
    """The first figure's rank among them: 1 plus how many are better (ties share a
    rank); better is higher where higher is better, else lower."""
    own = figures[0]
    if polarity == Polarity.HIGHER:
        return 1 + sum(1 for f in figures[1:] if f > own)
    return 1 + sum(1 for f in figures[1:] if f < own)


def limits_around(
    average: Decimal, denominator: Decimal, unit: Unit, scale: int, levels: tuple[Decimal, ...]
) -> tuple[tuple[Decimal, float, float], ...]:
    """The control limits around the average at each level, lowest level first: Wilson
    for a percentage, exact Poisson for a rate."""
    out = []
    for level in sorted(levels):
        confidence = float(level) / 100
        if unit == Unit.PERCENT:
            low, high = proportion_limits(float(average), float(denominator), confidence)
        else:
            low, high = rate_limits(float(average), float(denominator), scale, confidence)
        out.append((level, low, high))
    return tuple(out)


def position_of(value: Decimal, low: float, high: float) -> str:
    """Above, in line with or below the limits (a figure on a limit is in line)."""
    if float(value) > high:
        return "above"
    if float(value) < low:
        return "below"
    return "in line"


def compare(
    ind: Indicator, m: Measurement, group: ComparatorGroup, rules: Rules
) -> GroupComparison:
    """The figure `m` against its group."""
    assert m.value is not None
    scale = scale_of(ind)
    average, figures = average_of(group, m, scale)
    rank = rank_in(figures, ind.effective_polarity) if group.members else None
    size = group.size if group.size is not None else len(figures)
    distance = (m.value - average) / average * HUNDRED if average else Decimal(0)
    limits: tuple[tuple[Decimal, float, float], ...] = ()
    position = None
    if scale is not None and m.denominator is not None:
        limits = limits_around(average, m.denominator, ind.unit, scale, rules.group_limits)
        _, low, high = limits[-1]
        position = position_of(m.value, low, high)
    # A worked-out average is shown as the figures are written; a given one as given.
    shown = average if group.average is not None else to_places(average, m.value)
    return GroupComparison(group.name, size, rank, shown, distance, limits, position)


def to_places(d: Decimal, like: Decimal) -> Decimal:
    """d to as many places as `like` is written to, half up: a worked-out average as its
    figures are written."""
    return d.quantize(like, ROUND_HALF_UP)  # quantize takes only like's exponent


def with_group(m: Measurement, reading: Reading, ind: Indicator, rules: Rules) -> Measurement:
    """The measurement with its comparison, where the reading gives a group and a figure."""
    if reading.group is None or m.value is None:
        return m
    return replace(m, group=compare(ind, m, reading.group, rules))
