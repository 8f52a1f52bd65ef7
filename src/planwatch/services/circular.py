"""月报 / 通报: the one place the circular's facts are gathered from the tracked data, its
per-region profile is read and edited, and issued circulars are recorded.

`gather` reads what exists today: `services.status.plan_status` (indicator progress against
序时进度), `services.tasks.list_tasks` (三色 escalation), `services.projects.project_report`
(四督四保 rates and 三未). When the 督查督办, project-library or assessment groups expose
`department_table`, `project_rates`/`three_nots` or `ranking`, only the `_indicators`,
`_tasks`, `_projects` or `_regions` helper here changes.

`issue` renders the three files, stores them with their SHA-256 and a snapshot of the
printed figures, and advances the profile's 发文字号 or 期号; the next circular's "较上期"
compares with that snapshot, and a sent circular is downloaded again byte for byte.
"""

from __future__ import annotations

import base64
import hashlib
from collections import defaultdict
from dataclasses import dataclass, fields, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from planwatch.circular import files
from planwatch.circular.build import build
from planwatch.circular.model import (
    LAYOUTS,
    Circular,
    CircularFacts,
    ComparisonFact,
    IndicatorFact,
    Profile,
    RateFact,
    RegionFact,
    TaskFact,
)
from planwatch.circular.wording import Period, parse_period
from planwatch.errors import NotFoundError, ValidationError
from planwatch.services import projects as projects_service
from planwatch.services.access import subtree
from planwatch.services.regions import RegionRef, resolve_region
from planwatch.services.status import StatusRow, plan_status
from planwatch.services.tasks import list_tasks
from planwatch.store import audit
from planwatch.store.circular_tables import CircularProfile, IssuedCircular
from planwatch.store.tables import Indicator, Observation, Plan, Region

RECIPIENTS = {"province": "各市人民政府，省直有关单位", "city": "各县（市、区）人民政府，市直有关单位",
              "county": "各乡镇人民政府，县直有关单位"}
PROFILE_FIELDS = ("issuer", "mark", "number_prefix", "next_number", "recipients", "cc", "editor", "bulletin",
                  "next_issue", "report_day")
INT_FIELDS = {"next_number": (1, 99999), "next_issue": (1, 999), "report_day": (1, 28)}


# --- profile -------------------------------------------------------------------------------

def default_profile(region: RegionRef) -> Profile:
    """What a region's circular says before a planner sets its profile."""
    issuer = f"{region.name}发展和改革委员会"
    return Profile(region=region.name, issuer=issuer, mark=f"{issuer}文件", number_prefix=f"{region.name[:1]}发改规划",
                   next_number=1, recipients=RECIPIENTS.get(region.level, "各有关单位"), cc=f"{region.name}人民政府办公室",
                   editor=issuer, bulletin="规划实施推进情况通报", next_issue=1)


def get_profile(session: Session, *, region: str) -> Profile:
    ref = resolve_region(session, name=region)
    row = session.scalars(select(CircularProfile).where(CircularProfile.region_id == ref.id)).one_or_none()
    if row is None:
        return default_profile(ref)
    return Profile(region=ref.name, **{f: getattr(row, f) for f in PROFILE_FIELDS})


