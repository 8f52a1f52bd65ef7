"""A project file uploaded in the browser: checked first, confirmed second.

`check_upload` reads the file (CSV or XLSX, the columns of `planwatch projects-import` or the
Chinese headers of the export), checks every row — the rows `validate_projects` checks, plus
the user's scope: a project outside the uploader's region is a row problem — and, when all
are good, keeps the rows in `project_uploads` under a random id and answers a preview of
what confirming would create or update. Nothing else is written. `confirm_upload` checks the
kept rows again (the library may have changed meanwhile) and writes them all, or none.
Only the uploader may confirm; an upload older than `MAX_AGE` is gone.
"""

from __future__ import annotations

import secrets
import tempfile
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from planwatch.errors import NotFoundError, ValidationError
from planwatch.services import access
from planwatch.services.auth import Principal
from planwatch.services.projects import (
    Outcome,
    _Checked,
    check_rows,
    read_project_file,
    upsert_project,
)
from planwatch.services.projects_library import require_library
from planwatch.store import audit
from planwatch.store.base import utcnow
from planwatch.store.tables import Plan, Region
from planwatch.store.work_tables import Project, ProjectUpload

MAX_AGE = timedelta(days=1)
SUFFIXES = (".csv", ".xlsx", ".txt")


@dataclass(frozen=True)
class Checked:
    """A good file kept for confirmation: its id and one preview row per project."""

    staged: str
    filename: str
    preview: list[dict[str, Any]]


def _read(filename: str, data: bytes) -> list[tuple[int, dict[str, str]]]:
    suffix = Path(filename).suffix.lower()
    if suffix not in SUFFIXES:
        raise ValidationError(filename, [f"file type {suffix or '(none)'}: upload a .csv or .xlsx file"])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(data)
        rows = read_project_file(path)
    if not rows:
        raise ValidationError(filename, ["no data rows below the header"])
    return rows


def _check(session: Session, who: Principal, filename: str, rows: list[tuple[int, dict[str, str]]]) -> list[_Checked]:
    """Every row valid and inside the user's region, else one ValidationError listing all."""
    checked, problems = check_rows(session, rows)
    plans = {p.id: p for p in session.scalars(select(Plan).where(Plan.id.in_({c.plan_id for c in checked})))}
    bad: set[int] = set()
    for c in checked:
        plan = plans[c.plan_id]
        region_id = c.fields.get("region_id") or plan.region_id
        if not access.can_see_plan(session, who, plan):
            problems.append(f"row {c.line}: plan {plan.key!r}: not imported (see `planwatch plans`)")
            bad.add(c.line)
        elif not access.in_scope(session, who, region_id):
            region = session.get(Region, region_id) if region_id else None
            problems.append(f"row {c.line}: region {region.name if region else '—'}: outside your region")
            bad.add(c.line)
    if problems:
        raise ValidationError(filename, sorted(problems, key=_row_number))
    return [c for c in checked if c.line not in bad]


def _row_number(problem: str) -> tuple[int, str]:
    head = problem.split(":", 1)[0].removeprefix("row ")
    return (int(head) if head.isdigit() else 0, problem)


def _preview(session: Session, checked: list[_Checked]) -> list[dict[str, Any]]:
    out = []
    for c in checked:
        exists = session.scalars(select(Project.id).where(Project.plan_id == c.plan_id, Project.name == c.name)
                                 .limit(1)).first()
        plan = session.get(Plan, c.plan_id)
        changes = {k: audit.jsonable(v) for k, v in c.fields.items() if k != "region_id"}
        changes.update({f"{s}.{col}": audit.jsonable(d) for (s, col), d in c.dates.items()})
        if c.year_plan is not None:
            changes["year_plan"] = list(c.year_plan)
        out.append({"line": c.line, "plan": plan.key if plan else None, "name": c.name,
                    "action": "update" if exists else "create", "project_id": exists, "changes": changes})
    return out


def check_upload(session: Session, who: Principal, *, filename: str, data: bytes) -> Checked:
    """Check the file; when every row is good, keep it for `confirm_upload` (audited)."""
    require_library(who)
    if who.role not in ("admin", "planner"):
        access.require_region_write(session, who, who.region_id, "import projects")
    rows = _read(filename, data)
    checked = _check(session, who, filename, rows)
    session.execute(delete(ProjectUpload).where(ProjectUpload.created_at < utcnow() - MAX_AGE))
    staged = ProjectUpload(id=secrets.token_hex(16), login=who.login, filename=filename[:256],
                           rows=[[line, cells] for line, cells in rows])
    session.add(staged)
    session.flush()
    audit.record(session, entity="project_uploads", entity_id=staged.id, action="check",
                 after={"filename": staged.filename, "rows": len(rows)}, region_id=who.region_id)
    return Checked(staged.id, staged.filename, _preview(session, checked))


def confirm_upload(session: Session, who: Principal, *, staged: str) -> Outcome:
    """Write a checked upload (every row checked again first), then forget it."""
    require_library(who)
    if who.role not in ("admin", "planner"):
        access.require_region_write(session, who, who.region_id, "import projects")
    row = session.get(ProjectUpload, staged)
    if row is None or row.login != who.login or _age(row) > MAX_AGE:
        raise NotFoundError(f"upload {staged}: no such checked upload (check the file again)")
    rows = [(int(line), {str(k): str(v) for k, v in cells.items()}) for line, cells in row.rows]
    checked = _check(session, who, row.filename, rows)
    outcome = Outcome()
    for c in checked:
        outcome.count(upsert_project(session, plan_id=c.plan_id, name=c.name, fields=c.fields, dates=c.dates,
                                     year_plan=c.year_plan))
    audit.record(session, entity="project_uploads", entity_id=row.id, action="confirm",
                 before={"filename": row.filename, "rows": len(rows)},
                 after={"created": outcome.created, "updated": outcome.updated, "unchanged": outcome.unchanged},
                 region_id=who.region_id)
    session.delete(row)
    return outcome


def _age(row: ProjectUpload) -> timedelta:
    created = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=utcnow().tzinfo)
    return utcnow() - created
