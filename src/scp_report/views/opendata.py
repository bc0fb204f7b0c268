"""The snapshot as data: one object per indicator, as `scp status --json` prints it and
as the open data (CSV and JSON) that `scp build` writes beside the document.

The open data carries the fields of `scp status --json` (see README) after the quarter;
the CSV flattens them into columns in the same order. Deterministic: same plan and
quarter, same bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Collection, Iterable
from decimal import Decimal

from ..model import figures as fmt
from ..model.cells import neutralise
from ..model.figures import Measurement, projection_text
from ..model.models import Indicator
from ..model.periods import Period
from ..model.statuses import STATUS_ORDER
from ..model.targets import KINDS, Comparator, Range, RankTarget, Reduction, ReductionKind, Target
from ..model.values import json_number
from ..model.words import DEFAULT_WORDS, Words
from ..status.snapshot import Row, Snapshot


def num(d: Decimal | None) -> int | float | None:
    return None if d is None else json_number(d)


def period_start(p: Period | None) -> str | None:
    """The first day of a period's first month, ISO: '2017-10-01' for Q3 2017/18."""
    return None if p is None else dt.date(p.first // 12, p.first % 12 + 1, 1).isoformat()


def period_end(p: Period | None) -> str | None:
    """The last day of a period's last month, ISO: '2017-12-31' for Q3 2017/18."""
    if p is None:
        return None
    year, month = divmod(p.last + 1, 12)  # the month after, whose first day is one on
    return (dt.date(year, month + 1, 1) - dt.timedelta(days=1)).isoformat()


# The numeric fields of a target, each null unless the kind of target has it.
TARGET_KEYS = (
    "target_kind",
    "target_value",
    "target_low",
    "target_high",
    "target_rank",
    "target_comparator",
    "target_comparator_period",
    "target_due",
    "target_due_date",
)


def _month_end(month: int) -> str:
    """The last day of a month number (see plan.periods), ISO."""
    year, m = divmod(month + 1, 12)
    return (dt.date(year, m + 1, 1) - dt.timedelta(days=1)).isoformat()


def target_fields(ind: Indicator, t: Target | None) -> dict[str, object]:
    """A target as numbers: its kind (the key in the plan files), the value a figure is
    held to (the limit; the comparator's figure; the baseline, for no increase and any
    reduction; the value due, for a reduction), a range's ends, the rank needed, the
    comparator or ranked group and its period, and when a reduction is due, as written
    and as the last day of the month it is due."""
    out: dict[str, object] = dict.fromkeys(TARGET_KEYS)
    if t is None:
        return out
    out["target_kind"] = t.key
    spec = t.spec
    if isinstance(spec, Decimal):
        out["target_value"] = num(spec)
    elif isinstance(spec, Range):
        out["target_low"], out["target_high"] = num(spec.low), num(spec.high)
    elif isinstance(spec, Comparator):
        out["target_value"], out["target_comparator"] = num(spec.value), spec.name
        out["target_comparator_period"] = str(spec.period) if spec.period else None
    elif isinstance(spec, RankTarget):
        out["target_rank"], out["target_comparator"] = spec.within_top, spec.of
    elif isinstance(spec, Reduction):
        out["target_value"], out["target_due"] = num(spec.value), str(spec.by)
        out["target_due_date"] = _month_end(ReductionKind.due_month(spec))
    elif t.kind.on_baseline:  # no increase on, any reduction below, the baseline...
        out["target_value"] = num(ind.baseline.value)
    return out


def _float(x: Decimal | float | None) -> int | float | None:
    if x is None:
        return None
    return json_number(x) if isinstance(x, Decimal) else float(f"{x:.6g}")


def statistics_fields(row: Row) -> dict[str, object]:
    """The interval of the latest figure, the p-value of its tested change and the recent
    trend, where the plan asks for them (see README, Chance or change)."""
    iv, d, trend = row.interval, row.direction, row.trend
    return {
        "ci_low": _float(iv.low) if iv else None,
        "ci_high": _float(iv.high) if iv else None,
        "ci_method": iv.method if iv else None,
        "direction_p": _float(d.p) if d is not None and d.p is not None else None,
        "trend": trend.name if trend else None,
        "trend_better": trend.better if trend else None,
        "trend_p": _float(trend.p) if trend and trend.p is not None else None,
        "trend_text": trend.text if trend else None,
        "trend_reason": trend.reason if trend else None,
    }


def has_ranks_of(rows: Iterable[Row]) -> bool:
    """Whether any latest figure gives its group's size or ranks in named groups: the
    open data then carry RANK_FIELDS."""
    return any(r.latest is not None and (r.latest.rank_of or r.latest.ranks) for r in rows)


def has_projections(rows: Iterable[Row]) -> bool:
    """Whether any latest figure is carried to the year's end: the open data then carry
    PROJECTION_FIELDS."""
    return any(r.latest is not None and r.latest.projection is not None for r in rows)


def projection_fields(latest: Measurement | None, words: Words) -> dict[str, object]:
    """A count year to date's projected year end, and it in words with its change on last
    year."""
    p = latest.projection if latest is not None else None
    if p is None:
        return dict.fromkeys(f[0] for f in PROJECTION_FIELDS)
    return {"projected": num(p.value), "projected_text": projection_text(p, words)}


def has_groups(rows: Iterable[Row]) -> bool:
    """Whether any latest figure is compared with its comparator group: the open data
    then carry GROUP_FIELDS."""
    return any(r.latest is not None and r.latest.group is not None for r in rows)


def group_fields(latest: Measurement | None) -> dict[str, object]:
    """A figure against its comparator group: the group, its size, the figure's rank in
    it, the group's average and the figure's distance from it (per cent), its position
    against the control limits at the highest level, that level and those limits."""
    g = latest.group if latest is not None else None
    if g is None:
        return dict.fromkeys(f[0] for f in GROUP_FIELDS)
    level, low, high = g.limits[-1] if g.limits else (None, None, None)
    return {
        "group_name": g.name,
        "group_size": g.size,
        "group_rank": g.rank,
        "group_average": num(g.average),
        "group_distance": float(f"{g.distance:.6g}"),
        "group_position": g.position,
        "group_confidence": num(level),
        "group_low": _float(low),
        "group_high": _float(high),
    }


def change_fields(row: Row) -> dict[str, object]:
    """The latest figure's change on the figure its direction was compared with, that in
    per cent of it (none on 0), and that figure and its period."""
    c = row.change
    if c is None:
        return dict.fromkeys(f[0] for f in CHANGE_FIELDS)
    return {
        "change": num(c.amount),
        "change_percent": float(f"{c.percent:.6g}") if c.percent is not None else None,
        "change_on": num(c.against.value),
        "change_on_period": str(c.against.period) if c.against.period else None,
    }


def row_json(
    row: Row,
    theme_title: str,
    statistics: bool = False,
    words: Words = DEFAULT_WORDS,
    ranks: bool = False,
    groups: bool = False,
    projections: bool = False,
    changes: bool = False,
) -> dict[str, object]:
    """The documented JSON shape of one indicator (see README, `scp status --json`), its
    figures as text in the plan's words; with `statistics`, the fields of
    statistics_fields after the direction's; with `ranks`, RANK_FIELDS after the rank;
    with `groups`, GROUP_FIELDS before the direction's; with `projections`,
    PROJECTION_FIELDS before those; with `changes`, CHANGE_FIELDS after the direction's
    (before the statistics fields)."""
    u, awaiting = row.indicator.unit, words.awaiting_data
    polarity = row.indicator.effective_polarity
    latest = row.latest
    out: dict[str, object] = {
        "theme": row.section_id,
        "theme_title": theme_title,
        "id": row.indicator.id,
        "measure": fmt.plain(row.indicator.measure),
        "unit": u.value,
        "unit_label": row.indicator.unit_label,
        "polarity": polarity.value if polarity is not None else None,
        "target": row.target,
        **target_fields(row.indicator, row.target_spec),
        "baseline": num(row.baseline.value),
        "baseline_period": str(row.baseline.period) if row.baseline.period else None,
        "baseline_start": period_start(row.baseline.period),
        "baseline_end": period_end(row.baseline.period),
        "baseline_text": fmt.shown(row.baseline, u, awaiting, words),
        "latest": num(latest.value) if latest else None,
        "latest_period": str(latest.period) if latest and latest.period else None,
        "latest_start": period_start(latest.period) if latest else None,
        "latest_end": period_end(latest.period) if latest else None,
        "latest_text": fmt.shown(latest, u, awaiting, words) if latest else awaiting,
        "rank": latest.rank if latest else None,
        **(_rank_fields(latest, words) if ranks else {}),
        "latest_note": row.reading.note if row.reading is not None else None,
        "awaited_period": _later(row, "awaited"),
        "not_updated_period": _later(row, "not published"),
        "later_text": row.later.text if row.later else None,
        **(projection_fields(latest, words) if projections else {}),
        **(group_fields(latest) if groups else {}),
        "direction": row.direction.name.value if row.direction else None,
        "direction_source": row.direction.source if row.direction else None,
        "direction_better": row.direction.better if row.direction else None,
        "direction_reason": row.direction.reason if row.direction else None,
        **(change_fields(row) if changes else {}),
    }
    if statistics:
        out.update(statistics_fields(row))
    out.update(
        {
            "status": row.status.value,
            "status_label": row.status_label,
            "reason": row.reason,
            "overridden": row.overridden,
        }
    )
    return out


def _rank_fields(latest: Measurement | None, words: Words) -> dict[str, object]:
    if latest is None:
        return dict.fromkeys(f[0] for f in RANK_FIELDS)
    return {"rank_of": latest.rank_of, "rank_text": fmt.rank_text(latest, words)}


def _later(row: Row, kind: str) -> str | None:
    return str(row.later.period) if row.later and row.later.kind == kind else None


def _rows(snap: Snapshot) -> list[dict[str, object]]:
    rows = snap.rows
    ranks, groups, projections = has_ranks_of(rows), has_groups(rows), has_projections(rows)
    changes = snap.changes
    return [
        {
            "quarter": str(snap.quarter),
            **row_json(
                r, view.title, snap.statistics, snap.words, ranks, groups, projections, changes
            ),
        }
        for view in snap.sections
        for r in view.rows
    ]


def snapshot_json(snap: Snapshot) -> bytes:
    return (json.dumps(_rows(snap), indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    # Text a spreadsheet would read as a formula gets an apostrophe first (OWASP's
    # advice against CSV injection); the JSON keeps the exact text.
    return neutralise(value)


def snapshot_csv(snap: Snapshot) -> bytes:
    rows = _rows(snap)
    buf = io.StringIO(newline="")
    writer = csv.DictWriter(
        buf, fieldnames=list(rows[0]) if rows else ["quarter"], lineterminator="\r\n"
    )
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(v) for k, v in row.items()})
    # A byte-order mark lets spreadsheet programs read the UTF-8 (arrows, en dashes).
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


# --- the data package ------------------------------------------------------------------

DATA_PACKAGE = "datapackage.json"
_ENUMS = {
    "unit": ["percent", "count", "rate", "score"],
    "polarity": ["higher is better", "lower is better"],
    "direction": ["up", "steady", "down"],
    "direction_source": ["computed", "stated"],
    "status": [s.value for s in STATUS_ORDER],
    "trend": ["increasing", "decreasing", "no significant change", "too few", "not calculated"],
    "ci_method": ["exact Poisson", "Byar", "Wilson"],
    "group_position": ["above", "in line", "below"],
}
# Every column of the open data, in order: its name, its Table Schema type, whether
# every row has it, and what it is (see README for the JSON shape).
_FIRST_FIELDS: list[tuple[str, str, bool, str]] = [
    ("quarter", "string", True, "The report quarter, such as Q3 2017/18."),
    ("theme", "string", True, "The section's id (headline for the headline indicators)."),
    ("theme_title", "string", True, "The section's title."),
    ("id", "string", True, "The indicator's id."),
    ("measure", "string", True, "The measure as printed."),
    ("unit", "string", True, "What kind of number the figures are."),
    ("unit_label", "string", False, "How the plan writes the unit beside a figure."),
    ("polarity", "string", False, "Whether a higher or a lower figure is better."),
    ("target", "string", True, "The target in words."),
    ("target_kind", "string", False, "The kind of target, its key in the plan files."),
    ("target_value", "number", False, "The number a figure is held to."),
    ("target_low", "number", False, "The low end of a range target."),
    ("target_high", "number", False, "The high end of a range target."),
    ("target_rank", "integer", False, "The rank needed, for a rank target."),
    ("target_comparator", "string", False, "The comparator, or the group ranked within."),
    ("target_comparator_period", "string", False, "The period of the comparator's figure."),
    ("target_due", "string", False, "When a reduction target is due, as written."),
    ("target_due_date", "date", False, "The last day of the month a reduction is due."),
    ("baseline", "number", False, "The baseline figure."),
    ("baseline_period", "string", False, "The baseline's period, as printed."),
    ("baseline_start", "date", False, "The first day of the baseline's period."),
    ("baseline_end", "date", False, "The last day of the baseline's period."),
    ("baseline_text", "string", True, "The baseline as printed, or why there is none."),
    ("latest", "number", False, "The latest figure as at the quarter."),
    ("latest_period", "string", False, "The latest figure's period, as printed."),
    ("latest_start", "date", False, "The first day of the latest figure's period."),
    ("latest_end", "date", False, "The last day of the latest figure's period."),
    ("latest_text", "string", True, "The latest figure as printed, or why there is none."),
    ("rank", "integer", False, "The latest rank, for a rank target."),
    ("latest_note", "string", False, "The latest reading's note."),
    ("awaited_period", "string", False, "The period of a later figure still awaited."),
    ("not_updated_period", "string", False, "The period of a later figure not published."),
    ("later_text", "string", False, "That later reading's missing-data words."),
    ("direction", "string", False, "The direction of travel."),
    ("direction_source", "string", False, "Whether the direction is computed or as published."),
    ("direction_better", "boolean", False, "Whether the direction is an improvement."),
    ("direction_reason", "string", False, "How the direction was found."),
]
# Then, where the plan asks for intervals or tests, STATISTICS_FIELDS; then these.
_LAST_FIELDS: list[tuple[str, str, bool, str]] = [
    ("status", "string", True, "The status, in the engine's words."),
    ("status_label", "string", True, "The status in the plan's words."),
    ("reason", "string", True, "Why the status is what it is, with the figures."),
    ("overridden", "boolean", True, "Whether the status comes from a recorded override."),
]
# After the rank, where a latest figure gives its group's size or ranks in named groups.
RANK_FIELDS: list[tuple[str, str, bool, str]] = [
    ("rank_of", "integer", False, "The size of the group the rank is within."),
    ("rank_text", "string", False, "The ranks as printed: 13th of 15; 8th of 15 in family group."),
]
# Before the group fields, where a latest figure is carried to the year's end.
PROJECTION_FIELDS: list[tuple[str, str, bool, str]] = [
    ("projected", "number", False, "A count year to date's projected year end."),
    ("projected_text", "string", False, "The projection, how it was found, and its change."),
]
# Before the direction's, where a latest figure is compared with its comparator group.
GROUP_FIELDS: list[tuple[str, str, bool, str]] = [
    ("group_name", "string", False, "The comparator group the figure is compared with."),
    ("group_size", "integer", False, "How many areas are in the group, this one among them."),
    ("group_rank", "integer", False, "The figure's rank in the group, 1 the best."),
    ("group_average", "number", False, "The group's average."),
    ("group_distance", "number", False, "How far the figure is from the average, in per cent."),
    ("group_position", "string", False, "Above, in line with or below the control limits."),
    ("group_confidence", "number", False, "The control limits' confidence level, in per cent."),
    ("group_low", "number", False, "The lower control limit around the group's average."),
    ("group_high", "number", False, "The upper control limit around the group's average."),
]
# After the direction's, where the plan asks for the change columns (document.columns).
CHANGE_FIELDS: list[tuple[str, str, bool, str]] = [
    (
        "change",
        "number",
        False,
        "The latest figure less the figure the direction was compared with.",
    ),
    (
        "change_percent",
        "number",
        False,
        "That change in per cent of that figure (none where it is 0).",
    ),
    ("change_on", "number", False, "The figure the change is on."),
    ("change_on_period", "string", False, "Its period, as printed."),
]
# The fields of statistics_fields, where the plan asks for intervals or tests.
STATISTICS_FIELDS: list[tuple[str, str, bool, str]] = [
    ("ci_low", "number", False, "The lower limit of the latest figure's confidence interval."),
    ("ci_high", "number", False, "The upper limit of the latest figure's confidence interval."),
    ("ci_method", "string", False, "How the interval was found."),
    ("direction_p", "number", False, "The p-value of the change the direction tested."),
    ("trend", "string", False, "The recent trend."),
    ("trend_better", "boolean", False, "Whether the recent trend is an improvement."),
    ("trend_p", "number", False, "The p-value of the recent trend's test."),
    ("trend_text", "string", False, "The recent trend in the plan's words."),
    ("trend_reason", "string", False, "How the recent trend was found."),
]


def fields_of(
    statistics: bool,
    ranks: bool = False,
    groups: bool = False,
    projections: bool = False,
    changes: bool = False,
) -> list[tuple[str, str, bool, str]]:
    """The columns of the open data, in order: with `ranks`, the rank fields after the
    rank's; with `projections` and `groups`, their fields before the direction's; with
    `changes`, the change fields after the direction's; with `statistics`, the
    statistics fields after those."""
    first = list(_FIRST_FIELDS)
    if ranks:
        at = [f[0] for f in first].index("rank") + 1
        first[at:at] = RANK_FIELDS
    at = [f[0] for f in first].index("direction")
    first[at:at] = [*(PROJECTION_FIELDS if projections else []), *(GROUP_FIELDS if groups else [])]
    return [
        *first,
        *(CHANGE_FIELDS if changes else []),
        *(STATISTICS_FIELDS if statistics else []),
        *_LAST_FIELDS,
    ]


FIELDS = fields_of(False)  # a plan's open data, unless it asks for intervals or tests


def target_kinds(used: Collection[str] = ()) -> list[str]:
    """The kinds of target the data may hold: every kind every plan's data package lists,
    and a kind added since where the data hold it (`used`)."""
    return [key for key, kind in KINDS.items() if kind.listed or key in used]


def table_schema(
    statistics: bool = False,
    kinds: Collection[str] = (),
    ranks: bool = False,
    groups: bool = False,
    projections: bool = False,
    changes: bool = False,
) -> dict[str, object]:
    """The Table Schema of the open data: types, constraints and missing values; `kinds`,
    the kinds of target the data hold; `ranks`, `groups`, `projections` and `changes`,
    whether they hold those fields."""
    enums = {**_ENUMS, "target_kind": target_kinds(kinds)}
    fields: list[dict[str, object]] = []
    chosen = fields_of(statistics, ranks, groups, projections, changes)
    for name, kind, required, description in chosen:
        field: dict[str, object] = {"name": name, "type": kind, "description": description}
        constraints: dict[str, object] = {}
        if required:
            constraints["required"] = True
        if name in enums:
            constraints["enum"] = enums[name]
        if name == "id":
            constraints["unique"] = True
        if kind == "integer":
            constraints["minimum"] = 1
        if kind == "boolean":
            field["trueValues"], field["falseValues"] = ["true"], ["false"]
        if kind == "date":
            field["format"] = "default"  # ISO 8601: YYYY-MM-DD
        if constraints:
            field["constraints"] = constraints
        fields.append(field)
    return {"fields": fields, "missingValues": [""], "primaryKey": ["id"]}


def data_package(
    snap: Snapshot,
    *,
    stem: str,
    title: str,
    partnership: str,
    published: str,
    licence: dict[str, str] | None,
) -> bytes:
    """The Frictionless Data Package describing the CSV and JSON beside it (same stem):
    what they are, whose, for which quarter, published when and under which licence."""
    rows = snap.rows
    used = {r.target_spec.key for r in rows if r.target_spec is not None}
    schema = table_schema(
        snap.statistics,
        used,
        has_ranks_of(rows),
        has_groups(rows),
        has_projections(rows),
        snap.changes,
    )
    resources = [
        {
            "name": "performance-measures",
            "path": f"{stem}.csv",
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "header": True},
            "schema": schema,
        },
        {
            "name": "performance-measures-json",
            "path": f"{stem}.json",
            "profile": "tabular-data-resource",
            "format": "json",
            "mediatype": "application/json",
            "encoding": "utf-8",
            "schema": schema,
        },
    ]
    package: dict[str, object] = {
        "profile": "tabular-data-package",
        "name": stem,
        "title": f"{title}: performance measures, {snap.quarter}",
        "description": (
            f"Every performance measure of {title} as at {snap.quarter}: target, baseline, "
            "latest figure, direction of travel and status with its reason. The same data "
            "as CSV and as JSON."
        ),
        "partnership": partnership,
        "quarter": str(snap.quarter),
        "publication_date": published,
        "created": f"{published}T00:00:00Z",
    }
    if licence is not None:
        package["licenses"] = [licence]
    package["resources"] = resources
    return (json.dumps(package, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
