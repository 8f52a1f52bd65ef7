"""Metric names: parsed into parts, then paired part by part (scope words, denominators,
heads). String similarity alone pairs 工业增加值 with 工业投资; these rules do not."""

from __future__ import annotations

import pytest

from planwatch.compare.match import match_metrics, pair_names
from planwatch.compare.metric_parse import parse_metric


@pytest.mark.parametrize(("name", "measure", "form", "denominator", "scope", "change"), [
    ("规模以上工业增加值年均增速", "增加值", "amount", None, ("工业", "规模以上"), "growth"),
    ("制造业增加值占GDP比重", "增加值", "share", "地区生产总值", ("制造业",), None),
    ("战略性新兴产业增加值占规上工业增加值比重", "增加值", "share", "工业增加值", (), None),
    ("单位工业增加值能耗", "能耗", "intensity", "工业增加值", (), None),
    ("规模以上单位工业增加值能耗下降幅度", "能耗", "intensity", "工业增加值", ("规模以上",), "decrease"),
    ("关键工序数控化率", "数控化率", "rate", None, (), None),
    ("新认定高新技术企业", "企业数", "count", None, (), "flow"),
    ("“两化”融合发展水平总指数", "指数", "index", None, (), None),
    ("高新技术产业增加值占比", "增加值", "share", "", (), None),
])
def test_names_parse_into_their_parts(name: str, measure: str, form: str, denominator: str | None,
                                      scope: tuple[str, ...], change: str | None) -> None:
    m = parse_metric(name)
    assert (m.measure, m.form, m.denominator, m.scope, m.change) == (measure, form, denominator, scope, change)


def test_a_different_head_is_no_match_however_similar_the_strings() -> None:
    for a, b in (("工业增加值", "工业投资"), ("单位工业增加值能耗", "单位工业增加值用水量"),
                 ("战略性新兴产业产值", "战略性新兴产业企业数"), ("新能源汽车产值", "新能源汽车整车生产能力")):
        m = match_metrics(a, b)
        assert m.decision == "unmatched" and m.rule.startswith("计量对象不同"), (a, b, m)


def test_ratios_with_different_denominators_do_not_match() -> None:
    m = match_metrics("规模以上制造业研发经费内部支出占主营业务收入比重", "规上工业企业研发经费支出占地区生产总值比重")
    assert m.decision == "unmatched" and m.rule == "分母不同：营业收入 ≠ 地区生产总值"
    # GDP and 地区生产总值 are one denominator; 主营业务收入 became 营业收入 in 2019
    assert match_metrics("制造业增加值占GDP比重", "制造业增加值占地区生产总值比重").decision == "matched"
    assert match_metrics("规模以上制造业研发经费内部支出占主营业务收入比重",
                         "规上制造业企业研发投入占营业收入比重").decision == "matched"


def test_an_amount_is_not_its_share() -> None:
    m = match_metrics("制造业增加值占GDP比重", "制造业增加值")
    assert m.decision == "unmatched" and m.rule.startswith("指标形式不同")


def test_scope_words_send_a_pair_to_review_or_rule_it_out() -> None:
    assert match_metrics("规模以上工业增加值", "规上工业增加值").decision == "matched"
    above = match_metrics("规模以上工业增加值", "工业增加值")
    assert above.decision == "review" and above.rule == "统计口径不同：工业、规模以上 vs 工业"
    sector = match_metrics("制造业增加值占GDP比重", "工业增加值占GDP比重")
    assert sector.decision == "review" and "制造业 vs 工业" in sector.rule
    whole = match_metrics("规模以上工业企业研发经费支出占地区生产总值比重", "全社会研发经费支出占地区生产总值比重")
    assert whole.decision == "unmatched" and whole.rule.startswith("统计范围不同")


def test_containment_goes_to_review_never_automatic() -> None:
    m = match_metrics("关键工序数控化率", "关键工序制造设备数控化率")
    assert m.decision == "review" and m.rule == "主体包含：关键工序 ⊂ 关键工序制造设备"
    short = match_metrics("战略性新兴产业增加值占规上工业增加值比重", "新兴产业增加值占工业经济比重")
    assert short.decision == "review"  # the Shaoxing plan's short form of 战略性新兴产业


def test_a_stored_decision_decides_and_is_reused() -> None:
    assert match_metrics("关键工序数控化率", "关键工序制造设备数控化率", stored="same").decision == "matched"
    proxy = match_metrics("宽带普及率", "两化融合发展水平总指数", stored="proxy")
    assert proxy.decision == "matched" and "proxy" in proxy.rule
    pairs = pair_names(["关键工序数控化率"], ["关键工序制造设备数控化率"],
                       decisions={("关键工序数控化率", "关键工序制造设备数控化率"): "different"})
    assert pairs[0].child is None


def test_pairing_takes_the_best_candidate_and_a_missing_row_names_the_near_miss() -> None:
    pairs = pair_names(["规模以上工业增加值", "工业投资"], ["规上工业增加值", "规模以上工业增加值年均增速"])
    assert [(p.parent, p.child, p.match.decision) for p in pairs] == [
        ("规模以上工业增加值", "规上工业增加值", "matched"), ("工业投资", None, "unmatched")]
    assert "最接近的" in pairs[1].match.rule and "计量对象不同" in pairs[1].match.rule
