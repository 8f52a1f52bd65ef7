"""The demo's project library: projects from the example plans' milestones, the bundled
example project file (plan 004, 巢湖市, 2017), and a key-project list of 安徽 for the year of
`today` — stages spread over 储备/新建/续建/竣工/达产, annual plans and monthly reports — so
that a new user finds the rates panel and every 三未 list populated. Dates are placed in
months before and after `today`; the figures are illustrative, not published data."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from planwatch.errors import PlanwatchError
from planwatch.services import regions
from planwatch.services.cells import month_end
from planwatch.services.projects import create_projects_from_plan, import_projects, upsert_project
from planwatch.store.tables import Plan
from planwatch.store.work_tables import Project, ProjectProgress

EXAMPLE_PROJECTS = Path(str(resources.files("planwatch") / "data" / "example_projects.csv"))
PLAN_KEY = "anhui"  # the 安徽 example plan the list hangs under


@dataclass(frozen=True)
class DemoProject:
    """Months relative to today's (0 = this month, −3 three months ago); None = no date."""

    name: str
    enterprise: str
    region: str
    stage: str
    total: float  # 总投资, 万元
    year_plan: float  # 年度计划投资, 万元
    start: tuple[int | None, int | None]  # (planned, actual)
    completion: tuple[int | None, int | None] = (None, None)
    production: tuple[int | None, int | None] = (None, None)
    pace: float = 1.0  # share of the annual plan completed in proportion to the months gone
    from_reserve: bool = False  # was in the 储备库 before it started (counts in 转化率)


LIST: tuple[DemoProject, ...] = (
    DemoProject("长鑫存储二期扩产项目", "长鑫存储技术有限公司", "合肥市", "新建", 1_500_000, 320_000, (-8, -8), (14, None),
                (20, None), 1.05),
    DemoProject("新能源汽车先进制造基地", "蔚来汽车科技(安徽)有限公司", "合肥市", "竣工", 800_000, 150_000, (-20, -20),
                (-2, -3), (4, None), 1.1),
    DemoProject("高世代显示面板配套产业园", "合肥视涯显示科技有限公司", "合肥市", "达产", 420_000, 40_000, (-36, -36),
                (-12, -11), (-2, -1)),
    DemoProject("集成电路封测产业园", "合肥通富微电子有限公司", "合肥市", "储备", 260_000, 60_000, (-1, None), (18, None)),
    DemoProject("新能源整车扩能项目", "奇瑞汽车股份有限公司", "芜湖市", "续建", 650_000, 200_000, (-14, -14), (-1, None),
                (6, None), 0.8),
    DemoProject("工业机器人核心零部件基地", "埃夫特智能装备股份有限公司", "芜湖市", "新建", 180_000, 60_000, (-5, -4),
                (12, None), pace=0.6),
    DemoProject("炼化一体化转型升级项目", "中国石化安庆分公司", "安庆市", "续建", 2_200_000, 450_000, (-30, -30),
                (6, None), (12, None), 0.95),
    DemoProject("高端玻璃基板生产线", "凯盛科技集团有限公司", "蚌埠市", "储备", 120_000, 30_000, (2, None), (20, None)),
    DemoProject("智能装备制造产业园", "马鞍山智能装备产业园投资有限公司", "马鞍山市", "新建", 90_000, 40_000, (-2, None),
                (16, None)),
    DemoProject("光伏组件智能工厂", "滁州隆基乐叶光伏科技有限公司", "滁州市", "新建", 300_000, 100_000, (-4, -4),
                (8, None), pace=0.0),
    DemoProject("铜基新材料产业化项目", "铜陵有色金属集团股份有限公司", "铜陵市", "续建", 210_000, 70_000, (-18, -18),
                (3, None), pace=0.9),
    DemoProject("生物医药产业园二期", "阜阳生物医药产业园管理有限公司", "阜阳市", "新建", 75_000, 30_000, (-6, -6),
                (10, None), pace=0.7),
    DemoProject("绿色食品精深加工项目", "安徽古井贡酒股份有限公司", "亳州市", "储备", 50_000, 20_000, (-3, None),
                (9, None)),
    DemoProject("巢湖经开区新型储能项目", "巢湖经济开发区投资有限公司", "巢湖市", "储备", 40_000, 15_000, (3, None)),
    DemoProject("智能网联汽车零部件项目", "安徽江淮汽车集团股份有限公司", "合肥市", "新建", 95_000, 35_000, (-3, -2),
                (15, None), pace=0.5, from_reserve=True),
)


def _day(today: date, months: int | None) -> date | None:
    if months is None:
        return None
    index = today.year * 12 + today.month - 1 + months
    day = month_end(index // 12, index % 12 + 1)
    return min(day, today) if months <= 0 else day


def _dates(today: date, p: DemoProject) -> dict[tuple[str, str], date | None]:
    out: dict[tuple[str, str], date | None] = {}
    for stage, (planned, actual) in (("新建", p.start), ("竣工", p.completion), ("达产", p.production)):
        out[(stage, "planned_date")] = _day(today, planned)
        out[(stage, "actual_date")] = _day(today, actual)
    return out


def _progress(session: Session, project_id: int, p: DemoProject, today: date) -> float:
    """Monthly 1—N月累计 reports for the months of this year gone by; returns the last."""
    cumulative = 0.0
    if p.start[1] is None:  # not started: nothing to report
        return cumulative
    for month in range(1, today.month):
        cumulative = round(p.year_plan * p.pace * month / 12, 1)
        session.add(ProjectProgress(project_id=project_id, month=f"{today.year}-{month:02d}", cumulative=cumulative,
                                    note=None, reported_by="demo"))
    return cumulative


def seed_demo_projects(session: Session, *, today: date) -> int:
    """The demo's projects (see the module doc); returns how many the library then holds."""
    for key in session.scalars(select(Plan.key).where(Plan.current_version_id.is_not(None)).order_by(Plan.key)):
        create_projects_from_plan(session, key=key)
    with contextlib.suppress(PlanwatchError):  # the chaohu example plan is not in this database
        import_projects(session, path=EXAMPLE_PROJECTS)
    plan = session.scalars(select(Plan).where(Plan.key == PLAN_KEY)).one_or_none()
    if plan is not None:
        for p in LIST:
            region = regions.resolve_region(session, name=p.region, inside=plan.region_id).id
            if p.from_reserve:  # entered in the reserve first: its 储备 row stays when it moves on
                upsert_project(session, plan_id=plan.id, name=p.name, fields={"stage": "储备"}, dates={})
            upsert_project(session, plan_id=plan.id, name=p.name,
                           fields={"enterprise": p.enterprise, "region_id": region, "stage": p.stage,
                                   "planned_investment": p.total,
                                   "completed_investment": None},
                           dates=_dates(today, p), year_plan=(today.year, p.year_plan, None))
            project = session.scalars(select(Project).where(Project.plan_id == plan.id, Project.name == p.name)).one()
            done = _progress(session, project.id, p, today)
            project.completed_investment = round(p.total * 0.2 * p.pace + done, 1) if p.start[1] is not None else 0.0
            if p.stage in ("竣工", "达产"):
                project.completed_investment = p.total
    session.flush()
    return len(session.scalars(select(Project.id)).all())
