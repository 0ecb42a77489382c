"""Users, roles, role assignments and effective permissions. Permission checks happen here,
so GraphQL, REST, CLI and jobs obey them alike."""

from __future__ import annotations

import os
import secrets
import string
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from decimal import Decimal
from uuid import UUID

from pydantic import BaseModel
from sqlalchemy import select

from vextrus.modules.organization import api as organization
from vextrus.platform import context, runtime, tenancy
from vextrus.platform.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from vextrus.platform.pagination import Page, paginate
from vextrus.platform.uow import UnitOfWork, command, query, unit_of_work
from vextrus.platform.versioning import check_version

from . import MODULE, context_cache, hashing
from .domain import users as rules
from .domain.errors import AuthError
from .domain.lockout import normalize_identifier
from .domain.passwords import FAST_TEST, PRODUCTION, PasswordHasher, PasswordPolicy
from .domain.permissions import Grant, PermissionSet, validate_pattern
from .domain.roles import DEFAULT_ROLES
from .events import (
    MfaPolicyChanged,
    PasswordChanged,
    RoleAssigned,
    RoleChanged,
    RoleUnassigned,
    SignInUnlocked,
    UserCreated,
    UserUpdated,
)
from .hashing import GatedHasher
from .tables import MfaRequirement, Role, RoleAssignment, RoleGrant, User


def _mobile(raw: str | None) -> str | None:
    """Bangladesh mobile numbers are validated in one place: master data's identifier rules."""
    from vextrus.modules.master_data import api as master_data

    return master_data.normalise_mobile(raw) if raw and raw.strip() else None


POLICY = PasswordPolicy()
_hasher: PasswordHasher | None = None


def hasher() -> GatedHasher:
    """argon2id at the production cost; VEXTRUS_AUTH_ARGON2=fast-test makes test suites quick.
    Every hash and verification takes a slot of the process's gate (`hashing.py`): call it
    outside any database transaction."""
    global _hasher
    if _hasher is None:
        fast = os.environ.get("VEXTRUS_AUTH_ARGON2") == "fast-test"
        _hasher = PasswordHasher(FAST_TEST if fast else PRODUCTION)
    return GatedHasher(_hasher, hashing.gate())


def use_hasher(h: PasswordHasher | None) -> None:
    global _hasher
    _hasher = h


def generate_password(length: int = 16) -> str:
    """A random password that passes the policy (letters, digits and a symbol)."""
    alphabet = string.ascii_letters + string.digits
    while True:
        pw = "".join(secrets.choice(alphabet) for _ in range(length - 2)) + "-" + secrets.choice(string.digits)
        if not POLICY.check(pw):
            return pw


class UserView(BaseModel):
    id: UUID
    email: str
    username: str
    name: str
    name_bn: str | None = None
    mobile: str | None = None
    language: str
    active: bool
    mfa_enabled: bool
    last_login_at: datetime | None = None
    version: int


class GrantView(BaseModel):
    pattern: str
    amount_limit: Decimal | None = None


class RoleView(BaseModel):
    id: UUID
    company_id: UUID
    code: str
    name: str
    name_bn: str
    system: bool
    grants: list[GrantView]
    mfa_required: bool = False


class AssignmentView(BaseModel):
    id: UUID
    user_id: UUID
    company_id: UUID
    role_code: str
    scope_kind: str | None = None
    scope_id: UUID | None = None


class UserInput(BaseModel):
    email: str
    username: str | None = None
    name: str
    name_bn: str | None = None
    mobile: str | None = None
    language: str = "en"


def user_view(u: User) -> UserView:
    return UserView.model_validate(u, from_attributes=True)


def _user(uow: UnitOfWork, user_id: UUID) -> User:
    u = uow.session.get(User, user_id)
    if u is None or u.tenant_id != context.require_tenant():
        raise NotFound("user", user_id, field="user_id")
    return u


def _company(company_id: UUID) -> None:
    if organization.get_company(company_id) is None:
        raise NotFound("company", company_id, field="company_id")


