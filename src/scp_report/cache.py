"""Caches of derived data, beside the plan folder in `.scp-cache/`, so repeated runs are fast.

- `.scp-cache/plan/<key>.json`: a plan file that parsed and validated, as the plain data
  its YAML held (JSON, with numbers and dates tagged so they come back exactly), keyed by
  the sha256 of the file's bytes, the model's name, and this package's version and files.
  A hit is validated again by the model: it skips only the YAML parsing.
- `.scp-cache/pdf/<key>.pdf` and `<key>.json`: a rendered PDF and its page count, keyed by
  the sha256 of the exact HTML, the templates folder's files, the WeasyPrint version and
  this package's version.

Everything here is derived data: JSON and PDF bytes only, never pickled objects, never
executed. An entry that cannot be read, does not parse, names another key, or whose bytes
do not match their stored digest is ignored (and rebuilt). Writes go to a temporary file
renamed into place, and a failure to write (a read-only disk) is ignored: a cache never
fails a command. `SCP_CACHE=off` turns every cache off.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import stat
from decimal import Decimal
from pathlib import Path
from typing import Any

from . import __version__
from .files import digest, kind_of, read_capped, tree_digest, write_quietly

CACHE_DIR = ".scp-cache"
ENV = "SCP_CACHE"
PLAN_DIR = "plan"
PDF_DIR = "pdf"
FORMAT = "scp-cache-1"
# No entry of a valid plan comes near this; anything bigger is not read.
MAX_ENTRY_BYTES = 256 * 1024 * 1024


def enabled() -> bool:
    """False when SCP_CACHE is off (also 0, false, no)."""
    return os.environ.get(ENV, "").strip().lower() not in ("off", "0", "false", "no")


def cache_root(plan_dir: str | Path) -> Path:
    """The cache folder of a plan: `.scp-cache` beside the plan folder."""
    return Path(os.path.dirname(os.path.realpath(plan_dir)), CACHE_DIR)


def _folder(plan_dir: str | Path, kind: str, *, avoid: tuple[Path, ...] = ()) -> Path | None:
    """The cache folder for `kind`, or None when caching is off, the folder would lie
    inside the plan folder or one of `avoid` (such as --out), or is not a real folder."""
    if not enabled():
        return None
    try:
        root = cache_root(plan_dir)
        for place in (plan_dir, *avoid):
            if root.is_relative_to(os.path.realpath(place)):
                return None
    except (OSError, ValueError):
        return None
    if refused(plan_dir) is not None:
        return None
    return root / kind


def refused(plan_dir: str | Path) -> str | None:
    """Why the plan's cache folder is not used, when it is there but is not a real folder:
    a link (never followed: the cache would be written wherever it leads), a file, a
    named pipe. None when it is a folder, or not there yet."""
    root = cache_root(plan_dir)
    for folder in (root, root / PLAN_DIR, root / PDF_DIR):
        try:
            mode = os.lstat(folder).st_mode
        except FileNotFoundError:
            continue
        except OSError as e:
            return f"{folder} cannot be read ({e.strerror}); the cache is not used"
        if stat.S_ISLNK(mode):
            what = f"is a link to {os.readlink(folder)}"
        elif not stat.S_ISDIR(mode):
            what = f"is {kind_of(mode)}"
        else:
            continue
        return (
            f"{folder} {what}, not a folder; the cache is not used (links are never "
            f"followed). Remove it, or run `scp cache clear`, to have the cache again."
        )
    return None


_SOURCE: list[str] = []


def source_digest() -> str:
    """The package's own files, names and bytes: what a cached result was made by. A
    change to any of them, a new version or an edit in a working copy, invalidates
    every entry."""
    if not _SOURCE:
        _SOURCE.append(tree_digest(Path(__file__).parent, skip=frozenset({"__pycache__"})))
    return _SOURCE[0]


def usable(plan_dir: str | Path, *, avoid: tuple[Path, ...] = ()) -> bool:
    """Whether the plan's cache may be used: on, and not inside the plan folder or `avoid`."""
    return _folder(plan_dir, PLAN_DIR, avoid=avoid) is not None


def clear(plan_dir: str | Path) -> Path:
    """Remove a plan's cache folder (a link in its place is removed, not followed)."""
    root = cache_root(plan_dir)
    if root.is_symlink() or (root.exists() and not root.is_dir()):
        root.unlink()
    elif root.exists():
        shutil.rmtree(root)
    return root


