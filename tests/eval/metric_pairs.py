"""Score metric matching (`planwatch.compare.match`) on tests/corpus/metric_pairs.yaml.

For each half (development: seen while writing the rules; heldout: never tuned on) it
prints the automatic matches' precision and recall, how many pairs went to review, and the
recall of "matched or review" (what a planner sees proposed). Run:

    .venv/bin/python tests/eval/metric_pairs.py
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from planwatch.compare.match import match_metrics

CORPUS = Path(__file__).parents[1] / "corpus" / "metric_pairs.yaml"


@dataclass(frozen=True)
class Score:
    pairs: int
    true: int
    auto_tp: int
    auto_fp: int
    review_true: int
    review_false: int

    @property
    def precision(self) -> float:
        auto = self.auto_tp + self.auto_fp
        return self.auto_tp / auto if auto else 1.0

    @property
    def recall(self) -> float:
        return self.auto_tp / self.true if self.true else 1.0

    @property
    def proposed_recall(self) -> float:
        return (self.auto_tp + self.review_true) / self.true if self.true else 1.0


def score(pairs: list[dict[str, Any]]) -> tuple[Score, list[str]]:
    counts = {"tp": 0, "fp": 0, "rt": 0, "rf": 0}
    errors = []
    for p in pairs:
        m = match_metrics(p["a"], p["b"])
        gold = p["gold"] == 1
        if m.decision == "matched":
            counts["tp" if gold else "fp"] += 1
            if not gold:
                errors.append(f"{p['id']} false match: {p['a']} / {p['b']} ({m.rule})")
        elif m.decision == "review":
            counts["rt" if gold else "rf"] += 1
        elif gold:
            errors.append(f"{p['id']} missed: {p['a']} / {p['b']} ({m.rule})")
    return Score(len(pairs), sum(p["gold"] for p in pairs), counts["tp"], counts["fp"], counts["rt"], counts["rf"]), errors


def load() -> dict[str, list[dict[str, Any]]]:
    data: dict[str, list[dict[str, Any]]] = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))
    return data


def main() -> int:
    for half, pairs in load().items():
        s, errors = score(pairs)
        print(f"{half}: {s.pairs} pairs ({s.true} true) — automatic: precision {s.precision:.2f}, "
              f"recall {s.recall:.2f} ({s.auto_tp} right, {s.auto_fp} wrong); to review: {s.review_true} true + "
              f"{s.review_false} false; matched-or-review recall {s.proposed_recall:.2f}")
        for line in errors:
            print("   ", line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
