"""One router per page group; `ROUTERS` is the order they are mounted in."""

from __future__ import annotations

from fastapi import APIRouter

from planwatch.web.routes import admin, api, auth, dashboard, health, plans

ROUTERS: tuple[APIRouter, ...] = (health.router, auth.router, dashboard.router, plans.router, admin.router,
                                  api.router)
