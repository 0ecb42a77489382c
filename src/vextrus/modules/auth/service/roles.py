"""Roles and their grants, role assignments (nobody hands out more than they hold), the last owner of
a company (never removed), the two-step rule per role, and the roles x permissions matrix."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from sqlalchemy import select

from vextrus.modules.organization import api as organization
from vextrus.platform import context
from vextrus.platform.errors import Conflict, NotFound, PermissionDenied
from vextrus.platform.pagination import Page, paginate
from vextrus.platform.uow import UnitOfWork, command, query, unit_of_work

from .. import MODULE, context_cache
from ..domain import users as rules
from ..domain.assignments import check_scope, widest_example
from ..domain.permissions import Grant, PermissionSet, validate_pattern
from ..domain.roles import DEFAULT_ROLES
from ..events import (
    MfaPolicyChanged,
    RoleAssigned,
    RoleChanged,
    RoleUnassigned,
)
from ..schemas import AssignmentView, GrantView, RoleView
from ..tables import MfaRequirement, Role, RoleAssignment, RoleGrant, User
from .lookups import check_company, find_role, find_user
from .permissions import grants_of, permission_vocabulary


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
    check_company(company_id)
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


@query("auth.role.view", scope="auth.page_roles")
def page_roles(uow: UnitOfWork, company_id: UUID, first: int = 100, after: str | None = None) -> Page[RoleView]:
    """One cursor page of the company's roles by code (unique in a company), as `list_roles` orders them;
    the grants come with the page (selectin), the two-step requirements in one query."""
    context.require_company(company_id, "company", company_id, field="company_id")
    page = paginate(uow.session, select(Role).where(Role.company_id == company_id), Role.code, first=first,
                    after=after, convert=str)
    mfa = {(m.company_id, m.role_code) for m in uow.session.execute(
        select(MfaRequirement).where(MfaRequirement.company_id == company_id)).scalars()}
    return Page([_role_view(r, mfa) for r in page.items], page.end_cursor, page.has_next_page)


@command("auth.role.manage", scope="auth.save_role")
def save_role(uow: UnitOfWork, company_id: UUID, code: str, name: str, name_bn: str,
              grants: list[GrantView]) -> RoleView:
    """Create or replace a role's grants (patterns validated; limits in BDT)."""
    check_company(company_id)
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
        keep_an_owner(uow, {company_id}, lambda: _narrow(uow, role), role=r, field="grants")
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


def keep_an_owner(uow: UnitOfWork, companies: set[UUID], change: Callable[[], object], *,
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
    where_bn = f"{company.code} ({company.name_bn or company.name})" if company is not None else "কোম্পানিটি"
    name = user.email if user is not None else ""  # the user's sign-in e-mail, as typed
    role_code = role.code if role else ""  # the role's code, as typed
    who_bn = f"{name} হলেন {where_bn} এর শেষ সক্রিয় মালিক" if user is not None else \
        (f"{role_code} ভূমিকাই {where_bn} এর শেষ মালিকদের মালিক করে" if role else
         f"মালিক ভূমিকাই {where_bn} এর শেষ মালিকদের মালিক করে")
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


def add_assignment(uow: UnitOfWork, user_id: UUID, company_id: UUID, role_code: str, scope_kind: str | None = None,
            scope_id: UUID | None = None) -> AssignmentView:
    check_company(company_id)
    u = find_user(uow, user_id)
    role = find_role(uow, company_id, role_code)
    check_scope(scope_kind, scope_id)
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
    may_hand_out(uow, company_id, role_code)
    return add_assignment(uow, user_id, company_id, role_code, scope_kind, scope_id)


def may_hand_out(uow: UnitOfWork, company_id: UUID, role_code: str) -> None:
    """Nobody hands out more than they hold: what this request may do (an API key or an MFA-blocked
    session holds less than the roles say) and, for another company than the active one, what their
    own unscoped roles grant there. Checked for role assignment and for roles given with a new user."""
    ctx = context.current()
    if ctx.system or ctx.user_id is None:
        return
    role = find_role(uow, company_id, role_code)
    if ctx.via and role.grants and all(g.pattern.startswith(f"{ctx.via}.") for g in role.grants):
        return  # a module hands out a role made of its own permissions only (the portal's customer role)
    sets = [PermissionSet(ctx.permissions)]
    if ctx.company_id is not None and ctx.company_id != company_id:
        sets.append(PermissionSet(grants_of(ctx.user_id, company_id)))
    for g in role.grants:
        if not all(ps.allows(widest_example(g.pattern)) for ps in sets):
            raise PermissionDenied(g.pattern)


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
    keep_an_owner(uow, {a.company_id}, lambda: uow.session.delete(a), user=owner, role=role, field="user_id")
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


def page_assignments(user_id: UUID, first: int = 50, after: str | None = None) -> Page[AssignmentView]:
    """One cursor page of a user's role assignments by id (the order they were given; ids are UUIDv7), by
    the rule of `assignments_of`: their own in every company, another user's in the active company only.
    The page's role codes in one more query (a fixed number of statements whatever the page size)."""
    ctx = context.current()
    scope = None
    if ctx.user_id != user_id:
        ctx.require("auth.user.view")
        scope = context.company_scope()
    with unit_of_work() as uow:
        stmt = select(RoleAssignment).where(RoleAssignment.user_id == user_id)
        if scope is not None:
            stmt = stmt.where(RoleAssignment.company_id == scope)
        page = paginate(uow.session, stmt, RoleAssignment.id, first=first, after=after, convert=UUID)
        role_ids = {a.role_id for a in page.items}
        codes = dict(uow.session.execute(select(Role.id, Role.code).where(Role.id.in_(role_ids))).tuples().all()
                     ) if role_ids else {}
        return Page([AssignmentView(id=a.id, user_id=a.user_id, company_id=a.company_id, role_code=codes[a.role_id],
                                    scope_kind=a.scope_kind, scope_id=a.scope_id) for a in page.items],
                    page.end_cursor, page.has_next_page)


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
    find_role(uow, company_id, role_code)
    row = uow.session.execute(select(MfaRequirement).where(
        MfaRequirement.company_id == company_id, MfaRequirement.role_code == role_code)).scalar_one_or_none()
    if required and row is None:
        uow.session.add(MfaRequirement(company_id=company_id, role_code=role_code))
    elif not required and row is not None:
        uow.session.delete(row)
    context_cache.emit(uow, MfaPolicyChanged(company_id=company_id, role_code=role_code, required=required))
    return required


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


def get_assignment(assignment_id: UUID) -> AssignmentView:
    """One role assignment (the `Location` of `assign_role`), by the rule of `assignments_of`: the caller's
    own in every company, another user's in the active company only; otherwise `NotFound`."""
    ctx = context.current()
    with unit_of_work() as uow:
        row = uow.session.execute(select(RoleAssignment, Role.code).join(Role, Role.id == RoleAssignment.role_id)
                                  .where(RoleAssignment.id == assignment_id)).first()
        if row is None or row[0].tenant_id != context.require_tenant():
            raise NotFound("role assignment", assignment_id, field="assignment_id")
        a, code = row
        if a.user_id != ctx.user_id:
            ctx.require("auth.user.view")
            scope = context.company_scope()
            if scope is not None and a.company_id != scope:
                raise NotFound("role assignment", assignment_id, field="assignment_id")
        return AssignmentView(id=a.id, user_id=a.user_id, company_id=a.company_id, role_code=code,
                              scope_kind=a.scope_kind, scope_id=a.scope_id)
