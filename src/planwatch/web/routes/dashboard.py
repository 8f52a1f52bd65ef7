"""首页: the dashboard of the user's scope (a reporter's: 我的任务)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from planwatch.services.overview import overview
from planwatch.web.deps import Who, unit_of_work
from planwatch.web.pages import twin

router = APIRouter()


@router.get("/", include_in_schema=False)
def home() -> RedirectResponse:
    return RedirectResponse("/dashboard", status_code=303)


@twin(router, "/dashboard", "dashboard.html")
def dashboard(request: Request, who: Who, as_of: date | None = None) -> dict[str, Any]:
    """Plans with status counts, drafts awaiting review, overdue tasks, the latest figures."""
    day = as_of or date.today()
    with unit_of_work(request, who) as s:
        view = overview(s, who=who, as_of=day)
    return {"as_of": day, "plans": [asdict(c) for c in view.plans], "drafts": [asdict(c) for c in view.drafts],
            "task_colours": view.task_colours, "overdue": [t.as_dict() for t in view.overdue],
            "recent": view.recent, "my_tasks": [t.as_dict() for t in view.my_tasks]}
