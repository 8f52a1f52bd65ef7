"""对标 use cases: find and confirm the parent plan, store review decisions, compare.

The maths is pure (`planwatch.compare.alignment`); this layer reads the current published
versions, the stored link (`plan_links`), the stored decisions (`metric_decisions`) and the
parent's allocations to the child's region, and writes links and decisions with an audit
row each. The CLI and the web pages both call it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from planwatch.compare.alignment import AlignedRow, Alignment, align_plans, goals_of
from planwatch.compare.match import Stored, jaccard
from planwatch.compare.values import VERDICT_ZH, Goal
from planwatch.errors import NotFoundError, ValidationError
from planwatch.model import Plan
from planwatch.services import regions
from planwatch.services.plans import get_plan
from planwatch.store import audit
from planwatch.store.base import utcnow
from planwatch.store.compare_tables import DECISIONS, MetricDecision, PlanLink
from planwatch.store.tables import Indicator, PlanVersion, Region, TargetAllocation
from planwatch.store.tables import Plan as PlanRow

TITLE_THRESHOLD = 0.5
_TITLE_NOISE = re.compile(r"[《》“”\"（）()\s]|关于印发|的通知$|通知$|^.*?人民政府办公厅|^.*?人民政府|^中共.*?委")
Method = Literal["doc_number", "title", "chosen"]


def normalise_title(title: str | None) -> str:
    """A policy title without 关于印发 … 的通知, the issuer and quotation marks.

    >>> normalise_title("安徽省人民政府办公厅关于印发安徽省战略性新兴产业“十三五”发展规划的通知")
    '安徽省战略性新兴产业十三五发展规划'
    """
    text = title or ""
    for _ in range(3):
        text = _TITLE_NOISE.sub("", text)
    return text


@dataclass(frozen=True)
class Candidate:
    """A stored plan that may be the parent, how it was found, and how well the title fits."""

    key: str
    title: str | None
    method: Method
    score: float
    wanted: str  # the implements entry it answers


def current_plan(session: Session, row: PlanRow) -> Plan:
    """The current published version of a stored plan, as a Plan."""
    if row.current_version_id is None:
        raise NotFoundError(f"plan {row.key!r}: not published yet (nothing to compare)")
    version = session.get(PlanVersion, row.current_version_id)
    assert version is not None
    return Plan.model_validate(version.extracted)


def parent_candidates(session: Session, *, key: str) -> list[Candidate]:
    """The stored plans the child's `implements` names: by 文号 first, then by normalised title."""
    child = get_plan(session, key=key)
    refs = current_plan(session, child).meta.implements
    others = [r for r in session.scalars(select(PlanRow).where(PlanRow.id != child.id,
                                                                 PlanRow.current_version_id.is_not(None)))]
    out: list[Candidate] = []
    for other in others:
        meta = current_plan(session, other).meta
        for ref in refs:
            wanted = ref.title or ref.doc_number or ""
            if ref.doc_number and meta.doc_number and ref.doc_number == meta.doc_number:
                out.append(Candidate(other.key, other.title or meta.title, "doc_number", 1.0, wanted))
                break
            score = max(jaccard(normalise_title(ref.title), normalise_title(t)) for t in (other.title, meta.title) if t) \
                if (other.title or meta.title) and ref.title else 0.0
            if score >= TITLE_THRESHOLD:
                out.append(Candidate(other.key, other.title or meta.title, "title", round(score, 2), wanted))
                break
    return sorted(out, key=lambda c: (c.method != "doc_number", -c.score, c.key))


def link_of(session: Session, child: PlanRow) -> PlanLink | None:
    return session.scalars(select(PlanLink).where(PlanLink.child_plan_id == child.id)).one_or_none()


