"""The region_focus finder: tests/corpus/region_focus.yaml examples and negatives, spans, and the gold bar."""

from __future__ import annotations

from finder_suite import finder_suite
from planwatch.extract.regions import find_region_focus

(
    test_example,
    test_negative,
    test_every_span_slices_back_to_its_quote,
    test_gold_samples_meet_the_bar,
) = finder_suite(find_region_focus, "region_focus", kind="region_focus", measure="region_focus", bar=0.9)
