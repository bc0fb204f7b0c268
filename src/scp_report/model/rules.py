"""Status rules: the tolerances and direction settings, layered plan-wide, per theme and
per indicator, the most specific setting winning field by field.

The defaults live here and nowhere else; every stage reads resolved `Rules`, whose
fields are never empty.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from decimal import Decimal
from typing import Literal

Compare = Literal["previous", "year-earlier"]
DirectionMethod = Literal["steady_percent", "significance"]


@dataclass(frozen=True)
class Rules:
    """Resolved status rules: every field set."""

    close_percent: Decimal = Decimal(5)
    close_places: int = 1
    steady_percent: Decimal = Decimal(2)
    compare: Compare = "previous"
    old_after_quarters: int = 4
    direction_method: DirectionMethod = "steady_percent"
    confidence: Decimal = Decimal(95)
    trend_points: int = 5
    close_by_interval: bool = False
    # The control limits around a comparator group's average; position is judged at the
    # highest.
    group_limits: tuple[Decimal, ...] = (Decimal(95), Decimal("99.8"))
    project: bool = False  # give a count year to date's projected year end
    close_by_projection: bool = False  # close means projected to meet the year's target
    margin_when_met: bool = False  # a limit met says by how much: met: 36 under (3%)
    # A figure more than this many times the last one, or less than the last divided by
    # it, is very likely a slip (a fraction of a count, a misplaced decimal point).
    jump_factor: Decimal = Decimal(10)


DEFAULT_RULES = Rules()
_FIELDS = tuple(f.name for f in fields(Rules))


def layered(*layers: object | None) -> Rules:
    """The defaults, overlaid by each layer's settings in turn (None: not set)."""
    rules = DEFAULT_RULES
    for layer in layers:
        if layer is not None:
            given = {name: getattr(layer, name) for name in _FIELDS}
            if isinstance(given["group_limits"], list):
                given["group_limits"] = tuple(given["group_limits"])
            rules = replace(rules, **{k: v for k, v in given.items() if v is not None})
    return rules
