"""Reviewing a draft (审核): its items read against the document, corrected, rejected,
accepted or added from a span of the text, each change audited; and the diff between two
versions of a plan.

The items and their states are `planwatch.drafts` values stored in the version's two JSON
columns: `extracted` (what `publish_plan` materialises: edits land there, rejected items
leave it) and `review` (ids, states, what was extracted before an edit). Only the latest
version of a plan, while it is a draft, can be changed; a published version is a record.
Every change locks the plan row (as importing and publishing do), so concurrent reviewers
and a concurrent import take turns.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from planwatch import drafts
from planwatch.compare.versions import Pairing, norm, pair_items
from planwatch.drafts import Draft, Entry
from planwatch.errors import NotFoundError, ValidationError
from planwatch.model import Plan
from planwatch.services import access, versions
from planwatch.services.auth import Principal
from planwatch.services.materialise import tracked_indicators
from planwatch.services.plans import Published, get_plan, publish_plan
from planwatch.store import audit
from planwatch.store.tables import Plan as PlanRow
from planwatch.store.tables import PlanVersion
from planwatch.store.work_tables import Task


@dataclass
class Review:
    """One version of a plan as the review page and the API show it."""

    plan: PlanRow
    version: PlanVersion
    draft: Draft
    latest: int  # the plan's newest version number

    @property
    def editable(self) -> bool:
        return self.version.status == "draft" and self.version.version_no == self.latest

    @property
    def text(self) -> str | None:
        return self.version.source_text


def find_version(session: Session, plan: PlanRow, number: int) -> PlanVersion:
    version = session.scalars(select(PlanVersion).where(PlanVersion.plan_id == plan.id,
                                                        PlanVersion.version_no == number)).one_or_none()
    if version is None:
        raise NotFoundError(f"plan {plan.key!r}: no version {number}")
    return version


def latest_number(session: Session, plan: PlanRow) -> int:
    return session.scalar(select(func.max(PlanVersion.version_no)).where(PlanVersion.plan_id == plan.id)) or 0


def review_of(session: Session, *, key: str, version: int) -> Review:
    """A version's items with their review state (read only)."""
    plan = get_plan(session, key=key)
    row = find_version(session, plan, version)
    return Review(plan=plan, version=row, draft=drafts.unpack(row.extracted, row.review),
                  latest=latest_number(session, plan))


def current_review(session: Session, *, key: str) -> Review | None:
    """The published version in force, if any."""
    plan = get_plan(session, key=key)
    if plan.current_version_id is None:
        return None
    row = session.get(PlanVersion, plan.current_version_id)
    assert row is not None
    return Review(plan=plan, version=row, draft=drafts.unpack(row.extracted, row.review),
                  latest=latest_number(session, plan))


def latest_draft_number(session: Session, *, key: str) -> int | None:
    """The number of the version that can be edited and published: the newest, if a draft."""
    plan = get_plan(session, key=key)
    newest = session.scalars(select(PlanVersion).where(PlanVersion.plan_id == plan.id)
                             .order_by(PlanVersion.version_no.desc()).limit(1)).one_or_none()
    return newest.version_no if newest is not None and newest.status == "draft" else None


def _for_edit(session: Session, *, key: str, version: int | None) -> Review:
    """The review of the editable draft, its plan row locked; refused for anything else."""
    plan = session.scalars(select(PlanRow).where(PlanRow.key == key).with_for_update()).one_or_none()
    if plan is None:
        get_plan(session, key=key)  # raises the usual not-imported message
    assert plan is not None
    newest = latest_number(session, plan)
    row = find_version(session, plan, newest if version is None else version)
    session.refresh(row)  # read under the lock, not from an earlier load of this session
    review = Review(plan=plan, version=row, draft=drafts.unpack(row.extracted, row.review), latest=newest)
    if not review.editable:
        why = (f"version {row.version_no} is published and cannot be changed" if row.status == "published"
               else f"version {row.version_no} is not the latest (version {newest} is)")
        raise ValidationError(f"plan {key!r} version {row.version_no}", [
            f"{why}; only the latest draft is edited — import a corrected document as a new version"])
    return review


def _save(session: Session, review: Review, *, action: str, before: dict[str, Any] | None,
          after: dict[str, Any] | None) -> None:
    """Write both columns (fresh objects: JSON columns track assignment, not mutation) and audit."""
    extracted, stored = drafts.pack(review.draft, review.version.extracted)
    review.version.extracted, review.version.review = extracted, stored
    session.flush()
    audit.record(session, entity="plan_versions", entity_id=review.version.id, action=f"review_{action}",
                 before=before, after={**(after or {}), "counts": review.draft.counts()})


