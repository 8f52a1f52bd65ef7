#!/usr/bin/env python3
"""Score the targets finder on a held-out corpus (default tests/corpus/heldout_targets.yaml).

Usage: .venv/bin/python tests/eval/heldout.py [FILE ...] [-v]

Each example lists every target its text holds; `negative` texts hold none. A found target
matches an expected one on value and unit (loose); it is strict when every other field the
expectation gives (year, comparator, change, value_max, ...) agrees too. Prints P/R/F1 for
both, and the share of matched targets whose metric is a plausible indicator name (not
empty, not a bare scope word, verb or number). -v lists misses and extras.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

from planwatch.extract import context_of
from planwatch.extract.metrics import metric_ok
from planwatch.extract.targets import find_targets

DEFAULT = Path(__file__).parents[1] / "corpus" / "heldout_targets.yaml"


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float):
        return abs(float(a) - float(b)) < 1e-9
    return bool(a == b)


def score(path: Path, verbose: bool) -> dict[str, int]:
    corpus = yaml.safe_load(path.read_text(encoding="utf-8"))
    n = {"gold": 0, "pred": 0, "loose": 0, "strict": 0, "metric_ok": 0}
    cases = [(c["text"], c["expect"]) for c in corpus.get("examples", [])]
    cases += [(t, []) for t in corpus.get("negative", [])]
    for text, expect in cases:
        found = [t.model_dump() for t in find_targets(context_of(text))]
        n["gold"] += len(expect)
        n["pred"] += len(found)
        used: set[int] = set()
        for want in expect:
            hit = next((i for i, got in enumerate(found) if i not in used and _same(got["value"], want["value"])
                        and got["unit"] == want["unit"]), None)
            if hit is None:
                if verbose:
                    print(f"MISS  {want}  in {text[:40]}")
                continue
            used.add(hit)
            got = found[hit]
            n["loose"] += 1
            n["metric_ok"] += metric_ok(got["metric"])
            wrong = {k: got[k] for k, v in want.items() if not _same(got.get(k), v)}
            n["strict"] += not wrong
            if verbose and wrong:
                print(f"WRONG {want} got {wrong}  in {text[:40]}")
            if verbose and not metric_ok(got["metric"]):
                print(f"METRIC {got['metric']!r} for {got['value']}{got['unit']}  in {text[:40]}")
        for i, got in enumerate(found):
            if i not in used and verbose:
                print(f"EXTRA {got['value']}{got['unit']} y={got['year']} ({got['quote'][:30]})")
    return n


def _prf(tp: int, pred: int, gold: int) -> tuple[float, float, float]:
    p = tp / pred if pred else 1.0
    r = tp / gold if gold else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main(argv: list[str]) -> None:
    verbose = "-v" in argv
    paths = [Path(a) for a in argv if a != "-v"] or [DEFAULT]
    for path in paths:
        n = score(path, verbose)
        for kind in ("loose", "strict"):
            p, r, f = _prf(n[kind], n["pred"], n["gold"])
            print(f"{path.name} {kind:6} P={p:.3f} R={r:.3f} F1={f:.3f}  (gold {n['gold']}, pred {n['pred']})")
        print(f"{path.name} metric_ok {n['metric_ok']}/{n['loose']}")


if __name__ == "__main__":
    main(sys.argv[1:])
