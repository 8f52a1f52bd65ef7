"""四督四保: key projects of a plan, from its milestones or from a project file, and their rates.

A project is known by (plan, name): importing a file again or re-running
`create_projects_from_plan` updates it, never adds a second one. Its stage dates live in
`project_stages` (新建 = 开工, 竣工, 达产), each with a planned and an actual date; a 储备 row
marks a project that was once in the reserve, so 转化率 still counts it after it has started.

Milestone dates: 开工/开工建设 set the 新建 planned date, 竣工/建成 the 竣工 one, 投产/达产 the
达产 one (建成投产 sets both 竣工 and 达产); the date is the end of the milestone's month, or of
December when no month is written. A milestone without a year takes the plan's year: the
year of its issue date, else the year the version was imported.
"""

from __future__ import annotations

import calendar
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from planwatch.errors import DocumentError, PlanwatchError, ValidationError
from planwatch.model import Milestone
from planwatch.model import Plan as PlanModel
from planwatch.progress import projects as maths
from planwatch.progress.projects import ProjectFacts, ProjectRates, Rate, ThreeNots
from planwatch.services import regions
from planwatch.services.actuals_file import read_table
from planwatch.services.cells import parse_date
from planwatch.services.lookup import current_plan
from planwatch.services.plans import get_plan
from planwatch.store import audit
from planwatch.store.tables import Plan, PlanVersion, Region
from planwatch.store.work_tables import (
    PROJECT_STAGES,
    Project,
    ProjectProgress,
    ProjectStage,
    ProjectYearPlan,
)

COLUMNS: tuple[str, ...] = (
    "plan", "name", "enterprise", "region", "planned_investment", "completed_investment", "stage",
    "planned_start", "actual_start", "planned_completion", "actual_completion", "planned_production",
    "actual_production", "year", "year_planned", "year_completed",
)
# The Chinese headers of the exported library (`projects.xlsx`), so an export edited in Excel
# imports again; and the forms people write them in.
HEADER_ALIASES: dict[str, str] = {
    "规划编号": "plan", "规划": "plan", "项目名称": "name", "名称": "name", "建设单位": "enterprise",
    "企业": "enterprise", "项目单位": "enterprise", "地区": "region", "所在地区": "region",
    "总投资(万元)": "planned_investment", "总投资": "planned_investment",
    "累计完成投资(万元)": "completed_investment", "累计完成投资": "completed_investment", "阶段": "stage",
    "项目阶段": "stage", "计划开工": "planned_start", "实际开工": "actual_start", "计划竣工": "planned_completion",
    "实际竣工": "actual_completion", "计划达产": "planned_production", "实际达产": "actual_production",
    "年度": "year", "年度计划投资(万元)": "year_planned", "年度计划投资": "year_planned",
    "本年完成投资(万元)": "year_completed", "本年完成投资": "year_completed",
}
DATE_COLUMNS: dict[str, tuple[str, str]] = {  # column → (project_stages.stage, its date column)
    f"{kind}_{step}": (stage, f"{kind}_date")
    for step, stage in (("start", "新建"), ("completion", "竣工"), ("production", "达产"))
    for kind in ("planned", "actual")
}
ACTION_STAGES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("开工",), "新建"), (("竣工", "建成"), "竣工"), (("投产", "达产"), "达产"),
)
RESERVE = PROJECT_STAGES[0]
STEP_COLUMNS = {stage: (f"planned_{step}", f"actual_{step}")  # project_stages.stage → its two date columns
                for step, stage in (("start", "新建"), ("completion", "竣工"), ("production", "达产"))}

Dates = dict[tuple[str, str], date | None]
YearPlan = tuple[int, float | None, float | None]  # (year, 年度计划投资, 本年完成投资)


def stages_for_action(action: str) -> list[str]:
    """The stages a milestone's action sets a planned date for.

    >>> stages_for_action("开工建设"), stages_for_action("建成投产"), stages_for_action("完成")
    (['新建'], ['竣工', '达产'], [])
    """
    return [stage for words, stage in ACTION_STAGES if any(w in action for w in words)]