def set_link(session: Session, *, key: str, parent_key: str) -> PlanLink:
    """Confirm (or change) the parent of a plan; the method says whether `implements` named it."""
    child, parent = get_plan(session, key=key), get_plan(session, key=parent_key)
    if child.id == parent.id:
        raise ValidationError(f"plan {key!r}", ["a plan cannot be compared with itself (choose another parent)"])
    if parent.current_version_id is None:
        raise ValidationError(f"plan {parent_key!r}", ["the parent plan has no published version"])
    found = {c.key: c.method for c in parent_candidates(session, key=key)}
    method: Method = found.get(parent.key, "chosen")
    link = link_of(session, child)
    before = audit.row_dict(link) if link is not None else None
    actor = str(session.info.get("actor", "unknown"))
    if link is None:
        link = PlanLink(child_plan_id=child.id, parent_plan_id=parent.id, method=method, confirmed_by=actor)
        session.add(link)
    else:
        link.parent_plan_id, link.method, link.confirmed_by = parent.id, method, actor
        link.confirmed_at = utcnow()
    session.flush()
    audit.record(session, entity="plan_links", entity_id=link.id, action="link", before=before,
                 after={**audit.row_dict(link), "child": child.key, "parent": parent.key})
    return link


def decide(session: Session, *, parent_metric: str, child_metric: str, decision: str,
           note: str | None = None) -> MetricDecision:
    """Store a planner's decision on a pair of metric names (reused for later pairs)."""
    problems = []
    if decision not in DECISIONS:
        problems.append(f"decision: {decision!r} is not one of {', '.join(DECISIONS)}")
    if not parent_metric.strip() or not child_metric.strip():
        problems.append("both metric names are required")
    if len(parent_metric) > 256 or len(child_metric) > 256:
        problems.append("metric names are at most 256 characters")
    if problems:
        raise ValidationError("metric decision", problems)
    row = session.scalars(select(MetricDecision).where(MetricDecision.parent_metric == parent_metric,
                                                       MetricDecision.child_metric == child_metric)).one_or_none()
    before = audit.row_dict(row) if row is not None else None
    actor = str(session.info.get("actor", "unknown"))
    if row is None:
        row = MetricDecision(parent_metric=parent_metric, child_metric=child_metric, decision=decision,
                             note=note, decided_by=actor)
        session.add(row)
    else:
        row.decision, row.note, row.decided_by, row.decided_at = decision, note, actor, utcnow()
    session.flush()
    audit.record(session, entity="metric_decisions", entity_id=row.id, action="decide", before=before,
                 after=audit.row_dict(row))
    return row


def decisions_map(session: Session) -> dict[tuple[str, str], Stored]:
    rows = session.execute(select(MetricDecision.parent_metric, MetricDecision.child_metric, MetricDecision.decision))
    return {(p, c): d for p, c, d in rows}  # type: ignore[misc]


def _region_names(session: Session, row: PlanRow) -> list[str]:
    """The child's region and every region above it, each with its names (安庆市, 安庆)."""
    names = [row.region_name] if row.region_name else []
    region = session.get(Region, row.region_id) if row.region_id else None
    while region is not None:
        names += [region.name, *(regions.short_name(region.name) or "",), *region.aliases]
        region = session.get(Region, region.parent_id) if region.parent_id else None
    return [n for n in dict.fromkeys(names) if n]


def _indicator_ids(session: Session, row: PlanRow, plan: Plan) -> dict[tuple[str, int | None, float], int]:
    found = session.execute(select(Indicator.id, Indicator.metric, Indicator.target_year, Indicator.value)
                            .where(Indicator.plan_version_id == row.current_version_id,
                                   Indicator.retired_at.is_(None)))
    return {(m, y, v): i for i, m, y, v in found if v is not None}


def _allocations(session: Session, parent: PlanRow, child: PlanRow,
                 ids: dict[tuple[str, int | None, float], int], goals: list[Goal]) -> dict[str, float]:
    if child.region_id is None:
        return {}
    values = dict(session.execute(select(TargetAllocation.indicator_id, TargetAllocation.value)
                                  .where(TargetAllocation.region_id == child.region_id,
                                         TargetAllocation.value.is_not(None),
                                         TargetAllocation.indicator_id.in_(list(ids.values())))).all())
    out = {}
    for g in goals:
        ind = ids.get((g.metric, g.year, g.value))
        value = values.get(ind) if ind is not None else None
        if value is not None:
            out[g.ref] = float(value)
    return out


