"""The assessment scheme (考核方案) as data: its YAML format, validated with pydantic, and the
frozen objects the engine (`progress.assess`) scores with.

A scheme lists items (小项) — flat under ``items``, or grouped into 大项 under ``groups``,
each with ``points`` that its items' points must add up to — and optional 加减分
``adjustments`` bounded by ``adjustment_cap``. Every problem is reported at once, each
naming its place in the YAML: ``groups[1] (目标完成).items[2] (产值).weight: …``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import (
    AliasChoices,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic import ValidationError as PydanticError

from planwatch.errors import ValidationError

RULES = ("target_completion", "rank", "efficacy", "baseline_points", "tasks_on_time")
PER = ("unit", "percent")
PERIODS = ("H1", "H2", "Q1", "Q2", "Q3", "Q4")
ITEM_FIELDS = ("indicator", "weight", "rule", "step", "k", "cap", "lower_is_better", "per", "name", "periods",
               "period_weights")
TASKS_LABEL = "按时限完成"
TOLERANCE = 1e-6  # points that must add up may differ by float noise only


@dataclass(frozen=True)
class Item:
    indicator: str
    weight: float
    rule: str
    step: float = 0.05  # rank: share of the weight lost per place
    k: float = 1.0  # baseline_points: points per unit (or per 1% of the target) off target
    cap: float | None = None  # baseline_points: most points (default the weight)
    lower_is_better: bool = False
    per: str = "unit"  # baseline_points: k is per "unit" or per "percent" of the target
    name: str | None = None  # how the item is shown and keyed; default the indicator
    periods: tuple[str, ...] = ()  # scored per period (H1, H2 …) and averaged into the year
    period_weights: tuple[float, ...] = ()  # weights of that average (default equal)
    group: str | None = None  # the 大项 it belongs to

    @property
    def label(self) -> str:
        return self.name or self.indicator or TASKS_LABEL


@dataclass(frozen=True)
class Group:
    """A 大项: its points, which its items' points add up to."""

    name: str
    points: float
    items: tuple[str, ...]  # item labels


@dataclass(frozen=True)
class Adjustment:
    """One 加减分 entry: points added (or, negative, deducted) to a region, and why."""

    region: str
    points: float
    reason: str


@dataclass(frozen=True)
class Scheme:
    name: str
    items: tuple[Item, ...]
    groups: tuple[Group, ...] = ()
    adjustments: tuple[Adjustment, ...] = ()
    adjustment_cap: float | None = None

    @property
    def total_weight(self) -> float:
        return sum(i.weight for i in self.items)


# --- the YAML format ---------------------------------------------------------------------

_STRICT = ConfigDict(extra="forbid", strict=True)


class _ItemModel(BaseModel):
    model_config = _STRICT
    rule: Literal["target_completion", "rank", "efficacy", "baseline_points", "tasks_on_time"]
    indicator: str | None = Field(default=None, min_length=1, validate_default=True)
    weight: float = Field(gt=0, validation_alias=AliasChoices("weight", "points"))
    step: float = Field(default=0.05, gt=0, le=1)
    k: float = Field(default=1.0, ge=0)
    cap: float | None = Field(default=None, gt=0)
    lower_is_better: bool = False
    per: Literal["unit", "percent"] = "unit"
    name: str | None = Field(default=None, min_length=1)
    periods: list[Literal["H1", "H2", "Q1", "Q2", "Q3", "Q4"]] = Field(default_factory=list)
    period_weights: list[float] = Field(default_factory=list)

    @field_validator("indicator")
    @classmethod
    def _named(cls, value: str | None, info: ValidationInfo) -> str | None:
        if info.data.get("rule", "rank") != "tasks_on_time" and not (value or "").strip():
            raise ValueError("required, a name (only tasks_on_time has none)")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> _ItemModel:
        if self.rule == "tasks_on_time" and (self.indicator or self.periods):
            raise ValueError("tasks_on_time counts the region's tasks: no indicator or periods")
        if len(set(self.periods)) != len(self.periods):
            raise ValueError(f"periods: each at most once (got {self.periods})")
        if self.period_weights and (len(self.period_weights) != len(self.periods)
                                    or any(w <= 0 for w in self.period_weights)):
            raise ValueError("period_weights: one positive number per period")
        return self


class _GroupModel(BaseModel):
    model_config = _STRICT
    name: str = Field(min_length=1)
    points: float = Field(gt=0)
    items: list[_ItemModel] = Field(min_length=1)

    @model_validator(mode="after")
    def _adds_up(self) -> _GroupModel:
        got = sum(i.weight for i in self.items)
        if abs(got - self.points) > TOLERANCE:
            raise ValueError(f"the points of its items add up to {got:g}, not the group's {self.points:g}")
        return self


class _AdjustmentModel(BaseModel):
    model_config = _STRICT
    region: str = Field(min_length=1)
    points: float
    reason: str = Field(min_length=1)

    @model_validator(mode="after")
    def _not_zero(self) -> _AdjustmentModel:
        if self.points == 0:
            raise ValueError("points: a number of points to add (positive) or deduct (negative), not 0")
        return self


