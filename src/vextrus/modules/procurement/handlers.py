"""Reactions to other modules' events: an approved purchase order approval approves the order
(`approvals.on_approved`; durable, once per event)."""

from __future__ import annotations

from vextrus.modules.workflow.events import InstanceApproved
from vextrus.platform.events import Subscriptions
from vextrus.platform.uow import UnitOfWork

from . import approvals

subscriptions = Subscriptions()


@subscriptions.on(InstanceApproved)
def approve_approved_order(event: InstanceApproved, uow: UnitOfWork) -> None:
    """The order's approval is through: procurement approves the order for the submitter."""
    approvals.on_approved(event)
