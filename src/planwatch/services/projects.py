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
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from planwatch.errors import DocumentError, PlanwatchError, ValidationError
from planwatch.model import Milestone
from planwatch.model import Plan as PlanModel
from planwatch.progress.projects import ProjectFacts, ProjectRates, ThreeNots, project_rates, three_nots
from planwatch.services import regions
from planwatch.services.actuals_file import read_table
from planwatch.services.cells import parse_date
from planwatch.services.lookup import current_plan
from planwatch.services.plans import get_plan
from planwatch.store import audit
from planwatch.store.tables import Plan, PlanVersion, Region
from planwatch.store.work_tables import PROJECT_STAGES, Project, ProjectStage

COLUMNS: tuple[str, ...] = (
    "plan", "name", "enterprise", "region", "planned_investment", "completed_investment", "stage",
    "planned_start", "actual_start", "planned_completion", "actual_completion", "planned_production",
    "actual_production",
)
DATE_COLUMNS: dict[str, tuple[str, str]] = {  # column → (project_stages.stage, its date column)
    f"{kind}_{step}": (stage, f"{kind}_date")
    for step, stage in (("start", "新建"), ("completion", "竣工"), ("production", "达产"))
    for kind in ("planned", "actual")
}
ACTION_STAGES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("开工",), "新建"), (("竣工", "建成"), "竣工"), (("投产", "达产"), "达产"),
)
RESERVE = PROJECT_STAGES[0]

Dates = dict[tuple[str, str], date | None]


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
    return {**audit.row_dict(project, exclude=("created_at",)),
            "stages": {s.stage: [audit.jsonable(s.planned_date), audit.jsonable(s.actual_date)] for s in stages}}


def _stage_row(session: Session, project_id: int, stage: str) -> ProjectStage:
    row = session.scalars(select(ProjectStage).where(ProjectStage.project_id == project_id,
                                                     ProjectStage.stage == stage)).one_or_none()
    if row is None:
        row = ProjectStage(project_id=project_id, stage=stage)
        session.add(row)
    return row


def upsert_project(session: Session, *, plan_id: int, name: str, fields: dict[str, Any], dates: Dates) -> str:
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
    if project.stage == RESERVE:  # a 储备 stage row remembers the project came from the reserve
        _stage_row(session, project.id, RESERVE)
    session.flush()
    after = _snapshot(session, project)
    if after == before:
        return "unchanged"
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
    header = [h.strip().lower() for h in table[0]]
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
    if cells.get("enterprise"):
        fields["enterprise"] = cells["enterprise"]
    if plan is not None and cells.get("region"):
        fields["region_id"] = _check_region(session, cells["region"], plan, problems)
    if problems or plan is None:
        return problems
    return _Checked(line, plan.id, cells["name"], fields, dates)


def validate_projects(session: Session, rows: list[tuple[int, dict[str, str]]], *, source: str) -> list[_Checked]:
    """Every row checked; one ValidationError naming each problem by row number."""
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
    if problems:
        raise ValidationError(source, problems)
    return checked


def import_projects(session: Session, *, path: Path) -> Outcome:
    """`planwatch projects-import FILE`: validate every row, then create or update them all.
    Blank cells leave what is stored; nothing is written when any row is bad."""
    checked = validate_projects(session, read_project_file(path), source=str(path))
    outcome = Outcome()
    for c in checked:
        outcome.count(upsert_project(session, plan_id=c.plan_id, name=c.name, fields=c.fields, dates=c.dates))
    return outcome


# --- listing and rates --------------------------------------------------------------------


@dataclass(frozen=True)
class ProjectListing:
    """A stored project as `planwatch projects` shows it."""

    id: int
    facts: ProjectFacts
    enterprise: str | None
    region: str | None

    def as_dict(self) -> dict[str, Any]:
        facts = {k: audit.jsonable(v) for k, v in self.facts.__dict__.items()}
        return {"id": self.id, **facts, "enterprise": self.enterprise, "region": self.region}


def _listing(project: Project, plan_key: str | None, stages: list[ProjectStage], region: str | None) -> ProjectListing:
    found = {s.stage: s for s in stages}
    days = {column: getattr(found[stage], attr) if stage in found else None
            for column, (stage, attr) in DATE_COLUMNS.items()}
    facts = ProjectFacts(name=project.name, stage=project.stage, planned_investment=project.planned_investment,
                         completed_investment=project.completed_investment, plan=plan_key,
                         from_reserve=RESERVE in found, **days)
    return ProjectListing(project.id, facts, project.enterprise, region)


def list_projects(session: Session, *, plan: str | None = None) -> list[ProjectListing]:
    """Projects (of one plan, or all), by plan and name."""
    query = (select(Project, Plan.key, Region.name).outerjoin(Plan, Project.plan_id == Plan.id)
             .outerjoin(Region, Project.region_id == Region.id).order_by(Plan.key, Project.name, Project.id))
    if plan is not None:
        get_plan(session, key=plan)  # an unknown key is an error, not an empty list
        query = query.where(Plan.key == plan)
    rows = session.execute(query).all()
    stages: dict[int, list[ProjectStage]] = {}
    for s in session.scalars(select(ProjectStage).where(ProjectStage.project_id.in_([r[0].id for r in rows]))):
        stages.setdefault(s.project_id, []).append(s)
    return [_listing(p, key, stages.get(p.id, []), region) for p, key, region in rows]


def project_report(
    session: Session, *, start: date, end: date, as_of: date, plan: str | None = None
) -> tuple[ProjectRates, ThreeNots]:
    """The period's rates (judged at the earlier of `end` and `as_of`) and the 三未 lists as of
    `as_of`, over the listed projects."""
    facts = [p.facts for p in list_projects(session, plan=plan)]
    return project_rates(facts, start=start, end=end, as_of=as_of), three_nots(facts, as_of=as_of)
