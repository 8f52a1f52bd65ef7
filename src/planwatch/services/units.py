"""Unit conversion between an actual's unit and its indicator's: money scales, counts do not.

万元 ↔ 亿元 convert; 个 and 家 are different things counted and stay strict.
"""

from __future__ import annotations

from planwatch.lexicon.unit_scales import SCALES, convert

__all__ = ["SCALES", "convert"]
