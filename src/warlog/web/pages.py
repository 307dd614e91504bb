"""The web app of ``warlog serve``: ``index.html`` at ``/`` and the static assets under ``/static``.

The app is plain ES modules and CSS (``web/static``) plus third-party libraries in ``web/static/vendor``,
built by ``web/build.mjs`` from the npm lockfile, committed, and shipped inside the wheel and the sdist
(a user's ``pip install .`` has no Node; ``bash scripts/build-web.sh`` rebuilds them). Nothing
is fetched from elsewhere: the machines it runs on are often offline, and the API's
Content-Security-Policy (``default-src 'self'``) only lets the page load what this server serves.
The page reads everything through the JSON API; this module only serves files.
"""

from __future__ import annotations

import logging
from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

STATIC_DIR = Path(str(files("warlog.web") / "static"))
VENDOR_PROBE = STATIC_DIR / "vendor" / "leaflet.js"

log = logging.getLogger(__name__)


def mount_pages(app: FastAPI) -> None:
    """Serve the web app at ``/`` and its files at ``/static`` on ``app``."""
    if not VENDOR_PROBE.is_file():
        log.warning("warlog web: %s is missing (an incomplete install?): the app runs without its map",
                    VENDOR_PROBE.parent)  # fmt: skip
    index = STATIC_DIR / "index.html"

    @app.get("/", include_in_schema=False)
    def home() -> FileResponse:
        return FileResponse(
            index, media_type="text/html; charset=utf-8", headers={"Cache-Control": "no-cache"}
        )

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