def milestone_date(milestone: Milestone, *, default_year: int) -> date:
    """The last day of the milestone's month (December when none is written)."""
    year, month = milestone.year or default_year, milestone.month or 12
    return date(year, month, calendar.monthrange(year, month)[1])


def _snapshot(session: Session, project: Project) -> dict[str, Any]:
    stages = session.scalars(select(ProjectStage).where(ProjectStage.project_id == project.id)
                             .order_by(ProjectStage.stage))
    years = session.scalars(select(ProjectYearPlan).where(ProjectYearPlan.project_id == project.id)
                            .order_by(ProjectYearPlan.year))
    return {**audit.row_dict(project, exclude=("created_at", "version")),
            "stages": {s.stage: [audit.jsonable(s.planned_date), audit.jsonable(s.actual_date)] for s in stages},
            "years": {str(y.year): [y.planned, y.completed] for y in years}}


def set_year_plan(session: Session, project_id: int, plan: YearPlan) -> None:
    """The project's annual plan for a year (created when missing)."""
    year, planned, completed = plan
    row = session.scalars(select(ProjectYearPlan).where(ProjectYearPlan.project_id == project_id,
                                                        ProjectYearPlan.year == year)).one_or_none()
    if row is None:
        row = ProjectYearPlan(project_id=project_id, year=year)
        session.add(row)
    row.planned, row.completed = planned, completed


def _stage_row(session: Session, project_id: int, stage: str) -> ProjectStage:
    row = session.scalars(select(ProjectStage).where(ProjectStage.project_id == project_id,
                                                     ProjectStage.stage == stage)).one_or_none()
    if row is None:
        row = ProjectStage(project_id=project_id, stage=stage)
        session.add(row)
    return row


def upsert_project(session: Session, *, plan_id: int, name: str, fields: dict[str, Any], dates: Dates,
                   year_plan: YearPlan | None = None) -> str:
    """Create or update the project (plan, name); returns created/updated/unchanged. Audited."""
    project = session.scalars(select(Project).where(Project.plan_id == plan_id, Project.name == name)
                              .order_by(Project.id).limit(1)).one_or_none()
    before = None if project is None else _snapshot(session, project)
    if project is None:
        project = Project(plan_id=plan_id, name=name, stage=RESERVE)
        session.add(project)
        session.flush()
    for key, value in fields.items():
        setattr(project, key, value)
    for (stage, column), day in dates.items():
        setattr(_stage_row(session, project.id, stage), column, day)
    if year_plan is not None:
        set_year_plan(session, project.id, year_plan)
    if project.stage == RESERVE:  # a 储备 stage row remembers the project came from the reserve
        _stage_row(session, project.id, RESERVE)
    session.flush()
    after = _snapshot(session, project)
    if after == before:
        return "unchanged"
    if before is not None:
        project.version += 1  # an edit form opened before this change is now stale
    action = "create" if before is None else "update"
    audit.record(session, entity="projects", entity_id=project.id, action=action, before=before, after=after)
    return action + "d"


