"""Chinese phrasing of the circular: pure functions from numbers to the words planners use.

Rules (design/circular.md §1 phrase bank, §6 item 16): a difference of rates is in 个百分点,
never "%"; signs are words (快于/慢于, 提高/回落, 上升/下降X位); months and days carry no
leading zero; ranges use the dash "—" (1—10月); numbers are rounded half up, as officials
round them (2.25 → 2.3, where Python's round gives 2.2).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from planwatch.errors import ValidationError

DIGITS = "零一二三四五六七八九"


def official_round(x: float, digits: int = 1) -> float:
    """Half up on the decimal written form, not on the binary float.

    >>> official_round(2.25), official_round(-2.25), official_round(0.125, 2), official_round(2.0)
    (2.3, -2.3, 0.13, 2.0)
    """
    q = Decimal(1).scaleb(-digits)
    return float(Decimal(repr(x)).quantize(q, rounding=ROUND_HALF_UP))


def number(x: float, digits: int = 1) -> str:
    """A figure as printed: rounded half up, trailing zeros of the rounding kept.

    >>> number(52.94), number(3.0), number(1234.56, 2), number(-0.04)
    ('52.9', '3.0', '1234.56', '0.0')
    """
    value = official_round(x, digits)
    if value == 0:
        value = 0.0  # no "-0.0"
    return f"{value:.{digits}f}"


def count(n: float) -> str:
    """A count: an integer without decimals.

    >>> count(3.0), count(12)
    ('3', '12')
    """
    return str(round(n))


def percent(share: float | None, digits: int = 1) -> str:
    """A share (0.529) as a rate: '52.9%'; no value: '—'.

    >>> percent(0.5294), percent(None), percent(1)
    ('52.9%', '—', '100.0%')
    """
    return "—" if share is None else number(share * 100, digits) + "%"


def points(gap: float, digits: int = 1) -> str:
    """The size of a difference of rates, without its sign: '2.3个百分点'."""
    return number(abs(gap), digits) + "个百分点"


def against_pace(gap: float | None, digits: int = 1) -> str:
    """A gap to 序时进度 in 个百分点 (positive: ahead).

    >>> against_pace(2.34), against_pace(-11.6), against_pace(0.04), against_pace(None)
    ('快于序时进度2.3个百分点', '慢于序时进度11.6个百分点', '与序时进度持平', '无序时进度可比')
    """
    if gap is None:
        return "无序时进度可比"
    if official_round(gap, digits) == 0:
        return "与序时进度持平"
    return ("快于" if gap > 0 else "慢于") + "序时进度" + points(gap, digits)


def change_in_points(delta: float | None, since: str = "较上月", digits: int = 1) -> str:
    """A change of a rate between periods.

    >>> change_in_points(1.26), change_in_points(-0.5, "较上期"), change_in_points(0.0), change_in_points(None)
    ('较上月提高1.3个百分点', '较上期回落0.5个百分点', '较上月持平', '')
    """
    if delta is None:
        return ""
    if official_round(delta, digits) == 0:
        return since + "持平"
    return since + ("提高" if delta > 0 else "回落") + points(delta, digits)


def rank_move(before: int | None, now: int, since: str = "较上月") -> str:
    """A move in rank (1 is first): up is a smaller number.

    >>> rank_move(5, 3), rank_move(2, 4, "较上期"), rank_move(3, 3), rank_move(None, 1)
    ('较上月上升2位', '较上期下降2位', '位次与上月持平', '')
    """
    if before is None:
        return ""
    if before == now:
        return "位次与" + since.removeprefix("较") + "持平"
    return since + ("上升" if now < before else "下降") + f"{abs(before - now)}位"


def rank_change_cell(before: int | None, now: int) -> str:
    """The 位次变化 column: '↑2', '↓1', '—' (same), '' (no earlier rank)."""
    if before is None:
        return ""
    return "—" if before == now else (f"↑{before - now}" if now < before else f"↓{now - before}")


def cn_number(n: int) -> str:
    """1–99 in Chinese numerals, as headings and 一是/二是 use them.

    >>> [cn_number(n) for n in (1, 10, 11, 20, 23, 99)]
    ['一', '十', '十一', '二十', '二十三', '九十九']
    """
    if not 1 <= n <= 99:
        raise ValueError(f"cn_number: {n} is outside 1–99")
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else DIGITS[tens] + "十")
    return head + (DIGITS[ones] if ones else "")


def joined(names: Sequence[str]) -> str:
    """Names in a series: 'A、B和C' is avoided in circulars; they write 'A、B、C'."""
    return "、".join(names)


def tiers(ranked: Sequence[str], n: int = 3) -> str:
    """The leaders and the laggards of a ranking (best first).

    >>> tiers(["合肥市", "芜湖市", "蚌埠市", "淮南市", "马鞍山市", "淮北市", "铜陵市"])
    '居前3位的是合肥市、芜湖市、蚌埠市；居后3位的是铜陵市、淮北市、马鞍山市'
    >>> tiers(["合肥市", "芜湖市"])
    '居前2位的是合肥市、芜湖市'
    """
    if not ranked:
        return ""
    if len(ranked) <= n:
        return f"居前{len(ranked)}位的是{joined(ranked)}"
    k = min(n, len(ranked) - n)
    head = f"居前{n}位的是{joined(ranked[:n])}"
    return head + (f"；居后{k}位的是{joined(list(reversed(ranked))[:k])}" if k > 0 else "")


def requirements(items: Sequence[str]) -> list[str]:
    """'一是……。' '二是……。' — one paragraph each, the sentence end added where missing.

    >>> requirements(["压实责任", "倒排时间节点。"])
    ['一是压实责任。', '二是倒排时间节点。']
    """
    return [f"{cn_number(i)}是{text.rstrip('。；;')}。" for i, text in enumerate(items, 1)]


def date_cn(d: date) -> str:
    """成文日期: '2026年11月5日' (no leading zeros).

    >>> date_cn(date(2026, 1, 5))
    '2026年1月5日'
    """
    return f"{d.year}年{d.month}月{d.day}日"


def doc_number(prefix: str, year: int, n: int) -> str:
    """发文字号: year in full in 六角括号, no 第, no leading zero.

    >>> doc_number("皖发改规划", 2026, 7)
    '皖发改规划〔2026〕7号'
    """
    if n < 1:
        raise ValueError("发文字号 starts at 1")
    return f"{prefix}〔{year}〕{n}号"


DOC_NUMBER = re.compile(r"^.+〔\d{4}〕[1-9]\d*号$")


@dataclass(frozen=True)
class Period:
    """A reporting period: months `first`..`last` of `year` (cumulative 1—N月 by default)."""

    year: int
    first: int
    last: int
    kind: str  # cumulative / month / quarter / half / year

    @property
    def months(self) -> str:
        """'1—10月', '10月', '7—9月'."""
        return f"{self.last}月" if self.first == self.last else f"{self.first}—{self.last}月"

    @property
    def label(self) -> str:
        """'2026年1—10月', '2026年三季度', '2026年上半年', '2026年'."""
        if self.kind == "quarter":
            return f"{self.year}年{'一二三四'[self.last // 3 - 1]}季度"
        if self.kind == "half":
            return f"{self.year}年{'上' if self.last == 6 else '下'}半年"
        if self.kind == "year":
            return f"{self.year}年"
        return f"{self.year}年{self.months}"

    @property
    def start(self) -> date:
        return date(self.year, self.first, 1)

    @property
    def end(self) -> date:
        nxt = date(self.year + (self.last == 12), self.last % 12 + 1, 1)
        return date.fromordinal(nxt.toordinal() - 1)

    @property
    def elapsed(self) -> float:
        """序时进度 of the year at the period's end, 0–1 (months gone / 12)."""
        return self.last / 12

    @property
    def key(self) -> str:
        return {"cumulative": f"{self.year}-{self.last:02d}", "month": f"{self.year}-{self.last:02d}m",
                "quarter": f"{self.year}-Q{self.last // 3}", "half": f"{self.year}-H{self.last // 6}",
                "year": f"{self.year}"}[self.kind]

    def previous(self) -> Period | None:
        """The period compared against (较上期): the month, quarter or half before, same year for
        cumulative periods; None for January's cumulative period and for years."""
        step = {"cumulative": 1, "month": 1, "quarter": 3, "half": 6}.get(self.kind)
        if step is None:
            return Period(self.year - 1, 1, 12, "year")
        if self.kind == "cumulative":
            return Period(self.year, 1, self.last - 1, "cumulative") if self.last > 1 else None
        last = self.last - step
        if last < 1:
            return Period(self.year - 1, 13 - step, 12, self.kind)
        return Period(self.year, last - step + 1, last, self.kind)

    @property
    def since(self) -> str:
        """How the change since the previous period is said."""
        return {"cumulative": "较上月", "month": "较上月", "quarter": "较上季度", "half": "较上半年"}.get(self.kind, "较上年")


