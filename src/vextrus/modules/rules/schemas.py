"""The rules module's DTOs: the one declaration REST, GraphQL and the pages derive from."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, Field


class OutcomeModel(BaseModel):
    kind: str = Field(description="value | approval_level | block")
    value: Any = None
    level: int | None = None
    message: str = ""
    message_bn: str = ""


class RuleModel(BaseModel):
    key: str
    name: str = ""
    name_bn: str = ""
    condition: str = Field(description="CEL over the subject's declared fields, e.g. `amount > 500000.0`")
    priority: int = 100
    outcome: OutcomeModel


class RuleSetInput(BaseModel):
    subject: str
    name: str
    name_bn: str = ""
    mode: str = Field("first", description="first (first match) | all (every match)")
    rules: list[RuleModel] = Field(default_factory=list, max_length=500)
    active: bool = True
    note: str = Field("", max_length=400)


class VersionSummary(BaseModel):
    number: int
    created_by: str
    created_at: datetime
    note: str = ""
    rules: int


class RuleSetView(BaseModel):
    id: UUID
    code: str
    subject: str
    name: str
    name_bn: str
    mode: str
    active: bool
    current_version: int
    rules: list[RuleModel] = []
    versions: list[VersionSummary] = []
    version: int


class FieldView(BaseModel):
    name: str
    type: str
    label: str
    label_bn: str
    nullable: bool = False


class SubjectView(BaseModel):
    code: str
    label: str
    label_bn: str
    owner: str
    fields: list[FieldView]


class MatchView(BaseModel):
    key: str
    name: str = ""
    name_bn: str = ""
    outcome: OutcomeModel


class CheckView(BaseModel):
    key: str
    matched: bool


class EvaluationView(BaseModel):
    """A rule set's decision for one document; `rule_set_version` is the version that ran."""

    code: str
    rule_set_version: int
    mode: str
    matched: list[str]
    matches: list[MatchView]
    blocked: bool
    block_message: str = ""
    block_message_bn: str = ""
    approval_level: int = 0
    values: list[Any] = []
    checked: list[CheckView] = []
