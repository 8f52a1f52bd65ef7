"""What counts as "something found" in a plan, and the line said when nothing is.

Apart from `batch`, so that `planwatch extract FILE` can say it without importing the
folder machinery (concurrent.futures and multiprocessing: 15 ms of every call).
"""

from __future__ import annotations

FOUND = ("targets", "indicators", "observations", "tasks", "milestones", "region_focus")


def nothing_found(source: str) -> str:
    """The stderr line for a document that yielded no item: named, so a user can look at it."""
    return f"planwatch: {source}: nothing found (no targets, indicators, tasks or milestones)"
