"""REST: /api/v1/organization/..."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel

from vextrus.platform.http import idempotency_key
from vextrus.platform.rest import CursorPage, VersionCheck, created, cursor_page, merged, patch_of

from . import service
from .service import CompanyInput, CompanyView, MemberView, UnitView

router = APIRouter()


class CompanyUpdate(CompanyInput, VersionCheck):
    """PUT (the whole company; kept for one release): fields left out take their defaults."""


CompanyPatch = patch_of(CompanyInput, "CompanyPatch")


class UnitInput(BaseModel):
    kind: str  # head_office | branch | site | department | cost_centre
    code: str
    name: str
    name_bn: str | None = None
    parent_id: UUID | None = None


class MemberInput(BaseModel):
    user_id: UUID
    title: str | None = None


@router.get("/companies", response_model=CursorPage[CompanyView] | list[CompanyView])
def list_companies(include_inactive: bool = False, first: int | None = None,
                   after: str | None = None) -> CursorPage[CompanyView] | list[CompanyView]:
    """A cursor page (`first`, `after`) of companies, oldest first; without either, the whole list as an
    array (the old answer, kept for one release)."""
    if first is None and after is None:
        return service.list_companies(include_inactive)
    return CursorPage[CompanyView](**cursor_page(service.companies_page(include_inactive, first=50 if first is None else first,
                                                                        after=after)))


@router.post("/companies", response_model=CompanyView, status_code=201)
def create_company(body: CompanyInput, request: Request, response: Response,
                   key: str | None = Depends(idempotency_key)) -> CompanyView:
    view = service.create_company(body, idempotency_key=key)
    created(request, response, view.id)
    return view


@router.get("/companies/{company_id}", response_model=CompanyView)
def get_company(company_id: UUID) -> CompanyView:
    return service.get_company(company_id)


@router.patch("/companies/{company_id}", response_model=CompanyView)
def patch_company(company_id: UUID, body: CompanyPatch,  # type: ignore[valid-type]
                  key: str | None = Depends(idempotency_key)) -> CompanyView:
    """Change the fields sent; the others keep their values. `expected_version`: the version you read."""
    data = merged(service.get_company(company_id), body, CompanyInput)
    return service.update_company(company_id, data, body.expected_version, idempotency_key=key)  # type: ignore[attr-defined]


@router.put("/companies/{company_id}", response_model=CompanyView, deprecated=True)
def update_company(company_id: UUID, body: CompanyUpdate, key: str | None = Depends(idempotency_key)) -> CompanyView:
    """The whole company (fields left out take their defaults); use PATCH. Kept for one release."""
    data = CompanyInput(**body.model_dump(exclude={"expected_version"}))
    return service.update_company(company_id, data, body.expected_version, idempotency_key=key)


_PAGED = ("A cursor page (`first`, `after`); without either, the whole list as an array (the old answer, kept "
          "for one release).")


@router.get("/companies/{company_id}/units", response_model=CursorPage[UnitView] | list[UnitView],
            description=_PAGED + " Branches and sites, then departments, then cost centres.")
def list_units(company_id: UUID, first: int | None = None, after: str | None = None) -> Any:
    if first is None and after is None:
        return service.list_units(company_id)
    return cursor_page(service.page_units(company_id, 100 if first is None else first, after))


@router.get("/companies/{company_id}/units/{unit_id}", response_model=UnitView)
def get_unit(company_id: UUID, unit_id: UUID) -> UnitView:
    return service.get_unit(company_id, unit_id)


@router.post("/companies/{company_id}/units", response_model=UnitView, status_code=201)
def add_unit(request: Request, response: Response, company_id: UUID, body: UnitInput,
             key: str | None = Depends(idempotency_key)) -> UnitView:
    if body.kind == "department":
        view = service.add_department(company_id, body.code, body.name, body.name_bn, body.parent_id,
                                      idempotency_key=key)
    elif body.kind == "cost_centre":
        view = service.add_cost_centre(company_id, body.code, body.name, body.name_bn, body.parent_id,
                                       idempotency_key=key)
    else:
        view = service.add_branch(company_id, body.code, body.name, body.kind, body.name_bn, idempotency_key=key)
    created(request, response, view.id)
    return view


@router.get("/companies/{company_id}/members", response_model=CursorPage[MemberView] | list[MemberView],
            description=_PAGED + " In the order they joined.")
def list_members(company_id: UUID, first: int | None = None, after: str | None = None) -> Any:
    if first is None and after is None:
        return service.members(company_id)
    return cursor_page(service.page_members(company_id, 100 if first is None else first, after))


@router.get("/companies/{company_id}/members/{user_id}", response_model=MemberView)
def get_member(company_id: UUID, user_id: UUID) -> MemberView:
    return service.get_member(company_id, user_id)


@router.post("/companies/{company_id}/members", response_model=MemberView, status_code=201)
def add_member(request: Request, response: Response, company_id: UUID, body: MemberInput,
               key: str | None = Depends(idempotency_key)) -> MemberView:
    view = service.add_member(company_id, body.user_id, body.title, idempotency_key=key)
    created(request, response, view.user_id)
    return view
