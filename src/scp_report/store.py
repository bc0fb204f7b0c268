"""Where the caches live and how their entries are read and written.

Imports only light parts of the standard library: `scp validate` and `scp status` use
this before anything else, to answer from the cache without loading the plan.
"""

from __future__ import annotations

import contextlib
import hashlib
import os

CACHE_DIR = ".scp-cache"
ENV = "SCP_CACHE"
# No entry of a valid plan comes near this; anything bigger is not read.
MAX_ENTRY_BYTES = 256 * 1024 * 1024


def enabled() -> bool:
    """False when SCP_CACHE is off (also 0, false, no)."""
    return os.environ.get(ENV, "").strip().lower() not in ("off", "0", "false", "no")


def cache_root(plan_dir: str | os.PathLike[str]) -> str:
    """The cache folder of a plan: `.scp-cache` beside the plan folder."""
    return os.path.join(os.path.dirname(os.path.realpath(plan_dir)), CACHE_DIR)


def _inside(path: str, folder: str) -> bool:
    return os.path.commonpath([path, folder]) == folder


def folder(
    plan_dir: str | os.PathLike[str], kind: str, *, avoid: tuple[str | os.PathLike[str], ...] = ()
) -> str | None:
    """The cache folder for `kind`, or None when caching is off or the folder would lie
    inside the plan folder or one of `avoid` (such as --out)."""
    if not enabled():
        return None
    try:
        root = cache_root(plan_dir)
        for place in (plan_dir, *avoid):
            if _inside(root, os.path.realpath(place)):
                return None
    except (OSError, ValueError):
        return None
    return os.path.join(root, kind)


def write(path: str, data: bytes) -> bool:
    """Write a cache file atomically; False (and nothing left behind) on any failure."""
    tmp = None
    try:
        tmp = f"{path}.{os.getpid()}.{os.urandom(6).hex()}.tmp"
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
        try:
            fd = os.open(tmp, flags, 0o644)
        except FileNotFoundError:  # the first entry of its kind: make the folder
            os.makedirs(os.path.dirname(path), exist_ok=True)
            fd = os.open(tmp, flags, 0o644)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
        return True
    except OSError:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        return False


def read(path: str) -> bytes | None:
    """A cache file's bytes; None when it is missing, not a regular file, or too big."""
    try:
        if not os.path.isfile(path):  # checked first: opening a FIFO would wait
            return None
        with open(path, "rb") as f:
            if os.fstat(f.fileno()).st_size > MAX_ENTRY_BYTES:
                return None
            return f.read()
    except OSError:
        return None


def digest(*parts: str | bytes) -> str:
    """sha256 of the parts, each length-prefixed so that no two lists of parts collide."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


_SOURCE: list[str] = []


def source_digest() -> str:
    """sha256 of this package's files (names and bytes): what a cached result was made
    by. A change to any of them, a new version or an edit in a working copy, invalidates
    every entry."""
    if not _SOURCE:
        here = os.path.dirname(os.path.abspath(__file__))
        parts: list[str | bytes] = []
        for dirpath, dirnames, filenames in os.walk(here):
            dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
            for name in sorted(filenames):
                path = os.path.join(dirpath, name)
                with open(path, "rb") as f:
                    parts += [os.path.relpath(path, here), f.read()]
        _SOURCE.append(digest(*parts))
    return _SOURCE[0]
