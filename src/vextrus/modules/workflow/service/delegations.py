"""Delegation for absence: while away, someone else decides one's steps ("by X for Y")."""


from __future__ import annotations

from uuid import UUID

from sqlalchemy import or_, select

from vextrus.modules.auth import api as auth
from vextrus.platform import clock, context
from vextrus.platform.errors import Unauthenticated, ValidationFailed
from vextrus.platform.uow import UnitOfWork, command, query

from ..domain import (
    Missing,
)
from ..schemas import (
    DelegationInput,
    DelegationView,
)
from ..tables import Delegation


def _delegations_to(uow: UnitOfWork, user: UUID) -> list[Delegation]:
    today = clock.today()
    return list(uow.session.execute(select(Delegation).where(
        Delegation.to_user_id == user, Delegation.starts_on <= today, Delegation.ends_on >= today)).scalars())


# ---- delegation -----------------------------------------------------------------------------------------


@command("workflow.delegation.manage", scope="workflow.delegate")
def delegate(uow: UnitOfWork, data: DelegationInput) -> DelegationView:
    """While away (from–to), `to_user` decides the current user's steps for them ("approved by X for Y")."""
    ctx = context.current()
    if ctx.user_id is None:
        raise Unauthenticated()
    if data.ends_on < data.starts_on:
        raise ValidationFailed("delegation_dates", "The delegation ends before it starts", "প্রতিনিধিত্ব শুরুর আগে শেষ হয়",
                               field="ends_on")
    if data.to_user_id == ctx.user_id:
        raise ValidationFailed("delegation_self", "Delegate to someone else", "অন্য কাউকে দায়িত্ব দিন", field="to_user_id")
    if auth.user(data.to_user_id) is None:
        raise Missing("user", "ব্যবহারকারী", data.to_user_id, field="to_user_id")
    d = Delegation(tenant_id=context.require_tenant(), company_id=ctx.company_id, from_user_id=ctx.user_id,
                   to_user_id=data.to_user_id, starts_on=data.starts_on, ends_on=data.ends_on,
                   roles=sorted(ctx.roles), note=data.note, created_at=clock.now())
    uow.session.add(d)
    uow.session.flush()
    return _delegation_view(d)


def _delegation_view(d: Delegation) -> DelegationView:
    return DelegationView(id=d.id, from_user_id=d.from_user_id, to_user_id=d.to_user_id, starts_on=d.starts_on,
                          ends_on=d.ends_on, roles=list(d.roles or []), note=d.note)


@query("workflow.instance.view", scope="workflow.delegations")
def delegations(uow: UnitOfWork) -> list[DelegationView]:
    me = context.current().user_id
    rows = uow.session.execute(select(Delegation).where(or_(Delegation.from_user_id == me,
                                                            Delegation.to_user_id == me))
                               .order_by(Delegation.starts_on)).scalars()
    return [_delegation_view(d) for d in rows]
