"""首页: the dashboard of the user's scope (a reporter's: 我的任务)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from planwatch.services.overview import DASHBOARD_UNAFFECTED, overview
from planwatch.services.page_cache import cached
from planwatch.web.deps import Who, settings_of, unit_of_work
from planwatch.web.pages import twin
from planwatch.web.views import dashboard_view

router = APIRouter()


@router.get("/", include_in_schema=False)
def home() -> RedirectResponse:
    return RedirectResponse("/dashboard", status_code=303)


@twin(router, "/dashboard", "dashboard.html")
def dashboard(request: Request, who: Who, as_of: date | None = None) -> dict[str, Any]:
    """Plans with status counts (and their chart), drafts awaiting review, overdue tasks, the latest figures;
    a reporter's own tasks."""
    day = as_of or date.today()
    lag = settings_of(request).data_lag_months
    # The dashboard depends on the user's scope, not the user: one cached page per scope and day.
    key = f"dashboard|{who.role}|{who.region_id}|{who.department_id}|{day.isoformat()}|{lag}"
    with unit_of_work(request, who) as s:
        return cached(s, key=key, compute=lambda: dashboard_view(overview(s, who=who, as_of=day, lag_months=lag),
                                                                 as_of=day), unaffected=DASHBOARD_UNAFFECTED)
