"""四督四保 project tracking: start, completion and production rates, investment completion,
and the 三未 lists. Pure: project facts and a period in, counts and names out.

Definitions (also in docs/methods.md). The period is [start, end]; the *cutoff* is the earlier
of `end` and `as_of` (by default `end`): nothing after it has happened yet.

* 开工率 start rate — of the projects whose planned start falls in the period, the share that
  have started by the cutoff (an early start, before the period, counts). A project started
  without a planned date in the period is in neither count, so the rate never exceeds 1.
* 竣工率 completion rate, 达产率 production rate — the same with planned and actual
  completion (竣工) and full-production (达产) dates.
* 转化率 conversion rate (储备→开工) — of the reserve projects (stage 储备, or
  `from_reserve` for one that has since moved on) not started before the period, the share
  that started by the cutoff.
* 投资完成率 investment completion — Σ completed investment / Σ planned investment, over the
  projects with a planned investment; both figures are the caller's, for the same period.
* 三未, as of a day: 立项未开工 — approved (every stage but 储备, unless `approved` says
  otherwise) and not started although the planned start has passed (a planned date is not
  passed on its own day); 开工未建设 —
  started more than `grace_days` (default 30) ago, not completed, no investment completed;
  建设未竣工 — started, past the planned completion and not completed. Most overdue first.

With `due_only`, the milestone rates count only projects whose planned date is on or before
the cutoff (应开未开 at mid-year) instead of the whole period's plan.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from planwatch.errors import ValidationError

STAGES = ("储备", "新建", "续建", "竣工", "达产")
STAGE_ALIASES = {"reserve": "储备", "new": "新建", "continuing": "续建", "completed": "竣工", "producing": "达产",
                 "在建": "续建", "已竣工": "竣工", "已达产": "达产", "储备项目": "储备", "新开工": "新建"}
FINISHED_STAGES = ("竣工", "达产")
GRACE_DAYS = 30


@dataclass(frozen=True)
class ProjectFacts:
    """One project as the maths sees it (dates of the three milestones, the period's money)."""

    name: str
    stage: str  # 储备 reserve / 新建 new start / 续建 continuing / 竣工 completed / 达产 producing
    planned_start: date | None = None
    actual_start: date | None = None
    planned_completion: date | None = None
    actual_completion: date | None = None
    planned_production: date | None = None
    actual_production: date | None = None
    planned_investment: float | None = None  # for the period analysed (e.g. 年度计划投资, 万元)
    completed_investment: float | None = None  # completed in that period up to as_of
    plan: str | None = None
    approved: bool | None = None  # 已立项 (审批/核准/备案); None → every stage but 储备
    from_reserve: bool | None = None  # came from the 储备库: counts in 转化率 after moving on

    @property
    def is_approved(self) -> bool:
        return self.approved if self.approved is not None else self.stage != "储备"

    @property
    def is_reserve(self) -> bool:
        return self.stage == "储备" or bool(self.from_reserve)


@dataclass(frozen=True)
class Rate:
    """A ratio with its parts, so a report can say 12/15 and name the 3 behind. Equal rates
    are equal counts: the name and the pending list do not take part in comparisons."""

    numerator: float
    denominator: float
    name: str = field(default="", compare=False)
    pending: tuple[str, ...] = field(default=(), compare=False)  # in the denominator, not the numerator

    @property
    def value(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None

    def label(self) -> str:
        """'80% (12/15)', one decimal at most, or '— (0/0)' when nothing was due.

        >>> Rate(12, 15).label(), Rate(1, 3).label(), Rate(0, 0).label()
        ('80% (12/15)', '33.3% (1/3)', '— (0/0)')
        """
        share = "—" if self.value is None else f"{round(self.value * 100, 1):g}%"
        return f"{share} ({_plain(self.numerator)}/{_plain(self.denominator)})"

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "numerator": self.numerator, "denominator": self.denominator,
                "value": self.value, "pending": list(self.pending)}


def _plain(x: float) -> str:
    """A count or an amount as written, never in exponent form: 12, 1160500.1.

    >>> _plain(12.0), _plain(1160500.125), _plain(0.0)
    ('12', '1160500.1', '0')
    """
    return f"{x:.1f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class ProjectRates:
    start: date
    end: date
    started: Rate  # 开工率
    completed: Rate  # 竣工率
    producing: Rate  # 达产率
    converted: Rate  # 转化率
    investment: Rate  # 投资完成率


@dataclass(frozen=True)
class ThreeNots:
    """三未: project names, most overdue first; `days` says how far past the date each is."""

    approved_not_started: tuple[str, ...]  # 立项未开工
    started_not_building: tuple[str, ...]  # 开工未建设
    building_not_completed: tuple[str, ...]  # 建设未竣工
    days: dict[str, dict[str, int]] = field(default_factory=dict, compare=False)  # list → project → days


def parse_stage(text: str, *, where: str = "stage") -> str:
    """The canonical stage name; English and common variants accepted.

    >>> parse_stage("在建"), parse_stage("reserve")
    ('续建', '储备')
    """
    s = str(text).strip()
    stage = s if s in STAGES else STAGE_ALIASES.get(s.lower(), STAGE_ALIASES.get(s))
    if stage is None:
        raise ValidationError(where, [f"stage {text!r}: must be one of {' '.join(STAGES)}"])
    return stage


def _by(d: date | None, cutoff: date) -> bool:
    return d is not None and d <= cutoff


STEPS: dict[str, tuple[str, Callable[[ProjectFacts], date | None], Callable[[ProjectFacts], date | None]]] = {
    "start": ("开工率", lambda p: p.planned_start, lambda p: p.actual_start),
    "completion": ("竣工率", lambda p: p.planned_completion, lambda p: p.actual_completion),
    "production": ("达产率", lambda p: p.planned_production, lambda p: p.actual_production),
}


def step_rate(
    projects: Sequence[ProjectFacts], step: str, *, start: date, end: date, as_of: date | None = None,
    due_only: bool = False,
) -> Rate:
    """开工率 / 竣工率 / 达产率 (`step` start / completion / production): reached by the cutoff
    / planned within the period (see the module doc)."""
    if step not in STEPS:
        raise ValueError(f"step must be one of {', '.join(STEPS)}, not {step!r}")
    name, planned, actual = STEPS[step]
    cutoff = _cutoff(start, end, as_of)
    last = cutoff if due_only else end
    due = [p for p in projects if (d := planned(p)) is not None and start <= d <= last]
    done = [_by(actual(p), cutoff) for p in due]  # flags, not a list to search: linear in the projects
    return Rate(sum(done), len(due), name, tuple(p.name for p, ok in zip(due, done, strict=True) if not ok))


def conversion_rate(projects: Sequence[ProjectFacts], *, start: date, end: date, as_of: date | None = None) -> Rate:
    """转化率: reserve projects started by the cutoff / reserve projects not started before `start`."""
    cutoff = _cutoff(start, end, as_of)
    pool = [p for p in projects if p.is_reserve and not (p.actual_start is not None and p.actual_start < start)]
    started = [_by(p.actual_start, cutoff) for p in pool]
    return Rate(sum(started), len(pool), "转化率", tuple(p.name for p, ok in zip(pool, started, strict=True) if not ok))


def _cutoff(start: date, end: date, as_of: date | None) -> date:
    if end < start:
        raise ValidationError("period", [f"ends ({end}) before it starts ({start})"])
    return min(end, as_of) if as_of is not None else end


def investment_rate(projects: Sequence[ProjectFacts]) -> Rate:
    """投资完成率: Σ completed / Σ planned investment, over projects with a planned figure.

    >>> investment_rate([ProjectFacts("A", "新建", planned_investment=100, completed_investment=60),
    ...                  ProjectFacts("B", "续建", planned_investment=50, completed_investment=60),
    ...                  ProjectFacts("C", "储备", completed_investment=5)]).label()
    '80% (120/150)'
    """
    planned = [p for p in projects if p.planned_investment]
    done = sum(p.completed_investment or 0.0 for p in planned)
    behind = tuple(p.name for p in planned if (p.completed_investment or 0.0) < (p.planned_investment or 0.0))
    return Rate(done, sum(p.planned_investment or 0.0 for p in planned), "投资完成率", behind)


def project_rates(
    projects: Sequence[ProjectFacts], *, start: date, end: date, as_of: date | None = None, due_only: bool = False,
) -> ProjectRates:
    """All five rates of the period [start, end], judged at the cutoff min(end, as_of)."""
    def step(name: str) -> Rate:
        return step_rate(projects, name, start=start, end=end, as_of=as_of, due_only=due_only)

    return ProjectRates(
        start=start, end=end, started=step("start"), completed=step("completion"), producing=step("production"),
        converted=conversion_rate(projects, start=start, end=end, as_of=as_of), investment=investment_rate(projects),
    )


def three_nots(projects: Sequence[ProjectFacts], *, as_of: date, grace_days: int = GRACE_DAYS) -> ThreeNots:
    """The 三未 lists as of a day (definitions in the module doc)."""
    lists: dict[str, dict[str, int]] = {"approved_not_started": {}, "started_not_building": {},
                                        "building_not_completed": {}}
    for p in projects:
        started = _by(p.actual_start, as_of)
        finished = _by(p.actual_completion, as_of) or p.stage in FINISHED_STAGES
        if p.is_approved and not started and p.planned_start is not None and p.planned_start < as_of:
            lists["approved_not_started"][p.name] = (as_of - p.planned_start).days
        if p.actual_start is not None and started and not finished and not (p.completed_investment or 0) > 0:
            idle = (as_of - p.actual_start).days
            if idle > grace_days:
                lists["started_not_building"][p.name] = idle
        if started and not finished and p.planned_completion is not None and p.planned_completion < as_of:
            lists["building_not_completed"][p.name] = (as_of - p.planned_completion).days

    def order(found: dict[str, int]) -> tuple[str, ...]:
        return tuple(sorted(found, key=lambda n: (-found[n], n)))

    return ThreeNots(order(lists["approved_not_started"]), order(lists["started_not_building"]),
                     order(lists["building_not_completed"]), lists)
