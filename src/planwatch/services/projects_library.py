"""The project library as the web workspace uses it: who may see which project, the library
with its filters, one project with its stage track, edits (a stale one refused), monthly
progress reports, and the table an export writes.

Scope is judged on the project's region, else its plan's (`projects.project_region`).
Reporters have no part in the library (Forbidden); a project outside the user's region is
not found (so its id does not leak); viewers read, planners and admins write.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from planwatch.errors import Forbidden, NotFoundError, PlanwatchError, ValidationError
from planwatch.progress.projects import STAGES
from planwatch.services import access, regions
from planwatch.services.auth import Principal
from planwatch.services.page_cache import FIGURES, REPORTS, TASK_WORK
from planwatch.services.projects import (
    DATE_COLUMNS,
    RESERVE,
    ProjectListing,
    _listing,
    _snapshot,
    _stage_row,
    annual_figures,
    count_projects,
    list_projects,
    parse_day,
    set_year_plan,
)
from planwatch.services.xlsx_export import Sheet
from planwatch.store import audit
from planwatch.store.tables import Plan, Region
from planwatch.store.work_tables import Project, ProjectProgress, ProjectStage, ProjectYearPlan

# The steps of the stage track: (stage reached, step name, date column stem).
STEPS: tuple[tuple[str, str, str], ...] = (("新建", "开工", "start"), ("竣工", "竣工", "completion"),
                                           ("达产", "达产", "production"))
LEVEL = {"储备": 0, "新建": 1, "续建": 1, "竣工": 2, "达产": 3}
MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")

# The rates panel reads key projects, their progress and year plans, plans and regions: not
# figures, task reports or extensions (a cached panel survives those: `services.page_cache`).
RATES_UNAFFECTED = FIGURES | TASK_WORK | REPORTS


class StaleEdit(PlanwatchError):
    """The project changed since the form was opened (its version moved on): HTTP 409."""


# --- who may see what -------------------------------------------------------------------------


def require_library(who: Principal) -> None:
    """The library is for admins, planners and viewers; reporters get 403 everywhere in it."""
    if who.role not in ("admin", "planner", "viewer"):
        raise Forbidden(f"a {who.role} has no access to the project library (重点项目)")


def scope_ids(session: Session, who: Principal, region: str | None = None) -> set[int] | None:
    """The region ids a listing covers: the user's subtree (None for an admin: everywhere),
    narrowed to `region`'s subtree when one is chosen (a region outside the scope: 422)."""
    require_library(who)
    if not (region or "").strip():
        return None if who.role == "admin" else _subtree(session, who.region_id) if who.region_id else set()
    return _subtree(session, _chosen(session, who, region or ""))


def _chosen(session: Session, who: Principal, region: str) -> int:
    """The id of the region filter, which must lie in the user's region (else 422)."""
    ref = region_ref(session, region)
    if not access.in_scope(session, who, ref.id):
        raise ValidationError("筛选条件 (filters)", [f"region: {ref.name} is outside your region"])
    return ref.id


def _subtree(session: Session, region_id: int) -> set[int]:
    """`access.subtree`, read once per transaction (a page asks for it several times)."""
    memo: dict[int, set[int]] = session.info.setdefault("projects_subtrees", {})
    if region_id not in memo:
        memo[region_id] = access.subtree(session, region_id)
    return memo[region_id]


def region_ref(session: Session, name: str) -> regions.RegionRef:
    try:
        return regions.resolve_region(session, name=name.strip())
    except ValidationError as e:
        raise ValidationError("筛选条件 (filters)", [f"region: {p}" for p in e.problems]) from None
    except NotFoundError:
        raise ValidationError("筛选条件 (filters)", [f"region: {name.strip()!r}: no region has this name"]) from None


def require_project(session: Session, who: Principal, project_id: int, *, write: bool = False) -> Project:
    """The project if the user may read it (or, with `write`, change it)."""
    require_library(who)
    project = session.get(Project, project_id)
    plan = session.get(Plan, project.plan_id) if project is not None and project.plan_id else None
    region_id = project.region_id or (plan.region_id if plan else None) if project is not None else None
    if project is None or not access.in_scope(session, who, region_id):
        raise NotFoundError(f"project {project_id}: no such project")
    if write and who.role not in ("admin", "planner"):
        raise Forbidden(f"project {project_id}: a {who.role} may not change projects")
    return project


