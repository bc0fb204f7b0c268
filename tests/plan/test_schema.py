"""The JSON Schemas in schema/ match the models, and every plan file points at its schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scp_report.cli import app
from scp_report.plan.schema import SCHEMAS, schema_text

from ..helpers import PLAN, ROOT


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_committed_schema_is_current(name: str) -> None:
    committed = (ROOT / "schema" / name).read_text(encoding="utf-8")
    assert committed == schema_text(SCHEMAS[name]), "run `make schema` and commit the result"


def test_schema_is_draft7() -> None:
    data = json.loads(schema_text(SCHEMAS["theme.schema.json"]))
    assert data["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert "$defs" not in json.dumps(data)
    assert "#/definitions/Indicator" in json.dumps(data)


def test_every_field_has_a_description() -> None:
    from pydantic import BaseModel

    missing = []
    for model in SCHEMAS.values():
        stack: list[type[BaseModel]] = [model]
        seen: set[type[BaseModel]] = set()
        while stack:
            m = stack.pop()
            if m in seen:
                continue
            seen.add(m)
            from scp_report.plan.messages import _unwrap

            for name, f in m.model_fields.items():
                stack.extend(_unwrap(f.annotation))
                if not f.description and not _unwrap(f.annotation):
                    missing.append(f"{m.__name__}.{name}")
    assert missing == []


def test_every_plan_file_names_its_schema() -> None:
    expected = {"partnership.yaml": "../schema/partnership.schema.json"}
    for path in sorted(PLAN.rglob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        rel = path.relative_to(PLAN)
        schema = expected.get(str(rel)) or (
            "../../schema/theme.schema.json"
            if rel.parts[0] == "themes"
            else "../../schema/readings.schema.json"
        )
        assert first == f"# yaml-language-server: $schema={schema}", rel
        assert (path.parent / schema).resolve().exists()


def test_schema_command_writes_files(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["schema", "--out", str(tmp_path / "s")])
    assert result.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "s").iterdir()) == sorted(SCHEMAS)
