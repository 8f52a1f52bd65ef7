"""The sample plans as Word, PDF, GB18030 web page and BOM/CRLF text score as well as the
plain text: each format's reader hands the finders the same plan."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest

from planwatch.extract import extract_plan
from planwatch.readers import read_document

ROOT = Path(__file__).parent
_spec = importlib.util.spec_from_file_location("score", ROOT / "eval" / "score.py")
assert _spec and _spec.loader
score: Any = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(score)

ASSETS = {
    "000.html": "000_ed164e653cac975c",
    "001_bom_crlf.txt": "001_e1ad1d33f2229fbe",
    "002.docx": "002_7230ec801b983216",
    "003_gb18030.txt": "003_6f0a94d0c08b789a",
    "004.pdf": "004_9bd38e287df014c8",
}
KINDS = ("targets", "observations", "indicators", "tasks", "milestones", "region_focus")


@pytest.mark.parametrize("asset", sorted(ASSETS))
def test_format_scores_like_plain_text(asset: str) -> None:
    gold = json.loads((ROOT / "gold" / f"{ASSETS[asset]}.json").read_text(encoding="utf-8"))
    pred = json.loads(extract_plan(read_document(ROOT / "assets" / asset)).to_json())
    for kind in KINDS:
        if not gold.get(kind):
            continue
        for measure, counts in score.KINDS[kind](gold[kind], pred.get(kind) or []).items():
            if measure.startswith("_") or measure == "indicators":
                continue
            f1 = score.prf(*counts)[2]
            assert f1 >= 0.9, f"{asset}: {measure} F1 {f1:.2f}"
