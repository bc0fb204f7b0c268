"""Python's cycle collector paused while a large tree of objects is built.

Loading a plan (plan.loader) and working out its snapshot (status.snapshot) build many
values and models that all live on and hold no cycles; each collection would walk every
one of them again (a third of a large plan's validation, a fifth of its `scp status`).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cycle collector off inside the block, and back as it was after, even when the
    block raises."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
