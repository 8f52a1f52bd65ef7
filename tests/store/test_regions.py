"""Regions and departments: aliases, zones, ambiguity, regions inside a plan's region, department
abbreviations."""

from __future__ import annotations

import csv
from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import update

from planwatch.cli import main
from planwatch.errors import NotFoundError, ValidationError
from planwatch.services.departments import resolve_department
from planwatch.services.regions import (
    add_region,
    bundled_aliases,
    ensure_regions,
    is_within,
    region_rows,
    resolve_region,
    sub_regions,
)
from planwatch.store import Store
from planwatch.store.tables import Region


def test_aliases_zones_and_ambiguity(store: Store) -> None:
    with store.transaction() as session:
        assert ensure_regions(session) > 3000
        assert ensure_regions(session) == 0
        assert resolve_region(session, name="淮南").name == "淮南市"
        assert resolve_region(session, name="安徽").name == "安徽省"
        add_region(session, name="居巢经开区", parent="巢湖市")
        zone = resolve_region(session, name="居巢经开区")
        assert zone.level == "zone"
        with pytest.raises(NotFoundError):
            resolve_region(session, name="宿松经开区")  # not 宿松县: a zone must be added
        with pytest.raises(ValidationError, match="南京市"):
            resolve_region(session, name="鼓楼区")
        nanjing = resolve_region(session, name="南京")
        assert resolve_region(session, name="鼓楼区", within=nanjing.id).parent_id == nanjing.id


def test_department_abbreviations_resolve_to_one_department(store: Store) -> None:
    with store.transaction() as session:
        ensure_regions(session)
        city = resolve_region(session, name="绍兴市").id
        names = ["市发改委", "市发展改革委", "市发展和改革委员会"]
        found = [resolve_department(session, name=n, region_id=city) for n in names]
        assert found[0] is not None and all(d is found[0] for d in found)
        assert found[0].name == "绍兴市发展和改革委员会"
        assert resolve_department(session, name="市经信委", region_id=city).body == "经济和信息化局"
        assert resolve_department(session, name="市某某专班", region_id=city) is None


def test_a_name_with_another_suffix_is_not_that_region(store: Store) -> None:
    """Bug caught: 合肥县 became 合肥市 and 铜陵县 铜陵市 (one suffix trimmed, another matched)."""
    with store.transaction() as session:
        ensure_regions(session)
        for name in ("合肥县", "铜陵县", "广西省", "淮南县"):
            with pytest.raises(NotFoundError, match=name):
                resolve_region(session, name=name)
        assert resolve_region(session, name="合肥").name == "合肥市"
        assert resolve_region(session, name=" 铜陵市 ").name == "铜陵市"


@pytest.mark.parametrize(("written", "official"), [
    ("达茂旗", "达尔罕茂明安联合旗"), ("土右旗", "土默特右旗"), ("广西自治区", "广西壮族自治区"),
    ("内蒙古", "内蒙古自治区"), ("内蒙", "内蒙古自治区"), ("广西", "广西壮族自治区"), ("新疆", "新疆维吾尔自治区"),
    ("恩施州", "恩施土家族苗族自治州"), ("恩施", "恩施土家族苗族自治州"), ("长阳县", "长阳土家族自治县"),
    ("湘西州", "湘西土家族苗族自治州"), ("莫旗", "莫力达瓦达斡尔族自治旗"), ("河南", "河南省"), ("海南", "海南省"),
    ("河南县", "河南蒙古族自治县"), ("喀左县", "喀喇沁左翼蒙古族自治县"),
])
def test_short_forms_documents_write(store: Store, written: str, official: str) -> None:
    with store.transaction() as session:
        ensure_regions(session)
        assert resolve_region(session, name=written).name == official


