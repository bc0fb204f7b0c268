"""Writing outputs safely: to a temporary file in the same folder, then renamed."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from .entry import interrupted
from .errors import BuildError, ScpError


def _stop_if_interrupted() -> None:
    if interrupted():
        raise KeyboardInterrupt


def write_atomic(path: Path, data: bytes) -> None:
    """Write data to path so that readers see the old file or the new one, never half."""
    write_all_atomic([(path, data)])


def _stage(path: Path, data: bytes) -> str:
    """Write data to a temporary file beside path; return its name."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if path.exists() and not path.is_file():
            raise IsADirectoryError(21, "Is a directory" if path.is_dir() else "Not a file")
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:100]}.", suffix=".tmp", dir=folder)
    except OSError as e:
        raise BuildError(f"cannot write {path}: {e.strerror}") from None
    try:
        # mkstemp creates the file for its owner only; give it the usual permissions.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    except BaseException as e:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(e, OSError):
            raise BuildError(f"cannot write {path}: {e.strerror}") from None
        raise
    return tmp


def write_all_atomic(outputs: list[tuple[Path, bytes]]) -> None:
    """Write several files as one: all are staged before any replaces its old version,
    so a failure (a full disk, a folder in the way, an interrupt) leaves every old file."""
    _stop_if_interrupted()
    staged: list[tuple[str, Path]] = []
    try:
        for path, data in outputs:
            staged.append((_stage(path, data), path))
        _stop_if_interrupted()
        for tmp, path in staged:
            os.replace(tmp, path)
    except BaseException as e:
        for tmp, _ in staged:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        if isinstance(e, OSError):
            raise BuildError(f"cannot write: {e.strerror}") from None
        raise


def write_exclusive(path: Path, data: bytes) -> None:
    """Write a new file whole, refusing to replace one that exists (even one that appears
    while we write: the final step is a hard link, which fails if the name is taken)."""
    _stop_if_interrupted()
    tmp = _stage(path, data)
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise ScpError(f"{path} already exists; not overwritten") from None
    except OSError as e:
        raise BuildError(f"cannot write {path}: {e.strerror}") from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
