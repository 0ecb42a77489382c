"""The REST docs page (Swagger UI) served from the package: its script, style and icon are files
under `vextrus/web/static/swagger-ui/` (swagger-ui-dist, Apache 2.0, see its README.md), so the
page works offline and nothing is fetched from a CDN at run time."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

DOCS_URL = "/api/v1/docs"
ASSETS = "/static/swagger-ui"


def router(openapi_url: str) -> APIRouter:
    r = APIRouter()

    @r.get(DOCS_URL, include_in_schema=False)
    def api_docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=openapi_url, title="Vextrus API", swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS}/swagger-ui.css", swagger_favicon_url=f"{ASSETS}/favicon-32x32.png",
            swagger_ui_parameters={"validatorUrl": None})  # no badge fetched from validator.swagger.io

    return r
