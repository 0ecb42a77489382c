"""The approval inbox: mine, delegated to me, overdue, what I submitted."""


from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import or_, select

from vextrus.platform import clock, context
from vextrus.platform.uow import UnitOfWork, query

from ..schemas import (
    InboxItem,
    InboxView,
)
from ..tables import Instance, Task
from .decisions import _voted
from .delegations import _delegations_to
from .instances import _instance_view

# ---- inbox ----------------------------------------------------------------------------------------------


def _item(inst: Instance, t: Task, on_behalf: UUID | None, now: Any) -> InboxItem:
    return InboxItem(instance_id=inst.id, task_id=t.id, subject=inst.subject, document_label=inst.document_label,
                     amount=inst.amount, currency=inst.currency, step_name=t.name, step_name_bn=t.name_bn,
                     submitted_at=inst.submitted_at, due_at=t.due_at, overdue=t.due_at is not None and t.due_at <= now,
                     on_behalf_of_id=on_behalf)


def _may_see(t: Task, inst: Instance, principal: UUID, roles: frozenset[str]) -> bool:
    if inst.submitter_id == principal:
        return False
    if t.approver_kind == "role":
        return t.role in roles
    return str(principal) in (t.user_ids or [])


@query("workflow.instance.view", scope="workflow.inbox")
def inbox(uow: UnitOfWork) -> InboxView:
    """Steps waiting for me (by my roles or by name), for those who delegated to me, which of them are
    overdue, and what I submitted."""
    ctx = context.current()
    me = ctx.user_id
    now = clock.now()
    stmt = (select(Task, Instance).join(Instance, Instance.id == Task.instance_id)
            .where(Task.status == "pending", Instance.status == "pending").order_by(Instance.submitted_at))
    if ctx.company_id is not None:
        stmt = stmt.where(or_(Instance.company_id == ctx.company_id, Instance.company_id.is_(None)))
    rows = uow.session.execute(stmt).all()
    out = InboxView()
    if me is None:
        return out
    dels = _delegations_to(uow, me)
    for t, inst in rows:
        if inst.submitter_id == me:
            continue
        if _may_see(t, inst, me, frozenset(ctx.roles)) and not _voted(uow, t, me):
            out.mine.append(_item(inst, t, None, now))
            continue
        for dl in dels:
            if _may_see(t, inst, dl.from_user_id, frozenset(dl.roles or [])) and not _voted(uow, t, dl.from_user_id):
                out.delegated.append(_item(inst, t, dl.from_user_id, now))
                break
    out.overdue = [i for i in out.mine + out.delegated if i.overdue]
    mine = uow.session.execute(select(Instance).where(Instance.submitter_id == me)
                               .order_by(Instance.submitted_at.desc()).limit(20)).scalars()
    out.submitted = [_instance_view(uow, i) for i in mine]
    return out
