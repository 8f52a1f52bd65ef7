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


@pytest.mark.parametrize(("text", "issuer"), [
    # the heading's organ issued the document (no signature in the copy)
    ("芜湖市人民政府办公室关于印发芜湖市数字经济发展行动方案的通知\n各县市区人民政府：\n现将方案印发给你们。", "芜湖市人民政府办公室"),
    ("安 徽 省 经 济 和 信 息 化 厅关于开展专精特新企业培育工作的通知\n各市经信局：\n为推动…，现通知如下。", "安徽省经济和信息化厅"),
    # a forwarding notice: the organ named after 转发 did not issue it
    ("宣城市人民政府办公室转发市经信局关于加快工业互联网发展的实施意见的通知\n各县市区人民政府：\n现转发给你们。", None),
    # a policy named once the body has begun is a cited one
    ("各县区人民政府：\n为贯彻落实政策。\n根据省人民政府关于加快制造业发展的实施意见\n现提出如下意见。", None),
])
def test_issuer_from_the_heading(text: str, issuer: str | None) -> None:
    """With no signature, the heading's 发文机关标志 (the organ before 关于) is the issuer."""
    assert meta_of(text).issuer == issuer
