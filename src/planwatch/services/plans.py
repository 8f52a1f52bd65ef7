"""Plans: import a document or plan JSON as a new draft version, publish the latest draft
(materialising its indicators and tasks), and list what is stored.

Importing the same key again adds a version; it never makes a second plan. Version numbers
are allocated under a row lock on the plan, so concurrent imports cannot collide.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError as PydanticError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from planwatch.errors import NotFoundError, PlanwatchError, ValidationError
from planwatch.model import Plan
from planwatch.services import regions, versions
from planwatch.services.deadlines import derive_deadlines
from planwatch.services.versions import Changes
from planwatch.store import audit
from planwatch.store.base import utcnow
from planwatch.store.tables import Indicator, PlanVersion, Region
from planwatch.store.tables import Plan as PlanRow

KEY = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")


def check_key(key: str) -> str:
    """A plan key names URLs and files: lower-case letters, digits, . _ - (no ../, no spaces).

    >>> check_key("anhui-2025")
    'anhui-2025'
    """
    if not KEY.fullmatch(key) or ".." in key:
        raise ValidationError(f"plan key {key!r}", [
            "use 1–64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit"])
    return key


def key_from_name(name: str) -> str:
    """A plan key from a file name: its stem, lower-cased, other characters as '-'
    (a Chinese file name gives 'plan' plus a short digest, so it stays a valid key).

    >>> key_from_name("Anhui 2025.docx"), key_from_name("安徽省规划.txt")[:5]
    ('anhui-2025', 'plan-')
    """
    stem = re.sub(r"[^a-z0-9._-]+", "-", Path(name).stem.lower()).strip("-.")
    if not stem:
        stem = "plan-" + hashlib.sha1(Path(name).stem.encode()).hexdigest()[:8]
    return stem[:64]


def load_plan_source(path: Path) -> tuple[Plan, str | None]:
    """A plan from a ``.json`` file (validated into `Plan`; no text) or from a document
    (read and extracted; with the text its items' spans point into)."""
    if path.suffix.lower() == ".json":
        try:
            return Plan.model_validate_json(path.read_text(encoding="utf-8")), None
        except OSError as e:
            raise NotFoundError(f"{path}: {e.strerror}") from e
        except UnicodeDecodeError as e:
            raise ValidationError(path, [f"not UTF-8 JSON: {e.reason}"]) from e
        except PydanticError as e:
            problems = [f"{'.'.join(map(str, err['loc']))}: {err['msg']}" for err in e.errors()]
            raise ValidationError(path, problems) from e
    from planwatch.extract import extract_plan
    from planwatch.readers import read_document

    document = read_document(path)
    return extract_plan(document), document.text


def load_plan_file(path: Path) -> Plan:
    """A plan from a ``.json`` file or a document (see `load_plan_source`)."""
    return load_plan_source(path)[0]


def _plan_for_update(session: Session, key: str) -> PlanRow | None:
    return session.scalars(select(PlanRow).where(PlanRow.key == key).with_for_update()).one_or_none()


def import_plan(
    session: Session, *, plan: Plan, key: str, source_file: str | None = None, region: str | None = None,
    source_text: str | None = None,
) -> PlanVersion:
    """Store `plan` as the next draft version of `key`, creating the plan on first import.
    `source_text` is the document text the items' spans point into (kept for review)."""
    check_key(key)
    regions.ensure_regions(session)
    row = _plan_for_update(session, key)
    region_name = region or plan.meta.region
    if row is None:
        row = PlanRow(key=key, title=plan.meta.title, region_name=region_name)
        session.add(row)
        session.flush()
        audit.record(session, entity="plans", entity_id=row.id, action="create", after=audit.row_dict(row))
    elif plan.meta.title or region:
        row.title = plan.meta.title or row.title
        row.region_name = region_name or row.region_name
    if row.region_name:
        row.region_id = _region_id(session, row.region_name)
    number = session.scalar(select(func.coalesce(func.max(PlanVersion.version_no), 0))
                            .where(PlanVersion.plan_id == row.id)) or 0
    version = PlanVersion(plan_id=row.id, version_no=number + 1, status="draft",
                          extracted=json.loads(plan.to_json(indent=None)), source_file=source_file,
                          source_text=source_text)
    session.add(version)
    session.flush()
    audit.record(session, entity="plan_versions", entity_id=version.id, action="import",
                 after=audit.row_dict(version, exclude=("extracted",)))
    return version


def _region_id(session: Session, name: str) -> int | None:
    try:
        return regions.resolve_region(session, name=name).id
    except PlanwatchError:
        return None  # kept as written in region_name; observations then name their region


def get_plan(session: Session, *, key: str) -> PlanRow:
    row = session.scalars(select(PlanRow).where(PlanRow.key == key)).one_or_none()
    if row is None:
        raise NotFoundError(f"plan {key!r}: not imported (see `planwatch plans`)")
    return row


@dataclass
class Published:
    """What `publish_plan` did: the version, what it carried over, retired and added, and
    the unit names it could not resolve."""

    version: PlanVersion
    changes: Changes = field(default_factory=Changes)

    @property
    def indicators(self) -> int:
        return len(self.changes.carried["indicators"]) + len(self.changes.new["indicators"])

    @property
    def tasks(self) -> int:
        return len(self.changes.carried["tasks"]) + len(self.changes.new["tasks"])

    @property
    def unresolved(self) -> list[str]:
        return self.changes.unresolved


def publish_plan(session: Session, *, key: str) -> Published:
    """Make the latest draft current. Its indicators and tasks are paired with those of the
    current version; paired rows move to the new version with their data, the rest are
    retired or new (`services.versions`)."""
    row = get_plan(session, key=key)
    _plan_for_update(session, key)
    draft = session.scalars(select(PlanVersion).where(PlanVersion.plan_id == row.id, PlanVersion.status == "draft")
                            .order_by(PlanVersion.version_no.desc()).limit(1)).one_or_none()
    if draft is None:
        raise NotFoundError(f"plan {key!r}: no draft version to publish (import one first)")
    current = session.get(PlanVersion, row.current_version_id) if row.current_version_id else None
    if current is not None and current.version_no > draft.version_no:
        raise ValidationError(f"plan {key!r}", [
            f"draft version {draft.version_no} is older than the published version {current.version_no}; "
            "import the document again to make a newer draft"])
    before = audit.row_dict(row)
    plan = Plan.model_validate(draft.extracted)
    result = Published(version=draft)
    old = row.current_version_id
    versions.carry_indicators(session, old_version_id=old, new_version_id=draft.id, plan=plan, changes=result.changes)
    versions.carry_tasks(session, old_version_id=old, new_version_id=draft.id, plan=plan,
                         region_id=row.region_id, changes=result.changes)
    # Default deadlines from the text (到2023年, 6月底前, else the horizon), never over one a person set.
    derive_deadlines(session, version_id=draft.id, plan=plan)
    draft.status, draft.published_at = "published", utcnow()
    draft.changes = result.changes.as_dict()
    row.current_version_id = draft.id
    session.flush()
    audit.record(session, entity="plans", entity_id=row.id, action="publish", before=before,
                 after={**audit.row_dict(row), "version_no": draft.version_no, "indicators": result.indicators,
                        "tasks": result.tasks, "retired": result.changes.retired,
                        "unresolved": result.unresolved})
    return result


@dataclass(frozen=True)
class PlanSummary:
    key: str
    title: str | None
    region: str | None
    versions: int
    current_version: int | None
    indicators: int


def list_plans(session: Session, *, keys: Collection[str] | None = None) -> list[PlanSummary]:
    """One line per plan (of `keys`, if given): versions stored, the current one and how many
    indicators it tracks — in four queries whatever the number of plans (no version's
    extracted JSON or document text is loaded)."""
    query = select(PlanRow.id, PlanRow.key, PlanRow.title, PlanRow.region_name, PlanRow.region_id,
                   PlanRow.current_version_id).order_by(PlanRow.key)
    rows = [r for r in session.execute(query) if keys is None or r.key in keys]
    ids = [r.id for r in rows]
    versions = dict(session.execute(select(PlanVersion.plan_id, func.count()).where(PlanVersion.plan_id.in_(ids))
                                    .group_by(PlanVersion.plan_id)).all()) if ids else {}
    current_ids = [r.current_version_id for r in rows if r.current_version_id]
    numbers = dict(session.execute(select(PlanVersion.id, PlanVersion.version_no)
                                   .where(PlanVersion.id.in_(current_ids))).all()) if current_ids else {}
    counts = dict(session.execute(select(Indicator.plan_version_id, func.count())
                                  .where(Indicator.plan_version_id.in_(current_ids))
                                  .group_by(Indicator.plan_version_id)).all()) if current_ids else {}
    region_ids = [r.region_id for r in rows if r.region_id]
    names = dict(session.execute(select(Region.id, Region.name).where(Region.id.in_(region_ids))).all()) \
        if region_ids else {}
    return [PlanSummary(key=r.key, title=r.title, region=names.get(r.region_id, r.region_name),
                        versions=versions.get(r.id, 0), current_version=numbers.get(r.current_version_id),
                        indicators=counts.get(r.current_version_id, 0)) for r in rows]
