"""What the circular says, against the tracked data on the example plans and real actuals:
its numbers equal `planwatch status` / `tasks` for the same date, a period without data says
so, missing reports are named, the same data gives the same text and cells, and bad input
is a clear error that leaves no file behind."""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import replace
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from circular.kit import WHEN, Rendered, require_tools
from planwatch.circular import files, fonts
from planwatch.circular.build import build
from planwatch.circular.model import Heading, Para
from planwatch.cli import main
from planwatch.errors import NotFoundError, ValidationError
from planwatch.services import circular as service
from planwatch.services.status import plan_status
from planwatch.services.tasks import list_tasks
from planwatch.store import Store

AS_OF = date(2019, 9, 30)


def _paras(c: object) -> str:
    return "\n".join(b.lead + b.text if isinstance(b, Para) else b.text for b in c.body  # type: ignore[attr-defined]
                     if isinstance(b, Para | Heading))


def test_indicator_figures_equal_planwatch_status(store: Store, tongbao: Rendered) -> None:
    with store.transaction() as s:
        rows = [r for key, _ in tongbao.facts.plans for r in plan_status(s, as_of=AS_OF, plan=key)]
        tasks = list_tasks(s, as_of=AS_OF, plan_keys=[k for k, _ in tongbao.facts.plans])
    table = next(t for t in tongbao.circular.tables() if t.key == "指标进展")
    assert len(table.rows) == len(rows)
    by_key = {f"{r.indicator_id}:{r.region_id or 0}": r for r in rows}
    for f, row in zip(tongbao.facts.indicators, table.rows, strict=True):
        r = by_key[f.key]
        assert row[4] == r.latest["value"]
        assert row[6] == (None if r.covered is None else round(r.covered * 100, 1))
        assert row[8] == (None if r.gap is None else round(r.gap, 1))
        assert row[9] == r.status_label
    counts = Counter(r.status_label for r in rows)
    lead = tongbao.circular.body[0].text  # type: ignore[union-attr]
    for label, n in counts.items():
        assert f"{label}{n}项" in lead
    text = _paras(tongbao.circular)
    assert f"纳入督办的重点任务{len(tasks)}项" in text
    assert f"已完成{sum(t.state == '已完成' for t in tasks)}项" in text
    red = sum(t.colour == "red" for t in tasks)
    assert f"现有红色{red}项" in text


def test_the_wording_rules_hold_in_the_whole_text(tongbao: Rendered) -> None:
    text = tongbao.circular.text()
    assert not re.search(r"[快慢]于序时进度-?\d+(\.\d+)?%", text)
    assert not re.search(r"(?<!\d)0\d月|年0\d|月0\d日", text)
    assert "1—9月" in text and "1-9月" not in text
    assert not re.search(r"个百分点", text) or re.search(r"(快于|慢于)序时进度\d+(\.\d)?个百分点|持平", text)


def test_missing_reports_are_named(tongbao: Rendered) -> None:
    silent = [r.region for r in tongbao.facts.regions if not r.reported]
    assert silent, "the example data has a sub-region without figures in 2019"
    problems = _paras(tongbao.circular)
    assert all(name in problems for name in silent) and "未报送" in problems


def test_a_period_without_data_says_so(tongbao: Rendered) -> None:
    empty = tuple(replace(f, actual=None, completion=None, gap=None, previous_gap=None, status="no_data",
                          status_label="无数据") for f in tongbao.facts.indicators)
    c = build(replace(tongbao.facts, indicators=empty, regions=()))
    text = _paras(c)
    assert "均无数据报送" in text
    assert "已完成0项、进度正常0项" not in text


def test_same_data_same_text_and_cells(store: Store, tongbao: Rendered) -> None:
    with store.transaction() as s:
        again = service.make(s, region="安徽省", period="2019-09", generated_at=WHEN)
    assert again.text() == tongbao.circular.text()
    assert [t.rows for t in again.tables()] == [t.rows for t in tongbao.circular.tables()]
    now = openpyxl.load_workbook(io.BytesIO(files.render(again, "xlsx")))
    before = openpyxl.load_workbook(tongbao.paths["xlsx"])
    assert now.sheetnames == before.sheetnames
    for name in now.sheetnames:
        assert list(now[name].values) == list(before[name].values)


