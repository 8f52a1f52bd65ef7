"""The render pool: worker processes that lay out a large circular's files side by side.

Started lazily on the first large circular and kept for the process (a server or a CLI
run renders the next circulars without the ~1 s of Python start and imports), shut down
at exit. Processes are *spawned*, never forked: the web app has threads, and a fork copies
their locks in whatever state they are. Each worker imports WeasyPrint, python-docx,
openpyxl and matplotlib once and lays out a small page (`pdf_parts.warm`).

When the pool cannot start (no /dev/shm, no semaphores, a sandbox forbidding processes)
or breaks (a worker killed), `executor()` gives None and the caller renders in its own
process: the same files, only slower.
"""

from __future__ import annotations

import atexit
import logging
import multiprocessing
import os
import threading
import time
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

LOG = logging.getLogger(__name__)

_LOCK = threading.Lock()
_POOL: list[ProcessPoolExecutor] = []  # the running pool, when started
_REFUSED: list[str] = []  # why it could not start (then this process renders alone)


def size() -> int:
    """Workers: one a core, at most two (a circular has two PDF parts, a DOCX and an XLSX)."""
    return min(2, os.cpu_count() or 1)


def executor() -> Executor | None:
    """The pool, started on first use; None when it cannot start (logged once)."""
    with _LOCK:
        if _POOL:
            return _POOL[0]
        if _REFUSED:
            return None
        try:
            pool = ProcessPoolExecutor(max_workers=size(), mp_context=multiprocessing.get_context("spawn"),
                                       initializer=_initialize)
        except (OSError, ImportError, NotImplementedError, ValueError) as e:
            _REFUSED.append(f"{type(e).__name__}: {e}")
            LOG.warning("render pool unavailable (%s): circulars render in this process; "
                        "the files are the same, only slower", _REFUSED[0])
            return None
        _POOL.append(pool)
        return pool


def discard(broken: Executor, reason: BaseException) -> None:
    """Drop a broken pool (a worker died): this call renders alone, the next starts a new one
    (if another thread has already replaced it, the new one stays)."""
    with _LOCK:
        if _POOL and _POOL[0] is broken:
            _POOL.clear()
    LOG.warning("render pool broken (%s): rendering in this process; the files are the same", reason)
    broken.shutdown(wait=False, cancel_futures=True)


def start() -> float:
    """Start the pool and wait until every worker has answered: the seconds it took (what a
    server pays once). 0 when there is no pool."""
    began = time.perf_counter()
    pool = executor()
    if pool is None:
        return 0.0
    answered: set[int] = set()
    try:
        while len(answered) < size():  # a worker still starting leaves its ping to the other
            pings: list[Future[int]] = [pool.submit(_ping) for _ in range(size())]
            answered |= {f.result() for f in pings}
    except BrokenProcessPool as e:
        discard(pool, e)
        return 0.0
    return time.perf_counter() - began


def shutdown() -> None:
    """Stop the workers (at exit, and in tests that want a fresh pool)."""
    with _LOCK:
        pool = _POOL.pop() if _POOL else None
        _REFUSED.clear()
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)


atexit.register(shutdown)


def _initialize() -> None:
    """A worker's first act: the imports and a first layout, once."""
    import docx  # noqa: F401
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot
    import openpyxl  # noqa: F401

    from planwatch.circular import docx as _docx  # noqa: F401
    from planwatch.circular import pdf_parts, xlsx  # noqa: F401

    try:
        pdf_parts.warm()
    except Exception as e:  # only a head start: a missing font is the part's FontError
        LOG.debug("render pool warm-up skipped: %s", e)


def _ping(*_: Any) -> int:
    time.sleep(0.01)  # long enough that one idle worker does not answer every ping at once
    return os.getpid()
