"""`create_app(settings)`: the whole web application as one value, built by a function so
that tests, `planwatch serve` and a production ASGI server all build it the same way.

Nothing connects at import time; the store is opened (and its schema upgraded) here.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from planwatch.config import Settings
from planwatch.services.auth import hasher
from planwatch.store import Store, open_store
from planwatch.web import errors
from planwatch.web.guard import BodyLimit, CrossOriginGuard
from planwatch.web.routes import ROUTERS

STATIC = Path(__file__).parent / "static"


def create_app(settings: Settings, *, store: Store | None = None) -> FastAPI:
    """The application over `settings.database_url` (or an already opened `store`)."""
    app = FastAPI(title="planwatch", version="0.1.0", docs_url=None, redoc_url=None, openapi_url="/api/openapi.json",
                  description="规划实施监测 planwatch: plans, indicators, status and tasks as JSON. Log in with "
                              "`POST /api/login`, then send `Authorization: Bearer TOKEN`.")
    app.state.settings = settings
    app.state.store = store or open_store(settings)
    app.state.hasher = hasher(settings.argon2_time_cost, settings.argon2_memory_kib)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for router in ROUTERS:
        app.include_router(router)

    @app.get("/api/docs", include_in_schema=False)
    def api_docs(request: Request) -> HTMLResponse:
        """Swagger UI from the vendored files (FastAPI's default loads it from a CDN)."""
        return get_swagger_ui_html(openapi_url="/api/openapi.json", title="planwatch API",
                                   swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
                                   swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
                                   swagger_favicon_url="/static/favicon.svg")

    errors.install(app)
    app.add_middleware(BodyLimit, limit=int(settings.max_upload_mb * 1_000_000))
    app.add_middleware(CrossOriginGuard)
    return app
