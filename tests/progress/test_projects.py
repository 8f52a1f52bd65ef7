"""四督四保 rates and 三未 lists on a hand-computed set of six projects, and empty denominators."""

from __future__ import annotations

from datetime import date

import pytest

from planwatch.errors import ValidationError
from planwatch.progress.projects import (
    ProjectFacts,
    investment_rate,
    parse_stage,
    project_rates,
    step_rate,
    three_nots,
)

START, END, AS_OF = date(2019, 1, 1), date(2019, 6, 30), date(2019, 7, 1)
PROJECTS = [
    ProjectFacts("A", "新建", planned_investment=100, completed_investment=40,
                 planned_start=date(2019, 3, 1), actual_start=date(2019, 2, 10), planned_completion=date(2019, 6, 30)),
    ProjectFacts("B", "储备", planned_investment=200, planned_start=date(2019, 5, 1)),
    ProjectFacts("C", "新建", planned_investment=50, completed_investment=0, from_reserve=True,
                 planned_start=date(2018, 10, 1), actual_start=date(2019, 1, 15)),
    ProjectFacts("D", "新建", planned_start=date(2019, 6, 30), actual_start=date(2019, 7, 5)),
    ProjectFacts("E", "达产", planned_investment=300, completed_investment=300,
                 actual_start=date(2017, 3, 1), planned_completion=date(2018, 12, 31),
                 actual_completion=date(2018, 12, 1), planned_production=date(2019, 3, 31),
                 actual_production=date(2019, 4, 10)),
    ProjectFacts("F", "储备", planned_investment=0),
]


def _parts(rate: object) -> tuple[float, float, tuple[str, ...]]:
    return rate.numerator, rate.denominator, rate.pending  # type: ignore[attr-defined]


def test_start_rate_counts_planned_projects_started_by_period_end() -> None:
    # planned in the period: A, B, D (30 June is inside); started by 30 June: A only (D on 5 July)
    rates = project_rates(PROJECTS, start=START, end=END)
    assert _parts(rates.started) == (1, 3, ("B", "D"))


def test_completion_and_production_rates() -> None:
    rates = project_rates(PROJECTS, start=START, end=END)
    assert _parts(rates.completed) == (0, 1, ("A",))  # A planned for 30 June, not done
    assert _parts(rates.producing) == (1, 1, ())  # E: late (10 April) but within the period


def test_conversion_rate() -> None:
    # reserve pool on 1 January: B, F (储备) and C (from the 储备库, started 15 January); started: C
    rate = project_rates(PROJECTS, start=START, end=END).converted
    assert _parts(rate) == (1, 3, ("B", "F"))
    assert rate.label() == "33.3% (1/3)"


def test_investment_rate_over_projects_with_a_planned_figure() -> None:
    rate = investment_rate(PROJECTS)  # (40 + 0 + 0 + 300) / (100 + 200 + 50 + 300); D and F have none
    assert _parts(rate) == (340, 650, ("A", "B", "C"))


def test_three_nots() -> None:
    nots = three_nots(PROJECTS, as_of=AS_OF)
    assert nots.approved_not_started == ("D",)  # B is 储备: not approved, so not 立项未开工
    assert nots.started_not_building == ("C",)  # started 167 days ago, nothing invested
    assert nots.building_not_completed == ("A",)
    assert nots.days["approved_not_started"] == {"D": 1}


def test_a_planned_date_is_not_passed_on_its_own_day() -> None:
    nots = three_nots(PROJECTS, as_of=date(2019, 6, 30))
    assert nots.approved_not_started == () and nots.building_not_completed == ()


def test_as_of_cuts_the_period_short() -> None:
    assert _parts(project_rates(PROJECTS, start=START, end=END, as_of=date(2019, 2, 1)).started)[:2] == (0, 3)
    due = project_rates(PROJECTS, start=START, end=END, as_of=date(2019, 3, 15), due_only=True)
    assert _parts(due.started) == (1, 1, ())  # only A was due by 15 March


def test_empty_denominators_are_none_and_shown_as_a_dash() -> None:
    rates = project_rates([], start=START, end=END)
    for rate in (rates.started, rates.completed, rates.producing, rates.converted, rates.investment):
        assert rate.value is None and rate.label() == "— (0/0)"
    nothing_planned = project_rates(PROJECTS, start=date(2030, 1, 1), end=date(2030, 12, 31))
    assert nothing_planned.started.value is None and nothing_planned.investment.value is not None
    assert three_nots([], as_of=AS_OF).approved_not_started == ()


def test_unplanned_starts_do_not_push_a_rate_past_one() -> None:
    extra = [*PROJECTS, ProjectFacts("G", "新建", actual_start=date(2019, 2, 1))]
    assert _parts(project_rates(extra, start=START, end=END).started)[:2] == (1, 3)


def test_stage_names_and_aliases() -> None:
    assert [parse_stage(s) for s in ("储备", "新开工", "在建", "completed", "已达产")] == ["储备", "新建", "续建", "竣工", "达产"]
    with pytest.raises(ValidationError, match="stage '开发'"):
        parse_stage("开发")
    with pytest.raises(ValueError, match="step"):
        step_rate(PROJECTS, "design", start=START, end=END)
    with pytest.raises(ValidationError, match="before it starts"):
        project_rates(PROJECTS, start=END, end=START)


def test_grace_days_and_explicit_approval() -> None:
    assert three_nots(PROJECTS, as_of=AS_OF, grace_days=200).started_not_building == ()  # C: 167 days
    approved_reserve = ProjectFacts("H", "储备", approved=True, planned_start=date(2019, 3, 1))
    assert three_nots([approved_reserve], as_of=AS_OF).approved_not_started == ("H",)
