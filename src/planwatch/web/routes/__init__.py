"""One router per page group; `ROUTERS` is the order they are mounted in."""

from __future__ import annotations

from fastapi import APIRouter

from planwatch.web.routes import admin, api, auth, dashboard, health, indicators, plans, review

ROUTERS: tuple[APIRouter, ...] = (health.router, auth.router, dashboard.router, plans.router, review.router,
                                  indicators.router, admin.router, api.router)
