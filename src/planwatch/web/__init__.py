"""The web workspace: `create_app(settings)` builds the FastAPI application.

Layout: `app.py` assembles it; `guard.py` the cross-site and upload-size guards;
`deps.py` the per-request user and store; `pages.py` the HTML page / JSON twin pair;
`errors.py` how domain errors become pages or JSON; `routes/` one module per page group;
`templates/` and `static/` (vendored htmx, ECharts and Swagger UI under `static/vendor`).
"""

from __future__ import annotations

from planwatch.web.app import create_app

__all__ = ["create_app"]
