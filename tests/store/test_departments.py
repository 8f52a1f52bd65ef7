"""Departments as today's governments name them: real plans published into a real database
leave only genuinely local units unresolved; abbreviations, old names and per-region
instances resolve to one row each; a planner lists, adds and renames departments."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session

from planwatch.cli import main
from planwatch.errors import ValidationError
from planwatch.extract import extract_plan
from planwatch.readers import read_document
from planwatch.services.departments import resolve_department, unresolved_kind
from planwatch.services.departments_admin import add_department, list_departments, rename_department
from planwatch.services.plans import import_plan, publish_plan
from planwatch.services.regions import ensure_regions, resolve_region
from planwatch.store import Store
from planwatch.store.tables import AuditEntry
from planwatch.store.work_tables import TaskUnit

EXAMPLES = Path(__file__).parents[2] / "src" / "planwatch" / "examples"
UNITS = Path(__file__).parents[1] / "assets" / "units"
CHAOHU_LOCAL = {"居巢经开区", "黄麓镇", "槐林镇", "烔炀镇", "夏阁镇", "中垾镇", "市督查和目标效能办",
                "半岛建设办", "市半岛建设办"}

# Real plan passages (tests/assets/units): the task sentences abridged, the responsibility
# notes exactly as published. Each with its source and what it leaves unresolved.
REAL_PLANS: list[tuple[Path, str | None, set[str]]] = [
    # The bundled samples: 中国制造2025安徽篇 (皖政〔2015〕106号), 绍兴 and 巢湖 action plans.
    (EXAMPLES / "002_7230ec801b983216.txt", None, {"省有关部门"}),
    (EXAMPLES / "003_6f0a94d0c08b789a.txt", None, {"市“最多跑一次”改革专题组办公室"}),
    (EXAMPLES / "004_9bd38e287df014c8.txt", None, CHAOHU_LOCAL | {"各有关乡镇", "街道", "各乡镇"}),
    # 安徽省人民政府关于2022年重点工作及责任分解的通知 (牵头责任单位 / 协同责任单位 lines),
    # as mirrored at http://bbs.tongheshandao.com/archiver/showtopic-13251.aspx
    # Its 协同责任单位 lines are support units: two generic ones, and 省农村农业厅 as misprinted.
    (UNITS / "anhui_key_work_2022.txt", None, {"省政府各部门", "各直属机构", "省农村农业厅"}),
    # 山东省 关于深化改革创新促进数字经济高质量发展的若干措施, item 1 (（责任单位：…）),
    # as mirrored at https://95yunying.com/664.html
    (UNITS / "shandong_digital_economy.txt", None, set()),
    # 上海市关于高质量落实《区域全面经济伙伴关系协定》（RCEP）的若干措施 (沪商自贸〔2022〕24号),
    # item (一) (（责任部门：…）), https://sww.sh.gov.cn/zwgkgfqtzcwj/20220218/a218ffe416494c9988978bb310d4bc03.html
    (UNITS / "shanghai_rcep.txt", None, set()),
    # 安徽省实施长江三角洲区域一体化发展规划纲要行动计划2021年工作要点, item 1 (（…，省发展改革委牵头）),
    # http://fbh.anhuinews.com/project/wjxgzc/202111/t20211112_5641755.html — imported with --region 安徽省
    (UNITS / "anhui_yrd_2021.txt", "安徽省", set()),
]


def _publish_document(store: Store, path: Path, *, key: str, region: str | None = None) -> list[str]:
    plan = extract_plan(read_document(path))
    with store.transaction() as session:
        import_plan(session, plan=plan, key=key, source_file=path.name, region=region)
    with store.transaction() as session:
        return publish_plan(session, key=key).unresolved


@pytest.mark.parametrize(("path", "region", "local"), REAL_PLANS, ids=[p.stem for p, _r, _l in REAL_PLANS])
def test_real_plans_leave_only_local_units_unresolved(store: Store, path: Path, region: str | None,
                                                      local: set[str]) -> None:
    unresolved = _publish_document(store, path, key="plan", region=region)
    assert set(unresolved) == local
    with store.transaction() as session:
        units = session.scalars(select(TaskUnit)).all()
    assert units and all(u.department_id is not None for u in units if u.raw_name not in local)
    assert all(u.raw_name for u in units)  # kept as written, resolved or not


def _anhui(session: Session) -> tuple[int, int, int]:
    ensure_regions(session)
    province, hefei, chaohu = (resolve_region(session, name=n).id for n in ("安徽省", "合肥市", "巢湖市"))
    return province, hefei, chaohu


def test_the_units_the_issue_names_resolve_in_an_anhui_plan(store: Store) -> None:
    expected = {
        "省公安厅": "安徽省公安厅", "省交通运输厅": "安徽省交通运输厅", "省司法厅": "安徽省司法厅",
        "省农业农村厅": "安徽省农业农村厅", "省应急厅": "安徽省应急管理厅",
        "省国资委": "安徽省人民政府国有资产监督管理委员会", "省数据资源局": "安徽省数据资源管理局",
        "省外办": "安徽省人民政府外事办公室", "合肥海关": "合肥海关", "省税务局": "国家税务总局安徽省税务局",
        "人行合肥中心支行": "中国人民银行合肥市分行", "国家统计局安徽调查总队": "国家统计局安徽调查总队",
        "省委网信办": "中共安徽省委网络安全和信息化委员会办公室", "团省委": "共青团安徽省委员会",
        "国网安徽省电力有限公司": "国网安徽省电力有限公司", "省贸促会": "中国国际贸易促进委员会安徽省委员会",
    }
    with store.transaction() as session:
        province, _hefei, _chaohu = _anhui(session)
        got = {n: getattr(resolve_department(session, name=n, region_id=province), "name", None) for n in expected}
    assert got == expected


def test_aliases_old_names_and_regions_resolve_to_one_row_each(store: Store) -> None:
    with store.transaction() as session:
        province, hefei, chaohu = _anhui(session)
        fgw = {getattr(resolve_department(session, name=n, region_id=province), "id", None)
               for n in ("省发改委", "省发展改革委", "省发展和改革委员会", "安徽省发展和改革委员会")}
        market = {getattr(resolve_department(session, name=n, region_id=province), "name", None)
                  for n in ("省质监局", "省工商局", "省食品药品监管局", "省市场监管局")}
        # 市 means the plan's own 市: 合肥市 in a 合肥 plan, the county-level 巢湖市 in a 巢湖 plan
        city = resolve_department(session, name="市发改委", region_id=hefei)
        county = resolve_department(session, name="市发改委", region_id=chaohu)
        up = resolve_department(session, name="合肥市发改委", region_id=chaohu)
        old_it = resolve_department(session, name="省经济和信息化委", region_id=province)
        new_it = resolve_department(session, name="省工信厅", region_id=province)
    assert len(fgw) == 1 and None not in fgw and market == {"安徽省市场监督管理局"}
    assert (city and city.name, county and county.name) == ("合肥市发展和改革委员会", "巢湖市发展和改革委员会")
    assert up is not None and city is not None and up.id == city.id
    assert old_it is not None and new_it is not None and old_it.id == new_it.id and old_it.name == "安徽省经济和信息化厅"


def test_a_region_keeps_its_own_name_for_a_body(store: Store) -> None:
    with store.transaction() as session:
        ensure_regions(session)
        shandong = resolve_region(session, name="山东省").id
        shanghai = resolve_region(session, name="上海市").id
        names = [getattr(resolve_department(session, name=n, region_id=r), "name", None) for n, r in (
            ("省工业和信息化厅", shandong), ("省大数据局", shandong), ("市商务委", shanghai), ("上海海关", shanghai))]
    assert names == ["山东省工业和信息化厅", "山东省大数据局", "上海市商务委员会", "上海海关"]


def test_generic_and_local_names_are_told_apart() -> None:
    assert [unresolved_kind(n) for n in ("各有关乡镇", "省有关部门", "街道", "省政府各部门", "半岛建设办", "黄麓镇")] == [
        "generic", "generic", "generic", "generic", "local", "local"]


def _chaohu_db(db_url: str) -> list[str]:
    run = CliRunner().invoke
    db = ["--db", db_url]
    assert run(main, ["import", str(EXAMPLES / "004_9bd38e287df014c8.txt"), "--key", "chaohu", *db]).exit_code == 0
    published = run(main, ["publish", "chaohu", *db])
    assert published.exit_code == 0, published.output
    return db


def test_adding_a_local_unit_resolves_the_tasks_that_name_it(db_url: str) -> None:
    run = CliRunner().invoke
    db = _chaohu_db(db_url)
    before = json.loads(run(main, ["departments", "--unresolved", "--format", "json", *db]).output)
    assert {r["name"]: r["kind"] for r in before}["居巢经开区"] == "local"
    assert {r["name"] for r in before if r["kind"] == "generic"} == {"各有关乡镇", "街道", "各乡镇"}
    added = run(main, ["department-add", "居巢经开区", "--region", "巢湖市", "--alias", "居巢经济开发区", *db])
    assert added.exit_code == 0, added.output
    assert "local" in added.output and " 0 stored" not in added.output
    after = {r["name"] for r in json.loads(run(main, ["departments", "--unresolved", "--format", "json", *db]).output)}
    assert "居巢经开区" not in after and "黄麓镇" in after
    tasks = json.loads(run(main, ["tasks", "--department", "居巢经开区", "--format", "json", *db]).output)
    units = [u for t in tasks for u in (*t["lead"], *t["support"]) if u["raw_name"] == "居巢经开区"]
    assert tasks and units and all(u["department"] == "居巢经开区" for u in units)
    listing = json.loads(run(main, ["departments", "--region", "巢湖市", "--local", "--format", "json", *db]).output)
    assert [(d["name"], d["standard"], d["aliases"]) for d in listing] == [("居巢经开区", None, ["居巢经济开发区"])]
    assert listing[0]["task_units"] == len(units)


def test_renaming_keeps_the_old_name_and_the_tasks(db_url: str) -> None:
    run = CliRunner().invoke
    db = _chaohu_db(db_url)
    before = json.loads(run(main, ["tasks", "--department", "市招商局", "--format", "json", *db]).output)
    renamed = run(main, ["department-rename", "市招商局", "巢湖市投资促进中心", "--region", "巢湖市", *db])
    assert renamed.exit_code == 0, renamed.output
    after = json.loads(run(main, ["tasks", "--department", "市招商局", "--format", "json", *db]).output)
    assert [t["task_id"] for t in after] == [t["task_id"] for t in before] and after
    names = {u["department"] for t in after for u in (*t["lead"], *t["support"]) if u["raw_name"] == "市招商局"}
    assert names == {"巢湖市投资促进中心"}
    table = run(main, ["departments", "--region", "巢湖市", *db]).output
    line = next(x for x in table.splitlines() if "巢湖市投资促进中心" in x)
    assert "投资促进" in line and "巢湖市招商局" in line  # standard body; old name kept as an alias


def test_adding_refuses_generic_and_taken_names_and_is_audited(store: Store) -> None:
    with store.transaction() as session:
        _province, _hefei, chaohu = _anhui(session)
        with pytest.raises(ValidationError, match="各有关乡镇"):
            add_department(session, name="各有关乡镇", region_id=chaohu)
        added = add_department(session, name="合巢产业新城专班", region_id=chaohu, aliases=("产业新城专班",))
        assert added.department.standard is None and added.resolved_units == 0
        with pytest.raises(ValidationError, match="already registered"):
            add_department(session, name="产业新城专班", region_id=chaohu)
        standard = add_department(session, name="市发改委", region_id=chaohu).department
        assert (standard.name, standard.standard) == ("巢湖市发展和改革委员会", "发展改革")
        renamed = rename_department(session, name="合巢产业新城专班", region_id=chaohu, new_name="合巢产业新城工作专班")
        assert renamed.id == added.department.id and "合巢产业新城专班" in renamed.aliases
        rows = list_departments(session, region_id=chaohu)
        actions = session.scalars(select(AuditEntry.action).where(AuditEntry.entity == "departments")).all()
    assert {r.name for r in rows} == {"合巢产业新城工作专班", "巢湖市发展和改革委员会"}
    assert actions.count("create") == 2 and actions.count("rename") == 1
