"""Events the workflow module publishes (its public contract).

The owning module of a document subscribes by class to `InstanceApproved` / `InstanceRejected` (and
`InstanceWithdrawn` when its document changes state on submission) and
changes its document's state in its own handler (finance posts an approved journal entry)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from uuid import UUID

from vextrus.platform.events import Event


class InstanceSubmitted(Event):
    name = "workflow.instance.submitted"
    instance_id: UUID
    subject: str
    document_id: UUID
    amount: Decimal
    currency: str
    submitter_id: UUID | None = None


class TaskAssigned(Event):
    """A step can now be decided (what notifications will send; until then the inbox shows it)."""

    name = "workflow.task.assigned"
    instance_id: UUID
    task_id: UUID
    step_key: str
    role: str | None = None
    user_ids: list[UUID] = []
    due_at: datetime | None = None
    # what a notification says (added with defaults: no new version)
    subject: str = ""
    document_label: str = ""
    amount: Decimal | None = None
    currency: str = ""
    company_id: UUID | None = None
    submitter_id: UUID | None = None  # not told of their own document's step
    step_name: str = ""
    step_name_bn: str = ""


class TaskReminded(Event):
    """A step is past its due time and its timeout action is `remind`: its approvers are reminded and
    given another period (`due_at`). The fields after `user_ids` are what a notification says (added with
    defaults: no new version)."""

    name = "workflow.task.reminded"
    instance_id: UUID
    task_id: UUID
    step_key: str
    reminders: int
    role: str | None = None
    user_ids: list[UUID] = []
    due_at: datetime | None = None
    subject: str = ""
    document_label: str = ""
    amount: Decimal | None = None
    currency: str = ""
    company_id: UUID | None = None
    submitter_id: UUID | None = None
    step_name: str = ""
    step_name_bn: str = ""


class TaskEscalated(Event):
    """A step timed out and was handed to the next level (whose approvers get its `TaskAssigned`); the
    approvers of the step that timed out (`role`/`user_ids`) are told it went past them."""

    name = "workflow.task.escalated"
    instance_id: UUID
    task_id: UUID
    step_key: str
    to_step_key: str | None = None
    role: str | None = None
    user_ids: list[UUID] = []
    subject: str = ""
    document_label: str = ""
    amount: Decimal | None = None
    currency: str = ""
    company_id: UUID | None = None
    submitter_id: UUID | None = None
    step_name: str = ""
    step_name_bn: str = ""
    to_step_name: str = ""
    to_step_name_bn: str = ""


class InstanceApproved(Event):
    name = "workflow.instance.approved"
    instance_id: UUID
    subject: str
    document_id: UUID
    company_id: UUID | None = None
    submitter_id: UUID | None = None
    amount: Decimal
    currency: str
    definition_code: str
    definition_version: int
    context: dict[str, str] = {}


class InstanceRejected(Event):
    name = "workflow.instance.rejected"
    instance_id: UUID
    subject: str
    document_id: UUID
    company_id: UUID | None = None
    submitter_id: UUID | None = None
    amount: Decimal
    currency: str
    definition_code: str
    definition_version: int
    reason: str = ""  # the approver's comment, or "timeout"
    context: dict[str, str] = {}


class InstanceWithdrawn(Event):
    """The approval was withdrawn before it was decided: by its submitter, or by the owning module for them (a
    cancelled purchase order). Its open steps are cancelled; the owning module keeps (or puts) the document back
    as a draft, to be changed and submitted again."""

    name = "workflow.instance.withdrawn"
    instance_id: UUID
    subject: str
    document_id: UUID
    company_id: UUID | None = None
    submitter_id: UUID | None = None
    amount: Decimal
    currency: str
    definition_code: str
    definition_version: int
    reason: str = ""  # the comment given when withdrawing
    by_module: str = ""  # the owning module that withdrew it for the user (empty: the submitter did)
    context: dict[str, str] = {}
