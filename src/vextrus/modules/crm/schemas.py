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


QuotationStatus = Literal["draft", "sent", "accepted", "rejected", "superseded", "expired"]


class QuotationLineInput(BaseModel):
    """A line as typed: item no, description, unit, quantity and rate (BDT). Numbers arrive as text or
    numbers and are checked by the domain (errors name `lines[i].<field>`)."""

    item_no: str = Field(default="", max_length=40)
    description: str = Field(default="", max_length=500)
    unit: str = Field(default="", max_length=20)
    quantity: Decimal | str
    rate: Decimal | str


class QuotationInput(BaseModel):
    """A quotation for an opportunity or a tender (one of them) and a customer party (default: the
    opportunity's party). Lines typed, or copied from a project's BOQ (`boq_project_id`, rates and
    quantities from the BOQ unless `lines` is given too), or taken from a real-estate project's unit price
    list (`price_list_project_id`, `unit_ids`, `price_date`: a line per unit, size × rate per sft or a parking
    slot's charge, and one for its utility connection charge)."""

    opportunity_id: UUID | None = None
    tender_id: UUID | None = None
    party_id: UUID | None = None
    title: str = Field(default="", max_length=200)
    quote_date: date | None = None  # default: today (Dhaka)
    valid_until: date | None = None
    vat_rate: Decimal | str | None = None  # percent
    terms: str = Field(default="", max_length=4000)
    lines: list[QuotationLineInput] = Field(default_factory=list, max_length=500)
    boq_project_id: UUID | None = None
    # or from a real-estate project's unit price list (sales): the units named (default: every available or
    # held one, at most 200) priced on the list in force on `price_date` (default: the quotation's date)
    price_list_project_id: UUID | None = None
    unit_ids: list[UUID] = Field(default_factory=list, max_length=200)
    price_date: date | None = None


class QuotationUpdate(BaseModel):
    """A draft's new content (the whole of it: lines replace the old ones)."""

    title: str = Field(default="", max_length=200)
    valid_until: date | None = None
    vat_rate: Decimal | str | None = None
    terms: str = Field(default="", max_length=4000)
    lines: list[QuotationLineInput] = Field(min_length=1, max_length=500)
    expected_version: int | None = None


class QuotationLineView(BaseModel):
    line_no: int
    item_no: str
    description: str
    unit: str
    quantity: Decimal
    rate: Decimal
    amount: Decimal


class QuotationView(BaseModel):
    id: UUID
    number: str
    revision: int  # the quotation's version: 1, 2, ... (a revision supersedes the one before)
    opportunity_id: UUID | None = None
    tender_id: UUID | None = None
    party_id: UUID
    project_id: UUID | None = None
    title: str
    quote_date: date
    valid_until: date | None = None
    vat_rate: Decimal | None = None
    terms: str
    status: str
    subtotal: Decimal
    vat: Decimal
    total: Decimal
    lines: list[QuotationLineView]
    version: int  # the row's optimistic version (expected_version)
    started_project_id: UUID | None = None  # the project an accepted version started (projects)
    contract_id: UUID | None = None  # and its client contract (contracts)


class QuotationProjectInput(BaseModel):
    """An accepted quotation starts the project and the client contract: the project's code (required), a name
    (default: the quotation's title), the contract dates; the contract's number (default: the project code), its
    date (default: today) and retention and security deposit percents (default 0). The customer is the client,
    the lines are the project's BOQ and the contract's items, the subtotal (before VAT) their value."""

    code: str = Field(max_length=40)
    name: str | None = Field(default=None, max_length=200)
    start_date: date | None = None
    finish_date: date | None = None
    contract_code: str | None = Field(default=None, max_length=40)
    contract_date: date | None = None
    retention_pct: Decimal = Decimal(0)
    security_deposit_pct: Decimal = Decimal(0)
    expected_version: int | None = None


class QuotationAction(BaseModel):
    expected_version: int | None = None
