"""Score the held-out tasks and region focus passages (tests/corpus/heldout_tasks.yaml,
heldout_region_focus.yaml) the way tests/eval/score.py scores the samples: tasks (matched by
quote), task units, and region focus pairs, micro-averaged.

The held-out files are never tuned on: run this before the first rule change of a round and
after the last, and report both lines. Negatives count as predictions with no gold.

    .venv/bin/python tests/eval/heldout_tasks_regions.py [-v]
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import yaml

from planwatch.extract import context_of
from planwatch.extract.regions import find_region_focus
from planwatch.extract.tasks import find_tasks

HERE = Path(__file__).parent
CORPUS = HERE.parent / "corpus"
SETS = {"tasks": (find_tasks, ("tasks", "task_units")), "region_focus": (find_region_focus, ("region_focus",))}


def _scorer() -> Any:
    spec = importlib.util.spec_from_file_location("score", HERE / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def score_set(kind: str, *, verbose: bool = False) -> dict[str, tuple[float, float, float]]:
    """Precision, recall and F1 of each measure of one held-out set."""
    score = _scorer()
    finder, measures = SETS[kind]
    data = yaml.safe_load((CORPUS / f"heldout_{kind}.yaml").read_text(encoding="utf-8"))
    cases = [(c["text"], c["expect"]) for c in data["examples"]] + [(t, []) for t in data.get("negative") or []]
    totals = {m: [0, 0, 0] for m in measures}
    for text, gold in cases:
        pred = [item.model_dump(mode="json") for item in finder(context_of(text))]
        counts = score.KINDS[kind](gold, pred)
        for m in measures:
            for i in range(3):
                totals[m][i] += counts[m][i]
        if verbose and any(counts[m][0] != counts[m][1] or counts[m][0] != counts[m][2] for m in measures):
            print(f"-- {text[:40]!r}\n   gold {[_brief(g) for g in gold]}\n   pred {[_brief(p) for p in pred]}")
    return {m: score.prf(*t) for m, t in totals.items()}


def _brief(item: dict[str, Any]) -> str:
    if "sectors" in item:
        return f"{item['region']}:{'/'.join(item['sectors'])}"
    return f"{(item.get('quote') or '')[:14]}|{','.join(item['lead'])}|{','.join(item['support'])}"


def main() -> int:
    verbose = "-v" in sys.argv
    for kind in SETS:
        for measure, (p, r, f) in score_set(kind, verbose=verbose).items():
            print(f"HELDOUT {measure}: P={p:.3f} R={r:.3f} F1={f:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
