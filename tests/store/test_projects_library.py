"""The project library on a real database (SQLite, and PostgreSQL when configured): the
worked example of docs/projects.md through `project_rates` and `three_nots` (the functions
the monthly circular calls), edits with their stage moves and stale versions, monthly
reports, the upload checked then confirmed, the export read back, and migration 0008 on a
database that already has projects."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from sqlalchemy import func, select

from planwatch.errors import Forbidden, NotFoundError, ValidationError
from planwatch.model import Meta
from planwatch.model import Plan as PlanModel
from planwatch.services import projects_library as lib
from planwatch.services.access import subtree
from planwatch.services.auth import Principal
from planwatch.services.plans import import_plan, publish_plan
from planwatch.services.projects import project_rates, three_nots, upsert_project
from planwatch.services.projects_upload import check_upload, confirm_upload
from planwatch.services.regions import resolve_region
from planwatch.services.xlsx_export import workbook_bytes
from planwatch.store import Store
from planwatch.store.tables import AuditEntry, Plan
from planwatch.store.work_tables import Project, ProjectProgress, ProjectUpload

D = date
START, END, AS_OF = D(2026, 1, 1), D(2026, 10, 31), D(2026, 11, 15)
# name: (stage, {step: (planned, actual)}, year plan (planned, completed), region)
EXAMPLE = {
    "A": ("新建", {"新建": (D(2026, 3, 31), D(2026, 4, 10)), "竣工": (D(2026, 9, 30), None)}, (1000, None), "合肥市"),
    "B": ("储备", {"新建": (D(2026, 6, 30), None)}, (400, None), "合肥市"),
    "C": ("新建", {"新建": (D(2026, 8, 31), D(2026, 8, 20))}, (600, 150), "合肥市"),  # from the reserve
    "D": ("竣工", {"新建": (None, D(2025, 5, 1)), "竣工": (D(2026, 6, 30), D(2026, 7, 15)),
                   "达产": (D(2026, 12, 31), None)}, None, "合肥市"),
    "E": ("达产", {"竣工": (D(2025, 12, 31), D(2025, 12, 20)), "达产": (D(2026, 5, 31), D(2026, 5, 20))}, None,
          "巢湖市"),
    "F": ("新建", {"新建": (D(2026, 9, 30), None)}, None, "合肥市"),
    "H": ("新建", {"新建": (D(2025, 12, 31), D(2026, 7, 1))}, None, "合肥市"),
    "W": ("新建", {"新建": (D(2026, 5, 31), None)}, (5000, None), "芜湖市"),  # another city
}


def _plan(store: Store, key: str, region: str) -> None:
    with store.transaction() as s:
        import_plan(s, plan=PlanModel(doc=key, meta=Meta(title=f"{region}规划", region=region)), key=key,
                    region=region)
    with store.transaction() as s:
        publish_plan(s, key=key)


@pytest.fixture
def example(store: Store) -> Store:
    """The worked example of docs/projects.md: plans of 合肥市 and 芜湖市, projects A–H and W."""
    _plan(store, "hefei", "合肥市")
    _plan(store, "wuhu", "芜湖市")
    with store.transaction() as s:
        plans = {p.key: p.id for p in s.scalars(select(Plan))}
        for name, (stage, steps, year, region) in EXAMPLE.items():
            key = "wuhu" if region == "芜湖市" else "hefei"
            if name == "C":  # entered in the reserve first
                upsert_project(s, plan_id=plans[key], name=name, fields={}, dates={})
            dates = {(st, col): day for st, (planned, actual) in steps.items()
                     for col, day in (("planned_date", planned), ("actual_date", actual))}
            upsert_project(s, plan_id=plans[key], name=name,
                           fields={"stage": stage, "region_id": resolve_region(s, name=region).id},
                           dates=dates, year_plan=None if year is None else (2026, *year))
        a = s.scalars(select(Project.id).where(Project.name == "A")).one()
        for month, amount in (("2026-09", 500), ("2026-10", 600), ("2026-11", 700), ("2025-12", 9999)):
            s.add(ProjectProgress(project_id=a, month=month, cumulative=amount))
    return store


def _hefei(s: object) -> set[int]:
    return subtree(s, resolve_region(s, name="合肥市").id)  # type: ignore[arg-type]


def test_the_worked_example_of_the_rates(example: Store) -> None:
    with example.transaction() as s:
        panel = project_rates(s, region_ids=_hefei(s), period_start=START, period_end=END, as_of=AS_OF)
    parts = {k: (r["numerator"], r["denominator"]) for k, r in panel["rates"].items()}
    assert parts == {"started": (2, 4),  # planned A B C F; started by 31 October: A, C
                     "completed": (1, 2),  # planned A, D; done: D (15 July)
                     "producing": (1, 1),  # planned E (巢湖市, inside 合肥市); done
                     "converted": (1, 2),  # reserve B and C; C started
                     "investment": (750, 2000)}  # A 600 (October's report; November's is after) + C 150 / 2000
    assert panel["rates"]["investment"]["label"] == "37.5% (750/2000)"
    assert set(panel["rates"]["started"]["pending"]) == {"B", "F"}
    assert (panel["cutoff"], panel["year"], panel["projects"]) == ("2026-10-31", 2026, 7)


def test_the_rates_of_everywhere_include_the_other_city(example: Store) -> None:
    with example.transaction() as s:
        panel = project_rates(s, region_ids=None, period_start=START, period_end=END, as_of=AS_OF)
    assert (panel["rates"]["started"]["numerator"], panel["rates"]["started"]["denominator"]) == (2, 5)
    assert panel["rates"]["investment"]["denominator"] == 7000


def test_the_worked_example_of_the_three_nots(example: Store) -> None:
    with example.transaction() as s:
        found = three_nots(s, region_ids=_hefei(s), as_of=END)["lists"]
    named = {k: [(i["name"], i["days"]) for i in v] for k, v in found.items()}
    assert named == {"approved_not_started": [("F", 31)],  # B is 储备: not yet approved
                     "started_not_building": [("H", 122)],  # A and C have investment
                     "building_not_completed": [("A", 31)]}  # D was completed


PLANNER = Principal(1, "tester", "tester", "planner", None, None)


def _who(s: object, role: str = "planner", region: str = "合肥市", login: str = "tester") -> Principal:
    return Principal(1, login, login, role, resolve_region(s, name=region).id, None)  # type: ignore[arg-type]


def _project(s: object, name: str) -> Project:
    return s.scalars(select(Project).where(Project.name == name)).one()  # type: ignore[attr-defined, no-any-return]


def test_moving_a_reserve_project_on_sets_its_actual_start_and_the_rates_follow(example: Store) -> None:
    with example.transaction() as s:
        b = _project(s, "B")
        assert lib.edit_project(s, _who(s), b.id, form={"version": str(b.version), "stage": "新建",
                                                       "stage_date": "2026-10-20"}, today=AS_OF)
    with example.transaction() as s:
        b = _project(s, "B")
        view = lib.project_view(s, _who(s), b.id, today=AS_OF)
        panel = project_rates(s, region_ids=_hefei(s), period_start=START, period_end=END, as_of=AS_OF)
        entry = s.scalars(select(AuditEntry).where(AuditEntry.entity == "projects").order_by(AuditEntry.id.desc())).first()
    assert (view["project"]["stage"], view["project"]["actual_start"], b.version) == ("新建", "2026-10-20", 2)
    assert [t["state"] for t in view["track"]] == ["done", "late-done", "none", "none"]  # started after its plan
    assert panel["rates"]["started"]["numerator"] == 3 and panel["rates"]["converted"]["numerator"] == 2
    assert entry is not None and entry.before["stage"] == "储备" and entry.after["stage"] == "新建"
    assert entry.after["stages"]["新建"] == ["2026-06-30", "2026-10-20"]


def test_moving_back_clears_the_later_actual_dates(example: Store) -> None:
    with example.transaction() as s:
        d = _project(s, "D")
        lib.edit_project(s, _who(s), d.id, form={"version": str(d.version), "stage": "续建"}, today=AS_OF)
        view = lib.project_view(s, _who(s), d.id, today=AS_OF)
    assert (view["project"]["actual_start"], view["project"]["actual_completion"]) == ("2025-05-01", None)


def test_a_stale_edit_is_refused_and_changes_nothing(example: Store) -> None:
    with example.transaction() as s:
        a = _project(s, "A")
        opened = a.version
        lib.edit_project(s, _who(s), a.id, form={"version": str(opened), "enterprise": "甲公司"}, today=AS_OF)
    with pytest.raises(lib.StaleEdit, match="已被他人修改"), example.transaction() as s:
        lib.edit_project(s, _who(s), a.id, form={"version": str(opened), "enterprise": "乙公司"}, today=AS_OF)
    with example.transaction() as s:
        assert _project(s, "A").enterprise == "甲公司"


def test_bad_edits_name_every_field_and_write_nothing(example: Store) -> None:
    with example.transaction() as s:
        a = _project(s, "A")
        form = {"version": str(a.version), "stage": "开挖", "planned_investment": "十亿", "actual_start": "2026-13-01",
                "region": "芜湖市", "year": "26"}
        with pytest.raises(ValidationError) as caught:
            lib.edit_project(s, _who(s), a.id, form=form, today=AS_OF)
        audits = s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.entity == "projects"))
    fields = sorted(p.split(":")[0] for p in caught.value.problems)
    assert fields == ["actual_start", "planned_investment", "region", "stage", "year"]
    with example.transaction() as s:
        assert _project(s, "A").stage == "新建"
        assert s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.entity == "projects")) == audits


def test_who_may_see_and_change_a_project(example: Store) -> None:
    with example.transaction() as s:
        w = _project(s, "W").id
        with pytest.raises(NotFoundError):
            lib.require_project(s, _who(s), w)  # 芜湖's project for 合肥's planner
        assert lib.require_project(s, _who(s, region="安徽省"), w).name == "W"
        with pytest.raises(Forbidden):
            lib.require_project(s, _who(s, role="viewer"), _project(s, "A").id, write=True)
        with pytest.raises(Forbidden):
            lib.require_project(s, Principal(9, "r", "r", "reporter", None, 1), _project(s, "A").id)


def test_monthly_reports_are_running_totals_of_the_year(example: Store) -> None:
    with example.transaction() as s:
        a = _project(s, "A").id
        with pytest.raises(ValidationError, match="never falls"):
            lib.report_progress(s, _who(s), a, month="2026-10", cumulative="800", note=None)  # above November's 700
        with pytest.raises(ValidationError, match="2026-10"):
            lib.report_progress(s, _who(s), a, month="2026/10", cumulative="x", note=None)
        lib.report_progress(s, _who(s), a, month="2026-10", cumulative="650", note="主体封顶")
    with example.transaction() as s:
        panel = project_rates(s, region_ids=_hefei(s), period_start=START, period_end=END, as_of=AS_OF)
        row = s.scalars(select(ProjectProgress).where(ProjectProgress.month == "2026-10")).one()
    assert panel["rates"]["investment"]["numerator"] == 800  # 650 + 150
    assert (row.reported_by, row.note) == ("tester", "主体封顶")


HEADER = "plan,name,enterprise,region,planned_investment,stage,planned_start,year,year_planned\n"


def test_an_upload_is_checked_then_confirmed_by_its_uploader(example: Store) -> None:
    bad = (HEADER + "hefei,新项目甲,,合肥市,100,储备,2026-12-31,2026,50\n"
           "hefei,新项目乙,,芜湖市,100,,,,\n"  # 3: outside the plan's region
           "wuhu,新项目丙,,芜湖市,100,,,,\n"  # 4: outside the planner's region
           "hefei,新项目丁,,,abc,开挖,,2026,\n")  # 5: two problems
    with example.transaction() as s:
        with pytest.raises(ValidationError) as caught:
            check_upload(s, _who(s), filename="p.csv", data=bad.encode())
        assert s.scalar(select(func.count()).select_from(ProjectUpload)) == 0
    rows = [p.split(":")[0] for p in caught.value.problems]
    assert rows == ["row 3", "row 4", "row 5", "row 5"], caught.value.problems
    good = HEADER + "hefei,新项目甲,甲公司,巢湖市,100,储备,2026-12-31,2026,50\nhefei,A,,,,,,,\n"
    with example.transaction() as s:
        checked = check_upload(s, _who(s), filename="p.csv", data=good.encode())
    assert [(r["line"], r["name"], r["action"]) for r in checked.preview] == [(2, "新项目甲", "create"), (3, "A", "update")]
    with example.transaction() as s:
        assert s.scalars(select(Project).where(Project.name == "新项目甲")).first() is None  # nothing yet
        with pytest.raises(NotFoundError):
            confirm_upload(s, _who(s, login="someone-else"), staged=checked.staged)
    with example.transaction() as s:
        outcome = confirm_upload(s, _who(s), staged=checked.staged)
    assert (outcome.created, outcome.unchanged) == (1, 1)
    with example.transaction() as s:
        assert _project(s, "新项目甲").enterprise == "甲公司"
        assert s.get(ProjectUpload, checked.staged) is None
        with pytest.raises(NotFoundError):
            confirm_upload(s, _who(s), staged=checked.staged)  # once only


def test_the_export_has_chinese_headers_and_imports_back_unchanged(example: Store, tmp_path: Path) -> None:
    import openpyxl

    with example.transaction() as s:
        rows = lib.library(s, _who(s), stage=None, region=None, plan=None, enterprise=None, year=2026, through=AS_OF)
    data = workbook_bytes([lib.export_sheet(rows, year=2026)])
    sheet = openpyxl.load_workbook(BytesIO(data)).active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    assert header[:5] == ["规划编号", "项目名称", "建设单位", "地区", "阶段"] and "年度计划投资(万元)" in header
    a = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[1] == "A")
    assert a[header.index("年度计划投资(万元)")] == 1000 and a[header.index("实际开工")].date() == D(2026, 4, 10)
    with example.transaction() as s:
        checked = check_upload(s, _who(s), filename="重点项目.xlsx", data=data)
        outcome = confirm_upload(s, _who(s), staged=checked.staged)
    # A's October report becomes its year's completed figure; nothing else changes
    assert (outcome.created, outcome.updated, outcome.unchanged) == (0, 1, len(rows) - 1)


def test_filters_of_the_library(example: Store) -> None:
    with example.transaction() as s:
        def names(**kw: str | None) -> list[str]:
            args = {"stage": None, "region": None, "plan": None, "enterprise": None, **kw}
            return [r["name"] for r in lib.library(s, _who(s, region="安徽省"), year=2026, through=AS_OF, **args)]

        assert names(stage="新建") == ["A", "C", "F", "H", "W"]
        assert names(region="巢湖市") == ["E"]
        assert names(plan="wuhu") == ["W"]
        with pytest.raises(ValidationError, match="stage"):
            names(stage="开挖")
        with pytest.raises(ValidationError, match="outside your region"):
            lib.library(s, _who(s), stage=None, region="芜湖市", plan=None, enterprise=None, year=2026, through=AS_OF)


def test_the_rates_panel_by_region_and_period(example: Store) -> None:
    period = lib.read_period(start=None, end=None, period="2026-10", as_of="2026-11-15", today=D(2030, 1, 1))
    assert (period.start, period.end, period.cutoff, period.label) == (START, END, END, "2026年1—10月")
    with example.transaction() as s:
        panel = lib.rates_panel(s, _who(s, region="安徽省"), region=None, plan=None, period=period)
        city = lib.rates_panel(s, _who(s, region="安徽省"), region="合肥市", plan=None, period=period)
    assert [(g["region"], g["projects"]) for g in panel["by_region"]] == [("合肥市", 7), ("芜湖市", 1)]
    assert [(g["region"], g["projects"]) for g in city["by_region"]] == [("合肥市本级", 6), ("巢湖市", 1)]
    with pytest.raises(ValidationError, match="period"):
        lib.read_period(start=None, end=None, period="十月", as_of=None, today=D(2026, 1, 1))


def test_saving_the_form_unchanged_changes_nothing(example: Store) -> None:
    """The page's form holds every field as shown (the plan's region too): saved as it is,
    nothing is written and the version stays, so nobody else's form goes stale."""
    with example.transaction() as s:
        project = _project(s, "B")
        project.region_id = None  # B takes its plan's region, 合肥市
        s.flush()
        view = lib.project_view(s, _who(s), project.id, today=AS_OF)["project"]
        form = {k: "" if view[k] is None else str(view[k]) for k in (
            "name", "enterprise", "region", "stage", "planned_investment", "completed_investment",
            "planned_start", "actual_start", "planned_completion", "actual_completion", "planned_production",
            "actual_production")}
        form.update(version=str(view["version"]), year="2026", year_planned="400", year_completed="")
        assert view["region"] == "合肥市"
        assert lib.edit_project(s, _who(s), project.id, form=form, today=AS_OF) is False
        assert (_project(s, "B").version, _project(s, "B").region_id) == (view["version"], None)


def test_0008_keeps_existing_projects_at_version_1_and_downgrades_cleanly(db_url: str) -> None:
    from alembic import command
    from sqlalchemy import inspect, text

    from planwatch.store import make_engine
    from planwatch.store.migrate import alembic_config, upgrade_to_head

    engine = make_engine(db_url)
    command.upgrade(alembic_config(engine), "0007")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO projects (id, name, stage, created_at) VALUES (1, '旧项目', '新建', CURRENT_TIMESTAMP)"))
    upgrade_to_head(engine)
    with engine.begin() as conn:
        assert conn.execute(text("SELECT version FROM projects WHERE id = 1")).scalar() == 1
    command.downgrade(alembic_config(engine), "0007")
    assert not {"project_year_plans", "project_progress", "project_uploads"} & set(inspect(engine).get_table_names())
    with engine.begin() as conn:
        assert conn.execute(text("SELECT name FROM projects")).scalar() == "旧项目"
    engine.dispose()