def _administer(company_id: UUID, permission: str) -> None:
    """Changing roles of another company than the active one (company scoping, issue 10): allowed
    only to a user whose own unscoped roles there grant `permission` (as `assign_role` checks);
    otherwise that company is `NotFound`, its existence not revealed. System work reaches all."""
    ctx = context.current()
    scope = context.company_scope()
    if scope is None or scope == company_id:
        return
    if ctx.user_id is not None and PermissionSet(grants_of(ctx.user_id, company_id)).allows(permission):
        return
    raise NotFound("company", company_id, field="company_id")


_prehashed: ContextVar[dict[str, str] | None] = ContextVar("vextrus_auth_prehashed", default=None)


@contextmanager
def hashed_outside(password: str | None, *, username: str | None = None, email: str | None = None) -> Iterator[None]:
    """Hash `password` now, before a command opens its transaction, so that `set_password` inside
    only stores the result: argon2 never runs while the database (SQLite's write lock) is held.
    The policy is checked first, so a refused password costs no hash."""
    if password is None:
        yield
        return
    POLICY.enforce(password, username=username, email=email)
    digest = hasher().hash(password)
    token = _prehashed.set({**(_prehashed.get() or {}), password: digest})
    try:
        yield
    finally:
        _prehashed.reset(token)


def set_password(u: User, password: str) -> None:
    POLICY.enforce(password, username=u.username, email=u.email)
    u.password_hash = (_prehashed.get() or {}).get(password) or hasher().hash(password)


