"""The 对标情况表 in the circular (issue #12): asked for with `--compare` / `compare=1`, the
安徽省 circular of the demo (whose anqing and chaohu plans have a confirmed link to 中国制造2025
安徽篇) gets one attachment per linked plan with the rows `planwatch compare` gives, in the
DOCX, the PDF and the XLSX, and the 对标 page's top line in 总体情况 whose numbers are the rows';
a planner's review decisions reach both; without the flag, or without a link, nothing changes."""

from __future__ import annotations

import io
import re
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pdfplumber
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from circular import test_docx as gb
from circular.kit import OUT, WHEN, Rendered, require_tools
from demo_db import cheap_settings
from planwatch.circular import files
from planwatch.circular.build import COMPARE_COLUMNS
from planwatch.circular.model import Circular, Para
from planwatch.circular.pdf import cell_text
from planwatch.services import circular as service
from planwatch.services import compare as compare_service
from planwatch.services.demo import DEMO_PASSWORD
from planwatch.store import Store, open_store
from planwatch.web import create_app

LINKED = ("anqing", "chaohu")  # services.compare.DEMO_LINKS
TOP = re.compile(r"对标《(?P<parent>[^》]+)》：上级指标(?P<n>\d+)项，对应(?P<m>\d+)项（强于(?P<stronger>\d+)、持平(?P<equal>\d+)、"
                 r"弱于(?P<weaker>\d+)(?:、不可比(?P<not_comparable>\d+))?）(?:，)?缺失(?P<missing>\d+)项(?:，待审核(?P<review>\d+)项)?")


def _expected_rows(store: Store, key: str) -> list[tuple[str, ...]]:
    """What the 对标 page's XLSX (services.compare.comparison_sheets) lists, in the circular's six
    columns: 上级指标, 上级目标, 本级指标, 本级目标, 结论, 依据."""
    with store.transaction() as s:
        sheet = compare_service.comparison_sheets(compare_service.comparison_json(
            compare_service.compare_plans(s, key=key)))[0]
    return [tuple(r[i] for i in (0, 1, 2, 3, 4, 6)) for r in sheet.rows]


def _render(store: Store, name: str, *, region: str = "安徽省", compare: bool = True) -> Rendered:
    with store.transaction() as s:
        facts = service.gather(s, region=region, period="2019-09", generated_at=WHEN, compare=compare)
        c = service.make(s, region=region, period="2019-09", generated_at=WHEN, compare=compare)
    folder = OUT / name
    if folder.exists():
        shutil.rmtree(folder)
    paths = {p.suffix[1:]: p for p in files.write_all(c, folder, files.FORMATS)}
    return Rendered(facts, c, paths)


@pytest.fixture(scope="module")
def demo_store(demo_db: Path) -> Iterator[Store]:
    st = open_store(cheap_settings(f"sqlite:///{demo_db}"))  # read only: nothing here writes
    yield st
    st.dispose()


@pytest.fixture(scope="module")
def compared(demo_store: Store) -> Rendered:
    require_tools()
    return _render(demo_store, "compare")


def _sentence(c: Circular) -> str:
    found = [b.text for b in c.body if isinstance(b, Para) and "对标《" in b.text]
    assert len(found) == 1, found
    return found[0]


def _counts_agree(sentence_part: str, rows: list[tuple[Any, ...]]) -> None:
    m = TOP.search(sentence_part)
    assert m, sentence_part
    verdicts = Counter(r[4] for r in rows)
    assert int(m["n"]) == len(rows)
    matched = sum(verdicts[v] for v in ("强于", "持平", "弱于", "不可比"))
    assert int(m["m"]) == matched
    for key, zh in (("stronger", "强于"), ("equal", "持平"), ("weaker", "弱于"), ("missing", "缺失"),
                    ("not_comparable", "不可比"), ("review", "待审核")):
        assert int(m[key] or 0) == verdicts[zh], (key, sentence_part)


def test_the_model_has_one_attachment_per_linked_plan_with_the_compare_rows(compared: Rendered,
                                                                             demo_store: Store) -> None:
    c = compared.circular
    assert [f.plan for f in compared.facts.comparisons] == list(LINKED)
    extra = c.attachments[4:]
    assert [a.number for a in extra] == [5, 6]
    assert [a.title for a in extra] == ["安庆市规划（anqing）对标情况表", "巢湖市规划（chaohu）对标情况表"]
    for a, key in zip(extra, LINKED, strict=True):
        assert a.table.columns == COMPARE_COLUMNS == ("上级指标", "目标值", "本级指标", "目标值", "结论", "依据")
        expected = _expected_rows(demo_store, key)
        assert expected and list(a.table.rows) == expected
    # the sentence in 总体情况: the 对标 page's top line per plan, numbers equal to the rows
    sentence = _sentence(c)
    with demo_store.transaction() as s:
        tops = [compare_service.compare_plans(s, key=k).top_line for k in LINKED]
    assert sentence == (f"安庆市规划（anqing）{tops[0]}。巢湖市规划（chaohu）{tops[1]}。逐项对标情况见附件5—6。")
    for part, a in zip(sentence.split("。")[:2], extra, strict=True):
        _counts_agree(part, list(a.table.rows))
    overall = [type(b).__name__ + ":" + getattr(b, "text", "") for b in c.body]
    assert overall.index("Heading:一、总体情况") < overall.index("Para:" + sentence) < overall.index("Heading:二、分地区推进情况")


