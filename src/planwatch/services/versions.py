"""Publishing a new version of a plan without losing what was tracked under the old one.

The tracked items of a plan (its indicators and tasks) are rows that live as long as the
plan says the same thing: publishing a corrected version pairs each of its items with the
item of the current version it is (`compare.versions`), and *moves* the paired row to the
new version, updated. Its id does not change, so everything that refers to it — actuals,
their summaries, allocations, task reports, deadline history, files and bookmarks that
name the id — stays attached. Unpaired old items are retired (kept, `retired_at` set, out
of every current listing); unpaired new items start empty. When a paired indicator's unit
changes to one its figures convert to (万元 → 亿元), its stored figures and allocations are
converted; units that do not convert never pair.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from planwatch.compare.versions import Pairing, norm, pair_items
from planwatch.model import Plan
from planwatch.model import Task as TaskItem
from planwatch.services import series
from planwatch.services.departments import resolve_department
from planwatch.services.materialise import TrackedIndicator, tracked_indicators
from planwatch.services.units import convert
from planwatch.store.base import utcnow
from planwatch.store.tables import Indicator, Observation, TargetAllocation
from planwatch.store.work_tables import Task, TaskUnit

INDICATOR_THRESHOLD = 0.8  # Dice similarity of metric + quote for a pair by text alone
TASK_THRESHOLD = 0.75  # tasks are long sentences: a unit list rewritten still reads the same


@dataclass
class Changes:
    """What a publish did, item by item, for the publish message and `plan_versions.changes`."""

    carried: dict[str, list[str]] = field(default_factory=lambda: {"indicators": [], "tasks": []})
    retired: dict[str, list[str]] = field(default_factory=lambda: {"indicators": [], "tasks": []})
    new: dict[str, list[str]] = field(default_factory=lambda: {"indicators": [], "tasks": []})
    converted: list[str] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"carried": self.carried, "retired": self.retired, "new": self.new,
                "converted": self.converted, "unresolved": self.unresolved}


def _indicator_label(ind: Indicator | TrackedIndicator, ident: int | None = None) -> str:
    year = f" ({ind.target_year})" if ind.target_year else ""
    return f"{'#' + str(ident) + ' ' if ident else ''}{ind.metric}{year}"


def _units_convert(a: Indicator | TrackedIndicator, b: Indicator | TrackedIndicator) -> bool:
    return a.kind == b.kind and convert(1.0, from_unit=a.unit, to_unit=b.unit) is not None


def _indicator_keys() -> list[tuple[str, Any]]:
    """Strictest first; each later key is a correction a reviewer makes (module doc)."""
    return [
        ("same item", lambda i: (i.kind, norm(i.metric), i.target_year, norm(i.quote))),
        ("value or unit corrected", lambda i: (i.kind, norm(i.metric), i.target_year)),
        ("metric renamed", lambda i: (i.kind, norm(i.quote), i.target_year) if i.quote else None),
        ("year corrected", lambda i: (i.kind, norm(i.metric))),
        ("metric and year corrected", lambda i: (i.kind, norm(i.quote)) if i.quote else None),
    ]


def pair_indicators(old: Sequence[Indicator | TrackedIndicator],
                    new: Sequence[Indicator | TrackedIndicator]) -> Pairing[Indicator | TrackedIndicator]:
    """Which indicator of `new` is which of `old`: the pairing publishing moves rows by (and a
    version diff shows)."""
    return pair_items(old, new, keys=_indicator_keys(), threshold=INDICATOR_THRESHOLD,
                      text=lambda i: f"{i.metric} {i.quote or ''}", compatible=_units_convert)


def pair_tasks(old: Sequence[Task | TaskItem], new: Sequence[Task | TaskItem]) -> Pairing[Task | TaskItem]:
    """Which task of `new` is which of `old` (as `pair_indicators`)."""
    return pair_items(old, new, keys=_task_keys(), text=_task_text, threshold=TASK_THRESHOLD)


def carry_indicators(session: Session, *, old_version_id: int | None, new_version_id: int, plan: Plan,
                     changes: Changes) -> None:
    """Materialise the plan's indicators on the new version, moving paired old rows."""
    specs = tracked_indicators(plan)
    old: Sequence[Indicator] = () if old_version_id is None else session.scalars(
        select(Indicator).where(Indicator.plan_version_id == old_version_id, Indicator.retired_at.is_(None))
        .order_by(Indicator.position, Indicator.id)).all()
    pairing = pair_indicators(old, specs)
    moved = []
    for i, j, _stage in pairing.pairs:
        row, spec = old[i], specs[j]
        factor = convert(1.0, from_unit=row.unit, to_unit=spec.unit) if row.unit and spec.unit else 1.0
        if factor is not None and factor != 1.0:
            _convert_figures(session, row.id, factor)
            changes.converted.append(f"{_indicator_label(row, row.id)}: {row.unit} → {spec.unit} (×{factor:g})")
        for name, value in spec.__dict__.items():
            setattr(row, name, value)
        row.plan_version_id, row.position = new_version_id, j
        moved.append(row.id)
        changes.carried["indicators"].append(_indicator_label(row, row.id))
    now = utcnow()
    for i in pairing.retired:
        old[i].retired_at = now
        changes.retired["indicators"].append(_indicator_label(old[i], old[i].id))
    for j in pairing.new:
        row = Indicator(plan_version_id=new_version_id, position=j, **specs[j].__dict__)
        session.add(row)
        session.flush()
        changes.new["indicators"].append(_indicator_label(row, row.id))
    session.flush()
    if moved:  # a corrected baseline year changes what the kept summaries hold
        series.refresh(session, indicator_ids=moved)


