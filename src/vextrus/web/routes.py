"""Shell pages: home (what this company has), system status, language switch."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import func, select

from vextrus import __version__
from vextrus.platform import context, runtime
from vextrus.platform.http import readiness
from vextrus.platform.tables import Tenant
from vextrus.platform.ui import LANG_COOKIE, render

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    rt = runtime.current()
    with rt.session_factory() as s:
        tenant = s.get(Tenant, context.current().tenant_id) if context.current().tenant_id else None
        tenants = s.execute(select(func.count()).select_from(Tenant)).scalar_one()
    return render(request, "home.html", tenant=tenant, tenant_count=tenants, version=__version__)


@router.get("/status", response_class=HTMLResponse)
def status(request: Request) -> HTMLResponse:
    checks = readiness()
    ok = all(c["status"] == "ok" for c in checks.values())
    return render(request, "status.html", checks=checks, ok=ok, version=__version__,
                  settings=runtime.current().settings)


@router.get("/lang/{code}")
def switch_language(code: str, request: Request) -> RedirectResponse:
    back = request.headers.get("referer") or "/"
    response = RedirectResponse(back, status_code=303)
    if code in ("en", "bn"):
        response.set_cookie(LANG_COOKIE, code, samesite="lax", max_age=365 * 86400)
    return response
