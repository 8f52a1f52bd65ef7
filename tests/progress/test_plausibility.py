"""Plausibility checks: figures that cannot be right, and the many that can."""

from __future__ import annotations

import pytest

from planwatch.progress.plausibility import check_value

# (metric, indicator unit, change, value, row unit) → the word every reason must contain
SUSPECT = [
    ("规上工业企业", "家", None, -5, "家", "negative"),
    ("工业投资", "亿元", None, -12.5, "亿元", "negative"),
    ("全员劳动生产率", "万元/人", None, -1, "万元/人", "negative"),
    ("单位工业增加值能耗", "吨标准煤/万元", None, -0.2, "吨标准煤/万元", "negative"),
    ("制造业增加值占GDP比重", "%", None, 123, "%", "0–100"),
    ("新兴产业占比", "%", None, -1, "%", "0–100"),
    ("宽带普及率", "%", None, 100.5, "%", "0–100"),
    ("规模以上工业企业研发机构覆盖率", "%", None, 140, "%", "0–100"),
    ("关键工序制造设备数控化率", "%", None, 101, "%", "0–100"),
    ("安徽名牌", "个", None, 1600, "", "unit: blank"),
    ("工业增加值", "亿元", None, 3000, None, "unit: blank"),
]
PLAUSIBLE = [
    ("工业增加值增速", "%", None, -2.5, "%"),
    ("新兴产业产值年均增速", "%", "increase", -3.5, "%"),
    ("规模以上工业增加值比上年增长", "%", None, 150, "%"),
    ("工业增加值同比", "%", None, -8, "%"),
    ("单位工业增加值能耗", "%", "decrease", -18, "%"),
    ("新认定高新技术企业", "家", "increase", -2, "家"),  # a change target: a net fall is a figure
    ("制造业增加值占GDP比重", "%", None, 0, "%"),
    ("制造业增加值占GDP比重", "%", None, 100, "%"),
    ("比重提高", "个百分点", None, -1.2, "个百分点"),
    ("“两化”融合发展水平总指数", None, None, 77, ""),  # no unit on either side
    ("工业增加值", "亿元", None, 0, "亿元"),
    ("利润总额", "亿元", None, 3000, "万元"),  # converted before the check: the row has a unit
]


@pytest.mark.parametrize(("metric", "unit", "change", "value", "row_unit", "word"), SUSPECT)
def test_suspect(metric: str, unit: str | None, change: str | None, value: float, row_unit: str | None,
                 word: str) -> None:
    found = check_value(metric=metric, unit=unit, comparator="=", change=change, value=value, row_unit=row_unit)
    assert len(found) == 1 and word in found[0], found


@pytest.mark.parametrize(("metric", "unit", "change", "value", "row_unit"), PLAUSIBLE)
def test_plausible(metric: str, unit: str | None, change: str | None, value: float, row_unit: str | None) -> None:
    assert check_value(metric=metric, unit=unit, comparator="=", change=change, value=value, row_unit=row_unit) == []


def test_every_reason_is_listed() -> None:
    found = check_value(metric="企业占比", unit="%", comparator="=", change=None, value=-4, row_unit="")
    assert [r.split(":")[0] for r in found] == ["value -4", "unit"]
