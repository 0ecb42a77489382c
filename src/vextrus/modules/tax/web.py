"""The /tax page: VAT, VDS and withholding calculators (htmx GET, no state changes) with the rule and its
source, and the VAT codes and withholding sections in force (thin: the service checks, the domain computes)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from vextrus.platform import clock, forms
from vextrus.platform.errors import DomainError
from vextrus.platform.request_bounds import FormBody
from vextrus.platform.ui import error_text, render

from . import service
from .schemas import VatRateInput

router = APIRouter(prefix="/tax", include_in_schema=False)


def _page(request: Request, status_code: int = 200, **values: Any) -> HTMLResponse:
    on = clock.today()
    values = {"kind": None, "result": None, "error": None, "error_field": None, "form": {}, "rate_form": {},
              "rate_error": None, "rate_error_field": None, **values}
    return render(request, "tax/index.html", status_code=status_code, codes=service.vat_codes(on),
                  sections=service.withholding_sections(on), own_rates=service.list_vat_rates(), today=on, **values)


@router.get("", response_class=HTMLResponse)
def page(request: Request) -> HTMLResponse:
    return _page(request)


def _day(form: Any) -> date:
    return forms.day(form.get("date"), "date", label="Date", label_bn="তারিখ", required=True)  # type: ignore[return-value]


def _amount(form: Any, field: str, label: str, label_bn: str, required: bool = True) -> Any:
    return forms.decimal(form.get(field), field, label=label, label_bn=label_bn, required=required)


def _compute(kind: str, form: Any) -> Any:
    if kind == "vat":
        return service.vat(str(form.get("code") or ""), _amount(form, "amount", "Amount", "পরিমাণ"), _day(form),
                           form.get("inclusive") in ("on", "true", "1"))
    if kind == "withholding":
        return service.withholding(str(form.get("section") or ""), _amount(form, "base", "Base", "ভিত্তি"),
                                   _day(form), form.get("no_tin") not in ("on", "true", "1"))
    return service.vds(str(form.get("code") or ""),
                       _amount(form, "invoice_total", "Invoice total", "চালানের মোট"),
                       _amount(form, "vat", "VAT", "ভ্যাট", required=False) or 0, _day(form),
                       form.get("not_withholding_entity") not in ("on", "true", "1"))


@router.get("/calc/vat", response_class=HTMLResponse)
def calc_vat(request: Request) -> HTMLResponse:
    return _calc(request, "vat")


@router.get("/calc/withholding", response_class=HTMLResponse)
def calc_withholding(request: Request) -> HTMLResponse:
    return _calc(request, "withholding")


@router.get("/calc/vds", response_class=HTMLResponse)
def calc_vds(request: Request) -> HTMLResponse:
    return _calc(request, "vds")


def _calc(request: Request, kind: str) -> HTMLResponse:
    """One calculation: the result fragment for htmx, else the whole page with the result in place."""
    form = dict(request.query_params)
    form.pop("lang", None)
    fragment = request.headers.get("HX-Request") == "true"
    try:
        values: dict[str, Any] = {"kind": kind, "result": _compute(kind, form), "form": form}
        status = 200
    except DomainError as exc:
        values = {"kind": kind, "error": error_text(request, exc), "error_field": exc.field, "form": form}
        status = 422
    if fragment:
        return render(request, "tax/_result.html", status_code=status,
                      **{"result": None, "error": None, "error_field": None, **values})
    return _page(request, status_code=status, **values)


@router.post("/rates", response_class=HTMLResponse, response_model=None)
def add_rate(request: Request, form: FormBody) -> HTMLResponse | RedirectResponse:
    """Add a VAT rate of the tenant's (`tax.code.manage`, checked by the service); a refusal re-renders the
    page with the message beside the form and what was typed kept."""
    try:
        service.add_vat_rate(forms.model_from_form(VatRateInput, form))
    except DomainError as exc:
        typed = {k: form.get(k) for k in form if k != "csrf_token"}
        return _page(request, status_code=exc.status, rate_form=typed, rate_error=error_text(request, exc),
                     rate_error_field=exc.field)
    return RedirectResponse("/tax#own-rates", status_code=303)
