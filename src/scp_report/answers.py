"""Answers: what `scp validate` and `scp status` printed, kept under all they depend on.

Analysts run these two commands on every save, and CI on every change; most runs find
nothing changed. An answer is the exact output (stdout and stderr, in order) and exit
code of one command line, stored in `.scp-cache/answers/<key>.json` beside the plan
folder. The key is the sha256 of everything the output can depend on:

- the command line and the working folder;
- every entry of the plan folder: names, kinds, link targets, and the bytes of every
  file (links that leave the folder are recorded, never followed);
- the environment (but for the shell's own bookkeeping, such as `OLDPWD` and `SHLVL`);
- which standard streams are terminals, their sizes and the output encoding;
- this package's version and files, Python's version and the installed packages.

So a hit prints exactly what a full run would. Only exit codes 0 and 1 are kept (a usage
error, an interrupt or a crash is not), and only when the plan folder did not change
while the command ran. An entry that cannot be read, does not parse, names another key
or whose digest does not match is ignored and rewritten. `SCP_CACHE=off` turns it off.

This module imports only light parts of the standard library: a hit costs reading and
hashing the plan files, not loading them.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
from typing import TextIO

from . import __version__, store

ANSWERS_DIR = "answers"
FORMAT = "scp-answer-1"
# A plan folder bigger than this is not hashed: its answers are not kept.
MAX_PLAN_BYTES = 256 * 1024 * 1024
# The shell's bookkeeping: nothing a command prints depends on these, and they differ
# between two terminals of one user.
VOLATILE_ENV = frozenset(
    {"_", "OLDPWD", "PWD", "SHLVL", "SSH_CLIENT", "SSH_CONNECTION", "SSH_TTY", "GPG_TTY",
     "TERM_SESSION_ID", "WINDOWID", "TMUX_PANE", "XDG_SESSION_ID", "HISTFILE", "PS1"}
)  # fmt: skip
STREAMS = frozenset({"out", "err"})


def _plan_entries(h: hashlib._Hash, plan_dir: str) -> bool:
    """Feed every entry of the plan folder to h; False when it is too big or unreadable."""
    real_root = os.path.realpath(plan_dir)
    total = 0

    def unreadable(error: OSError) -> None:  # a folder the loader cannot read either
        raise error

    for dirpath, dirnames, filenames in os.walk(plan_dir, onerror=unreadable):
        dirnames.sort()
        rel = os.path.relpath(dirpath, plan_dir)
        for name in sorted(dirnames + filenames):
            path = os.path.join(dirpath, name)
            st = os.lstat(path)
            h.update(
                f"\0{rel}/{name}\0{stat.S_IFMT(st.st_mode)}\0".encode("utf-8", "surrogateescape")
            )
            if stat.S_ISLNK(st.st_mode):
                target = os.path.realpath(path)
                inside = os.path.commonpath([target, real_root]) == real_root
                # What lies outside the plan folder is never read; a link into it is read
                # where it points (hashed there), so its kind is all that matters here.
                kind = (
                    "dir"
                    if inside and os.path.isdir(target)
                    else ("file" if inside and os.path.isfile(target) else "-")
                )
                h.update(
                    f"{os.readlink(path)}\0{inside}\0{kind}".encode("utf-8", "surrogateescape")
                )
            elif stat.S_ISREG(st.st_mode):
                total += st.st_size
                if total > MAX_PLAN_BYTES:
                    return False
                with open(path, "rb") as f:
                    data = f.read()
                h.update(len(data).to_bytes(8, "big"))
                h.update(data)
    return True


def _tool(h: hashlib._Hash) -> None:
    """This package's files, and the installed packages by name and version."""
    h.update(store.source_digest().encode())
    here = os.path.dirname(os.path.abspath(__file__))
    for entry in sys.path:
        if entry and os.path.isdir(entry) and entry != here:
            try:
                names = sorted(n for n in os.listdir(entry) if n.endswith(".dist-info"))
            except OSError:
                continue
            h.update(f"{entry}\0{','.join(names)}\0".encode("utf-8", "surrogateescape"))