def edit_item(session: Session, *, key: str, item_id: str, fields: Mapping[str, Any],
              version: int | None = None) -> Entry:
    """Correct fields of one item of the latest draft (`{"value": 1600}`); the item must
    still validate as its model class, or nothing changes (ValidationError naming the field)."""
    review = _for_edit(session, key=key, version=version)
    state_before = review.draft.find(item_id).state
    before, entry = drafts.edit(review.draft, item_id, fields)
    if entry.kind == "meta" and "title" in fields:  # the plan list shows the plan's title
        review.plan.title = entry.item.get("title") or review.plan.title
    _save(session, review, action="edit", before={"item": item_id, "state": state_before, **before},
          after={"item": item_id, "state": entry.state, **entry.item})
    return entry


def _mark(session: Session, *, key: str, item_id: str, version: int | None, action: str,
          change: Callable[[Any, str], Entry]) -> Entry:
    """Reject or accept: the item's state changes, its fields stay; one audit row."""
    review = _for_edit(session, key=key, version=version)
    state_before = review.draft.find(item_id).state
    entry = change(review.draft, item_id)
    _save(session, review, action=action, before={"item": item_id, "state": state_before},
          after={"item": item_id, "state": entry.state})
    return entry


def reject_item(session: Session, *, key: str, item_id: str, version: int | None = None) -> Entry:
    """Take an item out of the draft: publishing will not track it."""
    return _mark(session, key=key, item_id=item_id, version=version, action="reject", change=drafts.reject)


def accept_item(session: Session, *, key: str, item_id: str, version: int | None = None) -> Entry:
    """Mark an item right as it stands (restores a rejected one)."""
    return _mark(session, key=key, item_id=item_id, version=version, action="accept", change=drafts.accept)


def add_item(session: Session, *, key: str, kind: str, start: int, end: int, fields: Mapping[str, Any],
             version: int | None = None, quote: str | None = None) -> Entry:
    """A new item from a selected span of the document: its quote is text[start:end]
    (white space at either end left out). `quote`, when given, is what the reviewer saw
    selected, and must be that text."""
    source = f"new {kind} item"
    if kind not in drafts.KINDS:
        raise ValidationError(source, [f"kind: {kind!r} is not one of {', '.join(drafts.KINDS)}"])
    drafts.check_fields(kind, fields, source=source)
    review = _for_edit(session, key=key, version=version)
    text = review.text
    if text is None:
        raise ValidationError(source, ["span: this version has no document text (imported from plan JSON)"])
    if not 0 <= start < end <= len(text):
        raise ValidationError(source, [f"span: {start}–{end} is not a stretch of the text (0–{len(text)})"])
    if quote is not None and quote.strip() != text[start:end].strip():
        raise ValidationError(source, [f"quote: the selection does not match the text at {start}–{end}"])
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        raise ValidationError(source, ["span: the selection is only white space"])
    section = drafts.section_at(review.version.extracted.get("sections") or [], start)
    entry = drafts.add(review.draft, kind, {**fields, "quote": text[start:end],
                                            "span": {"start": start, "end": end}, "section": section})
    _save(session, review, action="add", before=None, after={"item": entry.id, **entry.item})
    return entry


def publish_draft(session: Session, *, key: str) -> Published:
    """Publish the latest version, which must be a draft: an older draft left below a
    published version is never published over it (`publish_plan` takes the newest draft)."""
    if latest_draft_number(session, key=key) is None:
        raise ValidationError(f"plan {key!r}", [
            "nothing to publish: the latest version is already published — import a corrected document first"])
    return publish_plan(session, key=key)


def review_counts(session: Session, *, key: str, version: int | None = None) -> dict[str, int]:
    """How many items of a version (default: the latest) are unreviewed, accepted, edited,
    rejected, added."""
    plan = get_plan(session, key=key)
    number = latest_number(session, plan) if version is None else version
    return review_of(session, key=key, version=number).draft.counts()


def own_task_positions(session: Session, *, who: Principal, plan: PlanRow) -> set[int]:
    """Positions in the current version of the tasks naming a reporter's department."""
    if who.department_id is None or plan.current_version_id is None:
        return set()
    ids = access.department_task_ids(session, who.department_id)
    return set(session.scalars(select(Task.position).where(Task.plan_version_id == plan.current_version_id,
                                                           Task.id.in_(ids))))


def version_items(review: Review, *, task_positions: set[int] | None = None) -> dict[str, Any]:
    """A version in the fields of the extraction JSON, each item with its id and state;
    rejected items apart. `task_positions` limits the tasks shown (a reporter's own)."""
    items: dict[str, list[dict[str, Any]]] = {}
    rejected = []
    for kind in drafts.KINDS:
        kept = [e for e in review.draft.entries.get(kind, []) if not e.rejected]
        if kind == "tasks" and task_positions is not None:
            kept = [e for j, e in enumerate(kept) if j in task_positions]
        items[kind] = [e.as_dict() for e in kept]
        rejected += [e.as_dict() for e in review.draft.entries.get(kind, []) if e.rejected]
    meta = review.draft.entries["meta"][0]
    return {"version": review.version.version_no, "status": review.version.status,
            "source_file": review.version.source_file, "has_text": review.text is not None,
            "meta": copy.deepcopy(meta.item), "meta_state": meta.state, **items,
            "rejected": rejected if task_positions is None else [], "counts": review.draft.counts()}


