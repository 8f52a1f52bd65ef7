"""Unlocking a locked period (数据填报, issue #9) over real HTTP on the demo database: a figure
found wrong after the lock can be entered again once the province planner unlocks the
period with a reason; nobody else can, and the reason is in the audit log."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from planwatch.store import Store
from planwatch.store.entry_tables import EntryLock
from planwatch.store.tables import AuditEntry

from .conftest import login

JSON = {"Accept": "application/json"}
GRID = "plan=anhui&region=合肥市&period=2021"
REASON = "合肥市统计局修正了2021年数据"


def _grid(client: TestClient) -> dict[str, Any]:
    r = client.get(f"/actuals.json?{GRID}")
    assert r.status_code == 200, r.text
    data: dict[str, Any] = r.json()
    return data


def _grid_of(client: TestClient, period: str) -> dict[str, Any]:
    r = client.get(f"/actuals.json?{GRID.replace('2021', period)}")
    assert r.status_code == 200, r.text
    data: dict[str, Any] = r.json()
    return data


def _enter(client: TestClient, indicator: int, value: str) -> Any:
    return client.post("/actuals", data={"plan": "anhui", "region": "合肥市", "period": "2021",
                                         f"value.{indicator}": value, f"source.{indicator}": "合肥市统计局"},
                       headers=JSON)


def _lock(client: TestClient) -> int:
    """planner (安徽省) locks 合肥市 2021 in the anhui plan; the lock's id from the grid."""
    r = client.post("/actuals/locks", data={"plan": "anhui", "region": "合肥市", "period": "2021"},
                    follow_redirects=False)
    assert r.status_code == 303, r.text[-2000:]
    locks = [lock for lock in _grid(client)["locks"] if (lock["region"], lock["period"]) == ("合肥市", "2021")]
    assert len(locks) == 1 and locks[0]["may_unlock"]
    lock_id: int = locks[0]["id"]
    return lock_id


def _unlock(client: TestClient, lock_id: int, **data: str) -> Any:
    return client.post(f"/actuals/locks/{lock_id}/unlock", data=data, follow_redirects=False)


def test_a_planner_unlocks_a_locked_period_and_the_figure_is_accepted_again(
        client: TestClient, demo_store: Store) -> None:
    login(client, "planner")
    lock_id = _lock(client)
    grid = _grid(client)
    assert grid["rows"] and not any(row["editable"] for row in grid["rows"])
    ident = grid["rows"][0]["indicator_id"]
    r = _enter(client, ident, "7")
    assert r.status_code == 422 and "locked for 合肥市" in r.json()["problems"][0]

    page = client.get(f"/actuals?{GRID}")
    assert f'action="/actuals/locks/{lock_id}/unlock"' in page.text and ">解锁</button>" in page.text
    assert all(row["locked"] for row in grid["rows"]) and "<small>已锁定</small>" in page.text
    other = _grid_of(client, "2022")  # a period nobody locked says 未填 or 只读, never 已锁定
    assert not any(row["locked"] for row in other["rows"])
    assert "<small>已锁定</small>" not in client.get(f"/actuals?{GRID.replace('2021', '2022')}").text
    r = _unlock(client, lock_id, plan="anhui", region="合肥市", period="2021", reason=f"  {REASON} ")
    assert r.status_code == 303
    assert r.headers["location"].startswith("/actuals?plan=anhui") and "unlocked=1" in r.headers["location"]
    assert "已解锁" in client.get(r.headers["location"]).text

    grid = _grid(client)
    assert all(lock["id"] != lock_id for lock in grid["locks"])
    assert any(row["editable"] for row in grid["rows"] if row["indicator_id"] == ident)
    r = _enter(client, ident, "7")
    assert r.status_code == 200 and r.json() == {"ok": True, "stored": 1}, r.text

    with demo_store.transaction() as s:
        assert s.get(EntryLock, lock_id) is None
        logged = s.scalars(select(AuditEntry).where(AuditEntry.entity == "entry_locks",
                                                    AuditEntry.action == "unlock")).all()
    assert [(a.actor, a.entity_id, a.after, a.before["period"]) for a in logged] == [  # type: ignore[index]
        ("planner", str(lock_id), {"reason": REASON}, "2021")]

    r = _unlock(client, lock_id, reason=REASON)  # a second unlock of the same lock: it is gone
    assert r.status_code == 404


def test_unlocking_without_a_reason_is_refused_naming_the_field(client: TestClient, demo_store: Store) -> None:
    login(client, "planner")
    lock_id = _lock(client)
    r = client.post(f"/actuals/locks/{lock_id}/unlock", json={"reason": "   "}, headers=JSON)
    assert r.status_code == 422 and r.json()["ok"] is False
    assert r.json()["problems"][0].startswith("reason:"), r.json()
    r = client.post(f"/actuals/locks/{lock_id}/unlock", json={"reason": "长" * 501}, headers=JSON)
    assert r.status_code == 422 and r.json()["problems"][0].startswith("reason:")
    r = _unlock(client, lock_id, plan="anhui", region="合肥市", period="2021", reason="")
    assert r.status_code == 422 and "解锁理由必填" in r.text and 'id="entry-grid"' in r.text  # the grid again
    with demo_store.transaction() as s:
        assert s.get(EntryLock, lock_id) is not None
    r = client.post(f"/actuals/locks/{lock_id}/unlock", json={"reason": REASON}, headers=JSON)
    assert r.status_code == 200
    assert r.json() == {"ok": True, "unlocked": "2021", "region": "合肥市", "lock": lock_id, "plan": "anhui"}


def test_only_who_may_lock_it_may_unlock_it(client: TestClient, app: object, demo_store: Store) -> None:
    login(client, "planner")
    lock_id = _lock(client)
    for user, status in (("viewer", 403), ("reporter", 403), ("planner-sx", 404), ("planner-ch", 404)):
        with TestClient(app, base_url="http://testserver") as other:  # type: ignore[arg-type]
            login(other, user)
            r = _unlock(other, lock_id, reason=REASON)
            assert r.status_code == status, (user, r.status_code, r.text[-500:])
            if user == "planner-ch":  # 巢湖市 lies under 合肥市: it sees the plan, not the lock's 解锁
                page = other.get("/actuals.json?plan=anhui&region=巢湖市&period=2021").json()
                assert [lock["may_unlock"] for lock in page["locks"] if lock["id"] == lock_id] == [False]
    with demo_store.transaction() as s:
        assert s.get(EntryLock, lock_id) is not None


def test_a_lock_is_unlocked_only_through_its_own_plan(client: TestClient) -> None:
    login(client, "planner")
    lock_id = _lock(client)
    assert _unlock(client, lock_id, plan="anqing", reason=REASON).status_code == 404
    assert _unlock(client, 2**40, reason=REASON).status_code == 404
    assert _unlock(client, lock_id, plan="anhui", reason=REASON).status_code == 303
