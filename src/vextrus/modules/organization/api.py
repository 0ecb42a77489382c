"""What other modules may call: companies, cost centres and memberships of the current tenant."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from pydantic import BaseModel

from . import service
from .schemas import CompanyInput, CompanyView, MemberView, UnitView

__all__ = ["CompanyInput", "CompanyView", "MemberView", "UnitRef", "UnitView"]


def get_company(company_id: UUID) -> CompanyView | None:
    """The company of the current tenant with this id, or None (no permission check)."""
    return service.find_company(company_id)


def company_by_code(code: str) -> CompanyView:
    """The company with this code (needs organization.company.view); NotFound otherwise."""
    return service.company_by_code(code)


def demo_company() -> CompanyView | None:
    """The demo company of the current tenant, or None: the modules' demos put their rows there, never in a
    company someone added beside it (which may sort before it)."""
    from .demo import DEMO_COMPANY_CODE

    return next((c for c in service.list_companies() if c.code == DEMO_COMPANY_CODE), None)


def list_companies() -> list[CompanyView]:
    """Active companies of the current tenant (needs organization.company.view)."""
    return service.list_companies()


def create_company(data: CompanyInput) -> CompanyView:
    return service.create_company(data)


def cost_centre_exists(cost_centre_id: UUID) -> bool:
    return service.cost_centre_exists(cost_centre_id)


def cost_centre_companies(cost_centre_ids: Iterable[UUID]) -> dict[UUID, UUID]:
    """The company of each of these cost centres that exists in the current tenant (one query; no
    permission of its own: for modules that store the id on their rows, to refuse unknown ids)."""
    return service.unit_companies("cost_centre", cost_centre_ids)


def department_companies(department_ids: Iterable[UUID]) -> dict[UUID, UUID]:
    """The company of each of these departments that exists in the current tenant (one query)."""
    return service.unit_companies("department", department_ids)


def add_member(company_id: UUID, user_id: UUID, title: str | None = None) -> MemberView:
    return service.add_member(company_id, user_id, title)


def companies_of(user_id: UUID) -> list[UUID]:
    return service.companies_of(user_id)


class UnitRef(BaseModel):
    """A cost centre or department as a picker shows it (id stored, code and name shown)."""

    id: UUID
    code: str
    name: str
    name_bn: str | None = None


def _refs(kind: str, company_id: UUID | None) -> list[UnitRef]:
    """Units of one kind of the company, or of every active company the request may reach when none
    is given: the active company, every company for system work (needs organization.unit.view, as
    list_units does; another company than the active one is NotFound). One query for all companies."""
    return [UnitRef(id=u.id, code=u.code, name=u.name, name_bn=u.name_bn)
            for u in service.units_of_kind(kind, company_id)]


def list_cost_centres(company_id: UUID | None = None) -> list[UnitRef]:
    """Cost centres by code (of one company, or of all the companies the request may reach)."""
    return _refs("cost_centre", company_id)


def list_departments(company_id: UUID | None = None) -> list[UnitRef]:
    """Departments by code (of one company, or of all the companies the request may reach)."""
    return _refs("department", company_id)
