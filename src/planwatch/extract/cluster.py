"""The batch on a Dask cluster: the same `extract_one` per document, run by Dask workers.

Needs the optional extra: `pip install 'planwatch[cluster]'` on this machine and on every
worker (the workers import planwatch to run `extract_one`). Each document's bytes are read
here and sent with it, so the workers need not see the library's disk; a bounded number of
documents is in flight at a time, so a library larger than memory streams through.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from planwatch.errors import PlanwatchError
from planwatch.extract.batch import Outcome, extract_one

_IN_FLIGHT_PER_THREAD = 4


class ClusterError(PlanwatchError):
    """The cluster cannot be reached or used (no Dask installed, wrong address)."""


def _client(address: str) -> Any:
    try:
        from distributed import Client
    except ImportError:
        raise ClusterError(
            "--scheduler needs Dask: pip install 'planwatch[cluster]' (here and on the workers)"
        ) from None
    try:
        return Client(address, timeout="10s")
    except (OSError, TimeoutError, ValueError) as e:
        raise ClusterError(f"cannot reach the Dask scheduler at {address} ({e})") from None


def _payload(index: int, source: str) -> tuple[int, str, bytes | None] | Outcome:
    """The document's bytes to send, or its failure when this machine cannot read it."""
    try:
        return index, source, Path(source).read_bytes()
    except OSError:
        return extract_one(index, source)  # the reader names the problem (no such file, a folder…)


def on_cluster(sources: list[str], *, address: str) -> Iterator[Outcome]:
    """Outcomes of `sources` as the cluster finishes them. A document whose task kills its
    workers (Dask gives up after a few tries) fails alone."""
    from distributed import as_completed

    client = _client(address)
    try:
        window = max(1, sum(client.nthreads().values())) * _IN_FLIGHT_PER_THREAD
        queue = iter(enumerate(sources))
        running = as_completed()
        held: dict[str, tuple[int, str]] = {}
        for index, source in queue:
            yield from _submit(client, running, held, index, source)
            if running.count() >= window:
                break
        for future in running:
            yield _result(future, held.pop(future.key))
            for index, source in queue:
                yield from _submit(client, running, held, index, source)
                break
    finally:
        client.close()


def _submit(client: Any, running: Any, held: dict[str, tuple[int, str]], index: int, source: str
            ) -> Iterator[Outcome]:
    payload = _payload(index, source)
    if isinstance(payload, Outcome):
        yield payload
        return
    future = client.submit(extract_one, *payload, pure=False)
    held[future.key] = (index, source)
    running.add(future)


def _result(future: Any, item: tuple[int, str]) -> Outcome:
    try:
        outcome: Outcome = future.result()
    except Exception as e:  # KilledWorker, or a worker without planwatch installed
        return Outcome(item[0], item[1], "failed", error=f"{item[1]}: failed on the cluster ({type(e).__name__}: {e})")
    return outcome
