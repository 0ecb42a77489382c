"""Loading what a command works on: a user of the tenant, a company, a role of a company; the view of
a user; a mobile number through master data's rules."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select

from vextrus.modules.organization import api as organization
from vextrus.platform import context
from vextrus.platform.errors import NotFound
from vextrus.platform.uow import UnitOfWork

from ..schemas import UserView
from ..tables import Role, User


def mobile_number(raw: str | None) -> str | None:
    """Bangladesh mobile numbers are validated in one place: master data's identifier rules."""
    from vextrus.modules.master_data import api as master_data

    return master_data.normalise_mobile(raw) if raw and raw.strip() else None


def user_view(u: User) -> UserView:
    return UserView.model_validate(u, from_attributes=True)


def find_user(uow: UnitOfWork, user_id: UUID) -> User:
    u = uow.session.get(User, user_id)
    if u is None or u.tenant_id != context.require_tenant():
        raise NotFound("user", user_id, field="user_id")
    return u


def check_company(company_id: UUID) -> None:
    if organization.get_company(company_id) is None:
        raise NotFound("company", company_id, field="company_id")


def find_role(uow: UnitOfWork, company_id: UUID, code: str) -> Role:
    r = uow.session.execute(select(Role).where(Role.company_id == company_id, Role.code == code)).scalar_one_or_none()
    if r is None:
        raise NotFound("role", code, field="role")
    return r
