"""The workflow module's DTOs: the one declaration REST, GraphQL and the pages derive from."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from pydantic import BaseModel, Field


class ApproverModel(BaseModel):
    kind: str = Field("role", description="role | user | manager (the submitter's reporting manager, from hr) | "
                      "project_role (members of the document's project in a team role, from projects)")
    role: str | None = Field(None, description="kind=role: the role code (e.g. accountant)")
    user_ids: list[UUID] = Field(default_factory=list, description="kind=user: the named approvers (on a submitted "
                                 "step of kind manager or project_role: the approvers found when it was submitted)")
    project_role: str | None = Field(None, description="kind=project_role: the project team role (projects' team "
                                     "roles, e.g. project_manager) whose members on the document's project decide")


class StepModel(BaseModel):
    key: str
    name: str
    name_bn: str = ""
    condition: str = Field("true", description="CEL over the subject's fields: when this step is needed")
    approver: ApproverModel
    quorum: str = Field("any", description="any (one approval) | all (every named approver)")
    limit_permission: str | None = Field(
        None, description="the permission whose amount limit (auth) must cover the document, e.g. finance.invoice.approve")
    timeout_hours: int | None = Field(None, ge=1, le=24 * 90)
    timeout_action: str = Field("remind", description="escalate (to the next level) | remind | reject")
    with_previous: bool = Field(False, description="ordered flows: starts together with the step before it "
                                "(parallel with the previous one); the next step waits for both")


class DefinitionInput(BaseModel):
    subject: str
    name: str
    name_bn: str = ""
    mode: str = Field("ordered", description="ordered (one step after another) | parallel (all at once)")
    steps: list[StepModel] = Field(default_factory=list, max_length=30)
    sod_rule_set: str | None = Field(None, description="a rules rule set on workflow.decision whose blocks refuse a decision")
    active: bool = True
    note: str = Field("", max_length=400)


class DefinitionView(BaseModel):
    id: UUID
    code: str
    subject: str
    name: str
    name_bn: str
    mode: str
    active: bool
    current_version: int
    steps: list[StepModel] = []
    sod_rule_set: str | None = None
    versions: list[int] = []
    version: int


class PreviewStep(BaseModel):
    key: str
    name: str
    name_bn: str = ""
    needed: bool
    with_previous: bool = False  # starts together with the step before it


class HistoryView(BaseModel):
    at: datetime
    kind: str
    actor: str
    actor_id: UUID | None = None
    on_behalf_of_id: UUID | None = None
    step_key: str | None = None
    comment: str = ""


class TaskView(BaseModel):
    id: UUID
    step_index: int
    step_key: str
    name: str
    name_bn: str = ""
    status: str
    approver: ApproverModel
    quorum: str
    approvals: int
    needed_approvals: int
    due_at: datetime | None = None
    timeout_action: str
    version: int


class InstanceView(BaseModel):
    id: UUID
    subject: str
    document_id: UUID
    document_label: str
    company_id: UUID | None = None
    definition_code: str
    definition_version: int
    amount: Decimal
    currency: str
    status: str
    submitter_id: UUID | None = None
    submitted_at: datetime
    decided_at: datetime | None = None
    tasks: list[TaskView] = []
    history: list[HistoryView] = []
    version: int


class InboxItem(BaseModel):
    instance_id: UUID
    task_id: UUID
    subject: str
    document_label: str
    amount: Decimal
    currency: str
    step_name: str
    step_name_bn: str = ""
    submitted_at: datetime
    due_at: datetime | None = None
    overdue: bool
    on_behalf_of_id: UUID | None = None


class InboxView(BaseModel):
    mine: list[InboxItem] = []
    delegated: list[InboxItem] = []
    overdue: list[InboxItem] = []
    submitted: list[InstanceView] = []


class DelegationInput(BaseModel):
    to_user_id: UUID
    starts_on: date
    ends_on: date
    note: str = Field("", max_length=400)


class DelegationView(BaseModel):
    id: UUID
    from_user_id: UUID
    to_user_id: UUID
    starts_on: date
    ends_on: date
    roles: list[str]
    note: str = ""


class SubmitInput(BaseModel):
    """What a module gives `workflow.api.submit`: the document and the values its rules look at."""

    subject: str
    document_id: UUID
    document_label: str = ""
    amount: Decimal
    currency: str = "BDT"
    data: dict[str, Any] = Field(default_factory=dict)
    company_id: UUID | None = None
    creator_id: UUID | None = None
    related_creators: list[UUID] = Field(default_factory=list)
    context: dict[str, str] = Field(default_factory=dict, description="handed back in the decision events")