def _terminal() -> str:
    parts = []
    for fd in (0, 1, 2):
        try:
            tty = os.isatty(fd)
            size = tuple(os.get_terminal_size(fd)) if tty else None
        except OSError:
            tty, size = False, None
        parts.append(f"{fd}:{tty}:{size}")
    parts.append(f"{getattr(sys.stdout, 'encoding', None)}:{getattr(sys.stdout, 'errors', None)}")
    return ",".join(parts)


_HEAD: dict[tuple[str, ...], bytes] = {}


def _head(argv: list[str]) -> bytes:
    """The key's part that does not depend on the plan, taken once per process: the
    command itself changes the environment (models.py turns pydantic's plugins off)."""
    if tuple(argv) not in _HEAD:
        h = hashlib.sha256()
        env = sorted((k, v) for k, v in os.environ.items() if k not in VOLATILE_ENV)
        head = [FORMAT, __version__, sys.version, sys.executable, os.getcwd(), argv, env]
        h.update(
            json.dumps([*head, _terminal()], ensure_ascii=False).encode("utf-8", "surrogateescape")
        )
        _tool(h)
        _HEAD[tuple(argv)] = h.digest()
    return _HEAD[tuple(argv)]


def key(argv: list[str], plan_dir: str) -> str | None:
    """The key of this command line's answer, or None when answers cannot be kept."""
    try:
        h = hashlib.sha256(_head(argv))
        if not os.path.isdir(plan_dir) or not _plan_entries(h, plan_dir):
            return None
    except (OSError, ValueError):
        return None
    return h.hexdigest()


def _digest(code: int, chunks: list[list[str]]) -> str:
    return store.digest(str(code), json.dumps(chunks, ensure_ascii=False))


def _path(plan_dir: str, answer_key: str) -> str | None:
    found = store.folder(plan_dir, ANSWERS_DIR)
    return os.path.join(found, f"{answer_key}.json") if found is not None else None


def get(plan_dir: str, answer_key: str) -> tuple[int, list[list[str]]] | None:
    """The stored exit code and output chunks, or None when there is no sound entry."""
    path = _path(plan_dir, answer_key)
    raw = store.read(path) if path else None
    if raw is None:
        return None
    try:
        entry = json.loads(raw)
        code, chunks = entry["code"], entry["chunks"]
        sound = (
            entry["format"] == FORMAT
            and entry["key"] == answer_key
            and code in (0, 1)
            and isinstance(chunks, list)
            and all(
                isinstance(c, list) and len(c) == 2 and c[0] in STREAMS and isinstance(c[1], str)
                for c in chunks
            )
            and entry["sha256"] == _digest(code, chunks)
        )
    except (ValueError, KeyError, TypeError, RecursionError):
        return None
    return (code, chunks) if sound else None


def put(plan_dir: str, answer_key: str, code: int, chunks: list[list[str]]) -> None:
    path = _path(plan_dir, answer_key)
    if path is None:
        return
    entry = {
        "format": FORMAT,
        "key": answer_key,
        "code": code,
        "chunks": chunks,
        "sha256": _digest(code, chunks),
    }
    try:
        data = json.dumps(entry, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:  # text that cannot be stored as it was printed
        return
    store.write(path, data)


def replay(chunks: list[list[str]]) -> None:
    """Print a stored answer as the command printed it."""
    for stream, text in chunks:
        (sys.stdout if stream == "out" else sys.stderr).write(text)
    sys.stdout.flush()
    sys.stderr.flush()


class _Tee:
    """A text stream that records what is written to it, and passes it on."""

    def __init__(self, stream: TextIO, name: str, chunks: list[list[str]]):
        self._stream = stream
        self._name = name
        self._chunks = chunks

    def write(self, text: str) -> int:
        n = self._stream.write(text)
        self._chunks.append([self._name, text])
        return n

    def writelines(self, lines: list[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> object:
        return getattr(self._stream, name)


class Recording:
    """Record stdout and stderr while a command runs (`with Recording() as chunks:`)."""

    def __init__(self) -> None:
        self.chunks: list[list[str]] = []

    def __enter__(self) -> list[list[str]]:
        self._saved = sys.stdout, sys.stderr
        sys.stdout = _Tee(sys.stdout, "out", self.chunks)
        sys.stderr = _Tee(sys.stderr, "err", self.chunks)
        return self.chunks

    def __exit__(self, *exc: object) -> None:
        sys.stdout, sys.stderr = self._saved
