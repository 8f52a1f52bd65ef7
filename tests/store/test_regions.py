"""Regions and departments: aliases, zones, ambiguity, department abbreviations."""

from __future__ import annotations

import pytest

from planwatch.errors import NotFoundError, ValidationError
from planwatch.services.departments import resolve_department
from planwatch.services.regions import add_region, ensure_regions, resolve_region
from planwatch.store import Store


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
        assert found[0].name == "市发展和改革委员会"
        assert resolve_department(session, name="市经信委", region_id=city).body == "经济和信息化委员会"
        assert resolve_department(session, name="市某某专班", region_id=city) is None
