"""Observations: values the plan states for past years (its baselines and achievements)."""

from __future__ import annotations

import re

from planwatch.extract.context import Context
from planwatch.extract.mentions import classify_mentions
from planwatch.model import Observation

_LEAD = re.compile(r"^(?:[^,;]*?(?:19|20)\d\d\s?年[,\s]*)?(?:全省|全市|全区|我省|我市)?")
_TAIL = re.compile(r"(?:由(?:19|20)\d\d\s?年的|达到|达|实现|为|分别上升至|上升至|上升到|提升到|提高到|增长|占|是)+$")


def find_observations(ctx: Context) -> list[Observation]:
    text = ctx.view.text
    out = []
    for m in classify_mentions(ctx):
        if m.kind != "observation":
            continue
        left = text[m.clause[0] : m.q.start]
        metric = _TAIL.sub("", _LEAD.sub("", left)).strip() or None
        out.append(
            Observation(
                **ctx.sourced(m.clause[0], m.q.end),
                metric=metric,
                value=m.q.value,
                unit=m.q.unit,
                year=m.year,
            )
        )
    return out
