"""数据填报 review on a real database (SQLite, and PostgreSQL when configured): a county's
figure waits for the city, only accepted figures move the status, scope and locks are row
problems, and two reviewers never lose an update."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from planwatch.errors import Forbidden, ValidationError
from planwatch.services import entry, series
from planwatch.services.actuals_file import ActualRow
from planwatch.services.auth import Principal, create_user, hasher
from planwatch.services.observations import observe_rows
from planwatch.services.regions import resolve_region
from planwatch.services.status import plan_status
from planwatch.store import Store
from planwatch.store.tables import Observation
from planwatch.store.tables import Plan as PlanRow

METRIC = "安徽名牌"  # anhui plan, 个
AS_OF = date(2020, 6, 30)


def _user(store: Store, login: str, role: str, region: str | None) -> Principal:
    with store.transaction() as s:
        region_id = resolve_region(s, name=region).id if region else None
        u = create_user(s, login=login, password="a-password-1", role=role, region_id=region_id, name=login,
                        pw=hasher(1, 8192))
        return Principal(user_id=u.id, login=login, name=login, role=role, region_id=region_id, department_id=None)


@pytest.fixture
def people(published_store: Store) -> dict[str, Principal]:
    return {"feixi": _user(published_store, "feixi", "planner", "肥西县"),
            "hefei": _user(published_store, "hefei", "planner", "合肥市"),
            "anhui": _user(published_store, "anhui", "planner", "安徽省"),
            "admin": _user(published_store, "root", "admin", None),
            "viewer": _user(published_store, "viewer", "viewer", "合肥市")}


def _rows(*cells: tuple[str, str, str]) -> list[ActualRow]:
    return [ActualRow(line=i, plan="anhui", indicator=METRIC, region=region, period=period, value=value, unit="个",
                      source="县统计局") for i, (region, period, value) in enumerate(cells, start=2)]


def _enter(store: Store, who: Principal, *cells: tuple[str, str, str]) -> None:
    with store.transaction(actor=who.login) as s:
        observe_rows(s, rows=_rows(*cells), entrant=entry.entrant(s, who))


def _latest(store: Store, region: str) -> str | None:
    with store.transaction() as s:
        rows = [r for r in plan_status(s, plan="anhui", region=region, as_of=AS_OF) if r.metric == METRIC]
        assert series.in_step(s)
    return rows[0].latest["period"] if rows else None


def _figure(store: Store, period: str) -> Observation:
    with store.transaction() as s:
        obs = s.scalars(select(Observation).where(Observation.period == period)).one()
        s.expunge(obs)
        return obs


def test_a_county_figure_waits_for_the_city_and_counts_only_once_accepted(
        published_store: Store, people: dict[str, Principal]) -> None:
    _enter(published_store, people["hefei"], ("肥西县", "2018", "40"))  # the city for a county: accepted at once
    _enter(published_store, people["feixi"], ("肥西县", "2019", "55"))  # the county for itself: pending
    assert _figure(published_store, "2018").review_state == "accepted"
    waiting = _figure(published_store, "2019")
    assert (waiting.review_state, waiting.entered_by, waiting.reviewed_by) == ("pending", "feixi", None)
    assert _latest(published_store, "肥西县") == "2018"  # the pending figure does not move the status

    with published_store.transaction() as s:
        assert [f["id"] for f in entry.queue(s, people["hefei"])] == [waiting.id]
        assert entry.queue(s, people["feixi"]) == []  # nobody reviews their own figures
        with pytest.raises(Forbidden):
            entry.review(s, people["feixi"], observation_id=waiting.id, accept=True)
    with published_store.transaction(actor="hefei") as s:
        entry.review(s, people["hefei"], observation_id=waiting.id, accept=True, seen_version=waiting.row_version)
    accepted = _figure(published_store, "2019")
    assert (accepted.review_state, accepted.reviewed_by, accepted.row_version) == ("accepted", "hefei", 2)
    assert accepted.reviewed_at is not None and accepted.entered_at is not None
    assert _latest(published_store, "肥西县") == "2019"


def test_an_upload_with_a_row_of_another_county_is_refused_by_row_and_stores_nothing(
        published_store: Store, people: dict[str, Principal]) -> None:
    with pytest.raises(ValidationError) as e:
        _enter(published_store, people["feixi"], ("肥西县", "2019", "55"), ("长丰县", "2019", "60"))
    assert e.value.problems == ["row 3: region 长丰县: outside your scope (不在您的填报范围内)"]
    with published_store.transaction() as s:
        assert s.scalars(select(Observation)).all() == []


def test_who_needs_approval(published_store: Store, people: dict[str, Principal]) -> None:
    _enter(published_store, people["hefei"], ("合肥市", "2016", "1"))  # its own region: pending
    _enter(published_store, people["anhui"], ("合肥市", "2017", "2"))  # a region below: accepted
    _enter(published_store, people["admin"], ("安徽省", "2018", "3"))  # an admin: accepted
    assert [_figure(published_store, p).review_state for p in ("2016", "2017", "2018")] == \
        ["pending", "accepted", "accepted"]
    with pytest.raises(ValidationError, match="a viewer may not enter"):
        _enter(published_store, people["viewer"], ("合肥市", "2019", "4"))


def test_the_second_of_two_reviewers_is_told_and_the_first_decision_stands(
        published_store: Store, people: dict[str, Principal]) -> None:
    _enter(published_store, people["feixi"], ("肥西县", "2019", "55"))
    seen = _figure(published_store, "2019")  # both reviewers open the queue and see version 1
    with published_store.transaction(actor="hefei") as s:
        entry.review(s, people["hefei"], observation_id=seen.id, accept=True, seen_version=seen.row_version)
    with published_store.transaction(actor="anhui") as s, pytest.raises(entry.ReviewConflict) as e:
        entry.review(s, people["anhui"], observation_id=seen.id, accept=False, reason="口径不符",
                     seen_version=seen.row_version)
    assert "already 已接受 by hefei" in e.value.problems[0]
    after = _figure(published_store, "2019")
    assert (after.review_state, after.reviewed_by, after.return_reason) == ("accepted", "hefei", None)


@pytest.mark.postgres
def test_the_version_guard_holds_between_a_reviewers_read_and_write(
        published_store: Store, people: dict[str, Principal], db_url: str) -> None:
    """Reviewer B read the figure (pending, version 1) before A's acceptance committed: B's
    conditional UPDATE matches no row, so B is told instead of overwriting A."""
    if not db_url.startswith("postgresql"):
        pytest.skip("needs two concurrent transactions (PostgreSQL)")
    _enter(published_store, people["feixi"], ("肥西县", "2019", "55"))
    ident = _figure(published_store, "2019").id
    with published_store.transaction(actor="anhui") as b:
        assert b.get(Observation, ident).review_state == "pending"  # B's page, loaded
        with published_store.transaction(actor="hefei") as a:
            entry.review(a, people["hefei"], observation_id=ident, accept=True)
        with pytest.raises(entry.ReviewConflict):
            entry.review(b, people["anhui"], observation_id=ident, accept=True)
    assert _figure(published_store, "2019").reviewed_by == "hefei"


def test_a_returned_figure_keeps_its_reason_and_is_corrected_in_place(
        published_store: Store, people: dict[str, Principal]) -> None:
    _enter(published_store, people["feixi"], ("肥西县", "2019", "55"))
    ident = _figure(published_store, "2019").id
    with published_store.transaction(actor="hefei") as s, pytest.raises(ValidationError, match="reason"):
        entry.review(s, people["hefei"], observation_id=ident, accept=False, reason="  ")
    with published_store.transaction(actor="hefei") as s:
        entry.review(s, people["hefei"], observation_id=ident, accept=False, reason="与统计年鉴不符")
    returned = _figure(published_store, "2019")
    assert (returned.review_state, returned.return_reason) == ("returned", "与统计年鉴不符")
    assert _latest(published_store, "肥西县") is None
    _enter(published_store, people["feixi"], ("肥西县", "2019", "57"))  # the correction
    again = _figure(published_store, "2019")
    assert (again.id, again.value, again.review_state, again.return_reason, again.row_version) == \
        (ident, 57.0, "pending", None, 3)
    with pytest.raises(ValidationError, match="waits for review"):  # a pending figure is not entered twice
        _enter(published_store, people["feixi"], ("肥西县", "2019", "58"))


def test_a_locked_period_refuses_new_figures_and_cannot_be_locked_while_figures_wait(
        published_store: Store, people: dict[str, Principal]) -> None:
    _enter(published_store, people["feixi"], ("肥西县", "2019", "55"))
    with published_store.transaction() as s:
        plan = s.scalars(select(PlanRow).where(PlanRow.key == "anhui")).one()
        hefei = resolve_region(s, name="合肥市").id
        with pytest.raises(ValidationError, match="wait for review"):
            entry.lock_period(s, people["hefei"], plan=plan, region_id=hefei, period="2019")
        entry.lock_period(s, people["hefei"], plan=plan, region_id=hefei, period="2020")
    with pytest.raises(ValidationError) as e:
        _enter(published_store, people["feixi"], ("肥西县", "2020", "60"))
    assert e.value.problems == ["row 2: period 2020: locked for 合肥市 by hefei (已锁定)"]
