"""Writing outputs safely: to a temporary file in the same folder, then renamed."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from .errors import BuildError

# Set by the command line's SIGINT and SIGTERM handler, which also raises KeyboardInterrupt.
# Python drops an exception raised while a weakref callback or __del__ runs (WeasyPrint
# runs many while it renders), so that KeyboardInterrupt can be lost; this flag is not:
# once it is set, nothing more is written.
_interrupted = False


def mark_interrupted() -> None:
    global _interrupted
    _interrupted = True


def interrupted() -> bool:
    return _interrupted


def _stop_if_interrupted() -> None:
    if _interrupted:
        raise KeyboardInterrupt


def write_atomic(path: Path, data: bytes) -> None:
    """Write data to path so that readers see the old file or the new one, never half."""
    _stop_if_interrupted()
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
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
        _stop_if_interrupted()
        os.replace(tmp, path)
    except BaseException as e:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(e, OSError):
            raise BuildError(f"cannot write {path}: {e.strerror}") from None
        raise
