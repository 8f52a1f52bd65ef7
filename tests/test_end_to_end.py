"""The sample documents end to end: real files in, the same scorer as CI's accuracy gate.

Thresholds are the issue's bar; a regression on any kind fails here, not only in the
score printed at stop.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest

from planwatch.extract import extract_plan
from planwatch.readers import read_document

ROOT = Path(__file__).parent
EXAMPLES = ROOT.parent / "src" / "planwatch" / "examples"
GOLD = ROOT / "gold"
_spec = importlib.util.spec_from_file_location("score", ROOT / "eval" / "score.py")
assert _spec and _spec.loader
score: Any = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(score)

DOCS = sorted(p.stem for p in GOLD.glob("*.json"))


@pytest.fixture(scope="module")
def predictions() -> dict[str, dict[str, Any]]:
    return {
        stem: json.loads(extract_plan(read_document(EXAMPLES / f"{stem}.txt")).to_json())
        for stem in DOCS
    }


def _tally(predictions: dict[str, dict[str, Any]]) -> dict[str, tuple[float, float, float]]:
    tallies: dict[str, Any] = {m: score.Tally() for m in score.MEASURES}
    meta_right = meta_counted = 0
    for stem, pred in predictions.items():
        gold = json.loads((GOLD / f"{stem}.json").read_text(encoding="utf-8"))
        for kind, fn in score.KINDS.items():
            for measure, value in fn(gold.get(kind) or [], pred.get(kind) or []).items():
                if not measure.startswith("_"):
                    tallies[measure].add(*value)
        hits, impl = score.score_meta(gold["meta"], pred["meta"])
        tallies["implements"].add(*impl)
        for hit in hits.values():
            if hit is not None:
                meta_right += hit
                meta_counted += 1
    out = {m: t.prf() for m, t in tallies.items()}
    cells = tallies["indicator_cells"]
    out["cell_acc"] = (cells.tp / cells.ngold, 0.0, 0.0)
    out["meta_acc"] = (meta_right / meta_counted, 0.0, 0.0)
    return out


BAR = {"targets": 0.97, "targets_strict": 0.93, "observations": 0.9}


@pytest.mark.parametrize("measure", sorted(BAR))
def test_accuracy_bar(predictions: dict[str, dict[str, Any]], measure: str) -> None:
    f1 = _tally(predictions)[measure][2]
    assert f1 >= BAR[measure], f"{measure} F1 {f1:.3f} below {BAR[measure]}"


@pytest.mark.parametrize("stem", DOCS)
def test_every_span_slices_back_to_its_quote(predictions: dict[str, dict[str, Any]], stem: str) -> None:
    text = read_document(EXAMPLES / f"{stem}.txt").text
    plan = predictions[stem]
    for kind in ("targets", "observations", "indicators", "tasks", "milestones", "region_focus"):
        for item in plan[kind]:
            span = item.get("span")
            assert span is not None, (kind, item)
            assert text[span["start"] : span["end"]] == item["quote"], (kind, item)


def test_extraction_is_deterministic() -> None:
    doc = read_document(EXAMPLES / f"{DOCS[2]}.txt")
    assert extract_plan(doc).to_json() == extract_plan(doc).to_json()
