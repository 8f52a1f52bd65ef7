"""The demo's assessment: a stored scheme ranking five 安徽 cities on the anhui plan, with
two runs so the page shows a ranking, a bar chart and the change of rank.

The city figures and allocations are **illustrative** (source 演示数据（示意，非官方统计）):
the bundled real actuals are province-wide only, and a ranking needs sub-region figures.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from planwatch.services.actuals_file import ActualRow
from planwatch.services.allocations import set_allocations
from planwatch.services.assessment_schemes import run_scheme, save_scheme
from planwatch.services.auth import Principal
from planwatch.services.lookup import current_plan, find_indicator
from planwatch.services.observations import record_rows

SOURCE = "演示数据（示意，非官方统计）"
CITIES = ("合肥市", "芜湖市", "马鞍山市", "安庆市", "滁州市")
# 安徽工业精品 (项): each city's share of the 2020 target of 500, and its count in 2019 and 2020.
PRODUCTS = {"合肥市": (160, 120, 172), "芜湖市": (110, 95, 104), "马鞍山市": (80, 52, 85), "安庆市": (80, 70, 76),
            "滁州市": (70, 64, 71)}
# 数字化研发设计工具普及率 (%) in 2020H1 and 2020H2; 关键工序制造设备数控化率 (%) in 2020.
DESIGN = {"合肥市": (78.0, 81.5), "芜湖市": (76.2, 79.0), "马鞍山市": (71.5, 76.8), "安庆市": (69.0, 72.4),
          "滁州市": (72.8, 74.1)}
NC_RATE = {"合肥市": 58.5, "芜湖市": 60.2, "马鞍山市": 55.1, "安庆市": 51.7, "滁州市": 53.9}
SCHEME = """name: 安徽省制造业考核2020
title: 2020年度安徽省制造强省建设考核（演示）
plan: anhui
year: 2020
regions: [合肥市, 芜湖市, 马鞍山市, 安庆市, 滁州市]
total: 100
groups:
  - name: 目标完成
    points: 60
    items:
      - {indicator: 安徽工业精品, weight: 60, rule: baseline_points, k: 1, per: percent, cap: 66}
  - name: 创新发展
    points: 40
    items:
      - {indicator: 数字化研发设计工具普及率, weight: 20, rule: rank, step: 0.1, periods: [H1, H2]}
      - {indicator: 关键工序制造设备数控化率, weight: 20, rule: efficacy}
adjustment_cap: 3
adjustments:
  - {region: 合肥市, points: 2, reason: 获评国家制造业高质量发展试点（演示）}
  - {region: 滁州市, points: -1, reason: 统计数据迟报（演示）}
"""
RUNS = (date(2020, 9, 30), date(2020, 12, 31))


def _rows() -> list[ActualRow]:
    rows: list[ActualRow] = []
    for city in CITIES:
        _share, y2019, y2020 = PRODUCTS[city]
        h1, h2 = DESIGN[city]
        for indicator, period, value, unit in (
                ("安徽工业精品", "2019", y2019, "项"), ("安徽工业精品", "2020", y2020, "项"),
                ("数字化研发设计工具普及率", "2020H1", h1, "%"), ("数字化研发设计工具普及率", "2020H2", h2, "%"),
                ("关键工序制造设备数控化率", "2020", NC_RATE[city], "%")):
            rows.append(ActualRow(line=len(rows) + 2, plan="anhui", indicator=indicator, region=city, period=period,
                                  value=f"{value:g}", unit=unit, source=SOURCE))
    return rows


def seed_demo_assessment(session: Session, *, actor: str = "admin") -> int:
    """Allocate, record the figures, store the scheme and run it twice; the runs stored."""
    who = Principal(user_id=0, login=actor, name=actor, role="admin", region_id=None, department_id=None)
    plan = current_plan(session, "anhui")
    products = find_indicator(session, plan=plan, text="安徽工业精品", year=2020)
    set_allocations(session, plan=plan, indicator_id=products.id, mode="values",
                    parts={city: float(PRODUCTS[city][0]) for city in CITIES})
    record_rows(session, rows=_rows(), source=SOURCE)
    save_scheme(session, who=who, yaml_text=SCHEME)
    for day in RUNS:
        run_scheme(session, who=who, name="安徽省制造业考核2020", as_of=day)
    return len(RUNS)
