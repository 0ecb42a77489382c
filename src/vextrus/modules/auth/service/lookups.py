"""Loading what a command works on: a user of the tenant, a company, a role of a company; the view of
a user; a mobile number through master data's rules."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select

from vextrus.modules.organization import api as organization
from vextrus.platform import context
from vextrus.platform.errors import NotFound, Unauthenticated
from vextrus.platform.uow import UnitOfWork, query, unit_of_work

from ..schemas import UserView
from ..tables import Role, RoleAssignment, User


def mobile_number(raw: str | None) -> str | None:
    """Bangladesh mobile numbers are validated in one place: master data's identifier rules."""
    from vextrus.modules.master_data import api as master_data

    return master_data.normalise_mobile(raw) if raw and raw.strip() else None


def user_view(u: User) -> UserView:
    return UserView.model_validate(u, from_attributes=True)


def signed_in() -> tuple[UUID, UUID]:
    """(user id, tenant id) of the signed-in user acting on their own account; Unauthenticated otherwise."""
    ctx = context.current()
    if ctx.user_id is None or ctx.tenant_id is None:
        raise Unauthenticated()
    return ctx.user_id, ctx.tenant_id


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


def user_or_none(user_id: UUID) -> UserView | None:
    """A user of the current tenant, or None; no permission check (who to notify, who a delegation
    goes to: the caller only learns that the user exists, and their name and address)."""
    with unit_of_work() as uow:
        u = uow.session.get(User, user_id)
        return user_view(u) if u is not None and u.tenant_id == context.require_tenant() else None


@query("auth.user.view")
def holders_of_role(uow: UnitOfWork, company_id: UUID, role_code: str) -> list[UserView]:
    """The active users of the tenant who hold `role_code` in the company (in any scope): who an
    approval step addressed to a role is waiting for."""
    rows = uow.session.execute(
        select(User).join(RoleAssignment, RoleAssignment.user_id == User.id)
        .join(Role, Role.id == RoleAssignment.role_id)
        .where(User.tenant_id == context.require_tenant(), User.active.is_(True),
               Role.company_id == company_id, Role.code == role_code)
        .distinct().order_by(User.email)).scalars().all()
    return [user_view(u) for u in rows]
