"""UI pages: settings with inline editing, feature flags with toggles (htmx)."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse

from vextrus.platform.errors import DomainError
from vextrus.platform.ui import error_text, render

from . import service

router = APIRouter(prefix="/configuration", include_in_schema=False)


@router.get("", response_class=HTMLResponse)
def page(request: Request) -> HTMLResponse:
    return render(request, "configuration/index.html", settings=service.list_settings(),
                  flags=service.list_flags())


@router.post("/settings/{key}", response_class=HTMLResponse)
def save_setting(request: Request, key: str, value: str = Form(""), version: int = Form(0)) -> HTMLResponse:
    error = None
    try:
        view = service.set_setting(key, value, version)
    except DomainError as exc:
        error = error_text(request, exc)
        view = service.get_setting(key)
    return render(request, "configuration/_setting_row.html", s=view, error=error,
                  status_code=200 if error is None else 422)


@router.post("/flags/{key}/toggle", response_class=HTMLResponse)
def toggle_flag(request: Request, key: str) -> HTMLResponse:
    current = next(f for f in service.list_flags() if f.key == key)
    view = service.save_flag(key, not current.enabled, None, current.rollout_percent, current.starts_at,
                             current.ends_at, current.version)
    return render(request, "configuration/_flag_row.html", f=view)
