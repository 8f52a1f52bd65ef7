"""Speed of 对标 and 同质化 (issue #12): two 200-target plans aligned ≤ 1 s; the overlap matrix
of 16 cities × 50 industries ≤ 1 s. Pure functions, no database. Prints the figures.

    .venv/bin/python benchmarks/compare.py
"""

from __future__ import annotations

import random
import sys
import time

from planwatch.compare.alignment import align_plans
from planwatch.compare.overlap import Choice, overlap_matrix
from planwatch.model import Plan, RegionFocus, Target

SUBJECTS = ("战略性新兴产业", "新能源汽车", "高端装备制造", "新材料", "电子信息", "生物医药", "节能环保", "数字经济核心产业",
            "集成电路", "人工智能", "智能家电", "机器人", "光伏", "现代医药", "新一代信息技术", "软件")
HEADS = ("产值", "增加值", "营业收入", "投资", "企业数", "增加值占GDP比重", "产值占规上工业产值比重", "研发经费投入占营业收入比重")
SCOPES = ("", "规模以上", "规上", "全市")
INDUSTRIES = ("新材料", "铁基新材料", "铜基新材料", "化工新材料", "硅基新材料", "大数据", "云计算和大数据", "大数据存储",
              "集成电路", "新型显示", "人工智能", "软件", "机器人", "智能制造", "数控机床", "航空", "轨道交通", "卫星",
              "新能源汽车", "智能网联汽车", "汽车零部件", "动力电池", "光伏", "风电", "氢能", "储能", "核电", "生物医药",
              "现代医药", "医疗器械", "生物农业", "节能环保", "先进环保装备", "资源循环利用", "工业设计", "动漫", "数字创意",
              "精细化工", "智能家电", "食品", "纺织", "电子信息", "物联网", "5G", "半导体", "石墨烯", "碳纤维", "稀土",
              "镁合金", "北斗")


def plan(rng: random.Random, doc: str, n: int = 200) -> Plan:
    targets = []
    for i in range(n):
        head = rng.choice(HEADS)
        unit = "%" if "比重" in head else "家" if head == "企业数" else "亿元"
        targets.append(Target(quote=f"目标{i}", metric=f"{rng.choice(SCOPES)}{rng.choice(SUBJECTS)}{head}",
                              value=round(rng.uniform(1, 900), 1), unit=unit, year=rng.choice((2020, 2025)),
                              comparator=rng.choice(("=", ">=", "~")), sector=rng.choice(SUBJECTS)))
    focus = tuple(RegionFocus(quote="r", region=f"市{i}", sectors=tuple(rng.sample(INDUSTRIES, 3))) for i in range(16))
    return Plan(doc=doc, targets=tuple(targets), region_focus=focus)


def timed(fn: object, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    rng = random.Random(12)
    parent, child = plan(rng, "parent"), plan(rng, "child")
    result = align_plans(parent, child, child_region_names=["市3"], parent_higher=True)
    align_s = timed(lambda: align_plans(parent, child, child_region_names=["市3"], parent_higher=True))
    print(f"对标 200 × 200 targets: {align_s:.3f} s (best of 3); verdicts {dict(sorted(result.counts.items()))}")
    cities = {f"城市{i:02d}": [Choice(name, f"plan{i}", rng.choice((None, rng.uniform(10, 500))))
                              for name in rng.sample(INDUSTRIES, rng.randint(5, 20))] for i in range(16)}
    per_level = {}
    for level in ("written", "2", "1"):
        per_level[level] = timed(lambda lv=level: overlap_matrix(cities, level=lv))  # type: ignore[misc]
    distinct = len({c.written for cs in cities.values() for c in cs})
    m = overlap_matrix(cities, level="2")
    print(f"同质化 16 cities × {distinct} industries: " + ", ".join(f"level {k} {v:.3f} s" for k, v in per_level.items())
          + f"; level 2: {len(m.columns)} columns, {len(m.pairs)} pairs, mean Jaccard {m.mean_jaccard:.2f}")
    ok = align_s <= 1.0 and max(per_level.values()) <= 1.0
    print("within budget (≤ 1 s each)" if ok else "OVER BUDGET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
