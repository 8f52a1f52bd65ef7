"""Extraction without the cyclic garbage collector's passes.

Extracting a long document keeps a great many small objects alive at once (matches,
quantities, mentions, models). Every full pass of the cyclic collector walks all of them,
and the passes come more often the more is allocated, so on a 14 MB text they cost a
growing share of the time per MB (the 100× line of benchmarks/extraction.py). Those
objects form no reference cycles that must be broken before the call returns: reference
counting frees them. So the collector is paused for the call and resumed after it, if it
was running, when the last of several concurrent calls ends; anything cyclic made
meanwhile is collected then.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_state = {"calls": 0, "resume": False}  # calls under way; whether the collector ran before the first


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the body with the cyclic collector off; it is on again after, if it was before.

    >>> before = gc.isenabled()
    >>> with collector_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled() == before
    True
    """
    with _lock:
        if _state["calls"] == 0:
            _state["resume"] = gc.isenabled()
            gc.disable()
        _state["calls"] += 1
    try:
        yield
    finally:
        with _lock:
            _state["calls"] -= 1
            if _state["calls"] == 0 and _state["resume"]:
                gc.enable()
