"""What other modules may call: amount limits and permissions of a user, user lookup."""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

from . import service
from .domain.permissions import PermissionSet
from .service import UserView

__all__ = ["UserView", "amount_limit", "company_users", "current_company_id", "holders_of_role", "invite_user", "may",
           "roles", "user", "user_by_email"]


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
    return service.user_or_none(user_id)


def invite_user(email: str, name: str, company_id: UUID, role_code: str, *, name_bn: str = "",
                language: str = "bn", mobile: str | None = None) -> UserView:
    """A new user of the company holding one role, who sets their password from the invitation link
    (sent through the outbox). Needs `auth.user.create` (a module declares it in `uses`); the role is
    handed out under the usual rule (`may_hand_out`). A company seeded before the role existed gets
    today's default roles first."""
    from .schemas import UserInput

    service.seed_default_roles(company_id)
    return service.create_user(UserInput(email=email, name=name, name_bn=name_bn, language=language, mobile=mobile),
                               None, company_id, [role_code])


def user_by_email(email: str) -> UserView | None:
    """A user of the current tenant by e-mail, or None (needs `auth.user.view`)."""
    from vextrus.platform.errors import NotFound

    try:
        return service.user_by_email(email)
    except NotFound:
        return None


def holders_of_role(company_id: UUID, role_code: str) -> list[UserView]:
    """The active users who hold `role_code` in the company: who an approval step addressed to a role
    is waiting for (notifications tells them). Needs `auth.user.view` (a module declares it in `uses`)."""
    return service.holders_of_role(company_id, role_code)


def roles(company_id: UUID) -> list[tuple[str, str, str]]:
    """The company's roles as (code, name, name_bn), by code: the role picker of another module's editor (an
    approval step's approvers). Needs `auth.role.view` (a module declares it in `uses`)."""
    return [(r.code, r.name, r.name_bn) for r in service.list_roles(company_id)]


def company_users(company_id: UUID) -> list[UserView]:
    """The users holding a role in the company, by e-mail: the user picker of another module's editor. Needs
    `auth.user.view` (a module declares it in `uses`)."""
    return service.list_users(company_id)