def test_planner_edits_replace_the_lead_and_requirements(tongbao: Rendered) -> None:
    c = build(tongbao.facts, lead="现将有关情况通报如下。", requirements=["压实责任", "倒排工期"])
    assert c.body[0].text == "现将有关情况通报如下。"  # type: ignore[union-attr]
    assert [b.text for b in c.body[-2:]] == ["一是压实责任。", "二是倒排工期。"]  # type: ignore[union-attr]


@pytest.mark.parametrize(("kwargs", "error", "words"), [
    ({"region": "火星", "period": "2019-09"}, NotFoundError, "火星"),
    ({"region": "安徽省", "period": "2019-09", "plan": "nope"}, NotFoundError, "nope"),
    ({"region": "安徽省", "period": "2010-09"}, ValidationError, "before the plan starts"),
    ({"region": "安徽省", "period": "2019-13"}, ValidationError, "month 13"),
    ({"region": "安徽省", "period": "2019-09", "layout": "poster"}, ValidationError, "poster"),
])
def test_bad_input_is_a_clear_error(store: Store, kwargs: dict[str, str], error: type[Exception], words: str) -> None:
    with store.transaction() as s, pytest.raises(error) as e:
        service.make(s, generated_at=WHEN, **kwargs)
    assert words in str(e.value)


def test_a_missing_font_is_an_error_and_no_file_is_left(tongbao: Rendered, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "FONT_DIRS", (tmp_path / "nowhere",))
    monkeypatch.delenv(fonts.ENV_DIR, raising=False)
    out = tmp_path / "out"
    with pytest.raises(fonts.FontError) as e:
        files.write_all(tongbao.circular, out, files.FORMATS)
    assert "FandolFang" in str(e.value) or "Fandol" in str(e.value) or "Liberation" in str(e.value)
    assert not out.exists() or not list(out.iterdir())


def test_a_missing_glyph_is_an_error_not_a_box(tongbao: Rendered) -> None:
    with pytest.raises(fonts.FontError) as e:
        fonts.check_text({"fang": "合肥\U00017000市"})  # a Tangut character: in no font of the circular
    assert "\U00017000" in str(e.value)


def test_the_command_writes_all_three_files(store: Store, tmp_path: Path) -> None:
    require_tools()
    url = str(store.engine.url)
    result = CliRunner().invoke(main, ["circular", "--db", url, "--region", "安徽省", "--period", "2019-09",
                                       "--layout", "jianbao", "--format", "all", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [f"安徽省-2019-09-简报.{f}" for f in ("docx", "pdf", "xlsx")]
    bad = CliRunner().invoke(main, ["circular", "--db", url, "--region", "安徽省", "--period", "2010-09",
                                    "--out", str(tmp_path / "bad")])
    assert bad.exit_code == 2 and "before the plan starts" in bad.output and not (tmp_path / "bad").exists()


def test_the_next_circular_compares_with_the_last_issue(store: Store) -> None:
    require_tools()
    with store.transaction(actor="planner") as s:
        first = service.issue(s, region="安徽省", period="2019-08", generated_at=WHEN, actor="planner")
        number = first.number
        gaps = dict(first.snapshot["gaps"])
    with store.transaction() as s:
        facts = service.gather(s, region="安徽省", period="2019-09", generated_at=WHEN)
        profile = service.get_profile(s, region="安徽省")
        _, data = service.issued_file(s, issue_id=first.id, fmt="pdf")
    assert profile.next_number == number + 1
    compared = {f.key: f.previous_gap for f in facts.indicators if f.key in gaps}
    assert compared and all(compared[k] == gaps[k] for k in compared)
    assert data.startswith(b"%PDF")
