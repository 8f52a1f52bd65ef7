"""Actuals: the real example file is recorded; a bad file reports every row and writes nothing."""

from __future__ import annotations

import threading
from importlib import resources
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from planwatch.errors import ValidationError
from planwatch.services.actuals_file import ActualRow
from planwatch.services.observations import record_file, record_rows
from planwatch.store import Store
from planwatch.store.tables import Observation

EXAMPLE = Path(str(resources.files("planwatch") / "data" / "example_actuals.csv"))
HEADER = "plan,indicator,region,period,value,unit,source\n"
BAD_ROWS = [
    "nosuch,安徽名牌,安徽省,2018,1,个,x",          # 2 unknown plan
    "anhui,不存在的指标,安徽省,2018,1,个,x",       # 3 unknown indicator
    "anhui,安徽名牌,火星省,2018,1,个,x",           # 4 unknown region
    "anhui,商标,安徽省,2018,1,件,x",               # 5 ambiguous (驰名商标 / 安徽省著名商标)
    "anhui,安徽名牌,安徽省,2018,很多,个,x",        # 6 not a number
    "anhui,安徽名牌,安徽省,2017,5,家,x",           # 7 unit mismatch
    "anhui,安徽名牌,安徽省,2016,1,个,x",           # 8 ok alone ...
    "anhui,安徽名牌,安徽省,2016,2,个,x",           # 9 ... duplicate of row 8
    "anhui,安徽名牌,安徽省,1990,1,个,x",           # 10 outside the plan's years
    "anhui,安徽名牌,安徽省,2019-13,1,个,x",        # 11 bad period
]


def _count(store: Store) -> int:
    with store.transaction() as session:
        return session.scalar(select(func.count()).select_from(Observation)) or 0


def test_real_example_actuals_are_recorded(published_store: Store) -> None:
    assert published_store.retrying(lambda s: record_file(s, path=EXAMPLE)) == 8
    with published_store.transaction() as session:
        periods = sorted(session.scalars(select(Observation.period)).all())
    assert periods == ["2014", "2015", "2016-06", "2018-05", "2018-05", "2018-05", "2019-09", "2020"]


def test_bad_file_reports_every_row_and_writes_nothing(published_store: Store, tmp_path: Path) -> None:
    published_store.retrying(lambda s: record_file(s, path=EXAMPLE))
    before = _count(published_store)
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "\n".join(BAD_ROWS) + "\nanhui,安徽名牌,安徽省,2014,1,个,again\n", encoding="utf-8")
    with pytest.raises(ValidationError) as caught, published_store.transaction() as session:
        record_file(session, path=bad)
    text = "\n".join(caught.value.problems)
    for line, words in [(2, "not imported"), (3, "no indicator"), (4, "火星省"), (5, "ambiguous"),
                        (6, "not a number"), (7, "unit"), (9, "duplicate of row 8"), (10, "outside"),
                        (11, "period"), (12, "already stored")]:
        assert any(p.startswith(f"row {line}:") and words in p for p in caught.value.problems), (line, text)
    assert not any(p.startswith("row 8:") for p in caught.value.problems)
    assert _count(published_store) == before


def test_xlsx_and_unit_conversion(published_store: Store, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["plan", "indicator", "region", "period", "value", "unit", "source"])
    sheet.append(["shaoxing", "新兴产业增加值占工业经济比重", "", "2019-Q3", 41.5, "%", "test"])
    path = tmp_path / "actuals.xlsx"
    book.save(path)
    assert published_store.retrying(lambda s: record_file(s, path=path)) == 1
    with published_store.transaction() as session:
        obs = session.scalars(select(Observation)).one()
    assert (obs.period, obs.period_start.month, obs.period_end.day, obs.value) == ("2019-Q3", 7, 30, 41.5)


@pytest.mark.postgres
def test_concurrent_writers_lose_nothing(published_store: Store) -> None:
    if published_store.engine.dialect.name != "postgresql":
        pytest.skip("concurrency is checked on PostgreSQL")
    errors: list[BaseException] = []

    def work(months: range) -> None:
        for month in months:
            row = ActualRow(line=2, plan="anhui", indicator="安徽名牌", region="", period=f"2019-{month:02d}",
                            value=str(month), unit="个", source="t")
            try:
                published_store.retrying(lambda s, r=row: record_rows(s, rows=[r]))
            except BaseException as e:
                errors.append(e)

    threads = [threading.Thread(target=work, args=(range(1, 13),)) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert _count(published_store) == 12  # each month stored once
    assert len(errors) == 12 and all(isinstance(e, ValidationError) for e in errors)  # the other writer's duplicate
