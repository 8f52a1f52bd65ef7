"""The 填报模板 round trip and the progress-table export.

* `template_bytes`: an .xlsx with Chinese headers (the reader's own: 规划, 指标编号, 指标名称,
  地区, 期间, 数值, 单位, 来源, 备注), one row per indicator, region of the user's and period
  due whose figure is not stored yet (a figure already accepted or waiting is not asked for
  again; a returned one is, with the reason in 备注).
* `stage_upload`: the uploaded file read by `actuals_file.read_actuals` and checked by
  `observations.validate_rows` with the web's rules, exactly as `planwatch observe` reads and
  checks; when every row passes, the rows are staged in the database (`entry_uploads`) and
  nothing else is written until `confirm_upload`, which checks them all again and stores them.
* `progress_bytes`: the plan's progress table (the rows of the plan page) as .xlsx.
"""

from __future__ import annotations

import secrets
import tempfile
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from planwatch.errors import NotFoundError, ValidationError
from planwatch.services import entry
from planwatch.services.actuals_file import ActualRow, read_actuals
from planwatch.services.auth import Principal
from planwatch.services.entry_grid import indicators_of, one_per_metric, periods_due
from planwatch.services.observations import Recorded, observe_rows, validate_rows
from planwatch.services.status import plan_status
from planwatch.services.xlsx_export import Sheet, workbook_bytes
from planwatch.store import audit
from planwatch.store.base import utcnow
from planwatch.store.entry_tables import StagedUpload
from planwatch.store.tables import Observation, Plan, Region

TEMPLATE_HEADERS = ("规划", "指标编号", "指标名称", "地区", "期间", "数值", "单位", "来源", "备注")
MAX_TEMPLATE_ROWS = 20_000
SUFFIXES = (".csv", ".xlsx", ".xlsm")
HELP = (("填写", "每行一个数值：填写“数值”“来源”，其余列已按指标、地区、期间预填；数值留空的行不导入。"),
        ("期间", "2019（全年）、2019年1-9月（1至9月累计）、2019-09（当月）、2019-Q3、2019H1"),
        ("数值", "按“单位”列的单位填写；百分比可写 23.6 或 23.6%"),
        ("审核", "本级填报的数据由上级规划部门审核接受后计入进度；已接受或待审核的数据不再列出"),
        ("上传", "在“数据填报”页上传本文件：先逐行检查，全部无误并确认后才写入"))


def template_rows(session: Session, who: Principal, *, plan: Plan, region: Region | None, period: str | None,
                  today: date) -> list[list[Any]]:
    """The rows of the template: what is still to be entered, for the user's regions."""
    regions = [region] if region is not None else entry.entry_regions(session, who, plan)
    regions = [r for r in regions if entry.may_enter(session, who, plan, r.id)]
    periods = [period] if period else periods_due(session, plan, today=today)
    all_indicators = indicators_of(session, plan)
    ids = [i.id for i in all_indicators]
    stored = {(o.indicator_id, o.region_id, o.period): o for o in session.scalars(
        select(Observation).where(Observation.indicator_id.in_(ids),
                                  Observation.region_id.in_([r.id for r in regions])))} if ids and regions else {}
    rows: list[list[Any]] = []
    for label in periods:
        year = int(label[:4]) if label[:4].isdigit() else today.year
        for r in regions:
            for ind in one_per_metric(all_indicators, year):
                same = [i.id for i in all_indicators if (i.metric, i.unit) == (ind.metric, ind.unit)]
                found = next((stored[k] for i in same if (k := (i, r.id, label)) in stored), None)
                if found is not None and found.review_state != "returned":
                    continue
                note = f"已退回：{found.return_reason}" if found is not None else ""
                rows.append([plan.key, ind.id, ind.metric, r.name, label, None, ind.unit or "", "", note])
                if len(rows) >= MAX_TEMPLATE_ROWS:
                    return rows
    return rows


def template_bytes(session: Session, who: Principal, *, plan: Plan, region: Region | None, period: str | None,
                   today: date) -> bytes:
    rows = template_rows(session, who, plan=plan, region=region, period=period, today=today)
    return workbook_bytes([Sheet("填报模板", TEMPLATE_HEADERS, rows), Sheet("填写说明", ("项目", "说明"), HELP)])


