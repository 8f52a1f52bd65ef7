"""Unit conversion between an actual's unit and its indicator's: money scales, counts do not.

万元 ↔ 亿元 convert; 个 and 家 are different things counted and stay strict.
"""

from __future__ import annotations

# unit → (dimension, factor to the dimension's base)
SCALES: dict[str, tuple[str, float]] = {
    "元": ("money", 1.0), "万元": ("money", 1e4), "亿元": ("money", 1e8), "万亿元": ("money", 1e12),
    "吨": ("mass", 1.0), "万吨": ("mass", 1e4), "亿吨": ("mass", 1e8),
    "吨标准煤": ("coal", 1.0), "万吨标准煤": ("coal", 1e4), "吨标煤": ("coal", 1.0), "万吨标煤": ("coal", 1e4),
    "%": ("percent", 1.0), "％": ("percent", 1.0), "百分比": ("percent", 1.0),
}


def convert(value: float, *, from_unit: str | None, to_unit: str | None) -> float | None:
    """`value` in `to_unit`, or None when the units cannot be converted.

    A blank unit on either side means "as the indicator says".

    >>> convert(15000, from_unit="万元", to_unit="亿元")
    1.5
    >>> convert(3, from_unit="个", to_unit="家") is None
    True
    """
    if not from_unit or not to_unit or from_unit == to_unit:
        return value
    a, b = SCALES.get(from_unit), SCALES.get(to_unit)
    if a is None or b is None or a[0] != b[0]:
        return None
    return value * a[1] / b[1]
