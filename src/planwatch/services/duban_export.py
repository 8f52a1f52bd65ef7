"""督查督办 exports: the board as an .xlsx with Chinese headers (`services.xlsx_export`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from planwatch.progress.tasks import COLOUR_LABELS
from planwatch.services.duban_board import BoardRow
from planwatch.services.tasks import Unit
from planwatch.services.xlsx_export import Sheet, workbook_bytes

HEADERS = ("规划", "任务编号", "任务", "牵头单位", "配合单位", "期限", "期限来源", "办理阶段", "状态", "进度（%）",
           "最近报告日期", "最近报告内容", "督办", "逾期天数", "待审报告", "待批延期")


def _units(units: Sequence[Unit]) -> str:
    return "、".join(u.department or u.raw_name for u in units)


def task_table(rows: Sequence[BoardRow]) -> list[list[object]]:
    """One line per task, in the order of `HEADERS`."""
    return [[r.plan, r.task_id, r.title, _units(r.lead), _units(r.support), r.deadline,
             ("规划文本推定" if r.deadline_derived else "督查设定") if r.deadline else "", r.phase, r.state, r.percent,
             r.update_date, r.text or "", COLOUR_LABELS.get(r.colour or "", ""), max(r.days or 0, 0) if r.overdue else None,
             r.pending_reports, r.pending_extensions] for r in rows]


def tasks_workbook(rows: Sequence[BoardRow], *, as_of: date) -> bytes:
    """The tasks as one sheet named after the day they stand at."""
    return workbook_bytes([Sheet(f"督查督办任务（截至{as_of.isoformat()}）", HEADERS, task_table(rows))])