# --- the library --------------------------------------------------------------------------------


def listing_row(p: ProjectListing, year_figures: tuple[float | None, float | None]) -> dict[str, Any]:
    return {**p.as_dict(), "region_id": p.region_id, "version": p.version,
            "year_planned": year_figures[0], "year_completed": year_figures[1]}


def library(session: Session, who: Principal, *, stage: str | None, region: str | None, plan: str | None,
            enterprise: str | None, year: int, through: date, page: int | None = None,
            size: int = 100) -> list[dict[str, Any]]:
    """The projects in scope that pass the filters, with the annual figures of `year` (only
    page `page` of `size` of them when a page is asked for)."""
    problems = []
    if stage and stage not in STAGES:
        problems.append(f"stage: {stage!r}: expected one of {' '.join(STAGES)}")
    plan_key = (plan or "").strip() or None
    if plan_key is not None:
        found = session.scalars(select(Plan).where(Plan.key == plan_key)).one_or_none()
        if found is None or not access.can_see_plan(session, who, found):
            problems.append(f"plan: {plan_key!r}: no such plan")
    if problems:
        raise ValidationError("筛选条件 (filters)", problems)
    ids = scope_ids(session, who, region)
    rows = list_projects(session, plan=plan_key, region_ids=ids, stage=stage or None,
                         enterprise=(enterprise or "").strip() or None,
                         limit=None if page is None else size, offset=0 if page is None else (page - 1) * size)
    figures = annual_figures(session, [p.id for p in rows], year=year, through=through)
    return [listing_row(p, figures.get(p.id, (None, None))) for p in rows]


def library_counts(session: Session, who: Principal, *, stage: str | None, region: str | None, plan: str | None,
                   enterprise: str | None) -> dict[str, int]:
    """How many projects of each stage `library` lists (filters already checked by it)."""
    return count_projects(session, plan=(plan or "").strip() or None, region_ids=scope_ids(session, who, region),
                          stage=stage or None, enterprise=(enterprise or "").strip() or None)


EXPORT_HEADERS = ("规划编号", "项目名称", "建设单位", "地区", "阶段", "总投资(万元)", "累计完成投资(万元)", "年度",
                  "年度计划投资(万元)", "本年完成投资(万元)", "计划开工", "实际开工", "计划竣工", "实际竣工", "计划达产",
                  "实际达产")


def export_sheet(rows: list[dict[str, Any]], *, year: int) -> Sheet:
    """The library as one sheet with Chinese headers; `planwatch projects-import` and the upload
    page read these headers back, so an export edited in Excel imports again."""
    def day(value: Any) -> date | None:
        return date.fromisoformat(value) if isinstance(value, str) else value

    body = [[r["plan"], r["name"], r["enterprise"], r["region"], r["stage"], r["planned_investment"],
             r["completed_investment"], year, r["year_planned"], r["year_completed"],
             *(day(r[f"{kind}_{step}"]) for step in ("start", "completion", "production")
               for kind in ("planned", "actual"))] for r in rows]
    money = "#,##0.##"
    return Sheet("重点项目", EXPORT_HEADERS, body, formats={h: money for h in EXPORT_HEADERS if "万元" in h})


# --- one project --------------------------------------------------------------------------------


def _step_state(planned: date | None, actual: date | None, today: date) -> str:
    if actual is not None:
        return "late-done" if planned is not None and actual > planned else "done"
    if planned is None:
        return "none"
    return "late" if planned < today else "due"


def stage_track(p: ProjectListing, today: date) -> list[dict[str, Any]]:
    """储备 → 开工 → 竣工 → 达产, each step with its planned and actual date and its state
    (done, late-done, late, due, none); `current` marks the project's stage."""
    f = p.facts
    level = LEVEL[f.stage]
    track = [{"step": "入库", "stage": RESERVE, "planned": None, "actual": None,
              "state": "done" if f.is_reserve else "none", "current": level == 0}]
    for stage, name, stem in STEPS:
        planned, actual = getattr(f, f"planned_{stem}"), getattr(f, f"actual_{stem}")
        track.append({"step": name, "stage": stage, "planned": planned, "actual": actual,
                      "state": _step_state(planned, actual, today), "current": LEVEL[stage] == level})
    return track


