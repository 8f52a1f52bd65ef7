"""One router per page group; `ROUTERS` is the order they are mounted in."""

from __future__ import annotations

from fastapi import APIRouter

from planwatch.web.routes import (
    admin,
    api,
    assessment,
    audit,
    auth,
    circular,
    compare,
    dashboard,
    duban,
    entry,
    health,
    indicators,
    plans,
    projects,
    review,
)

ROUTERS: tuple[APIRouter, ...] = (health.router, auth.router, dashboard.router, plans.router, review.router,
                                  indicators.router, entry.router, duban.router, projects.router,
                                  assessment.router, audit.router, circular.router, compare.router,
                                  admin.router, api.router)
