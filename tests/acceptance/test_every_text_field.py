"""Every text field of a plan comes out as text: the bundled plan with each free-text
field (a `Text` of the models, found from the models, not listed here) replaced by hostile
text, built, and each output checked: the HTML holds it escaped (no element or attribute
from it), the PDF's text shows it as written, the open data CSV neutralises it where a
spreadsheet would read a formula, and the JSON keeps it exactly."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import types
from html.parser import HTMLParser
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin

import pytest
from annotated_types import MaxLen
from pydantic import BaseModel
from ruamel.yaml import YAML

from scp_report.model.models import PartnershipFile, ReadingsFile, Theme
from scp_report.plan import yaml_reader
from scp_report.plan.messages import format_path

from ..helpers import PLAN
from ..helpers import run_cli as run

pytestmark = pytest.mark.slow

Path_ = tuple[str | int, ...]
MAX_TEXT = 20_000  # the length of a Text (model/values.py): what marks a free-text field


def hostile(n: int) -> str:
    """The n-th field's text: starts a formula, holds markup, a template, quotes, entities."""
    return f"=H{n}X+1 <b>b{n}</b><script>s{n}</script> {{{{ 7*7 }}}} & \"q\" 'a' @z"


MARK = re.compile(r"H(\d+)X")


# --- the free-text fields of a plan file, from its model -------------------------------


def _is_text(tp: Any, metadata: tuple[Any, ...] = ()) -> bool:
    if get_origin(tp) is Annotated:
        base, *meta = get_args(tp)
        return _is_text(base, tuple(meta))
    if tp is not str:
        return False
    flat = [m for group in metadata for m in (getattr(group, "metadata", None) or [group])]
    limit = any(getattr(m, "max_length", None) == MAX_TEXT for m in metadata) or any(
        isinstance(m, MaxLen) and m.max_length == MAX_TEXT for m in flat
    )
    return limit and not any(getattr(m, "pattern", None) for m in metadata)


def _options(tp: Any) -> list[Any]:
    if get_origin(tp) in (Union, types.UnionType):
        return [a for a in get_args(tp) if a is not type(None)]
    return [tp]


def text_paths(data: Any, tp: Any, path: Path_ = (), meta: tuple[Any, ...] = ()) -> list[Path_]:
    """The paths in a file's data of every value that its model reads as free text."""
    out: list[Path_] = []
    for option in _options(tp):
        if isinstance(data, str) and _is_text(option, meta):
            return [path]
        origin = get_origin(option)
        if origin is Annotated:
            base, *more = get_args(option)
            out += text_paths(data, base, path, tuple(more))
        elif isinstance(option, type) and issubclass(option, BaseModel):
            if isinstance(data, dict):
                for key, value in data.items():
                    field = option.model_fields.get(key)
                    if field is not None:
                        out += text_paths(
                            value, field.annotation, (*path, key), tuple(field.metadata)
                        )
                return out
        elif origin is list and isinstance(data, list):
            (item,) = get_args(option)
            for i, value in enumerate(data):
                out += text_paths(value, item, (*path, i))
            return out
        elif origin is dict and isinstance(data, dict):
            value_type = get_args(option)[1]
            for key, value in data.items():
                out += text_paths(value, value_type, (*path, key))
            return out
    return out


def _model(rel: str) -> type[BaseModel]:
    if rel == "partnership.yaml":
        return PartnershipFile
    return Theme if rel.startswith("themes/") else ReadingsFile


def _set(doc: Any, path: Path_, value: str) -> None:
    for part in path[:-1]:
        doc = doc[part]
    doc[path[-1]] = value


