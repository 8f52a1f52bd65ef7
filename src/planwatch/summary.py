"""A plain-text summary of an extracted plan, for `planwatch extract --format table`."""

from __future__ import annotations

from planwatch.model import Plan, Section, Target

_CMP = {"=": "", ">=": "≥", "<=": "≤", "~": "≈", "range": ""}


def _value(t: Target) -> str:
    v = f"{t.value:g}"
    if t.comparator == "range" and t.value_max is not None:
        v = f"{t.value:g}–{t.value_max:g}"
    sign = {"increase": "+", "decrease": "−"}.get(t.change or "", "")
    return f"{_CMP[t.comparator]}{sign}{v}{t.unit or ''}"


def render_summary(plan: Plan) -> str:
    m = plan.meta
    lines = [
        f"# {m.title or plan.doc}",
        f"  文号 {m.doc_number or '—'} · 日期 {m.issue_date or '—'} · 发文 {m.issuer or '—'}"
        f" · 地区 {m.region or '—'} · 期限 {m.horizon or '—'}",
    ]
    for ref in m.implements:
        lines.append(f"  贯彻 《{ref.title}》{f'（{ref.doc_number}）' if ref.doc_number else ''}")
    lines.append(
        f"  sections {_count(plan.sections)} · targets {len(plan.targets)} · observations {len(plan.observations)}"
        f" · indicators {len(plan.indicators)} · tasks {len(plan.tasks)} · milestones {len(plan.milestones)}"
        f" · region focus {len(plan.region_focus)}"
    )
    if plan.targets:
        lines.append("\n  Targets (year · value · metric)")
        for t in plan.targets:
            lines.append(f"    {t.year or '    '}  {_value(t):>14}  {t.metric or t.quote[:30]}")
    if plan.indicators:
        lines.append("\n  Indicator table")
        for r in plan.indicators:
            vals = "  ".join(f"{k}:{v if v is not None else '—'}" for k, v in r.values.items())
            lines.append(f"    {r.name}（{r.unit or ''}）  {vals}")
    if plan.tasks:
        lines.append("\n  Tasks (lead / support)")
        for k in plan.tasks:
            lines.append(f"    {(k.title or k.quote)[:24]:<24}  {'、'.join(k.lead)} / {'、'.join(k.support) or '—'}")
    if plan.milestones:
        lines.append("\n  Milestones")
        for ms in plan.milestones:
            lines.append(f"    {ms.by or ''} {ms.subject} {ms.action}")
    if plan.region_focus:
        lines.append("\n  Region focus")
        for rf in plan.region_focus:
            lines.append(f"    {rf.region}: {'、'.join(rf.sectors)}")
    return "\n".join(lines)


def _count(sections: tuple[Section, ...]) -> int:
    return sum(1 + _count(s.children) for s in sections)
