"""四督四保 on the database: projects from a plan's milestones, the project file (validated as
a whole before anything is written), listing, and the commands end to end with their rates."""

from __future__ import annotations

import json
from datetime import date, datetime
from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from planwatch.cli import main
from planwatch.errors import NotFoundError, ValidationError
from planwatch.model import Plan as PlanModel
from planwatch.services.plans import import_plan, load_plan_file, publish_plan
from planwatch.services.projects import (
    COLUMNS,
    create_projects_from_plan,
    import_projects,
    list_projects,
    milestone_date,
)
from planwatch.services.regions import add_region
from planwatch.store import Store
from planwatch.store.tables import AuditEntry, PlanVersion
from planwatch.store.work_tables import Project, ProjectStage

GOLD = Path(__file__).parents[1] / "gold"
CHAOHU = GOLD / "004_9bd38e287df014c8.json"  # 巢湖市, milestones with months and no years
ANQING = GOLD / "000_ed164e653cac975c.json"  # 安庆市, milestones with a year and no month
EXAMPLE = Path(str(resources.files("planwatch") / "data" / "example_projects.csv"))
HEADER = ",".join(COLUMNS) + "\n"


def _publish(store: Store, key: str, plan: PlanModel) -> None:
    with store.transaction() as session:
        import_plan(session, plan=plan, key=key, source_file=f"{key}.json")
    with store.transaction() as session:
        publish_plan(session, key=key)


@pytest.fixture
def chaohu(store: Store) -> Store:
    """Plan 004 as `chaohu`, given an issue date of 2017-03-01 so milestone years are fixed."""
    plan = load_plan_file(CHAOHU)
    _publish(store, "chaohu", plan.model_copy(update={"meta": plan.meta.model_copy(update={"issue_date": "2017-03-01"})}))
    return store


def _counts(store: Store) -> tuple[int, int, int]:
    with store.transaction() as session:
        return tuple(session.scalar(select(func.count()).select_from(t)) or 0  # type: ignore[return-value]
                     for t in (Project, ProjectStage, AuditEntry))


def _by_name(store: Store, plan: str | None = None) -> dict[str, object]:
    with store.transaction() as session:
        return {p.facts.name: p for p in list_projects(session, plan=plan)}


def test_projects_from_milestones(chaohu: Store) -> None:
    with chaohu.transaction() as session:
        outcome = create_projects_from_plan(session, key="chaohu")
    assert (outcome.created, outcome.updated) == (7, 0)
    assert outcome.undated == ["南区集中供热: 完成"]  # 完成 names no stage: kept, without a date
    found = _by_name(chaohu)
    zhongcai = found["中材装配式建筑产业园项目"].facts  # type: ignore[attr-defined]
    assert (zhongcai.stage, zhongcai.planned_start, zhongcai.planned_completion) == ("储备", date(2017, 6, 30), None)
    pvb = found["PVB下游项目"].facts  # type: ignore[attr-defined]  # 建成投产 → 竣工 and 达产, 年底前 → December
    assert pvb.planned_completion == pvb.planned_production == date(2017, 12, 31)
    assert found["PVB下游项目"].region == "巢湖市"  # type: ignore[attr-defined]
    with chaohu.transaction() as session:
        again = create_projects_from_plan(session, key="chaohu")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 7)


def test_milestone_year_without_month_and_the_import_year_fallback(store: Store) -> None:
    _publish(store, "anqing", load_plan_file(ANQING))
    with store.transaction() as session:
        create_projects_from_plan(session, key="anqing")
    found = _by_name(store)
    assert found["跃迪新能源汽车项目"].facts.planned_start == date(2017, 12, 31)  # type: ignore[attr-defined]
    assert found["赛富新能源电池项目"].facts.planned_production == date(2017, 12, 31)  # type: ignore[attr-defined]
    plan = load_plan_file(CHAOHU)  # no issue date: the year the version was imported
    _publish(store, "nodate", plan)
    with store.transaction() as session:
        create_projects_from_plan(session, key="nodate")
        year = session.scalars(select(PlanVersion.created_at).order_by(PlanVersion.id.desc())).first().year  # type: ignore[union-attr]
    assert _by_name(store, "nodate")["中材装配式建筑产业园项目"].facts.planned_start == date(year, 6, 30)  # type: ignore[attr-defined]


