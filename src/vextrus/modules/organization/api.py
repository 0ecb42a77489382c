"""What other modules may call: companies, cost centres and memberships of the current tenant."""

from __future__ import annotations

from uuid import UUID

from . import service
from .service import CompanyInput, CompanyView, MemberView, UnitView

__all__ = ["CompanyInput", "CompanyView", "MemberView", "UnitView"]


def get_company(company_id: UUID) -> CompanyView | None:
    """The company of the current tenant with this id, or None (no permission check)."""
    return service.find_company(company_id)


def company_by_code(code: str) -> CompanyView:
    """The company with this code (needs organization.company.view); NotFound otherwise."""
    return service.company_by_code(code)


def list_companies() -> list[CompanyView]:
    """Active companies of the current tenant (needs organization.company.view)."""
    return service.list_companies()


def create_company(data: CompanyInput) -> CompanyView:
    return service.create_company(data)


def cost_centre_exists(cost_centre_id: UUID) -> bool:
    return service.cost_centre_exists(cost_centre_id)


def add_member(company_id: UUID, user_id: UUID, title: str | None = None) -> MemberView:
    return service.add_member(company_id, user_id, title)


def companies_of(user_id: UUID) -> list[UUID]:
    return service.companies_of(user_id)
