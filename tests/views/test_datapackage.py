"""The open data as a Frictionless Data Package: datapackage.json beside the CSV and JSON,
with a Table Schema (types, constraints, missing values), validated as a portal would,
with the frictionless library."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import frictionless
import pytest

from scp_report.views.opendata import FIELDS

from ..builders import overlay
from ..helpers import PLAN, ROW_KEYS
from ..helpers import run_cli as run

STEM = "safer-cornwall-delivery-plan-and-performance-framework-2018-19-2017-18-q3"


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("data")
    code, stdout, err = run(
        "build", "--quarter", "Q3-2017/18", "--plan", str(PLAN), "--out", str(out),
        "--format", "data",
    )  # fmt: skip
    assert code == 0, err
    assert stdout.splitlines() == [
        f"{out}/{STEM}.csv",
        f"{out}/{STEM}.json",
        f"{out}/datapackage.json",
    ]
    return out


def _validate(folder: Path) -> frictionless.Report:
    return frictionless.validate(str(folder / "datapackage.json"))


def test_the_data_package_is_valid_and_describes_both_files(data: Path) -> None:
    report = _validate(data)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])
    assert [(t.name, t.stats["rows"], t.stats["fields"]) for t in report.tasks] == [
        ("performance-measures", 39, len(FIELDS)),
        ("performance-measures-json", 39, len(FIELDS)),
    ]


def test_the_package_says_what_whose_when_and_under_which_licence(data: Path) -> None:
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    assert package["title"] == (
        "Safer Cornwall: Delivery Plan and Performance Framework 2018/19: performance "
        "measures, Q3 2017/18"
    )
    assert package["partnership"] == "Safer Cornwall"
    assert package["quarter"] == "Q3 2017/18"
    assert package["publication_date"] == "2017-12-31"  # no publication_date: quarter end
    assert package["licenses"] == [
        {
            "name": "OGL-UK-3.0",
            "title": "Open Government Licence v3.0",
            "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
        }
    ]
    assert [r["path"] for r in package["resources"]] == [f"{STEM}.csv", f"{STEM}.json"]


def test_the_schema_has_every_column_with_types_and_constraints(data: Path) -> None:
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    schema = package["resources"][0]["schema"]
    names = [f["name"] for f in schema["fields"]]
    with (data / f"{STEM}.csv").open(encoding="utf-8-sig", newline="") as f:
        header = next(csv.reader(f))
    rows = json.loads((data / f"{STEM}.json").read_text(encoding="utf-8"))
    assert names == header == list(rows[0]) and set(names) == {"quarter"} | ROW_KEYS
    fields = {f["name"]: f for f in schema["fields"]}
    assert fields["latest"]["type"] == "number" and fields["latest_end"]["type"] == "date"
    assert fields["overridden"]["type"] == "boolean"
    assert fields["overridden"]["constraints"] == {"required": True}
    assert fields["status"]["constraints"]["enum"][0] == "Successful"
    assert fields["id"]["constraints"] == {"required": True, "unique": True}
    assert schema["missingValues"] == [""] and schema["primaryKey"] == ["id"]
    assert all(f["description"] for f in schema["fields"])


def test_data_that_break_the_schema_are_caught(data: Path, tmp_path: Path) -> None:
    for name in ("datapackage.json", f"{STEM}.json"):
        (tmp_path / name).write_bytes((data / name).read_bytes())
    text = (data / f"{STEM}.csv").read_text(encoding="utf-8-sig")
    broken = text.replace(",Close to target,", ",Almost,", 1).replace(",2017-09-30,", ",Sep,", 1)
    (tmp_path / f"{STEM}.csv").write_text(broken, encoding="utf-8")
    report = _validate(tmp_path)
    assert not report.valid
    errors = {e.type for e in report.tasks[0].errors}
    assert errors == {"constraint-error", "type-error"}


def test_without_a_licence_the_package_names_none(tmp_path: Path) -> None:
    root = overlay("minimal", tmp_path / "plan")
    partnership = root / "partnership.yaml"
    partnership.write_text(
        partnership.read_text().replace("  subject:", "  publication_date: 2018-01-31\n  subject:")
    )
    out = tmp_path / "out"
    assert run("build", "--plan", str(root), "--out", str(out), "--format", "data")[0] == 0
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert "licenses" not in package and package["publication_date"] == "2018-01-31"
    assert _validate(out).valid


def test_a_licence_needs_an_https_address(tmp_path: Path) -> None:
    root = overlay("minimal", tmp_path / "plan")
    partnership = root / "partnership.yaml"
    partnership.write_text(
        partnership.read_text()
        + "open_data:\n  licence: {name: OGL-UK-3.0, title: OGL, path: 'ftp://example.org/x'}\n"
    )
    code, out, _ = run("validate", "--plan", str(root))
    assert code == 1 and "open_data.licence.path" in out
