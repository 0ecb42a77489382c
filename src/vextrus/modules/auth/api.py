"""What other modules may call: amount limits and permissions of a user, user lookup."""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

from . import service
from .domain.permissions import PermissionSet
from .service import UserView

__all__ = ["UserView", "amount_limit", "current_company_id", "holders_of_role", "may", "user"]


def current_company_id() -> UUID | None:
    """The company the current request acts within (the user's active company; the API key's
    company), or None (system work, anonymous, or a user without any company role).
    Services that create company-owned rows should default to it, not ask the user again."""
    from vextrus.platform import context

    return context.current().company_id


def amount_limit(user_id: UUID, permission: str, company_id: UUID | None = None,
                 scope_id: UUID | None = None) -> Decimal | None:
    """The most (BDT) the user may do `permission` for; None = no limit. Raises
    PermissionDenied when the user does not hold the permission at all."""
    return service.amount_limit(user_id, permission, company_id, scope_id)


def may(user_id: UUID, permission: str, amount: Decimal | None = None, company_id: UUID | None = None,
        scope_id: UUID | None = None) -> bool:
    ps = PermissionSet(service.grants_of(user_id, company_id, scope_id))
    return ps.allows(permission) if amount is None else ps.within_limit(permission, amount)


def user(user_id: UUID) -> UserView | None:
    """A user of the current tenant (no permission check), or None."""
    from vextrus.platform.uow import unit_of_work

    with unit_of_work() as uow:
        try:
            return service.user_view(service._user(uow, user_id))
        except Exception:
            return None


def holders_of_role(company_id: UUID, role_code: str) -> list[UserView]:
    """The active users of the current tenant who hold `role_code` in the company (in any scope): who
    an approval step addressed to a role is waiting for (notifications tells them)."""
    from sqlalchemy import select

    from vextrus.platform import context
    from vextrus.platform.uow import unit_of_work

    from .tables import Role, RoleAssignment, User

    tid = context.require_tenant()
    with unit_of_work() as uow:
        rows = uow.session.execute(
            select(User).join(RoleAssignment, RoleAssignment.user_id == User.id)
            .join(Role, Role.id == RoleAssignment.role_id)
            .where(User.tenant_id == tid, User.active.is_(True), Role.company_id == company_id,
                   Role.code == role_code).distinct().order_by(User.email)).scalars().all()
        return [service.user_view(u) for u in rows]
