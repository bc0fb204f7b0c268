"""Python's cycle collector paused while a large tree of objects is built.

Loading a plan (plan.loader) and working out its snapshot (status.snapshot) build many
values and models that all live on and hold no cycles; each collection would walk every
one of them again (a third of a large plan's validation, a fifth of its `scp status`).
Even after the pause, the first collections walk all that the pause built; a process
that ends with its command (the command line's, but `scp serve`) therefore freezes it
instead (`gc.freeze`): no collection walks it again, and it is freed as ever when it is
no longer used.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# Whether a pause ends by freezing what the process holds: set by the command line for a
# command that ends the process, never in a long-running one (`scp serve`, a test run),
# where a cycle among objects frozen would never be collected.
_freeze = False


def freeze_after_pauses(on: bool) -> None:
    """Whether each pause from now on ends by freezing all that the process holds."""
    global _freeze
    _freeze = on


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cycle collector off inside the block, and back as it was after, even when the
    block raises; what it built frozen first where `freeze_after_pauses` says so."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if _freeze:
            gc.freeze()
        if was_on:
            gc.enable()