def test_inside_refuses_a_region_outside_and_narrows_an_ambiguous_one(store: Store) -> None:
    with store.transaction() as session:
        ensure_regions(session)
    with store.transaction() as session:  # the first look-up of a transaction takes the quick path
        anhui = resolve_region(session, name="安徽").id
        with pytest.raises(ValidationError) as caught:
            resolve_region(session, name="南京市", inside=anhui)
        assert "南京市" in str(caught.value) and "安徽省" in str(caught.value)
    with store.transaction() as session:
        anhui = resolve_region(session, name="安徽省").id
        assert resolve_region(session, name="合肥市", inside=anhui).name == "合肥市"
        assert resolve_region(session, name="安徽", inside=anhui).id == anhui  # the region itself is inside
        with pytest.raises(ValidationError, match="not within 安徽省"):
            resolve_region(session, name="南京", inside=anhui)
        with pytest.raises(NotFoundError):
            resolve_region(session, name="合肥县", inside=anhui)
        beijing = resolve_region(session, name="北京市").id
        chaoyang = resolve_region(session, name="朝阳", inside=beijing)  # not 朝阳市 of 辽宁
        assert (chaoyang.name, chaoyang.parent_id) == ("朝阳区", beijing)
        assert resolve_region(session, name="朝阳").name == "朝阳市"  # a bare short name: the larger place
        nanjing = resolve_region(session, name="南京").id
        assert resolve_region(session, name="鼓楼区", inside=nanjing).parent_id == nanjing


def test_is_within_and_sub_regions(store: Store) -> None:
    with store.transaction() as session:
        ensure_regions(session)
    with store.transaction() as session:  # no index loaded: is_within walks up the parents
        anhui, chaohu = resolve_region(session, name="安徽省").id, resolve_region(session, name="巢湖市").id
        assert is_within(session, region_id=chaohu, ancestor_id=anhui)
        assert not is_within(session, region_id=anhui, ancestor_id=chaohu)
    with store.transaction() as session:
        zone = add_region(session, name="居巢经开区", parent="巢湖市")
        hefei = resolve_region(session, name="合肥市").id
        jiangsu = resolve_region(session, name="江苏省").id
        assert is_within(session, region_id=zone.id, ancestor_id=anhui)  # zone → 巢湖市 → 合肥市 → 安徽省
        assert is_within(session, region_id=hefei, ancestor_id=hefei)
        assert not is_within(session, region_id=zone.id, ancestor_id=jiangsu)
        cities = sub_regions(session, region_id=anhui)
        assert len(cities) == 16 and cities[0].name == "合肥市" and {c.level for c in cities} == {"city"}
        assert "居巢经开区" in [r.name for r in sub_regions(session, region_id=chaohu)]
        assert "巢湖市" in [r.name for r in sub_regions(session, region_id=hefei)]
        assert "居巢经开区" not in [r.name for r in sub_regions(session, region_id=hefei)]  # direct children only


def test_a_database_loaded_before_an_alias_existed_resolves_it(store: Store) -> None:
    with store.transaction() as session:
        ensure_regions(session)
        session.execute(update(Region).values(aliases=[]))  # as loaded by an older planwatch
    with store.transaction() as session:
        assert resolve_region(session, name="淮南").name == "淮南市"
        assert resolve_region(session, name="达茂旗").name == "达尔罕茂明安联合旗"


def test_the_bundled_alias_list_names_real_regions_and_shadows_none() -> None:
    by_code = {row["code"]: row["name"] for row in region_rows()}
    names = set(by_code.values())
    for code, aliases in bundled_aliases().items():
        assert code in by_code, code
        assert not set(aliases) & names, (code, aliases)  # an alias never hides a region's own name
    text = (resources.files("planwatch") / "data" / "region_aliases.csv").read_text(encoding="utf-8")
    for row in csv.DictReader(text.splitlines()):
        assert by_code[row["code"]] == row["name"], row


def test_regions_command_inside_and_sub(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'r.db'}"
    run = CliRunner().invoke(main, ["regions", "南京市", "--inside", "安徽", "--db", db])
    assert run.exit_code == 2 and "南京市" in run.output and "安徽省" in run.output
    run = CliRunner().invoke(main, ["regions", "土右旗", "--inside", "内蒙古", "--db", db])
    assert run.exit_code == 0 and run.output.startswith("土默特右旗\tcounty")
    run = CliRunner().invoke(main, ["regions", "安徽", "--sub", "--db", db])
    assert run.exit_code == 0 and "\n  合肥市\tcity" in run.output and len(run.output.splitlines()) == 17
    run = CliRunner().invoke(main, ["regions", "合肥县", "--db", db])
    assert run.exit_code == 2 and "合肥县" in run.output