def test_the_table_is_in_the_docx_and_it_keeps_the_gbt_9704_checks(compared: Rendered) -> None:
    d = docx.Document(str(compared.paths["docx"]))
    tables = [t for t in d.tables if [c.text for c in t.rows[0].cells] == list(COMPARE_COLUMNS)]
    assert len(tables) == 2
    for t, a in zip(tables, compared.circular.attachments[4:], strict=True):
        got = [tuple(c.text for c in row.cells) for row in t.rows[1:]]
        assert got == [tuple(cell_text(v) for v in r) for r in a.table.rows]
    texts = [p.text for p in d.paragraphs]
    assert _sentence(compared.circular) in texts
    i = next(k for k, t in enumerate(texts) if t.startswith("附件："))
    assert [re.sub(r"^(附件：)?\d+\.", "", t) for t in texts[i:i + 6]] == [a.title for a in compared.circular.attachments]
    for check in (gb.test_page_margins_and_grid, gb.test_east_asian_fonts_are_named_and_no_theme_overrides_them,
                  gb.test_mark_number_rule_title_and_recipients, gb.test_headings_fonts_and_numbering,
                  gb.test_page_numbers_alternate_sides, gb.test_tables_repeat_their_header_and_fit_the_text_block,
                  gb.test_colophon_and_colour):
        check(compared)


def test_the_table_is_in_the_pdf_text(compared: Rendered) -> None:
    c = compared.circular
    with pdfplumber.open(str(compared.paths["pdf"])) as pdf:
        pages = [p.extract_text() or "" for p in pdf.pages]
        flat = re.sub(r"\s", "", "".join(pages))
        assert re.sub(r"\s", "", _sentence(c)) in flat
        for a in c.attachments[4:]:
            start = next(i for i, t in enumerate(pages) if f"附件{a.number}" in t and a.title in t.replace("\n", ""))
            rows: list[tuple[str, ...]] = []
            for page in pdf.pages[start:]:  # each attachment starts a page; its header repeats on each
                rows += [tuple(re.sub(r"\s", "", x or "") for x in r) for table in page.extract_tables()
                         for r in table if tuple(re.sub(r"\s", "", x or "") for x in r) != COMPARE_COLUMNS]
                if len(rows) >= len(a.table.rows):
                    break
            assert rows[:len(a.table.rows)] == [tuple(re.sub(r"\s", "", cell_text(v)) for v in r) for r in a.table.rows]


def test_the_table_is_an_xlsx_sheet(compared: Rendered) -> None:
    wb = openpyxl.load_workbook(compared.paths["xlsx"])
    assert wb.sheetnames[-3:] == ["对标情况1", "对标情况2", "说明"]
    for name, a in zip(("对标情况1", "对标情况2"), compared.circular.attachments[4:], strict=True):
        ws = wb[name]
        assert [c.value for c in ws[2]] == list(COMPARE_COLUMNS)
        assert [tuple(r) for r in ws.iter_rows(min_row=3, values_only=True)] == list(a.table.rows)


def test_without_the_flag_or_without_a_link_nothing_changes(demo_store: Store, compared: Rendered) -> None:
    with demo_store.transaction() as s:
        plain = service.make(s, region="安徽省", period="2019-09", generated_at=WHEN)
        off = service.make(s, region="安徽省", period="2019-09", generated_at=WHEN, compare=False)
        # 绍兴市's plan (shaoxing) has no parent link: the flag adds nothing
        unlinked = service.make(s, region="绍兴市", period="2019-09", generated_at=WHEN, compare=True)
        unlinked_plain = service.make(s, region="绍兴市", period="2019-09", generated_at=WHEN)
        facts = service.gather(s, region="安徽省", period="2019-09", generated_at=WHEN)
    assert plain == off and unlinked == unlinked_plain and facts.comparisons == ()
    assert len(plain.attachments) == 4 and "对标" not in plain.text()
    assert files.render(plain, "xlsx") == files.render(off, "xlsx")
    assert "对标" not in unlinked.text()
    # with it, the circular is the same plus the sentence and the attachments
    with_ = compared.circular
    assert with_.attachments[:4] == plain.attachments
    assert [b for b in with_.body if not (isinstance(b, Para) and "对标《" in b.text)] == list(plain.body)


