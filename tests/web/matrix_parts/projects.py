"""Matrix rows of the `projects` page group (see `matrix_parts/__init__.py`): the library,
its rates panel and export, a project of 合肥 (`{hefei_project}`) and one of 芜湖
(`{wuhu_project}`), their edits and monthly reports, uploads (check, then confirm) and
projects made from a plan's milestones. Reporters have no part in the library (403);
芜湖's project is not found for 合肥's users (404)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from planwatch.services.auth import principal_of
from planwatch.services.projects import upsert_project
from planwatch.services.projects_upload import check_upload
from planwatch.store import Store
from planwatch.store.auth_tables import User
from planwatch.store.tables import Plan
from planwatch.store.work_tables import Project

from ..matrix_kit import Body, Facts, Row, only, writers

READERS = {"admin": 200, "planner_hf": 200, "planner_ah": 200, "viewer_hf": 200}
LIBRARY = only(READERS)
LIBRARY_TWIN = only(READERS, anon=401)
WUHU_READ = {**only({"admin": 200, "planner_ah": 200}, rest=404), "reporter": 403, "reporter_jxj": 403}
WUHU_READ_TWIN = {**WUHU_READ, "anon": 401}
WUHU_EDIT = {**only({"admin": 303, "planner_ah": 303}, rest=404), "reporter": 403, "reporter_jxj": 403}
HEADER = "plan,name,enterprise,region,planned_investment,stage,planned_start,year,year_planned\n"
P1, P2 = "合肥新型显示配套项目", "芜湖机器人产业园项目"


def _csv(text: str) -> Body:
    def body(user: str, facts: Facts) -> dict[str, Any]:
        return {"files": {"file": ("projects.csv", text.encode("utf-8"), "text/csv")}}
    return body


def _edit(key: str) -> Body:
    def body(user: str, facts: Facts) -> dict[str, Any]:
        return {"data": {"version": str(facts.ids[f"{key}_project_version"]), "stage": "新建",
                         "stage_date": "2026-03-15"}}
    return body


ROWS: tuple[Row, ...] = (
    Row("GET", "/projects", "/projects", LIBRARY),
    Row("GET", "/projects.json", "/projects.json", LIBRARY_TWIN),
    Row("GET", "/projects/rates", "/projects/rates", LIBRARY),
    Row("GET", "/projects/rates.json", "/projects/rates.json", LIBRARY_TWIN),
    Row("GET", "/projects.xlsx", "/projects.xlsx", LIBRARY),
    Row("GET", "/projects/{project_id}", "/projects/{hefei_project}", LIBRARY),
    Row("GET", "/projects/{project_id}.json", "/projects/{hefei_project}.json", LIBRARY_TWIN),
    Row("GET", "/projects/{project_id}", "/projects/{wuhu_project}", WUHU_READ),
    Row("GET", "/projects/{project_id}.json", "/projects/{wuhu_project}.json", WUHU_READ_TWIN),
    Row("POST", "/projects/{project_id}", "/projects/{hefei_project}", writers(303), body="project_edit_hefei",
        note="储备 → 新建"),
    Row("POST", "/projects/{project_id}", "/projects/{wuhu_project}", WUHU_EDIT, body="project_edit_wuhu",
        note="储备 → 新建"),
    Row("POST", "/projects/{project_id}/progress", "/projects/{hefei_project}/progress", writers(303),
        body="project_progress"),
    Row("POST", "/projects/{project_id}/progress", "/projects/{wuhu_project}/progress", WUHU_EDIT,
        body="project_progress"),
    Row("POST", "/projects/upload", "/projects/upload", writers(200), body="projects_hefei",
        note="rows for 合肥市: a preview"),
    Row("POST", "/projects/upload", "/projects/upload", only({"admin": 200, "planner_ah": 200, "planner_hf": 422}),
        body="projects_wuhu", note="a row for 芜湖市: a row problem for 合肥's planner"),
    Row("POST", "/projects/upload/{staged}/confirm", "/projects/upload/{staged_admin}/confirm",
        only({"admin": 303, "planner_hf": 404, "planner_ah": 404}), note="the admin's checked upload"),
    Row("POST", "/plans/{key}/projects-from-plan", "/plans/hefei/projects-from-plan", writers(303)),
    Row("POST", "/plans/{key}/projects-from-plan", "/plans/wuhu/projects-from-plan",
        {**only({"admin": 303, "planner_ah": 303}, rest=404)}),
)
BODIES: dict[str, Body] = {
    "project_edit_hefei": _edit("hefei"),
    "project_edit_wuhu": _edit("wuhu"),
    "project_progress": lambda user, facts: {"data": {"month": "2026-10", "cumulative": "1200", "note": "主体施工"}},
    "projects_hefei": _csv(HEADER + "hefei,合肥智能家电产业园,某公司,合肥市,50000,储备,2026-09-30,2026,8000\n"),
    "projects_wuhu": _csv(HEADER + "wuhu,芜湖新能源汽车零部件项目,,芜湖市,30000,新建,2026-06-30,,\n"),
}


def extend(store: Store, folder: Path, ids: dict[str, Any]) -> dict[str, Any]:
    """A 储备 project in each city, planned to start in 2026, and a checked upload of the admin's."""
    out: dict[str, Any] = {}
    with store.transaction() as s:
        for key, name in (("hefei", P1), ("wuhu", P2)):
            plan = s.scalars(select(Plan).where(Plan.key == key)).one()
            upsert_project(s, plan_id=plan.id, name=name, fields={"planned_investment": 60000.0},
                           dates={("新建", "planned_date"): date(2026, 6, 30)},
                           year_plan=(2026, 20000.0, None))
            project = s.scalars(select(Project).where(Project.name == name)).one()
            out[f"{key}_project"], out[f"{key}_project_version"] = project.id, project.version
        admin = principal_of(s.scalars(select(User).where(User.login == "admin")).one())
        staged = check_upload(s, admin, filename="projects.csv",
                              data=(HEADER + "hefei,合肥量子信息产业园,,合肥市,90000,储备,2026-12-31,,\n").encode())
        out["staged_admin"] = staged.staged
    return out
