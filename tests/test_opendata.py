"""The snapshot as data (scp_report.views.opendata): every documented key, also where
there is no figure or no direction."""

from __future__ import annotations

from pathlib import Path

from scp_report.plan.loader import load_plan
from scp_report.plan.periods import parse_period
from scp_report.status.snapshot import snapshot
from scp_report.views.opendata import row_json

from .helpers import ROW_KEYS, overlay


def _rows(tmp_path: Path, readings: str) -> dict[str, dict[str, object]]:
    root = overlay("minimal", tmp_path / "plan")
    (root / "readings" / "2017-18-q3.yaml").write_text(f"quarter: Q3-2017/18\n{readings}")
    snap = snapshot(load_plan(root).plan, parse_period("Q3 2017/18"))
    return {r.indicator.id: row_json(r) for r in snap.rows}


def test_no_reading_at_all(tmp_path: Path) -> None:
    row = _rows(tmp_path, "readings: []\n")["example-first-time"]
    assert set(row) == ROW_KEYS
    assert row == {
        "theme": "example",
        "id": "example-first-time",
        "measure": "50% of incidents are first time reports",
        "unit": "percent",
        "unit_label": None,
        "target": "at least 50%",
        "baseline": 44,
        "baseline_period": "2014/15",
        "baseline_text": "44%",
        "latest": None,
        "latest_period": None,
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