def project_view(session: Session, who: Principal, project_id: int, *, today: date) -> dict[str, Any]:
    """A project: its facts, the stage track, annual plans, monthly reports, its edit history."""
    project = require_project(session, who, project_id)
    listing = _one(session, project)
    years = session.scalars(select(ProjectYearPlan).where(ProjectYearPlan.project_id == project.id)
                            .order_by(ProjectYearPlan.year.desc()))
    progress = session.scalars(select(ProjectProgress).where(ProjectProgress.project_id == project.id)
                               .order_by(ProjectProgress.month.desc()))
    return {"project": {**listing.as_dict(), "region_id": listing.region_id, "version": project.version},
            "track": stage_track(listing, today),
            "years": [{"year": y.year, "planned": y.planned, "completed": y.completed} for y in years],
            "progress": [{"month": r.month, "cumulative": r.cumulative, "note": r.note, "reported_by": r.reported_by}
                         for r in progress],
            "year_form": _year_form(session, project.id, today.year),
            "can_edit": who.role in ("admin", "planner"), "stages": list(STAGES)}


def _years_of(session: Session, project_id: int) -> set[int]:
    return set(session.scalars(select(ProjectYearPlan.year).where(ProjectYearPlan.project_id == project_id)))


def _year_form(session: Session, project_id: int, year: int) -> dict[str, Any]:
    row = session.scalars(select(ProjectYearPlan).where(ProjectYearPlan.project_id == project_id,
                                                        ProjectYearPlan.year == year)).one_or_none()
    return {"year": year, "planned": row.planned if row else None, "completed": row.completed if row else None}


def _one(session: Session, project: Project) -> ProjectListing:
    plan = session.get(Plan, project.plan_id) if project.plan_id else None
    region_id = project.region_id or (plan.region_id if plan else None)
    region = session.get(Region, region_id) if region_id else None
    stages = list(session.scalars(select(ProjectStage).where(ProjectStage.project_id == project.id)))
    return _listing(project, plan.key if plan else None, stages, region.name if region else None, region_id)


# --- edits --------------------------------------------------------------------------------------

MONEY_FIELDS = ("planned_investment", "completed_investment")


def _number(form: dict[str, str], name: str, problems: list[str]) -> float | None:
    text = form.get(name, "").strip().replace(",", "")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        problems.append(f"{name}: {text!r} is not a number (万元)")
        return None
    if value < 0 or value > 1e12:
        problems.append(f"{name}: {text!r}: expected 0 or more (万元)")
        return None
    return value


def _day(form: dict[str, str], name: str, problems: list[str]) -> date | None:
    text = form.get(name, "").strip()
    if not text:
        return None
    try:
        day = parse_day(text)
    except ValueError:
        problems.append(f"{name}: {text!r} is not a date (write 2026-03-31)")
        return None
    if not 1990 <= day.year <= 2100:
        problems.append(f"{name}: {text!r}: expected a year from 1990 to 2100")
        return None
    return day


@dataclass
class _Parsed:
    fields: dict[str, Any]
    dates: dict[tuple[str, str], date | None]
    year_plan: tuple[int, float | None, float | None] | None
    moved_on: date


def _parse_edit(session: Session, who: Principal, project: Project, form: dict[str, str], today: date) -> _Parsed:
    problems: list[str] = []
    fields: dict[str, Any] = {}
    if "name" in form:
        name = form["name"].strip()
        if not name or len(name) > 256:
            problems.append("name: 1 to 256 characters")
        fields["name"] = name
    if "enterprise" in form:
        fields["enterprise"] = form["enterprise"].strip()[:256] or None
    if "stage" in form:
        if form["stage"] not in STAGES:
            problems.append(f"stage: {form['stage']!r}: expected one of {' '.join(STAGES)}")
        fields["stage"] = form["stage"]
    for name in MONEY_FIELDS:
        if name in form:
            fields[name] = _number(form, name, problems)
    if "region" in form:
        fields["region_id"] = _edit_region(session, who, project, form["region"], problems)
    dates = {key: _day(form, column, problems) for column, key in DATE_COLUMNS.items() if column in form}
    year_plan = None
    if form.get("year", "").strip():
        text = form["year"].strip()
        if not (text.isdigit() and 1990 <= int(text) <= 2100):
            problems.append(f"year: {text!r}: expected a year such as 2026")
        else:
            year_plan = (int(text), _number(form, "year_planned", problems), _number(form, "year_completed", problems))
    moved_on = _day(form, "stage_date", problems) or today
    if problems:
        raise ValidationError(f"project {project.id}", problems)
    return _Parsed(fields, dates, year_plan, moved_on)