@dataclass(frozen=True)
class Comparison:
    child: PlanRow
    parent: PlanRow | None
    link: PlanLink | None
    candidates: list[Candidate]
    alignment: Alignment | None
    top_line: str | None
    child_ids: dict[tuple[str, int | None, float], int]
    parent_ids: dict[tuple[str, int | None, float], int]


def resolve_parent(session: Session, child: PlanRow, parent_key: str | None) -> tuple[PlanRow | None, PlanLink | None,
                                                                                     list[Candidate]]:
    """The parent to compare with: the one asked for, else the confirmed link, else the best candidate."""
    link = link_of(session, child)
    candidates = parent_candidates(session, key=child.key)
    if parent_key:
        return get_plan(session, key=parent_key), link, candidates
    if link is not None:
        return session.get(PlanRow, link.parent_plan_id), link, candidates
    if candidates:
        return get_plan(session, key=candidates[0].key), link, candidates
    return None, link, candidates


def compare_plans(session: Session, *, key: str, parent_key: str | None = None) -> Comparison:
    """对标 of a stored plan against its parent (or `parent_key`); no parent → an empty comparison."""
    child = get_plan(session, key=key)
    child_plan = current_plan(session, child)
    parent, link, candidates = resolve_parent(session, child, parent_key)
    child_ids = _indicator_ids(session, child, child_plan)
    if parent is None:
        return Comparison(child, None, link, candidates, None, None, child_ids, {})
    if parent.id == child.id:
        raise ValidationError(f"plan {key!r}", ["a plan cannot be compared with itself (choose another parent)"])
    parent_plan = current_plan(session, parent)
    parent_ids = _indicator_ids(session, parent, parent_plan)
    allocations = _allocations(session, parent, child, parent_ids, goals_of(parent_plan))
    alignment = align_plans(parent_plan, child_plan, child_region_names=_region_names(session, child),
                            parent_higher=parent.region_id != child.region_id, decisions=decisions_map(session),
                            allocations=allocations)
    title = parent.title or parent_plan.meta.title or parent.key
    return Comparison(child, parent, link, candidates, alignment, alignment.top_line(title), child_ids, parent_ids)


def _goal_json(g: Goal | None, key: str | None, ids: dict[tuple[str, int | None, float], int]) -> dict[str, Any] | None:
    if g is None:
        return None
    ind = ids.get((g.metric, g.year, g.value))
    return {"metric": g.metric, "value": g.value, "value_max": g.value_max, "unit": g.unit,
            "comparator": g.comparator, "year": g.year, "change": g.change, "baseline_year": g.baseline_year,
            "baseline_value": g.baseline_value, "quote": g.quote, "ref": g.ref,
            "span": [g.start, g.end] if g.start is not None else None, "indicator_id": ind,
            "href": f"/plans/{key}/indicators/{ind}" if ind is not None and key else None}


def row_json(r: AlignedRow, c: Comparison) -> dict[str, Any]:
    reading = r.reading
    return {"verdict": r.verdict, "verdict_zh": VERDICT_ZH[r.verdict], "rule": r.rule, "match": r.match.decision,
            "match_rule": r.match.rule, "stored": r.match.stored, "copied": r.copied,
            "parent": _goal_json(r.parent, c.parent.key if c.parent else None, c.parent_ids),
            "child": _goal_json(r.child, c.child.key, c.child_ids),
            "compared": None if reading is None else {
                "parent_value": reading.parent_value, "child_value": reading.child_value, "unit": reading.unit,
                "notes": list(reading.notes), "effort": reading.effort,
                "effort_zh": VERDICT_ZH[reading.effort] if reading.effort else None,
                "effort_rule": reading.effort_rule}}


