"""Status that does not mislead (issue #7), as a planner meets it: the gold plans 002 (anhui)
and 003 (shaoxing) published, actuals recorded with `observe`, targets split with
`allocate`, the table read through `planwatch status` — on SQLite and on PostgreSQL.

`tests/assets/progress/hefei_flows.txt` is a plan made of the genre corpus's passages on
annual flows (tests/corpus/targets_genre.yaml, G54 "2023—2025年，每年新增规上工业企业100家以上…")
under a title with its span.

Each test names what the code answered before the change it guards.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from planwatch.cli import main
from planwatch.errors import NotFoundError
from planwatch.services.regions import ensure_regions, resolve_region
from planwatch.services.status import status_for
from planwatch.store import Store
from planwatch.store.tables import Indicator

FLOWS = Path(__file__).parents[1] / "assets" / "progress" / "hefei_flows.txt"
HEADER = "plan,indicator,region,period,value,unit,source"


def _csv(tmp_path: Path, rows: list[str], name: str = "actuals.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def _cli(db_url: str, *args: str, env: dict[str, str] | None = None) -> str:
    out = CliRunner().invoke(main, [*args, "--db", db_url], env=env)
    assert out.exit_code == 0, out.output
    return out.output


def _status(db_url: str, *args: str, env: dict[str, str] | None = None) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(_cli(db_url, "status", "--format", "json", *args, env=env))
    return rows


def _one(rows: list[dict[str, Any]], metric: str, region: str | None = None, year: int | None = None) -> dict[str, Any]:
    found = [r for r in rows if r["metric"] == metric and (region is None or r["region"] == region)
             and (year is None or r["target"]["year"] == year)]
    assert len(found) == 1, found
    return found[0]


def test_an_allocated_region_is_measured_against_its_own_share(published_store: Store, db_url: str,
                                                                 tmp_path: Path) -> None:
    """Before: 合肥市 was shown against the province's 1200 at 20% although it was allocated 300,
    and 芜湖市, allocated 200 and silent, had no row at all."""
    with published_store.transaction() as s:
        ensure_regions(s)
    _cli(db_url, "allocate", "anhui", "安徽省著名商标", "合肥=300", "芜湖=200", "蚌埠=700")
    _cli(db_url, "observe", str(_csv(tmp_path, ["anhui,安徽省著名商标,合肥市,2018,240,件,t",
                                                "anhui,安徽省著名商标,安徽省,2018,1000,件,t"])))
    rows = _status(db_url, "--plan", "anhui", "--as-of", "2019-06-30")
    hefei = _one(rows, "安徽省著名商标", "合肥市", 2020)
    assert (hefei["target"]["value"], hefei["target"]["source"], hefei["achievement"]) == (300, "allocation", 0.8)
    wuhu = _one(rows, "安徽省著名商标", "芜湖市", 2020)
    assert (wuhu["status"], wuhu["target"]["value"], wuhu["target"]["source"]) == ("no_data", 200, "allocation")
    province = _one(rows, "安徽省著名商标", "安徽省", 2020)
    assert (province["target"]["value"], province["target"]["source"]) == (1200, "plan")
    table = _cli(db_url, "status", "--plan", "anhui", "--region", "合肥市", "--as-of", "2019-06-30")
    line = next(x for x in table.splitlines() if "安徽省著名商标" in x and "\t2020\t" in x)
    assert "\t300件\tallocation\t" in line and "\t80%\t" in line


def test_status_for_one_indicator_by_region(published_store: Store, tmp_path: Path, db_url: str) -> None:
    """What assessment reads: a row for each region asked for, allocation or plan target."""
    with published_store.transaction() as s:
        ensure_regions(s)
    _cli(db_url, "allocate", "anhui", "安徽名牌", "合肥=500", "芜湖=400")
    _cli(db_url, "observe", str(_csv(tmp_path, ["anhui,安徽名牌,合肥市,2018,520,个,t",
                                                "anhui,安徽名牌,蚌埠市,2018,100,个,t"])))
    with published_store.transaction() as s:
        ind = s.query(Indicator).filter(Indicator.metric == "安徽名牌", Indicator.target_year == 2020).one()
        ids = {name: resolve_region(s, name=name).id for name in ("合肥市", "芜湖市", "蚌埠市", "淮南市")}
        got = status_for(s, indicator_id=ind.id, region_ids=ids.values(), as_of=date(2019, 6, 30))
        with pytest.raises(NotFoundError, match="#999999"):
            status_for(s, indicator_id=999999, region_ids=[ids["合肥市"]], as_of=date(2019, 6, 30))
    by_name = {row.region: row for row in got.values()}
    assert set(got) == set(ids.values())
    assert (by_name["合肥市"].status, by_name["合肥市"].target["value"]) == ("achieved", 500)
    assert (by_name["芜湖市"].status, by_name["芜湖市"].target["source"]) == ("no_data", "allocation")
    assert (by_name["蚌埠市"].target["value"], by_name["蚌埠市"].target["source"]) == (1500, "plan")
    assert (by_name["淮南市"].status, by_name["淮南市"].latest["value"]) == ("no_data", None)


def test_one_figure_and_no_baseline_is_no_baseline_with_the_share_reached(published_store: Store, db_url: str,
                                                                          tmp_path: Path) -> None:
    """Before: 80% shown beside 无数据."""
    _cli(db_url, "observe", str(_csv(tmp_path, ["anhui,驰名商标,安徽省,2018,40,件,t"])))
    row = _one(_status(db_url, "--plan", "anhui", "--as-of", "2019-06-30"), "驰名商标", "安徽省", 2020)
    assert (row["status"], row["status_label"], row["achievement"], row["ratio"]) == ("no_baseline", "无基期", 0.8, None)


def test_a_new_count_without_baseline_counts_from_the_plan_start(published_store: Store, db_url: str,
                                                                 tmp_path: Path) -> None:
    """新认定高新技术企业30家以上 (shaoxing, 2016–2020): 20 new by 2018 from 0 at the start of 2016
    is 2/3 of the way at 3/5 of the time (on track). Before: measured from the earliest actual
    (12 in 2017) the target became 42, shown as 27% done."""
    _cli(db_url, "observe", str(_csv(tmp_path, ["shaoxing,新认定高新技术企业,绍兴市,2017,12,家,t",
                                                "shaoxing,新认定高新技术企业,绍兴市,2018,20,家,t"])))
    row = _one(_status(db_url, "--plan", "shaoxing", "--as-of", "2019-06-30"), "新认定高新技术企业", "绍兴市")
    assert row["baseline"] == {"value": 0, "year": 2015}
    assert (row["status"], row["elapsed"], row["covered"]) == ("on_track", 0.6, 0.6667)
    assert row["target"]["value"] == 30 and row["ratio"] == pytest.approx(1.1111, abs=1e-4)


def test_a_past_target_year_awaits_its_figure_before_it_is_missed(published_store: Store, db_url: str,
                                                                  tmp_path: Path) -> None:
    """安徽名牌 1500 by 2020, judged on 2019's 1450 in February 2021: the 2020 figure is not out
    yet (due by 31 March 2021), so 待数据, not 未完成 as before."""
    _cli(db_url, "observe", str(_csv(tmp_path, ["anhui,安徽名牌,安徽省,2014,1353,个,t",
                                                "anhui,安徽名牌,安徽省,2019,1450,个,t"])))

    def judged(as_of: str, *extra: str, env: dict[str, str] | None = None) -> tuple[str, str]:
        row = _one(_status(db_url, "--plan", "anhui", "--as-of", as_of, *extra, env=env), "安徽名牌", "安徽省", 2020)
        return row["status"], row["method"]

    assert judged("2021-02-15") == ("awaiting", "figure for 2020 due by 2021-03-31")
    assert judged("2021-04-01")[0] == "missed"
    assert judged("2021-02-15", "--lag-months", "1") == ("missed", "target year passed; no figure for 2020 by 2021-01-31")
    assert judged("2021-02-15", env={"PLANWATCH_DATA_LAG_MONTHS": "0"})[0] == "missed"
    assert judged("2021-02-15", env={"PLANWATCH_DATA_LAG_MONTHS": "6"})[0] == "awaiting"
    table = _cli(db_url, "status", "--plan", "anhui", "--region", "安徽省", "--as-of", "2021-02-15")
    assert any("安徽名牌" in x and "待数据" in x for x in table.splitlines())
    bad = CliRunner().invoke(main, ["status", "--db", db_url], env={"PLANWATCH_DATA_LAG_MONTHS": "three"})
    assert bad.exit_code == 2 and "PLANWATCH_DATA_LAG_MONTHS" in bad.output


def test_pace_is_measured_at_as_of_not_at_the_latest_figure(published_store: Store, db_url: str,
                                                            tmp_path: Path) -> None:
    """研机构覆盖率 14.5% (2014) → 40% by 2020; one figure, 25% in 2016. Judged in mid-2020, when
    the 2019 figure is due: 41% of the way in 5/6 of the time. Before: measured at 2016 (2/6 of
    the time) the same figure was 进度正常 by both methods."""
    _cli(db_url, "observe", str(_csv(tmp_path, ["anhui,规模以上工业企业研发机构覆盖率,安徽省,2016,25,%,t"])))
    rows = _status(db_url, "--plan", "anhui", "--as-of", "2020-06-30")
    row = _one(rows, "规模以上工业企业研发机构覆盖率", "安徽省", 2020)
    assert (row["status"], row["method"], row["elapsed"]) == ("moderate", "cagr", 0.8333)
    assert row["ratio"] == pytest.approx(0.625, abs=1e-3)  # C(14.5→25, 5) / C(14.5→40, 6)
    escap = _one(_status(db_url, "--plan", "anhui", "--as-of", "2020-06-30", "--method", "escap"),
                 "规模以上工业企业研发机构覆盖率", "安徽省", 2020)
    assert (escap["status"], escap["covered"], escap["gap"]) == ("limited", 0.4118, -42.16)


def test_running_totals_from_observe_are_judged_by_elapsed_time(published_store: Store, db_url: str,
                                                                tmp_path: Path) -> None:
    """A 2020 target with 2020年1-9月 figures in the file: 序时进度 (60% of the year's 500 done in
    75% of the year → 需加快). Before: the 1-9月 figure was a level against the whole target,
    paced as if a year's figure."""
    _cli(db_url, "observe", str(_csv(tmp_path, ["anhui,安徽工业精品,安徽省,2019,280,项,t",
                                                "anhui,安徽工业精品,安徽省,2020年1-6月,180,项,t",
                                                "anhui,安徽工业精品,安徽省,2020年1-9月,300,项,t"])))
    row = _one(_status(db_url, "--plan", "anhui", "--as-of", "2020-10-20"), "安徽工业精品", "安徽省", 2020)
    assert (row["status"], row["method"], row["elapsed"], row["achievement"]) == ("moderate", "elapsed", 0.75, 0.6)
    assert (row["latest"]["period"], row["gap"]) == ("2020年1-9月", -15.0)


