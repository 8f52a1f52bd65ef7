"""Actuals: validate every row of an actuals file, then write all of them or none.

A row names its plan by key, its indicator by id, exact metric or a unique part of the
metric or quote, and its region by name (default: the plan's region; any other must be the
plan's region or inside it). When a name matches
the same metric for several target years, the target in force for the period is taken
(the first due in or after it). Problems are collected for every row, with row numbers,
and raised together as one ValidationError. Figures that cannot be right
(`progress.plausibility`) are problems too, unless the caller accepts them: then they are
stored with the reasons in `observations.flag`.

The web's 数据填报 uses the same path with an `Entrant`: who enters, extra row problems (a
region outside the user's scope, a locked period) and whether each figure waits for review.
A figure returned by the reviewer may then be entered again: the new figure replaces it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from planwatch.errors import PlanwatchError, ValidationError
from planwatch.model import Plan
from planwatch.progress.plausibility import PERCENT_UNITS, check_value
from planwatch.services import regions, series
from planwatch.services.actuals_file import ActualRow, read_actuals
from planwatch.services.cells import parse_number
from planwatch.services.materialise import plan_years
from planwatch.services.periods import read_period
from planwatch.services.units import convert
from planwatch.store import audit
from planwatch.store.base import utcnow
from planwatch.store.tables import Indicator, Observation, PlanVersion
from planwatch.store.tables import Plan as PlanRow


@dataclass(frozen=True)
class _Context:
    """What rows of one plan are checked against, loaded once per plan."""

    plan: PlanRow | None
    indicators: tuple[Indicator, ...] = ()
    years: tuple[int, int] | None = None


def match_indicator(indicators: tuple[Indicator, ...], text: str, *, year: int) -> Indicator | str:
    """The indicator `text` names for a period in `year`, or a problem message."""
    text = text.strip()
    found = [i for i in indicators if text.isdigit() and i.id == int(text)]
    found = found or [i for i in indicators if i.metric == text]
    found = found or [i for i in indicators if text in i.metric or text in (i.quote or "")]
    if not found:
        return f"indicator {text!r}: no indicator of the plan has this id, metric or text"
    if len({(i.metric, i.unit) for i in found}) > 1:
        names = "; ".join(f"#{i.id} {i.metric} ({i.target_year})" for i in found[:8])
        return f"indicator {text!r} is ambiguous: {names}"
    due = sorted((i for i in found if (i.target_year or 0) >= year), key=lambda i: i.target_year or 0)
    return due[0] if due else max(found, key=lambda i: i.target_year or 0)


def _context(session: Session, key: str) -> _Context:
    plan = session.scalars(select(PlanRow).where(PlanRow.key == key)).one_or_none()
    if plan is None or plan.current_version_id is None:
        return _Context(plan)
    version = session.get(PlanVersion, plan.current_version_id)
    assert version is not None
    indicators = session.scalars(select(Indicator).where(Indicator.plan_version_id == version.id)
                                 .order_by(Indicator.position)).all()
    return _Context(plan, tuple(indicators), plan_years(Plan.model_validate(version.extracted)))


@dataclass(frozen=True)
class _Checked:
    line: int
    indicator: Indicator
    region_id: int
    period: tuple[str, date, date]
    value: float
    unit: str | None
    source: str | None
    suspect: tuple[str, ...] = ()
    note: str | None = None

    @property
    def key(self) -> tuple[int, int, str]:
        return self.indicator.id, self.region_id, self.period[0]


@dataclass(frozen=True)
class Entrant:
    """Who enters figures on the web, and the rules that come with it (`services.entry`)."""

    login: str
    problems: Callable[[int, int, str], list[str]]  # (indicator id, region id, period) → row problems
    state: Callable[[int], str]  # region id → the new figure's review state: pending or accepted


@dataclass(frozen=True)
class Recorded:
    """What an import stored: how many rows, and the suspect ones stored flagged (row, reasons)."""

    count: int
    flagged: tuple[tuple[int, str], ...] = ()


def _number(row: ActualRow, problems: list[str]) -> tuple[float, str] | None:
    """(value, the row's unit) of the value cell: "23.6%" with no unit cell has unit %."""
    parsed = parse_number(row.value)
    if parsed is None:
        problems.append(f"value {row.value!r}: not a number" if row.value else "value: empty")
        return None
    value, percent = parsed
    if percent and row.unit and row.unit not in PERCENT_UNITS:
        problems.append(f"value {row.value!r}: a percentage, but the unit column says {row.unit!r}")
        return None
    return value, "%" if percent else row.unit


def _in_unit(indicator: Indicator, number: tuple[float, str], row: ActualRow, problems: list[str]) -> float | None:
    """The value in the indicator's unit, or None with the problem noted."""
    value, unit = number
    if unit == "%" and row.value.rstrip().endswith(("%", "％")) and indicator.unit not in PERCENT_UNITS:
        problems.append(f"value {row.value!r}: a percentage, but indicator {indicator.metric!r} is in "
                        f"{indicator.unit or 'no unit'}")
        return None
    converted = convert(value, from_unit=unit, to_unit=indicator.unit)
    if converted is None:
        problems.append(f"unit {unit!r}: does not convert to the indicator's unit {indicator.unit!r}")
    return converted


def _check_row(session: Session, row: ActualRow, ctx: _Context) -> _Checked | list[str]:
    """The row made ready to store (with its suspect reasons, if any), or its problems."""
    if ctx.plan is None:
        return [f"plan {row.plan!r}: not imported"]
    if not ctx.indicators:
        return [f"plan {row.plan!r}: not published (run `planwatch publish {row.plan}`)"]
    problems: list[str] = []
    period = read_period(row.period, year=row.year)
    if isinstance(period, str):
        problems.append(period)
    elif ctx.years and not ctx.years[0] <= period[2].year <= ctx.years[1]:
        problems.append(f"period {period[0]}: outside the plan's years {ctx.years[0]}–{ctx.years[1]}")
    number = _number(row, problems)
    region_id = _region(session, row, ctx.plan, problems)
    indicator = match_indicator(ctx.indicators, row.indicator, year=0 if isinstance(period, str) else period[2].year)
    value = None
    if isinstance(indicator, str):
        problems.append(indicator)
    elif number is not None:
        value = _in_unit(indicator, number, row, problems)
    if problems or isinstance(indicator, str) or value is None or isinstance(period, str) or region_id is None:
        return problems
    assert number is not None
    suspect = check_value(metric=indicator.metric, unit=indicator.unit, comparator=indicator.comparator,
                          change=indicator.change, value=value, row_unit=number[1])
    return _Checked(row.line, indicator, region_id, period, value, indicator.unit or number[1] or None,
                    row.source or None, tuple(suspect), row.note or None)


def _region(session: Session, row: ActualRow, plan: PlanRow, problems: list[str]) -> int | None:
    """The row's region: the plan's when blank; else a region that is the plan's or inside it."""
    if not row.region:
        if plan.region_id is None:
            problems.append("region: empty, and the plan has no region to default to")
        return plan.region_id
    try:
        return regions.resolve_region(session, name=row.region, within=plan.region_id, inside=plan.region_id).id
    except ValidationError as e:
        problems.extend(e.problems)
    except PlanwatchError as e:
        problems.append(str(e))
    return None


def validate_rows(session: Session, rows: list[ActualRow], *, accept_suspect: bool = False,
                  entrant: Entrant | None = None) -> list[_Checked]:
    """Check every row; raise one ValidationError listing all problems by row number.
    Suspect figures are problems too unless `accept_suspect`. With an `entrant`, its problems
    count too, and a stored figure that was returned may be entered again."""
    regions.ensure_regions(session)
    contexts: dict[str, _Context] = {}
    problems: list[str] = []
    checked: list[_Checked] = []
    seen: dict[tuple[int, int, str], int] = {}
    stored = _StoredKeys(session)
    for row in rows:
        ctx = contexts.get(row.plan) or contexts.setdefault(row.plan, _context(session, row.plan))
        result = _check_row(session, row, ctx)
        if isinstance(result, list):
            problems.extend(f"row {row.line}: {p}" for p in result)
            continue
        if result.suspect and not accept_suspect:
            problems.extend(f"row {row.line}: {p} (--accept-suspect stores it flagged)" for p in result.suspect)
        key = result.key
        if entrant is not None:
            problems.extend(f"row {row.line}: {p}" for p in entrant.problems(*key))
        state = stored.state(key)
        if key in seen:
            problems.append(f"row {row.line}: duplicate of row {seen[key]} (same plan, indicator, region, period)")
        elif state == "pending":
            problems.append(f"row {row.line}: period {key[2]}: a figure for this indicator and region waits for "
                            "review (待审核)")
        elif state is not None and not (entrant is not None and state == "returned"):
            problems.append(f"row {row.line}: already stored for this indicator, region and period {key[2]}")
        seen.setdefault(key, row.line)
        checked.append(result)
    if problems:
        raise ValidationError("actuals", problems)
    return checked


class _StoredKeys:
    """(indicator, region, period) keys already stored, read once per indicator: a file of
    thousands of rows for a few indicators costs a few queries, not one per row."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._keys: dict[int, dict[tuple[int, str], str]] = {}

    def state(self, key: tuple[int, int, str]) -> str | None:
        """The review state of the stored figure of `key`; None when there is none."""
        indicator_id, region_id, period = key
        known = self._keys.get(indicator_id)
        if known is None:
            query = (select(Observation.region_id, Observation.period, Observation.review_state)
                     .where(Observation.indicator_id == indicator_id))
            known = self._keys[indicator_id] = {(r, p): st for r, p, st in self._session.execute(query)}
        return known.get((region_id, period))


def observe_rows(session: Session, *, rows: list[ActualRow], source: str = "actuals",
                 accept_suspect: bool = False, entrant: Entrant | None = None) -> Recorded:
    """Validate, then store every row (one audit row each); nothing is written if any row is
    bad. With `accept_suspect`, suspect figures are stored with their reasons as `flag`. With
    an `entrant` (the web), figures carry who entered them and their review state."""
    try:
        ids = sorted({r.indicator.id for r in validate_rows(session, rows, accept_suspect=accept_suspect,
                                                            entrant=entrant)})
        # Lock the indicators written to, then check again: concurrent writers queue here.
        session.scalars(select(Indicator.id).where(Indicator.id.in_(ids)).with_for_update()).all()
        checked = validate_rows(session, rows, accept_suspect=accept_suspect, entrant=entrant)
    except ValidationError as e:
        raise ValidationError(source, e.problems) from None
    returned = _returned(session, checked) if entrant is not None else {}
    written = []
    for c in checked:
        fields = _fields(c, entrant)
        obs = returned.get(c.key)
        if obs is None:
            written.append(Observation(indicator_id=c.indicator.id, region_id=c.region_id, **fields))
            continue
        before = audit.row_dict(obs)
        for name, value in fields.items():
            setattr(obs, name, value)
        obs.row_version += 1
        session.flush()
        audit.record(session, entity="observations", entity_id=obs.id, action="resubmit", before=before,
                     after=audit.row_dict(obs))
    session.add_all(written)
    session.flush()  # one batched INSERT; the ids are needed by the audit rows
    for obs in written:
        audit.record(session, entity="observations", entity_id=obs.id, action="create", after=audit.row_dict(obs))
    series.refresh(session, indicator_ids={c.indicator.id for c in checked}, region_ids={c.region_id for c in checked})
    return Recorded(len(checked), tuple((c.line, "; ".join(c.suspect)) for c in checked if c.suspect))


def _fields(c: _Checked, entrant: Entrant | None) -> dict[str, object]:
    """The stored columns of a checked row (a new figure, or the correction of a returned one)."""
    out: dict[str, object] = dict(period=c.period[0], period_start=c.period[1], period_end=c.period[2], value=c.value,
                                  unit=c.unit, source=c.source, flag="; ".join(c.suspect) or None, note=c.note)
    if entrant is not None:
        out.update(review_state=entrant.state(c.region_id), entered_by=entrant.login, entered_at=utcnow(),
                   reviewed_by=None, reviewed_at=None, return_reason=None)
    return out


def _returned(session: Session, checked: list[_Checked]) -> dict[tuple[int, int, str], Observation]:
    """The returned figures these rows correct, by key."""
    keys = {c.key for c in checked}
    query = select(Observation).where(Observation.review_state == "returned",
                                      Observation.indicator_id.in_({k[0] for k in keys}))
    return {k: o for o in session.scalars(query) if (k := (o.indicator_id, o.region_id, o.period)) in keys}


def record_rows(session: Session, *, rows: list[ActualRow], source: str = "actuals",
                accept_suspect: bool = False) -> int:
    """`observe_rows`, returning how many rows were stored."""
    return observe_rows(session, rows=rows, source=source, accept_suspect=accept_suspect).count


def observe_file(session: Session, *, path: Path, accept_suspect: bool = False) -> Recorded:
    """`planwatch observe FILE`: read a CSV/XLSX actuals file and store it all or nothing."""
    rows = read_actuals(path)
    try:
        return observe_rows(session, rows=rows, source=str(path), accept_suspect=accept_suspect)
    except ValidationError as e:
        raise ValidationError(path, e.problems) from None


def record_file(session: Session, *, path: Path, accept_suspect: bool = False) -> int:
    """`observe_file`, returning how many rows were stored."""
    return observe_file(session, path=path, accept_suspect=accept_suspect).count
