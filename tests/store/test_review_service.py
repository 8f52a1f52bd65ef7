"""The review service on SQLite and PostgreSQL: stable item ids, validated corrections that
land in what publishing materialises, rejected items dropped, a reviewer's 每年/累计 call,
only the latest draft editable, every change audited, and a diff that pairs as publishing."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from planwatch import drafts
from planwatch.errors import NotFoundError, ValidationError
from planwatch.services import review
from planwatch.services.plans import get_plan, import_plan, load_plan_source, publish_plan
from planwatch.store import Store
from planwatch.store.tables import AuditEntry, Indicator, PlanVersion

EXAMPLE = Path(__file__).parents[2] / "src" / "planwatch" / "examples" / "002_7230ec801b983216.txt"
NEW = "重点突破12个高端制造业领域"  # a count the extraction leaves out
FLOWS = "关于印发示范市制造业提升方案的通知\n\n一、主要目标\n\n到2025年，每年新增规上工业企业100家以上，" \
        "全市工业总产值达到5000亿元，培育专精特新企业50家。\n"


def _import(store: Store, path: Path, key: str = "anhui") -> int:
    plan, text = load_plan_source(path)
    with store.transaction() as s:
        return import_plan(s, plan=plan, key=key, source_file=path.name, source_text=text).version_no


def _ids(store: Store, kind: str, version: int = 1) -> list[str]:
    with store.transaction() as s:
        return [e.id for e in review.review_of(s, key="anhui", version=version).draft.entries[kind]]


def test_ids_survive_rejects_additions_and_reloads_and_are_never_reused(store: Store) -> None:
    _import(store, EXAMPLE)
    fresh = _ids(store, "targets")
    assert fresh == [f"t{i}" for i in range(1, 16)]
    with store.transaction() as s:
        text = review.review_of(s, key="anhui", version=1).text
        assert text is not None
        at = text.index(NEW)
        review.reject_item(s, key="anhui", item_id="t2")
        added = review.add_item(s, key="anhui", kind="targets", start=at, end=at + len(NEW),
                                fields={"metric": "高端制造业领域", "value": 12, "unit": "个", "year": 2025})
        assert added.id == "t16" and added.item["quote"] == NEW
        review.reject_item(s, key="anhui", item_id="t16")
        again = review.add_item(s, key="anhui", kind="targets", start=at + 4, end=at + len(NEW), fields={"value": 12})
        assert again.id == "t17"  # t16 is rejected, not forgotten: its number is not handed out again
    assert set(_ids(store, "targets")) == {*fresh, "t16", "t17"}
    with store.transaction() as s:
        review.accept_item(s, key="anhui", item_id="t2")  # restored where it was
        version = s.scalars(select(PlanVersion)).one()
        assert [t["quote"] for t in version.extracted["targets"]][:3] == [
            "制造业增加值占GDP比重达到40%左右", "制造业增加值占GDP比重达到43%左右", "培育省质量奖企业200家以上"]
        assert len(version.extracted["targets"]) == 16  # t16 still rejected, t17 added
    assert _ids(store, "targets")[:2] == ["t1", "t2"]


def test_a_bad_correction_names_the_field_and_changes_nothing(store: Store) -> None:
    _import(store, EXAMPLE)
    cases = [({"value": "lots"}, "value: Input should be a valid number"),
             ({"valu": 1}, "valu: not a field of targets"),
             ({"quote": "x"}, "quote: fixed by the document"),
             ({"comparator": "≥"}, "comparator: Input should be"),
             ({"flow": "sometimes"}, "flow: Input should be 'annual' or 'cumulative'")]
    for fields, problem in cases:
        with pytest.raises(ValidationError) as caught, store.transaction() as s:
            review.edit_item(s, key="anhui", item_id="t1", fields=fields)
        assert caught.value.source == "item t1" and caught.value.problems[0].startswith(problem), caught.value.problems
    with pytest.raises(ValidationError, match="meta cannot be rejected"), store.transaction() as s:
        review.reject_item(s, key="anhui", item_id="meta")
    with pytest.raises(ValidationError, match="issue_date: expected a date"), store.transaction() as s:
        review.edit_item(s, key="anhui", item_id="meta", fields={"issue_date": "2015年11月18日"})
    with pytest.raises(ValidationError, match="region: not a field of meta"), store.transaction() as s:
        review.edit_item(s, key="anhui", item_id="meta", fields={"region": "合肥市"})  # scope is set at import
    with pytest.raises(NotFoundError), store.transaction() as s:
        review.edit_item(s, key="anhui", item_id="t99", fields={"value": 1})
    with store.transaction() as s:
        version = s.scalars(select(PlanVersion)).one()
        assert version.review is None and version.extracted["targets"][0]["value"] == 40


def test_publishing_tracks_the_corrections_and_drops_rejected_items(store: Store) -> None:
    _import(store, EXAMPLE)
    with store.transaction() as s:
        review.edit_item(s, key="anhui", item_id="t5", fields={"value": 600, "unit": "项"})
        review.reject_item(s, key="anhui", item_id="t13")  # 驰名商标 100件 (2025)
        review.edit_item(s, key="anhui", item_id="meta", fields={"issuer": "安徽省人民政府办公厅", "title": "安徽篇"})
        assert get_plan(s, key="anhui").title == "安徽篇"
        assert review.review_counts(s, key="anhui") == {"unreviewed": 72, "accepted": 0, "edited": 2,
                                                        "rejected": 1, "added": 0, "total": 75}
    with store.transaction() as s:
        done = review.publish_draft(s, key="anhui")
        assert done.version.version_no == 1
    with store.transaction() as s:
        rows = s.scalars(select(Indicator)).all()
        jingpin = [(r.value, r.target_year) for r in rows if r.metric == "安徽工业精品"]
        assert sorted(jingpin) == [(600.0, 2020), (1000.0, 2025)]
        assert [r.target_year for r in rows if r.metric == "驰名商标"] == [2020]
    with pytest.raises(ValidationError, match="nothing to publish"), store.transaction() as s:
        review.publish_draft(s, key="anhui")


def test_a_reviewers_annual_or_cumulative_call_is_what_gets_tracked(store: Store, tmp_path: Path) -> None:
    doc = tmp_path / "flows.txt"
    doc.write_text(FLOWS, encoding="utf-8")
    _import(store, doc)
    with store.transaction() as s:  # by value: 100 is due every year (每年新增), 50 by 2025
        targets = {e.item["value"]: e.id for e in review.review_of(s, key="anhui", version=1).draft.entries["targets"]}
        assert targets.keys() == {100, 5000, 50}
        review.edit_item(s, key="anhui", item_id=targets[100], fields={"flow": "cumulative"})
        review.edit_item(s, key="anhui", item_id=targets[50], fields={"flow": "annual"})
    with store.transaction() as s:
        publish_plan(s, key="anhui")
    with store.transaction() as s:
        flows = {r.value: r.flow for r in s.scalars(select(Indicator))}
    assert flows == {100: None, 5000: None, 50: "annual"}


def test_without_a_reviewers_call_the_rules_decide_the_flow(store: Store, tmp_path: Path) -> None:
    doc = tmp_path / "flows.txt"
    doc.write_text(FLOWS, encoding="utf-8")
    _import(store, doc)
    with store.transaction() as s:
        publish_plan(s, key="anhui")
    with store.transaction() as s:
        assert {r.value: r.flow for r in s.scalars(select(Indicator))} == {100: "annual", 5000: None, 50: None}


def test_only_the_latest_draft_can_be_changed(store: Store) -> None:
    _import(store, EXAMPLE)
    with store.transaction() as s:
        publish_plan(s, key="anhui")
    with pytest.raises(ValidationError, match="version 1 is published"), store.transaction() as s:
        review.edit_item(s, key="anhui", item_id="t1", fields={"value": 41})
    _import(store, EXAMPLE)
    _import(store, EXAMPLE)
    with pytest.raises(ValidationError, match="version 2 is not the latest"), store.transaction() as s:
        review.reject_item(s, key="anhui", item_id="t1", version=2)
    with store.transaction() as s:
        assert review.reject_item(s, key="anhui", item_id="t1").state == "rejected"  # version 3
        assert review.latest_draft_number(s, key="anhui") == 3


def test_each_change_is_audited_with_the_item_before_and_after(store: Store) -> None:
    _import(store, EXAMPLE)
    with store.transaction(actor="planner") as s:
        review.edit_item(s, key="anhui", item_id="k1", fields={"lead": ["省经信厅"], "support": []})
        review.accept_item(s, key="anhui", item_id="t1")
        review.reject_item(s, key="anhui", item_id="r1")
    with store.transaction() as s:
        rows = s.scalars(select(AuditEntry).where(AuditEntry.action.like("review_%")).order_by(AuditEntry.id)).all()
        assert [(r.action, r.actor, r.entity) for r in rows] == [
            ("review_edit", "planner", "plan_versions"), ("review_accept", "planner", "plan_versions"),
            ("review_reject", "planner", "plan_versions")]
        edit = rows[0]
        assert edit.before is not None and edit.after is not None
        assert edit.before["lead"] == ["省经济和信息化委"] and edit.after["lead"] == ["省经信厅"]
        assert (edit.before["state"], edit.after["state"]) == ("unreviewed", "edited")
        assert rows[2].after is not None and rows[2].after["counts"]["rejected"] == 1


def test_the_diff_pairs_items_as_publishing_does(store: Store) -> None:
    _import(store, EXAMPLE)
    with store.transaction() as s:
        publish_plan(s, key="anhui")
    _import(store, EXAMPLE)
    with store.transaction() as s:
        text = review.review_of(s, key="anhui", version=2).text
        assert text is not None
        at = text.index(NEW)
        review.edit_item(s, key="anhui", item_id="t5", fields={"value": 600})
        review.edit_item(s, key="anhui", item_id="t6", fields={"metric": "著名商标", "year": 2021})
        review.reject_item(s, key="anhui", item_id="t13")
        review.reject_item(s, key="anhui", item_id="k3")
        review.add_item(s, key="anhui", kind="targets", start=at, end=at + len(NEW), fields={"value": 12, "year": 2025})
    with store.transaction() as s:
        diff = review.version_diff(s, key="anhui", a=1, b=2)
    kinds = {k.kind: k for k in diff.kinds}
    tracked, tasks = kinds["indicators"], kinds["tasks"]
    assert {c.label: c.fields for c in tracked.changed} == {"安徽工业精品（2020年）": ("value",),
                                                              "著名商标（2021年）": ("metric", "target_year")}
    assert [c.label for c in tracked.added] == ["重点突破12个高端制造业领域（2025年）"]
    assert [c.label for c in tracked.removed] == ["驰名商标（2025年）"]
    assert len(tasks.removed) == 1 and tasks.same == 24
    with store.transaction() as s:
        changes = publish_plan(s, key="anhui").changes
    assert len(changes.carried["indicators"]) == tracked.same + len(tracked.changed)
    assert len(changes.retired["indicators"]) == len(tracked.removed)
    assert len(changes.new["indicators"]) == len(tracked.added)
    assert len(changes.retired["tasks"]) == 1 and len(changes.carried["tasks"]) == 24


def test_unpack_and_pack_round_trip_a_review() -> None:
    extracted = {"meta": {"title": "x"}, "targets": [{"quote": "a", "value": 1}, {"quote": "b", "value": 2}],
                 "tasks": [{"quote": "c"}]}
    draft = drafts.unpack(extracted, None)
    drafts.reject(draft, "t1")
    drafts.edit(draft, "t2", {"value": 3})
    packed, stored = drafts.pack(draft, extracted)
    assert [t["quote"] for t in packed["targets"]] == ["b"] and packed["targets"][0]["value"] == 3
    again = drafts.unpack(packed, stored)
    assert [(e.id, e.state) for e in again.all()] == [("meta", "unreviewed"), ("t1", "rejected"), ("t2", "edited"),
                                                      ("k1", "unreviewed")]
    drafts.edit(again, "t2", {"value": 2})  # edited back to what was extracted
    assert again.find("t2").state == "accepted" and again.find("t2").original is None
