"""A cancelled purchase order takes its waiting approval with it (issue 13): procurement withdraws the order's
pending `procurement.purchase_order` approval for the user who cancels (`workflow.api.withdraw_document`, as
procurement), so no approver is left deciding an order that is gone; the approval's timeline says who cancelled
it and why; a cancelled requisition takes its `procurement.purchase_requisition` approval the same way.
Without the workflow module there is nothing to withdraw."""

from __future__ import annotations

from uuid import UUID

from vextrus.platform import context, runtime

from . import MODULE

SUBJECT = "procurement.purchase_order"


def withdraw_for_cancelled(order_id: UUID, reason: str, subject: str = SUBJECT) -> None:
    """Withdraw the document's waiting approval (a purchase order's, or with `subject` a requisition's)."""
    if "workflow" not in runtime.current().registry.names:
        return
    from vextrus.modules.workflow import api as workflow

    with context.calling_as(MODULE):
        workflow.withdraw_document(subject, order_id, reason)
