"""A stand-in for `planwatch.extract.batch.extract_one` whose process dies on a marked file,
as a parser's segfault would kill it: for the folder tests, which patch it in before the
worker processes fork. A module of its own, so worker processes can import it by name."""

from __future__ import annotations

import os

from planwatch.extract.batch import Outcome, extract_one

MARK = "KILLS-ITS-WORKER"


def dies_on_marked(index: int, source: str, data: bytes | None = None) -> Outcome:
    if MARK in source:
        os._exit(70)
    return extract_one(index, source, data)
