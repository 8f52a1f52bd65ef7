"""The status refresh reads kept series summaries and evaluates them in columns; its rows
must be exactly what the reference method (`progress.status.evaluate`) says when fed every
raw observation — for every method, with `as_of` after all figures, in the middle of them
and just after a target year, with stated baselines and baselines taken from the baseline
year's figure, allocated regions (with and without figures), running totals (2019年1-9月)
and annual flows, which the refresh evaluates one by one."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from planwatch.progress.status import DATA_LAG_MONTHS, METHODS, Point, TargetSpec, evaluate
from planwatch.services import series
from planwatch.services.allocations import allocate_target
from planwatch.services.observations import record_file
from planwatch.services.plans import import_plan, load_plan_file, publish_plan
from planwatch.services.regions import ensure_regions
from planwatch.services.status import StatusRow, plan_status, status_frame
from planwatch.store import Store
from planwatch.store.tables import Indicator, Observation, Plan, Region, TargetAllocation

REGIONS = ["安徽省", "合肥市", "芜湖市"]
INDICATORS = ["安徽名牌", "安徽工业精品", "省政府质量奖", "驰名商标"]
FLOWS = Path(__file__).parents[1] / "assets" / "progress" / "hefei_flows.txt"  # 每年新增…: annual flows
UNITS = {"安徽名牌": "个", "安徽工业精品": "项", "省政府质量奖": "个", "驰名商标": "件"}  # a blank unit is suspect


def _actuals(tmp_path: Path, seed: int, years: range = range(2013, 2022), months: bool = True) -> Path:
    rng = random.Random(seed)
    lines = ["plan,indicator,region,period,value,unit,source"]
    for name in INDICATORS:
        for region in REGIONS:
            level = rng.uniform(50, 1500)
            for year in rng.sample(years, rng.randint(0, min(5, len(years)))):
                lines.append(f"anhui,{name},{region},{year},{level * rng.uniform(0.8, 1.4):.2f},{UNITS[name]},seed{seed}")
            if months and rng.random() < 0.5:
                lines.append(f"anhui,{name},{region},2019-0{rng.randint(3, 9)},{level:.1f},{UNITS[name]},seed{seed}")
    path = tmp_path / f"actuals{seed}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _reference(session: Session, as_of: date, method: str, *, plan_key: str = "anhui",
               lag: int = DATA_LAG_MONTHS) -> dict[tuple[int, str | None], tuple[object, ...]]:
    """Every series (and every allocated region) evaluated one by one from its raw
    observations, against the region's allocation where it has one."""
    s = session
    out: dict[tuple[int, str | None], tuple[object, ...]] = {}
    plan = s.scalar(select(Plan).where(Plan.key == plan_key))
    assert plan is not None
    inds = s.scalars(select(Indicator).where(Indicator.plan_version_id == plan.current_version_id,
                                              Indicator.value.is_not(None), Indicator.target_year.is_not(None)))
    names = dict(s.execute(select(Region.id, Region.name)).all())
    for ind in inds:
        obs = s.execute(select(Observation.region_id, Observation.at, Observation.value, Observation.period)
                        .where(Observation.indicator_id == ind.id)).all()
        allocated = dict(s.execute(select(TargetAllocation.region_id, TargetAllocation.value)
                                   .where(TargetAllocation.indicator_id == ind.id)).all())
        by_region: dict[int, list[Point]] = {r: [] for r in allocated}
        for reg, at, value, period in obs:
            by_region.setdefault(reg, []).append(Point(at, value, period))
        for reg, points in by_region.items():
            baseline = None
            if ind.baseline_year is not None and ind.baseline_value is not None:
                baseline = Point(float(ind.baseline_year), ind.baseline_value, str(ind.baseline_year))
            elif ind.baseline_year is not None:
                baseline = next((p for p in points if p.period == str(ind.baseline_year)), None)
            share = allocated.get(reg)
            ranged = share is not None and ind.comparator == "range"
            assert ind.value is not None and ind.target_year is not None
            spec = TargetSpec(value=float(ind.value if share is None else share), year=int(ind.target_year),
                              comparator="=" if ranged else ind.comparator, value_max=None if share else ind.value_max,
                              direction=ind.direction, change=ind.change,
                              annual="年均" in (ind.metric or "") and ind.flow is None,
                              percent=(ind.unit or "") == "%", baseline=baseline, plan_start=ind.start_year,
                              flow=ind.flow)
            p = evaluate(spec, sorted(points, key=lambda q: (q.at, q.period)), as_of=as_of, method=method,
                         lag_months=lag)
            out[(ind.id, names[reg])] = (p.status, p.method, p.latest.value if p.latest else None,
                                         p.latest.period if p.latest else None, p.year, spec.value,
                                         "allocation" if share is not None else "plan", p.forecast, p.achievement,
                                         p.elapsed, p.covered, p.gap)
    return out


def _got(rows: list[StatusRow]) -> dict[tuple[int, str | None], tuple[object, ...]]:
    return {(r.indicator_id, r.region): (r.status, r.method, r.latest["value"], r.latest["period"],
                                         r.target["judged_year"], r.target["value"], r.target["source"], r.forecast,
                                         r.achievement, r.elapsed, r.covered, r.gap) for r in rows}


