"""Effective permissions: a user's grants (by company, by scope), roles and companies, the two-step
rule of their roles, amount limits, and the permission vocabulary of the enabled modules."""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

from sqlalchemy import select

from vextrus.platform import context, runtime
from vextrus.platform.errors import PermissionDenied
from vextrus.platform.uow import unit_of_work

from .. import context_cache
from ..domain.errors import AuthError
from ..domain.permissions import Grant, PermissionSet
from ..tables import MfaRequirement, Role, RoleAssignment, RoleGrant


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


def scope_limits(user_id: UUID, company_id: UUID) -> tuple[tuple[str, frozenset[UUID]], ...]:
    """The patterns the user holds in the company only through assignments scoped to a project or cost centre,
    each with the ids it is scoped to (a pattern also held unscoped is not limited): the request context's
    `scoped`, which lets a role assigned for one project reach that project only."""
    with unit_of_work() as uow:
        rows = uow.session.execute(
            select(RoleGrant.pattern, RoleAssignment.scope_id)
            .join(RoleAssignment, RoleAssignment.role_id == RoleGrant.role_id)
            .where(RoleAssignment.user_id == user_id, RoleAssignment.company_id == company_id)).all()
    unscoped = {p for p, sid in rows if sid is None}
    limited: dict[str, set[UUID]] = {}
    for p, sid in rows:
        if sid is not None and p not in unscoped:
            limited.setdefault(p, set()).add(sid)
    return tuple(sorted((p, frozenset(ids)) for p, ids in limited.items()))


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
        return PermissionSet(_cached_grants(user_id, company_id, scope_id)).limit_for(permission)
    except AuthError:
        raise PermissionDenied(permission) from None


def _cached_grants(user_id: UUID, company_id: UUID | None, scope_id: UUID | None) -> tuple[Grant, ...]:
    """`grants_of` through the cache of acting contexts (`context_cache`): an entry is dropped by the same role,
    grant and assignment events that drop the user's signed-in contexts (after the commit here, through the bus
    elsewhere) and lives at most its TTL. A transaction that changed roles itself reads them fresh and keeps
    nothing (what it read may still be rolled back)."""
    cache, tenant_id = context_cache.CACHE, context.current().tenant_id
    with unit_of_work() as uow:
        if tenant_id is None or not cache.enabled or uow.session.info.get(context_cache.CHANGED_HERE):
            return tuple(grants_of(user_id, company_id, scope_id))
        key = ("grants", tenant_id, user_id, company_id, scope_id)
        hit: tuple[Grant, ...] | None = cache.get(key)
        if hit is not None:
            return hit
        generation = cache.generation()
        grants = tuple(grants_of(user_id, company_id, scope_id))
    cache.put(key, grants, user_id=user_id, tenant_id=tenant_id, session_id=user_id, generation=generation)
    return grants


def permission_vocabulary() -> list[tuple[str, str, str, str]]:
    """(module, code, name, name_bn) of every permission the enabled modules declare."""
    return [(m.name, p.code, p.name, p.name_bn) for m in runtime.current().registry.modules for p in m.permissions]
