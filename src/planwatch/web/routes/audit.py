"""审计日志: who changed what and when (entity, before, after), filterable by entity, user
and date, in the user's scope: admins see every row, planners the rows about their region
subtree; reporters and viewers may not read it (`services.audit_log`)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request

from planwatch.errors import ValidationError
from planwatch.services.audit_log import ENTITY_LABELS, audit_page
from planwatch.web.deps import Who, unit_of_work
from planwatch.web.pages import twin

router = APIRouter()

Text = Annotated[str | None, Query(max_length=64)]
Day = Annotated[str | None, Query(max_length=10, alias="from")]
DayTo = Annotated[str | None, Query(max_length=10, alias="to")]
PageNo = Annotated[int, Query(ge=1, le=1_000_000)]


def _day(text: str | None, name: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError(name, [f"{text!r}: a date such as 2025-12-31"]) from None


@twin(router, "/admin/audit", "audit.html")
def audit_log(request: Request, who: Who, entity: Text = None, actor: Text = None, date_from: Day = None,
              date_to: DayTo = None, page: PageNo = 1) -> dict[str, Any]:
    """Audit rows newest first (50 a page): when, who, entity, action, region, before and after."""
    start, end = _day(date_from, "from"), _day(date_to, "to")
    with unit_of_work(request, who) as s:
        found = audit_page(s, who=who, entity=entity or None, actor=actor or None, date_from=start, date_to=end,
                           page=page)
    filters = {"entity": entity or "", "actor": actor or "", "from": date_from or "", "to": date_to or ""}
    query = urlencode({k: v for k, v in filters.items() if v})
    return {"rows": [r.__dict__ | {"changes": [c.__dict__ for c in r.changes]} for r in found.rows],
            "total": found.total, "page": found.page, "pages": found.pages, "entities": found.entities,
            "actors": found.actors, "labels": ENTITY_LABELS, "filters": filters, "query": query}
