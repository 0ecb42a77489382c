"""Reactions to other modules' events: an approved purchase order approval approves the order
(`approvals.on_approved`), a rejected one is announced (`approvals.on_rejected`); an approved requisition
approval approves the requisition, a rejected or withdrawn one puts it back as a draft
(`approvals_requisition`); durable, once per event."""

from __future__ import annotations

from vextrus.modules.workflow.events import InstanceApproved, InstanceRejected, InstanceWithdrawn
from vextrus.platform.events import Subscriptions
from vextrus.platform.uow import UnitOfWork

from . import approvals, approvals_requisition

subscriptions = Subscriptions()


@subscriptions.on(InstanceApproved)
def approve_approved_order(event: InstanceApproved, uow: UnitOfWork) -> None:
    """The order's approval is through: procurement approves the order for the submitter."""
    approvals.on_approved(event)


@subscriptions.on(InstanceRejected)
def announce_rejected_order(event: InstanceRejected, uow: UnitOfWork) -> None:
    """The order's approval was rejected: it stays a draft; procurement says so in its own event."""
    approvals.on_rejected(event)


@subscriptions.on(InstanceApproved)
def approve_approved_requisition(event: InstanceApproved, uow: UnitOfWork) -> None:
    """The requisition's approval is through: procurement approves the requisition for the submitter."""
    approvals_requisition.on_approved(event)


@subscriptions.on(InstanceRejected)
def return_rejected_requisition(event: InstanceRejected, uow: UnitOfWork) -> None:
    """The requisition's approval was rejected: it goes back to draft with the comment as its reason."""
    approvals_requisition.on_closed_without_approval(event, event.reason)


@subscriptions.on(InstanceWithdrawn)
def return_withdrawn_requisition(event: InstanceWithdrawn, uow: UnitOfWork) -> None:
    """The requisition's approval was withdrawn: it goes back to draft."""
    approvals_requisition.on_closed_without_approval(event, event.reason)