def test_unpublished_plan_is_reported(store: Store) -> None:
    with pytest.raises(NotFoundError, match="nowhere"), store.transaction() as session:
        create_projects_from_plan(session, key="nowhere")


def test_example_file_updates_by_plan_and_name(chaohu: Store) -> None:
    with chaohu.transaction() as session:
        create_projects_from_plan(session, key="chaohu")
    with chaohu.transaction() as session:
        outcome = import_projects(session, path=EXAMPLE)
    assert (outcome.created, outcome.updated) == (1, 6)
    found = _by_name(chaohu)
    assert len(found) == 8
    pvb = found["PVB下游项目"].facts  # type: ignore[attr-defined]
    assert (pvb.stage, pvb.planned_investment, pvb.actual_production) == ("达产", 20000, date(2017, 12, 20))
    with chaohu.transaction() as session:
        assert import_projects(session, path=EXAMPLE).unchanged == 7
        audits = session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.entity == "projects"))
    assert audits == 7 + 7  # 7 from the plan, 1 create + 6 updates from the file, nothing for no change


BAD_ROWS = [
    "nowhere,甲项目,,,,,,,,,,,",  # 2 unknown plan
    "chaohu,乙项目,,火星市,,,,,,,,,",  # 3 unknown region
    "chaohu,丙项目,,,,,开挖,,,,,,",  # 4 bad stage
    "chaohu,丁项目,,,十亿,,,,,,,,",  # 5 non-numeric investment
    "chaohu,戊项目,,,,,,2017-13-01,,,,,",  # 6 bad date
    "chaohu,己项目,,,100,,,,,,,,",  # 7 good
    "chaohu,己项目,,,200,,,,,,,,",  # 8 duplicate of row 7
    "chaohu,,,,,,,,,,,,",  # 9 no name
    "chaohu,庚项目,,,100,,,2017/6/30,2017-05-20 00:00:00,,,,",  # 10 good: other date spellings
]


def test_bad_file_reports_every_row_and_writes_nothing(chaohu: Store, tmp_path: Path) -> None:
    before = _counts(chaohu)
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "\n".join(BAD_ROWS) + "\n", encoding="utf-8")
    with pytest.raises(ValidationError) as caught, chaohu.transaction() as session:
        import_projects(session, path=bad)
    problems = caught.value.problems
    for line, words in [(2, "nowhere"), (3, "火星市"), (4, "开挖"), (5, "十亿"), (6, "2017-13-01"),
                        (8, "duplicate of row 7"), (9, "name: empty")]:
        assert any(p.startswith(f"row {line}:") and words in p for p in problems), (line, problems)
    assert not any(p.startswith(("row 7:", "row 10:")) for p in problems)
    assert str(bad) in str(caught.value)
    assert _counts(chaohu) == before


def test_xlsx_file(chaohu: Store, tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(COLUMNS))
    sheet.append(["chaohu", "新材料项目", "某公司", "巢湖市", 1200.0, 300, "新建", date(2018, 3, 31), date(2018, 4, 2)])
    path = tmp_path / "projects.xlsx"
    book.save(path)
    with chaohu.transaction() as session:
        assert import_projects(session, path=path).created == 1
    facts = _by_name(chaohu)["新材料项目"].facts  # type: ignore[attr-defined]
    assert (facts.planned_investment, facts.actual_start, facts.stage) == (1200, date(2018, 4, 2), "新建")


def test_milestone_date_is_the_end_of_the_month() -> None:
    plan = load_plan_file(CHAOHU)
    assert milestone_date(plan.milestones[0], default_year=2016) == date(2016, 6, 30)


