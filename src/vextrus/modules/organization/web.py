"""Company setup page: companies with their legal details, branches, sites, departments, cost centres."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from vextrus.platform import forms
from vextrus.platform.errors import DomainError
from vextrus.platform.i18n import format_count
from vextrus.platform.ids import parse_id
from vextrus.platform.request_bounds import FormBody
from vextrus.platform.ui import render

from . import service
from .service import CompanyInput

router = APIRouter(prefix="/organization", include_in_schema=False)


def _page(request: Request, company_id: UUID | None = None, error: str | None = None,
          status_code: int = 200, refusal: DomainError | None = None, form: object = None) -> HTMLResponse:
    companies = service.list_companies(include_inactive=True)
    mine = [c for c in companies if service.in_scope(c.id)]  # the active company (every one for system work)
    selected = next((c for c in companies if c.id == company_id), mine[0] if mine else None)
    units = service.list_units(selected.id) if selected else []  # another company's: NotFound
    if refusal is not None:  # the form again, with what was typed and the message next to its field
        if company_id is None:  # a new company's form stays a new company's form (no hidden id)
            selected, units = None, []
        return forms.refused(request, "organization/index.html", refusal, form=form, companies=companies,
                             selected=selected, units=units)
    return render(request, "organization/index.html", companies=companies, selected=selected, units=units,
                  error=error, status_code=status_code)


@router.get("", response_class=HTMLResponse)
def page(request: Request, company: UUID | None = None) -> HTMLResponse:
    return _page(request, company)


@router.post("/companies", response_class=HTMLResponse, response_model=None)
def save_company(request: Request, form: FormBody) -> HTMLResponse | RedirectResponse:
    company_id = form.get("id")
    try:
        model = forms.model_from_form(CompanyInput, form)  # the same DTO (and rules) as the API's body
        if company_id:
            view = service.update_company(parse_id(company_id, "id"), model)
        else:
            view = service.create_company(model)
    except DomainError as exc:
        return _page(request, _id_or_none(company_id), refusal=exc, form=form)
    return RedirectResponse(f"/organization?company={view.id}", status_code=303)


def _id_or_none(raw: object) -> UUID | None:
    try:
        return parse_id(raw, "id") if raw else None
    except DomainError:
        return None


@router.post("/companies/{company_id}/units", response_class=HTMLResponse, response_model=None)
def add_unit(request: Request, company_id: UUID, form: FormBody) -> HTMLResponse | RedirectResponse:
    kind, code, name = str(form.get("kind", "")), str(form.get("code", "")), str(form.get("name", ""))
    name_bn = str(form.get("name_bn") or "") or None
    try:
        parent = parse_id(form["parent_id"], "parent_id") if form.get("parent_id") else None
        if kind == "department":
            service.add_department(company_id, code, name, name_bn, parent)
        elif kind == "cost_centre":
            service.add_cost_centre(company_id, code, name, name_bn, parent)
        else:
            service.add_branch(company_id, code, name, kind, name_bn)
    except DomainError as exc:
        return _page(request, company_id, refusal=exc)
    return RedirectResponse(f"/organization?company={company_id}", status_code=303)


def home_cards() -> list:
    """Home page: the active company and how many project sites it runs."""
    from vextrus.platform.modules import HomeCard

    companies = service.list_companies()
    if not companies:
        return []
    sites = sum(1 for c in companies if service.in_scope(c.id) for u in service.list_units(c.id) if u.kind == "site")
    return [HomeCard("Companies", "কোম্পানি", str(len(companies)), "/organization", f"{sites} project sites",
                     f"{format_count(sites, 'bn')}টি প্রকল্প সাইট")]