def _hostile_plan(plan: Path) -> dict[int, tuple[str, Path_]]:
    """Replace every free-text field of the plan with hostile text; put back those the
    plan's checks refuse so changed (a status must name a status, a word keep its blanks,
    an abbreviation appear in the text...). The fields replaced, by number."""
    yaml = YAML()
    yaml.width = 1_000_000
    fields: dict[int, tuple[str, Path_]] = {}
    originals: dict[tuple[str, Path_], str] = {}
    for path in sorted(plan.rglob("*.yaml")):
        rel = path.relative_to(plan).as_posix()
        data = yaml_reader.read(path.read_bytes()).data
        doc = yaml.load(path.read_text(encoding="utf-8"))
        for at in text_paths(data, _model(rel)):
            n = len(fields) + 1
            fields[n] = (rel, at)
            value: Any = data
            for part in at:
                value = value[part]
            originals[(rel, at)] = value
            _set(doc, at, hostile(n))
        buf = io.StringIO()
        yaml.dump(doc, buf)
        path.write_text(buf.getvalue(), encoding="utf-8")
    for _ in range(5):
        code, out, _ = run("validate", "--plan", str(plan), "--format", "json")
        if code == 0:
            return fields
        refused = {
            (Path(p["file"]).relative_to(plan).as_posix(), p["location"])
            for p in json.loads(out)["problems"]
            if p["severity"] == "error"
        }
        for n, (rel, at) in list(fields.items()):
            location = format_path(at)
            if any(
                r == rel and (loc.startswith(location) or (location.startswith(loc) and loc))
                for r, loc in refused
            ):
                path = plan / rel
                doc = yaml.load(path.read_text(encoding="utf-8"))
                _set(doc, at, originals[(rel, at)])
                buf = io.StringIO()
                yaml.dump(doc, buf)
                path.write_text(buf.getvalue(), encoding="utf-8")
                del fields[n]
    raise AssertionError(f"the hostile plan does not validate:\n{out}")


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: set[str] = set()
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.add(tag)
        self.texts += [v for _, v in attrs if v]

    def handle_data(self, data: str) -> None:
        self.texts.append(data)


def test_every_text_field_comes_out_as_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    plan = tmp_path / "plan"
    shutil.copytree(PLAN, plan)
    fields = _hostile_plan(plan)
    assert len(fields) >= 300, len(fields)  # the bundled plan's texts, nearly all of them
    code, _, err = run("build", "--plan", "plan", "--out", "out")
    assert code == 0, err
    out = tmp_path / "out"
    (page,) = out.glob("*.html")
    (pdf,) = out.glob("*.pdf")
    (table,) = out.glob("*.csv")
    (data,) = [p for p in out.glob("*.json") if p.name != "datapackage.json"]

    # HTML: no element from the text; every mark shows with its text, as written
    html = page.read_text(encoding="utf-8")
    parsed = _Page()
    parsed.feed(html)
    assert not parsed.elements & {"b", "script"}
    shown = {int(m[1]) for text in parsed.texts for m in MARK.finditer(text)}
    for text in parsed.texts:
        for m in MARK.finditer(text):
            n = int(m[1])
            whole = hostile(n)[1:]
            if text[m.start() :].startswith(whole[: len(text) - m.start()]):
                continue
            raise AssertionError((n, fields[n], text[m.start() : m.start() + 80]))
    assert "{{ 7*7 }}" in html
    assert len(shown) >= len(fields) * 0.9, sorted(set(fields) - shown)[:40]

    # PDF text: the markup as written
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        pdf_text = "\n".join(p.extract_text() or "" for p in doc.pages)
    in_pdf = {int(m[1]) for m in MARK.finditer(pdf_text)}
    assert len(in_pdf) >= len(shown) * 0.9
    assert "<script>s" in pdf_text and "<b>b" in pdf_text

    # CSV: each cell that holds a field's text starts with an apostrophe before it
    rows = list(csv.reader(io.StringIO(table.read_text(encoding="utf-8-sig"), newline="")))
    cells = [c for row in rows for c in row if MARK.search(c)]
    assert cells
    for cell in cells:
        assert not cell.startswith(("=", "+", "-", "@")), cell
        if cell.startswith("'"):
            assert cell[1:].startswith("=H"), cell

    assert sum(c.startswith("'") for c in cells) >= 50
    # JSON: the exact text
    exact = json.loads(data.read_text(encoding="utf-8"))
    strings: list[str] = []

    def collect(x: Any) -> None:
        if isinstance(x, str):
            strings.append(x)
        elif isinstance(x, dict):
            for v in x.values():
                collect(v)
        elif isinstance(x, list):
            for v in x:
                collect(v)

    collect(exact)
    whole = [s for s in strings if s.startswith("=H")]
    assert whole, "no field's text in the JSON"
    assert len(whole) >= 50
    for s in whole:
        mark = MARK.match(s, 1)
        assert mark is not None and s == hostile(int(mark[1])), s