PERIOD = re.compile(r"^(?P<y>\d{4})(?:-(?:(?P<m>\d{1,2})(?P<single>m)?|Q(?P<q>[1-4])|H(?P<h>[12])))?$")


def parse_period(text: str) -> Period:
    """'2026-10' (1—10月), '2026-10m' (10月 alone), '2026-Q3', '2026-H1', '2026'.

    >>> parse_period("2026-10").label, parse_period("2026-10m").label, parse_period("2026-Q3").months
    ('2026年1—10月', '2026年10月', '7—9月')
    >>> parse_period("2026-H1").label, parse_period("2026").label
    ('2026年上半年', '2026年')
    """
    found = PERIOD.match(text.strip())
    if not found:
        raise ValidationError("--period", [f"{text!r}: not a period (2026-10, 2026-10m, 2026-Q3, 2026-H1, 2026)"])
    year = int(found["y"])
    if found["m"]:
        month = int(found["m"])
        if not 1 <= month <= 12:
            raise ValidationError("--period", [f"{text!r}: month {month} is not 1–12"])
        return Period(year, month, month, "month") if found["single"] else Period(year, 1, month, "cumulative")
    if found["q"]:
        q = int(found["q"])
        return Period(year, 3 * q - 2, 3 * q, "quarter")
    if found["h"]:
        h = int(found["h"])
        return Period(year, 6 * h - 5, 6 * h, "half")
    return Period(year, 1, 12, "year")


