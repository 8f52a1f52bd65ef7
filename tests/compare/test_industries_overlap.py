"""Industry names onto 《战略性新兴产业分类（2018）》, and the 同质化 matrix at three levels."""

from __future__ import annotations

import csv
import json
from importlib import resources
from pathlib import Path

import pytest

from planwatch.compare.industries import classification, map_industry, take_up
from planwatch.compare.overlap import Choice, overlap_matrix

GOLD = Path(__file__).parents[1] / "gold"


def test_the_classification_has_the_nine_published_areas_and_their_level_two() -> None:
    cats = classification()
    top = [c.name for c in cats.values() if c.level == 1]
    assert top == ["新一代信息技术产业", "高端装备制造产业", "新材料产业", "生物产业", "新能源汽车产业", "新能源产业",
                   "节能环保产业", "数字创意产业", "相关服务业"]
    assert all(c.parent in cats for c in cats.values() if c.level == 2)
    assert {c.checked for c in cats.values()} == {"published", "crosswalk", "unverified"}
    assert all(c.checked == "unverified" for c in cats.values() if c.parent == "3")  # said so in the file


def test_every_alias_points_at_a_category_of_the_classification() -> None:
    text = (resources.files("planwatch") / "data" / "industry_aliases.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(line for line in text.splitlines() if not line.startswith("#")))
    assert rows and all(code in classification() for r in rows for code in r["codes"].split())


@pytest.mark.parametrize(("written", "level1", "level2", "relation"), [
    ("高端装备制造业", "2", None, "same"),
    ("新能源汽车", "5", None, "same"),
    ("智能网联新能源汽车", "5", None, "narrower"),  # the qualifier narrows; SEI-2018 has only 新能源汽车产业
    ("铁基新材料", "3", "3.1", "narrower"),  # a level-2 keyword wins over 新材料
    ("大数据存储", "1", "1.4", "narrower"),
    ("电子信息", "1", None, "umbrella"),  # overlaps 新一代信息技术 only partly
    ("精细化工", None, None, "outside"),
])
def test_names_map_to_their_category(written: str, level1: str | None, level2: str | None, relation: str) -> None:
    ref = map_industry(written)
    assert (ref.level1, ref.level2, ref.relation) == (level1, level2, relation)


def test_uptake_taken_up_partly_not_mentioned_and_additions() -> None:
    rows, extras = take_up(["新能源汽车", "新材料", "电子信息", "生物医药"],
                           ["新能源汽车产业", "化工新材料", "新一代信息技术", "精细化工"])
    assert [(u.parent.written, u.status) for u in rows] == [
        ("新能源汽车", "taken_up"), ("新材料", "partly"), ("电子信息", "partly"), ("生物医药", "not_mentioned")]
    assert [e.written for e in extras] == ["精细化工"]


def _anhui_focus() -> dict[str, list[Choice]]:
    gold = json.loads((GOLD / "002_7230ec801b983216.json").read_text(encoding="utf-8"))
    out: dict[str, list[Choice]] = {}
    for focus in gold["region_focus"]:
        out.setdefault(focus["region"].removesuffix("市"), []).extend(Choice(s, "anhui", quote=focus["quote"])
                                                                      for s in focus["sectors"])
    return out


def test_granularity_changes_the_answer_as_measured_on_the_anhui_plan() -> None:
    """design/compare.md §1.3: mean pairwise Jaccard 0.12 as written, 0.28 at level 2, 0.52 at level 1."""
    choices = _anhui_focus()
    found = {}
    for level in ("written", "2", "1"):
        m = overlap_matrix(choices, level=level)  # type: ignore[arg-type]
        assert len(m.regions) == 12 and len(m.pairs) == 66
        found[level] = (len(m.columns), round(m.mean_jaccard or 0, 2), sum(p.jaccard >= 0.5 for p in m.pairs))
    assert found == {"written": (8, 0.12, 11), "2": (6, 0.28, 26), "1": (2, 0.52, 50)}


def test_a_plan_dividing_one_category_among_its_regions_is_differentiation_not_overlap() -> None:
    m = overlap_matrix(_anhui_focus(), level="2")
    big_data = next(c for c in m.columns if c.key == "1.4")
    assert (big_data.k, big_data.differentiated, big_data.flagged) == (8, True, False)  # 8 of 12, but one plan divides it
    written = overlap_matrix(_anhui_focus(), level="written")
    assert next(c for c in written.columns if c.key == "云计算和大数据").differentiated is False


def test_k_of_n_flags_half_or_more_and_pairs_carry_their_counts() -> None:
    m = overlap_matrix({"甲市": [Choice("新材料", "a"), Choice("机器人", "a")], "乙市": [Choice("新材料产业", "b")],
                        "丙市": [Choice("生物医药", "c")], "丁市": [Choice("铜基新材料", "d")]}, level="1")
    materials = next(c for c in m.columns if c.key == "3")
    assert (materials.k, materials.flagged, materials.differentiated) == (3, True, False)
    assert next(c for c in m.columns if c.key == "4").flagged is False
    top = m.pairs[0]
    assert (top.a, top.b, top.shared, top.union, top.jaccard) == ("乙市", "丁市", 1, 1, 1.0)
    assert m.cells[("丁市", "3")] == ("铜基新材料",)  # the written words behind every cell


def test_unido_similarity_is_the_cosine_of_amounts_by_industry() -> None:
    m = overlap_matrix({"甲": [Choice("新材料", "a", 300), Choice("机器人", "a", 100)],
                        "乙": [Choice("新材料", "b", 600), Choice("机器人", "b", 200)],
                        "丙": [Choice("新材料", "c")]}, level="written")
    scores = {(p.a, p.b): p.unido for p in m.pairs}
    assert scores[("甲", "乙")] == pytest.approx(1.0)  # the same structure at double the size
    assert scores[("甲", "丙")] is None  # no amounts: no UNIDO, only Jaccard
    skew = overlap_matrix({"甲": [Choice("新材料", "a", 100)], "乙": [Choice("新材料", "b", 100), Choice("机器人", "b", 100)]},
                          level="written")
    assert skew.pairs[0].unido == pytest.approx(2 ** -0.5)
