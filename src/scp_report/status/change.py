"""The earlier figure a target judged on change compares the latest with (issue 25):
ratings by the size of the change, and a reduction on last year's figure re-based each
year. Found only for indicators with such a target: `scp status` stays fast for others.
And the latest figure's change on the figure its direction was compared with, for the
Change and % Change columns.
"""

from __future__ import annotations

from dataclasses import replace

from ..model.figures import Change, Measurement
from ..model.models import Indicator
from ..model.rules import Rules
from .history import previous_comparable


def with_before(m: Measurement, ind: Indicator, earlier: list[Measurement]) -> Measurement:
    """The measurement with the earlier figure its target in force compares it with
    (`earlier`: the baseline, then the earlier readings, oldest report first), where its
    target is judged on change and the history holds one."""
    target = ind.target_for(m.period)
    against = target.kind.against(target.spec) if target is not None else None
    if against is None or m.period is None:
        return m
    return replace(m, before=previous_comparable(earlier, m.period, against))


def wants_earlier(ind: Indicator, m: Measurement, rules: Rules) -> bool:
    """Whether judging `m` needs its indicator's earlier figures: a target judged on
    change, or a projection the plan asks for."""
    if rules.project or rules.close_by_projection:
        return True
    target = ind.target_for(m.period)
    return target is not None and target.kind.against(target.spec) is not None


def change_of(latest: Measurement | None, before: Measurement | None) -> Change | None:
    """The latest figure's change on `before` (the figure its direction was compared
    with), and that in per cent of it; None where either has no figure. A change on 0 is
    no share of it: its per cent is None."""
    if latest is None or before is None or latest.value is None or before.value is None:
        return None
    amount = latest.value - before.value
    share = amount / abs(before.value) * 100 if before.value else None
    return Change(before, amount, share)