@dataclass
class Outcome:
    """How many projects a command created, updated or left as they were; what it skipped."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    undated: list[str] = field(default_factory=list)

    def count(self, action: str) -> None:
        setattr(self, action, getattr(self, action) + 1)


def _plan_year(plan: PlanModel, version: PlanVersion) -> int:
    issued = plan.meta.issue_date
    return int(issued[:4]) if issued and issued[:4].isdigit() else version.created_at.year


def create_projects_from_plan(session: Session, *, key: str) -> Outcome:
    """One 储备 project per milestone subject of the plan's current version, with the planned
    date of each stage its action names. Existing projects keep their stage and actuals."""
    plan_row = current_plan(session, key)
    session.scalars(select(Plan).where(Plan.id == plan_row.id).with_for_update()).one()
    version = session.get(PlanVersion, plan_row.current_version_id)
    assert version is not None
    plan = PlanModel.model_validate(version.extracted)
    outcome = Outcome()
    for milestone in plan.milestones:
        stages = stages_for_action(milestone.action)
        if not stages:
            outcome.undated.append(f"{milestone.subject}: {milestone.action}")
        day = milestone_date(milestone, default_year=_plan_year(plan, version))
        fields = {"region_id": plan_row.region_id} if plan_row.region_id else {}
        outcome.count(upsert_project(session, plan_id=plan_row.id, name=milestone.subject, fields=fields,
                                     dates={(s, "planned_date"): day for s in stages}))
    return outcome


# --- the project file ---------------------------------------------------------------------


def read_project_file(path: Path) -> list[tuple[int, dict[str, str]]]:
    """(row number, cells by column) of every non-empty data row; the header is row 1."""
    table = read_table(path)
    if not table:
        raise DocumentError(path, "empty: expected a header row " + ",".join(COLUMNS))
    header = [HEADER_ALIASES.get(h.strip().replace("（", "(").replace("）", ")"), h.strip().lower())
              for h in table[0]]
    missing = [c for c in ("plan", "name") if c not in header]
    unknown = [h for h in header if h and h not in COLUMNS]
    if missing or unknown:
        raise DocumentError(path, f"missing column(s) {', '.join(missing) or '-'}, unknown column(s) "
                                  f"{', '.join(unknown) or '-'}; expected {','.join(COLUMNS)}")
    return [(line, {h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(header)})
            for line, cells in enumerate(table[1:], start=2) if any(c.strip() for c in cells)]


def parse_day(text: str) -> date:
    """A date as people and spreadsheets write it: 2019-03-01, 2019/3/1, 2019年3月1日, an Excel
    date cell; a month alone (2019-03, 2019年3月) is its last day, as a milestone's month is.

    >>> parse_day("2019/3/1"), parse_day("2019-03-01 00:00:00"), parse_day("2019年3月")
    (datetime.date(2019, 3, 1), datetime.date(2019, 3, 1), datetime.date(2019, 3, 31))
    """
    day = parse_date(text, month_means_end=True)
    if day is None:
        raise ValueError(text)
    return day


@dataclass(frozen=True)
class _Checked:
    line: int
    plan_id: int
    name: str
    fields: dict[str, Any]
    dates: Dates
    year_plan: YearPlan | None = None


def _check_values(cells: dict[str, str], problems: list[str]) -> tuple[dict[str, Any], Dates]:
    """Investments, stage and dates of a row; blank cells are left out (they change nothing)."""
    fields: dict[str, Any] = {}
    for column in ("planned_investment", "completed_investment"):
        if text := cells.get(column, ""):
            try:
                fields[column] = float(text.replace(",", ""))
            except ValueError:
                problems.append(f"{column} {text!r}: not a number (万元)")
            else:
                if fields[column] < 0:
                    problems.append(f"{column} {text!r}: negative")
    if stage := cells.get("stage", ""):
        if stage not in PROJECT_STAGES:
            problems.append(f"stage {stage!r}: expected one of {', '.join(PROJECT_STAGES)}")
        fields["stage"] = stage
    dates: Dates = {}
    for column, key in DATE_COLUMNS.items():
        if text := cells.get(column, ""):
            try:
                dates[key] = parse_day(text)
            except ValueError:
                problems.append(f"{column} {text!r}: not a date (expected 2019-03-31, 2019/3/31 or 2019年3月31日)")
    return fields, dates


def _check_year(cells: dict[str, str], problems: list[str]) -> YearPlan | None:
    """The row's annual plan: `year` with `year_planned` and/or `year_completed` (万元)."""
    text = cells.get("year", "").strip().removesuffix("年")
    planned, completed = cells.get("year_planned", ""), cells.get("year_completed", "")
    if not text:
        if planned or completed:
            problems.append("year: empty, but year_planned/year_completed given (write the year, e.g. 2026)")
        return None
    if not (text.isdigit() and 1990 <= int(text) <= 2100):
        problems.append(f"year {text!r}: expected a year such as 2026")
        return None
    values: list[float | None] = []
    for column, cell in (("year_planned", planned), ("year_completed", completed)):
        try:
            value = float(cell.replace(",", "")) if cell else None
        except ValueError:
            problems.append(f"{column} {cell!r}: not a number (万元)")
            value = None
        if value is not None and value < 0:
            problems.append(f"{column} {cell!r}: negative")
        values.append(value)
    if values == [None, None]:
        return None  # a year with no figures (an exported row of a project without a plan) sets nothing
    return int(text), values[0], values[1]