def _edit_region(session: Session, who: Principal, project: Project, text: str, problems: list[str]) -> int | None:
    """A project's own region: blank for its plan's; else inside the plan's and the user's."""
    if not text.strip():
        return None
    plan = session.get(Plan, project.plan_id) if project.plan_id else None
    inside = plan.region_id if plan else None
    try:
        ref = regions.resolve_region(session, name=text.strip(), within=inside, inside=inside)
    except ValidationError as e:
        problems.extend(f"region: {p}" for p in e.problems)
        return None
    except NotFoundError:
        problems.append(f"region: {text.strip()!r}: no region has this name")
        return None
    if not access.in_scope(session, who, ref.id):
        problems.append(f"region: {ref.name} is outside your region")
    if project.region_id is None and ref.id == inside:
        return None  # the plan's own region, shown in the form: still "the plan's"
    return ref.id


def _move_stage(session: Session, project: Project, old: str, new: str, day: date) -> None:
    """Moving on fills the actual date of every step reached that has none (the day moved
    on); moving back (a correction) clears the actual dates of the steps no longer reached."""
    rows = {r.stage: r for r in session.scalars(select(ProjectStage).where(ProjectStage.project_id == project.id))}
    for stage, _name, _stem in STEPS:
        if LEVEL[stage] <= LEVEL[new] and LEVEL[new] > LEVEL[old]:
            row = rows.get(stage) or _stage_row(session, project.id, stage)
            if row.actual_date is None:
                row.actual_date = day
        elif LEVEL[stage] > LEVEL[new] and LEVEL[new] < LEVEL[old] and stage in rows:
            rows[stage].actual_date = None


def edit_project(session: Session, who: Principal, project_id: int, *, form: dict[str, str], today: date) -> bool:
    """Apply the edit form (a field left out is kept; present and blank clears it). The form
    carries the `version` it was opened on: a project changed since then raises StaleEdit.
    Returns whether anything changed; a change is audited with before and after."""
    project = require_project(session, who, project_id, write=True)
    version = form.get("version", "").strip()
    if not version.isdigit():
        raise ValidationError(f"project {project_id}", ["version: missing (open the project page again)"])
    if int(version) != project.version:
        raise StaleEdit(f"项目“{project.name}”已被他人修改（第{project.version}版，表单为第{version}版），请刷新后重试")
    parsed = _parse_edit(session, who, project, form, today)
    before = _snapshot(session, project)
    old = project.stage
    for key, value in parsed.fields.items():
        setattr(project, key, value)
    have = set(session.scalars(select(ProjectStage.stage).where(ProjectStage.project_id == project.id)))
    for (stage, column), day in parsed.dates.items():
        if day is not None or stage in have:  # a blank date of a step with no row: nothing to store
            setattr(_stage_row(session, project.id, stage), column, day)
    if project.stage != old:
        session.flush()
        _move_stage(session, project, old, project.stage, parsed.moved_on)
    if parsed.year_plan is not None and (parsed.year_plan[1:] != (None, None)
                                         or parsed.year_plan[0] in _years_of(session, project.id)):
        set_year_plan(session, project.id, parsed.year_plan)
    if project.stage == RESERVE:
        _stage_row(session, project.id, RESERVE)
    session.flush()
    after = _snapshot(session, project)
    if after == before:
        return False
    project.version += 1
    audit.record(session, entity="projects", entity_id=project.id, action="update", before=before, after=after)
    return True


