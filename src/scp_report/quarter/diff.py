"""`scp diff`: what changed between two report quarters."""

from __future__ import annotations

from dataclasses import dataclass

from ..model.figures import shown
from ..model.models import Plan
from ..model.periods import Period
from ..status.snapshot import Row, snapshot
from .expected import expected_readings


@dataclass(frozen=True)
class Change:
    theme: str
    id: str
    measure: str
    before: str | None
    after: str | None
    detail: str


@dataclass(frozen=True)
class Diff:
    quarter_from: Period
    quarter_to: Period
    statuses: list[Change]
    directions: list[Change]
    new_readings: list[Change]
    missing: list[Change]
    # Readings that brought words instead of a figure (n/a, Not reported): the last
    # figure stands, not updated.
    not_updated: list[Change]

    def as_json(self) -> dict[str, object]:
        def items(changes: list[Change]) -> list[dict[str, object]]:
            return [dict(c.__dict__) for c in changes]

        return {
            "from": str(self.quarter_from),
            "to": str(self.quarter_to),
            "statuses_changed": items(self.statuses),
            "directions_changed": items(self.directions),
            "new_readings": items(self.new_readings),
            "missing_readings": items(self.missing),
            "not_updated": items(self.not_updated),
        }


def _direction(row: Row) -> str | None:
    return row.direction.name.value if row.direction else None


def diff(plan: Plan, q_from: Period, q_to: Period) -> Diff:
    """Statuses and directions that changed from q_from to q_to, readings reported after
    q_from up to q_to, and readings q_to expected but did not get."""
    before = {r.indicator.id: r for r in snapshot(plan, q_from).rows}
    after = snapshot(plan, q_to).rows
    statuses, directions, new, missing, not_updated = [], [], [], [], []
    words = plan.partnership.words
    for row in after:
        old = before[row.indicator.id]
        ident, theme, measure = row.indicator.id, row.section_id, row.indicator.measure
        if old.status != row.status:
            statuses.append(
                Change(theme, ident, measure, old.status.value, row.status.value, row.reason)
            )
        if _direction(old) != _direction(row):
            directions.append(
                Change(
                    theme,
                    ident,
                    measure,
                    _direction(old),
                    _direction(row),
                    row.direction.reason if row.direction else "",
                )
            )
        if (
            row.reported_in is not None
            and q_from < row.reported_in <= q_to
            and row.latest is not None
            and row.latest.value is not None
        ):
            new.append(
                Change(
                    theme,
                    ident,
                    measure,
                    None,
                    shown(row.latest, row.indicator.unit, words=plan.partnership.words),
                    f"{row.latest.period}, reported in {row.reported_in}",
                )
            )
        later = row.later
        if (
            later is not None
            and later.kind == "not published"
            and (old.later is None or old.later.period != later.period)
        ):
            last = (
                f"; last {shown(row.latest, row.indicator.unit, words=words)} ({row.latest.period})"
                if row.latest is not None and row.latest.value is not None
                else ""
            )
            said = f" ({later.text})" if later.text else ""
            detail = f"no new figure for {later.period}{said}{last}"
            not_updated.append(Change(theme, ident, measure, None, None, detail))
    reported = {
        r.indicator
        for f in plan.readings
        if f.quarter == q_to
        for r in f.readings
        if not plan.partnership.awaits(r)
    }
    for ind, period in expected_readings(plan, q_to):
        if ind.id not in reported:
            theme = next(r.section_id for r in after if r.indicator.id == ind.id)
            missing.append(
                Change(theme, ind.id, ind.measure, None, None, f"no figure for {period}")
            )
    return Diff(q_from, q_to, statuses, directions, new, missing, not_updated)


def diff_text(d: Diff) -> str:
    """The diff for a person: one block per kind of change."""
    lines = [f"Changes from {d.quarter_from} to {d.quarter_to}"]
    blocks = [
        ("Statuses changed", d.statuses, True),
        ("Directions changed", d.directions, True),
        ("New readings", d.new_readings, False),
        ("Not updated (the last figure stands)", d.not_updated, False),
        ("Readings expected but missing", d.missing, False),
    ]
    for title, changes, arrow in blocks:
        if not changes and changes is d.not_updated:  # said only where it happened
            continue
        lines.append("")
        lines.append(f"{title}: {len(changes) or 'none'}")
        for c in changes:
            if arrow:
                lines.append(f"  {c.id}: {c.before or 'none'} → {c.after or 'none'}")
                if c.detail:
                    lines.append(f"      {c.detail}")
            elif c.after:
                lines.append(f"  {c.id}: {c.after} ({c.detail})")
            else:
                lines.append(f"  {c.id}: {c.detail}")
    return "\n".join(lines) + "\n"