def _check_region(session: Session, name: str, plan: Plan, problems: list[str]) -> int | None:
    """The project's region: the plan's region or one inside it (a 安徽 plan has no 南京 project)."""
    try:
        return regions.resolve_region(session, name=name, within=plan.region_id, inside=plan.region_id).id
    except ValidationError as e:
        problems.extend(e.problems)
    except PlanwatchError as e:
        problems.append(str(e))
    return None


def _check_row(session: Session, line: int, cells: dict[str, str], plan: Plan | None) -> _Checked | list[str]:
    problems: list[str] = []
    if plan is None:
        problems.append(f"plan {cells['plan']!r}: not imported (see `planwatch plans`)")
    if not cells["name"]:
        problems.append("name: empty")
    fields, dates = _check_values(cells, problems)
    year_plan = _check_year(cells, problems)
    if cells.get("enterprise"):
        fields["enterprise"] = cells["enterprise"]
    if plan is not None and cells.get("region"):
        fields["region_id"] = _check_region(session, cells["region"], plan, problems)
    if problems or plan is None:
        return problems
    return _Checked(line, plan.id, cells["name"], fields, dates, year_plan)


def validate_projects(session: Session, rows: list[tuple[int, dict[str, str]]], *, source: str) -> list[_Checked]:
    """Every row checked; one ValidationError naming each problem by row number."""
    checked, problems = check_rows(session, rows)
    if problems:
        raise ValidationError(source, problems)
    return checked


def check_rows(session: Session, rows: list[tuple[int, dict[str, str]]]) -> tuple[list[_Checked], list[str]]:
    """The good rows, and the problems of the others ("row N: …")."""
    regions.ensure_regions(session)
    keys = sorted({cells["plan"] for _line, cells in rows})
    plans = {p.key: p for p in session.scalars(select(Plan).where(Plan.key.in_(keys)).with_for_update())}
    problems: list[str] = []
    checked: list[_Checked] = []
    seen: dict[tuple[str, str], int] = {}
    for line, cells in rows:
        result = _check_row(session, line, cells, plans.get(cells["plan"]))
        ident = (cells["plan"], cells["name"])
        if ident in seen and cells["name"]:
            problems.append(f"row {line}: duplicate of row {seen[ident]} (same plan and name)")
        seen.setdefault(ident, line)
        if isinstance(result, list):
            problems.extend(f"row {line}: {p}" for p in result)
        else:
            checked.append(result)
    return checked, problems


def import_projects(session: Session, *, path: Path) -> Outcome:
    """`planwatch projects-import FILE`: validate every row, then create or update them all.
    Blank cells leave what is stored; nothing is written when any row is bad."""
    checked = validate_projects(session, read_project_file(path), source=str(path))
    outcome = Outcome()
    for c in checked:
        outcome.count(upsert_project(session, plan_id=c.plan_id, name=c.name, fields=c.fields, dates=c.dates,
                                     year_plan=c.year_plan))
    return outcome


# --- listing and rates --------------------------------------------------------------------


