"""The demo database: the five example plans imported and published (with their document
text, for review), the bundled real actuals recorded, and demo users of every role.

One function per step, each in the caller's transaction, so `planwatch demo` (a summary in
the terminal) and `planwatch serve --demo` (the web workspace) build the same database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

from pwdlib import PasswordHash
from sqlalchemy import select
from sqlalchemy.orm import Session

from planwatch.document import Document
from planwatch.model import Plan
from planwatch.services.auth import create_user
from planwatch.services.observations import record_file
from planwatch.services.plans import Published, import_plan, publish_plan
from planwatch.services.regions import resolve_region
from planwatch.store.tables import Department
from planwatch.store.tables import Plan as PlanRow
from planwatch.store.work_tables import Task, TaskUnit

# Keys the bundled actuals use, by example document.
EXAMPLE_KEYS = {
    "000_ed164e653cac975c": "anqing",
    "001_e1ad1d33f2229fbe": "anhui-2025",
    "002_7230ec801b983216": "anhui",
    "003_6f0a94d0c08b789a": "shaoxing",
    "004_9bd38e287df014c8": "chaohu",
}
DEMO_PASSWORD = "planwatch-demo"


def example_paths() -> list[Path]:
    """The sample plans shipped inside the package."""
    root = resources.files("planwatch") / "examples"
    return sorted(Path(str(p)) for p in root.iterdir() if p.name.endswith(".txt"))


def example_actuals() -> Path:
    return Path(str(resources.files("planwatch") / "data" / "example_actuals.csv"))


def load_example(session: Session, *, path: Path, document: Document, plan: Plan) -> tuple[str, Published]:
    """Import and publish one example plan under its demo key."""
    key = EXAMPLE_KEYS.get(path.stem, path.stem)
    import_plan(session, plan=plan, key=key, source_file=path.name, source_text=document.text)
    return key, publish_plan(session, key=key)


def record_example_actuals(session: Session) -> int:
    from planwatch.services.projects_demo import seed_demo_projects  # 重点项目库, dated around today

    seed_demo_projects(session, today=date.today())
    count = record_file(session, path=example_actuals())
    from planwatch.services.assessment_demo import seed_demo_assessment  # 考核: 安徽 cities ranked, two runs

    seed_demo_assessment(session)
    from planwatch.services.compare import seed_demo_links  # 对标: 安庆、巢湖 against 安徽篇

    seed_demo_links(session)
    from planwatch.services.circular import seed_demo_profile  # 月报: 安徽省's issuer and numbering

    seed_demo_profile(session)
    return count


@dataclass(frozen=True)
class DemoUser:
    login: str
    role: str
    scope: str


def _lead_department(session: Session, plan_key: str) -> Department | None:
    """The department leading the most tasks of a plan: the demo reporter's."""
    query = (select(Department).join(TaskUnit, TaskUnit.department_id == Department.id)
             .join(Task, Task.id == TaskUnit.task_id).join(PlanRow, PlanRow.current_version_id == Task.plan_version_id)
             .where(PlanRow.key == plan_key, TaskUnit.role == "lead"))
    found: dict[int, tuple[int, Department]] = {}
    for dept in session.scalars(query):
        count = found.get(dept.id, (0, dept))[0]
        found[dept.id] = (count + 1, dept)
    return max(found.values(), key=lambda c: (c[0], -c[1].id))[1] if found else None


def create_demo_users(session: Session, *, pw: PasswordHash | None = None) -> list[DemoUser]:
    """admin; planners of 安徽省 and 绍兴市; a viewer of 安徽省; a reporter of the department
    leading most 安徽 tasks. All share `DEMO_PASSWORD` (printed by `serve --demo`)."""
    anhui = resolve_region(session, name="安徽省")
    shaoxing = resolve_region(session, name="绍兴市")
    made = [
        (create_user(session, login="admin", password=DEMO_PASSWORD, role="admin", name="系统管理员", pw=pw), "全部"),
        (create_user(session, login="planner", password=DEMO_PASSWORD, role="planner", region_id=anhui.id,
                     name="省发展改革委规划处", pw=pw), anhui.name),
        (create_user(session, login="planner-sx", password=DEMO_PASSWORD, role="planner", region_id=shaoxing.id,
                     name="绍兴市发展改革委", pw=pw), shaoxing.name),
        (create_user(session, login="viewer", password=DEMO_PASSWORD, role="viewer", region_id=anhui.id,
                     name="省政府研究室", pw=pw), anhui.name),
    ]
    dept = _lead_department(session, "anhui")
    if dept is not None:
        made.append((create_user(session, login="reporter", password=DEMO_PASSWORD, role="reporter",
                                 department_id=dept.id, name=dept.name, pw=pw), dept.name))
    from planwatch.services.duban_demo import (
        seed_duban_demo,  # 督查督办: reports, an extension, a 办结 to review
    )
    seed_duban_demo(session, today=date.today())
    from planwatch.services.entry_demo import seed_entry_demo  # 数据填报: figures to review

    if (county := seed_entry_demo(session, password=DEMO_PASSWORD, today=date.today(), pw=pw)) is not None:
        made.append((county, "巢湖市"))
    return [DemoUser(u.login, u.role, scope) for u, scope in made]
