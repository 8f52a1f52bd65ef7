"""Figures that cannot be right, caught before they are stored.

`check_value` lists what is wrong with one actual figure of an indicator, as plain reasons.
`planwatch observe` refuses a row with any reason, or with ``--accept-suspect`` stores it and
keeps the reasons in ``observations.flag``. Three rules:

1. A stock — a count or an amount (个, 家, 项, 人, 亿元, 万元, 吨, 万元/人 …) — is never
   negative, unless the metric is a growth or a change (增长, 增速, 下降, 年均, 比上年, 同比 …)
   or the indicator's `change` is set (a 新增 or 下降 target).
2. A share or a rate (比重, 占比, 普及率, 覆盖率, any …率 in %, 百分比) lies within 0–100,
   with the same exemption for growths and changes (增长率 may be −3 or 150).
3. A row with no unit, for an indicator that has one, is suspect: 3 for an indicator in
   亿元 may well have been 3 万元. A unit in the value's header (``数值(亿元)``) counts.
"""

from __future__ import annotations

from planwatch.lexicon.units import BASE_UNITS, MAGNITUDES

GROWTH_WORDS: tuple[str, ...] = (
    "增长", "增速", "增幅", "增加值增速", "下降", "降低", "降幅", "减少", "年均", "提高", "提升",
    "比上年", "同比", "环比", "净增", "增量", "变化", "变动",
)
SHARE_WORDS: tuple[str, ...] = ("比重", "占比", "普及率", "覆盖率", "百分比")
PERCENT_UNITS: frozenset[str] = frozenset({"%", "％", "百分比"})
# Units that are not counts or amounts: ratios, changes of a share, multiples.
NOT_STOCK: frozenset[str] = frozenset({"%", "％", "‰", "个百分点", "百分点", "倍", "百分比"})


def is_stock_unit(unit: str | None) -> bool:
    """Whether the unit counts things or measures an amount (its numerator, for 万元/人).

    >>> is_stock_unit("亿元"), is_stock_unit("万吨标准煤"), is_stock_unit("万元/人"), is_stock_unit("%")
    (True, True, True, False)
    >>> is_stock_unit("个百分点"), is_stock_unit(None), is_stock_unit("指数")
    (False, False, False)
    """
    if not unit:
        return False
    head = unit.split("/")[0].strip()
    if head in NOT_STOCK:
        return False
    for magnitude in ("", *MAGNITUDES):
        base = head.removeprefix(magnitude) if magnitude else head
        if base in BASE_UNITS and base not in NOT_STOCK:
            return True
    return False


def is_growth(metric: str, change: str | None) -> bool:
    """Whether the figure is a change, which may be negative or exceed 100%.

    >>> is_growth("工业增加值", None), is_growth("工业增加值增速", None), is_growth("能耗", "decrease")
    (False, True, True)
    """
    return change is not None or any(word in metric for word in GROWTH_WORDS)


def is_share(metric: str, unit: str | None) -> bool:
    """Whether the figure is a share or rate that must lie within 0–100.

    >>> is_share("制造业增加值占GDP比重", "%"), is_share("数控化率", "%"), is_share("利税率", "个百分点")
    (True, True, False)
    """
    unit = (unit or "").strip()
    if unit in ("个百分点", "百分点"):
        return False
    if unit in PERCENT_UNITS and "率" in metric:
        return True
    return any(word in metric for word in SHARE_WORDS) and (not unit or unit in PERCENT_UNITS)


def check_value(
    *, metric: str, unit: str | None, comparator: str | None, change: str | None, value: float,
    row_unit: str | None,
) -> list[str]:
    """Why `value` (already in the indicator's `unit`) cannot be right for the indicator;
    empty when it is plausible. `row_unit` is the unit the file gave (its cell, or the
    value column's header); `comparator` is accepted for rules that bound by it (none yet).

    >>> check_value(metric="企业数", unit="家", comparator="=", change=None, value=-3, row_unit="家")
    ['value -3: a count or amount in 家 cannot be negative']
    >>> check_value(metric="制造业增加值占GDP比重", unit="%", comparator="=", change=None, value=123, row_unit="%")
    ['value 123: a share or rate in % must be within 0–100']
    >>> check_value(metric="工业增加值增速", unit="%", comparator="=", change=None, value=-2.5, row_unit="")
    ['unit: blank, but the indicator is in %; write the unit of the figure']
    """
    del comparator  # no rule bounds by it yet; part of the contract so callers pass it
    problems: list[str] = []
    growth = is_growth(metric, change)
    shown = f"{value:g}"
    if value < 0 and not growth and is_stock_unit(unit or row_unit):
        problems.append(f"value {shown}: a count or amount in {unit or row_unit} cannot be negative")
    if not growth and is_share(metric, unit or row_unit) and not 0 <= value <= 100:
        problems.append(f"value {shown}: a share or rate in {unit or row_unit or '%'} must be within 0–100")
    if unit and not (row_unit or "").strip():
        problems.append(f"unit: blank, but the indicator is in {unit}; write the unit of the figure")
    return problems
