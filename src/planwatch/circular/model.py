"""The circular's two models, plain frozen dataclasses.

* The **facts** (`CircularFacts`): what `services.circular.gather` reads from the tracked
  data — indicator, task, project and region rows, already judged — and the profile.
* The **content** (`Circular`): what `build.build` makes of them — the 版头, title, body
  blocks (headings, paragraphs, tables, charts), attachments and 版记 — which every writer
  (DOCX, PDF, XLSX, the web page) lays out without deciding anything itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from planwatch.circular.wording import Period

Cell = str | int | float | None
Colour = Literal["红", "黄", "蓝", ""]
LAYOUTS = ("tongbao", "jianbao")  # 通报 as a 公文; 简报/月报 with a 报头 and 期号


# --- facts ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Profile:
    """Who issues the circular of a region and how it is numbered (edited by planners)."""

    region: str
    issuer: str  # 发文机关 (署名, 印发机关), e.g. 合肥市发展和改革委员会
    mark: str  # 发文机关标志 (A) e.g. 合肥市发展和改革委员会文件
    number_prefix: str  # 发文字号 before 〔year〕, e.g. 合发改规划
    next_number: int  # the 发文字号 number the next issue gets
    recipients: str  # 主送, without the final colon
    cc: str  # 抄送, without the final 。 ('' for none)
    editor: str  # 编发单位 of the 简报 (B)
    bulletin: str  # the 报头 name (B), e.g. 规划实施推进情况通报
    next_issue: int  # 期号 of the next issue in its year
    report_day: int = 25  # the next reporting date: 每月X日前报送


@dataclass(frozen=True)
class IndicatorFact:
    plan: str
    metric: str
    region: str | None
    unit: str | None
    target: float | None
    target_year: int | None
    actual: float | None
    actual_period: str | None
    previous_actual: float | None  # the figure a year earlier (同比), when recorded
    completion: float | None  # share of the way covered, 0–1
    elapsed: float | None  # 序时进度 0–1
    gap: float | None  # 个百分点, positive ahead
    previous_gap: float | None  # the same gap at the previous period's end
    status: str
    status_label: str
    key: str = ""  # indicator id and region id: what the 较上期 snapshot is keyed by


@dataclass(frozen=True)
class TaskFact:
    plan: str
    title: str
    lead: tuple[str, ...]
    support: tuple[str, ...]
    deadline: date | None
    state: str
    percent: float | None
    colour: str | None  # blue / yellow / red (escalation at the period's end)
    previous_colour: str | None  # the colour at the previous period's end
    overdue: bool


@dataclass(frozen=True)
class RateFact:
    name: str  # 开工率 …
    planned: float
    done: float
    rate: float | None  # 0–1
    previous_rate: float | None
    pending: tuple[str, ...] = ()


@dataclass(frozen=True)
class RegionFact:
    region: str
    score: float | None  # completion (0–1) or an assessment score
    previous_score: float | None
    indicators: int  # indicators with a figure
    lagging: int
    reported: bool  # any figure in the period


@dataclass(frozen=True)
class ComparisonFact:
    """The 对标 of one plan of the circular against its stored parent (`services.compare`)."""

    plan: str  # the plan's key
    title: str  # the plan's title ('' when the document has none)
    region: str | None
    parent: str  # the parent's key
    parent_title: str
    top_line: str  # 对标《…》：上级指标N项，对应M项（强于a、持平b、弱于c），缺失d项…
    rows: tuple[tuple[str, str, str, str, str, str], ...]  # 上级指标, 目标值, 本级指标, 目标值, 结论, 依据

    @property
    def name(self) -> str:
        """《title》, or 安庆市规划（anqing） for a plan without a title."""
        return f"《{self.title}》" if self.title else f"{self.region or ''}规划（{self.plan}）"


@dataclass(frozen=True)
class CircularFacts:
    region: str
    plans: tuple[tuple[str, str], ...]  # (key, title)
    period: Period
    as_of: date
    generated_at: datetime
    profile: Profile
    indicators: tuple[IndicatorFact, ...]
    tasks: tuple[TaskFact, ...]
    rates: tuple[RateFact, ...]
    three_nots: dict[str, tuple[str, ...]]  # 立项未开工 / 开工未建设 / 建设未竣工 → project names
    investment: tuple[tuple[str, float | None, float], ...]  # (month label, 投资完成率 %, 序时 %)
    regions: tuple[RegionFact, ...]
    score_name: str = "完成率"  # what RegionFact.score is
    issue_number: int | None = None  # 发文字号 number / 期号 when issued, else the profile's next
    lag_threshold: float = 10.0  # 个百分点 behind 序时 that 存在问题 names
    sources: tuple[str, ...] = ()
    comparisons: tuple[ComparisonFact, ...] = ()  # only when asked for (--compare): plans with a parent link


# --- content -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Table:
    key: str  # sheet name in the XLSX (≤ 31 characters)
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    colour_column: int | None = None  # the column holding 红/黄/蓝
    unit_note: str = ""  # "单位：万元"
    empty_note: str = "本期无数据。"
    summary: bool = False  # a body excerpt of an attachment's table (not a sheet of its own)


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    kind: Literal["bar", "line"]
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float | None, ...]], ...]  # (name, values)
    reference: tuple[str, float] | None = None  # a horizontal 序时 line (name, value)
    colours: tuple[Colour, ...] = ()  # per category, bar charts
    y_label: str = ""


@dataclass(frozen=True)
class Heading:
    level: int  # 1 一、 (黑体) 2 （一） (楷体) 3 1. 4 （1）
    text: str


@dataclass(frozen=True)
class Para:
    text: str
    lead: str = ""  # a run-in heading at the start of the paragraph (level 3/4 in 仿宋)


Block = Heading | Para | Table | Chart


@dataclass(frozen=True)
class Attachment:
    number: int
    title: str
    table: Table


@dataclass(frozen=True)
class Circular:
    layout: str
    region: str
    period: Period
    mark: str  # 发文机关标志 (A) or 报头 name (B)
    doc_number: str  # 发文字号 (A) or '2026年第10期' (B)
    title_lines: tuple[str, ...]
    recipients: str  # ends with '：'
    body: tuple[Block, ...]
    attachments: tuple[Attachment, ...]
    issuer: str
    date: date
    note: str  # 附注 '（此件公开发布）'
    cc: str  # 抄送 line, '' for none
    printed: str  # 印发机关 (A) or 编发单位 (B)
    data_note: tuple[str, ...]
    generated_at: datetime
    charts: tuple[Chart, ...] = field(default=())

    @property
    def title(self) -> str:
        return "".join(self.title_lines)

    def tables(self) -> list[Table]:
        """Every table, the body's then the attachments' (an attachment repeating a body table once)."""
        seen: dict[str, Table] = {}
        for t in [b for b in self.body if isinstance(b, Table)] + [a.table for a in self.attachments]:
            seen.setdefault(t.key, t)
        return list(seen.values())

    def text(self) -> str:
        """All the words, in reading order (the determinism snapshot and the glyph check)."""
        parts = [self.mark, self.doc_number, *self.title_lines, self.recipients]
        for b in self.body:
            if isinstance(b, Heading):
                parts.append(b.text)
            elif isinstance(b, Para):
                parts.append(b.lead + b.text)
            elif isinstance(b, Table):
                parts += [b.title, " ".join(b.columns), *(" ".join("" if c is None else str(c) for c in r)
                                                          for r in b.rows)]
            else:
                parts.append(b.title)
        parts += [f"附件{a.number}：{a.title}" for a in self.attachments]
        parts += [self.issuer, self.note, self.cc, self.printed, *self.data_note]
        return "\n".join(p for p in parts if p)
