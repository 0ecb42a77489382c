"""Events the workflow module publishes (its public contract).

The owning module of a document subscribes by class to `InstanceApproved` / `InstanceRejected` and
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
    name = "workflow.task.reminded"
    instance_id: UUID
    task_id: UUID
    step_key: str
    reminders: int
    role: str | None = None
    user_ids: list[UUID] = []


class TaskEscalated(Event):
    name = "workflow.task.escalated"
    instance_id: UUID
    task_id: UUID
    step_key: str
    to_step_key: str | None = None


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
