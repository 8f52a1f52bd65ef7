"""数据填报: who may enter figures for which plan and region, the entry grid, and the review
(DHIS2-style approval) of submitted figures.

* A planner enters for the regions of its subtree that lie inside the plan's region — a
  county planner (scope 肥西县) for its county in the city's plan, a city planner for the
  city and its counties. An admin enters anywhere; a viewer reads; a reporter does neither.
* A figure a planner enters for its **own** scope region is pending (待审核) until a planner
  whose scope strictly contains that region, or an admin, accepts it or returns it with a
  reason; a figure for a region strictly below the planner's scope, or by an admin, or from
  the CLI, is accepted at once. Only accepted figures count (`series.counted`).
* Accepting and returning are guarded by the figure's `row_version`: the second of two
  reviewers acting on the same figure is told, and nothing of the first is lost.
* A period may be locked for a region (and those under it) once it has no pending figures;
  a locked period refuses new figures as a row problem. Whoever may lock a lock may unlock
  it, giving a reason (a figure found wrong after the lock; DHIS2's "unapprove").

The grid, uploads and templates go through `services.observations` like `planwatch observe`:
one reader, one validation, with an `Entrant` adding the rules above.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from planwatch.errors import Forbidden, NotFoundError, ValidationError
from planwatch.services import series
from planwatch.services.access import in_scope, subtree
from planwatch.services.auth import Principal
from planwatch.services.observations import Entrant
from planwatch.services.regions import ancestors, sub_regions
from planwatch.store import audit
from planwatch.store.base import utcnow
from planwatch.store.entry_tables import EntryLock
from planwatch.store.tables import Indicator, Observation, Plan, PlanVersion, Region

STATE_LABELS = {"pending": "待审核", "accepted": "已接受", "returned": "已退回"}
WRITERS = ("admin", "planner")


def _covers(session: Session, who: Principal, plan: Plan, reach: set[int] | None = None) -> bool:
    """Whether the user has a part in the plan: its region is in the user's scope, or the
    user's scope lies inside the plan's region (a county planner and the city's plan).
    `reach` is `_reach(...)` read once, for a list of plans."""
    if who.role == "admin":
        return True
    if who.region_id is None or plan.region_id is None:
        return False
    return plan.region_id in (reach if reach is not None else _reach(session, who))


def _reach(session: Session, who: Principal) -> set[int]:
    """The regions whose plans a (non-admin) user takes part in: its subtree and the regions
    above it. Read once per list: the subtree is one read of the region pairs."""
    if who.region_id is None:
        return set()
    return subtree(session, who.region_id) | set(ancestors(session, who.region_id))


def entry_plans(session: Session, who: Principal) -> list[Plan]:
    """The published plans whose figures the user may enter (or, a viewer, read) here."""
    if who.role not in (*WRITERS, "viewer"):
        raise Forbidden(f"数据填报: a {who.role} may not enter figures")
    plans = session.scalars(select(Plan).where(Plan.current_version_id.is_not(None)).order_by(Plan.key))
    reach = None if who.role == "admin" else _reach(session, who)
    return [p for p in plans if _covers(session, who, p, reach)]


def require_writer(who: Principal, what: str = "enter figures") -> None:
    """Admins and planners enter and review figures; viewers and reporters get Forbidden (403)."""
    if who.role not in WRITERS:
        raise Forbidden(f"数据填报: a {who.role} may not {what}")


def require_entry_plan(session: Session, who: Principal, key: str, *, write: bool = False) -> Plan:
    """The plan, if the user may read its figures here (`write`: enter them); out of scope is
    NotFoundError (404), in scope with the wrong role Forbidden (403)."""
    if who.role not in (*WRITERS, "viewer"):
        raise Forbidden(f"数据填报: a {who.role} may not enter figures")
    plan = session.scalars(select(Plan).where(Plan.key == key)).one_or_none()
    if plan is None or plan.current_version_id is None or not _covers(session, who, plan):
        raise NotFoundError(f"plan {key!r}: no such plan")
    if write and who.role not in WRITERS:
        raise Forbidden(f"plan {key!r}: a {who.role} may read figures but not enter them")
    return plan


def entry_regions(session: Session, who: Principal, plan: Plan) -> list[Region]:
    """Where the user enters for the plan: the top (the user's scope region when inside the
    plan's, else the plan's region) and the regions directly under it."""
    assert plan.region_id is not None
    top_id = plan.region_id
    if who.role != "admin" and who.region_id is not None and plan.region_id in ancestors(session, who.region_id):
        top_id = who.region_id
    ids = [top_id, *(r.id for r in sub_regions(session, region_id=top_id))]
    found = {r.id: r for r in session.scalars(select(Region).where(Region.id.in_(ids)))}  # one query, not one a region
    return [found[i] for i in ids if i in found]


def may_enter(session: Session, who: Principal, plan: Plan, region_id: int) -> bool:
    if who.role not in WRITERS or plan.region_id is None:
        return False
    return region_id in subtree(session, plan.region_id) and in_scope(session, who, region_id)


def state_for(who: Principal, region_id: int) -> str:
    """A planner's figure for its own scope region waits for the level above; others count at once."""
    return "pending" if who.role == "planner" and who.region_id == region_id else "accepted"


def may_review(session: Session, who: Principal, region_id: int) -> bool:
    """Admins, and planners whose scope strictly contains the figure's region."""
    if who.role == "admin":
        return True
    return who.role == "planner" and who.region_id is not None and who.region_id != region_id \
        and in_scope(session, who, region_id)


def locked(session: Session, *, indicator_id: int, region_id: int, period: str) -> EntryLock | None:
    """The lock that closes this figure's period, if any (of the region or one above it)."""
    ind = session.get(Indicator, indicator_id)
    version = session.get(PlanVersion, ind.plan_version_id) if ind is not None else None
    if version is None:
        return None
    query = (select(EntryLock).where(EntryLock.plan_id == version.plan_id, EntryLock.period == period,
                                     EntryLock.region_id.in_(ancestors(session, region_id)),
                                     or_(EntryLock.indicator_id.is_(None), EntryLock.indicator_id == indicator_id))
             .limit(1))
    return session.scalars(query).first()


def entrant(session: Session, who: Principal) -> Entrant:
    """The web's rules for `observations.observe_rows`: scope and locks as row problems, and
    whether each figure waits for review."""
    names: dict[int, str] = {}

    def name(region_id: int) -> str:
        if region_id not in names:
            names[region_id] = session.scalar(select(Region.name).where(Region.id == region_id)) or str(region_id)
        return names[region_id]

    def problems(indicator_id: int, region_id: int, period: str) -> list[str]:
        if who.role not in WRITERS:
            return [f"region {name(region_id)}: a {who.role} may not enter figures"]
        if not in_scope(session, who, region_id):
            return [f"region {name(region_id)}: outside your scope (不在您的填报范围内)"]
        lock = locked(session, indicator_id=indicator_id, region_id=region_id, period=period)
        if lock is not None:
            return [f"period {period}: locked for {name(lock.region_id)} by {lock.locked_by} (已锁定)"]
        return []

    return Entrant(login=who.login, problems=problems, state=lambda region_id: state_for(who, region_id))


# --- review -----------------------------------------------------------------------------------

class ReviewConflict(ValidationError):
    """The figure was accepted, returned or changed by someone else since the page showed it."""


@dataclass(frozen=True)
class Decision:
    """What a review did: the figure and its new state."""

    observation_id: int
    state: str
    plan: str


def _figure(session: Session, who: Principal, observation_id: int) -> tuple[Observation, Plan]:
    """The figure and its plan, if the user may see them (else NotFoundError)."""
    obs = session.get(Observation, observation_id)
    ind = session.get(Indicator, obs.indicator_id) if obs is not None else None
    version = session.get(PlanVersion, ind.plan_version_id) if ind is not None else None
    plan = session.get(Plan, version.plan_id) if version is not None else None
    if obs is None or plan is None or who.role not in (*WRITERS, "viewer") or not (
            who.role == "admin" or in_scope(session, who, obs.region_id) or may_review(session, who, obs.region_id)):
        raise NotFoundError(f"figure #{observation_id}: no such figure")
    return obs, plan


def review(session: Session, who: Principal, *, observation_id: int, accept: bool, reason: str = "",
           seen_version: int | None = None) -> Decision:
    """Accept a pending figure, or return it with a reason. `seen_version` is the row version
    the reviewer's page showed: if the figure changed since (another reviewer, a resubmission),
    nothing is written and the reviewer is told."""
    require_writer(who, "review figures")
    obs, plan = _figure(session, who, observation_id)
    if not may_review(session, who, obs.region_id):
        raise Forbidden(f"figure #{obs.id}: only a planner of the region above may review it")
    reason = reason.strip()
    if not accept and not reason:
        raise ValidationError(f"figure #{obs.id}", ["reason: give the reason for returning it (退回理由必填)"])
    expected = obs.row_version if seen_version is None else seen_version
    if obs.review_state != "pending" or obs.row_version != expected:
        raise ReviewConflict(f"figure #{obs.id}", [_already(obs)])
    before = audit.row_dict(obs)
    state = "accepted" if accept else "returned"
    done = session.execute(
        update(Observation)
        .where(Observation.id == obs.id, Observation.row_version == expected, Observation.review_state == "pending")
        .values(review_state=state, reviewed_by=who.login, reviewed_at=utcnow(), row_version=expected + 1,
                return_reason=None if accept else reason[:2000])
        .execution_options(synchronize_session=False))
    if getattr(done, "rowcount", 0) != 1:  # another reviewer got there between our read and write
        session.refresh(obs)
        raise ReviewConflict(f"figure #{obs.id}", [_already(obs)])
    session.refresh(obs)
    audit.record(session, entity="observations", entity_id=obs.id, action="accept" if accept else "return",
                 before=before, after=audit.row_dict(obs))
    series.refresh(session, indicator_ids={obs.indicator_id}, region_ids={obs.region_id})
    return Decision(obs.id, state, plan.key)


def _already(obs: Observation) -> str:
    if obs.review_state == "pending":
        return "version: the figure was changed since you opened it (已被修改，请刷新后再审核)"
    who = obs.reviewed_by or "另一位审核人"
    when = obs.reviewed_at.strftime("%Y-%m-%d %H:%M") if obs.reviewed_at else ""
    return f"state: already {STATE_LABELS.get(obs.review_state, obs.review_state)} by {who} {when} (已被处理)"


def queue(session: Session, who: Principal) -> list[dict[str, Any]]:
    """The pending figures the user may accept or return, oldest first."""
    if who.role not in (*WRITERS, "viewer"):
        raise Forbidden(f"审核: a {who.role} may not review figures")
    query = (select(Observation, Indicator, Plan.key, Region.name)
             .join(Indicator, Indicator.id == Observation.indicator_id)
             .join(PlanVersion, PlanVersion.id == Indicator.plan_version_id).join(Plan, Plan.id == PlanVersion.plan_id)
             .join(Region, Region.id == Observation.region_id)
             .where(Observation.review_state == "pending").order_by(Observation.entered_at, Observation.id))
    if who.role != "admin":
        if who.region_id is None:
            return []
        query = query.where(Observation.region_id.in_(subtree(session, who.region_id) - {who.region_id}))
    rows = []
    for obs, ind, key, region in session.execute(query):
        rows.append({**figure_view(obs), "plan": key, "region": region, "indicator_id": ind.id, "metric": ind.metric,
                     "indicator_unit": ind.unit, "may_review": may_review(session, who, obs.region_id)})
    return rows


def figure_view(obs: Observation) -> dict[str, Any]:
    """A figure with its provenance: who entered it, who reviewed it, when, its source."""
    return {"id": obs.id, "period": obs.period, "value": obs.value, "unit": obs.unit, "source": obs.source,
            "note": obs.note, "state": obs.review_state, "state_label": STATE_LABELS.get(obs.review_state, ""),
            "entered_by": obs.entered_by, "entered_at": obs.entered_at, "reviewed_by": obs.reviewed_by,
            "reviewed_at": obs.reviewed_at, "return_reason": obs.return_reason, "version": obs.row_version,
            "flag": obs.flag}


# --- locks --------------------------------------------------------------------------------------

def lock_period(session: Session, who: Principal, *, plan: Plan, region_id: int, period: str,
                indicator_id: int | None = None) -> EntryLock:
    """Close `period` of the plan (or one indicator) for the region and those under it. Only a
    period without pending figures can be locked (DHIS2: approved data is locked)."""
    if not may_enter(session, who, plan, region_id):
        raise Forbidden(f"lock: region #{region_id} is outside your scope")
    ids = set(session.scalars(select(Indicator.id).where(Indicator.plan_version_id == plan.current_version_id)))
    if indicator_id is not None and indicator_id not in ids:
        raise ValidationError("lock", [f"indicator #{indicator_id}: not an indicator of plan {plan.key!r}"])
    waiting = session.scalar(select(Observation.id).where(
        Observation.indicator_id.in_({indicator_id} if indicator_id else ids), Observation.period == period,
        Observation.region_id.in_(subtree(session, region_id)), Observation.review_state == "pending").limit(1))
    if waiting is not None:
        raise ValidationError("lock", [f"period {period}: figures still wait for review (尚有待审核数据，不能锁定)"])
    if indicator_id is None and (found := session.scalars(select(EntryLock).where(
            EntryLock.plan_id == plan.id, EntryLock.region_id == region_id, EntryLock.period == period,
            EntryLock.indicator_id.is_(None))).first()):
        raise ValidationError("lock", [f"period {period}: already locked by {found.locked_by} (已锁定)"])
    lock = EntryLock(plan_id=plan.id, indicator_id=indicator_id, region_id=region_id, period=period,
                     locked_by=who.login)
    session.add(lock)
    session.flush()
    audit.record(session, entity="entry_locks", entity_id=lock.id, action="create", after=audit.row_dict(lock),
                 region_id=region_id)
    return lock


def locks_of(session: Session, plan: Plan, *, who: Principal | None = None) -> list[dict[str, Any]]:
    """The plan's locks, newest period first; with `who`, whether that user may unlock each
    (so the page offers 解锁 only where the service would allow it)."""
    query = (select(EntryLock, Region.name).join(Region, Region.id == EntryLock.region_id)
             .where(EntryLock.plan_id == plan.id).order_by(EntryLock.period.desc(), Region.name))
    return [{"id": lock.id, "period": lock.period, "region": name, "region_id": lock.region_id,
             "indicator_id": lock.indicator_id, "locked_by": lock.locked_by, "locked_at": lock.locked_at,
             "may_unlock": who is not None and may_enter(session, who, plan, lock.region_id)}
            for lock, name in session.execute(query)]


MAX_UNLOCK_REASON = 500


@dataclass(frozen=True)
class Unlocked:
    """What an unlock removed: the lock's id, plan, region (name) and period."""

    lock_id: int
    plan: str
    region: str
    period: str


def lock_plan_key(session: Session, lock_id: int) -> str:
    """The key of the plan a lock belongs to (a face given only the lock's id); an unknown
    lock is NotFoundError. Who may see the plan is checked by the caller, as for any plan."""
    key = session.scalar(select(Plan.key).join(EntryLock, EntryLock.plan_id == Plan.id).where(EntryLock.id == lock_id))
    if key is None:
        raise NotFoundError(f"lock #{lock_id}: no such lock")
    return key


def unlock_period(session: Session, who: Principal, *, plan: Plan, lock_id: int, reason: str) -> Unlocked:
    """Remove a lock, so its period takes figures again. Whoever may make the lock may remove
    it (`lock_period`'s rule); the reason is required and kept in the audit log, since an
    unlock reopens figures others relied on. A lock out of the user's scope, unknown, or of
    another plan is NotFoundError, so other regions' locks do not show."""
    require_writer(who, "unlock periods")
    lock = session.get(EntryLock, lock_id)
    if lock is None or lock.plan_id != plan.id or not may_enter(session, who, plan, lock.region_id):
        raise NotFoundError(f"lock #{lock_id}: no such lock")
    reason = reason.strip()
    if not reason:
        raise ValidationError(f"lock #{lock_id}", ["reason: give the reason for unlocking (解锁理由必填)"])
    if len(reason) > MAX_UNLOCK_REASON:
        raise ValidationError(f"lock #{lock_id}",
                              [f"reason: at most {MAX_UNLOCK_REASON} characters (解锁理由不超过{MAX_UNLOCK_REASON}字)"])
    before = audit.row_dict(lock)
    region = session.scalar(select(Region.name).where(Region.id == lock.region_id)) or str(lock.region_id)
    done = session.execute(delete(EntryLock).where(EntryLock.id == lock.id).execution_options(synchronize_session=False))
    if getattr(done, "rowcount", 0) != 1:  # unlocked by someone else between our read and write
        raise NotFoundError(f"lock #{lock_id}: no such lock")
    session.expunge(lock)
    audit.record(session, entity="entry_locks", entity_id=lock_id, action="unlock", before=before,
                 after={"reason": reason}, region_id=before["region_id"])
    return Unlocked(lock_id, plan.key, region, before["period"])