def test_commands_and_rates_end_to_end(db_url: str) -> None:
    run = CliRunner().invoke
    db = ["--db", db_url]
    assert run(main, ["import", str(CHAOHU), "--key", "chaohu", *db]).exit_code == 0
    assert run(main, ["publish", "chaohu", *db]).exit_code == 0
    assert "7 created" in run(main, ["projects-from-plan", "chaohu", *db]).output
    assert "1 created, 6 updated" in run(main, ["projects-import", str(EXAMPLE), *db]).output
    listing = run(main, ["projects", "--plan", "chaohu", *db]).output.splitlines()
    assert len(listing) == 9 and listing[0].startswith("plan\tname\tstage")
    args = ["projects", "--rates", "--from", "2017-01-01", "--to", "2017-12-31", "--as-of", "2018-01-15"]
    report = json.loads(run(main, [*args, "--format", "json", *db]).output)
    parts = {k: (v["numerator"], v["denominator"]) for k, v in report["rates"].items()}
    assert parts == {"开工率": (3, 4), "竣工率": (2, 3), "达产率": (1, 3), "转化率": (4, 7),
                     "投资完成率": (37000, 56000)}  # the 2017 annual plans of the file
    assert report["三未"] == {"立项未开工": [], "开工未建设": ["五万吨镁基轻合金新材料项目"],
                            "建设未竣工": ["精密压铸件项目"]}
    table = run(main, [*args, *db]).output
    assert "开工率\t75" in table and "% (3/4)" in table
    empty = run(main, ["projects", "--rates", "--from", "2030-01-01", "--to", "2030-12-31", *db]).output
    assert "开工率\t— (0/0)" in empty
    bad = run(main, ["projects-import", str(GOLD / "missing.csv"), *db])
    assert bad.exit_code == 2 and "no such file" in bad.output


def test_a_project_region_must_be_inside_the_plans(chaohu: Store, tmp_path: Path) -> None:
    """Bugs caught: 合肥县 was taken for 合肥市, and a project of the 巢湖市 plan could be in 南京市."""
    with chaohu.transaction() as session:
        add_region(session, name="居巢经开区", parent="巢湖市")
    rows = ["chaohu,甲项目,,合肥县,,,,,,,,,",  # 2 no such region
            "chaohu,乙项目,,南京市,,,,,,,,,",  # 3 outside the plan's 巢湖市
            "chaohu,丙项目,,合肥市,,,,,,,,,",  # 4 the parent is not inside either
            "chaohu,丁项目,,居巢经开区,,,,,,,,,",  # 5 a zone of 巢湖市: fine
            "chaohu,戊项目,,巢湖,,,,,,,,,"]  # 6 the plan's region by its short name: fine
    bad = tmp_path / "regions.csv"
    bad.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(ValidationError) as caught, chaohu.transaction() as session:
        import_projects(session, path=bad)
    problems = caught.value.problems
    assert [p.split(":")[0] for p in problems] == ["row 2", "row 3", "row 4"]
    assert "合肥县" in problems[0] and "南京市" in problems[1] and "巢湖市" in problems[1]
    good = tmp_path / "good.csv"
    good.write_text(HEADER + "\n".join(rows[3:]) + "\n", encoding="utf-8")
    with chaohu.transaction() as session:
        assert import_projects(session, path=good).created == 2
    assert _by_name(chaohu)["丁项目"].region == "居巢经开区"  # type: ignore[attr-defined]


def test_dates_as_people_and_excel_write_them(chaohu: Store, tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(COLUMNS))
    sheet.append(["chaohu", "新材料项目", "", "", "", "", "新建", datetime(2018, 3, 1), "2018年4月2日",
                  "2019年6月", "2019/12/31"])
    sheet["H2"].number_format = 'yyyy"年"m"月"'  # shown as 2018年3月: the month's end, as for milestones
    path = tmp_path / "projects.xlsx"
    book.save(path)
    with chaohu.transaction() as session:
        assert import_projects(session, path=path).created == 1
    facts = _by_name(chaohu)["新材料项目"].facts  # type: ignore[attr-defined]
    assert (facts.planned_start, facts.actual_start, facts.planned_completion, facts.actual_completion) == (
        date(2018, 3, 31), date(2018, 4, 2), date(2019, 6, 30), date(2019, 12, 31))
