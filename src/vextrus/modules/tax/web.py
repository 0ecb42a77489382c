"""Pages of tax (thin: the service decides everything)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from vextrus.platform import clock
from vextrus.platform.ui import render

from . import service

router = APIRouter(prefix="/tax", include_in_schema=False)


@router.get("", response_class=HTMLResponse)
def page(request: Request) -> HTMLResponse:
    on = clock.today()
    return render(request, "tax/index.html", codes=service.vat_codes(on), sections=service.withholding_sections(on),
                  on=on, form={}, result=None, error=None)