def report_progress(session: Session, who: Principal, project_id: int, *, month: str, cumulative: str,
                    note: str | None) -> ProjectProgress:
    """A monthly report: 本年累计完成投资 to the end of `month` (YYYY-MM). It must not fall
    below an earlier month's of the same year, nor exceed a later one's. Audited."""
    project = require_project(session, who, project_id, write=True)
    problems: list[str] = []
    m = MONTH.match(month.strip())
    if m is None:
        problems.append(f"month: {month!r}: write the month as 2026-10")
    value = _number({"cumulative": cumulative}, "cumulative", problems)
    if value is None and not problems:
        problems.append("cumulative: empty (本年累计完成投资, 万元)")
    if m is not None and value is not None:
        year = m.group(1)
        others = session.execute(select(ProjectProgress.month, ProjectProgress.cumulative).where(
            ProjectProgress.project_id == project.id, ProjectProgress.month.like(f"{year}-%"),
            ProjectProgress.month != month.strip()))
        for other, amount in others:
            if (other < month.strip() and amount > value) or (other > month.strip() and amount < value):
                problems.append(f"cumulative: {value:g} 万元 for {month.strip()} against {amount:g} for {other}: "
                                "a running total of the year never falls")
    if problems:
        raise ValidationError(f"project {project_id}", problems)
    assert value is not None
    row = session.scalars(select(ProjectProgress).where(ProjectProgress.project_id == project.id,
                                                        ProjectProgress.month == month.strip())).one_or_none()
    before = None if row is None else audit.row_dict(row, exclude=("created_at",))
    if row is None:
        row = ProjectProgress(project_id=project.id, month=month.strip(), cumulative=value)
        session.add(row)
    row.cumulative, row.note, row.reported_by = value, (note or "").strip() or None, who.login
    session.flush()
    audit.record(session, entity="project_progress", entity_id=row.id, action="create" if before is None else "update",
                 before=before, after=audit.row_dict(row, exclude=("created_at",)))
    return row


# --- the period and the rates panel -------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """The rates' period [start, end], judged at min(end, as_of); `label` in the UI's words."""

    start: date
    end: date
    as_of: date
    label: str

    @property
    def cutoff(self) -> date:
        return min(self.end, self.as_of)


def _iso(name: str, text: str | None, problems: list[str]) -> date | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        problems.append(f"{name}: {text!r} is not a date (write YYYY-MM-DD, e.g. 2026-10-31)")
        return None
    if not 1990 <= day.year <= 2100:
        problems.append(f"{name}: {text!r}: expected a year from 1990 to 2100")
        return None
    return day