def check_profile(values: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The fields cleaned, and every problem (not just the first)."""
    clean: dict[str, Any] = {}
    problems: list[str] = []
    for name in PROFILE_FIELDS:
        raw = str(values.get(name, "") or "").strip()
        if name in INT_FIELDS:
            low, high = INT_FIELDS[name]
            if not raw.isdigit() or not low <= int(raw) <= high:
                problems.append(f"{name}: 应为 {low}–{high} 的整数 (got {raw!r})")
            else:
                clean[name] = int(raw)
        elif not raw and name != "cc":
            problems.append(f"{name}: 不能为空")
        elif len(raw) > (500 if name in ("recipients", "cc") else 120):
            problems.append(f"{name}: 过长")
        elif any(ch in raw for ch in "\x00\r\n"):
            problems.append(f"{name}: 含有换行或控制字符")
        else:
            clean[name] = raw.rstrip("：:。") if name in ("recipients", "cc") else raw
    return clean, problems


def save_profile(session: Session, *, region: str, values: dict[str, Any], actor: str) -> Profile:
    """Create or replace a region's profile (audited); a ValidationError lists every bad field."""
    ref = resolve_region(session, name=region)
    clean, problems = check_profile(values)
    if problems:
        raise ValidationError("circular profile", problems)
    row = session.scalars(select(CircularProfile).where(CircularProfile.region_id == ref.id)
                          .with_for_update()).one_or_none()
    before = audit.row_dict(row) if row is not None else None
    if row is None:
        row = CircularProfile(region_id=ref.id, updated_by=actor, **clean)
        session.add(row)
    else:
        for k, v in clean.items():
            setattr(row, k, v)
        row.updated_by = actor
    session.flush()
    audit.record(session, entity="circular_profiles", entity_id=row.id, action="update" if before else "create",
                 before=before, after=audit.row_dict(row), region_id=ref.id)
    return get_profile(session, region=ref.name)


# --- facts ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Scope:
    region: RegionRef
    plans: list[Plan]


def scope_of(session: Session, *, region: str, plan: str | None, period: Period) -> Scope:
    """The region and its published plans (or the one plan), checked against the period."""
    ref = resolve_region(session, name=region)
    inside = subtree(session, ref.id)
    query = select(Plan).where(Plan.current_version_id.is_not(None)).order_by(Plan.key)
    plans = [p for p in session.scalars(query) if p.region_id in inside]
    if plan is not None:
        plans = [p for p in plans if p.key == plan]
        if not plans:
            raise NotFoundError(f"plan {plan!r}: no published plan of {ref.name} has this key")
    if not plans:
        raise NotFoundError(f"{ref.name}: no published plan to report on")
    starts = [y for p in plans for y in session.scalars(select(Indicator.start_year).where(
        Indicator.plan_version_id == p.current_version_id, Indicator.start_year.is_not(None))) if y is not None]
    if starts and period.end < date(min(starts), 1, 1):
        raise ValidationError("--period", [f"{period.label} is before the plan starts ({min(starts)}年)"])
    return Scope(ref, plans)


def gather(session: Session, *, region: str, period: str | Period, plan: str | None = None,
           as_of: date | None = None, generated_at: datetime, layout: str = "tongbao",
           compare: bool = False) -> CircularFacts:
    """Every fact the circular prints, for a region (all its plans, or one) and a period;
    `compare` adds the 对标 of each plan that has a stored parent link."""
    p = parse_period(period) if isinstance(period, str) else period
    scope = scope_of(session, region=region, plan=plan, period=p)
    end = min(as_of or p.end, p.end)
    prev = p.previous()
    last = last_issue(session, region_id=scope.region.id, plan=plan, period=prev.key if prev else None)
    keys = [pl.key for pl in scope.plans]
    inside = subtree(session, scope.region.id)
    rows = _indicators(session, keys, end, inside)
    prev_rows = _indicators(session, keys, prev.end, inside) if prev else []
    indicators = _indicator_facts(session, rows, prev_rows, last)
    rates, nots, investment = _projects(session, inside, plan, p, end, prev, last)
    return CircularFacts(
        region=scope.region.name, plans=tuple((pl.key, pl.title or pl.key) for pl in scope.plans), period=p,
        as_of=end, generated_at=generated_at, profile=get_profile(session, region=scope.region.name),
        indicators=tuple(indicators), tasks=tuple(_tasks(session, keys, end, prev.end if prev else None)),
        rates=rates, three_nots=nots, investment=investment,
        regions=tuple(_regions(scope.region, rows, prev_rows, p, last)),
        sources=tuple(_sources(session, rows)),
        comparisons=tuple(_comparisons(session, scope.plans)) if compare else (),
    )


def _comparisons(session: Session, plans: list[Plan]) -> list[ComparisonFact]:
    """The 对标 (`services.compare.compare_plans`) of each plan with a confirmed parent link,
    its rows as the 对标 page's XLSX writes them; plans without a link are left out."""
    from planwatch.services import compare

    out = []
    for row in plans:
        if compare.link_of(session, row) is None:
            continue
        try:
            c = compare.compare_plans(session, key=row.key)
        except NotFoundError:  # the parent has no published version any more
            continue
        if c.parent is None or c.top_line is None:
            continue
        data = compare.comparison_json(c)
        title = row.title or compare.current_plan(session, row).meta.title or ""
        rows = tuple((r["parent"]["metric"], compare.goal_cell(r["parent"]),
                      r["child"]["metric"] if r["child"] else "—", compare.goal_cell(r["child"]),
                      r["verdict_zh"], r["rule"]) for r in data["rows"])
        out.append(ComparisonFact(plan=row.key, title=title, region=row.region_name, parent=c.parent.key,
                                  parent_title=c.parent.title or c.parent.key, top_line=c.top_line, rows=rows))
    return out


def _indicators(session: Session, keys: list[str], as_of: date, inside: set[int]) -> list[StatusRow]:
    out: list[StatusRow] = []
    for key in keys:
        out += [r for r in plan_status(session, as_of=as_of, plan=key) if r.region_id is None or r.region_id in inside]
    return out


def _key(r: StatusRow) -> str:
    return f"{r.indicator_id}:{r.region_id or 0}"


def _indicator_facts(session: Session, rows: list[StatusRow], prev_rows: list[StatusRow],
                     last: IssuedCircular | None) -> list[IndicatorFact]:
    before = {_key(r): r.gap for r in prev_rows}
    if last is not None:
        before.update(last.snapshot.get("gaps", {}))
    year_ago = _year_ago(session, rows)
    return [IndicatorFact(
        plan=r.plan, metric=r.metric, region=r.region, unit=r.unit, target=r.target.get("value"),
        target_year=r.target.get("year"), actual=r.latest.get("value"), actual_period=r.latest.get("period"),
        previous_actual=year_ago.get(_key(r)), completion=r.covered, elapsed=r.elapsed, gap=r.gap,
        previous_gap=before.get(_key(r)), status=r.status, status_label=r.status_label, key=_key(r)) for r in rows]


def _year_ago(session: Session, rows: list[StatusRow]) -> dict[str, float]:
    """The figure one year before each row's latest (2019-09 → 2018-09), for 同比."""
    wanted = {}
    for r in rows:
        period = r.latest.get("period")
        if period and period[:4].isdigit():
            wanted[(r.indicator_id, r.region_id, str(int(period[:4]) - 1) + period[4:])] = _key(r)
    if not wanted:
        return {}
    ids = {k[0] for k in wanted}
    found: dict[str, float] = {}
    for ind, region, period, value in session.execute(
            select(Observation.indicator_id, Observation.region_id, Observation.period, Observation.value)
            .where(Observation.indicator_id.in_(ids))):
        key = wanted.get((ind, region, period))
        if key:
            found[key] = value
    return found


def _tasks(session: Session, keys: list[str], as_of: date, prev_end: date | None) -> list[TaskFact]:
    rows = list_tasks(session, as_of=as_of, plan_keys=keys)
    before = {r.task_id: r.colour for r in list_tasks(session, as_of=prev_end, plan_keys=keys)} if prev_end else {}
    return [TaskFact(plan=r.plan, title=r.title, lead=tuple(u.department or u.raw_name for u in r.lead),
                     support=tuple(u.department or u.raw_name for u in r.support), deadline=r.deadline,
                     state=r.state, percent=r.percent, colour=r.colour, previous_colour=before.get(r.task_id),
                     overdue=r.overdue) for r in rows]


RATE_NAMES = (("started", "开工率"), ("completed", "竣工率"), ("producing", "达产率"), ("converted", "转化率"),
              ("investment", "投资完成率"))
NOT_KEYS = ("approved_not_started", "started_not_building", "building_not_completed")


def _projects(session: Session, inside: set[int], plan: str | None, p: Period, end: date, prev: Period | None,
              last: IssuedCircular | None) -> tuple[tuple[RateFact, ...], dict[str, tuple[str, ...]],
                                                   tuple[tuple[str, float | None, float], ...]]:
    """四督四保 from the project library's own panel (`services.projects.project_rates` and
    `three_nots`, over the projects of the region's subtree)."""
    start = date(p.year, 1, 1)
    now = projects_service.project_rates(session, region_ids=inside, period_start=start, period_end=p.end,
                                         as_of=end, plan=plan)
    if not now["projects"]:
        return (), {}, ()
    before = (projects_service.project_rates(session, region_ids=inside, period_start=start, period_end=prev.end,
                                             as_of=prev.end, plan=plan)
              if prev is not None and prev.year == p.year else None)
    rates = []
    for attr, name in RATE_NAMES:
        r = now["rates"][attr]
        old = before["rates"][attr]["value"] if before is not None else None
        prior = last.snapshot.get("rates", {}).get(name) if last is not None else old
        rates.append(RateFact(name, float(r["denominator"]), float(r["numerator"]), r["value"], prior,
                              tuple(str(x) for x in r.get("pending", ()))))
    lists = projects_service.three_nots(session, region_ids=inside, as_of=end, plan=plan)["lists"]
    nots = {k: tuple(item["name"] for item in lists.get(k, [])) for k in NOT_KEYS}
    line = [(f"{m}月", v, round(s, 1)) for m, v, s in (last.snapshot.get("investment", []) if last else [])
            if m < p.last]
    value = now["rates"]["investment"]["value"]
    line.append((f"{p.last}月", None if value is None else round(value * 100, 1), round(p.elapsed * 100, 1)))
    return tuple(rates), nots, tuple(line)


def _regions(region: RegionRef, rows: list[StatusRow], prev_rows: list[StatusRow], p: Period,
             last: IssuedCircular | None) -> list[RegionFact]:
    """Sub-regions with figures or allocations: mean completion, lagging count, reported."""
    def by_region(rs: list[StatusRow]) -> dict[str, list[StatusRow]]:
        out: dict[str, list[StatusRow]] = defaultdict(list)
        for r in rs:
            if r.region and r.region_id != region.id:
                out[r.region].append(r)
        return out

    now, before = by_region(rows), by_region(prev_rows)
    snapshot = last.snapshot.get("scores", {}) if last else {}
    out = []
    for name, rs in sorted(now.items()):
        covered = [r.covered for r in rs if r.covered is not None]
        old = [r.covered for r in before.get(name, []) if r.covered is not None]
        reported = any(r.latest.get("period") and str(r.latest["period"]).startswith(str(p.year)) for r in rs)
        out.append(RegionFact(
            region=name, score=sum(covered) / len(covered) if covered else None,
            previous_score=snapshot.get(name, sum(old) / len(old) if old else None),
            indicators=sum(1 for r in rs if r.latest.get("value") is not None),
            lagging=sum(1 for r in rs if r.gap is not None and r.gap < -10), reported=reported))
    return out


def _sources(session: Session, rows: list[StatusRow]) -> list[str]:
    ids = {r.indicator_id for r in rows}
    if not ids:
        return []
    found = session.scalars(select(Observation.source).where(Observation.indicator_id.in_(ids),
                                                             Observation.source.is_not(None)).distinct())
    return sorted({s.split("/")[0] for s in found if s})[:5]


# --- circulars: make, issue, fetch ---------------------------------------------------------

def make(session: Session, *, region: str, period: str, plan: str | None = None, as_of: date | None = None,
         layout: str = "tongbao", generated_at: datetime, lead: str | None = None,
         requirements: list[str] | None = None, compare: bool = False) -> Circular:
    """The circular's content (nothing stored); `compare` adds the 对标情况表."""
    if layout not in LAYOUTS:
        raise ValidationError("--layout", [f"{layout!r}: one of {', '.join(LAYOUTS)}"])
    facts = gather(session, region=region, period=period, plan=plan, as_of=as_of, generated_at=generated_at,
                   layout=layout, compare=compare)
    return build(facts, layout=layout, lead=lead or None, requirements=requirements or None)


def last_issue(session: Session, *, region_id: int, plan: str | None, period: str | None) -> IssuedCircular | None:
    """The latest issued circular of the region (and plan) for `period`, if any."""
    if period is None:
        return None
    query = (select(IssuedCircular).where(IssuedCircular.region_id == region_id, IssuedCircular.period == period,
                                          IssuedCircular.plan_key.is_(None) if plan is None
                                          else IssuedCircular.plan_key == plan)
             .order_by(IssuedCircular.issued_at.desc(), IssuedCircular.id.desc()))
    return session.scalars(query).first()


def snapshot(c: Circular, facts: CircularFacts) -> dict[str, Any]:
    return {
        "gaps": {i.key: i.gap for i in facts.indicators},
        "scores": {r.region: r.score for r in facts.regions if r.score is not None},
        "rates": {r.name: r.rate for r in facts.rates},
        "investment": [[int(m.rstrip("月")), v, s] for m, v, s in facts.investment],
        "text": c.text(),
    }


def issue(session: Session, *, region: str, period: str, plan: str | None = None, as_of: date | None = None,
          layout: str = "tongbao", generated_at: datetime, actor: str, lead: str | None = None,
          requirements: list[str] | None = None, compare: bool = False) -> IssuedCircular:
    """Number, render and keep a circular (audited); the profile's counter moves on."""
    if layout not in LAYOUTS:
        raise ValidationError("--layout", [f"{layout!r}: one of {', '.join(LAYOUTS)}"])
    facts = gather(session, region=region, period=period, plan=plan, as_of=as_of, generated_at=generated_at,
                   compare=compare)
    profile = facts.profile
    number = profile.next_number if layout == "tongbao" else profile.next_issue
    facts = replace(facts, issue_number=number)
    c = build(facts, layout=layout, lead=lead or None, requirements=requirements or None)
    data = files.render_all(c, files.FORMATS)
    ref = resolve_region(session, name=facts.region)
    row = IssuedCircular(region_id=ref.id, plan_key=plan, period=facts.period.key, layout=layout, number=number,
                         doc_number=c.doc_number, title=c.title, as_of=facts.as_of, issued_by=actor,
                         issued_at=generated_at, hashes={k: hashlib.sha256(v).hexdigest() for k, v in data.items()},
                         files={k: base64.b64encode(v).decode() for k, v in data.items()}, snapshot=snapshot(c, facts))
    session.add(row)
    counter = {"next_number": number + 1} if layout == "tongbao" else {"next_issue": number + 1}
    values = {**{f.name: getattr(profile, f.name) for f in fields(profile) if f.name in PROFILE_FIELDS}, **counter}
    save_profile(session, region=facts.region, values=values, actor=actor)
    session.flush()
    audit.record(session, entity="issued_circulars", entity_id=row.id, action="issue",
                 after={k: audit.jsonable(getattr(row, k)) for k in ("period", "layout", "doc_number", "title",
                                                                     "as_of", "hashes")}, region_id=ref.id)
    return row


def issued(session: Session, *, region_ids: set[int] | None) -> list[IssuedCircular]:
    """Issued circulars, newest first (of the regions given; None: all)."""
    query = select(IssuedCircular).order_by(IssuedCircular.issued_at.desc(), IssuedCircular.id.desc())
    rows = list(session.scalars(query))
    return [r for r in rows if region_ids is None or r.region_id in region_ids]


def issued_file(session: Session, *, issue_id: int, fmt: str) -> tuple[IssuedCircular, bytes]:
    row = session.get(IssuedCircular, issue_id)
    if row is None or fmt not in row.files:
        raise NotFoundError(f"circular {issue_id}: no such issued circular")
    return row, base64.b64decode(row.files[fmt])


def region_name(session: Session, region_id: int) -> str:
    region = session.get(Region, region_id)
    return region.name if region else ""


# --- the web page's helpers ----------------------------------------------------------------

def default_period(session: Session, *, region: str, today: date) -> str:
    """The month of the region's latest figure (what a circular would report on), else the
    month before `today`."""
    ref = resolve_region(session, name=region)
    inside = subtree(session, ref.id)
    versions = [p.current_version_id for p in session.scalars(select(Plan).where(Plan.current_version_id.is_not(None)))
                if p.region_id in inside]
    latest = None
    if versions:
        latest = session.scalar(select(Observation.period_end).join(Indicator, Indicator.id == Observation.indicator_id)
                                .where(Indicator.plan_version_id.in_(versions))
                                .order_by(Observation.period_end.desc()).limit(1))
    day = latest or date.fromordinal(today.replace(day=1).toordinal() - 1)
    return f"{day.year}-{day.month:02d}"


def region_plans(session: Session, *, region: str) -> list[tuple[str, str]]:
    """(key, title) of the region's published plans, for the page's choice."""
    ref = resolve_region(session, name=region)
    inside = subtree(session, ref.id)
    return [(p.key, p.title or p.key) for p in session.scalars(
        select(Plan).where(Plan.current_version_id.is_not(None)).order_by(Plan.key)) if p.region_id in inside]


def content(c: Circular) -> dict[str, Any]:
    """The circular as JSON-ready data: the page and its `.json` twin show the same blocks
    (charts as the SVG the PDF embeds)."""
    from planwatch.circular import charts
    from planwatch.circular.model import Chart, Heading, Para, Table

    def block(b: Any) -> dict[str, Any]:
        if isinstance(b, Heading):
            return {"type": "heading", "level": b.level, "text": b.text}
        if isinstance(b, Para):
            return {"type": "para", "text": b.lead + b.text}
        if isinstance(b, Table):
            return {"type": "table", "key": b.key, "title": b.title, "columns": list(b.columns),
                    "rows": [list(r) for r in b.rows], "colour_column": b.colour_column, "note": b.unit_note,
                    "empty": b.empty_note}
        assert isinstance(b, Chart)
        return {"type": "chart", "key": b.key, "title": b.title,
                "svg": base64.b64encode(charts.render(b, "svg")).decode()}

    return {"layout": c.layout, "mark": c.mark, "doc_number": c.doc_number, "title": c.title,
            "title_lines": list(c.title_lines), "recipients": c.recipients, "blocks": [block(b) for b in c.body],
            "attachments": [{"number": a.number, "title": a.title, "table": block(a.table)} for a in c.attachments],
            "issuer": c.issuer, "date": c.date, "note": c.note, "cc": c.cc, "data_note": list(c.data_note)}


def issued_rows(session: Session, *, region_ids: set[int] | None) -> list[dict[str, Any]]:
    names = dict(session.execute(select(Region.id, Region.name)).all())
    return [{"id": r.id, "region": names.get(r.region_id), "plan": r.plan_key, "period": r.period,
             "layout": r.layout, "doc_number": r.doc_number, "title": r.title, "as_of": r.as_of,
             "issued_by": r.issued_by, "issued_at": r.issued_at, "hashes": r.hashes}
            for r in issued(session, region_ids=region_ids)]


def seed_demo_profile(session: Session) -> None:
    """The demo's 安徽省 profile, so the 月报 page opens with a real issuer and numbering."""
    save_profile(session, region="安徽省", actor="demo", values={
        "issuer": "安徽省发展和改革委员会", "mark": "安徽省发展和改革委员会文件", "number_prefix": "皖发改规划",
        "next_number": 36, "recipients": "各市人民政府，省直有关单位", "cc": "省委办公厅，省人大常委会办公厅，省政府办公厅",
        "editor": "安徽省发展和改革委员会规划处", "bulletin": "规划实施推进情况通报", "next_issue": 10, "report_day": 25})
