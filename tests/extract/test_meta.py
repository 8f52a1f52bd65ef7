"""Meta finder, driven by tests/corpus/meta.yaml.

Meta reads only the text, the outline and the targets, indicator rows and tasks found before it,
so the tests run exactly those finders, not the whole pipeline.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from planwatch.extract import context_of
from planwatch.extract.indicators import find_indicators
from planwatch.extract.meta import find_meta
from planwatch.extract.targets import find_targets
from planwatch.extract.tasks import find_tasks
from planwatch.model import Meta

CORPUS = yaml.safe_load((Path(__file__).parents[1] / "corpus" / "meta.yaml").read_text(encoding="utf-8"))


def meta_of(text: str) -> Meta:
    ctx = context_of(text)
    return find_meta(ctx, targets=find_targets(ctx), indicators=find_indicators(ctx), tasks=find_tasks(ctx))


@pytest.mark.parametrize("case", CORPUS["examples"], ids=lambda c: c["name"][:40])
def test_example(case: dict[str, Any]) -> None:
    meta = meta_of(case["text"]).model_dump(mode="json")
    for field, want in case["expect"].items():
        assert meta[field] == want, (field, meta[field])


@pytest.mark.parametrize("case", CORPUS["negative"], ids=lambda c: c["name"][:40])
def test_negative(case: dict[str, Any]) -> None:
    """Fields these texts must leave empty: numbers and dates that belong to something else."""
    meta = meta_of(case["text"]).model_dump(mode="json")
    for field in case["empty"]:
        assert meta[field] in (None, []), (field, meta[field])


@pytest.mark.xfail(strict=True, reason="a joint signature of bodies that are no government organ: only the "
                   "line right above the date is taken (合肥市妇女联合会), not both")
def test_joint_signature_of_non_organs() -> None:
    meta = meta_of("到2025年，全市建成巾帼创新工作室50家。\n合肥市总工会\n合肥市妇女联合会\n2023年5月6日")
    assert meta.issuer == "合肥市总工会 合肥市妇女联合会"


@pytest.mark.parametrize("title", ["臺灣精密機械產業推動計畫", "數位經濟發展方案", "半導體產業規畫"])
def test_taiwan_plan_title_line(title: str) -> None:
    """Taiwan vocabulary (計畫, 規畫, 數位) reads as the genre's (计划, 规划, 数字)."""
    assert meta_of(f"{title}\n到2030年,精密機械產業產值達新臺幣2兆元。").title == title
