"""Score the held-out tasks and region focus passages (tests/corpus/heldout_tasks.yaml,
heldout_region_focus.yaml, heldout_region_focus_b.yaml, heldout_observations.yaml) the way tests/eval/score.py scores the
samples: tasks (matched by quote), task units, region focus pairs and observations (value, unit
and year), micro-averaged. The tuning
half of region focus set B (tests/corpus/region_focus_genre.yaml) is scored beside it (TUNE line).

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
from planwatch.extract.observations import find_observations
from planwatch.extract.regions import find_region_focus
from planwatch.extract.tasks import find_tasks

HERE = Path(__file__).parent
CORPUS = HERE.parent / "corpus"
# name: (corpus file, finder, scorer kind, measures)
SETS: dict[str, tuple[str, Any, str, tuple[str, ...]]] = {
    "tasks": ("heldout_tasks", find_tasks, "tasks", ("tasks", "task_units")),
    "region_focus": ("heldout_region_focus", find_region_focus, "region_focus", ("region_focus",)),
    "region_focus_b": ("heldout_region_focus_b", find_region_focus, "region_focus", ("region_focus",)),
    "observations": ("heldout_observations", find_observations, "observations", ("observations",)),
    "observations_b": ("heldout_observations_b", find_observations, "observations", ("observations",)),
    "tasks_c": ("heldout_tasks_c", find_tasks, "tasks", ("tasks", "task_units")),
}
TUNING = {"region_focus_b": ("region_focus_genre", find_region_focus, "region_focus", ("region_focus",))}


def _scorer() -> Any:
    spec = importlib.util.spec_from_file_location("score", HERE / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def score_set(name: str, *, verbose: bool = False, tuning: bool = False) -> dict[str, tuple[float, float, float]]:
    """Precision, recall and F1 of each measure of one held-out set (or of its tuning half)."""
    score = _scorer()
    corpus, finder, kind, measures = (TUNING if tuning else SETS)[name]
    data = yaml.safe_load((CORPUS / f"{corpus}.yaml").read_text(encoding="utf-8"))
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
    if "lead" not in item:
        return f"{item.get('value')}{item.get('unit')}@{item.get('year')}"
    return f"{(item.get('quote') or '')[:14]}|{','.join(item['lead'])}|{','.join(item['support'])}"


def main() -> int:
    verbose = "-v" in sys.argv
    for name in SETS:
        for measure, (p, r, f) in score_set(name, verbose=verbose).items():
            kind = SETS[name][2]
            label = measure if name == kind else name if measure == kind else f"{name}/{measure}"
            print(f"HELDOUT {label}: P={p:.3f} R={r:.3f} F1={f:.3f}")
        if name in TUNING:
            for _measure, (p, r, f) in score_set(name, verbose=verbose, tuning=True).items():
                print(f"TUNE {name}: P={p:.3f} R={r:.3f} F1={f:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
