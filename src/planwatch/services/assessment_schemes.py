"""Stored assessment schemes (考核方案) and their runs: save (create or update) a scheme from
its YAML, run it for a date and keep the ranking, and read rankings back with the change of
rank since the previous run.

The stable entry points other parts call (the monthly circular among them):

* ``ranking(session, *, scheme, as_of) -> list[dict]`` — the ranking of scheme `scheme` (its
  name) computed for `as_of` from the figures now stored, nothing written; each dict is a
  `RankRow` as a dict (``region``, ``rank``, ``total``, ``items``, ``groups``, ``adjustment``,
  ``reasons``, ``periods``, ``previous_rank``, ``rank_change``), best first, compared with the
  latest stored run of the scheme for an earlier date.
* ``latest_run(session, *, scheme) -> StoredRun | None`` — the newest stored run (by as_of,
  then when it was run), with its rows in the same form.

Scope: a scheme belongs to its plan's region; `who`-taking functions check it with
`services.access` (out of scope: NotFoundError; wrong role: Forbidden).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from planwatch.errors import Forbidden, NotFoundError, ValidationError
from planwatch.progress.assess import Score, parse_scheme
from planwatch.services import access
from planwatch.services.assessment import run_assessment
from planwatch.services.auth import Principal
from planwatch.services.lookup import find_indicator
from planwatch.store import audit
from planwatch.store.assessment_tables import AssessmentRun, AssessmentScheme
from planwatch.store.base import utcnow
from planwatch.store.tables import Plan, Region

NAME = re.compile(r"^[^\s/\\?#%]{1,64}$")
MAX_YAML = 100_000


@dataclass(frozen=True)
class RankRow:
    region: str
    rank: int
    total: float
    items: dict[str, float]
    groups: dict[str, float] = field(default_factory=dict)
    adjustment: float = 0.0
    reasons: list[str] = field(default_factory=list)
    periods: dict[str, dict[str, float]] = field(default_factory=dict)
    previous_rank: int | None = None
    rank_change: int | None = None  # places moved up since the previous run (negative: down)


@dataclass(frozen=True)
class StoredRun:
    id: int
    scheme: str
    scheme_version: int
    as_of: date
    run_by: str
    run_at: datetime
    rows: list[dict[str, Any]]
    warnings: list[str]


def read_yaml(text: str, *, source: str) -> dict[str, Any]:
    """The YAML text of a scheme as a mapping; a syntax error names its line."""
    if len(text) > MAX_YAML:
        raise ValidationError(source, [f"the scheme is longer than {MAX_YAML} characters"])
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        raise ValidationError(source, [f"not YAML: {where}{getattr(e, 'problem', None) or e}"]) from None
    if not isinstance(data, dict):
        raise ValidationError(source, ["the scheme must be a mapping with plan, name and items or groups"])
    return data


def _check(session: Session, data: dict[str, Any], *, source: str) -> Plan:
    """The scheme's plan, once the scheme parses and every indicator it names is the plan's."""
    scheme = parse_scheme(data, source=source)
    key = data.get("plan")
    if not isinstance(key, str) or not key.strip():
        raise ValidationError(source, ["plan: the key of the plan whose indicators are assessed is required"])
    plan = session.scalars(select(Plan).where(Plan.key == key)).one_or_none()
    if plan is None or plan.current_version_id is None:
        raise ValidationError(source, [f"plan: {key!r} is no published plan"])
    problems = []
    for item in scheme.items:
        if item.rule != "tasks_on_time":
            try:
                find_indicator(session, plan=plan, text=item.indicator, year=0)
            except ValidationError as e:
                problems += [f"{item.label}: {p}" for p in e.problems]
    if problems:
        raise ValidationError(source, problems)
    return plan


def save_scheme(session: Session, *, who: Principal, yaml_text: str, name: str | None = None) -> AssessmentScheme:
    """Create the scheme, or update the one of that name (its version counts up); audited.
    The name is `name`, else the YAML's `name`."""
    data = read_yaml(yaml_text, source=name or "scheme")
    name = (name or str(data.get("name") or "")).strip()
    if not NAME.match(name):
        raise ValidationError("scheme", ["name: 1–64 characters without spaces, slashes, ? # or %"])
    plan = _check(session, {**data, "name": data.get("name") or name}, source=name)
    access.require_region_write(session, who, plan.region_id, "save assessment schemes")
    row = session.scalars(select(AssessmentScheme).where(AssessmentScheme.name == name)).one_or_none()
    if row is not None:
        require_scheme(session, who, row, write=True)
    before = audit.row_dict(row, exclude=("parsed",)) if row else None
    if row is None:
        row = AssessmentScheme(name=name, created_by=who.login, version=1)
    else:
        row.version += 1
        row.updated_at = utcnow()
    row.region_id, row.title = plan.region_id, str(data.get("title") or data.get("name") or name)[:256]
    row.yaml_text, row.parsed = yaml_text, data
    session.add(row)
    session.flush()
    audit.record(session, entity="assessment_schemes", entity_id=row.id, action="update" if before else "create",
                 before=before, after=audit.row_dict(row, exclude=("parsed",)), region_id=row.region_id)
    return row