@dataclass(frozen=True)
class ProjectListing:
    """A stored project as `planwatch projects` shows it; `region_id` is the project's region,
    else its plan's (what scope is judged on)."""

    id: int
    facts: ProjectFacts
    enterprise: str | None
    region: str | None
    region_id: int | None = None
    version: int = 1

    def as_dict(self) -> dict[str, Any]:
        facts = {k: audit.jsonable(v) for k, v in self.facts.__dict__.items()}
        return {"id": self.id, **facts, "enterprise": self.enterprise, "region": self.region}


def _listing(project: Project, plan_key: str | None, stages: list[ProjectStage], region: str | None,
             region_id: int | None = None) -> ProjectListing:
    found = {s.stage: s for s in stages}
    days = {column: getattr(found[stage], attr) if stage in found else None
            for column, (stage, attr) in DATE_COLUMNS.items()}
    facts = ProjectFacts(name=project.name, stage=project.stage, planned_investment=project.planned_investment,
                         completed_investment=project.completed_investment, plan=plan_key,
                         from_reserve=RESERVE in found, **days)
    return ProjectListing(project.id, facts, project.enterprise, region, region_id, project.version)


def project_region() -> Any:
    """The region a project is judged by: its own, else its plan's (an SQL expression)."""
    return func.coalesce(Project.region_id, Plan.region_id)


def _filtered(query: Any, *, region_ids: Collection[int] | None, stage: str | None, enterprise: str | None) -> Any:
    if region_ids is not None:
        query = query.where(project_region().in_(sorted(region_ids)))
    if stage:
        query = query.where(Project.stage == stage)
    if enterprise:
        like = f"%{enterprise.replace('%', '').replace('_', '')}%"
        query = query.where(Project.enterprise.ilike(like) | Project.name.ilike(like))
    return query


def count_projects(session: Session, *, plan: str | None = None, region_ids: Collection[int] | None = None,
                   stage: str | None = None, enterprise: str | None = None) -> dict[str, int]:
    """How many projects `list_projects` would list, by stage (one grouped query)."""
    query = select(Project.stage, func.count()).outerjoin(Plan, Project.plan_id == Plan.id).group_by(Project.stage)
    if plan is not None:
        query = query.where(Plan.key == plan)
    found = dict(session.execute(_filtered(query, region_ids=region_ids, stage=stage, enterprise=enterprise)).all())
    return {st: int(found.get(st, 0)) for st in PROJECT_STAGES}


def list_projects(session: Session, *, plan: str | None = None, region_ids: Collection[int] | None = None,
                  stage: str | None = None, enterprise: str | None = None, limit: int | None = None,
                  offset: int = 0) -> list[ProjectListing]:
    """Projects (of one plan, or all), by plan and name; `region_ids` keeps those whose region
    (else their plan's) is one of them (None: every region), `stage` one stage, `enterprise`
    those whose enterprise or name contains the text; `limit`/`offset` one page of them."""
    where = project_region()
    columns = (Project.id, Project.name, Project.stage, Project.planned_investment, Project.completed_investment,
               Project.enterprise, Project.version, Plan.key, Region.name, where)
    query = (select(*columns).outerjoin(Plan, Project.plan_id == Plan.id)
             .outerjoin(Region, Region.id == where).order_by(Plan.key, Project.name, Project.id))
    if plan is not None:
        get_plan(session, key=plan)  # an unknown key is an error, not an empty list
        query = query.where(Plan.key == plan)
    query = _filtered(query, region_ids=region_ids, stage=stage, enterprise=enterprise)
    if limit is not None:
        query = query.limit(limit).offset(offset)
    rows = session.execute(query).all()  # plain rows, not ORM objects: a province has thousands
    days: dict[int, dict[str, Any]] = {}
    reserve: set[int] = set()
    stage_query = select(ProjectStage.project_id, ProjectStage.stage, ProjectStage.planned_date,
                         ProjectStage.actual_date)
    if limit is not None:
        stage_query = stage_query.where(ProjectStage.project_id.in_([r[0] for r in rows]))
    elif region_ids is not None or plan is not None or stage or enterprise:
        ids = query.with_only_columns(Project.id, maintain_column_froms=True).order_by(None)
        stage_query = stage_query.where(ProjectStage.project_id.in_(ids.scalar_subquery()))
    for pid, st, planned, actual in session.execute(stage_query):
        if st == RESERVE:
            reserve.add(pid)
        elif st in STEP_COLUMNS:
            found = days.setdefault(pid, {})
            found[STEP_COLUMNS[st][0]], found[STEP_COLUMNS[st][1]] = planned, actual
    return [ProjectListing(pid, ProjectFacts(name=name, stage=st, planned_investment=planned, completed_investment=done,
                                             plan=key, from_reserve=pid in reserve, **days.get(pid, {})),
                           enterprise, region, rid, version)
            for pid, name, st, planned, done, enterprise, version, key, region, rid in rows]


