"""Users: create (with a password hashed before the transaction, or an invitation link), update,
(de)activate (never the last owner), administrator password reset, sign-in unlocking, lists and pages."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import select

from vextrus.platform import context, tenancy
from vextrus.platform.changes import field_changes
from vextrus.platform.errors import Conflict, NotFound, ValidationFailed
from vextrus.platform.pagination import Page, paginate
from vextrus.platform.uow import UnitOfWork, command, query, unit_of_work
from vextrus.platform.versioning import check_version

from .. import context_cache
from ..domain import users as rules
from ..domain.lockout import normalize_identifier
from ..events import (
    PasswordChanged,
    SignInUnlocked,
    UserCreated,
    UserUpdated,
)
from ..schemas import UserInput, UserView
from ..tables import RoleAssignment, User
from . import sessions
from .lookups import find_user, mobile_number, user_view
from .passwords import generate_password, hashed_outside, set_password
from .roles import add_assignment, keep_an_owner, may_hand_out


def create_user(data: UserInput, password: str | None = None, company_id: UUID | None = None,
                roles: list[str] | None = None, *, idempotency_key: str | None = None) -> UserView:
    """Create a user; without a password they sign in after a reset link (invite by email).
    The password is hashed before the transaction (`hashed_outside`)."""
    if password is not None:
        context.current().require("auth.user.create")
    with hashed_outside(password, username=data.username, email=data.email):
        return _create_user(data, password, company_id, roles, idempotency_key=idempotency_key)


@command("auth.user.create", scope="auth.create_user")
def _create_user(uow: UnitOfWork, data: UserInput, password: str | None = None, company_id: UUID | None = None,
                 roles: list[str] | None = None) -> UserView:
    email = rules.email(data.email)
    username = rules.username(data.username or email.split("@")[0].replace("+", "."))
    s = uow.session
    if tenancy.find_tenant(s, "auth.tenant_of_email", User.email, email) is not None:  # unique across tenants
        raise Conflict("email_taken", "A user with this email already exists", "এই ইমেইলে ব্যবহারকারী আছে",
                       field="email")
    if s.execute(select(User.id).where(User.username == username)).first():
        raise Conflict("username_taken", "This username is taken", "এই ইউজার নেম ব্যবহৃত", field="username")
    name = (data.name or "").strip()
    if not name:
        raise ValidationFailed("name_required", "A name is required", "নাম প্রয়োজন", field="name")
    u = User(email=email, username=username, name=name, name_bn=data.name_bn, mobile=mobile_number(data.mobile),
             language=rules.language(data.language), active=True, mfa_enabled=False, version=1)
    if password is not None:
        set_password(u, password)
    s.add(u)
    s.flush()
    uow.emit(UserCreated(user_id=u.id, email=email))
    for code in roles or ():
        if company_id is None:
            raise ValidationFailed("company_required", "Roles are given within a company",
                                   "ভূমিকা একটি কোম্পানির মধ্যে দেওয়া হয়", field="company_id")
        may_hand_out(uow, company_id, code)
        add_assignment(uow, u.id, company_id, code)
    if password is None:
        sessions.issue_reset(uow, u, purpose="invite")
    return user_view(u)


@command("auth.user.update", scope="auth.update_user")
def update_user(uow: UnitOfWork, user_id: UUID, data: UserInput, expected_version: int | None = None) -> UserView:
    u = find_user(uow, user_id)
    check_version(u, expected_version, "user")
    values = {"name": data.name.strip(), "name_bn": data.name_bn, "mobile": mobile_number(data.mobile),
              "language": rules.language(data.language)}
    before = {k: getattr(u, k) for k in values}
    changed = [k for k, v in values.items() if before[k] != v]
    for k, v in values.items():
        setattr(u, k, v)
    if changed:
        uow.session.flush()  # the version moves on here (Versioned), before the view reads it
        context_cache.emit(uow, UserUpdated(user_id=u.id, changed=changed,
                                            changes=field_changes(before, values, changed)))
    return user_view(u)


@command("auth.user.update", scope="auth.set_active")
def set_active(uow: UnitOfWork, user_id: UUID, active: bool) -> UserView:
    u = find_user(uow, user_id)
    if u.active != active:
        if not active:
            companies = set(uow.session.execute(select(RoleAssignment.company_id).where(
                RoleAssignment.user_id == u.id)).scalars())
            keep_an_owner(uow, companies, lambda: setattr(u, "active", False), user=u, field="user_id")
        u.active = active
        uow.session.flush()  # the version moves on here (Versioned)
        context_cache.emit(uow, UserUpdated(user_id=u.id, changed=["active"],
                                            changes=field_changes({"active": not active}, {"active": active})))
        if not active:
            sessions.revoke_user_sessions(uow, u.id, "deactivated")
    return user_view(u)


def admin_reset_password(user_id: UUID, new_password: str | None = None) -> str:
    """Set a new password (generated when not given) and end the user's sessions; returns it.
    Hashed before the transaction (`hashed_outside`)."""
    context.current().require("auth.user.reset_password")
    password = new_password or generate_password()
    with hashed_outside(password):
        return _admin_reset_password(user_id, password)


@command("auth.user.reset_password", scope="auth.admin_reset_password")
def _admin_reset_password(uow: UnitOfWork, user_id: UUID, password: str) -> str:
    u = find_user(uow, user_id)
    set_password(u, password)
    sessions.revoke_user_sessions(uow, u.id, "password_changed")
    context_cache.emit(uow, PasswordChanged(user_id=u.id, by="administrator"))
    return password


@command("auth.user.update", scope="auth.unlock_sign_in")
def unlock_sign_in(uow: UnitOfWork, user_id: UUID) -> int:
    """Clear the sign-in throttling of the user's account from every address (a stranger's
    guessing or the user's own typos); returns how many addresses were being slowed down.
    A lock of a whole address is the operator's (`vextrus users unlock-address`)."""
    from .. import throttle

    u = find_user(uow, user_id)
    cleared = throttle.unlock_identifier(uow.session, normalize_identifier(u.email))
    uow.emit(SignInUnlocked(user_id=u.id, cleared=cleared))
    return cleared


