"""DTOs of crm: the one declaration of each concept (REST, GraphQL and pages derive from these)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field

Source = Literal["walk_in", "phone", "facebook", "website", "referral", "fair", "other"]
UnitType = Literal["flat", "shop", "office", "parking", "land", "other"]
ActivityKind = Literal["call", "site_visit", "meeting", "note"]
SecurityForm = Literal["pay_order", "bank_guarantee"]


class LeadInput(BaseModel):
    name: str = Field(max_length=200)
    mobile: str | None = Field(default=None, max_length=40)
    email: str | None = Field(default=None, max_length=200)
    nid: str | None = Field(default=None, max_length=40)
    source: Source = "walk_in"
    project_id: UUID | None = None
    unit_type: UnitType | None = None
    budget: Decimal | None = None  # BDT
    area_sft: Decimal | None = None
    salesperson_id: UUID | None = None
    note: str = Field(default="", max_length=2000)


class LeadMatch(BaseModel):
    """An existing lead or party with the same mobile, e-mail or NID."""

    kind: Literal["lead", "party"]
    id: UUID
    name: str
    code: str | None = None
    reasons: list[str]


class LeadView(LeadInput):
    id: UUID
    status: str  # open | converted
    party_id: UUID | None = None
    version: int
    created_at: datetime


class LeadPage(BaseModel):
    items: list[LeadView]
    end_cursor: str | None
    has_next_page: bool


class OpportunityInput(BaseModel):
    title: str = Field(max_length=200)
    lead_id: UUID | None = None
    party_id: UUID | None = None
    expected_value: Decimal = Decimal(0)  # BDT
    expected_close: date | None = None
    salesperson_id: UUID | None = None


class OpportunityView(OpportunityInput):
    id: UUID
    stage: str
    lost_reason: str | None = None
    version: int


class OpportunityPage(BaseModel):
    items: list[OpportunityView]
    end_cursor: str | None
    has_next_page: bool


class StageInput(BaseModel):
    stage: str
    lost_reason: str | None = None
    expected_version: int | None = None


class CrmActivityInput(BaseModel):
    kind: ActivityKind
    subject: str = Field(max_length=200)
    due_at: datetime


class CrmActivityView(CrmActivityInput):
    id: UUID
    opportunity_id: UUID
    done: bool
    overdue: bool


class BoardColumn(BaseModel):
    stage: str
    count: int
    total: Decimal  # BDT
    cards: list[OpportunityView]


class PipelineBoard(BaseModel):
    columns: list[BoardColumn]
    total_open: Decimal


class TenderInput(BaseModel):
    procuring_entity: str = Field(max_length=200)
    egp_reference: str = Field(default="", max_length=60)
    title: str = Field(max_length=300)
    closing_at: datetime
    bid_security_amount: Decimal = Decimal(0)
    bid_security_form: SecurityForm = "pay_order"
    estimated_value: Decimal | None = None


class TenderStatusInput(BaseModel):
    status: str
    bid_price: Decimal | None = None
    winner_name: str | None = Field(default=None, max_length=200)
    winner_price: Decimal | None = None
    expected_version: int | None = None


class TenderView(TenderInput):
    id: UUID
    status: str
    bid_price: Decimal | None = None
    winner_name: str | None = None
    winner_price: Decimal | None = None
    project_id: UUID | None = None  # the project a won tender became (projects)
    version: int


class TenderProjectInput(BaseModel):
    """A won tender becomes a project: its code (required), a name (default: the tender's title), the client
    party (the procuring entity as a master-data party, optional) and the contract dates. The contract value
    is the tender's bid price."""

    code: str
    name: str | None = None
    client_party_id: UUID | None = None
    start_date: date | None = None
    finish_date: date | None = None
    expected_version: int | None = None


class TenderPage(BaseModel):
    items: list[TenderView]
    end_cursor: str | None
    has_next_page: bool