def project_report(
    session: Session, *, start: date, end: date, as_of: date, plan: str | None = None
) -> tuple[ProjectRates, ThreeNots]:
    """The period's rates (judged at the earlier of `end` and `as_of`; 投资完成率 over the annual
    plans of `end`'s year) and the 三未 lists as of `as_of`, over the listed projects."""
    listings = list_projects(session, plan=plan)
    cutoff = min(end, as_of)
    facts = annual_facts(session, listings, year=end.year, through=cutoff)
    three = maths.three_nots([replace(p.facts, completed_investment=max(p.facts.completed_investment or 0,
                                                                        f.completed_investment or 0))
                              for p, f in zip(listings, facts, strict=True)], as_of=as_of)
    return maths.project_rates(facts, start=start, end=end, as_of=as_of), three


# --- the rates panel and the 三未 lists: the web page, the monthly circular ------------------

RATE_KEYS: dict[str, str] = {"started": "开工率", "completed": "竣工率", "producing": "达产率", "converted": "转化率",
                             "investment": "投资完成率"}
NOT_KEYS: dict[str, str] = {"approved_not_started": "立项未开工", "started_not_building": "开工未建设",
                            "building_not_completed": "建设未竣工"}


def annual_figures(session: Session, ids: Collection[int], *, year: int, through: date) -> dict[int, tuple[float | None, float | None]]:
    """project id → (年度计划投资, 本年完成投资) of `year` as known at `through`: the completed
    figure is the latest monthly report (1—N月累计) of the year up to `through`'s month, else
    the year's own `completed` figure."""
    if not ids:
        return {}
    last = f"{year}-12" if through.year > year else through.strftime("%Y-%m")
    out: dict[int, tuple[float | None, float | None]] = {}
    chosen = sorted(ids)
    for pid, planned, completed in session.execute(
            select(ProjectYearPlan.project_id, ProjectYearPlan.planned, ProjectYearPlan.completed)
            .where(ProjectYearPlan.year == year, ProjectYearPlan.project_id.in_(chosen))):
        out[pid] = (planned, completed)
    latest = (select(ProjectProgress.project_id, func.max(ProjectProgress.month).label("month"))
              .where(ProjectProgress.project_id.in_(chosen), ProjectProgress.month >= f"{year}-01",
                     ProjectProgress.month <= last).group_by(ProjectProgress.project_id).subquery())
    query = select(ProjectProgress.project_id, ProjectProgress.cumulative).join(
        latest, (latest.c.project_id == ProjectProgress.project_id) & (latest.c.month == ProjectProgress.month))
    for pid, cumulative in session.execute(query):
        out[pid] = (out.get(pid, (None, None))[0], cumulative)
    return out


