"""The suite's own settings, which keep `make test` from failing on a slow machine."""

from __future__ import annotations

from hypothesis import settings


def test_property_tests_have_no_wall_clock_deadline() -> None:
    assert settings.default.deadline is None