# --- parsed plan files ---------------------------------------------------------------


def _default(value: Any) -> Any:
    # The plain data of a plan file holds, besides JSON's own types, Decimals and dates
    # (plan.yaml_reader). A validated file has no mapping with these keys: every model forbids keys
    # it does not declare, and none declares a key starting with "$".
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return {"$date": value.isoformat()}
    raise TypeError(f"cannot cache a {type(value).__name__}")


def _hook(obj: dict[str, Any]) -> Any:
    if len(obj) == 1:
        if "$decimal" in obj:
            return Decimal(obj["$decimal"])
        if "$date" in obj:
            return dt.date.fromisoformat(obj["$date"])
    return obj


class PlanCache:
    """Parsed and validated plan files, keyed by content; see the module's docstring."""

    def __init__(self, folder: Path):
        self.folder = folder

    @classmethod
    def for_plan(cls, plan_dir: str | Path) -> PlanCache | None:
        folder = _folder(plan_dir, PLAN_DIR)
        return cls(folder) if folder is not None else None

    def key(self, raw: bytes, model: type) -> str:
        return digest(FORMAT, model.__name__, __version__, source_digest(), raw)

    def get(self, key: str, model: type) -> Any | None:
        """The plain data cached under key, or None when there is no sound entry."""
        text = read_capped(self.folder / f"{key}.json", MAX_ENTRY_BYTES)
        if text is None:
            return None
        try:
            entry = json.loads(text, object_hook=_hook)
        except (ValueError, RecursionError, TypeError, ArithmeticError):
            return None
        if (
            not isinstance(entry, dict)
            or entry.get("key") != key
            or entry.get("model") != model.__name__
            or entry.get("version") != __version__
            or "data" not in entry
        ):
            return None
        return entry["data"]

    def put(self, key: str, model: type, data: Any) -> None:
        entry = {"key": key, "model": model.__name__, "version": __version__, "data": data}
        try:
            text = json.dumps(entry, default=_default, ensure_ascii=False, separators=(",", ":"))
        except (TypeError, ValueError, RecursionError):
            return
        write_quietly(self.folder / f"{key}.json", text.encode("utf-8"))


# --- rendered PDFs -------------------------------------------------------------------


class PdfCache:
    """Rendered PDFs keyed by their HTML; see the module's docstring."""

    def __init__(self, folder: Path):
        self.folder = folder

    @classmethod
    def for_build(cls, plan_dir: str | Path, out: Path) -> PdfCache | None:
        folder = _folder(plan_dir, PDF_DIR, avoid=(out,))
        return cls(folder) if folder is not None else None

    @staticmethod
    def key(html: bytes, templates: Path) -> str:
        from importlib.metadata import version

        try:
            weasyprint = version("weasyprint")
        except Exception:  # not installed as a distribution: still a stable key
            import weasyprint as wp

            weasyprint = str(getattr(wp, "__version__", "unknown"))
        # The templates folder's files: the PDF may fetch any of them.
        return digest(FORMAT, "pdf", __version__, weasyprint, tree_digest(templates), html)

    def get(self, key: str) -> tuple[bytes, int] | None:
        """The cached PDF and its page count, or None when there is no sound entry."""
        meta_bytes = read_capped(self.folder / f"{key}.json", MAX_ENTRY_BYTES)
        if meta_bytes is None:
            return None
        try:
            meta = json.loads(meta_bytes)
        except (ValueError, RecursionError):
            return None
        if not isinstance(meta, dict) or meta.get("key") != key:
            return None
        pages, size, sha = meta.get("pages"), meta.get("size"), meta.get("sha256")
        if not (
            isinstance(pages, int)
            and not isinstance(pages, bool)
            and pages > 0
            and isinstance(size, int)
            and isinstance(sha, str)
        ):
            return None
        data = read_capped(self.folder / f"{key}.pdf", MAX_ENTRY_BYTES)
        if data is None or len(data) != size or hashlib.sha256(data).hexdigest() != sha:
            return None
        return data, pages

    def put(self, key: str, data: bytes, pages: int) -> None:
        # The PDF first, then its description: an entry is whole once the JSON is there.
        if not write_quietly(self.folder / f"{key}.pdf", data):
            return
        meta = {
            "key": key,
            "pages": pages,
            "size": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
        }
        write_quietly(self.folder / f"{key}.json", json.dumps(meta).encode("utf-8"))
