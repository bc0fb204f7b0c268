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
from decimal import Decimal

from ..model import figures as fmt
from ..model.cells import neutralise
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
    elif spec is True:  # no increase on, or any reduction below, the baseline
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


def row_json(
    row: Row, theme_title: str, statistics: bool = False, words: Words = DEFAULT_WORDS
) -> dict[str, object]:
    """The documented JSON shape of one indicator (see README, `scp status --json`), its
    figures as text in the plan's words; with `statistics`, the fields of
    statistics_fields after the direction's."""
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
        "latest_note": row.reading.note if row.reading is not None else None,
        "awaited_period": _later(row, "awaited"),
        "not_updated_period": _later(row, "not published"),
        "later_text": row.later.text if row.later else None,
        "direction": row.direction.name.value if row.direction else None,
        "direction_source": row.direction.source if row.direction else None,
        "direction_better": row.direction.better if row.direction else None,
        "direction_reason": row.direction.reason if row.direction else None,
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


def _later(row: Row, kind: str) -> str | None:
    return str(row.later.period) if row.later and row.later.kind == kind else None


def _rows(snap: Snapshot) -> list[dict[str, object]]:
    return [
        {"quarter": str(snap.quarter), **row_json(r, view.title, snap.statistics, snap.words)}
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
    "target_kind": list(KINDS),
    "direction": ["up", "steady", "down"],
    "direction_source": ["computed", "stated"],
    "status": [s.value for s in STATUS_ORDER],
    "trend": ["increasing", "decreasing", "no significant change", "too few", "not calculated"],
    "ci_method": ["exact Poisson", "Byar", "Wilson"],
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


def fields_of(statistics: bool) -> list[tuple[str, str, bool, str]]:
    """The columns of the open data, in order: with `statistics`, the statistics fields
    after the direction's."""
    return [*_FIRST_FIELDS, *(STATISTICS_FIELDS if statistics else []), *_LAST_FIELDS]


FIELDS = fields_of(False)  # a plan's open data, unless it asks for intervals or tests


def table_schema(statistics: bool = False) -> dict[str, object]:
    """The Table Schema of the open data: types, constraints and missing values."""
    fields: list[dict[str, object]] = []
    for name, kind, required, description in fields_of(statistics):
        field: dict[str, object] = {"name": name, "type": kind, "description": description}
        constraints: dict[str, object] = {}
        if required:
            constraints["required"] = True
        if name in _ENUMS:
            constraints["enum"] = _ENUMS[name]
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
    schema = table_schema(snap.statistics)
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
