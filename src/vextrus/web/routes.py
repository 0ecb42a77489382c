"""Shell pages: home (what this company has), system status, language switch."""

from __future__ import annotations

import structlog
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from vextrus import __version__
from vextrus.platform import context, runtime
from vextrus.platform.errors import DomainError
from vextrus.platform.http import readiness
from vextrus.platform.modules import HomeCard
from vextrus.platform.tables import Tenant
from vextrus.platform.ui import LANG_COOKIE, render

router = APIRouter(include_in_schema=False)
log = structlog.get_logger("vextrus.web")


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    rt = runtime.current()
    ctx = context.current()
    with rt.session_factory() as s:
        tenant = s.get(Tenant, ctx.tenant_id) if ctx.tenant_id else None
    return render(request, "home.html", tenant=tenant, cards=home_cards() if tenant else [], version=__version__)


def home_cards() -> list[HomeCard]:
    """Each module's figures for the signed-in user; a module that fails or is not allowed
    simply shows nothing, so one module cannot break the home page."""
    cards: list[HomeCard] = []
    for m in runtime.current().registry.modules:
        if not m.home:
            continue
        try:
            cards.extend(m.load(m.home)() or [])
        except DomainError:
            continue
        except Exception:
            log.exception("home cards failed", module=m.name)
    return cards


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
