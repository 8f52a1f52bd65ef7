"""Where a series is heading: a least-squares line through the observed points.

Positions are fractional years (`periods.position`), so a forecast "at the target year" is
the line's value at `year` (the end of that year). Linear, not compound: with few annual
points a straight line is the least surprising guess, and planners can check it by hand.
"""

from __future__ import annotations

from collections.abc import Sequence


def linear_forecast(points: Sequence[tuple[float, float]], at: float) -> float | None:
    """Value of the least-squares line through `points` at position `at`; None with fewer
    than two distinct positions (a line needs two).

    >>> linear_forecast([(2015, 100), (2016, 110), (2017, 120)], 2020)
    150.0
    >>> linear_forecast([(2015, 100)], 2020) is None
    True
    """
    if len({x for x, _ in points}) < 2:
        return None
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    sxy = sum((x - mx) * (y - my) for x, y in points)
    if sxx == 0:  # positions too close to tell apart in floating point
        return None
    slope = sxy / sxx
    return round(my + slope * (at - mx), 6)
