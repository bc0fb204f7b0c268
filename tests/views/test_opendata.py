"""The snapshot as data (scp_report.views.opendata): every documented key, also where
there is no figure or no direction."""

from __future__ import annotations

from pathlib import Path

from scp_report.model.periods import parse_period
from scp_report.plan.loader import load_plan
from scp_report.status.snapshot import snapshot
from scp_report.views.opendata import row_json

from ..builders import overlay
from ..helpers import ROW_KEYS


def _rows(tmp_path: Path, readings: str) -> dict[str, dict[str, object]]:
    root = overlay("minimal", tmp_path / "plan")
    (root / "readings" / "2017-18-q3.yaml").write_text(f"quarter: Q3-2017/18\n{readings}")
    snap = snapshot(load_plan(root).plan, parse_period("Q3 2017/18"))
    return {r.indicator.id: row_json(r, v.title) for v in snap.sections for r in v.rows}


def test_no_reading_at_all(tmp_path: Path) -> None:
    row = _rows(tmp_path, "readings: []\n")["example-first-time"]
    assert set(row) == ROW_KEYS
    assert row == {
        "theme": "example",
        "theme_title": "Example Theme",
        "id": "example-first-time",
        "measure": "50% of incidents are first time reports",
        "unit": "percent",
        "unit_label": None,
        "polarity": "higher is better",
        "target": "at least 50%",
        "target_kind": "at_least",
        "target_value": 50,
        "target_low": None,
        "target_high": None,
        "target_rank": None,
        "target_comparator": None,
        "target_comparator_period": None,
        "target_due": None,
        "target_due_date": None,
        "baseline": 44,
        "baseline_period": "2014/15",
        "baseline_start": "2014-04-01",
        "baseline_end": "2015-03-31",
        "baseline_text": "44%",
        "latest": None,
        "latest_period": None,
        "latest_start": None,
        "latest_end": None,
        "latest_text": "Awaiting data",
        "rank": None,
        "latest_note": None,
        "awaited_period": None,
        "not_updated_period": None,
        "later_text": None,
        "direction": None,
        "direction_source": None,
        "direction_better": None,
        "direction_reason": None,
        "status": "Awaiting data",
        "status_label": "Awaiting data",
        "reason": "no reading as at Q3 2017/18; target at least 50% → Awaiting data",
        "overridden": False,
    }


def test_a_reading_without_figure_and_a_baseline_without_one(tmp_path: Path) -> None:
    rows = _rows(
        tmp_path,
        "readings:\n  - {indicator: example-count, period: Q3 2017/18, missing: Not reported}\n",
    )
    row = rows["example-count"]
    assert set(row) == ROW_KEYS
    assert (row["baseline"], row["baseline_period"], row["baseline_text"]) == (None, None, "n/a")
    assert (row["latest"], row["latest_period"], row["latest_text"], row["rank"]) == (
        None,
        "Q3 2017/18",
        "Not reported",
        None,
    )
    assert (row["direction"], row["direction_reason"]) == (None, None)
    assert (row["status"], row["reason"]) == ("Monitoring", "Not reported; no target → Monitoring")


def test_a_ranked_figure_with_its_direction(tmp_path: Path) -> None:
    rows = _rows(
        tmp_path,
        "readings:\n"
        "  - {indicator: headline-rate, period: 12 months to Dec 2017, value: 45.5, rank: 4}\n",
    )
    row = rows["headline-rate"]
    assert (row["latest"], row["latest_period"], row["latest_text"], row["rank"]) == (
        45.5,
        "12 months to Dec 2017",
        "45.5 (ranked 4th)",
        4,
    )
    # The baseline is a year, the figure twelve rolling months: not alike, so no direction.
    assert (row["direction"], row["direction_source"], row["direction_better"]) == (
        None,
        None,
        None,
    )
    assert row["status"] == "Close to target"


def test_statistics_fields_only_where_the_plan_asks(tmp_path: Path) -> None:
    """A plan asking for intervals or tests gets their fields, after the direction's; any
    other plan's data keep their shape."""
    from scp_report.views.opendata import STATISTICS_FIELDS, fields_of, snapshot_csv

    root = overlay("significance", tmp_path / "sig")
    snap = snapshot(load_plan(root).plan, parse_period("Q3 2017/18"))
    assert snap.statistics
    rows = {r.indicator.id: row_json(r, v.title, True) for v in snap.sections for r in v.rows}
    keys = list(rows["example-repeats"])
    names = [name for name, *_ in STATISTICS_FIELDS]
    assert keys[keys.index("direction_reason") + 1 : keys.index("status")] == names
    assert ["quarter", *keys] == [f[0] for f in fields_of(True)]
    repeats = rows["example-repeats"]
    assert (repeats["ci_low"], repeats["ci_high"], repeats["ci_method"]) == (41.9, 48.1, "Wilson")
    assert repeats["trend"] == "increasing" and repeats["trend_better"] is False
    assert repeats["trend_text"] == "increasing and getting worse"
    assert rows["example-homicides"]["direction_p"] == 0.625
    satisfaction = rows["example-satisfaction"]
    assert (satisfaction["ci_low"], satisfaction["direction_p"]) == (None, None)
    header = snapshot_csv(snap).decode("utf-8-sig").splitlines()[0].split(",")
    assert header == [f[0] for f in fields_of(True)]
    plain = snapshot(
        load_plan(overlay("minimal", tmp_path / "min")).plan, parse_period("Q3 2017/18")
    )
    assert not plain.statistics
    assert snapshot_csv(plain).decode("utf-8-sig").splitlines()[0].split(",") == [
        f[0] for f in fields_of(False)
    ]