def _convert_figures(session: Session, indicator_id: int, factor: float) -> None:
    for table in (Observation, TargetAllocation):
        session.execute(update(table).where(table.indicator_id == indicator_id, table.value.is_not(None))
                        .values(value=table.value * factor))
    session.execute(update(Observation).where(Observation.indicator_id == indicator_id, Observation.unit.is_not(None))
                    .values(unit=None))  # the figures are now in the indicator's unit


def _task_keys() -> list[tuple[str, Any]]:
    return [
        ("same text", lambda t: norm(t.quote) or None),
        ("same title", lambda t: norm(t.title) or None),
    ]


def _task_text(t: Task | TaskItem) -> str:
    return t.quote or t.title or ""


def carry_tasks(session: Session, *, old_version_id: int | None, new_version_id: int, plan: Plan,
                region_id: int | None, changes: Changes) -> list[int]:
    """Materialise the plan's tasks on the new version, moving paired old rows (their
    reports and deadlines stay); every task's units are stored afresh from the new text.
    Returns the ids of the new version's tasks in document order."""
    old: Sequence[Task] = () if old_version_id is None else session.scalars(
        select(Task).where(Task.plan_version_id == old_version_id, Task.retired_at.is_(None))
        .order_by(Task.position, Task.id)).all()
    items = list(plan.tasks)
    pairing = pair_tasks(old, items)
    rows: dict[int, Task] = {}
    for i, j, _stage in pairing.pairs:
        row = old[i]
        row.plan_version_id, row.position, row.title, row.quote = new_version_id, j, items[j].title, items[j].quote
        rows[j] = row
        changes.carried["tasks"].append(_task_label(row))
    now = utcnow()
    for i in pairing.retired:
        old[i].retired_at = now
        changes.retired["tasks"].append(_task_label(old[i]))
    for j in pairing.new:
        rows[j] = Task(plan_version_id=new_version_id, position=j, title=items[j].title, quote=items[j].quote)
        session.add(rows[j])
    session.flush()
    for j in pairing.new:
        changes.new["tasks"].append(_task_label(rows[j]))
    for j, row in sorted(rows.items()):
        _store_units(session, row, items[j], region_id=region_id, unresolved=changes.unresolved)
    return [rows[j].id for j in sorted(rows)]


def _task_label(task: Task) -> str:
    text = task.title or task.quote or ""
    return f"#{task.id} {text[:40]}{'…' if len(text) > 40 else ''}"


def _store_units(session: Session, task: Task, item: TaskItem, *, region_id: int | None,
                 unresolved: list[str]) -> None:
    session.execute(delete(TaskUnit).where(TaskUnit.task_id == task.id))
    names = [("lead", n) for n in item.lead] + [("support", n) for n in item.support]
    for position, (role, name) in enumerate(names):
        dept = resolve_department(session, name=name, region_id=region_id)
        if dept is None and name not in unresolved:
            unresolved.append(name)
        session.add(TaskUnit(task_id=task.id, position=position, role=role, raw_name=name,
                             department_id=dept.id if dept else None))