def read_period(*, start: str | None, end: str | None, period: str | None, as_of: str | None, today: date) -> Period:
    """The period from the query string: `period` 2026-10 (1 January to the end of October,
    the 1—N月 of a monthly report) or 2026 (the year); else `from`/`to`; by default 1 January
    of `as_of`'s year to `as_of`. `as_of` defaults to `today`.

    >>> read_period(start=None, end=None, period="2026-10", as_of="2026-12-01", today=date(2026, 12, 1)).label
    '2026年1—10月'
    >>> read_period(start="2026-01-01", end="2026-06-30", period=None, as_of=None, today=date(2026, 12, 1)).label
    '2026年1月1日—2026年6月30日'
    """
    problems: list[str] = []
    day = _iso("as_of", as_of, problems) or today
    text = (period or "").strip()
    first, last, label = _iso("from", start, problems), _iso("to", end, problems), ""
    if text:
        if m := MONTH.match(text):
            y, mo = int(m.group(1)), int(m.group(2))
            first, last = date(y, 1, 1), date(y + mo // 12, mo % 12 + 1, 1) - timedelta(days=1)
            label = f"{y}年1—{mo}月" if mo > 1 else f"{y}年1月"
        elif text.isdigit() and len(text) == 4 and 1990 <= int(text) <= 2100:
            first, last, label = date(int(text), 1, 1), date(int(text), 12, 31), f"{text}年"
        else:
            problems.append(f"period: {text!r}: write a month (2026-10) or a year (2026)")
    first = first or date(day.year, 1, 1)
    last = last or (day if first <= day else date(first.year, 12, 31))
    if last < first:
        problems.append(f"to: {last} is before from: {first}")
    if problems:
        raise ValidationError("统计期 (period)", problems)
    label = label or f"{_cn(first)}—{_cn(last)}"
    return Period(first, last, day, label)


def _cn(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _groups(session: Session, root: int | None) -> tuple[dict[int, int | None], dict[int, str], int | None]:
    """(region → parent, region → name, root): for sorting projects under the root's children."""
    parents: dict[int, int | None] = {}
    names: dict[int, str] = {}
    for rid, parent, name in session.execute(select(Region.id, Region.parent_id, Region.name)):
        parents[rid], names[rid] = parent, name
    return parents, names, root


def group_of(region_id: int | None, parents: dict[int, int | None], root: int | None) -> int | None:
    """The child of `root` that `region_id` lies under (`root` itself for a project at the
    root; the top region when there is no root); None when it is not under the root."""
    node = region_id
    seen = 0
    while node is not None and seen < 8:
        parent = parents.get(node)
        if node == root or parent == root:
            return node
        node, seen = parent, seen + 1
    return None


def panel_key(session: Session, who: Principal, *, region: str | None, plan: str | None, period: Period) -> str:
    """What the rates panel depends on: the region it covers (the chosen one, else the user's;
    `*` for an admin's everywhere), the plan and the period — not who asks, so a city's
    planners and viewers, and an admin looking at that city, share one computed panel."""
    require_library(who)
    root = _chosen(session, who, region) if region and region.strip() else who.region_id
    where = "*" if root is None and who.role == "admin" else str(root)
    return f"projects-rates:{where}:{(plan or '').strip()}:{period.start}:{period.end}:{period.as_of}"


def rates_panel(session: Session, who: Principal, *, region: str | None, plan: str | None,
                period: Period) -> dict[str, Any]:
    """The rates, the 三未 lists and the rates of each region under the chosen one (the
    cities of a province, the counties of a city) over the projects in scope."""
    from planwatch.progress import projects as maths
    from planwatch.services.projects import annual_facts, nots_of, rates_of

    ids = scope_ids(session, who, region)
    root = region_ref(session, region).id if region and region.strip() else who.region_id
    plan_key = (plan or "").strip() or None
    listings = list_projects(session, plan=plan_key, region_ids=ids)
    figures = annual_figures(session, [p.id for p in listings], year=period.end.year, through=period.cutoff)
    facts = annual_facts(session, listings, year=period.end.year, through=period.cutoff, figures=figures)
    parents, names, _ = _groups(session, root)
    grouped: dict[int, list[maths.ProjectFacts]] = {}
    for listing, fact in zip(listings, facts, strict=True):
        g = group_of(listing.region_id, parents, root)
        if g is not None:
            grouped.setdefault(g, []).append(fact)
    by_region = [{"region_id": g, "region": names[g] + ("本级" if g == root else ""), "projects": len(fs),
                  "rates": _counts(rates_of(fs, start=period.start, end=period.end, as_of=period.as_of))}
                 for g, fs in sorted(grouped.items(), key=lambda kv: (kv[0] != root, names[kv[0]]))]
    return {"period": {"from": period.start, "to": period.end, "as_of": period.as_of, "cutoff": period.cutoff,
                       "label": period.label},
            "projects": len(listings),
            "rates": _short(rates_of(facts, start=period.start, end=period.end, as_of=period.as_of)),
            **_first(nots_of(session, listings, as_of=period.cutoff,
                             figures=figures if period.cutoff.year == period.end.year else None)),
            "by_region": by_region}


PENDING_SHOWN, LIST_SHOWN = 20, 50


def _counts(rates: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """A region's rates without the names (the chart and its table need only the counts)."""
    return {k: {**r, "pending": [], "pending_count": len(r["pending"])} for k, r in rates.items()}


def _short(rates: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The panel names the first `PENDING_SHOWN` pending projects of each rate (the counts say
    how many; `project_rates` gives them all)."""
    return {k: {**r, "pending": r["pending"][:PENDING_SHOWN], "pending_count": len(r["pending"])}
            for k, r in rates.items()}


def _first(lists: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """The most overdue `LIST_SHOWN` of each 三未 list, and how many each has."""
    return {"three_nots": {k: v[:LIST_SHOWN] for k, v in lists.items()},
            "three_nots_count": {k: len(v) for k, v in lists.items()}}
