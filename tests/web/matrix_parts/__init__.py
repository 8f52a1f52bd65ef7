"""The matrix rows of each page group, one module per group: `ROWS` (its requests and who
gets what), `BODIES` (the request bodies its rows name) and `extend(store, folder, ids)`,
which adds the group's objects to the matrix world after the core is built and returns the
ids its paths use (`{project}`, `{scheme}` …). `matrix.py` joins them; the completeness
test then holds every group to the same rule as the core."""

from __future__ import annotations

from types import ModuleType

from . import assessment, audit, circular, compare, duban, entry, projects

PARTS: tuple[ModuleType, ...] = (entry, duban, projects, assessment, audit, circular, compare)
