"""Writing outputs safely: to a temporary file in the same folder, then renamed."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from .errors import BuildError


def write_atomic(path: Path, data: bytes) -> None:
    """Write data to path so that readers see the old file or the new one, never half."""
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
        os.replace(tmp, path)
    except BaseException as e:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(e, OSError):
            raise BuildError(f"cannot write {path}: {e.strerror}") from None
        raise