class _SchemeModel(BaseModel):
    model_config = _STRICT
    name: str | None = None
    title: str | None = None
    plan: str | None = None  # the caller's (services.assessment): whose indicators are assessed
    regions: list[str] | None = None  # the caller's: who is ranked
    year: int | None = None  # the caller's: the year of the periods (default as_of's)
    total: float | None = Field(default=None, gt=0)
    items: list[_ItemModel] | None = Field(default=None, min_length=1)
    groups: list[_GroupModel] | None = Field(default=None, min_length=1)
    adjustments: list[_AdjustmentModel] = Field(default_factory=list)
    adjustment_cap: float | None = Field(default=None, gt=0)

    @model_validator(mode="after")
    def _whole(self) -> _SchemeModel:
        if (self.items is None) == (self.groups is None):
            raise ValueError("items: give either `items` (a flat list) or `groups` (大项 with items), not both "
                             "or neither")
        if self.adjustments and self.adjustment_cap is None:
            raise ValueError("adjustment_cap: required with adjustments (the most points 加减分 may move a region)")
        if self.adjustment_cap is not None:
            over = [a for a in self.adjustments if abs(a.points) > self.adjustment_cap]
            if over:
                raise ValueError(f"adjustments: {'、'.join(f'{a.region} {a.points:+g}' for a in over)} beyond the "
                                 f"adjustment_cap of {self.adjustment_cap:g}")
        got = sum(g.points for g in self.groups or []) or sum(i.weight for i in self.items or [])
        if self.total is not None and abs(got - self.total) > TOLERANCE:
            raise ValueError(f"total: the points add up to {got:g}, not {self.total:g}")
        return self


def _place(data: object, loc: Sequence[int | str]) -> str:
    """`('groups', 0, 'items', 1, 'weight')` → `groups[1] (目标完成).items[2] (产值).weight`."""
    out, node = "", data
    for part in loc:
        if isinstance(part, int):
            out += f"[{part + 1}]"
            node = node[part] if isinstance(node, list) and part < len(node) else None
            if isinstance(node, Mapping):
                out += f" ({node.get('name') or node.get('indicator') or node.get('region') or '?'})"
        else:
            out += ("." if out else "") + part
            node = node.get(part) if isinstance(node, Mapping) else None
    return out


def _problems(data: object, error: PydanticError) -> list[str]:
    out = []
    for e in error.errors():
        loc = [p for p in e["loc"] if not (isinstance(p, str) and "[" in p)]  # drop union tags
        where = _place(data, loc) or "scheme"
        message = e["msg"].removeprefix("Value error, ")
        got = f" (got {e['input']!r})" if e["type"] not in ("value_error", "missing", "extra_forbidden") else ""
        if e["type"] in ("model_type", "dict_type"):
            message, got = "must be a mapping", ""
        if e["type"] == "extra_forbidden":
            message = f"unknown field; known: {', '.join(ITEM_FIELDS)}" if "items" in loc else "unknown field"
        out.append(f"{where}: {message}{got}")
    return out


def parse_scheme(data: Mapping[str, Any], *, source: str = "scheme") -> Scheme:
    """Validate a scheme read from YAML; every problem is reported with its place.
    Keys `plan`, `regions` and `year` at the top are the caller's (services.assessment)."""
    if not isinstance(data, Mapping):
        raise ValidationError(source, ["the scheme must be a mapping with an `items` or `groups` list"])
    try:
        model = _SchemeModel.model_validate(dict(data))
    except PydanticError as e:
        raise ValidationError(source, _problems(dict(data), e)) from None
    groups = [(g.name, g.points, g.items) for g in model.groups] if model.groups else [(None, 0.0, model.items or [])]
    items = [Item(indicator=i.indicator or "", weight=i.weight, rule=i.rule, step=i.step, k=i.k, cap=i.cap,
                  lower_is_better=i.lower_is_better, per=i.per, name=i.name, periods=tuple(i.periods),
                  period_weights=tuple(i.period_weights), group=name)
             for name, _points, raw in groups for i in raw]
    labels = [i.label for i in items]
    twice = [f"items: {lbl!r} appears twice; give one of them a `name`" for lbl in sorted(set(labels))
             if labels.count(lbl) > 1]
    names = [g.name for g in model.groups or []]
    twice += [f"groups: {n!r} appears twice" for n in sorted(set(names)) if names.count(n) > 1]
    if twice:
        raise ValidationError(source, twice)
    return Scheme(
        name=str(model.name or model.title or source), items=tuple(items),
        groups=tuple(Group(g.name, g.points, tuple(i.label for i in items if i.group == g.name))
                     for g in model.groups or []),
        adjustments=tuple(Adjustment(a.region, a.points, a.reason) for a in model.adjustments),
        adjustment_cap=model.adjustment_cap,
    )
