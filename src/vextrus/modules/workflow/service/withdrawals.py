"""Withdrawing an approval before it is decided: by its submitter, or by the module that owns the document for a
user (a cancelled purchase order takes its waiting approval with it)."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select

from vextrus.platform import clock, context
from vextrus.platform.uow import UnitOfWork, command
from vextrus.platform.versioning import touch

from ..domain import OPEN, withdraw_refusal
from ..events import InstanceWithdrawn
from ..schemas import InstanceView
from ..tables import Instance
from .instances import _history, _instance_view, _load_instance, _tasks


def _withdraw(uow: UnitOfWork, inst: Instance, comment: str) -> InstanceView:
    ctx = context.current()
    if inst.status == "withdrawn":
        return _instance_view(uow, inst)  # withdrawn already (a double click, a retry): nothing more happens
    refused = withdraw_refusal(inst.status, inst.submitter_id, ctx.user_id, ctx.via, inst.subject)
    if refused is not None:
        raise refused
    tasks = _tasks(uow, inst)
    for t in tasks:
        if t.status in OPEN:
            t.status = "cancelled"
            t.due_at = None  # its timer stops: nothing reminds, escalates or rejects a withdrawn approval
    inst.status = "withdrawn"
    inst.decided_at = clock.now()
    touch(inst)  # compare-and-set: a decision at the same moment wins or loses as a whole
    uow.session.flush()
    _history(uow, inst, "withdrawn", comment=comment)
    uow.emit(
        InstanceWithdrawn(
            instance_id=inst.id,
            subject=inst.subject,
            document_id=inst.document_id,
            company_id=inst.company_id,
            submitter_id=inst.submitter_id,
            amount=inst.amount,
            currency=inst.currency,
            definition_code=inst.definition_code,
            definition_version=inst.definition_version,
            reason=comment[:400],
            by_module=ctx.via if ctx.via == inst.subject.split(".", 1)[0] else "",
            context=inst.context or {},
        )
    )
    uow.session.flush()
    return _instance_view(uow, inst, tasks)


# whoever may see an approval may ask to withdraw it; the service lets only its submitter (an employee who applied
# for leave through hr holds no `workflow.instance.submit` of their own: hr submitted for them)
@command("workflow.instance.view", scope="workflow.withdraw")
def withdraw(uow: UnitOfWork, instance_id: UUID, comment: str = "") -> InstanceView:
    """Take back a submitted approval before it is decided (its submitter, or the owning module for a user):
    its open steps are cancelled, their timers stop, `workflow.instance.withdrawn` tells the owning module.
    Withdrawing again has no further effect; a decided approval is `instance_closed`."""
    return _withdraw(uow, _load_instance(uow, instance_id), comment)


@command("workflow.instance.submit", scope="workflow.withdraw_document")
def withdraw_document(
    uow: UnitOfWork, subject: str, document_id: UUID, comment: str = ""
) -> InstanceView | None:
    """The owning module withdraws the document's waiting approval (None: none is waiting)."""
    inst = uow.session.execute(
        select(Instance)
        .where(Instance.subject == subject, Instance.document_id == document_id, Instance.status == "pending")
        .order_by(Instance.submitted_at.desc())
        .limit(1)
    ).scalar_one_or_none()
    return None if inst is None else _withdraw(uow, inst, comment)
