"""A leave application's approval withdrawn by whoever submitted it (issue 13): the application is withdrawn too
(`withdrawn`), so its days no longer count as pending against the balance; applying again starts a new approval.
Once per event: an application no longer `applied`, or tied to another approval, is left alone."""

from __future__ import annotations

from types import SimpleNamespace

from vextrus.modules.workflow.events import InstanceWithdrawn
from vextrus.platform import context
from vextrus.platform.uow import UnitOfWork

from . import MODULE
from .handlers import subscriptions
from .tables import LeaveRow

SUBJECT = "hr.leave_request"


@subscriptions.on(InstanceWithdrawn)
def withdrawn(event: InstanceWithdrawn, uow: UnitOfWork) -> None:
    if event.subject != SUBJECT:
        return
    row = uow.session.get(LeaveRow, event.document_id)
    if row is None or row.status != "applied" or row.approval_id != event.instance_id:
        return
    submitter = SimpleNamespace(tenant_id=event.envelope.tenant_id, actor=event.envelope.actor)
    with context.reacting_as(MODULE, submitter):
        row.status, row.decided_by = "withdrawn", f"{event.envelope.actor} (withdrawn)"[:120]
        uow.session.flush()