def require_scheme(session: Session, who: Principal, row: AssessmentScheme, *, write: bool = False) -> AssessmentScheme:
    """The scheme if the user may see it (planners and viewers of its region, admins) or,
    with `write`, change and run it (planners and admins)."""
    if who.role == "reporter" and not write:
        raise Forbidden("a reporter may not open assessments")
    if not access.in_scope(session, who, row.region_id):
        raise NotFoundError(f"assessment scheme {row.name!r}: no such scheme")
    if write and who.role not in ("admin", "planner"):
        raise Forbidden(f"a {who.role} may not change or run assessments")
    return row


def scheme_for(session: Session, who: Principal, name: str, *, write: bool = False) -> AssessmentScheme:
    """The named scheme for this user: a reporter is refused (403) whatever the name, so
    scheme names do not leak; then unknown or out of scope 404, wrong role 403."""
    if who.role == "reporter":
        raise Forbidden("a reporter may not open assessments")
    return require_scheme(session, who, get_scheme(session, name=name), write=write)


def get_scheme(session: Session, *, name: str) -> AssessmentScheme:
    row = session.scalars(select(AssessmentScheme).where(AssessmentScheme.name == name)).one_or_none()
    if row is None:
        raise NotFoundError(f"assessment scheme {name!r}: no such scheme")
    return row


def list_schemes(session: Session, *, who: Principal) -> list[dict[str, Any]]:
    """The schemes in the user's scope, by name, with their latest run's date."""
    if who.role == "reporter":
        raise Forbidden("a reporter may not open assessments")
    rows = list(session.scalars(select(AssessmentScheme).order_by(AssessmentScheme.name)))
    names = dict(session.execute(select(Region.id, Region.name)).all())
    out = []
    for row in rows:
        if access.in_scope(session, who, row.region_id):
            last = latest_run(session, scheme=row.name)
            out.append({"name": row.name, "title": row.title, "region": names.get(row.region_id or -1),
                        "plan": row.parsed.get("plan"), "version": row.version, "updated_at": row.updated_at,
                        "items": len(parse_scheme(row.parsed, source=row.name).items),
                        "last_as_of": last.as_of if last else None})
    return out


def _rows(scores: list[Score], previous: dict[str, int]) -> list[RankRow]:
    return [RankRow(region=s.region, rank=s.rank, total=s.total, items=s.items, groups=s.groups,
                    adjustment=s.adjustment, reasons=s.reasons, periods=s.periods,
                    previous_rank=previous.get(s.region),
                    rank_change=previous[s.region] - s.rank if s.region in previous else None)
            for s in scores]


def _previous_ranks(session: Session, scheme_id: int, before: date) -> dict[str, int]:
    """Region → rank in the latest stored run of the scheme for a date before `before`."""
    run = session.scalars(select(AssessmentRun).where(AssessmentRun.scheme_id == scheme_id,
                                                      AssessmentRun.as_of < before)
                          .order_by(AssessmentRun.as_of.desc(), AssessmentRun.id.desc())).first()
    return {r["region"]: int(r["rank"]) for r in run.results} if run else {}


def compute(session: Session, row: AssessmentScheme, *, as_of: date) -> tuple[list[RankRow], list[str]]:
    result = run_assessment(session, data=row.parsed, source=row.name, as_of=as_of)
    return _rows(result.scores, _previous_ranks(session, row.id, as_of)), result.warnings


def ranking(session: Session, *, scheme: str, as_of: date) -> list[dict[str, Any]]:
    """The ranking of `scheme` for `as_of`, best first, nothing stored (see the module doc)."""
    rows, _warnings = compute(session, get_scheme(session, name=scheme), as_of=as_of)
    return [asdict(r) for r in rows]


def run_scheme(session: Session, *, who: Principal, name: str, as_of: date) -> AssessmentRun:
    """Run the scheme for `as_of` and store the ranking (audited as the user)."""
    row = scheme_for(session, who, name, write=True)
    rows, warnings = compute(session, row, as_of=as_of)
    run = AssessmentRun(scheme_id=row.id, scheme_version=row.version, as_of=as_of, run_by=who.login,
                        results=[asdict(r) for r in rows], warnings=warnings)
    session.add(run)
    session.flush()
    audit.record(session, entity="assessment_runs", entity_id=run.id, action="run", region_id=row.region_id,
                 after={"scheme": row.name, "scheme_version": row.version, "as_of": as_of.isoformat(),
                        "regions": len(rows), "first": rows[0].region if rows else None})
    return run


def _stored(run: AssessmentRun, name: str) -> StoredRun:
    return StoredRun(run.id, name, run.scheme_version, run.as_of, run.run_by, run.run_at, list(run.results),
                     list(run.warnings))


def latest_run(session: Session, *, scheme: str) -> StoredRun | None:
    """The newest stored run of the scheme (by as_of, then run order), or None."""
    row = get_scheme(session, name=scheme)
    run = session.scalars(select(AssessmentRun).where(AssessmentRun.scheme_id == row.id)
                          .order_by(AssessmentRun.as_of.desc(), AssessmentRun.id.desc())).first()
    return _stored(run, row.name) if run else None


def runs_of(session: Session, *, scheme: str) -> list[StoredRun]:
    """Every stored run of the scheme, newest first."""
    row = get_scheme(session, name=scheme)
    runs = session.scalars(select(AssessmentRun).where(AssessmentRun.scheme_id == row.id)
                           .order_by(AssessmentRun.as_of.desc(), AssessmentRun.id.desc()))
    return [_stored(r, row.name) for r in runs]
