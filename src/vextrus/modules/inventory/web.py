"""Pages of inventory (thin: the service decides everything)."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from vextrus.platform.errors import DomainError
from vextrus.platform.ui import error_text, render

from . import service
from .schemas import NoteInput

router = APIRouter(prefix="/inventory", include_in_schema=False)


@router.get("", response_class=HTMLResponse)
def page(request: Request) -> HTMLResponse:
    return render(request, "inventory/index.html", notes=service.list_notes().items, error=None, form={})


@router.post("/notes")
def create(request: Request, code: str = Form(""), title: str = Form(""), title_bn: str = Form("")) -> Response:
    form = {"code": code, "title": title, "title_bn": title_bn}
    try:
        service.create_note(NoteInput(**form))
    except DomainError as exc:
        return render(request, "inventory/index.html", status_code=422, notes=service.list_notes().items,
                      error=error_text(request, exc), form=form)
    return RedirectResponse("/inventory", status_code=303)
