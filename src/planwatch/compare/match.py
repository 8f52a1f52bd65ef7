"""Is this metric of the child plan that metric of the parent plan? matched / review / unmatched.

Names are parsed (`compare.metric_parse`) and compared part by part, strictest first; the
first rule that decides says why (`MetricMatch.rule`). A planner's stored decision
(same / proxy / different) comes before every rule and is reused for every later pair of
the same two names.

1. a stored decision decides;
2. a different measure (增加值 ≠ 投资), form (share ≠ amount) or denominator
   (地区生产总值 ≠ 营业收入) — or 全社会 against a sector — is **unmatched**;
3. an equal subject is **matched**, unless the scope words differ (规模以上 vs 全部,
   制造业 vs 工业): then **review**;
4. a subject inside the other (关键工序 ⊂ 关键工序制造设备, 新兴产业 ⊂ 战略性新兴产业) or a
   subject bigram Jaccard ≥ 0.6 is **review**, never automatic: containment is ambiguous
   (数字经济 ⊂ 数字经济核心产业 is another metric);
5. anything else is **unmatched**.

>>> match_metrics("工业增加值", "工业投资").rule
'计量对象不同：增加值 ≠ 投资'
>>> match_metrics("规模以上工业增加值", "规上工业增加值").decision
'matched'
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from planwatch.compare.metric_parse import Metric, parse_metric
from planwatch.compare.versions import bigrams

Decision = Literal["matched", "review", "unmatched"]
Stored = Literal["same", "proxy", "different"]
REVIEW_JACCARD = 0.6
_FORM_NAMES = {"amount": "总量", "share": "比重", "rate": "比率", "count": "个数", "index": "指数", "intensity": "强度"}
_SECTORS = frozenset({"工业", "制造业"})


@dataclass(frozen=True)
class MetricMatch:
    """The decision on one pair of names, the rule that made it, and a ranking score."""

    decision: Decision
    rule: str
    score: float = 0.0
    stored: Stored | None = None


@functools.lru_cache(maxsize=8192)
def _grams(text: str) -> frozenset[str]:
    return bigrams(text)


def jaccard(a: str, b: str) -> float:
    """Character-bigram Jaccard of two subjects (1.0 for two empty ones).

    >>> round(jaccard("新能源汽车", "新能源汽车整车"), 2)
    0.67
    """
    if not a and not b:
        return 1.0
    x, y = _grams(a), _grams(b)
    return len(x & y) / len(x | y) if x | y else 0.0


def _gate(p: Metric, c: Metric) -> str | None:
    """Why the two cannot be one metric, or None."""
    if p.measure != c.measure:
        return f"计量对象不同：{p.measure or '未识别'} ≠ {c.measure or '未识别'}"
    if p.form != c.form:
        return f"指标形式不同：{_FORM_NAMES[p.form]} ≠ {_FORM_NAMES[c.form]}"
    if p.denominator and c.denominator and p.denominator != c.denominator:
        return f"分母不同：{p.denominator} ≠ {c.denominator}"
    whole = {"全社会"}
    if (whole & set(p.scope) and _SECTORS & set(c.scope)) or (whole & set(c.scope) and _SECTORS & set(p.scope)):
        return f"统计范围不同：{'、'.join(p.scope) or '全部'} ≠ {'、'.join(c.scope) or '全部'}"
    return None


def _scope_words(m: Metric) -> str:
    return "、".join(m.scope) or "未限定"


def match_parsed(p: Metric, c: Metric, *, stored: Stored | None = None) -> MetricMatch:
    """The decision on two parsed names (module doc)."""
    if stored is not None:
        label = {"same": "同一指标", "proxy": "替代指标（proxy）", "different": "不同指标"}[stored]
        return MetricMatch("unmatched" if stored == "different" else "matched", f"审核确认：{label}",
                           1.0 if stored != "different" else 0.0, stored)
    if (why := _gate(p, c)) is not None:
        return MetricMatch("unmatched", why, 0.0)
    similarity = jaccard(p.subject, c.subject)
    if p.subject == c.subject:
        if p.scope != c.scope:
            return MetricMatch("review", f"统计口径不同：{_scope_words(p)} vs {_scope_words(c)}", 0.9)
        return MetricMatch("matched", "名称结构相同（计量对象、形式、分母、主体一致）", 1.0)
    if p.subject and c.subject and (p.subject in c.subject or c.subject in p.subject):
        short, long = sorted((p.subject, c.subject), key=len)
        return MetricMatch("review", f"主体包含：{short} ⊂ {long}", 0.5 + similarity / 2)
    if similarity >= REVIEW_JACCARD:
        return MetricMatch("review", f"主体相近（字符二元组 Jaccard {similarity:.2f}）", 0.5 + similarity / 2)
    return MetricMatch("unmatched", f"主体不同：{p.subject or '（无）'} ≠ {c.subject or '（无）'}", similarity / 2)


def match_metrics(parent: str, child: str, *, stored: Stored | None = None) -> MetricMatch:
    return match_parsed(parse_metric(parent), parse_metric(child), stored=stored)


@dataclass(frozen=True)
class NamePair:
    """A parent metric name, its best child name (None: no candidate) and the decision."""

    parent: str
    child: str | None
    match: MetricMatch


def pair_names(parents: Sequence[str], children: Sequence[str], *,
               decisions: Mapping[tuple[str, str], Stored] | None = None) -> list[NamePair]:
    """The best child name for each parent name: matched before review, then by score. A
    child name may answer several parent names (a plan states a target in its text and again
    in its table). A parent name without a candidate gets `child=None` (unmatched), with
    its nearest rejected name and the reason."""
    decisions = decisions or {}
    parsed_c = {c: parse_metric(c) for c in dict.fromkeys(children)}
    scored: list[tuple[int, float, int, int, str, str, MetricMatch]] = []
    for i, p in enumerate(dict.fromkeys(parents)):
        pm = parse_metric(p)
        for j, (c, cm) in enumerate(parsed_c.items()):
            m = match_parsed(pm, cm, stored=decisions.get((p, c)))
            if m.decision != "unmatched":
                scored.append((0 if m.decision == "matched" else 1, -m.score, i, j, p, c, m))
    near = _near_misses(parents, parsed_c, decisions)
    taken_p: dict[str, NamePair] = {}
    for _rank, _score, _i, _j, p, c, m in sorted(scored):
        if p not in taken_p:  # a child name may answer two parent names (a target and its table row)
            taken_p[p] = NamePair(p, c, m)
    out = []
    for p in dict.fromkeys(parents):
        out.append(taken_p.get(p) or NamePair(p, None, near.get(p) or MetricMatch("unmatched", "本级无对应指标")))
    return out


def _near_misses(parents: Sequence[str], parsed_c: Mapping[str, Metric],
                 decisions: Mapping[tuple[str, str], Stored]) -> dict[str, MetricMatch]:
    """For each parent name, the most similar child name that was rejected, and why (so a
    "missing" row says which near-miss was ruled out: 工业增加值 is not 工业投资)."""
    out = {}
    for p in dict.fromkeys(parents):
        pm = parse_metric(p)
        best = max(((jaccard(pm.text, c), c, cm) for c, cm in parsed_c.items()), default=None, key=lambda b: b[0])
        if best is not None and best[0] >= 0.1:
            m = match_parsed(pm, best[2], stored=decisions.get((p, best[1])))
            if m.decision == "unmatched":
                out[p] = MetricMatch("unmatched", f"本级无对应指标（最接近的“{best[1]}”：{m.rule}）")
    return out
