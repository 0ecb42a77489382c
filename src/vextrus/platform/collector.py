"""The cyclic garbage collector held off while a large batch is built and written.

A bulk post keeps hundreds of thousands of acyclic objects alive (rows, lines, journals, events) until it is
written; each time they tip the collector over its threshold it walks every object in the process, and on a
5,000-invoice or 10,000-entry batch those full collections were a third to 40 % of the CPU. Reference counting
still frees everything; the collector resumes when the last concurrent batch ends (counted, so threads and
nested batches — invoicing's bulk post calling finance's — share one pause). Small batches leave it alone."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_pauses = 0
_was_enabled = True


@contextmanager
def paused_for(size: int, minimum: int) -> Iterator[None]:
    """Pause the collector for a batch of `size` items when `size` reaches `minimum`."""
    global _pauses, _was_enabled
    if size < minimum:
        yield
        return
    with _lock:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _lock:
            _pauses -= 1
            if _pauses == 0 and _was_enabled:
                gc.enable()
