"""The 对标 services on a real database: parent resolution by 文号 then title, the stored
link and decisions (audited, reused), allocations used for amounts, and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from openpyxl import load_workbook
from sqlalchemy import select

from planwatch.cli import main
from planwatch.extract import extract_plan
from planwatch.readers import read_document
from planwatch.services import compare
from planwatch.services.allocations import allocate_target
from planwatch.services.plans import import_plan, publish_plan
from planwatch.store import Store
from planwatch.store.compare_tables import MetricDecision, PlanLink
from planwatch.store.tables import AuditEntry

EXAMPLES = Path(__file__).parents[2] / "src" / "planwatch" / "examples"
PROVINCE = """安徽省人民政府关于印发安徽省制造业提升规划的通知

（皖政〔2030〕1号）

一、主要目标

到2025年，全省规模以上工业增加值达到50000亿元，关键工序数控化率达到60%。

二、区域布局

合肥市重点发展集成电路和新能源汽车。芜湖市重点发展机器人。
"""
CITY = """为贯彻落实《安徽省人民政府关于印发安徽省制造业提升规划的通知》（皖政〔2030〕1号）精神，制定本方案。

一、主要目标

到2025年，全市规模以上工业增加值达到6000亿元，关键工序制造设备数控化率达到58%。
"""
TITLED = CITY.replace("（皖政〔2030〕1号）", "")


def _load(store: Store, tmp: Path, key: str, text: str, region: str) -> None:
    path = tmp / f"{key}.txt"
    path.write_text(text, encoding="utf-8")
    doc = read_document(path)
    with store.transaction() as s:
        import_plan(s, plan=extract_plan(doc), key=key, region=region, source_file=path.name, source_text=doc.text)
        publish_plan(s, key=key)


def test_the_parent_is_found_by_doc_number_then_by_title(store: Store, tmp_path: Path) -> None:
    _load(store, tmp_path, "province", PROVINCE, "安徽省")
    _load(store, tmp_path, "hefei", CITY, "合肥市")
    _load(store, tmp_path, "wuhu", TITLED, "芜湖市")
    with store.transaction() as s:
        assert [(c.key, c.method) for c in compare.parent_candidates(s, key="hefei")] == [("province", "doc_number")]
        found = compare.parent_candidates(s, key="wuhu")
        assert [(c.key, c.method) for c in found] == [("province", "title")] and found[0].score >= 0.5
        assert compare.parent_candidates(s, key="province") == []


def test_the_link_and_decisions_are_stored_audited_and_reused(store: Store, tmp_path: Path) -> None:
    _load(store, tmp_path, "province", PROVINCE, "安徽省")
    _load(store, tmp_path, "hefei", CITY, "合肥市")
    with store.transaction() as s:
        result = compare.compare_plans(s, key="hefei")  # the candidate, not yet confirmed
        assert result.parent is not None and result.parent.key == "province" and result.link is None
        rows = {r.parent.metric: r for r in result.alignment.rows}  # type: ignore[union-attr]
        assert rows["关键工序数控化率"].verdict == "review"
        assert rows["规模以上工业增加值"].verdict == "not_comparable"  # a city's 亿元 against the province's
        assert "缺失0项，待审核1项" in (result.top_line or "")
        compare.set_link(s, key="hefei", parent_key="province")
        compare.decide(s, parent_metric="关键工序数控化率", child_metric="关键工序制造设备数控化率", decision="same")
    with store.transaction() as s:
        link = s.scalars(select(PlanLink)).one()
        assert (link.method, link.confirmed_by) == ("doc_number", "tester")
        assert s.scalars(select(MetricDecision)).one().decided_by == "tester"
        actions = [a for (a,) in s.execute(select(AuditEntry.action).where(
            AuditEntry.entity.in_(["plan_links", "metric_decisions"])))]
        assert sorted(actions) == ["decide", "link"]
        result = compare.compare_plans(s, key="hefei")
        row = next(r for r in result.alignment.rows if r.parent.metric == "关键工序数控化率")  # type: ignore[union-attr]
        assert row.verdict == "weaker" and row.rule.startswith("审核确认：同一指标")  # 58% against 60%


def test_a_decomposed_amount_is_compared_with_the_allocation(store: Store, tmp_path: Path) -> None:
    _load(store, tmp_path, "province", PROVINCE, "安徽省")
    _load(store, tmp_path, "hefei", CITY, "合肥市")
    with store.transaction() as s:
        allocate_target(s, plan="province", indicator="规模以上工业增加值", parts=["合肥市=5500", "芜湖市=4000"],
                        by_weight=False)
        result = compare.compare_plans(s, key="hefei")
        row = next(r for r in result.alignment.rows if r.parent.metric == "规模以上工业增加值")  # type: ignore[union-attr]
        assert row.verdict == "stronger" and "分解下达" in row.rule  # 6000 against the 5500 given to 合肥


def test_bad_decisions_and_self_links_are_refused_and_nothing_is_written(store: Store, tmp_path: Path) -> None:
    import pytest

    from planwatch.errors import ValidationError

    _load(store, tmp_path, "hefei", CITY, "合肥市")
    with pytest.raises(ValidationError), store.transaction() as s:
        compare.decide(s, parent_metric="a", child_metric="b", decision="maybe")
    with pytest.raises(ValidationError), store.transaction() as s:
        compare.set_link(s, key="hefei", parent_key="hefei")
    with store.transaction() as s:
        assert s.scalars(select(MetricDecision)).all() == [] and s.scalars(select(PlanLink)).all() == []


def test_the_cli_prints_the_table_json_and_xlsx(store: Store, tmp_path: Path, db_url: str) -> None:
    _load(store, tmp_path, "province", PROVINCE, "安徽省")
    _load(store, tmp_path, "hefei", CITY, "合肥市")
    run = CliRunner()
    table = run.invoke(main, ["compare", "hefei", "--db", db_url])
    assert table.exit_code == 0, table.output
    assert table.output.startswith("对标《") and "待审核" in table.output
    data = json.loads(run.invoke(main, ["compare", "hefei", "province", "--format", "json", "--db", db_url]).output)
    assert data["parent"]["key"] == "province" and all(r["rule"] for r in data["rows"])
    out = tmp_path / "c.xlsx"
    assert run.invoke(main, ["compare", "hefei", "--format", "xlsx", "--output", str(out), "--db", db_url]).exit_code == 0
    assert load_workbook(out).sheetnames == ["纵向对标", "重点产业承接"]
    confirmed = run.invoke(main, ["compare", "hefei", "--confirm", "--db", db_url])
    assert confirmed.exit_code == 0 and "未经确认" not in confirmed.output
    overlap = run.invoke(main, ["overlap", "安徽省", "--level", "written", "--db", db_url])
    assert overlap.exit_code == 0 and "集成电路" in overlap.output and "1/2" in overlap.output
    bad = run.invoke(main, ["compare", "nosuch", "--db", db_url])
    assert bad.exit_code != 0 and "Traceback" not in bad.output


def test_the_overlap_service_reads_the_sample_plans(store: Store) -> None:
    from planwatch.services.demo import example_paths, load_example
    from planwatch.services.overlap import overlap_for_region, overlap_json

    for path in example_paths():
        doc = read_document(path)
        with store.transaction() as s:
            load_example(s, path=path, document=doc, plan=extract_plan(doc))
    with store.transaction() as s:
        data = overlap_json(overlap_for_region(s, region="安徽省", level="2"))
    assert set(data["plans"]) >= {"anhui", "anqing", "chaohu"} and "shaoxing" not in data["plans"]
    assert "合肥市" in data["regions"] and "安庆市" in data["regions"]
    assert data["note"] and "分工" in data["note"]
