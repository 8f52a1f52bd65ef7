"""指标: one tracked indicator of a plan — chart, figures with sources, the sentence it came
from, allocations to sub-regions, and how its status was decided."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request

from planwatch.services import access
from planwatch.services.page_cache import cached
from planwatch.services.plan_detail import PROGRESS_UNAFFECTED
from planwatch.services.plans import get_plan
from planwatch.web.deps import Who, settings_of, unit_of_work
from planwatch.web.filters import AsOfParam, MethodParam, RegionParam, read_filters
from planwatch.web.pages import twin
from planwatch.web.views import indicator_view, progress_key

router = APIRouter()

# Ids are database integers: a larger number is no indicator (422), not an overflow (500).
IndicatorId = Annotated[int, Path(ge=1, le=2_147_483_647, description="the indicator's id (`planwatch status`)")]


@twin(router, "/plans/{key}/indicators/{indicator_id}", "indicator.html")
def indicator_page(request: Request, who: Who, key: str, indicator_id: IndicatorId, region: RegionParam = None,
                   as_of: AsOfParam = None, method: MethodParam = None) -> dict[str, Any]:
    """An indicator: its figures by region, status per region with the reason, allocations, source sentence."""
    with unit_of_work(request, who) as s:
        plan = access.require_plan(s, who, get_plan(s, key=key))
        filters = read_filters(s, region=region, as_of=as_of, method=method, plan_region_id=plan.region_id,
                               today=date.today(), lag_months=settings_of(request).data_lag_months)
        return cached(s, key=progress_key("indicator", plan.key, who, filters, indicator_id),
                      compute=lambda: indicator_view(s, plan, who=who, indicator_id=indicator_id, filters=filters),
                      unaffected=PROGRESS_UNAFFECTED)
