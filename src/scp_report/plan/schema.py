"""`scp schema`: JSON Schemas of the plan files, generated from the models."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..files import write_atomic
from ..model.models import PartnershipFile, ReadingsFile, Theme

SCHEMAS: dict[str, type[BaseModel]] = {
    "partnership.schema.json": PartnershipFile,
    "theme.schema.json": Theme,
    "readings.schema.json": ReadingsFile,
}


def _draft7(node: Any) -> Any:
    """Pydantic writes draft 2020-12; editors widely accept draft 7: rename $defs."""
    if isinstance(node, dict):
        out = {}
        for k, v in node.items():
            key = "definitions" if k == "$defs" else k
            if k == "$ref" and isinstance(v, str):
                v = v.replace("#/$defs/", "#/definitions/")
            out[key] = _draft7(v)
        return out
    if isinstance(node, list):
        return [_draft7(v) for v in node]
    return node


def schema_text(model: type[BaseModel]) -> str:
    schema = _draft7(model.model_json_schema(mode="validation"))
    schema = {"$schema": "http://json-schema.org/draft-07/schema#", **schema}
    return json.dumps(schema, indent=2, sort_keys=False, ensure_ascii=False) + "\n"


def write_schemas(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, model in SCHEMAS.items():
        path = out / name
        write_atomic(path, schema_text(model).encode("utf-8"))
        written.append(path)
    return written
