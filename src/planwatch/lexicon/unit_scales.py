"""Which units convert into which: money scales (万元 ↔ 亿元), so do counts written with a
magnitude (万辆 ↔ 辆); different things counted (个 and 家) stay apart. One table for
tracking (an actual's unit against its indicator's) and for comparison (a city's target
against a province's), so the two never disagree about what 万台套 is."""

from __future__ import annotations

# unit → (dimension, factor to the dimension's base)
SCALES: dict[str, tuple[str, float]] = {
    "元": ("money", 1.0), "万元": ("money", 1e4), "亿元": ("money", 1e8), "万亿元": ("money", 1e12),
    "美元": ("usd", 1.0), "万美元": ("usd", 1e4), "亿美元": ("usd", 1e8),
    "辆": ("vehicles", 1.0), "万辆": ("vehicles", 1e4), "台": ("machines", 1.0), "万台": ("machines", 1e4),
    "台套": ("sets", 1.0), "万台套": ("sets", 1e4),
    "吨": ("mass", 1.0), "万吨": ("mass", 1e4), "亿吨": ("mass", 1e8),
    "吨标准煤": ("coal", 1.0), "万吨标准煤": ("coal", 1e4), "吨标煤": ("coal", 1.0), "万吨标煤": ("coal", 1e4),
    "人": ("people", 1.0), "万人": ("people", 1e4),
    "%": ("percent", 1.0), "％": ("percent", 1.0), "百分比": ("percent", 1.0),
}


def convert(value: float, from_unit: str | None, to_unit: str | None) -> float | None:
    """`value` in `to_unit`, or None when the units cannot be converted. A blank unit on
    either side means "as the other side says".

    >>> convert(15000, "万元", "亿元"), convert(3, from_unit="个", to_unit="家"), convert(2, "万辆", "辆")
    (1.5, None, 20000.0)
    """
    if not from_unit or not to_unit or from_unit == to_unit:
        return value
    a, b = SCALES.get(from_unit), SCALES.get(to_unit)
    if a is None or b is None or a[0] != b[0]:
        return None
    return value * a[1] / b[1]
