"""Status of one target: hand-computed cases (tests/progress/status.yaml) and properties."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from planwatch.progress.status import DATA_LAG_MONTHS, STATUS_LABELS, Point, TargetSpec, evaluate, position

CASES = yaml.safe_load((Path(__file__).parent / "status.yaml").read_text(encoding="utf-8"))["cases"]


def _spec(raw: dict[str, Any]) -> TargetSpec:
    raw = dict(raw)
    base = raw.pop("baseline", None)
    return TargetSpec(**raw, baseline=Point(*base) if base else None)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["name"][:50])
def test_hand_computed(case: dict[str, Any]) -> None:
    got = evaluate(
        _spec(case["target"]),
        [Point(*p) for p in case["points"]],
        as_of=date.fromisoformat(case["as_of"]),
        method=case.get("method", "cagr"),
        lag_months=case.get("lag_months", DATA_LAG_MONTHS),
    )
    for field, want in case["expect"].items():
        value = getattr(got, field)
        if field in ("latest", "baseline") and isinstance(want, list):
            assert value == Point(*want), (field, got)
        elif isinstance(want, (int, float)) and not isinstance(want, bool):
            assert value == pytest.approx(want, abs=1e-3), (field, got)
        else:
            assert value == want, (field, got)
    assert got.status_label == STATUS_LABELS[got.status]


def test_every_status_has_a_hand_computed_case() -> None:
    assert {c["expect"]["status"] for c in CASES if "status" in c["expect"]} == set(STATUS_LABELS)


def test_every_comparator_has_a_case() -> None:
    assert {c["target"].get("comparator", "=") for c in CASES} == {"=", ">=", "<=", "~", "range"}


def test_latest_keeps_its_period_label() -> None:
    got = evaluate(TargetSpec(value=200, year=2020), [Point(2018.75, 150, "2019-09"), Point(2018, 120, "2018")],
                   as_of=date(2019, 11, 1))
    assert got.latest == Point(2018.75, 150, "2019-09")
    assert got.baseline == Point(2018, 120, "2018")


def test_position_of_dates() -> None:
    assert position(date(2020, 12, 31)) == 2020.0
    assert position(date(2020, 6, 30)) == 2019.5
    assert position(date(2020, 1, 1)) == pytest.approx(2019 + 1 / 372)


def test_unknown_method_and_comparator_are_refused() -> None:
    with pytest.raises(ValueError, match="method"):
        evaluate(TargetSpec(value=1, year=2020), [], as_of=date(2020, 1, 1), method="magic")
    with pytest.raises(ValueError, match="comparator"):
        evaluate(TargetSpec(value=1, year=2020, comparator="≥"), [], as_of=date(2020, 1, 1))


finite = st.floats(allow_nan=False, allow_infinity=False)
small = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


@given(
    value=st.one_of(small, finite),
    base=st.one_of(st.none(), st.tuples(st.floats(2000, 2030), st.one_of(small, finite))),
    points=st.lists(st.tuples(st.floats(2000, 2035), st.one_of(small, finite)), max_size=6),
    year=st.integers(2000, 2035),
    comparator=st.sampled_from(["=", ">=", "<=", "~", "range"]),
    change=st.sampled_from([None, "increase", "decrease"]),
    flags=st.tuples(st.booleans(), st.booleans(), st.booleans()),
    direction=st.sampled_from([1, -1]),
    method=st.sampled_from(["cagr", "escap", "elapsed"]),
    as_of=st.dates(date(2000, 1, 1), date(2040, 12, 31)),
    more=st.tuples(st.sampled_from([None, "annual"]), st.integers(0, 24), st.none() | st.integers(2000, 2035),
                   st.sampled_from(["", "2019", "2019年1-9月", "2019-Q3", "2019H1", "x"])),
)
def test_never_crashes_on_finite_inputs(
    value: float, base: tuple[float, float] | None, points: list[tuple[float, float]], year: int, comparator: str,
    change: str | None, flags: tuple[bool, bool, bool], direction: int, method: str, as_of: date,
    more: tuple[str | None, int, int | None, str],
) -> None:
    annual, percent, cumulative = flags
    flow, lag, start, label = more
    spec = TargetSpec(value=value, year=year, comparator=comparator, value_max=value + 1, change=change,
                      annual=annual, percent=percent, cumulative=cumulative, direction=direction,
                      baseline=Point(*base) if base is not None else None, flow=flow, plan_start=start)
    got = evaluate(spec, [Point(a, v, label) for a, v in points], as_of=as_of, method=method, lag_months=lag)
    assert got.status in STATUS_LABELS
    for number in (got.achievement, got.elapsed, got.ratio, got.forecast, got.target_level, got.actual_change,
                   got.covered, got.gap):
        assert number is None or math.isfinite(number)
    if got.status in ("missed", "awaiting"):
        assert got.year is not None and position(as_of) > got.year
