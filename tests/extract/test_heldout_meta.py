"""The held-out meta passages (tests/corpus/heldout_meta.yaml): real notices never tuned on.

The score is printed (run with -s) and held at the level reached, so a change that loses
fields on unseen text fails here even when the tuning corpus still passes."""

from __future__ import annotations

from pathlib import Path

import yaml

from planwatch.extract import context_of
from planwatch.extract.indicators import find_indicators
from planwatch.extract.meta import find_meta
from planwatch.extract.targets import find_targets
from planwatch.extract.tasks import find_tasks

HELDOUT = yaml.safe_load((Path(__file__).parents[1] / "corpus" / "heldout_meta.yaml").read_text(encoding="utf-8"))
FLOOR = 12  # fields right after issue #11 (11 before it)


def test_heldout_meta_score() -> None:
    right = total = 0
    wrong = []
    for case in HELDOUT["examples"]:
        ctx = context_of(case["text"])
        meta = find_meta(ctx, targets=find_targets(ctx), indicators=find_indicators(ctx),
                         tasks=find_tasks(ctx)).model_dump(mode="json")
        for field, want in case["expect"].items():
            total += 1
            if meta[field] == want:
                right += 1
            else:
                wrong.append((case["name"][:3], field, meta[field]))
    print(f"held-out meta: {right}/{total} fields right; wrong: {wrong}")
    assert right >= FLOOR, wrong
