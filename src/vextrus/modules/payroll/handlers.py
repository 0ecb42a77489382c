"""Reactions to other modules' events: an approved payroll run approval approves the run
(`approvals.on_approved`); durable, once per event. A rejected one needs no reaction: the run stays a draft and
its page reads the rejection from the approval."""

from __future__ import annotations

from vextrus.modules.workflow.events import InstanceApproved
from vextrus.platform.events import Subscriptions
from vextrus.platform.uow import UnitOfWork

from . import approvals

subscriptions = Subscriptions()


@subscriptions.on(InstanceApproved)
def approve_approved_run(event: InstanceApproved, uow: UnitOfWork) -> None:
    """The run's approval is through: payroll approves the run for the submitter."""
    approvals.on_approved(event)
