"""Settings for the whole suite.

Hypothesis: no wall-clock deadline. On a busy 2-core machine running `pytest -n 2`, a
property example that takes 200 ms once is load, not a bug (`DeadlineExceeded` failed
`make test` twice in three runs); the properties themselves are what we test. Printing the
seed of a failure keeps it reproducible.
"""

from __future__ import annotations

from hypothesis import settings

settings.register_profile("planwatch", deadline=None, print_blob=True)
settings.load_profile("planwatch")
