"""对标 and 同质化 end to end on the sample plans: documents read, plans extracted, compared.

中国制造2025安徽篇 (province) against the Anqing and Chaohu plans (两个安徽城市), and the
Anqing / Chaohu / Shaoxing plans against each other. Every verdict carries both quotes and
the rule that decided it."""

from __future__ import annotations

import functools
import itertools
from pathlib import Path

import pytest

from planwatch.compare.alignment import Alignment, align_plans, own_industries
from planwatch.compare.overlap import Choice, overlap_matrix
from planwatch.extract import extract_plan
from planwatch.model import Plan
from planwatch.readers import read_document

EXAMPLES = Path(__file__).parents[2] / "src" / "planwatch" / "examples"
STEMS = {"anqing": "000_ed164e653cac975c", "anhui": "002_7230ec801b983216", "shaoxing": "003_6f0a94d0c08b789a",
         "chaohu": "004_9bd38e287df014c8"}
REGIONS = {"anqing": ["安庆市", "安庆"], "chaohu": ["巢湖市", "巢湖", "合肥市", "合肥"], "shaoxing": ["绍兴市", "绍兴"]}
CITY = """为贯彻落实《中国制造2025安徽篇》（皖政〔2015〕106号），结合我市实际，制定本方案。

一、主要目标

到2020年，全市制造业增加值占GDP比重达到45%，单位工业增加值能耗比2015年下降16%，工业固体废物综合利用率达到85%以上，关键工序数控化率达到52%，规模以上工业增加值达到3000亿元。
"""


@functools.cache
def plan(key: str) -> Plan:
    return extract_plan(read_document(EXAMPLES / f"{STEMS[key]}.txt"))


def assert_every_verdict_is_sourced(a: Alignment) -> None:
    for row in a.rows:
        assert row.rule and row.parent.quote, row
        if row.verdict != "missing":
            assert row.child is not None and row.child.quote, row


@pytest.mark.parametrize("child", ["anqing", "chaohu"])
def test_the_anhui_plan_against_its_cities(child: str) -> None:
    a = align_plans(plan("anhui"), plan(child), child_region_names=REGIONS[child], parent_higher=True)
    assert_every_verdict_is_sourced(a)
    assert len(a.rows) == 39  # 15 targets + 12 indicator rows × 2 years
    # the sample city plans set none of the province's indicators: honest "missing" rows,
    # each naming why its nearest candidate was ruled out where there is one
    assert a.counts.get("missing", 0) >= 35
    assert a.top_line("中国制造2025安徽篇").startswith("对标《中国制造2025安徽篇》：上级指标39项")
    assert a.uptake, "the province assigns industries to both cities"


def test_the_province_assigns_chemical_materials_to_anqing_and_anqing_takes_it_up() -> None:
    a = align_plans(plan("anhui"), plan("anqing"), child_region_names=REGIONS["anqing"], parent_higher=True)
    assert [(u.parent.written, u.status) for u in a.uptake] == [("化工新材料", "taken_up")]
    assert "新能源汽车" in [e.written for e in a.extras]  # 本级新增


def test_chaohu_under_hefei_gets_hefeis_industries_and_misses_big_data() -> None:
    a = align_plans(plan("anhui"), plan("chaohu"), child_region_names=REGIONS["chaohu"], parent_higher=True)
    status = {u.parent.written: u.status for u in a.uptake}
    assert status == {"大数据生产应用": "not_mentioned", "新材料": "partly"}
    research = next(r for r in a.rows if r.parent.metric.startswith("规模以上制造业研发经费"))
    assert research.verdict == "missing" and "分母不同" in research.rule  # 占主营业务收入 vs 占地区生产总值


@pytest.mark.parametrize(("parent", "child"), list(itertools.permutations(["anqing", "chaohu", "shaoxing"], 2)))
def test_the_city_plans_against_each_other(parent: str, child: str) -> None:
    a = align_plans(plan(parent), plan(child), child_region_names=REGIONS[child], parent_higher=True)
    assert_every_verdict_is_sourced(a)
    for row in a.rows:  # amounts of two cities never compare without an allocation
        if row.reading is not None and row.parent.unit in ("亿元", "家", "个", "万辆", "万台"):
            assert row.verdict == "not_comparable", row  # scale, or stock vs flow, or level vs growth


def test_the_three_cities_overlap_most_on_equipment_and_materials() -> None:
    choices = {REGIONS[k][0]: [Choice(n, k) for n in own_industries(plan(k))] for k in ("anqing", "chaohu", "shaoxing")}
    m = overlap_matrix(choices, level="1")
    top = {c.label: c.k for c in m.columns if c.flagged}
    assert top["高端装备制造产业"] == 3 and top["新材料产业"] == 3
    assert len(m.pairs) == 3 and all(0 < p.jaccard < 1 for p in m.pairs)
    written = overlap_matrix(choices, level="written")
    assert (written.mean_jaccard or 0) < (m.mean_jaccard or 0)


def test_a_city_plan_implementing_the_province_gets_each_verdict_with_its_rule(tmp_path: Path) -> None:
    path = tmp_path / "city.txt"
    path.write_text(CITY, encoding="utf-8")
    city = extract_plan(read_document(path))
    a = align_plans(plan("anhui"), city, parent_higher=True)
    assert_every_verdict_is_sourced(a)
    got = {(r.parent.metric, r.parent.year): r for r in a.rows}
    share = got[("制造业增加值占GDP比重", 2020)]
    assert share.verdict == "stronger" and "“左右”按±5%" in share.rule  # 45 against 40左右
    energy = got[("规模以上单位工业增加值能耗下降幅度", 2020)]
    assert energy.verdict == "review" and "统计口径不同" in energy.rule  # 规模以上 vs 全部
    assert got[("单位工业增加值能耗", 2020)].verdict == "weaker"  # 下降16% against 下降18%
    assert got[("工业固体废物综合利用率", 2020)].verdict == "equal"  # 85以上 against 85以上
    later = got[("工业固体废物综合利用率", 2025)]
    assert later.verdict == "not_comparable" and "本级未设2025年目标" in later.rule
    cnc = got[("关键工序制造设备数控化率", 2020)]
    assert cnc.verdict == "review" and cnc.child is not None and cnc.child.metric == "关键工序数控化率"
    scale = got[("制造业增加值占GDP比重", 2025)]
    assert scale.verdict == "not_comparable"
    assert a.top_line("中国制造2025安徽篇").count("项") >= 3


def test_a_verbatim_copy_is_equal_and_flagged() -> None:
    a = align_plans(plan("anhui"), plan("anhui"))
    assert a.counts == {"equal": 39} and all(r.copied for r in a.rows)
