"""`scp init`: a new partnership's plan skeleton that validates and builds at once.

The skeleton lives in `skeleton/` beside this module: a partnership file, an example theme
with one indicator of each common kind of target, one quarter of fictional readings, the
JSON Schemas for editors, and a CI workflow that runs `scp validate --format github`.
"""

from __future__ import annotations

import datetime as dt
import importlib.resources
import json
import string
from pathlib import Path

from . import __version__
from .errors import ScpError, UsageError
from .files import write_exclusive
from .plan.periods import Period, quarter, quarter_id, quarter_parts, quarter_slug
from .plan.schema import SCHEMAS, schema_text

SKELETON = Path(str(importlib.resources.files("scp_report") / "skeleton"))


def current_quarter(today: dt.date) -> Period:
    fy = today.year if today.month >= 4 else today.year - 1
    return quarter(fy, (today.month - 4) % 12 // 3 + 1)


def _files(name: str, q: Period) -> dict[str, str]:
    fy, _ = quarter_parts(q)
    values = {
        "name": name,  # in running text (folded scalars), where quotes would show
        "name_q": json.dumps(name, ensure_ascii=False),
        "subject_q": json.dumps(
            f"The delivery plan and performance framework of {name}", ensure_ascii=False
        ),
        "year": f"{fy}/{(fy + 1) % 100:02d}",
        "baseline_year": f"{fy - 2}/{(fy - 1) % 100:02d}",
        "due_year": str(fy + 1),
        "target_year": str(fy + 5),
        "quarter": q.label,
        "quarter_id": quarter_id(q),
        "quarter_end": q.end_label,
        "version": __version__,
    }
    out = {}
    for src in sorted(p for p in SKELETON.rglob("*") if p.is_file()):
        rel = src.relative_to(SKELETON).as_posix().replace("QUARTER", quarter_slug(q))
        out[rel] = string.Template(src.read_text(encoding="utf-8")).substitute(values)
    for file, model in SCHEMAS.items():
        out[f"schema/{file}"] = schema_text(model)
    return out


def init(target: Path, name: str, q: Period | None = None) -> list[Path]:
    """Write the skeleton under `target`; refuse if any of its files exists already."""
    name = " ".join(name.split())
    if not name or any(not ch.isprintable() for ch in name):
        raise UsageError('give the partnership\'s name, such as --name "Safer Somewhere"')
    files = _files(name, q or current_quarter(dt.date.today()))
    paths = [target / rel for rel in files]
    existing = [p for p in paths if p.exists()]
    if existing:
        raise ScpError(f"{existing[0]} already exists; scp init writes only into a new folder")
    written = []
    for path, text in zip(paths, files.values(), strict=True):
        write_exclusive(path, text.encode("utf-8"))
        written.append(path)
    return written
