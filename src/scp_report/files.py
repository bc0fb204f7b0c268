"""Writing files safely: each to a temporary file in the same folder, then renamed.

The one writer of the package: outputs, plan files and cache entries all go through
here, so no reader ever sees half a file. Once an interrupt has been noted
(`note_interrupt`, called by the command line's signal handler), nothing more is
written: Python drops a KeyboardInterrupt raised while a weakref callback or
`__del__` runs (WeasyPrint runs many while it renders), but this flag stays set.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import tempfile
from pathlib import Path
from typing import NoReturn

from .errors import BuildError, PlanError, Problem, ScpError

_interrupted = False


def note_interrupt() -> None:
    """Remember that the command was interrupted: nothing more is written."""
    global _interrupted
    _interrupted = True


def interrupted() -> bool:
    return _interrupted


def _stop_if_interrupted() -> None:
    if _interrupted:
        raise KeyboardInterrupt


def _stage(path: Path, data: bytes) -> str:
    """Write data to a temporary file beside path; return its name. OSError on failure."""
    folder = path.parent
    if path.exists() and not path.is_file():
        # Looked at, never opened: opening a named pipe would wait for a writer.
        what = (
            "Is a directory"
            if path.is_dir()
            else f"it is {kind_of(path.stat().st_mode)}, not a file: move it away, or "
            "choose another name"
        )
        raise IsADirectoryError(21, what)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:100]}.", suffix=".tmp", dir=folder)
    except (FileNotFoundError, NotADirectoryError):  # a new folder, or a file in the way
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:100]}.", suffix=".tmp", dir=folder)
    try:
        # mkstemp creates the file for its owner only; give it the usual permissions.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return tmp


def kind_of(mode: int) -> str:
    """What a file that is not a regular file is, in words: 'a named pipe', 'a folder'..."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def check_target(path: Path, root: Path, place: str) -> None:
    """Refuse (PlanError naming the file), before anything is written, a file that would
    not land inside `root` (the plan folder, or the folder `scp init` makes): each part of
    `path` below `root` is looked at without opening it. A link must lead to something
    that exists, inside `root`; each folder on the way must be a folder (or not exist yet,
    and be made); the file itself must be a regular file or not exist. `place` names
    `root` in messages ("the plan folder")."""

    def refuse(at: Path, message: str) -> NoReturn:
        problem = Problem(str(at), None, None, "", f"{message}; then run the command again")
        raise PlanError([problem], verdict="nothing written")

    real_root = Path(os.path.realpath(root))
    here = root
    parts = path.relative_to(root).parts
    for i, part in enumerate(parts):
        here = here / part
        last = i == len(parts) - 1
        try:
            mode = os.lstat(here).st_mode
        except FileNotFoundError:
            return  # made inside the folder above, which is inside `root`
        except OSError as e:
            refuse(here, f"cannot be read ({e.strerror}): check its permissions")
        if stat.S_ISLNK(mode):
            shown = os.readlink(here)
            try:
                target = here.resolve(strict=True)
            except FileNotFoundError:
                refuse(here, f"is a link to {shown}, which does not exist: remove the link")
            except (OSError, RuntimeError):  # a loop (RuntimeError before Python 3.13)
                refuse(here, "is a link that loops: remove the link")
            if not target.is_relative_to(real_root):
                real = "file" if last else "folder"
                refuse(
                    here,
                    f"is a link to {target}, outside {place}, where nothing is written: "
                    f"put a real {real} in its place",
                )
            mode = os.stat(here).st_mode
        if last and not stat.S_ISREG(mode):
            refuse(here, f"is {kind_of(mode)}, where a file would be written: move it away")
        if not last and not stat.S_ISDIR(mode):
            what = "a file" if stat.S_ISREG(mode) else kind_of(mode)
            refuse(here, f"is {what}, where a folder should be: move it away")


def write_atomic(path: Path, data: bytes) -> None:
    """Write data to path so that readers see the old file or the new one, never half."""
    write_all_atomic([(path, data)])


def write_all_atomic(outputs: list[tuple[Path, bytes]]) -> None:
    """Write several files as one: all are staged before any replaces its old version,
    so a failure (a full disk, a folder in the way, an interrupt) leaves every old file."""
    _stop_if_interrupted()
    staged: list[tuple[str, Path]] = []
    path = outputs[0][0] if outputs else Path()
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
            raise BuildError(f"cannot write {path}: {e.strerror}") from None
        raise


def write_exclusive(path: Path, data: bytes) -> None:
    """Write a new file whole, refusing to replace one that exists (even one that appears
    while we write: the final step is a hard link, which fails if the name is taken)."""
    _stop_if_interrupted()
    try:
        tmp = _stage(path, data)
    except OSError as e:
        raise BuildError(f"cannot write {path}: {e.strerror}") from None
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise ScpError(f"{path} already exists; not overwritten") from None
    except OSError as e:
        raise BuildError(f"cannot write {path}: {e.strerror}") from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def write_quietly(path: Path, data: bytes) -> bool:
    """Write a file atomically where failing does not matter (a cache entry): False, and
    nothing left behind, on any failure or after an interrupt."""
    if _interrupted:
        return False
    try:
        tmp = _stage(path, data)
    except OSError:
        return False
    try:
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        return False
    return True


def read_capped(path: Path, limit: int) -> bytes | None:
    """A file's bytes; None when it is missing, not a regular file, or over `limit`."""
    try:
        if not path.is_file():  # checked first: opening a FIFO would wait
            return None
        with path.open("rb") as f:
            if os.fstat(f.fileno()).st_size > limit:
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


def tree_digest(folder: Path, *, skip: frozenset[str] = frozenset()) -> str:
    """sha256 of a folder's files, names and bytes, in a fixed order; folders named in
    `skip` are left out. An unreadable folder gives a digest that matches nothing."""
    parts: list[str | bytes] = []
    try:
        root = folder.resolve()
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if d not in skip)
            for name in sorted(filenames):
                path = Path(dirpath, name)
                # Looked at before it is opened: a named pipe would wait for a writer.
                mode = path.stat().st_mode
                data = path.read_bytes() if stat.S_ISREG(mode) else kind_of(mode).encode()
                parts += [path.relative_to(root).as_posix(), data]
    except (OSError, RuntimeError, ValueError):
        parts.append(os.urandom(16))
    return digest(*parts)
