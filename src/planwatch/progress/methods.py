"""The three ways of judging a target that is neither met nor past due, as small formulas.

Each returns an *index* graded by the same thresholds (`grade`): ≥ 0.95 on track, ≥ 0.6
moderate, ≥ 0 limited, below 0 deterioration. They differ in what they compare:

* ``cagr`` — Open SDG / Statistics Canada: the growth rate so far against the growth rate
  needed, P = d·CAGR(y0→yc) / |CAGR(y0→yT)|. Fair to compounding series (output, revenue).
* ``escap`` — UN ESCAP current-status index I = d·(yc − y0)/|yT − y0| (the share of the
  way covered) divided by the share of the time passed, e. Works with zero and negative values.

Time is counted to the *measure point* (`timing.measured_at`): the end of the last year whose
figure is due by `as_of`, or the latest figure when newer — not merely to the latest figure,
so an old figure is judged against the time that has passed since.
* ``elapsed`` — 序时进度 for within-year running totals: the share of the annual target
  done (value/target) divided by the share of the year the figure covers.

Formulas, thresholds and worked examples: docs/methods.md.
"""

from __future__ import annotations

import math

ON_TRACK, MODERATE = 0.95, 0.6


def grade(index: float) -> str:
    """Status of an index: 1.0 means exactly the pace needed.

    >>> [grade(x) for x in (1.2, 0.95, 0.7, 0.6, 0.1, 0.0, -0.3)]
    ['on_track', 'on_track', 'moderate', 'moderate', 'limited', 'limited', 'deterioration']
    """
    if index >= ON_TRACK:
        return "on_track"
    if index >= MODERATE:
        return "moderate"
    return "limited" if index >= 0 else "deterioration"


def cagr(a: float, b: float, years: float) -> float | None:
    """Compound annual growth rate from a to b over `years`: (b/a)^(1/years) − 1.

    None where undefined (a or b zero or negative, no time between) or beyond floats.

    >>> round(cagr(100, 200, 5), 4)
    0.1487
    >>> cagr(0, 10, 5) is None, cagr(-1, 10, 5) is None, cagr(1, 10, 0) is None
    (True, True, True)
    """
    if a <= 0 or b <= 0 or years <= 0:
        return None
    exponent = (math.log(b) - math.log(a)) / years
    if exponent > 700:  # exp would overflow: no meaningful rate
        return None
    return math.expm1(exponent)


def cagr_ratio(y0: float, yc: float, yt: float, *, t0: float, tc: float, t: float, d: int,
               tm: float | None = None) -> tuple[float | None, str]:
    """P = d·CAGR(y0→yc over tm−t0) / |CAGR(y0→yT over T−t0)|, or None and why not. `tm` is
    the measure point (`timing.measured_at`: as of when the pace is judged), default the
    latest figure's position tc; the growth achieved is spread over the time that has passed.

    >>> p, why = cagr_ratio(100, 121, 200, t0=2015, tc=2017, t=2020, d=1); round(p, 3), why
    (0.673, '')
    >>> round(cagr_ratio(100, 121, 200, t0=2015, tc=2017, t=2020, d=1, tm=2018)[0], 3)  # a year on, no new figure
    0.441
    >>> cagr_ratio(0, 5, 10, t0=2015, tc=2017, t=2020, d=1)
    (None, 'zero or negative values')
    """
    if min(y0, yc, yt) <= 0:
        return None, "zero or negative values"
    span = (tc if tm is None else max(tm, tc)) - t0
    actual, needed = (cagr(y0, yc, span) if tc > t0 else None), cagr(y0, yt, t - t0)
    if actual is None or needed is None:
        return None, "no time between baseline and latest figure"
    if needed == 0:
        return None, "target equals the baseline"
    return d * actual / abs(needed), ""


def escap_index(y0: float, yc: float, yt: float, *, t0: float, tc: float, t: float, d: int,
                tm: float | None = None) -> tuple[float | None, str]:
    """I/e: I = d·(yc − y0)/|yT − y0| is the share of the way covered, e = (tm − t0)/(T − t0)
    the share of the time passed by the measure point `tm` (default the latest figure's
    position tc). 1.0 means exactly on schedule.

    >>> escap_index(100, 150, 200, t0=2015, tc=2017, t=2020, d=1)
    (1.25, '')
    >>> round(escap_index(100, 168, 200, t0=2016, tc=2020, t=2024, d=1, tm=2023)[0], 4)  # 68% of the way, 87.5% of the time
    0.7771
    >>> escap_index(10, 4, -20, t0=2015, tc=2020, t=2025, d=-1)  # negatives are fine here
    (0.4, '')
    """
    if t <= t0 or tc <= t0:
        return None, "no figure after the baseline"
    if yt == y0:
        return (-1.0 if d * (yc - y0) < 0 else None), "target equals the baseline"
    covered = d * (yc - y0) / abs(yt - y0)
    at = tc if tm is None else max(tm, tc)
    return covered / ((at - t0) / (t - t0)), ""


def elapsed_index(value: float, target: float, share: float, *, d: int) -> tuple[float | None, str]:
    """序时进度 index of a within-year running total: (value/target) ÷ share of the year for
    a higher-is-better total; share ÷ (value/target) for a ceiling (lower is better).

    >>> elapsed_index(60, 100, 0.75, d=1)[0]
    0.8
    >>> elapsed_index(60, 100, 0.75, d=-1)  # 60% of a ceiling used in 75% of the year
    (1.25, '')
    """
    if target == 0 or share <= 0:
        return None, "no target or no time elapsed"
    done = value / target
    if d > 0:
        return round(done / share, 12), ""
    if done <= 0:
        return math.inf, ""
    return share / done, ""