def comparison_json(c: Comparison) -> dict[str, Any]:
    """The JSON form the CLI (--format json) and the web twin share."""
    a = c.alignment
    return {
        "child": {"key": c.child.key, "title": c.child.title, "region": c.child.region_name},
        "parent": None if c.parent is None else {"key": c.parent.key, "title": c.parent.title,
                                                 "region": c.parent.region_name},
        "link": None if c.link is None else {"method": c.link.method, "confirmed_by": c.link.confirmed_by,
                                             "confirmed_at": c.link.confirmed_at.isoformat()},
        "confirmed": c.link is not None and c.parent is not None and c.link.parent_plan_id == c.parent.id,
        "candidates": [c_.__dict__ for c_ in c.candidates],
        "top_line": c.top_line,
        "counts": a.counts if a else {},
        "rows": [row_json(r, c) for r in a.rows] if a else [],
        "industries": [{"parent": u.parent.written, "status": u.status, "child": [k.written for k in u.child],
                        "level1": u.parent.level1_name, "level2": u.parent.level2_name, "rule": u.rule}
                       for u in a.uptake] if a else [],
        "additions": [k.written for k in a.extras] if a else [],
        "child_only": [_goal_json(g, c.child.key, c.child_ids) for g in a.child_only] if a else [],
    }


def goal_cell(g: dict[str, Any] | None) -> str:
    """One goal of the 对标 table as a cell ("2025年 比2020年下降15%"; "—" when there is none):
    the web table, the XLSX and the circular's 对标 attachment write it alike."""
    if g is None:
        return "—"
    bound = {">=": "以上", "~": "左右", "<=": "以下", "range": f"—{g['value_max']:g}" if g["value_max"] else ""}
    change = "下降" if g["change"] == "decrease" else ""
    base = f"比{g['baseline_year']}年" if g["change"] and g["baseline_year"] else ""
    return f"{g['year'] or '—'}年 {base}{change}{g['value']:g}{bound.get(g['comparator'], '')}{g['unit'] or ''}"


def comparison_sheets(data: dict[str, Any]) -> list[Any]:
    """The 对标 table and the industry table as XLSX sheets (from `comparison_json`)."""
    from planwatch.services.xlsx_export import Sheet

    rows = [(r["parent"]["metric"], goal_cell(r["parent"]), r["child"]["metric"] if r["child"] else "—",
             goal_cell(r["child"]), r["verdict_zh"], (r["compared"] or {}).get("effort_zh") or "", r["rule"],
             r["parent"]["quote"], r["child"]["quote"] if r["child"] else "") for r in data["rows"]]
    table = Sheet("纵向对标", ["上级指标", "上级目标", "本级指标", "本级目标", "结论", "努力程度", "依据",
                           "上级原文", "本级原文"], rows)
    industries = Sheet("重点产业承接", ["上级重点产业", "承接", "本级表述", "分类一级", "分类二级", "依据"],
                       [(i["parent"], {"taken_up": "承接", "partly": "部分承接", "not_mentioned": "未提及"}[i["status"]],
                         "、".join(i["child"]), i["level1"] or "", i["level2"] or "", i["rule"])
                        for i in data["industries"]] + [("（本级新增）" + a, "", "", "", "", "") for a in data["additions"]])
    return [table, industries]


DEMO_LINKS = (("anqing", "anhui"), ("chaohu", "anhui"))


def seed_demo_links(session: Session) -> int:
    """The demo's 对标: the Anqing and Chaohu plans compared with 中国制造2025安徽篇 (their own
    parents are not among the samples, so the province's plan is chosen by hand)."""
    keys = set(session.scalars(select(PlanRow.key).where(PlanRow.current_version_id.is_not(None))))
    done = 0
    for child, parent in DEMO_LINKS:
        if child in keys and parent in keys:
            set_link(session, key=child, parent_key=parent)
            done += 1
    return done
