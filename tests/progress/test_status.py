"""Status method on hand-computed cases (tests/corpus/status.yaml) and properties."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from planwatch.progress.status import STATUS_LABELS, Point, TargetSpec, evaluate, position

CASES = yaml.safe_load((Path(__file__).parents[1] / "corpus" / "status.yaml").read_text(encoding="utf-8"))["cases"]


def _spec(raw: dict[str, Any]) -> TargetSpec:
    raw = dict(raw)
    base = raw.pop("baseline", None)
    return TargetSpec(**raw, baseline=Point(*base) if base else None)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["name"][:40])
def test_hand_computed(case: dict[str, Any]) -> None:
    got = evaluate(
        _spec(case["target"]),
        [Point(at, v) for at, v in case["points"]],
        as_of=date.fromisoformat(case["as_of"]),
        method=case.get("method", "cagr"),
    )
    for field, want in case["expect"].items():
        value = getattr(got, field)
        if isinstance(want, float) or (isinstance(want, int) and not isinstance(value, str)):
            assert value == pytest.approx(want, abs=1e-3), (field, got)
        else:
            assert value == want, (field, got)
    assert got.status_label == STATUS_LABELS[got.status]


def test_position_of_dates() -> None:
    assert position(date(2020, 12, 31)) == pytest.approx(2020.0)
    assert position(date(2020, 1, 1)) == pytest.approx(2019 + 1 / 366)


def test_unknown_method_is_refused() -> None:
    with pytest.raises(ValueError, match="method"):
        evaluate(TargetSpec(value=1, year=2020), [], as_of=date(2020, 1, 1), method="magic")


finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


@given(
    value=finite,
    base=st.one_of(st.none(), finite),
    points=st.lists(st.tuples(st.integers(2010, 2030), finite), max_size=5),
    comparator=st.sampled_from(["=", ">=", "<=", "~", "range"]),
    change=st.sampled_from([None, "increase", "decrease"]),
    direction=st.sampled_from([1, -1]),
    method=st.sampled_from(["cagr", "escap", "elapsed"]),
)
def test_never_crashes(
    value: float, base: float | None, points: list[tuple[int, float]], comparator: str, change: str | None,
    direction: int, method: str,
) -> None:
    spec = TargetSpec(value=value, year=2025, comparator=comparator, value_max=value + 1, change=change,
                      direction=direction, baseline=Point(2015, base) if base is not None else None)
    got = evaluate(spec, [Point(float(a), v) for a, v in points], as_of=date(2022, 6, 30), method=method)
    assert got.status in STATUS_LABELS
