"""docs/methods.md names every status, method, rule, colour and rate the code knows."""

from __future__ import annotations

from pathlib import Path

import pytest

from planwatch.progress.assess import RULES
from planwatch.progress.methods import MODERATE, ON_TRACK
from planwatch.progress.status import METHODS, STATUS_LABELS
from planwatch.progress.tasks import COLOUR_LABELS
from planwatch.progress.timing import DATA_LAG_MONTHS

DOC = (Path(__file__).parents[2] / "docs" / "methods.md").read_text(encoding="utf-8")
NAMES = [
    *(f"`{code}` | {label}" for code, label in STATUS_LABELS.items()),
    *(f"`{m}`" for m in METHODS),
    *(f"`{rule}`" for rule in RULES),
    *(f"`{colour}` | {label}" for colour, label in COLOUR_LABELS.items()),
    "开工率", "竣工率", "达产率", "转化率", "投资完成率", "立项未开工", "开工未建设", "建设未竣工",
    f"≥ {ON_TRACK}", f"≥ {MODERATE}",
    "PLANWATCH_DATA_LAG_MONTHS", f"default {DATA_LAG_MONTHS}", "measure point", "`flow: annual`", "`2019年1-9月`",
    "`2019H1`",
]


@pytest.mark.parametrize("name", NAMES)
def test_documented(name: str) -> None:
    assert name in DOC