# ---- users ---------------------------------------------------------------------------------


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
    u = User(email=email, username=username, name=name, name_bn=data.name_bn, mobile=_mobile(data.mobile),
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
        _may_hand_out(uow, company_id, code)
        _assign(uow, u.id, company_id, code)
    if password is None:
        from . import sessions

        sessions.issue_reset(uow, u, purpose="invite")
    return user_view(u)


@command("auth.user.update", scope="auth.update_user")
def update_user(uow: UnitOfWork, user_id: UUID, data: UserInput, expected_version: int | None = None) -> UserView:
    u = _user(uow, user_id)
    check_version(u, expected_version, "user")
    values = {"name": data.name.strip(), "name_bn": data.name_bn, "mobile": _mobile(data.mobile),
              "language": rules.language(data.language)}
    changed = [k for k, v in values.items() if getattr(u, k) != v]
    for k, v in values.items():
        setattr(u, k, v)
    if changed:
        uow.session.flush()  # the version moves on here (Versioned), before the view reads it
        context_cache.emit(uow, UserUpdated(user_id=u.id, changed=changed))
    return user_view(u)


@command("auth.user.update", scope="auth.set_active")
def set_active(uow: UnitOfWork, user_id: UUID, active: bool) -> UserView:
    u = _user(uow, user_id)
    if u.active != active:
        if not active:
            companies = set(uow.session.execute(select(RoleAssignment.company_id).where(
                RoleAssignment.user_id == u.id)).scalars())
            _keep_an_owner(uow, companies, lambda: setattr(u, "active", False), user=u, field="user_id")
        u.active = active
        uow.session.flush()  # the version moves on here (Versioned)
        context_cache.emit(uow, UserUpdated(user_id=u.id, changed=["active"]))
        if not active:
            from . import sessions

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
    from . import sessions

    u = _user(uow, user_id)
    set_password(u, password)
    sessions.revoke_user_sessions(uow, u.id, "password_changed")
    context_cache.emit(uow, PasswordChanged(user_id=u.id, by="administrator"))
    return password


@command("auth.user.update", scope="auth.unlock_sign_in")
def unlock_sign_in(uow: UnitOfWork, user_id: UUID) -> int:
    """Clear the sign-in throttling of the user's account from every address (a stranger's
    guessing or the user's own typos); returns how many addresses were being slowed down.
    A lock of a whole address is the operator's (`vextrus users unlock-address`)."""
    from . import throttle

    u = _user(uow, user_id)
    cleared = throttle.unlock_identifier(uow.session, normalize_identifier(u.email))
    uow.emit(SignInUnlocked(user_id=u.id, cleared=cleared))
    return cleared


@query("auth.user.view")
def sign_in_throttled(uow: UnitOfWork, user_ids: list[UUID]) -> dict[UUID, datetime | None]:
    """Of these users, those whose sign-in is being slowed down, with until when (None: the
    wait is over but the next failure waits again)."""
    from vextrus.platform import clock

    from . import throttle

    emails = {normalize_identifier(e): uid for uid, e in uow.session.execute(
        select(User.id, User.email).where(User.id.in_(user_ids))).all()} if user_ids else {}
    found = throttle.throttled_identifiers(uow.session, list(emails), clock.now())
    return {emails[i]: until for i, until in found.items() if i in emails}


def get_user(user_id: UUID) -> UserView:
    ctx = context.current()
    if ctx.user_id != user_id:
        ctx.require("auth.user.view")
    with unit_of_work() as uow:
        return user_view(_user(uow, user_id))


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


# ---- roles ---------------------------------------------------------------------------------


def _role_view(r: Role, mfa: set[tuple[UUID, str]] | None = None) -> RoleView:
    return RoleView(id=r.id, company_id=r.company_id, code=r.code, name=r.name, name_bn=r.name_bn, system=r.system,
                    grants=[GrantView(pattern=g.pattern, amount_limit=g.amount_limit) for g in r.grants],
                    mfa_required=(r.company_id, r.code) in (mfa or set()))


def seed_default_roles(company_id: UUID) -> int:
    """Give a company the default construction roles it does not have yet; returns how many were added."""
    with unit_of_work() as uow:
        have = set(uow.session.execute(select(Role.code).where(Role.company_id == company_id)).scalars())
        added = 0
        for t in DEFAULT_ROLES:
            if t.code in have:
                continue
            role = Role(company_id=company_id, code=t.code, name=t.name_en, name_bn=t.name_bn, system=True)
            role.grants = [RoleGrant(pattern=g.pattern, amount_limit=g.limit, tenant_id=context.require_tenant())
                           for g in t.grants]
            uow.session.add(role)
            added += 1
        uow.session.flush()
        return added


@command("auth.role.manage", scope="auth.add_missing_default_grants")
def add_missing_default_grants(uow: UnitOfWork, company_id: UUID) -> dict[str, list[str]]:
    """Upgrade a company seeded by an older version: each default role it still holds as seeded
    (`system`) gets the grants today's defaults have and it lacks (`roles.py`, docs/auth.md). Only
    adds, never removes or changes a limit; a role the administrator made is left alone. Returns
    role code -> the patterns added."""
    _company(company_id)
    _administer(company_id, "auth.role.manage")
    added: dict[str, list[str]] = {}
    for t in DEFAULT_ROLES:
        r = uow.session.execute(select(Role).where(Role.company_id == company_id, Role.code == t.code,
                                                   Role.system.is_(True))).scalar_one_or_none()
        if r is None:
            continue
        have = {row.pattern for row in r.grants}
        missing = [g for g in t.grants if g.pattern not in have]
        for g in missing:
            r.grants.append(RoleGrant(pattern=g.pattern, amount_limit=g.limit, tenant_id=context.require_tenant()))
        if missing:
            uow.session.flush()
            added[t.code] = [g.pattern for g in missing]
            context_cache.emit(uow, RoleChanged(company_id=company_id, role_code=t.code,
                                                grants=sorted(row.pattern for row in r.grants)))
    return added


@query("auth.role.view")
def list_roles(uow: UnitOfWork, company_id: UUID) -> list[RoleView]:
    """The roles of the active company (any company for system work); another is `NotFound`."""
    context.require_company(company_id, "company", company_id, field="company_id")
    rows = uow.session.execute(select(Role).where(Role.company_id == company_id).order_by(Role.code)).scalars()
    mfa = {(m.company_id, m.role_code) for m in uow.session.execute(
        select(MfaRequirement).where(MfaRequirement.company_id == company_id)).scalars()}
    return [_role_view(r, mfa) for r in rows]


def _role(uow: UnitOfWork, company_id: UUID, code: str) -> Role:
    r = uow.session.execute(select(Role).where(Role.company_id == company_id, Role.code == code)).scalar_one_or_none()
    if r is None:
        raise NotFound("role", code, field="role")
    return r


@command("auth.role.manage", scope="auth.save_role")
def save_role(uow: UnitOfWork, company_id: UUID, code: str, name: str, name_bn: str,
              grants: list[GrantView]) -> RoleView:
    """Create or replace a role's grants (patterns validated; limits in BDT)."""
    _company(company_id)
    _administer(company_id, "auth.role.manage")
    code = rules.username(code).replace(".", "_").replace("-", "_")
    parsed = [Grant(validate_pattern(g.pattern), g.amount_limit) for g in grants]
    r = uow.session.execute(select(Role).where(Role.company_id == company_id, Role.code == code)).scalar_one_or_none()
    if r is None:
        r = Role(company_id=company_id, code=code, name=name, name_bn=name_bn, system=False)
        uow.session.add(r)
    elif not any(g.pattern == "*" and g.limit is None for g in parsed):
        # narrowing a role that grants everything must leave the company an owner
        role = r
        _keep_an_owner(uow, {company_id}, lambda: _narrow(uow, role), role=r, field="grants")
    r.name, r.name_bn = name, name_bn
    # edit in place: replacing the whole list would insert a kept pattern before deleting it
    wanted = {g.pattern: g.limit for g in parsed}
    for row in list(r.grants):
        if row.pattern not in wanted:
            r.grants.remove(row)
    uow.session.flush()
    have = {row.pattern: row for row in r.grants}
    for pattern, limit in wanted.items():
        if pattern in have:
            have[pattern].amount_limit = limit
        else:
            r.grants.append(RoleGrant(pattern=pattern, amount_limit=limit, tenant_id=context.require_tenant()))
    uow.session.flush()
    context_cache.emit(uow, RoleChanged(company_id=company_id, role_code=code, grants=[g.pattern for g in parsed]))
    return _role_view(r)


# ---- the last owner ------------------------------------------------------------------------
# An owner is an active user holding, unscoped, a role that grants everything (`*` without an
# amount limit) in a company. Only such a user can hand out every role there, so a company that
# has one never loses the last: deactivating, removing the role (a change of role is an assignment
# plus a removal) and narrowing the role's grants are refused when they would leave none.


def _owners(uow: UnitOfWork, company_id: UUID) -> set[UUID]:
    everything = select(RoleGrant.role_id).where(RoleGrant.pattern == "*", RoleGrant.amount_limit.is_(None))
    return set(uow.session.execute(
        select(RoleAssignment.user_id).join(User, User.id == RoleAssignment.user_id).where(
            RoleAssignment.company_id == company_id, RoleAssignment.scope_kind.is_(None),
            RoleAssignment.role_id.in_(everything), User.active.is_(True))).scalars())


def _keep_an_owner(uow: UnitOfWork, companies: set[UUID], change: Callable[[], object], *,
                   user: User | None = None, role: Role | None = None, field: str) -> None:
    """Apply `change`, then refuse (rolling the unit of work back) if a company that had an owner
    has none left. The company's all-granting roles are locked first (FOR UPDATE on PostgreSQL;
    SQLite writers are serialised anyway), so two administrators removing each other at the same
    time cannot both succeed."""
    s = uow.session
    s.flush()
    everything = select(RoleGrant.role_id).where(RoleGrant.pattern == "*", RoleGrant.amount_limit.is_(None))
    before: dict[UUID, set[UUID]] = {}
    for cid in sorted(companies):
        s.execute(select(Role.id).where(Role.company_id == cid, Role.id.in_(everything))
                  .order_by(Role.id).with_for_update()).all()
        before[cid] = _owners(uow, cid)
    change()
    s.flush()
    for cid, had in before.items():
        if had and not _owners(uow, cid):
            raise _last_owner(cid, user, role, field)


def _narrow(uow: UnitOfWork, role: Role) -> None:
    for g in list(role.grants):
        if g.pattern == "*" and g.amount_limit is None:
            role.grants.remove(g)
    uow.session.flush()


def _last_owner(company_id: UUID, user: User | None, role: Role | None, field: str) -> Conflict:
    company = organization.get_company(company_id)
    where = f"{company.code} ({company.name})" if company is not None else str(company_id)
    who = f"{user.email} is the last active owner of {where}" if user is not None else \
        f"Role {role.code if role else 'owner'} is what makes the last owners of {where}"
    who_bn = f"{user.email} হলেন {where} এর শেষ সক্রিয় মালিক" if user is not None else \
        f"{role.code if role else 'owner'} ভূমিকাই {where} এর শেষ মালিকদের মালিক করে"
    details: dict[str, str] = {"company_id": str(company_id), "role": role.code if role else "owner"}
    if user is not None:
        details["user_id"], details["email"] = str(user.id), user.email
    return Conflict(
        "auth.last_owner",
        f"{who}: a company keeps at least one active user holding all permissions. "
        "Make another active user an owner first.",
        f"{who_bn}: প্রতিটি কোম্পানিতে সব অনুমতিধারী অন্তত একজন সক্রিয় ব্যবহারকারী থাকতে হবে। "
        "আগে অন্য একজন সক্রিয় ব্যবহারকারীকে মালিক করুন।",
        field=field, details=details)


def _assign(uow: UnitOfWork, user_id: UUID, company_id: UUID, role_code: str, scope_kind: str | None = None,
            scope_id: UUID | None = None) -> AssignmentView:
    _company(company_id)
    u = _user(uow, user_id)
    role = _role(uow, company_id, role_code)
    if scope_kind not in (None, "project", "cost_centre") or (scope_kind is None) != (scope_id is None):
        raise ValidationFailed("scope_invalid", "A scope is a project or a cost centre with its id",
                               "পরিধি হলো একটি প্রকল্প বা কস্ট সেন্টার ও তার আইডি", field="scope_kind")
    if scope_kind == "cost_centre" and not organization.cost_centre_exists(scope_id):  # type: ignore[arg-type]
        raise NotFound("cost centre", scope_id, field="scope_id")
    existing = uow.session.execute(select(RoleAssignment).where(
        RoleAssignment.user_id == u.id, RoleAssignment.role_id == role.id, RoleAssignment.company_id == company_id,
        RoleAssignment.scope_kind.is_(scope_kind) if scope_kind is None else RoleAssignment.scope_kind == scope_kind,
        RoleAssignment.scope_id.is_(None) if scope_id is None else RoleAssignment.scope_id == scope_id,
    )).scalar_one_or_none()
    if existing is None:
        existing = RoleAssignment(user_id=u.id, role_id=role.id, company_id=company_id, scope_kind=scope_kind,
                                  scope_id=scope_id)
        uow.session.add(existing)
        uow.session.flush()
        context_cache.emit(uow, RoleAssigned(user_id=u.id, company_id=company_id, role_code=role_code, scope_kind=scope_kind,
                              scope_id=scope_id))
        # membership follows from holding a role: written by the organization module, asked as auth
        # for this user (auth declares organization.member.manage in `uses`)
        with context.calling_as(MODULE):
            organization.add_member(company_id, u.id)
    return AssignmentView(id=existing.id, user_id=u.id, company_id=company_id, role_code=role_code,
                          scope_kind=scope_kind, scope_id=scope_id)


@command("auth.role.assign", scope="auth.assign_role")
def assign_role(uow: UnitOfWork, user_id: UUID, company_id: UUID, role_code: str, scope_kind: str | None = None,
                scope_id: UUID | None = None) -> AssignmentView:
    _may_hand_out(uow, company_id, role_code)
    return _assign(uow, user_id, company_id, role_code, scope_kind, scope_id)


def _may_hand_out(uow: UnitOfWork, company_id: UUID, role_code: str) -> None:
    """Nobody hands out more than they hold: what this request may do (an API key or an MFA-blocked
    session holds less than the roles say) and, for another company than the active one, what their
    own unscoped roles grant there. Checked for role assignment and for roles given with a new user."""
    ctx = context.current()
    if ctx.system or ctx.user_id is None:
        return
    sets = [PermissionSet(ctx.permissions)]
    if ctx.company_id is not None and ctx.company_id != company_id:
        sets.append(PermissionSet(grants_of(ctx.user_id, company_id)))
    role = _role(uow, company_id, role_code)
    for g in role.grants:
        if not all(ps.allows(_example(g.pattern)) for ps in sets):
            raise PermissionDenied(g.pattern)


def _example(pattern: str) -> str:
    """A concrete permission only the pattern's widest holders have (wildcards become a
    name no module uses), for the 'no more than you hold' check."""
    parts = pattern.split(".")
    parts += ["*"] * (3 - len(parts))
    return ".".join("zz_any" if p == "*" else p for p in parts)


@command("auth.role.assign", scope="auth.unassign_role")
def unassign_role(uow: UnitOfWork, assignment_id: UUID) -> bool:
    a = uow.session.get(RoleAssignment, assignment_id)
    if a is None or a.tenant_id != context.require_tenant():
        raise NotFound("role assignment", assignment_id, field="assignment_id")
    try:
        _administer(a.company_id, "auth.role.assign")
    except NotFound:
        raise NotFound("role assignment", assignment_id, field="assignment_id") from None
    role = uow.session.get(Role, a.role_id)
    owner = uow.session.get(User, a.user_id)
    _keep_an_owner(uow, {a.company_id}, lambda: uow.session.delete(a), user=owner, role=role, field="user_id")
    context_cache.emit(uow, RoleUnassigned(user_id=a.user_id, company_id=a.company_id, role_code=role.code if role else "?"))
    return True


def assignments_of(user_id: UUID) -> list[AssignmentView]:
    """A user's role assignments: their own in every company; another user's in the active company
    only (every company for system work)."""
    ctx = context.current()
    scope = None
    if ctx.user_id != user_id:
        ctx.require("auth.user.view")
        scope = context.company_scope()
    with unit_of_work() as uow:
        stmt = (select(RoleAssignment, Role.code).join(Role, Role.id == RoleAssignment.role_id)
                .where(RoleAssignment.user_id == user_id))
        if scope is not None:
            stmt = stmt.where(RoleAssignment.company_id == scope)
        rows = uow.session.execute(stmt).all()
        return [AssignmentView(id=a.id, user_id=a.user_id, company_id=a.company_id, role_code=code,
                               scope_kind=a.scope_kind, scope_id=a.scope_id) for a, code in rows]


def assignments_of_users(user_ids: list[UUID]) -> dict[UUID, list[AssignmentView]]:
    """`assignments_of` for a whole list of users in one query (a users page with each user's roles),
    with the same rule: the caller's own in every company, other users' in the active company only."""
    ctx = context.current()
    wanted = list(dict.fromkeys(user_ids))
    others = [u for u in wanted if u != ctx.user_id]
    scope = None
    if others:
        ctx.require("auth.user.view")
        scope = context.company_scope()
    out: dict[UUID, list[AssignmentView]] = {u: [] for u in wanted}
    if not wanted:
        return out
    with unit_of_work() as uow:
        stmt = (select(RoleAssignment, Role.code).join(Role, Role.id == RoleAssignment.role_id)
                .where(RoleAssignment.user_id.in_(wanted)).order_by(RoleAssignment.user_id, RoleAssignment.id))
        for a, code in uow.session.execute(stmt).all():
            if scope is not None and a.user_id != ctx.user_id and a.company_id != scope:
                continue
            out[a.user_id].append(AssignmentView(id=a.id, user_id=a.user_id, company_id=a.company_id, role_code=code,
                                                 scope_kind=a.scope_kind, scope_id=a.scope_id))
    return out


@command("auth.mfa_policy.manage", scope="auth.set_mfa_required")
def set_mfa_required(uow: UnitOfWork, company_id: UUID, role_code: str, required: bool) -> bool:
    _administer(company_id, "auth.mfa_policy.manage")
    _role(uow, company_id, role_code)
    row = uow.session.execute(select(MfaRequirement).where(
        MfaRequirement.company_id == company_id, MfaRequirement.role_code == role_code)).scalar_one_or_none()
    if required and row is None:
        uow.session.add(MfaRequirement(company_id=company_id, role_code=role_code))
    elif not required and row is not None:
        uow.session.delete(row)
    context_cache.emit(uow, MfaPolicyChanged(company_id=company_id, role_code=role_code, required=required))
    return required


# ---- effective permissions -----------------------------------------------------------------


def grants_of(user_id: UUID, company_id: UUID | None = None, scope_id: UUID | None = None, *,
              include_scoped: bool = False) -> list[Grant]:
    """The user's grants in the current tenant: every company, or one company. Assignments
    scoped to a project or cost centre count only when that `scope_id` is asked for, when no
    company is given, or with `include_scoped` (the coarse per-request permission set of the
    active company; the finer check is `amount_limit(..., scope_id=)`)."""
    with unit_of_work() as uow:
        stmt = (select(RoleGrant.pattern, RoleGrant.amount_limit, RoleAssignment.scope_id)
                .join(RoleAssignment, RoleAssignment.role_id == RoleGrant.role_id)
                .where(RoleAssignment.user_id == user_id))
        if company_id is not None:
            stmt = stmt.where(RoleAssignment.company_id == company_id)
        out = []
        for pattern, limit, sid in uow.session.execute(stmt):
            if company_id is not None and not include_scoped and sid is not None and sid != scope_id:
                continue
            out.append(Grant(pattern, limit))
        return out


def roles_of(user_id: UUID, company_id: UUID | None = None) -> list[tuple[UUID, str]]:
    with unit_of_work() as uow:
        stmt = (select(RoleAssignment.company_id, Role.code).join(Role, Role.id == RoleAssignment.role_id)
                .where(RoleAssignment.user_id == user_id))
        if company_id is not None:
            stmt = stmt.where(RoleAssignment.company_id == company_id)
        return [(c, code) for c, code in uow.session.execute(stmt)]


def companies_of_user(user_id: UUID) -> list[UUID]:
    """Companies the user holds a role in, the first-assigned first (that one is the default)."""
    with unit_of_work() as uow:
        rows = uow.session.execute(select(RoleAssignment.company_id, RoleAssignment.created_at)
                                   .where(RoleAssignment.user_id == user_id)
                                   .order_by(RoleAssignment.created_at, RoleAssignment.company_id)).all()
    seen: dict[UUID, None] = {}
    for cid, _at in rows:
        seen.setdefault(cid, None)
    return list(seen)


def default_company(user_id: UUID) -> UUID | None:
    first = companies_of_user(user_id)
    return first[0] if first else None


def mfa_required_for(user_id: UUID, company_id: UUID) -> bool:
    """Whether a role the user holds in `company_id` (the active company) requires two-step
    verification there. Another company's policy does not reach into this one: each company
    decides for its own roles, and the user is held to it when acting in that company."""
    held = {code for _c, code in roles_of(user_id, company_id)}
    if not held:
        return False
    with unit_of_work() as uow:
        required = set(uow.session.execute(select(MfaRequirement.role_code).where(
            MfaRequirement.company_id == company_id, MfaRequirement.role_code.in_(held))).scalars())
    return bool(required)


def amount_limit(user_id: UUID, permission: str, company_id: UUID | None = None,
                 scope_id: UUID | None = None) -> Decimal | None:
    """The most the user may do `permission` for (BDT); None = no limit. Raises
    PermissionDenied when the user does not hold the permission at all."""
    try:
        return PermissionSet(grants_of(user_id, company_id, scope_id)).limit_for(permission)
    except AuthError:
        raise PermissionDenied(permission) from None


def permission_vocabulary() -> list[tuple[str, str, str, str]]:
    """(module, code, name, name_bn) of every permission the enabled modules declare."""
    return [(m.name, p.code, p.name, p.name_bn) for m in runtime.current().registry.modules for p in m.permissions]


def permission_matrix(company_id: UUID) -> dict[str, object]:
    """Roles × permissions: for each cell, allowed and the amount limit (None = unlimited)."""
    roles = list_roles(company_id)
    rows = []
    for module, code, name, name_bn in permission_vocabulary():
        cells = []
        for r in roles:
            ps = PermissionSet([Grant(g.pattern, g.amount_limit) for g in r.grants])
            allowed = ps.allows(code)
            cells.append({"allowed": allowed, "limit": ps.limit_for(code) if allowed else None})
        rows.append({"module": module, "code": code, "name": name, "name_bn": name_bn, "cells": cells})
    return {"roles": roles, "rows": rows}