def test_one_plan_circular_and_a_planners_decision(demo_db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "demo.db"
    shutil.copyfile(demo_db, copy)
    st = open_store(cheap_settings(f"sqlite:///{copy}"))
    try:
        def chaohu() -> Circular:
            with st.transaction() as s:
                return service.make(s, region="巢湖市", period="2019-09", generated_at=WHEN, compare=True)

        before = chaohu()
        assert [a.title for a in before.attachments[4:]] == ["对标情况表"]
        assert _sentence(before).startswith("对标《中国制造2025安徽篇》：") and _sentence(before).endswith("逐项对标情况见附件5。")
        with st.transaction(actor="planner") as s:  # the planner confirms a pair on the 对标 page
            compare_service.decide(s, parent_metric="制造业增加值占GDP比重", child_metric="制造业产值", decision="same")
        after = chaohu()
        rows = list(after.attachments[4].table.rows)
        assert rows == _expected_rows(st, "chaohu")
        decided = [r for r in rows if r[0] == "制造业增加值占GDP比重"]
        assert decided and all(r[2] == "制造业产值" and r[4] == "不可比" and r[5].startswith("审核确认") for r in decided)
        _counts_agree(_sentence(after), rows)
        assert _sentence(after) != _sentence(before)
        # one plan of 安徽省 asked for: that plan's table only, not named in the sentence
        with st.transaction() as s:
            one = service.make(s, region="安徽省", plan="anqing", period="2019-09", generated_at=WHEN, compare=True)
        assert [a.title for a in one.attachments[4:]] == ["对标情况表"] and _sentence(one).startswith("对标《")
    finally:
        st.dispose()


def test_cli_flag(demo_db: Path, tmp_path: Path) -> None:
    require_tools()
    from planwatch.cli import main

    url = f"sqlite:///{tmp_path / 'demo.db'}"
    shutil.copyfile(demo_db, tmp_path / "demo.db")
    runner = CliRunner()
    for flag, out in (([], "plain"), (["--compare"], "compared")):
        result = runner.invoke(main, ["circular", "--region", "巢湖市", "--period", "2019-09", "--format", "xlsx",
                                      "--out", str(tmp_path / out), "--db", url, *flag])
        assert result.exit_code == 0, result.output
    plain = openpyxl.load_workbook(next((tmp_path / "plain").glob("*.xlsx")))
    compared = openpyxl.load_workbook(next((tmp_path / "compared").glob("*.xlsx")))
    assert compared.sheetnames == [*plain.sheetnames[:-1], "对标情况", "说明"]
    st = open_store(cheap_settings(url))
    try:
        expected = _expected_rows(st, "chaohu")
    finally:
        st.dispose()
    assert [tuple(r) for r in compared["对标情况"].iter_rows(min_row=3, values_only=True)] == expected


@pytest.fixture
def planner(demo_db: Path, tmp_path: Path) -> Iterator[TestClient]:
    require_tools()
    shutil.copyfile(demo_db, tmp_path / "demo.db")
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    st = open_store(cheap_settings(url))
    with TestClient(create_app(cheap_settings(url), store=st), base_url="http://testserver") as client:
        r = client.post("/login", data={"login": "planner", "password": DEMO_PASSWORD, "next": "/dashboard"},
                        follow_redirects=False)
        assert r.status_code == 303, r.text
        yield client
    st.dispose()


def test_the_page_checkbox_downloads_and_issue(planner: TestClient) -> None:
    page = "/circulars?region=安徽省&period=2019-09"
    off = planner.get(page)
    assert off.status_code == 200 and 'name="compare"' in off.text and "checked" not in off.text.split('name="compare"')[1][:40]
    assert 'aria-label="附件5"' not in off.text and "对标《" not in off.text
    on = planner.get(page + "&compare=1")
    assert on.status_code == 200 and 'aria-label="附件5"' in on.text and 'aria-label="附件6"' in on.text
    assert 'name="compare" value="1" checked' in on.text and "对标《中国制造2025安徽篇》" in on.text
    twin = planner.get(page.replace("/circulars?", "/circulars.json?") + "&compare=1").json()
    titles = [a["title"] for a in twin["circular"]["attachments"]]
    assert titles[4:] == ["安庆市规划（anqing）对标情况表", "巢湖市规划（chaohu）对标情况表"]
    assert all("compare=1" in url for url in twin["downloads"].values())
    r = planner.get(twin["downloads"]["docx"])
    assert r.status_code == 200
    d = docx.Document(io.BytesIO(r.content))
    assert sum(1 for t in d.tables if [c.text for c in t.rows[0].cells] == list(COMPARE_COLUMNS)) == 2
    assert planner.get(page + "&compare=maybe").status_code == 422  # not a 500
    issued = planner.post("/circulars/issue", data={"region": "安徽省", "period": "2019-09", "compare": "1"},
                          headers={"Accept": "application/json"})
    assert issued.status_code == 201, issued.text
    xlsx = planner.get(f"/circulars/issued/{issued.json()['id']}/xlsx")
    assert "对标情况1" in openpyxl.load_workbook(io.BytesIO(xlsx.content)).sheetnames
    back = planner.post("/circulars/issue", data={"region": "安徽省", "period": "2019-09", "compare": "1"},
                        follow_redirects=False)
    assert back.status_code == 303 and "compare=1" in back.headers["location"]

