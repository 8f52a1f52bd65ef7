"""The status refresh reads kept series summaries and evaluates them in columns; its rows
must be exactly what the reference method (`progress.status.evaluate`) says when fed every
raw observation — for every method, with `as_of` after all figures and in the middle of
them, with stated baselines and baselines taken from the baseline year's figure."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from planwatch.progress.status import METHODS, Point, TargetSpec, evaluate
from planwatch.services import series
from planwatch.services.observations import record_file
from planwatch.services.regions import ensure_regions
from planwatch.services.status import StatusRow, plan_status, status_frame
from planwatch.store import Store
from planwatch.store.tables import Indicator, Observation, Plan, Region

REGIONS = ["安徽省", "合肥市", "芜湖市"]
INDICATORS = ["安徽名牌", "安徽工业精品", "省政府质量奖", "驰名商标"]


def _actuals(tmp_path: Path, seed: int, years: range = range(2013, 2022), months: bool = True) -> Path:
    rng = random.Random(seed)
    lines = ["plan,indicator,region,period,value,unit,source"]
    for name in INDICATORS:
        for region in REGIONS:
            level = rng.uniform(50, 1500)
            for year in rng.sample(years, rng.randint(0, min(5, len(years)))):
                lines.append(f"anhui,{name},{region},{year},{level * rng.uniform(0.8, 1.4):.2f},,seed{seed}")
            if months and rng.random() < 0.5:
                lines.append(f"anhui,{name},{region},2019-0{rng.randint(3, 9)},{level:.1f},,seed{seed}")
    path = tmp_path / f"actuals{seed}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _reference(session: object, as_of: date, method: str) -> dict[tuple[int, str | None], tuple[object, ...]]:
    """Every series evaluated one by one from its raw observations."""
    s = session
    out = {}
    plan = s.scalar(select(Plan).where(Plan.key == "anhui"))  # type: ignore[attr-defined]
    inds = s.scalars(select(Indicator).where(Indicator.plan_version_id == plan.current_version_id,  # type: ignore[attr-defined]
                                              Indicator.value.is_not(None), Indicator.target_year.is_not(None)))
    names = dict(s.execute(select(Region.id, Region.name)).all())  # type: ignore[attr-defined]
    for ind in inds:
        obs = s.execute(select(Observation.region_id, Observation.at, Observation.value, Observation.period)  # type: ignore[attr-defined]
                        .where(Observation.indicator_id == ind.id)).all()
        by_region: dict[int, list[Point]] = {}
        for reg, at, value, period in obs:
            by_region.setdefault(reg, []).append(Point(at, value, period))
        for reg, points in by_region.items():
            baseline = None
            if ind.baseline_year is not None and ind.baseline_value is not None:
                baseline = Point(float(ind.baseline_year), ind.baseline_value, str(ind.baseline_year))
            elif ind.baseline_year is not None:
                baseline = next((p for p in points if p.period == str(ind.baseline_year)), None)
            spec = TargetSpec(value=float(ind.value), year=int(ind.target_year), comparator=ind.comparator,
                              value_max=ind.value_max, direction=ind.direction, change=ind.change,
                              annual="年均" in (ind.metric or ""), percent=(ind.unit or "") == "%", baseline=baseline)
            p = evaluate(spec, sorted(points, key=lambda q: (q.at, q.period)), as_of=as_of, method=method)
            out[(ind.id, names[reg])] = (p.status, p.method, p.latest.value if p.latest else None,
                                         p.latest.period if p.latest else None, p.forecast, p.achievement)
    return out


def _got(rows: list[StatusRow]) -> dict[tuple[int, str | None], tuple[object, ...]]:
    return {(r.indicator_id, r.region): (r.status, r.method, r.latest["value"], r.latest["period"], r.forecast,
                                         r.achievement) for r in rows if r.latest["value"] is not None}


@pytest.mark.parametrize("as_of", [date(2023, 1, 1), date(2018, 6, 30), date(2016, 3, 31)])
def test_refresh_answers_as_the_reference_on_every_series(published_store: Store, tmp_path: Path, as_of: date) -> None:
    with published_store.transaction() as s:
        ensure_regions(s)
        record_file(s, path=_actuals(tmp_path, 1, range(2013, 2018), months=False))
    with published_store.transaction() as s:
        record_file(s, path=_actuals(tmp_path, 2, range(2018, 2022)))  # more periods: summaries refreshed
        assert series.in_step(s)
    for method in METHODS:
        with published_store.transaction() as s:
            want = _reference(s, as_of, method)
            got = _got(plan_status(s, plan="anhui", as_of=as_of, method=method))
        assert set(got) <= set(want)
        assert len(got) >= 5
        for key, row in got.items():
            w = want[key]
            assert row[:4] == w[:4], (key, method, row, w)
            for a, b in zip(row[4:], w[4:], strict=True):
                assert (a is None) == (b is None) and (a is None or a == pytest.approx(b, rel=1e-9, abs=1e-4)), (key, row, w)


def test_summaries_follow_new_figures(published_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("plan,indicator,region,period,value,unit,source\n"
                    "anhui,安徽名牌,合肥市,2015,100,,t\nanhui,安徽名牌,合肥市,2016,120,,t\n", encoding="utf-8")
    later = tmp_path / "b.csv"
    later.write_text("plan,indicator,region,period,value,unit,source\nanhui,安徽名牌,合肥市,2018,160,,t\n",
                     encoding="utf-8")
    with published_store.transaction() as s:
        ensure_regions(s)
        record_file(s, path=path)
    with published_store.transaction() as s:
        first = [r for r in plan_status(s, plan="anhui", region="合肥市", as_of=date(2019, 1, 1))
                 if r.metric == "安徽名牌" and r.latest["value"] is not None]
        record_file(s, path=later)
        assert series.in_step(s)
        again = [r for r in plan_status(s, plan="anhui", region="合肥市", as_of=date(2019, 1, 1))
                 if r.metric == "安徽名牌" and r.latest["value"] is not None]
    assert {r.latest["period"] for r in first} == {"2016"}
    assert {r.latest["period"] for r in again} == {"2018"}


def test_a_failed_import_leaves_summaries_as_they_were(published_store: Store, tmp_path: Path) -> None:
    good = tmp_path / "good.csv"
    good.write_text("plan,indicator,region,period,value,unit,source\nanhui,安徽名牌,合肥市,2015,100,,t\n",
                    encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("plan,indicator,region,period,value,unit,source\nanhui,安徽名牌,合肥市,2016,120,,t\n"
                   "anhui,没有这个指标,合肥市,2016,1,,t\n", encoding="utf-8")
    with published_store.transaction() as s:
        ensure_regions(s)
        record_file(s, path=good)
    with pytest.raises(Exception, match="没有这个指标"), published_store.transaction() as s:
        record_file(s, path=bad)
    with published_store.transaction() as s:
        assert series.in_step(s)
        assert [r[2] for r in series.stored(s)] == [1]


def test_frame_counts_every_series(published_store: Store, tmp_path: Path) -> None:
    with published_store.transaction() as s:
        ensure_regions(s)
        record_file(s, path=_actuals(tmp_path, 3))
        frame = status_frame(s, as_of=date(2020, 12, 31))
        rows = frame.rows(s)
    assert len(frame) == len(rows) and sum(frame.counts().values()) == len(rows)
    assert frame.counts()["no_data"] == sum(r.status == "no_data" for r in rows)


def test_rebuild_recomputes_every_summary(published_store: Store, tmp_path: Path) -> None:
    with published_store.transaction() as s:
        ensure_regions(s)
        record_file(s, path=_actuals(tmp_path, 4))
        kept = len(series.stored(s))
        assert series.rebuild(s) == kept
        assert series.in_step(s)
