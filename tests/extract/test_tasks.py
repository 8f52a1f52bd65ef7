"""The tasks finder: tests/corpus/tasks.yaml examples and negatives, spans, and the gold bar."""

from __future__ import annotations

from finder_suite import finder_suite
from planwatch.extract.tasks import find_tasks

(
    test_example,
    test_negative,
    test_every_span_slices_back_to_its_quote,
    test_gold_samples_meet_the_bar,
) = finder_suite(find_tasks, "tasks", kind="tasks", measure="task_units", bar=0.97)
