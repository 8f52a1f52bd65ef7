"""A task's default deadline, read from its text when nobody has set one.

Plans rarely give a task its own date, but their wording often implies one: 到2023年 (the end
of 2023), 2023年6月底前 (30 June 2023), 6月底前 or 年底前 (that month or December of the plan's
year: its issue year — the next one when the month is already past at issue — else its
horizon), 上半年, 三季度. Standing duties (每季度, 每年, 长期坚持,
常态化) and tasks with no date run to the plan's horizon (31 December of that year). When the
text names several dates the latest is the task's end. Years before the plan's issue year are
history (比2015年, 2018年以来), never a deadline.

Pure: the plan's issue year and horizon are passed in.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_WIDE = str.maketrans("０１２３４５６７８９", "0123456789")
_CN_MONTH = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
             "十一": 11, "十二": 12}
_MONTH = r"(?P<m>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])月"
_DUE = r"(?:底|末)?(?:前|以前|之前|份)?"
_BY = r"(?:到|至|截至|截止到|截止)?"
# Years that are not due dates: baselines, starting points, periods looked back on.
_NOT_DUE_BEFORE = ("比", "较", "自", "从", "与", "同")
_NOT_DUE_AFTER = ("起", "以来", "开始", "为基", "基础", "水平", "相比", "同期", "的")
RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("month", re.compile(rf"{_BY}(?P<y>20\d\d)年{_MONTH}{_DUE}")),
    ("year", re.compile(rf"{_BY}(?P<y>20\d\d)年(?:底|末)?(?:前|以前|之前|内)?")),
    ("month", re.compile(rf"{_MONTH}(?:底|末|份|中旬|下旬|上旬)?(?:前|以前|之前)?")),
    ("year-end", re.compile(r"年底|年末|年内")),
    ("half", re.compile(r"(?P<h>上半年|下半年)")),
    ("quarter", re.compile(r"(?<!每)(?:第)?(?P<q>[一二三四1-4])季度")),
)
ONGOING = re.compile(r"每季度|每月|每年|每半年|长期坚持|长期|常态化|持续推进|持续开展")
_QUARTER_END = {"一": 3, "二": 6, "三": 9, "四": 12, "1": 3, "2": 6, "3": 9, "4": 12}


@dataclass(frozen=True)
class DefaultDeadline:
    """A derived deadline: the day, the rule that gave it and the words it was read from."""

    day: date
    rule: str  # month, year, year-end, half, quarter, ongoing, horizon
    surface: str  # '' for the horizon

    @property
    def note(self) -> str:
        """How it was derived, for the deadline's history (`task_deadlines.note`)."""
        return f"derived from the plan's horizon ({self.rule})" if not self.surface else \
            f"derived from the text: {self.surface}"


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _is_due_year(text: str, m: re.Match[str], issue_year: int | None) -> bool:
    before, after = text[max(0, m.start() - 1):m.start()], text[m.end():m.end() + 2]
    if before in _NOT_DUE_BEFORE or after.startswith(_NOT_DUE_AFTER):
        return False
    return issue_year is None or int(m["y"]) >= issue_year


def _day(rule: str, m: re.Match[str], year: int | None) -> date | None:
    groups = m.groupdict()
    y = int(groups["y"]) if groups.get("y") else year
    if y is None:
        return None
    if groups.get("m"):
        month = _CN_MONTH.get(groups["m"]) or int(groups["m"])
        return _month_end(y, month)
    if rule == "half":
        return date(y, 6, 30) if groups["h"] == "上半年" else date(y, 12, 31)
    if rule == "quarter":
        return _month_end(y, _QUARTER_END[groups["q"]])
    return date(y, 12, 31)


def _found(text: str, issued: date | None, horizon: int | None) -> list[DefaultDeadline]:
    issue_year = issued.year if issued else None
    year = issue_year or horizon
    taken: list[tuple[int, int]] = []
    out: list[DefaultDeadline] = []
    for rule, pattern in RULES:
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken) or not m.group():
                continue
            if m.groupdict().get("y") and not _is_due_year(text, m, issue_year):
                taken.append(m.span())
                continue
            day = _day(rule, m, year)
            if day is not None and issued is not None and not m.groupdict().get("y") and day < issued:
                day = _day(rule, m, issued.year + 1)  # 6月底前 in a plan issued in November
            if day is not None:
                taken.append(m.span())
                out.append(DefaultDeadline(day, rule, m.group()))
    return out


def default_deadline(text: str | None, *, issued: date | None, horizon: int | None) -> DefaultDeadline | None:
    """The deadline a task's text implies, else the plan's horizon; None without either.

    >>> default_deadline("到2023年，建成工业互联网平台10个", issued=date(2021, 3, 1), horizon=2025).day
    datetime.date(2023, 12, 31)
    >>> default_deadline("2023年6月底前完成验收", issued=date(2021, 3, 1), horizon=2025).day
    datetime.date(2023, 6, 30)
    >>> default_deadline("到2018年底，推进智能化", issued=date(2015, 11, 18), horizon=2025).surface
    '到2018年底'
    >>> d = default_deadline("确保6月底前开工建设", issued=date(2017, 2, 20), horizon=2020)
    >>> d.day, d.rule, d.surface
    (datetime.date(2017, 6, 30), 'month', '6月底前')
    >>> default_deadline("十二月底前完成", issued=date(2019, 1, 8), horizon=None).day
    datetime.date(2019, 12, 31)
    >>> default_deadline("6月底前完成方案", issued=date(2015, 11, 18), horizon=2025).day
    datetime.date(2016, 6, 30)
    >>> default_deadline("年底前建成投产", issued=None, horizon=2020).day
    datetime.date(2020, 12, 31)
    >>> default_deadline("每季度调度一次", issued=date(2019, 1, 8), horizon=2022).rule
    'ongoing'
    >>> default_deadline("比2015年下降18%", issued=date(2016, 5, 4), horizon=2020)
    DefaultDeadline(day=datetime.date(2020, 12, 31), rule='horizon', surface='')
    >>> default_deadline("到2020年达到80%，到2025年达到90%", issued=date(2015, 11, 18), horizon=2025).day
    datetime.date(2025, 12, 31)
    >>> default_deadline("加快创新平台建设", issued=None, horizon=None) is None
    True
    """
    text = (text or "").translate(_WIDE)
    found = _found(text, issued, horizon)
    if found:
        return max(found, key=lambda d: d.day)
    if horizon is None:
        return None
    ongoing = ONGOING.search(text)
    return DefaultDeadline(date(horizon, 12, 31), "ongoing" if ongoing else "horizon", "")
