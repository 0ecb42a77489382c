"""The workflow subgraph: inbox, approvals with their timeline, definitions; decide and comment.
Types derive from schemas.py (strawberry's pydantic integration)."""

from __future__ import annotations

from uuid import UUID

import strawberry
from strawberry.scalars import JSON

from vextrus.platform.graphql import Subgraph

from . import schemas, service


@strawberry.experimental.pydantic.type(model=schemas.ApproverModel, all_fields=True)
class ApprovalApprover:
    pass


@strawberry.experimental.pydantic.type(model=schemas.TaskView)
class ApprovalTask:
    id: strawberry.auto
    step_index: strawberry.auto
    step_key: strawberry.auto
    name: strawberry.auto
    name_bn: strawberry.auto
    status: strawberry.auto
    approver: ApprovalApprover
    quorum: strawberry.auto
    approvals: strawberry.auto
    needed_approvals: strawberry.auto
    due_at: strawberry.auto
    timeout_action: strawberry.auto
    version: strawberry.auto


@strawberry.experimental.pydantic.type(model=schemas.HistoryView, all_fields=True)
class ApprovalHistoryEntry:
    pass


@strawberry.experimental.pydantic.type(model=schemas.InstanceView)
class ApprovalInstance:
    id: strawberry.auto
    subject: strawberry.auto
    document_id: strawberry.auto
    document_label: strawberry.auto
    company_id: strawberry.auto
    definition_code: strawberry.auto
    definition_version: strawberry.auto
    amount: strawberry.auto
    currency: strawberry.auto
    status: strawberry.auto
    submitter_id: strawberry.auto
    submitted_at: strawberry.auto
    decided_at: strawberry.auto
    tasks: list[ApprovalTask]
    history: list[ApprovalHistoryEntry]
    version: strawberry.auto


@strawberry.experimental.pydantic.type(model=schemas.InboxItem, all_fields=True)
class ApprovalInboxItem:
    pass


@strawberry.experimental.pydantic.type(model=schemas.InboxView)
class ApprovalInbox:
    mine: list[ApprovalInboxItem]
    delegated: list[ApprovalInboxItem]
    overdue: list[ApprovalInboxItem]
    submitted: list[ApprovalInstance]


@strawberry.experimental.pydantic.type(model=schemas.StepModel)
class WorkflowStep:
    key: strawberry.auto
    name: strawberry.auto
    name_bn: strawberry.auto
    condition: strawberry.auto
    approver: ApprovalApprover
    quorum: strawberry.auto
    limit_permission: strawberry.auto
    timeout_hours: strawberry.auto
    timeout_action: strawberry.auto
    with_previous: strawberry.auto


@strawberry.experimental.pydantic.type(model=schemas.DefinitionView)
class WorkflowDefinition:
    id: strawberry.auto
    code: strawberry.auto
    subject: strawberry.auto
    name: strawberry.auto
    name_bn: strawberry.auto
    mode: strawberry.auto
    active: strawberry.auto
    current_version: strawberry.auto
    steps: list[WorkflowStep]
    sod_rule_set: strawberry.auto
    versions: strawberry.auto
    version: strawberry.auto


@strawberry.experimental.pydantic.type(model=schemas.PreviewStep, all_fields=True)
class WorkflowPreviewStep:
    pass


@strawberry.type
class WorkflowQuery:
    @strawberry.field(description="Approval steps waiting for me, for those I stand in for, overdue; what I submitted")
    def approval_inbox(self) -> ApprovalInbox:
        return ApprovalInbox.from_pydantic(service.inbox())

    @strawberry.field
    def approval(self, id: UUID) -> ApprovalInstance:
        return ApprovalInstance.from_pydantic(service.get_instance(id))

    @strawberry.field
    def workflow_definitions(self) -> list[WorkflowDefinition]:
        return [WorkflowDefinition.from_pydantic(d) for d in service.list_definitions()]

    @strawberry.field(description="Which steps of a workflow would this document need?")
    def workflow_preview(self, code: str, data: JSON) -> list[WorkflowPreviewStep]:
        return [WorkflowPreviewStep.from_pydantic(p) for p in service.preview(code, data)]


@strawberry.type
class WorkflowMutation:
    @strawberry.mutation(description="approve or reject the step waiting for me on an approval")
    def decide_approval(self, instance_id: UUID, decision: str, comment: str = "",
                        idempotency_key: str | None = None) -> ApprovalInstance:
        return ApprovalInstance.from_pydantic(service.decide(instance_id, decision, comment,
                                                             idempotency_key=idempotency_key))

    @strawberry.mutation
    def comment_approval(self, instance_id: UUID, text: str, idempotency_key: str | None = None) -> ApprovalInstance:
        return ApprovalInstance.from_pydantic(service.add_comment(instance_id, text, idempotency_key=idempotency_key))

    @strawberry.mutation(description="take back an approval I submitted before it is decided")
    def withdraw_approval(self, instance_id: UUID, comment: str = "",
                          idempotency_key: str | None = None) -> ApprovalInstance:
        return ApprovalInstance.from_pydantic(service.withdraw(instance_id, comment, idempotency_key=idempotency_key))


SUBGRAPH = Subgraph(query=WorkflowQuery, mutation=WorkflowMutation)
