"""Reactions to other modules' events: an approved purchase order approval approves the order
(`approvals.on_approved`), a rejected one is announced (`approvals.on_rejected`); durable, once per event."""

from __future__ import annotations

from vextrus.modules.workflow.events import InstanceApproved, InstanceRejected
from vextrus.platform.events import Subscriptions
from vextrus.platform.uow import UnitOfWork

from . import approvals

subscriptions = Subscriptions()


@subscriptions.on(InstanceApproved)
def approve_approved_order(event: InstanceApproved, uow: UnitOfWork) -> None:
    """The order's approval is through: procurement approves the order for the submitter."""
    approvals.on_approved(event)


@subscriptions.on(InstanceRejected)
def announce_rejected_order(event: InstanceRejected, uow: UnitOfWork) -> None:
    """The order's approval was rejected: it stays a draft; procurement says so in its own event."""
    approvals.on_rejected(event)