@query("auth.user.view")
def sign_in_throttled(uow: UnitOfWork, user_ids: list[UUID]) -> dict[UUID, datetime | None]:
    """Of these users, those whose sign-in is being slowed down, with until when (None: the
    wait is over but the next failure waits again)."""
    from vextrus.platform import clock

    from .. import throttle

    emails = {normalize_identifier(e): uid for uid, e in uow.session.execute(
        select(User.id, User.email).where(User.id.in_(user_ids))).all()} if user_ids else {}
    found = throttle.throttled_identifiers(uow.session, list(emails), clock.now())
    return {emails[i]: until for i, until in found.items() if i in emails}


def get_user(user_id: UUID) -> UserView:
    ctx = context.current()
    if ctx.user_id != user_id:
        ctx.require("auth.user.view")
    with unit_of_work() as uow:
        return user_view(find_user(uow, user_id))


@query("auth.user.view")
def user_by_email(uow: UnitOfWork, email: str) -> UserView:
    u = uow.session.execute(select(User).where(User.email == rules.email(email))).scalar_one_or_none()
    if u is None:
        raise NotFound("user", email, field="email")
    return user_view(u)


@query("auth.user.view")
def list_users(uow: UnitOfWork, company_id: UUID | None = None) -> list[UserView]:
    """Users of the tenant, or those holding a role in one company (the active one: another
    company's role holders are not listed, the company is `NotFound`)."""
    if company_id is not None:
        context.require_company(company_id, "company", company_id, field="company_id")
    stmt = select(User).order_by(User.email)
    if company_id is not None:
        stmt = stmt.where(User.id.in_(select(RoleAssignment.user_id).where(
            RoleAssignment.company_id == company_id)))
    return [user_view(u) for u in uow.session.execute(stmt).scalars()]


@query("auth.user.view")
def users_page(uow: UnitOfWork, company_id: UUID | None = None, first: int = 50,
               after: str | None = None) -> Page[UserView]:
    """One page of users in creation order (ids are UUIDv7), for cursor pagination."""
    if company_id is not None:
        context.require_company(company_id, "company", company_id, field="company_id")
    stmt = select(User)
    if company_id is not None:
        stmt = stmt.where(User.id.in_(select(RoleAssignment.user_id).where(
            RoleAssignment.company_id == company_id)))
    page = paginate(uow.session, stmt, User.id, first=first, after=after, convert=UUID)
    return Page([user_view(u) for u in page.items], page.end_cursor, page.has_next_page)
