"""What other modules may call: submit a document for approval, ask whether it needs one, read its state.

The contract: the owning module declares its subject's fields (`rules.api.declare_subject`, with at least
`amount` money and `currency` string), calls `submit(...)` within `context.calling_as(ITS_MODULE)` (its
manifest `uses` "workflow.instance.submit"), and subscribes by class to `InstanceApproved` /
`InstanceRejected` from `workflow.events` to change its document's state in its own handler.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from vextrus.platform import runtime

from . import service
from .schemas import InstanceView, SubmitInput

__all__ = ["InstanceView", "SubmitInput", "latest", "needs_approval", "needs_approval_many", "provide_manager_lookup", "running", "submit",
           "withdraw", "withdraw_document"]


def running() -> bool:
    """Whether the workflow module runs in this installation (it is optional for the modules that submit
    documents to it): when it does not, their documents need no approval and post as before."""
    return "workflow" in runtime.current().registry.names


def submit(data: SubmitInput, idempotency_key: str | None = None) -> InstanceView:
    """Start the subject's active workflow for the document, as the current user (the submitter)."""
    return service.submit(data, idempotency_key=idempotency_key)


def needs_approval(subject: str, data: dict[str, Any]) -> bool:
    """Whether the subject's active workflow has a step this document needs (`data` includes amount, currency)."""
    return service.needs_approval(subject, data)


def needs_approval_many(subject: str, data: list[dict[str, Any]]) -> list[bool]:
    """`needs_approval` of many documents of the subject at once, in their order (the workflow read once)."""
    return service.needs_approval_many(subject, data)


def latest(subject: str, document_id: UUID) -> InstanceView | None:
    """The document's latest approval, or None (read-only, no permission)."""
    return service.latest_for(subject, document_id)


def withdraw(instance_id: UUID, comment: str = "", idempotency_key: str | None = None) -> InstanceView:
    """Take back a waiting approval, as its submitter: its open steps are cancelled and
    `workflow.instance.withdrawn` tells the owning module (the document stays, or goes back to, a draft)."""
    return service.withdraw(instance_id, comment, idempotency_key=idempotency_key)


def withdraw_document(subject: str, document_id: UUID, comment: str = "") -> InstanceView | None:
    """The owning module (within `context.calling_as(ITS_MODULE)`, the subject's first part) withdraws the
    document's waiting approval for the user, e.g. when the document is cancelled; None when none is waiting."""
    return service.withdraw_document(subject, document_id, comment)


def provide_manager_lookup(module: str, lookup: Callable[[UUID], UUID | None]) -> None:
    """The module that keeps reporting lines (hr) says how to find a user's manager (a user id, or None), for
    approvers "the submitter's manager". Registered by that module when it loads (workflow cannot import it:
    that module already depends on workflow); used only while `module` runs in this process."""
    from .service import approvers

    approvers.MANAGER_LOOKUP = (module, lookup)