def annual_facts(session: Session, listings: list[ProjectListing], *, year: int, through: date,
                 figures: dict[int, tuple[float | None, float | None]] | None = None) -> list[ProjectFacts]:
    """The listings' facts with the investment of `year` (投资完成率 is annual): a project with
    no annual plan for the year has no planned figure, so it is not counted in that rate."""
    if figures is None:
        figures = annual_figures(session, [p.id for p in listings], year=year, through=through)
    return [replace(p.facts, planned_investment=figures.get(p.id, (None, None))[0],
                    completed_investment=figures.get(p.id, (None, None))[1]) for p in listings]


def rate_dict(rate: Rate) -> dict[str, Any]:
    return {**rate.as_dict(), "label": rate.label()}


def rates_of(facts: list[ProjectFacts], *, start: date, end: date, as_of: date | None) -> dict[str, dict[str, Any]]:
    r = maths.project_rates(facts, start=start, end=end, as_of=as_of)
    return {key: rate_dict(getattr(r, key)) for key in RATE_KEYS}


def project_rates(session: Session, *, region_ids: Collection[int] | None, period_start: date, period_end: date,
                  as_of: date | None = None, plan: str | None = None) -> dict[str, Any]:
    """The rates panel of a period (docs/projects.md): over the projects whose region (else
    their plan's) is in `region_ids` (None: all), judged at the cutoff min(period_end, as_of).
    Returns ``{"from", "to", "cutoff", "year", "projects", "rates": {key: rate}}`` with the keys
    started 开工率, completed 竣工率, producing 达产率, converted 转化率, investment 投资完成率
    (of the year of `period_end`), each ``{"name", "numerator", "denominator", "value",
    "pending", "label"}``; `value` is None when nothing was due."""
    cutoff = min(period_end, as_of) if as_of is not None else period_end
    listings = list_projects(session, plan=plan, region_ids=region_ids)
    facts = annual_facts(session, listings, year=period_end.year, through=cutoff)
    return {"from": period_start.isoformat(), "to": period_end.isoformat(), "cutoff": cutoff.isoformat(),
            "year": period_end.year, "projects": len(listings),
            "rates": rates_of(facts, start=period_start, end=period_end, as_of=as_of)}


def three_nots(session: Session, *, region_ids: Collection[int] | None, as_of: date, plan: str | None = None,
               grace_days: int = maths.GRACE_DAYS) -> dict[str, Any]:
    """The 三未 lists as of a day, over the same projects as `project_rates`. Returns
    ``{"as_of", "lists": {key: [{"id", "name", "region", "plan", "days"}, …]}}``, most overdue
    first, with the keys approved_not_started 立项未开工, started_not_building 开工未建设 and
    building_not_completed 建设未竣工; `days` is how far past the date (or since the start)."""
    listings = list_projects(session, plan=plan, region_ids=region_ids)
    return {"as_of": as_of.isoformat(), "lists": nots_of(session, listings, as_of=as_of, grace_days=grace_days)}


def nots_of(session: Session, listings: list[ProjectListing], *, as_of: date, grace_days: int = maths.GRACE_DAYS,
            figures: dict[int, tuple[float | None, float | None]] | None = None) -> dict[str, list[dict[str, Any]]]:
    """The 三未 lists of these projects (see `three_nots`); a project has built something when
    its total or this year's completed investment is above zero (`figures`: `annual_figures`
    of `as_of`'s year through `as_of`, when the caller has them)."""
    if figures is None:
        figures = annual_figures(session, [p.id for p in listings], year=as_of.year, through=as_of)
    facts = [replace(p.facts, name=str(p.id), completed_investment=max(
        p.facts.completed_investment or 0, figures.get(p.id, (None, None))[1] or 0)) for p in listings]
    by_id = {str(p.id): p for p in listings}
    found = maths.three_nots(facts, as_of=as_of, grace_days=grace_days)

    def items(key: str) -> list[dict[str, Any]]:
        return [{"id": by_id[n].id, "name": by_id[n].facts.name, "region": by_id[n].region,
                 "plan": by_id[n].facts.plan, "days": found.days[key][n]} for n in getattr(found, key)]

    return {key: items(key) for key in NOT_KEYS}