def read_upload(filename: str, data: bytes) -> list[ActualRow]:
    """The rows of an uploaded file that carry a value, read by the same reader as
    `planwatch observe` (a template's rows left blank are the figures not reported yet)."""
    suffix = Path(filename).suffix.lower()
    if suffix not in SUFFIXES:
        raise ValidationError(filename, [f"file: {suffix or 'no suffix'}: upload a .xlsx or .csv file (上传 .xlsx 或 .csv)"])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(data)
        rows = [r for r in read_actuals(path) if r.value.strip()]
    if not rows:
        raise ValidationError(filename, ["file: no rows with figures (没有数据行)"])
    return rows


def stage_upload(session: Session, who: Principal, *, filename: str, data: bytes) -> tuple[StagedUpload, list[Any]]:
    """Check every row of the file; raise one ValidationError with all problems, or stage the
    rows and return the stage and the checked rows (for the preview)."""
    rows = read_upload(filename, data)
    checked = validate_rows(session, rows, entrant=entry.entrant(session, who))
    staged = StagedUpload(id=secrets.token_hex(16), filename=filename[:256], created_by=who.login,
                          rows=[asdict(r) for r in rows])
    session.add(staged)
    session.flush()
    audit.record(session, entity="entry_uploads", entity_id=staged.id, action="stage",
                 after={"filename": staged.filename, "rows": len(rows)}, region_id=who.region_id)
    return staged, checked


def preview(session: Session, who: Principal, checked: list[Any]) -> list[dict[str, Any]]:
    names = dict(session.execute(select(Region.id, Region.name).where(
        Region.id.in_({c.region_id for c in checked}))).all())
    return [{"row": c.line, "indicator_id": c.indicator.id, "metric": c.indicator.metric, "region": names[c.region_id],
             "period": c.period[0], "value": c.value, "unit": c.unit, "source": c.source, "note": c.note,
             "state": entry.state_for(who, c.region_id),
             "state_label": entry.STATE_LABELS[entry.state_for(who, c.region_id)]} for c in checked]


def confirm_upload(session: Session, who: Principal, *, staged_id: str) -> tuple[Recorded, list[str]]:
    """Store the staged rows (checked again: the database may have changed since); returns
    what was stored and the keys of the plans it touched."""
    staged = session.get(StagedUpload, staged_id)
    if staged is None or staged.created_by != who.login:
        raise NotFoundError(f"upload {staged_id!r}: no such upload")
    if staged.confirmed_at is not None:
        raise ValidationError(staged.filename, ["upload: already imported (已导入)"])
    rows = [ActualRow(**r) for r in staged.rows]
    done = observe_rows(session, rows=rows, source=staged.filename, entrant=entry.entrant(session, who))
    staged.confirmed_at = utcnow()
    audit.record(session, entity="entry_uploads", entity_id=staged.id, action="confirm",
                 after={"filename": staged.filename, "rows": done.count}, region_id=who.region_id)
    return done, sorted({r.plan for r in rows})


PROGRESS_HEADERS = ("指标编号", "指标", "地区", "单位", "目标值", "目标年份", "基期值", "基期年份", "最新数据",
                    "数据期间", "完成程度", "序时进度", "状态", "预测", "方法")


def progress_bytes(session: Session, *, plan: Plan, as_of: date, region: str | None, method: str,
                   lag_months: int) -> bytes:
    """The plan's progress table (the rows of the plan page), accepted figures only."""
    rows = plan_status(session, as_of=as_of, plan=plan.key, region=region, method=method, lag_months=lag_months)
    body = [[r.indicator_id, r.metric, r.region, r.unit, r.target.get("value"),
             r.target.get("year"), r.baseline.get("value"), r.baseline.get("year"), r.latest.get("value"),
             r.latest.get("period"), r.achievement, r.elapsed, r.status_label, r.forecast, r.method] for r in rows]
    facts = [("规划", plan.title or plan.key), ("截至", as_of.isoformat()), ("地区", region or "规划所在地区"),
             ("方法", method), ("口径", "仅计入已审核接受的数据")]
    return workbook_bytes([Sheet("进度表", PROGRESS_HEADERS, body, formats={"完成程度": "0.0%", "序时进度": "0.0%"}),
                           Sheet("说明", ("项目", "内容"), facts)])