def test_annual_flows_are_judged_year_by_year(store: Store, db_url: str, tmp_path: Path) -> None:
    """每年新增规上工业企业100家以上 (2023–2025): each year against 100. Before: one target of
    "100 more" for 2025 measured from the first figure — 无数据 after 2023's 110, then 倒退
    when 2024 added 90 (as if the count had fallen)."""
    _cli(db_url, "import", str(FLOWS), "--key", "hefei")
    _cli(db_url, "publish", "hefei")
    _cli(db_url, "observe", str(_csv(tmp_path, ["hefei,每年新增规上工业企业,合肥市,2023,110,家,t",
                                                "hefei,每年新增规上工业企业,合肥市,2024,90,家,t",
                                                "hefei,每年新增规上工业企业,合肥市,2025年1-6月,40,家,t"])))

    def judged(as_of: str) -> tuple[Any, ...]:
        row = _one(_status(db_url, "--plan", "hefei", "--as-of", as_of), "每年新增规上工业企业", "合肥市")
        assert row["target"]["flow"] == "annual" and row["target"]["year"] == 2025
        return row["target"]["judged_year"], row["status"], row["achievement"]

    assert judged("2024-05-01") == (2023, "achieved", 1.1)
    assert judged("2025-04-15") == (2024, "missed", 0.9)
    assert judged("2025-07-20") == (2025, "moderate", 0.4)  # 40% of the year's 100 in half the year
    table = _cli(db_url, "status", "--plan", "hefei", "--as-of", "2025-04-15")
    assert any(">=100家/年" in x and "\t2024\t" in x and "未完成" in x for x in table.splitlines())
    cumulative = _one(_status(db_url, "--plan", "hefei", "--as-of", "2024-05-01"), "累计新增规上工业企业")
    assert (cumulative["target"]["flow"], cumulative["baseline"]) == (None, {"value": 0, "year": 2022})