BREAK_AFTER = "的于年月和及与"


def ems(text: str) -> float:
    """Width in characters of the body size: ASCII (digits, Latin) is half a character.

    >>> ems("2026年1—10月")
    6.5
    """
    return sum(0.5 if ord(ch) < 128 else 1.0 for ch in text)


def break_title(title: str, width: float = 20) -> list[str]:
    """The 标题 in lines of at most `width` characters (22 pt in 156 mm: 20), arranged as a
    梯形 (each line no longer than the next, or each no shorter) rather than ragged, never
    leaving a single character on a line, never breaking inside a number and, where a
    break outside one exists, not inside 《…》.

    >>> break_title("关于2026年1—10月《安徽省制造强省建设实施方案》实施推进情况的通报")
    ['关于2026年1—10月《安徽省制造强省', '建设实施方案》实施推进情况的通报']
    >>> break_title("关于全市重点项目推进情况的通报")
    ['关于全市重点项目推进情况的通报']
    """
    n = len(title)
    if ems(title) <= width:
        return [title]
    best: tuple[float, list[str]] | None = None
    for lines in range(math.ceil(ems(title) / width), n // 2 + 1):
        for cuts in _cut_sets(title, 0, lines, width):
            parts = [title[a:b] for a, b in zip((0, *cuts), (*cuts, n), strict=True)]
            score = _badness(title, cuts, parts)
            if best is None or score < best[0]:
                best = (score, parts)
        if best is not None:
            return best[1]
    return [title]


def _cut_sets(title: str, start: int, lines: int, width: float) -> list[tuple[int, ...]]:
    """Ways to cut title[start:] into `lines` lines of 2+ characters within `width`."""
    n = len(title)
    if lines == 1:
        return [()] if n - start >= 2 and ems(title[start:]) <= width else []
    out = []
    for cut in range(start + 2, n - 1):
        if ems(title[start:cut]) > width:
            break
        out += [(cut, *rest) for rest in _cut_sets(title, cut, lines - 1, width)]
    return out


def _badness(title: str, cuts: tuple[int, ...], parts: list[str]) -> float:
    lengths = [ems(p) for p in parts]
    score = max(lengths) - min(lengths)
    if lengths not in (sorted(lengths), sorted(lengths, reverse=True)):
        score += 4  # neither a trapezoid nor its inverse
    for c in cuts:
        if title[:c].count("《") > title[:c].count("》"):
            score += 30  # inside a book title
        if title[c - 1].isdigit() and title[c].isdigit():
            score += 80  # inside a number
        if title[c - 1] == "》" or title[c - 1] in BREAK_AFTER:
            score -= 3
        if title[c] in "，、：；》）" or title[c - 1] in "《（":
            score += 80  # a line may not begin with closing punctuation or end with an opening one
    return score