def _agree(got: dict[tuple[int, str | None], tuple[object, ...]],
           want: dict[tuple[int, str | None], tuple[object, ...]], label: object) -> None:
    """Every reference series has its row, equal (numbers to the rows' rounding); any other
    row is an indicator without figures anywhere, shown once as no data."""
    assert set(want) <= set(got)
    for key, row in got.items():
        if key not in want:
            assert row[0] == "no_data" and row[2] is None, (key, row)
            continue
        w = want[key]
        assert row[:7] == w[:7], (key, label, row, w)
        for a, b, tol in zip(row[7:], w[7:], (1e-4, 1e-4, 1e-4, 1e-4, 6e-3), strict=True):
            assert (a is None) == (b is None) and (a is None or a == pytest.approx(b, rel=1e-9, abs=tol)), (key, row, w)


@pytest.mark.parametrize("as_of", [date(2023, 1, 1), date(2018, 6, 30), date(2016, 3, 31), date(2021, 2, 15)])
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
        assert sum(row[2] is not None for row in got.values()) >= 5
        _agree(got, want, method)


def _running_totals(tmp_path: Path, seed: int) -> Path:
    """Monthly running totals (2019年1-9月 …) and full years for some series, as `observe` reads them."""
    rng = random.Random(seed)
    lines = ["plan,indicator,region,period,value,unit,source"]
    for name in INDICATORS[:2]:
        for region in REGIONS:
            level = rng.uniform(100, 900)
            for year in (2019, 2020):
                for month in sorted(rng.sample(range(1, 12), 3)):
                    lines.append(f"anhui,{name},{region},{year}年1-{month}月,{level * month / 12:.1f},{UNITS[name]},r")
            lines.append(f"anhui,{name},{region},2019,{level:.1f},{UNITS[name]},r")
    path = tmp_path / f"ytd{seed}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("as_of", [date(2020, 10, 20), date(2021, 2, 15), date(2019, 6, 30)])
def test_allocations_running_totals_and_flows_answer_as_the_reference(published_store: Store, tmp_path: Path,
                                                                       as_of: date) -> None:
    """The rows the columns do not cover (running totals, annual flows) and allocated regions,
    with and without figures, every method, two statistics lags."""
    with published_store.transaction() as s:
        ensure_regions(s)
        record_file(s, path=_actuals(tmp_path, 5, range(2014, 2019), months=False))
        record_file(s, path=_running_totals(tmp_path, 6))
        allocate_target(s, plan="anhui", indicator="安徽名牌", parts=["合肥=400", "芜湖=300", "蚌埠=200"], by_weight=False)
        allocate_target(s, plan="anhui", indicator="安徽工业精品", parts=["合肥=2", "芜湖=1"], by_weight=True)
        assert series.in_step(s)
    for method in METHODS:
        for lag in (0, 3):
            with published_store.transaction() as s:
                want = _reference(s, as_of, method, lag=lag)
                got = _got(plan_status(s, plan="anhui", as_of=as_of, method=method, lag_months=lag))
            assert any(row[6] == "allocation" for row in got.values())
            _agree(got, want, (method, lag))
    with published_store.transaction() as s:
        rows = plan_status(s, plan="anhui", as_of=as_of)
    if as_of == date(2020, 10, 20):  # the 2020 targets are judged on 2020's running totals: 序时进度
        assert {r.region for r in rows if r.method == "elapsed" and r.target["year"] == 2020} >= set(REGIONS)
    assert {r.status for r in rows} & {"on_track", "moderate", "limited", "awaiting", "achieved", "missed"}


def test_annual_flows_answer_as_the_reference(store: Store, tmp_path: Path) -> None:
    with store.transaction() as s:
        import_plan(s, plan=load_plan_file(FLOWS), key="hefei", source_file=FLOWS.name)
    with store.transaction() as s:
        publish_plan(s, key="hefei")
    path = tmp_path / "flows.csv"
    path.write_text("plan,indicator,region,period,value,unit,source\n"
                    "hefei,每年新增规上工业企业,合肥市,2023,110,家,t\nhefei,每年新增规上工业企业,合肥市,2024,90,家,t\n"
                    "hefei,每年新增规上工业企业,合肥市,2025年1-6月,40,家,t\nhefei,每年新增规上工业企业,庐江县,2023,20,家,t\n"
                    "hefei,每年实施亿元以上技改项目,合肥市,2023年1-11月,49,个,t\n"
                    "hefei,累计新增规上工业企业,合肥市,2023,110,家,t\n", encoding="utf-8")
    with store.transaction() as s:
        record_file(s, path=path)
    for as_of in (date(2024, 2, 1), date(2024, 5, 1), date(2025, 4, 15), date(2025, 7, 20)):
        for method in METHODS:
            with store.transaction() as s:
                _agree(_got(plan_status(s, plan="hefei", as_of=as_of, method=method)),
                       _reference(s, as_of, method, plan_key="hefei"), (as_of, method))


def test_summaries_follow_new_figures(published_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("plan,indicator,region,period,value,unit,source\n"
                    "anhui,安徽名牌,合肥市,2015,100,个,t\nanhui,安徽名牌,合肥市,2016,120,个,t\n", encoding="utf-8")
    later = tmp_path / "b.csv"
    later.write_text("plan,indicator,region,period,value,unit,source\nanhui,安徽名牌,合肥市,2018,160,个,t\n",
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
    good.write_text("plan,indicator,region,period,value,unit,source\nanhui,安徽名牌,合肥市,2015,100,个,t\n",
                    encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("plan,indicator,region,period,value,unit,source\nanhui,安徽名牌,合肥市,2016,120,个,t\n"
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
