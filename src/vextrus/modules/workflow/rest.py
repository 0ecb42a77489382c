"""REST: /api/v1/workflow/... (thin: the service decides everything)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from vextrus.platform.http import idempotency_key

from . import service
from .schemas import (
    DefinitionInput,
    DefinitionView,
    DelegationInput,
    DelegationView,
    InboxView,
    InstanceView,
    PreviewStep,
)

router = APIRouter()


class DefinitionSave(DefinitionInput):
    expected_version: int | None = None


class PreviewInput(BaseModel):
    data: dict[str, Any] = Field(description="The document's values (amount, currency and the subject's fields)")


class DecisionInput(BaseModel):
    comment: str = Field("", max_length=1000)


class CommentInput(BaseModel):
    text: str = Field(max_length=1000)


@router.get("/definitions", response_model=list[DefinitionView])
def list_definitions() -> list[DefinitionView]:
    return service.list_definitions()


@router.get("/definitions/{code}", response_model=DefinitionView)
def get_definition(code: str) -> DefinitionView:
    return service.get_definition(code)


@router.put("/definitions/{code}", response_model=DefinitionView)
def save_definition(code: str, body: DefinitionSave, key: str | None = Depends(idempotency_key)) -> DefinitionView:
    """Create or change a workflow; changed steps make a new version (running approvals keep theirs)."""
    data = DefinitionInput.model_validate(body.model_dump(exclude={"expected_version"}))
    return service.save_definition(code, data, body.expected_version, idempotency_key=key)


@router.post("/definitions/{code}/preview", response_model=list[PreviewStep])
def preview(code: str, body: PreviewInput) -> list[PreviewStep]:
    """Which steps would this document need?"""
    return service.preview(code, body.data)


@router.post("/seed-defaults", response_model=list[str])
def seed_defaults(key: str | None = Depends(idempotency_key)) -> list[str]:
    return service.seed_defaults(idempotency_key=key)


@router.get("/inbox", response_model=InboxView)
def inbox() -> InboxView:
    return service.inbox()


@router.get("/instances/{instance_id}", response_model=InstanceView)
def get_instance(instance_id: UUID) -> InstanceView:
    return service.get_instance(instance_id)


@router.post("/instances/{instance_id}/approve", response_model=InstanceView)
def approve(instance_id: UUID, body: DecisionInput, key: str | None = Depends(idempotency_key)) -> InstanceView:
    return service.decide(instance_id, "approve", body.comment, idempotency_key=key)


@router.post("/instances/{instance_id}/reject", response_model=InstanceView)
def reject(instance_id: UUID, body: DecisionInput, key: str | None = Depends(idempotency_key)) -> InstanceView:
    return service.decide(instance_id, "reject", body.comment, idempotency_key=key)


@router.post("/instances/{instance_id}/comments", response_model=InstanceView)
def comment(instance_id: UUID, body: CommentInput, key: str | None = Depends(idempotency_key)) -> InstanceView:
    return service.add_comment(instance_id, body.text, idempotency_key=key)


@router.post("/instances/{instance_id}/withdraw", response_model=InstanceView)
def withdraw(instance_id: UUID, body: DecisionInput, key: str | None = Depends(idempotency_key)) -> InstanceView:
    """Take back a waiting approval (its submitter only): the open steps are cancelled, the document stays a draft."""
    return service.withdraw(instance_id, body.comment, idempotency_key=key)


@router.get("/delegations", response_model=list[DelegationView])
def list_delegations() -> list[DelegationView]:
    return service.delegations()


@router.post("/delegations", response_model=DelegationView)
def delegate(body: DelegationInput, key: str | None = Depends(idempotency_key)) -> DelegationView:
    return service.delegate(body, idempotency_key=key)
