"""The domain model: what a plan document says, as typed, immutable values.

Every extracted item keeps its `span` (character offsets into `Document.text`) and its
`quote` (exactly `text[span.start:span.end]`), so a reviewer can always see where a
number came from. The JSON form (``Plan.to_json()``) is a superset of
``shared/gold/SCHEMA.md``: that schema is how accuracy is scored.

No I/O here.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer

Comparator = Literal["=", ">=", "<=", "~", "range"]
Change = Literal["increase", "decrease"]
Flow = Literal["annual", "cumulative"]


def _compact_number(value: float | None) -> float | int | None:
    """1500.0 → 1500: planners read JSON too, and integral values are the norm."""
    if value is not None and float(value).is_integer() and abs(value) < 2**53:
        return int(value)
    return value


Number = Annotated[float, PlainSerializer(_compact_number, return_type=float | int)]
OptNumber = Annotated[float | None, PlainSerializer(_compact_number, return_type=float | int | None)]
Cell = Annotated[
    float | str | None,
    PlainSerializer(lambda v: _compact_number(v) if isinstance(v, float) else v),
]


class Frozen(BaseModel):
    """Base for all domain values: immutable, strict about unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Span(Frozen):
    """Half-open character range [start, end) into the document text."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Sourced(Frozen):
    """An item found in the text: where it is, what it says, and which section holds it."""

    quote: str
    span: Span | None = None
    section: str | None = None  # Section.id of the innermost heading above the item


class PolicyRef(Frozen):
    """A higher-level policy the plan says it implements (为贯彻落实《…》（…号）)."""

    title: str | None
    doc_number: str | None = None


class Meta(Frozen):
    title: str | None = None
    doc_number: str | None = None
    issue_date: str | None = None  # ISO yyyy-mm-dd
    issuer: str | None = None
    region: str | None = None
    horizon: int | None = None
    implements: tuple[PolicyRef, ...] = ()


class Section(Frozen):
    """One heading of the outline (一、 / （一） / 1. / （1） / 专栏N) and what nests under it."""

    id: str
    level: int
    marker: str  # the numbering as written: "一、", "（二）", "3.", "专栏1"
    title: str
    span: Span  # the heading line
    end: int  # where the section's body ends (start of the next heading at this level or above)
    children: tuple[Section, ...] = ()


class Target(Sourced):
    """A quantitative goal: one number, with its bound, unit and due year."""

    metric: str | None = None
    value: Number
    value_max: OptNumber = None
    unit: str | None = None
    comparator: Comparator = "="
    year: int | None = None
    change: Change | None = None
    baseline_year: int | None = None
    sector: str | None = None
    # A reviewer's call: "annual" (due every year, 每年…) or "cumulative" (once, by `year`);
    # None lets the rules decide (services.materialise.flow_of). Extraction leaves it None.
    flow: Flow | None = None


class Observation(Sourced):
    """A stated historical value (a baseline the plan reports)."""

    metric: str | None = None
    value: Number
    unit: str | None = None
    year: int | None = None


class IndicatorRow(Sourced):
    """One row of an indicator table (指标体系): values per year column, text kept where not numeric."""

    category: str | None = None
    name: str
    unit: str | None = None
    values: dict[str, Cell] = Field(default_factory=dict)


class Task(Sourced):
    """A work item that names who is responsible (牵头/配合/责任单位)."""

    title: str | None = None
    lead: tuple[str, ...] = ()
    support: tuple[str, ...] = ()


class Milestone(Sourced):
    """A dated action on a named project (…项目12月底前开工建设)."""

    subject: str
    action: str
    by: str | None = None
    year: int | None = None
    month: int | None = None


class RegionFocus(Sourced):
    """Which sub-region is assigned which industries (桐城市重点发展先进环保装备)."""

    region: str
    sectors: tuple[str, ...]


class Plan(Frozen):
    """Everything extracted from one document."""

    doc: str  # the document's stem: how gold labels and stored plans are keyed
    source: str | None = None
    format: str | None = None
    meta: Meta = Field(default_factory=Meta)
    sections: tuple[Section, ...] = ()
    targets: tuple[Target, ...] = ()
    observations: tuple[Observation, ...] = ()
    indicators: tuple[IndicatorRow, ...] = ()
    tasks: tuple[Task, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    region_focus: tuple[RegionFocus, ...] = ()

    def to_json(self, *, indent: int | None = 1) -> str:
        return self.model_dump_json(indent=indent)