# ---- what changed between two versions ------------------------------------------------------

@dataclass(frozen=True)
class ItemChange:
    """One item that differs: added (no `before`), removed (no `after`) or changed (`fields`)."""

    label: str
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    fields: tuple[str, ...] = ()
    stage: str | None = None  # how the two were paired (`compare.versions`)


@dataclass
class KindDiff:
    kind: str
    same: int = 0
    changed: list[ItemChange] = field(default_factory=list)
    added: list[ItemChange] = field(default_factory=list)
    removed: list[ItemChange] = field(default_factory=list)


@dataclass
class VersionDiff:
    key: str
    a: int
    b: int
    kinds: list[KindDiff]

    def as_dict(self) -> dict[str, Any]:
        return {"key": self.key, "a": self.a, "b": self.b, "kinds": [asdict(k) for k in self.kinds]}


def version_diff(session: Session, *, key: str, a: int, b: int) -> VersionDiff:
    """Items added, removed and changed from version `a` to version `b`. Tracked indicators
    and tasks are paired exactly as publishing pairs them (so the diff of the current version
    and a draft says what publishing will carry over, retire and start); the other kinds by
    identical content, then by their quote."""
    plan = get_plan(session, key=key)
    old = Plan.model_validate(find_version(session, plan, a).extracted)
    new = Plan.model_validate(find_version(session, plan, b).extracted)
    kinds = [_meta_diff(old, new), _tracked_diff(old, new), _tasks_diff(old, new)]
    kinds += [_plain_diff(kind, getattr(old, kind), getattr(new, kind)) for kind in UNTRACKED]
    return VersionDiff(key=key, a=a, b=b, kinds=kinds)


UNTRACKED = ("observations", "milestones", "region_focus")


def _fill(diff: KindDiff, old: Sequence[Any], new: Sequence[Any], pairing: Pairing[Any],
          as_dict: Callable[[Any], dict[str, Any]], label: Callable[[dict[str, Any]], str]) -> KindDiff:
    for i, j, stage in pairing.pairs:
        before, after = as_dict(old[i]), as_dict(new[j])
        fields = tuple(k for k in after if before.get(k) != after.get(k) and k not in ("span", "section"))
        if fields:
            diff.changed.append(ItemChange(label(after), before, after, fields, stage))
        else:
            diff.same += 1
    diff.removed += [ItemChange(label(d), before=d) for d in (as_dict(old[i]) for i in pairing.retired)]
    diff.added += [ItemChange(label(d), after=d) for d in (as_dict(new[j]) for j in pairing.new)]
    return diff


def _tracked_diff(old: Plan, new: Plan) -> KindDiff:
    before, after = tracked_indicators(old), tracked_indicators(new)
    return _fill(KindDiff("indicators"), before, after, versions.pair_indicators(before, after), asdict,
                 lambda d: f"{d['metric']}（{d['target_year']}年）" if d.get("target_year") else str(d["metric"]))


def _tasks_diff(old: Plan, new: Plan) -> KindDiff:
    return _fill(KindDiff("tasks"), old.tasks, new.tasks, versions.pair_tasks(old.tasks, new.tasks),
                 lambda t: t.model_dump(mode="json"), _short)


def _short(item: dict[str, Any]) -> str:
    text = str(item.get("title") or item.get("quote") or "")
    return text[:40] + ("…" if len(text) > 40 else "")


def _content(item: BaseModel) -> str:
    return json.dumps(item.model_dump(mode="json", exclude={"span", "section"}), sort_keys=True, ensure_ascii=False)


def _plain_diff(kind: str, old: Sequence[BaseModel], new: Sequence[BaseModel]) -> KindDiff:
    keys: list[tuple[str, Callable[[BaseModel], Hashable | None]]] = [
        ("same item", _content), ("same text", lambda x: norm(getattr(x, "quote", None)) or None)]
    pairing = pair_items(old, new, keys=keys, text=lambda x: str(getattr(x, "quote", "")))
    return _fill(KindDiff(kind), old, new, pairing, lambda x: x.model_dump(mode="json"), _short)


def _meta_diff(old: Plan, new: Plan) -> KindDiff:
    before, after = old.meta.model_dump(mode="json"), new.meta.model_dump(mode="json")
    fields = tuple(k for k in after if before.get(k) != after.get(k))
    diff = KindDiff("meta")
    if fields:
        diff.changed.append(ItemChange(str(after.get("title") or "meta"), before, after, fields, "meta"))
    else:
        diff.same = 1
    return diff
