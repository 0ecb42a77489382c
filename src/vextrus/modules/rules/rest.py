"""REST: /api/v1/rules/... (thin: the service decides everything)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from vextrus.platform.http import idempotency_key

from . import service
from .schemas import EvaluationView, RuleSetInput, RuleSetView, SubjectView

router = APIRouter()


class RuleSetSave(RuleSetInput):
    expected_version: int | None = None


class SampleInput(BaseModel):
    data: dict[str, Any] = Field(description="The document's field values, by declared name")
    version: int | None = None


class DraftTest(BaseModel):
    rule_set: RuleSetInput
    data: dict[str, Any]


@router.get("/subjects", response_model=list[SubjectView])
def list_subjects() -> list[SubjectView]:
    return service.list_subjects()


@router.get("/rule-sets", response_model=list[RuleSetView])
def list_rule_sets(subject: str | None = None) -> list[RuleSetView]:
    return service.list_rule_sets(subject)


@router.get("/rule-sets/{code}", response_model=RuleSetView)
def get_rule_set(code: str) -> RuleSetView:
    return service.get_rule_set(code)


@router.put("/rule-sets/{code}", response_model=RuleSetView)
def save_rule_set(code: str, body: RuleSetSave, key: str | None = Depends(idempotency_key)) -> RuleSetView:
    """Create or change a rule set; changed rules make a new version. A condition with a syntax error
    or an unknown field is refused (422) with `details.line` and `details.column`."""
    data = RuleSetInput.model_validate(body.model_dump(exclude={"expected_version"}))
    return service.save_rule_set(code, data, body.expected_version, idempotency_key=key)


@router.post("/rule-sets/{code}/test", response_model=EvaluationView)
def test_rule_set(code: str, body: SampleInput) -> EvaluationView:
    """Run the saved rule set on sample data and explain which conditions matched."""
    return service.test_rule_set(code, body.data, body.version)


@router.post("/test", response_model=EvaluationView)
def test_draft(body: DraftTest) -> EvaluationView:
    """Run unsaved rules on sample data (the editor's live test)."""
    return service.test_draft(body.rule_set, body.data)


@router.post("/seed-defaults", response_model=list[str])
def seed_defaults(key: str | None = Depends(idempotency_key)) -> list[str]:
    """Add the Bangladesh VAT and withholding rule sets when missing; returns the codes added."""
    return service.seed_defaults(idempotency_key=key)
