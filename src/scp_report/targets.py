"""Target rules: each a small pure function returning met, close or missed, with detail.

A miss counts as close when the shortfall is no more than `tolerance` per cent of
the target (for ranks: no more than `places` places). The detail is the part of the
reason that explains the judgement, e.g. '1 point short, within 5%'.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from .formatting import gap, ordinal, percent
from .models import Polarity, Unit

HUNDRED = Decimal(100)


class Outcome(StrEnum):
    MET = "met"
    CLOSE = "close"
    MISSED = "missed"


@dataclass(frozen=True)
class Judgement:
    outcome: Outcome
    detail: str


def _shortfall(
    short: Decimal, reference: Decimal, tolerance: Decimal, unit: Unit, word: str
) -> Judgement:
    """Judge a shortfall against `tolerance` per cent of `reference`."""
    allowed = abs(reference) * tolerance / HUNDRED
    share = (short / abs(reference) * HUNDRED) if reference else None
    share_text = f" ({percent(share)})" if share is not None and unit != Unit.PERCENT else ""
    if short <= allowed:
        return Judgement(
            Outcome.CLOSE, f"{gap(short, unit)} {word}{share_text}, within {percent(tolerance)}"
        )
    return Judgement(
        Outcome.MISSED, f"{gap(short, unit)} {word}{share_text}, beyond {percent(tolerance)}"
    )


def at_least(value: Decimal, target: Decimal, tolerance: Decimal, unit: Unit) -> Judgement:
    """Met when value >= target."""
    if value >= target:
        return Judgement(Outcome.MET, "met")
    return _shortfall(target - value, target, tolerance, unit, "short")


def at_most(value: Decimal, target: Decimal, tolerance: Decimal, unit: Unit) -> Judgement:
    """Met when value <= target."""
    if value <= target:
        return Judgement(Outcome.MET, "met")
    return _shortfall(value - target, target, tolerance, unit, "over")


def fewer_than(value: Decimal, target: Decimal, tolerance: Decimal, unit: Unit) -> Judgement:
    """Met when value < target; reaching the target exactly is a (close) miss."""
    if value < target:
        return Judgement(Outcome.MET, "met")
    return _shortfall(value - target, target, tolerance, unit, "over")


def between(
    value: Decimal, low: Decimal, high: Decimal, tolerance: Decimal, unit: Unit
) -> Judgement:
    """Met inside [low, high]; outside, judged against the nearer limit."""
    if low <= value <= high:
        return Judgement(Outcome.MET, "within the range")
    if value < low:
        return _shortfall(low - value, low, tolerance, unit, "below the range")
    return _shortfall(value - high, high, tolerance, unit, "above the range")


def in_line_with(
    value: Decimal, comparator: Decimal, polarity: Polarity, tolerance: Decimal, unit: Unit
) -> Judgement:
    """Met when value is the comparator's or better, as polarity says."""
    if polarity == Polarity.HIGHER:
        if value >= comparator:
            return Judgement(Outcome.MET, "in line or better")
        return _shortfall(comparator - value, comparator, tolerance, unit, "worse")
    if value <= comparator:
        return Judgement(Outcome.MET, "in line or better")
    return _shortfall(value - comparator, comparator, tolerance, unit, "worse")


def rank(position: int, within_top: int, places: int) -> Judgement:
    """Met when ranked within the top N; close when no more than `places` below."""
    if position <= within_top:
        return Judgement(Outcome.MET, f"{ordinal(position)} is within the top {within_top}")
    short = position - within_top
    word = f"{short} place{'' if short == 1 else 's'} short"
    limit = f"{places} place{'' if places == 1 else 's'}"
    if short <= places:
        return Judgement(Outcome.CLOSE, f"{word}, within {limit}")
    return Judgement(Outcome.MISSED, f"{word}, beyond {limit}")


def no_increase(value: Decimal, baseline: Decimal, tolerance: Decimal, unit: Unit) -> Judgement:
    """Met when value <= baseline."""
    if value <= baseline:
        return Judgement(Outcome.MET, "no increase")
    return _shortfall(value - baseline, baseline, tolerance, unit, "higher")


def trajectory(
    baseline: Decimal, target: Decimal, start_month: int, due_month: int, at_month: int
) -> Decimal:
    """The value expected at `at_month` on the straight line from baseline to target."""
    span = due_month - start_month
    if span <= 0:
        return target
    fraction = min(max(Decimal(at_month - start_month) / Decimal(span), Decimal(0)), Decimal(1))
    return baseline + (target - baseline) * fraction


def reduction(value: Decimal, expected: Decimal, tolerance: Decimal, unit: Unit) -> Judgement:
    """Met when value is at or below where the straight line to the target expects it."""
    if value <= expected:
        return Judgement(Outcome.MET, "on track")
    return _shortfall(value - expected, expected, tolerance, unit, "behind")
